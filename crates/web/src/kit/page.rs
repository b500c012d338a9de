//! What every page needs: the visitor's language, the signed-in account (if any) and
//! the session's CSRF token. Access checks live in `crate::access`, as extractors a
//! handler asks for: a handler that takes `Organiser` cannot run for anyone else.

use crate::kit::error::AppError;
use crate::kit::i18n::Lang;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use trappe_store::SessionUser;

pub const SESSION_COOKIE: &str = "trappe_session";
pub const LANG_COOKIE: &str = "trappe_lang";

/// A cookie's value from the request's Cookie headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The request context of a page.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub session: Option<SessionUser>,
    /// Path and query of this page, for the language switch.
    pub here: String,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
    /// The message `prefix-value`, for stored codes such as a status or a kind.
    pub fn tv(&self, prefix: &str, value: &str) -> String {
        self.lang.t(&format!("{prefix}-{value}"))
    }
    pub fn t1(&self, key: &str, name: &'static str, value: impl Num) -> String {
        self.lang.t_args(key, &[(name, value.f64().into())])
    }
    pub fn t2(
        &self,
        key: &str,
        a: &'static str,
        av: impl Num,
        b: &'static str,
        bv: impl Num,
    ) -> String {
        self.lang
            .t_args(key, &[(a, av.f64().into()), (b, bv.f64().into())])
    }
    /// A score as shown: one decimal (two or more where one would read as the next
    /// step: `Lang::score`), decimal comma in Danish.
    pub fn score(&self, x: impl Num) -> String {
        self.lang.score(x.f64())
    }
    pub fn num(&self, x: impl Num, decimals: usize) -> String {
        self.lang.num(x.f64(), decimals)
    }
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
    pub fn other_code(&self) -> &'static str {
        self.lang.other().code()
    }
    pub fn other_name(&self) -> &'static str {
        match self.lang {
            Lang::Da => "English",
            Lang::En => "Dansk",
        }
    }
    pub fn lang_switch(&self) -> String {
        format!(
            "/lang/{}?next={}",
            self.other_code(),
            form_urlencode(&self.here)
        )
    }
    pub fn username(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.user.username.as_str())
    }
    /// Whether the signed-in account is an organiser (menus only: access is checked by
    /// the extractors in `crate::access`).
    pub fn is_organiser(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.user.role == "organiser")
    }
    /// The signed-in account's start page.
    pub fn home_link(&self) -> &'static str {
        if self.is_organiser() {
            "/admin"
        } else {
            "/start"
        }
    }
    pub fn csrf(&self) -> &str {
        self.session
            .as_ref()
            .map(|s| s.csrf_token.as_str())
            .unwrap_or("")
    }
}

/// A number as templates hand it over (by value or by reference).
pub trait Num {
    fn f64(&self) -> f64;
}
macro_rules! num {
    ($($t:ty),*) => {$(impl Num for $t { fn f64(&self) -> f64 { *self as f64 } })*};
}
num!(f64, i64, usize, u8, u32);
impl<T: Num + ?Sized> Num for &T {
    fn f64(&self) -> f64 {
        (**self).f64()
    }
}

pub fn form_urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|x| x.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ctx, AppError> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        // Danish unless the visitor chose English with the switch.
        let lang = cookie(&parts.headers, LANG_COOKIE)
            .and_then(Lang::from_code)
            .unwrap_or_default();
        let session = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) if !token.is_empty() => state.store.session_user(token).await?,
            _ => None,
        };
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        let ctx = Ctx {
            lang,
            session,
            here,
        };
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

// The access checks (`Organiser`, `AdminForm` and the rest) live in `crate::access`;
// re-exported here for the handlers that import them from this module.
#[allow(unused_imports)]
pub use crate::access::{AdminForm, Organiser};

/// A page that only says something: a heading and a paragraph (a link that is gone, a
/// refusal, a thank-you).
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub ctx: Ctx,
    pub title: String,
    pub body: String,
}

impl MessagePage {
    /// The page with `title` and `body`, answered with `status`.
    pub fn with(
        ctx: &Ctx,
        status: axum::http::StatusCode,
        title: String,
        body: String,
    ) -> axum::response::Response {
        use axum::response::IntoResponse;
        let page = MessagePage {
            ctx: ctx.clone(),
            title,
            body,
        };
        (status, page).into_response()
    }

    /// The catalogue's message `key` (`{key}-title`, `{key}-body`), answered with `status`.
    pub fn keyed(ctx: &Ctx, status: axum::http::StatusCode, key: &str) -> axum::response::Response {
        Self::with(
            ctx,
            status,
            ctx.t(&format!("{key}-title")),
            ctx.t(&format!("{key}-body")),
        )
    }
}
