//! A round's invitations and reminders to its respondent list (issue 14): their texts
//! (the catalogue's in the round's language, or the organiser's own with placeholders),
//! the mail of one address, and queueing them. Sending is the mail queue's business.

use crate::kit::i18n::Lang;
use askama::Template;
use fluent_templates::fluent_bundle::FluentValue;
use trappe_core::respondents::{MailText, MailVars, TextError};
use trappe_store::{
    MailTarget, NewMail, Queued, Round, RoundLanguage, RoundMail, Store, StoreError,
};

/// The language of a round's mails.
pub fn round_lang(round: &Round) -> Lang {
    match round.language {
        RoundLanguage::Da => Lang::Da,
        RoundLanguage::En => Lang::En,
    }
}

fn key(which: RoundMail) -> &'static str {
    match which {
        RoundMail::Invitation => "invitation",
        RoundMail::Reminder => "reminder",
    }
}

/// The catalogue's default subject and body of `which` in `lang`, with the placeholders
/// written out (`{organisation}`, `{link}`, `{deadline}`, `{sender}`).
pub fn default_text(lang: Lang, which: RoundMail) -> (String, String) {
    let ph = |p: &str| FluentValue::from(format!("{{{p}}}"));
    let args = [
        ("organisation", ph("organisation")),
        ("link", ph("link")),
        ("deadline", ph("deadline")),
        ("sender", ph("sender")),
    ];
    let k = key(which);
    (
        lang.t_args(&format!("rmail-{k}-subject"), &args),
        lang.t_args(&format!("rmail-{k}-body"), &args),
    )
}

/// The subject and body of `which` as the round has them (the organiser's own, else
/// the default).
pub fn round_text(round: &Round, which: RoundMail) -> (String, String) {
    let (ds, db) = default_text(round_lang(round), which);
    let (s, b) = match which {
        RoundMail::Invitation => (&round.invitation_subject, &round.invitation_body),
        RoundMail::Reminder => (&round.reminder_subject, &round.reminder_body),
    };
    (s.clone().unwrap_or(ds), b.clone().unwrap_or(db))
}

/// The deadline as the mails name it, in `lang` (a text saying there is none when the
/// round has no deadline).
pub fn deadline_text(round: &Round, lang: Lang) -> String {
    match round.deadline {
        Some(d) => match lang {
            Lang::Da => d.format("%-d.%-m.%Y").to_string(),
            Lang::En => d.format("%-d %B %Y").to_string(),
        },
        None => lang.t("rmail-no-deadline"),
    }
}

/// Who signs the mails: the installation's owner, else Trappe.
pub fn sender_name(org_name: &str) -> String {
    match org_name.trim() {
        "" => "Trappe".to_string(),
        n => n.to_string(),
    }
}

/// Why a mail text was refused, in `lang`.
pub fn text_error(lang: Lang, e: &TextError) -> String {
    match e {
        TextError::Unknown(name) => lang.t_args(
            "rmail-err-unknown",
            &[("name", FluentValue::from(format!("{{{name}}}")))],
        ),
        TextError::Unclosed => lang.t("rmail-err-unclosed"),
        TextError::NoLink => lang.t("rmail-err-no-link"),
        TextError::LinkInSubject => lang.t("rmail-err-link-in-subject"),
        TextError::Empty => lang.t("rmail-err-empty"),
        TextError::Subject => lang.t("rmail-err-subject"),
    }
}

/// A respondent's link.
pub fn respondent_link(base_url: &str, token: &str) -> String {
    format!("{}/s/{token}", base_url.trim_end_matches('/'))
}

#[derive(Template)]
#[template(path = "measurement/mail_round.html")]
struct RoundMailHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    before: Vec<String>,
    link: &'a str,
    button: &'a str,
    after: Vec<String>,
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// One address's mail: subject, text and HTML parts, the link alone on its line.
pub fn compose(
    text: &MailText,
    lang: Lang,
    vars: &MailVars<'_>,
    to: &str,
    which: RoundMail,
) -> NewMail {
    let subject = text.subject(vars);
    let body = text.body(vars);
    // The HTML part: the paragraphs before the link, a button and the link, the rest.
    let (before, after) = match body.split_once(&format!("\n{}\n", vars.link)) {
        Some((b, a)) => (b.to_string(), a.to_string()),
        None => match body.strip_prefix(&format!("{}\n", vars.link)) {
            Some(a) => (String::new(), a.to_string()),
            None => (body.clone(), String::new()),
        },
    };
    let html = RoundMailHtml {
        lang: lang.code(),
        subject: &subject,
        before: paragraphs(&before),
        link: vars.link,
        button: &lang.t("rmail-button"),
        after: paragraphs(&after),
    }
    .render()
    .unwrap_or_default();
    NewMail {
        recipient: to.to_string(),
        subject,
        text: body,
        html,
        kind: which.kind().to_string(),
        org_id: None,
        round_id: None,
    }
}

/// Queues `which` mail of `round` to everyone who gets it now (of one organisation, or
/// all), when `expected` is the number of recipients (if given); Err(text): the round's
/// text is refused.
#[allow(clippy::too_many_arguments)]
pub async fn queue(
    store: &Store,
    round: &Round,
    org: Option<i64>,
    which: RoundMail,
    by: &str,
    expected: Option<usize>,
    base_url: &str,
    org_name: &str,
) -> Result<Result<Queued, TextError>, StoreError> {
    let (s, b) = round_text(round, which);
    let text = match MailText::parse(&s, &b) {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    let lang = round_lang(round);
    let deadline = deadline_text(round, lang);
    let sender = sender_name(org_name);
    let write = |t: &MailTarget, token: &str| {
        let link = respondent_link(base_url, token);
        let vars = MailVars {
            organisation: &t.org_name,
            link: &link,
            deadline: &deadline,
            sender: &sender,
        };
        compose(&text, lang, &vars, &t.email, which)
    };
    let ids = store
        .queue_round_mails(round.id, org, which, by, expected, write)
        .await?;
    if let Queued::Mails(ids) = &ids {
        let detail = format!(
            "round {}: {} {} mail(s) queued{}",
            round.id,
            ids.len(),
            key(which),
            org.map(|o| format!(" for organisation {o}"))
                .unwrap_or_default()
        );
        store
            .audit(Some(by), "round_mails_queued", None, Some(&detail))
            .await?;
    }
    Ok(Ok(ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_texts_hold_every_placeholder_and_parse() {
        for lang in [Lang::Da, Lang::En] {
            for which in [RoundMail::Invitation, RoundMail::Reminder] {
                let (s, b) = default_text(lang, which);
                let t = MailText::parse(&s, &b).unwrap();
                let vars = MailVars {
                    organisation: "Ærø Kommune",
                    link: "https://x.dk/s/abc",
                    deadline: "1.3.2027",
                    sender: "KL",
                };
                let m = compose(&t, lang, &vars, "a@b.dk", which);
                assert!(m.subject.contains("Ærø Kommune"), "{}", m.subject);
                assert!(m.text.lines().any(|l| l == vars.link), "{}", m.text);
                assert!(m.text.contains("1.3.2027") && m.text.contains("KL"));
                assert!(m.html.contains("href=\"https://x.dk/s/abc\""));
                assert!(m.html.contains(&format!("lang=\"{}\"", lang.code())));
            }
        }
    }
}
