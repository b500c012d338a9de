//! One error type for every handler; it renders a plain page, never a dump.

use askama::Template;
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
    /// A store's refusal already put in the visitor's language from the catalogue.
    #[error("{0}")]
    Refused(String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::Store(StoreError::NotFound(_)) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::Store(StoreError::Invalid(_)) => {
                StatusCode::BAD_REQUEST
            }
            AppError::Store(StoreError::Conflict(_)) => StatusCode::CONFLICT,
            AppError::Store(
                StoreError::Account(_) | StoreError::Journey(_) | StoreError::Round(_),
            )
            | AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Store(StoreError::ContactFile { .. }) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Store(e) if e.is_unavailable() => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An error page: from a template like every other page, but standing alone (no
/// session, no navigation), since it is drawn where a page could not be.
#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorPage {
    code: &'static str,
    title: String,
    text: String,
    said: Option<String>,
    detail_label: String,
    detail: String,
    home: String,
    privacy: String,
    a11y: String,
}

/// The page while the database cannot be reached, in Danish and English.
#[derive(askama::Template)]
#[template(path = "unavailable.html")]
struct UnavailablePage {
    title: String,
    text: String,
    title_en: String,
    text_en: String,
}

/// What an error page shows beyond its status: the technical detail, if any (in
/// English, for whoever runs the installation). Carried by the response to
/// [`error_pages`], which renders the page in the visitor's language.
#[derive(Debug, Clone)]
pub struct ErrorDetail(pub String);

/// What an error page says in the visitor's language beyond its plain words (an
/// [`AppError::Refused`]), carried like [`ErrorDetail`].
#[derive(Debug, Clone)]
pub struct ErrorSaid(pub String);

/// An error as it goes to the log: bounded, since its text may carry a visitor's input.
fn logged(e: &AppError) -> String {
    trappe_core::username::clip(&e.to_string(), 2_000).into_owned()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            tracing::error!(error = %logged(&self), "the database is unavailable");
            return unavailable_page();
        }
        // Internal details go to the log, not to the visitor.
        if let AppError::Refused(said) = self {
            let mut res = error_page_saying(crate::kit::i18n::Lang::Da, status, "", Some(&said));
            res.extensions_mut().insert(ErrorDetail(String::new()));
            res.extensions_mut().insert(ErrorSaid(said));
            return res;
        }
        let detail = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %logged(&self), "request failed");
            String::new()
        } else {
            self.to_string()
        };
        let mut res = error_page(crate::kit::i18n::Lang::Da, status, &detail);
        res.extensions_mut().insert(ErrorDetail(detail));
        res
    }
}

/// An error page in `lang`: what happened and what to do, in plain words; the technical
/// detail (English) last; the footer's links.
pub fn error_page(lang: crate::kit::i18n::Lang, status: StatusCode, detail: &str) -> Response {
    error_page_saying(lang, status, detail, None)
}

/// [`error_page`], with `said` (already in `lang`) after its plain words.
fn error_page_saying(
    lang: crate::kit::i18n::Lang,
    status: StatusCode,
    detail: &str,
    said: Option<&str>,
) -> Response {
    let kind = match status {
        StatusCode::NOT_FOUND | StatusCode::GONE => "404",
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "403",
        s if s.is_client_error() => "400",
        _ => "500",
    };
    let t = |key: &str| lang.t(key);
    let page = ErrorPage {
        code: lang.code(),
        title: t(&format!("error-{kind}-title")),
        text: t(&format!("error-{kind}-text")),
        said: said.map(str::to_string),
        detail_label: t("error-detail"),
        detail: detail.to_string(),
        home: t("error-home"),
        privacy: t("footer-privacy"),
        a11y: t("footer-accessibility"),
    };
    let body = page.render().unwrap_or_else(|_| page.title.clone());
    (status, Html(body)).into_response()
}

/// Every error the app answers to a person is a page in the visitor's language: an
/// [`AppError`]'s page again in the language of the visitor's cookie, and an
/// extractor's plain-text rejection (a path or form the router could not read, a
/// timeout) as a page too. The JSON API and the machine endpoints keep their answers.
pub async fn error_pages(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use axum::http::header;
    let lang = crate::kit::page::cookie(req.headers(), crate::kit::page::LANG_COOKIE)
        .and_then(crate::kit::i18n::Lang::from_code)
        .unwrap_or_default();
    let path = req.uri().path();
    let machine = path.starts_with("/api/") || ["/healthz", "/readyz", "/metrics"].contains(&path);
    let res = next.run(req).await;
    let status = res.status();
    if machine || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    if let Some(ErrorDetail(detail)) = res.extensions().get::<ErrorDetail>().cloned() {
        let said = res.extensions().get::<ErrorSaid>().map(|s| s.0.clone());
        let mut page = error_page_saying(lang, status, &detail, said.as_deref());
        page.headers_mut().extend(
            res.headers()
                .iter()
                .filter(|(k, _)| *k != header::CONTENT_TYPE && *k != header::CONTENT_LENGTH)
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        return page;
    }
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.contains("json"));
    if html {
        return res;
    }
    // A rejection's text is short; more is not read.
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let mut page = error_page(lang, status, String::from_utf8_lossy(&bytes).trim());
    page.headers_mut().extend(
        parts
            .headers
            .iter()
            .filter(|(k, _)| *k != header::CONTENT_TYPE && *k != header::CONTENT_LENGTH)
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    page
}

/// While the database cannot be reached, a request gets the 503 page at once (or as soon
/// as a probe finds it gone) instead of waiting out the pool's 10 s. Liveness, metrics
/// and the stylesheet are served as ever; readiness answers for itself.
pub async fn unless_db_down(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    if path.starts_with("/static/") || ["/healthz", "/readyz", "/metrics"].contains(&path) {
        return next.run(req).await;
    }
    let health = state.store.health();
    match health.unless_down(next.run(req)).await {
        Some(res) => {
            // A dead connection or the pool's wait ending: worth a probe (at most one a second).
            if res.status() == StatusCode::SERVICE_UNAVAILABLE {
                health.suspect();
            }
            res
        }
        // The probe logged the outage once; one line per refused request would flood.
        None => unavailable_page(),
    }
}

/// The page while the database cannot be reached: Danish first, then English, saying
/// what has happened to the visitor's answers and when to try again (503 with
/// Retry-After, so a load balancer or a browser knows it is passing).
fn unavailable_page() -> Response {
    use crate::kit::i18n::Lang;
    let (da, en) = (Lang::Da, Lang::En);
    let page = UnavailablePage {
        title: da.t("db-unavailable-title"),
        text: da.t("db-unavailable-text"),
        title_en: en.t("db-unavailable-title"),
        text_en: en.t("db-unavailable-text"),
    };
    let body = page.render().unwrap_or_else(|_| page.title.clone());
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(
            axum::http::header::RETRY_AFTER,
            trappe_store::DbHealth::RETRY_AFTER_SECS.to_string(),
        )],
        Html(body),
    )
        .into_response()
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    #[test]
    fn an_outage_page_says_to_retry_in_a_second_or_two() {
        let res = super::unavailable_page();
        assert_eq!(res.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        let secs = res.headers()[axum::http::header::RETRY_AFTER]
            .to_str()
            .ok()
            .and_then(|s| s.parse::<u64>().ok());
        assert!(matches!(secs, Some(1..=2)), "{secs:?}");
    }
}
