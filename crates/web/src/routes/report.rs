//! The organisation's report page (organisers, and the organisation's own contacts and
//! viewers): the view is assembled in
//! `crate::report`, shared with `trappe report`.

use crate::access::OrgAccess;
use crate::analyses::{progress_page, Prepared};
use crate::error::{AppError, AppResult};
use crate::page::Ctx;
use crate::report::{PeerChoice, PeerProfiles, ReportView};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};

#[derive(Template, WebTemplate)]
#[template(path = "report.html")]
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

/// The report, or the progress of the round's analysis while a large round's is made.
pub async fn report(
    State(state): State<AppState>,
    who: OrgAccess,
    Path((id, _)): Path<(i64, i64)>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let org = who.org;
    // A group that is not offered (unknown, not the organisation's, or withheld) is
    // not found, exactly as a group that does not exist.
    let choice = PeerChoice::parse(&q.peers).ok_or(AppError::NotFound)?;
    let analysis = match state.prepared_analysis(id).await? {
        Prepared::Ready(a) => a,
        Prepared::Running(p) => return Ok(progress_page(who.ctx, p)),
    };
    if analysis.index(org).is_none() {
        return Err(AppError::NotFound);
    }
    // A group not offered is refused before anything is logged as viewed.
    let withheld_org = analysis
        .index(org)
        .is_some_and(|i| analysis.results.orgs[i].result.withheld);
    if !withheld_org && crate::report::peer_group(&analysis, org, &choice).is_err() {
        return Err(AppError::NotFound);
    }
    state
        .store
        .audit(
            Some(&who.user.user.username),
            "results_viewed",
            Some(&format!("round {id} org {org}")),
            Some("report"),
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
    r.journeys = crate::journeys::report_lines(&state.store, org, who.ctx.lang).await?;
    if let Some(cube) = state.store.contact_cube(org).await? {
        let prices = state.store.channel_prices(org).await?;
        let targets = state.store.channel_targets(org).await?;
        r.add_channels(&cube, &prices, &targets);
    }
    Ok(ReportPage { ctx: who.ctx, r }.into_response())
}
