//! Start the real app on a random port with a fresh database, and drive it.

use std::path::Path;
use std::process::{Command, Output};
use trappe_core::{Answer, Answers, Model, NewOrg};
use trappe_store::{RoundStatus, Store};
use trappe_web::{AppState, Config};

pub const ADMIN_PASSWORD: &str = "en lang og hemmelig sætning";
/// The installation's owner and contact, as /privacy and /accessibility show them.
pub const ORG_NAME: &str = "Testby Kommune";
pub const CONTACT_EMAIL: &str = "dpo@testby.example.dk";

pub struct TestApp {
    pub base_url: String,
    pub store: Store,
    /// The database, as `--db` takes it: a SQLite file, or a PostgreSQL URL when the
    /// tests run with `TRAPPE_TEST_PG` (see [`fresh_db`]).
    pub db: String,
    /// Kept so the database folder lives as long as the app.
    pub _dir: tempfile::TempDir,
}

/// The `trappe` binary with `args` on no database (quiet log), for the commands that
/// need none and for more settings (environment, standard input, spawning).
pub fn trappe_bare(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trappe"));
    c.args(args).env("TRAPPE_LOG", "warn");
    c
}

/// [`trappe_bare`] on `db`.
pub fn trappe_cmd(db: &str, args: &[&str]) -> Command {
    let mut c = trappe_bare(args);
    c.env("TRAPPE_DB", db);
    c
}

/// Runs the `trappe` binary on `db` (quiet log).
pub fn trappe(db: &str, args: &[&str]) -> Output {
    trappe_cmd(db, args).output().expect("run trappe")
}

/// [`trappe`] that must succeed: its standard output.
pub fn trappe_ok(db: &str, args: &[&str]) -> String {
    succeeded(args, trappe(db, args))
}

/// The standard output of the run of `trappe args`, which must have succeeded.
pub fn succeeded(args: &[&str], out: Output) -> String {
    assert!(
        out.status.success(),
        "trappe {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// A new, empty database for one test, as `--db` takes it: the SQLite file `dir/name`,
/// or a new database on the PostgreSQL server that `TRAPPE_TEST_PG` names.
pub fn fresh_db(dir: &Path, name: &str) -> String {
    trappe_store::testing::fresh_db_blocking(dir, name).expect("a fresh database")
}

/// Whether the tests run on PostgreSQL (`TRAPPE_TEST_PG`).
pub fn on_postgres() -> bool {
    trappe_store::testing::test_pg().is_some()
}

/// Runs `sql` in the database's own shell (sqlite3, or psql for PostgreSQL), independent
/// of the store. Both print one line per row with columns separated by `|`.
pub fn db_shell(db: &str, sql: &str) -> Output {
    let mut cmd = if db.starts_with("postgres://") {
        let mut c = Command::new("psql");
        c.args(["--no-psqlrc", "--quiet", "--no-align", "--tuples-only"])
            .args(["--set=ON_ERROR_STOP=1", "--dbname", db, "--command", sql]);
        c
    } else {
        let mut c = Command::new("sqlite3");
        c.arg(db).arg(sql);
        c
    };
    cmd.output()
        .expect("the database shell, sqlite3 or psql (scripts/test.sh installs them)")
}

/// Every statement that would rebuild the database's data (sqlite3's .dump, pg_dump).
pub fn db_dump(db: &str) -> String {
    let out = if db.starts_with("postgres://") {
        Command::new("pg_dump")
            .args(["--inserts", "--no-owner", "--dbname", db])
            .output()
            .expect("pg_dump")
    } else {
        db_shell(db, ".dump")
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Config::default()).await
}

/// The app with the settings of `extra` beyond the test defaults (its base URL is the
/// random port's, whatever `extra` says).
pub async fn spawn_app_with(extra: Config) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = trappe_store::testing::fresh_db(dir.path(), "trappe.db")
        .await
        .expect("a fresh database");
    start_instance(db, dir, extra, None).await
}

/// The app on a random port that believes it is served at `public_base` (as behind a
/// TLS proxy): its links and HSTS follow `public_base`, the test talks to the port.
pub async fn spawn_app_behind(public_base: &str, extra: Config) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = trappe_store::testing::fresh_db(dir.path(), "trappe.db")
        .await
        .expect("a fresh database");
    start_instance(db, dir, extra, Some(public_base.to_owned())).await
}

