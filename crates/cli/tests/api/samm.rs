//! OWASP SAMM as a Trappe model, from the real published data: `trappe model
//! import-samm`, a round on it with SAMM's answer values, and the README's worked
//! figures in the results JSON. The data is read from `../shared/samm` beside the
//! repository (or `TRAPPE_SAMM`); it is CC BY-SA and never copied into the repository.

use crate::cli::Cli;
use serde_json::Value;
use std::path::PathBuf;

/// The SAMM `model/` folder, or None (with a printed line) when it is not there.
pub(crate) fn samm_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TRAPPE_SAMM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samm"))
        .join("model");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "SKIPPED: no OWASP SAMM data at {} (set TRAPPE_SAMM to the folder holding model/)",
            dir.display()
        );
        None
    }
}

/// The SAMM model read from [`samm_dir`], or None (with a printed line) without it.
pub(crate) fn samm_model() -> Option<trappe_core::Model> {
    let dir = samm_dir()?;
    let mut files = Vec::new();
    for sub in std::fs::read_dir(&dir).unwrap() {
        let sub = sub.unwrap().path();
        for f in std::fs::read_dir(&sub).unwrap() {
            let f = f.unwrap().path();
            files.push((
                f.strip_prefix(&dir).unwrap().display().to_string(),
                std::fs::read_to_string(&f).unwrap(),
            ));
        }
    }
    Some(trappe_core::samm::samm_model(&files, "2.2.0").unwrap())
}

fn import(cli: &Cli, dir: &std::path::Path) -> String {
    let out = cli.ok(&[
        "model",
        "import-samm",
        dir.to_str().unwrap(),
        "--version",
        "2.2.0",
    ]);
    assert_eq!(out.lines().last(), Some("samm@2.2.0"), "{out}");
    out
}

