//! Citizen journeys (issue 5): a journey's moments, its public feedback links, the
//! single-use form nonces, and the anonymous feedback itself.
//!
//! A response carries its journey, the day it was given (never a finer time), its
//! ratings and comment: no address, no user agent, no link and no nonce. Responses are
//! kept `retention_days` after their day, then purged (see `crate::privacy`).

use crate::privacy::Purged;
use crate::{hash_token, now, Result, Store, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;
use trappe_core::contacts::Channel;
use trappe_core::journey::{check_moments, Feedback, Scale};

/// How long feedback is kept after the day it was given, unless the journey says otherwise.
pub const DEFAULT_JOURNEY_RETENTION_DAYS: i64 = 730;
/// The longest retention a journey may set (ten years).
pub const MAX_JOURNEY_RETENTION_DAYS: i64 = 3650;
/// An unused form nonce is deleted after this long.
pub const NONCE_TTL_SECS: i64 = DAY_SECS;
/// Characters of a feedback link's token: lower case and digits without look-alikes.
const TOKEN_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const TOKEN_LEN: usize = 12;
const DAY_SECS: i64 = 86_400;
const NAME_MAX: usize = 200;

/// One moment of a journey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moment {
    /// Names the moment's CSV column; fixed once the journey is made.
    pub id: String,
    pub name_da: String,
    pub name_en: String,
    /// A canonical channel name (`trappe_core::contacts::Channel`), if set.
    pub channel: Option<String>,
}

impl Moment {
    /// A moment named by its id in both languages, without a channel.
    pub fn bare(id: &str) -> Moment {
        Moment {
            id: id.to_string(),
            name_da: id.to_string(),
            name_en: id.to_string(),
            channel: None,
        }
    }

    /// The name in `lang` ("da" or "en"); the Danish one when there is no English one.
    pub fn name(&self, lang: &str) -> &str {
        if lang == "en" && !self.name_en.is_empty() {
            &self.name_en
        } else {
            &self.name_da
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub id: i64,
    pub org_id: i64,
    pub service: String,
    pub name: String,
    pub scale: Scale,
    pub retention_days: i64,
    pub created_at: i64,
    pub moments: Vec<Moment>,
}

impl Journey {
    pub fn moment_ids(&self) -> Vec<String> {
        self.moments.iter().map(|m| m.id.clone()).collect()
    }
}

/// A journey to be made.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJourney {
    pub name: String,
    pub service: String,
    pub scale: Scale,
    pub retention_days: i64,
    pub moments: Vec<Moment>,
}

/// What may change of a journey: its names, retention, and its moments' names and
/// channels (in the journey's order; ids, order and scale stay).
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyEdit {
    pub name: String,
    pub service: String,
    pub retention_days: i64,
    /// (name_da, name_en, channel) per moment, in order.
    pub moments: Vec<(String, String, Option<String>)>,
}

/// A public feedback link of a journey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedbackLink {
    pub id: i64,
    pub journey_id: i64,
    pub token: String,
    pub label: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// A link opened by a citizen: the link, its journey and the organisation's name.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackVisit {
    pub link: FeedbackLink,
    pub journey: Journey,
    pub org_name: String,
}

/// One stored response.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFeedback {
    /// Unix seconds at 00:00 UTC of the day it was given.
    pub day: i64,
    /// "form" or "import".
    pub source: String,
    pub feedback: Feedback,
}

