//! Health, readiness and metrics for operators.

use crate::helpers::{client, get_text, spawn_app};

#[tokio::test]
async fn readiness_and_metrics_count_routes_by_pattern_never_by_token() {
    let app = spawn_app().await;
    let c = client();
    assert_eq!(get_text(&c, app.url("/healthz")).await, "ok");
    let ready = c.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(3).await;
    let link = app.link(round, org).await;
    for _ in 0..3 {
        assert_eq!(c.get(app.url(&link)).send().await.unwrap().status(), 200);
    }
    let text = get_text(&c, app.url("/metrics")).await;
    assert!(
        text.contains(
            "trappe_http_requests_total{method=\"GET\",route=\"/s/{token}\",status=\"200\"} 3"
        ),
        "{text}"
    );
    assert!(text.contains(
        "trappe_http_request_duration_seconds_count{method=\"GET\",route=\"/s/{token}\"} 3"
    ));
    assert!(text.contains("trappe_db_pool_connections{state=\"idle\"}"));
    let token = link.trim_start_matches("/s/");
    assert!(!text.contains(token), "a token reached the metrics");
    // Once the database is gone, readiness says so.
    app.store.close().await;
    assert_eq!(
        c.get(app.url("/readyz")).send().await.unwrap().status(),
        503
    );
}
