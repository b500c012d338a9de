//! Usernames: which names are allowed, when two names count as the same, and how any
//! text that reaches a log is bounded.
//!
//! A name is refused when it holds a character nobody can see or type back: control and
//! format characters (Unicode categories Cc and Cf: the zero-width joiner, the
//! right-to-left override, the soft hyphen), line and paragraph separators, spaces
//! other than the plain one, private-use, surrogate and unassigned code points, and the
//! other default-ignorable ones (Hangul fillers, variation selectors). Two names are the
//! same account name when their keys are equal: the key is the UTS #39 skeleton of the
//! lower-cased name, so "Admin" and "admin" clash, and so do "admin" and "аdmin" with a
//! Cyrillic а.

use std::borrow::Cow;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_security::general_security_profile::IdentifierType;
use unicode_security::GeneralSecurityProfile;

/// The longest username, in characters.
pub const MAX_USERNAME_CHARS: usize = 64;

/// Why a username is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsernameProblem {
    /// Empty, or longer than `MAX_USERNAME_CHARS`.
    Length,
    /// It holds an invisible, control or format character.
    Invisible,
}

/// Whether `c` is a character a username must not hold (see the module's head).
pub fn is_invisible(c: char) -> bool {
    use GeneralCategory::*;
    match c.general_category() {
        Control | Format | Surrogate | PrivateUse | Unassigned | LineSeparator
        | ParagraphSeparator => true,
        SpaceSeparator => c != ' ',
        _ => matches!(
            c.identifier_type(),
            Some(IdentifierType::Default_Ignorable | IdentifierType::Not_Character)
        ),
    }
}

/// Why `name` (already trimmed) cannot be a username; None when it can.
pub fn username_problem(name: &str) -> Option<UsernameProblem> {
    let n = name.chars().count();
    if n == 0 || n > MAX_USERNAME_CHARS || name.trim() != name {
        Some(UsernameProblem::Length)
    } else if name.chars().any(is_invisible) {
        Some(UsernameProblem::Invisible)
    } else {
        None
    }
}

/// The key two names are compared by: the UTS #39 skeleton of the lower-cased name.
/// Equal keys mean the names look alike (or differ only in case).
pub fn username_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    unicode_security::skeleton(&lower).collect()
}

/// Marks text cut by `clip`.
pub const CLIPPED: char = '…';

/// `s` cut to at most `max` characters, the last of them `CLIPPED` when anything was cut.
pub fn clip(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some(_) => {
            let keep = max.saturating_sub(1);
            let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
            Cow::Owned(format!("{}{CLIPPED}", &s[..end]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_control_characters_are_refused() {
        for bad in [
            "ad\u{200D}min",  // zero-width joiner
            "ad\u{200B}min",  // zero-width space
            "admin\u{202E}",  // right-to-left override
            "ad\u{00AD}min",  // soft hyphen
            "ad\u{0007}min",  // bell
            "ad\nmin",        // line feed
            "ad\u{2028}min",  // line separator
            "ad\u{00A0}min",  // no-break space
            "ad\u{3164}min",  // Hangul filler
            "ad\u{FE0F}min",  // variation selector
            "ad\u{E000}min",  // private use
            "ad\u{E0061}min", // tag letter
        ] {
            assert_eq!(
                username_problem(bad),
                Some(UsernameProblem::Invisible),
                "{bad:?}"
            );
        }
        for good in [
            "admin",
            "Kim Larsen",
            "søren.østergaard@kommune.dk",
            "ærø-2",
            "محمد",
            "李",
        ] {
            assert_eq!(username_problem(good), None, "{good:?}");
        }
        assert_eq!(username_problem(""), Some(UsernameProblem::Length));
        assert_eq!(username_problem(" kim"), Some(UsernameProblem::Length));
        assert_eq!(
            username_problem(&"a".repeat(65)),
            Some(UsernameProblem::Length)
        );
        assert_eq!(username_problem(&"å".repeat(64)), None);
    }

    #[test]
    fn case_and_look_alikes_share_a_key() {
        let admin = username_key("admin");
        assert_eq!(username_key("Admin"), admin);
        assert_eq!(username_key("ADMIN"), admin);
        assert_eq!(username_key("\u{0430}dmin"), admin, "Cyrillic а");
        assert_eq!(username_key("adm\u{0456}n"), admin, "Cyrillic і");
        assert_ne!(username_key("admins"), admin);
        assert_ne!(username_key("kim"), username_key("kin"));
        // Composed and decomposed å are one name.
        assert_eq!(username_key("s\u{00E5}ren"), username_key("sa\u{030A}ren"));
    }

    #[test]
    fn clip_bounds_and_marks() {
        assert_eq!(clip("kim", 64), "kim");
        assert_eq!(clip(&"x".repeat(64), 64).chars().count(), 64);
        let long = "æ".repeat(1_900_000);
        let c = clip(&long, 64);
        assert_eq!(c.chars().count(), 64);
        assert!(c.ends_with(CLIPPED) && c.starts_with("ææ"));
    }
}