/// A journey as `trappe org export` writes it: no link tokens, responses as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyExport {
    pub id: i64,
    pub name: String,
    pub service: String,
    pub scale: String,
    pub retention_days: i64,
    pub created_at: i64,
    pub moments: Vec<Moment>,
    pub links: Vec<ExportedLink>,
    pub feedback: Vec<ExportedFeedback>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedLink {
    pub label: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedFeedback {
    pub day: i64,
    pub source: String,
    /// Moment id -> rating, the rated moments only.
    pub ratings: BTreeMap<String, i64>,
    pub overall: Option<i64>,
    pub ces: Option<i64>,
    pub nps: Option<i64>,
    pub comment: Option<String>,
}

/// The throttle key that counts a feedback link's responses.
pub fn feedback_link_key(link_id: i64) -> String {
    format!("feedback-link:{link_id}")
}

/// The Copenhagen calendar day of the instant `t`, as 00:00 UTC of that date (a plain
/// date: a response given at 00:30 Danish time counts on its Danish day).
pub fn day_of(t: i64) -> i64 {
    let local = t + trappe_core::contacts::time::offset_at(t);
    local - local.rem_euclid(DAY_SECS)
}

fn short_token() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..TOKEN_LEN)
        .map(|_| char::from(TOKEN_ALPHABET[rng.random_range(0..TOKEN_ALPHABET.len())]))
        .collect()
}

fn invalid(msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(msg.into())
}

/// Which text of a journey a refusal is about; moments are numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JourneyText {
    Name,
    Service,
    MomentDanish(usize),
    MomentEnglish(usize),
    /// A feedback link's label.
    LinkLabel,
}

impl std::fmt::Display for JourneyText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JourneyText::Name => write!(f, "name"),
            JourneyText::Service => write!(f, "service"),
            JourneyText::MomentDanish(n) => write!(f, "moment {n} Danish name"),
            JourneyText::MomentEnglish(n) => write!(f, "moment {n} English name"),
            JourneyText::LinkLabel => write!(f, "label"),
        }
    }
}

/// A journey the store refuses to make or change. Pages show each in the visitor's
/// language (the web maps the variant to a catalogue message); the English text is for
/// the CLI and the log.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JourneyRefusal {
    #[error("{0}: required")]
    Required(JourneyText),
    #[error("{0}: longer than {NAME_MAX} characters")]
    TooLong(JourneyText),
    #[error(
        "moment {moment} ({id}) channel: '{given}' is not a channel ({})",
        channel_names()
    )]
    NotAChannel {
        moment: usize,
        id: String,
        given: String,
    },
    #[error("retention: {0} days is outside 1 to {MAX_JOURNEY_RETENTION_DAYS}")]
    Retention(i64),
    #[error("moments: {0}")]
    Moments(#[from] trappe_core::journey::JourneyError),
    #[error("moments: expected {expected} moments, got {got}")]
    MomentCount { expected: usize, got: usize },
}

fn check_name(text: JourneyText, s: &str, required: bool) -> Result<String> {
    let s = s.trim();
    if required && s.is_empty() {
        return Err(JourneyRefusal::Required(text).into());
    }
    if s.chars().count() > NAME_MAX {
        return Err(JourneyRefusal::TooLong(text).into());
    }
    Ok(s.to_string())
}

fn channel_names() -> String {
    Channel::ALL.map(|c| c.name()).join(", ")
}

fn check_channel(moment: usize, id: &str, c: Option<&str>) -> Result<Option<String>> {
    match c.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => Channel::from_name(c.as_bytes())
            .map(|ch| Some(ch.name().to_string()))
            .ok_or_else(|| {
                JourneyRefusal::NotAChannel {
                    moment,
                    id: id.to_string(),
                    given: c.to_string(),
                }
                .into()
            }),
    }
}

fn check_retention(days: i64) -> Result<i64> {
    if (1..=MAX_JOURNEY_RETENTION_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(JourneyRefusal::Retention(days).into())
    }
}

type JourneyRow = (i64, i64, String, String, String, i64, i64);
/// A link with its organisation's name.
type VisitRow = (i64, i64, String, String, i64, Option<i64>, String);
const JOURNEY_COLS: &str = "id, org_id, service, name, scale, retention_days, created_at";

fn ratings_json(ids: &[String], f: &Feedback) -> String {
    let map: BTreeMap<&str, u8> = ids
        .iter()
        .zip(&f.moments)
        .filter_map(|(id, r)| Some((id.as_str(), (*r)?)))
        .collect();
    serde_json::to_string(&map).unwrap_or_else(|_| "{}".into())
}

