//! Targets on the web (issue 18): an organisation's contact (or an organiser) answers the
//! questionnaire as the organisation wants to be; its viewers read it; nobody else sees
//! it. A target shows in the results JSON and the organisation's export and never moves
//! a response count or a benchmark.

use crate::helpers::{get_text, post_form, spawn_app, trappe_ok, uniform, TestApp};
use serde_json::Value;
use trappe_core::{Answer, Model};
use trappe_store::ImportedResponse;

struct World {
    app: TestApp,
    round: i64,
    a: i64,
    b: i64,
}

/// Two organisations with two responses each in an open round that shows them.
async fn world() -> World {
    let app = spawn_app().await;
    // The first account is the organiser; contacts and viewers come after.
    app.create_admin().await;
    let model = Model::builtin();
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Vejle Kommune").await;
    let rows: Vec<ImportedResponse> = [(a, 2), (a, 3), (b, 4), (b, 4)]
        .into_iter()
        .map(|(org_id, level)| ImportedResponse {
            org_id,
            role: None,
            answers: uniform(&model, level),
            barriers: vec![],
        })
        .collect();
    let round = app.round_with("Måling 2026", 1, &rows).await;
    World { app, round, a, b }
}

impl World {
    fn target_path(&self, org: i64) -> String {
        self.app
            .url(&format!("/admin/rounds/{}/orgs/{org}/target", self.round))
    }

    fn results(&self) -> Value {
        serde_json::from_str(&trappe_ok(
            &self.app.db,
            &[
                "results",
                "--round",
                &self.round.to_string(),
                "--format",
                "json",
            ],
        ))
        .unwrap()
    }

    async fn target_of(&self, org: i64) -> Option<trappe_core::Answers> {
        self.app
            .store
            .targets(self.round)
            .await
            .unwrap()
            .remove(&org)
    }
}

/// A target form: every question of `model` answered `value`, with the CSRF token.
fn form(model: &Model, csrf: &str, value: &str) -> Vec<(String, String)> {
    let mut f = vec![("csrf".to_string(), csrf.to_string())];
    for q in model.dimensions.iter().flat_map(|d| &d.questions) {
        f.push((format!("q.{}", q.id), value.to_string()));
    }
    f
}

