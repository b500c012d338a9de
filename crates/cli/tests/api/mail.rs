//! Mail against a real SMTP server: `scripts/smtp_sink.py` (aiosmtpd from PyPI, in the
//! venv scripts/test.sh makes) on a free loopback port, which writes every message it
//! receives as .eml and, beside it, what Python's own mail parser reads from it. The
//! sending is done by the real `trappe` binary (`user invite --email`, `user
//! invite-contacts`), or in-process for the outbox and the organiser's mail page.

use crate::helpers::{db_dump, get_text, post_form, spawn_app, spawn_app_with, TestApp};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use trappe_core::NewOrg;
use trappe_store::MailState;

/// The Python that has aiosmtpd and pypdf: `TRAPPE_TEST_PYTHON`, else the venv of scripts/test.sh.
pub(crate) fn python() -> PathBuf {
    if let Ok(p) = std::env::var("TRAPPE_TEST_PYTHON") {
        return PathBuf::from(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/pyenv/bin/python");
    assert!(
        p.exists(),
        "no {}: run scripts/test.sh once, or `python3 -m venv target/pyenv && target/pyenv/bin/pip install aiosmtpd==1.4.6`",
        p.display()
    );
    p
}

/// A running SMTP server that keeps what it receives.
pub(crate) struct Sink {
    child: Child,
    port: u16,
    pub(crate) dir: tempfile::TempDir,
}

impl Sink {
    pub(crate) fn start(extra: &[&str]) -> Sink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(script)
            .args(["--port", &port.to_string(), "--out"])
            .arg(dir.path())
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        Sink { child, port, dir }
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as Python's mail parser read it, in order.
    pub(crate) fn received(&self) -> Vec<serde_json::Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap())
            .collect()
    }

    pub(crate) fn count(&self) -> usize {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .count()
    }

    /// How many messages each recipient received.
    pub(crate) fn per_recipient(&self) -> BTreeMap<String, usize> {
        let mut n = BTreeMap::new();
        for m in self.received() {
            for to in m["envelope_to"].as_array().unwrap() {
                *n.entry(to.as_str().unwrap().to_string()).or_insert(0) += 1;
            }
        }
        n
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) const FROM: &str = "Trappe på Rådhuset <trappe@testby.example.dk>";

pub(crate) fn trappe_cmd(app: &TestApp, args: &[&str]) -> Command {
    let mut c = crate::helpers::trappe_cmd(&app.db, args);
    c.env_remove("TRAPPE_SMTP")
        .env_remove("TRAPPE_MAIL_FROM")
        .env_remove("TRAPPE_MAIL_PER_MINUTE")
        .env_remove("TRAPPE_MAIL_OUTBOX");
    c
}

/// Runs `trappe args` (a send to `sink`) and kills it with SIGKILL once 100 mails have
/// arrived, mid-batch; returns how many the sink had then.
pub(crate) fn kill_mid_batch(app: &TestApp, args: &[&str], sink: &Sink) -> usize {
    let mut child = trappe_cmd(app, args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while sink.count() < 100 {
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "the batch did not start"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "it ended before the kill"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    sink.count()
}

pub(crate) fn trappe(app: &TestApp, args: &[&str]) -> Output {
    trappe_cmd(app, args).output().expect("run trappe")
}

pub(crate) fn ok(app: &TestApp, args: &[&str]) -> String {
    crate::helpers::succeeded(args, trappe(app, args))
}

async fn org_with_contact(app: &TestApp, name: &str, email: &str) -> i64 {
    let org = NewOrg::parse(name, "kommune", None, &[])
        .unwrap()
        .with_contact_email(Some(email))
        .unwrap();
    app.store.add_org(&org).await.unwrap()
}

#[tokio::test]
async fn a_mailed_invitation_arrives_well_formed_with_its_link_on_a_line_of_its_own() {
    let sink = Sink::start(&[]);
    let app = spawn_app().await;
    let org = app.add_org("Ærø Kommune").await;
    let out = ok(
        &app,
        &[
            "user",
            "invite",
            "--role",
            "contact",
            "--org",
            &org.to_string(),
            "--email",
            "kim@aeroe.example.dk",
            "--base-url",
            &app.base_url,
            "--smtp",
            &sink.url(),
            "--mail-from",
            FROM,
        ],
    );
    assert_eq!(out.lines().last(), Some("sent 1, failed 0"), "{out}");
    let got = sink.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    // Headers as a mail client reads them: the subject decoded from RFC 2047.
    assert_eq!(m["subject"], "Invitation til Trappe: Ærø Kommune");
    assert_eq!(m["from"], FROM);
    assert_eq!(m["to"], "kim@aeroe.example.dk");
    assert_eq!(m["content_type"], "multipart/alternative");
    let date = chrono::DateTime::parse_from_rfc2822(m["date"].as_str().unwrap()).unwrap();
    assert!((chrono::Utc::now().timestamp() - date.timestamp()).abs() < 300);
    let stored = app.store.mail_messages(None, 10).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(m["message_id"].as_str(), stored[0].message_id.as_deref());
    assert!(m["message_id"]
        .as_str()
        .unwrap()
        .ends_with("@testby.example.dk>"));
    // The text part: Danish, the link alone on its line; the HTML part links it too.
    let text = m["text"].as_str().unwrap();
    assert!(text.contains("kontaktperson for Ærø Kommune"), "{text}");
    let prefix = format!("{}/invite/", app.base_url);
    let links: Vec<&str> = text.lines().filter(|l| l.contains("/invite/")).collect();
    assert_eq!(links.len(), 1, "{text}");
    let link = links[0];
    assert!(
        link.starts_with(&prefix) && link.len() == prefix.len() + 64,
        "{link}"
    );
    let html = m["html"].as_str().unwrap();
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
    assert!(html.contains("Ærø Kommune"));
    // The link works, and is kept nowhere: the sent mail's body is gone.
    let page = reqwest::get(link).await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(stored[0].state, MailState::Sent);
    assert!(stored[0].text.is_none() && stored[0].html.is_none());
    assert!(stored[0].reply.as_deref().unwrap().starts_with("250"));
    let token = &link[prefix.len()..];
    assert!(!db_dump(&app.db).contains(token), "the link is not stored");
    // A second run sends nothing again.
    let again = ok(
        &app,
        &[
            "user",
            "invite-contacts",
            "--smtp",
            &sink.url(),
            "--mail-from",
            FROM,
        ],
    );
    assert_eq!(again.lines().last(), Some("sent 0, failed 0"), "{again}");
    assert_eq!(sink.count(), 1);
}

#[tokio::test]
async fn a_permanent_refusal_fails_with_the_reply_and_a_temporary_one_is_retried() {
    let sink = Sink::start(&[
        "--refuse",
        "nobody@vejle.example.dk",
        "--tempfail",
        "grey@odense.example.dk",
    ]);
    let app = spawn_app().await;
    org_with_contact(&app, "Aarhus Kommune", "kim@aarhus.example.dk").await;
    org_with_contact(&app, "Vejle Kommune", "nobody@vejle.example.dk").await;
    org_with_contact(&app, "Odense Kommune", "grey@odense.example.dk").await;
    let args = [
        "user",
        "invite-contacts",
        "--smtp",
        &sink.url(),
        "--mail-from",
        FROM,
        "--mail-retry-secs",
        "1",
        "--lang",
        "en",
    ];
    let first = ok(&app, &args);
    assert_eq!(first.lines().next(), Some("queued 3 invitation(s)"));
    assert_eq!(first.lines().last(), Some("sent 1, failed 1"), "{first}");
    let by_to = |to: &str, all: &[trappe_store::MailMessage]| {
        all.iter().find(|m| m.recipient == to).unwrap().clone()
    };
    let all = app.store.mail_messages(None, 10).await.unwrap();
    let refused = by_to("nobody@vejle.example.dk", &all);
    assert_eq!(refused.state, MailState::Failed);
    let reply = refused.reply.unwrap();
    assert!(
        reply.contains("550") && reply.contains("User unknown"),
        "{reply}"
    );
    assert!(refused.text.is_none(), "a refused mail's body goes too");
    let grey = by_to("grey@odense.example.dk", &all);
    assert_eq!((grey.state, grey.attempts), (MailState::Queued, 1));
    assert!(grey.reply.unwrap().contains("451"));
    // After its backoff, the next run sends it, and nothing else again.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let second = ok(&app, &args);
    assert_eq!(second.lines().next(), Some("queued 0 invitation(s)"));
    assert_eq!(second.lines().last(), Some("sent 1, failed 0"), "{second}");
    let grey = app.store.mail_message(grey.id).await.unwrap().unwrap();
    assert_eq!((grey.state, grey.attempts), (MailState::Sent, 2));
    let per = sink.per_recipient();
    assert_eq!(per.get("kim@aarhus.example.dk"), Some(&1));
    assert_eq!(per.get("grey@odense.example.dk"), Some(&1));
    assert_eq!(per.get("nobody@vejle.example.dk"), None);
    // In English on request.
    assert!(sink.received()[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Invitation to Trappe: "));
}

#[tokio::test]
async fn the_throttle_spaces_the_mails() {
    let sink = Sink::start(&[]);
    let app = spawn_app().await;
    for i in 0..4 {
        org_with_contact(&app, &format!("Kommune {i}"), &format!("k{i}@x.example.dk")).await;
    }
    let out = ok(
        &app,
        &[
            "user",
            "invite-contacts",
            "--smtp",
            &sink.url(),
            "--mail-from",
            FROM,
            "--mail-per-minute",
            "120",
        ],
    );
    assert_eq!(out.lines().last(), Some("sent 4, failed 0"), "{out}");
    let at: Vec<f64> = sink
        .received()
        .iter()
        .map(|m| m["received_at"].as_f64().unwrap())
        .collect();
    assert_eq!(at.len(), 4);
    // 120 a minute: one every 0.5 s on a schedule, measured loosely where the server
    // received them (the schedule itself is unit-tested in trappe-mail's sender). One
    // mail delayed by a busy machine brings the next one closer to it (its slot stays),
    // so only the whole span is asserted: unthrottled, the four arrive within
    // milliseconds.
    assert!(at.windows(2).all(|p| p[1] >= p[0]), "{at:?}");
    assert!(at[3] - at[0] >= 1.25, "{at:?}");
}

#[tokio::test]
async fn killing_the_sender_mid_batch_and_starting_again_never_mails_anyone_twice() {
    const N: usize = 1000;
    // Each DATA takes 3 ms, so the batch takes seconds and the kill lands inside it.
    let sink = Sink::start(&["--slow-ms", "3", "--raw-only"]);
    let app = spawn_app().await;
    for i in 0..N {
        org_with_contact(
            &app,
            &format!("Org {i:04}"),
            &format!("c{i:04}@x.example.dk"),
        )
        .await;
    }
    let args = [
        "user",
        "invite-contacts",
        "--smtp",
        &sink.url(),
        "--mail-from",
        FROM,
    ];
    let at_kill = kill_mid_batch(&app, &args, &sink);
    assert!(at_kill < N, "killed mid-batch ({at_kill})");
    // Started again: it waits out the dead sender's lease, then sends the rest.
    let out = ok(&app, &args);
    assert_eq!(out.lines().next(), Some("queued 0 invitation(s)"), "{out}");
    let c = app.store.mail_counts().await.unwrap();
    assert_eq!(c.queued + c.sending + c.failed, 0, "{c:?}");
    assert_eq!(c.sent + c.unknown, N as i64, "{c:?}");
    assert!(
        c.unknown <= 1,
        "only the one in flight can be unknown: {c:?}"
    );
    // Counted by what the server received (the raw files' envelope is not kept with
    // --raw-only: count the To headers).
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for e in std::fs::read_dir(sink.dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "eml") {
            let raw = std::fs::read_to_string(&p).unwrap();
            let to = raw
                .lines()
                .find_map(|l| l.strip_prefix("To: "))
                .unwrap()
                .to_string();
            *per.entry(to).or_insert(0) += 1;
        }
    }
    assert!(per.values().all(|n| *n == 1), "someone got two mails");
    let received = per.len() as i64;
    assert!(
        received == c.sent || received == c.sent + c.unknown,
        "received {received}, {c:?}"
    );
}

#[tokio::test]
async fn without_a_server_mails_go_to_the_outbox_and_the_organiser_sees_them() {
    let outbox = tempfile::tempdir().unwrap();
    let app = spawn_app_with(trappe_web::Config {
        mail: trappe_web::kit::mails::MailSettings {
            outbox: Some(outbox.path().to_path_buf()),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let (c, csrf) = app.admin_client().await;
    // An organisation with a contact address, from the form; a bad address is refused.
    let bad = post_form(
        &c,
        app.url("/admin/orgs"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Ærø Kommune"),
            ("kind", "kommune"),
            ("contact_email", "kim at aeroe"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    assert!(bad
        .text()
        .await
        .unwrap()
        .contains("Kontaktpersonens e-mail skal være en adresse"));
    let added = post_form(
        &c,
        app.url("/admin/orgs"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Ærø Kommune"),
            ("kind", "kommune"),
            ("contact_email", "kim@aeroe.example.dk"),
        ],
    )
    .await;
    assert_eq!(added.status(), 200);
    let users = get_text(&c, app.url("/admin/users")).await;
    assert!(
        users.contains("Én organisation har en kontaktadresse"),
        "{users}"
    );
    let res = post_form(
        &c,
        app.url("/admin/users/invite-contacts"),
        &[("csrf", csrf.as_str()), ("lang", "da")],
    )
    .await;
    assert_eq!(res.url().path(), "/admin/mail");
    // Invited once: the users page now has nobody left to invite.
    let users = get_text(&c, app.url("/admin/users")).await;
    assert!(users.contains("Ingen organisation har en kontaktadresse"));
    // The sender of `trappe serve`, in-process: to the outbox folder.
    let from = trappe_mail::parse_from(FROM).unwrap();
    let mut sender = trappe_mail::Sender::new(
        app.store.clone(),
        trappe_mail::Transport::outbox(outbox.path()).unwrap(),
        from,
        None,
        Default::default(),
    );
    let s = sender.send_due().await.unwrap().unwrap();
    assert_eq!(s.sent, 1);
    let files: Vec<_> = std::fs::read_dir(outbox.path()).unwrap().collect();
    assert_eq!(files.len(), 1);
    let page = get_text(&c, app.url("/admin/mail")).await;
    assert!(page.contains("kim@aeroe.example.dk"), "{page}");
    assert!(page.contains("Invitation til Trappe: Ærø Kommune"));
    assert!(page.contains("Sendt"));
    let id = app.store.mail_messages(None, 1).await.unwrap()[0].id;
    let one = get_text(&c, app.url(&format!("/admin/mail/{id}"))).await;
    assert!(one.contains(&format!("{}/invite/", app.base_url)), "{one}");
    assert!(one.contains("Venlig hilsen"));
    // A send cut off mid-way (the process killed after it marked the mail): the next
    // sender lists it as unknown, never sends it by itself, and sends it on request.
    let (inv_c, _) = (c.clone(), ());
    let mailed = post_form(
        &inv_c,
        app.url("/admin/users/invitations"),
        &[
            ("csrf", csrf.as_str()),
            ("role", "organiser"),
            ("email", "ole@testby.example.dk"),
            ("lang", "en"),
        ],
    )
    .await;
    let mailed = mailed.text().await.unwrap();
    assert!(
        mailed.contains("Invitationen er lagt i kø til ole@testby.example.dk"),
        "{mailed}"
    );
    assert!(!mailed.contains("/invite/"), "a mailed link is not shown");
    let id = app.store.mail_messages(None, 1).await.unwrap()[0].id;
    assert!(app.store.begin_mail_attempt(id, "<x@y>", 0).await.unwrap());
    let s = sender.send_due().await.unwrap().unwrap();
    assert_eq!((s.interrupted, s.sent), (1, 0));
    let page = get_text(&c, app.url("/admin/mail")).await;
    assert!(page.contains("Mails med uvist udfald"), "{page}");
    assert!(page.contains(&format!("/admin/mail/{id}/resend")));
    let res = post_form(
        &c,
        app.url(&format!("/admin/mail/{id}/resend")),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(res.url().path(), "/admin/mail");
    let s = sender.send_due().await.unwrap().unwrap();
    assert_eq!(s.sent, 1);
    let m = app.store.mail_message(id).await.unwrap().unwrap();
    assert_eq!((m.state, m.attempts), (MailState::Sent, 2));
    let mail = trappe_mail::read_outbox(outbox.path(), id).unwrap();
    assert!(
        mail.text
            .contains("You are invited to create an account in Trappe as organiser."),
        "{}",
        mail.text
    );
}
