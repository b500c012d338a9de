//! Models on the web: the organiser's list of stored models, uploading a model file
//! (TOML) or a SAMM release (ZIP) to see its problems or a preview of its questionnaire
//! in both languages, and importing it.
//!
//! Nothing is kept between the preview and the import: the preview page carries the
//! checked model as TOML, and the import checks it again, so any instance serves either
//! step and no half-imported state exists. A stored `id@version` never changes: a round
//! pins it, so a changed model is a new version (the import refuses an existing one).

use crate::access::{AdminForm, Organiser};
use crate::kit::error::AppResult;
use crate::kit::form::FormErrors;
use crate::kit::i18n::{arg_count, arg_text, Lang};
use crate::kit::page::Ctx;
use crate::measurement::models_view::{value_text, LangView};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::BTreeMap;
use trappe_core::samm::archive::{self, ArchiveError};
use trappe_core::samm::SammProblem;
use trappe_core::{Model, ModelError, ModelProblem};
use trappe_store::{ModelImport, StoreError};

/// The largest model file (TOML) taken; the built-in model is about 60 KB, SAMM's
/// texts as TOML about half a megabyte.
pub const MAX_MODEL_BYTES: usize = 4 * 1024 * 1024;
/// The largest upload: a SAMM release as a ZIP archive (a few hundred KB).
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;
/// The import re-sends the model's TOML as a form field: URL-encoded, a non-ASCII
/// letter takes up to three times its bytes.
pub const MAX_IMPORT_BYTES: usize = 3 * MAX_MODEL_BYTES + 64 * 1024;

/// The field ids the errors link to.
const FILE: &str = "model-file";
const VERSION: &str = "model-version";

