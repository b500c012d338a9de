//! Single sign-on: `/login/oidc` sends the browser to the identity provider with state,
//! nonce and a PKCE challenge; `/login/oidc/callback` takes the answer, trades the code
//! for an ID token, checks it (`crate::accounts::oidc_client`), maps its claims to a role and
//! organisations, and signs the account in with a fresh session, as a password login
//! does. Both answer 404 when single sign-on is not configured.

use crate::accounts::auth::{address_key, start_session, ClientAddr};
use crate::accounts::oidc_client::{self, Oidc};
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::{cookie, Ctx};
use crate::routes::local_path;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trappe_store::{new_token, SsoAccount, SsoIdentity, SsoLogin};

/// The cookie that ties the provider's answer to the browser that asked. SameSite=Lax:
/// the answer arrives as a top-level navigation from the provider's site, which a
/// Strict cookie would not be sent with.
const OIDC_COOKIE: &str = "trappe_oidc";
/// How long a sign-in at the provider may take.
const OIDC_LOGIN_TTL_SECS: i64 = 10 * 60;

fn oidc_cookie(state: &AppState, token: &str, max_age: i64) -> String {
    let secure = if state.config.secure() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{OIDC_COOKIE}={token}; Path=/login/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    )
}

/// The page that says why single sign-on did not sign you in (and forgets the attempt).
fn refused(state: &AppState, ctx: &Ctx, status: StatusCode, body: String) -> Response {
    let mut res =
        crate::kit::page::MessagePage::with(ctx, status, ctx.t("sso-refused-title"), body);
    if let Ok(v) = HeaderValue::from_str(&oidc_cookie(state, "", 0)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

fn configured(state: &AppState) -> AppResult<&Oidc> {
    state.oidc.as_ref().ok_or(AppError::NotFound)
}

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// Sign-ins started from one client address per throttle window (15 minutes): each
/// one stores a pending sign-in, so a script must not be able to pile them up.
pub const SSO_STARTS_PER_ADDRESS: i64 = 30;

pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    Query(q): Query<StartQuery>,
) -> AppResult<Response> {
    let oidc = configured(&state)?;
    if let Some(k) = address_key(&state.store, &addr, "sso-start") {
        if state.store.throttle_failures(&k).await? >= SSO_STARTS_PER_ADDRESS {
            let body = ctx.t("sso-limited");
            return Ok(refused(&state, &ctx, StatusCode::TOO_MANY_REQUESTS, body));
        }
        state.store.throttle_fail(&k).await?;
    }
    let (verifier, challenge) = oidc_client::pkce();
    let login = SsoLogin {
        state: new_token(),
        nonce: new_token(),
        verifier,
        next: local_path(q.next.as_deref(), ""),
    };
    let url = match oidc
        .authorize_url(
            &state.config.base_url,
            &login.state,
            &login.nonce,
            &challenge,
        )
        .await
    {
        Ok(u) => u,
        Err(e) => {
            tracing::warn!(error = %e, "single sign-on: no provider");
            let body = ctx.t("sso-provider-down");
            return Ok(refused(&state, &ctx, StatusCode::BAD_GATEWAY, body));
        }
    };
    let token = new_token();
    state
        .store
        .create_sso_login(&token, &login, OIDC_LOGIN_TTL_SECS)
        .await?;
    Ok((
        [(
            header::SET_COOKIE,
            oidc_cookie(&state, &token, OIDC_LOGIN_TTL_SECS),
        )],
        Redirect::to(&url),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// A step of the callback: its result, or the refusal page it ends in.
type Step<T> = Result<T, Response>;

/// The provider's answer: the sign-in is this browser's (its cookie and state), the
/// provider did not say no, and a code came. Each failure is in the audit log.
async fn check_answer(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    q: Callback,
) -> AppResult<Step<(SsoLogin, String)>> {
    let expired = || refused(state, ctx, StatusCode::BAD_REQUEST, ctx.t("sso-expired"));
    // The sign-in this browser started: spent by this answer whatever comes of it.
    let pending = match cookie(headers, OIDC_COOKIE) {
        Some(t) if !t.is_empty() => state.store.take_sso_login(t).await?,
        _ => None,
    };
    let Some(pending) = pending else {
        return Ok(Err(expired()));
    };
    let sent_state = q.state.unwrap_or_default();
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        sent_state.as_bytes(),
        pending.state.as_bytes(),
    )) {
        sign_in_failed(state, "the answer's state is not this browser's").await?;
        return Ok(Err(expired()));
    }
    if let Some(err) = q.error {
        let err: String = err.chars().filter(|c| !c.is_control()).take(100).collect();
        sign_in_failed(state, &format!("the provider answered {err}")).await?;
        let said_no = ctx.t("sso-provider-said-no");
        return Ok(Err(refused(state, ctx, StatusCode::UNAUTHORIZED, said_no)));
    }
    let Some(code) = q.code.filter(|c| !c.is_empty()) else {
        sign_in_failed(state, "the answer has no code").await?;
        return Ok(Err(expired()));
    };
    Ok(Ok((pending, code)))
}

/// A failed sign-in in the audit log, with the provider and the reason.
async fn sign_in_failed(state: &AppState, reason: &str) -> AppResult<()> {
    let issuer = state.oidc.as_ref().map_or("", |o| o.config.issuer.as_str());
    let detail = format!("single sign-on ({issuer}): {reason}");
    Ok(state
        .store
        .audit(None, "login_failed", None, Some(&detail))
        .await?)
}

/// The identity the checked claims give: the subject, the verified e-mail, names, and
/// the role and organisations the mapping gives (or the refusal when it gives none).
async fn identity(
    state: &AppState,
    ctx: &Ctx,
    oidc: &Oidc,
    claims: &serde_json::Map<String, serde_json::Value>,
) -> AppResult<Step<SsoIdentity>> {
    let issuer = &oidc.config.issuer;
    let subject = oidc_client::claim_values(claims, "sub").join("");
    let email = oidc_client::verified_email(claims);
    let who = email
        .clone()
        .unwrap_or_else(|| format!("{issuer} {subject}"));
    let orgs = state.store.orgs().await?;
    let mapped = match oidc_client::map_claims(&oidc.config, claims, &orgs) {
        Ok(m) => m,
        Err(r) => {
            let detail = format!(
                "single sign-on: claim {} = '{}' ({})",
                r.claim, r.values, r.key
            );
            state
                .store
                .audit(Some(&who), "login_refused", None, Some(&detail))
                .await?;
            let body = ctx.lang.t_args(
                r.key,
                &[("claim", r.claim.into()), ("values", r.values.into())],
            );
            return Ok(Err(refused(state, ctx, StatusCode::FORBIDDEN, body)));
        }
    };
    let mut names = Vec::new();
    names.extend(email.clone());
    for c in ["preferred_username", "name"] {
        names.extend(oidc_client::claim_values(claims, c).into_iter().take(1));
    }
    Ok(Ok(SsoIdentity {
        issuer: issuer.clone(),
        subject,
        verified_email: email,
        names,
        role: mapped.role,
        orgs: mapped.orgs,
    }))
}

/// What the sign-in did to the account, in the audit log: made, tied by e-mail, brought
/// in line with the provider's claims, and the login itself.
async fn audit_sign_in(state: &AppState, account: &SsoAccount, issuer: &str) -> AppResult<()> {
    let me = Some(account.username.as_str());
    let mut entries = Vec::new();
    if account.created {
        let detail = format!("role {} by single sign-on ({issuer})", account.role);
        entries.push(("account_created", me, detail));
    }
    if account.linked {
        let detail = format!(
            "tied to single sign-on ({issuer}) by verified e-mail; its password no longer works"
        );
        entries.push(("account_linked", me, detail));
    }
    if !account.created && !account.changes.is_empty() {
        let detail = format!("as single sign-on says: {}", account.changes.join("; "));
        entries.push(("account_synced", me, detail));
    }
    entries.push(("login", None, format!("through single sign-on ({issuer})")));
    for (action, subject, detail) in entries {
        state
            .store
            .audit(me, action, subject, Some(&detail))
            .await?;
    }
    Ok(())
}

pub async fn callback(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> AppResult<Response> {
    let oidc = configured(&state)?;
    let (pending, code) = match check_answer(&state, &ctx, &headers, q).await? {
        Ok(x) => x,
        Err(page) => return Ok(page),
    };
    let claims = match oidc
        .sign_in(
            &state.config.base_url,
            &code,
            &pending.verifier,
            &pending.nonce,
        )
        .await
    {
        Ok(c) => c,
        Err(e) => {
            let status = match e {
                oidc_client::OidcError::Provider(_) => StatusCode::BAD_GATEWAY,
                oidc_client::OidcError::Token(_) => StatusCode::UNAUTHORIZED,
            };
            sign_in_failed(&state, &e.to_string()).await?;
            let body = format!("{} ({e})", ctx.t("sso-failed"));
            return Ok(refused(&state, &ctx, status, body));
        }
    };
    let identity = match identity(&state, &ctx, oidc, &claims).await? {
        Ok(i) => i,
        Err(page) => return Ok(page),
    };
    let account = state.store.sso_sign_in(&identity).await?;
    audit_sign_in(&state, &account, &oidc.config.issuer).await?;
    // A new session token at every login, as with a password.
    let session = start_session(&state, account.user_id).await?;
    let home = if account.role == "organiser" {
        "/admin"
    } else {
        "/start"
    };
    let target = local_path(Some(&pending.next), home);
    let mut res = Redirect::to(&target).into_response();
    for c in [session, oidc_cookie(&state, "", 0)] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}
