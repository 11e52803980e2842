//! Pooling the results of independent runs of one plan into one result.

use std::sync::OnceLock;

use super::result::SimResult;

/// The trials of `parts` (runs of one plan by one method, in order) as one result: every
/// per-trial column is the parts' columns joined in order, `trials` their sum, `seed` and
/// the other fields those of the first part. The result's detail
/// ([`SimResult::detail`]) reruns each part with its own seed, so it is exactly what each
/// part's totals were made of.
///
/// # Panics
///
/// If `parts` is empty or the parts do not come from the same plan and method.
pub fn pool(parts: Vec<SimResult>) -> SimResult {
    let mut parts = parts.into_iter();
    let mut out = parts.next().expect("pool: at least one result");
    for part in parts {
        assert!(
            std::sync::Arc::ptr_eq(&out.plan, &part.plan) && out.method == part.method,
            "pool: the parts come from different plans or methods"
        );
        // Every field named, so that a new per-trial field cannot be forgotten here.
        let SimResult {
            scenario: _,
            trials,
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
            origin,
            dimensions: _,
            detail: _,
            attribution: _,
        } = part;
        out.trials += trials;
        out.origin.extend(origin);
        for ((_, all), (_, more)) in out.inputs.iter_mut().zip(inputs) {
            all.extend(more);
        }
        for (all, more) in out.strategies.iter_mut().zip(strategies) {
            all.total.extend(more.total);
            all.one_time.extend(more.one_time);
            for (a, m) in all.year_cost.iter_mut().zip(more.year_cost) {
                a.extend(m);
            }
        }
        out.savings.extend(savings);
        out.savings_per_year.extend(savings_per_year);
        out.payback_year.extend(payback_year);
    }
    out.detail = OnceLock::new();
    out.attribution = OnceLock::new();
    out
}
