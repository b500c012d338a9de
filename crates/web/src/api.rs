//! JSON shapes that other tools rely on (a contract: keep the field names).

use serde::Serialize;
use trappe_core::Score;
use trappe_store::RoundResults;

#[derive(Debug, Serialize)]
pub struct ResultsDoc {
    pub round: RoundDoc,
    pub model: ModelRef,
    pub organisations: Vec<OrgDoc>,
}

#[derive(Debug, Serialize)]
pub struct RoundDoc {
    pub id: i64,
    pub name: String,
    pub status: &'static str,
    pub min_responses: i64,
}

#[derive(Debug, Serialize)]
pub struct ModelRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Serialize)]
pub struct ScoreDoc {
    pub score: Option<f64>,
    pub level: Option<u8>,
}

impl From<Option<Score>> for ScoreDoc {
    fn from(s: Option<Score>) -> ScoreDoc {
        ScoreDoc {
            score: s.map(|s| s.score),
            level: s.map(|s| s.level),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrgDoc {
    pub id: i64,
    pub name: String,
    pub responses: usize,
    pub withheld: bool,
    pub overall: ScoreDoc,
    pub dimensions: Vec<DimensionDoc>,
}

#[derive(Debug, Serialize)]
pub struct DimensionDoc {
    pub id: String,
    pub score: Option<f64>,
    pub level: Option<u8>,
    pub responses: usize,
}

impl ResultsDoc {
    /// Scores unrounded; withheld organisations carry no score at all.
    pub fn new(r: &RoundResults) -> ResultsDoc {
        ResultsDoc {
            round: RoundDoc {
                id: r.round.id,
                name: r.round.name.clone(),
                status: r.round.status.as_str(),
                min_responses: r.round.min_responses,
            },
            model: ModelRef {
                id: r.model.id.clone(),
                version: r.model.version.clone(),
            },
            organisations: r
                .orgs
                .iter()
                .map(|o| OrgDoc {
                    id: o.participant.org_id,
                    name: o.participant.name.clone(),
                    responses: o.result.responses,
                    withheld: o.result.withheld,
                    overall: o.result.overall.into(),
                    dimensions: o
                        .result
                        .dimensions
                        .iter()
                        .map(|d| DimensionDoc {
                            id: d.id.clone(),
                            score: d.score.map(|s| s.score),
                            level: d.score.map(|s| s.level),
                            responses: d.responses,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
