//! Single sign-on: sign-ins waiting for the identity provider's answer, and the accounts
//! behind an identity (issuer and subject). What a provider says is checked by the web
//! layer (signature, issuer, audience, expiry, nonce) before it reaches the store.

use crate::{hash_token, now, Result, Store, StoreError};

/// The password hash of an account that signs in only through single sign-on: not a
/// PHC string, so no password ever matches it.
pub const SSO_ONLY_PASSWORD: &str = "!sso";

/// A sign-in sent to the identity provider, as its answer finds it.
#[derive(Debug, Clone, PartialEq)]
pub struct SsoLogin {
    pub state: String,
    pub nonce: String,
    /// The PKCE code verifier.
    pub verifier: String,
    pub next: String,
}

/// Who the identity provider says signed in, already mapped to Trappe's role and
/// organisations.
#[derive(Debug, Clone, PartialEq)]
pub struct SsoIdentity {
    pub issuer: String,
    pub subject: String,
    /// An e-mail address the provider marked as verified (links an existing account).
    pub verified_email: Option<String>,
    /// Usernames to try for a new account, best first.
    pub names: Vec<String>,
    pub role: String,
    /// The organisations of a contact or viewer (empty for an organiser).
    pub orgs: Vec<i64>,
}

/// What a single sign-on did to the account.
#[derive(Debug, Clone, PartialEq)]
pub struct SsoAccount {
    pub user_id: i64,
    pub username: String,
    pub role: String,
    /// The account was made by this sign-in.
    pub created: bool,
    /// An existing account (same verified e-mail) was tied to the identity by this
    /// sign-in; its password stops working and its other sessions end.
    pub linked: bool,
    /// Changes made to bring role and organisations in line with the provider, for the
    /// audit log, e.g. "role viewer -> contact", "organisation 3 added".
    pub changes: Vec<String>,
}

