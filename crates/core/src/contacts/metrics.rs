//! The metrics of a contact log, computed in parts and merged.
//!
//! Each thread fills a [`Partial`] from its share of the records. [`merge`] combines the
//! partials by organisation and service name and regroups the repeat-contact entries
//! into buckets by group hash; [`count_repeats`] sorts and scans a set of buckets (one
//! set per thread); [`Merged::finish`] builds the [`Report`].
//!
//! A repeat-contact group is (org, citizen_key, case_key), identified by a 64-bit hash
//! of the three strings: two different groups share a hash with probability about
//! n² / 2⁶⁵ (3·10⁻⁶ for ten million groups).

use super::parse::{Encoding, FieldError, Row, RowError, RowParser, SplitLine, MAX_FIELDS};
use super::time::{month_label, MonthFinder, MonthKey, MICROS};
use super::{hash_parts, Channel};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;

/// The default repeat window: 7 days.
pub const DEFAULT_WINDOW_S: i64 = 7 * 86_400;

/// One contact with both keys, kept for the repeat-contact metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepeatEntry {
    pub group: u64,
    /// UTC microseconds.
    pub ts: i64,
    pub contact_id: i64,
    /// org id << 8 | channel index
    pub meta: u32,
}

impl RepeatEntry {
    fn org(&self) -> usize {
        (self.meta >> 8) as usize
    }
    fn channel(&self) -> usize {
        (self.meta & 0xff) as usize
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct SatAcc {
    answered: u64,
    sum: u64,
    high: u64,
    effort_answered: u64,
    effort_sum: u64,
    effort_high: u64,
}

impl SatAcc {
    fn add(&mut self, o: &SatAcc) {
        self.answered += o.answered;
        self.sum += o.sum;
        self.high += o.high;
        self.effort_answered += o.effort_answered;
        self.effort_sum += o.effort_sum;
        self.effort_high += o.effort_high;
    }
}

/// Contacts and digital contacts per month, dense from `base`.
#[derive(Debug, Clone, Default)]
struct Months {
    base: MonthKey,
    counts: Vec<[u64; 2]>,
}

impl Months {
    #[inline]
    fn add(&mut self, k: MonthKey, digital: bool) {
        if self.counts.is_empty() {
            self.base = k;
        } else if k < self.base {
            let shift = (self.base - k) as usize;
            self.counts.splice(0..0, std::iter::repeat_n([0, 0], shift));
            self.base = k;
        }
        let i = (k - self.base) as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, [0, 0]);
        }
        self.counts[i][0] += 1;
        self.counts[i][1] += digital as u64;
    }
}

#[derive(Debug, Clone, Default)]
struct OrgAcc {
    channels: [u64; Channel::COUNT],
    /// Contacts with both a citizen and a case key, per channel.
    keyed: [u64; Channel::COUNT],
    months: Months,
    /// indexed by service id
    services: Vec<Option<SatAcc>>,
}

/// Names seen in one partial, by raw bytes in the file's encoding: a small
/// open-addressing table (organisations and services are few, looked up once a row).
#[derive(Debug, Clone)]
struct Interner {
    /// id + 1 per slot, 0 when empty; a power of two long
    slots: Vec<u32>,
    hashes: Vec<u64>,
    raw: Vec<Box<[u8]>>,
    names: Vec<String>,
}

impl Default for Interner {
    fn default() -> Interner {
        Interner {
            slots: vec![0; 64],
            hashes: Vec::new(),
            raw: Vec::new(),
            names: Vec::new(),
        }
    }
}

/// Byte equality without a library call for short strings.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && if (8..=16).contains(&a.len()) {
            super::load8(a, 0) == super::load8(b, 0)
                && super::load8(a, a.len() - 8) == super::load8(b, b.len() - 8)
        } else if a.len() < 8 {
            super::load_short(a) == super::load_short(b)
        } else {
            a == b
        }
}

