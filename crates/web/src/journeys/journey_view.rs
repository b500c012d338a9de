//! Citizen journeys as pages show them (issue 5): the journey page (its period, comments,
//! feedback links and its view of `trappe_core::journey::analyze`), the maturity report's
//! journey lines, and the QR codes of feedback links (SVG, and PNG written from the module
//! matrix).
//!
//! Every figure comes from `analyze`; nothing is shown for a group under
//! `journey::MIN_RESPONSES` responses.

use crate::access::OrgAccess;
use crate::kit::charts::{Bars, BarsInput};
use crate::kit::error::{AppError, AppResult};
use crate::kit::i18n::arg_text;
use crate::kit::i18n::Lang;
use crate::kit::page::Ctx;
use crate::AppState;
use askama::Template;
use askama_web::WebTemplate;
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use trappe_core::journey::{self, Fit, JourneyReport, Scale, Verdict};
use trappe_store::{FeedbackLink, Journey, Store, StoreError, StoredFeedback};

/// A share (0 to 1) as a whole per cent ("40 %"), or a dash.
pub fn percent(lang: Lang, x: Option<f64>) -> String {
    x.map(|v| lang.pct(v, 0)).unwrap_or_else(|| "–".into())
}

/// A value with `decimals` decimals, or a dash.
pub fn opt(lang: Lang, x: Option<f64>, decimals: usize) -> String {
    x.map(|v| lang.num(v, decimals))
        .unwrap_or_else(|| "–".into())
}

/// NPS with its sign: "+25", "-10", "0".
pub fn signed(lang: Lang, x: Option<f64>) -> String {
    match x {
        Some(v) if v.round() > 0.0 => format!("+{}", lang.num(v, 0)),
        Some(v) if v.round() == 0.0 => "0".into(),
        Some(v) => lang.num(v, 0),
        None => "–".into(),
    }
}

/// One moment's row of the journey page.
pub struct MomentRow {
    pub position: usize,
    pub id: String,
    pub name: String,
    pub channel: String,
    pub responses: usize,
    pub mean: String,
    pub peak_share: String,
    pub end_share: String,
}

pub struct FitRow {
    pub label: String,
    pub r: String,
    pub mae: String,
    pub n: usize,
}

pub struct FixRow {
    pub name: String,
    pub mean: String,
    pub peak_share: String,
    pub end_share: String,
    /// The summed shortfall below the midpoint where it was the peak or the end.
    pub weight: String,
}

pub struct MeasureRow {
    pub label: String,
    pub value: String,
    pub n: usize,
}

/// What the journey page shows of a period's responses.
pub struct JourneyFigures {
    pub responses: usize,
    pub withheld: bool,
    pub withheld_text: String,
    pub moments: Vec<MomentRow>,
    pub mean_chart: Option<Bars>,
    pub share_chart: Option<Bars>,
    pub chart_summary: String,
    pub fits: Vec<FitRow>,
    pub fit_sentence: String,
    pub fix: Vec<FixRow>,
    pub measures: Vec<MeasureRow>,
}

/// The name of a channel in `lang`, or "" for none.
pub fn channel_name(lang: Lang, channel: Option<&str>) -> String {
    channel
        .map(|c| lang.t(&format!("journey-channel-{c}")))
        .unwrap_or_default()
}

