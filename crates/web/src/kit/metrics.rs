//! Prometheus metrics at /metrics: requests by route and status, their latencies, the
//! database pool and the imports this instance runs. Routes are counted by pattern (`/s/{token}`), never by concrete path,
//! so no token or id ends up in a label.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;
use trappe_store::ImportStats;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    /// Cumulative counts per bucket bound.
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, secs: f64) {
        let Ok(mut m) = self.series.lock() else {
            return;
        };
        let s = m
            .entry((method.to_string(), route.to_string(), status))
            .or_default();
        s.count += 1;
        s.sum += secs;
        for (b, bound) in s.buckets.iter_mut().zip(BUCKETS) {
            if secs <= bound {
                *b += 1;
            }
        }
    }

    /// The text exposition format.
    pub fn render(
        &self,
        pool_size: u32,
        pool_idle: usize,
        db_down_secs: Option<f64>,
        imports: ImportStats,
    ) -> String {
        let mut out = String::new();
        out.push_str("# HELP trappe_http_requests_total HTTP requests by method, route pattern and status.\n");
        out.push_str("# TYPE trappe_http_requests_total counter\n");
        let m = match self.series.lock() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        for ((method, route, status), s) in m.iter() {
            let _ = writeln!(
                out,
                "trappe_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}",
                s.count
            );
        }
        out.push_str("# HELP trappe_http_request_duration_seconds Time to answer, by method and route pattern.\n");
        out.push_str("# TYPE trappe_http_request_duration_seconds histogram\n");
        let mut by_route: BTreeMap<(&str, &str), Series> = BTreeMap::new();
        for ((method, route, _), s) in m.iter() {
            let t = by_route.entry((method, route)).or_default();
            t.count += s.count;
            t.sum += s.sum;
            for (a, b) in t.buckets.iter_mut().zip(s.buckets) {
                *a += b;
            }
        }
        for ((method, route), s) in by_route {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            for (bound, c) in BUCKETS.iter().zip(s.buckets) {
                let _ = writeln!(
                    out,
                    "trappe_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {c}"
                );
            }
            let _ = writeln!(
                out,
                "trappe_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "trappe_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum
            );
            let _ = writeln!(
                out,
                "trappe_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        out.push_str("# HELP trappe_db_pool_connections Database connections by state.\n");
        out.push_str("# TYPE trappe_db_pool_connections gauge\n");
        let _ = writeln!(
            out,
            "trappe_db_pool_connections{{state=\"idle\"}} {pool_idle}"
        );
        let _ = writeln!(
            out,
            "trappe_db_pool_connections{{state=\"in_use\"}} {}",
            (pool_size as usize).saturating_sub(pool_idle)
        );
        out.push_str("# HELP trappe_db_up Whether the database can be reached (0 from a failed probe until one connects again).\n");
        out.push_str("# TYPE trappe_db_up gauge\n");
        let _ = writeln!(out, "trappe_db_up {}", u8::from(db_down_secs.is_none()));
        out.push_str("# HELP trappe_db_down_seconds How long the database has been unreachable (0 while it is up).\n");
        out.push_str("# TYPE trappe_db_down_seconds gauge\n");
        let _ = writeln!(
            out,
            "trappe_db_down_seconds {}",
            db_down_secs.unwrap_or(0.0)
        );
        out.push_str("# HELP trappe_imports_running Imports (contact logs, responses) this instance is running.\n");
        out.push_str("# TYPE trappe_imports_running gauge\n");
        let _ = writeln!(out, "trappe_imports_running {}", imports.running);
        out.push_str("# HELP trappe_import_rows_total Rows written by this instance's imports as they go (a failed import's rows are counted, not kept).\n");
        out.push_str("# TYPE trappe_import_rows_total counter\n");
        let _ = writeln!(out, "trappe_import_rows_total {}", imports.rows);
        out.push_str("# HELP trappe_imports_total Imports this instance finished, by outcome.\n");
        out.push_str("# TYPE trappe_imports_total counter\n");
        let _ = writeln!(
            out,
            "trappe_imports_total{{outcome=\"done\"}} {}",
            imports.done
        );
        let _ = writeln!(
            out,
            "trappe_imports_total{{outcome=\"failed\"}} {}",
            imports.failed
        );
        out
    }
}

/// Times every matched request (a route layer, so the route pattern is known).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().as_str().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let res = next.run(req).await;
    state.metrics.record(
        &method,
        &route,
        res.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    res
}

/// Whether a request may read /metrics: with the bearer token `--metrics-token` sets,
/// or from this machine without one. A request a proxy on this machine forwarded (it
/// names its client in Forwarded, X-Forwarded-For or X-Real-IP, or it is a
/// `--trusted-proxy`) comes from elsewhere.
fn may_read(
    token: Option<&str>,
    peer: Option<std::net::IpAddr>,
    proxy: bool,
    headers: &HeaderMap,
) -> bool {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(given) = bearer {
        return token.is_some_and(|t| {
            !t.is_empty()
                && bool::from(subtle::ConstantTimeEq::ct_eq(
                    given.trim().as_bytes(),
                    t.as_bytes(),
                ))
        });
    }
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|h| headers.contains_key(*h));
    !forwarded && !proxy && peer.is_some_and(|ip| ip.to_canonical().is_loopback())
}

