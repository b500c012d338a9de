//! Logins under attack (issue 13, items 9, 10 and 13): an oversized username cannot
//! fill the audit log, wrong passwords slow only their own (account, address) pair and
//! cannot lock the owner out, X-Forwarded-For is believed only from a trusted proxy, and
//! usernames that differ only in case, look alike or hide invisible characters are
//! refused.

use crate::helpers::{
    get_text, post_form, raw_client, spawn_app, spawn_app_with, totp_code, totp_step_now, TestApp,
    ADMIN_PASSWORD,
};
use std::time::Duration;

/// A client whose connections come from `ip` (any 127.x.y.z works on loopback), as a
/// browser at another address would.
fn client_at(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(ip.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn try_login(
    app: &TestApp,
    c: &reqwest::Client,
    user: &str,
    password: &str,
    xff: Option<&str>,
) -> reqwest::Response {
    let mut req = c
        .post(app.url("/login"))
        .form(&[("username", user), ("password", password)]);
    if let Some(x) = xff {
        req = req.header("x-forwarded-for", x);
    }
    req.send().await.unwrap()
}

async fn status_of(app: &TestApp, c: &reqwest::Client, password: &str, xff: Option<&str>) -> u16 {
    try_login(app, c, "admin", password, xff)
        .await
        .status()
        .as_u16()
}

fn retry_after(res: &reqwest::Response) -> i64 {
    res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn an_oversized_username_leaves_a_bounded_audit_row_and_page() {
    let app = spawn_app().await;
    let anon = raw_client();
    // 1.9 MB of name, under the 2 MB body limit: the request is read, the name is not kept.
    let huge = "A".repeat(1_900_000);
    for _ in 0..3 {
        let res = try_login(&app, &anon, &huge, "forkert adgangskode", None).await;
        assert_eq!(res.status(), 401);
        let page = res.text().await.unwrap();
        assert!(page.len() < 100_000, "the page echoes {} bytes", page.len());
    }
    let log = app.store.audit_log(10).await.unwrap();
    let failed: Vec<_> = log.iter().filter(|e| e.action == "login_failed").collect();
    assert_eq!(failed.len(), 3);
    for e in &failed {
        let actor = e.actor.as_deref().unwrap();
        assert_eq!(actor.chars().count(), 64, "cut to 64 characters");
        assert!(
            actor.ends_with('…') && actor.starts_with("AAA"),
            "marked as cut"
        );
    }
    // Whatever a caller hands the store, an entry stays bounded.
    let long = "x".repeat(100_000);
    app.store
        .audit(Some(&long), &long, Some(&long), Some(&long))
        .await
        .unwrap();
    let e = &app.store.audit_log(1).await.unwrap()[0];
    assert_eq!(e.actor.as_deref().unwrap().chars().count(), 64);
    assert_eq!(e.action.chars().count(), 64);
    assert_eq!(
        e.subject.as_deref().unwrap().chars().count(),
        trappe_store::AUDIT_SUBJECT_CHARS
    );
    assert_eq!(
        e.detail.as_deref().unwrap().chars().count(),
        trappe_store::AUDIT_DETAIL_CHARS
    );
    // The organiser's page and CSV stay small.
    let (c, _) = app.admin_client().await;
    let page = get_text(&c, app.url("/admin/audit")).await;
    assert!(
        page.contains("AAA") && page.len() < 200_000,
        "{}",
        page.len()
    );
    let csv = c
        .get(app.url("/admin/audit.csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(csv.len() < 100_000, "{}", csv.len());
}

#[tokio::test]
async fn throttled_attempts_from_one_address_write_one_audit_row_per_window() {
    let app = spawn_app().await;
    app.create_admin().await;
    let anon = raw_client();
    for _ in 0..3 {
        assert_eq!(
            status_of(&app, &anon, "forkert adgangskode", None).await,
            401
        );
    }
    // 100 more at once: each is refused unchecked, and only the first is logged.
    for i in 0..100 {
        let user = if i % 2 == 0 { "admin" } else { "Admin" };
        let res = try_login(&app, &anon, user, "forkert adgangskode", None).await;
        assert_eq!(res.status(), 429, "attempt {i}");
    }
    let log = app.store.audit_log(500).await.unwrap();
    let count = |a: &str| log.iter().filter(|e| e.action == a).count();
    assert_eq!(count("login_failed"), 3);
    assert_eq!(count("login_throttled"), 1);
}

#[tokio::test]
async fn a_pairs_wait_doubles_and_is_told_in_the_page_and_retry_after() {
    let app = spawn_app().await;
    app.create_admin().await;
    let c = raw_client();
    for _ in 0..3 {
        assert_eq!(status_of(&app, &c, "forkert adgangskode", None).await, 401);
    }
    // The fourth at once: refused without checking, told to wait a second.
    let res = try_login(&app, &c, "admin", ADMIN_PASSWORD, None).await;
    assert_eq!(res.status(), 429, "even the right password waits");
    assert_eq!(retry_after(&res), 1);
    assert!(res.text().await.unwrap().contains("Prøv igen om et sekund"));
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(status_of(&app, &c, "forkert igen", None).await, 401);
    // Now two seconds.
    let res = try_login(&app, &c, "admin", "forkert", None).await;
    assert_eq!(res.status(), 429);
    assert_eq!(retry_after(&res), 2);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Prøv igen om 2 sekunder"));
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(
        status_of(&app, &c, "forkert", None).await,
        429,
        "still inside 2 s"
    );
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(status_of(&app, &c, "forkert", None).await, 401);
    let res = try_login(&app, &c, "admin", "forkert", None).await;
    assert_eq!(retry_after(&res), 4, "then four");
    // The waits are the store's, shared by every instance: on to fifteen minutes.
    assert_eq!(trappe_store::login_wait_ms(3), 1_000);
    assert_eq!(trappe_store::login_wait_ms(40), 15 * 60 * 1_000);
}

#[tokio::test]
async fn wrong_passwords_from_one_address_do_not_lock_the_owner_out() {
    let app = spawn_app().await;
    app.create_admin().await;
    // The owner's browser at address A has signed in before.
    let owner_a = client_at("127.0.0.2");
    assert_eq!(status_of(&app, &owner_a, ADMIN_PASSWORD, None).await, 303);
    // The old lock attack: five wrong passwords (and more) from address A.
    let attacker = client_at("127.0.0.2");
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(status_of(&app, &attacker, "forkert adgangskode", None).await);
    }
    assert_eq!(&statuses[..3], &[401, 401, 401]);
    assert!(statuses[3..].iter().all(|s| *s == 429), "{statuses:?}");
    // The owner from address B gets in at once.
    let owner_b = client_at("127.0.0.3");
    assert_eq!(status_of(&app, &owner_b, ADMIN_PASSWORD, None).await, 303);
    // So does the owner's own browser at address A: its device cookie exempts it.
    assert_eq!(status_of(&app, &owner_a, ADMIN_PASSWORD, None).await, 303);
    // While a new browser at A still waits.
    assert_eq!(
        status_of(&app, &client_at("127.0.0.2"), ADMIN_PASSWORD, None).await,
        429
    );
}

#[tokio::test]
async fn a_correct_password_and_code_get_through_a_wait_others_caused() {
    let app = spawn_app().await;
    app.create_admin().await;
    let admin = app.store.user_by_name("admin").await.unwrap().unwrap();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    app.store
        .set_totp_pending(admin.id, Some(secret))
        .await
        .unwrap();
    app.store
        .enable_totp(admin.id, totp_step_now() - 10)
        .await
        .unwrap();
    let attacker = client_at("127.0.0.4");
    for _ in 0..6 {
        status_of(&app, &attacker, "forkert adgangskode", None).await;
    }
    assert_eq!(status_of(&app, &attacker, ADMIN_PASSWORD, None).await, 429);
    let owner = client_at("127.0.0.5");
    let res = try_login(&app, &owner, "ADMIN", ADMIN_PASSWORD, None).await;
    assert_eq!(res.headers()["location"], "/login/totp", "name in any case");
    let code = totp_code(secret, totp_step_now());
    let res = post_form(&owner, app.url("/login/totp"), &[("code", code.as_str())]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/start");
}

#[tokio::test]
async fn forwarded_for_counts_only_from_a_trusted_proxy_and_from_the_right() {
    // No trusted proxy: the header is anyone's to write, so it is ignored.
    let app = spawn_app().await;
    app.create_admin().await;
    let c = raw_client();
    for _ in 0..3 {
        let s = status_of(&app, &c, "forkert adgangskode", Some("198.51.100.1")).await;
        assert_eq!(s, 401);
    }
    assert_eq!(
        status_of(&app, &c, "forkert", Some("198.51.100.2")).await,
        429,
        "a new X-Forwarded-For does not make a new address"
    );

    // Behind a trusted proxy (the loopback peer), the right-most untrusted hop counts.
    let app = spawn_app_with(trappe_web::Config {
        trusted_proxies: vec![trappe_web::parse_trusted_proxy("127.0.0.1").unwrap()],
        ..Default::default()
    })
    .await;
    app.create_admin().await;
    let c = raw_client();
    for _ in 0..3 {
        let s = status_of(&app, &c, "forkert adgangskode", Some("198.51.100.1")).await;
        assert_eq!(s, 401);
    }
    assert_eq!(
        status_of(&app, &c, "forkert", Some("198.51.100.1")).await,
        429
    );
    // A forged left-hand entry does not help: the proxy appended the real one.
    assert_eq!(
        status_of(&app, &c, "forkert", Some("198.51.100.2, 198.51.100.1")).await,
        429
    );
    // Another client behind the proxy is another pair.
    assert_eq!(
        status_of(&app, &c, "forkert", Some("198.51.100.2")).await,
        401
    );
    assert_eq!(
        status_of(&app, &c, ADMIN_PASSWORD, Some("203.0.113.9, 198.51.100.3")).await,
        303
    );
}

/// Accepts an invitation as `name`; returns the status and the page.
async fn accept_as(
    app: &TestApp,
    (admin, csrf): &(reqwest::Client, String),
    lang: &str,
    name: &str,
) -> (u16, String) {
    let page = post_form(
        admin,
        app.url("/admin/users/invitations"),
        &[("csrf", csrf.as_str()), ("role", "organiser")],
    )
    .await
    .text()
    .await
    .unwrap();
    let at = page.find(&format!("{}/invite/", app.base_url)).unwrap();
    let link = &page[at..at + page[at..].find('"').unwrap()];
    let c = raw_client();
    c.get(app.url(&format!("/lang/{lang}?next=/")))
        .send()
        .await
        .unwrap();
    let good = "hestene løber over engen";
    let res = post_form(
        &c,
        link,
        &[("username", name), ("password", good), ("repeat", good)],
    )
    .await;
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn usernames_that_clash_in_case_look_alike_or_hide_characters_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_client().await;
    for (lang, name, says) in [
        ("da", "Admin", "Brugernavnet er optaget"),
        ("en", "ADMIN", "That username is taken"),
        (
            "da",
            "\u{0430}dmin",
            "ligner for meget en eksisterende kontos navn",
        ),
        (
            "en",
            "\u{0430}dmin",
            "looks too much like an existing account",
        ),
        ("da", "ad\u{200D}min2", "usynlige tegn"),
        (
            "en",
            "ad\u{200D}min2",
            "invisible, control or format characters",
        ),
        ("en", "kim\u{00A0}larsen", "invisible"),
    ] {
        let (status, page) = accept_as(&app, &admin, lang, name).await;
        assert_eq!(status, 422, "{name:?}");
        assert!(page.contains(says), "{name:?} in {lang}: {says}");
    }
    // A name of its own is fine; then its look-alike is refused too.
    assert_eq!(accept_as(&app, &admin, "da", "Søren").await.0, 303);
    assert_eq!(accept_as(&app, &admin, "en", "SØREN").await.0, 422);
    assert_eq!(
        accept_as(&app, &admin, "en", "Sør\u{0435}n").await.0,
        422,
        "Cyrillic е"
    );
    // The store refuses the same for any caller (first start, single sign-on).
    assert!(matches!(
        app.store.create_user("ADMIN", "h", false).await,
        Err(trappe_store::StoreError::Conflict(_))
    ));
    // Signing in takes the name in any case.
    let c = raw_client();
    assert_eq!(
        try_login(&app, &c, "søREN", "hestene løber over engen", None)
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn the_audit_csv_streams_every_entry_across_batches() {
    let app = spawn_app().await;
    // More entries than one batch of the download (5,000), each with a long detail.
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) \
               INSERT INTO audit_log (at, actor, action, subject, detail) \
               SELECT 1700000000 + i, 'robot', 'bulk', 'entry ' || i, 'x' FROM n";
    let out = crate::helpers::db_shell(&app.db, sql);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (c, _) = app.admin_client().await;
    let res = c
        .get(app.url("/admin/audit.csv?action=bulk&locale=en"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let ids: Vec<i64> = r
        .records()
        .map(|rec| rec.unwrap()[0].parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 12_000, "every entry, once");
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats"
    );
    // The page shows one page of them.
    let page = get_text(&c, app.url("/admin/audit?action=bulk&page=7")).await;
    assert_eq!(page.matches("<tr><td>").count(), 100);
    assert!(page.contains("entry 11400<") && page.contains("entry 11301<"));
}

#[tokio::test]
async fn a_correct_login_sweeps_out_windows_and_waits_that_have_run_out() {
    let app = spawn_app().await;
    app.create_admin().await;
    let sql = "INSERT INTO login_throttle (key, failures, window_start) VALUES ('ip:old', 99, 1); \
               INSERT INTO login_delays (key, failures, last_ms) VALUES ('pair:old', 9, 1);";
    let out = crate::helpers::db_shell(&app.db, sql);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = raw_client();
    assert_eq!(status_of(&app, &c, "forkert adgangskode", None).await, 401);
    assert_eq!(status_of(&app, &c, ADMIN_PASSWORD, None).await, 303);
    let count = |table: &str| {
        let out = crate::helpers::db_shell(&app.db, &format!("SELECT COUNT(*) FROM {table}"));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // Left: this address's live window only; the pair's failure went with the login.
    assert_eq!(count("login_throttle"), "1");
    assert_eq!(count("login_delays"), "0");
}
