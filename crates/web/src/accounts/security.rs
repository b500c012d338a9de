//! One's own account: the security page (sessions and the second factor, recovery
//! codes) and the password.

use crate::access::{Account, AccountForm};
use crate::accounts::auth::{
    hash_password, new_recovery_codes, normalise_recovery_code, password_problem, verify_password,
    RECOVERY_CODES,
};
use crate::accounts::totp;
use crate::kit::error::AppResult;
use crate::kit::form::FormErrors;
use crate::kit::form::NoFields;
use crate::kit::page::{cookie, Ctx, SESSION_COOKIE};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trappe_store::{hash_token, SessionInfo};

// ---- the account's security: sessions and the second factor ----

pub struct SessionLine {
    s: SessionInfo,
    current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/security.html")]
pub struct SecurityPage {
    ctx: Ctx,
    sessions: Vec<SessionLine>,
    totp_on: bool,
    /// A secret waiting for its first code: (grouped for typing, otpauth URI).
    pending: Option<(String, String)>,
    /// Unused recovery codes of the account.
    recovery_left: i64,
    /// Recovery codes just made: shown on this response only.
    new_codes: Vec<String>,
    errors: FormErrors,
}

async fn security_page(
    state: &AppState,
    who: &Account,
    headers: &HeaderMap,
    errors: FormErrors,
) -> AppResult<SecurityPage> {
    security_page_with(state, who, headers, errors, Vec::new()).await
}

async fn security_page_with(
    state: &AppState,
    who: &Account,
    headers: &HeaderMap,
    errors: FormErrors,
    new_codes: Vec<String>,
) -> AppResult<SecurityPage> {
    let current = cookie(headers, SESSION_COOKIE).map(hash_token);
    let user = &who.user.user;
    let pending = state.store.totp_pending(user.id).await?.map(|s| {
        let uri = totp::uri(&s, &user.username, "Trappe");
        (totp::grouped(&s), uri)
    });
    Ok(SecurityPage {
        sessions: state
            .store
            .sessions_of(user.id)
            .await?
            .into_iter()
            .map(|s| SessionLine {
                current: current.as_deref() == Some(s.id.as_str()),
                s,
            })
            .collect(),
        totp_on: user.totp_secret.is_some() || !new_codes.is_empty(),
        pending,
        recovery_left: state.store.recovery_codes_left(user.id).await?,
        new_codes,
        errors,
        ctx: who.ctx.clone(),
    })
}

pub async fn security(
    State(state): State<AppState>,
    headers: HeaderMap,
    who: Account,
) -> AppResult<SecurityPage> {
    security_page(&state, &who, &headers, FormErrors::default()).await
}

/// The security page again (422) with the message `key` next to the input `field` and
/// in the summary at the top.
async fn security_refused(
    state: &AppState,
    who: &Account,
    headers: &HeaderMap,
    field: &'static str,
    key: &str,
) -> AppResult<Response> {
    let mut errors = FormErrors::default();
    errors.add(field, who.ctx.t(key));
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        security_page(state, who, headers, errors).await?,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct RevokeForm {
    session: String,
}

pub async fn revoke_session(
    State(state): State<AppState>,
    AccountForm { who, form }: AccountForm<RevokeForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    // Only the account's own sessions: another account's id deletes nothing.
    if state.store.revoke_session(user.id, &form.session).await? {
        state
            .store
            .audit(Some(&user.username), "session_revoked", None, None)
            .await?;
    }
    Ok(Redirect::to("/account/security#sessions").into_response())
}

pub async fn revoke_other_sessions(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, .. }: AccountForm<NoFields>,
) -> AppResult<Response> {
    let user = &who.user.user;
    let n = state
        .store
        .revoke_other_sessions(user.id, cookie(&headers, SESSION_COOKIE))
        .await?;
    let detail = format!("{n} sessions");
    state
        .store
        .audit(
            Some(&user.username),
            "sessions_revoked",
            None,
            Some(&detail),
        )
        .await?;
    Ok(Redirect::to("/account/security#sessions").into_response())
}

pub async fn totp_start(
    State(state): State<AppState>,
    AccountForm { who, .. }: AccountForm<NoFields>,
) -> AppResult<Response> {
    if who.user.user.totp_secret.is_none() {
        state
            .store
            .set_totp_pending(who.user.user.id, Some(&totp::new_secret()))
            .await?;
    }
    Ok(Redirect::to("/account/security#totp").into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

pub async fn totp_confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, form }: AccountForm<CodeForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    let Some(secret) = state.store.totp_pending(user.id).await? else {
        return Ok(Redirect::to("/account/security#totp").into_response());
    };
    let Some(step) = totp::verify(&secret, &form.code, chrono::Utc::now().timestamp()) else {
        return security_refused(&state, &who, &headers, "code", "totp-wrong-code").await;
    };
    state.store.enable_totp(user.id, step).await?;
    state
        .store
        .audit(Some(&user.username), "totp_enabled", None, None)
        .await?;
    show_new_recovery_codes(&state, &who, &headers).await
}

/// Makes the account a fresh set of recovery codes (the old ones stop working) and shows
/// them, this once: only their hashes are kept.
async fn show_new_recovery_codes(
    state: &AppState,
    who: &Account,
    headers: &HeaderMap,
) -> AppResult<Response> {
    let user = &who.user.user;
    let codes = new_recovery_codes();
    // Kept as typed back in: without dashes (see `normalise_recovery_code`).
    let kept: Vec<String> = codes
        .iter()
        .filter_map(|c| normalise_recovery_code(c))
        .collect();
    state.store.replace_recovery_codes(user.id, &kept).await?;
    let detail = format!("{RECOVERY_CODES} codes");
    state
        .store
        .audit(
            Some(&user.username),
            "recovery_codes_made",
            None,
            Some(&detail),
        )
        .await?;
    let mut res = security_page_with(state, who, headers, FormErrors::default(), codes)
        .await?
        .into_response();
    // Not for any cache, nor for the back button of a shared computer.
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// New recovery codes in place of the old ones (the password is asked for, so a
/// session left open cannot mint a way past the second factor).
pub async fn recovery_codes(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, form }: AccountForm<DisableForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    if user.totp_secret.is_none() {
        return Ok(Redirect::to("/account/security#totp").into_response());
    }
    if !verify_password(form.password, Some(user.password_hash.clone())).await {
        return security_refused(
            &state,
            &who,
            &headers,
            "recovery-password",
            "password-wrong-current",
        )
        .await;
    }
    show_new_recovery_codes(&state, &who, &headers).await
}

#[derive(Deserialize)]
pub struct DisableForm {
    password: String,
}

pub async fn totp_disable(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, form }: AccountForm<DisableForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    if !verify_password(form.password, Some(user.password_hash.clone())).await {
        return security_refused(
            &state,
            &who,
            &headers,
            "totp-password",
            "password-wrong-current",
        )
        .await;
    }
    state.store.disable_totp(user.id).await?;
    state
        .store
        .audit(Some(&user.username), "totp_disabled", None, None)
        .await?;
    Ok(Redirect::to("/account/security#totp").into_response())
}

