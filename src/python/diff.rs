//! Binding for the paired difference of two runs ([`crate::model::paired_difference`]).

use pyo3::prelude::*;
use pyo3::types::PyList;

use super::errors::{guard, scenario_error};
use super::model::{table_to_py, PySimulation};

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
