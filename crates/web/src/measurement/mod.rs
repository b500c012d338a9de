//! The maturity measurement: models, rounds, organisations, links and respondent lists with
//! their mails, the questionnaire, the cohort, results, the report, exports, the API,
//! and each round's analysis kept in memory.

pub(crate) mod analyses;
mod api;
pub mod api_view;
pub mod chart_files;
mod cohort;
pub(crate) mod export;
pub mod export_view;
mod links;
mod mail;
mod models;
pub mod models_view;
mod orgs;
mod participation;
mod report;
pub mod report_view;
pub(crate) mod respond;
mod respondents;
pub(crate) mod results;
pub mod round_mails;
pub(crate) mod rounds;
mod targets;

use crate::routes::{get, post, upload, Route};

pub(crate) fn routes() -> Vec<Route> {
    vec![
        get("/admin", rounds::dashboard),
        post("/admin/orgs", rounds::add_org),
        upload(
            "/admin/orgs/import",
            orgs::import,
            orgs::MAX_ORG_FILE_BYTES + 64 * 1024,
        ),
        get("/admin/models", models::list),
        upload(
            "/admin/models/preview",
            models::preview,
            models::MAX_UPLOAD_BYTES + 64 * 1024,
        ),
        // Not a file, but the checked model's TOML sent back from the preview.
        upload(
            "/admin/models/import",
            models::import,
            models::MAX_IMPORT_BYTES,
        ),
        get("/admin/orgs/{org}", orgs::edit_page),
        post("/admin/orgs/{org}", orgs::edit),
        get("/admin/orgs/{org}/delete", orgs::delete_page),
        post("/admin/orgs/{org}/delete", orgs::delete),
        get("/admin/demo/remove", orgs::demo_page),
        post("/admin/demo/remove", orgs::demo_remove),
        post("/admin/rounds", rounds::create_round),
        get("/admin/rounds/{id}", cohort::round_page),
        get("/admin/rounds/{id}/charts/{file}", cohort::chart),
        post("/admin/rounds/{id}/status", rounds::set_status),
        post("/admin/rounds/{id}/invitations", rounds::invite),
        get("/admin/rounds/{id}/orgs/{org}", results::org_results),
        get("/admin/rounds/{id}/orgs/{org}/explain", results::explain),
        get("/admin/rounds/{id}/orgs/{org}/target", targets::page),
        post("/admin/rounds/{id}/orgs/{org}/target", targets::save),
        get("/admin/rounds/{id}/participation", participation::page),
        get("/admin/rounds/{id}/participation.csv", participation::csv),
        get("/admin/rounds/{id}/participation.xlsx", participation::xlsx),
        post("/admin/rounds/{id}/deadline", rounds::set_deadline),
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
    ]
}
