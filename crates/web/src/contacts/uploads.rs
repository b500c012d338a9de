//! Uploading a contact log in the browser: the file (multipart, streamed to a temporary
//! file, then kept in the database), the column-mapping step, and the import's progress
//! page, kept up to date by a script (or by reloading it) until the background import is
//! done. Any instance serves any step. The pages themselves are built in `upload_view`.

use crate::access::{OrgAccess, OrgEdit, OrgEditor};
use crate::contacts::channels::{render, Sent};
use crate::contacts::upload_file::{self, InspectError, MappingChoice, Upload};
use crate::contacts::upload_view::{self, mapping_page, ProgressPage};
use crate::kit::error::{AppError, AppResult};
use crate::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::io::AsyncWriteExt;
use trappe_core::contacts::parse::Column;
use trappe_core::contacts::time::DateOrder;
use trappe_core::contacts::Channel;

/// Receives the file: the form's `csrf` field must come before its `file` field, so
/// nothing is written for a forged request.
pub async fn upload(
    State(state): State<AppState>,
    OrgEditor(who): OrgEditor,
    mut form: Multipart,
) -> AppResult<Response> {
    let bad = crate::access::multipart_error(upload_file::MAX_UPLOAD_BYTES);
    crate::access::csrf_field(
        &mut form,
        &who.user.csrf_token,
        upload_file::MAX_UPLOAD_BYTES,
    )
    .await?;
    let Some(mut field) = form.next_field().await.map_err(bad)? else {
        return no_file(&state, who).await;
    };
    if field.name() != Some("file") {
        return no_file(&state, who).await;
    }
    let file_name = field.file_name().unwrap_or("").to_string();
    let (id, path) = upload_file::new_file().map_err(anyhow::Error::from)?;
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
    match upload_file::keep(&state, id, path, org, user, file_name).await {
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
                InspectError::Workbook(w) => format!(
                    "{}: {}",
                    who.ctx.t("upload-error-unreadable"),
                    crate::contacts::upload_view::workbook_text(who.ctx.lang, &w)
                ),
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
    match upload_file::open(state, id, org).await {
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
        let page = page.sent_again(date_order, skip_bad);
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
    who.audit(
        &state.store,
        "contacts_import_started",
        Some(&format!("org {}", who.org)),
        Some(&upload.file_name),
    )
    .await?;
    let token = upload_file::start_import(
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
    let name = org_name(&state, who.org).await?;
    let handled = upload_file::live_progress(&id).or(
        // Another instance runs it: what it last wrote (nothing on SQLite, whose one write
        // lock the import holds).
        (state.store.backend() == trappe_store::Backend::Postgres).then_some(job.handled),
    );
    Ok(upload_view::progress_page(
        &who.ctx, who.org, name, &id, job, handled,
    ))
}

/// Every refused row of import `id`, as `trappe contacts import --skip-bad` writes them:
/// for whoever may see the import's progress page (an editor of its organisation), while
/// the upload could be kept; 404 otherwise.
pub async fn refused_rows(
    State(state): State<AppState>,
    OrgEditor(who): OrgEditor,
    Path((_, id)): Path<(i64, String)>,
) -> AppResult<Response> {
    let id = id.as_str();
    state
        .store
        .import_state(id, who.org)
        .await?
        .ok_or(AppError::NotFound)?;
    let (file_name, body) = state
        .store
        .refused_rows(id, who.org)
        .await?
        .ok_or(AppError::NotFound)?;
    who.audit(
        &state.store,
        "contacts_refused_rows_downloaded",
        Some(&format!("org {}", who.org)),
        Some(&file_name),
    )
    .await?;
    let stem: String = std::path::Path::new(&file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("import")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    Ok(crate::measurement::export::attachment(
        "text/csv",
        &format!("refused-{stem}.csv"),
        body,
    ))
}
