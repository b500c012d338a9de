//! The respondent's questionnaire: an anonymous link, one dimension per page, every page
//! saved when submitted, resume through the same link, a review page, then submit.

use crate::auth::ClientAddr;
use crate::error::{AppError, AppResult};
use crate::page::{cookie, Ctx};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use trappe_core::{Answer, Model};
use trappe_store::{
    Draft, Invitation, InvitationKind, InvitationStatus, PageSave, Round, RoundStatus,
    BARRIER_PREFIX,
};

/// Unknown links tried from one address within the throttle window before it is refused.
pub const MAX_UNKNOWN_LINKS_PER_ADDRESS: i64 = 20;

/// The longest own-barrier text kept.
const OWN_BARRIER_MAX: usize = 1000;

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
pub struct MessagePage {
    ctx: Ctx,
    title: String,
    body: String,
}

fn message(ctx: Ctx, status: StatusCode, key: &str) -> Response {
    let page = MessagePage {
        title: ctx.t(&format!("{key}-title")),
        body: ctx.t(&format!("{key}-body")),
        ctx,
    };
    (status, page).into_response()
}

/// A link that may be answered now: its invitation, its round, its round's model and its
/// response (None until a page is saved: fetching a link, as a mail scanner does, starts
/// nothing).
struct Visit {
    inv: Invitation,
    round: Round,
    model: std::sync::Arc<Model>,
    response_id: Option<i64>,
}

impl Visit {
    /// The response to save into, started now if this is the first page saved.
    async fn response(&mut self, state: &AppState) -> AppResult<i64> {
        if let Some(id) = self.response_id {
            return Ok(id);
        }
        let id = state.store.start_response(self.inv.id).await?;
        self.response_id = Some(id);
        Ok(id)
    }

    /// The answers so far (none before the first save).
    async fn draft(&self, state: &AppState) -> AppResult<Draft> {
        Ok(match self.response_id {
            Some(id) => state.store.draft(id).await?,
            None => Draft::default(),
        })
    }
}

/// The cookie that brings a visitor of an open link back to the link it was handed.
fn open_cookie_name(open: &Invitation) -> String {
    format!("trappe_open_{}", open.id)
}

/// The visitor's own link from an open link, if this device was handed one that can
/// still be answered.
async fn own_link(
    state: &AppState,
    headers: &HeaderMap,
    open: &Invitation,
) -> AppResult<Option<String>> {
    let Some(token) = cookie(headers, &open_cookie_name(open)) else {
        return Ok(None);
    };
    let own = state.store.invitation(token).await?;
    Ok(own
        .filter(|i| {
            i.opened_from == Some(open.id) && !i.revoked && i.status != InvitationStatus::Used
        })
        .map(|_| token.to_string()))
}

/// Checks a link; the Err side is the page to show instead (unknown, closed, used).
async fn visit(
    state: &AppState,
    ctx: &Ctx,
    addr: ClientAddr,
    token: &str,
) -> AppResult<Result<Visit, Response>> {
    let Some(inv) = state.store.invitation(token).await? else {
        // Guessing links: an address that keeps trying unknown tokens is stopped for a
        // while (checked only for unknown tokens, so a respondent's page costs no query).
        let key = addr
            .0
            .map(|ip| format!("link:{}", state.store.keyed_hash(&ip.to_string())));
        if let Some(k) = &key {
            if state.store.throttle_failures(k).await? >= MAX_UNKNOWN_LINKS_PER_ADDRESS {
                return Ok(Err(message(
                    ctx.clone(),
                    StatusCode::TOO_MANY_REQUESTS,
                    "link-throttled",
                )));
            }
            state.store.throttle_fail(k).await?;
        }
        return Ok(Err(message(
            ctx.clone(),
            StatusCode::NOT_FOUND,
            "link-unknown",
        )));
    };
    let round = state
        .store
        .round(inv.round_id)
        .await?
        .ok_or(AppError::NotFound)?;
    match round.status {
        RoundStatus::Open => {}
        RoundStatus::Draft => {
            return Ok(Err(message(
                ctx.clone(),
                StatusCode::FORBIDDEN,
                "round-not-open",
            )))
        }
        RoundStatus::Closed => {
            return Ok(Err(message(ctx.clone(), StatusCode::GONE, "round-closed")))
        }
    }
    if inv.revoked {
        return Ok(Err(message(ctx.clone(), StatusCode::GONE, "link-revoked")));
    }
    if inv.status == InvitationStatus::Used {
        return Ok(Err(message(ctx.clone(), StatusCode::GONE, "link-used")));
    }
    let model = state
        .store
        .model_shared(&round.model_id, Some(&round.model_version))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Ok(Visit {
        response_id: inv.response_id,
        inv,
        round,
        model,
    }))
}

