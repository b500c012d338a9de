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

/// The longest actor and action (a username has at most 64 characters), subject and
/// detail an audit entry keeps, in characters; longer ones are cut and end in "…".
pub const AUDIT_ACTOR_CHARS: usize = 64;
pub const AUDIT_SUBJECT_CHARS: usize = 256;
pub const AUDIT_DETAIL_CHARS: usize = 1024;

/// Failed logins of one (account, address) pair that cost no wait.
pub const LOGIN_FREE_FAILURES: i64 = 3;
/// The first wait, doubled by each failure after it, up to `LOGIN_MAX_WAIT_MS`.
pub const LOGIN_FIRST_WAIT_MS: i64 = 1_000;
pub const LOGIN_MAX_WAIT_MS: i64 = 15 * 60 * 1_000;
/// A pair's failures are forgotten a day after its last one.
pub const LOGIN_DELAY_MEMORY_MS: i64 = 24 * 3600 * 1_000;

/// The wait after `failures` failed logins of one pair: none for the free ones, then
/// 1 s, 2 s, 4 s, … up to 15 minutes.
pub fn login_wait_ms(failures: i64) -> i64 {
    let past = failures - LOGIN_FREE_FAILURES;
    if past < 0 {
        0
    } else {
        LOGIN_FIRST_WAIT_MS
            .saturating_mul(1_i64 << past.min(30))
            .min(LOGIN_MAX_WAIT_MS)
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Store {
    pub async fn audit(
        &self,
        actor: Option<&str>,
        action: &str,
        subject: Option<&str>,
        detail: Option<&str>,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        audit_on(&mut conn, actor, action, subject, detail).await
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
        self.throttle_hit(key).await.map(|_| ())
    }

    /// Counts one event for `key` and returns how many the current window now holds
    /// (1 for the first): atomic, so of several instances exactly one sees 1.
    pub async fn throttle_hit(&self, key: &str) -> Result<i64> {
        let t = now();
        let (n,): (i64,) = sqlx::query_as(
            "INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_start > $3 THEN login_throttle.failures + 1 ELSE 1 END, \
               window_start = CASE WHEN login_throttle.window_start > $3 THEN login_throttle.window_start ELSE $2 END \
             RETURNING failures",
        )
        .bind(key)
        .bind(t)
        .bind(t - THROTTLE_WINDOW_SECS)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// How long (milliseconds) `key` (an account and client address pair) must still
    /// wait before its next login attempt is checked; 0 when it may try now.
    pub async fn login_delay(&self, key: &str) -> Result<i64> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT failures, last_ms FROM login_delays WHERE key = $1 AND last_ms > $2",
        )
        .bind(key)
        .bind(now_ms() - LOGIN_DELAY_MEMORY_MS)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map_or(0, |(failures, last)| {
            (last + login_wait_ms(failures) - now_ms()).max(0)
        }))
    }

    /// Counts a failed login of `key`; returns the wait (milliseconds) it now has.
    /// A pair whose last failure is older than `LOGIN_DELAY_MEMORY_MS` starts again.
    pub async fn login_delay_fail(&self, key: &str) -> Result<i64> {
        let t = now_ms();
        let (n,): (i64,) = sqlx::query_as(
            "INSERT INTO login_delays (key, failures, last_ms) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_delays.last_ms > $3 THEN login_delays.failures + 1 ELSE 1 END, \
               last_ms = $2 \
             RETURNING failures",
        )
        .bind(key)
        .bind(t)
        .bind(t - LOGIN_DELAY_MEMORY_MS)
        .fetch_one(&self.pool)
        .await?;
        Ok(login_wait_ms(n))
    }

    /// Forgets `key`'s failures (after a correct login), every pair long quiet, and
    /// every throttle window that has run out (the per-address counts and the marks
    /// that let one refusal a window into the audit log), so neither table grows.
    pub async fn login_delay_clear(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_delays WHERE key = $1 OR last_ms <= $2")
            .bind(key)
            .bind(now_ms() - LOGIN_DELAY_MEMORY_MS)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM login_throttle WHERE window_start <= $1")
            .bind(now() - THROTTLE_WINDOW_SECS)
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
    // Every field is bounded here, the one place entries are written, so no caller (nor
    // an unauthenticated visitor's input that reaches one) can make an entry large.
    use trappe_core::username::clip;
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now())
    .bind(actor.map(|a| clip(a, AUDIT_ACTOR_CHARS).into_owned()))
    .bind(clip(action, AUDIT_ACTOR_CHARS).into_owned())
    .bind(subject.map(|a| clip(a, AUDIT_SUBJECT_CHARS).into_owned()))
    .bind(detail.map(|a| clip(a, AUDIT_DETAIL_CHARS).into_owned()))
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
