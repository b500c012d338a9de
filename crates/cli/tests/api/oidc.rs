//! Single sign-on through OpenID Connect, against a small identity provider run in the
//! test (discovery, JWKS, an authorize endpoint that answers at once with a code, and a
//! token endpoint that checks PKCE and the client secret and hands out an RS256-signed
//! ID token). The real app is driven through the whole flow, step by step.

use crate::helpers::{raw_client, spawn_app_with, unix_now, TestApp, ADMIN_PASSWORD};
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use jsonwebtoken::{jwk::Jwk, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use trappe_core::NewOrg;
use trappe_web::accounts::oidc_client::OidcConfig;
use trappe_web::Config;

const CLIENT_ID: &str = "trappe-test";
const CLIENT_SECRET: &str = "s3cret";
const PROVIDER_KEY: &str = include_str!("oidc_keys/provider.pem");
const IMPOSTOR_KEY: &str = include_str!("oidc_keys/impostor.pem");

/// How the provider spoils its next ID token.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Flaw {
    None,
    /// Signed with a key the provider does not publish (but its key id).
    WrongSignature,
    WrongAudience,
    Expired,
    WrongNonce,
    WrongIssuer,
}

struct Grant {
    nonce: String,
    challenge: String,
    redirect_uri: String,
}

struct Idp {
    issuer: String,
    key: EncodingKey,
    impostor: EncodingKey,
    jwk: Value,
    claims: Mutex<Value>,
    /// The claims of the userinfo endpoint (sent for any access token it issued).
    userinfo: Mutex<Value>,
    /// Access tokens handed out by the token endpoint.
    access_tokens: Mutex<Vec<String>>,
    flaw: Mutex<Flaw>,
    grants: Mutex<HashMap<String, Grant>>,
    /// The query of every authorization request.
    asked: Mutex<Vec<HashMap<String, String>>>,
}

type Shared = Arc<Idp>;

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn discovery(State(idp): State<Shared>) -> Json<Value> {
    let i = &idp.issuer;
    Json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "jwks_uri": format!("{i}/jwks"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"]
    }))
}

async fn jwks(State(idp): State<Shared>) -> Json<Value> {
    // A key Trappe cannot use (it must skip it), and the signing key.
    Json(json!({ "keys": [
        {"kty": "OKP", "crv": "X25519", "use": "enc", "kid": "enc-1", "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"},
        idp.jwk
    ]}))
}

/// Answers at once, as if the person had signed in: a code back to the redirect URI.
async fn authorize(
    State(idp): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    idp.asked.lock().unwrap().push(q.clone());
    let code = trappe_store::new_token();
    let redirect_uri = q.get("redirect_uri").cloned().unwrap_or_default();
    idp.grants.lock().unwrap().insert(
        code.clone(),
        Grant {
            nonce: q.get("nonce").cloned().unwrap_or_default(),
            challenge: q.get("code_challenge").cloned().unwrap_or_default(),
            redirect_uri: redirect_uri.clone(),
        },
    );
    let state = q.get("state").cloned().unwrap_or_default();
    Redirect::to(&format!("{redirect_uri}?code={code}&state={state}")).into_response()
}