/// Pages: 1..=D are the dimensions, D+1 the barriers, then the review.
fn page_count(model: &Model) -> usize {
    model.dimensions.len() + 2
}

/// The first page with an unanswered question, where a returning respondent resumes.
fn resume_page(model: &Model, draft: &Draft) -> usize {
    model
        .dimensions
        .iter()
        .position(|d| {
            d.questions
                .iter()
                .any(|q| !draft.answers.contains_key(&q.id))
        })
        .map(|i| i + 1)
        .unwrap_or(model.dimensions.len() + 1)
}

pub struct Progress {
    pub current: usize,
    pub total: usize,
    pub steps: Vec<(usize, String)>,
}

fn progress(ctx: &Ctx, model: &Model, current: usize) -> Progress {
    let mut steps: Vec<(usize, String)> = model
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| (i + 1, d.name.get(ctx.code()).to_string()))
        .collect();
    steps.push((model.dimensions.len() + 1, ctx.t("barriers-title")));
    steps.push((model.dimensions.len() + 2, ctx.t("review-title")));
    Progress {
        current,
        total: page_count(model),
        steps,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "respond_intro.html")]
pub struct IntroPage {
    ctx: Ctx,
    token: String,
    model: std::sync::Arc<Model>,
    role: Option<String>,
    resumed: bool,
    resume_at: usize,
    questions: usize,
    /// "Answer by 31 January 2027" in the page's language, when the round has a deadline.
    deadline: Option<String>,
}

/// Whether an open link has no place left for a new visitor.
fn full(open: &Invitation) -> bool {
    open.spawned >= open.cap.unwrap_or(0)
}

pub async fn entry(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let v = match visit(&state, &ctx, addr, &token).await? {
        Ok(v) => v,
        Err(page) => return Ok(page),
    };
    if v.inv.kind == InvitationKind::Open {
        // Back on the same device: the questionnaire it started. Else the first page,
        // which takes no place until it is saved.
        if let Some(own) = own_link(&state, &headers, &v.inv).await? {
            return Ok(Redirect::to(&format!("/s/{own}")).into_response());
        }
        if full(&v.inv) {
            return Ok(message(ctx, StatusCode::GONE, "link-full"));
        }
    }
    let draft = v.draft(&state).await?;
    Ok(IntroPage {
        resumed: !draft.answers.is_empty(),
        resume_at: resume_page(&v.model, &draft),
        questions: v.model.question_count(),
        role: draft.role,
        deadline: v.round.deadline.map(|d| {
            let date =
                trappe_core::deadline::long_date(&d.format("%Y-%m-%d").to_string(), ctx.code());
            ctx.lang.t_args(
                "intro-deadline",
                &[(
                    "date",
                    fluent_templates::fluent_bundle::FluentValue::from(date),
                )],
            )
        }),
        model: v.model,
        ctx,
        token,
    }
    .into_response())
}

/// The first page saved through an open link: the visitor takes a place now and gets a
/// single-use link of its own (made by whoever made the open link, so the rules for
/// staff-made links hold), kept in a cookie so that the same device comes back to it.
async fn take_place(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    v: &Visit,
) -> AppResult<Result<Placed, Response>> {
    let (own, fresh) = match own_link(state, headers, &v.inv).await? {
        Some(own) => (own, false),
        None => match state.store.spawn_from_open_link(&v.inv).await? {
            Some(own) => (own, true),
            None => return Ok(Err(message(ctx.clone(), StatusCode::GONE, "link-full"))),
        },
    };
    let inv = state
        .store
        .invitation(&own)
        .await?
        .ok_or(AppError::NotFound)?;
    let set = fresh.then(|| {
        let secure = if state.config.secure() {
            "; Secure"
        } else {
            ""
        };
        format!(
            "{}={own}; Path=/s/; HttpOnly; SameSite=Lax; Max-Age={OPEN_COOKIE_SECS}{secure}",
            open_cookie_name(&v.inv)
        )
    });
    Ok(Ok(Placed {
        visit: Visit {
            response_id: inv.response_id,
            inv,
            round: v.round.clone(),
            model: v.model.clone(),
        },
        token: own,
        set_cookie: set,
    }))
}

