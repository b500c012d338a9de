//! Where mails go: an SMTP server (one pooled connection, reused for a whole batch) or,
//! without `--smtp`, `.eml` files in an outbox folder.

use crate::{MailError, Result};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// What happened to one mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Taken: the server's reply (or the outbox file).
    Sent(String),
    /// Refused for now (a 4xx reply): the next mail may still go.
    Temporary(String),
    /// No connection (or TLS, or the outbox folder unwritable): nothing was sent, and
    /// the next mail would fare no better for now.
    Unreachable(String),
    /// Refused for good (a 5xx reply).
    Permanent(String),
    /// The connection broke during the conversation: the server may have taken it.
    Unknown(String),
}

/// A `--smtp` value: `smtp://host:port` (plain, for tests and local relays),
/// `smtp+starttls://user:pass@host:587`, or `smtps://user:pass@host:465`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub security: Security,
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    Plain,
    StartTls,
    Tls,
}

impl SmtpUrl {
    pub fn parse(s: &str) -> Result<SmtpUrl> {
        let bad = |why: &str| MailError::SmtpUrl(redact(s), why.to_string());
        let url = url::Url::parse(s.trim()).map_err(|e| bad(&e.to_string()))?;
        let (security, default_port) = match url.scheme() {
            "smtp" => (Security::Plain, 25),
            "smtp+starttls" => (Security::StartTls, 587),
            "smtps" => (Security::Tls, 465),
            _ => return Err(bad("the scheme must be smtp, smtp+starttls or smtps")),
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let decode = |v: &str| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| bad("the user or password is not UTF-8"))
        };
        let user = match url.username() {
            "" => None,
            u => Some(decode(u)?),
        };
        let password = url.password().map(decode).transpose()?;
        if password.is_some() && security == Security::Plain && !is_loopback(&host) {
            return Err(bad(
                "a password goes only over TLS: use smtp+starttls:// or smtps://",
            ));
        }
        Ok(SmtpUrl {
            security,
            port: url.port().unwrap_or(default_port),
            host,
            user,
            password,
        })
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The URL with its password replaced by `***`, for messages and logs (also when the
/// URL does not parse).
pub fn redact(s: &str) -> String {
    let Some(start) = s.find("://").map(|i| i + 3) else {
        return s.to_string();
    };
    let authority_end = s[start..].find('/').map_or(s.len(), |i| start + i);
    let Some(at) = s[start..authority_end].rfind('@').map(|i| start + i) else {
        return s.to_string();
    };
    match s[start..at].find(':') {
        Some(colon) => format!("{}:***{}", &s[..start + colon], &s[at..]),
        None => s.to_string(),
    }
}

/// Where mails go.
#[derive(Clone)]
pub enum Transport {
    /// Plain SMTP or STARTTLS: one connection of our own, reused mail after mail.
    Smtp(Arc<SmtpClient>),
    /// Implicit TLS (smtps): lettre's pooled transport (one connection).
    Smtps(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

/// How long one SMTP command may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// A connection to a plain or STARTTLS server, kept for a batch. Made here rather than
/// by lettre's pool so that it has TCP_NODELAY: lettre writes a mail's final "." on its
/// own, and without it every mail waited for the server's delayed ACK (40 ms: 21 mails/s
/// instead of hundreds).
pub struct SmtpClient {
    url: SmtpUrl,
    conn: tokio::sync::Mutex<Option<AsyncSmtpConnection>>,
}

impl SmtpClient {
    async fn connect(&self) -> std::result::Result<AsyncSmtpConnection, String> {
        let u = &self.url;
        let tcp = tokio::time::timeout(
            SMTP_TIMEOUT,
            tokio::net::TcpStream::connect((u.host.as_str(), u.port)),
        )
        .await
        .map_err(|_| format!("Connection error: {}:{} timed out", u.host, u.port))?
        .map_err(|e| format!("Connection error: {}:{}: {e}", u.host, u.port))?;
        let _ = tcp.set_nodelay(true);
        let hello = ClientId::default();
        let mut conn = tokio::time::timeout(
            SMTP_TIMEOUT,
            AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello),
        )
        .await
        .map_err(|_| "Connection error: no greeting".to_string())?
        .map_err(|e| format!("Connection error: {e}"))?;
        if u.security == Security::StartTls {
            let tls = TlsParameters::new(u.host.clone()).map_err(|e| format!("tls error: {e}"))?;
            conn.starttls(tls, &hello)
                .await
                .map_err(|e| format!("tls error: {e}"))?;
        }
        if let Some(user) = &u.user {
            let credentials =
                Credentials::new(user.clone(), u.password.clone().unwrap_or_default());
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
                .await
                .map_err(|e| format!("Connection error: authentication: {e}"))?;
        }
        Ok(conn)
    }

    async fn send(&self, mail: Message) -> Outcome {
        let mut guard = self.conn.lock().await;
        if guard.as_ref().is_some_and(|c| c.has_broken()) {
            *guard = None;
        }
        if guard.is_none() {
            match self.connect().await {
                Ok(c) => *guard = Some(c),
                Err(e) => return Outcome::Unreachable(e),
            }
        }
        let Some(conn) = guard.as_mut() else {
            return Outcome::Unreachable("no connection".into());
        };
        let envelope = mail.envelope().clone();
        let raw = mail.formatted();
        match tokio::time::timeout(SMTP_TIMEOUT, conn.send(&envelope, &raw)).await {
            Ok(Ok(r)) => Outcome::Sent(reply_of(&r)),
            Ok(Err(e)) => {
                // lettre ends the conversation on any error: the next mail connects anew.
                *guard = None;
                classify(&e)
            }
            Err(_) => {
                *guard = None;
                Outcome::Unknown("timed out waiting for the server".into())
            }
        }
    }

    /// Ends the connection (QUIT) after a batch, so none is left to go stale.
    async fn finish(&self) {
        if let Some(mut c) = self.conn.lock().await.take() {
            let _ = c.quit().await;
        }
    }
}

fn reply_of(r: &lettre::transport::smtp::response::Response) -> String {
    format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" "))
}

impl Transport {
    /// An SMTP transport: one connection, reused from mail to mail within a batch.
    pub fn smtp(url: &SmtpUrl) -> Result<Transport> {
        if url.security != Security::Tls {
            return Ok(Transport::Smtp(Arc::new(SmtpClient {
                url: url.clone(),
                conn: tokio::sync::Mutex::new(None),
            })));
        }
        let tls_err =
            |e: lettre::transport::smtp::Error| MailError::SmtpUrl(url.host.clone(), e.to_string());
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::relay(&url.host)
            .map_err(tls_err)?
            .port(url.port)
            .timeout(Some(SMTP_TIMEOUT))
            .pool_config(PoolConfig::new().max_size(1).min_idle(0));
        if let Some(user) = &url.user {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                url.password.clone().unwrap_or_default(),
            ));
        }
        Ok(Transport::Smtps(builder.build()))
    }

    /// An outbox folder (made when missing).
    pub fn outbox(dir: &Path) -> Result<Transport> {
        std::fs::create_dir_all(dir)
            .map_err(|e| MailError::Outbox(dir.display().to_string(), e))?;
        Ok(Transport::Outbox(dir.to_path_buf()))
    }

    /// Hands mail `id` over; never returns an error, only an outcome.
    pub async fn send(&self, id: i64, mail: Message) -> Outcome {
        match self {
            Transport::Smtp(c) => c.send(mail).await,
            Transport::Smtps(t) => match t.send(mail).await {
                Ok(r) => Outcome::Sent(reply_of(&r)),
                Err(e) => classify(&e),
            },
            Transport::Outbox(dir) => {
                let path = outbox_file(dir, id);
                let tmp = path.with_extension("eml.tmp");
                let raw = mail.formatted();
                let written = tokio::fs::write(&tmp, &raw)
                    .await
                    .and(tokio::fs::rename(&tmp, &path).await);
                match written {
                    Ok(()) => Outcome::Sent(format!("written to {}", path.display())),
                    Err(e) => Outcome::Unreachable(format!("cannot write {}: {e}", path.display())),
                }
            }
        }
    }

    /// After a batch: closes the connection.
    pub async fn finish(&self) {
        if let Transport::Smtp(c) = self {
            c.finish().await;
        }
    }
}

