//! Citizen journeys and the peak-end rule (issue 5; slide 8 of the seed).
//!
//! A journey is a service's moments in order. Each feedback response rates the moments
//! it went through, the journey as a whole (1 to 7), how easy it was (CES 2.0, 1 to 7) and
//! the NPS question (0 to 10). The analysis finds each response's peak (its most extreme
//! moment) and end (its last rated moment), and measures how well peak-end, the moment
//! mean and the end alone predict the whole-journey rating: people remember peaks and
//! ends (Kahneman), so the moments to fix are those that are often a bad peak or the end.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Fewer responses than this and every figure is withheld, as everywhere in Trappe.
pub const MIN_RESPONSES: usize = 5;
pub const MIN_MOMENTS: usize = 3;
pub const MAX_MOMENTS: usize = 10;
/// The longest comment kept (characters).
pub const MAX_COMMENT: usize = 2_000;
/// Fewest responses with moments and a whole-journey rating before Trappe says which
/// predictor wins: below it, chance alone often reverses the order.
pub const MIN_VERDICT: usize = 30;
/// Resamples of the bootstrap interval of the difference between the correlations.
const VERDICT_RESAMPLES: usize = 2_000;

/// Which predictor matches the whole-journey rating better, said only when credible:
/// at least [`MIN_VERDICT`] responses and a 95 % bootstrap interval of
/// r(peak-end) − r(mean) that excludes zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Too few responses to tell.
    TooFew,
    /// A correlation is undefined (the ratings hardly vary).
    Undefined,
    /// Peak-end predicts better; the interval of the difference (both ends above 0).
    PeakEnd(f64, f64),
    /// The mean predicts better; the interval of the difference (both ends below 0).
    Mean(f64, f64),
    /// The interval of the difference includes zero: no winner.
    Undecided(f64, f64),
}

/// The verdict on (peak-end, moment mean, overall) triples of the same responses. The
/// resampling is seeded by the data's size, so a page shows the same verdict each time.
pub fn verdict(triples: &[(f64, f64, f64)]) -> Verdict {
    use rand::{Rng, SeedableRng};
    let n = triples.len();
    if n < MIN_VERDICT {
        return Verdict::TooFew;
    }
    let diff = |idx: &mut dyn Iterator<Item = usize>,
                pe: &mut Vec<(f64, f64)>,
                mean: &mut Vec<(f64, f64)>| {
        pe.clear();
        mean.clear();
        for i in idx {
            let (a, b, o) = triples[i];
            pe.push((a, o));
            mean.push((b, o));
        }
        Some(pearson(pe)? - pearson(mean)?)
    };
    let (mut pe, mut mean) = (Vec::with_capacity(n), Vec::with_capacity(n));
    if diff(&mut (0..n), &mut pe, &mut mean).is_none() {
        return Verdict::Undefined;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x9e37_79b9 ^ n as u64);
    let mut diffs: Vec<f64> = Vec::with_capacity(VERDICT_RESAMPLES);
    for _ in 0..VERDICT_RESAMPLES {
        let mut idx = (0..n).map(|_| rng.random_range(0..n));
        // a resample with no variation has no correlation: left out
        if let Some(d) = diff(&mut idx, &mut pe, &mut mean) {
            diffs.push(d);
        }
    }
    if diffs.len() < VERDICT_RESAMPLES / 2 {
        return Verdict::Undefined;
    }
    diffs.sort_by(f64::total_cmp);
    let at = |q: f64| diffs[((diffs.len() - 1) as f64 * q).round() as usize];
    let (lo, hi) = (at(0.025), at(0.975));
    if lo > 0.0 {
        Verdict::PeakEnd(lo, hi)
    } else if hi < 0.0 {
        Verdict::Mean(lo, hi)
    } else {
        Verdict::Undecided(lo, hi)
    }
}

/// How moments are rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    /// 1 very bad to 7 very good; the peak is the rating furthest from 4; on a tie the
    /// negative one (bad weighs more than good), then the later one.
    #[default]
    Bipolar7,
    /// 0 to 10 where high is bad (like pain); the peak is the highest rating, on a tie
    /// the later one.
    UnipolarBad10,
}

