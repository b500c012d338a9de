//! Uploading a contact log in the browser: the file (multipart, streamed to a temporary
//! file, then kept in the database), the column-mapping step, and the import's progress
//! page, kept up to date by a script (or by reloading it) until the background import is
//! done. Any instance serves any step.

use crate::access::{csrf_matches, OrgAccess, OrgEdit, OrgEditor};
use crate::channel_view::Fmt;
use crate::contact_upload::{
    self, channel_choices, guess_channel, guess_date_order, InspectError, MappingChoice, Upload,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::page::Ctx;
use crate::routes::channels::{render, Sent};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fluent_templates::fluent_bundle::FluentValue;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::io::AsyncWriteExt;
use trappe_core::contacts::parse::Column;
use trappe_core::contacts::time::DateOrder;
use trappe_core::contacts::{Channel, HeaderError, Reason};
use trappe_store::{FileRefusal, ImportMessage};

/// Receives the file: the form's `csrf` field must come before its `file` field, so
/// nothing is written for a forged request.
pub async fn upload(
    State(state): State<AppState>,
    OrgEditor(who): OrgEditor,
    mut form: Multipart,
) -> AppResult<Response> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BadRequest(format!(
                "the file is larger than {} MB",
                contact_upload::MAX_UPLOAD_BYTES / (1024 * 1024)
            ))
        } else {
            AppError::BadRequest(format!("the upload could not be read: {e}"))
        }
    };
    let csrf = match form.next_field().await.map_err(bad)? {
        Some(f) if f.name() == Some("csrf") => f.text().await.map_err(bad)?,
        _ => String::new(),
    };
    if !csrf_matches(&csrf, &who.user.csrf_token) {
        return Err(AppError::Forbidden("missing or wrong CSRF token"));
    }
    let Some(mut field) = form.next_field().await.map_err(bad)? else {
        return no_file(&state, who).await;
    };
    if field.name() != Some("file") {
        return no_file(&state, who).await;
    }
    let file_name = field.file_name().unwrap_or("").to_string();
    let (id, path) = contact_upload::new_file().map_err(anyhow::Error::from)?;
    let written: AppResult<u64> = async {
        let mut out = tokio::fs::File::create(&path)
            .await
            .map_err(anyhow::Error::from)?;
        let mut size = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(bad)? {
            size += chunk.len() as u64;
            out.write_all(&chunk).await.map_err(anyhow::Error::from)?;
        }
        out.flush().await.map_err(anyhow::Error::from)?;
        Ok(size)
    }
    .await;
    if let Err(e) = written {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(e);
    }
    let (org, user) = (who.org, who.user.user.id);
    match contact_upload::keep(&state, id, path, org, user, file_name).await {
        Ok(u) => Ok(Redirect::to(&format!(
            "/admin/orgs/{}/channels/uploads/{}",
            who.org, u.id
        ))
        .into_response()),
        Err(e @ (InspectError::Io(_) | InspectError::Store(_))) => {
            Err(anyhow::anyhow!("keeping the upload failed: {e}").into())
        }
        Err(e) => {
            let msg = match e {
                InspectError::Empty => who.ctx.t("upload-error-empty"),
                other => format!("{}: {other}", who.ctx.t("upload-error-unreadable")),
            };
            let sent = Sent {
                upload_error: Some(msg),
                ..Sent::default()
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&state, who, None, sent).await?,
            )
                .into_response())
        }
    }
}

/// Upload `id` of the organisation, or 404.
async fn open_upload(state: &AppState, id: &str, org: i64) -> AppResult<Arc<Upload>> {
    match contact_upload::open(state, id, org).await {
        Ok(Some(u)) => Ok(u),
        Ok(None) => Err(AppError::NotFound),
        Err(e) => Err(anyhow::anyhow!("opening upload {id} failed: {e}").into()),
    }
}

async fn no_file(state: &AppState, who: OrgAccess) -> AppResult<Response> {
    let sent = Sent {
        upload_error: Some(who.ctx.t("upload-error-no-file")),
        ..Sent::default()
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        render(state, who, None, sent).await?,
    )
        .into_response())
}

