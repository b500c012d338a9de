//! A round's participation: per organisation invited, started, completed and the rate,
//! sortable and filterable without script, a chart of completions per day with its
//! table, and CSV/XLSX downloads. The organiser sees every organisation; an
//! organisation's contact sees its own row, its own completions per day, and the
//! network's total only when enough other organisations take part that the total
//! cannot be used to isolate one of them by subtraction.

use crate::access::{OrgEditor, Organiser};
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::measurement::export_view::{self, Cell, Locale};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use trappe_store::{rate, Participation, Round};

/// The columns the table sorts by.
const SORT_KEYS: [&str; 6] = ["name", "kind", "invited", "started", "completed", "rate"];

#[derive(Deserialize, Default)]
pub struct Filter {
    sort: Option<String>,
    dir: Option<String>,
    kind: Option<String>,
    tag: Option<String>,
    locale: Option<String>,
}

impl Filter {
    fn sort(&self) -> &str {
        self.sort
            .as_deref()
            .filter(|s| SORT_KEYS.contains(s))
            .unwrap_or("name")
    }
    fn desc(&self) -> bool {
        self.dir.as_deref() == Some("desc")
    }
    fn kind(&self) -> Option<&str> {
        self.kind.as_deref().filter(|k| !k.is_empty())
    }
    fn tag(&self) -> Option<&str> {
        self.tag.as_deref().filter(|t| !t.is_empty())
    }
    fn keeps(&self, p: &Participation) -> bool {
        self.kind().is_none_or(|k| p.kind == k)
            && self.tag().is_none_or(|t| p.tags.iter().any(|x| x == t))
    }
    /// The filter as a query string (for sort links and downloads).
    fn query(&self) -> String {
        let mut q = Vec::new();
        if let Some(k) = self.kind() {
            q.push(format!("kind={}", crate::kit::page::form_urlencode(k)));
        }
        if let Some(t) = self.tag() {
            q.push(format!("tag={}", crate::kit::page::form_urlencode(t)));
        }
        q.join("&")
    }
}

fn sort_rows(rows: &mut [Participation], key: &str, desc: bool) {
    if !SORT_KEYS[1..].contains(&key) {
        // By name, case-insensitively: each name lower-cased once, not per comparison.
        if desc {
            rows.sort_by_cached_key(|p| (std::cmp::Reverse(p.name.to_lowercase()), p.name.clone()));
        } else {
            rows.sort_by_cached_key(|p| (p.name.to_lowercase(), p.name.clone()));
        }
        return;
    }
    rows.sort_by(|a, b| {
        let ord = match key {
            "kind" => a.kind.cmp(&b.kind),
            "invited" => a.invited.cmp(&b.invited),
            "started" => a.started.cmp(&b.started),
            "completed" => a.completed.cmp(&b.completed),
            "rate" => match (a.rate(), b.rate()) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                // Without a rate last, either way.
                (Some(_), None) => return std::cmp::Ordering::Less,
                (None, Some(_)) => return std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
            _ => std::cmp::Ordering::Equal,
        };
        let ord = if desc { ord.reverse() } else { ord };
        ord.then_with(|| a.name.cmp(&b.name))
    });
}

/// Invited, started, completed and rate of a set of lines.
pub struct Sum {
    pub invited: i64,
    pub started: i64,
    pub completed: i64,
    pub rate: Option<f64>,
}

fn sum<'a>(rows: impl Iterator<Item = &'a Participation>) -> Sum {
    let (invited, started, completed) = rows.fold((0, 0, 0), |(i, s, c), o| {
        (i + o.invited, s + o.started, c + o.completed)
    });
    Sum {
        invited,
        started,
        completed,
        rate: rate(completed, invited),
    }
}

/// One bar of the completions-per-day chart.
pub struct DayBar {
    pub day: String,
    pub count: i64,
    pub x: usize,
    pub y: usize,
    pub h: usize,
}

