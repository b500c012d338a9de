//! Accessibility (issue 8) in real headless Chromium:
//!
//! - an axe-core audit (WCAG 2.1 A and AA, and axe's best practices) of every page a
//!   crawl finds from the start pages, as every role (nobody, organiser, contact,
//!   viewer, a respondent through a link, a citizen through a feedback link), in Danish
//!   and in English, at a phone's and a desktop's width, plus the pages only forms reach
//!   (sent empty, or filled in); it fails listing each violation;
//! - the questionnaire and the citizen's feedback form completed with the keyboard
//!   alone, checking that the focus is always visible and only ever moves forward;
//! - the forms' error summaries and the error pages over HTTP;
//! - with `TRAPPE_SCREENSHOTS=1`, screenshots of the main pages into docs/screenshots/.
//!
//! axe-core comes from the npm registry: `TRAPPE_AXE` names its `axe.min.js`
//! (scripts/test.sh installs it under target/axe/ and sets it). Without it the audit is
//! skipped, unless `TRAPPE_REQUIRE_BROWSER` is set: then it fails.

use crate::browser::{browser_or_skip, headless, key, Browser};
use crate::helpers::{demo_responses, post_form, spawn_app, TestApp, ADMIN_PASSWORD};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::time::Instant;
use trappe_core::journey::{Feedback, Scale};
use trappe_core::{Model, NewOrg};
use trappe_store::{ContactSource, ImportOptions, Moment, NewJourney};

/// The axe-core tags of WCAG 2.1 level A and AA, and axe's best practices (landmarks,
/// heading order, one main, unique landmark names and the like).
const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 900);
/// At most this many pages per role...
const MAX_PAGES: usize = 60;
/// ...and this many URLs of one pattern (the same path but for ids, the same query keys).
const MAX_PER_PATTERN: usize = 3;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// axe-core's script, from `TRAPPE_AXE` or where scripts/test.sh installs it. `None`
/// (skip) when it is missing, unless `TRAPPE_REQUIRE_BROWSER` is set: then it fails.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("TRAPPE_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/axe/node_modules/axe-core/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(e) if std::env::var_os("TRAPPE_REQUIRE_BROWSER").is_some() => panic!(
            "TRAPPE_REQUIRE_BROWSER is set but axe-core is missing at {} ({e}): \
             scripts/test.sh installs it (`npm install --no-save --prefix target/axe axe-core@4.14.1`) \
             or set TRAPPE_AXE to an axe.min.js",
            path.display()
        ),
        Err(e) => {
            eprintln!(
                "SKIPPED accessibility audit: no axe-core at {} ({e}); set TRAPPE_REQUIRE_BROWSER=1 to fail instead",
                path.display()
            );
            None
        }
    }
}

// ---- the installation under test: demo data for every kind of page ----

/// A month of contacts across channels (for the channel page).
const LOG: &str = "contact_id,org_id,timestamp,channel,service,citizen_key,case_key,duration_s,resolved,satisfaction,effort
1,K751,2025-01-10T10:00:00Z,phone,Pas,c1,s1,120,1,4,2
2,K751,2025-01-12T10:00:00Z,phone,Pas,c1,s1,60,1,2,5
3,K751,2025-01-15T10:00:00Z,selfservice,Pas,c2,s2,,,5,1
4,K751,2025-01-20T10:00:00Z,front_desk,Flytning,c3,s3,,,,
5,K751,2025-02-10T10:00:00Z,selfservice,Pas,c4,s4,,,4,2
6,K751,2025-02-11T10:00:00Z,selfservice,Flytning,c5,s5,,,,
7,K751,2025-02-12T10:00:00Z,phone,Boligstøtte,c6,s6,300,0,3,4
8,K751,2025-02-13T10:00:00Z,digital_post,Pas,,,,,,
9,K751,2025-02-14T10:00:00Z,web,Boligstøtte,c7,s7,,,5,1
";

struct World {
    app: TestApp,
    round: i64,
    org: i64,
    journey: i64,
    /// `/s/TOKEN`: a respondent's link.
    respondent: String,
    /// `/f/TOKEN`: a citizen's feedback link.
    citizen: String,
    /// `/invite/TOKEN`: an invitation to make an account.
    invitation: String,
    /// A contact log to upload in the browser.
    upload: PathBuf,
    /// A contact log with refused rows of two kinds (the grouped summary).
    bad_upload: PathBuf,
    /// An organisation file to import, and one that is refused.
    orgs_file: PathBuf,
    orgs_bad: PathBuf,
    /// A respondent list with a bad row, to upload in the browser.
    bad_list: PathBuf,
    /// A model file to preview (the built-in model as a new version), one to import
    /// (another version), and one with problems.
    model_file: PathBuf,
    model_import: PathBuf,
    model_bad: PathBuf,
}

/// Six organisations with six answers each in an open round (so every benchmark shows),
/// a contact and a viewer of the first, its contact log and a journey with feedback.
async fn world() -> World {
    world_with(trappe_web::Config::default()).await
}

