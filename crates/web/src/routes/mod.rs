//! Routes by area: public pages and login, the organiser's admin, the respondent's questionnaire.

mod admin;
mod cohort;
mod export;
mod public;
mod report;
mod respond;

use crate::error::AppError;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(public::home))
        .route("/healthz", get(|| async { "ok" }))
        .route("/static/trappe.css", get(public::css))
        .route("/lang/{code}", get(public::set_lang))
        .route("/login", get(public::login_page).post(public::login))
        .route("/logout", post(public::logout))
        .route(
            "/account/password",
            get(admin::password_page).post(admin::change_password),
        )
        .route("/admin", get(admin::dashboard))
        .route("/admin/orgs", post(admin::add_org))
        .route("/admin/rounds", post(admin::create_round))
        .route("/admin/rounds/{id}", get(cohort::round_page))
        .route("/admin/rounds/{id}/status", post(admin::set_status))
        .route("/admin/rounds/{id}/invitations", post(admin::invite))
        .route("/admin/rounds/{id}/orgs/{org}", get(admin::org_results))
        .route("/admin/rounds/{id}/orgs/{org}/explain", get(admin::explain))
        .route("/admin/rounds/{id}/orgs/{org}/report", get(report::report))
        .route("/admin/rounds/{id}/export.xlsx", get(export::xlsx))
        .route("/admin/rounds/{id}/export.json", get(export::json))
        // `{table}.csv`: the router takes no suffix after a parameter; the handler checks it.
        .route("/admin/rounds/{id}/export/{file}", get(export::csv))
        .route("/s/{token}", get(respond::entry).post(respond::save_intro))
        .route(
            "/s/{token}/p/{page}",
            get(respond::page).post(respond::save_page),
        )
        .route("/s/{token}/review", get(respond::review))
        .route("/s/{token}/submit", post(respond::submit))
        .route("/thanks", get(respond::thanks))
        .fallback(|| async { AppError::NotFound })
}

/// A `next` target that stays on this site.
pub fn local_path(next: Option<&str>, default: &str) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => default.to_string(),
    }
}
