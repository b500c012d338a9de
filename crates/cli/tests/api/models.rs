//! Models on the web (/admin/models): an upload shows every problem with its place and
//! stores nothing; a good model is previewed in both languages and imported once; an
//! existing id@version is never changed; a SAMM release zipped at test time imports as
//! samm@VERSION; archives that climb out or unpack too large are refused.

use crate::channels::multipart;
use crate::helpers::{get_text, raw_client, spawn_app, trappe_ok, TestApp, ADMIN_PASSWORD};
use std::io::Write;
use trappe_core::model::BUILTIN_MODEL_TOML;
use trappe_core::{Model, ModelError};

/// What askama writes for a text.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn unescaped(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The built-in model as version `version`.
fn builtin_as(version: &str) -> String {
    BUILTIN_MODEL_TOML.replacen(
        "\nversion = \"1.0.0\"\n",
        &format!("\nversion = \"{version}\"\n"),
        1,
    )
}

/// A signed-in organiser without redirects followed, and its CSRF token.
async fn organiser(app: &TestApp) -> (reqwest::Client, String) {
    app.create_admin().await;
    let c = raw_client();
    app.login(&c, "admin", ADMIN_PASSWORD).await;
    let page = get_text(&c, app.url("/admin/models")).await;
    (c, crate::helpers::csrf_of(&page))
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    csrf: &str,
    version: &str,
    file: (&str, &[u8]),
) -> (u16, String) {
    let (ctype, body) = multipart(
        &[("csrf", csrf), ("version", version)],
        ("file", file.0, file.1),
    );
    let res = c
        .post(app.url("/admin/models/preview"))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn import(app: &TestApp, c: &reqwest::Client, csrf: &str, toml: &str) -> reqwest::Response {
    c.post(app.url("/admin/models/import"))
        .form(&[("csrf", csrf), ("toml", toml)])
        .send()
        .await
        .unwrap()
}

/// The model the preview carries to the import.
fn carried(html: &str) -> String {
    let at = html
        .find("name=\"toml\" value=\"")
        .expect("the preview carries the model")
        + 19;
    unescaped(&html[at..at + html[at..].find('"').unwrap()])
}

async fn keys(app: &TestApp) -> Vec<String> {
    app.store
        .models()
        .await
        .unwrap()
        .into_iter()
        .map(|(id, v)| format!("{id}@{v}"))
        .collect()
}

#[tokio::test]
async fn a_model_with_problems_shows_each_with_its_line_and_stores_nothing() {
    let app = spawn_app().await;
    let (c, csrf) = organiser(&app).await;
    let bad = builtin_as("2.0.0")
        .replacen("en = \"Customer and channel strategy\"", "en = \"\"", 1)
        .replacen(
            "id = \"operating_model\"\nweight = 1.0",
            "id = \"operating_model\"\nweight = -1.0",
            1,
        );
    let ModelError::Invalid(problems) = Model::from_toml(&bad).unwrap_err() else {
        panic!("a valid model")
    };
    assert!(problems.len() >= 2, "{problems:?}");
    let (status, html) = upload(&app, &c, &csrf, "", ("model.toml", bad.as_bytes())).await;
    assert_eq!(status, 422);
    assert!(
        html.contains(&format!(
            "Modellen blev afvist for {} fejl. Intet er gemt.",
            problems.len()
        )),
        "{html}"
    );
    for p in &problems {
        let line = p.line.expect("each problem has its line");
        let shown = format!("Linje {line}: {}: {}", p.path, p.message);
        // Each in the summary, linking to the file field.
        assert!(
            html.contains(&format!("<a href=\"#model-file\">{}</a>", escaped(&shown))),
            "{shown} in {html}"
        );
    }
    assert!(html.contains("weight must be positive"), "{html}");
    assert!(html.contains("missing translation"), "{html}");
    assert!(html
        .contains("aria-describedby=\"model-file-hint model-file-error\" aria-invalid=\"true\""));
    // A TOML syntax error, with its line.
    let (status, html) = upload(&app, &c, &csrf, "", ("m.toml", b"id = \"x\"\nversion = \n")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Filen er ikke gyldig TOML: line 2"), "{html}");
    // Neither ZIP nor text; no file at all.
    let (status, html) = upload(&app, &c, &csrf, "", ("m.bin", b"\xff\xfe\x00x")).await;
    assert_eq!(status, 422);
    assert!(html.contains("hverken en ZIP-fil eller tekst"), "{html}");
    let (status, html) = upload(&app, &c, &csrf, "", ("", b"")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Vælg en fil at indlæse."), "{html}");
    // The import checks what it is sent just as the upload does.
    let res = import(&app, &c, &csrf, &bad).await;
    assert_eq!(res.status(), 422);
    assert_eq!(keys(&app).await, ["servicemodenhed@1.0.0"]);
    assert_eq!(
        app.store.audit_count(Some("model_imported")).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn a_good_model_is_previewed_in_both_languages_imported_once_and_never_changed() {
    let app = spawn_app().await;
    let (c, csrf) = organiser(&app).await;
    let round = app.open_round(3).await;
    // The list: the built-in model with its questions and the round that pins it.
    let list = get_text(&c, app.url("/admin/models")).await;
    let builtin = Model::builtin();
    assert!(
        list.contains("<th scope=\"row\">servicemodenhed@1.0.0</th>"),
        "{list}"
    );
    assert!(list.contains(&format!(
        "<td class=\"num\">{}</td>",
        builtin.question_count()
    )));
    assert!(list.contains(&format!("<a href=\"/admin/rounds/{round}\">Test round</a>")));
    assert!(list.contains("enctype=\"multipart/form-data\""));

    let src = builtin_as("1.1.0");
    let (status, html) = upload(&app, &c, &csrf, "", ("model.toml", src.as_bytes())).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Spørgeskemaet på dansk"), "{html}");
    assert!(html.contains("Spørgeskemaet på engelsk"));
    assert!(html.contains("<div lang=\"da\">") && html.contains("<div lang=\"en\">"));
    let q = &builtin.dimensions[0].questions[0];
    assert!(html.contains(&escaped(q.text.get("da"))), "{html}");
    assert!(html.contains(&escaped(q.text.get("en"))));
    let o = &q.options[0];
    assert!(html.contains(&format!(
        "{} ({}): {}",
        o.level,
        o.level,
        escaped(o.text.get("en"))
    )));
    assert!(html.contains(&escaped(builtin.dimensions[0].name.get("en"))));
    // Previewed, not stored.
    assert_eq!(keys(&app).await, ["servicemodenhed@1.0.0"]);

    let toml = carried(&html);
    let res = import(&app, &c, &csrf, &toml.replace('\n', "\r\n")).await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/admin/models?imported=servicemodenhed%401.1.0");
    let list = get_text(&c, app.url(&to)).await;
    assert!(
        list.contains(
            "<p class=\"notice\" role=\"status\">Modellen er gemt: servicemodenhed@1.1.0</p>"
        ),
        "{list}"
    );
    let stored = app
        .store
        .model("servicemodenhed", Some("1.1.0"))
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(stored, Model::from_toml(&src).unwrap());
    let shown = trappe_ok(&app.db, &["model", "show", "servicemodenhed@1.1.0"]);
    assert!(shown.contains("(servicemodenhed@1.1.0)"), "{shown}");
    let log = app.store.audit_log(10).await.unwrap();
    let entry = log.iter().find(|e| e.action == "model_imported").unwrap();
    assert_eq!(entry.subject.as_deref(), Some("servicemodenhed@1.1.0"));
    assert_eq!(entry.actor.as_deref(), Some("admin"));

    // The same again, and a changed model under the same version: refused, unchanged.
    let res = import(&app, &c, &csrf, &toml).await;
    assert_eq!(res.status(), 409);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Modellen servicemodenhed@1.1.0 er allerede gemt og bliver ikke ændret."),
        "{page}"
    );
    let changed = src.replacen(
        "en = \"Service maturity in the public sector\"",
        "en = \"Changed\"",
        1,
    );
    let (status, html) = upload(&app, &c, &csrf, "", ("m.toml", changed.as_bytes())).await;
    assert_eq!(status, 409);
    assert!(html.contains("En ny version er en ny model"), "{html}");
    let res = import(&app, &c, &csrf, &changed).await;
    assert_eq!(res.status(), 409);
    // The version a round pins, too.
    let res = import(&app, &c, &csrf, BUILTIN_MODEL_TOML).await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        app.store
            .model("servicemodenhed", Some("1.1.0"))
            .await
            .unwrap()
            .unwrap()
            .name
            .get("en"),
        "Service maturity in the public sector"
    );
    assert_eq!(
        app.store
            .model("servicemodenhed", Some("1.0.0"))
            .await
            .unwrap()
            .unwrap(),
        builtin
    );
    assert_eq!(
        app.store.audit_count(Some("model_imported")).await.unwrap(),
        1
    );
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every file under `dir`, as (path relative to `dir`, content).
fn files_under(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_str().unwrap().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn a_zipped_samm_release_imports_as_samm_at_its_version_and_credits_owasp() {
    let Some(dir) = crate::samm::samm_dir() else {
        return;
    };
    let files = files_under(&dir);
    // As a release archive lays it out: the model folder one level down, beside others.
    let mut entries: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, b)| (format!("samm-core-2.2.0/model/{p}"), b.clone()))
        .collect();
    entries.push(("samm-core-2.2.0/README.md".into(), b"# SAMM".to_vec()));
    let z = zip_of(&entries);
    let app = spawn_app().await;
    let (c, csrf) = organiser(&app).await;

    // A release does not state its version: the form must.
    let (status, html) = upload(&app, &c, &csrf, "", ("samm.zip", &z)).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("<a href=\"#model-version\">Skriv SAMM-udgivelsens version"),
        "{html}"
    );
    let (status, _) = upload(&app, &c, &csrf, "2.2@0", ("samm.zip", &z)).await;
    assert_eq!(status, 422);

    let (status, html) = upload(&app, &c, &csrf, "2.2.0", ("samm.zip", &z)).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("(samm@2.2.0)"));
    assert!(html.contains("OWASP SAMM 2.2.0"), "{html}");
    assert!(html.contains("CC BY-SA 4.0"));
    // Grouped: the business functions head their practices.
    assert!(html.contains("<h3>Governance</h3>"), "{html}");
    assert!(html.contains("D-SA-B-1"));
    let res = import(&app, &c, &csrf, &carried(&html)).await;
    assert_eq!(res.status(), 303);
    let stored = app
        .store
        .model("samm", Some("2.2.0"))
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(stored.question_count(), 90);
    // The same model `trappe model import-samm` builds from the folder.
    let yaml: Vec<(String, String)> = files
        .into_iter()
        .filter(|(p, _)| p.ends_with(".yml") || p.ends_with(".yaml"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    assert_eq!(
        stored,
        trappe_core::samm::samm_model(&yaml, "2.2.0").unwrap()
    );
}

#[tokio::test]
async fn an_archive_that_climbs_out_or_unpacks_too_large_is_refused() {
    let app = spawn_app().await;
    let (c, csrf) = organiser(&app).await;
    let climbs = zip_of(&[
        ("model/ok.yml".into(), b"id: a\ntype: Question\n".to_vec()),
        ("model/../../x.yml".into(), b"id: b".to_vec()),
    ]);
    let (status, html) = upload(&app, &c, &csrf, "1.0", ("samm.zip", &climbs)).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("stien »model/../../x.yml« peger uden for arkivet"),
        "{html}"
    );
    // 40 MB of spaces pack to a few tens of KB; refused by the size they unpack to.
    let big = zip_of(&[("model/big.yml".into(), vec![b' '; 40 * 1024 * 1024])]);
    assert!(big.len() < 1024 * 1024);
    let (status, html) = upload(&app, &c, &csrf, "1.0", ("samm.zip", &big)).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("udpakket; højst 32.0 MB bliver læst"),
        "{html}"
    );
    let none = zip_of(&[("docs/a.yml".into(), b"id: a".to_vec())]);
    let (status, html) = upload(&app, &c, &csrf, "1.0", ("samm.zip", &none)).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("ingen .yml-filer i en mappe ved navn model/"),
        "{html}"
    );
    // A workbook is a ZIP too: said so, without asking for a version first.
    let workbook = zip_of(&[
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("xl/workbook.xml".into(), b"<workbook/>".to_vec()),
    ]);
    let (status, html) = upload(&app, &c, &csrf, "", ("svar.xlsx", &workbook)).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Filen er et regneark (XLSX), ikke en model"),
        "{html}"
    );
    assert_eq!(keys(&app).await, ["servicemodenhed@1.0.0"]);
}

