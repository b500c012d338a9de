//! Prometheus metrics at /metrics: requests by route and status, their latencies, and the
//! database pool. Routes are counted by pattern (`/s/{token}`), never by concrete path,
//! so no token or id ends up in a label.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

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
    pub fn render(&self, pool_size: u32, pool_idle: usize) -> String {
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

pub async fn metrics(State(state): State<AppState>) -> Response {
    let (size, idle) = state.store.pool_stats();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(size, idle),
    )
        .into_response()
}

/// Ready when the database answers; 503 (and a logged error) when it does not.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::error!(error = %e, "not ready: the database does not answer");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_labelled_by_pattern() {
        let m = Metrics::default();
        m.record("GET", "/s/{token}", 200, 0.003);
        m.record("GET", "/s/{token}", 200, 0.2);
        m.record("GET", "/s/{token}", 404, 0.0005);
        let text = m.render(4, 3);
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
    }
}
