//! A round's respondent lists and the texts of their mails (issue 14).
//!
//! - [`parse_list`]: a list `org, email[, role]` as CSV (delimiter and encoding
//!   detected as for contact logs) or XLSX (the first sheet, through the same reader),
//!   every address checked; a file with any refusal yields no rows, and every refusal
//!   names its line, column and reason. `org` is resolved by the caller (the store).
//! - [`MailText`]: an invitation's or reminder's subject and body with the placeholders
//!   `{organisation}`, `{link}`, `{deadline}` and `{sender}`; an unknown one is refused.
//!
//! Pure: bytes in, rows or refusals out.

use crate::contacts::parse::sniff;
use crate::contacts::xlsx::{is_xlsx, read_xlsx};
use crate::email::EmailAddress;
use std::collections::HashSet;
use std::fmt;

/// One refusal in a list: its line (as a spreadsheet shows it; the header is line 1 in
/// a CSV file), the column when one is to blame, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListProblem {
    pub line: u64,
    pub column: Option<String>,
    pub reason: ListReason,
}

/// Why a row or a file was refused: typed so pages can say it in their language; its
/// Display is the command line's English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListReason {
    #[error("unknown column (the columns are org, email and role)")]
    UnknownColumn,
    #[error("column given twice")]
    ColumnTwice,
    #[error("the header must name the columns org and email (role is optional)")]
    MissingColumns,
    #[error("the list holds {0} rows; at most {MAX_ROWS}")]
    TooManyRows(usize),
    #[error("{0} fields where the header has {1}")]
    FieldCount(usize, usize),
    #[error("no organisation given")]
    NoOrg,
    #[error("no address given")]
    NoEmail,
    #[error("{0}")]
    BadEmail(String),
    #[error("longer than {MAX_ROLE} characters")]
    RoleTooLong,
    #[error("the list holds no addresses")]
    NoAddresses,
    #[error("the file is empty")]
    EmptyFile,
    #[error("the file cannot be read: {0}")]
    Unreadable(String),
    #[error("'{0}' is no organisation (give its id, CVR number or exact name)")]
    UnknownOrg(String),
    #[error("'{0}' is another organisation: a staff list holds only your own")]
    OtherOrg(String),
}

impl fmt::Display for ListProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column '{}': {}", self.line, c, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// One row of a list, its address checked; `org` as written (an id, a CVR number or an
/// exact name), for the store to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub line: u64,
    pub org: String,
    pub email: EmailAddress,
    pub role: Option<String>,
}

/// At most this many refusals are listed.
pub const MAX_PROBLEMS: usize = 100;
/// At most this many rows a list may hold (a network's 40 organisations of 500 staff
/// is 20,000).
pub const MAX_ROWS: usize = 100_000;
/// The longest role kept.
const MAX_ROLE: usize = 100;

fn problem(line: u64, column: Option<&str>, reason: ListReason) -> ListProblem {
    ListProblem {
        line,
        column: column.map(str::to_string),
        reason,
    }
}