impl Scale {
    pub fn name(self) -> &'static str {
        match self {
            Scale::Bipolar7 => "bipolar7",
            Scale::UnipolarBad10 => "unipolar-bad10",
        }
    }

    pub fn from_name(s: &str) -> Option<Scale> {
        match s {
            "bipolar7" => Some(Scale::Bipolar7),
            "unipolar-bad10" => Some(Scale::UnipolarBad10),
            _ => None,
        }
    }

    pub fn min(self) -> u8 {
        match self {
            Scale::Bipolar7 => 1,
            Scale::UnipolarBad10 => 0,
        }
    }

    pub fn max(self) -> u8 {
        match self {
            Scale::Bipolar7 => 7,
            Scale::UnipolarBad10 => 10,
        }
    }

    /// How far a rating falls on the bad side of the scale's midpoint (0 when it does not).
    pub fn shortfall(self, rating: u8) -> f64 {
        match self {
            Scale::Bipolar7 => (4.0 - rating as f64).max(0.0),
            Scale::UnipolarBad10 => (rating as f64 - 5.0).max(0.0),
        }
    }

    /// Whether `a` (earlier) or `b` (later) is the peak; true when `b` takes over.
    fn later_is_peak(self, a: u8, b: u8) -> bool {
        match self {
            Scale::Bipolar7 => {
                let (da, db) = ((a as i16 - 4).abs(), (b as i16 - 4).abs());
                // further from the midpoint wins; on a tie the negative one, then the later
                db > da || (db == da && (b <= a))
            }
            Scale::UnipolarBad10 => b >= a,
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One citizen's feedback on one journey. `moments[i]` is the rating of moment i, or
/// `None` when it was not part of their journey.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Feedback {
    pub moments: Vec<Option<u8>>,
    /// The journey as a whole, 1 to 7.
    pub overall: Option<u8>,
    /// "The organisation made it easy for me", 1 to 7.
    pub ces: Option<u8>,
    /// How likely to recommend, 0 to 10.
    pub nps: Option<u8>,
    pub comment: Option<String>,
}

/// Why a response or a journey definition is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JourneyError {
    #[error("a journey has {MIN_MOMENTS} to {MAX_MOMENTS} moments, not {0}")]
    MomentCount(usize),
    #[error("moment id '{0}' must be 1 to 40 characters of a-z, 0-9, '-' or '_'")]
    MomentId(String),
    #[error("moment id '{0}' is given twice")]
    DuplicateMoment(String),
    #[error("{field}: '{value}' is not a whole number from {min} to {max}")]
    OutOfRange {
        field: String,
        value: String,
        min: u8,
        max: u8,
    },
    #[error("expected {expected} moment ratings, got {got}")]
    Width { expected: usize, got: usize },
    #[error("comment: longer than {MAX_COMMENT} characters")]
    CommentTooLong,
}

/// Checks a journey's moment ids: 3 to 10, unique, simple ids.
pub fn check_moments(ids: &[String]) -> Result<(), JourneyError> {
    if !(MIN_MOMENTS..=MAX_MOMENTS).contains(&ids.len()) {
        return Err(JourneyError::MomentCount(ids.len()));
    }
    for (i, id) in ids.iter().enumerate() {
        let ok = !id.is_empty()
            && id.len() <= 40
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok {
            return Err(JourneyError::MomentId(id.clone()));
        }
        if ids[..i].contains(id) {
            return Err(JourneyError::DuplicateMoment(id.clone()));
        }
    }
    Ok(())
}

/// Parses one rating field: empty is `None`; otherwise a whole number in `min..=max`.
pub fn parse_rating(
    field: &str,
    value: &str,
    min: u8,
    max: u8,
) -> Result<Option<u8>, JourneyError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<u8>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(JourneyError::OutOfRange {
            field: field.to_string(),
            value: v.chars().take(40).collect(),
            min,
            max,
        }),
    }
}

