//! A round's respondent lists (issue 14): addresses per organisation, each mailed its
//! own single-use link. A row knows how many mails went to its address, whether the
//! server refused it for good, and (through its link's state) whether its person has
//! completed: never when, never what they answered (a response keeps no link).

use crate::{hash_token, new_token, now, NewMail, Result, Store, StoreError};
use trappe_core::respondents::{ListProblem, ListReason, ListRow};

/// Who put an address on a round's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListedBy {
    /// The organiser, for any organisation.
    Organiser,
    /// An organisation's own contact, for that organisation only: the links mailed to
    /// these addresses are staff-made (see `MadeBy::Staff`).
    Staff,
}

impl ListedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ListedBy::Organiser => "organiser",
            ListedBy::Staff => "staff",
        }
    }
}

/// What importing a list did for one organisation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ListCount {
    pub org_id: i64,
    pub name: String,
    /// New addresses on the round's list.
    pub added: i64,
    /// Addresses the round's list had already (in any letter case), or twice in the file.
    pub already: i64,
}

/// A list refused whole: every problem with its line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
pub struct ListRefusal(pub Vec<ListProblem>);

/// A round's list for one organisation, as counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ListSummary {
    pub org_id: i64,
    pub name: String,
    pub listed: i64,
    pub invited: i64,
    pub completed: i64,
    pub failed: i64,
}

/// One address of a list as its organiser (or its organisation's contact) sees it:
/// whether it was invited and whether its person completed, yes or no.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedAddress {
    pub org_name: String,
    pub email: String,
    pub role: Option<String>,
    pub invited: bool,
    pub completed: bool,
    /// The server's reply when it refused the address for good.
    pub failed: Option<String>,
}

/// Which mail to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundMail {
    /// To everyone listed and not yet invited: a new single-use link each.
    Invitation,
    /// To everyone invited who has not completed (and whose address was not refused,
    /// and who has no mail of the round waiting or of unknown outcome): their link again,
    /// with a fresh token (the earlier one stops working; answers saved so far stay).
    Reminder,
}

impl RoundMail {
    /// The kind of its messages in the mail queue.
    pub fn kind(self) -> &'static str {
        match self {
            RoundMail::Invitation => "respondent_invitation",
            RoundMail::Reminder => "respondent_reminder",
        }
    }
}

/// One address a mail is about to go to, for the caller to write the mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailTarget {
    pub org_id: i64,
    pub org_name: String,
    pub email: String,
}

/// An address row: organisation, address, role, mails sent, link status, refusal.
type AddressRow = (
    String,
    String,
    Option<String>,
    i64,
    Option<String>,
    Option<String>,
);

/// The mail kinds that belong to a respondent list.
const LIST_KINDS: &str = "('respondent_invitation', 'respondent_reminder')";

/// Who gets `which` mail now (the condition on `respondents r` joined with its link
/// `i`). `$1` is the round, `$2` an organisation or NULL.
/// What a send of a round's mails did.
#[derive(Debug, Clone, PartialEq)]
pub enum Queued {
    /// The queued mails' ids.
    Mails(Vec<i64>),
    /// Another send of this round is being queued right now: nothing queued.
    Busy,
    /// The list gives `now` recipients, not the count the organiser confirmed: nothing
    /// queued.
    Changed { now: usize },
}

fn target_sql(which: RoundMail) -> String {
    let waiting = format!(
        "EXISTS (SELECT 1 FROM mail_messages m WHERE m.round_id = r.round_id \
           AND m.kind IN {LIST_KINDS} AND LOWER(m.recipient) = r.email_key \
           AND m.state IN ('queued', 'sending', 'unknown'))"
    );
    let cond = match which {
        RoundMail::Invitation => "r.link_id IS NULL".to_string(),
        RoundMail::Reminder => format!(
            "r.link_id IS NOT NULL AND i.status <> 'used' AND i.revoked = 0 AND NOT {waiting}"
        ),
    };
    format!(
        "FROM respondents r JOIN organisations o ON o.id = r.org_id \
         LEFT JOIN invitations i ON i.id = r.link_id \
         WHERE r.round_id = $1 AND ($2 IS NULL OR r.org_id = $2) AND r.failed IS NULL AND {cond}"
    )
}