pub struct ColumnRow {
    pub index: usize,
    pub header: String,
    pub selected: &'static str,
    pub error: Option<String>,
}

pub struct ValueRow {
    pub index: usize,
    pub value: String,
    pub rows: String,
    pub selected: &'static str,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "channels_upload.html")]
pub struct MappingPage {
    ctx: Ctx,
    org_id: i64,
    org_name: String,
    upload_id: String,
    file_name: String,
    size: String,
    kind: String,
    rows: String,
    columns: Vec<ColumnRow>,
    canonical: Vec<(&'static str, String)>,
    date_order: &'static str,
    channel_header: Option<String>,
    values: Vec<ValueRow>,
    more_values: bool,
    channels: Vec<(&'static str, String)>,
    errors: Vec<(String, String)>,
    columns_error: Option<String>,
    skip_bad: bool,
}

fn canonical(lang: crate::i18n::Lang) -> Vec<(&'static str, String)> {
    Column::ALL
        .into_iter()
        .map(|c| (c.name(), lang.t(&format!("column-{}", c.name()))))
        .collect()
}

/// The mapping page for `choice` (the detected one, or the user's), with its problems.
async fn mapping_page(
    who: &OrgAccess,
    org_name: String,
    upload: Arc<Upload>,
    mut choice: MappingChoice,
    sent_values: Option<HashMap<String, Channel>>,
    check: bool,
) -> AppResult<(
    MappingPage,
    MappingChoice,
    Vec<(String, &'static str, String)>,
)> {
    let lang = who.ctx.lang;
    let f = Fmt(lang);
    let ch_col = choice.column_of(Column::Channel);
    let ts_col = choice.column_of(Column::Timestamp);
    let u = upload.clone();
    let scan = tokio::task::spawn_blocking(move || u.scan(ch_col, ts_col))
        .await
        .map_err(|e| anyhow::anyhow!("reading the upload failed: {e}"))?;
    if sent_values.is_none() {
        choice.date_order = guess_date_order(scan.first_timestamp.as_deref());
    }
    // Every value of the channel column that is not a channel's own name needs a choice:
    // the user's, else the guess from its Danish name.
    choice.channels = scan
        .values
        .iter()
        .filter(|(v, _)| Channel::from_name(v.as_bytes()).is_none())
        .map(|(v, _)| {
            let chosen = match &sent_values {
                Some(m) => m.get(v).copied(),
                None => guess_channel(v),
            };
            (v.clone(), chosen)
        })
        .collect();
    let problems = if check {
        choice.problems(&upload.header)
    } else {
        Vec::new()
    };
    let message = |key: &str, arg: &str| {
        lang.t_args(
            key,
            &[(
                "name",
                fluent_templates::fluent_bundle::FluentValue::from(arg.to_string()),
            )],
        )
    };
    let errors: Vec<(String, String)> = problems
        .iter()
        .map(|(field, key, arg)| (field.clone(), message(key, arg)))
        .collect();
    let error_of = |field: &str| {
        errors
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
            .reduce(|a, b| format!("{a} {b}"))
    };
    let columns = upload
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| ColumnRow {
            index: i,
            header: h.clone(),
            selected: choice
                .columns
                .get(i)
                .copied()
                .flatten()
                .map_or("", Column::name),
            error: error_of(&format!("col_{i}")),
        })
        .collect();
    let counts: HashMap<&str, u64> = scan.values.iter().map(|(v, n)| (v.as_str(), *n)).collect();
    let values = choice
        .channels
        .iter()
        .enumerate()
        .map(|(k, (v, c))| ValueRow {
            index: k,
            rows: f.int(counts.get(v.as_str()).copied().unwrap_or(0)),
            value: v.clone(),
            selected: c.map_or("", Channel::name),
            error: error_of(&format!("chan_{k}")),
        })
        .collect();
    let page = MappingPage {
        ctx: who.ctx.clone(),
        org_id: who.org,
        org_name,
        upload_id: upload.id.clone(),
        file_name: upload.file_name.clone(),
        size: mb(f, upload.size),
        kind: upload.describe(lang),
        rows: f.int(scan.rows),
        columns,
        canonical: canonical(lang),
        date_order: match choice.date_order {
            DateOrder::DayFirst => "day-first",
            _ => "iso",
        },
        channel_header: ch_col.and_then(|i| upload.header.get(i).cloned()),
        values,
        more_values: scan.more,
        channels: channel_choices(lang),
        columns_error: error_of("columns"),
        errors,
        skip_bad: false,
    };
    Ok((page, choice, problems))
}

async fn org_name(state: &AppState, org: i64) -> AppResult<String> {
    Ok(state.store.org(org).await?.ok_or(AppError::NotFound)?.name)
}

/// The mapping step, as detected.
pub async fn mapping(
    State(state): State<AppState>,
    OrgEditor(who): OrgEditor,
    Path((_, id)): Path<(i64, String)>,
) -> AppResult<Response> {
    let upload = open_upload(&state, &id, who.org).await?;
    let name = org_name(&state, who.org).await?;
    let choice = MappingChoice::detected(&upload.header);
    let (page, _, _) = mapping_page(&who, name, upload, choice, None, false).await?;
    Ok(page.into_response())
}

/// The mapping as sent: shown again with its problems ("update" or problems), or the
/// import started.
pub async fn submit_mapping(
    State(state): State<AppState>,
    Path((_, id)): Path<(i64, String)>,
    OrgEdit { who, form }: OrgEdit<Vec<(String, String)>>,
) -> AppResult<Response> {
    let upload = open_upload(&state, &id, who.org).await?;
    let fields: HashMap<String, String> = form.into_iter().collect();
    let mut choice = MappingChoice {
        columns: (0..upload.header.len())
            .map(|i| {
                fields
                    .get(&format!("col_{i}"))
                    .and_then(|v| Column::from_name(v))
            })
            .collect(),
        date_order: match fields.get("date_order").map(String::as_str) {
            Some("day-first") => DateOrder::DayFirst,
            _ => DateOrder::Iso,
        },
        channels: Vec::new(),
    };
    // Channel choices are sent as val_k (the source value) and chan_k (the channel).
    let mut sent_values: HashMap<String, Channel> = HashMap::new();
    for (k, v) in &fields {
        if let Some(n) = k.strip_prefix("val_") {
            if let Some(c) = fields
                .get(&format!("chan_{n}"))
                .and_then(|c| Channel::from_name(c.as_bytes()))
            {
                sent_values.insert(v.clone(), c);
            }
        }
    }
    let importing = fields.get("action").map(String::as_str) == Some("import");
    let name = org_name(&state, who.org).await?;
    let date_order = choice.date_order;
    let (page, mut checked, problems) = mapping_page(
        &who,
        name,
        upload.clone(),
        std::mem::take(&mut choice),
        Some(sent_values),
        true,
    )
    .await?;
    checked.date_order = date_order;
    let skip_bad = fields.get("skip_bad").is_some_and(|v| v == "1");
    if !importing || !problems.is_empty() {
        let mut page = page;
        page.skip_bad = skip_bad;
        page.date_order = match date_order {
            DateOrder::DayFirst => "day-first",
            _ => "iso",
        };
        let status = if problems.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return Ok((status, page).into_response());
    }
    let org = state.store.org(who.org).await?.ok_or(AppError::NotFound)?;
    let mapping = checked.mapping(&upload, &org.id.to_string());
    // The scan the mapping page just made (kept): the file's rows, for the progress bar.
    let (ch, ts) = (
        checked.column_of(Column::Channel),
        checked.column_of(Column::Timestamp),
    );
    let u = upload.clone();
    let rows = tokio::task::spawn_blocking(move || u.scan(ch, ts).rows)
        .await
        .map_err(|e| anyhow::anyhow!("reading the upload failed: {e}"))?;
    state
        .store
        .audit(
            Some(&who.user.user.username),
            "contacts_import_started",
            Some(&format!("org {}", who.org)),
            Some(&upload.file_name),
        )
        .await?;
    let token = contact_upload::start_import(
        &state,
        upload,
        mapping,
        who.user.user.username.clone(),
        skip_bad,
        rows,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/admin/orgs/{}/channels/imports/{}",
        who.org, token
    ))
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "channels_import.html")]
pub struct ProgressPage {
    ctx: Ctx,
    org_id: i64,
    org_name: String,
    file_name: String,
    running: bool,
    /// Rows handled and the file's rows ("1.200", "48.000"), when known.
    done: Option<(String, String)>,
    /// The share handled, when known.
    percent: Option<u64>,
    seconds: usize,
    stored: String,
    rejected: String,
    /// Bad rows refused the file: nothing stored.
    refused: bool,
    failed: Option<String>,
    errors: Vec<(u64, String, String)>,
    more_errors: Option<String>,
}

impl ProgressPage {
    /// The share handled as the language writes it: "42 %" / "42%".
    fn percent_text(&self) -> String {
        self.ctx
            .lang
            .pct(self.percent.unwrap_or(0) as f64 / 100.0, 0)
    }
}

/// The import's progress; kept up to date by /static/progress.js while it runs. Any
/// instance serves it: the state is the import's row, and the live count where this
/// instance runs the import.
pub async fn progress(
    State(state): State<AppState>,
    OrgEditor(who): OrgEditor,
    Path((_, id)): Path<(i64, String)>,
) -> AppResult<ProgressPage> {
    let job = state
        .store
        .import_state(&id, who.org)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = Fmt(who.ctx.lang);
    let mut page = ProgressPage {
        org_id: who.org,
        org_name: org_name(&state, who.org).await?,
        file_name: job.file_name.clone(),
        running: false,
        done: None,
        percent: None,
        seconds: (job.finished_at.unwrap_or_else(unix_now) - job.started_at).max(0) as usize,
        stored: f.int(job.rows),
        rejected: f.int(job.rejected),
        refused: job.status == "rejected",
        failed: None,
        errors: Vec::new(),
        more_errors: None,
        ctx: who.ctx.clone(),
    };
    match job.status.as_str() {
        "running" => {
            page.running = true;
            let handled = contact_upload::live_progress(&id).or(
                // Another instance runs it: what it last wrote (nothing on SQLite, whose
                // one write lock the import holds).
                (state.store.backend() == trappe_store::Backend::Postgres).then_some(job.handled),
            );
            if let (Some(n), Some(total)) = (handled, job.total_rows.filter(|t| *t > 0)) {
                let n = n.min(total);
                page.done = Some((f.int(n), f.int(total)));
                page.percent = Some(n.saturating_mul(100) / total);
            }
        }
        "failed" => {
            page.failed = Some(match &job.message {
                Some(ImportMessage::Refused(r)) => refusal_text(who.ctx.lang, r),
                Some(ImportMessage::Text(t)) => t.clone(),
                None => who.ctx.t("import-failed-inside"),
            })
        }
        _ => {
            if job.rejected as usize > job.errors.len() {
                page.more_errors = Some(who.ctx.lang.t_args(
                    "import-more-errors",
                    &[
                        ("shown", (job.errors.len() as f64).into()),
                        ("all", (job.rejected as f64).into()),
                    ],
                ));
            }
            page.errors = job
                .errors
                .into_iter()
                .map(|(line, col, reason)| {
                    (
                        line,
                        col.unwrap_or_default(),
                        reason_text(who.ctx.lang, &reason),
                    )
                })
                .collect();
        }
    }
    Ok(page)
}

fn text(v: impl Into<String>) -> FluentValue<'static> {
    FluentValue::from(v.into())
}

