//! The organiser's dashboard and rounds: organisations added by hand, rounds made,
//! opened and closed, deadlines, and links made for an organisation.

use crate::access::{AdminForm, FormOrg, OrgPost, Organiser};
use crate::kit::error::{AppError, AppResult};
use crate::kit::form::FormErrors;
use crate::kit::page::Ctx;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trappe_core::{NewOrg, OrgError};
use trappe_store::{
    MadeBy, Org, ResultsShown, Round, RoundLanguage, RoundOptions, RoundRefusal, RoundStatus,
    StoreError,
};

// ---- dashboard: rounds and organisations ----

pub struct RoundLine {
    round: Round,
    participants: usize,
    complete: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/admin.html")]
pub struct AdminPage {
    ctx: Ctx,
    rounds: Vec<RoundLine>,
    orgs: Vec<Org>,
    models: Vec<(String, String)>,
    errors: FormErrors,
    /// What was typed into the forms, shown again beside their errors.
    org: OrgForm,
    round: RoundForm,
    /// Whether the demo's data is stored (a link to remove it).
    demo: bool,
}

impl AdminPage {
    /// Whether the round form had the model `id@version` chosen.
    fn picked(&self, id: &str, version: &str) -> bool {
        self.round.model == format!("{id}@{version}")
    }
}

async fn admin_page(
    state: &AppState,
    ctx: Ctx,
    errors: FormErrors,
    org: OrgForm,
    round: RoundForm,
) -> AppResult<AdminPage> {
    let mut rounds = Vec::new();
    for round in state.store.rounds().await? {
        let p = state.store.participants(round.id).await?;
        rounds.push(RoundLine {
            participants: p.len(),
            complete: p.iter().map(|p| p.complete).sum(),
            round,
        });
    }
    Ok(AdminPage {
        ctx,
        rounds,
        orgs: state.store.orgs().await?,
        models: state.store.models().await?,
        errors,
        org,
        round,
        demo: !state.store.demo_data().await?.is_empty(),
    })
}

/// The page again with its errors (422).
async fn refused(
    state: &AppState,
    ctx: Ctx,
    errors: FormErrors,
    org: OrgForm,
    round: RoundForm,
) -> AppResult<Response> {
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        admin_page(state, ctx, errors, org, round).await?,
    )
        .into_response())
}

pub async fn dashboard(State(state): State<AppState>, who: Organiser) -> AppResult<AdminPage> {
    admin_page(
        &state,
        who.ctx,
        FormErrors::default(),
        OrgForm::default(),
        RoundForm::default(),
    )
    .await
}

/// The organisation form (adding on /admin, editing on the organisation's page).
#[derive(Deserialize, Default)]
pub struct OrgForm {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) cvr: String,
    #[serde(default)]
    pub(crate) tags: String,
    #[serde(default)]
    pub(crate) contact_email: String,
}

impl OrgForm {
    /// The organisation as typed (tags separated by commas), checked.
    pub(crate) fn org(&self) -> Result<NewOrg, OrgError> {
        let tags: Vec<String> = self.tags.split(',').map(str::to_string).collect();
        NewOrg::parse(&self.name, &self.kind, Some(&self.cvr), &tags)
            .and_then(|o| o.with_contact_email(Some(&self.contact_email)))
    }
}

pub async fn add_org(
    State(state): State<AppState>,
    AdminForm { who, form }: AdminForm<OrgForm>,
) -> AppResult<Response> {
    let ctx = &who.ctx;
    let mut errors = FormErrors::default();
    match form.org() {
        Ok(org) => match state.store.add_org(&org).await {
            Ok(_) => return Ok(Redirect::to("/admin#orgs").into_response()),
            Err(StoreError::Conflict(_)) => errors.add("org-name", ctx.t("err-org-exists")),
            Err(StoreError::Invalid(e)) => errors.add("org-tags", e),
            Err(e) => return Err(e.into()),
        },
        Err(e) => {
            let (field, key) = org_error_field(&e);
            let cvr =
                fluent_templates::fluent_bundle::FluentValue::from(form.cvr.trim().to_string());
            errors.add(field, ctx.lang.t_args(key, &[("cvr", cvr)]));
        }
    }
    refused(&state, who.ctx, errors, form, RoundForm::default()).await
}

