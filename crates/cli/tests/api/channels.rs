//! The channel page through the real server: prices and targets posted as forms, the
//! page's figures against a small hand-made log, the scenario, the report's channel
//! section, and the upload with its mapping step over plain HTTP (the same in Chromium
//! is in browser.rs).

use crate::helpers::{csrf_of, get_text, post_form, spawn_app, uniform, TestApp};
use trappe_core::Model;
use trappe_store::{ContactSource, ImportOptions, ImportedResponse};

/// Eight contacts in January and February 2025 (mid-month, far from midnight):
///
/// | month   | phone | selfservice | front_desk | digital_post | digital |
/// | 2025-01 | 2     | 1           | 1          | 0            | 1 of 4  |
/// | 2025-02 | 1     | 2           | 0          | 1            | 3 of 4  |
///
/// Contact 1 is followed by contact 2 (same citizen and case, two days later): phone
/// has 1 repeated of 3.
pub const LOG: &str = "contact_id,org_id,timestamp,channel,service,citizen_key,case_key,duration_s,resolved,satisfaction,effort
1,K751,2025-01-10T10:00:00Z,phone,Pas,c1,s1,120,1,4,
2,K751,2025-01-12T10:00:00Z,phone,Pas,c1,s1,60,1,2,
3,K751,2025-01-15T10:00:00Z,selfservice,Pas,c2,s2,,,5,
4,K751,2025-01-20T10:00:00Z,front_desk,Flytning,c3,s3,,,,
5,K751,2025-02-10T10:00:00Z,selfservice,Pas,c4,s4,,,,
6,K751,2025-02-11T10:00:00Z,selfservice,Flytning,c5,s5,,,,
7,K751,2025-02-12T10:00:00Z,phone,Pas,c6,s6,,,,
8,K751,2025-02-13T10:00:00Z,digital_post,Pas,,,,,,
";

async fn import_log(app: &TestApp, org: i64) {
    let report = app
        .store
        .import_contacts(
            org,
            "log.csv",
            ContactSource::Bytes(LOG.as_bytes().to_vec()),
            None,
            ImportOptions::default(),
            &|_| {},
        )
        .await
        .expect("the hand-made log imports");
    assert_eq!(report.rows, 8);
}

async fn page(c: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let res = c.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "GET {path}");
    res.text().await.unwrap()
}

/// The HTML of the element `<table id="ID">` of a page.
fn table<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<table id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id} in the page"));
    let end = start + html[start..].find("</table>").expect("the table ends");
    &html[start..end]
}

/// The progress page's refused rows: the groups, each a table of its first rows.
pub fn refused(html: &str) -> &str {
    let start = html
        .find("<section id=\"import-errors\"")
        .unwrap_or_else(|| panic!("no refused rows in the page: {html}"));
    let end = start + html[start..].find("</section>").expect("the section ends");
    &html[start..end]
}

/// A table row as the template writes it: a row header, then its cells.
fn row(head: &str, cells: &[&str]) -> String {
    let mut s = format!("<th scope=\"row\">{head}</th>");
    for c in cells {
        s.push_str(&format!("<td class=\"num\">{c}</td>"));
    }
    s
}

