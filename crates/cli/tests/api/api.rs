//! The JSON API: bearer tokens only, scoped, revocable; results as the CLI prints them.

use crate::helpers::{get_text, spawn_app, uniform};
use serde_json::Value;
use std::collections::BTreeSet;
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
    // Made by utoipa from the handlers (OpenAPI 3.1: nullable is `type: [.., "null"]`).
    assert_eq!(spec["openapi"], "3.1.0");
    assert!(spec["paths"]["/rounds/{id}/results"]["get"].is_object());
}

/// The OpenAPI document, as served.
async fn openapi_document(app: &crate::helpers::TestApp) -> Value {
    let res = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_openapi_document_has_every_api_route_and_no_other() {
    let app = spawn_app().await;
    let spec = openapi_document(&app).await;
    let base = spec["servers"][0]["url"].as_str().unwrap();
    assert_eq!(base, "/api/v1");
    // The router's patterns are `{id}` style already, as OpenAPI's are.
    let served: BTreeSet<(String, String)> = trappe_web::route_list()
        .into_iter()
        .filter(|(_, p)| p.starts_with("/api/") && *p != "/api/v1/openapi.json")
        .map(|(m, p)| {
            let rest = p.strip_prefix(base).unwrap_or_else(|| {
                panic!("{p}: an API route outside the document's server {base}")
            });
            (m.to_string(), rest.to_string())
        })
        .collect();
    assert!(
        served.len() >= 2,
        "the API's routes were not found: {served:?}"
    );
    let documented: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| {
                    [
                        "get", "put", "post", "delete", "options", "head", "patch", "trace",
                    ]
                    .contains(&k.as_str())
                })
                .map(|m| (m.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let missing: Vec<_> = served.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "API routes missing from the OpenAPI document: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "OpenAPI paths the app does not serve: {stale:?}"
    );

    // Every call needs the bearer scheme the document defines.
    assert_eq!(spec["security"], serde_json::json!([{ "bearer": [] }]));
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

/// What `value` breaks of `schema` (a JSON Schema subset: the keywords utoipa writes),
/// each as "where: what". Unknown object keys count: a field the code added and the
/// document lacks is drift.
fn schema_errors(spec: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        let target = &spec["components"]["schemas"][name];
        assert!(target.is_object(), "{at}: dangling {r}");
        return schema_errors(spec, target, value, at, errors);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema[key].as_array() {
            let fits = options.iter().any(|o| {
                let mut e = Vec::new();
                schema_errors(spec, o, value, at, &mut e);
                e.is_empty()
            });
            if !fits {
                errors.push(format!("{at}: fits none of {key} {options:?}"));
            }
            return;
        }
    }
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    // An integer is a number too; no `type` at all allows anything.
    let fits = types.is_empty()
        || types.contains(&kind)
        || (kind == "integer" && types.contains(&"number"));
    if !fits {
        errors.push(format!("{at}: a {kind}, the document says {types:?}"));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !value.is_null() && !allowed.contains(value) {
            errors.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(n), Some(min)) = (value.as_f64(), schema["minimum"].as_f64()) {
        if n < min {
            errors.push(format!("{at}: {n} below the minimum {min}"));
        }
    }
    if let (Some(n), Some(max)) = (value.as_f64(), schema["maximum"].as_f64()) {
        if n > max {
            errors.push(format!("{at}: {n} above the maximum {max}"));
        }
    }
    if let Some(items) = value.as_array() {
        let len = items.len() as u64;
        if schema["minItems"].as_u64().is_some_and(|m| len < m)
            || schema["maxItems"].as_u64().is_some_and(|m| len > m)
        {
            errors.push(format!("{at}: {len} items, outside minItems/maxItems"));
        }
        for (i, item) in items.iter().enumerate() {
            schema_errors(spec, &schema["items"], item, &format!("{at}[{i}]"), errors);
        }
    }
    if let Some(fields) = value.as_object() {
        let props = &schema["properties"];
        for required in schema["required"].as_array().into_iter().flatten() {
            let r = required.as_str().unwrap();
            if !fields.contains_key(r) {
                errors.push(format!("{at}: the required '{r}' is missing"));
            }
        }
        for (k, v) in fields {
            let sub = if props[k].is_object() {
                &props[k]
            } else if schema["additionalProperties"].is_object() {
                &schema["additionalProperties"]
            } else {
                errors.push(format!("{at}: '{k}' is not in the document"));
                continue;
            };
            schema_errors(spec, sub, v, &format!("{at}.{k}"), errors);
        }
    }
}

/// The schema the document gives for `path`'s GET answer with `status`.
fn response_schema<'a>(spec: &'a Value, path: &str, status: &str) -> &'a Value {
    let s =
        &spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"];
    assert!(s.is_object(), "no JSON schema for GET {path} {status}");
    s
}

