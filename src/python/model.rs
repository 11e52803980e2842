//! Bindings for presets, simulation and sweeps (the compiled scenario they take is in
//! [`super::scenario`]). No model logic lives here: values are converted, the core is
//! called, and results cross as numpy arrays.

use std::sync::Arc;

use numpy::ndarray::ArrayView1;
use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use super::args::{seed_arg, usize_arg};
use super::errors::{guard, scenario_error, scenario_error_with};
use super::interrupt::run_interruptible;
use super::parse_method;
use super::scenario::PyScenario;
use crate::model::{self, outputs, GridAxis, RunError, SimResult, Threshold};
use crate::sampling::{Cancelled, Control};
use crate::table::{Column, Table};

/// Preset names with their one-line descriptions.
#[pyfunction]
pub fn preset_list() -> PyResult<Vec<(String, String)>> {
    guard(|| {
        Ok(crate::presets::describe()
            .into_iter()
            .map(|(n, d)| (n.to_string(), d))
            .collect())
    })
}

/// The TOML text of a preset, comments and sources included.
#[pyfunction]
pub fn preset_toml(name: &str) -> PyResult<String> {
    guard(|| {
        crate::presets::text(name)
            .map(str::to_string)
            .ok_or_else(|| {
                scenario_error(
                    "preset",
                    format!(
                        "unknown preset {name:?} (presets: {})",
                        crate::presets::names().join(", ")
                    ),
                )
            })
    })
}

/// Converts a core table into a list of `(name, values)`; numbers cross as numpy arrays
/// (moved, not copied), text as a tuple and optional numbers as a list, so that an empty
/// column keeps its kind.
pub(crate) fn table_to_py<'py>(py: Python<'py>, table: Table) -> PyResult<Bound<'py, PyList>> {
    let items: Vec<Bound<'py, PyTuple>> = table
        .columns
        .into_iter()
        .map(|(name, col)| {
            let values: Bound<'py, PyAny> = match col {
                Column::F64(v) => v.into_pyarray(py).into_any(),
                Column::I64(v) => v.into_pyarray(py).into_any(),
                Column::Str(v) => PyTuple::new(py, v)?.into_any(),
                Column::OptF64(v) => PyList::new(py, v)?.into_any(),
            };
            PyTuple::new(py, [name.into_pyobject(py)?.into_any(), values])
        })
        .collect::<PyResult<_>>()?;
    PyList::new(py, items)
}

/// The Python exception for a failed simulation or sweep.
pub(crate) fn run_error(e: RunError) -> PyErr {
    match e {
        RunError::Scenario(e) => e.into(),
        RunError::Argument { field, message } => {
            scenario_error_with(format!("{field}: {message}"), vec![(field, message)])
        }
        RunError::Cancelled(c) => c.into(),
    }
}

/// Splits a core result into "finished (maybe with an argument error)" and "cancelled".
pub(crate) fn split_cancel<T, E>(
    r: Result<T, E>,
    cancelled: impl Fn(&E) -> bool,
) -> Result<Result<T, E>, Cancelled> {
    match r {
        Err(e) if cancelled(&e) => Err(Cancelled),
        other => Ok(other),
    }
}

