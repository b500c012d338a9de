//! The organisation's report: its place on the staircase among anonymous peers, each
//! dimension against the peer average and best in class, the radar, strengths and gaps,
//! the traits of the best, barriers, next steps, the role gap and the trend.
//!
//! One view model, built from a round's `Analysis`, feeds the report page and
//! `trappe report` (a self-contained HTML file, optionally printed to PDF).
//!
//! Anonymity: an organisation whose results are withheld gets only "n of min responses";
//! peer figures (average, best in class, peer dots, peer traits and barriers) show only
//! while the round's "all" group holds at least `min_orgs` organisations, and follow
//! `trappe_core::benchmark`'s rule (best in class from 2 · `min_orgs`). Peer dots come in
//! score order, never name order. Dots of two overlapping groups side by side would show
//! the scores of their overlap (equal scores in both), so a report for another peer group
//! should draw that group's dots only, not beside another group's.

use crate::kit::charts::{
    Bars, BarsInput, DimensionBars, DimensionInput, DotLabel, Radar, Staircase,
};
use crate::kit::i18n::Lang;
use crate::kit::i18n::{arg_count, arg_text, Fmt};
use crate::kit::page::{Ctx, Num};
use askama::Template;
use fluent_templates::fluent_bundle::FluentValue;
use std::borrow::Borrow;
use std::sync::{Arc, Mutex, Weak};
use trappe_core::benchmark::{self, GroupBenchmark, GroupKey, Interval};
use trappe_core::{Model, OrgResult};
use trappe_store::{Analysis, OrgResults, Round};

/// The stylesheet, inlined into the standalone report.
pub const CSS: &str = include_str!("../../static/trappe.css");

/// How many strengths and gaps the report names.
const TOP: usize = 3;
/// How many next steps it lists.
const NEXT_STEPS: usize = 5;

pub struct OverallLine {
    pub score: f64,
    pub level: u8,
    pub level_name: String,
    /// "trin 3 (2,8 til 3,4)" where the interval crosses a step.
    pub uncertain: Option<String>,
}

pub struct StairRow {
    pub level: u8,
    pub name: String,
    pub here: bool,
    /// Organisations on the step, when the peer figures are shown.
    pub count: Option<usize>,
}

pub struct DimLine {
    pub name: String,
    pub score: Option<f64>,
    /// "2,8–3,4".
    pub interval: String,
    /// "trin 3", or "trin 3 (2,8 til 3,4)" where the interval crosses a step.
    pub placement: String,
    pub mean: Option<f64>,
    pub best: Option<f64>,
}

/// One row of the target table: the score now, the target, the earlier score and the
/// share of the planned improvement done.
pub struct PlanLine {
    pub name: String,
    pub score: String,
    pub target: String,
    pub earlier: String,
    pub done: String,
}

/// The organisation's target (issue 18): its questionnaire answered as it wants to be.
pub struct PlanView {
    pub rows: Vec<PlanLine>,
    pub overall: PlanLine,
    pub summary: String,
    /// An earlier round of the same model to measure progress from.
    pub has_earlier: bool,
}

pub struct PairLine {
    pub name: String,
    pub own: Option<f64>,
    pub peers: Option<f64>,
}

pub struct BarrierLine {
    pub name: String,
    /// None also when fewer than the round's minimum of responses rated it.
    pub own: Option<f64>,
    pub own_n: usize,
    pub peers: Option<f64>,
}

pub struct NextStepLine {
    pub dimension: String,
    /// "Fra trin 2 til trin 3".
    pub steps: String,
    pub text: String,
}

pub struct TrendLine {
    pub round_name: String,
    pub current: bool,
    pub withheld: bool,
    /// "2 af 3 besvarelser" for a withheld round.
    pub withheld_text: String,
    pub overall: Option<f64>,
    pub level: Option<u8>,
    /// Per dimension of this round's model, matched by id.
    pub dims: Vec<Option<f64>>,
}

impl TrendLine {
    /// The score of the report model's dimension `i` in this round.
    pub fn dim(&self, i: impl Num) -> Option<f64> {
        self.dims.get(i.f64() as usize).copied().flatten()
    }
}

pub struct RoleGapLine {
    pub name: String,
    pub leaders: Option<f64>,
    pub employees: Option<f64>,
    /// Leaders minus employees, signed ("+0,4").
    pub gap: String,
}

pub struct RoleGapView {
    pub leaders: usize,
    pub employees: usize,
    pub lines: Vec<RoleGapLine>,
}

/// The peer group a report compares with: `all`, `kind` (the organisation's own kind)
/// or `tag:NAME` (one of its tags), as `?peers=` and `trappe report --peers` take it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PeerChoice {
    #[default]
    All,
    Kind,
    Tag(String),
}

impl PeerChoice {
    /// None for anything but `all`, `kind` or `tag:NAME`.
    pub fn parse(s: &str) -> Option<PeerChoice> {
        match s {
            "" | "all" => Some(PeerChoice::All),
            "kind" => Some(PeerChoice::Kind),
            _ => s
                .strip_prefix("tag:")
                .filter(|t| !t.is_empty())
                .map(|t| PeerChoice::Tag(t.to_string())),
        }
    }

    pub fn code(&self) -> String {
        match self {
            PeerChoice::All => "all".into(),
            PeerChoice::Kind => "kind".into(),
            PeerChoice::Tag(t) => format!("tag:{t}"),
        }
    }

    fn key(&self, o: &OrgResults) -> GroupKey {
        match self {
            PeerChoice::All => GroupKey::All,
            PeerChoice::Kind => GroupKey::Kind(o.participant.kind.clone()),
            PeerChoice::Tag(t) => GroupKey::Tag(t.clone()),
        }
    }
}

/// The peer group asked for is not one the organisation's report may use: it does not
/// exist, the organisation is not in it, or it is withheld (too small, or it could be
/// subtracted from another shown group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeersNotOffered;

/// The group `choice` names for `org_id`: Ok(None) where the round's "all" group is
/// withheld (the report then says why); Err for any other group that is not shown or
/// does not hold the organisation.
pub fn peer_group<'a>(
    a: &'a Analysis,
    org_id: i64,
    choice: &PeerChoice,
) -> Result<Option<&'a GroupBenchmark>, PeersNotOffered> {
    if *choice == PeerChoice::All {
        return Ok(a.all_group());
    }
    let o = a
        .index(org_id)
        .map(|i| &a.results.orgs[i])
        .ok_or(PeersNotOffered)?;
    let key = choice.key(o);
    a.groups
        .iter()
        .find(|g| g.key == key && !g.withheld && g.members.contains(&org_id))
        .map(Some)
        .ok_or(PeersNotOffered)
}

