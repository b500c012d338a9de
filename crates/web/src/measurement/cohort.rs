//! The organiser's view of a round's cohort: every organisation on the staircase, the
//! distribution per step, each dimension's spread, the barriers ranked, the peer groups,
//! and a table of all organisations sortable by any column (server-side, no script).

use crate::kit::charts::Staircase;
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::{Ctx, Organiser};
use crate::measurement::analyses::{progress_page, Prepared};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use trappe_core::benchmark::{barrier_means, GroupKey, Stats};
use trappe_core::model::Scale;
use trappe_core::Model;
use trappe_store::{Org, Round};

pub struct CohortRow {
    pub org_id: i64,
    pub name: String,
    pub kind: String,
    pub complete: i64,
    /// Shown responses that count toward the minimum.
    pub independent: usize,
    pub withheld: bool,
    pub overall: Option<f64>,
    pub level: Option<u8>,
    pub dims: Vec<Option<f64>>,
}

pub struct SpreadLine {
    pub name: String,
    pub stats: Option<Stats>,
    /// Lowest and highest score: for the organiser only, who sees every organisation's
    /// scores in the table anyway (group figures never carry min and max).
    pub range: Option<(f64, f64)>,
}

pub struct BarrierLine {
    pub name: String,
    pub mean: Option<f64>,
    pub n: usize,
}

pub struct GroupLine {
    pub key: GroupKey,
    pub n: usize,
    pub withheld: bool,
    /// Withheld for its size (else for what it would give away of a smaller group).
    pub too_small: bool,
    pub overall: Option<Stats>,
}