/// A refused row's reason in `lang`, with the values it names.
fn reason_text(lang: Lang, r: &Reason) -> String {
    let value = |key: &str, v: &str| lang.t_args(key, &[("value", text(v))]);
    match r {
        Reason::FieldCount { expected, found } => lang.t_args(
            "row-reason-field-count",
            &[
                ("expected", text(lang.int(*expected as u64))),
                ("found", text(lang.int(*found as u64))),
            ],
        ),
        Reason::Empty => lang.t("row-reason-empty"),
        Reason::NotUtf8 => lang.t("row-reason-not-utf8"),
        Reason::NotInteger { value: v } => value("row-reason-not-integer", v),
        Reason::NotTimestamp { value: v } => value("row-reason-not-timestamp", v),
        Reason::NoSuchDate { value: v } => value("row-reason-no-such-date", v),
        Reason::NoSuchTime { value: v } => value("row-reason-no-such-time", v),
        Reason::UnknownChannel { value: v } => value("row-reason-unknown-channel", v),
        Reason::NotSeconds { value: v } => value("row-reason-not-seconds", v),
        Reason::NotBoolean { value: v } => value("row-reason-not-boolean", v),
        Reason::NotOnScale { max, value: v } => lang.t_args(
            "row-reason-not-on-scale",
            &[("value", text(v.as_str())), ("max", text(max.to_string()))],
        ),
    }
}

