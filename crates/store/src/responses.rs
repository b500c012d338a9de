//! Anonymous responses: saved page by page, then submitted.

use crate::{Result, Store, StoreError};
use std::collections::HashMap;
use trappe_core::{Answer, Answers};

/// A submitted response as scoring needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub org_id: i64,
    pub role: Option<String>,
    pub answers: Answers,
    /// Barrier id -> rating 1..=5 (don't know is left out).
    pub barriers: HashMap<String, u8>,
}

/// A complete response collected elsewhere (paper, another survey tool) or generated.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedResponse {
    pub org_id: i64,
    pub role: Option<String>,
    pub answers: Answers,
    pub barriers: Vec<(String, u8)>,
}

/// What one saved page of the questionnaire changes.
#[derive(Debug, Default, Clone)]
pub struct PageSave {
    /// item -> value; None removes the answer.
    pub answers: Vec<(String, Option<String>)>,
    pub role: Option<Option<String>>,
    pub own_barrier: Option<Option<String>>,
}

/// A response in progress, as the questionnaire shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub role: Option<String>,
    pub own_barrier: Option<String>,
    pub answers: HashMap<String, String>,
    pub complete: bool,
}

pub const BARRIER_PREFIX: &str = "barrier:";

/// Answers per multi-row insert (3 parameters each, well below SQLite's limit).
const ANSWER_BATCH: usize = 500;

