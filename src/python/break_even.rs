//! Bindings for the break-even search ([`crate::decision::break_even`]).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use super::args::{seed_arg, usize_arg};
use super::charts::{draw, options, PyChartOptions};
use super::errors::{guard, scenario_error};
use super::interrupt::run_interruptible;
use super::model::{run_error, split_cancel, table_to_py};
use super::parse_method;
use super::scenario::PyScenario;
use crate::chart::Provenance;
use crate::decision::{break_even as search, BreakEven, BreakEvenRequest, Statistic};
use crate::model::{Plan, RunError};
use crate::sampling::{Control, Method};

/// What `BreakEven.__reduce__` returns: the function that rebuilds it and its arguments
/// (the compiled scenario searched and the record).
type Reduced<'py> = (Bound<'py, PyAny>, (PyScenario, Bound<'py, PyTuple>));

/// The outcome of a break-even search, kept in Rust with what its chart needs.
#[pyclass(name = "BreakEven", module = "repave_cost._core", frozen)]
pub struct PyBreakEven {
    /// The crossing, its interval and the evaluated points.
    pub(crate) found: BreakEven,
    /// The compiled scenario searched (its chart reads the scenario).
    pub(crate) plan: Arc<Plan>,
    /// The dotted path of the field searched along.
    pub(crate) path: String,
    /// The statistic of savings.
    pub(crate) statistic: Statistic,
    /// The level it crosses.
    pub(crate) level: f64,
    /// Trials per evaluation.
    pub(crate) trials: usize,
    /// The seed of every evaluation.
    pub(crate) seed: u64,
    /// The sampling method.
    pub(crate) method: Method,
}

#[pymethods]
impl PyBreakEven {
    /// The crossing.
    #[getter]
    fn value(&self) -> f64 {
        self.found.value
    }

    /// Its 95% interval.
    #[getter]
    fn interval(&self) -> (f64, f64) {
        self.found.interval
    }

    /// Whether each end of the interval is an end of the range searched.
    #[getter]
    fn clipped(&self) -> (bool, bool) {
        self.found.clipped
    }

    /// The statistic in words (`median savings`).
    #[getter]
    fn statistic_words(&self) -> String {
        self.statistic.words()
    }

    /// The evaluated points: value, statistic, low, high.
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| table_to_py(py, self.found.table()))
    }

    /// Renders the chart with `opts` (as a result's charts take them).
    fn render<'py>(
        &self,
        py: Python<'py>,
        opts: PyChartOptions<'py>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        guard(|| {
            let scenario = &self.plan.scenario;
            let (opts, format) = options(&opts, &scenario.settings.currency)?;
            let spec = crate::figures::break_even::chart(
                &self.found,
                scenario,
                &self.path,
                self.statistic,
                self.level,
            );
            let prov = Provenance::new(
                self.seed,
                self.trials as u64,
                self.method.as_str(),
                &scenario.content_hash(),
            );
            draw(py, &spec, &opts, &prov, format)
        })
    }

    /// The record for pickling: the crossing, its interval, every evaluated point and what
    /// was searched, as plain values (see `break_even_from_state`).
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        guard(|| super::pickle::break_even_record(self).into_pyobject(py))
    }

    /// Pickles as the compiled scenario and the record; nothing is searched again.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        guard(|| {
            let rebuild = py
                .import("repave_cost._core")?
                .getattr("break_even_from_state")?;
            let scenario = PyScenario {
                plan: Arc::clone(&self.plan),
            };
            Ok((rebuild, (scenario, self.state(py)?)))
        })
    }
}

/// Where `statistic` of savings crosses `level` as `path` goes from `low` to `high`, with
/// common random numbers at every evaluation. Releases the GIL, stops on Ctrl-C, calls
/// `progress(done, total)` when given.
#[pyfunction]
#[pyo3(signature = (scenario, path, low, high, statistic, level, trials, seed, method, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn break_even<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    path: &str,
    low: f64,
    high: f64,
    statistic: &str,
    level: f64,
    trials: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
    method: &str,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<PyBreakEven> {
    guard(|| {
        let trials = usize_arg(trials, "trials", 1)?;
        let seed = seed_arg(seed)?;
        let method = parse_method(method)?;
        let statistic = Statistic::parse(statistic).map_err(|m| scenario_error("statistic", m))?;
        let req = BreakEvenRequest {
            scenario: scenario.scenario(),
            path,
            low,
            high,
            statistic,
            level,
            trials,
            seed,
            method,
        };
        let outcome = run_interruptible(
            py,
            Arc::new(Control::new()),
            |c| split_cancel(search(&req, c), |e| matches!(e, RunError::Cancelled(_))),
            progress,
        )?;
        let found = outcome.map_err(run_error)?;
        Ok(PyBreakEven {
            found,
            plan: Arc::clone(&scenario.plan),
            path: path.to_string(),
            statistic,
            level,
            trials,
            seed,
            method,
        })
    })
}
