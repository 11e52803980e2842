//! Bindings for precision control: a simulation run in batches until the watched
//! statistics are precise enough ([`crate::precision`]), and its convergence record.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use super::args::{seed_arg, usize_arg};
use super::charts::{draw, options, PyChartOptions};
use super::errors::{guard, scenario_error};
use super::interrupt::run_interruptible;
use super::model::{run_error, split_cancel, table_to_py, PySimulation};
use super::parse_method;
use super::scenario::PyScenario;
use crate::model::{RunError, SimResult};
use crate::precision::state::ConvergenceRecord;
use crate::precision::{simulate_to_precision, Convergence, Precision, Statistic};
use crate::sampling::Control;

/// How a precision-controlled run converged: every watched statistic's estimate and
/// interval after each batch.
#[pyclass(name = "Convergence", module = "repave_cost._core", frozen)]
pub struct PyConvergence {
    inner: Convergence,
    result: Arc<SimResult>,
}

/// The provenance of a chart of `result`: its seed, trials, method and scenario, and when
/// it comes from a precision-controlled run (`convergence`), the precision that decided
/// its trials.
pub(crate) fn chart_provenance(
    result: &SimResult,
    convergence: Option<&PyConvergence>,
) -> crate::chart::Provenance {
    let prov = crate::figures::provenance(result);
    match convergence {
        Some(c) => prov.with(crate::figures::convergence::precision_detail(
            &c.inner.precision,
        )),
        None => prov,
    }
}

/// Runs the compiled scenario in batches until every watched statistic's interval is
/// within `relative` of its value (or `max_trials`); returns the pooled simulation and
/// its convergence. Releases the GIL, stops on Ctrl-C, reports progress.
#[pyfunction]
#[pyo3(signature = (scenario, seed, method, relative, outputs, statistics, confidence, max_trials, progress=None))]
#[allow(clippy::too_many_arguments)]
#[pyo3(name = "simulate_to_precision")]
pub fn simulate_to_precision_py<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    seed: &Bound<'py, PyAny>,
    method: &str,
    relative: f64,
    outputs: Vec<String>,
    statistics: Vec<String>,
    confidence: f64,
    max_trials: &Bound<'py, PyAny>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<(PySimulation, PyConvergence)> {
    guard(|| {
        let seed = seed_arg(seed)?;
        let method = parse_method(method)?;
        let max_trials = usize_arg(
            max_trials,
            "precision.max_trials",
            crate::precision::FIRST_TRIALS as u64,
        )?;
        let statistics = statistics
            .iter()
            .map(|s| Statistic::parse(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|m| {
                scenario_error("precision.statistics", format!("precision.statistics: {m}"))
            })?;
        let precision = Precision {
            relative,
            outputs,
            statistics,
            confidence,
            max_trials,
        };
        let plan = &scenario.plan;
        precision.check(plan).map_err(run_error)?;
        let outcome = run_interruptible(
            py,
            Arc::new(Control::new()),
            |c| {
                split_cancel(
                    simulate_to_precision(plan, seed, method, &precision, c),
                    |e| matches!(e, RunError::Cancelled(_)),
                )
            },
            progress,
        )?;
        let run = outcome.map_err(run_error)?;
        let result = Arc::new(run.result);
        Ok((
            PySimulation {
                inner: Arc::clone(&result),
            },
            PyConvergence {
                inner: run.convergence,
                result,
            },
        ))
    })
}

