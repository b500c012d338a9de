//! The reliability promises (issue 7), each proven on the real `trappe` binary as a
//! child process on a fresh database (a SQLite file, or a PostgreSQL database when the
//! suite runs with `TRAPPE_TEST_PG`): a saved page survives kill -9; two instances on
//! one database serve one respondent, one organiser, one login throttle and one purge;
//! 500 respondents submitting at once lose nothing; the database going away gives a
//! 503 page and the app recovers by itself; an import killed halfway or stopped by a
//! full disk leaves nothing of its file behind.

use crate::helpers::{db_shell, get_text, on_postgres, trappe, trappe_cmd, ADMIN_PASSWORD};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use trappe_core::{Model, NewOrg};
use trappe_store::{RoundStatus, Store};

const BIN: &str = env!("CARGO_BIN_EXE_trappe");

/// `trappe serve` as a child process on `--bind 127.0.0.1:0`; killed when dropped.
struct Server {
    child: Child,
    base_url: String,
    /// Its stderr (the log).
    log: PathBuf,
}

impl Server {
    /// Starts `trappe serve` on `db`, its output in `dir/name.{out,log}`, and waits until
    /// it says where it serves.
    fn start(db: &str, dir: &Path, name: &str) -> Server {
        let out = dir.join(format!("{name}.out"));
        let log = dir.join(format!("{name}.log"));
        let child = trappe_cmd(db, &["serve", "--bind", "127.0.0.1:0"])
            .env("TRAPPE_LOG", "warn,trappe=info")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start trappe serve");
        let mut server = Server {
            child,
            base_url: String::new(),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = std::fs::read_to_string(&out).unwrap_or_default();
            if let Some(at) = text.find("Trappe is serving on ") {
                let rest = &text[at + "Trappe is serving on ".len()..];
                server.base_url = rest.split_whitespace().next().unwrap().to_string();
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("trappe serve ended ({status}): {}", server.log_text());
            }
            assert!(
                Instant::now() < deadline,
                "trappe serve did not start: {}",
                server.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no flushing, no goodbye.
    fn kill9(&mut self) {
        self.child.kill().expect("SIGKILL");
        let status = self.child.wait().unwrap();
        assert!(!status.success(), "killed, not ended: {status}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh database (as `--db` takes it) with the built-in model, an organisation and
/// an open round; the store is closed again so that only the servers hold connections.
struct Setup {
    dir: tempfile::TempDir,
    db: String,
    org: i64,
    round: i64,
    tokens: Vec<String>,
}

async fn setup(links: usize) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let db = trappe_store::testing::fresh_db(dir.path(), "trappe.db")
        .await
        .unwrap();
    setup_on(dir, db, links).await
}

/// [`setup`] on a given database.
async fn setup_on(dir: tempfile::TempDir, db: String, links: usize) -> Setup {
    let store = open(&db).await;
    let org = store
        .add_org(&NewOrg::parse("Aarhus Kommune", "kommune", None, &[]).unwrap())
        .await
        .unwrap();
    let m = Model::builtin();
    // Results in batches (of one): each submitted response shows at once.
    let options = trappe_store::RoundOptions {
        results_shown: trappe_store::ResultsShown::Batches,
        ..trappe_store::RoundOptions::default()
    };
    let round = store
        .create_round_with_options("Måling 2026", &m.id, &m.version, 1, 5, &options)
        .await
        .unwrap();
    store
        .set_round_status(round, RoundStatus::Open)
        .await
        .unwrap();
    let tokens = if links > 0 {
        store.create_invitations(round, org, links).await.unwrap()
    } else {
        vec![]
    };
    store.close().await;
    Setup {
        dir,
        db,
        org,
        round,
        tokens,
    }
}

async fn open(db: &str) -> Store {
    let store = Store::open(db).await.unwrap();
    store
        .import_model(&Model::builtin(), trappe_core::model::BUILTIN_MODEL_TOML)
        .await
        .unwrap();
    store
}

/// One number from the database's own shell.
fn count(db: &str, sql: &str) -> i64 {
    let out = db_shell(db, sql);
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{sql} gave {:?}", String::from_utf8_lossy(&out.stdout)))
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Page `page` of the built-in model answered: every question of a dimension page at
/// `level`, or every barrier of the barrier page at `level`.
fn page_form(model: &Model, page: usize, level: u8) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = if page <= model.dimensions.len() {
        model.dimensions[page - 1]
            .questions
            .iter()
            .map(|q| (format!("q.{}", q.id), level.to_string()))
            .collect()
    } else {
        model
            .barriers
            .items
            .iter()
            .map(|b| (format!("b.{}", b.id), level.to_string()))
            .collect()
    };
    form.push(("nav".into(), "next".into()));
    form
}

/// How many answers of `level` a questionnaire page shows as chosen.
fn checked(html: &str, level: u8) -> usize {
    html.matches(&format!("value=\"{level}\" checked")).count()
}

#[tokio::test]
async fn a_page_saved_just_before_kill_9_is_there_after_a_restart() {
    let s = setup(1).await;
    let model = Model::builtin();
    let link = format!("/s/{}", s.tokens[0]);
    let mut a = Server::start(&s.db, s.dir.path(), "a");
    let c = no_redirects();
    let res = c
        .post(a.url(&link))
        .form(&[("role", "middle_manager")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    for page in 1..=3 {
        let res = c
            .post(a.url(&format!("{link}/p/{page}")))
            .form(&page_form(&model, page, page as u8 + 1))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "page {page} saved");
        assert_eq!(res.headers()["location"], format!("{link}/p/{}", page + 1));
    }
    // The server said "saved" (303 to the next page): kill it on the spot.
    a.kill9();

    let b = Server::start(&s.db, s.dir.path(), "b");
    let intro = c.get(b.url(&link)).send().await.unwrap();
    assert_eq!(intro.status(), 200);
    let html = intro.text().await.unwrap();
    assert!(
        html.contains(&format!("href=\"{link}/p/4\"")),
        "resume offers page 4"
    );
    assert!(
        html.contains("value=\"middle_manager\" checked"),
        "the role"
    );
    for page in 1..=3 {
        let html = get_text(&c, b.url(&format!("{link}/p/{page}"))).await;
        assert_eq!(
            checked(&html, page as u8 + 1),
            model.dimensions[page - 1].questions.len(),
            "every answer of page {page} survived kill -9"
        );
    }
}

#[tokio::test]
async fn two_server_processes_share_a_respondent_an_organiser_the_throttle_and_one_purge() {
    let s = setup(1).await;
    let model = Model::builtin();
    // Before the servers start: two organisers, and a round whose retention has run out.
    let store = open(&s.db).await;
    let hash = trappe_web::hash_password(ADMIN_PASSWORD.into())
        .await
        .unwrap();
    store.create_user("admin", &hash, false).await.unwrap();
    store.create_user("anna", &hash, false).await.unwrap();
    let expired = store
        .create_round_with_retention("Måling 2019", &model.id, &model.version, 1, 1, 0)
        .await
        .unwrap();
    store
        .set_round_status(expired, RoundStatus::Open)
        .await
        .unwrap();
    let old = crate::helpers::uniform(&model, 2);
    let rows: Vec<trappe_store::ImportedResponse> = (0..3)
        .map(|_| trappe_store::ImportedResponse {
            org_id: s.org,
            role: Some("employee".into()),
            answers: old.clone(),
            barriers: vec![],
        })
        .collect();
    store
        .import_responses(expired, &rows, "import")
        .await
        .unwrap();
    store
        .set_round_status(expired, RoundStatus::Closed)
        .await
        .unwrap();
    store.close().await;
    // Both start at once; each runs the purge job at start.
    let (a, b) = std::thread::scope(|t| {
        let a = t.spawn(|| Server::start(&s.db, s.dir.path(), "a"));
        let b = t.spawn(|| Server::start(&s.db, s.dir.path(), "b"));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_ne!(a.base_url, b.base_url);

    // One respondent: the intro and page 1 on A, page 2 on B, and so on; submit on A.
    let link = format!("/s/{}", s.tokens[0]);
    let c = no_redirects();
    let res = c
        .post(a.url(&link))
        .form(&[("role", "employee")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let pages = model.dimensions.len() + 1;
    for page in 1..=pages {
        let (on, other) = if page % 2 == 1 { (&a, &b) } else { (&b, &a) };
        let res = c
            .post(on.url(&format!("{link}/p/{page}")))
            .form(&page_form(&model, page, 4))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "page {page} on {}", on.base_url);
        if page <= model.dimensions.len() {
            let html = get_text(&c, other.url(&format!("{link}/p/{page}"))).await;
            assert_eq!(
                checked(&html, 4),
                model.dimensions[page - 1].questions.len(),
                "page {page} saved on one instance shows on the other"
            );
        }
    }
    let review = c
        .get(b.url(&format!("{link}/review")))
        .send()
        .await
        .unwrap();
    assert_eq!(review.status(), 200);
    let res = c
        .post(a.url(&format!("{link}/submit")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/thanks");
    assert_eq!(
        c.get(b.url(&link)).send().await.unwrap().status(),
        410,
        "the spent link is spent on B too"
    );
    assert_eq!(
        count(
            &s.db,
            &format!(
                "SELECT COUNT(*) FROM responses WHERE round_id = {} AND status = 'complete'",
                s.round
            )
        ),
        1
    );

    // An organiser signs in on A and is signed in on B.
    let admin = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = admin
        .post(a.url("/login"))
        .form(&[
            ("username", "admin"),
            ("password", ADMIN_PASSWORD),
            ("next", "/admin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "signed in on A");
    let page = admin.get(b.url("/admin")).send().await.unwrap();
    assert_eq!(page.status(), 200, "the session made on A works on B");
    let page = admin
        .get(b.url(&format!("/admin/rounds/{}", s.round)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);

    // The login delay counts failures on both: 2 on A and 1 on B use the three free
    // ones, so the next attempt waits, on either.
    let attempt = |on: &Server, password: &'static str| {
        let url = on.url("/login");
        let c = c.clone();
        async move {
            c.post(url)
                .form(&[("username", "anna"), ("password", password)])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for on in [&a, &a, &b] {
        assert_eq!(attempt(on, "wrong guess, twelve+").await, 401);
    }
    assert_eq!(
        attempt(&b, ADMIN_PASSWORD).await,
        429,
        "throttled on B after failures on both"
    );
    assert_eq!(attempt(&a, ADMIN_PASSWORD).await, 429, "and on A");

    // The expired round was purged, by exactly one of the two.
    let deadline = Instant::now() + Duration::from_secs(30);
    let responses = format!("SELECT COUNT(*) FROM responses WHERE round_id = {expired}");
    while count(&s.db, &responses) > 0 {
        assert!(Instant::now() < deadline, "the purge job never ran");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let store = open(&s.db).await;
    let purges: Vec<_> = store
        .audit_log(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "purge")
        .collect();
    assert_eq!(purges.len(), 1, "one purge, logged once: {purges:?}");
    assert_eq!(
        purges[0].subject.as_deref(),
        Some(&*format!("round {expired}"))
    );
    let ran: Vec<bool> = [&a, &b]
        .iter()
        .map(|s| s.log_text().contains("purged expired data"))
        .collect();
    assert_eq!(
        ran.iter().filter(|r| **r).count(),
        1,
        "exactly one instance ran the purge: {ran:?}\nA: {}\nB: {}",
        a.log_text(),
        b.log_text()
    );
    store.close().await;
}

/// Percentile `p` (0 to 100) of sorted durations.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_respondents_submitting_at_once_are_all_stored() {
    const RESPONDENTS: usize = 500;
    const CONCURRENT: usize = 64;
    let s = setup(RESPONDENTS).await;
    let server = Server::start(&s.db, s.dir.path(), "a");
    let model = Arc::new(Model::builtin());
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(CONCURRENT)
        .build()
        .unwrap();
    let gate = Arc::new(tokio::sync::Semaphore::new(CONCURRENT));
    let base = Arc::new(server.base_url.clone());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for token in &s.tokens {
        let (c, gate, base, model) = (c.clone(), gate.clone(), base.clone(), model.clone());
        let link = format!("{base}/s/{token}");
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await.unwrap();
            let mut requests = vec![(
                "intro".to_string(),
                c.post(&link).form(&[("role", "employee")]),
            )];
            for page in 1..=model.dimensions.len() + 1 {
                requests.push((
                    format!("page {page}"),
                    c.post(format!("{link}/p/{page}"))
                        .form(&page_form(&model, page, 3)),
                ));
            }
            requests.push(("submit".into(), c.post(format!("{link}/submit"))));
            // (what, status, body, time) of every request
            let mut seen: Vec<(String, u16, String, Duration)> = Vec::new();
            for (what, req) in requests {
                let t = Instant::now();
                let res = req.send().await.expect("an answer");
                let status = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                seen.push((what, status, body, t.elapsed()));
            }
            seen
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    for (what, status, body, _) in &all {
        assert!(
            !body.to_lowercase().contains("database is locked"),
            "{what}: 'database is locked' reached a respondent"
        );
        assert!(
            *status < 500,
            "{what} answered {status}: {}",
            server.log_text()
        );
        assert_eq!(*status, 303, "{what} answered {status}: {body}");
    }
    let mut times: Vec<Duration> = all.iter().map(|r| r.3).collect();
    times.sort();
    let mut submits: Vec<Duration> = all
        .iter()
        .filter(|r| r.0 == "submit")
        .map(|r| r.3)
        .collect();
    submits.sort();
    assert_eq!(submits.len(), RESPONDENTS);
    let stored = count(
        &s.db,
        &format!(
            "SELECT COUNT(*) FROM responses WHERE round_id = {} AND status = 'complete'",
            s.round
        ),
    );
    assert_eq!(stored, RESPONDENTS as i64, "every submission stored");
    let answers = count(
        &s.db,
        &format!(
            "SELECT COUNT(*) FROM invitations WHERE round_id = {} AND status = 'used'",
            s.round
        ),
    );
    assert_eq!(answers, RESPONDENTS as i64, "every link spent");
    // Figures for docs/operations.md (debug build, the client on the same 2 cores).
    println!(
        "load: {RESPONDENTS} respondents, {CONCURRENT} at a time, {} requests on {}: \
         {:.1} s, {:.0} complete questionnaires/s, {:.0} requests/s; \
         latency p50 {:.1} ms, p99 {:.1} ms (submit p99 {:.1} ms)",
        all.len(),
        if on_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        elapsed.as_secs_f64(),
        RESPONDENTS as f64 / elapsed.as_secs_f64(),
        all.len() as f64 / elapsed.as_secs_f64(),
        percentile(&times, 50.0).as_secs_f64() * 1e3,
        percentile(&times, 99.0).as_secs_f64() * 1e3,
        percentile(&submits, 99.0).as_secs_f64() * 1e3,
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A private PostgreSQL server in a temporary folder (as scripts/pg.sh makes one), which
/// the test may stop and start again; removed when dropped.
struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_nobody: bool,
}

impl PgServer {
    fn bindir() -> Option<PathBuf> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("initdb").exists() && b.join("pg_ctl").exists())
            .collect();
        dirs.sort_by_key(|d| {
            d.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0)
        });
        dirs.pop()
    }

    fn new() -> PgServer {
        let bin =
            PgServer::bindir().expect("PostgreSQL's server binaries (scripts/pg.sh installs them)");
        let dir = tempfile::tempdir().unwrap();
        // PostgreSQL refuses to run as root: the server belongs to an unprivileged user.
        let as_nobody = is_root();
        if as_nobody {
            let ok = Command::new("chown")
                .arg("nobody:")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = PgServer {
            dir,
            bin,
            port,
            as_nobody,
        };
        let out = pg
            .cmd("initdb")
            .arg("-D")
            .arg(pg.data())
            .args(["-U", "trappe", "--auth=trust", "--no-locale", "-E", "UTF8"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        pg.start();
        pg
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn cmd(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if self.as_nobody {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    }

    fn start(&self) {
        let out = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("server.log"))
            .args(["-w", "-t", "60", "start", "-o"])
            .arg(format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                self.port,
                self.dir.path().display()
            ))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
        );
    }

    /// Stops the server as an operator would (fast: open sessions are ended).
    fn stop(&self) {
        let out = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "stop"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn url(&self, name: &str) -> String {
        format!("postgres://trappe@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

#[tokio::test]
async fn the_database_going_away_gives_a_503_page_and_the_app_recovers_by_itself() {
    if !on_postgres() {
        println!(
            "note: the database-gone test runs in the PostgreSQL pass (TRAPPE_TEST_PG), \
             on a private server it stops and starts; a SQLite file cannot go away like a server"
        );
        return;
    }
    let pg = PgServer::new();
    let db = trappe_store::testing::create_pg_database(&pg.url("postgres"))
        .await
        .unwrap();
    let s = setup_on(tempfile::tempdir().unwrap(), db, 1).await;
    let model = Model::builtin();
    let app = Server::start(&s.db, s.dir.path(), "a");
    let link = format!("/s/{}", s.tokens[0]);
    let c = no_redirects();
    assert_eq!(c.get(app.url(&link)).send().await.unwrap().status(), 200);
    assert_eq!(
        c.get(app.url("/readyz")).send().await.unwrap().status(),
        200
    );

    pg.stop();
    // Readiness says so quickly, for a load balancer: not after the pool's 10 s wait
    // (the bound is loose for a busy machine; it takes a few hundred ms).
    let t = Instant::now();
    let ready = c.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let detected = t.elapsed();
    assert!(detected < Duration::from_secs(3), "{detected:?}");
    // A respondent gets a page that says what happened, Danish first, and English, at
    // once.
    let mut refused = Vec::new();
    for req in [
        c.get(app.url(&link)),
        c.post(app.url(&format!("{link}/p/1")))
            .form(&page_form(&model, 1, 5)),
    ] {
        let t = Instant::now();
        let res = req.send().await.unwrap();
        refused.push(t.elapsed());
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
        assert_eq!(res.status(), 503);
        // Seconds the outage is likely to last (the probe looks again every second).
        assert_eq!(res.headers()["retry-after"], "2");
        let html = res.text().await.unwrap();
        assert!(html.contains("<html lang=\"da\">"), "{html}");
        assert!(
            html.contains("Trappe kan ikke nå sin database lige nu"),
            "{html}"
        );
        assert!(html.contains("<div lang=\"en\">"), "{html}");
        assert!(html.contains("Trappe cannot reach its database right now"));
        assert!(
            !html.contains("sqlx") && !html.contains("PoolTimedOut"),
            "{html}"
        );
    }
    // Liveness is not readiness: the process itself is fine.
    assert_eq!(
        c.get(app.url("/healthz")).send().await.unwrap().status(),
        200
    );
    let metrics = get_text(&c, app.url("/metrics")).await;
    assert!(metrics.contains("trappe_db_up 0\n"), "{metrics}");
    // The outage is logged once, as an error, however many requests it refuses.
    let log = app.log_text();
    assert!(log.contains("ERROR"), "{log}");
    assert!(log.contains("the database is unavailable"), "{log}");
    assert_eq!(
        log.matches("answering 503 until it is back").count(),
        1,
        "{log}"
    );

    // The server returns; the app recovers by itself, no restart.
    pg.start();
    let back = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = c.get(app.url("/readyz")).send().await.unwrap().status();
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {status}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!(
        "database gone: /readyz 503 after {:.0} ms, then the page and the save 503 in {:.0} and {:.0} ms; \
         ready again {:.1} s after the server was",
        detected.as_secs_f64() * 1e3,
        refused[0].as_secs_f64() * 1e3,
        refused[1].as_secs_f64() * 1e3,
        back.elapsed().as_secs_f64(),
    );
    let res = c
        .post(app.url(&format!("{link}/p/1")))
        .form(&page_form(&model, 1, 5))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "saving works again");
    let html = get_text(&c, app.url(&format!("{link}/p/1"))).await;
    assert_eq!(checked(&html, 5), model.dimensions[0].questions.len());
    let metrics = get_text(&c, app.url("/metrics")).await;
    assert!(metrics.contains("trappe_db_up 1\n"), "{metrics}");
    assert!(
        app.log_text().contains("the database is reachable again"),
        "{}",
        app.log_text()
    );

    // A second outage, first met by a respondent rather than by readiness: found as
    // quickly, and over as soon as the server is back.
    pg.stop();
    let t = Instant::now();
    let res = c.get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 503);
    let second = t.elapsed();
    assert!(second < Duration::from_secs(3), "{second:?}");
    pg.start();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = c.get(app.url(&link)).send().await.unwrap().status();
        if status == 200 {
            break;
        }
        assert_eq!(status, 503);
        assert!(
            Instant::now() < deadline,
            "no recovery from the second outage"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        app.log_text()
            .matches("answering 503 until it is back")
            .count(),
        2
    );
    println!(
        "database gone again: a respondent's page 503 after {:.0} ms",
        second.as_secs_f64() * 1e3
    );
}

/// A responses file for the built-in model: `rows` complete rows of organisation `org`.
fn responses_csv(rows: usize) -> String {
    let model = Model::builtin();
    let qs: Vec<&str> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .map(|q| q.id.as_str())
        .collect();
    let mut csv = format!("org,role,{}\n", qs.join(","));
    for i in 0..rows {
        csv.push_str("Aarhus Kommune,employee");
        for j in 0..qs.len() {
            csv.push_str(&format!(",{}", (i + j) % 5 + 1));
        }
        csv.push('\n');
    }
    csv
}

/// Kills `child` with SIGKILL and checks it was still running (killed, not finished).
fn kill_midway(child: &mut Child, what: &str) {
    use std::os::unix::process::ExitStatusExt;
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "{what} finished before the kill landed ({status}): make its file bigger"
    );
}

#[tokio::test]
async fn a_response_import_killed_halfway_leaves_nothing_and_a_rerun_completes_it_once() {
    const ROWS: usize = 30_000;
    let s = setup(0).await;
    let file = s.dir.path().join("svar.csv");
    std::fs::write(&file, responses_csv(ROWS)).unwrap();
    let file = file.to_str().unwrap();
    let round = s.round.to_string();
    let args = ["responses", "import", "--round", &round, file];
    let stored = format!(
        "SELECT COUNT(*) FROM responses WHERE round_id = {}",
        s.round
    );
    let marker = "SELECT COUNT(*) FROM settings WHERE key LIKE 'responses-import:%'";

    let mut child = trappe_cmd(&s.db, &args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut progress = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = progress.next().expect("a progress line").unwrap();
    assert!(first.contains("rows written"), "{first}");
    // Killed after its first progress report, mid-file.
    kill_midway(&mut child, "the import");
    assert_eq!(count(&s.db, &stored), 0, "nothing of the killed import");
    assert_eq!(count(&s.db, marker), 0);

    let out = trappe(&s.db, &args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("imported {ROWS} responses")),
        "{text}"
    );
    assert_eq!(
        count(&s.db, &stored),
        ROWS as i64,
        "the re-run completed it"
    );

    let out = trappe(&s.db, &args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("was imported into round") && text.contains("nothing was imported again"),
        "{text}"
    );
    assert_eq!(
        count(&s.db, &stored),
        ROWS as i64,
        "a re-import never doubles"
    );
}

/// A contact log of `rows` contacts in the canonical columns.
fn contacts_csv(rows: usize) -> String {
    let mut csv = String::from(
        "contact_id,timestamp,channel,service,citizen_key,case_key,duration_s,resolved,satisfaction,effort\n",
    );
    for i in 0..rows {
        let channel = ["phone", "web", "email", "front_desk"][i % 4];
        csv.push_str(&format!(
            "{},2025-{:02}-{:02}T{:02}:{:02}:00Z,{channel},pension,c{},k{},{},{},{},{}\n",
            i + 1,
            i % 12 + 1,
            i % 28 + 1,
            i % 24,
            i % 60,
            i % 5_000,
            i % 300,
            30 + i % 600,
            i % 2,
            i % 5 + 1,
            i % 7 + 1
        ));
    }
    csv
}

/// Whether a write transaction holds a write lock now (SQLite's lock, or on PostgreSQL an
/// advisory lock: the one every write takes, or an organisation's contact-log lock).
fn write_lock_held(db: &str) -> bool {
    if db.starts_with("postgres://") {
        count(
            db,
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted \
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        ) > 0
    } else {
        !db_shell(db, "BEGIN IMMEDIATE; ROLLBACK;").status.success()
    }
}

/// How many contact imports say they are running.
const RUNNING_IMPORTS: &str = "SELECT COUNT(*) FROM contact_imports WHERE status = 'running'";

/// `trappe contacts import` of `file` into the setup's organisation, as a process of its
/// own.
fn spawn_contact_import(s: &Setup, file: &str) -> Child {
    trappe_cmd(
        &s.db,
        &["contacts", "import", "--org", &s.org.to_string(), file],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap()
}

/// Waits until the import `child` is inside its transaction: registered as running and
/// holding a write lock, on two looks in a row.
fn wait_until_writing(child: &mut Child, db: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut held = 0;
    while held < 2 {
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it was seen writing: make the file bigger"
        );
        held = if count(db, RUNNING_IMPORTS) == 1 && write_lock_held(db) {
            held + 1
        } else {
            0
        };
        std::thread::sleep(Duration::from_millis(30));
    }
}

#[tokio::test]
async fn a_contact_import_killed_mid_file_leaves_nothing_and_never_doubles() {
    const ROWS: usize = 300_000;
    let s = setup(0).await;
    let file = s.dir.path().join("henvendelser.csv");
    std::fs::write(&file, contacts_csv(ROWS)).unwrap();
    let file = file.to_str().unwrap();
    let org = s.org.to_string();
    let args = ["contacts", "import", "--org", &org, file];
    let contacts = format!("SELECT COUNT(*) FROM contacts WHERE org_id = {}", s.org);

    // Kill it while its transaction is writing.
    let mut child = spawn_contact_import(&s, file);
    wait_until_writing(&mut child, &s.db);
    kill_midway(&mut child, "the contact import");
    assert_eq!(count(&s.db, &contacts), 0, "nothing of the killed import");
    assert_eq!(
        count(&s.db, RUNNING_IMPORTS),
        1,
        "its record says it never finished"
    );

    for run in ["the re-run", "a second re-run"] {
        let out = trappe(&s.db, &args);
        assert!(
            out.status.success(),
            "{run}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            count(&s.db, &contacts),
            ROWS as i64,
            "{run}: every contact once"
        );
    }
    assert_eq!(
        count(
            &s.db,
            "SELECT COUNT(*) FROM contact_imports WHERE status = 'done'"
        ),
        2
    );
}

#[tokio::test]
async fn other_writes_go_on_while_a_contact_import_runs_on_postgresql() {
    // SQLite has one writer per database by design: there an import's writes and a
    // respondent's take turns. On PostgreSQL an import locks its organisation's log only.
    if !on_postgres() {
        return;
    }
    const ROWS: usize = 300_000;
    let s = setup(1).await;
    let file = s.dir.path().join("henvendelser.csv");
    std::fs::write(&file, contacts_csv(ROWS)).unwrap();
    let mut child = spawn_contact_import(&s, file.to_str().unwrap());
    wait_until_writing(&mut child, &s.db);
    // Meanwhile: a respondent's page is saved, and an organisation added.
    let store = open(&s.db).await;
    let m = Model::builtin();
    let inv = store.invitation(&s.tokens[0]).await.unwrap().unwrap();
    let id = store.start_response(inv.id).await.unwrap();
    let page = trappe_store::PageSave {
        answers: m.dimensions[0]
            .questions
            .iter()
            .map(|q| (q.id.clone(), Some("3".to_string())))
            .collect(),
        ..Default::default()
    };
    store.save_page(id, &page).await.unwrap();
    store
        .add_org(&NewOrg::parse("Odense Kommune", "kommune", None, &[]).unwrap())
        .await
        .unwrap();
    assert!(
        child.try_wait().unwrap().is_none() && count(&s.db, RUNNING_IMPORTS) == 1,
        "the writes did not wait for the import to end"
    );
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(
        count(
            &s.db,
            &format!("SELECT COUNT(*) FROM contacts WHERE org_id = {}", s.org)
        ),
        ROWS as i64
    );
    store.close().await;
}

#[tokio::test]
async fn a_page_save_waits_out_a_long_import_on_sqlite() {
    // On PostgreSQL an import does not hold the database's write lock (see above).
    if on_postgres() {
        return;
    }
    let s = setup(1).await;
    let store = open(&s.db).await;
    let inv = store.invitation(&s.tokens[0]).await.unwrap().unwrap();
    let id = store.start_response(inv.id).await.unwrap();
    // Another process holds the write lock for 12 s, as a 2-million-row import does:
    // longer than SQLite's 10 s busy timeout.
    let mut holder = Command::new("sqlite3")
        .args([&s.db, "BEGIN IMMEDIATE;", ".shell sleep 12", "COMMIT;"])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !write_lock_held(&s.db) {
        assert!(Instant::now() < deadline, "the lock was never taken");
        std::thread::sleep(Duration::from_millis(20));
    }
    let waiting = Instant::now();
    let page = trappe_store::PageSave {
        answers: vec![("q1".into(), Some("3".into()))],
        ..Default::default()
    };
    store
        .save_page(id, &page)
        .await
        .expect("the save waits, then goes through");
    assert!(
        waiting.elapsed() > Duration::from_secs(10),
        "the save really waited past one busy timeout"
    );
    assert!(holder.wait().unwrap().success());
    let draft = store.draft(id).await.unwrap();
    assert_eq!(draft.answers.get("q1").map(String::as_str), Some("3"));
    store.close().await;
}

/// Where the full-disk test keeps its database: a 64 MB tmpfs when the test may mount
/// one (root), else a plain folder with the import's file size limited (RLIMIT_FSIZE).
struct SmallDisk {
    path: PathBuf,
    mounted: bool,
}

impl SmallDisk {
    fn new(path: PathBuf) -> SmallDisk {
        std::fs::create_dir_all(&path).unwrap();
        let mounted = is_root()
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=64m", "tmpfs"])
                .arg(&path)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        SmallDisk { path, mounted }
    }

    /// Fills the disk but for `free` bytes (a tmpfs); returns the filler.
    fn fill(&self, free: u64) -> PathBuf {
        use std::io::Write;
        let filler = self.path.join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0x55u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let _ = f.flush();
        let len = f.metadata().unwrap().len();
        f.set_len(len.saturating_sub(free)).unwrap();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        if self.mounted {
            let _ = Command::new("umount").arg(&self.path).status();
        }
    }
}

#[tokio::test]
async fn a_full_disk_fails_an_import_cleanly_and_leaves_the_database_consistent() {
    if on_postgres() {
        println!("note: the full-disk test runs on SQLite only (the pass without TRAPPE_TEST_PG)");
        return;
    }
    const ROWS: usize = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let disk = SmallDisk::new(dir.path().join("disk"));
    let db = disk.path.join("trappe.db").to_string_lossy().into_owned();
    let file = dir.path().join("svar.csv");
    std::fs::write(&file, responses_csv(ROWS)).unwrap();
    let file = file.to_str().unwrap().to_string();
    let s = setup_on(tempfile::tempdir().unwrap(), db.clone(), 0).await;
    let round = s.round.to_string();
    let args = ["responses", "import", "--round", &round, &file];
    let checkpoint = db_shell(&db, "PRAGMA wal_checkpoint(TRUNCATE);");
    assert!(checkpoint.status.success());
    let stored = format!(
        "SELECT COUNT(*) FROM responses WHERE round_id = {}",
        s.round
    );

    let (out, filler) = if disk.mounted {
        let filler = disk.fill(512 * 1024);
        (trappe(&db, &args), Some(filler))
    } else {
        println!("note: cannot mount a tmpfs here; the import's file size is limited instead");
        let limit_kb = std::fs::metadata(&db).unwrap().len() / 1024 + 512;
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f {limit_kb}; exec \"$0\" \"$@\""
            ))
            .arg(BIN)
            .args(args)
            .env("TRAPPE_DB", &db)
            .env("TRAPPE_LOG", "warn")
            .output()
            .unwrap();
        (out, None)
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the import cannot fit: {stderr}");
    assert!(
        stderr.contains(&format!("{file}: nothing was imported")),
        "{stderr}"
    );
    if disk.mounted {
        assert!(stderr.contains("disk is full"), "{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Consistent: the integrity check passes and nothing of the file is there.
    let check = db_shell(&db, "PRAGMA integrity_check;");
    assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), "ok");
    assert_eq!(count(&db, &stored), 0, "no partial rows");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM settings WHERE key LIKE 'responses-import:%'"
        ),
        0
    );

    // With room again, the same import completes.
    if let Some(f) = filler {
        std::fs::remove_file(f).unwrap();
    }
    let out = trappe(&db, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db, &stored), ROWS as i64);
    let check = db_shell(&db, "PRAGMA integrity_check;");
    assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), "ok");
}
