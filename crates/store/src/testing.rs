//! Fresh databases for tests, on the backend the test run asks for.
//!
//! With `TRAPPE_TEST_PG` set to the URL of a PostgreSQL server (as a role that may
//! create databases), every call creates an empty database with a random name there
//! (`scripts/test.sh` runs the whole suite once this way, on a private server);
//! otherwise it names a new SQLite file in the given folder.

use crate::{new_token, Result, StoreError};
use sqlx::Connection;
use std::path::Path;

/// The environment variable that points the tests at a PostgreSQL server.
pub const TEST_PG_ENV: &str = "TRAPPE_TEST_PG";

/// The PostgreSQL server the tests run on, if any.
pub fn test_pg() -> Option<String> {
    std::env::var(TEST_PG_ENV).ok().filter(|u| !u.is_empty())
}

/// A new, empty database for one test: a PostgreSQL database when `TRAPPE_TEST_PG` is
/// set, else the SQLite file `dir/name`.
pub async fn fresh_db(dir: &Path, name: &str) -> Result<String> {
    match test_pg() {
        Some(server) => create_pg_database(&server).await,
        None => Ok(dir.join(name).to_string_lossy().into_owned()),
    }
}

/// [`fresh_db`] for tests without a runtime of their own (it starts one on a thread).
pub fn fresh_db_blocking(dir: &Path, name: &str) -> Result<String> {
    let (dir, name) = (dir.to_path_buf(), name.to_string());
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Invalid(format!("cannot start a runtime: {e}")))?
            .block_on(fresh_db(&dir, &name))
    })
    .join()
    .map_err(|_| StoreError::Invalid("the database maker panicked".into()))?
}

/// Creates a database with a random name on the server at `server` and returns its URL.
pub async fn create_pg_database(server: &str) -> Result<String> {
    sqlx::any::install_default_drivers();
    let name = format!("trappe_test_{}", &new_token()[..16]);
    let mut conn = sqlx::AnyConnection::connect(server).await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await?;
    let _ = conn.close().await;
    let mut url = url::Url::parse(server)
        .map_err(|e| StoreError::Invalid(format!("bad {TEST_PG_ENV} URL: {e}")))?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}
