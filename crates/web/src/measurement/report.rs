//! The organisation's report page (organisers, and the organisation's own contacts and
//! viewers): the view is assembled in
//! `crate::measurement::report_view`, shared with `trappe report`.

use crate::access::OrgAccess;
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::measurement::analyses::{progress_page, Prepared};
use crate::measurement::report_view::{PeerChoice, PeerProfiles, ReportView};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

#[derive(Template, WebTemplate)]
#[template(path = "measurement/report.html")]
pub struct ReportPage {
    ctx: Ctx,
    r: ReportView,
}

#[derive(serde::Deserialize)]
pub struct ReportQuery {
    /// `all`, `kind` or `tag:NAME`.
    #[serde(default)]
    peers: String,
}

/// The report as asked for, or the progress of the round's analysis while a large
/// round's is made.
enum Built {
    Report(Box<ReportView>),
    Running(crate::measurement::analyses::Progress),
}

/// The report of `who.org` in round `id` against the peer group `peers`, with the same
/// checks for the page and its downloads: the organisation must be in the round, and a
/// group not offered (unknown, not the organisation's, or withheld) is not found, exactly
/// as a group that does not exist. `what` is the audit entry's detail.
async fn build(
    state: &AppState,
    who: &OrgAccess,
    id: i64,
    peers: &str,
    what: &str,
) -> AppResult<Built> {
    let org = who.org;
    let choice = PeerChoice::parse(peers).ok_or(AppError::NotFound)?;
    let analysis = match state.prepared_analysis(id).await? {
        Prepared::Ready(a) => a,
        Prepared::Running(p) => return Ok(Built::Running(p)),
    };
    if analysis.index(org).is_none() {
        return Err(AppError::NotFound);
    }
    // A group not offered is refused before anything is logged as viewed.
    let withheld_org = analysis
        .index(org)
        .is_some_and(|i| analysis.results.orgs[i].result.withheld);
    if !withheld_org
        && crate::measurement::report_view::peer_group(&analysis, org, &choice).is_err()
    {
        return Err(AppError::NotFound);
    }
    who.audit(
        &state.store,
        "results_viewed",
        Some(&format!("round {id} org {org}")),
        Some(what),
    )
    .await?;
    let trend = state
        .store
        .trend(org, &analysis.results.round.model_id)
        .await?;
    // Every report of a round compares with the same profiles: computed once, off the
    // async threads.
    let a = analysis.clone();
    let peers = tokio::task::spawn_blocking(move || PeerProfiles::cached(&a))
        .await
        .map_err(|e| anyhow::anyhow!("report profiles failed: {e}"))?;
    let mut r = ReportView::with_peers(&analysis, &peers, &trend, org, who.ctx.lang, &choice)
        .map_err(|_| AppError::NotFound)?
        .ok_or(AppError::NotFound)?;
    let words = state.store.own_barriers(id, Some(org)).await?;
    r.add_own_words(&words);
    if let Some(target) = state.store.target_of(id, org).await? {
        r.add_target(&analysis.results.model, &target, &trend);
    }
    Ok(Built::Report(Box::new(r)))
}

/// The report, or the progress of the round's analysis while a large round's is made.
pub async fn report(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, _)): Path<(i64, i64)>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let mut r = match build(&state, &who, id, &q.peers, "report").await? {
        Built::Report(r) => *r,
        Built::Running(p) => return Ok(progress_page(who.ctx, p)),
    };
    let org = who.org;
    r.journeys =
        crate::journeys::journey_view::report_lines(&state.store, org, who.ctx.lang).await?;
    if let Some(cube) = state.store.contact_cube(org).await? {
        let prices = state.store.channel_prices(org).await?;
        let targets = state.store.channel_targets(org).await?;
        r.add_channels(&cube, &prices, &targets);
    }
    Ok(ReportPage { ctx: who.ctx, r }.into_response())
}

/// A chart of the report as a file (`stair.svg`, `dims.png`, ...): the same checks and
/// peer group as the report; a withheld organisation has no charts to download, and a
/// withheld group is not found.
pub async fn chart(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, _, file)): Path<(i64, i64, String)>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    if !crate::measurement::chart_files::CHARTS.contains(&name) || !matches!(ext, "svg" | "png") {
        return Err(AppError::NotFound);
    }
    let r = match build(&state, &who, id, &q.peers, "chart").await? {
        Built::Report(r) => *r,
        Built::Running(_) => return Err(AppError::NotFound),
    };
    let svg = crate::measurement::chart_files::svg(who.ctx, r, name).ok_or(AppError::NotFound)?;
    crate::measurement::chart_files::download(&format!("trappe-{id}-{}-{name}", who.org), ext, svg)
        .await
}

/// The printed report's page margins as a stylesheet of its own (the page allows no
/// inline style): the organisation, round and date in the footer and "Side 2 af 5", the
/// same text `trappe report --pdf` inlines (`report::page_css`). Same access as the
/// report; nothing in it beyond the report's own heading.
pub async fn print_css(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, _)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let analysis = match state.prepared_analysis(id).await? {
        Prepared::Ready(a) => a,
        Prepared::Running(_) => return Err(AppError::NotFound),
    };
    let i = analysis.index(who.org).ok_or(AppError::NotFound)?;
    let lang = who.ctx.lang;
    let css = crate::measurement::report_view::page_css(
        lang,
        &analysis.results.orgs[i].participant.name,
        &analysis.results.round.name,
        &lang.date(chrono::Utc::now().timestamp()),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        css,
    )
        .into_response())
}
