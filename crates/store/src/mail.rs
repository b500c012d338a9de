//! The mail queue: every mail Trappe sends is a row here first. A sender (see the
//! `trappe-mail` crate) takes the `mail` job's lease, marks a message `sending` and
//! commits before it talks to the server, then records what the server said. A process
//! killed mid-send leaves a `sending` row, which the next sender marks `unknown`: the
//! organiser decides whether to send it again. Nobody is ever mailed twice by Trappe's
//! own doing.
//!
//! Bodies may hold single-use links (account invitations, later respondent links): they
//! are deleted when a message is sent or refused for good. What stays is the recipient,
//! the subject, the state, the attempts and the server's last reply.

use crate::{now, AccountRefusal, Result, Store, StoreError, ROLES};

/// The sender's job name in the `jobs` table (one sender at a time per database).
pub const MAIL_JOB: &str = "mail";

/// Where a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MailState {
    /// Waiting for its turn (or for a retry's time).
    Queued,
    /// Handed to the server by a sender right now (or by one that died).
    Sending,
    /// Accepted by the server (or written to the outbox).
    Sent,
    /// Refused for good (a 5xx reply, or too many temporary refusals).
    Failed,
    /// A sender died while sending it: it may or may not have gone.
    Unknown,
}

impl MailState {
    pub const ALL: [MailState; 5] = [
        MailState::Queued,
        MailState::Sending,
        MailState::Sent,
        MailState::Failed,
        MailState::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Queued => "queued",
            MailState::Sending => "sending",
            MailState::Sent => "sent",
            MailState::Failed => "failed",
            MailState::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> MailState {
        MailState::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .unwrap_or(MailState::Unknown)
    }

    /// Whether nothing more happens to it unless someone asks.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            MailState::Sent | MailState::Failed | MailState::Unknown
        )
    }
}

/// A mail to put in the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMail {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// What it is, e.g. `account_invitation`.
    pub kind: String,
    pub org_id: Option<i64>,
    pub round_id: Option<i64>,
}

/// A message of the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct MailMessage {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    /// None once sent or failed (the body may have held a single-use link).
    pub text: Option<String>,
    pub html: Option<String>,
    pub kind: String,
    pub org_id: Option<i64>,
    pub round_id: Option<i64>,
    pub state: MailState,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_attempt_at: Option<i64>,
    pub sent_at: Option<i64>,
    pub reply: Option<String>,
    pub message_id: Option<String>,
    pub created_by: String,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct MailRow {
    id: i64,
    recipient: String,
    subject: String,
    body_text: Option<String>,
    body_html: Option<String>,
    kind: String,
    org_id: Option<i64>,
    round_id: Option<i64>,
    state: String,
    attempts: i64,
    next_attempt_at: i64,
    last_attempt_at: Option<i64>,
    sent_at: Option<i64>,
    reply: Option<String>,
    message_id: Option<String>,
    created_by: String,
    created_at: i64,
}
const MAIL_COLS: &str = "id, recipient, subject, body_text, body_html, kind, org_id, round_id, \
     state, attempts, next_attempt_at, last_attempt_at, sent_at, reply, message_id, created_by, created_at";

fn mail_from(r: MailRow) -> MailMessage {
    MailMessage {
        id: r.id,
        recipient: r.recipient,
        subject: r.subject,
        text: r.body_text,
        html: r.body_html,
        kind: r.kind,
        org_id: r.org_id,
        round_id: r.round_id,
        state: MailState::parse(&r.state),
        attempts: r.attempts,
        next_attempt_at: r.next_attempt_at,
        last_attempt_at: r.last_attempt_at,
        sent_at: r.sent_at,
        reply: r.reply,
        message_id: r.message_id,
        created_by: r.created_by,
        created_at: r.created_at,
    }
}

/// The server's reply as kept: one line, at most 500 characters.
fn reply_text(reply: &str) -> String {
    reply
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(500)
        .collect()
}

