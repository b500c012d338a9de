//! How guessing passwords is slowed without letting anyone lock an owner out.
//!
//! - **Per (account, client address) pair**: three failures are free; each failure after
//!   that doubles the wait before the pair's next attempt (1 s, 2 s, 4 s, … up to 15
//!   minutes). An attempt inside its wait is refused with 429 and the time to wait,
//!   without checking the password. Failures from one address never slow the same
//!   account from another address, so nobody can lock an owner out from afar.
//! - **Per client address**: more than `MAX_FAILURES_PER_ADDRESS` failures in 15 minutes
//!   (password spraying: one guess at many accounts) and further attempts from that
//!   address are refused unchecked.
//! - **A browser that has signed in to the account before** (it holds the account's
//!   signed device cookie, set at every complete login) is exempt from both: a correct
//!   password (and second factor) always gets through from it, whatever others did from
//!   the same address (behind one reverse proxy or NAT every user shares an address).
//!   Its own failures count under the device, not the address.
//!
//! All counts live in the database, so every instance on it shares them; addresses,
//! accounts and devices appear there only as keyed hashes.

use crate::access::ClientAddr;
use crate::kit::page::cookie;
use crate::AppState;
use axum::http::HeaderMap;
use subtle::ConstantTimeEq;
use trappe_core::username::username_key;
use trappe_store::StoreError;

/// Failed logins from one address within the throttle window (15 minutes) after which
/// attempts from it are refused unchecked, except from a device that knows the account.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 100;
pub const DEVICE_COOKIE: &str = "trappe_device";
/// How long a device cookie exempts its browser (renewed at every complete login).
pub const DEVICE_TTL_SECS: i64 = 180 * 24 * 3600;

/// Why an attempt is refused before its password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The pair must wait this many more milliseconds.
    Wait(i64),
    /// The address is over its ceiling for the window.
    Address,
}

/// The throttle keys of one login attempt.
pub struct Guard {
    /// The pair's (or, from a known device, the device's) key in the delay table.
    pair: String,
    /// The address's key in the throttle table; None from a known device or when the
    /// address is unknown.
    addr: Option<String>,
    /// The key that lets one refusal per address and window into the audit log.
    audit: String,
}

impl Guard {
    pub fn new(state: &AppState, username: &str, addr: ClientAddr, headers: &HeaderMap) -> Guard {
        let store = &state.store;
        let key = username_key(username);
        let ip = addr.0.map(|ip| ip.to_string()).unwrap_or_default();
        let device = cookie(headers, DEVICE_COOKIE).and_then(|c| device_nonce(state, &key, c));
        Guard {
            pair: match &device {
                Some(nonce) => format!("device:{}", store.keyed_hash(&format!("{key}\n{nonce}"))),
                None => format!("pair:{}", store.keyed_hash(&format!("{key}\n{ip}"))),
            },
            addr: match (&device, addr.0) {
                (None, Some(_)) => Some(format!("ip:{}", store.keyed_hash(&ip))),
                _ => None,
            },
            audit: format!("audited:{}", store.keyed_hash(&format!("login\n{ip}"))),
        }
    }

    /// Whether this attempt must be refused unchecked; `address` also applies the
    /// address's ceiling (not at the code step, whose password is already proven).
    pub async fn refusal(
        &self,
        state: &AppState,
        address: bool,
    ) -> Result<Option<Refusal>, StoreError> {
        let wait = state.store.login_delay(&self.pair).await?;
        if wait > 0 {
            return Ok(Some(Refusal::Wait(wait)));
        }
        if let (true, Some(k)) = (address, &self.addr) {
            if state.store.throttle_failures(k).await? >= MAX_FAILURES_PER_ADDRESS {
                return Ok(Some(Refusal::Address));
            }
        }
        Ok(None)
    }

    /// Records a refusal in the audit log, once per address and window: refusals cost
    /// nothing to send, so each is not worth a row.
    pub async fn audit_refusal(&self, state: &AppState, username: &str) -> Result<(), StoreError> {
        if state.store.throttle_hit(&self.audit).await? == 1 {
            state
                .store
                .audit(Some(username), "login_throttled", None, None)
                .await?;
        }
        Ok(())
    }

    /// Counts a wrong password or code.
    pub async fn failed(&self, state: &AppState) -> Result<(), StoreError> {
        state.store.login_delay_fail(&self.pair).await?;
        if let Some(k) = &self.addr {
            state.store.throttle_fail(k).await?;
        }
        Ok(())
    }

    /// Forgets the pair's failures after a correct login.
    pub async fn succeeded(&self, state: &AppState) -> Result<(), StoreError> {
        state.store.login_delay_clear(&self.pair).await
    }
}

/// The Set-Cookie value of a device cookie for `username`: `ISSUED.NONCE.MAC`, signed
/// with the installation's secret, so only a browser that completed a login holds one.
pub fn device_cookie(state: &AppState, username: &str) -> String {
    let issued = chrono::Utc::now().timestamp();
    let nonce = &trappe_store::new_token()[..16];
    let mac = device_mac(state, &username_key(username), issued, nonce);
    let secure = if state.config.secure() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{DEVICE_COOKIE}={issued}.{nonce}.{mac}; Path=/login; HttpOnly; SameSite=Strict; Max-Age={DEVICE_TTL_SECS}{secure}"
    )
}

fn device_mac(state: &AppState, key: &str, issued: i64, nonce: &str) -> String {
    state
        .store
        .keyed_hash(&format!("device\n{key}\n{issued}\n{nonce}"))
}

/// The nonce of a valid, unexpired device cookie for the account with name key `key`.
fn device_nonce(state: &AppState, key: &str, value: &str) -> Option<String> {
    let mut parts = value.splitn(3, '.');
    let issued: i64 = parts.next()?.parse().ok()?;
    let nonce = parts.next()?;
    let mac = parts.next()?;
    let fresh = issued + DEVICE_TTL_SECS > chrono::Utc::now().timestamp();
    let expected = device_mac(state, key, issued, nonce);
    (fresh && bool::from(expected.as_bytes().ct_eq(mac.as_bytes()))).then(|| nonce.to_string())
}

/// Seconds to tell the visitor to wait (at least 1: never "0 seconds").
pub fn wait_secs(ms: i64) -> i64 {
    ((ms + 999) / 1000).max(1)
}
