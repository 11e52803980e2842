//! A fitted distribution: its log-density (or log-probability) and CDF, which the
//! likelihood and the Kolmogorov–Smirnov test need, and the scenario spec it stands for.

use std::f64::consts::{LN_2, PI, SQRT_2};

use statrs::function::beta::{beta_reg, ln_beta};
use statrs::function::erf::erfc;
use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};

use crate::distributions::{DistSpec, DEFAULT_PERT_LAMBDA};

/// One fitted family with its parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Model {
    /// Normal.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Normal truncated to `[0, ∞)`.
    NormalAboveZero {
        /// Mean of the untruncated normal.
        mean: f64,
        /// Standard deviation of the untruncated normal.
        sd: f64,
    },
    /// `exp(N(mu, sigma))`.
    LogNormal {
        /// Mean of the logs.
        mu: f64,
        /// Standard deviation of the logs.
        sigma: f64,
    },
    /// Gamma.
    Gamma {
        /// Shape.
        shape: f64,
        /// Scale.
        scale: f64,
    },
    /// Beta scaled to `[low, high]`.
    Beta {
        /// First shape.
        alpha: f64,
        /// Second shape.
        beta: f64,
        /// Lower bound of the support.
        low: f64,
        /// Upper bound of the support.
        high: f64,
    },
    /// PERT (λ = 4).
    Pert {
        /// Lower bound.
        low: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        high: f64,
    },
    /// Triangular.
    Triangular {
        /// Lower bound.
        low: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        high: f64,
    },
    /// Uniform.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// Poisson counts.
    Poisson {
        /// Mean.
        mean: f64,
    },
    /// 1 with probability `p`, else 0.
    Bernoulli {
        /// Probability of 1.
        p: f64,
    },
}

/// ln Φ(z), the log of the standard normal CDF, accurate far into the lower tail.
pub(crate) fn ln_norm_cdf(z: f64) -> f64 {
    if z > -30.0 {
        (0.5 * erfc(-z / SQRT_2)).ln()
    } else {
        // Φ(z) = φ(z)/(-z) · (1 - 1/z² + 3/z⁴ - ...) (Abramowitz & Stegun 26.2.12).
        let z2 = z * z;
        -0.5 * z2 - 0.5 * (2.0 * PI).ln() - (-z).ln() + (1.0 - 1.0 / z2 + 3.0 / (z2 * z2)).ln()
    }
}

/// Φ(z), the standard normal CDF.
pub(crate) fn norm_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / SQRT_2)
}

/// ln φ(z), the log of the standard normal density.
fn ln_norm_pdf(z: f64) -> f64 {
    -0.5 * z * z - 0.5 * (2.0 * PI).ln()
}

/// The PERT's beta shapes for `mode` on `[low, high]` with λ = 4.
pub(crate) fn pert_shapes(low: f64, mode: f64, high: f64) -> (f64, f64) {
    let t = (mode - low) / (high - low);
    (
        1.0 + DEFAULT_PERT_LAMBDA * t,
        1.0 + DEFAULT_PERT_LAMBDA * (1.0 - t),
    )
}

/// True for a usable beta shape: finite and above 0 (statrs panics on others).
pub(crate) fn valid_shape(a: f64) -> bool {
    a.is_finite() && a > 0.0
}

/// ln B(a, b), or NaN for shapes that are not [`valid_shape`]s.
pub(crate) fn ln_beta_or_nan(a: f64, b: f64) -> f64 {
    if valid_shape(a) && valid_shape(b) {
        ln_beta(a, b)
    } else {
        f64::NAN
    }
}

/// ln of the Beta(a, b) density at `y` in `[0, 1]` (`-∞` outside or for invalid shapes;
/// `0·ln 0 = 0`).
pub(crate) fn ln_beta_pdf(a: f64, b: f64, y: f64) -> f64 {
    if !(0.0..=1.0).contains(&y) || !valid_shape(a) || !valid_shape(b) {
        return f64::NEG_INFINITY;
    }
    let term = |shape: f64, v: f64| {
        if shape == 1.0 {
            0.0
        } else {
            (shape - 1.0) * v.ln()
        }
    };
    term(a, y) + term(b, 1.0 - y) - ln_beta(a, b)
}

