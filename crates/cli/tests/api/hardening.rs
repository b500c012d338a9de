//! The server against hostile clients (issue 13, items 8, 11 and 12): `next` targets
//! that would leave the site, connections that send their headers slowly or nothing,
//! more connections than the cap, answers that must not be cached, /metrics for this
//! machine only, the Origin's scheme, HSTS only over https.

use crate::helpers::{
    away_from_step_edge, client, csrf_of, get_text, post_form, raw_client, spawn_app,
    spawn_app_behind, spawn_app_with, totp_code, totp_step_now, TestApp, ADMIN_PASSWORD,
};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use trappe_web::accounts::totp;
use trappe_web::{Config, ConnectionLimits};

/// Targets that a browser would follow off the site, or that are not a plain path.
const HOSTILE: [&str; 14] = [
    "//evil.example/path",
    "/\\evil.example/path",
    "\\\\evil.example",
    "/\t/evil.example/path",
    "/%09/evil.example/path",
    "/\r\n/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    " /admin",
    "/\u{200b}/evil.example",
    "///evil.example",
];

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_language_switch_and_the_login_never_send_anyone_off_the_site() {
    let app = spawn_app().await;
    app.create_admin().await;
    let c = raw_client();
    for target in HOSTILE {
        // The language switch: the query as a browser sends it, percent-encoded.
        let res = c
            .get(app.url("/lang/da"))
            .query(&[("next", target)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{target:?}");
        assert_eq!(location(&res), "/", "{target:?}");
        // The literal bytes of the reported attack, not re-encoded.
        if target == "/%09/evil.example/path" {
            let res = c
                .get(app.url("/lang/da?next=/%09/evil.example/path"))
                .send()
                .await
                .unwrap();
            assert_eq!(location(&res), "/");
        }
        // The login form carries its own start page instead.
        let page = get_text(
            &c,
            reqwest::Url::parse_with_params(&app.url("/login"), &[("next", target)]).unwrap(),
        )
        .await;
        assert!(
            page.contains("name=\"next\" value=\"/start\""),
            "{target:?}: {page}"
        );
        // A login that succeeds goes to the start page, not to the target.
        let res = post_form(
            &raw_client(),
            app.url("/login"),
            &[
                ("username", "admin"),
                ("password", ADMIN_PASSWORD),
                ("next", target),
            ],
        )
        .await;
        assert_eq!(res.status(), 303, "{target:?}");
        assert_eq!(location(&res), "/start", "{target:?}");
    }
    // The site's own paths are kept, query and all.
    let own = "/admin/orgs/1/channels?from=phone&to=web";
    let res = c
        .get(app.url("/lang/en"))
        .query(&[("next", own)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), own);
    let res = post_form(
        &raw_client(),
        app.url("/login"),
        &[
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
            ("next", "/admin"),
        ],
    )
    .await;
    assert_eq!(location(&res), "/admin");
}

#[tokio::test]
async fn the_second_factor_step_does_not_follow_a_hostile_next_either() {
    let app = spawn_app().await;
    let id = app.create_user_as("kim", "organiser", None).await;
    let secret = totp::new_secret();
    app.store.set_totp_pending(id, Some(&secret)).await.unwrap();
    app.store.enable_totp(id, 0).await.unwrap();
    // Far enough from a step's end that the three logins below fall in one step.
    away_from_step_edge(12).await;
    let base = totp_step_now();
    for (i, target) in [
        "/%09/evil.example/path",
        "/\\evil.example",
        "//evil.example",
    ]
    .into_iter()
    .enumerate()
    {
        let c = raw_client();
        let res = post_form(
            &c,
            app.url("/login"),
            &[
                ("username", "kim"),
                ("password", ADMIN_PASSWORD),
                ("next", target),
            ],
        )
        .await;
        assert_eq!(location(&res), "/login/totp", "{target:?}");
        // Each login uses a code of its own step (a code works once).
        let step = base + i as i64 - 1;
        let code = totp_code(&secret, step);
        let res = post_form(&c, app.url("/login/totp"), &[("code", code.as_str())]).await;
        assert_eq!(res.status(), 303, "{target:?}");
        assert_eq!(location(&res), "/start", "{target:?}");
    }
}

#[tokio::test]
async fn hsts_goes_only_with_answers_over_https() {
    let app = spawn_app_behind("https://trappe.example.dk", Config::default()).await;
    let c = reqwest::Client::new();
    let hsts = |res: &reqwest::Response| res.headers().contains_key("strict-transport-security");
    let res = c.get(app.url("/privacy")).send().await.unwrap();
    assert!(hsts(&res), "behind a TLS proxy that says nothing");
    let res = c
        .get(app.url("/privacy"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(hsts(&res));
    // The proxy says this one came over plain http: HSTS there means nothing.
    let res = c
        .get(app.url("/privacy"))
        .header("x-forwarded-proto", "http")
        .send()
        .await
        .unwrap();
    assert!(!hsts(&res));
    // Served over http: never.
    let plain = spawn_app().await;
    let res = c
        .get(plain.url("/privacy"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(!hsts(&res));
}

#[tokio::test]
async fn a_form_from_the_same_host_over_another_scheme_is_refused() {
    let app = spawn_app().await;
    app.create_admin().await;
    let host = app.base_url.trim_start_matches("http://").to_string();
    let login = [("username", "admin"), ("password", ADMIN_PASSWORD)];
    for (origin, status) in [
        (format!("https://{host}"), 403),
        ("http://evil.example".to_string(), 403),
        ("null".to_string(), 403),
        (format!("http://{host}"), 303),
    ] {
        let res = raw_client()
            .post(app.url("/login"))
            .header("origin", &origin)
            .form(&login)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{origin}");
    }
}

#[tokio::test]
async fn metrics_answer_this_machine_or_the_token_only() {
    let app = spawn_app().await;
    let c = reqwest::Client::new();
    let res = c.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("trappe_http_requests_total"));
    // Through a proxy on this machine: from elsewhere.
    let res = c
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "192.0.2.7")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    let app = spawn_app_with(Config {
        metrics_token: Some("scrape-me-7f3a".into()),
        ..Default::default()
    })
    .await;
    let proxied = |token: Option<&str>| {
        let req = c
            .get(app.url("/metrics"))
            .header("x-forwarded-for", "192.0.2.7");
        match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    };
    assert_eq!(proxied(None).send().await.unwrap().status(), 401);
    assert_eq!(proxied(Some("wrong")).send().await.unwrap().status(), 401);
    let res = proxied(Some("scrape-me-7f3a")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("trappe_http_requests_total"));
}

#[tokio::test]
async fn signed_in_pages_and_answers_that_show_a_secret_are_not_stored() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    let (c, csrf) = app.admin_client().await;
    let no_store = |res: &reqwest::Response| {
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store"))
    };
    // Pages of a signed-in account.
    for path in ["/admin", "/admin/tokens", "/account/security", "/privacy"] {
        let res = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(no_store(&res), "{path}");
    }
    let org_s = org.to_string();
    // Answers that show a secret once.
    // Where to post, what, and a piece of the secret the answer shows.
    type Post<'a> = (String, Vec<(&'a str, &'a str)>, &'a str);
    let posts: [Post; 4] = [
        (
            "/admin/tokens".into(),
            vec![("name", "Power BI"), ("scope", "all")],
            "id=\"new-token\"",
        ),
        (
            "/admin/users/invitations".into(),
            vec![("role", "contact"), ("org", org_s.as_str())],
            "/invite/",
        ),
        (
            format!("/admin/rounds/{round}/invitations"),
            vec![("org", org_s.as_str()), ("kind", "single"), ("count", "1")],
            "/s/",
        ),
        ("/account/totp/start".into(), vec![], "totp-secret"),
    ];
    for (path, mut form, shown) in posts {
        form.push(("csrf", csrf.as_str()));
        let res = post_form(&c, app.url(&path), &form).await;
        assert_eq!(res.status(), 200, "{path}");
        assert!(no_store(&res), "{path}");
        assert!(res.text().await.unwrap().contains(shown), "{path}");
    }
    // A respondent's link: its token is the credential.
    let link = app.link(round, org).await;
    let res = reqwest::Client::new()
        .get(app.url(&link))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(no_store(&res));
    // A public page for nobody in particular stays cacheable.
    let res = reqwest::Client::new()
        .get(app.url("/privacy"))
        .send()
        .await
        .unwrap();
    assert!(!no_store(&res));
}

// ---- slow clients ----

fn limits(header: u64, idle: u64, max: usize) -> Config {
    Config {
        connections: ConnectionLimits {
            header_timeout: Duration::from_millis(header),
            idle_timeout: Duration::from_millis(idle),
            max_connections: max,
        },
        ..Default::default()
    }
}

fn connect(app: &TestApp) -> TcpStream {
    let s = TcpStream::connect(app.base_url.trim_start_matches("http://")).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Reads until the server closes the connection (or 10 s pass); what it sent and when
/// it closed.
fn until_closed(s: &mut TcpStream) -> (String, Instant) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return (String::from_utf8_lossy(&got).into_owned(), Instant::now()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn a_client_that_sends_half_a_header_or_nothing_is_cut_off_after_the_timeout() {
    let app = spawn_app_with(limits(800, 5_000, 100)).await;
    let host = app.base_url.trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        let start = Instant::now();
        let mut half = TcpStream::connect(&host).unwrap();
        half.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .unwrap();
        let silent = TcpStream::connect(&host).unwrap();
        silent
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        // One byte every 200 ms: moving, but never a whole header.
        let mut trickle = TcpStream::connect(&host).unwrap();
        trickle
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut trickle_closed = None;
        for b in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaa".iter() {
            if trickle.write_all(&[*b]).is_err() {
                trickle_closed = Some(start.elapsed());
                break;
            }
            let mut buf = [0u8; 64];
            if let Ok(0) = trickle.read(&mut buf) {
                trickle_closed = Some(start.elapsed());
                break;
            }
        }
        let trickle_closed = trickle_closed.expect("the trickling client was cut off");
        assert!(
            trickle_closed >= Duration::from_millis(700) && trickle_closed < Duration::from_secs(4),
            "{trickle_closed:?}"
        );
        for mut s in [half, silent] {
            let (_, at) = until_closed(&mut s);
            let after = at - start;
            assert!(
                after >= Duration::from_millis(700) && after < Duration::from_secs(4),
                "{after:?}"
            );
        }
    })
    .await
    .unwrap();
    // Whole requests are served as ever.
    let res = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_kept_alive_connection_is_closed_after_the_idle_timeout_but_serves_until_then() {
    let app = spawn_app_with(limits(5_000, 700, 100)).await;
    let mut s = connect(&app);
    let after = tokio::task::spawn_blocking(move || {
        let get = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        let mut buf = [0u8; 1024];
        s.write_all(get).unwrap();
        let n = s.read(&mut buf).unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        // Within the idle time the same connection serves another request.
        std::thread::sleep(Duration::from_millis(300));
        s.write_all(get).unwrap();
        let n = s.read(&mut buf).unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        // Then silence: closed after the idle timeout, well before the header timeout.
        let start = Instant::now();
        let (_, at) = until_closed(&mut s);
        at - start
    })
    .await
    .unwrap();
    assert!(
        after >= Duration::from_millis(600) && after < Duration::from_secs(3),
        "{after:?}"
    );
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_one() {
    let app = spawn_app_with(limits(30_000, 30_000, 3)).await;
    let host = app.base_url.trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        // Three silent connections hold every slot (the timeouts are long here).
        let mut held: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(&host).unwrap()).collect();
        std::thread::sleep(Duration::from_millis(300));
        let mut fourth = TcpStream::connect(&host).unwrap();
        fourth
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        fourth
            .set_read_timeout(Some(Duration::from_millis(1500)))
            .unwrap();
        let mut buf = [0u8; 1024];
        assert!(
            fourth.read(&mut buf).is_err(),
            "a fourth connection was served beside three held ones"
        );
        // One of the three goes: the fourth is served, not refused.
        drop(held.pop());
        fourth
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let (answer, _) = until_closed(&mut fourth);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_slow_request_body_is_read_to_the_end() {
    // A body that takes longer than both timeouts to arrive (an upload on a slow line)
    // is bounded by the request's own timeout, not by these.
    let app = spawn_app_with(limits(500, 500, 100)).await;
    let host = app.base_url.trim_start_matches("http://").to_string();
    let answer = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(&host).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let body = b"csrf=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        write!(
            s,
            "POST /logout HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        for chunk in body.chunks(5) {
            std::thread::sleep(Duration::from_millis(250));
            s.write_all(chunk).unwrap();
        }
        until_closed(&mut s).0
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
}

#[tokio::test]
async fn trappe_serve_takes_the_limits_as_flags() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::helpers::fresh_db(dir.path(), "trappe.db");
    let out = crate::helpers::trappe(
        &db,
        &["serve", "--bind", "127.0.0.1:0", "--max-connections", "0"],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--max-connections"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = dir.path().join("out");
    let mut child = crate::helpers::trappe_cmd(
        &db,
        &["serve", "--bind", "127.0.0.1:0", "--header-timeout", "1"],
    )
    .env("TRAPPE_IDLE_TIMEOUT", "1")
    .env("TRAPPE_METRICS_TOKEN", "from-the-environment")
    .stdout(std::fs::File::create(&log).unwrap())
    .stderr(std::fs::File::create(dir.path().join("err")).unwrap())
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let base = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(at) = text.find("Trappe is serving on ") {
            let rest = &text[at + "Trappe is serving on ".len()..];
            break rest.split_whitespace().next().unwrap().to_string();
        }
        let ended = child.try_wait().unwrap();
        assert!(
            ended.is_none() && Instant::now() < deadline,
            "trappe serve did not start ({ended:?}): {}",
            std::fs::read_to_string(dir.path().join("err")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let host = base.trim_start_matches("http://").to_string();
    let base_c = base.clone();
    let after = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(&host).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let start = Instant::now();
        let (_, at) = until_closed(&mut s);
        at - start
    })
    .await
    .unwrap();
    let res = reqwest::Client::new()
        .get(format!("{base_c}/metrics"))
        .header("x-forwarded-for", "192.0.2.7")
        .bearer_auth("from-the-environment")
        .send()
        .await
        .unwrap();
    let status = res.status();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        after >= Duration::from_millis(800) && after < Duration::from_secs(4),
        "{after:?}"
    );
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_browser_session_works_through_the_new_server_loop() {
    // Cookies, redirects and forms, as every other test does, with small limits.
    let app = spawn_app_with(limits(2_000, 2_000, 8)).await;
    app.create_admin().await;
    let c = client();
    let res = post_form(
        &c,
        app.url("/login"),
        &[
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
            ("next", "/admin"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.url().path(), "/admin");
    let html = res.text().await.unwrap();
    assert!(!csrf_of(&html).is_empty());
}

#[tokio::test]
async fn a_contact_log_uploaded_on_a_slow_line_is_taken() {
    // Its body takes four times the header and idle timeouts to arrive.
    let app = spawn_app_with(limits(500, 500, 100)).await;
    let org = app.add_org("Aarhus Kommune").await;
    app.create_admin().await;
    let res = app.login(&raw_client(), "admin", ADMIN_PASSWORD).await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("trappe_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let page = raw_client()
        .get(app.url(&format!("/admin/orgs/{org}/channels")))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&page);
    let (ctype, body) = crate::channels::multipart(
        &[("csrf", csrf.as_str())],
        (
            "file",
            "henvendelser.csv",
            &crate::channels::danish_export(),
        ),
    );
    let host = app.base_url.trim_start_matches("http://").to_string();
    let answer = tokio::task::spawn_blocking(move || {
        let mut s = TcpStream::connect(&host).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(
            s,
            "POST /admin/orgs/{org}/channels/uploads HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        for chunk in body.chunks(body.len().div_ceil(8)) {
            std::thread::sleep(Duration::from_millis(250));
            s.write_all(chunk).unwrap();
        }
        until_closed(&mut s).0
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(
        answer.contains(&format!("location: /admin/orgs/{org}/channels/uploads/")),
        "{answer}"
    );
}