impl Store {
    /// Keeps a sign-in sent to the identity provider under the hash of the browser's
    /// cookie token, for `ttl_secs`. Expired ones are cleared on the way.
    pub async fn create_sso_login(
        &self,
        token: &str,
        login: &SsoLogin,
        ttl_secs: i64,
    ) -> Result<()> {
        let t = now();
        sqlx::query("DELETE FROM sso_logins WHERE expires_at <= $1")
            .bind(t)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sso_logins (token_hash, state, nonce, verifier, next, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hash_token(token))
        .bind(&login.state)
        .bind(&login.nonce)
        .bind(&login.verifier)
        .bind(&login.next)
        .bind(t + ttl_secs)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Spends the sign-in behind a cookie token: the first answer takes it, a replay
    /// finds nothing, and an expired one is None.
    pub async fn take_sso_login(&self, token: &str) -> Result<Option<SsoLogin>> {
        let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
            "DELETE FROM sso_logins WHERE token_hash = $1 \
             RETURNING state, nonce, verifier, next, expires_at",
        )
        .bind(hash_token(token))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .filter(|r| r.4 > now())
            .map(|(state, nonce, verifier, next, _)| SsoLogin {
                state,
                nonce,
                verifier,
                next,
            }))
    }

    /// Finds or makes the account of an identity and brings its role and organisations
    /// in line with what the provider says, all in one transaction:
    ///
    /// 1. the account already tied to (issuer, subject); else
    /// 2. the one account whose recorded e-mail, or username, is the verified e-mail:
    ///    it is tied to the identity, its password stops working (so whoever chose that
    ///    username cannot sign in to what the provider grants) and its sessions end;
    /// 3. else a new account, named by the first free of `names`.
    ///
    /// The provider's role and organisations then replace the account's, except that
    /// the last organiser keeps the role.
    pub async fn sso_sign_in(&self, id: &SsoIdentity) -> Result<SsoAccount> {
        if !crate::accounts::ROLES.contains(&id.role.as_str()) {
            return Err(StoreError::Invalid(format!("unknown role '{}'", id.role)));
        }
        let t = now();
        let mut tx = self.write().await?;
        let known: Option<(i64,)> =
            sqlx::query_as("SELECT user_id FROM sso_identities WHERE issuer = $1 AND subject = $2")
                .bind(&id.issuer)
                .bind(&id.subject)
                .fetch_optional(&mut *tx)
                .await?;
        let (mut created, mut linked) = (false, false);
        let user_id = match known {
            Some((u,)) => u,
            None => {
                let by_email: Vec<(i64,)> = match &id.verified_email {
                    Some(e) => {
                        sqlx::query_as(
                            "SELECT id FROM users WHERE LOWER(email) = LOWER($1) \
                             OR LOWER(username) = LOWER($1) ORDER BY id",
                        )
                        .bind(e)
                        .fetch_all(&mut *tx)
                        .await?
                    }
                    None => Vec::new(),
                };
                let user_id = match by_email.as_slice() {
                    [(u,)] => {
                        linked = true;
                        sqlx::query(
                            "UPDATE users SET password_hash = $1, email = $2 WHERE id = $3",
                        )
                        .bind(SSO_ONLY_PASSWORD)
                        .bind(&id.verified_email)
                        .bind(u)
                        .execute(&mut *tx)
                        .await?;
                        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                            .bind(u)
                            .execute(&mut *tx)
                            .await?;
                        *u
                    }
                    _ => {
                        created = true;
                        let name = free_name(&mut tx, &id.names, &id.subject).await?;
                        let (u,): (i64,) = sqlx::query_as(
                            "INSERT INTO users (username, password_hash, role, must_change_password, created_at, email, username_key) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        )
                        .bind(&name)
                        .bind(SSO_ONLY_PASSWORD)
                        .bind(&id.role)
                        .bind(0_i64)
                        .bind(t)
                        .bind(&id.verified_email)
                        .bind(trappe_core::username::username_key(&name))
                        .fetch_one(&mut *tx)
                        .await?;
                        u
                    }
                };
                sqlx::query(
                    "INSERT INTO sso_identities (issuer, subject, user_id, created_at, last_login_at) \
                     VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(&id.issuer)
                .bind(&id.subject)
                .bind(user_id)
                .bind(t)
                .execute(&mut *tx)
                .await?;
                user_id
            }
        };
        sqlx::query(
            "UPDATE sso_identities SET last_login_at = $1 WHERE issuer = $2 AND subject = $3",
        )
        .bind(t)
        .bind(&id.issuer)
        .bind(&id.subject)
        .execute(&mut *tx)
        .await?;

        // Role and organisations as the provider says.
        let (username, old_role): (String, String) =
            sqlx::query_as("SELECT username, role FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
        let mut changes = Vec::new();
        let mut role = old_role.clone();
        if id.role != old_role {
            if old_role == "organiser" && Self::organisers_other_than(&mut tx, user_id).await? == 0
            {
                changes.push(format!(
                    "role stays organiser (the provider says {}; the last organiser keeps the role)",
                    id.role
                ));
            } else {
                sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
                    .bind(&id.role)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                changes.push(format!("role {old_role} -> {}", id.role));
                role = id.role.clone();
            }
        }
        let want: Vec<i64> = if role == "organiser" {
            Vec::new()
        } else {
            id.orgs.clone()
        };
        let have: Vec<(i64,)> =
            sqlx::query_as("SELECT org_id FROM user_organisations WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
        for (org,) in &have {
            if !want.contains(org) {
                sqlx::query("DELETE FROM user_organisations WHERE user_id = $1 AND org_id = $2")
                    .bind(user_id)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
                changes.push(format!("organisation {org} removed"));
            }
        }
        for org in &want {
            if !have.iter().any(|(h,)| h == org) {
                sqlx::query("INSERT INTO user_organisations (user_id, org_id) VALUES ($1, $2)")
                    .bind(user_id)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
                changes.push(format!("organisation {org} added"));
            }
        }
        tx.commit().await?;
        Ok(SsoAccount {
            user_id,
            username,
            role,
            created,
            linked,
            changes,
        })
    }

    /// The identities (issuer, subject) tied to an account.
    pub async fn sso_identities_of(&self, user_id: i64) -> Result<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT issuer, subject FROM sso_identities WHERE user_id = $1 ORDER BY issuer, subject",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// The first of `names` (cleaned, at most 64 characters) no account has; else one made
/// from the subject.
async fn free_name(tx: &mut crate::Tx, names: &[String], subject: &str) -> Result<String> {
    let fallback = format!("sso-{}", &hash_token(subject)[..12]);
    let cleaned = names
        .iter()
        .map(|n| {
            n.chars()
                .filter(|c| !trappe_core::username::is_invisible(*c))
                .take(60)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty());
    let mut tries: Vec<String> = Vec::new();
    for n in cleaned.chain(std::iter::once(fallback.clone())) {
        tries.push(n.clone());
        tries.extend((2..=9).map(|i| format!("{n}-{i}")));
    }
    // The first that is neither taken in any case nor a look-alike of another name.
    for name in tries {
        match crate::accounts::new_username_key(tx, &name).await {
            Ok(_) => return Ok(name),
            Err(StoreError::Conflict(_) | StoreError::Account(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(format!("{fallback}-{}", &crate::new_token()[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(subject: &str, role: &str, orgs: Vec<i64>) -> SsoIdentity {
        SsoIdentity {
            issuer: "https://login.example.dk".into(),
            subject: subject.into(),
            verified_email: None,
            names: vec!["Kim".into()],
            role: role.into(),
            orgs,
        }
    }

    #[tokio::test]
    async fn names_stay_unique_and_the_last_organiser_keeps_the_role() {
        let dir = std::env::temp_dir().join(format!("trappe-sso-{}", crate::new_token()));
        std::fs::create_dir_all(&dir).unwrap();
        let s = Store::open(dir.join("t.db").to_str().unwrap())
            .await
            .unwrap();
        let org = s
            .add_org(&trappe_core::NewOrg::parse("Aarhus Kommune", "kommune", None, &[]).unwrap())
            .await
            .unwrap();
        let a = s
            .sso_sign_in(&identity("a", "organiser", vec![org]))
            .await
            .unwrap();
        assert!(a.created && !a.linked);
        assert_eq!((a.username.as_str(), a.role.as_str()), ("Kim", "organiser"));
        assert!(
            s.user_orgs(a.user_id).await.unwrap().is_empty(),
            "an organiser has no links"
        );
        let b = s
            .sso_sign_in(&identity("b", "organiser", vec![]))
            .await
            .unwrap();
        assert_eq!(b.username, "Kim-2", "a taken name gets a suffix");
        // Two organisers: one may become a viewer. Then the other is the last one.
        let a = s
            .sso_sign_in(&identity("a", "viewer", vec![org]))
            .await
            .unwrap();
        assert!(!a.created);
        assert_eq!(a.role, "viewer");
        assert_eq!(
            a.changes,
            [
                "role organiser -> viewer",
                &format!("organisation {org} added")
            ]
        );
        let b = s
            .sso_sign_in(&identity("b", "viewer", vec![org]))
            .await
            .unwrap();
        assert_eq!(b.role, "organiser");
        assert!(
            b.changes[0].starts_with("role stays organiser"),
            "{:?}",
            b.changes
        );
        assert_eq!(s.sso_identities_of(b.user_id).await.unwrap().len(), 1);
        // A sign-in waiting for the provider is spent by its first answer.
        let login = SsoLogin {
            state: "s".into(),
            nonce: "n".into(),
            verifier: "v".into(),
            next: "/start".into(),
        };
        s.create_sso_login("cookie", &login, 600).await.unwrap();
        assert_eq!(
            s.take_sso_login("cookie").await.unwrap(),
            Some(login.clone())
        );
        assert_eq!(s.take_sso_login("cookie").await.unwrap(), None);
        s.create_sso_login("old", &login, -1).await.unwrap();
        assert_eq!(s.take_sso_login("old").await.unwrap(), None, "expired");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
