//! The one-sample Kolmogorov–Smirnov statistic and its asymptotic p-value.
//!
//! The p-value is Kolmogorov's limiting distribution, `P(√n·D > λ)` (scipy's
//! `kstwobign.sf`), which is what `scipy.stats.kstest(..., method="asymp")` reports. Two
//! caveats, stated in docs/fitting.md: with parameters estimated from the same data the
//! p-value is too large (Lilliefors 1967), so it ranks fits rather than testing them; and
//! for the discrete families the test is conservative.

use std::f64::consts::PI;

use super::model::Model;

/// `D = sup |F_n − F|` of the sorted values against `model`'s CDF (NaN when the CDF is
/// NaN somewhere). For a continuous
/// family the supremum is taken at each value from both sides; for a discrete one at each
/// distinct value, where both CDFs jump, and just below it.
pub fn statistic(sorted: &[f64], model: &Model) -> f64 {
    let n = sorted.len() as f64;
    let mut d: f64 = 0.0;
    if model.is_discrete() {
        let mut i = 0;
        while i < sorted.len() {
            let x = sorted[i];
            let mut j = i;
            while j < sorted.len() && sorted[j] == x {
                j += 1;
            }
            // Just below x (the previous integer, for counts) and at x.
            let below_emp = i as f64 / n;
            let at_emp = j as f64 / n;
            if model.cdf(x).is_nan() || model.cdf(x - 1.0).is_nan() {
                return f64::NAN;
            }
            d = d.max((below_emp - model.cdf(x - 1.0)).abs());
            d = d.max((at_emp - model.cdf(x)).abs());
            i = j;
        }
        d
    } else {
        for (i, &x) in sorted.iter().enumerate() {
            let f = model.cdf(x);
            if f.is_nan() {
                return f64::NAN; // `max` would skip it
            }
            d = d.max((i as f64 + 1.0) / n - f).max(f - i as f64 / n);
        }
        d
    }
}

/// Kolmogorov's survival function `Q(λ) = P(K > λ)`: the alternating series
/// `2 Σ (−1)^(k−1) e^(−2k²λ²)` for `λ ≥ 1`, the Jacobi form
/// `1 − √(2π)/λ Σ e^(−(2k−1)²π²/(8λ²))` below (both converge fast there).
pub fn kolmogorov_sf(lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return 1.0;
    }
    if lambda < 1.0 {
        let mut sum = 0.0;
        for k in 1..=20 {
            let m = f64::from(2 * k - 1);
            sum += (-(m * m) * PI * PI / (8.0 * lambda * lambda)).exp();
        }
        (1.0 - (2.0 * PI).sqrt() / lambda * sum).clamp(0.0, 1.0)
    } else {
        let mut sum = 0.0;
        for k in 1..=100 {
            let k = f64::from(k);
            let term = (-2.0 * k * k * lambda * lambda).exp();
            sum += if k as u32 % 2 == 1 { term } else { -term };
            if term < 1e-300 {
                break;
            }
        }
        (2.0 * sum).clamp(0.0, 1.0)
    }
}

/// The asymptotic p-value of statistic `d` on `n` values.
pub fn p_value(d: f64, n: usize) -> f64 {
    kolmogorov_sf((n as f64).sqrt() * d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_series_agree_where_they_meet() {
        let below = kolmogorov_sf(1.0 - 1e-12);
        let above = kolmogorov_sf(1.0);
        assert!((below - above).abs() < 1e-10, "{below} {above}");
        // Q(1.3581) ≈ 0.05, the classic 5% critical value.
        assert!((kolmogorov_sf(1.358_099) - 0.05).abs() < 1e-5);
    }

    #[test]
    fn a_perfect_uniform_grid_has_d_of_one_over_2n() {
        let n = 10;
        let xs: Vec<f64> = (0..n)
            .map(|i| (f64::from(i) + 0.5) / f64::from(n))
            .collect();
        let d = statistic(
            &xs,
            &Model::Uniform {
                low: 0.0,
                high: 1.0,
            },
        );
        assert!((d - 0.05).abs() < 1e-15, "{d}");
    }
}
