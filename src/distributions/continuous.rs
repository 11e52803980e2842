//! Continuous families: uniform, triangular, scaled beta (and PERT), truncated normal,
//! lognormal and gamma.

use rand::distr::Distribution as _;
use rand::{Rng, RngExt};
use statrs::distribution::{Continuous, ContinuousCDF};
use statrs::function::{beta as beta_fn, gamma as gamma_fn};

use super::checks::{at_most, bounds, finite, mode_within, positive, DistError, MAX_SHAPE};
use super::gamma_draw::GammaDraw;
use super::incomplete::{IncompleteBeta, IncompleteGamma};
use super::invert::solve_log_increasing;
use super::Family;

/// z such that Φ(z) = 0.95.
const Z95: f64 = 1.644_853_626_951_472_2;

/// Φ(z) through libm's `erfc` (accurate to about one ulp; statrs' erfc carries ~1e-10
/// relative error, which the truncated normal's moments would amplify).
fn standard_normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// Uniform on `[low, high]`.
#[derive(Clone, Debug)]
pub(crate) struct Uniform {
    low: f64,
    high: f64,
}

impl Uniform {
    pub(crate) fn new(low: f64, high: f64) -> Result<Self, DistError> {
        bounds("uniform", low, high)?;
        Ok(Uniform { low, high })
    }
}

impl Family for Uniform {
    fn mean(&self) -> Option<f64> {
        Some(0.5 * (self.low + self.high))
    }
    fn variance(&self) -> Option<f64> {
        Some((self.high - self.low).powi(2) / 12.0)
    }
    fn ppf(&self, q: f64) -> f64 {
        self.low + q * (self.high - self.low)
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.ppf(rng.random::<f64>())
    }
    fn support(&self) -> (f64, f64) {
        (self.low, self.high)
    }
}

/// Triangular with bounds `low`, `high` and mode `mode`.
#[derive(Clone, Debug)]
pub(crate) struct Triangular {
    low: f64,
    mode: f64,
    high: f64,
}

impl Triangular {
    pub(crate) fn new(low: f64, mode: f64, high: f64) -> Result<Self, DistError> {
        bounds("triangular", low, high)?;
        mode_within("triangular", low, mode, high)?;
        Ok(Triangular { low, mode, high })
    }
}

impl Family for Triangular {
    fn mean(&self) -> Option<f64> {
        Some((self.low + self.mode + self.high) / 3.0)
    }
    fn variance(&self) -> Option<f64> {
        let (a, c, b) = (self.low, self.mode, self.high);
        Some((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0)
    }
    fn ppf(&self, q: f64) -> f64 {
        let (a, c, b) = (self.low, self.mode, self.high);
        let split = (c - a) / (b - a);
        if q <= split {
            a + (q * (b - a) * (c - a)).sqrt()
        } else {
            b - ((1.0 - q) * (b - a) * (b - c)).sqrt()
        }
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.ppf(rng.random::<f64>())
    }
    fn support(&self) -> (f64, f64) {
        (self.low, self.high)
    }
}

/// Beta(alpha, beta) scaled from `[0, 1]` to `[low, high]`; PERT is a special case.
#[derive(Clone, Debug)]
pub(crate) struct BetaScaled {
    alpha: f64,
    beta: f64,
    low: f64,
    high: f64,
    /// Gamma(alpha) and Gamma(beta) draws: X / (X + Y) is Beta(alpha, beta).
    gammas: (GammaDraw, GammaDraw),
}

impl BetaScaled {
    pub(crate) fn new(alpha: f64, beta: f64, low: f64, high: f64) -> Result<Self, DistError> {
        positive("alpha", alpha)?;
        positive("beta", beta)?;
        at_most("alpha", alpha, MAX_SHAPE)?;
        at_most("beta", beta, MAX_SHAPE)?;
        bounds("beta", low, high)?;
        Ok(BetaScaled {
            alpha,
            beta,
            low,
            high,
            gammas: (GammaDraw::new(alpha), GammaDraw::new(beta)),
        })
    }

