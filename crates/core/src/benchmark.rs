//! Benchmarks: peer groups, their statistics, percentile ranks, bootstrap intervals,
//! the role gap, trait and barrier profiles, strengths, gaps and next steps.
//!
//! Definitions (issue "Benchmarks and reports"):
//! - a peer group holds the organisations with results (withheld ones belong to none):
//!   all, those of one kind, or those sharing a tag;
//! - per group and score: n, mean, median (mean of the two middle values for even n),
//!   best in class, and the count per step;
//! - percentile rank = 100 * (below + 0.5 * equal, itself included) / n;
//! - 95 % intervals from 2,000 bootstrap resamples of an organisation's respondents.
//!
//! # Organisation anonymity: which group figures are shown (issue 13, items 5 and 6)
//!
//! `m` is the round's `min_orgs`. A group's figures are shown only where no organisation,
//! and no set of fewer than `m` organisations, can be singled out by subtracting shown
//! figures from each other. The rule is applied to the overall score and to each
//! dimension on its own (a dimension counts the group's organisations that have a score
//! in it), and repeated until nothing changes:
//!
//! 1. A group with fewer than `m` organisations is withheld.
//! 2. A group is withheld when its complement within a shown group that contains it has
//!    1 to `m - 1` organisations: `n(H)·mean(H) − n(G)·mean(G)` would be the complement's
//!    sum. (An empty complement is no leak: the two groups are the same organisations.)
//! 3. More generally, for every shown group `H` and every set of shown groups inside it
//!    that do not overlap (kinds, a partition of tags such as size bands or regions), the
//!    organisations of `H` in none of them must be none or at least `m`: `H` minus a union
//!    of disjoint groups is that remainder's sum. Where it is 1 to `m - 1`, the smallest
//!    group of the set is withheld (which adds it to the remainder) and the search starts
//!    over. Rule 2 is rule 3 with a set of one group. A kind with one member is withheld
//!    by rule 1 and kept withheld by rule 3: "all" minus the other kinds is not shown
//!    either.
//! 4. Minimum and maximum are never shown (each is one organisation's exact score).
//! 5. Best in class is the mean of the top `k = max(ceil(n/4), m)` organisations, and is
//!    shown only when at least `m` lie below them (`n − k ≥ m`, so `n ≥ 2m`): otherwise
//!    the mean and best in class together give the sum of fewer than `m` organisations
//!    (with `n = m + 1` the lowest one's exact score), or best in class is a mean of
//!    fewer than `m`.
//! 6. Percentile ranks are given only in shown groups, and per dimension only where the
//!    group's dimension figure is shown. Counts per step are shown with a shown group
//!    only: they say how a shown group's scores fall on the steps, which the anonymous
//!    peer dots show anyway.
//!
//! What this protects: the sum (and so the mean) of any set of 1 to `m - 1` organisations
//! that is one group, a group's complement within another, or a group minus disjoint
//! groups inside it (the attack `12·mean(all) − 8·mean(tag)`, a kind of one member,
//! "all" minus a union of non-overlapping tags), and any single organisation's exact
//! score through minimum, maximum or best in class.
//!
//! What it does not protect:
//! - Other linear combinations of overlapping groups, e.g. two tags that together cover
//!   a group and overlap in fewer than `m` organisations (`A + B − all` is the overlap's
//!   sum). Tags that partition the organisations (regions, size bands) are safe; tags
//!   that overlap in small ways call for a higher `min_orgs`.
//! - A member of a shown group of `m` knows its own score and so learns the mean of the
//!   other `m − 1`: that is what a threshold of `m` means.
//! - The median of an odd group is one organisation's score; it is kept (it never names
//!   whose, and the anonymous peer dots show every score anyway), but two groups with the
//!   same median tell that one organisation is in both.
//! - When every member of a shown group stands on one step, the count per step says
//!   each member's step.
//! - The organiser sees every organisation's results anyway; the rule protects
//!   organisations from each other (contacts, viewers, organisation API tokens).
//!
//! The search in rule 3 is bounded ([`SEARCH_BUDGET`] steps per group); where a group's
//! search would take longer, its smallest shown subgroup is withheld and the search starts
//! over, which only ever withholds more.

use crate::model::Scale;
use crate::model::{Model, RoleGroup};
use crate::scoring::{overall_of, respondent_dimension_score, Answers};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeSet, HashMap};

/// Two scores closer than this are equal (for percentile ranks).
const EQUAL: f64 = 1e-9;

/// Steps of the search for disjoint subgroups (rule 3) per containing group.
pub const SEARCH_BUDGET: usize = 200_000;

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
    /// Mean of the top `max(ceil(n/4), min_orgs)`; None below `2 · min_orgs` (see the
    /// module's rule 5).
    pub best_in_class: Option<f64>,
    /// Organisations on each step of the model's scale, lowest first (steps 1 to 5 for
    /// the built-in staircase, 0 to 3 for SAMM).
    pub levels: Vec<usize>,
}

