//! Time-based one-time passwords (RFC 6238 over RFC 4226: HMAC-SHA-1, 30-second steps,
//! six digits), the kind every authenticator app reads from an `otpauth://` URI. The
//! codes and the base32 (RFC 4648) come from the `totp-rs` crate; this module keeps
//! Trappe's rules around them: secrets typed with spaces or in lower case, one step of
//! clock drift either side, and the matching step returned so a used one is refused.

use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Steps either side of now that are accepted, for clocks that drift a little.
pub const SKEW: i64 = 1;

pub fn base32_encode(bytes: &[u8]) -> String {
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

/// Reads base32 as people type it: any case, spaces and padding ignored.
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let typed: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Secret::Encoded(typed).to_bytes().ok()
}

/// A new 160-bit secret, in base32.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    base32_encode(&bytes)
}

/// The secret in groups of four, easier to type.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The time step a unix time falls in.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECS)
}

/// The generator for a key; `TOTP::new` refuses keys under 128 bits (RFC 4226, 4).
fn generator(key: Vec<u8>) -> Result<TOTP, totp_rs::TotpUrlError> {
    TOTP::new(Algorithm::SHA1, DIGITS as usize, 0, STEP_SECS as u64, key)
}

/// The code of one time step (RFC 4226 dynamic truncation), for a key of any length;
/// `u32::MAX` (no code) for a step before 1970.
pub fn code_at(key: &[u8], step: i64) -> u32 {
    let Some(t) = step
        .checked_mul(STEP_SECS)
        .and_then(|t| u64::try_from(t).ok())
    else {
        return u32::MAX;
    };
    TOTP::new_unchecked(
        Algorithm::SHA1,
        DIGITS as usize,
        0,
        STEP_SECS as u64,
        key.to_vec(),
    )
    .generate(t)
    .parse()
    .unwrap_or(u32::MAX)
}

/// The step whose code `code` is, within ±SKEW steps of `unix`; None when it matches none
/// or the secret is shorter than 128 bits. The caller still refuses a step already used.
pub fn verify(secret_b32: &str, code: &str, unix: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = generator(base32_decode(secret_b32)?).ok()?;
    let now = step_of(unix);
    let mut found = None;
    // Every candidate is compared (`check` compares in constant time), so timing tells
    // nothing.
    for step in now - SKEW..=now + SKEW {
        let Some(t) = step
            .checked_mul(STEP_SECS)
            .and_then(|t| u64::try_from(t).ok())
        else {
            continue;
        };
        if totp.check(&code, t) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// The `otpauth://` URI an authenticator app accepts (typed or pasted).
pub fn uri(secret_b32: &str, account: &str, issuer: &str) -> String {
    let enc = crate::kit::page::form_urlencode;
    format!(
        "otpauth://totp/{}:{}?secret={secret_b32}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        enc(issuer).replace('+', "%20"),
        enc(account).replace('+', "%20"),
        enc(issuer).replace('+', "%20"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vectors_in_six_digits() {
        // Appendix B, SHA-1: the key is the ASCII "12345678901234567890"; the eight-digit
        // codes there end in these six digits.
        let key = b"12345678901234567890";
        for (t, want) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_111_111_111, 50_471),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
            (20_000_000_000, 353_130),
        ] {
            assert_eq!(code_at(key, step_of(t)), want, "t = {t}");
        }
    }

    #[test]
    fn base32_round_trips_and_reads_typed_secrets() {
        assert_eq!(
            base32_encode(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(
            base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq").unwrap(),
            b"12345678901234567890"
        );
        assert_eq!(base32_decode("AB1"), None, "1 is not base32");
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_eq!(base32_decode(&s).unwrap().len(), 20);
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_no_further() {
        let secret = base32_encode(b"12345678901234567890");
        let t = 1_111_111_109;
        let code = format!("{:06}", code_at(b"12345678901234567890", step_of(t)));
        assert_eq!(verify(&secret, &code, t), Some(step_of(t)));
        assert_eq!(verify(&secret, &code, t + 30), Some(step_of(t)));
        assert_eq!(verify(&secret, &code, t - 30), Some(step_of(t)));
        assert_eq!(verify(&secret, &code, t + 90), None);
        assert_eq!(verify(&secret, "12345", t), None);
        assert_eq!(verify(&secret, "abcdef", t), None);
        assert_eq!(verify(&secret, &format!("{} ", &code), t), Some(step_of(t)));
    }

    #[test]
    fn the_uri_names_issuer_and_account() {
        let u = uri("ABC", "kim larsen", "Trappe");
        assert!(
            u.starts_with("otpauth://totp/Trappe:kim%20larsen?secret=ABC&issuer=Trappe"),
            "{u}"
        );
    }

    #[test]
    fn rfc_6238_vectors_verify_at_their_times_and_short_secrets_verify_nothing() {
        let secret = base32_encode(b"12345678901234567890");
        for (t, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(verify(&secret, code, t), Some(step_of(t)), "t = {t}");
        }
        // The hand-made check took any secret, even an empty one, whose codes anyone can
        // work out; RFC 4226 asks for 128 bits at least.
        for short in ["", "GEZDGNBV", "GEZDGNBVGY3TQOJQGEZDGNA"] {
            let key = base32_decode(short).unwrap();
            assert!(key.len() < 16, "{short}");
            let code = format!("{:06}", code_at(&key, step_of(59)));
            assert_eq!(verify(short, &code, 59), None, "{short:?}");
        }
    }
}
