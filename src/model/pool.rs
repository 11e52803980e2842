//! Pooling the results of independent runs of one plan into one result.

use std::sync::OnceLock;

use rayon::prelude::*;

use super::result::{SimResult, StrategyOutput};

/// The trials of `parts` (runs of one plan by one method, in order) as one result: every
/// per-trial column is the parts' columns joined in order, `trials` their sum, `seed` and
/// the other fields those of the first part. The result's detail
/// ([`SimResult::detail`]) reruns each part with its own seed, so it is exactly what each
/// part's totals were made of.
///
/// Each joined column is allocated once at its full length and the columns are joined in
/// parallel.
///
/// # Panics
///
/// If `parts` is empty or the parts do not come from the same plan and method.
pub fn pool(parts: Vec<SimResult>) -> SimResult {
    let mut parts = parts.into_iter();
    let mut out = parts.next().expect("pool: at least one result");
    let mut rest: Vec<Vec<Vec<f64>>> = Vec::with_capacity(parts.len());
    for mut part in parts {
        assert!(
            std::sync::Arc::ptr_eq(&out.plan, &part.plan) && out.method == part.method,
            "pool: the parts come from different plans or methods"
        );
        out.trials += part.trials;
        out.origin.append(&mut part.origin);
        rest.push(
            per_trial_columns(&mut part)
                .into_iter()
                .map(std::mem::take)
                .collect(),
        );
    }
    if !rest.is_empty() {
        per_trial_columns(&mut out)
            .into_par_iter()
            .enumerate()
            .for_each(|(c, column)| {
                column.reserve_exact(rest.iter().map(|part| part[c].len()).sum());
                for part in &rest {
                    column.extend_from_slice(&part[c]);
                }
            });
    }
    out.detail = OnceLock::new();
    out.attribution = OnceLock::new();
    out
}

/// Every per-trial column of `run`, always in the same order (so that the columns of two
/// runs of one plan pair up by position).
fn per_trial_columns(run: &mut SimResult) -> Vec<&mut Vec<f64>> {
    // Every field named, so that a new per-trial field cannot be forgotten here.
    let SimResult {
        scenario: _,
        trials: _,
        seed: _,
        method: _,
        horizon: _,
        inputs,
        strategies,
        baseline: _,
        alternative: _,
        savings,
        savings_per_year,
        payback_year,
        plan: _,
        origin: _,
        dimensions: _,
        detail: _,
        attribution: _,
    } = run;
    let mut columns: Vec<&mut Vec<f64>> = inputs.iter_mut().map(|(_, v)| v).collect();
    for StrategyOutput {
        name: _,
        total,
        one_time,
        year_cost,
    } in strategies.iter_mut()
    {
        columns.push(total);
        columns.push(one_time);
        columns.extend(year_cost.iter_mut());
    }
    columns.push(savings);
    columns.push(savings_per_year);
    columns.push(payback_year);
    columns
}
