//! Organisations in bulk: a CSV or XLSX file of organisations, one a row, with a header
//! naming the columns `name`, `kind`, `cvr`, `tags` and `contact_email` in any order
//! (`name` and `kind` required; Danish headers `navn`, `type`, `cvr-nr`, `grupper`,
//! `kontakt_email` and a few more are taken too, see [`Field::from_header`]). Tags are
//! separated by `|`. CSV files are read as contact logs are (encoding and delimiter
//! detected by [`crate::contacts::sniff`]); workbooks by [`crate::contacts::xlsx`].
//!
//! All or nothing: every problem is reported with its line, column and field, and a
//! file with any problem yields no rows.

use crate::contacts::sniff;
use crate::contacts::xlsx::{is_xlsx, read_xlsx, WorkbookError};
use crate::{EmailError, NewOrg, OrgError, OrgKind};
use std::collections::HashMap;
use std::fmt;

/// The columns of an organisation file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Kind,
    Cvr,
    Tags,
    ContactEmail,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Name,
        Field::Kind,
        Field::Cvr,
        Field::Tags,
        Field::ContactEmail,
    ];

    /// The canonical (English) column name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Kind => "kind",
            Field::Cvr => "cvr",
            Field::Tags => "tags",
            Field::ContactEmail => "contact_email",
        }
    }

    /// The column a header cell names (any letter case, spaces and hyphens as `_`).
    pub fn from_header(h: &str) -> Option<Field> {
        let h = h.trim().to_lowercase().replace([' ', '-', '.'], "_");
        Some(match h.as_str() {
            "name" | "navn" | "organisation" | "organization" => Field::Name,
            "kind" | "type" | "art" | "slags" => Field::Kind,
            "cvr" | "cvr_nr" | "cvrnr" | "cvr_nummer" => Field::Cvr,
            "tags" | "tag" | "grupper" | "gruppe" => Field::Tags,
            "contact_email" | "kontakt_email" | "kontakt_e_mail" | "contact_e_mail" | "email"
            | "e_mail" => Field::ContactEmail,
            _ => return None,
        })
    }
}

/// The kinds as written in a file: the four stored kinds, and synonyms in Danish and
/// English (any letter case).
pub fn kind_of(s: &str) -> Option<OrgKind> {
    Some(match s.trim().to_lowercase().as_str() {
        "kommune" | "kommunen" | "municipality" | "municipal" | "municipalities" => {
            OrgKind::Kommune
        }
        "region" | "regionen" | "regional" => OrgKind::Region,
        "stat" | "staten" | "statslig" | "state" | "government" | "agency" | "styrelse"
        | "ministerium" | "ministry" => OrgKind::Stat,
        "andet" | "anden" | "other" | "øvrige" | "oevrige" => OrgKind::Andet,
        _ => return None,
    })
}

/// Why a file or one of its cells is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Reason {
    #[error("{0}")]
    Workbook(WorkbookError),
    #[error("unreadable CSV: {0}")]
    Unreadable(String),
    #[error("not valid UTF-8 text")]
    NotText,
    #[error("empty file (no header line)")]
    NoHeader,
    #[error("no organisation in the file (only a header)")]
    NoRows,
    #[error("unknown column '{0}' (expected name, kind, cvr, tags, contact_email)")]
    UnknownColumn(String),
    #[error("column given twice")]
    ColumnTwice,
    #[error("required column is missing")]
    MissingColumn,
    #[error("has {fields} fields; the header has {header}")]
    FieldCount { fields: usize, header: usize },
    #[error("an organisation needs a name")]
    EmptyName,
    #[error("unknown kind '{0}' (expected kommune, region, stat or andet)")]
    UnknownKind(String),
    #[error("CVR number '{0}' must be exactly 8 digits")]
    CvrFormat(String),
    #[error("CVR number '{0}' fails the modulus-11 check")]
    CvrChecksum(String),
    #[error("{0}")]
    Email(EmailError),
    #[error("the name '{name}' is also on line {first}")]
    NameTwice { name: String, first: u64 },
    #[error("the CVR number {cvr} is also on line {first}")]
    CvrTwice { cvr: String, first: u64 },
    /// Found by the store: the row's organisation would take another one's name.
    #[error("the name '{name}' belongs to another organisation (id {id})")]
    NameTaken { name: String, id: i64 },
    /// Found by the store: the organisation of that name has another CVR number.
    #[error("the organisation named '{name}' (id {id}) has CVR number {cvr}")]
    CvrDiffers { name: String, id: i64, cvr: String },
    /// Found by the store: two rows match the same stored organisation.
    #[error("matches the same organisation (id {id}) as line {first}")]
    SameOrganisation { id: i64, first: u64 },
}

