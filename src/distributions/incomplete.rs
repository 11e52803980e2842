//! Regularized incomplete beta and gamma functions for one fixed shape, with the
//! normalising constant computed once.
//!
//! The fast Latin hypercube quantiles evaluate one CDF millions of times for the same
//! shape, so the `ln B(a, b)` or `ln Γ(k)` that a general routine recomputes per call is
//! done here at construction. Each evaluation returns `None` when its series or continued
//! fraction has not converged, and the caller then falls back to the exact solver.

use statrs::function::{beta::ln_beta, gamma::ln_gamma};

/// Relative size of the last change at which a series or continued fraction stops.
const STOP: f64 = 2.0 * f64::EPSILON;

/// Terms tried before a series or continued fraction is declared not converged.
const MAX_TERMS: usize = 20_000;

/// Stands in for an exact zero so the continued fractions' recurrences never divide by it.
const TINY: f64 = 1e-300;

/// `v`, or [`TINY`] where `v` is (nearly) zero.
fn nonzero(v: f64) -> f64 {
    if v.abs() < TINY {
        TINY
    } else {
        v
    }
}

/// One step of the modified Lentz method with the term `(a_n, b_n)`: updates `c` and `d`
/// and returns the factor the value is multiplied by.
fn lentz_step(a: f64, b: f64, c: &mut f64, d: &mut f64) -> f64 {
    *d = 1.0 / nonzero(b + a * *d);
    *c = nonzero(b + a / *c);
    *c * *d
}

/// `b0 + a1/(b1 + a2/(b2 + ...))`, with `term(n)` giving `(a_n, b_n)` for `n ≥ 1`, by the
/// modified Lentz method (I. J. Thompson and A. R. Barnett, "Coulomb and Bessel functions
/// of complex arguments and order", J. Comput. Phys. 64 (1986) 490–509, §3).
fn continued_fraction(b0: f64, mut term: impl FnMut(usize) -> (f64, f64)) -> Option<f64> {
    let mut value = nonzero(b0);
    let mut c = value;
    let mut d = 0.0;
    for n in 1..=MAX_TERMS {
        let (a, b) = term(n);
        let change = lentz_step(a, b, &mut c, &mut d);
        value *= change;
        if (change - 1.0).abs() <= STOP {
            return Some(value);
        }
    }
    None
}

/// The regularized incomplete beta function `I_x(a, b)` for fixed shapes, and the density.
#[derive(Clone, Debug)]
pub(crate) struct IncompleteBeta {
    a: f64,
    b: f64,
    ln_norm: f64,
    /// Below this `x` the continued fraction for `I_x(a, b)` converges fast; above it the
    /// one for `I_{1-x}(b, a)` does.
    split: f64,
}

impl IncompleteBeta {
    /// `I_x(a, b)` for shapes `a, b > 0`.
    pub(crate) fn new(a: f64, b: f64) -> Self {
        IncompleteBeta {
            a,
            b,
            ln_norm: ln_beta(a, b),
            split: (a + 1.0) / (a + b + 2.0),
        }
    }

    /// `(I_x(a, b), density at x)` for `0 < x < 1`.
    pub(crate) fn cdf_and_density(&self, x: f64) -> Option<(f64, f64)> {
        let at = self.at(x);
        let (fa, fb, fx) = at.fraction;
        Some(at.finish(beta_fraction(fa, fb, fx)?))
    }

    /// [`IncompleteBeta::cdf_and_density`] of two (function, `x`) pairs at once: the same
    /// operations lane by lane, so the same values bit for bit, with the two continued
    /// fractions evaluated in lockstep ([`beta_fraction_pair`]) so that each waits less on
    /// its own divisions.
    pub(crate) fn cdf_and_density_pair(
        pair: [(&IncompleteBeta, f64); 2],
    ) -> [Option<(f64, f64)>; 2] {
        let at = [pair[0].0.at(pair[0].1), pair[1].0.at(pair[1].1)];
        let fractions = beta_fraction_pair([at[0].fraction, at[1].fraction]);
        [
            fractions[0].map(|f| at[0].finish(f)),
            fractions[1].map(|f| at[1].finish(f)),
        ]
    }

    /// Everything about `x` but the continued fraction: the prefactor, the density, and
    /// which fraction converges there.
    fn at(&self, x: f64) -> BetaAt {
        let (a, b) = (self.a, self.b);
        let one_minus = 1.0 - x;
        // x^a (1-x)^b / B(a, b): the continued fractions' prefactor.
        let front = (a * x.ln() + b * (-x).ln_1p() - self.ln_norm).exp();
        let lower = x < self.split;
        BetaAt {
            front,
            density: front / (x * one_minus),
            lower,
            fraction: if lower { (a, b, x) } else { (b, a, one_minus) },
        }
    }
}

