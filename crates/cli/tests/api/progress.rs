//! Report generation shows progress (issue 8): a large round's report and cohort pages
//! answer with a progress page while the round's analysis is computed in the background,
//! then with the page itself; exports wait and answer directly.

use crate::helpers::{demo_responses, get_text, spawn_app, TestApp};
use std::time::{Duration, Instant};
use trappe_core::{Model, NewOrg};

/// Organisations and responses each: 2,000 complete responses, the smallest round whose
/// pages show progress by default (`trappe_web::PROGRESS_FROM_RESPONSES`).
const ORGS: usize = 250;
const EACH: usize = 8;
const _: () = assert!(ORGS * EACH >= trappe_web::PROGRESS_FROM_RESPONSES);

/// An open round of `ORGS` organisations with `EACH` complete responses each.
async fn large_round(app: &TestApp) -> (i64, Vec<i64>) {
    let model = Model::builtin();
    let mut orgs = Vec::new();
    let mut rows = Vec::new();
    for i in 0..ORGS {
        let kind = ["kommune", "region", "stat"][i % 3];
        let org = NewOrg::parse(&format!("Organisation {i}"), kind, None, &[]).unwrap();
        let id = app.store.add_org(&org).await.unwrap();
        rows.extend(demo_responses(&model, id, 2015 + i as u64, EACH));
        orgs.push(id);
    }
    let round = app.round_with("Stor måling", 3, &rows).await;
    (round, orgs)
}

fn is_progress(html: &str) -> bool {
    html.contains("id=\"import-progress\"")
}

/// The progress page as it must be: accessible, Danish, with a fallback without script.
fn assert_progress_page(html: &str, path: &str) {
    assert!(html.contains("<html lang=\"da\">"), "{html}");
    assert!(html.contains("<h1>Resultaterne beregnes</h1>"), "{html}");
    assert!(html.contains("<progress id=\"analysis-bar\""), "{html}");
    assert!(
        html.contains("role=\"status\" aria-live=\"polite\""),
        "{html}"
    );
    assert!(
        html.contains(&format!("<a href=\"{path}\">Opdater siden</a>")),
        "{html}"
    );
    assert!(
        html.contains("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>"),
        "{html}"
    );
    assert!(html.contains("src=\"/static/progress.js\""), "{html}");
}

/// GETs `path` until it is no longer the progress page; returns that page and the
/// counts the progress pages showed on the way ("N af 250").
async fn poll(c: &reqwest::Client, app: &TestApp, path: &str) -> (String, Vec<usize>) {
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut counts = Vec::new();
    loop {
        let res = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        if !is_progress(&html) {
            return (html, counts);
        }
        assert_progress_page(&html, path);
        let of = format!(" af {ORGS} organisationer analyseret");
        if let Some(end) = html.find(&of) {
            let start = html[..end].rfind('>').unwrap() + 1;
            counts.push(html[start..end].trim().parse().unwrap());
        } else {
            assert!(html.contains("Besvarelserne læses."), "{html}");
        }
        assert!(Instant::now() < deadline, "the analysis never finished");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_large_rounds_report_shows_progress_until_its_analysis_is_ready() {
    let app = spawn_app().await;
    let (c, _) = app.admin_client().await;
    let (round, orgs) = large_round(&app).await;
    let report = format!("/admin/rounds/{round}/orgs/{}/report", orgs[0]);

    // Not analysed yet: the progress page at once, and again while it runs.
    let res = c.get(app.url(&report)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap(),
        "no-store"
    );
    let first = res.text().await.unwrap();
    assert!(is_progress(&first), "{first}");
    assert_progress_page(&first, &report);
    let started = Instant::now();
    let (html, counts) = poll(&c, &app, &report).await;
    eprintln!(
        "analysis of {ORGS} organisations, {} responses: ready after {:.1?}; counts seen {counts:?}",
        ORGS * EACH,
        started.elapsed()
    );
    assert!(html.contains("<h1>Rapport: Organisation 0</h1>"), "{html}");
    // The counts come from the computation: never back, never beyond the whole.
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(counts.iter().all(|&n| n <= ORGS), "{counts:?}");

    // Ready: the report at once, another organisation's too, and the cohort page.
    for path in [
        report.clone(),
        format!("/admin/rounds/{round}/orgs/{}/report", orgs[1]),
        format!("/admin/rounds/{round}"),
    ] {
        let html = get_text(&c, app.url(&path)).await;
        assert!(!is_progress(&html), "{path}: {html}");
    }

    // New responses change the results: the progress page again, for the cohort too
    // (a batch of the round's minimum, 3: results move by no fewer).
    let model = Model::builtin();
    app.store
        .import_responses(round, &demo_responses(&model, orgs[2], 7, 3), "import")
        .await
        .unwrap();
    let cohort = format!("/admin/rounds/{round}");
    let html = get_text(&c, app.url(&cohort)).await;
    assert_progress_page(&html, &cohort);
    let (html, _) = poll(&c, &app, &cohort).await;
    assert!(html.contains("<h1>Stor måling</h1>"), "{html}");
    let html = get_text(&c, app.url(&report)).await;
    assert!(!is_progress(&html), "{html}");

    // In English too.
    c.get(app.url("/lang/en?next=/")).send().await.unwrap();
    app.store
        .import_responses(round, &demo_responses(&model, orgs[3], 8, 3), "import")
        .await
        .unwrap();
    let html = get_text(&c, app.url(&report)).await;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("<h1>Calculating the results</h1>"), "{html}");
    assert!(
        html.contains(&format!("<a href=\"{report}\">Reload the page</a>")),
        "{html}"
    );
}

#[tokio::test]
async fn exports_of_a_large_round_wait_for_its_analysis_and_share_it() {
    let app = spawn_app().await;
    let (c, _) = app.admin_client().await;
    let (round, orgs) = large_round(&app).await;
    // The export answers directly (a contract), waiting for the analysis...
    let res = c
        .get(app.url(&format!("/admin/rounds/{round}/export.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("json"));
    let json: serde_json::Value = res.json().await.unwrap();
    assert!(json.is_object());
    // ...which the pages then use: no progress page.
    let report = format!("/admin/rounds/{round}/orgs/{}/report", orgs[0]);
    let html = get_text(&c, app.url(&report)).await;
    assert!(!is_progress(&html), "{html}");
    assert!(html.contains("<h1>Rapport: Organisation 0</h1>"), "{html}");
}

#[tokio::test]
async fn a_small_rounds_report_is_served_at_once() {
    let app = spawn_app().await;
    let (c, _) = app.admin_client().await;
    let model = Model::builtin();
    let org = app.add_org("Lille Kommune").await;
    let round = app.open_round(3).await;
    app.store
        .import_responses(round, &demo_responses(&model, org, 1, 5), "import")
        .await
        .unwrap();
    let html = get_text(
        &c,
        app.url(&format!("/admin/rounds/{round}/orgs/{org}/report")),
    )
    .await;
    assert!(!is_progress(&html), "{html}");
    assert!(html.contains("<h1>Rapport: Lille Kommune</h1>"), "{html}");
}