/// Statistics of a set of scores on `scale`; None for an empty set. `min_orgs` bounds
/// best in class (rule 5); minimum and maximum are not given (rule 4).
pub fn stats(scale: Scale, scores: &[f64], min_orgs: usize) -> Option<Stats> {
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
    let m = min_orgs.max(1);
    let top = n.div_ceil(4).max(m);
    let best_in_class =
        (top <= n && n - top >= m).then(|| s[n - top..].iter().sum::<f64>() / top as f64);
    let mut levels = vec![0; scale.steps().count()];
    for &x in &s {
        levels[usize::from(scale.level_of(x) - scale.min)] += 1;
    }
    Some(Stats {
        n,
        mean: s.iter().sum::<f64>() / n as f64,
        median,
        best_in_class,
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
    /// Withheld by the module's rule (too few, or its overall figures could be
    /// subtracted out of other shown groups): no figure of the group is shown.
    pub withheld: bool,
    pub overall: Option<Stats>,
    /// None where the group is withheld, nobody has a score, or the dimension's figures
    /// are withheld on their own (the rule applied to the dimension).
    pub dimensions: Vec<Option<Stats>>,
    /// Per dimension: the group's organisations with a score in it.
    pub dimension_n: Vec<usize>,
    /// Per dimension: withheld (the group is, or the rule withholds the dimension).
    pub dimension_withheld: Vec<bool>,
    pub members: Vec<i64>,
}

/// A set of organisations as bits over their positions in the round's list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize, set: impl Iterator<Item = usize>) -> Bits {
        let mut w = vec![0u64; len.div_ceil(64)];
        for i in set {
            w[i / 64] |= 1 << (i % 64);
        }
        Bits(w)
    }
    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    fn subset_of(&self, other: &Bits) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & !b == 0)
    }
    fn disjoint(&self, other: &Bits) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & b == 0)
    }
}

/// The module's rules 1 to 3 for one figure (the overall score or one dimension):
/// `sets[i]` holds the organisations of group i with a score in it; groups already
/// withheld stay so. Returns which groups are withheld.
fn suppress(sets: &[Bits], mut withheld: Vec<bool>, m: usize) -> Vec<bool> {
    let sizes: Vec<usize> = sets.iter().map(Bits::count).collect();
    for (w, &n) in withheld.iter_mut().zip(&sizes) {
        *w |= n < m;
    }
    'again: loop {
        for h in 0..sets.len() {
            if withheld[h] {
                continue;
            }
            // Shown groups strictly inside h, largest first.
            let mut inside: Vec<usize> = (0..sets.len())
                .filter(|&g| {
                    g != h && !withheld[g] && sizes[g] < sizes[h] && sets[g].subset_of(&sets[h])
                })
                .collect();
            inside.sort_by_key(|&g| (std::cmp::Reverse(sizes[g]), g));
            match disjoint_remainder(sets, &sizes, &inside, sizes[h], m) {
                Remainder::Safe => {}
                Remainder::Leak(family) => {
                    // The smallest of the family (the last, given the order) joins the
                    // remainder.
                    if let Some(&g) = family.last() {
                        withheld[g] = true;
                    }
                    continue 'again;
                }
                Remainder::TooLong => {
                    if let Some(&g) = inside.last() {
                        withheld[g] = true;
                    }
                    continue 'again;
                }
            }
        }
        return withheld;
    }
}

enum Remainder {
    Safe,
    /// A family of disjoint groups whose union leaves 1 to m - 1 organisations.
    Leak(Vec<usize>),
    TooLong,
}

/// Searches sets of pairwise disjoint groups among `inside` (largest first) whose union
/// leaves 1 to m - 1 of the `total` organisations of the containing group.
fn disjoint_remainder(
    sets: &[Bits],
    sizes: &[usize],
    inside: &[usize],
    total: usize,
    m: usize,
) -> Remainder {
    // What the groups from position i on could add at most.
    let mut rest = vec![0usize; inside.len() + 1];
    for i in (0..inside.len()).rev() {
        rest[i] = rest[i + 1] + sizes[inside[i]];
    }
    let mut search = Search {
        sets,
        sizes,
        inside,
        rest,
        total,
        // The union must cover at least this much for a remainder below m.
        need: total.saturating_sub(m - 1).max(1),
        chosen: Vec::new(),
        steps: 0,
    };
    search.go(0, 0).unwrap_or(Remainder::Safe)
}

/// A depth-first search over sets of disjoint groups; `chosen` holds positions in
/// `inside`.
struct Search<'a> {
    sets: &'a [Bits],
    sizes: &'a [usize],
    inside: &'a [usize],
    rest: Vec<usize>,
    total: usize,
    need: usize,
    chosen: Vec<usize>,
    steps: usize,
}

impl Search<'_> {
    fn go(&mut self, from: usize, covered: usize) -> Option<Remainder> {
        self.steps += 1;
        if self.steps > SEARCH_BUDGET {
            return Some(Remainder::TooLong);
        }
        if !self.chosen.is_empty() && covered >= self.need && covered < self.total {
            return Some(Remainder::Leak(
                self.chosen.iter().map(|&p| self.inside[p]).collect(),
            ));
        }
        for p in from..self.inside.len() {
            // Nothing from here on can cover enough.
            if covered + self.rest[p] < self.need {
                break;
            }
            let g = self.inside[p];
            let sets = self.sets;
            let inside = self.inside;
            if covered + self.sizes[g] > self.total
                || !self
                    .chosen
                    .iter()
                    .all(|&c| sets[inside[c]].disjoint(&sets[g]))
            {
                continue;
            }
            self.chosen.push(p);
            let r = self.go(p + 1, covered + self.sizes[g]);
            self.chosen.pop();
            if r.is_some() {
                return r;
            }
        }
        None
    }
}

