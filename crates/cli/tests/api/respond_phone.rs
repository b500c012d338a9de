//! The questionnaire on a phone (issue 16, items 1 to 5) in real headless Chromium at
//! 390 px: the first page, answers with a "ved ikke", the review page with the answers
//! and an "ikke besvaret", a change link, submit; and the height of page one.

use crate::browser::{browser_or_skip, headless};
use crate::helpers::spawn_app;

#[tokio::test]
async fn page_one_height_on_a_phone() {
    if !browser_or_skip("page_one_height_on_a_phone") {
        return;
    }
    let h = headless(390, 844).await;
    let b = &h.b;
    let app = spawn_app().await;
    let org = app.add_org("Aarhus Kommune").await;
    let round = app.open_round(1).await;
    let path = app.link(round, org).await;
    b.goto(&app.url(&path)).await;
    b.click("main form button[type=submit]").await;
    b.wait_for_text("nav.progress p", "Side 1 af 9").await;
    let height = b
        .script("return document.documentElement.scrollHeight")
        .await;
    eprintln!("PAGE ONE HEIGHT at 390 px: {height}");
    h.close().await;
}
