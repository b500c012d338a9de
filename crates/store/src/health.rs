//! Whether PostgreSQL can be reached at all, as opposed to merely busy.
//!
//! sqlx's pool retries a refused connection until its acquire timeout (10 s), so while
//! the server is stopped every request would wait that long for its 503. Instead, a
//! request that waits suspiciously long asks for a probe: one connection opened beside
//! the pool. If that cannot connect (refused, reset, the server shutting down or
//! starting), the database is marked down: requests in flight and new ones get their
//! 503 at once, and one background task probes every second until the server answers
//! again. A probe that connects, or cannot tell (too many connections, no answer in
//! time), marks nothing: a busy database keeps its requests waiting in the pool.
//! SQLite has no probe: a locked file is busy, never down.

use sqlx::any::AnyConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How long a request waits on the database before a probe is asked for.
const SUSPECT_AFTER: Duration = Duration::from_millis(250);
/// At most one probe per this interval, and the recovery probe's pace.
const PROBE_EVERY: Duration = Duration::from_secs(1);
/// A probe that gets no answer within this says nothing (the server may be overloaded).
const PROBE_WAIT: Duration = Duration::from_secs(2);

/// The database's reachability, shared by every clone of a [`crate::Store`].
#[derive(Debug)]
pub struct DbHealth {
    /// How to connect beside the pool; `None` on SQLite, which is never "down".
    connect: Option<AnyConnectOptions>,
    /// `true` while the database is down; waiters are woken when it changes.
    down: watch::Sender<bool>,
    /// When it went down (Unix ms), for /metrics; 0 while up.
    down_since: AtomicI64,
    /// When the last probe started (Unix ms), so a busy app probes at most once a second.
    last_probe: AtomicI64,
}

enum Probe {
    Up,
    Down(String),
    /// Connected to something that refused us for another reason, or no answer in time.
    Unsure,
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Whether a failed connect means the server cannot be reached (rather than busy).
fn cannot_connect(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            // 08: connection exception; 57P01-57P03: shutting down, crashed, starting up.
            // Not 53300 (too many connections): that is busy.
            c.starts_with("08") || c.starts_with("57P")
        }),
        _ => false,
    }
}

impl DbHealth {
    /// How soon a client refused during an outage may try again (a 503's Retry-After):
    /// the recovery probe runs every second, so a database that is back (a restart
    /// takes a second or two) is known to be back within this.
    pub const RETRY_AFTER_SECS: u64 = 2;

    pub(crate) fn new(connect: Option<AnyConnectOptions>) -> DbHealth {
        DbHealth {
            connect,
            down: watch::Sender::new(false),
            down_since: AtomicI64::new(0),
            last_probe: AtomicI64::new(0),
        }
    }

    /// Whether the database was found unreachable and has not come back yet.
    pub fn is_down(&self) -> bool {
        *self.down.borrow()
    }

    /// Seconds since the database was found unreachable; 0 while it is up.
    pub fn down_for_secs(&self) -> f64 {
        match self.down_since.load(Ordering::Relaxed) {
            0 => 0.0,
            since => (now_ms() - since).max(0) as f64 / 1000.0,
        }
    }

