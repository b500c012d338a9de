//! Contact logs uploaded in the browser, between the upload and the end of their import
//! (issue 7): the file waiting for its mapping, and the import's state for its progress
//! page. Both live in the database, so that behind a load balancer any instance can
//! serve any step.
//!
//! An uploaded file still holds the citizen and case keys in clear (they are hashed by
//! the import), so it is kept only until its import starts, at most [`UPLOAD_KEEP_SECS`].

use crate::contacts::{FileRefusal, KeepRefused, StoredErrors};
use crate::{now, Backend, Result, Store, StoreError};
use serde::Serialize;
use std::path::Path;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use trappe_core::contacts::{Reason, RefusalGroup, RefusalGroups};

/// How long an upload waits for its mapping before the purge deletes it.
pub const UPLOAD_KEEP_SECS: i64 = 2 * 3600;
/// The size of one stored part of an uploaded file.
const PART_BYTES: usize = 4 * 1024 * 1024;
/// An import still marked running this long after it started belonged to a process that
/// stopped: a whole file is one transaction, far shorter than this.
pub const STALE_IMPORT_SECS: i64 = 6 * 3600;

/// An uploaded file waiting for its mapping.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StoredUpload {
    pub token: String,
    pub org_id: i64,
    pub user_id: i64,
    pub file_name: String,
    pub size: i64,
    pub created_at: i64,
}

/// A browser import's state, as its progress page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportState {
    pub id: i64,
    pub org_id: i64,
    pub file_name: String,
    /// running, done, rejected or failed.
    pub status: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub rows: u64,
    pub rejected: u64,
    /// Rows the file holds, when known.
    pub total_rows: Option<u64>,
    /// Rows handled so far, as last written (see [`Store::record_import_progress`]).
    pub handled: u64,
    /// Why a file was refused (None for an internal failure: see the server's log).
    pub message: Option<ImportMessage>,
    /// The refused rows, grouped by column and kind of reason, largest group first.
    pub groups: Vec<RefusalGroup>,
}

/// The name under which an import's refused rows are kept with the uploads: the
/// import's token and this suffix (a token is hex, so no upload is named so).
const REFUSED_SUFFIX: &str = "-refused";

