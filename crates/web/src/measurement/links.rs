//! The organiser's links page for one round and organisation: every link with its state
//! (never its token), revoking a link that is not completed, and approving the links the
//! organisation's own staff made (so their responses count toward the minimum).
//!
//! Organisers only: a contact who knows which link went to whom would learn from a
//! link's state who has answered.

use crate::access::{AdminForm, Organiser};
use crate::kit::error::{AppError, AppResult};
use crate::kit::form::NoFields;
use crate::kit::page::Ctx;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use trappe_store::{InvitationKind, LinkLine, MadeBy, Org, Round};

#[derive(Template, WebTemplate)]
#[template(path = "measurement/round_links.html")]
pub struct RoundLinksPage {
    ctx: Ctx,
    round: Round,
    org: Org,
    links: Vec<LinkLine>,
    /// Staff-made links no organiser has approved yet.
    unapproved: usize,
}

impl RoundLinksPage {
    fn kind(&self, l: &LinkLine) -> String {
        match l.kind {
            InvitationKind::Single => self.ctx.t("links-row-single"),
            InvitationKind::Open => self.ctx.t2(
                "links-row-open",
                "spawned",
                l.spawned,
                "cap",
                l.cap.unwrap_or(0),
            ),
        }
    }
    fn made_by(&self, l: &LinkLine) -> String {
        match (l.made_by, l.approved) {
            (MadeBy::Organiser, _) => self.ctx.t("link-made-organiser"),
            (MadeBy::Staff, false) => self.ctx.t("link-made-staff"),
            (MadeBy::Staff, true) => self.ctx.t("link-made-staff-approved"),
        }
    }
}

async fn round_and_org(state: &AppState, id: i64, org: i64) -> AppResult<(Round, Org)> {
    let round = state.store.round(id).await?.ok_or(AppError::NotFound)?;
    let org = state.store.org(org).await?.ok_or(AppError::NotFound)?;
    Ok((round, org))
}

pub async fn page(
    State(state): State<AppState>,
    who: Organiser,
    Path((id, org)): Path<(i64, i64)>,
) -> AppResult<RoundLinksPage> {
    let (round, org) = round_and_org(&state, id, org).await?;
    let links = state.store.links(id, org.id).await?;
    let unapproved = links
        .iter()
        .filter(|l| l.made_by == MadeBy::Staff && !l.approved)
        .count();
    Ok(RoundLinksPage {
        ctx: who.ctx,
        round,
        org,
        links,
        unapproved,
    })
}

fn back(id: i64, org: i64) -> Response {
    Redirect::to(&format!("/admin/rounds/{id}/orgs/{org}/links")).into_response()
}

pub async fn revoke(
    State(state): State<AppState>,
    Path((id, org, link)): Path<(i64, i64, i64)>,
    AdminForm { who, .. }: AdminForm<NoFields>,
) -> AppResult<Response> {
    round_and_org(&state, id, org).await?;
    if !state.store.revoke_link(id, org, link).await? {
        return Err(AppError::Refused(who.ctx.t("link-revoke-refused")));
    }
    who.audit(
        &state.store,
        "link_revoked",
        Some(&format!("round {id} org {org}")),
        Some(&format!("link {link}")),
    )
    .await?;
    Ok(back(id, org))
}

pub async fn approve(
    State(state): State<AppState>,
    Path((id, org)): Path<(i64, i64)>,
    AdminForm { who, .. }: AdminForm<NoFields>,
) -> AppResult<Response> {
    round_and_org(&state, id, org).await?;
    let n = state.store.approve_staff_links(id, org).await?;
    who.audit(
        &state.store,
        "staff_links_approved",
        Some(&format!("round {id} org {org}")),
        Some(&format!("{n} links")),
    )
    .await?;
    Ok(back(id, org))
}
