//! Exports: `trappe export` (xlsx, csv, json) and the organiser's downloads, on a round
//! of hand-chosen responses with a formula-like name and a withheld organisation.

use crate::helpers::{
    get_text, raw_client, spawn_app, succeeded, trappe, trappe_cmd, trappe_ok, uniform, TestApp,
};
use calamine::{open_workbook, open_workbook_from_rs, Data, Range, Reader, Xlsx};
use serde_json::Value;
use std::io::Cursor;
use trappe_core::{Answer, Answers, Model, NewOrg};
use trappe_store::{ImportedResponse, RoundStatus};

const FORMULA_NAME: &str = "=HYPERLINK(\"x\")";
const DASH_NAME: &str = "-bad";

struct Setup {
    app: TestApp,
    round: i64,
    aarhus: i64,
    formula: i64,
    withheld: i64,
    tokens: Vec<String>,
}

/// min_responses 2, min_orgs 1 (so best in class, which needs 2 · min_orgs
/// organisations, is shown for two):
/// - Aarhus Kommune (tag Region Midt): uniform 3 and uniform 4, every score 3.5;
/// - "=HYPERLINK("x")" (tag Region Midt): uniform 2, and uniform 3 with one "don't
///   know" (the dimension stays defined): every score 2.5;
/// - "-bad": one response of 5s, so it is withheld.
async fn setup() -> Setup {
    let app = spawn_app().await;
    let m = Model::builtin();
    let add = |name: &'static str, tags: &'static [&'static str]| {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let store = app.store.clone();
        async move {
            store
                .add_org(&NewOrg::parse(name, "kommune", None, &tags).unwrap())
                .await
                .unwrap()
        }
    };
    let aarhus = add("Aarhus Kommune", &["Region Midt"]).await;
    let formula = add(FORMULA_NAME, &["Region Midt"]).await;
    let withheld = add(DASH_NAME, &[]).await;
    // Results in batches: the imported responses show while the round is open.
    let options = trappe_store::RoundOptions {
        results_shown: trappe_store::ResultsShown::Batches,
        ..trappe_store::RoundOptions::default()
    };
    let round = app
        .store
        .create_round_with_options("Eksport 2026", &m.id, &m.version, 2, 1, &options)
        .await
        .unwrap();
    app.store
        .set_round_status(round, RoundStatus::Open)
        .await
        .unwrap();
    // Links that must never show up in an export.
    let tokens = app
        .store
        .create_invitations(round, aarhus, 2)
        .await
        .unwrap();
    let first_question = m.dimensions[0].questions[0].id.clone();
    let mut with_dk = uniform(&m, 3);
    with_dk.insert(first_question, Answer::DontKnow);
    let row = |org_id: i64, role: Option<&str>, answers: Answers, barriers: Vec<(&str, u8)>| {
        ImportedResponse {
            org_id,
            role: role.map(str::to_string),
            answers,
            barriers: barriers
                .into_iter()
                .map(|(b, v)| (b.to_string(), v))
                .collect(),
        }
    };
    let rows = vec![
        row(
            aarhus,
            Some("employee"),
            uniform(&m, 3),
            vec![("legislation", 4)],
        ),
        row(aarhus, Some("top_management"), uniform(&m, 4), vec![]),
        row(formula, None, uniform(&m, 2), vec![("silo_thinking", 5)]),
        row(formula, Some("employee"), with_dk, vec![]),
        row(
            withheld,
            Some("employee"),
            uniform(&m, 5),
            vec![("legislation", 1)],
        ),
    ];
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    Setup {
        app,
        round,
        aarhus,
        formula,
        withheld,
        tokens,
    }
}

fn header(range: &Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .expect("a header row")
        .iter()
        .map(|c| c.to_string())
        .collect()
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// The data rows whose `column` holds `value`.
fn rows_where<'a>(range: &'a Range<Data>, column: usize, value: &Data) -> Vec<&'a [Data]> {
    range
        .rows()
        .skip(1)
        .filter(|r| r.get(column) == Some(value))
        .collect()
}

fn is_token_like(s: &str) -> bool {
    s.len() >= 32 && s.chars().all(|c| c.is_ascii_hexdigit())
}

