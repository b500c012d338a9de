//! Headers both ways: a state-changing request must come from this site (its Origin,
//! scheme included); answers meant for one reader are never stored by a cache (nor kept
//! for the back button of a shared computer); HSTS only on answers that travel over
//! https.

use crate::{AppState, Config};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use url::Url;

/// Whether a browser's `Origin` is this site: the base URL's origin, or the base URL's
/// scheme with the `Host` the request was sent to (a load balancer passes Host through).
/// Scheme, host and port must all match: `http://` is not the origin of an https site.
fn same_origin(origin: &str, host: &str, base_url: &str) -> bool {
    let Ok(origin) = Url::parse(origin) else {
        return false;
    };
    let base = Url::parse(base_url).ok();
    let scheme = base.as_ref().map_or("http", |b| b.scheme());
    let served = Url::parse(&format!("{scheme}://{host}/")).ok();
    [base, served]
        .into_iter()
        .flatten()
        .any(|site| site.origin() == origin.origin())
}

/// Refuses state-changing requests sent from another site (the Origin and
/// Sec-Fetch-Site headers browsers add), on every form including login and answers.
pub async fn same_origin_only(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
            let origin = origin.to_str().unwrap_or("");
            if !same_origin(origin, host, &state.config.base_url) {
                return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
            }
        }
    }
    next.run(req).await
}

/// Paths whose answers belong to one reader: signed-in pages, the login steps, account
/// invitations and respondent links (their token is the credential), and the API.
const PRIVATE_PATHS: [&str; 8] = [
    "/admin", "/account", "/start", "/login", "/invite", "/s", "/api", "/logout",
];

/// Whether the answer to this request is for its reader only.
fn private(headers: &HeaderMap, path: &str) -> bool {
    let credentials = headers.contains_key(header::AUTHORIZATION)
        || [
            crate::kit::page::SESSION_COOKIE,
            crate::accounts::auth::PENDING_COOKIE,
        ]
        .into_iter()
        .any(|c| crate::kit::page::cookie(headers, c).is_some_and(|v| !v.is_empty()));
    credentials
        || PRIVATE_PATHS.iter().any(|p| {
            path.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

/// Whether the request reached the visitor's browser over https. Trappe itself speaks
/// plain HTTP behind a TLS proxy, so this is the base URL's scheme, unless the proxy
/// says (X-Forwarded-Proto) that this request came over plain http. Trusting that
/// header from anyone is safe here: it can only take HSTS off the sender's own answer.
fn over_https(config: &Config, headers: &HeaderMap) -> bool {
    let forwarded = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_ascii_lowercase());
    config.secure() && forwarded.is_none_or(|p| p == "https")
}

pub async fn private_and_https(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let private = private(req.headers(), req.uri().path());
    let https = over_https(&state.config, req.headers());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    // An answer that sets a cookie (a login) is private whatever its path.
    if private || headers.contains_key(header::SET_COOKIE) {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    if https {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(
                "max-age=31536000; includeSubDomains",
            ));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn private_answers_are_known_by_path_or_credentials() {
        let none = HeaderMap::new();
        for p in [
            "/admin",
            "/admin/tokens",
            "/account/security",
            "/s/abc/p/1",
            "/api/v1/rounds",
            "/invite/x",
            "/login/totp",
        ] {
            assert!(private(&none, p), "{p}");
        }
        for p in [
            "/",
            "/privacy",
            "/static/trappe.css",
            "/f/abc",
            "/admins",
            "/styles",
        ] {
            assert!(!private(&none, p), "{p}");
        }
        assert!(private(
            &headers(&[("cookie", "trappe_session=abc")]),
            "/privacy"
        ));
        assert!(private(&headers(&[("authorization", "Bearer x")]), "/"));
        assert!(!private(
            &headers(&[("cookie", "trappe_lang=en")]),
            "/privacy"
        ));
    }

    #[test]
    fn an_origin_matches_in_scheme_host_and_port() {
        let base = "http://127.0.0.1:8080";
        assert!(same_origin("http://127.0.0.1:8080", "127.0.0.1:8080", base));
        assert!(!same_origin(
            "https://127.0.0.1:8080",
            "127.0.0.1:8080",
            base
        ));
        assert!(!same_origin(
            "http://127.0.0.1:8081",
            "127.0.0.1:8080",
            base
        ));
        assert!(!same_origin("http://evil.example", "127.0.0.1:8080", base));
        assert!(!same_origin("null", "127.0.0.1:8080", base));
        assert!(!same_origin("", "127.0.0.1:8080", base));
        let tls = "https://trappe.example.dk";
        assert!(same_origin(
            "https://trappe.example.dk",
            "trappe.example.dk",
            tls
        ));
        assert!(same_origin(
            "https://trappe.example.dk",
            "trappe.example.dk:443",
            tls
        ));
        // Behind a proxy that sends its own Host: the base URL's origin still counts.
        assert!(same_origin(
            "https://trappe.example.dk",
            "10.0.0.5:8080",
            tls
        ));
        assert!(same_origin(
            "https://other.example.dk",
            "other.example.dk",
            tls
        ));
        assert!(!same_origin(
            "http://trappe.example.dk",
            "trappe.example.dk",
            tls
        ));
        assert!(!same_origin(
            "http://other.example.dk",
            "other.example.dk",
            tls
        ));
    }

    #[test]
    fn hsts_only_over_https() {
        let https = Config {
            base_url: "https://trappe.example.dk".into(),
            ..Default::default()
        };
        let http = Config {
            base_url: "http://127.0.0.1:8080".into(),
            ..Default::default()
        };
        assert!(over_https(&https, &HeaderMap::new()));
        assert!(over_https(
            &https,
            &headers(&[("x-forwarded-proto", "https")])
        ));
        assert!(!over_https(
            &https,
            &headers(&[("x-forwarded-proto", "http")])
        ));
        assert!(!over_https(
            &https,
            &headers(&[("x-forwarded-proto", "HTTP, https")])
        ));
        assert!(!over_https(&http, &HeaderMap::new()));
        assert!(!over_https(
            &http,
            &headers(&[("x-forwarded-proto", "https")])
        ));
    }
}
