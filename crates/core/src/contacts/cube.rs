//! An organisation's stored contact log, summed into cells of (month, channel, service).
//!
//! The web app's channel page, the scenario form and the report's channel section all
//! read this cube instead of the raw rows: a few thousand cells stand for millions of
//! contacts, and every figure on the page (mix over time, digital share, repeat rate per
//! channel and per service, satisfaction and effort per channel, top services, cost,
//! scenarios) is a sum over cells.

use super::metrics::{for_each_repeated, RepeatEntry};
use super::time::{month_label, MonthFinder, MonthKey, MICROS};
use super::{hash_parts, Channel};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    /// Contacts with both a citizen and a case key: only these can be repeats, so with
    /// none a repeat rate cannot be computed (not 0 %). `None` in a cube stored before
    /// it was counted (read as: unknown, so computable).
    #[serde(default)]
    pub keyed: Option<u64>,
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

impl Cube {
    /// All contacts in the cube.
    pub fn contacts(&self) -> u64 {
        self.cells.iter().map(|c| c.contacts).sum()
    }
}

/// One stored contact in compact form (32 bytes): what the cube needs of it, so that an
/// organisation's cube can be rebuilt from its log without reading every row back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogEntry {
    pub contact_id: i64,
    /// Unix seconds (UTC).
    pub timestamp: i64,
    /// [`group_of`] the keys: 0 when a key is empty (never repeated).
    pub group: u64,
    /// Index into the log's list of service names.
    pub service: u32,
    pub channel: Channel,
    pub satisfaction: Option<u8>,
    pub effort: Option<u8>,
}

/// Bytes per [`LogEntry`] in [`LogEntry::write`]'s form.
pub const LOG_ENTRY_BYTES: usize = 32;

/// The repeat group of (citizen_key, case_key): 0 when either is empty.
#[inline]
pub fn group_of(citizen_key: &[u8], case_key: &[u8]) -> u64 {
    if citizen_key.is_empty() || case_key.is_empty() {
        0
    } else {
        hash_parts(&[citizen_key, case_key]).max(1)
    }
}

impl LogEntry {
    /// Appends the entry's 32 bytes (little-endian) to `out`.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.contact_id.to_le_bytes());
        out.extend_from_slice(&self.timestamp.to_le_bytes());
        out.extend_from_slice(&self.group.to_le_bytes());
        out.extend_from_slice(&self.service.to_le_bytes());
        out.push(self.channel.index() as u8);
        out.push(self.satisfaction.unwrap_or(0));
        out.push(self.effort.unwrap_or(0));
        out.push(0);
    }

    /// The entries of bytes written by [`LogEntry::write`]; None when they are not.
    pub fn read_all(bytes: &[u8]) -> Option<Vec<LogEntry>> {
        if !bytes.len().is_multiple_of(LOG_ENTRY_BYTES) {
            return None;
        }
        bytes
            .chunks_exact(LOG_ENTRY_BYTES)
            .map(|b| {
                let w = |i: usize| super::load8(b, i);
                let small = |v: u8, max: u8| match v {
                    0 => Some(None),
                    1..=7 if v <= max => Some(Some(v)),
                    _ => None,
                };
                Some(LogEntry {
                    contact_id: w(0) as i64,
                    timestamp: w(8) as i64,
                    group: w(16),
                    service: u32::from_le_bytes([b[24], b[25], b[26], b[27]]),
                    channel: *Channel::ALL.get(b[28] as usize)?,
                    satisfaction: small(b[29], 5)?,
                    effort: small(b[30], 7)?,
                })
            })
            .collect()
    }
}

/// One stored contact, as the cube needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CubeRow<'a> {
    pub contact_id: i64,
    /// Unix seconds (UTC).
    pub timestamp: i64,
    pub channel: Channel,
    /// Empty when the log gave none.
    pub service: &'a str,
    /// Keys (hashed or not: only equality matters); empty when not given.
    pub citizen_key: &'a [u8],
    pub case_key: &'a [u8],
    pub satisfaction: Option<u8>,
    pub effort: Option<u8>,
}

#[derive(Debug, Clone, Copy, Default)]
struct CellAcc {
    month: MonthKey,
    channel: u8,
    service: u32,
    contacts: u64,
    repeated: u64,
    keyed: u64,
    satisfaction_answered: u64,
    satisfaction_sum: u64,
    satisfaction_high: u64,
    effort_answered: u64,
    effort_sum: u64,
    effort_high: u64,
}

