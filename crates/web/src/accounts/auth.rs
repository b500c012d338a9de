//! Passwords, the first organiser account, login sessions and the same-origin rule.

use crate::kit::error::AppError;
use crate::kit::page::{Ctx, SESSION_COOKIE};
use crate::AppState;
use rand::Rng;
use trappe_store::{new_token, Store};

pub const SESSION_TTL_SECS: i64 = 8 * 3600;
pub use crate::access::ClientAddr;

/// A throttle key for `what` done from the client's address (a keyed hash of it, never
/// the address itself); None when the address is unknown.
pub fn address_key(store: &Store, addr: &ClientAddr, what: &str) -> Option<String> {
    addr.0
        .map(|ip| format!("{what}:{}", store.keyed_hash(&ip.to_string())))
}

pub const MIN_PASSWORD_LEN: usize = 12;

/// Argon2id, off the async runtime: hashing takes tens of milliseconds on purpose.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    Ok(tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?)
}

/// Checks a password; for an unknown user (`hash` None) it checks against a hash nobody
/// knows the password of, so the time taken does not tell whether the user exists.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    tokio::task::spawn_blocking(move || {
        let dummy = DUMMY.get_or_init(|| password_auth::generate_hash(new_token()));
        let ok = password_auth::verify_password(password, hash.as_deref().unwrap_or(dummy)).is_ok();
        ok && hash.is_some()
    })
    .await
    .unwrap_or(false)
}

/// A readable one-time password (no look-alike characters).
fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// On first start, creates the organiser account `admin` with a one-time password,
/// which it returns (to be printed once). Returns None when accounts exist.
pub async fn ensure_first_organiser(store: &Store) -> anyhow::Result<Option<String>> {
    if store.user_count().await? > 0 {
        return Ok(None);
    }
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    store.create_user("admin", &hash, true).await?;
    Ok(Some(password))
}

/// Gives a user a new one-time password, to be changed at next login.
pub async fn reset_password(store: &Store, username: &str) -> anyhow::Result<String> {
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    store.force_password(username, &hash).await?;
    Ok(password)
}

/// The longest password accepted (NIST SP 800-63B asks for at least 64; hashing makes
/// longer ones harmless, but a bound keeps requests small).
pub const MAX_PASSWORD_LEN: usize = 128;

/// The common passwords refused, one a line (see the file's head).
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

fn common_passwords() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Why a new password is refused, as a message key; None when it is acceptable.
///
/// The policy of NIST SP 800-63B (5.1.1.2): at least 12 characters, at most 128, any
/// characters (spaces too), no rules about character classes and no forced rotation; but
/// not a password from the list of common ones (also when padded with digits or symbols:
/// the list has the Danish ones zxcvbn's English dictionaries lack), not one built on the
/// username, and not one zxcvbn guesses in under 10^8 tries (keyboard walks, runs,
/// repeats, dates, dictionary words with common substitutions).
pub fn password_problem(password: &str, username: &str) -> Option<&'static str> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Some("password-too-short");
    }
    if len > MAX_PASSWORD_LEN {
        return Some("password-too-long");
    }
    let lower = password.to_lowercase();
    let common = common_passwords();
    // The stem: what is left once the digits and symbols around it are taken off.
    let stem = lower.trim_matches(|c: char| !c.is_alphabetic());
    let squeezed: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let user = username.trim().to_lowercase();
    if common.contains(lower.as_str())
        || common.contains(squeezed.as_str())
        || (stem.chars().count() >= 4 && common.contains(stem))
        || (user.chars().count() >= 3 && lower.contains(&user))
        || zxcvbn::zxcvbn(password, &[user.as_str(), "trappe"]).score() < zxcvbn::Score::Three
    {
        Some("password-too-common")
    } else {
        None
    }
}

/// Recovery codes made at a time; each stands in for the second factor once.
pub const RECOVERY_CODES: usize = 10;
/// The symbols of a recovery code: no look-alikes (0/o, 1/l/i).
const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
const RECOVERY_LEN: usize = 16;

/// Fresh recovery codes, as shown: `abcd-efgh-jkmn-pqrs` (16 symbols of 31, about 79
/// random bits each, so a SHA-256 of one cannot be reversed by guessing).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let s: String = (0..RECOVERY_LEN)
                .map(|_| RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            format!("{}-{}-{}-{}", &s[0..4], &s[4..8], &s[8..12], &s[12..16])
        })
        .collect()
}

/// A recovery code as typed (any case, with or without dashes and spaces) in the form
/// it is stored and hashed in; None when it cannot be one.
pub fn normalise_recovery_code(typed: &str) -> Option<String> {
    let s: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (s.len() == RECOVERY_LEN && s.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))).then_some(s)
}

/// How long an invitation to create an account stays valid.
pub const INVITATION_TTL_SECS: i64 = 7 * 24 * 3600;
/// How long the code step of a two-step login waits for its code.
pub const PENDING_LOGIN_TTL_SECS: i64 = 5 * 60;
/// Wrong codes allowed in one two-step login before it starts over.
pub const MAX_CODE_ATTEMPTS: i64 = 5;
pub const PENDING_COOKIE: &str = "trappe_pending";

/// Makes a one-time link that lets its holder create an account with `role` (and, for a
/// contact or viewer, organisation `org`). Only the token's hash is stored: the link is
/// returned once, to be shown or handed over, and expires in seven days.
pub async fn create_account_invitation(
    store: &Store,
    role: &str,
    org: Option<i64>,
    by: &str,
    base_url: &str,
) -> Result<String, trappe_store::StoreError> {
    let token = new_token();
    store
        .create_account_invitation(&token, role, org, by, INVITATION_TTL_SECS)
        .await?;
    let detail = match org {
        Some(o) => format!("role {role}, organisation {o}"),
        None => format!("role {role}"),
    };
    store
        .audit(Some(by), "account_invited", None, Some(&detail))
        .await?;
    Ok(format!("{}/invite/{token}", base_url.trim_end_matches('/')))
}

