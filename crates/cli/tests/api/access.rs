//! THE ACCESS TABLE: every route of the app, tried as every role and as nobody, against
//! the expected allow or deny. It fails when the app has a route the table lacks (or the
//! table a route the app lacks): a new route needs a line here, i.e. a decision on who
//! may call it.
//!
//! Allowed: a 2xx, or a 3xx to anywhere but the login page. Denied: for nobody a 303 to
//! /login; for a signed-in account a 403 or 404; for the JSON API a 401 (it takes bearer
//! tokens, never cookies).
//!
//! Placeholders in paths and form values, filled per request (fresh where a request
//! spends what it uses): {round} {a} {b} (organisations), {link} (a respondent link),
//! {invite} (an account invitation token), {inv} (an account invitation id), {user} (a
//! spare contact account's id), {fresh} (a unique name), {csrf}, {me} and {pass} (the
//! caller's credentials; a spare account's for nobody), {code} (the code of a pending
//! two-step login, made for the request), {pending-code} (the code of the caller's own
//! pending second factor), {model}, {journey} (a citizen journey of A), {jlink} (a fresh
//! feedback link id of it), {flink} (its feedback link's token), {fnonce} (a fresh form nonce),
//! {rlink} (a fresh respondent link's id, for revoking), {newmodel} (the built-in model's
//! TOML as a fresh version), {sorg} (a fresh spare
//! organisation's id, for editing and erasing).

use crate::helpers::{
    get_text, raw_client, spawn_app, totp_code, totp_step_now, TestApp, ADMIN_PASSWORD,
};
use std::collections::BTreeSet;
use trappe_core::Model;

#[derive(Clone, Copy, PartialEq, Debug)]
enum E {
    /// Allowed.
    A,
    /// Denied.
    D,
}
use E::{A, D};

const ROLES: [&str; 5] = ["nobody", "organiser", "contact A", "contact B", "viewer A"];

struct Case {
    method: &'static str,
    pattern: &'static str,
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    /// nobody, organiser, contact of A, contact of B, viewer of A.
    expect: [E; 5],
}

const fn c(
    method: &'static str,
    pattern: &'static str,
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    expect: [E; 5],
) -> Case {
    Case {
        method,
        pattern,
        path,
        form,
        expect,
    }
}

const CSRF: &[(&str, &str)] = &[("csrf", "{csrf}")];

