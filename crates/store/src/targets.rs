//! Targets: an organisation's questionnaire answered as it wants to be (issue 18). Kept
//! in their own table, apart from responses, so a target never counts in a benchmark,
//! an average or a response count.

use crate::{now, Result, Store, StoreError};
use std::collections::HashMap;
use trappe_core::{Answer, Answers, OrgResult};

impl Store {
    /// Sets (or replaces) the organisation's target for the round.
    pub async fn set_target(&self, round_id: i64, org_id: i64, answers: &Answers) -> Result<()> {
        if self.round(round_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("round {round_id}")));
        }
        let codes: std::collections::BTreeMap<&str, String> = answers
            .iter()
            .map(|(q, a)| (q.as_str(), a.code()))
            .collect();
        let json = serde_json::to_string(&codes)
            .map_err(|e| StoreError::Invalid(format!("target: {e}")))?;
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM targets WHERE round_id = $1 AND org_id = $2")
            .bind(round_id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO targets (round_id, org_id, answers, set_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(round_id)
        .bind(org_id)
        .bind(json)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every target set in the round, by organisation.
    pub async fn targets(&self, round_id: i64) -> Result<HashMap<i64, Answers>> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT org_id, answers FROM targets WHERE round_id = $1")
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(org, json)| {
                let codes: HashMap<String, String> =
                    serde_json::from_str(&json).unwrap_or_default();
                let answers = codes
                    .into_iter()
                    .filter_map(|(q, c)| Answer::parse(&c).map(|a| (q, a)))
                    .collect();
                (org, answers)
            })
            .collect())
    }

    /// The organisation's target in the round, if it has set one.
    pub async fn target_of(&self, round_id: i64, org_id: i64) -> Result<Option<Answers>> {
        Ok(self.targets(round_id).await?.remove(&org_id))
    }

    /// The round's targets, and for each organisation with one its results in its latest
    /// earlier round of the same model (where `progress` starts from).
    pub async fn targets_and_earlier(
        &self,
        round_id: i64,
        model_id: &str,
    ) -> Result<(HashMap<i64, Answers>, HashMap<i64, OrgResult>)> {
        let targets = self.targets(round_id).await?;
        let mut earlier = HashMap::new();
        for &org in targets.keys() {
            let trend = self.trend(org, model_id).await?;
            if let Some(result) = crate::results::earlier_result(&trend, round_id) {
                earlier.insert(org, result.clone());
            }
        }
        Ok((targets, earlier))
    }
}
