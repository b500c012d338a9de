//! Single sign-on through OpenID Connect: the authorization code flow with PKCE (S256),
//! state and nonce; the provider found by its discovery document; the ID token's
//! signature checked against the provider's published keys (JWKS: RS256, and the other
//! RSA, RSA-PSS and ECDSA algorithms) and its `iss`, `aud`, `azp`, `exp` and `nonce`
//! checked; then its claims mapped to a Trappe role and organisations.
//!
//! The mapping (`map_claims`) is plain data in, decision out, and tested here; the
//! handlers in `routes::oidc` call it after the token has been verified.

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use trappe_store::Org;

/// The settings of single sign-on (`trappe serve --oidc-*`).
#[derive(Clone, Default)]
pub struct OidcConfig {
    /// The provider's issuer identifier (an https URL; http only on a loopback address).
    pub issuer: String,
    pub client_id: String,
    /// None for a public client (PKCE alone).
    pub client_secret: Option<String>,
    /// The provider's name on the login button ("Log ind med <name>").
    pub name: String,
    /// Scopes asked for; `openid` is always among them.
    pub scopes: String,
    /// The claim that names the organisation (a CVR number, or a value in `org_map`).
    pub org_claim: String,
    /// The claim that names the role (organiser, contact, viewer, or a value in `role_map`).
    pub role_claim: String,
    /// Claim value -> organisation (its id, CVR number or exact name).
    pub org_map: Vec<(String, String)>,
    /// Claim value -> role.
    pub role_map: Vec<(String, String)>,
    /// The role when the role claim is absent (contact or viewer; never organiser).
    pub default_role: Option<String>,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "…"))
            .field("name", &self.name)
            .field("org_claim", &self.org_claim)
            .field("role_claim", &self.role_claim)
            .finish_non_exhaustive()
    }
}

/// Parses `VALUE=TARGET` entries of a mapping flag; `what` names the flag in errors.
pub fn parse_map(entries: &[String], what: &str) -> Result<Vec<(String, String)>, String> {
    entries
        .iter()
        .flat_map(|e| e.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| match e.split_once('=') {
            Some((v, t)) if !v.trim().is_empty() && !t.trim().is_empty() => {
                Ok((v.trim().to_string(), t.trim().to_string()))
            }
            _ => Err(format!("{what}: '{e}' is not VALUE=TARGET")),
        })
        .collect()
}

impl OidcConfig {
    /// Checks the settings at start, so a mistake stops `trappe serve` with a message
    /// instead of failing a user's login later.
    pub fn check(&self) -> Result<(), String> {
        let loopback = |rest: &str| {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = match authority.strip_prefix('[') {
                Some(v6) => v6.split(']').next().unwrap_or(""),
                None => authority.split(':').next().unwrap_or(""),
            };
            host == "localhost"
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        };
        match self.issuer.split_once("://") {
            Some(("https", rest)) if !rest.is_empty() => {}
            Some(("http", rest)) if loopback(rest) => {}
            _ => {
                return Err(format!(
                    "--oidc-issuer '{}' must be an https:// URL (http:// only on localhost)",
                    self.issuer
                ))
            }
        }
        if self.client_id.trim().is_empty() {
            return Err("--oidc-client-id is required with --oidc-issuer".into());
        }
        if self.org_claim.trim().is_empty() || self.role_claim.trim().is_empty() {
            return Err("--oidc-org-claim and --oidc-role-claim cannot be empty".into());
        }
        for (value, role) in &self.role_map {
            if !trappe_store::ROLES.contains(&role.as_str()) {
                return Err(format!(
                    "--oidc-role-map: '{value}={role}': the role must be organiser, contact or viewer"
                ));
            }
        }
        if let Some(r) = &self.default_role {
            if r != "contact" && r != "viewer" {
                return Err(format!(
                    "--oidc-default-role '{r}': contact or viewer (an organiser must be named by the role claim)"
                ));
            }
        }
        Ok(())
    }

    /// Where the provider sends the browser back.
    pub fn redirect_uri(base_url: &str) -> String {
        format!("{}/login/oidc/callback", base_url.trim_end_matches('/'))
    }
}

/// Why a sign-in through the provider did not go through. The text is shown on the
/// refusal page and written to the audit log; it never holds a token.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("the identity provider cannot be reached or answers wrongly: {0}")]
    Provider(String),
    #[error("the ID token was refused: {0}")]
    Token(String),
}

/// The parts of the discovery document Trappe uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// Where claims beyond the ID token are asked for with the access token.
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
}

