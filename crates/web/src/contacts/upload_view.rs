//! The pages of a browser upload: the mapping step (the file's columns and channel values
//! with the choices made and their problems) and the import's progress, with refused rows
//! and refused files told from the catalogue.

use crate::access::OrgAccess;
use crate::contacts::upload_file::{channel_choices, MappingChoice, Upload};
use crate::kit::error::AppResult;
use crate::kit::i18n::arg_text;
use crate::kit::i18n::Fmt;
use crate::kit::i18n::Lang;
use crate::kit::page::Ctx;
use crate::kit::refusals::Explain;
use askama::Template;
use askama_web::WebTemplate;
use fluent_templates::fluent_bundle::FluentValue;
use std::collections::HashMap;
use std::sync::Arc;
use trappe_core::contacts::parse::Column;
use trappe_core::contacts::time::DateOrder;
use trappe_core::contacts::xlsx::WorkbookError;
use trappe_core::contacts::{guess_channel, guess_date_order, Channel, Reason};
use trappe_store::{ImportMessage, ImportState};

// ---- the mapping step ----

/// One column of the file, with the field chosen for it.
pub(crate) struct ColumnRow {
    pub index: usize,
    pub header: String,
    pub selected: &'static str,
    pub error: Option<String>,
    /// The column's first values, as the file has them.
    pub examples: Vec<String>,
}

/// One value of the channel column that needs a channel chosen.
pub(crate) struct ValueRow {
    pub index: usize,
    pub value: String,
    pub rows: String,
    pub selected: &'static str,
    pub error: Option<String>,
}

/// The mapping step.
#[derive(Template, WebTemplate)]
#[template(path = "contacts/channels_upload.html")]
pub(crate) struct MappingPage {
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

/// (name, label) of every field a column can be mapped to.
fn canonical(lang: Lang) -> Vec<(&'static str, String)> {
    Column::ALL
        .into_iter()
        .map(|c| (c.name(), lang.t(&format!("column-{}", c.name()))))
        .collect()
}

/// The mapping page for `choice` (the detected one, or the user's), with its problems.
pub(crate) async fn mapping_page(
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
    let message =
        |key: &str, arg: &str| lang.t_args(key, &[("name", FluentValue::from(arg.to_string()))]);
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
            // Only what will be read: an ignored column (free text, say) shows nothing.
            examples: if choice.columns.get(i).copied().flatten().is_some() {
                scan.first_rows
                    .iter()
                    .map(|r| example(r.get(i).map_or("", String::as_str)))
                    .collect()
            } else {
                Vec::new()
            },
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
        date_order: date_order_name(choice.date_order),
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

/// A value as an example: trimmed, and cut at 40 characters so a long text cannot
/// stretch the table.
fn example(v: &str) -> String {
    let v = v.trim();
    match v.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &v[..at]),
        None => v.to_string(),
    }
}

/// The form's name of a date order.
fn date_order_name(order: DateOrder) -> &'static str {
    match order {
        DateOrder::DayFirst => "day-first",
        _ => "iso",
    }
}

impl MappingPage {
    /// The page as sent again: with the sender's date order and choice to skip bad rows.
    pub(crate) fn sent_again(mut self, date_order: DateOrder, skip_bad: bool) -> MappingPage {
        self.skip_bad = skip_bad;
        self.date_order = date_order_name(date_order);
        self
    }
}

// ---- the import's progress ----

/// The import's progress, and its outcome when done.
#[derive(Template, WebTemplate)]
#[template(path = "contacts/channels_import.html")]
pub(crate) struct ProgressPage {
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
    /// The refused rows, grouped: every row counted, the first few of each kind shown.
    groups: Vec<RefusedGroupView>,
    /// Where every refused row can be downloaded (as `--skip-bad` writes them).
    refused_download: Option<String>,
}

/// One group of refused rows on the progress page.
pub(crate) struct RefusedGroupView {
    /// "600 rows refused in the column Channel".
    heading: String,
    /// (line, reason) of its first rows.
    rows: Vec<(String, String)>,
    /// "… and 595 more of the same kind".
    more: Option<String>,
}

impl ProgressPage {
    /// The share handled as the language writes it: "42 %" / "42%".
    fn percent_text(&self) -> String {
        self.ctx
            .lang
            .pct(self.percent.unwrap_or(0) as f64 / 100.0, 0)
    }
}

/// The progress page of import `job` of the organisation: `handled` is the count of rows
/// handled while it runs, when known.
pub(crate) fn progress_page(
    ctx: &Ctx,
    org_id: i64,
    org_name: String,
    token: &str,
    job: ImportState,
    handled: Option<u64>,
) -> ProgressPage {
    let f = Fmt(ctx.lang);
    let mut page = ProgressPage {
        org_id,
        org_name,
        file_name: job.file_name.clone(),
        running: false,
        done: None,
        percent: None,
        seconds: (job.finished_at.unwrap_or_else(unix_now) - job.started_at).max(0) as usize,
        stored: f.int(job.rows),
        rejected: f.int(job.rejected),
        refused: job.status == "rejected",
        failed: None,
        groups: Vec::new(),
        refused_download: None,
        ctx: ctx.clone(),
    };
    match job.status.as_str() {
        "running" => {
            page.running = true;
            if let (Some(n), Some(total)) = (handled, job.total_rows.filter(|t| *t > 0)) {
                let n = n.min(total);
                page.done = Some((f.int(n), f.int(total)));
                page.percent = Some(n.saturating_mul(100) / total);
            }
        }
        "failed" => {
            page.failed = Some(match &job.message {
                Some(ImportMessage::Refused(r)) => r.explain(ctx.lang),
                Some(ImportMessage::Text(t)) => t.clone(),
                None => ctx.t("import-failed-inside"),
            })
        }
        _ => {
            let lang = ctx.lang;
            page.groups = job
                .groups
                .iter()
                .map(|g| {
                    let count = arg_text(lang.int(g.count));
                    let n = FluentValue::from(g.count as f64);
                    let heading = match &g.column {
                        Some(c) => lang.t_args(
                            "import-group",
                            &[
                                ("n", n),
                                ("count", count),
                                ("column", arg_text(column_label(lang, c))),
                            ],
                        ),
                        None => lang.t_args("import-group-row", &[("n", n), ("count", count)]),
                    };
                    let shown = g.first.len() as u64;
                    RefusedGroupView {
                        heading,
                        rows: g
                            .first
                            .iter()
                            .map(|(line, r)| (f.int(*line), reason_text(lang, r)))
                            .collect(),
                        more: (g.count > shown).then(|| {
                            lang.t_args(
                                "import-group-more",
                                &[("n", arg_text(lang.int(g.count - shown)))],
                            )
                        }),
                    }
                })
                .collect();
            if job.rejected > 0 {
                page.refused_download = Some(format!(
                    "/admin/orgs/{org_id}/channels/imports/{}/refused.csv",
                    token
                ));
            }
        }
    }
    page
}

