//! Response rates of a round: per organisation how many were invited, started and
//! completed, and completions per day. Counts of links, never of answers.
//!
//! - invited: single-use links not revoked that were made by hand (not handed out by an
//!   open link), where a link mailed from a respondent list counts once a mail went to
//!   its address (`mails_sent > 0`);
//! - started: single-use links not revoked on which at least one page was saved (status
//!   started or used), an open link's visitors included;
//! - completed: single-use links used (submitted), an open link's visitors included;
//! - rate: completed / invited, None when nothing was invited (it can pass 1 when open
//!   links bring more people than were invited).

use crate::{Result, Store};
use std::collections::{BTreeMap, HashMap};

/// One organisation's participation in a round.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Participation {
    pub org_id: i64,
    pub name: String,
    pub kind: String,
    pub tags: Vec<String>,
    pub invited: i64,
    pub started: i64,
    pub completed: i64,
}

/// Completed / invited; None when nothing was invited.
pub fn rate(completed: i64, invited: i64) -> Option<f64> {
    (invited > 0).then(|| completed as f64 / invited as f64)
}

impl Participation {
    pub fn rate(&self) -> Option<f64> {
        rate(self.completed, self.invited)
    }
}

/// A round's participation: one line per organisation that takes part (has links or an
/// address on the round's list), by name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoundParticipation {
    pub orgs: Vec<Participation>,
}

impl RoundParticipation {
    /// Invited, started and completed over every organisation.
    pub fn total(&self) -> (i64, i64, i64) {
        self.orgs.iter().fold((0, 0, 0), |(i, s, c), o| {
            (i + o.invited, s + o.started, c + o.completed)
        })
    }
}

impl Store {
    /// Participation per organisation in a round (see the module's definitions).
    pub async fn participation(&self, round_id: i64) -> Result<RoundParticipation> {
        let counts: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT i.org_id, \
               COUNT(CASE WHEN i.revoked = 0 AND i.opened_from IS NULL \
                           AND (r.id IS NULL OR r.mails_sent > 0) THEN 1 END), \
               COUNT(CASE WHEN i.revoked = 0 AND i.status <> 'unused' THEN 1 END), \
               COUNT(CASE WHEN i.status = 'used' THEN 1 END) \
             FROM invitations i LEFT JOIN respondents r ON r.link_id = i.id \
             WHERE i.round_id = $1 AND i.kind = 'single' \
             GROUP BY i.org_id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        // Organisations with an open link or a list but no single link yet take part too.
        let others: Vec<(i64,)> = sqlx::query_as(
            "SELECT org_id FROM invitations WHERE round_id = $1 AND kind = 'open' \
             UNION SELECT org_id FROM respondents WHERE round_id = $1",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        let mut by_org: BTreeMap<i64, (i64, i64, i64)> = counts
            .into_iter()
            .map(|(o, i, s, c)| (o, (i, s, c)))
            .collect();
        for (o,) in others {
            by_org.entry(o).or_insert((0, 0, 0));
        }
        if by_org.is_empty() {
            return Ok(RoundParticipation::default());
        }
        let names: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, name, kind FROM organisations")
                .fetch_all(&self.pool)
                .await?;
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        let tag_rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT org_id, tag FROM organisation_tags ORDER BY tag")
                .fetch_all(&self.pool)
                .await?;
        for (o, t) in tag_rows {
            if by_org.contains_key(&o) {
                tags.entry(o).or_default().push(t);
            }
        }
        let mut orgs: Vec<Participation> = names
            .into_iter()
            .filter_map(|(id, name, kind)| {
                by_org
                    .get(&id)
                    .map(|&(invited, started, completed)| Participation {
                        org_id: id,
                        name,
                        kind,
                        tags: tags.remove(&id).unwrap_or_default(),
                        invited,
                        started,
                        completed,
                    })
            })
            .collect();
        orgs.sort_by(|a, b| a.name.cmp(&b.name).then(a.org_id.cmp(&b.org_id)));
        Ok(RoundParticipation { orgs })
    }

    /// Completions per Danish day ("YYYY-MM-DD", oldest first) in a round, of one
    /// organisation or of all.
    pub async fn completions_per_day(
        &self,
        round_id: i64,
        org_id: Option<i64>,
    ) -> Result<Vec<(String, i64)>> {
        let rows: Vec<(String, i64)> = match org_id {
            Some(org) => {
                sqlx::query_as(
                    "SELECT day, count FROM completions_per_day \
                     WHERE round_id = $1 AND org_id = $2 ORDER BY day",
                )
                .bind(round_id)
                .bind(org)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as(
                    "SELECT day, CAST(SUM(count) AS BIGINT) FROM completions_per_day \
                     WHERE round_id = $1 GROUP BY day ORDER BY day",
                )
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?
            }
        };
        Ok(rows)
    }
}