fn rating(v: Option<i64>) -> Option<u8> {
    v.and_then(|x| u8::try_from(x).ok())
}

type FeedbackRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

fn feedback_from(ids: &[String], row: FeedbackRow) -> StoredFeedback {
    let (day, source, ratings, overall, ces, nps, comment) = row;
    let map: BTreeMap<String, i64> = serde_json::from_str(&ratings).unwrap_or_default();
    StoredFeedback {
        day,
        source,
        feedback: Feedback {
            moments: ids.iter().map(|id| rating(map.get(id).copied())).collect(),
            overall: rating(overall),
            ces: rating(ces),
            nps: rating(nps),
            comment,
        },
    }
}

impl Store {
    /// Makes a journey of organisation `org_id`; returns its id.
    pub async fn create_journey(&self, org_id: i64, j: &NewJourney) -> Result<i64> {
        let name = check_name(JourneyText::Name, &j.name, true)?;
        let service = check_name(JourneyText::Service, &j.service, false)?;
        let ids: Vec<String> = j.moments.iter().map(|m| m.id.clone()).collect();
        check_moments(&ids).map_err(JourneyRefusal::from)?;
        let retention = check_retention(j.retention_days)?;
        let mut moments = Vec::new();
        for (i, m) in j.moments.iter().enumerate() {
            let n = i + 1;
            let da = check_name(JourneyText::MomentDanish(n), &m.name_da, true)?;
            let en = check_name(JourneyText::MomentEnglish(n), &m.name_en, false)?;
            let channel = check_channel(n, &m.id, m.channel.as_deref())?;
            moments.push((m.id.clone(), da, en, channel));
        }
        let mut tx = self.write().await?;
        let org: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE id = $1")
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?;
        if org.is_none() {
            return Err(StoreError::NotFound(format!("organisation {org_id}")));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO journeys (org_id, service, name, scale, retention_days, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(org_id)
        .bind(service)
        .bind(name)
        .bind(j.scale.name())
        .bind(retention)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        for (pos, (mid, da, en, channel)) in moments.into_iter().enumerate() {
            sqlx::query(
                "INSERT INTO journey_moments (journey_id, position, id, name_da, name_en, channel) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(pos as i64 + 1)
            .bind(mid)
            .bind(da)
            .bind(en)
            .bind(channel)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    async fn moments_of(&self, journey_id: i64) -> Result<Vec<Moment>> {
        let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, name_da, name_en, channel FROM journey_moments \
             WHERE journey_id = $1 ORDER BY position",
        )
        .bind(journey_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name_da, name_en, channel)| Moment {
                id,
                name_da,
                name_en,
                channel,
            })
            .collect())
    }

    async fn journey_from(&self, row: JourneyRow) -> Result<Journey> {
        let (id, org_id, service, name, scale, retention_days, created_at) = row;
        Ok(Journey {
            id,
            org_id,
            service,
            name,
            scale: Scale::from_name(&scale).unwrap_or_default(),
            retention_days,
            created_at,
            moments: self.moments_of(id).await?,
        })
    }

    pub async fn journey(&self, id: i64) -> Result<Option<Journey>> {
        let row: Option<JourneyRow> = sqlx::query_as(&format!(
            "SELECT {JOURNEY_COLS} FROM journeys WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(self.journey_from(r).await?)),
            None => Ok(None),
        }
    }

    /// An organisation's journeys, oldest first, each with its number of responses.
    pub async fn journeys_of(&self, org_id: i64) -> Result<Vec<(Journey, i64)>> {
        let rows: Vec<JourneyRow> = sqlx::query_as(&format!(
            "SELECT {JOURNEY_COLS} FROM journeys WHERE org_id = $1 ORDER BY id"
        ))
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let j = self.journey_from(r).await?;
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM journey_feedback WHERE journey_id = $1")
                    .bind(j.id)
                    .fetch_one(&self.pool)
                    .await?;
            out.push((j, n));
        }
        Ok(out)
    }

    /// Changes a journey's names, retention and its moments' names and channels.
    pub async fn update_journey(&self, id: i64, e: &JourneyEdit) -> Result<()> {
        let name = check_name(JourneyText::Name, &e.name, true)?;
        let service = check_name(JourneyText::Service, &e.service, false)?;
        let retention = check_retention(e.retention_days)?;
        let current = self
            .journey(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("journey {id}")))?;
        if e.moments.len() != current.moments.len() {
            return Err(JourneyRefusal::MomentCount {
                expected: current.moments.len(),
                got: e.moments.len(),
            }
            .into());
        }
        let mut moments = Vec::new();
        for (i, ((da, en, ch), m)) in e.moments.iter().zip(&current.moments).enumerate() {
            let n = i + 1;
            moments.push((
                check_name(JourneyText::MomentDanish(n), da, true)?,
                check_name(JourneyText::MomentEnglish(n), en, false)?,
                check_channel(n, &m.id, ch.as_deref())?,
            ));
        }
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE journeys SET name = $1, service = $2, retention_days = $3 WHERE id = $4",
        )
        .bind(name)
        .bind(service)
        .bind(retention)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        for (pos, (da, en, ch)) in moments.into_iter().enumerate() {
            sqlx::query(
                "UPDATE journey_moments SET name_da = $1, name_en = $2, channel = $3 \
                 WHERE journey_id = $4 AND position = $5",
            )
            .bind(da)
            .bind(en)
            .bind(ch)
            .bind(id)
            .bind(pos as i64 + 1)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Makes a feedback link for a journey (e.g. "letter", "front desk").
    pub async fn create_feedback_link(&self, journey_id: i64, label: &str) -> Result<FeedbackLink> {
        let label = check_name(JourneyText::LinkLabel, label, true)?;
        let mut tx = self.write().await?;
        let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM journeys WHERE id = $1")
            .bind(journey_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("journey {journey_id}")));
        }
        let t = now();
        // 31^12 tokens: a clash is all but impossible, and then the next one is taken.
        for _ in 0..5 {
            let token = short_token();
            let row: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO journey_links (journey_id, token, label, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (token) DO NOTHING RETURNING id",
            )
            .bind(journey_id)
            .bind(&token)
            .bind(&label)
            .bind(t)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((id,)) = row {
                tx.commit().await?;
                return Ok(FeedbackLink {
                    id,
                    journey_id,
                    token,
                    label,
                    created_at: t,
                    revoked_at: None,
                });
            }
        }
        Err(StoreError::Conflict("could not make a unique link".into()))
    }

