//! Maturity models as data: the TOML format, parsing and validation.
//!
//! A model is versioned; a round pins `id@version`, so results never change when a
//! model file does.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// The built-in model (from the seed), embedded at build time.
pub const BUILTIN_MODEL_TOML: &str = include_str!("../../../models/servicemodenhed.toml");

/// Languages the interface knows; a model's texts must exist in each of its `languages`.
pub const KNOWN_LANGUAGES: [&str; 2] = ["da", "en"];

/// The number of steps on the staircase.
pub const LEVELS: u8 = 5;

/// A text in several languages, keyed by language code ("da", "en").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The text in `lang`, falling back to Danish, then to any language.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get("da"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn new(da: &str, en: &str) -> Text {
        let mut m = BTreeMap::new();
        m.insert("da".to_string(), da.to_string());
        m.insert("en".to_string(), en.to_string());
        Text(m)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    pub version: String,
    pub languages: Vec<String>,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
    pub levels: Vec<Level>,
    #[serde(default)]
    pub traits: Vec<Trait>,
    pub dimensions: Vec<Dimension>,
    pub barriers: BarrierSection,
    pub roles: RoleSection,
    /// The range of scores and steps (default 1 to 5, the built-in staircase).
    #[serde(default, skip_serializing_if = "Scale::is_default")]
    pub scale: Scale,
    /// How answers become scores (default: today's rule for the built-in model).
    #[serde(default, skip_serializing_if = "Rules::is_default")]
    pub scoring: Rules,
    /// Groups of dimensions (e.g. SAMM's business functions). With groups, every
    /// dimension names its group and the overall score is over groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Where the model's texts come from and under which licence, shown wherever they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<Text>,
}

/// The range of a model's scores; a score stands on step floor(score) within the range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: u8,
    pub max: u8,
}

impl Default for Scale {
    fn default() -> Scale {
        Scale {
            min: 1,
            max: LEVELS,
        }
    }
}

impl Scale {
    fn is_default(&self) -> bool {
        *self == Scale::default()
    }

    /// The steps, lowest first.
    pub fn steps(&self) -> std::ops::RangeInclusive<u8> {
        self.min..=self.max
    }

    /// The step a score stands on: floor(score) with a 1e-9 tolerance, within the range.
    pub fn level_of(&self, score: f64) -> u8 {
        let l = (score + crate::scoring::LEVEL_TOLERANCE).floor();
        l.clamp(f64::from(self.min), f64::from(self.max)) as u8
    }
}

/// How an unanswered question (or a "don't know") counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unanswered {
    /// No value; a respondent's dimension score needs half of its questions valued.
    #[default]
    NoValue,
    /// The lowest option's value (SAMM's rule); every dimension score is defined.
    Lowest,
}

/// How "not applicable" counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicable {
    /// As an unanswered question (see [`Unanswered`]).
    #[default]
    NoValue,
    /// Out of the denominator: the question counts neither for nor against.
    Excluded,
}

/// How a respondent's dimension score is made of its questions' values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The weight-average of the values (the built-in model).
    #[default]
    WeightedMean,
    /// Each stream's score is the sum of its questions' values; the dimension's score is
    /// the mean of its streams (SAMM's toolbox: stream = sum of its three activities).
    StreamSum,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default)]
    pub unanswered: Unanswered,
    #[serde(default)]
    pub not_applicable: NotApplicable,
    #[serde(default)]
    pub dimension: Aggregation,
}

impl Rules {
    fn is_default(&self) -> bool {
        *self == Rules::default()
    }
}

/// A group of dimensions; its score is the weight-average of its dimensions' scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    #[serde(default = "one")]
    pub weight: f64,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub level: u8,
    pub name: Text,
    pub description: Text,
}

/// One of the traits the best service organisations share (seed, slide 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trait {
    pub id: String,
    pub name: Text,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    #[serde(default = "one")]
    pub weight: f64,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
    /// The group this dimension belongs to, when the model has groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub questions: Vec<Question>,
    /// What an organisation on a given step of this dimension does to climb to the next.
    #[serde(default)]
    pub next_steps: Vec<NextStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextStep {
    /// The step the organisation stands on; the text says how to reach `level + 1`
    /// (for level 5: how to stay ahead).
    pub level: u8,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(default = "one")]
    pub weight: f64,
    #[serde(default, rename = "trait")]
    pub trait_id: Option<String>,
    pub text: Text,
    /// The stream the question belongs to (models scored by [`Aggregation::StreamSum`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<String>,
    /// Criteria shown under the question (e.g. SAMM's quality criteria).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Text>,
    pub options: Vec<AnswerOption>,
}

