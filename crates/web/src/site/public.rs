//! The home page, the language switch and the static files.

use crate::kit::page::{Ctx, LANG_COOKIE};
use crate::routes::local_path;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "site/home.html")]
pub struct HomePage {
    ctx: Ctx,
}

pub async fn home(ctx: Ctx) -> Response {
    if ctx.session.is_some() {
        return Redirect::to(ctx.home_link()).into_response();
    }
    HomePage { ctx }.into_response()
}

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/trappe.css"),
    )
}

/// The script that keeps an import's progress up to date (the page works without it).
pub async fn progress_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/progress.js"),
    )
}

#[derive(Deserialize)]
pub struct Next {
    pub next: Option<String>,
}

pub async fn set_lang(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let lang = crate::kit::i18n::Lang::from_code(&code).unwrap_or_default();
    let target = local_path(q.next.as_deref(), "/");
    (
        [(
            header::SET_COOKIE,
            format!(
                "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
                lang.code()
            ),
        )],
        Redirect::to(&target),
    )
        .into_response()
}