    /// Something looked wrong (a slow or failed request): probe once in the background,
    /// unless the database is already known down or a probe started within the second.
    pub fn suspect(self: &Arc<Self>) {
        if self.connect.is_none() || self.is_down() {
            return;
        }
        let now = now_ms();
        let last = self.last_probe.load(Ordering::Relaxed);
        if now - last < PROBE_EVERY.as_millis() as i64 {
            return;
        }
        // Only the caller that moves the timestamp probes.
        if self
            .last_probe
            .compare_exchange(last, now, Ordering::AcqRel, Ordering::Relaxed)
            .is_err()
        {
            return;
        }
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(self.clone().watch());
        }
    }

    /// Runs `fut` (one request's work) unless the database is down: `None` at once when
    /// it is known down, or as soon as a probe finds it down while `fut` waits.
    pub async fn unless_down<F: Future>(self: &Arc<Self>, fut: F) -> Option<F::Output> {
        if self.connect.is_none() {
            return Some(fut.await);
        }
        if self.is_down() {
            return None;
        }
        let mut down = self.down.subscribe();
        let gone = async {
            tokio::time::sleep(SUSPECT_AFTER).await;
            // Asked again each second: the first ask may fall in another probe's second.
            loop {
                self.suspect();
                // Reduced to a plain value: the watch's guard must not live across an await.
                let waited = tokio::time::timeout(PROBE_EVERY, down.wait_for(|d| *d))
                    .await
                    .map(|r| r.is_ok());
                match waited {
                    Ok(true) => return,
                    // The sender lives as long as `self`: never here, but never a false 503.
                    Ok(false) => std::future::pending::<()>().await,
                    Err(_) => {}
                }
            }
        };
        tokio::select! {
            biased;
            out = fut => Some(out),
            () = gone => None,
        }
    }

    async fn probe(&self) -> Probe {
        let Some(opts) = &self.connect else {
            return Probe::Up;
        };
        match tokio::time::timeout(PROBE_WAIT, opts.connect()).await {
            Ok(Ok(conn)) => {
                // Closing politely needs no waiting for.
                tokio::spawn(async move {
                    let _ = conn.close().await;
                });
                Probe::Up
            }
            Ok(Err(e)) if cannot_connect(&e) => Probe::Down(e.to_string()),
            Ok(Err(_)) | Err(_) => Probe::Unsure,
        }
    }

    /// One probe; if it finds the database down, marks it so and probes every second
    /// until it is back.
    async fn watch(self: Arc<Self>) {
        let Probe::Down(error) = self.probe().await else {
            return;
        };
        let since = now_ms();
        // Two probes may overlap (one waiting out its 2 s): one marks, one recovery loop.
        let marked = self
            .down
            .send_if_modified(|down| !std::mem::replace(down, true));
        if !marked {
            return;
        }
        self.down_since.store(since, Ordering::Relaxed);
        tracing::error!(%error, "the database is unavailable: answering 503 until it is back");
        loop {
            tokio::time::sleep(PROBE_EVERY).await;
            if let Probe::Up = self.probe().await {
                break;
            }
        }
        self.down_since.store(0, Ordering::Relaxed);
        self.down.send_replace(false);
        tracing::warn!(
            down_secs = (now_ms() - since) as f64 / 1000.0,
            "the database is reachable again"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn refused_port() -> u16 {
        // A port that was free a moment ago: nothing listens there.
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    #[test]
    fn only_failures_to_reach_the_server_count_as_down() {
        let refused = sqlx::Error::Io(std::io::ErrorKind::ConnectionRefused.into());
        assert!(cannot_connect(&refused));
        assert!(!cannot_connect(&sqlx::Error::PoolTimedOut));
        assert!(!cannot_connect(&sqlx::Error::RowNotFound));
    }

    #[tokio::test]
    async fn sqlite_is_never_down_and_runs_the_work_as_it_is() {
        let h = Arc::new(DbHealth::new(None));
        h.suspect();
        let out = h
            .unless_down(async {
                tokio::time::sleep(Duration::from_millis(400)).await;
                7
            })
            .await;
        assert_eq!(out, Some(7));
        assert!(!h.is_down());
    }

    #[tokio::test]
    async fn an_unreachable_server_ends_waiting_work_quickly() {
        sqlx::any::install_default_drivers();
        let url = format!("postgres://trappe@127.0.0.1:{}/x", refused_port());
        let h = Arc::new(DbHealth::new(Some(
            AnyConnectOptions::from_str(&url).unwrap(),
        )));
        let t = std::time::Instant::now();
        // Work that would wait as long as the pool does.
        let out = h
            .unless_down(tokio::time::sleep(Duration::from_secs(10)))
            .await;
        assert_eq!(out, None);
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        assert!(h.is_down());
        assert!(h.down_for_secs() >= 0.0);
        // Known down: no waiting at all.
        assert_eq!(h.unless_down(async { 1 }).await, None);
    }
}