    /// PERT(low, mode, high) with shape weight `lambda`.
    /// The fields' own checks (finite, `lambda` in `(0, MAX_SHAPE / 10]`) are declared in
    /// `families!` and have passed.
    pub(crate) fn pert(low: f64, mode: f64, high: f64, lambda: f64) -> Result<Self, DistError> {
        bounds("PERT", low, high)?;
        mode_within("PERT", low, mode, high)?;
        let range = high - low;
        let alpha = 1.0 + lambda * (mode - low) / range;
        let beta = 1.0 + lambda * (high - mode) / range;
        Self::new(alpha, beta, low, high)
    }

    /// The shapes and bounds: `(alpha, beta, low, high)`.
    pub(crate) fn parts(&self) -> (f64, f64, f64, f64) {
        (self.alpha, self.beta, self.low, self.high)
    }

    /// Quantile of the unscaled Beta(a, b) at `0 < q < 1`. A quantile at most ½ is solved
    /// as itself (full relative precision however small), one above ½ as `1 − y` with `y`
    /// the quantile of Beta(b, a) at `1 − q`. Quantiles within the smallest normal `f64`
    /// (about 2.2e-308) of 0 (or of 1) are returned as 0 (or 1).
    pub(crate) fn unit_ppf(a: f64, b: f64, q: f64) -> f64 {
        let cdf = IncompleteBeta::new(a, b);
        let ln_norm = beta_fn::ln_beta(a, b);
        let at_half = Self::ln_tails(&cdf, a, b, ln_norm, 0.5).0;
        if q.ln() <= at_half {
            Self::lower_half_ppf(&cdf, a, b, ln_norm, q, 1.0 - q)
        } else {
            let flipped = IncompleteBeta::new(b, a);
            1.0 - Self::lower_half_ppf(&flipped, b, a, ln_norm, 1.0 - q, q)
        }
    }

    /// `(ln I_x(a, b), ln(1 − I_x(a, b)), ln(x · density))` from `cdf`, or from statrs
    /// where its continued fraction does not converge (huge shapes).
    fn ln_tails(cdf: &IncompleteBeta, a: f64, b: f64, ln_norm: f64, x: f64) -> (f64, f64, f64) {
        cdf.ln_tails(x).unwrap_or_else(|| {
            let ln_x_density = a * x.ln() + (b - 1.0) * (-x).ln_1p() - ln_norm;
            let p = beta_fn::beta_reg(a, b, x);
            (p.ln(), (-p).ln_1p(), ln_x_density)
        })
    }

