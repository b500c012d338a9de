//! Measurement rounds and their invitation links.

use crate::{hash_token, new_token, now, Result, Store, StoreError};

/// A new round refused, typed so pages can say why in their language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoundRefusal {
    #[error("retention_days must be between 0 and {MAX_RETENTION_DAYS}")]
    Retention,
    #[error("a round needs a name")]
    NoName,
    #[error("min_responses and min_orgs must be at least 1")]
    Thresholds,
    #[error("min_tally must be at least min_responses (and at most {MAX_MIN_TALLY})")]
    Tally,
}

/// When an organisation's contacts and viewers (and the organiser, who reads the same
/// state) see a round's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultsShown {
    /// Once the round closes (the default): nothing moves while people answer.
    #[default]
    Closed,
    /// Also while the round is open, but an organisation's figures change only when at
    /// least `min_responses` new independent responses have come in since the last
    /// shown state, so comparing two visits never isolates one respondent.
    Batches,
}

impl ResultsShown {
    pub fn as_str(self) -> &'static str {
        match self {
            ResultsShown::Closed => "closed",
            ResultsShown::Batches => "batches",
        }
    }
    pub fn parse(s: &str) -> Option<ResultsShown> {
        match s {
            "closed" => Some(ResultsShown::Closed),
            "batches" => Some(ResultsShown::Batches),
            _ => None,
        }
    }
}

/// A new round's settings beyond its name, model and thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundOptions {
    pub retention_days: i64,
    pub results_shown: ResultsShown,
    /// Independent responses an organisation needs before per-question tallies show.
    pub min_tally: i64,
    /// The last day to answer, in Danish time.
    pub deadline: Option<chrono::NaiveDate>,
    /// Whether the round closes itself once its deadline day has ended.
    pub close_after_deadline: bool,
    pub language: RoundLanguage,
}

/// The language of a round's mails, and of a respondent's first page unless the
/// respondent chooses another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoundLanguage {
    #[default]
    Da,
    En,
}

impl RoundLanguage {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundLanguage::Da => "da",
            RoundLanguage::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<RoundLanguage> {
        match s {
            "da" => Some(RoundLanguage::Da),
            "en" => Some(RoundLanguage::En),
            _ => None,
        }
    }
}

/// Per-question tallies show from this many independent responses unless told otherwise.
pub const DEFAULT_MIN_TALLY: i64 = 10;
/// The highest per-question tally threshold a round can be given.
pub const MAX_MIN_TALLY: i64 = 1000;

