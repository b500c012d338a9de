//! The mails the app writes (their texts from the catalogue, Danish unless English is
//! asked for) and how they are queued. Sending is the `trappe-mail` crate's business:
//! `trappe serve` runs its sender, which a queued mail wakes.

use crate::accounts::auth::INVITATION_TTL_SECS;
use crate::kit::i18n::Lang;
use askama::Template;
use fluent_templates::fluent_bundle::FluentValue;
use std::path::PathBuf;
use std::sync::Arc;
use trappe_core::EmailAddress;
use trappe_store::{new_token, MailedInvitation, NewMail, Store, StoreError};

/// The app's side of mail.
#[derive(Debug, Clone, Default)]
pub struct MailSettings {
    /// Where mails are written when no SMTP server is given (shown on /admin/mail).
    pub outbox: Option<PathBuf>,
    /// The SMTP server mails go to (its URL without password), when given.
    pub smtp: Option<String>,
    /// Wakes this instance's sender when a mail is queued.
    pub wake: Option<Arc<tokio::sync::Notify>>,
}

impl MailSettings {
    /// Tells the sender there is mail (it also looks by itself every 30 s).
    pub fn wake(&self) {
        if let Some(w) = &self.wake {
            w.notify_one();
        }
    }
}

/// The kind of an account invitation's mail in the queue.
pub const INVITATION_KIND: &str = "account_invitation";

#[derive(Template)]
#[template(path = "accounts/mail_invitation.html")]
struct InvitationHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    paragraphs: &'a [String],
    open: &'a str,
    link: &'a str,
    button: &'a str,
    closing: &'a [String],
}

/// The mail that carries an account invitation's `link` to `to`: who invites to what,
/// the link on a line of its own, until when it works, and what to do if unexpected.
pub fn invitation_mail(
    lang: Lang,
    to: &EmailAddress,
    role: &str,
    org: Option<(i64, &str)>,
    link: &str,
    expires_at: i64,
    sender: &str,
) -> NewMail {
    let role_name = lang.t(&format!("role-{role}")).to_lowercase();
    let arg = |s: &str| FluentValue::from(s.to_string());
    let (subject, intro) = match org {
        Some((_, name)) => (
            lang.t_args("mail-invite-subject-org", &[("org", arg(name))]),
            lang.t_args(
                "mail-invite-intro-org",
                &[("role", arg(&role_name)), ("org", arg(name))],
            ),
        ),
        None => (
            lang.t("mail-invite-subject"),
            lang.t_args("mail-invite-intro", &[("role", arg(&role_name))]),
        ),
    };
    let paragraphs = [lang.t("mail-greeting"), intro, lang.t("mail-invite-what")];
    let open = lang.t("mail-invite-open");
    let closing = [
        lang.t_args(
            "mail-invite-expires",
            &[("expires", arg(&lang.datetime(expires_at)))],
        ),
        lang.t("mail-invite-ignore"),
        format!("{}\n{sender}", lang.t("mail-regards")),
    ];
    // The link alone on its line, so no mail client breaks or joins it.
    let text = format!(
        "{}\n\n{open}\n\n{link}\n\n{}\n",
        paragraphs.join("\n\n"),
        closing.join("\n\n")
    );
    let html = InvitationHtml {
        lang: lang.code(),
        subject: &subject,
        paragraphs: &paragraphs,
        open: &open,
        link,
        button: &lang.t("mail-invite-button"),
        closing: &closing,
    }
    .render()
    .unwrap_or_default();
    NewMail {
        recipient: to.as_str().to_string(),
        subject,
        text,
        html,
        kind: INVITATION_KIND.to_string(),
        org_id: org.map(|(id, _)| id),
        round_id: None,
    }
}

/// Who signs the mails: the installation's owner, else Trappe.
fn sender_name(org_name: &str) -> String {
    match org_name.trim() {
        "" => "Trappe".to_string(),
        n => n.to_string(),
    }
}

fn invitation_link(base_url: &str, token: &str) -> String {
    format!("{}/invite/{token}", base_url.trim_end_matches('/'))
}

