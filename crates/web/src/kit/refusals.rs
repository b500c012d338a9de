//! Every refusal the app shows, in the reader's language: the one place where the
//! domain's and the store's reasons become text (the texts are in the catalogue).

use crate::accounts::login_guard::{wait_secs, Refusal};
use crate::contacts::upload_view::{column_label, reason_text, workbook_text};
use crate::kit::i18n::{arg_count, arg_text, Lang};
use fluent_templates::fluent_bundle::FluentValue;
use trappe_core::contacts::HeaderError;
use trappe_core::journey::{JourneyError, MAX_MOMENTS, MIN_MOMENTS};
use trappe_core::organisation_import::{Problem, Reason};
use trappe_core::respondents::{ListProblem, ListReason, MAX_ROWS};
use trappe_core::EmailError;
use trappe_store::{AccountRefusal, FileRefusal, JourneyRefusal, JourneyText};

/// A refusal as the reader is told it.
pub trait Explain {
    fn explain(&self, lang: Lang) -> String;
}

/// A refused login attempt: how long to wait, in seconds or minutes.
impl Explain for Refusal {
    fn explain(&self, lang: Lang) -> String {
        match *self {
            Refusal::Wait(ms) => {
                let secs = wait_secs(ms);
                if secs < 120 {
                    lang.t_args("login-wait-seconds", &[("seconds", secs.into())])
                } else {
                    let minutes = (secs + 59) / 60;
                    lang.t_args("login-wait-minutes", &[("minutes", minutes.into())])
                }
            }
            Refusal::Address => lang.t("login-throttled"),
        }
    }
}

/// The catalogue message of an account refusal.
pub fn account_key(r: &AccountRefusal) -> &'static str {
    match r {
        AccountRefusal::UnknownRole(_) => "account-refused-unknown-role",
        AccountRefusal::LastOrganiserRole => "account-refused-last-organiser-role",
        AccountRefusal::LastOrganiserDelete => "account-refused-last-organiser-delete",
        AccountRefusal::OrganiserSeesAll => "account-refused-organiser-sees-all",
        AccountRefusal::OrganiserWithoutOrg => "account-refused-organiser-without-org",
        AccountRefusal::NeedsOrg(_) => "account-refused-needs-org",
        AccountRefusal::UsernameLength => "account-refused-username-length",
        AccountRefusal::UsernameInvisible => "account-refused-username-invisible",
        AccountRefusal::UsernameLooksLike => "account-refused-username-looks-like",
    }
}

impl Explain for AccountRefusal {
    fn explain(&self, lang: Lang) -> String {
        lang.t(account_key(self))
    }
}

/// Why the store refused a journey.
impl Explain for JourneyRefusal {
    fn explain(&self, lang: Lang) -> String {
        let t1 =
            |key: &str, name: &'static str, n: usize| lang.t_args(key, &[(name, arg_count(n))]);
        let text = |t: &JourneyText| match t {
            JourneyText::Name => lang.t("journey-name"),
            JourneyText::Service => lang.t("journey-service"),
            JourneyText::MomentDanish(n) => t1("journey-text-moment-da", "n", *n),
            JourneyText::MomentEnglish(n) => t1("journey-text-moment-en", "n", *n),
            JourneyText::LinkLabel => lang.t("journey-link-label"),
        };
        match self {
            JourneyRefusal::Required(t) => {
                lang.t_args("journey-refused-required", &[("text", arg_text(text(t)))])
            }
            JourneyRefusal::TooLong(t) => {
                lang.t_args("journey-refused-too-long", &[("text", arg_text(text(t)))])
            }
            JourneyRefusal::NotAChannel { moment, .. } => {
                t1("journey-refused-channel", "n", *moment)
            }
            JourneyRefusal::Retention(_) => lang.t("journey-error-retention"),
            JourneyRefusal::Moments(JourneyError::MomentCount(n)) => lang.t_args(
                "journey-error-count",
                &[
                    ("n", arg_count(*n)),
                    ("min", arg_count(MIN_MOMENTS)),
                    ("max", arg_count(MAX_MOMENTS)),
                ],
            ),
            JourneyRefusal::Moments(JourneyError::MomentId(id)) => {
                lang.t_args("journey-refused-moment-id", &[("id", arg_text(id))])
            }
            JourneyRefusal::Moments(JourneyError::DuplicateMoment(id)) => {
                lang.t_args("journey-refused-moment-twice", &[("id", arg_text(id))])
            }
            JourneyRefusal::Moments(_) => lang.t("journey-refused-moments"),
            JourneyRefusal::MomentCount { expected, got } => lang.t_args(
                "journey-refused-moment-count",
                &[("expected", arg_count(*expected)), ("got", arg_count(*got))],
            ),
        }
    }
}

