//! Running the cost pass over every trial of a run, in parallel chunks.
//!
//! Both a simulation ([`super::simulate`]) and a result's on-demand detail
//! ([`super::SimResult::detail`]) run the pass through here: the modules read top-down,
//! `simulate` → `result` → `run` → `pass`, and none imports one above it.

use rayon::prelude::*;

use super::error::RunError;
use super::layout::{Detail, Layout};
use super::pass::{Pass, Scratch};
use super::plan::Plan;
use super::shared_work::shared_prefixes;
use crate::sampling::{Control, Dimensions, Method, CHUNK};

/// Runs the cost pass over all trials at `detail`, in parallel chunks, with the event draws
/// of `method`'s design over the run's dimensions `dims`; returns the layout of the columns
/// and the columns.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_pass(
    plan: &Plan,
    dims: &Dimensions,
    inputs: &[&[f64]],
    trials: usize,
    seed: u64,
    method: Method,
    detail: Detail,
    control: &Control,
) -> Result<(Layout, Vec<Vec<f64>>), RunError> {
    run_pass_from(0, plan, dims, inputs, trials, seed, method, detail, control)
}

/// [`run_pass`] over trials `first .. first + trials` of a run (the inputs are those
/// trials'): the event draws are those of the run's trials there, for a design that
/// [`crate::sampling::Design::extends`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_pass_from(
    first: u64,
    plan: &Plan,
    dims: &Dimensions,
    inputs: &[&[f64]],
    trials: usize,
    seed: u64,
    method: Method,
    detail: Detail,
    control: &Control,
) -> Result<(Layout, Vec<Vec<f64>>), RunError> {
    let layout = Layout::new(plan, detail);
    let mut columns: Vec<Vec<f64>> = (0..layout.count).map(|_| vec![0.0; trials]).collect();
    // Transpose into per-chunk lists of disjoint mutable slices.
    let n_chunks = trials.div_ceil(CHUNK);
    let mut chunks: Vec<Vec<&mut [f64]>> = (0..n_chunks)
        .map(|_| Vec::with_capacity(layout.count))
        .collect();
    for col in columns.iter_mut() {
        for (k, piece) in col.chunks_mut(CHUNK).enumerate() {
            chunks[k].push(piece);
        }
    }
    let pass = Pass {
        plan,
        layout: &layout,
        detail,
        inputs,
        seed,
        design: method.design(),
        dims,
        first,
        shared: shared_prefixes(plan),
    };

    chunks.into_par_iter().enumerate().try_for_each_init(
        Scratch::default,
        |scratch, (k, mut out)| {
            control.check()?;
            pass.run_chunk(k, &mut out, scratch);
            check_finite(plan, &layout, first + (k * CHUNK) as u64, &out)?;
            control.advance(out[0].len() as u64);
            Ok::<(), RunError>(())
        },
    )?;
    Ok((layout, columns))
}

/// The largest magnitude a cost column (a strategy's total, one-time and yearly costs) may
/// reach: far beyond any real figure (the world's yearly output is about 1e14 dollars), and
/// small enough that every statistic of a run (squares summed over up to 2^53 trials,
/// products of two outputs) stays finite. Each activity's cost is a part of its year's, so
/// it is bounded too.
pub const OUTPUT_LIMIT: f64 = 1e100;

/// Refuses a chunk with a cost beyond [`OUTPUT_LIMIT`] in magnitude (or not finite):
/// results never hold infinities or NaN, and neither do their statistics. It reads only the
/// columns every [`Detail`] computes, so a result's detail, computed later, never fails.
pub(super) fn check_finite(
    plan: &Plan,
    layout: &Layout,
    start: u64,
    out: &[&mut [f64]],
) -> Result<(), RunError> {
    for (strategy, slots) in plan.strategies.iter().zip(&layout.strategies) {
        let columns = [slots.total, slots.one_time]
            .into_iter()
            .chain(slots.years.iter().copied());
        for column in columns {
            if let Some(i) = out[column]
                .iter()
                .position(|v| v.is_nan() || v.abs() > OUTPUT_LIMIT)
            {
                let what = if column == slots.total {
                    "the total cost"
                } else if column == slots.one_time {
                    "the one-time cost"
                } else {
                    "a year's cost"
                };
                return Err(RunError::Argument {
                    field: format!("strategies.{}", strategy.name),
                    message: format!(
                        "{what} reaches {:.3e} in trial {}, beyond ±1e100, the largest a \
                         result may hold (its statistics would overflow); look for extreme \
                         values (rates, costs, counts or cycles)",
                        out[column][i],
                        start + i as u64
                    ),
                });
            }
        }
    }
    Ok(())
}
