//! The figures of an organisation's channel page, derived from its [`Cube`] with the
//! organisation's prices and targets: the channel mix per month, the digital share per
//! month against the targets, repeat contacts per channel and per service, satisfaction
//! and effort per channel, the most-contacted services with their channels, cost per
//! month and in total, and the channel-shift scenario.
//!
//! Rules:
//! - A channel without a price has no cost: none is assumed. Costs sum the priced
//!   channels only, and say how many contacts they leave out.
//! - Satisfaction and effort are shown only from [`MIN_ANSWERS`] answers on: below that
//!   a mean could point at the few citizens who answered.
//! - A target for a digital channel or for digital in total is a floor (at least that
//!   share); a target for phone, front desk or letter is a ceiling (at most that share).
//!   It is judged on the latest month of the log.

use super::cube::Cube;
use super::Channel;
use std::collections::{BTreeMap, HashMap};

/// Fewest answers a satisfaction or effort figure is shown for.
pub const MIN_ANSWERS: u64 = 5;

/// The organisation's price per contact in kroner, per channel (index [`Channel::index`]);
/// `None` where it has set none.
pub type Prices = [Option<f64>; Channel::COUNT];

/// What a target is about: the digital share in total, or one channel's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetScope {
    Digital,
    Channel(Channel),
}

impl TargetScope {
    /// `digital` or a canonical channel name.
    pub fn name(self) -> &'static str {
        match self {
            TargetScope::Digital => "digital",
            TargetScope::Channel(c) => c.name(),
        }
    }

    pub fn parse(s: &str) -> Option<TargetScope> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("digital") {
            return Some(TargetScope::Digital);
        }
        Channel::from_name(s.as_bytes()).map(TargetScope::Channel)
    }

    /// A floor (at least) for digital and digital channels, a ceiling (at most) for
    /// phone, front desk and letter.
    pub fn at_least(self) -> bool {
        match self {
            TargetScope::Digital => true,
            TargetScope::Channel(c) => c.is_digital(),
        }
    }
}

/// A target share (0 to 1) to reach by a date (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub scope: TargetScope,
    pub share: f64,
    pub due: String,
}

/// The highest price per contact a form takes, in kroner.
pub const MAX_PRICE: f64 = 1_000_000.0;

/// Why a price or a target is refused, by the form field at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingError {
    #[error("price for {channel}: '{text}' is not a number of kroner from 0 to 1000000")]
    Price { channel: Channel, text: String },
    #[error("target share: '{0}' is not a percentage from 0 to 100")]
    Share(String),
    #[error("target date: '{0}' is not a date written YYYY-MM-DD")]
    Due(String),
    #[error("target: '{0}' is neither 'digital' nor a channel")]
    Scope(String),
}

impl SettingError {
    /// The form field the error belongs next to.
    pub fn field(&self) -> String {
        match self {
            SettingError::Price { channel, .. } => format!("price_{}", channel.name()),
            SettingError::Share(_) => "share".into(),
            SettingError::Due(_) => "due".into(),
            SettingError::Scope(_) => "scope".into(),
        }
    }
}

/// A decimal number as people type it: `.` or `,` as the decimal separator, spaces
/// around it allowed, no thousands separators.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || s.len() > 32 || s.matches(['.', ',']).count() > 1 {
        return None;
    }
    if !s
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b'.' || b == b',' || (i == 0 && b == b'-'))
    {
        return None;
    }
    s.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// A price typed for `channel`: empty means no price.