/// The plain-language verdict: do citizens here judge by peaks and ends?
pub fn fit_sentence(lang: Lang, r: &JourneyReport) -> String {
    let (pe, mean) = (&r.fit.peak_end, &r.fit.mean);
    let rs = |a: Option<f64>| arg_text(a.map(|a| lang.num(a, 2)).unwrap_or_else(|| "–".into()));
    let args = |lo: f64, hi: f64| {
        [
            ("pe", rs(pe.r)),
            ("mean", rs(mean.r)),
            ("lo", arg_text(lang.num(lo, 2))),
            ("hi", arg_text(lang.num(hi, 2))),
        ]
    };
    match r.verdict {
        Verdict::TooFew => lang.t_args(
            "journey-fit-few",
            &[("min", FluentValue::from(journey::MIN_VERDICT as f64))],
        ),
        Verdict::Undefined => lang.t("journey-fit-undefined"),
        Verdict::PeakEnd(lo, hi) => lang.t_args("journey-fit-peak-end", &args(lo, hi)),
        Verdict::Mean(lo, hi) => lang.t_args("journey-fit-mean", &args(lo, hi)),
        Verdict::Undecided(lo, hi) => lang.t_args("journey-fit-undecided", &args(lo, hi)),
    }
}

fn fit_row(lang: Lang, key: &str, f: &Fit) -> FitRow {
    FitRow {
        label: lang.t(key),
        r: opt(lang, f.r, 2),
        mae: opt(lang, f.mae, 2),
        n: f.n,
    }
}

/// The figures of `responses` of `j`, in `lang`.
pub fn figures(lang: Lang, j: &Journey, responses: &[StoredFeedback]) -> JourneyFigures {
    let fb: Vec<journey::Feedback> = responses.iter().map(|r| r.feedback.clone()).collect();
    let r = journey::analyze(&j.moment_ids(), j.scale, &fb);
    let code = lang.code();
    let withheld_text = lang.t_args(
        "journey-withheld",
        &[
            ("n", FluentValue::from(r.responses as f64)),
            ("min", FluentValue::from(journey::MIN_RESPONSES as f64)),
        ],
    );
    let mut out = JourneyFigures {
        responses: r.responses,
        withheld: r.withheld,
        withheld_text,
        moments: Vec::new(),
        mean_chart: None,
        share_chart: None,
        chart_summary: String::new(),
        fits: Vec::new(),
        fit_sentence: String::new(),
        fix: Vec::new(),
        measures: Vec::new(),
    };
    if r.withheld {
        return out;
    }
    for (i, (m, st)) in j.moments.iter().zip(&r.moments).enumerate() {
        out.moments.push(MomentRow {
            position: i + 1,
            id: m.id.clone(),
            name: m.name(code).to_string(),
            channel: channel_name(lang, m.channel.as_deref()),
            responses: st.responses,
            mean: opt(lang, st.mean, 1),
            peak_share: percent(lang, st.peak_share),
            end_share: percent(lang, st.end_share),
        });
    }
    let (max, step) = match j.scale {
        Scale::Bipolar7 => (7.0, 1.0),
        Scale::UnipolarBad10 => (10.0, 1.0),
    };
    let mean_rows: Vec<BarsInput> = j
        .moments
        .iter()
        .zip(&r.moments)
        .map(|(m, st)| BarsInput {
            label: m.name(code).to_string(),
            values: vec![(st.mean, opt(lang, st.mean, 1))],
        })
        .collect();
    out.mean_chart = Some(Bars::scaled(
        "jm-means",
        &mean_rows,
        &[lang.t("journey-mean")],
        max,
        step,
    ));
    let share_rows: Vec<BarsInput> = j
        .moments
        .iter()
        .zip(&r.moments)
        .map(|(m, st)| BarsInput {
            label: m.name(code).to_string(),
            values: vec![
                (
                    st.peak_share.map(|x| x * 100.0),
                    percent(lang, st.peak_share),
                ),
                (st.end_share.map(|x| x * 100.0), percent(lang, st.end_share)),
            ],
        })
        .collect();
    out.share_chart = Some(Bars::scaled(
        "jm-shares",
        &share_rows,
        &[lang.t("journey-peak-share"), lang.t("journey-end-share")],
        100.0,
        20.0,
    ));
    let most_peak = r
        .moments
        .iter()
        .zip(&j.moments)
        .filter(|(st, _)| st.peak_share.is_some())
        .max_by(|a, b| {
            a.0.peak_share
                .unwrap_or(0.0)
                .total_cmp(&b.0.peak_share.unwrap_or(0.0))
        });
    if let Some((st, m)) = most_peak {
        out.chart_summary = lang.t_args(
            "journey-chart-summary",
            &[
                ("moment", arg_text(m.name(code))),
                ("share", arg_text(percent(lang, st.peak_share))),
            ],
        );
    }
    out.fits = vec![
        fit_row(lang, "journey-fit-by-peak-end", &r.fit.peak_end),
        fit_row(lang, "journey-fit-by-mean", &r.fit.mean),
        fit_row(lang, "journey-fit-by-end", &r.fit.end),
    ];
    out.fit_sentence = fit_sentence(lang, &r);
    for id in &r.fix_first {
        let Some(i) = j.moments.iter().position(|m| &m.id == id) else {
            continue;
        };
        let st = &r.moments[i];
        out.fix.push(FixRow {
            name: j.moments[i].name(code).to_string(),
            mean: opt(lang, st.mean, 1),
            peak_share: percent(lang, st.peak_share),
            end_share: percent(lang, st.end_share),
            weight: lang.num(st.fix_weight, 1),
        });
    }
    out.measures = vec![
        MeasureRow {
            label: lang.t("journey-nps"),
            value: signed(lang, r.nps),
            n: r.nps_n,
        },
        MeasureRow {
            label: lang.t("journey-csat"),
            value: percent(lang, r.csat),
            n: r.csat_n,
        },
        MeasureRow {
            label: lang.t("journey-ces-mean"),
            value: opt(lang, r.ces_mean, 1),
            n: r.ces_n,
        },
        MeasureRow {
            label: lang.t("journey-ces-high"),
            value: percent(lang, r.ces_high_share),
            n: r.ces_n,
        },
    ];
    out
}

