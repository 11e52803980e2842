//! What a Sobol indices chart shows, from [`SensitivityIndices`]: one row per input (its
//! label) with both indices and their bootstrap intervals.

use crate::chart::{ChartSpec, Detail, Provenance, SobolIndexRow, SobolIndicesData};
use crate::model::{outputs, SensitivityIndices};
use crate::money::format_count;

/// The chart of `r`, showing at most `max_rows` inputs (the largest total indices).
pub fn sobol_indices_chart(r: &SensitivityIndices, max_rows: usize) -> ChartSpec {
    let rows = r
        .groups
        .iter()
        .map(|g| SobolIndexRow {
            name: g.label.clone(),
            first_order: g.first_order,
            first_order_interval: (g.first_order_low, g.first_order_high),
            total: g.total,
            total_interval: (g.total_low, g.total_high),
        })
        .collect();
    ChartSpec::SobolIndices(SobolIndicesData {
        rows,
        x_label: format!("Share of the variance of {}", outputs::label(&r.output)),
        interval_label: format!("95% bootstrap interval ({} resamples)", r.resamples),
        max_rows: Some(max_rows),
    })
}

/// The provenance of `r`'s chart: its seed, method and scenario, and in place of trials
/// its base points (`trials` of `sensitivity_indices`), its trials in all (`evaluations`) and its bootstrap resamples, which with
/// the seed and method give the same indices again.
pub fn provenance(r: &SensitivityIndices) -> Provenance {
    let count = |key: &str, n: usize, noun: &str| {
        Detail::new(
            key,
            n.to_string(),
            format!("{} {noun}", format_count(n as u64)),
        )
    };
    Provenance {
        trials: None,
        ..Provenance::new(r.seed, 0, r.method.as_str(), &r.scenario_hash)
    }
    .with(count("base_points", r.base_points, "base points"))
    .with(count("evaluations", r.evaluations, "trials in all"))
    .with(count("resamples", r.resamples, "resamples"))
}
