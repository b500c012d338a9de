//! Start the real app on a random port with a fresh database, and drive it.

use std::path::PathBuf;
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
    #[allow(dead_code)] // for tests that reopen the file
    pub db_path: PathBuf,
    /// Kept so the database folder lives as long as the app.
    pub _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("trappe.db");
    let store = Store::open(db_path.to_str().unwrap())
        .await
        .expect("open store");
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
            base_url: base_url.clone(),
            org_name: ORG_NAME.into(),
            contact_email: CONTACT_EMAIL.into(),
        },
    );
    tokio::spawn(async move {
        let _ = trappe_web::serve(listener, state).await;
    });
    TestApp {
        base_url,
        store,
        db_path,
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
        let c = client();
        let res = c
            .post(self.url("/login"))
            .form(&[
                ("username", "admin"),
                ("password", ADMIN_PASSWORD),
                ("next", "/admin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        let csrf = csrf_of(&html);
        (c, csrf)
    }

    pub async fn add_org(&self, name: &str) -> i64 {
        self.store
            .add_org(&NewOrg::parse(name, "kommune", None, &[]).unwrap())
            .await
            .unwrap()
    }

    /// An open round on the built-in model.
    pub async fn open_round(&self, min_responses: i64) -> i64 {
        let m = Model::builtin();
        let id = self
            .store
            .create_round("Test round", &m.id, &m.version, min_responses, 5)
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

/// Every question of `model` answered on `level`.
pub fn uniform(model: &Model, level: u8) -> Answers {
    model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .map(|q| (q.id.clone(), Answer::Level(level)))
        .collect()
}
