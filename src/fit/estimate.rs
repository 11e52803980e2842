//! Maximum-likelihood estimates, one function per family: closed forms where they exist
//! (normal, lognormal, uniform, Poisson, Bernoulli), an exact search where the maximum
//! sits at a data point (triangular), and numerical maximisation otherwise (gamma: the
//! root of its one-dimensional score equation; PERT: a golden-section search over a
//! concave function of the mode; beta and the normal truncated at 0: Nelder–Mead on the
//! log-likelihood, see `optimise.rs`).
//!
//! The bounded families (beta, PERT, triangular) need a support; the MLE of a bound is
//! the data's extreme, where these densities can vanish, so the support is the data's
//! range widened by `range / (n − 1)` on each side (the unbiased estimate of a uniform's
//! bounds) and only the shape is fitted.

use statrs::function::gamma::digamma;

use super::model::{ln_beta_or_nan, ln_beta_pdf, ln_norm_cdf, pert_shapes, Model};
use super::optimise::minimise;

/// Why a family was left out, or its fit.
pub type Estimate = Result<Model, String>;

/// Summary statistics every estimate reads, computed once.
pub struct Data<'a> {
    /// The values, sorted ascending.
    pub sorted: &'a [f64],
    /// The sample mean.
    pub mean: f64,
    /// The population (divide by n) standard deviation.
    pub sd: f64,
}

