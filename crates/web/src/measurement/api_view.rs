//! JSON shapes that other tools rely on (a contract: keep the field names). They also
//! make the API's OpenAPI schemas (`ToSchema`): the doc comments on the fields are the
//! descriptions an API reader sees.

use serde::Serialize;
use std::collections::BTreeMap;
use trappe_core::benchmark::{GroupKey, Interval, Stats};
use trappe_store::{Analysis, RoundStatus};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::ToSchema;

/// A round's status as the API writes it: every status the store knows.
pub(crate) fn round_status_schema() -> ObjectBuilder {
    // Exhaustive: a new status does not compile until it is listed here.
    let all = |s: RoundStatus| match s {
        RoundStatus::Draft | RoundStatus::Open | RoundStatus::Closed => s.as_str(),
    };
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(
            [RoundStatus::Draft, RoundStatus::Open, RoundStatus::Closed].map(all),
        ))
}

/// Adds the Stats fields, none of them required, to the document's BenchmarkDimension
/// (whose `stats` are flattened into it, and absent when withheld).
pub(crate) fn with_stats_fields(schemas: &mut BTreeMap<String, RefOr<Schema>>) {
    let stats = match schemas.get("Stats") {
        Some(RefOr::T(Schema::Object(o))) => o.properties.clone(),
        _ => return,
    };
    if let Some(RefOr::T(Schema::Object(dim))) = schemas.get_mut("BenchmarkDimension") {
        dim.properties.extend(stats);
    }
}

/// A benchmark group's kind: every kind of `GroupKey`.
fn group_kind_schema() -> ObjectBuilder {
    let kinds = [
        GroupKey::All,
        GroupKey::Kind(String::new()),
        GroupKey::Tag(String::new()),
    ];
    // Exhaustive, as above.
    let kind = |k: &GroupKey| match k {
        GroupKey::All | GroupKey::Kind(_) | GroupKey::Tag(_) => k.kind(),
    };
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(kinds.iter().map(kind)))
}

/// A round's results: organisations' scores, benchmarks, percentiles and intervals.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Results)]
pub struct ResultsDoc {
    pub round: RoundDoc,
    pub model: ModelRef,
    pub organisations: Vec<OrgDoc>,
    pub benchmarks: Vec<GroupDoc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ResultsRound)]
