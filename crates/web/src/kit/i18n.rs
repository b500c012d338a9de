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

    /// `t_args` with every argument as text.
    pub fn t_text(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&'static str, FluentValue<'static>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.clone())))
            .collect();
        self.t_args(key, &args)
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

    /// A date as the language writes it, in Europe/Copenhagen: dd.mm.yyyy in Danish,
    /// yyyy-mm-dd in English.
    pub fn date(self, unix: impl Timestamp) -> String {
        self.format_time(unix.secs(), "%d.%m.%Y", "%Y-%m-%d")
    }

    /// A date and time to the second, in Europe/Copenhagen.
    pub fn datetime(self, unix: impl Timestamp) -> String {
        self.format_time(unix.secs(), "%d.%m.%Y kl. %H:%M:%S", "%Y-%m-%d %H:%M:%S")
    }

    /// A date and time to the minute, in Europe/Copenhagen: 24.12.2026 kl. 14:05 in
    /// Danish, 2026-12-24 14:05 in English.
    pub fn minute(self, unix: impl Timestamp) -> String {
        self.format_time(unix.secs(), "%d.%m.%Y kl. %H:%M", "%Y-%m-%d %H:%M")
    }

    /// The one place a time is turned into what a page shows: the instant in the
    /// zone every page uses (Europe/Copenhagen, summer time included).
    fn format_time(self, unix: i64, da: &str, en: &str) -> String {
        let fmt = match self {
            Lang::Da => da,
            Lang::En => en,
        };
        local_time(unix)
            .map(|d| d.format(fmt).to_string())
            .unwrap_or_default()
    }

    /// The thousands separator and the decimal mark: "." and "," in Danish, "," and "."
    /// in English.
    fn marks(self) -> (char, char) {
        match self {
            Lang::Da => ('.', ','),
            Lang::En => (',', '.'),
        }
    }

    /// A string of digits with the thousands separator every three from the right.
    fn grouped(self, digits: &str) -> String {
        let (sep, _) = self.marks();
        let n = digits.chars().count();
        let mut out = String::with_capacity(n + n / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (n - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(ch);
        }
        out
    }

    /// A whole number with thousands separators: 1.234.567 in Danish, 1,234,567 in English.
    pub fn int(self, n: u64) -> String {
        self.grouped(&n.to_string())
    }

    /// A number with `decimals` decimals and thousands separators: "1.234.567,5" in
    /// Danish, "1,234,567.5" in English. Rounded as written, so a negative number that
    /// rounds to zero shows no minus sign.
    pub fn num(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        let s = format!("{:.decimals$}", x.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "-"
        } else {
            ""
        };
        let int = self.grouped(int);
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}{}{frac}", self.marks().1)
        }
    }

    /// A maturity score as shown: one decimal, or more where one would read as a higher
    /// step than the score's own (`trappe_core::scoring::score_decimals`: "3,96" beside
    /// step 3, never "4,0").
    pub fn score(self, x: f64) -> String {
        self.num(x, trappe_core::scoring::score_decimals(x))
    }

    /// A share (0 to 1) as a percentage with `decimals` decimals: "52,5 %" in Danish
    /// (with a space), "52.5%" in English.
    pub fn pct(self, share: f64, decimals: usize) -> String {
        let n = self.num(share * 100.0, decimals);
        match self {
            Lang::Da => format!("{n} %"),
            Lang::En => format!("{n}%"),
        }
    }
}

/// The zone every page shows times in.
pub const ZONE: chrono_tz::Tz = chrono_tz::Europe::Copenhagen;

