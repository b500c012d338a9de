//! Exports of a round: organisation results, benchmarks per peer group and the raw
//! anonymous responses, as XLSX (one sheet per table), CSV (one file per table) and
//! JSON. Pure functions of an [`Analysis`], shared by `trappe export` and the
//! organiser's download links.
//!
//! Anonymity: what the pages withhold, the exports withhold too. A withheld
//! organisation's scores are empty cells, a withheld peer group's figures are empty
//! cells (a peer group is withheld by `trappe_core::benchmark`'s rule, which also keeps
//! its complements within other groups from being too small; min and max are never
//! filled), and the responses of a withheld organisation are left out altogether. No
//! invitation token or response id is ever exported. The respondents' own words (the
//! free-text barrier) are exported only in a table of their own (`own_words`), only for
//! organisations whose results are shown, sorted by organisation and then by the text:
//! never beside a role, a time or a response's number (the report's rule).
//!
//! Language: the tables are built with ids (column names like `org_id`, values like
//! `true`, `dk`, role ids: the command line's and the JSON's contract); [`localize`]
//! turns a table's headers and values into a language's words for the CSV and XLSX a
//! person downloads from the round page.

use crate::kit::i18n::Lang;
use crate::measurement::api_view::ResultsDoc;
use fluent_templates::fluent_bundle::FluentValue;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use trappe_core::benchmark::{Interval, Stats};
use trappe_store::{Analysis, OrgResults, StoredResponse, BARRIER_PREFIX};

/// What an export can fail with (nothing a visitor's input decides).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing the XLSX file failed: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("writing CSV failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing JSON failed: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the table is too large for a spreadsheet")]
    TooLarge,
}

/// How numbers and fields are written in CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// Semicolon separated, decimal comma: what Danish Excel opens correctly.
    #[default]
    Da,
    /// Comma separated, decimal point.
    En,
}

impl Locale {
    pub fn parse(code: &str) -> Option<Locale> {
        match code {
            "da" => Some(Locale::Da),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn delimiter(self) -> u8 {
        match self {
            Locale::Da => b';',
            Locale::En => b',',
        }
    }
}

/// One of the three tables of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Results,
    Benchmarks,
    Responses,
    /// The respondents' own words on what holds their organisation back.
    OwnWords,
}

impl TableKind {
    pub const ALL: [TableKind; 4] = [
        TableKind::Results,
        TableKind::Benchmarks,
        TableKind::Responses,
        TableKind::OwnWords,
    ];

    /// The sheet name and the CSV file stem.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Results => "results",
            TableKind::Benchmarks => "benchmarks",
            TableKind::Responses => "responses",
            TableKind::OwnWords => "own_words",
        }
    }

    pub fn parse(name: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The Danish word used in download file names.
    pub fn file_word(self) -> &'static str {
        match self {
            TableKind::Results => "resultater",
            TableKind::Benchmarks => "benchmarks",
            TableKind::Responses => "besvarelser",
            TableKind::OwnWords => "egne-ord",
        }
    }

    /// The table of `a`; `own_words` are `Store::own_barriers` of the round.
    pub fn build(self, a: &Analysis, own_words: &[(i64, String)]) -> Table {
        match self {
            TableKind::Results => results_table(a),
            TableKind::Benchmarks => benchmarks_table(a),
            TableKind::Responses => responses_table(a),
            TableKind::OwnWords => own_words_table(a, own_words),
        }
    }
}

