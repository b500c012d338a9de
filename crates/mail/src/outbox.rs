//! Reading back a mail written to the outbox folder, for the organiser's page: the
//! file as written, and its plain-text part decoded.

use std::path::Path;

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    /// The whole file, as a mail client would receive it.
    pub raw: String,
    /// The plain-text part, decoded (quoted-printable, as `compose` writes it).
    pub text: String,
}

/// Mail `id` in outbox `dir`, if it was written there.
pub fn read_outbox(dir: &Path, id: i64) -> Option<OutboxMail> {
    let raw = std::fs::read_to_string(crate::transport::outbox_file(dir, id)).ok()?;
    let text = text_part(&raw).unwrap_or_default();
    Some(OutboxMail { raw, text })
}

/// The body of the first `text/plain` part, quoted-printable decoded.
fn text_part(raw: &str) -> Option<String> {
    let start = raw.find("Content-Type: text/plain")?;
    let rest = &raw[start..];
    let body_at = rest.find("\r\n\r\n")? + 4;
    let body = &rest[body_at..];
    let end = body.find("\r\n--").unwrap_or(body.len());
    Some(decode_quoted_printable(&body[..end]))
}

/// Quoted-printable (RFC 2045) to text: `=XX` bytes, soft line breaks `=` at a line's end.
fn decode_quoted_printable(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if bytes[i + 1..].starts_with(b"\n") => i += 2,
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            b'\r' if bytes[i + 1..].starts_with(b"\n") => {
                out.push(b'\n');
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_is_decoded_with_soft_breaks_and_danish_letters() {
        assert_eq!(
            decode_quoted_printable("Hej S=C3=B8ren, fra =C3=85rhus=\r\n og videre\r\nlinje 2="),
            "Hej Søren, fra Århus og videre\nlinje 2="
        );
    }

    #[test]
    fn the_text_part_of_a_composed_mail_reads_back() {
        use lettre::message::Mailbox;
        let from: Mailbox = "Trappe <trappe@kommune.dk>".parse().unwrap();
        let mut m = crate::compose::tests::message(
            "Kære Søren\n\nhttps://trappe.example.dk/invite/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\nVenlig hilsen\n",
        );
        m.recipient = "soren@kommune.dk".into();
        let raw = crate::compose(&m, &from, "<a@b>", std::time::SystemTime::now())
            .unwrap()
            .formatted();
        let text = text_part(&String::from_utf8(raw).unwrap()).unwrap();
        assert_eq!(
            text,
            "Kære Søren\n\nhttps://trappe.example.dk/invite/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\nVenlig hilsen\n"
        );
    }
}
