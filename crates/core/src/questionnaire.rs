//! What the respondent's pages say about the questionnaire itself (issue 16): how long it
//! takes, what "jeres organisation" means, and where a long answer option's lead clause
//! ends (so the page can set it in bold without adding or dropping a word).

use crate::Model;

/// Reading speeds, in characters per second, of a quick and of a careful reader. Silent
/// reading of Danish or English prose runs at about 200–250 words a minute (a word plus
/// its space is about 6 characters: 20–25 characters a second). Choosing between five
/// practices means comparing them, so the quick reader is put at the low end of plain
/// reading (20/s, 200 words a minute) and the careful one, who reads every option and
/// goes back to compare, at 15/s (150 words a minute).
const QUICK_CHARS_PER_SEC: f64 = 20.0;
const CAREFUL_CHARS_PER_SEC: f64 = 15.0;
/// Deciding and clicking, per question or barrier rated, beyond reading it.
const SECS_PER_CHOICE: f64 = 5.0;
/// Moving to the next page (saving, loading, finding one's place).
const SECS_PER_PAGE: f64 = 5.0;
/// Writing a barrier in one's own words (optional; a sentence or two).
const SECS_OWN_TEXT: f64 = 60.0;

/// How long answering `model` in `lang` takes, in whole minutes: (quick reader, careful
/// reader), the first rounded down and the second up to a multiple of 5 (a range that
/// claims no more precision than it has). Every text the respondent reads counts (the
/// questions, every option, the "don't know" and "not relevant" options at a short 20
/// characters, the barriers with their scale), plus a few seconds per choice and page.
pub fn minutes_to_answer(model: &Model, lang: &str) -> (u32, u32) {
    let len = |s: &str| s.chars().count() as f64;
    let mut chars = 0.0;
    let mut choices = 0.0;
    for d in &model.dimensions {
        chars += d.description.as_ref().map_or(0.0, |t| len(t.get(lang)));
        for q in &d.questions {
            chars += len(q.text.get(lang));
            chars += q.options.iter().map(|o| len(o.text.get(lang))).sum::<f64>();
            chars += 2.0 * 20.0;
            choices += 1.0;
        }
    }
    let b = &model.barriers;
    chars += len(b.intro.get(lang));
    for item in &b.items {
        chars += len(item.name.get(lang));
        chars += item.description.as_ref().map_or(0.0, |t| len(t.get(lang)));
        // The scale is read once; after that a glance per barrier.
        chars += 20.0;
        choices += 1.0;
    }
    chars += b.scale.iter().map(|s| len(s.get(lang))).sum::<f64>();
    let own = if b.own.is_some() { SECS_OWN_TEXT } else { 0.0 };
    // The role, each dimension's page, the barriers, the review.
    let pages = model.dimensions.len() as f64 + 3.0;
    let fixed = choices * SECS_PER_CHOICE + pages * SECS_PER_PAGE + own + SECS_PER_CHOICE;
    let minutes = |per_sec: f64| (chars / per_sec + fixed) / 60.0;
    let low = ((minutes(QUICK_CHARS_PER_SEC) / 5.0).floor() * 5.0).max(5.0);
    let high = ((minutes(CAREFUL_CHARS_PER_SEC) / 5.0).ceil() * 5.0).max(low + 5.0);
    (low as u32, high as u32)
}

/// The longest text an organiser may give for what "jeres organisation" means.
pub const MAX_ORG_SCOPE: usize = 500;

/// Why an organisation-scope text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgScopeError {
    #[error("the text is longer than {MAX_ORG_SCOPE} characters")]
    TooLong,
}

/// The organiser's text for what "jeres organisation" means, trimmed (None: empty, so
/// the page says the default).
pub fn org_scope(text: &str) -> Result<Option<String>, OrgScopeError> {
    let t = text.trim().replace("\r\n", "\n");
    if t.chars().count() > MAX_ORG_SCOPE {
        return Err(OrgScopeError::TooLong);
    }
    Ok((!t.is_empty()).then_some(t))
}

/// The shortest and longest share of an option's text its lead clause may take.
const LEAD_MIN_CHARS: usize = 12;
const LEAD_MAX_SHARE: f64 = 0.75;
/// An option this short is read at a glance: all of it is the lead.
const SHORT_OPTION_CHARS: usize = 80;