pub fn parse_price(channel: Channel, text: &str) -> Result<Option<f64>, SettingError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match parse_decimal(text) {
        Some(p) if (0.0..=MAX_PRICE).contains(&p) => Ok(Some(p)),
        _ => Err(SettingError::Price {
            channel,
            text: text.to_string(),
        }),
    }
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD` (years 1900 to 2999).
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[r].parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2999).contains(&y) && (1..=days).contains(&d)
}

impl Target {
    /// A target from a form: the scope's name, a percentage (0 to 100, decimal comma
    /// allowed) and a due date.
    pub fn from_form(scope: &str, percent: &str, due: &str) -> Result<Target, SettingError> {
        let scope =
            TargetScope::parse(scope).ok_or_else(|| SettingError::Scope(scope.to_string()))?;
        let share = parse_decimal(percent)
            .filter(|p| (0.0..=100.0).contains(p))
            .ok_or_else(|| SettingError::Share(percent.to_string()))?;
        let due = due.trim();
        if !valid_date(due) {
            return Err(SettingError::Due(due.to_string()));
        }
        Ok(Target {
            scope,
            share: share / 100.0,
            due: due.to_string(),
        })
    }
}

/// Answers on a scale: how many, their mean and the share of high ones (CSAT's 4 and 5
/// of 5; effort's 5 to 7 of 7). Mean and share are `None` below [`MIN_ANSWERS`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rating {
    pub answered: u64,
    pub mean: Option<f64>,
    pub high_share: Option<f64>,
}

impl Rating {
    fn of(answered: u64, sum: u64, high: u64) -> Rating {
        let shown = answered >= MIN_ANSWERS;
        Rating {
            answered,
            mean: shown.then(|| sum as f64 / answered as f64),
            high_share: shown.then(|| high as f64 / answered as f64),
        }
    }

    /// Some answers, but fewer than [`MIN_ANSWERS`].
    pub fn too_few(&self) -> bool {
        self.answered > 0 && self.answered < MIN_ANSWERS
    }
}

/// Sums of a group of cells.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    contacts: u64,
    repeated: u64,
    /// Contacts with both keys; `unknown_keys`: a cell that did not count them.
    keyed: u64,
    unknown_keys: bool,
    sat: [u64; 3],
    eff: [u64; 3],
}

impl Sums {
    fn add(&mut self, c: &super::CubeCell) {
        self.contacts += c.contacts;
        self.repeated += c.repeated;
        match c.keyed {
            Some(k) => self.keyed += k,
            None => self.unknown_keys = true,
        }
        self.sat[0] += c.satisfaction_answered;
        self.sat[1] += c.satisfaction_sum;
        self.sat[2] += c.satisfaction_high;
        self.eff[0] += c.effort_answered;
        self.eff[1] += c.effort_sum;
        self.eff[2] += c.effort_high;
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Sums {
    /// The repeat rate: `None` when no contact had both keys (it cannot be computed:
    /// a repeat is a contact followed by another of the same citizen and case).
    fn repeat_rate(&self) -> Option<f64> {
        if self.keyed == 0 && !self.unknown_keys {
            return None;
        }
        ratio(self.repeated, self.contacts)
    }
}

/// One month of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthLine {
    /// "YYYY-MM", Europe/Copenhagen.
    pub month: String,
    pub contacts: u64,
    /// Contacts per channel, by [`Channel::index`].
    pub by_channel: [u64; Channel::COUNT],
    pub digital: u64,
    pub digital_share: Option<f64>,
    /// Contacts times price over the priced channels; `None` when no channel has a price.
    pub cost: Option<f64>,
    /// Contacts on channels without a price (left out of `cost`).
    pub unpriced_contacts: u64,
}

/// One channel over the whole log.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelLine {
    pub channel: Channel,
    pub contacts: u64,
    /// Of all the organisation's contacts.
    pub share: f64,
    /// Contacts followed by another of the same citizen and case within the window.
    pub repeated: u64,
    /// `None` when it cannot be computed: no contact of the channel had both keys.
    pub repeat_rate: Option<f64>,
    pub satisfaction: Rating,
    pub effort: Rating,
    pub price: Option<f64>,
    pub cost: Option<f64>,
}

/// One service over the whole log, with its contacts per channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLine {
    /// Empty when the log gave none.
    pub service: String,
    pub contacts: u64,
    pub by_channel: [u64; Channel::COUNT],
    pub repeated: u64,
    /// `None` when it cannot be computed (no contact with both keys).
    pub repeat_rate: Option<f64>,
    pub satisfaction: Rating,
    pub effort: Rating,
}

impl ServiceLine {
    /// The service's channels with contacts, most used first.
    pub fn channels(&self) -> Vec<(Channel, u64)> {
        let mut v: Vec<(Channel, u64)> = Channel::ALL
            .into_iter()
            .map(|c| (c, self.by_channel[c.index()]))
            .filter(|(_, n)| *n > 0)
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// A target and where the latest month stands.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetLine {
    pub target: Target,
    /// The latest month of the log, and its share for the target's scope.
    pub month: Option<String>,
    pub actual: Option<f64>,
    /// Reached in the latest month (at least, or at most: [`TargetScope::at_least`]).
    pub met: Option<bool>,
}

/// Everything the channel page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelPage {
    /// Oldest first.
    pub months: Vec<MonthLine>,
    /// Channels with contacts, most used first.
    pub channels: Vec<ChannelLine>,
    /// Services, most contacted first (then by name).
    pub services: Vec<ServiceLine>,
    pub contacts: u64,
    pub digital: u64,
    pub digital_share: Option<f64>,
    pub repeated: u64,
    /// `None` without contacts, or when no contact had both a citizen and a case key
    /// (see `keyed`).
    pub repeat_rate: Option<f64>,
    /// Contacts with both keys (`None`: a cube stored before they were counted).
    pub keyed: Option<u64>,
    /// Answers to satisfaction and to effort over the whole log: with none, neither
    /// can be computed.
    pub satisfaction_answered: u64,
    pub effort_answered: u64,
    /// Over the priced channels; `None` when no channel has a price.
    pub cost: Option<f64>,
    /// Channels with contacts but no price.
    pub unpriced: Vec<Channel>,
    pub unpriced_contacts: u64,
    pub targets: Vec<TargetLine>,
    /// The repeat window, in seconds.
    pub window_s: i64,
}

impl ChannelPage {
    /// The page of `cube`. Cells of a channel this build does not know are left out.
    pub fn new(cube: &Cube, prices: &Prices, targets: &[Target]) -> ChannelPage {
        let mut months: BTreeMap<&str, [u64; Channel::COUNT]> = BTreeMap::new();
        let mut channels = [Sums::default(); Channel::COUNT];
        let mut services: HashMap<&str, (Sums, [u64; Channel::COUNT])> = HashMap::new();
        for cell in &cube.cells {
            let Some(ch) = Channel::from_name(cell.channel.as_bytes()) else {
                continue;
            };
            months.entry(cell.month.as_str()).or_default()[ch.index()] += cell.contacts;
            channels[ch.index()].add(cell);
            let s = services.entry(cell.service.as_str()).or_default();
            s.0.add(cell);
            s.1[ch.index()] += cell.contacts;
        }
        let any_price = prices.iter().any(Option::is_some);
        let cost_of = |by_channel: &[u64; Channel::COUNT]| -> (Option<f64>, u64) {
            let mut cost = 0.0;
            let mut unpriced = 0;
            for c in Channel::ALL {
                let n = by_channel[c.index()];
                match prices[c.index()] {
                    Some(p) => cost += n as f64 * p,
                    None => unpriced += n,
                }
            }
            (any_price.then_some(cost), unpriced)
        };
        let digital_of = |by_channel: &[u64; Channel::COUNT]| -> u64 {
            Channel::ALL
                .into_iter()
                .filter(|c| c.is_digital())
                .map(|c| by_channel[c.index()])
                .sum()
        };
        let month_lines: Vec<MonthLine> = months
            .into_iter()
            .map(|(month, by_channel)| {
                let contacts = by_channel.iter().sum();
                let digital = digital_of(&by_channel);
                let (cost, unpriced_contacts) = cost_of(&by_channel);
                MonthLine {
                    month: month.to_string(),
                    contacts,
                    by_channel,
                    digital,
                    digital_share: ratio(digital, contacts),
                    cost,
                    unpriced_contacts,
                }
            })
            .collect();
        let totals: [u64; Channel::COUNT] = std::array::from_fn(|i| channels[i].contacts);
        let contacts: u64 = totals.iter().sum();
        let digital = digital_of(&totals);
        let (cost, unpriced_contacts) = cost_of(&totals);
        let repeated: u64 = channels.iter().map(|s| s.repeated).sum();
        let mut all = Sums::default();
        for s in &channels {
            all.contacts += s.contacts;
            all.repeated += s.repeated;
            all.keyed += s.keyed;
            all.unknown_keys |= s.unknown_keys;
            all.sat[0] += s.sat[0];
            all.eff[0] += s.eff[0];
        }
        let mut channel_lines: Vec<ChannelLine> = Channel::ALL
            .into_iter()
            .filter(|c| channels[c.index()].contacts > 0)
            .map(|c| {
                let s = &channels[c.index()];
                let price = prices[c.index()];
                ChannelLine {
                    channel: c,
                    contacts: s.contacts,
                    share: s.contacts as f64 / contacts as f64,
                    repeated: s.repeated,
                    repeat_rate: s.repeat_rate(),
                    satisfaction: Rating::of(s.sat[0], s.sat[1], s.sat[2]),
                    effort: Rating::of(s.eff[0], s.eff[1], s.eff[2]),
                    price,
                    cost: price.map(|p| s.contacts as f64 * p),
                }
            })
            .collect();
        channel_lines.sort_by(|a, b| b.contacts.cmp(&a.contacts).then(a.channel.cmp(&b.channel)));
        let mut service_lines: Vec<ServiceLine> = services
            .into_iter()
            .filter(|(_, (s, _))| s.contacts > 0)
            .map(|(name, (s, by_channel))| ServiceLine {
                service: name.to_string(),
                contacts: s.contacts,
                by_channel,
                repeated: s.repeated,
                repeat_rate: s.repeat_rate(),
                satisfaction: Rating::of(s.sat[0], s.sat[1], s.sat[2]),
                effort: Rating::of(s.eff[0], s.eff[1], s.eff[2]),
            })
            .collect();
        service_lines.sort_by(|a, b| {
            b.contacts
                .cmp(&a.contacts)
                .then_with(|| a.service.cmp(&b.service))
        });
        let latest = month_lines.last();
        let target_lines = targets
            .iter()
            .map(|t| {
                let actual = latest.and_then(|m| match t.scope {
                    TargetScope::Digital => m.digital_share,
                    TargetScope::Channel(c) => ratio(m.by_channel[c.index()], m.contacts),
                });
                TargetLine {
                    target: t.clone(),
                    month: latest.map(|m| m.month.clone()),
                    actual,
                    met: actual.map(|a| {
                        if t.scope.at_least() {
                            a >= t.share - 1e-12
                        } else {
                            a <= t.share + 1e-12
                        }
                    }),
                }
            })
            .collect();
        ChannelPage {
            unpriced: channel_lines
                .iter()
                .filter(|l| l.price.is_none())
                .map(|l| l.channel)
                .collect(),
            months: month_lines,
            channels: channel_lines,
            services: service_lines,
            contacts,
            digital,
            digital_share: ratio(digital, contacts),
            repeated,
            repeat_rate: all.repeat_rate(),
            keyed: (!all.unknown_keys).then_some(all.keyed),
            satisfaction_answered: all.sat[0],
            effort_answered: all.eff[0],
            cost,
            unpriced_contacts,
            targets: target_lines,
            window_s: cube.window_s,
        }
    }

    /// The digital share's change from the first to the latest month, in points of share
    /// (0.05 is five percentage points); `None` with fewer than two months.
    pub fn digital_trend(&self) -> Option<f64> {
        if self.months.len() < 2 {
            return None;
        }
        let first = self.months.first()?.digital_share?;
        let last = self.months.last()?.digital_share?;
        Some(last - first)
    }

    /// The `n` most used channels.
    pub fn top_channels(&self, n: usize) -> &[ChannelLine] {
        &self.channels[..n.min(self.channels.len())]
    }
}

/// A channel shift: move `percent` % of channel `from`'s contacts about `services` (all
/// services when empty) to channel `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub from: Channel,
    pub to: Channel,
    pub percent: f64,
    pub services: Vec<String>,
}

