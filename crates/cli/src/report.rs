//! `trappe report`: an organisation's report as one self-contained HTML file (the
//! stylesheet inlined, charts as inline SVG), and optionally a PDF printed by headless
//! Chromium.

use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::time::Duration;
use trappe_web::kit::i18n::Lang;
use trappe_web::measurement::report_view::{
    peer_options, standalone_html, PeerChoice, PeerProfiles, ReportView,
};

#[derive(Args)]
pub struct ReportArgs {
    #[arg(long)]
    round: i64,
    /// Organisation id or exact name.
    #[arg(long)]
    org: String,
    /// The HTML file to write.
    #[arg(long)]
    out: PathBuf,
    /// Also print the report to this PDF file with headless Chromium.
    #[arg(long)]
    pdf: Option<PathBuf>,
    #[arg(long, default_value = "da", value_parser = ["da", "en"])]
    lang: String,
    /// The peer group to compare with: all, kind (the organisation's kind) or tag:NAME
    /// (one of its tags). Withheld groups cannot be chosen.
    #[arg(long, default_value = "all")]
    peers: String,
    /// The Chromium binary used for --pdf.
    #[arg(long, env = "TRAPPE_CHROMIUM", default_value = "/usr/bin/chromium")]
    chromium: PathBuf,
}

pub async fn run(db: &str, a: ReportArgs) -> Result<()> {
    // Fail before any work when the PDF cannot be made.
    if a.pdf.is_some() && !a.chromium.is_file() {
        bail!(
            "--pdf needs Chromium, which was not found at {} (install the chromium package, or give its path with --chromium or TRAPPE_CHROMIUM)",
            a.chromium.display()
        );
    }
    let store = crate::open_store(db).await?;
    let org = crate::measure::find_org(&store, &a.org).await?;
    let analysis = store
        .analysis(a.round)
        .await
        .with_context(|| format!("cannot read round {}", a.round))?;
    let lang = Lang::from_code(&a.lang).unwrap_or_default();
    let trend = store.trend(org, &analysis.results.round.model_id).await?;
    let Some(choice) = PeerChoice::parse(&a.peers) else {
        bail!("--peers: '{}' is not all, kind or tag:NAME", a.peers);
    };
    let profiles = PeerProfiles::new(&analysis);
    let view = ReportView::with_peers(&analysis, &profiles, &trend, org, lang, &choice)
        .map_err(|_| {
            let offered: Vec<String> = peer_options(&analysis, org, lang, &choice)
                .into_iter()
                .map(|p| p.code)
                .collect();
            anyhow::anyhow!(
                "--peers {}: not a shown peer group of organisation '{}' in round {} (withheld, or the organisation is not in it); shown: {}",
                a.peers,
                a.org,
                a.round,
                offered.join(", ")
            )
        })?;
    let mut view = view.with_context(|| {
        format!(
            "organisation '{}' takes no part in round {}",
            a.org, a.round
        )
    })?;
    let words = store.own_barriers(a.round, Some(org)).await?;
    view.add_own_words(&words);
    if let Some(target) = store.target_of(a.round, org).await? {
        view.add_target(&analysis.results.model, &target, &trend);
    }
    view.journeys = trappe_web::journeys::journey_view::report_lines(&store, org, lang).await?;
    if let Some(cube) = store.contact_cube(org).await? {
        let prices = store.channel_prices(org).await?;
        let targets = store.channel_targets(org).await?;
        view.add_channels(&cube, &prices, &targets);
        // A file has no server to link to.
        if let Some(c) = view.channels.as_mut() {
            c.link = false;
        }
    }
    let html = standalone_html(&view).context("cannot render the report")?;
    std::fs::write(&a.out, html).with_context(|| format!("cannot write {}", a.out.display()))?;
    let subject = format!("round {} org {org}", a.round);
    crate::audit(&store, "results_viewed", &subject, "report, trappe report").await?;
    println!("{}", a.out.display());
    if let Some(pdf) = &a.pdf {
        print_pdf(&a.chromium, &a.out, pdf).await?;
        println!("{}", pdf.display());
    }
    Ok(())
}

/// Prints `html` to `pdf` with headless Chromium, in a throwaway profile.
async fn print_pdf(chromium: &Path, html: &Path, pdf: &Path) -> Result<()> {
    let html =
        std::fs::canonicalize(html).with_context(|| format!("cannot find {}", html.display()))?;
    let profile = std::env::temp_dir().join(format!(
        "trappe-chromium-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    ));
    std::fs::create_dir_all(&profile)
        .with_context(|| format!("cannot create {}", profile.display()))?;
    let _ = std::fs::remove_file(pdf);
    let mut cmd = tokio::process::Command::new(chromium);
    cmd.args([
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // The report's own footer (organisation, round, date, "Side 2 af 5") is in its
        // @page margins; a tagged PDF (structure tree, /Lang from the page) with an outline.
        "--no-pdf-header-footer",
        "--export-tagged-pdf",
        "--generate-pdf-document-outline",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--print-to-pdf={}", pdf.display()))
    .arg(format!("file://{}", html.display()))
    .stdin(std::process::Stdio::null())
    .kill_on_drop(true);
    let out = tokio::time::timeout(Duration::from_secs(120), cmd.output()).await;
    let _ = std::fs::remove_dir_all(&profile);
    let out = match out {
        Ok(r) => r.with_context(|| format!("cannot run {}", chromium.display()))?,
        Err(_) => bail!("Chromium did not finish printing the PDF within 120 s"),
    };
    let written = std::fs::read(pdf).unwrap_or_default();
    if !out.status.success() || !written.starts_with(b"%PDF") {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
        bail!(
            "Chromium could not print {} ({}): {}",
            pdf.display(),
            out.status,
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        );
    }
    Ok(())
}
