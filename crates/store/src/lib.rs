//! Trappe's storage: the operations the app needs, grouped by domain concept.
//!
//! SQLite is the embedded default (WAL, foreign keys on). The SQL is written to run on
//! PostgreSQL too (`$n` placeholders, RETURNING, ON CONFLICT) so a second backend can
//! follow without touching the domain.

mod accounts;
mod api_tokens;
mod audit;
pub mod backup;
mod channel_settings;
mod contact_uploads;
mod contacts;
mod demo;
mod health;
mod journeys;
mod mail;
mod models;
mod organisations;
mod participation;
mod privacy;
mod reliability;
mod respondents;
mod responses;
mod results;
mod rounds;
mod sso;
mod targets;
pub mod testing;

pub use accounts::{
    AccountInvitation, AccountRefusal, PendingLogin, SessionInfo, SessionUser, User, UserLine,
    ROLES,
};
pub use api_tokens::ApiToken;
pub use audit::{
    login_wait_ms, AuditEntry, AUDIT_DETAIL_CHARS, AUDIT_PAGE_SIZE, AUDIT_SUBJECT_CHARS,
    LOGIN_FREE_FAILURES, LOGIN_MAX_WAIT_MS, THROTTLE_WINDOW_SECS,
};
pub use contact_uploads::{ImportMessage, ImportState, StoredUpload, UPLOAD_KEEP_SECS};
pub use contacts::{
    ContactImport, ContactSource, ContactsExport, FileRefusal, ImportOptions, ImportReport,
    ImportStatus, KeepRefused, RefusedRowsWriter, RejectedRow, RowErrorView,
    DEFAULT_CONTACT_RETENTION_DAYS, MAX_ERRORS,
};
pub use demo::{DemoData, DemoRemoved};
pub use health::DbHealth;
pub use journeys::{
    day_of, feedback_link_key, ExportedFeedback, ExportedLink, FeedbackLink, FeedbackVisit,
    Journey, JourneyEdit, JourneyExport, JourneyRefusal, JourneyText, Moment, NewJourney,
    StoredFeedback, DEFAULT_JOURNEY_RETENTION_DAYS, MAX_JOURNEY_RETENTION_DAYS,
};
pub use mail::{MailCounts, MailMessage, MailState, MailedInvitation, NewMail, MAIL_JOB};
pub use models::ModelImport;
pub use organisations::{Org, OrgImported};
pub use participation::{rate, Participation, RoundParticipation};
pub use privacy::{
    AccountCounts, Erased, ExportedRespondent, ExportedResponse, ExportedTarget, InvitationCounts,
    OrgExport, OrgRecord, OrgRoundExport, PurgeStep, Purged, PURGE_JOB, PURGE_STEPS,
};
pub use reliability::{ImportProgress, ImportRun, ImportStats};
pub use respondents::{
    ListCount, ListRefusal, ListSummary, ListedAddress, ListedBy, MailTarget, Queued, RoundMail,
};
pub use responses::{
    content_hash, Draft, ImportedResponse, PageSave, ResponseImport, StoredResponse, BARRIER_PREFIX,
};
pub use results::{bootstrap_seed, earlier_result, Analysis, OrgResults, RoundResults};
pub use rounds::{
    Invitation, InvitationKind, InvitationStatus, LinkLine, LinkState, MadeBy, Participant,
    ResultsShown, Round, RoundLanguage, RoundOptions, RoundRefusal, RoundStatus, DEFAULT_MIN_TALLY,
    DEFAULT_RETENTION_DAYS, MAX_MIN_TALLY, MAX_RETENTION_DAYS,
};
pub use sso::{SsoAccount, SsoIdentity, SsoLogin, SSO_ONLY_PASSWORD};

