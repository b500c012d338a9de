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
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// What a round's counts depend on: its own change counter and the organisations' (see
/// migration 0023: triggers move them in every writer's transaction).
pub(crate) type Version = (i64, i64);

/// Completions per day: ("YYYY-MM-DD", count), oldest first.
type Days = Vec<(String, i64)>;

/// Each round's participation and network-wide completions per day, as last counted,
/// with the version they were counted at. Counting a round of 30,000 links takes 15 ms
/// or more; reading the version is one lookup by primary key.
#[derive(Default)]
pub(crate) struct Cache {
    rounds: Kept<Arc<RoundParticipation>>,
    days: Kept<Arc<Days>>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("participation::Cache")
    }
}

/// A figure per round kept in memory with the version of the counters it was made at.
pub(crate) type Kept<T> = Mutex<HashMap<i64, (Version, T)>>;

/// The entry of `round` if it was counted at `version`.
pub(crate) fn cached<T: Clone>(map: &Kept<T>, round: i64, version: Version) -> Option<T> {
    let map = map.lock().ok()?;
    map.get(&round)
        .filter(|(v, _)| *v == version)
        .map(|(_, x)| x.clone())
}

pub(crate) fn keep<T: Clone>(map: &Kept<T>, round: i64, version: Version, x: &T) {
    // A poisoned lock only means no caching.
    if let Ok(mut map) = map.lock() {
        map.insert(round, (version, x.clone()));
    }
}

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
    /// The version a round's counts were made at: read before counting, so that a write
    /// meanwhile leaves the cache at the older version and the next read counts again.
    async fn participation_version(&self, round_id: i64) -> Result<Version> {
        let (round, orgs): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT (SELECT version FROM change_counters WHERE scope = $1), \
                    (SELECT version FROM change_counters WHERE scope = 0)",
        )
        .bind(round_id)
        .fetch_one(&self.pool)
        .await?;
        Ok((round.unwrap_or(0), orgs.unwrap_or(0)))
    }

    /// Participation per organisation in a round (see the module's definitions), counted
    /// again only when something it depends on changed.
    pub async fn participation(&self, round_id: i64) -> Result<Arc<RoundParticipation>> {
        let version = self.participation_version(round_id).await?;
        if let Some(p) = cached(&self.participation.rounds, round_id, version) {
            return Ok(p);
        }
        let p = Arc::new(self.count_participation(round_id).await?);
        keep(&self.participation.rounds, round_id, version, &p);
        Ok(p)
    }

    async fn count_participation(&self, round_id: i64) -> Result<RoundParticipation> {
        // One query: the counts per organisation over the round's single-use links,
        // joined to the organisations that take part (an open link or a list but no
        // single link yet counts as taking part too). A link mailed from the list whose
        // address has had no mail yet is not invited: those few are counted apart from
        // the round's addresses not yet mailed and subtracted, which spares a lookup of
        // every link's address.
        let rows: Vec<(i64, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT o.id, o.name, o.kind, COALESCE(c.links, 0) - COALESCE(u.unsent, 0), \
               COALESCE(c.started, 0), COALESCE(c.completed, 0) \
             FROM organisations o \
             LEFT JOIN ( \
               SELECT org_id, \
                 COUNT(CASE WHEN revoked = 0 AND opened_from IS NULL THEN 1 END) AS links, \
                 COUNT(CASE WHEN revoked = 0 AND status <> 'unused' THEN 1 END) AS started, \
                 COUNT(CASE WHEN status = 'used' THEN 1 END) AS completed \
               FROM invitations WHERE round_id = $1 AND kind = 'single' \
               GROUP BY org_id) c ON c.org_id = o.id \
             LEFT JOIN ( \
               SELECT i.org_id AS org_id, COUNT(*) AS unsent \
               FROM respondents r JOIN invitations i ON i.id = r.link_id \
               WHERE r.round_id = $1 AND r.mails_sent = 0 AND i.round_id = $1 \
                 AND i.kind = 'single' AND i.revoked = 0 AND i.opened_from IS NULL \
               GROUP BY i.org_id) u ON u.org_id = o.id \
             WHERE c.org_id IS NOT NULL \
               OR EXISTS (SELECT 1 FROM invitations x \
                 WHERE x.round_id = $1 AND x.org_id = o.id AND x.kind = 'open') \
               OR EXISTS (SELECT 1 FROM respondents y WHERE y.round_id = $1 AND y.org_id = o.id)",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(RoundParticipation::default());
        }
        let mut tags: HashMap<i64, Vec<String>> = rows.iter().map(|r| (r.0, Vec::new())).collect();
        let tag_rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT org_id, tag FROM organisation_tags ORDER BY tag")
                .fetch_all(&self.pool)
                .await?;
        for (o, t) in tag_rows {
            if let Some(list) = tags.get_mut(&o) {
                list.push(t);
            }
        }
        let mut orgs: Vec<Participation> = rows
            .into_iter()
            .map(
                |(id, name, kind, invited, started, completed)| Participation {
                    org_id: id,
                    tags: tags.remove(&id).unwrap_or_default(),
                    name,
                    kind,
                    invited,
                    started,
                    completed,
                },
            )
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
        let version = match org_id {
            Some(_) => None,
            None => {
                let v = self.participation_version(round_id).await?;
                if let Some(days) = cached(&self.participation.days, round_id, v) {
                    return Ok(days.as_ref().clone());
                }
                Some(v)
            }
        };
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
        if let Some(v) = version {
            keep(
                &self.participation.days,
                round_id,
                v,
                &Arc::new(rows.clone()),
            );
        }
        Ok(rows)
    }

    /// Completions per Danish day ("YYYY-MM-DD", oldest first) in a round, summed over
    /// the given organisations in one query (rather than one query per organisation).
    pub async fn completions_per_day_of(
        &self,
        round_id: i64,
        orgs: &BTreeSet<i64>,
    ) -> Result<Vec<(String, i64)>> {
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        // The ids are integers of our own, written into the statement: no input text
        // reaches it, and a list of any length fits (no limit on bound parameters).
        let ids = orgs
            .iter()
            .map(|o| o.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!(
            "SELECT day, CAST(SUM(count) AS BIGINT) FROM completions_per_day \
             WHERE round_id = $1 AND org_id IN ({ids}) GROUP BY day ORDER BY day"
        );
        let rows: Vec<(String, i64)> = sqlx::query_as(&sql)
            .bind(round_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows)
    }
}
