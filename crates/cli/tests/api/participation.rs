//! A network's round: the deadline on a link's first page and a round that closes itself
//! after it, response rates (`trappe rates`, the participation page, its downloads), a
//! contact who sees its own organisation only, links handed over as files when they are
//! made, and open links that count people rather than page loads.

use crate::helpers::{
    client, get_text, post_form, raw_client, spawn_app, trappe, trappe_ok as ok, TestApp,
};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use serde_json::Value;
use trappe_core::{Model, NewOrg};
use trappe_store::{InvitationStatus, RoundOptions, RoundStatus};

/// An open round on the built-in model with `options`.
async fn round_with_options(app: &TestApp, options: RoundOptions) -> i64 {
    let m = Model::builtin();
    let id = app
        .store
        .create_round_with_options("Netværk 2027", &m.id, &m.version, 3, 5, &options)
        .await
        .unwrap();
    app.store
        .set_round_status(id, RoundStatus::Open)
        .await
        .unwrap();
    id
}

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Saves a link's first page (the role), as a visitor pressing "start".
async fn start(app: &TestApp, c: &reqwest::Client, link: &str) -> reqwest::Response {
    post_form(c, app.url(link), &[("role", "employee")]).await
}

/// Starts and submits through a single-use link.
async fn complete(app: &TestApp, link: &str) {
    let c = raw_client();
    assert_eq!(start(app, &c, link).await.status(), 303);
    let res = c
        .post(app.url(&format!("{link}/submit")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/thanks");
}

#[tokio::test]
async fn the_deadline_shows_on_the_first_page_in_danish_and_english() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let round = round_with_options(
        &app,
        RoundOptions {
            deadline: Some(date("2099-01-31")),
            ..RoundOptions::default()
        },
    )
    .await;
    let link = app.link(round, org).await;
    let da = get_text(&client(), app.url(&link)).await;
    assert!(da.contains("Svar senest 31. januar 2099."), "{da}");
    let en = client();
    let html = get_text(
        &en,
        app.url(&format!("/lang/en?next={}", link.replace('/', "%2F"))),
    )
    .await;
    assert!(html.contains("Please answer by 31 January 2099."), "{html}");
    // A round without a deadline says nothing of one.
    let plain = app.open_round(3).await;
    let other = app.link(plain, org).await;
    assert!(!get_text(&client(), app.url(&other))
        .await
        .contains("Svar senest"));
    // Fetching the first page started nothing.
    let inv = app
        .store
        .invitation(link.trim_start_matches("/s/"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(inv.status, InvitationStatus::Unused);
    assert_eq!(inv.response_id, None);
}

#[tokio::test]
async fn a_bad_deadline_is_refused_by_the_cli_and_the_web_and_nothing_is_made() {
    let app = spawn_app().await;
    let out = trappe(
        &app.db,
        &[
            "round",
            "create",
            "--name",
            "R",
            "--model",
            "servicemodenhed",
            "--deadline",
            "2027-02-30",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--deadline") && err.contains("2027-02-30"),
        "{err}"
    );
    let out = trappe(
        &app.db,
        &[
            "round",
            "create",
            "--name",
            "R",
            "--model",
            "servicemodenhed",
            "--deadline",
            "31-01-2027",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
    assert!(app.store.rounds().await.unwrap().is_empty());

    let (c, csrf) = app.admin_client().await;
    let m = Model::builtin();
    let model = format!("{}@{}", m.id, m.version);
    let res = post_form(
        &c,
        app.url("/admin/rounds"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Netværk"),
            ("model", &model),
            ("deadline", "31/01/2027"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("31/01/2027") && html.contains("er ikke en dato som 2027-01-31"),
        "{html}"
    );
    assert!(app.store.rounds().await.unwrap().is_empty());

    // A good one is kept, and can be changed on the round's page while open.
    let res = post_form(
        &c,
        app.url("/admin/rounds"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Netværk"),
            ("model", &model),
            ("deadline", "2099-03-01"),
            ("close_after_deadline", "1"),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let r = &app.store.rounds().await.unwrap()[0];
    assert_eq!(r.deadline, Some(date("2099-03-01")));
    assert!(r.close_after_deadline);
    assert_eq!(r.language.as_str(), "en");
    let res = post_form(
        &c,
        app.url(&format!("/admin/rounds/{}/deadline", r.id)),
        &[
            ("csrf", csrf.as_str()),
            ("deadline", "2099-02-30"),
            ("language", "da"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = post_form(
        &c,
        app.url(&format!("/admin/rounds/{}/deadline", r.id)),
        &[
            ("csrf", csrf.as_str()),
            ("deadline", "2099-04-01"),
            ("language", "da"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let r = app.store.round(r.id).await.unwrap().unwrap();
    assert_eq!(r.deadline, Some(date("2099-04-01")));
    assert!(!r.close_after_deadline);
}

#[tokio::test]
async fn a_round_past_its_deadline_closes_itself_through_the_close_path() {
    let app = spawn_app().await;
    let org = app.add_org("Vejle Kommune").await;
    let model = Model::builtin();
    // Results once closed: the responses are published only by closing.
    let out = ok(
        &app.db,
        &[
            "round",
            "create",
            "--name",
            "Forbi",
            "--model",
            "servicemodenhed",
            "--min-responses",
            "1",
            "--deadline",
            "2020-01-31",
            "--close-after-deadline",
        ],
    );
    let round: i64 = out.trim().parse().unwrap();
    app.store
        .import_responses(
            round,
            &crate::helpers::demo_responses(&model, org, 7, 2),
            "import",
        )
        .await
        .unwrap();
    let link = app.link(round, org).await;
    // Opened by the same path as `trappe round open`; the first read closes it.
    app.store
        .set_round_status(round, RoundStatus::Open)
        .await
        .unwrap();
    let listed = ok(&app.db, &["round", "list"]);
    assert!(
        listed.starts_with(&format!("{round}\tclosed\t")),
        "{listed}"
    );
    let r = app.store.round(round).await.unwrap().unwrap();
    assert_eq!(r.status, RoundStatus::Closed);
    assert!(r.closed_at.is_some());
    // Closing published the responses, as `trappe round close` does.
    assert_eq!(
        app.store
            .complete_responses(round, None)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(c_status(&app, &link).await, 410);

    // Without --close-after-deadline a past deadline closes nothing; the tick's sweep
    // finds nothing more to close.
    let keep = ok(
        &app.db,
        &[
            "round",
            "create",
            "--name",
            "Åben",
            "--model",
            "servicemodenhed",
            "--deadline",
            "2020-01-31",
        ],
    );
    let keep: i64 = keep.trim().parse().unwrap();
    ok(&app.db, &["round", "open", &keep.to_string()]);
    assert_eq!(
        app.store.round(keep).await.unwrap().unwrap().status,
        RoundStatus::Open
    );
    assert!(app
        .store
        .close_rounds_past_deadline(chrono::Utc::now().timestamp())
        .await
        .unwrap()
        .is_empty());
}

async fn c_status(app: &TestApp, path: &str) -> u16 {
    raw_client()
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn rates_follow_started_and_completed_visitors_and_keep_their_json_contract() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Billund Kommune").await;
    let round = app.open_round(3).await;
    let links: Vec<String> = app
        .store
        .create_invitations(round, a, 4)
        .await
        .unwrap()
        .into_iter()
        .map(|t| format!("/s/{t}"))
        .collect();
    // B has only an open link: nobody is invited, so its rate is null.
    let open = app.store.create_open_link(round, b, 10).await.unwrap();

    // Link 0 only fetched (twice, as a mail scanner would): not started.
    for _ in 0..2 {
        assert_eq!(c_status(&app, &links[0]).await, 200);
    }
    // Link 1 started, link 2 completed, link 3 revoked.
    assert_eq!(start(&app, &raw_client(), &links[1]).await.status(), 303);
    complete(&app, &links[2]).await;
    let line = app.store.links(round, a).await.unwrap()[3].id;
    assert!(app.store.revoke_link(round, a, line).await.unwrap());
    // On B's open link: three fetches take nothing, one visitor starts, one completes.
    for _ in 0..3 {
        assert_eq!(c_status(&app, &format!("/s/{open}")).await, 200);
    }
    assert_eq!(
        start(&app, &raw_client(), &format!("/s/{open}"))
            .await
            .status(),
        303
    );
    let c = raw_client();
    let res = start(&app, &c, &format!("/s/{open}")).await;
    let own = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_end_matches("/p/1")
        .to_string();
    let res = c
        .post(app.url(&format!("{own}/submit")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/thanks");

    let json = ok(
        &app.db,
        &["rates", "--round", &round.to_string(), "--format", "json"],
    );
    let v: Value = serde_json::from_str(&json).unwrap();
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["organisations", "total"]);
    let orgs = v["organisations"].as_array().unwrap();
    assert_eq!(orgs.len(), 2);
    assert_eq!(
        keys(&orgs[0]),
        ["completed", "id", "invited", "name", "rate", "started"]
    );
    assert_eq!(
        keys(&v["total"]),
        ["completed", "invited", "rate", "started"]
    );
    assert_eq!(orgs[0]["id"], a);
    assert_eq!(orgs[0]["name"], "Aarhus Kommune");
    // A: invited 3 (the revoked one does not count), started 2, completed 1.
    assert_eq!(
        (
            &orgs[0]["invited"],
            &orgs[0]["started"],
            &orgs[0]["completed"]
        ),
        (&Value::from(3), &Value::from(2), &Value::from(1))
    );
    assert!((orgs[0]["rate"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    // B: its open link's visitors count as started and completed, never as invited.
    assert_eq!(orgs[1]["id"], b);
    assert_eq!(
        (
            &orgs[1]["invited"],
            &orgs[1]["started"],
            &orgs[1]["completed"]
        ),
        (&Value::from(0), &Value::from(2), &Value::from(1))
    );
    assert!(orgs[1]["rate"].is_null());
    assert_eq!(v["total"]["invited"], 3);
    assert_eq!(v["total"]["started"], 4);
    assert_eq!(v["total"]["completed"], 2);
    assert!((v["total"]["rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    let table = ok(&app.db, &["rates", "--round", &round.to_string()]);
    assert!(
        table.contains("Aarhus Kommune") && table.contains("33.3 %"),
        "{table}"
    );

    // Completions per day: a count per organisation and Danish day, nothing more.
    let today = trappe_core::deadline::danish_day(chrono::Utc::now().timestamp());
    assert_eq!(
        app.store.completions_per_day(round, Some(a)).await.unwrap(),
        vec![(today.clone(), 1)]
    );
    assert_eq!(
        app.store.completions_per_day(round, None).await.unwrap(),
        vec![(today.clone(), 2)]
    );

    // The organiser's page: the rows, sorted by rate without script, filtered by kind.
    let (c, _) = app.admin_client().await;
    let html = get_text(
        &c,
        app.url(&format!(
            "/admin/rounds/{round}/participation?sort=rate&dir=desc"
        )),
    )
    .await;
    assert!(html.contains("33,3 %"));
    let (ia, ib) = (
        html.find("Aarhus Kommune").unwrap(),
        html.find("Billund Kommune").unwrap(),
    );
    assert!(ia < ib, "a rate sorts before no rate");
    let html = get_text(
        &c,
        app.url(&format!(
            "/admin/rounds/{round}/participation?sort=name&dir=desc"
        )),
    )
    .await;
    assert!(html.find("Billund Kommune").unwrap() < html.find("Aarhus Kommune").unwrap());
    assert!(
        html.contains(&today),
        "the day's completions in the chart's table"
    );
    let html = get_text(
        &c,
        app.url(&format!("/admin/rounds/{round}/participation?kind=region")),
    )
    .await;
    assert!(!html.contains("data-org="), "no region takes part");
}

#[tokio::test]
async fn a_contact_sees_its_own_row_and_nothing_of_another_organisation() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Billund Kommune").await;
    let round = app.open_round(3).await;
    app.store.create_invitations(round, a, 2).await.unwrap();
    let lb = app.link(round, b).await;
    complete(&app, &lb).await;
    app.create_admin().await;
    let (c, _) = app.client_as("contact", "kontakt", a).await;
    let res = c
        .get(app.url(&format!("/admin/rounds/{round}/orgs/{a}/participation")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Aarhus Kommune"));
    assert!(!html.contains("Billund"), "no other organisation by name");
    // Two organisations: the network's total minus A's row would be B's, so it is withheld,
    // and the chart shows A's days only (A has none).
    assert!(!html.contains("id=\"network-total\""));
    assert!(html.contains("Ingen besvarelser endnu"));
    for path in [
        format!("/admin/rounds/{round}/orgs/{b}/participation"),
        format!("/admin/rounds/{round}/participation"),
        format!("/admin/rounds/{round}/participation?kind=kommune"),
        format!("/admin/rounds/{round}/participation.csv"),
        format!("/admin/rounds/{round}/participation.xlsx"),
    ] {
        let s = c.get(app.url(&path)).send().await.unwrap().status();
        assert!(s == 403 || s == 404, "{path}: {s}");
    }
    // With enough other organisations the total shows.
    for i in 0..5 {
        let o = app.add_org(&format!("Kommune {i}")).await;
        app.store.create_invitations(round, o, 1).await.unwrap();
    }
    let html = get_text(
        &c,
        app.url(&format!("/admin/rounds/{round}/orgs/{a}/participation")),
    )
    .await;
    assert!(html.contains("id=\"network-total\""));
    assert!(!html.contains("Billund"));
}

#[tokio::test]
async fn participation_downloads_read_back_in_csv_and_xlsx() {
    let app = spawn_app().await;
    let a = app
        .store
        .add_org(
            &NewOrg::parse(
                "=HYPERLINK(\"x\") Kommune",
                "kommune",
                None,
                &["Jylland".into()],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let b = app.add_org("Billund Kommune").await;
    let round = app.open_round(3).await;
    app.store.create_invitations(round, a, 4).await.unwrap();
    let lb = app.link(round, b).await;
    complete(&app, &lb).await;
    let (c, _) = app.admin_client().await;

    let res = c
        .get(app.url(&format!(
            "/admin/rounds/{round}/participation.csv?locale=da"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    let body = res.text().await.unwrap();
    let body = body.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 3, "two organisations and the total");
    assert_eq!(
        &rows[0][1], "'=HYPERLINK(\"x\") Kommune",
        "formula neutralised"
    );
    assert_eq!(&rows[0][3], "4");
    assert_eq!(&rows[0][6], "0");
    assert_eq!(&rows[1][1], "Billund Kommune");
    assert_eq!(&rows[1][6], "1");
    assert_eq!(&rows[2][3], "5");
    assert_eq!(&rows[2][6], "0,2");

    // Filtered by tag: Jylland only.
    let res = c
        .get(app.url(&format!(
            "/admin/rounds/{round}/participation.xlsx?tag=Jylland"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("participation").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 3, "header, the one organisation, the total");
    assert_eq!(rows[1][1], Data::String("=HYPERLINK(\"x\") Kommune".into()));
    assert_eq!(rows[1][3], Data::Float(4.0));
    assert_eq!(rows[1][6], Data::Float(0.0));
    let days = wb.worksheet_range("completions_per_day").unwrap();
    assert_eq!(
        days.rows().count(),
        1,
        "Jylland has no completions: the header only"
    );
}

#[tokio::test]
async fn links_are_downloaded_when_they_are_made_and_never_again() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(3).await;
    let (c, csrf) = app.admin_client().await;
    let org = a.to_string();
    let res = post_form(
        &c,
        app.url(&format!("/admin/rounds/{round}/invitations")),
        &[
            ("csrf", csrf.as_str()),
            ("org", &org),
            ("kind", "single"),
            ("count", "3"),
            ("output", "csv"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let body = res.text().await.unwrap();
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let links: Vec<String> = r.records().map(|x| x.unwrap()[2].to_string()).collect();
    assert_eq!(links.len(), 3);
    for l in &links {
        let path = l.strip_prefix(&app.base_url).unwrap();
        assert_eq!(c_status(&app, path).await, 200, "{l} works");
    }
    let res = post_form(
        &c,
        app.url(&format!("/admin/rounds/{round}/invitations")),
        &[
            ("csrf", csrf.as_str()),
            ("org", &org),
            ("kind", "single"),
            ("count", "2"),
            ("output", "xlsx"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("links").unwrap();
    assert_eq!(sheet.rows().count(), 3);
    // The links page lists all five by state, never a token, and says why.
    let html = get_text(
        &c,
        app.url(&format!("/admin/rounds/{round}/orgs/{a}/links")),
    )
    .await;
    assert_eq!(html.matches("<th scope=\"row\"").count(), 5);
    for l in &links {
        let token = l.rsplit('/').next().unwrap();
        assert!(!html.contains(token));
    }
    assert!(html.contains("Hent dem som fil, når du laver dem"));
    // The CLI hands them over as CSV too.
    let out = ok(
        &app.db,
        &[
            "invite",
            "--round",
            &round.to_string(),
            "--org",
            &org,
            "--count",
            "2",
            "--format",
            "csv",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "organisation,link");
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("Aarhus Kommune,http"));
}

#[tokio::test]
async fn an_open_link_takes_a_place_on_the_first_save_and_a_device_resumes() {
    let app = spawn_app().await;
    let org = app.add_org("Horsens Kommune").await;
    let round = app.open_round(3).await;
    let token = app.store.create_open_link(round, org, 2).await.unwrap();
    let open = format!("/s/{token}");
    let spawned = || async { app.store.links(round, org).await.unwrap()[0].spawned };
    // Mail scanners and second clicks: fetches take no place.
    for _ in 0..5 {
        let res = raw_client().get(app.url(&open)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("name=\"role\""));
    }
    assert_eq!(spawned().await, 0);
    // The first save takes one, hands the visitor its own link and a cookie.
    let c = raw_client();
    let res = start(&app, &c, &open).await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.ends_with("/p/1") && !to.starts_with(&open));
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("HttpOnly"));
    let own = to.trim_end_matches("/p/1").to_string();
    assert_eq!(spawned().await, 1);
    // Same device: back to its own questionnaire, no new place, whether fetched or saved.
    let res = c.get(app.url(&open)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], own.as_str());
    let res = start(&app, &c, &open).await;
    assert_eq!(res.headers()["location"], format!("{own}/p/1").as_str());
    assert_eq!(spawned().await, 1);
    // The response follows the open link's maker (the organiser's: it counts).
    let inv = app
        .store
        .invitation(own.trim_start_matches("/s/"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(inv.status, InvitationStatus::Started);
    // Another device takes the second place; then the link is full.
    assert_eq!(start(&app, &raw_client(), &open).await.status(), 303);
    assert_eq!(spawned().await, 2);
    let full = raw_client().get(app.url(&open)).send().await.unwrap();
    assert_eq!(full.status(), 410);
    assert!(full.text().await.unwrap().contains("Linket er fuldt"));
    // The first device still resumes.
    let res = c.get(app.url(&open)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    // The organiser sees how full it is.
    let (a, _) = app.admin_client().await;
    let html = get_text(
        &a,
        app.url(&format!("/admin/rounds/{round}/orgs/{org}/links")),
    )
    .await;
    assert!(html.contains("2 af 2 pladser brugt"), "{html}");
}

/// The organiser's page's figures for `org`: (name shown, invited, started, completed).
async fn page_row(app: &TestApp, c: &reqwest::Client, round: i64, org: i64) -> String {
    let html = get_text(c, app.url(&format!("/admin/rounds/{round}/participation"))).await;
    let at = html
        .find(&format!("data-org=\"{org}\""))
        .unwrap_or_else(|| panic!("no row of {org} in {html}"));
    let row = &html[at..];
    row[..row.find("</tr>").unwrap()].to_string()
}

/// Cell texts of a table row, tags stripped and blanks squeezed.
fn cells(row: &str) -> Vec<String> {
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let mut text = String::new();
            let mut inside = false;
            for ch in cell[cell.find('>').map_or(0, |i| i + 1)..].chars() {
                match ch {
                    '<' => inside = true,
                    '>' => inside = false,
                    c if !inside => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[tokio::test]
async fn the_counts_kept_in_memory_follow_every_writer() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(3).await;
    let links: Vec<String> = app
        .store
        .create_invitations(round, a, 2)
        .await
        .unwrap()
        .into_iter()
        .map(|t| format!("/s/{t}"))
        .collect();
    let (c, _) = app.admin_client().await;
    let first = page_row(&app, &c, round, a).await;
    assert!(first.contains("Aarhus Kommune"), "{first}");
    let counts = |row: &str| cells(row)[1..4].to_vec();
    assert_eq!(counts(&first), ["2", "0", "0"], "{first}");
    // Read twice with nothing written in between: counted once, kept.
    let (p1, p2) = (
        app.store.participation(round).await.unwrap(),
        app.store.participation(round).await.unwrap(),
    );
    assert!(
        std::sync::Arc::ptr_eq(&p1, &p2),
        "the second read is the kept count"
    );

    // The web: a respondent starts.
    assert_eq!(start(&app, &raw_client(), &links[0]).await.status(), 303);
    assert_eq!(counts(&page_row(&app, &c, round, a).await), ["2", "1", "0"]);
    // Another process: the CLI makes a link.
    ok(
        &app.db,
        &[
            "invite",
            "--round",
            &round.to_string(),
            "--org",
            &a.to_string(),
            "--count",
            "1",
        ],
    );
    assert_eq!(counts(&page_row(&app, &c, round, a).await), ["3", "1", "0"]);
    // Another writer altogether, straight into the database: a link revoked, the
    // organisation renamed and tagged.
    for sql in [
        format!("UPDATE invitations SET revoked = 1 WHERE round_id = {round} AND status = 'unused' AND id = (SELECT MAX(id) FROM invitations WHERE round_id = {round})"),
        format!("UPDATE organisations SET name = 'Aarhus Byråd' WHERE id = {a}"),
        format!("INSERT INTO organisation_tags (org_id, tag) VALUES ({a}, 'Østjylland')"),
    ] {
        let out = crate::helpers::db_shell(&app.db, &sql);
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let row = page_row(&app, &c, round, a).await;
    assert_eq!(counts(&row), ["2", "1", "0"], "{row}");
    assert!(row.contains("Aarhus Byråd"), "{row}");
    let tagged = get_text(
        &c,
        app.url(&format!(
            "/admin/rounds/{round}/participation?tag=%C3%98stjylland"
        )),
    )
    .await;
    assert!(
        tagged.contains(&format!("data-org=\"{a}\"")),
        "the new tag filters"
    );
    // The network's completions per day follow a submission too.
    let today = trappe_core::deadline::danish_day(chrono::Utc::now().timestamp());
    assert!(app
        .store
        .completions_per_day(round, None)
        .await
        .unwrap()
        .is_empty());
    complete(&app, &links[1]).await;
    assert_eq!(
        app.store.completions_per_day(round, None).await.unwrap(),
        vec![(today, 1)]
    );
    assert_eq!(counts(&page_row(&app, &c, round, a).await), ["2", "2", "1"]);
}
