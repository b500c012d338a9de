//! The audit log (append-only) and login throttling.

use crate::{now, Result, Store};

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
}

/// Failures allowed within the window before a key is refused.
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;

impl Store {
    pub async fn audit(
        &self,
        actor: Option<&str>,
        action: &str,
        subject: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)")
            .bind(now())
            .bind(actor)
            .bind(action)
            .bind(subject)
            .bind(detail)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The newest entries first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        Ok(sqlx::query_as("SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Failures recorded for `key` within the current window.
    pub async fn throttle_failures(&self, key: &str) -> Result<i64> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT failures FROM login_throttle WHERE key = $1 AND window_start > $2",
        )
        .bind(key)
        .bind(now() - THROTTLE_WINDOW_SECS)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.0).unwrap_or(0))
    }

    /// Counts a failure; a window that has run out starts again.
    pub async fn throttle_fail(&self, key: &str) -> Result<()> {
        let t = now();
        sqlx::query(
            "INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_start > $3 THEN login_throttle.failures + 1 ELSE 1 END, \
               window_start = CASE WHEN login_throttle.window_start > $3 THEN login_throttle.window_start ELSE $2 END",
        )
        .bind(key)
        .bind(t)
        .bind(t - THROTTLE_WINDOW_SECS)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn throttle_clear(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_throttle WHERE key = $1 OR window_start <= $2")
            .bind(key)
            .bind(now() - THROTTLE_WINDOW_SECS)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Entries a page of the audit log shows.
pub const AUDIT_PAGE_SIZE: i64 = 100;

/// Writes an audit entry on `conn`: inside a transaction, the entry stands or falls with
/// the change it records.
pub(crate) async fn audit_on(
    conn: &mut crate::Conn,
    actor: Option<&str>,
    action: &str,
    subject: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now())
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Entries newest first, optionally of one action only, `limit` from `offset`.
    pub async fn audit_entries(
        &self,
        action: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        Ok(sqlx::query_as(
            "SELECT id, at, actor, action, subject, detail FROM audit_log \
             WHERE ($1 IS NULL OR action = $1) ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(action)
        .bind(limit.max(0))
        .bind(offset.max(0))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Up to `limit` entries older than entry `before` (all, when None), newest first:
    /// for reading the whole log in batches while entries are being added.
    pub async fn audit_entries_before(
        &self,
        action: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        Ok(sqlx::query_as(
            "SELECT id, at, actor, action, subject, detail FROM audit_log \
             WHERE ($1 IS NULL OR action = $1) AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
        )
        .bind(action)
        .bind(before)
        .bind(limit.max(0))
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many entries there are (of one action, when given).
    pub async fn audit_count(&self, action: Option<&str>) -> Result<i64> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE ($1 IS NULL OR action = $1)")
                .bind(action)
                .fetch_one(&self.pool)
                .await?;
        Ok(n)
    }

    /// The actions that occur in the log, for a filter.
    pub async fn audit_actions(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT action FROM audit_log ORDER BY action")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