/// One problem: where (the line, as an editor or Excel numbers it; the 1-based column
/// and its field or header text, when it is one cell) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: u64,
    pub column: Option<(usize, String)>,
    pub reason: Reason,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some((c, field)) => write!(
                f,
                "line {}, column {} ({}): {}",
                self.line, c, field, self.reason
            ),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// A valid row, the line it came from and the file's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgRow {
    pub line: u64,
    pub org: NewOrg,
    pub columns: Columns,
}

/// Where the fields are in the file (1-based columns); a column the file does not have
/// is None, and importing leaves that field of an existing organisation as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub name: usize,
    pub kind: usize,
    pub cvr: Option<usize>,
    pub tags: Option<usize>,
    pub contact_email: Option<usize>,
}

impl OrgRow {
    /// A problem with one of this row's fields (its column, if the file has it).
    pub fn problem(&self, field: Field, reason: Reason) -> Problem {
        let c = &self.columns;
        let column = match field {
            Field::Name => Some(c.name),
            Field::Kind => Some(c.kind),
            Field::Cvr => c.cvr,
            Field::Tags => c.tags,
            Field::ContactEmail => c.contact_email,
        };
        Problem {
            line: self.line,
            column: column.map(|i| (i, field.name().to_string())),
            reason,
        }
    }
}

/// At most this many problems are listed.
pub const MAX_PROBLEMS: usize = 100;

/// Reads an organisation file (CSV in UTF-8 or Windows-1252 with `,`, `;` or tab, or an
/// XLSX workbook's first sheet): its rows in file order, or every problem.
pub fn parse_org_file(bytes: Vec<u8>) -> Result<Vec<OrgRow>, Vec<Problem>> {
    let at = |line: u64, reason: Reason| {
        vec![Problem {
            line,
            column: None,
            reason,
        }]
    };
    let (header_line, header, records) = if is_xlsx(&bytes) {
        let mut table = read_xlsx(bytes).map_err(|e| at(1, Reason::Workbook(e)))?;
        let mut records = Vec::new();
        table
            .each_row(None, &mut |line, rec| {
                records.push((
                    line,
                    rec.iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect(),
                ));
                true
            })
            .map_err(|e| at(1, Reason::Workbook(e)))?;
        (table.header_line(), table.header.clone(), records)
    } else {
        read_csv(&bytes)?
    };
    parse_table(header_line, &header, records)
}

type Records = Vec<(u64, Vec<String>)>;

/// A CSV file's header and records as text, each with its line.
fn read_csv(bytes: &[u8]) -> Result<(u64, Vec<String>, Records), Vec<Problem>> {
    let sn = sniff(&bytes[..bytes.len().min(1 << 20)]);
    let mut rdr = crate::contacts::csv_reader(&bytes[sn.bom_len..], sn.delimiter, None);
    let body = &bytes[sn.bom_len..];
    let (mut newlines, mut counted) = (0u64, 0usize);
    let text = |line: u64, rec: &csv::ByteRecord| -> Result<Vec<String>, Vec<Problem>> {
        rec.iter()
            .enumerate()
            .map(|(i, f)| match sn.encoding.decode(f) {
                Ok(s) => Ok(s.into_owned()),
                Err(_) => Err(vec![Problem {
                    line,
                    column: Some((i + 1, String::new())),
                    reason: Reason::NotText,
                }]),
            })
            .collect()
    };
    let mut header = None;
    let mut records = Vec::new();
    let mut rec = csv::ByteRecord::new();
    loop {
        let line = newlines + 1;
        let before = rdr.position().byte();
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(vec![Problem {
                    line,
                    column: None,
                    reason: Reason::Unreadable(e.to_string()),
                }])
            }
        }
        // the csv reader skips empty lines without counting them: count line ends
        let mut start = (before as usize).min(body.len());
        while matches!(body.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        newlines += body[counted.min(start)..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        counted = counted.max(start);
        let line = newlines + 1;
        if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let fields = text(line, &rec)?;
        if header.is_none() {
            header = Some((line, fields));
        } else {
            records.push((line, fields));
        }
    }
    let (line, header) = header.ok_or_else(|| {
        vec![Problem {
            line: 1,
            column: None,
            reason: Reason::NoHeader,
        }]
    })?;
    Ok((line, header, records))
}