impl Feedback {
    /// Checks every value against its scale.
    pub fn check(&self, scale: Scale, moments: usize) -> Result<(), JourneyError> {
        if self.moments.len() != moments {
            return Err(JourneyError::Width {
                expected: moments,
                got: self.moments.len(),
            });
        }
        let range = |field: &str, v: Option<u8>, min: u8, max: u8| match v {
            Some(n) if !(min..=max).contains(&n) => Err(JourneyError::OutOfRange {
                field: field.to_string(),
                value: n.to_string(),
                min,
                max,
            }),
            _ => Ok(()),
        };
        for (i, m) in self.moments.iter().enumerate() {
            range(&format!("moment {}", i + 1), *m, scale.min(), scale.max())?;
        }
        range("overall", self.overall, 1, 7)?;
        range("ces", self.ces, 1, 7)?;
        range("nps", self.nps, 0, 10)?;
        if self
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_COMMENT)
        {
            return Err(JourneyError::CommentTooLong);
        }
        Ok(())
    }

    /// The index of the peak moment, if any moment was rated.
    pub fn peak(&self, scale: Scale) -> Option<usize> {
        let mut best: Option<(usize, u8)> = None;
        for (i, r) in self.moments.iter().enumerate() {
            if let Some(r) = *r {
                best = match best {
                    Some((_, b)) if !scale.later_is_peak(b, r) => best,
                    _ => Some((i, r)),
                };
            }
        }
        best.map(|(i, _)| i)
    }

    /// The index of the end: the last rated moment.
    pub fn end(&self) -> Option<usize> {
        self.moments.iter().rposition(|r| r.is_some())
    }

    /// Mean of the peak's and the end's ratings.
    pub fn peak_end(&self, scale: Scale) -> Option<f64> {
        let p = self.moments[self.peak(scale)?]? as f64;
        let e = self.moments[self.end()?]? as f64;
        Some((p + e) / 2.0)
    }

    /// Mean of the rated moments.
    pub fn moment_mean(&self) -> Option<f64> {
        let rated: Vec<f64> = self.moments.iter().flatten().map(|&r| r as f64).collect();
        (!rated.is_empty()).then(|| rated.iter().sum::<f64>() / rated.len() as f64)
    }

    /// The end moment's rating.
    pub fn end_rating(&self) -> Option<f64> {
        self.end().and_then(|e| self.moments[e]).map(f64::from)
    }
}

/// One moment's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MomentStats {
    pub id: String,
    /// Responses that rated this moment.
    pub responses: usize,
    pub mean: Option<f64>,
    /// Fractions of the responses that rated at least one moment.
    pub peak_share: Option<f64>,
    pub end_share: Option<f64>,
    /// Sum over responses of the shortfall below the midpoint when this moment was the
    /// peak or the end: what fixing it would lift in the remembered journey. Not part
    /// of the report's JSON contract (`fix_first` carries its order).
    #[serde(skip_serializing)]
    pub fix_weight: f64,
}

/// How well a predictor matches the whole-journey rating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// Pearson's correlation; `None` when undefined (fewer than two, or no variation).
    pub r: Option<f64>,
    /// Mean absolute error.
    pub mae: Option<f64>,
    pub n: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fits {
    pub peak_end: Fit,
    pub mean: Fit,
    pub end: Fit,
}

/// The journey report, the shape of `trappe journey report --format json` (plus the
/// n of each standard measure for pages).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyReport {
    pub responses: usize,
    pub withheld: bool,
    pub moments: Vec<MomentStats>,
    pub fit: Fits,
    /// Which predictor wins, when credible. Not part of the JSON contract.
    #[serde(skip_serializing)]
    pub verdict: Verdict,
    pub fix_first: Vec<String>,
    /// Per cent promoters (9, 10) minus per cent detractors (0 to 6): -100 to 100.
    pub nps: Option<f64>,
    pub nps_n: usize,
    /// Share of whole-journey ratings of 6 or 7.
    pub csat: Option<f64>,
    pub csat_n: usize,
    pub ces_mean: Option<f64>,
    pub ces_high_share: Option<f64>,
    pub ces_n: usize,
}

/// Pearson's correlation of paired values; `None` when undefined.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len();
    if n < 2 {
        return None;
    }
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (mx / n as f64, my / n as f64);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    let d = (sxx * syy).sqrt();
    (d > 0.0).then(|| sxy / d)
}