/// A sortable column header.
pub struct Column {
    pub key: String,
    pub label: String,
    pub numeric: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/round.html")]
pub struct RoundPage {
    ctx: Ctx,
    round: Round,
    model: Model,
    columns: Vec<Column>,
    rows: Vec<CohortRow>,
    sort: String,
    desc: bool,
    orgs: Vec<Org>,
    staircase: Option<Staircase>,
    distribution: Option<Vec<usize>>,
    spreads: Vec<SpreadLine>,
    barriers: Vec<BarrierLine>,
    /// The respondents' own words per organisation with shown results (name, texts
    /// sorted by content), for the organiser.
    own_words: Vec<(String, Vec<String>)>,
    /// The staircase's filters (all, each kind, each tag) and the shown organisations'
    /// count per step and median.
    stair_filters: Vec<StairFilter>,
    stair_stats: Option<Stats>,
    /// The filter as the chart downloads' query ("" or "?stairs=…").
    stairs_query: String,
    groups: Vec<GroupLine>,
    /// While the round is open: when its results change.
    shown_note: Option<String>,
    /// The deadline in long form, and as typed into the form (YYYY-MM-DD or empty).
    deadline_long: Option<String>,
    deadline_iso: String,
}

impl RoundPage {
    fn level_name(&self, level: &u8) -> String {
        self.model
            .level(*level)
            .map(|l| l.name.get(self.ctx.code()).to_string())
            .unwrap_or_default()
    }
    /// The link that sorts by `key`: the other direction when already sorted by it.
    fn sort_link(&self, key: &str) -> String {
        let dir = if self.sort == key && !self.desc {
            "desc"
        } else {
            "asc"
        };
        format!(
            "/admin/rounds/{}?sort={key}&dir={dir}#cohort",
            self.round.id
        )
    }
    fn aria_sort(&self, key: &str) -> &'static str {
        match (self.sort == key, self.desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
    /// x position of a score on the spread chart: the model's scale (1 to 5, or 0 to 3
    /// for SAMM) over the same 300 px.
    fn x(&self, v: &f64) -> String {
        let Scale { min, max } = self.model.scale;
        let span = f64::from(max.saturating_sub(min).max(1));
        format!("{:.1}", 190.0 + (v - f64::from(min)) * 300.0 / span)
    }
    /// The spread chart's ticks: each step of the model's scale with its x position.
    fn ticks(&self) -> Vec<(u8, String)> {
        self.model
            .scale
            .steps()
            .map(|l| (l, self.x(&f64::from(l))))
            .collect()
    }
    fn group_label(&self, key: &GroupKey) -> String {
        match key {
            GroupKey::All => self.ctx.t("group-all"),
            GroupKey::Kind(k) => self.ctx.tv("kind", k),
            GroupKey::Tag(t) => t.clone(),
        }
    }
}

#[derive(Deserialize)]
pub struct SortQuery {
    sort: Option<String>,
    dir: Option<String>,
    /// The staircase's filter: `kind:NAME` or `tag:NAME` (all when absent).
    stairs: Option<String>,
}

/// A choice of the staircase's filter.
pub struct StairFilter {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// Whether the staircase filtered by `stairs` (`kind:NAME`, `tag:NAME`, or empty for
/// all) shows the organisation.
fn in_stairs(o: &trappe_store::OrgResults, stairs: &str) -> bool {
    match stairs.split_once(':') {
        Some(("kind", k)) => o.participant.kind == k,
        Some(("tag", t)) => o.tags.iter().any(|x| x == t),
        _ => true,
    }
}

/// The staircase's dots of a filter: (score, organisation, false) of each scored one.
fn stair_dots(r: &trappe_store::RoundResults, stairs: &str) -> Vec<(f64, String, bool)> {
    r.orgs
        .iter()
        .filter(|o| in_stairs(o, stairs))
        .filter_map(|o| {
            o.result
                .overall
                .map(|s| (s.score, o.participant.name.clone(), false))
        })
        .collect()
}

#[derive(Deserialize)]
pub struct StairsQuery {
    stairs: Option<String>,
}

/// The cohort's staircase as a file (`stair.svg` or `stair.png`) for the organiser, of
/// the same filter as the page, with the round, the filter and how many organisations it
/// shows in the source line. A filter that shows nobody has no chart.
pub async fn chart(
    State(state): State<AppState>,
    who: Organiser,
    Path((id, file)): Path<(i64, String)>,
    Query(q): Query<StairsQuery>,
) -> AppResult<Response> {
    let ext = match file.as_str() {
        "stair.svg" => "svg",
        "stair.png" => "png",
        _ => return Err(AppError::NotFound),
    };
    let a = match state.prepared_analysis(id).await? {
        Prepared::Ready(a) => a,
        Prepared::Running(_) => return Err(AppError::NotFound),
    };
    let stairs = q.stairs.unwrap_or_default();
    let r = &a.results;
    let dots = stair_dots(r, &stairs);
    if dots.is_empty() {
        return Err(AppError::NotFound);
    }
    who.audit(
        &state.store,
        "results_viewed",
        Some(&format!("round {id}")),
        Some("chart"),
    )
    .await?;
    let group = match stairs.split_once(':') {
        Some(("kind", k)) => who.ctx.tv("kind", k),
        Some(("tag", t)) => t.to_string(),
        _ => who.ctx.t("group-all"),
    };
    let lang = who.ctx.lang;
    let source = vec![lang.t_args(
        "cohort-chart-source",
        &[
            ("round", r.round.name.clone().into()),
            ("group", group.into()),
            ("n", (dots.len() as i64).into()),
            ("date", lang.date(chrono::Utc::now().timestamp()).into()),
        ],
    )];
    let st = Staircase::new(&r.model, who.ctx.code(), &dots);
    let svg = crate::measurement::chart_files::stair_svg(who.ctx, st, source)
        .ok_or(AppError::NotFound)?;
    crate::measurement::chart_files::download(&format!("trappe-{id}-trappen"), ext, svg).await
}

fn sort_rows(rows: &mut [CohortRow], model: &Model, key: &str, desc: bool) {
    let dim = key
        .strip_prefix("dim:")
        .and_then(|id| model.dimensions.iter().position(|d| d.id == id));
    // Organisations without a score sort last in either direction.
    let num = |r: &CohortRow| -> Option<f64> {
        match (key, dim) {
            (_, Some(d)) => r.dims.get(d).copied().flatten(),
            ("overall", _) => r.overall,
            ("responses", _) => Some(r.complete as f64),
            _ => None,
        }
    };
    rows.sort_by(|a, b| {
        let ord = match key {
            "name" => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            "kind" => a.kind.cmp(&b.kind),
            _ => match (num(a), num(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => return std::cmp::Ordering::Less,
                (None, Some(_)) => return std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
        };
        let ord = if desc { ord.reverse() } else { ord };
        ord.then_with(|| a.name.cmp(&b.name))
    });
}

pub async fn round_page(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
    Query(q): Query<SortQuery>,
) -> AppResult<Response> {
    let a = match state.prepared_analysis(id).await? {
        Prepared::Ready(a) => a,
        Prepared::Running(p) => return Ok(progress_page(who.ctx, p)),
    };
    who.audit(
        &state.store,
        "results_viewed",
        Some(&format!("round {id}")),
        None,
    )
    .await?;
    let r = &a.results;
    let model = &r.model;
    let lang = who.ctx.code();
    // The staircase of all organisations, or of one kind or tag (the organiser sees
    // every organisation's score in the table anyway).
    let stairs = q.stairs.clone().unwrap_or_default();
    let in_filter = |o: &trappe_store::OrgResults| in_stairs(o, &stairs);
    let mut filters = vec![StairFilter {
        code: String::new(),
        label: who.ctx.t("group-all"),
        selected: stairs.is_empty(),
    }];
    let mut kinds: Vec<&str> = r.orgs.iter().map(|o| o.participant.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut tags: Vec<&str> = r
        .orgs
        .iter()
        .flat_map(|o| o.tags.iter().map(String::as_str))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    for (code, label) in kinds
        .iter()
        .map(|k| (format!("kind:{k}"), who.ctx.tv("kind", k)))
        .chain(tags.iter().map(|t| (format!("tag:{t}"), t.to_string())))
    {
        filters.push(StairFilter {
            selected: code == stairs,
            code,
            label,
        });
    }
    let shown_scores: Vec<f64> = r
        .orgs
        .iter()
        .filter(|o| in_filter(o))
        .filter_map(|o| o.result.overall.map(|s| s.score))
        .collect();
    let stair_stats = trappe_core::benchmark::stats(r.model.scale, &shown_scores, 1);
    let dots = stair_dots(r, &stairs);
    let stairs_query = if stairs.is_empty() {
        String::new()
    } else {
        format!(
            "?stairs={}",
            percent_encoding::utf8_percent_encode(&stairs, percent_encoding::NON_ALPHANUMERIC)
        )
    };
    let staircase = (!dots.is_empty()).then(|| Staircase::new(model, lang, &dots));

    let mut rows: Vec<CohortRow> = r
        .orgs
        .iter()
        .map(|o| CohortRow {
            org_id: o.participant.org_id,
            name: o.participant.name.clone(),
            kind: o.participant.kind.clone(),
            complete: o.participant.complete,
            independent: o.result.independent,
            withheld: o.result.withheld,
            overall: o.result.overall.map(|s| s.score),
            level: o.result.overall.map(|s| s.level),
            dims: o
                .result
                .dimensions
                .iter()
                .map(|d| d.score.map(|s| s.score))
                .collect(),
        })
        .collect();
    let mut columns = vec![
        Column {
            key: "name".into(),
            label: who.ctx.t("organisation"),
            numeric: false,
        },
        Column {
            key: "kind".into(),
            label: who.ctx.t("org-kind"),
            numeric: false,
        },
        Column {
            key: "responses".into(),
            label: who.ctx.t("complete-responses"),
            numeric: true,
        },
        Column {
            key: "overall".into(),
            label: who.ctx.t("overall-score"),
            numeric: true,
        },
    ];
    columns.extend(model.dimensions.iter().map(|d| Column {
        key: format!("dim:{}", d.id),
        label: d.name.get(lang).to_string(),
        numeric: true,
    }));
    let sort = q
        .sort
        .filter(|s| columns.iter().any(|c| &c.key == s))
        .unwrap_or_else(|| "name".into());
    let desc = q.dir.as_deref() == Some("desc");
    sort_rows(&mut rows, model, &sort, desc);

    let all = a.all_group();
    let spreads = model
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| SpreadLine {
            name: d.name.get(lang).to_string(),
            stats: all.and_then(|g| g.dimensions.get(i).cloned().flatten()),
            range: a
                .scored
                .iter()
                .filter_map(|s| s.dimensions.get(i).copied().flatten())
                .fold(None, |r: Option<(f64, f64)>, x| {
                    Some(r.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x))))
                }),
        })
        .collect();
    // Barriers across the cohort: every respondent of an organisation with results.
    let ratings: Vec<&HashMap<String, u8>> = r
        .orgs
        .iter()
        .filter(|o| !o.result.withheld)
        .flat_map(|o| o.responses.iter().map(|x| &x.barriers))
        .collect();
    let mut barriers: Vec<BarrierLine> = if all.is_some() {
        model
            .barriers
            .items
            .iter()
            .zip(barrier_means(model, &ratings))
            .map(|(b, (mean, n))| BarrierLine {
                name: b.name.get(lang).to_string(),
                mean,
                n,
            })
            .collect()
    } else {
        Vec::new()
    };
    barriers.sort_by(|x, y| y.mean.unwrap_or(0.0).total_cmp(&x.mean.unwrap_or(0.0)));
    let groups = a
        .groups
        .iter()
        .map(|g| GroupLine {
            key: g.key.clone(),
            n: g.n,
            withheld: g.withheld,
            too_small: i64::try_from(g.n).unwrap_or(i64::MAX) < r.round.min_orgs,
            overall: g.overall.clone(),
        })
        .collect();
    // The respondents' own words: only of organisations whose results are shown.
    let texts = state.store.own_barriers(id, None).await?;
    let own_words: Vec<(String, Vec<String>)> = r
        .orgs
        .iter()
        .filter(|o| !o.result.withheld)
        .filter_map(|o| {
            let words: Vec<String> = texts
                .iter()
                .filter(|(org, _)| *org == o.participant.org_id)
                .map(|(_, t)| t.clone())
                .collect();
            (!words.is_empty()).then(|| (o.participant.name.clone(), words))
        })
        .collect();
    // Fresh: the status changes without the results changing.
    let round = state
        .store
        .round(id)
        .await?
        .unwrap_or_else(|| r.round.clone());
    let deadline_iso = round
        .deadline
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    Ok(RoundPage {
        deadline_long: round
            .deadline
            .map(|_| trappe_core::deadline::long_date(&deadline_iso, who.ctx.code())),
        deadline_iso,
        shown_note: super::results::shown_note(&who.ctx, &round),
        round,
        distribution: all.and_then(|g| g.overall.as_ref().map(|s| s.levels.clone())),
        staircase,
        columns,
        rows,
        sort,
        desc,
        orgs: state.store.orgs().await?,
        spreads,
        barriers,
        own_words,
        stair_filters: filters,
        stair_stats,
        stairs_query,
        groups,
        model: model.clone(),
        ctx: who.ctx,
    }
    .into_response())
}
