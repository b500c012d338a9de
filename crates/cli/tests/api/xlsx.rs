//! Hostile workbooks (issue 13): a 1.2 KB XLSX with two cells, A1 and XFD1048576, made
//! calamine allocate the whole used range (17 billion cells) and aborted the process. It
//! must be a clear refusal everywhere a contact log is read as XLSX: `trappe contacts
//! analyze`, `trappe contacts import`, and a contact's upload in the browser (which must
//! go on answering). Every other import (responses, journey feedback) reads only CSV.

use crate::channels::send_upload;
use crate::helpers::{client, fresh_db, get_text, spawn_app};
use std::io::Write;
use std::process::Output;
use std::time::{Duration, Instant};

/// A workbook of one sheet, its `<worksheet>` content given, written part by part.
pub(crate) fn workbook(sheet: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">{sheet}</worksheet>"#
            ),
        ),
    ];
    for (name, body) in parts {
        w.start_file(name, opts).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn cells(dimension: Option<&str>) -> String {
    let dim = dimension.map_or(String::new(), |d| format!(r#"<dimension ref="{d}"/>"#));
    format!(
        r#"{dim}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>contact_id</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#
    )
}

/// The bomb as Excel would declare it: `<dimension ref="A1:XFD1048576"/>`.
pub fn bomb() -> Vec<u8> {
    workbook(&cells(Some("A1:XFD1048576")))
}

/// The same cells without a declared range: found only by reading the sheet.
fn undeclared_bomb() -> Vec<u8> {
    workbook(&cells(None))
}

/// `trappe --db DB args...`, timed.
fn trappe(db: &str, args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let out = crate::helpers::trappe(db, args);
    (out, start.elapsed())
}

/// Runs `args` and expects a refusal (exit code 1, not a signal or a panic) whose
/// message on stderr contains `says`.
fn refused(db: &str, args: &[&str], says: &str) {
    let (out, took) = trappe(db, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(took < Duration::from_secs(20), "{args:?} took {took:?}");
}

#[test]
fn the_two_cell_bomb_is_refused_by_contacts_analyze_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path(), "t.db");
    let (out, _) = trappe(
        &db,
        &["org", "add", "--name", "Testby", "--kind", "kommune"],
    );
    assert!(out.status.success());
    let bytes = bomb();
    assert!(bytes.len() < 2_000, "{} bytes", bytes.len());
    let declared = dir.path().join("bomb.xlsx");
    std::fs::write(&declared, &bytes).unwrap();
    let undeclared = dir.path().join("stille.xlsx");
    std::fs::write(&undeclared, undeclared_bomb()).unwrap();
    let (declared, undeclared) = (declared.to_str().unwrap(), undeclared.to_str().unwrap());

    let wide =
        "the first sheet reaches column 16384 (A1:XFD1048576); at most 1024 columns are read";
    refused(
        &db,
        &["contacts", "analyze", declared],
        &format!("bomb.xlsx: {wide}"),
    );
    refused(
        &db,
        &["contacts", "import", "--org", "Testby", declared],
        &format!("bomb.xlsx: {wide}"),
    );
    // Without the declaration the far cell is met while reading (the header is A1).
    let far = "the first sheet reaches column 16384 (XFD1048576); at most 1024 columns are read";
    refused(
        &db,
        &["contacts", "analyze", undeclared],
        &format!("stille.xlsx: {far}"),
    );
    refused(
        &db,
        &["contacts", "import", "--org", "Testby", undeclared],
        &format!("stille.xlsx: {far}"),
    );
    let out = crate::helpers::db_shell(&db, "SELECT count(*) FROM contacts");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
}

#[tokio::test]
async fn a_contact_uploading_the_bomb_gets_a_refusal_and_the_server_answers() {
    let app = spawn_app().await;
    app.create_admin().await;
    let org = app.add_org("Aarhus Kommune").await;
    let (c, csrf) = app.client_as("contact", "kontakt", org).await;
    let channels = format!("/admin/orgs/{org}/channels");

    let start = Instant::now();
    let res = send_upload(&c, &app, org, &csrf, "bomb.xlsx", &bomb()).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(
            "Filen kunne ikke læses: Det første ark når til kolonne 16.384 (A1:XFD1048576); \
             Trappe læser højst 1.024 kolonner."
        ),
        "{html}"
    );
    // The undeclared one is refused at upload too: the whole sheet is read once there.
    let res = send_upload(&c, &app, org, &csrf, "stille.xlsx", &undeclared_bomb()).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Det første ark når til kolonne 16.384 (XFD1048576)"),
        "{html}"
    );
    // In English.
    let res = c
        .get(app.url(&format!("/lang/en?next={channels}")))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let res = send_upload(&c, &app, org, &csrf, "bomb.xlsx", &bomb()).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(
            "The file could not be read: The first sheet reaches column 16,384 (A1:XFD1048576); \
             Trappe reads at most 1,024 columns."
        ),
        "{html}"
    );
    assert!(start.elapsed() < Duration::from_secs(20));
    // Still answering, the same session too.
    let health = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let page = get_text(&c, app.url(&channels)).await;
    assert!(page.contains(&csrf) || page.contains("csrf"));
}