/// Why a file was refused whole, with the values it names.
impl Explain for FileRefusal {
    fn explain(&self, lang: Lang) -> String {
        let detail = |key: &str, d: &str| lang.t_args(key, &[("detail", arg_text(d))]);
        match self {
            FileRefusal::CannotOpen { detail: d, .. } | FileRefusal::CannotRead { detail: d } => {
                detail("import-refusal-cannot-read", d)
            }
            FileRefusal::Workbook { detail: d } => detail("import-refusal-workbook", d),
            FileRefusal::HeaderUnreadable { detail: d } => detail("import-refusal-header", d),
            FileRefusal::HeaderText { reason } => lang.t_args(
                "import-refusal-header-text",
                &[("reason", arg_text(reason_text(lang, reason)))],
            ),
            FileRefusal::NoHeader => lang.t("import-refusal-no-header"),
            FileRefusal::HeaderTooLong => lang.t("import-refusal-header-too-long"),
            FileRefusal::Header {
                header:
                    HeaderError::Twice {
                        column,
                        first,
                        second,
                    },
            } => lang.t_args(
                "import-refusal-column-twice",
                &[
                    ("column", arg_text(column_label(lang, column))),
                    ("first", arg_text(first.to_string())),
                    ("second", arg_text(second.to_string())),
                ],
            ),
            FileRefusal::Header {
                header: HeaderError::Missing { missing, found },
            } => lang.t_args(
                "import-refusal-missing-columns",
                &[
                    (
                        "missing",
                        arg_text(
                            missing
                                .iter()
                                .map(|m| column_label(lang, m))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ),
                    ("found", arg_text(found.join(", "))),
                ],
            ),
            // Ours, not the file's: the detail is in the server's log.
            FileRefusal::Thread { .. } => lang.t("import-failed-inside"),
            FileRefusal::Unreadable { detail: d } => detail("import-refusal-unreadable", d),
            FileRefusal::BrokeOff => lang.t("import-refusal-broke-off"),
            FileRefusal::Cpr { name, number, line } => lang.t_args(
                "import-refusal-cpr",
                &[
                    ("name", arg_text(name.as_str())),
                    ("number", arg_text(number.to_string())),
                    ("line", arg_text(lang.int(*line))),
                ],
            ),
            FileRefusal::Stopped => lang.t("import-refusal-stopped"),
            FileRefusal::WorkbookRefused { workbook } => lang.t_args(
                "import-refusal-xlsx",
                &[("reason", arg_text(workbook_text(lang, workbook)))],
            ),
        }
    }
}

/// A refused row or file of an organisation import, with its line and column.
impl Explain for Problem {
    fn explain(&self, lang: Lang) -> String {
        let reason = org_reason_text(lang, &self.reason);
        match &self.column {
            Some((c, field)) => lang.t_args(
                "org-import-at-column",
                &[
                    ("line", arg_text(self.line)),
                    ("column", arg_text(c)),
                    ("field", arg_text(field)),
                    ("reason", arg_text(reason)),
                ],
            ),
            None => lang.t_args(
                "org-import-at-line",
                &[("line", arg_text(self.line)), ("reason", arg_text(reason))],
            ),
        }
    }
}

fn org_reason_text(lang: Lang, r: &Reason) -> String {
    let t = |key: &str, args: &[(&'static str, FluentValue<'static>)]| lang.t_args(key, args);
    match r {
        Reason::Workbook(w) => crate::contacts::upload_view::workbook_text(lang, w),
        Reason::Unreadable(d) => t("org-import-unreadable", &[("detail", arg_text(d))]),
        Reason::NotText => t("org-import-not-text", &[]),
        Reason::NoHeader => t("org-import-no-header", &[]),
        Reason::NoRows => t("org-import-no-rows", &[]),
        Reason::UnknownColumn(c) => t("org-import-unknown-column", &[("column", arg_text(c))]),
        Reason::ColumnTwice => t("org-import-column-twice", &[]),
        Reason::MissingColumn => t("org-import-missing-column", &[]),
        Reason::FieldCount { fields, header } => t(
            "org-import-field-count",
            &[("fields", arg_text(fields)), ("header", arg_text(header))],
        ),
        Reason::EmptyName => t("err-org-name", &[]),
        Reason::UnknownKind(k) => t("org-import-unknown-kind", &[("kind", arg_text(k))]),
        Reason::CvrFormat(c) => t("err-org-cvr-format", &[("cvr", arg_text(c))]),
        Reason::CvrChecksum(c) => t("err-org-cvr-checksum", &[("cvr", arg_text(c))]),
        Reason::Email(EmailError::Format(v) | EmailError::TooLong(v)) => {
            t("org-import-email", &[("value", arg_text(v))])
        }
        Reason::NameTwice { name, first } => t(
            "org-import-name-twice",
            &[("name", arg_text(name)), ("first", arg_text(first))],
        ),
        Reason::CvrTwice { cvr, first } => t(
            "org-import-cvr-twice",
            &[("cvr", arg_text(cvr)), ("first", arg_text(first))],
        ),
        Reason::NameTaken { name, id } => t(
            "org-import-name-taken",
            &[("name", arg_text(name)), ("id", arg_text(id))],
        ),
        Reason::CvrDiffers { name, id, cvr } => t(
            "org-import-cvr-differs",
            &[
                ("name", arg_text(name)),
                ("id", arg_text(id)),
                ("cvr", arg_text(cvr)),
            ],
        ),
        Reason::SameOrganisation { id, first } => t(
            "org-import-same-org",
            &[("id", arg_text(id)), ("first", arg_text(first))],
        ),
    }
}

/// A refused row or file of a respondent list, with its line and column.
impl Explain for ListProblem {
    fn explain(&self, lang: Lang) -> String {
        let reason = match &self.reason {
            ListReason::UnknownColumn => lang.t("resp-err-unknown-column"),
            ListReason::ColumnTwice => lang.t("resp-err-column-twice"),
            ListReason::MissingColumns => lang.t("resp-err-missing-columns"),
            ListReason::TooManyRows(n) => lang.t_args(
                "resp-err-too-many-rows",
                &[("n", arg_count(*n)), ("max", arg_count(MAX_ROWS))],
            ),
            ListReason::FieldCount(got, want) => lang.t_args(
                "resp-err-field-count",
                &[("got", arg_count(*got)), ("want", arg_count(*want))],
            ),
            ListReason::NoOrg => lang.t("resp-err-no-org"),
            ListReason::NoEmail => lang.t("resp-err-no-email"),
            ListReason::BadEmail(_) => lang.t("resp-err-bad-email"),
            ListReason::RoleTooLong => lang.t("resp-err-role-too-long"),
            ListReason::NoAddresses => lang.t("resp-err-no-addresses"),
            ListReason::EmptyFile => lang.t("resp-err-empty"),
            ListReason::Unreadable(why) => {
                lang.t_args("resp-err-unreadable", &[("why", arg_text(why))])
            }
            ListReason::UnknownOrg(o) => {
                lang.t_args("resp-err-unknown-org", &[("org", arg_text(o))])
            }
            ListReason::OtherOrg(o) => lang.t_args("resp-err-other-org", &[("org", arg_text(o))]),
        };
        match &self.column {
            Some(c) => lang.t_args(
                "resp-problem-column",
                &[
                    ("line", FluentValue::from(self.line as f64)),
                    ("column", arg_text(c)),
                    ("reason", arg_text(&reason)),
                ],
            ),
            None => lang.t_args(
                "resp-problem-line",
                &[
                    ("line", FluentValue::from(self.line as f64)),
                    ("reason", arg_text(&reason)),
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_journey_is_told_from_the_catalogue() {
        let r = JourneyRefusal::Required(JourneyText::Name);
        assert_eq!(r.explain(Lang::Da), "Udfyld »Navn på forløbet«.");
        let r = JourneyRefusal::TooLong(JourneyText::MomentDanish(2));
        assert_eq!(
            r.explain(Lang::Da),
            "»Øjeblik 2, dansk navn« må højst have 200 tegn."
        );
        let r = JourneyRefusal::Moments(JourneyError::DuplicateMoment("find".into()));
        assert_eq!(r.explain(Lang::En), "The moment \"find\" is there twice.");
    }

    #[test]
    fn a_login_wait_is_told_in_seconds_then_in_whole_minutes() {
        assert!(Refusal::Wait(4_000).explain(Lang::En).contains('4'));
        let long = Refusal::Wait(15 * 60 * 1000).explain(Lang::Da);
        assert!(long.contains("15"), "{long}");
    }
}