/// A peer group the report can be made against.
pub struct PeerOption {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// The group's name and size: "alle organisationer i målingen, 24 organisationer".
fn group_label(lang: Lang, g: &GroupBenchmark) -> String {
    let name = match &g.key {
        GroupKey::All => lang.t("report-peers-all"),
        GroupKey::Kind(k) => lang.t_args(
            "report-peers-kind",
            &[("kind", arg_text(lang.t(&format!("kind-{k}"))))],
        ),
        GroupKey::Tag(t) => lang.t_args("report-peers-tag", &[("tag", arg_text(t.clone()))]),
    };
    lang.t_args(
        "report-peer-group",
        &[("group", arg_text(name)), ("n", arg_count(g.n))],
    )
}

/// Every shown group that holds the organisation: all, its kind, each of its tags.
/// Withheld groups are not among them.
pub fn peer_options(
    a: &Analysis,
    org_id: i64,
    lang: Lang,
    selected: &PeerChoice,
) -> Vec<PeerOption> {
    a.groups
        .iter()
        .filter(|g| !g.withheld && g.members.contains(&org_id))
        .map(|g| {
            let choice = match &g.key {
                GroupKey::All => PeerChoice::All,
                GroupKey::Kind(_) => PeerChoice::Kind,
                GroupKey::Tag(t) => PeerChoice::Tag(t.clone()),
            };
            PeerOption {
                code: choice.code(),
                label: group_label(lang, g),
                selected: choice == *selected,
            }
        })
        .collect()
}

/// Page one: what a director reads first.
#[derive(Default)]
pub struct Summary {
    /// "Trin 3: Name".
    pub step: String,
    pub step_description: String,
    /// "Trin 4: Name", None on the top step.
    pub next_step: Option<String>,
    pub next_description: String,
    /// "X (2,9), Y (3,1) og Z (3,2)": the dimensions furthest below the next step.
    pub next_dims: String,
    /// "Nr. 3 af 12 …" in the selected group.
    pub position: Option<String>,
    /// "sikker" or "usikker" placement, with the interval.
    pub placement: Option<String>,
    pub role_gap: String,
}

/// Everything the organisation's report shows.
pub struct ReportView {
    pub lang: Lang,
    /// The model's scale: steps 1 to 5 for the built-in staircase, 0 to 3 for SAMM.
    pub scale: trappe_core::model::Scale,
    pub round_id: i64,
    pub round_name: String,
    pub model_name: String,
    /// Where the model's texts come from and their licence (OWASP SAMM's CC BY-SA asks
    /// for it wherever its texts are shown).
    pub credit: Option<String>,
    pub org_id: i64,
    pub name: String,
    pub withheld: bool,
    /// "2 af 3 besvarelser": all a withheld organisation's report says.
    pub withheld_text: String,
    pub responses: usize,
    /// Peer figures are shown (the "all" group holds at least `min_orgs`).
    pub peers_shown: bool,
    /// Why they are not, when they are not.
    pub peers_withheld_text: String,
    pub overall: Option<OverallLine>,
    pub staircase: Option<Staircase>,
    pub own_label: Option<DotLabel>,
    pub stair_summary: String,
    pub stair_rows: Vec<StairRow>,
    pub dims: Vec<DimLine>,
    pub dim_chart: Option<DimensionBars>,
    pub dim_summary: String,
    pub radar: Option<Radar>,
    pub radar_summary: String,
    pub strengths: Vec<String>,
    pub gaps: Vec<String>,
    pub traits: Vec<PairLine>,
    pub trait_chart: Option<Bars>,
    pub trait_summary: String,
    pub barriers: Vec<BarrierLine>,
    pub barrier_chart: Option<Bars>,
    pub barrier_summary: String,
    pub barrier_few_text: String,
    pub next_steps: Vec<NextStepLine>,
    /// Next steps are ordered by the gap to best in class (else to the next step).
    pub next_by_best: bool,
    /// Next steps are ordered by the gap to the organisation's own target.
    pub next_by_target: bool,
    pub plan: Option<PlanView>,
    /// The organisation's dimension scores and best in class, kept for `add_target`.
    own_scores: Vec<Option<f64>>,
    best_scores: Vec<Option<f64>>,
    /// Peers shown but best in class not (it needs 2 · `min_orgs` organisations): why
    /// there are no gaps against it.
    pub best_withheld_text: Option<String>,
    pub trend: Vec<TrendLine>,
    /// The current model's dimension names, the rows of the trend table.
    pub trend_dim_names: Vec<String>,
    pub trend_chart: Option<Bars>,
    pub trend_summary: String,
    pub role_gap: Option<RoleGapView>,
    pub role_gap_text: String,
    /// The customer-insight dimension's self-assessed score and placement, beside the
    /// organisation's citizen journeys (see `journeys`).
    pub insight: Option<DimLine>,
    /// The organisation's citizen journeys with responses (`crate::journeys::journey_view::report_lines`,
    /// set by the caller: the analysis holds no journeys).
    pub journeys: Vec<crate::journeys::journey_view::JourneyLine>,
    /// The organisation's contact log in short, when it has one (set by the caller,
    /// which reads it from the store: `add_channels`).
    pub channels: Option<crate::contacts::channel_view::ChannelSummary>,
    /// The day the report was made, as the language writes it.
    pub date: String,
    pub summary: Summary,
    /// The selected peer group's code (`PeerChoice::code`).
    pub peer_code: String,
    /// Its name and size, on every chart that uses it.
    pub peer_label: String,
    /// The groups offered (shown ones that hold the organisation).
    pub peer_options: Vec<PeerOption>,
    /// The respondents' own words on what holds the organisation back, sorted by their
    /// text; empty for a withheld organisation (`add_own_words`).
    pub own_words: Vec<String>,
}

/// The model dimension the citizen journeys belong to (slides 3 and 8 of the seed).
pub const INSIGHT_DIMENSION: &str = "customer_insight";

fn mean_of(v: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = v.fold((0.0, 0usize), |(s, c), x| (s + x, c + 1));
    (count > 0).then(|| sum / count as f64)
}

/// What every report of a round compares with: each organisation's trait scores and the
/// barrier means over all respondents (organisations with results only). The same for
/// every organisation's report, so the web app computes it once per analysis.
pub struct PeerProfiles {
    /// (organisation, trait scores in model order) for each organisation with results.
    pub traits: Vec<(i64, Vec<Option<f64>>)>,
    /// (mean, count) per barrier in model order.
    pub barriers: Vec<(Option<f64>, usize)>,
}

/// Profiles of recent analyses, found again by the analysis they were made from.
type ProfileCache = Vec<(Weak<Analysis>, Arc<PeerProfiles>)>;
static PROFILES: Mutex<ProfileCache> = Mutex::new(Vec::new());

impl PeerProfiles {
    pub fn new(a: &Analysis) -> PeerProfiles {
        let model = &a.results.model;
        let shown = || a.results.orgs.iter().filter(|o| !o.result.withheld);
        let ratings: Vec<_> = shown()
            .flat_map(|o| o.responses.iter().map(|r| &r.barriers))
            .collect();
        PeerProfiles {
            traits: shown()
                .map(|o| {
                    (
                        o.participant.org_id,
                        benchmark::trait_scores(model, &o.answers()),
                    )
                })
                .collect(),
            barriers: benchmark::barrier_means(model, &ratings),
        }
    }

