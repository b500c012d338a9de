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
    /// Where its contact account is invited by mail (never in JSON output).
    #[serde(skip)]
    pub contact_email: Option<String>,
}

type OrgRow = (i64, String, String, Option<String>, Option<String>);
const ORG_COLS: &str = "id, name, kind, cvr, contact_email";

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
            "INSERT INTO organisations (name, kind, cvr, created_at, contact_email) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&org.name)
        .bind(org.kind.as_str())
        .bind(org.cvr.as_ref().map(|c| c.as_str()))
        .bind(now())
        .bind(org.contact_email.as_ref().map(|e| e.as_str()))
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
        let rows: Vec<OrgRow> = sqlx::query_as(&format!(
            "SELECT {ORG_COLS} FROM organisations ORDER BY name"
        ))
        .fetch_all(&self.pool)
        .await?;
        let tags: Vec<(i64, String)> =
            sqlx::query_as("SELECT org_id, tag FROM organisation_tags ORDER BY tag")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, kind, cvr, contact_email)| Org {
                id,
                name,
                kind,
                cvr,
                contact_email,
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
        let row: Option<OrgRow> = sqlx::query_as(&format!(
            "SELECT {ORG_COLS} FROM organisations WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, name, kind, cvr, contact_email)) = row else {
            return Ok(None);
        };
        Ok(Some(Org {
            id,
            name,
            kind,
            cvr,
            contact_email,
            tags: self.org_tags(id).await?,
        }))
    }

    /// Sets (or, with None, clears) where the organisation's contact is invited.
    pub async fn set_org_contact_email(
        &self,
        id: i64,
        email: Option<&trappe_core::EmailAddress>,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query("UPDATE organisations SET contact_email = $2 WHERE id = $1")
            .bind(id)
            .bind(email.map(|e| e.as_str()))
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("organisation {id}")));
        }
        tx.commit().await?;
        Ok(())
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
