//! The questionnaire end to end in real headless Chromium, clicked like a person on a
//! phone: open the link, pick a role, answer every page, review, submit; then check the
//! score through the store and that the link cannot be used again.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them the test is skipped,
//! unless `TRAPPE_REQUIRE_BROWSER` is set (as `scripts/test.sh` does), when it fails.
//!
//! The WebDriver protocol is spoken with `reqwest` (a handful of JSON calls, below):
//! fantoccini 0.22 built without its TLS features has no public way to make a client,
//! as its `ClientBuilder::new` wants a `hyper-util` connector this crate cannot name.

use crate::helpers::{spawn_app, TestApp, ADMIN_PASSWORD};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The key a W3C WebDriver element reference is stored under.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long to wait for a page or an element before failing.
const WAIT: Duration = Duration::from_secs(15);

/// A chromedriver child process, killed (with anything it started) when dropped, also
/// when the test panics.
pub(crate) struct ChromeDriver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl ChromeDriver {
    pub(crate) fn start(log_dir: &Path) -> ChromeDriver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port for chromedriver")
            .port();
        let log = log_dir.join("chromedriver.log");
        let mut cmd = Command::new(CHROMEDRIVER);
        cmd.arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so Chromium's processes can be ended with it.
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let child = cmd.spawn().expect("start chromedriver");
        ChromeDriver { child, port, log }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls `/status` until chromedriver says it is ready (about 10 s at most).
    pub(crate) async fn wait_ready(&mut self, http: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "chromedriver exited at start ({status}); log: {}",
                    self.log_tail()
                );
            }
            let ready = match http.get(format!("{}/status", self.url())).send().await {
                Ok(res) => res
                    .json::<Value>()
                    .await
                    .map(|v| v["value"]["ready"] == json!(true))
                    .unwrap_or(false),
                Err(_) => false,
            };
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer /status on port {} within 10 s; log: {}",
                self.port,
                self.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("chromedriver log (last lines):\n{}", self.log_tail());
        }
        // The whole group: chromedriver and any Chromium left behind by a failed test.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session: the few commands this test needs.
pub(crate) struct Browser {
    http: reqwest::Client,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    closed: bool,
}

