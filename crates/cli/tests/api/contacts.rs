//! `trappe contacts analyze` on small hand-made files with known answers.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trappe"))
        .args(args)
        .env("TRAPPE_LOG", "warn")
        .output()
        .expect("run trappe")
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
                {"org": "K101", "channel": "phone", "contacts": 50, "repeated": 5, "rate": 0.1},
                {"org": "K101", "channel": "web", "contacts": 48, "repeated": 4, "rate": 4.0 / 48.0},
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
    let mapping = write(
        &dir,
        "mapping.toml",
        r#"
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
"#
        .as_bytes(),
    );
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
            {"org": "Køge", "channel": "front_desk", "contacts": 1, "repeated": 0, "rate": 0.0},
            {"org": "Køge", "channel": "phone", "contacts": 1, "repeated": 0, "rate": 0.0},
            {"org": "Køge", "channel": "selfservice", "contacts": 1, "repeated": 1, "rate": 1.0},
            {"org": "Ærø", "channel": "selfservice", "contacts": 1, "repeated": 0, "rate": 0.0},
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