#[tokio::test]
async fn prices_targets_and_the_figures_of_a_hand_made_log() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let (c, csrf) = app.admin_client().await;
    let base = format!("/admin/orgs/{org}/channels");

    // No log yet: a clear empty state, and the forms are there.
    let empty = page(&c, &app, &base).await;
    assert!(empty.contains("Ingen kontaktlog endnu"), "empty state");
    assert!(empty.contains("id=\"price-form\"") && empty.contains("id=\"upload-form\""));
    assert!(!empty.contains("id=\"mix-table\""));

    import_log(&app, org).await;

    // Prices: phone 50, self-service 5, front desk 100 (decimal comma accepted);
    // Digital Post left without a price.
    let res = post_form(
        &c,
        app.url(&format!("{base}/prices")),
        &[
            ("csrf", csrf.as_str()),
            ("price_phone", "50"),
            ("price_selfservice", "5,00"),
            ("price_front_desk", "100"),
            ("price_digital_post", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), 200, "redirected back to the page");
    let prices = app.store.channel_prices(org).await.unwrap();
    let idx = |c: trappe_core::contacts::Channel| c.index();
    use trappe_core::contacts::Channel;
    assert_eq!(prices[idx(Channel::Phone)], Some(50.0));
    assert_eq!(prices[idx(Channel::Selfservice)], Some(5.0));
    assert_eq!(prices[idx(Channel::DigitalPost)], None);

    // A price that is not a number is refused next to its field; nothing changes.
    let res = post_form(
        &c,
        app.url(&format!("{base}/prices")),
        &[
            ("csrf", csrf.as_str()),
            ("price_phone", "femti"),
            ("price_selfservice", "5"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"price-phone\" name=\"price_phone\" inputmode=\"decimal\" size=\"8\" value=\"femti\" aria-invalid=\"true\" aria-describedby=\"price-phone-error\""));
    assert!(html.contains("<p class=\"field-error\" id=\"price-phone-error\">Telefon: &#34;femti&#34; er ikke et beløb i kroner fra 0 til 1.000.000.</p>"));
    assert_eq!(app.store.channel_prices(org).await.unwrap(), prices);

    // Targets: digital at least 80 % by the end of 2027; phone at most 30 % by mid-2026.
    for (scope, share, due) in [
        ("digital", "80", "2027-12-31"),
        ("phone", "30", "2026-06-30"),
    ] {
        let res = post_form(
            &c,
            app.url(&format!("{base}/targets")),
            &[
                ("csrf", csrf.as_str()),
                ("scope", scope),
                ("share", share),
                ("due", due),
            ],
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    let res = post_form(
        &c,
        app.url(&format!("{base}/targets")),
        &[
            ("csrf", csrf.as_str()),
            ("scope", "digital"),
            ("share", "90"),
            ("due", "2027-02-30"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422, "30 February is refused");
    let html = res.text().await.unwrap();
    assert!(html.contains("<p class=\"field-error\" id=\"t-due-error\">Skriv en dato som ÅÅÅÅ-MM-DD, fx 2027-12-31.</p>"));
    assert!(
        html.contains("value=\"2027-02-30\""),
        "the sent value is kept"
    );
    assert_eq!(app.store.channel_targets(org).await.unwrap().len(), 2);

    let html = page(&c, &app, &base).await;
    // The mix: per month and channel (columns most used first: phone 3, self-service 3,
    // then Digital Post 1 and front desk 1 in the channel list's order).
    let mix = table(&html, "mix-table");
    assert!(
        mix.contains(&row("2025-01", &["2", "1", "0", "1", "4"])),
        "{mix}"
    );
    assert!(
        mix.contains(&row("2025-02", &["1", "2", "1", "0", "4"])),
        "{mix}"
    );
    assert!(
        mix.contains(&row("I alt", &["3", "3", "1", "1", "8"])),
        "{mix}"
    );
    let totals = table(&html, "channel-totals");
    assert!(totals.contains("Telefon</th><td>personlig eller papir</td><td class=\"num\">3</td><td class=\"num\">37,5 %</td>"));
    // The chart is there with its summary, and every segment names month, channel and count.
    assert!(html.contains("<title>2025-01 · Telefon: 2</title>"));
    assert!(html.contains("2 måneder fra 2025-01 til 2025-02 på 4 kanaler."));
    // Digital share: 1 of 4, then 3 of 4; 4 of 8 in all.
    let share = table(&html, "share-table");
    assert!(share.contains(&row("2025-01", &["4", "1", "25,0 %"])));
    assert!(share.contains(&row("2025-02", &["4", "3", "75,0 %"])));
    assert!(share.contains(&row("I alt", &["8", "4", "50,0 %"])));
    assert!(html.contains("Den digitale andel gik fra 25,0 % i 2025-01 til 75,0 % i 2025-02."));
    // Targets on the latest month: digital 75 % < 80 %; phone 25 % <= 30 %.
    let targets = table(&html, "targets-table");
    assert!(targets.contains("<th scope=\"row\">Digital i alt</th><td class=\"num\">mindst 80,0 %</td><td>31.12.2027</td><td class=\"num\">75,0 % (2025-02)</td><td><span class=\"ch-unmet\">✘ ikke nået</span>"), "{targets}");
    assert!(targets.contains("<th scope=\"row\">Telefon</th><td class=\"num\">højst 30,0 %</td><td>30.06.2026</td><td class=\"num\">25,0 % (2025-02)</td><td><span class=\"ch-met\">✔ nået</span>"), "{targets}");
    // Repeats: phone 1 of 3; Pas 1 of 6.
    let rep = table(&html, "repeats-table");
    assert!(
        rep.contains(&row("Telefon", &["3", "1", "33,3 %"])),
        "{rep}"
    );
    assert!(rep.contains(&row("Selvbetjening", &["3", "0", "0,0 %"])));
    let rep = table(&html, "repeats-services");
    assert!(rep.contains(&row("Pas", &["6", "1", "16,7 %"])), "{rep}");
    assert!(rep.contains(&row("Flytning", &["2", "0", "0,0 %"])));
    // Satisfaction: phone has 2 answers, too few to show.
    let sat = table(&html, "satisfaction-table");
    assert!(
        sat.contains(&row(
            "Telefon",
            &[
                "2",
                "under 5 svar",
                "under 5 svar",
                "0",
                "kan ikke beregnes",
                "kan ikke beregnes"
            ]
        )),
        "{sat}"
    );
    // Top services and their channels.
    let services = table(&html, "services-table");
    assert!(services.contains("<th scope=\"row\">Pas</th><td class=\"num\">6</td><td>Telefon 3 (50,0 %), Selvbetjening 2 (33,3 %), Digital Post 1 (16,7 %)</td>"), "{services}");
    // Cost: January 2 x 50 + 1 x 5 + 1 x 100 = 205; February 1 x 50 + 2 x 5 = 60 and
    // one Digital Post contact without a price; 265 in all.
    let cost = table(&html, "cost-months");
    assert!(
        cost.contains(&row("2025-01", &["4", "205 kr.", "0"])),
        "{cost}"
    );
    assert!(
        cost.contains(&row("2025-02", &["4", "60 kr.", "1"])),
        "{cost}"
    );
    assert!(
        cost.contains(&row("I alt", &["8", "265 kr.", "1"])),
        "{cost}"
    );
    assert!(html
        .contains("Uden pris og derfor ikke med i omkostningerne: Digital Post (1 henvendelser)."));
    let by_channel = table(&html, "cost-channels");
    assert!(by_channel.contains(&row("Telefon", &["3", "50 kr.", "150 kr."])));
    assert!(by_channel.contains(&row("Digital Post", &["1", "–", "–"])));

    // The scenario: all of phone's Pas contacts (3) to self-service.
    let html = page(
        &c,
        &app,
        &format!("{base}?percent=100&from=phone&to=selfservice&service=Pas"),
    )
    .await;
    let sc = table(&html, "scenario-table");
    assert!(
        sc.contains(&row("Henvendelser via Telefon", &["3", "0", "−3"])),
        "{sc}"
    );
    assert!(
        sc.contains(&row("Henvendelser via Selvbetjening", &["3", "6", "+3"])),
        "{sc}"
    );
    assert!(
        sc.contains(&row(
            "Digital andel",
            &["50,0 %", "87,5 %", "+37,5 procentpoint"]
        )),
        "{sc}"
    );
    // 265 - 3 x 50 + 3 x 5 = 130: 135 kr. saved.
    assert!(
        sc.contains(&row("Omkostning", &["265 kr.", "130 kr.", "−135 kr."])),
        "{sc}"
    );
    assert!(html.contains("Det sparer 135 kr."));
    // To Digital Post, which has no price: no cost after, and it says why.
    let html = page(
        &c,
        &app,
        &format!("{base}?percent=100&from=phone&to=digital_post"),
    )
    .await;
    assert!(table(&html, "scenario-table").contains(&row("Omkostning", &["265 kr.", "–", "–"])));
    assert!(html.contains("fordi Digital Post ikke har en pris"));
    // Bad input is named next to its field.
    let html = page(&c, &app, &format!("{base}?percent=120&from=phone&to=phone")).await;
    assert!(html.contains(
        "<p class=\"field-error\" id=\"sc-percent-error\">Skriv en procent fra 0 til 100.</p>"
    ));
    assert!(!html.contains("id=\"scenario-table\""));
    let html = page(&c, &app, &format!("{base}?percent=10&from=phone&to=phone")).await;
    assert!(html.contains("<p class=\"field-error\" id=\"sc-to-error\">Vælg en anden kanal end den, der flyttes fra.</p>"));

    // In English: the same figures, English labels and number format.
    let res = c
        .get(app.url(&format!("/lang/en?next={base}")))
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(table(&html, "share-table").contains(&row("2025-02", &["4", "3", "75.0%"])));
    assert!(table(&html, "cost-months").contains(&row("Total", &["8", "DKK 265", "1"])));

    // Deleting a target.
    let res = post_form(
        &c,
        app.url(&format!("{base}/targets/delete")),
        &[
            ("csrf", csrf.as_str()),
            ("scope", "phone"),
            ("due", "2026-06-30"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.store.channel_targets(org).await.unwrap().len(), 1);
    let audit = app.store.audit_log(20).await.unwrap();
    for action in [
        "channel_prices_set",
        "channel_target_set",
        "channel_target_deleted",
    ] {
        assert!(
            audit.iter().any(|e| e.action == action),
            "{action} is audited"
        );
    }
}

#[tokio::test]
async fn a_viewer_reads_the_channel_page_but_cannot_change_it() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    import_log(&app, org).await;
    // The first account is the organiser; the viewer comes second.
    app.create_admin().await;
    let (c, _) = app.client_as("viewer", "laeser", org).await;
    let html = page(&c, &app, &format!("/admin/orgs/{org}/channels")).await;
    assert!(html.contains("id=\"mix-table\""));
    assert!(!html.contains("id=\"price-form\"") && !html.contains("id=\"upload-form\""));
    assert!(
        html.contains("id=\"price-list\""),
        "a viewer sees the prices as a table"
    );
    let csrf = csrf_of(&html);
    let res = post_form(
        &c,
        app.url(&format!("/admin/orgs/{org}/channels/prices")),
        &[("csrf", csrf.as_str()), ("price_phone", "1")],
    )
    .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_report_has_a_short_channel_section_when_the_organisation_has_a_log() {
    let app = spawn_app().await;
    let model = Model::builtin();
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(3).await;
    let rows: Vec<ImportedResponse> = (0..3)
        .map(|_| ImportedResponse {
            org_id: org,
            role: None,
            answers: uniform(&model, 3),
            barriers: Default::default(),
        })
        .collect();
    app.store
        .import_responses(round, &rows, "import")
        .await
        .unwrap();
    let (c, _) = app.admin_client().await;
    let path = format!("/admin/rounds/{round}/orgs/{org}/report");
    let before = page(&c, &app, &path).await;
    assert!(!before.contains("id=\"rp-channels\""), "no log, no section");
    import_log(&app, org).await;
    let html = page(&c, &app, &path).await;
    assert!(html.contains("id=\"rp-channels\""));
    assert!(html.contains("I 2025-02 var 75,0 % af henvendelserne digitale (op 50,0 procentpoint siden 2025-01). 12,5 % af alle 8 henvendelser blev fulgt af en gentagen henvendelse."), "{}", &html[html.find("rp-channels").unwrap()..]);
    assert!(html.contains(
        "<th scope=\"row\">Telefon</th><td class=\"num\">3</td><td class=\"num\">37,5 %</td>"
    ));
    assert!(html.contains(&format!(
        "<a href=\"/admin/orgs/{org}/channels\">Se hele kanalsiden</a>"
    )));
}

/// A multipart body with text fields and one file, as a browser sends it.
pub fn multipart(fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----trappe-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    let (name, file_name, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A Danish export: semicolons, Windows-1252 (ø in "Kørekort"), day-first dates, its
/// own column names and channel values, and a free-text column that is never stored.
pub fn danish_export() -> Vec<u8> {
    let text = "Henvendelse;Tidspunkt;Kanal;Ydelse;Borger;Sag;Notat\r\n\
                1;10-01-2025 11:00;Telefon;Pas;c1;s1;ringede om pas\r\n\
                2;12-01-2025 11:00;Telefon;Pas;c1;s1;igen\r\n\
                3;15-01-2025 11:00;Selvbetjening;Kørekort;c2;s2;\r\n\
                4;10-02-2025 11:00;Borgerservice;Kørekort;c3;s3;\r\n\
                5;11-02-2025 11:00;Selvbetjening;Pas;c4;s4;\r\n\
                6;12-02-2025 11:00;Sms-tjenesten;Pas;c5;s5;\r\n";
    text.chars()
        .map(|c| match c {
            'ø' => 0xF8u8,
            c => c as u8,
        })
        .collect()
}

/// Sends `bytes` as file `name` to the organisation's upload form on `app`.
pub async fn send_upload(
    c: &reqwest::Client,
    app: &TestApp,
    org: i64,
    csrf: &str,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let (ctype, body) = multipart(&[("csrf", csrf)], ("file", name, bytes));
    c.post(app.url(&format!("/admin/orgs/{org}/channels/uploads")))
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Posts the mapping form of upload `mapping_url` on `app`: `columns` are col_0, col_1,
/// ... in order ("" leaves a column out), then `extra` fields; starts the import and
/// returns its progress page's path.
pub async fn start_import(
    c: &reqwest::Client,
    app: &TestApp,
    mapping_url: &str,
    csrf: &str,
    columns: &[&str],
    extra: &[(&str, &str)],
) -> String {
    let mut form = vec![("csrf".to_string(), csrf.to_string())];
    form.extend(
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("col_{i}"), c.to_string())),
    );
    form.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    form.push(("action".into(), "import".into()));
    let res = post_form(c, app.url(mapping_url), &form).await;
    let progress = res.url().path().to_string();
    assert!(progress.contains("/channels/imports/"), "{progress}");
    progress
}

/// The import progress page at `url` once the import has ended, fetched every 100 ms,
/// at most `tries` times.
pub async fn finished_import(c: &reqwest::Client, url: &str, tries: u32) -> String {
    for _ in 0..tries {
        let html = get_text(c, url.to_string()).await;
        if !html.contains("id=\"import-progress\"") {
            return html;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import at {url} did not finish");
}

#[tokio::test]
async fn an_upload_is_mapped_and_imported_in_the_background_over_http() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let (c, csrf) = app.admin_client().await;
    let base = format!("/admin/orgs/{org}/channels");
    let res = send_upload(&c, &app, org, &csrf, "eksport.csv", &danish_export()).await;
    assert_eq!(res.status(), 200);
    let mapping_url = res.url().path().to_string();
    assert!(
        mapping_url.starts_with(&format!("{base}/uploads/")),
        "{mapping_url}"
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("<dd id=\"detected\">CSV · semikolon · Windows-1252</dd>"));
    // Columns detected from their Danish names; the free text is left out.
    assert!(html.contains("<option value=\"contact_id\" selected>"));
    assert!(html.contains("<option value=\"timestamp\" selected>"));
    assert!(html
        .contains("<select id=\"col_6\" name=\"col_6\"><option value=\"\">(bruges ikke)</option>"));
    // Day-first dates detected from the first timestamp.
    assert!(html.contains("<option value=\"day-first\" selected>"));
    // Channel values: three recognised, one to choose.
    assert!(html.contains("Sms-tjenesten"));
    assert!(
        !html.contains("ringede om pas"),
        "no value of an unmapped column is shown"
    );
    // Each read column shows its first values, as the file has them.
    let examples = |col: usize| {
        let at = html
            .find(&format!("<label for=\"col_{col}\">"))
            .expect("the column's row");
        let row = &html[at..at + html[at..].find("</tr>").unwrap()];
        row.to_string()
    };
    assert!(
        examples(0)
            .contains("<li><code>1</code></li><li><code>2</code></li><li><code>3</code></li>"),
        "{}",
        examples(0)
    );
    assert!(
        examples(3).contains(
            "<li><code>Pas</code></li><li><code>Pas</code></li><li><code>Kørekort</code></li>"
        ),
        "decoded from Windows-1252: {}",
        examples(3)
    );
    assert!(!examples(6).contains("<code>"), "{}", examples(6));

    // Import without choosing a channel for "Sms-tjenesten": refused next to it.
    let mut form: Vec<(String, String)> = vec![
        ("csrf".into(), csrf.clone()),
        ("col_0".into(), "contact_id".into()),
        ("col_1".into(), "timestamp".into()),
        ("col_2".into(), "channel".into()),
        ("col_3".into(), "service".into()),
        ("col_4".into(), "citizen_key".into()),
        ("col_5".into(), "case_key".into()),
        ("col_6".into(), "".into()),
        ("date_order".into(), "day-first".into()),
        ("action".into(), "import".into()),
    ];
    // The values as the page lists them (most rows first, then by name).
    let values = ["Selvbetjening", "Telefon", "Borgerservice", "Sms-tjenesten"];
    let chosen = ["selfservice", "phone", "front_desk", ""];
    for (k, (v, ch)) in values.iter().zip(chosen).enumerate() {
        assert!(
            html.contains(&format!("name=\"val_{k}\" value=\"{v}\"")),
            "value {k} is {v}"
        );
        form.push((format!("val_{k}"), v.to_string()));
        form.push((format!("chan_{k}"), ch.to_string()));
    }
    let res = c
        .post(app.url(&mapping_url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<p class=\"field-error\" id=\"chan_3-error\">Vælg en kanal for &#34;Sms-tjenesten&#34;.</p>"));

    // Map it to SMS and import: the progress page, then the counts.
    form.retain(|(k, _)| k != "chan_3");
    form.push(("chan_3".into(), "sms".into()));
    let res = c
        .post(app.url(&mapping_url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let progress_url = res.url().path().to_string();
    assert!(progress_url.starts_with(&format!("{base}/imports/")));
    let html = finished_import(&c, &app.url(&progress_url), 100).await;
    assert!(html.contains("<dd id=\"import-stored\">6</dd>"), "{html}");
    assert!(html.contains("<dd id=\"import-rejected\">0</dd>"));
    // The upload is gone: its mapping page is not found any more.
    let res = c.get(app.url(&mapping_url)).send().await.unwrap();
    assert_eq!(res.status(), 404);

    // The channel page: January phone 2, self-service 1; February front desk 1,
    // self-service 1, SMS 1; "Kørekort" read as Windows-1252.
    let html = page(&c, &app, &base).await;
    let share = table(&html, "share-table");
    assert!(
        share.contains(&row("2025-01", &["3", "1", "33,3 %"])),
        "{share}"
    );
    assert!(
        share.contains(&row("2025-02", &["3", "2", "66,7 %"])),
        "{share}"
    );
    assert!(table(&html, "services-table").contains("<th scope=\"row\">Kørekort</th>"));
    assert!(table(&html, "imports-table").contains("<th scope=\"row\">eksport.csv</th>"));
    assert!(table(&html, "repeats-table").contains(&row("Telefon", &["2", "1", "50,0 %"])));
}

#[tokio::test]
async fn an_upload_with_a_bad_row_is_refused_with_its_line_unless_bad_rows_are_skipped() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let (c, csrf) = app.admin_client().await;
    let file = b"contact_id,org_id,timestamp,channel\n1,K,2025-01-10T10:00:00Z,phone\n2,K,not a time,phone\n3,K,2025-01-11T10:00:00Z,web\n";
    for (skip, stored) in [(false, "0"), (true, "2")] {
        let res = send_upload(&c, &app, org, &csrf, "log.csv", file).await;
        let mapping_url = res.url().path().to_string();
        let extra: &[(&str, &str)] = if skip { &[("skip_bad", "1")] } else { &[] };
        let progress_url = start_import(
            &c,
            &app,
            &mapping_url,
            &csrf,
            &["contact_id", "org_id", "timestamp", "channel"],
            extra,
        )
        .await;
        let html = finished_import(&c, &app.url(&progress_url), 100).await;
        assert!(
            html.contains(&format!("<dd id=\"import-stored\">{stored}</dd>")),
            "{html}"
        );
        assert_eq!(html.contains("Filen blev afvist"), !skip);
        let errors = refused(&html);
        assert!(
            errors.contains("<caption>1 række afvist i kolonnen Tidspunkt:</caption>"),
            "{errors}"
        );
        assert!(
            errors.contains("<td class=\"num\">3</td><td>»not a time«"),
            "{errors}"
        );
        // The reason in the page's language, with the value filled in.
        assert!(
            errors.contains("<td>»not a time« er ikke et tidspunkt. Skriv fx 2025-03-14 10:15"),
            "{errors}"
        );
        assert!(!errors.contains("not a timestamp"), "{errors}");
        if skip {
            let html = get_text(&c, app.url(&format!("/lang/en?next={progress_url}"))).await;
            assert!(
                refused(&html).contains("<td>&#34;not a time&#34; is not a timestamp. Write e.g."),
                "{html}"
            );
            c.get(app.url(&format!("/lang/da?next={progress_url}")))
                .send()
                .await
                .unwrap();
        }
    }
    assert_eq!(app.store.contact_count(org).await.unwrap(), 2);

    // More channel values than the mapping page lists (100): the one left over is an
    // unknown channel in the import, named in the page's language.
    let mut many = String::from("contact_id,org_id,timestamp,channel\n");
    for i in 0..100u32 {
        many.push_str(&format!("{},K,2025-01-10T10:00:00Z,kanal{i:03}\n", 500 + i));
    }
    many.push_str("600,K,2025-01-10T10:00:00Z,fax\n");
    let res = send_upload(&c, &app, org, &csrf, "mange.csv", many.as_bytes()).await;
    let mapping_url = res.url().path().to_string();
    let html = res.text().await.unwrap();
    let mut values: Vec<(String, String)> = Vec::new();
    for k in 0..100 {
        let at = format!("name=\"val_{k}\" value=\"");
        let start = html.find(&at).expect("every listed value has a field") + at.len();
        let value = &html[start..start + html[start..].find('"').unwrap()];
        assert_ne!(value, "fax", "the 101st value is not listed");
        values.push((format!("val_{k}"), value.to_string()));
        values.push((format!("chan_{k}"), "phone".into()));
    }
    let values: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let progress_url = start_import(
        &c,
        &app,
        &mapping_url,
        &csrf,
        &["contact_id", "org_id", "timestamp", "channel"],
        &values,
    )
    .await;
    let html = finished_import(&c, &app.url(&progress_url), 100).await;
    assert!(html.contains("Filen blev afvist"), "{html}");
    let errors = refused(&html);
    assert!(
        errors.contains("<td class=\"num\">102</td><td>Trappe kender ikke kanalen »fax«."),
        "{errors}"
    );
    let html = get_text(&c, app.url(&format!("/lang/en?next={progress_url}"))).await;
    assert!(
        refused(&html).contains("<td>Trappe does not know the channel &#34;fax&#34;."),
        "{html}"
    );
    c.get(app.url("/lang/da?next=/")).send().await.unwrap();

    // A column of CPR numbers left unused refuses the file whole; the page says why in
    // Danish, naming the column and the line.
    let cpr = b"contact_id,org_id,timestamp,channel,Personnummer\n1,K,2025-01-10T10:00:00Z,phone,010190-1234\n2,K,2025-01-11T10:00:00Z,web,3112991234\n";
    let res = send_upload(&c, &app, org, &csrf, "cpr.csv", cpr).await;
    let mapping_url = res.url().path().to_string();
    let progress_url = start_import(
        &c,
        &app,
        &mapping_url,
        &csrf,
        &["contact_id", "org_id", "timestamp", "channel", ""],
        &[],
    )
    .await;
    let html = finished_import(&c, &app.url(&progress_url), 100).await;
    assert!(html.contains("id=\"import-failed\""), "{html}");
    assert!(
        html.contains(
            "<p>Kolonnen »Personnummer« (kolonne 5) ser ud til at indeholde CPR-numre (fx linje 2). Intet er gemt."
        ),
        "{html}"
    );
    assert!(!html.contains("looks like CPR"), "{html}");
    assert!(!html.contains("010190"), "the number is not shown: {html}");
    assert_eq!(app.store.contact_count(org).await.unwrap(), 2);

    // A file over the app's usual 2 MB body limit is taken by this route (2.4 MB).
    let mut big = String::from("contact_id,org_id,timestamp,channel,service\n");
    for i in 0..48_000u32 {
        big.push_str(&format!(
            "{},K,2025-03-{:02}T10:00:00Z,selfservice,Pas\n",
            100 + i,
            1 + i % 28
        ));
    }
    assert!(big.len() > 2 * 1024 * 1024);
    let res = send_upload(&c, &app, org, &csrf, "stor.csv", big.as_bytes()).await;
    assert_eq!(
        res.status(),
        200,
        "a 2.4 MB upload reaches its mapping page"
    );
    let mapping_url = res.url().path().to_string();
    let progress_url = start_import(
        &c,
        &app,
        &mapping_url,
        &csrf,
        &["contact_id", "org_id", "timestamp", "channel", "service"],
        &[],
    )
    .await;
    let html = finished_import(&c, &app.url(&progress_url), 600).await;
    assert!(
        html.contains("<dd id=\"import-stored\">48.000</dd>"),
        "{html}"
    );
    assert_eq!(app.store.contact_count(org).await.unwrap(), 48_002);

    // An empty file and a form without a file are named next to the file field.
    let res = send_upload(&c, &app, org, &csrf, "tom.csv", b"").await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("<p class=\"field-error\" id=\"upload-error\" role=\"alert\">Filen er tom.</p>"));
    // A forged upload (no CSRF token) is refused before anything is written.
    let res = send_upload(&c, &app, org, "forged", "log.csv", file).await;
    assert_eq!(res.status(), 403);
}

// ---- the upload in Chromium ----

#[tokio::test]
async fn a_contact_log_is_uploaded_mapped_and_imported_in_chromium() {
    use serde_json::json;
    if !crate::browser::browser_or_skip("a_contact_log_is_uploaded_mapped_and_imported_in_chromium")
    {
        return;
    }
    let h = crate::browser::headless(1280, 900).await;
    let b = &h.b;
    let profile = tempfile::tempdir().expect("temp dir for the upload");
    let app = spawn_app().await;
    app.create_admin().await;
    let org = app.add_org("Aarhus Kommune").await;
    // The Danish export, with "Sms-tjenesten" replaced by a value nothing guesses.
    let export =
        String::from_utf8_lossy(&danish_export()).replace("Sms-tjenesten", "Kontaktformular");
    let bytes: Vec<u8> = export
        .chars()
        .map(|c| if c == '\u{fffd}' { 0xF8 } else { c as u8 })
        .collect();
    assert!(bytes.contains(&0xF8), "the file is Windows-1252");
    let file = profile.path().join("henvendelser.csv");
    std::fs::write(&file, &bytes).unwrap();

    b.sign_in(&app, "admin").await;
    b.wait_for_text("main h1", "Administration").await;

    b.goto(&app.url(&format!("/admin/orgs/{org}/channels")))
        .await;
    b.wait_for_text("#empty h2", "Ingen kontaktlog endnu").await;
    b.send_keys("input#upload-file", file.to_str().unwrap())
        .await;
    b.click("#upload-form button[type=submit]").await;

    // The mapping step: what was detected, and the one value to map by hand.
    b.wait_for_text("#detected", "CSV · semikolon · Windows-1252")
        .await;
    let name = b
        .script(
            "return document.querySelector('input[type=hidden][value=\"Kontaktformular\"]').name",
        )
        .await;
    let k = name
        .as_str()
        .unwrap()
        .trim_start_matches("val_")
        .to_string();
    let chosen = b
        .script(&format!("return document.getElementById('chan_{k}').value"))
        .await;
    assert_eq!(chosen, json!(""), "nothing guessed for Kontaktformular");
    b.click(&format!("select#chan_{k} option[value=\"web\"]"))
        .await;
    assert!(
        b.is_selected(&format!("select#chan_{k} option[value=\"web\"]"))
            .await
    );
    b.click("#import-button").await;

    // The progress page, then the counts.
    b.wait_for_text("#import-stored", "6").await;
    b.wait_for_text("#import-rejected", "0").await;
    b.click("#to-channels").await;

    // The channel page with the right numbers: January phone 2 and self-service 1 (1 of
    // 3 digital); February front desk 1, self-service 1 and web 1 (2 of 3).
    b.wait_for_text(
        "#share-table tbody tr:nth-child(1) td:nth-child(4)",
        "33,3 %",
    )
    .await;
    b.wait_for_text(
        "#share-table tbody tr:nth-child(2) td:nth-child(4)",
        "66,7 %",
    )
    .await;
    b.wait_for_text("#share-table tfoot td:nth-child(4)", "50,0 %")
        .await;
    b.wait_for_text("#services-table", "Kørekort").await;
    b.wait_for_text("#channel-totals", "Hjemmeside").await;
    let svg = b
        .script("return document.querySelectorAll('#mix rect.ch-seg').length")
        .await;
    assert!(
        svg.as_u64().unwrap_or(0) >= 5,
        "the stacked bars are drawn: {svg}"
    );
    h.close().await;
}

/// The framework's fourteen channels: a planned meeting and information material are
/// channels of their own, read from their canonical names, not digital, and on the
/// page's tables, the price form and the scenario like any other channel.
#[tokio::test]
async fn meetings_and_information_are_channels_of_their_own_and_not_digital() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let log = "contact_id,org_id,timestamp,channel,service,citizen_key,case_key,duration_s,resolved,satisfaction,effort
1,K751,2025-03-10T10:00:00Z,meeting,Pension,c1,s1,,,,
2,K751,2025-03-11T10:00:00Z,meeting,Pension,c2,s2,,,,
3,K751,2025-03-12T10:00:00Z,information,Pension,c3,s3,,,,
4,K751,2025-03-13T10:00:00Z,selfservice,Pension,c4,s4,,,,
";
    let report = app
        .store
        .import_contacts(
            org,
            "log.csv",
            ContactSource::Bytes(log.as_bytes().to_vec()),
            None,
            ImportOptions::default(),
            &|_| {},
        )
        .await
        .expect("a log with the two new channels imports");
    assert_eq!(report.rows, 4);
    let (c, _) = app.admin_client().await;
    let base = format!("/admin/orgs/{org}/channels");
    let html = page(&c, &app, &base).await;
    let mix = table(&html, "mix-table");
    assert!(mix.contains("Personligt møde"), "{mix}");
    assert!(mix.contains("Information og vejledning"), "{mix}");
    // The chart's key is a list beside the chart, so long names wrap rather than overlap.
    let legend = &html[html.find("<ul class=\"ch-legend\"").expect("the key")..];
    let legend = &legend[..legend.find("</ul>").unwrap()];
    assert_eq!(legend.matches("<li>").count(), 3, "{legend}");
    assert!(legend.contains("Personligt møde"), "{legend}");
    assert!(
        html.contains("name=\"price_meeting\"") && html.contains("name=\"price_information\""),
        "both can be priced"
    );
    // Both are offered as the scenario's source; moving both meetings to self-service
    // takes the digital share from 1 of 4 to 3 of 4.
    assert!(
        html.contains("<option value=\"meeting\""),
        "scenario source"
    );
    let html = page(
        &c,
        &app,
        &format!("{base}?percent=100&from=meeting&to=selfservice&service=Pension"),
    )
    .await;
    let sc = table(&html, "scenario-table");
    assert!(
        sc.contains(&row("Henvendelser via Personligt møde", &["2", "0", "−2"])),
        "{sc}"
    );
    assert!(
        sc.contains(&row(
            "Digital andel",
            &["25,0 %", "75,0 %", "+50,0 procentpoint"]
        )),
        "{sc}"
    );
}

#[tokio::test]
async fn a_file_with_900_bad_rows_gets_a_grouped_summary_and_a_download_of_every_refused_row() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let other = app.add_org("Odense Kommune").await;
    let (c, csrf) = app.admin_client().await;
    // 1,000 rows: 600 with a field missing, 300 with a bad time, 100 good.
    let mut file = String::from("contact_id,org_id,timestamp,channel\n");
    for i in 0..1000u32 {
        match i % 10 {
            0..=5 => file.push_str(&format!("{i},K,2025-01-10T10:00:00Z\n")),
            6..=8 => file.push_str(&format!("{i},K,kl. {i},phone\n")),
            _ => file.push_str(&format!("{i},K,2025-01-10T10:00:00Z,web\n")),
        }
    }
    let res = send_upload(&c, &app, org, &csrf, "log.csv", file.as_bytes()).await;
    let mapping_url = res.url().path().to_string();
    let progress_url = start_import(
        &c,
        &app,
        &mapping_url,
        &csrf,
        &["contact_id", "org_id", "timestamp", "channel"],
        &[],
    )
    .await;
    let html = finished_import(&c, &app.url(&progress_url), 200).await;
    assert!(html.contains("Filen blev afvist"), "{html}");
    assert!(
        html.contains("<dd id=\"import-rejected\">900</dd>"),
        "{html}"
    );
    let errors = refused(&html);
    // Two groups, largest first, each with its count and its first five lines.
    assert_eq!(errors.matches("<table class=\"import-group\">").count(), 2);
    let channel = errors
        .find("<caption>600 rækker afvist:</caption>")
        .expect(errors);
    let time = errors
        .find("<caption>300 rækker afvist i kolonnen Tidspunkt:</caption>")
        .expect(errors);
    assert!(channel < time, "{errors}");
    assert_eq!(errors.matches("<tr><td class=\"num\">").count(), 10);
    for line in [2, 3, 4, 5, 6] {
        assert!(
            errors.contains(&format!(
                "<td class=\"num\">{line}</td><td>Rækken har 3 felter"
            )),
            "{errors}"
        );
    }
    assert!(errors.contains("<td class=\"num\">8</td><td>»kl. 6« er ikke et tidspunkt"));
    assert!(
        errors.contains("… og 595 rækker mere af samme slags"),
        "{errors}"
    );
    assert!(
        errors.contains("… og 295 rækker mere af samme slags"),
        "{errors}"
    );

    // The download: every refused row, as `trappe contacts import --skip-bad` writes it.
    let url = format!("{progress_url}/refused.csv");
    assert!(errors.contains(&format!("href=\"{url}\"")), "{errors}");
    let res = c.get(app.url(&url)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let downloaded = res.bytes().await.unwrap().to_vec();
    let dir = tempfile::tempdir().unwrap();
    let db = crate::helpers::fresh_db(dir.path(), "cli.db");
    crate::helpers::trappe_ok(
        &db,
        &["org", "add", "--name", "Testby", "--kind", "kommune"],
    );
    let path = dir.path().join("log.csv");
    std::fs::write(&path, &file).unwrap();
    let bad = dir.path().join("bad.csv");
    let out = crate::helpers::trappe(
        &db,
        &[
            "contacts",
            "import",
            "--org",
            "Testby",
            path.to_str().unwrap(),
            "--skip-bad",
            bad.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert_eq!(downloaded, std::fs::read(&bad).unwrap());
    assert_eq!(String::from_utf8(downloaded).unwrap().lines().count(), 901);
    // The command line groups its refusals the same way: no 900 lines.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("600 row(s) rejected: expected 4 fields, found 3"),
        "{err}"
    );
    assert!(
        err.contains("... and 295 more row(s) rejected, column timestamp"),
        "{err}"
    );
    assert_eq!(err.matches(": rejected: line").count(), 10, "{err}");

    // A contact of another organisation cannot read it, under either organisation.
    let odense = app.client_as("contact", "odense", other).await.0;
    let res = odense.get(app.url(&url)).send().await.unwrap();
    assert!(
        matches!(res.status().as_u16(), 403 | 404),
        "{}",
        res.status()
    );
    let theirs = url.replace(&format!("/orgs/{org}/"), &format!("/orgs/{other}/"));
    let res = odense.get(app.url(&theirs)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    // A contact of the organisation can.
    let aarhus = app.client_as("contact", "aarhus", org).await.0;
    let res = aarhus.get(app.url(&url)).send().await.unwrap();
    assert_eq!(res.status(), 200);

    // The rows expire with the upload: once the purge has deleted uploads that old,
    // the download is gone.
    crate::helpers::db_shell(
        &app.db,
        "UPDATE contact_uploads SET created_at = created_at - 7201",
    );
    let res = c.get(app.url(&url)).send().await.unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn figures_a_log_cannot_give_say_so_instead_of_zero() {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    // No case key, no satisfaction, no effort: repeats, satisfaction and effort cannot
    // be computed.
    let log = "contact_id,timestamp,channel,citizen_key\n\
               1,2025-01-10T10:00:00Z,phone,c1\n\
               2,2025-01-11T10:00:00Z,phone,c1\n\
               3,2025-01-12T10:00:00Z,web,c2\n";
    app.store
        .import_contacts(
            org,
            "log.csv",
            ContactSource::Bytes(log.as_bytes().to_vec()),
            None,
            ImportOptions::default(),
            &|_| {},
        )
        .await
        .unwrap();
    let (c, _) = app.admin_client().await;
    let html = page(&c, &app, &format!("/admin/orgs/{org}/channels")).await;
    let repeats = table(&html, "repeats-table");
    assert!(!repeats.contains("0,0 %"), "{repeats}");
    assert!(
        repeats.contains(&row("Telefon", &["2", "0", "kan ikke beregnes"])),
        "{repeats}"
    );
    assert!(
        html.contains("<p id=\"repeat-summary\">Gentagne henvendelser kan ikke beregnes:"),
        "{html}"
    );
    assert!(
        html.contains("»Sagsnøgle (hashes)«"),
        "names the column to add"
    );
    assert!(html.contains("id=\"satisfaction-unknown\">Tilfredshed kan ikke beregnes"));
    assert!(html.contains("id=\"effort-unknown\">Besvær kan ikke beregnes"));
    let sat = table(&html, "satisfaction-table");
    assert!(
        !sat.contains("0,0 %") && sat.contains("kan ikke beregnes"),
        "{sat}"
    );
    let html = get_text(
        &c,
        app.url(&format!("/lang/en?next=/admin/orgs/{org}/channels")),
    )
    .await;
    assert!(
        html.contains("Repeat contacts cannot be computed"),
        "{html}"
    );
    c.get(app.url("/lang/da?next=/")).send().await.unwrap();

    // The hand-made log has keys and satisfaction answers (but no effort answers).
    let other = app.add_org("Odense Kommune").await;
    import_log(&app, other).await;
    let html = page(&c, &app, &format!("/admin/orgs/{other}/channels")).await;
    // (Digital Post's one contact has no keys: that channel's rate alone is unknown.)
    let repeats = table(&html, "repeats-table");
    assert!(
        repeats.contains(&row("Telefon", &["3", "1", "33,3 %"])),
        "{repeats}"
    );
    assert!(repeats.contains(&row("Digital Post", &["1", "0", "kan ikke beregnes"])));
    assert!(!html.contains("Gentagne henvendelser kan ikke beregnes"));
    assert!(!html.contains("satisfaction-unknown"));
    assert!(html.contains("id=\"effort-unknown\""));
}
