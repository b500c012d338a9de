//! Charts as data for SVG templates: positions computed here, drawn in templates, so
//! the output is deterministic and every chart has its numbers in a table beside it.

use std::collections::HashMap;
use trappe_core::Model;

pub struct Step {
    pub level: u8,
    pub x: usize,
    pub y: usize,
    pub w: usize,
    pub h: usize,
    pub name_lines: Vec<String>,
}

pub struct Dot {
    pub cx: f64,
    pub cy: f64,
    /// Radius: smaller when many organisations share a step.
    pub r: f64,
    pub label: String,
    pub own: bool,
}

/// The five-step staircase of the seed's slide 4, with organisations as dots; a model on
/// another scale (SAMM's 0 to 3) gets a step for each of its levels.
pub struct Staircase {
    pub width: usize,
    pub height: usize,
    pub steps: Vec<Step>,
    pub dots: Vec<Dot>,
}

const STEP_W: usize = 150;
const RISE: usize = 56;
const BASE: usize = 340;
const LEFT: usize = 10;
/// Space kept free above the highest dot (for a label).
const TOP_ROOM: f64 = 24.0;

/// Splits a name into lines of about `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

impl Staircase {
    /// `dots` are (score, label, own); a dot sits on its step, left to right by score.
    pub fn new(model: &Model, lang: &str, dots: &[(f64, String, bool)]) -> Staircase {
        let scale = model.scale;
        // The i-th step from the left (0-based) and its height.
        let index = |l: u8| usize::from(l.saturating_sub(scale.min));
        let rise = |l: u8| RISE * (index(l) + 1);
        let steps = scale
            .steps()
            .map(|l| {
                let h = rise(l);
                Step {
                    level: l,
                    x: LEFT + index(l) * STEP_W,
                    y: BASE - h,
                    w: STEP_W,
                    h,
                    name_lines: wrap(model.level(l).map(|x| x.name.get(lang)).unwrap_or(""), 19),
                }
            })
            .collect();
        // Dots sit in columns on their step (one column per 13 px of score); a column's
        // dots stack upwards. Where a step's tallest column would leave the chart, that
        // step's stacking pitch and dot size shrink so every organisation stays visible.
        let column = |score: f64| {
            let level = scale.level_of(score);
            let within = (score - f64::from(level)).clamp(0.0, 0.999);
            let x0 = LEFT + index(level) * STEP_W;
            let cx = x0 as f64 + 14.0 + within * (STEP_W - 28) as f64;
            (level, (cx / 13.0).round() as i64)
        };
        let mut heights: HashMap<(u8, i64), usize> = HashMap::new();
        for (score, _, _) in dots {
            *heights.entry(column(*score)).or_default() += 1;
        }
        let pitch: Vec<f64> = scale
            .steps()
            .map(|l| {
                let tallest = heights
                    .iter()
                    .filter(|((lv, _), _)| *lv == l)
                    .map(|(_, n)| *n)
                    .max()
                    .unwrap_or(1);
                let room = (BASE - rise(l)) as f64 - 12.0 - TOP_ROOM;
                (room / (tallest.max(2) - 1) as f64).min(13.0)
            })
            .collect();
        let mut filled: HashMap<(u8, i64), usize> = HashMap::new();
        let mut placed: Vec<Dot> = Vec::with_capacity(dots.len());
        for (score, label, own) in dots {
            let (level, col) = column(*score);
            let p = pitch[index(level)];
            let n = filled.entry((level, col)).or_default();
            let cx = (col as f64) * 13.0;
            let cy = (BASE - rise(level)) as f64 - 12.0 - *n as f64 * p;
            *n += 1;
            placed.push(Dot {
                cx,
                cy,
                r: if *own { 9.0 } else { (p / 2.0).clamp(1.5, 6.0) },
                label: label.clone(),
                own: *own,
            });
        }
        let dots = placed;
        Staircase {
            width: LEFT * 2 + STEP_W * scale.steps().count(),
            height: BASE + 10,
            steps,
            dots,
        }
    }
}

