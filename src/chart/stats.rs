//! Small numeric helpers: input validation, quantiles, exceedance, break-even.

use super::ChartError;

/// Fails unless `values` is non-empty and every value is finite.
pub(crate) fn check_sample(what: &str, values: &[f64]) -> Result<(), ChartError> {
    if values.is_empty() {
        return Err(ChartError::EmptyData(format!(
            "{what}: the sample is empty"
        )));
    }
    check_finite(what, values)
}

/// Largest magnitude accepted in chart data (a thousand trillion): beyond it axis
/// arithmetic loses meaning, and no cost model needs it.
pub const MAX_ABS_VALUE: f64 = 1e15;

/// Fails if any value is NaN, infinite or beyond [`MAX_ABS_VALUE`], naming the first
/// bad index.
pub(crate) fn check_finite(what: &str, values: &[f64]) -> Result<(), ChartError> {
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(ChartError::NonFinite(format!(
            "{what}: value at index {i} is {} (all values must be finite)",
            values[i]
        )));
    }
    if let Some(i) = values.iter().position(|v| v.abs() > MAX_ABS_VALUE) {
        return Err(ChartError::InvalidInput(format!(
            "{what}: value at index {i} is {:e}, beyond the ±{MAX_ABS_VALUE:e} that charts support",
            values[i]
        )));
    }
    Ok(())
}

/// Fails unless `len` equals `expected`.
pub(crate) fn check_len(what: &str, len: usize, expected: usize) -> Result<(), ChartError> {
    if len != expected {
        return Err(ChartError::ShapeMismatch(format!(
            "{what}: has {len} values, expected {expected}"
        )));
    }
    Ok(())
}

/// A sorted copy of `values` (which must be finite).
pub(crate) fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// Quantile `q` in `[0, 1]` of a sorted, non-empty sample (linear interpolation
/// between order statistics, "type 7").
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let h = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let i = h.floor() as usize;
    if i + 1 >= n {
        return sorted[n - 1];
    }
    sorted[i] + (h - i as f64) * (sorted[i + 1] - sorted[i])
}

/// Fraction of a sorted sample strictly greater than `x`.
pub(crate) fn exceedance(sorted: &[f64], x: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at_or_below = sorted.partition_point(|&v| v <= x);
    (sorted.len() - at_or_below) as f64 / sorted.len() as f64
}

/// The first `x` where `y` crosses zero, by linear interpolation between the two
/// surrounding points (in `log10(x)` when `log_x` is set). A point exactly at zero is
/// returned as is; `None` when `y` never reaches zero. `xs` and `ys` must have the same
/// length and `xs` must be sorted.
pub fn break_even(xs: &[f64], ys: &[f64], log_x: bool) -> Option<f64> {
    let n = xs.len().min(ys.len());
    for i in 0..n {
        if ys[i] == 0.0 {
            return Some(xs[i]);
        }
        if i + 1 < n && (ys[i] < 0.0) != (ys[i + 1] < 0.0) && ys[i + 1] != 0.0 {
            let f = ys[i] / (ys[i] - ys[i + 1]);
            return Some(if log_x && xs[i] > 0.0 && xs[i + 1] > 0.0 {
                let (a, b) = (xs[i].log10(), xs[i + 1].log10());
                10f64.powf(a + f * (b - a))
            } else {
                xs[i] + f * (xs[i + 1] - xs[i])
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles() {
        let s = sorted(&[5.0, 1.0, 3.0, 2.0, 4.0]);
        assert_eq!(quantile_sorted(&s, 0.0), 1.0);
        assert_eq!(quantile_sorted(&s, 0.5), 3.0);
        assert_eq!(quantile_sorted(&s, 1.0), 5.0);
        assert_eq!(quantile_sorted(&s, 0.125), 1.5);
        assert_eq!(quantile_sorted(&[7.0], 0.9), 7.0);
    }

    #[test]
    fn exceedance_counts_strictly_greater() {
        let s = sorted(&[1.0, 2.0, 2.0, 3.0]);
        assert_eq!(exceedance(&s, 0.0), 1.0);
        assert_eq!(exceedance(&s, 2.0), 0.25);
        assert_eq!(exceedance(&s, 3.0), 0.0);
    }

    #[test]
    fn break_even_interpolates_linearly() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        let ys = [-30.0, -10.0, 30.0, 50.0];
        assert_eq!(break_even(&xs, &ys, false), Some(2.25));
        // decreasing crossing
        assert_eq!(break_even(&[0.0, 10.0], &[5.0, -15.0], false), Some(2.5));
        // exact zero
        assert_eq!(break_even(&xs, &[-1.0, 0.0, 1.0, 2.0], false), Some(2.0));
        // never crosses
        assert_eq!(break_even(&xs, &[1.0, 2.0, 3.0, 4.0], false), None);
        // log interpolation: halfway in log space between 10 and 1000 is 100
        let be = break_even(&[10.0, 1000.0], &[-1.0, 1.0], true).unwrap();
        assert!((be - 100.0).abs() < 1e-9);
    }

    #[test]
    fn validation_messages() {
        assert!(matches!(
            check_sample("s", &[]),
            Err(ChartError::EmptyData(_))
        ));
        let e = check_sample("savings", &[1.0, f64::NAN]).unwrap_err();
        assert!(e.to_string().contains("index 1"), "{e}");
        assert!(matches!(
            check_len("p5", 3, 4),
            Err(ChartError::ShapeMismatch(_))
        ));
    }
}
