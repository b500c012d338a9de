//! Every access check of the web app, in one place. A handler states who may call it by
//! the extractor it takes, and gets back a typed handle that proves the check was made
//! (the way lldap's access-control handles work): a handler that takes `Organiser` cannot
//! run for anyone else, one that takes `OrgAccess` runs only for an organiser or for an
//! account linked to the organisation in its path.
//!
//! | extractor        | admits                                                        |
//! | ---------------- | ------------------------------------------------------------- |
//! | `Account`        | any signed-in account                                         |
//! | `Organiser`      | organisers                                                    |
//! | `OrgAccess`      | organisers; contacts and viewers of the path's `{org}`        |
//! | `AdminForm<T>`   | organisers, with the session's CSRF token                     |
//! | `AccountForm<T>` | any account, for its own account only, with the CSRF token    |
//! | `OrgPost<T>`     | organisers; contacts of the form's organisation; with CSRF    |
//! | `OrgEditor`      | organisers; contacts of the path's `{org}` (viewers only read) |
//! | `OrgEdit<T>`     | as `OrgEditor`, with the session's CSRF token                 |
//!
//! Nobody signed in is sent to the login page; a signed-in account without the right gets
//! 403. Respondents and citizens have no account: their links are their access.

use crate::kit::error::AppError;
use crate::kit::page::{form_urlencode, Ctx};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use subtle::ConstantTimeEq;
use trappe_store::SessionUser;

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Runs the installation: every organisation, round and account.
    Organiser,
    /// An organisation's contact: its invitations, results and report.
    Contact,
    /// Reads its organisation's results and report.
    Viewer,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "organiser" => Some(Role::Organiser),
            "contact" => Some(Role::Contact),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }
}

/// What an account may do with one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Organiser,
    Contact,
    Viewer,
}

impl Level {
    /// Make respondent links for the organisation.
    pub fn can_invite(self) -> bool {
        matches!(self, Level::Organiser | Level::Contact)
    }
    /// Change the organisation's settings and data (its channel prices, targets and
    /// contact logs).
    pub fn can_edit(self) -> bool {
        matches!(self, Level::Organiser | Level::Contact)
    }
    /// See the cohort (other organisations by name), exports and the admin pages.
    pub fn is_organiser(self) -> bool {
        self == Level::Organiser
    }
}

/// Any signed-in account, with its role and (for contacts and viewers) organisations.
#[derive(Debug, Clone)]
pub struct Account {
    pub ctx: Ctx,
    pub user: SessionUser,
    pub role: Role,
    /// The organisations a contact or viewer is linked to; empty for an organiser.
    pub orgs: Vec<i64>,
}

impl Account {
    /// What this account may do with organisation `org`, if anything.
    pub fn level_for(&self, org: i64) -> Option<Level> {
        match self.role {
            Role::Organiser => Some(Level::Organiser),
            Role::Contact if self.orgs.contains(&org) => Some(Level::Contact),
            Role::Viewer if self.orgs.contains(&org) => Some(Level::Viewer),
            _ => None,
        }
    }

    /// The handle for organisation `org`, or 403.
    pub fn org_access(&self, org: i64) -> Result<OrgAccess, AppError> {
        let level = self
            .level_for(org)
            .ok_or(AppError::Forbidden("not your organisation"))?;
        Ok(OrgAccess {
            ctx: self.ctx.clone(),
            user: self.user.clone(),
            org,
            level,
        })
    }
}

fn to_login(ctx: &Ctx) -> Response {
    let next = form_urlencode(&ctx.here);
    Redirect::to(&format!("/login?next={next}")).into_response()
}

impl FromRequestParts<AppState> for Account {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Account, Response> {
        if let Some(a) = parts.extensions.get::<Account>() {
            return Ok(a.clone());
        }
        let ctx = Ctx::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Some(user) = ctx.session.clone() else {
            return Err(to_login(&ctx));
        };
        let Some(role) = Role::parse(&user.user.role) else {
            return Err(AppError::Forbidden("unknown role").into_response());
        };
        // A one-time password must be replaced before anything else.
        if user.user.must_change_password && parts.uri.path() != "/account/password" {
            return Err(Redirect::to("/account/password").into_response());
        }
        let orgs = match role {
            Role::Organiser => Vec::new(),
            _ => state
                .store
                .user_orgs(user.user.id)
                .await
                .map_err(|e| AppError::from(e).into_response())?,
        };
        let account = Account {
            ctx,
            user,
            role,
            orgs,
        };
        parts.extensions.insert(account.clone());
        Ok(account)
    }
}