impl Interner {
    #[inline]
    fn id(&mut self, raw: &[u8], enc: Encoding) -> u32 {
        let h = super::hash_bytes(0, raw);
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return self.insert(raw, h, enc);
            }
            let id = (s - 1) as usize;
            if self.hashes[id] == h && same(&self.raw[id], raw) {
                return id as u32;
            }
            i = (i + 1) & mask;
        }
    }

    #[cold]
    fn insert(&mut self, raw: &[u8], h: u64, enc: Encoding) -> u32 {
        let id = self.names.len() as u32;
        let name = enc
            .decode(raw)
            .map(|s| s.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned());
        self.names.push(name);
        self.raw.push(raw.into());
        self.hashes.push(h);
        if self.names.len() * 2 > self.slots.len() {
            self.slots = vec![0; self.slots.len() * 2];
            for (j, &hj) in self.hashes.iter().enumerate() {
                Self::place(&mut self.slots, hj, j as u32);
            }
        } else {
            Self::place(&mut self.slots, h, id);
        }
        id
    }

    fn place(slots: &mut [u32], h: u64, id: u32) {
        let mask = slots.len() - 1;
        let mut i = h as usize & mask;
        while slots[i] != 0 {
            i = (i + 1) & mask;
        }
        slots[i] = id + 1;
    }
}

/// The metrics of a part of the input.
#[derive(Debug, Clone)]
pub struct Partial {
    pub rows: u64,
    pub rejected: u64,
    encoding: Encoding,
    orgs: Interner,
    services: Interner,
    per_org: Vec<OrgAcc>,
    parts: Vec<Vec<RepeatEntry>>,
    months: MonthFinder,
}

/// Buckets of repeat entries (by group hash) for [`Partial::new`]: each sorts in cache.
pub const BUCKETS: usize = 1024;

/// Which of `n` buckets a group hash belongs to.
#[inline]
fn partition(group: u64, n: usize) -> usize {
    ((group as u128 * n as u128) >> 64) as usize
}

impl Partial {
    /// A partial whose repeat entries go to `partitions` buckets (normally [`BUCKETS`]),
    /// for a file in `encoding`.
    pub fn new(partitions: usize, encoding: Encoding) -> Partial {
        Partial {
            rows: 0,
            rejected: 0,
            encoding,
            orgs: Interner::default(),
            services: Interner::default(),
            per_org: Vec::new(),
            parts: vec![Vec::new(); partitions.max(1)],
            months: MonthFinder::new(),
        }
    }

    /// Makes room for about `rows` rows with keys (memory not touched is not used).
    pub fn reserve(&mut self, rows: usize) {
        let per = rows / self.parts.len() + rows / self.parts.len() / 8 + 16;
        for p in &mut self.parts {
            p.reserve(per);
        }
    }

    /// Counts one row.
    #[inline]
    pub fn add(&mut self, row: &Row<'_>) {
        self.rows += 1;
        let org = self.orgs.id(row.org, self.encoding);
        if org as usize >= self.per_org.len() {
            self.per_org.resize_with(org as usize + 1, OrgAcc::default);
        }
        let service = self.services.id(row.service, self.encoding) as usize;
        let month = self.months.month(row.timestamp);
        let acc = &mut self.per_org[org as usize];
        let ch = row.channel.index();
        acc.channels[ch] += 1;
        acc.months.add(month, row.channel.is_digital());
        if service >= acc.services.len() {
            acc.services.resize(service + 1, None);
        }
        let s = acc.services[service].get_or_insert_with(SatAcc::default);
        if let Some(v) = row.satisfaction {
            s.answered += 1;
            s.sum += v as u64;
            s.high += (v >= 4) as u64;
        }
        if let Some(v) = row.effort {
            s.effort_answered += 1;
            s.effort_sum += v as u64;
            s.effort_high += (v >= 5) as u64;
        }
        if !row.citizen_key.is_empty() && !row.case_key.is_empty() {
            acc.keyed[ch] += 1;
            let group = hash_parts(&[row.org, &row.citizen_key, &row.case_key]);
            let n = self.parts.len();
            self.parts[partition(group, n)].push(RepeatEntry {
                group,
                ts: row.timestamp,
                contact_id: row.contact_id,
                meta: (org << 8) | ch as u32,
            });
        }
    }

    /// Counts a refused row.
    pub fn reject(&mut self) {
        self.rejected += 1;
    }
}

