//! `trappe contacts analyze` on small hand-made files with known answers.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    trappe_bare(args).output().expect("run trappe")
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn analyze(args: &[&str]) -> (Value, String) {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "trappe {args:?} failed: {stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

/// 100 lines: the header and contacts 1 to 99, of which line 57 (contact 56) is broken.
/// Contacts 1 to 10 share a citizen and case at the same instant (ties: ordered by id,
/// each but the last repeated); the others have a citizen each.
fn hundred_lines() -> String {
    let mut s = String::from(
        "contact_id,org_id,timestamp,channel,service,citizen_key,case_key,duration_s,resolved,satisfaction,effort\n",
    );
    for id in 1..=99u32 {
        let channel = if id == 56 {
            "fax"
        } else if id % 2 == 1 {
            "phone"
        } else {
            "web"
        };
        let citizen = if id <= 10 {
            "c0".to_string()
        } else {
            format!("c{id}")
        };
        let sat = if id <= 20 {
            (id % 5 + 1).to_string()
        } else {
            String::new()
        };
        let effort = if id <= 14 {
            (id % 7 + 1).to_string()
        } else {
            String::new()
        };
        s.push_str(&format!(
            "{id},K101,2025-06-10T08:00:00Z,{channel},pension,{citizen},k0,60,1,{sat},{effort}\n"
        ));
    }
    s
}

#[test]
fn nine_hundred_refused_rows_read_as_two_groups_not_nine_hundred_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("contact_id,org_id,timestamp,channel,service\n");
    // Rows 1-600 a channel nobody knows, 601-900 no time, 901-1000 good.
    for id in 1..=1000u32 {
        let (time, channel) = match id {
            1..=600 => ("2025-06-10T08:00:00Z", "fax"),
            601..=900 => ("i går", "phone"),
            _ => ("2025-06-10T08:00:00Z", "web"),
        };
        text.push_str(&format!("{id},K101,{time},{channel},pension\n"));
    }
    let file = write(&dir, "log.csv", text.as_bytes());
    let (got, stderr) = analyze(&["contacts", "analyze", file.to_str().unwrap()]);
    assert_eq!(
        (got["rows"].as_u64(), got["rejected"].as_u64()),
        (Some(100), Some(900))
    );
    assert!(
        stderr.contains("log.csv: 600 row(s) rejected, column channel: unknown channel 'fax'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("log.csv: 300 row(s) rejected, column timestamp"),
        "{stderr}"
    );
    // Each group's first five lines, in file order, then how many more.
    assert!(
        stderr.contains("log.csv: rejected: line 2, column channel"),
        "{stderr}"
    );
    assert!(
        stderr.contains("log.csv: rejected: line 602, column timestamp"),
        "{stderr}"
    );
    assert!(!stderr.contains("line 7,"), "{stderr}");
    assert_eq!(
        stderr.matches("log.csv: rejected: line").count(),
        10,
        "{stderr}"
    );
    assert!(
        stderr.contains("... and 595 more row(s) rejected, column channel"),
        "{stderr}"
    );
    assert!(stderr.lines().count() < 20, "{stderr}");
}

#[test]
fn a_broken_row_on_line_57_is_reported_and_the_rest_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let text = hundred_lines();
    assert_eq!(text.lines().count(), 100);
    let file = write(&dir, "log.csv", text.as_bytes());
    for threads in ["1", "2", "3"] {
        let (got, stderr) = analyze(&[
            "contacts",
            "analyze",
            file.to_str().unwrap(),
            "--threads",
            threads,
        ]);
        assert!(
            stderr.contains("log.csv: rejected: line 57, column channel: unknown channel 'fax'"),
            "{stderr}"
        );
        assert_eq!(stderr.matches("rejected:").count(), 1, "{stderr}");
        let want = json!({
            "rows": 98,
            "rejected": 1,
            "channel_mix": [
                {"org": "K101", "channel": "phone", "contacts": 50, "share": 50.0 / 98.0},
                {"org": "K101", "channel": "web", "contacts": 48, "share": 48.0 / 98.0},
            ],
            "digital_share": [
                {"org": "K101", "month": "2025-06", "contacts": 98, "digital": 48, "share": 48.0 / 98.0},
            ],
            "repeats": [
                {"org": "K101", "channel": "phone", "contacts": 50, "repeated": 5, "rate": 0.1, "keyed": 50, "repeat_rate": 0.1},
                {"org": "K101", "channel": "web", "contacts": 48, "repeated": 4, "rate": 4.0 / 48.0, "keyed": 48, "repeat_rate": 4.0 / 48.0},
            ],
            "satisfaction": [
                {"org": "K101", "service": "pension", "answered": 20, "mean": 3.0, "csat": 0.4,
                 "effort_answered": 14, "effort_mean": 4.0, "effort_high_share": 6.0 / 14.0},
            ],
        });
        assert_eq!(got, want, "threads {threads}");
    }
    // a shorter window changes nothing here (the ties are 0 s apart); a file that is
    // not there fails
    let (got, _) = analyze(&[
        "contacts",
        "analyze",
        file.to_str().unwrap(),
        "--window-days",
        "0",
    ]);
    assert_eq!(got["repeats"][0]["repeated"], 5);
    let out = run(&["contacts", "analyze", "/nonexistent/log.csv"]);
    assert!(!out.status.success());
}