/// What `Simulation.__reduce__` returns: the function that rebuilds it and its arguments.
type Reduced<'py> = (Bound<'py, PyAny>, (PyScenario, Bound<'py, PyTuple>));

/// The result of one simulation, kept in Rust; columns are lent to numpy without copying.
#[pyclass(name = "Simulation", module = "repave_cost._core", frozen)]
pub struct PySimulation {
    pub(crate) inner: Arc<SimResult>,
}

impl PySimulation {
    /// The error for an `output` argument that names none of the result's outputs
    /// ([`SimResult::outputs`]), listing them.
    fn unknown_output(&self, output: &str) -> PyErr {
        let names: Vec<String> = self.inner.outputs().into_iter().map(|(n, _)| n).collect();
        scenario_error(
            "output",
            format!("unknown output {output:?} (outputs: {})", names.join(", ")),
        )
    }

    /// Computes the per-activity and per-role columns unless they are there already,
    /// without the GIL and interruptibly (Ctrl-C raises `KeyboardInterrupt`).
    pub(crate) fn ensure_detail(&self, py: Python<'_>) -> PyResult<()> {
        guard(|| {
            let inner = &self.inner;
            run_interruptible(
                py,
                Arc::new(Control::new()),
                |c| inner.compute_detail(c),
                None,
            )
        })
    }
}

/// Runs `trials` trials of the compiled scenario. Releases the GIL, stops on Ctrl-C, and
/// calls `progress(done, total)` about ten times a second when given.
#[pyfunction]
#[pyo3(signature = (scenario, trials, seed, method, progress=None))]
pub fn simulate<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    trials: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
    method: &str,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<PySimulation> {
    guard(|| {
        let trials = usize_arg(trials, "trials", 1)?;
        let seed = seed_arg(seed)?;
        let method = parse_method(method)?;
        let plan = &scenario.plan;
        model::check_trials(plan, trials).map_err(run_error)?;
        let control = Arc::new(Control::new());
        let outcome = run_interruptible(
            py,
            control,
            |c| {
                split_cancel(model::simulate(plan, trials, seed, method, c), |e| {
                    matches!(e, RunError::Cancelled(_))
                })
            },
            progress,
        )?;
        let result = outcome.map_err(run_error)?;
        Ok(PySimulation {
            inner: Arc::new(result),
        })
    })
}

/// Parses the grid as it crosses: `(paths, steps_json)` per axis.
fn parse_grid(grid: Vec<(Vec<String>, String)>) -> PyResult<Vec<GridAxis>> {
    grid.into_iter()
        .map(|(paths, steps)| {
            let steps: Vec<Vec<serde_json::Value>> = serde_json::from_str(&steps).map_err(|e| {
                scenario_error(
                    "grid",
                    format!(
                        "grid values for {} are not a list of steps: {e}",
                        paths.join(", ")
                    ),
                )
            })?;
            Ok(GridAxis { paths, steps })
        })
        .collect()
}

/// Runs every point of a grid over the compiled scenario with common random numbers and
/// returns the long summary table. `grid` lists the axes as `(paths, steps_json)`: `steps_json` is a JSON list of
/// steps, each a list with one value per path (one path for a plain axis, several for a
/// linked one). `prob_above` applies `threshold` to the rows of `threshold_output`.
/// `points=(start, end)` runs only the grid points `start..end` (in grid order, first axis
/// slowest), whose rows are those of the whole sweep ([`model::sweep_part`]).
#[pyfunction]
#[pyo3(signature = (scenario, grid, trials, seed, method, threshold, threshold_output="savings", progress=None, points=None))]
#[allow(clippy::too_many_arguments)]
pub fn sweep<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    grid: Vec<(Vec<String>, String)>,
    trials: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
    method: &str,
    threshold: f64,
    threshold_output: &str,
    progress: Option<&Bound<'py, PyAny>>,
    points: Option<(usize, usize)>,
) -> PyResult<Bound<'py, PyList>> {
    guard(|| {
        let trials = usize_arg(trials, "trials", 1)?;
        let seed = seed_arg(seed)?;
        let method = parse_method(method)?;
        // Its value and output are checked by the core (`Threshold::check`).
        let threshold = Threshold::new(threshold_output, threshold);
        let scenario = scenario.scenario();
        let axes = parse_grid(grid)?;
        let range = points.map(|(start, end)| start..end);
        let control = Arc::new(Control::new());
        let outcome = run_interruptible(
            py,
            control,
            |c| {
                split_cancel(
                    model::sweep_part(
                        scenario,
                        &axes,
                        range.clone(),
                        trials,
                        seed,
                        method,
                        &threshold,
                        c,
                    ),
                    |e| matches!(e, RunError::Cancelled(_)),
                )
            },
            progress,
        )?;
        match outcome {
            Ok(table) => table_to_py(py, table),
            Err(e) => Err(run_error(e)),
        }
    })
}