/// A unix time in Europe/Copenhagen (None outside chrono's range).
pub fn local_time(unix: i64) -> Option<chrono::DateTime<chrono_tz::Tz>> {
    chrono::DateTime::from_timestamp(unix, 0).map(|d| d.with_timezone(&ZONE))
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

#[cfg(test)]
mod number_tests {
    use super::Lang;

    #[test]
    fn times_are_copenhagen_time_in_summer_and_winter() {
        // 2026-07-01 10:00:00 UTC is 12:00 in Copenhagen (summer time, +2).
        assert_eq!(Lang::Da.datetime(1_782_900_000), "01.07.2026 kl. 12:00:00");
        assert_eq!(Lang::En.minute(1_782_900_000), "2026-07-01 12:00");
        // 2026-01-15 23:30:00 UTC is 00:30 the next day in Copenhagen (+1).
        assert_eq!(Lang::Da.date(1_768_519_800), "16.01.2026");
        assert_eq!(Lang::En.datetime(1_768_519_800), "2026-01-16 00:30:00");
    }

    #[test]
    fn numbers_are_grouped_in_thousands_with_the_languages_marks() {
        assert_eq!(Lang::Da.num(1234567.5, 1), "1.234.567,5");
        assert_eq!(Lang::En.num(1234567.5, 1), "1,234,567.5");
        assert_eq!(Lang::Da.num(999.0, 0), "999");
        assert_eq!(Lang::Da.num(1000.0, 0), "1.000");
        assert_eq!(Lang::En.num(123456.0, 2), "123,456.00");
        assert_eq!(Lang::Da.int(1234567), "1.234.567");
        assert_eq!(Lang::En.int(0), "0");
    }

    #[test]
    fn a_score_beside_step_3_never_reads_4() {
        assert_eq!(Lang::Da.score(3.949), "3,9");
        assert_eq!(Lang::Da.score(3.95), "3,95");
        assert_eq!(Lang::Da.score(3.96), "3,96");
        assert_eq!(Lang::En.score(3.96), "3.96");
        assert_eq!(Lang::Da.score(3.999), "3,999");
        assert_eq!(Lang::Da.score(4.0), "4,0");
        assert_eq!(Lang::Da.score(3.5), "3,5");
    }

    #[test]
    fn negative_numbers_keep_their_sign_unless_they_round_to_zero() {
        assert_eq!(Lang::Da.num(-1234.5, 1), "-1.234,5");
        assert_eq!(Lang::En.num(-1234567.0, 0), "-1,234,567");
        assert_eq!(Lang::Da.num(-0.04, 1), "0,0");
        assert_eq!(Lang::En.num(-0.4, 0), "0");
    }

    #[test]
    fn rounding_carries_into_a_new_group() {
        assert_eq!(Lang::Da.num(999.95, 1), "1.000,0");
        assert_eq!(Lang::En.num(999.95, 1), "1,000.0");
        assert_eq!(Lang::Da.num(999999.6, 0), "1.000.000");
        assert_eq!(Lang::Da.num(2.5, 0), "2");
        assert_eq!(Lang::Da.num(f64::NAN, 1), "–");
    }

    #[test]
    fn shares_are_written_as_percentages() {
        assert_eq!(Lang::Da.pct(0.525, 1), "52,5 %");
        assert_eq!(Lang::En.pct(0.525, 1), "52.5%");
        assert_eq!(Lang::Da.pct(0.4, 0), "40 %");
        assert_eq!(Lang::En.pct(1.0, 0), "100%");
        assert_eq!(Lang::Da.pct(12.345, 1), "1.234,5 %");
        assert_eq!(Lang::Da.pct(0.0, 0), "0 %");
    }
}

#[cfg(test)]
mod tests {
    //! The catalogue against the code: every key the templates and the code ask for is in
    //! Danish and in English, every key of either catalogue is used, and the templates
    //! hold no text of their own (all of it comes from the catalogue).

    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    const DA: &str = include_str!("../../i18n/da/main.ftl");
    const EN: &str = include_str!("../../i18n/en/main.ftl");

    /// The message ids of a Fluent file (`key = ...` at the start of a line).
    fn keys(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, _)| k.trim_end())
            .filter(|k| {
                k.starts_with(|c: char| c.is_ascii_alphabetic())
                    && k.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            .map(str::to_string)
            .collect()
    }

    /// Every file under `dir` whose name ends with `ext`, with its text.
    fn sources(dir: &Path, ext: &str, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, ext, out);
            } else if path.to_string_lossy().ends_with(ext) {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }

    /// The code that reads the catalogue: this crate's Rust and templates, and the CLI's.
    fn code() -> Vec<(PathBuf, String)> {
        let web = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        sources(&web.join("src"), ".rs", &mut out);
        sources(&web.join("templates"), ".html", &mut out);
        sources(&web.join("../cli/src"), ".rs", &mut out);
        out
    }

    /// The string literal that starts at `s` (just after its opening quote).
    fn literal(s: &str) -> &str {
        &s[..s.find('"').unwrap_or(0)]
    }

    /// The keys a call names with a literal: `t("k")`, `t1("k", ..)`, `t2`, `t_args`,
    /// `m("k")` (the statements), `msg(lang, "k", ..)` and `message(ctx, status, "k")`
    /// (the pages made of `k-title` and `k-body`), with the file each is in.
    fn called(code: &[(PathBuf, String)]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, text) in code {
            let file = path.file_name().unwrap().to_string_lossy().to_string();
            for (i, _) in text.match_indices('(') {
                let before = &text[..i];
                // Not in a comment.
                if before[before.rfind('\n').map_or(0, |j| j + 1)..].contains("//") {
                    continue;
                }
                let name_start = before
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(0, |j| j + 1);
                let name = &before[name_start..];
                let args = &text[i + 1..];
                // Up to the end of the statement (a call may span lines).
                let args = &args[..args.find([';', '{']).unwrap_or(args.len())];
                let key = match name {
                    "t" | "t1" | "t2" | "t_args" | "m" => args
                        .trim_start()
                        .strip_prefix('"')
                        .map(|a| vec![literal(a).to_string()]),
                    // The second argument, after the language, when it is a literal.
                    "msg" => args
                        .split_once(',')
                        .and_then(|(_, a)| a.trim_start().strip_prefix('"'))
                        .map(|a| vec![literal(a).to_string()]),
                    // The third, after the context and the status.
                    "message" => args
                        .splitn(3, ',')
                        .nth(2)
                        .and_then(|a| a.trim_start().strip_prefix('"'))
                        .map(|a| {
                            let k = literal(a);
                            vec![format!("{k}-title"), format!("{k}-body")]
                        }),
                    _ => None,
                };
                for k in key.into_iter().flatten() {
                    out.push((file.clone(), k));
                }
            }
        }
        out
    }

    #[test]
    fn every_key_the_code_uses_is_in_both_catalogues() {
        let (da, en) = (keys(DA), keys(EN));
        assert!(
            da.len() > 500,
            "the Danish catalogue is read ({})",
            da.len()
        );
        let only_da: Vec<_> = da.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&da).collect();
        assert!(
            only_da.is_empty() && only_en.is_empty(),
            "only in Danish: {only_da:?}; only in English: {only_en:?}"
        );
        let code = code();
        let calls = called(&code);
        assert!(calls.len() > 300, "the calls are found ({})", calls.len());
        let missing: Vec<String> = calls
            .iter()
            .filter(|(_, k)| !da.contains(k) || !en.contains(k))
            .map(|(f, k)| format!("{k} (in {f})"))
            .collect();
        assert!(missing.is_empty(), "not in the catalogues: {missing:?}");
    }

    #[test]
    fn every_key_of_the_catalogues_is_used() {
        let code = code();
        let all: String = code.iter().map(|(_, t)| t.as_str()).collect();
        // Keys made at run time: `format!("prefix-{..}")` and `tv("prefix", value)` use
        // every key that starts with `prefix-`; `format!("{key}-suffix")` every key that is
        // a literal of the code followed by `-suffix`.
        let mut prefixes = Vec::new();
        let mut suffixes = Vec::new();
        for (i, _) in all.match_indices("format!(\"") {
            let lit = literal(&all[i + 9..]);
            if let Some((p, _)) = lit.split_once('{') {
                if p.ends_with('-') && !p.is_empty() {
                    prefixes.push(p.to_string());
                }
            }
            if lit.starts_with('{') {
                if let Some((_, s)) = lit.rsplit_once('}') {
                    if s.starts_with('-') && s.len() > 1 {
                        suffixes.push(s.to_string());
                    }
                }
            }
        }
        for (i, _) in all.match_indices("tv(\"") {
            prefixes.push(format!("{}-", literal(&all[i + 4..])));
        }
        // A message may use another: `{ other-key }`.
        let refs = format!("{DA}\n{EN}");
        let used = |k: &str| {
            all.contains(&format!("\"{k}\""))
                || refs.contains(&format!("{{ {k} }}"))
                || prefixes.iter().any(|p| k.starts_with(p.as_str()))
                || suffixes.iter().any(|s| {
                    k.strip_suffix(s.as_str())
                        .is_some_and(|stem| all.contains(&format!("\"{stem}\"")))
                })
        };
        let unused: Vec<String> = keys(DA).into_iter().filter(|k| !used(k)).collect();
        assert!(
            unused.is_empty(),
            "in the catalogues but used nowhere (remove them from both, or use them): {unused:?}"
        );
    }

    /// Words a template may hold outside the catalogue: names that are the same in both
    /// languages.
    const NAMES: [&str; 6] = ["Trappe", "CVR", "NPS", "CSAT", "CES", "OpenAPI"];

    #[test]
    fn the_templates_take_every_text_from_the_catalogue() {
        let web = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut templates = Vec::new();
        sources(&web.join("templates"), ".html", &mut templates);
        let mut found = Vec::new();
        for (path, text) in &templates {
            // Without template code, markup, style and code samples, only punctuation
            // and names may remain.
            let mut rest = text.clone();
            for (open, close) in [
                ("{{", "}}"),
                ("{%", "%}"),
                ("{#", "#}"),
                ("<style", "</style>"),
                ("<code", "</code>"),
                ("<", ">"),
            ] {
                let mut out = String::new();
                let mut s = rest.as_str();
                while let Some(a) = s.find(open) {
                    out.push_str(&s[..a]);
                    out.push(' ');
                    s = match s[a..].find(close) {
                        Some(b) => &s[a + b + close.len()..],
                        None => "",
                    };
                }
                out.push_str(s);
                rest = out;
            }
            for word in rest.split_whitespace() {
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
                if letters >= 2 && !NAMES.contains(&bare) {
                    found.push(format!(
                        "{}: {word}",
                        path.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
        assert!(
            found.is_empty(),
            "text in templates, not from the catalogue: {found:?}"
        );
    }

    /// "Trin" is a step of the staircase only: a journey's parts are "øjeblikke", so a
    /// reader never mistakes a moment of a citizen's journey for a maturity step.
    #[test]
    fn journey_texts_never_say_trin() {
        let journey = |k: &str| {
            ["journey", "fb-", "report-journey", "feedback"]
                .iter()
                .any(|p| k.starts_with(p))
        };
        let found: Vec<&str> = DA
            .lines()
            .filter(|l| l.split_once(" = ").is_some_and(|(k, _)| journey(k)))
            .filter(|l| {
                l.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with("trin"))
            })
            .collect();
        assert!(found.is_empty(), "journey texts that say trin: {found:?}");
    }
}

/// A message argument as text: names, and numbers already formatted with the language's
/// decimal comma and thousands separators.
pub fn arg_text(x: impl ToString) -> FluentValue<'static> {
    FluentValue::from(x.to_string())
}

/// A count as a message argument (Fluent chooses the plural form by it).
pub fn arg_count(n: usize) -> FluentValue<'static> {
    FluentValue::from(n as f64)
}

/// Numbers as the language writes them.
#[derive(Debug, Clone, Copy)]
pub struct Fmt(pub Lang);

impl Fmt {
    /// A whole number with thousands separators: 12.345 in Danish, 12,345 in English.
    pub fn int(self, n: u64) -> String {
        self.0.int(n)
    }

    /// A number with `decimals` decimals and thousands separators.
    pub fn dec(self, x: f64, decimals: usize) -> String {
        self.0.num(x, decimals)
    }

    /// A share as a percentage with one decimal: "52,5 %" / "52.5%".
    pub fn pct(self, share: f64) -> String {
        self.0.pct(share, 1)
    }

    /// Kroner, whole: "5.900 kr." / "DKK 5,900".
    pub fn kr(self, x: f64) -> String {
        match self.0 {
            Lang::Da => format!("{} kr.", self.dec(x, 0)),
            Lang::En => format!("DKK {}", self.dec(x, 0)),
        }
    }

    /// A price per contact, with øre when it has them.
    pub fn price(self, x: f64) -> String {
        let d = if (x - x.round()).abs() < 1e-9 { 0 } else { 2 };
        match self.0 {
            Lang::Da => format!("{} kr.", self.dec(x, d)),
            Lang::En => format!("DKK {}", self.dec(x, d)),
        }
    }

    /// A price as typed in the form (decimal comma in Danish, no separators).
    pub fn price_input(self, x: f64) -> String {
        let s = if (x - x.round()).abs() < 1e-9 {
            format!("{x:.0}")
        } else {
            format!("{x:.2}")
        };
        match self.0 {
            Lang::Da => s.replace('.', ","),
            Lang::En => s,
        }
    }

    /// A date written YYYY-MM-DD as the language writes dates.
    pub fn date(self, iso: &str) -> String {
        match (self.0, iso.split('-').collect::<Vec<_>>().as_slice()) {
            (Lang::Da, [y, m, d]) => format!("{d}.{m}.{y}"),
            _ => iso.to_string(),
        }
    }
}