impl<'a> Data<'a> {
    /// Statistics of `sorted` (ascending, at least one value).
    pub fn new(sorted: &'a [f64]) -> Data<'a> {
        let n = sorted.len() as f64;
        let mean = sorted.iter().sum::<f64>() / n;
        let var = sorted.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        Data {
            sorted,
            mean,
            sd: var.sqrt(),
        }
    }

    fn n(&self) -> f64 {
        self.sorted.len() as f64
    }

    fn min(&self) -> f64 {
        self.sorted[0]
    }

    fn max(&self) -> f64 {
        self.sorted[self.sorted.len() - 1]
    }

    /// The data's range widened by `range / (n − 1)` on each side.
    fn widened(&self) -> (f64, f64) {
        let pad = (self.max() - self.min()) / (self.n() - 1.0);
        (self.min() - pad, self.max() + pad)
    }

    fn varies(&self) -> Result<(), String> {
        if self.max() > self.min() {
            Ok(())
        } else {
            Err("every value is the same".to_string())
        }
    }

    fn count_where(&self, bad: impl Fn(f64) -> bool) -> usize {
        self.sorted.iter().filter(|&&x| bad(x)).count()
    }

    fn all_above_zero(&self) -> Result<(), String> {
        match self.count_where(|x| x <= 0.0) {
            0 => Ok(()),
            k => Err(format!("needs every value above 0 ({k} are not)")),
        }
    }
}

/// Normal: the sample mean and the population standard deviation.
pub fn normal(d: &Data<'_>) -> Estimate {
    d.varies()?;
    Ok(Model::Normal {
        mean: d.mean,
        sd: d.sd,
    })
}

/// Lognormal: the normal MLE of the logs.
pub fn lognormal(d: &Data<'_>) -> Estimate {
    d.all_above_zero()?;
    d.varies()?;
    let logs: Vec<f64> = d.sorted.iter().map(|x| x.ln()).collect();
    let n = d.n();
    let mu = logs.iter().sum::<f64>() / n;
    let sigma = (logs.iter().map(|l| (l - mu).powi(2)).sum::<f64>() / n).sqrt();
    Ok(Model::LogNormal { mu, sigma })
}

/// Uniform: the data's extremes.
pub fn uniform(d: &Data<'_>) -> Estimate {
    d.varies()?;
    Ok(Model::Uniform {
        low: d.min(),
        high: d.max(),
    })
}

/// The largest value read as a count: from 2^52 on, `x ± ½` rounds to a whole number, so a
/// unit bin around `x` has no width, and every double is whole (1e149 is, too).
pub const MAX_COUNT: f64 = 4_503_599_627_370_496.0;

/// Whether `x` is a count: a whole number from 0 to [`MAX_COUNT`].
pub fn is_count(x: f64) -> bool {
    (0.0..=MAX_COUNT).contains(&x) && x.fract() == 0.0
}

/// Poisson: the sample mean (counts only).
pub fn poisson(d: &Data<'_>) -> Estimate {
    match d.count_where(|x| !is_count(x)) {
        // Constant counts have no spread, where a Poisson's variance is its mean: refused
        // as every other family refuses them.
        0 => d.varies().map(|()| Model::Poisson { mean: d.mean }),
        k => Err(format!(
            "needs counts, whole numbers from 0 to 2^52 ({k} are not)"
        )),
    }
}

/// Bernoulli: the share of ones (0/1 data only).
pub fn bernoulli(d: &Data<'_>) -> Estimate {
    match d.count_where(|x| x != 0.0 && x != 1.0) {
        0 => d.varies().map(|()| Model::Bernoulli { p: d.mean }),
        k => Err(format!("needs values 0 or 1 ({k} are not)")),
    }
}

/// Gamma: the shape solves `ln k − ψ(k) = ln(mean) − mean(ln x)` (the profile score
/// equation, decreasing in `k`), found by bisection on `ln k` to full precision; the
/// scale is `mean / k`.
pub fn gamma(d: &Data<'_>) -> Estimate {
    d.all_above_zero()?;
    d.varies()?;
    let mean_log = d.sorted.iter().map(|x| x.ln()).sum::<f64>() / d.n();
    let s = d.mean.ln() - mean_log;
    if s <= 0.0 || !s.is_finite() {
        return Err("the values vary too little to fit a shape".to_string());
    }
    let score = |ln_k: f64| {
        let k = ln_k.exp();
        k.ln() - digamma(k) - s
    };
    // ln k − ψ(k) runs from +∞ (k → 0) down to 0 (k → ∞).
    let (mut lo, mut hi) = (-40.0_f64, 0.0_f64);
    while score(hi) > 0.0 {
        hi += 5.0;
        if hi > 60.0 {
            return Err("the shape runs past 1e26: the values hardly vary".to_string());
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if score(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let shape = (0.5 * (lo + hi)).exp();
    Ok(Model::Gamma {
        shape,
        scale: d.mean / shape,
    })
}

/// Normal truncated to `[0, ∞)`: Nelder–Mead over `(mean, ln sd)` from the sample's
/// moments, on the log-likelihood written with the sufficient statistics.
pub fn normal_above_zero(d: &Data<'_>) -> Estimate {
    match d.count_where(|x| x < 0.0) {
        0 => {}
        k => return Err(format!("needs every value 0 or above ({k} are not)")),
    }
    d.varies()?;
    let n = d.n();
    let sum: f64 = d.sorted.iter().sum();
    let sum2: f64 = d.sorted.iter().map(|x| x * x).sum();
    let neg_ll = |p: &[f64]| {
        let (mean, sd) = (p[0], p[1].exp());
        let ss = sum2 - 2.0 * mean * sum + n * mean * mean;
        n * sd.ln()
            + 0.5 * n * (2.0 * std::f64::consts::PI).ln()
            + ss / (2.0 * sd * sd)
            + n * ln_norm_cdf(mean / sd)
    };
    let start = [d.mean, d.sd.ln()];
    let (p, _) = minimise(&neg_ll, &start, &[0.5 * d.sd, 0.5])
        .ok_or_else(|| "the likelihood has no finite maximum".to_string())?;
    let (mean, sd) = (p[0], p[1].exp());
    if mean / sd < -35.0 {
        return Err(
            "the likelihood has no maximum at a finite mean (the data look exponential)"
                .to_string(),
        );
    }
    Ok(Model::NormalAboveZero { mean, sd })
}

/// The data scaled onto `[0, 1]` by the widened support, with the sums of `ln y` and
/// `ln(1 − y)`.
fn scaled_logs(d: &Data<'_>) -> (f64, f64, f64, f64) {
    let (low, high) = d.widened();
    let width = high - low;
    let (mut sum_ln, mut sum_ln1) = (0.0, 0.0);
    for x in d.sorted {
        let y = (x - low) / width;
        sum_ln += y.ln();
        sum_ln1 += (1.0 - y).ln();
    }
    (low, high, sum_ln, sum_ln1)
}

/// Beta on the widened range: Nelder–Mead over `(ln α, ln β)` from the method of moments.
pub fn beta(d: &Data<'_>) -> Estimate {
    d.varies()?;
    let (low, high, sum_ln, sum_ln1) = scaled_logs(d);
    let n = d.n();
    let neg_ll = |p: &[f64]| {
        let (a, b) = (p[0].exp(), p[1].exp());
        -((a - 1.0) * sum_ln + (b - 1.0) * sum_ln1 - n * ln_beta_or_nan(a, b))
    };
    let m = (d.mean - low) / (high - low);
    let v = (d.sd / (high - low)).powi(2);
    let common = (m * (1.0 - m) / v - 1.0).max(1e-3);
    let start = [(m * common).ln(), ((1.0 - m) * common).ln()];
    let (p, _) = minimise(&neg_ll, &start, &[0.5, 0.5])
        .ok_or_else(|| "the likelihood has no finite maximum".to_string())?;
    Ok(Model::Beta {
        alpha: p[0].exp(),
        beta: p[1].exp(),
        low,
        high,
    })
}

/// PERT on the widened range: its log-likelihood is concave in the mode (a concave beta
/// log-likelihood along the line α + β = 6), so a golden-section search finds the mode.
pub fn pert(d: &Data<'_>) -> Estimate {
    d.varies()?;
    let (low, high, sum_ln, sum_ln1) = scaled_logs(d);
    let n = d.n();
    let ll = |mode: f64| {
        let (a, b) = pert_shapes(low, mode, high);
        let v = (a - 1.0) * sum_ln + (b - 1.0) * sum_ln1 - n * ln_beta_or_nan(a, b);
        if v.is_nan() {
            f64::NEG_INFINITY
        } else {
            v
        }
    };
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (low, high);
    let mut c = b - ratio * (b - a);
    let mut e = a + ratio * (b - a);
    let (mut fc, mut fe) = (ll(c), ll(e));
    for _ in 0..200 {
        if fc > fe {
            b = e;
            e = c;
            fe = fc;
            c = b - ratio * (b - a);
            fc = ll(c);
        } else {
            a = c;
            c = e;
            fc = fe;
            e = a + ratio * (b - a);
            fe = ll(e);
        }
        if b - a <= 1e-15 * (high - low) {
            break;
        }
    }
    // The ends are candidates too (a mode on a bound).
    let inner = 0.5 * (a + b);
    let mode = [inner, low, high]
        .into_iter()
        .max_by(|x, y| ll(*x).total_cmp(&ll(*y)))
        .unwrap_or(inner);
    Ok(Model::Pert { low, mode, high })
}

/// Triangular on the widened range: between two data points the log-likelihood is convex
/// in the mode, so its maximum sits at a data point or a bound (Oliver 1972); every one
/// is tried, with prefix sums (`O(n)` after sorting).
pub fn triangular(d: &Data<'_>) -> Estimate {
    d.varies()?;
    let (low, high) = d.widened();
    let xs = d.sorted;
    let n = xs.len();
    // below[r] = Σ_{i<r} ln(x_i − low); above[r] = Σ_{i≥r} ln(high − x_i).
    let mut below = vec![0.0; n + 1];
    for (i, x) in xs.iter().enumerate() {
        below[i + 1] = below[i] + (x - low).ln();
    }
    let mut above = vec![0.0; n + 1];
    for i in (0..n).rev() {
        above[i] = above[i + 1] + (high - xs[i]).ln();
    }
    // The log-likelihood without its constant n·ln(2/(high − low)), for a mode with r
    // points below it.
    let ll = |r: usize, mode: f64| {
        let left = if r == 0 {
            0.0
        } else {
            below[r] - r as f64 * (mode - low).ln()
        };
        let right = if r == n {
            0.0
        } else {
            above[r] - (n - r) as f64 * (high - mode).ln()
        };
        left + right
    };
    let mut best = (ll(0, low), low);
    for (r, &x) in xs.iter().enumerate() {
        let v = ll(r, x);
        if v > best.0 {
            best = (v, x);
        }
    }
    if ll(n, high) > best.0 {
        best = (ll(n, high), high);
    }
    Ok(Model::Triangular {
        low,
        mode: best.1,
        high,
    })
}

/// The log-likelihood of `model` on the data (`-∞` when a value is outside its support).
pub fn log_likelihood(model: &Model, d: &Data<'_>) -> f64 {
    match *model {
        // Beta-based families: the same sums the fit maximised, in one pass.
        Model::Beta {
            alpha,
            beta,
            low,
            high,
        } => d
            .sorted
            .iter()
            .map(|x| ln_beta_pdf(alpha, beta, (x - low) / (high - low)) - (high - low).ln())
            .sum(),
        _ => d.sorted.iter().map(|&x| model.ln_pdf(x)).sum(),
    }
}

/// The log-likelihood of `model` on count data taken as unit bins: `Σ ln(F(x + ½) −
/// F(x − ½))`, comparable with a discrete family's log-probabilities.
pub fn binned_log_likelihood(model: &Model, d: &Data<'_>) -> f64 {
    d.sorted
        .iter()
        .map(|&x| (model.cdf(x + 0.5) - model.cdf(x - 0.5)).ln())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(xs: &mut [f64]) -> Data<'_> {
        xs.sort_by(f64::total_cmp);
        Data::new(xs)
    }

    /// The log-likelihood is no higher at nearby parameters (a local maximum).
    fn assert_local_max(best: f64, others: impl IntoIterator<Item = f64>) {
        for v in others {
            assert!(v <= best + 1e-9, "{v} > {best}");
        }
    }

    #[test]
    fn gamma_solves_its_score_equation() {
        let mut xs = [0.8, 1.9, 2.2, 3.1, 4.4, 0.5, 2.8, 6.0, 1.2, 2.5];
        let d = data(&mut xs);
        let Model::Gamma { shape, scale } = gamma(&d).unwrap() else {
            panic!()
        };
        let best = log_likelihood(&Model::Gamma { shape, scale }, &d);
        assert_local_max(
            best,
            [0.999, 1.001].iter().flat_map(|f| {
                let d = &d;
                [
                    log_likelihood(
                        &Model::Gamma {
                            shape: shape * f,
                            scale,
                        },
                        d,
                    ),
                    log_likelihood(
                        &Model::Gamma {
                            shape,
                            scale: scale * f,
                        },
                        d,
                    ),
                ]
            }),
        );
    }

    #[test]
    fn the_numerical_fits_are_local_maxima() {
        let mut xs = [0.3, 1.9, 2.2, 3.1, 4.4, 0.5, 2.8, 6.0, 1.2, 2.5, 0.1, 1.7];
        let d = data(&mut xs);
        for fit in [beta, pert, triangular, normal_above_zero] {
            let m = fit(&d).unwrap();
            let best = log_likelihood(&m, &d);
            let nudged: Vec<Model> = [0.99, 1.01]
                .iter()
                .flat_map(|f| match m {
                    Model::Beta {
                        alpha,
                        beta,
                        low,
                        high,
                    } => vec![
                        Model::Beta {
                            alpha: alpha * f,
                            beta,
                            low,
                            high,
                        },
                        Model::Beta {
                            alpha,
                            beta: beta * f,
                            low,
                            high,
                        },
                    ],
                    Model::Pert { low, mode, high } => {
                        vec![Model::Pert {
                            low,
                            mode: mode * f,
                            high,
                        }]
                    }
                    Model::Triangular { low, mode, high } => {
                        vec![Model::Triangular {
                            low,
                            mode: mode * f,
                            high,
                        }]
                    }
                    Model::NormalAboveZero { mean, sd } => vec![
                        Model::NormalAboveZero { mean: mean * f, sd },
                        Model::NormalAboveZero { mean, sd: sd * f },
                    ],
                    _ => unreachable!(),
                })
                .collect();
            assert_local_max(best, nudged.iter().map(|m| log_likelihood(m, &d)));
        }
    }

    #[test]
    fn families_outside_their_support_say_why() {
        let mut xs = [-1.0, 0.0, 2.0, 3.5, 4.0];
        let d = data(&mut xs);
        assert!(lognormal(&d).unwrap_err().contains("above 0 (2 are not)"));
        assert!(poisson(&d).unwrap_err().contains("(2 are not)"));
        assert!(bernoulli(&d).unwrap_err().contains("(4 are not)"));
        assert!(normal_above_zero(&d).unwrap_err().contains("(1 are not)"));
        let mut same = [2.0; 6];
        assert!(normal(&data(&mut same)).unwrap_err().contains("same"));
    }
}
