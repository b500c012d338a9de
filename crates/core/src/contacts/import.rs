//! The pure parts of importing a contact log into storage: splitting a block of text into
//! records, and the whole-file privacy check for columns that hold CPR numbers.

use super::parse::{looks_like_cpr, split_line, Column, Fields, Layout, SplitLine, MAX_FIELDS};

/// Calls `f(line, record)` for each line of `data` (text without quotes, starting at a
/// line start) split on `delimiter`; `line` counts from `first_line`. Blank lines are
/// skipped; a `\r` before a line end is dropped. Returns the line ends seen.
pub fn for_each_line(
    data: &[u8],
    delimiter: u8,
    first_line: u64,
    mut f: impl FnMut(u64, &SplitLine<'_>),
) -> u64 {
    let mut bounds = [(0u32, 0u32); MAX_FIELDS];
    let mut line = first_line;
    let mut newlines = 0;
    let mut start = 0;
    while start < data.len() {
        let (end, next) = match memchr::memchr(b'\n', &data[start..]) {
            Some(p) => (start + p, start + p + 1),
            None => (data.len(), data.len()),
        };
        let mut text = &data[start..end];
        if let [rest @ .., b'\r'] = text {
            text = rest;
        }
        if !text.is_empty() {
            let rec = split_line(text, delimiter, &mut bounds);
            f(line, &rec);
        }
        if next > end {
            newlines += 1;
        }
        line += 1;
        start = next;
    }
    newlines
}

/// Counts, per source column, the values that look like CPR numbers, to refuse a file
/// that holds them outside the key columns (which are hashed before storing).
///
/// A column is refused when at least half of its non-empty values look like CPR numbers
/// ([`looks_like_cpr`]): a column of ten-digit ids is then refused only if most of them
/// happen to start with a valid date, which real ids seldom do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CprScan {
    cols: Vec<CprColumn>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct CprColumn {
    /// Mapped as citizen_key or case_key: hashed, so allowed.
    exempt: bool,
    values: u64,
    cpr: u64,
    /// The first line with a CPR-like value.
    first: Option<u64>,
}

impl CprScan {
    pub fn new(layout: &Layout) -> CprScan {
        let mut cols = vec![CprColumn::default(); layout.fields];
        for key in [Column::CitizenKey, Column::CaseKey] {
            if let Some(c) = layout.index[key as usize].and_then(|i| cols.get_mut(i)) {
                c.exempt = true;
            }
        }
        CprScan { cols }
    }

    /// Looks at one record (of any width: columns beyond the header are not looked at).
    #[inline]
    pub fn add<F: Fields>(&mut self, rec: &F, line: u64) {
        let n = rec.count().min(self.cols.len());
        for (i, c) in self.cols[..n].iter_mut().enumerate() {
            let v = rec.field(i);
            if v.is_empty() || c.exempt {
                continue;
            }
            c.values += 1;
            if (10..=13).contains(&v.len()) && looks_like_cpr(v) {
                c.cpr += 1;
                if c.first.is_none_or(|f| line < f) {
                    c.first = Some(line);
                }
            }
        }
    }

    /// Adds another part's counts (of the same file).
    pub fn merge(&mut self, other: &CprScan) {
        for (a, b) in self.cols.iter_mut().zip(&other.cols) {
            a.values += b.values;
            a.cpr += b.cpr;
            a.first = match (a.first, b.first) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
        }
    }

    /// The first refused column: (0-based index, the first line with a CPR-like value).
    pub fn refused(&self) -> Option<(usize, u64)> {
        self.cols.iter().enumerate().find_map(|(i, c)| {
            (c.cpr > 0 && c.cpr * 2 >= c.values)
                .then_some(c.first)
                .flatten()
                .map(|l| (i, l))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(header: &str) -> Layout {
        let h: Vec<String> = header.split(',').map(String::from).collect();
        Layout::from_header(&h, None).unwrap()
    }

    #[test]
    fn lines_are_numbered_and_blank_ones_skipped() {
        let mut seen = Vec::new();
        let n = for_each_line(b"a,b\r\n\nc,d\ne", b',', 5, |line, rec| {
            seen.push((line, rec.count(), rec.field(1).to_vec()));
        });
        assert_eq!(n, 3);
        assert_eq!(
            seen,
            [(5, 2, b"b".to_vec()), (7, 2, b"d".to_vec()), (8, 1, vec![])]
        );
    }

    #[test]
    fn a_cpr_column_is_refused_unless_it_is_a_key() {
        let l = layout("contact_id,org_id,timestamp,channel,citizen_key,note");
        let row = |id: &str, key: &str, note: &str| {
            csv::ByteRecord::from(vec![id, "K1", "2025-01-01T00:00:00Z", "web", key, note])
        };
        let mut a = CprScan::new(&l);
        a.add(&row("1", "010190-1234", ""), 2);
        a.add(&row("2", "0101901234", "ok"), 3);
        assert_eq!(a.refused(), None, "keys are hashed, so allowed");
        let mut b = CprScan::new(&l);
        b.add(&row("3", "x", "311299-0001"), 9);
        b.add(&row("4", "x", "2902001234"), 7);
        a.merge(&b);
        // note: 2 of 3 values look like CPR numbers; the first is on line 7
        assert_eq!(a.refused(), Some((5, 7)));
        // ten-digit ids that are mostly not dates pass
        let mut c = CprScan::new(&l);
        for (i, id) in ["1000000001", "1000000002", "0101251234"]
            .iter()
            .enumerate()
        {
            c.add(&row(id, "", ""), i as u64 + 2);
        }
        assert_eq!(c.refused(), None);
    }
}
