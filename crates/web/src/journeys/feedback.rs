//! The citizen's feedback form at `/f/{token}` (issue 5): one screen, no JavaScript,
//! every moment of the journey rated (or "not part of my journey"), then the journey
//! as a whole, CES 2.0, NPS and an optional comment. Anonymous: the response keeps no
//! address, link or time finer than the day.
//!
//! Honesty without identifying anyone:
//! - each showing of the form carries a single-use nonce (stored hashed, spent with the
//!   response in one transaction, deleted after a day), so one form gives one response;
//! - accepted responses are counted per link and per client address (a keyed hash, in
//!   the short-lived throttle table, never beside a response), and both are capped per
//!   window; so are showings of the form per address, and unknown tokens count as
//!   guesses, like respondent links.

use crate::access::{FeedbackLink, GivenFeedbackLink};
use crate::accounts::auth::ClientAddr;
use crate::kit::error::AppResult;
use crate::kit::page::{Ctx, MessagePage};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use fluent_templates::fluent_bundle::FluentValue;
use trappe_core::journey::{Feedback, Scale, MAX_COMMENT};
use trappe_store::{feedback_link_key, FeedbackVisit};

/// Responses accepted from one client address per throttle window (15 minutes).
pub const FEEDBACK_PER_ADDRESS: i64 = 10;
/// Responses accepted through one link per throttle window.
pub const FEEDBACK_PER_LINK: i64 = 300;
/// Showings of a form to one client address per throttle window.
pub const FORMS_PER_ADDRESS: i64 = 60;

fn addr_key(state: &AppState, addr: &ClientAddr, what: &str) -> Option<String> {
    crate::accounts::auth::address_key(&state.store, addr, what)
}

pub struct Opt {
    pub value: String,
    pub label: String,
    /// The words of an end of the scale ("Meget dårligt"), empty between.
    pub end: String,
}

pub struct Question {
    /// The form field.
    pub name: String,
    /// The fieldset's id; each option's id is `{id}-{value}`.
    pub id: String,
    pub legend: String,
    pub options: Vec<Opt>,
    /// The scale's ends as shown under the options: "1 = Meget dårligt".
    pub low: String,
    pub high: String,
    /// "Not part of my journey", for moments.
    pub na: Option<String>,
    pub current: String,
    pub error: Option<String>,
}

impl Question {
    fn new(name: String, id: String, legend: String, options: Vec<Opt>) -> Question {
        let end = |o: Option<&Opt>| {
            o.map(|o| format!("{} = {}", o.value, o.end))
                .unwrap_or_default()
        };
        Question {
            low: end(options.first()),
            high: end(options.last()),
            name,
            id,
            legend,
            options,
            na: None,
            current: String::new(),
            error: None,
        }
    }

    /// The id of the first option, where the error summary's link leads.
    pub fn first_id(&self) -> String {
        format!(
            "{}-{}",
            self.id,
            self.options
                .first()
                .map(|o| o.value.as_str())
                .unwrap_or("na")
        )
    }
}

