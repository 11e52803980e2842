//! The simulation loop: one pass over trials in fixed-size chunks, in parallel.

use std::sync::{Arc, OnceLock};

use super::dimensions::plan_dimensions;
use super::error::RunError;
use super::layout::{Detail, Layout};
use super::plan::Plan;
use super::result::{assemble_detail, SimResult, StrategyOutput};
use super::run::run_pass_from;
use crate::limits::checked_len;
use crate::sampling::{sample_inputs_in, Control, Dimensions, Method};

/// The most trial cells (trials × stored columns) one simulation may hold: 2^30 cells,
/// 8 GiB of f64 ([`crate::limits::MAX_BYTES`]). Larger runs are refused up front, by
/// [`check_trials`], instead of exhausting memory.
pub const MAX_TRIAL_CELLS: u64 = crate::limits::MAX_BYTES / 8;

/// Why a simulation did not produce a result: [`RunError`] (a simulation never returns its
/// `Scenario` variant; the plan was compiled before).
pub type SimError = RunError;

/// Checks that `trials` trials of `plan` fit the memory limit with every column it may
/// come to hold (inputs, totals, and the per-activity and per-role detail), before
/// anything is allocated; the error names `trials` and the most that fit.
pub fn check_trials(plan: &Plan, trials: usize) -> Result<usize, SimError> {
    if trials < 1 {
        return Err(SimError::Argument {
            field: "trials".into(),
            message: format!("must be at least 1, got {trials}"),
        });
    }
    let columns = (Layout::columns(plan, Detail::Full) + plan.inputs.len()) as u64;
    let bytes = 8 * columns;
    Ok(checked_len(
        "trials",
        trials as u64,
        bytes,
        &format!("trials of this scenario, {bytes} bytes each"),
    )?)
}

/// Runs `trials` trials of `plan`. The result depends only on the plan, `trials`, `seed`
/// and `method`, never on the number of threads.
///
/// The result keeps each strategy's totals, one-time and yearly costs per trial; the
/// per-activity and per-role columns are computed when first asked for
/// ([`SimResult::detail`]) by running the same deterministic pass again.
pub fn simulate(
    plan: &Arc<Plan>,
    trials: usize,
    seed: u64,
    method: Method,
    control: &Control,
) -> Result<SimResult, SimError> {
    check_trials(plan, trials)?;
    control.expect(work_units(plan, trials));
    let dims = Arc::new(plan_dimensions(plan));
    simulate_counted(plan, &dims, trials, seed, method, Detail::Totals, control)
}

/// Units of progress one simulation reports: one per trial per input, plus one per trial
/// for the cost pass.
pub(crate) fn work_units(plan: &Plan, trials: usize) -> u64 {
    (plan.inputs.len() as u64 + 1).saturating_mul(trials as u64)
}

/// [`simulate`] without announcing its work to `control` (the caller already did), keeping
/// the columns of `detail`, over the run's dimensions `dims` (the plan's, or a sweep's).
pub(crate) fn simulate_counted(
    plan: &Arc<Plan>,
    dims: &Arc<Dimensions>,
    trials: usize,
    seed: u64,
    method: Method,
    detail: Detail,
    control: &Control,
) -> Result<SimResult, SimError> {
    check_trials(plan, trials)?;
    let correlation = plan.rank_targets.as_ref();
    let inputs = sample_inputs_in(
        &plan.inputs,
        dims,
        correlation,
        trials,
        seed,
        method,
        control,
    )?;
    simulate_on_inputs(plan, dims, inputs, trials, seed, method, detail, control)
}

/// [`simulate_counted`] on input columns drawn already: those [`sample_inputs_in`] gives for
/// this plan's inputs, correlations, `dims`, `trials`, `seed` and `method` (a sweep draws
/// them once for every grid point whose inputs and correlations are the same).
#[allow(clippy::too_many_arguments)]
pub(crate) fn simulate_on_inputs(
    plan: &Arc<Plan>,
    dims: &Arc<Dimensions>,
    inputs: Vec<Vec<f64>>,
    trials: usize,
    seed: u64,
    method: Method,
    detail: Detail,
    control: &Control,
) -> Result<SimResult, SimError> {
    simulate_on_inputs_from(0, plan, dims, inputs, trials, seed, method, detail, control)
}

/// [`simulate_on_inputs`] for trials `first .. first + trials` of a run, on those trials'
/// input columns ([`crate::sampling::Design::input_columns_from`]); the result holds just
/// those trials (its `origin` says `(seed, trials)`, as for a run of its own).
#[allow(clippy::too_many_arguments)]
pub(crate) fn simulate_on_inputs_from(
    first: u64,
    plan: &Arc<Plan>,
    dims: &Arc<Dimensions>,
    inputs: Vec<Vec<f64>>,
    trials: usize,
    seed: u64,
    method: Method,
    detail: Detail,
    control: &Control,
) -> Result<SimResult, SimError> {
    let input_cols: Vec<&[f64]> = inputs.iter().map(Vec::as_slice).collect();
    let (layout, columns) = run_pass_from(
        first,
        plan,
        dims,
        &input_cols,
        trials,
        seed,
        method,
        detail,
        control,
    )?;
    Ok(assemble(
        Arc::clone(plan),
        Arc::clone(dims),
        &layout,
        inputs,
        columns,
        trials,
        seed,
        method,
        detail,
    ))
}

/// Moves the flat columns into the result's structure.
#[allow(clippy::too_many_arguments)]
pub(super) fn assemble(
    plan: Arc<Plan>,
    dimensions: Arc<Dimensions>,
    layout: &Layout,
    inputs: Vec<Vec<f64>>,
    mut columns: Vec<Vec<f64>>,
    trials: usize,
    seed: u64,
    method: Method,
    detail: Detail,
) -> SimResult {
    let details = (detail == Detail::Full).then(|| assemble_detail(&plan, layout, &mut columns));
    let mut take = |i: usize| std::mem::take(&mut columns[i]);
    let strategies = plan
        .strategies
        .iter()
        .zip(&layout.strategies)
        .map(|(s, slots)| StrategyOutput {
            name: s.name.clone(),
            total: take(slots.total),
            one_time: take(slots.one_time),
            year_cost: slots.years.iter().map(|&c| take(c)).collect(),
        })
        .collect();
    let savings = take(layout.savings);
    let years = plan.horizon as f64;
    let savings_per_year = savings.iter().map(|s| s / years).collect();
    let payback_year = take(layout.payback);
    let result = SimResult {
        scenario: Arc::clone(&plan.scenario),
        trials,
        seed,
        method,
        horizon: plan.horizon,
        inputs: plan
            .inputs
            .iter()
            .map(|i| i.key.clone())
            .zip(inputs)
            .collect(),
        strategies,
        baseline: plan.baseline,
        alternative: plan.alternative,
        savings,
        savings_per_year,
        payback_year,
        plan,
        origin: vec![(seed, trials)],
        dimensions,
        detail: OnceLock::new(),
        attribution: OnceLock::new(),
    };
    if let Some(d) = details {
        let _ = result.detail.set(d);
    }
    result
}