    /// The quantile `x ≤ ½` of Beta(a, b) at `q` (`1 − q` given as `one_minus_q`), solved
    /// on `ln x` against the logarithm of the smaller tail.
    fn lower_half_ppf(
        cdf: &IncompleteBeta,
        a: f64,
        b: f64,
        ln_norm: f64,
        q: f64,
        one_minus_q: f64,
    ) -> f64 {
        // I_x(a, b) = x^a / (a B(a, b)) · (1 + O(x)) near 0 (DLMF 8.17.7 with the
        // hypergeometric factor ≈ 1), solved for x in logarithms: the start for small `a`.
        let power = ((q.ln() + a.ln() + ln_norm) / a).exp();
        if power < f64::MIN_POSITIVE {
            // So close to 0 that the approximation is exact to rounding (its O(x) term is
            // below 1e-290 with shapes up to MAX_SHAPE): the quantile underflows.
            return 0.0;
        }
        let guess = if a < 1.0 {
            power
        } else {
            // The normal approximation, where it is not below the power law (its far lower
            // tail). (statrs' inv_beta_reg, the start before, never returns for shapes
            // like (1e12, 1).)
            let s = a + b;
            let sd = (a * b / (s * s * (s + 1.0))).sqrt();
            let z = statrs::distribution::Normal::standard().inverse_cdf(q);
            (a / s + z * sd).max(power)
        };
        let tails = |x: f64| Self::ln_tails(cdf, a, b, ln_norm, x);
        if q <= 0.5 {
            // ln I_x against ln x: slope x·f(x)/I_x.
            let eval = |x: f64| {
                let (ln_cdf, _, ln_x_density) = tails(x);
                (ln_cdf, (ln_x_density - ln_cdf).exp())
            };
            solve_log_increasing(eval, q.ln(), guess, 0.5)
        } else {
            // −ln(1 − I_x) against ln x, which keeps the resolution of 1 − q.
            let eval = |x: f64| {
                let (_, ln_sf, ln_x_density) = tails(x);
                (-ln_sf, (ln_x_density - ln_sf).exp())
            };
            solve_log_increasing(eval, -one_minus_q.ln(), guess, 0.5)
        }
    }
}

impl Family for BetaScaled {
    fn mean(&self) -> Option<f64> {
        Some(self.low + (self.high - self.low) * self.alpha / (self.alpha + self.beta))
    }
    fn variance(&self) -> Option<f64> {
        let s = self.alpha + self.beta;
        let unit = self.alpha * self.beta / (s * s * (s + 1.0));
        Some(unit * (self.high - self.low).powi(2))
    }
    fn ppf(&self, q: f64) -> f64 {
        let unit = if q <= 0.0 {
            0.0
        } else if q >= 1.0 {
            1.0
        } else {
            Self::unit_ppf(self.alpha, self.beta, q)
        };
        self.low + (self.high - self.low) * unit
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = self.gammas.0.draw(rng);
        let y = self.gammas.1.draw(rng);
        let unit = x / (x + y);
        if unit.is_nan() {
            // With tiny shapes both gamma draws behind the sampler underflow to 0 (0/0):
            // draw by inversion instead.
            return self.ppf(super::unit_open(rng));
        }
        self.low + (self.high - self.low) * unit
    }
    fn support(&self) -> (f64, f64) {
        (self.low, self.high)
    }
}

/// Normal(mean, sd), optionally truncated to `[low, high]`.
#[derive(Clone, Debug)]
pub(crate) struct NormalTruncated {
    /// The mean, bounds and CDF terms the computations work with: those of `-X` when
    /// `mirrored`, so that the truncation is never in the upper tail, where `1 − Φ(z)`
    /// cancels (for `low = mean + 7 sd`, Φ(7) rounds to 1 − 1.3e-12 and the variance came
    /// out 12% off, the quantiles near 1 infinite).
    mean: f64,
    sd: f64,
    low: f64,
    high: f64,
    cdf_low: f64,
    mass: f64,
    truncated: bool,
    /// Whether the fields above describe `-X`: the given `low` lies above the mean.
    mirrored: bool,
    standard: statrs::distribution::Normal,
}

impl NormalTruncated {
    pub(crate) fn new(
        mean: f64,
        sd: f64,
        low: Option<f64>,
        high: Option<f64>,
    ) -> Result<Self, DistError> {
        // The fields' own checks (finite, `sd > 0`) are declared in `families!`.
        let lo = low.unwrap_or(f64::NEG_INFINITY);
        let hi = high.unwrap_or(f64::INFINITY);
        if lo >= hi {
            return Err(DistError::new(
                "high",
                format!("normal truncation high {hi} must be above low {lo}"),
            ));
        }
        let standard = statrs::distribution::Normal::standard();
        let mirrored = lo > mean;
        let (mean_w, lo_w, hi_w) = if mirrored {
            (-mean, -hi, -lo)
        } else {
            (mean, lo, hi)
        };
        let cdf_low = standard_normal_cdf((lo_w - mean_w) / sd);
        let mass = standard_normal_cdf((hi_w - mean_w) / sd) - cdf_low;
        if mass <= 1e-12 {
            return Err(DistError::new(
                "low",
                format!(
                    "normal truncation low {lo}, high {hi} holds almost no probability for mean {mean}, sd {sd}"
                ),
            ));
        }
        Ok(NormalTruncated {
            mean: mean_w,
            sd,
            low: lo_w,
            high: hi_w,
            cdf_low,
            mass,
            truncated: low.is_some() || high.is_some(),
            mirrored,
            standard,
        })
    }

    /// `x` of the working distribution as a value of the one given.
    fn given(&self, x: f64) -> f64 {
        if self.mirrored {
            -x
        } else {
            x
        }
    }

    /// The working distribution's quantile (see the fields).
    fn working_ppf(&self, q: f64) -> f64 {
        if q <= 0.0 {
            return self.low;
        } else if q >= 1.0 {
            return self.high;
        }
        let p = (self.cdf_low + q * self.mass).clamp(0.0, 1.0);
        let x = self.mean + self.sd * self.standard.inverse_cdf(p);
        x.clamp(self.low, self.high)
    }

