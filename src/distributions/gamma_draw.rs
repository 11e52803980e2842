//! Gamma draws by the method of G. Marsaglia and W. W. Tsang, "A simple method for
//! generating gamma variables", ACM TOMS 26 (2000) 363–372, with the shape's constants
//! worked out once instead of on every draw.

use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

/// Draws from Gamma(shape, 1).
#[derive(Clone, Copy, Debug)]
pub(crate) struct GammaDraw {
    /// `a − 1/3`, where `a` is the shape (plus one for shapes below 1).
    d: f64,
    /// `1 / √(9d)`.
    c: f64,
    /// `1 / shape` for shapes below 1, which are boosted: Gamma(k) = Gamma(k + 1)·U^(1/k).
    boost: Option<f64>,
}

impl GammaDraw {
    /// The sampler for `shape > 0`.
    pub(crate) fn new(shape: f64) -> GammaDraw {
        let (a, boost) = if shape < 1.0 {
            (shape + 1.0, Some(1.0 / shape))
        } else {
            (shape, None)
        };
        let d = a - 1.0 / 3.0;
        GammaDraw {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            boost,
        }
    }

    /// One draw.
    #[inline]
    pub(crate) fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let g = loop {
            let x: f64 = rng.sample(StandardNormal);
            let v = 1.0 + self.c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u: f64 = rng.random();
            let x2 = x * x;
            // The squeeze accepts most draws without a logarithm.
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + self.d * (1.0 - v + v.ln()) {
                break self.d * v;
            }
        };
        match self.boost {
            None => g,
            Some(p) => g * rng.random::<f64>().powf(p),
        }
    }
}