// ---- the organisation's report: its name on the staircase, bars with intervals, a radar ----

/// Where a labelled dot's name is written: above the staircase, joined to its dot by a
/// leader line, so it never covers a step's name or another dot.
pub struct DotLabel {
    pub x: f64,
    pub y: f64,
    pub anchor: &'static str,
    pub text: String,
    pub line_x: f64,
    pub line_y1: f64,
    pub line_y2: f64,
}

impl Staircase {
    /// The organisation's own name, for the first dot marked `own` with a label.
    pub fn own_label(&self) -> Option<DotLabel> {
        let own = self.dots.iter().find(|d| d.own && !d.label.is_empty())?;
        let width = self.width as f64;
        let anchor = if own.cx < 90.0 {
            "start"
        } else if own.cx > width - 90.0 {
            "end"
        } else {
            "middle"
        };
        let x = match anchor {
            "start" => own.cx - 9.0,
            "end" => own.cx + 9.0,
            _ => own.cx,
        };
        let y = 16.0;
        Some(DotLabel {
            x: r1(x),
            y,
            anchor,
            text: own.label.clone(),
            line_x: r1(own.cx),
            line_y1: y + 5.0,
            line_y2: r1((own.cy - 9.0).max(y + 5.0)),
        })
    }
}

/// The built-in model's highest score: the report's charts run from 0 to the model's
/// highest score (5, or 3 for SAMM), so a bar's length is its score.
const SCALE_MAX: f64 = 5.0;

/// A gridline of a value axis.
pub struct Tick {
    pub x: f64,
    pub label: u8,
}

fn ticks(x0: f64, unit: f64, max: u8) -> Vec<Tick> {
    (0..=max)
        .map(|v| Tick {
            x: x0 + f64::from(v) * unit,
            label: v,
        })
        .collect()
}

/// SVG `points` text.
fn points(p: &[(f64, f64)]) -> String {
    p.iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A legend entry: `kind` names the sample drawn ("bar", "whisker", "mean", "best",
/// "s0".."s2", "own", "peer-mean", "peer-best").
pub struct LegendItem {
    pub x: f64,
    pub y: f64,
    pub kind: &'static str,
    pub label: String,
}

fn legend(items: Vec<(&'static str, String)>, x0: f64, y: f64, step: f64) -> Vec<LegendItem> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, (kind, label))| LegendItem {
            x: x0 + i as f64 * step,
            y,
            kind,
            label,
        })
        .collect()
}

/// A coordinate rounded to 0.1 px, so the markup is short and stable.
fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A line of a label and its baseline.
pub struct TextLine {
    pub y: f64,
    pub text: String,
}

/// A label wrapped at `width` characters, its lines centred on `cy` (12 px text, 14 px lines).
fn label_lines(text: &str, width: usize, cy: f64) -> Vec<TextLine> {
    let lines = wrap(text, width);
    let top = cy + 4.0 - 7.0 * lines.len().saturating_sub(1) as f64;
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| TextLine {
            y: r1(top + 14.0 * i as f64),
            text,
        })
        .collect()
}

/// One dimension as the report's bar chart draws it.
pub struct DimensionInput {
    pub label: String,
    pub score: Option<f64>,
    pub interval: Option<(f64, f64)>,
    pub mean: Option<f64>,
    pub best: Option<f64>,
    /// The score as written beside the bar (decimal comma in Danish).
    pub value: String,
}

/// An interval's whisker: a line from `x1` to `x2` at the bar's centre, capped.
pub struct Whisker {
    pub x1: f64,
    pub x2: f64,
    pub y1: f64,
    pub y2: f64,
}

pub struct DimensionRow {
    pub label: Vec<TextLine>,
    pub y: f64,
    pub h: f64,
    pub cy: f64,
    pub bar_w: Option<f64>,
    pub whisker: Option<Whisker>,
    /// A diamond at the peer average.
    pub mean: Option<String>,
    /// A triangle at best in class.
    pub best: Option<String>,
    pub value: String,
}