/// Why a scenario cannot be worked out, by the form field at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    #[error("the channels to move from and to are the same")]
    SameChannel,
    #[error("the share to move must be a number from 0 to 100, not {0}")]
    Percent(f64),
    #[error("unknown service '{0}'")]
    UnknownService(String),
    #[error("no contacts on channel {0} for the chosen services")]
    NothingToMove(Channel),
}

impl ScenarioError {
    /// The form field the error belongs next to.
    pub fn field(&self) -> &'static str {
        match self {
            ScenarioError::SameChannel => "to",
            ScenarioError::Percent(_) => "percent",
            ScenarioError::UnknownService(_) => "service",
            ScenarioError::NothingToMove(_) => "from",
        }
    }
}

/// Contacts, cost and digital share on one side of a scenario (contacts may be
/// fractional after a move of a percentage).
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSide {
    pub by_channel: [f64; Channel::COUNT],
    pub contacts: f64,
    pub digital_share: Option<f64>,
    /// Over the priced channels; `None` when no channel has a price, and after the move
    /// also when `from` or `to` has none (the move's cost is then unknown).
    pub cost: Option<f64>,
}

impl ScenarioSide {
    fn of(by_channel: [f64; Channel::COUNT], prices: &Prices, cost_known: bool) -> ScenarioSide {
        let contacts: f64 = by_channel.iter().sum();
        let digital: f64 = Channel::ALL
            .into_iter()
            .filter(|c| c.is_digital())
            .map(|c| by_channel[c.index()])
            .sum();
        let any_price = prices.iter().any(Option::is_some);
        let cost = (any_price && cost_known).then(|| {
            Channel::ALL
                .into_iter()
                .filter_map(|c| prices[c.index()].map(|p| p * by_channel[c.index()]))
                .sum()
        });
        ScenarioSide {
            by_channel,
            contacts,
            digital_share: (contacts > 0.0).then(|| digital / contacts),
            cost,
        }
    }
}