/// What the token endpoint hands back.
pub struct Tokens {
    pub id_token: String,
    /// For the userinfo endpoint; some providers send none.
    pub access_token: Option<String>,
}

#[derive(Clone)]
struct Provider {
    discovery: Discovery,
    keys: Vec<Jwk>,
    fetched: Instant,
}

/// How long discovery and keys are kept before they are fetched again (an unknown key
/// id fetches the keys at once: the provider has rotated them).
const PROVIDER_TTL: Duration = Duration::from_secs(3600);

/// A configured provider and what has been learnt about it.
pub struct Oidc {
    pub config: OidcConfig,
    http: std::sync::OnceLock<reqwest::Client>,
    provider: tokio::sync::Mutex<Option<Provider>>,
}

/// Signature algorithms accepted for ID tokens (never `none`, never a shared secret).
const ALGORITHMS: [Algorithm; 8] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// base64url without padding.
fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A fresh PKCE code verifier (256 random bits) and its S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier = b64(&rand::random::<[u8; 32]>());
    let challenge = b64(&Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

impl Oidc {
    pub fn new(config: OidcConfig) -> Oidc {
        Oidc {
            config,
            http: std::sync::OnceLock::new(),
            provider: tokio::sync::Mutex::new(None),
        }
    }

    fn http(&self) -> Result<&reqwest::Client, OidcError> {
        if let Some(c) = self.http.get() {
            return Ok(c);
        }
        let c = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::limited(3))
            .user_agent(concat!("trappe/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| OidcError::Provider(format!("no HTTP client: {e}")))?;
        Ok(self.http.get_or_init(|| c))
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, OidcError> {
        let res = self
            .http()?
            .get(url)
            .send()
            .await
            .map_err(|e| OidcError::Provider(format!("{url}: {e}")))?;
        if !res.status().is_success() {
            return Err(OidcError::Provider(format!("{url}: HTTP {}", res.status())));
        }
        res.json()
            .await
            .map_err(|e| OidcError::Provider(format!("{url}: {e}")))
    }

    /// The provider's discovery document and keys, fetched when missing, stale, or
    /// (with `new_keys`) to pick up rotated keys.
    async fn provider(&self, new_keys: bool) -> Result<Provider, OidcError> {
        let mut cached = self.provider.lock().await;
        let discovery = match cached.as_ref() {
            Some(p) if p.fetched.elapsed() < PROVIDER_TTL => {
                if !new_keys {
                    return Ok(p.clone());
                }
                p.discovery.clone()
            }
            _ => {
                let url = format!(
                    "{}/.well-known/openid-configuration",
                    self.config.issuer.trim_end_matches('/')
                );
                let d: Discovery = self.get_json(&url).await?;
                // OpenID Connect Discovery 1.0, 4.3: the document must name the issuer
                // it was fetched for.
                if d.issuer != self.config.issuer {
                    return Err(OidcError::Provider(format!(
                        "the discovery document names issuer '{}', not '{}'",
                        d.issuer, self.config.issuer
                    )));
                }
                d
            }
        };
        let set: Value = self.get_json(&discovery.jwks_uri).await?;
        // Keys Trappe cannot use (an encryption key, an unknown type) are skipped.
        let keys = set
            .get("keys")
            .and_then(Value::as_array)
            .map(|ks| {
                ks.iter()
                    .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let p = Provider {
            discovery,
            keys,
            fetched: Instant::now(),
        };
        *cached = Some(p.clone());
        Ok(p)
    }

    /// The address to send the browser to.
    pub async fn authorize_url(
        &self,
        base_url: &str,
        state: &str,
        nonce: &str,
        challenge: &str,
    ) -> Result<String, OidcError> {
        let p = self.provider(false).await?;
        let mut scopes: Vec<&str> = self.config.scopes.split_whitespace().collect();
        if !scopes.contains(&"openid") {
            scopes.insert(0, "openid");
        }
        let redirect = OidcConfig::redirect_uri(base_url);
        let scope = scopes.join(" ");
        let query = serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", self.config.client_id.as_str()),
            ("redirect_uri", redirect.as_str()),
            ("scope", scope.as_str()),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ])
        .map_err(|e| OidcError::Provider(e.to_string()))?;
        let sep = if p.discovery.authorization_endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        Ok(format!(
            "{}{sep}{query}",
            p.discovery.authorization_endpoint
        ))
    }

    /// Trades the authorization code (with the PKCE verifier) for the ID token.
    pub async fn exchange(
        &self,
        base_url: &str,
        code: &str,
        verifier: &str,
    ) -> Result<Tokens, OidcError> {
        let p = self.provider(false).await?;
        let redirect = OidcConfig::redirect_uri(base_url);
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect.as_str()),
            ("code_verifier", verifier),
            ("client_id", self.config.client_id.as_str()),
        ];
        let methods = &p.discovery.token_endpoint_auth_methods_supported;
        let mut req = self.http()?.post(&p.discovery.token_endpoint);
        if let Some(secret) = &self.config.client_secret {
            // client_secret_basic is the default of the standard; post when only that is offered.
            if methods.iter().any(|m| m == "client_secret_basic") || methods.is_empty() {
                req = req.basic_auth(
                    form_component(&self.config.client_id),
                    Some(form_component(secret)),
                );
            } else {
                form.push(("client_secret", secret.as_str()));
            }
        }
        let res = req
            .form(&form)
            .send()
            .await
            .map_err(|e| OidcError::Provider(format!("token endpoint: {e}")))?;
        let status = res.status();
        let body: Value = res
            .json()
            .await
            .map_err(|e| OidcError::Provider(format!("token endpoint: {e}")))?;
        if !status.is_success() {
            let err = body.get("error").and_then(Value::as_str).unwrap_or("");
            return Err(OidcError::Provider(format!(
                "token endpoint: HTTP {status} {err}"
            )));
        }
        let id_token = body
            .get("id_token")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| OidcError::Provider("the token endpoint sent no id_token".into()))?;
        let access_token = body
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        Ok(Tokens {
            id_token,
            access_token,
        })
    }

    /// The whole answer of a sign-in: the code traded for tokens, the ID token checked,
    /// and, when the role or organisation claim is not in it, the claims of the userinfo
    /// endpoint added (as OpenID Connect providers do by default for scope claims). The
    /// ID token's own claims win over userinfo's.
    pub async fn sign_in(
        &self,
        base_url: &str,
        code: &str,
        verifier: &str,
        nonce: &str,
    ) -> Result<Map<String, Value>, OidcError> {
        let tokens = self.exchange(base_url, code, verifier).await?;
        let mut claims = self.verify(&tokens.id_token, nonce).await?;
        let missing = |c: &Map<String, Value>| {
            claim_values(c, &self.config.role_claim).is_empty()
                || claim_values(c, &self.config.org_claim).is_empty()
        };
        if !missing(&claims) {
            return Ok(claims);
        }
        let endpoint = self.provider(false).await?.discovery.userinfo_endpoint;
        let (Some(endpoint), Some(access)) = (endpoint, tokens.access_token) else {
            // nothing more to ask: the mapping says which claim is missing
            return Ok(claims);
        };
        let info = self.userinfo(&endpoint, &access).await?;
        // OIDC Core 5.3.2: userinfo's sub must be the ID token's, or it is not this person's
        if info.get("sub") != claims.get("sub") {
            return Err(OidcError::Token(
                "the userinfo endpoint answered for another subject (sub)".into(),
            ));
        }
        for (k, v) in info {
            claims.entry(k).or_insert(v);
        }
        Ok(claims)
    }

    /// The userinfo endpoint's claims (a JSON object), asked with the access token over
    /// the same client (and the same certificate checks) as every other provider call.
    async fn userinfo(
        &self,
        endpoint: &str,
        access_token: &str,
    ) -> Result<Map<String, Value>, OidcError> {
        let res = self
            .http()?
            .get(endpoint)
            .bearer_auth(access_token)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| OidcError::Provider(format!("userinfo endpoint: {e}")))?;
        if !res.status().is_success() {
            return Err(OidcError::Provider(format!(
                "userinfo endpoint: HTTP {}",
                res.status()
            )));
        }
        match res.json::<Value>().await {
            Ok(Value::Object(m)) => Ok(m),
            Ok(_) | Err(_) => Err(OidcError::Provider(
                "userinfo endpoint: not a JSON object (signed userinfo is not supported)".into(),
            )),
        }
    }

    /// Checks an ID token: signed by one of the provider's keys with an accepted
    /// algorithm, from the configured issuer, for this client, unexpired (a minute's
    /// leeway), and carrying the nonce of this sign-in. Returns its claims.
    pub async fn verify(
        &self,
        id_token: &str,
        nonce: &str,
    ) -> Result<Map<String, Value>, OidcError> {
        let bad = |m: &str| OidcError::Token(m.to_string());
        let header = jsonwebtoken::decode_header(id_token).map_err(|_| bad("not a signed JWT"))?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(OidcError::Token(format!(
                "signature algorithm {:?} is not accepted",
                header.alg
            )));
        }
        let pick = |keys: &[Jwk]| -> Option<Jwk> {
            match &header.kid {
                Some(kid) => keys
                    .iter()
                    .find(|k| k.common.key_id.as_deref() == Some(kid.as_str()))
                    .cloned(),
                None if keys.len() == 1 => keys.first().cloned(),
                None => None,
            }
        };
        let p = self.provider(false).await?;
        let jwk = match pick(&p.keys) {
            Some(k) => k,
            // Perhaps rotated: ask once more.
            None => pick(&self.provider(true).await?.keys)
                .ok_or_else(|| bad("signed with a key the provider does not publish"))?,
        };
        let key = DecodingKey::from_jwk(&jwk).map_err(|_| bad("the provider's key is unusable"))?;
        let mut v = Validation::new(header.alg);
        v.set_issuer(&[&self.config.issuer]);
        v.set_audience(&[&self.config.client_id]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.leeway = 60;
        let data = jsonwebtoken::decode::<Map<String, Value>>(id_token, &key, &v).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            bad(match e.kind() {
                K::InvalidSignature => "wrong signature",
                K::ExpiredSignature => "expired",
                K::InvalidAudience => "issued for another client (aud)",
                K::InvalidIssuer => "from another issuer (iss)",
                K::ImmatureSignature => "not valid yet",
                K::MissingRequiredClaim(_) => "a required claim (exp, iss, aud, sub) is missing",
                K::InvalidAlgorithm => "the algorithm does not fit the key",
                _ => "malformed",
            })
        })?;
        let claims = data.claims;
        // With several audiences, the authorized party must be this client (OIDC Core 3.1.3.7).
        if let Some(Value::Array(auds)) = claims.get("aud") {
            if auds.len() > 1
                && claims.get("azp").and_then(Value::as_str) != Some(&self.config.client_id)
            {
                return Err(bad("issued for another authorized party (azp)"));
            }
        }
        let sent = claims.get("nonce").and_then(Value::as_str).unwrap_or("");
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            sent.as_bytes(),
            nonce.as_bytes(),
        )) || nonce.is_empty()
        {
            return Err(bad("wrong nonce (a replayed or foreign answer)"));
        }
        if claims
            .get("sub")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(bad("no subject (sub)"));
        }
        Ok(claims)
    }
}