#[rustfmt::skip]
const TABLE: &[Case] = &[
    // public
    c("GET", "/", "/", &[], [A, A, A, A, A]),
    c("GET", "/healthz", "/healthz", &[], [A, A, A, A, A]),
    c("GET", "/readyz", "/readyz", &[], [A, A, A, A, A]),
    c("GET", "/metrics", "/metrics", &[], [A, A, A, A, A]),
    c("GET", "/static/trappe.css", "/static/trappe.css", &[], [A, A, A, A, A]),
    c("GET", "/static/progress.js", "/static/progress.js", &[], [A, A, A, A, A]),
    c("GET", "/lang/{code}", "/lang/da?next=/", &[], [A, A, A, A, A]),
    c("GET", "/privacy", "/privacy", &[], [A, A, A, A, A]),
    c("GET", "/accessibility", "/accessibility", &[], [A, A, A, A, A]),
    // login, logout, invitations to an account
    c("GET", "/login", "/login", &[], [A, A, A, A, A]),
    c("POST", "/login", "/login", &[("username", "{me}"), ("password", "{pass}")], [A, A, A, A, A]),
    c("GET", "/login/totp", "/login/totp", &[], [A, A, A, A, A]),
    c("POST", "/login/totp", "/login/totp", &[("code", "{code}")], [A, A, A, A, A]),
    // Single sign-on is open to everyone when configured; this app has none, so its
    // routes answer 404 (crates/cli/tests/api/oidc.rs drives them with a provider).
    c("GET", "/login/oidc", "/login/oidc", &[], [D, D, D, D, D]),
    c("GET", "/login/oidc/callback", "/login/oidc/callback?code=x&state=y", &[], [D, D, D, D, D]),
    c("POST", "/logout", "/logout", CSRF, [A, A, A, A, A]),
    c("GET", "/invite/{token}", "/invite/{invite}", &[], [A, A, A, A, A]),
    c("POST", "/invite/{token}", "/invite/{invite}",
      &[("username", "{fresh}"), ("password", "{pass}"), ("repeat", "{pass}")], [A, A, A, A, A]),
    // every account, its own things
    c("GET", "/start", "/start", &[], [D, A, A, A, A]),
    c("GET", "/account/password", "/account/password", &[], [D, A, A, A, A]),
    c("POST", "/account/password", "/account/password",
      &[("csrf", "{csrf}"), ("current", "{pass}"), ("new", "{pass}"), ("repeat", "{pass}")], [D, A, A, A, A]),
    c("GET", "/account/security", "/account/security", &[], [D, A, A, A, A]),
    c("POST", "/account/sessions/revoke", "/account/sessions/revoke",
      &[("csrf", "{csrf}"), ("session", "none")], [D, A, A, A, A]),
    c("POST", "/account/sessions/revoke-others", "/account/sessions/revoke-others", CSRF, [D, A, A, A, A]),
    c("POST", "/account/totp/start", "/account/totp/start", CSRF, [D, A, A, A, A]),
    c("POST", "/account/totp/confirm", "/account/totp/confirm",
      &[("csrf", "{csrf}"), ("code", "{pending-code}")], [D, A, A, A, A]),
    c("POST", "/account/totp/disable", "/account/totp/disable",
      &[("csrf", "{csrf}"), ("password", "{pass}")], [D, A, A, A, A]),
    c("POST", "/account/recovery-codes", "/account/recovery-codes",
      &[("csrf", "{csrf}"), ("password", "{pass}")], [D, A, A, A, A]),
    // organisers only
    c("GET", "/admin", "/admin", &[], [D, A, D, D, D]),
    c("GET", "/admin/users", "/admin/users", &[], [D, A, D, D, D]),
    c("POST", "/admin/users/invitations", "/admin/users/invitations",
      &[("csrf", "{csrf}"), ("role", "viewer"), ("org", "{a}")], [D, A, D, D, D]),
    c("POST", "/admin/users/invitations/{id}/revoke", "/admin/users/invitations/{inv}/revoke", CSRF, [D, A, D, D, D]),
    c("POST", "/admin/users/{id}/role", "/admin/users/{user}/role",
      &[("csrf", "{csrf}"), ("role", "viewer")], [D, A, D, D, D]),
    c("POST", "/admin/users/{id}/orgs", "/admin/users/{user}/orgs",
      &[("csrf", "{csrf}"), ("org", "{a}"), ("op", "add")], [D, A, D, D, D]),
    c("POST", "/admin/users/{id}/delete", "/admin/users/{user}/delete", CSRF, [D, A, D, D, D]),
    c("POST", "/admin/orgs", "/admin/orgs",
      &[("csrf", "{csrf}"), ("name", "{fresh}"), ("kind", "kommune")], [D, A, D, D, D]),
    // models: the list, an upload's preview ({newmodel}: the built-in model as a fresh
    // version), the import
    c("GET", "/admin/models", "/admin/models", &[], [D, A, D, D, D]),
    c("POST", "/admin/models/preview", "/admin/models/preview",
      &[("csrf", "{csrf}"), ("@file", "{newmodel}")], [D, A, D, D, D]),
    c("POST", "/admin/models/import", "/admin/models/import",
      &[("csrf", "{csrf}"), ("toml", "{newmodel}")], [D, A, D, D, D]),
    // organisations in bulk, edited, erased; the demo removed ({sorg}: a fresh spare organisation)
    c("POST", "/admin/orgs/import", "/admin/orgs/import",
      &[("csrf", "{csrf}"), ("@file", "name,kind\n{fresh},kommune\n")], [D, A, D, D, D]),
    c("GET", "/admin/orgs/{org}", "/admin/orgs/{a}", &[], [D, A, D, D, D]),
    c("POST", "/admin/orgs/{org}", "/admin/orgs/{sorg}",
      &[("csrf", "{csrf}"), ("name", "{fresh}"), ("kind", "region")], [D, A, D, D, D]),
    c("GET", "/admin/orgs/{org}/delete", "/admin/orgs/{a}/delete", &[], [D, A, D, D, D]),
    c("POST", "/admin/orgs/{org}/delete", "/admin/orgs/{sorg}/delete", CSRF, [D, A, D, D, D]),
    c("GET", "/admin/demo/remove", "/admin/demo/remove", &[], [D, A, D, D, D]),
    c("POST", "/admin/demo/remove", "/admin/demo/remove", CSRF, [D, A, D, D, D]),
    c("POST", "/admin/rounds", "/admin/rounds",
      &[("csrf", "{csrf}"), ("name", "{fresh}"), ("model", "{model}"), ("min_responses", "3")], [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}", "/admin/rounds/{round}", &[], [D, A, D, D, D]),
    // (no organisation has a score in this world, so no staircase to download even for
    // the organiser; report::the_summary_stands_alone_… downloads one as the organiser
    // and is refused as a contact)
    c("GET", "/admin/rounds/{id}/charts/{file}", "/admin/rounds/{round}/charts/stair.svg", &[], [D, D, D, D, D]),
    c("POST", "/admin/rounds/{id}/status", "/admin/rounds/{round}/status",
      &[("csrf", "{csrf}"), ("status", "open")], [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/export.xlsx", "/admin/rounds/{round}/export.xlsx", &[], [D, A, D, D, D]),
    // a round's participation: every organisation for organisers only
    c("GET", "/admin/rounds/{id}/participation", "/admin/rounds/{round}/participation", &[], [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/participation.csv", "/admin/rounds/{round}/participation.csv", &[], [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/participation.xlsx", "/admin/rounds/{round}/participation.xlsx", &[], [D, A, D, D, D]),
    c("POST", "/admin/rounds/{id}/deadline", "/admin/rounds/{round}/deadline",
      &[("csrf", "{csrf}"), ("deadline", "2099-12-31"), ("language", "da")], [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/export.json", "/admin/rounds/{round}/export.json", &[], [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/export/{file}", "/admin/rounds/{round}/export/results.csv", &[], [D, A, D, D, D]),
    c("GET", "/admin/audit", "/admin/audit", &[], [D, A, D, D, D]),
    c("GET", "/admin/audit.csv", "/admin/audit.csv", &[], [D, A, D, D, D]),
    c("GET", "/admin/tokens", "/admin/tokens", &[], [D, A, D, D, D]),
    c("POST", "/admin/tokens", "/admin/tokens", &[("csrf", "{csrf}"), ("name", "{fresh}"), ("scope", "all")], [D, A, D, D, D]),
    c("POST", "/admin/tokens/{id}/revoke", "/admin/tokens/1/revoke", CSRF, [D, A, D, D, D]),
    // the mail queue ({mail}: a fresh queued mail's id)
    c("GET", "/admin/mail", "/admin/mail", &[], [D, A, D, D, D]),
    c("GET", "/admin/mail/{id}", "/admin/mail/{mail}", &[], [D, A, D, D, D]),
    c("POST", "/admin/mail/{id}/resend", "/admin/mail/{mail}/resend", CSRF, [D, A, D, D, D]),
    c("POST", "/admin/mail/{id}/dismiss", "/admin/mail/{mail}/dismiss", CSRF, [D, A, D, D, D]),
    c("POST", "/admin/users/invite-contacts", "/admin/users/invite-contacts", &[("csrf", "{csrf}"), ("lang", "da")], [D, A, D, D, D]),
    // the JSON API: bearer tokens only, never a session cookie (tokens are tried in api.rs)
    c("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", &[], [A, A, A, A, A]),
    c("GET", "/api/v1/rounds", "/api/v1/rounds", &[], [D, D, D, D, D]),
    c("GET", "/api/v1/rounds/{id}/results", "/api/v1/rounds/{round}/results", &[], [D, D, D, D, D]),
    // one organisation: its organisers, contacts and viewers
    c("POST", "/admin/rounds/{id}/invitations", "/admin/rounds/{round}/invitations",
      &[("csrf", "{csrf}"), ("org", "{a}"), ("kind", "single"), ("count", "1")], [D, A, A, D, D]),
    c("POST", "/admin/rounds/{id}/invitations", "/admin/rounds/{round}/invitations",
      &[("csrf", "{csrf}"), ("org", "{b}"), ("kind", "single"), ("count", "1")], [D, A, D, A, D]),
    c("GET", "/admin/rounds/{id}/orgs/{org}", "/admin/rounds/{round}/orgs/{a}", &[], [D, A, A, D, A]),
    c("GET", "/admin/rounds/{id}/orgs/{org}", "/admin/rounds/{round}/orgs/{b}", &[], [D, A, D, A, D]),
    c("GET", "/admin/rounds/{id}/orgs/{org}/explain", "/admin/rounds/{round}/orgs/{a}/explain", &[], [D, A, A, D, A]),
    c("GET", "/admin/rounds/{id}/orgs/{org}/explain", "/admin/rounds/{round}/orgs/{b}/explain", &[], [D, A, D, A, D]),
    // one organisation's target in a round: its organisers and contacts set it, its viewers read it
    c("GET", "/admin/rounds/{id}/orgs/{org}/target", "/admin/rounds/{round}/orgs/{a}/target", &[], [D, A, A, D, A]),
    c("GET", "/admin/rounds/{id}/orgs/{org}/target", "/admin/rounds/{round}/orgs/{b}/target", &[], [D, A, D, A, D]),
    c("POST", "/admin/rounds/{id}/orgs/{org}/target", "/admin/rounds/{round}/orgs/{a}/target", CSRF, [D, A, A, D, D]),
    c("POST", "/admin/rounds/{id}/orgs/{org}/target", "/admin/rounds/{round}/orgs/{b}/target", CSRF, [D, A, D, A, D]),
    // one organisation's participation: its organisers and contacts (own row only)
    c("GET", "/admin/rounds/{id}/orgs/{org}/participation", "/admin/rounds/{round}/orgs/{a}/participation", &[], [D, A, A, D, D]),
    c("GET", "/admin/rounds/{id}/orgs/{org}/participation", "/admin/rounds/{round}/orgs/{b}/participation", &[], [D, A, D, A, D]),
    // a round's links per organisation (their states tell who answered): organisers only
    c("GET", "/admin/rounds/{id}/orgs/{org}/links", "/admin/rounds/{round}/orgs/{a}/links", &[], [D, A, D, D, D]),
    c("POST", "/admin/rounds/{id}/orgs/{org}/links/approve", "/admin/rounds/{round}/orgs/{a}/links/approve", CSRF, [D, A, D, D, D]),
    c("POST", "/admin/rounds/{id}/orgs/{org}/links/{link}/revoke", "/admin/rounds/{round}/orgs/{a}/links/{rlink}/revoke", CSRF, [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/orgs/{org}/report", "/admin/rounds/{round}/orgs/{a}/report", &[], [D, A, A, D, A]),
    c("GET", "/admin/rounds/{id}/orgs/{org}/report", "/admin/rounds/{round}/orgs/{b}/report", &[], [D, A, D, A, D]),
    // the report's print stylesheet and its charts as files: as the report
    c("GET", "/admin/rounds/{id}/orgs/{org}/report/print.css", "/admin/rounds/{round}/orgs/{a}/report/print.css", &[], [D, A, A, D, A]),
    // (A and B are withheld in this world, too few responses: nobody gets a chart of
    // them; who gets a shown organisation's charts is report::charts_download_as_svg_…)
    c("GET", "/admin/rounds/{id}/orgs/{org}/report/charts/{file}", "/admin/rounds/{round}/orgs/{a}/report/charts/stair.svg", &[], [D, D, D, D, D]),
    c("GET", "/admin/rounds/{id}/orgs/{org}/report/charts/{file}", "/admin/rounds/{round}/orgs/{b}/report/charts/dims.png", &[], [D, D, D, D, D]),
    // a round's respondent list and its mails: organisers; an organisation's own list:
    // its organisers and contacts (viewers see no addresses)
    c("GET", "/admin/rounds/{id}/respondents", "/admin/rounds/{round}/respondents", &[], [D, A, D, D, D]),
    c("POST", "/admin/rounds/{id}/respondents", "/admin/rounds/{round}/respondents",
      &[("csrf", "{csrf}"), ("@file", LIST_FILE)], [D, A, D, D, D]),
    c("POST", "/admin/rounds/{id}/respondents/texts", "/admin/rounds/{round}/respondents/texts",
      &[("csrf", "{csrf}"), ("invitation_subject", ""), ("invitation_body", ""), ("reminder_subject", ""),
        ("reminder_body", "")], [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/respondents/send/{which}", "/admin/rounds/{round}/respondents/send/invitation", &[], [D, A, D, D, D]),
    c("POST", "/admin/rounds/{id}/respondents/send/{which}", "/admin/rounds/{round}/respondents/send/reminder", CSRF, [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/respondents/addresses", "/admin/rounds/{round}/respondents/addresses", &[], [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/respondents/delete", "/admin/rounds/{round}/respondents/delete", &[], [D, A, D, D, D]),
    c("POST", "/admin/rounds/{id}/respondents/delete", "/admin/rounds/{round}/respondents/delete", CSRF, [D, A, D, D, D]),
    c("GET", "/admin/rounds/{id}/orgs/{org}/respondents", "/admin/rounds/{round}/orgs/{a}/respondents", &[], [D, A, A, D, D]),
    c("POST", "/admin/rounds/{id}/orgs/{org}/respondents", "/admin/rounds/{round}/orgs/{a}/respondents",
      &[("csrf", "{csrf}"), ("@file", LIST_FILE)], [D, A, A, D, D]),
    // one organisation's channel page: its organisers and contacts change it, its viewers read
    c("GET", "/admin/orgs/{org}/channels", "/admin/orgs/{a}/channels", &[], [D, A, A, D, A]),
    c("POST", "/admin/orgs/{org}/channels/prices", "/admin/orgs/{a}/channels/prices",
      &[("csrf", "{csrf}"), ("price_phone", "50")], [D, A, A, D, D]),
    c("POST", "/admin/orgs/{org}/channels/targets", "/admin/orgs/{a}/channels/targets",
      &[("csrf", "{csrf}"), ("scope", "digital"), ("share", "80"), ("due", "2027-12-31")], [D, A, A, D, D]),
    c("POST", "/admin/orgs/{org}/channels/targets/delete", "/admin/orgs/{a}/channels/targets/delete",
      &[("csrf", "{csrf}"), ("scope", "digital"), ("due", "2027-12-31")], [D, A, A, D, D]),
    // a form key starting with @ is sent as a file (multipart/form-data)
    c("POST", "/admin/orgs/{org}/channels/uploads", "/admin/orgs/{a}/channels/uploads",
      &[("csrf", "{csrf}"), ("@file", UPLOAD_FILE)], [D, A, A, D, D]),
    c("GET", "/admin/orgs/{org}/channels/uploads/{upload}", "/admin/orgs/{a}/channels/uploads/{upload}", &[], [D, A, A, D, D]),
    c("POST", "/admin/orgs/{org}/channels/uploads/{upload}", "/admin/orgs/{a}/channels/uploads/{upload}",
      &[("csrf", "{csrf}"), ("col_0", "contact_id"), ("col_1", "org_id"), ("col_2", "timestamp"), ("col_3", "channel"),
        ("action", "refresh")], [D, A, A, D, D]),
    c("GET", "/admin/orgs/{org}/channels/imports/{import}", "/admin/orgs/{a}/channels/imports/{import}", &[], [D, A, A, D, D]),
    // {bimport}: an import of a file with a refused row (its rows kept for download)
    c("GET", "/admin/orgs/{org}/channels/imports/{import}/refused.csv",
      "/admin/orgs/{a}/channels/imports/{bimport}/refused.csv", &[], [D, A, A, D, D]),
    // respondents: the link is the access
    c("GET", "/s/{token}", "/s/{link}", &[], [A, A, A, A, A]),
    c("POST", "/s/{token}", "/s/{link}", &[], [A, A, A, A, A]),
    c("GET", "/s/{token}/p/{page}", "/s/{link}/p/1", &[], [A, A, A, A, A]),
    c("POST", "/s/{token}/p/{page}", "/s/{link}/p/1", &[], [A, A, A, A, A]),
    c("GET", "/s/{token}/review", "/s/{link}/review", &[], [A, A, A, A, A]),
    c("POST", "/s/{token}/submit", "/s/{link}/submit", &[], [A, A, A, A, A]),
    c("GET", "/thanks", "/thanks", &[], [A, A, A, A, A]),
    // citizen journeys: the organisation's organisers and contacts manage, its viewers
    // read; citizens have the feedback form only
    c("GET", "/admin/orgs/{org}/journeys", "/admin/orgs/{a}/journeys", &[], [D, A, A, D, A]),
    c("POST", "/admin/orgs/{org}/journeys", "/admin/orgs/{a}/journeys",
      &[("csrf", "{csrf}"), ("name", "{fresh}"), ("scale", "bipolar7"), ("retention_days", "730"),
        ("da.1", "Find"), ("da.2", "Søg"), ("da.3", "Svar")], [D, A, A, D, D]),
    c("GET", "/admin/orgs/{org}/journeys/{id}", "/admin/orgs/{a}/journeys/{journey}", &[], [D, A, A, D, A]),
    c("GET", "/admin/orgs/{org}/journeys/{id}", "/admin/orgs/{b}/journeys/{journey}", &[], [D, D, D, D, D]),
    c("GET", "/admin/orgs/{org}/journeys/{id}/edit", "/admin/orgs/{a}/journeys/{journey}/edit", &[], [D, A, A, D, D]),
    c("POST", "/admin/orgs/{org}/journeys/{id}/edit", "/admin/orgs/{a}/journeys/{journey}/edit",
      &[("csrf", "{csrf}"), ("name", "Boligstøtte"), ("retention_days", "730"),
        ("da.1", "Find"), ("da.2", "Søg"), ("da.3", "Svar")], [D, A, A, D, D]),
    c("POST", "/admin/orgs/{org}/journeys/{id}/links", "/admin/orgs/{a}/journeys/{journey}/links",
      &[("csrf", "{csrf}"), ("label", "{fresh}")], [D, A, A, D, D]),
    c("POST", "/admin/orgs/{org}/journeys/{id}/links/{link}/revoke",
      "/admin/orgs/{a}/journeys/{journey}/links/{jlink}/revoke", CSRF, [D, A, A, D, D]),
    c("GET", "/admin/orgs/{org}/journeys/{id}/links/{link}/qr.svg",
      "/admin/orgs/{a}/journeys/{journey}/links/{jlink}/qr.svg", &[], [D, A, A, D, A]),
    c("GET", "/admin/orgs/{org}/journeys/{id}/links/{link}/qr.png",
      "/admin/orgs/{a}/journeys/{journey}/links/{jlink}/qr.png", &[], [D, A, A, D, A]),
    c("POST", "/admin/orgs/{org}/journeys/{id}/import", "/admin/orgs/{a}/journeys/{journey}/import",
      &[("csrf", "{csrf}"), ("csv", "find,apply,decision,overall\n4,4,4,4\n")], [D, A, A, D, D]),
    c("GET", "/f/{token}", "/f/{flink}", &[], [A, A, A, A, A]),
    c("POST", "/f/{token}", "/f/{flink}",
      &[("nonce", "{fnonce}"), ("m.find", "4"), ("m.apply", "na"), ("m.decision", "6"), ("overall", "5")],
      [A, A, A, A, A]),
    c("GET", "/f/{token}/thanks", "/f/{flink}/thanks", &[], [A, A, A, A, A]),
];

/// The contact log the upload routes are tried with ({upload} and {import} too).
/// A respondent list of organisation A (uploaded again, its address is counted as listed).
const LIST_FILE: &str = "org,email\nAarhus Kommune,kim@aarhus.example.dk\n";
const UPLOAD_FILE: &str = "contact_id,org_id,timestamp,channel\n1,K,2025-01-10T10:00:00Z,phone\n";
/// The same with a row the import refuses ({bimport}).
const BAD_UPLOAD_FILE: &str =
    "contact_id,org_id,timestamp,channel\n1,K,2025-01-10T10:00:00Z,phone\n2,K,2025-01-10T11:00:00Z\n";

/// A known TOTP secret for the accounts the test gives a second factor.
const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn code_now() -> String {
    totp_code(SECRET, totp_step_now())
}

struct World {
    app: TestApp,
    round: i64,
    a: i64,
    b: i64,
    /// (username, user id) of organiser, contact A, contact B, viewer A.
    accounts: Vec<(String, i64)>,
    hash: String,
    n: usize,
    /// A citizen journey of A and its feedback link (id, token).
    journey: i64,
    flink: (i64, String),
}

impl World {
    async fn new() -> World {
        let app = spawn_app().await;
        app.create_admin().await;
        let a = app.add_org("Aarhus Kommune").await;
        let b = app.add_org("Bornholms Regionskommune").await;
        let round = app.open_round(3).await;
        app.store.create_invitations(round, a, 1).await.unwrap();
        app.store.create_invitations(round, b, 1).await.unwrap();
        let hash = trappe_web::hash_password(ADMIN_PASSWORD.into())
            .await
            .unwrap();
        let admin = app.store.user_by_name("admin").await.unwrap().unwrap().id;
        let mut accounts = vec![("admin".to_string(), admin)];
        for (name, role, org) in [
            ("kontakt-a", "contact", a),
            ("kontakt-b", "contact", b),
            ("laeser-a", "viewer", a),
            ("spare", "contact", a),
        ] {
            let id = app.store.create_user(name, &hash, false).await.unwrap();
            app.store.set_role(id, role).await.unwrap();
            app.store.link_org(id, org).await.unwrap();
            accounts.push((name.to_string(), id));
        }
        accounts.pop();
        let journey = app
            .store
            .create_journey(
                a,
                &trappe_store::NewJourney {
                    name: "Boligstøtte".into(),
                    service: String::new(),
                    scale: Default::default(),
                    retention_days: 730,
                    moments: ["find", "apply", "decision"]
                        .map(trappe_store::Moment::bare)
                        .to_vec(),
                },
            )
            .await
            .unwrap();
        let link = app
            .store
            .create_feedback_link(journey, "Brev")
            .await
            .unwrap();
        World {
            app,
            round,
            a,
            b,
            accounts,
            hash,
            n: 0,
            journey,
            flink: (link.id, link.token),
        }
    }

    fn fresh(&mut self) -> String {
        self.n += 1;
        format!("fresh-{}", self.n)
    }

    /// A signed-in client of role `r` (1..=4) and its CSRF token; nobody (0) gets a
    /// client without cookies.
    async fn client(&self, r: usize) -> (reqwest::Client, String) {
        let c = raw_client();
        if r == 0 {
            return (c, String::new());
        }
        let res = self
            .app
            .login(&c, &self.accounts[r - 1].0, ADMIN_PASSWORD)
            .await;
        assert_eq!(res.status(), 303, "login as {}", ROLES[r]);
        let page = get_text(&c, self.app.url("/account/security")).await;
        let csrf = crate::helpers::csrf_of(&page);
        (c, csrf)
    }

    /// Fills the placeholders of `s` for a request by role `r` on client `c`.
    async fn fill(&mut self, s: &str, r: usize, c: &reqwest::Client, csrf: &str) -> String {
        let mut out = s.to_string();
        let me = if r == 0 {
            "spare".to_string()
        } else {
            self.accounts[r - 1].0.clone()
        };
        let simple = [
            ("{round}", self.round.to_string()),
            ("{a}", self.a.to_string()),
            ("{b}", self.b.to_string()),
            ("{csrf}", csrf.to_string()),
            ("{me}", me),
            ("{pass}", ADMIN_PASSWORD.to_string()),
        ];
        for (k, v) in simple {
            out = out.replace(k, &v);
        }
        if out.contains("{model}") {
            let m = Model::builtin();
            out = out.replace("{model}", &format!("{}@{}", m.id, m.version));
        }
        if out.contains("{newmodel}") {
            let f = self.fresh();
            let v = format!("9.{}", f.trim_start_matches("fresh-"));
            out = out.replace(
                "{newmodel}",
                &trappe_core::model::BUILTIN_MODEL_TOML.replacen(
                    "\nversion = \"1.0.0\"\n",
                    &format!("\nversion = \"{v}\"\n"),
                    1,
                ),
            );
        }
        if out.contains("{fresh}") {
            let f = self.fresh();
            out = out.replace("{fresh}", &f);
        }
        out = out.replace("{journey}", &self.journey.to_string());
        out = out.replace("{flink}", &self.flink.1);
        if out.contains("{jlink}") {
            let l = self
                .app
                .store
                .create_feedback_link(self.journey, "QR")
                .await
                .unwrap();
            out = out.replace("{jlink}", &l.id.to_string());
        }
        if out.contains("{fnonce}") {
            let n = self
                .app
                .store
                .issue_feedback_nonce(self.flink.0)
                .await
                .unwrap();
            out = out.replace("{fnonce}", &n);
        }
        if out.contains("{link}") {
            let t = self
                .app
                .store
                .create_invitations(self.round, self.a, 1)
                .await
                .unwrap();
            out = out.replace("{link}", &t[0]);
        }
        if out.contains("{rlink}") {
            let t = self
                .app
                .store
                .create_invitations(self.round, self.a, 1)
                .await
                .unwrap();
            let id = self.app.store.invitation(&t[0]).await.unwrap().unwrap().id;
            out = out.replace("{rlink}", &id.to_string());
        }
        if out.contains("{mail}") {
            let mail = trappe_store::NewMail {
                recipient: "kim@aarhus.dk".into(),
                subject: "Trappe".into(),
                text: "x".into(),
                html: "<p>x</p>".into(),
                kind: "account_invitation".into(),
                org_id: None,
                round_id: None,
            };
            let ids = self.app.store.enqueue_mails(&[mail], "test").await.unwrap();
            out = out.replace("{mail}", &ids[0].to_string());
        }
        if out.contains("{invite}") {
            let t = format!("invite-token-{}", self.fresh());
            self.app
                .store
                .create_account_invitation(&t, "viewer", Some(self.a), "test", 3600)
                .await
                .unwrap();
            out = out.replace("{invite}", &t);
        }
        if out.contains("{inv}") {
            let t = format!("invite-token-{}", self.fresh());
            let id = self
                .app
                .store
                .create_account_invitation(&t, "viewer", Some(self.a), "test", 3600)
                .await
                .unwrap();
            out = out.replace("{inv}", &id.to_string());
        }
        if out.contains("{upload}") || out.contains("{import}") || out.contains("{bimport}") {
            // An upload of organisation A, made by an organiser (any editor of A may map
            // it); for {import}, mapped and imported.
            let (admin, admin_csrf) = self.client(1).await;
            let bad = out.contains("{bimport}");
            let file = if bad { BAD_UPLOAD_FILE } else { UPLOAD_FILE };
            let (ctype, body) = crate::channels::multipart(
                &[("csrf", &admin_csrf)],
                ("file", "log.csv", file.as_bytes()),
            );
            let res = admin
                .post(
                    self.app
                        .url(&format!("/admin/orgs/{}/channels/uploads", self.a)),
                )
                .header("content-type", ctype)
                .body(body)
                .send()
                .await
                .unwrap();
            let mapping = res.headers()["location"].to_str().unwrap().to_string();
            let upload = mapping.rsplit('/').next().unwrap().to_string();
            if out.contains("{import}") || bad {
                let res = admin
                    .post(self.app.url(&mapping))
                    .form(&[
                        ("csrf", admin_csrf.as_str()),
                        ("col_0", "contact_id"),
                        ("col_1", "org_id"),
                        ("col_2", "timestamp"),
                        ("col_3", "channel"),
                        ("action", "import"),
                    ])
                    .send()
                    .await
                    .unwrap();
                let progress = res.headers()["location"].to_str().unwrap().to_string();
                let token = progress.rsplit('/').next().unwrap().to_string();
                if bad {
                    // the import runs in the background: wait until it is over
                    for _ in 0..200 {
                        let page = admin.get(self.app.url(&progress)).send().await.unwrap();
                        if !page.text().await.unwrap().contains("import-progress") {
                            break;
                        }
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    }
                }
                out = out.replace("{import}", &token).replace("{bimport}", &token);
            }
            out = out.replace("{upload}", &upload);
        }
        if out.contains("{sorg}") {
            let name = self.fresh();
            let id = self
                .app
                .store
                .add_org(&trappe_core::NewOrg::parse(&name, "kommune", None, &[]).unwrap())
                .await
                .unwrap();
            out = out.replace("{sorg}", &id.to_string());
        }
        if out.contains("{user}") {
            let name = self.fresh();
            let id = self
                .app
                .store
                .create_user(&name, &self.hash, false)
                .await
                .unwrap();
            self.app.store.set_role(id, "contact").await.unwrap();
            out = out.replace("{user}", &id.to_string());
        }
        if out.contains("{pending-code}") {
            if r > 0 {
                let id = self.accounts[r - 1].1;
                self.app
                    .store
                    .set_totp_pending(id, Some(SECRET))
                    .await
                    .unwrap();
            }
            out = out.replace("{pending-code}", &code_now());
        }
        if out.contains("{code}") {
            // A fresh account with a second factor, its password given on this client:
            // the client now holds a pending login waiting for this code.
            let name = self.fresh();
            let id = self
                .app
                .store
                .create_user(&name, &self.hash, false)
                .await
                .unwrap();
            self.app.store.set_role(id, "viewer").await.unwrap();
            self.app
                .store
                .set_totp_pending(id, Some(SECRET))
                .await
                .unwrap();
            self.app.store.enable_totp(id, 0).await.unwrap();
            let res = self.app.login(c, &name, ADMIN_PASSWORD).await;
            assert_eq!(res.headers()["location"], "/login/totp");
            out = out.replace("{code}", &code_now());
        }
        out
    }

    /// A pending login on client `c` (for the code page).
    async fn pending_login(&mut self, c: &reqwest::Client) {
        let _ = self.fill("{code}", 0, c, "").await;
    }
}

fn verdict(status: reqwest::StatusCode, location: Option<&str>) -> Option<E> {
    let to_login = location.is_some_and(|l| l == "/login" || l.starts_with("/login?"));
    if status.is_success() || (status.is_redirection() && !to_login) {
        Some(A)
    } else if (status.is_redirection() && to_login)
        || status == 401
        || status == 403
        || status == 404
    {
        Some(D)
    } else {
        None
    }
}

#[test]
fn the_access_table_covers_every_route_exactly() {
    let routes: BTreeSet<(&str, &str)> = trappe_web::route_list().into_iter().collect();
    let table: BTreeSet<(&str, &str)> = TABLE.iter().map(|c| (c.method, c.pattern)).collect();
    let missing: Vec<_> = routes.difference(&table).collect();
    let stale: Vec<_> = table.difference(&routes).collect();
    assert!(
        missing.is_empty(),
        "routes without a line in the access table (crates/cli/tests/api/access.rs): {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "access table lines for routes the app does not have: {stale:?}"
    );
}

#[tokio::test]
async fn every_route_as_every_role_is_allowed_or_denied_as_the_table_says() {
    let mut w = World::new().await;
    let mut failures = Vec::new();
    let mut clients: Vec<Option<(reqwest::Client, String)>> = vec![None, None, None, None, None];
    for case in TABLE {
        for (r, &want) in case.expect.iter().enumerate() {
            // Nobody gets a fresh client every time; a signed-in role keeps its client
            // until a post (which may end or replace its session).
            if r == 0 || clients[r].is_none() {
                clients[r] = Some(w.client(r).await);
            }
            let (c, csrf) = clients[r].clone().unwrap();
            if case.pattern == "/login/totp" && case.method == "GET" {
                w.pending_login(&c).await;
            }
            let path = w.fill(case.path, r, &c, &csrf).await;
            let mut form = Vec::new();
            for (k, v) in case.form {
                form.push((k.to_string(), w.fill(v, r, &c, &csrf).await));
            }
            let url = w.app.url(&path);
            let file = form.iter().position(|(k, _)| k.starts_with('@'));
            let res = match case.method {
                "GET" => c.get(&url).send().await.unwrap(),
                "POST" if file.is_some() => {
                    let (name, content) = form.remove(file.unwrap_or(0));
                    let fields: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    let (ctype, body) = crate::channels::multipart(
                        &fields,
                        (&name[1..], "log.csv", content.as_bytes()),
                    );
                    c.post(&url)
                        .header("content-type", ctype)
                        .body(body)
                        .send()
                        .await
                        .unwrap()
                }
                "POST" => c.post(&url).form(&form).send().await.unwrap(),
                m => panic!("method {m} not tried"),
            };
            let status = res.status();
            let location = res
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .map(str::to_string);
            let got = verdict(status, location.as_deref());
            if got != Some(want) {
                failures.push(format!(
                    "{} {} as {}: want {:?}, got {} {}",
                    case.method,
                    path,
                    ROLES[r],
                    want,
                    status,
                    location.unwrap_or_default()
                ));
            }
            if case.method == "POST" {
                clients[r] = None;
                // Keep the role's own account as it was (no second factor).
                if r > 0 {
                    w.app.store.disable_totp(w.accounts[r - 1].1).await.unwrap();
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the access table's expectations failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