/// Keeps browser import `token`'s refused rows (`bytes`, as `--skip-bad` writes them)
/// with the uploads, as uploaded at `keep.uploaded_at`: the purge deletes them when it
/// would have deleted the upload itself ([`UPLOAD_KEEP_SECS`]).
pub(crate) async fn save_refused(
    conn: &mut crate::Conn,
    token: &str,
    org_id: i64,
    keep: KeepRefused,
    file_name: &str,
    bytes: &[u8],
) -> Result<()> {
    let name = format!("{token}{REFUSED_SUFFIX}");
    sqlx::query(
        "INSERT INTO contact_uploads (token, org_id, user_id, file_name, size, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&name)
    .bind(org_id)
    .bind(keep.user_id)
    .bind(file_name)
    .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
    .bind(keep.uploaded_at)
    .execute(&mut *conn)
    .await?;
    for (part, data) in bytes.chunks(PART_BYTES).enumerate() {
        sqlx::query("INSERT INTO contact_upload_parts (token, part, data) VALUES ($1, $2, $3)")
            .bind(&name)
            .bind(part as i64)
            .bind(data.to_vec())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// What a refused file's row says about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ImportMessage {
    /// The typed refusal an import writes.
    Refused(FileRefusal),
    /// Plain text (a row written before refusals were typed).
    Text(String),
}

type ImportRow = (
    i64,
    i64,
    String,
    String,
    i64,
    Option<i64>,
    i64,
    i64,
    Option<i64>,
    i64,
    Option<String>,
    Option<String>,
);

fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Stores the file at `path` as upload `token` of organisation `org_id`, in one
    /// transaction: the upload is there whole or not at all.
    pub async fn save_upload(
        &self,
        token: &str,
        org_id: i64,
        user_id: i64,
        file_name: &str,
        path: &Path,
    ) -> Result<StoredUpload> {
        let mut file = tokio::fs::File::open(path).await?;
        let size = i64::try_from(file.metadata().await?.len()).unwrap_or(i64::MAX);
        let upload = StoredUpload {
            token: token.to_string(),
            org_id,
            user_id,
            file_name: file_name.to_string(),
            size,
            created_at: now(),
        };
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO contact_uploads (token, org_id, user_id, file_name, size, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&upload.token)
        .bind(upload.org_id)
        .bind(upload.user_id)
        .bind(&upload.file_name)
        .bind(upload.size)
        .bind(upload.created_at)
        .execute(&mut *tx)
        .await?;
        let mut part = 0i64;
        loop {
            let mut buf = Vec::with_capacity(PART_BYTES);
            (&mut file)
                .take(PART_BYTES as u64)
                .read_to_end(&mut buf)
                .await?;
            if buf.is_empty() {
                break;
            }
            sqlx::query("INSERT INTO contact_upload_parts (token, part, data) VALUES ($1, $2, $3)")
                .bind(&upload.token)
                .bind(part)
                .bind(buf)
                .execute(&mut *tx)
                .await?;
            part += 1;
        }
        tx.commit().await?;
        Ok(upload)
    }

    /// Upload `token` of organisation `org_id`, if it is there and not older than
    /// [`UPLOAD_KEEP_SECS`].
    pub async fn upload(&self, token: &str, org_id: i64) -> Result<Option<StoredUpload>> {
        if token.ends_with(REFUSED_SUFFIX) {
            return Ok(None);
        }
        Ok(sqlx::query_as(
            "SELECT token, org_id, user_id, file_name, size, created_at FROM contact_uploads \
             WHERE token = $1 AND org_id = $2 AND created_at > $3",
        )
        .bind(token)
        .bind(org_id)
        .bind(now() - UPLOAD_KEEP_SECS)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Writes upload `token`'s file to `path`, part by part (a new file: it must not
    /// exist), and checks its size. A partly written file is removed.
    pub async fn write_upload_to(&self, token: &str, path: &Path) -> Result<u64> {
        let written = self.copy_upload(token, path).await;
        if written.is_err() {
            let _ = tokio::fs::remove_file(path).await;
        }
        written
    }

    async fn copy_upload(&self, token: &str, path: &Path) -> Result<u64> {
        let (size,): (i64,) = sqlx::query_as("SELECT size FROM contact_uploads WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("upload {token}")))?;
        let mut out = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .await?;
        let mut written = 0u64;
        // One part at a time: a 200 MB file never sits in memory whole.
        for part in 0i64.. {
            let data: Option<(Vec<u8>,)> = sqlx::query_as(
                "SELECT data FROM contact_upload_parts WHERE token = $1 AND part = $2",
            )
            .bind(token)
            .bind(part)
            .fetch_optional(&self.pool)
            .await?;
            let Some((data,)) = data else { break };
            out.write_all(&data).await?;
            written += data.len() as u64;
        }
        out.flush().await?;
        out.sync_all().await?;
        if written != unsigned(size) {
            return Err(StoreError::Invalid(format!(
                "upload {token}: {written} bytes stored of {size}"
            )));
        }
        Ok(written)
    }

    /// Deletes upload `token` and its file; true if it was there.
    pub async fn delete_upload(&self, token: &str) -> Result<bool> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM contact_upload_parts WHERE token = $1")
            .bind(token)
            .execute(&mut *tx)
            .await?;
        let gone = sqlx::query("DELETE FROM contact_uploads WHERE token = $1")
            .bind(token)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(gone == 1)
    }

    /// The browser import `token` of organisation `org_id`.
    pub async fn import_state(&self, token: &str, org_id: i64) -> Result<Option<ImportState>> {
        let row: Option<ImportRow> = sqlx::query_as(
            "SELECT id, org_id, file_name, status, started_at, finished_at, rows, rejected, \
             total_rows, handled, message, errors FROM contact_imports \
             WHERE token = $1 AND org_id = $2",
        )
        .bind(token)
        .bind(org_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let invalid =
            |e: serde_json::Error| StoreError::Invalid(format!("import {}: errors: {e}", r.0));
        let groups = match &r.11 {
            Some(json) if json.trim_start().starts_with('[') => {
                // Written before the grouping: the first rows.
                let rows: Vec<(u64, Option<String>, Reason)> =
                    serde_json::from_str(json).map_err(invalid)?;
                let mut g = RefusalGroups::new();
                for (line, col, reason) in &rows {
                    g.add(*line, col.as_deref(), reason);
                }
                g.into_groups()
            }
            Some(json) => {
                serde_json::from_str::<StoredErrors>(json)
                    .map_err(invalid)?
                    .groups
            }
            None => Vec::new(),
        };
        Ok(Some(ImportState {
            id: r.0,
            org_id: r.1,
            file_name: r.2,
            status: r.3,
            started_at: r.4,
            finished_at: r.5,
            rows: unsigned(r.6),
            rejected: unsigned(r.7),
            total_rows: r.8.map(unsigned),
            handled: unsigned(r.9),
            message: r.10.map(|m| match FileRefusal::from_stored(&m) {
                Some(r) => ImportMessage::Refused(r),
                None => ImportMessage::Text(m),
            }),
            groups,
        }))
    }

    /// Browser import `token`'s refused rows as `--skip-bad` writes them, with the
    /// uploaded file's name, if the import is of organisation `org_id` and they are
    /// still kept (see [`save_refused`]).
    pub async fn refused_rows(
        &self,
        token: &str,
        org_id: i64,
    ) -> Result<Option<(String, Vec<u8>)>> {
        let name = format!("{token}{REFUSED_SUFFIX}");
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT file_name FROM contact_uploads WHERE token = $1 AND org_id = $2 \
             AND created_at > $3",
        )
        .bind(&name)
        .bind(org_id)
        .bind(now() - UPLOAD_KEEP_SECS)
        .fetch_optional(&self.pool)
        .await?;
        let Some((file_name,)) = row else {
            return Ok(None);
        };
        let parts: Vec<(Vec<u8>,)> =
            sqlx::query_as("SELECT data FROM contact_upload_parts WHERE token = $1 ORDER BY part")
                .bind(&name)
                .fetch_all(&self.pool)
                .await?;
        Ok(Some((
            file_name,
            parts.into_iter().flat_map(|p| p.0).collect(),
        )))
    }

    /// Records how many rows import `token` has handled, for progress pages on other
    /// instances. On SQLite this does nothing: the import holds the database's only
    /// write lock for its whole run, so the write would wait for the import to end.
    pub async fn record_import_progress(&self, token: &str, handled: u64) -> Result<()> {
        if self.backend() == Backend::Sqlite {
            return Ok(());
        }
        // Not under the write lock: it touches one row the import's transaction never
        // does, so it never waits for the import.
        sqlx::query(
            "UPDATE contact_imports SET handled = $1 WHERE token = $2 AND status = 'running'",
        )
        .bind(i64::try_from(handled).unwrap_or(i64::MAX))
        .bind(token)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks import `token` failed if it is still running (its task ended without
    /// finishing it, e.g. a panic); true if it was.
    pub async fn fail_import(&self, token: &str) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE contact_imports SET status = 'failed', finished_at = $1 \
             WHERE token = $2 AND status = 'running'",
        )
        .bind(now())
        .bind(token)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }
}

/// Housekeeping run with the purge, in its transaction (holding the write lock, so no
/// import is inside its own transaction): deletes uploads older than
/// [`UPLOAD_KEEP_SECS`] and marks imports left running by a stopped process (older than
/// [`STALE_IMPORT_SECS`]) failed. Returns (uploads deleted, imports marked).
pub(crate) async fn tidy(conn: &mut crate::Conn, at: i64) -> Result<(u64, u64)> {
    let cutoff = at - UPLOAD_KEEP_SECS;
    sqlx::query(
        "DELETE FROM contact_upload_parts WHERE token IN \
         (SELECT token FROM contact_uploads WHERE created_at <= $1)",
    )
    .bind(cutoff)
    .execute(&mut *conn)
    .await?;
    let uploads = sqlx::query("DELETE FROM contact_uploads WHERE created_at <= $1")
        .bind(cutoff)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let imports = sqlx::query(
        "UPDATE contact_imports SET status = 'failed', finished_at = $1, message = $2 \
         WHERE status = 'running' AND started_at <= $3",
    )
    .bind(at)
    .bind(FileRefusal::Stopped.to_stored())
    .bind(at - STALE_IMPORT_SECS)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok((uploads, imports))
}
