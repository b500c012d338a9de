//! Citizen journeys (issue 5): the CLI contract run as a real process, the feedback form
//! over HTTP (valid, invalid, rate limits, a reused form, small groups withheld), the
//! journey page's figures against `journey::analyze` on the same data, the CSV upload,
//! QR codes, the maturity report's journey lines, the organisation's export and erasure,
//! and the form filled by clicking in headless Chromium on a phone-sized window.

use crate::helpers::{get_text, post_form, raw_client, spawn_app, trappe, trappe_ok, TestApp};
use serde_json::Value;
use trappe_core::journey::{analyze, parse_feedback_csv, Feedback, JourneyReport, Scale};
use trappe_store::{feedback_link_key, Moment, NewJourney};

// ---- helpers ----

const MOMENTS: [(&str, &str); 4] = [
    ("find", "Find information"),
    ("apply", "Ansøgning"),
    ("wait", "Ventetid"),
    ("decision", "Afgørelse"),
];

fn new_journey(scale: Scale) -> NewJourney {
    NewJourney {
        name: "Boligstøtte".into(),
        service: "Boligstøtte".into(),
        scale,
        retention_days: 730,
        moments: MOMENTS
            .iter()
            .map(|(id, name)| Moment {
                id: id.to_string(),
                name_da: name.to_string(),
                name_en: String::new(),
                channel: Some("web".into()),
            })
            .collect(),
    }
}

/// An organisation, a journey on `scale` and one feedback link: (org, journey, token).
async fn journey_with_link(app: &TestApp, scale: Scale) -> (i64, i64, String) {
    let org = app.add_org("Aarhus Kommune").await;
    let j = app
        .store
        .create_journey(org, &new_journey(scale))
        .await
        .unwrap();
    let link = app.store.create_feedback_link(j, "Brev").await.unwrap();
    (org, j, link.token)
}

