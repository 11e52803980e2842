//! Variance-based sensitivity: the first-order and total Sobol indices of one output with
//! respect to every uncertain input of a plan, and to its random event counts taken as
//! one group, on the engine's own designs.
//!
//! The pick-freeze design of Saltelli et al. (2010) needs two independent sample matrices
//! `A` and `B` of `N` base points each. Here `A` is the run's design over the run's
//! dimensions (the plan's [`Dimensions`], `D` of them) under the seed, and `B` the same
//! design over the next `D` dimensions (`offset_dimensions`, below) under a seed derived
//! from it ([`second_seed`]). Under `sobol`, `(A, B)` is thus the `2D`-dimensional scrambled
//! Sobol points, as Saltelli (2002, 2010) prescribe: `A` the first `D` coordinates, `B`
//! the next `D`, every dimension with its own scramble. (Two scrambles of the *same*
//! points, paired by index, are not independent rows: for one pair of scrambles each
//! coordinate of `B` is a fixed measure-preserving map of `A`'s, so the first-order
//! estimator picks up their correlation.) Under `random` and `lhs`, which ignore
//! dimensions, `A` and `B` are two independent samples. A matrix's "columns" are the input
//! columns (from [`crate::sampling::sample_inputs_in`]) and the event draws (the cost
//! pass's, which follow the seed and dimensions it is given), so:
//!
//! * `f(A)`: the inputs of `A`, the events of `A` (the plain simulation at the seed);
//! * `f(B)`: the inputs and events of `B`;
//! * `f(A_B^i)` for input `i`: the inputs of `A` with input `i`'s column from `B`, the
//!   events of `A`;
//! * `f(A_B^events)`: the inputs of `A`, the events of `B` (every event count of every
//!   activity and year together: one group named [`EVENTS`]).
//!
//! That is `N (k + 2)` evaluations of the cost pass for `k` groups. The indices and their
//! bootstrap intervals come from [`crate::stats::sobol_indices`]. The inputs are assumed
//! independent (the indices of correlated inputs are not variance shares); the run draws
//! them without correlation targets.

use std::sync::Arc;

use super::dimensions::{offset_dimensions, plan_dimensions};
use super::error::RunError;
use super::layout::Detail;
use super::plan::Plan;
use super::run::run_pass;
use super::simulate::{assemble, check_trials};
use crate::sampling::{sample_inputs_in, stream_seed, Control, Dimensions, Method};
use crate::stats::sobol_indices::{sobol_indices as estimate, IndexError};

/// The name of the group of every random event count.
pub const EVENTS: &str = "events";

/// Mixed into the seed of the `B` matrix and of the bootstrap.
const SALT: u64 = 0x5341_4c54_454c_4c49;

/// The default number of bootstrap replicates.
pub const DEFAULT_RESAMPLES: usize = 1000;

/// The most bootstrap replicates (more only polish the third digit of an interval).
pub const MAX_RESAMPLES: usize = 100_000;

/// The seed of the `B` matrix for a run seeded `seed`.
pub fn second_seed(seed: u64) -> u64 {
    stream_seed(seed, "sensitivity:B", SALT)
}

/// One group's indices.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupIndices {
    /// The input's key (its trial-table column), or [`EVENTS`].
    pub input: String,
    /// Its label, as the tornado chart writes it.
    pub label: String,
    /// First-order index (Saltelli 2010).
    pub first_order: f64,
    /// 95 % percentile-bootstrap interval of the first-order index.
    pub first_order_low: f64,
    /// See `first_order_low`.
    pub first_order_high: f64,
    /// Total-effect index (Jansen 1999).
    pub total: f64,
    /// 95 % percentile-bootstrap interval of the total index.
    pub total_low: f64,
    /// See `total_low`.
    pub total_high: f64,
}

/// The Sobol indices of one output of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityIndices {
    /// The output.
    pub output: String,
    /// Per uncertain input in the trial table's order, then [`EVENTS`] when the scenario
    /// has random events.
    pub groups: Vec<GroupIndices>,
    /// Base points `N`.
    pub base_points: usize,
    /// Evaluations of the cost pass: `N (groups + 2)`.
    pub evaluations: usize,
    /// The seed (of `A`; `B` uses [`second_seed`]).
    pub seed: u64,
    /// The sampling method.
    pub method: Method,
    /// Bootstrap replicates.
    pub resamples: usize,
    /// The output's mean over `A` and `B`.
    pub mean: f64,
    /// The output's variance over `A` and `B`.
    pub variance: f64,
    /// The currency of the scenario.
    pub currency: String,
    /// The scenario's content hash (for a chart's provenance).
    pub scenario_hash: String,
}

/// Units of progress [`sensitivity_indices`] reports for `plan` at `base_points`.
fn work_units(plan: &Plan, groups: usize, base_points: usize) -> u64 {
    let n = base_points as u64;
    (2 * plan.inputs.len() as u64 + groups as u64 + 2).saturating_mul(n)
}

