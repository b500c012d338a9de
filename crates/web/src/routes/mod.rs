//! Routes by area: public pages and login, the organiser's admin, the respondent's questionnaire.

mod accounts;
mod admin;
mod api;
pub(crate) mod channels;
mod cohort;
mod export;
mod feedback;
mod journeys;
mod links;
mod mail;
pub(crate) mod oidc;
mod orgs;
mod participation;
mod privacy;
mod public;
mod report;
mod respond;
mod respondents;
mod uploads;

use crate::error::AppError;
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

fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, h: H) -> Route {
    Route {
        method: "GET",
        path,
        handler: routing::get(h),
    }
}

/// A POST that takes a file: its own body limit (the app's default is 2 MB).
fn upload<H: Handler<T, AppState>, T: 'static>(path: &'static str, h: H, limit: usize) -> Route {
    Route {
        method: "POST",
        path,
        handler: routing::post(h).layer(axum::extract::DefaultBodyLimit::max(limit)),
    }
}

fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, h: H) -> Route {
    Route {
        method: "POST",
        path,
        handler: routing::post(h),
    }
}

/// Every route of the app, one a line. The router is built from this table and so is
/// `route_list()`, which the access test (crates/cli/tests/api/access.rs) checks against
/// its own table of who may call what: a route added here without a line there fails it.
/// Who may call a route is decided by the extractor its handler takes (`crate::access`).
fn table() -> Vec<Route> {
    vec![
        get("/", public::home),
        get("/healthz", || async { "ok" }),
        get("/readyz", crate::metrics::readyz),
        get("/metrics", crate::metrics::metrics),
        get("/static/trappe.css", public::css),
        get("/static/progress.js", public::progress_js),
        get("/lang/{code}", public::set_lang),
        get("/login", public::login_page),
        post("/login", public::login),
        get("/login/totp", accounts::code_page),
        post("/login/totp", accounts::code),
        get("/login/oidc", oidc::start),
        get("/login/oidc/callback", oidc::callback),
        post("/logout", public::logout),
        get("/start", accounts::start),
        get("/invite/{token}", accounts::accept_page),
        post("/invite/{token}", accounts::accept),
        get("/account/password", admin::password_page),
        post("/account/password", admin::change_password),
        get("/account/security", accounts::security),
        post("/account/sessions/revoke", accounts::revoke_session),
        post(
            "/account/sessions/revoke-others",
            accounts::revoke_other_sessions,
        ),
        post("/account/totp/start", accounts::totp_start),
        post("/account/totp/confirm", accounts::totp_confirm),
        post("/account/totp/disable", accounts::totp_disable),
        post("/account/recovery-codes", accounts::recovery_codes),
        get("/admin", admin::dashboard),
        get("/admin/users", accounts::users),
        post("/admin/users/invitations", accounts::invite_user),
        post(
            "/admin/users/invitations/{id}/revoke",
            accounts::revoke_invitation,
        ),
        post("/admin/users/{id}/role", accounts::set_role),
        post("/admin/users/{id}/orgs", accounts::user_orgs),
        post("/admin/users/{id}/delete", accounts::delete_user),
        post("/admin/orgs", admin::add_org),
        upload(
            "/admin/orgs/import",
            orgs::import,
            orgs::MAX_ORG_FILE_BYTES + 64 * 1024,
        ),
        get("/admin/orgs/{org}", orgs::edit_page),
        post("/admin/orgs/{org}", orgs::edit),
        get("/admin/orgs/{org}/delete", orgs::delete_page),
        post("/admin/orgs/{org}/delete", orgs::delete),
        get("/admin/demo/remove", orgs::demo_page),
        post("/admin/demo/remove", orgs::demo_remove),
        post("/admin/rounds", admin::create_round),
        get("/admin/rounds/{id}", cohort::round_page),
        get("/admin/rounds/{id}/charts/{file}", cohort::chart),
        post("/admin/rounds/{id}/status", admin::set_status),
        post("/admin/rounds/{id}/invitations", admin::invite),
        get("/admin/rounds/{id}/orgs/{org}", admin::org_results),
        get("/admin/rounds/{id}/orgs/{org}/explain", admin::explain),
        get("/admin/rounds/{id}/participation", participation::page),
        get("/admin/rounds/{id}/participation.csv", participation::csv),
        get("/admin/rounds/{id}/participation.xlsx", participation::xlsx),
        post("/admin/rounds/{id}/deadline", admin::set_deadline),
        get(
            "/admin/rounds/{id}/orgs/{org}/participation",
            participation::org_page,
        ),
        get("/admin/rounds/{id}/orgs/{org}/links", links::page),
        post(
            "/admin/rounds/{id}/orgs/{org}/links/approve",
            links::approve,
        ),
        post(
            "/admin/rounds/{id}/orgs/{org}/links/{link}/revoke",
            links::revoke,
        ),
        get("/admin/rounds/{id}/orgs/{org}/report", report::report),
        get(
            "/admin/rounds/{id}/orgs/{org}/report/print.css",
            report::print_css,
        ),
        get(
            "/admin/rounds/{id}/orgs/{org}/report/charts/{file}",
            report::chart,
        ),
        get("/admin/rounds/{id}/respondents", respondents::page),
        upload(
            "/admin/rounds/{id}/respondents",
            respondents::upload,
            respondents::MAX_LIST_BYTES + 64 * 1024,
        ),
        post(
            "/admin/rounds/{id}/respondents/texts",
            respondents::save_texts,
        ),
        get(
            "/admin/rounds/{id}/respondents/send/{which}",
            respondents::preview,
        ),
        post(
            "/admin/rounds/{id}/respondents/send/{which}",
            respondents::send,
        ),
        get(
            "/admin/rounds/{id}/respondents/addresses",
            respondents::addresses,
        ),
        get(
            "/admin/rounds/{id}/respondents/delete",
            respondents::delete_page,
        ),
        post("/admin/rounds/{id}/respondents/delete", respondents::delete),
        get(
            "/admin/rounds/{id}/orgs/{org}/respondents",
            respondents::org_list,
        ),
        upload(
            "/admin/rounds/{id}/orgs/{org}/respondents",
            respondents::org_upload,
            respondents::MAX_LIST_BYTES + 64 * 1024,
        ),
        get("/admin/rounds/{id}/export.xlsx", export::xlsx),
        get("/admin/rounds/{id}/export.json", export::json),
        // `{table}.csv`: the router takes no suffix after a parameter; the handler checks it.
        get("/admin/rounds/{id}/export/{file}", export::csv),
        get("/s/{token}", respond::entry),
        post("/s/{token}", respond::save_intro),
        get("/s/{token}/p/{page}", respond::page),
        post("/s/{token}/p/{page}", respond::save_page),
        get("/s/{token}/review", respond::review),
        post("/s/{token}/submit", respond::submit),
        get("/thanks", respond::thanks),
        get("/admin/orgs/{org}/journeys", journeys::list),
        post("/admin/orgs/{org}/journeys", journeys::create),
        get("/admin/orgs/{org}/journeys/{id}", journeys::page),
        get("/admin/orgs/{org}/journeys/{id}/edit", journeys::edit_page),
        post("/admin/orgs/{org}/journeys/{id}/edit", journeys::edit),
        post(
            "/admin/orgs/{org}/journeys/{id}/links",
            journeys::create_link,
        ),
        post(
            "/admin/orgs/{org}/journeys/{id}/links/{link}/revoke",
            journeys::revoke_link,
        ),
        get(
            "/admin/orgs/{org}/journeys/{id}/links/{link}/qr.svg",
            journeys::qr_svg,
        ),
        get(
            "/admin/orgs/{org}/journeys/{id}/links/{link}/qr.png",
            journeys::qr_png,
        ),
        post("/admin/orgs/{org}/journeys/{id}/import", journeys::import),
        get("/f/{token}", feedback::form),
        post("/f/{token}", feedback::submit),
        get("/f/{token}/thanks", feedback::thanks),
        get("/privacy", privacy::privacy),
        get("/accessibility", privacy::accessibility),
        get("/admin/audit", privacy::audit),
        get("/admin/mail", mail::list),
        get("/admin/mail/{id}", mail::message),
        post("/admin/mail/{id}/resend", mail::resend),
        post("/admin/mail/{id}/dismiss", mail::dismiss),
        post("/admin/users/invite-contacts", mail::invite_contacts),
        get("/admin/tokens", api::tokens),
        post("/admin/tokens", api::create_token),
        post("/admin/tokens/{id}/revoke", api::revoke_token),
        get("/api/v1/openapi.json", api::openapi),
        get("/api/v1/rounds", api::rounds),
        get("/api/v1/rounds/{id}/results", api::results),
        get("/admin/audit.csv", privacy::audit_csv),
        get("/admin/orgs/{org}/channels", channels::page),
        post("/admin/orgs/{org}/channels/prices", channels::set_prices),
        post("/admin/orgs/{org}/channels/targets", channels::add_target),
        post(
            "/admin/orgs/{org}/channels/targets/delete",
            channels::delete_target,
        ),
        upload(
            "/admin/orgs/{org}/channels/uploads",
            uploads::upload,
            crate::contact_upload::MAX_UPLOAD_BYTES + 64 * 1024,
        ),
        get(
            "/admin/orgs/{org}/channels/uploads/{upload}",
            uploads::mapping,
        ),
        post(
            "/admin/orgs/{org}/channels/uploads/{upload}",
            uploads::submit_mapping,
        ),
        get(
            "/admin/orgs/{org}/channels/imports/{import}",
            uploads::progress,
        ),
        get(
            "/admin/orgs/{org}/channels/imports/{import}/refused.csv",
            uploads::refused_rows,
        ),
    ]
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

/// A `next` target that stays on this site (see `crate::redirect`), else `default`.
pub fn local_path(next: Option<&str>, default: &str) -> String {
    crate::redirect::local_or(next, default)
}