    fn phi(&self, z: f64) -> f64 {
        if z.is_finite() {
            self.standard.pdf(z)
        } else {
            0.0
        }
    }

    fn z_bounds(&self) -> (f64, f64) {
        (
            (self.low - self.mean) / self.sd,
            (self.high - self.mean) / self.sd,
        )
    }
}

impl Family for NormalTruncated {
    fn mean(&self) -> Option<f64> {
        if !self.truncated {
            return Some(self.mean);
        }
        let (a, b) = self.z_bounds();
        Some(self.given(self.mean + self.sd * (self.phi(a) - self.phi(b)) / self.mass))
    }
    fn variance(&self) -> Option<f64> {
        if !self.truncated {
            return Some(self.sd * self.sd);
        }
        let (a, b) = self.z_bounds();
        let term = |z: f64| if z.is_finite() { z * self.phi(z) } else { 0.0 };
        let shift = (self.phi(a) - self.phi(b)) / self.mass;
        Some(self.sd * self.sd * (1.0 + (term(a) - term(b)) / self.mass - shift * shift))
    }
    fn ppf(&self, q: f64) -> f64 {
        if !self.truncated {
            if q <= 0.0 {
                return f64::NEG_INFINITY;
            } else if q >= 1.0 {
                return f64::INFINITY;
            }
            return self.mean + self.sd * self.standard.inverse_cdf(q);
        }
        // The bounds exactly, not whatever the CDF round trip gives. Mirrored, the
        // quantile is −F⁻¹(1 − q) of −X: still rising with q.
        if self.mirrored {
            -self.working_ppf(1.0 - q)
        } else {
            self.working_ppf(q)
        }
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        if self.truncated {
            // `random::<f64>()` is k / 2^53 and can be exactly 0, whose quantile is `low`:
            // -inf when only `high` is given. Zero is moved to 2^-54 (below the smallest
            // nonzero draw); every other draw is unchanged.
            let q = rng.random::<f64>().max(f64::EPSILON / 4.0);
            self.ppf(q)
        } else {
            let z: f64 = self.standard.sample(rng);
            self.mean + self.sd * z
        }
    }
    fn support(&self) -> (f64, f64) {
        if self.mirrored {
            (-self.high, -self.low)
        } else {
            (self.low, self.high)
        }
    }
}

/// Lognormal: `exp(N(mu, sigma))`.
#[derive(Clone, Debug)]
pub(crate) struct LogNormal {
    mu: f64,
    sigma: f64,
    standard: statrs::distribution::Normal,
}

impl LogNormal {
    pub(crate) fn new(mu: f64, sigma: f64) -> Result<Self, DistError> {
        finite("mu", mu)?;
        positive("sigma", sigma)?;
        // Beyond this the mean exp(mu + sigma²/2) is infinite (lognormal(1000, 1) drew inf
        // every time): no cost in a scenario can be that.
        let log_mean = mu + 0.5 * sigma * sigma;
        if log_mean > f64::MAX.ln() {
            return Err(DistError::new(
                if mu > f64::MAX.ln() { "mu" } else { "sigma" },
                format!(
                    "lognormal mean exp(mu + sigma²/2) overflows: mu + sigma²/2 must be at \
                     most {:.2}, got {}",
                    f64::MAX.ln(),
                    crate::money::format_exact(log_mean)
                ),
            ));
        }
        Ok(LogNormal {
            mu,
            sigma,
            standard: statrs::distribution::Normal::standard(),
        })
    }

