//! The questionnaire of an uploaded model in one language, as its preview shows it:
//! the scale's steps, the groups (if any) with their dimensions, each question with its
//! criteria and its options with their values, the role question and the barriers.

use crate::kit::i18n::Lang;
use trappe_core::Model;

/// A value as written in `lang`: whole numbers without decimals, others with up to
/// two ("0,25" in Danish).
pub fn value_text(lang: Lang, v: f64) -> String {
    if v.fract() == 0.0 {
        return lang.num(v, 0);
    }
    let s = lang.num(v, 2);
    s.trim_end_matches('0').to_string()
}

pub struct OptionView {
    pub level: u8,
    pub value: String,
    pub text: String,
}

pub struct QuestionView {
    pub id: String,
    pub text: String,
    pub weight: Option<String>,
    pub stream: Option<String>,
    pub criteria: Vec<String>,
    pub options: Vec<OptionView>,
}

pub struct DimensionView {
    pub id: String,
    pub name: String,
    pub weight: Option<String>,
    pub questions: Vec<QuestionView>,
}

pub struct GroupView {
    /// None for a model without groups (its dimensions stand alone).
    pub name: Option<String>,
    pub dimensions: Vec<DimensionView>,
}

pub struct LangView {
    /// The language the section is about ("da", "en").
    pub lang: &'static str,
    /// The language its texts are in: the model's first language where it lacks `lang`.
    pub content_lang: String,
    /// The heading, in the reader's language.
    pub heading: String,
    /// Whether the model has no texts in `lang` (its first language is shown).
    pub missing: bool,
    pub name: String,
    pub levels: Vec<(u8, String, String)>,
    pub groups: Vec<GroupView>,
    pub role_question: String,
    pub roles: Vec<String>,
    pub barriers_intro: String,
    pub barriers: Vec<String>,
    pub barrier_scale: Vec<String>,
}

/// A weight worth showing: one that is not the default 1.
fn weight(lang: Lang, w: f64) -> Option<String> {
    (w != 1.0).then(|| value_text(lang, w))
}

impl LangView {
    /// The questionnaire of `m` in language `lang`, its labels in the reader's `ui`.
    pub fn new(m: &Model, ui: Lang, lang: &'static str) -> LangView {
        let missing = !m.languages.iter().any(|l| l == lang);
        let content_lang = if missing {
            m.languages
                .first()
                .cloned()
                .unwrap_or_else(|| "da".to_string())
        } else {
            lang.to_string()
        };
        let l = content_lang.as_str();
        let dimension = |d: &trappe_core::model::Dimension| DimensionView {
            id: d.id.clone(),
            name: d.name.get(l).to_string(),
            weight: weight(ui, d.weight),
            questions: d
                .questions
                .iter()
                .map(|q| QuestionView {
                    id: q.id.clone(),
                    text: q.text.get(l).to_string(),
                    weight: weight(ui, q.weight),
                    stream: q.stream.clone(),
                    criteria: q.criteria.iter().map(|c| c.get(l).to_string()).collect(),
                    options: q
                        .options
                        .iter()
                        .map(|o| OptionView {
                            level: o.level,
                            value: value_text(ui, o.value()),
                            text: o.text.get(l).to_string(),
                        })
                        .collect(),
                })
                .collect(),
        };
        let groups = if m.groups.is_empty() {
            vec![GroupView {
                name: None,
                dimensions: m.dimensions.iter().map(dimension).collect(),
            }]
        } else {
            m.groups
                .iter()
                .map(|g| GroupView {
                    name: Some(g.name.get(l).to_string()),
                    dimensions: m.group_dimensions(&g.id).map(dimension).collect(),
                })
                .collect()
        };
        LangView {
            lang,
            heading: ui.t(&format!("model-preview-in-{lang}")),
            missing,
            name: m.name.get(l).to_string(),
            levels: m
                .levels
                .iter()
                .map(|v| {
                    (
                        v.level,
                        v.name.get(l).to_string(),
                        v.description.get(l).to_string(),
                    )
                })
                .collect(),
            groups,
            role_question: m.roles.question.get(l).to_string(),
            roles: m
                .roles
                .options
                .iter()
                .map(|r| r.name.get(l).to_string())
                .collect(),
            barriers_intro: m.barriers.intro.get(l).to_string(),
            barriers: m
                .barriers
                .items
                .iter()
                .map(|b| b.name.get(l).to_string())
                .collect(),
            barrier_scale: m
                .barriers
                .scale
                .iter()
                .map(|s| s.get(l).to_string())
                .collect(),
            content_lang,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_without_needless_decimals() {
        assert_eq!(value_text(Lang::Da, 3.0), "3");
        assert_eq!(value_text(Lang::Da, 0.25), "0,25");
        assert_eq!(value_text(Lang::En, 0.5), "0.5");
    }
}