fn scale_options(min: u8, max: u8, low: String, high: String) -> Vec<Opt> {
    (min..=max)
        .map(|v| Opt {
            value: v.to_string(),
            label: v.to_string(),
            end: if v == min {
                low.clone()
            } else if v == max {
                high.clone()
            } else {
                String::new()
            },
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "journeys/feedback_form.html")]
pub struct FormPage {
    ctx: Ctx,
    token: String,
    title: String,
    intro: String,
    moments_hint: String,
    nonce: String,
    moments: Vec<Question>,
    overall: Question,
    ces: Question,
    nps: Question,
    comment: String,
    comment_error: Option<String>,
    /// (target id, message) of every error, for the summary at the top.
    errors: Vec<(String, String)>,
    max_comment: usize,
}

impl FormPage {
    fn new(ctx: &Ctx, token: &str, v: &FeedbackVisit, nonce: String) -> FormPage {
        let lang = ctx.lang;
        let org = || FluentValue::from(v.org_name.clone());
        let j = &v.journey;
        let (low, high, hint_key) = match j.scale {
            Scale::Bipolar7 => ("fb-very-bad", "fb-very-good", "fb-moments-hint"),
            Scale::UnipolarBad10 => ("fb-not-at-all", "fb-worst", "fb-moments-hint-unipolar"),
        };
        let moments = j
            .moments
            .iter()
            .enumerate()
            .map(|(i, m)| Question {
                na: Some(ctx.t("fb-not-part")),
                ..Question::new(
                    format!("m.{}", m.id),
                    format!("m-{}", m.id),
                    format!("{}. {}", i + 1, m.name(ctx.code())),
                    scale_options(j.scale.min(), j.scale.max(), ctx.t(low), ctx.t(high)),
                )
            })
            .collect();
        let q = |name: &str, legend: String, min: u8, max: u8, low: &str, high: &str| {
            Question::new(
                name.to_string(),
                format!("q-{name}"),
                legend,
                scale_options(min, max, ctx.t(low), ctx.t(high)),
            )
        };
        FormPage {
            title: j.name.clone(),
            intro: lang.t_args("fb-intro", &[("org", org())]),
            moments_hint: ctx.t(hint_key),
            nonce,
            moments,
            overall: q(
                "overall",
                ctx.t("fb-overall"),
                1,
                7,
                "fb-very-bad",
                "fb-very-good",
            ),
            ces: q(
                "ces",
                lang.t_args("fb-ces", &[("org", org())]),
                1,
                7,
                "fb-disagree",
                "fb-agree",
            ),
            nps: q(
                "nps",
                lang.t_args("fb-nps", &[("org", org())]),
                0,
                10,
                "fb-unlikely",
                "fb-likely",
            ),
            comment: String::new(),
            comment_error: None,
            errors: Vec::new(),
            max_comment: MAX_COMMENT,
            token: token.to_string(),
            ctx: ctx.clone(),
        }
    }
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    FeedbackLink { token, visit: v }: FeedbackLink,
) -> AppResult<Response> {
    if let Some(k) = addr_key(&state, &addr, "feedback-form") {
        if state.store.throttle_failures(&k).await? >= FORMS_PER_ADDRESS {
            return Ok(MessagePage::keyed(
                &ctx,
                StatusCode::TOO_MANY_REQUESTS,
                "fb-limited",
            ));
        }
        state.store.throttle_fail(&k).await?;
    }
    let nonce = state.store.issue_feedback_nonce(v.link.id).await?;
    Ok(FormPage::new(&ctx, &token, &v, nonce).into_response())
}

/// Reads one rating field; an error message when it is missing (and required) or not
/// on the scale.
fn rating(
    ctx: &Ctx,
    q: &mut Question,
    value: Option<&str>,
    required_key: Option<&str>,
    min: u8,
    max: u8,
) -> Option<u8> {
    let v = value.map(str::trim).unwrap_or("");
    q.current = v.chars().take(10).collect();
    if v.is_empty() {
        if let Some(k) = required_key {
            q.error = Some(ctx.lang.t_args(
                k,
                &[
                    ("min", FluentValue::from(min as f64)),
                    ("max", FluentValue::from(max as f64)),
                ],
            ));
        }
        return None;
    }
    match v.parse::<u8>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            q.error = Some(ctx.lang.t_args(
                "fb-error-range",
                &[
                    ("min", FluentValue::from(min as f64)),
                    ("max", FluentValue::from(max as f64)),
                ],
            ));
            None
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    FeedbackLink { token, visit: v }: FeedbackLink,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let addr_hits = addr_key(&state, &addr, "feedback-addr");
    let link_hits = feedback_link_key(v.link.id);
    for (key, cap) in [
        (addr_hits.as_deref(), FEEDBACK_PER_ADDRESS),
        (Some(link_hits.as_str()), FEEDBACK_PER_LINK),
    ] {
        if let Some(k) = key {
            if state.store.throttle_failures(k).await? >= cap {
                return Ok(MessagePage::keyed(
                    &ctx,
                    StatusCode::TOO_MANY_REQUESTS,
                    "fb-limited",
                ));
            }
        }
    }
    let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.as_str());
    let nonce = get("nonce").unwrap_or("").trim().to_string();
    let mut page = FormPage::new(&ctx, &token, &v, nonce.clone());
    let scale = v.journey.scale;
    let mut fb = Feedback::default();
    for q in page.moments.iter_mut() {
        let value = get(&q.name);
        if value.map(str::trim) == Some("na") {
            q.current = "na".into();
            fb.moments.push(None);
            continue;
        }
        fb.moments.push(rating(
            &ctx,
            q,
            value,
            Some("fb-error-moment"),
            scale.min(),
            scale.max(),
        ));
    }
    fb.overall = rating(
        &ctx,
        &mut page.overall,
        get("overall"),
        Some("fb-error-overall"),
        1,
        7,
    );
    fb.ces = rating(&ctx, &mut page.ces, get("ces"), None, 1, 7);
    fb.nps = rating(&ctx, &mut page.nps, get("nps"), None, 0, 10);
    let comment = get("comment").unwrap_or("").trim().to_string();
    let length = comment.chars().count();
    if length > MAX_COMMENT {
        page.comment_error = Some(ctx.lang.t_args(
            "fb-error-comment",
            &[
                ("max", FluentValue::from(MAX_COMMENT as f64)),
                ("n", FluentValue::from(length as f64)),
            ],
        ));
    }
    fb.comment = (!comment.is_empty()).then(|| comment.clone());
    page.comment = comment;
    let mut errors: Vec<(String, String)> = page
        .moments
        .iter()
        .chain([&page.overall, &page.ces, &page.nps])
        .filter_map(|q| Some((q.first_id(), format!("{}: {}", q.legend, q.error.clone()?))))
        .collect();
    if let Some(e) = &page.comment_error {
        errors.push(("comment".into(), e.clone()));
    }
    if !errors.is_empty() {
        page.errors = errors;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    if nonce.is_empty()
        || !state
            .store
            .add_form_feedback(v.link.id, &nonce, &v.journey, &fb)
            .await?
    {
        return Ok(MessagePage::keyed(&ctx, StatusCode::CONFLICT, "fb-used"));
    }
    for k in [addr_hits.as_deref(), Some(link_hits.as_str())]
        .into_iter()
        .flatten()
    {
        state.store.throttle_fail(k).await?;
    }
    Ok(Redirect::to(&format!("/f/{token}/thanks")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "journeys/feedback_thanks.html")]
pub struct ThanksPage {
    ctx: Ctx,
    body: String,
}

pub async fn thanks(ctx: Ctx, GivenFeedbackLink(link): GivenFeedbackLink) -> Response {
    ThanksPage {
        body: ctx.lang.t_args(
            "fb-thanks-body",
            &[("org", FluentValue::from(link.visit.org_name))],
        ),
        ctx,
    }
    .into_response()
}