/// Mails a one-time account invitation to `to`; returns the mail's id in the queue.
/// The link is never shown nor kept: only its hash (and the mail's body until sent).
#[allow(clippy::too_many_arguments)]
pub async fn invite_by_mail(
    store: &Store,
    role: &str,
    org: Option<i64>,
    to: &EmailAddress,
    lang: Lang,
    by: &str,
    base_url: &str,
    org_name: &str,
) -> Result<i64, StoreError> {
    let org_ref = match org {
        Some(id) => {
            let o = store
                .org(id)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("organisation {id}")))?;
            Some((id, o.name))
        }
        None => None,
    };
    let token = new_token();
    let expires = chrono::Utc::now().timestamp() + INVITATION_TTL_SECS;
    let mail = invitation_mail(
        lang,
        to,
        role,
        org_ref.as_ref().map(|(id, n)| (*id, n.as_str())),
        &invitation_link(base_url, &token),
        expires,
        &sender_name(org_name),
    );
    let ids = store
        .create_mailed_account_invitations(
            &[MailedInvitation {
                token,
                role: role.to_string(),
                org_id: org,
                mail,
            }],
            by,
            INVITATION_TTL_SECS,
        )
        .await?;
    let detail = match org {
        Some(o) => format!("role {role}, organisation {o}, mailed"),
        None => format!("role {role}, mailed"),
    };
    store
        .audit(Some(by), "account_invited", None, Some(&detail))
        .await?;
    Ok(ids[0])
}

/// Mails every organisation's contact (its `contact_email`) an invitation to a contact
/// account, except where a contact has an account or an open invitation to that
/// address already; all queued in one transaction. Returns the mails' ids.
pub async fn invite_all_contacts(
    store: &Store,
    lang: Lang,
    by: &str,
    base_url: &str,
    org_name: &str,
) -> Result<Vec<i64>, StoreError> {
    let expires = chrono::Utc::now().timestamp() + INVITATION_TTL_SECS;
    let sender = sender_name(org_name);
    let mut invitations = Vec::new();
    for (org_id, name, email) in store.contacts_to_invite().await? {
        // An address stored before it was checked is passed over, not mailed.
        let Ok(to) = EmailAddress::parse(&email) else {
            tracing::warn!(org_id, "contact e-mail is not an address; not invited");
            continue;
        };
        let token = new_token();
        let mail = invitation_mail(
            lang,
            &to,
            "contact",
            Some((org_id, &name)),
            &invitation_link(base_url, &token),
            expires,
            &sender,
        );
        invitations.push(MailedInvitation {
            token,
            role: "contact".into(),
            org_id: Some(org_id),
            mail,
        });
    }
    if invitations.is_empty() {
        return Ok(Vec::new());
    }
    let ids = store
        .create_mailed_account_invitations(&invitations, by, INVITATION_TTL_SECS)
        .await?;
    let detail = format!("{} organisations' contacts invited by mail", ids.len());
    store
        .audit(Some(by), "account_invited", None, Some(&detail))
        .await?;
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_mail_names_the_organisation_and_has_its_link_on_a_line_of_its_own() {
        let to = EmailAddress::parse("kim@aarhus.dk").unwrap();
        let link = "https://trappe.example.dk/invite/abc";
        let m = invitation_mail(
            Lang::Da,
            &to,
            "contact",
            Some((3, "Århus & Omegn")),
            link,
            0,
            "Trappe",
        );
        assert_eq!(m.subject, "Invitation til Trappe: Århus & Omegn");
        assert!(m.text.lines().any(|l| l == link), "{}", m.text);
        assert!(
            m.text.contains("kontaktperson for Århus & Omegn"),
            "{}",
            m.text
        );
        assert!(m.html.contains("Århus &#38; Omegn"), "escaped: {}", m.html);
        assert!(m.html.contains(&format!("href=\"{link}\"")), "{}", m.html);
        assert_eq!(m.org_id, Some(3));
        let en = invitation_mail(Lang::En, &to, "organiser", None, link, 0, "Trappe");
        assert_eq!(en.subject, "Invitation to Trappe");
        assert!(en.html.starts_with("<!DOCTYPE html>"));
        assert!(en.html.contains("lang=\"en\""));
    }
}