// ---- account ----

#[derive(Template, WebTemplate)]
#[template(path = "accounts/password.html")]
pub struct PasswordPage {
    ctx: Ctx,
    forced: bool,
    error: Option<String>,
}

pub async fn password_page(who: Account) -> PasswordPage {
    PasswordPage {
        forced: who.user.user.must_change_password,
        ctx: who.ctx,
        error: None,
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    repeat: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    AccountForm { who, form }: AccountForm<PasswordForm>,
) -> AppResult<Response> {
    let user = &who.user.user;
    let fail = |key: &str| {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            PasswordPage {
                forced: user.must_change_password,
                error: Some(who.ctx.t(key)),
                ctx: who.ctx.clone(),
            },
        )
            .into_response())
    };
    if !verify_password(form.current, Some(user.password_hash.clone())).await {
        return fail("password-wrong-current");
    }
    if form.new != form.repeat {
        return fail("password-mismatch");
    }
    if let Some(key) = password_problem(&form.new, &user.username) {
        return fail(key);
    }
    let hash = hash_password(form.new).await?;
    state
        .store
        .set_password(user.id, &hash, cookie(&headers, SESSION_COOKIE))
        .await?;
    state
        .store
        .audit(Some(&user.username), "password_changed", None, None)
        .await?;
    Ok(Redirect::to(who.ctx.home_link()).into_response())
}

impl SecurityPage {
    fn when(&self, unix: &i64) -> String {
        self.ctx.lang.minute(*unix)
    }
}
