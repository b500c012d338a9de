//! Accounts and login sessions. Passwords are hashed by the caller (argon2id, off the
//! async runtime); only hashes of session tokens, invitation tokens and pending logins
//! are stored.

use crate::{hash_token, now, Result, Store, StoreError};

/// The roles an account can have: an organiser sees everything; a contact its own
/// organisations (results, report, invitations); a viewer reads its organisations' results.
pub const ROLES: [&str; 3] = ["organiser", "contact", "viewer"];

/// A change to accounts the store refuses. Pages show each in the visitor's language
/// (the web maps the variant to a catalogue message); the English text is for the CLI
/// and the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountRefusal {
    #[error("unknown role '{0}': organiser, contact or viewer")]
    UnknownRole(String),
    #[error("the last organiser cannot lose the role")]
    LastOrganiserRole,
    #[error("the last organiser cannot be deleted")]
    LastOrganiserDelete,
    #[error("an organiser sees every organisation already")]
    OrganiserSeesAll,
    #[error("an organiser is not tied to an organisation")]
    OrganiserWithoutOrg,
    #[error("a {0} needs an organisation")]
    NeedsOrg(String),
    #[error("a username has 1 to 64 characters")]
    UsernameLength,
    #[error("a username cannot hold invisible, control or format characters")]
    UsernameInvisible,
    #[error("a username cannot look like another account's name")]
    UsernameLooksLike,
}

/// Checks a new username against the rules and every account's name, on the write
/// transaction that will insert it (so two at once cannot both pass); returns its key.
/// The same name in any case is taken (a conflict); a look-alike of another is refused.
pub(crate) async fn new_username_key(conn: &mut crate::Conn, username: &str) -> Result<String> {
    use trappe_core::username::{username_key, username_problem, UsernameProblem};
    match username_problem(username) {
        Some(UsernameProblem::Length) => return Err(AccountRefusal::UsernameLength.into()),
        Some(UsernameProblem::Invisible) => return Err(AccountRefusal::UsernameInvisible.into()),
        None => {}
    }
    let key = username_key(username);
    let alike: Vec<(String,)> =
        sqlx::query_as("SELECT username FROM users WHERE username_key = $1 OR username = $2")
            .bind(&key)
            .bind(username)
            .fetch_all(&mut *conn)
            .await?;
    let lower = username.to_lowercase();
    if alike.iter().any(|(n,)| n.to_lowercase() == lower) {
        return Err(StoreError::Conflict(format!("user '{username}' exists")));
    }
    if !alike.is_empty() {
        return Err(AccountRefusal::UsernameLooksLike.into());
    }
    Ok(key)
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub must_change_password: bool,
    /// The confirmed TOTP secret (base32): a code is asked for at login.
    pub totp_secret: Option<String>,
}

/// The user behind a live session, with the session's CSRF token.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionUser {
    pub user: User,
    pub csrf_token: String,
}

/// (must_change_password is INTEGER 0/1: no booleans in the schema.)
type UserRow = (i64, String, String, String, i64, Option<String>);
/// A user's columns and the session's CSRF token.
type SessionRow = (i64, String, String, String, i64, Option<String>, String);
const USER_COLS: &str =
    "u.id, u.username, u.password_hash, u.role, u.must_change_password, u.totp_secret";

fn user_from(r: UserRow) -> User {
    User {
        id: r.0,
        username: r.1,
        password_hash: r.2,
        role: r.3,
        must_change_password: r.4 != 0,
        totp_secret: r.5,
    }
}

