//! The tails of the beta and gamma distributions as [`Side`]s, on the unit scale.

use super::continuous::{BetaScaled, Gamma};
use super::incomplete::{IncompleteBeta, IncompleteGamma};
use super::polish::{Local, Side};

/// The lower tail of Beta(a, b) on `[0, 1]`. The upper tail of Beta(a, b) is the lower
/// tail of Beta(b, a) at `1 − x`.
#[derive(Clone, Debug)]
pub(crate) struct BetaLower {
    a: f64,
    b: f64,
    cdf: IncompleteBeta,
}

impl BetaLower {
    /// The lower tail of Beta(a, b).
    pub(crate) fn new(a: f64, b: f64) -> Self {
        BetaLower {
            a,
            b,
            cdf: IncompleteBeta::new(a, b),
        }
    }
}

impl BetaLower {
    /// The [`Local`] of the tail at `x` from its CDF and density there.
    fn local_from(&self, x: f64, (tail, density): (f64, f64)) -> Local {
        let (am, bm, rest) = (self.a - 1.0, self.b - 1.0, 1.0 - x);
        Local {
            tail,
            slope: density,
            log_slope: am / x - bm / rest,
            log_curvature: -am / (x * x) - bm / (rest * rest),
        }
    }

    /// [`Side::local`] of two (tail, `x`) pairs at once, the same values bit for bit, with
    /// their CDFs evaluated in lockstep ([`IncompleteBeta::cdf_and_density_pair`]).
    pub(crate) fn local_pair(pair: [(&BetaLower, f64); 2]) -> [Option<Local>; 2] {
        let inside = |x: f64| x > 0.0 && x < 1.0;
        match (inside(pair[0].1), inside(pair[1].1)) {
            (true, true) => {
                let cdfs = IncompleteBeta::cdf_and_density_pair([
                    (&pair[0].0.cdf, pair[0].1),
                    (&pair[1].0.cdf, pair[1].1),
                ]);
                [
                    cdfs[0].map(|c| pair[0].0.local_from(pair[0].1, c)),
                    cdfs[1].map(|c| pair[1].0.local_from(pair[1].1, c)),
                ]
            }
            _ => [pair[0].0.local(pair[0].1), pair[1].0.local(pair[1].1)],
        }
    }
}

impl Side for BetaLower {
    fn local(&self, x: f64) -> Option<Local> {
        if !(x > 0.0 && x < 1.0) {
            return None;
        }
        let cdf = self.cdf.cdf_and_density(x)?;
        Some(self.local_from(x, cdf))
    }
    fn exact(&self, p: f64) -> f64 {
        BetaScaled::unit_ppf(self.a, self.b, p)
    }
    fn reach(&self, x: f64) -> f64 {
        x.min(1.0 - x)
    }
    fn coord(&self, x: f64) -> f64 {
        x.ln() - (-x).ln_1p()
    }
    fn value_at(&self, y: f64) -> f64 {
        1.0 / (1.0 + (-y).exp())
    }
    fn coord_slope(&self, x: f64) -> f64 {
        1.0 / (x * (1.0 - x))
    }
    /// The odds `x / (1 − x)`: the coordinate's exponential.
    fn anchor(&self, x: f64) -> f64 {
        x / (1.0 - x)
    }
    /// `ln(x/x0) − ln((1 − x)/(1 − x0))`, each ratio near 1 for nearby values.
    fn coord_change(&self, x0: f64, x: f64) -> f64 {
        (x / x0).ln() - ((x0 - x) / (1.0 - x0)).ln_1p()
    }
    fn shifted(&self, odds: f64, delta: f64) -> f64 {
        let moved = odds * delta.exp();
        moved / (1.0 + moved)
    }
}

/// One tail of Gamma(k, 1): the lower (`P(k, x) = p`) or the upper (`Q(k, x) = p`).
#[derive(Clone, Debug)]
pub(crate) struct GammaTail {
    gamma: Gamma,
    upper: bool,
    cdf: IncompleteGamma,
}

impl GammaTail {
    /// The lower or upper tail of `gamma` on the unit scale.
    pub(crate) fn new(gamma: &Gamma, upper: bool) -> Self {
        GammaTail {
            gamma: gamma.clone(),
            upper,
            cdf: IncompleteGamma::new(gamma.parts().0),
        }
    }
}

impl Side for GammaTail {
    fn local(&self, x: f64) -> Option<Local> {
        if !(x > 0.0 && x.is_finite()) {
            return None;
        }
        let (lower, upper, density) = self.cdf.cdf_sf_density(x)?;
        let km = self.gamma.parts().0 - 1.0;
        let (tail, slope) = if self.upper {
            (upper, -density)
        } else {
            (lower, density)
        };
        Some(Local {
            tail,
            slope,
            log_slope: km / x - 1.0,
            log_curvature: -km / (x * x),
        })
    }
    fn exact(&self, p: f64) -> f64 {
        if self.upper {
            self.gamma.unit_ppf(1.0 - p)
        } else {
            self.gamma.unit_ppf(p)
        }
    }
    fn reach(&self, x: f64) -> f64 {
        x
    }
    fn coord(&self, x: f64) -> f64 {
        x.ln()
    }
    fn value_at(&self, y: f64) -> f64 {
        y.exp()
    }
    fn coord_slope(&self, x: f64) -> f64 {
        1.0 / x
    }
    /// The value itself: the coordinate is its logarithm.
    fn anchor(&self, x: f64) -> f64 {
        x
    }
    /// `ln(x/x0)`.
    fn coord_change(&self, x0: f64, x: f64) -> f64 {
        (x / x0).ln()
    }
    fn shifted(&self, x: f64, delta: f64) -> f64 {
        x * delta.exp()
    }
}
