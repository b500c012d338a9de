//! Privacy: data deleted when its retention runs out (purge steps), leases that let one
//! of several app instances run a scheduled job, and an organisation's export and
//! erasure. Every deletion is written to the audit log in the transaction that makes it.

use crate::audit::audit_on;
use crate::rounds::{round_from, RoundRow, ROUND_COLS};
use crate::{now, Result, Store, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::{Backend, Conn, Tx};

/// The keys of a response's answers (a JSON object in TEXT), as a set-returning SQL
/// function over `x.answers`: one row per answer, for counting.
fn answer_keys(conn: &Conn) -> &'static str {
    Backend::of_conn(conn).pick("json_each(x.answers)", "json_object_keys(x.answers::json)")
}

const DAY_SECS: i64 = 86_400;

/// What a purge deleted (or, on a dry run, would delete) of one expired item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Purged {
    /// The purge step's kind of data, e.g. "round".
    pub kind: &'static str,
    pub id: i64,
    pub name: String,
    /// When its retention ran out.
    pub expired_at: i64,
    /// Rows per table.
    pub rows: Vec<(&'static str, i64)>,
}

impl Purged {
    pub fn total(&self) -> i64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }

    /// "3 responses, 40 answers, 5 invitations".
    pub fn counts(&self) -> String {
        self.rows
            .iter()
            .map(|(t, n)| format!("{n} {t}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One kind of data with a retention period: how to find what has expired, and how to
/// delete it. Contact logs and journey feedback become steps of their own when they
/// exist: a variant here, its two arms in `expired` and `delete`, and an entry in
/// `PURGE_STEPS`. `Store::purge` runs every step, logs every deletion and needs no change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurgeStep {
    /// A closed round's responses, answers and links, `retention_days` after it closed.
    /// The round itself stays, with its name and a note that its data was purged.
    RoundData,
    /// A journey's feedback responses, each `retention_days` after the day it was given.
    /// The journey, its moments and links stay.
    JourneyFeedback,
    /// An organisation's contacts, each `contact_retention_days` after its time; the
    /// organisation's cube is recomputed over the rest.
    ContactLog,
}

/// Every purge step, in the order they run.
pub const PURGE_STEPS: &[PurgeStep] = &[
    PurgeStep::RoundData,
    PurgeStep::JourneyFeedback,
    PurgeStep::ContactLog,
];

impl PurgeStep {
    pub fn kind(self) -> &'static str {
        match self {
            PurgeStep::RoundData => "round",
            PurgeStep::JourneyFeedback => crate::journeys::PURGE_KIND,
            PurgeStep::ContactLog => crate::contacts::PURGE_KIND,
        }
    }

    /// What has expired at `at`, with the rows a purge would delete.
    async fn expired(self, tx: &mut Tx, at: i64) -> Result<Vec<Purged>> {
        match self {
            PurgeStep::JourneyFeedback => crate::journeys::expired_feedback(tx, at).await,
            PurgeStep::ContactLog => crate::contacts::expired_contacts(tx, at).await,
            PurgeStep::RoundData => {
                // Expired and either holding data or not yet marked (a round that gets
                // data again after its purge, e.g. by an import, is purged again).
                let rows: Vec<(i64, String, i64, i64, i64, i64, i64)> = sqlx::query_as(&format!(
                    "SELECT r.id, r.name, r.closed_at + r.retention_days * $2, \
                       (SELECT COUNT(*) FROM responses x WHERE x.round_id = r.id), \
                       (SELECT COUNT(*) FROM responses x, {} WHERE x.round_id = r.id), \
                       (SELECT COUNT(*) FROM invitations i WHERE i.round_id = r.id), \
                       (SELECT COUNT(*) FROM respondents p WHERE p.round_id = r.id) \
                     FROM rounds r \
                     WHERE r.status = 'closed' AND r.closed_at IS NOT NULL \
                       AND r.closed_at + r.retention_days * $2 <= $1 \
                       AND (r.purged_at IS NULL \
                         OR EXISTS (SELECT 1 FROM responses x WHERE x.round_id = r.id) \
                         OR EXISTS (SELECT 1 FROM invitations i WHERE i.round_id = r.id) \
                         OR EXISTS (SELECT 1 FROM respondents p WHERE p.round_id = r.id)) \
                     ORDER BY r.id",
                    answer_keys(tx)
                ))
                .bind(at)
                .bind(DAY_SECS)
                .fetch_all(&mut **tx)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(
                        |(id, name, expired_at, responses, answers, invitations, addresses)| {
                            let mut rows = vec![
                                ("responses", responses),
                                ("answers", answers),
                                ("invitations", invitations),
                            ];
                            // A respondent list's addresses, where the round had one.
                            if addresses > 0 {
                                rows.push(("addresses", addresses));
                            }
                            Purged {
                                kind: self.kind(),
                                id,
                                name,
                                expired_at,
                                rows,
                            }
                        },
                    )
                    .collect())
            }
        }
    }

    /// Deletes one expired item; returns the rows deleted per table.
    async fn delete(self, tx: &mut Tx, item: &Purged) -> Result<Vec<(&'static str, i64)>> {
        match self {
            PurgeStep::JourneyFeedback => crate::journeys::delete_expired_feedback(tx, item).await,
            PurgeStep::ContactLog => crate::contacts::delete_expired_contacts(tx, item).await,
            PurgeStep::RoundData => {
                let id = item.id;
                // A response's answers live on its row (a JSON object): counted, then
                // deleted with it.
                let (answers,): (i64,) = sqlx::query_as(&format!(
                    "SELECT COUNT(*) FROM responses x, {} WHERE x.round_id = $1",
                    answer_keys(tx)
                ))
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
                let invitations = sqlx::query("DELETE FROM invitations WHERE round_id = $1")
                    .bind(id)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
                let responses = sqlx::query("DELETE FROM responses WHERE round_id = $1")
                    .bind(id)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
                // The round's respondent list: its addresses go with the rest.
                let addresses = crate::respondents::delete_round_addresses(tx, id).await?;
                let mut rows = vec![
                    ("responses", count(responses)),
                    ("answers", answers),
                    ("invitations", count(invitations)),
                ];
                if addresses > 0 {
                    rows.push(("addresses", count(addresses)));
                }
                let t = now();
                let note = format!(
                    "data deleted on {} when its retention ran out: {}",
                    day(t),
                    Purged {
                        rows: rows.clone(),
                        ..item.clone()
                    }
                    .counts()
                );
                sqlx::query("UPDATE rounds SET purged_at = $1, purge_note = $2 WHERE id = $3")
                    .bind(t)
                    .bind(note)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                Ok(rows)
            }
        }
    }
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A date as YYYY-MM-DD (UTC), for log entries and notes.
fn day(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| t.to_string())
}

