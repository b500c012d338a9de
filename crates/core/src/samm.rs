//! OWASP SAMM as a Trappe model: reads the YAML documents of a SAMM `model/` folder (as
//! published by the SAMM project) and builds model `samm@VERSION`.
//!
//! Documents refer to each other only by their GUID `id`; a document's kind is its
//! `type` field. File names are labels and are never read for meaning: a question's id
//! `F-PP-S-L` is derived from the links question → activity → stream → practice →
//! function, and activity → practice level → maturity level (see the README of the
//! reference copy). No SAMM text is part of this crate: every text comes from the files.

use crate::model::{
    Aggregation, AnswerOption, BarrierSection, Dimension, Group, Level, Model, NextStep,
    NotApplicable, Question, Role, RoleGroup, RoleSection, Rules, Scale, Text, Unanswered,
};
use std::collections::HashMap;
use yaml_rust2::{Yaml, YamlLoader};

pub mod archive;

/// A problem in a SAMM folder, with the file it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct SammProblem {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for SammProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// One parsed document and the file it came from.
struct Doc {
    file: String,
    y: Yaml,
}

impl Doc {
    fn str(&self, key: &str) -> Option<String> {
        scalar(&self.y[key])
    }
}

/// A scalar as text: `text: No` is a string in YAML 1.2, but a YAML 1.1 reader would
/// make it `false`; both read back as the words.
fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) => Some(s.trim().to_string()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        Yaml::Boolean(true) => Some("Yes".into()),
        Yaml::Boolean(false) => Some("No".into()),
        _ => None,
    }
}

fn number(y: &Yaml) -> Option<f64> {
    match y {
        Yaml::Integer(i) => Some(*i as f64),
        Yaml::Real(_) => y.as_f64(),
        _ => None,
    }
}

/// English only in the published data: the Danish text is the English one until a
/// translation exists.
fn en(s: &str) -> Text {
    Text::new(s, s)
}

