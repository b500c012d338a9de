//! An organisation's target in a round (issue 18): the questionnaire answered as the
//! organisation wants to be. Organisers and the organisation's contacts set it; its
//! viewers read it. A target is kept apart from the responses: it never counts in a
//! benchmark, an average or a response count.

use crate::access::{OrgAccess, OrgEdit};
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::measurement::results::one_org;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trappe_core::{Answer, Answers, Model};
use trappe_store::Round;

/// A question's field in the form: `q.<question id>`, as on the questionnaire.
const FIELD_PREFIX: &str = "q.";

/// The value of "no target" for a question.
const NO_TARGET: &str = "";

pub struct TargetOption {
    code: String,
    text: String,
}

pub struct TargetQuestion {
    /// The field's name, also the prefix of its options' ids.
    field: String,
    text: String,
    /// The model's options, lowest step first, then "not relevant".
    options: Vec<TargetOption>,
    /// The code of the target's answer; empty for none.
    current: String,
    /// The target's answer as text (what a viewer reads).
    chosen: Option<String>,
}

pub struct TargetDimension {
    id: String,
    name: String,
    /// The organisation's score in the round, where shown.
    score: Option<f64>,
    target: Option<f64>,
    questions: Vec<TargetQuestion>,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/target.html")]
pub struct TargetPage {
    ctx: Ctx,
    round: Round,
    org_id: i64,
    org_name: String,
    can_edit: bool,
    saved: bool,
    has_target: bool,
    score: Option<f64>,
    target: Option<f64>,
    dims: Vec<TargetDimension>,
    credit: Option<String>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    saved: Option<String>,
}

/// The text of `a` on question `q`, if the page offers it.
fn answer_text(ctx: &Ctx, q: &trappe_core::model::Question, a: Answer) -> Option<String> {
    match a {
        Answer::Level(l) => q
            .options
            .iter()
            .find(|o| o.level == l)
            .map(|o| o.text.get(ctx.code()).to_string()),
        Answer::NotRelevant => Some(ctx.t("answer-not-relevant")),
        // "Don't know" is no target: the page offers no such option.
        Answer::DontKnow => None,
    }
}

fn offered(q: &trappe_core::model::Question, a: Answer) -> bool {
    match a {
        Answer::Level(l) => q.value_of(l).is_some(),
        Answer::NotRelevant => true,
        Answer::DontKnow => false,
    }
}

pub async fn page(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, org)): Path<(i64, i64)>,
    Query(query): Query<PageQuery>,
) -> AppResult<TargetPage> {
    // `org` is the organisation `who` was admitted to; one not in the round is not found.
    let (round, model, o) = one_org(&state, id, org).await?;
    let target = state.store.target_of(id, who.org).await?;
    who.audit(
        &state.store,
        "results_viewed",
        Some(&format!("round {id} org {}", who.org)),
        Some("target page"),
    )
    .await?;
    let ctx = &who.ctx;
    let lang = ctx.code();
    let scored = target
        .as_ref()
        .map(|t| trappe_core::score_organisation(&model, std::slice::from_ref(t), 1));
    let dims = model
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| TargetDimension {
            id: d.id.clone(),
            name: d.name.get(lang).to_string(),
            score: o
                .result
                .dimensions
                .get(i)
                .and_then(|r| r.score)
                .map(|s| s.score),
            target: scored
                .as_ref()
                .and_then(|t| t.dimensions.get(i))
                .and_then(|r| r.score)
                .map(|s| s.score),
            questions: d
                .questions
                .iter()
                .map(|q| {
                    let answer = target.as_ref().and_then(|t| t.get(&q.id)).copied();
                    let answer = answer.filter(|a| offered(q, *a));
                    let mut options: Vec<TargetOption> = model
                        .scale
                        .steps()
                        .filter_map(|l| q.options.iter().find(|o| o.level == l))
                        .map(|o| TargetOption {
                            code: Answer::Level(o.level).code(),
                            text: o.text.get(lang).to_string(),
                        })
                        .collect();
                    options.push(TargetOption {
                        code: Answer::NotRelevant.code(),
                        text: ctx.t("answer-not-relevant"),
                    });
                    TargetQuestion {
                        field: format!("{FIELD_PREFIX}{}", q.id),
                        text: q.text.get(lang).to_string(),
                        options,
                        current: answer.map(Answer::code).unwrap_or_default(),
                        chosen: answer.and_then(|a| answer_text(ctx, q, a)),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(TargetPage {
        org_id: who.org,
        org_name: o.participant.name.clone(),
        can_edit: who.level.can_edit(),
        saved: query.saved.is_some(),
        has_target: target.is_some(),
        score: o.result.overall.map(|s| s.score),
        target: scored.and_then(|t| t.overall).map(|s| s.score),
        dims,
        credit: model.credit.as_ref().map(|c| c.get(lang).to_string()),
        ctx: who.ctx,
        round,
    })
}

/// The target a form states: each `q.<id>` an option of that question, "na", or empty
/// for none. Anything else is refused with a message in the visitor's language.
fn target_of(ctx: &Ctx, model: &Model, form: &[(String, String)]) -> Result<Answers, AppError> {
    let mut answers = Answers::new();
    for (key, value) in form {
        let Some(qid) = key.strip_prefix(FIELD_PREFIX) else {
            continue;
        };
        let question = model
            .dimensions
            .iter()
            .flat_map(|d| &d.questions)
            .find(|q| q.id == qid);
        let Some(q) = question else {
            return Err(AppError::Refused(ctx.lang.t_args(
                "target-unknown-question",
                &[("question", qid.to_string().into())],
            )));
        };
        if value == NO_TARGET {
            answers.remove(qid);
            continue;
        }
        match Answer::parse(value).filter(|a| offered(q, *a)) {
            Some(a) => {
                answers.insert(qid.to_string(), a);
            }
            None => {
                return Err(AppError::Refused(ctx.lang.t_args(
                    "target-refused",
                    &[
                        ("value", value.clone().into()),
                        ("question", q.text.get(ctx.code()).to_string().into()),
                    ],
                )))
            }
        }
    }
    Ok(answers)
}

pub async fn save(
    State(state): State<AppState>,
    Path((id, org)): Path<(i64, i64)>,
    OrgEdit { who, form }: OrgEdit<Vec<(String, String)>>,
) -> AppResult<Response> {
    // Only an organisation in the round has a target in it.
    let (_, model, _) = one_org(&state, id, org).await?;
    let answers = target_of(&who.ctx, &model, &form)?;
    state.store.set_target(id, who.org, &answers).await?;
    let questions: usize = model.dimensions.iter().map(|d| d.questions.len()).sum();
    who.audit(
        &state.store,
        "target_set",
        Some(&format!("round {id} org {}", who.org)),
        Some(&format!("{} of {questions} questions", answers.len())),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/admin/rounds/{id}/orgs/{}/target?saved=1#target-scores",
        who.org
    ))
    .into_response())
}