impl Question {
    /// The value of the option at `level`, if the question has one.
    pub fn value_of(&self, level: u8) -> Option<f64> {
        self.options
            .iter()
            .find(|o| o.level == level)
            .map(AnswerOption::value)
    }

    /// The lowest value any option carries.
    pub fn lowest_value(&self) -> f64 {
        self.options
            .iter()
            .map(AnswerOption::value)
            .fold(f64::INFINITY, f64::min)
    }

    /// The option whose value is `value`, if exactly one.
    pub fn option_with_value(&self, value: f64) -> Option<&AnswerOption> {
        self.options.iter().find(|o| o.value() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// The option's place on the model's scale.
    pub level: u8,
    /// What the option counts in a score (default: its level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    pub text: Text,
}

impl AnswerOption {
    pub fn value(&self) -> f64 {
        self.value.unwrap_or(f64::from(self.level))
    }
}

/// The barriers everyone meets (seed, slide 6), each rated on `scale`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarrierSection {
    pub intro: Text,
    /// Labels of the rating scale, lowest first (1 = does not hold us back).
    pub scale: Vec<Text>,
    pub items: Vec<Barrier>,
    /// Prompt for the respondent's own barrier (free text), if asked.
    #[serde(default)]
    pub own: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Barrier {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Text>,
}

/// The background question: the respondent's role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSection {
    pub question: Text,
    pub options: Vec<Role>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleGroup {
    Leader,
    Employee,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: Text,
    /// Whether this role counts as a leader or as front line in role comparisons.
    pub group: RoleGroup,
}

/// A problem found in a model, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelProblem {
    /// A path into the model, e.g. `dimensions[strategy].questions[strategy_2].options`.
    pub path: String,
    /// The line in the source where the item starts, when it can be found.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ModelProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{0}")]
    Syntax(String),
    #[error("{} problem(s) in the model:\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<ModelProblem>),
}

impl Model {
    /// Parses and validates a model from TOML text.
    pub fn from_toml(src: &str) -> Result<Model, ModelError> {
        let model: Model = toml::from_str(src).map_err(|e| {
            let line = e.span().map(|s| {
                memchr::memchr_iter(b'\n', &src.as_bytes()[..s.start.min(src.len())]).count() + 1
            });
            match line {
                Some(l) => ModelError::Syntax(format!("line {l}: {}", e.message())),
                None => ModelError::Syntax(e.message().to_string()),
            }
        })?;
        let problems = model.validate(Some(src));
        if problems.is_empty() {
            Ok(model)
        } else {
            Err(ModelError::Invalid(problems))
        }
    }

    /// The model as TOML, the form it is stored in (models built from other formats,
    /// e.g. OWASP SAMM's YAML).
    pub fn to_toml(&self) -> Result<String, ModelError> {
        toml::to_string(self).map_err(|e| ModelError::Syntax(e.to_string()))
    }

    /// The built-in model. It is tested to parse, so a failure here is a build defect.
    pub fn builtin() -> Model {
        Model::from_toml(BUILTIN_MODEL_TOML).expect("the built-in model is valid")
    }

