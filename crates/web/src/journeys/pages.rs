//! An organisation's citizen journeys (issue 5): the list and the form that makes one,
//! the journey page (figures per period, feedback links with QR codes, comments, CSV
//! import) and the edit form. Organisers and the organisation's contacts manage;
//! viewers read. The journey page is built in `crate::journeys::journey_view`; the citizens' form is in
//! `feedback.rs`.

use crate::access::{csrf_matches, OrgAccess, OrgEdit, OrgEditor};
use crate::journeys::journey_view::{channel_name, journey_page, link_url, JourneyPage, PageQuery};
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::kit::refusals::Explain;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use trappe_core::contacts::Channel;
use trappe_core::journey::{parse_feedback_csv, Scale, MAX_MOMENTS, MIN_MOMENTS};
use trappe_store::{
    FeedbackLink, Journey, JourneyEdit, Moment, NewJourney, StoreError,
    DEFAULT_JOURNEY_RETENTION_DAYS,
};

/// The journey of `id` when it belongs to organisation `org`; 404 otherwise.
async fn journey_of(state: &AppState, org: i64, id: i64) -> AppResult<Journey> {
    match state.store.journey(id).await? {
        Some(j) if j.org_id == org => Ok(j),
        _ => Err(AppError::NotFound),
    }
}

async fn org_name(state: &AppState, org: i64) -> AppResult<String> {
    Ok(state.store.org(org).await?.ok_or(AppError::NotFound)?.name)
}

/// (value, label) of every channel, for the moment selects.
fn channels(ctx: &Ctx) -> Vec<(String, String)> {
    Channel::ALL
        .iter()
        .map(|c| (c.name().to_string(), channel_name(ctx.lang, Some(c.name()))))
        .collect()
}

/// A moment id from its Danish name: a-z, 0-9 and '-', at most 40 characters.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.trim().to_lowercase().chars() {
        let piece = match ch {
            'æ' => "ae",
            'ø' => "oe",
            'å' => "aa",
            'é' | 'è' | 'ê' => "e",
            'ü' => "u",
            'ö' => "o",
            'ä' => "a",
            c if c.is_ascii_lowercase() || c.is_ascii_digit() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if piece == "-" && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push_str(piece);
    }
    let mut s: String = out.trim_end_matches('-').chars().take(40).collect();
    while s.ends_with('-') {
        s.pop();
    }
    s
}

// ---- the list and the form that makes a journey ----

/// One row of the create form, as typed.
#[derive(Default, Clone)]
pub struct MomentInput {
    pub id: String,
    pub da: String,
    pub en: String,
    pub channel: String,
}

pub struct CreateInput {
    pub name: String,
    pub service: String,
    pub scale: String,
    pub retention: String,
    pub rows: Vec<MomentInput>,
}

impl Default for CreateInput {
    fn default() -> CreateInput {
        CreateInput {
            name: String::new(),
            service: String::new(),
            scale: Scale::Bipolar7.name().into(),
            retention: DEFAULT_JOURNEY_RETENTION_DAYS.to_string(),
            rows: vec![MomentInput::default(); MAX_MOMENTS],
        }
    }
}

