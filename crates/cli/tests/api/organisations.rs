//! Organisations in bulk (issue 14): `trappe org import` and the upload on the
//! organisations page (CSV and XLSX, all or nothing, refusals with line and column),
//! editing and erasing an organisation on the web, and removing the demo's data.

use crate::channels::multipart;
use crate::contacts::sql;
use crate::helpers::{fresh_db, get_text, spawn_app, TestApp};
use crate::helpers::{trappe, trappe_ok};
use std::path::PathBuf;
use trappe_core::organisation_import::parse_org_file;

/// A CVR number that passes the modulus-11 check, made from seven digits.
fn cvr(first7: u32) -> String {
    let digits: Vec<u32> = format!("{first7:07}")
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    let sum: u32 = digits
        .iter()
        .zip([2, 7, 6, 5, 4, 3, 2])
        .map(|(d, w)| d * w)
        .sum();
    let check = (11 - sum % 11) % 11;
    if check == 10 {
        return cvr(first7 + 1);
    }
    format!("{first7:07}{check}")
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn ids(stdout: &str) -> Vec<i64> {
    stdout.lines().map(|l| l.trim().parse().unwrap()).collect()
}

fn count_orgs(db: &str) -> i64 {
    sql(db, "SELECT COUNT(*) FROM organisations")
        .parse()
        .unwrap()
}

#[test]
fn org_import_prints_ids_in_file_order_and_a_second_import_updates_never_doubles() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path(), "t.db");
    let (c1, c2) = (cvr(5513301), cvr(6494221));
    // one that exists before, found by its exact name
    let odder = trappe_ok(
        &db,
        &["org", "add", "--name", "Odder Kommune", "--kind", "kommune"],
    );
    let odder: i64 = odder.trim().parse().unwrap();
    let file = write(
        &dir,
        "orgs.csv",
        format!(
            "name,kind,cvr,tags,contact_email\n\
             Aarhus Kommune,kommune,{c1},Region Midt|stor,kontakt@aarhus.dk\n\
             Odder Kommune,Kommune,,Region Midt,\n\
             Region Midtjylland,region,{c2},,\n"
        )
        .as_bytes(),
    );
    let first = ids(&trappe_ok(&db, &["org", "import", file.to_str().unwrap()]));
    assert_eq!(first.len(), 3);
    assert_eq!(first[1], odder, "matched by name, in file order");
    assert!(first[0] != odder && first[2] != odder && first[0] != first[2]);
    assert_eq!(count_orgs(&db), 3);
    assert_eq!(
        sql(
            &db,
            &format!(
                "SELECT tag FROM organisation_tags WHERE org_id = {} ORDER BY tag",
                first[0]
            )
        ),
        "Region Midt\nstor"
    );

    // Renamed (found by CVR), a new kind (found by name), reordered: the same ids.
    let file = write(
        &dir,
        "orgs2.csv",
        format!(
            "navn;type;cvr;grupper\n\
             Region Midt;Region;{c2};Regioner\n\
             Aarhus Kommune (ny);kommune;{c1};\n\
             Odder Kommune;andet;;Region Midt\n"
        )
        .as_bytes(),
    );
    let second = ids(&trappe_ok(&db, &["org", "import", file.to_str().unwrap()]));
    assert_eq!(second, vec![first[2], first[0], first[1]]);
    assert_eq!(count_orgs(&db), 3, "updated, never doubled");
    assert_eq!(
        sql(
            &db,
            &format!(
                "SELECT name, kind, cvr FROM organisations WHERE id = {}",
                first[0]
            )
        ),
        format!("Aarhus Kommune (ny)|kommune|{c1}")
    );
    assert_eq!(
        sql(
            &db,
            &format!("SELECT kind FROM organisations WHERE id = {odder}")
        ),
        "andet"
    );
    // the file has no contact_email column: the stored address stays
    assert_eq!(
        sql(
            &db,
            &format!(
                "SELECT contact_email FROM organisations WHERE id = {}",
                first[0]
            )
        ),
        "kontakt@aarhus.dk"
    );
    // an empty tags cell in a file with the column: the tags are cleared
    assert_eq!(
        sql(
            &db,
            &format!(
                "SELECT COUNT(*) FROM organisation_tags WHERE org_id = {}",
                first[0]
            )
        ),
        "0"
    );
    // audit-logged, by the command line
    assert_eq!(
        sql(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'org_import' AND actor = 'cli'"
        ),
        "2"
    );
}