/// An answer option's text split where its lead clause ends, as (lead, rest), with
/// `lead + rest == text`: the page sets the lead in bold so that a respondent can scan
/// five long practices, and every word of the model stays. The lead ends at the first
/// ';', ':' or ',' (else at the first " og "/" and ") that leaves it at least 12
/// characters and at most three quarters of the text; a short text (80 characters or
/// less) is all lead; a long text with no such place is all rest (nothing in bold is
/// better than a lead that cuts a clause in two).
pub fn option_lead(text: &str) -> (&str, &str) {
    let total = text.chars().count();
    let fits = |i: usize| {
        let n = text[..i].chars().count();
        n >= LEAD_MIN_CHARS && (n as f64) <= LEAD_MAX_SHARE * total as f64
    };
    let at = text
        .char_indices()
        .find(|&(i, c)| matches!(c, ';' | ':' | ',') && fits(i))
        .map(|(i, _)| i)
        .or_else(|| {
            [" og ", " and "]
                .iter()
                .filter_map(|w| text.find(w))
                .filter(|&i| fits(i))
                .min()
        });
    match at {
        Some(i) => text.split_at(i),
        None if total <= SHORT_OPTION_CHARS => (text, ""),
        None => ("", text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_model_takes_twenty_to_thirty_five_minutes() {
        let m = Model::builtin();
        assert_eq!(minutes_to_answer(&m, "da"), (20, 35));
        assert_eq!(minutes_to_answer(&m, "en"), (20, 35));
    }

    #[test]
    fn a_longer_model_takes_longer_and_a_tiny_one_at_least_five_minutes() {
        let m = Model::builtin();
        let mut longer = m.clone();
        longer.dimensions.extend(m.dimensions.clone());
        let (lo, hi) = minutes_to_answer(&longer, "da");
        assert!(lo > 20 && hi > 35, "{lo}-{hi}");
        let mut tiny = m.clone();
        tiny.dimensions.truncate(1);
        tiny.dimensions[0].questions.truncate(1);
        tiny.barriers.items.truncate(1);
        assert_eq!(minutes_to_answer(&tiny, "da"), (5, 10));
    }

    #[test]
    fn the_lead_ends_at_the_first_fitting_clause_and_keeps_every_character() {
        let t = "Vi har en kanalstrategi på papir, men vi bruger den sjældent, når vi træffer beslutninger.";
        assert_eq!(option_lead(t).0, "Vi har en kanalstrategi på papir");
        let t = "Vi har beskrevet de vigtigste processer og kører forbedringsprojekter i nogle af dem hele tiden.";
        assert_eq!(option_lead(t).0, "Vi har beskrevet de vigtigste processer");
        // Too early a comma is passed over ("Nej," is no lead).
        let t =
            "Nej, vi registrerer ikke henvendelser, og vi har ingen planer om at begynde på det.";
        assert_eq!(option_lead(t).0, "Nej, vi registrerer ikke henvendelser");
        // Short: all lead. Long with nowhere to cut: all rest.
        assert_eq!(
            option_lead("Vi har ingen mål for service."),
            ("Vi har ingen mål for service.", "")
        );
        let long = "Vi planlægger bemandingen på tværs af kanaler ud fra prognoser over henvendelser pr. time og dag hver uge.";
        assert_eq!(option_lead(long), ("", long));
        let m = Model::builtin();
        for d in &m.dimensions {
            for q in &d.questions {
                for o in &q.options {
                    for lang in ["da", "en"] {
                        let t = o.text.get(lang);
                        let (a, b) = option_lead(t);
                        assert_eq!(format!("{a}{b}"), t);
                    }
                }
            }
        }
    }

    #[test]
    fn an_org_scope_is_trimmed_empty_is_none_and_too_long_is_refused() {
        assert_eq!(org_scope("  \r\n "), Ok(None));
        assert_eq!(
            org_scope(" Med «jeres organisation» menes jeres afdeling.\r\n")
                .unwrap()
                .as_deref(),
            Some("Med «jeres organisation» menes jeres afdeling.")
        );
        assert_eq!(org_scope(&"x".repeat(501)), Err(OrgScopeError::TooLong));
        assert!(org_scope(&"æ".repeat(500)).is_ok());
    }
}
