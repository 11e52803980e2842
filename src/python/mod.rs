//! The Python extension module `repave_cost._core` (feature `python`).
//!
//! This layer holds no model logic: it converts Python values to core types, calls the
//! core, and converts results back (numpy arrays are moved, not copied). Errors map onto
//! the exception classes in [`errors`], and every function body runs in [`errors::guard`],
//! so a panic reaches Python as an `InternalError`, never as pyo3's `PanicException`.
//! Integer arguments go through [`args`] (a `ValueError` naming the argument and its range,
//! never an `OverflowError`); long computations go through
//! [`interrupt::run_interruptible`] so they release the GIL and stop on Ctrl-C.

pub mod args;
pub mod attribution;
pub mod break_even;
pub mod charts;
pub mod diff;
pub mod dist;
pub mod errors;
pub mod fit;
pub mod fork;
pub mod format;
pub mod interrupt;
pub mod model;
pub mod outputs;
pub mod pickle;
pub mod precision;
pub mod sampling;
pub mod scenario;
pub mod sensitivity;
pub mod value_of_information;

use std::sync::Arc;

use pyo3::prelude::*;
use rayon::prelude::*;

use crate::sampling::{designs, Control, Method};

/// Parses a sampling method name (one of [`designs`]), or raises a `ScenarioError` naming
/// `method` and listing the names.
pub(crate) fn parse_method(method: &str) -> PyResult<Method> {
    method
        .parse()
        .map_err(|message: String| errors::scenario_error("method", message))
}

/// The names of the sampling methods, the default first: every design of the core's
/// registry ([`designs`]), which the CLI offers as its `--method` choices.
#[pyfunction]
fn methods() -> PyResult<Vec<&'static str>> {
    errors::guard(|| Ok(designs().iter().map(Method::as_str).collect()))
}

/// Panics on purpose, for the tests that prove no panic reaches Python as anything but an
/// `InternalError`: in the calling thread (`where_="binding"`), in a long computation's
/// worker thread (`"worker"`), or in a rayon task inside it (`"rayon"`). Not part of the
/// API; nothing else calls it.
#[pyfunction]
#[pyo3(name = "_panic_for_test")]
fn panic_for_test(py: Python<'_>, where_: &str) -> PyResult<()> {
    errors::guard(|| match where_ {
        "binding" => panic!("deliberate test panic in the binding"),
        "worker" => interrupt::run_interruptible(
            py,
            Arc::new(Control::new()),
            |_| -> Result<(), crate::sampling::Cancelled> {
                panic!("deliberate test panic in a worker thread")
            },
            None,
        ),
        "rayon" => interrupt::run_interruptible(
            py,
            Arc::new(Control::new()),
            |_| -> Result<(), crate::sampling::Cancelled> {
                (0..64u32).into_par_iter().for_each(|i| {
                    if i == 63 {
                        panic!("deliberate test panic in a rayon task")
                    }
                });
                Ok(())
            },
            None,
        ),
        other => Err(errors::scenario_error(
            "where_",
            format!("where_ must be \"binding\", \"worker\" or \"rayon\", got {other:?}"),
        )),
    })
}

/// The `repave_cost._core` module.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    fork::record_loading_process();
    let py = m.py();
    m.add("RepaveCostError", py.get_type::<errors::RepaveCostError>())?;
    m.add("InternalError", py.get_type::<errors::InternalError>())?;
    m.add("ScenarioError", py.get_type::<errors::ScenarioError>())?;
    m.add(
        "DistributionError",
        py.get_type::<errors::DistributionError>(),
    )?;
    m.add_class::<dist::PyDistribution>()?;
    m.add_function(wrap_pyfunction!(dist::families, m)?)?;
    m.add_function(wrap_pyfunction!(sampling::sample_inputs, m)?)?;
    m.add_function(wrap_pyfunction!(sampling::summarize, m)?)?;
    m.add_function(wrap_pyfunction!(sampling::spearman, m)?)?;
    m.add_function(wrap_pyfunction!(sampling::quantile, m)?)?;
    m.add_class::<model::PySimulation>()?;
    m.add_class::<scenario::PyScenario>()?;
    m.add_function(wrap_pyfunction!(model::preset_list, m)?)?;
    m.add_function(wrap_pyfunction!(model::preset_toml, m)?)?;
    m.add_function(wrap_pyfunction!(model::simulate, m)?)?;
    m.add_function(wrap_pyfunction!(model::sweep, m)?)?;
    m.add_function(wrap_pyfunction!(model::check_sweep, m)?)?;
    m.add_function(wrap_pyfunction!(model::sweep_outputs, m)?)?;
    m.add_function(wrap_pyfunction!(pickle::simulation_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(diff::paired_difference, m)?)?;
    m.add_function(wrap_pyfunction!(diff::simulate_pair, m)?)?;
    m.add_function(wrap_pyfunction!(charts::render_result_chart, m)?)?;
    m.add_class::<charts::PySweepCharts>()?;
    m.add_class::<charts::PySweepChart>()?;
    m.add_function(wrap_pyfunction!(format::format_money, m)?)?;
    m.add_function(wrap_pyfunction!(format::format_probability, m)?)?;
    m.add_function(wrap_pyfunction!(format::format_share, m)?)?;
    m.add_function(wrap_pyfunction!(format::output_label, m)?)?;
    m.add_function(wrap_pyfunction!(outputs::outputs, m)?)?;
    m.add_function(wrap_pyfunction!(outputs::output_info, m)?)?;
    m.add_function(wrap_pyfunction!(fit::fit, m)?)?;
    m.add_function(wrap_pyfunction!(fit::render_fit_chart, m)?)?;
    m.add_function(wrap_pyfunction!(methods, m)?)?;
    m.add_function(wrap_pyfunction!(precision::simulate_to_precision_py, m)?)?;
    m.add_class::<precision::PyConvergence>()?;
    m.add_function(wrap_pyfunction!(precision::convergence_from_state, m)?)?;
    m.add_class::<sensitivity::PySensitivityIndices>()?;
    m.add_function(wrap_pyfunction!(sensitivity::sensitivity_indices, m)?)?;
    m.add_function(wrap_pyfunction!(pickle::sensitivity_indices_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(panic_for_test, m)?)?;
    m.add_function(wrap_pyfunction!(attribution::attribution, m)?)?;
    m.add_function(wrap_pyfunction!(attribution::attribution_trials, m)?)?;
    m.add_function(wrap_pyfunction!(attribution::attribution_sentence, m)?)?;
    m.add_function(wrap_pyfunction!(break_even::break_even, m)?)?;
    m.add_class::<break_even::PyBreakEven>()?;
    m.add_function(wrap_pyfunction!(pickle::break_even_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(
        value_of_information::value_of_information,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(
        value_of_information::render_value_of_information,
        m
    )?)?;
    Ok(())
}