/// [`world`] with the app's settings `config`.
async fn world_with(config: trappe_web::Config) -> World {
    let app = crate::helpers::spawn_app_with(config).await;
    app.create_admin().await;
    let model = Model::builtin();
    let mut orgs = Vec::new();
    let mut rows = Vec::new();
    let names = [
        ("Aarhus Kommune", "kommune"),
        ("Bornholms Regionskommune", "kommune"),
        ("Region Midtjylland", "region"),
        ("Vejle Kommune", "kommune"),
        ("Styrelsen for It og Læring", "stat"),
        ("Odense Kommune", "kommune"),
    ];
    for (i, (name, kind)) in names.iter().enumerate() {
        let tag = if i % 2 == 0 { "Jylland" } else { "Øerne" };
        let id = app
            .store
            .add_org(&NewOrg::parse(name, kind, None, &[tag.to_string()]).unwrap())
            .await
            .unwrap();
        orgs.push(id);
        rows.extend(demo_responses(&model, id, 2015 + i as u64, 6));
    }
    let round = app.round_with("Servicemodenhed 2026", 3, &rows).await;
    let org = orgs[0];
    let respondent = app.link(round, org).await;
    // One response submitted through a link, so the participation page draws its chart.
    let done = app.store.create_invitations(round, org, 1).await.unwrap();
    let inv = app.store.invitation(&done[0]).await.unwrap().unwrap();
    let response = app.store.start_response(inv.id).await.unwrap();
    app.store.submit_response(inv.id, response).await.unwrap();

    for (name, role) in [
        ("kontakt", "contact"),
        ("laeser", "viewer"),
        ("totp", "viewer"),
    ] {
        let id = app.create_user_as(name, role, Some(org)).await;
        if name == "totp" {
            // A second factor, so that signing in asks for its code.
            app.store
                .set_totp_pending(id, Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"))
                .await
                .unwrap();
            app.store.enable_totp(id, 0).await.unwrap();
        }
    }
    let invitation = "a11y-invitation-0123456789abcdef0123456789";
    app.store
        .create_account_invitation(invitation, "viewer", Some(org), "admin", 3600)
        .await
        .unwrap();
    let upload = app._dir.path().join("henvendelser.csv");
    std::fs::write(&upload, LOG).unwrap();
    let bad_upload = app._dir.path().join("afviste.csv");
    std::fs::write(
        &bad_upload,
        "contact_id,timestamp,channel\n1,2025-01-10T10:00:00Z,phone\n2,kl. 10,phone\n3,2025-01-10T10:00:00Z\n4,kl. 11,web\n",
    )
    .unwrap();
    let orgs_file = app._dir.path().join("organisationer.csv");
    std::fs::write(
        &orgs_file,
        "navn;type;cvr;grupper\nSkive Kommune;kommune;29189846;Jylland\nRegion Nordjylland;region;;Jylland|Nord\n",
    )
    .unwrap();
    let orgs_bad = app._dir.path().join("fejl.csv");
    std::fs::write(&orgs_bad, "navn;type;cvr\n;amt;123\n").unwrap();
    // an organisation of the demo's, so that the link to remove the demo shows
    let demo_org = app
        .store
        .add_org(&NewOrg::parse("Nordby Kommune (demo 0)", "kommune", None, &[]).unwrap())
        .await
        .unwrap();
    app.store.mark_demo(&[demo_org], &[]).await.unwrap();
    // A respondent list for the round (its pages show their tables), and a bad one.
    let list = trappe_core::respondents::parse_list(
        b"org,email,role\nAarhus Kommune,kim@aarhus.example.dk,leder\nVejle Kommune,bo@vejle.example.dk,\n",
    )
    .unwrap();
    app.store
        .import_respondents(round, &list, trappe_store::ListedBy::Organiser, None)
        .await
        .unwrap()
        .unwrap();
    let model_file = app._dir.path().join("model.toml");
    std::fs::write(
        &model_file,
        trappe_core::model::BUILTIN_MODEL_TOML.replacen(
            "\nversion = \"1.0.0\"\n",
            "\nversion = \"1.1.0\"\n",
            1,
        ),
    )
    .unwrap();
    let model_import = app._dir.path().join("ny-model.toml");
    std::fs::write(
        &model_import,
        trappe_core::model::BUILTIN_MODEL_TOML.replacen(
            "\nversion = \"1.0.0\"\n",
            "\nversion = \"1.2.0\"\n",
            1,
        ),
    )
    .unwrap();
    let model_bad = app._dir.path().join("fejl.toml");
    std::fs::write(
        &model_bad,
        trappe_core::model::BUILTIN_MODEL_TOML.replacen("weight = 1.0", "weight = -1.0", 2),
    )
    .unwrap();
    let bad_list = app._dir.path().join("liste.csv");
    std::fs::write(&bad_list, "org,email\nAarhus Kommune,ikke en adresse\n").unwrap();

    app.store
        .import_contacts(
            org,
            "henvendelser.csv",
            ContactSource::Bytes(LOG.as_bytes().to_vec()),
            None,
            ImportOptions::default(),
            &|_| {},
        )
        .await
        .expect("the contact log imports");

    let moments = [
        ("find", "Find information", "Finding information"),
        ("apply", "Ansøgning", "Application"),
        ("decision", "Afgørelse", "Decision"),
    ];
    let journey = app
        .store
        .create_journey(
            org,
            &NewJourney {
                name: "Boligstøtte".into(),
                service: "Boligstøtte".into(),
                scale: Scale::Bipolar7,
                retention_days: 730,
                moments: moments
                    .iter()
                    .map(|(id, da, en)| Moment {
                        id: id.to_string(),
                        name_da: da.to_string(),
                        name_en: en.to_string(),
                        channel: Some("web".into()),
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    let link = app
        .store
        .create_feedback_link(journey, "Brev")
        .await
        .unwrap();
    let feedback: Vec<Feedback> = (0..8u8)
        .map(|i| Feedback {
            moments: vec![
                Some(3 + i % 5),
                Some(1 + (i * 3) % 4),
                Some(2 + (i * 5) % 6),
            ],
            overall: Some(1 + (i * 2) % 7),
            ces: Some(1 + (i + 3) % 7),
            nps: Some((i * 3) % 11),
            comment: (i % 3 == 0).then(|| format!("Ventetiden var lang ({i})")),
        })
        .collect();
    app.store
        .import_feedback(journey, &feedback)
        .await
        .expect("feedback imports");
    // The mail page with a mail of each kind of row: queued, and one whose send was
    // cut off (listed with its resend button).
    let mail = |to: &str| trappe_store::NewMail {
        recipient: to.into(),
        subject: "Invitation til Trappe: Aarhus Kommune".into(),
        text: "Hej\n\nhttp://127.0.0.1/invite/0000\n".into(),
        html: "<p>Hej</p>".into(),
        kind: "account_invitation".into(),
        org_id: Some(org),
        round_id: None,
    };
    let mails = app
        .store
        .enqueue_mails(
            &[mail("kim@aarhus.example.dk"), mail("ole@aarhus.example.dk")],
            "test",
        )
        .await
        .unwrap();
    app.store
        .begin_mail_attempt(mails[1], "<a@b>", 0)
        .await
        .unwrap();
    app.store.mark_interrupted_mails().await.unwrap();
    World {
        app,
        round,
        org,
        journey,
        respondent,
        citizen: format!("/f/{}", link.token),
        invitation: format!("/invite/{invitation}"),
        upload,
        bad_upload,
        orgs_file,
        orgs_bad,
        bad_list,
        model_file,
        model_import,
        model_bad,
    }
}

// ---- the crawl and the audit ----

/// A visitor: who signs in (if anyone) and where the crawl starts (always audited).
struct Role {
    name: &'static str,
    login: Option<&'static str>,
    starts: Vec<String>,
}

fn roles(w: &World) -> Vec<Role> {
    let s = &w.respondent;
    let f = &w.citizen;
    let target = format!("/admin/rounds/{}/orgs/{}/target", w.round, w.org);
    vec![
        Role {
            name: "nobody",
            login: None,
            // The not-found page is a page too.
            starts: vec![
                "/".into(),
                "/login".into(),
                "/no-such-page".into(),
                w.invitation.clone(),
            ],
        },
        Role {
            name: "organiser",
            login: Some("admin"),
            starts: vec!["/".into(), "/admin".into()],
        },
        Role {
            name: "contact",
            login: Some("kontakt"),
            starts: vec!["/".into(), "/start".into(), target.clone()],
        },
        Role {
            name: "viewer",
            login: Some("laeser"),
            // The target read-only, with the target the contact's form visit set.
            starts: vec!["/".into(), "/start".into(), target],
        },
        Role {
            name: "respondent",
            login: None,
            // The questionnaire's pages share one pattern: the first, the barriers and
            // the review are named so that each kind is audited.
            starts: vec![
                s.clone(),
                format!("{s}/p/1"),
                // A page reached from the review's change link (its button back).
                format!("{s}/p/1?review=1"),
                format!("{s}/p/8"),
                format!("{s}/review"),
                "/thanks".into(),
            ],
        },
        Role {
            name: "citizen",
            login: None,
            starts: vec![f.clone(), format!("{f}/thanks")],
        },
    ]
}

/// The pattern of a path: ids and tokens replaced, the query's keys without values.
fn pattern(path: &str) -> String {
    let (p, q) = path.split_once('?').unwrap_or((path, ""));
    let segs: Vec<&str> = p
        .split('/')
        .map(|s| {
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                "{n}"
            } else if s.len() >= 12 && s.chars().all(|c| c.is_ascii_alphanumeric()) {
                "{token}"
            } else {
                s
            }
        })
        .collect();
    let mut keys: Vec<&str> = q
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| kv.split('=').next().unwrap_or(kv))
        .collect();
    keys.sort();
    format!("{}?{}", segs.join("/"), keys.join("&"))
}

/// Links never followed: signing out, the language switch (done on purpose below),
/// machine endpoints, and downloads by their URL (others by their headers, see `is_page`).
fn skipped(path: &str) -> bool {
    let p = path.split('?').next().unwrap_or(path);
    let last = p.rsplit('/').next().unwrap_or("");
    ["/logout", "/lang/", "/login/oidc", "/api/", "/static/"]
        .iter()
        .any(|s| p.starts_with(s))
        || ["/metrics", "/healthz", "/readyz"].contains(&p)
        || [
            ".csv", ".xlsx", ".json", ".pdf", ".png", ".svg", ".zip", ".txt",
        ]
        .iter()
        .any(|ext| last.ends_with(ext))
}

/// Each axe-core violation in a page: its rule, the first node's target and the rule's help.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] })
  .then(r => done(r.violations.map(v => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.length,
      target: v.nodes.length ? v.nodes[0].target.join(' ') : '',
      html: v.nodes.length ? v.nodes[0].html.slice(0, 200) : '' }))))
  .catch(e => done([{ id: 'axe-error', help: String(e), nodes: 0, target: '', html: '' }]));
"#;

/// axe-core's violations on the page open in `b` ("id at `target`" each), for tests of
/// pages the crawl does not reach (e.g. a round on OWASP SAMM); None when axe-core is
/// missing and the audit is skipped.
pub(crate) async fn axe_violations(b: &Browser) -> Option<Vec<String>> {
    let source = axe_source()?;
    if b.script("return typeof axe").await != json!("object") {
        b.script(&source).await;
    }
    let run = RUN_AXE.replace("TAGS", &json!(TAGS).to_string());
    let found = b
        .script_async(&run)
        .await
        .unwrap_or_else(|e| panic!("axe: {e}"));
    Some(
        found
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|v| format!("{} at `{}` ({})", v["id"], v["target"], v["help"]))
            .collect(),
    )
}