impl Store {
    /// The organisation a list's `org` cell names: an id, a CVR number or an exact name.
    pub async fn resolve_org(&self, cell: &str) -> Result<Option<(i64, String)>> {
        let cell = cell.trim();
        if let Ok(id) = cell.parse::<i64>() {
            if let Some(o) = self.org(id).await? {
                return Ok(Some((o.id, o.name)));
            }
        }
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM organisations WHERE cvr = $1 OR name = $1 ORDER BY id LIMIT 1",
        )
        .bind(cell)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row)
    }

    /// Puts a list's addresses on round `round_id`'s list, all or none: an `org` that
    /// names no organisation (or, with `only_org`, another organisation than the
    /// uploader's own) refuses the whole list with its line and column. An address the
    /// round has already (in any letter case) is counted, not doubled. Returns the
    /// counts per organisation, by name.
    pub async fn import_respondents(
        &self,
        round_id: i64,
        rows: &[ListRow],
        listed_by: ListedBy,
        only_org: Option<i64>,
    ) -> Result<std::result::Result<Vec<ListCount>, ListRefusal>> {
        if self.round(round_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("round {round_id}")));
        }
        let mut problems = Vec::new();
        let mut cache: std::collections::HashMap<String, Option<(i64, String)>> =
            std::collections::HashMap::new();
        let mut resolved = Vec::with_capacity(rows.len());
        for row in rows {
            if problems.len() >= trappe_core::respondents::MAX_PROBLEMS {
                break;
            }
            let org = match cache.get(&row.org) {
                Some(o) => o.clone(),
                None => {
                    let o = self.resolve_org(&row.org).await?;
                    cache.insert(row.org.clone(), o.clone());
                    o
                }
            };
            let problem = |reason: ListReason| ListProblem {
                line: row.line,
                column: Some("org".into()),
                reason,
            };
            match org {
                None => problems.push(problem(ListReason::UnknownOrg(
                    row.org.chars().take(80).collect(),
                ))),
                Some((id, name)) if only_org.is_some_and(|o| o != id) => {
                    problems.push(problem(ListReason::OtherOrg(name)))
                }
                Some((id, name)) => resolved.push((id, name, row)),
            }
        }
        if !problems.is_empty() {
            return Ok(Err(ListRefusal(problems)));
        }
        let mut counts: Vec<ListCount> = Vec::new();
        let mut tx = self.write().await?;
        for (org_id, name, row) in resolved {
            let done = sqlx::query(
                "INSERT INTO respondents (round_id, org_id, email, email_key, role, listed_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (round_id, email_key) DO NOTHING",
            )
            .bind(round_id)
            .bind(org_id)
            .bind(row.email.as_str())
            .bind(row.email.key())
            .bind(&row.role)
            .bind(listed_by.as_str())
            .execute(&mut *tx)
            .await?;
            let i = match counts.iter().position(|c| c.org_id == org_id) {
                Some(i) => i,
                None => {
                    counts.push(ListCount {
                        org_id,
                        name,
                        added: 0,
                        already: 0,
                    });
                    counts.len() - 1
                }
            };
            if done.rows_affected() == 1 {
                counts[i].added += 1;
            } else {
                counts[i].already += 1;
            }
        }
        tx.commit().await?;
        counts.sort_by(|a, b| a.name.cmp(&b.name).then(a.org_id.cmp(&b.org_id)));
        Ok(Ok(counts))
    }

    /// A round's list as counts per organisation (or of one), by name.
    pub async fn list_summary(&self, round_id: i64, org: Option<i64>) -> Result<Vec<ListSummary>> {
        let rows: Vec<(i64, String, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT o.id, o.name, COUNT(*), \
               SUM(CASE WHEN r.mails_sent > 0 THEN 1 ELSE 0 END), \
               SUM(CASE WHEN i.status = 'used' THEN 1 ELSE 0 END), \
               SUM(CASE WHEN r.failed IS NOT NULL THEN 1 ELSE 0 END) \
             FROM respondents r JOIN organisations o ON o.id = r.org_id \
             LEFT JOIN invitations i ON i.id = r.link_id \
             WHERE r.round_id = $1 AND ($2 IS NULL OR r.org_id = $2) \
             GROUP BY o.id, o.name ORDER BY o.name, o.id",
        )
        .bind(round_id)
        .bind(org)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ListSummary {
                org_id: r.0,
                name: r.1,
                listed: r.2,
                invited: r.3,
                completed: r.4,
                failed: r.5,
            })
            .collect())
    }

    /// A round's addresses (or one organisation's), by organisation and address: each
    /// with invited and completed yes/no. Never beside an answer.
    pub async fn listed_addresses(
        &self,
        round_id: i64,
        org: Option<i64>,
    ) -> Result<Vec<ListedAddress>> {
        self.listed_addresses_by(round_id, org, None).await
    }

    /// [`Store::listed_addresses`], only those `by` listed when given (a contact sees its
    /// staff's list, not the organiser's).
    pub async fn listed_addresses_by(
        &self,
        round_id: i64,
        org: Option<i64>,
        by: Option<ListedBy>,
    ) -> Result<Vec<ListedAddress>> {
        let rows: Vec<AddressRow> = sqlx::query_as(
            "SELECT o.name, r.email, r.role, r.mails_sent, i.status, r.failed \
                 FROM respondents r JOIN organisations o ON o.id = r.org_id \
                 LEFT JOIN invitations i ON i.id = r.link_id \
                 WHERE r.round_id = $1 AND ($2 IS NULL OR r.org_id = $2) \
                   AND ($3 IS NULL OR r.listed_by = $3) \
                 ORDER BY o.name, r.email_key",
        )
        .bind(round_id)
        .bind(org)
        .bind(by.map(ListedBy::as_str))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ListedAddress {
                org_name: r.0,
                email: r.1,
                role: r.2,
                invited: r.3 > 0,
                completed: r.4.as_deref() == Some("used"),
                failed: r.5,
            })
            .collect())
    }

    /// Who would get `which` mail now (optionally of one organisation), by organisation
    /// and address.
    pub async fn mail_targets(
        &self,
        round_id: i64,
        org: Option<i64>,
        which: RoundMail,
    ) -> Result<Vec<MailTarget>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(&format!(
            "SELECT o.id, o.name, r.email {} ORDER BY o.name, r.email_key",
            target_sql(which)
        ))
        .bind(round_id)
        .bind(org)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(org_id, org_name, email)| MailTarget {
                org_id,
                org_name,
                email,
            })
            .collect())
    }

    /// Queues `which` mail to everyone who gets it now (see [`RoundMail`]), in one
    /// transaction under the round's own lease (so two organisers pressing "send" at once
    /// do not both mail): each address's link is made (an invitation) or given a fresh
    /// token (a reminder), and `write(target, link_token)` writes its mail. The raw
    /// token is only in the mail's body, which the queue deletes once sent. Returns the
    /// queued mails' ids. With `expected` (the count a confirmed preview showed) nothing
    /// is queued when the list no longer gives that many: checked in the same transaction.
    pub async fn queue_round_mails(
        &self,
        round_id: i64,
        org: Option<i64>,
        which: RoundMail,
        created_by: &str,
        expected: Option<usize>,
        write: impl Fn(&MailTarget, &str) -> NewMail,
    ) -> Result<Queued> {
        let job = format!("round-mail-{round_id}");
        let at = now();
        if !self.claim_job(&job, at, 600).await? {
            return Ok(Queued::Busy);
        }
        let run = self
            .queue_round_mails_held(round_id, org, which, created_by, expected, write)
            .await;
        self.release_job(&job, at + 600).await?;
        run
    }

    async fn queue_round_mails_held(
        &self,
        round_id: i64,
        org: Option<i64>,
        which: RoundMail,
        created_by: &str,
        expected: Option<usize>,
        write: impl Fn(&MailTarget, &str) -> NewMail,
    ) -> Result<Queued> {
        let mut tx = self.write().await?;
        let rows: Vec<(i64, i64, String, String, String, Option<i64>)> = sqlx::query_as(&format!(
            "SELECT r.id, o.id, o.name, r.email, r.listed_by, r.link_id {} ORDER BY o.name, r.email_key",
            target_sql(which)
        ))
        .bind(round_id)
        .bind(org)
        .fetch_all(&mut *tx)
        .await?;
        if expected.is_some_and(|e| e != rows.len()) {
            return Ok(Queued::Changed { now: rows.len() });
        }
        let t = now();
        let mut ids = Vec::with_capacity(rows.len());
        for (rid, org_id, org_name, email, listed_by, link_id) in rows {
            let token = new_token();
            match (which, link_id) {
                (RoundMail::Invitation, _) => {
                    let made_by = if listed_by == "staff" {
                        "staff"
                    } else {
                        "organiser"
                    };
                    let (link,): (i64,) = sqlx::query_as(
                        "INSERT INTO invitations (round_id, org_id, token_hash, kind, created_at, made_by) \
                         VALUES ($1, $2, $3, 'single', $4, $5) RETURNING id",
                    )
                    .bind(round_id)
                    .bind(org_id)
                    .bind(hash_token(&token))
                    .bind(t)
                    .bind(made_by)
                    .fetch_one(&mut *tx)
                    .await?;
                    sqlx::query("UPDATE respondents SET link_id = $1 WHERE id = $2")
                        .bind(link)
                        .bind(rid)
                        .execute(&mut *tx)
                        .await?;
                }
                (RoundMail::Reminder, Some(link)) => {
                    sqlx::query("UPDATE invitations SET token_hash = $1 WHERE id = $2")
                        .bind(hash_token(&token))
                        .bind(link)
                        .execute(&mut *tx)
                        .await?;
                }
                (RoundMail::Reminder, None) => continue,
            }
            let target = MailTarget {
                org_id,
                org_name,
                email,
            };
            let mut mail = write(&target, &token);
            mail.kind = which.kind().to_string();
            mail.round_id = Some(round_id);
            mail.org_id = Some(org_id);
            ids.push(crate::mail::insert_mail(&mut tx, &mail, created_by, t).await?);
        }
        tx.commit().await?;
        Ok(Queued::Mails(ids))
    }

    /// Keeps the organiser's own subject and body of `which` for the round (None: the
    /// catalogue's default). The caller checks the placeholders.
    pub async fn set_round_mail_text(
        &self,
        round_id: i64,
        which: RoundMail,
        subject: Option<&str>,
        body: Option<&str>,
    ) -> Result<()> {
        let sql = match which {
            RoundMail::Invitation => {
                "UPDATE rounds SET invitation_subject = $1, invitation_body = $2 WHERE id = $3"
            }
            RoundMail::Reminder => {
                "UPDATE rounds SET reminder_subject = $1, reminder_body = $2 WHERE id = $3"
            }
        };
        let done = sqlx::query(sql)
            .bind(subject)
            .bind(body)
            .bind(round_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("round {round_id}")));
        }
        Ok(())
    }

    /// How many of round `round_id`'s list mails are in each state.
    pub async fn round_mail_counts(&self, round_id: i64) -> Result<crate::MailCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT state, COUNT(*) FROM mail_messages WHERE round_id = $1 AND kind IN {LIST_KINDS} \
             GROUP BY state"
        ))
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(crate::mail::counts_of(rows))
    }

    /// Deletes a round's addresses and its list mails (the organiser's choice once the
    /// round has closed, or the purge when its retention ends). The links stay until
    /// the retention ends, with nobody's address. Returns the addresses deleted.
    pub async fn delete_respondents(&self, round_id: i64) -> Result<u64> {
        let mut tx = self.write().await?;
        let n = delete_round_addresses(&mut tx, round_id).await?;
        tx.commit().await?;
        Ok(n)
    }
}