/// An account invitation to mail: its token (only the hash is stored), role and
/// organisation, and the mail that carries its link (to `mail.recipient`).
#[derive(Debug, Clone, PartialEq)]
pub struct MailedInvitation {
    pub token: String,
    pub role: String,
    pub org_id: Option<i64>,
    pub mail: NewMail,
}

/// How many messages are in each state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailCounts {
    pub queued: i64,
    pub sending: i64,
    pub sent: i64,
    pub failed: i64,
    pub unknown: i64,
}

pub(crate) async fn insert_mail(
    tx: &mut crate::Tx,
    mail: &NewMail,
    created_by: &str,
    at: i64,
) -> Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO mail_messages (recipient, subject, body_text, body_html, kind, org_id, round_id, \
         state, attempts, next_attempt_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $9, $8) RETURNING id",
    )
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(&mail.kind)
    .bind(mail.org_id)
    .bind(mail.round_id)
    .bind(at)
    .bind(created_by)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Counts per state from `(state, count)` rows.
pub(crate) fn counts_of(rows: Vec<(String, i64)>) -> MailCounts {
    let mut c = MailCounts::default();
    for (state, n) in rows {
        match MailState::parse(&state) {
            MailState::Queued => c.queued = n,
            MailState::Sending => c.sending = n,
            MailState::Sent => c.sent = n,
            MailState::Failed => c.failed = n,
            MailState::Unknown => c.unknown = n,
        }
    }
    c
}