use sha2::{Digest, Sha256};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Executor};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} not found")]
    NotFound(String),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    /// A change to accounts refused, typed so pages can say why in their language.
    #[error(transparent)]
    Account(#[from] AccountRefusal),
    /// A journey refused, typed so pages can say why in their language.
    #[error(transparent)]
    Journey(#[from] JourneyRefusal),
    /// A new round refused, typed so pages can say why in their language.
    #[error(transparent)]
    Round(#[from] RoundRefusal),
    /// A contact file refused whole, typed so pages can say why in their language.
    #[error("{file}: {refusal}")]
    ContactFile { file: String, refusal: FileRefusal },
    /// A row of an organisation file refused by what is stored (its line and column).
    #[error("{0}")]
    OrgFile(trappe_core::organisation_import::Problem),
    #[error("stored model {key} is broken: {reason}")]
    BrokenModel { key: String, reason: String },
    #[error("unsupported database URL '{0}': give a SQLite file path, a sqlite: URL or a postgres:// URL")]
    UnsupportedUrl(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database driver behind the store, named once so code outside `lib.rs` never
/// spells a backend. sqlx's `Any` driver runs the same SQL text on SQLite and on
/// PostgreSQL: the schema holds only BIGINT/INTEGER, TEXT, DOUBLE PRECISION and BLOB/BYTEA,
/// which it maps to i64, String, f64 and Vec<u8> on both.
pub(crate) type Db = sqlx::Any;
/// A write transaction (see [`Store::write`]).
pub(crate) type Tx = sqlx::Transaction<'static, Db>;
/// One connection of the driver.
pub(crate) type Conn = <Db as sqlx::Database>::Connection;
/// The connection pool.
pub(crate) type Pool = sqlx::Pool<Db>;

/// Which database a [`Store`] runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `--db` value names: `postgres://` or `postgresql://` URLs are
    /// PostgreSQL; a file path or a `sqlite:` URL is SQLite.
    pub fn of(url: &str) -> Result<Backend> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite:") || !url.contains("://") {
            Ok(Backend::Sqlite)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }

    /// The SQL text for this backend, where the dialects differ.
    pub(crate) fn pick<'a>(self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        match self {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        }
    }

    /// The backend of an open connection.
    pub(crate) fn of_conn(conn: &Conn) -> Backend {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// A database URL with its password (if any) replaced by `***`, for messages and logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// The database behind Trappe.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    backend: Backend,
    /// The `--db` value it was opened with (backups of PostgreSQL hand it to pg_dump).
    url: std::sync::Arc<str>,
    /// Parsed models by `id@version`: a stored version never changes, so parsing once is enough.
    #[allow(clippy::type_complexity)]
    models: std::sync::Arc<
        std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<trappe_core::Model>>>,
    >,
    /// The installation's secret for keyed hashes (made on first open, kept in `settings`).
    secret: std::sync::Arc<Vec<u8>>,
    /// The imports this instance runs, for /metrics.
    imports: std::sync::Arc<ImportProgress>,
    /// Whether PostgreSQL can be reached (a 503 at once while it cannot).
    health: std::sync::Arc<DbHealth>,
    /// Each round's participation counts at the version they were counted at.
    participation: std::sync::Arc<participation::Cache>,
    /// Each round's count of published complete responses at its results version
    /// (`Store::results_version`).
    results_counts: std::sync::Arc<participation::Kept<i64>>,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The SQLite file `trappe serve` uses when no `--db` is given.
pub const DEFAULT_DB: &str = "trappe.db";

/// The key of the PostgreSQL advisory lock every write transaction takes (see [`Store::write`]).
const WRITE_LOCK: i64 = 0x7472_6170_7065; // "trappe"
/// How many busy timeouts (10 s each) a SQLite writer waits for the write lock.
const SQLITE_WRITE_TRIES: u32 = 3;
/// The class of the PostgreSQL advisory locks on one organisation's contact log (the
/// two-key form, whose keys never meet the one-key form's: this class and the
/// organisation's id); see [`Store::contacts_write`].
const CONTACT_LOG_LOCK: i64 = 0x636f_6e74; // "cont"

/// Takes organisation `org_id`'s contact-log lock inside a transaction on PostgreSQL
/// (nothing on SQLite, whose one write lock the transaction already holds). Whatever
/// changes a log under the database's write lock (the retention purge, erasure) takes it
/// after that one, never before, and an import takes only this one: no two writers ever
/// wait on each other in a circle.
pub(crate) async fn lock_contact_log(conn: &mut Conn, org_id: i64) -> Result<()> {
    if Backend::of_conn(conn) == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(CAST($1 AS INTEGER), CAST($2 AS INTEGER))")
            .bind(CONTACT_LOG_LOCK)
            // Ids past 2^31 share a lock with a smaller one: more waiting, never less.
            .bind(org_id.rem_euclid(i64::from(i32::MAX)))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Opens (creating if missing) and migrates the database at `url`: a file path,
    /// a `sqlite:` URL, or a `postgres://` URL (the database must exist).
    pub async fn open(url: &str) -> Result<Store> {
        Store::open_with(url, true).await
    }

    /// Opens the database; with `migrate` false, only checks that it is fully migrated
    /// (for `serve --no-migrate`, when `trappe migrate` is run as its own step).
    pub async fn open_with(url: &str, migrate: bool) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(url)?;
        let mut probe = None;
        let pool = match backend {
            Backend::Sqlite => {
                let opts = if url.starts_with("sqlite:") {
                    SqliteConnectOptions::from_str(url)?
                } else {
                    SqliteConnectOptions::new().filename(Path::new(url))
                };
                // The Any driver rebuilds SQLite's options from a URL, which carries the
                // file and its mode only: the rest is set on every new connection.
                let opts =
                    AnyConnectOptions::from_url(&opts.create_if_missing(true).to_url_lossy())?;
                AnyPoolOptions::new()
                    .max_connections(4)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(opts)
                    .await?
            }
            Backend::Postgres => {
                let opts = AnyConnectOptions::from_str(url)?;
                probe = Some(opts.clone());
                AnyPoolOptions::new()
                    .max_connections(10)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?
            }
        };
        // A database that a newer Trappe migrated is left alone: this build cannot know
        // what the newer schema means.
        let applied: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
                .fetch_optional(&pool)
                .await
                .unwrap_or(None);
        let applied = applied.and_then(|a| a.0).unwrap_or(0);
        let known = backup::known_version();
        if applied > known {
            return Err(StoreError::Invalid(format!(
                "the database was migrated by a newer Trappe (migration {applied}; this build knows {known}): upgrade Trappe"
            )));
        }
        if migrate {
            match backend {
                Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
                Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
            }
        } else if applied < known {
            return Err(StoreError::Invalid(format!(
                "the database needs migrations ({applied} of {known} applied): run `trappe migrate` first"
            )));
        }
        // Every instance on the same database shares one secret: the first to start makes it.
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('secret', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(new_token())
        .execute(&pool)
        .await?;
        let (secret,): (String,) =
            sqlx::query_as("SELECT value FROM settings WHERE key = 'secret'")
                .fetch_one(&pool)
                .await?;
        let store = Store {
            pool,
            backend,
            url: url.into(),
            models: Default::default(),
            secret: std::sync::Arc::new(secret.into_bytes()),
            imports: Default::default(),
            health: std::sync::Arc::new(DbHealth::new(probe)),
            participation: Default::default(),
            results_counts: Default::default(),
        };
        store.fill_username_keys().await?;
        Ok(store)
    }

    /// Which database this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write transaction: one writer at a time, on both backends, so a transaction
    /// that reads and then writes (a page save, a link's cap) never loses an update.
    /// On SQLite it takes the write lock at once (BEGIN IMMEDIATE), so two writers wait
    /// on each other instead of failing with "database is locked". On PostgreSQL it
    /// takes a transaction-scoped advisory lock, which every instance on the database
    /// shares: the same guarantee, and plain reads never wait for it.
    async fn write(&self) -> Result<Tx> {
        match self.backend {
            Backend::Sqlite => {
                // A contact import holds SQLite's one write lock for its whole file (about
                // 12 s for the 2 million rows of a 200 MB upload): a writer waits up to
                // three busy timeouts (30 s) rather than lose a respondent's page.
                let mut tries = 1;
                loop {
                    match self.pool.begin_with("BEGIN IMMEDIATE").await {
                        Err(e) if tries < SQLITE_WRITE_TRIES && reliability::is_sqlite_busy(&e) => {
                            tracing::warn!(
                                "a write waited {}0 s for the database's write lock",
                                tries
                            );
                            tries += 1;
                        }
                        begun => return Ok(begun?),
                    }
                }
            }
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                // As SQLite's busy timeout: a writer waits 10 s at most, then fails.
                sqlx::query("SET LOCAL lock_timeout = '10s'")
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK)
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// A write transaction on organisation `org_id`'s contact log (an import). On SQLite
    /// the database's one write lock. On PostgreSQL only that organisation's log lock
    /// (see [`lock_contact_log`]): an import holds its transaction for its whole file
    /// (tens of seconds for millions of rows), and respondents' pages and other
    /// organisations' imports must not wait that long. A second import of the same
    /// organisation waits up to five minutes for the first.
    async fn contacts_write(&self, org_id: i64) -> Result<Tx> {
        match self.backend {
            Backend::Sqlite => self.write().await,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SET LOCAL lock_timeout = '300s'")
                    .execute(&mut *tx)
                    .await?;
                lock_contact_log(&mut tx, org_id).await?;
                sqlx::query("SET LOCAL lock_timeout = '10s'")
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The imports this instance runs: how many, and their rows so far.
    pub fn import_progress(&self) -> &ImportProgress {
        &self.imports
    }

    /// Whether the database can be reached; see [`DbHealth`].
    pub fn health(&self) -> &std::sync::Arc<DbHealth> {
        &self.health
    }

    /// The pool's (connections, idle connections).
    pub fn pool_stats(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A long random token for links and sessions (256 bits, hex).
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes)
}

impl Store {
    /// HMAC-SHA256 of `value` under the installation's secret: stable within an
    /// installation, not reversible by guessing (unlike a plain hash of an IPv4 address).
    pub fn keyed_hash(&self, value: &str) -> String {
        keyed_hash(&self.secret, value)
    }
}

fn keyed_hash(secret: &[u8], value: &str) -> String {
    use hmac::{Hmac, Mac};
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(value.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// What is stored instead of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod keyed_hash_tests {
    use super::*;

    #[test]
    fn keyed_hashes_depend_on_the_secret_and_differ_from_plain_ones() {
        let ip = "192.0.2.7";
        assert_eq!(keyed_hash(b"one", ip), keyed_hash(b"one", ip));
        assert_ne!(keyed_hash(b"one", ip), keyed_hash(b"two", ip));
        assert_ne!(keyed_hash(b"one", ip), hash_token(ip));
        // RFC 4231 test case 2.
        assert_eq!(
            keyed_hash(b"Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn both_backends_have_the_same_migration_numbers() {
        let versions =
            |m: &sqlx::migrate::Migrator| m.iter().map(|m| m.version).collect::<Vec<_>>();
        assert_eq!(versions(&SQLITE_MIGRATIONS), versions(&POSTGRES_MIGRATIONS));
        // And the folders as they are now (the embedded lists are only as new as the build).
        let numbers = |backend: &str| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(backend);
            let mut n: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|f| f.ends_with(".sql"))
                .map(|f| f.split('_').next().unwrap_or_default().to_string())
                .collect();
            n.sort();
            n
        };
        assert_eq!(numbers("sqlite"), numbers("postgres"));
    }

    #[tokio::test]
    async fn instances_on_one_database_share_the_secret() {
        let dir = std::env::temp_dir().join(format!("trappe-secret-{}", new_token()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::testing::fresh_db(&dir, "t.db").await.unwrap();
        let a = Store::open(&db).await.unwrap();
        let b = Store::open(&db).await.unwrap();
        assert_eq!(a.keyed_hash("x"), b.keyed_hash("x"));
        let other = Store::open(&crate::testing::fresh_db(&dir, "u.db").await.unwrap())
            .await
            .unwrap();
        assert_ne!(a.keyed_hash("x"), other.keyed_hash("x"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