fn check_workbook(wb: &mut Xlsx<impl std::io::Read + std::io::Seek>, s: &Setup, m: &Model) {
    assert_eq!(
        wb.sheet_names(),
        ["results", "benchmarks", "responses", "own_words"]
    );
    let results = wb.worksheet_range("results").unwrap();
    let h = header(&results);
    assert_eq!(
        h[..10],
        [
            "org_id",
            "name",
            "kind",
            "tags",
            "responses",
            "withheld",
            "overall",
            "overall_level",
            "overall_low",
            "overall_high"
        ]
    );
    assert_eq!(h.len(), 10 + 4 * m.dimensions.len());
    let id = col(&h, "org_id");
    let one = |org: i64| {
        let rows = rows_where(&results, id, &Data::Float(org as f64));
        assert_eq!(rows.len(), 1, "one row of org {org}");
        rows[0]
    };
    let aarhus = one(s.aarhus);
    assert_eq!(
        aarhus[col(&h, "name")],
        Data::String("Aarhus Kommune".into())
    );
    assert_eq!(aarhus[col(&h, "tags")], Data::String("Region Midt".into()));
    assert_eq!(aarhus[col(&h, "responses")], Data::Float(2.0));
    assert_eq!(aarhus[col(&h, "withheld")], Data::Bool(false));
    assert_eq!(
        aarhus[col(&h, "overall")],
        Data::Float(3.5),
        "a real number"
    );
    assert_eq!(aarhus[col(&h, "overall_level")], Data::Float(3.0));
    for d in &m.dimensions {
        assert_eq!(aarhus[col(&h, &d.id)], Data::Float(3.5), "{}", d.id);
        assert_eq!(
            aarhus[col(&h, &format!("{}_level", d.id))],
            Data::Float(3.0)
        );
        assert!(matches!(
            aarhus[col(&h, &format!("{}_low", d.id))],
            Data::Float(_)
        ));
    }
    let formula = one(s.formula);
    assert_eq!(
        formula[col(&h, "name")],
        Data::String(FORMULA_NAME.into()),
        "a text cell in xlsx, exact"
    );
    assert_eq!(formula[col(&h, "overall")], Data::Float(2.5));
    let withheld = one(s.withheld);
    assert_eq!(withheld[col(&h, "withheld")], Data::Bool(true));
    assert_eq!(withheld[col(&h, "responses")], Data::Float(1.0));
    assert!(
        withheld[col(&h, "overall")..]
            .iter()
            .all(|c| *c == Data::Empty),
        "no score of a withheld organisation: {withheld:?}"
    );

    let bench = wb.worksheet_range("benchmarks").unwrap();
    let bh = header(&bench);
    let all: Vec<&[Data]> = bench
        .rows()
        .skip(1)
        .filter(|r| {
            r[col(&bh, "group_kind")] == Data::String("all".into())
                && r[col(&bh, "measure")] == Data::String("overall".into())
        })
        .collect();
    assert_eq!(all.len(), 1);
    let all = all[0];
    assert_eq!(
        all[col(&bh, "n")],
        Data::Float(2.0),
        "the withheld org counts in no figure"
    );
    assert_eq!(all[col(&bh, "mean")], Data::Float(3.0));
    assert_eq!(all[col(&bh, "best_in_class")], Data::Float(3.5));
    assert_eq!(all[col(&bh, "level_2")], Data::Float(1.0));
    // all, kind kommune, tag Region Midt; the withheld organisation's lack of tags adds none.
    assert_eq!(bench.rows().count() - 1, 3 * (1 + m.dimensions.len()));

    let responses = wb.worksheet_range("responses").unwrap();
    let rh = header(&responses);
    assert_eq!(rh[..4], ["response", "org_id", "org", "role"]);
    assert!(rh.contains(&"barrier:legislation".to_string()));
    let data: Vec<&[Data]> = responses.rows().skip(1).collect();
    assert_eq!(
        data.len(),
        4,
        "2 + 2 responses, none of the withheld organisation"
    );
    let numbers: Vec<Data> = data.iter().map(|r| r[0].clone()).collect();
    assert_eq!(numbers, [1.0, 2.0, 3.0, 4.0].map(Data::Float));
    assert!(rows_where(&responses, 1, &Data::Float(s.withheld as f64)).is_empty());
    assert!(rows_where(&responses, 2, &Data::String(DASH_NAME.into())).is_empty());
    let q0 = col(&rh, &m.dimensions[0].questions[0].id);
    let answers: Vec<Data> = data.iter().map(|r| r[q0].clone()).collect();
    assert!(answers.contains(&Data::Float(3.0)), "answers as numbers");
    assert!(answers.contains(&Data::String("dk".into())));
    let legislation = col(&rh, "barrier:legislation");
    assert!(data.iter().any(|r| r[legislation] == Data::Float(4.0)));
    assert!(!data.iter().any(|r| r[legislation] == Data::Float(1.0)));
    for sheet in ["results", "benchmarks", "responses"] {
        let range = wb.worksheet_range(sheet).unwrap();
        for cell in range.rows().flatten() {
            let text = cell.to_string();
            assert!(!is_token_like(&text), "token-like cell {text} in {sheet}");
            for t in &s.tokens {
                assert!(!text.contains(t.as_str()), "an invitation token in {sheet}");
            }
        }
    }
}

