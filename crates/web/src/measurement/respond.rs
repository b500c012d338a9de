//! The respondent's questionnaire: an anonymous link, one dimension per page, every page
//! saved when submitted, resume through the same link, a review page, then submit.

use crate::access::{OwnLink, RespondentLink};
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::{cookie, Ctx, MessagePage};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use trappe_core::questionnaire::option_lead;
use trappe_core::{Answer, Model};
use trappe_store::{Draft, Invitation, InvitationKind, InvitationStatus, PageSave, BARRIER_PREFIX};

/// The longest own-barrier text kept.
const OWN_BARRIER_MAX: usize = 1000;

// The link itself is checked by `access::RespondentLink`; what a page does with it:
impl RespondentLink {
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

/// Whether the model asks about barriers. One that asks about none (OWASP SAMM) has no
/// barrier page: an empty page would only be a click more.
fn asks_barriers(model: &Model) -> bool {
    !model.barriers.items.is_empty() || model.barriers.own.is_some()
}

/// Pages: 1..=D are the dimensions, D+1 the barriers (if the model asks about any),
/// then the review, whose number this is.
fn page_count(model: &Model) -> usize {
    model.dimensions.len() + 1 + usize::from(asks_barriers(model))
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
    if asks_barriers(model) {
        steps.push((model.dimensions.len() + 1, ctx.t("barriers-title")));
    }
    steps.push((page_count(model), ctx.t("review-title")));
    Progress {
        current,
        total: page_count(model),
        steps,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/respond_intro.html")]
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
    /// The organisation the respondent answers for.
    org_name: String,
    /// What "jeres organisation" means: the organiser's text, else the default naming
    /// the organisation.
    scope: String,
    /// Who sends the questionnaire, as the round's mails sign it.
    sender: String,
    /// How long answering takes, in minutes: (quick reader, careful reader).
    minutes: (u32, u32),
}

/// Whether an open link has no place left for a new visitor.
fn full(open: &Invitation) -> bool {
    open.spawned >= open.cap.unwrap_or(0)
}

pub async fn entry(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    v: RespondentLink,
) -> AppResult<Response> {
    if v.inv.kind == InvitationKind::Open {
        // Back on the same device: the questionnaire it started. Else the first page,
        // which takes no place until it is saved.
        if let Some(own) = own_link(&state, &headers, &v.inv).await? {
            return Ok(Redirect::to(&format!("/s/{own}")).into_response());
        }
        if full(&v.inv) {
            return Ok(MessagePage::keyed(&ctx, StatusCode::GONE, "link-full"));
        }
    }
    let draft = v.draft(&state).await?;
    let org_name = state
        .store
        .org(v.inv.org_id)
        .await?
        .map(|o| o.name)
        .ok_or(AppError::NotFound)?;
    let scope = match &v.round.org_scope {
        Some(text) => text.clone(),
        None => ctx.lang.t_args(
            "intro-scope-default",
            &[("org", FluentValue::from(org_name.clone()))],
        ),
    };
    Ok(IntroPage {
        minutes: trappe_core::questionnaire::minutes_to_answer(&v.model, ctx.code()),
        sender: crate::measurement::round_mails::sender_name(&state.config.org_name),
        scope,
        org_name,
        resumed: !draft.answers.is_empty(),
        resume_at: resume_page(&v.model, &draft),
        questions: v.model.question_count(),
        role: draft.role,
        deadline: v.round.deadline.map(|d| {
            let date =
                trappe_core::deadline::long_date(&d.format("%Y-%m-%d").to_string(), ctx.code());
            ctx.lang
                .t_args("intro-deadline", &[("date", FluentValue::from(date))])
        }),
        model: v.model,
        ctx,
        token: v.token,
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
    v: &RespondentLink,
) -> AppResult<Result<Placed, Response>> {
    let (own, fresh) = match own_link(state, headers, &v.inv).await? {
        Some(own) => (own, false),
        None => match state.store.spawn_from_open_link(&v.inv).await? {
            Some(own) => (own, true),
            None => return Ok(Err(MessagePage::keyed(ctx, StatusCode::GONE, "link-full"))),
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
        visit: RespondentLink {
            token: own.clone(),
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
    visit: RespondentLink,
    token: String,
    set_cookie: Option<String>,
}

/// How long a device remembers the link an open link handed it (90 days).
const OPEN_COOKIE_SECS: i64 = 90 * 24 * 3600;

pub async fn save_intro(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    mut v: RespondentLink,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
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
    let mut token = v.token.clone();
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

/// One answer option: its code, its text split where the lead clause ends (bold on the
/// page; `lead + rest` is the model's whole text), and its number on a barrier's scale.
pub struct OptionView {
    code: String,
    lead: String,
    rest: String,
    number: Option<usize>,
}

impl OptionView {
    /// A practice of the model: the lead clause set apart.
    fn practice(code: String, text: &str) -> OptionView {
        let (lead, rest) = option_lead(text);
        OptionView {
            code,
            lead: lead.to_string(),
            rest: rest.to_string(),
            number: None,
        }
    }

    /// A step of the barriers' scale, numbered.
    fn step(n: usize, text: &str) -> OptionView {
        OptionView {
            code: n.to_string(),
            lead: String::new(),
            rest: text.to_string(),
            number: Some(n),
        }
    }

    /// "Ved ikke", "Ikke relevant": plain text, shown apart from the practices.
    fn other(code: String, text: String) -> OptionView {
        OptionView {
            code,
            lead: String::new(),
            rest: text,
            number: None,
        }
    }
}

pub struct QuestionView {
    id: String,
    text: String,
    /// The five practices (or the barrier's scale), in order from level 1.
    options: Vec<OptionView>,
    /// "Ved ikke" (and "Ikke relevant" on a dimension's page): the same radio group,
    /// set apart under a heading of their own.
    others: Vec<OptionView>,
    /// On a barrier: the scale's two ends, (1's text, 5's text).
    ends: Option<(String, String)>,
    current: String,
    /// Shown next to the question when "next" was pressed without an answer.
    error: Option<String>,
    /// Criteria shown under the question (e.g. OWASP SAMM's quality criteria).
    criteria: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/respond_page.html")]
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
    /// Came from the review's change link: a button back to the review.
    from_review: bool,
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
                let first = q.options.first().map(|o| o.code.as_str()).unwrap_or("");
                self.missing
                    .push((format!("{}-{first}", q.id), q.text.clone()));
            }
        }
    }
}

#[derive(Deserialize)]
pub struct PageQuery {
    /// Set by the review's change links.
    review: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    OwnLink(v): OwnLink,
    Path((_, n)): Path<(String, usize)>,
    axum::extract::Query(query): axum::extract::Query<PageQuery>,
) -> AppResult<Response> {
    let token = v.token.clone();
    let draft = v.draft(&state).await?;
    match question_page(ctx, token.clone(), &v.model, &draft, n) {
        Some(mut page) => {
            page.from_review = query.review.is_some();
            Ok(page.into_response())
        }
        // The review's number, and without barriers also the barrier page's old one,
        // which links made before may point at.
        None if (v.model.dimensions.len() + 1..=v.model.dimensions.len() + 2).contains(&n) => {
            Ok(Redirect::to(&format!("/s/{token}/review")).into_response())
        }
        None => Err(AppError::NotFound),
    }
}

/// Page `n` of the questionnaire with the answers of `draft`; None past the last
/// question page.
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
            let options = m
                .scale
                .steps()
                .filter_map(|l| q.options.iter().find(|o| o.level == l))
                .map(|o| OptionView::practice(Answer::Level(o.level).code(), o.text.get(lang)))
                .collect();
            let others = vec![
                OptionView::other(Answer::DontKnow.code(), ctx.t("answer-dont-know")),
                OptionView::other(Answer::NotRelevant.code(), ctx.t("answer-not-relevant")),
            ];
            questions.push(QuestionView {
                id: format!("q.{}", q.id),
                text: q.text.get(lang).to_string(),
                options,
                others,
                ends: None,
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
            from_review: false,
            credit: m.credit.as_ref().map(|c| c.get(lang).to_string()),
            ctx,
            token,
        }
    } else if n == dims + 1 && asks_barriers(m) {
        let scale = &m.barriers.scale;
        let ends = match (scale.first(), scale.last()) {
            (Some(a), Some(b)) if scale.len() > 1 => {
                Some((a.get(lang).to_string(), b.get(lang).to_string()))
            }
            _ => None,
        };
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
                options: scale
                    .iter()
                    .enumerate()
                    .map(|(i, s)| OptionView::step(i + 1, s.get(lang)))
                    .collect(),
                others: vec![OptionView::other(
                    Answer::DontKnow.code(),
                    ctx.t("answer-dont-know"),
                )],
                ends: ends.clone(),
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
            from_review: false,
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
    OwnLink(mut v): OwnLink,
    Path((_, n)): Path<(String, usize)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let token = v.token.clone();
    let response_id = v.response(&state).await?;
    let m = &v.model;
    let dims = m.dimensions.len();
    let review = page_count(m);
    if !(1..review).contains(&n) {
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
        _ if n + 1 == review => format!("/s/{token}/review"),
        _ => format!("/s/{token}/p/{}", n + 1),
    };
    Ok(Redirect::to(&target).into_response())
}

/// One question on the review page: its text, the chosen option's text (None: not
/// answered) and where to change it.
pub struct ReviewItem {
    question: String,
    answer: Option<String>,
    /// The question's fieldset on its page (`q.ID` or `b.ID`).
    anchor: String,
}

/// One page of the questionnaire on the review page: its questions with their answers.
pub struct ReviewSection {
    page: usize,
    name: String,
    items: Vec<ReviewItem>,
    /// The barrier page's own words, when written.
    own: Option<String>,
}

impl ReviewSection {
    fn answered(&self) -> usize {
        self.items.iter().filter(|i| i.answer.is_some()).count()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/respond_review.html")]
pub struct ReviewPage {
    ctx: Ctx,
    token: String,
    progress: Progress,
    sections: Vec<ReviewSection>,
    /// The chosen role's name (None: not given).
    role: Option<String>,
    unanswered: usize,
}

/// The text of the option `code` stands for on a dimension's question (None: not an
/// answer the question has).
fn answer_text(ctx: &Ctx, q: &trappe_core::model::Question, code: &str) -> Option<String> {
    Some(match Answer::parse(code)? {
        Answer::Level(l) => q
            .options
            .iter()
            .find(|o| o.level == l)?
            .text
            .get(ctx.code())
            .to_string(),
        Answer::DontKnow => ctx.t("answer-dont-know"),
        Answer::NotRelevant => ctx.t("answer-not-relevant"),
    })
}

/// The review's sections: every dimension, then the barriers (if the model asks about
/// any), each question with the answer saved in `draft`.
fn review_sections(ctx: &Ctx, m: &Model, draft: &Draft) -> Vec<ReviewSection> {
    let lang = ctx.code();
    let mut sections: Vec<ReviewSection> = m
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| ReviewSection {
            page: i + 1,
            name: d.name.get(lang).to_string(),
            items: d
                .questions
                .iter()
                .map(|q| ReviewItem {
                    question: q.text.get(lang).to_string(),
                    answer: draft
                        .answers
                        .get(&q.id)
                        .and_then(|code| answer_text(ctx, q, code)),
                    anchor: format!("q.{}", q.id),
                })
                .collect(),
            own: None,
        })
        .collect();
    if !asks_barriers(m) {
        return sections;
    }
    let scale = &m.barriers.scale;
    sections.push(ReviewSection {
        page: m.dimensions.len() + 1,
        name: ctx.t("barriers-title"),
        items: m
            .barriers
            .items
            .iter()
            .map(|b| ReviewItem {
                question: b.name.get(lang).to_string(),
                answer: draft
                    .answers
                    .get(&format!("{BARRIER_PREFIX}{}", b.id))
                    .and_then(|code| match code.as_str() {
                        "dk" => Some(ctx.t("answer-dont-know")),
                        n => {
                            let n: usize = n.parse().ok()?;
                            let text = scale.get(n.checked_sub(1)?)?.get(lang);
                            Some(format!("{n} {text}"))
                        }
                    }),
                anchor: format!("b.{}", b.id),
            })
            .collect(),
        own: draft.own_barrier.clone(),
    });
    sections
}

pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    OwnLink(v): OwnLink,
) -> AppResult<Response> {
    let token = v.token.clone();
    let draft = v.draft(&state).await?;
    let m = &v.model;
    let sections = review_sections(&ctx, m, &draft);
    let unanswered = sections.iter().map(|s| s.items.len() - s.answered()).sum();
    Ok(ReviewPage {
        progress: progress(&ctx, m, page_count(m)),
        role: draft
            .role
            .as_deref()
            .and_then(|r| m.role(r))
            .map(|r| r.name.get(ctx.code()).to_string()),
        unanswered,
        sections,
        ctx,
        token,
    }
    .into_response())
}

pub async fn submit(State(state): State<AppState>, OwnLink(mut v): OwnLink) -> AppResult<Response> {
    let response_id = v.response(&state).await?;
    state.store.submit_response(v.inv.id, response_id).await?;
    Ok(Redirect::to("/thanks").into_response())
}

pub async fn thanks(ctx: Ctx) -> Response {
    MessagePage::keyed(&ctx, StatusCode::OK, "thanks")
}
