//! A round's results: the stored responses run through the scoring rule, the peer
//! groups, and each organisation's bootstrap intervals.

use crate::{Participant, Result, Round, Store, StoreError, StoredResponse};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use trappe_core::benchmark::{self, GroupBenchmark, Intervals, Percentiles, Scored};
use trappe_core::{score_organisation_counted, Answers, Model, OrgResult};

/// One participating organisation's results.
#[derive(Debug, Clone)]
pub struct OrgResults {
    pub participant: Participant,
    pub tags: Vec<String>,
    pub result: OrgResult,
    pub responses: Vec<StoredResponse>,
}

impl OrgResults {
    pub fn answers(&self) -> Vec<Answers> {
        self.responses.iter().map(|r| r.answers.clone()).collect()
    }
}

#[derive(Debug, Clone)]
pub struct RoundResults {
    pub round: Round,
    pub model: Model,
    pub orgs: Vec<OrgResults>,
}

/// The seed of an organisation's bootstrap: fixed, so figures are reproducible.
pub fn bootstrap_seed(org_id: i64) -> u64 {
    0x7472_6170_7065_u64 ^ (org_id as u64)
}

impl RoundResults {
    pub fn org(&self, org_id: i64) -> Option<&OrgResults> {
        self.orgs.iter().find(|o| o.participant.org_id == org_id)
    }

    /// The organisations with results (withheld ones count in no figure).
    pub fn scored(&self) -> Vec<Scored> {
        self.orgs
            .iter()
            .filter(|o| !o.result.withheld)
            .map(|o| Scored {
                org_id: o.participant.org_id,
                kind: o.participant.kind.clone(),
                tags: o.tags.clone(),
                overall: o.result.overall.map(|s| s.score),
                dimensions: o
                    .result
                    .dimensions
                    .iter()
                    .map(|d| d.score.map(|s| s.score))
                    .collect(),
            })
            .collect()
    }
}

/// Everything a round's pages, reports and exports show, computed once.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub results: RoundResults,
    pub scored: Vec<Scored>,
    pub groups: Vec<GroupBenchmark>,
    /// Per organisation, in `results.orgs` order; empty intervals for withheld ones.
    pub intervals: Vec<Intervals>,
    /// Each group's scores, sorted, for percentile ranks in O(log n).
    ranks: Vec<GroupRanks>,
}

impl Analysis {
    /// Computes benchmarks and intervals; the bootstraps run on every core.
    pub fn new(results: RoundResults) -> Analysis {
        Analysis::counted(results, &AtomicUsize::new(0))
    }

    /// As `new`, adding one to `done` as each organisation's intervals are ready (of
    /// `results.orgs.len()`), so a page can show how far a large round has come.
    pub fn counted(results: RoundResults, done: &AtomicUsize) -> Analysis {
        let scored = results.scored();
        let min_orgs = usize::try_from(results.round.min_orgs).unwrap_or(5);
        let groups = benchmark::peer_groups(
            results.model.scale,
            &scored,
            results.model.dimensions.len(),
            min_orgs,
        );
        let intervals = intervals_of(&results, done);
        let ranks = groups.iter().map(|g| GroupRanks::new(g, &scored)).collect();
        Analysis {
            results,
            scored,
            groups,
            intervals,
            ranks,
        }
    }

    pub fn index(&self, org_id: i64) -> Option<usize> {
        self.results
            .orgs
            .iter()
            .position(|o| o.participant.org_id == org_id)
    }

    /// Ranks in each shown group the organisation belongs to (see benchmark::percentiles,
    /// which this equals; the sorted lists make a 1,000-organisation round fast).
    pub fn percentiles(&self, org_id: i64) -> Vec<Percentiles> {
        let Some(me) = self.scored.iter().find(|s| s.org_id == org_id) else {
            return Vec::new();
        };
        self.groups
            .iter()
            .zip(&self.ranks)
            .filter(|(g, r)| !g.withheld && r.members.contains(&org_id))
            .map(|(g, r)| Percentiles {
                key: g.key.clone(),
                overall: me
                    .overall
                    .and_then(|v| benchmark::percentile_rank_sorted(v, &r.overall)),
                // Per dimension only where the group's dimension figures are shown.
                dimensions: me
                    .dimensions
                    .iter()
                    .zip(&r.dimensions)
                    .zip(&g.dimensions)
                    .map(|((v, all), shown)| {
                        shown.as_ref()?;
                        v.and_then(|v| benchmark::percentile_rank_sorted(v, all))
                    })
                    .collect(),
            })
            .collect()
    }

    /// The "all" group, when it is shown.
    pub fn all_group(&self) -> Option<&GroupBenchmark> {
        self.groups.first().filter(|g| !g.withheld)
    }
}

#[derive(Debug, Clone)]
struct GroupRanks {
    members: std::collections::HashSet<i64>,
    overall: Vec<f64>,
    dimensions: Vec<Vec<f64>>,
}

impl GroupRanks {
    fn new(g: &GroupBenchmark, scored: &[Scored]) -> GroupRanks {
        let members: std::collections::HashSet<i64> = g.members.iter().copied().collect();
        let mine: Vec<&Scored> = scored
            .iter()
            .filter(|s| members.contains(&s.org_id))
            .collect();
        let sorted = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v
        };
        let dims = g.dimensions.len();
        GroupRanks {
            overall: sorted(mine.iter().filter_map(|s| s.overall).collect()),
            dimensions: (0..dims)
                .map(|d| {
                    sorted(
                        mine.iter()
                            .filter_map(|s| s.dimensions.get(d).copied().flatten())
                            .collect(),
                    )
                })
                .collect(),
            members,
        }
    }
}