/// A column's name as the mapping page shows it (a name it does not know as it is).
fn column_label(lang: Lang, name: &str) -> String {
    match Column::from_name(name) {
        Some(c) => lang.t(&format!("column-{}", c.name())),
        None => name.to_string(),
    }
}

/// Why a file was refused whole, in `lang`, with the values it names.
fn refusal_text(lang: Lang, r: &FileRefusal) -> String {
    let detail = |key: &str, d: &str| lang.t_args(key, &[("detail", text(d))]);
    match r {
        FileRefusal::CannotOpen { detail: d, .. } | FileRefusal::CannotRead { detail: d } => {
            detail("import-refusal-cannot-read", d)
        }
        FileRefusal::Workbook { detail: d } => detail("import-refusal-workbook", d),
        FileRefusal::HeaderUnreadable { detail: d } => detail("import-refusal-header", d),
        FileRefusal::HeaderText { reason } => lang.t_args(
            "import-refusal-header-text",
            &[("reason", text(reason_text(lang, reason)))],
        ),
        FileRefusal::NoHeader => lang.t("import-refusal-no-header"),
        FileRefusal::HeaderTooLong => lang.t("import-refusal-header-too-long"),
        FileRefusal::Header {
            header:
                HeaderError::Twice {
                    column,
                    first,
                    second,
                },
        } => lang.t_args(
            "import-refusal-column-twice",
            &[
                ("column", text(column_label(lang, column))),
                ("first", text(first.to_string())),
                ("second", text(second.to_string())),
            ],
        ),
        FileRefusal::Header {
            header: HeaderError::Missing { missing, found },
        } => lang.t_args(
            "import-refusal-missing-columns",
            &[
                (
                    "missing",
                    text(
                        missing
                            .iter()
                            .map(|m| column_label(lang, m))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ),
                ("found", text(found.join(", "))),
            ],
        ),
        // Ours, not the file's: the detail is in the server's log.
        FileRefusal::Thread { .. } => lang.t("import-failed-inside"),
        FileRefusal::Unreadable { detail: d } => detail("import-refusal-unreadable", d),
        FileRefusal::BrokeOff => lang.t("import-refusal-broke-off"),
        FileRefusal::Cpr { name, number, line } => lang.t_args(
            "import-refusal-cpr",
            &[
                ("name", text(name.as_str())),
                ("number", text(number.to_string())),
                ("line", text(lang.int(*line))),
            ],
        ),
        FileRefusal::Stopped => lang.t("import-refusal-stopped"),
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Bytes as megabytes with one decimal.
fn mb(f: Fmt, bytes: u64) -> String {
    format!("{} MB", f.dec(bytes as f64 / 1_048_576.0, 1))
}