impl Default for RoundOptions {
    fn default() -> RoundOptions {
        RoundOptions {
            retention_days: DEFAULT_RETENTION_DAYS,
            results_shown: ResultsShown::Closed,
            min_tally: DEFAULT_MIN_TALLY,
            deadline: None,
            close_after_deadline: false,
            language: RoundLanguage::Da,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoundStatus {
    Draft,
    Open,
    Closed,
}

impl RoundStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundStatus::Draft => "draft",
            RoundStatus::Open => "open",
            RoundStatus::Closed => "closed",
        }
    }
    fn parse(s: &str) -> RoundStatus {
        match s {
            "open" => RoundStatus::Open,
            "closed" => RoundStatus::Closed,
            _ => RoundStatus::Draft,
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Round {
    pub id: i64,
    pub name: String,
    pub model_id: String,
    pub model_version: String,
    pub status: RoundStatus,
    pub min_responses: i64,
    pub min_orgs: i64,
    pub created_at: i64,
    /// Days after closing that the round's responses, answers and links are kept.
    pub retention_days: i64,
    /// When the round closed (None while draft or open).
    pub closed_at: Option<i64>,
    /// When the retention ran out and the round's data was deleted.
    pub purged_at: Option<i64>,
    pub purge_note: Option<String>,
    pub results_shown: ResultsShown,
    /// Independent responses an organisation needs before per-question tallies show.
    pub min_tally: i64,
    /// The last day to answer, in Danish time.
    pub deadline: Option<chrono::NaiveDate>,
    /// Whether the round closes itself once its deadline day has ended.
    pub close_after_deadline: bool,
    pub language: RoundLanguage,
    /// The organiser's own mail texts; None: the catalogue's default text.
    pub invitation_subject: Option<String>,
    pub invitation_body: Option<String>,
    pub reminder_subject: Option<String>,
    pub reminder_body: Option<String>,
    /// What "jeres organisation" means in the questions, in the organiser's words (the
    /// unit or the whole body), shown on a link's first page; None: the default text.
    pub org_scope: Option<String>,
}

/// Whether an open round set to close after its deadline should have closed at `at`.
fn past_deadline(r: &Round, at: i64) -> bool {
    r.status == RoundStatus::Open
        && r.close_after_deadline
        && r.purged_at.is_none()
        && r.deadline.is_some_and(|d| {
            trappe_core::deadline::deadline_passed(&d.format("%Y-%m-%d").to_string(), at)
        })
}

/// Three years, the retention a round gets unless told otherwise.
pub const DEFAULT_RETENTION_DAYS: i64 = 3 * 365;
/// The longest retention a round can be given (100 years).
pub const MAX_RETENTION_DAYS: i64 = 36_500;

#[derive(sqlx::FromRow)]
pub(crate) struct RoundRow {
    id: i64,
    name: String,
    model_id: String,
    model_version: String,
    status: String,
    min_responses: i64,
    min_orgs: i64,
    created_at: i64,
    retention_days: i64,
    closed_at: Option<i64>,
    purged_at: Option<i64>,
    purge_note: Option<String>,
    results_shown: String,
    min_tally: i64,
    deadline: Option<String>,
    close_after_deadline: i64,
    language: String,
    invitation_subject: Option<String>,
    invitation_body: Option<String>,
    reminder_subject: Option<String>,
    reminder_body: Option<String>,
    org_scope: Option<String>,
}

pub(crate) fn round_from(r: RoundRow) -> Round {
    Round {
        id: r.id,
        name: r.name,
        model_id: r.model_id,
        model_version: r.model_version,
        status: RoundStatus::parse(&r.status),
        min_responses: r.min_responses,
        min_orgs: r.min_orgs,
        created_at: r.created_at,
        retention_days: r.retention_days,
        closed_at: r.closed_at,
        purged_at: r.purged_at,
        purge_note: r.purge_note,
        results_shown: ResultsShown::parse(&r.results_shown).unwrap_or_default(),
        min_tally: r.min_tally,
        // Written only as ISO dates by create_round_with_options and set_round_deadline.
        deadline: r
            .deadline
            .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        close_after_deadline: r.close_after_deadline != 0,
        language: RoundLanguage::parse(&r.language).unwrap_or_default(),
        invitation_subject: r.invitation_subject,
        invitation_body: r.invitation_body,
        reminder_subject: r.reminder_subject,
        reminder_body: r.reminder_body,
        org_scope: r.org_scope,
    }
}

pub(crate) const ROUND_COLS: &str =
    "id, name, model_id, model_version, status, min_responses, min_orgs, created_at, \
     retention_days, closed_at, purged_at, purge_note, results_shown, min_tally, deadline, \
     close_after_deadline, language, invitation_subject, invitation_body, reminder_subject, \
     reminder_body, org_scope";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationKind {
    Single,
    Open,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationStatus {
    Unused,
    Started,
    Used,
}

/// Who made a link. Responses through links the organisation's own staff made count
/// apart from the round's minimum until an organiser approves those links: otherwise a
/// contact could answer twice and read a real colleague's answers by subtraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MadeBy {
    Organiser,
    Staff,
}

impl MadeBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MadeBy::Organiser => "organiser",
            MadeBy::Staff => "staff",
        }
    }
}

/// A link's state as the links page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    NotOpened,
    Started,
    Completed,
    Revoked,
}

impl LinkState {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::NotOpened => "not-opened",
            LinkState::Started => "started",
            LinkState::Completed => "completed",
            LinkState::Revoked => "revoked",
        }
    }
}

/// One link of a round and organisation as the links page lists it: never its token,
/// never its response.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkLine {
    pub id: i64,
    pub kind: InvitationKind,
    pub cap: Option<i64>,
    pub spawned: i64,
    pub made_by: MadeBy,
    pub approved: bool,
    pub state: LinkState,
}

