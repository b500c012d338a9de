//! The sender: one at a time per database (the `mail` job's lease), it works through
//! the due messages of the queue on one reused connection, spaced by the throttle.
//! Each attempt is recorded (`sending`, committed) before the server conversation, so
//! a process killed mid-send never mails anyone twice: the next sender to take the
//! lease finds the message `sending` and marks it `unknown`.

use crate::compose::{compose, new_message_id};
use crate::transport::{Outcome, Transport};
use crate::{unix_now, Result};
use lettre::message::Mailbox;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use trappe_store::{MailState, Store, MAIL_JOB};

/// Spaces mails evenly: at most `per_minute` a minute (for municipal mail gateways
/// that refuse faster senders). Pure: the caller sleeps.
#[derive(Debug, Clone)]
pub struct Throttle {
    interval: Option<Duration>,
    next: Option<Instant>,
}

impl Throttle {
    /// None or 0: no limit.
    pub fn per_minute(n: Option<u32>) -> Throttle {
        Throttle {
            interval: n.filter(|n| *n > 0).map(|n| Duration::from_secs(60) / n),
            next: None,
        }
    }

    /// The time between two mails (zero without a limit).
    pub fn interval(&self) -> Duration {
        self.interval.unwrap_or_default()
    }

    /// How long to wait at `now` before the next mail may go; the slot is then taken.
    pub fn reserve(&mut self, now: Instant) -> Duration {
        let Some(interval) = self.interval else {
            return Duration::ZERO;
        };
        let slot = match self.next {
            Some(n) if n > now => n,
            _ => now,
        };
        self.next = Some(slot + interval);
        slot - now
    }
}

/// When a temporarily refused mail is tried again: `base_secs`, doubling with each
/// attempt up to an hour, at most `max_attempts` attempts, then failed.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub base_secs: i64,
    pub max_attempts: i64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base_secs: 60,
            max_attempts: 8,
        }
    }
}

impl RetryPolicy {
    /// After the `attempts`th attempt failed for now at `at`: when to try again, or
    /// None to give up.
    pub fn next_at(&self, attempts: i64, at: i64) -> Option<i64> {
        if attempts >= self.max_attempts {
            return None;
        }
        let shift = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
        let wait = self.base_secs.max(1).saturating_mul(1 << shift).min(3600);
        Some(at + wait)
    }
}

/// What one run through the queue did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub sent: u64,
    pub failed: u64,
    pub retried: u64,
    pub unknown: u64,
    /// Messages a dead sender left `sending`, now `unknown`.
    pub interrupted: u64,
    /// Why the run stopped before the queue was empty (the server unreachable, the
    /// lease lost).
    pub stopped: Option<String>,
}

/// What [`Sender::drain`] did.
#[derive(Debug, Clone)]
pub struct Drained {
    /// What this process sent (None: another process held the lease and sent).
    pub summary: Option<Summary>,
    /// The states of the messages asked about, with when each is due next.
    pub states: Vec<(i64, MailState, i64)>,
}

/// The sender of one process.
pub struct Sender {
    store: Store,
    transport: Transport,
    from: Mailbox,
    throttle: Throttle,
    retry: RetryPolicy,
}

impl Sender {
    pub fn new(
        store: Store,
        transport: Transport,
        from: Mailbox,
        per_minute: Option<u32>,
        retry: RetryPolicy,
    ) -> Sender {
        Sender {
            store,
            transport,
            from,
            throttle: Throttle::per_minute(per_minute),
            retry,
        }
    }

    /// How long the lease is held without renewal: longer than two throttled mails
    /// and one SMTP command, short enough that a restart after a kill soon sends on.
    fn lease_secs(&self) -> i64 {
        20 + 2 * i64::try_from(self.throttle.interval().as_secs()).unwrap_or(3600)
    }

