//! An organisation's results page and the page that explains how they were computed.

use crate::access::OrgAccess;
use crate::kit::charts::Staircase;
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use trappe_core::scoring::{explain_dimension, DimensionExplanation};
use trappe_core::Model;
use trappe_store::{OrgResults, ResultsShown, Round, RoundStatus};

// ---- an organisation's results ----

pub struct DimensionLine {
    id: String,
    name: String,
    score: Option<f64>,
    level: Option<u8>,
    level_name: String,
    responses: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/org_results.html")]
pub struct OrgResultsPage {
    ctx: Ctx,
    round: Round,
    model: Model,
    org: OrgResults,
    dims: Vec<DimensionLine>,
    level_name: String,
    staircase: Option<Staircase>,
    /// The cohort page for an organiser; the start page for the others.
    back: String,
    can_invite: bool,
    /// May set the organisation's target (viewers only read it).
    can_edit: bool,
    /// When these results change (while the round is open).
    shown_note: Option<String>,
    /// Responses through staff-made links that do not count toward the minimum.
    staff_note: Option<String>,
}

/// While a round is open, what its results show: the state when it closes, or batches.
pub(crate) fn shown_note(ctx: &Ctx, round: &Round) -> Option<String> {
    match (round.status, round.results_shown) {
        (RoundStatus::Closed, _) => None,
        (_, ResultsShown::Closed) => Some(ctx.t("results-shown-closed-note")),
        (_, ResultsShown::Batches) => {
            Some(ctx.t1("results-shown-batches-note", "min", round.min_responses))
        }
    }
}

/// How many of the shown responses came through links the organisation's own staff
/// made and no organiser approved (they count apart from the minimum).
fn staff_note(ctx: &Ctx, o: &OrgResults) -> Option<String> {
    let staff = o.result.responses - o.result.independent;
    (staff > 0).then(|| ctx.t1("staff-responses-note", "n", staff))
}

pub(crate) async fn one_org(
    state: &AppState,
    round: i64,
    org: i64,
) -> AppResult<(Round, Model, OrgResults)> {
    let r = state.store.round_results(round, Some(org)).await?;
    let o = r.orgs.into_iter().next().ok_or(AppError::NotFound)?;
    Ok((r.round, r.model, o))
}

pub async fn org_results(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, org)): Path<(i64, i64)>,
) -> AppResult<OrgResultsPage> {
    // `org` is the organisation `who` was admitted to (`who.org`).
    let (round, model, o) = one_org(&state, id, org).await?;
    who.audit(
        &state.store,
        "results_viewed",
        Some(&format!("round {id} org {}", who.org)),
        None,
    )
    .await?;
    let lang = who.ctx.code();
    let level_name = |l: u8| {
        model
            .level(l)
            .map(|x| x.name.get(lang).to_string())
            .unwrap_or_default()
    };
    let dims = model
        .dimensions
        .iter()
        .zip(&o.result.dimensions)
        .map(|(d, r)| DimensionLine {
            id: d.id.clone(),
            name: d.name.get(lang).to_string(),
            score: r.score.map(|s| s.score),
            level: r.score.map(|s| s.level),
            level_name: r.score.map(|s| level_name(s.level)).unwrap_or_default(),
            responses: r.responses,
        })
        .collect();
    let staircase = o
        .result
        .overall
        .map(|s| Staircase::new(&model, lang, &[(s.score, o.participant.name.clone(), true)]));
    Ok(OrgResultsPage {
        level_name: o
            .result
            .overall
            .map(|s| level_name(s.level))
            .unwrap_or_default(),
        staircase,
        dims,
        back: if who.level.is_organiser() {
            format!("/admin/rounds/{}", round.id)
        } else {
            "/start".into()
        },
        can_invite: who.level.can_invite(),
        can_edit: who.level.can_edit(),
        shown_note: shown_note(&who.ctx, &round),
        staff_note: staff_note(&who.ctx, &o),
        ctx: who.ctx,
        round,
        model,
        org: o,
    })
}

