//! What every feature's pages are made with: the page context and rendering, the app's
//! error type, forms, messages and number formatting, charts, metrics, security headers,
//! redirects, the HTTP server loop and mail settings.

pub(crate) mod charts;
pub(crate) mod error;
pub(crate) mod form;
pub(crate) mod headers;
pub mod i18n;
pub mod mails;
pub(crate) mod metrics;
pub(crate) mod page;
pub(crate) mod redirect;
pub(crate) mod refusals;
pub(crate) mod server;