    /// The profiles of `a`, computed on first use and kept while `a` is alive.
    pub fn cached(a: &Arc<Analysis>) -> Arc<PeerProfiles> {
        let found = PROFILES.lock().ok().and_then(|mut c| {
            c.retain(|(w, _)| w.strong_count() > 0);
            c.iter()
                .find(|(w, _)| w.upgrade().is_some_and(|x| Arc::ptr_eq(&x, a)))
                .map(|(_, p)| p.clone())
        });
        if let Some(p) = found {
            return p;
        }
        let p = Arc::new(PeerProfiles::new(a));
        if let Ok(mut c) = PROFILES.lock() {
            c.push((Arc::downgrade(a), p.clone()));
        }
        p
    }

    fn traits_of(&self, org_id: i64) -> Option<&[Option<f64>]> {
        self.traits
            .iter()
            .find(|(id, _)| *id == org_id)
            .map(|(_, t)| t.as_slice())
    }
}

impl ReportView {
    /// The report of `org_id` in the analysed round, None when it does not take part.
    /// `trend` is `Store::trend` of the organisation on the round's model id.
    pub fn new(
        a: &Analysis,
        trend: &[(Round, OrgResult)],
        org_id: i64,
        lang: Lang,
    ) -> Option<ReportView> {
        a.index(org_id)?;
        ReportView::with_peers(
            a,
            &PeerProfiles::new(a),
            trend,
            org_id,
            lang,
            &PeerChoice::All,
        )
        .ok()
        .flatten()
    }

    /// As `new`, with the round's trait and barrier profiles computed beforehand
    /// (`PeerProfiles::cached`), so one report of a large round stays fast.
    pub fn with_peers(
        a: &Analysis,
        peers: &PeerProfiles,
        trend: &[(Round, OrgResult)],
        org_id: i64,
        lang: Lang,
        choice: &PeerChoice,
    ) -> Result<Option<ReportView>, PeersNotOffered> {
        let Some(idx) = a.index(org_id) else {
            return Ok(None);
        };
        let res = &a.results;
        let model = &res.model;
        let o = &res.orgs[idx];
        let code = lang.code();
        // A withheld organisation is in no group: its report is the count, whatever asked.
        let choice = if o.result.withheld {
            &PeerChoice::All
        } else {
            choice
        };
        let all = peer_group(a, org_id, choice)?;
        let min_orgs = res.round.min_orgs;
        let mut v = ReportView {
            lang,
            scale: model.scale,
            round_id: res.round.id,
            round_name: res.round.name.clone(),
            model_name: model.name.get(code).to_string(),
            credit: model.credit.as_ref().map(|c| c.get(code).to_string()),
            org_id,
            name: o.participant.name.clone(),
            withheld: o.result.withheld,
            withheld_text: lang.t_args(
                "withheld-explained",
                &[
                    ("n", arg_count(o.result.independent)),
                    ("min", FluentValue::from(res.round.min_responses as f64)),
                ],
            ),
            responses: o.result.responses,
            peers_shown: all.is_some(),
            peers_withheld_text: lang.t_args(
                "report-peers-withheld",
                &[
                    ("n", arg_count(a.scored.len())),
                    ("min", FluentValue::from(min_orgs as f64)),
                ],
            ),
            overall: None,
            staircase: None,
            own_label: None,
            stair_summary: String::new(),
            stair_rows: Vec::new(),
            dims: Vec::new(),
            dim_chart: None,
            dim_summary: String::new(),
            radar: None,
            radar_summary: String::new(),
            strengths: Vec::new(),
            gaps: Vec::new(),
            traits: Vec::new(),
            trait_chart: None,
            trait_summary: String::new(),
            barriers: Vec::new(),
            barrier_chart: None,
            barrier_summary: String::new(),
            barrier_few_text: lang.t_args(
                "report-barrier-few",
                &[("min", FluentValue::from(res.round.min_responses as f64))],
            ),
            next_steps: Vec::new(),
            next_by_best: all.is_some(),
            next_by_target: false,
            plan: None,
            own_scores: Vec::new(),
            best_scores: Vec::new(),
            best_withheld_text: None,
            trend: Vec::new(),
            trend_dim_names: Vec::new(),
            trend_chart: None,
            trend_summary: String::new(),
            role_gap: None,
            role_gap_text: String::new(),
            insight: None,
            journeys: Vec::new(),
            channels: None,
            date: lang.date(chrono::Utc::now().timestamp()),
            summary: Summary::default(),
            peer_code: choice.code(),
            peer_label: all.map(|g| group_label(lang, g)).unwrap_or_default(),
            peer_options: peer_options(a, org_id, lang, choice),
            own_words: Vec::new(),
        };
        // A withheld organisation's report says how many responses it has, nothing more.
        if o.result.withheld {
            return Ok(Some(v));
        }
        let own: Vec<Option<f64>> = o
            .result
            .dimensions
            .iter()
            .map(|d| d.score.map(|s| s.score))
            .collect();
        let peer = |f: fn(&benchmark::Stats) -> Option<f64>| -> Vec<Option<f64>> {
            match all {
                Some(g) => g
                    .dimensions
                    .iter()
                    .map(|s| s.as_ref().and_then(f))
                    .collect(),
                None => vec![None; model.dimensions.len()],
            }
        };
        let means = peer(|s| Some(s.mean));
        let bests = peer(|s| s.best_in_class);
        // Best in class may be withheld where the peers are not (a small round).
        v.next_by_best = bests.iter().any(Option::is_some);
        if all.is_some() && !v.next_by_best {
            v.best_withheld_text = Some(lang.t_args(
                "report-best-withheld",
                &[("min", FluentValue::from((2 * min_orgs) as f64))],
            ));
        }
        let names: Vec<String> = model
            .dimensions
            .iter()
            .map(|d| d.name.get(code).to_string())
            .collect();
        v.staircase_section(a, idx, all);
        v.dimension_section(a, idx, &own, &means, &bests, &names);
        v.insight = model
            .dimensions
            .iter()
            .position(|d| d.id == INSIGHT_DIMENSION)
            .and_then(|i| v.dims.get(i))
            .map(|d| DimLine {
                name: d.name.clone(),
                score: d.score,
                interval: d.interval.clone(),
                placement: d.placement.clone(),
                mean: d.mean,
                best: d.best,
            });
        v.radar_section(&own, &means, &bests, &names);
        v.strengths_and_gaps(&own, &means, &bests, &names);
        v.traits_section(a, o, peers, all);
        v.barriers_section(a, o, peers, all);
        v.next_steps = v.next_step_lines(model, &own, &bests, None);
        v.own_scores = own.clone();
        v.best_scores = bests.clone();
        v.role_gap_section(model, o, &names);
        v.trend_section(&res.round, model, trend, &names);
        v.summary_section(a, idx, all, &own, &names);
        Ok(Some(v))
    }

