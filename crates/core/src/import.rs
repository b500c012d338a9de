//! Answers collected elsewhere (paper, another survey tool), as CSV: one row per
//! respondent; columns `org`, `role`, then one column per question id holding 1 to 5
//! or empty. Every problem is reported with its line and column; a file with any
//! problem imports nothing.

use crate::model::Model;
use crate::scoring::{Answer, Answers};
use std::collections::HashSet;
use std::fmt;

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportProblem {
    pub line: usize,
    pub column: Option<String>,
    pub reason: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column '{}': {}", self.line, c, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// A parsed row, with its organisation resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedResponse {
    pub line: usize,
    pub org_id: i64,
    pub role: Option<String>,
    pub answers: Answers,
}

/// At most this many problems are listed; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

/// Parses a response file. `org` resolves an `org` cell (an id or an exact name).
pub fn parse_responses_csv(
    model: &Model,
    data: &[u8],
    org: impl Fn(&str) -> Option<i64>,
) -> Result<Vec<ParsedResponse>, Vec<ImportProblem>> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let mut problems = Vec::new();
    let push = |p: ImportProblem, problems: &mut Vec<ImportProblem>| problems.push(p);

    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            return Err(vec![ImportProblem {
                line: 1,
                column: None,
                reason: format!("unreadable header: {e}"),
            }])
        }
    };
    let mut seen = HashSet::new();
    for (i, h) in headers.iter().enumerate() {
        if problems.len() > MAX_PROBLEMS {
            // a header of a million bad columns must not list two million problems
            break;
        }
        if !seen.insert(h.as_str()) {
            push(
                ImportProblem {
                    line: 1,
                    column: Some(h.clone()),
                    reason: "column given twice".into(),
                },
                &mut problems,
            );
        }
        let known = h == "org" || h == "role" || model.question(h).is_some();
        if !known {
            push(
                ImportProblem {
                    line: 1,
                    column: Some(h.clone()),
                    reason: format!(
                        "column {} is neither 'org', 'role' nor a question id of model {}",
                        i + 1,
                        model.key()
                    ),
                },
                &mut problems,
            );
        }
    }
    for required in ["org", "role"] {
        if !headers.iter().any(|h| h == required) {
            push(
                ImportProblem {
                    line: 1,
                    column: Some(required.into()),
                    reason: "required column is missing".into(),
                },
                &mut problems,
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = rdr.position().line() as usize;
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                push(
                    ImportProblem {
                        line,
                        column: None,
                        reason: format!("unreadable row: {e}"),
                    },
                    &mut problems,
                );
                break;
            }
        }
        let line = record.position().map(|p| p.line() as usize).unwrap_or(line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            push(
                ImportProblem {
                    line,
                    column: None,
                    reason: format!(
                        "has {} fields; the header has {}",
                        record.len(),
                        headers.len()
                    ),
                },
                &mut problems,
            );
            continue;
        }
        let mut org_id = None;
        let mut role = None;
        let mut answers = Answers::new();
        for (h, cell) in headers.iter().zip(record.iter()) {
            let cell = cell.trim();
            let problem = |reason: String| ImportProblem {
                line,
                column: Some(h.clone()),
                reason,
            };
            match h.as_str() {
                "org" => match org(cell) {
                    Some(id) => org_id = Some(id),
                    None if cell.is_empty() => {
                        push(problem("an organisation is required".into()), &mut problems)
                    }
                    None => push(
                        problem(format!("no organisation with id or name '{cell}'")),
                        &mut problems,
                    ),
                },
                "role" => {
                    if !cell.is_empty() {
                        if model.role(cell).is_some() {
                            role = Some(cell.to_string());
                        } else {
                            let ids: Vec<&str> =
                                model.roles.options.iter().map(|r| r.id.as_str()).collect();
                            push(
                                problem(format!(
                                    "'{cell}' is not a role of the model ({})",
                                    ids.join(", ")
                                )),
                                &mut problems,
                            );
                        }
                    }
                }
                q => {
                    if cell.is_empty() {
                        continue;
                    }
                    let question = model.question(q).map(|(_, q)| q);
                    let valued = question.filter(|q| q.options.iter().any(|o| o.value.is_some()));
                    if let Some(question) = valued {
                        // A model whose options carry values (e.g. OWASP SAMM's 0, 0.25,
                        // 0.5, 1) takes those values.
                        let option = cell
                            .parse::<f64>()
                            .ok()
                            .and_then(|v| question.option_with_value(v));
                        match option {
                            Some(o) => {
                                answers.insert(q.to_string(), Answer::Level(o.level));
                            }
                            None => {
                                let allowed: Vec<String> = question
                                    .options
                                    .iter()
                                    .map(|o| o.value().to_string())
                                    .collect();
                                push(
                                    problem(format!(
                                        "'{cell}' is not an answer: give one of {}, or leave it empty",
                                        allowed.join(", ")
                                    )),
                                    &mut problems,
                                );
                            }
                        }
                        continue;
                    }
                    match cell.parse::<u8>() {
                        Ok(v @ 1..=5) => {
                            answers.insert(q.to_string(), Answer::Level(v));
                        }
                        _ => push(
                            problem(format!(
                                "'{cell}' is not an answer: give 1 to 5, or leave it empty"
                            )),
                            &mut problems,
                        ),
                    }
                }
            }
        }
        if let Some(org_id) = org_id {
            rows.push(ParsedResponse {
                line,
                org_id,
                role,
                answers,
            });
        }
        if problems.len() > MAX_PROBLEMS {
            break;
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs(s: &str) -> Option<i64> {
        match s {
            "1" | "Aarhus Kommune" => Some(1),
            "2" | "Region Midtjylland" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn a_good_file_parses_with_bom_names_ids_and_empty_answers() {
        let m = Model::builtin();
        let csv = "\u{feff}org,role,strategy_1,strategy_2\nAarhus Kommune,employee,3,\n2,,5,1\n";
        let rows = parse_responses_csv(&m, csv.as_bytes(), orgs).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].org_id, 1);
        assert_eq!(rows[0].role.as_deref(), Some("employee"));
        assert_eq!(rows[0].answers.len(), 1);
        assert_eq!(rows[0].answers["strategy_1"], Answer::Level(3));
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].role, None);
        assert_eq!(rows[1].answers["strategy_2"], Answer::Level(1));
    }

    #[test]
    fn every_bad_cell_is_reported_with_line_and_column() {
        let m = Model::builtin();
        let csv = "org,role,strategy_1\n1,employee,3\nNowhere,boss,7\n1,employee,x\n";
        let p = parse_responses_csv(&m, csv.as_bytes(), orgs).unwrap_err();
        let text: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            text,
            vec![
                "line 3, column 'org': no organisation with id or name 'Nowhere'",
                "line 3, column 'role': 'boss' is not a role of the model (top_management, middle_manager, employee)",
                "line 3, column 'strategy_1': '7' is not an answer: give 1 to 5, or leave it empty",
                "line 4, column 'strategy_1': 'x' is not an answer: give 1 to 5, or leave it empty",
            ]
        );
    }

    #[test]
    fn unknown_and_missing_columns_are_refused_before_any_row() {
        let m = Model::builtin();
        let p = parse_responses_csv(&m, b"org,strategy_1,nonsense\n1,3,4\n", orgs).unwrap_err();
        let text = p
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            text.contains("line 1, column 'nonsense': column 3 is neither"),
            "{text}"
        );
        assert!(
            text.contains("line 1, column 'role': required column is missing"),
            "{text}"
        );
    }

    /// Found by review while fuzzing: every bad header column was listed, so a 2 MB
    /// header of repeated unknown names gave two million problems (hundreds of MB).
    #[test]
    fn a_huge_bad_header_lists_a_bounded_number_of_problems() {
        let m = Model::builtin();
        let header = "x,".repeat(1_000_000);
        let p = parse_responses_csv(&m, header.as_bytes(), orgs).unwrap_err();
        assert!(p.len() <= MAX_PROBLEMS + 4, "{}", p.len());
    }

    #[test]
    fn a_short_row_is_reported() {
        let m = Model::builtin();
        let p = parse_responses_csv(&m, b"org,role,strategy_1\n1,employee\n", orgs).unwrap_err();
        assert_eq!(p[0].to_string(), "line 2: has 2 fields; the header has 3");
    }
}
