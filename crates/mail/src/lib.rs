//! Trappe's mail. The queue is storage (`trappe_store::mail`); this crate turns a queued
//! message into a well-formed mail ([`compose`]), hands it to a transport ([`transport`]:
//! SMTP through lettre, or `.eml` files in an outbox folder when no server is given)
//! and runs the one sender per database that works the queue ([`sender`]). Texts are
//! made by the caller (the web crate's catalogue): nothing here speaks Danish or English.

pub mod compose;
pub mod outbox;
pub mod sender;
pub mod transport;

pub use compose::{compose, new_message_id};
pub use outbox::{read_outbox, OutboxMail};
pub use sender::{Drained, RetryPolicy, Sender, Summary, Throttle};
pub use transport::{Outcome, SmtpUrl, Transport};

/// Why mail settings or a mail were refused.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("--smtp '{0}': {1}")]
    SmtpUrl(String, String),
    #[error("--mail-from '{0}' is not a sender like \"Name <address@example.dk>\"")]
    From(String),
    #[error("cannot build the mail to {0}: {1}")]
    Build(String, String),
    #[error("the outbox folder {0}: {1}")]
    Outbox(String, std::io::Error),
    #[error(transparent)]
    Store(#[from] trappe_store::StoreError),
}

pub type Result<T> = std::result::Result<T, MailError>;

/// The sender, as `--mail-from` gives it: `Name <address>` or a bare address.
pub fn parse_from(s: &str) -> Result<lettre::message::Mailbox> {
    s.trim()
        .parse::<lettre::message::Mailbox>()
        .map_err(|_| MailError::From(s.to_string()))
}

/// The current time in unix seconds.
pub(crate) fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}
