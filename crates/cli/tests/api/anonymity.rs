//! Respondent anonymity against the people Trappe serves (issue 13, items 1 to 4): made-up
//! responses from an organisation's own links, diffing results between two visits, order
//! and time in what is stored and exported, and revoking a link.

use crate::helpers::{
    client, demo_responses, get_text, post_form, raw_client, spawn_app, uniform, TestApp,
};
use trappe_core::Model;
use trappe_store::{ImportedResponse, ResultsShown, RoundOptions, RoundStatus};

/// A round on the built-in model with these settings, opened.
async fn round(app: &TestApp, min: i64, shown: ResultsShown, min_tally: i64) -> i64 {
    let m = Model::builtin();
    let options = RoundOptions {
        results_shown: shown,
        min_tally,
        ..RoundOptions::default()
    };
    let id = app
        .store
        .create_round_with_options("Måling 2026", &m.id, &m.version, min, 5, &options)
        .await
        .unwrap();
    app.store
        .set_round_status(id, RoundStatus::Open)
        .await
        .unwrap();
    id
}

/// Answers every question of link `link` (a path /s/TOKEN) on `level` and submits.
async fn answer(app: &TestApp, link: &str, level: u8) {
    let model = Model::builtin();
    let c = raw_client();
    let res = post_form(&c, app.url(link), &[("role", "employee")]).await;
    assert_eq!(res.status(), 303, "intro of {link}");
    for (i, d) in model.dimensions.iter().enumerate() {
        let mut form: Vec<(String, String)> = d
            .questions
            .iter()
            .map(|q| (format!("q.{}", q.id), level.to_string()))
            .collect();
        form.push(("nav".into(), "next".into()));
        let res = post_form(&c, app.url(&format!("{link}/p/{}", i + 1)), &form).await;
        assert_eq!(res.status(), 303, "page {} of {link}", i + 1);
    }
    let res = c
        .post(app.url(&format!("{link}/submit")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "submit {link}");
    assert_eq!(res.headers()["location"], "/thanks");
}

/// The `/s/TOKEN` paths on a links page.
fn links_of(html: &str) -> Vec<String> {
    let mut out: Vec<String> = html
        .match_indices("/s/")
        .map(|(i, _)| {
            html[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
                .collect()
        })
        .filter(|l: &String| l.len() > 40)
        .collect();
    out.sort();
    out.dedup();
    out
}

const TALLY_CAPTION: &str = "Svar pr. spørgsmål";

#[tokio::test]
async fn made_up_responses_from_an_organisations_own_links_do_not_open_a_real_ones_answers() {
    let app = spawn_app().await;
    let (admin, admin_csrf) = app.admin_client().await;
    let org = app.add_org("Aarhus Kommune").await;
    let r = round(&app, 3, ResultsShown::Closed, 10).await;
    let (contact, csrf) = app.client_as("contact", "kontakt", org).await;
    // The organiser's link goes to a real respondent.
    let real = app.link(r, org).await;
    // The contact makes two links and answers both itself, level 1 everywhere.
    let page = post_form(
        &contact,
        app.url(&format!("/admin/rounds/{r}/invitations")),
        &[
            ("csrf", csrf.as_str()),
            ("org", &org.to_string()),
            ("kind", "single"),
            ("count", "2"),
        ],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        page.contains("Linkene er lavet af organisationen selv"),
        "the contact is told its links count apart"
    );
    let made_up = links_of(&page);
    assert_eq!(made_up.len(), 2, "{made_up:?}");
    for l in &made_up {
        answer(&app, l, 1).await;
    }
    answer(&app, &real, 4).await;
    app.store
        .set_round_status(r, RoundStatus::Closed)
        .await
        .unwrap();

    // Three complete responses, but only one independent: nothing shows, no tally.
    let explain = get_text(
        &contact,
        app.url(&format!("/admin/rounds/{r}/orgs/{org}/explain")),
    )
    .await;
    assert!(
        !explain.contains(TALLY_CAPTION),
        "no per-question tallies to subtract from"
    );
    assert!(
        explain.contains("Resultaterne vises ikke endnu: 1 af 3"),
        "withheld on independent responses"
    );
    assert!(explain.contains("2 besvarelser kom via links, som organisationens egne"));
    let results = app.store.round_results(r, Some(org)).await.unwrap();
    let o = &results.orgs[0].result;
    assert_eq!((o.responses, o.independent, o.withheld), (3, 1, true));

    // The API shows the same (an organisation token).
    let (_, token) = app
        .store
        .create_api_token("aarhus", Some(org), None)
        .await
        .unwrap();
    let doc: serde_json::Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/rounds/{r}/results")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["organisations"][0]["withheld"], true);
    assert!(doc["organisations"][0]["overall"]["score"].is_null());

    // An organiser vouches for the links (logged): the scores show, but the tallies need
    // the round's min_tally (10) independent responses.
    let links_page = get_text(
        &admin,
        app.url(&format!("/admin/rounds/{r}/orgs/{org}/links")),
    )
    .await;
    assert!(links_page.contains("Organisationen (ikke godkendt)"));
    let res = post_form(
        &admin,
        app.url(&format!("/admin/rounds/{r}/orgs/{org}/links/approve")),
        &[("csrf", admin_csrf.as_str())],
    )
    .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let audit = app.store.audit_log(100).await.unwrap();
    assert!(
        audit.iter().any(|e| e.action == "staff_links_approved"
            && e.subject.as_deref() == Some(&format!("round {r} org {org}"))),
        "the approval is in the audit log"
    );
    let explain = get_text(
        &contact,
        app.url(&format!("/admin/rounds/{r}/orgs/{org}/explain")),
    )
    .await;
    assert!(explain.contains("Baseret på 3 fuldførte besvarelser"));
    assert!(!explain.contains(TALLY_CAPTION));
    assert!(explain.contains("vises først fra 10 besvarelser, der tæller med (her 3)"));
}

#[tokio::test]
async fn per_question_tallies_show_only_from_the_rounds_min_tally() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_client().await;
    let model = Model::builtin();
    let nine = app.add_org("Ni Kommune").await;
    let ten = app.add_org("Ti Kommune").await;
    let r = round(&app, 3, ResultsShown::Batches, 10).await;
    let rows: Vec<ImportedResponse> = [
        demo_responses(&model, nine, 1, 9),
        demo_responses(&model, ten, 2, 10),
    ]
    .concat();
    app.store
        .import_responses(r, &rows, "import")
        .await
        .unwrap();
    let of = |org: i64| app.url(&format!("/admin/rounds/{r}/orgs/{org}/explain"));
    let below = get_text(&admin, of(nine)).await;
    assert!(below.contains("Baseret på 9 fuldførte besvarelser"));
    assert!(!below.contains(TALLY_CAPTION));
    assert!(below.contains("vises først fra 10 besvarelser, der tæller med (her 9)"));
    let at = get_text(&admin, of(ten)).await;
    assert!(at.contains(TALLY_CAPTION));
}

#[tokio::test]
async fn a_viewer_reading_results_twice_around_one_new_response_sees_no_change() {
    let app = spawn_app().await;
    let model = Model::builtin();
    app.create_admin().await;
    let org = app.add_org("Vejle Kommune").await;
    let r = round(&app, 3, ResultsShown::Batches, 3).await;
    app.store
        .import_responses(r, &demo_responses(&model, org, 5, 3), "import")
        .await
        .unwrap();
    let (viewer, _) = app.client_as("viewer", "laeser", org).await;
    let (_, token) = app
        .store
        .create_api_token("vejle", Some(org), None)
        .await
        .unwrap();
    let api = reqwest::Client::new();
    let read = || async {
        let results = get_text(&viewer, app.url(&format!("/admin/rounds/{r}/orgs/{org}"))).await;
        let explain = get_text(
            &viewer,
            app.url(&format!("/admin/rounds/{r}/orgs/{org}/explain")),
        )
        .await;
        let doc = api
            .get(app.url(&format!("/api/v1/rounds/{r}/results")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (results, explain, doc)
    };
    let before = read().await;
    assert!(before.0.contains("Baseret på 3 fuldførte besvarelser"));
    assert!(before
        .0
        .contains("Resultaterne opdateres kun, når der er kommet mindst 3 nye"));

    // One colleague submits: nothing a viewer can read moves.
    let link = app.link(r, org).await;
    answer(&app, &link, 5).await;
    let after = read().await;
    assert_eq!(before.0, after.0, "the results page is unchanged");
    assert_eq!(before.1, after.1, "the explain page is unchanged");
    assert_eq!(before.2, after.2, "the API is unchanged");

    // Two more make a batch of three: now it moves, by three.
    for _ in 0..2 {
        let link = app.link(r, org).await;
        answer(&app, &link, 5).await;
    }
    let batch = read().await;
    assert!(batch.0.contains("Baseret på 6 fuldførte besvarelser"));
    assert_ne!(before.2, batch.2);
}

#[tokio::test]
async fn by_default_results_show_once_the_round_closes() {
    let app = spawn_app().await;
    let model = Model::builtin();
    app.create_admin().await;
    let org = app.add_org("Odense Kommune").await;
    // Imported responses and one through a link, all while the round is open.
    let r = round(&app, 3, ResultsShown::Closed, 10).await;
    app.store
        .import_responses(r, &demo_responses(&model, org, 9, 4), "import")
        .await
        .unwrap();
    let link = app.link(r, org).await;
    answer(&app, &link, 3).await;
    let (viewer, _) = app.client_as("viewer", "laeser", org).await;
    let page = get_text(&viewer, app.url(&format!("/admin/rounds/{r}/orgs/{org}"))).await;
    assert!(page.contains("Resultaterne opdateres, når den lukker"));
    assert!(page.contains("Resultaterne vises ikke endnu: 0 af 3"));
    app.store
        .set_round_status(r, RoundStatus::Closed)
        .await
        .unwrap();
    let page = get_text(&viewer, app.url(&format!("/admin/rounds/{r}/orgs/{org}"))).await;
    assert!(page.contains("Baseret på 5 fuldførte besvarelser"));
    assert!(!page.contains("Resultaterne opdateres, når den lukker"));
}

#[tokio::test]
async fn responses_are_listed_by_content_never_in_the_order_they_came() {
    let app = spawn_app().await;
    let (admin, _) = app.admin_client().await;
    let model = Model::builtin();
    let org = app.add_org("Esbjerg Kommune").await;
    // A single-assessor minimum: each response is a batch of its own and shows.
    let r = round(&app, 1, ResultsShown::Batches, 10).await;
    // Five respondents, one after the other, answering 5, 4, 3, 2 and 1 everywhere.
    for level in [5u8, 4, 3, 2, 1] {
        let row = ImportedResponse {
            org_id: org,
            role: Some("employee".into()),
            answers: uniform(&model, level),
            barriers: Vec::new(),
        };
        app.store
            .import_responses(r, &[row], "import")
            .await
            .unwrap();
    }
    app.store
        .set_round_status(r, RoundStatus::Closed)
        .await
        .unwrap();
    let csv = get_text(
        &admin,
        app.url(&format!("/admin/rounds/{r}/export/responses.csv?locale=en")),
    )
    .await;
    let first_question = &model.dimensions[0].questions[0].id;
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| h == first_question).unwrap();
    let levels: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(col).unwrap())
        .collect();
    assert_eq!(levels, ["1", "2", "3", "4", "5"], "sorted by content");
    let json: serde_json::Value = serde_json::from_str(
        &get_text(&admin, app.url(&format!("/admin/rounds/{r}/export.json"))).await,
    )
    .unwrap();
    let firsts: Vec<String> = json["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["answers"][first_question].as_str().unwrap().to_string())
        .collect();
    assert_eq!(firsts, ["1", "2", "3", "4", "5"]);

    // Responses started one after the other through links get ids that carry no order.
    let r2 = round(&app, 3, ResultsShown::Closed, 10).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        let t = app.store.create_invitations(r2, org, 1).await.unwrap();
        let inv = app.store.invitation(&t[0]).await.unwrap().unwrap();
        ids.push(app.store.start_response(inv.id).await.unwrap());
    }
    assert!(
        ids.windows(2).any(|w| w[1] != w[0] + 1),
        "not a sequence: {ids:?}"
    );
}

#[tokio::test]
async fn no_column_of_a_response_holds_a_time() {
    let app = spawn_app().await;
    let sql = if app.db.starts_with("postgres://") {
        "SELECT column_name, data_type FROM information_schema.columns \
         WHERE table_name = 'responses' ORDER BY column_name"
    } else {
        "SELECT name, type FROM pragma_table_info('responses') ORDER BY name"
    };
    let out = crate::helpers::db_shell(&app.db, sql);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cols: Vec<(String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('|'))
        .map(|(n, t)| (n.to_string(), t.to_lowercase()))
        .collect();
    let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
    // A new column must be added here on purpose, after asking whether it tells time.
    assert_eq!(
        names,
        [
            "answers",
            "id",
            "org_id",
            "own_barrier",
            "published",
            "role",
            "round_id",
            "source",
            "staff_unapproved",
            "status"
        ]
    );
    assert!(
        cols.iter()
            .all(|(_, t)| !t.contains("time") && !t.contains("date")),
        "{cols:?}"
    );
}

#[tokio::test]
async fn an_organiser_revokes_a_link_and_its_saved_answers_go() {
    let app = spawn_app().await;
    let (admin, csrf) = app.admin_client().await;
    let org = app.add_org("Aalborg Kommune").await;
    let r = round(&app, 1, ResultsShown::Closed, 10).await;
    let unused = app.link(r, org).await;
    let started = app.link(r, org).await;
    let done = app.link(r, org).await;
    let c = raw_client();
    let intro = get_text(&c, app.url(&started)).await;
    assert!(intro.contains("alle, der har det, kan se og ændre dine gemte svar"));
    assert_eq!(
        post_form(&c, app.url(&started), &[("role", "employee")])
            .await
            .status(),
        303
    );
    answer(&app, &done, 2).await;
    let partial = |app: &TestApp| {
        let app = app.store.clone();
        async move { app.participants(r).await.unwrap()[0].partial }
    };
    assert_eq!(partial(&app).await, 1);

    let page = get_text(
        &admin,
        app.url(&format!("/admin/rounds/{r}/orgs/{org}/links")),
    )
    .await;
    for state in ["Ikke åbnet", "Påbegyndt", "Indsendt"] {
        assert!(page.contains(state), "{state}");
    }
    for l in [&unused, &started, &done] {
        let token = l.trim_start_matches("/s/");
        assert!(!page.contains(token), "never the token");
    }
    assert_eq!(
        page.matches("/revoke\"").count(),
        2,
        "only unused and started"
    );

    let ids: Vec<i64> = {
        let mut v = Vec::new();
        for l in [&unused, &started, &done] {
            let inv = app
                .store
                .invitation(l.trim_start_matches("/s/"))
                .await
                .unwrap()
                .unwrap();
            v.push(inv.id);
        }
        v
    };
    let revoke = |id: i64| {
        let admin = admin.clone();
        let url = app.url(&format!("/admin/rounds/{r}/orgs/{org}/links/{id}/revoke"));
        let csrf = csrf.clone();
        async move { post_form(&admin, url, &[("csrf", csrf.as_str())]).await }
    };
    assert_eq!(revoke(ids[1]).await.status(), 200, "back on the links page");
    assert_eq!(partial(&app).await, 0, "the draft is deleted");
    assert_eq!(revoke(ids[2]).await.status(), 422, "a submitted link stays");
    assert_eq!(revoke(ids[0]).await.status(), 200);

    // The respondent gets a clear page, in their language.
    let res = c.get(app.url(&started)).send().await.unwrap();
    assert_eq!(res.status(), 410);
    assert!(res.text().await.unwrap().contains("Linket er tilbagekaldt"));
    let en = client();
    let html = get_text(
        &en,
        app.url(&format!("/lang/en?next={}", unused.replace('/', "%2F"))),
    )
    .await;
    assert!(html.contains("The link has been revoked"), "{html}");
    let res = post_form(&c, app.url(&format!("{started}/p/1")), &[("nav", "next")]).await;
    assert_eq!(res.status(), 410, "a revoked link takes no answers");

    let page = get_text(
        &admin,
        app.url(&format!("/admin/rounds/{r}/orgs/{org}/links")),
    )
    .await;
    assert_eq!(page.matches("Tilbagekaldt").count(), 2);
    let audit = app.store.audit_log(100).await.unwrap();
    assert_eq!(
        audit.iter().filter(|e| e.action == "link_revoked").count(),
        2
    );
}

#[tokio::test]
async fn the_link_page_says_in_english_too_that_the_link_is_the_access() {
    let app = spawn_app().await;
    let org = app.add_org("Herning Kommune").await;
    let r = round(&app, 3, ResultsShown::Closed, 10).await;
    let link = app.link(r, org).await;
    let c = client();
    let html = get_text(
        &c,
        app.url(&format!("/lang/en?next={}", link.replace('/', "%2F"))),
    )
    .await;
    assert!(html.contains("anyone who has it can see and change your saved answers"));
}
