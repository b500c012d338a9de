//! The `trappe` command line, run as a real process on a fresh database.

use crate::helpers::{trappe, trappe_ok};
use serde_json::Value;
use std::path::Path;
use std::process::Output;
use trappe_core::Model;

pub(crate) struct Cli {
    dir: tempfile::TempDir,
    /// A SQLite file in `dir`, or a fresh PostgreSQL database (`TRAPPE_TEST_PG`).
    db: String,
}

impl Cli {
    pub(crate) fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::helpers::fresh_db(dir.path(), "t.db");
        Cli { dir, db }
    }
    pub(crate) fn db(&self) -> &str {
        &self.db
    }
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        trappe(self.db(), args)
    }
    /// Runs and expects success; returns stdout.
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        trappe_ok(self.db(), args)
    }
    /// Runs and expects failure; returns stderr.
    pub(crate) fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "trappe {args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }
    pub(crate) fn write(&self, name: &str, content: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p.to_str().unwrap().to_string()
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_measurement_by_cli_from_organisations_to_json_results() {
    let cli = Cli::new();
    let aarhus = cli.ok(&[
        "org",
        "add",
        "--name",
        "Aarhus Kommune",
        "--kind",
        "kommune",
        "--cvr",
        "55133018",
        "--tag",
        "Region Midt",
    ]);
    let aarhus: i64 = aarhus.trim().parse().expect("prints the new id");
    let vejle: i64 = cli
        .ok(&["org", "add", "--name", "Vejle Kommune", "--kind", "kommune"])
        .trim()
        .parse()
        .unwrap();
    assert!(cli
        .fails(&["org", "add", "--name", "X", "--kind", "kommune", "--cvr", "12345678"])
        .contains("modulus-11"));
    assert!(cli
        .fails(&["org", "add", "--name", "X", "--kind", "county"])
        .contains("unknown organisation kind"));

    let m = Model::builtin();
    let round: i64 = cli
        .ok(&[
            "round",
            "create",
            "--name",
            "Måling 2026",
            "--model",
            &m.id,
            "--min-responses",
            "2",
            "--results-shown",
            "batches",
        ])
        .trim()
        .parse()
        .unwrap();
    cli.ok(&["round", "open", &round.to_string()]);
    let links = cli.ok(&[
        "invite",
        "--round",
        &round.to_string(),
        "--org",
        "Aarhus Kommune",
        "--count",
        "4",
        "--base-url",
        "https://trappe.example.dk",
    ]);
    let links: Vec<&str> = links.lines().collect();
    assert_eq!(links.len(), 4);
    assert!(links
        .iter()
        .all(|l| l.starts_with("https://trappe.example.dk/s/") && l.len() == 28 + 64));

    // Two respondents of Aarhus, one of Vejle (withheld below 2).
    let d0: Vec<&str> = m.dimensions[0]
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    let header = format!("org,role,{}", d0.join(","));
    let csv = format!(
        "{header}\nAarhus Kommune,employee,1,2,3,4,5\n{aarhus},top_management,5,5,,,\n{vejle},,3,3,3,3,3\n"
    );
    let file = cli.write("answers.csv", &csv);
    assert!(cli
        .ok(&["responses", "import", "--round", &round.to_string(), &file])
        .contains("imported 3 responses"));

    let json: Value = serde_json::from_str(&cli.ok(&[
        "results",
        "--round",
        &round.to_string(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["model"]["id"], m.id);
    assert_eq!(json["model"]["version"], m.version);
    let orgs = json["organisations"].as_array().unwrap();
    let a = orgs.iter().find(|o| o["id"] == aarhus).unwrap();
    assert_eq!(a["responses"], 2);
    assert_eq!(a["withheld"], false);
    // Respondent 1: mean(1..5) = 3; respondent 2: 2 of 5 answered, fewer than half: undefined.
    let dim0 = &a["dimensions"][0];
    assert_eq!(dim0["id"], m.dimensions[0].id);
    assert_eq!(dim0["score"], 3.0);
    assert_eq!(dim0["level"], 3);
    assert_eq!(dim0["responses"], 1);
    // Only the first dimension has answers: overall equals it.
    assert_eq!(a["overall"]["score"], 3.0);
    assert_eq!(a["overall"]["level"], 3);
    assert_eq!(a["dimensions"][1]["score"], Value::Null);
    assert_eq!(a["dimensions"][1]["responses"], 0);
    let v = orgs.iter().find(|o| o["id"] == vejle).unwrap();
    assert_eq!(v["withheld"], true);
    assert_eq!(v["responses"], 1);
    assert_eq!(v["overall"]["score"], Value::Null);
    assert!(v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["score"].is_null() && d["level"].is_null()));

    let one: Value = serde_json::from_str(&cli.ok(&[
        "results",
        "--round",
        &round.to_string(),
        "--org",
        "Vejle Kommune",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(one["organisations"].as_array().unwrap().len(), 1);
    let csv_out = cli.ok(&["results", "--round", &round.to_string(), "--format", "csv"]);
    assert!(csv_out
        .lines()
        .next()
        .unwrap()
        .starts_with("org_id,org,responses,withheld,overall,level,strategy"));
    assert!(csv_out.contains(&format!("{aarhus},Aarhus Kommune,2,false,3,3,3,,")));
    let table = cli.ok(&["results", "--round", &round.to_string()]);
    assert!(table.contains("withheld: 1 of 2 responses"), "{table}");
}

#[test]
fn a_bad_import_names_line_and_column_and_imports_nothing() {
    let cli = Cli::new();
    cli.ok(&[
        "org",
        "add",
        "--name",
        "Aarhus Kommune",
        "--kind",
        "kommune",
    ]);
    let m = Model::builtin();
    let round = cli.ok(&[
        "round",
        "create",
        "--name",
        "R",
        "--model",
        &format!("{}@{}", m.id, m.version),
    ]);
    let round = round.trim();
    let q = &m.dimensions[0].questions[0].id;
    let file = cli.write(
        "bad.csv",
        &format!("org,role,{q}\nAarhus Kommune,employee,4\nAarhus Kommune,employee,9\n"),
    );
    let err = cli.fails(&["responses", "import", "--round", round, &file]);
    assert!(
        err.contains(&format!(
            "bad.csv: line 3, column '{q}': '9' is not an answer"
        )),
        "{err}"
    );
    assert!(err.contains("nothing was imported"));
    let json: Value =
        serde_json::from_str(&cli.ok(&["results", "--round", round, "--format", "json"])).unwrap();
    assert_eq!(
        json["organisations"].as_array().unwrap().len(),
        0,
        "no response of the file was stored"
    );
}

#[test]
fn models_are_shown_validated_and_imported_with_versions_pinned() {
    let cli = Cli::new();
    let json: Value =
        serde_json::from_str(&cli.ok(&["model", "show", "--format", "json"])).unwrap();
    assert_eq!(json["levels"].as_array().unwrap().len(), 5);
    assert_eq!(
        json["levels"][0]["name"]["da"],
        "Den umodne serviceorganisation"
    );
    let q = &json["dimensions"][0]["questions"][0];
    assert!(
        q["options"].as_array().unwrap().len() == 5
            && q.get("trait").is_some()
            && q["weight"].is_number()
    );
    assert_eq!(json["languages"], serde_json::json!(["da", "en"]));

    let src = trappe_core::model::BUILTIN_MODEL_TOML;
    let good = cli.write("m.toml", src);
    assert!(cli.ok(&["model", "validate", &good]).contains("valid"));

    // A changed model with the same version is refused; with a new version it is stored
    // beside the old one, and a round on the old version keeps it.
    let changed = src.replacen("weight = 1.0", "weight = 2.0", 1);
    let same_version = cli.write("same.toml", &changed);
    cli.ok(&["model", "import", &good]);
    assert!(cli
        .fails(&["model", "import", &same_version])
        .contains("new version"));
    let m = Model::builtin();
    let newer = cli.write(
        "newer.toml",
        &changed.replacen(
            &format!("version = \"{}\"", m.version),
            "version = \"9.0.0\"",
            1,
        ),
    );
    assert!(cli
        .ok(&["model", "import", &newer])
        .contains(&format!("{}@9.0.0", m.id)));
    let shown: Value = serde_json::from_str(&cli.ok(&[
        "model",
        "show",
        &format!("{}@9.0.0", m.id),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(shown["version"], "9.0.0");

    let broken = cli.write("broken.toml", &src.replacen("en = \"", "xx = \"", 1));
    let err = cli.fails(&["model", "validate", &broken]);
    assert!(err.contains("missing translation 'en'"), "{err}");
    assert!(err.contains("broken.toml: "), "{err}");
    let _ = cli.db();
}

#[test]
fn help_explains_every_command() {
    let cli = Cli::new();
    let help = cli.ok(&["--help"]);
    for cmd in [
        "serve",
        "model",
        "org",
        "round",
        "invite",
        "responses",
        "results",
        "demo",
    ] {
        assert!(help.contains(cmd), "{cmd} missing from --help");
    }
    assert!(cli.ok(&["results", "--help"]).contains("--format"));
    assert!(cli.ok(&["invite", "--help"]).contains("--count"));
}

#[test]
fn demo_fills_a_round_that_scores() {
    let cli = Cli::new();
    let round = cli.ok(&["demo", "--orgs", "6", "--respondents", "4", "--seed", "1"]);
    let json: Value =
        serde_json::from_str(&cli.ok(&["results", "--round", round.trim(), "--format", "json"]))
            .unwrap();
    let orgs = json["organisations"].as_array().unwrap();
    assert_eq!(orgs.len(), 6);
    assert!(orgs
        .iter()
        .all(|o| o["responses"] == 4 && o["overall"]["score"].is_number()));
}

#[test]
fn results_json_carries_benchmarks_percentiles_and_intervals_by_hand() {
    let cli = Cli::new();
    let m = Model::builtin();
    // name, kind, tags, level of every answer, respondents
    // Five kommuner and five regions (each exactly min_orgs), two state agencies.
    let orgs: [(&str, &str, &[&str], u8, usize); 13] = [
        ("A Kommune", "kommune", &["Midt"], 1, 2),
        ("B Kommune", "kommune", &["Midt"], 2, 2),
        ("C Kommune", "kommune", &["Midt"], 3, 2),
        ("D Kommune", "kommune", &["Midt"], 4, 2),
        ("E Kommune", "kommune", &[], 5, 2),
        ("F Region", "region", &[], 3, 2),
        ("H Region", "region", &[], 2, 2),
        ("I Region", "region", &[], 4, 2),
        ("J Region", "region", &[], 1, 2),
        ("K Region", "region", &[], 5, 2),
        ("L Styrelse", "stat", &[], 3, 2),
        ("M Styrelse", "stat", &[], 3, 2),
        ("G Kommune", "kommune", &["Midt"], 5, 1),
    ];
    let qs: Vec<&str> = m
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.as_str()))
        .collect();
    let mut csv = format!("org,role,{}\n", qs.join(","));
    for (name, kind, tags, level, n) in orgs {
        let mut args = vec!["org", "add", "--name", name, "--kind", kind];
        for t in tags {
            args.extend(["--tag", t]);
        }
        cli.ok(&args);
        for _ in 0..n {
            csv.push_str(&format!(
                "{name},employee,{}\n",
                vec![level.to_string(); qs.len()].join(",")
            ));
        }
    }
    let round = cli.ok(&[
        "round",
        "create",
        "--name",
        "R",
        "--model",
        &m.id,
        "--min-responses",
        "2",
        "--min-orgs",
        "5",
    ]);
    let round = round.trim();
    let file = cli.write("all.csv", &csv);
    cli.ok(&["responses", "import", "--round", round, &file]);
    // Results show once the round closes (the default).
    cli.ok(&["round", "close", round]);
    let json: Value =
        serde_json::from_str(&cli.ok(&["results", "--round", round, "--format", "json"])).unwrap();

    let group = |kind: &str, value: Value| {
        json["benchmarks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"]["kind"] == kind && g["group"]["value"] == value)
            .unwrap_or_else(|| panic!("no group {kind} {value}"))
            .clone()
    };
    // All: 1 1 2 2 3 3 3 3 4 4 5 5 (G is withheld and counts nowhere).
    let all = group("all", Value::Null);
    assert_eq!(all["n"], 12);
    assert_eq!(all["withheld"], false);
    assert_eq!(all["overall"]["mean"], 3.0);
    assert_eq!(all["overall"]["median"], 3.0);
    // Best in class: the top max(ceil(12/4), 5) = 5: (5 + 5 + 4 + 4 + 3) / 5; 7 below.
    assert_eq!(all["overall"]["best_in_class"], 4.2);
    // Minimum and maximum: each one organisation's exact score, never shown.
    assert_eq!(all["overall"]["min"], Value::Null);
    assert_eq!(all["overall"]["max"], Value::Null);
    assert_eq!(all["overall"]["levels"], serde_json::json!([2, 2, 4, 2, 2]));
    assert_eq!(all["dimensions"][0]["id"], m.dimensions[0].id);
    assert_eq!(all["dimensions"][0]["best_in_class"], 4.2);
    assert_eq!(all["dimensions"][0]["withheld"], false);
    // Kommune: 1 2 3 4 5, exactly at min_orgs: shown; best in class needs 10.
    let k = group("kind", "kommune".into());
    assert_eq!(
        (k["n"].clone(), k["withheld"].clone()),
        (5.into(), false.into())
    );
    assert_eq!(k["overall"]["median"], 3.0);
    assert_eq!(k["overall"]["best_in_class"], Value::Null);
    // Stat: 2, withheld. Region: 5, but all − kommune − region would be the two state
    // agencies: withheld. Tag Midt: 4 with results (G withheld): withheld.
    let st = group("kind", "stat".into());
    assert_eq!(
        (st["n"].clone(), st["withheld"].clone()),
        (2.into(), true.into())
    );
    let r = group("kind", "region".into());
    assert_eq!(
        (r["n"].clone(), r["withheld"].clone()),
        (5.into(), true.into())
    );
    assert_eq!(r["overall"], Value::Null);
    assert_eq!(r["dimensions"][0]["withheld"], true);
    let midt = group("tag", "Midt".into());
    assert_eq!(
        (midt["n"].clone(), midt["withheld"].clone()),
        (4.into(), true.into())
    );
    assert_eq!(midt["overall"], Value::Null);

    let org = |name: &str| {
        json["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .unwrap()
            .clone()
    };
    let d = org("D Kommune");
    let p = d["percentiles"].as_array().unwrap();
    assert_eq!(p.len(), 2, "all and kommune; Midt is withheld");
    assert_eq!(
        p[0]["group"],
        serde_json::json!({"kind": "all", "value": null})
    );
    assert_eq!(p[0]["overall"], 75.0);
    assert_eq!(
        p[1]["group"],
        serde_json::json!({"kind": "kind", "value": "kommune"})
    );
    assert_eq!(p[1]["overall"], 70.0);
    assert_eq!(p[1]["dimensions"][&m.dimensions[0].id], 70.0);
    assert_eq!(org("C Kommune")["percentiles"][0]["overall"], 50.0);
    // Two identical respondents: no uncertainty.
    assert_eq!(d["overall"]["interval"], serde_json::json!([4.0, 4.0]));
    assert_eq!(
        d["dimensions"][0]["interval"],
        serde_json::json!([4.0, 4.0])
    );
    let g = org("G Kommune");
    assert_eq!(g["withheld"], true);
    assert_eq!(g["overall"]["interval"], Value::Null);
    assert_eq!(g["percentiles"], serde_json::json!([]));
}

/// Every row of every table of a database, as its shell (sqlite3 or psql) prints it.
fn dump_tables(db: &str) -> Vec<(String, String)> {
    let tables = crate::helpers::db_shell(
        db,
        if crate::helpers::on_postgres() {
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename COLLATE \"C\""
        } else {
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        },
    );
    String::from_utf8(tables.stdout)
        .unwrap()
        .lines()
        .map(|t| {
            let rows = crate::helpers::db_shell(db, &format!("SELECT * FROM \"{t}\" ORDER BY 1"));
            (
                t.to_string(),
                String::from_utf8_lossy(&rows.stdout).into_owned(),
            )
        })
        .collect()
}

#[test]
fn backup_and_restore_round_trip_every_table() {
    let cli = Cli::new();
    let round = cli.ok(&["demo", "--orgs", "6", "--respondents", "4", "--seed", "3"]);
    cli.ok(&[
        "org",
        "add",
        "--name",
        "Ærø Kommune",
        "--kind",
        "kommune",
        "--tag",
        "Syd",
    ]);
    cli.ok(&[
        "invite",
        "--round",
        round.trim(),
        "--org",
        "Ærø Kommune",
        "--count",
        "2",
    ]);
    let backup = cli.dir.path().join("backup.db");
    cli.ok(&["backup", path(&backup)]);
    // Into a new database (a new file; on PostgreSQL an empty database).
    let restored = crate::helpers::fresh_db(cli.dir.path(), "restored.db");
    assert!(
        cli.fails(&["backup", path(&backup)]).contains("exists"),
        "never overwrites"
    );

    // Restore and compare every table with the original.
    trappe_ok(&restored, &["restore", path(&backup)]);
    let a = dump_tables(cli.db());
    let b = dump_tables(&restored);
    assert!(a.len() >= 15, "{} tables", a.len());
    assert_eq!(
        a.iter().map(|t| &t.0).collect::<Vec<_>>(),
        b.iter().map(|t| &t.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(x, y, "table {name} differs after restore");
    }
    assert!(a
        .iter()
        .any(|(n, rows)| n == "responses" && rows.lines().count() == 24));

    // An existing database is not replaced by accident; a non-database is refused.
    let again = trappe(&restored, &["restore", path(&backup)]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--replace"));
    let junk = cli.write("junk.db", "not a database");
    let bad = trappe(
        &crate::helpers::fresh_db(cli.dir.path(), "x.db"),
        &["restore", &junk],
    );
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("not a"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn migrate_is_explicit_and_a_newer_database_is_refused() {
    let cli = Cli::new();
    // serve --no-migrate on a fresh file: told to migrate first.
    let err = cli.fails(&["serve", "--no-migrate", "--bind", "127.0.0.1:0"]);
    assert!(err.contains("run `trappe migrate` first"), "{err}");
    assert!(cli.ok(&["migrate"]).contains("is at migration"));
    cli.ok(&["org", "add", "--name", "A", "--kind", "kommune"]);
    // A database that a newer Trappe migrated is left alone, by every command.
    let out = crate::helpers::db_shell(
        cli.db(),
        if crate::helpers::on_postgres() {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99999, 'from the future', true, '\\x00', 0)"
        } else {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99999, 'from the future', 1, x'00', 0)"
        },
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for args in [&["migrate"][..], &["org", "list"][..]] {
        let err = cli.fails(args);
        assert!(
            err.contains("newer Trappe") && err.contains("99999"),
            "{err}"
        );
    }
}

/// The general model format (groups, scales, values, unanswered and not-applicable
/// rules) must not move the built-in model's results by one bit: the digest of the demo
/// round's full results JSON, computed on main before the model format was generalised.
#[test]
fn the_builtin_models_demo_results_are_unchanged_to_the_bit() {
    use sha2::{Digest, Sha256};
    let cli = Cli::new();
    let round = cli.ok(&["demo", "--orgs", "6", "--respondents", "4", "--seed", "1"]);
    let json = cli.ok(&["results", "--round", round.trim(), "--format", "json"]);
    let digest: String = Sha256::digest(json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        digest, "06651b5af8131bc7f82a9c33d00112c4af28c847025082b1916cdc0814f981ce",
        "the built-in model's demo results changed:\n{json}"
    );
}
