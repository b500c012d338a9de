//! Bearer tokens for the JSON API.

use crate::{hash_token, new_token, now, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// None: the whole installation; Some: only this organisation.
    pub org_id: Option<i64>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl Store {
    /// Makes a token; returns its id and the token itself (shown once).
    pub async fn create_api_token(
        &self,
        name: &str,
        org_id: Option<i64>,
        created_by: Option<i64>,
    ) -> Result<(i64, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::Invalid(
                "a token needs a name of 1 to 100 characters".into(),
            ));
        }
        if let Some(o) = org_id {
            if self.org(o).await?.is_none() {
                return Err(StoreError::NotFound(format!("organisation {o}")));
            }
        }
        let token = new_token();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO api_tokens (token_hash, name, created_by, org_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(hash_token(&token))
        .bind(name)
        .bind(created_by)
        .bind(org_id)
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        Ok((id, token))
    }

    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>> {
        Ok(sqlx::query_as(
            "SELECT id, name, org_id, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY id DESC",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The live (not revoked) token behind `token`, marking it used.
    pub async fn api_token(&self, token: &str) -> Result<Option<ApiToken>> {
        let t: Option<ApiToken> = sqlx::query_as(
            "SELECT id, name, org_id, created_at, last_used_at, revoked_at FROM api_tokens \
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(hash_token(token))
        .fetch_optional(&self.pool)
        .await?;
        if let Some(t) = &t {
            // Once a minute is precise enough, and keeps reads from writing on every call.
            if t.last_used_at.is_none_or(|l| now() - l > 60) {
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                    .bind(now())
                    .bind(t.id)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(t)
    }

    pub async fn revoke_api_token(&self, id: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("live API token {id}")));
        }
        Ok(())
    }

    /// Rounds an organisation takes part in (invitations or responses), newest first.
    pub async fn rounds_of_org(&self, org_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM rounds r WHERE EXISTS (SELECT 1 FROM invitations i WHERE i.round_id = r.id AND i.org_id = $1) \
             OR EXISTS (SELECT 1 FROM responses s WHERE s.round_id = r.id AND s.org_id = $1) ORDER BY id DESC",
        )
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
