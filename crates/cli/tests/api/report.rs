//! The organisation's report: hand-computed benchmarks on the page, peer figures withheld
//! below `min_orgs`, a withheld organisation's report without figures, and `trappe
//! report` writing a self-contained HTML file and a PDF.

use crate::helpers::{raw_client, spawn_app, trappe, trappe_ok, TestApp};
use std::path::Path;
use std::process::Command;
use trappe_core::{Answer, Answers, Model};
use trappe_store::ImportedResponse;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Every question answered on `level`, except the dimensions in `except`.
fn answers(model: &Model, level: u8, except: &[(&str, u8)]) -> Answers {
    model
        .dimensions
        .iter()
        .flat_map(|d| {
            let l = except
                .iter()
                .find(|(id, _)| *id == d.id)
                .map_or(level, |e| e.1);
            d.questions
                .iter()
                .map(move |q| (q.id.clone(), Answer::Level(l)))
        })
        .collect()
}

fn response(org: i64, role: Option<&str>, a: Answers, barriers: &[(&str, u8)]) -> ImportedResponse {
    ImportedResponse {
        org_id: org,
        role: role.map(str::to_string),
        answers: a,
        barriers: barriers.iter().map(|(b, v)| (b.to_string(), *v)).collect(),
    }
}

/// What askama writes for a text.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

async fn get(c: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let res = c.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

/// The part of a page after `from`.
fn after<'a>(page: &'a str, from: &str) -> &'a str {
    &page[page
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in page"))..]
}