/// Builds `samm@version` from the folder's files, given as (path, content). Every
/// problem is reported with its file; nothing is built when there is one.
pub fn samm_model(files: &[(String, String)], version: &str) -> Result<Model, Vec<SammProblem>> {
    let mut problems = Vec::new();
    let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
    let mut docs = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (file, text) in files {
        let p = |m: String| SammProblem {
            file: file.clone(),
            message: m,
        };
        let y = match YamlLoader::load_from_str(text) {
            Ok(mut v) if !v.is_empty() => v.swap_remove(0),
            Ok(_) => continue,
            Err(e) => {
                problems.push(p(format!("not YAML: {e}")));
                continue;
            }
        };
        let d = Doc {
            file: file.clone(),
            y,
        };
        let (Some(id), Some(ty)) = (d.str("id"), d.str("type")) else {
            problems.push(p("has no 'id' or no 'type'".into()));
            continue;
        };
        if by_id.insert(id.clone(), docs.len()).is_some() {
            problems.push(p(format!("id {id} is given twice")));
        }
        by_type.entry(ty).or_default().push(docs.len());
        docs.push(d);
    }
    let of = |t: &str| -> Vec<&Doc> {
        let mut v: Vec<&Doc> = by_type
            .get(t)
            .map(|ix| ix.iter().map(|&i| &docs[i]).collect())
            .unwrap_or_default();
        v.sort_by(|a, b| {
            number(&a.y["order"])
                .unwrap_or(0.0)
                .total_cmp(&number(&b.y["order"]).unwrap_or(0.0))
                .then_with(|| a.file.cmp(&b.file))
        });
        v
    };
    // The document a field links to, of the expected type.
    let link = |d: &Doc, field: &str, ty: &str, problems: &mut Vec<SammProblem>| -> Option<usize> {
        let target = d.str(field);
        let found = target
            .as_ref()
            .and_then(|t| by_id.get(t))
            .filter(|&&i| docs[i].str("type").as_deref() == Some(ty))
            .copied();
        if found.is_none() {
            problems.push(SammProblem {
                file: d.file.clone(),
                message: format!(
                    "'{field}' ({}) links to no {ty}",
                    target.unwrap_or_else(|| "missing".into())
                ),
            });
        }
        found
    };
    let need = |d: &Doc, field: &str, problems: &mut Vec<SammProblem>| -> String {
        d.str(field).unwrap_or_else(|| {
            problems.push(SammProblem {
                file: d.file.clone(),
                message: format!("has no '{field}'"),
            });
            String::new()
        })
    };

    // Business functions: one letter each, the first of the name.
    let mut groups = Vec::new();
    let mut function_letter: HashMap<usize, String> = HashMap::new();
    for f in of("Function") {
        let name = need(f, "name", &mut problems);
        let letter: String = name.chars().take(1).collect::<String>().to_uppercase();
        if groups.iter().any(|g: &Group| g.id == letter) {
            problems.push(SammProblem {
                file: f.file.clone(),
                message: format!("a second business function with the letter {letter}"),
            });
        }
        function_letter.insert(by_id[&f.str("id").unwrap_or_default()], letter.clone());
        groups.push(Group {
            id: letter,
            weight: 1.0,
            name: en(&name),
            description: f.str("description").map(|d| en(&d)),
        });
    }

    // Maturity levels by document, their numbers; practice levels by (practice, number).
    let mut level_number: HashMap<usize, u8> = HashMap::new();
    let mut levels = vec![Level {
        level: 0,
        name: Text::new("Ikke i gang", "Not started"),
        description: Text::new(
            "Ingen af praksissens aktiviteter er på plads endnu.",
            "None of the practice's activities is in place yet.",
        ),
    }];
    for m in of("MaturityLevel") {
        let n = number(&m.y["number"]).unwrap_or(0.0);
        if !(1.0..=3.0).contains(&n) || n.fract() != 0.0 {
            problems.push(SammProblem {
                file: m.file.clone(),
                message: format!("maturity level number {n} is not 1, 2 or 3"),
            });
            continue;
        }
        let n = n as u8;
        level_number.insert(by_id[&m.str("id").unwrap_or_default()], n);
        levels.push(Level {
            level: n,
            name: Text::new(
                &format!("Modenhedsniveau {n}"),
                &format!("Maturity level {n}"),
            ),
            description: en(&need(m, "description", &mut problems)),
        });
    }
    let mut objectives: HashMap<(usize, u8), String> = HashMap::new();
    let mut practice_level: HashMap<usize, (usize, u8)> = HashMap::new();
    for pl in of("PracticeLevel") {
        let (Some(p), Some(m)) = (
            link(pl, "practice", "Practice", &mut problems),
            link(pl, "maturityLevel", "MaturityLevel", &mut problems),
        ) else {
            continue;
        };
        let Some(&n) = level_number.get(&m) else {
            continue;
        };
        objectives.insert((p, n), need(pl, "objective", &mut problems));
        practice_level.insert(by_id[&pl.str("id").unwrap_or_default()], (p, n));
    }

    // Answer sets: four values, order 0 to 3.
    let mut answer_sets: HashMap<usize, Vec<AnswerOption>> = HashMap::new();
    for a in of("AnswerSet") {
        let mut opts: Vec<AnswerOption> = Vec::new();
        for v in a.y["values"]
            .as_vec()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let (Some(order), Some(value), Some(text)) =
                (number(&v["order"]), number(&v["value"]), scalar(&v["text"]))
            else {
                problems.push(SammProblem {
                    file: a.file.clone(),
                    message: "an answer lacks 'order', 'value' or 'text'".into(),
                });
                continue;
            };
            opts.push(AnswerOption {
                level: order as u8,
                value: Some(value),
                text: en(&text),
            });
        }
        opts.sort_by_key(|o| o.level);
        let levels: Vec<u8> = opts.iter().map(|o| o.level).collect();
        if levels != [0, 1, 2, 3] {
            problems.push(SammProblem {
                file: a.file.clone(),
                message: format!("answers have orders {levels:?}; expected 0, 1, 2, 3"),
            });
        }
        answer_sets.insert(by_id[&a.str("id").unwrap_or_default()], opts);
    }

    // Questions by activity.
    let mut question_of: HashMap<usize, &Doc> = HashMap::new();
    for q in of("Question") {
        if let Some(a) = link(q, "activity", "Activity", &mut problems) {
            if question_of.insert(a, q).is_some() {
                problems.push(SammProblem {
                    file: q.file.clone(),
                    message: "a second question for one activity".into(),
                });
            }
        }
    }
    // Activities by stream, with their level number.
    let mut activities: HashMap<usize, Vec<(u8, usize)>> = HashMap::new();
    for a in of("Activity") {
        let (Some(s), Some(pl)) = (
            link(a, "stream", "Stream", &mut problems),
            link(a, "level", "PracticeLevel", &mut problems),
        ) else {
            continue;
        };
        let Some(&(_, n)) = practice_level.get(&pl) else {
            continue;
        };
        activities
            .entry(s)
            .or_default()
            .push((n, by_id[&a.str("id").unwrap_or_default()]));
    }
    // Streams by practice.
    let mut streams: HashMap<usize, Vec<&Doc>> = HashMap::new();
    for s in of("Stream") {
        if let Some(p) = link(s, "practice", "Practice", &mut problems) {
            streams.entry(p).or_default().push(s);
        }
    }

    let mut dimensions = Vec::new();
    let mut practices = of("Practice");
    practices.sort_by_key(|p| {
        let f = p
            .str("function")
            .and_then(|f| by_id.get(&f))
            .and_then(|i| function_letter.get(i))
            .and_then(|l| groups.iter().position(|g| &g.id == l))
            .unwrap_or(usize::MAX);
        (f, number(&p.y["order"]).unwrap_or(0.0) as i64)
    });
    for p in practices {
        let Some(f) = link(p, "function", "Function", &mut problems) else {
            continue;
        };
        let pix = by_id[&p.str("id").unwrap_or_default()];
        let letter = function_letter.get(&f).cloned().unwrap_or_default();
        let short = need(p, "shortName", &mut problems);
        let pid = format!("{letter}-{short}");
        let mut questions = Vec::new();
        for s in streams.get(&pix).map(Vec::as_slice).unwrap_or_default() {
            let sl = need(s, "letter", &mut problems);
            let mut acts = activities
                .get(&by_id[&s.str("id").unwrap_or_default()])
                .cloned()
                .unwrap_or_default();
            acts.sort();
            if acts.iter().map(|a| a.0).collect::<Vec<_>>() != [1, 2, 3] {
                problems.push(SammProblem {
                    file: s.file.clone(),
                    message: format!("stream {pid}-{sl} has no activity per level 1, 2 and 3"),
                });
            }
            for (n, a) in acts {
                let Some(q) = question_of.get(&a) else {
                    problems.push(SammProblem {
                        file: docs[a].file.clone(),
                        message: "activity has no question".into(),
                    });
                    continue;
                };
                let options = link(q, "answerSet", "AnswerSet", &mut problems)
                    .and_then(|s| answer_sets.get(&s).cloned())
                    .unwrap_or_default();
                let criteria = q.y["quality"]
                    .as_vec()
                    .map(|v| v.iter().filter_map(scalar).map(|c| en(&c)).collect())
                    .unwrap_or_default();
                questions.push(Question {
                    id: format!("{pid}-{sl}-{n}"),
                    weight: 1.0,
                    trait_id: None,
                    text: en(&need(q, "text", &mut problems)),
                    stream: Some(sl.clone()),
                    criteria,
                    options,
                });
            }
        }
        let next_steps = (0..3)
            .filter_map(|l| {
                objectives.get(&(pix, l + 1)).map(|o| NextStep {
                    level: l,
                    text: en(o),
                })
            })
            .collect();
        dimensions.push(Dimension {
            id: pid,
            weight: 1.0,
            name: en(&need(p, "name", &mut problems)),
            description: p.str("shortDescription").map(|d| en(&d)),
            group: Some(letter),
            questions,
            next_steps,
        });
    }
    levels.sort_by_key(|l| l.level);

    let model = Model {
        id: "samm".into(),
        version: version.to_string(),
        languages: vec!["da".into(), "en".into()],
        name: Text::new("OWASP SAMM", "OWASP SAMM"),
        description: None,
        levels,
        traits: vec![],
        dimensions,
        barriers: BarrierSection {
            intro: Text::new(
                "Modellen spørger ikke til barrierer.",
                "The model asks about no barriers.",
            ),
            scale: vec![],
            items: vec![],
            own: None,
        },
        roles: RoleSection {
            question: Text::new("Din rolle i vurderingen", "Your role in the assessment"),
            options: vec![
                Role {
                    id: "lead".into(),
                    name: Text::new("Ansvarlig for vurderingen", "Lead of the assessment"),
                    group: RoleGroup::Leader,
                },
                Role {
                    id: "member".into(),
                    name: Text::new("Deltager", "Participant"),
                    group: RoleGroup::Employee,
                },
            ],
        },
        scale: Scale { min: 0, max: 3 },
        scoring: Rules {
            unanswered: Unanswered::Lowest,
            not_applicable: NotApplicable::Excluded,
            dimension: Aggregation::StreamSum,
        },
        groups,
        credit: Some(Text::new(
            &format!(
                "Modellens tekster: OWASP SAMM {version} (https://owaspsamm.org), © OWASP SAMM-projektet, licens CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
            ),
            &format!(
                "The model's texts: OWASP SAMM {version} (https://owaspsamm.org), © the OWASP SAMM project, licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)."
            ),
        )),
    };
    if problems.is_empty() {
        for p in model.validate(None) {
            problems.push(SammProblem {
                file: "(the model built)".into(),
                message: p.to_string(),
            });
        }
    }
    if problems.is_empty() {
        Ok(model)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny SAMM-shaped folder, made up here (no SAMM text): one function, one
    /// practice, two streams, three levels. The file names are deliberately misleading.
    fn tiny() -> Vec<(String, String)> {
        let mut f = Vec::new();
        let mut add = |name: &str, body: String| f.push((name.to_string(), body));
        add(
            "business_functions/X.yml",
            "id: f1\nname: design\norder: 1\ntype: Function\n".into(),
        );
        add(
            "security_practices/Y.yml",
            "id: p1\nfunction: f1\nname: Some Practice\nshortName: ZZ\norder: 1\ntype: Practice\n"
                .into(),
        );
        for n in 1..=3 {
            add(
                &format!("maturity_levels/{n}.yml"),
                format!("id: m{n}\nnumber: {n}\ndescription: level {n}\ntype: MaturityLevel\n"),
            );
            add(
                &format!("practice_levels/{n}.yml"),
                format!("id: pl{n}\npractice: p1\nmaturityLevel: m{n}\nobjective: reach {n}\ntype: PracticeLevel\n"),
            );
        }
        add(
            "answer_sets/A.yml",
            "id: as1\nvalues:\n- text: No\n  value: 0\n  order: 0\n- text: Some\n  value: 0.25\n  order: 1\n- text: Half\n  value: 0.5\n  order: 2\n- text: All\n  value: 1\n  order: 3\ntype: AnswerSet\n".into(),
        );
        for (s, letter) in [("s1", "A"), ("s2", "B")] {
            add(
                &format!("streams/{letter}.yml"),
                format!("id: {s}\npractice: p1\nletter: {letter}\nname: stream {letter}\norder: 1\ntype: Stream\n"),
            );
            for n in 1..=3 {
                add(
                    &format!("activities/wrong-{n}-{letter}.yml"),
                    format!("id: a{s}{n}\nstream: {s}\nlevel: pl{n}\ntitle: t\ntype: Activity\n"),
                );
                add(
                    &format!("questions/Q-{letter}-{n}.yml"),
                    format!("id: q{s}{n}\nactivity: a{s}{n}\nanswerSet: as1\ntext: question {letter}{n}\nquality:\n- criterion one\n- criterion two\norder: 1\ntype: Question\n"),
                );
            }
        }
        f
    }

    #[test]
    fn a_samm_shaped_folder_becomes_a_grouped_model_with_derived_ids() {
        let m = samm_model(&tiny(), "9.9").unwrap();
        assert_eq!(m.key(), "samm@9.9");
        assert_eq!(m.groups.len(), 1);
        assert_eq!(m.groups[0].id, "D");
        let d = &m.dimensions[0];
        assert_eq!(d.id, "D-ZZ");
        let ids: Vec<&str> = d.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(
            ids,
            ["D-ZZ-A-1", "D-ZZ-A-2", "D-ZZ-A-3", "D-ZZ-B-1", "D-ZZ-B-2", "D-ZZ-B-3"]
        );
        let q = &d.questions[4];
        assert_eq!(q.text.get("en"), "question B2");
        assert_eq!(q.text.get("da"), "question B2");
        assert_eq!(q.criteria.len(), 2);
        // `text: No` read as the word, values as published.
        assert_eq!(q.options[0].text.get("en"), "No");
        let values: Vec<f64> = q.options.iter().map(|o| o.value()).collect();
        assert_eq!(values, [0.0, 0.25, 0.5, 1.0]);
        assert_eq!(d.next_steps[0].text.get("en"), "reach 1");
        // Stored as TOML and read back unchanged.
        let src = toml::to_string(&m).unwrap();
        assert_eq!(Model::from_toml(&src).unwrap(), m);
    }

    #[test]
    fn a_broken_link_is_reported_with_its_file_and_nothing_is_built() {
        let mut f = tiny();
        for (name, body) in &mut f {
            if name == "questions/Q-B-2.yml" {
                *body = body.replace("activity: as22", "activity: nowhere");
            }
        }
        let err = samm_model(&f, "1").unwrap_err();
        let all: Vec<String> = err.iter().map(|p| p.to_string()).collect();
        assert!(
            all.iter()
                .any(|p| p
                    .starts_with("questions/Q-B-2.yml: 'activity' (nowhere) links to no Activity")),
            "{all:?}"
        );
    }
}