    /// `id@version`, the key a round pins.
    pub fn key(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    pub fn level(&self, level: u8) -> Option<&Level> {
        self.levels.iter().find(|l| l.level == level)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The dimensions of a group, in model order.
    pub fn group_dimensions<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Dimension> {
        self.dimensions
            .iter()
            .filter(move |d| d.group.as_deref() == Some(id))
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    pub fn question(&self, id: &str) -> Option<(&Dimension, &Question)> {
        self.dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(move |q| (d, q)))
            .find(|(_, q)| q.id == id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.options.iter().find(|r| r.id == id)
    }

    pub fn question_count(&self) -> usize {
        self.dimensions.iter().map(|d| d.questions.len()).sum()
    }

    /// Every problem in the model, in document order. `src` lets problems carry lines.
    pub fn validate(&self, src: Option<&str>) -> Vec<ModelProblem> {
        let mut v = Validator {
            id_lines: src.map(id_lines).unwrap_or_default(),
            langs: &self.languages,
            problems: Vec::new(),
        };
        v.check(self);
        v.problems
    }
}

impl Dimension {
    pub fn next_step(&self, level: u8) -> Option<&NextStep> {
        self.next_steps.iter().find(|n| n.level == level)
    }
}

/// The first line of each `id = "ID"` in the source, a cheap way to point at an item.
/// Built once: looking each id up by scanning the source made validation quadratic (a
/// 1 MB model with 20,000 traits took 24 s).
fn id_lines(src: &str) -> HashMap<&str, usize> {
    let mut lines = HashMap::new();
    for (i, line) in src.lines().enumerate() {
        let rest = line
            .trim_start()
            .strip_prefix("id")
            .and_then(|r| r.trim_start().strip_prefix('='));
        if let Some(rest) = rest {
            let id = rest.trim().trim_matches(|c| c == '"' || c == '\'');
            lines.entry(id).or_insert(i + 1);
        }
    }
    lines
}

struct Validator<'a> {
    id_lines: HashMap<&'a str, usize>,
    langs: &'a [String],
    problems: Vec<ModelProblem>,
}

impl Validator<'_> {
    /// The line of `id = "ID"` in the source.
    fn line_of(&self, id: &str) -> Option<usize> {
        self.id_lines.get(id).copied()
    }

    fn problem(&mut self, path: String, line: Option<usize>, message: impl Into<String>) {
        self.problems.push(ModelProblem {
            path,
            line,
            message: message.into(),
        });
    }

    fn text(&mut self, path: &str, line: Option<usize>, text: &Text) {
        for lang in self.langs {
            if text.0.get(lang).is_none_or(|s| s.trim().is_empty()) {
                self.problem(
                    path.to_string(),
                    line,
                    format!("missing translation '{lang}'"),
                );
            }
        }
    }

    fn ident(&mut self, path: &str, line: Option<usize>, id: &str, seen: &mut HashSet<String>) {
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            self.problem(
                path.to_string(),
                line,
                format!("id '{id}' must be non-empty and use only a-z, 0-9, '_' and '-'"),
            );
        }
        if !seen.insert(id.to_string()) {
            self.problem(path.to_string(), line, format!("duplicate id '{id}'"));
        }
    }

    fn weight(&mut self, path: &str, line: Option<usize>, w: f64) {
        if !(w.is_finite() && w > 0.0) {
            self.problem(
                path.to_string(),
                line,
                format!("weight must be positive, is {w}"),
            );
        }
    }

    /// The scale's steps, each exactly once.
    fn level_set(
        &mut self,
        path: &str,
        line: Option<usize>,
        levels: &[u8],
        what: &str,
        scale: Scale,
    ) {
        let (lo, hi) = (scale.min, scale.max);
        let mut seen = HashSet::new();
        for &l in levels {
            if !scale.steps().contains(&l) {
                self.problem(
                    path.to_string(),
                    line,
                    format!("{what} has level {l}, outside {lo} to {hi}"),
                );
            } else if !seen.insert(l) {
                self.problem(
                    path.to_string(),
                    line,
                    format!("{what} has level {l} twice"),
                );
            }
        }
        let missing: Vec<String> = scale
            .steps()
            .filter(|l| !seen.contains(l))
            .map(|l| l.to_string())
            .collect();
        if !missing.is_empty() {
            self.problem(
                path.to_string(),
                line,
                format!(
                    "{what} must have one per level {lo} to {hi}; missing level(s) {}",
                    missing.join(", ")
                ),
            );
        }
    }