/// Reads a respondent list (CSV or XLSX, told apart by content). Blank lines are
/// skipped; the same address twice (in any letter case) is kept once here and once per
/// round by the store.
pub fn parse_list(bytes: &[u8]) -> Result<Vec<ListRow>, Vec<ListProblem>> {
    let (header_line, header, records) = read_table(bytes).map_err(|p| vec![p])?;
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for h in &header {
        let h = h.trim().to_lowercase();
        if !h.is_empty() && !["org", "email", "role"].contains(&h.as_str()) {
            problems.push(problem(header_line, Some(&h), ListReason::UnknownColumn));
        } else if !h.is_empty() && !seen.insert(h.clone()) {
            problems.push(problem(header_line, Some(&h), ListReason::ColumnTwice));
        }
    }
    let (Some(org_col), Some(email_col)) = (find("org"), find("email")) else {
        problems.push(problem(header_line, None, ListReason::MissingColumns));
        return Err(problems);
    };
    let role_col = find("role");
    if records.len() > MAX_ROWS {
        problems.push(problem(
            header_line,
            None,
            ListReason::TooManyRows(records.len()),
        ));
        return Err(problems);
    }
    let mut rows = Vec::with_capacity(records.len());
    for (line, rec) in records {
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        let cell = |i: usize| rec.get(i).map(|s| s.trim()).unwrap_or("");
        if rec.len() > header.len() {
            problems.push(problem(
                line,
                None,
                ListReason::FieldCount(rec.len(), header.len()),
            ));
            continue;
        }
        let org = cell(org_col);
        if org.is_empty() {
            problems.push(problem(line, Some("org"), ListReason::NoOrg));
        }
        let email = match cell(email_col) {
            "" => {
                problems.push(problem(line, Some("email"), ListReason::NoEmail));
                None
            }
            e => match EmailAddress::parse(e) {
                Ok(a) => Some(a),
                Err(err) => {
                    problems.push(problem(
                        line,
                        Some("email"),
                        ListReason::BadEmail(err.to_string()),
                    ));
                    None
                }
            },
        };
        let role = role_col.map(cell).filter(|r| !r.is_empty());
        if role.is_some_and(|r| r.chars().count() > MAX_ROLE) {
            problems.push(problem(line, Some("role"), ListReason::RoleTooLong));
            continue;
        }
        if let (Some(email), false) = (email, org.is_empty()) {
            rows.push(ListRow {
                line,
                org: org.to_string(),
                email,
                role: role.map(str::to_string),
            });
        }
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push(problem(header_line, None, ListReason::NoAddresses));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

type Table = (u64, Vec<String>, Vec<(u64, Vec<String>)>);

/// The header line, the header and the non-blank data rows with their line numbers.
fn read_table(bytes: &[u8]) -> Result<Table, ListProblem> {
    if is_xlsx(bytes) {
        let mut t = read_xlsx(bytes.to_vec())
            .map_err(|e| problem(1, None, ListReason::Unreadable(e.to_string())))?;
        let header = t.header.clone();
        let mut rows = Vec::new();
        let mut bad = None;
        t.each_row(None, &mut |line, rec| {
            let mut cells = Vec::with_capacity(rec.len());
            for f in rec.iter() {
                match std::str::from_utf8(f) {
                    Ok(s) => cells.push(s.to_string()),
                    Err(_) => {
                        bad = Some(line);
                        return false;
                    }
                }
            }
            rows.push((line, cells));
            rows.len() <= MAX_ROWS
        })
        .map_err(|e| problem(1, None, ListReason::Unreadable(e.to_string())))?;
        if let Some(line) = bad {
            return Err(problem(
                line,
                None,
                ListReason::Unreadable("a cell is not text".into()),
            ));
        }
        return Ok((t.header_line(), header, rows));
    }
    let s = sniff(&bytes[..bytes.len().min(1 << 20)]);
    let text = s.encoding.decode(&bytes[s.bom_len..]).map_err(|_| {
        problem(
            1,
            None,
            ListReason::Unreadable("neither UTF-8 nor Windows-1252 text".into()),
        )
    })?;
    let mut rdr = crate::contacts::csv_reader(text.as_bytes(), s.delimiter, None);
    let mut header: Option<(u64, Vec<String>)> = None;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let at = e
                .position()
                .map_or(0, |p| p.byte() as usize)
                .min(text.len());
            let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() as u64;
            problem(line, None, ListReason::Unreadable(e.to_string()))
        })?;
        // The csv reader's line count passes over blank lines; the byte offset does not.
        let mut at = rec
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(text.len());
        // (the position may be where the blank lines before the record start)
        while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() as u64;
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        if header.is_none() {
            header = Some((line, cells));
        } else {
            rows.push((line, cells));
            if rows.len() > MAX_ROWS {
                break;
            }
        }
    }
    let (header_line, header) = header.ok_or_else(|| problem(1, None, ListReason::EmptyFile))?;
    Ok((header_line, header, rows))
}

/// The placeholders a mail text may hold.
pub const PLACEHOLDERS: [&str; 4] = ["organisation", "link", "deadline", "sender"];

/// Why a mail text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error(
        "unknown placeholder {{{0}}} (known: {{organisation}}, {{link}}, {{deadline}}, {{sender}})"
    )]
    Unknown(String),
    #[error("a '{{' without its '}}'")]
    Unclosed,
    #[error("the body must hold {{link}}: without it nobody can answer")]
    NoLink,
    #[error("the subject cannot hold {{link}}")]
    LinkInSubject,
    #[error("the text is empty")]
    Empty,
    #[error("the subject is longer than 200 characters or holds a line break")]
    Subject,
}

/// What fills the placeholders of one mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailVars<'a> {
    pub organisation: &'a str,
    pub link: &'a str,
    pub deadline: &'a str,
    pub sender: &'a str,
}

/// A piece of a text: as written, or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Var(&'static str),
}

fn pieces(text: &str) -> Result<Vec<Piece>, TextError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push(Piece::Text(rest[..open].to_string()));
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(TextError::Unclosed)?;
        let name = after[..close].trim();
        let known = PLACEHOLDERS
            .iter()
            .find(|p| p.eq_ignore_ascii_case(name))
            .ok_or_else(|| TextError::Unknown(name.chars().take(40).collect()))?;
        out.push(Piece::Var(known));
        rest = &after[close + 1..];
    }
    out.push(Piece::Text(rest.to_string()));
    Ok(out)
}

/// A subject and body with placeholders, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailText {
    subject: Vec<Piece>,
    body: Vec<Piece>,
}