pub struct ExplainLine {
    name: String,
    weight: f64,
    score: Option<f64>,
    ex: DimensionExplanation,
    questions: Vec<(String, f64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/explain.html")]
pub struct ExplainPage {
    ctx: Ctx,
    round: Round,
    org: OrgResults,
    lines: Vec<ExplainLine>,
    /// Per-question tallies shown: at least the round's `min_tally` independent
    /// responses (a count per answer of a question is one subtraction away from a
    /// person's answer when the group is small or partly made up).
    tallies: bool,
    shown_note: Option<String>,
    staff_note: Option<String>,
    /// The scoring rule's lines (catalogue keys), as the round's model states it.
    rules: Vec<&'static str>,
    /// The steps of the model's scale, one tally column each.
    steps: Vec<u8>,
}

/// The lines of the scoring rule for `m`: the built-in rule as always, or the model's
/// own rules (values, unanswered, not applicable, streams, groups).
fn rule_keys(m: &trappe_core::Model) -> Vec<&'static str> {
    use trappe_core::model::{Aggregation, NotApplicable, Unanswered};
    if m.scoring == Default::default() && m.groups.is_empty() && m.scale == Default::default() {
        return vec![
            "rule-value",
            "rule-respondent",
            "rule-org",
            "rule-overall",
            "rule-level",
        ];
    }
    let mut k = vec!["rule-value-model"];
    k.push(match m.scoring.unanswered {
        Unanswered::NoValue => "rule-unanswered-none",
        Unanswered::Lowest => "rule-unanswered-lowest",
    });
    k.push(match m.scoring.not_applicable {
        NotApplicable::NoValue => "rule-na-none",
        NotApplicable::Excluded => "rule-na-excluded",
    });
    k.push(match m.scoring.dimension {
        Aggregation::WeightedMean => "rule-respondent-mean",
        Aggregation::StreamSum => "rule-stream-sum",
    });
    k.push("rule-org");
    if m.groups.is_empty() {
        k.push("rule-overall");
    } else {
        k.push("rule-groups");
    }
    k.push("rule-level");
    k
}

pub async fn explain(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, org)): Path<(i64, i64)>,
) -> AppResult<ExplainPage> {
    let (round, model, o) = one_org(&state, id, org).await?;
    who.audit(
        &state.store,
        "results_viewed",
        Some(&format!("round {id} org {}", who.org)),
        None,
    )
    .await?;
    let lang = who.ctx.code();
    let answers: Vec<_> = o.responses.iter().map(|r| r.answers.clone()).collect();
    let min_tally = usize::try_from(round.min_tally).unwrap_or(usize::MAX);
    let tallies = !o.result.withheld && o.result.independent >= min_tally;
    let lines = model
        .dimensions
        .iter()
        .zip(&o.result.dimensions)
        .map(|(d, r)| ExplainLine {
            name: d.name.get(lang).to_string(),
            weight: d.weight,
            score: r.score.map(|s| s.score),
            // Below the round's minimum nothing about the answers is shown.
            ex: if o.result.withheld {
                explain_dimension(&model, d, &[])
            } else {
                let mut ex = explain_dimension(&model, d, &answers);
                if !tallies {
                    // Not even handed to the template.
                    ex.questions.clear();
                }
                ex
            },
            questions: d
                .questions
                .iter()
                .map(|q| (q.text.get(lang).to_string(), q.weight))
                .collect(),
        })
        .collect();
    Ok(ExplainPage {
        tallies,
        rules: rule_keys(&model),
        steps: model.scale.steps().collect(),
        shown_note: shown_note(&who.ctx, &round),
        staff_note: staff_note(&who.ctx, &o),
        ctx: who.ctx,
        round,
        org: o,
        lines,
    })
}

impl ExplainLine {
    fn counted(&self) -> usize {
        self.ex
            .respondent_scores
            .iter()
            .filter(|s| s.is_some())
            .count()
    }
    fn uncounted(&self) -> usize {
        self.ex.respondent_scores.len() - self.counted()
    }
}