#[tokio::test]
async fn the_report_shows_hand_computed_benchmarks_next_steps_and_hides_withheld_figures() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let gov = model
        .dimensions
        .iter()
        .position(|d| d.id == "governance")
        .expect("the built-in model has governance");
    // min_orgs 3: best in class (the top max(ceil(6/4), 3) = 3, with 3 below them)
    // needs 2 · min_orgs organisations, and this round has six. Closed once the
    // responses are in (below), so its results show whatever the round's settings.
    let round = app
        .store
        .create_round("Test round", &model.id, &model.version, 3, 3)
        .await
        .unwrap();
    let names = [
        "Assens",
        "Billund",
        "Citykommune",
        "Dragør",
        "Esbjerg",
        "Faxe",
    ];
    let mut ids = Vec::new();
    for n in names {
        ids.push(app.add_org(&format!("{n} Kommune")).await);
    }
    let small = app.add_org("Gribskov Kommune").await;
    let (a, b, c, d, e, f) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]);
    let law = [("legislation", 4u8)];
    let mut rows = Vec::new();
    for (org, level) in [(a, 1u8), (b, 2), (f, 5)] {
        for _ in 0..3 {
            rows.push(response(org, None, answers(&model, level, &[]), &law));
        }
    }
    // C: step 3 everywhere but governance, where it answers step 2; it rates silo
    // thinking above legislation.
    for _ in 0..3 {
        rows.push(response(
            c,
            None,
            answers(&model, 3, &[("governance", 2)]),
            &[("legislation", 4), ("silo_thinking", 5)],
        ));
    }
    // D: respondents on 3, 4 and 5 (mean 4, an interval across a step).
    for level in [3u8, 4, 5] {
        rows.push(response(d, None, answers(&model, level, &[]), &law));
    }
    // E: five leaders and five employees, all on 5: a role gap can be shown.
    for role in ["top_management", "employee"] {
        for _ in 0..5 {
            rows.push(response(e, Some(role), answers(&model, 5, &[]), &law));
        }
    }
    // Two of the three responses needed: withheld, and in no figure.
    for _ in 0..2 {
        rows.push(response(small, None, answers(&model, 1, &[]), &law));
    }
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    app.store
        .set_round_status(round, trappe_store::RoundStatus::Closed)
        .await
        .unwrap();

    // Organisers only.
    let anon = raw_client()
        .get(app.url(&format!("/admin/rounds/{round}/orgs/{c}/report")))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 303);

    let (client, _) = app.admin_client().await;
    let results = get(&client, &app, &format!("/admin/rounds/{round}/orgs/{c}")).await;
    assert!(
        results.contains(&format!(
            "/admin/rounds/{round}/orgs/{c}/report\">Rapport</a>"
        )),
        "the results page links to the report"
    );
    let page = get(
        &client,
        &app,
        &format!("/admin/rounds/{round}/orgs/{c}/report"),
    )
    .await;
    assert!(page.contains("Rapport: Citykommune Kommune"));
    // Strategy: 1, 2, 3, 4, 5, 5 -> average 20/6 = 3,3; best in class = the 3 highest
    // (min_orgs) = 14/3 = 4,7. Governance: 1, 2, 2, 4, 5, 5 -> 19/6 = 3,2.
    let dims = after(&page, "Områderne som tabel");
    let strategy = after(dims, "Kunde- og kanalstrategi</th>");
    let row = &strategy[..strategy.find("</tr>").unwrap()];
    assert_eq!(
        row,
        "Kunde- og kanalstrategi</th><td class=\"num\">3,0</td><td class=\"num\">3,0–3,0</td>\
         <td class=\"rp-nowrap\">trin 3</td><td class=\"num\">3,3</td><td class=\"num\">4,7</td>"
    );
    let governance = after(dims, "Styring og opfølgning</th>");
    let row = &governance[..governance.find("</tr>").unwrap()];
    assert!(
        row.contains("<td class=\"num\">2,0</td>")
            && row.ends_with("<td class=\"num\">3,2</td><td class=\"num\">4,7</td>"),
        "{row}"
    );
    // The next steps start with the largest gap to best in class: governance, 2 -> 3.
    let text = model.dimensions[gov].next_step(2).unwrap().text.get("da");
    let next = after(&page, "<ol class=\"rp-next\">");
    let first = &next[..next.find("</li>").unwrap()];
    assert!(
        first.contains("Styring og opfølgning</strong>: fra trin 2 til trin 3.")
            && first.contains(&escaped(text)),
        "{first}"
    );
    // Charts: the staircase with its own label and five anonymous peers, the bars with
    // markers, the radar with all three polygons; each with its table.
    assert!(page.contains("class=\"rp-own-label\""));
    assert_eq!(
        page.matches("<circle class=\"dot\"").count(),
        5,
        "five peers"
    );
    assert_eq!(page.matches("<circle class=\"dot own\"").count(), 1);
    assert!(
        !page.contains("Gribskov"),
        "the withheld organisation is nowhere"
    );
    assert!(
        page.contains("<polygon class=\"rp-mean\"") && page.contains("<polygon class=\"rp-best\"")
    );
    let radar = after(&page, "<svg viewBox=\"0 0 640");
    assert!(radar.starts_with("<svg viewBox=\"0 0 640") && radar.contains("role=\"img\""));
    for kind in ["own", "peer-mean", "peer-best"] {
        assert!(
            page.contains(&format!("<polygon class=\"rp-radar-{kind}\"")),
            "{kind}"
        );
    }
    for caption in [
        "Modenhedstrappen som tabel",
        "Områderne som tabel",
        "Profilen som tabel",
        "Kendetegnene som tabel",
        "Barriererne som tabel",
        "Scorer i organisationens målinger på samme model",
    ] {
        assert!(
            page.contains(&format!("<caption>{caption}</caption>")),
            "{caption}"
        );
    }
    assert!(page.matches("<th scope=\"col\"").count() > 10);
    // Traits: the other organisations average (1 + 2 + 4 + 5 + 5) / 5 = 3,4.
    let traits = after(&page, "Kendetegnene som tabel");
    let traits = &traits[..traits.find("</table>").unwrap()];
    assert_eq!(
        traits.matches("<td class=\"num\">3,4</td>").count(),
        model.traits.len()
    );
    // Barriers ranked by the organisation's own mean: silo thinking (5) first.
    let barriers = after(&page, "Barriererne som tabel");
    assert!(barriers.find("Silotænkning").unwrap() < barriers.find("Kompleks lovgivning").unwrap());
    // Strengths against the average: none; gaps against best in class: three.
    assert!(
        page.contains("Organisationen ligger ikke mindst 0,1 over gennemsnittet på noget område.")
    );
    assert!(page.contains("Styring og opfølgning: 2,7 under bedst i klassen (2,0 mod 4,7)"));
    assert!(
        !page.contains("Ledernes og medarbejdernes score pr. område")
            && page.contains("vises først med 5 besvarelser fra hver"),
        "no role gap without 5 + 5"
    );
    assert!(page.contains("Det er organisationens første måling"));

    // D's interval reaches across a step.
    let page_d = get(
        &client,
        &app,
        &format!("/admin/rounds/{round}/orgs/{d}/report"),
    )
    .await;
    assert!(
        page_d.contains("trin 4 (3,"),
        "crossing interval written out"
    );
    // E has five leaders and five employees.
    let page_e = get(
        &client,
        &app,
        &format!("/admin/rounds/{round}/orgs/{e}/report"),
    )
    .await;
    assert!(page_e.contains("Ledernes og medarbejdernes score pr. område"));
    assert!(page_e.contains("Sådan ser ledere (5 besvarelser) og medarbejdere (5 besvarelser)"));

    // The withheld organisation's report: the count, nothing else.
    let page_g = get(
        &client,
        &app,
        &format!("/admin/rounds/{round}/orgs/{small}/report"),
    )
    .await;
    assert!(
        page_g.contains("2 af de 3 fuldførte besvarelser") || page_g.contains("2 af 3"),
        "{page_g}"
    );
    for leak in ["<svg", "1,0", "3,3", "5,0", "<table", "Næste skridt"] {
        assert!(!page_g.contains(leak), "withheld report shows {leak}");
    }

    // Not a participant: 404.
    let other = app.add_org("Haderslev Kommune").await;
    let res = client
        .get(app.url(&format!("/admin/rounds/{round}/orgs/{other}/report")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // In English: decimal point and the English catalogue.
    client
        .get(app.url("/lang/en?next=/admin"))
        .send()
        .await
        .unwrap();
    let en = get(
        &client,
        &app,
        &format!("/admin/rounds/{round}/orgs/{c}/report"),
    )
    .await;
    assert!(en.contains("Report: Citykommune Kommune") && en.contains("Best in class"));
    assert!(en.contains("<td class=\"num\">3.3</td>") && en.contains("from step 2 to step 3"));
}

#[tokio::test]
async fn below_min_orgs_the_report_shows_no_peer_figure_and_says_why() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let round = app.open_round(3).await;
    let mut rows = Vec::new();
    let mut ids = Vec::new();
    for (i, level) in [1u8, 2, 3, 4].into_iter().enumerate() {
        let org = app.add_org(&format!("Kommune {i}")).await;
        ids.push(org);
        for _ in 0..3 {
            rows.push(response(
                org,
                None,
                answers(&model, level, &[]),
                &[("legislation", level)],
            ));
        }
    }
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    let (client, _) = app.admin_client().await;
    let page = get(
        &client,
        &app,
        &format!("/admin/rounds/{round}/orgs/{}/report", ids[2]),
    )
    .await;
    assert!(page.contains("færre end 5 organisationer med resultater i målingen (der er 4)"));
    // The average would be 2,5 and best in class 4,0: neither shows, nor any peer marker.
    for leak in [
        "2,5",
        "4,0",
        "class=\"rp-mean\"",
        "class=\"rp-best\"",
        "rp-radar-peer",
        "<circle class=\"dot\"",
        "Øvrige organisationer",
        "Organisationer på trinnet",
    ] {
        assert!(!page.contains(leak), "peer figure shown: {leak}");
    }
    // The organisation's own figures still show, and next steps aim at the next step.
    assert!(page.contains("<strong>3,0</strong>") && page.contains("rp-radar-own"));
    assert!(page.contains("Ordnet efter afstanden til næste trin"));
    let text = model.dimensions[0].next_step(3).unwrap().text.get("da");
    assert!(page.contains(&escaped(text)));
}