fn fit(pairs: &[(f64, f64)]) -> Fit {
    Fit {
        r: pearson(pairs),
        mae: (!pairs.is_empty())
            .then(|| pairs.iter().map(|(x, y)| (x - y).abs()).sum::<f64>() / pairs.len() as f64),
        n: pairs.len(),
    }
}

fn share(hits: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| hits as f64 / of as f64)
}

/// The analysis of a journey's responses. With fewer than [`MIN_RESPONSES`] responses
/// every figure is withheld (the report says so and carries only the count).
pub fn analyze(moment_ids: &[String], scale: Scale, responses: &[Feedback]) -> JourneyReport {
    let k = moment_ids.len();
    let withheld = responses.len() < MIN_RESPONSES;
    let mut rated = vec![0usize; k];
    let mut sums = vec![0u64; k];
    let mut peaks = vec![0usize; k];
    let mut ends = vec![0usize; k];
    let mut weight = vec![0.0f64; k];
    let mut any_rated = 0usize;
    let (mut pe, mut mean, mut end) = (Vec::new(), Vec::new(), Vec::new());
    let mut both = Vec::new();
    let (mut nps_n, mut promoters, mut detractors) = (0usize, 0usize, 0usize);
    let (mut overall_n, mut top_two) = (0usize, 0usize);
    let (mut ces_n, mut ces_sum, mut ces_high) = (0usize, 0u64, 0usize);
    for f in responses {
        for (i, r) in f.moments.iter().take(k).enumerate() {
            if let Some(r) = r {
                rated[i] += 1;
                sums[i] += *r as u64;
            }
        }
        if let (Some(p), Some(e)) = (f.peak(scale), f.end()) {
            any_rated += 1;
            peaks[p] += 1;
            ends[e] += 1;
            if p < k && e < k {
                let (rp, re) = (f.moments[p].unwrap_or(0), f.moments[e].unwrap_or(0));
                // a moment that is both peak and end counts once
                weight[p] += scale.shortfall(rp);
                if e != p {
                    weight[e] += scale.shortfall(re);
                }
            }
            if let Some(o) = f.overall {
                let o = o as f64;
                if let Some(x) = f.peak_end(scale) {
                    pe.push((x, o));
                }
                if let Some(x) = f.moment_mean() {
                    mean.push((x, o));
                }
                if let Some(x) = f.end_rating() {
                    end.push((x, o));
                }
                if let (Some(a), Some(b)) = (f.peak_end(scale), f.moment_mean()) {
                    both.push((a, b, o));
                }
            }
        }
        if let Some(n) = f.nps {
            nps_n += 1;
            promoters += usize::from(n >= 9);
            detractors += usize::from(n <= 6);
        }
        if let Some(o) = f.overall {
            overall_n += 1;
            top_two += usize::from(o >= 6);
        }
        if let Some(c) = f.ces {
            ces_n += 1;
            ces_sum += c as u64;
            ces_high += usize::from(c >= 5);
        }
    }
    if withheld {
        let empty = || Fit {
            r: None,
            mae: None,
            n: 0,
        };
        return JourneyReport {
            responses: responses.len(),
            withheld,
            moments: Vec::new(),
            fit: Fits {
                peak_end: empty(),
                mean: empty(),
                end: empty(),
            },
            verdict: Verdict::TooFew,
            fix_first: Vec::new(),
            nps: None,
            nps_n: 0,
            csat: None,
            csat_n: 0,
            ces_mean: None,
            ces_high_share: None,
            ces_n: 0,
        };
    }
    let moments: Vec<MomentStats> = moment_ids
        .iter()
        .enumerate()
        .map(|(i, id)| MomentStats {
            id: id.clone(),
            responses: rated[i],
            mean: (rated[i] > 0).then(|| sums[i] as f64 / rated[i] as f64),
            peak_share: share(peaks[i], any_rated),
            end_share: share(ends[i], any_rated),
            fix_weight: weight[i],
        })
        .collect();
    let mut order: Vec<usize> = (0..k).filter(|&i| weight[i] > 0.0).collect();
    // most weight first; on a tie the earlier moment (citizens meet it first)
    order.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]).then(a.cmp(&b)));
    JourneyReport {
        responses: responses.len(),
        withheld,
        moments,
        fit: Fits {
            peak_end: fit(&pe),
            mean: fit(&mean),
            end: fit(&end),
        },
        verdict: verdict(&both),
        fix_first: order.into_iter().map(|i| moment_ids[i].clone()).collect(),
        nps: (nps_n > 0).then(|| 100.0 * (promoters as f64 - detractors as f64) / nps_n as f64),
        nps_n,
        csat: share(top_two, overall_n),
        csat_n: overall_n,
        ces_mean: (ces_n > 0).then(|| ces_sum as f64 / ces_n as f64),
        ces_high_share: share(ces_high, ces_n),
        ces_n,
    }
}