fn intervals_of(results: &RoundResults, done: &AtomicUsize) -> Vec<Intervals> {
    let model = &results.model;
    let one = |o: &OrgResults| {
        let i = if o.result.withheld {
            Intervals::none(model)
        } else {
            // By reference: a round's answers are never copied for its intervals.
            let answers: Vec<&trappe_core::Answers> =
                o.responses.iter().map(|r| &r.answers).collect();
            benchmark::bootstrap(
                model,
                &answers,
                benchmark::RESAMPLES,
                bootstrap_seed(o.participant.org_id),
            )
        };
        done.fetch_add(1, Ordering::Relaxed);
        i
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    let chunk = results.orgs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = results
            .orgs
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

impl Store {
    /// The round, its pinned model, and every participant scored (or one, with `org_id`).
    pub async fn round_results(&self, round_id: i64, org_id: Option<i64>) -> Result<RoundResults> {
        let round = self
            .round(round_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("round {round_id}")))?;
        let model = self
            .model(&round.model_id, Some(&round.model_version))
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("model {}@{}", round.model_id, round.model_version))
            })?;
        let mut by_org: HashMap<i64, Vec<StoredResponse>> = HashMap::new();
        for r in self.complete_responses(round_id, org_id).await? {
            by_org.entry(r.org_id).or_default().push(r);
        }
        let tags: HashMap<i64, Vec<String>> = match org_id {
            Some(o) => self.org_tags(o).await?.into_iter().map(|t| (o, t)).fold(
                HashMap::new(),
                |mut m, (o, t)| {
                    m.entry(o).or_insert_with(Vec::new).push(t);
                    m
                },
            ),
            None => self
                .orgs()
                .await?
                .into_iter()
                .map(|o| (o.id, o.tags))
                .collect(),
        };
        let min = usize::try_from(round.min_responses).unwrap_or(1);
        let orgs = self
            .participants_of(round_id, org_id)
            .await?
            .into_iter()
            .filter(|p| org_id.is_none_or(|o| o == p.org_id))
            .map(|p| {
                let responses = by_org.remove(&p.org_id).unwrap_or_default();
                let answers: Vec<Answers> = responses.iter().map(|r| r.answers.clone()).collect();
                let independent = responses.iter().filter(|r| r.independent).count();
                OrgResults {
                    result: score_organisation_counted(&model, &answers, independent, min),
                    tags: tags.get(&p.org_id).cloned().unwrap_or_default(),
                    participant: p,
                    responses,
                }
            })
            .collect();
        Ok(RoundResults { round, model, orgs })
    }

    /// A round's results, benchmarks and intervals.
    pub async fn analysis(&self, round_id: i64) -> Result<Analysis> {
        let results = self.round_results(round_id, None).await?;
        tokio::task::spawn_blocking(move || Analysis::new(results))
            .await
            .map_err(|e| StoreError::Invalid(format!("analysis failed: {e}")))
    }

    /// What a round's analysis depends on, and how many published complete responses it
    /// has: `(responses, version)`. The version is the round's results counter and the
    /// organisations' counter (migration 0026: triggers move them in every writer's
    /// transaction), read by key on every results page; the responses are counted again
    /// only when the version moved.
    pub async fn results_version(&self, round_id: i64) -> Result<(i64, (i64, i64))> {
        let (round, orgs): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT (SELECT version FROM results_counters WHERE round_id = $1), \
                    (SELECT version FROM change_counters WHERE scope = 0)",
        )
        .bind(round_id)
        .fetch_one(&self.pool)
        .await?;
        let version = (round.unwrap_or(0), orgs.unwrap_or(0));
        if let Some(n) = crate::participation::cached(&self.results_counts, round_id, version) {
            return Ok((n, version));
        }
        // Counted after the version was read: a publication meanwhile leaves the count
        // at the older version, and the next read counts again.
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM responses WHERE round_id = $1 AND status = 'complete' AND published = 1",
        )
        .bind(round_id)
        .fetch_one(&self.pool)
        .await?;
        crate::participation::keep(&self.results_counts, round_id, version, &n);
        Ok((n, version))
    }

    /// The organisation's results in rounds on the same model id, oldest first (see
    /// [`earlier_result`]).
    pub async fn trend(&self, org_id: i64, model_id: &str) -> Result<Vec<(Round, OrgResult)>> {
        let mut out = Vec::new();
        let mut rounds = self.rounds().await?;
        rounds.retain(|r| r.model_id == model_id);
        rounds.sort_by_key(|r| (r.created_at, r.id));
        for r in rounds {
            let res = self.round_results(r.id, Some(org_id)).await?;
            if let Some(o) = res.orgs.into_iter().next() {
                out.push((r, o.result));
            }
        }
        Ok(out)
    }
}

/// In a [`Store::trend`], the results of the round before `round_id`: where progress
/// toward a target is measured from.
pub fn earlier_result(trend: &[(Round, OrgResult)], round_id: i64) -> Option<&OrgResult> {
    let at = trend.iter().position(|(round, _)| round.id == round_id)?;
    trend.get(at.checked_sub(1)?).map(|(_, result)| result)
}