    fn next_step_lines(
        &self,
        model: &trappe_core::Model,
        own: &[Option<f64>],
        bests: &[Option<f64>],
        target: Option<&[Option<f64>]>,
    ) -> Vec<NextStepLine> {
        let (lang, code) = (self.lang, self.lang.code());
        benchmark::next_steps(model, own, bests, target, NEXT_STEPS)
            .into_iter()
            .map(|st| NextStepLine {
                dimension: model.dimensions[st.dimension].name.get(code).to_string(),
                steps: if st.from_level == st.to_level {
                    lang.t_args(
                        "report-next-stay",
                        &[("level", arg_count(st.from_level.into()))],
                    )
                } else {
                    lang.t_args(
                        "report-next-from-to",
                        &[
                            ("from", arg_count(st.from_level.into())),
                            ("to", arg_count(st.to_level.into())),
                        ],
                    )
                },
                text: model.dimensions[st.dimension]
                    .next_step(st.from_level)
                    .map(|x| x.text.get(code).to_string())
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// The organisation's target: per dimension the score now, the target's score, the
    /// score in its latest earlier round of the model (from `trend`) and the share of the
    /// planned improvement done; the next steps then follow the gaps to the target.
    /// Nothing for a withheld organisation: its scores are not shown.
    pub fn add_target(
        &mut self,
        model: &trappe_core::Model,
        target: &trappe_core::Answers,
        trend: &[(Round, OrgResult)],
    ) {
        if self.withheld || self.own_scores.is_empty() {
            return;
        }
        let t = trappe_core::score_organisation(model, std::slice::from_ref(target), 1);
        let earlier = trappe_store::earlier_result(trend, self.round_id).filter(|r| !r.withheld);
        let score = |s: Option<trappe_core::Score>| s.map(|s| s.score);
        let targets: Vec<Option<f64>> = t.dimensions.iter().map(|d| score(d.score)).collect();
        let befores: Vec<Option<f64>> = (0..targets.len())
            .map(|i| earlier.and_then(|e| score(e.dimensions.get(i)?.score)))
            .collect();
        let pct = |x: Option<f64>| {
            x.map(|p| Fmt(self.lang).pct(p))
                .unwrap_or_else(|| "–".into())
        };
        let line =
            |name: String, now: Option<f64>, goal: Option<f64>, before: Option<f64>| PlanLine {
                name,
                score: self.opt(now),
                target: self.opt(goal),
                earlier: self.opt(before),
                done: pct(trappe_core::scoring::progress(now, before, goal)),
            };
        let rows: Vec<PlanLine> = model
            .dimensions
            .iter()
            .enumerate()
            .map(|(i, d)| {
                line(
                    d.name.get(self.lang.code()).to_string(),
                    self.own_scores.get(i).copied().flatten(),
                    targets[i],
                    befores[i],
                )
            })
            .collect();
        let now = self.overall.as_ref().map(|o| o.score);
        let before = earlier.and_then(|e| score(e.overall));
        let overall = line(
            self.t("report-target-overall"),
            now,
            score(t.overall),
            before,
        );
        let done = trappe_core::scoring::progress(now, before, score(t.overall));
        let summary = match (score(t.overall), done) {
            (Some(goal), Some(d)) => self.lang.t_text(
                "report-target-summary",
                &[
                    ("target", self.num(goal)),
                    ("score", now.map(|n| self.num(n)).unwrap_or_default()),
                    ("done", Fmt(self.lang).pct(d)),
                ],
            ),
            (Some(goal), None) => self.lang.t_text(
                if earlier.is_some() {
                    "report-target-summary-same"
                } else {
                    "report-target-summary-first"
                },
                &[
                    ("target", self.num(goal)),
                    ("score", now.map(|n| self.num(n)).unwrap_or_default()),
                ],
            ),
            (None, _) => self.t("report-target-none"),
        };
        let best = self.best_scores.clone();
        let own = self.own_scores.clone();
        self.next_steps = self.next_step_lines(model, &own, &best, Some(&targets));
        self.next_by_target = true;
        self.plan = Some(PlanView {
            rows,
            overall,
            summary,
            has_earlier: earlier.is_some(),
        });
    }

    /// Page one: the step and what it means, the next step and what it takes, the
    /// position among the selected peers, and the leader/employee gap in a sentence.
    fn summary_section(
        &mut self,
        a: &Analysis,
        idx: usize,
        group: Option<&GroupBenchmark>,
        own: &[Option<f64>],
        names: &[String],
    ) {
        let model = &a.results.model;
        let code = self.lang.code();
        let Some(o) = self.overall.as_ref() else {
            return;
        };
        let (score, level) = (o.score, o.level);
        let step_line = |l: u8| {
            let name = model.level(l).map(|x| x.name.get(code)).unwrap_or_default();
            self.lang.t_args(
                "report-sum-step",
                &[("level", arg_count(l.into())), ("name", arg_text(name))],
            )
        };
        let mut sm = Summary {
            step: step_line(level),
            step_description: model
                .level(level)
                .map(|x| x.description.get(code).to_string())
                .unwrap_or_default(),
            ..Summary::default()
        };
        if let Some(next) = model.level(level + 1) {
            sm.next_step = Some(step_line(level + 1));
            sm.next_description = next.description.get(code).to_string();
            let target = f64::from(level + 1);
            let mut below: Vec<(usize, f64)> = own
                .iter()
                .enumerate()
                .filter_map(|(i, x)| Some((i, (*x)?)))
                .filter(|(_, x)| *x < target)
                .collect();
            below.sort_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
            let list: Vec<String> = below
                .iter()
                .take(TOP)
                .map(|&(i, x)| format!("{} ({})", names[i], self.num(x)))
                .collect();
            sm.next_dims = self.lang.t_args(
                "report-sum-next-dims",
                &[
                    ("level", arg_count((level + 1).into())),
                    ("dims", arg_text(self.list(&list))),
                ],
            );
        }
        if let Some(g) = group {
            let scores: Vec<f64> = a
                .scored
                .iter()
                .filter(|x| g.members.contains(&x.org_id))
                .filter_map(|x| x.overall)
                .collect();
            let rank = 1 + scores.iter().filter(|&&x| x > score + 1e-9).count();
            sm.position = Some(self.lang.t_args(
                "report-sum-position",
                &[
                    ("rank", arg_count(rank)),
                    ("n", arg_count(scores.len())),
                    ("group", arg_text(self.peer_label.clone())),
                ],
            ));
        }
        sm.placement = a.intervals[idx].overall.map(|i| {
            let key = if i.crosses_step(self.scale) {
                "report-sum-uncertain"
            } else {
                "report-sum-certain"
            };
            self.lang.t_args(
                key,
                &[
                    ("level", arg_count(level.into())),
                    ("lo", arg_text(self.num(i.lo))),
                    ("hi", arg_text(self.num(i.hi))),
                ],
            )
        });
        sm.role_gap = match &self.role_gap {
            None => self.lang.t_args(
                "report-sum-role-none",
                &[("min", arg_count(benchmark::ROLE_GAP_MIN))],
            ),
            Some(g) => {
                let diffs: Vec<(usize, f64)> = g
                    .lines
                    .iter()
                    .enumerate()
                    .filter_map(|(i, l)| Some((i, l.leaders? - l.employees?)))
                    .collect();
                let mean = mean_of(diffs.iter().map(|x| x.1)).unwrap_or(0.0);
                let widest =
                    diffs
                        .iter()
                        .copied()
                        .reduce(|m, x| if x.1.abs() > m.1.abs() { x } else { m });
                match widest {
                    Some((i, d)) if d.abs() >= benchmark::MIN_DIFFERENCE => self.lang.t_args(
                        if mean >= 0.0 {
                            "report-sum-role-higher"
                        } else {
                            "report-sum-role-lower"
                        },
                        &[
                            ("diff", arg_text(self.diff(mean.abs()))),
                            ("dim", arg_text(g.lines[i].name.clone())),
                            ("widest", arg_text(g.lines[i].gap.clone())),
                        ],
                    ),
                    _ => self.t("report-sum-role-same"),
                }
            }
        };
        self.summary = sm;
    }

    /// "a, b og c" / "a, b and c".
    fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => self.lang.t_args(
                "report-list-and",
                &[
                    ("init", arg_text(init.join(", "))),
                    ("last", arg_text(last.clone())),
                ],
            ),
        }
    }

    /// A score as shown (`Lang::score`: "3,96" beside step 3, never "4,0").
    fn num(&self, x: f64) -> String {
        self.lang.score(x)
    }

    /// "Udarbejdet 03.12.2026".
    pub fn made(&self) -> String {
        self.lang
            .t_args("report-made", &[("date", arg_text(self.date.clone()))])
    }

    /// "Sammenligningsgruppe: samme type (Kommune), 12 organisationer.": on every chart
    /// that shows peer figures.
    pub fn compared(&self) -> String {
        self.lang.t_args(
            "report-compared-with",
            &[("group", arg_text(self.peer_label.clone()))],
        )
    }

    /// The printed page's margins (`page_css`). Inlined in the standalone file; the web
    /// app's pages (which allow no inline style) link the same text as a stylesheet.
    pub fn page_css(&self) -> String {
        page_css(self.lang, &self.name, &self.round_name, &self.date)
    }

    /// A difference between scores: one decimal.
    fn diff(&self, x: f64) -> String {
        self.lang.num(x, 1)
    }

    /// A score as shown, or a dash.
    pub fn opt<T: Borrow<Option<f64>>>(&self, x: T) -> String {
        x.borrow()
            .map(|v| self.num(v))
            .unwrap_or_else(|| "–".into())
    }

    fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    fn placement(&self, score: f64, interval: Option<Interval>) -> (String, Option<String>) {
        let level = self.scale.level_of(score);
        let plain = self
            .lang
            .t_args("report-step", &[("level", arg_count(level.into()))]);
        let uncertain = interval.filter(|i| i.crosses_step(self.scale)).map(|i| {
            self.lang.t_args(
                "report-step-interval",
                &[
                    ("level", arg_count(level.into())),
                    ("lo", arg_text(self.num(i.lo))),
                    ("hi", arg_text(self.num(i.hi))),
                ],
            )
        });
        (uncertain.clone().unwrap_or(plain), uncertain)
    }

    fn staircase_section(&mut self, a: &Analysis, idx: usize, all: Option<&GroupBenchmark>) {
        let model = &a.results.model;
        let code = self.lang.code();
        let level_name = |l: u8| {
            model
                .level(l)
                .map(|x| x.name.get(code).to_string())
                .unwrap_or_default()
        };
        let o = &a.results.orgs[idx];
        let Some(score) = o.result.overall else {
            return;
        };
        let (_, uncertain) = self.placement(score.score, a.intervals[idx].overall);
        self.overall = Some(OverallLine {
            score: score.score,
            level: score.level,
            level_name: level_name(score.level),
            uncertain,
        });
        // The organisation first, so it stands on its step and peers stack above it.
        let mut dots = vec![(score.score, self.name.clone(), true)];
        if all.is_some() {
            // Peers by score (ties by a per-round key), never in the order of their
            // names: the order of the dots would otherwise name them (issue 13, item 5).
            let mut peers: Vec<(i64, f64)> = a
                .scored
                .iter()
                .filter(|s| s.org_id != self.org_id)
                .filter(|s| all.is_some_and(|g| g.members.contains(&s.org_id)))
                .filter_map(|s| Some((s.org_id, s.overall?)))
                .collect();
            benchmark::anonymous_order(a.results.round.id, &mut peers);
            dots.extend(peers.into_iter().map(|(_, x)| (x, String::new(), false)));
        }
        let st = Staircase::new(model, code, &dots);
        self.own_label = st.own_label();
        self.staircase = Some(st);
        let mut summary = self.lang.t_args(
            "report-stair-summary",
            &[
                ("name", arg_text(self.name.clone())),
                ("level", arg_count(score.level.into())),
                ("level_name", arg_text(level_name(score.level))),
                ("score", arg_text(self.num(score.score))),
            ],
        );
        summary.push(' ');
        summary.push_str(&match all {
            Some(_) => self
                .lang
                .t_args("report-stair-peers", &[("n", arg_count(dots.len() - 1))]),
            None => self.lang.t_args(
                "report-stair-no-peers",
                &[("min", FluentValue::from(a.results.round.min_orgs as f64))],
            ),
        });
        self.stair_summary = summary;
        let counts = all.and_then(|g| g.overall.as_ref()).map(|s| &s.levels);
        self.stair_rows = model
            .levels
            .iter()
            .map(|l| StairRow {
                level: l.level,
                name: l.name.get(code).to_string(),
                here: l.level == score.level,
                count: counts.and_then(|c| {
                    c.get(usize::from(l.level.checked_sub(model.scale.min)?))
                        .copied()
                }),
            })
            .collect();
    }

    fn dimension_section(
        &mut self,
        a: &Analysis,
        idx: usize,
        own: &[Option<f64>],
        means: &[Option<f64>],
        bests: &[Option<f64>],
        names: &[String],
    ) {
        let intervals = &a.intervals[idx].dimensions;
        let mut inputs = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let score = own[i];
            let interval = intervals.get(i).copied().flatten();
            let placement = match score {
                Some(x) => self.placement(x, interval).0,
                None => self.t("no-score"),
            };
            self.dims.push(DimLine {
                name: name.clone(),
                score,
                interval: interval
                    .map(|i| format!("{}–{}", self.num(i.lo), self.num(i.hi)))
                    .unwrap_or_else(|| "–".into()),
                placement,
                mean: means[i],
                best: bests[i],
            });
            inputs.push(DimensionInput {
                label: name.clone(),
                score,
                interval: interval.map(|i| (i.lo, i.hi)),
                mean: means[i],
                best: bests[i],
                value: self.opt(score),
            });
        }
        self.dim_chart = Some(DimensionBars::new(
            &inputs,
            [
                self.t("report-legend-score"),
                self.t("report-legend-interval"),
                self.t("report-legend-mean"),
                self.t("report-legend-best"),
            ],
            self.scale.max,
        ));
        let scored: Vec<(usize, f64)> = own
            .iter()
            .enumerate()
            .filter_map(|(i, x)| Some((i, (*x)?)))
            .collect();
        let hi = scored
            .iter()
            .copied()
            .reduce(|m, x| if x.1 > m.1 { x } else { m });
        let lo = scored
            .iter()
            .copied()
            .reduce(|m, x| if x.1 < m.1 { x } else { m });
        if let (Some(hi), Some(lo)) = (hi, lo) {
            self.dim_summary = if self.num(hi.1) == self.num(lo.1) {
                self.lang
                    .t_args("report-all-equal", &[("score", arg_text(self.num(hi.1)))])
            } else {
                self.lang.t_args(
                    "report-dims-summary",
                    &[
                        ("high", arg_text(names[hi.0].clone())),
                        ("high_score", arg_text(self.num(hi.1))),
                        ("low", arg_text(names[lo.0].clone())),
                        ("low_score", arg_text(self.num(lo.1))),
                    ],
                )
            };
            if self.peers_shown {
                // Above as a strength is: by 0,1 or more.
                let above = benchmark::strengths(own, means).len();
                self.dim_summary.push(' ');
                self.dim_summary.push_str(&self.lang.t_args(
                    "report-dims-above",
                    &[("above", arg_count(above)), ("n", arg_count(names.len()))],
                ));
            }
        }
    }