/// The nonce of a shown form.
fn nonce_of(html: &str) -> String {
    let at = html
        .find("name=\"nonce\" value=\"")
        .expect("the form has a nonce")
        + 20;
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

async fn show_form(c: &reqwest::Client, app: &TestApp, token: &str) -> String {
    let res = c.get(app.url(&format!("/f/{token}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

fn answers(nonce: &str, moments: [&str; 4], overall: &str, comment: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = MOMENTS
        .iter()
        .zip(moments)
        .map(|((id, _), v)| (format!("m.{id}"), v.to_string()))
        .collect();
    for (k, v) in [
        ("overall", overall),
        ("ces", "6"),
        ("nps", "9"),
        ("comment", comment),
        ("nonce", nonce),
    ] {
        f.push((k.to_string(), v.to_string()));
    }
    f
}

/// Shows the form and sends it; returns the answer's status.
async fn give(
    c: &reqwest::Client,
    app: &TestApp,
    token: &str,
    moments: [&str; 4],
    overall: &str,
) -> reqwest::StatusCode {
    let nonce = nonce_of(&show_form(c, app, token).await);
    post_form(
        c,
        app.url(&format!("/f/{token}")),
        &answers(&nonce, moments, overall, ""),
    )
    .await
    .status()
}

/// Danish numbers as the pages write them.
fn da(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{} %", da(v * 100.0, 0)))
        .unwrap_or_else(|| "–".into())
}

fn opt(x: Option<f64>, d: usize) -> String {
    x.map(|v| da(v, d)).unwrap_or_else(|| "–".into())
}

/// The part of a page from `from` to the next `</table>`.
fn table<'a>(page: &'a str, from: &str) -> &'a str {
    let start = page
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in the page"));
    let end = start + page[start..].find("</table>").unwrap();
    &page[start..end]
}

/// A deterministic data set: moments 1 to 7, the whole journey from peak and end.
fn synthetic_csv(n: usize) -> String {
    let mut x: u64 = 12345;
    let mut next = |m: u64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) % m
    };
    let mut csv = String::from("find;apply;wait;decision;overall;ces;nps;comment\n");
    for i in 0..n {
        let mut ms: Vec<Option<u8>> = (0..4).map(|_| Some(1 + next(7) as u8)).collect();
        if i % 5 == 0 {
            ms[2] = None; // not part of this citizen's journey
        }
        let f = Feedback {
            moments: ms.clone(),
            ..Feedback::default()
        };
        let overall = f.peak_end(Scale::Bipolar7).unwrap().round() as u8;
        let cell = |m: Option<u8>| m.map(|v| v.to_string()).unwrap_or_default();
        let comment = match i {
            0 => "\"<script>alert(1)</script> ventetiden var lang\"".to_string(),
            3 => "\"Sagsbehandleren var venlig; brevet var svært at forstå\"".to_string(),
            _ => String::new(),
        };
        csv.push_str(&format!(
            "{};{};{};{};{};{};{};{}\n",
            cell(ms[0]),
            cell(ms[1]),
            cell(ms[2]),
            cell(ms[3]),
            overall,
            1 + next(7),
            next(11),
            comment
        ));
    }
    csv
}

fn expected(csv: &str) -> JourneyReport {
    let ids: Vec<String> = MOMENTS.iter().map(|m| m.0.to_string()).collect();
    let rows = parse_feedback_csv(csv, &ids, Scale::Bipolar7).unwrap();
    analyze(&ids, Scale::Bipolar7, &rows)
}

/// Posts `csv` as a file upload (multipart/form-data) to the journey's import.
async fn upload(
    c: &reqwest::Client,
    app: &TestApp,
    path: &str,
    csrf: &str,
    csv: &str,
) -> reqwest::Response {
    let b = "trappe-test-boundary-7MA4YWxkTrZu0gW";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"feedback.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{b}--\r\n"
    );
    c.post(app.url(path))
        .header("content-type", format!("multipart/form-data; boundary={b}"))
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Equal JSON, numbers to 1e-12 (printing and parsing a float may move its last digit).
fn same(a: &Value, b: &Value, at: &str) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() < 1e-12, "{at}: {x} vs {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{at}"
            );
            for (k, v) in x {
                same(v, &y[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

// ---- the CLI contract ----

#[test]
fn the_cli_creates_imports_all_or_nothing_and_reports_the_contract_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db").to_string_lossy().into_owned();
    trappe_ok(
        &db,
        &[
            "org",
            "add",
            "--name",
            "Aarhus Kommune",
            "--kind",
            "kommune",
        ],
    );
    let id = trappe_ok(
        &db,
        &[
            "journey",
            "create",
            "--org",
            "Aarhus Kommune",
            "--name",
            "Boligstøtte",
            "--moments",
            "find,apply,wait,decision",
        ],
    );
    let id = id.trim();
    assert!(id.parse::<i64>().is_ok(), "prints the id: {id}");

    // Refused definitions: a bad scale, too few moments.
    for (args, says) in [
        (vec!["--moments", "a,b,c", "--scale", "likert5"], "likert5"),
        (vec!["--moments", "a,b"], "3 to 10 moments"),
        (vec!["--moments", "a,B c,d"], "'B c'"),
    ] {
        let mut all = vec!["journey", "create", "--org", "1", "--name", "X"];
        all.extend(args);
        let out = trappe(&db, &all);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{err}");
    }

    // A bad file: every bad row by line and column, non-zero exit, nothing imported.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "find,apply,wait,decision,overall,ces,nps,comment\n5,5,5,5,5,5,5,fint\n5,9,5,5,5,5,5,\n5,5,5,5,x,5,5,\n",
    )
    .unwrap();
    let out = trappe(
        &db,
        &["journey", "import", "--journey", id, bad.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3, column apply"), "{err}");
    assert!(err.contains("line 4, column overall"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    let report: Value =
        serde_json::from_str(&trappe_ok(&db, &["journey", "report", "--journey", id])).unwrap();
    assert_eq!(report["responses"], 0);
    assert_eq!(report["withheld"], true);

    // A good file.
    let csv = synthetic_csv(30);
    let good = dir.path().join("good.csv");
    std::fs::write(&good, &csv).unwrap();
    let out = trappe_ok(
        &db,
        &["journey", "import", "--journey", id, good.to_str().unwrap()],
    );
    assert!(out.contains("imported 30"), "{out}");
    let json = trappe_ok(
        &db,
        &["journey", "report", "--journey", id, "--format", "json"],
    );
    let got: Value = serde_json::from_str(&json).unwrap();
    // Exactly the contract's keys (plus the n of each standard measure).
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&got),
        [
            "ces_high_share",
            "ces_mean",
            "ces_n",
            "csat",
            "csat_n",
            "fit",
            "fix_first",
            "moments",
            "nps",
            "nps_n",
            "responses",
            "withheld"
        ]
    );
    assert_eq!(
        keys(&got["moments"][0]),
        ["end_share", "id", "mean", "peak_share", "responses"]
    );
    assert_eq!(keys(&got["fit"]), ["end", "mean", "peak_end"]);
    assert_eq!(keys(&got["fit"]["peak_end"]), ["mae", "n", "r"]);
    // The same figures as the domain computes from the same file.
    let want = serde_json::to_value(expected(&csv)).unwrap();
    same(&got, &want, "report");
    assert_eq!(got["responses"], 30);
    assert_eq!(got["withheld"], false);
    let (pe, mean) = (
        got["fit"]["peak_end"]["r"].as_f64().unwrap(),
        got["fit"]["mean"]["r"].as_f64().unwrap(),
    );
    assert!(
        pe > 0.9 && pe > mean,
        "generated from peak and end: {pe} vs {mean}"
    );

    let table = trappe_ok(
        &db,
        &["journey", "report", "--journey", id, "--format", "table"],
    );
    assert!(
        table.contains("peak-end") && table.contains("fix first:"),
        "{table}"
    );

    // Kahneman's patients on the pain scale, through the CLI.
    let pain = trappe_ok(
        &db,
        &[
            "journey",
            "create",
            "--org",
            "1",
            "--name",
            "Koloskopi",
            "--moments",
            "t1,t2,t3,t4,t5,t6,t7,t8",
            "--scale",
            "unipolar-bad10",
        ],
    );
    let f = dir.path().join("pain.csv");
    std::fs::write(
        &f,
        "t1,t2,t3,t4,t5,t6,t7,t8,overall\n2,5,8,7,,,,,4\n2,5,8,7,6,4,3,1,5\n2,5,8,7,,,,,3\n2,5,8,7,6,4,3,1,6\n2,5,8,7,6,4,3,1,6\n",
    )
    .unwrap();
    trappe_ok(
        &db,
        &[
            "journey",
            "import",
            "--journey",
            pain.trim(),
            f.to_str().unwrap(),
        ],
    );
    let r: Value = serde_json::from_str(&trappe_ok(
        &db,
        &["journey", "report", "--journey", pain.trim()],
    ))
    .unwrap();
    // Every peak is moment 3 (8); ends are moment 4 twice and moment 8 three times.
    assert_eq!(r["moments"][2]["peak_share"], 1.0);
    assert_eq!(r["moments"][3]["end_share"], 0.4);
    assert_eq!(r["moments"][7]["end_share"], 0.6);
    // Peak-end: A 7.5, B 4.5; overall 4,5,3,6,6 -> MAE (3.5+0.5+4.5+1.5+1.5)/5 = 2.3
    assert!((r["fit"]["peak_end"]["mae"].as_f64().unwrap() - 2.3).abs() < 1e-9);
}

// ---- the form over HTTP ----

#[tokio::test]
async fn the_form_stores_one_anonymous_response_per_showing() {
    let app = spawn_app().await;
    let (_, j, token) = journey_with_link(&app, Scale::Bipolar7).await;
    let c = raw_client();
    let html = show_form(&c, &app, &token).await;
    // One screen: every moment, then the whole, CES with the organisation's name, NPS.
    assert_eq!(html.matches("<fieldset class=\"rating").count(), 7);
    assert!(html.contains("<legend>2. Ansøgning</legend>"));
    assert!(html.contains("Ikke en del af mit forløb"));
    assert!(html.contains("Aarhus Kommune gjorde det nemt for mig."));
    assert!(html.contains("id=\"q-nps-0\"") && html.contains("id=\"q-nps-10\""));
    assert!(html.contains("maxlength=\"2000\""));
    assert!(!html.contains("<script"), "no JavaScript");
    let nonce = nonce_of(&html);

    let res = post_form(
        &c,
        app.url(&format!("/f/{token}")),
        &answers(&nonce, ["5", "na", "2", "6"], "5", "Fint forløb"),
    )
    .await;
    assert_eq!(res.status(), 303);
    let thanks = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(thanks, format!("/f/{token}/thanks"));
    let page = c.get(app.url(&thanks)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Tak for din feedback"));

    // The same form again: refused, nothing more stored.
    let again = post_form(
        &c,
        app.url(&format!("/f/{token}")),
        &answers(&nonce, ["5", "5", "5", "5"], "5", ""),
    )
    .await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("allerede sendt"));
    // A made-up nonce, and none at all.
    for n in ["0".repeat(64), String::new()] {
        let res = post_form(
            &c,
            app.url(&format!("/f/{token}")),
            &answers(&n, ["5", "5", "5", "5"], "5", ""),
        )
        .await;
        assert_eq!(res.status(), 409);
    }
    let journey = app.store.journey(j).await.unwrap().unwrap();
    let stored = app
        .store
        .journey_feedback(&journey, None, None)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].feedback,
        Feedback {
            moments: vec![Some(5), None, Some(2), Some(6)],
            overall: Some(5),
            ces: Some(6),
            nps: Some(9),
            comment: Some("Fint forløb".into()),
        }
    );
    assert_eq!(stored[0].day % 86_400, 0, "the day only");
    assert_eq!(stored[0].source, "form");

    // Unknown and closed links.
    let res = c.get(app.url("/f/nosuchtoken00")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let link = app.store.feedback_links(j).await.unwrap()[0].id;
    app.store.revoke_feedback_link(j, link).await.unwrap();
    let res = c.get(app.url(&format!("/f/{token}"))).send().await.unwrap();
    assert_eq!(res.status(), 410);
    assert!(res.text().await.unwrap().contains("Linket er lukket"));
}

#[tokio::test]
async fn a_bad_answer_is_shown_next_to_its_field_and_in_a_summary_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (_, j, token) = journey_with_link(&app, Scale::Bipolar7).await;
    let c = raw_client();
    let nonce = nonce_of(&show_form(&c, &app, &token).await);
    let long = "x".repeat(2001);
    let mut form = answers(&nonce, ["5", "", "8", "na"], "", &long);
    form.retain(|(k, _)| k != "m.apply");
    let res = post_form(&c, app.url(&format!("/f/{token}")), &form).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Der er 4 fejl i formularen"), "summary");
    // In the summary, linked to the field.
    assert!(html.contains("<a href=\"#m-apply-1\">2. Ansøgning: Vælg en vurdering fra 1 til 7, eller »Ikke en del af mit forløb«.</a>"));
    assert!(html.contains("<a href=\"#m-wait-1\">3. Ventetid: Vælg et tal fra 1 til 7.</a>"));
    assert!(html.contains("<a href=\"#q-overall-1\">"));
    assert!(html
        .contains("<a href=\"#comment\">Kommentaren må højst have 2000 tegn; den har 2001.</a>"));
    // Next to the fields, tied to them for screen readers.
    assert!(html.contains(
        "<fieldset class=\"rating invalid\" id=\"m-apply\" aria-describedby=\"m-apply-error\">"
    ));
    assert!(html.contains("<p class=\"field-error\" id=\"m-apply-error\">"));
    assert!(html.contains("id=\"comment-error\""));
    // What was chosen stays chosen; the nonce is still the form's own.
    assert!(html.contains("id=\"m-find-5\" name=\"m.find\" value=\"5\" checked"));
    assert!(html.contains("id=\"m-decision-na\" name=\"m.decision\" value=\"na\" checked"));
    assert_eq!(nonce_of(&html), nonce);
    let journey = app.store.journey(j).await.unwrap().unwrap();
    assert!(app
        .store
        .journey_feedback(&journey, None, None)
        .await
        .unwrap()
        .is_empty());
    // Corrected, the same form goes through.
    let res = post_form(
        &c,
        app.url(&format!("/f/{token}")),
        &answers(&nonce, ["5", "na", "3", "na"], "4", "kort"),
    )
    .await;
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn answers_are_capped_per_address_and_per_link() {
    let app = spawn_app().await;
    let (_, j, token) = journey_with_link(&app, Scale::Bipolar7).await;
    let c = raw_client();
    for i in 0..10 {
        assert_eq!(
            give(&c, &app, &token, ["4", "4", "4", "4"], "4").await,
            303,
            "answer {i}"
        );
    }
    // The eleventh from the same address within the window is refused.
    let nonce = nonce_of(&show_form(&c, &app, &token).await);
    let res = post_form(
        &c,
        app.url(&format!("/f/{token}")),
        &answers(&nonce, ["4", "4", "4", "4"], "4", ""),
    )
    .await;
    assert_eq!(res.status(), 429);
    assert!(res.text().await.unwrap().contains("For mange svar"));

    // Per link: a second link that has had its window's share already.
    let other = spawn_app().await;
    let (_, j2, token2) = journey_with_link(&other, Scale::Bipolar7).await;
    let link = other.store.feedback_links(j2).await.unwrap()[0].id;
    for _ in 0..300 {
        other
            .store
            .throttle_fail(&feedback_link_key(link))
            .await
            .unwrap();
    }
    assert_eq!(
        give(&c, &other, &token2, ["4", "4", "4", "4"], "4").await,
        429
    );
    let journey = app.store.journey(j).await.unwrap().unwrap();
    assert_eq!(
        app.store
            .journey_feedback(&journey, None, None)
            .await
            .unwrap()
            .len(),
        10
    );
    // The address is never stored with a response: only as a keyed hash in the
    // throttle table, which expires.
    let rows = sqlite(&app, "SELECT key FROM login_throttle ORDER BY key");
    assert!(!rows.contains("127.0.0.1"), "{rows}");
}

fn sqlite(app: &TestApp, sql: &str) -> String {
    let out = crate::helpers::db_shell(&app.db, sql);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ---- the journey page ----

#[tokio::test]
async fn the_journey_page_withholds_small_groups_and_then_shows_analyze_figures() {
    let app = spawn_app().await;
    let (org, j, token) = journey_with_link(&app, Scale::Bipolar7).await;
    let (admin, csrf) = app.admin_client().await;
    let page_url = format!("/admin/orgs/{org}/journeys/{j}");
    let citizen = raw_client();
    for _ in 0..4 {
        assert_eq!(
            give(&citizen, &app, &token, ["6", "2", "5", "6"], "5").await,
            303
        );
    }
    let page = get_text(&admin, app.url(&page_url)).await;
    assert!(page.contains("Perioden har 4 besvarelser"), "withheld note");
    assert!(!page.contains("id=\"per-moment\"") && !page.contains("id=\"measures\""));
    assert!(!page.contains("class=\"comments\""));

    // Nine answers whose overall rating follows peak and end: figures show, but no
    // verdict on what citizens remember (too few to tell one predictor from the other).
    for (moments, overall) in [
        (["1", "4", "4", "2"], "1"),
        (["7", "4", "4", "6"], "7"),
        (["4", "1", "4", "3"], "2"),
        (["4", "4", "7", "7"], "7"),
        (["2", "5", "5", "1"], "1"),
    ] {
        assert_eq!(give(&citizen, &app, &token, moments, overall).await, 303);
    }
    let page = get_text(&admin, app.url(&page_url)).await;
    assert!(
        page.contains("id=\"per-moment\""),
        "nine answers show figures"
    );
    assert!(
        page.contains("Der er for få besvarelser med både øjeblikke og samlet vurdering til at sige, hvad borgerne husker (mindst 30)."),
        "{page}"
    );
    assert!(!page.contains("Borgerne her bedømmer forløbet"));

    // A CSV upload: all or nothing, errors by line and column.
    let import = format!("{page_url}/import");
    let bad = "find;apply;wait;decision;overall\n5;5;5;5;5\n5;x;5;5;5\n";
    let res = upload(&admin, &app, &import, &csrf, bad).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Filen blev ikke importeret"), "{html}");
    assert!(html.contains("Linje 3, kolonne apply:"));
    let csv = synthetic_csv(40);
    let res = upload(&admin, &app, &import, &csrf, &csv).await;
    assert_eq!(res.status(), 200, "followed to the page");
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("40 besvarelser er importeret."));

    // The page's figures are analyze's on the same responses.
    let journey = app.store.journey(j).await.unwrap().unwrap();
    let all: Vec<Feedback> = app
        .store
        .journey_feedback(&journey, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.feedback)
        .collect();
    assert_eq!(all.len(), 49);
    let want = analyze(&journey.moment_ids(), Scale::Bipolar7, &all);
    assert_eq!(want.fix_first, expected_fix(&all));
    let page = get_text(&admin, app.url(&page_url)).await;
    let per_moment = table(&page, "id=\"per-moment\"");
    for ((_, name), m) in MOMENTS.iter().zip(&want.moments) {
        let row = format!(
            "<tr><th scope=\"row\">{name}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            m.responses,
            opt(m.mean, 1),
            pct(m.peak_share),
            pct(m.end_share)
        );
        assert!(per_moment.contains(&row), "{row} in {per_moment}");
    }
    let measures = table(&page, "id=\"measures\"");
    let nps = want.nps.unwrap();
    let nps = if nps.round() > 0.0 {
        format!("+{}", da(nps, 0))
    } else {
        da(nps, 0)
    };
    for row in [
        format!("<th scope=\"row\">NPS (anbefaling)</th><td class=\"num\">{nps}</td><td class=\"num\">{}</td>", want.nps_n),
        format!("<th scope=\"row\">CSAT (tilfredse med forløbet)</th><td class=\"num\">{}</td><td class=\"num\">{}</td>", pct(want.csat), want.csat_n),
        format!("<th scope=\"row\">CES, gennemsnit (1 til 7)</th><td class=\"num\">{}</td><td class=\"num\">{}</td>", opt(want.ces_mean, 1), want.ces_n),
        format!("<th scope=\"row\">CES, andel 5 til 7</th><td class=\"num\">{}</td><td class=\"num\">{}</td>", pct(want.ces_high_share), want.ces_n),
    ] {
        assert!(measures.contains(&row), "{row} in {measures}");
    }
    let fit = table(&page, "id=\"fit\"");
    for (label, f) in [
        ("Top og slutning (peak-end)", &want.fit.peak_end),
        ("Gennemsnit af øjeblikkene", &want.fit.mean),
        ("Slutningen alene", &want.fit.end),
    ] {
        let row = format!(
            "<th scope=\"row\">{label}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            opt(f.r, 2),
            opt(f.mae, 2),
            f.n
        );
        assert!(fit.contains(&row), "{row} in {fit}");
    }
    assert!(page.contains(&format!(
        "Borgerne her bedømmer forløbet mest ud fra toppen og slutningen: top og slutning forudsiger den samlede vurdering bedre (r = {})",
        opt(want.fit.peak_end.r, 2)
    )));
    let fix = table(&page, "id=\"fix\"");
    let order: Vec<usize> = want
        .fix_first
        .iter()
        .map(|id| {
            let name = MOMENTS.iter().find(|m| m.0 == id).unwrap().1;
            fix.find(&format!("<th scope=\"row\">{name}</th>")).unwrap()
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "ranked as fix_first");
    // An accessible chart beside each table.
    assert!(page.contains("aria-labelledby=\"jm-means-title\""));
    assert!(page.contains("<title id=\"jm-shares-title\">"));

    // Comments: escaped, searchable.
    assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62; ventetiden var lang"));
    assert!(!page.contains("<script>alert(1)</script>"));
    let found = get_text(&admin, app.url(&format!("{page_url}?q=SAGSBEHANDLEREN"))).await;
    assert!(found.contains("Viser 1 af 2 kommentarer."));
    assert!(found.contains("Sagsbehandleren var venlig; brevet var svært at forstå"));

    // A period without responses is withheld; a bad date says so.
    let old = get_text(
        &admin,
        app.url(&format!("{page_url}?from=2001-01-01&to=2001-01-31")),
    )
    .await;
    assert!(old.contains("Perioden har 0 besvarelser"));
    let bad = get_text(&admin, app.url(&format!("{page_url}?from=31.12.2001"))).await;
    assert!(bad.contains("Datoen skal skrives som ÅÅÅÅ-MM-DD"));
    assert!(
        bad.contains("id=\"per-moment\""),
        "then everything is shown"
    );
}

/// The fix order worked out here from the rule, not from `analyze`: weight per moment =
/// the shortfall below 4 where it is the peak or the end (once when both).
fn expected_fix(all: &[Feedback]) -> Vec<String> {
    let mut w = [0.0f64; 4];
    for f in all {
        let (Some(p), Some(e)) = (f.peak(Scale::Bipolar7), f.end()) else {
            continue;
        };
        w[p] += (4.0 - f.moments[p].unwrap() as f64).max(0.0);
        if e != p {
            w[e] += (4.0 - f.moments[e].unwrap() as f64).max(0.0);
        }
    }
    let mut idx: Vec<usize> = (0..4).filter(|&i| w[i] > 0.0).collect();
    idx.sort_by(|&a, &b| w[b].total_cmp(&w[a]).then(a.cmp(&b)));
    idx.iter().map(|&i| MOMENTS[i].0.to_string()).collect()
}

#[tokio::test]
async fn journeys_are_made_edited_and_given_links_with_qr_codes_in_the_browser_forms() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let (admin, csrf) = app.admin_client().await;
    // Too few moments: the form comes back with the error and what was typed.
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("name", "Boligstøtte"),
        ("service", "Boligstøtte"),
        ("scale", "bipolar7"),
        ("retention_days", "730"),
        ("da.1", "Find information"),
        ("da.2", "Ansøgning på borger.dk"),
    ];
    let res = post_form(
        &admin,
        app.url(&format!("/admin/orgs/{org}/journeys")),
        &form,
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Et forløb har 3 til 10 øjeblikke; der er 2."),
        "{html}"
    );
    assert!(html.contains("value=\"Ansøgning på borger.dk\""));
    form.extend([
        ("da.3", "Afgørelse"),
        ("en.3", "Decision"),
        ("ch.3", "digital_post"),
        ("da.4", "Afgørelse"),
    ]);
    let res = post_form(
        &admin,
        app.url(&format!("/admin/orgs/{org}/journeys")),
        &form,
    )
    .await;
    assert_eq!(res.status(), 200, "followed to the new journey's page");
    let id: i64 = res
        .url()
        .path()
        .rsplit('/')
        .next()
        .and_then(|x| x.parse().ok())
        .expect("at /admin/orgs/{org}/journeys/{id}");
    let page = res.text().await.unwrap();
    let j = app.store.journey(id).await.unwrap().unwrap();
    assert_eq!(
        j.moment_ids(),
        [
            "find-information",
            "ansoegning-paa-borger-dk",
            "afgoerelse",
            "afgoerelse-2"
        ]
    );
    assert_eq!(j.moments[2].channel.as_deref(), Some("digital_post"));
    assert!(page.contains("<code>find-information;ansoegning-paa-borger-dk;afgoerelse;afgoerelse-2;overall;ces;nps;comment</code>"));

    // Edit names and a channel.
    let res = post_form(
        &admin,
        app.url(&format!("/admin/orgs/{org}/journeys/{id}/edit")),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Boligstøtte 2027"),
            ("service", "Boligstøtte"),
            ("retention_days", "365"),
            ("da.1", "Find info"),
            ("en.1", "Find info"),
            ("ch.1", "web"),
            ("da.2", "Ansøgning"),
            ("da.3", "Afgørelse"),
            ("da.4", "Opfølgning"),
            ("ch.4", "phone"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let j = app.store.journey(id).await.unwrap().unwrap();
    assert_eq!(
        (j.name.as_str(), j.retention_days),
        ("Boligstøtte 2027", 365)
    );
    assert_eq!(j.moments[3].name_da, "Opfølgning");
    assert_eq!(j.moments[3].id, "afgoerelse-2", "ids stay");
    let res = post_form(
        &admin,
        app.url(&format!("/admin/orgs/{org}/journeys/{id}/edit")),
        &[
            ("csrf", csrf.as_str()),
            ("name", ""),
            ("retention_days", "365"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);

    // A label over 200 characters (the form stops it; a script need not) is refused,
    // and the page says why in Danish.
    let long = "x".repeat(201);
    let res = post_form(
        &admin,
        app.url(&format!("/admin/orgs/{org}/journeys/{id}/links")),
        &[("csrf", csrf.as_str()), ("label", long.as_str())],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains(
            "<p id=\"error-said\">»Hvor skal linket bruges?« må højst have 200 tegn.</p>"
        ),
        "{page}"
    );
    assert!(!page.contains("longer than"), "{page}");

    // A link and its QR codes.
    let res = post_form(
        &admin,
        app.url(&format!("/admin/orgs/{org}/journeys/{id}/links")),
        &[("csrf", csrf.as_str()), ("label", "Skærm i borgerservice")],
    )
    .await;
    assert_eq!(res.status(), 200);
    let link = app.store.feedback_links(id).await.unwrap().remove(0);
    let page = res.text().await.unwrap();
    let url = app.url(&format!("/f/{}", link.token));
    assert!(page.contains(&format!("<a href=\"{url}\">{url}</a>")));
    let qr = |ext: &str| format!("/admin/orgs/{org}/journeys/{id}/links/{}/qr.{ext}", link.id);
    let svg = admin.get(app.url(&qr("svg"))).send().await.unwrap();
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.unwrap().contains("<svg"));
    let png = admin.get(app.url(&qr("png"))).send().await.unwrap();
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(&png.bytes().await.unwrap()[..4], b"\x89PNG");
    // Another organisation's path does not reach this journey.
    let other = app.add_org("Bornholms Regionskommune").await;
    let res = admin
        .get(app.url(&format!("/admin/orgs/{other}/journeys/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

// ---- the maturity report, export and erasure ----

#[tokio::test]
async fn the_report_shows_journey_measures_beside_the_customer_insight_level() {
    let app = spawn_app().await;
    let (org, j, _) = journey_with_link(&app, Scale::Bipolar7).await;
    let round = app.open_round(1).await;
    let model = trappe_core::Model::builtin();
    app.store
        .import_responses(
            round,
            &[trappe_store::ImportedResponse {
                org_id: org,
                role: None,
                answers: crate::helpers::uniform(&model, 3),
                barriers: Vec::new(),
            }],
            "import",
        )
        .await
        .unwrap();
    let csv = synthetic_csv(12);
    let ids: Vec<String> = MOMENTS.iter().map(|m| m.0.to_string()).collect();
    let rows = parse_feedback_csv(&csv, &ids, Scale::Bipolar7).unwrap();
    app.store.import_feedback(j, &rows).await.unwrap();
    // A second journey with too few responses.
    let mut small = new_journey(Scale::Bipolar7);
    small.name = "Flytning".into();
    let s = app.store.create_journey(org, &small).await.unwrap();
    app.store.import_feedback(s, &rows[..2]).await.unwrap();
    let want = expected(&csv);
    let (admin, _) = app.admin_client().await;
    let page = get_text(
        &admin,
        app.url(&format!("/admin/rounds/{round}/orgs/{org}/report")),
    )
    .await;
    let section = table(&page, "id=\"rp-h-journeys\"");
    assert!(
        section.contains("Kundeindsigt og kundeoplevelse: 3,0"),
        "{section}"
    );
    let nps = want.nps.unwrap();
    let nps = if nps.round() > 0.0 {
        format!("+{}", da(nps, 0))
    } else {
        da(nps, 0)
    };
    let fix = MOMENTS.iter().find(|m| m.0 == want.fix_first[0]).unwrap().1;
    assert!(section.contains(&format!(
        "<tr><th scope=\"row\">Boligstøtte</th><td class=\"num\">12</td><td class=\"num\">{nps}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{fix}</td></tr>",
        pct(want.csat),
        opt(want.ces_mean, 1)
    )), "{section}");
    assert!(section.contains("<tr><th scope=\"row\">Flytning</th><td class=\"num\">2</td><td colspan=\"4\">For få besvarelser"));
}

#[tokio::test]
async fn an_organisations_export_holds_its_journeys_and_erasure_removes_them() {
    let app = spawn_app().await;
    let (org, j, token) = journey_with_link(&app, Scale::Bipolar7).await;
    let c = raw_client();
    assert_eq!(give(&c, &app, &token, ["1", "2", "3", "4"], "3").await, 303);
    let _open_form = show_form(&c, &app, &token).await; // an unspent nonce
    let other = app.add_org("Odense Kommune").await;
    let kept = app
        .store
        .create_journey(other, &new_journey(Scale::Bipolar7))
        .await
        .unwrap();
    let export = app.store.org_export(org).await.unwrap();
    let json = serde_json::to_value(&export).unwrap();
    let jj = &json["journeys"][0];
    assert_eq!(jj["id"], j);
    assert_eq!(jj["moments"].as_array().unwrap().len(), 4);
    assert_eq!(jj["links"][0]["label"], "Brev");
    assert!(
        jj["links"][0].get("token").is_none(),
        "no tokens in an export"
    );
    assert_eq!(jj["feedback"][0]["ratings"]["find"], 1);
    assert_eq!(jj["feedback"][0]["overall"], 3);
    assert!(!json.to_string().contains(&token));

    let erased = app.store.erase_org(org, Some("test"), false).await.unwrap();
    let n = |t: &str| erased.rows.iter().find(|r| r.0 == t).map(|r| r.1);
    assert_eq!(n("journey_feedback"), Some(1));
    assert_eq!(n("journey_links"), Some(1));
    assert_eq!(n("journey_moments"), Some(4));
    assert_eq!(n("journey_nonces"), Some(1));
    assert_eq!(n("journeys"), Some(1));
    assert!(app.store.journey(j).await.unwrap().is_none());
    assert!(
        app.store.journey(kept).await.unwrap().is_some(),
        "others stay"
    );
}

// ---- the form in Chromium on a phone ----

#[tokio::test]
async fn a_citizen_fills_the_form_by_clicking_on_a_phone_in_chromium() {
    use serde_json::json;
    if !crate::browser::browser_or_skip(
        "a_citizen_fills_the_form_by_clicking_on_a_phone_in_chromium",
    ) {
        return;
    }
    let h = crate::browser::headless(390, 844).await;
    let b = &h.b;
    let app = spawn_app().await;
    let (_, j, token) = journey_with_link(&app, Scale::Bipolar7).await;

    b.goto(&app.url(&format!("/f/{token}"))).await;
    b.wait_for_text("main h1", "Boligstøtte").await;
    // Sending without answering: the summary and the field errors, on the phone.
    b.click("form.feedback button[type=submit]").await;
    b.wait_for_text("#error-summary h2", "Der er 5 fejl i formularen")
        .await;
    // Now answer by clicking the labels, as a thumb would.
    for (id, v) in [
        ("find", "6"),
        ("apply", "2"),
        ("wait", "na"),
        ("decision", "7"),
    ] {
        b.click(&format!("label[for=\"m-{id}-{v}\"]")).await;
        assert!(b.is_selected(&format!("input[id=\"m-{id}-{v}\"]")).await);
    }
    for (q, v) in [("overall", "5"), ("ces", "6"), ("nps", "10")] {
        b.click(&format!("label[for=\"q-{q}-{v}\"]")).await;
    }
    b.send_keys(
        "textarea#comment",
        "Hurtig afgørelse, men ansøgningen var svær.",
    )
    .await;
    // Nothing on the phone is wider than the screen.
    let wide = b
        .script("return document.documentElement.scrollWidth <= window.innerWidth")
        .await;
    assert_eq!(wide, json!(true), "no sideways scrolling at 390 px");
    b.click("form.feedback button[type=submit]").await;
    b.wait_for_text("main h1", "Tak for din feedback").await;

    let journey = app.store.journey(j).await.unwrap().unwrap();
    let stored = app
        .store
        .journey_feedback(&journey, None, None)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].feedback,
        Feedback {
            moments: vec![Some(6), Some(2), None, Some(7)],
            overall: Some(5),
            ces: Some(6),
            nps: Some(10),
            comment: Some("Hurtig afgørelse, men ansøgningen var svær.".into()),
        }
    );
    // Back to the form: a fresh showing, so the old one cannot be sent twice.
    b.goto(&app.url(&format!("/f/{token}"))).await;
    b.wait_for_text("main h1", "Boligstøtte").await;
    h.close().await;
}

#[tokio::test]
async fn guessing_link_tokens_is_stopped_per_address_for_both_kinds_of_link() {
    let app = spawn_app().await;
    let (org, _, feedback) = journey_with_link(&app, Scale::Bipolar7).await;
    let round = app.open_round(3).await;
    let link = app.link(round, org).await;
    let c = raw_client();
    let status = |path: String| {
        let c = c.clone();
        let url = app.url(&path);
        async move {
            let res = c.get(url).send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    // Guesses at respondent links and at feedback links count together.
    for i in 0..20 {
        let path = if i % 2 == 0 {
            format!("/s/guess{i:012}")
        } else {
            format!("/f/guess{i:012}")
        };
        assert_eq!(status(path).await.0, 404, "guess {i}");
    }
    let (code, html) = status("/s/guess-twenty-one".into()).await;
    assert_eq!(code, 429);
    assert!(html.contains("For mange forsøg"), "{html}");
    let (code, html) = status("/f/guess-twenty-one".into()).await;
    assert_eq!(code, 429);
    assert!(html.contains("For mange svar"), "{html}");
    // A respondent's real link still opens (only unknown tokens are checked, so a
    // respondent behind a busy address is not stopped); a feedback form is not shown to
    // an address out of guesses, so a guessed token cannot be tried on it.
    assert_eq!(status(link.clone()).await.0, 200);
    assert_eq!(status(format!("/f/{feedback}")).await.0, 429);
    // The thank-you page is no oracle either: an unknown token is a 404 and a guess.
    assert_eq!(status("/f/guess-thanks/thanks".into()).await.0, 404);
    assert_eq!(status(format!("/f/{feedback}/thanks")).await.0, 200);
}
