//! Benchmarks: peer groups, their statistics, percentile ranks, bootstrap intervals,
//! the role gap, trait and barrier profiles, strengths, gaps and next steps.
//!
//! Definitions (issue "Benchmarks and reports"):
//! - a peer group holds the organisations with results (withheld ones belong to none):
//!   all, those of one kind, or those sharing a tag;
//! - per group and score: n, mean, median (mean of the two middle values for even n),
//!   best in class = mean of the ceil(n/4) highest, min, max, and the count per step;
//! - percentile rank = 100 * (below + 0.5 * equal, itself included) / n;
//! - a group's figures are shown only from `min_orgs` organisations;
//! - 95 % intervals from 2,000 bootstrap resamples of an organisation's respondents.

use crate::model::{Model, RoleGroup};
use crate::scoring::{level_of, respondent_dimension_score, Answers};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeSet, HashMap};

/// Two scores closer than this are equal (for percentile ranks).
const EQUAL: f64 = 1e-9;

/// Which organisations a peer group holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupKey {
    All,
    Kind(String),
    Tag(String),
}

impl GroupKey {
    pub fn kind(&self) -> &'static str {
        match self {
            GroupKey::All => "all",
            GroupKey::Kind(_) => "kind",
            GroupKey::Tag(_) => "tag",
        }
    }
    pub fn value(&self) -> Option<&str> {
        match self {
            GroupKey::All => None,
            GroupKey::Kind(v) | GroupKey::Tag(v) => Some(v),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub n: usize,
    pub mean: f64,
    pub median: f64,
    pub best_in_class: f64,
    pub min: f64,
    pub max: f64,
    /// Organisations on steps 1 to 5.
    pub levels: [usize; 5],
}

/// Statistics of a set of scores; None for an empty set.
pub fn stats(scores: &[f64]) -> Option<Stats> {
    if scores.is_empty() {
        return None;
    }
    let mut s = scores.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    let median = if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    };
    let top = n.div_ceil(4);
    let best_in_class = s[n - top..].iter().sum::<f64>() / top as f64;
    let mut levels = [0; 5];
    for &x in &s {
        levels[usize::from(level_of(x)) - 1] += 1;
    }
    Some(Stats {
        n,
        mean: s.iter().sum::<f64>() / n as f64,
        median,
        best_in_class,
        min: s[0],
        max: s[n - 1],
        levels,
    })
}

/// 100 * (below + 0.5 * equal) / n, where `scores` includes the organisation itself.
pub fn percentile_rank(value: f64, scores: &[f64]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let below = scores.iter().filter(|&&s| s < value - EQUAL).count() as f64;
    let equal = scores
        .iter()
        .filter(|&&s| (s - value).abs() <= EQUAL)
        .count() as f64;
    Some(100.0 * (below + 0.5 * equal) / scores.len() as f64)
}

/// The same rank as `percentile_rank`, over scores sorted ascending, in O(log n).
pub fn percentile_rank_sorted(value: f64, sorted: &[f64]) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let below = sorted.partition_point(|&s| s < value - EQUAL);
    let not_above = sorted.partition_point(|&s| s <= value + EQUAL);
    Some(100.0 * (below as f64 + 0.5 * (not_above - below) as f64) / sorted.len() as f64)
}

/// An organisation with results, as benchmarks need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub org_id: i64,
    pub kind: String,
    pub tags: Vec<String>,
    pub overall: Option<f64>,
    /// In the model's dimension order.
    pub dimensions: Vec<Option<f64>>,
}