async fn insert_answers(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    rows: &[(i64, String, String)],
) -> Result<()> {
    for chunk in rows.chunks(ANSWER_BATCH) {
        let mut q = sqlx::QueryBuilder::new("INSERT INTO answers (response_id, item, value) ");
        q.push_values(chunk, |mut b, (id, item, value)| {
            b.push_bind(id).push_bind(item).push_bind(value);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// The response a single-use link is filling in, created on first visit.
    pub async fn start_response(&self, invitation_id: i64) -> Result<i64> {
        let mut tx = self.write().await?;
        let row: Option<(i64, i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT round_id, org_id, status, response_id FROM invitations WHERE id = $1 AND kind = 'single'",
        )
        .bind(invitation_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (round_id, org_id, status, response_id) =
            row.ok_or_else(|| StoreError::NotFound(format!("invitation {invitation_id}")))?;
        if status == "used" {
            return Err(StoreError::Conflict("this link has been used".into()));
        }
        if let Some(id) = response_id {
            return Ok(id);
        }
        let (id,): (i64,) =
            sqlx::query_as("INSERT INTO responses (round_id, org_id) VALUES ($1, $2) RETURNING id")
                .bind(round_id)
                .bind(org_id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query("UPDATE invitations SET status = 'started', response_id = $1 WHERE id = $2")
            .bind(id)
            .bind(invitation_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves one page in one transaction: all of it or nothing.
    pub async fn save_page(&self, response_id: i64, page: &PageSave) -> Result<()> {
        let mut tx = self.write().await?;
        let status: Option<(String,)> =
            sqlx::query_as("SELECT status FROM responses WHERE id = $1")
                .bind(response_id)
                .fetch_optional(&mut *tx)
                .await?;
        match status {
            None => return Err(StoreError::NotFound(format!("response {response_id}"))),
            Some((s,)) if s == "complete" => {
                return Err(StoreError::Conflict(
                    "this response has been submitted".into(),
                ))
            }
            _ => {}
        }
        for (item, value) in &page.answers {
            match value {
                Some(v) => {
                    sqlx::query(
                        "INSERT INTO answers (response_id, item, value) VALUES ($1, $2, $3) \
                         ON CONFLICT (response_id, item) DO UPDATE SET value = excluded.value",
                    )
                    .bind(response_id)
                    .bind(item)
                    .bind(v)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM answers WHERE response_id = $1 AND item = $2")
                        .bind(response_id)
                        .bind(item)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        if let Some(role) = &page.role {
            sqlx::query("UPDATE responses SET role = $1 WHERE id = $2")
                .bind(role)
                .bind(response_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(own) = &page.own_barrier {
            sqlx::query("UPDATE responses SET own_barrier = $1 WHERE id = $2")
                .bind(own)
                .bind(response_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn draft(&self, response_id: i64) -> Result<Draft> {
        let row: Option<(Option<String>, Option<String>, String)> =
            sqlx::query_as("SELECT role, own_barrier, status FROM responses WHERE id = $1")
                .bind(response_id)
                .fetch_optional(&self.pool)
                .await?;
        let (role, own_barrier, status) =
            row.ok_or_else(|| StoreError::NotFound(format!("response {response_id}")))?;
        let answers: Vec<(String, String)> =
            sqlx::query_as("SELECT item, value FROM answers WHERE response_id = $1")
                .bind(response_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(Draft {
            role,
            own_barrier,
            answers: answers.into_iter().collect(),
            complete: status == "complete",
        })
    }

    /// Submits a response: it becomes complete, its link is spent, and the link no
    /// longer points at it (so nothing ties the token to the answers).
    pub async fn submit_response(&self, invitation_id: i64, response_id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE invitations SET status = 'used', response_id = NULL \
             WHERE id = $1 AND response_id = $2 AND status = 'started'",
        )
        .bind(invitation_id)
        .bind(response_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict("this link has been used".into()));
        }
        sqlx::query("UPDATE responses SET status = 'complete' WHERE id = $1")
            .bind(response_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores complete responses in one transaction: all of them or none. Answers go in
    /// as multi-row inserts, so a large import is a few hundred statements, not a million.
    pub async fn import_responses(
        &self,
        round_id: i64,
        rows: &[ImportedResponse],
        source: &str,
    ) -> Result<usize> {
        if self.round(round_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("round {round_id}")));
        }
        let mut tx = self.write().await?;
        let mut pending: Vec<(i64, String, String)> = Vec::new();
        for r in rows {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO responses (round_id, org_id, status, role, source) VALUES ($1, $2, 'complete', $3, $4) RETURNING id",
            )
            .bind(round_id)
            .bind(r.org_id)
            .bind(&r.role)
            .bind(source)
            .fetch_one(&mut *tx)
            .await?;
            pending.extend(r.answers.iter().map(|(q, a)| (id, q.clone(), a.code())));
            pending.extend(
                r.barriers
                    .iter()
                    .map(|(b, v)| (id, format!("{BARRIER_PREFIX}{b}"), v.to_string())),
            );
            if pending.len() >= ANSWER_BATCH {
                insert_answers(&mut tx, &pending).await?;
                pending.clear();
            }
        }
        insert_answers(&mut tx, &pending).await?;
        tx.commit().await?;
        Ok(rows.len())
    }

    /// A round's complete responses, optionally of one organisation, in a stable order.
    pub async fn complete_responses(
        &self,
        round_id: i64,
        org_id: Option<i64>,
    ) -> Result<Vec<StoredResponse>> {
        let heads: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT id, org_id, role FROM responses WHERE round_id = $1 AND status = 'complete' \
             AND ($2 IS NULL OR org_id = $2) ORDER BY id",
        )
        .bind(round_id)
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        let items: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT a.response_id, a.item, a.value FROM answers a JOIN responses r ON r.id = a.response_id \
             WHERE r.round_id = $1 AND r.status = 'complete' AND ($2 IS NULL OR r.org_id = $2)",
        )
        .bind(round_id)
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        let mut by_id: HashMap<i64, StoredResponse> = heads
            .iter()
            .map(|(id, org, role)| {
                (
                    *id,
                    StoredResponse {
                        org_id: *org,
                        role: role.clone(),
                        answers: Answers::new(),
                        barriers: HashMap::new(),
                    },
                )
            })
            .collect();
        for (id, item, value) in items {
            let Some(r) = by_id.get_mut(&id) else {
                continue;
            };
            if let Some(b) = item.strip_prefix(BARRIER_PREFIX) {
                if let Ok(v) = value.parse::<u8>() {
                    r.barriers.insert(b.to_string(), v);
                }
            } else if let Some(a) = Answer::parse(&value) {
                r.answers.insert(item, a);
            }
        }
        Ok(heads
            .iter()
            .filter_map(|(id, _, _)| by_id.remove(id))
            .collect())
    }
}