/// The mapping of both Danish exports below: their column and channel names, day-first
/// dates. The imported one has no "Kommune" column; a mapped column a file lacks is ignored.
const DANISH_MAPPING: &str = r#"
date_order = "day-first"

[columns]
"Løbenr" = "contact_id"
"Kommune" = "org_id"
"Tidspunkt" = "timestamp"
"Kanal" = "channel"
"Ydelse" = "service"
"Borger" = "citizen_key"
"Sag" = "case_key"
"Varighed" = "duration_s"
"Tilfredshed" = "satisfaction"
"Indsats" = "effort"

[channels]
"Telefon" = "phone"
"Borgerservice" = "front_desk"
"Selvbetjening" = "selfservice"
"#;

#[test]
fn a_danish_excel_export_through_a_mapping() {
    let dir = tempfile::tempdir().unwrap();
    // Windows-1252, semicolons, CRLF, day-first dates in local time, decimal commas,
    // Danish channel names and a free-text column that is ignored
    let text =
        "Løbenr;Kommune;Tidspunkt;Kanal;Ydelse;Borger;Sag;Varighed;Tilfredshed;Indsats;Noter\r\n\
1;Køge;01-07-2025 00:10;Telefon;Børneattest;b1;s1;12,5;4,0;2;ring tilbage\r\n\
2;Køge;30-06-2025 23:30;Selvbetjening;Børneattest;b1;s1;;5;;\r\n\
3;Køge;02-07-2025 09:00;Borgerservice;Pas;b2;s2;300;;6;\r\n\
4;Ærø;15-01-2025 12:00;selvbetjening;Pas;;;;2;;\r\n";
    let bytes = windows_1252(text);
    let file = write(&dir, "eksport.csv", &bytes);
    let mapping = write(&dir, "mapping.toml", DANISH_MAPPING.as_bytes());
    let (got, stderr) = analyze(&[
        "contacts",
        "analyze",
        file.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
    ]);
    assert!(!stderr.contains("rejected"), "{stderr}");
    let third = 1.0 / 3.0;
    let want = json!({
        "rows": 4,
        "rejected": 0,
        "channel_mix": [
            {"org": "Køge", "channel": "front_desk", "contacts": 1, "share": third},
            {"org": "Køge", "channel": "phone", "contacts": 1, "share": third},
            {"org": "Køge", "channel": "selfservice", "contacts": 1, "share": third},
            {"org": "Ærø", "channel": "selfservice", "contacts": 1, "share": 1.0},
        ],
        "digital_share": [
            {"org": "Køge", "month": "2025-06", "contacts": 1, "digital": 1, "share": 1.0},
            {"org": "Køge", "month": "2025-07", "contacts": 2, "digital": 0, "share": 0.0},
            {"org": "Ærø", "month": "2025-01", "contacts": 1, "digital": 1, "share": 1.0},
        ],
        "repeats": [
            {"org": "Køge", "channel": "front_desk", "contacts": 1, "repeated": 0, "rate": 0.0, "keyed": 1, "repeat_rate": 0.0},
            {"org": "Køge", "channel": "phone", "contacts": 1, "repeated": 0, "rate": 0.0, "keyed": 1, "repeat_rate": 0.0},
            {"org": "Køge", "channel": "selfservice", "contacts": 1, "repeated": 1, "rate": 1.0, "keyed": 1, "repeat_rate": 1.0},
            // no keys: the rate cannot be computed (`rate` stays a number: a contract)
            {"org": "Ærø", "channel": "selfservice", "contacts": 1, "repeated": 0, "rate": 0.0, "keyed": 0, "repeat_rate": null},
        ],
        "satisfaction": [
            {"org": "Køge", "service": "Børneattest", "answered": 2, "mean": 4.5, "csat": 1.0,
             "effort_answered": 1, "effort_mean": 2.0, "effort_high_share": 0.0},
            {"org": "Køge", "service": "Pas", "answered": 0, "mean": null, "csat": null,
             "effort_answered": 1, "effort_mean": 6.0, "effort_high_share": 1.0},
            {"org": "Ærø", "service": "Pas", "answered": 1, "mean": 2.0, "csat": 0.0,
             "effort_answered": 0, "effort_mean": null, "effort_high_share": null},
        ],
    });
    assert_eq!(got, want);

    // the table format prints the same, readably
    let out = run(&[
        "contacts",
        "analyze",
        file.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
        "--format",
        "table",
    ]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("rows analysed: 4, rejected: 0"), "{table}");
    assert!(table.contains("Børneattest"), "{table}");

    // without the mapping the Danish columns are refused, naming what is missing
    let out = run(&["contacts", "analyze", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing column(s) contact_id, org_id, timestamp, channel"),
        "{err}"
    );
}

/// Windows-1252 bytes of `text` (whose characters are all Latin-1 letters here).
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(c as u32).expect("a Latin-1 character"))
        .collect()
}