/// A visitor's place on an open link: its own link, and the cookie to set (first time).
struct Placed {
    visit: Visit,
    token: String,
    set_cookie: Option<String>,
}

/// How long a device remembers the link an open link handed it (90 days).
const OPEN_COOKIE_SECS: i64 = 90 * 24 * 3600;

pub async fn save_intro(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut v = match visit(&state, &ctx, addr, &token).await? {
        Ok(v) => v,
        Err(page) => return Ok(page),
    };
    // Checked before an open link's place is taken: a refused page takes none.
    let role = fields
        .iter()
        .find(|(k, _)| k == "role")
        .map(|(_, r)| r.clone());
    if let Some(r) = &role {
        if v.model.role(r).is_none() {
            return Err(AppError::BadRequest(format!("unknown role '{r}'")));
        }
    }
    let mut set_cookie = None;
    let mut token = token;
    if v.inv.kind == InvitationKind::Open {
        match take_place(&state, &ctx, &headers, &v).await? {
            Ok(placed) => {
                token = placed.token;
                set_cookie = placed.set_cookie;
                v = placed.visit;
            }
            Err(page) => return Ok(page),
        }
    }
    // Saving the first page starts the response, role chosen or not.
    let response_id = v.response(&state).await?;
    if role.is_some() {
        let save = PageSave {
            role: Some(role),
            ..Default::default()
        };
        state.store.save_page(response_id, &save).await?;
    }
    let to = Redirect::to(&format!("/s/{token}/p/1"));
    Ok(match set_cookie {
        Some(c) => ([(header::SET_COOKIE, c)], to).into_response(),
        None => to.into_response(),
    })
}

pub struct QuestionView {
    id: String,
    text: String,
    options: Vec<(String, String)>,
    current: String,
    /// Shown next to the question when "next" was pressed without an answer.
    error: Option<String>,
    /// Criteria shown under the question (e.g. OWASP SAMM's quality criteria).
    criteria: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "respond_page.html")]
pub struct QuestionPage {
    ctx: Ctx,
    token: String,
    progress: Progress,
    title: String,
    intro: String,
    questions: Vec<QuestionView>,
    /// On the barrier page: the prompt and current text of the respondent's own barrier.
    own: Option<(String, String)>,
    /// The unanswered questions after "next": (the first option's id, the question).
    missing: Vec<(String, String)>,
    /// Where the model's texts come from and their licence (e.g. OWASP SAMM, CC BY-SA).
    credit: Option<String>,
}

