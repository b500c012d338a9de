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

use crate::model::{
    Aggregation, Dimension, Model, NotApplicable, Question, Rules, Scale, Unanswered,
};
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

    /// The stored code: the option's level ("0".."9"; "1".."5" on the built-in
    /// staircase), "dk" or "na".
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
                Ok(l) if l <= 9 && s.len() == 1 => Some(Answer::Level(l)),
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

/// A respondent's score for one dimension under the model's `rules`.
pub fn respondent_dimension_score(
    rules: Rules,
    dim: &Dimension,
    answers: &Answers,
) -> RespondentDimension {
    if rules == Rules::default() {
        return weighted_mean_no_value(dim, answers);
    }
    // What each question counts: Some(value), or None when it is out of the denominator
    // (no value under the no-value rule, or not applicable and excluded).
    let counted = |q: &Question| -> Option<f64> {
        let a = answers.get(&q.id).copied();
        match a {
            Some(Answer::Level(l)) => q.value_of(l),
            Some(Answer::NotRelevant) if rules.not_applicable == NotApplicable::Excluded => None,
            _ => match rules.unanswered {
                Unanswered::NoValue => None,
                Unanswered::Lowest => Some(q.lowest_value()),
            },
        }
    };
    let questions = dim.questions.len();
    let valued = dim
        .questions
        .iter()
        .filter(
            |q| matches!(answers.get(&q.id), Some(Answer::Level(l)) if q.value_of(*l).is_some()),
        )
        .count();
    let score = match rules.dimension {
        Aggregation::WeightedMean => {
            let mut sum = 0.0;
            let mut weights = 0.0;
            let mut n = 0;
            for q in &dim.questions {
                if let Some(v) = counted(q) {
                    sum += q.weight * v;
                    weights += q.weight;
                    n += 1;
                }
            }
            let enough = match rules.unanswered {
                Unanswered::NoValue => valued > 0 && valued * 2 >= questions,
                Unanswered::Lowest => n > 0,
            };
            (enough && weights > 0.0).then(|| sum / weights)
        }
        Aggregation::StreamSum => {
            // Streams in model order; each stream's score is the sum of its values (an
            // excluded question's share filled in by the mean of the stream's counted ones).
            let mut streams: Vec<(&str, f64, usize, usize)> = Vec::new();
            for q in &dim.questions {
                let sid = q.stream.as_deref().unwrap_or("");
                let i = match streams.iter().position(|s| s.0 == sid) {
                    Some(i) => i,
                    None => {
                        streams.push((sid, 0.0, 0, 0));
                        streams.len() - 1
                    }
                };
                streams[i].3 += 1;
                if let Some(v) = counted(q) {
                    streams[i].1 += v;
                    streams[i].2 += 1;
                }
            }
            let scores: Vec<f64> = streams
                .iter()
                .filter(|s| s.2 > 0)
                .map(|&(_, sum, n, all)| {
                    if n == all {
                        sum
                    } else {
                        sum / n as f64 * all as f64
                    }
                })
                .collect();
            let enough = match rules.unanswered {
                Unanswered::NoValue => valued > 0 && valued * 2 >= questions,
                Unanswered::Lowest => !scores.is_empty(),
            };
            (enough && !scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
        }
    };
    RespondentDimension {
        score,
        valued,
        questions,
    }
}

/// The built-in rule, unchanged to the bit: the weight-average of the values answered,
/// defined when at least half of the questions carry a value.
fn weighted_mean_no_value(dim: &Dimension, answers: &Answers) -> RespondentDimension {
    let mut sum = 0.0;
    let mut weights = 0.0;
    let mut valued = 0;
    for q in &dim.questions {
        if let Some(v) = answers
            .get(&q.id)
            .and_then(|a| a.value())
            .and_then(|l| q.value_of(l))
        {
            sum += q.weight * v;
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

    /// A score on a model's scale (its step read within the scale's range).
    pub fn on(scale: Scale, score: f64) -> Score {
        Score {
            score,
            level: scale.level_of(score),
        }
    }
}

/// A group of dimensions' score: the weight-average of its defined dimension scores.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupResult {
    pub id: String,
    pub score: Option<Score>,
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
    /// One per group of the model, in model order (empty when it has none).
    pub groups: Vec<GroupResult>,
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
    let mut means = Vec::with_capacity(model.dimensions.len());
    let mut sum = 0.0;
    let mut weights = 0.0;
    for dim in &model.dimensions {
        let defined: Vec<f64> = complete
            .iter()
            .filter_map(|a| respondent_dimension_score(model.scoring, dim, a).score)
            .collect();
        let mean =
            (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64);
        if let Some(m) = mean {
            sum += dim.weight * m;
            weights += dim.weight;
        }
        means.push(mean);
        dimensions.push(DimensionResult {
            id: dim.id.clone(),
            score: if withheld {
                None
            } else {
                mean.map(|m| Score::on(model.scale, m))
            },
            responses: defined.len(),
        });
    }
    let (groups, overall) = if model.groups.is_empty() {
        let overall = (!withheld && weights > 0.0).then(|| Score::on(model.scale, sum / weights));
        (Vec::new(), overall)
    } else {
        let group_means = group_means(model, &means);
        let overall = if withheld {
            None
        } else {
            weighted(
                model
                    .groups
                    .iter()
                    .map(|g| g.weight)
                    .zip(group_means.iter().copied()),
            )
            .map(|s| Score::on(model.scale, s))
        };
        let groups = model
            .groups
            .iter()
            .zip(group_means)
            .map(|(g, m)| GroupResult {
                id: g.id.clone(),
                score: if withheld {
                    None
                } else {
                    m.map(|m| Score::on(model.scale, m))
                },
            })
            .collect();
        (groups, overall)
    };
    OrgResult {
        responses: complete.len(),
        independent,
        withheld,
        overall,
        dimensions,
        groups,
    }
}

/// The weight-average of the defined values, None when none is defined.
fn weighted(items: impl Iterator<Item = (f64, Option<f64>)>) -> Option<f64> {
    let mut sum = 0.0;
    let mut weights = 0.0;
    for (w, v) in items {
        if let Some(v) = v {
            sum += w * v;
            weights += w;
        }
    }
    (weights > 0.0).then(|| sum / weights)
}

/// Each group's score from its dimensions' scores (`dims` in model order).
pub fn group_means(model: &Model, dims: &[Option<f64>]) -> Vec<Option<f64>> {
    model
        .groups
        .iter()
        .map(|g| {
            weighted(
                model
                    .dimensions
                    .iter()
                    .zip(dims)
                    .filter(|(d, _)| d.group.as_deref() == Some(g.id.as_str()))
                    .map(|(d, v)| (d.weight, *v)),
            )
        })
        .collect()
}

/// The overall score from dimension scores (`dims` in model order): over groups when the
/// model has groups, else the weight-average of the dimensions.
pub fn overall_of(model: &Model, dims: &[Option<f64>]) -> Option<f64> {
    if model.groups.is_empty() {
        weighted(
            model
                .dimensions
                .iter()
                .map(|d| d.weight)
                .zip(dims.iter().copied()),
        )
    } else {
        let g = group_means(model, dims);
        weighted(model.groups.iter().map(|g| g.weight).zip(g))
    }
}

/// How one question was answered across an organisation's complete responses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionTally {
    pub id: String,
    /// Count of answers per step of the model's scale, lowest first.
    pub levels: Vec<usize>,
    /// The value of each step's option, in the same order.
    pub values: Vec<f64>,
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
                .zip(&self.values)
                .map(|(c, v)| v * *c as f64)
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

pub fn explain_dimension(
    model: &Model,
    dim: &Dimension,
    complete: &[Answers],
) -> DimensionExplanation {
    let respondent_scores = complete
        .iter()
        .map(|a| respondent_dimension_score(model.scoring, dim, a).score)
        .collect();
    let questions = dim
        .questions
        .iter()
        .map(|q| {
            let steps: Vec<u8> = model.scale.steps().collect();
            let mut t = QuestionTally {
                id: q.id.clone(),
                levels: vec![0; steps.len()],
                values: steps
                    .iter()
                    .map(|&l| q.value_of(l).unwrap_or(f64::from(l)))
                    .collect(),
                ..Default::default()
            };
            for a in complete {
                match a.get(&q.id) {
                    Some(Answer::Level(l)) => {
                        if let Some(i) = steps.iter().position(|s| s == l) {
                            t.levels[i] += 1;
                        }
                    }
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
            group: None,
            questions: weights
                .iter()
                .enumerate()
                .map(|(i, w)| Question {
                    id: format!("{id}{}", i + 1),
                    weight: *w,
                    trait_id: None,
                    text: Text::new("q", "q"),
                    stream: None,
                    criteria: vec![],
                    options: (1..=5)
                        .map(|l| AnswerOption {
                            level: l,
                            value: None,
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
        // Any one-digit level parses (a model's scale may start at 0); whether the
        // question has that option is checked against the model where answers come in.
        assert_eq!(Answer::parse("0"), Some(Level(0)));
        assert_eq!(Answer::parse("10"), None);
        assert_eq!(Answer::parse("05"), None);
        assert_eq!(Answer::parse("x"), None);
    }

    #[test]
    fn respondent_score_is_weighted_and_ignores_dont_know() {
        let d = dim("a", &[1.0, 2.0, 1.0, 1.0]);
        // (1*2 + 2*4) / 3 = 10/3; a3 don't know, a4 not relevant carry no value.
        let r = respondent_dimension_score(
            Rules::default(),
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
        assert_eq!(
            respondent_dimension_score(Rules::default(), &d, &two).score,
            None
        );
        let three = answers(&[("a1", Level(3)), ("a2", Level(4)), ("a5", Level(5))]);
        assert_eq!(
            respondent_dimension_score(Rules::default(), &d, &three).score,
            Some(4.0)
        );
        // Exactly half of an even count is enough.
        let d4 = dim("b", &[1.0; 4]);
        let half = answers(&[("b1", Level(1)), ("b4", Level(2))]);
        assert_eq!(
            respondent_dimension_score(Rules::default(), &d4, &half).score,
            Some(1.5)
        );
        assert_eq!(
            respondent_dimension_score(Rules::default(), &d4, &Answers::new()).score,
            None
        );
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
            Rules::default(),
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
        let e = explain_dimension(&Model::builtin(), &d, &rs);
        assert_eq!(e.respondent_scores, vec![Some(2.0), Some(4.0), Some(5.0)]);
        assert_eq!(e.questions[0].levels, vec![0, 1, 0, 1, 0]);
        assert_eq!(e.questions[0].unanswered, 1);
        assert_eq!(e.questions[0].mean(), Some(3.0));
        assert_eq!(e.questions[1].dont_know, 1);
        assert_eq!(e.questions[1].not_relevant, 1);
    }
}

/// Progress toward a target: (score − earlier) / (target − earlier); None when a figure
/// is undefined or the target equals the earlier score (no planned improvement to
/// measure against).
pub fn progress(score: Option<f64>, earlier: Option<f64>, target: Option<f64>) -> Option<f64> {
    let (score, earlier, target) = (score?, earlier?, target?);
    let planned = target - earlier;
    (planned.abs() > LEVEL_TOLERANCE).then(|| (score - earlier) / planned)
}

#[cfg(test)]
pub(crate) mod general_tests {
    //! The general model format: values, scales, groups, the unanswered and
    //! not-applicable rules, and SAMM's toolbox rule with the worked figures of
    //! `../shared/samm/README.md` (ids only: no SAMM text is used here).
    use super::*;
    use crate::model::{AnswerOption, Group, Level, NextStep, Text};

    pub(crate) const SAMM_PRACTICES: [&str; 15] = [
        "G-SM", "G-PC", "G-EG", "D-TA", "D-SR", "D-SA", "I-SB", "I-SD", "I-DM", "V-AA", "V-RT",
        "V-ST", "O-IM", "O-EM", "O-OM",
    ];
    pub(crate) const SAMM_VALUES: [f64; 4] = [0.0, 0.25, 0.5, 1.0];

    /// A model with SAMM's shape and rules, and placeholder texts.
    pub(crate) fn samm_like() -> Model {
        let t = |s: &str| Text::new(s, s);
        let mut m = Model::builtin();
        m.id = "samm-like".into();
        m.scale = Scale { min: 0, max: 3 };
        m.scoring = Rules {
            unanswered: Unanswered::Lowest,
            not_applicable: NotApplicable::Excluded,
            dimension: Aggregation::StreamSum,
        };
        m.levels = (0..=3)
            .map(|l| Level {
                level: l,
                name: t(&format!("L{l}")),
                description: t("d"),
            })
            .collect();
        m.traits.clear();
        m.groups = ["G", "D", "I", "V", "O"]
            .iter()
            .map(|g| Group {
                id: g.to_string(),
                weight: 1.0,
                name: t(g),
                description: None,
            })
            .collect();
        m.dimensions = SAMM_PRACTICES
            .iter()
            .map(|p| Dimension {
                id: p.to_string(),
                weight: 1.0,
                name: t(p),
                description: None,
                group: Some(p[..1].to_string()),
                questions: ["A", "B"]
                    .iter()
                    .flat_map(|s| (1..=3).map(move |l| (s, l)))
                    .map(|(s, l)| Question {
                        id: format!("{p}-{s}-{l}"),
                        weight: 1.0,
                        trait_id: None,
                        text: t("q"),
                        stream: Some(s.to_string()),
                        criteria: vec![t("c")],
                        options: (0..=3u8)
                            .map(|o| AnswerOption {
                                level: o,
                                value: Some(SAMM_VALUES[usize::from(o)]),
                                text: t("o"),
                            })
                            .collect(),
                    })
                    .collect(),
                next_steps: (0..3)
                    .map(|l| NextStep {
                        level: l,
                        text: t("n"),
                    })
                    .collect(),
            })
            .collect();
        m
    }

    /// Answers from SAMM values, e.g. ("I-SB-A-1", 0.25).
    pub(crate) fn samm_answers(values: &[(&str, f64)]) -> Answers {
        values
            .iter()
            .map(|(q, v)| {
                let l = SAMM_VALUES
                    .iter()
                    .position(|x| x == v)
                    .expect("a SAMM value");
                (q.to_string(), Answer::Level(l as u8))
            })
            .collect()
    }

    fn dim(r: &OrgResult, id: &str) -> f64 {
        r.dimensions
            .iter()
            .find(|d| d.id == id)
            .unwrap()
            .score
            .unwrap()
            .score
    }
    fn group(r: &OrgResult, id: &str) -> f64 {
        r.groups
            .iter()
            .find(|g| g.id == id)
            .unwrap()
            .score
            .unwrap()
            .score
    }

    #[test]
    fn the_samm_like_model_is_valid() {
        let m = samm_like();
        assert_eq!(m.validate(None), vec![], "{:?}", m.validate(None));
        // and survives the TOML it is stored as
        let src = toml::to_string(&m).unwrap();
        assert_eq!(Model::from_toml(&src).unwrap(), m);
    }

    #[test]
    fn samm_worked_figure_secure_build_current_target_later_and_progress() {
        let m = samm_like();
        let current = samm_answers(&[
            ("I-SB-A-1", 0.25),
            ("I-SB-A-2", 0.0),
            ("I-SB-A-3", 0.0),
            ("I-SB-B-1", 1.0),
            ("I-SB-B-2", 0.0),
            ("I-SB-B-3", 0.0),
        ]);
        let target = samm_answers(&[
            ("I-SB-A-1", 1.0),
            ("I-SB-A-2", 1.0),
            ("I-SB-A-3", 0.0),
            ("I-SB-B-1", 1.0),
            ("I-SB-B-2", 0.5),
            ("I-SB-B-3", 0.0),
        ]);
        // Unanswered activities count as 0: the later round leaves the zeros out.
        let later = samm_answers(&[("I-SB-A-1", 1.0), ("I-SB-A-2", 0.5), ("I-SB-B-1", 1.0)]);
        let s = |a: Answers| dim(&score_organisation(&m, &[a], 1), "I-SB");
        let (c, t, l) = (s(current), s(target), s(later));
        assert_eq!(c, 0.625);
        assert_eq!(t, 1.75);
        assert_eq!(l, 1.25);
        let p = progress(Some(l), Some(c), Some(t)).unwrap();
        assert!((p - 5.0 / 9.0).abs() < 1e-12, "{p}");
        assert_eq!(format!("{p:.4}"), "0.5556");
        assert_eq!(progress(Some(l), Some(c), Some(c)), None);
        assert_eq!(progress(Some(l), None, Some(t)), None);
        // Steps on the 0-3 scale.
        assert_eq!(m.scale.level_of(c), 0);
        assert_eq!(m.scale.level_of(t), 1);
    }

    #[test]
    fn samm_worked_figures_practice_function_and_overall() {
        let m = samm_like();
        let r = score_organisation(&m, &[samm_answers(&[("D-SA-B-1", 0.5)])], 1);
        assert_eq!(dim(&r, "D-SA"), 0.25);
        assert!((group(&r, "D") - 1.0 / 12.0).abs() < 1e-15);
        assert_eq!(group(&r, "G"), 0.0);
        assert!((r.overall.unwrap().score - 1.0 / 60.0).abs() < 1e-15);

        let r = score_organisation(
            &m,
            &[samm_answers(&[("G-EG-A-2", 1.0), ("G-EG-B-2", 0.0)])],
            1,
        );
        assert_eq!(dim(&r, "G-EG"), 0.5);
        assert!((group(&r, "G") - 1.0 / 6.0).abs() < 1e-15);

        let all: Vec<(String, f64)> = m
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(|q| (q.id.clone(), 1.0)))
            .collect();
        let all: Vec<(&str, f64)> = all.iter().map(|(q, v)| (q.as_str(), *v)).collect();
        let r = score_organisation(&m, &[samm_answers(&all)], 1);
        assert!(r.dimensions.iter().all(|d| d.score
            == Some(Score {
                score: 3.0,
                level: 3
            })));
        assert!(r.groups.iter().all(|g| g.score
            == Some(Score {
                score: 3.0,
                level: 3
            })));
        assert_eq!(
            r.overall,
            Some(Score {
                score: 3.0,
                level: 3
            })
        );
        // Nothing answered: every score is defined, and 0 (SAMM's unanswered rule).
        let r = score_organisation(&m, &[Answers::new()], 1);
        assert_eq!(
            r.overall,
            Some(Score {
                score: 0.0,
                level: 0
            })
        );
    }

    #[test]
    fn not_applicable_is_excluded_or_counts_as_unanswered_as_the_model_says() {
        let mut m = samm_like();
        let mut a = samm_answers(&[("I-SB-A-1", 1.0), ("I-SB-A-2", 0.5), ("I-SB-B-1", 1.0)]);
        a.insert("I-SB-A-3".into(), Answer::NotRelevant);
        // Excluded: stream A's two counted activities (1.5) stand for its three: 2.25.
        let r = score_organisation(&m, &[a.clone()], 1);
        assert_eq!(dim(&r, "I-SB"), (2.25 + 1.0) / 2.0);
        // As no value: under SAMM's unanswered rule it counts 0.
        m.scoring.not_applicable = NotApplicable::NoValue;
        let r = score_organisation(&m, &[a.clone()], 1);
        assert_eq!(dim(&r, "I-SB"), 1.25);
        // A stream wholly not applicable drops out of the practice's mean.
        m.scoring.not_applicable = NotApplicable::Excluded;
        for l in 1..=3 {
            a.insert(format!("I-SB-B-{l}"), Answer::NotRelevant);
        }
        let r = score_organisation(&m, &[a], 1);
        assert_eq!(dim(&r, "I-SB"), 2.25);
    }

    #[test]
    fn values_default_to_levels_and_weighted_means_follow_the_rules() {
        let mut m = samm_like();
        m.scoring.dimension = Aggregation::WeightedMean;
        // SAMM values as a weighted mean: (0.5 + 0 * 5) / 6.
        let r = score_organisation(&m, &[samm_answers(&[("D-SA-B-1", 0.5)])], 1);
        assert!((dim(&r, "D-SA") - 0.5 / 6.0).abs() < 1e-15);
        // Under the no-value rule one answer of six is too few.
        m.scoring.unanswered = Unanswered::NoValue;
        let r = score_organisation(&m, &[samm_answers(&[("D-SA-B-1", 0.5)])], 1);
        assert_eq!(
            r.dimensions.iter().find(|d| d.id == "D-SA").unwrap().score,
            None
        );
        // Without a value, an option counts its level.
        let mut q = m.dimensions[0].questions[0].clone();
        q.options[2].value = None;
        assert_eq!(q.value_of(2), Some(2.0));
        assert_eq!(q.value_of(3), Some(1.0));
        assert_eq!(q.value_of(7), None);
    }

    #[test]
    fn groups_are_weight_averages_and_the_overall_is_over_groups() {
        let mut m = samm_like();
        m.groups[0].weight = 3.0; // G
        let r = score_organisation(
            &m,
            &[samm_answers(&[
                ("G-SM-A-1", 1.0),
                ("G-SM-B-1", 1.0),
                ("D-SA-A-1", 1.0),
            ])],
            1,
        );
        assert_eq!(dim(&r, "G-SM"), 1.0);
        assert!((group(&r, "G") - 1.0 / 3.0).abs() < 1e-15);
        assert!((group(&r, "D") - 0.5 / 3.0).abs() < 1e-15);
        // (3 * 1/3 + 1 * 1/6 + 0 + 0 + 0) / 7
        let want = (3.0 * (1.0 / 3.0) + 0.5 / 3.0) / 7.0;
        assert!((r.overall.unwrap().score - want).abs() < 1e-15);
        assert_eq!(
            overall_of(
                &m,
                &r.dimensions
                    .iter()
                    .map(|d| d.score.map(|s| s.score))
                    .collect::<Vec<_>>()
            )
            .map(|x| (x - want).abs() < 1e-15),
            Some(true)
        );
        // Withheld below the minimum: groups too.
        let r = score_organisation(&m, &[Answers::new()], 2);
        assert!(r.groups.iter().all(|g| g.score.is_none()));
    }

    #[test]
    fn a_scale_reads_steps_within_its_range() {
        let s = Scale { min: 0, max: 3 };
        assert_eq!(s.level_of(0.0), 0);
        assert_eq!(s.level_of(0.999), 0);
        assert_eq!(s.level_of(2.9999999999), 3);
        assert_eq!(s.level_of(3.0), 3);
        assert_eq!(s.level_of(-1.0), 0);
        let b = Scale::default();
        for x in [0.2, 1.0, 2.9999999999999996, 4.99, 5.0, 7.0] {
            assert_eq!(b.level_of(x), level_of(x));
        }
    }
}
