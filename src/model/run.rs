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

/// Refuses a chunk whose totals overflowed: results never hold infinities or NaN.
pub(super) fn check_finite(
    plan: &Plan,
    layout: &Layout,
    start: u64,
    out: &[&mut [f64]],
) -> Result<(), RunError> {
    for (strategy, slots) in plan.strategies.iter().zip(&layout.strategies) {
        if let Some(i) = out[slots.total].iter().position(|v| !v.is_finite()) {
            return Err(RunError::Argument {
                field: format!("strategies.{}", strategy.name),
                message: format!(
                    "the total cost overflows (is not a finite number) in trial {}; \
                     look for extreme values (rates, costs, counts or cycles near 1e300)",
                    start + i as u64
                ),
            });
        }
    }
    Ok(())
}
