//! Bindings for variance-based sensitivity: `_core.sensitivity_indices` and the result
//! object it returns (its table's columns and its chart). The estimation is in the core
//! ([`crate::model::sensitivity`]).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use super::args::{seed_arg, usize_arg};
use super::charts::{draw, options, PyChartOptions};
use super::errors::guard;
use super::interrupt::run_interruptible;
use super::model::{run_error, split_cancel};
use super::parse_method;
use super::scenario::PyScenario;
use crate::model::{self, RunError, SensitivityIndices};

/// What `SensitivityIndices.__reduce__` returns: the function that rebuilds it and its
/// argument (the record).
type Reduced<'py> = (Bound<'py, PyAny>, (Bound<'py, PyTuple>,));

/// First-order and total Sobol indices of one output, kept in Rust.
#[pyclass(name = "SensitivityIndices", module = "repave_cost._core", frozen)]
pub struct PySensitivityIndices {
    /// The indices with what they depend on.
    pub(crate) inner: Arc<SensitivityIndices>,
}

#[pymethods]
impl PySensitivityIndices {
    /// The output whose variance is apportioned.
    #[getter]
    fn output(&self) -> String {
        self.inner.output.clone()
    }

    /// Base points `N` (rows of each of the matrices `A` and `B`).
    #[getter]
    fn base_points(&self) -> usize {
        self.inner.base_points
    }

    /// Evaluations of the cost pass, `N (groups + 2)`.
    #[getter]
    fn evaluations(&self) -> usize {
        self.inner.evaluations
    }

    /// The seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// The sampling method's name.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method.as_str()
    }

    /// Bootstrap replicates behind the intervals.
    #[getter]
    fn resamples(&self) -> usize {
        self.inner.resamples
    }

    /// The output's mean over `A` and `B`.
    #[getter]
    fn mean(&self) -> f64 {
        self.inner.mean
    }

    /// The output's variance over `A` and `B`.
    #[getter]
    fn variance(&self) -> f64 {
        self.inner.variance
    }

    /// The table's columns, in order: `(name, values)`.
    #[allow(clippy::type_complexity)]
    fn columns(&self) -> (Vec<String>, Vec<String>, Vec<(&'static str, Vec<f64>)>) {
        let g = &self.inner.groups;
        let pick = |f: fn(&model::GroupIndices) -> f64| g.iter().map(f).collect::<Vec<f64>>();
        (
            g.iter().map(|x| x.input.clone()).collect(),
            g.iter().map(|x| x.label.clone()).collect(),
            vec![
                ("first_order", pick(|x| x.first_order)),
                ("first_order_low", pick(|x| x.first_order_low)),
                ("first_order_high", pick(|x| x.first_order_high)),
                ("total", pick(|x| x.total)),
                ("total_low", pick(|x| x.total_low)),
                ("total_high", pick(|x| x.total_high)),
            ],
        )
    }

    /// The chart of first-order and total indices, PNG or SVG bytes; at most `top` rows.
    fn render<'py>(
        &self,
        py: Python<'py>,
        opts: PyChartOptions<'py>,
        top: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        guard(|| {
            let top = usize_arg(top, "top", 1)?;
            let (opts, format) = options(&opts, &self.inner.currency)?;
            let spec = crate::figures::sensitivity::sobol_indices_chart(&self.inner, top);
            let prov = crate::figures::sensitivity::provenance(&self.inner);
            draw(py, &spec, &opts, &prov, format)
        })
    }

    /// The record for pickling: every index with its interval and what they depend on, as
    /// plain values (see `sensitivity_indices_from_state`).
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        guard(|| super::pickle::sensitivity_record(&self.inner).into_pyobject(py))
    }

    /// Pickles as the record; nothing is estimated again.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        guard(|| {
            let rebuild = py
                .import("repave_cost._core")?
                .getattr("sensitivity_indices_from_state")?;
            Ok((rebuild, (self.state(py)?,)))
        })
    }
}

/// The first-order and total Sobol indices of `output` for every uncertain input of the
/// compiled scenario (and its random events as one group) from `trials` base points of
/// `method`'s design, with `resamples` bootstrap replicates; releases the GIL, stops on
/// Ctrl-C and reports progress.
#[pyfunction]
#[pyo3(signature = (scenario, output, trials, seed, method, resamples, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn sensitivity_indices<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    output: &str,
    trials: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
    method: &str,
    resamples: &Bound<'py, PyAny>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<PySensitivityIndices> {
    guard(|| {
        let trials = usize_arg(trials, "trials", 2)?;
        let seed = seed_arg(seed)?;
        let method = parse_method(method)?;
        let resamples = usize_arg(resamples, "resamples", 0)?;
        let plan = &scenario.plan;
        let control = Arc::new(Control::new());
        let outcome = run_interruptible(
            py,
            control,
            |c| {
                split_cancel(
                    model::sensitivity_indices(plan, output, trials, seed, method, resamples, c),
                    |e| matches!(e, RunError::Cancelled(_)),
                )
            },
            progress,
        )?;
        let inner = outcome.map_err(run_error)?;
        Ok(PySensitivityIndices {
            inner: Arc::new(inner),
        })
    })
}

use crate::sampling::Control;
