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