/// One more instance of the app on the same database, as behind a load balancer.
pub async fn another_instance(app: &TestApp) -> TestApp {
    start_instance(
        app.db.clone(),
        tempfile::tempdir().expect("temp dir"),
        Config::default(),
        None,
    )
    .await
}

async fn start_instance(
    db: String,
    dir: tempfile::TempDir,
    extra: Config,
    public_base: Option<String>,
) -> TestApp {
    let store = Store::open(&db).await.expect("open store");
    store
        .import_model(&Model::builtin(), trappe_core::model::BUILTIN_MODEL_TOML)
        .await
        .expect("built-in model");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(
        store.clone(),
        Config {
            base_url: public_base.unwrap_or_else(|| base_url.clone()),
            org_name: ORG_NAME.into(),
            contact_email: CONTACT_EMAIL.into(),
            ..extra
        },
    );
    tokio::spawn(async move {
        let _ = trappe_web::serve(listener, state).await;
    });
    TestApp {
        base_url,
        store,
        db,
        _dir: dir,
    }
}

/// A browser-like client: keeps cookies, follows redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

/// A client that shows redirects instead of following them.
pub fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// GETs `url` and returns the body, whatever the status.
pub async fn get_text(client: &reqwest::Client, url: impl reqwest::IntoUrl) -> String {
    let res = client.get(url).send().await.expect("GET");
    res.text().await.expect("the body")
}

/// POSTs `form` (URL-encoded, as a browser sends a form) to `url` and returns the
/// response, whatever the status.
pub async fn post_form<F: serde::Serialize + ?Sized>(
    client: &reqwest::Client,
    url: impl reqwest::IntoUrl,
    form: &F,
) -> reqwest::Response {
    client.post(url).form(form).send().await.expect("POST")
}

