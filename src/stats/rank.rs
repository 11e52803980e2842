//! Rank-based sensitivity: Spearman correlation and tornado swings.

use super::summary::{quantile_sorted, sorted};

/// Ranks (1-based) with ties given their average rank, as scipy's `rankdata`.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_unstable_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = avg;
        }
        i = j + 1;
    }
    out
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx > 0.0 && syy > 0.0 {
        Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
    } else {
        None
    }
}

/// Spearman rank correlation of `x` and `y`; `None` when either is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    pearson(&ranks(x), &ranks(y))
}

/// One input's tornado bar.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoRow {
    /// The input's 10th percentile: trials at or below it form the low decile.
    pub low_value: f64,
    /// The input's 90th percentile: trials at or above it form the high decile.
    pub high_value: f64,
    /// Mean output over the low-decile trials.
    pub low_mean: f64,
    /// Mean output over the high-decile trials.
    pub high_mean: f64,
    /// `|high_mean − low_mean|`.
    pub swing: f64,
}

/// The tornado bar of input `x` for output `y`: the output's mean over trials where the
/// input is at or below its 10th percentile, and at or above its 90th.
pub fn tornado(x: &[f64], y: &[f64]) -> Option<TornadoRow> {
    if x.is_empty() || x.len() != y.len() {
        return None;
    }
    let s = sorted(x);
    let (low_value, high_value) = (quantile_sorted(&s, 0.1), quantile_sorted(&s, 0.9));
    let mean_where = |keep: &dyn Fn(f64) -> bool| {
        let (sum, n) = x
            .iter()
            .zip(y)
            .filter(|(xi, _)| keep(**xi))
            .fold((0.0, 0usize), |(s, n), (_, yi)| (s + yi, n + 1));
        (n > 0).then(|| sum / n as f64)
    };
    let low_mean = mean_where(&|v| v <= low_value)?;
    let high_mean = mean_where(&|v| v >= high_value)?;
    Some(TornadoRow {
        low_value,
        high_value,
        low_mean,
        high_mean,
        swing: (high_mean - low_mean).abs(),
    })
}