impl Store {
    pub async fn user_count(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    pub async fn create_user(
        &self,
        username: &str,
        password_hash: &str,
        must_change: bool,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let key = new_username_key(&mut tx, username).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (username, password_hash, must_change_password, created_at, username_key) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(username)
        .bind(password_hash)
        .bind(i64::from(must_change))
        .bind(now())
        .bind(key)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The account named `username`, in any case: the exact name first (accounts that
    /// clashed before names were compared without case keep signing in by it), else the
    /// one account whose name differs only in case; None when none or several do.
    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(&format!(
            "SELECT {USER_COLS} FROM users u WHERE u.username = $1 OR u.username_key = $2 \
             ORDER BY u.id"
        ))
        .bind(username)
        .bind(trappe_core::username::username_key(username))
        .fetch_all(&self.pool)
        .await?;
        if let Some(r) = rows.iter().find(|r| r.1 == username) {
            return Ok(Some(user_from(r.clone())));
        }
        let lower = username.to_lowercase();
        let mut same = rows.into_iter().filter(|r| r.1.to_lowercase() == lower);
        Ok(match (same.next(), same.next()) {
            (Some(r), None) => Some(user_from(r)),
            _ => None,
        })
    }

    /// Gives every account that has none its name's key (accounts made before the keys
    /// existed, or by hand): run when the store opens.
    pub(crate) async fn fill_username_keys(&self) -> Result<()> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, username FROM users WHERE username_key IS NULL")
                .fetch_all(&self.pool)
                .await?;
        for (id, name) in rows {
            sqlx::query("UPDATE users SET username_key = $1 WHERE id = $2")
                .bind(trappe_core::username::username_key(&name))
                .bind(id)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Sets a new password hash and ends the user's other sessions.
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(0_i64)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep_session.map(hash_token).unwrap_or_default())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a password as one to change at next login (a reset by the CLI).
    pub async fn force_password(&self, username: &str, password_hash: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE username = $3",
        )
        .bind(password_hash)
        .bind(1_i64)
        .bind(username)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user '{username}'")));
        }
        Ok(())
    }

    pub async fn create_session(
        &self,
        user_id: i64,
        token: &str,
        csrf_token: &str,
        ttl_secs: i64,
    ) -> Result<()> {
        let t = now();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash_token(token))
        .bind(user_id)
        .bind(csrf_token)
        .bind(t)
        .bind(t + ttl_secs)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The user of a live (unexpired) session.
    pub async fn session_user(&self, token: &str) -> Result<Option<SessionUser>> {
        let row: Option<SessionRow> = sqlx::query_as(&format!(
            "SELECT {USER_COLS}, s.csrf_token \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        ))
        .bind(hash_token(token))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| SessionUser {
            user: user_from((r.0, r.1, r.2, r.3, r.4, r.5)),
            csrf_token: r.6,
        }))
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2")
            .bind(hash_token(token))
            .bind(now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// An account as the users page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub created_at: i64,
    pub totp: bool,
    /// Its organisations: (id, name).
    pub orgs: Vec<(i64, String)>,
    /// Live sessions.
    pub sessions: i64,
}

/// An open invitation to create an account.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountInvitation {
    pub id: i64,
    pub role: String,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A live session of an account, as its owner sees it. `id` is the stored hash of the
/// token (never the token), which is what a revocation names.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub id: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// The first step of a two-step login.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingLogin {
    pub user_id: i64,
    pub next: String,
    pub attempts: i64,
}

fn check_role(role: &str) -> Result<()> {
    if ROLES.contains(&role) {
        Ok(())
    } else {
        Err(AccountRefusal::UnknownRole(role.to_string()).into())
    }
}

type InvitationRow = (i64, String, Option<i64>, Option<String>, String, i64, i64);
const INVITATION_COLS: &str =
    "i.id, i.role, i.org_id, o.name, i.created_by, i.created_at, i.expires_at \
     FROM account_invitations i LEFT JOIN organisations o ON o.id = i.org_id";

fn invitation_from(r: InvitationRow) -> AccountInvitation {
    AccountInvitation {
        id: r.0,
        role: r.1,
        org_id: r.2,
        org_name: r.3,
        created_by: r.4,
        created_at: r.5,
        expires_at: r.6,
    }
}

impl Store {
    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        let row: Option<UserRow> =
            sqlx::query_as(&format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(user_from))
    }