impl Scored {
    fn in_group(&self, key: &GroupKey) -> bool {
        match key {
            GroupKey::All => true,
            GroupKey::Kind(k) => &self.kind == k,
            GroupKey::Tag(t) => self.tags.iter().any(|x| x == t),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupBenchmark {
    pub key: GroupKey,
    /// Organisations with results in the group.
    pub n: usize,
    /// Fewer than `min_orgs`: no figure of the group is shown.
    pub withheld: bool,
    pub overall: Option<Stats>,
    pub dimensions: Vec<Option<Stats>>,
    pub members: Vec<i64>,
}

/// Every peer group of a round: all, each kind present, each tag present.
/// `orgs` must hold only organisations whose results are not withheld.
pub fn peer_groups(orgs: &[Scored], dimensions: usize, min_orgs: usize) -> Vec<GroupBenchmark> {
    let kinds: BTreeSet<&str> = orgs.iter().map(|o| o.kind.as_str()).collect();
    let tags: BTreeSet<&str> = orgs
        .iter()
        .flat_map(|o| o.tags.iter().map(String::as_str))
        .collect();
    let keys = std::iter::once(GroupKey::All)
        .chain(kinds.into_iter().map(|k| GroupKey::Kind(k.to_string())))
        .chain(tags.into_iter().map(|t| GroupKey::Tag(t.to_string())));
    keys.map(|key| {
        let members: Vec<&Scored> = orgs.iter().filter(|o| o.in_group(&key)).collect();
        let n = members.len();
        let withheld = n < min_orgs.max(1);
        let overall: Vec<f64> = members.iter().filter_map(|o| o.overall).collect();
        GroupBenchmark {
            n,
            withheld,
            overall: if withheld { None } else { stats(&overall) },
            dimensions: (0..dimensions)
                .map(|d| {
                    let v: Vec<f64> = members
                        .iter()
                        .filter_map(|o| o.dimensions.get(d).copied().flatten())
                        .collect();
                    if withheld {
                        None
                    } else {
                        stats(&v)
                    }
                })
                .collect(),
            members: members.iter().map(|o| o.org_id).collect(),
            key,
        }
    })
    .collect()
}

/// An organisation's percentile ranks in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Percentiles {
    pub key: GroupKey,
    pub overall: Option<f64>,
    pub dimensions: Vec<Option<f64>>,
}

/// Ranks in each group the organisation belongs to that is not withheld.
pub fn percentiles(org: &Scored, orgs: &[Scored], groups: &[GroupBenchmark]) -> Vec<Percentiles> {
    groups
        .iter()
        .filter(|g| !g.withheld && g.members.contains(&org.org_id))
        .map(|g| {
            let members: Vec<&Scored> = orgs
                .iter()
                .filter(|o| g.members.contains(&o.org_id))
                .collect();
            let overall: Vec<f64> = members.iter().filter_map(|o| o.overall).collect();
            Percentiles {
                key: g.key.clone(),
                overall: org.overall.and_then(|v| percentile_rank(v, &overall)),
                dimensions: org
                    .dimensions
                    .iter()
                    .enumerate()
                    .map(|(d, v)| {
                        let all: Vec<f64> = members
                            .iter()
                            .filter_map(|o| o.dimensions.get(d).copied().flatten())
                            .collect();
                        v.and_then(|v| percentile_rank(v, &all))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    /// Whether the interval reaches across a step of the staircase.
    pub fn crosses_step(&self) -> bool {
        level_of(self.lo) != level_of(self.hi)
    }
}

/// The p-th percentile (0..=100) of sorted values, interpolating linearly between ranks.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = (p / 100.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

/// [`quantile`] of `v` in any order, equal to it on `v` sorted: the two order
/// statistics it needs are selected, not the whole of `v` sorted (the bootstrap takes
/// two quantiles of 2,000 draws per score, for every organisation). Reorders `v`.
pub fn quantile_unsorted(v: &mut [f64], p: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let pos = (p / 100.0) * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let (_, &mut low, above) = v.select_nth_unstable_by(lo, f64::total_cmp);
    let high = if pos.ceil() as usize == lo {
        low
    } else {
        // The next order statistic: the least of what lies above the lower one.
        above.iter().copied().min_by(f64::total_cmp).unwrap_or(low)
    };
    Some(low + (high - low) * (pos - lo as f64))
}

pub const RESAMPLES: usize = 2000;

#[derive(Debug, Clone, PartialEq)]
pub struct Intervals {
    pub overall: Option<Interval>,
    pub dimensions: Vec<Option<Interval>>,
}

/// 95 % bootstrap intervals: `resamples` draws of the respondents with replacement, the
/// scores recomputed by the scoring rule, the 2.5th and 97.5th percentiles kept. The same
/// seed gives the same figures.
pub fn bootstrap<A: std::borrow::Borrow<Answers>>(
    model: &Model,
    complete: &[A],
    resamples: usize,
    seed: u64,
) -> Intervals {
    let dims = model.dimensions.len();
    let n = complete.len();
    if n == 0 {
        return Intervals {
            overall: None,
            dimensions: vec![None; dims],
        };
    }
    // Each respondent's dimension scores, computed once.
    let per: Vec<Vec<Option<f64>>> = complete
        .iter()
        .map(|a| {
            model
                .dimensions
                .iter()
                .map(|d| respondent_dimension_score(d, a.borrow()).score)
                .collect()
        })
        .collect();
    let weights: Vec<f64> = model.dimensions.iter().map(|d| d.weight).collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut dim_draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); dims];
    let mut overall_draws = Vec::with_capacity(resamples);
    let mut sums = vec![0.0; dims];
    let mut counts = vec![0usize; dims];
    for _ in 0..resamples {
        sums.iter_mut().for_each(|s| *s = 0.0);
        counts.iter_mut().for_each(|c| *c = 0);
        for _ in 0..n {
            let r = &per[rng.random_range(0..n)];
            for (d, v) in r.iter().enumerate() {
                if let Some(v) = v {
                    sums[d] += v;
                    counts[d] += 1;
                }
            }
        }
        let mut wsum = 0.0;
        let mut wtot = 0.0;
        for d in 0..dims {
            if counts[d] > 0 {
                let m = sums[d] / counts[d] as f64;
                dim_draws[d].push(m);
                wsum += weights[d] * m;
                wtot += weights[d];
            }
        }
        if wtot > 0.0 {
            overall_draws.push(wsum / wtot);
        }
    }
    let interval = |mut v: Vec<f64>| -> Option<Interval> {
        // A dimension undefined in most resamples has no meaningful interval.
        if v.len() * 2 < resamples.max(1) {
            return None;
        }
        Some(Interval {
            lo: quantile_unsorted(&mut v, 2.5)?,
            hi: quantile_unsorted(&mut v, 97.5)?,
        })
    };
    Intervals {
        overall: interval(overall_draws),
        dimensions: dim_draws.into_iter().map(interval).collect(),
    }
}

/// Minimum complete responses in each of the leader and employee groups for a role gap.
pub const ROLE_GAP_MIN: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct RoleGap {
    pub leaders: usize,
    pub employees: usize,
    /// Per dimension: (leaders' score, employees' score).
    pub dimensions: Vec<(Option<f64>, Option<f64>)>,
}

/// Leaders' and employees' dimension scores, when each group has at least 5 responses.
pub fn role_gap(model: &Model, responses: &[(Option<&str>, &Answers)]) -> Option<RoleGap> {
    let group_of = |role: Option<&str>| role.and_then(|r| model.role(r)).map(|r| r.group);
    let pick = |g: RoleGroup| -> Vec<&Answers> {
        responses
            .iter()
            .filter(|(r, _)| group_of(*r) == Some(g))
            .map(|(_, a)| *a)
            .collect()
    };
    let leaders = pick(RoleGroup::Leader);
    let employees = pick(RoleGroup::Employee);
    if leaders.len() < ROLE_GAP_MIN || employees.len() < ROLE_GAP_MIN {
        return None;
    }
    let mean_of = |group: &[&Answers], d: &crate::model::Dimension| {
        let v: Vec<f64> = group
            .iter()
            .filter_map(|a| respondent_dimension_score(d, a).score)
            .collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    Some(RoleGap {
        leaders: leaders.len(),
        employees: employees.len(),
        dimensions: model
            .dimensions
            .iter()
            .map(|d| (mean_of(&leaders, d), mean_of(&employees, d)))
            .collect(),
    })
}

/// An organisation's score on each trait of the best (in the model's trait order): the
/// mean over its respondents of each respondent's weight-average of the values given on
/// the questions that show the trait.
pub fn trait_scores(model: &Model, complete: &[Answers]) -> Vec<Option<f64>> {
    model
        .traits
        .iter()
        .map(|t| {
            let questions: Vec<(&str, f64)> = model
                .dimensions
                .iter()
                .flat_map(|d| d.questions.iter())
                .filter(|q| q.trait_id.as_deref() == Some(t.id.as_str()))
                .map(|q| (q.id.as_str(), q.weight))
                .collect();
            let per: Vec<f64> = complete
                .iter()
                .filter_map(|a| {
                    let (s, w) = questions.iter().fold((0.0, 0.0), |(s, w), (q, qw)| {
                        match a.get(*q).and_then(|x| x.value()) {
                            Some(v) => (s + qw * f64::from(v), w + qw),
                            None => (s, w),
                        }
                    });
                    (w > 0.0).then(|| s / w)
                })
                .collect();
            (!per.is_empty()).then(|| per.iter().sum::<f64>() / per.len() as f64)
        })
        .collect()
}

/// Mean rating (1 to 5, "don't know" left out) and count, per barrier in model order.
pub fn barrier_means(model: &Model, ratings: &[&HashMap<String, u8>]) -> Vec<(Option<f64>, usize)> {
    model
        .barriers
        .items
        .iter()
        .map(|b| {
            let v: Vec<f64> = ratings
                .iter()
                .filter_map(|r| r.get(&b.id).map(|x| f64::from(*x)))
                .collect();
            let mean = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
            (mean, v.len())
        })
        .collect()
}

/// Dimensions ordered by a difference, largest first, keeping positive ones.
fn ranked(org: &[Option<f64>], other: &[Option<f64>], sign: f64) -> Vec<(usize, f64)> {
    let mut v: Vec<(usize, f64)> = org
        .iter()
        .zip(other)
        .enumerate()
        .filter_map(|(i, (a, b))| Some((i, sign * (a.as_ref()? - b.as_ref()?))))
        .filter(|(_, d)| *d > EQUAL)
        .collect();
    v.sort_by_key(|&(i, d)| (std::cmp::Reverse(tie_key(d)), i));
    v
}

/// Differences within 1e-9 count as ties (broken by model order), so float noise such
/// as 0.5000000000000004 against 0.5 does not decide an order.
fn tie_key(x: f64) -> i64 {
    (x * 1e9).round() as i64
}

/// Strengths: dimensions furthest above the peer average (index, difference).
pub fn strengths(org: &[Option<f64>], peer_mean: &[Option<f64>]) -> Vec<(usize, f64)> {
    ranked(org, peer_mean, 1.0)
}

/// Gaps: dimensions furthest below best in class (index, shortfall).
pub fn gaps(org: &[Option<f64>], best: &[Option<f64>]) -> Vec<(usize, f64)> {
    ranked(org, best, -1.0)
}

#[derive(Debug, Clone, PartialEq)]
pub struct NextStep {
    pub dimension: usize,
    pub from_level: u8,
    pub to_level: u8,
    /// The shortfall against best in class (or against the next step without peers).
    pub gap: f64,
}

/// At most `max` next steps, largest gap to best in class first. Without a benchmark
/// (`best` all None) the gap is the distance to the next step.
pub fn next_steps(
    model: &Model,
    org: &[Option<f64>],
    best: &[Option<f64>],
    max: usize,
) -> Vec<NextStep> {
    let have_best = best.iter().any(Option::is_some);
    let mut v: Vec<NextStep> = org
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let s = (*s)?;
            let level = level_of(s);
            // Only dimensions whose model has a text for this step.
            model.dimensions.get(i)?.next_step(level)?;
            let gap = if have_best {
                best.get(i).copied().flatten()? - s
            } else {
                f64::from(level + 1).min(5.0) - s
            };
            (gap > EQUAL).then_some(NextStep {
                dimension: i,
                from_level: level,
                to_level: (level + 1).min(5),
                gap,
            })
        })
        .collect();
    v.sort_by_key(|s| (std::cmp::Reverse(tie_key(s.gap)), s.dimension));
    v.truncate(max);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::Answer;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn stats_odd_n_by_hand() {
        // 1.5 2.0 3.0 3.5 4.8: median 3.0; top ceil(5/4)=2: (3.5+4.8)/2 = 4.15.
        let s = stats(&[3.0, 1.5, 4.8, 2.0, 3.5]).unwrap();
        assert_eq!(s.n, 5);
        assert!(close(s.mean, 14.8 / 5.0));
        assert_eq!(s.median, 3.0);
        assert!(close(s.best_in_class, 4.15));
        assert_eq!((s.min, s.max), (1.5, 4.8));
        assert_eq!(s.levels, [1, 1, 2, 1, 0]);
    }

    #[test]
    fn stats_even_n_and_ties_by_hand() {
        // 2 2 3 3 3 4 4 5: median (3+3)/2; top ceil(8/4)=2: (4+5)/2.
        let s = stats(&[3.0, 2.0, 4.0, 3.0, 5.0, 2.0, 4.0, 3.0]).unwrap();
        assert_eq!(s.median, 3.0);
        assert_eq!(s.best_in_class, 4.5);
        let s = stats(&[1.0, 2.0]).unwrap();
        assert_eq!(s.median, 1.5);
        assert_eq!(s.best_in_class, 2.0, "ceil(2/4) = 1 highest");
        let s = stats(&[2.0, 4.0, 4.0, 4.0]).unwrap();
        assert_eq!(s.best_in_class, 4.0);
        assert_eq!(s.median, 4.0);
        assert!(stats(&[]).is_none());
        assert_eq!(stats(&[2.5]).unwrap().best_in_class, 2.5);
    }

    #[test]
    fn percentile_ranks_count_half_the_ties_itself_included() {
        let all = [1.0, 2.0, 2.0, 3.0];
        assert_eq!(percentile_rank(1.0, &all), Some(12.5));
        // below 1, equal 2: 100 * (1 + 1) / 4
        assert_eq!(percentile_rank(2.0, &all), Some(50.0));
        assert_eq!(percentile_rank(3.0, &all), Some(87.5));
        assert_eq!(percentile_rank(4.0, &[4.0]), Some(50.0));
        // The sorted variant agrees, including values a hair apart.
        let sorted = [1.0, 2.0, 2.0 + 1e-12, 3.0];
        for v in [0.5, 1.0, 2.0, 2.5, 3.0, 4.0] {
            assert_eq!(
                percentile_rank_sorted(v, &sorted),
                percentile_rank(v, &sorted),
                "{v}"
            );
        }
    }

    fn scored(id: i64, kind: &str, tags: &[&str], overall: f64) -> Scored {
        Scored {
            org_id: id,
            kind: kind.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            overall: Some(overall),
            dimensions: vec![Some(overall), None],
        }
    }

    #[test]
    fn groups_below_min_orgs_are_withheld_and_at_it_shown() {
        let orgs = vec![
            scored(1, "kommune", &["Midt"], 2.0),
            scored(2, "kommune", &["Midt"], 3.0),
            scored(3, "kommune", &[], 4.0),
            scored(4, "region", &["Midt"], 5.0),
        ];
        let g = peer_groups(&orgs, 2, 3);
        let keys: Vec<_> = g.iter().map(|g| (g.key.clone(), g.n, g.withheld)).collect();
        assert_eq!(
            keys,
            vec![
                (GroupKey::All, 4, false),
                (GroupKey::Kind("kommune".into()), 3, false),
                (GroupKey::Kind("region".into()), 1, true),
                (GroupKey::Tag("Midt".into()), 3, false),
            ]
        );
        assert_eq!(g[1].overall.as_ref().unwrap().mean, 3.0);
        assert!(g[2].overall.is_none() && g[2].dimensions.iter().all(Option::is_none));
        // A dimension nobody scored has no statistics.
        assert!(g[0].dimensions[1].is_none());
        // Just below the threshold: withheld.
        assert!(peer_groups(&orgs, 2, 5)[0].withheld);
        // Percentiles only in shown groups the organisation belongs to.
        let p = percentiles(&orgs[3], &orgs, &g);
        assert_eq!(
            p.iter().map(|p| p.key.clone()).collect::<Vec<_>>(),
            vec![GroupKey::All, GroupKey::Tag("Midt".into())]
        );
        assert_eq!(p[0].overall, Some(87.5));
        assert_eq!(p[1].overall, Some(100.0 * 2.5 / 3.0));
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 50.0), Some(3.0));
        assert_eq!(quantile(&v, 2.5), Some(1.1));
        assert_eq!(quantile(&v, 100.0), Some(5.0));
    }

    #[test]
    fn quantiles_by_selection_equal_quantiles_of_the_sorted_values() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for n in [1usize, 2, 3, 7, 40, 2000, 2001] {
            // Ties too: values from a few levels.
            let v: Vec<f64> = (0..n)
                .map(|_| f64::from(rng.random_range(1..=9u8)) / 2.0 + rng.random_range(0.0..0.01))
                .collect();
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            for p in [0.0, 2.5, 50.0, 97.5, 100.0] {
                let mut w = v.clone();
                assert_eq!(
                    quantile_unsorted(&mut w, p).map(f64::to_bits),
                    quantile(&sorted, p).map(f64::to_bits),
                    "n {n}, p {p}"
                );
            }
        }
        assert_eq!(quantile_unsorted(&mut [], 50.0), None);
    }

    fn answers_all(model: &Model, level: u8) -> Answers {
        model
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter())
            .map(|q| (q.id.clone(), Answer::Level(level)))
            .collect()
    }

