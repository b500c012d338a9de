//! The channel page's charts as data for SVG templates: the channel mix per month as
//! stacked bars and the digital share per month against the targets. Each channel is
//! drawn with its own colour and its own pattern (lines, dots, crosses...), named in the
//! legend, so the chart reads in black and white; the page has the same numbers in tables.

use trappe_core::contacts::Channel;

/// A coordinate rounded to 0.1 px, so the markup is short and stable.
fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// How a channel is drawn: a background colour and a pattern over it.
pub struct ChannelStyle {
    pub channel: &'static str,
    pub colour: &'static str,
    /// "solid", "diag", "back", "dots", "cross", "vert" or "horiz".
    pub pattern: &'static str,
    /// The pattern's colour: white on dark colours, ink on light ones.
    pub ink: &'static str,
}

/// The style of each channel: non-digital channels in warm colours, digital ones in
/// cool colours, each with a pattern of its own.
pub fn style(c: Channel) -> ChannelStyle {
    let (colour, pattern) = match c {
        Channel::Phone => ("#b8500f", "solid"),
        Channel::FrontDesk => ("#e8a35c", "diag"),
        Channel::Letter => ("#f3d8b6", "dots"),
        Channel::Meeting => ("#7a2e0b", "cross"),
        Channel::Information => ("#f6c89f", "vert"),
        Channel::Selfservice => ("#0b5394", "solid"),
        Channel::Web => ("#6fa8dc", "back"),
        Channel::DigitalPost => ("#cfe2f3", "cross"),
        Channel::Email => ("#38761d", "vert"),
        Channel::Chat => ("#93c47d", "horiz"),
        Channel::Sms => ("#d9ead3", "diag"),
        Channel::App => ("#674ea7", "dots"),
        Channel::Video => ("#b4a7d6", "cross"),
        Channel::Social => ("#e6e0f3", "back"),
    };
    let dark = matches!(
        c,
        Channel::Phone | Channel::Selfservice | Channel::Email | Channel::App | Channel::Meeting
    );
    ChannelStyle {
        channel: c.name(),
        colour,
        pattern,
        ink: if dark { "#ffffff" } else { "#1b1f24" },
    }
}

/// The styles of all channels, for the `<defs>` of a chart.
pub fn styles() -> Vec<ChannelStyle> {
    Channel::ALL.into_iter().map(style).collect()
}

/// A gridline of the value axis.
pub struct YTick {
    pub y: f64,
    pub label: String,
}

/// One channel's part of a month's bar.
pub struct Segment {
    pub channel: &'static str,
    pub y: f64,
    pub h: f64,
    /// "2025-01 · Telefon: 70" for the segment's tooltip.
    pub title: String,
}

pub struct StackBar {
    pub x: f64,
    pub w: f64,
    /// The month, under the bar (every bar, or every n-th when there are many).
    pub label: Option<String>,
    pub label_x: f64,
    pub segments: Vec<Segment>,
}

/// A channel of the legend, shown as a list under the chart (not inside the SVG), so a
/// long name wraps instead of running into the next one.
pub struct LegendEntry {
    pub channel: &'static str,
    pub label: String,
}

/// Stacked bars, one per month, one segment per channel (largest channel at the bottom).
pub struct StackedBars {
    pub width: f64,
    pub height: f64,
    pub x0: f64,
    pub x1: f64,
    pub bottom: f64,
    pub ticks: Vec<YTick>,
    pub bars: Vec<StackBar>,
    pub legend: Vec<LegendEntry>,
}

/// A round step for an axis from 0 to `max` in about five steps (1, 2 or 5 times a power
/// of ten).
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 5.0;
    let p = 10f64.powf(raw.log10().floor());
    let m = raw / p;
    let k = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    (k * p).max(1.0)
}