/// A signed-in organiser. Handlers that take it are closed to everyone else.
#[derive(Debug, Clone)]
pub struct Organiser {
    pub ctx: Ctx,
    pub user: SessionUser,
}

impl FromRequestParts<AppState> for Organiser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Organiser, Response> {
        let a = Account::from_request_parts(parts, state).await?;
        if a.role != Role::Organiser {
            return Err(AppError::Forbidden("organisers only").into_response());
        }
        Ok(Organiser {
            ctx: a.ctx,
            user: a.user,
        })
    }
}

/// Access to the organisation named by the path's `{org}`: an organiser, or a contact or
/// viewer linked to it. `level` says which.
#[derive(Debug, Clone)]
pub struct OrgAccess {
    pub ctx: Ctx,
    pub user: SessionUser,
    pub org: i64,
    pub level: Level,
}

impl FromRequestParts<AppState> for OrgAccess {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<OrgAccess, Response> {
        let a = Account::from_request_parts(parts, state).await?;
        let params = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let org = params
            .get("org")
            .and_then(|o| o.parse::<i64>().ok())
            .ok_or_else(|| AppError::NotFound.into_response())?;
        a.org_access(org).map_err(IntoResponse::into_response)
    }
}

/// The body of a posted form, once its CSRF field matches the session's token.
async fn checked_form(req: Request, state: &AppState, expected: &str) -> Result<Bytes, Response> {
    let bytes = Bytes::from_request(req, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
        .map_err(|e| AppError::BadRequest(format!("unreadable form: {e}")).into_response())?;
    let sent = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str());
    if !sent.is_some_and(|s| csrf_matches(s, expected)) {
        return Err(AppError::Forbidden("missing or wrong CSRF token").into_response());
    }
    Ok(bytes)
}

/// Whether a CSRF token sent with a form is the session's (compared in constant time),
/// for forms not read by the extractors here (file uploads).
pub fn csrf_matches(sent: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(sent.as_bytes().ct_eq(expected.as_bytes()))
}

fn parse_form<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    serde_urlencoded::from_bytes(bytes)
        .map_err(|e| AppError::BadRequest(format!("unreadable form: {e}")))
}

/// A form posted by a signed-in organiser, checked against the session's CSRF token
/// before it is parsed.
pub struct AdminForm<T> {
    pub who: Organiser,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for AdminForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<AdminForm<T>, Response> {
        let (mut parts, body) = req.into_parts();
        let who = Organiser::from_request_parts(&mut parts, state).await?;
        let expected = who.user.csrf_token.clone();
        let bytes = checked_form(Request::from_parts(parts, body), state, &expected).await?;
        Ok(AdminForm {
            who,
            form: parse_form(&bytes).map_err(IntoResponse::into_response)?,
        })
    }
}

/// A form about the signed-in account itself (its password, second factor, sessions),
/// open to every role, checked against the CSRF token.
pub struct AccountForm<T> {
    pub who: Account,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for AccountForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<AccountForm<T>, Response> {
        let (mut parts, body) = req.into_parts();
        let who = Account::from_request_parts(&mut parts, state).await?;
        let expected = who.user.csrf_token.clone();
        let bytes = checked_form(Request::from_parts(parts, body), state, &expected).await?;
        Ok(AccountForm {
            who,
            form: parse_form(&bytes).map_err(IntoResponse::into_response)?,
        })
    }
}

/// A form that names the organisation it acts for.
pub trait FormOrg {
    fn org(&self) -> i64;
}

/// A form that changes something of one organisation (e.g. makes its respondent links):
/// an organiser, or a contact of the form's organisation. Viewers only read.
pub struct OrgPost<T> {
    pub who: OrgAccess,
    pub form: T,
}