pub struct RoundDoc {
    pub id: i64,
    pub name: String,
    #[schema(schema_with = round_status_schema)]
    pub status: &'static str,
    pub min_responses: i64,
    pub min_orgs: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ModelRef {
    pub id: String,
    pub version: String,
}

/// An organisation's overall score; null where withheld.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Score)]
pub struct ScoreDoc {
    #[schema(required = true)]
    pub score: Option<f64>,
    #[schema(required = true, minimum = 0)]
    pub level: Option<u8>,
    /// The score's confidence interval (low, high).
    #[schema(required = true, min_items = 2, max_items = 2)]
    pub interval: Option<[f64; 2]>,
    /// The organisation's target (its questionnaire answered as it wants to be), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Option<f64>>,
    /// (score - earlier) / (target - earlier), with `earlier` the organisation's score in
    /// its latest earlier round of the same model; present when a target is set and there
    /// is an earlier round, null when the target equals the earlier score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Option<f64>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Organisation)]
pub struct OrgDoc {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub tags: Vec<String>,
    pub responses: usize,
    pub withheld: bool,
    pub overall: ScoreDoc,
    pub dimensions: Vec<DimensionDoc>,
    /// The model's groups of dimensions (e.g. SAMM's business functions); absent when
    /// the model has none, so the shape for ungrouped models is unchanged.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<DimensionGroupDoc>,
    pub percentiles: Vec<PercentileDoc>,
}

/// One group of dimensions: the weight-average of its dimensions' scores.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = DimensionGroupScore)]
pub struct DimensionGroupDoc {
    pub id: String,
    #[schema(required = true)]
    pub score: Option<f64>,
    #[schema(required = true, minimum = 0)]
    pub level: Option<u8>,
    /// The group score's 95 % bootstrap interval (low, high), drawn as the score is made:
    /// dimensions from resampled respondents, then the group's weight-average.
    #[schema(required = true, min_items = 2, max_items = 2)]
    pub interval: Option<[f64; 2]>,
    pub dimensions: Vec<String>,
    /// The organisation's target (its questionnaire answered as it wants to be), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Option<f64>>,
    /// (score - earlier) / (target - earlier), with `earlier` the organisation's score in
    /// its latest earlier round of the same model; present when a target is set and there
    /// is an earlier round, null when the target equals the earlier score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Option<f64>>,
}

/// An organisation's score in one dimension.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = DimensionScore)]
pub struct DimensionDoc {
    pub id: String,
    #[schema(required = true)]
    pub score: Option<f64>,
    #[schema(required = true, minimum = 0)]
    pub level: Option<u8>,
    /// The score's confidence interval (low, high).
    #[schema(required = true, min_items = 2, max_items = 2)]
    pub interval: Option<[f64; 2]>,
    pub responses: usize,
    /// The organisation's target (its questionnaire answered as it wants to be), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Option<f64>>,
    /// (score - earlier) / (target - earlier), with `earlier` the organisation's score in
    /// its latest earlier round of the same model; present when a target is set and there
    /// is an earlier round, null when the target equals the earlier score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<Option<f64>>,
}

/// A benchmark group: everyone, one kind of organisation, or one tag.
#[derive(Debug, Serialize, PartialEq, Eq, Clone, ToSchema)]
#[schema(as = Group)]
pub struct GroupRef {
    #[schema(schema_with = group_kind_schema)]
    pub kind: &'static str,
    /// The kind or the tag; null for everyone.
    #[schema(required = true)]
    pub value: Option<String>,
}

impl From<&GroupKey> for GroupRef {
    fn from(k: &GroupKey) -> GroupRef {
        GroupRef {
            kind: k.kind(),
            value: k.value().map(str::to_string),
        }
    }
}

/// Where the organisation stands in a group: percentiles, overall and per dimension.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Percentiles)]
pub struct PercentileDoc {
    pub group: GroupRef,
    #[schema(required = true)]
    pub overall: Option<f64>,
    pub dimensions: BTreeMap<String, Option<f64>>,
}

/// A group's figures. `min` and `max` are always null (each would be one organisation's
/// exact score) and `best_in_class` is null below 2 x `min_orgs` (see docs/privacy.md);
/// the fields stay, so readers of the contract keep working.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Stats)]
pub struct StatsDoc {
    pub mean: f64,
    pub median: f64,
    /// Mean of the top max(ceil(n/4), min_orgs) organisations; null below 2 x min_orgs,
    /// where it would give away the sum of fewer than min_orgs.
    #[schema(required = true)]
    pub best_in_class: Option<f64>,
    /// Always null: a minimum is one organisation's exact score.
    #[schema(required = true)]
    pub min: Option<f64>,
    /// Always null: a maximum is one organisation's exact score.
    #[schema(required = true)]
    pub max: Option<f64>,
    /// How many organisations stand on each step of the model's scale, lowest first
    /// (steps 1 to 5 for the built-in model, 0 to 3 for SAMM).
    #[schema(min_items = 2)]
    pub levels: Vec<usize>,
}

impl From<&Stats> for StatsDoc {
    fn from(s: &Stats) -> StatsDoc {
        StatsDoc {
            mean: s.mean,
            median: s.median,
            best_in_class: s.best_in_class,
            min: None,
            max: None,
            levels: s.levels.clone(),
        }
    }
}

/// A group's figures in one dimension: `id`, `n` and `withheld`, then the Stats
/// fields unless withheld.
// The flattened stats are left out of the derived schema (utoipa would write an allOf
// that requires them even when withheld); `with_stats_fields` adds them, optional.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = BenchmarkDimension)]
pub struct GroupDimensionDoc {
    pub id: String,
    /// Organisations of the group with a score for this dimension.
    pub n: usize,
    /// The group is withheld, or this dimension's figures are (too few organisations
    /// with a score in it, or a complement too small): no figure follows.
    pub withheld: bool,
    #[serde(flatten)]
    #[schema(ignore)]
    pub stats: Option<StatsDoc>,
}

/// One group's benchmark.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Benchmark)]
pub struct GroupDoc {
    pub group: GroupRef,
    /// Organisations in the group.
    pub n: usize,
    /// Fewer than min_orgs organisations, or figures that other shown groups could be
    /// subtracted from to single out fewer than min_orgs (see docs/privacy.md,
    /// Organisations).
    pub withheld: bool,
    /// Null when withheld.
    #[schema(required = true)]
    pub overall: Option<StatsDoc>,
    pub dimensions: Vec<GroupDimensionDoc>,
}

fn pair(i: Option<Interval>) -> Option<[f64; 2]> {
    i.map(|i| [i.lo, i.hi])
}

/// (target, progress) of one figure: the target's score, and the progress toward it
/// when there is an earlier score.
fn target_and_progress(
    score: Option<f64>,
    target: Option<f64>,
    earlier: Option<Option<f64>>,
) -> (Option<Option<f64>>, Option<Option<f64>>) {
    let progress = earlier.map(|e| trappe_core::scoring::progress(score, e, target));
    (Some(target), progress)
}

impl ResultsDoc {
    /// Adds each organisation's `target` and `progress` (see [`DimensionDoc`]). `targets`
    /// are the organisations' target answers in this round; `earlier` their results in
    /// their latest earlier round of the same model. A target is scored on its own: it
    /// never enters a response count, an average or a benchmark.
    pub fn add_targets(
        &mut self,
        model: &trappe_core::Model,
        targets: &std::collections::HashMap<i64, trappe_core::Answers>,
        earlier: &std::collections::HashMap<i64, trappe_core::OrgResult>,
    ) {
        for o in &mut self.organisations {
            let Some(t) = targets.get(&o.id) else {
                continue;
            };
            let t = trappe_core::score_organisation(model, std::slice::from_ref(t), 1);
            let e = earlier.get(&o.id).filter(|e| !e.withheld);
            let score = |s: Option<trappe_core::Score>| s.map(|s| s.score);
            (o.overall.target, o.overall.progress) = target_and_progress(
                o.overall.score,
                score(t.overall),
                e.map(|e| score(e.overall)),
            );
            for (i, d) in o.dimensions.iter_mut().enumerate() {
                (d.target, d.progress) = target_and_progress(
                    d.score,
                    t.dimensions.get(i).and_then(|x| score(x.score)),
                    e.map(|e| e.dimensions.get(i).and_then(|x| score(x.score))),
                );
            }
            for (i, g) in o.groups.iter_mut().enumerate() {
                (g.target, g.progress) = target_and_progress(
                    g.score,
                    t.groups.get(i).and_then(|x| score(x.score)),
                    e.map(|e| e.groups.get(i).and_then(|x| score(x.score))),
                );
            }
        }
    }