async fn token(
    State(idp): State<Shared>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let refuse = |s: StatusCode, e: &str| (s, Json(json!({ "error": e }))).into_response();
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(basic.as_str()) {
        return refuse(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    if f.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return refuse(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    // A code works once.
    let Some(grant) = f
        .get("code")
        .and_then(|c| idp.grants.lock().unwrap().remove(c))
    else {
        return refuse(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    let verifier = f.get("code_verifier").cloned().unwrap_or_default();
    if b64url(&Sha256::digest(verifier.as_bytes())) != grant.challenge
        || f.get("redirect_uri") != Some(&grant.redirect_uri)
    {
        return refuse(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let flaw = *idp.flaw.lock().unwrap();
    let mut claims = idp.claims.lock().unwrap().clone();
    let t = unix_now();
    let extra = json!({
        "iss": if flaw == Flaw::WrongIssuer { "https://evil.example".to_string() } else { idp.issuer.clone() },
        "aud": if flaw == Flaw::WrongAudience { "another-client" } else { CLIENT_ID },
        "iat": t,
        "exp": if flaw == Flaw::Expired { t - 3600 } else { t + 300 },
        "nonce": if flaw == Flaw::WrongNonce { "not-the-nonce".to_string() } else { grant.nonce },
    });
    for (k, v) in extra.as_object().unwrap() {
        claims[k] = v.clone();
    }
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("k1".into());
    let key = if flaw == Flaw::WrongSignature {
        &idp.impostor
    } else {
        &idp.key
    };
    let id_token = jsonwebtoken::encode(&header, &claims, key).unwrap();
    let access_token = trappe_store::new_token();
    idp.access_tokens.lock().unwrap().push(access_token.clone());
    Json(json!({ "access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token }))
        .into_response()
}

/// The userinfo endpoint: its claims for a bearer token the token endpoint issued.
async fn userinfo(State(idp): State<Shared>, headers: HeaderMap) -> Response {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !idp
        .access_tokens
        .lock()
        .unwrap()
        .iter()
        .any(|t| t == bearer)
    {
        return (StatusCode::UNAUTHORIZED, "invalid_token").into_response();
    }
    // Like any provider: the signed-in person's sub, unless a test says otherwise.
    let mut info = idp.userinfo.lock().unwrap().clone();
    if info.get("sub").is_none() {
        info["sub"] = idp.claims.lock().unwrap()["sub"].clone();
    }
    Json(info).into_response()
}

/// Starts the provider on a random port.
async fn start_idp() -> Shared {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let key = EncodingKey::from_rsa_pem(PROVIDER_KEY.as_bytes()).unwrap();
    let mut jwk =
        serde_json::to_value(Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap()).unwrap();
    jwk["kid"] = json!("k1");
    jwk["use"] = json!("sig");
    let idp = Arc::new(Idp {
        issuer,
        key,
        impostor: EncodingKey::from_rsa_pem(IMPOSTOR_KEY.as_bytes()).unwrap(),
        jwk,
        claims: Mutex::new(json!({})),
        userinfo: Mutex::new(json!({})),
        access_tokens: Mutex::new(Vec::new()),
        flaw: Mutex::new(Flaw::None),
        grants: Mutex::new(HashMap::new()),
        asked: Mutex::new(Vec::new()),
    });
    let app = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .route("/userinfo", get(userinfo))
        .with_state(idp.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    idp
}

struct World {
    idp: Shared,
    app: TestApp,
    aarhus: i64,
    vejle: i64,
}

async fn world() -> World {
    let idp = start_idp().await;
    let app = spawn_app_with(Config {
        oidc: Some(OidcConfig {
            issuer: idp.issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: Some(CLIENT_SECRET.into()),
            name: "Testbroker".into(),
            scopes: "openid email profile".into(),
            org_claim: "cvr".into(),
            role_claim: "roles".into(),
            org_map: vec![("grp-vejle".into(), "Vejle Kommune".into())],
            role_map: vec![("trappe-admin".into(), "organiser".into())],
            default_role: None,
        }),
        ..Default::default()
    })
    .await;
    let aarhus = app
        .store
        .add_org(&NewOrg::parse("Aarhus Kommune", "kommune", Some("55133018"), &[]).unwrap())
        .await
        .unwrap();
    let vejle = app
        .store
        .add_org(&NewOrg::parse("Vejle Kommune", "kommune", None, &[]).unwrap())
        .await
        .unwrap();
    World {
        idp,
        app,
        aarhus,
        vejle,
    }
}

/// What one pass through the flow ended with.
struct Landing {
    /// The app's answer to the provider's redirect.
    status: StatusCode,
    location: Option<String>,
    body: String,
    /// The session cookie set by the answer, if any.
    session: Option<String>,
    /// The callback URL the provider sent the browser to.
    callback: String,
}

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

/// Signs in through the provider with `claims` on browser `c`, one redirect at a time.
async fn sso(w: &World, c: &reqwest::Client, claims: Value, flaw: Flaw) -> Landing {
    sso_from(w, c, claims, flaw, "/start").await
}

/// [`sso`], started with `next` as the page to come back to.
async fn sso_from(
    w: &World,
    c: &reqwest::Client,
    claims: Value,
    flaw: Flaw,
    next: &str,
) -> Landing {
    *w.idp.claims.lock().unwrap() = claims;
    *w.idp.flaw.lock().unwrap() = flaw;
    let res = c
        .get(reqwest::Url::parse_with_params(&w.app.url("/login/oidc"), &[("next", next)]).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookies = set_cookies(&res);
    let oidc_cookie = cookies
        .iter()
        .find(|c| c.starts_with("trappe_oidc="))
        .unwrap();
    assert!(
        oidc_cookie.contains("HttpOnly") && oidc_cookie.contains("SameSite=Lax"),
        "{oidc_cookie}"
    );
    let authorize = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        authorize.starts_with(&format!("{}/authorize?", w.idp.issuer)),
        "{authorize}"
    );
    let res = c.get(&authorize).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let callback = res.headers()["location"].to_str().unwrap().to_string();
    let res = c.get(&callback).send().await.unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    let session = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("trappe_session=") && !c.starts_with("trappe_session=;"));
    Landing {
        status,
        location,
        body: res.text().await.unwrap(),
        session,
        callback,
    }
}

fn kim() -> Value {
    json!({
        "sub": "kim-0001",
        "email": "kim@aarhus.dk",
        "email_verified": true,
        "preferred_username": "kim",
        "cvr": "55133018",
        "roles": "contact"
    })
}

#[tokio::test]
async fn single_sign_on_makes_the_account_with_its_organisation_and_role_and_rotates_sessions() {
    let w = world().await;
    // The login page offers the provider.
    let page = raw_client()
        .get(w.app.url("/login?next=/start"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Log ind med Testbroker"), "{page}");
    assert!(
        page.contains("href=\"/login/oidc?next=%2Fstart\""),
        "{page}"
    );

    let c = raw_client();
    let first = sso(&w, &c, kim(), Flaw::None).await;
    assert_eq!(first.status, 303, "{}", first.body);
    assert_eq!(first.location.as_deref(), Some("/start"));
    let session = first.session.clone().expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"));

    // The request carried PKCE (S256), a nonce and a state, and Trappe's callback.
    let asked = w.idp.asked.lock().unwrap()[0].clone();
    assert_eq!(asked["response_type"], "code");
    assert_eq!(asked["client_id"], CLIENT_ID);
    assert_eq!(asked["code_challenge_method"], "S256");
    assert_eq!(asked["code_challenge"].len(), 43);
    assert_eq!(asked["scope"], "openid email profile");
    assert!(asked["nonce"].len() >= 32 && asked["state"].len() >= 32);
    assert_eq!(asked["redirect_uri"], w.app.url("/login/oidc/callback"));

    // A contact of Aarhus (by CVR number), named by the verified e-mail.
    let user = w
        .app
        .store
        .user_by_name("kim@aarhus.dk")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.role, "contact");
    assert_eq!(
        w.app.store.user_orgs(user.id).await.unwrap(),
        vec![w.aarhus]
    );
    let start = c.get(w.app.url("/start")).send().await.unwrap();
    assert_eq!(start.status(), 200);
    let start = start.text().await.unwrap();
    assert!(start.contains("Aarhus Kommune") && !start.contains("Vejle Kommune"));
    // No password opens the account.
    let res = w
        .app
        .login(
            &raw_client(),
            "kim@aarhus.dk",
            trappe_store::SSO_ONLY_PASSWORD,
        )
        .await;
    assert_eq!(res.status(), 401);

    // The answer works once: the same callback again is refused.
    let replay = c.get(&first.callback).send().await.unwrap();
    assert_eq!(replay.status(), 400);
    assert!(replay.text().await.unwrap().contains("udløbet"));
    // And only in the browser that asked.
    let other = raw_client().get(&first.callback).send().await.unwrap();
    assert_eq!(other.status(), 400);

    // Signing in again: the same account, a new session token.
    let second = sso(&w, &c, kim(), Flaw::None).await;
    assert_eq!(second.status, 303);
    let token = |s: &str| s.split(';').next().unwrap().to_string();
    assert_ne!(token(second.session.as_ref().unwrap()), token(&session));
    assert_eq!(w.app.store.sessions_of(user.id).await.unwrap().len(), 2);
    assert_eq!(w.app.store.user_count().await.unwrap(), 1);

    // The provider moves Kim to Vejle as a viewer: the account follows at the next login.
    let mut moved = kim();
    moved["cvr"] = json!(["grp-vejle", "alle-ansatte"]);
    moved["roles"] = json!("viewer");
    assert_eq!(sso(&w, &c, moved, Flaw::None).await.status, 303);
    let user = w.app.store.user(user.id).await.unwrap().unwrap();
    assert_eq!(user.role, "viewer");
    assert_eq!(w.app.store.user_orgs(user.id).await.unwrap(), vec![w.vejle]);

    // An organiser only through the role map; it needs no organisation.
    let boss = json!({"sub": "boss-1", "preferred_username": "chefen", "roles": ["trappe-admin"]});
    let b = sso(&w, &raw_client(), boss, Flaw::None).await;
    assert_eq!(b.location.as_deref(), Some("/start"), "next is kept");
    let boss = w.app.store.user_by_name("chefen").await.unwrap().unwrap();
    assert_eq!(boss.role, "organiser");

    let log = w.app.store.audit_log(100).await.unwrap();
    let of = |action: &str| log.iter().filter(|e| e.action == action).count();
    assert_eq!(of("account_created"), 2);
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "login"
                && e.detail
                    .as_deref()
                    .is_some_and(|d| d.contains("single sign-on")))
            .count(),
        4
    );
    let synced = log.iter().find(|e| e.action == "account_synced").unwrap();
    assert!(
        synced
            .detail
            .as_deref()
            .unwrap()
            .contains("role contact -> viewer"),
        "{synced:?}"
    );
}

#[tokio::test]
async fn single_sign_on_comes_back_to_a_page_on_this_site_only() {
    let w = world().await;
    for next in [
        "/%09/evil.example/path",
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
    ] {
        let landing = sso_from(&w, &raw_client(), kim(), Flaw::None, next).await;
        assert_eq!(landing.status, 303, "{next:?}");
        assert_eq!(landing.location.as_deref(), Some("/start"), "{next:?}");
    }
    let landing = sso_from(&w, &raw_client(), kim(), Flaw::None, "/account/security").await;
    assert_eq!(landing.location.as_deref(), Some("/account/security"));
}

#[tokio::test]
async fn single_sign_on_links_an_existing_account_by_verified_email_and_its_password_stops() {
    let w = world().await;
    w.app.create_admin().await;
    let lene = w
        .app
        .create_user_as("Lene@Vejle.dk", "viewer", Some(w.vejle))
        .await;
    // Unverified: not linked, a new account is made instead.
    let claims = json!({"sub": "lene-x", "email": "lene@vejle.dk", "email_verified": false,
                        "cvr": "grp-vejle", "roles": "viewer"});
    assert_eq!(sso(&w, &raw_client(), claims, Flaw::None).await.status, 303);
    assert_eq!(w.app.store.user_count().await.unwrap(), 3);

    let claims = json!({"sub": "lene-1", "email": "lene@vejle.dk", "email_verified": true,
                        "cvr": "grp-vejle", "roles": "contact"});
    let l = sso(&w, &raw_client(), claims, Flaw::None).await;
    assert_eq!(l.status, 303);
    assert_eq!(
        w.app.store.user_count().await.unwrap(),
        3,
        "linked, not made"
    );
    let u = w.app.store.user(lene).await.unwrap().unwrap();
    assert_eq!(u.role, "contact");
    let res = w
        .app
        .login(&raw_client(), "Lene@Vejle.dk", ADMIN_PASSWORD)
        .await;
    assert_eq!(res.status(), 401, "the password no longer works");
    let log = w.app.store.audit_log(50).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "account_linked" && e.subject.as_deref() == Some("Lene@Vejle.dk")));
}

#[tokio::test]
async fn single_sign_on_refuses_forged_foreign_stale_replayed_and_unmapped_tokens() {
    let w = world().await;
    for (flaw, reason) in [
        (Flaw::WrongSignature, "wrong signature"),
        (Flaw::WrongAudience, "another client"),
        (Flaw::Expired, "expired"),
        (Flaw::WrongNonce, "wrong nonce"),
        (Flaw::WrongIssuer, "another issuer"),
    ] {
        let c = raw_client();
        let l = sso(&w, &c, kim(), flaw).await;
        assert_eq!(l.status, 401, "{flaw:?}: {}", l.body);
        assert!(l.session.is_none(), "{flaw:?}");
        assert!(
            l.body.contains("Du blev ikke logget ind"),
            "{flaw:?}: {}",
            l.body
        );
        assert!(l.body.contains(reason), "{flaw:?}: {}", l.body);
        let res = c.get(w.app.url("/start")).send().await.unwrap();
        assert_eq!(res.status(), 303, "{flaw:?}: not signed in");
        let log = w.app.store.audit_log(1).await.unwrap();
        assert_eq!(log[0].action, "login_failed");
        assert!(
            log[0].detail.as_deref().unwrap().contains(reason),
            "{:?}",
            log[0]
        );
    }

    // Claims that name no organisation or role Trappe knows: refused with a clear page.
    let mut stranger = kim();
    stranger["cvr"] = json!("29189838");
    let l = sso(&w, &raw_client(), stranger, Flaw::None).await;
    assert_eq!(l.status, 403);
    assert!(
        l.body.contains("Din organisation er ikke med i Trappe"),
        "{}",
        l.body
    );
    assert!(
        l.body.contains("cvr = ") && l.body.contains("29189838"),
        "{}",
        l.body
    );
    let mut chief = kim();
    chief["roles"] = json!("organiser");
    let l = sso(&w, &raw_client(), chief, Flaw::None).await;
    assert_eq!(l.status, 403, "organiser only through the role map");
    assert!(
        l.body.contains("Trappe kender ikke din rolle"),
        "{}",
        l.body
    );

    assert_eq!(
        w.app.store.user_count().await.unwrap(),
        0,
        "no account was made"
    );
    let log = w.app.store.audit_log(2).await.unwrap();
    assert!(log
        .iter()
        .all(|e| e.action == "login_refused" && e.actor.as_deref() == Some("kim@aarhus.dk")));

    // A provider's own refusal and a forged state.
    let c = raw_client();
    let res = c.get(w.app.url("/login/oidc")).send().await.unwrap();
    let authorize = res.headers()["location"].to_str().unwrap().to_string();
    let state = authorize
        .split("state=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let res = c
        .get(w.app.url(&format!(
            "/login/oidc/callback?error=access_denied&state={state}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = c.get(w.app.url("/login/oidc")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let res = c
        .get(w.app.url("/login/oidc/callback?code=x&state=forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn without_single_sign_on_its_routes_are_not_there() {
    let app = crate::helpers::spawn_app().await;
    let page = raw_client()
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("/login/oidc"));
    for p in ["/login/oidc", "/login/oidc/callback?code=a&state=b"] {
        let res = raw_client().get(app.url(p)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{p}");
    }
}

#[tokio::test]
async fn sign_ins_started_from_one_address_are_capped() {
    let w = world().await;
    let c = raw_client();
    let start = || c.get(w.app.url("/login/oidc")).send();
    for i in 0..trappe_web::SSO_STARTS_PER_ADDRESS {
        assert_eq!(start().await.unwrap().status(), 303, "sign-in {i}");
    }
    // One more from the same address is refused, in plain Danish, with nothing stored.
    let res = start().await.unwrap();
    assert_eq!(res.status(), 429);
    // No new pending sign-in: the attempt cookie is only cleared.
    assert!(res
        .headers()
        .get_all("set-cookie")
        .iter()
        .all(|v| v.to_str().unwrap().starts_with("trappe_oidc=;")));
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Der er for mange forsøg på at logge ind fra din adresse"),
        "{body}"
    );
}

/// A provider that follows the OpenID Connect default sends scope claims (here the role
/// and the CVR number) through the userinfo endpoint, not in the ID token: Trappe asks
/// for them with the access token, and only believes them for the ID token's subject.
#[tokio::test]
async fn role_and_organisation_are_read_from_userinfo_when_the_id_token_lacks_them() {
    let w = world().await;
    let id_token_only = json!({
        "sub": "kim-0001",
        "email": "kim@aarhus.dk",
        "email_verified": true,
    });
    let from_userinfo = json!({"sub": "kim-0001", "cvr": "55133018", "roles": "contact"});
    *w.idp.userinfo.lock().unwrap() = from_userinfo.clone();
    let l = sso(&w, &raw_client(), id_token_only.clone(), Flaw::None).await;
    assert_eq!(l.status, 303, "{}", l.body);
    assert!(l.session.is_some());
    let user = w
        .app
        .store
        .user_by_name("kim@aarhus.dk")
        .await
        .unwrap()
        .expect("the account from userinfo's claims");
    assert_eq!(user.role, "contact");
    assert_eq!(
        w.app.store.user_orgs(user.id).await.unwrap(),
        vec![w.aarhus]
    );

    // Userinfo answering for another person: refused, no session.
    let mut other = from_userinfo.clone();
    other["sub"] = json!("someone-else");
    *w.idp.userinfo.lock().unwrap() = other;
    let l = sso(&w, &raw_client(), id_token_only.clone(), Flaw::None).await;
    assert_eq!(l.status, 401, "{}", l.body);
    assert!(l.session.is_none());
    assert!(l.body.contains("another subject"), "{}", l.body);

    // Neither the ID token nor userinfo names a role: the refusal says so, as before.
    *w.idp.userinfo.lock().unwrap() = json!({"sub": "kim-0001"});
    let l = sso(&w, &raw_client(), id_token_only, Flaw::None).await;
    assert_eq!(l.status, 403, "{}", l.body);
    assert!(l.session.is_none());

    // The ID token's own claims win over userinfo's: a role in the token is not raised.
    *w.idp.userinfo.lock().unwrap() =
        json!({"sub": "kim-0001", "cvr": "55133018", "roles": "trappe-admin"});
    let mut viewer = kim();
    viewer["roles"] = json!("viewer");
    let l = sso(&w, &raw_client(), viewer, Flaw::None).await;
    assert_eq!(l.status, 303, "{}", l.body);
    let user = w
        .app
        .store
        .user_by_name("kim@aarhus.dk")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(user.role, "organiser");
}