fn org_doc(doc: &Value, id: i64) -> Value {
    doc["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .cloned()
        .unwrap_or(Value::Null)
}

/// An organisation's results without its target and progress figures.
fn without_target(mut o: Value) -> Value {
    let strip = |v: &mut Value| {
        if let Some(m) = v.as_object_mut() {
            m.remove("target");
            m.remove("progress");
        }
    };
    strip(&mut o["overall"]);
    for key in ["dimensions", "groups"] {
        if let Some(list) = o.get_mut(key).and_then(Value::as_array_mut) {
            list.iter_mut().for_each(strip);
        }
    }
    o
}

#[tokio::test]
async fn a_contact_sets_a_target_on_the_web_and_the_results_show_it_apart() {
    let w = world().await;
    let model = Model::builtin();
    let before = w.results();
    let (c, csrf) = w.app.client_as("contact", "kontakt", w.a).await;
    // The results page leads there.
    let results = get_text(
        &c,
        w.app
            .url(&format!("/admin/rounds/{}/orgs/{}", w.round, w.a)),
    )
    .await;
    assert!(
        results.contains(&format!(
            "href=\"/admin/rounds/{}/orgs/{}/target\"",
            w.round, w.a
        )),
        "{results}"
    );
    let page = get_text(&c, w.target_path(w.a)).await;
    let q0 = &model.dimensions[0].questions[0];
    assert!(page.contains("id=\"target-form\""), "{page}");
    assert!(page.contains(&format!("id=\"q.{}-5\"", q0.id)));
    assert!(page.contains(&format!("id=\"q.{}-na\"", q0.id)));
    // No target yet: "no target" is chosen.
    assert!(
        page.contains(&format!(
            "id=\"q.{}-none\" name=\"q.{}\" value=\"\" checked",
            q0.id, q0.id
        )),
        "{page}"
    );
    // Every question on step 5 but the first, which has no target.
    let mut f = form(&model, &csrf, "5");
    f[1].1 = String::new();
    let res = post_form(&c, w.target_path(w.a), &f).await;
    assert_eq!(res.status(), 200);
    assert!(res.url().as_str().contains("saved=1"), "{}", res.url());
    let page = res.text().await.unwrap();
    assert!(page.contains("Målet er gemt."), "{page}");
    assert!(page.contains("id=\"target-table\""), "{page}");
    let q1 = &model.dimensions[0].questions[1];
    assert!(
        page.contains(&format!(
            "id=\"q.{}-5\" name=\"q.{}\" value=\"5\" checked",
            q1.id, q1.id
        )),
        "the saved target is chosen on the page"
    );
    let stored = w.target_of(w.a).await.unwrap();
    assert_eq!(stored.get(&q0.id), None, "no target for the first question");
    assert_eq!(stored.get(&q1.id), Some(&Answer::Level(5)));
    let questions: usize = model.dimensions.iter().map(|d| d.questions.len()).sum();
    assert_eq!(stored.len(), questions - 1);
    let log = w.app.store.audit_log(20).await.unwrap();
    assert!(
        log.iter().any(|e| e.action == "target_set"
            && e.actor.as_deref() == Some("kontakt")
            && e.subject.as_deref() == Some(&format!("round {} org {}", w.round, w.a))),
        "{log:?}"
    );

    // The results JSON has the same target; B has none.
    let after = w.results();
    let oa = org_doc(&after, w.a);
    assert_eq!(oa["overall"]["target"], 5.0, "{oa}");
    assert_eq!(oa["dimensions"][1]["target"], 5.0, "{oa}");
    assert!(org_doc(&after, w.b)["overall"].get("target").is_none());
    // Never a response: counts, scores and benchmarks are as before.
    assert_eq!(after["benchmarks"], before["benchmarks"]);
    assert_eq!(oa["responses"], 2);
    assert_eq!(without_target(oa), org_doc(&before, w.a));
    assert_eq!(org_doc(&after, w.b), org_doc(&before, w.b));
}

#[tokio::test]
async fn a_viewer_reads_the_target_and_other_organisations_neither_see_nor_set_it() {
    let w = world().await;
    let model = Model::builtin();
    let target = uniform(&model, 4);
    w.app.store.set_target(w.round, w.a, &target).await.unwrap();
    let q0 = &model.dimensions[0].questions[0];
    let option4 = q0.options.iter().find(|o| o.level == 4).unwrap();

    let (viewer, vcsrf) = w.app.client_as("viewer", "laeser", w.a).await;
    let res = viewer.get(w.target_path(w.a)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(!page.contains("id=\"target-form\""), "no form for a viewer");
    assert!(page.contains("id=\"target-table\""));
    let first_words: String = option4
        .text
        .get("da")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(page.contains(&first_words), "the target's answer as text");
    let res = post_form(&viewer, w.target_path(w.a), &form(&model, &vcsrf, "1")).await;
    assert_eq!(res.status(), 403);

    let (other, ocsrf) = w.app.client_as("contact", "vejle", w.b).await;
    let res = other.get(w.target_path(w.a)).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let res = post_form(&other, w.target_path(w.a), &form(&model, &ocsrf, "1")).await;
    assert_eq!(res.status(), 403);
    // Its own page says it has none, and nothing of A's.
    let own = get_text(&other, w.target_path(w.b)).await;
    assert!(own.contains("Der er ikke sat noget mål"), "{own}");
    assert!(!own.contains("Aarhus"), "{own}");

    assert_eq!(w.target_of(w.a).await, Some(target));
    assert_eq!(w.target_of(w.b).await, None);

    // An organiser sets it, as the contact would.
    let (admin, acsrf) = w.app.sign_in("admin").await;
    let res = post_form(&admin, w.target_path(w.a), &form(&model, &acsrf, "3")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(w.target_of(w.a).await, Some(uniform(&model, 3)));
}

#[tokio::test]
async fn a_value_the_question_does_not_offer_is_refused_and_nothing_is_saved() {
    let w = world().await;
    let model = Model::builtin();
    let target = uniform(&model, 3);
    w.app.store.set_target(w.round, w.a, &target).await.unwrap();
    let (c, csrf) = w.app.client_as("contact", "kontakt", w.a).await;
    for bad in ["9", "0", "dk", "x", "5.0"] {
        // Every question a good answer, the last one not.
        let mut f = form(&model, &csrf, "5");
        f.last_mut().unwrap().1 = bad.to_string();
        let res = post_form(&c, w.target_path(w.a), &f).await;
        assert_eq!(res.status(), 422, "{bad}");
        let page = res.text().await.unwrap();
        assert!(page.contains("Intet er gemt"), "{bad}: {page}");
        assert!(page.contains(&format!("»{bad}«")), "{bad}: {page}");
    }
    let mut f = form(&model, &csrf, "5");
    f.push(("q.no_such_question".into(), "3".into()));
    let res = post_form(&c, w.target_path(w.a), &f).await;
    assert_eq!(res.status(), 422);
    assert_eq!(w.target_of(w.a).await, Some(target), "nothing saved");
    assert!(!w
        .app
        .store
        .audit_log(50)
        .await
        .unwrap()
        .iter()
        .any(|e| e.action == "target_set"));
}

#[tokio::test]
async fn the_organisations_export_holds_its_target() {
    let w = world().await;
    let model = Model::builtin();
    let (c, csrf) = w.app.client_as("contact", "kontakt", w.a).await;
    let res = post_form(&c, w.target_path(w.a), &form(&model, &csrf, "4")).await;
    assert_eq!(res.status(), 200);
    let export = |org: i64| -> Value {
        let out = w.app._dir.path().join(format!("org{org}.json"));
        trappe_ok(
            &w.app.db,
            &[
                "org",
                "export",
                "--org",
                &org.to_string(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
    };
    let doc = export(w.a);
    let targets = doc["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 1, "{doc}");
    let t = &targets[0];
    assert_eq!(t["round_id"], w.round);
    let q0 = &model.dimensions[0].questions[0];
    assert_eq!(t["answers"][&q0.id], "4");
    let questions: usize = model.dimensions.iter().map(|d| d.questions.len()).sum();
    assert_eq!(t["answers"].as_object().unwrap().len(), questions);
    assert!(t["set_at"].as_i64().unwrap() > 0);
    assert_eq!(export(w.b)["targets"], serde_json::json!([]));
}

/// A SAMM round's target page offers SAMM's answers on its own scale, 0 to 3, and a
/// target of the highest everywhere scores the top of that scale.
#[tokio::test]
async fn a_samm_rounds_target_page_offers_the_answers_zero_to_three() {
    let Some(m) = crate::samm::samm_model() else {
        return;
    };
    let app = spawn_app().await;
    app.store
        .import_model(&m, &m.to_toml().unwrap())
        .await
        .unwrap();
    app.create_admin().await;
    let org = app.add_org("Styrelsen A").await;
    let round = app
        .store
        .create_round("SAMM", &m.id, &m.version, 1, 5)
        .await
        .unwrap();
    app.store
        .set_round_status(round, trappe_store::RoundStatus::Open)
        .await
        .unwrap();
    // Links make the organisation one of the round's.
    app.link(round, org).await;
    let path = app.url(&format!("/admin/rounds/{round}/orgs/{org}/target"));
    let (c, csrf) = app.client_as("contact", "kontakt", org).await;
    let page = get_text(&c, &path).await;
    let q = &m.dimensions[0].questions[0];
    for level in 0..=3 {
        assert!(
            page.contains(&format!("id=\"q.{}-{level}\"", q.id)),
            "{level}"
        );
    }
    assert!(!page.contains(&format!("id=\"q.{}-4\"", q.id)));
    assert!(page.contains("OWASP SAMM"), "the credit");
    let res = post_form(&c, &path, &form(&m, &csrf, "4")).await;
    assert_eq!(res.status(), 422);
    let res = post_form(&c, &path, &form(&m, &csrf, "3")).await;
    assert_eq!(res.status(), 200);
    let doc: Value = serde_json::from_str(&trappe_ok(
        &app.db,
        &["results", "--round", &round.to_string(), "--format", "json"],
    ))
    .unwrap();
    assert_eq!(org_doc(&doc, org)["overall"]["target"], 3.0, "{doc}");
}
