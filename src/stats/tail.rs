//! Which input carries the upper tail of an output: Monte Carlo filtering on ranks.
//!
//! The trials whose output is at or above its `q`-quantile form the *tail*. An input that
//! has nothing to do with the tail sits, over those trials, at its 50th percentile on
//! average, as over all trials; an input that carries the tail sits far above (or far
//! below) it. The measure is unit-free, so inputs in hours, money and rates compare
//! directly, and it needs no new simulation.

use super::rank::ranks;
use super::summary::{quantile_sorted, sorted, stable_sum};

/// The upper tail of `y`: which trials are at or above its `q`-quantile (linear
/// interpolation, as every quantile here), and that quantile. `None` for an empty `y`.
pub fn upper_tail(y: &[f64], q: f64) -> Option<(Vec<bool>, f64)> {
    if y.is_empty() {
        return None;
    }
    let cutoff = quantile_sorted(&sorted(y), q);
    Some((y.iter().map(|&v| v >= cutoff).collect(), cutoff))
}

/// One input's place in an output's upper tail.
#[derive(Clone, Debug, PartialEq)]
pub struct TailRow {
    /// The input's mean percentile over the tail trials, each trial's percentile being
    /// (mid-rank − ½) / n among all n trials: 0.5 when the input is unrelated to the tail,
    /// near 1 when the tail happens where the input is high, near 0 where it is low.
    pub tail_percentile: f64,
    /// `tail_percentile − 0.5` in standard errors: the spread of the mean percentile of as
    /// many trials drawn at random without replacement. Beyond ±3, chance is an unlikely
    /// explanation.
    pub z: f64,
    /// The input's mean over the tail trials, in its own unit.
    pub tail_mean: f64,
    /// The input's mean over all trials.
    pub mean: f64,
}

/// Where input `x` sits over the trials marked in `tail`. `None` when the lengths differ,
/// the tail is empty or holds every trial, or `x` never changes.
pub fn tail_row(x: &[f64], tail: &[bool]) -> Option<TailRow> {
    let n = x.len();
    let m = tail.iter().filter(|&&t| t).count();
    if n != tail.len() || m == 0 || m == n {
        return None;
    }
    let nf = n as f64;
    let pct: Vec<f64> = ranks(x).into_iter().map(|r| (r - 0.5) / nf).collect();
    // Mid-ranks average (n + 1) / 2, so percentiles average exactly 0.5.
    let var = stable_sum(&pct.iter().map(|u| (u - 0.5).powi(2)).collect::<Vec<_>>()) / nf;
    if var <= 0.0 {
        return None;
    }
    let pick = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .zip(tail)
            .filter(|(_, &t)| t)
            .map(|(a, _)| *a)
            .collect()
    };
    let mf = m as f64;
    let tail_percentile = stable_sum(&pick(&pct)) / mf;
    let se = (var / mf * (nf - mf) / (nf - 1.0)).sqrt();
    Some(TailRow {
        tail_percentile,
        z: (tail_percentile - 0.5) / se,
        tail_mean: stable_sum(&pick(x)) / mf,
        mean: stable_sum(x) / nf,
    })
}