// ---- the journey page ----

/// The period and comment search of the journey page.
#[derive(Deserialize, Default)]
pub(crate) struct PageQuery {
    /// "YYYY-MM", or empty for every response kept.
    #[serde(default)]
    month: String,
    /// "YYYY-MM-DD" (inclusive); either replaces `month`.
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// Words to find in the comments.
    #[serde(default)]
    q: String,
    /// Set after an import: how many responses it stored.
    imported: Option<usize>,
}

/// Midnight (UTC) of a day written "YYYY-MM-DD".
fn date_day(s: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// The start of a month written "YYYY-MM" and the start of the next.
fn month_bounds(s: &str) -> Option<(i64, i64)> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    let start = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 {
        chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    let ts = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp());
    Some((ts(start)?, ts(next)?))
}

/// The month ("YYYY-MM") of a day.
fn month_of(day: i64) -> String {
    chrono::DateTime::from_timestamp(day, 0)
        .map(|d| d.format("%Y-%m").to_string())
        .unwrap_or_default()
}

/// A feedback link as the journey page lists it.
pub(crate) struct LinkView {
    pub id: i64,
    pub label: String,
    pub url: String,
    pub created: String,
    pub revoked: bool,
}

/// A moment as the journey page defines it.
pub(crate) struct MomentDef {
    pub position: usize,
    pub id: String,
    pub name: String,
    pub channel: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "journeys/journey.html")]
pub(crate) struct JourneyPage {
    ctx: Ctx,
    org_id: i64,
    org_name: String,
    journey: Journey,
    scale_text: String,
    can_edit: bool,
    moments: Vec<MomentDef>,
    links: Vec<LinkView>,
    /// (value, label) of the months with responses, newest first.
    months: Vec<(String, String)>,
    month: String,
    from: String,
    to: String,
    q: String,
    period_text: String,
    period_error: Option<String>,
    fig: JourneyFigures,
    comments: Vec<(String, String)>,
    comments_with_text: usize,
    csv_header: String,
    import_errors: Vec<String>,
    imported: Option<String>,
}