    fn radar_section(
        &mut self,
        own: &[Option<f64>],
        means: &[Option<f64>],
        bests: &[Option<f64>],
        names: &[String],
    ) {
        let mut series = vec![("own", self.name.clone(), own.to_vec())];
        if self.peers_shown {
            series.push(("peer-mean", self.t("report-legend-mean"), means.to_vec()));
            series.push(("peer-best", self.t("report-legend-best"), bests.to_vec()));
        }
        self.radar = Radar::new(names, &series, self.scale).filter(|r| !r.series.is_empty());
        self.radar_summary = if self.radar.is_none() {
            self.t("report-radar-none")
        } else if self.peers_shown {
            self.lang.t_args(
                "report-radar-summary",
                &[
                    ("name", arg_text(self.name.clone())),
                    ("n", arg_count(names.len())),
                ],
            )
        } else {
            self.lang.t_args(
                "report-radar-summary-alone",
                &[
                    ("name", arg_text(self.name.clone())),
                    ("n", arg_count(names.len())),
                ],
            )
        };
    }

    fn strengths_and_gaps(
        &mut self,
        own: &[Option<f64>],
        means: &[Option<f64>],
        bests: &[Option<f64>],
        names: &[String],
    ) {
        if !self.peers_shown {
            return;
        }
        self.strengths = benchmark::strengths(own, means)
            .into_iter()
            .take(TOP)
            .map(|(i, d)| {
                self.lang.t_args(
                    "report-strength",
                    &[
                        ("dim", arg_text(names[i].clone())),
                        ("diff", arg_text(self.diff(d))),
                        ("score", arg_text(self.opt(own[i]))),
                        ("mean", arg_text(self.opt(means[i]))),
                    ],
                )
            })
            .collect();
        self.gaps = benchmark::gaps(own, bests)
            .into_iter()
            .take(TOP)
            .map(|(i, d)| {
                self.lang.t_args(
                    "report-gap",
                    &[
                        ("dim", arg_text(names[i].clone())),
                        ("diff", arg_text(self.diff(d))),
                        ("score", arg_text(self.opt(own[i]))),
                        ("best", arg_text(self.opt(bests[i]))),
                    ],
                )
            })
            .collect();
    }