impl CreateInput {
    fn parse(fields: &[(String, String)]) -> CreateInput {
        let mut c = CreateInput::default();
        for (k, v) in fields {
            match k.as_str() {
                "name" => c.name = v.clone(),
                "service" => c.service = v.clone(),
                "scale" => c.scale = v.clone(),
                "retention_days" => c.retention = v.clone(),
                _ => {
                    let Some((field, n)) = k.split_once('.') else {
                        continue;
                    };
                    let Some(row) = n
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|i| c.rows.get_mut(i))
                    else {
                        continue;
                    };
                    match field {
                        "id" => row.id = v.clone(),
                        "da" => row.da = v.clone(),
                        "en" => row.en = v.clone(),
                        "ch" => row.channel = v.clone(),
                        _ => {}
                    }
                }
            }
        }
        c
    }

    /// The journey to make, or the problem in the visitor's language.
    fn journey(&self, ctx: &Ctx) -> Result<NewJourney, String> {
        let scale = Scale::from_name(&self.scale).ok_or_else(|| ctx.t("journey-error-scale"))?;
        let retention_days = self
            .retention
            .trim()
            .parse::<i64>()
            .map_err(|_| ctx.t("journey-error-retention"))?;
        let mut moments: Vec<Moment> = Vec::new();
        for r in &self.rows {
            if r.da.trim().is_empty() && r.id.trim().is_empty() {
                continue;
            }
            let mut id = match r.id.trim() {
                "" => slug(&r.da),
                given => given.to_lowercase(),
            };
            if id.is_empty() {
                id = format!("m{}", moments.len() + 1);
            }
            // Two moments with the same name get different ids.
            if moments.iter().any(|m| m.id == id) {
                let base = id.clone();
                let mut n = 2;
                while moments.iter().any(|m| m.id == id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
            }
            moments.push(Moment {
                id,
                name_da: r.da.trim().to_string(),
                name_en: r.en.trim().to_string(),
                channel: Some(r.channel.clone()).filter(|c| !c.is_empty()),
            });
        }
        if !(MIN_MOMENTS..=MAX_MOMENTS).contains(&moments.len()) {
            return Err(ctx.lang.t_args(
                "journey-error-count",
                &[
                    ("n", FluentValue::from(moments.len() as f64)),
                    ("min", FluentValue::from(MIN_MOMENTS as f64)),
                    ("max", FluentValue::from(MAX_MOMENTS as f64)),
                ],
            ));
        }
        Ok(NewJourney {
            name: self.name.clone(),
            service: self.service.clone(),
            scale,
            retention_days,
            moments,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "journeys/journeys.html")]
pub struct JourneysPage {
    ctx: Ctx,
    org_id: i64,
    org_name: String,
    can_edit: bool,
    journeys: Vec<(Journey, i64)>,
    error: Option<String>,
    input: CreateInput,
    channels: Vec<(String, String)>,
}

async fn journeys_page(
    state: &AppState,
    who: &OrgAccess,
    input: CreateInput,
    error: Option<String>,
) -> AppResult<JourneysPage> {
    Ok(JourneysPage {
        org_id: who.org,
        org_name: org_name(state, who.org).await?,
        can_edit: who.level.can_edit(),
        journeys: state.store.journeys_of(who.org).await?,
        error,
        input,
        channels: channels(&who.ctx),
        ctx: who.ctx.clone(),
    })
}

pub async fn list(State(state): State<AppState>, who: OrgAccess) -> AppResult<JourneysPage> {
    journeys_page(&state, &who, CreateInput::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    OrgEdit { who, form }: OrgEdit<Vec<(String, String)>>,
) -> AppResult<Response> {
    let input = CreateInput::parse(&form);
    let made = match input.journey(&who.ctx) {
        Ok(j) => state
            .store
            .create_journey(who.org, &j)
            .await
            .map_err(|e| match e {
                StoreError::Journey(r) => Ok(r.explain(who.ctx.lang)),
                other => Err(other),
            }),
        Err(m) => Err(Ok(m)),
    };
    match made {
        Ok(id) => {
            who.audit(
                &state.store,
                "journey_created",
                Some(&format!("journey {id}")),
                Some(&format!("org {}", who.org)),
            )
            .await?;
            Ok(Redirect::to(&format!("/admin/orgs/{}/journeys/{id}", who.org)).into_response())
        }
        Err(Ok(msg)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            journeys_page(&state, &who, input, Some(msg)).await?,
        )
            .into_response()),
        Err(Err(e)) => Err(e.into()),
    }
}

// ---- the journey page ----

pub async fn page(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((_, id)): Path<(i64, i64)>,
    Query(query): Query<PageQuery>,
) -> AppResult<JourneyPage> {
    let j = journey_of(&state, who.org, id).await?;
    who.audit(
        &state.store,
        "results_viewed",
        Some(&format!("journey {id}")),
        Some("journey page"),
    )
    .await?;
    journey_page(&state, &who, j, query, Vec::new()).await
}

// ---- editing ----

#[derive(Template, WebTemplate)]
#[template(path = "journeys/journey_edit.html")]
pub struct EditPage {
    ctx: Ctx,
    org_id: i64,
    journey: Journey,
    error: Option<String>,
    channels: Vec<(String, String)>,
}

pub async fn edit_page(
    State(state): State<AppState>,
    OrgEditor(who): OrgEditor,
    Path((_, id)): Path<(i64, i64)>,
) -> AppResult<EditPage> {
    let journey = journey_of(&state, who.org, id).await?;
    Ok(EditPage {
        org_id: who.org,
        journey,
        error: None,
        channels: channels(&who.ctx),
        ctx: who.ctx,
    })
}

pub async fn edit(
    State(state): State<AppState>,
    Path((_, id)): Path<(i64, i64)>,
    OrgEdit { who, form }: OrgEdit<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut journey = journey_of(&state, who.org, id).await?;
    let get = |k: &str| {
        form.iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let retention = get("retention_days").trim().parse::<i64>();
    let edit = JourneyEdit {
        name: get("name"),
        service: get("service"),
        retention_days: *retention.as_ref().unwrap_or(&0),
        moments: (1..=journey.moments.len())
            .map(|i| {
                let ch = get(&format!("ch.{i}"));
                (
                    get(&format!("da.{i}")),
                    get(&format!("en.{i}")),
                    Some(ch).filter(|c| !c.is_empty()),
                )
            })
            .collect(),
    };
    let result = match retention {
        Err(_) => Err(who.ctx.t("journey-error-retention")),
        Ok(_) => match state.store.update_journey(id, &edit).await {
            Ok(()) => Ok(()),
            Err(StoreError::Journey(r)) => Err(r.explain(who.ctx.lang)),
            Err(e) => return Err(e.into()),
        },
    };
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/orgs/{}/journeys/{id}", who.org)).into_response())
        }
        Err(msg) => {
            // Show what was typed.
            journey.name = edit.name;
            journey.service = edit.service;
            for (m, (da, en, ch)) in journey.moments.iter_mut().zip(edit.moments) {
                (m.name_da, m.name_en, m.channel) = (da, en, ch);
            }
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                EditPage {
                    org_id: who.org,
                    journey,
                    error: Some(msg),
                    channels: channels(&who.ctx),
                    ctx: who.ctx,
                },
            )
                .into_response())
        }
    }
}