    fn check(&mut self, m: &Model) {
        if m.id.trim().is_empty() {
            self.problem("id".into(), None, "is empty");
        }
        if m.version.trim().is_empty() {
            self.problem("version".into(), None, "is empty");
        }
        if m.languages.is_empty() {
            self.problem("languages".into(), None, "lists no language");
        }
        for lang in m.languages.clone() {
            if !KNOWN_LANGUAGES.contains(&lang.as_str()) {
                self.problem(
                    "languages".into(),
                    None,
                    format!("unknown language '{lang}' (known: da, en)"),
                );
            }
        }
        if !m.languages.iter().any(|l| l == "da") {
            self.problem(
                "languages".into(),
                None,
                "must include 'da' (Danish is the default)",
            );
        }
        self.text("name", None, &m.name);
        if let Some(d) = &m.description {
            self.text("description", None, d);
        }

        let scale = m.scale;
        if scale.min >= scale.max || scale.max > 9 {
            self.problem(
                "scale".into(),
                None,
                format!(
                    "must run from a lower to a higher step within 0 to 9, runs {} to {}",
                    scale.min, scale.max
                ),
            );
        }
        let lv: Vec<u8> = m.levels.iter().map(|l| l.level).collect();
        self.level_set("levels", None, &lv, "the staircase", scale);
        let mut group_ids = HashSet::new();
        for g in &m.groups {
            let line = self.line_of(&g.id);
            let p = format!("groups[{}]", g.id);
            self.ident(&p, line, &g.id, &mut group_ids);
            self.weight(&format!("{p}.weight"), line, g.weight);
            self.text(&format!("{p}.name"), line, &g.name);
            if m.group_dimensions(&g.id).next().is_none() {
                self.problem(p, line, "has no dimension");
            }
        }
        if let Some(c) = &m.credit {
            self.text("credit", None, c);
        }
        for l in &m.levels {
            let p = format!("levels[{}]", l.level);
            self.text(&format!("{p}.name"), None, &l.name);
            self.text(&format!("{p}.description"), None, &l.description);
        }

        let mut trait_ids = HashSet::new();
        for t in &m.traits {
            let line = self.line_of(&t.id);
            let p = format!("traits[{}]", t.id);
            self.ident(&p, line, &t.id, &mut trait_ids);
            self.text(&format!("{p}.name"), line, &t.name);
        }

        if m.dimensions.is_empty() {
            self.problem("dimensions".into(), None, "the model has no dimension");
        }
        let mut dim_ids = HashSet::new();
        let mut question_ids = HashSet::new();
        for d in &m.dimensions {
            let dline = self.line_of(&d.id);
            let p = format!("dimensions[{}]", d.id);
            self.ident(&p, dline, &d.id, &mut dim_ids);
            self.weight(&format!("{p}.weight"), dline, d.weight);
            self.text(&format!("{p}.name"), dline, &d.name);
            if let Some(desc) = &d.description {
                self.text(&format!("{p}.description"), dline, desc);
            }
            if d.questions.is_empty() {
                self.problem(p.clone(), dline, "has no question");
            }
            match (&d.group, m.groups.is_empty()) {
                (None, false) => self.problem(
                    format!("{p}.group"),
                    dline,
                    "names no group; in a model with groups every dimension has one",
                ),
                (Some(g), true) => self.problem(
                    format!("{p}.group"),
                    dline,
                    format!("names group '{g}', but the model has no groups"),
                ),
                (Some(g), false) if m.group(g).is_none() => {
                    self.problem(format!("{p}.group"), dline, format!("unknown group '{g}'"))
                }
                _ => {}
            }
            for q in &d.questions {
                let qline = self.line_of(&q.id);
                let qp = format!("{p}.questions[{}]", q.id);
                self.ident(&qp, qline, &q.id, &mut question_ids);
                self.weight(&format!("{qp}.weight"), qline, q.weight);
                self.text(&format!("{qp}.text"), qline, &q.text);
                if let Some(t) = &q.trait_id {
                    if !m.traits.iter().any(|tr| &tr.id == t) {
                        self.problem(format!("{qp}.trait"), qline, format!("unknown trait '{t}'"));
                    }
                }
                if m.scoring.dimension == Aggregation::StreamSum && q.stream.is_none() {
                    self.problem(
                        format!("{qp}.stream"),
                        qline,
                        "names no stream; the model sums each stream's questions",
                    );
                }
                for c in &q.criteria {
                    self.text(&format!("{qp}.criteria"), qline, c);
                }
                for o in &q.options {
                    if !o.value().is_finite() {
                        self.problem(
                            format!("{qp}.options[level {}].value", o.level),
                            qline,
                            "is not a number",
                        );
                    }
                }
                let levels: Vec<u8> = q.options.iter().map(|o| o.level).collect();
                let steps = scale.steps().count();
                if q.options.len() != steps {
                    self.problem(
                        format!("{qp}.options"),
                        qline,
                        format!(
                            "has {} answer option(s); a question needs exactly one per level ({steps})",
                            q.options.len()
                        ),
                    );
                } else {
                    self.level_set(
                        &format!("{qp}.options"),
                        qline,
                        &levels,
                        "the options",
                        scale,
                    );
                }
                for o in &q.options {
                    self.text(&format!("{qp}.options[level {}]", o.level), qline, &o.text);
                }
            }
            let mut seen = HashSet::new();
            for n in &d.next_steps {
                if !scale.steps().contains(&n.level) || !seen.insert(n.level) {
                    self.problem(
                        format!("{p}.next_steps"),
                        dline,
                        format!(
                            "level {} is outside {} to {} or given twice",
                            n.level, scale.min, scale.max
                        ),
                    );
                }
                self.text(
                    &format!("{p}.next_steps[level {}]", n.level),
                    dline,
                    &n.text,
                );
            }
            for l in scale.min..scale.max {
                if !seen.contains(&l) {
                    self.problem(
                        format!("{p}.next_steps"),
                        dline,
                        format!("no next step for level {l}"),
                    );
                }
            }
        }

        self.text("barriers.intro", None, &m.barriers.intro);
        if !m.barriers.items.is_empty() && m.barriers.scale.len() != LEVELS as usize {
            self.problem(
                "barriers.scale".into(),
                None,
                format!("has {} labels; needs 5", m.barriers.scale.len()),
            );
        }
        for (i, s) in m.barriers.scale.iter().enumerate() {
            self.text(&format!("barriers.scale[{}]", i + 1), None, s);
        }
        let mut barrier_ids = HashSet::new();
        for b in &m.barriers.items {
            let line = self.line_of(&b.id);
            let p = format!("barriers.items[{}]", b.id);
            self.ident(&p, line, &b.id, &mut barrier_ids);
            self.text(&format!("{p}.name"), line, &b.name);
        }
        if let Some(o) = &m.barriers.own {
            self.text("barriers.own", None, o);
        }

        self.text("roles.question", None, &m.roles.question);
        if m.roles.options.is_empty() {
            self.problem("roles.options".into(), None, "lists no role");
        }
        let mut role_ids = HashSet::new();
        for r in &m.roles.options {
            let line = self.line_of(&r.id);
            let p = format!("roles.options[{}]", r.id);
            self.ident(&p, line, &r.id, &mut role_ids);
            self.text(&format!("{p}.name"), line, &r.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_is_valid_and_has_the_seeds_shape() {
        let m = Model::builtin();
        assert_eq!(m.levels.len(), 5);
        assert_eq!(m.dimensions.len(), 7);
        for d in &m.dimensions {
            assert!(
                (4..=6).contains(&d.questions.len()),
                "{} has {} questions",
                d.id,
                d.questions.len()
            );
        }
        assert_eq!(m.traits.len(), 4);
        assert_eq!(m.barriers.items.len(), 4);
        assert_eq!(
            m.level(1).unwrap().name.get("da"),
            "Den umodne serviceorganisation"
        );
        assert_eq!(
            m.level(5).unwrap().name.get("da"),
            "På forkant med udviklingen"
        );
    }

    fn small_model() -> String {
        let opts = |q: &str| {
            (1..=5)
                .map(|l| format!("[[dimensions.questions.options]]\nlevel = {l}\ntext = {{ da = \"{q} {l}\", en = \"{q} {l}\" }}\n"))
                .collect::<String>()
        };
        let levels: String = (1..=5)
            .map(|l| format!("[[levels]]\nlevel = {l}\nname = {{ da = \"T{l}\", en = \"S{l}\" }}\ndescription = {{ da = \"d\", en = \"d\" }}\n"))
            .collect();
        let steps: String = (1..=4)
            .map(|l| {
                format!(
                    "[[dimensions.next_steps]]\nlevel = {l}\ntext = {{ da = \"n\", en = \"n\" }}\n"
                )
            })
            .collect();
        format!(
            r#"id = "small"
version = "1"
languages = ["da", "en"]
name = {{ da = "Lille", en = "Small" }}
{levels}
[[traits]]
id = "lead"
name = {{ da = "Ledelse", en = "Leadership" }}

[[dimensions]]
id = "a"
weight = 2.0
name = {{ da = "A", en = "A" }}
{steps}
[[dimensions.questions]]
id = "a1"
trait = "lead"
text = {{ da = "Spørgsmål", en = "Question" }}
{opts_a1}
[[dimensions.questions]]
id = "a2"
text = {{ da = "Spørgsmål", en = "Question" }}
{opts_a2}
[barriers]
intro = {{ da = "i", en = "i" }}
scale = [{{ da = "1", en = "1" }}, {{ da = "2", en = "2" }}, {{ da = "3", en = "3" }}, {{ da = "4", en = "4" }}, {{ da = "5", en = "5" }}]
[[barriers.items]]
id = "law"
name = {{ da = "Lov", en = "Law" }}

[roles]
question = {{ da = "Rolle", en = "Role" }}
[[roles.options]]
id = "leader"
group = "leader"
name = {{ da = "Leder", en = "Leader" }}
"#,
            opts_a1 = opts("a1"),
            opts_a2 = opts("a2"),
        )
    }

    #[test]
    fn a_small_valid_model_parses() {
        let m = Model::from_toml(&small_model()).unwrap();
        assert_eq!(m.key(), "small@1");
        assert_eq!(m.question("a2").unwrap().0.id, "a");
    }

    fn problems(src: &str) -> Vec<String> {
        match Model::from_toml(src) {
            Err(ModelError::Invalid(p)) => p.iter().map(|p| p.to_string()).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn missing_translation_is_reported_with_its_place() {
        let src = small_model().replace(
            "text = { da = \"Spørgsmål\", en = \"Question\" }\n[[dimensions.questions.options]]\nlevel = 1\ntext = { da = \"a2 1\", en = \"a2 1\" }",
            "text = { da = \"Spørgsmål\" }\n[[dimensions.questions.options]]\nlevel = 1\ntext = { da = \"a2 1\", en = \"a2 1\" }",
        );
        let p = problems(&src);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("dimensions[a].questions[a2].text: missing translation 'en'"));
        let line = src.lines().position(|l| l == "id = \"a2\"").unwrap() + 1;
        assert!(p[0].starts_with(&format!("line {line}:")), "{}", p[0]);
    }

    #[test]
    fn a_question_without_five_options_duplicate_ids_and_bad_weights_are_all_reported() {
        let src = small_model()
            .replacen("[[dimensions.questions.options]]\nlevel = 5\ntext = { da = \"a1 5\", en = \"a1 5\" }\n", "", 1)
            .replace("id = \"a2\"", "id = \"a1\"")
            .replace("weight = 2.0", "weight = 0.0");
        let p = problems(&src).join("\n");
        assert!(
            p.contains("questions[a1].options: has 4 answer option(s)"),
            "{p}"
        );
        assert!(p.contains("duplicate id 'a1'"), "{p}");
        assert!(
            p.contains("dimensions[a].weight: weight must be positive, is 0"),
            "{p}"
        );
    }

    #[test]
    fn unknown_trait_and_missing_next_step_are_reported() {
        let src = small_model()
            .replace("trait = \"lead\"", "trait = \"nope\"")
            .replacen(
                "[[dimensions.next_steps]]\nlevel = 4\ntext = { da = \"n\", en = \"n\" }\n",
                "",
                1,
            );
        let p = problems(&src).join("\n");
        assert!(p.contains("unknown trait 'nope'"), "{p}");
        assert!(p.contains("no next step for level 4"), "{p}");
    }

    /// Found by review while fuzzing: every item's line was looked up by scanning the
    /// whole source, so a 1 MB model with 20,000 traits took 24 s to validate.
    #[test]
    fn a_huge_model_validates_in_linear_time() {
        let traits: String = (0..20_000)
            .map(|i| format!("[[traits]]\nid = \"t{i}\"\nname = {{ da = \"x\", en = \"x\" }}\n"))
            .collect();
        let src = format!("{}\n{traits}", small_model());
        let started = std::time::Instant::now();
        let m = Model::from_toml(&src).unwrap();
        assert_eq!(m.traits.len(), 20_001);
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
        // lines still point at the first `id = ...` of an item
        let src = src.replace("trait = \"lead\"", "trait = \"t19999\"\nweight = -1.0");
        let p = problems(&src);
        let line = src.lines().position(|l| l == "id = \"a1\"").unwrap() + 1;
        assert!(
            p.iter().any(|p| p.starts_with(&format!("line {line}: dimensions[a].questions[a1].weight"))),
            "{p:?}"
        );
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let err = Model::from_toml("id = \"x\"\nversion = \n").unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
        let err = Model::from_toml("id = \"x\"\nversion = \"1\"\nbogus = 1\n").unwrap_err();
        assert!(err.to_string().contains("bogus"), "{err}");
    }
}