// ---- trappe contacts import: the stored log, its cube, privacy ----

use crate::helpers::{db_shell, fresh_db, on_postgres, trappe, trappe_bare, trappe_cmd, trappe_ok};
use std::collections::BTreeMap;

const HEAD: &str = "contact_id,org_id,timestamp,channel,service,citizen_key,case_key,duration_s,resolved,satisfaction,effort\n";

/// A fresh database with the organisation "Testby" (id 1).
fn testby(dir: &tempfile::TempDir) -> String {
    let db = fresh_db(dir.path(), "t.db");
    trappe_ok(
        &db,
        &["org", "add", "--name", "Testby", "--kind", "kommune"],
    );
    db
}

pub(crate) fn sql(db: &str, query: &str) -> String {
    let out = db_shell(db, query);
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn hex_of(column: &str) -> String {
    if on_postgres() {
        format!("upper(encode({column}, 'hex'))")
    } else {
        format!("hex({column})")
    }
}

/// The organisation's export (`trappe org export`) as JSON.
fn export(db: &str, dir: &tempfile::TempDir) -> Value {
    let out = dir.path().join("export.json");
    trappe_ok(
        db,
        &[
            "org",
            "export",
            "--org",
            "Testby",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap()
}

fn cube(db: &str, dir: &tempfile::TempDir) -> Value {
    export(db, dir)["contact_log"]["cube"].clone()
}

/// Checks that the cube's sums equal `contacts analyze`'s figures for a file of one
/// organisation: channel mix, repeats, digital share by month, satisfaction and effort.
fn assert_cube_equals_analysis(cube: &Value, analysis: &Value) {
    let cells = cube["cells"].as_array().unwrap();
    let n = |c: &Value, k: &str| c[k].as_u64().unwrap();
    let mut by_channel: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut by_month: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut by_service: BTreeMap<String, [u64; 6]> = BTreeMap::new();
    let digital = |ch: &str| !matches!(ch, "phone" | "front_desk" | "letter");
    for c in cells {
        let ch = c["channel"].as_str().unwrap().to_string();
        let e = by_channel.entry(ch.clone()).or_default();
        e.0 += n(c, "contacts");
        e.1 += n(c, "repeated");
        let m = by_month
            .entry(c["month"].as_str().unwrap().to_string())
            .or_default();
        m.0 += n(c, "contacts");
        m.1 += if digital(&ch) { n(c, "contacts") } else { 0 };
        let s = by_service
            .entry(c["service"].as_str().unwrap().to_string())
            .or_default();
        for (i, k) in [
            "satisfaction_answered",
            "satisfaction_sum",
            "satisfaction_high",
            "effort_answered",
            "effort_sum",
            "effort_high",
        ]
        .iter()
        .enumerate()
        {
            s[i] += n(c, k);
        }
    }
    let total: u64 = by_channel.values().map(|v| v.0).sum();
    assert_eq!(total, analysis["rows"].as_u64().unwrap());
    let mix: BTreeMap<String, (u64, u64)> = analysis["repeats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["channel"].as_str().unwrap().to_string(),
                (n(r, "contacts"), n(r, "repeated")),
            )
        })
        .collect();
    assert_eq!(by_channel, mix, "contacts and repeats per channel");
    let months: BTreeMap<String, (u64, u64)> = analysis["digital_share"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["month"].as_str().unwrap().to_string(),
                (n(r, "contacts"), n(r, "digital")),
            )
        })
        .collect();
    assert_eq!(by_month, months, "contacts and digital contacts per month");
    for r in analysis["satisfaction"].as_array().unwrap() {
        let s = by_service[r["service"].as_str().unwrap_or("")];
        assert_eq!(s[0], n(r, "answered"));
        assert_eq!(s[3], n(r, "effort_answered"));
        if s[0] > 0 {
            assert!((s[1] as f64 / s[0] as f64 - r["mean"].as_f64().unwrap()).abs() < 1e-12);
            assert!((s[2] as f64 / s[0] as f64 - r["csat"].as_f64().unwrap()).abs() < 1e-12);
        }
        if s[3] > 0 {
            let m = r["effort_mean"].as_f64().unwrap();
            assert!((s[4] as f64 / s[3] as f64 - m).abs() < 1e-12);
            let h = r["effort_high_share"].as_f64().unwrap();
            assert!((s[5] as f64 / s[3] as f64 - h).abs() < 1e-12);
        }
    }
    assert_eq!(
        by_service.len(),
        analysis["satisfaction"].as_array().unwrap().len()
    );
}