/// The organisation form's field an error belongs to, and its message's key.
pub(crate) fn org_error_field(e: &OrgError) -> (&'static str, &'static str) {
    match e {
        OrgError::EmptyName => ("org-name", "err-org-name"),
        OrgError::UnknownKind(_) => ("org-kind", "err-org-kind"),
        OrgError::CvrFormat(_) => ("org-cvr", "err-org-cvr-format"),
        OrgError::CvrChecksum(_) => ("org-cvr", "err-org-cvr-checksum"),
        OrgError::ContactEmail(_) => ("org-contact-email", "err-org-contact-email"),
    }
}

/// The round form as typed: numbers are read here, so that a wrong one gets a message
/// next to its field rather than an error page.
#[derive(Deserialize, Clone)]
pub struct RoundForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    model: String,
    #[serde(default)]
    min_responses: String,
    /// Organisations a peer group needs before its figures show (default 5).
    #[serde(default)]
    min_orgs: String,
    /// Days after closing that the round's data is kept (default 3 years).
    #[serde(default)]
    retention_days: String,
    /// When organisations see results: "closed" (default) or "batches".
    #[serde(default)]
    results_shown: String,
    /// Independent responses before per-question tallies show (default 10).
    #[serde(default)]
    min_tally: String,
    /// The last day to answer, YYYY-MM-DD (empty: none).
    #[serde(default)]
    deadline: String,
    /// "1": the round closes itself once the deadline day has ended.
    #[serde(default)]
    close_after_deadline: String,
    /// The round's language: da (default) or en.
    #[serde(default)]
    language: String,
}

impl Default for RoundForm {
    fn default() -> RoundForm {
        RoundForm {
            name: String::new(),
            model: String::new(),
            min_responses: "3".into(),
            min_orgs: "5".into(),
            retention_days: trappe_store::DEFAULT_RETENTION_DAYS.to_string(),
            results_shown: "closed".into(),
            min_tally: trappe_store::DEFAULT_MIN_TALLY.to_string(),
            deadline: String::new(),
            close_after_deadline: String::new(),
            language: "da".into(),
        }
    }
}

/// A whole number from `min` to `max` typed into `field` (empty: `default`), or an error
/// saying so next to it.
fn whole(
    ctx: &Ctx,
    errors: &mut FormErrors,
    field: &'static str,
    typed: &str,
    default: i64,
    (min, max): (i64, i64),
) -> i64 {
    let typed = typed.trim();
    match typed.parse::<i64>() {
        _ if typed.is_empty() => default,
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            errors.add(field, ctx.t2("err-number-range", "min", min, "max", max));
            default
        }
    }
}