impl MailText {
    pub fn parse(subject: &str, body: &str) -> Result<MailText, TextError> {
        let subject_t = subject.trim();
        if subject_t.is_empty() || body.trim().is_empty() {
            return Err(TextError::Empty);
        }
        if subject_t.chars().count() > 200 || subject_t.contains(['\r', '\n']) {
            return Err(TextError::Subject);
        }
        let s = pieces(subject_t)?;
        let b = pieces(&body.replace("\r\n", "\n"))?;
        if s.contains(&Piece::Var("link")) {
            return Err(TextError::LinkInSubject);
        }
        if !b.contains(&Piece::Var("link")) {
            return Err(TextError::NoLink);
        }
        Ok(MailText {
            subject: s,
            body: b,
        })
    }

    fn fill(pieces: &[Piece], v: &MailVars<'_>, link_alone: bool) -> String {
        let mut out = String::new();
        for (i, p) in pieces.iter().enumerate() {
            match p {
                Piece::Text(t) => {
                    // After the link, the text goes on on the next line.
                    let after_link = link_alone && i > 0 && pieces[i - 1] == Piece::Var("link");
                    let t = if after_link {
                        t.trim_start_matches([' ', '\t'])
                    } else {
                        t
                    };
                    if after_link && !t.is_empty() && !t.starts_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(t);
                }
                Piece::Var("link") if link_alone => {
                    // The link on a line of its own, so no mail client breaks or joins it.
                    let kept = out.trim_end_matches([' ', '\t']).len();
                    out.truncate(kept);
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(v.link);
                }
                Piece::Var(name) => out.push_str(match *name {
                    "organisation" => v.organisation,
                    "link" => v.link,
                    "deadline" => v.deadline,
                    _ => v.sender,
                }),
            }
        }
        out.trim_end().to_string()
    }

    /// The subject with its placeholders filled.
    pub fn subject(&self, v: &MailVars<'_>) -> String {
        Self::fill(&self.subject, v, false)
    }

    /// The plain-text body with its placeholders filled, the link on a line of its own.
    pub fn body(&self, v: &MailVars<'_>) -> String {
        let mut b = Self::fill(&self.body, v, true);
        b.push('\n');
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_list_is_read_with_its_lines_and_optional_role() {
        let rows =
            parse_list(b"org;email;role\n12345678;Kim@Aarhus.dk;leder\n\nAarhus;bo@aarhus.dk;\n")
                .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].org, "12345678");
        assert_eq!(rows[0].email.as_str(), "Kim@Aarhus.dk");
        assert_eq!(rows[0].role.as_deref(), Some("leder"));
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].role, None);
        // role is optional, columns in any order and letter case
        let rows = parse_list(b"\xEF\xBB\xBFEmail,Org\na@b.dk,7\n").unwrap();
        assert_eq!((rows[0].org.as_str(), rows[0].line), ("7", 2));
    }

    #[test]
    fn bad_rows_are_refused_with_line_and_column_and_nothing_is_returned() {
        let p = parse_list(b"org,email\n1,a@b.dk\n2,not-an-address\n,c@d.dk\n").unwrap_err();
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!((p[0].line, p[0].column.as_deref()), (3, Some("email")));
        assert!(p[0].to_string().starts_with("line 3, column 'email': "));
        assert_eq!((p[1].line, p[1].column.as_deref()), (4, Some("org")));
        let p = parse_list(b"org,mail\n1,a@b.dk\n").unwrap_err();
        assert!(p.iter().any(|p| p.column.as_deref() == Some("mail")));
        assert!(parse_list(b"org,email\n").is_err());
        assert!(parse_list(b"").is_err());
        let p = parse_list(b"org,email\n1,a@b.dk,x\n").unwrap_err();
        assert_eq!(p[0].line, 2);
    }

    #[test]
    fn a_windows_1252_list_is_read() {
        let rows = parse_list(b"org;email\n\xC6r\xF8 Kommune;a@aeroe.dk\n").unwrap();
        assert_eq!(rows[0].org, "Ærø Kommune");
    }

    #[test]
    fn texts_fill_placeholders_and_refuse_unknown_ones() {
        let t = MailText::parse(
            "Svar for {organisation} inden {deadline}",
            "Hej\n\nKlik her: {link}\nHilsen {sender}",
        )
        .unwrap();
        let v = MailVars {
            organisation: "Århus",
            link: "https://x/r/abc",
            deadline: "1. marts 2027",
            sender: "KL",
        };
        assert_eq!(t.subject(&v), "Svar for Århus inden 1. marts 2027");
        let body = t.body(&v);
        assert!(body.lines().any(|l| l == "https://x/r/abc"), "{body}");
        assert_eq!(body, "Hej\n\nKlik her:\nhttps://x/r/abc\nHilsen KL\n");
        assert_eq!(
            MailText::parse("x", "{link} {navn}"),
            Err(TextError::Unknown("navn".into()))
        );
        assert!(MailText::parse("x", "{link")
            .unwrap_err()
            .to_string()
            .contains('{'));
        assert_eq!(MailText::parse("x", "no link"), Err(TextError::NoLink));
        assert_eq!(
            MailText::parse("{link}", "{link}"),
            Err(TextError::LinkInSubject)
        );
        assert!(MailText::parse("x\ny", "{link}").is_err());
    }
}