/// Reads every record of `reader` (no header: the caller has read it) into `partial`.
/// Line numbers are the reader's plus `line_base`. Refused rows go to `on_error`.
/// Returns the number of lines the reader went through.
pub fn analyze_records<R: Read>(
    reader: &mut csv::Reader<R>,
    parser: &RowParser,
    partial: &mut Partial,
    line_base: u64,
    on_error: &mut dyn FnMut(RowError),
) -> Result<u64, csv::Error> {
    let mut rec = csv::ByteRecord::new();
    while reader.read_byte_record(&mut rec)? {
        match parser.parse(&rec) {
            Ok(row) => partial.add(&row),
            Err(e) => {
                partial.reject();
                let line = rec.position().map(|p| p.line()).unwrap_or(0) + line_base;
                on_error(FieldError::at(e, line));
            }
        }
    }
    Ok(reader.position().line())
}

/// What [`analyze_lines`] went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinesOutcome {
    /// Line ends (`\n`) read.
    pub newlines: u64,
    /// A `"` was seen: the input needs a real CSV reader (quoted fields may hold
    /// delimiters or line ends), and what was counted so far must be thrown away.
    pub quoted: bool,
}

/// 0x80 in each byte of `x` that is zero, exactly.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LO7).wrapping_add(LO7)) | x | LO7)
}

/// One line of [`analyze_lines`].
#[inline]
fn line(
    rec: &SplitLine<'_>,
    line_no: u64,
    parser: &RowParser,
    partial: &mut Partial,
    on_error: &mut dyn FnMut(RowError),
) {
    if rec.is_blank() {
        return;
    }
    match parser.parse(rec) {
        Ok(row) => partial.add(&row),
        Err(e) => {
            partial.reject();
            on_error(e.at(line_no));
        }
    }
}