    /// Every account with its organisations and number of live sessions.
    pub async fn users(&self) -> Result<Vec<UserLine>> {
        let rows: Vec<(i64, String, String, i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT u.id, u.username, u.role, u.created_at, u.totp_secret, \
               (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > $1) \
             FROM users u ORDER BY u.username",
        )
        .bind(now())
        .fetch_all(&self.pool)
        .await?;
        let links: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT uo.user_id, o.id, o.name FROM user_organisations uo \
             JOIN organisations o ON o.id = uo.org_id ORDER BY o.name",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| UserLine {
                orgs: links
                    .iter()
                    .filter(|l| l.0 == r.0)
                    .map(|l| (l.1, l.2.clone()))
                    .collect(),
                id: r.0,
                username: r.1,
                role: r.2,
                created_at: r.3,
                totp: r.4.is_some(),
                sessions: r.5,
            })
            .collect())
    }

    /// The organisations an account is linked to.
    pub async fn user_orgs(&self, user_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT org_id FROM user_organisations WHERE user_id = $1 ORDER BY org_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    pub(crate) async fn organisers_other_than(tx: &mut crate::Tx, user_id: i64) -> Result<i64> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM users WHERE role = 'organiser' AND id <> $1")
                .bind(user_id)
                .fetch_one(&mut **tx)
                .await?;
        Ok(n)
    }

    /// Changes an account's role. The last organiser keeps the role, so the installation
    /// always has someone who can manage it. An organiser's organisation links go.
    pub async fn set_role(&self, user_id: i64, role: &str) -> Result<()> {
        check_role(role)?;
        let mut tx = self.write().await?;
        if role != "organiser" && Self::organisers_other_than(&mut tx, user_id).await? == 0 {
            return Err(AccountRefusal::LastOrganiserRole.into());
        }
        let done = sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        }
        if role == "organiser" {
            sqlx::query("DELETE FROM user_organisations WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Links an account to an organisation (contacts and viewers only).
    pub async fn link_org(&self, user_id: i64, org_id: i64) -> Result<()> {
        let user = self
            .user(user_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {user_id}")))?;
        if user.role == "organiser" {
            return Err(AccountRefusal::OrganiserSeesAll.into());
        }
        if self.org(org_id).await?.is_none() {
            return Err(StoreError::NotFound(format!("organisation {org_id}")));
        }
        sqlx::query(
            "INSERT INTO user_organisations (user_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(org_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn unlink_org(&self, user_id: i64, org_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM user_organisations WHERE user_id = $1 AND org_id = $2")
            .bind(user_id)
            .bind(org_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes an account with its sessions and links; returns its name. The last
    /// organiser cannot be deleted.
    pub async fn delete_user(&self, user_id: i64) -> Result<String> {
        let mut tx = self.write().await?;
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT username, role FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (name, role) = row.ok_or_else(|| StoreError::NotFound(format!("user {user_id}")))?;
        if role == "organiser" && Self::organisers_other_than(&mut tx, user_id).await? == 0 {
            return Err(AccountRefusal::LastOrganiserDelete.into());
        }
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(name)
    }

    // ---- invitations to create an account ----

    /// Stores an invitation under the hash of `token`; `org_id` is required for a contact
    /// or viewer and refused for an organiser.
    pub async fn create_account_invitation(
        &self,
        token: &str,
        role: &str,
        org_id: Option<i64>,
        created_by: &str,
        ttl_secs: i64,
    ) -> Result<i64> {
        check_role(role)?;
        match (role, org_id) {
            ("organiser", Some(_)) => return Err(AccountRefusal::OrganiserWithoutOrg.into()),
            ("organiser", None) => {}
            (_, None) => return Err(AccountRefusal::NeedsOrg(role.to_string()).into()),
            (_, Some(org)) => {
                if self.org(org).await?.is_none() {
                    return Err(StoreError::NotFound(format!("organisation {org}")));
                }
            }
        }
        let t = now();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO account_invitations (token_hash, role, org_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(hash_token(token))
        .bind(role)
        .bind(org_id)
        .bind(created_by)
        .bind(t)
        .bind(t + ttl_secs)
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// Invitations not yet used or expired, newest first.
    pub async fn account_invitations(&self) -> Result<Vec<AccountInvitation>> {
        let rows: Vec<InvitationRow> = sqlx::query_as(&format!(
            "SELECT {INVITATION_COLS} WHERE i.expires_at > $1 ORDER BY i.id DESC"
        ))
        .bind(now())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(invitation_from).collect())
    }

    /// The live invitation behind a link, if any.
    pub async fn account_invitation(&self, token: &str) -> Result<Option<AccountInvitation>> {
        let row: Option<InvitationRow> = sqlx::query_as(&format!(
            "SELECT {INVITATION_COLS} WHERE i.token_hash = $1 AND i.expires_at > $2"
        ))
        .bind(hash_token(token))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(invitation_from))
    }

    pub async fn revoke_account_invitation(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM account_invitations WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("invitation {id}")));
        }
        Ok(())
    }

    /// Spends an invitation: creates the account with its role and organisation, all or
    /// nothing. A second use of the same link finds nothing.
    pub async fn accept_account_invitation(
        &self,
        token: &str,
        username: &str,
        password_hash: &str,
    ) -> Result<User> {
        let username = username.trim();
        if username.is_empty() || username.chars().count() > 64 {
            return Err(AccountRefusal::UsernameLength.into());
        }
        let mut tx = self.write().await?;
        let inv: Option<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, role, org_id FROM account_invitations WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(hash_token(token))
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        let (inv_id, role, org_id) =
            inv.ok_or_else(|| StoreError::NotFound("invitation".into()))?;
        let key = new_username_key(&mut tx, username).await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (username, password_hash, role, must_change_password, created_at, username_key) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(username)
        .bind(password_hash)
        .bind(&role)
        .bind(0_i64)
        .bind(now())
        .bind(key)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(org) = org_id {
            sqlx::query("INSERT INTO user_organisations (user_id, org_id) VALUES ($1, $2)")
                .bind(id)
                .bind(org)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM account_invitations WHERE id = $1 OR expires_at <= $2")
            .bind(inv_id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(User {
            id,
            username: username.to_string(),
            password_hash: password_hash.to_string(),
            role,
            must_change_password: false,
            totp_secret: None,
        })
    }

    // ---- sessions, as their owner manages them ----

    /// An account's live sessions, newest first.
    pub async fn sessions_of(&self, user_id: i64) -> Result<Vec<SessionInfo>> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT token_hash, created_at, expires_at FROM sessions \
             WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, token_hash",
        )
        .bind(user_id)
        .bind(now())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| SessionInfo {
                id: r.0,
                created_at: r.1,
                expires_at: r.2,
            })
            .collect())
    }

    /// Ends one session of an account (by its id from `sessions_of`); false when it was
    /// not that account's.
    pub async fn revoke_session(&self, user_id: i64, session_id: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash = $2")
            .bind(user_id)
            .bind(session_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Ends every session of an account but the one holding `keep` (a token); returns
    /// how many ended.
    pub async fn revoke_other_sessions(&self, user_id: i64, keep: Option<&str>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep.map(hash_token).unwrap_or_default())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    // ---- the second factor ----

    /// Keeps a secret shown to the user until a code confirms it (None forgets it).
    pub async fn set_totp_pending(&self, user_id: i64, secret: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
            .bind(secret)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn totp_pending(&self, user_id: i64) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT totp_pending FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|r| r.0))
    }

    /// Turns the pending secret on; `step` is the time step of the code that confirmed it,
    /// which cannot be used again.
    pub async fn enable_totp(&self, user_id: i64, step: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1 \
             WHERE id = $2 AND totp_pending IS NOT NULL",
        )
        .bind(step)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("a pending second factor".into()));
        }
        Ok(())
    }

    /// Turns the second factor off; its recovery codes go with it.
    pub async fn disable_totp(&self, user_id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL WHERE id = $1",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces an account's recovery codes with `codes` (only their hashes are kept).
    pub async fn replace_recovery_codes(&self, user_id: i64, codes: &[String]) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let t = now();
        for code in codes {
            sqlx::query(
                "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(hash_token(code))
            .bind(t)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Spends one of an account's recovery codes (given as normalised by the caller).
    /// Returns how many are left, or None when the code is not one of its unused ones.
    pub async fn use_recovery_code(&self, user_id: i64, code: &str) -> Result<Option<i64>> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now())
        .bind(user_id)
        .bind(hash_token(code))
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        Ok(Some(self.recovery_codes_left(user_id).await?))
    }

    /// An account's unused recovery codes.
    pub async fn recovery_codes_left(&self, user_id: i64) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// Records `step` as used; false when it (or a later one) was used already, so a code
    /// works once.
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET totp_last_step = $1 \
             WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    // ---- pending logins (password right, code to come) ----

    pub async fn create_pending_login(
        &self,
        user_id: i64,
        token: &str,
        next: &str,
        ttl_secs: i64,
    ) -> Result<()> {
        let t = now();
        sqlx::query("DELETE FROM pending_logins WHERE expires_at <= $1 OR user_id = $2")
            .bind(t)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO pending_logins (token_hash, user_id, next, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(hash_token(token))
        .bind(user_id)
        .bind(next)
        .bind(t + ttl_secs)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn pending_login(&self, token: &str) -> Result<Option<PendingLogin>> {
        let row: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT user_id, next, attempts FROM pending_logins WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(hash_token(token))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| PendingLogin {
            user_id: r.0,
            next: r.1,
            attempts: r.2,
        }))
    }

    /// Counts a wrong code; returns the attempts made so far.
    pub async fn pending_login_failed(&self, token: &str) -> Result<i64> {
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE pending_logins SET attempts = attempts + 1 WHERE token_hash = $1 RETURNING attempts",
        )
        .bind(hash_token(token))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.0).unwrap_or(i64::MAX))
    }

    pub async fn delete_pending_login(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM pending_logins WHERE token_hash = $1")
            .bind(hash_token(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> (Store, tempfile_dir::Dir) {
        let dir = tempfile_dir::Dir::new();
        let db = crate::testing::fresh_db(&dir.0, "t.db").await.expect("db");
        let s = Store::open(&db).await.expect("open");
        (s, dir)
    }

    /// A temporary folder without a dev-dependency.
    mod tempfile_dir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                let p = std::env::temp_dir().join(format!("trappe-acc-{}", crate::new_token()));
                std::fs::create_dir_all(&p).expect("temp dir");
                Dir(p)
            }
            pub fn path(&self, name: &str) -> String {
                self.0.join(name).to_string_lossy().into_owned()
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[tokio::test]
    async fn names_that_clashed_before_keys_keep_signing_in_and_no_new_clash_is_made() {
        let (s, _d) = store().await;
        // Two accounts made before names were compared without case (by hand here).
        for name in ["Kim", "kim"] {
            sqlx::query(
                "INSERT INTO users (username, password_hash, created_at) VALUES ($1, 'h', 1)",
            )
            .bind(name)
            .execute(&s.pool)
            .await
            .unwrap();
        }
        s.fill_username_keys().await.unwrap();
        let name_of = |u: Option<User>| u.map(|u| u.username);
        assert_eq!(
            name_of(s.user_by_name("Kim").await.unwrap()).as_deref(),
            Some("Kim")
        );
        assert_eq!(
            name_of(s.user_by_name("kim").await.unwrap()).as_deref(),
            Some("kim")
        );
        assert_eq!(
            s.user_by_name("KIM").await.unwrap(),
            None,
            "which one is unclear"
        );
        assert!(matches!(
            s.create_user("KIM", "h", false).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            s.create_user("k\u{0456}m", "h", false).await,
            Err(StoreError::Account(AccountRefusal::UsernameLooksLike))
        ));
        assert!(matches!(
            s.create_user("ki\u{200B}m", "h", false).await,
            Err(StoreError::Account(AccountRefusal::UsernameInvisible))
        ));
        // A name of its own signs in in any case.
        s.create_user("Lis", "h", false).await.unwrap();
        assert_eq!(
            name_of(s.user_by_name("LIS").await.unwrap()).as_deref(),
            Some("Lis")
        );
    }

    #[tokio::test]
    async fn an_invitation_makes_one_account_with_its_role_and_organisation() {
        let (s, _d) = store().await;
        let org = s
            .add_org(&trappe_core::NewOrg::parse("Aarhus Kommune", "kommune", None, &[]).unwrap())
            .await
            .unwrap();
        assert!(s
            .create_account_invitation("t0", "contact", None, "admin", 60)
            .await
            .is_err());
        assert!(s
            .create_account_invitation("t0", "organiser", Some(org), "admin", 60)
            .await
            .is_err());
        s.create_account_invitation("t1", "contact", Some(org), "admin", 60)
            .await
            .unwrap();
        assert_eq!(s.account_invitations().await.unwrap().len(), 1);
        let u = s
            .accept_account_invitation("t1", "kim", "hash")
            .await
            .unwrap();
        assert_eq!(u.role, "contact");
        assert_eq!(s.user_orgs(u.id).await.unwrap(), vec![org]);
        assert!(matches!(
            s.accept_account_invitation("t1", "kim2", "hash").await,
            Err(StoreError::NotFound(_))
        ));
        assert!(s.account_invitations().await.unwrap().is_empty());
        // Expired links do nothing.
        s.create_account_invitation("t2", "viewer", Some(org), "admin", -1)
            .await
            .unwrap();
        assert!(s.account_invitation("t2").await.unwrap().is_none());
        assert!(s.accept_account_invitation("t2", "x", "h").await.is_err());
    }

    #[tokio::test]
    async fn the_last_organiser_stays_and_totp_steps_work_once() {
        let (s, _d) = store().await;
        let admin = s.create_user("admin", "h", false).await.unwrap();
        assert!(matches!(
            s.set_role(admin, "viewer").await,
            Err(StoreError::Account(AccountRefusal::LastOrganiserRole))
        ));
        assert!(s.delete_user(admin).await.is_err());
        assert!(s.set_role(admin, "boss").await.is_err());
        s.set_totp_pending(admin, Some("ABC")).await.unwrap();
        s.enable_totp(admin, 100).await.unwrap();
        assert_eq!(
            s.user(admin).await.unwrap().unwrap().totp_secret.as_deref(),
            Some("ABC")
        );
        assert!(
            !s.use_totp_step(admin, 100).await.unwrap(),
            "used to confirm"
        );
        assert!(s.use_totp_step(admin, 101).await.unwrap());
        assert!(!s.use_totp_step(admin, 101).await.unwrap(), "no replay");
        assert!(!s.use_totp_step(admin, 100).await.unwrap(), "no going back");
    }

    #[tokio::test]
    async fn the_upgrade_to_three_roles_keeps_users_and_their_sessions() {
        // A database as it was before 0003: an organiser signed in.
        let dir = tempfile_dir::Dir::new();
        let path = dir.path("old.db");
        {
            let opts = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true)
                .foreign_keys(true);
            let pool = sqlx::SqlitePool::connect_with(opts).await.unwrap();
            let before = sqlx::migrate::Migrator {
                migrations: std::borrow::Cow::Owned(
                    crate::SQLITE_MIGRATIONS.migrations[..2].to_vec(),
                ),
                ..sqlx::migrate::Migrator::DEFAULT
            };
            before.run(&pool).await.unwrap();
            sqlx::query(
                "INSERT INTO users (username, password_hash, created_at) VALUES ('admin', 'h', 1)",
            )
            .execute(&pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, 1, 'c', 1, $2)",
            )
            .bind(hash_token("tok"))
            .bind(now() + 600)
            .execute(&pool)
            .await
            .unwrap();
            pool.close().await;
        }
        let s = Store::open(&path).await.unwrap();
        let su = s.session_user("tok").await.unwrap().expect("session kept");
        assert_eq!(su.user.username, "admin");
        assert_eq!(su.user.role, "organiser");
        assert_eq!(su.csrf_token, "c");
        // The new roles are accepted now; unknown ones still are not.
        s.create_user("kim", "h", false).await.unwrap();
        let kim = s.user_by_name("kim").await.unwrap().unwrap();
        s.set_role(kim.id, "viewer").await.unwrap();
        assert!(sqlx::query("UPDATE users SET role = 'boss' WHERE id = $1")
            .bind(kim.id)
            .execute(&s.pool)
            .await
            .is_err());
    }
}