/// Checks a sweep without running it (the grid, the threshold, every point compiled,
/// `trials`) and returns its number of grid points; the errors are [`sweep`]'s.
#[pyfunction]
#[pyo3(signature = (scenario, grid, trials, threshold, threshold_output="savings"))]
pub fn check_sweep<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    grid: Vec<(Vec<String>, String)>,
    trials: &Bound<'py, PyAny>,
    threshold: f64,
    threshold_output: &str,
) -> PyResult<usize> {
    guard(|| {
        let trials = usize_arg(trials, "trials", 1)?;
        let threshold = Threshold::new(threshold_output, threshold);
        let axes = parse_grid(grid)?;
        let scenario = scenario.scenario();
        py.detach(|| {
            super::fork::pooled(|| model::check_sweep(scenario, &axes, trials, &threshold))
        })
        .map_err(run_error)
    })
}

/// The outputs a sweep of `scenario` may have rows for, before anything runs: `savings`,
/// `savings_per_year`, each strategy's `NAME.total` and `NAME.fte.ROLE` for each role of
/// the staffing (a role no activity uses has no rows).
#[pyfunction]
pub fn sweep_outputs(scenario: &PyScenario) -> PyResult<Vec<String>> {
    guard(|| {
        let scenario = scenario.scenario();
        Ok(outputs::names(
            outputs::View::Sweep,
            scenario.strategies.keys().map(String::as_str),
            scenario.staffing.keys().map(String::as_str),
        ))
    })
}

#[pymethods]
impl PySimulation {
    /// Number of trials.
    #[getter]
    fn trials(&self) -> usize {
        self.inner.trials
    }