#[test]
fn a_bad_row_is_refused_with_its_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path(), "t.db");
    trappe_ok(
        &db,
        &["org", "add", "--name", "Skive Kommune", "--kind", "kommune"],
    );
    let file = write(
        &dir,
        "orgs.csv",
        b"name,kind,cvr,contact_email\n\
          Viborg Kommune,kommune,,\n\
          Skive Kommune,kommune,,kontakt@skive.dk\n\
          Lemvig Kommune,county,12345678,\n",
    );
    let path = file.to_str().unwrap();
    let out = trappe(&db, &["org", "import", path]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{path}: line 4, column 2 (kind): unknown kind 'county'"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{path}: line 4, column 3 (cvr): CVR number '12345678' fails the modulus-11 check"
        )),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert_eq!(count_orgs(&db), 1);
    assert_eq!(
        sql(
            &db,
            "SELECT COALESCE(contact_email, '-') FROM organisations"
        ),
        "-"
    );

    // A row that only the database can refuse: Skive's CVR number is stored, the file
    // finds Skive by its name on line 3 and again by that number on line 4. Viborg, on
    // line 2, was written in the same transaction and is rolled back.
    let c = cvr(2918983);
    sql(&db, &format!("UPDATE organisations SET cvr = '{c}'"));
    let file = write(
        &dir,
        "orgs2.csv",
        format!(
            "name,kind,cvr\n\
             Viborg Kommune,kommune,\n\
             Skive Kommune,kommune,\n\
             Skive Nord,kommune,{c}\n"
        )
        .as_bytes(),
    );
    let path = file.to_str().unwrap();
    let out = trappe(&db, &["org", "import", path]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{path}: line 4, column 1 (name): matches the same organisation"
        )),
        "{err}"
    );
    assert_eq!(count_orgs(&db), 1, "Viborg, written first, was rolled back");
    assert_eq!(
        sql(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'org_import'"
        ),
        "0"
    );
}

