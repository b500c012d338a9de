//! The scoring rule: answers -> respondent dimension scores -> organisation scores -> step.
//!
//! Exactly the rule the product promises (issue "Trappe core"):
//! - an answer option's value is its level; "don't know", "not relevant" and unanswered
//!   carry no value;
//! - a respondent's dimension score is the weight-average of the values answered in that
//!   dimension, undefined when fewer than half of its questions have a value;
//! - an organisation's dimension score is the mean of its complete respondents' defined
//!   scores; its overall score is the weight-average of its defined dimension scores;
//! - level = floor(score) within 1 to 5, with a 1e-9 tolerance.

use crate::model::{Dimension, Model};
use std::collections::HashMap;
use std::fmt;

/// Scores within this distance below a step count as reaching it.
pub const LEVEL_TOLERANCE: f64 = 1e-9;

/// One answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    Level(u8),
    DontKnow,
    NotRelevant,
}

impl Answer {
    /// The value the answer carries in a score, if any.
    pub fn value(self) -> Option<u8> {
        match self {
            Answer::Level(l) => Some(l),
            _ => None,
        }
    }

    /// The stored code: "1".."5", "dk" or "na".
    pub fn code(self) -> String {
        match self {
            Answer::Level(l) => l.to_string(),
            Answer::DontKnow => "dk".into(),
            Answer::NotRelevant => "na".into(),
        }
    }