impl Store {
    /// Puts mails in the queue, all or none; returns their ids in order.
    pub async fn enqueue_mails(&self, mails: &[NewMail], created_by: &str) -> Result<Vec<i64>> {
        let mut tx = self.write().await?;
        let at = now();
        let mut ids = Vec::with_capacity(mails.len());
        for m in mails {
            ids.push(insert_mail(&mut tx, m, created_by, at).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Account invitations (as `create_account_invitation`), each noted as mailed to
    /// its address, and their mails queued, in one transaction: all are there or none.
    /// Returns the mails' ids in order.
    pub async fn create_mailed_account_invitations(
        &self,
        invitations: &[MailedInvitation],
        created_by: &str,
        ttl_secs: i64,
    ) -> Result<Vec<i64>> {
        for inv in invitations {
            if !ROLES.contains(&inv.role.as_str()) {
                return Err(AccountRefusal::UnknownRole(inv.role.clone()).into());
            }
            match (inv.role.as_str(), inv.org_id) {
                ("organiser", Some(_)) => return Err(AccountRefusal::OrganiserWithoutOrg.into()),
                ("organiser", None) | (_, Some(_)) => {}
                (role, None) => return Err(AccountRefusal::NeedsOrg(role.to_string()).into()),
            }
        }
        let mut tx = self.write().await?;
        let t = now();
        let mut ids = Vec::with_capacity(invitations.len());
        for inv in invitations {
            if let Some(org) = inv.org_id {
                let found: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM organisations WHERE id = $1")
                        .bind(org)
                        .fetch_optional(&mut *tx)
                        .await?;
                if found.is_none() {
                    return Err(StoreError::NotFound(format!("organisation {org}")));
                }
            }
            sqlx::query(
                "INSERT INTO account_invitations (token_hash, role, org_id, created_by, created_at, expires_at, email) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(crate::hash_token(&inv.token))
            .bind(&inv.role)
            .bind(inv.org_id)
            .bind(created_by)
            .bind(t)
            .bind(t + ttl_secs)
            .bind(&inv.mail.recipient)
            .execute(&mut *tx)
            .await?;
            ids.push(insert_mail(&mut tx, &inv.mail, created_by, t).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Organisations with a contact address whose contact has neither an account (a
    /// contact linked to it) nor an open invitation mailed to that address: whom
    /// "invite every organisation's contact" mails. (id, name, address), by name.
    pub async fn contacts_to_invite(&self) -> Result<Vec<(i64, String, String)>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT o.id, o.name, o.contact_email FROM organisations o \
             WHERE o.contact_email IS NOT NULL AND o.contact_email <> '' \
               AND NOT EXISTS (SELECT 1 FROM user_organisations l JOIN users u ON u.id = l.user_id \
                               WHERE l.org_id = o.id AND u.role = 'contact') \
               AND NOT EXISTS (SELECT 1 FROM account_invitations i \
                               WHERE i.org_id = o.id AND i.role = 'contact' \
                                 AND LOWER(i.email) = LOWER(o.contact_email) AND i.expires_at > $1) \
             ORDER BY o.name, o.id",
        )
        .bind(now())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }

    /// The newest `limit` messages, newest first; with `state`, only those.
    pub async fn mail_messages(
        &self,
        state: Option<MailState>,
        limit: i64,
    ) -> Result<Vec<MailMessage>> {
        let rows: Vec<MailRow> = match state {
            Some(s) => {
                sqlx::query_as(&format!(
                "SELECT {MAIL_COLS} FROM mail_messages WHERE state = $1 ORDER BY id DESC LIMIT $2"
            ))
                .bind(s.as_str())
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as(&format!(
                    "SELECT {MAIL_COLS} FROM mail_messages ORDER BY id DESC LIMIT $1"
                ))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
        };
        Ok(rows.into_iter().map(mail_from).collect())
    }

    pub async fn mail_message(&self, id: i64) -> Result<Option<MailMessage>> {
        let row: Option<MailRow> = sqlx::query_as(&format!(
            "SELECT {MAIL_COLS} FROM mail_messages WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(mail_from))
    }

    /// How many messages are in each state.
    pub async fn mail_counts(&self) -> Result<MailCounts> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, COUNT(*) FROM mail_messages GROUP BY state")
                .fetch_all(&self.pool)
                .await?;
        Ok(counts_of(rows))
    }

    /// The states of the messages `ids` (those that still exist), with when each is
    /// due next.
    pub async fn mail_states(&self, ids: &[i64]) -> Result<Vec<(i64, MailState, i64)>> {
        let mut out = Vec::with_capacity(ids.len());
        // In chunks, as a parameter list has its limits.
        for chunk in ids.chunks(500) {
            let list = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT id, state, next_attempt_at FROM mail_messages WHERE id IN ({list})"
            );
            let mut q = sqlx::query_as::<_, (i64, String, i64)>(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for (id, s, at) in q.fetch_all(&self.pool).await? {
                out.push((id, MailState::parse(&s), at));
            }
        }
        Ok(out)
    }

    /// Marks every `sending` message `unknown`. Only for a sender that has just taken
    /// the mail job's lease: whoever left them `sending` died (or lost the lease)
    /// during the server conversation, so whether they went is not known.
    pub async fn mark_interrupted_mails(&self) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE mail_messages SET state = 'unknown', \
             reply = COALESCE(reply, 'interrupted while sending') WHERE state = 'sending'",
        )
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// The next message due at `at` (queued, its time come), oldest first.
    pub async fn next_due_mail(&self, at: i64) -> Result<Option<MailMessage>> {
        let row: Option<MailRow> = sqlx::query_as(&format!(
            "SELECT {MAIL_COLS} FROM mail_messages WHERE state = 'queued' AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT 1"
        ))
        .bind(at)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(mail_from))
    }

    /// When the next queued message is due (None: nothing queued).
    pub async fn next_mail_due_at(&self) -> Result<Option<i64>> {
        let (at,): (Option<i64>,) =
            sqlx::query_as("SELECT MIN(next_attempt_at) FROM mail_messages WHERE state = 'queued'")
                .fetch_one(&self.pool)
                .await?;
        Ok(at)
    }

    /// Records an attempt before the server conversation: the message becomes `sending`
    /// with `message_id`, committed. False when it is no longer queued (another sender
    /// took it): then it must not be sent.
    pub async fn begin_mail_attempt(&self, id: i64, message_id: &str, at: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mail_messages SET state = 'sending', attempts = attempts + 1, \
             last_attempt_at = $2, message_id = $3 WHERE id = $1 AND state = 'queued'",
        )
        .bind(id)
        .bind(at)
        .bind(message_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The server took it: `sent`, and its body deleted.
    pub async fn mail_sent(&self, id: i64, reply: &str, at: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE mail_messages SET state = 'sent', sent_at = $2, reply = $3, \
             body_text = NULL, body_html = NULL WHERE id = $1 AND state IN ('sending', 'unknown')",
        )
        .bind(id)
        .bind(at)
        .bind(reply_text(reply))
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            crate::respondents::note_list_mail(&self.pool, id, true, "").await?;
        }
        Ok(())
    }

    /// Refused for good: `failed` with the server's reply, and its body deleted.
    pub async fn mail_failed(&self, id: i64, reply: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE mail_messages SET state = 'failed', reply = $2, \
             body_text = NULL, body_html = NULL WHERE id = $1 AND state IN ('sending', 'unknown')",
        )
        .bind(id)
        .bind(reply_text(reply))
        .execute(&self.pool)
        .await?;
        // A respondent's address refused for good is marked so: no reminder goes to it.
        if done.rows_affected() == 1 {
            crate::respondents::note_list_mail(&self.pool, id, false, &reply_text(reply)).await?;
        }
        Ok(())
    }

    /// The connection broke during the conversation: `unknown` (the body kept for the
    /// organiser's resend).
    pub async fn mail_unknown(&self, id: i64, reply: &str) -> Result<()> {
        sqlx::query(
            "UPDATE mail_messages SET state = 'unknown', reply = $2 WHERE id = $1 AND state = 'sending'",
        )
        .bind(id)
        .bind(reply_text(reply))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Refused for now: queued again, not before `next_at`.
    pub async fn mail_retry(&self, id: i64, reply: &str, next_at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE mail_messages SET state = 'queued', reply = $2, next_attempt_at = $3 \
             WHERE id = $1 AND state IN ('sending', 'unknown')",
        )
        .bind(id)
        .bind(reply_text(reply))
        .bind(next_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The organiser's choice for a message whose outcome is unknown: send it again
    /// (queued now). False when it is not unknown, or has no body left.
    pub async fn resend_mail(&self, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mail_messages SET state = 'queued', next_attempt_at = $2 \
             WHERE id = $1 AND state = 'unknown' AND body_text IS NOT NULL",
        )
        .bind(id)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The organiser's other choice for a message whose outcome is unknown: leave it
    /// (it probably went), and delete its body.
    pub async fn dismiss_mail(&self, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mail_messages SET state = 'sent', body_text = NULL, body_html = NULL, \
             reply = 'marked as sent by the organiser' WHERE id = $1 AND state = 'unknown'",
        )
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            crate::respondents::note_list_mail(&self.pool, id, true, "").await?;
        }
        Ok(done.rows_affected() == 1)
    }

    /// Moves the lease of job `name` from `held_until` (what this holder set) to
    /// `until`; false when someone else holds it now (the holder lost it).
    pub async fn renew_job(&self, name: &str, held_until: i64, until: i64) -> Result<bool> {
        let done =
            sqlx::query("UPDATE jobs SET locked_until = $3 WHERE name = $1 AND locked_until = $2")
                .bind(name)
                .bind(held_until)
                .bind(until)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives up the lease of job `name` held until `held_until`, so another instance may
    /// take it at once.
    pub async fn release_job(&self, name: &str, held_until: i64) -> Result<()> {
        self.renew_job(name, held_until, 0).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> (Store, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("trappe-mail-{}", crate::new_token()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = crate::testing::fresh_db(&dir, "t.db").await.unwrap();
        (Store::open(&db).await.unwrap(), dir)
    }

    fn mail(to: &str) -> NewMail {
        NewMail {
            recipient: to.into(),
            subject: "Invitation til Trappe – æøå".into(),
            text: "Hej\n\nhttps://x/invite/abc\n".into(),
            html: "<p>Hej</p>".into(),
            kind: "account_invitation".into(),
            org_id: None,
            round_id: None,
        }
    }

    #[tokio::test]
    async fn an_attempt_is_taken_once_and_its_body_goes_when_sent() {
        let (s, dir) = store().await;
        let ids = s
            .enqueue_mails(&[mail("a@x.dk"), mail("b@x.dk")], "admin")
            .await
            .unwrap();
        let t = now();
        let first = s.next_due_mail(t).await.unwrap().unwrap();
        assert_eq!(first.id, ids[0]);
        assert!(s.begin_mail_attempt(first.id, "<1@x>", t).await.unwrap());
        // A second sender cannot take the same message.
        assert!(!s.begin_mail_attempt(first.id, "<2@x>", t).await.unwrap());
        assert_eq!(s.next_due_mail(t).await.unwrap().unwrap().id, ids[1]);
        s.mail_sent(first.id, "250 OK", t).await.unwrap();
        let m = s.mail_message(first.id).await.unwrap().unwrap();
        assert_eq!(m.state, MailState::Sent);
        assert_eq!((m.text, m.html), (None, None));
        assert_eq!(m.attempts, 1);
        assert_eq!(m.message_id.as_deref(), Some("<1@x>"));
        assert_eq!(m.reply.as_deref(), Some("250 OK"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn an_interrupted_send_becomes_unknown_and_is_resent_only_by_choice() {
        let (s, dir) = store().await;
        let ids = s.enqueue_mails(&[mail("a@x.dk")], "admin").await.unwrap();
        let t = now();
        assert!(s.begin_mail_attempt(ids[0], "<1@x>", t).await.unwrap());
        // The sender dies here; the next one marks it.
        assert_eq!(s.mark_interrupted_mails().await.unwrap(), 1);
        assert_eq!(s.next_due_mail(t + 10).await.unwrap(), None);
        let m = s.mail_message(ids[0]).await.unwrap().unwrap();
        assert_eq!(m.state, MailState::Unknown);
        assert!(m.text.is_some(), "kept for a resend");
        assert!(s.resend_mail(ids[0]).await.unwrap());
        assert!(!s.resend_mail(ids[0]).await.unwrap(), "only an unknown one");
        assert_eq!(s.next_due_mail(now()).await.unwrap().unwrap().id, ids[0]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_retry_waits_and_a_failure_keeps_the_reply_without_the_body() {
        let (s, dir) = store().await;
        let ids = s
            .enqueue_mails(&[mail("a@x.dk"), mail("b@x.dk")], "admin")
            .await
            .unwrap();
        let t = now();
        s.begin_mail_attempt(ids[0], "<1@x>", t).await.unwrap();
        s.mail_retry(ids[0], "451 try later", t + 60).await.unwrap();
        assert_eq!(s.next_due_mail(t).await.unwrap().unwrap().id, ids[1]);
        assert_eq!(s.next_mail_due_at().await.unwrap(), Some(t));
        s.begin_mail_attempt(ids[1], "<2@x>", t).await.unwrap();
        s.mail_failed(ids[1], "550 no such user\r\n").await.unwrap();
        let f = s.mail_message(ids[1]).await.unwrap().unwrap();
        assert_eq!(f.state, MailState::Failed);
        assert_eq!(f.reply.as_deref(), Some("550 no such user  "));
        assert_eq!(f.text, None);
        assert_eq!(s.next_due_mail(t + 60).await.unwrap().unwrap().id, ids[0]);
        let c = s.mail_counts().await.unwrap();
        assert_eq!((c.queued, c.failed), (1, 1));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_lease_is_renewed_only_by_its_holder() {
        let (s, dir) = store().await;
        assert!(s.claim_job(MAIL_JOB, 100, 30).await.unwrap());
        assert!(!s.claim_job(MAIL_JOB, 110, 30).await.unwrap());
        assert!(s.renew_job(MAIL_JOB, 130, 150).await.unwrap());
        assert!(!s.renew_job(MAIL_JOB, 130, 170).await.unwrap());
        s.release_job(MAIL_JOB, 150).await.unwrap();
        assert!(s.claim_job(MAIL_JOB, 120, 30).await.unwrap());
        let _ = std::fs::remove_dir_all(dir);
    }
}