    #[test]
    fn bootstrap_is_reproducible_and_brackets_the_score() {
        let m = Model::builtin();
        let rs: Vec<Answers> = [2u8, 3, 3, 4, 4, 5]
            .iter()
            .map(|l| answers_all(&m, *l))
            .collect();
        let a = bootstrap(&m, &rs, RESAMPLES, 7);
        assert_eq!(a, bootstrap(&m, &rs, RESAMPLES, 7));
        let o = a.overall.unwrap();
        let mean = 21.0 / 6.0;
        assert!(o.lo < mean && mean < o.hi, "{o:?}");
        assert!(o.lo >= 2.0 && o.hi <= 5.0);
        assert!(o.crosses_step());
        // Everyone agrees: no uncertainty.
        let same: Vec<Answers> = (0..5).map(|_| answers_all(&m, 3)).collect();
        let i = bootstrap(&m, &same, 200, 1).overall.unwrap();
        assert_eq!((i.lo, i.hi), (3.0, 3.0));
        assert!(!i.crosses_step());
    }

    #[test]
    fn role_gap_needs_five_of_each() {
        let m = Model::builtin();
        let hi = answers_all(&m, 4);
        let lo = answers_all(&m, 2);
        let mut rs: Vec<(Option<&str>, &Answers)> =
            (0..5).map(|_| (Some("top_management"), &hi)).collect();
        rs.extend((0..4).map(|_| (Some("employee"), &lo)));
        assert!(role_gap(&m, &rs).is_none());
        rs.push((Some("employee"), &lo));
        rs.push((None, &hi));
        let g = role_gap(&m, &rs).unwrap();
        assert_eq!((g.leaders, g.employees), (5, 5));
        assert_eq!(g.dimensions[0], (Some(4.0), Some(2.0)));
    }

