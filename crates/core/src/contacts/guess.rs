//! Guesses for the upload's mapping step: which canonical column a source column's name
//! means, which channel a source value means, and the date order of a timestamp. Only
//! suggestions: the user confirms or changes each on the mapping page.

use super::parse::Column;
use super::time::DateOrder;
use super::Channel;

/// The canonical column a source column's name suggests: its own canonical name, or a
/// common Danish or English name for it.
pub fn guess_column(header: &str) -> Option<Column> {
    if let Some(c) = Column::from_name(header) {
        return Some(c);
    }
    let h = header.trim().to_lowercase().replace(['_', '-', '.'], " ");
    let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
    let is = |names: &[&str]| names.contains(&h.as_str());
    let c = if is(&[
        "henvendelse",
        "henvendelses id",
        "henvendelsesid",
        "id",
        "kontakt id",
        "contact id",
    ]) {
        Column::ContactId
    } else if is(&["tidspunkt", "tid", "dato", "dato og tid", "time", "date"]) {
        Column::Timestamp
    } else if is(&["kanal", "channel", "kontaktkanal"]) {
        Column::Channel
    } else if is(&[
        "ydelse",
        "tjeneste",
        "service",
        "emne",
        "område",
        "sagsområde",
    ]) {
        Column::Service
    } else if is(&[
        "borger",
        "borger id",
        "borgernøgle",
        "citizen",
        "citizen key",
    ]) {
        Column::CitizenKey
    } else if is(&["sag", "sagsnummer", "sagsnr", "sags id", "case", "case key"]) {
        Column::CaseKey
    } else if is(&["varighed", "varighed s", "varighed sek", "duration"]) {
        Column::DurationS
    } else if is(&["løst", "afsluttet", "resolved"]) {
        Column::Resolved
    } else if is(&["tilfredshed", "satisfaction", "csat"]) {
        Column::Satisfaction
    } else if is(&["besvær", "indsats", "kundeindsats", "effort", "ces"]) {
        Column::Effort
    } else if is(&["organisation", "myndighed", "kommune", "org", "org id"]) {
        Column::OrgId
    } else {
        return None;
    };
    Some(c)
}

/// The channel a source value (Danish or English) suggests.
pub fn guess_channel(value: &str) -> Option<Channel> {
    if let Some(c) = Channel::from_name(value.trim().as_bytes()) {
        return Some(c);
    }
    let v = value.trim().to_lowercase();
    let has = |w: &[&str]| w.iter().any(|x| v.contains(x));
    let c = if has(&["digital post", "e-boks", "eboks", "digitalpost"]) {
        Channel::DigitalPost
    } else if has(&["selvbetjening", "self-service", "self service", "blanket"]) {
        Channel::Selfservice
    } else if has(&["telefon", "phone", "opkald", "tlf"]) {
        Channel::Phone
    } else if has(&["video"]) {
        // before meetings: "videomøde" is a video call
        Channel::Video
    } else if has(&["borgerservice", "fremmøde", "skranke", "front desk"]) {
        // before meetings: "personligt fremmøde" is the service desk
        Channel::FrontDesk
    } else if has(&["møde", "samtale", "sagsbehandler", "meeting"]) {
        Channel::Meeting
    } else if has(&["personlig"]) {
        Channel::FrontDesk
    } else if has(&["e-mail", "email", "mail"]) {
        Channel::Email
    } else if has(&["chat"]) {
        Channel::Chat
    } else if has(&["brev", "letter", "post"]) {
        Channel::Letter
    } else if has(&["sms"]) {
        Channel::Sms
    } else if has(&["facebook", "sociale", "social", "twitter", "instagram"]) {
        Channel::Social
    } else if v == "app" || has(&["mobilapp", "app "]) {
        Channel::App
    } else if has(&["hjemmeside", "web", "internet", "website"]) {
        Channel::Web
    } else if has(&[
        "informationsmateriale",
        "information",
        "vejledning",
        "pjece",
        "folder",
        "skiltning",
        "opslag",
    ]) {
        Channel::Information
    } else {
        return None;
    };
    Some(c)
}

/// The date order a timestamp suggests: day first for `14-03-2025 10:15` or `14.03.2025`.
pub fn guess_date_order(ts: Option<&str>) -> DateOrder {
    let Some(t) = ts else {
        return DateOrder::Iso;
    };
    let b = t.as_bytes();
    let day_first = b.len() >= 10
        && b[..2].iter().all(u8::is_ascii_digit)
        && matches!(b[2], b'-' | b'.' | b'/')
        && b[3..5].iter().all(u8::is_ascii_digit)
        && matches!(b[5], b'-' | b'.' | b'/')
        && b[6..10].iter().all(u8::is_ascii_digit);
    if day_first {
        DateOrder::DayFirst
    } else {
        DateOrder::Iso
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_headers_and_channel_values_are_recognised() {
        assert_eq!(guess_column("Tidspunkt"), Some(Column::Timestamp));
        assert_eq!(guess_column("channel"), Some(Column::Channel));
        assert_eq!(guess_column("Henvendelses-ID"), Some(Column::ContactId));
        assert_eq!(guess_column("Ydelse"), Some(Column::Service));
        assert_eq!(guess_column("Fritekst"), None);
        assert_eq!(guess_channel("Telefon"), Some(Channel::Phone));
        assert_eq!(guess_channel("Borgerservice"), Some(Channel::FrontDesk));
        assert_eq!(guess_channel("Selvbetjening"), Some(Channel::Selfservice));
        assert_eq!(guess_channel("Digital Post"), Some(Channel::DigitalPost));
        assert_eq!(guess_channel("E-mail"), Some(Channel::Email));
        assert_eq!(guess_channel("Brev"), Some(Channel::Letter));
        assert_eq!(guess_channel("digital_post"), Some(Channel::DigitalPost));
        assert_eq!(guess_channel("Fax"), None);
        // the framework's last two channels, and their neighbours' spellings
        assert_eq!(guess_channel("Personligt møde"), Some(Channel::Meeting));
        assert_eq!(
            guess_channel("Møde med sagsbehandler"),
            Some(Channel::Meeting)
        );
        assert_eq!(guess_channel("meeting"), Some(Channel::Meeting));
        assert_eq!(
            guess_channel("Borgerservice (personligt fremmøde)"),
            Some(Channel::FrontDesk)
        );
        assert_eq!(
            guess_channel("Personlig henvendelse"),
            Some(Channel::FrontDesk)
        );
        assert_eq!(guess_channel("Videomøde"), Some(Channel::Video));
        assert_eq!(guess_channel("Information"), Some(Channel::Information));
        assert_eq!(
            guess_channel("Informationsmateriale"),
            Some(Channel::Information)
        );
        assert_eq!(guess_channel("Pjece"), Some(Channel::Information));
        assert_eq!(
            guess_date_order(Some("14-03-2025 10:15")),
            DateOrder::DayFirst
        );
        assert_eq!(guess_date_order(Some("2025-03-14 10:15")), DateOrder::Iso);
    }
}