const CHART_H: usize = 160;
const BAR_W: usize = 18;
const BAR_GAP: usize = 4;
const CHART_LEFT: usize = 40;

fn bars(days: &[(String, i64)]) -> Vec<DayBar> {
    let max = days.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    days.iter()
        .enumerate()
        .map(|(i, (day, count))| {
            let h = usize::try_from(*count * CHART_H as i64 / max).unwrap_or(0);
            DayBar {
                day: day.clone(),
                count: *count,
                x: CHART_LEFT + i * (BAR_W + BAR_GAP),
                y: CHART_H - h + 10,
                h,
            }
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "measurement/participation.html")]
pub struct ParticipationPage {
    ctx: Ctx,
    round: Round,
    /// The organiser's view (every organisation, filters, downloads); else a contact's.
    organiser: bool,
    /// The contact's organisation (its own page's address).
    own: Option<i64>,
    rows: Vec<Participation>,
    /// The lines shown, summed (the filtered organisations).
    shown: Sum,
    /// The whole network; None for a contact when it could isolate another organisation.
    total: Option<Sum>,
    filtered: bool,
    sort: String,
    desc: bool,
    kind: String,
    tag: String,
    kinds: Vec<String>,
    tags: Vec<String>,
    /// Each kind's text, looked up once per page rather than once per row.
    kind_names: BTreeMap<String, String>,
    query: String,
    days: Vec<DayBar>,
    /// Whose completions the chart counts.
    days_caption: String,
}

impl ParticipationPage {
    fn base(&self) -> String {
        match self.own {
            Some(org) => format!("/admin/rounds/{}/orgs/{org}/participation", self.round.id),
            None => format!("/admin/rounds/{}/participation", self.round.id),
        }
    }
    fn sort_link(&self, key: &str) -> String {
        let dir = if self.sort == key && !self.desc {
            "desc"
        } else {
            "asc"
        };
        let q = if self.query.is_empty() {
            String::new()
        } else {
            format!("&{}", self.query)
        };
        format!("{}?sort={key}&dir={dir}{q}#orgs", self.base())
    }
    fn aria_sort(&self, key: &str) -> &'static str {
        match (self.sort == key, self.desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
    fn download(&self, ext: &str) -> String {
        let mut q = vec![format!("sort={}", self.sort)];
        if self.desc {
            q.push("dir=desc".into());
        }
        if !self.query.is_empty() {
            q.push(self.query.clone());
        }
        if ext == "csv" {
            q.push(format!("locale={}", self.ctx.code()));
        }
        format!(
            "/admin/rounds/{}/participation.{ext}?{}",
            self.round.id,
            q.join("&")
        )
    }
    fn pct(&self, r: impl std::borrow::Borrow<Option<f64>>) -> String {
        match *r.borrow() {
            Some(r) => format!("{} %", self.ctx.num(r * 100.0, 1)),
            None => "–".into(),
        }
    }
    /// A kind's text (from `kind_names`; the catalogue for a kind not in it).
    fn kind_name(&self, kind: &str) -> std::borrow::Cow<'_, str> {
        match self.kind_names.get(kind) {
            Some(name) => std::borrow::Cow::Borrowed(name.as_str()),
            None => std::borrow::Cow::Owned(self.ctx.tv("kind", kind)),
        }
    }
    fn chart_width(&self) -> usize {
        CHART_LEFT + self.days.len() * (BAR_W + BAR_GAP) + 10
    }
    fn bar_w(&self) -> usize {
        BAR_W
    }
    fn label_y(&self) -> usize {
        CHART_H + 26
    }
}

/// The text of each kind, from the catalogue once.
fn kind_names<'a>(ctx: &Ctx, kinds: impl Iterator<Item = &'a String>) -> BTreeMap<String, String> {
    kinds.map(|k| (k.clone(), ctx.tv("kind", k))).collect()
}