    #[test]
    fn traits_and_barriers_profile() {
        let m = Model::builtin();
        let a = answers_all(&m, 4);
        let mut b = answers_all(&m, 2);
        // b answers nothing on the first trait's questions: it does not count there.
        let t0 = &m.traits[0].id;
        for d in &m.dimensions {
            for q in &d.questions {
                if q.trait_id.as_deref() == Some(t0) {
                    b.insert(q.id.clone(), Answer::DontKnow);
                }
            }
        }
        let t = trait_scores(&m, &[a, b]);
        assert_eq!(t[0], Some(4.0));
        assert_eq!(t[1], Some(3.0));
        let r1: HashMap<String, u8> = [("legislation".to_string(), 5u8)].into();
        let r2: HashMap<String, u8> = [
            ("legislation".to_string(), 2u8),
            ("silo_thinking".to_string(), 4),
        ]
        .into();
        let bm = barrier_means(&m, &[&r1, &r2]);
        let idx = |id: &str| m.barriers.items.iter().position(|b| b.id == id).unwrap();
        assert_eq!(bm[idx("legislation")], (Some(3.5), 2));
        assert_eq!(bm[idx("silo_thinking")], (Some(4.0), 1));
        assert_eq!(bm[idx("culture_takes_time")], (None, 0));
    }

