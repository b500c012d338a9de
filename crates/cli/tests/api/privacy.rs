//! Privacy for a data protection officer: retention and purging (by command and by the
//! leased job), an organisation's export and erasure, the audit log page and its CSV,
//! the privacy notice and accessibility statement, and responses without personal data.

use crate::helpers::{
    client, get_text, post_form, raw_client, spawn_app, trappe, trappe_ok, uniform, unix_now,
    TestApp, CONTACT_EMAIL, ORG_NAME,
};
use trappe_core::{Model, NewOrg};
use trappe_store::{hash_token, ImportedResponse, PageSave, RoundStatus, Store, PURGE_JOB};

const DAY: i64 = 86_400;

fn imported(org: i64, n: usize) -> Vec<ImportedResponse> {
    let m = Model::builtin();
    (0..n)
        .map(|i| ImportedResponse {
            org_id: org,
            role: Some("employee".into()),
            answers: uniform(&m, (i % 5) as u8 + 1),
            barriers: vec![("legislation".into(), 3)],
        })
        .collect()
}

/// One number from the database, through the sqlite3 shell (independent of the store).
fn sql_count(db: &str, sql: &str) -> i64 {
    let out = crate::helpers::db_shell(db, sql);
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{sql} gave no number"))
}

fn sql_lines(db: &str, sql: &str) -> Vec<String> {
    let out = crate::helpers::db_shell(db, sql);
    assert!(out.status.success(), "{sql}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// One row per stored answer of the responses `r` (their answers are a JSON object), in
/// the dialect of the database the tests run on.
fn each_answer() -> &'static str {
    if crate::helpers::on_postgres() {
        "json_object_keys(r.answers::json)"
    } else {
        "json_each(r.answers)"
    }
}

/// Rows of a round in each table that holds a round's data.
fn round_rows(db: &str, round: i64) -> [i64; 3] {
    [
        sql_count(
            db,
            &format!("SELECT COUNT(*) FROM responses WHERE round_id = {round}"),
        ),
        sql_count(
            db,
            &format!(
                "SELECT COUNT(*) FROM responses r, {} WHERE r.round_id = {round}",
                each_answer()
            ),
        ),
        sql_count(
            db,
            &format!("SELECT COUNT(*) FROM invitations WHERE round_id = {round}"),
        ),
    ]
}

/// A round with `retention_days`, holding complete, partial and linked data of `orgs`.
async fn round_with_data(app: &TestApp, name: &str, retention_days: i64, orgs: &[i64]) -> i64 {
    let m = Model::builtin();
    let round = app
        .store
        .create_round_with_retention(name, &m.id, &m.version, 1, 1, retention_days)
        .await
        .unwrap();
    app.store
        .set_round_status(round, RoundStatus::Open)
        .await
        .unwrap();
    for &org in orgs {
        app.store
            .import_responses(round, &imported(org, 3), "import")
            .await
            .unwrap();
        let tokens = app.store.create_invitations(round, org, 2).await.unwrap();
        // One respondent has started (a partial response tied to its link).
        let inv = app.store.invitation(&tokens[0]).await.unwrap().unwrap();
        let rid = app.store.start_response(inv.id).await.unwrap();
        app.store
            .save_page(
                rid,
                &PageSave {
                    answers: vec![("q1".into(), Some("3".into()))],
                    ..PageSave::default()
                },
            )
            .await
            .unwrap();
    }
    round
}

#[tokio::test]
async fn purge_deletes_exactly_the_expired_rounds_data_and_logs_it() {
    let app = spawn_app().await;
    let db = &app.db;
    let a = app.add_org("Aarhus Kommune").await;
    let b = app.add_org("Vejle Kommune").await;
    let expiring = round_with_data(&app, "Måling 2020", 30, &[a, b]).await;
    let kept = round_with_data(&app, "Måling 2021", 365, &[a, b]).await;
    let open = round_with_data(&app, "Måling 2022", 0, &[a]).await;
    for r in [expiring, kept] {
        app.store
            .set_round_status(r, RoundStatus::Closed)
            .await
            .unwrap();
    }
    let closed_at = app.store.round(expiring).await.unwrap().unwrap().closed_at;
    assert!(
        closed_at.is_some_and(|t| (t - unix_now()).abs() < 60),
        "closing sets closed_at"
    );
    let before: Vec<[i64; 3]> = [expiring, kept, open]
        .iter()
        .map(|r| round_rows(db, *r))
        .collect();
    assert!(before.iter().all(|c| c.iter().all(|n| *n > 0)));
    assert_eq!(
        before[0][0], 8,
        "2 organisations × (3 complete + 1 partial)"
    );

    // Not yet: 29 days after closing nothing has expired.
    let at = unix_now() + 29 * DAY;
    assert!(app
        .store
        .purge(at, false, Some("test"))
        .await
        .unwrap()
        .is_empty());

    // A dry run says what would go and deletes nothing.
    let at = unix_now() + 31 * DAY;
    let dry = app.store.purge(at, true, Some("test")).await.unwrap();
    assert_eq!(dry.len(), 1);
    assert_eq!((dry[0].kind, dry[0].id), ("round", expiring));
    assert_eq!(
        dry[0].rows,
        vec![
            ("responses", before[0][0]),
            ("answers", before[0][1]),
            ("invitations", before[0][2])
        ]
    );
    assert_eq!(round_rows(db, expiring), before[0]);
    let log = app.store.audit_log(1000).await.unwrap();
    assert!(
        !log.iter().any(|e| e.action == "purge"),
        "a dry run logs nothing"
    );

    let done = app.store.purge(at, false, Some("test")).await.unwrap();
    assert_eq!(done, dry, "the purge deletes what the dry run announced");
    assert_eq!(round_rows(db, expiring), [0, 0, 0]);
    assert_eq!(
        round_rows(db, kept),
        before[1],
        "a round within its retention stays"
    );
    assert_eq!(
        round_rows(db, open),
        before[2],
        "an open round never expires"
    );
    // The round itself stays, with its name and a note.
    let r = app.store.round(expiring).await.unwrap().unwrap();
    assert_eq!(r.name, "Måling 2020");
    assert!(r.purged_at.is_some());
    assert!(r
        .purge_note
        .as_deref()
        .is_some_and(|n| n.contains(&format!("{} responses", before[0][0]))));
    // Logged: what, how much, when.
    let log = app.store.audit_log(1000).await.unwrap();
    let purges: Vec<_> = log.iter().filter(|e| e.action == "purge").collect();
    assert_eq!(purges.len(), 1);
    let e = purges[0];
    assert_eq!(e.actor.as_deref(), Some("test"));
    assert_eq!(
        e.subject.as_deref(),
        Some(format!("round {expiring}").as_str())
    );
    let detail = e.detail.as_deref().unwrap();
    for part in [
        "Måling 2020".to_string(),
        format!("{} responses", before[0][0]),
        format!("{} answers", before[0][1]),
        format!("{} invitations", before[0][2]),
    ] {
        assert!(detail.contains(&part), "{detail} names {part}");
    }
    assert!((e.at - unix_now()).abs() < 60);

    // Nothing left to do; a purged round cannot be reopened.
    assert!(app.store.purge(at, false, None).await.unwrap().is_empty());
    assert!(app
        .store
        .set_round_status(expiring, RoundStatus::Open)
        .await
        .is_err());

    // The organiser sees the note on the round's page.
    let (c, _) = app.admin_client().await;
    let page = get_text(&c, app.url(&format!("/admin/rounds/{expiring}"))).await;
    assert!(page.contains("Data slettet") && page.contains("Måling 2020"));
}

#[tokio::test]
async fn trappe_purge_by_command_dry_run_first_then_for_real() {
    let app = spawn_app().await;
    let db = &app.db;
    let a = app.add_org("Aarhus Kommune").await;
    // Retention 0: the data goes as soon as the round closes.
    let gone = round_with_data(&app, "Engangsmåling", 0, &[a]).await;
    let kept = round_with_data(&app, "Måling 2026", 1095, &[a]).await;
    trappe_ok(db, &["round", "close", &gone.to_string()]);
    trappe_ok(db, &["round", "close", &kept.to_string()]);
    let before = round_rows(db, gone);

    let out = trappe_ok(db, &["purge", "--dry-run"]);
    assert!(
        out.contains(&format!("would purge round {gone} 'Engangsmåling'")),
        "{out}"
    );
    assert!(!out.contains(&format!("round {kept}")));
    assert_eq!(round_rows(db, gone), before);

    let out = trappe_ok(db, &["purge"]);
    assert!(out.contains(&format!("purged round {gone}")), "{out}");
    assert_eq!(round_rows(db, gone), [0, 0, 0]);
    assert!(round_rows(db, kept).iter().all(|n| *n > 0));
    assert_eq!(
        sql_count(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'purge' AND actor = 'cli'"
        ),
        1
    );
    assert!(trappe_ok(db, &["purge"]).contains("nothing has expired"));

    // A retention is set on create, and refused out of range.
    let m = Model::builtin();
    let id: i64 = trappe_ok(
        db,
        &[
            "round",
            "create",
            "--name",
            "R",
            "--model",
            &m.id,
            "--retention-days",
            "400",
        ],
    )
    .trim()
    .parse()
    .unwrap();
    assert_eq!(
        app.store.round(id).await.unwrap().unwrap().retention_days,
        400
    );
    let out = trappe(
        db,
        &[
            "round",
            "create",
            "--name",
            "R",
            "--model",
            &m.id,
            "--retention-days",
            "-1",
        ],
    );
    assert!(!out.status.success());
}

#[tokio::test]
async fn the_job_lease_lets_only_one_of_two_concurrent_claimers_run() {
    let app = spawn_app().await;
    // Two app instances on one database.
    let url = app.db.as_str();
    let one = Store::open(url).await.unwrap();
    let two = Store::open(url).await.unwrap();
    let t = unix_now();
    for i in 0..20 {
        let job = format!("test-job-{i}");
        let (x, y) = tokio::join!(one.claim_job(&job, t, 3540), two.claim_job(&job, t, 3540));
        let (x, y) = (x.unwrap(), y.unwrap());
        assert!(
            x ^ y,
            "exactly one of two claimers wins (run {i}: {x}, {y})"
        );
    }
    // Within the period nobody gets it again; after the lease, one does.
    let job = "test-job-0";
    assert!(!one.claim_job(job, t + 3000, 3540).await.unwrap());
    assert!(!two.claim_job(job, t + 3539, 3540).await.unwrap());
    let (x, y) = tokio::join!(
        one.claim_job(job, t + 3541, 3540),
        two.claim_job(job, t + 3541, 3540)
    );
    assert!(x.unwrap() ^ y.unwrap());

    // The scheduled purge itself: one instance runs it, the other stands aside.
    let a = app.add_org("Aarhus Kommune").await;
    let r = round_with_data(&app, "Udløbet", 0, &[a]).await;
    app.store
        .set_round_status(r, RoundStatus::Closed)
        .await
        .unwrap();
    let t = unix_now() + 1;
    let (x, y) = tokio::join!(one.scheduled_purge(t, 3540), two.scheduled_purge(t, 3540));
    let (x, y) = (x.unwrap(), y.unwrap());
    assert!(x.is_some() ^ y.is_some(), "{x:?} {y:?}");
    let ran = x.or(y).unwrap();
    assert_eq!(ran.len(), 1);
    assert_eq!(ran[0].id, r);
    assert_eq!(round_rows(&app.db, r), [0, 0, 0]);
    let log = app.store.audit_log(100).await.unwrap();
    let e = log.iter().find(|e| e.action == "purge").unwrap();
    assert_eq!(e.actor, None, "the job logs as the system");
    assert_eq!(
        sql_count(
            &app.db,
            &format!("SELECT COUNT(*) FROM jobs WHERE name = '{PURGE_JOB}'")
        ),
        1
    );
}

/// Organisations A and B with data everywhere an organisation has data.
struct TwoOrgs {
    app: TestApp,
    a: i64,
    b: i64,
    tokens_a: Vec<String>,
}

async fn two_orgs() -> TwoOrgs {
    let app = spawn_app().await;
    let a = app
        .store
        .add_org(
            &NewOrg::parse(
                "Aarhus Kommune",
                "kommune",
                Some("55133018"),
                &["Region Midt".into(), "stor".into()],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let b = app
        .store
        .add_org(&NewOrg::parse("Vejle Kommune", "kommune", None, &["Region Syd".into()]).unwrap())
        .await
        .unwrap();
    let r1 = round_with_data(&app, "Måling 2025", 1095, &[a, b]).await;
    let r2 = round_with_data(&app, "Måling 2026", 1095, &[a, b]).await;
    let mut tokens_a = Vec::new();
    for r in [r1, r2] {
        tokens_a.extend(app.store.create_invitations(r, a, 3).await.unwrap());
        tokens_a.push(app.store.create_open_link(r, a, 10).await.unwrap());
        app.store.create_invitations(r, b, 1).await.unwrap();
    }
    // One of A's respondents submits (the link is spent and cut from the response).
    let inv = app.store.invitation(&tokens_a[0]).await.unwrap().unwrap();
    let rid = app.store.start_response(inv.id).await.unwrap();
    app.store.submit_response(inv.id, rid).await.unwrap();
    // Accounts linked to A and to B, and an account invitation for each.
    app.create_admin().await;
    for (org, name) in [(a, "kontakt-a"), (b, "kontakt-b")] {
        let id = app.store.create_user(name, "x", false).await.unwrap();
        app.store.set_role(id, "contact").await.unwrap();
        app.store.link_org(id, org).await.unwrap();
        app.store
            .create_account_invitation(&format!("tok-{name}"), "viewer", Some(org), "admin", 3600)
            .await
            .unwrap();
    }
    TwoOrgs {
        app,
        a,
        b,
        tokens_a,
    }
}

#[tokio::test]
async fn org_export_holds_the_organisations_data_as_counts_and_no_token() {
    let s = two_orgs().await;
    let db = &s.app.db;
    // Each organisation's respondent list in the first round, and A's contact address.
    let round = s.app.store.rounds().await.unwrap()[0].id;
    for (org, addr) in [
        (s.a, "Birte@Aarhus.example.dk"),
        (s.b, "vejle@vejle.example.dk"),
    ] {
        let rows = trappe_core::respondents::parse_list(
            format!("org,email,role\n{org},{addr},leader\n").as_bytes(),
        )
        .unwrap();
        s.app
            .store
            .import_respondents(round, &rows, trappe_store::ListedBy::Organiser, None)
            .await
            .unwrap()
            .unwrap();
    }
    let out = crate::helpers::db_shell(
        db,
        &format!(
            "UPDATE organisations SET contact_email = 'kontakt@aarhus.example.dk' WHERE id = {}",
            s.a
        ),
    );
    assert!(out.status.success());
    let out = s.app._dir.path().join("aarhus.json");
    let printed = trappe_ok(
        db,
        &[
            "org",
            "export",
            "--org",
            "Aarhus Kommune",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(printed.contains("2 round(s)"), "{printed}");
    let text = std::fs::read_to_string(&out).unwrap();
    for t in &s.tokens_a {
        assert!(!text.contains(t.as_str()), "no token in the export");
        assert!(
            !text.contains(&hash_token(t)),
            "no token hash in the export"
        );
    }
    assert!(!text.contains("token"), "no token field at all");
    assert!(!text.contains("Vejle"), "nothing of another organisation");
    assert!(!text.contains("vejle@"), "nor another organisation's list");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["organisation"]["name"], "Aarhus Kommune");
    assert_eq!(doc["organisation"]["cvr"], "55133018");
    assert_eq!(doc["tags"], serde_json::json!(["Region Midt", "stor"]));
    let rounds = doc["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    let r = &rounds[0];
    assert_eq!(r["name"], "Måling 2025");
    // 2 links from the setup + 3 here; one open link; one started, one used.
    assert_eq!(
        r["invitations"],
        serde_json::json!({"single_use": 5, "open_links": 1, "unused": 3, "started": 1, "used": 1})
    );
    // 3 imported + 1 submitted (empty) response; the started one is partial.
    assert_eq!(r["complete_responses"].as_array().unwrap().len(), 4);
    assert_eq!(r["partial_responses"], 1);
    let first = &r["complete_responses"][0];
    assert_eq!(first["role"], "employee");
    assert_eq!(first["answers"]["barrier:legislation"], "3");
    assert!(first.get("id").is_none(), "responses carry no id");
    assert_eq!(rounds[1]["complete_responses"].as_array().unwrap().len(), 3);
    // The respondent list is the organisation's personal data: it travels, as listed,
    // and says nothing of whether the address answered.
    let (listed, other): (Vec<&serde_json::Value>, Vec<&serde_json::Value>) =
        rounds.iter().partition(|x| x["id"] == round);
    assert_eq!(
        listed[0]["respondents"],
        serde_json::json!([{"email": "Birte@Aarhus.example.dk", "role": "leader",
            "listed_by": "organiser", "mails_sent": 0, "failed": null}])
    );
    assert_eq!(other[0]["respondents"], serde_json::json!([]));
    assert_eq!(
        doc["organisation"]["contact_email"],
        "kontakt@aarhus.example.dk"
    );
    assert_eq!(
        doc["accounts"],
        serde_json::json!({"linked_users": 1, "account_invitations": 1})
    );
    // Logged as the command line.
    let log = s.app.store.audit_log(100).await.unwrap();
    let e = log.iter().find(|e| e.action == "export").unwrap();
    assert_eq!(e.actor.as_deref(), Some("cli"));
    assert_eq!(e.subject.as_deref(), Some(format!("org {}", s.a).as_str()));
}

#[tokio::test]
async fn org_erase_removes_every_row_of_the_organisation_and_nothing_of_others() {
    let s = two_orgs().await;
    // An API key of each organisation, so the erase must reach that table too.
    for org in [s.a, s.b] {
        s.app
            .store
            .create_api_token("key", Some(org), None)
            .await
            .unwrap();
    }
    // A respondent list of each organisation in a round (issue 14).
    let round = s.app.store.rounds().await.unwrap()[0].id;
    for (org, addr) in [(s.a, "a@a.example.dk"), (s.b, "b@b.example.dk")] {
        let rows =
            trappe_core::respondents::parse_list(format!("org,email\n{org},{addr}\n").as_bytes())
                .unwrap();
        s.app
            .store
            .import_respondents(round, &rows, trappe_store::ListedBy::Organiser, None)
            .await
            .unwrap()
            .unwrap();
    }
    // A citizen journey of each organisation, with a response (issue 5).
    for org in [s.a, s.b] {
        let j = s
            .app
            .store
            .create_journey(
                org,
                &trappe_store::NewJourney {
                    name: "Boligstøtte".into(),
                    service: String::new(),
                    scale: Default::default(),
                    retention_days: 730,
                    moments: ["a", "b", "c"].map(trappe_store::Moment::bare).to_vec(),
                },
            )
            .await
            .unwrap();
        let f = trappe_core::journey::Feedback {
            moments: vec![Some(2), None, Some(6)],
            ..Default::default()
        };
        s.app.store.import_feedback(j, &[f]).await.unwrap();
    }
    // A queued mail to each organisation's contact (issue 14).
    for org in [s.a, s.b] {
        let mail = trappe_store::NewMail {
            recipient: format!("kontakt{org}@example.org"),
            subject: "Invitation".into(),
            text: "tekst".into(),
            html: "<p>tekst</p>".into(),
            kind: "account_invitation".into(),
            org_id: Some(org),
            round_id: None,
        };
        s.app.store.enqueue_mails(&[mail], "test").await.unwrap();
    }
    // A listed respondent and a day's completions of each organisation (issue 14).
    let round = s.app.store.rounds().await.unwrap()[0].id;
    for org in [s.a, s.b] {
        let out = crate::helpers::db_shell(
            &s.app.db,
            &format!(
                "INSERT INTO respondents (round_id, org_id, email, email_key, listed_by) \
                 VALUES ({round}, {org}, 'P{org}@example.org', 'p{org}@example.org', 'organiser'); \
                 INSERT INTO completions_per_day (round_id, org_id, day, count) \
                 VALUES ({round}, {org}, '2026-12-01', 1); \
                 INSERT INTO targets (round_id, org_id, answers, set_at) \
                 VALUES ({round}, {org}, '{{}}', 0);"
            ),
        );
        assert!(out.status.success(), "{out:?}");
    }
    // Channel prices and a target of each organisation (issue 4).
    for org in [s.a, s.b] {
        use trappe_core::contacts::channel_page::{Target, TargetScope};
        use trappe_core::contacts::Channel;
        let mut prices = [None; Channel::COUNT];
        prices[Channel::Phone.index()] = Some(50.0);
        s.app.store.set_channel_prices(org, &prices).await.unwrap();
        let target = Target {
            scope: TargetScope::Digital,
            share: 0.8,
            due: "2027-12-31".into(),
        };
        s.app.store.set_channel_target(org, &target).await.unwrap();
    }
    // A contact log of each organisation (issue 4): contacts, an import and a cube.
    for org in [s.a, s.b] {
        let log = "contact_id,timestamp,channel,citizen_key,case_key\n\
                   1,2025-03-01T10:00:00Z,phone,c1,k1\n\
                   2,2025-03-02T10:00:00Z,web,c1,k1\n";
        s.app
            .store
            .import_contacts(
                org,
                "log.csv",
                trappe_store::ContactSource::Bytes(log.as_bytes().to_vec()),
                None,
                Default::default(),
                &|_| {},
            )
            .await
            .unwrap();
        // An upload waiting for its mapping (issue 7), file and all.
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), log).unwrap();
        s.app
            .store
            .save_upload(&format!("upload-{org}"), org, 1, "log.csv", file.path())
            .await
            .unwrap();
    }
    let db = &s.app.db;
    // Every table with an organisation column, found in the schema.
    let tables = sql_lines(
        db,
        if crate::helpers::on_postgres() {
            "SELECT table_name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'org_id' \
             ORDER BY table_name COLLATE \"C\""
        } else {
            "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'org_id' ORDER BY m.name"
        },
    );
    for t in [
        "responses",
        "invitations",
        "organisation_tags",
        "user_organisations",
    ] {
        assert!(tables.iter().any(|x| x == t), "{t} in {tables:?}");
    }
    let rows_of = |org: i64| -> Vec<i64> {
        let mut v: Vec<i64> = tables
            .iter()
            .map(|t| {
                sql_count(
                    db,
                    &format!("SELECT COUNT(*) FROM \"{t}\" WHERE org_id = {org}"),
                )
            })
            .collect();
        v.push(sql_count(
            db,
            &format!("SELECT COUNT(*) FROM organisations WHERE id = {org}"),
        ));
        v.push(sql_count(
            db,
            &format!(
                "SELECT COUNT(*) FROM responses r, {} WHERE r.org_id = {org}",
                each_answer()
            ),
        ));
        v
    };
    let a_before = rows_of(s.a);
    let b_before = rows_of(s.b);
    assert!(a_before.iter().all(|n| *n > 0), "{tables:?}: {a_before:?}");
    let answers_total = sql_count(
        db,
        &format!("SELECT COUNT(*) FROM responses r, {}", each_answer()),
    );
    let users = sql_count(db, "SELECT COUNT(*) FROM users");

    // Without --yes nothing happens.
    let out = trappe(db, &["org", "erase", "--org", &s.a.to_string()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(rows_of(s.a), a_before);

    let printed = trappe_ok(db, &["org", "erase", "--org", &s.a.to_string(), "--yes"]);
    assert!(printed.contains("erased organisation"), "{printed}");
    assert!(
        rows_of(s.a).iter().all(|n| *n == 0),
        "{tables:?}: {:?}",
        rows_of(s.a)
    );
    assert_eq!(rows_of(s.b), b_before, "nothing of another organisation");
    // The uploaded file's parts go with their upload.
    let parts = |org: i64| {
        sql_count(
            db,
            &format!("SELECT COUNT(*) FROM contact_upload_parts WHERE token = 'upload-{org}'"),
        )
    };
    assert_eq!((parts(s.a), parts(s.b)), (0, 1));
    assert_eq!(
        sql_count(
            db,
            &format!("SELECT COUNT(*) FROM responses r, {}", each_answer()),
        ),
        answers_total - a_before[a_before.len() - 1]
    );
    assert_eq!(
        sql_count(db, "SELECT COUNT(*) FROM users"),
        users - 1,
        "A's only contact goes; the organiser and B's contact stay"
    );
    assert_eq!(
        sql_count(db, "SELECT COUNT(*) FROM rounds"),
        2,
        "rounds stay"
    );

    let log = s.app.store.audit_log(100).await.unwrap();
    let e = log.iter().find(|e| e.action == "erase").unwrap();
    assert_eq!(e.actor.as_deref(), Some("cli"));
    assert_eq!(e.subject.as_deref(), Some(format!("org {}", s.a).as_str()));
    assert!(e.detail.as_deref().unwrap().contains("Aarhus Kommune"));
    // Gone for good.
    let out = trappe(db, &["org", "erase", "--org", &s.a.to_string(), "--yes"]);
    assert!(!out.status.success());
}

#[tokio::test]
async fn org_erase_deletes_the_accounts_it_leaves_without_an_organisation() {
    let s = two_orgs().await;
    let (store, db) = (&s.app.store, &s.app.db);
    let id_of =
        |name: &'static str| async move { store.user_by_name(name).await.unwrap().map(|u| u.id) };
    // kontakt-a (A's only) is signed in, made an API key (as an organiser once) and an
    // invitation, and has recovery codes; a viewer of A and B; an organiser.
    let ka = id_of("kontakt-a").await.unwrap();
    store
        .create_session(ka, "session-of-a", "csrf", 3600)
        .await
        .unwrap();
    let (_, key) = store
        .create_api_token("a's key", None, Some(ka))
        .await
        .unwrap();
    store
        .create_account_invitation("inv-by-a", "viewer", Some(s.b), "kontakt-a", 3600)
        .await
        .unwrap();
    store
        .replace_recovery_codes(ka, &["abcdabcdabcdabcd".to_string()])
        .await
        .unwrap();
    let both = store.create_user("begge", "x", false).await.unwrap();
    store.set_role(both, "viewer").await.unwrap();
    store.link_org(both, s.a).await.unwrap();
    store.link_org(both, s.b).await.unwrap();

    // A dry run says so and deletes nothing.
    let out = trappe(db, &["org", "erase", "--org", &s.a.to_string()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("1 accounts left with no organisation")
            && said.contains("1 sessions of those accounts"),
        "{said}"
    );
    assert!(id_of("kontakt-a").await.is_some());

    let printed = trappe_ok(db, &["org", "erase", "--org", &s.a.to_string(), "--yes"]);
    assert!(
        printed.contains("1 accounts left with no organisation, 1 sessions of those accounts, 1 API keys of those accounts, 1 account invitations by those accounts"),
        "{printed}"
    );
    assert_eq!(id_of("kontakt-a").await, None);
    assert!(store.session_user("session-of-a").await.unwrap().is_none());
    assert!(store.api_token(&key).await.unwrap().is_none());
    assert!(store
        .account_invitation("inv-by-a")
        .await
        .unwrap()
        .is_none());
    assert_eq!(store.recovery_codes_left(ka).await.unwrap(), 0);
    // Accounts with another organisation, and organisers, stay.
    assert_eq!(store.user_orgs(both).await.unwrap(), vec![s.b]);
    assert!(id_of("kontakt-b").await.is_some());
    assert!(id_of("admin").await.is_some());
    let log = store.audit_log(20).await.unwrap();
    let e = log.iter().find(|e| e.action == "account_deleted").unwrap();
    assert_eq!(
        (e.actor.as_deref(), e.subject.as_deref()),
        (Some("cli"), Some("kontakt-a"))
    );
}

#[tokio::test]
async fn the_audit_log_is_for_organisers_paged_filtered_and_a_safe_csv() {
    let app = spawn_app().await;
    // Not signed in: to the login page.
    let anonymous = raw_client();
    for p in ["/admin/audit", "/admin/audit.csv"] {
        let res = anonymous.get(app.url(p)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{p}");
        assert!(res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login"));
    }
    // A failed login under a hostile name lands in the log.
    let evil = "=HYPERLINK(\"http://evil.example\",\"klik\")<b>";
    let res = app.login(&anonymous, evil, "forkert adgangskode").await;
    assert_eq!(res.status(), 401);
    for i in 0..250 {
        app.store
            .audit(
                Some("robot"),
                "test_entry",
                Some(&format!("entry {i}")),
                None,
            )
            .await
            .unwrap();
    }

    // A viewer is signed in but not an organiser.
    let (c, _) = app.admin_client().await;
    app.create_user_as("laeser", "viewer", None).await;
    let (v, _) = app.sign_in("laeser").await;
    for p in ["/admin/audit", "/admin/audit.csv"] {
        assert_eq!(v.get(app.url(p)).send().await.unwrap().status(), 403, "{p}");
    }

    let page = |q: &'static str| {
        let c = c.clone();
        let url = app.url(&format!("/admin/audit{q}"));
        async move {
            let res = c.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.text().await.unwrap()
        }
    };
    let rows = |html: &str| html.matches("<tr><td>").count();
    let first = page("").await;
    assert_eq!(rows(&first), 100, "100 a page");
    assert!(first.contains("entry 249"), "newest first");
    assert!(!first.contains("entry 149<"));
    assert!(first.contains("href=\"/admin/audit?page=2\""));
    let third = page("?page=3").await;
    assert!(third.contains("entry 0<") && third.contains("login_failed"));
    assert!(
        third.contains("HYPERLINK(&#34;http://evil.example&#34;") && third.contains("&#60;b&#62;"),
        "the hostile name is shown escaped"
    );
    assert!(!third.contains("<b>"));
    let bad = page("?page=abc").await;
    assert!(
        rows(&bad) == 100 && bad.contains("entry 249"),
        "a bad page number is page 1"
    );
    assert!(
        page("?page=99").await.contains("entry 0<"),
        "past the end: the last page"
    );
    let filtered = page("?action=login_failed").await;
    assert_eq!(rows(&filtered), 1);
    assert!(!filtered.contains("entry 249"));

    // The CSV: UTF-8 with a BOM, every text neutralised.
    let res = c.get(app.url("/admin/audit.csv")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert!(records.len() > 250);
    let hostile: Vec<_> = records
        .iter()
        .filter(|r| &r[2] != "robot" && r[2].contains("HYPERLINK"))
        .collect();
    assert_eq!(hostile.len(), 1);
    assert_eq!(
        &hostile[0][2],
        &format!("'{evil}"),
        "neutralised with a quote"
    );
    for rec in &records {
        for field in rec.iter() {
            assert!(!field.starts_with(['=', '+', '-', '@']), "{field}");
        }
    }
    // The download is logged.
    let log = app.store.audit_log(5).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "export" && e.subject.as_deref() == Some("audit log")));
}

#[tokio::test]
async fn results_views_and_exports_by_organisers_are_logged() {
    let app = spawn_app().await;
    let a = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    app.store
        .import_responses(round, &imported(a, 3), "import")
        .await
        .unwrap();
    let (c, csrf) = app.admin_client().await;
    for p in [
        format!("/admin/rounds/{round}"),
        format!("/admin/rounds/{round}/orgs/{a}"),
        format!("/admin/rounds/{round}/orgs/{a}/explain"),
        format!("/admin/rounds/{round}/orgs/{a}/report"),
        format!("/admin/rounds/{round}/export.json"),
        format!("/admin/rounds/{round}/export/results.csv"),
    ] {
        assert_eq!(
            c.get(app.url(&p)).send().await.unwrap().status(),
            200,
            "{p}"
        );
    }
    let log = app.store.audit_log(100).await.unwrap();
    let of = |action: &str, subject: &str| {
        log.iter()
            .filter(|e| {
                e.action == action
                    && e.subject.as_deref() == Some(subject)
                    && e.actor.as_deref() == Some("admin")
            })
            .count()
    };
    assert_eq!(of("results_viewed", &format!("round {round}")), 1);
    assert_eq!(of("results_viewed", &format!("round {round} org {a}")), 3);
    assert_eq!(of("export", &format!("round {round}")), 2);

    // The round form sets a retention; the dashboard offers the audit log.
    let m = Model::builtin();
    let res = post_form(
        &c,
        app.url("/admin/rounds"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Kort måling"),
            ("model", &format!("{}@{}", m.id, m.version)),
            ("min_responses", "3"),
            ("retention_days", "30"),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let id: i64 = res
        .url()
        .path()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = res.text().await.unwrap();
    assert!(
        page.contains("30 dage efter lukning"),
        "the round shows its retention"
    );
    assert_eq!(
        app.store.round(id).await.unwrap().unwrap().retention_days,
        30
    );
    let dashboard = get_text(&c, app.url("/admin")).await;
    assert!(dashboard.contains("href=\"/admin/audit\""));
}

#[tokio::test]
async fn privacy_and_accessibility_are_public_name_the_installation_and_every_footer_links_them() {
    let app = spawn_app().await;
    let c = raw_client();
    for (path, title) in [
        ("/privacy", "Privatlivspolitik"),
        ("/accessibility", "Tilgængelighedserklæring"),
    ] {
        let res = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path} without login");
        let html = res.text().await.unwrap();
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{path}");
        assert!(html.contains(ORG_NAME), "{path} names the installation");
        assert!(
            html.contains(&format!("href=\"mailto:{CONTACT_EMAIL}\"")),
            "{path} gives the contact"
        );
    }
    let privacy = get_text(&c, app.url("/privacy")).await;
    for fact in [
        "IP-adresse",
        "hash",
        "klippes forbindelsen",
        "3 år",
        "dataansvarlig",
        "Datatilsynet",
    ] {
        assert!(privacy.contains(fact), "the notice states: {fact}");
    }
    let a11y = get_text(&c, app.url("/accessibility")).await;
    assert!(a11y.contains("WCAG 2.1") && a11y.contains("Digitaliseringsstyrelsen"));

    // In English too.
    let en = client();
    en.get(app.url("/lang/en?next=/")).send().await.unwrap();
    let html = get_text(&en, app.url("/privacy")).await;
    assert!(html.contains("<h1>Privacy notice</h1>") && html.contains("data controller"));
    let html = get_text(&en, app.url("/accessibility")).await;
    assert!(html.contains("<h1>Accessibility statement</h1>"));

    // Every page's footer: public, respondent, organiser, and error pages.
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    let link = app.link(round, org).await;
    let (admin, _) = app.admin_client().await;
    let pages: Vec<(&reqwest::Client, String)> = vec![
        (&c, "/".into()),
        (&c, "/login".into()),
        (&c, "/privacy".into()),
        (&c, "/accessibility".into()),
        (&c, link.clone()),
        (&c, "/s/0000".into()),
        (&c, "/no-such-page".into()),
        (&admin, "/admin".into()),
        (&admin, "/admin/audit".into()),
        (&admin, format!("/admin/rounds/{round}")),
    ];
    for (client, path) in pages {
        let html = get_text(client, app.url(&path)).await;
        let footer = &html[html
            .find("<footer")
            .unwrap_or_else(|| panic!("{path} has a footer"))..];
        assert!(
            footer.contains("href=\"/privacy\"") && footer.contains("href=\"/accessibility\""),
            "{path}'s footer links to both"
        );
    }
}

#[tokio::test]
async fn responses_hold_no_personal_data() {
    let app = spawn_app().await;
    let db = &app.db;
    // The responses table: nothing that could identify a person or a device. A new
    // column must be reviewed for personal data before it joins this list.
    let columns = sql_lines(
        db,
        if crate::helpers::on_postgres() {
            "SELECT column_name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = 'responses' \
             ORDER BY ordinal_position"
        } else {
            "SELECT name FROM pragma_table_info('responses') ORDER BY cid"
        },
    );
    assert_eq!(
        columns,
        [
            "id",
            "round_id",
            "org_id",
            "status",
            "role",
            "own_barrier",
            "source",
            "answers",
            // Two flags (issue 13): through an unapproved staff-made link; published.
            "staff_unapproved",
            "published"
        ]
    );
    for c in &columns {
        for bad in [
            "ip", "addr", "agent", "token", "email", "user", "time", "_at",
        ] {
            assert!(!c.contains(bad), "responses.{c}");
        }
    }

    // A respondent with a telling browser and address answers over HTTP.
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    let link = app.link(round, org).await;
    let c = reqwest::Client::builder()
        .user_agent("PrivacyProbe/9.9 (Personal Laptop of Jens Hansen)")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    c.get(app.url(&link))
        .header("X-Forwarded-For", "203.0.113.77")
        .send()
        .await
        .unwrap();
    let res = c
        .post(app.url(&link))
        .header("X-Forwarded-For", "203.0.113.77")
        .form(&[("role", "employee")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let token = link.trim_start_matches("/s/");
    let inv = app.store.invitation(token).await.unwrap().unwrap();
    let rid = inv
        .response_id
        .expect("a response in progress is tied to its link");
    app.store.submit_response(inv.id, rid).await.unwrap();
    // Another respondent has only started.
    let started = app.link(round, org).await;
    c.get(app.url(&started)).send().await.unwrap();
    post_form(&c, app.url(&started), &[("role", "employee")]).await;

    // Submitted: the link is spent and no longer points at the response.
    assert_eq!(
        sql_count(
            db,
            "SELECT COUNT(*) FROM invitations WHERE status = 'used' AND response_id IS NOT NULL"
        ),
        0
    );
    assert_eq!(
        sql_count(db, "SELECT COUNT(*) FROM invitations WHERE status = 'used'"),
        1
    );
    assert_eq!(
        sql_count(
            db,
            "SELECT COUNT(*) FROM invitations WHERE status = 'started' AND response_id IS NOT NULL"
        ),
        1
    );
    // Nothing of the browser or the address is anywhere in the database.
    let dump = crate::helpers::db_dump(db);
    assert!(
        dump.contains("INSERT INTO responses") || dump.contains("INSERT INTO public.responses"),
        "the dump has the data"
    );
    for trace in ["PrivacyProbe", "Jens Hansen", "203.0.113.77", token] {
        assert!(!dump.contains(trace), "{trace} is stored");
    }
}