/// A stored model as the list shows it.
pub struct ModelRow {
    pub key: String,
    pub name: String,
    pub questions: Option<usize>,
    /// The rounds that pin it, as (id, name).
    pub rounds: Vec<(i64, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/models.html")]
pub struct ListPage {
    ctx: Ctx,
    models: Vec<ModelRow>,
    /// The key of the model just imported (the confirmation).
    imported: Option<String>,
    /// The upload's refusals, each tied to the field it is about.
    errors: FormErrors,
    /// The file sent, named in the refusal.
    file: String,
    version: String,
}

impl ListPage {
    /// The number of problems with the file (beside the file field).
    fn file_problems(&self) -> usize {
        self.errors.iter().filter(|e| e.field == FILE).count()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/models_preview.html")]
pub struct PreviewPage {
    ctx: Ctx,
    key: String,
    name: String,
    file: String,
    languages: String,
    groups: usize,
    dimensions: usize,
    questions: usize,
    scale: String,
    credit: Option<String>,
    /// The questionnaire in Danish, then in English.
    langs: Vec<LangView>,
    /// The checked model, sent back to be imported.
    toml: String,
}

async fn rows(state: &AppState, lang: Lang) -> AppResult<Vec<ModelRow>> {
    let mut used: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for r in state.store.rounds().await? {
        used.entry(format!("{}@{}", r.model_id, r.model_version))
            .or_default()
            .push((r.id, r.name));
    }
    let mut out = Vec::new();
    for (id, version) in state.store.models().await? {
        // A stored model that no longer parses is listed without its name and count.
        let m = state
            .store
            .model_shared(&id, Some(&version))
            .await
            .ok()
            .flatten();
        let key = format!("{id}@{version}");
        out.push(ModelRow {
            name: m
                .as_ref()
                .map(|m| m.name.get(lang.code()).to_string())
                .unwrap_or_default(),
            questions: m.as_ref().map(|m| m.question_count()),
            rounds: used.remove(&key).unwrap_or_default(),
            key,
        });
    }
    Ok(out)
}

async fn list_page(
    state: &AppState,
    ctx: Ctx,
    imported: Option<String>,
    errors: FormErrors,
) -> AppResult<ListPage> {
    let models = rows(state, ctx.lang).await?;
    // Only a stored key is confirmed: the query is anyone's to write.
    let imported = imported.filter(|k| models.iter().any(|m| &m.key == k));
    Ok(ListPage {
        ctx,
        models,
        imported,
        errors,
        file: String::new(),
        version: String::new(),
    })
}

#[derive(Deserialize)]
pub struct ListQuery {
    imported: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    who: Organiser,
    Query(q): Query<ListQuery>,
) -> AppResult<ListPage> {
    list_page(&state, who.ctx, q.imported, FormErrors::default()).await
}

/// Why an upload is not previewed.
enum Refusal {
    NoFile,
    NoVersion,
    BadVersion,
    NotText,
    TooLarge(usize),
    Syntax(String),
    Invalid(Vec<ModelProblem>),
    Archive(ArchiveError),
    Samm(Vec<SammProblem>),
}

/// A version as a SAMM upload gives it: it becomes part of `samm@VERSION`, which
/// rounds name models by (so no `@`) and pages show.
fn good_version(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 32
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

fn check_toml(src: &str) -> Result<Model, Refusal> {
    if src.len() > MAX_MODEL_BYTES {
        return Err(Refusal::TooLarge(src.len()));
    }
    Model::from_toml(src).map_err(|e| match e {
        ModelError::Syntax(s) => Refusal::Syntax(s),
        ModelError::Invalid(p) => Refusal::Invalid(p),
    })
}

/// The model in an upload and its TOML: a ZIP is a SAMM release (its `model/` folder),
/// anything else a model file.
fn read_upload(bytes: &[u8], version: &str) -> Result<(Model, String), Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::NoFile);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // Read first: a workbook or a broken archive is said so before a version is asked.
        let files =
            archive::yaml_files(bytes, &archive::Limits::default()).map_err(Refusal::Archive)?;
        if version.is_empty() {
            return Err(Refusal::NoVersion);
        }
        if !good_version(version) {
            return Err(Refusal::BadVersion);
        }
        let m = trappe_core::samm::samm_model(&files, version).map_err(Refusal::Samm)?;
        let src = m.to_toml().map_err(|e| Refusal::Syntax(e.to_string()))?;
        // The TOML is what the import reads back: it must pass the same checks.
        let m = check_toml(&src)?;
        return Ok((m, src));
    }
    let src = std::str::from_utf8(bytes).map_err(|_| Refusal::NotText)?;
    let src = src
        .strip_prefix('\u{feff}')
        .unwrap_or(src)
        .replace("\r\n", "\n");
    let m = check_toml(&src)?;
    Ok((m, src))
}

fn mb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// Each refusal in words, with its place, tied to the field it is about.
fn explain(lang: Lang, r: Refusal) -> FormErrors {
    let mut e = FormErrors::default();
    let t = |key: &str, args: &[(&'static str, String)]| lang.t_text(key, args);
    match r {
        Refusal::NoFile => e.add(FILE, lang.t("model-no-file")),
        Refusal::NoVersion => e.add(VERSION, lang.t("model-version-missing")),
        Refusal::BadVersion => e.add(VERSION, lang.t("model-version-bad")),
        Refusal::NotText => e.add(FILE, lang.t("model-not-text")),
        Refusal::TooLarge(n) => e.add(
            FILE,
            t(
                "model-too-large",
                &[("size", mb(n)), ("limit", mb(MAX_MODEL_BYTES))],
            ),
        ),
        Refusal::Syntax(s) => e.add(FILE, t("model-syntax", &[("detail", s)])),
        Refusal::Invalid(problems) => {
            for p in problems {
                let msg = match p.line {
                    Some(l) => lang.t_args(
                        "model-problem-line",
                        &[
                            ("line", arg_count(l)),
                            ("path", arg_text(&p.path)),
                            ("message", arg_text(&p.message)),
                        ],
                    ),
                    None => t(
                        "model-problem-field",
                        &[("path", p.path), ("message", p.message)],
                    ),
                };
                e.add(FILE, msg);
            }
        }
        Refusal::Samm(problems) => {
            for p in problems {
                e.add(
                    FILE,
                    t(
                        "model-problem-file",
                        &[
                            ("file", format!("model/{}", p.file)),
                            ("message", p.message),
                        ],
                    ),
                );
            }
        }
        Refusal::Archive(a) => {
            let msg = match a {
                ArchiveError::Unreadable(d) => t("model-zip-unreadable", &[("detail", d)]),
                ArchiveError::TooManyEntries { entries, limit } => t(
                    "model-zip-too-many",
                    &[
                        ("entries", entries.to_string()),
                        ("limit", limit.to_string()),
                    ],
                ),
                ArchiveError::TooLarge { bytes, limit } => t(
                    "model-zip-too-large",
                    &[
                        ("size", mb(usize::try_from(bytes).unwrap_or(usize::MAX))),
                        ("limit", mb(usize::try_from(limit).unwrap_or(usize::MAX))),
                    ],
                ),
                ArchiveError::UnsafePath(n) => t("model-zip-unsafe", &[("name", n)]),
                ArchiveError::Encrypted(n) => t("model-zip-encrypted", &[("name", n)]),
                ArchiveError::NoModelFolder => lang.t("model-zip-no-model"),
                ArchiveError::Workbook => lang.t("model-zip-workbook"),
                ArchiveError::TwoModelFolders(a, b) => {
                    t("model-zip-two-models", &[("a", a), ("b", b)])
                }
                ArchiveError::NotText(n) => {
                    t("model-zip-not-text", &[("name", format!("model/{n}"))])
                }
            };
            e.add(FILE, msg);
        }
    }
    e
}

/// The list page again with the refusals (nothing stored).
async fn refused(
    state: &AppState,
    ctx: Ctx,
    errors: FormErrors,
    file: String,
    version: String,
    status: StatusCode,
) -> AppResult<Response> {
    let mut page = list_page(state, ctx, None, errors).await?;
    page.file = file;
    page.version = version;
    Ok((status, page).into_response())
}

fn exists_error(lang: Lang, key: &str) -> FormErrors {
    let mut e = FormErrors::default();
    e.add(
        FILE,
        lang.t_text("model-exists", &[("key", key.to_string())]),
    );
    e
}

async fn stored(state: &AppState, m: &Model) -> AppResult<bool> {
    Ok(state
        .store
        .models()
        .await?
        .iter()
        .any(|(id, v)| *id == m.id && *v == m.version))
}

/// Receives the upload (multipart: `csrf` first, then `version` and `file`), and
/// shows its problems or the preview. Nothing is stored.
pub async fn preview(
    State(state): State<AppState>,
    who: Organiser,
    mut form: Multipart,
) -> AppResult<Response> {
    let bad = crate::access::multipart_error(MAX_UPLOAD_BYTES);
    crate::access::csrf_field(&mut form, &who.user.csrf_token, MAX_UPLOAD_BYTES).await?;
    let (mut file, mut version, mut bytes) = (String::new(), String::new(), Vec::new());
    while let Some(f) = form.next_field().await.map_err(bad)? {
        match f.name() {
            Some("version") => version = f.text().await.map_err(bad)?.trim().to_string(),
            Some("file") => {
                file = f.file_name().unwrap_or("").to_string();
                bytes = f.bytes().await.map_err(bad)?.to_vec();
            }
            _ => {}
        }
    }
    let lang = who.ctx.lang;
    let v = version.clone();
    // Unpacking and checking a SAMM release takes a while: off the request threads.
    let read = tokio::task::spawn_blocking(move || read_upload(&bytes, &v))
        .await
        .map_err(|e| anyhow::anyhow!("reading the model failed: {e}"))?;
    let (m, toml) = match read {
        Ok(ok) => ok,
        Err(r) => {
            let errors = explain(lang, r);
            return refused(
                &state,
                who.ctx,
                errors,
                file,
                version,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if stored(&state, &m).await? {
        let errors = exists_error(lang, &m.key());
        return refused(&state, who.ctx, errors, file, version, StatusCode::CONFLICT).await;
    }
    let langs = ["da", "en"]
        .into_iter()
        .map(|l| LangView::new(&m, lang, l))
        .collect();
    let scale = format!(
        "{}–{}",
        value_text(lang, f64::from(m.scale.min)),
        value_text(lang, f64::from(m.scale.max))
    );
    Ok(PreviewPage {
        key: m.key(),
        name: m.name.get(lang.code()).to_string(),
        file,
        languages: m.languages.join(", "),
        groups: m.groups.len(),
        dimensions: m.dimensions.len(),
        questions: m.question_count(),
        scale,
        credit: m.credit.as_ref().map(|c| c.get(lang.code()).to_string()),
        langs,
        toml,
        ctx: who.ctx,
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    toml: String,
}

/// Imports the model the preview sent back, checked again; an `id@version` already
/// stored is refused and left as it is.
pub async fn import(
    State(state): State<AppState>,
    AdminForm { who, form }: AdminForm<ImportForm>,
) -> AppResult<Response> {
    let lang = who.ctx.lang;
    // A browser sends a form's line breaks as CRLF.
    let src = form.toml.replace("\r\n", "\n");
    let m = match check_toml(&src) {
        Ok(m) => m,
        Err(r) => {
            let errors = explain(lang, r);
            return refused(
                &state,
                who.ctx,
                errors,
                String::new(),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let key = m.key();
    let refuse = |ctx: Ctx| {
        let errors = exists_error(lang, &key);
        refused(
            &state,
            ctx,
            errors,
            String::new(),
            String::new(),
            StatusCode::CONFLICT,
        )
    };
    // The store takes the same model again as "already present"; here any stored
    // id@version is refused, so that an import never looks like it changed one.
    if stored(&state, &m).await? {
        return refuse(who.ctx).await;
    }
    match state.store.import_model(&m, &src).await {
        Ok(ModelImport::Added) => {}
        Ok(ModelImport::AlreadyPresent) | Err(StoreError::Conflict(_)) => {
            return refuse(who.ctx).await
        }
        Err(e) => return Err(e.into()),
    }
    who.audit(&state.store, "model_imported", Some(&key), None)
        .await?;
    let to = format!(
        "/admin/models?imported={}",
        crate::kit::page::form_urlencode(&key)
    );
    Ok(Redirect::to(&to).into_response())
}
