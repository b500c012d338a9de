//! Trappe's storage: the operations the app needs, grouped by domain concept.
//!
//! SQLite is the embedded default (WAL, foreign keys on). The SQL is written to run on
//! PostgreSQL too (`$n` placeholders, RETURNING, ON CONFLICT) so a second backend can
//! follow without touching the domain.

mod accounts;
mod api_tokens;
mod audit;
pub mod backup;
mod models;
mod organisations;
mod privacy;
mod responses;
mod results;
mod rounds;

pub use accounts::{
    AccountInvitation, PendingLogin, SessionInfo, SessionUser, User, UserLine, ROLES,
};
pub use api_tokens::ApiToken;
pub use audit::{AuditEntry, AUDIT_PAGE_SIZE, THROTTLE_WINDOW_SECS};
pub use models::ModelImport;
pub use organisations::Org;
pub use privacy::{
    AccountCounts, Erased, ExportedResponse, InvitationCounts, OrgExport, OrgRecord,
    OrgRoundExport, PurgeStep, Purged, PURGE_JOB, PURGE_STEPS,
};
pub use responses::{Draft, ImportedResponse, PageSave, StoredResponse, BARRIER_PREFIX};
pub use results::{bootstrap_seed, Analysis, OrgResults, RoundResults};
pub use rounds::{
    Invitation, InvitationKind, InvitationStatus, Participant, Round, RoundStatus,
    DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS,
};

use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
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
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
    #[error("stored model {key} is broken: {reason}")]
    BrokenModel { key: String, reason: String },
    #[error("unsupported database URL '{0}': give a SQLite file path or a sqlite: URL")]
    UnsupportedUrl(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database driver behind the store, named once so code outside `lib.rs` never
/// spells a backend.
pub(crate) type Db = sqlx::Sqlite;
/// A write transaction (see [`Store::write`]).
pub(crate) type Tx = sqlx::Transaction<'static, Db>;
/// One connection of the driver.
pub(crate) type Conn = <Db as sqlx::Database>::Connection;

/// The database behind Trappe.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    /// Parsed models by `id@version`: a stored version never changes, so parsing once is enough.
    models: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, trappe_core::Model>>>,
    /// The installation's secret for keyed hashes (made on first open, kept in `settings`).
    secret: std::sync::Arc<Vec<u8>>,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The SQLite file `trappe serve` uses when no `--db` is given.
pub const DEFAULT_DB: &str = "trappe.db";

impl Store {
    /// Opens (creating if missing) and migrates the database at `url`: a file path,
    /// or a `sqlite:` URL.
    pub async fn open(url: &str) -> Result<Store> {
        Store::open_with(url, true).await
    }

    /// Opens the database; with `migrate` false, only checks that it is fully migrated
    /// (for `serve --no-migrate`, when `trappe migrate` is run as its own step).
    pub async fn open_with(url: &str, migrate: bool) -> Result<Store> {
        let opts = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url)?
        } else if url.contains("://") {
            return Err(StoreError::UnsupportedUrl(url.to_string()));
        } else {
            SqliteConnectOptions::new().filename(Path::new(url))
        };
        let opts = opts
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await?;
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
            SQLITE_MIGRATIONS.run(&pool).await?;
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
        Ok(Store {
            pool,
            models: Default::default(),
            secret: std::sync::Arc::new(secret.into_bytes()),
        })
    }

    /// A write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE),
    /// so two writers wait on each other instead of failing with "database is locked".
    async fn write(&self) -> Result<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
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

    #[tokio::test]
    async fn instances_on_one_database_share_the_secret() {
        let dir = std::env::temp_dir().join(format!("trappe-secret-{}", new_token()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        let a = Store::open(path.to_str().unwrap()).await.unwrap();
        let b = Store::open(path.to_str().unwrap()).await.unwrap();
        assert_eq!(a.keyed_hash("x"), b.keyed_hash("x"));
        let other = Store::open(dir.join("u.db").to_str().unwrap())
            .await
            .unwrap();
        assert_ne!(a.keyed_hash("x"), other.keyed_hash("x"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
