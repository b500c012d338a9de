//! The audit log for organisers: paged and filtered, and as a CSV file.

use crate::kit::error::{AppError, AppResult};
use crate::kit::page::{form_urlencode, Ctx, Organiser};
use crate::measurement::export_view::{neutralise, Locale, BOM, CSV_CONTENT_TYPE};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use trappe_store::{AuditEntry, AUDIT_PAGE_SIZE};

// ---- the audit log ----

#[derive(Deserialize)]
pub struct AuditQuery {
    page: Option<String>,
    action: Option<String>,
    locale: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/audit.html")]
pub struct AuditPage {
    ctx: Ctx,
    entries: Vec<AuditEntry>,
    actions: Vec<String>,
    /// The action filtered on ("" for all).
    action: String,
    page: i64,
    pages: i64,
    total: i64,
}

/// `/admin/audit?page=N&action=A`: the log, newest first, 100 entries a page.
pub async fn audit(
    State(state): State<AppState>,
    who: Organiser,
    Query(q): Query<AuditQuery>,
) -> AppResult<AuditPage> {
    let action = q.action();
    let total = state.store.audit_count(action).await?;
    let pages = ((total + AUDIT_PAGE_SIZE - 1) / AUDIT_PAGE_SIZE).max(1);
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let entries = state
        .store
        .audit_entries(action, (page - 1) * AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE)
        .await?;
    Ok(AuditPage {
        ctx: who.ctx,
        entries,
        actions: state.store.audit_actions().await?,
        action: action.unwrap_or_default().to_string(),
        page,
        pages,
        total,
    })
}

/// Entries written to CSV at a time: the download is streamed a batch at a time, so
/// however long the log grows the server holds one batch of it (and each entry is
/// bounded by the store's audit caps).
const CSV_BATCH: i64 = 5_000;

/// One batch of audit entries as CSV records, with the heading (after a byte-order
/// mark) when `heading`.
fn audit_csv_chunk(
    locale: Locale,
    heading: bool,
    entries: &[AuditEntry],
) -> Result<Vec<u8>, csv::Error> {
    let start = if heading {
        BOM.as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(locale.delimiter())
        .terminator(csv::Terminator::CRLF)
        .from_writer(start);
    if heading {
        w.write_record(["id", "time_utc", "actor", "action", "subject", "detail"])?;
    }
    for e in entries {
        let time = chrono::DateTime::from_timestamp(e.at, 0)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        let text = |s: &Option<String>| neutralise(s.as_deref().unwrap_or("")).into_owned();
        w.write_record([
            e.id.to_string(),
            time,
            text(&e.actor),
            neutralise(&e.action).into_owned(),
            text(&e.subject),
            text(&e.detail),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// `/admin/audit.csv?action=A&locale=da|en`: the (filtered) log as CSV in UTF-8 with a
/// byte-order mark, newest first, every text cell neutralised against formula injection.
/// Times are ISO 8601 in UTC. The download itself is logged.
pub async fn audit_csv(
    State(state): State<AppState>,
    who: Organiser,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let locale = match q.locale.as_deref() {
        None | Some("") => Locale::Da,
        Some(code) => Locale::parse(code)
            .ok_or_else(|| AppError::BadRequest("locale must be da or en".into()))?,
    };
    let action = q.action();
    // The first batch is read before answering, so a database error is an error page.
    let first = state
        .store
        .audit_entries_before(action, None, CSV_BATCH)
        .await?;
    let csv_err = |e: csv::Error| AppError::Internal(anyhow::anyhow!("audit CSV: {e}"));
    let head = audit_csv_chunk(locale, true, &first).map_err(csv_err)?;
    let more = (first.len() as i64 == CSV_BATCH)
        .then(|| first.last().map(|e| e.id))
        .flatten();
    let store = state.store.clone();
    let filter = action.map(str::to_string);
    // Each later batch: the entries older than the last one sent.
    let rest = futures_util::stream::unfold(more, move |before| {
        let (store, filter) = (store.clone(), filter.clone());
        async move {
            let before = before?;
            let batch = match store
                .audit_entries_before(filter.as_deref(), Some(before), CSV_BATCH)
                .await
            {
                Ok(b) => b,
                Err(e) => return Some((Err(std::io::Error::other(e)), None)),
            };
            let next = (batch.len() as i64 == CSV_BATCH)
                .then(|| batch.last().map(|e| e.id))
                .flatten();
            let chunk = audit_csv_chunk(locale, false, &batch).map_err(std::io::Error::other);
            Some((chunk.map(bytes::Bytes::from), next))
        }
    });
    let body = axum::body::Body::from_stream(futures_util::StreamExt::chain(
        futures_util::stream::once(
            async move { Ok::<_, std::io::Error>(bytes::Bytes::from(head)) },
        ),
        rest,
    ));
    who.audit(
        &state.store,
        "export",
        Some("audit log"),
        Some(&format!(
            "csv{}",
            action.map(|a| format!(", action {a}")).unwrap_or_default()
        )),
    )
    .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(CSV_CONTENT_TYPE),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"trappe-audit-log.csv\""),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}

impl AuditQuery {
    /// The action filtered on; None for all.
    fn action(&self) -> Option<&str> {
        self.action
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
    }
}

impl AuditPage {
    fn when(&self, at: &i64) -> String {
        self.ctx.lang.datetime(*at)
    }
    fn link(&self, page: i64) -> String {
        let mut url = format!("/admin/audit?page={page}");
        if !self.action.is_empty() {
            url.push_str(&format!("&action={}", form_urlencode(&self.action)));
        }
        url
    }
    fn newer(&self) -> Option<String> {
        (self.page > 1).then(|| self.link(self.page - 1))
    }
    fn older(&self) -> Option<String> {
        (self.page < self.pages).then(|| self.link(self.page + 1))
    }
    fn csv_link(&self) -> String {
        match self.action.as_str() {
            "" => "/admin/audit.csv".to_string(),
            a => format!("/admin/audit.csv?action={}", form_urlencode(a)),
        }
    }
    fn position(&self) -> String {
        self.ctx.lang.t_args(
            "audit-position",
            &[
                ("page", self.page.into()),
                ("pages", self.pages.into()),
                ("total", self.total.into()),
            ],
        )
    }
}