#[tokio::test]
async fn the_cli_exports_xlsx_csv_and_json_without_withheld_responses_or_tokens() {
    let s = setup().await;
    let m = Model::builtin();
    let db = s.app.db.clone();
    let dir = tempfile::tempdir().unwrap();
    let round = s.round.to_string();

    // XLSX: real numbers, exact scores, the intervals the analysis computed.
    let file = dir.path().join("runde.xlsx");
    trappe_ok(
        &db,
        &[
            "export",
            "--round",
            &round,
            "--format",
            "xlsx",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let mut wb: Xlsx<_> = open_workbook(&file).expect("a readable workbook");
    check_workbook(&mut wb, &s, &m);
    let analysis = s.app.store.analysis(s.round).await.unwrap();
    let i = analysis.index(s.aarhus).unwrap();
    let iv = analysis.intervals[i].overall.expect("an interval");
    let results = wb.worksheet_range("results").unwrap();
    let h = header(&results);
    let aarhus = rows_where(&results, 0, &Data::Float(s.aarhus as f64))[0];
    assert_eq!(aarhus[col(&h, "overall_low")], Data::Float(iv.lo));
    assert_eq!(aarhus[col(&h, "overall_high")], Data::Float(iv.hi));

    // CSV, Danish (the default): BOM, semicolons, decimal commas, neutralised names.
    let da = dir.path().join("da");
    trappe_ok(
        &db,
        &[
            "export",
            "--round",
            &round,
            "--format",
            "csv",
            "--out",
            da.to_str().unwrap(),
        ],
    );
    for t in ["results", "benchmarks", "responses"] {
        let bytes = std::fs::read(da.join(format!("{t}.csv"))).unwrap();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "{t}.csv has a BOM"
        );
    }
    let text = std::fs::read_to_string(da.join("results.csv")).unwrap();
    let body = text.strip_prefix('\u{feff}').unwrap();
    assert!(body.starts_with("org_id;name;kind;tags;responses;withheld;overall;"));
    assert!(body.contains(";3,5;3;"), "decimal comma: {body}");
    assert!(!body.contains("3.5"));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    let names: Vec<String> = r.records().map(|rec| rec.unwrap()[1].to_string()).collect();
    assert!(names.contains(&format!("'{FORMULA_NAME}")), "{names:?}");
    assert!(names.contains(&format!("'{DASH_NAME}")), "{names:?}");
    assert!(!names.contains(&FORMULA_NAME.to_string()));
    let responses = std::fs::read_to_string(da.join("responses.csv")).unwrap();
    assert_eq!(responses.lines().count(), 1 + 4);
    assert!(!responses.contains(DASH_NAME));
    assert!(s.tokens.iter().all(|t| !responses.contains(t.as_str())));
    let bench = std::fs::read_to_string(da.join("benchmarks.csv")).unwrap();
    assert!(
        // min and max: empty (never shown).
        bench.contains("all;;overall;2;false;3;3;3,5;;;0;1;1;0;0"),
        "{bench}"
    );

    // CSV, English: commas and points.
    let en = dir.path().join("en");
    trappe_ok(
        &db,
        &[
            "export",
            "--round",
            &round,
            "--format",
            "csv",
            "--locale",
            "en",
            "--out",
            en.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(en.join("results.csv")).unwrap();
    let body = text.strip_prefix('\u{feff}').expect("a BOM");
    assert!(body.starts_with("org_id,name,kind,tags,responses,withheld,overall,"));
    assert!(body.contains(",3.5,3,"), "decimal point: {body}");
    assert!(!body.contains("3,5"));
    assert!(body.contains(&format!("\"'{}\"", FORMULA_NAME.replace('"', "\"\""))));

    // JSON: the results contract plus benchmarks and the exported responses.
    let json: Value = serde_json::from_str(&trappe_ok(
        &db,
        &["export", "--round", &round, "--format", "json"],
    ))
    .expect("JSON on stdout");
    assert_eq!(json["round"]["id"], s.round);
    assert_eq!(json["organisations"].as_array().unwrap().len(), 3);
    let all = &json["benchmarks"][0];
    assert_eq!(all["group"]["kind"], "all");
    assert_eq!(all["overall"]["best_in_class"], 3.5);
    let responses = json["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 4);
    assert!(responses.iter().all(|r| r["org_id"] != s.withheld));
    assert_eq!(responses[0]["response"], 1);
    assert!(responses
        .iter()
        .any(|r| r["answers"][&m.dimensions[0].questions[0].id] == "dk"));
    let text = json.to_string();
    assert!(s.tokens.iter().all(|t| !text.contains(t.as_str())));
    let out = dir.path().join("runde.json");
    trappe_ok(
        &db,
        &[
            "export",
            "--round",
            &round,
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let again: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(again, json);
}

#[test]
fn xlsx_without_out_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = trappe(
        dir.path().join("t.db").to_str().unwrap(),
        &["export", "--round", "1", "--format", "xlsx"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
}

#[tokio::test]
async fn downloads_need_an_organiser_and_come_as_attachments() {
    let s = setup().await;
    let m = Model::builtin();
    let r = s.round;
    let paths = [
        format!("/admin/rounds/{r}/export.xlsx"),
        format!("/admin/rounds/{r}/export.json"),
        format!("/admin/rounds/{r}/export/results.csv?locale=da"),
    ];
    let anonymous = raw_client();
    for p in &paths {
        let res = anonymous.get(s.app.url(p)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{p}");
        let to = res.headers()["location"].to_str().unwrap();
        assert!(to.starts_with("/login"), "{p} -> {to}");
    }

    let (c, _) = s.app.admin_client().await;
    let res = c.get(s.app.url(&paths[0])).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(
        res.headers()["content-disposition"],
        format!("attachment; filename=\"trappe-runde-{r}.xlsx\"").as_str()
    );
    let bytes = res.bytes().await.unwrap();
    let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    // In the page's words (see the localized test); the command line's has the ids.
    assert_eq!(
        wb.sheet_names(),
        ["results", "benchmarks", "responses", "own_words"]
    );
    let _ = &m;

    for (table, word) in [
        ("results", "resultater"),
        ("benchmarks", "benchmarks"),
        ("responses", "besvarelser"),
    ] {
        let res = c
            .get(
                s.app
                    .url(&format!("/admin/rounds/{r}/export/{table}.csv?locale=en")),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{table}");
        assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
        assert_eq!(
            res.headers()["content-disposition"],
            format!("attachment; filename=\"trappe-runde-{r}-{word}.csv\"").as_str()
        );
        let body = res.bytes().await.unwrap();
        assert!(body.starts_with("\u{feff}".as_bytes()));
        if table == "results" {
            let text = String::from_utf8(body.to_vec()).unwrap();
            assert!(text.contains(",3.5,"), "locale=en: {text}");
        }
    }
    let da = get_text(
        &c,
        s.app.url(&format!("/admin/rounds/{r}/export/results.csv")),
    )
    .await;
    assert!(da.contains(";3,5;"), "Danish by default");
    for (p, status) in [
        (format!("/admin/rounds/{r}/export/nothing.csv"), 404),
        (format!("/admin/rounds/{r}/export/results.txt"), 404),
        (
            format!("/admin/rounds/{r}/export/results.csv?locale=de"),
            400,
        ),
        ("/admin/rounds/999/export.xlsx".to_string(), 404),
    ] {
        let res = c.get(s.app.url(&p)).send().await.unwrap();
        assert_eq!(res.status(), status, "{p}");
    }

    let res = c.get(s.app.url(&paths[1])).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    assert_eq!(
        res.headers()["content-disposition"],
        format!("attachment; filename=\"trappe-runde-{r}.json\"").as_str()
    );
    let json: Value = res.json().await.unwrap();
    assert!(!json["benchmarks"].as_array().unwrap().is_empty());
    assert_eq!(json["responses"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn the_commands_that_read_results_or_export_data_write_the_audit_log() {
    let s = setup().await;
    let db = &s.app.db;
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let round = s.round.to_string();
    let aarhus = s.aarhus.to_string();
    let run = |args: &[&str]| {
        let out = trappe_cmd(db, args).env("USER", "revisor").output();
        succeeded(args, out.expect("run trappe"));
    };
    run(&["results", "--round", &round, "--format", "json"]);
    run(&["results", "--round", &round, "--org", &aarhus]);
    run(&[
        "report",
        "--round",
        &round,
        "--org",
        &aarhus,
        "--out",
        &out("r.html"),
    ]);
    run(&[
        "export",
        "--round",
        &round,
        "--format",
        "json",
        "--out",
        &out("e.json"),
    ]);
    run(&["org", "export", "--org", &aarhus, "--out", &out("o.json")]);
    let log = s.app.store.audit_log(10).await.unwrap();
    let got: Vec<(String, String, String)> = log
        .iter()
        .rev()
        .map(|e| {
            assert_eq!(e.actor.as_deref(), Some("cli"), "{e:?}");
            let detail = e.detail.clone().unwrap_or_default();
            assert!(detail.ends_with("; OS user revisor"), "{e:?}");
            (
                e.action.clone(),
                e.subject.clone().unwrap_or_default(),
                detail.split(';').next().unwrap_or("").to_string(),
            )
        })
        .collect();
    let r = format!("round {round}");
    let ra = format!("round {round} org {aarhus}");
    assert_eq!(
        got.iter()
            .map(|(a, s, d)| (a.as_str(), s.as_str(), d.as_str()))
            .collect::<Vec<_>>()[..4],
        [
            ("results_viewed", r.as_str(), "trappe results --format json"),
            (
                "results_viewed",
                ra.as_str(),
                "trappe results --format table"
            ),
            ("results_viewed", ra.as_str(), "report, trappe report"),
            ("export", r.as_str(), "json, trappe export"),
        ]
    );
    assert_eq!(got[4].0, "export");
    assert_eq!(got[4].1, format!("org {aarhus}"));
}

/// The XLSX number format of each cell of the first sheet's row 2, by column letter.
fn row2_formats(xlsx: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let styles = part("xl/styles.xml");
    let sheet = part("xl/worksheets/sheet1.xml");
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..].split('"').next()?.to_string())
    };
    let codes: Vec<(String, String)> = styles
        .split("<numFmt ")
        .skip(1)
        .filter_map(|t| {
            Some((
                attr(&format!(" {t}"), "numFmtId")?,
                attr(&format!(" {t}"), "formatCode")?,
            ))
        })
        .collect();
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xfs = xfs.split("</cellXfs>").next().unwrap();
    let fmt_ids: Vec<String> = xfs
        .split("<xf ")
        .skip(1)
        .map(|t| attr(&format!(" {t}"), "numFmtId").unwrap_or_else(|| "0".into()))
        .collect();
    let row = sheet.split("<row r=\"2\"").nth(1).unwrap();
    let row = row.split("</row>").next().unwrap();
    row.split("<c ")
        .skip(1)
        .map(|c| {
            let c = format!(" {c}");
            let col: String = attr(&c, "r")
                .unwrap()
                .chars()
                .filter(|x| x.is_ascii_alphabetic())
                .collect();
            let xf: usize = attr(&c, "s").map_or(0, |s| s.parse().unwrap());
            let id = &fmt_ids[xf];
            let code = codes
                .iter()
                .find(|(i, _)| i == id)
                .map_or_else(|| "General".to_string(), |(_, c)| c.clone());
            (col, code)
        })
        .collect()
}

/// Issue 15, item 3: a score never reads as a higher step than its own, in the XLSX
/// export's formats too (the value itself stays unrounded).
#[test]
fn xlsx_scores_are_formatted_so_they_never_read_as_the_next_step() {
    use trappe_web::measurement::export_view::{xlsx_sheets, Cell, Table, TableKind};
    let t = Table {
        kind: TableKind::Results,
        header: ["a", "b", "c", "d", "e", "f"].map(String::from).to_vec(),
        rows: vec![vec![
            Cell::Score(3.949),
            Cell::Score(3.95),
            Cell::Score(3.96),
            Cell::Score(3.999),
            Cell::Score(4.0),
            Cell::Number(3.96),
        ]],
    };
    let bytes = xlsx_sheets(&[(t.kind.name(), t.header.as_slice(), t.rows.as_slice())]).unwrap();
    let formats = row2_formats(&bytes);
    let want = [
        ("A", "0.0"),
        ("B", "0.00"),
        ("C", "0.00"),
        ("D", "0.000"),
        ("E", "0.0"),
        // a plain number: full precision, shown with up to three decimals
        ("F", "0.0##"),
    ];
    let got: Vec<(&str, &str)> = formats
        .iter()
        .map(|(c, f)| (c.as_str(), f.as_str()))
        .collect();
    assert_eq!(got, want);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("results").unwrap();
    assert_eq!(sheet.get((1, 2)), Some(&Data::Float(3.96)));
    assert_eq!(sheet.get((1, 3)), Some(&Data::Float(3.999)));
}

/// Issue 16 item 14 and issue 15 item 5: the downloads in the page's language (or
/// `lang`), CSV numbers with at most three decimals, XLSX at full precision; the
/// respondents' own words in a table of their own, only of organisations above the
/// minimum, sorted, never beside a role or a number.
#[tokio::test]
async fn exports_speak_the_pages_language_and_carry_own_words_only_above_the_minimum() {
    let s = setup().await;
    let r = s.round;
    // Own words: two of Aarhus (shown), one of the withheld organisation.
    for (org, text) in [
        (s.aarhus, "Silotænkning mellem forvaltningerne"),
        (s.aarhus, "Alt for mange systemer"),
        (s.withheld, "Kun vi tre ved det"),
    ] {
        let out = crate::helpers::db_shell(
            &s.app.db,
            &format!(
                "UPDATE responses SET own_barrier = '{text}' WHERE id = (SELECT MIN(id) FROM \
                 responses WHERE org_id = {org} AND own_barrier IS NULL)"
            ),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (c, _) = s.app.admin_client().await;
    let xlsx = |lang: &'static str| {
        let c = c.clone();
        let url = s.app.url(&format!("/admin/rounds/{r}/export.xlsx{lang}"));
        async move {
            let res = c.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let bytes = res.bytes().await.unwrap().to_vec();
            let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
            wb
        }
    };
    // Danish: the page's language by default.
    let mut wb = xlsx("").await;
    let results = wb.worksheet_range("results").unwrap();
    let h = header(&results);
    assert_eq!(
        h[..10],
        [
            "Organisations-id",
            "Navn",
            "Type",
            "Tags",
            "Besvarelser",
            "Tilbageholdt",
            "Samlet",
            "Samlet: trin",
            "Samlet: nedre grænse",
            "Samlet: øvre grænse"
        ]
    );
    let m = Model::builtin();
    assert!(h.contains(&m.dimensions[0].name.get("da").to_string()));
    let aarhus = rows_where(&results, 0, &Data::Float(s.aarhus as f64))[0];
    assert_eq!(aarhus[col(&h, "Tilbageholdt")], Data::String("nej".into()));
    // XLSX keeps full precision: the interval as the analysis computed it.
    let analysis = s.app.store.analysis(r).await.unwrap();
    let iv = analysis.intervals[analysis.index(s.aarhus).unwrap()]
        .overall
        .unwrap();
    assert_eq!(aarhus[col(&h, "Samlet: nedre grænse")], Data::Float(iv.lo));
    let responses = wb.worksheet_range("responses").unwrap();
    let rh = header(&responses);
    assert_eq!(
        rh[..4],
        ["Besvarelse", "Organisations-id", "Organisation", "Rolle"]
    );
    assert!(
        rh.contains(&"Barriere: Kompleks lovgivning".to_string()),
        "{rh:?}"
    );
    let cells: Vec<String> = responses.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        cells.contains(&"Medarbejder".to_string())
            || cells.iter().any(|c| c.starts_with("Topledelse"))
    );
    assert!(cells.contains(&"ved ikke".to_string()), "{cells:?}");
    assert!(
        !cells.iter().any(|c| c.contains("mellem forvaltningerne")),
        "no own words beside a response"
    );
    let bench = wb.worksheet_range("benchmarks").unwrap();
    let bh = header(&bench);
    assert_eq!(bh[..3], ["Gruppe", "Gruppens navn", "Mål"]);
    assert_eq!(bench.get((1, 0)), Some(&Data::String("alle".into())));
    assert_eq!(bench.get((1, 2)), Some(&Data::String("Samlet".into())));
    // Own words: only Aarhus's, sorted by text, with no role or number.
    let words = wb.worksheet_range("own_words").unwrap();
    assert_eq!(
        header(&words),
        ["Organisations-id", "Organisation", "Tekst"]
    );
    let texts: Vec<String> = words.rows().skip(1).map(|row| row[2].to_string()).collect();
    assert_eq!(
        texts,
        [
            "Alt for mange systemer",
            "Silotænkning mellem forvaltningerne"
        ]
    );

    // English, asked for.
    let mut wb = xlsx("?lang=en").await;
    let results = wb.worksheet_range("results").unwrap();
    let h = header(&results);
    assert_eq!(h[..2], ["Organisation id", "Name"]);
    let aarhus = rows_where(&results, 0, &Data::Float(s.aarhus as f64))[0];
    assert_eq!(aarhus[col(&h, "Withheld")], Data::String("no".into()));
    let responses = wb.worksheet_range("responses").unwrap();
    let cells: Vec<String> = responses.rows().flatten().map(|c| c.to_string()).collect();
    assert!(cells.contains(&"don't know".to_string()));
    assert!(header(&responses).contains(&"Barrier: Complex legislation".to_string()));

    // CSV, read back with a CSV reader: Danish words and separators, and no number with
    // more than three decimals (the intervals have many).
    for (lang, delim, first, yes_no) in [
        ("da", b';', "Organisations-id", "nej"),
        ("en", b',', "Organisation id", "no"),
    ] {
        for table in ["results", "benchmarks", "responses", "own_words"] {
            let text = get_text(
                &c,
                s.app.url(&format!(
                    "/admin/rounds/{r}/export/{table}.csv?locale={lang}&lang={lang}"
                )),
            )
            .await;
            let body = text.strip_prefix('\u{feff}').unwrap();
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(delim)
                .from_reader(body.as_bytes());
            let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
            if table != "benchmarks" {
                assert!(head.contains(&first.to_string()), "{table}: {head:?}");
            }
            let decimal = if lang == "da" { ',' } else { '.' };
            for rec in rdr.records() {
                for field in rec.unwrap().iter() {
                    let numeric = !field.is_empty()
                        && field
                            .chars()
                            .all(|ch| ch.is_ascii_digit() || ch == decimal || ch == '-');
                    if numeric {
                        if let Some((_, dec)) = field.split_once(decimal) {
                            assert!(dec.len() <= 3, "{table}.csv ({lang}): {field}");
                        }
                    }
                }
            }
            if table == "results" {
                assert!(
                    body.contains(&format!("{delim}{yes_no}{delim}", delim = delim as char)),
                    "{body}"
                );
            }
            if table == "own_words" {
                assert_eq!(body.lines().count(), 3, "{body}");
                assert!(!body.contains("Kun vi tre"), "withheld: {body}");
            }
        }
    }

    // The JSON keeps ids and full precision, and carries the own words the same way.
    let json: Value = c
        .get(s.app.url(&format!("/admin/rounds/{r}/export.json")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let words = json["own_words"].as_array().unwrap();
    assert_eq!(words.len(), 2);
    assert_eq!(words[0]["text"], "Alt for mange systemer");
    assert!(words
        .iter()
        .all(|w| w["org_id"] == s.aarhus && w.get("role").is_none()));

    // The command line keeps its ids unless --lang asks.
    let dir = tempfile::tempdir().unwrap();
    let round = r.to_string();
    let da = dir.path().join("da");
    trappe_ok(
        &s.app.db,
        &[
            "export",
            "--round",
            &round,
            "--format",
            "csv",
            "--lang",
            "da",
            "--out",
            da.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(da.join("results.csv")).unwrap();
    assert!(text.starts_with("\u{feff}Organisations-id;Navn;"), "{text}");
    let words = std::fs::read_to_string(da.join("own_words.csv")).unwrap();
    assert_eq!(words.lines().count(), 3);
}
