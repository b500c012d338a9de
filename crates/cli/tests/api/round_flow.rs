//! The organiser's whole round in headless Chromium (issue 14): import the
//! organisations from a file, create and open a round with a deadline, upload the
//! respondent list, preview the invitation, send it through the real SMTP server of
//! `scripts/smtp_sink.py` (the app's own sender running, as under `trappe serve`), and
//! follow the participation page while respondents complete through their mailed links.

use crate::browser::{browser_or_skip, headless, Browser};
use crate::helpers::spawn_app_with;
use crate::invitations::{complete, links_in};
use crate::mail::{Sink, FROM};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The visible cells (header cell first) of the row of `table` whose first cell is
/// `name`; panics naming the rows there are when there is none.
async fn row(b: &Browser, table: &str, name: &str) -> Vec<String> {
    let rows = b
        .script(&format!(
            "return [...document.querySelectorAll('{table} tr')]\
             .map(r => [...r.cells].map(c => c.innerText.trim()));"
        ))
        .await;
    let rows: Vec<Vec<String>> = serde_json::from_value(rows).expect("rows of cells");
    rows.iter()
        .find(|r| r.first().map(String::as_str) == Some(name))
        .cloned()
        .unwrap_or_else(|| panic!("no row '{name}' in {table}: {rows:?}"))
}

