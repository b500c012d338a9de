//! Several instances of the app on one database, as behind a load balancer (on
//! PostgreSQL in production; the same test runs on SQLite): any instance serves any
//! request, and a scheduled job runs on one of them.

use crate::channels::{danish_export, finished_import, send_upload, start_import};
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
    let now = crate::helpers::unix_now();
    let (x, y) = tokio::join!(
        a.store.claim_job("instances-test", now, 3600),
        b.store.claim_job("instances-test", now, 3600)
    );
    assert!(x.unwrap() ^ y.unwrap(), "exactly one instance runs the job");
}

#[tokio::test]
async fn a_contact_log_uploaded_on_one_instance_is_mapped_and_followed_on_another() {
    let a = spawn_app().await;
    let b = another_instance(&a).await;
    let org = a.add_org("Aarhus Kommune").await;
    let (c, csrf) = a.admin_client().await;
    let base = format!("/admin/orgs/{org}/channels");

    // The file goes to instance A.
    let res = send_upload(&c, &a, org, &csrf, "eksport.csv", &danish_export()).await;
    assert_eq!(res.status(), 200);
    let mapping_url = res.url().path().to_string();
    assert!(mapping_url.starts_with(&format!("{base}/uploads/")));

    // Instance B shows the mapping step from the database: the same detection.
    let html = get_text(&c, b.url(&mapping_url)).await;
    assert!(html.contains("<dd id=\"detected\">CSV · semikolon · Windows-1252</dd>"));
    assert!(html.contains("<option value=\"day-first\" selected>"));
    assert!(
        html.contains("name=\"val_3\" value=\"Sms-tjenesten\""),
        "{html}"
    );

    // B starts the import; A follows it to the end.
    let progress_url = start_import(
        &c,
        &b,
        &mapping_url,
        &csrf,
        &[
            "contact_id",
            "timestamp",
            "channel",
            "service",
            "citizen_key",
            "case_key",
            "",
        ],
        &[
            ("date_order", "day-first"),
            ("val_0", "Selvbetjening"),
            ("chan_0", "selfservice"),
            ("val_1", "Telefon"),
            ("chan_1", "phone"),
            ("val_2", "Borgerservice"),
            ("chan_2", "front_desk"),
            ("val_3", "Sms-tjenesten"),
            ("chan_3", "sms"),
        ],
    )
    .await;
    assert!(progress_url.starts_with(&format!("{base}/imports/")));
    let html = finished_import(&c, &a.url(&progress_url), 200).await;
    assert!(html.contains("<dd id=\"import-stored\">6</dd>"), "{html}");
    assert!(html.contains("<dd id=\"import-rejected\">0</dd>"));
    assert_eq!(a.store.contact_count(org).await.unwrap(), 6);
    // The upload was used up: no instance maps it again.
    for app in [&a, &b] {
        let res = c.get(app.url(&mapping_url)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{}", app.base_url);
    }

    // A file with a bad row, skipped: the refused row is listed on the other instance.
    let file = b"contact_id,org_id,timestamp,channel\n1,K,2025-01-10T10:00:00Z,phone\n2,K,not a time,phone\n";
    let res = send_upload(&c, &b, org, &csrf, "log.csv", file).await;
    let mapping_url = res.url().path().to_string();
    let progress_url = start_import(
        &c,
        &a,
        &mapping_url,
        &csrf,
        &["contact_id", "org_id", "timestamp", "channel"],
        &[("skip_bad", "1")],
    )
    .await;
    let html = finished_import(&c, &b.url(&progress_url), 200).await;
    assert!(html.contains("<dd id=\"import-stored\">1</dd>"), "{html}");
    assert!(
        html.contains("<caption>1 række afvist i kolonnen Tidspunkt:</caption>"),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"num\">3</td><td>»not a time«"),
        "{html}"
    );
    // The refused row, downloaded from the instance that did not run the import.
    for app in [&a, &b] {
        let res = c
            .get(app.url(&format!("{progress_url}/refused.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.text().await.unwrap(),
            "contact_id,org_id,timestamp,channel\n2,K,not a time,phone\n"
        );
    }
}

#[tokio::test]
async fn an_unmapped_upload_expires_and_an_import_left_running_is_marked_failed() {
    let a = spawn_app().await;
    let org = a.add_org("Aarhus Kommune").await;
    let (c, csrf) = a.admin_client().await;
    let base = format!("/admin/orgs/{org}/channels");
    let res = send_upload(&c, &a, org, &csrf, "eksport.csv", &danish_export()).await;
    let mapping_url = res.url().path().to_string();
    let token = mapping_url.rsplit('/').next().unwrap().to_string();
    // An import whose process stopped before it ended: its row says running.
    let options = trappe_store::ImportOptions {
        token: Some("stopped-import".into()),
        ..Default::default()
    };
    a.store
        .begin_contact_import(org, "stopped.csv", &options)
        .await
        .unwrap();
    let now = crate::helpers::unix_now();

    // An hour on, both are as they were.
    a.store.purge(now + 3600, false, None).await.unwrap();
    assert!(a.store.upload(&token, org).await.unwrap().is_some());
    let stopped = a.store.import_state("stopped-import", org).await.unwrap();
    assert_eq!(stopped.unwrap().status, "running");
    let html = get_text(&c, a.url(&format!("{base}/imports/stopped-import"))).await;
    assert!(html.contains("id=\"import-progress\""));

    // Seven hours on: the upload is gone, the import marked failed with its reason.
    a.store.purge(now + 7 * 3600, false, None).await.unwrap();
    let res = c.get(a.url(&mapping_url)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let html = get_text(&c, a.url(&format!("{base}/imports/stopped-import"))).await;
    assert!(html.contains("id=\"import-failed\""), "{html}");
    assert!(
        html.contains("fordi programmet, der kørte den, stoppede"),
        "{html}"
    );
    // The import list (and the organisation's export) says it in a sentence.
    let listed = a.store.contact_imports(org).await.unwrap();
    assert_eq!(
        listed[0].message.as_deref(),
        Some(
            "the import broke off: the process running it stopped; nothing of the file was stored"
        )
    );
    let log = a.store.audit_log(100).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "purge" && e.subject.as_deref() == Some("contact uploads")));
}