/// RFC 6749 2.3.1: client id and secret are form-encoded before HTTP Basic.
fn form_component(s: &str) -> String {
    crate::kit::page::form_urlencode(s)
}

/// A claim's values: a string, a number or a list of them. `name` may be a dotted path
/// into nested objects (e.g. `realm_access.roles`) when no claim has the name itself.
pub fn claim_values(claims: &Map<String, Value>, name: &str) -> Vec<String> {
    let mut found = claims.get(name);
    if found.is_none() && name.contains('.') {
        let mut parts = name.split('.');
        let first = parts.next().unwrap_or_default();
        found = parts
            .try_fold(claims.get(first), |v, p| Some(v.and_then(|v| v.get(p))))
            .flatten();
    }
    let one = |v: &Value| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match found {
        Some(Value::Array(vs)) => vs.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
}

/// Why mapped claims do not make an account, as a message key and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// `sso-no-role`, `sso-unmapped-role`, `sso-no-org` or `sso-unmapped-org`.
    pub key: &'static str,
    pub claim: String,
    pub values: String,
}

/// What the provider's claims make of the account.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub role: String,
    pub orgs: Vec<i64>,
}

fn rank(role: &str) -> u8 {
    match role {
        "organiser" => 3,
        "contact" => 2,
        _ => 1,
    }
}