    pub async fn feedback_links(&self, journey_id: i64) -> Result<Vec<FeedbackLink>> {
        let rows: Vec<(i64, i64, String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, journey_id, token, label, created_at, revoked_at FROM journey_links \
             WHERE journey_id = $1 ORDER BY id",
        )
        .bind(journey_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, journey_id, token, label, created_at, revoked_at)| FeedbackLink {
                    id,
                    journey_id,
                    token,
                    label,
                    created_at,
                    revoked_at,
                },
            )
            .collect())
    }

    /// Stops a link: its form answers "no longer in use" from now on.
    pub async fn revoke_feedback_link(&self, journey_id: i64, link_id: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE journey_links SET revoked_at = $1 \
             WHERE id = $2 AND journey_id = $3 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(link_id)
        .bind(journey_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("live link {link_id}")));
        }
        Ok(())
    }

    /// The link behind `token` (revoked ones too), with its journey and organisation.
    pub async fn feedback_visit(&self, token: &str) -> Result<Option<FeedbackVisit>> {
        let row: Option<VisitRow> = sqlx::query_as(
            "SELECT l.id, l.journey_id, l.token, l.label, l.created_at, l.revoked_at, o.name \
             FROM journey_links l JOIN journeys j ON j.id = l.journey_id \
             JOIN organisations o ON o.id = j.org_id WHERE l.token = $1",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, journey_id, token, label, created_at, revoked_at, org_name)) = row else {
            return Ok(None);
        };
        let journey = self
            .journey(journey_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("journey {journey_id}")))?;
        Ok(Some(FeedbackVisit {
            link: FeedbackLink {
                id,
                journey_id,
                token,
                label,
                created_at,
                revoked_at,
            },
            journey,
            org_name,
        }))
    }

    /// A single-use nonce for one showing of the form of link `link_id` (only its hash
    /// is kept). Nonces older than a day are deleted on the way.
    pub async fn issue_feedback_nonce(&self, link_id: i64) -> Result<String> {
        let nonce = crate::new_token();
        let t = now();
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM journey_nonces WHERE created_at <= $1")
            .bind(t - NONCE_TTL_SECS)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO journey_nonces (hash, link_id, created_at) VALUES ($1, $2, $3)")
            .bind(hash_token(&nonce))
            .bind(link_id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(nonce)
    }

    /// Stores a response given through link `link_id`'s form, spending `nonce` in the
    /// same transaction. False (and nothing stored) when the nonce is unknown, spent,
    /// older than a day or of another link. The response keeps nothing of the link or
    /// the nonce.
    pub async fn add_form_feedback(
        &self,
        link_id: i64,
        nonce: &str,
        journey: &Journey,
        f: &Feedback,
    ) -> Result<bool> {
        f.check(journey.scale, journey.moments.len())
            .map_err(|e| invalid(e.to_string()))?;
        let t = now();
        let mut tx = self.write().await?;
        let spent = sqlx::query(
            "DELETE FROM journey_nonces WHERE hash = $1 AND link_id = $2 AND created_at > $3",
        )
        .bind(hash_token(nonce))
        .bind(link_id)
        .bind(t - NONCE_TTL_SECS)
        .execute(&mut *tx)
        .await?;
        if spent.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_feedback(&mut tx, journey, "form", day_of(t), f).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores imported responses, all in one transaction: all or nothing.
    pub async fn import_feedback(&self, journey_id: i64, rows: &[Feedback]) -> Result<usize> {
        let journey = self
            .journey(journey_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("journey {journey_id}")))?;
        for (i, f) in rows.iter().enumerate() {
            f.check(journey.scale, journey.moments.len())
                .map_err(|e| invalid(format!("response {}: {e}", i + 1)))?;
        }
        let day = day_of(now());
        let mut tx = self.write().await?;
        for f in rows {
            insert_feedback(&mut tx, &journey, "import", day, f).await?;
        }
        tx.commit().await?;
        Ok(rows.len())
    }

    /// A journey's responses with `from <= day < to` (either bound optional), oldest first.
    pub async fn journey_feedback(
        &self,
        journey: &Journey,
        from: Option<i64>,
        to: Option<i64>,
    ) -> Result<Vec<StoredFeedback>> {
        let rows: Vec<FeedbackRow> = sqlx::query_as(
            "SELECT day, source, ratings, overall, ces, nps, comment FROM journey_feedback \
             WHERE journey_id = $1 AND ($2 IS NULL OR day >= $2) AND ($3 IS NULL OR day < $3) \
             ORDER BY day, id",
        )
        .bind(journey.id)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let ids = journey.moment_ids();
        Ok(rows.into_iter().map(|r| feedback_from(&ids, r)).collect())
    }

    /// The days on which a journey has responses, oldest first.
    pub async fn journey_feedback_days(&self, journey_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT day FROM journey_feedback WHERE journey_id = $1 ORDER BY day",
        )
        .bind(journey_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}

async fn insert_feedback(
    tx: &mut crate::Tx,
    journey: &Journey,
    source: &str,
    day: i64,
    f: &Feedback,
) -> Result<()> {
    let comment = f
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    sqlx::query(
        "INSERT INTO journey_feedback (journey_id, day, source, ratings, overall, ces, nps, comment) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(journey.id)
    .bind(day)
    .bind(source)
    .bind(ratings_json(&journey.moment_ids(), f))
    .bind(f.overall.map(i64::from))
    .bind(f.ces.map(i64::from))
    .bind(f.nps.map(i64::from))
    .bind(comment)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes form nonces left unused for [`NONCE_TTL_SECS`] at `at` (with the purge, so a
/// form shown and never sent leaves nothing behind for long); how many went.
pub(crate) async fn delete_stale_nonces(conn: &mut crate::Conn, at: i64) -> Result<u64> {
    Ok(
        sqlx::query("DELETE FROM journey_nonces WHERE created_at <= $1")
            .bind(at - NONCE_TTL_SECS)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

// ---- privacy: the purge step, the organisation's export and erasure ----

/// The purge step's kind of data.
pub(crate) const PURGE_KIND: &str = "journey";

/// Journeys holding responses whose retention has run out at `at`: one item per journey,
/// `expired_at` the latest moment a response of it ran out.
pub(crate) async fn expired_feedback(conn: &mut crate::Conn, at: i64) -> Result<Vec<Purged>> {
    crate::privacy::expired_per_owner(
        conn,
        "SELECT j.id, j.name, MAX(f.day + j.retention_days * $2), COUNT(*) \
         FROM journeys j JOIN journey_feedback f ON f.journey_id = j.id \
         WHERE f.day + j.retention_days * $2 <= $1 GROUP BY j.id, j.name ORDER BY j.id",
        at,
        PURGE_KIND,
        "feedback responses",
    )
    .await
}

/// Deletes the responses of `item`'s journey that had run out by `item.expired_at`.
pub(crate) async fn delete_expired_feedback(
    conn: &mut crate::Conn,
    item: &Purged,
) -> Result<Vec<(&'static str, i64)>> {
    let done = sqlx::query(
        "DELETE FROM journey_feedback WHERE journey_id = $1 AND day + \
         (SELECT retention_days FROM journeys WHERE id = $1) * $2 <= $3",
    )
    .bind(item.id)
    .bind(DAY_SECS)
    .bind(item.expired_at)
    .execute(&mut *conn)
    .await?;
    Ok(vec![(
        "feedback responses",
        i64::try_from(done.rows_affected()).unwrap_or(i64::MAX),
    )])
}

/// An organisation's journeys for its export: definitions, links (no tokens) and every
/// response as stored.
pub(crate) async fn export_journeys(
    conn: &mut crate::Conn,
    org_id: i64,
) -> Result<Vec<JourneyExport>> {
    let journeys: Vec<JourneyRow> = sqlx::query_as(&format!(
        "SELECT {JOURNEY_COLS} FROM journeys WHERE org_id = $1 ORDER BY id"
    ))
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for (id, _, service, name, scale, retention_days, created_at) in journeys {
        let moments: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, name_da, name_en, channel FROM journey_moments \
             WHERE journey_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let links: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT label, created_at, revoked_at FROM journey_links WHERE journey_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let feedback: Vec<FeedbackRow> = sqlx::query_as(
            "SELECT day, source, ratings, overall, ces, nps, comment FROM journey_feedback \
             WHERE journey_id = $1 ORDER BY day, id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        out.push(JourneyExport {
            id,
            name,
            service,
            scale,
            retention_days,
            created_at,
            moments: moments
                .into_iter()
                .map(|(id, name_da, name_en, channel)| Moment {
                    id,
                    name_da,
                    name_en,
                    channel,
                })
                .collect(),
            links: links
                .into_iter()
                .map(|(label, created_at, revoked_at)| ExportedLink {
                    label,
                    created_at,
                    revoked_at,
                })
                .collect(),
            feedback: feedback
                .into_iter()
                .map(
                    |(day, source, ratings, overall, ces, nps, comment)| ExportedFeedback {
                        day,
                        source,
                        ratings: serde_json::from_str(&ratings).unwrap_or_default(),
                        overall,
                        ces,
                        nps,
                        comment,
                    },
                )
                .collect(),
        });
    }
    Ok(out)
}

/// Deletes what hangs off an organisation's journeys (nonces, responses, links,
/// moments), counted per table; the journeys themselves go with the organisation's
/// other rows.
pub(crate) async fn erase_journey_data(
    conn: &mut crate::Conn,
    org_id: i64,
) -> Result<Vec<(String, i64)>> {
    let mut rows = Vec::new();
    for (table, sql) in [
        (
            "journey_nonces",
            "DELETE FROM journey_nonces WHERE link_id IN (SELECT l.id FROM journey_links l \
             JOIN journeys j ON j.id = l.journey_id WHERE j.org_id = $1)",
        ),
        (
            "journey_feedback",
            "DELETE FROM journey_feedback WHERE journey_id IN (SELECT id FROM journeys WHERE org_id = $1)",
        ),
        (
            "journey_links",
            "DELETE FROM journey_links WHERE journey_id IN (SELECT id FROM journeys WHERE org_id = $1)",
        ),
        (
            "journey_moments",
            "DELETE FROM journey_moments WHERE journey_id IN (SELECT id FROM journeys WHERE org_id = $1)",
        ),
    ] {
        let n = sqlx::query(sql)
            .bind(org_id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        rows.push((table.to_string(), i64::try_from(n).unwrap_or(i64::MAX)));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_counts_on_its_danish_day() {
        // 2026-06-30 22:30 UTC is 00:30 on 1 July in Copenhagen (summer, +02:00)
        let july1 = 1_782_864_000; // 2026-07-01 00:00 UTC
        assert_eq!(day_of(july1 - 5_400), july1);
        // 21:30 UTC is still 23:30 on 30 June
        assert_eq!(day_of(july1 - 9_000), july1 - DAY_SECS);
        // winter (+01:00): 2026-01-14 23:30 UTC is 00:30 on the 15th
        let jan15 = 1_768_435_200;
        assert_eq!(day_of(jan15 - 1_800), jan15);
        assert_eq!(day_of(jan15 - 3_700), jan15 - DAY_SECS);
    }

    async fn store() -> (Store, tempfile_dir::Dir) {
        let dir = tempfile_dir::Dir::new();
        let db = crate::testing::fresh_db(&dir.path(""), "t.db")
            .await
            .unwrap();
        let s = Store::open(&db).await.unwrap();
        (s, dir)
    }

    /// A throwaway folder without a dev-dependency.
    mod tempfile_dir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                let p =
                    std::env::temp_dir().join(format!("trappe-journeys-{}", crate::new_token()));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
            pub fn path(&self, name: &str) -> std::path::PathBuf {
                self.0.join(name)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn new_journey(ids: &[&str]) -> NewJourney {
        NewJourney {
            name: "Boligstøtte".into(),
            service: "Boligstøtte".into(),
            scale: Scale::Bipolar7,
            retention_days: DEFAULT_JOURNEY_RETENTION_DAYS,
            moments: ids.iter().map(|i| Moment::bare(i)).collect(),
        }
    }

    async fn org(s: &Store) -> i64 {
        s.add_org(&trappe_core::NewOrg::parse("Aarhus Kommune", "kommune", None, &[]).unwrap())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn journeys_links_nonces_and_feedback_round_trip() {
        let (s, _d) = store().await;
        let o = org(&s).await;
        assert!(s
            .create_journey(o, &new_journey(&["a", "b"]))
            .await
            .is_err());
        let mut bad = new_journey(&["a", "b", "c"]);
        bad.moments[1].channel = Some("pigeon".into());
        let e = s.create_journey(o, &bad).await.unwrap_err().to_string();
        assert!(
            e.contains("moment 2 (b) channel") && e.contains("pigeon"),
            "{e}"
        );
        let id = s
            .create_journey(o, &new_journey(&["a", "b", "c"]))
            .await
            .unwrap();
        let j = s.journey(id).await.unwrap().unwrap();
        assert_eq!(j.moment_ids(), vec!["a", "b", "c"]);
        let link = s.create_feedback_link(id, "brev").await.unwrap();
        assert_eq!(link.token.len(), TOKEN_LEN);
        let visit = s.feedback_visit(&link.token).await.unwrap().unwrap();
        assert_eq!(visit.org_name, "Aarhus Kommune");
        let f = Feedback {
            moments: vec![Some(3), None, Some(7)],
            overall: Some(5),
            ces: Some(6),
            nps: Some(9),
            comment: Some("  fint  ".into()),
        };
        let nonce = s.issue_feedback_nonce(link.id).await.unwrap();
        assert!(!s
            .add_form_feedback(link.id, "forged", &j, &f)
            .await
            .unwrap());
        assert!(s.add_form_feedback(link.id, &nonce, &j, &f).await.unwrap());
        assert!(
            !s.add_form_feedback(link.id, &nonce, &j, &f).await.unwrap(),
            "a nonce is spent once"
        );
        let stored = s.journey_feedback(&j, None, None).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].feedback.moments, f.moments);
        assert_eq!(stored[0].feedback.comment.as_deref(), Some("fint"));
        assert_eq!(stored[0].day % DAY_SECS, 0, "a day, never a finer time");
        // The stored row holds no trace of the link or the nonce.
        use sqlx::{Column, Row};
        let row = sqlx::query("SELECT * FROM journey_feedback")
            .fetch_one(&s.pool)
            .await
            .unwrap();
        let cols: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
        assert_eq!(
            cols.join(","),
            "id,journey_id,day,source,ratings,overall,ces,nps,comment"
        );
    }

    #[tokio::test]
    async fn expired_feedback_is_purged_per_journey_and_logged() {
        let (s, _d) = store().await;
        let o = org(&s).await;
        let id = s
            .create_journey(o, &new_journey(&["a", "b", "c"]))
            .await
            .unwrap();
        let f = Feedback {
            moments: vec![Some(1), Some(2), Some(3)],
            ..Feedback::default()
        };
        s.import_feedback(id, &[f.clone(), f]).await.unwrap();
        let t = now();
        assert!(s
            .purge(t, false, None)
            .await
            .unwrap()
            .iter()
            .all(|p| p.kind != PURGE_KIND));
        let later = t + (DEFAULT_JOURNEY_RETENTION_DAYS + 1) * DAY_SECS;
        let dry = s.purge(later, true, None).await.unwrap();
        let item = dry.iter().find(|p| p.kind == PURGE_KIND).unwrap();
        assert_eq!(item.rows, vec![("feedback responses", 2)]);
        s.purge(later, false, Some("test")).await.unwrap();
        let j = s.journey(id).await.unwrap().unwrap();
        assert!(s.journey_feedback(&j, None, None).await.unwrap().is_empty());
        assert_eq!(s.audit_count(Some("purge")).await.unwrap(), 1);
    }

    #[tokio::test]
    async fn unused_form_nonces_go_with_the_purge_after_a_day() {
        let (s, _d) = store().await;
        let o = org(&s).await;
        let id = s
            .create_journey(o, &new_journey(&["a", "b", "c"]))
            .await
            .unwrap();
        let link = s.create_feedback_link(id, "brev").await.unwrap();
        s.issue_feedback_nonce(link.id).await.unwrap();
        let nonces = || async {
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM journey_nonces")
                .fetch_one(&s.pool)
                .await
                .unwrap();
            n
        };
        let t = now();
        s.purge(t + NONCE_TTL_SECS - 60, false, None).await.unwrap();
        assert_eq!(nonces().await, 1, "a nonce lives a day");
        s.purge(t + NONCE_TTL_SECS + 60, false, None).await.unwrap();
        assert_eq!(nonces().await, 0);
    }
}