    /// Sends every message due when it starts, if this process wins the lease (None
    /// when another holds it). A retry that falls due during the run waits for the next
    /// run, so one run never knocks twice on a server that asked it to come back later.
    pub async fn send_due(&mut self) -> Result<Option<Summary>> {
        let lease = self.lease_secs();
        let at = unix_now();
        if !self.store.claim_job(MAIL_JOB, at, lease).await? {
            return Ok(None);
        }
        let mut held = at + lease;
        let run = self.run(at, &mut held, lease).await;
        self.transport.finish().await;
        if let Err(e) = self.store.release_job(MAIL_JOB, held).await {
            tracing::warn!(error = %e, "mail: cannot release the lease (it runs out by itself)");
        }
        run.map(Some)
    }

    async fn run(&mut self, started: i64, held: &mut i64, lease: i64) -> Result<Summary> {
        let mut s = Summary {
            interrupted: self.store.mark_interrupted_mails().await?,
            ..Default::default()
        };
        if s.interrupted > 0 {
            tracing::warn!(
                count = s.interrupted,
                "mail: messages left mid-send by a stopped sender are marked unknown (the organiser may resend them)"
            );
        }
        loop {
            let Some(m) = self.store.next_due_mail(started).await? else {
                break;
            };
            tokio::time::sleep(self.throttle.reserve(Instant::now())).await;
            // Renewed well before it runs out, and only by this holder: a sender that
            // lost it stops before its next mail.
            let now = unix_now();
            if *held - now < lease * 2 / 3 {
                if !self.store.renew_job(MAIL_JOB, *held, now + lease).await? {
                    s.stopped = Some("the lease was taken by another sender".into());
                    break;
                }
                *held = now + lease;
            }
            let message_id = new_message_id(&self.from, m.id);
            let mail = compose(&m, &self.from, &message_id, SystemTime::now());
            if !self
                .store
                .begin_mail_attempt(m.id, &message_id, unix_now())
                .await?
            {
                continue;
            }
            let mail = match mail {
                Ok(mail) => mail,
                Err(e) => {
                    self.store.mail_failed(m.id, &e.to_string()).await?;
                    s.failed += 1;
                    continue;
                }
            };
            match self.transport.send(m.id, mail).await {
                Outcome::Sent(reply) => {
                    self.store.mail_sent(m.id, &reply, unix_now()).await?;
                    s.sent += 1;
                }
                Outcome::Permanent(reply) => {
                    tracing::info!(id = m.id, %reply, "mail refused for good");
                    self.store.mail_failed(m.id, &reply).await?;
                    s.failed += 1;
                }
                Outcome::Temporary(reply) => {
                    self.retry_or_fail(m.id, m.attempts + 1, &reply, &mut s)
                        .await?;
                }
                Outcome::Unreachable(reply) => {
                    tracing::warn!(%reply, "mail: the server cannot be reached; trying again later");
                    self.retry_or_fail(m.id, m.attempts + 1, &reply, &mut s)
                        .await?;
                    s.stopped = Some(reply);
                    break;
                }
                Outcome::Unknown(reply) => {
                    tracing::warn!(id = m.id, %reply, "mail: connection lost mid-send; outcome unknown");
                    self.store.mail_unknown(m.id, &reply).await?;
                    s.unknown += 1;
                }
            }
        }
        Ok(s)
    }

    async fn retry_or_fail(
        &self,
        id: i64,
        attempts: i64,
        reply: &str,
        s: &mut Summary,
    ) -> Result<()> {
        match self.retry.next_at(attempts, unix_now()) {
            Some(at) => {
                self.store.mail_retry(id, reply, at).await?;
                s.retried += 1;
            }
            None => {
                self.store.mail_failed(id, reply).await?;
                s.failed += 1;
            }
        }
        Ok(())
    }