impl LinkLine {
    /// Whether an organiser may revoke it: not yet completed, not revoked already.
    pub fn revocable(&self) -> bool {
        matches!(self.state, LinkState::NotOpened | LinkState::Started)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    pub id: i64,
    pub round_id: i64,
    pub org_id: i64,
    pub kind: InvitationKind,
    pub cap: Option<i64>,
    pub spawned: i64,
    pub status: InvitationStatus,
    pub response_id: Option<i64>,
    pub made_by: MadeBy,
    pub approved: bool,
    pub revoked: bool,
    /// The open link that handed this single-use link to a visitor.
    pub opened_from: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: i64,
    round_id: i64,
    org_id: i64,
    kind: String,
    cap: Option<i64>,
    spawned: i64,
    status: String,
    response_id: Option<i64>,
    made_by: String,
    approved: i64,
    revoked: i64,
    opened_from: Option<i64>,
}

fn invitation_from(r: InvitationRow) -> Invitation {
    Invitation {
        id: r.id,
        round_id: r.round_id,
        org_id: r.org_id,
        kind: if r.kind == "open" {
            InvitationKind::Open
        } else {
            InvitationKind::Single
        },
        cap: r.cap,
        spawned: r.spawned,
        status: match r.status.as_str() {
            "started" => InvitationStatus::Started,
            "used" => InvitationStatus::Used,
            _ => InvitationStatus::Unused,
        },
        response_id: r.response_id,
        made_by: if r.made_by == "staff" {
            MadeBy::Staff
        } else {
            MadeBy::Organiser
        },
        approved: r.approved != 0,
        revoked: r.revoked != 0,
        opened_from: r.opened_from,
    }
}

const INVITATION_COLS: &str = "id, round_id, org_id, kind, cap, spawned, status, response_id, \
     made_by, approved, revoked, opened_from";

/// An organisation taking part in a round, with its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    pub org_id: i64,
    pub name: String,
    pub kind: String,
    pub complete: i64,
    pub partial: i64,
    /// Single-use links made (including those handed out by open links).
    pub invitations: i64,
    pub used: i64,
}

impl Store {
    pub async fn create_round(
        &self,
        name: &str,
        model_id: &str,
        model_version: &str,
        min_responses: i64,
        min_orgs: i64,
    ) -> Result<i64> {
        self.create_round_with_retention(
            name,
            model_id,
            model_version,
            min_responses,
            min_orgs,
            DEFAULT_RETENTION_DAYS,
        )
        .await
    }

    /// A round whose data is deleted `retention_days` after it closes.
    pub async fn create_round_with_retention(
        &self,
        name: &str,
        model_id: &str,
        model_version: &str,
        min_responses: i64,
        min_orgs: i64,
        retention_days: i64,
    ) -> Result<i64> {
        let options = RoundOptions {
            retention_days,
            min_tally: DEFAULT_MIN_TALLY.max(min_responses),
            ..RoundOptions::default()
        };
        self.create_round_with_options(
            name,
            model_id,
            model_version,
            min_responses,
            min_orgs,
            &options,
        )
        .await
    }