/// What `Convergence.__reduce__` returns: the function that rebuilds it and its arguments
/// (the simulation it belongs to and its record).
type Reduced<'py> = (Bound<'py, PyAny>, (PySimulation, Bound<'py, PyTuple>));

/// Rebuilds a `_core.Convergence` from the simulation it belongs to (the pooled result of
/// the run, itself rebuilt from its record) and its record (`Convergence.state()`); what
/// unpickling a precision-controlled result calls. A record that does not fit the
/// simulation raises `ScenarioError`.
#[pyfunction]
pub fn convergence_from_state(
    simulation: &PySimulation,
    state: &Bound<'_, PyAny>,
) -> PyResult<PyConvergence> {
    guard(|| {
        let bad =
            |m: String| scenario_error("state.convergence", format!("state.convergence: {m}"));
        let record: ConvergenceRecord = state
            .extract()
            .map_err(|e| bad(format!("not a convergence record: {e}")))?;
        let inner = Convergence::from_record(record, &simulation.inner).map_err(bad)?;
        Ok(PyConvergence {
            inner,
            result: Arc::clone(&simulation.inner),
        })
    })
}

#[pymethods]
impl PyConvergence {
    /// The record for pickling: the precision asked for, the replicates, every row and
    /// whether the precision was reached, as plain values (see `convergence_from_state`).
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        guard(|| self.inner.to_record().into_pyobject(py))
    }

    /// Pickles as the simulation it belongs to and the record; nothing is simulated again.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        guard(|| {
            let rebuild = py
                .import("repave_cost._core")?
                .getattr("convergence_from_state")?;
            let simulation = PySimulation {
                inner: Arc::clone(&self.result),
            };
            Ok((rebuild, (simulation, self.state(py)?)))
        })
    }

    /// True when the last batch met the precision asked for.
    #[getter]
    fn reached(&self) -> bool {
        self.inner.reached
    }

    /// The relative precision the last batch reached (the largest ratio of a watched
    /// statistic's half-width to its scale).
    #[getter]
    fn reached_precision(&self) -> f64 {
        self.inner.reached_precision()
    }

    /// The relative precision asked for.
    #[getter]
    fn relative(&self) -> f64 {
        self.inner.precision.relative
    }

    /// The intervals' confidence level.
    #[getter]
    fn confidence(&self) -> f64 {
        self.inner.precision.confidence
    }

    /// The most trials the run could use.
    #[getter]
    fn max_trials(&self) -> usize {
        self.inner.precision.max_trials
    }

    /// The watched outputs.
    #[getter]
    fn outputs(&self) -> Vec<String> {
        self.inner.precision.outputs.clone()
    }

    /// The watched statistics' names.
    #[getter]
    fn statistics(&self) -> Vec<String> {
        self.inner
            .precision
            .statistics
            .iter()
            .map(Statistic::name)
            .collect()
    }

    /// Every precision setting in one line, as the charts and `trials.parquet` embed it:
    /// `relative=0.005 outputs=savings statistics=mean,p5,p50,p95 confidence=0.95
    /// max_trials=1048576`.
    #[getter]
    fn settings_text(&self) -> String {
        crate::figures::convergence::precision_detail(&self.inner.precision).value
    }

    /// Independent replicates per batch (1 for `random`).
    #[getter]
    fn replicates(&self) -> usize {
        self.inner.replicates
    }

    /// Every batch's rows: `trials`, `output`, `statistic`, `estimate`, `low`, `high`,
    /// `half_width`, `allowed`, `met` (1 or 0).
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| table_to_py(py, self.inner.table()))
    }

    /// The convergence chart of `output` (default: the first watched) as PNG or SVG bytes.
    #[pyo3(signature = (opts, output=None))]
    fn render<'py>(
        &self,
        py: Python<'py>,
        opts: PyChartOptions<'py>,
        output: Option<&str>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        guard(|| {
            let chart = crate::figures::convergence::convergence(&self.inner, output)
                .map_err(|m| scenario_error("output", m))?;
            let (mut opts, format) = options(&opts, self.result.currency())?;
            if opts.subtitle.is_none() {
                opts.subtitle = Some(chart.subtitle.clone());
            }
            draw(
                py,
                &chart.spec,
                &opts,
                &chart_provenance(&self.result, Some(self)),
                format,
            )
        })
    }

    /// The convergence chart's subtitle for `output` (default: the first watched).
    #[pyo3(signature = (output=None))]
    fn subtitle(&self, output: Option<&str>) -> PyResult<String> {
        guard(|| {
            crate::figures::convergence::convergence(&self.inner, output)
                .map(|c| c.subtitle)
                .map_err(|m| scenario_error("output", m))
        })
    }
}
