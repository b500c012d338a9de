//! The server loop: hyper's HTTP/1 connections with the limits `axum::serve` lacks, so a
//! client that sends its headers slowly, or nothing, cannot hold a connection for ever,
//! and a crowd of them cannot take every file descriptor.
//!
//! - A request's line and headers must arrive within the header timeout: counted from
//!   the connection's opening for its first request, and from the first byte of each
//!   later request on a kept-alive connection.
//! - A connection with no request in flight on which nothing moves either way for the
//!   idle timeout is closed: the wait between kept-alive requests, and an answer its
//!   client stopped reading.
//! - At most `max_connections` connections are served at once; more wait in the
//!   listen queue until one ends (they are not refused).
//!
//! A request in flight (its body included: a contact log uploads for minutes) is bounded
//! by the request timeouts in `crate::request_timeout`, not here.

use axum::extract::ConnectInfo;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;

/// How long connections may take and how many an instance serves at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Time for a request's line and headers (see the module's description).
    pub header_timeout: Duration,
    /// Time a connection with no request in flight may stay silent.
    pub idle_timeout: Duration,
    /// Connections served at once; more wait in the listen queue.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 1000,
        }
    }
}

impl ConnectionLimits {
    /// How often a connection's clock is looked at: a tenth of the shorter timeout,
    /// between 50 ms and 1 s.
    fn check_every(&self) -> Duration {
        (self.header_timeout.min(self.idle_timeout) / 10)
            .clamp(Duration::from_millis(50), Duration::from_secs(1))
    }
}

/// What a connection has done, in milliseconds since it opened (0 in `head_started`:
/// no byte of the awaited request yet, so the stored value is the time plus one).
struct Activity {
    opened: Instant,
    last_io: AtomicU64,
    waiting_since: AtomicU64,
    head_started: AtomicU64,
    in_flight: AtomicUsize,
    answered: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            opened: Instant::now(),
            last_io: AtomicU64::new(0),
            waiting_since: AtomicU64::new(0),
            head_started: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            answered: AtomicU64::new(0),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn read(&self, n: usize, now: u64) {
        if n == 0 {
            return;
        }
        self.last_io.store(now, Ordering::Relaxed);
        if self.in_flight.load(Ordering::Acquire) == 0 {
            let _ =
                self.head_started
                    .compare_exchange(0, now + 1, Ordering::AcqRel, Ordering::Relaxed);
        }
    }

    fn wrote(&self, n: usize, now: u64) {
        if n > 0 {
            self.last_io.store(now, Ordering::Relaxed);
        }
    }

    fn request_started(&self) {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.head_started.store(0, Ordering::Release);
    }

    fn request_done(&self, now: u64) {
        self.waiting_since.store(now, Ordering::Release);
        self.head_started.store(0, Ordering::Release);
        self.answered.fetch_add(1, Ordering::AcqRel);
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
    }

    /// Whether the connection waits for (the rest of) a request's headers: nothing of it
    /// is being answered, so closing it loses nothing.
    fn awaiting_head(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0
            && (self.answered.load(Ordering::Acquire) == 0
                || self.head_started.load(Ordering::Acquire) != 0)
    }

    /// Why the connection should be closed at `now`, if it should.
    fn expired(&self, limits: &ConnectionLimits, now: u64) -> Option<&'static str> {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return None;
        }
        let header = u64::try_from(limits.header_timeout.as_millis()).unwrap_or(u64::MAX);
        let idle = u64::try_from(limits.idle_timeout.as_millis()).unwrap_or(u64::MAX);
        let waiting_since = self.waiting_since.load(Ordering::Acquire);
        let head_from = match (
            self.answered.load(Ordering::Acquire),
            self.head_started.load(Ordering::Acquire),
        ) {
            (0, _) => Some(waiting_since),
            (_, 0) => None,
            (_, started) => Some(started - 1),
        };
        if head_from.is_some_and(|from| now.saturating_sub(from) > header) {
            return Some("no complete request headers within the header timeout");
        }
        let quiet_since = waiting_since.max(self.last_io.load(Ordering::Relaxed));
        (now.saturating_sub(quiet_since) > idle).then_some("idle for the idle timeout")
    }
}

/// A request in flight until dropped (also when its handler is cancelled).
struct InFlight(Arc<Activity>);