/// A cell: numbers stay numbers (real numbers in XLSX).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A maturity score (or an interval's end): a number, shown in XLSX with as many
    /// decimals as `trappe_core::scoring::score_decimals` gives it (unrounded in CSV).
    Score(f64),
    Bool(bool),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub fn num(x: impl Into<f64>) -> Cell {
        Cell::Number(x.into())
    }
    pub fn count(n: usize) -> Cell {
        Cell::Number(n as f64)
    }
    pub fn opt(x: Option<f64>) -> Cell {
        x.map(Cell::Number).unwrap_or(Cell::Empty)
    }
    fn score(x: Option<f64>) -> Cell {
        x.map(Cell::Score).unwrap_or(Cell::Empty)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: TableKind,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

// ---- the tables ----

/// One row per participating organisation. Withheld organisations keep their name and
/// response count; every score, level and interval cell is empty.
pub fn results_table(a: &Analysis) -> Table {
    let r = &a.results;
    let mut header: Vec<String> = [
        "org_id",
        "name",
        "kind",
        "tags",
        "responses",
        "withheld",
        "overall",
        "overall_level",
        "overall_low",
        "overall_high",
    ]
    .map(String::from)
    .to_vec();
    for d in &r.model.dimensions {
        for suffix in ["", "_level", "_low", "_high"] {
            header.push(format!("{}{suffix}", d.id));
        }
    }
    let score_cells = |score: Option<trappe_core::scoring::Score>, iv: Option<Interval>| {
        // An interval only beside a score that is shown.
        let iv = score.and(iv);
        [
            Cell::score(score.map(|s| s.score)),
            Cell::opt(score.map(|s| f64::from(s.level))),
            Cell::score(iv.map(|i| i.lo)),
            Cell::score(iv.map(|i| i.hi)),
        ]
    };
    let rows = r
        .orgs
        .iter()
        .zip(&a.intervals)
        .map(|(o, iv)| {
            let mut row = vec![
                Cell::num(o.participant.org_id as f64),
                Cell::text(&o.participant.name),
                Cell::text(&o.participant.kind),
                Cell::text(o.tags.join("; ")),
                Cell::count(o.result.responses),
                Cell::Bool(o.result.withheld),
            ];
            row.extend(score_cells(o.result.overall, iv.overall));
            for (i, d) in o.result.dimensions.iter().enumerate() {
                row.extend(score_cells(
                    d.score,
                    iv.dimensions.get(i).copied().flatten(),
                ));
            }
            row
        })
        .collect();
    Table {
        kind: TableKind::Results,
        header,
        rows,
    }
}

/// One row per (peer group, measure), the measure being "overall" or a dimension id.
/// `n` counts the organisations the figures are computed from; for a withheld group it
/// is the group's size (which says why it is withheld), for a dimension withheld on its
/// own the group's organisations with a score in it, and every figure is empty. `min`
/// and `max` are always empty and `best_in_class` is empty below 2 · `min_orgs` (see
/// `trappe_core::benchmark`): the columns stay for readers of the format.
pub fn benchmarks_table(a: &Analysis) -> Table {
    let mut header: Vec<String> = [
        "group_kind",
        "group_value",
        "measure",
        "n",
        "withheld",
        "mean",
        "median",
        "best_in_class",
        "min",
        "max",
    ]
    .map(String::from)
    .to_vec();
    // One column per step of the model's scale (level_1..level_5, or level_0..level_3).
    let steps = a.results.model.scale.steps();
    let n_steps = steps.clone().count();
    header.extend(steps.map(|l| format!("level_{l}")));
    let dim_ids = a.results.model.dimensions.iter().map(|d| d.id.as_str());
    let mut rows = Vec::new();
    for g in &a.groups {
        let measures = std::iter::once((None, "overall", g.overall.as_ref())).chain(
            dim_ids
                .clone()
                .zip(g.dimensions.iter().map(Option::as_ref))
                .enumerate()
                .map(|(d, (id, s))| (Some(d), id, s)),
        );
        for (measure_index, measure, stats) in measures {
            let withheld = match measure_index {
                Some(d) => g.dimension_withheld.get(d).copied().unwrap_or(true),
                None => g.withheld,
            };
            // Belt and braces: a withheld group shows no figure even if one were computed.
            let stats: Option<&Stats> = stats.filter(|_| !withheld);
            let n = match (stats, measure_index) {
                (Some(s), _) => s.n,
                (None, _) if g.withheld => g.n,
                (None, Some(d)) => g.dimension_n.get(d).copied().unwrap_or(0),
                (None, None) => 0,
            };
            let mut row = vec![
                Cell::text(g.key.kind()),
                g.key.value().map(Cell::text).unwrap_or(Cell::Empty),
                Cell::text(measure),
                Cell::count(n),
                Cell::Bool(withheld),
            ];
            match stats {
                Some(s) => {
                    row.extend([s.mean, s.median].map(Cell::Score));
                    row.push(Cell::score(s.best_in_class));
                    // min and max: never shown (each is one organisation's exact score).
                    row.extend([Cell::Empty, Cell::Empty]);
                    row.extend(s.levels.iter().map(|&c| Cell::count(c)));
                }
                None => row.extend(std::iter::repeat_n(Cell::Empty, 5 + n_steps)),
            }
            rows.push(row);
        }
    }
    Table {
        kind: TableKind::Benchmarks,
        header,
        rows,
    }
}

/// The complete responses that may be exported, numbered 1..n in export order.
///
/// Anonymity: the responses of an organisation whose results are withheld (fewer
/// complete responses than the round's `min_responses`) are left out, so that no small
/// group of respondents can be read from an export. Responses carry no database id, no
/// invitation token and no free text; the number is only their place in the export.
fn exported_responses(a: &Analysis) -> impl Iterator<Item = (usize, &OrgResults, &StoredResponse)> {
    a.results
        .orgs
        .iter()
        .filter(|o| !o.result.withheld)
        .flat_map(|o| o.responses.iter().map(move |r| (o, r)))
        .enumerate()
        .map(|(i, (o, r))| (i + 1, o, r))
}

/// One row per exported complete response: its number, the organisation, the role, one
/// column per question (answer code: a number 1 to 5, "dk", "na" or empty) and one per
/// barrier ("barrier:<id>", the rating 1 to 5 or empty).
pub fn responses_table(a: &Analysis) -> Table {
    let model = &a.results.model;
    let questions: Vec<&str> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.as_str()))
        .collect();
    let barriers: Vec<&str> = model.barriers.items.iter().map(|b| b.id.as_str()).collect();
    let mut header: Vec<String> = ["response", "org_id", "org", "role"]
        .map(String::from)
        .to_vec();
    header.extend(questions.iter().map(|q| q.to_string()));
    header.extend(barriers.iter().map(|b| format!("{BARRIER_PREFIX}{b}")));
    let rows = exported_responses(a)
        .map(|(number, o, r)| {
            let mut row = vec![
                Cell::count(number),
                Cell::num(o.participant.org_id as f64),
                Cell::text(&o.participant.name),
                r.role.as_deref().map(Cell::text).unwrap_or(Cell::Empty),
            ];
            row.extend(questions.iter().map(|q| match r.answers.get(*q) {
                Some(ans) => match ans.value() {
                    Some(v) => Cell::num(v),
                    None => Cell::text(ans.code()),
                },
                None => Cell::Empty,
            }));
            row.extend(barriers.iter().map(|b| match r.barriers.get(*b) {
                Some(&v) => Cell::num(v),
                None => Cell::Empty,
            }));
            row
        })
        .collect();
    Table {
        kind: TableKind::Responses,
        header,
        rows,
    }
}