/// The issue's hard cases in one organisation's log: ties in time, exactly 7 days, empty
/// keys, and the month boundary at midnight in Copenhagen in summer and in winter.
fn quality_log() -> String {
    let mut s = HEAD.to_string();
    for r in [
        // a tie: 5 (chat) comes before 9 (phone) at the same second, so 5 is repeated
        "9,K101,2025-03-01T10:00:00Z,phone,pas,c1,k1,60,1,5,2",
        "5,K101,2025-03-01T10:00:00Z,chat,pas,c1,k1,,0,4,",
        "12,K101,2025-03-20T10:00:00Z,email,pas,c1,k1,,,,",
        // exactly 7 days: 20 is repeated; 7 days and a second: 22 is not
        "20,K101,2025-03-01T10:00:00Z,phone,kørekort,c2,k2,,,3,6",
        "21,K101,2025-03-08T10:00:00Z,web,kørekort,c2,k2,,,,",
        "22,K101,2025-03-01T10:00:00Z,phone,kørekort,c3,k3,,,,",
        "23,K101,2025-03-08T10:00:01Z,web,kørekort,c3,k3,,,,",
        // empty keys are never repeated
        "30,K101,2025-03-02T10:00:00Z,sms,,,k4,,,,",
        "31,K101,2025-03-02T11:00:00Z,sms,,,k4,,,,",
        "32,K101,2025-03-02T10:00:00Z,letter,,c5,,,,1,7",
        "33,K101,2025-03-02T11:00:00Z,letter,,c5,,,,,",
        // summer: 30 June 22:00 UTC is 1 July 00:00 in Copenhagen
        "40,K101,2025-06-30T21:59:59Z,web,pas,,,,,,",
        "41,K101,2025-06-30T22:00:00Z,phone,pas,,,,,,",
        // winter: 31 January 23:00 UTC is 1 February 00:00 (a local time without a zone)
        "42,K101,2025-01-31T22:59:59Z,phone,pas,,,,,,",
        "43,K101,2025-01-31 23:59:59,letter,pas,,,,,,",
        "44,K101,2025-01-31T23:00:00Z,app,pas,,,,,2,",
    ] {
        s.push_str(r);
        s.push('\n');
    }
    s
}

#[test]
fn an_imported_log_gives_the_cube_that_analyze_gives() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    let file = write(&dir, "log.csv", quality_log().as_bytes());
    let f = file.to_str().unwrap();
    let (analysis, _) = analyze(&["contacts", "analyze", f]);
    // small blocks on three threads: the parallel path, in order
    let out = trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            f,
            "--threads",
            "3",
            "--block-bytes",
            "200",
        ],
    );
    assert!(out.contains("16 rows imported, 0 rejected"), "{out}");
    let c = cube(&db, &dir);
    assert_cube_equals_analysis(&c, &analysis);
    assert_eq!(c["window_s"], 604_800);
    let cells = c["cells"].as_array().unwrap();
    let repeated: Vec<(&str, &str)> = cells
        .iter()
        .filter(|x| x["repeated"].as_u64().unwrap() > 0)
        .map(|x| (x["channel"].as_str().unwrap(), x["month"].as_str().unwrap()))
        .collect();
    assert_eq!(repeated, [("chat", "2025-03"), ("phone", "2025-03")]);
    let months: Vec<&str> = cells.iter().map(|x| x["month"].as_str().unwrap()).collect();
    assert_eq!(
        months.iter().filter(|m| **m == "2025-02").count(),
        1,
        "only 44 is in February: {months:?}"
    );
    assert!(months.contains(&"2025-07"));

    // Importing the same file again replaces every contact: nothing doubles, and the
    // cube (now built from the stored compact log and the file) is the same.
    let out = trappe_ok(&db, &["contacts", "import", "--org", "1", f]);
    assert!(
        out.contains("the organisation now has 16 contacts"),
        "{out}"
    );
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "16");
    assert_eq!(cube(&db, &dir), c);

    // A changed contact replaces the stored one; a new one is added.
    let changed = quality_log().replace(
        "23,K101,2025-03-08T10:00:01Z,web",
        "23,K101,2025-03-08T10:00:00Z,web",
    ) + "99,K101,2025-03-09T10:00:00Z,web,pas,,,,,,\n";
    let file2 = write(&dir, "log2.csv", changed.as_bytes());
    // without its compact log (as before it existed) the stored contacts are read back
    sql(
        &db,
        "DELETE FROM contact_log_chunks; DELETE FROM contact_cubes; SELECT 1",
    );
    trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file2.to_str().unwrap(),
        ],
    );
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "17");
    let (analysis2, _) = analyze(&["contacts", "analyze", file2.to_str().unwrap()]);
    let c2 = cube(&db, &dir);
    assert_cube_equals_analysis(&c2, &analysis2);
    assert_ne!(c2, c, "22 is now repeated (exactly 7 days)");
    assert_eq!(
        sql(
            &db,
            "SELECT status, rows, rejected FROM contact_imports ORDER BY id"
        ),
        "done|16|0\ndone|16|0\ndone|17|0"
    );
}