    #[test]
    fn strengths_gaps_and_next_steps_are_ordered() {
        let m = Model::builtin();
        let org = vec![
            Some(3.5),
            Some(2.0),
            Some(4.0),
            None,
            Some(2.9999999999999996),
            Some(3.0),
            Some(1.0),
        ];
        let mean = vec![Some(3.0); 7];
        let best = vec![
            Some(4.0),
            Some(4.0),
            Some(4.0),
            Some(4.0),
            Some(3.5),
            Some(3.2),
            Some(4.5),
        ];
        assert_eq!(strengths(&org, &mean), vec![(2, 1.0), (0, 0.5)]);
        let g = gaps(&org, &best);
        assert_eq!(
            g.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![6, 1, 0, 4, 5]
        );
        let n = next_steps(&m, &org, &best, 5);
        assert_eq!(n.len(), 5);
        assert_eq!((n[0].dimension, n[0].from_level, n[0].to_level), (6, 1, 2));
        assert_eq!((n[1].dimension, n[1].from_level), (1, 2));
        // 2.9999999999999996 stands on step 3.
        let four = n.iter().find(|s| s.dimension == 4).unwrap();
        assert_eq!((four.from_level, four.to_level), (3, 4));
        // Without peers: the distance to the next step orders them; ties in model order.
        let none = vec![None; 7];
        let n = next_steps(&m, &org, &none, 5);
        assert_eq!(
            n.iter().map(|s| s.dimension).collect::<Vec<_>>(),
            vec![1, 2, 4, 5, 6]
        );
        assert!(close(n[0].gap, 1.0));
    }
}