    fn traits_section(
        &mut self,
        a: &Analysis,
        o: &OrgResults,
        p: &PeerProfiles,
        group: Option<&GroupBenchmark>,
    ) {
        let model = &a.results.model;
        let code = self.lang.code();
        let own = p
            .traits_of(self.org_id)
            .map(<[Option<f64>]>::to_vec)
            .unwrap_or_else(|| benchmark::trait_scores(model, &o.answers()));
        // The mean of the other organisations' trait scores (those with results).
        let peers: Vec<Option<f64>> = if self.peers_shown {
            (0..model.traits.len())
                .map(|t| {
                    mean_of(
                        p.traits
                            .iter()
                            .filter(|(id, _)| *id != self.org_id)
                            .filter(|(id, _)| group.is_some_and(|g| g.members.contains(id)))
                            .filter_map(|(_, x)| x.get(t).copied().flatten()),
                    )
                })
                .collect()
        } else {
            vec![None; model.traits.len()]
        };
        self.traits = model
            .traits
            .iter()
            .enumerate()
            .map(|(i, t)| PairLine {
                name: t.name.get(code).to_string(),
                own: own.get(i).copied().flatten(),
                peers: peers[i],
            })
            .collect();
        if !self
            .traits
            .iter()
            .any(|t| t.own.is_some() || t.peers.is_some())
        {
            return;
        }
        let rows = self.pair_rows(&self.traits);
        self.trait_chart = Some(Bars::new("traits", &rows, &self.pair_series()));
        self.trait_summary = self.pair_summary("report-traits-summary", &self.traits);
    }

    fn pair_rows(&self, lines: &[PairLine]) -> Vec<BarsInput> {
        lines
            .iter()
            .map(|l| {
                let mut values = vec![(l.own, self.opt(l.own))];
                if self.peers_shown {
                    values.push((l.peers, self.opt(l.peers)));
                }
                BarsInput {
                    label: l.name.clone(),
                    values,
                }
            })
            .collect()
    }

    fn pair_series(&self) -> Vec<String> {
        let mut series = vec![self.name.clone()];
        if self.peers_shown {
            series.push(self.t("report-peers"));
        }
        series
    }

