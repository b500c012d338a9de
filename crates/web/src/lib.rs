//! Trappe's web app: thin axum handlers that parse, call the domain and the store, and
//! render server-side HTML (no JavaScript needed) through one message catalogue.

mod access;
pub mod accounts;
pub mod contacts;
pub mod journeys;
pub mod kit;
pub mod measurement;
mod routes;
pub mod site;

pub use access::parse_trusted_proxy;
pub use accounts::auth::{
    create_account_invitation, ensure_first_organiser, hash_password, reset_password,
};
pub use accounts::oidc::SSO_STARTS_PER_ADDRESS;
pub use kit::error::AppError;
pub use kit::server::ConnectionLimits;
pub use measurement::analyses::PROGRESS_FROM_RESPONSES;
pub use routes::route_list;

use axum::http::{header, HeaderValue};
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::set_header::SetResponseHeaderLayer;
use trappe_store::Store;

/// Settings of a running app.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The public address links are made with, e.g. `https://trappe.example.dk`.
    pub base_url: String,
    /// The installation's owner, the data controller named on /privacy and /accessibility.
    pub org_name: String,
    /// Where visitors write about privacy and accessibility.
    pub contact_email: String,
    /// Single sign-on through an OpenID Connect provider, when configured.
    pub oidc: Option<accounts::oidc_client::OidcConfig>,
    /// From how many complete responses a round's pages show the progress of its
    /// analysis instead of waiting for it (None: `measurement::analyses::PROGRESS_FROM_RESPONSES`).
    pub analysis_progress_from: Option<usize>,
    /// Header and idle timeouts and the cap on connections served at once.
    pub connections: ConnectionLimits,
    /// The bearer token that opens /metrics to a scraper that is not on this machine
    /// (without it, /metrics answers only requests from the loopback address).
    pub metrics_token: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`);
    /// empty: the socket's peer is the client (see `access::client_addr`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Mail: the outbox folder or SMTP server (for the mail page) and the sender's wake-up.
    pub mail: kit::mails::MailSettings,
}

impl Config {
    /// Cookies are marked Secure when the app is served over TLS.
    pub fn secure(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

pub struct App {
    pub store: Store,
    pub config: Config,
    metrics: kit::metrics::Metrics,
    /// The single sign-on provider, when configured.
    pub oidc: Option<accounts::oidc_client::Oidc>,
    /// Each round's analysis, kept until its results change (see `analyses`).
    analyses: measurement::analyses::Analyses,
}

#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState(Arc::new(App {
            oidc: config.oidc.clone().map(accounts::oidc_client::Oidc::new),
            store,
            config,
            analyses: Default::default(),
            metrics: kit::metrics::Metrics::default(),
        }))
    }
}

/// The whole app as a router, with its security headers and limits.
pub fn router(state: AppState) -> axum::Router {
    let h = |v: &'static str| HeaderValue::from_static(v);
    routes::routes()
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), kit::error::unless_db_down))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), kit::metrics::track))
        // A slow client or a stuck request cannot hold a worker for ever.
        .layer(axum::middleware::from_fn(request_timeout))
        .layer(axum::middleware::from_fn_with_state(state.clone(), kit::headers::same_origin_only))
        // Errors as pages in the visitor's language (also the router's own rejections,
        // a refused cross-site form and a timeout).
        .layer(axum::middleware::from_fn(kit::error::error_pages))
        // Outside the error pages, so an error page for one reader is not cached either.
        .layer(axum::middleware::from_fn_with_state(state.clone(), kit::headers::private_and_https))
        .layer(axum::extract::DefaultBodyLimit::max(2 * 1024 * 1024))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            h("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, h("nosniff")))
        // Respondent links carry their token in the path: never send it to another site.
        // (Not "no-referrer": browsers then post forms with `Origin: null`, which the
        // same-origin check must refuse.)
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, h("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, h("DENY")))
        .with_state(state)
}

/// A slow client or a stuck request cannot hold a worker for ever: 30 seconds, except
/// for a contact-log upload (up to 200 MB), which gets 15 minutes.
async fn request_timeout(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let upload =
        req.method() == axum::http::Method::POST && req.uri().path().ends_with("/channels/uploads");
    let limit = std::time::Duration::from_secs(if upload { 15 * 60 } else { 30 });
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => axum::http::StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// Serves the app on `listener` until the process is stopped.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, std::future::pending()).await
}

/// Serves the app until `shutdown` completes, letting requests in flight finish.
/// Client addresses reach handlers (for login throttling only).
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.config.connections;
    kit::server::serve(listener, router(state), limits, shutdown).await
}
