//! E-mail addresses as Trappe takes them: from a form, a command line or an imported
//! list, checked the way a mail server would refuse them before any mail is queued.

use std::fmt;

/// Why an address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("'{0}' is not an e-mail address (name@domain.tld)")]
    Format(String),
    #[error("the e-mail address '{0}…' is longer than 254 characters")]
    TooLong(String),
}

/// A checked address: one `@`, a local part of printable ASCII without spaces (or any
/// letters: SMTPUTF8 servers take them), a domain of at least two labels of letters,
/// digits and hyphens. Kept as written (the local part may be case-sensitive); compare
/// with [`EmailAddress::key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(s: &str) -> Result<EmailAddress, EmailError> {
        let s = s.trim();
        if s.chars().count() > 254 {
            return Err(EmailError::TooLong(s.chars().take(40).collect()));
        }
        let bad = || EmailError::Format(s.chars().take(80).collect());
        let (local, domain) = s.rsplit_once('@').ok_or_else(bad)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| {
                (c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c)) && !c.is_control()
            });
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.chars().all(char::is_alphabetic) && tld.len() >= 2);
        if local_ok && domain_ok {
            Ok(EmailAddress(s.to_string()))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address lower-cased, for finding the same person twice in a list (nearly
    /// every server treats the local part without regard to case).
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_addresses_pass_and_are_trimmed() {
        for a in [
            "kim@aarhus.dk",
            " borgerservice@københavn.dk ",
            "first.last+trappe@sub.example.org",
            "søren@kommune.dk",
        ] {
            let e = EmailAddress::parse(a).unwrap();
            assert_eq!(e.as_str(), a.trim());
        }
        assert_eq!(
            EmailAddress::parse("Kim@Aarhus.DK").unwrap().key(),
            "kim@aarhus.dk"
        );
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for a in [
            "",
            "kim",
            "kim@",
            "@aarhus.dk",
            "kim@aarhus",
            "kim@@aarhus.dk",
            "kim aa@aarhus.dk",
            "kim@aar hus.dk",
            "kim@-aarhus.dk",
            "kim@aarhus..dk",
            ".kim@aarhus.dk",
            "ki..m@aarhus.dk",
            "kim@aarhus.d1",
            "kim\n@aarhus.dk",
            "Kim <kim@aarhus.dk>",
        ] {
            assert!(
                matches!(EmailAddress::parse(a), Err(EmailError::Format(_))),
                "{a:?} passed"
            );
        }
        let long = format!("{}@aarhus.dk", "a".repeat(250));
        assert!(matches!(
            EmailAddress::parse(&long),
            Err(EmailError::TooLong(_))
        ));
    }
}