/// A claim value that names an organisation by CVR number ("12345678", "DK12345678",
/// "DK-1234 5678").
fn as_cvr(v: &str) -> Option<String> {
    let v = v.trim();
    let v = v
        .strip_prefix("DK")
        .or_else(|| v.strip_prefix("dk"))
        .unwrap_or(v);
    let digits: String = v.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Maps verified claims to a role and organisations:
///
/// - the role claim's values through `role_map`, where `contact` and `viewer` also
///   stand for themselves (an organiser only through an entry of the map); of several,
///   the strongest; with no role claim at all, `default_role`; anything else is refused;
/// - for a contact or viewer, the organisation claim's values: a value in `org_map`
///   names an organisation by id, CVR number or exact name; any other value is matched
///   against the organisations' CVR numbers. Values that name no organisation are
///   ignored when another does (a list of groups); when none does, refused.
pub fn map_claims(
    config: &OidcConfig,
    claims: &Map<String, Value>,
    orgs: &[Org],
) -> Result<Mapped, Refusal> {
    let roles = claim_values(claims, &config.role_claim);
    let refuse = |key, claim: &str, values: &[String]| Refusal {
        key,
        claim: claim.to_string(),
        values: values.join(", "),
    };
    let role = if roles.is_empty() {
        config
            .default_role
            .clone()
            .ok_or_else(|| refuse("sso-no-role", &config.role_claim, &roles))?
    } else {
        roles
            .iter()
            .filter_map(|v| {
                config
                    .role_map
                    .iter()
                    .find(|(k, _)| k == v)
                    .map(|(_, r)| r.as_str())
                    .or(match v.as_str() {
                        "contact" | "viewer" => Some(v.as_str()),
                        _ => None,
                    })
            })
            .max_by_key(|r| rank(r))
            .map(str::to_string)
            .ok_or_else(|| refuse("sso-unmapped-role", &config.role_claim, &roles))?
    };
    if role == "organiser" {
        return Ok(Mapped {
            role,
            orgs: Vec::new(),
        });
    }
    let values = claim_values(claims, &config.org_claim);
    if values.is_empty() {
        return Err(refuse("sso-no-org", &config.org_claim, &values));
    }
    let by_ref = |target: &str| {
        orgs.iter()
            .find(|o| as_cvr(target).is_some_and(|c| o.cvr.as_deref() == Some(c.as_str())))
            .or_else(|| orgs.iter().find(|o| o.id.to_string() == target))
            .or_else(|| orgs.iter().find(|o| o.name == target))
            .map(|o| o.id)
    };
    let mut found: Vec<i64> = values
        .iter()
        .filter_map(|v| match config.org_map.iter().find(|(k, _)| k == v) {
            Some((_, target)) => by_ref(target),
            None => as_cvr(v).and_then(|c| {
                orgs.iter()
                    .find(|o| o.cvr.as_deref() == Some(c.as_str()))
                    .map(|o| o.id)
            }),
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    if found.is_empty() {
        return Err(refuse("sso-unmapped-org", &config.org_claim, &values));
    }
    Ok(Mapped { role, orgs: found })
}

/// The e-mail address of verified claims, when the provider vouches for it
/// (`email_verified` true).
pub fn verified_email(claims: &Map<String, Value>) -> Option<String> {
    let verified = matches!(claims.get("email_verified"), Some(Value::Bool(true)))
        || claims.get("email_verified").and_then(Value::as_str) == Some("true");
    let email = claims.get("email").and_then(Value::as_str)?.trim();
    (verified && email.contains('@') && email.len() <= 254).then(|| email.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn org(id: i64, name: &str, cvr: Option<&str>) -> Org {
        Org {
            id,
            name: name.into(),
            kind: "kommune".into(),
            cvr: cvr.map(str::to_string),
            tags: Vec::new(),
            contact_email: None,
        }
    }

    fn config() -> OidcConfig {
        OidcConfig {
            issuer: "https://login.example.dk".into(),
            client_id: "trappe".into(),
            org_claim: "cvr".into(),
            role_claim: "roles".into(),
            org_map: vec![("grp-aarhus".into(), "Aarhus Kommune".into())],
            role_map: vec![
                ("trappe-admin".into(), "organiser".into()),
                ("leder".into(), "contact".into()),
            ],
            ..Default::default()
        }
    }

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn claims_map_to_role_and_organisations() {
        let orgs = [
            org(1, "Aarhus Kommune", Some("55133018")),
            org(2, "Vejle Kommune", Some("29189838")),
        ];
        let c = config();
        // A CVR number names the organisation directly; "leder" maps to contact.
        let m = map_claims(
            &c,
            &claims(json!({"cvr": "DK29189838", "roles": "leder"})),
            &orgs,
        );
        assert_eq!(
            m,
            Ok(Mapped {
                role: "contact".into(),
                orgs: vec![2]
            })
        );
        // A list of groups: the mapped ones count, the strongest role wins.
        let m = map_claims(
            &c,
            &claims(json!({"cvr": ["grp-aarhus", "all-staff"], "roles": ["viewer", "leder"]})),
            &orgs,
        );
        assert_eq!(
            m,
            Ok(Mapped {
                role: "contact".into(),
                orgs: vec![1]
            })
        );
        // An organiser needs no organisation, and only the map makes one.
        let m = map_claims(&c, &claims(json!({"roles": ["trappe-admin"]})), &orgs);
        assert_eq!(m.map(|m| m.role), Ok("organiser".to_string()));
        let m = map_claims(
            &c,
            &claims(json!({"roles": "organiser", "cvr": "55133018"})),
            &orgs,
        );
        assert_eq!(m.map_err(|r| r.key), Err("sso-unmapped-role"));
        // Unmapped and missing values are refused, naming the claim and its values.
        let m = map_claims(
            &c,
            &claims(json!({"cvr": "12345678", "roles": "viewer"})),
            &orgs,
        );
        assert_eq!(
            m,
            Err(Refusal {
                key: "sso-unmapped-org",
                claim: "cvr".into(),
                values: "12345678".into()
            })
        );
        let m = map_claims(&c, &claims(json!({"roles": "viewer"})), &orgs);
        assert_eq!(m.map_err(|r| r.key), Err("sso-no-org"));
        let m = map_claims(&c, &claims(json!({"cvr": "55133018"})), &orgs);
        assert_eq!(m.map_err(|r| r.key), Err("sso-no-role"));
        // A default role stands in only when the role claim is absent.
        let d = OidcConfig {
            default_role: Some("viewer".into()),
            ..config()
        };
        let m = map_claims(&d, &claims(json!({"cvr": "55133018"})), &orgs);
        assert_eq!(
            m,
            Ok(Mapped {
                role: "viewer".into(),
                orgs: vec![1]
            })
        );
        let m = map_claims(
            &d,
            &claims(json!({"cvr": "55133018", "roles": "chef"})),
            &orgs,
        );
        assert_eq!(m.map_err(|r| r.key), Err("sso-unmapped-role"));
    }

    #[test]
    fn nested_claims_and_verified_email() {
        let c = claims(json!({"realm_access": {"roles": ["viewer", 7]}, "n": 55133018}));
        assert_eq!(claim_values(&c, "realm_access.roles"), vec!["viewer", "7"]);
        assert_eq!(claim_values(&c, "n"), vec!["55133018"]);
        assert!(claim_values(&c, "missing.path").is_empty());
        assert_eq!(
            verified_email(&claims(
                json!({"email": "kim@aarhus.dk", "email_verified": true})
            )),
            Some("kim@aarhus.dk".into())
        );
        assert_eq!(
            verified_email(&claims(json!({"email": "kim@aarhus.dk"}))),
            None
        );
        assert_eq!(
            verified_email(&claims(
                json!({"email": "kim@aarhus.dk", "email_verified": false})
            )),
            None
        );
    }

    #[test]
    fn settings_are_checked_at_start() {
        assert!(config().check().is_ok());
        let with = |f: fn(&mut OidcConfig)| {
            let mut c = config();
            f(&mut c);
            c.check()
        };
        assert!(with(|c| c.issuer = "http://login.example.dk".into()).is_err());
        assert!(with(|c| c.issuer = "http://127.0.0.1:9000".into()).is_ok());
        assert!(with(|c| c.issuer = "http://localhost.evil.dk".into()).is_err());
        assert!(with(|c| c.issuer = "http://127.evil.dk".into()).is_err());
        assert!(with(|c| c.issuer = "http://user@evil.dk".into()).is_err());
        assert!(with(|c| c.issuer = "http://[::1]:8443/realms/x".into()).is_ok());
        assert!(with(|c| c.client_id = " ".into()).is_err());
        assert!(with(|c| c.role_map = vec![("x".into(), "boss".into())]).is_err());
        assert!(with(|c| c.default_role = Some("organiser".into())).is_err());
        assert_eq!(
            parse_map(&["a=1, b = Vejle Kommune".into()], "--oidc-org-map"),
            Ok(vec![
                ("a".into(), "1".into()),
                ("b".into(), "Vejle Kommune".into())
            ])
        );
        assert!(parse_map(&["novalue".into()], "--oidc-org-map").is_err());
    }

    #[test]
    fn pkce_challenge_is_the_s256_of_the_verifier() {
        // RFC 7636, appendix B.
        let v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            b64(&Sha256::digest(v.as_bytes())),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let (verifier, challenge) = pkce();
        assert_eq!(verifier.len(), 43);
        assert_eq!(challenge, b64(&Sha256::digest(verifier.as_bytes())));
    }
}