#[test]
fn keys_are_stored_only_as_keyed_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    let file = write(&dir, "log.csv", quality_log().as_bytes());
    trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    );
    let stored = sql(
        &db,
        &format!(
            "SELECT {}, {} FROM contacts WHERE contact_id = 9",
            hex_of("citizen_key"),
            hex_of("case_key")
        ),
    );
    let (citizen, case) = stored.split_once('|').unwrap();
    assert_eq!(citizen.len(), 32, "16 bytes: {stored}");
    assert_ne!(citizen, "6331", "not the plain key 'c1'");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt.block_on(trappe_store::Store::open(&db)).unwrap();
    let hex = |b: Vec<u8>| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    assert_eq!(citizen, hex(store.contact_key(1, "c1")));
    assert_eq!(case, hex(store.contact_key(1, "k1")));
    // the same key in another organisation is another pseudonym
    assert_ne!(store.contact_key(1, "c1"), store.contact_key(2, "c1"));
    // empty stays empty
    assert_eq!(
        sql(
            &db,
            "SELECT length(citizen_key), length(case_key) FROM contacts WHERE contact_id = 30"
        ),
        "0|16"
    );
    // no stored text holds a plain key
    let dump = crate::helpers::db_dump(&db);
    for plain in ["c1", "k1", "c5"] {
        assert!(
            !dump.contains(&format!("'{plain}'")),
            "{plain} stored plainly"
        );
    }
}

/// Header and contacts 1 to 100 (lines 2 to 101), of which line 57 (contact 56) has an
/// unknown channel.
fn hundred_rows() -> String {
    let mut s = HEAD.to_string();
    for id in 1..=100u32 {
        let channel = match id {
            56 => "fax",
            _ if id % 2 == 1 => "phone",
            _ => "web",
        };
        s.push_str(&format!(
            "{id},K101,2025-06-10T08:00:00Z,{channel},pension,c{id},k0,60,1,,\n"
        ));
    }
    s
}

#[test]
fn a_broken_row_on_line_57_rejects_the_file_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    let file = write(&dir, "log.csv", hundred_rows().as_bytes());
    let f = file.to_str().unwrap();
    for blocks in ["300", "4000000"] {
        let out = trappe(
            &db,
            &[
                "contacts",
                "import",
                "--org",
                "Testby",
                f,
                "--block-bytes",
                blocks,
            ],
        );
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("log.csv: rejected: line 57, column channel: unknown channel 'fax'"),
            "{err}"
        );
        assert!(
            err.contains("1 bad row(s): nothing imported from this file"),
            "{err}"
        );
        assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "0");
    }
    let first = sql(
        &db,
        "SELECT status, rows, rejected, message FROM contact_imports WHERE id = 1",
    );
    assert!(
        first.starts_with("rejected|0|1|line 57, column channel: unknown channel 'fax'"),
        "{first}"
    );

    let bad = dir.path().join("bad.csv");
    let out = trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            f,
            "--skip-bad",
            bad.to_str().unwrap(),
            "--block-bytes",
            "300",
        ],
    );
    assert!(out.contains("99 rows imported, 1 rejected"), "{out}");
    assert!(out.contains("wrote 1 bad row(s) to"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        format!("{HEAD}56,K101,2025-06-10T08:00:00Z,fax,pension,c56,k0,60,1,,\n")
    );
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "99");
    assert_eq!(
        sql(&db, "SELECT COUNT(*) FROM contacts WHERE contact_id = 56"),
        "0"
    );
}