impl Browser {
    pub(crate) async fn connect(
        http: reqwest::Client,
        driver: &str,
        capabilities: Value,
    ) -> Browser {
        let res = http
            .post(format!("{driver}/session"))
            .json(&json!({ "capabilities": { "alwaysMatch": capabilities } }))
            .send()
            .await
            .expect("ask chromedriver for a session");
        let status = res.status();
        let body: Value = res.json().await.expect("chromedriver's session answer");
        let id = body["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session ({status}): {body}"));
        Browser {
            http,
            session: format!("{driver}/session/{id}"),
            closed: false,
        }
    }

    /// One WebDriver command; Err is the driver's error, for callers that retry.
    pub(crate) async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let mut req = self.http.request(method, format!("{}{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.map_err(|e| format!("{path}: {e}"))?;
        let status = res.status();
        let body: Value = res.json().await.map_err(|e| format!("{path}: {e}"))?;
        if status.is_success() {
            Ok(body["value"].clone())
        } else {
            Err(format!(
                "{path}: {} {}",
                body["value"]["error"].as_str().unwrap_or("error"),
                body["value"]["message"].as_str().unwrap_or("")
            ))
        }
    }

    pub(crate) async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    pub(crate) async fn current_url(&self) -> String {
        let v = self
            .cmd(reqwest::Method::GET, "/url", None)
            .await
            .expect("current URL");
        v.as_str().unwrap_or_default().to_string()
    }

    async fn try_find_all(&self, css: &str) -> Result<Vec<String>, String> {
        let v = self
            .cmd(
                reqwest::Method::POST,
                "/elements",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    pub(crate) async fn find_all(&self, css: &str) -> Vec<String> {
        self.try_find_all(css)
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
    }

    /// The one element `css` selects, waiting for it to appear.
    pub(crate) async fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(found) = self.try_find_all(css).await {
                if let Some(first) = found.into_iter().next() {
                    return first;
                }
            }
            if Instant::now() > deadline {
                panic!(
                    "no element '{css}' on {} within {WAIT:?}",
                    self.current_url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(crate) async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{el}/click"),
            Some(json!({})),
        )
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn attr(&self, el: &str, name: &str) -> Option<String> {
        self.cmd(
            reqwest::Method::GET,
            &format!("/element/{el}/attribute/{name}"),
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("attribute {name}: {e}"))
        .as_str()
        .map(str::to_string)
    }

    pub(crate) async fn is_selected(&self, css: &str) -> bool {
        let el = self.find(css).await;
        self.cmd(
            reqwest::Method::GET,
            &format!("/element/{el}/selected"),
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("is {css} selected: {e}"))
            == json!(true)
    }

    /// The rendered (visible) text of the first element `css` selects, or Err.
    async fn try_text(&self, css: &str) -> Result<String, String> {
        let el = self
            .try_find_all(css)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| format!("no element '{css}'"))?;
        let v = self
            .cmd(reqwest::Method::GET, &format!("/element/{el}/text"), None)
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Waits until the visible text of `css` contains `want` (a page may still be loading).
    pub(crate) async fn wait_for_text(&self, css: &str, want: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let got = self.try_text(css).await;
            if matches!(&got, Ok(t) if t.contains(want)) {
                return;
            }
            if Instant::now() > deadline {
                let body = self.try_text("body").await.unwrap_or_default();
                panic!(
                    "expected '{want}' in '{css}' on {}, got {got:?}; the page says:\n{body}",
                    self.current_url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(crate) async fn close(mut self) {
        self.cmd(reqwest::Method::DELETE, "", None)
            .await
            .expect("close the browser session");
        self.closed = true;
    }
}

impl Drop for Browser {
    /// A failed test still ends its session, so chromedriver shuts Chromium down.
    fn drop(&mut self) {
        if self.closed {
            return;
        }
        let Some(rest) = self.session.strip_prefix("http://") else {
            return;
        };
        let Some((host, path)) = rest.split_once('/') else {
            return;
        };
        if let Ok(mut s) = TcpStream::connect(host) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = write!(
                s,
                "DELETE /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = s.read(&mut [0u8; 512]);
        }
    }
}

// ---- shared by the other browser tests (a11y.rs, ...) ----

/// Whether Chromium and chromedriver are here. Without them a browser test is skipped
/// (`false`, with a note naming `test`), unless `TRAPPE_REQUIRE_BROWSER` is set: then it
/// fails.
pub(crate) fn browser_or_skip(test: &str) -> bool {
    if Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var_os("TRAPPE_REQUIRE_BROWSER").is_some() {
        panic!(
            "TRAPPE_REQUIRE_BROWSER is set but {CHROMEDRIVER} or {CHROMIUM} is missing: \
             install the Debian packages `chromium` and `chromium-driver` (scripts/test.sh does)"
        );
    }
    eprintln!("SKIPPED {test}: {CHROMEDRIVER} or {CHROMIUM} is missing");
    false
}

/// A headless Chromium of its own (profile folder, chromedriver, session), Danish, with
/// a window of `width` x `height`. Fields drop in order: the session, the driver, the
/// folder.
pub(crate) struct Headless {
    pub(crate) b: Browser,
    _driver: ChromeDriver,
    _profile: tempfile::TempDir,
}

pub(crate) async fn headless(width: u32, height: u32) -> Headless {
    let profile = tempfile::tempdir().expect("temp dir for the Chromium profile");
    let mut driver = ChromeDriver::start(profile.path());
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("HTTP client for chromedriver");
    driver.wait_ready(&http).await;
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.path().join("chromium").display()),
                format!("--window-size={width},{height}"), "--lang=da",
            ],
            "prefs": { "intl.accept_languages": "da" },
        },
    });
    let b = Browser::connect(http, &driver.url(), capabilities).await;
    Headless {
        b,
        _driver: driver,
        _profile: profile,
    }
}

impl Headless {
    pub(crate) async fn close(self) {
        self.b.close().await;
    }
}

/// WebDriver's codes for the keys the keyboard tests press.
pub(crate) mod key {
    pub(crate) const TAB: &str = "\u{E004}";
    pub(crate) const ENTER: &str = "\u{E007}";
    pub(crate) const SPACE: &str = "\u{E00D}";
    pub(crate) const DOWN: &str = "\u{E015}";
}

impl Browser {
    /// Signs `username` in with the test password through the login form, and waits
    /// until the form has let it through.
    pub(crate) async fn sign_in(&self, app: &TestApp, username: &str) {
        self.goto(&app.url("/login")).await;
        self.send_keys("input#username", username).await;
        self.send_keys("input#password", ADMIN_PASSWORD).await;
        self.click("main form button[type=submit]").await;
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.current_url().await.ends_with("/login") {
            assert!(Instant::now() < deadline, "{username} could not sign in");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types `text` into the element `css` selects (for a file input: a file's path).
    pub(crate) async fn send_keys(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        )
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Runs `js` in the page and returns its value.
    pub(crate) async fn script(&self, js: &str) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": js, "args": [] })),
        )
        .await
        .unwrap_or_else(|e| panic!("run {js}: {e}"))
    }

    /// Runs `js` (which calls `arguments[arguments.length - 1]` with its result) and
    /// waits for that result.
    pub(crate) async fn script_async(&self, js: &str) -> Result<Value, String> {
        self.cmd(
            reqwest::Method::POST,
            "/execute/async",
            Some(json!({ "script": js, "args": [] })),
        )
        .await
    }

    /// Presses and releases each key in turn, as a person at a keyboard (no clicks).
    pub(crate) async fn press(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for k in keys {
            actions.push(json!({ "type": "keyDown", "value": k }));
            actions.push(json!({ "type": "keyUp", "value": k }));
        }
        self.cmd(
            reqwest::Method::POST,
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        )
        .await
        .unwrap_or_else(|e| panic!("press {keys:?}: {e}"));
    }

    /// Types `text` with the keyboard into whatever has the focus.
    pub(crate) async fn type_text(&self, text: &str) {
        let chars: Vec<String> = text.chars().map(String::from).collect();
        let keys: Vec<&str> = chars.iter().map(String::as_str).collect();
        self.press(&keys).await;
    }

    /// Resizes the window (the viewport follows in headless Chromium).
    pub(crate) async fn set_size(&self, width: u32, height: u32) {
        self.cmd(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .await
        .unwrap_or_else(|e| panic!("resize to {width}x{height}: {e}"));
    }

    /// The visible part of the page as PNG bytes.
    pub(crate) async fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let v = self
            .cmd(reqwest::Method::GET, "/screenshot", None)
            .await
            .unwrap_or_else(|e| panic!("screenshot: {e}"));
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .expect("a base64 PNG")
    }

    /// The browser's cookies for this site, as a `Cookie` header.
    pub(crate) async fn cookie_header(&self) -> String {
        let v = self
            .cmd(reqwest::Method::GET, "/cookie", None)
            .await
            .unwrap_or_else(|e| panic!("cookies: {e}"));
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        format!(
                            "{}={}",
                            c["name"].as_str().unwrap_or_default(),
                            c["value"].as_str().unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default()
    }

    /// Forgets every cookie (a new visitor, signed out, Danish).
    pub(crate) async fn delete_cookies(&self) {
        self.cmd(reqwest::Method::DELETE, "/cookie", None)
            .await
            .unwrap_or_else(|e| panic!("delete cookies: {e}"));
    }
}

/// Clicks the label of the option with `value` for every question on the page, and
/// checks that the clicks selected those radio buttons. Returns how many were answered.
async fn answer_all(b: &Browser, value: &str) -> usize {
    let options = format!("main form input[type=radio][value=\"{value}\"]");
    let mut ids = Vec::new();
    for el in b.find_all(&options).await {
        ids.push(b.attr(&el, "id").await.expect("each option has an id"));
    }
    for id in &ids {
        // The ids hold a dot (`q.strategy_1-3`), so an attribute selector, not `#id`.
        b.click(&format!("label[for=\"{id}\"]")).await;
    }
    let checked = b.find_all(&format!("{options}:checked")).await.len();
    assert_eq!(
        checked,
        ids.len(),
        "clicking the labels selected every option {value}"
    );
    ids.len()
}

#[tokio::test]
async fn a_respondent_answers_the_questionnaire_in_chromium() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        if std::env::var_os("TRAPPE_REQUIRE_BROWSER").is_some() {
            panic!(
                "TRAPPE_REQUIRE_BROWSER is set but {CHROMEDRIVER} or {CHROMIUM} is missing: \
                 install the Debian packages `chromium` and `chromium-driver` \
                 (scripts/test.sh does)"
            );
        }
        eprintln!(
            "SKIPPED browser test: {CHROMEDRIVER} or {CHROMIUM} is missing \
             (apt-get install chromium chromium-driver; set TRAPPE_REQUIRE_BROWSER=1 to fail instead)"
        );
        return;
    }
    let started = Instant::now();

    // Dropped in reverse order: the session, then chromedriver, then the profile folder.
    let profile = tempfile::tempdir().expect("temp dir for the Chromium profile");
    let mut driver = ChromeDriver::start(profile.path());
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("HTTP client for chromedriver");
    driver.wait_ready(&http).await;

    let user_data = profile.path().join("chromium");
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                format!("--user-data-dir={}", user_data.display()),
                "--window-size=390,844",
                "--lang=da",
            ],
            // Danish pages either way: the app follows Accept-Language on a first visit.
            "prefs": { "intl.accept_languages": "da" },
        },
    });
    let b = Browser::connect(http, &driver.url(), capabilities).await;

    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    let path = app.link(round, org).await;

    // The intro: pick a role and start.
    b.goto(&app.url(&path)).await;
    let lang = b.find("html").await;
    assert_eq!(
        b.attr(&lang, "lang").await.as_deref(),
        Some("da"),
        "the browser gets the Danish pages"
    );
    b.click("label[for=\"role-employee\"]").await;
    assert!(
        b.is_selected("input[id=\"role-employee\"]").await,
        "the role is picked"
    );
    b.click("main form button[type=submit]").await;

    // Seven dimension pages: "3" for every question.
    for page in 1..=7 {
        b.wait_for_text("nav.progress p", &format!("Side {page} af 9"))
            .await;
        let answered = answer_all(&b, "3").await;
        assert!(answered > 0, "page {page} has questions");
        b.click("button[name=nav][value=next]").await;
    }

    // The barriers: "2" for each.
    b.wait_for_text("nav.progress p", "Side 8 af 9").await;
    let rated = answer_all(&b, "2").await;
    assert!(rated > 0, "the barrier page has barriers");
    let barrier_inputs = b.find_all("main form input[type=radio][value=\"2\"]").await;
    for el in &barrier_inputs {
        let name = b.attr(el, "name").await.unwrap_or_default();
        assert!(
            name.starts_with("b."),
            "page 8 holds barriers, found {name}"
        );
    }
    b.click("button[name=nav][value=next]").await;

    // The review, then submit.
    b.wait_for_text("nav.progress p", "Side 9 af 9").await;
    b.click("main form[action$=\"/submit\"] button[type=submit]")
        .await;
    b.wait_for_text("main h1", "Tak for din besvarelse").await;

    // Scored exactly: one response, 3.0 overall and in every dimension.
    let results = app
        .store
        .round_results(round, None)
        .await
        .expect("round results");
    assert_eq!(results.orgs.len(), 1, "one organisation in the round");
    let r = &results.orgs[0].result;
    assert_eq!(r.responses, 1, "one complete response");
    let overall = r.overall.as_ref().expect("an overall score");
    assert_eq!(overall.score, 3.0, "overall score");
    assert_eq!(overall.level, 3, "overall level");
    assert_eq!(r.dimensions.len(), 7, "seven dimensions");
    for d in &r.dimensions {
        let s = d
            .score
            .as_ref()
            .unwrap_or_else(|| panic!("a score for {}", d.id));
        assert_eq!(s.score, 3.0, "score of {}", d.id);
    }

    // The link is spent.
    b.goto(&app.url(&path)).await;
    b.wait_for_text("main h1", "Linket er allerede brugt").await;

    b.close().await;
    drop(driver);
    eprintln!("browser test took {:.1?}", started.elapsed());
}
