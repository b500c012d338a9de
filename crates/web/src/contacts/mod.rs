//! Channel analytics: the channel page, its view and charts, and the contact-log
//! upload with its column mapping.

mod channel_charts;
pub(crate) mod channel_view;
pub(crate) mod channels;
pub mod upload_file;
pub(crate) mod upload_view;
pub(crate) mod uploads;

use crate::routes::{get, post, upload, Route};

pub(crate) fn routes() -> Vec<Route> {
    vec![
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
            upload_file::MAX_UPLOAD_BYTES + 64 * 1024,
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
