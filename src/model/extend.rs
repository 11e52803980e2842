//! Continuing a run from its last trial: what a precision-controlled run does between
//! batches when its design continues there ([`crate::sampling::Design::continues_at`]:
//! `sobol` from any trial, `random` from a whole chunk without correlations), instead of
//! simulating every batch from the start.

use super::error::RunError;
use super::layout::Detail;
use super::pool::pool;
use super::result::SimResult;
use super::simulate::{check_trials, simulate_on_inputs_from, work_units, SimError};
use crate::sampling::{Control, SampleError};

/// `run` (a plain run: one seed from trial 0) continued by `more` trials: the result of
/// the same run with `run.trials + more` trials, bit for bit, computed by simulating only
/// the new trials ([`continuation`], then [`pool`]). Announces and reports the new trials'
/// work through `control`.
///
/// Refused with an `Argument` error naming `method` when the run's design cannot be
/// continued, and naming `trials` when `run` is itself a pool of several runs or the
/// longer run would not fit.
pub fn extend(run: SimResult, more: usize, control: &Control) -> Result<SimResult, SimError> {
    let [(seed, trials)] = run.origin[..] else {
        return Err(not_plain());
    };
    let piece = continuation(&run, trials, more, control)?;
    let mut longer = pool(vec![run, piece]);
    // The pool is one run of `trials + more` trials, not two runs: its detail reruns it so.
    longer.origin = vec![(seed, trials + more)];
    Ok(longer)
}

/// Trials `trials .. trials + more` of the plain run that `start` begins (`start`: one
/// seed from trial 0, `trials` of the run already simulated, from `start` and earlier
/// continuations), as a result of their own: the pool of `start`, its continuations so far
/// and this one is, bit for bit, the run of `trials + more` trials. Only the new trials are
/// simulated; their work is announced and reported through `control`.
///
/// Refused as [`extend`] is: naming `method` when the design cannot continue at `trials`,
/// `trials` when `start` is a pool of several runs or the longer run would not fit.
pub fn continuation(
    start: &SimResult,
    trials: usize,
    more: usize,
    control: &Control,
) -> Result<SimResult, SimError> {
    let design = start.method.design();
    let [(seed, _)] = start.origin[..] else {
        return Err(not_plain());
    };
    let plan = &start.plan;
    if !design.continues_at(trials as u64, plan.rank_targets.as_ref()) {
        return Err(SampleError::NotExtensible(design.name()).into());
    }
    check_trials(plan, trials.saturating_add(more))?;
    check_trials(plan, more)?;
    control.expect(work_units(plan, more));
    let dims = &start.dimensions;
    let first = trials as u64;
    let inputs = design.input_columns_from(
        first,
        &plan.inputs,
        dims,
        plan.rank_targets.as_ref(),
        more,
        seed,
        control,
    )?;
    simulate_on_inputs_from(
        first,
        plan,
        dims,
        inputs,
        more,
        seed,
        start.method,
        Detail::Totals,
        control,
    )
}

/// The refusal of a run that is not one plain run.
fn not_plain() -> SimError {
    RunError::Argument {
        field: "trials".into(),
        message: "only a plain run (one seed from trial 0) can be continued".into(),
    }
}