/// The address of a feedback link, as citizens open it.
pub(crate) fn link_url(state: &AppState, l: &FeedbackLink) -> String {
    format!(
        "{}/f/{}",
        state.config.base_url.trim_end_matches('/'),
        l.token
    )
}

/// The journey page of `j` for the period and search of `query`, with the problems of
/// an import that was refused.
pub(crate) async fn journey_page(
    state: &AppState,
    who: &OrgAccess,
    j: Journey,
    query: PageQuery,
    import_errors: Vec<String>,
) -> AppResult<JourneyPage> {
    let ctx = &who.ctx;
    let lang = ctx.lang;
    let code = ctx.code();
    // The period: from/to when given, else a month, else everything kept.
    let mut period_error = None;
    let (mut from, mut to) = (None, None);
    let mut month = query.month.trim().to_string();
    if !query.from.trim().is_empty() || !query.to.trim().is_empty() {
        month.clear();
        for (text, slot, add) in [(&query.from, &mut from, 0), (&query.to, &mut to, 86_400)] {
            if text.trim().is_empty() {
                continue;
            }
            match date_day(text) {
                Some(d) => *slot = Some(d + add),
                None => period_error = Some(ctx.t("journey-error-date")),
            }
        }
    } else if !month.is_empty() {
        match month_bounds(&month) {
            Some((a, b)) => (from, to) = (Some(a), Some(b)),
            None => {
                period_error = Some(ctx.t("journey-error-date"));
                month.clear();
            }
        }
    }
    if period_error.is_some() {
        (from, to) = (None, None);
    }
    let rows = state.store.journey_feedback(&j, from, to).await?;
    let fig = figures(lang, &j, &rows);
    let period_text = match (from, to) {
        (None, None) => ctx.t("journey-period-all"),
        _ => lang.t_args(
            "journey-period-from-to",
            &[
                (
                    "from",
                    FluentValue::from(from.map(|f| lang.date(f)).unwrap_or_else(|| "…".into())),
                ),
                (
                    "to",
                    FluentValue::from(
                        to.map(|t| lang.date(t - 86_400))
                            .unwrap_or_else(|| "…".into()),
                    ),
                ),
            ],
        ),
    };
    // Comments: the organisation's own reading, only when the figures are shown.
    let needle = query.q.trim().to_lowercase();
    let mut comments: Vec<(String, String)> = Vec::new();
    let mut comments_with_text = 0;
    if !fig.withheld {
        for r in rows.iter().rev() {
            let Some(c) = r.feedback.comment.as_deref() else {
                continue;
            };
            comments_with_text += 1;
            if needle.is_empty() || c.to_lowercase().contains(&needle) {
                comments.push((lang.date(r.day), c.to_string()));
            }
        }
    }
    let mut months: Vec<String> = state
        .store
        .journey_feedback_days(j.id)
        .await?
        .into_iter()
        .map(month_of)
        .collect();
    months.dedup();
    months.reverse();
    let months = months
        .into_iter()
        .map(|m| {
            let label = match (lang, m.split_once('-')) {
                (crate::kit::i18n::Lang::Da, Some((y, mm))) => format!("{mm}.{y}"),
                _ => m.clone(),
            };
            (m, label)
        })
        .collect();
    let links = state
        .store
        .feedback_links(j.id)
        .await?
        .iter()
        .map(|l| LinkView {
            id: l.id,
            label: l.label.clone(),
            url: link_url(state, l),
            created: lang.date(l.created_at),
            revoked: l.revoked_at.is_some(),
        })
        .collect();
    let moments = j
        .moments
        .iter()
        .enumerate()
        .map(|(i, m)| MomentDef {
            position: i + 1,
            id: m.id.clone(),
            name: m.name(code).to_string(),
            channel: channel_name(lang, m.channel.as_deref()),
        })
        .collect();
    let mut header = j.moment_ids();
    header.extend(["overall", "ces", "nps", "comment"].map(String::from));
    Ok(JourneyPage {
        org_id: who.org,
        org_name: state
            .store
            .org(who.org)
            .await?
            .ok_or(AppError::NotFound)?
            .name,
        scale_text: ctx.t(&format!("journey-scale-{}", j.scale.name())),
        can_edit: who.level.can_edit(),
        moments,
        links,
        months,
        month,
        from: query.from.trim().to_string(),
        to: query.to.trim().to_string(),
        q: query.q.trim().to_string(),
        period_text,
        period_error,
        fig,
        comments,
        comments_with_text,
        csv_header: header.join(";"),
        import_errors,
        imported: query
            .imported
            .map(|n| lang.t_args("journey-imported", &[("n", FluentValue::from(n as f64))])),
        journey: j,
        ctx: ctx.clone(),
    })
}

