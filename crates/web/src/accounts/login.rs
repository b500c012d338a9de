//! Login and logout: the password step, the code step of a two-step login, and the
//! refusals of both.

use crate::accounts::auth::{
    end_session, pending_cookie, start_session, verify_password, ClientAddr, PENDING_LOGIN_TTL_SECS,
};
use crate::accounts::auth::{normalise_recovery_code, MAX_CODE_ATTEMPTS, PENDING_COOKIE};
use crate::accounts::login_guard::{device_cookie, wait_secs, Guard, Refusal};
use crate::accounts::totp;
use crate::kit::error::AppResult;
use crate::kit::page::{cookie, Ctx, SESSION_COOKIE};
use crate::kit::refusals::Explain;
use crate::routes::local_path;
use crate::site::public::Next;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use trappe_core::username::{clip, MAX_USERNAME_CHARS};

#[derive(Template, WebTemplate)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    ctx: Ctx,
    next: String,
    /// The error, as shown.
    error: Option<String>,
    username: String,
    /// The single sign-on provider's name, when one is configured.
    sso: Option<String>,
}

fn sso_name(state: &AppState) -> Option<String> {
    state.oidc.as_ref().map(|o| o.config.name.clone())
}

pub async fn login_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<Next>,
) -> LoginPage {
    LoginPage {
        ctx,
        next: local_path(q.next.as_deref(), "/start"),
        error: None,
        username: String::new(),
        sso: sso_name(&state),
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    addr: ClientAddr,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    // Bounded before anything else: the name reaches the log, the page and the keys.
    let username = clip(f.username.trim(), MAX_USERNAME_CHARS).into_owned();
    let next = local_path(f.next.as_deref(), "/start");
    let guard = Guard::new(&state, &username, addr, &headers);
    let refuse = |status, error: String| {
        (
            status,
            LoginPage {
                ctx: ctx.clone(),
                next: next.clone(),
                error: Some(error),
                username: username.clone(),
                sso: sso_name(&state),
            },
        )
            .into_response()
    };
    // Inside its wait, or over the address's ceiling: refused before the password is
    // checked, so guessing stays slow.
    if let Some(r) = guard.refusal(&state, true).await? {
        guard.audit_refusal(&state, &username).await?;
        return Ok(refused(
            refuse(StatusCode::TOO_MANY_REQUESTS, r.explain(ctx.lang)),
            r,
        ));
    }
    let user = state.store.user_by_name(&username).await?;
    let ok = verify_password(f.password, user.as_ref().map(|u| u.password_hash.clone())).await;
    match user {
        // With a second factor the password opens only the code step, not a session.
        Some(u) if ok && u.totp_secret.is_some() => {
            let token = trappe_store::new_token();
            state
                .store
                .create_pending_login(u.id, &token, &next, PENDING_LOGIN_TTL_SECS)
                .await?;
            let cookie = pending_cookie(&state, &token, PENDING_LOGIN_TTL_SECS);
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/login/totp")).into_response())
        }
        Some(u) if ok => {
            guard.succeeded(&state).await?;
            state
                .store
                .audit(Some(&u.username), "login", None, None)
                .await?;
            let cookie = start_session(&state, u.id).await?;
            let target = if u.must_change_password {
                "/account/password".to_string()
            } else {
                next
            };
            let mut res = Redirect::to(&target).into_response();
            for c in [cookie, device_cookie(&state, &u.username)] {
                if let Ok(v) = header::HeaderValue::from_str(&c) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            Ok(res)
        }
        _ => {
            guard.failed(&state).await?;
            state
                .store
                .audit(Some(&username), "login_failed", None, None)
                .await?;
            Ok(refuse(StatusCode::UNAUTHORIZED, ctx.t("login-failed")))
        }
    }
}

/// A refusal's response with `Retry-After` (seconds) when the wait is known.
pub(crate) fn refused(mut res: Response, r: Refusal) -> Response {
    let secs = match r {
        Refusal::Wait(ms) => wait_secs(ms),
        Refusal::Address => trappe_store::THROTTLE_WINDOW_SECS,
    };
    if let Ok(v) = header::HeaderValue::from_str(&secs.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: Option<String>,
}

pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<LogoutForm>,
) -> AppResult<Response> {
    // Logging out needs the session's CSRF token, so another site cannot sign you out.
    if ctx.session.is_some()
        && !crate::access::csrf_matches(f.csrf.as_deref().unwrap_or(""), ctx.csrf())
    {
        return Err(crate::AppError::Forbidden("missing or wrong CSRF token"));
    }
    if let Some(name) = ctx.username() {
        state.store.audit(Some(name), "logout", None, None).await?;
    }
    let cookie = end_session(&state, &ctx, cookie(&headers, SESSION_COOKIE)).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

// ---- the code step of a two-step login ----

#[derive(Template, WebTemplate)]
#[template(path = "accounts/login_totp.html")]
pub struct CodePage {
    ctx: Ctx,
    error: Option<String>,
}

fn back_to_login(state: &AppState) -> Response {
    (
        [(header::SET_COOKIE, pending_cookie(state, "", 0))],
        Redirect::to("/login"),
    )
        .into_response()
}

pub async fn code_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let pending = match cookie(&headers, PENDING_COOKIE) {
        Some(t) if !t.is_empty() => state.store.pending_login(t).await?,
        _ => None,
    };
    if pending.is_none() {
        return Ok(back_to_login(&state));
    }
    Ok(CodePage { ctx, error: None }.into_response())
}

/// The code step's form: a code from the app, or one of the recovery codes.
#[derive(Deserialize)]
pub struct LoginCodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    recovery: String,
}

pub async fn code(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    addr: ClientAddr,
    Form(form): Form<LoginCodeForm>,
) -> AppResult<Response> {
    let token = cookie(&headers, PENDING_COOKIE).unwrap_or("").to_string();
    let pending = if token.is_empty() {
        None
    } else {
        state.store.pending_login(&token).await?
    };
    let Some(pending) = pending else {
        return Ok(back_to_login(&state));
    };
    let Some(user) = state.store.user(pending.user_id).await? else {
        return Ok(back_to_login(&state));
    };
    let Some(secret) = user.totp_secret.clone() else {
        return Ok(back_to_login(&state));
    };
    // The same pair (or device) as the password step: wrong codes slow it too.
    let guard = Guard::new(&state, &user.username, addr, &headers);
    if let Some(r) = guard.refusal(&state, false).await? {
        guard.audit_refusal(&state, &user.username).await?;
        return Ok(refused(
            (
                StatusCode::TOO_MANY_REQUESTS,
                CodePage {
                    error: Some(r.explain(ctx.lang)),
                    ctx,
                },
            )
                .into_response(),
            r,
        ));
    }
    let recovery = form.recovery.trim();
    let fresh = if !recovery.is_empty() {
        // A recovery code counts once: it is marked used as it is accepted.
        let left = match normalise_recovery_code(recovery) {
            Some(c) => state.store.use_recovery_code(user.id, &c).await?,
            None => None,
        };
        if let Some(left) = left {
            let detail = format!("{left} left");
            state
                .store
                .audit(
                    Some(&user.username),
                    "recovery_code_used",
                    None,
                    Some(&detail),
                )
                .await?;
        }
        left.is_some()
    } else {
        let step = totp::verify(&secret, &form.code, chrono::Utc::now().timestamp());
        // A code counts once: the step it belongs to is recorded, and an older or equal
        // one is refused from then on.
        match step {
            Some(s) => state.store.use_totp_step(user.id, s).await?,
            None => false,
        }
    };
    if !fresh {
        guard.failed(&state).await?;
        state
            .store
            .audit(Some(&user.username), "login_code_failed", None, None)
            .await?;
        if state.store.pending_login_failed(&token).await? >= MAX_CODE_ATTEMPTS {
            state.store.delete_pending_login(&token).await?;
            return Ok(back_to_login(&state));
        }
        let key = if recovery.is_empty() {
            "totp-wrong-code"
        } else {
            "recovery-wrong-code"
        };
        return Ok((
            StatusCode::UNAUTHORIZED,
            CodePage {
                error: Some(ctx.t(key)),
                ctx,
            },
        )
            .into_response());
    }
    state.store.delete_pending_login(&token).await?;
    guard.succeeded(&state).await?;
    state
        .store
        .audit(
            Some(&user.username),
            "login",
            None,
            Some(if recovery.is_empty() {
                "with a second factor"
            } else {
                "with a recovery code"
            }),
        )
        .await?;
    let session = start_session(&state, user.id).await?;
    let target = if user.must_change_password {
        "/account/password".to_string()
    } else {
        local_path(Some(&pending.next), "/start")
    };
    let mut res = Redirect::to(&target).into_response();
    let device = device_cookie(&state, &user.username);
    for c in [session, pending_cookie(&state, "", 0), device] {
        if let Ok(v) = header::HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(res)
}

impl LoginPage {
    /// The single sign-on link, carrying `next` along.
    fn sso_link(&self) -> String {
        format!(
            "/login/oidc?next={}",
            crate::kit::page::form_urlencode(&self.next)
        )
    }
}
