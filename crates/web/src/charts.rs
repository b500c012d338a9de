//! Charts as data for SVG templates: positions computed here, drawn in templates, so
//! the output is deterministic and every chart has its numbers in a table beside it.

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
    pub label: String,
    pub own: bool,
}

/// The five-step staircase of the seed's slide 4, with organisations as dots.
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
        let steps = (1..=5u8)
            .map(|l| {
                let h = RISE * usize::from(l);
                Step {
                    level: l,
                    x: LEFT + (usize::from(l) - 1) * STEP_W,
                    y: BASE - h,
                    w: STEP_W,
                    h,
                    name_lines: wrap(model.level(l).map(|x| x.name.get(lang)).unwrap_or(""), 19),
                }
            })
            .collect();
        let mut placed: Vec<Dot> = Vec::with_capacity(dots.len());
        for (score, label, own) in dots {
            let level = trappe_core::level_of(*score);
            let within = (score - f64::from(level)).clamp(0.0, 0.999);
            let x0 = LEFT + (usize::from(level) - 1) * STEP_W;
            let cx = x0 as f64 + 14.0 + within * (STEP_W - 28) as f64;
            let mut cy = (BASE - RISE * usize::from(level)) as f64 - 12.0;
            // Dots that would overlap stack upwards, so every organisation stays visible.
            while placed
                .iter()
                .any(|d| (d.cx - cx).abs() < 13.0 && (d.cy - cy).abs() < 13.0)
            {
                cy -= 13.0;
            }
            placed.push(Dot {
                cx,
                cy,
                label: label.clone(),
                own: *own,
            });
        }
        let dots = placed;
        Staircase {
            width: LEFT * 2 + STEP_W * 5,
            height: BASE + 10,
            steps,
            dots,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