/// Builds a [`Cube`] from all of one organisation's contacts, in any order.
///
/// Repeats follow the analysis's rule exactly ([`for_each_repeated`]): each (citizen_key,
/// case_key) group's contacts ordered by (timestamp, contact_id); a contact is repeated
/// when the next one of its group comes at most the window after it; contacts with an
/// empty key are never repeated. A repeat counts in the cell of the earlier contact.
#[derive(Debug, Clone)]
pub struct CubeBuilder {
    window_s: i64,
    months: MonthFinder,
    services: HashMap<String, u32>,
    service_names: Vec<String>,
    /// (month, channel, service) packed -> index into `cells`
    index: HashMap<u64, u32>,
    cells: Vec<CellAcc>,
    entries: Vec<RepeatEntry>,
}

impl CubeBuilder {
    /// A builder whose repeat window is `window_s` seconds ([`super::DEFAULT_WINDOW_S`] is the
    /// issue's 7 days).
    pub fn new(window_s: i64) -> CubeBuilder {
        CubeBuilder {
            window_s,
            months: MonthFinder::new(),
            services: HashMap::new(),
            service_names: Vec::new(),
            index: HashMap::new(),
            cells: Vec::new(),
            entries: Vec::new(),
        }
    }

    /// Makes room for about `rows` contacts.
    pub fn reserve(&mut self, rows: usize) {
        self.entries.reserve(rows);
    }

    fn service(&mut self, name: &str) -> u32 {
        match self.services.get(name) {
            Some(&s) => s,
            None => {
                let s = self.service_names.len() as u32;
                self.services.insert(name.to_string(), s);
                self.service_names.push(name.to_string());
                s
            }
        }
    }

    fn cell(&mut self, month: MonthKey, channel: u8, service: u32) -> u32 {
        let key = ((month as u64) << 40) | ((channel as u64) << 32) | service as u64;
        let cells = &mut self.cells;
        *self.index.entry(key).or_insert_with(|| {
            cells.push(CellAcc {
                month,
                channel,
                service,
                ..CellAcc::default()
            });
            (cells.len() - 1) as u32
        })
    }

    /// Adds the contacts another builder (of the same organisation, with the same
    /// window) counted: builders filled in parallel, merged, give the cube of all.
    pub fn merge(&mut self, other: CubeBuilder) {
        let services: Vec<u32> = other
            .service_names
            .iter()
            .map(|n| self.service(n))
            .collect();
        let mut cells = Vec::with_capacity(other.cells.len());
        for o in &other.cells {
            let i = self.cell(o.month, o.channel, services[o.service as usize]);
            let c = &mut self.cells[i as usize];
            c.contacts += o.contacts;
            c.keyed += o.keyed;
            c.satisfaction_answered += o.satisfaction_answered;
            c.satisfaction_sum += o.satisfaction_sum;
            c.satisfaction_high += o.satisfaction_high;
            c.effort_answered += o.effort_answered;
            c.effort_sum += o.effort_sum;
            c.effort_high += o.effort_high;
            cells.push(i);
        }
        self.entries.reserve(other.entries.len());
        self.entries
            .extend(other.entries.into_iter().map(|e| RepeatEntry {
                meta: cells[e.meta as usize],
                ..e
            }));
    }

    /// Counts one contact.
    pub fn add(&mut self, row: &CubeRow<'_>) {
        let service = self.service(row.service);
        let group = group_of(row.citizen_key, row.case_key);
        self.count(row, service, group);
    }

    /// Counts the contacts of a compact log whose service names are `services`.
    pub fn add_log(&mut self, entries: &[LogEntry], services: &[String]) {
        let ids: Vec<u32> = services.iter().map(|n| self.service(n)).collect();
        let none = self.service("");
        for e in entries {
            let row = CubeRow {
                contact_id: e.contact_id,
                timestamp: e.timestamp,
                channel: e.channel,
                service: "",
                citizen_key: b"",
                case_key: b"",
                satisfaction: e.satisfaction,
                effort: e.effort,
            };
            let service = ids.get(e.service as usize).copied().unwrap_or(none);
            self.count(&row, service, e.group);
        }
    }

    fn count(&mut self, row: &CubeRow<'_>, service: u32, group: u64) {
        let ts_us = row.timestamp.saturating_mul(MICROS);
        let month = self.months.month(ts_us);
        let channel = row.channel.index() as u8;
        let cell = self.cell(month, channel, service);
        let c = &mut self.cells[cell as usize];
        c.contacts += 1;
        if let Some(v) = row.satisfaction {
            c.satisfaction_answered += 1;
            c.satisfaction_sum += v as u64;
            c.satisfaction_high += (v >= 4) as u64;
        }
        if let Some(v) = row.effort {
            c.effort_answered += 1;
            c.effort_sum += v as u64;
            c.effort_high += (v >= 5) as u64;
        }
        if group != 0 {
            c.keyed += 1;
            self.entries.push(RepeatEntry {
                group,
                ts: ts_us,
                contact_id: row.contact_id,
                meta: cell,
            });
        }
    }

