//! Organisation anonymity (issue 13, items 5 and 6): the report's anonymous peer dots
//! follow score, not name; and an organisation's API token cannot subtract peer groups
//! from each other to learn a withheld group's mean, a lone kind's score, or anyone's
//! score through a minimum or maximum.

use crate::helpers::{spawn_app, uniform, TestApp};
use serde_json::Value;
use trappe_core::{Model, NewOrg};
use trappe_store::{ImportedResponse, RoundStatus};

async fn org(app: &TestApp, name: &str, kind: &str, tags: &[&str]) -> i64 {
    let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    app.store
        .add_org(&NewOrg::parse(name, kind, None, &tags).unwrap())
        .await
        .unwrap()
}

/// A closed round (min_responses 1, min_orgs 5) with one response per organisation on
/// the given level everywhere.
async fn closed_round(app: &TestApp, orgs: &[(i64, u8)]) -> i64 {
    let m = Model::builtin();
    let round = app
        .store
        .create_round("Anonymitet", &m.id, &m.version, 1, 5)
        .await
        .unwrap();
    let rows: Vec<ImportedResponse> = orgs
        .iter()
        .map(|&(org_id, level)| ImportedResponse {
            org_id,
            role: None,
            answers: uniform(&m, level),
            barriers: vec![],
        })
        .collect();
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    // Closed: organisations see results then whatever the round's other settings.
    app.store
        .set_round_status(round, RoundStatus::Closed)
        .await
        .unwrap();
    round
}

/// The attack: twelve organisations, eight of them tagged "under 50.000", eleven
/// kommuner and one state agency. With an organisation's API token the old benchmarks
/// gave 12·mean(all) − 8·mean(tag) = the other four's mean, 12·mean(all) −
/// 11·mean(kommune) = the agency's exact score, and min/max = single scores.
#[tokio::test]
async fn an_organisation_token_cannot_subtract_peer_groups() {
    let app = spawn_app().await;
    let levels = [1u8, 2, 3, 4, 5, 2, 3, 4, 5, 1, 3, 4];
    let mut orgs = Vec::new();
    for (i, level) in levels.iter().enumerate() {
        let id = match i {
            0..=7 => {
                org(
                    &app,
                    &format!("Lille {i} Kommune"),
                    "kommune",
                    &["under 50.000"],
                )
                .await
            }
            8..=10 => org(&app, &format!("Stor {i} Kommune"), "kommune", &[]).await,
            _ => org(&app, "Styrelsen", "stat", &[]).await,
        };
        orgs.push((id, *level));
    }
    let round = closed_round(&app, &orgs).await;
    let (_, token) = app
        .store
        .create_api_token("Lille 0 BI", Some(orgs[0].0), None)
        .await
        .unwrap();
    let res = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/rounds/{round}/results")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    let group = |kind: &str, value: Value| -> Value {
        doc["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"]["kind"] == kind && g["group"]["value"] == value)
            .unwrap_or_else(|| panic!("no group {kind} {value}"))
            .clone()
    };
    let all = group("all", Value::Null);
    assert_eq!(
        (all["n"].clone(), all["withheld"].clone()),
        (12.into(), false.into())
    );
    let mean_all = all["overall"]["mean"].as_f64().unwrap();
    assert!((mean_all - 37.0 / 12.0).abs() < 1e-12);

    // The tag group of 8 would leave 4 outside it: withheld, overall and per dimension.
    let tag = group("tag", "under 50.000".into());
    assert_eq!(tag["n"], 8, "its size still says why");
    assert_eq!(
        tag["withheld"], true,
        "12·mean(all) − 8·mean(tag) is four's mean"
    );
    assert_eq!(tag["overall"], Value::Null);
    assert!(tag["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["withheld"] == true && d.get("mean").is_none()));
    // The kommuner (11) leave the lone agency: withheld, as is the agency's own kind.
    let kommune = group("kind", "kommune".into());
    assert_eq!(
        kommune["withheld"], true,
        "12·all − 11·kommune is one score"
    );
    assert_eq!(kommune["overall"], Value::Null);
    assert_eq!(group("kind", "stat".into())["withheld"], true);

    // No pair of shown groups differs by 1 to 4 organisations, overall or per dimension,
    // and no shown figure is a minimum or maximum.
    let shown: Vec<&Value> = doc["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["withheld"] == false)
        .collect();
    for g in &shown {
        let d = all["n"].as_i64().unwrap() - g["n"].as_i64().unwrap();
        assert!(d == 0 || d >= 5, "{} leaves {d}", g["group"]);
        assert_eq!(g["overall"]["min"], Value::Null);
        assert_eq!(g["overall"]["max"], Value::Null);
        for dim in g["dimensions"].as_array().unwrap() {
            assert_eq!(dim["min"], Value::Null);
            assert_eq!(dim["max"], Value::Null);
        }
    }
    // Best in class over 12 with min_orgs 5: the top 5 with 7 below: shown (5+5+4+4+4)/5.
    assert_eq!(all["overall"]["best_in_class"], 4.4);
    // The token's own organisation: its ranks only where figures are shown (all).
    let own = &doc["organisations"][0];
    assert_eq!(own["id"], orgs[0].0);
    let groups: Vec<Value> = own["percentiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["group"].clone())
        .collect();
    assert_eq!(
        groups,
        vec![serde_json::json!({"kind": "all", "value": null})]
    );

    // The organiser's cohort page says why each group is withheld.
    let (client, _) = app.admin_client().await;
    let page = crate::helpers::get_text(&client, app.url(&format!("/admin/rounds/{round}"))).await;
    let groups = &page[page
        .find("<caption>Samlet score pr. sammenligningsgruppe")
        .unwrap()..];
    assert_eq!(
        groups
            .matches("Vises ikke (ellers kunne en mindre gruppe regnes ud)")
            .count(),
        2,
        "kommune and the tag"
    );
    assert!(
        groups.contains("Vises ikke (under 5 organisationer)"),
        "stat"
    );
}

/// The report's anonymous peer dots: in the old code they came in name order, so their
/// order beside their x-position named each peer. Names here run against the scores.
#[tokio::test]
async fn the_report_draws_peer_dots_in_score_order_not_name_order() {
    let app = spawn_app().await;
    // A has the highest score, F the lowest: name order is the reverse of score order.
    let mut orgs = Vec::new();
    for (name, level) in [("A", 5u8), ("B", 4), ("C", 4), ("D", 3), ("E", 2), ("F", 1)] {
        orgs.push((
            org(&app, &format!("{name} Kommune"), "kommune", &[]).await,
            level,
        ));
    }
    let round = closed_round(&app, &orgs).await;
    let (client, _) = app.admin_client().await;
    let page = crate::helpers::get_text(
        &client,
        app.url(&format!("/admin/rounds/{round}/orgs/{}/report", orgs[3].0)),
    )
    .await;
    let cx: Vec<f64> = page
        .split("<circle class=\"dot\" cx=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(cx.len(), 5, "five peers");
    assert!(
        cx.windows(2).all(|w| w[0] <= w[1]),
        "peers drawn left to right by score, not by name: {cx:?}"
    );
    assert!(cx[0] < cx[4], "{cx:?}");
    // The step table beside the chart counts per step, in step order.
    assert!(page.contains("<caption>Modenhedstrappen som tabel</caption>"));
    // Six organisations, min_orgs 5: best in class (from 10) is withheld, and the report
    // says so rather than "level with the best".
    assert!(page.contains("Bedst i klassen vises fra 10 organisationer med resultater"));
    assert!(!page.contains("på højde med de bedste"));
    assert!(!page.contains("class=\"rp-best\""));
}
