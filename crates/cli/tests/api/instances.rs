//! Several instances of the app on one database, as behind a load balancer (on
//! PostgreSQL in production; the same test runs on SQLite): any instance serves any
//! request, and a scheduled job runs on one of them.

use crate::helpers::{another_instance, get_text, raw_client, spawn_app, uniform};
use trappe_core::Model;

#[tokio::test]
async fn two_instances_on_one_database_serve_a_respondent_and_an_organiser_alike() {
    let a = spawn_app().await;
    let b = another_instance(&a).await;
    assert_ne!(a.base_url, b.base_url);
    let model = Model::builtin();
    let org = a.add_org("Aarhus Kommune").await;
    let round = a.open_round(1).await;
    let link = a.link(round, org).await;

    // A respondent whose every request lands on the other instance than the last.
    let c = raw_client();
    let res = c
        .post(a.url(&link))
        .form(&[("role", "employee")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let answers = uniform(&model, 3);
    for (i, d) in model.dimensions.iter().enumerate() {
        let page = i + 1;
        let app = if page % 2 == 0 { &a } else { &b };
        let mut form: Vec<(String, String)> = d
            .questions
            .iter()
            .map(|q| (format!("q.{}", q.id), "3".to_string()))
            .collect();
        form.push(("nav".into(), "next".into()));
        let res = c
            .post(app.url(&format!("{link}/p/{page}")))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "page {page} on {}", app.base_url);
        // The page saved on one instance is there on the other.
        let other = if page % 2 == 0 { &b } else { &a };
        let html = get_text(&c, other.url(&format!("{link}/p/{page}"))).await;
        assert!(html.contains("checked"), "page {page} resumed elsewhere");
    }
    let res = c
        .post(b.url(&format!("{link}/submit")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/thanks");
    // Spent on every instance.
    let again = c.get(a.url(&link)).send().await.unwrap();
    assert_ne!(again.status(), 200, "a spent link opens nowhere");
    for app in [&a, &b] {
        let r = app.store.round_results(round, None).await.unwrap();
        assert_eq!(r.orgs[0].result.responses, 1);
    }
    let stored = a.store.complete_responses(round, None).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].answers.len(), answers.len());

    // An organiser signed in on one instance is signed in on the other: the session
    // lives in the database.
    let (admin, _csrf) = a.admin_client().await;
    let page = admin.get(b.url("/admin")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.url().path(), "/admin", "no detour to the login page");
    let out = admin
        .get(b.url(&format!("/admin/rounds/{round}")))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 200);

    // A scheduled job's lease goes to one instance per period.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (x, y) = tokio::join!(
        a.store.claim_job("instances-test", now, 3600),
        b.store.claim_job("instances-test", now, 3600)
    );
    assert!(x.unwrap() ^ y.unwrap(), "exactly one instance runs the job");
}
