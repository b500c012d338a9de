//! The respondent's pages (issue 16, items 1 to 5) over HTTP: the first page says who
//! the respondent answers for and what to expect, "ved ikke" and "ikke relevant" sit
//! apart in the same radio group, the review shows each answer with a change link,
//! the barrier scale reads in order, and the practices keep every word of the model.

use crate::helpers::{get_text, post_form, raw_client, spawn_app, trappe, TestApp, ORG_NAME};
use trappe_core::Model;
use trappe_store::{RoundOptions, RoundStatus};

/// The text of `html` with the tags removed, the entities the templates write decoded
/// and each run of white space made one space (what a reader sees, on one line).
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `html` with the entities the templates write decoded (the tags kept).
fn decode(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The HTML of each `<fieldset ...>` of a page, in order.
fn fieldsets(html: &str) -> Vec<&str> {
    html.split("<fieldset")
        .skip(1)
        .map(|f| &f[..f.find("</fieldset>").expect("a closed fieldset")])
        .collect()
}

/// The `value`s of the radio buttons in `html`, in order.
fn radio_values(html: &str) -> Vec<String> {
    html.split("type=\"radio\"")
        .skip(1)
        .map(|r| {
            let at = r.find("value=\"").expect("a value") + 7;
            r[at..at + r[at..].find('"').unwrap()].to_string()
        })
        .collect()
}

/// A respondent on a fresh link of an open round who has given `role`: the app, the
/// model, the link's path and the respondent's client.
async fn started(role: &str) -> (TestApp, Model, String, reqwest::Client) {
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    let link = app.link(round, org).await;
    let c = raw_client();
    post_form(&c, app.url(&link), &[("role", role)]).await;
    (app, Model::builtin(), link, c)
}

#[tokio::test]
async fn the_first_page_names_the_organisation_its_scope_sender_deadline_time_and_link_rules() {
    let app = spawn_app().await;
    let m = Model::builtin();
    let org = app.add_org("Ærø Kommune").await;
    let options = RoundOptions {
        deadline: chrono_date(2099, 1, 31),
        ..RoundOptions::default()
    };
    let round = app
        .store
        .create_round_with_options("Servicemåling 2099", &m.id, &m.version, 1, 5, &options)
        .await
        .unwrap();
    app.store
        .set_round_status(round, RoundStatus::Open)
        .await
        .unwrap();
    let link = app.link(round, org).await;
    let c = raw_client();

    // Without the organiser's text: the default names the organisation.
    let page = visible(&get_text(&c, app.url(&link)).await);
    assert!(page.contains("Du svarer for Ærø Kommune."), "{page}");
    assert!(
        page.contains("Når spørgsmålene siger «jeres organisation», menes Ærø Kommune."),
        "{page}"
    );
    assert!(page.contains(&format!("Afsender{ORG_NAME}")), "{page}");
    assert!(page.contains("FristSvar senest 31. januar 2099."), "{page}");
    // The estimate is the core's rule over the model, not a figure of the template.
    let (lo, hi) = trappe_core::questionnaire::minutes_to_answer(&m, "da");
    assert_eq!((lo, hi), (20, 35));
    assert!(page.contains("TidTypisk 20–35 minutter"), "{page}");
    assert!(page.contains("på denne eller en anden enhed"), "{page}");
    assert!(page.contains("Del det ikke med andre."), "{page}");

    // The organiser says what "jeres organisation" means on the round's mail texts
    // page; the first page shows it instead of the default.
    let (admin, csrf) = app.admin_client().await;
    let texts = format!("/admin/rounds/{round}/respondents/texts");
    let form_page = get_text(
        &admin,
        app.url(&format!("/admin/rounds/{round}/respondents")),
    )
    .await;
    assert!(
        form_page.contains("name=\"org_scope\""),
        "the field is on the page"
    );
    let form = |scope: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("invitation_subject", String::new()),
            ("invitation_body", String::new()),
            ("reminder_subject", String::new()),
            ("reminder_body", String::new()),
            ("org_scope", scope.to_string()),
        ]
    };
    let scope = "Med «jeres organisation» menes jeres egen enhed, ikke hele kommunen.";
    let res = post_form(&admin, app.url(&texts), &form(scope)).await;
    assert_eq!(res.status(), 200);
    let page = visible(&get_text(&c, app.url(&link)).await);
    assert!(page.contains(scope), "{page}");
    assert!(!page.contains("menes Ærø Kommune"), "{page}");
    // Too long: refused with the reason, the saved text kept.
    let res = post_form(&admin, app.url(&texts), &form(&"x".repeat(501))).await;
    assert_eq!(res.status(), 422);
    let said = visible(&res.text().await.unwrap());
    assert!(said.contains("for lang: højst 500 tegn"), "{said}");
    let saved = app.store.round(round).await.unwrap().unwrap().org_scope;
    assert_eq!(saved.as_deref(), Some(scope));

    // The CLI: `round update --org-scope` changes it ("" gives the default back), and
    // `round create --org-scope` sets it from the start.
    let out = trappe(
        &app.db,
        &[
            "round",
            "update",
            &round.to_string(),
            "--org-scope",
            "Hele kommunen.",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = visible(&get_text(&c, app.url(&link)).await);
    assert!(page.contains("Hele kommunen."), "{page}");
    let out = trappe(
        &app.db,
        &["round", "update", &round.to_string(), "--org-scope", ""],
    );
    assert!(out.status.success());
    let page = visible(&get_text(&c, app.url(&link)).await);
    assert!(page.contains("menes Ærø Kommune."), "{page}");
    let long = "y".repeat(501);
    let out = trappe(
        &app.db,
        &["round", "update", &round.to_string(), "--org-scope", &long],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--org-scope: the text is longer than 500"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = trappe(
        &app.db,
        &[
            "round",
            "create",
            "--name",
            "Enhedsmåling",
            "--model",
            "servicemodenhed",
            "--org-scope",
            "Jeres afdeling.",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id: i64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let r = app.store.round(id).await.unwrap().unwrap();
    assert_eq!(r.org_scope.as_deref(), Some("Jeres afdeling."));
}

fn chrono_date(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

#[tokio::test]
async fn dont_know_and_not_relevant_sit_apart_from_the_practices_in_the_same_group() {
    let (app, m, link, c) = started("employee").await;
    for page in 1..=m.dimensions.len() + 1 {
        let html = get_text(&c, app.url(&format!("{link}/p/{page}"))).await;
        let sets = fieldsets(&html);
        let barriers = page > m.dimensions.len();
        let expected = if barriers {
            m.barriers.items.len()
        } else {
            m.dimensions[page - 1].questions.len()
        };
        assert_eq!(sets.len(), expected, "page {page}");
        for f in sets {
            let name = {
                let at = f.find("name=\"").unwrap() + 6;
                &f[at..at + f[at..].find('"').unwrap()]
            };
            let (practices, others) = f
                .split_once("<div class=\"others\"")
                .expect("a group apart");
            assert_eq!(radio_values(practices), ["1", "2", "3", "4", "5"], "{name}");
            let other = if barriers {
                vec!["dk"]
            } else {
                vec!["dk", "na"]
            };
            assert_eq!(radio_values(others), other, "{name}");
            // One radio group: every option has the question's name.
            assert_eq!(
                f.matches(&format!("name=\"{name}\"")).count(),
                other.len() + 5,
                "{name}"
            );
            // Named for a screen reader by its visible heading.
            assert!(
                others.starts_with(&format!(
                    " role=\"group\" aria-labelledby=\"{name}-others\">"
                )),
                "{others}"
            );
            assert!(others.contains(&format!("id=\"{name}-others\">Andre svar:</p>")));
        }
    }
    // Styled apart: a gap, a rule and another look for the group.
    let css = get_text(&c, app.url("/static/trappe.css")).await;
    let rule = css
        .lines()
        .find(|l| l.starts_with(".others {"))
        .expect("a rule for the group");
    assert!(
        rule.contains("margin-top") && rule.contains("border-top") && rule.contains("background")
    );
    assert!(css.contains(".others .choice { padding: .25rem 0; font-style: italic; }"));
}

#[tokio::test]
async fn the_review_shows_each_answer_or_not_answered_with_a_link_to_change_it() {
    let (app, m, link, c) = started("middle_manager").await;
    // Page 1: the first question level 2, the second "ved ikke", the rest unanswered
    // ("back" saves without asking for the rest).
    let d = &m.dimensions[0];
    let form = [
        (format!("q.{}", d.questions[0].id), "2".to_string()),
        (format!("q.{}", d.questions[1].id), "dk".to_string()),
        ("nav".into(), "back".into()),
    ];
    post_form(&c, app.url(&format!("{link}/p/1")), &form).await;
    let form = [
        (format!("b.{}", m.barriers.items[0].id), "5".to_string()),
        ("own".into(), "Gamle fagsystemer".into()),
        ("nav".into(), "back".into()),
    ];
    post_form(&c, app.url(&format!("{link}/p/8")), &form).await;

    let html = get_text(&c, app.url(&format!("{link}/review"))).await;
    let page = visible(&html);
    assert!(!html.contains('✓'), "no tick");
    assert!(!html.contains("<table"), "no table of counts");
    let q = |i: usize| d.questions[i].text.get("da");
    let opt2 = d.questions[0]
        .options
        .iter()
        .find(|o| o.level == 2)
        .unwrap();
    assert!(
        page.contains(&format!("{} {} Ret: {}", q(0), opt2.text.get("da"), q(0))),
        "the chosen option's text: {page}"
    );
    assert!(
        page.contains(&format!("{} Ved ikke Ret: {}", q(1), q(1))),
        "{page}"
    );
    assert!(
        page.contains(&format!("{} Ikke besvaret Besvar: {}", q(2), q(2))),
        "{page}"
    );
    let total = m.question_count() + m.barriers.items.len();
    assert!(
        page.contains(&format!("{} spørgsmål er ikke besvaret.", total - 3)),
        "{page}"
    );
    assert!(page.contains("2 af 5 besvaret"), "{page}");
    assert!(
        page.contains("Din rolle Mellemleder Ret: Din rolle"),
        "{page}"
    );
    let b0 = m.barriers.items[0].name.get("da");
    assert!(
        page.contains(&format!("{b0} 5 Holder os meget tilbage Ret")),
        "{page}"
    );
    assert!(
        page.contains("Din egen barriereGamle fagsystemer Ret"),
        "{page}"
    );
    // Every question of the model is on the page, each answered or marked.
    let marked = html
        .matches("<dd class=\"unanswered\"><strong>Ikke besvaret</strong>")
        .count();
    assert_eq!(marked, total - 3);
    // The change link goes to the question's own fieldset on its page, and that page
    // offers the way back to the review.
    let href = format!("{link}/p/1?review=1#q.{}", d.questions[2].id);
    assert!(html.contains(&format!("href=\"{href}\"")), "{html}");
    let again = get_text(&c, app.url(&href)).await;
    assert!(again.contains(&format!("id=\"q.{}\"", d.questions[2].id)));
    assert!(
        again.contains("name=\"nav\" value=\"review\""),
        "a button back"
    );
    let form = [
        (format!("q.{}", d.questions[2].id), "na".to_string()),
        ("nav".into(), "review".into()),
    ];
    let res = post_form(&c, app.url(&format!("{link}/p/1")), &form).await;
    assert_eq!(res.headers()["location"], format!("{link}/review"));
    let page = visible(&get_text(&c, app.url(&format!("{link}/review"))).await);
    assert!(
        page.contains(&format!("{} Ikke relevant for os Ret", q(2))),
        "{page}"
    );
    // A page reached the ordinary way has no such button.
    let plain = get_text(&c, app.url(&format!("{link}/p/2"))).await;
    assert!(!plain.contains("value=\"review\""));
}

#[tokio::test]
async fn the_barrier_scale_reads_in_order_numbered_and_labelled_at_both_ends() {
    let (app, m, link, c) = started("employee").await;
    let html = get_text(&c, app.url(&format!("{link}/p/8"))).await;
    let scale: Vec<&str> = m.barriers.scale.iter().map(|s| s.get("da")).collect();
    assert_eq!(scale[0], "Holder os slet ikke tilbage");
    for (f, b) in fieldsets(&html).iter().zip(&m.barriers.items) {
        let id = format!("b.{}", b.id);
        // The two ends, tied to the group for a screen reader.
        assert!(
            f.contains(&format!("aria-describedby=\"{id}-scale\"")),
            "{f}"
        );
        let at = f.find(&format!("id=\"{id}-scale\">")).unwrap() + id.len() + 12;
        let ends = visible(&f[at..]);
        assert!(
            ends.starts_with(&format!("1: {}5: {}", scale[0], scale[4])),
            "{ends}"
        );
        // The options in order, each with its number before its words.
        let mut at = 0;
        for (i, s) in scale.iter().enumerate() {
            let want = format!("<span class=\"scale-no\">{}</span> {s}</label>", i + 1);
            let found = f[at..]
                .find(&want)
                .unwrap_or_else(|| panic!("{want} after {at}: {f}"));
            at += found + want.len();
        }
    }
}

#[tokio::test]
async fn every_word_of_the_model_is_on_its_page_with_the_lead_clause_in_bold() {
    let (app, m, link, c) = started("employee").await;
    let mut bold = 0;
    for (i, d) in m.dimensions.iter().enumerate() {
        let html = decode(&get_text(&c, app.url(&format!("{link}/p/{}", i + 1))).await);
        let page = visible(&html);
        for q in &d.questions {
            assert!(page.contains(q.text.get("da")));
            for o in &q.options {
                let text = o.text.get("da");
                assert!(page.contains(text), "every word of '{text}'");
                let (lead, rest) = trappe_core::questionnaire::option_lead(text);
                if !lead.is_empty() {
                    assert!(
                        html.contains(&format!("<strong>{lead}</strong>{rest}</label>")),
                        "'{lead}' in bold on page {}",
                        i + 1
                    );
                    bold += 1;
                }
            }
        }
    }
    // Most practices get a lead to scan by (a long one with no clause to end it gets none).
    assert!(bold >= 150, "{bold} of 175 options have a bold lead");
}