/// The fast path for input without quotes: reads `reader` in large blocks, splits lines
/// on `\n` (a `\r` before it is dropped) and fields on `delimiter`, and counts every
/// record into `partial`. Blank lines are skipped. Line numbers start at 1 (the caller
/// adds the lines before the reader's start). Stops early with `quoted` when a `"`
/// appears.
pub fn analyze_lines<R: Read>(
    mut reader: R,
    delimiter: u8,
    parser: &RowParser,
    partial: &mut Partial,
    on_error: &mut dyn FnMut(RowError),
) -> std::io::Result<LinesOutcome> {
    let mut buf = vec![0u8; 4 << 20];
    let mut filled = 0;
    let mut newlines: u64 = 0;
    let mut eof = false;
    loop {
        while filled < buf.len() && !eof {
            match reader.read(&mut buf[filled..]) {
                Ok(0) => eof = true,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let data = &buf[..filled];
        if memchr::memchr(b'"', data).is_some() {
            return Ok(LinesOutcome {
                newlines,
                quoted: true,
            });
        }
        let end = if eof {
            filled
        } else {
            match memchr::memrchr(b'\n', data) {
                Some(p) => p + 1,
                None => {
                    // a line longer than the buffer
                    let len = buf.len();
                    buf.resize(len * 2, 0);
                    continue;
                }
            }
        };
        let mut line_start = 0;
        let mut field_start = 0;
        let mut bounds = [(0u32, 0u32); MAX_FIELDS];
        let mut n = 0;
        let dmask = u64::from_ne_bytes([delimiter; 8]);
        let nmask = u64::from_ne_bytes([b'\n'; 8]);
        let mut i = 0;
        while i < end {
            let w = if i + 8 <= end {
                super::load8(data, i)
            } else {
                // the last few bytes, zero-padded (zero is neither delimiter nor \n)
                data[i..end]
                    .iter()
                    .rev()
                    .fold(0u64, |acc, &b| (acc << 8) | b as u64)
            };
            let mut m = zero_bytes(w ^ dmask) | zero_bytes(w ^ nmask);
            while m != 0 {
                let j = i + (m.trailing_zeros() / 8) as usize;
                m &= m - 1;
                if n < MAX_FIELDS {
                    bounds[n] = ((field_start - line_start) as u32, (j - line_start) as u32);
                }
                n += 1;
                field_start = j + 1;
                if data[j] == b'\n' {
                    newlines += 1;
                    let rec = SplitLine::from_bounds(&data[line_start..j], &bounds, n);
                    line(&rec, newlines, parser, partial, on_error);
                    line_start = j + 1;
                    n = 0;
                }
            }
            i += 8;
        }
        if eof && line_start < end {
            // the last line has no line end
            if n < MAX_FIELDS {
                bounds[n] = ((field_start - line_start) as u32, (end - line_start) as u32);
            }
            let rec = SplitLine::from_bounds(&data[line_start..end], &bounds, n + 1);
            line(&rec, newlines + 1, parser, partial, on_error);
        }
        if eof {
            break;
        }
        buf.copy_within(end..filled, 0);
        filled -= end;
    }
    Ok(LinesOutcome {
        newlines,
        quoted: false,
    })
}

#[derive(Debug, Clone, Default)]
struct OrgTotals {
    channels: [u64; Channel::COUNT],
    keyed: [u64; Channel::COUNT],
    months: BTreeMap<MonthKey, [u64; 2]>,
    services: HashMap<String, SatAcc>,
}

/// Partials merged by name, with the repeat entries regrouped for [`count_repeats`].
#[derive(Debug)]
pub struct Merged {
    pub rows: u64,
    pub rejected: u64,
    orgs: Vec<String>,
    totals: Vec<OrgTotals>,
    /// Entries by bucket (of group hash). Give disjoint sets of buckets to
    /// [`count_repeats`] on each thread, with `remaps`.
    pub buckets: Vec<Bucket>,
    /// Per partial: its org ids to the merged ones.
    pub remaps: Vec<Vec<u32>>,
}

impl Merged {
    /// The number of organisations (the length of [`count_repeats`]'s answer).
    pub fn org_count(&self) -> usize {
        self.orgs.len()
    }
}

/// Merges partials (all made with the same number of buckets).
pub fn merge(partials: Vec<Partial>) -> Merged {
    let nparts = partials.iter().map(|p| p.parts.len()).max().unwrap_or(1);
    let mut org_ids: HashMap<String, usize> = HashMap::new();
    let mut orgs: Vec<String> = Vec::new();
    let mut totals: Vec<OrgTotals> = Vec::new();
    let (mut rows, mut rejected) = (0, 0);
    let mut remaps = Vec::with_capacity(partials.len());
    for p in &partials {
        rows += p.rows;
        rejected += p.rejected;
        let mut remap = Vec::with_capacity(p.orgs.names.len());
        for (local, name) in p.orgs.names.iter().enumerate() {
            let g = *org_ids.entry(name.clone()).or_insert_with(|| {
                orgs.push(name.clone());
                totals.push(OrgTotals::default());
                orgs.len() - 1
            });
            remap.push(g as u32);
            let acc = &p.per_org[local];
            let t = &mut totals[g];
            for (a, b) in t.keyed.iter_mut().zip(acc.keyed) {
                *a += b;
            }
            for (a, b) in t.channels.iter_mut().zip(acc.channels) {
                *a += b;
            }
            for (i, c) in acc.months.counts.iter().enumerate() {
                if c[0] > 0 {
                    let m = t.months.entry(acc.months.base + i as u32).or_default();
                    m[0] += c[0];
                    m[1] += c[1];
                }
            }
            for (sid, s) in acc.services.iter().enumerate() {
                if let Some(s) = s {
                    t.services
                        .entry(p.services.names[sid].clone())
                        .or_default()
                        .add(s);
                }
            }
        }
        remaps.push(remap);
    }
    // Hand each bucket's pieces over without copying; count_repeats joins them.
    let mut buckets: Vec<Bucket> = (0..nparts).map(|_| Vec::new()).collect();
    for (i, p) in partials.into_iter().enumerate() {
        for (k, src) in p.parts.into_iter().enumerate() {
            if !src.is_empty() {
                buckets[k].push((i, src));
            }
        }
    }
    Merged {
        rows,
        rejected,
        orgs,
        totals,
        buckets,
        remaps,
    }
}

/// One bucket's entries: (index of the partial, its entries) pieces.
pub type Bucket = Vec<(usize, Vec<RepeatEntry>)>;

/// Joins each bucket's pieces (mapping their org ids to the merged ones with `remaps`),
/// sorts them by (group, timestamp, contact_id) and counts, per (org, channel of the
/// earlier contact), the contacts followed by the next contact of their group within
/// `window_us` microseconds (inclusive). Frees the buckets as it goes.
pub fn count_repeats(
    buckets: &mut [Bucket],
    remaps: &[Vec<u32>],
    window_us: i64,
    orgs: usize,
) -> Vec<[u64; Channel::COUNT]> {
    let mut out = vec![[0u64; Channel::COUNT]; orgs];
    let mut entries: Vec<RepeatEntry> = Vec::new();
    for bucket in buckets {
        entries.clear();
        for (i, src) in std::mem::take(bucket) {
            let remap = &remaps[i];
            entries.extend(src.iter().map(|e| RepeatEntry {
                meta: (remap[e.org()] << 8) | (e.meta & 0xff),
                ..*e
            }));
        }
        for_each_repeated(&mut entries, window_us, |a| {
            out[a.org()][a.channel()] += 1;
        });
    }
    out
}

/// The repeat-contact rule, the one definition that the analysis ([`count_repeats`])
/// and the stored cube ([`super::cube::CubeBuilder`]) both use: sorts `entries` by
/// (group, timestamp, contact_id) and calls `repeated` with each entry whose next entry
/// of the same group comes at most `window_us` microseconds after it (inclusive).
#[inline]
pub fn for_each_repeated(
    entries: &mut [RepeatEntry],
    window_us: i64,
    mut repeated: impl FnMut(&RepeatEntry),
) {
    entries.sort_unstable_by_key(|e| (e.group, e.ts, e.contact_id));
    for w in entries.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.group == b.group && b.ts - a.ts <= window_us {
            repeated(a);
        }
    }
}

/// Channel mix: one (org, channel).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixRow {
    pub org: String,
    pub channel: &'static str,
    pub contacts: u64,
    pub share: f64,
}

