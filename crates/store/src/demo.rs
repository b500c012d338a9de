//! The demo's data, recognised by markers written when it is made (`settings` keys
//! `demo_org:ID` and `demo_round:ID`), so that it can be removed in one step and nothing
//! a user added is taken for it (names are not trusted: a user may call an organisation
//! anything).

use crate::audit::audit_on;
use crate::privacy::{erase_org_on, Erased};
use crate::{Result, Store};

const ORG_KEY: &str = "demo_org:";
const ROUND_KEY: &str = "demo_round:";

/// The demo data still stored.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct DemoData {
    /// (id, name) of each demo round.
    pub rounds: Vec<(i64, String)>,
    /// (id, name) of each demo organisation.
    pub orgs: Vec<(i64, String)>,
}

impl DemoData {
    pub fn is_empty(&self) -> bool {
        self.rounds.is_empty() && self.orgs.is_empty()
    }
}

/// What [`Store::remove_demo`] deleted.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct DemoRemoved {
    /// (id, name, responses) of each demo round deleted with its responses and links.
    pub rounds: Vec<(i64, String, i64)>,
    /// Each demo organisation erased, as `org erase` does.
    pub orgs: Vec<Erased>,
}

async fn marked(conn: &mut crate::Conn, prefix: &str) -> Result<Vec<i64>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT key FROM settings WHERE key LIKE $1")
        .bind(format!("{prefix}%"))
        .fetch_all(&mut *conn)
        .await?;
    let mut ids: Vec<i64> = rows
        .iter()
        .filter_map(|(k,)| k.strip_prefix(prefix)?.parse().ok())
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

impl Store {
    /// Marks organisations and rounds as the demo's.
    pub async fn mark_demo(&self, org_ids: &[i64], round_ids: &[i64]) -> Result<()> {
        let mut tx = self.write().await?;
        let keys = org_ids
            .iter()
            .map(|id| format!("{ORG_KEY}{id}"))
            .chain(round_ids.iter().map(|id| format!("{ROUND_KEY}{id}")));
        for key in keys {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, '1') ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The demo's rounds and organisations still stored.
    pub async fn demo_data(&self) -> Result<DemoData> {
        let mut conn = self.pool.acquire().await?;
        demo_data_on(&mut conn).await
    }

    /// Removes everything the demo made, in one transaction: its rounds (with their
    /// responses, links and mails), then its organisations as `org erase` does, and the
    /// markers; audit-logged. Organisations and rounds a user added stay, with what they
    /// hold, except what they hold of the demo's (a user's organisation's responses in a
    /// demo round go with the round). A dry run counts and rolls back.
    pub async fn remove_demo(&self, actor: Option<&str>, dry_run: bool) -> Result<DemoRemoved> {
        let mut tx = self.write().await?;
        let data = demo_data_on(&mut tx).await?;
        let mut removed = DemoRemoved::default();
        for (id, name) in data.rounds {
            let (responses,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM responses WHERE round_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query("DELETE FROM rounds WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            removed.rounds.push((id, name, responses));
        }
        for (id, _) in data.orgs {
            removed.orgs.push(erase_org_on(&mut tx, id, actor).await?);
        }
        sqlx::query("DELETE FROM settings WHERE key LIKE $1 OR key LIKE $2")
            .bind(format!("{ORG_KEY}%"))
            .bind(format!("{ROUND_KEY}%"))
            .execute(&mut *tx)
            .await?;
        audit_on(
            &mut tx,
            actor,
            "demo_remove",
            None,
            Some(&format!(
                "{} rounds, {} organisations",
                removed.rounds.len(),
                removed.orgs.len()
            )),
        )
        .await?;
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(removed)
    }
}

async fn demo_data_on(conn: &mut crate::Conn) -> Result<DemoData> {
    let mut data = DemoData::default();
    for id in marked(conn, ROUND_KEY).await? {
        let row: Option<(String,)> = sqlx::query_as("SELECT name FROM rounds WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some((name,)) = row {
            data.rounds.push((id, name));
        }
    }
    for id in marked(conn, ORG_KEY).await? {
        let row: Option<(String,)> = sqlx::query_as("SELECT name FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some((name,)) = row {
            data.orgs.push((id, name));
        }
    }
    Ok(data)
}
