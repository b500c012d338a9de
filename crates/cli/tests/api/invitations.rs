//! A round's respondent list and its invitations and reminders by e-mail (issue 14),
//! against the real SMTP server of `scripts/smtp_sink.py`: lists imported by the CLI
//! and on the web (the organiser's, and a contact's own staff list), the mails' content
//! and headers, one single-use link each that opens the questionnaire, no second mail
//! on a re-run, reminders only to those who have not completed, refusals, a kill
//! mid-batch and the throttle.

use crate::channels::multipart;
use crate::helpers::spawn_app;
use crate::helpers::{csrf_of, db_dump, get_text, post_form, raw_client, TestApp};
use crate::mail::{kill_mid_batch, ok, trappe, Sink, FROM};
use std::collections::BTreeMap;
use std::time::Duration;
use trappe_core::{Model, NewOrg};
use trappe_store::{MailState, RoundLanguage, RoundOptions, RoundStatus};

/// An open round with a deadline, in `lang`.
async fn round(app: &TestApp, lang: RoundLanguage) -> i64 {
    let m = Model::builtin();
    let options = RoundOptions {
        deadline: chrono::NaiveDate::from_ymd_opt(2027, 3, 1),
        language: lang,
        ..RoundOptions::default()
    };
    let id = app
        .store
        .create_round_with_options("Netværkets runde", &m.id, &m.version, 3, 2, &options)
        .await
        .unwrap();
    app.store
        .set_round_status(id, RoundStatus::Open)
        .await
        .unwrap();
    id
}