/// A real workbook, as Excel writes it: Danish headers, a number cell for the CVR.
fn workbook(rows: &[(&str, &str, Option<f64>, &str)]) -> Vec<u8> {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in ["Navn", "Type", "CVR-nr", "Grupper"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for (i, (name, kind, cvr, tags)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *name).unwrap();
        sheet.write_string(r, 1, *kind).unwrap();
        if let Some(c) = cvr {
            sheet.write_number(r, 2, *c).unwrap();
        }
        sheet.write_string(r, 3, *tags).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_file_is_read_with_the_same_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(dir.path(), "t.db");
    let c = cvr(5513301);
    let bytes = workbook(&[
        (
            "Aarhus Kommune",
            "kommune",
            Some(c.parse().unwrap()),
            "Region Midt|stor",
        ),
        ("Styrelsen for Data", "Stat", None, ""),
    ]);
    let file = write(&dir, "orgs.xlsx", &bytes);
    let got = ids(&trappe_ok(&db, &["org", "import", file.to_str().unwrap()]));
    assert_eq!(got.len(), 2);
    assert_eq!(
        sql(
            &db,
            &format!(
                "SELECT name, kind, cvr FROM organisations WHERE id = {}",
                got[0]
            )
        ),
        format!("Aarhus Kommune|kommune|{c}")
    );
    assert_eq!(
        sql(
            &db,
            &format!("SELECT kind FROM organisations WHERE id = {}", got[1])
        ),
        "stat"
    );
    // a bad row in a workbook: its sheet row and column
    let bad = workbook(&[
        ("Aarhus Kommune", "kommune", None, ""),
        ("", "kommune", None, ""),
    ]);
    let file = write(&dir, "bad.xlsx", &bad);
    let out = trappe(&db, &["org", "import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 3, column 1 (name): an organisation needs a name"),
        "{err}"
    );
    // the core reader and the command agree
    assert_eq!(parse_org_file(bytes).unwrap().len(), 2);
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    csrf: &str,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let (ctype, body) = multipart(&[("csrf", csrf)], ("file", name, bytes));
    c.post(app.url("/admin/orgs/import"))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_organiser_imports_a_file_on_the_organisations_page() {
    let app = spawn_app().await;
    let (c, csrf) = app.admin_client().await;
    let admin = get_text(&c, app.url("/admin")).await;
    assert!(admin.contains("action=\"/admin/orgs/import\""));
    assert!(admin.contains("enctype=\"multipart/form-data\""));
    let odder = app.add_org("Odder Kommune").await;
    let file = format!(
        "name,kind,cvr,tags\nAarhus Kommune,kommune,{},Region Midt\nOdder Kommune,kommune,,Region Midt\n",
        cvr(5513301)
    );
    let res = upload(&app, &c, &csrf, "orgs.csv", file.as_bytes()).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Oprettet: 1. Opdateret: 1."), "{html}");
    assert!(html.contains(&format!(
        "<a href=\"/admin/orgs/{odder}\">Odder Kommune</a>"
    )));
    assert!(html.contains("Aarhus Kommune"));
    assert_eq!(app.store.orgs().await.unwrap().len(), 2);
    // XLSX on the web too
    let res = upload(
        &app,
        &c,
        &csrf,
        "orgs.xlsx",
        &workbook(&[("Region Nordjylland", "region", None, "")]),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Oprettet: 1. Opdateret: 0."));

    // refused: every problem with line and column, in Danish; nothing imported
    let bad = "navn,type,kontakt_email\nSkive Kommune,kommune,\nLemvig,amt,x@\n";
    let res = upload(&app, &c, &csrf, "bad.csv", bad.as_bytes()).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Filen blev afvist på grund af 2 fejl. Intet er indlæst."),
        "{html}"
    );
    assert!(
        html.contains("Linje 3, kolonne 2 (kind): ukendt type »amt«"),
        "{html}"
    );
    assert!(
        html.contains("Linje 3, kolonne 3 (contact_email): »x@« er ikke en e-mailadresse"),
        "{html}"
    );
    assert!(html.contains("bad.csv"));
    assert_eq!(app.store.orgs().await.unwrap().len(), 3);
    // no file
    let res = upload(&app, &c, &csrf, "", b"").await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Vælg en fil at indlæse."));
    // a forged upload (no CSRF token) is refused
    let res = upload(&app, &c, "wrong", "orgs.csv", file.as_bytes()).await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn an_organisation_is_edited_on_its_own_page() {
    let app = spawn_app().await;
    let (c, csrf) = app.admin_client().await;
    let org = app.add_org("Favrskov Kommune").await;
    app.add_org("Syddjurs Kommune").await;
    let admin = get_text(&c, app.url("/admin")).await;
    assert!(admin.contains(&format!(
        "<a href=\"/admin/orgs/{org}\">Favrskov Kommune</a>"
    )));
    let page = get_text(&c, app.url(&format!("/admin/orgs/{org}"))).await;
    assert!(page.contains("<h1>Favrskov Kommune</h1>"));
    assert!(page.contains(&format!("href=\"/admin/orgs/{org}/delete\"")));
    let c1 = cvr(2918983);
    let res = c
        .post(app.url(&format!("/admin/orgs/{org}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Favrskov Kommune (ny)"),
            ("kind", "andet"),
            ("cvr", c1.as_str()),
            ("tags", "Region Midt, lille"),
            ("contact_email", "kontakt@favrskov.dk"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.url().path().starts_with("/admin"));
    let o = app.store.org(org).await.unwrap().unwrap();
    assert_eq!(o.name, "Favrskov Kommune (ny)");
    assert_eq!(o.kind, "andet");
    assert_eq!(o.cvr.as_deref(), Some(c1.as_str()));
    assert_eq!(o.tags, vec!["Region Midt", "lille"]);
    assert_eq!(o.contact_email.as_deref(), Some("kontakt@favrskov.dk"));
    // a bad CVR and another organisation's name: 422, the field's message, nothing changed
    for (name, cvr, says) in [
        ("Favrskov", "1234567", "Et CVR-nummer har præcis 8 cifre"),
        (
            "Syddjurs Kommune",
            "",
            "Der findes allerede en organisation med det navn",
        ),
    ] {
        let res = c
            .post(app.url(&format!("/admin/orgs/{org}")))
            .form(&[
                ("csrf", csrf.as_str()),
                ("name", name),
                ("kind", "kommune"),
                ("cvr", cvr),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains(says));
    }
    assert_eq!(
        app.store.org(org).await.unwrap().unwrap().name,
        "Favrskov Kommune (ny)"
    );
}

#[tokio::test]
async fn an_organisation_is_erased_after_a_confirmation_naming_what_goes() {
    let app = spawn_app().await;
    let (c, csrf) = app.admin_client().await;
    let org = app.add_org("Hedensted Kommune").await;
    let other = app.add_org("Horsens Kommune").await;
    let m = trappe_core::Model::builtin();
    let rows = crate::helpers::demo_responses(&m, org, 3, 4);
    let round = app.round_with("Måling", 3, &rows).await;
    app.store.create_invitations(round, org, 2).await.unwrap();
    // a contact of this organisation only (goes), a viewer of both (loses a membership)
    app.client_as("contact", "kontakt-hedensted", org).await;
    app.client_as("viewer", "laeser-begge", other).await;
    let viewer = app
        .store
        .user_by_name("laeser-begge")
        .await
        .unwrap()
        .unwrap()
        .id;
    app.store.link_org(viewer, org).await.unwrap();
    let page = get_text(&c, app.url(&format!("/admin/orgs/{org}/delete"))).await;
    assert!(page.contains("Hedensted Kommune"));
    assert!(
        page.contains("<tr><td>Besvarelser</td><td class=\"num\">4</td></tr>"),
        "{page}"
    );
    assert!(
        page.contains("<tr><td>Konti uden anden organisation</td><td class=\"num\">1</td></tr>")
    );
    assert!(page.contains(
        "<tr><td>Kontiens medlemskaber af organisationen</td><td class=\"num\">1</td></tr>"
    ));
    assert!(page.contains("Links til spørgeskemaet"));
    // the confirmation page changed nothing
    assert!(app.store.org(org).await.unwrap().is_some());
    let res = c
        .post(app.url(&format!("/admin/orgs/{org}/delete")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(app.store.org(org).await.unwrap().is_none());
    assert!(app.store.org(other).await.unwrap().is_some());
    assert_eq!(
        sql(
            &app.db,
            &format!("SELECT COUNT(*) FROM responses WHERE org_id = {org}")
        ),
        "0"
    );
    let log = app.store.audit_log(20).await.unwrap();
    assert!(log.iter().any(|e| e.action == "erase"
        && e.actor.as_deref() == Some("admin")
        && e.subject.as_deref() == Some(&format!("org {org}"))));
    // gone: 404
    let res = c
        .get(app.url(&format!("/admin/orgs/{org}/delete")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn contacts_and_viewers_are_refused_on_every_organisation_page() {
    let app = spawn_app().await;
    app.create_admin().await;
    let org = app.add_org("Silkeborg Kommune").await;
    for (name, role) in [("kontakt-s", "contact"), ("laeser-s", "viewer")] {
        let (c, csrf) = app.client_as(role, name, org).await;
        for path in [
            format!("/admin/orgs/{org}"),
            format!("/admin/orgs/{org}/delete"),
            "/admin/demo/remove".to_string(),
        ] {
            let res = c.get(app.url(&path)).send().await.unwrap();
            assert!(
                matches!(res.status().as_u16(), 403 | 404),
                "{role} GET {path}"
            );
        }
        for path in [
            format!("/admin/orgs/{org}"),
            format!("/admin/orgs/{org}/delete"),
            "/admin/demo/remove".to_string(),
        ] {
            let res = c
                .post(app.url(&path))
                .form(&[("csrf", csrf.as_str()), ("name", "X"), ("kind", "andet")])
                .send()
                .await
                .unwrap();
            assert!(
                matches!(res.status().as_u16(), 403 | 404),
                "{role} POST {path}"
            );
        }
        let res = upload(&app, &c, &csrf, "o.csv", b"name,kind\nNy,kommune\n").await;
        assert_eq!(res.status(), 403, "{role} upload");
    }
    let o = app.store.org(org).await.unwrap().unwrap();
    assert_eq!(o.name, "Silkeborg Kommune");
    assert_eq!(app.store.orgs().await.unwrap().len(), 1);
}

/// A database with the demo (3 organisations, a round), and a user's own organisation
/// (named like the demo's, which must not matter) and round.
fn demo_and_own(dir: &tempfile::TempDir) -> (String, i64, i64, i64) {
    let db = fresh_db(dir.path(), "t.db");
    let demo_round: i64 = trappe_ok(&db, &["demo", "--orgs", "3", "--respondents", "2"])
        .trim()
        .parse()
        .unwrap();
    let own: i64 = trappe_ok(
        &db,
        &[
            "org",
            "add",
            "--name",
            "Min Kommune (demo 1)",
            "--kind",
            "kommune",
        ],
    )
    .trim()
    .parse()
    .unwrap();
    let m = trappe_core::Model::builtin();
    let own_round: i64 = trappe_ok(
        &db,
        &[
            "round",
            "create",
            "--name",
            "Min måling",
            "--model",
            &format!("{}@{}", m.id, m.version),
        ],
    )
    .trim()
    .parse()
    .unwrap();
    (db, demo_round, own, own_round)
}

#[test]
fn trappe_demo_remove_takes_the_demo_away_and_leaves_what_a_user_added() {
    let dir = tempfile::tempdir().unwrap();
    let (db, demo_round, own, own_round) = demo_and_own(&dir);
    assert_eq!(count_orgs(&db), 4);
    let out = trappe_ok(&db, &["demo", "remove"]);
    assert!(
        out.contains(&format!(
            "removed demo round {demo_round} 'Demo-måling 2026' (6 responses)"
        )),
        "{out}"
    );
    assert_eq!(out.matches("removed demo organisation").count(), 3, "{out}");
    assert_eq!(sql(&db, "SELECT id FROM organisations"), own.to_string());
    assert_eq!(sql(&db, "SELECT id FROM rounds"), own_round.to_string());
    assert_eq!(sql(&db, "SELECT COUNT(*) FROM responses"), "0");
    assert_eq!(
        sql(&db, "SELECT COUNT(*) FROM settings WHERE key LIKE 'demo%'"),
        "0"
    );
    assert_eq!(
        sql(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'demo_remove' AND actor = 'cli'"
        ),
        "1"
    );
    // once more: nothing left
    assert!(trappe_ok(&db, &["demo", "remove"]).contains("no demo data is stored"));
    assert_eq!(count_orgs(&db), 1);
}

#[tokio::test]
async fn the_organiser_removes_the_demo_after_a_confirmation() {
    let app = spawn_app().await;
    let (c, csrf) = app.admin_client().await;
    // no demo: no link, and the page says so
    assert!(!get_text(&c, app.url("/admin"))
        .await
        .contains("/admin/demo/remove"));
    assert!(get_text(&c, app.url("/admin/demo/remove"))
        .await
        .contains("Der er ingen demodata."));
    trappe_ok(&app.db, &["demo", "--orgs", "2", "--respondents", "3"]);
    let own = app.add_org("Egen Kommune").await;
    let own_round = app.open_round(3).await;
    app.store
        .create_invitations(own_round, own, 1)
        .await
        .unwrap();
    assert!(get_text(&c, app.url("/admin"))
        .await
        .contains("href=\"/admin/demo/remove\""));
    let page = get_text(&c, app.url("/admin/demo/remove")).await;
    assert!(page.contains("Demo-måling 2026"), "{page}");
    assert!(page.contains("Målingerne har 6 besvarelser."), "{page}");
    assert!(!page.contains("Egen Kommune"));
    assert_eq!(
        app.store.orgs().await.unwrap().len(),
        3,
        "the page changed nothing"
    );
    let res = c
        .post(app.url("/admin/demo/remove"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let orgs = app.store.orgs().await.unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].id, own);
    let rounds = app.store.rounds().await.unwrap();
    assert_eq!(rounds.len(), 1);
    assert_eq!(rounds[0].id, own_round);
    assert_eq!(app.store.links(own_round, own).await.unwrap().len(), 1);
    let log = app.store.audit_log(50).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "demo_remove" && e.actor.as_deref() == Some("admin")));
    assert!(!get_text(&c, app.url("/admin"))
        .await
        .contains("/admin/demo/remove"));
}