/// The outbox file of mail `id`.
pub fn outbox_file(dir: &Path, id: i64) -> PathBuf {
    dir.join(format!("{id:08}.eml"))
}

/// An SMTP error as an outcome. A reply code decides (4xx for now, 5xx for good).
/// Without one: a failure to connect (or in TLS, before any mail data) sent nothing,
/// so it is temporary; a connection lost or timed out during the conversation may
/// have come after the server took the mail, so its outcome is unknown (never retried
/// by itself: nobody gets a mail twice).
fn classify(e: &lettre::transport::smtp::Error) -> Outcome {
    let text = e.to_string();
    if e.is_permanent() {
        Outcome::Permanent(text)
    } else if e.is_transient() {
        Outcome::Temporary(text)
    } else if e.is_tls() || text.starts_with("Connection error") {
        Outcome::Unreachable(text)
    } else if e.is_timeout()
        || text.starts_with("network error")
        || text.starts_with("response error")
    {
        Outcome::Unknown(text)
    } else {
        Outcome::Unreachable(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_of_the_three_kinds() {
        let p = SmtpUrl::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (p.security, p.host.as_str(), p.port),
            (Security::Plain, "127.0.0.1", 2525)
        );
        let s = SmtpUrl::parse("smtp+starttls://kim%40aarhus.dk:p%C3%A6ss@mail.aarhus.dk").unwrap();
        assert_eq!(s.security, Security::StartTls);
        assert_eq!(s.port, 587);
        assert_eq!(s.user.as_deref(), Some("kim@aarhus.dk"));
        assert_eq!(s.password.as_deref(), Some("pæss"));
        let t = SmtpUrl::parse("smtps://u:p@relay.example.dk").unwrap();
        assert_eq!((t.security, t.port), (Security::Tls, 465));
        assert!(SmtpUrl::parse("http://relay.example.dk").is_err());
        assert!(
            SmtpUrl::parse("smtp://u:p@relay.example.dk").is_err(),
            "no password in the clear"
        );
        let e = SmtpUrl::parse("smtps://u:secret@/")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("secret"), "{e}");
    }
}