    /// The seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// The sampling method name.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method.as_str()
    }

    /// Years simulated.
    #[getter]
    fn horizon(&self) -> usize {
        self.inner.horizon
    }

    /// Random dimensions of the run: uncertain inputs plus one per (random activity, year).
    #[getter]
    fn dimensions(&self) -> usize {
        self.inner.dimensions()
    }

    /// How many of the dimensions the method's design covers (Sobol points, LHS strata).
    #[getter]
    fn design_dimensions(&self) -> usize {
        self.inner.design_dimensions()
    }

    /// How many of the dimensions are drawn from pseudo-random per-key streams instead.
    #[getter]
    fn random_dimensions(&self) -> usize {
        self.inner.random_dimensions()
    }

    /// A short fingerprint of the scenario's content (printed on charts).
    #[getter]
    fn scenario_hash(&self) -> String {
        self.inner.scenario.content_hash()
    }

    /// The scenario simulated, as JSON.
    fn scenario_json(&self) -> PyResult<String> {
        guard(|| Ok(self.inner.scenario.to_json()))
    }

    /// Baseline and alternative strategy names.
    fn comparison(&self) -> PyResult<(String, String)> {
        guard(|| {
            Ok((
                self.inner.baseline().name.clone(),
                self.inner.alternative().name.clone(),
            ))
        })
    }

    /// Output names: `savings`, `savings_per_year`, then `NAME.total` and `NAME.one_time`
    /// per strategy (the summary's outputs, from the output registry).
    fn outputs(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.outputs().into_iter().map(|(n, _)| n).collect()))
    }

    /// The per-trial columns as `(name, array, nullable)`: inputs, then the outputs of the
    /// trial table in the registry's order (strategy totals and one-time costs, savings,
    /// savings per year, and payback year, −1 where none). `nullable` is true for an output
    /// whose negative values mean "none". Arrays are read-only views of memory this object
    /// owns: nothing is copied.
    fn trial_columns<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            let py = slf.py();
            let r = &slf.get().inner;
            let mut named: Vec<(String, &[f64], bool)> = r
                .inputs
                .iter()
                .map(|(k, v)| (k.clone(), v.as_slice(), false))
                .collect();
            named.extend(
                outputs::of(r, outputs::View::Trials)
                    .into_iter()
                    .map(|o| (o.name, o.values, o.def.nullable)),
            );
            let items: Vec<Bound<'py, PyTuple>> = named
                .into_iter()
                .map(|(name, values, nullable)| {
                    // SAFETY: the data lives in `SimResult` behind an `Arc` owned by `slf`, which
                    // numpy keeps alive as the array's base; it is never mutated, and the array
                    // is marked read-only below.
                    let array = unsafe {
                        PyArray1::borrow_from_array(
                            &ArrayView1::from(values),
                            slf.clone().into_any(),
                        )
                    };
                    array.call_method1("setflags", (false,))?;
                    PyTuple::new(
                        py,
                        [
                            name.into_pyobject(py)?.into_any(),
                            array.into_any(),
                            pyo3::types::PyBool::new(py, nullable).to_owned().into_any(),
                        ],
                    )
                })
                .collect::<PyResult<_>>()?;
            PyList::new(py, items)
        })
    }

    /// Summary statistics of every output; `prob_above` is P(output > threshold) on the
    /// row of `output` and empty on the others.
    #[pyo3(signature = (threshold, output="savings"))]
    fn summary<'py>(
        &self,
        py: Python<'py>,
        threshold: f64,
        output: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            let threshold = Threshold::new(output, threshold);
            let t = py
                .detach(|| super::fork::pooled(|| self.inner.summary(&threshold)))
                .map_err(|m| scenario_error("threshold", m))?;
            table_to_py(py, t)
        })
    }

    /// True once the per-activity and per-role columns have been computed.
    fn has_detail(&self) -> bool {
        self.inner.detail.get().is_some()
    }

    /// Cost by strategy, activity and year.
    fn breakdown<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            self.ensure_detail(py)?;
            let t = py.detach(|| super::fork::pooled(|| self.inner.breakdown()));
            table_to_py(py, t)
        })
    }

    /// Labour hours, FTE and over-capacity probability by strategy, role and year.
    fn labour<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            self.ensure_detail(py)?;
            let t = py.detach(|| super::fork::pooled(|| self.inner.labour()));
            table_to_py(py, t)
        })
    }

    /// Spearman correlation and tornado swings of `output` against every input.
    fn sensitivity<'py>(&self, py: Python<'py>, output: &str) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            let t = py
                .detach(|| super::fork::pooled(|| self.inner.sensitivity(output)))
                .ok_or_else(|| self.unknown_output(output))?;
            table_to_py(py, t)
        })
    }

    /// Which inputs carry the upper tail (at or above the `q`-quantile) of `output`.
    fn tail_drivers<'py>(
        &self,
        py: Python<'py>,
        output: &str,
        q: f64,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            if !(q > 0.0 && q < 1.0) {
                return Err(scenario_error(
                    "q",
                    format!("q must lie strictly between 0 and 1, got {q}"),
                ));
            }
            let t = py
                .detach(|| super::fork::pooled(|| self.inner.tail_drivers(output, q)))
                .ok_or_else(|| self.unknown_output(output))?;
            table_to_py(py, t)
        })
    }

    /// Cumulative cost per strategy (and cumulative savings) after each year.
    fn cumulative<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            let t = py.detach(|| super::fork::pooled(|| self.inner.cumulative()));
            table_to_py(py, t)
        })
    }

    /// Probability of having paid back by each year.
    fn payback<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| table_to_py(py, self.inner.payback()))
    }

    /// Each rank correlation the run applied: pair, inputs, target and achieved Spearman.
    fn correlation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(|| {
            let t = py.detach(|| self.inner.correlation());
            table_to_py(py, t)
        })
    }

    /// The run's record for pickling: every column as simulated, as bytes (see
    /// `simulation_from_state`).
    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        guard(|| super::pickle::state_to_py(py, &self.inner))
    }

    /// Pickles as the compiled scenario and the record; nothing is simulated again.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        guard(|| {
            let rebuild = py
                .import("repave_cost._core")?
                .getattr("simulation_from_state")?;
            let scenario = PyScenario {
                plan: Arc::clone(&self.inner.plan),
            };
            Ok((rebuild, (scenario, self.state(py)?)))
        })
    }
}
