//! The organiser's organisation pages: importing a file of organisations, editing one,
//! erasing one (as `trappe org erase`), and removing the demo's data.

use super::rounds::OrgForm;
use crate::access::{AdminForm, Organiser};
use crate::kit::error::{AppError, AppResult};
use crate::kit::form::FormErrors;
use crate::kit::i18n::arg_text;
use crate::kit::page::Ctx;
use crate::kit::refusals::Explain;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trappe_core::organisation_import::parse_org_file;
use trappe_store::{DemoData, Erased, Org, StoreError};

/// The largest organisation file taken (a network of thousands fits in a few hundred KB).
pub const MAX_ORG_FILE_BYTES: usize = 5 * 1024 * 1024;

// ---- import ----

/// One imported row as the result page lists it.
pub struct ImportedLine {
    org: Org,
    created: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/org_import.html")]
pub struct ImportPage {
    ctx: Ctx,
    file: String,
    /// The refusals (nothing imported), each with its line and column.
    problems: Vec<String>,
    lines: Vec<ImportedLine>,
    created: usize,
    updated: usize,
}

/// Receives an organisation file (multipart: `csrf` first, then `file`), imports it in
/// one transaction, and shows what was created and updated, or every refusal.
pub async fn import(
    State(state): State<AppState>,
    who: Organiser,
    mut form: Multipart,
) -> AppResult<Response> {
    let bad = crate::access::multipart_error(MAX_ORG_FILE_BYTES);
    crate::access::csrf_field(&mut form, &who.user.csrf_token, MAX_ORG_FILE_BYTES).await?;
    let mut page = ImportPage {
        ctx: who.ctx,
        file: String::new(),
        problems: vec![],
        lines: vec![],
        created: 0,
        updated: 0,
    };
    let field = form.next_field().await.map_err(bad)?;
    let (file, bytes) = match field {
        Some(f) if f.name() == Some("file") => {
            let name = f.file_name().unwrap_or("").to_string();
            (name, f.bytes().await.map_err(bad)?.to_vec())
        }
        _ => (String::new(), vec![]),
    };
    page.file = file;
    if bytes.is_empty() {
        page.problems.push(page.ctx.t("org-import-no-file"));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let lang = page.ctx.lang;
    let rows = match parse_org_file(bytes) {
        Ok(rows) => rows,
        Err(problems) => {
            page.problems = problems.iter().map(|p| p.explain(lang)).collect();
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let done = match state
        .store
        .import_orgs(&rows, Some(&who.user.user.username))
        .await
    {
        Ok(done) => done,
        Err(StoreError::OrgFile(p)) => {
            page.problems = vec![p.explain(lang)];
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let orgs = state.store.orgs().await?;
    for d in done {
        if let Some(org) = orgs.iter().find(|o| o.id == d.id) {
            page.lines.push(ImportedLine {
                org: org.clone(),
                created: d.created,
            });
        }
    }
    page.created = page.lines.iter().filter(|l| l.created).count();
    page.updated = page.lines.len() - page.created;
    Ok(page.into_response())
}

// ---- edit ----

#[derive(Template, WebTemplate)]
#[template(path = "measurement/org_edit.html")]
pub struct EditPage {
    ctx: Ctx,
    id: i64,
    /// The name as stored (the page's heading).
    stored: String,
    form: OrgForm,
    errors: FormErrors,
}

async fn stored_org(state: &AppState, id: i64) -> AppResult<Org> {
    state.store.org(id).await?.ok_or(AppError::NotFound)
}

pub async fn edit_page(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
) -> AppResult<EditPage> {
    let o = stored_org(&state, id).await?;
    Ok(EditPage {
        ctx: who.ctx,
        id,
        stored: o.name.clone(),
        form: OrgForm {
            name: o.name,
            kind: o.kind,
            cvr: o.cvr.unwrap_or_default(),
            tags: o.tags.join(", "),
            contact_email: o.contact_email.unwrap_or_default(),
        },
        errors: FormErrors::default(),
    })
}

pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, form }: AdminForm<OrgForm>,
) -> AppResult<Response> {
    let stored = stored_org(&state, id).await?.name;
    let ctx = &who.ctx;
    let mut errors = FormErrors::default();
    match form.org() {
        Ok(org) => match state
            .store
            .update_org(id, &org, Some(&who.user.user.username))
            .await
        {
            Ok(()) => return Ok(Redirect::to("/admin#orgs").into_response()),
            Err(StoreError::Conflict(_)) => errors.add("org-name", ctx.t("err-org-exists")),
            Err(e) => return Err(e.into()),
        },
        Err(e) => {
            let (field, key) = crate::measurement::rounds::org_error_field(&e);
            errors.add(
                field,
                ctx.lang.t_args(key, &[("cvr", arg_text(form.cvr.trim()))]),
            );
        }
    }
    let page = EditPage {
        ctx: who.ctx,
        id,
        stored,
        form,
        errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

// ---- erase ----

#[derive(Template, WebTemplate)]
#[template(path = "measurement/org_delete.html")]
pub struct DeletePage {
    ctx: Ctx,
    /// What would go (a dry run of the erasure).
    erased: Erased,
}

pub async fn delete_page(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
) -> AppResult<DeletePage> {
    stored_org(&state, id).await?;
    let erased = state.store.erase_org(id, None, true).await?;
    Ok(DeletePage {
        ctx: who.ctx,
        erased,
    })
}

/// Erases the organisation as `trappe org erase` does (audit-logged with the organiser).
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, .. }: AdminForm<Empty>,
) -> AppResult<Response> {
    stored_org(&state, id).await?;
    state
        .store
        .erase_org(id, Some(&who.user.user.username), false)
        .await?;
    Ok(Redirect::to("/admin#orgs").into_response())
}

/// A form with nothing but its CSRF token.
#[derive(Deserialize)]
pub struct Empty {}

// ---- the demo ----

#[derive(Template, WebTemplate)]
#[template(path = "measurement/demo_remove.html")]
pub struct DemoPage {
    ctx: Ctx,
    demo: DemoData,
    /// Rows that would go per table, summed over the demo's organisations.
    rows: Vec<(String, i64)>,
    /// Responses in the demo's rounds.
    responses: i64,
}

pub async fn demo_page(State(state): State<AppState>, who: Organiser) -> AppResult<DemoPage> {
    let demo = state.store.demo_data().await?;
    let would = state.store.remove_demo(None, true).await?;
    let mut rows: Vec<(String, i64)> = Vec::new();
    for e in &would.orgs {
        for (t, n) in &e.rows {
            match rows.iter_mut().find(|(u, _)| u == t) {
                Some(r) => r.1 += n,
                None => rows.push((t.clone(), *n)),
            }
        }
    }
    rows.retain(|(_, n)| *n > 0);
    Ok(DemoPage {
        ctx: who.ctx,
        demo,
        rows,
        responses: would.rounds.iter().map(|r| r.2).sum(),
    })
}

pub async fn demo_remove(
    State(state): State<AppState>,
    AdminForm { who, .. }: AdminForm<Empty>,
) -> AppResult<Response> {
    state
        .store
        .remove_demo(Some(&who.user.user.username), false)
        .await?;
    Ok(Redirect::to("/admin").into_response())
}

/// What a row count of an erasure counts, in the page's language (the table's name for
/// a table the catalogue does not know, as one added later would be).
pub fn erased_label(ctx: &Ctx, table: &str) -> String {
    let key = format!("erase-row-{}", table.replace([' ', '_'], "-"));
    let t = ctx.t(&key);
    if t == key {
        table.to_string()
    } else {
        t
    }
}

impl DeletePage {
    fn label(&self, table: &str) -> String {
        erased_label(&self.ctx, table)
    }
}

impl DemoPage {
    fn label(&self, table: &str) -> String {
        erased_label(&self.ctx, table)
    }
}
