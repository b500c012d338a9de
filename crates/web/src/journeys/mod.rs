//! Citizen journeys: the journey pages and their view, QR codes, and the citizens'
//! feedback form.

mod feedback;
pub mod journey_view;
mod pages;

use crate::routes::{get, post, Route};

pub(crate) fn routes() -> Vec<Route> {
    vec![
        get("/admin/orgs/{org}/journeys", pages::list),
        post("/admin/orgs/{org}/journeys", pages::create),
        get("/admin/orgs/{org}/journeys/{id}", pages::page),
        get("/admin/orgs/{org}/journeys/{id}/edit", pages::edit_page),
        post("/admin/orgs/{org}/journeys/{id}/edit", pages::edit),
        post("/admin/orgs/{org}/journeys/{id}/links", pages::create_link),
        post(
            "/admin/orgs/{org}/journeys/{id}/links/{link}/revoke",
            pages::revoke_link,
        ),
        get(
            "/admin/orgs/{org}/journeys/{id}/links/{link}/qr.svg",
            pages::qr_svg,
        ),
        get(
            "/admin/orgs/{org}/journeys/{id}/links/{link}/qr.png",
            pages::qr_png,
        ),
        post("/admin/orgs/{org}/journeys/{id}/import", pages::import),
        get("/f/{token}", feedback::form),
        post("/f/{token}", feedback::submit),
        get("/f/{token}/thanks", feedback::thanks),
    ]
}
