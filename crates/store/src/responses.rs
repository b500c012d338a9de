//! Anonymous responses: saved page by page, then submitted.

use crate::{Result, Store, StoreError};
use std::collections::HashMap;
use trappe_core::{Answer, Answers};

/// A submitted response as scoring needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub org_id: i64,
    pub role: Option<String>,
    pub answers: Answers,
    /// Barrier id -> rating 1..=5 (don't know is left out).
    pub barriers: HashMap<String, u8>,
    /// Counts toward the round's minimum: not through a link the organisation's own
    /// staff made, unless an organiser approved it.
    pub independent: bool,
}

/// A complete response collected elsewhere (paper, another survey tool) or generated.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedResponse {
    pub org_id: i64,
    pub role: Option<String>,
    pub answers: Answers,
    pub barriers: Vec<(String, u8)>,
}

/// What one saved page of the questionnaire changes.
#[derive(Debug, Default, Clone)]
pub struct PageSave {
    /// item -> value; None removes the answer.
    pub answers: Vec<(String, Option<String>)>,
    pub role: Option<Option<String>>,
    pub own_barrier: Option<Option<String>>,
}

/// A response in progress, as the questionnaire shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub role: Option<String>,
    pub own_barrier: Option<String>,
    pub answers: HashMap<String, String>,
    pub complete: bool,
}

pub const BARRIER_PREFIX: &str = "barrier:";

/// Rows per INSERT statement when importing (5 parameters each, far below either
/// backend's limit).
const IMPORT_BATCH: usize = 500;

/// What [`Store::import_response_file`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseImport {
    /// This many responses were stored.
    Imported(usize),
    /// The same content was imported into the round before (`responses` responses, at
    /// `at`, unix seconds): nothing was stored again.
    AlreadyImported { responses: i64, at: i64 },
}

/// The fingerprint of an imported file's content: SHA-256, hex.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// Where an imported file is remembered: a key in `settings` (value "RESPONSES AT").
fn import_key(round_id: i64, fingerprint: &str) -> String {
    format!("responses-import:{round_id}:{fingerprint}")
}

fn already(value: &str) -> ResponseImport {
    let mut parts = value.split(' ').map(|p| p.parse::<i64>().unwrap_or(0));
    ResponseImport::AlreadyImported {
        responses: parts.next().unwrap_or(0),
        at: parts.next().unwrap_or(0),
    }
}