    /// "Highest: X (3,4); lowest: Y (2,1)." over the organisation's own values.
    fn pair_summary(&self, key: &str, lines: &[PairLine]) -> String {
        let valued: Vec<(&PairLine, f64)> =
            lines.iter().filter_map(|l| Some((l, l.own?))).collect();
        let hi = valued
            .iter()
            .copied()
            .reduce(|m, x| if x.1 > m.1 { x } else { m });
        let lo = valued
            .iter()
            .copied()
            .reduce(|m, x| if x.1 < m.1 { x } else { m });
        match (hi, lo) {
            (Some(hi), Some(lo)) if self.num(hi.1) == self.num(lo.1) => self
                .lang
                .t_args("report-all-equal", &[("score", arg_text(self.num(hi.1)))]),
            (Some(hi), Some(lo)) => self.lang.t_args(
                key,
                &[
                    ("high", arg_text(hi.0.name.clone())),
                    ("high_score", arg_text(self.num(hi.1))),
                    ("low", arg_text(lo.0.name.clone())),
                    ("low_score", arg_text(self.num(lo.1))),
                ],
            ),
            _ => self.t("report-no-values"),
        }
    }

    fn barriers_section(
        &mut self,
        a: &Analysis,
        o: &OrgResults,
        p: &PeerProfiles,
        group: Option<&GroupBenchmark>,
    ) {
        let model = &a.results.model;
        let code = self.lang.code();
        let min = usize::try_from(a.results.round.min_responses).unwrap_or(1);
        let own_ratings: Vec<_> = o.responses.iter().map(|r| &r.barriers).collect();
        let own = benchmark::barrier_means(model, &own_ratings);
        let peers = if let Some(g) = group.filter(|g| g.key != GroupKey::All) {
            // The selected group's organisations with results, all their respondents.
            let ratings: Vec<_> = a
                .results
                .orgs
                .iter()
                .filter(|x| !x.result.withheld && g.members.contains(&x.participant.org_id))
                .flat_map(|x| x.responses.iter().map(|r| &r.barriers))
                .collect();
            benchmark::barrier_means(model, &ratings)
        } else if self.peers_shown {
            p.barriers.clone()
        } else {
            vec![(None, 0); model.barriers.items.len()]
        };
        let mut lines: Vec<BarrierLine> = model
            .barriers
            .items
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let (mean, count) = own.get(i).copied().unwrap_or((None, 0));
                // Rated by independent respondents at least the round's minimum times:
                // made-up ratings must not single out a real one.
                let independent = o
                    .responses
                    .iter()
                    .filter(|r| r.independent && r.barriers.contains_key(&b.id))
                    .count();
                BarrierLine {
                    name: b.name.get(code).to_string(),
                    // A barrier rated by fewer than the round's minimum stays hidden.
                    own: mean.filter(|_| count >= min && independent >= min),
                    own_n: count,
                    peers: peers.get(i).and_then(|p| p.0),
                }
            })
            .collect();
        // Ranked by the organisation's own mean, highest first; unrated last.
        lines.sort_by(|x, y| {
            y.own
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&x.own.unwrap_or(f64::NEG_INFINITY))
        });
        self.barriers = lines;
        if !self
            .barriers
            .iter()
            .any(|b| b.own.is_some() || b.peers.is_some())
        {
            self.barrier_summary = self.t("report-no-values");
            return;
        }
        let pairs: Vec<PairLine> = self
            .barriers
            .iter()
            .map(|b| PairLine {
                name: b.name.clone(),
                own: b.own,
                peers: b.peers,
            })
            .collect();
        let rows = self.pair_rows(&pairs);
        self.barrier_chart = Some(Bars::new("barriers", &rows, &self.pair_series()));
        self.barrier_summary = self.pair_summary("report-barriers-summary", &pairs);
    }

    fn role_gap_section(&mut self, model: &Model, o: &OrgResults, names: &[String]) {
        let rs: Vec<(Option<&str>, &trappe_core::Answers)> = o
            .responses
            .iter()
            .map(|r| (r.role.as_deref(), &r.answers))
            .collect();
        let Some(g) = benchmark::role_gap(model, &rs) else {
            return;
        };
        // Each group needs its minimum in independent responses: four made-up leaders
        // beside one real one would otherwise show that one's scores.
        let independent = |group: trappe_core::model::RoleGroup| {
            o.responses
                .iter()
                .filter(|r| r.independent)
                .filter(|r| {
                    r.role
                        .as_deref()
                        .and_then(|id| model.role(id))
                        .is_some_and(|role| role.group == group)
                })
                .count()
        };
        if independent(trappe_core::model::RoleGroup::Leader) < benchmark::ROLE_GAP_MIN
            || independent(trappe_core::model::RoleGroup::Employee) < benchmark::ROLE_GAP_MIN
        {
            return;
        }
        self.role_gap_text = self.lang.t_args(
            "report-role-gap-lead",
            &[
                ("leaders", arg_count(g.leaders)),
                ("employees", arg_count(g.employees)),
            ],
        );
        self.role_gap = Some(RoleGapView {
            leaders: g.leaders,
            employees: g.employees,
            lines: g
                .dimensions
                .iter()
                .zip(names)
                .map(|(&(l, e), name)| RoleGapLine {
                    name: name.clone(),
                    leaders: l,
                    employees: e,
                    gap: match (l, e) {
                        (Some(l), Some(e)) => {
                            let d = self.diff(l - e);
                            if l - e > 0.05 {
                                format!("+{d}")
                            } else {
                                d
                            }
                        }
                        _ => "–".into(),
                    },
                })
                .collect(),
        });
    }

    fn trend_section(
        &mut self,
        current: &Round,
        model: &Model,
        trend: &[(Round, OrgResult)],
        names: &[String],
    ) {
        self.trend_dim_names = names.to_vec();
        // Rounds up to this one: a report of an old round does not show the future.
        self.trend = trend
            .iter()
            .filter(|(r, _)| (r.created_at, r.id) <= (current.created_at, current.id))
            .map(|(r, res)| TrendLine {
                round_name: r.name.clone(),
                current: r.id == current.id,
                withheld: res.withheld,
                withheld_text: self.lang.t_args(
                    "n-of-min",
                    &[
                        ("n", arg_count(res.independent)),
                        ("min", FluentValue::from(r.min_responses as f64)),
                    ],
                ),
                overall: res.overall.map(|s| s.score),
                level: res.overall.map(|s| s.level),
                dims: model
                    .dimensions
                    .iter()
                    .map(|d| {
                        res.dimensions
                            .iter()
                            .find(|x| x.id == d.id)
                            .and_then(|x| x.score.map(|s| s.score))
                    })
                    .collect(),
            })
            .collect();
        if self.trend.len() < 2 {
            self.trend_summary = self.t("report-trend-first");
            return;
        }
        let rows: Vec<BarsInput> = self
            .trend
            .iter()
            .map(|t| BarsInput {
                label: t.round_name.clone(),
                values: vec![(
                    t.overall,
                    if t.withheld {
                        t.withheld_text.clone()
                    } else {
                        self.opt(t.overall)
                    },
                )],
            })
            .collect();
        self.trend_chart = Some(Bars::new("trend", &rows, &[self.t("overall-score")]));
        let shown: Vec<&TrendLine> = self.trend.iter().filter(|t| t.overall.is_some()).collect();
        self.trend_summary = match (shown.first(), shown.last()) {
            (Some(f), Some(l)) if shown.len() >= 2 => self.lang.t_args(
                "report-trend-summary",
                &[
                    ("first_round", arg_text(f.round_name.clone())),
                    ("first", arg_text(self.opt(f.overall))),
                    ("last_round", arg_text(l.round_name.clone())),
                    ("last", arg_text(self.opt(l.overall))),
                ],
            ),
            _ => self.t("report-no-values"),
        };
    }
}