/// Horizontal bars of the dimensions' scores, each with its 95 % interval as a whisker,
/// the peer average as a hollow diamond and best in class as a black triangle: shapes,
/// not colours, so the chart reads in black and white.
pub struct DimensionBars {
    pub width: f64,
    pub height: f64,
    pub x0: f64,
    pub top: f64,
    pub bottom: f64,
    pub value_x: f64,
    pub ticks: Vec<Tick>,
    pub rows: Vec<DimensionRow>,
    pub legend: Vec<LegendItem>,
}

const LABEL_CHARS: usize = 30;

impl DimensionBars {
    /// `legend`: the labels of the score, the interval, the average and best in class
    /// (the last two only drawn when some row has them).
    /// `max`: the model's highest score; the axis keeps its 400 px whatever the scale.
    pub fn new(rows: &[DimensionInput], legend_labels: [String; 4], max: u8) -> DimensionBars {
        let top_score = f64::from(max.max(1));
        let (x0, unit, top, row_h, bar_h) = (240.0, 400.0 / top_score, 24.0, 42.0, 18.0);
        let x = |v: f64| r1(x0 + v.clamp(0.0, top_score) * unit);
        let out: Vec<DimensionRow> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let y = top + 8.0 + i as f64 * row_h;
                let cy = y + bar_h / 2.0;
                DimensionRow {
                    label: label_lines(&r.label, LABEL_CHARS, cy),
                    y,
                    h: bar_h,
                    cy,
                    bar_w: r.score.map(|s| r1(x(s) - x0)),
                    whisker: r.interval.map(|(lo, hi)| Whisker {
                        x1: x(lo),
                        x2: x(hi),
                        y1: cy - 6.0,
                        y2: cy + 6.0,
                    }),
                    mean: r.mean.map(|m| {
                        let mx = x(m);
                        points(&[
                            (mx, cy - 8.0),
                            (mx + 7.0, cy),
                            (mx, cy + 8.0),
                            (mx - 7.0, cy),
                        ])
                    }),
                    best: r.best.map(|b| {
                        let bx = x(b);
                        points(&[(bx, cy - 8.0), (bx + 7.5, cy + 6.0), (bx - 7.5, cy + 6.0)])
                    }),
                    value: r.value.clone(),
                }
            })
            .collect();
        let bottom = top + 8.0 + out.len() as f64 * row_h;
        let [score, interval, mean, best] = legend_labels;
        let mut items = vec![("bar", score), ("whisker", interval)];
        // Each marker in the legend only where it is drawn (best in class can be
        // withheld while the average shows).
        if rows.iter().any(|r| r.mean.is_some()) {
            items.push(("mean", mean));
        }
        if rows.iter().any(|r| r.best.is_some()) {
            items.push(("best", best));
        }
        DimensionBars {
            width: 720.0,
            height: bottom + 44.0,
            x0,
            top,
            bottom,
            value_x: x(top_score) + 12.0,
            ticks: ticks(x0, unit, max.max(1)),
            rows: out,
            legend: legend(items, 10.0, bottom + 26.0, 175.0),
        }
    }
}

/// One bar of a grouped bar chart.
pub struct BarItem {
    pub y: f64,
    pub h: f64,
    pub w: f64,
    /// 0: solid, 1: hatched, 2: white with an outline.
    pub series: usize,
    pub has_value: bool,
    pub value: String,
    pub value_x: f64,
}

pub struct BarRow {
    pub label: Vec<TextLine>,
    pub items: Vec<BarItem>,
}

/// Horizontal grouped bars on the 1-to-5 scale, one group per row; series are told apart
/// by fill (solid, hatched, outlined), not by colour alone.
pub struct Bars {
    /// Unique in the page: ids of the title and the hatch pattern start with it.
    pub id: String,
    pub width: f64,
    pub height: f64,
    pub x0: f64,
    pub top: f64,
    pub bottom: f64,
    pub ticks: Vec<Tick>,
    pub rows: Vec<BarRow>,
    pub legend: Vec<LegendItem>,
}

