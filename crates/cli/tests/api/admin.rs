//! The organiser's side over HTTP: login, CSRF, organisations, rounds, links, results.

use crate::helpers::{client, csrf_of, get_text, post_form, raw_client, spawn_app, uniform};
use trappe_core::Model;
use trappe_store::ImportedResponse;

#[tokio::test]
async fn admin_pages_need_a_login_and_a_wrong_password_is_refused() {
    let app = spawn_app().await;
    app.create_admin().await;
    let c = raw_client();
    for path in [
        "/admin",
        "/admin/rounds/1",
        "/admin/rounds/1/orgs/1",
        "/admin/rounds/1/orgs/1/explain",
        "/account/password",
    ] {
        let res = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{path}");
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next="),
            "{path}"
        );
    }
    let res = post_form(
        &c,
        app.url("/admin/orgs"),
        &[("name", "X"), ("kind", "kommune")],
    )
    .await;
    assert_eq!(res.status(), 303, "posting without a session goes to login");
    assert!(app.store.orgs().await.unwrap().is_empty());

    let res = app.login(&c, "admin", "not the password").await;
    assert_eq!(res.status(), 401);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Brugernavn eller adgangskode er forkert"));
    let res = app.login(&c, "nobody", "x").await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn the_first_organiser_must_replace_the_one_time_password() {
    let app = spawn_app().await;
    let password = trappe_web::ensure_first_organiser(&app.store)
        .await
        .unwrap()
        .unwrap();
    assert!(
        trappe_web::ensure_first_organiser(&app.store)
            .await
            .unwrap()
            .is_none(),
        "only once"
    );
    let c = client();
    let res = app.login(&c, "admin", password.as_str()).await;
    assert_eq!(res.url().path(), "/account/password");
    let html = res.text().await.unwrap();
    let csrf = csrf_of(&html);
    // Every admin page leads back here until it is done.
    let res = c.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(res.url().path(), "/account/password");

    let short = [
        ("csrf", csrf.as_str()),
        ("current", password.as_str()),
        ("new", "kort"),
        ("repeat", "kort"),
    ];
    let res = post_form(&c, app.url("/account/password"), &short).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("for kort"));

    let good = "fem trin op ad modenhedstrappen";
    let form = [
        ("csrf", csrf.as_str()),
        ("current", password.as_str()),
        ("new", good),
        ("repeat", good),
    ];
    let res = post_form(&c, app.url("/account/password"), &form).await;
    assert_eq!(res.url().path(), "/admin");
    assert!(res.text().await.unwrap().contains("Opret måling"));

    // The old password no longer works; the new one does.
    let fresh = raw_client();
    let res = app.login(&fresh, "admin", password.as_str()).await;
    assert_eq!(res.status(), 401);
    let res = app.login(&fresh, "admin", good).await;
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
}

#[tokio::test]
async fn forms_need_the_sessions_csrf_token() {
    let app = spawn_app().await;
    let (c, csrf) = app.admin_client().await;
    let res = post_form(
        &c,
        app.url("/admin/orgs"),
        &[("name", "Aarhus Kommune"), ("kind", "kommune")],
    )
    .await;
    assert_eq!(res.status(), 403);
    let res = post_form(
        &c,
        app.url("/admin/orgs"),
        &[
            ("csrf", "wrong"),
            ("name", "Aarhus Kommune"),
            ("kind", "kommune"),
        ],
    )
    .await;
    assert_eq!(res.status(), 403);
    assert!(app.store.orgs().await.unwrap().is_empty());

    let form = [
        ("csrf", csrf.as_str()),
        ("name", "Aarhus Kommune"),
        ("kind", "kommune"),
        ("cvr", "55133018"),
        ("tags", "Region Midt, over 50.000 indbyggere"),
    ];
    let res = post_form(&c, app.url("/admin/orgs"), &form).await;
    assert_eq!(res.status(), 200);
    let orgs = app.store.orgs().await.unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].tags, vec!["Region Midt", "over 50.000 indbyggere"]);

    let bad = [
        ("csrf", csrf.as_str()),
        ("name", "Vejle Kommune"),
        ("kind", "kommune"),
        ("cvr", "55133019"),
    ];
    let res = post_form(&c, app.url("/admin/orgs"), &bad).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("modulus-11"));
    assert_eq!(app.store.orgs().await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_organiser_creates_a_round_opens_it_and_makes_links_that_work() {
    let app = spawn_app().await;
    let (c, csrf) = app.admin_client().await;
    let org = app.add_org("Randers Kommune").await;
    let m = Model::builtin();
    let model = format!("{}@{}", m.id, m.version);
    let res = post_form(
        &c,
        app.url("/admin/rounds"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Måling 2026"),
            ("model", model.as_str()),
            ("min_responses", "3"),
            ("min_orgs", "7"),
        ],
    )
    .await;
    let round_url = res.url().path().to_string();
    assert!(round_url.starts_with("/admin/rounds/"), "{round_url}");
    let round: i64 = round_url.rsplit('/').next().unwrap().parse().unwrap();
    let stored = app.store.round(round).await.unwrap().unwrap();
    assert_eq!((stored.min_responses, stored.min_orgs), (3, 7));
    // The store's own refusal is typed, so a page can name it in its language; its
    // English text stays the command line's.
    let refused = app
        .store
        .create_round_with_retention(" ", &m.id, &m.version, 3, 5, 30)
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            trappe_store::StoreError::Round(trappe_store::RoundRefusal::NoName)
        ),
        "{refused}"
    );
    assert_eq!(refused.to_string(), "a round needs a name");
    let res = post_form(
        &c,
        app.url(&format!("{round_url}/status")),
        &[("csrf", csrf.as_str()), ("status", "open")],
    )
    .await;
    assert!(res.text().await.unwrap().contains("Luk målingen"));
    assert_eq!(
        app.store
            .round(round)
            .await
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "open"
    );

    let org_s = org.to_string();
    let res = post_form(
        &c,
        app.url(&format!("{round_url}/invitations")),
        &[
            ("csrf", csrf.as_str()),
            ("org", org_s.as_str()),
            ("kind", "single"),
            ("count", "3"),
        ],
    )
    .await;
    let html = res.text().await.unwrap();
    let links: Vec<&str> = html
        .split("<li><a href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(links.len(), 3);
    for l in &links {
        assert!(l.starts_with(&format!("{}/s/", app.base_url)), "{l}");
        assert!(
            l.len() > app.base_url.len() + 3 + 60,
            "long random token: {l}"
        );
        assert_eq!(client().get(*l).send().await.unwrap().status(), 200);
    }
    let page = get_text(&c, app.url(&round_url)).await;
    assert!(page.contains("Randers Kommune"));
    assert!(page.contains("0 af 3 besvarelser"));
}