/// [`IncompleteBeta::cdf_and_density`] at one `x` before its continued fraction.
#[derive(Clone, Copy)]
struct BetaAt {
    front: f64,
    density: f64,
    /// True below the split: the fraction gives `I_x(a, b)`; else `1 − I_x(a, b)`.
    lower: bool,
    /// The fraction's shapes and argument: `(a, b, x)`, or `(b, a, 1 − x)` above the split.
    fraction: (f64, f64, f64),
}

impl BetaAt {
    /// `(I_x(a, b), density)` from the value of the continued fraction.
    fn finish(&self, fraction: f64) -> (f64, f64) {
        let tail = self.front / (self.fraction.0 * fraction);
        let cdf = if self.lower { tail } else { 1.0 - tail };
        (cdf, self.density)
    }
}

impl IncompleteBeta {
    /// `(ln I_x(a, b), ln(1 − I_x(a, b)), ln(x · density at x))` for `0 < x < 1`, in
    /// logarithms so that nothing underflows however small `x` or the shapes are; the
    /// smaller tail is computed directly (below the split `I_x`, above it `1 − I_x =
    /// I_{1−x}(b, a)`), the other as its complement.
    pub(crate) fn ln_tails(&self, x: f64) -> Option<(f64, f64, f64)> {
        let (a, b) = (self.a, self.b);
        let ln_rest = (-x).ln_1p();
        // ln(x^a (1-x)^b / B(a, b)): the continued fractions' prefactor.
        let ln_front = a * x.ln() + b * ln_rest - self.ln_norm;
        let (ln_cdf, ln_sf) = if x < self.split {
            let ln_cdf = ln_front - (a * beta_fraction(a, b, x)?).ln();
            (ln_cdf, (-ln_cdf.exp()).ln_1p())
        } else {
            let ln_sf = ln_front - (b * beta_fraction(b, a, 1.0 - x)?).ln();
            ((-ln_sf.exp()).ln_1p(), ln_sf)
        };
        Some((ln_cdf, ln_sf, ln_front - ln_rest))
    }
}

/// The continued fraction `1 + d1/(1 + d2/(1 + ...))` with `I_x(a, b) = x^a (1-x)^b /
/// (a B(a, b)) / fraction` (DLMF 8.17.22), converging fast for `x < (a + 1)/(a + b + 2)`.
fn beta_fraction(a: f64, b: f64, x: f64) -> Option<f64> {
    continued_fraction(1.0, |n| (beta_term(a, b, x, n), 1.0))
}

/// The numerator `d_n` of [`beta_fraction`]'s term `n ≥ 1` (DLMF 8.17.22).
fn beta_term(a: f64, b: f64, x: f64, n: usize) -> f64 {
    let m = (n / 2) as f64;
    // The parity of the term's index, taken on the integer (a float `%` is a libm call).
    let even = n % 2 == 0;
    let n = n as f64;
    let numerator = if even {
        m * (b - m) * x
    } else {
        -(a + m) * (a + b + m) * x
    };
    numerator / ((a + n - 1.0) * (a + n))
}

/// [`beta_fraction`] for two `(a, b, x)` at once, in lockstep: every iteration takes each
/// lane's next term (a lane that has converged keeps iterating, unused), so the two
/// dependent chains of divisions overlap. Each lane's value is the one [`beta_fraction`]
/// returns for it, bit for bit: the same operations in the same order, stopped at the
/// same term.
fn beta_fraction_pair(lanes: [(f64, f64, f64); 2]) -> [Option<f64>; 2] {
    let mut value = [nonzero(1.0); 2];
    let mut c = value;
    let mut d = [0.0; 2];
    let mut out = [None; 2];
    for n in 1..=MAX_TERMS {
        for l in 0..2 {
            let (a, b, x) = lanes[l];
            let change = lentz_step(beta_term(a, b, x, n), 1.0, &mut c[l], &mut d[l]);
            value[l] *= change;
            if out[l].is_none() && (change - 1.0).abs() <= STOP {
                out[l] = Some(value[l]);
            }
        }
        if out[0].is_some() && out[1].is_some() {
            break;
        }
    }
    out
}

/// The regularized incomplete gamma functions `P(k, x)` and `Q(k, x) = 1 − P(k, x)` for a
/// fixed shape `k`, and the density of Gamma(k, 1).
#[derive(Clone, Debug)]
pub(crate) struct IncompleteGamma {
    k: f64,
    ln_gamma_k: f64,
}