/// Inserts complete responses with one multi-row INSERT.
async fn insert_complete(
    tx: &mut crate::Tx,
    round_id: i64,
    rows: &[ImportedResponse],
    source: &str,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = String::from(
        "INSERT INTO responses (id, round_id, org_id, status, role, source, answers) VALUES ",
    );
    for i in 0..rows.len() {
        let p = i * 6;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${}, ${}, ${}, 'complete', ${}, ${}, ${})",
            p + 1,
            p + 2,
            p + 3,
            p + 4,
            p + 5,
            p + 6
        ));
    }
    let mut q = sqlx::query(&sql);
    for r in rows {
        let items: HashMap<String, String> = r
            .answers
            .iter()
            .map(|(q, a)| (q.clone(), a.code()))
            .chain(
                r.barriers
                    .iter()
                    .map(|(b, v)| (format!("{BARRIER_PREFIX}{b}"), v.to_string())),
            )
            .collect();
        q = q
            .bind(new_response_id())
            .bind(round_id)
            .bind(r.org_id)
            .bind(r.role.clone())
            .bind(source.to_string())
            .bind(pack(&items));
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// A new response's id: random, so that ids carry no order of arrival (a sequential id
/// would tell which response came first, and with the links page, whose).
fn new_response_id() -> i64 {
    // Positive, below 2^53 (exact in any JSON reader); a clash is about as likely as
    // guessing a token, and would only fail the insert.
    (rand::random::<u64>() >> 11) as i64 + 1
}

/// Publishes an organisation's complete responses that are not yet part of what its
/// results are read from, when the round's rule allows: while the round is open only
/// for `ResultsShown::Batches` rounds, and then only as a batch with at least
/// `min_responses` independent responses, unless the organisation has fewer than that
/// published (its scores are withheld, so publishing moves only its response count).
/// Once closed, the same rule applies to what is left (a first close publishes all: no
/// figure showed before). So comparing the results between two visits never isolates
/// fewer than `min_responses` independent respondents.
pub(crate) async fn publish_pending(tx: &mut crate::Tx, round_id: i64, org_id: i64) -> Result<()> {
    let round: Option<(String, String, i64)> =
        sqlx::query_as("SELECT status, results_shown, min_responses FROM rounds WHERE id = $1")
            .bind(round_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((status, shown, min)) = round else {
        return Ok(());
    };
    if status != "closed" && shown != "batches" {
        return Ok(());
    }
    let (pending, pending_independent, published_independent): (i64, i64, i64) = sqlx::query_as(
        "SELECT \
               COUNT(CASE WHEN published = 0 THEN 1 END), \
               COUNT(CASE WHEN published = 0 AND staff_unapproved = 0 THEN 1 END), \
               COUNT(CASE WHEN published = 1 AND staff_unapproved = 0 THEN 1 END) \
             FROM responses WHERE round_id = $1 AND org_id = $2 AND status = 'complete'",
    )
    .bind(round_id)
    .bind(org_id)
    .fetch_one(&mut **tx)
    .await?;
    if pending == 0 || (pending_independent < min && published_independent >= min) {
        return Ok(());
    }
    sqlx::query(
        "UPDATE responses SET published = 1 \
         WHERE round_id = $1 AND org_id = $2 AND status = 'complete' AND published = 0",
    )
    .bind(round_id)
    .bind(org_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The publishing rule for each organisation an import added responses to.
async fn publish_imported(
    tx: &mut crate::Tx,
    round_id: i64,
    rows: &[ImportedResponse],
) -> Result<()> {
    let (status, shown): (String, String) =
        sqlx::query_as("SELECT status, results_shown FROM rounds WHERE id = $1")
            .bind(round_id)
            .fetch_one(&mut **tx)
            .await?;
    if status != "closed" && shown != "batches" {
        return Ok(());
    }
    let orgs: std::collections::BTreeSet<i64> = rows.iter().map(|r| r.org_id).collect();
    for org in orgs {
        publish_pending(tx, round_id, org).await?;
    }
    Ok(())
}

/// A response's answers as stored: one JSON object, item -> value.
fn unpack(json: &str) -> HashMap<String, String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn pack(items: &HashMap<String, String>) -> String {
    // Sorted keys keep the stored text stable.
    let sorted: std::collections::BTreeMap<&String, &String> = items.iter().collect();
    serde_json::to_string(&sorted).unwrap_or_else(|_| "{}".into())
}

impl Store {
    /// The response a single-use link is filling in, created on first visit.
    pub async fn start_response(&self, invitation_id: i64) -> Result<i64> {
        let mut tx = self.write().await?;
        let row: Option<LinkRow> = sqlx::query_as(
            "SELECT round_id, org_id, status, response_id, made_by, approved, revoked \
             FROM invitations WHERE id = $1 AND kind = 'single'",
        )
        .bind(invitation_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (round_id, org_id, status, response_id, made_by, approved, revoked) =
            row.ok_or_else(|| StoreError::NotFound(format!("invitation {invitation_id}")))?;
        if revoked != 0 {
            return Err(StoreError::Conflict("this link has been revoked".into()));
        }
        if status == "used" {
            return Err(StoreError::Conflict("this link has been used".into()));
        }
        if let Some(id) = response_id {
            return Ok(id);
        }
        // The only trace of the link the response keeps: whether it counts apart.
        let staff_unapproved = i64::from(made_by == "staff" && approved == 0);
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO responses (id, round_id, org_id, staff_unapproved) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(new_response_id())
        .bind(round_id)
        .bind(org_id)
        .bind(staff_unapproved)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE invitations SET status = 'started', response_id = $1 WHERE id = $2")
            .bind(id)
            .bind(invitation_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves one page in one transaction: all of it or nothing.
    pub async fn save_page(&self, response_id: i64, page: &PageSave) -> Result<()> {
        let mut tx = self.write().await?;
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT status, answers FROM responses WHERE id = $1")
                .bind(response_id)
                .fetch_optional(&mut *tx)
                .await?;
        let mut items = match row {
            None => return Err(StoreError::NotFound(format!("response {response_id}"))),
            Some((s, _)) if s == "complete" => {
                return Err(StoreError::Conflict(
                    "this response has been submitted".into(),
                ))
            }
            Some((_, json)) => unpack(&json),
        };
        for (item, value) in &page.answers {
            match value {
                Some(v) => items.insert(item.clone(), v.clone()),
                None => items.remove(item),
            };
        }
        sqlx::query("UPDATE responses SET answers = $1 WHERE id = $2")
            .bind(pack(&items))
            .bind(response_id)
            .execute(&mut *tx)
            .await?;
        if let Some(role) = &page.role {
            sqlx::query("UPDATE responses SET role = $1 WHERE id = $2")
                .bind(role)
                .bind(response_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(own) = &page.own_barrier {
            sqlx::query("UPDATE responses SET own_barrier = $1 WHERE id = $2")
                .bind(own)
                .bind(response_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn draft(&self, response_id: i64) -> Result<Draft> {
        let row: Option<(Option<String>, Option<String>, String, String)> = sqlx::query_as(
            "SELECT role, own_barrier, status, answers FROM responses WHERE id = $1",
        )
        .bind(response_id)
        .fetch_optional(&self.pool)
        .await?;
        let (role, own_barrier, status, json) =
            row.ok_or_else(|| StoreError::NotFound(format!("response {response_id}")))?;
        Ok(Draft {
            role,
            own_barrier,
            answers: unpack(&json),
            complete: status == "complete",
        })
    }

    /// Submits a response: it becomes complete, its link is spent, and the link no
    /// longer points at it (so nothing ties the token to the answers).
    pub async fn submit_response(&self, invitation_id: i64, response_id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        let link: Option<(String, i64)> = sqlx::query_as(
            "SELECT made_by, approved FROM invitations \
             WHERE id = $1 AND response_id = $2 AND status = 'started' AND revoked = 0",
        )
        .bind(invitation_id)
        .bind(response_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((made_by, approved)) = link else {
            return Err(StoreError::Conflict("this link has been used".into()));
        };
        sqlx::query("UPDATE invitations SET status = 'used', response_id = NULL WHERE id = $1")
            .bind(invitation_id)
            .execute(&mut *tx)
            .await?;
        // Approved since the response started: it counts now.
        let staff_unapproved = i64::from(made_by == "staff" && approved == 0);
        let done: Option<(i64, i64)> = sqlx::query_as(
            "UPDATE responses SET status = 'complete', staff_unapproved = $2 WHERE id = $1 \
             RETURNING round_id, org_id",
        )
        .bind(response_id)
        .bind(staff_unapproved)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((round_id, org_id)) = done {
            // The participation chart's count for today (Danish time): a number per
            // organisation and day, never a row per response.
            sqlx::query(
                "INSERT INTO completions_per_day (round_id, org_id, day, count) VALUES ($1, $2, $3, 1) \
                 ON CONFLICT (round_id, org_id, day) DO UPDATE SET count = completions_per_day.count + 1",
            )
            .bind(round_id)
            .bind(org_id)
            .bind(trappe_core::deadline::danish_day(crate::now()))
            .execute(&mut *tx)
            .await?;
            publish_pending(&mut tx, round_id, org_id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores complete responses in one transaction: all of them or none.
    pub async fn import_responses(
        &self,
        round_id: i64,
        rows: &[ImportedResponse],
        source: &str,
    ) -> Result<usize> {
        if self.round(round_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("round {round_id}")));
        }
        let mut tx = self.write().await?;
        for chunk in rows.chunks(IMPORT_BATCH) {
            insert_complete(&mut tx, round_id, chunk, source).await?;
        }
        publish_imported(&mut tx, round_id, rows).await?;
        tx.commit().await?;
        Ok(rows.len())
    }

    /// Whether content with this fingerprint was imported into the round before: then
    /// (responses, at) of that import.
    pub async fn response_file_imported(
        &self,
        round_id: i64,
        fingerprint: &str,
    ) -> Result<Option<ResponseImport>> {
        let seen: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(import_key(round_id, fingerprint))
            .fetch_optional(&self.pool)
            .await?;
        Ok(seen.map(|(v,)| already(&v)))
    }

    /// Stores the responses of one imported file in one transaction, all or nothing,
    /// and remembers the file by its content (`fingerprint`, see [`content_hash`]) in
    /// the same transaction: the same content imported into the round again stores
    /// nothing. A process killed halfway leaves nothing of the file (the transaction
    /// never committed), so running the import again completes it. `progress` is called
    /// with the rows written so far (not yet committed).
    pub async fn import_response_file(
        &self,
        round_id: i64,
        rows: &[ImportedResponse],
        fingerprint: &str,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<ResponseImport> {
        if self.round(round_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("round {round_id}")));
        }
        let run = self.import_progress().start();
        let key = import_key(round_id, fingerprint);
        let mut tx = self.write().await?;
        let seen: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(&key)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some((value,)) = seen {
            tx.rollback().await?;
            run.succeeded();
            return Ok(already(&value));
        }
        let mut written = 0;
        for chunk in rows.chunks(IMPORT_BATCH) {
            insert_complete(&mut tx, round_id, chunk, "import").await?;
            written += chunk.len();
            run.rows(written as u64);
            progress(written);
        }
        publish_imported(&mut tx, round_id, rows).await?;
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)")
            .bind(&key)
            .bind(format!("{} {}", rows.len(), crate::now()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        run.succeeded();
        Ok(ResponseImport::Imported(rows.len()))
    }

    /// Applies the publishing rule to every organisation of the round (when it closes).
    pub(crate) async fn publish_round(&self, round_id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        let orgs: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT org_id FROM responses \
             WHERE round_id = $1 AND status = 'complete' AND published = 0",
        )
        .bind(round_id)
        .fetch_all(&mut *tx)
        .await?;
        for (org,) in orgs {
            publish_pending(&mut tx, round_id, org).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The respondents' own words on what holds their organisation back (the free-text
    /// barrier): the non-empty texts of a round's published complete responses, optionally
    /// of one organisation, as (organisation, text) sorted by organisation and then by
    /// the text itself, so neither the order of answering nor a role can be read from
    /// them. Whether an organisation's texts may be shown is the caller's rule (its
    /// results must be shown: the round's minimum of independent responses).
    pub async fn own_barriers(
        &self,
        round_id: i64,
        org_id: Option<i64>,
    ) -> Result<Vec<(i64, String)>> {
        let mut rows: Vec<(i64, Option<String>)> = match org_id {
            Some(org_id) => sqlx::query_as(
                "SELECT org_id, own_barrier FROM responses WHERE round_id = $1 AND org_id = $2 \
                     AND status = 'complete' AND published = 1 AND own_barrier IS NOT NULL",
            )
            .bind(round_id)
            .bind(org_id)
            .fetch_all(&self.pool)
            .await?,
            None => {
                sqlx::query_as(
                    "SELECT org_id, own_barrier FROM responses WHERE round_id = $1 \
                     AND status = 'complete' AND published = 1 AND own_barrier IS NOT NULL",
                )
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.retain(|(_, t)| t.as_deref().is_some_and(|t| !t.trim().is_empty()));
        let mut out: Vec<(i64, String)> = rows
            .into_iter()
            .filter_map(|(o, t)| Some((o, t?.trim().to_string())))
            .collect();
        out.sort_unstable();
        Ok(out)
    }

    /// A round's complete responses that results are read from (published: see
    /// `publish_pending`), optionally of one organisation, sorted by their content: the
    /// order carries no time or sequence.
    pub async fn complete_responses(
        &self,
        round_id: i64,
        org_id: Option<i64>,
    ) -> Result<Vec<StoredResponse>> {
        // Two statements, not one with "($2 IS NULL OR org_id = $2)": that form keeps the
        // planner from the (round, organisation) index, and one organisation's report
        // would read every response of the round.
        let mut rows: Vec<Row> = match org_id {
            Some(org_id) => {
                sqlx::query_as(
                    "SELECT org_id, role, answers, staff_unapproved FROM responses \
                     WHERE round_id = $1 AND org_id = $2 AND status = 'complete' AND published = 1",
                )
                .bind(round_id)
                .bind(org_id)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as(
                    "SELECT org_id, role, answers, staff_unapproved FROM responses \
                     WHERE round_id = $1 AND status = 'complete' AND published = 1",
                )
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?
            }
        };
        // Sorted here rather than in SQL: the two backends collate text differently, and
        // every page and export must list the same responses in the same order.
        rows.sort_unstable_by(|a, b| (a.0, &a.2, &a.1, a.3).cmp(&(b.0, &b.2, &b.1, b.3)));
        if rows.len() < PARSE_ALONE {
            return Ok(rows.into_iter().map(stored_response).collect());
        }
        // A whole round (30,000 responses for 1,000 organisations) takes about a second to
        // parse: on every core, off the async threads, in order.
        tokio::task::spawn_blocking(move || {
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8);
            let per = rows.len().div_ceil(threads);
            let mut parts = Vec::with_capacity(threads);
            let mut rows = rows;
            while rows.len() > per {
                let rest = rows.split_off(per);
                parts.push(rows);
                rows = rest;
            }
            parts.push(rows);
            std::thread::scope(|s| {
                let handles: Vec<_> = parts
                    .into_iter()
                    .map(|part| {
                        s.spawn(move || part.into_iter().map(stored_response).collect::<Vec<_>>())
                    })
                    .collect();
                let mut all = Vec::new();
                for h in handles {
                    // Never a round with responses missing: a failed part fails the read.
                    all.extend(
                        h.join().map_err(|_| {
                            StoreError::Invalid("reading the responses failed".into())
                        })?,
                    );
                }
                Ok(all)
            })
        })
        .await
        .map_err(|e| StoreError::Invalid(format!("reading the responses failed: {e}")))?
    }
}

/// Below this many responses they are parsed on the calling thread.
const PARSE_ALONE: usize = 2_000;

/// A link as a response starts from it: round, organisation, status, response, made_by,
/// approved, revoked.
type LinkRow = (i64, i64, String, Option<i64>, String, i64, i64);

/// A stored row: organisation, role, packed answers, staff_unapproved.
type Row = (i64, Option<String>, String, i64);

/// A stored row as scoring needs it.
fn stored_response((org_id, role, json, staff_unapproved): Row) -> StoredResponse {
    let mut r = StoredResponse {
        org_id,
        role,
        answers: Answers::new(),
        barriers: HashMap::new(),
        independent: staff_unapproved == 0,
    };
    for (item, value) in unpack(&json) {
        if let Some(b) = item.strip_prefix(BARRIER_PREFIX) {
            if let Ok(v) = value.parse::<u8>() {
                r.barriers.insert(b.to_string(), v);
            }
        } else if let Some(a) = Answer::parse(&value) {
            r.answers.insert(item, a);
        }
    }
    r
}