/// The values of `output` over one evaluation of the cost pass of `plan` with the input
/// columns `inputs` and the event draws of `event_seed`.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    plan: &Arc<Plan>,
    dims: &Arc<Dimensions>,
    inputs: &[Vec<f64>],
    n: usize,
    event_seed: u64,
    method: Method,
    output: &str,
    control: &Control,
) -> Result<Vec<f64>, RunError> {
    let cols: Vec<&[f64]> = inputs.iter().map(Vec::as_slice).collect();
    let (layout, columns) = run_pass(
        plan,
        dims,
        &cols,
        n,
        event_seed,
        method,
        Detail::Totals,
        control,
    )?;
    let result = assemble(
        Arc::clone(plan),
        Arc::clone(dims),
        &layout,
        inputs.to_vec(),
        columns,
        n,
        event_seed,
        method,
        Detail::Totals,
    );
    result
        .output(output)
        .map(<[f64]>::to_vec)
        .ok_or_else(|| unknown_output(&result, output))
}

fn unknown_output(result: &super::SimResult, output: &str) -> RunError {
    let names: Vec<String> = result.outputs().into_iter().map(|(n, _)| n).collect();
    RunError::Argument {
        field: "output".into(),
        message: format!(
            "unknown output {output:?}; the outputs of this scenario are {}",
            names.join(", ")
        ),
    }
}

/// The first-order and total Sobol indices of `output` (a summary output: `savings`,
/// `savings_per_year`, `{strategy}.total`, `{strategy}.one_time`) for every uncertain
/// input of `plan` and for its random events as one group, from `base_points` base points
/// of `method`'s design seeded by `seed`, with `resamples` bootstrap replicates. See the
/// module documentation for the design. The result depends only on the arguments, never
/// on the thread count.
pub fn sensitivity_indices(
    plan: &Arc<Plan>,
    output: &str,
    base_points: usize,
    seed: u64,
    method: Method,
    resamples: usize,
    control: &Control,
) -> Result<SensitivityIndices, RunError> {
    if base_points < 2 {
        return Err(RunError::Argument {
            field: "trials".into(),
            message: format!("must be at least 2 base points, got {base_points}"),
        });
    }
    if resamples > MAX_RESAMPLES {
        return Err(RunError::Argument {
            field: "resamples".into(),
            message: format!("must be at most {MAX_RESAMPLES}, got {resamples}"),
        });
    }
    check_trials(plan, base_points)?;
    let dims = Arc::new(plan_dimensions(plan));
    let has_events = dims.event_count() > 0;
    let k = plan.inputs.len() + usize::from(has_events);
    if k == 0 {
        return Err(RunError::Argument {
            field: "scenario".into(),
            message: "has no uncertain input and no random event, so there is nothing to \
                      apportion the output's variance to"
                .into(),
        });
    }
    control.expect(work_units(plan, k, base_points));
    let n = base_points;
    let seed_b = second_seed(seed);
    let dims_b = Arc::new(offset_dimensions(plan, dims.len()));
    // `events_of_b`: the event draws of `B` (its seed and dimensions), else of `A`.
    let run = |inputs: &[Vec<f64>], events_of_b: bool| {
        let (events, event_seed) = if events_of_b {
            (&dims_b, seed_b)
        } else {
            (&dims, seed)
        };
        evaluate(plan, events, inputs, n, event_seed, method, output, control)
    };
    // `A` first: an unknown output is refused after one evaluation.
    let a_in = sample_inputs_in(&plan.inputs, &dims, None, n, seed, method, control)?;
    let fa = run(&a_in, false)?;
    let b_in = sample_inputs_in(&plan.inputs, &dims_b, None, n, seed_b, method, control)?;
    let fb = run(&b_in, true)?;
    let mut fab = Vec::with_capacity(k);
    let mut mixed = a_in.clone();
    for i in 0..plan.inputs.len() {
        mixed[i].clone_from(&b_in[i]);
        fab.push(run(&mixed, false)?);
        mixed[i].clone_from(&a_in[i]);
    }
    if has_events {
        fab.push(run(&a_in, true)?);
    }
    let ab: Vec<&[f64]> = fab.iter().map(Vec::as_slice).collect();
    let boot_seed = stream_seed(seed, "sensitivity:bootstrap", SALT);
    let indices = estimate(&fa, &fb, &ab, resamples, boot_seed, &|| {
        control.is_cancelled()
    })
    .map_err(|e| match e {
        IndexError::NoVariance => RunError::Argument {
            field: "output".into(),
            message: format!(
                "{output:?} does not vary in this scenario (its variance is 0), so it has \
                 no variance to apportion"
            ),
        },
        other => RunError::Argument {
            field: "output".into(),
            message: other.to_string(),
        },
    })?;
    control.check()?;
    let names = plan
        .inputs
        .iter()
        .map(|i| (i.key.clone(), plan.scenario.input_label(&i.key)))
        .chain(has_events.then(|| (EVENTS.to_string(), "Random events".to_string())));
    let groups = names
        .zip(indices.groups)
        .map(|((input, label), g)| GroupIndices {
            input,
            label,
            first_order: g.first_order,
            first_order_low: g.first_order_interval.0,
            first_order_high: g.first_order_interval.1,
            total: g.total,
            total_low: g.total_interval.0,
            total_high: g.total_interval.1,
        })
        .collect();
    Ok(SensitivityIndices {
        output: output.to_string(),
        groups,
        base_points: n,
        evaluations: n * (k + 2),
        seed,
        method,
        resamples,
        mean: indices.mean,
        variance: indices.variance,
        currency: plan.scenario.settings.currency.clone(),
        scenario_hash: plan.scenario.content_hash(),
    })
}

#[cfg(test)]
#[path = "sensitivity_tests.rs"]
mod tests;
