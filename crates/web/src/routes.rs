//! The app's one route table, made of each feature's `routes()`, and the helpers
//! the features write their routes with.

use crate::kit::error::AppError;
use crate::AppState;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};
use axum::Router;

/// One route: a method, a path pattern and its handler.
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    handler: MethodRouter<AppState>,
}

pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, h: H) -> Route {
    Route {
        method: "GET",
        path,
        handler: routing::get(h),
    }
}

/// A POST that takes a file: its own body limit (the app's default is 2 MB).
pub(crate) fn upload<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    h: H,
    limit: usize,
) -> Route {
    Route {
        method: "POST",
        path,
        handler: routing::post(h).layer(axum::extract::DefaultBodyLimit::max(limit)),
    }
}

pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, h: H) -> Route {
    Route {
        method: "POST",
        path,
        handler: routing::post(h),
    }
}

/// Every route of the app, from each feature's table. The router is built from this and
/// so is `route_list()`, which the access test (crates/cli/tests/api/access.rs) checks
/// against its own table of who may call what: a route added without a line there fails
/// it. Who may call a route is decided by the extractor its handler takes
/// (`crate::access`).
fn table() -> Vec<Route> {
    [
        crate::site::routes(),
        crate::accounts::routes(),
        crate::measurement::routes(),
        crate::contacts::routes(),
        crate::journeys::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn routes() -> Router<AppState> {
    table()
        .into_iter()
        .fold(Router::new(), |r, route| r.route(route.path, route.handler))
        .fallback(|| async { AppError::NotFound })
}

/// Every (method, path pattern) the app serves, from the same table as the router.
pub fn route_list() -> Vec<(&'static str, &'static str)> {
    table().into_iter().map(|r| (r.method, r.path)).collect()
}

/// A `next` target that stays on this site (see `crate::kit::redirect`), else `default`.
pub fn local_path(next: Option<&str>, default: &str) -> String {
    crate::kit::redirect::local_or(next, default)
}
