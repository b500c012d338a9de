//! The start page of contacts and viewers: their organisations and the rounds they take
//! part in.

use crate::access::{Account, Role};
use crate::kit::error::AppResult;
use crate::kit::page::Ctx;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use trappe_store::{Org, Round};

// ---- the start page of contacts and viewers ----

pub struct OrgRounds {
    org: Org,
    rounds: Vec<(Round, i64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "site/start.html")]
pub struct StartPage {
    ctx: Ctx,
    can_invite: bool,
    orgs: Vec<OrgRounds>,
}

/// A contact's or viewer's own organisations and the rounds they take part in, with
/// links to their results and report. Never the cohort: no other organisation is named.
pub async fn start(State(state): State<AppState>, who: Account) -> AppResult<Response> {
    if who.role == Role::Organiser {
        return Ok(Redirect::to("/admin").into_response());
    }
    let rounds = state.store.rounds().await?;
    let mut orgs = Vec::new();
    for &org_id in &who.orgs {
        let Some(org) = state.store.org(org_id).await? else {
            continue;
        };
        let mut mine = Vec::new();
        for r in &rounds {
            if let Some(p) = state
                .store
                .participants_of(r.id, Some(org_id))
                .await?
                .into_iter()
                .next()
            {
                mine.push((r.clone(), p.complete));
            }
        }
        orgs.push(OrgRounds { org, rounds: mine });
    }
    Ok(StartPage {
        can_invite: who.role == Role::Contact,
        ctx: who.ctx,
        orgs,
    }
    .into_response())
}