impl IncompleteGamma {
    /// The functions for shape `k > 0`.
    pub(crate) fn new(k: f64) -> Self {
        IncompleteGamma {
            k,
            ln_gamma_k: ln_gamma(k),
        }
    }

    /// `(P(k, x), Q(k, x), density at x)` for `x > 0`; whichever of `P` and `Q` is below
    /// about one half is computed directly, the other as its complement.
    pub(crate) fn cdf_sf_density(&self, x: f64) -> Option<(f64, f64, f64)> {
        let k = self.k;
        // x^k e^-x / Γ(k).
        let front = (k * x.ln() - x - self.ln_gamma_k).exp();
        let density = front / x;
        if x < k + 1.0 {
            let p = front / k * lower_series(k, x)?;
            Some((p, 1.0 - p, density))
        } else {
            let q = front / upper_fraction(k, x)?;
            Some((1.0 - q, q, density))
        }
    }
}

impl IncompleteGamma {
    /// `(ln P(k, x), ln Q(k, x), ln(x · density at x))` for `x > 0`, in logarithms so that
    /// nothing underflows however small `x` or the shape is; the smaller of `P` and `Q` is
    /// computed directly, as in [`IncompleteGamma::cdf_sf_density`].
    pub(crate) fn ln_cdf_sf(&self, x: f64) -> Option<(f64, f64, f64)> {
        let k = self.k;
        // ln(x^k e^-x / Γ(k)) = ln(x · density).
        let ln_front = k * x.ln() - x - self.ln_gamma_k;
        if x < k + 1.0 {
            let ln_p = ln_front - k.ln() + lower_series(k, x)?.ln();
            Some((ln_p, (-ln_p.exp()).ln_1p(), ln_front))
        } else {
            let ln_q = ln_front - upper_fraction(k, x)?.ln();
            Some(((-ln_q.exp()).ln_1p(), ln_q, ln_front))
        }
    }
}

/// `Σ x^n / ((k + 1)···(k + n))` over `n ≥ 0`, with `P(k, x) = x^k e^-x / Γ(k + 1) · sum`
/// (DLMF 8.7.1, 8.2.4); converges fast for `x < k + 1`.
fn lower_series(k: f64, x: f64) -> Option<f64> {
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut denominator = k;
    for _ in 0..MAX_TERMS {
        denominator += 1.0;
        term *= x / denominator;
        sum += term;
        if term <= sum * STOP {
            return Some(sum);
        }
    }
    None
}

/// Legendre's continued fraction for Γ(k, x) (DLMF 8.9.2), in its even form: `Q(k, x) =
/// x^k e^-x / Γ(k) / (x + 1 − k − 1(1 − k)/(x + 3 − k − 2(2 − k)/(...)))`; converges fast for
/// `x ≥ k + 1`.
fn upper_fraction(k: f64, x: f64) -> Option<f64> {
    continued_fraction(x + 1.0 - k, |n| {
        let n = n as f64;
        (-n * (n - k), x + 2.0 * n + 1.0 - k)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::function::{beta::beta_reg, gamma};

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * a.abs().max(b.abs())
    }

    #[test]
    fn beta_matches_statrs() {
        for (a, b) in [(1.0, 1.0), (2.0, 4.0), (0.3, 0.7), (5.0, 0.4), (40.0, 90.0)] {
            let f = IncompleteBeta::new(a, b);
            for i in 1..200 {
                let x = i as f64 / 200.0;
                let (cdf, density) = f.cdf_and_density(x).unwrap();
                assert!(close(cdf, beta_reg(a, b, x), 1e-12), "I({a},{b},{x})");
                let exact = ((a - 1.0) * x.ln() + (b - 1.0) * (1.0 - x).ln() - ln_beta(a, b)).exp();
                assert!(close(density, exact, 1e-12), "f({a},{b},{x})");
            }
        }
    }

    #[test]
    fn gamma_matches_statrs() {
        for k in [0.3, 1.0, 2.5, 30.0, 400.0] {
            let f = IncompleteGamma::new(k);
            for i in 1..400 {
                let x = i as f64 * (k + 10.0) / 100.0;
                let (p, q, _) = f.cdf_sf_density(x).unwrap();
                let smaller = if p < 0.5 {
                    (p, gamma::gamma_lr(k, x))
                } else {
                    (q, gamma::gamma_ur(k, x))
                };
                // statrs flushes results below e^-709 to zero.
                let underflow = smaller.0 < 1e-300 && smaller.1 < 1e-300;
                assert!(
                    underflow || close(smaller.0, smaller.1, 1e-12),
                    "P/Q({k},{x}) {smaller:?}"
                );
            }
        }
    }
}
