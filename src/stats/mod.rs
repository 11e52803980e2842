//! Statistics over a sample: summaries, quantiles, rank correlation, tornado swings and
//! which input carries an output's upper tail.
//!
//! Quantiles use linear interpolation between order statistics, numpy's default, so an
//! analyst can cross-check any number with `numpy.quantile`.
//!
//! ```
//! use repave_cost::stats::{quantile_sorted, Summary};
//! let s = Summary::of(&[1.0, 2.0, 3.0, 4.0], 2.5);
//! assert_eq!(s.mean, 2.5);
//! assert_eq!(s.p50, 2.5);
//! assert_eq!(s.prob_above, 0.5);
//! assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.1), 1.3);
//! ```

pub mod correlation_matrix;
pub mod intervals;
mod radix;
mod rank;
pub mod rank_targets;
pub mod sobol_indices;
mod summary;
mod tail;

pub use intervals::Interval;
pub use radix::{sort_total, RadixScratch};
pub use rank::{ranks, spearman, tornado, TornadoRow};
pub use summary::{
    hazen_quantiles_in_place, hazen_reaches, quantile_sorted, quantiles, quantiles_in_place,
    sorted, stable_sum, Summary, SUMMARY_QUANTILES,
};
pub use tail::{tail_row, upper_tail, TailRow};

#[cfg(test)]
mod tests;
