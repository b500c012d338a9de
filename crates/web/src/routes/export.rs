//! The organiser's downloads of a round: XLSX, one CSV per table, JSON.

use crate::error::{AppError, AppResult};
use crate::export::{self, ExportError, Locale, TableKind};
use crate::page::Organiser;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;
use trappe_store::Analysis;

/// A file to save, not a page to show; never cached (it holds a round's answers).
pub(crate) fn attachment(content_type: &'static str, file_name: &str, body: Vec<u8>) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response()
}

/// Builds an export off the async workers: a large round takes a moment.
async fn build(
    state: &AppState,
    round: i64,
    make: impl FnOnce(&Analysis) -> Result<Vec<u8>, ExportError> + Send + 'static,
) -> AppResult<Vec<u8>> {
    let a: Arc<Analysis> = state.analysis(round).await?;
    tokio::task::spawn_blocking(move || make(&a))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("export task failed: {e}")))?
        .map_err(|e| AppError::Internal(e.into()))
}

pub async fn xlsx(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let body = build(&state, id, export::xlsx).await?;
    state
        .store
        .audit(
            Some(&who.user.user.username),
            "export",
            Some(&format!("round {id}")),
            Some("xlsx"),
        )
        .await?;
    Ok(attachment(
        export::XLSX_CONTENT_TYPE,
        &export::file_name(id, None, "xlsx"),
        body,
    ))
}

#[derive(Deserialize)]
pub struct CsvQuery {
    locale: Option<String>,
}

/// `/admin/rounds/{id}/export/{table}.csv?locale=da|en` (Danish by default).
pub async fn csv(
    State(state): State<AppState>,
    who: Organiser,
    Path((id, file)): Path<(i64, String)>,
    Query(q): Query<CsvQuery>,
) -> AppResult<Response> {
    let table = file
        .strip_suffix(".csv")
        .and_then(TableKind::parse)
        .ok_or(AppError::NotFound)?;
    let locale = match q.locale.as_deref() {
        None | Some("") => Locale::Da,
        Some(code) => Locale::parse(code)
            .ok_or_else(|| AppError::BadRequest("locale must be da or en".into()))?,
    };
    let body = build(&state, id, move |a| export::csv(&table.build(a), locale)).await?;
    state
        .store
        .audit(
            Some(&who.user.user.username),
            "export",
            Some(&format!("round {id}")),
            Some(&format!("csv {}", table.name())),
        )
        .await?;
    Ok(attachment(
        export::CSV_CONTENT_TYPE,
        &export::file_name(id, Some(table), "csv"),
        body,
    ))
}

pub async fn json(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let body = build(&state, id, export::json).await?;
    state
        .store
        .audit(
            Some(&who.user.user.username),
            "export",
            Some(&format!("round {id}")),
            Some("json"),
        )
        .await?;
    Ok(attachment(
        export::JSON_CONTENT_TYPE,
        &export::file_name(id, None, "json"),
        body,
    ))
}