#[tokio::test]
async fn contacts_and_viewers_are_refused_the_model_pages() {
    let app = spawn_app().await;
    // (a contact or viewer needs an organiser beside it)
    app.create_admin().await;
    let org = app.add_org("Testby").await;
    let toml = builtin_as("9.0.0");
    for role in ["contact", "viewer"] {
        let (c, csrf) = app.client_as(role, &format!("a-{role}"), org).await;
        let res = c.get(app.url("/admin/models")).send().await.unwrap();
        assert_eq!(res.status(), 403, "{role}");
        let (ctype, body) = multipart(&[("csrf", &csrf)], ("file", "m.toml", toml.as_bytes()));
        let res = c
            .post(app.url("/admin/models/preview"))
            .header("content-type", ctype)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{role}");
        let res = import(&app, &c, &csrf, &toml).await;
        assert_eq!(res.status(), 403, "{role}");
    }
    assert_eq!(keys(&app).await, ["servicemodenhed@1.0.0"]);
}

/// The preview's hidden field as a browser sends it back (its line breaks as CRLF,
/// its entities decoded) imports the model.
#[tokio::test]
async fn a_model_is_previewed_and_imported_in_a_browser() {
    if !crate::browser::browser_or_skip("model import in a browser") {
        return;
    }
    let app = spawn_app().await;
    app.create_admin().await;
    let file = app._dir.path().join("model.toml");
    std::fs::write(&file, builtin_as("1.3.0")).unwrap();
    let h = crate::browser::headless(1280, 900).await;
    let b = &h.b;
    b.sign_in(&app, "admin").await;
    b.goto(&app.url("/admin")).await;
    b.click("a[href=\"/admin/models\"]").await;
    b.send_keys("input#model-file", &file.display().to_string())
        .await;
    b.click("#model-upload-form button[type=submit]").await;
    b.wait_for_text("h1", "Forhåndsvisning").await;
    b.click("#model-import-button").await;
    b.wait_for_text("p.notice", "Modellen er gemt: servicemodenhed@1.3.0")
        .await;
    h.close().await;
    let stored = app
        .store
        .model("servicemodenhed", Some("1.3.0"))
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(stored, Model::from_toml(&builtin_as("1.3.0")).unwrap());
}