/// One refused row of a feedback import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportProblem {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.reason
        )
    }
}

/// Parses a feedback CSV: a header with one column per moment id (in any order), then
/// `overall`, `ces`, `nps`, `comment` (each optional). All or nothing: any problem and
/// the file is refused with every problem listed (at most 100).
pub fn parse_feedback_csv(
    text: &str,
    moment_ids: &[String],
    scale: Scale,
) -> Result<Vec<Feedback>, Vec<ImportProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delim = crate::contacts::sniff(text.as_bytes()).delimiter;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let problem = |line: u64, column: &str, reason: String| ImportProblem {
        line,
        column: column.to_string(),
        reason,
    };
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![problem(1, "-", format!("unreadable header: {e}"))]),
    };
    let mut problems = Vec::new();
    let known = |c: &str| {
        moment_ids.iter().any(|m| m == c) || matches!(c, "overall" | "ces" | "nps" | "comment")
    };
    for c in &header {
        if !known(c) {
            problems.push(problem(
                1,
                c,
                format!(
                    "unknown column; expected the moment ids ({}) and overall, ces, nps, comment",
                    moment_ids.join(", ")
                ),
            ));
        }
    }
    let col = |name: &str| header.iter().position(|c| c == name);
    let moment_cols: Vec<Option<usize>> = moment_ids.iter().map(|m| col(m)).collect();
    if moment_cols.iter().all(Option::is_none) {
        problems.push(problem(1, "-", "no moment column in the header".into()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (overall, ces, nps, comment) = (col("overall"), col("ces"), col("nps"), col("comment"));
    let mut out = Vec::new();
    for rec in rdr.records() {
        if problems.len() >= 100 {
            break;
        }
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(problem(line, "-", format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != header.len() {
            problems.push(problem(
                line,
                "-",
                format!("{} fields where the header has {}", rec.len(), header.len()),
            ));
            continue;
        }
        let get = |c: Option<usize>| c.and_then(|i| rec.get(i)).unwrap_or("");
        let mut fb = Feedback::default();
        let mut rating = |name: &str, c: Option<usize>, min: u8, max: u8| match parse_rating(
            name,
            get(c),
            min,
            max,
        ) {
            Ok(v) => v,
            Err(e) => {
                problems.push(problem(line, name, e.to_string()));
                None
            }
        };
        for (id, c) in moment_ids.iter().zip(&moment_cols) {
            fb.moments.push(rating(id, *c, scale.min(), scale.max()));
        }
        fb.overall = rating("overall", overall, 1, 7);
        fb.ces = rating("ces", ces, 1, 7);
        fb.nps = rating("nps", nps, 0, 10);
        let c = get(comment).trim();
        if c.chars().count() > MAX_COMMENT {
            problems.push(problem(
                line,
                "comment",
                JourneyError::CommentTooLong.to_string(),
            ));
        }
        fb.comment = (!c.is_empty()).then(|| c.to_string());
        out.push(fb);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn fb(ms: &[u8]) -> Feedback {
        Feedback {
            moments: ms.iter().map(|&m| Some(m)).collect(),
            ..Feedback::default()
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("m{i}")).collect()
    }

    #[test]
    fn the_issue_cases() {
        let a = fb(&[3, 1, 5, 6, 7]);
        assert_eq!(
            a.peak(Scale::Bipolar7),
            Some(1),
            "1 and 7 tie; the negative wins"
        );
        assert_eq!(a.end(), Some(4));
        assert_eq!(a.peak_end(Scale::Bipolar7), Some(4.0));
        assert!((a.moment_mean().unwrap() - 4.4).abs() < 1e-12);
        let b = fb(&[5, 7, 6, 1, 7]);
        assert_eq!(b.peak(Scale::Bipolar7), Some(3));
        assert_eq!(b.peak_end(Scale::Bipolar7), Some(4.0));
    }

    #[test]
    fn more_cases_worked_by_hand() {
        // 2 and 6 tie at 2 from the midpoint: the negative (2) is the peak; end 6 -> 4.0
        let c = fb(&[6, 2, 5, 6]);
        assert_eq!(c.peak(Scale::Bipolar7), Some(1));
        assert_eq!(c.peak_end(Scale::Bipolar7), Some(4.0));
        // two equal negative extremes: the later one is the peak
        let d = fb(&[1, 4, 1, 5]);
        assert_eq!(d.peak(Scale::Bipolar7), Some(2));
        assert_eq!(d.peak_end(Scale::Bipolar7), Some(3.0));
        // a positive peak when nothing is as far on the bad side
        let e = fb(&[5, 7, 3]);
        assert_eq!(e.peak(Scale::Bipolar7), Some(1));
        assert_eq!(e.peak_end(Scale::Bipolar7), Some(5.0));
        // skipped moments: the end is the last rated one
        let f = Feedback {
            moments: vec![Some(6), Some(2), None, None],
            ..Feedback::default()
        };
        assert_eq!(f.end(), Some(1));
        assert_eq!(f.peak_end(Scale::Bipolar7), Some(2.0));
        assert_eq!(f.moment_mean(), Some(4.0));
        // nothing rated: no peak, no end
        let g = Feedback {
            moments: vec![None, None, None],
            ..Feedback::default()
        };
        assert_eq!(g.peak(Scale::Bipolar7), None);
        assert_eq!(g.peak_end(Scale::Bipolar7), None);
        // all at the midpoint: every moment ties at 0, the later wins
        assert_eq!(fb(&[4, 4, 4]).peak(Scale::Bipolar7), Some(2));
    }

    #[test]
    fn kahnemans_two_patients_on_the_pain_scale() {
        let s = Scale::UnipolarBad10;
        let a = fb(&[2, 5, 8, 7]);
        assert_eq!(a.peak(s), Some(2));
        assert_eq!(a.peak_end(s), Some(7.5));
        // B's procedure was longer, with the same peak, but ended gently
        let b = fb(&[2, 5, 8, 7, 6, 4, 3, 1]);
        assert_eq!(b.peak_end(s), Some(4.5));
        // on a tie the later
        assert_eq!(fb(&[8, 3, 8, 2]).peak(s), Some(2));
    }

    #[test]
    fn shares_means_and_the_standard_measures() {
        let m = ids(3);
        let mut rs = vec![
            Feedback {
                moments: vec![Some(2), Some(5), Some(6)],
                overall: Some(6),
                ces: Some(5),
                nps: Some(9),
                comment: None,
            },
            Feedback {
                moments: vec![Some(5), Some(1), None],
                overall: Some(2),
                ces: Some(2),
                nps: Some(3),
                comment: None,
            },
            Feedback {
                moments: vec![Some(6), Some(6), Some(3)],
                overall: Some(4),
                ces: Some(4),
                nps: Some(7),
                comment: None,
            },
            Feedback {
                moments: vec![None, None, None],
                overall: Some(7),
                ces: None,
                nps: Some(10),
                comment: None,
            },
            fb(&[7, 7, 7]),
        ];
        let r = analyze(&m, Scale::Bipolar7, &rs);
        assert!(!r.withheld);
        assert_eq!(r.responses, 5);
        // moment 1 rated 2, 5, 6, 7 -> mean 5
        assert_eq!(r.moments[0].responses, 4);
        assert_eq!(r.moments[0].mean, Some(5.0));
        // peaks: r1 m1 (2, two from 4, ties with 6 at m3: the negative wins), r2 m2 (1),
        // r3 m2 (6 ties 6 at m1... distances 2,2,1: the later of the equal positives),
        // r5 m3 (all 7: the later). Four responses rated a moment.
        assert_eq!(r.moments[0].peak_share, Some(0.25));
        assert_eq!(r.moments[1].peak_share, Some(0.5));
        assert_eq!(r.moments[2].peak_share, Some(0.25));
        // ends: r1 m3, r2 m2, r3 m3, r5 m3
        assert_eq!(r.moments[1].end_share, Some(0.25));
        assert_eq!(r.moments[2].end_share, Some(0.75));
        // fix weights: m1 peak in r1 (4-2=2); m2 peak and end in r2 (3, once); m3 end in
        // r3 (1). So m2, m1, m3.
        assert_eq!(r.fix_first, vec!["m2", "m1", "m3"]);
        assert_eq!(r.moments[1].fix_weight, 3.0);
        // NPS over 4 answers: promoters 9 and 10, detractors 3 -> (2 - 1)/4 = 25
        assert_eq!(r.nps, Some(25.0));
        assert_eq!(r.nps_n, 4);
        // CSAT: overall 6, 2, 4, 7 -> 2 of 4
        assert_eq!(r.csat, Some(0.5));
        assert_eq!(r.ces_mean, Some(11.0 / 3.0));
        assert_eq!(r.ces_high_share, Some(1.0 / 3.0));
        // fit uses the 3 responses with both a rated moment and an overall rating
        assert_eq!(r.fit.peak_end.n, 3);
        // peak-end: r1 (2+6)/2=4 vs 6, r2 (1+1)/2=1 vs 2, r3 (6+3)/2=4.5 vs 4: mae = (2+1+0.5)/3
        assert!((r.fit.peak_end.mae.unwrap() - 3.5 / 3.0).abs() < 1e-12);
        // one response fewer: withheld, nothing shown
        rs.pop();
        let w = analyze(&m, Scale::Bipolar7, &rs);
        assert!(w.withheld);
        assert!(w.moments.is_empty() && w.nps.is_none() && w.fix_first.is_empty());
    }

    #[test]
    fn pearson_on_known_values() {
        assert_eq!(pearson(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]), Some(1.0));
        let r = pearson(&[(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)]).unwrap();
        assert!((r + 1.0).abs() < 1e-12);
        assert_eq!(
            pearson(&[(1.0, 1.0), (1.0, 2.0)]),
            None,
            "no variation in x"
        );
        assert_eq!(pearson(&[(1.0, 1.0)]), None);
        // a hand-worked case: x 1,2,3,4 y 2,1,4,3 -> r = 0.6
        let r = pearson(&[(1.0, 2.0), (2.0, 1.0), (3.0, 4.0), (4.0, 3.0)]).unwrap();
        assert!((r - 0.6).abs() < 1e-12);
    }

    /// Synthetic responses whose overall rating is generated by `rule` (plus noise).
    fn synthetic(rule: impl Fn(&Feedback) -> f64, seed: u64) -> Vec<Feedback> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        (0..600)
            .map(|_| {
                let mut f = fb(&(0..5).map(|_| rng.random_range(1..=7)).collect::<Vec<u8>>());
                let noise: f64 = rng.random_range(-0.5..0.5);
                f.overall = Some((rule(&f) + noise).round().clamp(1.0, 7.0) as u8);
                f
            })
            .collect()
    }

    #[test]
    fn peak_end_wins_when_people_judge_by_peaks_and_ends_and_loses_otherwise() {
        let m = ids(5);
        let s = Scale::Bipolar7;
        let by_pe = analyze(&m, s, &synthetic(|f| f.peak_end(s).unwrap_or(4.0), 7));
        let (pe, mean) = (by_pe.fit.peak_end.r.unwrap(), by_pe.fit.mean.r.unwrap());
        assert!(pe > 0.9 && pe > mean + 0.2, "peak-end {pe} vs mean {mean}");
        let by_mean = analyze(&m, s, &synthetic(|f| f.moment_mean().unwrap_or(4.0), 8));
        let (pe, mean) = (by_mean.fit.peak_end.r.unwrap(), by_mean.fit.mean.r.unwrap());
        assert!(
            mean > 0.9 && mean > pe + 0.2,
            "mean {mean} vs peak-end {pe}"
        );
        assert!(by_mean.fit.mean.mae < by_mean.fit.peak_end.mae);
    }

    #[test]
    fn a_winner_is_named_only_when_the_difference_is_credible() {
        let m = ids(5);
        let s = Scale::Bipolar7;
        let by_pe = synthetic(|f| f.peak_end(s).unwrap_or(4.0), 7);
        // 600 responses generated by peak-end: a clear winner, interval above zero
        assert!(matches!(
            analyze(&m, s, &by_pe).verdict,
            Verdict::PeakEnd(lo, _) if lo > 0.0
        ));
        let by_mean = synthetic(|f| f.moment_mean().unwrap_or(4.0), 8);
        assert!(matches!(analyze(&m, s, &by_mean).verdict, Verdict::Mean(_, hi) if hi < 0.0));
        // the same kind of data, but 9 answers: too few to tell, however clear r looks
        let nine = analyze(&m, s, &by_pe[..9]);
        assert!(nine.fit.peak_end.r.unwrap() > nine.fit.mean.r.unwrap());
        assert_eq!(nine.verdict, Verdict::TooFew);
        // pure noise: a 95 % interval names a winner in about 1 of 20 such sets by
        // chance, never in most of them
        let named = (0..20u64)
            .filter(|&seed| {
                let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
                let noise: Vec<Feedback> = (0..200)
                    .map(|_| {
                        let mut f =
                            fb(&(0..5).map(|_| rng.random_range(1..=7)).collect::<Vec<u8>>());
                        f.overall = Some(rng.random_range(1..=7));
                        f
                    })
                    .collect();
                !matches!(analyze(&m, s, &noise).verdict, Verdict::Undecided(..))
            })
            .count();
        assert!(named <= 3, "{named} of 20 noise sets named a winner");
        // no variation at all: undefined
        let flat: Vec<Feedback> = (0..40)
            .map(|_| {
                let mut f = fb(&[4, 4, 4, 4, 4]);
                f.overall = Some(4);
                f
            })
            .collect();
        assert_eq!(analyze(&m, s, &flat).verdict, Verdict::Undefined);
    }

    #[test]
    fn feedback_checks_and_moment_ids() {
        let ok: Vec<String> = ids(3);
        assert!(check_moments(&ok).is_ok());
        assert_eq!(check_moments(&ids(2)), Err(JourneyError::MomentCount(2)));
        assert_eq!(check_moments(&ids(11)), Err(JourneyError::MomentCount(11)));
        let dup = vec!["a".to_string(), "b".into(), "a".into()];
        assert_eq!(
            check_moments(&dup),
            Err(JourneyError::DuplicateMoment("a".into()))
        );
        let bad = vec!["a".to_string(), "B c".into(), "d".into()];
        assert!(matches!(
            check_moments(&bad),
            Err(JourneyError::MomentId(_))
        ));
        let mut f = fb(&[1, 7, 8]);
        assert!(f.check(Scale::Bipolar7, 3).is_err());
        assert!(f.check(Scale::UnipolarBad10, 3).is_ok());
        f.nps = Some(11);
        assert!(f.check(Scale::UnipolarBad10, 3).is_err());
        assert!(fb(&[1, 2]).check(Scale::Bipolar7, 3).is_err());
    }

    #[test]
    fn csv_import_is_all_or_nothing_with_line_and_column() {
        let m = vec!["find".to_string(), "apply".into(), "decision".into()];
        let good = "\u{feff}find;apply;decision;overall;ces;nps;comment\n5;;7;6;5;9;Fint\n1;2;3;2;;0;\"Lang; ventetid\"\n";
        let rows = parse_feedback_csv(good, &m, Scale::Bipolar7).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].moments, vec![Some(5), None, Some(7)]);
        assert_eq!(rows[1].comment.as_deref(), Some("Lang; ventetid"));
        assert_eq!(rows[1].ces, None);
        let bad = "find,apply,decision,overall\n5,5,5,5\n5,9,5,5\n5,5,5,x\n";
        let e = parse_feedback_csv(bad, &m, Scale::Bipolar7).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[0].column.as_str()), (3, "apply"));
        assert_eq!((e[1].line, e[1].column.as_str()), (4, "overall"));
        let unknown = "find,wait,overall\n1,2,3\n";
        let e = parse_feedback_csv(unknown, &m, Scale::Bipolar7).unwrap_err();
        assert_eq!(e[0].column, "wait");
    }
}