/// The respondents' own words (`Store::own_barriers` of the round): one row per text
/// of an organisation whose results are shown (the round's minimum of independent
/// responses, as the report's rule), sorted by organisation and then by the text, with
/// no role, time or response number beside it.
pub fn own_words_table(a: &Analysis, own_words: &[(i64, String)]) -> Table {
    let mut rows: Vec<(String, i64, String)> = Vec::new();
    for o in a.results.orgs.iter().filter(|o| !o.result.withheld) {
        let id = o.participant.org_id;
        rows.extend(
            own_words
                .iter()
                .filter(|(org, t)| *org == id && !t.trim().is_empty())
                .map(|(_, t)| (o.participant.name.clone(), id, t.trim().to_string())),
        );
    }
    rows.sort();
    Table {
        kind: TableKind::OwnWords,
        header: ["org_id", "org", "text"].map(String::from).to_vec(),
        rows: rows
            .into_iter()
            .map(|(name, id, text)| vec![Cell::num(id as f64), Cell::Text(name), Cell::Text(text)])
            .collect(),
    }
}

pub fn tables(a: &Analysis, own_words: &[(i64, String)]) -> Vec<Table> {
    TableKind::ALL
        .iter()
        .map(|t| t.build(a, own_words))
        .collect()
}

// ---- headers and values in a language ----

