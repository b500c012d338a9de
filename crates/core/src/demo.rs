//! Realistic demo answers: organisations differ in maturity, dimensions correlate,
//! leaders rate a little higher than employees, and some answer "don't know".

use crate::model::{Model, RoleGroup};
use crate::scoring::{Answer, Answers};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One generated response.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoResponse {
    pub role: String,
    pub answers: Answers,
    /// Barrier id -> rating 1..=5.
    pub barriers: Vec<(String, u8)>,
}

/// A roughly normal draw (Irwin-Hall: the sum of four uniforms), mean 0, sd `sd`.
fn normal(rng: &mut StdRng, sd: f64) -> f64 {
    let s: f64 = (0..4).map(|_| rng.random::<f64>()).sum();
    (s - 2.0) * sd / (4.0_f64 / 12.0).sqrt()
}

/// A generator for one organisation: its latent maturity and per-dimension profile.
pub struct DemoOrg {
    rng: StdRng,
    maturity: f64,
    dim_offsets: Vec<f64>,
    barrier_base: Vec<f64>,
}

impl DemoOrg {
    /// `maturity` is the organisation's latent level (about 1 to 5).
    pub fn new(model: &Model, maturity: f64, seed: u64) -> DemoOrg {
        let mut rng = StdRng::seed_from_u64(seed);
        let dim_offsets = model
            .dimensions
            .iter()
            .map(|_| normal(&mut rng, 0.45))
            .collect();
        let barrier_base = model
            .barriers
            .items
            .iter()
            .map(|_| 3.4 - 0.35 * (maturity - 3.0) + normal(&mut rng, 0.6))
            .collect();
        DemoOrg {
            rng,
            maturity,
            dim_offsets,
            barrier_base,
        }
    }

    /// A latent maturity for the i-th of n organisations, spread over the staircase
    /// with most organisations in the middle steps.
    pub fn spread(seed: u64) -> f64 {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
        (2.7 + normal(&mut rng, 0.75)).clamp(1.1, 4.9)
    }

    pub fn response(&mut self, model: &Model) -> DemoResponse {
        let roles = &model.roles.options;
        let role = &roles[self.rng.random_range(0..roles.len())];
        let bias = match role.group {
            RoleGroup::Leader => 0.25,
            RoleGroup::Employee => -0.1,
        };
        let person = normal(&mut self.rng, 0.35);
        let mut answers = Answers::new();
        for (d, off) in model.dimensions.iter().zip(&self.dim_offsets) {
            for q in &d.questions {
                let r: f64 = self.rng.random();
                if r < 0.05 {
                    answers.insert(q.id.clone(), Answer::DontKnow);
                    continue;
                }
                if r < 0.07 {
                    continue; // left unanswered
                }
                let v = self.maturity + off + bias + person + normal(&mut self.rng, 0.6);
                answers.insert(q.id.clone(), Answer::Level(v.round().clamp(1.0, 5.0) as u8));
            }
        }
        let barriers = model
            .barriers
            .items
            .iter()
            .zip(&self.barrier_base)
            .map(|(b, base)| {
                let v = (base + normal(&mut self.rng, 0.7)).round().clamp(1.0, 5.0) as u8;
                (b.id.clone(), v)
            })
            .collect();
        DemoResponse {
            role: role.id.clone(),
            answers,
            barriers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::score_organisation;

    #[test]
    fn demo_is_deterministic_and_separates_mature_from_immature() {
        let m = Model::builtin();
        let gen = |maturity: f64, seed| {
            let mut o = DemoOrg::new(&m, maturity, seed);
            (0..20).map(|_| o.response(&m).answers).collect::<Vec<_>>()
        };
        assert_eq!(gen(3.0, 7), gen(3.0, 7));
        let low = score_organisation(&m, &gen(1.5, 1), 3)
            .overall
            .unwrap()
            .score;
        let high = score_organisation(&m, &gen(4.5, 2), 3)
            .overall
            .unwrap()
            .score;
        assert!(low < 2.5 && high > 3.5, "low {low}, high {high}");
    }
}