impl<T: DeserializeOwned + FormOrg> FromRequest<AppState> for OrgPost<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<OrgPost<T>, Response> {
        let (mut parts, body) = req.into_parts();
        let account = Account::from_request_parts(&mut parts, state).await?;
        if account.role == Role::Viewer {
            return Err(AppError::Forbidden("viewers only read").into_response());
        }
        let expected = account.user.csrf_token.clone();
        let bytes = checked_form(Request::from_parts(parts, body), state, &expected).await?;
        let form: T = parse_form(&bytes).map_err(IntoResponse::into_response)?;
        let who = account
            .org_access(form.org())
            .map_err(IntoResponse::into_response)?;
        if !who.level.can_invite() {
            return Err(AppError::Forbidden("viewers only read").into_response());
        }
        Ok(OrgPost { who, form })
    }
}

/// Changes to the organisation named by the path's `{org}`: an organiser, or a contact
/// of that organisation. Viewers only read.
#[derive(Debug, Clone)]
pub struct OrgEditor(pub OrgAccess);

impl FromRequestParts<AppState> for OrgEditor {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<OrgEditor, Response> {
        let who = OrgAccess::from_request_parts(parts, state).await?;
        if !who.level.can_edit() {
            return Err(AppError::Forbidden("viewers only read").into_response());
        }
        Ok(OrgEditor(who))
    }
}

/// A form that changes the organisation named by the path's `{org}` (an `OrgEditor`),
/// checked against the session's CSRF token before it is parsed.
pub struct OrgEdit<T> {
    pub who: OrgAccess,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for OrgEdit<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<OrgEdit<T>, Response> {
        let (mut parts, body) = req.into_parts();
        let OrgEditor(who) = OrgEditor::from_request_parts(&mut parts, state).await?;
        let expected = who.user.csrf_token.clone();
        let bytes = checked_form(Request::from_parts(parts, body), state, &expected).await?;
        Ok(OrgEdit {
            who,
            form: parse_form(&bytes).map_err(IntoResponse::into_response)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trappe_store::User;

    fn account(role: Role, orgs: Vec<i64>) -> Account {
        Account {
            ctx: Ctx {
                lang: Default::default(),
                session: None,
                here: "/".into(),
            },
            user: SessionUser {
                user: User {
                    id: 1,
                    username: "u".into(),
                    password_hash: String::new(),
                    role: format!("{role:?}").to_lowercase(),
                    must_change_password: false,
                    totp_secret: None,
                },
                csrf_token: "c".into(),
            },
            role,
            orgs,
        }
    }

    #[test]
    fn levels_follow_role_and_organisation() {
        assert_eq!(
            account(Role::Organiser, vec![]).level_for(9),
            Some(Level::Organiser)
        );
        let contact = account(Role::Contact, vec![1, 2]);
        assert_eq!(contact.level_for(2), Some(Level::Contact));
        assert_eq!(contact.level_for(3), None);
        assert!(contact.org_access(3).is_err());
        let viewer = account(Role::Viewer, vec![1]);
        assert_eq!(viewer.level_for(1), Some(Level::Viewer));
        assert!(!Level::Viewer.can_invite() && Level::Contact.can_invite());
        for r in [Role::Organiser, Role::Contact, Role::Viewer] {
            assert_eq!(Role::parse(&format!("{r:?}").to_lowercase()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}

/// A caller of the JSON API, by bearer token only: the API takes no cookies, so a
/// browser session can never be ridden into it. `org` limits the caller to one
/// organisation's results (and the benchmarks everyone sees).
#[derive(Debug, Clone)]
pub struct ApiClient {
    pub token: trappe_store::ApiToken,
}

impl ApiClient {
    pub fn org(&self) -> Option<i64> {
        self.token.org_id
    }
}

/// The API's refusal: 401 with a JSON body and a WWW-Authenticate challenge.
pub struct ApiDenied(&'static str);

/// Why the call was refused.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ApiErrorBody {
    error: &'static str,
}

impl IntoResponse for ApiDenied {
    fn into_response(self) -> Response {
        (
            axum::http::StatusCode::UNAUTHORIZED,
            [(
                axum::http::header::WWW_AUTHENTICATE,
                "Bearer realm=\"trappe\"",
            )],
            axum::Json(ApiErrorBody { error: self.0 }),
        )
            .into_response()
    }
}

impl FromRequestParts<AppState> for ApiClient {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ApiClient, Response> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(
                ApiDenied("a bearer token is required (Authorization: Bearer ...)").into_response(),
            );
        };
        match state.store.api_token(token).await {
            Ok(Some(token)) => Ok(ApiClient { token }),
            Ok(None) => Err(ApiDenied("unknown or revoked token").into_response()),
            Err(e) => Err(AppError::from(e).into_response()),
        }
    }
}

// ---- the client's address ----

/// A trusted reverse proxy: one address (`10.0.0.5`, `::1`) or a network (`10.0.0.0/8`).
pub fn parse_trusted_proxy(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("'{s}' is neither an IP address nor a network like 10.0.0.0/8"))
}

/// The client's address, the one place it is worked out (login delays, the other
/// per-address caps, and whatever asks whether a request came through a trusted proxy).
///
/// The socket's peer, unless that peer is one of `trusted` (the `--trusted-proxy`
/// addresses): then `X-Forwarded-For` is read from the right, skipping the trusted
/// proxies' own entries, and the first other address is the client (the left-hand
/// entries are whatever the client chose to send, so they are never believed). Without
/// trusted proxies the header is ignored: anyone can write it.
pub fn client_addr(
    trusted: &[ipnet::IpNet],
    peer: Option<std::net::IpAddr>,
    headers: &axum::http::HeaderMap,
) -> Option<std::net::IpAddr> {
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|n| n.contains(ip));
    let mut client = peer?;
    if !is_trusted(&client) {
        return Some(client);
    }
    // Several X-Forwarded-For headers are one list, in order.
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("").split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        // A hop that is no address (junk, or a port with it) ends what can be believed:
        // the last trusted proxy is then the client as far as anyone knows.
        let Ok(ip) = hop.parse::<std::net::IpAddr>() else {
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    Some(client)
}

fn peer_of(parts: &Parts) -> Option<std::net::IpAddr> {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The client's address, when the server knows it (see `client_addr`). Used only for
/// throttling, as a keyed hash, and never stored with anything else.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_addr(
            &state.config.trusted_proxies,
            peer_of(parts),
            &parts.headers,
        )))
    }
}

