//! The start page, language switch, login and logout.

use super::local_path;
use crate::auth::{
    end_session, pending_cookie, start_session, verify_password, ClientAddr, PENDING_LOGIN_TTL_SECS,
};
use crate::error::AppResult;
use crate::login_guard::{device_cookie, wait_secs, Guard, Refusal};
use crate::page::{cookie, Ctx, LANG_COOKIE, SESSION_COOKIE};
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use trappe_core::username::{clip, MAX_USERNAME_CHARS};

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
    /// The error, as shown.
    error: Option<String>,
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
            refuse(StatusCode::TOO_MANY_REQUESTS, refusal_text(&ctx, r)),
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

/// What a refused login attempt is told: how long to wait, in seconds or minutes.
pub(crate) fn refusal_text(ctx: &Ctx, r: Refusal) -> String {
    match r {
        Refusal::Wait(ms) => {
            let secs = wait_secs(ms);
            if secs < 120 {
                ctx.lang
                    .t_args("login-wait-seconds", &[("seconds", secs.into())])
            } else {
                let minutes = (secs + 59) / 60;
                ctx.lang
                    .t_args("login-wait-minutes", &[("minutes", minutes.into())])
            }
        }
        Refusal::Address => ctx.t("login-throttled"),
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
    if ctx.session.is_some() && f.csrf.as_deref() != Some(ctx.csrf()) {
        return Err(crate::AppError::Forbidden("missing or wrong CSRF token"));
    }
    if let Some(name) = ctx.username() {
        state.store.audit(Some(name), "logout", None, None).await?;
    }
    let cookie = end_session(&state, &ctx, cookie(&headers, SESSION_COOKIE)).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}