#[test]
fn a_cpr_column_is_refused_unless_mapped_as_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    let text = "contact_id;timestamp;channel;Personnummer;Sag;Noter\n\
                1;2025-03-01 10:00;phone;010190-1234;s1;ring mig op\n\
                2;2025-03-02 10:00;web;010190-1234;s1;\n\
                3;2025-03-03 10:00;web;3112991234;s2;mail\n";
    let file = write(&dir, "cpr.csv", text.as_bytes());
    let f = file.to_str().unwrap();
    let out = trappe(&db, &["contacts", "import", "--org", "Testby", f]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "cpr.csv: column 'Personnummer' (column 4) looks like CPR numbers (e.g. line 2); nothing was imported"
        ),
        "{err}"
    );
    assert!(!err.contains("010190"), "the number is not repeated: {err}");
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "0");
    assert_eq!(sql(&db, "SELECT status FROM contact_imports"), "failed");

    // mapped as the citizen key, it is stored as a keyed hash
    let mapping = write(
        &dir,
        "m.toml",
        b"[columns]\n\"Personnummer\" = \"citizen_key\"\n\"Sag\" = \"case_key\"\n",
    );
    let out = trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            f,
            "--mapping",
            mapping.to_str().unwrap(),
        ],
    );
    assert!(out.contains("3 rows imported"), "{out}");
    let dump = crate::helpers::db_dump(&db);
    for plain in ["010190", "3112991234", "ring mig op"] {
        assert!(!dump.contains(plain), "{plain} is stored");
    }
    // 1 and 2 share the citizen and case, a day apart: 1 is repeated
    let c = cube(&db, &dir);
    let repeated: u64 = c["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["repeated"].as_u64().unwrap())
        .sum();
    assert_eq!(repeated, 1);
}

#[test]
fn a_danish_excel_export_is_imported_through_a_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    // Windows-1252, semicolons, CRLF, day-first local times, decimal commas
    let text = "Løbenr;Tidspunkt;Kanal;Ydelse;Borger;Sag;Varighed;Tilfredshed;Indsats;Noter\r\n\
1;01-07-2025 00:10;Telefon;Børneattest;b1;s1;12,5;4,0;2;ring tilbage\r\n\
2;30-06-2025 23:30;Selvbetjening;Børneattest;b1;s1;;5;;\r\n\
3;02-07-2025 09:00;Borgerservice;Pas;b2;s2;300;;6;\r\n";
    let file = write(&dir, "eksport.csv", &windows_1252(text));
    let mapping = write(&dir, "mapping.toml", DANISH_MAPPING.as_bytes());
    let m = mapping.to_str().unwrap();
    let out = trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
            "--mapping",
            m,
        ],
    );
    assert!(out.contains("3 rows imported, 0 rejected"), "{out}");
    assert_eq!(
        sql(
            &db,
            "SELECT contact_id, channel, service, duration_s, satisfaction, effort FROM contacts ORDER BY contact_id"
        ),
        "1|phone|Børneattest|13|4|2\n2|selfservice|Børneattest||5|\n3|front_desk|Pas|300||6"
    );
    let c = cube(&db, &dir);
    let got: Vec<(String, String, String, u64)> = c["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["month"].as_str().unwrap().into(),
                x["channel"].as_str().unwrap().into(),
                x["service"].as_str().unwrap().into(),
                x["repeated"].as_u64().unwrap(),
            )
        })
        .collect();
    let t = |m: &str, c: &str, s: &str, r: u64| (m.to_string(), c.to_string(), s.to_string(), r);
    assert_eq!(
        got,
        [
            t("2025-06", "selfservice", "Børneattest", 1),
            t("2025-07", "front_desk", "Pas", 0),
            t("2025-07", "phone", "Børneattest", 0),
        ]
    );
}