/// Waits until the sink holds `n` mails.
async fn wait_for_mails(sink: &Sink, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while sink.count() < n {
        assert!(
            Instant::now() < deadline,
            "{} of {n} mails reached the SMTP server within 20 s",
            sink.count()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_organiser_imports_uploads_previews_sends_and_follows_participation_in_chromium() {
    if !browser_or_skip(
        "an_organiser_imports_uploads_previews_sends_and_follows_participation_in_chromium",
    ) {
        return;
    }
    let sink = Sink::start(&[]);
    let wake = Arc::new(tokio::sync::Notify::new());
    let app = spawn_app_with(trappe_web::Config {
        mail: trappe_web::kit::mails::MailSettings {
            smtp: Some(sink.url()),
            wake: Some(wake.clone()),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    // The sender of `trappe serve`, woken by the app when mails are queued.
    let sender = trappe_mail::Sender::new(
        app.store.clone(),
        trappe_mail::Transport::smtp(&trappe_mail::SmtpUrl::parse(&sink.url()).unwrap()).unwrap(),
        trappe_mail::parse_from(FROM).unwrap(),
        None,
        Default::default(),
    );
    tokio::spawn(sender.run_forever(wake));
    app.create_admin().await;
    let files = tempfile::tempdir().expect("temp dir for the uploads");
    let orgs_csv = files.path().join("organisationer.csv");
    std::fs::write(
        &orgs_csv,
        "name;kind;cvr\nÆrø Kommune;kommune;29189633\nVejle Kommune;kommune;\nOdder Kommune;kommune;\n",
    )
    .unwrap();
    let list_csv = files.path().join("respondenter.csv");
    std::fs::write(
        &list_csv,
        "org,email,role\n29189633,kim@aeroe.example.dk,leder\nÆrø Kommune,ane@aeroe.example.dk,\n\
         Vejle Kommune,bo@vejle.example.dk,\nOdder Kommune,li@odder.example.dk,\n",
    )
    .unwrap();

    let h = headless(1280, 900).await;
    let b = &h.b;
    // 1. Log in, import the organisations.
    b.sign_in(&app, "admin").await;
    b.wait_for_text("main h1", "Administration").await;
    b.send_keys("input#org-import-file", orgs_csv.to_str().unwrap())
        .await;
    b.click("#org-import-form button[type=submit]").await;
    b.wait_for_text("main [role=status]", "Oprettet: 3. Opdateret: 0.")
        .await;
    b.wait_for_text("main table caption", "organisationer.csv")
        .await;
    for name in ["Ærø Kommune", "Vejle Kommune", "Odder Kommune"] {
        b.wait_for_text("main table tbody", name).await;
    }
    let aeroe = b
        .script(
            "return [...document.querySelectorAll('main table tbody tr')]\
             .find(r => r.cells[1].innerText.trim() === 'Ærø Kommune').cells[3].innerText",
        )
        .await;
    assert_eq!(aeroe, "29189633", "the CVR number is read");

    // 2. Create a round with a deadline, and open it.
    b.goto(&app.url("/admin")).await;
    b.send_keys("input#round-name", "Netværkets runde 2027")
        .await;
    // The date widget's typing order follows the locale; its value is ISO either way.
    b.script("document.getElementById('round-deadline').value = '2027-03-01'; return null;")
        .await;
    b.click("form[action=\"/admin/rounds\"] button[type=submit]")
        .await;
    b.wait_for_text("main h1", "Netværkets runde 2027").await;
    b.wait_for_text("#deadline", "2027").await;
    let url = b.current_url().await;
    let round: i64 = url
        .rsplit('/')
        .next()
        .and_then(|s| s.split(['#', '?']).next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a round's address: {url}"));
    b.click("form[action$=\"/status\"] button[type=submit]")
        .await;
    b.wait_for_text("main dl.facts", "Åben").await;

    // 3. The respondent list: counts per organisation shown back.
    b.click(&format!("a[href=\"/admin/rounds/{round}/respondents\"]"))
        .await;
    b.wait_for_text("main h1", "Respondentliste og mails").await;
    b.send_keys("input#list-file", list_csv.to_str().unwrap())
        .await;
    b.click(&format!(
        "form[action=\"/admin/rounds/{round}/respondents\"] button[type=submit]"
    ))
    .await;
    b.wait_for_text("#imported-h", "Listen er lagt ind").await;
    let imported = "section[aria-labelledby=imported-h] table";
    assert_eq!(
        row(b, imported, "Ærø Kommune").await,
        ["Ærø Kommune", "2", "0"]
    );
    assert_eq!(
        row(b, imported, "Vejle Kommune").await,
        ["Vejle Kommune", "1", "0"]
    );
    assert_eq!(
        row(b, imported, "Odder Kommune").await,
        ["Odder Kommune", "1", "0"]
    );
    let counts = "section[aria-labelledby=counts-h] table";
    assert_eq!(
        row(b, counts, "Ærø Kommune").await,
        ["Ærø Kommune", "2", "0", "0", "0"]
    );
    b.wait_for_text(
        "section[aria-labelledby=send-h]",
        "4 adresser får en invitation.",
    )
    .await;

    // 4. The preview names an organisation and the deadline; send.
    b.click(&format!(
        "a[href=\"/admin/rounds/{round}/respondents/send/invitation\"]"
    ))
    .await;
    b.wait_for_text("#preview-subject", "svar senest 1.3.2027")
        .await;
    let subject = b
        .script("return document.getElementById('preview-subject').innerText")
        .await;
    let subject = subject.as_str().unwrap_or_default().to_string();
    assert!(
        ["Ærø Kommune", "Vejle Kommune", "Odder Kommune"]
            .iter()
            .any(|o| subject.contains(o)),
        "the preview names an organisation of the list: {subject}"
    );
    b.wait_for_text("#preview-text", "1.3.2027").await;
    let send = format!("form[action=\"/admin/rounds/{round}/respondents/send/invitation\"] button");
    b.wait_for_text(&send, "Send til 4 adresser").await;
    b.click(&send).await;
    b.wait_for_text("main", "4 mails er lagt i kø").await;
    wait_for_mails(&sink, 4).await;
    let mails = sink.received();
    assert_eq!(mails.len(), 4);
    assert!(sink.per_recipient().values().all(|n| *n == 1), "one each");
    let mut links = std::collections::BTreeMap::new();
    for m in &mails {
        let text = m["text"].as_str().unwrap();
        let l = links_in(text, &app.base_url);
        assert_eq!(l.len(), 1, "one link in each mail: {text}");
        links.insert(m["to"].as_str().unwrap().to_string(), l[0].clone());
    }
    let distinct: std::collections::BTreeSet<&String> = links.values().collect();
    assert_eq!(distinct.len(), 4, "each address its own link");

    // 5. Participation: everyone invited, nobody has completed.
    let participation = app.url(&format!("/admin/rounds/{round}/participation"));
    b.goto(&participation).await;
    b.wait_for_text("main h1", "Netværkets runde 2027").await;
    let table = "#participation";
    let cols = |r: Vec<String>| (r[2].clone(), r[4].clone(), r[5].clone());
    assert_eq!(
        cols(row(b, table, "Ærø Kommune").await),
        ("2".into(), "0".into(), "0,0 %".into())
    );
    assert_eq!(
        cols(row(b, table, "Odder Kommune").await),
        ("1".into(), "0".into(), "0,0 %".into())
    );
    let total = b
        .script("return document.querySelector('#network-total th').innerText.trim()")
        .await;
    let total = total.as_str().unwrap().to_string();
    assert_eq!(
        cols(row(b, table, &total).await),
        ("4".into(), "0".into(), "0,0 %".into())
    );

    // One respondent of Ærø completes through the mailed link; the page follows.
    complete(&links["kim@aeroe.example.dk"]).await;
    b.goto(&participation).await;
    assert_eq!(
        cols(row(b, table, "Ærø Kommune").await),
        ("2".into(), "1".into(), "50,0 %".into())
    );
    assert_eq!(
        cols(row(b, table, &total).await),
        ("4".into(), "1".into(), "25,0 %".into())
    );
    // Then Vejle's only respondent.
    complete(&links["bo@vejle.example.dk"]).await;
    b.goto(&participation).await;
    assert_eq!(
        cols(row(b, table, "Vejle Kommune").await),
        ("1".into(), "1".into(), "100,0 %".into())
    );
    assert_eq!(
        cols(row(b, table, "Odder Kommune").await),
        ("1".into(), "0".into(), "0,0 %".into())
    );
    assert_eq!(
        cols(row(b, table, &total).await),
        ("4".into(), "2".into(), "50,0 %".into())
    );
    // The respondents page counts them too.
    b.goto(&app.url(&format!("/admin/rounds/{round}/respondents")))
        .await;
    assert_eq!(
        row(b, counts, "Ærø Kommune").await,
        ["Ærø Kommune", "2", "2", "1", "0"]
    );
    h.close().await;
}