#[test]
fn trappe_report_writes_a_self_contained_html_file_and_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::helpers::fresh_db(dir.path(), "t.db");
    let round = trappe_ok(
        &db,
        &["demo", "--orgs", "6", "--respondents", "6", "--seed", "3"],
    );
    let round = round.trim();
    let html = dir.path().join("rapport.html");
    let html_s = html.to_str().unwrap();
    trappe_ok(
        &db,
        &["report", "--round", round, "--org", "1", "--out", html_s],
    );
    let doc = std::fs::read_to_string(&html).unwrap();
    assert!(doc.starts_with("<!DOCTYPE html>"));
    assert!(
        doc.contains("<style>") && doc.contains("@page"),
        "the CSS is inlined"
    );
    assert!(doc.contains("<svg") && doc.contains("role=\"img\""));
    assert!(
        !doc.contains("href=\"/static") && !doc.contains("<link"),
        "no external links"
    );
    assert!(doc.contains("Rapport:") && doc.contains("Næste skridt"));

    let en = dir.path().join("report.html");
    trappe_ok(
        &db,
        &[
            "report",
            "--round",
            round,
            "--org",
            "1",
            "--out",
            en.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    let en = std::fs::read_to_string(&en).unwrap();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Next steps"));

    // A missing Chromium is a clear error.
    let out = trappe(
        &db,
        &[
            "report",
            "--round",
            round,
            "--org",
            "1",
            "--out",
            html_s,
            "--pdf",
            "x.pdf",
            "--chromium",
            "/nonexistent/chromium",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--pdf needs Chromium"));
    // An unknown organisation too.
    let out = trappe(
        &db,
        &[
            "report",
            "--round",
            round,
            "--org",
            "Ingen Kommune",
            "--out",
            html_s,
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Ingen Kommune"));

    if !Path::new(CHROMIUM).exists() {
        if std::env::var_os("TRAPPE_REQUIRE_BROWSER").is_some() {
            panic!("TRAPPE_REQUIRE_BROWSER is set but {CHROMIUM} is missing");
        }
        eprintln!("SKIPPED the PDF part: {CHROMIUM} is missing");
        return;
    }
    let pdf = dir.path().join("rapport.pdf");
    trappe_ok(
        &db,
        &[
            "report",
            "--round",
            round,
            "--org",
            "1",
            "--out",
            html_s,
            "--pdf",
            pdf.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    check_pdf(&pdf, &doc);
}

/// Issue 15, item 6: the PDF read with a real PDF library (pypdf): tagged (a structure
/// tree), its language and title set, text that can be extracted, "Side N af M" on
/// every page, the summary alone on page one with the step's name, and a page count
/// within the budget (one summary page, a page per section at most, the appendix).
fn check_pdf(pdf: &Path, html: &str) {
    let script = r#"
import json, sys, pypdf
r = pypdf.PdfReader(sys.argv[1])
root = r.trailer["/Root"]
print(json.dumps({
    "pages": [p.extract_text() for p in r.pages],
    "lang": str(root.get("/Lang", "")),
    "title": str((r.metadata or {}).get("/Title", "")),
    "tagged": "/StructTreeRoot" in root,
    "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
}))
"#;
    let out = Command::new(crate::mail::python())
        .arg("-c")
        .arg(script)
        .arg(pdf)
        .output()
        .expect("python with pypdf (scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "pypdf: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pages: Vec<&str> = v["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let n = pages.len();
    // Summary + at most seven sections + a three-page appendix.
    assert!((3..=11).contains(&n), "{n} pages");
    for (i, text) in pages.iter().enumerate() {
        assert!(
            text.contains(&format!("Side {} af {n}", i + 1)),
            "page {}: {text}",
            i + 1
        );
        assert!(text.contains("Demo-måling"), "the round in the footer");
    }
    assert_eq!(v["lang"], "da");
    assert!(v["tagged"].as_bool().unwrap() && v["marked"].as_bool().unwrap());
    let name = html
        .split("<h1>Rapport: ")
        .nth(1)
        .and_then(|x| x.split("</h1>").next())
        .unwrap()
        .replace("&#40;", "(")
        .replace("&#41;", ")");
    assert!(
        v["title"].as_str().unwrap().contains(&name),
        "{}",
        v["title"]
    );
    // Page one: the summary with the step's name, and nothing after it.
    assert!(
        pages[0].contains(&name) && pages[0].contains("Trin "),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("Sammenfatning") && pages[0].contains("Næste trin er"));
    assert!(
        !pages[0].contains("Placering på modenhedstrappen"),
        "one page of summary"
    );
    assert!(pages[1].contains("Placering på modenhedstrappen"));
    assert!(pages[n - 1].contains("som tabel") || pages.iter().any(|p| p.contains("Bilag")));
}

/// Issue 15, items 1 and 2: page one stands alone for an organisation on each step and
/// says nothing for a withheld one; the report is made against a shown peer group of the
/// organisation's own (its kind), and a withheld group is neither offered nor reachable
/// by URL, also not for the organisation's own contact.
#[tokio::test]
async fn the_summary_stands_alone_on_every_step_and_peers_are_chosen_among_shown_groups() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let round = app
        .store
        .create_round("Måling 2026", &model.id, &model.version, 3, 3)
        .await
        .unwrap();
    let add = |name: &'static str, kind: &'static str, tags: &'static [&'static str]| {
        let store = app.store.clone();
        async move {
            let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
            store
                .add_org(&trappe_core::NewOrg::parse(name, kind, None, &tags).unwrap())
                .await
                .unwrap()
        }
    };
    let a = add("Assens Kommune", "kommune", &["Nord"]).await;
    let b = add("Billund Kommune", "kommune", &[]).await;
    let c = add("Citykommune", "kommune", &[]).await;
    let d = add("Dragør Kommune", "kommune", &[]).await;
    let e = add("Esbjerg Kommune", "kommune", &[]).await;
    let f = add("Faxe Kommune", "kommune", &[]).await;
    let g = add("Region Nord", "region", &["Nord"]).await;
    let h = add("Region Midt", "region", &[]).await;
    let i = add("Region Syd", "region", &[]).await;
    let w = add("Gribskov Kommune", "kommune", &[]).await;
    let law = [("legislation", 4u8)];
    let mut rows = Vec::new();
    for (org, level) in [(a, 1u8), (b, 2), (f, 5), (g, 2), (h, 3), (i, 4)] {
        for _ in 0..3 {
            rows.push(response(org, None, answers(&model, level, &[]), &law));
        }
    }
    // C: step 3, governance on 4: the next step's furthest dimensions are the others.
    for _ in 0..3 {
        rows.push(response(
            c,
            None,
            answers(&model, 3, &[("governance", 4)]),
            &law,
        ));
    }
    // D: 3, 4 and 5: mean 4, an interval across a step.
    for level in [3u8, 4, 5] {
        rows.push(response(d, None, answers(&model, level, &[]), &law));
    }
    // E: five leaders on 5, five employees on 4: step 4, leaders 1,0 higher.
    for (role, level) in [("top_management", 5u8), ("employee", 4)] {
        for _ in 0..5 {
            rows.push(response(e, Some(role), answers(&model, level, &[]), &law));
        }
    }
    for _ in 0..2 {
        rows.push(response(w, None, answers(&model, 1, &[]), &law));
    }
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    app.store
        .set_round_status(round, trappe_store::RoundStatus::Closed)
        .await
        .unwrap();
    let (admin, _) = app.admin_client().await;
    let report = |org: i64| format!("/admin/rounds/{round}/orgs/{org}/report");
    let level = |l: u8| model.level(l).unwrap();

    // (organisation, step, rank among all nine)
    for (org, step, rank) in [
        (a, 1u8, 9),
        (b, 2, 7),
        (c, 3, 5),
        (d, 4, 3),
        (e, 4, 2),
        (f, 5, 1),
    ] {
        let page = get(&admin, &app, &report(org)).await;
        let summary = after(&page, "<h2 id=\"rp-h-summary\">Sammenfatning</h2>");
        let summary = &summary[..summary.find("</section>").unwrap()];
        let here = format!(
            "Organisationen står på <strong>Trin {step}: {}</strong>",
            escaped(level(step).name.get("da"))
        );
        assert!(summary.contains(&here), "{org}: {summary}");
        assert!(summary.contains(&escaped(level(step).description.get("da"))));
        if step < 5 {
            let next = level(step + 1);
            assert!(
                summary.contains(&format!(
                    "<h3>Næste trin er Trin {}: {}</h3>",
                    step + 1,
                    escaped(next.name.get("da"))
                )),
                "{summary}"
            );
            assert!(summary.contains(&escaped(next.description.get("da"))));
            assert!(summary.contains(&format!("Længst fra trin {}: ", step + 1)));
        } else {
            assert!(summary.contains("Organisationen står på øverste trin."));
        }
        assert!(
            summary.contains(&format!(
                "Nr. {rank} af 9 i sammenligningsgruppen (alle organisationer i målingen, 9 organisationer)."
            )),
            "{summary}"
        );
        let placement = if org == d { "usikker" } else { "sikker" };
        assert!(
            summary.contains(&format!("Placeringen på trin {step} er {placement}")),
            "{summary}"
        );
        if org == e {
            assert!(
                summary.contains(
                    "Lederne vurderer organisationen 1,0 højere end medarbejderne i gennemsnit"
                ),
                "{summary}"
            );
        } else {
            assert!(summary.contains(
                "Forskellen mellem ledere og medarbejdere vises først med 5 besvarelser fra hver."
            ));
        }
        assert!(summary.contains("Styrker: længst over gennemsnittet"));
    }
    // C: governance (4,0) is not below step 4; the others (3,0) are.
    let page_c = get(&admin, &app, &report(c)).await;
    let next = after(&page_c, "Længst fra trin 4: ");
    let next = &next[..next.find("</p>").unwrap()];
    assert!(
        !next.contains("Styring og opfølgning") && next.contains("(3,0)"),
        "{next}"
    );
    // The withheld organisation: the count, no summary.
    let page_w = get(&admin, &app, &report(w)).await;
    assert!(page_w.contains("2 af"), "{page_w}");
    for leak in ["Sammenfatning", "Trin 1", "Nr. ", "<svg"] {
        assert!(!page_w.contains(leak), "withheld report shows {leak}");
    }
    // Asking a withheld organisation's report for another group changes nothing.
    let page_w2 = get(&admin, &app, &format!("{}?peers=kind", report(w))).await;
    assert!(!page_w2.contains("Sammenfatning"));

    // Peers of its own kind: six municipalities, named with their size on the charts.
    let kind = get(&admin, &app, &format!("{}?peers=kind", report(c))).await;
    assert!(
        kind.contains(
            "Nr. 4 af 6 i sammenligningsgruppen (samme type (Kommune), 6 organisationer)."
        ),
        "{kind}"
    );
    assert!(
        kind.matches("Sammenligningsgruppe: samme type (Kommune), 6 organisationer.")
            .count()
            >= 4,
        "the group on every chart that uses it"
    );
    assert_eq!(
        kind.matches("<circle class=\"dot\"").count(),
        5,
        "the five other municipalities, no region"
    );
    assert!(kind.contains("<option value=\"kind\" selected>"));
    // A's own tag "Nord" holds two organisations: withheld, not offered, not reachable.
    let contact = app.client_as("contact", "kontakt-assens", a).await.0;
    let own = get(&contact, &app, &report(a)).await;
    assert!(own.contains("<option value=\"all\" selected>") && own.contains("value=\"kind\""));
    assert!(
        !own.contains("tag:Nord") && !own.contains("Nord»"),
        "withheld group offered"
    );
    for q in ["tag:Nord", "tag:Ingen", "kind:region", "tag:", "x"] {
        let res = contact
            .get(app.url(&format!("{}?peers={q}", report(a))))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{q}");
    }
    // Its own kind is fine; another organisation's report is not (as before).
    get(&contact, &app, &format!("{}?peers=kind", report(a))).await;
    let res = contact
        .get(app.url(&format!("{}?peers=kind", report(c))))
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 200);

    // The cohort's staircase, filtered by kind and by tag, with each step's count and
    // the median of the organisations shown.
    let cohort = get(&admin, &app, &format!("/admin/rounds/{round}")).await;
    assert!(
        cohort.contains("9 organisationer med score. Median: <strong>3,1</strong>"),
        "{}",
        after(&cohort, "stair-stats")
    );
    let regions = get(
        &admin,
        &app,
        &format!("/admin/rounds/{round}?stairs=kind:region"),
    )
    .await;
    assert!(
        regions.contains("3 organisationer med score. Median: <strong>3,0</strong>"),
        "{regions}"
    );
    assert!(regions.contains("Trin 2: 1 · Trin 3: 1 · Trin 4: 1 · Trin 5: 0"));
    assert_eq!(regions.matches("<circle class=\"dot\"").count(), 3);
    assert!(regions.contains("<option value=\"kind:region\" selected>"));
    let nord = get(
        &admin,
        &app,
        &format!("/admin/rounds/{round}?stairs=tag:Nord"),
    )
    .await;
    assert!(
        nord.contains("2 organisationer med score. Median: <strong>1,5</strong>"),
        "{nord}"
    );
    // The staircase of the filter as a file: the page links it, the SVG holds its
    // title, its dots and the filter with its size, the PNG is drawn; the organiser's only.
    let svg_link = format!("/admin/rounds/{round}/charts/stair.svg?stairs=kind%3Aregion");
    assert!(
        regions.contains(&format!("href=\"{svg_link}\"")),
        "{regions}"
    );
    let res = admin.get(app.url(&svg_link)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("image/svg+xml"));
    let svg = res.text().await.unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(
        texts.iter().any(|t| t.contains("Modenhedstrappen")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Kilde: Trappe, ") && t.contains("(3 organisationer)")),
        "{texts:?}"
    );
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("circle"))
            .count(),
        3
    );
    let res = admin
        .get(app.url(&format!("/admin/rounds/{round}/charts/stair.png")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let png = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()))
        .read_info()
        .unwrap();
    assert!(png.info().width > 600, "{}", png.info().width);
    for path in [
        format!("/admin/rounds/{round}/charts/stair.svg?stairs=tag:Ingen"),
        format!("/admin/rounds/{round}/charts/dims.svg"),
    ] {
        let res = admin.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    let res = contact.get(app.url(&svg_link)).send().await.unwrap();
    assert!(
        matches!(res.status().as_u16(), 403 | 404),
        "{}",
        res.status()
    );

    // `trappe report --peers`: the same groups.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let org_a = a.to_string();
    let round_s = round.to_string();
    let base = [
        "report",
        "--round",
        &round_s,
        "--org",
        &org_a,
        "--out",
        out.to_str().unwrap(),
    ];
    let run = |peers: &str| {
        let mut args = base.to_vec();
        args.extend(["--peers", peers]);
        trappe(&app.db, &args)
    };
    let refused = run("tag:Nord");
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("--peers tag:Nord: not a shown peer group")
            && err.contains("shown: all, kind"),
        "{err}"
    );
    assert!(!run("nonsense").status.success());
    assert!(run("kind").status.success());
    let doc = std::fs::read_to_string(&out).unwrap();
    assert!(doc.contains("samme type (Kommune), 6 organisationer"));
    assert!(!doc.contains("<select"), "no selector in a file");
}

/// Issue 15, item 5: the free-text barrier in the organisation's report and the cohort
/// view only when the organisation has the round's minimum of independent responses,
/// sorted by text (no role, no order).
#[tokio::test]
async fn the_respondents_own_words_show_only_above_the_minimum() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let round = app
        .store
        .create_round("Ord", &model.id, &model.version, 3, 3)
        .await
        .unwrap();
    let shown = app.add_org("Aabenraa Kommune").await;
    let few = app.add_org("Bornholm Kommune").await;
    let staff = app.add_org("Fanø Kommune").await;
    let mut rows = Vec::new();
    for (org, n) in [(shown, 3), (few, 2), (staff, 3)] {
        for role in ["employee", "top_management", "employee"].iter().take(n) {
            rows.push(response(org, Some(role), answers(&model, 3, &[]), &[]));
        }
    }
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    let sql = format!(
        "UPDATE responses SET own_barrier = 'Zoner af siloer' WHERE org_id = {shown}; \
         UPDATE responses SET own_barrier = 'Alt for lidt tid' WHERE id = (SELECT MAX(id) FROM responses WHERE org_id = {shown}); \
         UPDATE responses SET own_barrier = '   ' WHERE id = (SELECT MIN(id) FROM responses WHERE org_id = {shown}); \
         UPDATE responses SET own_barrier = 'Hemmelig to' WHERE org_id = {few}; \
         UPDATE responses SET own_barrier = 'Hemmelig tre' WHERE org_id = {staff}; \
         UPDATE responses SET staff_unapproved = 1 WHERE id = (SELECT MAX(id) FROM responses WHERE org_id = {staff});"
    );
    let out = crate::helpers::db_shell(&app.db, &sql);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.store
        .set_round_status(round, trappe_store::RoundStatus::Closed)
        .await
        .unwrap();
    let (admin, _) = app.admin_client().await;
    let page = get(
        &admin,
        &app,
        &format!("/admin/rounds/{round}/orgs/{shown}/report"),
    )
    .await;
    let words = after(&page, "<ul class=\"rp-words\">");
    let words = &words[..words.find("</ul>").unwrap()];
    // Sorted by text, the blank one left out.
    assert_eq!(
        words.trim_end(),
        "<ul class=\"rp-words\">\n<li>Alt for lidt tid</li>\n<li>Zoner af siloer</li>"
    );
    assert!(page.contains("Med respondenternes egne ord"));
    for org in [few, staff] {
        let p = get(
            &admin,
            &app,
            &format!("/admin/rounds/{round}/orgs/{org}/report"),
        )
        .await;
        assert!(!p.contains("Hemmelig") && !p.contains("egne ord"), "{org}");
    }
    let cohort = get(&admin, &app, &format!("/admin/rounds/{round}")).await;
    assert!(
        cohort.contains("<summary>Aabenraa Kommune (2)</summary>"),
        "{cohort}"
    );
    assert!(cohort.contains("<li>Alt for lidt tid</li><li>Zoner af siloer</li>"));
    assert!(
        !cohort.contains("Hemmelig"),
        "below the minimum: not in the cohort view"
    );
}

/// Issue 15, item 10: every page shows times in Europe/Copenhagen, summer time included
/// (one helper, `Lang::datetime`/`date`/`minute`): two audit entries written at known
/// UTC instants read as Copenhagen local time on the audit page.
#[tokio::test]
async fn times_on_pages_are_copenhagen_time_in_summer_and_in_winter() {
    let app = spawn_app().await;
    let (c, _) = app.admin_client().await;
    // 2026-07-01 10:00:00 UTC (summer, +2) and 2026-01-15 23:30:00 UTC (winter, +1:
    // already the 16th in Copenhagen).
    let out = crate::helpers::db_shell(
        &app.db,
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES \
         (1782900000, 'tz', 'tz_probe', 'summer', NULL), \
         (1768519800, 'tz', 'tz_probe', 'winter', NULL)",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = get(&c, &app, "/admin/audit?action=tz_probe").await;
    assert!(page.contains("01.07.2026 kl. 12:00:00"), "summer: {page}");
    assert!(page.contains("16.01.2026 kl. 00:30:00"), "winter: {page}");
    assert!(!page.contains("10:00:00") && !page.contains("23:30:00"));
}

/// Issue 15, items 6 and 7: each chart of the report downloads as SVG (XML with its title
/// and source line inside) and as PNG (decodes, the SVG's size doubled, not blank), with
/// the report's own checks: a contact gets its own organisation's charts only, a withheld
/// organisation has none, a withheld peer group is not found. The printed page's footer
/// comes from a stylesheet of the report's own, with the report's access.
#[tokio::test]
async fn charts_download_as_svg_and_png_with_their_title_and_source() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let round = app
        .store
        .create_round("Måling 2026", &model.id, &model.version, 3, 3)
        .await
        .unwrap();
    let add = |name: &'static str, tags: &'static [&'static str]| {
        let store = app.store.clone();
        async move {
            let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
            store
                .add_org(&trappe_core::NewOrg::parse(name, "kommune", None, &tags).unwrap())
                .await
                .unwrap()
        }
    };
    let a = add("Assens Kommune", &["Nord"]).await;
    let b = add("Billund Kommune", &[]).await;
    let c = add("Citykommune", &[]).await;
    let d = add("Dragør Kommune", &["Nord"]).await;
    let w = add("Gribskov Kommune", &[]).await;
    let law = [("legislation", 4u8)];
    let mut rows = Vec::new();
    for (org, level, n) in [(a, 2u8, 3), (b, 3, 3), (c, 4, 3), (d, 5, 3), (w, 1, 2)] {
        for k in 0..n {
            let role = if k == 0 { "top_management" } else { "employee" };
            rows.push(response(org, Some(role), answers(&model, level, &[]), &law));
        }
    }
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    app.store
        .set_round_status(round, trappe_store::RoundStatus::Closed)
        .await
        .unwrap();
    let (admin, _) = app.admin_client().await;
    let base = format!("/admin/rounds/{round}/orgs/{a}/report");
    let page = get(&admin, &app, &base).await;
    // Real links with accessible names, one pair per chart.
    let links: Vec<String> = page
        .split("<a href=\"")
        .skip(1)
        .filter_map(|x| x.split_once('"'))
        .filter(|(h, _)| h.contains("/report/charts/"))
        .map(|(h, rest)| {
            let name = rest.split("</a>").next().unwrap();
            assert!(
                name.contains("Hent som SVG") || name.contains("Hent som PNG"),
                "{name}"
            );
            h.replace("&amp;", "&")
        })
        .collect();
    for chart in ["stair", "dims", "radar", "traits", "barriers"] {
        for ext in ["svg", "png"] {
            assert!(
                links
                    .iter()
                    .any(|l| l.contains(&format!("/charts/{chart}.{ext}?peers=all"))),
                "{chart}.{ext}: {links:?}"
            );
        }
    }
    let fetch = |c: reqwest::Client, path: String| {
        let url = app.url(&path);
        async move { c.get(url).send().await.unwrap() }
    };
    let res = fetch(admin.clone(), format!("{base}/charts/dims.svg?peers=all")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("image/svg+xml"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let svg = res.text().await.unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is XML");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        texts.contains(&"Score pr. område med 95 %-interval, gennemsnit og bedst i klassen"),
        "the title: {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Kilde: Trappe, Måling 2026, Assens Kommune, ")),
        "the source line: {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("5 organisationer") || t.contains("4 organisationer")),
        "the peer group and its size: {texts:?}"
    );
    let width: f64 = doc
        .root_element()
        .attribute("width")
        .unwrap()
        .parse()
        .unwrap();
    let height: f64 = doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();

    let res = fetch(admin.clone(), format!("{base}/charts/dims.png?peers=all")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    let bytes = res.bytes().await.unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.width, (width * 2.0).round() as u32);
    assert_eq!(info.height, (height * 2.0).round() as u32);
    let px = &buf[..info.buffer_size()];
    let dark = px
        .chunks(info.line_size / info.width as usize)
        .filter(|p| p[0] < 100 && p[1] < 100 && p[2] < 100)
        .count();
    let white = px
        .chunks(info.line_size / info.width as usize)
        .filter(|p| p[0] == 255 && p[1] == 255 && p[2] == 255)
        .count();
    let total = (info.width * info.height) as usize;
    // Ink (text, outlines) and white paper, neither all of it.
    assert!(
        dark > total / 200 && white > total / 4,
        "dark {dark}, white {white} of {total}"
    );
    // The title's band (the top 44 units, drawn at twice the size) holds nothing but the
    // title's text: ink there means the text was drawn with a font, not left out.
    let row = info.line_size;
    let band = &px[..88 * row];
    let title_ink = band
        .chunks(row / info.width as usize)
        .filter(|p| p[0] < 100 && p[1] < 100 && p[2] < 100)
        .count();
    assert!(
        title_ink > 300,
        "the title's band has {title_ink} dark pixels"
    );

    // Each chart of the report downloads.
    for chart in ["stair", "radar", "traits", "barriers"] {
        for ext in ["svg", "png"] {
            let res = fetch(
                admin.clone(),
                format!("{base}/charts/{chart}.{ext}?peers=kind"),
            )
            .await;
            assert_eq!(res.status(), 200, "{chart}.{ext}");
        }
    }
    // No chart by another name; a withheld group ("Nord": two organisations) is not
    // found; a withheld organisation has no charts.
    for path in [
        format!("{base}/charts/secret.svg"),
        format!("{base}/charts/dims.gif"),
        format!("{base}/charts/dims.svg?peers=tag:Nord"),
        format!("/admin/rounds/{round}/orgs/{w}/report/charts/dims.svg"),
        format!("/admin/rounds/{round}/orgs/{w}/report/charts/stair.png"),
    ] {
        let res = fetch(admin.clone(), path.clone()).await;
        assert_eq!(res.status(), 404, "{path}");
    }
    let withheld = get(
        &admin,
        &app,
        &format!("/admin/rounds/{round}/orgs/{w}/report"),
    )
    .await;
    assert!(!withheld.contains("/report/charts/"));

    // A contact of B: its own charts and print stylesheet, not A's.
    let contact = app.client_as("contact", "kontakt-b", b).await.0;
    let own = format!("/admin/rounds/{round}/orgs/{b}/report");
    let res = fetch(contact.clone(), format!("{own}/charts/dims.svg")).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Billund Kommune"));
    for path in [
        format!("{base}/charts/dims.svg"),
        format!("{base}/charts/dims.png"),
        format!("{base}/print.css"),
    ] {
        let res = fetch(contact.clone(), path.clone()).await;
        assert!(
            res.status() == 403 || res.status() == 404,
            "{path}: {}",
            res.status()
        );
    }

    // Printing from the browser: the report links its footer stylesheet, which holds the
    // same footer as `trappe report --pdf` (organisation, round, date, "Side N af M").
    assert!(page.contains(&format!(
        "<link rel=\"stylesheet\" media=\"print\" href=\"{base}/print.css?lang=da\">"
    )));
    let res = fetch(contact.clone(), format!("{own}/print.css?lang=da")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    let css = res.text().await.unwrap();
    assert!(
        css.contains("@page") && css.contains("@bottom-right"),
        "{css}"
    );
    assert!(
        css.contains("\"Side \" counter(page) \" af \" counter(pages)"),
        "{css}"
    );
    assert!(
        css.contains("Billund Kommune") && css.contains("M\\0000E5ling 2026"),
        "{css}"
    );
    let anonymous = raw_client()
        .get(app.url(&format!("{own}/print.css")))
        .send()
        .await
        .unwrap();
    assert_ne!(anonymous.status(), 200);
}

/// With a target, the report shows now, target, last round and the share of the planned
/// improvement done per area, and orders the next steps by the gap to the target.
#[tokio::test]
async fn a_target_adds_its_table_and_orders_the_next_steps_by_the_gap_to_it() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let org = app.add_org("Assens Kommune").await;
    let gov = model
        .dimensions
        .iter()
        .position(|d| d.id == "governance")
        .unwrap();
    assert!(
        gov > 0,
        "governance is not the first area, so the order proves the rule"
    );
    let round_with = |level: u8| {
        let rows: Vec<ImportedResponse> = (0..3)
            .map(|_| response(org, None, answers(&model, level, &[]), &[]))
            .collect();
        let app = &app;
        let model = &model;
        async move {
            let round = app
                .store
                .create_round("Runde", &model.id, &model.version, 3, 5)
                .await
                .unwrap();
            app.store
                .import_responses(round, &rows, "import")
                .await
                .unwrap();
            app.store
                .set_round_status(round, trappe_store::RoundStatus::Closed)
                .await
                .unwrap();
            round
        }
    };
    let _earlier = round_with(2).await;
    let round = round_with(3).await;
    let (client, _) = app.admin_client().await;
    let path = format!("/admin/rounds/{round}/orgs/{org}/report");

    // Without a target: no target section; next steps by the distance to the next step,
    // all equal, so in the model's order.
    let page = get(&client, &app, &path).await;
    assert!(!page.contains("Mål og fremskridt"));
    let next = after(&page, "<ol class=\"rp-next\">");
    let first = &next[..next.find("</li>").unwrap()];
    assert!(
        first.contains(&format!(
            "<strong>{}</strong>",
            escaped(model.dimensions[0].name.get("da"))
        )),
        "{first}"
    );

    // The target: step 5 in governance, step 4 elsewhere.
    app.store
        .set_target(round, org, &answers(&model, 4, &[("governance", 5)]))
        .await
        .unwrap();
    let page = get(&client, &app, &path).await;
    let section = after(&page, "<h2 id=\"rp-h-target\">Mål og fremskridt</h2>");
    // Overall: (3 - 2) / (target - 2), the target the weight-average of 4s and one 5.
    let target =
        trappe_core::score_organisation(&model, &[answers(&model, 4, &[("governance", 5)])], 1)
            .overall
            .unwrap()
            .score;
    let done = (3.0 - 2.0) / (target - 2.0);
    let pct = format!("{:.1} %", done * 100.0).replace('.', ",");
    assert!(section.contains(&pct), "overall share {pct}");
    // Governance: now 3, target 5, last round 2, a third done.
    let row = after(
        section,
        &format!("{}</th>", escaped(model.dimensions[gov].name.get("da"))),
    );
    let row = &row[..row.find("</tr>").unwrap()];
    assert_eq!(
        row,
        format!(
            "{}</th><td class=\"num\">3,0</td><td class=\"num\">5,0</td><td class=\"num\">2,0</td><td class=\"num\">33,3 %</td>",
            escaped(model.dimensions[gov].name.get("da"))
        )
    );
    // Elsewhere: target 4, half done.
    let other = after(
        section,
        &format!("{}</th>", escaped(model.dimensions[0].name.get("da"))),
    );
    assert!(other[..other.find("</tr>").unwrap()].ends_with("<td class=\"num\">50,0 %</td>"));
    // Next steps: the largest gap to the target first.
    assert!(page.contains("Ordnet efter afstanden til jeres eget mål"));
    let next = after(&page, "<ol class=\"rp-next\">");
    let first = &next[..next.find("</li>").unwrap()];
    assert!(
        first.contains(&format!(
            "<strong>{}</strong>",
            escaped(model.dimensions[gov].name.get("da"))
        )),
        "{first}"
    );
    // The target is no response: the report still counts three.
    let json: serde_json::Value = serde_json::from_str(&trappe_ok(
        &app.db,
        &["results", "--round", &round.to_string(), "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json["organisations"][0]["responses"], 3);
}