impl StackedBars {
    /// `months`: (label, contacts per channel by [`Channel::index`]); `order`: the
    /// channels to draw, bottom first; `names`: a channel's label; `fmt`: a count as
    /// written.
    pub fn new(
        months: &[(String, [u64; Channel::COUNT])],
        order: &[Channel],
        names: impl Fn(Channel) -> String,
        fmt: impl Fn(u64) -> String,
    ) -> StackedBars {
        let (width, x0, top, plot_h) = (720.0, 64.0, 16.0, 260.0);
        let x1 = width - 10.0;
        let bottom = top + plot_h;
        let max = months
            .iter()
            .map(|(_, c)| c.iter().sum::<u64>())
            .max()
            .unwrap_or(0) as f64;
        let step = nice_step(max);
        let top_value = ((max / step).ceil() * step).max(step);
        let y = |v: f64| r1(bottom - v / top_value * plot_h);
        let ticks = (0..)
            .map(|i| i as f64 * step)
            .take_while(|v| *v <= top_value + 1e-9)
            .map(|v| YTick {
                y: y(v),
                label: fmt(v as u64),
            })
            .collect();
        let n = months.len().max(1) as f64;
        let slot = (x1 - x0) / n;
        let w = (slot * 0.7).min(48.0);
        // Month labels: every one while they fit, else every k-th.
        let every = ((56.0 / slot).ceil() as usize).max(1);
        let bars = months
            .iter()
            .enumerate()
            .map(|(i, (label, counts))| {
                let x = x0 + slot * i as f64 + (slot - w) / 2.0;
                let mut acc = 0.0;
                let segments = order
                    .iter()
                    .filter(|c| counts[c.index()] > 0)
                    .map(|&c| {
                        let v = counts[c.index()] as f64;
                        let (y_top, y_base) = (y(acc + v), y(acc));
                        acc += v;
                        Segment {
                            channel: c.name(),
                            y: y_top,
                            h: r1(y_base - y_top),
                            title: format!("{label} · {}: {}", names(c), fmt(counts[c.index()])),
                        }
                    })
                    .collect();
                StackBar {
                    x: r1(x),
                    w: r1(w),
                    label: (i % every == 0).then(|| label.clone()),
                    label_x: r1(x + w / 2.0),
                    segments,
                }
            })
            .collect();
        let legend: Vec<LegendEntry> = order
            .iter()
            .map(|&c| LegendEntry {
                channel: c.name(),
                label: names(c),
            })
            .collect();
        StackedBars {
            width,
            // room for the month labels under the axis
            height: bottom + 26.0,
            x0,
            x1,
            bottom,
            ticks,
            bars,
            legend,
        }
    }
}

/// One month's digital share as a bar.
pub struct ShareBar {
    pub x: f64,
    pub w: f64,
    pub y: f64,
    pub h: f64,
    pub label: Option<String>,
    pub label_x: f64,
    pub title: String,
}

/// A target as a dashed line across the chart, labelled at its right end.
pub struct TargetLine {
    pub y: f64,
    pub label: String,
    pub label_y: f64,
}

/// The digital share per month (0 to 100 %), with the digital targets as dashed lines.
pub struct ShareChart {
    pub width: f64,
    pub height: f64,
    pub x0: f64,
    pub x1: f64,
    pub bottom: f64,
    pub ticks: Vec<YTick>,
    pub bars: Vec<ShareBar>,
    pub targets: Vec<TargetLine>,
    pub legend_y: f64,
}

