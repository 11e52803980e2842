//! The Python extension module `repave_cost._core` (feature `python`).
//!
//! This layer holds no model logic: it converts Python values to core types, calls the
//! core, and converts results back (numpy arrays are moved, not copied). Errors map onto
//! the exception classes in [`errors`]; long computations go through
//! [`interrupt::run_interruptible`] so they release the GIL and stop on Ctrl-C.

pub mod charts;
pub mod dist;
pub mod errors;
pub mod interrupt;
pub mod model;
pub mod sampling;

use pyo3::prelude::*;

use crate::sampling::Method;

/// Parses a sampling method name, or raises a `ScenarioError` naming `method`.
pub(crate) fn parse_method(method: &str) -> PyResult<Method> {
    method
        .parse()
        .map_err(|message: String| errors::scenario_error("method", message))
}

/// The `repave_cost._core` module.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("RepaveCostError", py.get_type::<errors::RepaveCostError>())?;
    m.add("ScenarioError", py.get_type::<errors::ScenarioError>())?;
    m.add(
        "DistributionError",
        py.get_type::<errors::DistributionError>(),
    )?;
    m.add_class::<dist::PyDistribution>()?;
    m.add_function(wrap_pyfunction!(sampling::sample_inputs, m)?)?;
    m.add_function(wrap_pyfunction!(sampling::summarize, m)?)?;
    m.add_function(wrap_pyfunction!(sampling::spearman, m)?)?;
    m.add_function(wrap_pyfunction!(sampling::quantile, m)?)?;
    m.add_class::<model::PySimulation>()?;
    m.add_function(wrap_pyfunction!(model::parse_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(model::validate_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(model::scenario_to_toml, m)?)?;
    m.add_function(wrap_pyfunction!(model::replace_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(model::preset_list, m)?)?;
    m.add_function(wrap_pyfunction!(model::scenario_hash, m)?)?;
    m.add_function(wrap_pyfunction!(model::preset_toml, m)?)?;
    m.add_function(wrap_pyfunction!(model::simulate, m)?)?;
    m.add_function(wrap_pyfunction!(model::sweep, m)?)?;
    m.add_function(wrap_pyfunction!(charts::render_result_chart, m)?)?;
    m.add_function(wrap_pyfunction!(charts::render_sweep_lines, m)?)?;
    m.add_function(wrap_pyfunction!(charts::render_heatmap, m)?)?;
    m.add_function(wrap_pyfunction!(charts::format_money, m)?)?;
    Ok(())
}