/// The value of `name="csrf"` in a page.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("page has a CSRF field")
        + 19;
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// An organiser account with a known password (no forced change).
    pub async fn create_admin(&self) {
        let hash = trappe_web::hash_password(ADMIN_PASSWORD.into())
            .await
            .unwrap();
        self.store.create_user("admin", &hash, false).await.unwrap();
    }

    /// A signed-in organiser's client and a CSRF token for its forms.
    pub async fn admin_client(&self) -> (reqwest::Client, String) {
        self.create_admin().await;
        self.sign_in("admin").await
    }

    /// A new account `name` of `role` ("contact", "viewer" or "organiser") linked to
    /// `org`, signed in: its client and a CSRF token for its forms.
    pub async fn client_as(&self, role: &str, name: &str, org: i64) -> (reqwest::Client, String) {
        self.create_user_as(name, role, Some(org)).await;
        self.sign_in(name).await
    }

    /// An account `name` of `role` with the test password ([`ADMIN_PASSWORD`]), linked to
    /// `org` if given: its id.
    pub async fn create_user_as(&self, name: &str, role: &str, org: Option<i64>) -> i64 {
        let hash = trappe_web::hash_password(ADMIN_PASSWORD.into())
            .await
            .unwrap();
        let id = self.store.create_user(name, &hash, false).await.unwrap();
        self.store.set_role(id, role).await.unwrap();
        if let Some(org) = org {
            self.store.link_org(id, org).await.unwrap();
        }
        id
    }

    /// Posts the login form with `username` and `password` on client `c`: the answer,
    /// whatever it is.
    pub async fn login(
        &self,
        c: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> reqwest::Response {
        post_form(
            c,
            self.url("/login"),
            &[("username", username), ("password", password)],
        )
        .await
    }

    /// `name` signed in with the test password on a new browser-like client: the client
    /// and a CSRF token for its forms.
    pub async fn sign_in(&self, name: &str) -> (reqwest::Client, String) {
        let c = client();
        let res = self.login(&c, name, ADMIN_PASSWORD).await;
        assert_eq!(res.status(), 200, "login as {name}");
        let csrf = csrf_of(&get_text(&c, self.url("/account/security")).await);
        (c, csrf)
    }

    pub async fn add_org(&self, name: &str) -> i64 {
        self.store
            .add_org(&NewOrg::parse(name, "kommune", None, &[]).unwrap())
            .await
            .unwrap()
    }

    /// An open round on the built-in model. Its results show while it is open, in
    /// batches (`ResultsShown::Batches`): an organisation's figures show once it has
    /// `min_responses` responses and then move by at least that many (the default, once
    /// the round closes, is tried in anonymity.rs).
    pub async fn open_round(&self, min_responses: i64) -> i64 {
        let id = self.batch_round("Test round", min_responses).await;
        self.store
            .set_round_status(id, RoundStatus::Open)
            .await
            .unwrap();
        id
    }

    /// A draft round on the built-in model whose results show in batches (see
    /// `open_round`).
    pub async fn batch_round(&self, name: &str, min_responses: i64) -> i64 {
        let m = Model::builtin();
        let options = trappe_store::RoundOptions {
            results_shown: trappe_store::ResultsShown::Batches,
            min_tally: trappe_store::DEFAULT_MIN_TALLY.max(min_responses),
            ..trappe_store::RoundOptions::default()
        };
        self.store
            .create_round_with_options(name, &m.id, &m.version, min_responses, 5, &options)
            .await
            .unwrap()
    }

    /// A round on the built-in model named `name`, with `rows` imported, then opened; its
    /// results show in batches (see `open_round`), so the imported ones show at once.
    pub async fn round_with(
        &self,
        name: &str,
        min_responses: i64,
        rows: &[trappe_store::ImportedResponse],
    ) -> i64 {
        let id = self.batch_round(name, min_responses).await;
        self.store
            .import_responses(id, rows, "import")
            .await
            .unwrap();
        self.store
            .set_round_status(id, RoundStatus::Open)
            .await
            .unwrap();
        id
    }

    /// One single-use link, as a path `/s/TOKEN`.
    pub async fn link(&self, round: i64, org: i64) -> String {
        let t = self.store.create_invitations(round, org, 1).await.unwrap();
        format!("/s/{}", t[0])
    }
}

/// Seconds since 1970, by the clock the app reads too.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The time step of a second factor's codes now.
pub fn totp_step_now() -> i64 {
    trappe_web::accounts::totp::step_of(unix_now())
}

/// The six-digit code of the second factor with base-32 `secret` at time step `step`.
pub fn totp_code(secret: &str, step: i64) -> String {
    let key = trappe_web::accounts::totp::base32_decode(secret).expect("a base-32 secret");
    format!("{:06}", trappe_web::accounts::totp::code_at(&key, step))
}

/// Waits until the clock is at least `margin` seconds from the end of a time step, so
/// codes computed now stay in their step while the test uses them.
pub async fn away_from_step_edge(margin: i64) {
    let step = trappe_web::accounts::totp::STEP_SECS;
    while step - unix_now().rem_euclid(step) < margin {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// Every question of `model` answered on `level`.
pub fn uniform(model: &Model, level: u8) -> Answers {
    model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .map(|q| (q.id.clone(), Answer::Level(level)))
        .collect()
}

/// `n` realistic complete responses of organisation `org` (the demo generator, seeded).
pub fn demo_responses(
    model: &Model,
    org: i64,
    seed: u64,
    n: usize,
) -> Vec<trappe_store::ImportedResponse> {
    let mut gen =
        trappe_core::demo::DemoOrg::new(model, trappe_core::demo::DemoOrg::spread(seed), seed);
    (0..n)
        .map(|_| {
            let r = gen.response(model);
            trappe_store::ImportedResponse {
                org_id: org,
                role: Some(r.role),
                answers: r.answers,
                barriers: r.barriers,
            }
        })
        .collect()
}