/// A row of a grouped bar chart: its label and, per series, the value and its text.
pub struct BarsInput {
    pub label: String,
    pub values: Vec<(Option<f64>, String)>,
}

impl Bars {
    pub fn new(id: &str, rows: &[BarsInput], series: &[String]) -> Bars {
        Bars::scaled(id, rows, series, SCALE_MAX, 1.0)
    }

    /// Bars on a scale from 0 to `max` (the same 400 px wide), gridlines every `step`.
    pub fn scaled(id: &str, rows: &[BarsInput], series: &[String], max: f64, step: f64) -> Bars {
        let max = if max > 0.0 { max } else { SCALE_MAX };
        let step = if step > 0.0 { step } else { max };
        let (x0, unit, top, bar_h, gap) = (240.0, 400.0 / max, 24.0, 14.0, 4.0);
        let k = series.len().max(1) as f64;
        let row_h = k * (bar_h + gap) + 14.0;
        let out: Vec<BarRow> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let y = top + 8.0 + i as f64 * row_h;
                let cy = y + (k * (bar_h + gap) - gap) / 2.0;
                BarRow {
                    label: label_lines(&r.label, LABEL_CHARS, cy),
                    items: r
                        .values
                        .iter()
                        .enumerate()
                        .map(|(s, (v, text))| {
                            let w = v.map(|v| r1(v.clamp(0.0, max) * unit)).unwrap_or(0.0);
                            BarItem {
                                y: y + s as f64 * (bar_h + gap),
                                h: bar_h,
                                w,
                                series: s.min(2),
                                has_value: v.is_some(),
                                value: text.clone(),
                                value_x: r1(x0 + w + 5.0),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let bottom = top + 8.0 + out.len() as f64 * row_h;
        let kinds = ["s0", "s1", "s2"];
        let items = series
            .iter()
            .enumerate()
            .map(|(i, s)| (kinds[i.min(2)], s.clone()))
            .collect();
        Bars {
            id: id.to_string(),
            width: 720.0,
            height: bottom + 44.0,
            x0,
            top,
            bottom,
            ticks: (0..=(max / step).round() as u32)
                .map(|i| Tick {
                    x: r1(x0 + f64::from(i) * step * unit),
                    label: (f64::from(i) * step).round().clamp(0.0, 255.0) as u8,
                })
                .collect(),
            rows: out,
            legend: legend(items, 10.0, bottom + 26.0, 340.0),
        }
    }
}

pub struct RadarAxis {
    pub x: f64,
    pub y: f64,
    pub lx: f64,
    pub anchor: &'static str,
    pub label: Vec<TextLine>,
}

pub struct RadarRing {
    pub level: u8,
    pub points: String,
    pub lx: f64,
    pub ly: f64,
}

pub struct RadarPoint {
    pub x: f64,
    pub y: f64,
}

pub struct RadarSeries {
    /// "own" (solid), "peer-mean" (dashed) or "peer-best" (dotted).
    pub kind: &'static str,
    pub points: String,
    pub marks: Vec<RadarPoint>,
}

/// A radar (spider) chart of the dimensions on the 1-to-5 scale.
pub struct Radar {
    pub width: f64,
    pub height: f64,
    pub cx: f64,
    pub cy: f64,
    pub rings: Vec<RadarRing>,
    pub axes: Vec<RadarAxis>,
    pub series: Vec<RadarSeries>,
    pub legend: Vec<LegendItem>,
}

impl Radar {
    /// `series`: (kind, legend label, one value per axis). A series missing any value is
    /// left out, as a polygon cannot honestly skip a corner. None below three axes.
    pub fn new(
        labels: &[String],
        series: &[(&'static str, String, Vec<Option<f64>>)],
        scale: trappe_core::model::Scale,
    ) -> Option<Radar> {
        let top_score = f64::from(scale.max.max(1));
        let n = labels.len();
        if n < 3 {
            return None;
        }
        let (width, r_max, cx, cy) = (640.0, 150.0, 320.0, 210.0);
        let angle =
            |i: usize| -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
        let at = |i: usize, v: f64| {
            let r = r_max * v.clamp(0.0, top_score) / top_score;
            (r1(cx + r * angle(i).cos()), r1(cy + r * angle(i).sin()))
        };
        let rings = (scale.min.max(1)..=scale.max)
            .map(|l| {
                let p: Vec<(f64, f64)> = (0..n).map(|i| at(i, f64::from(l))).collect();
                RadarRing {
                    level: l,
                    points: points(&p),
                    lx: cx + 4.0,
                    ly: r1(cy - r_max * f64::from(l) / top_score - 3.0),
                }
            })
            .collect();
        let axes = labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let (x, y) = at(i, top_score);
                let (c, s) = (angle(i).cos(), angle(i).sin());
                let lines = wrap(label, 20);
                let count = lines.len() as f64;
                let (lx, ly0) = (cx + (r_max + 14.0) * c, cy + (r_max + 14.0) * s);
                let anchor = if c > 0.3 {
                    "start"
                } else if c < -0.3 {
                    "end"
                } else {
                    "middle"
                };
                let ly = if s < -0.5 {
                    ly0 - (count - 1.0) * 14.0
                } else if s > 0.5 {
                    ly0 + 10.0
                } else {
                    ly0 + 4.0 - (count - 1.0) * 7.0
                };
                RadarAxis {
                    x,
                    y,
                    lx: r1(lx),
                    anchor,
                    label: lines
                        .into_iter()
                        .enumerate()
                        .map(|(i, text)| TextLine {
                            y: r1(ly + 14.0 * i as f64),
                            text,
                        })
                        .collect(),
                }
            })
            .collect();
        let drawn: Vec<(RadarSeries, (&'static str, String))> = series
            .iter()
            .filter_map(|(kind, name, values)| {
                let v: Option<Vec<f64>> = values.iter().copied().collect();
                let p: Vec<(f64, f64)> = v?.iter().enumerate().map(|(i, v)| at(i, *v)).collect();
                Some((
                    RadarSeries {
                        kind,
                        points: points(&p),
                        marks: p.iter().map(|&(x, y)| RadarPoint { x, y }).collect(),
                    },
                    (*kind, name.clone()),
                ))
            })
            .collect();
        let bottom = cy + r_max + 60.0;
        let (series, items): (Vec<_>, Vec<_>) = drawn.into_iter().unzip();
        let rows = items.len() as f64;
        Some(Radar {
            width,
            height: bottom + 20.0 * rows + 10.0,
            cx,
            cy,
            rings,
            axes,
            series,
            // One entry a line: an organisation's name can be long.
            legend: items
                .into_iter()
                .enumerate()
                .map(|(i, (kind, label))| LegendItem {
                    x: 20.0,
                    y: bottom + 10.0 + 20.0 * i as f64,
                    kind,
                    label,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod report_tests {
    use super::*;

    #[test]
    fn dimension_bars_place_score_interval_and_markers_on_one_scale() {
        let row = DimensionInput {
            label: "Ledelse og kultur".into(),
            score: Some(3.0),
            interval: Some((2.5, 3.5)),
            mean: Some(4.0),
            best: Some(5.0),
            value: "3,0".into(),
        };
        let b = DimensionBars::new(&[row], ["a".into(), "b".into(), "c".into(), "d".into()], 5);
        let r = &b.rows[0];
        assert_eq!(r.bar_w, Some(240.0));
        let w = r.whisker.as_ref().unwrap();
        assert_eq!((w.x1, w.x2), (b.x0 + 200.0, b.x0 + 280.0));
        assert!(r.mean.as_ref().unwrap().starts_with("560.0,"));
        assert!(r.best.as_ref().unwrap().starts_with("640.0,"));
        assert_eq!(b.legend.len(), 4);
        // Without peers: no markers, and no legend entries for them.
        let lone = DimensionInput {
            label: "x".into(),
            score: None,
            interval: None,
            mean: None,
            best: None,
            value: "–".into(),
        };
        let b = DimensionBars::new(&[lone], ["a".into(), "b".into(), "c".into(), "d".into()], 5);
        assert!(b.rows[0].bar_w.is_none() && b.rows[0].mean.is_none());
        assert_eq!(b.legend.len(), 2);
    }

    #[test]
    fn a_radar_puts_the_first_axis_at_the_top_and_leaves_out_incomplete_series() {
        let labels: Vec<String> = (1..=4).map(|i| format!("d{i}")).collect();
        let r = Radar::new(
            &labels,
            &[
                ("own", "A".into(), vec![Some(5.0); 4]),
                (
                    "peer-mean",
                    "B".into(),
                    vec![Some(2.5), None, Some(1.0), Some(1.0)],
                ),
            ],
            Default::default(),
        )
        .unwrap();
        assert_eq!(r.series.len(), 1);
        assert_eq!(r.legend.len(), 1);
        let top = &r.series[0].marks[0];
        assert_eq!((top.x, top.y), (r.cx, r.cy - 150.0));
        assert_eq!(r.axes[1].anchor, "start");
        assert_eq!(r.axes[3].anchor, "end");
        assert!(Radar::new(&labels[..2], &[], Default::default()).is_none());
    }

    #[test]
    fn grouped_bars_stack_series_within_a_row() {
        let rows = vec![BarsInput {
            label: "Topledelsen går forrest".into(),
            values: vec![(Some(2.0), "2,0".into()), (None, "–".into())],
        }];
        let b = Bars::new("traits", &rows, &["A".into(), "B".into()]);
        let it = &b.rows[0].items;
        assert_eq!((it[0].w, it[0].series, it[1].series), (160.0, 0, 1));
        assert!(it[1].y > it[0].y && !it[1].has_value);
    }

    #[test]
    fn the_own_label_sits_above_the_staircase_with_a_line_to_its_dot() {
        let m = Model::builtin();
        let s = Staircase::new(
            &m,
            "da",
            &[(3.0, "Egen".into(), true), (3.0, String::new(), false)],
        );
        let l = s.own_label().unwrap();
        assert_eq!(l.text, "Egen");
        assert!(l.y < s.dots[1].cy && l.line_y2 == s.dots[0].cy - 9.0);
        let s = Staircase::new(&m, "da", &[(3.0, String::new(), false)]);
        assert!(s.own_label().is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thousand_dots_on_one_spot_all_stay_inside_the_chart() {
        let m = Model::builtin();
        let dots: Vec<(f64, String, bool)> =
            (0..1000).map(|i| (4.5, String::new(), i == 0)).collect();
        let s = Staircase::new(&m, "da", &dots);
        assert_eq!(s.dots.len(), 1000);
        assert!(
            s.dots.iter().all(|d| d.cy >= TOP_ROOM - 0.01),
            "dots above the chart"
        );
        let mut ys: Vec<i64> = s.dots.iter().map(|d| (d.cy * 100.0) as i64).collect();
        ys.dedup();
        assert_eq!(ys.len(), 1000, "each dot has its own place");
    }

    #[test]
    fn names_wrap_at_spaces() {
        assert_eq!(
            wrap("Den professionelle serviceorganisation", 19),
            vec!["Den professionelle", "serviceorganisation"]
        );
        assert_eq!(wrap("Godt i gang", 19), vec!["Godt i gang"]);
    }

    #[test]
    fn a_dot_stands_on_its_step_placed_by_its_score() {
        let m = Model::builtin();
        let s = Staircase::new(
            &m,
            "da",
            &[
                (3.0, "a".into(), true),
                (3.9, "b".into(), false),
                (2.9999999999999996, "c".into(), false),
            ],
        );
        assert_eq!(s.steps.len(), 5);
        assert_eq!(s.dots[0].cy, s.dots[1].cy);
        assert!(s.dots[0].cx < s.dots[1].cx);
        // A score a hair below 3 stands on step 3, at its left edge, stacked above 3.0.
        assert_eq!(s.dots[2].cx, s.dots[0].cx);
        assert_eq!(s.dots[2].cy, s.dots[0].cy - 13.0);
    }
}