#[tokio::test]
async fn the_openapi_schemas_describe_what_the_api_answers() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let mut rows = Vec::new();
    // Six organisations: above min_orgs 5, so the benchmarks carry figures.
    for (i, name) in ["A", "B", "C", "D", "E", "F"].iter().enumerate() {
        let org = app.add_org(name).await;
        rows.push(ImportedResponse {
            org_id: org,
            role: None,
            answers: uniform(&model, (i % 5 + 1) as u8),
            barriers: vec![],
        });
    }
    let round = app.open_round(1).await;
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    let withheld_round = app.open_round(1).await;
    app.store
        .import_responses(withheld_round, &rows[..2], "import")
        .await
        .unwrap();
    let (_, token) = app.store.create_api_token("BI", None, None).await.unwrap();
    let spec = openapi_document(&app).await;
    let http = reqwest::Client::new();
    let answer = |path: String, token: Option<&str>| {
        let mut r = http.get(app.url(&format!("/api/v1{path}")));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        async move {
            let res = r.send().await.unwrap();
            (
                res.status().as_u16().to_string(),
                res.json::<Value>().await.unwrap(),
            )
        }
    };

    let mut errors = Vec::new();
    let mut check = |path: &str, status: &str, value: &Value| {
        let schema = response_schema(&spec, path, status);
        schema_errors(
            &spec,
            schema,
            value,
            &format!("{path} {status}"),
            &mut errors,
        );
    };
    let (status, rounds) = answer("/rounds".into(), Some(&token)).await;
    assert_eq!(
        (status.as_str(), rounds.as_array().unwrap().len()),
        ("200", 2)
    );
    check("/rounds", "200", &rounds);
    for r in [round, withheld_round] {
        let (status, results) = answer(format!("/rounds/{r}/results"), Some(&token)).await;
        assert_eq!(status, "200");
        check("/rounds/{id}/results", "200", &results);
    }
    let (status, refusal) = answer("/rounds".into(), None).await;
    assert_eq!(status, "401");
    check("/rounds", "401", &refusal);
    let (status, refusal) = answer(format!("/rounds/{round}/results"), Some("nonsense")).await;
    assert_eq!(status, "401");
    check("/rounds/{id}/results", "401", &refusal);
    assert!(
        errors.is_empty(),
        "the API answers what its document does not say:\n{}",
        errors.join("\n")
    );

    // The checker is not blind: a field the document lacks, or a wrong type, is caught.
    let (_, mut results) = answer(format!("/rounds/{round}/results"), Some(&token)).await;
    results["organisations"][0]["overall"]["extra"] = 1.into();
    results["round"]["status"] = "paused".into();
    results["benchmarks"][0]["n"] = "six".into();
    let mut caught = Vec::new();
    let schema = response_schema(&spec, "/rounds/{id}/results", "200");
    schema_errors(&spec, schema, &results, "", &mut caught);
    assert_eq!(caught.len(), 3, "{caught:?}");
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

/// The API gives an organisation's `target` and `progress` as `trappe results` does: the
/// target answers' score, and the share of the way from the earlier round's score done.
#[tokio::test]
async fn the_api_gives_targets_and_progress_like_the_cli() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Vejle Kommune").await;
    let response = |org: i64, level: u8| ImportedResponse {
        org_id: org,
        role: None,
        answers: uniform(&model, level),
        barriers: vec![],
    };
    // Earlier round: A on step 2. This round: A on step 3, its target step 5.
    let earlier = app.open_round(1).await;
    app.store
        .import_responses(earlier, &[response(a, 2), response(b, 4)], "import")
        .await
        .unwrap();
    let round = app.open_round(1).await;
    app.store
        .import_responses(round, &[response(a, 3), response(b, 4)], "import")
        .await
        .unwrap();
    app.store
        .set_target(round, a, &uniform(&model, 5))
        .await
        .unwrap();
    let (_, token) = app.store.create_api_token("BI", None, None).await.unwrap();
    let doc: Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/rounds/{round}/results")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let org = |id: i64| {
        doc["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
            .clone()
    };
    let oa = org(a);
    assert_eq!(oa["overall"]["target"], 5.0, "{oa}");
    let p = oa["overall"]["progress"].as_f64().unwrap();
    assert!((p - 1.0 / 3.0).abs() < 1e-12, "(3 - 2) / (5 - 2): {p}");
    assert_eq!(oa["dimensions"][0]["target"], 5.0);
    // No target: neither field.
    let ob = org(b);
    assert!(ob["overall"].get("target").is_none(), "{ob}");
    assert!(ob["overall"].get("progress").is_none(), "{ob}");
    // The same figures as the command line.
    let cli: Value = serde_json::from_str(&crate::helpers::trappe_ok(
        &app.db,
        &["results", "--round", &round.to_string(), "--format", "json"],
    ))
    .unwrap();
    let cli_a = cli["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == a)
        .unwrap()
        .clone();
    assert_eq!(cli_a["overall"], oa["overall"]);
}