    /// A round with every setting given.
    pub async fn create_round_with_options(
        &self,
        name: &str,
        model_id: &str,
        model_version: &str,
        min_responses: i64,
        min_orgs: i64,
        options: &RoundOptions,
    ) -> Result<i64> {
        let retention_days = options.retention_days;
        if !(0..=MAX_RETENTION_DAYS).contains(&retention_days) {
            return Err(RoundRefusal::Retention.into());
        }
        if name.trim().is_empty() {
            return Err(RoundRefusal::NoName.into());
        }
        if min_responses < 1 || min_orgs < 1 {
            return Err(RoundRefusal::Thresholds.into());
        }
        if !(min_responses..=MAX_MIN_TALLY).contains(&options.min_tally) {
            return Err(RoundRefusal::Tally.into());
        }
        if self.model(model_id, Some(model_version)).await?.is_none() {
            return Err(StoreError::NotFound(format!(
                "model {model_id}@{model_version}"
            )));
        }
        let mut tx = self.write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO rounds (name, model_id, model_version, min_responses, min_orgs, created_at, \
               retention_days, results_shown, min_tally, deadline, close_after_deadline, language) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(name.trim())
        .bind(model_id)
        .bind(model_version)
        .bind(min_responses)
        .bind(min_orgs)
        .bind(now())
        .bind(retention_days)
        .bind(options.results_shown.as_str())
        .bind(options.min_tally)
        .bind(options.deadline.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(i64::from(options.close_after_deadline))
        .bind(options.language.as_str())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn rounds(&self) -> Result<Vec<Round>> {
        let mut rounds = self.rounds_as_stored().await?;
        if rounds.iter().any(|r| past_deadline(r, now())) {
            self.close_rounds_past_deadline(now()).await?;
            rounds = self.rounds_as_stored().await?;
        }
        Ok(rounds)
    }

    async fn rounds_as_stored(&self) -> Result<Vec<Round>> {
        let rows: Vec<RoundRow> =
            sqlx::query_as(&format!("SELECT {ROUND_COLS} FROM rounds ORDER BY id DESC"))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(round_from).collect())
    }

    /// A round. One that should have closed itself after its deadline (the server's
    /// tick has not come round yet) is closed now, through the same path as closing by
    /// hand, so what a reader sees never depends on when the tick ran.
    pub async fn round(&self, id: i64) -> Result<Option<Round>> {
        let round = self.round_as_stored(id).await?;
        if round.as_ref().is_some_and(|r| past_deadline(r, now())) {
            self.set_round_status(id, RoundStatus::Closed).await?;
            return self.round_as_stored(id).await;
        }
        Ok(round)
    }

    async fn round_as_stored(&self, id: i64) -> Result<Option<Round>> {
        let row: Option<RoundRow> =
            sqlx::query_as(&format!("SELECT {ROUND_COLS} FROM rounds WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(round_from))
    }

    /// Closes every open round set to close after its deadline whose deadline day has
    /// ended at `at` (unix seconds) in Danish time, as `trappe round close` does
    /// (publishing included). Returns the rounds closed.
    pub async fn close_rounds_past_deadline(&self, at: i64) -> Result<Vec<i64>> {
        let due: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM rounds WHERE status = 'open' AND close_after_deadline = 1 \
               AND deadline IS NOT NULL AND deadline < $1 AND purged_at IS NULL ORDER BY id",
        )
        .bind(trappe_core::deadline::danish_day(at))
        .fetch_all(&self.pool)
        .await?;
        let mut closed = Vec::new();
        for (id,) in due {
            self.set_round_status(id, RoundStatus::Closed).await?;
            closed.push(id);
        }
        Ok(closed)
    }

    /// Sets a round's deadline, whether it closes itself after it, and its language:
    /// while the round is a draft or open (a closed round's deadline is history).
    pub async fn set_round_deadline(
        &self,
        id: i64,
        deadline: Option<chrono::NaiveDate>,
        close_after_deadline: bool,
        language: RoundLanguage,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE rounds SET deadline = $2, close_after_deadline = $3, language = $4 \
             WHERE id = $1 AND status <> 'closed'",
        )
        .bind(id)
        .bind(deadline.map(|d| d.format("%Y-%m-%d").to_string()))
        .bind(i64::from(close_after_deadline))
        .bind(language.as_str())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(match self.round_as_stored(id).await? {
                None => StoreError::NotFound(format!("round {id}")),
                Some(_) => StoreError::Conflict(format!(
                    "round {id} is closed: its deadline can no longer change"
                )),
            });
        }
        Ok(())
    }

