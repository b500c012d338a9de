//! The start page, language switch, login and logout.

use super::local_path;
use crate::auth::{
    end_session, pending_cookie, start_session, throttle_keys, verify_password, ClientAddr,
    MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, PENDING_LOGIN_TTL_SECS,
};
use crate::error::AppResult;
use crate::page::{cookie, Ctx, LANG_COOKIE, SESSION_COOKIE};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    ctx: Ctx,
}

pub async fn home(ctx: Ctx) -> Response {
    if ctx.session.is_some() {
        return Redirect::to(ctx.home_link()).into_response();
    }
    HomePage { ctx }.into_response()
}

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/trappe.css"),
    )
}

/// The script that keeps an import's progress up to date (the page works without it).
pub async fn progress_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/progress.js"),
    )
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn set_lang(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let lang = crate::i18n::Lang::from_code(&code).unwrap_or_default();
    let target = local_path(q.next.as_deref(), "/");
    (
        [(
            header::SET_COOKIE,
            format!(
                "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
                lang.code()
            ),
        )],
        Redirect::to(&target),
    )
        .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    ctx: Ctx,
    next: String,
    error: Option<&'static str>,
    username: String,
    /// The single sign-on provider's name, when one is configured.
    sso: Option<String>,
}

impl LoginPage {
    /// The single sign-on link, carrying `next` along.
    fn sso_link(&self) -> String {
        format!(
            "/login/oidc?next={}",
            crate::page::form_urlencode(&self.next)
        )
    }
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
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let next = local_path(f.next.as_deref(), "/start");
    let username = f.username.trim().to_string();
    let (user_key, addr_key) = throttle_keys(&state.store, &username, addr);
    let refuse = |status, key| {
        (
            status,
            LoginPage {
                ctx: ctx.clone(),
                next: next.clone(),
                error: Some(key),
                username: username.clone(),
                sso: sso_name(&state),
            },
        )
            .into_response()
    };
    // Too many failures: refuse before checking the password, so guessing stays slow.
    let addr_failures = match &addr_key {
        Some(k) => state.store.throttle_failures(k).await?,
        None => 0,
    };
    if state.store.throttle_failures(&user_key).await? >= MAX_FAILURES_PER_ACCOUNT
        || addr_failures >= MAX_FAILURES_PER_ADDRESS
    {
        state
            .store
            .audit(Some(&username), "login_throttled", None, None)
            .await?;
        return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, "login-throttled"));
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
            state.store.throttle_clear(&user_key).await?;
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
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&target)).into_response())
        }
        _ => {
            state.store.throttle_fail(&user_key).await?;
            if let Some(k) = &addr_key {
                state.store.throttle_fail(k).await?;
            }
            state
                .store
                .audit(Some(&username), "login_failed", None, None)
                .await?;
            Ok(refuse(StatusCode::UNAUTHORIZED, "login-failed"))
        }
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[allow(dead_code)]
    csrf: Option<String>,
}

pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<LogoutForm>,
) -> AppResult<Response> {
    // Logging out needs the session's CSRF token, so another site cannot sign you out.
    if ctx.session.is_some() && f.csrf.as_deref() != Some(ctx.csrf()) {
        return Err(crate::AppError::Forbidden("missing or wrong CSRF token"));
    }
    if let Some(name) = ctx.username() {
        state.store.audit(Some(name), "logout", None, None).await?;
    }
    let cookie = end_session(&state, &ctx, cookie(&headers, SESSION_COOKIE)).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}