impl Model {
    /// The family's name in the fit table.
    pub fn family(&self) -> &'static str {
        match self {
            Model::Normal { .. } => "normal",
            Model::NormalAboveZero { .. } => "normal_above_zero",
            Model::LogNormal { .. } => "lognormal",
            Model::Gamma { .. } => "gamma",
            Model::Beta { .. } => "beta",
            Model::Pert { .. } => "pert",
            Model::Triangular { .. } => "triangular",
            Model::Uniform { .. } => "uniform",
            Model::Poisson { .. } => "poisson",
            Model::Bernoulli { .. } => "bernoulli",
        }
    }

    /// Parameters estimated from the data (the support of the bounded families counts:
    /// it is set from the data's range).
    pub fn n_parameters(&self) -> usize {
        match self {
            Model::Poisson { .. } | Model::Bernoulli { .. } => 1,
            Model::Beta { .. } => 4,
            Model::Pert { .. } | Model::Triangular { .. } => 3,
            _ => 2,
        }
    }

    /// True for the families of counts (their likelihood is a probability, not a density).
    pub fn is_discrete(&self) -> bool {
        matches!(self, Model::Poisson { .. } | Model::Bernoulli { .. })
    }

    /// The log-density at `x` (log-probability for the discrete families); `-∞` outside
    /// the support.
    pub fn ln_pdf(&self, x: f64) -> f64 {
        match *self {
            Model::Normal { mean, sd } => ln_norm_pdf((x - mean) / sd) - sd.ln(),
            Model::NormalAboveZero { mean, sd } => {
                if x < 0.0 {
                    return f64::NEG_INFINITY;
                }
                ln_norm_pdf((x - mean) / sd) - sd.ln() - ln_norm_cdf(mean / sd)
            }
            Model::LogNormal { mu, sigma } => {
                if x <= 0.0 {
                    return f64::NEG_INFINITY;
                }
                ln_norm_pdf((x.ln() - mu) / sigma) - sigma.ln() - x.ln()
            }
            Model::Gamma { shape, scale } => {
                if x <= 0.0 {
                    return f64::NEG_INFINITY;
                }
                (shape - 1.0) * x.ln() - x / scale - ln_gamma(shape) - shape * scale.ln()
            }
            Model::Beta {
                alpha,
                beta,
                low,
                high,
            } => ln_beta_pdf(alpha, beta, (x - low) / (high - low)) - (high - low).ln(),
            Model::Pert { low, mode, high } => {
                let (a, b) = pert_shapes(low, mode, high);
                ln_beta_pdf(a, b, (x - low) / (high - low)) - (high - low).ln()
            }
            Model::Triangular { low, mode, high } => {
                if x < low || x > high {
                    return f64::NEG_INFINITY;
                }
                let side = if x < mode {
                    (x - low) / (mode - low)
                } else if x > mode {
                    (high - x) / (high - mode)
                } else {
                    1.0
                };
                LN_2 - (high - low).ln() + side.ln()
            }
            Model::Uniform { low, high } => {
                if x < low || x > high {
                    f64::NEG_INFINITY
                } else {
                    -(high - low).ln()
                }
            }
            Model::Poisson { mean } => {
                if x < 0.0 || x.fract() != 0.0 {
                    return f64::NEG_INFINITY;
                }
                if mean == 0.0 {
                    return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
                }
                x * mean.ln() - mean - ln_gamma(x + 1.0)
            }
            Model::Bernoulli { p } => match x {
                0.0 => (1.0 - p).ln(),
                1.0 => p.ln(),
                _ => f64::NEG_INFINITY,
            },
        }
    }

    /// The CDF at `x`.
    pub fn cdf(&self, x: f64) -> f64 {
        let clamp = |v: f64| v.clamp(0.0, 1.0);
        match *self {
            Model::Normal { mean, sd } => norm_cdf((x - mean) / sd),
            Model::NormalAboveZero { mean, sd } => {
                if x <= 0.0 {
                    return 0.0;
                }
                // (Φ(z) - Φ(z0)) / (1 - Φ(z0)) = (Q(z0) - Q(z)) / Q(z0) with Q = 1 - Φ.
                let q0 = norm_cdf(mean / sd);
                let q = norm_cdf((mean - x) / sd);
                clamp((q0 - q) / q0)
            }
            Model::LogNormal { mu, sigma } => {
                if x <= 0.0 {
                    0.0
                } else {
                    norm_cdf((x.ln() - mu) / sigma)
                }
            }
            Model::Gamma { shape, scale } => {
                let z = x / scale;
                if !(valid_shape(shape) && z.is_finite()) {
                    f64::NAN
                } else if z <= 0.0 {
                    0.0
                } else {
                    gamma_lr(shape, z)
                }
            }
            Model::Beta {
                alpha,
                beta,
                low,
                high,
            } => beta_cdf(alpha, beta, (x - low) / (high - low)),
            Model::Pert { low, mode, high } => {
                let (a, b) = pert_shapes(low, mode, high);
                beta_cdf(a, b, (x - low) / (high - low))
            }
            Model::Triangular { low, mode, high } => {
                if x <= low {
                    0.0
                } else if x >= high {
                    1.0
                } else if x <= mode {
                    (x - low).powi(2) / ((high - low) * (mode - low))
                } else {
                    1.0 - (high - x).powi(2) / ((high - low) * (high - mode))
                }
            }
            Model::Uniform { low, high } => clamp((x - low) / (high - low)),
            Model::Poisson { mean } => {
                if x < 0.0 {
                    0.0
                } else if mean == 0.0 {
                    1.0
                } else if !(mean.is_finite() && x.is_finite()) {
                    f64::NAN
                } else {
                    gamma_ur(x.floor() + 1.0, mean)
                }
            }
            Model::Bernoulli { p } => {
                if x < 0.0 {
                    0.0
                } else if x < 1.0 {
                    1.0 - p
                } else {
                    1.0
                }
            }
        }
    }

    /// The distribution as a scenario would hold it.
    pub fn spec(&self) -> DistSpec {
        match *self {
            Model::Normal { mean, sd } => DistSpec::Normal {
                mean,
                sd,
                low: None,
                high: None,
            },
            Model::NormalAboveZero { mean, sd } => DistSpec::Normal {
                mean,
                sd,
                low: Some(0.0),
                high: None,
            },
            Model::LogNormal { mu, sigma } => DistSpec::Lognormal { mu, sigma },
            Model::Gamma { shape, scale } => DistSpec::Gamma { shape, scale },
            Model::Beta {
                alpha,
                beta,
                low,
                high,
            } => DistSpec::Beta {
                alpha,
                beta,
                low: Some(low),
                high: Some(high),
            },
            Model::Pert { low, mode, high } => DistSpec::Pert {
                low,
                mode,
                high,
                lambda: DEFAULT_PERT_LAMBDA,
            },
            Model::Triangular { low, mode, high } => DistSpec::Triangular { low, mode, high },
            Model::Uniform { low, high } => DistSpec::Uniform { low, high },
            Model::Poisson { mean } => DistSpec::Poisson { mean },
            Model::Bernoulli { p } => DistSpec::Bernoulli { p },
        }
    }
}