// ---- feedback links and their QR codes ----

#[derive(Deserialize)]
pub struct LinkForm {
    label: String,
}

pub async fn create_link(
    State(state): State<AppState>,
    Path((_, id)): Path<(i64, i64)>,
    OrgEdit { who, form }: OrgEdit<LinkForm>,
) -> AppResult<Response> {
    journey_of(&state, who.org, id).await?;
    let label = match form.label.trim() {
        "" => who.ctx.t("journey-link-default-label"),
        l => l.to_string(),
    };
    match state.store.create_feedback_link(id, &label).await {
        Ok(_) => {}
        // The form caps the label; a longer one comes from elsewhere, and hears why.
        Err(StoreError::Journey(r)) => return Err(AppError::Refused(r.explain(who.ctx.lang))),
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/admin/orgs/{}/journeys/{id}#links", who.org)).into_response())
}

pub async fn revoke_link(
    State(state): State<AppState>,
    Path((_, id, link)): Path<(i64, i64, i64)>,
    OrgEdit { who, .. }: OrgEdit<Vec<(String, String)>>,
) -> AppResult<Response> {
    journey_of(&state, who.org, id).await?;
    state.store.revoke_feedback_link(id, link).await?;
    Ok(Redirect::to(&format!("/admin/orgs/{}/journeys/{id}#links", who.org)).into_response())
}

async fn link_of(state: &AppState, org: i64, id: i64, link: i64) -> AppResult<FeedbackLink> {
    journey_of(state, org, id).await?;
    state
        .store
        .feedback_links(id)
        .await?
        .into_iter()
        .find(|l| l.id == link)
        .ok_or(AppError::NotFound)
}

fn download_name(l: &FeedbackLink, ext: &str) -> String {
    let label: String = l
        .label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!(
        "inline; filename=\"trappe-feedback-{}-{label}.{ext}\"",
        l.id
    )
}

pub async fn qr_svg(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((_, id, link)): Path<(i64, i64, i64)>,
) -> AppResult<Response> {
    let l = link_of(&state, who.org, id, link).await?;
    let svg = crate::journeys::journey_view::qr_svg(&link_url(&state, &l))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml".to_string()),
            (header::CONTENT_DISPOSITION, download_name(&l, "svg")),
        ],
        svg,
    )
        .into_response())
}