/// A CSS string literal: every character but letters, digits, space and plain
/// punctuation as a hex escape, so no name can end the string or the style element.
/// The printed page's margins (A4): the organisation, round and date at the foot,
/// "Side 2 af 5" at the right. One source for `trappe report --pdf` and for printing
/// the report page from the browser.
pub fn page_css(lang: Lang, name: &str, round_name: &str, date: &str) -> String {
    let footer = format!("{name} · {round_name} · {date}");
    // "Side \1 af \2" -> "Side " counter(page) " af " counter(pages).
    let text = lang.t_args(
        "report-page-of",
        &[("page", arg_text("\u{1}")), ("pages", arg_text("\u{2}"))],
    );
    let mut pages = String::new();
    for (i, part) in text.split('\u{1}').enumerate() {
        if i > 0 {
            pages.push_str(" counter(page) ");
        }
        for (j, bit) in part.split('\u{2}').enumerate() {
            if j > 0 {
                pages.push_str(" counter(pages) ");
            }
            if !bit.is_empty() {
                pages.push_str(&css_string(bit));
            }
        }
    }
    format!(
        "@page {{ @bottom-left {{ content: {}; font: 8pt sans-serif; color: #444; }} \
         @bottom-right {{ content: {pages}; font: 8pt sans-serif; color: #444; }} }}",
        css_string(&footer)
    )
}

fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_alphanumeric() && c.is_ascii() || " .,:-()".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:06X}", c as u32));
        }
    }
    out.push('"');
    out
}

/// The report as one self-contained HTML file: the stylesheet inlined, charts inline
/// SVG, no links to this server's static files.
#[derive(Template)]
#[template(path = "measurement/report_standalone.html")]
struct StandaloneReport<'a> {
    ctx: Ctx,
    r: &'a ReportView,
    css: &'a str,
}

impl ReportView {
    /// A chart's size (width, height), when the report draws it.
    pub fn chart_size(&self, chart: &str) -> Option<(f64, f64)> {
        let bars = |b: &Option<crate::kit::charts::Bars>| b.as_ref().map(|c| (c.width, c.height));
        match chart {
            "stair" => self
                .staircase
                .as_ref()
                .map(|c| (c.width as f64, c.height as f64)),
            "dims" => self.dim_chart.as_ref().map(|c| (c.width, c.height)),
            "radar" => self.radar.as_ref().map(|c| (c.width, c.height)),
            "traits" => bars(&self.trait_chart),
            "barriers" => bars(&self.barrier_chart),
            "trend" => bars(&self.trend_chart),
            _ => None,
        }
    }

    /// Where a chart of this report (with its peer group) is downloaded.
    pub fn chart_url(&self, chart: &str, ext: &str) -> String {
        use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
        format!(
            "/admin/rounds/{}/orgs/{}/report/charts/{chart}.{ext}?peers={}",
            self.round_id,
            self.org_id,
            utf8_percent_encode(&self.peer_code, NON_ALPHANUMERIC)
        )
    }

    /// "Kilde: Trappe, Måling 2026, Testby Kommune, 03.12.2026": inside a downloaded chart.
    pub fn chart_source(&self) -> String {
        self.lang.t_args(
            "chart-source",
            &[
                ("round", arg_text(self.round_name.clone())),
                ("org", arg_text(self.name.clone())),
                ("date", arg_text(self.date.clone())),
            ],
        )
    }
}

impl ReportView {
    /// Adds the short channel section from the organisation's contact cube, prices and
    /// targets (nothing when it has no contacts).
    pub fn add_channels(
        &mut self,
        cube: &trappe_core::contacts::Cube,
        prices: &trappe_core::contacts::channel_page::Prices,
        targets: &[trappe_core::contacts::channel_page::Target],
    ) {
        let page = trappe_core::contacts::channel_page::ChannelPage::new(cube, prices, targets);
        self.channels =
            crate::contacts::channel_view::ChannelSummary::new(self.lang, self.org_id, &page);
    }
}

impl ReportView {
    /// Adds the respondents' own words (`Store::own_barriers`, of this organisation or
    /// the whole round): only when the organisation's results are shown, i.e. it has the
    /// round's minimum of independent responses; without role or order (sorted by text).
    pub fn add_own_words(&mut self, texts: &[(i64, String)]) {
        if self.withheld {
            return;
        }
        let mut words: Vec<String> = texts
            .iter()
            .filter(|(o, _)| *o == self.org_id)
            .map(|(_, t)| t.clone())
            .collect();
        words.sort_unstable();
        self.own_words = words;
    }
}

pub fn standalone_html(r: &ReportView) -> Result<String, askama::Error> {
    StandaloneReport {
        ctx: Ctx {
            lang: r.lang,
            session: None,
            here: String::new(),
        },
        r,
        css: CSS,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `report-` messages of a catalogue: (key, text of its first line).
    fn messages(src: &str) -> Vec<(&str, &str)> {
        let at = src.find("\n# report\n").expect("a `# report` section");
        src[at..]
            .lines()
            .filter_map(|l| l.split_once(" = "))
            .filter(|(k, _)| k.starts_with("report-"))
            .collect()
    }

    #[test]
    fn every_report_message_is_in_both_languages() {
        let da = messages(include_str!("../../i18n/da/main.ftl"));
        let en = messages(include_str!("../../i18n/en/main.ftl"));
        assert!(da.len() > 50);
        let names = |m: &[(&str, &str)]| m.iter().map(|x| x.0.to_string()).collect::<Vec<_>>();
        assert_eq!(names(&da), names(&en));
        // Messages without arguments resolve (those with arguments need them).
        for (k, text) in da.iter().filter(|(_, t)| !t.contains('$')) {
            assert_eq!(Lang::Da.t(k), *text, "{k}");
        }
        for (k, text) in en.iter().filter(|(_, t)| !t.contains('$')) {
            assert_eq!(Lang::En.t(k), *text, "{k}");
        }
        let t = Lang::Da.t_args(
            "report-step-interval",
            &[
                ("level", arg_count(3)),
                ("lo", arg_text("2,8")),
                ("hi", arg_text("3,4")),
            ],
        );
        assert_eq!(t, "trin 3 (2,8 til 3,4)");
    }
}