impl ShareChart {
    /// `months`: (label, share 0..1 or None, share as written); `targets`: (share,
    /// label); `pct`: a share as written on the axis.
    pub fn new(
        months: &[(String, Option<f64>, String)],
        targets: &[(f64, String)],
        pct: impl Fn(f64) -> String,
    ) -> ShareChart {
        let (width, x0, top, plot_h) = (720.0, 56.0, 16.0, 220.0);
        let x1 = width - 170.0;
        let bottom = top + plot_h;
        let y = |v: f64| r1(bottom - v.clamp(0.0, 1.0) * plot_h);
        let ticks = (0..=5)
            .map(|i| {
                let v = i as f64 / 5.0;
                YTick {
                    y: y(v),
                    label: pct(v),
                }
            })
            .collect();
        let n = months.len().max(1) as f64;
        let slot = (x1 - x0) / n;
        let w = (slot * 0.7).min(40.0);
        let every = ((56.0 / slot).ceil() as usize).max(1);
        let bars = months
            .iter()
            .enumerate()
            .map(|(i, (label, share, text))| {
                let x = x0 + slot * i as f64 + (slot - w) / 2.0;
                let s = share.unwrap_or(0.0);
                ShareBar {
                    x: r1(x),
                    w: r1(w),
                    y: y(s),
                    h: r1(bottom - y(s)),
                    label: (i % every == 0).then(|| label.clone()),
                    label_x: r1(x + w / 2.0),
                    title: format!("{label}: {text}"),
                }
            })
            .collect();
        // Labels of targets close together are moved apart so they do not overlap.
        let mut sorted: Vec<&(f64, String)> = targets.iter().collect();
        sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut last_label_y = f64::NEG_INFINITY;
        let targets = sorted
            .into_iter()
            .map(|(share, label)| {
                let ly = (y(*share) + 4.0).max(last_label_y + 14.0);
                last_label_y = ly;
                TargetLine {
                    y: y(*share),
                    label: label.clone(),
                    label_y: r1(ly),
                }
            })
            .collect();
        ShareChart {
            width,
            height: bottom + 64.0,
            x0,
            x1,
            bottom,
            ticks,
            bars,
            targets,
            legend_y: bottom + 52.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(p: &[(Channel, u64)]) -> [u64; Channel::COUNT] {
        let mut c = [0; Channel::COUNT];
        for (ch, n) in p {
            c[ch.index()] = *n;
        }
        c
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(100.0), 20.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(1234.0), 500.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(3.0), 1.0);
    }

    #[test]
    fn stacked_segments_add_up_to_the_month_and_share_one_scale() {
        let months = vec![
            (
                "2025-01".to_string(),
                counts(&[(Channel::Phone, 70), (Channel::Selfservice, 30)]),
            ),
            (
                "2025-02".to_string(),
                counts(&[(Channel::Phone, 40), (Channel::Selfservice, 60)]),
            ),
        ];
        let order = [Channel::Phone, Channel::Selfservice];
        let c = StackedBars::new(&months, &order, |c| c.name().into(), |n| n.to_string());
        assert_eq!(c.bars.len(), 2);
        let jan = &c.bars[0];
        // 100 contacts fill the axis (0 to 100 in steps of 20): 260 px.
        let total: f64 = jan.segments.iter().map(|s| s.h).sum();
        assert!((total - 260.0).abs() < 0.2);
        assert_eq!(jan.segments[0].channel, "phone");
        assert!((jan.segments[0].h - 182.0).abs() < 0.2);
        // Phone at the bottom, self-service on top of it.
        assert!(jan.segments[1].y < jan.segments[0].y);
        assert_eq!(jan.segments[0].title, "2025-01 · phone: 70");
        assert_eq!(c.ticks.len(), 6);
        assert_eq!(c.ticks.last().unwrap().label, "100");
        assert_eq!(c.legend.len(), 2);
        assert!(c.bars[1].x > jan.x);
    }

    #[test]
    fn share_bars_and_target_labels_do_not_overlap() {
        let months = vec![
            ("2025-01".to_string(), Some(0.3), "30 %".to_string()),
            ("2025-02".to_string(), Some(0.5), "50 %".to_string()),
        ];
        let c = ShareChart::new(
            &months,
            &[(0.8, "80 %".into()), (0.79, "79 %".into())],
            |v| format!("{:.0} %", v * 100.0),
        );
        assert!((c.bars[1].h - 110.0).abs() < 0.2);
        assert_eq!(c.targets.len(), 2);
        assert!(c.targets[1].label_y - c.targets[0].label_y >= 14.0 - 1e-9);
        assert_eq!(c.ticks[5].label, "100 %");
    }
}
