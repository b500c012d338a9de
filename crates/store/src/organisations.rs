//! Organisations taking part in measurements.

use crate::{now, Result, Store, StoreError};
use trappe_core::NewOrg;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Org {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub cvr: Option<String>,
    pub tags: Vec<String>,
}

impl Store {
    pub async fn add_org(&self, org: &NewOrg) -> Result<i64> {
        let mut tx = self.write().await?;
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE name = $1")
            .bind(&org.name)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some((id,)) = taken {
            return Err(StoreError::Conflict(format!(
                "an organisation named '{}' already exists (id {id})",
                org.name
            )));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO organisations (name, kind, cvr, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(&org.name)
        .bind(org.kind.as_str())
        .bind(org.cvr.as_ref().map(|c| c.as_str()))
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        for tag in &org.tags {
            sqlx::query("INSERT INTO organisation_tags (org_id, tag) VALUES ($1, $2)")
                .bind(id)
                .bind(tag)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn orgs(&self) -> Result<Vec<Org>> {
        let rows: Vec<(i64, String, String, Option<String>)> =
            sqlx::query_as("SELECT id, name, kind, cvr FROM organisations ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        let tags: Vec<(i64, String)> =
            sqlx::query_as("SELECT org_id, tag FROM organisation_tags ORDER BY tag")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, kind, cvr)| Org {
                id,
                name,
                kind,
                cvr,
                tags: tags
                    .iter()
                    .filter(|(o, _)| *o == id)
                    .map(|(_, t)| t.clone())
                    .collect(),
            })
            .collect())
    }

    pub async fn org_tags(&self, id: i64) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT tag FROM organisation_tags WHERE org_id = $1 ORDER BY tag")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    pub async fn org(&self, id: i64) -> Result<Option<Org>> {
        let row: Option<(i64, String, String, Option<String>)> =
            sqlx::query_as("SELECT id, name, kind, cvr FROM organisations WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some((id, name, kind, cvr)) = row else {
            return Ok(None);
        };
        Ok(Some(Org {
            id,
            name,
            kind,
            cvr,
            tags: self.org_tags(id).await?,
        }))
    }

    /// An organisation by id or by exact name, as CSV files and the CLI name them.
    pub async fn org_by_ref(&self, reference: &str) -> Result<Option<Org>> {
        let r = reference.trim();
        let orgs = self.orgs().await?;
        if let Ok(id) = r.parse::<i64>() {
            if let Some(o) = orgs.iter().find(|o| o.id == id) {
                return Ok(Some(o.clone()));
            }
        }
        Ok(orgs.into_iter().find(|o| o.name == r))
    }
}
