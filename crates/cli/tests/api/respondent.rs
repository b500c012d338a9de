//! The respondent's questionnaire over HTTP: answer, save, resume, review, submit.

use crate::helpers::{client, get_text, post_form, raw_client, spawn_app};
use trappe_core::Model;
use trappe_store::InvitationStatus;

/// The answers a page of the built-in model gets in these tests: every question of
/// dimension i gets level (i % 5) + 1, except the first, which gets "dk".
fn page_form(model: &Model, page: usize) -> Vec<(String, String)> {
    let d = &model.dimensions[page - 1];
    let mut form: Vec<(String, String)> = d
        .questions
        .iter()
        .enumerate()
        .map(|(j, q)| {
            let v = if j == 0 {
                "dk".to_string()
            } else {
                ((page - 1) % 5 + 1).to_string()
            };
            (format!("q.{}", q.id), v)
        })
        .collect();
    form.push(("nav".into(), "next".into()));
    form
}

#[tokio::test]
async fn a_respondent_answers_every_page_submits_and_is_scored_exactly() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    let link = app.link(round, org).await;
    let c = raw_client();

    let intro = c.get(app.url(&link)).send().await.unwrap();
    assert_eq!(intro.status(), 200);
    let html = intro.text().await.unwrap();
    assert!(html.contains("name=\"role\""), "intro asks for the role");
    assert!(html.contains("lang=\"da\""), "Danish by default");

    let res = post_form(&c, app.url(&link), &[("role", "employee")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("{link}/p/1"));

    for page in 1..=model.dimensions.len() {
        let html = get_text(&c, app.url(&format!("{link}/p/{page}"))).await;
        assert!(
            html.contains(&format!("Side {page} af 9")),
            "progress on page {page}"
        );
        let res = post_form(
            &c,
            app.url(&format!("{link}/p/{page}")),
            &page_form(&model, page),
        )
        .await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], format!("{link}/p/{}", page + 1));
    }
    let barriers: Vec<(String, String)> = model
        .barriers
        .items
        .iter()
        .map(|b| (format!("b.{}", b.id), "4".to_string()))
        .chain([
            ("own".into(), "Gamle fagsystemer".into()),
            ("nav".into(), "next".into()),
        ])
        .collect();
    let res = post_form(&c, app.url(&format!("{link}/p/8")), &barriers).await;
    assert_eq!(res.headers()["location"], format!("{link}/review"));

    let review = get_text(&c, app.url(&format!("{link}/review"))).await;
    assert!(review.contains("Indsend besvarelse"));
    let res = c
        .post(app.url(&format!("{link}/submit")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/thanks");

    // Scores: dimension i has (n-1) answers of (i % 5) + 1 and one "don't know".
    let r = app.store.round_results(round, None).await.unwrap();
    let o = &r.orgs[0].result;
    assert_eq!(o.responses, 1);
    assert!(!o.withheld);
    let expected: Vec<f64> = (0..7).map(|i| (i % 5 + 1) as f64).collect();
    let got: Vec<f64> = o
        .dimensions
        .iter()
        .map(|d| d.score.unwrap().score)
        .collect();
    assert_eq!(got, expected);
    let overall = expected.iter().sum::<f64>() / 7.0;
    assert!((o.overall.unwrap().score - overall).abs() < 1e-12);
    assert_eq!(o.overall.unwrap().level, 2);
    let stored = &r.orgs[0].responses[0];
    assert_eq!(stored.role.as_deref(), Some("employee"));
    assert_eq!(stored.barriers.get("legislation"), Some(&4));

    // The link is spent and no longer points at the answers.
    let inv = app
        .store
        .invitation(link.trim_start_matches("/s/"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(inv.status, InvitationStatus::Used);
    assert_eq!(inv.response_id, None);
    let again = c.get(app.url(&link)).send().await.unwrap();
    assert_eq!(again.status(), 410);
    assert!(again
        .text()
        .await
        .unwrap()
        .contains("Linket er allerede brugt"));
    let late = post_form(&c, app.url(&format!("{link}/p/1")), &page_form(&model, 1)).await;
    assert_eq!(late.status(), 410, "a used link takes no more answers");
}

#[tokio::test]
async fn answers_are_saved_per_page_and_a_returning_respondent_resumes() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let org = app.add_org("Vejle Kommune").await;
    let round = app.open_round(3).await;
    let link = app.link(round, org).await;
    let c = raw_client();
    post_form(&c, app.url(&format!("{link}/p/1")), &page_form(&model, 1)).await;

    // A new device (no cookies) with the same link sees the saved answers.
    let other = raw_client();
    let intro = get_text(&other, app.url(&link)).await;
    assert!(intro.contains("Velkommen tilbage"));
    assert!(
        intro.contains(&format!("{link}/p/2")),
        "resumes at the first unanswered page"
    );
    let page1 = get_text(&other, app.url(&format!("{link}/p/1"))).await;
    let q2 = &model.dimensions[0].questions[1].id;
    let q1 = &model.dimensions[0].questions[0].id;
    assert!(
        page1.contains(&format!(
            "id=\"q.{q2}-1\" name=\"q.{q2}\" value=\"1\" checked"
        )),
        "saved level shown"
    );
    assert!(
        page1.contains(&format!(
            "id=\"q.{q1}-dk\" name=\"q.{q1}\" value=\"dk\" checked"
        )),
        "saved don't-know shown"
    );

    // Back from page 1 goes to the intro; answers stay.
    let mut back = page_form(&model, 1);
    back.pop();
    back.push(("nav".into(), "back".into()));
    let res = post_form(&other, app.url(&format!("{link}/p/1")), &back).await;
    assert_eq!(res.headers()["location"], link);
    // Nothing is complete until submitted.
    let r = app.store.round_results(round, None).await.unwrap();
    assert_eq!(r.orgs[0].result.responses, 0);
    assert_eq!(r.orgs[0].participant.partial, 1);
}

#[tokio::test]
async fn bad_answers_are_refused_and_nothing_of_the_page_is_saved() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let org = app.add_org("Odense Kommune").await;
    let round = app.open_round(3).await;
    let link = app.link(round, org).await;
    let c = raw_client();
    let q = &model.dimensions[0].questions[0].id;
    let other_page_q = &model.dimensions[1].questions[0].id;
    for (k, v) in [
        (format!("q.{q}"), "7"),
        (format!("q.{other_page_q}"), "3"),
        ("q.nonsense".to_string(), "3"),
    ] {
        let form = vec![
            (
                format!("q.{}", model.dimensions[0].questions[1].id),
                "2".to_string(),
            ),
            (k.clone(), v.to_string()),
        ];
        let res = post_form(&c, app.url(&format!("{link}/p/1")), &form).await;
        assert_eq!(res.status(), 400, "{k}={v}");
    }
    let inv = app
        .store
        .invitation(link.trim_start_matches("/s/"))
        .await
        .unwrap()
        .unwrap();
    let draft = app.store.draft(inv.response_id.unwrap()).await.unwrap();
    assert!(
        draft.answers.is_empty(),
        "a refused page saves nothing: {:?}",
        draft.answers
    );
    let res = c
        .get(app.url(&format!("{link}/p/42")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn closed_draft_and_unknown_links_get_clear_pages() {
    let app = spawn_app().await;
    let org = app.add_org("Aalborg Kommune").await;
    let round = app.open_round(3).await;
    let link = app.link(round, org).await;
    let c = client();
    app.store
        .set_round_status(round, trappe_store::RoundStatus::Closed)
        .await
        .unwrap();
    let res = c.get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 410);
    assert!(res.text().await.unwrap().contains("Målingen er lukket"));

    let m = Model::builtin();
    let draft = app
        .store
        .create_round("Kladde", &m.id, &m.version, 3, 5)
        .await
        .unwrap();
    let link = app.link(draft, org).await;
    let res = c.get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 403);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Målingen er ikke åbnet endnu"));

    let res = c.get(app.url("/s/0123456789abcdef")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Linket findes ikke"));
}

#[tokio::test]
async fn an_open_link_hands_each_visitor_their_own_link_up_to_its_cap() {
    let app = spawn_app().await;
    let org = app.add_org("Horsens Kommune").await;
    let round = app.open_round(3).await;
    let token = app.store.create_open_link(round, org, 2).await.unwrap();
    let c = raw_client();
    let mut own = Vec::new();
    for _ in 0..2 {
        // Each visitor (a device of its own) takes a place by saving the first page.
        let c = raw_client();
        let res = post_form(&c, app.url(&format!("/s/{token}")), &[("role", "employee")]).await;
        assert_eq!(res.status(), 303);
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with("/s/") && !to.starts_with(&format!("/s/{token}")));
        own.push(to.trim_end_matches("/p/1").to_string());
    }
    assert_ne!(own[0], own[1]);
    let full = c.get(app.url(&format!("/s/{token}"))).send().await.unwrap();
    assert_eq!(full.status(), 410);
    assert!(full.text().await.unwrap().contains("Linket er fuldt"));
    // Each handed-out link works on its own.
    assert_eq!(c.get(app.url(&own[0])).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn english_by_a_switch_and_cross_site_posts_refused() {
    let app = spawn_app().await;
    let org = app.add_org("Esbjerg Kommune").await;
    let round = app.open_round(3).await;
    let link = app.link(round, org).await;
    let c = client();
    let res = c
        .get(app.url(&format!(
            "/lang/en?next={}",
            format!("{link}/p/1").replace('/', "%2F")
        )))
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("Page 1 of 9"));
    assert!(html.contains("t know</label>"));

    let res = c
        .post(app.url(&link))
        .header("Origin", "http://evil.example")
        .form(&[("role", "employee")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = c
        .post(app.url(&link))
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("role", "employee")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // An open redirect is not possible through the language switch.
    let res = raw_client()
        .get(app.url("/lang/da?next=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/");
}