impl QuestionPage {
    /// The first option of each question without an answer gets an error next to it,
    /// and the page a summary at the top linking to each.
    fn mark_missing(&mut self) {
        for q in &mut self.questions {
            if q.current.is_empty() {
                q.error = Some(self.ctx.t("respond-error-question"));
                let first = q.options.first().map(|o| o.0.as_str()).unwrap_or("");
                self.missing
                    .push((format!("{}-{first}", q.id), q.text.clone()));
            }
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    Path((token, n)): Path<(String, usize)>,
) -> AppResult<Response> {
    let v = match visit(&state, &ctx, addr, &token).await? {
        Ok(v) => v,
        Err(page) => return Ok(page),
    };
    if v.inv.kind == InvitationKind::Open {
        // An open link has only its first page; the rest is on the visitor's own link.
        return Ok(Redirect::to(&format!("/s/{token}")).into_response());
    }
    let draft = v.draft(&state).await?;
    match question_page(ctx, token.clone(), &v.model, &draft, n) {
        Some(page) => Ok(page.into_response()),
        None if n == v.model.dimensions.len() + 2 => {
            Ok(Redirect::to(&format!("/s/{token}/review")).into_response())
        }
        None => Err(AppError::NotFound),
    }
}

/// Page `n` of the questionnaire with the answers of `draft`; None past the barriers.
fn question_page(
    ctx: Ctx,
    token: String,
    m: &Model,
    draft: &Draft,
    n: usize,
) -> Option<QuestionPage> {
    let lang = ctx.code();
    let current = |item: &str| draft.answers.get(item).cloned().unwrap_or_default();
    let dims = m.dimensions.len();
    let page = if (1..=dims).contains(&n) {
        let d = &m.dimensions[n - 1];
        let mut questions = Vec::new();
        for q in &d.questions {
            let mut options: Vec<(String, String)> = m
                .scale
                .steps()
                .filter_map(|l| q.options.iter().find(|o| o.level == l))
                .map(|o| (Answer::Level(o.level).code(), o.text.get(lang).to_string()))
                .collect();
            options.push((Answer::DontKnow.code(), ctx.t("answer-dont-know")));
            options.push((Answer::NotRelevant.code(), ctx.t("answer-not-relevant")));
            questions.push(QuestionView {
                id: format!("q.{}", q.id),
                text: q.text.get(lang).to_string(),
                options,
                current: current(&q.id),
                error: None,
                criteria: q.criteria.iter().map(|c| c.get(lang).to_string()).collect(),
            });
        }
        QuestionPage {
            progress: progress(&ctx, m, n),
            title: d.name.get(lang).to_string(),
            intro: d
                .description
                .as_ref()
                .map(|t| t.get(lang).to_string())
                .unwrap_or_default(),
            questions,
            own: None,
            missing: Vec::new(),
            credit: m.credit.as_ref().map(|c| c.get(lang).to_string()),
            ctx,
            token,
        }
    } else if n == dims + 1 {
        let scale: Vec<(String, String)> = m
            .barriers
            .scale
            .iter()
            .enumerate()
            .map(|(i, s)| ((i + 1).to_string(), s.get(lang).to_string()))
            .chain(std::iter::once((
                Answer::DontKnow.code(),
                ctx.t("answer-dont-know"),
            )))
            .collect();
        let questions = m
            .barriers
            .items
            .iter()
            .map(|b| QuestionView {
                id: format!("b.{}", b.id),
                text: match &b.description {
                    Some(d) => format!("{}: {}", b.name.get(lang), d.get(lang)),
                    None => b.name.get(lang).to_string(),
                },
                options: scale.clone(),
                current: current(&format!("{BARRIER_PREFIX}{}", b.id)),
                error: None,
                criteria: Vec::new(),
            })
            .collect();
        QuestionPage {
            progress: progress(&ctx, m, n),
            title: ctx.t("barriers-title"),
            intro: m.barriers.intro.get(lang).to_string(),
            questions,
            own: m.barriers.own.as_ref().map(|o| {
                (
                    o.get(lang).to_string(),
                    draft.own_barrier.clone().unwrap_or_default(),
                )
            }),
            missing: Vec::new(),
            credit: None,
            ctx,
            token,
        }
    } else {
        return None;
    };
    Some(page)
}

pub async fn save_page(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    Path((token, n)): Path<(String, usize)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut v = match visit(&state, &ctx, addr, &token).await? {
        Ok(v) => v,
        Err(page) => return Ok(page),
    };
    if v.inv.kind == InvitationKind::Open {
        // An open link has only its first page; the rest is on the visitor's own link.
        return Ok(Redirect::to(&format!("/s/{token}")).into_response());
    }
    let response_id = v.response(&state).await?;
    let m = &v.model;
    let dims = m.dimensions.len();
    if !(1..=dims + 1).contains(&n) {
        return Err(AppError::NotFound);
    }
    let mut save = PageSave::default();
    let mut nav = "next";
    for (k, val) in &fields {
        if let Some(qid) = k.strip_prefix("q.") {
            // Only this page's questions, with a value the model allows.
            let ok = n <= dims
                && m.dimensions[n - 1].questions.iter().any(|q| {
                    q.id == qid
                        && match Answer::parse(val) {
                            Some(Answer::Level(l)) => q.value_of(l).is_some(),
                            Some(_) => true,
                            None => false,
                        }
                });
            if !ok {
                return Err(AppError::BadRequest(format!(
                    "'{k}' = '{val}' is not an answer on this page"
                )));
            }
            save.answers.push((qid.to_string(), Some(val.clone())));
        } else if let Some(bid) = k.strip_prefix("b.") {
            let ok = n == dims + 1
                && m.barriers.items.iter().any(|b| b.id == bid)
                && (val == "dk" || matches!(val.parse::<u8>(), Ok(1..=5)));
            if !ok {
                return Err(AppError::BadRequest(format!(
                    "'{k}' = '{val}' is not a barrier rating"
                )));
            }
            save.answers
                .push((format!("{BARRIER_PREFIX}{bid}"), Some(val.clone())));
        } else if k == "own" && n == dims + 1 {
            let text: String = val.trim().chars().take(OWN_BARRIER_MAX).collect();
            save.own_barrier = Some((!text.is_empty()).then_some(text));
        } else if k == "nav" {
            nav = match val.as_str() {
                "back" => "back",
                "review" => "review",
                _ => "next",
            };
        }
    }
    state.store.save_page(response_id, &save).await?;
    if nav == "next" {
        // Saved, but "next" wants every question of the page answered (or "don't know"):
        // the page again, with what is missing next to it and in a summary at the top.
        let draft = state.store.draft(response_id).await?;
        if let Some(mut page) = question_page(ctx, token.clone(), m, &draft, n) {
            page.mark_missing();
            if !page.missing.is_empty() {
                return Ok(page.into_response());
            }
        }
    }
    let target = match nav {
        "back" if n == 1 => format!("/s/{token}"),
        "back" => format!("/s/{token}/p/{}", n - 1),
        "review" => format!("/s/{token}/review"),
        _ if n == dims + 1 => format!("/s/{token}/review"),
        _ => format!("/s/{token}/p/{}", n + 1),
    };
    Ok(Redirect::to(&target).into_response())
}

pub struct ReviewLine {
    page: usize,
    name: String,
    answered: usize,
    total: usize,
    missing: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "respond_review.html")]
pub struct ReviewPage {
    ctx: Ctx,
    token: String,
    progress: Progress,
    lines: Vec<ReviewLine>,
    role_missing: bool,
}

pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let v = match visit(&state, &ctx, addr, &token).await? {
        Ok(v) => v,
        Err(page) => return Ok(page),
    };
    if v.inv.kind == InvitationKind::Open {
        // An open link has only its first page; the rest is on the visitor's own link.
        return Ok(Redirect::to(&format!("/s/{token}")).into_response());
    }
    let lang = ctx.code();
    let draft = v.draft(&state).await?;
    let m = &v.model;
    let mut lines: Vec<ReviewLine> = m
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let missing: Vec<String> = d
                .questions
                .iter()
                .filter(|q| !draft.answers.contains_key(&q.id))
                .map(|q| q.text.get(lang).to_string())
                .collect();
            ReviewLine {
                page: i + 1,
                name: d.name.get(lang).to_string(),
                answered: d.questions.len() - missing.len(),
                total: d.questions.len(),
                missing,
            }
        })
        .collect();
    let missing: Vec<String> = m
        .barriers
        .items
        .iter()
        .filter(|b| {
            !draft
                .answers
                .contains_key(&format!("{BARRIER_PREFIX}{}", b.id))
        })
        .map(|b| b.name.get(lang).to_string())
        .collect();
    lines.push(ReviewLine {
        page: m.dimensions.len() + 1,
        name: ctx.t("barriers-title"),
        answered: m.barriers.items.len() - missing.len(),
        total: m.barriers.items.len(),
        missing,
    });
    Ok(ReviewPage {
        progress: progress(&ctx, m, page_count(m)),
        role_missing: draft.role.is_none(),
        ctx,
        token,
        lines,
    }
    .into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let mut v = match visit(&state, &ctx, addr, &token).await? {
        Ok(v) => v,
        Err(page) => return Ok(page),
    };
    if v.inv.kind == InvitationKind::Open {
        // An open link has only its first page; the rest is on the visitor's own link.
        return Ok(Redirect::to(&format!("/s/{token}")).into_response());
    }
    let response_id = v.response(&state).await?;
    state.store.submit_response(v.inv.id, response_id).await?;
    Ok(Redirect::to("/thanks").into_response())
}

pub async fn thanks(ctx: Ctx) -> Response {
    message(ctx, StatusCode::OK, "thanks")
}
