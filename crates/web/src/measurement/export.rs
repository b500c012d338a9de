//! The organiser's downloads of a round: XLSX, one CSV per table, JSON. The XLSX and
//! CSV are in the page's language (or `?lang=da|en`): headers and values in its words;
//! the JSON keeps ids (a contract).

use crate::kit::error::{AppError, AppResult};
use crate::kit::i18n::Lang;
use crate::kit::page::Organiser;
use crate::measurement::export_view::{self, ExportError, Locale, TableKind};
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

/// Builds an export off the async workers: a large round takes a moment. `make` gets
/// the round's analysis and the respondents' own words (`Store::own_barriers`).
async fn build(
    state: &AppState,
    round: i64,
    make: impl FnOnce(&Analysis, &[(i64, String)]) -> Result<Vec<u8>, ExportError> + Send + 'static,
) -> AppResult<Vec<u8>> {
    let a: Arc<Analysis> = state.analysis(round).await?;
    let words = state.store.own_barriers(round, None).await?;
    tokio::task::spawn_blocking(move || make(&a, &words))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("export task failed: {e}")))?
        .map_err(|e| AppError::Internal(e.into()))
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// The export's language: `?lang=`, else the page's.
fn export_lang(q: Option<&str>, page: Lang) -> AppResult<Lang> {
    match q {
        None | Some("") => Ok(page),
        Some(code) => Lang::from_code(code)
            .ok_or_else(|| AppError::BadRequest("lang must be da or en".into())),
    }
}

/// `/admin/rounds/{id}/export.xlsx?lang=da|en`: every table a sheet, in the language's
/// words; numbers at full precision with a display format.
pub async fn xlsx(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
) -> AppResult<Response> {
    let lang = export_lang(q.lang.as_deref(), who.ctx.lang)?;
    let body = build(&state, id, move |a, words| {
        let tables: Vec<_> = export_view::tables(a, words)
            .iter()
            .map(|t| export_view::localize(t, a, lang))
            .collect();
        export_view::xlsx_tables(&tables)
    })
    .await?;
    who.audit(
        &state.store,
        "export",
        Some(&format!("round {id}")),
        Some("xlsx"),
    )
    .await?;
    Ok(attachment(
        export_view::XLSX_CONTENT_TYPE,
        &export_view::file_name(id, None, "xlsx"),
        body,
    ))
}

#[derive(Deserialize)]
pub struct CsvQuery {
    locale: Option<String>,
    lang: Option<String>,
}

/// `/admin/rounds/{id}/export/{table}.csv?locale=da|en&lang=da|en`: `locale` sets the
/// separators and decimal mark (Danish by default), `lang` the words (the page's by
/// default).
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
    let lang = export_lang(q.lang.as_deref(), who.ctx.lang)?;
    let body = build(&state, id, move |a, words| {
        export_view::csv(
            &export_view::localize(&table.build(a, words), a, lang),
            locale,
        )
    })
    .await?;
    who.audit(
        &state.store,
        "export",
        Some(&format!("round {id}")),
        Some(&format!("csv {}", table.name())),
    )
    .await?;
    Ok(attachment(
        export_view::CSV_CONTENT_TYPE,
        &export_view::file_name(id, Some(table), "csv"),
        body,
    ))
}

pub async fn json(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let body = build(&state, id, export_view::json).await?;
    who.audit(
        &state.store,
        "export",
        Some(&format!("round {id}")),
        Some("json"),
    )
    .await?;
    Ok(attachment(
        export_view::JSON_CONTENT_TYPE,
        &export_view::file_name(id, None, "json"),
        body,
    ))
}
