//! Organisations: their kinds and CVR numbers.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgKind {
    Kommune,
    Region,
    Stat,
    Andet,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Kommune,
        OrgKind::Region,
        OrgKind::Stat,
        OrgKind::Andet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Kommune => "kommune",
            OrgKind::Region => "region",
            OrgKind::Stat => "stat",
            OrgKind::Andet => "andet",
        }
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OrgError {
    #[error("unknown organisation kind '{0}' (expected kommune, region, stat or andet)")]
    UnknownKind(String),
    #[error("CVR number '{0}' must be exactly 8 digits")]
    CvrFormat(String),
    #[error("CVR number '{0}' fails the modulus-11 check")]
    CvrChecksum(String),
    #[error("an organisation needs a name")]
    EmptyName,
    #[error("contact e-mail: {0}")]
    ContactEmail(crate::EmailError),
}

impl FromStr for OrgKind {
    type Err = OrgError;
    fn from_str(s: &str) -> Result<Self, OrgError> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| OrgError::UnknownKind(s.to_string()))
    }
}

/// A validated CVR number (the Danish business register number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cvr(String);

impl Cvr {
    /// Checks the modulus-11 rule: weights 2,7,6,5,4,3,2,1 sum to a multiple of 11.
    pub fn parse(s: &str) -> Result<Cvr, OrgError> {
        let s = s.trim();
        let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
        if digits.len() != 8 || s.chars().count() != 8 || digits[0] == 0 {
            return Err(OrgError::CvrFormat(s.to_string()));
        }
        let sum: u32 = digits
            .iter()
            .zip([2, 7, 6, 5, 4, 3, 2, 1])
            .map(|(d, w)| d * w)
            .sum();
        if !sum.is_multiple_of(11) {
            return Err(OrgError::CvrChecksum(s.to_string()));
        }
        Ok(Cvr(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The fields of a new organisation, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOrg {
    pub name: String,
    pub kind: OrgKind,
    pub cvr: Option<Cvr>,
    pub tags: Vec<String>,
    /// Where the organisation's contact account is invited by mail.
    pub contact_email: Option<crate::EmailAddress>,
}

impl NewOrg {
    /// The same, with a contact address (an empty one: none).
    pub fn with_contact_email(mut self, email: Option<&str>) -> Result<NewOrg, OrgError> {
        self.contact_email = match email.map(str::trim).filter(|s| !s.is_empty()) {
            Some(e) => Some(crate::EmailAddress::parse(e).map_err(OrgError::ContactEmail)?),
            None => None,
        };
        Ok(self)
    }

    pub fn parse(
        name: &str,
        kind: &str,
        cvr: Option<&str>,
        tags: &[String],
    ) -> Result<NewOrg, OrgError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(OrgError::EmptyName);
        }
        let cvr = match cvr.map(str::trim).filter(|s| !s.is_empty()) {
            Some(c) => Some(Cvr::parse(c)?),
            None => None,
        };
        let mut tags: Vec<String> = tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        Ok(NewOrg {
            name: name.to_string(),
            kind: kind.parse()?,
            cvr,
            tags,
            contact_email: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_cvr_numbers_pass_modulus_11() {
        // Aarhus Kommune and Københavns Kommune.
        assert!(Cvr::parse("55133018").is_ok());
        assert!(Cvr::parse("64942212").is_ok());
    }

    #[test]
    fn bad_cvr_numbers_are_refused_with_the_reason() {
        assert_eq!(
            Cvr::parse("55133019"),
            Err(OrgError::CvrChecksum("55133019".into()))
        );
        assert_eq!(
            Cvr::parse("5513301"),
            Err(OrgError::CvrFormat("5513301".into()))
        );
        assert_eq!(
            Cvr::parse("5513301x"),
            Err(OrgError::CvrFormat("5513301x".into()))
        );
    }

    #[test]
    fn kinds_parse_and_new_orgs_are_cleaned() {
        assert_eq!("region".parse::<OrgKind>(), Ok(OrgKind::Region));
        assert!("county".parse::<OrgKind>().is_err());
        let o = NewOrg::parse(
            " Aarhus ",
            "kommune",
            Some(""),
            &["b".into(), " a".into(), "b".into()],
        )
        .unwrap();
        assert_eq!(o.name, "Aarhus");
        assert_eq!(o.cvr, None);
        assert_eq!(o.tags, vec!["a", "b"]);
        assert_eq!(
            NewOrg::parse(" ", "kommune", None, &[]),
            Err(OrgError::EmptyName)
        );
    }
}