    /// The lognormal whose 5th and 95th percentiles are `p5` and `p95`.
    /// (`p5 > 0` and a finite `p95` are declared checks in `families!`.)
    pub(crate) fn from_ci90(p5: f64, p95: f64) -> Result<Self, DistError> {
        if p95 <= p5 {
            return Err(DistError::new(
                "p95",
                format!("lognormal_ci90 p95 {p95} must be above p5 {p5}"),
            ));
        }
        let (l5, l95) = (p5.ln(), p95.ln());
        // An interval so wide that the mean overflows is the p95's fault: name it.
        Self::new(0.5 * (l5 + l95), (l95 - l5) / (2.0 * Z95)).map_err(|e| {
            DistError::new(
                "p95",
                format!("lognormal_ci90 p5 {p5}, p95 {p95}: {}", e.message),
            )
        })
    }
}

impl Family for LogNormal {
    fn mean(&self) -> Option<f64> {
        Some((self.mu + 0.5 * self.sigma * self.sigma).exp())
    }
    fn variance(&self) -> Option<f64> {
        let s2 = self.sigma * self.sigma;
        Some(s2.exp_m1() * (2.0 * self.mu + s2).exp())
    }
    fn ppf(&self, q: f64) -> f64 {
        if q <= 0.0 {
            0.0
        } else if q >= 1.0 {
            f64::INFINITY
        } else {
            (self.mu + self.sigma * self.standard.inverse_cdf(q)).exp()
        }
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = self.standard.sample(rng);
        (self.mu + self.sigma * z).exp()
    }
    fn support(&self) -> (f64, f64) {
        (0.0, f64::INFINITY)
    }
}

/// Gamma with `shape` and `scale`.
#[derive(Clone, Debug)]
pub(crate) struct Gamma {
    shape: f64,
    scale: f64,
    sampler: GammaDraw,
}

impl Gamma {
    pub(crate) fn new(shape: f64, scale: f64) -> Result<Self, DistError> {
        // `shape` in `(0, MAX_SHAPE]` and `scale > 0` are declared checks in `families!`.
        Ok(Gamma {
            shape,
            scale,
            sampler: GammaDraw::new(shape),
        })
    }

    /// The shape and the scale.
    pub(crate) fn parts(&self) -> (f64, f64) {
        (self.shape, self.scale)
    }

    /// The quantile of Gamma(shape, 1) at `0 < q < 1`. Quantiles below the smallest
    /// normal `f64` (about 2.2e-308) are returned as 0.
    pub(crate) fn unit_ppf(&self, q: f64) -> f64 {
        let k = self.shape;
        let functions = IncompleteGamma::new(k);
        let ln_gamma_k = gamma_fn::ln_gamma(k);
        // (ln P, ln Q, ln(x·f(x))) at x.
        let at = |x: f64| {
            functions.ln_cdf_sf(x).unwrap_or_else(|| {
                // The series or fraction did not converge (huge shapes): statrs' own.
                (
                    gamma_fn::gamma_lr(k, x).ln(),
                    gamma_fn::gamma_ur(k, x).ln(),
                    k * x.ln() - x - ln_gamma_k,
                )
            })
        };
        // P(k, x) = x^k / Γ(k + 1) · (1 + O(x)) near 0 (DLMF 8.7.1), solved for x in
        // logarithms: the start for small shapes.
        let power = ((q.ln() + gamma_fn::ln_gamma(k + 1.0)) / k).exp();
        if power < f64::MIN_POSITIVE {
            // So close to 0 that the approximation is exact to rounding: the quantile
            // underflows.
            return 0.0;
        }
        let guess = if k < 1.0 && q < 1.0 - 1e-3 {
            power
        } else {
            // Wilson–Hilferty.
            let z = statrs::distribution::Normal::standard().inverse_cdf(q);
            let c = 1.0 / (9.0 * k);
            k * (1.0 - c + z * c.sqrt()).powi(3)
        };
        if q <= 0.5 {
            // ln P against ln x.
            let eval = |x: f64| {
                let (ln_p, _, ln_x_density) = at(x);
                (ln_p, (ln_x_density - ln_p).exp())
            };
            solve_log_increasing(eval, q.ln(), guess, f64::INFINITY)
        } else {
            // Upper tail: −ln Q against ln x, which keeps the resolution of 1 − q.
            let eval = |x: f64| {
                let (_, ln_q, ln_x_density) = at(x);
                (-ln_q, (ln_x_density - ln_q).exp())
            };
            solve_log_increasing(eval, -(-q).ln_1p(), guess, f64::INFINITY)
        }
    }
}

impl Family for Gamma {
    fn mean(&self) -> Option<f64> {
        Some(self.shape * self.scale)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.shape * self.scale * self.scale)
    }
    fn ppf(&self, q: f64) -> f64 {
        if q <= 0.0 {
            return 0.0;
        } else if q >= 1.0 {
            return f64::INFINITY;
        }
        self.unit_ppf(q) * self.scale
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sampler.draw(rng) * self.scale
    }
    fn support(&self) -> (f64, f64) {
        (0.0, f64::INFINITY)
    }
}