#[cfg(test)]
mod client_addr_tests {
    use super::*;

    fn xff(v: &[&str]) -> axum::http::HeaderMap {
        let mut h = axum::http::HeaderMap::new();
        for x in v {
            h.append("x-forwarded-for", x.parse().unwrap());
        }
        h
    }

    #[test]
    fn forwarded_for_only_from_a_trusted_proxy_and_from_the_right() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let proxy = Some(ip("10.0.0.5"));
        let h = xff(&["6.6.6.6, 203.0.113.7"]);
        // No trusted proxy: the peer, whatever the header says.
        assert_eq!(client_addr(&[], proxy, &h), proxy);
        let trusted = [parse_trusted_proxy("10.0.0.0/8").unwrap()];
        // From a trusted proxy: the right-most entry, not the forged left one.
        assert_eq!(client_addr(&trusted, proxy, &h), Some(ip("203.0.113.7")));
        // A chain of trusted proxies is skipped.
        let h2 = xff(&["6.6.6.6, 203.0.113.7", "10.1.1.1"]);
        assert_eq!(client_addr(&trusted, proxy, &h2), Some(ip("203.0.113.7")));
        // A peer that is not trusted is the client, header or not.
        assert_eq!(
            client_addr(&trusted, Some(ip("198.51.100.2")), &h),
            Some(ip("198.51.100.2"))
        );
        // Junk stops the walk at the last trusted hop; no header means the proxy.
        assert_eq!(client_addr(&trusted, proxy, &xff(&["junk"])), proxy);
        assert_eq!(client_addr(&trusted, proxy, &xff(&[])), proxy);
        assert_eq!(
            parse_trusted_proxy("::1").unwrap(),
            "::1/128".parse::<ipnet::IpNet>().unwrap()
        );
        assert!(parse_trusted_proxy("proxy.example").is_err());
    }
}