/// Deletes round `round_id`'s addresses and its list mails, in `tx`.
pub(crate) async fn delete_round_addresses(tx: &mut crate::Tx, round_id: i64) -> Result<u64> {
    let n = sqlx::query("DELETE FROM respondents WHERE round_id = $1")
        .bind(round_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    sqlx::query(&format!(
        "DELETE FROM mail_messages WHERE round_id = $1 AND kind IN {LIST_KINDS}"
    ))
    .bind(round_id)
    .execute(&mut **tx)
    .await?;
    Ok(n)
}

/// After a list mail's outcome: a mail that went counts on its address; a permanent
/// refusal marks the address failed with the server's reply.
pub(crate) async fn note_list_mail(
    pool: &sqlx::Pool<crate::Db>,
    mail_id: i64,
    sent: bool,
    reply: &str,
) -> Result<()> {
    let target = "WHERE (round_id, email_key) IN (SELECT m.round_id, LOWER(m.recipient) \
         FROM mail_messages m WHERE m.id = $1 \
           AND m.kind IN ('respondent_invitation', 'respondent_reminder'))";
    if sent {
        sqlx::query(&format!(
            "UPDATE respondents SET mails_sent = mails_sent + 1 {target}"
        ))
        .bind(mail_id)
        .execute(pool)
        .await?;
    } else {
        sqlx::query(&format!("UPDATE respondents SET failed = $2 {target}"))
            .bind(mail_id)
            .bind(reply)
            .execute(pool)
            .await?;
    }
    Ok(())
}
