//! Contact logs and their channel metrics (issue 4): one row per contact of a citizen
//! with an organisation, in the canonical columns
//! `contact_id,org_id,timestamp,channel,service,citizen_key,case_key,duration_s,resolved,satisfaction,effort`.
//!
//! - [`time`]: timestamps and months in Europe/Copenhagen time.
//! - [`parse`]: delimiter and encoding detection, the column mapping, one CSV record to
//!   a [`parse::Row`] with precise per-field errors.
//! - [`reader`]: a text file's head (header, encoding, delimiter, where the rows start),
//!   the CSV reader, and the block reader that cuts the rows for parsing threads.
//! - [`guess`]: the upload's suggested column and channel mapping.
//! - [`metrics`]: the accumulators (channel mix, digital share by month, repeat contacts,
//!   satisfaction and effort), built per thread, merged, and finished into a [`Report`].
//!
//! Pure code over bytes and readers: opening files and threads belong to the caller.

pub mod channel_page;
pub mod cube;
pub mod guess;
pub mod import;
pub mod metrics;
pub mod parse;
pub mod reader;
pub mod time;
pub mod xlsx;

pub use cube::{
    build_cube, group_of, Cube, CubeBuilder, CubeCell, CubeRow, LogEntry, LOG_ENTRY_BYTES,
};
pub use guess::{guess_channel, guess_column, guess_date_order};
pub use metrics::{
    analyze_lines, analyze_records, count_repeats, merge, report_of, Merged, Partial, Report,
    BUCKETS, DEFAULT_WINDOW_S,
};
pub use parse::{
    looks_like_cpr, sniff, Column, Encoding, Fields, HeaderError, Layout, Mapping, Reason,
    RefusalGroup, RefusalGroups, Row, RowError, RowParser, Sniff, GROUP_EXAMPLES,
};
pub use reader::{
    check_width, csv_reader, read_blocks, read_head, BlockError, Head, HeadError, TextBlock,
    SAMPLE_BYTES,
};

use std::fmt;

/// The channels of the seed's channel list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Phone,
    Web,
    Selfservice,
    DigitalPost,
    Email,
    Chat,
    FrontDesk,
    Letter,
    Sms,
    Social,
    Video,
    App,
    /// A planned meeting with a caseworker (not the citizen service desk).
    Meeting,
    /// Information material and signposting.
    Information,
}

impl Channel {
    // New channels go at the end: a channel's index is stored in cubes.
    pub const COUNT: usize = 14;
    pub const ALL: [Channel; 14] = [
        Channel::Phone,
        Channel::Web,
        Channel::Selfservice,
        Channel::DigitalPost,
        Channel::Email,
        Channel::Chat,
        Channel::FrontDesk,
        Channel::Letter,
        Channel::Sms,
        Channel::Social,
        Channel::Video,
        Channel::App,
        Channel::Meeting,
        Channel::Information,
    ];

    /// The canonical (file and JSON) name.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Web => "web",
            Channel::Selfservice => "selfservice",
            Channel::DigitalPost => "digital_post",
            Channel::Email => "email",
            Channel::Chat => "chat",
            Channel::FrontDesk => "front_desk",
            Channel::Letter => "letter",
            Channel::Sms => "sms",
            Channel::Social => "social",
            Channel::Video => "video",
            Channel::App => "app",
            Channel::Meeting => "meeting",
            Channel::Information => "information",
        }
    }

    /// Digital: everything but phone, front desk, letter, meeting and information.
    pub fn is_digital(self) -> bool {
        !matches!(
            self,
            Channel::Phone
                | Channel::FrontDesk
                | Channel::Letter
                | Channel::Meeting
                | Channel::Information
        )
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// A canonical name, in any ASCII case.
    pub fn from_name(s: &[u8]) -> Option<Channel> {
        // exact lower case first: the common case in canonical files
        let exact = match s {
            b"phone" => Some(Channel::Phone),
            b"web" => Some(Channel::Web),
            b"selfservice" => Some(Channel::Selfservice),
            b"digital_post" => Some(Channel::DigitalPost),
            b"email" => Some(Channel::Email),
            b"chat" => Some(Channel::Chat),
            b"front_desk" => Some(Channel::FrontDesk),
            b"letter" => Some(Channel::Letter),
            b"sms" => Some(Channel::Sms),
            b"social" => Some(Channel::Social),
            b"video" => Some(Channel::Video),
            b"app" => Some(Channel::App),
            b"meeting" => Some(Channel::Meeting),
            b"information" => Some(Channel::Information),
            _ => None,
        };
        exact.or_else(|| {
            Channel::ALL
                .into_iter()
                .find(|c| c.name().as_bytes().eq_ignore_ascii_case(s))
        })
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fast 64-bit hash of byte strings (wyhash-style multiply-mix), used for group ids
/// of (org, citizen_key, case_key) and for interning. Not keyed: fine for tables that
/// live for one analysis.
#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let r = (a as u128).wrapping_mul(b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// Eight bytes of `b` from `at` (which must leave 8 bytes), as a number.
#[inline]
pub(crate) fn load8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[inline]
fn load4(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w) as u64
}

/// Up to 7 bytes as a number, with no library call (distinct for distinct contents of
/// the same length).
#[inline]
pub(crate) fn load_short(b: &[u8]) -> u64 {
    match b.len() {
        0 => 0,
        1..=3 => ((b[0] as u64) << 16) | ((b[b.len() / 2] as u64) << 8) | b[b.len() - 1] as u64,
        _ => (load4(b, 0) << 32) | load4(b, b.len() - 4),
    }
}

/// Hashes `bytes` into the running state `h`.
#[inline]
pub fn hash_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    let mut rest = bytes;
    while rest.len() >= 8 {
        h = mix(h ^ load8(rest, 0) ^ P1, P0);
        rest = &rest[8..];
    }
    mix(h ^ load_short(rest) ^ P2, P0 ^ (bytes.len() as u64))
}

/// Hashes several byte strings (their lengths included, so ("ab","c") != ("a","bc")).
#[inline]
pub fn hash_parts(parts: &[&[u8]]) -> u64 {
    let mut h = P2;
    for p in parts {
        h = hash_bytes(h, p);
    }
    mix(h ^ P0, P1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_by_name_and_digital() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_name(c.name().as_bytes()), Some(c));
            assert_eq!(
                Channel::from_name(c.name().to_uppercase().as_bytes()),
                Some(c)
            );
        }
        assert_eq!(Channel::from_name(b"telefon"), None);
        let not_digital: Vec<_> = Channel::ALL
            .into_iter()
            .filter(|c| !c.is_digital())
            .map(Channel::name)
            .collect();
        assert_eq!(
            not_digital,
            ["phone", "front_desk", "letter", "meeting", "information"]
        );
    }

    #[test]
    fn hashes_separate_parts() {
        assert_ne!(hash_parts(&[b"ab", b"c"]), hash_parts(&[b"a", b"bc"]));
        assert_ne!(hash_parts(&[b"", b"x"]), hash_parts(&[b"x", b""]));
        assert_eq!(
            hash_parts(&[b"K101", b"abc"]),
            hash_parts(&[b"K101", b"abc"])
        );
    }
}