/// The table's headers and values in `lang`'s words (texts from the catalogue, names
/// from the model): column names, yes/no, role names, "don't know" and "not relevant",
/// peer-group kinds and measures. Numbers stay numbers; question columns keep their ids.
pub fn localize(table: &Table, a: &Analysis, lang: Lang) -> Table {
    let model = &a.results.model;
    let code = lang.code();
    let dim_name = |id: &str| {
        model
            .dimensions
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.get(code).to_string())
    };
    let arg = |v: String| FluentValue::from(v);
    let header_of = |h: &str| -> String {
        if let Some(b) = h.strip_prefix(BARRIER_PREFIX) {
            let name = model
                .barriers
                .items
                .iter()
                .find(|x| x.id == b)
                .map_or(b, |x| x.name.get(code));
            return lang.t_args("export-col-barrier", &[("name", arg(name.to_string()))]);
        }
        if let Some(l) = h.strip_prefix("level_") {
            return lang.t_args("export-col-level-n", &[("level", arg(l.to_string()))]);
        }
        for (suffix, key) in [
            ("_level", "export-col-dim-level"),
            ("_low", "export-col-dim-low"),
            ("_high", "export-col-dim-high"),
        ] {
            if let Some(d) = h.strip_suffix(suffix) {
                let name = if d == "overall" {
                    Some(lang.t("export-col-overall"))
                } else {
                    dim_name(d)
                };
                if let Some(name) = name {
                    return lang.t_args(key, &[("dim", arg(name))]);
                }
            }
        }
        if let Some(name) = dim_name(h) {
            return name;
        }
        const FIXED: [&str; 20] = [
            "org_id",
            "name",
            "kind",
            "tags",
            "responses",
            "withheld",
            "overall",
            "group_kind",
            "group_value",
            "measure",
            "n",
            "mean",
            "median",
            "best_in_class",
            "min",
            "max",
            "response",
            "org",
            "role",
            "text",
        ];
        if FIXED.contains(&h) {
            return lang.t(&format!("export-col-{}", h.replace('_', "-")));
        }
        h.to_string()
    };
    let column = |name: &str| table.header.iter().position(|h| h == name);
    let (role, group_kind, measure) = match table.kind {
        TableKind::Responses => (column("role"), None, None),
        TableKind::Benchmarks => (None, column("group_kind"), column("measure")),
        _ => (None, None, None),
    };
    let rows = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(i, cell)| match cell {
                    Cell::Bool(b) => {
                        Cell::Text(lang.t(if *b { "export-yes" } else { "export-no" }))
                    }
                    Cell::Text(t) if Some(i) == role => Cell::Text(
                        model
                            .role(t)
                            .map_or_else(|| t.clone(), |r| r.name.get(code).to_string()),
                    ),
                    Cell::Text(t) if Some(i) == group_kind => {
                        Cell::Text(lang.t(&format!("export-group-{t}")))
                    }
                    Cell::Text(t) if Some(i) == measure => Cell::Text(if t == "overall" {
                        lang.t("export-col-overall")
                    } else {
                        dim_name(t).unwrap_or_else(|| t.clone())
                    }),
                    Cell::Text(t)
                        if table.kind == TableKind::Responses && (t == "dk" || t == "na") =>
                    {
                        Cell::Text(lang.t(&format!("export-answer-{t}")))
                    }
                    other => other.clone(),
                })
                .collect()
        })
        .collect();
    Table {
        kind: table.kind,
        header: table.header.iter().map(|h| header_of(h)).collect(),
        rows,
    }
}

// ---- CSV ----

pub const BOM: &str = "\u{feff}";

/// Characters a spreadsheet may read as the start of a formula (or that hide one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Neutralises a text cell against formula injection: one that begins with = + - @, a
/// tab or a carriage return gets a leading single quote, so spreadsheets show it as text.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Decimals a CSV number keeps at most.
pub const CSV_DECIMALS: i32 = 3;

/// A number as CSV writes it: rounded to at most [`CSV_DECIMALS`] decimals (the shortest
/// text of that value, never an exponent: "2,7", not "2,6999999999999997"), with a
/// decimal comma for `Locale::Da`; empty if not finite. (XLSX keeps full precision.)
pub fn format_number(x: f64, locale: Locale) -> String {
    number_text(round_to(x, false), locale)
}

/// A score as CSV writes it: like [`format_number`], but never rounded up to the next
/// whole number (3.9996 is "3,999": a score never reads as a higher step than its own).
pub fn format_score(x: f64, locale: Locale) -> String {
    number_text(round_to(x, true), locale)
}

fn round_to(x: f64, keep_whole: bool) -> f64 {
    let f = 10f64.powi(CSV_DECIMALS);
    let r = (x * f).round() / f;
    if keep_whole && r.floor() > x.floor() {
        (x * f).floor() / f
    } else if r == 0.0 {
        0.0 // not "-0"
    } else {
        r
    }
}

