//! Organisations taking part in measurements.

use crate::audit::audit_on;
use crate::{now, Result, Store, StoreError};
use trappe_core::organisation_import::{Field, OrgRow, Reason};
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

type OrgTuple = (i64, String, String, Option<String>, Option<String>);

/// One row of an organisation file as imported: the organisation's id, and whether it
/// was new (else an existing one was updated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct OrgImported {
    pub id: i64,
    pub created: bool,
}
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
        set_tags(&mut tx, id, &org.tags).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Imports an organisation file's rows in one transaction: a row whose CVR number is
    /// stored, else whose exact name is, updates that organisation (name, kind, CVR when
    /// given, and tags and contact e-mail when the file has those columns); any other
    /// row adds one. Returns the ids in file order. A row that would take another
    /// organisation's name, match an organisation of that name with another CVR number,
    /// or match the same organisation as an earlier row refuses the whole file
    /// ([`StoreError::OrgFile`], nothing written).
    pub async fn import_orgs(
        &self,
        rows: &[OrgRow],
        actor: Option<&str>,
    ) -> Result<Vec<OrgImported>> {
        let mut tx = self.write().await?;
        let mut done: Vec<OrgImported> = Vec::with_capacity(rows.len());
        let mut claimed: std::collections::HashMap<i64, u64> = Default::default();
        let refuse =
            |row: &OrgRow, field, reason| Err(StoreError::OrgFile(row.problem(field, reason)));
        for row in rows {
            let org = &row.org;
            let cvr = org.cvr.as_ref().map(|c| c.as_str());
            let by_cvr: Option<(i64,)> = match cvr {
                Some(c) => {
                    sqlx::query_as(
                        "SELECT id FROM organisations WHERE cvr = $1 ORDER BY id LIMIT 1",
                    )
                    .bind(c)
                    .fetch_optional(&mut *tx)
                    .await?
                }
                None => None,
            };
            let by_name: Option<(i64, Option<String>)> =
                sqlx::query_as("SELECT id, cvr FROM organisations WHERE name = $1")
                    .bind(&org.name)
                    .fetch_optional(&mut *tx)
                    .await?;
            let target = match (by_cvr, &by_name) {
                (Some((id,)), Some((other, _))) if *other != id => {
                    return refuse(
                        row,
                        Field::Name,
                        Reason::NameTaken {
                            name: org.name.clone(),
                            id: *other,
                        },
                    )
                }
                (Some((id,)), _) => Some(id),
                (None, Some((id, Some(stored)))) if cvr.is_some_and(|c| c != stored) => {
                    return refuse(
                        row,
                        Field::Cvr,
                        Reason::CvrDiffers {
                            name: org.name.clone(),
                            id: *id,
                            cvr: stored.clone(),
                        },
                    )
                }
                (None, Some((id, _))) => Some(*id),
                (None, None) => None,
            };
            let Some(id) = target else {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO organisations (name, kind, cvr, created_at, contact_email) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(&org.name)
                .bind(org.kind.as_str())
                .bind(cvr)
                .bind(now())
                .bind(org.contact_email.as_ref().map(|e| e.as_str()))
                .fetch_one(&mut *tx)
                .await?;
                claimed.insert(id, row.line);
                set_tags(&mut tx, id, &org.tags).await?;
                done.push(OrgImported { id, created: true });
                continue;
            };
            if let Some(first) = claimed.insert(id, row.line) {
                return refuse(row, Field::Name, Reason::SameOrganisation { id, first });
            }
            sqlx::query(
                "UPDATE organisations SET name = $2, kind = $3, cvr = COALESCE($4, cvr) WHERE id = $1",
            )
            .bind(id)
            .bind(&org.name)
            .bind(org.kind.as_str())
            .bind(cvr)
            .execute(&mut *tx)
            .await?;
            if row.columns.contact_email.is_some() {
                sqlx::query("UPDATE organisations SET contact_email = $2 WHERE id = $1")
                    .bind(id)
                    .bind(org.contact_email.as_ref().map(|e| e.as_str()))
                    .execute(&mut *tx)
                    .await?;
            }
            if row.columns.tags.is_some() {
                sqlx::query("DELETE FROM organisation_tags WHERE org_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                set_tags(&mut tx, id, &org.tags).await?;
            }
            done.push(OrgImported { id, created: false });
        }
        let created = done.iter().filter(|d| d.created).count();
        audit_on(
            &mut tx,
            actor,
            "org_import",
            None,
            Some(&format!(
                "{created} organisations created, {} updated",
                done.len() - created
            )),
        )
        .await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Changes an organisation's name, kind, CVR number, tags and contact e-mail.
    pub async fn update_org(&self, id: i64, org: &NewOrg, actor: Option<&str>) -> Result<()> {
        let mut tx = self.write().await?;
        let taken: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM organisations WHERE name = $1 AND id <> $2")
                .bind(&org.name)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((other,)) = taken {
            return Err(StoreError::Conflict(format!(
                "an organisation named '{}' already exists (id {other})",
                org.name
            )));
        }
        let done = sqlx::query(
            "UPDATE organisations SET name = $2, kind = $3, cvr = $4, contact_email = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(&org.name)
        .bind(org.kind.as_str())
        .bind(org.cvr.as_ref().map(|c| c.as_str()))
        .bind(org.contact_email.as_ref().map(|e| e.as_str()))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("organisation {id}")));
        }
        sqlx::query("DELETE FROM organisation_tags WHERE org_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        set_tags(&mut tx, id, &org.tags).await?;
        audit_on(
            &mut tx,
            actor,
            "org_update",
            Some(&format!("org {id}")),
            Some(&org.name),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn orgs(&self) -> Result<Vec<Org>> {
        let rows: Vec<OrgTuple> = sqlx::query_as(&format!(
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
        let row: Option<OrgTuple> = sqlx::query_as(&format!(
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

/// Adds an organisation's tags (its old ones deleted by the caller).
async fn set_tags(conn: &mut crate::Conn, id: i64, tags: &[String]) -> Result<()> {
    for tag in tags {
        sqlx::query("INSERT INTO organisation_tags (org_id, tag) VALUES ($1, $2)")
            .bind(id)
            .bind(tag)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