    /// The cube, cells sorted by (month, channel name, service).
    pub fn finish(mut self) -> Cube {
        let cells = &mut self.cells;
        for_each_repeated(
            &mut self.entries,
            self.window_s.saturating_mul(MICROS),
            |e| cells[e.meta as usize].repeated += 1,
        );
        let mut out: Vec<CubeCell> = self
            .cells
            .iter()
            .map(|c| CubeCell {
                month: month_label(c.month),
                channel: Channel::ALL[c.channel as usize].name().to_string(),
                service: self.service_names[c.service as usize].clone(),
                contacts: c.contacts,
                repeated: c.repeated,
                keyed: Some(c.keyed),
                satisfaction_answered: c.satisfaction_answered,
                satisfaction_sum: c.satisfaction_sum,
                satisfaction_high: c.satisfaction_high,
                effort_answered: c.effort_answered,
                effort_sum: c.effort_sum,
                effort_high: c.effort_high,
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.month, &a.channel, &a.service).cmp(&(&b.month, &b.channel, &b.service))
        });
        Cube {
            cells: out,
            window_s: self.window_s,
        }
    }
}

/// The cube of `rows` (all of one organisation's contacts) with a repeat window of
/// `window_s` seconds.
pub fn build_cube<'a>(rows: impl IntoIterator<Item = CubeRow<'a>>, window_s: i64) -> Cube {
    let mut b = CubeBuilder::new(window_s);
    for r in rows {
        b.add(&r);
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::super::DEFAULT_WINDOW_S;
    use super::*;

    fn row<'a>(id: i64, ts: &str, channel: Channel, keys: (&'a str, &'a str)) -> CubeRow<'a> {
        CubeRow {
            contact_id: id,
            timestamp: super::super::time::parse_timestamp(ts.as_bytes(), Default::default())
                .unwrap()
                / MICROS,
            channel,
            service: "pas",
            citizen_key: keys.0.as_bytes(),
            case_key: keys.1.as_bytes(),
            satisfaction: None,
            effort: None,
        }
    }

    fn cell<'c>(c: &'c Cube, month: &str, channel: &str) -> &'c CubeCell {
        c.cells
            .iter()
            .find(|x| x.month == month && x.channel == channel)
            .unwrap_or_else(|| panic!("no cell {month} {channel} in {c:?}"))
    }

    #[test]
    fn repeats_follow_the_analysis_rule() {
        use Channel::*;
        let rows = [
            // exactly 7 days: repeated
            row(1, "2025-03-01T10:00:00Z", Phone, ("c1", "k1")),
            row(2, "2025-03-08T10:00:00Z", Web, ("c1", "k1")),
            // 7 days and a second: not
            row(3, "2025-03-01T10:00:00Z", Phone, ("c2", "k1")),
            row(4, "2025-03-08T10:00:01Z", Web, ("c2", "k1")),
            // a tie in time: ordered by id, so 5 (chat) is repeated, 9 (email) not
            row(9, "2025-03-02T10:00:00Z", Email, ("c3", "k3")),
            row(5, "2025-03-02T10:00:00Z", Chat, ("c3", "k3")),
            // empty keys never repeat
            row(6, "2025-03-03T10:00:00Z", Sms, ("", "k4")),
            row(7, "2025-03-03T10:00:01Z", Sms, ("", "k4")),
        ];
        let c = build_cube(rows, DEFAULT_WINDOW_S);
        assert_eq!(c.contacts(), 8);
        assert_eq!(c.window_s, DEFAULT_WINDOW_S);
        let p = cell(&c, "2025-03", "phone");
        assert_eq!((p.contacts, p.repeated), (2, 1));
        assert_eq!(cell(&c, "2025-03", "web").repeated, 0);
        assert_eq!(cell(&c, "2025-03", "chat").repeated, 1);
        assert_eq!(cell(&c, "2025-03", "email").repeated, 0);
        assert_eq!(cell(&c, "2025-03", "sms").repeated, 0);
        // sorted by month, channel name, service
        let names: Vec<_> = c.cells.iter().map(|x| x.channel.as_str()).collect();
        assert_eq!(names, ["chat", "email", "phone", "sms", "web"]);
        // a one-day window: only the tie repeats
        let c = build_cube(rows, 86_400);
        assert_eq!(c.cells.iter().map(|x| x.repeated).sum::<u64>(), 1);
    }

    #[test]
    fn a_compact_log_gives_the_same_cube() {
        use Channel::*;
        let mut rows = vec![
            row(1, "2025-03-01T10:00:00Z", Phone, ("c1", "k1")),
            row(2, "2025-03-03T10:00:00Z", Web, ("c1", "k1")),
            row(3, "2025-03-05T10:00:00Z", Phone, ("", "k1")),
            row(4, "2025-04-01T10:00:00Z", App, ("c2", "k1")),
        ];
        rows[1].service = "kørekort";
        rows[2].satisfaction = Some(5);
        rows[3].effort = Some(7);
        let services = vec!["pas".to_string(), "kørekort".to_string()];
        let entries: Vec<LogEntry> = rows
            .iter()
            .map(|r| LogEntry {
                contact_id: r.contact_id,
                timestamp: r.timestamp,
                group: group_of(r.citizen_key, r.case_key),
                service: services.iter().position(|s| s == r.service).unwrap() as u32,
                channel: r.channel,
                satisfaction: r.satisfaction,
                effort: r.effort,
            })
            .collect();
        assert_eq!(entries[2].group, 0);
        let mut bytes = Vec::new();
        for e in &entries {
            e.write(&mut bytes);
        }
        assert_eq!(bytes.len(), 4 * LOG_ENTRY_BYTES);
        let back = LogEntry::read_all(&bytes).unwrap();
        assert_eq!(back, entries);
        assert_eq!(LogEntry::read_all(&bytes[1..]), None);
        let mut b = CubeBuilder::new(DEFAULT_WINDOW_S);
        b.add_log(&back, &services);
        assert_eq!(b.finish(), build_cube(rows, DEFAULT_WINDOW_S));
    }

    #[test]
    fn builders_merged_equal_one_builder() {
        use Channel::*;
        let mut rows = vec![
            row(1, "2025-03-01T10:00:00Z", Phone, ("c1", "k1")),
            row(2, "2025-03-03T10:00:00Z", Web, ("c1", "k1")),
            row(3, "2025-03-05T10:00:00Z", Phone, ("c1", "k1")),
            row(4, "2025-04-01T10:00:00Z", Phone, ("c2", "k1")),
            row(5, "2025-04-02T10:00:00Z", Chat, ("c2", "k1")),
        ];
        rows[1].service = "kørekort";
        rows[2].satisfaction = Some(4);
        rows[4].effort = Some(5);
        let whole = build_cube(rows.clone(), DEFAULT_WINDOW_S);
        for cut in 0..=rows.len() {
            let mut a = CubeBuilder::new(DEFAULT_WINDOW_S);
            let mut b = CubeBuilder::new(DEFAULT_WINDOW_S);
            // b sees its services in another order
            for r in rows[cut..].iter().rev() {
                b.add(r);
            }
            for r in &rows[..cut] {
                a.add(r);
            }
            a.merge(b);
            assert_eq!(a.finish(), whole, "cut {cut}");
        }
        assert_eq!(whole.cells.iter().map(|c| c.repeated).sum::<u64>(), 3);
    }

    #[test]
    fn months_are_copenhagen_months_and_answers_are_summed() {
        use Channel::*;
        let mut rows = vec![
            // summer: 30 June 22:00 UTC is 1 July 00:00 in Copenhagen
            row(1, "2025-06-30T21:59:59Z", Web, ("", "")),
            row(2, "2025-06-30T22:00:00Z", Web, ("", "")),
            // winter: 31 January 23:00 UTC is 1 February 00:00
            row(3, "2025-01-31T22:59:59Z", Phone, ("", "")),
            row(4, "2025-01-31T23:00:00Z", Phone, ("", "")),
        ];
        rows[0].satisfaction = Some(5);
        rows[1].satisfaction = Some(3);
        rows[1].effort = Some(6);
        rows[2].service = "";
        let c = build_cube(rows, DEFAULT_WINDOW_S);
        let got: Vec<_> = c
            .cells
            .iter()
            .map(|x| {
                (
                    x.month.as_str(),
                    x.channel.as_str(),
                    x.service.as_str(),
                    x.contacts,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2025-01", "phone", "", 1),
                ("2025-02", "phone", "pas", 1),
                ("2025-06", "web", "pas", 1),
                ("2025-07", "web", "pas", 1),
            ]
        );
        let june = &c.cells[2];
        assert_eq!(
            (
                june.satisfaction_answered,
                june.satisfaction_sum,
                june.satisfaction_high
            ),
            (1, 5, 1)
        );
        let july = &c.cells[3];
        assert_eq!(
            (
                july.satisfaction_high,
                july.effort_answered,
                july.effort_sum,
                july.effort_high
            ),
            (0, 1, 6, 1)
        );
        assert_eq!(build_cube([], DEFAULT_WINDOW_S).cells, []);
    }
}