/// The Beta(a, b) CDF at `y` (0 below 0, 1 above 1; NaN for invalid shapes or `y`).
fn beta_cdf(a: f64, b: f64, y: f64) -> f64 {
    if y.is_nan() || !valid_shape(a) || !valid_shape(b) {
        f64::NAN
    } else if y <= 0.0 {
        0.0
    } else if y >= 1.0 {
        1.0
    } else {
        beta_reg(a, b, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_norm_cdf_is_continuous_where_it_switches_to_the_tail_series() {
        let (inner, outer) = (ln_norm_cdf(-30.0 + 1e-9), ln_norm_cdf(-30.0 - 1e-9));
        assert!((inner - outer).abs() < 1e-6, "{inner} {outer}");
        assert!((ln_norm_cdf(0.0) + LN_2).abs() < 1e-15);
    }

    #[test]
    fn every_density_integrates_to_its_cdf() {
        let models = [
            Model::Normal { mean: 1.0, sd: 2.0 },
            Model::NormalAboveZero { mean: 1.0, sd: 2.0 },
            Model::LogNormal {
                mu: 0.5,
                sigma: 0.4,
            },
            Model::Gamma {
                shape: 2.5,
                scale: 1.5,
            },
            Model::Beta {
                alpha: 2.0,
                beta: 3.0,
                low: -1.0,
                high: 4.0,
            },
            Model::Pert {
                low: 0.0,
                mode: 1.0,
                high: 5.0,
            },
            Model::Triangular {
                low: 0.0,
                mode: 1.0,
                high: 5.0,
            },
            Model::Uniform {
                low: 0.1,
                high: 3.0,
            },
        ];
        for m in models {
            // Trapezoid rule from 0.2 to 2.7 against the CDF's difference.
            let (a, b, steps) = (0.2, 2.7, 200_000);
            let h = (b - a) / f64::from(steps);
            let mut sum = 0.0;
            for i in 0..=steps {
                let w = if i == 0 || i == steps { 0.5 } else { 1.0 };
                sum += w * m.ln_pdf(a + h * f64::from(i)).exp();
            }
            let want = m.cdf(b) - m.cdf(a);
            assert!(
                (sum * h - want).abs() < 1e-6,
                "{m:?}: {} vs {want}",
                sum * h
            );
        }
    }

    #[test]
    fn discrete_probabilities_sum_to_their_cdf() {
        let m = Model::Poisson { mean: 3.5 };
        let total: f64 = (0..=6).map(|k| m.ln_pdf(f64::from(k)).exp()).sum();
        assert!((total - m.cdf(6.0)).abs() < 1e-12);
        let b = Model::Bernoulli { p: 0.3 };
        assert!((b.ln_pdf(1.0).exp() - 0.3).abs() < 1e-15);
        assert_eq!(b.cdf(0.5), 0.7);
    }
}
