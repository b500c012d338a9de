//! Accounts and login sessions. Passwords are hashed by the caller (argon2id, off the
//! async runtime); only hashes of session tokens are stored.

use crate::{hash_token, now, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub must_change_password: bool,
}

/// The user behind a live session, with the session's CSRF token.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionUser {
    pub user: User,
    pub csrf_token: String,
}

type UserRow = (i64, String, String, String, bool);

fn user_from(r: UserRow) -> User {
    User {
        id: r.0,
        username: r.1,
        password_hash: r.2,
        role: r.3,
        must_change_password: r.4,
    }
}

impl Store {
    pub async fn user_count(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    pub async fn create_user(
        &self,
        username: &str,
        password_hash: &str,
        must_change: bool,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!("user '{username}' exists")));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (username, password_hash, must_change_password, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(username)
        .bind(password_hash)
        .bind(must_change)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT id, username, password_hash, role, must_change_password FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(user_from))
    }

    /// Sets a new password hash and ends the user's other sessions.
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(false)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep_session.map(hash_token).unwrap_or_default())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a password as one to change at next login (a reset by the CLI).
    pub async fn force_password(&self, username: &str, password_hash: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE username = $3",
        )
        .bind(password_hash)
        .bind(true)
        .bind(username)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user '{username}'")));
        }
        Ok(())
    }

    pub async fn create_session(
        &self,
        user_id: i64,
        token: &str,
        csrf_token: &str,
        ttl_secs: i64,
    ) -> Result<()> {
        let t = now();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash_token(token))
        .bind(user_id)
        .bind(csrf_token)
        .bind(t)
        .bind(t + ttl_secs)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The user of a live (unexpired) session.
    pub async fn session_user(&self, token: &str) -> Result<Option<SessionUser>> {
        let row: Option<(i64, String, String, String, bool, String)> = sqlx::query_as(
            "SELECT u.id, u.username, u.password_hash, u.role, u.must_change_password, s.csrf_token \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(hash_token(token))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| SessionUser {
            user: user_from((r.0, r.1, r.2, r.3, r.4)),
            csrf_token: r.5,
        }))
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2")
            .bind(hash_token(token))
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
