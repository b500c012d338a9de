//! Where the app may send a visitor back to: a `next` target (language switch, login,
//! second factor, single sign-on) must be a path on this site. One function decides,
//! reading the target the way a browser reads a `Location` header (the WHATWG URL
//! parser strips tabs and newlines and takes `\` for `/`, so `/\t/evil` and `/\evil`
//! are `//evil`: another host).

use url::Url;

/// The longest target taken.
const MAX_LEN: usize = 2048;

/// A made-up base: resolving a target against it shows where a browser would go.
const BASE: &str = "http://trappe.invalid/";

/// Whether `target` stays on this site. Refused: anything not starting with exactly one
/// `/`; more than 2,048 bytes; a backslash, a control character, whitespace or anything outside printable
/// ASCII anywhere (our own `next` values are percent-encoded paths); a path that does
/// so once percent-decoded (a proxy or a later hop may decode `%2F`, `%5C`, `%09`); and
/// anything the URL parser resolves to another origin.
pub fn is_local_path(target: &str) -> bool {
    let raw = target.as_bytes();
    // Our own pages' addresses are short; a huge one would only fill a header.
    if raw.len() > MAX_LEN || raw.first() != Some(&b'/') || matches!(raw.get(1), Some(b'/' | b'\\'))
    {
        return false;
    }
    // Printable ASCII only: no control character, no space, no Unicode look-alikes.
    if !raw.iter().all(|b| b.is_ascii_graphic()) || raw.contains(&b'\\') {
        return false;
    }
    // The path once decoded: no leading `//` or `/\`, no backslash, control or space.
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded: Vec<u8> = percent_encoding::percent_decode_str(path).collect();
    if matches!(decoded.get(1), Some(b'/' | b'\\'))
        || decoded
            .iter()
            .any(|&b| b == b'\\' || b.is_ascii_control() || b.is_ascii_whitespace())
    {
        return false;
    }
    let Ok(base) = Url::parse(BASE) else {
        return false;
    };
    base.join(target)
        .is_ok_and(|u| u.origin() == base.origin() && u.username().is_empty())
}

/// `next` when it stays on this site, else `default`.
pub fn local_or(next: Option<&str>, default: &str) -> String {
    match next {
        Some(n) if is_local_path(n) => n.to_string(),
        _ => default.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_targets_are_refused() {
        let long = format!("/{}", "a".repeat(MAX_LEN));
        for t in [
            "",
            "evil",
            "//evil.example",
            "//evil.example/path",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "\\/evil.example",
            "/\t/evil.example/path",
            "/%09/evil.example/path",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/%0d%0aSet-Cookie:%20x=1",
            "/\r\nSet-Cookie: x=1",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/ /evil.example",
            "/%20/evil.example",
            "https://evil.example",
            "http://trappe.invalid/admin",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            " /admin",
            "/admin\u{0}",
            "/admin\u{200b}",
            "/\u{3000}/evil.example",
            "/adm\u{7f}in",
            "/a/b\\..\\..\\evil.example",
            long.as_str(),
        ] {
            assert!(!is_local_path(t), "{t:?} was taken as a local path");
            assert_eq!(local_or(Some(t), "/start"), "/start", "{t:?}");
        }
        assert_eq!(local_or(None, "/"), "/");
    }

    #[test]
    fn own_paths_are_kept() {
        for t in [
            "/",
            "/start",
            "/admin/rounds/3/orgs/4?tab=results#top",
            "/admin/orgs/1/channels?from=phone&to=web&percent=10",
            "/s/0123abcd/p/2",
            "/search?q=hello%20world",
            "/a%2Fb",
            "/../admin",
        ] {
            assert!(is_local_path(t), "{t:?} was refused");
            assert_eq!(local_or(Some(t), "/start"), t);
        }
    }
}
