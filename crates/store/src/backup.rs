//! Consistent online backups and their restore.

use crate::{Result, Store, StoreError};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the live database to `to` (SQLite's VACUUM INTO: one
    /// read transaction, so writers keep going and the copy is a single point in time).
    pub async fn backup(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(StoreError::Conflict(format!(
                "{} exists; choose a new file",
                to.display()
            )));
        }
        let target = to
            .to_str()
            .ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", to.display())))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// The newest migration a database file has applied, after checking it is a Trappe database.
pub async fn backup_version(file: &Path) -> Result<i64> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| {
            StoreError::Invalid(format!(
                "{} is not a readable SQLite file: {e}",
                file.display()
            ))
        })?;
    let version: Option<(i64,)> =
        sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_optional(&mut conn)
            .await
            .map_err(|_| {
                StoreError::Invalid(format!("{} is not a Trappe database", file.display()))
            })?;
    let _ = conn.close().await;
    version
        .map(|v| v.0)
        .ok_or_else(|| StoreError::Invalid(format!("{} is not a Trappe database", file.display())))
}

/// The newest migration this build knows.
pub fn known_version() -> i64 {
    crate::SQLITE_MIGRATIONS
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

/// Puts a backup in place as the database file `to` (the server must be stopped).
/// Refuses a backup from a newer Trappe, and an existing target unless `replace`.
pub async fn restore(from: &Path, to: &Path, replace: bool) -> Result<()> {
    let v = backup_version(from).await?;
    if v > known_version() {
        return Err(StoreError::Invalid(format!(
            "{} comes from a newer Trappe (migration {v}; this one knows {}): upgrade first",
            from.display(),
            known_version()
        )));
    }
    if to.exists() && !replace {
        return Err(StoreError::Conflict(format!(
            "{} exists; give --replace to overwrite it (stop the server first)",
            to.display()
        )));
    }
    // Copy beside the target, then rename: the target is never half written.
    let tmp = to.with_extension("restoring");
    std::fs::copy(from, &tmp)
        .map_err(|e| StoreError::Invalid(format!("cannot copy {}: {e}", from.display())))?;
    // A stale write-ahead log of the old file must not be replayed onto the restored one.
    for suffix in ["-wal", "-shm"] {
        let side = std::path::PathBuf::from(format!("{}{suffix}", to.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| {
                StoreError::Invalid(format!("cannot remove {}: {e}", side.display()))
            })?;
        }
    }
    std::fs::rename(&tmp, to)
        .map_err(|e| StoreError::Invalid(format!("cannot move the copy into place: {e}")))?;
    Ok(())
}
