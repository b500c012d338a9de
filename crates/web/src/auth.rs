//! Passwords, the first organiser account, login sessions and the same-origin rule.

use crate::error::AppError;
use crate::page::{Ctx, SESSION_COOKIE};
use crate::AppState;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use trappe_store::{new_token, Store};

pub const SESSION_TTL_SECS: i64 = 8 * 3600;
/// Failed logins per account, and per address, within the throttle window before more
/// attempts are refused without even checking the password.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;

/// The client's address, when the server knows it (it is used only for throttling,
/// hashed, and never stored with anything else).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// Throttle keys for an account and an address.
pub fn throttle_keys(username: &str, addr: ClientAddr) -> (String, Option<String>) {
    (
        format!("user:{}", username.trim().to_lowercase()),
        addr.0
            .map(|ip| format!("ip:{}", trappe_store::hash_token(&ip.to_string()))),
    )
}
pub const MIN_PASSWORD_LEN: usize = 12;

/// Argon2id, off the async runtime: hashing takes tens of milliseconds on purpose.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    Ok(tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?)
}

/// Checks a password; for an unknown user (`hash` None) it checks against a hash nobody
/// knows the password of, so the time taken does not tell whether the user exists.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    tokio::task::spawn_blocking(move || {
        let dummy = DUMMY.get_or_init(|| password_auth::generate_hash(new_token()));
        let ok = password_auth::verify_password(password, hash.as_deref().unwrap_or(dummy)).is_ok();
        ok && hash.is_some()
    })
    .await
    .unwrap_or(false)
}

/// A readable one-time password (no look-alike characters).
fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// On first start, creates the organiser account `admin` with a one-time password,
/// which it returns (to be printed once). Returns None when accounts exist.
pub async fn ensure_first_organiser(store: &Store) -> anyhow::Result<Option<String>> {
    if store.user_count().await? > 0 {
        return Ok(None);
    }
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    store.create_user("admin", &hash, true).await?;
    Ok(Some(password))
}

/// Gives a user a new one-time password, to be changed at next login.
pub async fn reset_password(store: &Store, username: &str) -> anyhow::Result<String> {
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    store.force_password(username, &hash).await?;
    Ok(password)
}

/// Why a new password is refused, as a message key; None when it is acceptable.
pub fn password_problem(password: &str, username: &str) -> Option<&'static str> {
    const COMMON: &[&str] = &[
        "password",
        "123456",
        "qwerty",
        "adgangskode",
        "trappe",
        "sommer",
        "kodeord",
    ];
    let lower = password.to_lowercase();
    if password.chars().count() < MIN_PASSWORD_LEN {
        Some("password-too-short")
    } else if lower.contains(&username.to_lowercase())
        || COMMON.iter().any(|c| lower.starts_with(c))
    {
        Some("password-too-common")
    } else {
        None
    }
}

pub fn session_cookie(state: &AppState, token: &str, max_age: i64) -> String {
    let secure = if state.config.secure() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    )
}

/// Signs a user in with a fresh session (a new token at every login), returning the cookie.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<String, AppError> {
    let token = new_token();
    state
        .store
        .create_session(user_id, &token, &new_token(), SESSION_TTL_SECS)
        .await?;
    Ok(session_cookie(state, &token, SESSION_TTL_SECS))
}

pub async fn end_session(
    state: &AppState,
    ctx: &Ctx,
    token: Option<&str>,
) -> Result<String, AppError> {
    if let (Some(t), Some(_)) = (token, &ctx.session) {
        state.store.delete_session(t).await?;
    }
    Ok(session_cookie(state, "", 0))
}

/// Refuses state-changing requests sent from another site (the Origin and
/// Sec-Fetch-Site headers browsers add), on every form including login and answers.
pub async fn same_origin_only(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let h = req.headers();
        let site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        if matches!(site, Some("cross-site") | Some("same-site")) {
            return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        }
        if let Some(origin) = h.get(header::ORIGIN) {
            let host = h
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let origin_host = origin
                .to_str()
                .ok()
                .and_then(|o| o.split_once("://"))
                .map(|(_, rest)| rest.trim_end_matches('/'));
            if origin_host != Some(host) {
                return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy_wants_length_and_rejects_the_obvious() {
        assert_eq!(
            password_problem("short", "admin"),
            Some("password-too-short")
        );
        assert_eq!(
            password_problem("password12345", "admin"),
            Some("password-too-common")
        );
        assert_eq!(
            password_problem("myadminpassphrase", "admin"),
            Some("password-too-common")
        );
        assert_eq!(
            password_problem("en lang sætning om trapper", "admin"),
            None
        );
    }

    #[test]
    fn one_time_passwords_are_long_and_differ() {
        let a = one_time_password();
        assert_eq!(a.len(), 20);
        assert_ne!(a, one_time_password());
    }
}