pub async fn qr_png(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((_, id, link)): Path<(i64, i64, i64)>,
) -> AppResult<Response> {
    let l = link_of(&state, who.org, id, link).await?;
    let png = crate::journeys::journey_view::qr_png(&link_url(&state, &l))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png".to_string()),
            (header::CONTENT_DISPOSITION, download_name(&l, "png")),
        ],
        png,
    )
        .into_response())
}

// ---- CSV import ----

/// The import form's fields: a file upload (multipart) or pasted text (urlencoded).
async fn import_fields(req: Request, state: &AppState) -> AppResult<Vec<(String, String)>> {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let axum::Form(fields) = axum::Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(format!("unreadable form: {e}")))?;
        return Ok(fields);
    }
    let mut mp = Multipart::from_request(req, state)
        .await
        .map_err(|e| AppError::BadRequest(format!("unreadable upload: {e}")))?;
    let mut fields = Vec::new();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("unreadable upload: {e}")))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::BadRequest(format!("unreadable upload: {e}")))?;
        // Feedback files are UTF-8 (with or without a BOM); Excel's Windows-1252 too.
        let text = match String::from_utf8(bytes.to_vec()) {
            Ok(t) => t,
            Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
        };
        fields.push((name, text));
    }
    Ok(fields)
}

pub async fn import(
    State(state): State<AppState>,
    OrgEditor(who): OrgEditor,
    Path((_, id)): Path<(i64, i64)>,
    req: Request,
) -> AppResult<Response> {
    let fields = import_fields(req, &state).await?;
    let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.as_str());
    if !get("csrf").is_some_and(|c| csrf_matches(c, &who.user.csrf_token)) {
        return Err(AppError::Forbidden("missing or wrong CSRF token"));
    }
    let j = journey_of(&state, who.org, id).await?;
    // The file when one was chosen, else the pasted text.
    let text = get("file")
        .filter(|t| !t.trim().is_empty())
        .or(get("csv"))
        .unwrap_or("");
    let lang = who.ctx.lang;
    let problems: Vec<String> = if text.trim().is_empty() {
        vec![who.ctx.t("journey-import-empty")]
    } else {
        match parse_feedback_csv(text, &j.moment_ids(), j.scale) {
            Ok(rows) if rows.is_empty() => vec![who.ctx.t("journey-import-empty")],
            Ok(rows) => {
                let n = state.store.import_feedback(id, &rows).await?;
                who.audit(
                    &state.store,
                    "journey_import",
                    Some(&format!("journey {id}")),
                    Some(&format!("{n} responses")),
                )
                .await?;
                return Ok(Redirect::to(&format!(
                    "/admin/orgs/{}/journeys/{id}?imported={n}#import",
                    who.org
                ))
                .into_response());
            }
            Err(problems) => problems
                .iter()
                .map(|p| {
                    lang.t_args(
                        "journey-import-problem",
                        &[
                            ("line", FluentValue::from(p.line as f64)),
                            ("column", FluentValue::from(p.column.clone())),
                            ("reason", FluentValue::from(p.reason.clone())),
                        ],
                    )
                })
                .collect(),
        }
    };
    let page = journey_page(&state, &who, j, PageQuery::default(), problems).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moment_ids_from_danish_names() {
        assert_eq!(slug("Find information"), "find-information");
        assert_eq!(
            slug("  Ansøgning på borger.dk "),
            "ansoegning-paa-borger-dk"
        );
        assert_eq!(slug("Afgørelse!!"), "afgoerelse");
        assert_eq!(slug("???"), "");
        assert_eq!(slug(&"a".repeat(60)).len(), 40);
    }
}