    /// For the commands that mail and exit: sends everything due in the queue (also
    /// mails queued earlier and left by a stopped command), until nothing is due or the
    /// server cannot be reached. When another process holds the lease, waits while
    /// anything is due (that process sends it, or its lease runs out and this one does). Returns what this process did (None: another sent them)
    /// and the states of `ids` then.
    pub async fn drain(&mut self, ids: &[i64]) -> Result<Drained> {
        let mut done: Option<Summary> = None;
        loop {
            let run = self.send_due().await?;
            if let Some(r) = &run {
                let d = done.get_or_insert_with(Summary::default);
                d.sent += r.sent;
                d.failed += r.failed;
                d.retried += r.retried;
                d.unknown += r.unknown;
                d.interrupted += r.interrupted;
                d.stopped = r.stopped.clone();
            }
            let states = self.store.mail_states(ids).await?;
            let now = unix_now();
            let open = states.iter().any(|(_, st, at)| {
                *st == MailState::Sending || (*st == MailState::Queued && *at <= now)
            }) || self
                .store
                .next_mail_due_at()
                .await?
                .is_some_and(|at| at <= now);
            // Holding the lease, the run went through everything due (or stopped for
            // a reason it names). Without it, another sender is at work (or died, and
            // its lease runs out within `lease_secs`): wait while anything is due.
            if run.is_some() || !open {
                return Ok(Drained {
                    summary: done,
                    states,
                });
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// The loop of `trappe serve`: works the queue whenever woken (a mail was queued
    /// here) or a message falls due, and at least every 30 s (another instance may
    /// have queued some).
    pub async fn run_forever(mut self, wake: Arc<tokio::sync::Notify>) {
        loop {
            let mut pause = 1;
            match self.send_due().await {
                Ok(Some(s)) => {
                    if s.sent + s.failed + s.retried + s.unknown > 0 {
                        tracing::info!(
                            sent = s.sent,
                            failed = s.failed,
                            retried = s.retried,
                            unknown = s.unknown,
                            "mail sent"
                        );
                    }
                    if s.stopped.is_some() {
                        pause = 30;
                    }
                }
                Ok(None) => tracing::debug!("mail: another instance holds the lease"),
                Err(e) => {
                    tracing::error!(error = %e, "mail: the sender failed");
                    pause = 10;
                }
            }
            let wait = match self.store.next_mail_due_at().await {
                Ok(Some(at)) => (at - unix_now()).clamp(pause, 30),
                _ => 30,
            };
            let wait = Duration::from_secs(u64::try_from(wait).unwrap_or(30));
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_throttle_spaces_mails_evenly_and_catches_up_after_a_pause() {
        let mut t = Throttle::per_minute(Some(60));
        let t0 = Instant::now();
        assert_eq!(t.reserve(t0), Duration::ZERO);
        // Two more asked for at once: one and two seconds later.
        assert_eq!(t.reserve(t0), Duration::from_secs(1));
        assert_eq!(t.reserve(t0), Duration::from_secs(2));
        // After a long pause the next goes at once, and the one after a second later.
        let later = t0 + Duration::from_secs(100);
        assert_eq!(t.reserve(later), Duration::ZERO);
        assert_eq!(t.reserve(later), Duration::from_secs(1));
        let mut free = Throttle::per_minute(None);
        assert_eq!(free.reserve(t0), Duration::ZERO);
        assert_eq!(free.reserve(t0), Duration::ZERO);
        assert_eq!(Throttle::per_minute(Some(0)).interval(), Duration::ZERO);
        assert_eq!(
            Throttle::per_minute(Some(120)).interval(),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn retries_back_off_and_give_up() {
        let r = RetryPolicy {
            base_secs: 60,
            max_attempts: 4,
        };
        assert_eq!(r.next_at(1, 1000), Some(1060));
        assert_eq!(r.next_at(2, 1000), Some(1120));
        assert_eq!(r.next_at(3, 1000), Some(1240));
        assert_eq!(r.next_at(4, 1000), None);
        let long = RetryPolicy {
            base_secs: 600,
            max_attempts: 20,
        };
        assert_eq!(long.next_at(10, 0), Some(3600), "at most an hour");
    }
}