fn number_text(x: f64, locale: Locale) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x}");
    match locale {
        Locale::Da => s.replace('.', ","),
        Locale::En => s,
    }
}

fn csv_field(cell: &Cell, locale: Locale) -> Cow<'_, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(s) => neutralise(s),
        Cell::Number(x) => Cow::Owned(format_number(*x, locale)),
        Cell::Score(x) => Cow::Owned(format_score(*x, locale)),
        Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
    }
}

/// A table as CSV in UTF-8 with a byte-order mark, CRLF line ends, fields quoted where
/// needed, and every text cell (header included) neutralised.
pub fn csv(table: &Table, locale: Locale) -> Result<Vec<u8>, ExportError> {
    csv_rows(&table.header, &table.rows, locale)
}

/// Any header and rows as [`csv`] writes a table.
pub fn csv_rows(
    header: &[String],
    rows: &[Vec<Cell>],
    locale: Locale,
) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(locale.delimiter())
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    w.write_record(header.iter().map(|h| neutralise(h).into_owned()))?;
    for row in rows {
        w.write_record(row.iter().map(|c| csv_field(c, locale).into_owned()))?;
    }
    w.into_inner().map_err(|e| ExportError::Io(e.into_error()))
}

// ---- XLSX ----

/// The three tables as one workbook: sheets results, benchmarks and responses, a bold
/// header row, numbers as real numbers. Text is written as text cells, never as
/// formulas, so no neutralising is needed (or wanted: the names stay exact). Sheets are
/// streamed row by row through temporary files (constant memory): a round of 1,000
/// organisations with 30 respondents each would otherwise hold ~170 MB more while writing.
pub fn xlsx(a: &Analysis, own_words: &[(i64, String)]) -> Result<Vec<u8>, ExportError> {
    xlsx_tables(&tables(a, own_words))
}

/// Tables (as built, or [`localize`]d) as one workbook, a sheet each.
pub fn xlsx_tables(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    let sheets: Vec<Sheet> = tables
        .iter()
        .map(|t| (t.kind.name(), t.header.as_slice(), t.rows.as_slice()))
        .collect();
    xlsx_sheets(&sheets)
}

/// A sheet to write: its name, header and rows.
pub type Sheet<'a> = (&'a str, &'a [String], &'a [Vec<Cell>]);

/// Sheets (name, header, rows) as one workbook, written as [`xlsx`] writes a round's.
pub fn xlsx_sheets(sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let decimals = Format::new().set_num_format("0.0##");
    // Scores with one decimal, or the more a score needs not to read as the next step.
    let score_formats: Vec<Format> = (0..=9)
        .map(|d| Format::new().set_num_format(format!("0.{}", "0".repeat(d.max(1)))))
        .collect();
    for &(name, header, rows) in sheets {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        for (c, width) in column_widths(header, rows).into_iter().enumerate() {
            ws.set_column_width(col(c)?, width)?;
        }
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, col(c)?, h, &bold)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| ExportError::TooLarge)?;
            for (c, cell) in row.iter().enumerate() {
                let c = col(c)?;
                match cell {
                    Cell::Empty => continue,
                    Cell::Text(s) => ws.write_string(r, c, s)?,
                    // Whole numbers as they are; others at full precision, shown
                    // with up to three decimals.
                    Cell::Number(x) if x.is_finite() && x.fract() == 0.0 => {
                        ws.write_number(r, c, *x)?
                    }
                    Cell::Number(x) if x.is_finite() => {
                        ws.write_number_with_format(r, c, *x, &decimals)?
                    }
                    Cell::Number(_) => continue,
                    Cell::Score(x) if x.is_finite() => {
                        let d = trappe_core::scoring::score_decimals(*x).min(9);
                        ws.write_number_with_format(r, c, *x, &score_formats[d])?
                    }
                    Cell::Score(_) => continue,
                    Cell::Bool(b) => ws.write_boolean(r, c, *b)?,
                };
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// Column widths (in characters) fitted to the header and the first rows: the sheets are
/// written in constant-memory mode, where the workbook cannot autofit.
fn column_widths(header: &[String], rows: &[Vec<Cell>]) -> Vec<f64> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows.iter().take(500) {
        for (w, cell) in widths.iter_mut().zip(row) {
            let len = match cell {
                Cell::Empty => 0,
                Cell::Text(s) => s.chars().count(),
                // Shown with the sheet's General format: about 10 characters at most.
                Cell::Number(x) => format_number(*x, Locale::En).len().min(10),
                Cell::Score(x) => 2 + trappe_core::scoring::score_decimals(*x),
                Cell::Bool(_) => 5,
            };
            *w = (*w).max(len);
        }
    }
    widths
        .into_iter()
        .map(|w| (w.clamp(4, 40) + 2) as f64)
        .collect()
}