/// The scheduled purge's job name in the `jobs` table.
pub const PURGE_JOB: &str = "purge";

/// An organisation's footprint: what `Store::org_export` writes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgExport {
    pub format: &'static str,
    pub exported_at: i64,
    pub organisation: OrgRecord,
    pub tags: Vec<String>,
    /// Rounds the organisation took part in (has links or responses in).
    pub rounds: Vec<OrgRoundExport>,
    /// Accounts linked to the organisation and account invitations for it (counts).
    pub accounts: AccountCounts,
    /// Its citizen journeys with their anonymous feedback (links without tokens).
    pub journeys: Vec<crate::journeys::JourneyExport>,
    /// Its contact log: counts, imports and the cube.
    pub contact_log: crate::contacts::ContactsExport,
    /// Its targets: the questionnaire answered as it wants to be, per round.
    pub targets: Vec<ExportedTarget>,
}

/// An organisation's target in one round, as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedTarget {
    pub round_id: i64,
    /// Question id -> answer code.
    pub answers: BTreeMap<String, String>,
    pub set_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgRecord {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub cvr: Option<String>,
    /// The address its contact was invited at (imported with the organisations).
    pub contact_email: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgRoundExport {
    pub id: i64,
    pub name: String,
    pub model_id: String,
    pub model_version: String,
    pub status: String,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    pub retention_days: i64,
    pub purged_at: Option<i64>,
    /// Links as counts only: tokens are never stored, and their hashes are not exported.
    pub invitations: InvitationCounts,
    pub partial_responses: i64,
    /// Complete responses as stored: anonymous, with no id, time or link.
    pub complete_responses: Vec<ExportedResponse>,
    /// The round's respondent list for the organisation (personal data: the addresses),
    /// by address. Never whether or what an address answered.
    pub respondents: Vec<ExportedRespondent>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedRespondent {
    pub email: String,
    pub role: Option<String>,
    /// `organiser` or `staff`: who put the address on the list.
    pub listed_by: String,
    pub mails_sent: i64,
    /// The mail server's reply when the address was refused for good.
    pub failed: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct InvitationCounts {
    /// Single-use links made (including those open links handed out).
    pub single_use: i64,
    pub open_links: i64,
    /// Single-use links by status.
    pub unused: i64,
    pub started: i64,
    pub used: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedResponse {
    pub role: Option<String>,
    pub own_barrier: Option<String>,
    pub source: String,
    /// Question id (or `barrier:<id>`) -> stored value.
    pub answers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AccountCounts {
    pub linked_users: i64,
    pub account_invitations: i64,
}

/// What `Store::erase_org` deleted (or, on a dry run, would delete).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Erased {
    pub org_id: i64,
    pub name: String,
    /// Rows deleted per table, the organisation's own row last.
    pub rows: Vec<(String, i64)>,
}

impl Erased {
    pub fn counts(&self) -> String {
        self.rows
            .iter()
            .map(|(t, n)| format!("{n} {t}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A response's stored answers (a JSON object, item -> value), as exported.
fn unpack(json: &str) -> BTreeMap<String, String> {
    serde_json::from_str::<BTreeMap<String, serde_json::Value>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => (k, s),
            other => (k, other.to_string()),
        })
        .collect()
}

/// A name from the schema, quoted as an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The items of a retention step: one per owner (an organisation, a journey) of rows
/// whose time plus the owner's retention in days has passed at `at`. `sql` selects
/// (owner id, name, when the newest of its rows ran out, how many) with `$1` = `at` and
/// `$2` = seconds a day; `what` names the rows.
pub(crate) async fn expired_per_owner(
    conn: &mut crate::Conn,
    sql: &str,
    at: i64,
    kind: &'static str,
    what: &'static str,
) -> Result<Vec<Purged>> {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(sql)
        .bind(at)
        .bind(DAY_SECS)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, expired_at, n)| Purged {
            kind,
            id,
            name,
            expired_at,
            rows: vec![(what, n)],
        })
        .collect())
}

async fn table_exists(conn: &mut crate::Conn, table: &str) -> Result<bool> {
    let sql = Backend::of_conn(conn).pick(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
    );
    let row: Option<(i64,)> = sqlx::query_as(sql).bind(table).fetch_optional(conn).await?;
    Ok(row.is_some())
}

impl Store {
    /// Deletes every item whose retention has run out at `at` (unix seconds), step by
    /// step, each step in one transaction with an audit entry per item. A dry run
    /// deletes and logs nothing and returns what would go.
    pub async fn purge(&self, at: i64, dry_run: bool, actor: Option<&str>) -> Result<Vec<Purged>> {
        let mut all = Vec::new();
        for step in PURGE_STEPS {
            let mut tx = if dry_run {
                self.pool.begin().await?
            } else {
                self.write().await?
            };
            let mut items = step.expired(&mut tx, at).await?;
            if !dry_run {
                for item in &mut items {
                    item.rows = step.delete(&mut tx, item).await?;
                    let detail = format!(
                        "{}: {} deleted; retention ran out {}",
                        item.name,
                        item.counts(),
                        day(item.expired_at)
                    );
                    audit_on(
                        &mut tx,
                        actor,
                        "purge",
                        Some(&format!("{} {}", item.kind, item.id)),
                        Some(&detail),
                    )
                    .await?;
                }
                tx.commit().await?;
            }
            all.extend(items);
        }
        if !dry_run {
            let mut tx = self.write().await?;
            let (uploads, imports) = crate::contact_uploads::tidy(&mut tx, at).await?;
            // Not personal data (a hash, a link and a time), so no audit line for them.
            crate::journeys::delete_stale_nonces(&mut tx, at).await?;
            if uploads + imports > 0 {
                audit_on(
                    &mut tx,
                    actor,
                    "purge",
                    Some("contact uploads"),
                    Some(&format!(
                        "{uploads} uploads not mapped within 2 hours deleted; \
                         {imports} imports left running by a stopped process marked failed"
                    )),
                )
                .await?;
            }
            tx.commit().await?;
        }
        Ok(all)
    }

    /// Takes the lease of job `name` until `at + lease_secs`, if nobody holds it at `at`.
    /// Only one of any number of concurrent claimers (on any instance sharing the
    /// database) gets true: the UPDATE moves `locked_until` only where it has passed.
    pub async fn claim_job(&self, name: &str, at: i64, lease_secs: i64) -> Result<bool> {
        sqlx::query(
            "INSERT INTO jobs (name, locked_until) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .execute(&self.pool)
        .await?;
        let done = sqlx::query(
            "UPDATE jobs SET locked_until = $2, last_started_at = $3 WHERE name = $1 AND locked_until < $3",
        )
        .bind(name)
        .bind(at.saturating_add(lease_secs))
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The scheduled purge: runs (as the system) only when this instance wins the
    /// job's lease for the period; None when another instance has it.
    pub async fn scheduled_purge(&self, at: i64, lease_secs: i64) -> Result<Option<Vec<Purged>>> {
        if !self.claim_job(PURGE_JOB, at, lease_secs).await? {
            return Ok(None);
        }
        Ok(Some(self.purge(at, false, None).await?))
    }

    /// Everything Trappe holds about an organisation, read in one transaction: the
    /// organisation, its tags, the rounds it took part in with its complete responses
    /// (anonymous, as stored), and links and accounts as counts only.
    pub async fn org_export(&self, org_id: i64) -> Result<OrgExport> {
        let mut tx = self.pool.begin().await?;
        #[allow(clippy::type_complexity)]
        let org: Option<(i64, String, String, Option<String>, Option<String>, i64)> =
            sqlx::query_as(
                "SELECT id, name, kind, cvr, contact_email, created_at FROM organisations WHERE id = $1",
            )
        .bind(org_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (id, name, kind, cvr, contact_email, created_at) =
            org.ok_or_else(|| StoreError::NotFound(format!("organisation {org_id}")))?;
        let tags: Vec<(String,)> =
            sqlx::query_as("SELECT tag FROM organisation_tags WHERE org_id = $1 ORDER BY tag")
                .bind(org_id)
                .fetch_all(&mut *tx)
                .await?;
        let rounds: Vec<RoundRow> = sqlx::query_as(&format!(
            "SELECT {ROUND_COLS} FROM rounds WHERE id IN \
               (SELECT round_id FROM invitations WHERE org_id = $1 \
                UNION SELECT round_id FROM responses WHERE org_id = $1 \
                UNION SELECT round_id FROM respondents WHERE org_id = $1) ORDER BY id"
        ))
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut out = Vec::new();
        for r in rounds.into_iter().map(round_from) {
            let (single_use, open_links, unused, started, used): (i64, i64, i64, i64, i64) =
                sqlx::query_as(
                    "SELECT COUNT(CASE WHEN kind = 'single' THEN 1 END), \
                       COUNT(CASE WHEN kind = 'open' THEN 1 END), \
                       COUNT(CASE WHEN kind = 'single' AND status = 'unused' THEN 1 END), \
                       COUNT(CASE WHEN kind = 'single' AND status = 'started' THEN 1 END), \
                       COUNT(CASE WHEN kind = 'single' AND status = 'used' THEN 1 END) \
                     FROM invitations WHERE round_id = $1 AND org_id = $2",
                )
                .bind(r.id)
                .bind(org_id)
                .fetch_one(&mut *tx)
                .await?;
            let (partial,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM responses WHERE round_id = $1 AND org_id = $2 AND status = 'partial'",
            )
            .bind(r.id)
            .bind(org_id)
            .fetch_one(&mut *tx)
            .await?;
            let mut heads: Vec<(Option<String>, Option<String>, String, String)> = sqlx::query_as(
                "SELECT role, own_barrier, source, answers FROM responses \
                 WHERE round_id = $1 AND org_id = $2 AND status = 'complete'",
            )
            .bind(r.id)
            .bind(org_id)
            .fetch_all(&mut *tx)
            .await?;
            #[allow(clippy::type_complexity)]
            let respondents: Vec<(
                String,
                Option<String>,
                String,
                i64,
                Option<String>,
            )> = sqlx::query_as(
                "SELECT email, role, listed_by, mails_sent, failed FROM respondents \
                     WHERE round_id = $1 AND org_id = $2 ORDER BY email_key",
            )
            .bind(r.id)
            .bind(org_id)
            .fetch_all(&mut *tx)
            .await?;
            // By content, not by id: the order carries no time or sequence.
            heads.sort_unstable_by(|a, b| (&a.3, &a.0, &a.1, &a.2).cmp(&(&b.3, &b.0, &b.1, &b.2)));
            out.push(OrgRoundExport {
                id: r.id,
                name: r.name,
                model_id: r.model_id,
                model_version: r.model_version,
                status: r.status.as_str().to_string(),
                created_at: r.created_at,
                closed_at: r.closed_at,
                retention_days: r.retention_days,
                purged_at: r.purged_at,
                invitations: InvitationCounts {
                    single_use,
                    open_links,
                    unused,
                    started,
                    used,
                },
                partial_responses: partial,
                complete_responses: heads
                    .into_iter()
                    .map(|(role, own_barrier, source, answers)| ExportedResponse {
                        role,
                        own_barrier,
                        source,
                        answers: unpack(&answers),
                    })
                    .collect(),
                respondents: respondents
                    .into_iter()
                    .map(
                        |(email, role, listed_by, mails_sent, failed)| ExportedRespondent {
                            email,
                            role,
                            listed_by,
                            mails_sent,
                            failed,
                        },
                    )
                    .collect(),
            });
        }
        let journeys = crate::journeys::export_journeys(&mut tx, org_id).await?;
        let contact_log = crate::contacts::export_contacts(&mut tx, org_id).await?;
        let targets: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT round_id, answers, set_at FROM targets WHERE org_id = $1 ORDER BY round_id",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut accounts = AccountCounts::default();
        for (table, n) in [
            ("user_organisations", &mut accounts.linked_users),
            ("account_invitations", &mut accounts.account_invitations),
        ] {
            if table_exists(&mut tx, table).await? {
                let (c,): (i64,) = sqlx::query_as(&format!(
                    "SELECT COUNT(*) FROM {} WHERE org_id = $1",
                    ident(table)
                ))
                .bind(org_id)
                .fetch_one(&mut *tx)
                .await?;
                *n = c;
            }
        }
        Ok(OrgExport {
            format: "trappe-organisation-export/1",
            exported_at: now(),
            organisation: OrgRecord {
                id,
                name,
                kind,
                cvr,
                contact_email,
                created_at,
            },
            tags: tags.into_iter().map(|t| t.0).collect(),
            rounds: out,
            accounts,
            journeys,
            contact_log,
            targets: targets
                .into_iter()
                .map(|(round_id, answers, set_at)| ExportedTarget {
                    round_id,
                    answers: unpack(&answers),
                    set_at,
                })
                .collect(),
        })
    }

    /// Deletes an organisation and everything of it in one transaction: its rows in every
    /// table that refers to organisations (found in the schema, so tables added later are
    /// covered too; responses carry their answers), then the organisation; and logs it
    /// in the same transaction. A dry run counts and rolls back.
    pub async fn erase_org(
        &self,
        org_id: i64,
        actor: Option<&str>,
        dry_run: bool,
    ) -> Result<Erased> {
        let mut tx = self.write().await?;
        let erased = erase_org_on(&mut tx, org_id, actor).await?;
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(erased)
    }
}

/// [`Store::erase_org`] on `tx`, whose owner commits or (a dry run) rolls back.
pub(crate) async fn erase_org_on(
    tx: &mut Conn,
    org_id: i64,
    actor: Option<&str>,
) -> Result<Erased> {
    // An import of its contact log runs outside the write lock: wait for it.
    crate::lock_contact_log(tx, org_id).await?;
    let name: Option<(String,)> = sqlx::query_as("SELECT name FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&mut *tx)
        .await?;
    let (name,) = name.ok_or_else(|| StoreError::NotFound(format!("organisation {org_id}")))?;
    let mut rows = Vec::new();
    // Answers live on their response's row: counted here, deleted with it below.
    let (answers,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM responses x, {} WHERE x.org_id = $1",
        answer_keys(tx)
    ))
    .bind(org_id)
    .fetch_one(&mut *tx)
    .await?;
    rows.push(("answers".to_string(), answers));
    // Contacts and viewers of this organisation and no other are left with nothing
    // to see: they go too, with their sessions, keys and invitations (organisers never).
    let orphans: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.username FROM users u \
         WHERE u.role IN ('contact', 'viewer') \
           AND EXISTS (SELECT 1 FROM user_organisations l WHERE l.user_id = u.id AND l.org_id = $1) \
           AND NOT EXISTS (SELECT 1 FROM user_organisations l WHERE l.user_id = u.id AND l.org_id <> $1) \
         ORDER BY u.id",
    )
    .bind(org_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut gone = [
        ("sessions of those accounts", 0),
        ("API keys of those accounts", 0),
        ("account invitations by those accounts", 0),
    ];
    for (user_id, username) in &orphans {
        for (i, sql) in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM api_tokens WHERE created_by = $1",
        ]
        .into_iter()
        .enumerate()
        {
            let n = sqlx::query(sql)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            gone[i].1 += count(n);
        }
        let n = sqlx::query("DELETE FROM account_invitations WHERE created_by = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        gone[2].1 += count(n);
        // Pending logins, recovery codes and single sign-on identities follow the
        // account (ON DELETE CASCADE).
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        // Rolled back with the rest on a dry run.
        audit_on(
            tx,
            actor,
            "account_deleted",
            Some(username),
            Some(&format!(
                "left with no organisation by the erasure of org {org_id}"
            )),
        )
        .await?;
    }
    rows.push((
        "accounts left with no organisation".to_string(),
        count(orphans.len() as u64),
    ));
    rows.extend(gone.iter().map(|(t, n)| (t.to_string(), *n)));
    // What hangs off its journeys; the journeys go with the tables below.
    rows.extend(crate::journeys::erase_journey_data(tx, org_id).await?);
    let refs: Vec<(String, String)> = sqlx::query_as(Backend::of_conn(tx).pick(
        "SELECT m.name, p.\"from\" FROM sqlite_master m, pragma_foreign_key_list(m.name) p \
         WHERE m.type = 'table' AND p.\"table\" = 'organisations' ORDER BY m.name, p.\"from\"",
        "SELECT t.relname::text, a.attname::text \
         FROM pg_constraint c \
         JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) \
         WHERE c.contype = 'f' AND c.confrelid = 'organisations'::regclass \
         ORDER BY t.relname COLLATE \"C\", a.attname COLLATE \"C\"",
    ))
    .fetch_all(&mut *tx)
    .await?;
    for (table, column) in refs {
        let n = sqlx::query(&format!(
            "DELETE FROM {} WHERE {} = $1",
            ident(&table),
            ident(&column)
        ))
        .bind(org_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        rows.push((table, count(n)));
    }
    let n = sqlx::query("DELETE FROM organisations WHERE id = $1")
        .bind(org_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    rows.push(("organisations".to_string(), count(n)));
    let erased = Erased { org_id, name, rows };
    audit_on(
        tx,
        actor,
        "erase",
        Some(&format!("org {org_id}")),
        Some(&format!("{}: {} deleted", erased.name, erased.counts())),
    )
    .await?;
    Ok(erased)
}
