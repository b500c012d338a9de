//! A round's results: the stored responses run through the scoring rule.

use crate::{Participant, Result, Round, Store, StoreError, StoredResponse};
use trappe_core::{score_organisation, Model, OrgResult};

/// One participating organisation's results.
#[derive(Debug, Clone)]
pub struct OrgResults {
    pub participant: Participant,
    pub result: OrgResult,
    pub responses: Vec<StoredResponse>,
}

#[derive(Debug, Clone)]
pub struct RoundResults {
    pub round: Round,
    pub model: Model,
    pub orgs: Vec<OrgResults>,
}

impl Store {
    /// The round, its pinned model, and every participant scored (or one, with `org_id`).
    pub async fn round_results(&self, round_id: i64, org_id: Option<i64>) -> Result<RoundResults> {
        let round = self
            .round(round_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("round {round_id}")))?;
        let model = self
            .model(&round.model_id, Some(&round.model_version))
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("model {}@{}", round.model_id, round.model_version))
            })?;
        let mut responses = self.complete_responses(round_id, org_id).await?;
        let min = usize::try_from(round.min_responses).unwrap_or(1);
        let orgs = self
            .participants(round_id)
            .await?
            .into_iter()
            .filter(|p| org_id.is_none_or(|o| o == p.org_id))
            .map(|p| {
                let mine: Vec<StoredResponse> = {
                    let (mine, rest) = responses.drain(..).partition(|r| r.org_id == p.org_id);
                    responses = rest;
                    mine
                };
                let answers: Vec<_> = mine.iter().map(|r| r.answers.clone()).collect();
                OrgResults {
                    result: score_organisation(&model, &answers, min),
                    participant: p,
                    responses: mine,
                }
            })
            .collect();
        Ok(RoundResults { round, model, orgs })
    }
}
