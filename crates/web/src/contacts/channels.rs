//! An organisation's channel page: its contact log as channel mix, digital share against
//! its targets, repeat contacts, satisfaction and effort, top services, cost and the
//! channel-shift scenario; the forms for its prices and targets. Organisers and the
//! organisation's contacts change them; its viewers read.

use crate::access::{OrgAccess, OrgEdit};
use crate::contacts::channel_view::{ChannelView, PriceForm, ScenarioQuery, TargetForm};
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use trappe_core::contacts::channel_page::{
    parse_price, scenario, ChannelPage, Prices, SettingError, Target, TargetScope,
};
use trappe_core::contacts::Channel;
use trappe_store::Org;

#[derive(Template, WebTemplate)]
#[template(path = "contacts/channels.html")]
pub struct ChannelsPage {
    ctx: Ctx,
    org: Org,
    can_edit: bool,
    v: ChannelView,
    imports: Vec<crate::contacts::upload_file::ImportLine>,
    upload_error: Option<String>,
    /// Where "back" leads: the admin page for an organiser, the start page for the others.
    back: &'static str,
}

/// What a re-rendered page keeps of a form sent with errors.
#[derive(Default)]
pub(crate) struct Sent {
    pub prices: Option<PriceForm>,
    pub target: Option<TargetForm>,
    pub upload_error: Option<String>,
}

/// The channel page of `who.org`, with the forms as sent (`sent`) and the scenario of the
/// query string.
pub(crate) async fn render(
    state: &AppState,
    who: OrgAccess,
    query: Option<&str>,
    sent: Sent,
) -> AppResult<ChannelsPage> {
    let org = state.store.org(who.org).await?.ok_or(AppError::NotFound)?;
    let cube = state.store.contact_cube(who.org).await?.unwrap_or_default();
    let prices = state.store.channel_prices(who.org).await?;
    let targets = state.store.channel_targets(who.org).await?;
    let pairs: Vec<(String, String)> = query
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let q = ScenarioQuery::from_pairs(&pairs);
    // The page's figures and the scenario are sums over the cube: off the async threads.
    let lang = who.ctx.lang;
    let can_edit = who.level.can_edit();
    let price_form = sent.prices;
    let target_form = sent.target.unwrap_or_default();
    let v = tokio::task::spawn_blocking(move || {
        let page = ChannelPage::new(&cube, &prices, &targets);
        let result = match crate::contacts::channel_view::parse_scenario(&q) {
            Some(Ok(s)) => Some(scenario(&cube, &prices, &s)),
            _ => None,
        };
        ChannelView::new(
            lang,
            &page,
            &prices,
            price_form.as_ref(),
            target_form,
            (q, result),
        )
    })
    .await
    .map_err(|e| anyhow::anyhow!("channel page failed: {e}"))?;
    let imports = crate::contacts::upload_file::recent_imports(state, who.org, lang).await?;
    Ok(ChannelsPage {
        back: if who.level.is_organiser() {
            "/admin"
        } else {
            "/start"
        },
        can_edit,
        ctx: who.ctx,
        org,
        v,
        imports,
        upload_error: sent.upload_error,
    })
}

pub async fn page(
    State(state): State<AppState>,
    who: OrgAccess,
    RawQuery(query): RawQuery,
) -> AppResult<ChannelsPage> {
    render(&state, who, query.as_deref(), Sent::default()).await
}

fn unprocessable(page: ChannelsPage) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// Sets all prices at once: `price_<channel>` per channel, empty for none.
pub async fn set_prices(
    State(state): State<AppState>,
    OrgEdit { who, form }: OrgEdit<Vec<(String, String)>>,
) -> AppResult<Response> {
    let values: HashMap<String, String> = form.into_iter().collect();
    let mut prices: Prices = [None; Channel::COUNT];
    let mut errors: Vec<SettingError> = Vec::new();
    for c in Channel::ALL {
        let text = values
            .get(&format!("price_{}", c.name()))
            .map(String::as_str)
            .unwrap_or("");
        match parse_price(c, text) {
            Ok(p) => prices[c.index()] = p,
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        let sent = Sent {
            prices: Some(PriceForm { values, errors }),
            ..Sent::default()
        };
        return Ok(unprocessable(render(&state, who, None, sent).await?));
    }
    state.store.set_channel_prices(who.org, &prices).await?;
    let set: Vec<String> = Channel::ALL
        .into_iter()
        .filter_map(|c| prices[c.index()].map(|p| format!("{c}={p}")))
        .collect();
    who.audit(
        &state.store,
        "channel_prices_set",
        Some(&format!("org {}", who.org)),
        Some(&set.join(" ")),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/orgs/{}/channels#costs", who.org)).into_response())
}

#[derive(Deserialize)]
pub struct TargetFields {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    share: String,
    #[serde(default)]
    due: String,
}

/// Adds a target (or replaces the one of the same scope and date).
pub async fn add_target(
    State(state): State<AppState>,
    OrgEdit { who, form }: OrgEdit<TargetFields>,
) -> AppResult<Response> {
    let target = match Target::from_form(&form.scope, &form.share, &form.due) {
        Ok(t) => t,
        Err(e) => {
            let lang = who.ctx.lang;
            let key = match &e {
                SettingError::Share(_) => "channels-error-share",
                SettingError::Due(_) => "channels-error-due",
                _ => "channels-error-scope",
            };
            let mut errors = HashMap::new();
            errors.insert(e.field(), lang.t(key));
            let sent = Sent {
                target: Some(TargetForm {
                    scope: form.scope,
                    share: form.share,
                    due: form.due,
                    errors,
                }),
                ..Sent::default()
            };
            return Ok(unprocessable(render(&state, who, None, sent).await?));
        }
    };
    state.store.set_channel_target(who.org, &target).await?;
    who.audit(
        &state.store,
        "channel_target_set",
        Some(&format!("org {}", who.org)),
        Some(&format!(
            "{} {} by {}",
            target.scope.name(),
            target.share,
            target.due
        )),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/orgs/{}/channels#targets", who.org)).into_response())
}

#[derive(Deserialize)]
pub struct TargetKey {
    scope: String,
    due: String,
}

pub async fn delete_target(
    State(state): State<AppState>,
    OrgEdit { who, form }: OrgEdit<TargetKey>,
) -> AppResult<Response> {
    let scope = TargetScope::parse(&form.scope)
        .ok_or_else(|| AppError::BadRequest(format!("unknown target scope '{}'", form.scope)))?;
    if state
        .store
        .delete_channel_target(who.org, scope, &form.due)
        .await?
    {
        who.audit(
            &state.store,
            "channel_target_deleted",
            Some(&format!("org {}", who.org)),
            Some(&format!("{} by {}", scope.name(), form.due)),
        )
        .await?;
    }
    Ok(Redirect::to(&format!("/admin/orgs/{}/channels#targets", who.org)).into_response())
}