// ---- the maturity report's journey lines ----

/// One journey in the maturity report's customer-insight section.
pub struct JourneyLine {
    pub name: String,
    pub responses: usize,
    pub withheld: bool,
    pub nps: String,
    pub csat: String,
    pub ces: String,
    /// The first of the moments to fix, or a dash.
    pub fix_first: String,
}

/// The organisation's journeys with responses, with their measures over every response
/// kept (withheld ones carry only their count).
pub async fn report_lines(
    store: &Store,
    org_id: i64,
    lang: Lang,
) -> Result<Vec<JourneyLine>, StoreError> {
    let mut out = Vec::new();
    for (j, n) in store.journeys_of(org_id).await? {
        if n == 0 {
            continue;
        }
        let rows = store.journey_feedback(&j, None, None).await?;
        let fb: Vec<journey::Feedback> = rows.into_iter().map(|r| r.feedback).collect();
        let r = journey::analyze(&j.moment_ids(), j.scale, &fb);
        let fix_first = r
            .fix_first
            .first()
            .and_then(|id| j.moments.iter().find(|m| &m.id == id))
            .map(|m| m.name(lang.code()).to_string())
            .unwrap_or_else(|| "–".into());
        out.push(JourneyLine {
            name: j.name.clone(),
            responses: r.responses,
            withheld: r.withheld,
            nps: signed(lang, r.nps),
            csat: percent(lang, r.csat),
            ces: opt(lang, r.ces_mean, 1),
            fix_first,
        });
    }
    Ok(out)
}

// ---- QR codes ----

/// Modules of light margin around a QR code (the standard's quiet zone).
const QUIET: usize = 4;
/// Pixels per module in the PNG: about 4 cm wide at 300 dpi for a short link.
const PNG_SCALE: usize = 12;
/// 300 dots per inch in pixels per metre (PNG's unit), written into the PNG so that it
/// prints at its intended size.
const PNG_PPM: u32 = 11_811;

fn qr(url: &str) -> anyhow::Result<qrcode::QrCode> {
    Ok(qrcode::QrCode::with_error_correction_level(
        url.as_bytes(),
        qrcode::EcLevel::M,
    )?)
}

