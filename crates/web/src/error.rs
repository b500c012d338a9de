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

pub type AppResult<T> = Result<T, AppError>;