#[tokio::test]
async fn results_pages_show_scores_the_staircase_and_how_they_were_computed_and_withhold_small_groups(
) {
    let app = spawn_app().await;
    let model = Model::builtin();
    let big = app.add_org("Silkeborg Kommune").await;
    let small = app.add_org("Lille Kommune").await;
    let round = app.open_round(3).await;
    let mut rows = Vec::new();
    for level in [3u8, 4, 4] {
        rows.push(ImportedResponse {
            org_id: big,
            role: None,
            answers: uniform(&model, level),
            barriers: vec![],
        });
    }
    for level in [5u8, 5] {
        rows.push(ImportedResponse {
            org_id: small,
            role: None,
            answers: uniform(&model, level),
            barriers: vec![],
        });
    }
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    let (c, _) = app.admin_client().await;

    // (3 + 4 + 4) / 3 = 3.666.. shown as 3,7 on step 3.
    let page = get_text(&c, app.url(&format!("/admin/rounds/{round}/orgs/{big}"))).await;
    assert!(page.contains("<strong>3,7</strong>"), "decimal comma");
    assert!(page.contains("Trin 3: <strong>Godt i gang</strong>"));
    assert!(
        page.contains("<svg") && page.contains("Den professionelle"),
        "staircase with level names"
    );
    assert!(
        page.contains("Modenhedstrappen som tabel"),
        "the same data as a table"
    );
    assert!(page.contains(&format!("/admin/rounds/{round}/orgs/{big}/explain")));
    let explain = get_text(
        &c,
        app.url(&format!("/admin/rounds/{round}/orgs/{big}/explain")),
    )
    .await;
    assert!(explain.contains("Beregningsreglen"));
    assert!(explain.contains("3,6667"), "the unrounded score is shown");
    assert!(explain.contains("Baseret på 3 fuldførte besvarelser"));

    // Two responses of three needed: no score anywhere, only the count.
    let page = get_text(&c, app.url(&format!("/admin/rounds/{round}/orgs/{small}"))).await;
    assert!(page.contains("2 af 3 nødvendige"));
    assert!(!page.contains("5,0"), "withheld score leaked");
    let round_page = get_text(&c, app.url(&format!("/admin/rounds/{round}"))).await;
    assert!(round_page.contains("2 af 3 besvarelser"));
    assert!(!round_page.contains("5,0"));
    let explain = get_text(
        &c,
        app.url(&format!("/admin/rounds/{round}/orgs/{small}/explain")),
    )
    .await;
    assert!(
        !explain.contains("5,0") && !explain.contains(">2</td>"),
        "no tallies for a withheld organisation"
    );

    // English formatting with a point.
    c.get(app.url("/lang/en?next=/")).send().await.unwrap();
    let page = get_text(&c, app.url(&format!("/admin/rounds/{round}/orgs/{big}"))).await;
    assert!(page.contains("<strong>3.7</strong>") && page.contains("Well under way"));
}

#[tokio::test]
async fn repeated_failed_logins_are_throttled_and_logged() {
    let app = spawn_app().await;
    app.create_admin().await;
    let c = raw_client();
    let attempt = |password: &'static str| {
        let c = c.clone();
        let url = app.url("/login");
        async move {
            post_form(&c, url, &[("username", "admin"), ("password", password)])
                .await
                .status()
        }
    };
    for _ in 0..3 {
        assert_eq!(attempt("wrong guess").await, 401);
    }
    // Now even the right password waits (from this address: see login_abuse.rs).
    assert_eq!(attempt(crate::helpers::ADMIN_PASSWORD).await, 429);
    assert_eq!(attempt(crate::helpers::ADMIN_PASSWORD).await, 429);
    let log = app.store.audit_log(100).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "login_failed").count(), 3);
    assert_eq!(
        log.iter().filter(|e| e.action == "login_throttled").count(),
        1
    );
    // The audit log cannot be rewritten.
    for sql in ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"] {
        let out = crate::helpers::db_shell(&app.db, sql);
        assert!(!out.status.success(), "{sql} must be refused");
        assert!(String::from_utf8_lossy(&out.stderr).contains("append-only"));
    }
    assert_eq!(app.store.audit_log(100).await.unwrap().len(), log.len());
}
