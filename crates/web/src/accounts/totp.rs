//! Time-based one-time passwords (RFC 6238 over RFC 4226: HMAC-SHA-1, 30-second steps,
//! six digits), the kind every authenticator app reads from an `otpauth://` URI. The
//! secret is shown in base32 (RFC 4648) to type in; no QR image is drawn.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

pub const STEP_SECS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Steps either side of now that are accepted, for clocks that drift a little.
pub const SKEW: i64 = 1;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Reads base32 as people type it: any case, spaces and padding ignored.
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let c = c.to_ascii_uppercase() as u8;
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buf >> bits) & 0xff) as u8);
        }
    }
    Some(out)
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

/// The code of one time step (RFC 4226 dynamic truncation).
pub fn code_at(key: &[u8], step: i64) -> u32 {
    // HMAC takes a key of any length: new_from_slice cannot fail.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        return u32::MAX;
    };
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let at = usize::from(h[19] & 0x0f);
    let bin = (u32::from(h[at]) & 0x7f) << 24
        | u32::from(h[at + 1]) << 16
        | u32::from(h[at + 2]) << 8
        | u32::from(h[at + 3]);
    bin % 10u32.pow(DIGITS)
}

/// The step whose code `code` is, within ±SKEW steps of `unix`; None when it matches none.
/// The caller still refuses a step already used.
pub fn verify(secret_b32: &str, code: &str, unix: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let key = base32_decode(secret_b32)?;
    let now = step_of(unix);
    let mut found = None;
    // Every candidate is compared (in constant time), so timing tells nothing.
    for step in now - SKEW..=now + SKEW {
        let want = format!("{:0width$}", code_at(&key, step), width = DIGITS as usize);
        if bool::from(want.as_bytes().ct_eq(code.as_bytes())) && found.is_none() {
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
}
