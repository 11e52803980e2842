//! Binding for the paired difference of two runs ([`crate::model::paired_difference`]).

use pyo3::prelude::*;
use pyo3::types::PyList;

use std::sync::Arc;

use super::args::{seed_arg, usize_arg};
use super::errors::{guard, scenario_error};
use super::interrupt::run_interruptible;
use super::model::{run_error, split_cancel, table_to_py, PySimulation};
use super::parse_method;
use super::scenario::PyScenario;
use crate::model::{self, RunError};
use crate::sampling::Control;

/// The runs of scenarios `a` and `b` under common random numbers for every method
/// ([`crate::model::simulate_pair`]: both over the two plans' dimensions together), as
/// `(a's, b's)`. Releases the GIL, stops on Ctrl-C, and calls `progress(done, total)`
/// about ten times a second over both runs when given.
#[pyfunction]
#[pyo3(signature = (a, b, trials, seed, method, progress=None))]
pub fn simulate_pair<'py>(
    py: Python<'py>,
    a: &PyScenario,
    b: &PyScenario,
    trials: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
    method: &str,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<(PySimulation, PySimulation)> {
    guard(|| {
        let trials = usize_arg(trials, "trials", 1)?;
        let seed = seed_arg(seed)?;
        let method = parse_method(method)?;
        let (plan_a, plan_b) = (&a.plan, &b.plan);
        model::check_trials(plan_a, trials).map_err(run_error)?;
        model::check_trials(plan_b, trials).map_err(run_error)?;
        let outcome = run_interruptible(
            py,
            Arc::new(Control::new()),
            |c| {
                split_cancel(
                    model::simulate_pair(plan_a, plan_b, trials, seed, method, c),
                    |e| matches!(e, RunError::Cancelled(_)),
                )
            },
            progress,
        )?;
        let (ra, rb) = outcome.map_err(run_error)?;
        let wrap = |r| PySimulation { inner: Arc::new(r) };
        Ok((wrap(ra), wrap(rb)))
    })
}

/// Per output both runs have, the paired difference `b − a` trial by trial: `output`,
/// `mean_a`, `mean_b`, `mean_delta`, `se_delta`, `delta_p5`, `delta_p50`, `delta_p95`,
/// `prob_delta_positive`, `prob_delta_negative`. The runs must share trials, seed and
/// method (else `ScenarioError`).
#[pyfunction]
pub fn paired_difference<'py>(
    py: Python<'py>,
    a: &PySimulation,
    b: &PySimulation,
) -> PyResult<Bound<'py, PyList>> {
    guard(|| {
        let t = py
            .detach(|| super::fork::pooled(|| crate::model::paired_difference(&a.inner, &b.inner)))
            .map_err(|e| scenario_error("b", e.0))?;
        table_to_py(py, t)
    })
}