struct Audit<'a> {
    b: &'a Browser,
    app: &'a TestApp,
    axe: &'a str,
    http: reqwest::Client,
    /// "page as role, language, width: rule at target (help)"
    problems: BTreeSet<String>,
    runs: usize,
    /// The browser's cookies as a header, read once per role.
    cookies: Option<String>,
    /// Progress pages followed to the page they were for.
    followed: usize,
}

impl Audit<'_> {
    fn path_of(&self, url: &str) -> Option<String> {
        let rest = url.strip_prefix(&self.app.base_url)?;
        let rest = rest.split('#').next().unwrap_or(rest);
        Some(if rest.is_empty() {
            "/".into()
        } else {
            rest.into()
        })
    }

    /// Whether `path` answers an HTML page to this browser (not a file to download): a
    /// HEAD request with the browser's cookies. A link that fails is a problem.
    async fn is_page(&mut self, role: &str, from: &str, path: &str) -> bool {
        if self.cookies.is_none() {
            self.cookies = Some(self.b.cookie_header().await);
        }
        let res = self
            .http
            .head(self.app.url(path))
            .header("cookie", self.cookies.clone().unwrap_or_default())
            .send()
            .await
            .unwrap_or_else(|e| panic!("HEAD {path}: {e}"));
        let h = res.headers();
        let text = |name: &str| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_ascii_lowercase()
        };
        if res.status().as_u16() >= 400 {
            self.problems.insert(format!(
                "{from} as {role}: its link {path} answers {}",
                res.status()
            ));
            return false;
        }
        text("content-type").starts_with("text/html")
            && !text("content-disposition").contains("attachment")
    }

    /// Runs axe-core in the page that is open and notes each violation; also checks the
    /// page's language.
    async fn check(&mut self, role: &str, path: &str, lang: &str, width: u32) {
        let here = format!("{path} as {role}, {lang}, {width} px");
        if self.b.script("return typeof axe").await != json!("object") {
            self.b.script(self.axe).await;
        }
        let run = RUN_AXE.replace("TAGS", &json!(TAGS).to_string());
        let found = self
            .b
            .script_async(&run)
            .await
            .unwrap_or_else(|e| panic!("axe on {here}: {e}"));
        self.runs += 1;
        for v in found.as_array().cloned().unwrap_or_default() {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            self.problems.insert(format!(
                "{here}: {} at `{}` ({}; {} node(s); {})",
                s("id"),
                s("target"),
                s("help"),
                v["nodes"],
                s("html")
            ));
        }
        // The page says its language (a bilingual error page carries the other one inside).
        let langs = self
            .b
            .script(
                "return [document.documentElement.lang, \
                 Array.from(document.querySelectorAll('body [lang]')).map(e => e.lang)]",
            )
            .await;
        let page_lang = langs[0].as_str().unwrap_or_default();
        let inner: Vec<&str> = langs[1]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if page_lang != lang && !inner.contains(&lang) {
            self.problems.insert(format!(
                "{here}: <html lang=\"{page_lang}\"> on a page shown in {lang}"
            ));
        }
    }

    async fn visit(&mut self, role: &str, path: &str, lang: &str, width: u32) -> Option<String> {
        self.b.goto(&self.app.url(path)).await;
        let landed = self.b.current_url().await;
        let landed = self.path_of(&landed)?;
        self.check(role, &landed, lang, width).await;
        // A progress page (a round's analysis, an import) is audited, then followed to
        // what it shows when the work is done, which is audited too.
        if self.in_progress().await {
            self.follow_progress().await;
            self.followed += 1;
            self.check(role, &format!("{landed} (when ready)"), lang, width)
                .await;
        }
        Some(landed)
    }

    /// Whether the open page shows long work's progress (see static/progress.js).
    async fn in_progress(&self) -> bool {
        self.b
            .script("return !!document.getElementById('import-progress')")
            .await
            == json!(true)
    }

    /// Waits while progress.js keeps the open progress page up to date, until it shows
    /// the finished page.
    async fn follow_progress(&self) {
        let deadline = Instant::now() + std::time::Duration::from_secs(60);
        while self.in_progress().await {
            assert!(Instant::now() < deadline, "a progress page never finished");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        self.settle().await;
    }

    /// The same-origin links of the open page, as paths.
    async fn links(&self) -> Vec<String> {
        let v = self
            .b
            .script("return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
            .await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .filter_map(|u| self.path_of(u))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Breadth-first from the role's start pages, in Danish at desktop width, auditing
    /// each page; returns the pages found (where the browser landed).
    async fn crawl(&mut self, role: &Role) -> Vec<String> {
        self.cookies = None;
        let mut seen: HashSet<String> = role.starts.iter().cloned().collect();
        let mut per_pattern: HashMap<String, usize> = HashMap::new();
        for s in &role.starts {
            *per_pattern.entry(pattern(s)).or_default() += 1;
        }
        let mut queue: VecDeque<(String, String)> = role
            .starts
            .iter()
            .map(|s| (s.clone(), String::new()))
            .collect();
        let mut pages: Vec<String> = Vec::new();
        while let Some((path, from)) = queue.pop_front() {
            if pages.len() >= MAX_PAGES {
                break;
            }
            if !from.is_empty() && !self.is_page(role.name, &from, &path).await {
                continue;
            }
            let Some(landed) = self.visit(role.name, &path, "da", DESKTOP.0).await else {
                continue;
            };
            if pages.contains(&landed) {
                continue;
            }
            pages.push(landed.clone());
            for link in self.links().await {
                if skipped(&link) || !seen.insert(link.clone()) {
                    continue;
                }
                let n = per_pattern.entry(pattern(&link)).or_default();
                if *n >= MAX_PER_PATTERN {
                    continue;
                }
                *n += 1;
                queue.push_back((link, landed.clone()));
            }
        }
        pages
    }

    async fn login(&self, username: &str) {
        self.b.sign_in(self.app, username).await;
    }

    async fn switch_language(&self, lang: &str) {
        self.b
            .goto(&self.app.url(&format!("/lang/{lang}?next=/")))
            .await;
    }

    /// Waits for the page a click opened to load.
    async fn settle(&self) {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        while self.b.script("return document.readyState").await != json!("complete") {
            assert!(Instant::now() < deadline, "a page did not finish loading");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// The pages no link reaches: forms sent empty (their errors) or filled in (the
    /// page that follows), as `form_visits` lists them for the role.
    async fn form_states(&mut self, role: &Role, w: &World, lang: &str, width: u32) {
        for visit in form_visits(role.name, w) {
            for step in visit {
                match step {
                    Step::Unless(css) => {
                        if !self.b.find_all(css).await.is_empty() {
                            break;
                        }
                    }
                    Step::Go(path) => {
                        self.b.goto(&self.app.url(&path)).await;
                        if self.in_progress().await {
                            self.follow_progress().await;
                        }
                        // Sent as typed: the browser's own checks (`required`) are off,
                        // as in a browser without them.
                        self.b
                            .script("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
                            .await;
                    }
                    Step::Type(css, text) => self.b.send_keys(css, &text).await,
                    Step::Click(css) => {
                        self.b.click(css).await;
                        self.settle().await;
                    }
                    Step::Audit(what) => {
                        let landed = self.b.current_url().await;
                        let landed = self.path_of(&landed).unwrap_or_default();
                        self.check(role.name, &format!("{landed} ({what})"), lang, width)
                            .await;
                    }
                }
            }
        }
    }
}

/// A step of a visit to a form.
enum Step {
    Go(String),
    /// The rest of the visit only when the page has no `css` (a state made once).
    Unless(&'static str),
    Type(&'static str, String),
    Click(&'static str),
    Audit(&'static str),
}

/// Each role's forms: what to do, and which pages that shows to audit.
fn form_visits(role: &str, w: &World) -> Vec<Vec<Step>> {
    use Step::{Audit, Click, Go, Type, Unless};
    let submit = "main form button[type=submit]";
    match role {
        "nobody" => vec![
            vec![Go("/login".into()), Click(submit), Audit("sent empty")],
            vec![Go(w.invitation.clone()), Click(submit), Audit("sent empty")],
            vec![
                Go("/login".into()),
                Type("input#username", "totp".into()),
                Type("input#password", ADMIN_PASSWORD.into()),
                Click(submit),
                Audit("second factor"),
                Click(submit),
                Audit("second factor sent empty"),
            ],
        ],
        "organiser" => vec![
            vec![
                Go("/admin".into()),
                Click("form[action=\"/admin/orgs\"] button[type=submit]"),
                Audit("organisation sent empty"),
            ],
            vec![
                Go("/admin".into()),
                Click("form[action=\"/admin/rounds\"] button[type=submit]"),
                Audit("round sent empty"),
            ],
            vec![
                Go(format!("/admin/rounds/{}", w.round)),
                Click("form[action$=\"/invitations\"] button[type=submit]"),
                Audit("links made"),
            ],
            vec![
                Go(format!("/admin/rounds/{}", w.round)),
                Click("form.stair-filter button[type=submit]"),
                Audit("staircase filtered"),
            ],
            vec![
                Go("/admin/users".into()),
                Click("form[action=\"/admin/users/invitations\"] button[type=submit]"),
                Audit("invitation made"),
            ],
            vec![
                Go("/account/security".into()),
                // Set up in an earlier language or width: the crawl shows it since.
                Unless("form[action=\"/account/totp/confirm\"]"),
                Click("form[action=\"/account/totp/start\"] button[type=submit]"),
                Audit("second factor set-up"),
            ],
            vec![
                Go(format!("/admin/orgs/{}/journeys", w.org)),
                Click("main form[action$=\"/journeys\"] button[type=submit]"),
                Audit("sent empty"),
            ],
            vec![
                Go(format!("/admin/rounds/{}/respondents", w.round)),
                Type("input#list-file", w.bad_list.display().to_string()),
                Click("form[enctype] button[type=submit]"),
                Audit("respondent list refused"),
            ],
            vec![
                Go(format!("/admin/rounds/{}/respondents", w.round)),
                Type("#invitation-body", " {navn}".into()),
                Click("form[action$=\"/texts\"] button[type=submit]"),
                Audit("mail text refused"),
            ],
            vec![
                Go(format!("/admin/orgs/{}/channels", w.org)),
                Type("input#upload-file", w.upload.display().to_string()),
                Click("#upload-form button[type=submit]"),
                Audit("upload, mapping"),
                Click("#import-button"),
                Audit("upload, import"),
            ],
            vec![
                Go(format!("/admin/orgs/{}/channels", w.org)),
                Type("input#upload-file", w.bad_upload.display().to_string()),
                Click("#upload-form button[type=submit]"),
                Click("#import-button"),
                // (a small file: its import is over by the time the page shows)
                Audit("upload refused, its rows grouped"),
            ],
            vec![
                Go("/admin".into()),
                Type("input#org-import-file", w.orgs_file.display().to_string()),
                Click("#org-import-form button[type=submit]"),
                Audit("organisations imported"),
            ],
            vec![
                Go("/admin".into()),
                Type("input#org-import-file", w.orgs_bad.display().to_string()),
                Click("#org-import-form button[type=submit]"),
                Audit("organisations refused"),
            ],
            vec![
                Go("/admin/models".into()),
                Type("input#model-file", w.model_bad.display().to_string()),
                Click("#model-upload-form button[type=submit]"),
                Audit("model refused"),
            ],
            vec![
                Go("/admin/models".into()),
                Type("input#model-file", w.model_file.display().to_string()),
                Click("#model-upload-form button[type=submit]"),
                Audit("model preview"),
            ],
            vec![
                Go("/admin/models".into()),
                // Imported once (in the first language and width), refused as stored after.
                Unless("tr[data-model=\"servicemodenhed@1.2.0\"]"),
                Type("input#model-file", w.model_import.display().to_string()),
                Click("#model-upload-form button[type=submit]"),
                Click("#model-import-button"),
                Audit("model imported"),
            ],
            vec![
                Go("/admin/models".into()),
                Type("input#model-file", w.model_import.display().to_string()),
                Click("#model-upload-form button[type=submit]"),
                Audit("model refused as stored"),
            ],
            vec![
                Go(format!("/admin/orgs/{}", w.org)),
                Type("input#org-cvr", "123".into()),
                Click("main form[action^=\"/admin/orgs/\"] button[type=submit]"),
                Audit("organisation sent wrong"),
            ],
        ],
        "respondent" => vec![
            vec![
                Go(format!("{}/p/1", w.respondent)),
                Click("button[name=nav][value=next]"),
                Audit("sent empty"),
            ],
            // The barriers' numbered scale with its ends and the error beside it.
            vec![
                Go(format!("{}/p/8", w.respondent)),
                Click("button[name=nav][value=next]"),
                Audit("barriers sent empty"),
            ],
            // The review with an answer ("ved ikke") among the unanswered.
            vec![
                Go(format!("{}/p/1", w.respondent)),
                Click("main form input[value=\"dk\"]"),
                Click("button[name=nav][value=next]"),
                Go(format!("{}/review", w.respondent)),
                Audit("review with answers"),
            ],
        ],
        "contact" => vec![vec![
            Go(format!("/admin/rounds/{}/orgs/{}/target", w.round, w.org)),
            Click("#target-form input[value=\"5\"]"),
            Click("#target-form button[type=submit]"),
            Audit("target saved"),
        ]],
        "citizen" => vec![vec![
            Go(w.citizen.clone()),
            Click("form.feedback button[type=submit]"),
            Audit("sent empty"),
        ]],
        _ => vec![],
    }
}

#[tokio::test]
async fn every_page_passes_axe_as_every_role_in_both_languages_at_both_widths() {
    if !browser_or_skip("accessibility audit") {
        return;
    }
    let Some(axe) = axe_source() else { return };
    if crate::helpers::on_postgres() {
        // The same pages from the same templates: the SQLite run audits them, and the
        // suite's second run is spared another two minutes.
        eprintln!("accessibility audit: run on SQLite only, not with TRAPPE_TEST_PG");
        return;
    }
    let started = Instant::now();
    let h = headless(DESKTOP.0, DESKTOP.1).await;
    // Every round page shows the progress of its analysis first (as a large round's
    // does), so that the crawl audits that page and follows it.
    let w = world_with(trappe_web::Config {
        analysis_progress_from: Some(1),
        ..Default::default()
    })
    .await;
    // axe-core in every page the browser opens, sent once (Chrome DevTools through
    // chromedriver); `check` injects it itself should this fail.
    let _ =
        h.b.cmd(
            reqwest::Method::POST,
            "/goog/cdp/execute",
            Some(json!({
                "cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": { "source": axe },
            })),
        )
        .await;
    let mut audit = Audit {
        b: &h.b,
        app: &w.app,
        axe: &axe,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .unwrap(),
        problems: BTreeSet::new(),
        runs: 0,
        cookies: None,
        followed: 0,
    };
    let mut counts = Vec::new();
    for role in roles(&w) {
        h.b.delete_cookies().await;
        h.b.set_size(DESKTOP.0, DESKTOP.1).await;
        if let Some(user) = role.login {
            audit.login(user).await;
        }
        let pages = audit.crawl(&role).await;
        audit.form_states(&role, &w, "da", DESKTOP.0).await;
        for (lang, (width, height)) in [("da", PHONE), ("en", PHONE), ("en", DESKTOP)] {
            if lang == "en" && width == PHONE.0 {
                audit.switch_language("en").await;
            }
            h.b.set_size(width, height).await;
            for p in &pages {
                audit.visit(role.name, p, lang, width).await;
            }
            audit.form_states(&role, &w, lang, width).await;
        }
        eprintln!("{}: {}", role.name, pages.join(" "));
        counts.push(format!("{} {}", role.name, pages.len()));
    }
    assert!(
        audit.followed > 0,
        "the crawl met no progress page of a round's analysis"
    );
    let (problems, runs, followed) = (
        std::mem::take(&mut audit.problems),
        audit.runs,
        audit.followed,
    );
    drop(audit);
    h.close().await;
    eprintln!(
        "accessibility audit: pages per role: {}; {runs} axe runs in {:.1?}; {followed} progress pages followed",
        counts.join(", "),
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} accessibility problem(s):\n{}",
        problems.len(),
        problems.into_iter().collect::<Vec<_>>().join("\n")
    );
}

// ---- screenshots for the README ----

/// With `TRAPPE_SCREENSHOTS=1`: the main pages as PNG files in docs/screenshots/ (for the
/// README), so that a normal test run does not touch the tree.
#[tokio::test]
async fn screenshots_of_the_main_pages() {
    if std::env::var_os("TRAPPE_SCREENSHOTS").is_none() || !browser_or_skip("screenshots") {
        return;
    }
    let dir = workspace().join("docs/screenshots");
    std::fs::create_dir_all(&dir).expect("docs/screenshots");
    let h = headless(1280, 1100).await;
    let b = &h.b;
    let w = world().await;
    let shoot = |name: &'static str| {
        let path = dir.join(name);
        async move {
            std::fs::write(&path, b.screenshot().await)
                .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        }
    };
    // The start page is short: a short window.
    b.set_size(1280, 620).await;
    b.goto(&w.app.url("/")).await;
    shoot("start.png").await;
    b.set_size(PHONE.0, PHONE.1).await;
    b.goto(&w.app.url(&w.respondent)).await;
    b.click("label[for=\"role-employee\"]").await;
    b.click("main form button[type=submit]").await;
    b.wait_for_text("nav.progress p", "Side 1 af 9").await;
    shoot("questionnaire-phone.png").await;
    b.goto(&w.app.url(&w.citizen)).await;
    shoot("feedback-phone.png").await;
    b.set_size(1280, 1100).await;
    b.sign_in(&w.app, "admin").await;
    let (r, o) = (w.round, w.org);
    // Each page from the top, or from the part worth showing.
    for (path, from, name) in [
        (format!("/admin/rounds/{r}"), "", "cohort.png"),
        (
            format!("/admin/rounds/{r}/orgs/{o}/report"),
            "",
            "report.png",
        ),
        (format!("/admin/orgs/{o}/channels"), "", "channels.png"),
        (
            format!("/admin/orgs/{o}/journeys/{}", w.journey),
            "#jm-h-results",
            "journey.png",
        ),
    ] {
        b.goto(&w.app.url(&path)).await;
        if !from.is_empty() {
            b.script(&format!(
                "document.querySelector('{from}').scrollIntoView()"
            ))
            .await;
        }
        shoot(name).await;
    }
    h.close().await;
}

// ---- by keyboard alone ----

/// Where the focus is, whether it shows, and whether the last Tab moved it forward in
/// the document (never back, never nowhere).
const FOCUS: &str = r#"
const el = document.activeElement;
const prev = window.__trappeFocus || null;
window.__trappeFocus = el;
if (!el || el === document.body) return null;
const s = getComputedStyle(el);
const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
return {
  tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
  value: el.value || '', id: el.id || '', checked: !!el.checked,
  action: el.form ? el.form.getAttribute('action') || '' : '',
  visible: outline || shadow,
  forward: !prev || prev === document.body ||
    (prev !== el && !!(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)),
  text: (el.textContent || el.value || '').trim().slice(0, 60)
};
"#;

#[derive(Debug)]
struct Focus {
    tag: String,
    kind: String,
    name: String,
    value: String,
    checked: bool,
    action: String,
    visible: bool,
    forward: bool,
}

async fn focus(b: &Browser, at: &str) -> Focus {
    let v = b.script(FOCUS).await;
    assert!(!v.is_null(), "{at}: nothing has the focus after Tab");
    let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    let f = Focus {
        tag: s("tag"),
        kind: s("type"),
        name: s("name"),
        value: s("value"),
        checked: v["checked"] == json!(true),
        action: s("action"),
        visible: v["visible"] == json!(true),
        forward: v["forward"] == json!(true),
    };
    assert!(
        f.visible,
        "{at}: the focused element shows no focus indicator: {f:?}"
    );
    f
}

/// Tabs through the page: each radio group it meets is answered (Space picks the first
/// option, then `pick(name)` presses of the down arrow move the choice), text fields
/// get `text(name)`, until the focus reaches the button `done` recognises, which
/// Enter presses. Returns the value chosen per group.
async fn by_keyboard(
    b: &Browser,
    at: &str,
    pick: &dyn Fn(&str) -> usize,
    text: &dyn Fn(&str) -> Option<String>,
    done: &dyn Fn(&Focus) -> bool,
) -> HashMap<String, String> {
    let mut chosen: HashMap<String, String> = HashMap::new();
    let mut typed: HashSet<String> = HashSet::new();
    for _ in 0..400 {
        b.press(&[key::TAB]).await;
        let f = focus(b, at).await;
        assert!(f.forward, "{at}: Tab moved the focus backwards to {f:?}");
        if f.kind == "radio" && !chosen.contains_key(&f.name) {
            if !f.checked {
                b.press(&[key::SPACE]).await;
            }
            for _ in 0..pick(&f.name) {
                b.press(&[key::DOWN]).await;
            }
            let g = focus(b, at).await;
            assert!(
                g.checked && g.name == f.name,
                "{at}: the keys chose no option of {}: {g:?}",
                f.name
            );
            chosen.insert(g.name, g.value);
        } else if f.tag == "textarea" && !typed.contains(&f.name) {
            if let Some(t) = text(&f.name) {
                b.type_text(&t).await;
            }
            typed.insert(f.name);
        } else if done(&f) {
            b.press(&[key::ENTER]).await;
            return chosen;
        }
    }
    panic!("{at}: 400 presses of Tab never reached the button");
}

#[tokio::test]
async fn the_questionnaire_and_the_feedback_form_work_by_keyboard_alone() {
    if !browser_or_skip("keyboard test") {
        return;
    }
    let h = headless(DESKTOP.0, DESKTOP.1).await;
    let b = &h.b;
    let w = world().await;
    let s = w.respondent.clone();
    let model = Model::builtin();
    let complete_before = w
        .app
        .store
        .participants_of(w.round, Some(w.org))
        .await
        .unwrap()[0]
        .complete;

    // The questionnaire: the role, seven dimensions, the barriers, the review, submit.
    b.goto(&w.app.url(&s)).await;
    let intro = s.clone();
    by_keyboard(b, "intro", &|_| 1, &|_| None, &|f| {
        f.tag == "button" && f.action == intro
    })
    .await;
    let pages = model.dimensions.len() + 1;
    for page in 1..=pages {
        let at = format!("page {page}");
        b.wait_for_text("nav.progress p", &format!("Side {page} af {}", pages + 1))
            .await;
        let chosen = by_keyboard(
            b,
            &at,
            // Levels 1 to 5 by turns (the barriers' scale has five steps too).
            &|name| name.len() % 5,
            &|name| (name == "own").then(|| "Tid".to_string()),
            &|f| f.name == "nav" && f.value == "next",
        )
        .await;
        let expected = if page <= model.dimensions.len() {
            model.dimensions[page - 1].questions.len()
        } else {
            model.barriers.items.len()
        };
        assert_eq!(chosen.len(), expected, "{at}: every question answered");
    }
    b.wait_for_text("main h1", "Gennemse").await;
    let missing = b
        .script("return document.querySelectorAll('main dd.unanswered').length")
        .await;
    assert_eq!(missing, json!(0), "the review marks nothing unanswered");
    by_keyboard(b, "review", &|_| 0, &|_| None, &|f| {
        f.tag == "button" && f.action.ends_with("/submit")
    })
    .await;
    b.wait_for_text("main h1", "Tak for din besvarelse").await;
    // Stored complete (the results show it with the next batch of three).
    let own = w
        .app
        .store
        .participants_of(w.round, Some(w.org))
        .await
        .unwrap();
    assert_eq!(
        own[0].complete,
        complete_before + 1,
        "one more, by keyboard"
    );

    // The citizen's feedback form: each moment, the whole, CES, NPS, a comment, send.
    b.goto(&w.app.url(&w.citizen)).await;
    b.wait_for_text("main h1", "Boligstøtte").await;
    let chosen = by_keyboard(
        b,
        "feedback form",
        &|name| match name {
            "nps" => 8,
            _ => name.len() % 7,
        },
        &|_| Some("Let at finde".to_string()),
        &|f| f.tag == "button" && f.action == w.citizen,
    )
    .await;
    b.wait_for_text("main h1", "Tak for din feedback").await;
    let journey = w.app.store.journey(w.journey).await.unwrap().unwrap();
    let stored = w
        .app
        .store
        .journey_feedback(&journey, None, None)
        .await
        .unwrap();
    let last = stored.last().expect("the answer is stored");
    let num = |name: &str| chosen.get(name).and_then(|v| v.parse::<u8>().ok());
    let want = Feedback {
        moments: ["find", "apply", "decision"]
            .iter()
            .map(|m| num(&format!("m.{m}")))
            .collect(),
        overall: num("overall"),
        ces: num("ces"),
        nps: num("nps"),
        comment: Some("Let at finde".into()),
    };
    assert_eq!(stored.len(), 9, "eight imported and one by keyboard");
    assert_eq!(last.feedback, want, "the keys chose {chosen:?}");
    h.close().await;
}

// ---- forms and error pages over HTTP ----

#[tokio::test]
async fn a_page_sent_with_questions_unanswered_says_which_at_the_top_and_beside_each() {
    use crate::helpers::raw_client;
    let app = spawn_app().await;
    let model = Model::builtin();
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    let link = app.link(round, org).await;
    let c = raw_client();
    let (first, rest) = model.dimensions[0].questions.split_first().unwrap();
    let mut form: Vec<(String, String)> = rest
        .iter()
        .map(|q| (format!("q.{}", q.id), "3".to_string()))
        .collect();
    form.push(("nav".into(), "next".into()));
    let res = post_form(&c, app.url(&format!("{link}/p/1")), &form).await;
    assert_eq!(res.status(), 200, "the page again, not the next one");
    let html = res.text().await.unwrap();
    let q = format!("q.{}", first.id);
    assert!(html.contains("<title>Fejl: "), "the title says so");
    assert!(html.contains("Der mangler svar på 1 spørgsmål"), "{html}");
    assert!(html.contains("Vælg et svar for hvert spørgsmål, eller »Ved ikke«."));
    assert!(
        html.contains(&format!("<li><a href=\"#{q}-1\">")),
        "the summary links to the question's first option"
    );
    assert!(html.contains(&format!("id=\"{q}-1\"")), "which is there");
    assert!(
        html.contains(&format!("aria-describedby=\"{q}-error\"><legend>"))
            || html.contains(&format!("aria-describedby=\"{q}-error\">\n  <legend>"))
    );
    assert!(html.contains(&format!(
        "<p class=\"field-error\" id=\"{q}-error\">Vælg et svar, eller »Ved ikke«.</p>"
    )));
    assert_eq!(
        html.matches("class=\"field-error\"").count(),
        1,
        "only the unanswered question"
    );
    // The answers given are saved all the same.
    let inv = app
        .store
        .invitation(link.trim_start_matches("/s/"))
        .await
        .unwrap()
        .unwrap();
    let draft = app.store.draft(inv.response_id.unwrap()).await.unwrap();
    assert_eq!(draft.answers.len(), rest.len());
    // "Don't know" is an answer: onwards.
    let res = post_form(
        &c,
        app.url(&format!("{link}/p/1")),
        &[(q.as_str(), "dk"), ("nav", "next")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("{link}/p/2"));
    // Going back asks for nothing.
    let res = post_form(&c, app.url(&format!("{link}/p/2")), &[("nav", "back")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("{link}/p/1"));
}

#[tokio::test]
async fn organiser_forms_put_each_error_beside_its_field_and_in_a_linked_summary() {
    let app = spawn_app().await;
    let (c, csrf) = app.admin_client().await;
    let res = post_form(
        &c,
        app.url("/admin/orgs"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Vejle Kommune"),
            ("kind", "kommune"),
            ("cvr", "55133019"),
            ("tags", "Region Syd"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Der er 1 fejl i formularen"), "{html}");
    assert!(html.contains(
        "<li><a href=\"#org-cvr\">CVR-nummeret 55133019 består ikke modulus-11-kontrollen"
    ));
    assert!(html.contains("<p class=\"field-error\" id=\"org-cvr-error\">"));
    assert!(html.contains(
        "id=\"org-cvr\" name=\"cvr\" inputmode=\"numeric\" autocomplete=\"off\" value=\"55133019\" \
         aria-describedby=\"org-cvr-hint org-cvr-error\" aria-invalid=\"true\""
    ));
    assert!(
        html.contains("value=\"Vejle Kommune\""),
        "what was typed stays"
    );
    assert!(html.contains("value=\"Region Syd\""));
    assert!(app.store.orgs().await.unwrap().is_empty());

    // Three problems at once, each named; a number that is not one is one of them.
    let res = post_form(
        &c,
        app.url("/admin/rounds"),
        &[
            ("csrf", csrf.as_str()),
            ("name", " "),
            ("model", "servicemodenhed@1.0.0"),
            ("min_responses", "tre"),
            ("min_orgs", "5"),
            ("retention_days", "99999"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Der er 3 fejl i formularen"), "{html}");
    for (field, text) in [
        ("round-name", "Skriv et navn på målingen."),
        ("round-min", "Skriv et helt tal fra 1 til 100."),
        ("round-retention", "Skriv et helt tal fra 0 til 36500."),
    ] {
        assert!(
            html.contains(&format!("<li><a href=\"#{field}\">{text}</a></li>")),
            "{field} in the summary"
        );
        assert!(
            html.contains(&format!(
                "<p class=\"field-error\" id=\"{field}-error\">{text}</p>"
            )),
            "{field} beside its field"
        );
    }
    assert!(html.contains("value=\"tre\""), "what was typed stays");
    assert!(app.store.rounds().await.unwrap().is_empty());
}

#[tokio::test]
async fn every_error_is_a_page_in_the_visitors_language_never_a_bare_status() {
    let app = spawn_app().await;
    let (c, _) = app.admin_client().await;
    // The router's own refusal of a path it cannot read.
    let res = c.get(app.url("/admin/rounds/abc")).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"da\">"), "{html}");
    assert!(html.contains("<h1>Det kunne ikke lade sig gøre</h1>"));
    assert!(html.contains("Gå tilbage, ret det, og prøv igen."));
    assert!(html.contains("href=\"/accessibility\""), "the footer");
    // In English once the visitor chose English.
    c.get(app.url("/lang/en?next=/")).send().await.unwrap();
    let res = c.get(app.url("/no-such-page")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("<h1>Page not found</h1>"));
    let res = c.get(app.url("/admin/rounds/99")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("<h1>Page not found</h1>"));
    // The JSON API keeps its own answers.
    let res = c.get(app.url("/api/v1/rounds")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(!res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

// ---- staff pages on a phone and the cohort view on a laptop (issue 15, item 8) ----

/// How far a page reaches beyond the window, in CSS pixels (0: no sideways scrolling).
const OVERFLOW: &str = "return document.documentElement.scrollWidth - window.innerWidth;";

/// The report, the cohort view and the participation page at 390 px: the page itself
/// never scrolls sideways (a wide table scrolls inside its own container). The cohort
/// view at 1,280 px: the page fits, every column is reached by scrolling the table's own
/// container, and the organisation column stays in view while it does.
#[tokio::test]
async fn staff_pages_fit_a_phone_and_the_cohort_view_a_laptop() {
    if !browser_or_skip("staff pages at 390 px") {
        return;
    }
    let h = headless(PHONE.0, PHONE.1).await;
    let b = &h.b;
    let w = world().await;
    b.sign_in(&w.app, "admin").await;
    // A headless window is at least 500 px wide: the phone's 390 px is emulated.
    let metrics = |width: u32, height: u32, mobile: bool| {
        json!({
            "cmd": "Emulation.setDeviceMetricsOverride",
            "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile },
        })
    };
    b.cmd(
        reqwest::Method::POST,
        "/goog/cdp/execute",
        Some(metrics(PHONE.0, PHONE.1, false)),
    )
    .await
    .expect("emulate a phone");
    let (r, o) = (w.round, w.org);
    for path in [
        format!("/admin/rounds/{r}/orgs/{o}/report"),
        format!("/admin/rounds/{r}"),
        format!("/admin/rounds/{r}/participation"),
    ] {
        b.goto(&w.app.url(&path)).await;
        let over = b.script(OVERFLOW).await.as_f64().unwrap();
        let width = b
            .script("return window.innerWidth;")
            .await
            .as_f64()
            .unwrap();
        assert_eq!(width, 390.0, "the window is a phone's");
        if over > 0.0 {
            let wide = b
                .script(
                    "return [...document.querySelectorAll('body *')]\
                     .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)\
                     .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)\
                     .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ':' + Math.round(e.getBoundingClientRect().right)).join(', ');",
                )
                .await;
            panic!("{path} scrolls sideways by {over} px at 390 px: {wide}");
        }
    }

    b.cmd(
        reqwest::Method::POST,
        "/goog/cdp/execute",
        Some(metrics(DESKTOP.0, DESKTOP.1, false)),
    )
    .await
    .expect("a laptop's screen");
    b.goto(&w.app.url(&format!("/admin/rounds/{r}"))).await;
    assert_eq!(
        b.script("return window.innerWidth;").await.as_f64(),
        Some(DESKTOP.0 as f64)
    );
    assert_eq!(b.script(OVERFLOW).await.as_f64().unwrap(), 0.0);
    let fit = b
        .script(
            "const box = document.querySelector('.cohort-scroll');\
             const table = box.querySelector('table');\
             const cols = table.querySelectorAll('thead th').length;\
             box.scrollLeft = box.scrollWidth;\
             const first = table.querySelector('tbody th[scope=row]').getBoundingClientRect();\
             const last = table.querySelector('thead th:last-child').getBoundingClientRect();\
             const b = box.getBoundingClientRect();\
             return { cols, firstLeft: first.left - b.left, lastRight: last.right - b.right,\
                      boxRight: b.right, win: window.innerWidth };",
        )
        .await;
    assert!(fit["cols"].as_f64().unwrap() >= 5.0, "{fit}");
    // Scrolled to the end, the last column is in the container and the organisation
    // column still at its left edge.
    assert!(fit["lastRight"].as_f64().unwrap() <= 1.0, "{fit}");
    assert!(fit["firstLeft"].as_f64().unwrap().abs() <= 1.0, "{fit}");
    assert!(
        fit["boxRight"].as_f64().unwrap() <= fit["win"].as_f64().unwrap(),
        "{fit}"
    );
    h.close().await;
}