pub async fn metrics(State(state): State<AppState>, req: Request) -> Response {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let token = state.config.metrics_token.as_deref();
    let proxy = peer.is_some_and(|ip| {
        let ip = ip.to_canonical();
        state.config.trusted_proxies.iter().any(|n| n.contains(&ip))
    });
    if !may_read(token, peer, proxy, req.headers()) {
        let status = if token.is_some() {
            axum::http::StatusCode::UNAUTHORIZED
        } else {
            axum::http::StatusCode::FORBIDDEN
        };
        return (
            status,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics are served to this machine, or with the token set by --metrics-token\n",
        )
            .into_response();
    }
    let (size, idle) = state.store.pool_stats();
    let health = state.store.health();
    let down = health.is_down().then(|| health.down_for_secs());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state
            .metrics
            .render(size, idle, down, state.store.import_progress().stats()),
    )
        .into_response()
}

/// How long readiness waits for the database (a load balancer's check should not hang
/// for the pool's whole wait while the database is away).
const READY_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Ready when the database answers; 503 (and a logged error) when it does not.
/// While the database is known to be down, not ready at once (the probe logged it).
pub async fn readyz(State(state): State<AppState>) -> Response {
    let health = state.store.health();
    let ping = tokio::time::timeout(READY_WAIT, state.store.ping());
    let error = match health.unless_down(ping).await {
        Some(Ok(Ok(()))) => return "ready".into_response(),
        Some(Ok(Err(e))) => {
            health.suspect();
            e.to_string()
        }
        Some(Err(_)) => format!("no answer within {} s", READY_WAIT.as_secs()),
        None => {
            tracing::debug!("not ready: the database is down");
            return (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable",
            )
                .into_response();
        }
    };
    tracing::error!(%error, "not ready: the database does not answer");
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "database unavailable",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_answer_this_machine_or_the_token() {
        let local = Some(std::net::IpAddr::from([127, 0, 0, 1]));
        let mapped: Option<std::net::IpAddr> = "::ffff:127.0.0.1".parse().ok();
        let remote = Some(std::net::IpAddr::from([192, 0, 2, 7]));
        let none = HeaderMap::new();
        let with = |k: &'static str, v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(k, axum::http::HeaderValue::from_static(v));
            h
        };
        let bearer = |t: &'static str| with("authorization", t);
        assert!(may_read(None, local, false, &none));
        assert!(may_read(None, mapped, false, &none));
        assert!(may_read(Some("s3cret"), local, false, &none));
        assert!(!may_read(None, remote, false, &none));
        assert!(!may_read(None, None, false, &none));
        // Forwarded by a proxy on this machine: from elsewhere.
        let xff = with("x-forwarded-for", "192.0.2.7");
        assert!(!may_read(None, local, false, &xff));
        let fwd = with("forwarded", "for=192.0.2.7");
        assert!(!may_read(None, local, false, &fwd));
        // A trusted proxy on this machine that forwards without naming its client.
        assert!(!may_read(None, local, true, &none));
        let right = bearer("Bearer s3cret");
        assert!(may_read(Some("s3cret"), remote, false, &right));
        assert!(may_read(Some("s3cret"), local, true, &right));
        assert!(!may_read(
            Some("s3cret"),
            remote,
            false,
            &bearer("Bearer s3cre")
        ));
        assert!(!may_read(
            Some("s3cret"),
            local,
            false,
            &bearer("Bearer wrong")
        ));
        assert!(!may_read(None, remote, false, &bearer("Bearer ")));
        assert!(!may_read(Some(""), remote, false, &bearer("Bearer ")));
    }

    #[test]
    fn histograms_are_cumulative_and_labelled_by_pattern() {
        let m = Metrics::default();
        m.record("GET", "/s/{token}", 200, 0.003);
        m.record("GET", "/s/{token}", 200, 0.2);
        m.record("GET", "/s/{token}", 404, 0.0005);
        let text = m.render(
            4,
            3,
            None,
            ImportStats {
                running: 1,
                rows: 2500,
                done: 2,
                failed: 0,
            },
        );
        assert!(text.contains(
            "trappe_http_requests_total{method=\"GET\",route=\"/s/{token}\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "trappe_http_requests_total{method=\"GET\",route=\"/s/{token}\",status=\"404\"} 1"
        ));
        assert!(text.contains("le=\"0.001\"} 1\n"));
        assert!(text.contains("le=\"0.005\"} 2\n"));
        assert!(text.contains("le=\"0.25\"} 3\n"));
        assert!(text.contains("le=\"+Inf\"} 3\n"));
        assert!(text.contains("trappe_db_pool_connections{state=\"in_use\"} 1"));
        assert!(text.contains("trappe_db_up 1\n"));
        assert!(text.contains("trappe_imports_running 1\n"));
        let down = m.render(0, 0, Some(2.5), ImportStats::default());
        assert!(down.contains("trappe_db_up 0\n"));
        assert!(down.contains("trappe_db_down_seconds 2.5\n"));
        assert!(text.contains("trappe_import_rows_total 2500\n"));
        assert!(text.contains("trappe_imports_total{outcome=\"done\"} 2\n"));
    }
}
