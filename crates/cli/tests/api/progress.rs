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

/// The analysis kept in memory is found again by a version read by key (migration 0026):
/// every writer of what results are made from moves it (the web, the CLI, and SQL
/// straight into the database), and saving a page of an unfinished response does not,
/// so respondents at work never throw the kept analysis away.
#[tokio::test]
async fn the_kept_analysis_follows_every_writer_and_not_a_page_save() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let a = app.add_org("Aarhus Kommune").await;
    let round = app
        .round_with("Måling", 3, &demo_responses(&model, a, 11, 3))
        .await;
    let version = || async { app.store.results_version(round).await.unwrap() };
    let v0 = version().await;
    assert_eq!(v0.0, 3, "the published responses are counted");
    assert_eq!(version().await, v0, "nothing written: the same version");
    let (c, _) = app.admin_client().await;
    let page = || async { get_text(&c, app.url(&format!("/admin/rounds/{round}"))).await };
    assert!(!page().await.contains("af 3 besvarelser"), "shown with 3");

    // A link made (by the web's store) moves it; a page saved on it does not.
    let link = app.link(round, a).await;
    let v1 = version().await;
    assert_ne!(v1.1, v0.1);
    let visitor = crate::helpers::raw_client();
    let saved = crate::helpers::post_form(&visitor, app.url(&link), &[("role", "employee")]).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(version().await, v1, "a page save leaves the analysis kept");

    // Another process: the CLI imports a response.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.csv");
    let mut csv = String::from("org,role");
    let qs: Vec<&str> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.as_str()))
        .collect();
    for q in &qs {
        csv.push(',');
        csv.push_str(q);
    }
    // A batch: in this round results move by at least ten responses.
    for _ in 0..10 {
        csv.push_str(&format!("\n{a},employee"));
        for _ in &qs {
            csv.push_str(",3");
        }
    }
    csv.push('\n');
    std::fs::write(&file, csv).unwrap();
    crate::helpers::trappe_ok(
        &app.db,
        &[
            "responses",
            "import",
            "--round",
            &round.to_string(),
            file.to_str().unwrap(),
        ],
    );
    let v2 = version().await;
    assert_eq!(v2.0, 13, "{v2:?}");
    assert_ne!(v2.1, v1.1);

    // Writers straight into the database: a tag, the round's own row, a response
    // withdrawn from the results and one deleted.
    let mut last = v2;
    for sql in [
        format!("INSERT INTO organisation_tags (org_id, tag) VALUES ({a}, 'Østjylland')"),
        format!("UPDATE rounds SET name = 'Måling 2026' WHERE id = {round}"),
        format!("UPDATE responses SET published = 0 WHERE id = (SELECT MAX(id) FROM responses WHERE round_id = {round} AND status = 'complete')"),
        format!("DELETE FROM responses WHERE id = (SELECT MAX(id) FROM responses WHERE round_id = {round} AND status = 'complete' AND published = 1)"),
    ] {
        let out = crate::helpers::db_shell(&app.db, &sql);
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
        let now = version().await;
        assert_ne!(now.1, last.1, "{sql} moves the version");
        last = now;
    }
    assert_eq!(last.0, 11, "eleven published responses are left");
    // The page follows: everything but two responses of the organisation deleted, it is
    // below its minimum.
    let sql = format!("DELETE FROM responses WHERE round_id = {round} AND id NOT IN (SELECT id FROM responses WHERE round_id = {round} AND published = 1 ORDER BY id LIMIT 2)");
    assert!(crate::helpers::db_shell(&app.db, &sql).status.success());
    let html = page().await;
    assert!(html.contains("2 af 3 besvarelser"), "{html}");
    assert!(html.contains("Måling 2026"), "the round's new name");
}