async fn org_cvr(app: &TestApp, name: &str, cvr: &str) -> i64 {
    app.store
        .add_org(&NewOrg::parse(name, "kommune", Some(cvr), &[]).unwrap())
        .await
        .unwrap()
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn send_args<'a>(which: &'a str, round: &'a str, sink: &'a str, base: &'a str) -> Vec<&'a str> {
    vec![
        "invitations",
        which,
        "--round",
        round,
        "--smtp",
        sink,
        "--mail-from",
        FROM,
        "--base-url",
        base,
        "--org-name",
        "KL's Netværk",
    ]
}

/// The link lines of a mail's text part.
pub(crate) fn links_in(text: &str, base: &str) -> Vec<String> {
    let prefix = format!("{base}/s/");
    text.lines()
        .filter(|l| l.contains("/s/"))
        .inspect(|l| assert!(l.starts_with(&prefix), "the link alone on its line: {l:?}"))
        .map(str::to_string)
        .collect()
}

/// Completes a questionnaire through `link` (the role page, then submit).
pub(crate) async fn complete(link: &str) {
    let c = raw_client();
    let res = post_form(&c, link, &[("role", "employee")]).await;
    assert_eq!(res.status(), 303, "{link}");
    let res = c.post(format!("{link}/submit")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/thanks");
}

#[tokio::test]
async fn a_list_is_imported_by_the_cli_deduplicated_and_a_bad_row_imports_nothing() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let aeroe = org_cvr(&app, "Ærø Kommune", "29189633").await;
    let vejle = app.add_org("Vejle Kommune").await;
    let r = round(&app, RoundLanguage::Da).await.to_string();
    // org by CVR, by exact name and by id; an address twice in any letter case.
    let list = write(
        dir.path(),
        "liste.csv",
        &format!(
            "org;email;role\n29189633;kim@aeroe.example.dk;leder\nVejle Kommune;bo@vejle.example.dk;\n\
             {vejle};Bo@Vejle.example.dk;\n{aeroe};ane@aeroe.example.dk;medarbejder\n"
        ),
    );
    let out = ok(&app, &["respondents", "import", "--round", &r, &list]);
    assert_eq!(
        out,
        format!(
            "{vejle}\tVejle Kommune\tadded 1\talready listed 1\n\
             {aeroe}\tÆrø Kommune\tadded 2\talready listed 0\n"
        )
    );
    // Again: nothing new, everything counted as listed already.
    let again = ok(&app, &["respondents", "import", "--round", &r, &list]);
    assert!(
        again.contains("Ærø Kommune\tadded 0\talready listed 2"),
        "{again}"
    );
    let round_id: i64 = r.parse().unwrap();
    let s = app.store.list_summary(round_id, None).await.unwrap();
    let listed = |name: &str| s.iter().find(|x| x.name == name).unwrap().listed;
    assert_eq!((listed("Ærø Kommune"), listed("Vejle Kommune")), (2, 1));
    // A bad address and an unknown organisation: refused with file, line and column,
    // and nothing of the file is imported.
    let bad = write(
        dir.path(),
        "bad.csv",
        "org,email\nVejle Kommune,new@vejle.example.dk\nVejle Kommune,ikke en adresse\nHorsens,x@horsens.example.dk\n",
    );
    let out = trappe(&app, &["respondents", "import", "--round", &r, &bad]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv: line 3, column 'email': "), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    let unknown = write(
        dir.path(),
        "unknown.csv",
        "org,email\nVejle Kommune,new@vejle.example.dk\nHorsens,x@horsens.example.dk\n",
    );
    let out = trappe(&app, &["respondents", "import", "--round", &r, &unknown]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown.csv: line 3, column 'org': 'Horsens' is no organisation"),
        "{err}"
    );
    assert!(!db_dump(&app.db).contains("new@vejle.example.dk"));
    let s = app.store.list_summary(round_id, None).await.unwrap();
    assert_eq!(s.iter().map(|x| x.listed).sum::<i64>(), 3);
}

#[tokio::test]
async fn invitations_arrive_well_formed_with_one_link_each_and_a_rerun_mails_nobody_again() {
    let sink = Sink::start(&[]);
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    org_cvr(&app, "Ærø Kommune", "29189633").await;
    app.add_org("Vejle Kommune").await;
    let round_id = round(&app, RoundLanguage::Da).await;
    let r = round_id.to_string();
    let list = write(
        dir.path(),
        "l.csv",
        "org,email\nÆrø Kommune,kim@aeroe.example.dk\nÆrø Kommune,ane@aeroe.example.dk\nVejle Kommune,bo@vejle.example.dk\n",
    );
    ok(&app, &["respondents", "import", "--round", &r, &list]);
    let url = sink.url();
    let args = send_args("send", &r, &url, &app.base_url);
    let out = ok(&app, &args);
    assert_eq!(out.lines().last(), Some("sent 3, failed 0"), "{out}");
    let got = sink.received();
    assert_eq!(got.len(), 3);
    let mut links = Vec::new();
    for m in &got {
        let to = m["to"].as_str().unwrap();
        let org = if to.ends_with("aeroe.example.dk") {
            "Ærø Kommune"
        } else {
            "Vejle Kommune"
        };
        // The subject decoded from RFC 2047 as a mail client reads it, with æøå.
        assert_eq!(
            m["subject"].as_str().unwrap(),
            format!("Spørgeskema til {org}: svar senest 1.3.2027")
        );
        assert_eq!(m["from"], FROM);
        assert!(chrono::DateTime::parse_from_rfc2822(m["date"].as_str().unwrap()).is_ok());
        assert!(m["message_id"]
            .as_str()
            .unwrap()
            .ends_with("@testby.example.dk>"));
        let text = m["text"].as_str().unwrap();
        assert!(text.contains(&format!("svare for {org}")), "{text}");
        assert!(text.contains("Svar senest 1.3.2027"), "{text}");
        assert!(text.contains("KL's Netværk"), "the sender is named: {text}");
        let l = links_in(text, &app.base_url);
        assert_eq!(l.len(), 1, "{text}");
        let html = m["html"].as_str().unwrap();
        assert!(html.contains(&format!("href=\"{}\"", l[0])), "{html}");
        links.push(l[0].clone());
    }
    // The raw subject is encoded (RFC 2047), not 8-bit.
    let raw = std::fs::read_to_string(sink.dir.path().join("0000001.eml")).unwrap();
    let subject = raw.lines().find(|l| l.starts_with("Subject: ")).unwrap();
    assert!(subject.contains("=?utf-8?"), "{subject}");
    // One link each, all different, each opens the questionnaire; none is stored.
    links.sort();
    links.dedup();
    assert_eq!(links.len(), 3);
    let dump = db_dump(&app.db);
    for l in &links {
        let page = reqwest::get(l).await.unwrap();
        assert_eq!(page.status(), 200, "{l}");
        assert!(page.text().await.unwrap().contains("name=\"role\""));
        assert!(
            !dump.contains(l.rsplit('/').next().unwrap()),
            "a token is kept"
        );
    }
    let s = app.store.list_summary(round_id, None).await.unwrap();
    let mut got_counts: Vec<(String, i64, i64)> = s
        .iter()
        .map(|x| (x.name.clone(), x.listed, x.invited))
        .collect();
    got_counts.sort();
    assert_eq!(
        got_counts,
        vec![("Vejle Kommune".into(), 1, 1), ("Ærø Kommune".into(), 2, 2)]
    );
    // A re-run mails nobody again; an address added later is mailed alone.
    let out = ok(&app, &args);
    assert_eq!(out.lines().last(), Some("sent 0, failed 0"), "{out}");
    assert_eq!(sink.count(), 3);
    let more = write(
        dir.path(),
        "m.csv",
        "org,email\nVejle Kommune,ny@vejle.example.dk\n",
    );
    ok(&app, &["respondents", "import", "--round", &r, &more]);
    let out = ok(&app, &args);
    assert_eq!(out.lines().last(), Some("sent 1, failed 0"), "{out}");
    assert!(sink.per_recipient().values().all(|n| *n == 1));

    // One respondent completes through their link; the reminder goes to the others only.
    let kim = got
        .iter()
        .find(|m| m["to"] == "kim@aeroe.example.dk")
        .map(|m| links_in(m["text"].as_str().unwrap(), &app.base_url)[0].clone())
        .unwrap();
    complete(&kim).await;
    let remind = send_args("remind", &r, &url, &app.base_url);
    let out = ok(&app, &remind);
    assert_eq!(out.lines().last(), Some("sent 3, failed 0"), "{out}");
    let per = sink.per_recipient();
    assert_eq!(per.get("kim@aeroe.example.dk"), Some(&1), "{per:?}");
    assert_eq!(per.get("ane@aeroe.example.dk"), Some(&2), "{per:?}");
    let reminder = sink
        .received()
        .into_iter()
        .rfind(|m| m["to"] == "ane@aeroe.example.dk")
        .unwrap();
    assert!(reminder["subject"]
        .as_str()
        .unwrap()
        .starts_with("Påmindelse: spørgeskema til Ærø Kommune"));
    let again = links_in(reminder["text"].as_str().unwrap(), &app.base_url);
    assert_eq!(reminder_opens(&again[0]).await, 200);
    // Only the organisation's counts and yes/no per address: never an answer.
    let s = app.store.list_summary(round_id, None).await.unwrap();
    let aeroe = s.iter().find(|x| x.name == "Ærø Kommune").unwrap();
    assert_eq!((aeroe.invited, aeroe.completed), (2, 1));
    let a = app.store.listed_addresses(round_id, None).await.unwrap();
    let kim_row = a
        .iter()
        .find(|x| x.email == "kim@aeroe.example.dk")
        .unwrap();
    assert!(kim_row.invited && kim_row.completed);
    let cli = ok(&app, &["--help"]);
    assert!(cli.contains("invitations"));
}

async fn reminder_opens(link: &str) -> u16 {
    reqwest::get(link).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_permanent_refusal_marks_the_address_failed_and_a_temporary_one_is_retried() {
    let sink = Sink::start(&[
        "--refuse",
        "nobody@vejle.example.dk",
        "--tempfail",
        "grey@vejle.example.dk",
    ]);
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    app.add_org("Vejle Kommune").await;
    let round_id = round(&app, RoundLanguage::En).await;
    let r = round_id.to_string();
    let list = write(
        dir.path(),
        "l.csv",
        "org,email\nVejle Kommune,kim@vejle.example.dk\nVejle Kommune,nobody@vejle.example.dk\nVejle Kommune,grey@vejle.example.dk\n",
    );
    ok(&app, &["respondents", "import", "--round", &r, &list]);
    let url = sink.url();
    let mut args = send_args("send", &r, &url, &app.base_url);
    args.extend(["--mail-retry-secs", "1"]);
    let out = ok(&app, &args);
    assert_eq!(out.lines().last(), Some("sent 1, failed 1"), "{out}");
    let a = app.store.listed_addresses(round_id, None).await.unwrap();
    let nobody = a.iter().find(|x| x.email.starts_with("nobody")).unwrap();
    let reply = nobody.failed.as_deref().unwrap();
    assert!(
        reply.contains("550") && reply.contains("User unknown"),
        "{reply}"
    );
    let grey = a.iter().find(|x| x.email.starts_with("grey")).unwrap();
    assert!(grey.failed.is_none() && !grey.invited);
    // After its backoff the temporary refusal goes through; nobody is mailed twice.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let out = ok(&app, &args);
    assert_eq!(out.lines().last(), Some("sent 1, failed 0"), "{out}");
    // In English, as the round says.
    let got = sink.received();
    assert!(got[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Questionnaire for Vejle Kommune: please answer by 1 March 2027"));
    // The refused address gets no reminder; the others do.
    let mut remind = send_args("remind", &r, &url, &app.base_url);
    remind.extend(["--mail-retry-secs", "1"]);
    let out = ok(&app, &remind);
    assert_eq!(out.lines().last(), Some("sent 2, failed 0"), "{out}");
    let per = sink.per_recipient();
    assert_eq!(per.get("nobody@vejle.example.dk"), None);
    assert_eq!(per.get("grey@vejle.example.dk"), Some(&2));
}

#[tokio::test]
async fn killing_a_send_of_1000_and_running_it_again_mails_nobody_twice() {
    const N: usize = 1000;
    let sink = Sink::start(&["--slow-ms", "3", "--raw-only"]);
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    app.add_org("Vejle Kommune").await;
    let round_id = round(&app, RoundLanguage::Da).await;
    let r = round_id.to_string();
    let mut csv = String::from("org,email\n");
    for i in 0..N {
        csv.push_str(&format!("Vejle Kommune,p{i:04}@vejle.example.dk\n"));
    }
    let list = write(dir.path(), "l.csv", &csv);
    ok(&app, &["respondents", "import", "--round", &r, &list]);
    let url = sink.url();
    let args = send_args("send", &r, &url, &app.base_url);
    let at_kill = kill_mid_batch(&app, &args, &sink);
    assert!(at_kill < N, "killed mid-batch ({at_kill})");
    let out = ok(&app, &args);
    assert!(out.starts_with("queued 0 mail(s)\n"), "{out}");
    let c = app.store.round_mail_counts(round_id).await.unwrap();
    assert_eq!(c.queued + c.sending + c.failed, 0, "{c:?}");
    assert_eq!(c.sent + c.unknown, N as i64, "{c:?}");
    assert!(c.unknown <= 1, "only the one in flight: {c:?}");
    // The unknown one is listed for the organiser to resend by choice.
    let unknown = app
        .store
        .mail_messages(Some(MailState::Unknown), 10)
        .await
        .unwrap();
    assert_eq!(unknown.len() as i64, c.unknown);
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for e in std::fs::read_dir(sink.dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "eml") {
            let raw = std::fs::read_to_string(&p).unwrap();
            let to = raw.lines().find_map(|l| l.strip_prefix("To: ")).unwrap();
            *per.entry(to.to_string()).or_insert(0) += 1;
        }
    }
    assert!(per.values().all(|n| *n == 1), "someone got two mails");
    // A third run queues nothing and mails nobody.
    let before = sink.count();
    let out = ok(&app, &args);
    assert_eq!(out.lines().last(), Some("sent 0, failed 0"), "{out}");
    assert_eq!(sink.count(), before);
}

#[tokio::test]
async fn a_per_minute_limit_spaces_a_rounds_mails() {
    let sink = Sink::start(&[]);
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    app.add_org("Vejle Kommune").await;
    let r = round(&app, RoundLanguage::Da).await.to_string();
    let list = write(
        dir.path(),
        "l.csv",
        "org,email\nVejle Kommune,a@vejle.example.dk\nVejle Kommune,b@vejle.example.dk\nVejle Kommune,c@vejle.example.dk\n",
    );
    ok(&app, &["respondents", "import", "--round", &r, &list]);
    let url = sink.url();
    let mut args = send_args("send", &r, &url, &app.base_url);
    args.extend(["--mail-per-minute", "120"]);
    let out = ok(&app, &args);
    assert_eq!(out.lines().last(), Some("sent 3, failed 0"), "{out}");
    let got = sink.received();
    // In the list's order, and at least the limit's interval apart (a lower bound the
    // throttle guarantees; unthrottled they arrive within milliseconds).
    let to: Vec<&str> = got.iter().map(|m| m["to"].as_str().unwrap()).collect();
    assert_eq!(
        to,
        [
            "a@vejle.example.dk",
            "b@vejle.example.dk",
            "c@vejle.example.dk"
        ]
    );
    let at: Vec<f64> = got
        .iter()
        .map(|m| m["received_at"].as_f64().unwrap())
        .collect();
    assert!(at[2] - at[1] >= 0.4 && at[2] - at[0] >= 0.8, "{at:?}");
}

async fn upload(c: &reqwest::Client, url: String, csrf: &str, csv: &str) -> (u16, String) {
    let (ctype, body) = multipart(&[("csrf", csrf)], ("file", "liste.csv", csv.as_bytes()));
    let res = c
        .post(url)
        .header("content-type", ctype)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn on_the_web_the_organiser_and_a_contact_upload_lists_preview_and_send() {
    let sink = Sink::start(&[]);
    let app = spawn_app().await;
    let aeroe = org_cvr(&app, "Ærø Kommune", "29189633").await;
    let vejle = app.add_org("Vejle Kommune").await;
    let round_id = round(&app, RoundLanguage::Da).await;
    let (c, csrf) = app.admin_client().await;
    let page = format!("/admin/rounds/{round_id}/respondents");
    // The organiser's list for all organisations; a bad row refuses the whole file.
    let (status, html) = upload(
        &c,
        app.url(&page),
        &csrf,
        "org,email\nVejle Kommune,bo@vejle.example.dk\nVejle Kommune,nej\n",
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Intet er lagt ind"), "{html}");
    assert!(html.contains("Linje 3, kolonne email:"), "{html}");
    assert!(app
        .store
        .list_summary(round_id, None)
        .await
        .unwrap()
        .is_empty());
    let (status, html) = upload(
        &c,
        app.url(&page),
        &csrf,
        "org;email\n29189633;kim@aeroe.example.dk\nVejle Kommune;bo@vejle.example.dk\nVejle Kommune;BO@vejle.example.dk\n",
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Listen er lagt ind"), "{html}");
    assert!(
        html.contains("Vejle Kommune</th><td class=\"num\">1</td><td class=\"num\">1</td>"),
        "{html}"
    );
    // A contact uploads its own staff list; a row for another organisation is refused.
    app.store
        .create_invitations(round_id, aeroe, 1)
        .await
        .unwrap();
    let (cc, ccsrf) = app.client_as("contact", "kontakt", aeroe).await;
    let own = format!("/admin/rounds/{round_id}/orgs/{aeroe}/respondents");
    let (status, html) = upload(
        &cc,
        app.url(&own),
        &ccsrf,
        "org,email\nÆrø Kommune,ane@aeroe.example.dk\nVejle Kommune,spy@vejle.example.dk\n",
    )
    .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("er en anden organisation"), "{html}");
    let (status, html) = upload(
        &cc,
        app.url(&own),
        &ccsrf,
        "org,email\nÆrø Kommune,ane@aeroe.example.dk\nÆrø Kommune,KIM@aeroe.example.dk\n",
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("ane@aeroe.example.dk"),
        "the contact sees its own list"
    );
    assert!(
        !html.contains("bo@vejle"),
        "and nothing of another organisation"
    );
    assert!(
        !html.contains("kim@aeroe.example.dk") && !html.contains("KIM@aeroe"),
        "nor the organiser's addresses of its organisation"
    );
    // A contact cannot reach the organiser's page nor another organisation's list.
    let res = cc.get(app.url(&page)).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let res = cc
        .get(app.url(&format!(
            "/admin/rounds/{round_id}/orgs/{vejle}/respondents"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // Texts: an unknown placeholder is refused with a clear message.
    let html = get_text(&c, app.url(&page)).await;
    assert!(html.contains("3 adresser får en invitation."), "{html}");
    let res = post_form(
        &c,
        app.url(&format!("{page}/texts")),
        &[
            ("csrf", csrf.as_str()),
            ("invitation_subject", "Svar for {organisation}"),
            ("invitation_body", "Hej {navn}\n{link}"),
            ("reminder_subject", ""),
            ("reminder_body", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("{navn}"));
    let res = post_form(
        &c,
        app.url(&format!("{page}/texts")),
        &[
            ("csrf", csrf.as_str()),
            ("invitation_subject", "Svar for {organisation} – æøå"),
            (
                "invitation_body",
                "Hej\n\nSvar her: {link}\nSenest {deadline}.\n{sender}",
            ),
            ("reminder_subject", ""),
            ("reminder_body", ""),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    // The preview: a real organisation from the list, an example link that is no token.
    let preview = get_text(&c, app.url(&format!("{page}/send/invitation"))).await;
    assert!(
        preview.contains("Svar for Vejle Kommune – æøå")
            || preview.contains("Svar for Ærø Kommune – æøå"),
        "{preview}"
    );
    assert!(preview.contains("Send til 3 adresser"), "{preview}");
    let example = format!("{}/s/", app.base_url);
    assert!(preview.contains(&example));
    assert!(
        preview.contains("name=\"expected\" value=\"3\""),
        "{preview}"
    );
    // Confirmed for another count than the list now has (it changed after the preview):
    // nothing is queued, and the preview says so with the new count.
    let csrf2 = csrf_of(&preview);
    let res = post_form(
        &c,
        app.url(&format!("{page}/send/invitation")),
        &[("csrf", csrf2.as_str()), ("expected", "2")],
    )
    .await;
    // (the client follows the redirect to the preview)
    assert_eq!(res.status(), 200);
    assert!(
        res.url().as_str().ends_with("/send/invitation?changed=2"),
        "{}",
        res.url()
    );
    let again = res.text().await.unwrap();
    assert!(
        again.contains("nu får 3 adresser mailen, ikke 2"),
        "{again}"
    );
    let html = get_text(&c, app.url(&page)).await;
    assert!(
        html.contains("3 adresser får en invitation."),
        "nothing queued: {html}"
    );
    // Send: queued, then the sender (as `trappe serve` runs it) mails them.
    let res = post_form(
        &c,
        app.url(&format!("{page}/send/invitation")),
        &[("csrf", csrf2.as_str()), ("expected", "3")],
    )
    .await;
    assert_eq!(res.status(), 200);
    let mut sender = trappe_mail::Sender::new(
        app.store.clone(),
        trappe_mail::Transport::smtp(&trappe_mail::SmtpUrl::parse(&sink.url()).unwrap()).unwrap(),
        trappe_mail::parse_from(FROM).unwrap(),
        None,
        Default::default(),
    );
    let s = sender.send_due().await.unwrap().unwrap();
    assert_eq!(s.sent, 3);
    let got = sink.received();
    assert!(got
        .iter()
        .all(|m| m["subject"].as_str().unwrap().ends_with("– æøå")));
    let html = get_text(&c, app.url(&page)).await;
    assert!(html.contains("0 adresser får en invitation."), "{html}");
    // The staff-listed address's link is staff-made (the anonymity rule for staff links).
    let links = app.store.links(round_id, aeroe).await.unwrap();
    assert_eq!(
        links
            .iter()
            .filter(|l| l.made_by == trappe_store::MadeBy::Staff)
            .count(),
        1
    );
    // The addresses page: invited and completed yes/no, never an answer.
    let addrs = get_text(&c, app.url(&format!("{page}/addresses"))).await;
    assert!(addrs.contains("kim@aeroe.example.dk"));
    // Once the round has closed, the organiser deletes the addresses.
    app.store
        .set_round_status(round_id, RoundStatus::Closed)
        .await
        .unwrap();
    let confirm = get_text(&c, app.url(&format!("{page}/delete"))).await;
    assert!(confirm.contains("3 adresser"), "{confirm}");
    let res = post_form(
        &c,
        app.url(&format!("{page}/delete")),
        &[("csrf", csrf_of(&confirm).as_str())],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(!db_dump(&app.db).contains("kim@aeroe.example.dk"));
}

#[tokio::test]
async fn the_addresses_go_when_the_rounds_retention_ends() {
    let app = spawn_app().await;
    let vejle = app.add_org("Vejle Kommune").await;
    let m = Model::builtin();
    let options = RoundOptions {
        retention_days: 0,
        ..RoundOptions::default()
    };
    let round_id = app
        .store
        .create_round_with_options("Kort runde", &m.id, &m.version, 3, 2, &options)
        .await
        .unwrap();
    let rows = trappe_core::respondents::parse_list(
        format!("org,email\n{vejle},bo@vejle.example.dk\n").as_bytes(),
    )
    .unwrap();
    app.store
        .import_respondents(round_id, &rows, trappe_store::ListedBy::Organiser, None)
        .await
        .unwrap()
        .unwrap();
    app.store
        .set_round_status(round_id, RoundStatus::Closed)
        .await
        .unwrap();
    let at = chrono::Utc::now().timestamp() + 60;
    let dry = app.store.purge(at, true, Some("test")).await.unwrap();
    assert!(dry[0].rows.contains(&("addresses", 1)), "{:?}", dry[0].rows);
    let done = app.store.purge(at, false, Some("test")).await.unwrap();
    assert!(
        done[0].rows.contains(&("addresses", 1)),
        "{:?}",
        done[0].rows
    );
    assert!(app
        .store
        .listed_addresses(round_id, None)
        .await
        .unwrap()
        .is_empty());
    assert!(!db_dump(&app.db).contains("bo@vejle.example.dk"));
}

/// A sheet of inline-string rows, as `<sheetData>`.
fn sheet(rows: &[&[&str]]) -> String {
    let mut x = String::from("<sheetData>");
    for (i, row) in rows.iter().enumerate() {
        x.push_str(&format!("<row r=\"{}\">", i + 1));
        for (j, v) in row.iter().enumerate() {
            let col = (b'A' + j as u8) as char;
            x.push_str(&format!(
                "<c r=\"{col}{}\" t=\"inlineStr\"><is><t>{v}</t></is></c>",
                i + 1
            ));
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData>");
    x
}

#[tokio::test]
async fn an_xlsx_list_is_read_through_the_workbook_reader_with_its_sheet_rows() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let vejle = app.add_org("Vejle Kommune").await;
    let r = round(&app, RoundLanguage::Da).await.to_string();
    let bad = dir.path().join("bad.xlsx");
    std::fs::write(
        &bad,
        crate::xlsx::workbook(&sheet(&[
            &["org", "email", "role"],
            &["Vejle Kommune", "bo@vejle.example.dk", "leder"],
            &["Vejle Kommune", "ikke en adresse", ""],
        ])),
    )
    .unwrap();
    let out = trappe(
        &app,
        &[
            "respondents",
            "import",
            "--round",
            &r,
            bad.to_str().unwrap(),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("bad.xlsx: line 3, column 'email': "), "{err}");
    let good = dir.path().join("good.xlsx");
    std::fs::write(
        &good,
        crate::xlsx::workbook(&sheet(&[
            &["org", "email", "role"],
            &["Vejle Kommune", "bo@vejle.example.dk", "leder"],
            &["Vejle Kommune", "ane@vejle.example.dk", ""],
        ])),
    )
    .unwrap();
    let out = ok(
        &app,
        &[
            "respondents",
            "import",
            "--round",
            &r,
            good.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out,
        format!("{vejle}\tVejle Kommune\tadded 2\talready listed 0\n")
    );
}
