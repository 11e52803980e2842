//! Bindings for savings by practice ([`crate::model::Attribution`]).

use pyo3::prelude::*;
use pyo3::types::PyList;

use super::errors::guard;
use super::model::{table_to_py, PySimulation};

/// Savings by practice: one row per practice (mean, p5, p50, p95, share).
#[pyfunction]
pub fn attribution<'py>(py: Python<'py>, sim: &PySimulation) -> PyResult<Bound<'py, PyList>> {
    guard(|| {
        sim.ensure_detail(py)?;
        let t = py.detach(|| sim.inner.attribution_table());
        table_to_py(py, t)
    })
}

/// The parts of savings per trial, one column per practice, then `savings`.
#[pyfunction]
pub fn attribution_trials<'py>(
    py: Python<'py>,
    sim: &PySimulation,
) -> PyResult<Bound<'py, PyList>> {
    guard(|| {
        sim.ensure_detail(py)?;
        let t = py.detach(|| sim.inner.attribution_trials());
        table_to_py(py, t)
    })
}

/// The report's sentence on savings by practice.
#[pyfunction]
pub fn attribution_sentence(py: Python<'_>, sim: &PySimulation) -> PyResult<String> {
    guard(|| {
        sim.ensure_detail(py)?;
        Ok(py.detach(|| sim.inner.attribution_sentence()))
    })
}