/// What a multipart form that cannot be read says: too large (over `max_bytes`), or why.
pub fn multipart_error(
    max_bytes: usize,
) -> impl Fn(axum::extract::multipart::MultipartError) -> AppError + Copy {
    move |e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BadRequest(format!(
                "the file is larger than {} MB",
                max_bytes / (1024 * 1024)
            ))
        } else {
            AppError::BadRequest(format!("the upload could not be read: {e}"))
        }
    }
}

/// The CSRF check of a multipart form (file uploads): reads its first field, which must be `csrf` and match `expected`
/// (before any file is read, so nothing is written for a forged request).
pub async fn csrf_field(
    form: &mut axum::extract::Multipart,
    expected: &str,
    max_bytes: usize,
) -> Result<(), AppError> {
    let bad = multipart_error(max_bytes);
    let csrf = match form.next_field().await.map_err(bad)? {
        Some(f) if f.name() == Some("csrf") => f.text().await.map_err(bad)?,
        _ => String::new(),
    };
    if !csrf_matches(&csrf, expected) {
        return Err(AppError::Forbidden("missing or wrong CSRF token"));
    }
    Ok(())
}

/// The signed-in person behind a handle writes the audit log's entries as the actor:
/// `who.audit(&state.store, "round_created", subject, detail)`.
macro_rules! audited_as_the_user {
    ($($handle:ty),*) => {$(
        impl $handle {
            /// Writes `action` to the audit log with this account as the actor.
            pub async fn audit(
                &self,
                store: &trappe_store::Store,
                action: &str,
                subject: Option<&str>,
                detail: Option<&str>,
            ) -> trappe_store::Result<()> {
                store
                    .audit(Some(&self.user.user.username), action, subject, detail)
                    .await
            }
        }
    )*};
}
audited_as_the_user!(Organiser, OrgAccess);

// Links: a respondent's (`/s/{token}`) and a citizen's feedback link (`/f/{token}`).
// Nobody signs in behind them; the token is the access, so guessing it is throttled.

/// Unknown link tokens tried from one address within the throttle window before it is
/// refused. Respondent and feedback links share the count.
pub const MAX_UNKNOWN_LINKS_PER_ADDRESS: i64 = 20;

/// Guesses at link tokens from one client address (a keyed hash, never stored with
/// anything else).
struct LinkGuesses(Option<String>);

impl LinkGuesses {
    fn of(state: &AppState, addr: &ClientAddr) -> Self {
        LinkGuesses(crate::accounts::auth::address_key(
            &state.store,
            addr,
            "link",
        ))
    }

    /// Whether the address has used up its guesses.
    async fn exhausted(&self, state: &AppState) -> Result<bool, AppError> {
        Ok(match &self.0 {
            Some(k) => state.store.throttle_failures(k).await? >= MAX_UNKNOWN_LINKS_PER_ADDRESS,
            None => false,
        })
    }

    async fn count(&self, state: &AppState) -> Result<(), AppError> {
        if let Some(k) = &self.0 {
            state.store.throttle_fail(k).await?;
        }
        Ok(())
    }
}

/// The `token` of a link's path, the language of its pages and the client's address.
async fn link_parts(
    parts: &mut Parts,
    state: &AppState,
) -> Result<(String, Ctx, ClientAddr), Response> {
    let ctx = Ctx::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let Ok(Path(mut params)) =
        Path::<HashMap<String, String>>::from_request_parts(parts, state).await
    else {
        return Err(AppError::NotFound.into_response());
    };
    let token = params
        .remove("token")
        .ok_or(AppError::NotFound.into_response())?;
    let Ok(addr) = ClientAddr::from_request_parts(parts, state).await;
    Ok((token, ctx, addr))
}

/// A respondent's link that may be answered now: known, not revoked or used, its round
/// open. Anything else is refused with the page that says why (unknown, closed, used,
/// or too many guesses from this address).
pub struct RespondentLink {
    pub token: String,
    pub inv: trappe_store::Invitation,
    pub round: trappe_store::Round,
    pub model: std::sync::Arc<trappe_core::Model>,
    /// None until a page is saved: fetching a link, as a mail scanner does, starts nothing.
    pub response_id: Option<i64>,
}

impl FromRequestParts<AppState> for RespondentLink {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let (token, ctx, addr) = link_parts(parts, state).await?;
        RespondentLink::check(state, &ctx, &addr, token)
            .await
            .map_err(IntoResponse::into_response)?
    }
}

