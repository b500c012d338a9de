//! Accounts over HTTP: invitations, the three roles, the second factor, sessions, and
//! `trappe user invite`.

use crate::helpers::{
    away_from_step_edge, client, csrf_of, post_form, raw_client, spawn_app, totp_code,
    totp_step_now, TestApp,
};

const GOOD: &str = "hestene løber over engen";

async fn text(res: reqwest::Response) -> String {
    res.text().await.unwrap()
}

/// The first `href`/`value` that starts with `prefix`.
fn find_link(html: &str, prefix: &str) -> String {
    let at = html.find(prefix).expect("link in page");
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

/// An account of `role` for organisation `org`, made through the users page and an
/// invitation link; returns its signed-in client.
async fn invited(
    app: &TestApp,
    admin: &reqwest::Client,
    csrf: &str,
    role: &str,
    org: i64,
    name: &str,
) -> reqwest::Client {
    let org = org.to_string();
    let page = text(
        post_form(
            admin,
            app.url("/admin/users/invitations"),
            &[("csrf", csrf), ("role", role), ("org", org.as_str())],
        )
        .await,
    )
    .await;
    let link = find_link(&page, &format!("{}/invite/", app.base_url));
    let c = client();
    let res = post_form(
        &c,
        &link,
        &[("username", name), ("password", GOOD), ("repeat", GOOD)],
    )
    .await;
    assert_eq!(res.url().path(), "/start", "signed in on the start page");
    c
}

#[tokio::test]
async fn an_invitation_link_makes_a_contact_who_sees_only_its_own_organisation() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Bornholms Regionskommune").await;
    let round = app.open_round(1).await;
    app.link(round, a).await;
    app.link(round, b).await;
    let (admin, csrf) = app.admin_client().await;

    let a_s = a.to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("role", "contact"),
        ("org", a_s.as_str()),
    ];
    let page = text(post_form(&admin, app.url("/admin/users/invitations"), &form).await).await;
    assert!(page.contains("vises kun denne ene gang"));
    let link = find_link(&page, &format!("{}/invite/", app.base_url));
    let token = link.rsplit('/').next().unwrap();
    assert!(token.len() >= 64, "a long random token");
    // Shown once: the users page lists the invitation, never the link again.
    let users = text(admin.get(app.url("/admin/users")).send().await.unwrap()).await;
    assert!(users.contains("Kontaktperson") && users.contains("Aarhus Kommune"));
    assert!(!users.contains(token));

    // The invitee: a weak password is refused, a good one makes the account.
    let c = client();
    let page = text(c.get(&link).send().await.unwrap()).await;
    assert!(page.contains("Aarhus Kommune") && page.contains("Kontaktperson"));
    let res = post_form(
        &c,
        &link,
        &[
            ("username", "kim"),
            ("password", "Sommer2024!!"),
            ("repeat", "Sommer2024!!"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(text(res).await.contains("for let at gætte"));
    let res = post_form(
        &c,
        &link,
        &[("username", "kim"), ("password", GOOD), ("repeat", GOOD)],
    )
    .await;
    assert_eq!(res.url().path(), "/start");
    let start = text(res).await;
    assert!(start.contains("Aarhus Kommune") && start.contains("Test round"));
    assert!(start.contains(&format!("/admin/rounds/{round}/orgs/{a}/report")));
    assert!(
        !start.contains("Bornholm"),
        "no other organisation is named"
    );
    // Spent: a second use finds nothing.
    let res = post_form(
        &client(),
        &link,
        &[("username", "kim2"), ("password", GOOD), ("repeat", GOOD)],
    )
    .await;
    assert_eq!(res.status(), 404);
    assert!(app.store.user_by_name("kim2").await.unwrap().is_none());

    // The contact's pages: own organisation yes, the cohort and other organisations no.
    let page = text(
        c.get(app.url(&format!("/admin/rounds/{round}/orgs/{a}/report")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(page.contains("Aarhus Kommune") && !page.contains("Bornholm"));
    for path in [
        format!("/admin/rounds/{round}"),
        format!("/admin/rounds/{round}/orgs/{b}"),
        "/admin".to_string(),
        "/admin/users".to_string(),
    ] {
        let res = c.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{path}");
    }
    let log = app.store.audit_log(100).await.unwrap();
    for action in ["account_invited", "account_created", "login"] {
        assert!(log.iter().any(|e| e.action == action), "{action} logged");
    }
}

#[tokio::test]
async fn a_contact_makes_links_for_its_own_organisation_and_a_viewer_only_reads() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Bornholms Regionskommune").await;
    let round = app.open_round(1).await;
    app.link(round, a).await;
    app.link(round, b).await;
    let (admin, csrf) = app.admin_client().await;
    let contact = invited(&app, &admin, &csrf, "contact", a, "kontakt").await;
    let viewer = invited(&app, &admin, &csrf, "viewer", a, "laeser").await;

    let page = text(
        contact
            .get(app.url(&format!("/admin/rounds/{round}/orgs/{a}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(page.contains(&format!("action=\"/admin/rounds/{round}/invitations\"")));
    assert!(
        !page.contains(&format!("href=\"/admin/rounds/{round}\"")),
        "no cohort link"
    );
    let csrf_c = csrf_of(&page);
    let a_s = a.to_string();
    let b_s = b.to_string();
    let res = post_form(
        &contact,
        app.url(&format!("/admin/rounds/{round}/invitations")),
        &[
            ("csrf", csrf_c.as_str()),
            ("org", a_s.as_str()),
            ("kind", "single"),
            ("count", "2"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let links = text(res).await;
    assert_eq!(links.matches("<li><a href=").count(), 2);
    let res = post_form(
        &contact,
        app.url(&format!("/admin/rounds/{round}/invitations")),
        &[
            ("csrf", csrf_c.as_str()),
            ("org", b_s.as_str()),
            ("kind", "single"),
            ("count", "2"),
        ],
    )
    .await;
    assert_eq!(res.status(), 403, "not for another organisation");
    // Not into a round its organisation does not take part in.
    let other = app.open_round(1).await;
    let res = post_form(
        &contact,
        app.url(&format!("/admin/rounds/{other}/invitations")),
        &[
            ("csrf", csrf_c.as_str()),
            ("org", a_s.as_str()),
            ("kind", "single"),
            ("count", "1"),
        ],
    )
    .await;
    assert_eq!(res.status(), 404);

    // The viewer reads the results and report but gets no form and may not post.
    let page = text(
        viewer
            .get(app.url(&format!("/admin/rounds/{round}/orgs/{a}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(page.contains("Aarhus Kommune"));
    assert!(!page.contains("/invitations\""), "no invitation form");
    let csrf_v = csrf_of(&page);
    let res = post_form(
        &viewer,
        app.url(&format!("/admin/rounds/{round}/invitations")),
        &[
            ("csrf", csrf_v.as_str()),
            ("org", a_s.as_str()),
            ("kind", "single"),
            ("count", "1"),
        ],
    )
    .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn a_second_factor_is_set_up_with_a_code_then_asked_for_at_login_and_codes_work_once() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let (admin, csrf) = app.admin_client().await;
    let c = invited(&app, &admin, &csrf, "viewer", a, "kim").await;
    let page = text(c.get(app.url("/account/security")).send().await.unwrap()).await;
    let csrf_k = csrf_of(&page);
    assert!(page.contains("slået fra"));
    let page = text(
        post_form(
            &c,
            app.url("/account/totp/start"),
            &[("csrf", csrf_k.as_str())],
        )
        .await,
    )
    .await;
    let at = page
        .find("<code id=\"totp-secret\">")
        .expect("secret shown")
        + 23;
    let secret: String = page[at..at + page[at..].find('<').unwrap()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(secret.len(), 32);
    assert!(page.contains(&format!("otpauth://totp/Trappe:kim?secret={secret}")));
    // Not on until a code confirms it: a wrong code is refused.
    let res = post_form(
        &c,
        app.url("/account/totp/confirm"),
        &[("csrf", csrf_k.as_str()), ("code", "000000")],
    )
    .await;
    assert_eq!(res.status(), 422);
    // In the summary at the top, linked to the field, and next to the field.
    let page = text(res).await;
    assert_form_error(&page, "code");
    away_from_step_edge(4).await;
    let now = totp_step_now();
    let res = post_form(
        &c,
        app.url("/account/totp/confirm"),
        &[
            ("csrf", csrf_k.as_str()),
            ("code", totp_code(&secret, now - 1).as_str()),
        ],
    )
    .await;
    assert!(
        text(res).await.contains("slået til"),
        "a code one step old is accepted"
    );

    // Login now takes two steps; the first opens nothing but the code form.
    let c2 = client();
    let res = app.login(&c2, "kim", GOOD).await;
    assert_eq!(res.url().path(), "/login/totp");
    let res = c2.get(app.url("/start")).send().await.unwrap();
    assert_eq!(
        res.url().path(),
        "/login",
        "a pending login is not a session"
    );
    let res = app.login(&c2, "kim", GOOD).await;
    assert_eq!(res.url().path(), "/login/totp");
    let res = post_form(
        &c2,
        app.url("/login/totp"),
        &[("code", totp_code(&secret, now - 1).as_str())],
    )
    .await;
    assert_eq!(
        res.status(),
        401,
        "the code that confirmed the set-up is spent"
    );
    let res = post_form(
        &c2,
        app.url("/login/totp"),
        &[("code", totp_code(&secret, now).as_str())],
    )
    .await;
    assert_eq!(res.url().path(), "/start");

    // The same code again, in a new login: refused. The next step's code: accepted.
    let c3 = client();
    app.login(&c3, "kim", GOOD).await;
    let res = post_form(
        &c3,
        app.url("/login/totp"),
        &[("code", totp_code(&secret, now).as_str())],
    )
    .await;
    assert_eq!(res.status(), 401);
    assert!(text(res).await.contains("allerede brugt"));
    let res = post_form(
        &c3,
        app.url("/login/totp"),
        &[("code", totp_code(&secret, now + 1).as_str())],
    )
    .await;
    assert_eq!(res.url().path(), "/start");
    // Two steps away is too far.
    let c4 = client();
    app.login(&c4, "kim", GOOD).await;
    let res = post_form(
        &c4,
        app.url("/login/totp"),
        &[("code", totp_code(&secret, now + 3).as_str())],
    )
    .await;
    assert_eq!(res.status(), 401);
    let log = app.store.audit_log(100).await.unwrap();
    assert!(log.iter().any(|e| e.action == "totp_enabled"));
    assert!(
        log.iter()
            .filter(|e| e.action == "login_code_failed")
            .count()
            >= 2
    );

    // Turning it off takes the password.
    let page = text(c.get(app.url("/account/security")).send().await.unwrap()).await;
    let csrf_k = csrf_of(&page);
    let res = post_form(
        &c,
        app.url("/account/totp/disable"),
        &[("csrf", csrf_k.as_str()), ("password", "forkert forkert")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_form_error(&text(res).await, "totp-password");
    post_form(
        &c,
        app.url("/account/totp/disable"),
        &[("csrf", csrf_k.as_str()), ("password", GOOD)],
    )
    .await;
    let res = app.login(&client(), "kim", GOOD).await;
    assert_eq!(res.url().path(), "/start", "one step again");
}

/// A form's error is in the summary at the top, linked to the field `id`, and next to
/// the field, which points to it.
fn assert_form_error(page: &str, id: &str) {
    let summary = page.find("class=\"error-summary\"").expect(page);
    let link = page.find(&format!("href=\"#{id}\"")).expect(page);
    assert!(summary < link, "the summary links to #{id}: {page}");
    assert!(
        page.contains(&format!("class=\"field-error\" id=\"{id}-error\"")),
        "the error next to #{id}: {page}"
    );
    assert!(page.contains(&format!("id=\"{id}\"")), "#{id} on the page");
}

/// The recovery codes a page shows (in `<ol id="recovery-codes">`).
fn recovery_codes_of(page: &str) -> Vec<String> {
    let Some(at) = page.find("<ol id=\"recovery-codes\"") else {
        return Vec::new();
    };
    let list = &page[at..at + page[at..].find("</ol>").unwrap()];
    list.split("<code>")
        .skip(1)
        .map(|c| c[..c.find("</code>").unwrap()].to_string())
        .collect()
}

/// Signs `user` in with the password, then posts `recovery` on the code step.
async fn login_with_recovery(app: &TestApp, user: &str, recovery: &str) -> reqwest::Response {
    let c = client();
    let res = app.login(&c, user, GOOD).await;
    assert_eq!(res.url().path(), "/login/totp");
    let page = text(res).await;
    assert!(
        page.contains("name=\"recovery\""),
        "the code step takes a recovery code"
    );
    post_form(&c, app.url("/login/totp"), &[("recovery", recovery)]).await
}

#[tokio::test]
async fn recovery_codes_are_shown_once_work_once_are_counted_and_replaced() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let (admin, csrf) = app.admin_client().await;
    let c = invited(&app, &admin, &csrf, "viewer", a, "lis").await;
    let page = text(c.get(app.url("/account/security")).send().await.unwrap()).await;
    let csrf_l = csrf_of(&page);
    let page = text(
        post_form(
            &c,
            app.url("/account/totp/start"),
            &[("csrf", csrf_l.as_str())],
        )
        .await,
    )
    .await;
    let at = page.find("<code id=\"totp-secret\">").unwrap() + 23;
    let secret: String = page[at..at + page[at..].find('<').unwrap()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    away_from_step_edge(4).await;
    let now = totp_step_now();
    // Confirming the second factor shows ten codes, this once, kept from caches.
    let res = post_form(
        &c,
        app.url("/account/totp/confirm"),
        &[
            ("csrf", csrf_l.as_str()),
            ("code", totp_code(&secret, now).as_str()),
        ],
    )
    .await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    let page = text(res).await;
    let codes = recovery_codes_of(&page);
    assert_eq!(codes.len(), 10, "{page}");
    assert!(page.contains("Du har 10 ubrugte gendannelseskoder."));
    let page = text(c.get(app.url("/account/security")).send().await.unwrap()).await;
    assert!(recovery_codes_of(&page).is_empty(), "not shown again");
    assert!(page.contains("Du har 10 ubrugte gendannelseskoder."));
    // Only hashes are stored.
    let stored = crate::helpers::db_shell(&app.db, "SELECT code_hash FROM recovery_codes");
    let stored = String::from_utf8_lossy(&stored.stdout).to_string();
    assert_eq!(stored.lines().count(), 10);
    for code in &codes {
        assert!(!stored.contains(&code.replace('-', "")) && !stored.contains(code.as_str()));
    }

    // A code stands in for the app's, however it is typed, and works once.
    let typed = codes[0].to_uppercase().replace('-', " ");
    let res = login_with_recovery(&app, "lis", &typed).await;
    assert_eq!(res.url().path(), "/start");
    let res = login_with_recovery(&app, "lis", &codes[0]).await;
    assert_eq!(res.status(), 401);
    assert!(text(res)
        .await
        .contains("Gendannelseskoden er forkert eller allerede brugt"));
    let res = login_with_recovery(&app, "lis", &codes[1]).await;
    assert_eq!(res.url().path(), "/start");
    let page = text(c.get(app.url("/account/security")).send().await.unwrap()).await;
    assert!(
        page.contains("Du har 8 ubrugte gendannelseskoder."),
        "{page}"
    );

    // New codes take the password and replace the old ones.
    let res = post_form(
        &c,
        app.url("/account/recovery-codes"),
        &[("csrf", csrf_l.as_str()), ("password", "forkert forkert")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_form_error(&text(res).await, "recovery-password");
    let page = text(
        post_form(
            &c,
            app.url("/account/recovery-codes"),
            &[("csrf", csrf_l.as_str()), ("password", GOOD)],
        )
        .await,
    )
    .await;
    let fresh = recovery_codes_of(&page);
    assert_eq!(fresh.len(), 10);
    assert!(fresh.iter().all(|f| !codes.contains(f)));
    let res = login_with_recovery(&app, "lis", &codes[2]).await;
    assert_eq!(res.status(), 401, "an old code is void");
    let res = login_with_recovery(&app, "lis", &fresh[9]).await;
    assert_eq!(res.url().path(), "/start");

    let log = app.store.audit_log(100).await.unwrap();
    let used: Vec<_> = log
        .iter()
        .filter(|e| e.action == "recovery_code_used")
        .map(|e| e.detail.clone().unwrap_or_default())
        .collect();
    assert_eq!(used, ["9 left", "8 left", "9 left"]);
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "recovery_codes_made")
            .count(),
        2
    );
    assert!(log
        .iter()
        .any(|e| e.action == "login" && e.detail.as_deref() == Some("with a recovery code")));

    // Turning the second factor off voids the codes.
    post_form(
        &c,
        app.url("/account/totp/disable"),
        &[("csrf", csrf_l.as_str()), ("password", GOOD)],
    )
    .await;
    let lis = app.store.user_by_name("lis").await.unwrap().unwrap();
    assert_eq!(app.store.recovery_codes_left(lis.id).await.unwrap(), 0);
}

#[tokio::test]
async fn sessions_are_listed_and_ended_one_by_one_or_all_others() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let (admin, csrf) = app.admin_client().await;
    let here = invited(&app, &admin, &csrf, "contact", a, "kim").await;
    let there = client();
    app.login(&there, "kim", GOOD).await;
    let elsewhere = client();
    app.login(&elsewhere, "kim", GOOD).await;

    let page = text(here.get(app.url("/account/security")).send().await.unwrap()).await;
    assert_eq!(
        page.matches("name=\"session\"").count(),
        2,
        "two others to end"
    );
    assert_eq!(page.matches("(dette login)").count(), 1);
    let csrf_k = csrf_of(&page);
    let user = app.store.user_by_name("kim").await.unwrap().unwrap();
    assert_eq!(app.store.sessions_of(user.id).await.unwrap().len(), 3);
    // End one: its client is signed out, the others are not.
    let prefix = "name=\"session\" value=\"";
    let at = page.find(prefix).unwrap() + prefix.len();
    let id = page[at..at + page[at..].find('"').unwrap()].to_string();
    post_form(
        &here,
        app.url("/account/sessions/revoke"),
        &[("csrf", csrf_k.as_str()), ("session", id.as_str())],
    )
    .await;
    assert_eq!(app.store.sessions_of(user.id).await.unwrap().len(), 2);
    let signed_in = |c: reqwest::Client| {
        let url = app.url("/account/security");
        async move { c.get(url).send().await.unwrap().url().path() == "/account/security" }
    };
    assert_eq!(
        [
            signed_in(there.clone()).await,
            signed_in(elsewhere.clone()).await
        ]
        .iter()
        .filter(|x| **x)
        .count(),
        1
    );
    // Another account's session cannot be ended from here.
    let admin_id = app.store.user_by_name("admin").await.unwrap().unwrap().id;
    let admin_session = app.store.sessions_of(admin_id).await.unwrap()[0].id.clone();
    post_form(
        &here,
        app.url("/account/sessions/revoke"),
        &[
            ("csrf", csrf_k.as_str()),
            ("session", admin_session.as_str()),
        ],
    )
    .await;
    assert_eq!(app.store.sessions_of(admin_id).await.unwrap().len(), 1);
    // All others.
    post_form(
        &here,
        app.url("/account/sessions/revoke-others"),
        &[("csrf", csrf_k.as_str())],
    )
    .await;
    assert!(!signed_in(there).await && !signed_in(elsewhere).await);
    assert!(signed_in(here).await);
    let log = app.store.audit_log(100).await.unwrap();
    assert!(log.iter().any(|e| e.action == "session_revoked"));
    assert!(log.iter().any(|e| e.action == "sessions_revoked"));
}

#[tokio::test]
async fn the_organiser_changes_roles_and_deletes_accounts_and_the_last_organiser_stays() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Bornholms Regionskommune").await;
    let round = app.open_round(1).await;
    app.link(round, b).await;
    let (admin, csrf) = app.admin_client().await;
    let kim = invited(&app, &admin, &csrf, "viewer", a, "kim").await;
    let id = app.store.user_by_name("kim").await.unwrap().unwrap().id;
    let admin_id = app.store.user_by_name("admin").await.unwrap().unwrap().id;
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let admin = admin.clone();
        let url = app.url(&path);
        let csrf = csrf.clone();
        async move {
            let mut form = form;
            form.push(("csrf", csrf));
            admin.post(url).form(&form).send().await.unwrap()
        }
    };
    // Link to B: the viewer reads B's report at once (roles are read per request).
    post(
        format!("/admin/users/{id}/orgs"),
        vec![("org", b.to_string()), ("op", "add".into())],
    )
    .await;
    let res = kim
        .get(app.url(&format!("/admin/rounds/{round}/orgs/{b}/report")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    post(
        format!("/admin/users/{id}/orgs"),
        vec![("org", b.to_string()), ("op", "remove".into())],
    )
    .await;
    let res = kim
        .get(app.url(&format!("/admin/rounds/{round}/orgs/{b}/report")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Made an organiser, then back.
    post(
        format!("/admin/users/{id}/role"),
        vec![("role", "organiser".into())],
    )
    .await;
    assert_eq!(
        kim.get(app.url("/admin")).send().await.unwrap().status(),
        200
    );
    post(
        format!("/admin/users/{id}/role"),
        vec![("role", "viewer".into())],
    )
    .await;
    assert_eq!(
        kim.get(app.url("/admin")).send().await.unwrap().status(),
        403
    );
    let res = post(
        format!("/admin/users/{id}/role"),
        vec![("role", "boss".into())],
    )
    .await;
    assert_eq!(res.status(), 422);
    // By the account's role select (its form open), and in the summary at the top.
    let page = text(res).await;
    assert_form_error(&page, &format!("role-{id}"));
    assert!(page.contains("<details open>"), "{page}");
    // The organiser cannot delete or demote itself as the last organiser.
    let res = post(format!("/admin/users/{admin_id}/delete"), vec![]).await;
    assert_eq!(res.status(), 422);
    assert_form_error(&text(res).await, "users-h");
    let res = post(
        format!("/admin/users/{admin_id}/role"),
        vec![("role", "viewer".into())],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(text(res)
        .await
        .contains("Den sidste administrator kan ikke miste rollen."));
    // Deleted: its session ends with it.
    post(format!("/admin/users/{id}/delete"), vec![]).await;
    assert!(app.store.user_by_name("kim").await.unwrap().is_none());
    let res = kim.get(app.url("/start")).send().await.unwrap();
    assert_eq!(res.url().path(), "/login");
    let log = app.store.audit_log(100).await.unwrap();
    for action in [
        "role_changed",
        "org_linked",
        "org_unlinked",
        "account_deleted",
    ] {
        assert!(log.iter().any(|e| e.action == action), "{action} logged");
    }
    let change = log.iter().find(|e| e.action == "role_changed").unwrap();
    assert_eq!(change.actor.as_deref(), Some("admin"));
    assert_eq!(change.subject.as_deref(), Some("kim"));
}

#[tokio::test]
async fn trappe_user_invite_prints_a_link_that_makes_the_account() {
    let app = spawn_app().await;
    app.add_org("Aarhus Kommune").await;
    let run = |args: &[&str]| crate::helpers::trappe(&app.db, args);
    let out = run(&["user", "invite", "--role", "contact"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --org"));
    let out = run(&[
        "user",
        "invite",
        "--role",
        "contact",
        "--org",
        "Aarhus Kommune",
        "--base-url",
        &app.base_url,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(
        link.starts_with(&format!("{}/invite/", app.base_url)),
        "{link}"
    );
    let c = raw_client();
    let res = post_form(
        &c,
        &link,
        &[("username", "kim"), ("password", GOOD), ("repeat", GOOD)],
    )
    .await;
    assert_eq!(res.status(), 303);
    let user = app.store.user_by_name("kim").await.unwrap().unwrap();
    assert_eq!(user.role, "contact");
    assert_eq!(app.store.user_orgs(user.id).await.unwrap().len(), 1);
}
