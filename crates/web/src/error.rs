//! One error type for every handler; it renders a plain page, never a dump.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use trappe_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::Store(StoreError::NotFound(_)) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::Store(StoreError::Invalid(_)) => {
                StatusCode::BAD_REQUEST
            }
            AppError::Store(StoreError::Conflict(_)) => StatusCode::CONFLICT,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Store(e) if e.is_unavailable() => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            tracing::error!(error = %self, "the database is unavailable");
            return unavailable_page();
        }
        // Internal details go to the log, not to the visitor.
        let detail = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "request failed");
            String::new()
        } else {
            format!("<p>{}</p>", escape(&self.to_string()))
        };
        let (da, en) = match status {
            StatusCode::NOT_FOUND => ("Siden findes ikke", "Page not found"),
            StatusCode::FORBIDDEN => ("Adgang nægtet", "Access denied"),
            StatusCode::BAD_REQUEST | StatusCode::CONFLICT => {
                ("Det kunne ikke lade sig gøre", "That could not be done")
            }
            _ => (
                "Der opstod en fejl hos os",
                "Something went wrong on our side",
            ),
        };
        let body = format!(
            "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{da} · Trappe</title><link rel=\"stylesheet\" href=\"/static/trappe.css\"></head><body><main id=\"main\">\
             <h1>{da}</h1><p lang=\"en\">{en}</p>{detail}<p><a href=\"/\">Til forsiden</a></p></main>\
             <footer class=\"foot\"><p><a href=\"/privacy\">Privatlivspolitik</a> · <a href=\"/accessibility\">Tilgængelighedserklæring</a></p></footer></body></html>"
        );
        (status, Html(body)).into_response()
    }
}

/// The page while the database cannot be reached: Danish first, then English, saying
/// what has happened to the visitor's answers and when to try again (503 with
/// Retry-After, so a load balancer or a browser knows it is passing).
fn unavailable_page() -> Response {
    use crate::i18n::Lang;
    let (da, en) = (Lang::Da, Lang::En);
    let body = format!(
        "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Trappe</title><link rel=\"stylesheet\" href=\"/static/trappe.css\"></head><body><main id=\"main\">\
         <h1>{title}</h1><p>{text}</p>\
         <div lang=\"en\"><h2>{title_en}</h2><p>{text_en}</p></div></main></body></html>",
        title = escape(&da.t("db-unavailable-title")),
        text = escape(&da.t("db-unavailable-text")),
        title_en = escape(&en.t("db-unavailable-title")),
        text_en = escape(&en.t("db-unavailable-text")),
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(axum::http::header::RETRY_AFTER, "30")],
        Html(body),
    )
        .into_response()
}

pub type AppResult<T> = Result<T, AppError>;