fn col(c: usize) -> Result<u16, ExportError> {
    u16::try_from(c).map_err(|_| ExportError::TooLarge)
}

// ---- JSON ----

/// `trappe results --format json` (the [`ResultsDoc`] contract, unchanged) plus the raw
/// anonymous responses.
#[derive(Debug, Serialize)]
pub struct ExportDoc {
    #[serde(flatten)]
    pub results: ResultsDoc,
    pub responses: Vec<ResponseDoc>,
    /// The respondents' own words, as the `own_words` table: organisations with shown
    /// results only, sorted by organisation and text, never with a role or a number.
    pub own_words: Vec<OwnWordsDoc>,
}

/// One text of the free-text barrier.
#[derive(Debug, Serialize)]
pub struct OwnWordsDoc {
    pub org_id: i64,
    pub org: String,
    pub text: String,
}

/// One exported response; the same rows as the responses table.
#[derive(Debug, Serialize)]
pub struct ResponseDoc {
    /// Its place in the export (1..n), not a database id.
    pub response: usize,
    pub org_id: i64,
    pub org: String,
    pub role: Option<String>,
    /// Question id -> answer code ("1".."5", "dk", "na"); unanswered questions are absent.
    pub answers: BTreeMap<String, String>,
    /// Barrier id -> rating 1..5.
    pub barriers: BTreeMap<String, u8>,
}