    /// Opens or closes a round. Closing starts its retention period (a round closed
    /// again keeps its first closing time); reopening stops it. A round whose data was
    /// purged stays closed.
    /// Keeps what "jeres organisation" means in the round's questions (None: the default
    /// text). The caller checks the text with `trappe_core::questionnaire::org_scope`.
    pub async fn set_round_org_scope(&self, id: i64, text: Option<&str>) -> Result<()> {
        let done = sqlx::query("UPDATE rounds SET org_scope = $1 WHERE id = $2")
            .bind(text)
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("round {id}")));
        }
        Ok(())
    }

    pub async fn set_round_status(&self, id: i64, status: RoundStatus) -> Result<()> {
        let done = sqlx::query(
            "UPDATE rounds SET status = $1, \
               closed_at = CASE WHEN $1 <> 'closed' THEN NULL \
                                WHEN status = 'closed' THEN COALESCE(closed_at, $3) ELSE $3 END \
             WHERE id = $2 AND purged_at IS NULL",
        )
        .bind(status.as_str())
        .bind(id)
        .bind(now())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() > 0 && status == RoundStatus::Closed {
            self.publish_round(id).await?;
        }
        if done.rows_affected() == 0 {
            return Err(match self.round_as_stored(id).await? {
                None => StoreError::NotFound(format!("round {id}")),
                Some(_) => StoreError::Conflict(format!(
                    "round {id}'s data was deleted when its retention ran out; it stays closed"
                )),
            });
        }
        Ok(())
    }

    async fn check_round_org(&self, round_id: i64, org_id: i64) -> Result<()> {
        if self.round(round_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("round {round_id}")));
        }
        if self.org(org_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("organisation {org_id}")));
        }
        Ok(())
    }

    /// Makes `count` single-use links, the organiser's; returns their tokens (only their
    /// hashes are kept).
    pub async fn create_invitations(
        &self,
        round_id: i64,
        org_id: i64,
        count: usize,
    ) -> Result<Vec<String>> {
        self.create_invitations_by(round_id, org_id, count, MadeBy::Organiser)
            .await
    }

    /// Makes `count` single-use links made by `by`.
    pub async fn create_invitations_by(
        &self,
        round_id: i64,
        org_id: i64,
        count: usize,
        by: MadeBy,
    ) -> Result<Vec<String>> {
        if count == 0 || count > 10_000 {
            return Err(StoreError::Invalid(
                "make between 1 and 10,000 links at a time".into(),
            ));
        }
        self.check_round_org(round_id, org_id).await?;
        let tokens: Vec<String> = (0..count).map(|_| new_token()).collect();
        let mut tx = self.write().await?;
        let t = now();
        for token in &tokens {
            sqlx::query(
                "INSERT INTO invitations (round_id, org_id, token_hash, kind, created_at, made_by) \
                 VALUES ($1, $2, $3, 'single', $4, $5)",
            )
            .bind(round_id)
            .bind(org_id)
            .bind(hash_token(token))
            .bind(t)
            .bind(by.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(tokens)
    }

    /// Makes one open link for an organisation, the organiser's, good for at most `cap`
    /// respondents.
    pub async fn create_open_link(&self, round_id: i64, org_id: i64, cap: i64) -> Result<String> {
        self.create_open_link_by(round_id, org_id, cap, MadeBy::Organiser)
            .await
    }

    /// Makes one open link made by `by`; the links it hands out are `by`'s too.
    pub async fn create_open_link_by(
        &self,
        round_id: i64,
        org_id: i64,
        cap: i64,
        by: MadeBy,
    ) -> Result<String> {
        if !(1..=100_000).contains(&cap) {
            return Err(StoreError::Invalid(
                "an open link's cap must be between 1 and 100,000".into(),
            ));
        }
        self.check_round_org(round_id, org_id).await?;
        let token = new_token();
        sqlx::query(
            "INSERT INTO invitations (round_id, org_id, token_hash, kind, cap, created_at, made_by) \
             VALUES ($1, $2, $3, 'open', $4, $5, $6)",
        )
        .bind(round_id)
        .bind(org_id)
        .bind(hash_token(&token))
        .bind(cap)
        .bind(now())
        .bind(by.as_str())
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    pub async fn invitation(&self, token: &str) -> Result<Option<Invitation>> {
        let row: Option<InvitationRow> = sqlx::query_as(&format!(
            "SELECT {INVITATION_COLS} FROM invitations WHERE token_hash = $1"
        ))
        .bind(hash_token(token))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(invitation_from))
    }

    /// Hands a visitor of an open link a single-use link of its own, within the cap:
    /// called when the visitor saves the first page (a page fetched takes no place).
    /// Returns None when the cap is reached.
    pub async fn spawn_from_open_link(&self, open: &Invitation) -> Result<Option<String>> {
        let mut tx = self.write().await?;
        let taken = sqlx::query(
            "UPDATE invitations SET spawned = spawned + 1 \
             WHERE id = $1 AND kind = 'open' AND spawned < cap AND revoked = 0",
        )
        .bind(open.id)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() == 0 {
            return Ok(None);
        }
        let token = new_token();
        // The visitor's own link is made by whoever made the open link, and approved
        // when that one is (read inside the transaction: an approval may just have come).
        sqlx::query(
            "INSERT INTO invitations (round_id, org_id, token_hash, kind, created_at, made_by, approved, opened_from) \
             SELECT round_id, org_id, $2, 'single', $3, made_by, approved, id FROM invitations WHERE id = $1",
        )
        .bind(open.id)
        .bind(hash_token(&token))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(token))
    }

    /// Organisations that take part in a round: those with invitations or responses.
    pub async fn participants(&self, round_id: i64) -> Result<Vec<Participant>> {
        self.participants_of(round_id, None).await
    }

    /// Participants, or just one organisation when `org_id` is given (and takes part).
    pub async fn participants_of(
        &self,
        round_id: i64,
        org_id: Option<i64>,
    ) -> Result<Vec<Participant>> {
        let rows: Vec<(i64, String, String, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT o.id, o.name, o.kind, \
               (SELECT COUNT(*) FROM responses r WHERE r.round_id = $1 AND r.org_id = o.id AND r.status = 'complete'), \
               (SELECT COUNT(*) FROM responses r WHERE r.round_id = $1 AND r.org_id = o.id AND r.status = 'partial'), \
               (SELECT COUNT(*) FROM invitations i WHERE i.round_id = $1 AND i.org_id = o.id AND i.kind = 'single'), \
               (SELECT COUNT(*) FROM invitations i WHERE i.round_id = $1 AND i.org_id = o.id AND i.status = 'used') \
             FROM organisations o \
             WHERE ($2 IS NULL OR o.id = $2) \
               AND (EXISTS (SELECT 1 FROM invitations i WHERE i.round_id = $1 AND i.org_id = o.id) \
                OR EXISTS (SELECT 1 FROM responses r WHERE r.round_id = $1 AND r.org_id = o.id)) \
             ORDER BY o.name",
        )
        .bind(round_id)
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| Participant {
                org_id: r.0,
                name: r.1,
                kind: r.2,
                complete: r.3,
                partial: r.4,
                invitations: r.5,
                used: r.6,
            })
            .collect())
    }

    /// A round's links for one organisation, oldest first: state and maker, never a
    /// token or a response.
    pub async fn links(&self, round_id: i64, org_id: i64) -> Result<Vec<LinkLine>> {
        let rows: Vec<InvitationRow> = sqlx::query_as(&format!(
            "SELECT {INVITATION_COLS} FROM invitations WHERE round_id = $1 AND org_id = $2 ORDER BY id"
        ))
        .bind(round_id)
        .bind(org_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(invitation_from)
            .map(|i| LinkLine {
                id: i.id,
                kind: i.kind,
                cap: i.cap,
                spawned: i.spawned,
                made_by: i.made_by,
                approved: i.approved,
                state: match (i.revoked, i.status) {
                    (true, _) => LinkState::Revoked,
                    (false, InvitationStatus::Unused) => LinkState::NotOpened,
                    (false, InvitationStatus::Started) => LinkState::Started,
                    (false, InvitationStatus::Used) => LinkState::Completed,
                },
            })
            .collect())
    }

    /// Revokes a link of the round and organisation that is not completed: it opens
    /// nothing from now on, and the answers saved through it so far are deleted (they
    /// were never submitted). False when there is no such link, or it was completed or
    /// revoked already.
    pub async fn revoke_link(&self, round_id: i64, org_id: i64, link_id: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let row: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT response_id FROM invitations \
             WHERE id = $1 AND round_id = $2 AND org_id = $3 AND revoked = 0 AND status <> 'used'",
        )
        .bind(link_id)
        .bind(round_id)
        .bind(org_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((response_id,)) = row else {
            return Ok(false);
        };
        sqlx::query("UPDATE invitations SET revoked = 1, response_id = NULL WHERE id = $1")
            .bind(link_id)
            .execute(&mut *tx)
            .await?;
        if let Some(r) = response_id {
            sqlx::query("DELETE FROM responses WHERE id = $1 AND status = 'partial'")
                .bind(r)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// An organiser vouches for every link the organisation's own staff made in the
    /// round (those made later need approving again): their responses, submitted or
    /// to come, count toward the minimum. Returns how many links were approved now.
    ///
    /// Responses carry no link, so approval goes by organisation: every staff-made
    /// response of the organisation in the round came through one of these links.
    pub async fn approve_staff_links(&self, round_id: i64, org_id: i64) -> Result<u64> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE invitations SET approved = 1 \
             WHERE round_id = $1 AND org_id = $2 AND made_by = 'staff' AND approved = 0",
        )
        .bind(round_id)
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE responses SET staff_unapproved = 0 \
             WHERE round_id = $1 AND org_id = $2 AND staff_unapproved = 1",
        )
        .bind(round_id)
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        crate::responses::publish_pending(&mut tx, round_id, org_id).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