/// Every peer group of a round: all, each kind present, each tag present, with the
/// module's anonymity rule applied. `orgs` must hold only organisations whose results
/// are not withheld.
pub fn peer_groups(
    scale: Scale,
    orgs: &[Scored],
    dimensions: usize,
    min_orgs: usize,
) -> Vec<GroupBenchmark> {
    let m = min_orgs.max(1);
    let kinds: BTreeSet<&str> = orgs.iter().map(|o| o.kind.as_str()).collect();
    let tags: BTreeSet<&str> = orgs
        .iter()
        .flat_map(|o| o.tags.iter().map(String::as_str))
        .collect();
    let keys: Vec<GroupKey> = std::iter::once(GroupKey::All)
        .chain(kinds.into_iter().map(|k| GroupKey::Kind(k.to_string())))
        .chain(tags.into_iter().map(|t| GroupKey::Tag(t.to_string())))
        .collect();
    let members: Vec<Vec<usize>> = keys
        .iter()
        .map(|k| (0..orgs.len()).filter(|&i| orgs[i].in_group(k)).collect())
        .collect();
    let sets_of = |has: &dyn Fn(&Scored) -> bool| -> Vec<Bits> {
        members
            .iter()
            .map(|ms| Bits::new(orgs.len(), ms.iter().copied().filter(|&i| has(&orgs[i]))))
            .collect()
    };
    // Rule 1 on the group's size, then rules 1 to 3 on the overall score.
    let by_size: Vec<bool> = members.iter().map(|ms| ms.len() < m).collect();
    let overall_sets = sets_of(&|o| o.overall.is_some());
    let withheld = suppress(&overall_sets, by_size, m);
    // Each dimension on its own, starting from the withheld groups; the same sets as the
    // overall score (the usual case) give the same answer without a search.
    let dim_withheld: Vec<Vec<bool>> = (0..dimensions)
        .map(|d| {
            let sets = sets_of(&|o| o.dimensions.get(d).copied().flatten().is_some());
            if sets == overall_sets {
                withheld.clone()
            } else {
                suppress(&sets, withheld.clone(), m)
            }
        })
        .collect();
    keys.into_iter()
        .enumerate()
        .map(|(gi, key)| {
            let ms: Vec<&Scored> = members[gi].iter().map(|&i| &orgs[i]).collect();
            let overall: Vec<f64> = ms.iter().filter_map(|o| o.overall).collect();
            let per_dim: Vec<Vec<f64>> = (0..dimensions)
                .map(|d| {
                    ms.iter()
                        .filter_map(|o| o.dimensions.get(d).copied().flatten())
                        .collect()
                })
                .collect();
            GroupBenchmark {
                n: ms.len(),
                withheld: withheld[gi],
                overall: if withheld[gi] {
                    None
                } else {
                    stats(scale, &overall, m)
                },
                dimensions: per_dim
                    .iter()
                    .enumerate()
                    .map(|(d, v)| {
                        if dim_withheld[d][gi] {
                            None
                        } else {
                            stats(scale, v, m)
                        }
                    })
                    .collect(),
                dimension_n: per_dim.iter().map(Vec::len).collect(),
                dimension_withheld: (0..dimensions).map(|d| dim_withheld[d][gi]).collect(),
                members: ms.iter().map(|o| o.org_id).collect(),
                key,
            }
        })
        .collect()
}

/// The order in which anonymous peers are drawn: by score, ties by a key mixed from the
/// round and the organisation, so neither the order nor a tie says anything about names
/// or the order organisations were added in. (Tied peers have the same score, so the
/// order among them carries nothing, whatever the key.)
pub fn anonymous_order(round_id: i64, peers: &mut [(i64, f64)]) {
    peers.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then_with(|| tie_break(round_id, a.0).cmp(&tie_break(round_id, b.0)))
    });
}

