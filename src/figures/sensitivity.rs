//! What a Sobol indices chart shows, from [`SensitivityIndices`]: one row per input (its
//! label) with both indices and their bootstrap intervals.

use crate::chart::{ChartSpec, Provenance, SobolIndexRow, SobolIndicesData};
use crate::model::{outputs, SensitivityIndices};

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

/// The provenance of `r`'s chart: its seed, base points, method and scenario.
pub fn provenance(r: &SensitivityIndices) -> Provenance {
    Provenance::new(
        r.seed,
        r.base_points as u64,
        r.method.as_str(),
        &r.scenario_hash,
    )
}
