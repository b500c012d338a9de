//! An organisation's stored contact log, summed into cells of (month, channel, service).
//!
//! The web app's channel page, the scenario form and the report's channel section all
//! read this cube instead of the raw rows: a few thousand cells stand for millions of
//! contacts, and every figure on the page (mix over time, digital share, repeat rate per
//! channel and per service, satisfaction and effort per channel, top services, cost,
//! scenarios) is a sum over cells.

use serde::{Deserialize, Serialize};

/// One (month, channel, service) of one organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CubeCell {
    /// "YYYY-MM" in Europe/Copenhagen time.
    pub month: String,
    /// The canonical channel name ([`super::Channel::name`]).
    pub channel: String,
    /// The service; empty when the log did not give one.
    pub service: String,
    pub contacts: u64,
    /// Contacts followed by another of the same (citizen, case) within the window.
    pub repeated: u64,
    /// Satisfaction (1 to 5): answered, sum of answers, answers of 4 or 5.
    pub satisfaction_answered: u64,
    pub satisfaction_sum: u64,
    pub satisfaction_high: u64,
    /// Effort (1 to 7): answered, sum of answers, answers of 5 to 7.
    pub effort_answered: u64,
    pub effort_sum: u64,
    pub effort_high: u64,
}

/// The cube of one organisation, cells sorted by (month, channel, service).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cube {
    pub cells: Vec<CubeCell>,
    /// The repeat window the `repeated` counts used, in seconds.
    pub window_s: i64,
}