    /// Scores unrounded; withheld organisations and groups carry no figure at all.
    /// With `only`, the organisations are limited to that one (benchmarks stay whole).
    pub fn new(a: &Analysis, only: Option<i64>) -> ResultsDoc {
        let r = &a.results;
        let dim_ids: Vec<String> = r.model.dimensions.iter().map(|d| d.id.clone()).collect();
        let organisations = r
            .orgs
            .iter()
            .zip(&a.intervals)
            .filter(|(o, _)| only.is_none_or(|id| id == o.participant.org_id))
            .map(|(o, iv)| OrgDoc {
                id: o.participant.org_id,
                name: o.participant.name.clone(),
                kind: o.participant.kind.clone(),
                tags: o.tags.clone(),
                responses: o.result.responses,
                withheld: o.result.withheld,
                overall: ScoreDoc {
                    score: o.result.overall.map(|s| s.score),
                    level: o.result.overall.map(|s| s.level),
                    interval: pair(iv.overall),
                    target: None,
                    progress: None,
                },
                dimensions: o
                    .result
                    .dimensions
                    .iter()
                    .zip(&iv.dimensions)
                    .map(|(d, i)| DimensionDoc {
                        id: d.id.clone(),
                        score: d.score.map(|s| s.score),
                        level: d.score.map(|s| s.level),
                        interval: if d.score.is_some() { pair(*i) } else { None },
                        responses: d.responses,
                        target: None,
                        progress: None,
                    })
                    .collect(),
                groups: o
                    .result
                    .groups
                    .iter()
                    .zip(iv.groups.iter().chain(std::iter::repeat(&None)))
                    .map(|(g, i)| DimensionGroupDoc {
                        id: g.id.clone(),
                        score: g.score.map(|s| s.score),
                        level: g.score.map(|s| s.level),
                        interval: if g.score.is_some() { pair(*i) } else { None },
                        dimensions: r
                            .model
                            .group_dimensions(&g.id)
                            .map(|d| d.id.clone())
                            .collect(),
                        target: None,
                        progress: None,
                    })
                    .collect(),
                percentiles: a
                    .percentiles(o.participant.org_id)
                    .iter()
                    .map(|p| PercentileDoc {
                        group: (&p.key).into(),
                        overall: p.overall,
                        dimensions: dim_ids
                            .iter()
                            .cloned()
                            .zip(p.dimensions.iter().copied())
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let benchmarks = a
            .groups
            .iter()
            .map(|g| GroupDoc {
                group: (&g.key).into(),
                n: g.n,
                withheld: g.withheld,
                overall: g.overall.as_ref().map(StatsDoc::from),
                dimensions: dim_ids
                    .iter()
                    .zip(&g.dimensions)
                    .enumerate()
                    .map(|(d, (id, s))| GroupDimensionDoc {
                        id: id.clone(),
                        n: g.dimension_n.get(d).copied().unwrap_or(0),
                        withheld: g.dimension_withheld.get(d).copied().unwrap_or(true),
                        stats: s.as_ref().map(StatsDoc::from),
                    })
                    .collect(),
            })
            .collect();
        ResultsDoc {
            round: RoundDoc {
                id: r.round.id,
                name: r.round.name.clone(),
                status: r.round.status.as_str(),
                min_responses: r.round.min_responses,
                min_orgs: r.round.min_orgs,
            },
            model: ModelRef {
                id: r.model.id.clone(),
                version: r.model.version.clone(),
            },
            organisations,
            benchmarks,
        }
    }
}