impl InFlight {
    fn start(activity: &Arc<Activity>) -> InFlight {
        activity.request_started();
        InFlight(activity.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.request_done(self.0.now());
    }
}

/// The socket, noting every byte that moves.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.stream).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = res {
            let now = self.activity.now();
            self.activity.read(buf.filled().len() - before, now);
        }
        res
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.stream).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = res {
            self.activity.wrote(n, self.activity.now());
        }
        res
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = res {
            self.activity.wrote(n, self.activity.now());
        }
        res
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the requests in
/// flight finish. Client addresses reach handlers as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let max =
        u32::try_from(limits.max_connections.clamp(1, Semaphore::MAX_PERMITS)).unwrap_or(u32::MAX);
    let slots = Arc::new(Semaphore::new(max as usize));
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        // A free slot first, then the next connection: beyond the cap, clients wait in
        // the kernel's listen queue instead of taking a file descriptor each.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // A client that gave up before it was accepted is nothing; anything
                    // else (out of file descriptors) is worth a pause before trying again.
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted
                            | std::io::ErrorKind::ConnectionReset
                            | std::io::ErrorKind::ConnectionRefused
                    ) {
                        tracing::error!(error = %e, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        tokio::spawn(connection(
            stream,
            addr,
            app.clone(),
            limits,
            stopping.clone(),
            slot,
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    // Each connection holds its slot until it ends.
    let _ = slots.acquire_many(max).await;
    Ok(())
}

async fn connection(
    stream: TcpStream,
    addr: SocketAddr,
    app: axum::Router,
    limits: ConnectionLimits,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let activity = Arc::new(Activity::new());
    let io = hyper_util::rt::TokioIo::new(Watched {
        stream,
        activity: activity.clone(),
    });
    let requests = activity.clone();
    let service =
        hyper::service::service_fn(move |mut req: axum::http::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(addr));
            let in_flight = InFlight::start(&requests);
            let app = app.clone();
            async move {
                let res = app.oneshot(req).await;
                drop(in_flight);
                res
            }
        });
    let conn = hyper::server::conn::http1::Builder::new()
        // Timeouts are kept here (hyper's would need its timer and counts differently).
        .header_read_timeout(None)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let mut clock = tokio::time::interval(limits.check_every());
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut closing = false;
    loop {
        tokio::select! {
            ended = conn.as_mut() => {
                if let Err(e) = ended {
                    tracing::debug!(%addr, error = %e, "connection ended with an error");
                }
                return;
            }
            _ = stopping.changed(), if !closing => {
                // A request half sent is not waited for (hyper would wait out its
                // header); one in flight, or an answer being written, is.
                if activity.awaiting_head() {
                    return;
                }
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
            _ = clock.tick() => {
                if let Some(why) = activity.expired(&limits, activity.now()) {
                    tracing::debug!(%addr, why, "connection closed");
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(header_ms: u64, idle_ms: u64) -> ConnectionLimits {
        ConnectionLimits {
            header_timeout: Duration::from_millis(header_ms),
            idle_timeout: Duration::from_millis(idle_ms),
            max_connections: 10,
        }
    }

    #[test]
    fn the_first_request_has_the_header_timeout_from_the_opening() {
        let a = Activity::new();
        let l = limits(100, 10_000);
        assert!(a.awaiting_head());
        assert_eq!(a.expired(&l, 0), None);
        // Bytes trickling in keep the connection from idling, not its header clock.
        a.read(1, 60);
        assert_eq!(a.expired(&l, 60), None);
        a.read(1, 100);
        assert_eq!(a.expired(&l, 100), None);
        assert!(a.expired(&l, 101).is_some_and(|w| w.contains("header")));
        // A request being answered is never cut here.
        a.request_started();
        assert_eq!(a.expired(&l, 5_000), None);
    }

    #[test]
    fn a_kept_alive_connection_waits_the_idle_timeout_then_the_header_timeout() {
        let a = Activity::new();
        let l = limits(100, 150);
        a.request_started();
        a.request_done(120);
        // Waiting for the next request: the idle timeout, not the header timeout.
        assert_eq!(a.expired(&l, 230), None);
        a.read(3, 230);
        assert_eq!(a.expired(&l, 330), None);
        assert!(a.expired(&l, 331).is_some_and(|w| w.contains("header")));
        // Its headers came: answered, and waiting again.
        a.request_started();
        a.request_done(400);
        assert_eq!(a.expired(&l, 550), None);
        assert!(a.expired(&l, 551).is_some_and(|w| w.contains("idle")));
        // An answer still being written (its client reads slowly) is not idle.
        a.wrote(1000, 540);
        assert_eq!(a.expired(&l, 690), None);
        assert!(a.expired(&l, 691).is_some_and(|w| w.contains("idle")));
        // At shutdown: a kept-alive connection is left to hyper, a half-sent head is not.
        assert!(!a.awaiting_head());
        a.read(1, 700);
        assert!(a.awaiting_head());
        a.request_started();
        assert!(!a.awaiting_head());
    }
}
