//! The random dimensions of a run ([`Dimensions`]), from its plan or, for a sweep, from
//! every point's plan, so that every point gives an input or an event count the same
//! dimension (common random numbers under a point-set design).

use super::plan::Plan;
use crate::sampling::Dimensions;
use crate::scenario::Driver;

/// The dimensions of the runs of `plans`, over the union of their keys: first every
/// uncertain input (the first plan's in its column order, then any other plan's new ones),
/// then every event count, one per `(event key, year)` of an activity with a probability
/// (year 0 for a one-time item, `1..=T` for a recurring one; strategies in name order,
/// activities in file order, a key shared by both strategies once). A key keeps its
/// dimension at a point that lacks it, so the other keys' dimensions do not move.
pub(crate) fn run_dimensions(plans: &[&Plan]) -> Dimensions {
    add_run_dimensions(Dimensions::new(), plans)
}

/// [`run_dimensions`] added after the dimensions already in `dims`.
fn add_run_dimensions(mut dims: Dimensions, plans: &[&Plan]) -> Dimensions {
    for plan in plans {
        for input in &plan.inputs {
            dims.add_input(&input.key);
        }
    }
    for plan in plans {
        let random = plan
            .strategies
            .iter()
            .flat_map(|s| &s.activities)
            .filter(|a| a.probability.is_some());
        for activity in random {
            let years = match activity.driver {
                Driver::Once => 0..=0,
                _ => 1..=plan.horizon,
            };
            for year in years {
                dims.add_event(&activity.event_key, year);
            }
        }
    }
    dims
}

/// The dimensions of a run of `plan` alone.
pub(crate) fn plan_dimensions(plan: &Plan) -> Dimensions {
    run_dimensions(&[plan])
}

/// The dimensions of a run of `plan` moved up by `offset`: every input and event count has
/// its [`plan_dimensions`] dimension plus `offset` (the dimensions below are placeholders
/// no key uses). The second matrix of a Sobol-index design reads the next coordinates of
/// the same points this way.
pub(crate) fn offset_dimensions(plan: &Plan, offset: usize) -> Dimensions {
    let mut dims = Dimensions::new();
    for d in 0..offset {
        // A key no input has: input keys are field paths or parameter names.
        dims.add_input(&format!("\u{0}offset:{d}"));
    }
    add_run_dimensions(dims, &[plan])
}