/// Digital share: one (org, month).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigitalRow {
    pub org: String,
    pub month: String,
    pub contacts: u64,
    pub digital: u64,
    pub share: f64,
}

/// Repeat contacts: one (org, channel of the earlier contact).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatRow {
    pub org: String,
    pub channel: &'static str,
    pub contacts: u64,
    pub repeated: u64,
    /// repeated / contacts (a contract: always a number, 0 without keys).
    pub rate: f64,
    /// Contacts with both a citizen and a case key: with none, `rate` cannot be
    /// computed (it reads 0), and `repeat_rate` is null.
    pub keyed: u64,
    /// `rate`, or null when it cannot be computed (no contact with both keys).
    pub repeat_rate: Option<f64>,
}

/// Satisfaction and effort: one (org, service); `service` is null when not given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SatRow {
    pub org: String,
    pub service: Option<String>,
    pub answered: u64,
    pub mean: Option<f64>,
    pub csat: Option<f64>,
    pub effort_answered: u64,
    pub effort_mean: Option<f64>,
    pub effort_high_share: Option<f64>,
}

/// All the metrics, arrays sorted by their key columns (byte order of the text).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub rows: u64,
    pub rejected: u64,
    pub channel_mix: Vec<MixRow>,
    pub digital_share: Vec<DigitalRow>,
    pub repeats: Vec<RepeatRow>,
    pub satisfaction: Vec<SatRow>,
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Merged {
    /// The report, given [`count_repeats`]'s answer for every partition.
    pub fn finish(self, repeated: Vec<Vec<[u64; Channel::COUNT]>>) -> Report {
        let mut order: Vec<usize> = (0..self.orgs.len()).collect();
        order.sort_by(|&a, &b| self.orgs[a].cmp(&self.orgs[b]));
        let mut channels_by_name = Channel::ALL;
        channels_by_name.sort_by_key(|c| c.name());
        let mut r = Report {
            rows: self.rows,
            rejected: self.rejected,
            channel_mix: Vec::new(),
            digital_share: Vec::new(),
            repeats: Vec::new(),
            satisfaction: Vec::new(),
        };
        for g in order {
            let org = &self.orgs[g];
            let t = &self.totals[g];
            let total: u64 = t.channels.iter().sum();
            for c in channels_by_name {
                let n = t.channels[c.index()];
                if n == 0 {
                    continue;
                }
                let rep: u64 = repeated
                    .iter()
                    .map(|p| p.get(g).map_or(0, |x| x[c.index()]))
                    .sum();
                r.channel_mix.push(MixRow {
                    org: org.clone(),
                    channel: c.name(),
                    contacts: n,
                    share: n as f64 / total as f64,
                });
                let keyed = t.keyed[c.index()];
                r.repeats.push(RepeatRow {
                    org: org.clone(),
                    channel: c.name(),
                    contacts: n,
                    repeated: rep,
                    rate: rep as f64 / n as f64,
                    keyed,
                    repeat_rate: (keyed > 0).then(|| rep as f64 / n as f64),
                });
            }
            for (m, c) in &t.months {
                r.digital_share.push(DigitalRow {
                    org: org.clone(),
                    month: month_label(*m),
                    contacts: c[0],
                    digital: c[1],
                    share: c[1] as f64 / c[0] as f64,
                });
            }
            let mut services: Vec<_> = t.services.iter().collect();
            services.sort_by(|a, b| a.0.cmp(b.0));
            // null (no service) sorts last, as in SQL's default NULLS LAST
            services.sort_by_key(|(name, _)| name.is_empty());
            for (name, s) in services {
                r.satisfaction.push(SatRow {
                    org: org.clone(),
                    service: (!name.is_empty()).then(|| name.clone()),
                    answered: s.answered,
                    mean: ratio(s.sum, s.answered),
                    csat: ratio(s.high, s.answered),
                    effort_answered: s.effort_answered,
                    effort_mean: ratio(s.effort_sum, s.effort_answered),
                    effort_high_share: ratio(s.effort_high, s.effort_answered),
                });
            }
        }
        r
    }
}