async fn round_of(state: &AppState, id: i64) -> AppResult<Round> {
    state.store.round(id).await?.ok_or(AppError::NotFound)
}

/// Completions per day of the given organisations (all when None).
async fn days_of(
    state: &AppState,
    round: i64,
    orgs: Option<&BTreeSet<i64>>,
    all: usize,
) -> AppResult<Vec<(String, i64)>> {
    match orgs {
        None => Ok(state.store.completions_per_day(round, None).await?),
        Some(set) if set.len() == all => Ok(state.store.completions_per_day(round, None).await?),
        Some(set) => Ok(state.store.completions_per_day_of(round, set).await?),
    }
}

pub async fn page(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
    Query(f): Query<Filter>,
) -> AppResult<ParticipationPage> {
    let round = round_of(&state, id).await?;
    let counted = state.store.participation(id).await?;
    let all = &counted.orgs;
    let kinds: Vec<String> = all
        .iter()
        .map(|p| p.kind.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let kind_names = kind_names(&who.ctx, kinds.iter());
    let tags: Vec<String> = all
        .iter()
        .flat_map(|p| p.tags.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let total = sum(all.iter());
    let count = all.len();
    let mut rows: Vec<Participation> = all.iter().filter(|p| f.keeps(p)).cloned().collect();
    sort_rows(&mut rows, f.sort(), f.desc());
    let filtered = rows.len() != count;
    let chosen: BTreeSet<i64> = rows.iter().map(|p| p.org_id).collect();
    let days = days_of(&state, id, filtered.then_some(&chosen), count).await?;
    Ok(ParticipationPage {
        days_caption: who.ctx.t(if filtered {
            "participation-days-shown"
        } else {
            "participation-days-network"
        }),
        days: bars(&days),
        shown: sum(rows.iter()),
        total: Some(total),
        filtered,
        sort: f.sort().to_string(),
        desc: f.desc(),
        kind: f.kind().unwrap_or("").to_string(),
        tag: f.tag().unwrap_or("").to_string(),
        query: f.query(),
        kinds,
        tags,
        kind_names,
        rows,
        organiser: true,
        own: None,
        round,
        ctx: who.ctx,
    })
}

/// A contact's view: its own organisation's row and completions per day, and the
/// network's total when at least `min_orgs` other organisations take part (with fewer,
/// the total minus its own row would come close to showing another organisation).
pub async fn org_page(
    State(state): State<AppState>,
    OrgEditor(who): OrgEditor,
    Path((id, org)): Path<(i64, i64)>,
) -> AppResult<ParticipationPage> {
    let round = round_of(&state, id).await?;
    let counted = state.store.participation(id).await?;
    let all = &counted.orgs;
    let mine = match all.iter().find(|p| p.org_id == org) {
        Some(p) => p.clone(),
        // Taking part with responses only (imported): no link, so nothing counted.
        None if !state.store.participants_of(id, Some(org)).await?.is_empty() => {
            let o = state.store.org(org).await?.ok_or(AppError::NotFound)?;
            Participation {
                org_id: o.id,
                name: o.name,
                kind: o.kind,
                tags: o.tags,
                invited: 0,
                started: 0,
                completed: 0,
            }
        }
        None => return Err(AppError::NotFound),
    };
    let others = all.iter().filter(|p| p.org_id != org).count();
    let total =
        (i64::try_from(others).unwrap_or(0) >= round.min_orgs.max(2)).then(|| sum(all.iter()));
    let days = state.store.completions_per_day(id, Some(org)).await?;
    Ok(ParticipationPage {
        days_caption: who.ctx.t("participation-days-own"),
        days: bars(&days),
        shown: sum(std::iter::once(&mine)),
        total,
        filtered: false,
        sort: "name".into(),
        desc: false,
        kind: String::new(),
        tag: String::new(),
        query: String::new(),
        kinds: Vec::new(),
        tags: Vec::new(),
        kind_names: kind_names(&who.ctx, std::iter::once(&mine.kind)),
        rows: vec![mine],
        organiser: false,
        own: Some(org),
        round,
        ctx: who.ctx,
    })
}

/// The table as a download: header and rows in the page's language.
fn table(ctx: &Ctx, rows: &[Participation], total: &Sum) -> (Vec<String>, Vec<Vec<Cell>>) {
    let header = [
        "participation-col-id",
        "organisation",
        "org-kind",
        "participation-invited",
        "participation-started",
        "participation-completed",
        "participation-rate",
    ]
    .iter()
    .map(|k| ctx.t(k))
    .collect();
    let mut out: Vec<Vec<Cell>> = rows
        .iter()
        .map(|p| {
            vec![
                Cell::num(p.org_id as f64),
                Cell::text(p.name.clone()),
                Cell::text(p.kind.clone()),
                Cell::num(p.invited as f64),
                Cell::num(p.started as f64),
                Cell::num(p.completed as f64),
                Cell::opt(p.rate()),
            ]
        })
        .collect();
    out.push(vec![
        Cell::Empty,
        Cell::text(ctx.t("participation-total")),
        Cell::Empty,
        Cell::num(total.invited as f64),
        Cell::num(total.started as f64),
        Cell::num(total.completed as f64),
        Cell::opt(total.rate),
    ]);
    (header, out)
}

async fn rows_for_download(
    state: &AppState,
    id: i64,
    f: &Filter,
) -> AppResult<(Vec<Participation>, Sum)> {
    round_of(state, id).await?;
    let counted = state.store.participation(id).await?;
    let all = &counted.orgs;
    let mut rows: Vec<Participation> = all.iter().filter(|p| f.keeps(p)).cloned().collect();
    sort_rows(&mut rows, f.sort(), f.desc());
    let total = sum(rows.iter());
    Ok((rows, total))
}

fn file_name(id: i64, ext: &str) -> String {
    format!("trappe-runde-{id}-deltagelse.{ext}")
}

pub async fn csv(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
    Query(f): Query<Filter>,
) -> AppResult<Response> {
    let locale = match f.locale.as_deref() {
        None | Some("") => Locale::Da,
        Some(code) => Locale::parse(code)
            .ok_or_else(|| AppError::BadRequest("locale must be da or en".into()))?,
    };
    let (rows, total) = rows_for_download(&state, id, &f).await?;
    let (header, cells) = table(&who.ctx, &rows, &total);
    let body =
        export_view::csv_rows(&header, &cells, locale).map_err(|e| AppError::Internal(e.into()))?;
    Ok(
        super::export::attachment(export_view::CSV_CONTENT_TYPE, &file_name(id, "csv"), body)
            .into_response(),
    )
}

pub async fn xlsx(
    State(state): State<AppState>,
    who: Organiser,
    Path(id): Path<i64>,
    Query(f): Query<Filter>,
) -> AppResult<Response> {
    let (rows, total) = rows_for_download(&state, id, &f).await?;
    let (header, cells) = table(&who.ctx, &rows, &total);
    let mut days: Vec<Vec<Cell>> = Vec::new();
    let chosen: BTreeSet<i64> = rows.iter().map(|p| p.org_id).collect();
    let all = state.store.participation(id).await?.orgs.len();
    for (day, n) in days_of(&state, id, Some(&chosen), all).await? {
        days.push(vec![Cell::text(day), Cell::num(n as f64)]);
    }
    let day_header = vec![
        who.ctx.t("participation-day"),
        who.ctx.t("participation-completed"),
    ];
    let body = export_view::xlsx_sheets(&[
        ("participation", &header, &cells),
        ("completions_per_day", &day_header, &days),
    ])
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok(
        super::export::attachment(export_view::XLSX_CONTENT_TYPE, &file_name(id, "xlsx"), body)
            .into_response(),
    )
}