pub async fn create_round(
    State(state): State<AppState>,
    AdminForm { who, form }: AdminForm<RoundForm>,
) -> AppResult<Response> {
    let ctx = &who.ctx;
    let mut errors = FormErrors::default();
    if form.name.trim().is_empty() {
        errors.add("round-name", ctx.t("err-round-name"));
    }
    let (id, version) = form.model.split_once('@').unwrap_or((&form.model, ""));
    if state.store.model(id, Some(version)).await?.is_none() {
        errors.add("round-model", ctx.t("err-round-model"));
    }
    let min_responses = whole(
        ctx,
        &mut errors,
        "round-min",
        &form.min_responses,
        3,
        (1, 100),
    );
    let min_orgs = whole(
        ctx,
        &mut errors,
        "round-min-orgs",
        &form.min_orgs,
        5,
        (1, 100),
    );
    let retention = whole(
        ctx,
        &mut errors,
        "round-retention",
        &form.retention_days,
        trappe_store::DEFAULT_RETENTION_DAYS,
        (0, trappe_store::MAX_RETENTION_DAYS),
    );
    let min_tally = whole(
        ctx,
        &mut errors,
        "round-min-tally",
        &form.min_tally,
        trappe_store::DEFAULT_MIN_TALLY.max(min_responses),
        (min_responses, trappe_store::MAX_MIN_TALLY),
    );
    // An old form without the field keeps the default: results once the round closes.
    let results_shown = match form.results_shown.as_str() {
        "" => ResultsShown::Closed,
        s => ResultsShown::parse(s).ok_or_else(|| {
            AppError::BadRequest("results_shown must be closed or batches".into())
        })?,
    };
    let deadline = deadline_field(ctx, &mut errors, "round-deadline", &form.deadline);
    let close_after_deadline = form.close_after_deadline == "1";
    if close_after_deadline && deadline.is_none() && form.deadline.trim().is_empty() {
        errors.add("round-deadline", ctx.t("err-deadline-needed"));
    }
    let language = language_field(&form.language)?;
    if !errors.is_empty() {
        return refused(&state, who.ctx, errors, OrgForm::default(), form).await;
    }
    let options = RoundOptions {
        retention_days: retention,
        results_shown,
        min_tally,
        deadline,
        close_after_deadline,
        language,
    };
    match state
        .store
        .create_round_with_options(&form.name, id, version, min_responses, min_orgs, &options)
        .await
    {
        Ok(round) => Ok(Redirect::to(&format!("/admin/rounds/{round}")).into_response()),
        Err(StoreError::Round(r)) => {
            // The form's own checks come first; this is the store's word for the rest.
            let max = trappe_store::MAX_RETENTION_DAYS;
            match r {
                RoundRefusal::NoName => errors.add("round-name", ctx.t("err-round-name")),
                RoundRefusal::Retention => errors.add(
                    "round-retention",
                    ctx.t2("err-number-range", "min", 0i64, "max", max),
                ),
                RoundRefusal::Thresholds => {
                    errors.add("round-min", ctx.t("round-refused-thresholds"))
                }
                RoundRefusal::Tally => errors.add(
                    "round-min-tally",
                    ctx.t2(
                        "err-number-range",
                        "min",
                        min_responses,
                        "max",
                        trappe_store::MAX_MIN_TALLY,
                    ),
                ),
            }
            refused(&state, who.ctx, errors, OrgForm::default(), form).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A deadline typed into `field` (empty: none), or an error next to it naming the
/// problem.
fn deadline_field(
    ctx: &Ctx,
    errors: &mut FormErrors,
    field: &'static str,
    typed: &str,
) -> Option<chrono::NaiveDate> {
    if typed.trim().is_empty() {
        return None;
    }
    let parsed = trappe_core::deadline::parse_date(typed)
        .ok()
        .and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d));
    if parsed.is_none() {
        let v = fluent_templates::fluent_bundle::FluentValue::from(typed.trim().to_string());
        errors.add(field, ctx.lang.t_args("err-deadline", &[("date", v)]));
    }
    parsed
}

/// The round language field (empty: Danish).
fn language_field(typed: &str) -> AppResult<RoundLanguage> {
    match typed {
        "" => Ok(RoundLanguage::Da),
        s => RoundLanguage::parse(s)
            .ok_or_else(|| AppError::BadRequest("language must be da or en".into())),
    }
}

// ---- one round ----

#[derive(Deserialize)]
pub struct DeadlineForm {
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    close_after_deadline: String,
    #[serde(default)]
    language: String,
}

/// Changes a draft or open round's deadline, self-closing and language.
pub async fn set_deadline(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { who, form }: AdminForm<DeadlineForm>,
) -> AppResult<Response> {
    let ctx = &who.ctx;
    let mut errors = FormErrors::default();
    let deadline = deadline_field(ctx, &mut errors, "round-deadline", &form.deadline);
    let close = form.close_after_deadline == "1";
    if close && deadline.is_none() && errors.is_empty() {
        errors.add("round-deadline", ctx.t("err-deadline-needed"));
    }
    let language = language_field(&form.language)?;
    if let Some(message) = errors.get("round-deadline") {
        return Err(AppError::Refused(message.to_string()));
    }
    match state
        .store
        .set_round_deadline(id, deadline, close, language)
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            return Err(AppError::Refused(ctx.t("err-deadline-closed")))
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/admin/rounds/{id}#deadline")).into_response())
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

pub async fn set_status(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    AdminForm { form, .. }: AdminForm<StatusForm>,
) -> AppResult<Response> {
    let status = match form.status.as_str() {
        "open" => RoundStatus::Open,
        "closed" => RoundStatus::Closed,
        _ => return Err(AppError::BadRequest("status must be open or closed".into())),
    };
    state.store.set_round_status(id, status).await?;
    Ok(Redirect::to(&format!("/admin/rounds/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct InviteForm {
    org: i64,
    kind: String,
    count: i64,
    /// How the new links are handed over: "screen" (default), "csv" or "xlsx" (the
    /// answer is the file; only hashes are kept, so it cannot be fetched again later).
    #[serde(default)]
    output: String,
}

impl FormOrg for InviteForm {
    fn org(&self) -> i64 {
        self.org
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/links.html")]
pub struct LinksPage {
    ctx: Ctx,
    round: Round,
    org: Org,
    open: bool,
    count: i64,
    links: Vec<String>,
    /// Where the page leads back to: the round for an organiser, the organisation's
    /// results for a contact.
    back: String,
    /// Made by the organisation's own staff: say they count apart until approved.
    staff: bool,
}

impl LinksPage {
    fn all_links(&self) -> String {
        self.links.join("\n")
    }
}

pub async fn invite(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    OrgPost { who, form }: OrgPost<InviteForm>,
) -> AppResult<Response> {
    let round = state.store.round(id).await?.ok_or(AppError::NotFound)?;
    let org = state.store.org(form.org).await?.ok_or(AppError::NotFound)?;
    // A contact brings respondents to the rounds its organisation takes part in; adding
    // an organisation to a round is the organiser's.
    let back = if who.level.is_organiser() {
        format!("/admin/rounds/{id}")
    } else {
        if state
            .store
            .participants_of(id, Some(org.id))
            .await?
            .is_empty()
        {
            return Err(AppError::NotFound);
        }
        format!("/admin/rounds/{id}/orgs/{}", org.id)
    };
    let open = form.kind == "open";
    let by = if who.level.is_organiser() {
        MadeBy::Organiser
    } else {
        MadeBy::Staff
    };
    let tokens = if open {
        vec![
            state
                .store
                .create_open_link_by(id, org.id, form.count, by)
                .await?,
        ]
    } else {
        state
            .store
            .create_invitations_by(id, org.id, usize::try_from(form.count).unwrap_or(0), by)
            .await?
    };
    let base = state.config.base_url.trim_end_matches('/');
    let links: Vec<String> = tokens.iter().map(|t| format!("{base}/s/{t}")).collect();
    if let ext @ ("csv" | "xlsx") = form.output.as_str() {
        return links_file(&who.ctx, id, &org, open, &links, ext);
    }
    Ok(LinksPage {
        ctx: who.ctx,
        round,
        org,
        open,
        count: form.count,
        links,
        back,
        staff: by == MadeBy::Staff,
    }
    .into_response())
}

/// Links just made, as a CSV or XLSX file for a mail merge (organisation, kind, link),
/// never cached: this answer is the only time the links exist in clear.
fn links_file(
    ctx: &Ctx,
    round: i64,
    org: &Org,
    open: bool,
    links: &[String],
    ext: &str,
) -> AppResult<Response> {
    use crate::measurement::export_view::{self, Cell, Locale};
    let header: Vec<String> = ["organisation", "link-kind", "links-file-link"]
        .iter()
        .map(|k| ctx.t(k))
        .collect();
    let kind = ctx.t(if open {
        "link-kind-open"
    } else {
        "link-kind-single"
    });
    let rows: Vec<Vec<Cell>> = links
        .iter()
        .map(|l| {
            vec![
                Cell::text(org.name.clone()),
                Cell::text(kind.clone()),
                Cell::text(l.clone()),
            ]
        })
        .collect();
    let (body, content_type) = if ext == "csv" {
        let locale = Locale::parse(ctx.code()).unwrap_or_default();
        (
            export_view::csv_rows(&header, &rows, locale),
            export_view::CSV_CONTENT_TYPE,
        )
    } else {
        (
            export_view::xlsx_sheets(&[("links", &header, &rows)]),
            export_view::XLSX_CONTENT_TYPE,
        )
    };
    let body = body.map_err(|e| AppError::Internal(e.into()))?;
    let name = format!("trappe-runde-{round}-links-{}.{ext}", org.id);
    Ok(super::export::attachment(content_type, &name, body))
}