/// The cookie that carries a pending (password checked, code to come) login.
pub fn pending_cookie(state: &AppState, token: &str, max_age: i64) -> String {
    let secure = if state.config.secure() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{PENDING_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    )
}

pub fn session_cookie(state: &AppState, token: &str, max_age: i64) -> String {
    let secure = if state.config.secure() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    )
}

/// Signs a user in with a fresh session (a new token at every login), returning the cookie.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<String, AppError> {
    let token = new_token();
    state
        .store
        .create_session(user_id, &token, &new_token(), SESSION_TTL_SECS)
        .await?;
    Ok(session_cookie(state, &token, SESSION_TTL_SECS))
}

pub async fn end_session(
    state: &AppState,
    ctx: &Ctx,
    token: Option<&str>,
) -> Result<String, AppError> {
    if let (Some(t), Some(_)) = (token, &ctx.session) {
        state.store.delete_session(t).await?;
    }
    Ok(session_cookie(state, "", 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy_wants_length_and_rejects_the_obvious() {
        assert_eq!(
            password_problem("short", "admin"),
            Some("password-too-short")
        );
        assert_eq!(
            password_problem("password12345", "admin"),
            Some("password-too-common")
        );
        assert_eq!(
            password_problem("myadminpassphrase", "admin"),
            Some("password-too-common")
        );
        assert_eq!(
            password_problem("en lang sætning om trapper", "admin"),
            None
        );
    }

    #[test]
    fn password_policy_follows_nist_800_63b() {
        let too_common = Some("password-too-common");
        // Length: 12 to 128 characters, counted as characters (æøå are one each).
        assert_eq!(
            password_problem("æøåæøåæøåæø", "kim"),
            Some("password-too-short")
        );
        assert_eq!(password_problem("rødgrød med fløde", "kim"), None);
        assert_eq!(
            password_problem(&"lang ".repeat(26), "kim"),
            Some("password-too-long")
        );
        assert_eq!(
            password_problem(&"ab1 Zq7 ".repeat(16), "kim"),
            None,
            "128 is allowed"
        );
        // No composition rules: lower-case words with spaces are fine.
        assert_eq!(password_problem("hestene løber over engen", "kim"), None);
        assert_eq!(
            password_problem("correct horse battery staple", "kim"),
            None
        );
        // The list, as it is and padded with digits or symbols, in any case.
        for p in [
            "sommer2024", // too short anyway, but also on the list
            "Sommer2024!!",
            "kodeord12345",
            "Adgangskode1!",
            "velkommen123",
            "VELKOMMEN2025",
            "password1234",
            "qwerty123456",
            "iloveyou!!!!",
            "1234567890123",
            "123456789012",
            "abcdefghijkl",
            "qwertyuiopåa",
            "aaaaaaaaaaaa",
            "abababababab",
            "!!!!!!!!!!!!",
            "Trappe2026!!",
        ] {
            assert!(password_problem(p, "kim").is_some(), "{p} must be refused");
        }
        assert_eq!(password_problem("Sommer2024!!", "kim"), too_common);
        // Built on the username.
        assert_eq!(password_problem("kimlarsen2026!", "kimlarsen"), too_common);
        // The list is big and has the Danish ones.
        let list = common_passwords();
        assert!(list.len() >= 1000, "{}", list.len());
        for w in [
            "sommer2024",
            "kodeord",
            "adgangskode",
            "velkommen",
            "123456",
            "password",
        ] {
            assert!(list.contains(w), "{w}");
        }
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut set: Vec<_> = codes.clone();
        set.sort();
        set.dedup();
        assert_eq!(set.len(), RECOVERY_CODES);
        for c in &codes {
            assert_eq!(c.len(), 19, "{c}");
            let n = normalise_recovery_code(c).unwrap();
            assert_eq!(n, c.replace('-', ""));
            assert_eq!(
                normalise_recovery_code(&format!(" {} ", c.to_uppercase().replace('-', " "))),
                Some(n)
            );
        }
        for bad in [
            "",
            "123456",
            "abcd-efgh-jkmn-pqr",
            "abcd-efgh-jkmn-pqrs0",
            "0bcd-efgh-jkmn-pqrs",
        ] {
            assert_eq!(normalise_recovery_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn one_time_passwords_are_long_and_differ() {
        let a = one_time_password();
        assert_eq!(a.len(), 20);
        assert_ne!(a, one_time_password());
    }

    #[test]
    fn keyboard_walks_and_repeated_words_are_refused() {
        // All passed the hand-made check: no run it listed, four or more distinct
        // characters, no stem on the list.
        for p in [
            "zxcvbnmasdfghjkl",   // two keyboard rows, one after the other
            "1q2w3e4r5t6y",       // a zigzag down the keyboard
            "trappetrappetrappe", // one word three times
            "hestehestehesteheste",
            "mandag31122024", // a word and a date
        ] {
            assert_eq!(
                password_problem(p, "kim"),
                Some("password-too-common"),
                "{p} must be refused"
            );
        }
        // The Danish list still counts where zxcvbn alone would let a password pass.
        assert!(zxcvbn::zxcvbn("Adgangskode1!", &[]).score() >= zxcvbn::Score::Three);
        assert_eq!(
            password_problem("Adgangskode1!", "kim"),
            Some("password-too-common")
        );
    }
}