/// splitmix64 of the round and the organisation.
fn tie_break(round_id: i64, org_id: i64) -> u64 {
    let mut z = (round_id as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(org_id as u64)
        .wrapping_add(0x7472_6170_7065);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An organisation's percentile ranks in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Percentiles {
    pub key: GroupKey,
    pub overall: Option<f64>,
    pub dimensions: Vec<Option<f64>>,
}

/// Ranks in each group the organisation belongs to that is not withheld; per dimension
/// only where the group's dimension figures are shown.
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
                        g.dimensions.get(d).and_then(Option::as_ref)?;
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
    /// Whether the interval reaches across a step of the scale.
    pub fn crosses_step(&self, scale: Scale) -> bool {
        scale.level_of(self.lo) != scale.level_of(self.hi)
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
    /// One per group of the model, in model order (empty when it has none).
    pub groups: Vec<Option<Interval>>,
}

impl Intervals {
    /// No intervals (no responses, or results withheld).
    pub fn none(model: &Model) -> Intervals {
        Intervals {
            overall: None,
            dimensions: vec![None; model.dimensions.len()],
            groups: vec![None; model.groups.len()],
        }
    }
}

/// 95 % bootstrap intervals: `resamples` draws of the respondents with replacement, the
/// scores recomputed by the scoring rule (dimensions, then groups and the overall score as
/// the model combines them), the 2.5th and 97.5th percentiles kept. The same seed gives
/// the same figures.
pub fn bootstrap<A: std::borrow::Borrow<Answers>>(
    model: &Model,
    complete: &[A],
    resamples: usize,
    seed: u64,
) -> Intervals {
    let dims = model.dimensions.len();
    let n = complete.len();
    if n == 0 {
        return Intervals::none(model);
    }
    // Each respondent's dimension scores, computed once.
    let per: Vec<Vec<Option<f64>>> = complete
        .iter()
        .map(|a| {
            model
                .dimensions
                .iter()
                .map(|d| respondent_dimension_score(model.scoring, d, a.borrow()).score)
                .collect()
        })
        .collect();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut dim_draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); dims];
    let mut group_draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); model.groups.len()];
    let mut overall_draws = Vec::with_capacity(resamples);
    let mut means: Vec<Option<f64>> = vec![None; dims];
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
        for d in 0..dims {
            means[d] = (counts[d] > 0).then(|| sums[d] / counts[d] as f64);
            if let Some(m) = means[d] {
                dim_draws[d].push(m);
            }
        }
        // The same combination as the organisation's own score: over groups when the
        // model has groups (SAMM's business functions), else over dimensions.
        for (g, m) in crate::scoring::group_means(model, &means)
            .into_iter()
            .enumerate()
        {
            if let Some(m) = m {
                group_draws[g].push(m);
            }
        }
        if let Some(o) = overall_of(model, &means) {
            overall_draws.push(o);
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
        groups: group_draws.into_iter().map(interval).collect(),
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
            .filter_map(|a| respondent_dimension_score(model.scoring, d, a).score)
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

/// The least difference that makes a strength or a gap: what reads as 0,1 with one
/// decimal. A dimension 0,03 over the average would read "0,0 over": no strength.
pub const MIN_DIFFERENCE: f64 = 0.05;

/// Dimensions ordered by a difference, largest first, keeping those of at least
/// [`MIN_DIFFERENCE`].
fn ranked(org: &[Option<f64>], other: &[Option<f64>], sign: f64) -> Vec<(usize, f64)> {
    let mut v: Vec<(usize, f64)> = org
        .iter()
        .zip(other)
        .enumerate()
        .filter_map(|(i, (a, b))| Some((i, sign * (a.as_ref()? - b.as_ref()?))))
        .filter(|(_, d)| *d >= MIN_DIFFERENCE - EQUAL)
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
    /// The shortfall against the organisation's target, else against best in class
    /// (or against the next step without peers).
    pub gap: f64,
}

/// At most `max` next steps, largest gap first: the gap to the organisation's own target
/// where it has set one (`target`, per dimension), else to best in class. Without either
/// (`best` all None) the gap is the distance to the next step.
pub fn next_steps(
    model: &Model,
    org: &[Option<f64>],
    best: &[Option<f64>],
    target: Option<&[Option<f64>]>,
    max: usize,
) -> Vec<NextStep> {
    let scale = model.scale;
    let have_best = best.iter().any(Option::is_some);
    let mut v: Vec<NextStep> = org
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let s = (*s)?;
            let level = scale.level_of(s);
            // Only dimensions whose model has a text for this step.
            model.dimensions.get(i)?.next_step(level)?;
            let gap = match target {
                Some(t) => t.get(i).copied().flatten()? - s,
                None if have_best => best.get(i).copied().flatten()? - s,
                None => f64::from(level + 1).min(f64::from(scale.max)) - s,
            };
            (gap > EQUAL).then_some(NextStep {
                dimension: i,
                from_level: level,
                to_level: (level + 1).min(scale.max),
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
        // 1.5 2.0 3.0 3.5 4.8: median 3.0; with min_orgs 1, top ceil(5/4)=2:
        // (3.5+4.8)/2 = 4.15.
        let s = stats(Scale::default(), &[3.0, 1.5, 4.8, 2.0, 3.5], 1).unwrap();
        assert_eq!(s.n, 5);
        assert!(close(s.mean, 14.8 / 5.0));
        assert_eq!(s.median, 3.0);
        assert!(close(s.best_in_class.unwrap(), 4.15));
        assert_eq!(s.levels, [1, 1, 2, 1, 0]);
    }

    #[test]
    fn stats_even_n_and_ties_by_hand() {
        // 2 2 3 3 3 4 4 5: median (3+3)/2; top ceil(8/4)=2: (4+5)/2.
        let s = stats(
            Scale::default(),
            &[3.0, 2.0, 4.0, 3.0, 5.0, 2.0, 4.0, 3.0],
            1,
        )
        .unwrap();
        assert_eq!(s.median, 3.0);
        assert_eq!(s.best_in_class, Some(4.5));
        let s = stats(Scale::default(), &[1.0, 2.0], 1).unwrap();
        assert_eq!(s.median, 1.5);
        assert_eq!(s.best_in_class, Some(2.0), "ceil(2/4) = 1 highest");
        let s = stats(Scale::default(), &[2.0, 4.0, 4.0, 4.0], 1).unwrap();
        assert_eq!(s.best_in_class, Some(4.0));
        assert_eq!(s.median, 4.0);
        assert!(stats(Scale::default(), &[], 1).is_none());
        assert_eq!(
            stats(Scale::default(), &[2.5], 0).unwrap().best_in_class,
            None,
            "nobody below it"
        );
    }

    #[test]
    fn best_in_class_rests_on_min_orgs_at_each_end() {
        let scores: Vec<f64> = (1..=12).map(|i| 1.0 + f64::from(i) / 4.0).collect();
        // n = 12, min_orgs 5: top max(3, 5) = 5, 7 below: shown, the mean of the top 5.
        let s = stats(Scale::default(), &scores, 5).unwrap();
        let top5: f64 = scores[7..].iter().sum::<f64>() / 5.0;
        assert!(close(s.best_in_class.unwrap(), top5));
        // n = 10: top 5, 5 below: shown.
        assert!(stats(Scale::default(), &scores[..10], 5)
            .unwrap()
            .best_in_class
            .is_some());
        // n = 9: top 5 leaves 4 below; 9·mean − 5·best would be their sum: withheld.
        // n = 6: 6·mean − 5·best would be the lowest organisation's exact score.
        for n in [5, 6, 9] {
            assert_eq!(
                stats(Scale::default(), &scores[..n], 5)
                    .unwrap()
                    .best_in_class,
                None,
                "n {n}"
            );
        }
        // n = 40: top ceil(40/4) = 10.
        let many: Vec<f64> = (0..40).map(|i| 1.0 + f64::from(i) / 10.0).collect();
        let s = stats(Scale::default(), &many, 5).unwrap();
        assert!(close(
            s.best_in_class.unwrap(),
            many[30..].iter().sum::<f64>() / 10.0
        ));
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
        // min_orgs 3: kommune, region and Midt have exactly 3; Nord has 1. No complement
        // is 1 or 2 (kommune + region = all; Midt leaves 3 of all).
        let orgs = vec![
            scored(1, "kommune", &["Midt"], 2.0),
            scored(2, "kommune", &["Midt"], 3.0),
            scored(3, "kommune", &[], 4.0),
            scored(4, "region", &["Midt"], 5.0),
            scored(5, "region", &["Nord"], 1.0),
            scored(6, "region", &[], 1.5),
        ];
        let g = peer_groups(Scale::default(), &orgs, 2, 3);
        let keys: Vec<_> = g.iter().map(|g| (g.key.clone(), g.n, g.withheld)).collect();
        assert_eq!(
            keys,
            vec![
                (GroupKey::All, 6, false),
                (GroupKey::Kind("kommune".into()), 3, false),
                (GroupKey::Kind("region".into()), 3, false),
                (GroupKey::Tag("Midt".into()), 3, false),
                (GroupKey::Tag("Nord".into()), 1, true),
            ]
        );
        assert_eq!(g[1].overall.as_ref().unwrap().mean, 3.0);
        assert!(g[4].overall.is_none() && g[4].dimensions.iter().all(Option::is_none));
        // A dimension nobody scored has no statistics.
        assert!(g[0].dimensions[1].is_none());
        // Just below the threshold: withheld.
        assert!(peer_groups(Scale::default(), &orgs, 2, 7)[0].withheld);
        // Percentiles only in shown groups the organisation belongs to.
        let p = percentiles(&orgs[4], &orgs, &g);
        assert_eq!(
            p.iter().map(|p| p.key.clone()).collect::<Vec<_>>(),
            vec![GroupKey::All, GroupKey::Kind("region".into())]
        );
        assert_eq!(p[0].overall, Some(100.0 * 0.5 / 6.0));
        let p = percentiles(&orgs[3], &orgs, &g);
        assert_eq!(p.len(), 3, "all, region, Midt");
        assert_eq!(p[2].overall, Some(100.0 * 2.5 / 3.0));
        assert_eq!(p[0].dimensions, vec![Some(100.0 * 5.5 / 6.0), None]);
    }

    fn shown(g: &[GroupBenchmark]) -> Vec<GroupKey> {
        g.iter()
            .filter(|g| !g.withheld)
            .map(|g| g.key.clone())
            .collect()
    }

    /// Twelve kommuner, eight of them "under 50.000": 12·mean(all) − 8·mean(tag) would
    /// be the mean of the other four. The tag group is withheld, and no figure of any
    /// shown group gives the four's sum.
    #[test]
    fn a_group_whose_complement_is_below_min_orgs_is_withheld() {
        let orgs: Vec<Scored> = (0..12)
            .map(|i| {
                let tags: &[&str] = if i < 8 { &["under 50.000"] } else { &[] };
                scored(i, "kommune", tags, 1.0 + f64::from(i as i32) * 0.3)
            })
            .collect();
        let g = peer_groups(Scale::default(), &orgs, 2, 5);
        let tag = GroupKey::Tag("under 50.000".into());
        assert_eq!(
            shown(&g),
            vec![GroupKey::All, GroupKey::Kind("kommune".into())]
        );
        let t = g.iter().find(|x| x.key == tag).unwrap();
        assert!(t.withheld && t.overall.is_none() && t.dimensions[0].is_none());
        assert_eq!(t.n, 8, "its size still says why");
        // Without the rule the attack works: this is what it would have given away.
        let four = stats(Scale::default(), &[3.4, 3.7, 4.0, 4.3], 1)
            .unwrap()
            .mean;
        let all = g[0].overall.as_ref().unwrap().mean;
        let eight = stats(
            Scale::default(),
            &orgs[..8]
                .iter()
                .map(|o| o.overall.unwrap())
                .collect::<Vec<_>>(),
            1,
        )
        .unwrap()
        .mean;
        assert!(close((12.0 * all - 8.0 * eight) / 4.0, four));
        // Five outside the tag: nothing to subtract out, both shown.
        let mut more = orgs.clone();
        more.push(scored(12, "kommune", &[], 2.0));
        assert!(peer_groups(Scale::default(), &more, 2, 5)
            .iter()
            .all(|g| !g.withheld));
        // The same organisations under two names (a tag on everybody): an empty
        // complement gives nothing away.
        let everyone: Vec<Scored> = (0..5).map(|i| scored(i, "kommune", &["x"], 2.0)).collect();
        assert!(peer_groups(Scale::default(), &everyone, 2, 5)
            .iter()
            .all(|g| !g.withheld));
    }

    /// A kind with one member is withheld, and "all" minus the other kinds would give it
    /// back: the smallest other kind is withheld too, until the withheld kinds hold at
    /// least min_orgs together.
    #[test]
    fn a_kind_of_one_stays_hidden_from_all_minus_the_other_kinds() {
        let mut orgs: Vec<Scored> = (0..6).map(|i| scored(i, "kommune", &[], 3.0)).collect();
        orgs.extend((6..11).map(|i| scored(i, "region", &[], 2.0)));
        orgs.push(scored(11, "stat", &[], 4.5));
        let g = peer_groups(Scale::default(), &orgs, 2, 5);
        // all (12) − kommune (6) − region (5) = stat: region (the smaller) is withheld;
        // all − kommune is then region and stat, 6 together.
        assert_eq!(
            shown(&g),
            vec![GroupKey::All, GroupKey::Kind("kommune".into())]
        );
        // "All" minus a union of non-overlapping tags: the same.
        let mut tagged = orgs.clone();
        for o in &mut tagged {
            o.kind = "kommune".into();
            o.tags = vec![match o.org_id {
                0..=5 => "Nord".to_string(),
                6..=10 => "Syd".to_string(),
                _ => "Øst".to_string(),
            }];
        }
        let g = peer_groups(Scale::default(), &tagged, 2, 5);
        assert_eq!(
            shown(&g),
            vec![
                GroupKey::All,
                GroupKey::Kind("kommune".into()),
                GroupKey::Tag("Nord".into())
            ]
        );
        // Withholding cascades: 3 kinds of 5 and one of 1 (16): each pair of the 5s
        // leaves 6 (fine) but all three leave 1, so one is withheld; then the rest of
        // "all" outside the two shown ones is 6.
        let mut orgs: Vec<Scored> = Vec::new();
        for (k, kind) in ["a", "b", "c"].iter().enumerate() {
            orgs.extend((0..5).map(|i| scored(k as i64 * 10 + i, kind, &[], 2.0)));
        }
        orgs.push(scored(99, "d", &[], 5.0));
        let g = peer_groups(Scale::default(), &orgs, 2, 5);
        assert_eq!(
            shown(&g),
            vec![
                GroupKey::All,
                GroupKey::Kind("a".into()),
                GroupKey::Kind("b".into())
            ]
        );
    }

    /// min_orgs per dimension: a dimension mean resting on fewer organisations is withheld,
    /// and the complement rule holds per dimension too.
    #[test]
    fn min_orgs_applies_to_each_dimension() {
        // Six organisations; dimension 1 is scored by 4 of them only.
        let orgs: Vec<Scored> = (0..6)
            .map(|i| Scored {
                org_id: i,
                kind: "kommune".into(),
                tags: if i < 5 { vec!["t".into()] } else { vec![] },
                overall: Some(3.0),
                dimensions: vec![Some(2.0 + i as f64 / 10.0), (i < 4).then_some(3.0)],
            })
            .collect();
        let g = peer_groups(Scale::default(), &orgs, 2, 4);
        // all = kommune (6) shown; t (5) leaves 1 of all: withheld.
        assert_eq!(
            shown(&g),
            vec![GroupKey::All, GroupKey::Kind("kommune".into())]
        );
        // Dimension 1 rests on 4 = min_orgs: shown in all.
        assert_eq!(g[0].dimensions[1].as_ref().map(|s| s.n), Some(4));
        let g = peer_groups(Scale::default(), &orgs, 2, 5);
        // With min_orgs 5: all (6) is shown overall, but its dimension 1 (4) is not.
        assert!(!g[0].withheld);
        assert!(g[0].dimensions[0].is_some() && g[0].dimensions[1].is_none());
        // Per dimension complements: t holds every scorer of dimension 1 but not all of
        // dimension 0. Seven organisations, t = 6 of them; dimension 1 scored by five of
        // t and three outside it.
        let orgs: Vec<Scored> = (0..12)
            .map(|i| Scored {
                org_id: i,
                kind: "kommune".into(),
                tags: if i < 7 { vec!["t".into()] } else { vec![] },
                overall: Some(3.0),
                dimensions: vec![Some(3.0), (!(5..9).contains(&i)).then_some(3.0)],
            })
            .collect();
        let g = peer_groups(Scale::default(), &orgs, 2, 5);
        let t = g
            .iter()
            .find(|x| x.key == GroupKey::Tag("t".into()))
            .unwrap();
        // Overall: t 7 of 12, complement 5: shown. Dimension 1: t 5 of 8, complement 3:
        // withheld in t only.
        assert!(!t.withheld && t.dimensions[0].is_some() && t.dimensions[1].is_none());
        assert!(g[0].dimensions[1].is_some());
        // Ranks follow: none for dimension 1 in t.
        let p = percentiles(&orgs[0], &orgs, &g);
        let pt = p
            .iter()
            .find(|p| p.key == GroupKey::Tag("t".into()))
            .unwrap();
        assert!(pt.dimensions[0].is_some() && pt.dimensions[1].is_none());
    }

    #[test]
    fn peers_are_ordered_by_score_and_ties_not_by_id() {
        let mut v: Vec<(i64, f64)> = vec![(1, 4.0), (2, 1.5), (3, 3.0), (4, 1.5), (5, 2.0)];
        anonymous_order(7, &mut v);
        let scores: Vec<f64> = v.iter().map(|x| x.1).collect();
        assert_eq!(scores, vec![1.5, 1.5, 2.0, 3.0, 4.0]);
        // Ties: some round puts the higher id first, some the lower; the same round
        // always the same.
        let firsts: BTreeSet<i64> = (0..64)
            .map(|round| {
                let mut t = vec![(2, 1.5), (4, 1.5)];
                anonymous_order(round, &mut t);
                t[0].0
            })
            .collect();
        assert_eq!(firsts.len(), 2);
        let mut again = vec![(4, 1.5), (2, 1.5)];
        anonymous_order(7, &mut again);
        assert_eq!(again[0].0, v[0].0);
    }

    /// Against every subset of shown groups, by brute force on small random rounds: no
    /// shown group minus disjoint shown groups inside it leaves 1 to min_orgs - 1.
    #[test]
    fn no_shown_group_minus_disjoint_shown_groups_leaves_a_few() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(13);
        for _ in 0..300 {
            let n = rng.random_range(3..30);
            let m = rng.random_range(2..6);
            let orgs: Vec<Scored> = (0..n)
                .map(|i| {
                    let kind = ["a", "b", "c", "d"][rng.random_range(0..4)];
                    let tags: Vec<String> = (0..4)
                        .filter(|_| rng.random_bool(0.35))
                        .map(|t| format!("t{t}"))
                        .collect();
                    let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
                    scored(i, kind, &tags, 2.0)
                })
                .collect();
            let g = peer_groups(Scale::default(), &orgs, 1, m);
            let sets: Vec<BTreeSet<i64>> = g
                .iter()
                .filter(|g| !g.withheld)
                .map(|g| g.members.iter().copied().collect())
                .collect();
            for h in &sets {
                let inside: Vec<&BTreeSet<i64>> = sets
                    .iter()
                    .filter(|x| x.len() < h.len() && x.is_subset(h))
                    .collect();
                for mask in 1u32..(1 << inside.len()) {
                    let family: Vec<&BTreeSet<i64>> = (0..inside.len())
                        .filter(|b| mask & (1 << b) != 0)
                        .map(|b| inside[b])
                        .collect();
                    let disjoint = family
                        .iter()
                        .enumerate()
                        .all(|(i, a)| family[i + 1..].iter().all(|b| a.is_disjoint(b)));
                    if !disjoint {
                        continue;
                    }
                    let left = h.len() - family.iter().map(|x| x.len()).sum::<usize>();
                    assert!(left == 0 || left >= m, "{left} left, min {m}: {g:?}");
                }
            }
        }
    }

    /// A round like `trappe demo`'s 1,000 organisations (four kinds, five regions, two
    /// size bands, each a partition): the rule costs next to nothing beside the figures.
    #[test]
    fn the_rule_is_cheap_on_a_large_round() {
        let regions = ["Nord", "Midt", "Syd", "Sjælland", "Hovedstaden"];
        let orgs: Vec<Scored> = (0..1000)
            .map(|i: usize| {
                let kind = match i % 10 {
                    7 => "region",
                    8 => "stat",
                    9 => "andet",
                    _ => "kommune",
                };
                let size = if i.is_multiple_of(3) { "over" } else { "under" };
                let mut o = scored(
                    i as i64,
                    kind,
                    &[regions[i % 5], size],
                    1.0 + (i % 40) as f64 / 10.0,
                );
                o.dimensions = vec![o.overall; 7];
                o
            })
            .collect();
        let start = std::time::Instant::now();
        let g = peer_groups(Scale::default(), &orgs, 7, 5);
        let took = start.elapsed();
        assert!(g.iter().all(|g| !g.withheld));
        assert!(took.as_millis() < 2000, "{took:?}");
        eprintln!("peer_groups, 1,000 organisations, 12 groups, 7 dimensions: {took:?}");
        // Each report page orders its 999 peers.
        let mut peers: Vec<(i64, f64)> = orgs.iter().map(|o| (o.org_id, 2.0)).collect();
        let start = std::time::Instant::now();
        anonymous_order(1, &mut peers);
        eprintln!("anonymous_order, 1,000 peers: {:?}", start.elapsed());
    }

    #[test]
    fn the_search_ends_on_many_overlapping_tags() {
        // 300 organisations, 40 tags of 1 to 40 members each; the rule ends quickly
        // and leaves no disjoint family with a remainder of 1 to 4.
        let orgs: Vec<Scored> = (0..300)
            .map(|i| {
                let tags = (0..40)
                    .filter(|t| (i * 7 + t * 13) % 41 < 3 + t % 5)
                    .map(|t| format!("t{t}"))
                    .collect::<Vec<_>>();
                let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
                scored(i, if i % 3 == 0 { "a" } else { "b" }, &tags, 2.0)
            })
            .collect();
        let start = std::time::Instant::now();
        let g = peer_groups(Scale::default(), &orgs, 2, 5);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        assert!(!g[0].withheld);
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
        assert!(o.crosses_step(Scale::default()));
        // Everyone agrees: no uncertainty.
        let same: Vec<Answers> = (0..5).map(|_| answers_all(&m, 3)).collect();
        let i = bootstrap(&m, &same, 200, 1).overall.unwrap();
        assert_eq!((i.lo, i.hi), (3.0, 3.0));
        assert!(!i.crosses_step(Scale::default()));
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
        let n = next_steps(&m, &org, &best, None, 5);
        assert_eq!(n.len(), 5);
        assert_eq!((n[0].dimension, n[0].from_level, n[0].to_level), (6, 1, 2));
        assert_eq!((n[1].dimension, n[1].from_level), (1, 2));
        // 2.9999999999999996 stands on step 3.
        let four = n.iter().find(|s| s.dimension == 4).unwrap();
        assert_eq!((four.from_level, four.to_level), (3, 4));
        // Without peers: the distance to the next step orders them; ties in model order.
        let none = vec![None; 7];
        let n = next_steps(&m, &org, &none, None, 5);
        assert_eq!(
            n.iter().map(|s| s.dimension).collect::<Vec<_>>(),
            vec![1, 2, 4, 5, 6]
        );
        assert!(close(n[0].gap, 1.0));
    }

    #[test]
    fn a_dimension_0_0_over_the_average_is_no_strength_nor_0_0_under_a_gap() {
        let org = vec![Some(3.54), Some(3.55), Some(3.0), Some(3.96), None];
        let mean = vec![Some(3.5); 5];
        // 0.04 over reads "0,0 over": no strength; 0.05 (3.55 - 3.5 in floats) is one.
        assert_eq!(
            strengths(&org, &mean)
                .iter()
                .map(|x| x.0)
                .collect::<Vec<_>>(),
            vec![3, 1]
        );
        // None above: none named.
        let level = vec![Some(3.52), Some(3.0), None];
        assert!(strengths(&level, &[Some(3.5); 3]).is_empty());
        // Gaps the same: 0.04 under best in class is no gap, 0.05 is.
        let best = vec![Some(3.58), Some(3.6), Some(3.0), Some(4.0), Some(5.0)];
        assert_eq!(
            gaps(&org, &best).iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![1]
        );
        assert!(gaps(&[Some(4.0)], &[Some(4.04)]).is_empty());
    }

    /// SAMM's scale is 0 to 3: step counts have four entries, a score of 0.5 stands on
    /// step 0 (the 1-to-5 rule would have put it on step 1), and an interval from 0.9 to
    /// 1.1 crosses a step.
    #[test]
    fn stats_and_steps_follow_the_models_scale() {
        let samm = Scale { min: 0, max: 3 };
        let s = stats(samm, &[0.0, 0.5, 1.2, 2.9, 3.0], 1).unwrap();
        assert_eq!(s.levels, vec![2, 1, 1, 1]);
        let builtin = stats(Scale::default(), &[1.0, 2.5, 5.0], 1).unwrap();
        assert_eq!(builtin.levels, vec![1, 1, 0, 0, 1]);
        let i = Interval { lo: 0.9, hi: 1.1 };
        assert!(i.crosses_step(samm));
        assert!(!Interval { lo: 0.1, hi: 0.9 }.crosses_step(samm));
        // On the 1-to-5 rule both ends would stand on step 1.
        assert!(!Interval { lo: 0.1, hi: 0.9 }.crosses_step(Scale::default()));
    }

    /// With a target, the largest gap to it comes first, whatever best in class says;
    /// a dimension without a target is left out.
    #[test]
    fn next_steps_follow_the_gap_to_a_target() {
        let m = Model::builtin();
        let n = m.dimensions.len();
        let org = vec![Some(2.0); n];
        let mut best = vec![Some(2.5); n];
        best[0] = Some(4.9);
        let mut target = vec![Some(3.0); n];
        target[2] = Some(4.5);
        target[1] = None;
        let by_best = next_steps(&m, &org, &best, None, n);
        assert_eq!(by_best[0].dimension, 0);
        let by_target = next_steps(&m, &org, &best, Some(&target), n);
        assert_eq!(by_target[0].dimension, 2);
        assert!((by_target[0].gap - 2.5).abs() < 1e-12);
        assert!(by_target.iter().all(|s| s.dimension != 1));
        assert_eq!(by_target.len(), n - 1);
    }

    /// A grouped model's overall interval is drawn over groups, as its score is: with
    /// every respondent alike it is exactly the overall score, and each group gets one.
    #[test]
    fn bootstrap_combines_dimensions_over_groups() {
        use crate::scoring::general_tests::samm_like;
        let m = samm_like();
        // Every respondent answers G-SM and G-PC at the top (3 each), the rest at the
        // lowest answer (SAMM's unanswered rule).
        let high: Answers = m
            .dimensions
            .iter()
            .filter(|d| d.id == "G-SM" || d.id == "G-PC")
            .flat_map(|d| d.questions.iter())
            .map(|q| (q.id.clone(), Answer::Level(3)))
            .collect();
        let rs = vec![high.clone(), high.clone(), high];
        let b = bootstrap(&m, &rs, 200, 7);
        let overall = b.overall.unwrap();
        // G = (3 + 3 + 0) / 3 = 2, the other groups 0: overall 2 / 5.
        assert!((overall.lo - 0.4).abs() < 1e-12 && (overall.hi - 0.4).abs() < 1e-12);
        assert_eq!(b.groups.len(), 5);
        let g = b.groups[0].unwrap();
        assert!((g.lo - 2.0).abs() < 1e-12 && (g.hi - 2.0).abs() < 1e-12);
        assert!(b.groups[1..].iter().all(|g| g.is_some_and(|g| g.hi == 0.0)));
        // With G weighing 3 the overall score is 3 * 2 / 7 (the dimensions' own
        // weight-average would still be 6 / 15): the bootstrap combines as the model does.
        let mut weighted = m.clone();
        weighted.groups[0].weight = 3.0;
        let b = bootstrap(&weighted, &rs, 200, 7).overall.unwrap();
        assert!((b.lo - 6.0 / 7.0).abs() < 1e-12, "{b:?}");
    }
}
