//! The report's charts as files people can take to a slide (issue 15, item 7): the
//! chart's own SVG with its title and source line (round, organisation, date and the
//! peer group with its size) inside the image, and the same rasterised to PNG with
//! resvg and the system's fonts. The SVG carries its styles (the page's chart rules
//! with the colours written out), so it reads the same outside the app.

use crate::kit::charts::Staircase;
use crate::kit::error::{AppError, AppResult};
use crate::kit::page::Ctx;
use crate::measurement::report_view::ReportView;
use askama::Template;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, LazyLock};

/// The charts of a report, by the name their files use.
pub const CHARTS: [&str; 6] = ["stair", "dims", "radar", "traits", "barriers", "trend"];

/// The message of a chart's title.
pub fn title_key(chart: &str) -> &'static str {
    match chart {
        "stair" => "staircase-title",
        "dims" => "report-dims-chart",
        "radar" => "report-radar-chart",
        "traits" => "report-traits-chart",
        "barriers" => "report-barriers-chart",
        _ => "report-trend-chart",
    }
}

/// A PNG is drawn at twice the SVG's size (sharp on a slide).
pub const PNG_SCALE: f32 = 2.0;

/// Margin around the chart, the title's band above it, a source line's height.
const PAD: f64 = 16.0;
const TOP: f64 = 44.0;
const LINE: f64 = 15.0;

/// The image around a chart: its size, title and source lines.
pub struct Frame {
    pub chart: &'static str,
    pub width: f64,
    pub height: f64,
    pub pad: f64,
    pub top: f64,
    pub title: String,
    pub source: Vec<String>,
    pub source_y: f64,
    pub css: &'static str,
}

#[derive(Template)]
#[template(path = "measurement/report_chart_svg.html")]
pub struct ChartSvg {
    pub ctx: Ctx,
    pub r: ReportView,
    pub f: Frame,
}

/// The chart `name` of a report as a standalone SVG document, or None when the report
/// has no such chart (an unknown name, a withheld organisation, a chart not drawn).
pub fn svg(ctx: Ctx, r: ReportView, name: &str) -> Option<String> {
    let chart = *CHARTS.iter().find(|c| **c == name)?;
    if r.withheld {
        return None;
    }
    let (w, h) = r.chart_size(chart)?;
    let mut source = vec![r.chart_source()];
    if r.peers_shown && chart != "trend" {
        source.push(r.compared());
    }
    let source_y = TOP + h + 12.0 + LINE;
    let f = Frame {
        chart,
        width: w + 2.0 * PAD,
        height: source_y + (source.len() as f64 - 1.0) * LINE + PAD,
        pad: PAD,
        top: TOP,
        title: ctx.t(title_key(chart)),
        source,
        source_y,
        css: &CHART_CSS,
    };
    ChartSvg { ctx, r, f }.render().ok()
}

#[derive(Template)]
#[template(path = "measurement/cohort_chart_svg.html")]
pub struct StairSvg {
    pub ctx: Ctx,
    pub st: Staircase,
    pub f: Frame,
}

/// A cohort's staircase (the organiser's view of a round) as a standalone SVG document,
/// with the staircase's title and the `source` lines under it.
pub fn stair_svg(ctx: Ctx, st: Staircase, source: Vec<String>) -> Option<String> {
    let (w, h) = (st.width as f64, st.height as f64);
    let source_y = TOP + h + 12.0 + LINE;
    let f = Frame {
        chart: "stair",
        width: w + 2.0 * PAD,
        height: source_y + (source.len() as f64 - 1.0) * LINE + PAD,
        pad: PAD,
        top: TOP,
        title: ctx.t(title_key("stair")),
        source,
        source_y,
        css: &CHART_CSS,
    };
    StairSvg { ctx, st, f }.render().ok()
}

/// A chart's SVG as the download `file_name`.`ext` ("svg", or "png": drawn off the
/// async threads), never cached.
pub async fn download(file_name: &str, ext: &str, svg: String) -> AppResult<Response> {
    let (kind, body) = if ext == "svg" {
        ("image/svg+xml; charset=utf-8", svg.into_bytes())
    } else {
        let png = tokio::task::spawn_blocking(move || png(&svg))
            .await
            .map_err(|e| anyhow::anyhow!("drawing the chart failed: {e}"))?
            .map_err(|e| AppError::from(anyhow::anyhow!("{e}")))?;
        ("image/png", png)
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}.{ext}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the chart's SVG does not parse: {0}")]
    Parse(#[from] usvg::Error),
    #[error("the chart is too large to draw")]
    Size,
    #[error("the PNG could not be written: {0}")]
    Encode(String),
}

/// The fonts text is drawn with: the system's (DejaVu in the CI image), read once.
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_system_fonts();
    db.set_sans_serif_family("DejaVu Sans");
    Arc::new(db)
});

/// An SVG drawn to PNG at `PNG_SCALE` on white.
pub fn png(svg: &str) -> Result<Vec<u8>, PngError> {
    let opt = usvg::Options {
        fontdb: FONTS.clone(),
        font_family: "DejaVu Sans".into(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt)?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(PNG_SCALE)
        .ok_or(PngError::Size)?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(PngError::Size)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

/// The page's chart rules (`.step…`, `.dot…`, `.rp-…`, one rule a line at the top level
/// of trappe.css) with the `:root` colours written out: the one source of how charts
/// look, on the page and in the files.
static CHART_CSS: LazyLock<String> =
    LazyLock::new(|| chart_css(crate::measurement::report_view::CSS));

fn chart_css(css: &str) -> String {
    let root = css
        .split(":root {")
        .nth(1)
        .and_then(|r| r.split('}').next())
        .unwrap_or("");
    let vars: Vec<(String, &str)> = root
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| (format!("var({})", k.trim()), v.trim()))
        .filter(|(k, _)| k.starts_with("var(--"))
        .collect();
    let mut out = String::new();
    for line in css.lines() {
        let Some((selector, _)) = line.split_once('{') else {
            continue;
        };
        let chart_rule = [".step", ".dot", ".rp-"]
            .iter()
            .any(|p| line.starts_with(p))
            && selector.split(',').all(|s| !s.trim().contains(' '));
        if !chart_rule {
            continue;
        }
        let mut rule = line.to_string();
        for (k, v) in &vars {
            rule = rule.replace(k.as_str(), v);
        }
        out.push_str(&rule);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_chart_rules_carry_their_colours() {
        let css = super::chart_css(crate::measurement::report_view::CSS);
        assert!(css.contains(".dot.own { fill: #1b1f24; }"), "{css}");
        assert!(css.contains(".rp-s0 { fill: #0b5394;"), "{css}");
        assert!(!css.contains("var("), "{css}");
        assert!(!css.contains("svg {"), "{css}");
    }
}
