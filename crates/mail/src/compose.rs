//! A queued message as a mail: UTF-8 throughout, the subject encoded by RFC 2047 where
//! it is not ASCII, `Date` and `Message-ID`, and a multipart/alternative body of a
//! plain-text part and an HTML part, both quoted-printable (readable in any viewer,
//! safe over servers without 8BITMIME). Pure: no I/O.

use crate::{MailError, Result};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use std::time::SystemTime;
use trappe_store::MailMessage;

/// A new Message-ID for the mail `id` from `from`: random, and in the sender's domain
/// as RFC 5322 recommends.
pub fn new_message_id(from: &Mailbox, id: i64) -> String {
    let r: [u8; 12] = rand::random();
    format!("<{}.{id}@{}>", hex::encode(r), from.email.domain())
}

/// The mail of queued message `m`, from `from`, dated `date`.
pub fn compose(
    m: &MailMessage,
    from: &Mailbox,
    message_id: &str,
    date: SystemTime,
) -> Result<Message> {
    let bad = |e: String| MailError::Build(m.recipient.clone(), e);
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|e: lettre::address::AddressError| bad(e.to_string()))?;
    let text = m.text.clone().unwrap_or_default();
    let html = m.html.clone().unwrap_or_default();
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .date(date)
        .message_id(Some(message_id.to_string()))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .header(ContentTransferEncoding::QuotedPrintable)
                        .body(text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .header(ContentTransferEncoding::QuotedPrintable)
                        .body(html),
                ),
        )
        .map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use trappe_store::MailState;

    pub(crate) fn message(text: &str) -> MailMessage {
        MailMessage {
            id: 7,
            recipient: "søren@kommune.dk".into(),
            subject: "Invitation til Trappe: Århus Kommune".into(),
            text: Some(text.into()),
            html: Some("<p>Hej Søren</p>".into()),
            kind: "account_invitation".into(),
            org_id: None,
            round_id: None,
            state: MailState::Queued,
            attempts: 0,
            next_attempt_at: 0,
            last_attempt_at: None,
            sent_at: None,
            reply: None,
            message_id: None,
            created_by: "admin".into(),
            created_at: 0,
        }
    }

    #[test]
    fn a_mail_has_its_headers_an_encoded_subject_and_two_parts() {
        let from: Mailbox = "Trappe på Rådhuset <trappe@kommune.dk>".parse().unwrap();
        let id = new_message_id(&from, 7);
        assert!(
            id.starts_with('<') && id.ends_with(".7@kommune.dk>"),
            "{id}"
        );
        let m = message("Hej\n\nhttps://trappe.example.dk/invite/abc\n");
        let raw = compose(&m, &from, &id, SystemTime::UNIX_EPOCH)
            .unwrap()
            .formatted();
        let raw = String::from_utf8(raw).unwrap();
        assert!(
            raw.contains("Subject: Invitation til Trappe: =?utf-8?"),
            "{raw}"
        );
        assert!(!raw.contains("Århus"), "non-ASCII header text is encoded");
        assert!(
            raw.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"),
            "{raw}"
        );
        assert!(raw.contains(&format!("Message-ID: {id}")), "{raw}");
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("text/plain; charset=utf-8"));
        assert!(raw.contains("text/html; charset=utf-8"));
        assert!(
            raw.contains("\r\nhttps://trappe.example.dk/invite/abc\r\n"),
            "{raw}"
        );
        assert!(raw.contains("Hej S=C3=B8ren"), "{raw}");
    }

    #[test]
    fn a_malformed_recipient_is_refused() {
        let from: Mailbox = "trappe@kommune.dk".parse().unwrap();
        let mut m = message("x");
        m.recipient = "not an address".into();
        assert!(compose(&m, &from, "<a@b>", SystemTime::now()).is_err());
    }
}