#[test]
fn xlsx_logs_are_analysed_and_imported() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd-mm-yyyy hh:mm");
    for (j, h) in [
        "contact_id",
        "org_id",
        "timestamp",
        "channel",
        "service",
        "citizen_key",
        "case_key",
        "duration_s",
        "satisfaction",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    // 1: a date cell; 2: a plain serial number; 3: text with a decimal comma duration
    sheet.write_number(1, 0, 1).unwrap();
    sheet.write_string(1, 1, "K101").unwrap();
    let dt = ExcelDateTime::parse_from_str("2025-07-01 00:10:00").unwrap();
    sheet.write_datetime_with_format(1, 2, &dt, &date).unwrap();
    sheet.write_string(1, 3, "phone").unwrap();
    sheet.write_string(1, 4, "Pas").unwrap();
    sheet.write_string(1, 5, "b1").unwrap();
    sheet.write_string(1, 6, "s1").unwrap();
    sheet.write_number(1, 7, 12.5).unwrap();
    sheet.write_number(1, 8, 4).unwrap();
    sheet.write_number(2, 0, 2).unwrap();
    sheet.write_string(2, 1, "K101").unwrap();
    sheet.write_number(2, 2, 45_838.979_166_666_67).unwrap(); // 2025-06-30 23:30
    sheet.write_string(2, 3, "web").unwrap();
    sheet.write_string(2, 4, "Pas").unwrap();
    sheet.write_string(2, 5, "b1").unwrap();
    sheet.write_string(2, 6, "s1").unwrap();
    sheet.write_number(3, 0, 3).unwrap();
    sheet.write_string(3, 1, "K101").unwrap();
    sheet.write_string(3, 2, "2025-07-02 09:00").unwrap();
    sheet.write_string(3, 3, "fax").unwrap();
    sheet.write_string(3, 7, "3,5").unwrap();
    let path = dir.path().join("log.xlsx");
    book.save(&path).unwrap();
    let f = path.to_str().unwrap();
    let (got, stderr) = analyze(&["contacts", "analyze", f]);
    assert!(
        stderr.contains("log.xlsx: rejected: line 4, column channel: unknown channel 'fax'"),
        "{stderr}"
    );
    assert_eq!(got["rows"], 2);
    assert_eq!(
        got["digital_share"],
        json!([
            {"org": "K101", "month": "2025-06", "contacts": 1, "digital": 1, "share": 1.0},
            {"org": "K101", "month": "2025-07", "contacts": 1, "digital": 0, "share": 0.0},
        ])
    );
    assert_eq!(
        got["repeats"][1]["repeated"], 1,
        "web at 23:30 then phone at 00:10"
    );

    let bad = dir.path().join("bad.csv");
    let out = trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            f,
            "--skip-bad",
            bad.to_str().unwrap(),
        ],
    );
    assert!(out.contains("2 rows imported, 1 rejected"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        format!(
            "contact_id,org_id,timestamp,channel,service,citizen_key,case_key,duration_s,satisfaction\n\
             3,K101,2025-07-02 09:00,fax,,,,\"3,5\",\n"
        )
    );
    assert_eq!(
        sql(
            &db,
            "SELECT contact_id, duration_s, satisfaction FROM contacts ORDER BY contact_id"
        ),
        "1|13|4\n2||"
    );
    assert_cube_equals_analysis(&cube(&db, &dir), &got);
}

#[test]
fn the_log_is_exported_purged_after_its_retention_and_erased() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    // two contacts from long ago, one from last month (the test runs in real time)
    let now = crate::helpers::unix_now();
    let recent = now - 30 * 86_400;
    let days = recent.div_euclid(86_400);
    let secs = recent.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    let stamp = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    );
    let text = format!(
        "{HEAD}1,K101,2020-01-01T10:00:00Z,phone,pas,c1,k1,,,,\n\
         2,K101,2020-01-02T10:00:00Z,web,pas,c1,k1,,,,\n\
         3,K101,{stamp},web,pas,c1,k1,,,,\n"
    );
    let file = write(&dir, "log.csv", text.as_bytes());
    trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    );
    let e = export(&db, &dir);
    assert_eq!(e["contact_log"]["contacts"], 3);
    assert_eq!(e["contact_log"]["retention_days"], 730);
    assert_eq!(e["contact_log"]["imports"][0]["rows"], 3);
    assert_eq!(
        e["contact_log"]["cube"]["cells"].as_array().unwrap().len(),
        3
    );

    let out = trappe_ok(&db, &["purge", "--dry-run"]);
    assert!(
        out.contains("would purge contacts 1 'Testby': 2 contacts"),
        "{out}"
    );
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "3");
    let out = trappe_ok(&db, &["purge"]);
    assert!(
        out.contains("purged contacts 1 'Testby': 2 contacts"),
        "{out}"
    );
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "1");
    let c = cube(&db, &dir);
    assert_eq!(c["cells"].as_array().unwrap().len(), 1, "the cube follows");
    assert!(sql(&db, "SELECT detail FROM audit_log WHERE action = 'purge'").contains("2 contacts"));

    // a shorter retention purges the recent one too
    assert_eq!(
        trappe_ok(
            &db,
            &["contacts", "retention", "--org", "Testby", "--days", "7"]
        )
        .trim(),
        "7"
    );
    trappe_ok(&db, &["purge"]);
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "0");

    trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    );
    let out = trappe_ok(&db, &["org", "erase", "--org", "Testby", "--yes"]);
    assert!(out.contains("3 contacts"), "{out}");
    for table in ["contacts", "contact_imports", "contact_cubes"] {
        assert_eq!(
            sql(&db, &format!("SELECT COUNT(*) FROM {table}")),
            "0",
            "{table}"
        );
    }
}

