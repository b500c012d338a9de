//! The message catalogue (Fluent; Danish first, English second) and Danish formatting.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{langid, static_loader, LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./i18n",
        fallback_language: "da",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static DA: LanguageIdentifier = langid!("da");
static EN: LanguageIdentifier = langid!("en");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }
    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Da => &DA,
            Lang::En => &EN,
        }
    }

    /// A message; a missing key shows as itself (and fails the catalogue test).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_string())
    }

    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// A date (UTC) as the language writes it: dd.mm.yyyy in Danish, yyyy-mm-dd in English.
    pub fn date(self, unix: impl Timestamp) -> String {
        self.format_time(unix.secs(), "%d.%m.%Y", "%Y-%m-%d")
    }

    /// A date and time (UTC, to the second).
    pub fn datetime(self, unix: impl Timestamp) -> String {
        self.format_time(
            unix.secs(),
            "%d.%m.%Y %H:%M:%S UTC",
            "%Y-%m-%d %H:%M:%S UTC",
        )
    }

    fn format_time(self, unix: i64, da: &str, en: &str) -> String {
        let fmt = match self {
            Lang::Da => da,
            Lang::En => en,
        };
        chrono::DateTime::from_timestamp(unix, 0)
            .map(|d| d.format(fmt).to_string())
            .unwrap_or_default()
    }

    /// A number with `decimals` decimals: decimal comma in Danish.
    pub fn num(self, x: f64, decimals: usize) -> String {
        let s = format!("{x:.decimals$}");
        match self {
            Lang::Da => s.replace('.', ","),
            Lang::En => s,
        }
    }
}

/// Unix seconds, as templates hand them over (by value or by reference).
pub trait Timestamp {
    fn secs(&self) -> i64;
}

impl Timestamp for i64 {
    fn secs(&self) -> i64 {
        *self
    }
}

impl<T: Timestamp + ?Sized> Timestamp for &T {
    fn secs(&self) -> i64 {
        (**self).secs()
    }
}