// ---- refused rows and files, from the catalogue ----

/// A refused row's reason in `lang`, with the values it names.
pub(crate) fn reason_text(lang: Lang, r: &Reason) -> String {
    let value = |key: &str, v: &str| lang.t_args(key, &[("value", arg_text(v))]);
    match r {
        Reason::FieldCount { expected, found } => lang.t_args(
            "row-reason-field-count",
            &[
                ("expected", arg_text(lang.int(*expected as u64))),
                ("found", arg_text(lang.int(*found as u64))),
            ],
        ),
        Reason::Empty => lang.t("row-reason-empty"),
        Reason::NotUtf8 => lang.t("row-reason-not-utf8"),
        Reason::NotInteger { value: v } => value("row-reason-not-integer", v),
        Reason::IdTooLong { max } => lang.t_args(
            "row-reason-id-too-long",
            &[("max", arg_text(max.to_string()))],
        ),
        Reason::NotTimestamp { value: v } => value("row-reason-not-timestamp", v),
        Reason::NoSuchDate { value: v } => value("row-reason-no-such-date", v),
        Reason::NoSuchTime { value: v } => value("row-reason-no-such-time", v),
        Reason::UnknownChannel { value: v } => value("row-reason-unknown-channel", v),
        Reason::NotSeconds { value: v } => value("row-reason-not-seconds", v),
        Reason::NotBoolean { value: v } => value("row-reason-not-boolean", v),
        Reason::NotOnScale { max, value: v } => lang.t_args(
            "row-reason-not-on-scale",
            &[
                ("value", arg_text(v.as_str())),
                ("max", arg_text(max.to_string())),
            ],
        ),
    }
}

/// A column's name as the mapping page shows it (a name it does not know as it is).
pub(crate) fn column_label(lang: Lang, name: &str) -> String {
    match Column::from_name(name) {
        Some(c) => lang.t(&format!("column-{}", c.name())),
        None => name.to_string(),
    }
}

/// Why a workbook was refused, in `lang`, with the values it names.
pub(crate) fn workbook_text(lang: Lang, e: &WorkbookError) -> String {
    let size = |bytes: u64| format!("{} MB", lang.num(bytes as f64 / 1_048_576.0, 1));
    let n = |v: u64| arg_text(lang.int(v));
    match e {
        WorkbookError::Unreadable { detail } => {
            lang.t_args("xlsx-unreadable", &[("detail", arg_text(detail.as_str()))])
        }
        WorkbookError::NoSheet => lang.t("xlsx-no-sheet"),
        WorkbookError::Sheet { detail } => lang.t_args(
            "xlsx-sheet-unreadable",
            &[("detail", arg_text(detail.as_str()))],
        ),
        WorkbookError::Empty => lang.t("xlsx-empty"),
        WorkbookError::TooManyParts { parts, limit } => lang.t_args(
            "xlsx-too-many-parts",
            &[("parts", n(*parts)), ("limit", n(*limit))],
        ),
        WorkbookError::PartTooLarge { part, bytes, limit } => lang.t_args(
            "xlsx-part-too-large",
            &[
                ("part", arg_text(part.as_str())),
                ("size", arg_text(size(*bytes))),
                ("limit", arg_text(size(*limit))),
            ],
        ),
        WorkbookError::TooLarge { bytes, limit } => lang.t_args(
            "xlsx-too-large",
            &[
                ("size", arg_text(size(*bytes))),
                ("limit", arg_text(size(*limit))),
            ],
        ),
        WorkbookError::TooWide { at, columns, limit } => lang.t_args(
            "xlsx-too-wide",
            &[
                ("at", arg_text(at.as_str())),
                ("columns", n(*columns)),
                ("limit", n(*limit)),
            ],
        ),
        WorkbookError::TooLong { at, rows, limit } => lang.t_args(
            "xlsx-too-long",
            &[
                ("at", arg_text(at.as_str())),
                ("rows", n(*rows)),
                ("limit", n(*limit)),
            ],
        ),
        WorkbookError::TooManyCells { at, cells, limit } => lang.t_args(
            "xlsx-too-many-cells",
            &[
                ("at", arg_text(at.as_str())),
                ("cells", n(*cells)),
                ("limit", n(*limit)),
            ],
        ),
    }
}

/// Seconds since 1970.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Bytes as megabytes with one decimal.
fn mb(f: Fmt, bytes: u64) -> String {
    format!("{} MB", f.dec(bytes as f64 / 1_048_576.0, 1))
}