#[test]
fn the_real_samm_folder_imports_as_a_grouped_model_with_ids_from_the_fields() {
    let Some(dir) = samm_dir() else { return };
    let cli = Cli::new();
    let out = import(&cli, &dir);
    assert!(out.contains("CC BY-SA 4.0"), "{out}");
    // Again: already stored, unchanged, and still the key last.
    let again = import(&cli, &dir);
    assert!(again.contains("already stored"), "{again}");

    let m: Value =
        serde_json::from_str(&cli.ok(&["model", "show", "samm@2.2.0", "--format", "json"]))
            .unwrap();
    let groups: Vec<&str> = m["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["G", "D", "I", "V", "O"]);
    let dims = m["dimensions"].as_array().unwrap();
    assert_eq!(dims.len(), 15);
    let ids: Vec<&str> = dims.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(&ids[..3], ["G-SM", "G-PC", "G-EG"]);
    assert!(ids.contains(&"D-SA") && ids.contains(&"O-OM"));
    let questions: Vec<&Value> = dims
        .iter()
        .flat_map(|d| d["questions"].as_array().unwrap())
        .collect();
    assert_eq!(questions.len(), 90);
    let mut qids: Vec<&str> = questions
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    qids.sort();
    qids.dedup();
    assert_eq!(qids.len(), 90);
    // D-SA-B-1 lives in questions/D-SA-1-B.yml (file names order level before stream):
    // its text is that file's, read here, never from the repository.
    let file = std::fs::read_to_string(dir.join("questions/D-SA-1-B.yml")).unwrap();
    let text_line = file.lines().find(|l| l.starts_with("text: ")).unwrap();
    let q = questions.iter().find(|q| q["id"] == "D-SA-B-1").unwrap();
    assert_eq!(q["text"]["en"].as_str().unwrap(), &text_line[6..]);
    assert_eq!(q["text"]["da"], q["text"]["en"]);
    assert_eq!(q["stream"], "B");
    assert!(!q["criteria"].as_array().unwrap().is_empty());
    let values: Vec<f64> = q["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [0.0, 0.25, 0.5, 1.0]);
    assert!(m["credit"]["en"].as_str().unwrap().contains("CC BY-SA 4.0"));
}

#[test]
fn a_samm_round_takes_samm_values_and_scores_the_worked_figures() {
    let Some(dir) = samm_dir() else { return };
    let cli = Cli::new();
    import(&cli, &dir);
    let org = |name: &str| cli.ok(&["org", "add", "--name", name, "--kind", "stat"]);
    org("Styrelsen A");
    org("Styrelsen B");
    let round = cli
        .ok(&[
            "round",
            "create",
            "--name",
            "SAMM 2026",
            "--model",
            "samm@2.2.0",
            "--min-responses",
            "1",
            "--results-shown",
            "batches",
        ])
        .trim()
        .to_string();
    cli.ok(&["round", "open", &round]);

    // A value SAMM does not have is refused with its line and column; nothing is stored.
    let bad = cli.write(
        "bad.csv",
        "org,role,I-SB-A-1,D-SA-B-1\nStyrelsen A,lead,0.25,0.5\nStyrelsen B,,0.3,1\n",
    );
    let err = cli.fails(&["responses", "import", "--round", &round, &bad]);
    assert!(
        err.contains("bad.csv: line 3, column 'I-SB-A-1': '0.3' is not an answer: give one of 0, 0.25, 0.5, 1"),
        "{err}"
    );
    let json: Value =
        serde_json::from_str(&cli.ok(&["results", "--round", &round, "--format", "json"])).unwrap();
    assert!(json["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["responses"] == 0));

    // README: I-SB A = [0.25, 0, 0], B = [1, 0, 0] -> 0.625; D-SA-B-1 = 0.5 -> D-SA 0.25,
    // Design 1/12. Styrelsen B: G-EG-A-2 = 1, G-EG-B-2 = 0 -> G-EG 0.5, Governance 1/6.
    let good = cli.write(
        "good.csv",
        "org,role,I-SB-A-1,I-SB-A-2,I-SB-B-1,D-SA-B-1,G-EG-A-2,G-EG-B-2\n\
         Styrelsen A,lead,0.25,0,1,0.5,,\n\
         Styrelsen B,member,,,,,1,0\n",
    );
    assert!(cli
        .ok(&["responses", "import", "--round", &round, &good])
        .contains("imported 2 responses"));
    let json: Value =
        serde_json::from_str(&cli.ok(&["results", "--round", &round, "--format", "json"])).unwrap();
    let orgs = json["organisations"].as_array().unwrap();
    let by_name = |n: &str| orgs.iter().find(|o| o["name"] == n).unwrap();
    let dim = |o: &Value, id: &str| {
        o["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    let group = |o: &Value, id: &str| {
        o["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == id)
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    let a = by_name("Styrelsen A");
    assert_eq!(a["withheld"], false, "{a}");
    assert_eq!(dim(a, "I-SB"), 0.625);
    assert_eq!(dim(a, "D-SA"), 0.25);
    assert!((group(a, "D") - 1.0 / 12.0).abs() < 1e-15);
    assert!((group(a, "I") - 0.625 / 3.0).abs() < 1e-15);
    assert_eq!(a["overall"]["level"], 0);
    let b = by_name("Styrelsen B");
    assert_eq!(dim(b, "G-EG"), 0.5);
    assert!((group(b, "G") - 1.0 / 6.0).abs() < 1e-15);
    assert!((b["overall"]["score"].as_f64().unwrap() - 1.0 / 30.0).abs() < 1e-15);
    let gd = a["groups"].as_array().unwrap();
    assert_eq!(gd.len(), 5);
    // One respondent: every resample is that respondent, so each group's interval is its
    // score, and so is the overall one (1/30 for B).
    let iv = |x: &Value, i: usize| x["interval"][i].as_f64().unwrap();
    assert!(
        (iv(&gd[1], 0) - 1.0 / 12.0).abs() < 1e-15 && (iv(&gd[1], 1) - 1.0 / 12.0).abs() < 1e-15
    );
    assert!(
        (iv(&b["overall"], 0) - 1.0 / 30.0).abs() < 1e-15,
        "{}",
        b["overall"]
    );
    assert_eq!(
        gd[1]["dimensions"],
        serde_json::json!(["D-TA", "D-SR", "D-SA"])
    );
}

fn samm_round(cli: &Cli, name: &str) -> String {
    let round = cli
        .ok(&[
            "round",
            "create",
            "--name",
            name,
            "--model",
            "samm@2.2.0",
            "--min-responses",
            "1",
            "--results-shown",
            "batches",
        ])
        .trim()
        .to_string();
    cli.ok(&["round", "open", &round]);
    round
}

fn results(cli: &Cli, round: &str) -> Value {
    serde_json::from_str(&cli.ok(&["results", "--round", round, "--format", "json"])).unwrap()
}

fn find<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id || x["name"] == id)
        .unwrap()
}

#[test]
fn targets_and_progress_follow_the_worked_figure_and_never_count_as_responses() {
    let Some(dir) = samm_dir() else { return };
    let cli = Cli::new();
    import(&cli, &dir);
    cli.ok(&["org", "add", "--name", "Styrelsen A", "--kind", "stat"]);
    cli.ok(&["org", "add", "--name", "Styrelsen B", "--kind", "stat"]);
    let cols = "org,role,I-SB-A-1,I-SB-A-2,I-SB-A-3,I-SB-B-1,I-SB-B-2,I-SB-B-3";
    let first = samm_round(&cli, "SAMM 2026");
    let f = cli.write(
        "r1.csv",
        &format!("{cols}\nStyrelsen A,lead,0.25,0,0,1,0,0\nStyrelsen B,lead,1,1,1,1,1,1\n"),
    );
    cli.ok(&["responses", "import", "--round", &first, &f]);
    let second = samm_round(&cli, "SAMM 2027");
    let f = cli.write(
        "r2.csv",
        &format!("{cols}\nStyrelsen A,lead,1,0.5,0,1,0,0\nStyrelsen B,lead,1,1,1,1,1,1\n"),
    );
    cli.ok(&["responses", "import", "--round", &second, &f]);
    let before = results(&cli, &second);
    assert!(
        find(&before["organisations"], "Styrelsen A")["dimensions"][0]
            .get("target")
            .is_none()
    );

    // The target: the same CSV shape, one row.
    let t = cli.write(
        "target.csv",
        &format!("{cols}\nStyrelsen A,,1,1,0,1,0.5,0\n"),
    );
    // Another organisation's row, or a second row, is refused.
    let err = cli.fails(&[
        "target",
        "set",
        "--round",
        &second,
        "--org",
        "Styrelsen B",
        &t,
    ]);
    assert!(err.contains("another organisation's"), "{err}");
    let two = cli.write(
        "two.csv",
        &format!("{cols}\nStyrelsen A,,1,1,0,1,0.5,0\nStyrelsen A,,1,1,1,1,1,1\n"),
    );
    assert!(cli
        .fails(&[
            "target",
            "set",
            "--round",
            &second,
            "--org",
            "Styrelsen A",
            &two
        ])
        .contains("a target is one row"));
    cli.ok(&[
        "target",
        "set",
        "--round",
        &second,
        "--org",
        "Styrelsen A",
        &t,
    ]);

    let after = results(&cli, &second);
    let a = find(&after["organisations"], "Styrelsen A");
    let sb = find(&a["dimensions"], "I-SB");
    assert_eq!(sb["score"], 1.25);
    assert_eq!(sb["target"], 1.75);
    let p = sb["progress"].as_f64().unwrap();
    assert!((p - 5.0 / 9.0).abs() < 1e-12, "{p}");
    let i = find(&a["groups"], "I");
    assert!((i["target"].as_f64().unwrap() - 1.75 / 3.0).abs() < 1e-15);
    assert!((i["progress"].as_f64().unwrap() - 5.0 / 9.0).abs() < 1e-12);
    assert!(a["overall"]["target"].is_number());
    // Target equal to the earlier score (0 in D-SA, never answered): progress null.
    let sa = find(&a["dimensions"], "D-SA");
    assert_eq!(sa["target"], 0.0);
    assert!(sa["progress"].is_null() && sa.get("progress").is_some());

    // A target is not a response: counts, scores and benchmarks are as before it.
    let strip = |v: &Value| {
        let mut v = v.clone();
        for o in v["organisations"].as_array_mut().unwrap() {
            for d in o["dimensions"].as_array_mut().unwrap() {
                let d = d.as_object_mut().unwrap();
                d.remove("target");
                d.remove("progress");
            }
            for g in o["groups"].as_array_mut().unwrap() {
                let g = g.as_object_mut().unwrap();
                g.remove("target");
                g.remove("progress");
            }
            let ov = o["overall"].as_object_mut().unwrap();
            ov.remove("target");
            ov.remove("progress");
        }
        v
    };
    assert_eq!(strip(&after), before);
    assert_eq!(a["responses"], 1);
    // No target in the first round: nothing added there.
    assert!(
        find(&results(&cli, &first)["organisations"], "Styrelsen A")["overall"]
            .get("target")
            .is_none()
    );
}

/// A SAMM round on the web: the questionnaire offers SAMM's four answers (the lowest,
/// level 0, too), shows the quality criteria under each question and credits OWASP SAMM
/// with its licence; an answer of level 0 is taken.
#[tokio::test]
async fn a_samm_questionnaire_page_shows_the_four_answers_criteria_and_the_credit() {
    use crate::helpers::{get_text, post_form, raw_client, spawn_app};
    let Some(m) = samm_model() else { return };
    let app = spawn_app().await;
    app.store
        .import_model(&m, &m.to_toml().unwrap())
        .await
        .unwrap();
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
    let link = app.link(round, org).await;
    let c = raw_client();
    let res = post_form(&c, app.url(&link), &[("role", "lead")]).await;
    assert_eq!(res.status(), 303);
    let html = get_text(&c, app.url(&format!("{link}/p/1"))).await;
    let q = &m.dimensions[0].questions[0];
    assert!(html.contains("value=\"0\""), "the lowest answer");
    assert!(
        html.contains(&format!("id=\"q.{}-3\"", q.id)),
        "the highest answer"
    );
    assert!(html.contains("CC BY-SA 4.0") && html.contains("OWASP SAMM"));
    // The criteria under each question (HTML-escaped text: compare the first words).
    let words: String = q.criteria[0]
        .get("da")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(html.contains("<ul class=\"hint\"><li>"), "criteria shown");
    assert!(html.contains(&words), "criteria shown: {words}");
    let res = post_form(
        &c,
        app.url(&format!("{link}/p/1")),
        &[(format!("q.{}", q.id).as_str(), "0"), ("nav", "save")],
    )
    .await;
    assert!(
        res.status().is_redirection() || res.status().is_success(),
        "{}",
        res.status()
    );
    // A level the scale does not have is refused.
    let res = post_form(
        &c,
        app.url(&format!("{link}/p/1")),
        &[(format!("q.{}", q.id).as_str(), "4"), ("nav", "save")],
    )
    .await;
    assert_eq!(res.status(), 400);
    // No barrier page: its number leads to the review, and nothing is saved there.
    let after = m.dimensions.len() + 1;
    let res = c
        .get(app.url(&format!("{link}/p/{after}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("{link}/review").as_str());
    let res = post_form(
        &c,
        app.url(&format!("{link}/p/{after}")),
        &[("nav", "next")],
    )
    .await;
    assert_eq!(res.status(), 404);
}

/// Fails with axe-core's violations on the page open in `b`, if any.
async fn audit(b: &crate::browser::Browser, what: &str) {
    if let Some(v) = crate::a11y::axe_violations(b).await {
        assert!(v.is_empty(), "{what} fails the accessibility audit: {v:#?}");
    }
}

/// The level every question of a SAMM practice is answered at in the browser round, by
/// the practice's business function (its id's first letter): 3 (value 1) in Governance,
/// 2 (0.5) in Design and Operations, 1 (0.25) in Implementation, 0 in Verification.
fn level_for(practice: &str) -> u8 {
    match &practice[..1] {
        "G" => 3,
        "D" | "O" => 2,
        "I" => 1,
        _ => 0,
    }
}

/// A round on SAMM through the browser: a respondent answers all fifteen practices in
/// Chromium, goes from the last practice straight to the review (SAMM asks about no
/// barriers, so there is no barrier page), submits, and the results are the
/// hand-computed ones. The organiser's report then shows SAMM's credit and charts on
/// SAMM's scale, 0 to 3, with no barrier section.
#[tokio::test]
async fn a_round_on_samm_through_the_browser() {
    use crate::browser::{browser_or_skip, headless};
    use crate::helpers::{spawn_app, trappe_ok};
    use serde_json::json;
    if !browser_or_skip("a_round_on_samm_through_the_browser") {
        return;
    }
    let started = std::time::Instant::now();
    let Some(m) = samm_model() else { return };
    let dims = m.dimensions.len();
    assert_eq!(dims, 15);
    let app = spawn_app().await;
    app.store
        .import_model(&m, &m.to_toml().unwrap())
        .await
        .unwrap();
    let org = app.add_org("Styrelsen A").await;
    let options = trappe_store::RoundOptions {
        results_shown: trappe_store::ResultsShown::Batches,
        ..trappe_store::RoundOptions::default()
    };
    let round = app
        .store
        .create_round_with_options("SAMM 2026", &m.id, &m.version, 1, 1, &options)
        .await
        .unwrap();
    app.store
        .set_round_status(round, trappe_store::RoundStatus::Open)
        .await
        .unwrap();
    let path = app.link(round, org).await;

    let h = headless(1024, 900).await;
    let b = &h.b;
    b.goto(&app.url(&path)).await;
    b.click("label[for=\"role-lead\"]").await;
    b.click("main form button[type=submit]").await;
    // Fifteen practices, then the review: sixteen pages, no barrier page.
    let total = dims + 1;
    for (i, d) in m.dimensions.iter().enumerate() {
        let page = i + 1;
        b.wait_for_text("nav.progress p", &format!("Side {page} af {total}"))
            .await;
        if page == 1 {
            audit(b, "a SAMM question page").await;
        }
        let level = level_for(&d.id);
        // One snippet a page: every question's radio for `level`, checked.
        let checked = b
            .script(&format!(
                "const qs = document.querySelectorAll('main form fieldset.question'); \
                 for (const q of qs) q.querySelector('input[type=radio][value=\"{level}\"]').checked = true; \
                 return qs.length"
            ))
            .await;
        assert_eq!(checked, json!(d.questions.len()), "page {page}: {}", d.id);
        b.click("button[name=nav][value=next]").await;
    }

    // The last practice's "next" led to the review.
    b.wait_for_text("main h1", "Gennemse og indsend").await;
    b.wait_for_text("nav.progress p", &format!("Side {total} af {total}"))
        .await;
    let seen = b
        .script(
            "return [[...document.querySelectorAll('nav.progress ol.steps li')].map(l => l.innerText), \
             [...document.querySelectorAll('main section h2')].map(h => h.innerText), \
             document.getElementById('unanswered-count') === null]",
        )
        .await;
    let steps = seen[0].as_array().unwrap();
    assert_eq!(steps.len(), total, "{seen}");
    assert_eq!(steps[total - 1], json!("Gennemse og indsend"), "{seen}");
    assert!(
        !steps.contains(&json!("Barrierer")),
        "no barrier step: {seen}"
    );
    let sections = seen[1].as_array().unwrap();
    assert_eq!(sections.len(), dims, "a section per practice only: {seen}");
    assert_eq!(
        sections[dims - 1],
        json!(m.dimensions[dims - 1].name.get("da"))
    );
    assert_eq!(seen[2], json!(true), "every question answered: {seen}");
    audit(b, "the review of a SAMM round").await;
    // The page the barriers would have had leads to the review.
    b.goto(&app.url(&format!("{path}/p/{total}"))).await;
    b.wait_for_text("main h1", "Gennemse og indsend").await;
    assert!(b.current_url().await.ends_with("/review"));
    b.click("main form[action$=\"/submit\"] button[type=submit]")
        .await;
    b.wait_for_text("main h1", "Tak for din besvarelse").await;

    // By hand: a stream is the sum of its three answers' values (1, 0.5, 0.25 or 0 each),
    // a practice the mean of its two streams, a business function the mean of its three
    // practices, the overall score the mean of the fifteen practices.
    let json: Value = serde_json::from_str(&trappe_ok(
        &app.db,
        &["results", "--round", &round.to_string(), "--format", "json"],
    ))
    .unwrap();
    let o = find(&json["organisations"], "Styrelsen A");
    assert_eq!(o["withheld"], false, "{o}");
    assert_eq!(o["responses"], 1, "{o}");
    let expected = |group: &str| match group {
        "G" => 3.0,
        "D" | "O" => 1.5,
        "I" => 0.75,
        _ => 0.0,
    };
    assert_eq!(o["dimensions"].as_array().unwrap().len(), dims);
    for d in &m.dimensions {
        assert_eq!(
            find(&o["dimensions"], &d.id)["score"],
            json!(expected(&d.id[..1])),
            "{}",
            d.id
        );
    }
    for g in ["G", "D", "I", "V", "O"] {
        assert_eq!(find(&o["groups"], g)["score"], json!(expected(g)), "{g}");
    }
    // (3 + 1.5 + 0.75 + 0 + 1.5) / 5 = 1.35: level 1.
    let overall = o["overall"]["score"].as_f64().unwrap();
    assert!((overall - 1.35).abs() < 1e-12, "{overall}");
    assert_eq!(o["overall"]["level"], 1);

    // The organiser's report: SAMM's credit, its scale on the charts, no barriers.
    let (client, _) = app.admin_client().await;
    let res = client
        .get(app.url(&format!("/admin/rounds/{round}/orgs/{org}/report")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let credit = html
        .split("<p class=\"hint rp-credit\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .expect("the report credits the model");
    assert!(
        credit.contains("OWASP SAMM") && credit.contains("CC BY-SA 4.0"),
        "{credit}"
    );
    // SAMM names no traits of the best: no empty section about them.
    assert!(!html.contains("rp-h-traits") && !html.contains("De fire kendetegn"));
    let svg = |labelled_by: &str| {
        html.split(&format!("aria-labelledby=\"{labelled_by}\""))
            .nth(1)
            .and_then(|s| s.split("</svg>").next())
            .unwrap_or_else(|| panic!("a chart {labelled_by}"))
            .to_string()
    };
    let dims_chart = svg("rp-dims-title");
    let ticks: Vec<&str> = dims_chart
        .split("<text class=\"rp-axis\"")
        .skip(1)
        .map(|t| t.split('>').nth(1).unwrap().split('<').next().unwrap())
        .collect();
    assert_eq!(ticks, ["0", "1", "2", "3"], "the axis runs 0 to 3");
    assert!(!ticks.contains(&"5"));
    assert!(
        html.contains("Skalaen går fra 0 til 3."),
        "the lead names SAMM's scale"
    );
    let stair = svg("rp-stair-title");
    assert_eq!(
        stair.matches("<rect class=\"step step-").count(),
        4,
        "{stair}"
    );
    for level in 0..=3 {
        assert!(
            stair.contains(&format!("class=\"step step-{level}\"")),
            "{stair}"
        );
    }
    assert!(!html.contains("rp-h-barriers"), "no barrier section");
    assert!(
        !html.contains("Barriererne som tabel"),
        "no barrier table in the appendix"
    );

    // The round's results page has no barrier table either.
    let page = client
        .get(app.url(&format!("/admin/rounds/{round}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        !page.contains("Barrierer på tværs af deltagerne"),
        "no barriers"
    );
    // Its spread chart on SAMM's scale too (the staircase's counts start at step 0).
    let spread = page
        .split("aria-labelledby=\"spread-title spread-desc\"")
        .nth(1)
        .and_then(|s| s.split("</svg>").next())
        .expect("a spread chart");
    let ticks: Vec<&str> = spread
        .split("<text class=\"axis\"")
        .skip(1)
        .map(|t| t.split('>').nth(1).unwrap().split('<').next().unwrap())
        .collect();
    assert_eq!(ticks, ["0", "1", "2", "3"], "{spread}");
    assert!(spread.contains("skala fra 0 til 3."), "{spread}");
    // Both pages pass the accessibility audit (the crawl in a11y.rs sees only the
    // built-in model).
    b.sign_in(&app, "admin").await;
    for (path, what, h1) in [
        (
            format!("/admin/rounds/{round}/orgs/{org}/report"),
            "the report",
            "Styrelsen A",
        ),
        (
            format!("/admin/rounds/{round}"),
            "the round page",
            "SAMM 2026",
        ),
    ] {
        b.goto(&app.url(&path)).await;
        b.wait_for_text("main h1", h1).await;
        audit(b, what).await;
    }
    h.close().await;

    // The organisation's results, how they are computed, and the charts as files.
    for path in [
        format!("/admin/rounds/{round}/orgs/{org}"),
        format!("/admin/rounds/{round}/orgs/{org}/explain"),
        format!("/admin/rounds/{round}/charts/stair.svg"),
        format!("/admin/rounds/{round}/orgs/{org}/report/charts/dims.svg"),
        format!("/admin/rounds/{round}/orgs/{org}/report/charts/stair.png"),
    ] {
        let res = client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    eprintln!("SAMM browser round took {:.1?}", started.elapsed());
}
