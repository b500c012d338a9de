//! The site around the features: the start page, language, the privacy and
//! accessibility pages, static files, health and metrics.

mod privacy;
pub(crate) mod public;
mod start;

use crate::routes::{get, Route};

pub(crate) fn routes() -> Vec<Route> {
    vec![
        get("/", public::home),
        get("/healthz", || async { "ok" }),
        get("/readyz", crate::kit::metrics::readyz),
        get("/metrics", crate::kit::metrics::metrics),
        get("/static/trappe.css", public::css),
        get("/static/progress.js", public::progress_js),
        get("/lang/{code}", public::set_lang),
        get("/start", start::start),
        get("/privacy", privacy::privacy),
        get("/accessibility", privacy::accessibility),
    ]
}
