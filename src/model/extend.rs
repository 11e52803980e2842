//! Continuing a run from its last trial: what a precision-controlled run does between
//! batches when its design continues there ([`crate::sampling::Design::continues_at`]:
//! `sobol` from any trial, `random` from a whole chunk without correlations), instead of
//! simulating every batch from the start.

use std::sync::Arc;

use super::error::RunError;
use super::layout::Detail;
use super::pool::pool;
use super::result::SimResult;
use super::simulate::{check_trials, simulate_on_inputs_from, work_units, SimError};
use crate::sampling::{Control, SampleError};

/// `run` (a plain run: one seed from trial 0) continued by `more` trials: the result of
/// the same run with `run.trials + more` trials, bit for bit, computed by simulating only
/// the new trials. Announces and reports the new trials' work through `control`.
///
/// Refused with an `Argument` error naming `method` when the run's design cannot be
/// continued, and naming `trials` when `run` is itself a pool of several runs or the
/// longer run would not fit.
pub fn extend(run: SimResult, more: usize, control: &Control) -> Result<SimResult, SimError> {
    let design = run.method.design();
    let [(seed, trials)] = run.origin[..] else {
        return Err(RunError::Argument {
            field: "trials".into(),
            message: "only a plain run (one seed from trial 0) can be continued".into(),
        });
    };
    let plan = Arc::clone(&run.plan);
    if !design.continues_at(trials as u64, plan.rank_targets.as_ref()) {
        return Err(SampleError::NotExtensible(design.name()).into());
    }
    check_trials(&plan, trials.saturating_add(more))?;
    check_trials(&plan, more)?;
    control.expect(work_units(&plan, more));
    let dims = Arc::clone(&run.dimensions);
    let first = trials as u64;
    let inputs = design.input_columns_from(
        first,
        &plan.inputs,
        &dims,
        plan.rank_targets.as_ref(),
        more,
        seed,
        control,
    )?;
    let piece = simulate_on_inputs_from(
        first,
        &plan,
        &dims,
        inputs,
        more,
        seed,
        run.method,
        Detail::Totals,
        control,
    )?;
    let mut longer = pool(vec![run, piece]);
    // The pool is one run of `trials + more` trials, not two runs: its detail reruns it so.
    longer.origin = vec![(seed, trials + more)];
    Ok(longer)
}