/// A scenario worked out over the whole log.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioResult {
    pub scenario: Scenario,
    /// Contacts moved from `from` to `to`.
    pub moved: f64,
    pub before: ScenarioSide,
    pub after: ScenarioSide,
    /// `from` or `to` without a price: the change in cost is unknown.
    pub missing_prices: Vec<Channel>,
}

impl ScenarioResult {
    /// Before minus after (positive: a saving); `None` when either cost is unknown.
    pub fn saving(&self) -> Option<f64> {
        Some(self.before.cost? - self.after.cost?)
    }
}

/// Works out `s` on the whole log of `cube`.
pub fn scenario(
    cube: &Cube,
    prices: &Prices,
    s: &Scenario,
) -> Result<ScenarioResult, ScenarioError> {
    if s.from == s.to {
        return Err(ScenarioError::SameChannel);
    }
    if !(0.0..=100.0).contains(&s.percent) {
        return Err(ScenarioError::Percent(s.percent));
    }
    let known: std::collections::HashSet<&str> =
        cube.cells.iter().map(|c| c.service.as_str()).collect();
    if let Some(bad) = s.services.iter().find(|x| !known.contains(x.as_str())) {
        return Err(ScenarioError::UnknownService(bad.clone()));
    }
    let chosen = |service: &str| s.services.is_empty() || s.services.iter().any(|x| x == service);
    let mut before = [0.0; Channel::COUNT];
    let mut movable = 0u64;
    for cell in &cube.cells {
        let Some(ch) = Channel::from_name(cell.channel.as_bytes()) else {
            continue;
        };
        before[ch.index()] += cell.contacts as f64;
        if ch == s.from && chosen(&cell.service) {
            movable += cell.contacts;
        }
    }
    if movable == 0 {
        return Err(ScenarioError::NothingToMove(s.from));
    }
    let moved = movable as f64 * s.percent / 100.0;
    let mut after = before;
    after[s.from.index()] -= moved;
    after[s.to.index()] += moved;
    let missing_prices: Vec<Channel> = [s.from, s.to]
        .into_iter()
        .filter(|c| prices[c.index()].is_none())
        .collect();
    Ok(ScenarioResult {
        scenario: s.clone(),
        moved,
        before: ScenarioSide::of(before, prices, true),
        after: ScenarioSide::of(after, prices, missing_prices.is_empty()),
        missing_prices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::CubeCell;

    #[allow(clippy::too_many_arguments)]
    fn cell(
        month: &str,
        channel: &str,
        service: &str,
        contacts: u64,
        repeated: u64,
        sat: (u64, u64, u64),
        eff: (u64, u64, u64),
    ) -> CubeCell {
        CubeCell {
            month: month.into(),
            channel: channel.into(),
            service: service.into(),
            contacts,
            repeated,
            keyed: Some(contacts),
            satisfaction_answered: sat.0,
            satisfaction_sum: sat.1,
            satisfaction_high: sat.2,
            effort_answered: eff.0,
            effort_sum: eff.1,
            effort_high: eff.2,
        }
    }

    /// Two months, three channels, two services:
    ///
    /// | month   | channel     | service  | contacts | repeated |
    /// | 2025-01 | phone       | Pas      | 60       | 12       |
    /// | 2025-01 | selfservice | Pas      | 30       | 3        |
    /// | 2025-01 | phone       | Flytning | 10       | 0        |
    /// | 2025-02 | phone       | Pas      | 40       | 4        |
    /// | 2025-02 | selfservice | Pas      | 50       | 5        |
    /// | 2025-02 | front_desk  | Flytning | 10       | 6        |
    fn cube() -> Cube {
        Cube {
            window_s: 604_800,
            cells: vec![
                cell("2025-01", "phone", "Flytning", 10, 0, (2, 6, 0), (0, 0, 0)),
                cell("2025-01", "phone", "Pas", 60, 12, (4, 12, 1), (4, 20, 3)),
                cell(
                    "2025-01",
                    "selfservice",
                    "Pas",
                    30,
                    3,
                    (10, 45, 9),
                    (10, 20, 0),
                ),
                cell(
                    "2025-02",
                    "front_desk",
                    "Flytning",
                    10,
                    6,
                    (0, 0, 0),
                    (0, 0, 0),
                ),
                cell("2025-02", "phone", "Pas", 40, 4, (0, 0, 0), (2, 12, 2)),
                cell("2025-02", "selfservice", "Pas", 50, 5, (0, 0, 0), (0, 0, 0)),
            ],
        }
    }

    fn prices(p: &[(Channel, f64)]) -> Prices {
        let mut out = [None; Channel::COUNT];
        for (c, v) in p {
            out[c.index()] = Some(*v);
        }
        out
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn mix_digital_share_and_repeats_by_hand() {
        let p = ChannelPage::new(&cube(), &[None; Channel::COUNT], &[]);
        assert_eq!(p.contacts, 200);
        assert_eq!(p.months.len(), 2);
        let jan = &p.months[0];
        assert_eq!(jan.month, "2025-01");
        assert_eq!(jan.contacts, 100);
        assert_eq!(jan.by_channel[Channel::Phone.index()], 70);
        assert_eq!(jan.by_channel[Channel::Selfservice.index()], 30);
        assert_eq!(jan.digital, 30);
        assert_eq!(jan.digital_share, Some(0.3));
        let feb = &p.months[1];
        assert_eq!((feb.contacts, feb.digital), (100, 50));
        assert_eq!(feb.digital_share, Some(0.5));
        // 80 of 200 digital over the whole log; 0.3 -> 0.5 is 20 points up.
        assert_eq!(p.digital_share, Some(0.4));
        assert!(close(p.digital_trend().unwrap(), 0.2));
        // Channels most used first: phone 110, selfservice 80, front desk 10.
        let order: Vec<Channel> = p.channels.iter().map(|c| c.channel).collect();
        assert_eq!(
            order,
            [Channel::Phone, Channel::Selfservice, Channel::FrontDesk]
        );
        let phone = &p.channels[0];
        assert_eq!((phone.contacts, phone.repeated), (110, 16));
        assert!(close(phone.share, 0.55));
        assert!(close(phone.repeat_rate.unwrap(), 16.0 / 110.0));
        assert!(close(p.channels[2].repeat_rate.unwrap(), 0.6));
        assert_eq!(p.repeated, 30);
        assert_eq!(p.repeat_rate, Some(0.15));
        // Services: Pas 180 contacts (phone 100, selfservice 80), Flytning 20.
        assert_eq!(p.services[0].service, "Pas");
        assert_eq!(p.services[0].contacts, 180);
        assert_eq!(
            p.services[0].channels(),
            vec![(Channel::Phone, 100), (Channel::Selfservice, 80)]
        );
        assert_eq!(p.services[0].repeated, 24);
        assert!(close(p.services[1].repeat_rate.unwrap(), 6.0 / 20.0));
        assert_eq!(p.top_channels(2).len(), 2);
        assert_eq!(p.top_channels(9).len(), 3);
    }

    #[test]
    fn without_keys_or_answers_the_figures_are_unknown_not_zero() {
        let mut c = cube();
        for cell in &mut c.cells {
            cell.keyed = Some(0);
            cell.repeated = 0;
            cell.satisfaction_answered = 0;
            cell.effort_answered = 0;
        }
        let p = ChannelPage::new(&c, &[None; Channel::COUNT], &[]);
        assert_eq!(p.repeat_rate, None);
        assert_eq!(p.keyed, Some(0));
        assert!(p.channels.iter().all(|l| l.repeat_rate.is_none()));
        assert!(p.services.iter().all(|l| l.repeat_rate.is_none()));
        assert_eq!((p.satisfaction_answered, p.effort_answered), (0, 0));
        // One keyed contact: computable, even at 0 %.
        c.cells[0].keyed = Some(1);
        let p = ChannelPage::new(&c, &[None; Channel::COUNT], &[]);
        assert_eq!(p.repeat_rate, Some(0.0));
        // A cube stored before keys were counted: computable as before.
        for cell in &mut c.cells {
            cell.keyed = None;
        }
        let p = ChannelPage::new(&c, &[None; Channel::COUNT], &[]);
        assert_eq!(p.repeat_rate, Some(0.0));
        assert_eq!(p.keyed, None);
    }

    #[test]
    fn satisfaction_and_effort_per_channel_with_the_minimum_of_answers() {
        let p = ChannelPage::new(&cube(), &[None; Channel::COUNT], &[]);
        let phone = &p.channels[0];
        // Phone: 2 + 4 = 6 answers summing 18, one of 4 or 5: mean 3, CSAT 1/6.
        assert_eq!(phone.satisfaction.answered, 6);
        assert_eq!(phone.satisfaction.mean, Some(3.0));
        assert!(close(phone.satisfaction.high_share.unwrap(), 1.0 / 6.0));
        // Effort: 4 + 2 = 6 answers summing 32, five of 5 to 7.
        assert!(close(phone.effort.mean.unwrap(), 32.0 / 6.0));
        assert!(close(phone.effort.high_share.unwrap(), 5.0 / 6.0));
        let selfservice = &p.channels[1];
        assert_eq!(selfservice.satisfaction.mean, Some(4.5));
        assert_eq!(selfservice.satisfaction.high_share, Some(0.9));
        assert_eq!(selfservice.effort.mean, Some(2.0));
        assert_eq!(selfservice.effort.high_share, Some(0.0));
        // Front desk: no answers at all; Flytning: 2 answers, too few to show.
        let front = &p.channels[2];
        assert_eq!(front.satisfaction, Rating::default());
        assert!(!front.satisfaction.too_few());
        let moving = &p.services[1];
        assert_eq!(moving.satisfaction.answered, 2);
        assert!(moving.satisfaction.too_few());
        assert_eq!(moving.satisfaction.mean, None);
    }

    #[test]
    fn cost_counts_priced_channels_only() {
        let none = ChannelPage::new(&cube(), &[None; Channel::COUNT], &[]);
        assert_eq!(none.cost, None);
        assert_eq!(none.months[0].cost, None);
        assert_eq!(none.unpriced.len(), 3);
        // Phone 50 kr, selfservice 5 kr, front desk unpriced.
        let pr = prices(&[(Channel::Phone, 50.0), (Channel::Selfservice, 5.0)]);
        let p = ChannelPage::new(&cube(), &pr, &[]);
        // January: 70 x 50 + 30 x 5 = 3,650; February: 40 x 50 + 50 x 5 = 2,250 (+10 unpriced).
        assert_eq!(p.months[0].cost, Some(3650.0));
        assert_eq!(p.months[0].unpriced_contacts, 0);
        assert_eq!(p.months[1].cost, Some(2250.0));
        assert_eq!(p.months[1].unpriced_contacts, 10);
        assert_eq!(p.cost, Some(5900.0));
        assert_eq!(p.unpriced, vec![Channel::FrontDesk]);
        assert_eq!(p.unpriced_contacts, 10);
        assert_eq!(p.channels[0].cost, Some(5500.0));
        assert_eq!(p.channels[2].cost, None);
    }

    #[test]
    fn targets_are_judged_on_the_latest_month() {
        let targets = [
            Target {
                scope: TargetScope::Digital,
                share: 0.5,
                due: "2025-12-31".into(),
            },
            Target {
                scope: TargetScope::Digital,
                share: 0.8,
                due: "2027-12-31".into(),
            },
            // Phone at most 30 %: February has 40 %.
            Target {
                scope: TargetScope::Channel(Channel::Phone),
                share: 0.3,
                due: "2026-06-30".into(),
            },
            // Self-service at least 50 %: February has exactly 50 %.
            Target {
                scope: TargetScope::Channel(Channel::Selfservice),
                share: 0.5,
                due: "2026-06-30".into(),
            },
        ];
        let p = ChannelPage::new(&cube(), &[None; Channel::COUNT], &targets);
        let t = &p.targets;
        assert_eq!(t[0].month.as_deref(), Some("2025-02"));
        assert_eq!((t[0].actual, t[0].met), (Some(0.5), Some(true)));
        assert_eq!(t[1].met, Some(false));
        assert_eq!((t[2].actual, t[2].met), (Some(0.4), Some(false)));
        assert_eq!((t[3].actual, t[3].met), (Some(0.5), Some(true)));
        assert!(!TargetScope::Channel(Channel::Letter).at_least());
        assert_eq!(TargetScope::parse("Digital"), Some(TargetScope::Digital));
        assert_eq!(
            TargetScope::parse("front_desk"),
            Some(TargetScope::Channel(Channel::FrontDesk))
        );
        assert_eq!(TargetScope::parse("fax"), None);
        // An empty log: targets without a month or a figure.
        let empty = ChannelPage::new(&Cube::default(), &[None; Channel::COUNT], &targets);
        assert_eq!(empty.targets[0].actual, None);
        assert_eq!(empty.digital_share, None);
        assert!(empty.channels.is_empty() && empty.digital_trend().is_none());
    }

    #[test]
    fn a_channel_shift_by_hand() {
        let pr = prices(&[(Channel::Phone, 50.0), (Channel::Selfservice, 5.0)]);
        // Move 25 % of phone's Pas contacts (100) to self-service: 25 contacts.
        let s = Scenario {
            from: Channel::Phone,
            to: Channel::Selfservice,
            percent: 25.0,
            services: vec!["Pas".into()],
        };
        let r = scenario(&cube(), &pr, &s).unwrap();
        assert_eq!(r.moved, 25.0);
        assert_eq!(r.before.contacts, 200.0);
        assert_eq!(r.after.contacts, 200.0);
        assert_eq!(r.before.by_channel[Channel::Phone.index()], 110.0);
        assert_eq!(r.after.by_channel[Channel::Phone.index()], 85.0);
        assert_eq!(r.after.by_channel[Channel::Selfservice.index()], 105.0);
        // Digital: 80 -> 105 of 200.
        assert_eq!(r.before.digital_share, Some(0.4));
        assert_eq!(r.after.digital_share, Some(0.525));
        // Cost: 5,900 -> 5,900 - 25 x 50 + 25 x 5 = 4,775; a saving of 1,125 kr.
        assert_eq!(r.before.cost, Some(5900.0));
        assert_eq!(r.after.cost, Some(4775.0));
        assert_eq!(r.saving(), Some(1125.0));
        assert!(r.missing_prices.is_empty());
        // All services: 10 % of phone's 110 = 11 contacts.
        let all = Scenario {
            percent: 10.0,
            services: vec![],
            ..s.clone()
        };
        let r = scenario(&cube(), &pr, &all).unwrap();
        assert!(close(r.moved, 11.0));
        assert!(close(r.after.digital_share.unwrap(), 91.0 / 200.0));
        // To an unpriced channel: the cost after is unknown, not assumed.
        let to_front = Scenario {
            to: Channel::FrontDesk,
            ..s.clone()
        };
        let r = scenario(&cube(), &pr, &to_front).unwrap();
        assert_eq!(r.missing_prices, vec![Channel::FrontDesk]);
        assert_eq!(r.before.cost, Some(5900.0));
        assert_eq!((r.after.cost, r.saving()), (None, None));
    }

    #[test]
    fn a_scenario_refuses_what_it_cannot_work_out() {
        let pr = [None; Channel::COUNT];
        let base = Scenario {
            from: Channel::Phone,
            to: Channel::Selfservice,
            percent: 25.0,
            services: vec![],
        };
        let same = Scenario {
            to: Channel::Phone,
            ..base.clone()
        };
        assert_eq!(
            scenario(&cube(), &pr, &same).unwrap_err(),
            ScenarioError::SameChannel
        );
        for bad in [-1.0, 100.5, f64::NAN] {
            let s = Scenario {
                percent: bad,
                ..base.clone()
            };
            assert_eq!(scenario(&cube(), &pr, &s).unwrap_err().field(), "percent");
        }
        let unknown = Scenario {
            services: vec!["Skat".into()],
            ..base.clone()
        };
        assert_eq!(
            scenario(&cube(), &pr, &unknown).unwrap_err(),
            ScenarioError::UnknownService("Skat".into())
        );
        // Self-service has no Flytning contacts.
        let nothing = Scenario {
            from: Channel::Selfservice,
            to: Channel::Phone,
            services: vec!["Flytning".into()],
            ..base.clone()
        };
        assert_eq!(
            scenario(&cube(), &pr, &nothing).unwrap_err().field(),
            "from"
        );
        // No prices at all: no cost on either side.
        let r = scenario(&cube(), &pr, &base).unwrap();
        assert_eq!((r.before.cost, r.after.cost), (None, None));
        assert_eq!(r.missing_prices.len(), 2);
    }

    #[test]
    fn prices_and_targets_from_forms() {
        assert_eq!(parse_decimal("7,5"), Some(7.5));
        assert_eq!(parse_decimal(" 120 "), Some(120.0));
        for bad in ["", "1.000,5", "12 kr", "1e3", "inf", "--1"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
        assert_eq!(parse_price(Channel::Phone, "  "), Ok(None));
        assert_eq!(parse_price(Channel::Phone, "55,25"), Ok(Some(55.25)));
        let e = parse_price(Channel::Phone, "-3").unwrap_err();
        assert_eq!(e.field(), "price_phone");
        let t = Target::from_form("digital", "80", "2027-12-31").unwrap();
        assert_eq!((t.scope, t.share), (TargetScope::Digital, 0.8));
        let t = Target::from_form("phone", "12,5", "2028-02-29").unwrap();
        assert_eq!(t.share, 0.125);
        assert_eq!(
            Target::from_form("digital", "101", "2027-12-31")
                .unwrap_err()
                .field(),
            "share"
        );
        for bad in ["2027-02-29", "2027-13-01", "31-12-2027", "2027-12-3x", ""] {
            assert_eq!(
                Target::from_form("digital", "80", bad).unwrap_err().field(),
                "due",
                "{bad}"
            );
        }
        assert_eq!(
            Target::from_form("fax", "80", "2027-12-31")
                .unwrap_err()
                .field(),
            "scope"
        );
    }
}