    pub fn parse(code: &str) -> Option<Answer> {
        match code {
            "dk" => Some(Answer::DontKnow),
            "na" => Some(Answer::NotRelevant),
            s => match s.parse::<u8>() {
                Ok(l) if (1..=5).contains(&l) => Some(Answer::Level(l)),
                _ => None,
            },
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// A respondent's answers, keyed by question id.
pub type Answers = HashMap<String, Answer>;

/// The step a score stands on.
pub fn level_of(score: f64) -> u8 {
    let l = (score + LEVEL_TOLERANCE).floor();
    l.clamp(1.0, 5.0) as u8
}

/// How many decimals a score is shown with: one, unless rounding to one would make it
/// read as a higher step than the one it stands on (3.96 would read "4.0" beside step 3);
/// then the fewest decimals at which it does not ("3.96", "3.999"). Everywhere a score is
/// written for a reader (pages, report, charts, the exports' number formats).
pub fn score_decimals(score: f64) -> usize {
    if !score.is_finite() {
        return 1;
    }
    let level = level_of(score);
    (1..=9usize)
        .find(|&d| {
            let f = 10f64.powi(d as i32);
            level_of((score * f).round() / f) <= level
        })
        .unwrap_or(9)
}

/// A respondent's score for one dimension, with what it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct RespondentDimension {
    pub score: Option<f64>,
    /// Questions that carried a value.
    pub valued: usize,
    pub questions: usize,
}

pub fn respondent_dimension_score(dim: &Dimension, answers: &Answers) -> RespondentDimension {
    let mut sum = 0.0;
    let mut weights = 0.0;
    let mut valued = 0;
    for q in &dim.questions {
        if let Some(v) = answers.get(&q.id).and_then(|a| a.value()) {
            sum += q.weight * f64::from(v);
            weights += q.weight;
            valued += 1;
        }
    }
    let questions = dim.questions.len();
    // Defined when at least half of the questions carry a value.
    let score = (valued > 0 && valued * 2 >= questions).then(|| sum / weights);
    RespondentDimension {
        score,
        valued,
        questions,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub score: f64,
    pub level: u8,
}

impl Score {
    pub fn new(score: f64) -> Score {
        Score {
            score,
            level: level_of(score),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DimensionResult {
    pub id: String,
    pub score: Option<Score>,
    /// Respondents whose score for this dimension is defined.
    pub responses: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgResult {
    /// Complete responses.
    pub responses: usize,
    /// Of them, those that count toward the round's minimum (see
    /// [`score_organisation_counted`]).
    pub independent: usize,
    /// Fewer independent responses than the round's minimum: no score is shown anywhere.
    pub withheld: bool,
    pub overall: Option<Score>,
    pub dimensions: Vec<DimensionResult>,
}

/// Scores an organisation from its complete responses. Below `min_responses` every score
/// is withheld (None), so no caller can show one by mistake.
pub fn score_organisation(model: &Model, complete: &[Answers], min_responses: usize) -> OrgResult {
    score_organisation_counted(model, complete, complete.len(), min_responses)
}

/// As [`score_organisation`], where only `independent` of the responses count toward the
/// minimum: those the organisation's own staff could have made up (through links they
/// made, unless an organiser approved them) are scored with the rest once the minimum
/// is met, but never help meet it. Otherwise two made-up responses and one real one
/// would pass a minimum of three, and the real one could be read off by subtraction.
pub fn score_organisation_counted(
    model: &Model,
    complete: &[Answers],
    independent: usize,
    min_responses: usize,
) -> OrgResult {
    let independent = independent.min(complete.len());
    let withheld = independent < min_responses.max(1);
    let mut dimensions = Vec::with_capacity(model.dimensions.len());
    let mut sum = 0.0;
    let mut weights = 0.0;
    for dim in &model.dimensions {
        let defined: Vec<f64> = complete
            .iter()
            .filter_map(|a| respondent_dimension_score(dim, a).score)
            .collect();
        let mean =
            (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64);
        if let Some(m) = mean {
            sum += dim.weight * m;
            weights += dim.weight;
        }
        dimensions.push(DimensionResult {
            id: dim.id.clone(),
            score: if withheld { None } else { mean.map(Score::new) },
            responses: defined.len(),
        });
    }
    let overall = (!withheld && weights > 0.0).then(|| Score::new(sum / weights));
    OrgResult {
        responses: complete.len(),
        independent,
        withheld,
        overall,
        dimensions,
    }
}

/// How one question was answered across an organisation's complete responses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionTally {
    pub id: String,
    /// Count of answers per level 1..=5 (index 0 is level 1).
    pub levels: [usize; 5],
    pub dont_know: usize,
    pub not_relevant: usize,
    pub unanswered: usize,
}

impl QuestionTally {
    pub fn valued(&self) -> usize {
        self.levels.iter().sum()
    }
    pub fn mean(&self) -> Option<f64> {
        let n = self.valued();
        (n > 0).then(|| {
            self.levels
                .iter()
                .enumerate()
                .map(|(i, c)| (i + 1) as f64 * *c as f64)
                .sum::<f64>()
                / n as f64
        })
    }
}

/// The working behind one dimension's score, for the "how was this computed" page.
#[derive(Debug, Clone, PartialEq)]
pub struct DimensionExplanation {
    pub id: String,
    /// Each respondent's score (None: undefined, too few questions with a value), in order.
    pub respondent_scores: Vec<Option<f64>>,
    pub questions: Vec<QuestionTally>,
}

pub fn explain_dimension(dim: &Dimension, complete: &[Answers]) -> DimensionExplanation {
    let respondent_scores = complete
        .iter()
        .map(|a| respondent_dimension_score(dim, a).score)
        .collect();
    let questions = dim
        .questions
        .iter()
        .map(|q| {
            let mut t = QuestionTally {
                id: q.id.clone(),
                ..Default::default()
            };
            for a in complete {
                match a.get(&q.id) {
                    Some(Answer::Level(l)) => t.levels[usize::from(*l) - 1] += 1,
                    Some(Answer::DontKnow) => t.dont_know += 1,
                    Some(Answer::NotRelevant) => t.not_relevant += 1,
                    None => t.unanswered += 1,
                }
            }
            t
        })
        .collect();
    DimensionExplanation {
        id: dim.id.clone(),
        respondent_scores,
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerOption, Question, Text};

    /// A score as it is shown, decimal point.
    fn shown(x: f64) -> String {
        format!("{x:.*}", score_decimals(x))
    }

    #[test]
    fn a_score_never_reads_as_a_higher_step_than_its_own() {
        assert_eq!(shown(3.949), "3.9");
        assert_eq!(shown(3.94999), "3.9");
        assert_eq!((level_of(3.95), shown(3.95)), (3, "3.95".into()));
        assert_eq!((level_of(3.96), shown(3.96)), (3, "3.96".into()));
        // Two decimals would read "4.00": three.
        assert_eq!((level_of(3.999), shown(3.999)), (3, "3.999".into()));
        assert_eq!((level_of(4.0), shown(4.0)), (4, "4.0".into()));
        // Within the step tolerance of 4 it stands on step 4 and reads 4.0.
        assert_eq!(
            (level_of(4.0 - 1e-12), shown(4.0 - 1e-12)),
            (4, "4.0".into())
        );
        assert_eq!(shown(4.04), "4.0");
        assert_eq!(shown(4.96), "4.96");
        assert_eq!(shown(5.0), "5.0");
        assert_eq!(shown(1.0), "1.0");
        assert_eq!(shown(2.45), "2.5");
        // Every score from 1 to 5 in steps of 0.0001: the shown text never reaches a
        // higher whole number than its step.
        for i in 10_000..=50_000 {
            let x = f64::from(i) / 10_000.0;
            let t: f64 = shown(x).parse().unwrap();
            assert!(level_of(t) <= level_of(x), "{x} shown as {}", shown(x));
        }
    }

    fn dim(id: &str, weights: &[f64]) -> Dimension {
        Dimension {
            id: id.into(),
            weight: 1.0,
            name: Text::new(id, id),
            description: None,
            questions: weights
                .iter()
                .enumerate()
                .map(|(i, w)| Question {
                    id: format!("{id}{}", i + 1),
                    weight: *w,
                    trait_id: None,
                    text: Text::new("q", "q"),
                    options: (1..=5)
                        .map(|l| AnswerOption {
                            level: l,
                            text: Text::new("o", "o"),
                        })
                        .collect(),
                })
                .collect(),
            next_steps: vec![],
        }
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    use Answer::*;

    #[test]
    fn levels_are_floored_with_tolerance_and_clamped() {
        assert_eq!(level_of(2.9999999999999996), 3);
        assert_eq!(level_of(2.9999), 2);
        assert_eq!(level_of(3.0), 3);
        assert_eq!(level_of(1.0), 1);
        assert_eq!(level_of(4.99), 4);
        assert_eq!(level_of(5.0), 5);
        assert_eq!(level_of(0.2), 1);
        assert_eq!(level_of(7.0), 5);
    }

    #[test]
    fn answer_codes_round_trip_and_reject_nonsense() {
        for a in [Level(1), Level(5), DontKnow, NotRelevant] {
            assert_eq!(Answer::parse(&a.code()), Some(a));
        }
        assert_eq!(Answer::parse("0"), None);
        assert_eq!(Answer::parse("6"), None);
        assert_eq!(Answer::parse("x"), None);
    }

    #[test]
    fn respondent_score_is_weighted_and_ignores_dont_know() {
        let d = dim("a", &[1.0, 2.0, 1.0, 1.0]);
        // (1*2 + 2*4) / 3 = 10/3; a3 don't know, a4 not relevant carry no value.
        let r = respondent_dimension_score(
            &d,
            &answers(&[
                ("a1", Level(2)),
                ("a2", Level(4)),
                ("a3", DontKnow),
                ("a4", NotRelevant),
            ]),
        );
        assert_eq!(r.valued, 2);
        assert!((r.score.unwrap() - 10.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn respondent_score_needs_half_the_questions() {
        let d = dim("a", &[1.0; 5]);
        // 2 of 5 is fewer than half: undefined; 3 of 5 is defined.
        let two = answers(&[("a1", Level(3)), ("a2", Level(3)), ("a3", DontKnow)]);
        assert_eq!(respondent_dimension_score(&d, &two).score, None);
        let three = answers(&[("a1", Level(3)), ("a2", Level(4)), ("a5", Level(5))]);
        assert_eq!(respondent_dimension_score(&d, &three).score, Some(4.0));
        // Exactly half of an even count is enough.
        let d4 = dim("b", &[1.0; 4]);
        let half = answers(&[("b1", Level(1)), ("b4", Level(2))]);
        assert_eq!(respondent_dimension_score(&d4, &half).score, Some(1.5));
        assert_eq!(respondent_dimension_score(&d4, &Answers::new()).score, None);
    }

    fn two_dim_model(w_a: f64, w_b: f64) -> Model {
        let mut m = Model::builtin();
        let mut a = dim("a", &[1.0, 1.0]);
        a.weight = w_a;
        let mut b = dim("b", &[1.0, 1.0]);
        b.weight = w_b;
        m.dimensions = vec![a, b];
        m
    }

    #[test]
    fn organisation_scores_are_means_of_defined_and_weighted_overall() {
        let m = two_dim_model(1.0, 3.0);
        let rs = vec![
            answers(&[
                ("a1", Level(2)),
                ("a2", Level(3)),
                ("b1", Level(4)),
                ("b2", Level(4)),
            ]),
            answers(&[
                ("a1", Level(3)),
                ("a2", Level(4)),
                ("b1", DontKnow),
                ("b2", DontKnow),
            ]),
            answers(&[("a1", Level(1)), ("b1", Level(5)), ("b2", Level(4))]),
        ];
        let r = score_organisation(&m, &rs, 3);
        assert!(!r.withheld);
        assert_eq!(r.responses, 3);
        // a: (2.5 + 3.5 + 1.0) / 3 = 7/3; b: (4 + 4.5) / 2 = 4.25 (respondent 2 undefined).
        let a = r.dimensions[0].score.unwrap();
        let b = r.dimensions[1].score.unwrap();
        assert!((a.score - 7.0 / 3.0).abs() < 1e-12);
        assert_eq!(a.level, 2);
        assert_eq!(r.dimensions[0].responses, 3);
        assert_eq!(b.score, 4.25);
        assert_eq!(r.dimensions[1].responses, 2);
        // overall: (1 * 7/3 + 3 * 4.25) / 4
        let o = r.overall.unwrap();
        assert!((o.score - (7.0 / 3.0 + 12.75) / 4.0).abs() < 1e-12);
        assert_eq!(o.level, 3);
    }

    #[test]
    fn an_undefined_dimension_drops_out_of_the_overall() {
        let m = two_dim_model(1.0, 1.0);
        let rs = vec![answers(&[("a1", Level(2)), ("a2", Level(2))])];
        let r = score_organisation(&m, &rs, 1);
        assert_eq!(r.dimensions[1].score, None);
        assert_eq!(r.dimensions[1].responses, 0);
        assert_eq!(r.overall.unwrap().score, 2.0);
    }

    #[test]
    fn below_min_responses_everything_is_withheld() {
        let m = two_dim_model(1.0, 1.0);
        let rs = vec![
            answers(&[("a1", Level(5)), ("a2", Level(5))]),
            answers(&[("a1", Level(5)), ("a2", Level(5))]),
        ];
        let r = score_organisation(&m, &rs, 3);
        assert!(r.withheld);
        assert_eq!(r.responses, 2);
        assert_eq!(r.overall, None);
        assert!(r.dimensions.iter().all(|d| d.score.is_none()));
        // One complete response reaches a single-assessor round's minimum of 1.
        assert!(!score_organisation(&m, &rs[..1], 1).withheld);
        assert!(score_organisation(&m, &[], 1).withheld);
        // Made-up responses never help meet the minimum, but are scored once it is met.
        let three = [
            rs.clone(),
            vec![answers(&[("a1", Level(1)), ("a2", Level(1))])],
        ]
        .concat();
        let made_up = score_organisation_counted(&m, &three, 1, 3);
        assert!(made_up.withheld && made_up.overall.is_none());
        assert_eq!((made_up.responses, made_up.independent), (3, 1));
        let met = score_organisation_counted(&m, &three, 3, 3);
        assert!(!met.withheld);
        assert_eq!(met.overall, score_organisation(&m, &three, 3).overall);
    }

    #[test]
    fn floating_sums_just_below_a_step_stand_on_it() {
        // 0.1-style weights make sums like 2.9999999999999996.
        let d = dim("a", &[0.1, 0.1, 0.1]);
        let r = respondent_dimension_score(
            &d,
            &answers(&[("a1", Level(3)), ("a2", Level(3)), ("a3", Level(3))]),
        );
        assert_eq!(level_of(r.score.unwrap()), 3);
    }

    #[test]
    fn explanation_tallies_every_kind_of_answer() {
        let d = dim("a", &[1.0, 1.0]);
        let rs = vec![
            answers(&[("a1", Level(2)), ("a2", DontKnow)]),
            answers(&[("a1", Level(4)), ("a2", NotRelevant)]),
            answers(&[("a2", Level(5))]),
        ];
        let e = explain_dimension(&d, &rs);
        assert_eq!(e.respondent_scores, vec![Some(2.0), Some(4.0), Some(5.0)]);
        assert_eq!(e.questions[0].levels, [0, 1, 0, 1, 0]);
        assert_eq!(e.questions[0].unanswered, 1);
        assert_eq!(e.questions[0].mean(), Some(3.0));
        assert_eq!(e.questions[1].dont_know, 1);
        assert_eq!(e.questions[1].not_relevant, 1);
    }
}
