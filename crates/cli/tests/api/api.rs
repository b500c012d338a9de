//! The JSON API: bearer tokens only, scoped, revocable; results as the CLI prints them.

use crate::helpers::{get_text, spawn_app, uniform};
use serde_json::Value;
use trappe_core::Model;
use trappe_store::ImportedResponse;

#[tokio::test]
async fn the_api_takes_bearer_tokens_only_and_scopes_them() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Vejle Kommune").await;
    let round = app.open_round(1).await;
    let other_round = app.open_round(1).await;
    let rows: Vec<ImportedResponse> = [(a, 3u8), (b, 4)]
        .iter()
        .map(|(o, l)| ImportedResponse {
            org_id: *o,
            role: None,
            answers: uniform(&model, *l),
            barriers: vec![],
        })
        .collect();
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    let (_, all) = app.store.create_api_token("BI", None, None).await.unwrap();
    let (_, only_a) = app
        .store
        .create_api_token("Aarhus BI", Some(a), None)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let get = |path: String, token: Option<String>| {
        let mut r = http.get(app.url(&path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send()
    };

    // No token, a wrong one, or a browser session: 401 with a JSON reason.
    let res = get(format!("/api/v1/rounds/{round}/results"), None)
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer realm=\"trappe\"");
    assert!(res.json::<Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .contains("bearer"));
    assert_eq!(
        get("/api/v1/rounds".into(), Some("nonsense".into()))
            .await
            .unwrap()
            .status(),
        401
    );
    let (browser, _) = app.admin_client().await;
    assert_eq!(
        browser
            .get(app.url("/api/v1/rounds"))
            .send()
            .await
            .unwrap()
            .status(),
        401,
        "cookies are not taken"
    );

    // The installation-wide token sees every round and organisation.
    let rounds: Value = get("/api/v1/rounds".into(), Some(all.clone()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rounds.as_array().unwrap().len(), 2);
    let doc: Value = get(format!("/api/v1/rounds/{round}/results"), Some(all.clone()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["organisations"].as_array().unwrap().len(), 2);
    assert_eq!(doc["model"]["id"], model.id);

    // Aarhus's token: its round only, its own results only, the benchmarks as everyone sees them.
    let rounds: Value = get("/api/v1/rounds".into(), Some(only_a.clone()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        rounds
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![round]
    );
    let doc: Value = get(
        format!("/api/v1/rounds/{round}/results"),
        Some(only_a.clone()),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let orgs = doc["organisations"].as_array().unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["name"], "Aarhus Kommune");
    assert_eq!(orgs[0]["overall"]["score"], 3.0);
    assert!(!doc.to_string().contains("Vejle"), "a peer's name leaked");
    assert_eq!(
        doc["benchmarks"][0]["withheld"], true,
        "2 organisations are below min_orgs 5"
    );
    let res = get(
        format!("/api/v1/rounds/{other_round}/results"),
        Some(only_a.clone()),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 404, "a round Aarhus takes no part in");

    // Revoked: refused at once; the audit log names the token.
    let id = app
        .store
        .api_tokens()
        .await
        .unwrap()
        .iter()
        .find(|t| t.name == "Aarhus BI")
        .unwrap()
        .id;
    app.store.revoke_api_token(id).await.unwrap();
    assert_eq!(
        get("/api/v1/rounds".into(), Some(only_a))
            .await
            .unwrap()
            .status(),
        401
    );
    let log = app.store.audit_log(50).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.actor.as_deref() == Some("api:Aarhus BI") && e.action == "results_viewed"));

    // The OpenAPI document is public and describes both calls.
    let spec: Value = http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec["openapi"], "3.0.3");
    assert!(spec["paths"]["/rounds/{id}/results"]["get"].is_object());
}

#[tokio::test]
async fn organisers_make_and_revoke_tokens_in_the_browser() {
    let app = spawn_app().await;
    let (c, csrf) = app.admin_client().await;
    let res = c
        .post(app.url("/admin/tokens"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Power BI"),
            ("scope", "all"),
        ])
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    let marker = "id=\"new-token\" readonly value=\"";
    let at = html.find(marker).expect("the token is shown once") + marker.len();
    let token = &html[at..at + 64];
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
    let ok = reqwest::Client::new()
        .get(app.url("/api/v1/rounds"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    // Shown once: the list afterwards does not hold it.
    let list = get_text(&c, app.url("/admin/tokens")).await;
    assert!(list.contains("Power BI") && !list.contains(token));
    let id = app.store.api_tokens().await.unwrap()[0].id;
    c.post(app.url(&format!("/admin/tokens/{id}/revoke")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let gone = reqwest::Client::new()
        .get(app.url("/api/v1/rounds"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 401);
}
