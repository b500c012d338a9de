//! Mail settings of `trappe serve` and of the commands that mail (`user invite --email`,
//! `user invite-contacts`): the SMTP server or the outbox folder, the sender and the
//! throttle. The queue is in the database; the sender is `trappe_mail::Sender`.

use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;
use trappe_mail::{RetryPolicy, Sender, SmtpUrl, Transport};
use trappe_store::{MailState, Store};
use trappe_web::kit::mails::MailSettings;

#[derive(Args, Clone, Debug)]
pub struct MailArgs {
    /// The mail server: smtp://host:port (plain, for a local relay),
    /// smtp+starttls://user:password@host:587 or smtps://user:password@host:465.
    /// Without it, mails are written as .eml files to --mail-outbox.
    #[arg(long, env = "TRAPPE_SMTP", hide_env_values = true)]
    smtp: Option<String>,
    /// The sender of the mails, "Name <address>" (required with --smtp).
    #[arg(long, env = "TRAPPE_MAIL_FROM")]
    mail_from: Option<String>,
    /// At most this many mails a minute (for mail gateways that refuse faster senders);
    /// without it, as fast as the server takes them.
    #[arg(long, env = "TRAPPE_MAIL_PER_MINUTE", value_parser = clap::value_parser!(u32).range(1..))]
    mail_per_minute: Option<u32>,
    /// Where mails are written without --smtp (default: beside the SQLite database,
    /// or ./trappe-outbox).
    #[arg(long, env = "TRAPPE_MAIL_OUTBOX")]
    mail_outbox: Option<PathBuf>,
    /// Seconds before a temporarily refused mail is tried again (doubling each time,
    /// up to an hour; 8 attempts).
    #[arg(long, env = "TRAPPE_MAIL_RETRY_SECS", default_value_t = 60,
          value_parser = clap::value_parser!(i64).range(1..=3600))]
    mail_retry_secs: i64,
}

/// The outbox folder when none is given: beside a SQLite file (`trappe.db` ->
/// `trappe-outbox`), else in the working folder.
fn default_outbox(db: &str) -> PathBuf {
    let file = db
        .strip_prefix("sqlite://")
        .or_else(|| db.strip_prefix("sqlite:"));
    let path = match file {
        Some(f) => Some(f.split('?').next().unwrap_or(f)),
        None if !db.contains("://") => Some(db),
        None => None,
    };
    match path.map(std::path::Path::new) {
        Some(p) if p.file_stem().is_some() && !p.as_os_str().is_empty() => {
            let stem = p.file_stem().unwrap_or_default().to_string_lossy();
            p.with_file_name(format!("{stem}-outbox"))
        }
        _ => PathBuf::from("trappe-outbox"),
    }
}

/// The sender and what the web app needs to know of it.
pub fn setup(
    store: &Store,
    db: &str,
    a: &MailArgs,
    base_url: &str,
) -> Result<(Sender, MailSettings)> {
    let (transport, settings) = match &a.smtp {
        Some(url) => {
            let parsed = SmtpUrl::parse(url)?;
            if a.mail_from.is_none() {
                bail!("--smtp needs --mail-from \"Name <address>\" (or TRAPPE_MAIL_FROM)");
            }
            (
                Transport::smtp(&parsed)?,
                MailSettings {
                    smtp: Some(trappe_mail::transport::redact(url)),
                    ..Default::default()
                },
            )
        }
        None => {
            let dir = a.mail_outbox.clone().unwrap_or_else(|| default_outbox(db));
            (
                Transport::outbox(&dir)?,
                MailSettings {
                    outbox: Some(std::fs::canonicalize(&dir).unwrap_or(dir)),
                    ..Default::default()
                },
            )
        }
    };
    let from = match &a.mail_from {
        Some(f) => trappe_mail::parse_from(f)?,
        None => {
            let host = url_host(base_url).unwrap_or_else(|| "localhost".into());
            trappe_mail::parse_from(&format!("Trappe <trappe@{host}>"))
                .or_else(|_| trappe_mail::parse_from("Trappe <trappe@localhost>"))
                .context("the default sender")?
        }
    };
    let sender = Sender::new(
        store.clone(),
        transport,
        from,
        a.mail_per_minute,
        RetryPolicy {
            base_secs: a.mail_retry_secs,
            ..Default::default()
        },
    );
    Ok((sender, settings))
}

fn url_host(base_url: &str) -> Option<String> {
    let rest = base_url.split_once("://")?.1;
    let host = rest.split(['/', ':']).next()?;
    (!host.is_empty()).then(|| host.to_string())
}

/// Starts the sender of `trappe serve`; returns the settings for the app.
pub fn start(store: &Store, db: &str, a: &MailArgs, base_url: &str) -> Result<MailSettings> {
    let (sender, mut settings) = setup(store, db, a, base_url)?;
    let wake = Arc::new(tokio::sync::Notify::new());
    settings.wake = Some(wake.clone());
    match (&settings.smtp, &settings.outbox) {
        (Some(s), _) => println!("Mail goes through {s}; see {base_url}/admin/mail"),
        (None, Some(d)) => println!(
            "No --smtp: mails are written to {} and listed at {base_url}/admin/mail",
            d.display()
        ),
        _ => {}
    }
    tokio::spawn(sender.run_forever(wake));
    Ok(settings)
}

/// Sends what was queued (and anything else due), then prints what happened; the last
/// line is `sent N, failed M`.
pub async fn send_and_report(
    store: &Store,
    db: &str,
    a: &MailArgs,
    base_url: &str,
    ids: &[i64],
) -> Result<()> {
    let (mut sender, _) = setup(store, db, a, base_url)?;
    let d = sender.drain(ids).await?;
    let count = |s: MailState| d.states.iter().filter(|(_, st, _)| *st == s).count() as u64;
    let (sent, failed, unknown, waiting) = match &d.summary {
        Some(s) => (s.sent, s.failed, s.unknown + s.interrupted, s.retried),
        None => (
            count(MailState::Sent),
            count(MailState::Failed),
            count(MailState::Unknown),
            count(MailState::Queued),
        ),
    };
    if let Some(why) = d.summary.as_ref().and_then(|s| s.stopped.as_ref()) {
        eprintln!("stopped: {why}");
    }
    if unknown > 0 {
        eprintln!("{unknown} mail(s) of unknown outcome (a send was interrupted): see /admin/mail to resend");
    }
    if waiting > 0 {
        eprintln!("{waiting} mail(s) refused for now: `trappe serve` tries them again later");
    }
    println!("sent {sent}, failed {failed}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outbox_goes_beside_a_sqlite_file() {
        assert_eq!(default_outbox("trappe.db"), PathBuf::from("trappe-outbox"));
        assert_eq!(
            default_outbox("/var/lib/t/data.db"),
            PathBuf::from("/var/lib/t/data-outbox")
        );
        assert_eq!(
            default_outbox("sqlite:///var/x.db?mode=rwc"),
            PathBuf::from("/var/x-outbox")
        );
        assert_eq!(
            default_outbox("postgres://u@h/db"),
            PathBuf::from("trappe-outbox")
        );
    }
}