/// Checks the header and every row.
fn parse_table(
    header_line: u64,
    header: &[String],
    records: Records,
) -> Result<Vec<OrgRow>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut index: HashMap<Field, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        let cell = Some((i + 1, h.trim().to_string()));
        match Field::from_header(h) {
            None => problems.push(Problem {
                line: header_line,
                column: cell,
                reason: Reason::UnknownColumn(h.trim().to_string()),
            }),
            Some(f) if index.contains_key(&f) => problems.push(Problem {
                line: header_line,
                column: cell,
                reason: Reason::ColumnTwice,
            }),
            Some(f) => {
                index.insert(f, i);
            }
        }
    }
    for f in [Field::Name, Field::Kind] {
        if !index.contains_key(&f) {
            problems.push(Problem {
                line: header_line,
                column: Some((header.len() + 1, f.name().to_string())),
                reason: Reason::MissingColumn,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if records.is_empty() {
        return Err(vec![Problem {
            line: header_line,
            column: None,
            reason: Reason::NoRows,
        }]);
    }
    let col = |f: Field| index.get(&f).map(|i| i + 1);
    let columns = Columns {
        name: col(Field::Name).unwrap_or(1),
        kind: col(Field::Kind).unwrap_or(1),
        cvr: col(Field::Cvr),
        tags: col(Field::Tags),
        contact_email: col(Field::ContactEmail),
    };
    let mut rows = Vec::with_capacity(records.len());
    let mut names: HashMap<String, u64> = HashMap::new();
    let mut cvrs: HashMap<String, u64> = HashMap::new();
    for (line, rec) in records {
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        let width = rec
            .iter()
            .rposition(|f| !f.trim().is_empty())
            .map_or(0, |i| i + 1);
        if width > header.len() {
            problems.push(Problem {
                line,
                column: None,
                reason: Reason::FieldCount {
                    fields: rec.len(),
                    header: header.len(),
                },
            });
            continue;
        }
        let cell = |f: Field| -> (&str, Option<(usize, String)>) {
            let i = index.get(&f).copied();
            (
                i.and_then(|i| rec.get(i)).map_or("", |s| s.trim()),
                i.map(|i| (i + 1, f.name().to_string())),
            )
        };
        let mut mine = Vec::new();
        let mut bad = |f: Field, reason: Reason| {
            mine.push(Problem {
                line,
                column: cell(f).1,
                reason,
            })
        };
        let (name, _) = cell(Field::Name);
        let (kind_text, _) = cell(Field::Kind);
        let (cvr, _) = cell(Field::Cvr);
        let (tags, _) = cell(Field::Tags);
        let (email, _) = cell(Field::ContactEmail);
        if name.is_empty() {
            bad(Field::Name, Reason::EmptyName);
        } else if let Some(first) = names.get(name) {
            bad(
                Field::Name,
                Reason::NameTwice {
                    name: name.to_string(),
                    first: *first,
                },
            );
        }
        let kind = kind_of(kind_text);
        if kind.is_none() {
            bad(Field::Kind, Reason::UnknownKind(kind_text.to_string()));
        }
        if !cvr.is_empty() {
            if let Some(first) = cvrs.get(cvr) {
                bad(
                    Field::Cvr,
                    Reason::CvrTwice {
                        cvr: cvr.to_string(),
                        first: *first,
                    },
                );
            }
        }
        if !cvr.is_empty() {
            match crate::Cvr::parse(cvr) {
                Ok(_) => {}
                Err(OrgError::CvrChecksum(c)) => bad(Field::Cvr, Reason::CvrChecksum(c)),
                Err(_) => bad(Field::Cvr, Reason::CvrFormat(cvr.to_string())),
            }
        }
        if !email.is_empty() {
            if let Err(e) = crate::EmailAddress::parse(email) {
                bad(Field::ContactEmail, Reason::Email(e));
            }
        }
        if !mine.is_empty() {
            problems.extend(mine);
            continue;
        }
        let tags: Vec<String> = tags.split('|').map(str::to_string).collect();
        let kind = kind.unwrap_or(OrgKind::Andet);
        // every rule NewOrg::parse applies was checked above
        if let Ok(org) = NewOrg::parse(name, kind.as_str(), Some(cvr), &tags)
            .and_then(|o| o.with_contact_email(Some(email)))
        {
            names.insert(name.to_string(), line);
            if !cvr.is_empty() {
                cvrs.insert(cvr.to_string(), line);
            }
            rows.push(OrgRow { line, org, columns });
        }
    }
    problems.truncate(MAX_PROBLEMS);
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<OrgRow>, Vec<Problem>> {
        parse_org_file(text.as_bytes().to_vec())
    }

    fn shown(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn rows_in_file_order_with_columns_in_any_order() {
        let rows = parse(
            "kind,name,tags,cvr,contact_email\n\
             kommune,Aarhus Kommune,Region Midt|stor,55133018,kontakt@aarhus.dk\n\
             \n\
             Region,Region Nord,,,\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].org.name, "Aarhus Kommune");
        assert_eq!(rows[0].org.kind, OrgKind::Kommune);
        assert_eq!(rows[0].org.cvr.as_ref().unwrap().as_str(), "55133018");
        assert_eq!(rows[0].org.tags, vec!["Region Midt", "stor"]);
        assert_eq!(
            rows[0].org.contact_email.as_ref().unwrap().as_str(),
            "kontakt@aarhus.dk"
        );
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].org.kind, OrgKind::Region);
        assert_eq!(rows[1].org.cvr, None);
        assert!(rows[1].org.tags.is_empty());
    }

    #[test]
    fn danish_headers_semicolons_and_windows_1252() {
        let mut bytes = b"Navn;Type;CVR-nr;Grupper;Kontakt_email\r\n".to_vec();
        bytes.extend(b"K\xf8ge Kommune;Municipality;;Sj\xe6lland;\r\n");
        bytes.extend(b"Styrelsen;STATEN;;;\r\n");
        let rows = parse_org_file(bytes).unwrap();
        assert_eq!(rows[0].org.name, "Køge Kommune");
        assert_eq!(rows[0].org.tags, vec!["Sjælland"]);
        assert_eq!(rows[1].org.kind, OrgKind::Stat);
        let bom = "\u{feff}name,kind\nX,Other\n";
        assert_eq!(parse(bom).unwrap()[0].org.kind, OrgKind::Andet);
    }

    #[test]
    fn every_refusal_names_line_column_and_field() {
        let p = shown(
            "name,kind,cvr,contact_email\n\
             ,kommune,,\n\
             Aarhus,county,,\n\
             Odder,kommune,5513301,\n\
             Skive,kommune,55133019,x@\n\
             Viborg,kommune,,not an address\n",
        );
        assert_eq!(
            p,
            vec![
                "line 2, column 1 (name): an organisation needs a name",
                "line 3, column 2 (kind): unknown kind 'county' (expected kommune, region, stat or andet)",
                "line 4, column 3 (cvr): CVR number '5513301' must be exactly 8 digits",
                "line 5, column 3 (cvr): CVR number '55133019' fails the modulus-11 check",
                "line 5, column 4 (contact_email): 'x@' is not an e-mail address (name@domain.tld)",
                "line 6, column 4 (contact_email): 'not an address' is not an e-mail address (name@domain.tld)",
            ]
        );
    }

    #[test]
    fn a_name_or_cvr_twice_is_refused_naming_the_first_line() {
        let p = shown(
            "name,kind,cvr\n\
             Aarhus,kommune,55133018\n\
             Aarhus,kommune,\n\
             Aarhus 2,kommune,55133018\n",
        );
        assert_eq!(
            p,
            vec![
                "line 3, column 1 (name): the name 'Aarhus' is also on line 2",
                "line 4, column 3 (cvr): the CVR number 55133018 is also on line 2",
            ]
        );
    }

    #[test]
    fn header_problems() {
        assert_eq!(
            shown("name,colour\nX,kommune\n"),
            vec![
                "line 1, column 2 (colour): unknown column 'colour' (expected name, kind, cvr, tags, contact_email)",
                "line 1, column 3 (kind): required column is missing",
            ]
        );
        assert_eq!(
            shown("name,navn,kind\n"),
            vec!["line 1, column 2 (navn): column given twice"]
        );
        assert_eq!(shown(""), vec!["line 1: empty file (no header line)"]);
        assert_eq!(
            shown("name,kind\n"),
            vec!["line 1: no organisation in the file (only a header)"]
        );
        assert_eq!(
            shown("name,kind\nA,kommune,extra\n"),
            vec!["line 2: has 3 fields; the header has 2"]
        );
    }

    #[test]
    fn kinds_and_synonyms() {
        for (s, k) in [
            ("KOMMUNE", OrgKind::Kommune),
            ("municipality", OrgKind::Kommune),
            ("Regionen", OrgKind::Region),
            ("State", OrgKind::Stat),
            ("styrelse", OrgKind::Stat),
            ("Other", OrgKind::Andet),
        ] {
            assert_eq!(kind_of(s), Some(k), "{s}");
        }
        assert_eq!(kind_of("county"), None);
        assert_eq!(kind_of(""), None);
    }

    #[test]
    fn a_broken_workbook_is_refused_on_line_1() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend([0u8; 40]);
        let p = parse_org_file(bytes).unwrap_err();
        assert_eq!(p[0].line, 1);
        assert!(matches!(p[0].reason, Reason::Workbook(_)));
    }
}