impl ExportDoc {
    pub fn new(a: &Analysis, own_words: &[(i64, String)]) -> ExportDoc {
        ExportDoc {
            own_words: own_words_table(a, own_words)
                .rows
                .into_iter()
                .filter_map(|row| match row.as_slice() {
                    [Cell::Number(id), Cell::Text(org), Cell::Text(text)] => Some(OwnWordsDoc {
                        org_id: *id as i64,
                        org: org.clone(),
                        text: text.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            results: ResultsDoc::new(a, None),
            responses: exported_responses(a)
                .map(|(number, o, r)| ResponseDoc {
                    response: number,
                    org_id: o.participant.org_id,
                    org: o.participant.name.clone(),
                    role: r.role.clone(),
                    answers: r
                        .answers
                        .iter()
                        .map(|(q, ans)| (q.clone(), ans.code()))
                        .collect(),
                    barriers: r.barriers.iter().map(|(b, v)| (b.clone(), *v)).collect(),
                })
                .collect(),
        }
    }
}

/// The JSON export, pretty-printed.
pub fn json(a: &Analysis, own_words: &[(i64, String)]) -> Result<Vec<u8>, ExportError> {
    let mut out = serde_json::to_vec_pretty(&ExportDoc::new(a, own_words))?;
    out.push(b'\n');
    Ok(out)
}

// ---- download names ----

pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8";
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// `trappe-runde-3.xlsx`, `trappe-runde-3-resultater.csv`, `trappe-runde-3.json`.
pub fn file_name(round: i64, table: Option<TableKind>, ext: &str) -> String {
    match table {
        Some(t) => format!("trappe-runde-{round}-{}.{ext}", t.file_word()),
        None => format!("trappe-runde-{round}.{ext}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trappe_core::{score_organisation, Answer, Answers, Model};
    use trappe_store::{Participant, Round, RoundResults, RoundStatus};

    #[test]
    fn cells_that_could_start_a_formula_get_a_quote() {
        for s in [
            "=1+1",
            "+1",
            "-bad",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(neutralise(s), format!("'{s}"), "{s:?}");
        }
        for s in ["Aarhus Kommune", "", "1-2", "a=b", " =x", "'quoted", "Ærø"] {
            assert_eq!(neutralise(s), s, "{s:?}");
        }
    }

    #[test]
    fn numbers_use_the_locales_decimal_mark_and_at_most_three_decimals() {
        assert_eq!(format_number(3.5, Locale::Da), "3,5");
        assert_eq!(format_number(3.5, Locale::En), "3.5");
        assert_eq!(format_number(4.0, Locale::Da), "4");
        assert_eq!(format_number(12.0, Locale::En), "12");
        assert_eq!(format_number(11.0 / 3.0, Locale::Da), "3,667");
        assert_eq!(format_number(2.6999999999999997, Locale::Da), "2,7");
        assert_eq!(format_number(0.000_001, Locale::En), "0");
        assert_eq!(format_number(-0.000_1, Locale::En), "0");
        assert_eq!(format_score(3.9996, Locale::Da), "3,999");
        assert_eq!(format_score(3.9994, Locale::Da), "3,999");
        assert_eq!(format_score(3.95, Locale::En), "3.95");
        assert_eq!(format_score(4.0, Locale::En), "4");
        assert_eq!(format_number(f64::NAN, Locale::En), "");
        assert_eq!(Locale::parse("da"), Some(Locale::Da));
        assert_eq!(Locale::parse("en"), Some(Locale::En));
        assert_eq!(Locale::parse("de"), None);
    }

    fn table() -> Table {
        Table {
            kind: TableKind::Results,
            header: vec![
                "name".into(),
                "tags".into(),
                "score".into(),
                "withheld".into(),
            ],
            rows: vec![
                vec![
                    Cell::text("=HYPERLINK(\"x\")"),
                    Cell::text("Region Midt; store"),
                    Cell::Number(3.5),
                    Cell::Bool(false),
                ],
                vec![
                    Cell::text("-bad"),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Bool(true),
                ],
            ],
        }
    }

    #[test]
    fn danish_csv_has_a_bom_semicolons_decimal_commas_and_neutralised_text() {
        let out = String::from_utf8(csv(&table(), Locale::Da).unwrap()).unwrap();
        assert_eq!(
            out,
            "\u{feff}name;tags;score;withheld\r\n\
             \"'=HYPERLINK(\"\"x\"\")\";\"Region Midt; store\";3,5;false\r\n\
             '-bad;;;true\r\n"
        );
    }

    #[test]
    fn english_csv_has_commas_and_decimal_points() {
        let out = String::from_utf8(csv(&table(), Locale::En).unwrap()).unwrap();
        assert_eq!(
            out,
            "\u{feff}name,tags,score,withheld\r\n\
             \"'=HYPERLINK(\"\"x\"\")\",Region Midt; store,3.5,false\r\n\
             '-bad,,,true\r\n"
        );
    }

    fn uniform(model: &Model, level: u8) -> Answers {
        model
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter())
            .map(|q| (q.id.clone(), Answer::Level(level)))
            .collect()
    }

    /// Two organisations with results (3.5 and 2.5) and one withheld (one response of 2).
    fn analysis() -> Analysis {
        let model = Model::builtin();
        let org = |id: i64, name: &str, levels: &[u8], tags: &[&str]| {
            let responses: Vec<StoredResponse> = levels
                .iter()
                .map(|&l| StoredResponse {
                    org_id: id,
                    role: Some("employee".into()),
                    answers: uniform(&model, l),
                    barriers: [("legislation".to_string(), 4)].into(),
                    independent: true,
                })
                .collect();
            let answers: Vec<Answers> = responses.iter().map(|r| r.answers.clone()).collect();
            OrgResults {
                participant: Participant {
                    org_id: id,
                    name: name.into(),
                    kind: "kommune".into(),
                    complete: levels.len() as i64,
                    partial: 0,
                    invitations: 0,
                    used: 0,
                },
                tags: tags.iter().map(|t| t.to_string()).collect(),
                result: score_organisation(&model, &answers, 2),
                responses,
            }
        };
        let orgs = vec![
            org(1, "Aarhus", &[3, 4], &["Region Midt", "stor"]),
            org(2, "=HYPERLINK(\"x\")", &[2, 3], &["Region Midt"]),
            org(3, "-bad", &[5], &["stor"]),
        ];
        Analysis::new(RoundResults {
            round: Round {
                id: 7,
                name: "R".into(),
                model_id: model.id.clone(),
                model_version: model.version.clone(),
                status: RoundStatus::Open,
                min_responses: 2,
                min_orgs: 2,
                created_at: 0,
                retention_days: 1095,
                closed_at: None,
                purged_at: None,
                purge_note: None,
                results_shown: trappe_store::ResultsShown::Closed,
                min_tally: 10,
                deadline: None,
                close_after_deadline: false,
                language: trappe_store::RoundLanguage::Da,
                invitation_subject: None,
                invitation_body: None,
                reminder_subject: None,
                reminder_body: None,
                org_scope: None,
            },
            model,
            orgs,
        })
    }

    #[test]
    fn withheld_organisations_have_empty_scores_and_no_exported_responses() {
        let a = analysis();
        let t = results_table(&a);
        let dims = a.results.model.dimensions.len();
        assert_eq!(t.header.len(), 10 + 4 * dims);
        assert_eq!(t.rows.len(), 3);
        assert!(t.rows.iter().all(|r| r.len() == t.header.len()));
        let aarhus = &t.rows[0];
        assert_eq!(aarhus[1], Cell::text("Aarhus"));
        assert_eq!(aarhus[3], Cell::text("Region Midt; stor"));
        assert_eq!(aarhus[6], Cell::Score(3.5));
        assert_eq!(aarhus[7], Cell::Number(3.0));
        assert!(matches!(aarhus[8], Cell::Score(_)) && matches!(aarhus[9], Cell::Score(_)));
        let bad = &t.rows[2];
        assert_eq!(bad[4], Cell::Number(1.0));
        assert_eq!(bad[5], Cell::Bool(true));
        assert!(bad[6..].iter().all(|c| *c == Cell::Empty));

        let r = responses_table(&a);
        assert_eq!(r.rows.len(), 4, "2 + 2 responses, none of the withheld one");
        let numbers: Vec<&Cell> = r.rows.iter().map(|row| &row[0]).collect();
        assert_eq!(
            numbers,
            [1.0, 2.0, 3.0, 4.0]
                .map(Cell::Number)
                .iter()
                .collect::<Vec<_>>()
        );
        assert!(r.rows.iter().all(|row| row[1] != Cell::Number(3.0)));
        let legislation = r
            .header
            .iter()
            .position(|h| h == "barrier:legislation")
            .unwrap();
        assert_eq!(r.rows[0][legislation], Cell::Number(4.0));
        assert_eq!(ExportDoc::new(&a, &[]).responses.len(), 4);
    }

    #[test]
    fn benchmarks_have_one_row_per_group_and_measure() {
        let a = analysis();
        let t = benchmarks_table(&a);
        let dims = a.results.model.dimensions.len();
        // all, kind kommune, tag Region Midt, tag stor (withheld: the withheld
        // organisation does not count, so it holds only Aarhus).
        assert_eq!(t.rows.len(), 4 * (1 + dims));
        let all = &t.rows[0];
        assert_eq!(all[0], Cell::text("all"));
        assert_eq!(all[1], Cell::Empty);
        assert_eq!(all[2], Cell::text("overall"));
        assert_eq!(all[3], Cell::Number(2.0));
        // mean 3, median 3; best in class empty (it needs 2 · min_orgs = 4 organisations),
        // min and max empty (never shown); steps 2 and 3.
        let mut figures: Vec<Cell> = [3.0, 3.0].map(Cell::Score).to_vec();
        figures.extend([Cell::Empty, Cell::Empty, Cell::Empty]);
        figures.extend([0.0, 1.0, 1.0, 0.0, 0.0].map(Cell::Number));
        assert_eq!(all[5..].to_vec(), figures);
        let stor: Vec<&Vec<Cell>> = t
            .rows
            .iter()
            .filter(|r| r[1] == Cell::text("stor"))
            .collect();
        assert_eq!(stor.len(), 1 + dims);
        for row in stor {
            assert_eq!(
                row[3..5].to_vec(),
                vec![Cell::Number(1.0), Cell::Bool(true)]
            );
            assert!(row[5..].iter().all(|c| *c == Cell::Empty));
        }
    }

    #[test]
    fn the_workbook_is_a_zip_file() {
        let bytes = xlsx(&analysis(), &[]).unwrap();
        assert!(bytes.starts_with(b"PK"));
        assert_eq!(
            file_name(3, Some(TableKind::Results), "csv"),
            "trappe-runde-3-resultater.csv"
        );
        assert_eq!(file_name(3, None, "xlsx"), "trappe-runde-3.xlsx");
    }
}