impl RespondentLink {
    async fn check(
        state: &AppState,
        ctx: &Ctx,
        addr: &ClientAddr,
        token: String,
    ) -> Result<Result<RespondentLink, Response>, AppError> {
        use crate::kit::page::MessagePage;
        use axum::http::StatusCode;
        use trappe_store::{InvitationStatus, RoundStatus};
        let refuse = |status, key| Ok(Err(MessagePage::keyed(ctx, status, key)));
        let Some(inv) = state.store.invitation(&token).await? else {
            // Checked only for unknown tokens, so a respondent's page costs no query.
            let guesses = LinkGuesses::of(state, addr);
            if guesses.exhausted(state).await? {
                return refuse(StatusCode::TOO_MANY_REQUESTS, "link-throttled");
            }
            guesses.count(state).await?;
            return refuse(StatusCode::NOT_FOUND, "link-unknown");
        };
        let round = state
            .store
            .round(inv.round_id)
            .await?
            .ok_or(AppError::NotFound)?;
        match round.status {
            RoundStatus::Open => {}
            RoundStatus::Draft => return refuse(StatusCode::FORBIDDEN, "round-not-open"),
            RoundStatus::Closed => return refuse(StatusCode::GONE, "round-closed"),
        }
        if inv.revoked {
            return refuse(StatusCode::GONE, "link-revoked");
        }
        if inv.status == InvitationStatus::Used {
            return refuse(StatusCode::GONE, "link-used");
        }
        let model = state
            .store
            .model_shared(&round.model_id, Some(&round.model_version))
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Ok(RespondentLink {
            token,
            response_id: inv.response_id,
            inv,
            round,
            model,
        }))
    }
}

/// A respondent's link past its first page. An open link (one for many visitors) has
/// only its first page, where a visitor takes a place and gets a link of its own; its
/// other pages redirect there.
pub struct OwnLink(pub RespondentLink);

impl FromRequestParts<AppState> for OwnLink {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let link = RespondentLink::from_request_parts(parts, state).await?;
        if link.inv.kind == trappe_store::InvitationKind::Open {
            return Err(Redirect::to(&format!("/s/{}", link.token)).into_response());
        }
        Ok(OwnLink(link))
    }
}

/// A citizen's feedback link that is live. Unknown tokens count as guesses, with those at
/// respondent links, and an address out of guesses is refused even a live link.
pub struct FeedbackLink {
    pub token: String,
    pub visit: trappe_store::FeedbackVisit,
}

/// A feedback link known to exist, revoked or not: the thank-you page after a response
/// (a link revoked meanwhile still thanks).
pub struct GivenFeedbackLink(pub FeedbackLink);

impl FeedbackLink {
    async fn check(
        parts: &mut Parts,
        state: &AppState,
        live: bool,
    ) -> Result<FeedbackLink, Response> {
        use axum::http::StatusCode;
        let (token, ctx, addr) = link_parts(parts, state).await?;
        let refuse = |status, key| Ok(Err(crate::kit::page::MessagePage::keyed(&ctx, status, key)));
        let guesses = LinkGuesses::of(state, &addr);
        let checked: Result<Result<FeedbackLink, Response>, AppError> = async {
            if live && guesses.exhausted(state).await? {
                return refuse(StatusCode::TOO_MANY_REQUESTS, "fb-limited");
            }
            let Some(visit) = state.store.feedback_visit(&token).await? else {
                guesses.count(state).await?;
                return refuse(StatusCode::NOT_FOUND, "fb-unknown");
            };
            if live && visit.link.revoked_at.is_some() {
                return refuse(StatusCode::GONE, "fb-revoked");
            }
            Ok(Ok(FeedbackLink { token, visit }))
        }
        .await;
        checked.map_err(IntoResponse::into_response)?
    }
}

impl FromRequestParts<AppState> for FeedbackLink {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        FeedbackLink::check(parts, state, true).await
    }
}

impl FromRequestParts<AppState> for GivenFeedbackLink {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        FeedbackLink::check(parts, state, false)
            .await
            .map(GivenFeedbackLink)
    }
}