/// The whole analysis on one thread: for small inputs and tests.
pub fn report_of(partials: Vec<Partial>, window_s: i64) -> Report {
    let mut m = merge(partials);
    let orgs = m.org_count();
    let repeated = vec![count_repeats(
        &mut m.buckets,
        &m.remaps,
        window_s * MICROS,
        orgs,
    )];
    m.finish(repeated)
}

#[cfg(test)]
mod tests {
    use super::super::parse::{Layout, Mapping};
    use super::super::reader::{csv_reader, read_head};
    use super::*;

    /// Analyses CSV text in `parts` pieces (split on lines) with `partitions` partitions.
    fn analyze(
        text: &[u8],
        mapping: Option<&Mapping>,
        parts: usize,
        window_s: i64,
    ) -> (Report, Vec<RowError>) {
        let head = read_head(text, true, mapping).unwrap();
        let (enc, delim) = (head.encoding, head.delimiter);
        let parser = RowParser::new(
            Layout::from_header(&head.header, mapping).unwrap(),
            enc,
            mapping,
        );
        // split the rest on line boundaries
        let rest = &text[head.data_start..];
        let mut cuts = vec![0];
        for k in 1..parts {
            let at = (rest.len() * k / parts).max(*cuts.last().unwrap());
            let nl = rest[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(rest.len(), |p| at + p + 1);
            cuts.push(nl);
        }
        cuts.push(rest.len());
        let mut results = Vec::new();
        for fast in [false, true] {
            let mut errors = Vec::new();
            let mut partials = Vec::new();
            let mut base = 1;
            for w in cuts.windows(2) {
                let mut p = Partial::new(partitions_for(parts), enc);
                let mut local = Vec::new();
                let piece = &rest[w[0]..w[1]];
                let lines = if fast {
                    let o = analyze_lines(piece, delim, &parser, &mut p, &mut |e| local.push(e))
                        .unwrap();
                    assert!(!o.quoted);
                    o.newlines
                } else {
                    let mut r = csv_reader(piece, delim, None);
                    analyze_records(&mut r, &parser, &mut p, 0, &mut |e| local.push(e)).unwrap() - 1
                };
                errors.extend(local.into_iter().map(|e| RowError {
                    line: e.line + base,
                    ..e
                }));
                base += lines;
                partials.push(p);
            }
            results.push((report_of(partials, window_s), errors));
        }
        let fast = results.pop().unwrap();
        let csv = results.pop().unwrap();
        assert_eq!(fast, csv, "the fast line reader and the csv reader agree");
        fast
    }

    fn partitions_for(parts: usize) -> usize {
        parts + 1
    }

    const HEAD: &str = "contact_id,org_id,timestamp,channel,service,citizen_key,case_key,duration_s,resolved,satisfaction,effort\n";

    fn csv(rows: &[&str]) -> Vec<u8> {
        let mut s = HEAD.to_string();
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        s.into_bytes()
    }

    fn repeats(r: &Report) -> Vec<(String, &'static str, u64, u64)> {
        r.repeats
            .iter()
            .map(|x| (x.org.clone(), x.channel, x.contacts, x.repeated))
            .collect()
    }

    #[test]
    fn repeat_window_is_inclusive_at_seven_days() {
        let data = csv(&[
            // group A: exactly 7 days apart -> the first is repeated
            "1,K1,2025-03-01T10:00:00Z,phone,s,c1,k1,,,,",
            "2,K1,2025-03-08T10:00:00Z,web,s,c1,k1,,,,",
            // group B: 7 days + 1 s -> not repeated
            "3,K1,2025-03-01T10:00:00Z,phone,s,c2,k1,,,,",
            "4,K1,2025-03-08T10:00:01Z,web,s,c2,k1,,,,",
        ]);
        for parts in [1, 2, 3] {
            let (r, errs) = analyze(&data, None, parts, DEFAULT_WINDOW_S);
            assert!(errs.is_empty());
            assert_eq!(
                repeats(&r),
                [("K1".into(), "phone", 2, 1), ("K1".into(), "web", 2, 0)],
                "parts {parts}"
            );
        }
        // a one-day window
        let (r, _) = analyze(&data, None, 1, 86_400);
        assert_eq!(repeats(&r)[0].3, 0);
    }

    #[test]
    fn ties_in_time_are_ordered_by_contact_id() {
        // same second: id 5 (chat) comes before id 9 (phone), whatever the file order
        let data = csv(&[
            "9,K1,2025-03-01T10:00:00Z,phone,s,c1,k1,,,,",
            "5,K1,2025-03-01T10:00:00Z,chat,s,c1,k1,,,,",
            "12,K1,2025-03-20T10:00:00Z,email,s,c1,k1,,,,",
        ]);
        let (r, _) = analyze(&data, None, 2, DEFAULT_WINDOW_S);
        assert_eq!(
            repeats(&r),
            [
                ("K1".into(), "chat", 1, 1),
                ("K1".into(), "email", 1, 0),
                ("K1".into(), "phone", 1, 0)
            ]
        );
    }

    #[test]
    fn empty_keys_never_repeat_and_groups_are_per_org() {
        let data = csv(&[
            "1,K1,2025-03-01T10:00:00Z,phone,s,,k1,,,,",
            "2,K1,2025-03-01T11:00:00Z,phone,s,,k1,,,,",
            "3,K1,2025-03-01T10:00:00Z,web,s,c1,,,,,",
            "4,K1,2025-03-01T11:00:00Z,web,s,c1,,,,,",
            // same keys in another organisation: another group
            "5,K1,2025-03-01T10:00:00Z,sms,s,c9,k9,,,,",
            "6,K2,2025-03-01T11:00:00Z,sms,s,c9,k9,,,,",
        ]);
        let (r, _) = analyze(&data, None, 1, DEFAULT_WINDOW_S);
        assert!(r.repeats.iter().all(|x| x.repeated == 0), "{:?}", r.repeats);
        assert_eq!(r.rows, 6);
    }

    #[test]
    fn digital_share_months_in_copenhagen_time() {
        let data = csv(&[
            // summer: 30 June 22:00 UTC is 1 July 00:00 in Copenhagen
            "1,K1,2025-06-30T21:59:59Z,web,s,,,,,,",
            "2,K1,2025-06-30T22:00:00Z,phone,s,,,,,,",
            // winter: 31 January 23:00 UTC is 1 February 00:00
            "3,K1,2025-01-31T22:59:59Z,phone,s,,,,,,",
            "4,K1,2025-01-31 23:59:59,letter,s,,,,,,",
            "5,K1,2025-01-31T23:00:00Z,app,s,,,,,,",
        ]);
        let (r, _) = analyze(&data, None, 1, DEFAULT_WINDOW_S);
        let got: Vec<_> = r
            .digital_share
            .iter()
            .map(|d| (d.month.as_str(), d.contacts, d.digital))
            .collect();
        assert_eq!(
            got,
            [
                ("2025-01", 2, 0),
                ("2025-02", 1, 1),
                ("2025-06", 1, 1),
                ("2025-07", 1, 0)
            ]
        );
        assert_eq!(r.digital_share[1].share, 1.0);
    }

    #[test]
    fn satisfaction_effort_and_channel_mix() {
        let data = csv(&[
            "1,K1,2025-03-01T10:00:00Z,phone,pension,,,,,5,7",
            "2,K1,2025-03-01T10:00:00Z,phone,pension,,,,,3,",
            "3,K1,2025-03-01T10:00:00Z,web,pension,,,,,4,1",
            "4,K1,2025-03-01T10:00:00Z,web,passport,,,,,,",
            "5,K1,2025-03-01T10:00:00Z,web,,,,,,,",
        ]);
        let (r, _) = analyze(&data, None, 2, DEFAULT_WINDOW_S);
        let mix: Vec<_> = r
            .channel_mix
            .iter()
            .map(|m| (m.channel, m.contacts, m.share))
            .collect();
        assert_eq!(mix, [("phone", 2, 0.4), ("web", 3, 0.6)]);
        let pension = &r.satisfaction[1];
        assert_eq!(pension.service.as_deref(), Some("pension"));
        assert_eq!(
            (pension.answered, pension.mean, pension.csat),
            (3, Some(4.0), Some(2.0 / 3.0))
        );
        assert_eq!(
            (
                pension.effort_answered,
                pension.effort_mean,
                pension.effort_high_share
            ),
            (2, Some(4.0), Some(0.5))
        );
        let passport = &r.satisfaction[0];
        assert_eq!(
            (
                passport.answered,
                passport.mean,
                passport.csat,
                passport.effort_high_share
            ),
            (0, None, None, None)
        );
        assert_eq!(r.satisfaction[2].service, None, "no service: null, last");
    }

    #[test]
    fn windows_1252_semicolons_crlf_and_a_broken_row() {
        let mut data = b"contact_id;org_id;timestamp;channel;service;citizen_key;case_key;duration_s;resolved;satisfaction;effort\r\n".to_vec();
        data.extend_from_slice(
            b"1;K\xf8ge;2025-03-01 10:00;phone;b\xf8rnepenge;s\xf8ren;k1;12,5;1;4;\r\n",
        );
        data.extend_from_slice(
            b"2;K\xf8ge;2025-03-02 10:00;web;b\xf8rnepenge;s\xf8ren;k1;;0;5;\r\n",
        );
        data.extend_from_slice(b"3;K\xf8ge;not a time;web;b\xf8rnepenge;s\xf8ren;k1;;0;5;\r\n");
        data.extend_from_slice(b"4;\xc6r\xf8;2025-03-02 10:00;web;;;;;;;\r\n");
        let (r, errs) = analyze(&data, None, 2, DEFAULT_WINDOW_S);
        assert_eq!((r.rows, r.rejected), (3, 1));
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 4);
        assert_eq!(errs[0].column, Some(super::super::Column::Timestamp));
        let orgs: Vec<_> = r.channel_mix.iter().map(|m| m.org.as_str()).collect();
        assert_eq!(orgs, ["Køge", "Køge", "Ærø"]);
        assert_eq!(r.satisfaction[0].service.as_deref(), Some("børnepenge"));
        assert_eq!(repeats(&r)[0], ("Køge".into(), "phone", 1, 1));
    }