/// The QR code of `url` as an SVG document.
pub fn qr_svg(url: &str) -> anyhow::Result<String> {
    use qrcode::render::svg;
    Ok(qr(url)?
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// The QR code of `url` as a grey-scale PNG, `PNG_SCALE` pixels per module.
pub fn qr_png(url: &str) -> anyhow::Result<Vec<u8>> {
    let code = qr(url)?;
    let w = code.width();
    let colors = code.to_colors();
    let side = (w + 2 * QUIET) * PNG_SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, c) in colors.iter().enumerate() {
        if *c != qrcode::Color::Dark {
            continue;
        }
        let (mx, my) = (i % w + QUIET, i / w + QUIET);
        for y in my * PNG_SCALE..(my + 1) * PNG_SCALE {
            let row = y * side;
            pixels[row + mx * PNG_SCALE..row + (mx + 1) * PNG_SCALE].fill(0);
        }
    }
    let side = u32::try_from(side)?;
    let mut out = Vec::new();
    let mut png = png::Encoder::new(&mut out, side, side);
    png.set_color(png::ColorType::Grayscale);
    png.set_depth(png::BitDepth::Eight);
    png.set_compression(png::Compression::High);
    png.set_pixel_dims(Some(png::PixelDimensions {
        xppu: PNG_PPM,
        yppu: PNG_PPM,
        unit: png::Unit::Meter,
    }));
    let mut writer = png.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_codes_carry_the_link_in_both_formats() {
        let url = "https://trappe.example.dk/f/abcdefghjkmn";
        let svg = qr_svg(url).unwrap();
        assert!(svg.contains("<svg") && svg.contains("#000000"));
        let png = qr_png(url).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // Read it back with the png crate (which checks every chunk's CRC).
        let (info, raw) = decode_png(&png);
        let side = info.width as usize;
        let w = qr(url).unwrap().width();
        assert_eq!(side, (w + 2 * QUIET) * PNG_SCALE);
        assert_eq!(info.height as usize, side);
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        assert_eq!(raw.len(), side * side);
        let at = |x: usize, y: usize| raw[y * side + x];
        let q = QUIET * PNG_SCALE;
        assert_eq!(at(0, 0), 255, "quiet zone");
        assert_eq!(at(q, q), 0, "finder pattern");
        assert_eq!(at(q + PNG_SCALE, q + PNG_SCALE), 255, "finder ring");
        assert_eq!(at(q + 3 * PNG_SCALE, q + 3 * PNG_SCALE), 0, "finder centre");
    }

    fn decode_png(png: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut raw = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut raw).unwrap();
        raw.truncate(info.buffer_size());
        (info, raw)
    }

    #[test]
    fn a_long_link_prints_at_300_dpi_and_decodes() {
        // The hand-made writer left out the physical size, so the PNG printed at the
        // viewer's default (72 or 96 dpi: three to four times too big).
        let url = format!("https://trappe.example.dk/f/{}", "abcdefghjkmn".repeat(20));
        let png = qr_png(&url).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&png[..]))
            .read_info()
            .unwrap();
        let dims = reader.info().pixel_dims.unwrap();
        assert_eq!(
            (dims.xppu, dims.yppu, dims.unit),
            (PNG_PPM, PNG_PPM, png::Unit::Meter)
        );
        let (info, raw) = decode_png(&png);
        let side = (qr(&url).unwrap().width() + 2 * QUIET) * PNG_SCALE;
        assert_eq!((info.width as usize, info.height as usize), (side, side));
        assert_eq!(raw.len(), side * side);
        let dpi = f64::from(PNG_PPM) * 0.0254;
        assert!((dpi - 300.0).abs() < 0.01, "{dpi}");
        assert!(
            raw.iter().all(|&p| p == 0 || p == 255),
            "only black and white"
        );
    }

    #[test]
    fn months_and_dates() {
        assert_eq!(
            month_bounds("2026-12").unwrap().1,
            date_day("2027-01-01").unwrap()
        );
        assert!(month_bounds("2026-13").is_none());
        assert_eq!(month_of(date_day("2026-03-31").unwrap()), "2026-03");
        assert!(date_day("31.03.2026").is_none());
    }

    #[test]
    fn numbers_as_the_page_writes_them() {
        assert_eq!(percent(Lang::Da, Some(0.4)), "40 %");
        assert_eq!(percent(Lang::En, Some(0.4)), "40%");
        assert_eq!(percent(Lang::En, None), "–");
        assert_eq!(signed(Lang::Da, Some(25.0)), "+25");
        assert_eq!(signed(Lang::Da, Some(-12.5)), "-12");
        assert_eq!(signed(Lang::En, Some(0.2)), "0");
        assert_eq!(opt(Lang::Da, Some(4.25), 1), "4,2");
        assert_eq!(opt(Lang::En, None, 1), "–");
    }
}