/// (year, month, day) of a day number since 1970-01-01.
fn civil(z: i64) -> (i64, u32, u32) {
    trappe_core::contacts::time::civil_from_days(z)
}

#[test]
fn a_contact_id_twice_in_one_file_keeps_the_later_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    let text = format!(
        "{HEAD}7,K101,2025-03-01T10:00:00Z,phone,pas,c1,k1,,,,\n\
         8,K101,2025-03-02T10:00:00Z,web,pas,c1,k1,,,,\n\
         7,K101,2025-03-01T10:00:00Z,chat,pas,c1,k1,,,,\n"
    );
    let file = write(&dir, "dup.csv", text.as_bytes());
    let out = trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.contains("the organisation now has 2 contacts"), "{out}");
    assert_eq!(
        sql(
            &db,
            "SELECT contact_id, channel FROM contacts ORDER BY contact_id"
        ),
        "7|chat\n8|web"
    );
    // the cube counts the stored rows: chat (repeated by 8 a day later) and web
    let c = cube(&db, &dir);
    let cells: Vec<(&str, u64, u64)> = c["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["channel"].as_str().unwrap(),
                x["contacts"].as_u64().unwrap(),
                x["repeated"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(cells, [("chat", 1, 1), ("web", 1, 0)]);
}

#[test]
fn a_killed_import_leaves_nothing_of_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    let mut text = HEAD.to_string();
    let rows = 200_000;
    for id in 1..=rows {
        let (d, s) = (id % 28 + 1, id % 60);
        text.push_str(&format!(
            "{id},K101,2025-02-{d:02}T10:{s:02}:00Z,web,pas,c{},k{},30,1,4,2\n",
            id % 5000,
            id % 7
        ));
    }
    let file = write(&dir, "big.csv", text.as_bytes());
    let mut child = trappe_cmd(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    // wait until the import has started, give it a moment to write, then kill it
    let started = std::time::Instant::now();
    while sql(&db, "SELECT COUNT(*) FROM contact_imports") == "0" {
        assert!(started.elapsed().as_secs() < 60, "the import never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    let stored = sql(&db, "SELECT COUNT(*) FROM contacts");
    if killed {
        assert_eq!(stored, "0", "a killed import stored part of its file");
        assert_eq!(sql(&db, "SELECT status FROM contact_imports"), "running");
        assert_eq!(sql(&db, "SELECT COUNT(*) FROM contact_log_chunks"), "0");
    } else {
        assert_eq!(
            stored,
            rows.to_string(),
            "finished before the kill: all of it"
        );
    }
    // the database is sound: the file imports whole afterwards
    let out = trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.contains("200000 rows imported"), "{out}");
}

/// Real exports carry contact ids like "H-2026836": any text up to 100 bytes is an id,
/// and a re-imported text id replaces its contact as a number does.
#[test]
fn contact_ids_may_be_text_and_a_reimport_replaces_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = testby(&dir);
    let mut log = HEAD.to_string();
    for (id, channel) in [("H-2026836", "phone"), ("H-2026837", "web"), ("42", "web")] {
        log.push_str(&format!(
            "{id},K101,2025-06-10T08:00:00Z,{channel},pension,c1,k1,60,1,,\n"
        ));
    }
    let file = write(&dir, "log.csv", log.as_bytes());
    trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "3");
    // The same text id again, now by chat: replaced, not added.
    let again = format!("{HEAD}H-2026836,K101,2025-06-11T08:00:00Z,chat,pension,c1,k1,60,1,,\n");
    let file = write(&dir, "again.csv", again.as_bytes());
    trappe_ok(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "3");
    assert_eq!(
        sql(&db, "SELECT channel FROM contacts ORDER BY channel"),
        "chat\nweb\nweb"
    );
    // An id past 100 bytes is refused with its line and column; nothing is stored.
    let long = format!(
        "{HEAD}{},K101,2025-06-11T08:00:00Z,chat,pension,c1,k1,60,1,,\n",
        "H".repeat(101)
    );
    let file = write(&dir, "long.csv", long.as_bytes());
    let out = trappe(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            file.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2, column contact_id: a contact id of more than 100 bytes"),
        "{err}"
    );
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM contacts"), "3");
}