    #[test]
    fn broken_row_lines_are_counted_across_parts() {
        let mut rows: Vec<String> = (2..=100)
            .map(|i| format!("{i},K1,2025-03-01T10:00:00Z,phone,s,c{i},k,,,,"))
            .collect();
        rows[57 - 2] = "57,K1,2025-03-01T10:00:00Z,fax,s,c,k,,,,".into();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let data = csv(&refs);
        for parts in [1, 2, 3, 4] {
            let (r, errs) = analyze(&data, None, parts, DEFAULT_WINDOW_S);
            assert_eq!((r.rows, r.rejected), (98, 1));
            assert_eq!(errs.len(), 1);
            assert_eq!(errs[0].line, 57, "parts {parts}");
        }
    }

    #[test]
    fn quotes_send_the_fast_reader_back() {
        let parser = RowParser::new(
            Layout::from_header(
                &HEAD.trim().split(',').map(String::from).collect::<Vec<_>>(),
                None,
            )
            .unwrap(),
            Encoding::Utf8,
            None,
        );
        let mut p = Partial::new(1, Encoding::Utf8);
        let data = b"1,K1,2025-03-01T10:00:00Z,phone,\"a, b\",,,,,,\n";
        let o = analyze_lines(&data[..], b',', &parser, &mut p, &mut |_| {}).unwrap();
        assert!(o.quoted);
    }
}
