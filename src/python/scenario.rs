//! The compiled scenario `repave_cost._core.Scenario`: a parsed [`Scenario`] and its
//! [`Plan`], built once when the scenario is read or changed. Everything that needs the
//! scenario (its properties, `simulate`, `sweep`, the detail passes of a result) reads
//! this object: no second parse, no second compilation.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyList;

use super::errors::{guard, scenario_error};
use crate::model::Plan;
use crate::scenario::Scenario;

/// A validated scenario with its compiled plan. Immutable: `replace` returns a new one.
#[pyclass(name = "Scenario", module = "repave_cost._core", frozen)]
pub struct PyScenario {
    /// The compiled plan; it holds the scenario it was compiled from.
    pub(crate) plan: Arc<Plan>,
}

impl PyScenario {
    /// Validates and compiles `scenario` (every problem at once, as a `ScenarioError`).
    fn compile(scenario: Scenario) -> PyResult<PyScenario> {
        Ok(PyScenario {
            plan: Arc::new(Plan::new(&scenario)?),
        })
    }

    /// The scenario as read (or changed), before compilation.
    pub(crate) fn scenario(&self) -> &Scenario {
        &self.plan.scenario
    }
}

/// Parses `(path, value_json)` pairs.
fn json_pairs(pairs: Vec<(String, String)>) -> PyResult<Vec<(String, serde_json::Value)>> {
    pairs
        .into_iter()
        .map(|(path, text)| {
            let value = serde_json::from_str(&text).map_err(|e| {
                scenario_error(&path, format!("{path}: the value is not valid: {e}"))
            })?;
            Ok((path, value))
        })
        .collect()
}

#[pymethods]
impl PyScenario {
    /// Reads, validates and compiles a scenario from TOML text.
    #[staticmethod]
    fn from_toml(text: &str) -> PyResult<PyScenario> {
        guard(|| PyScenario::compile(Scenario::from_toml(text)?))
    }

    /// Reads, validates and compiles a scenario from JSON text (what dicts cross as).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<PyScenario> {
        guard(|| PyScenario::compile(Scenario::from_json(text)?))
    }

    /// The built-in scenario `name`; an unknown name lists the presets.
    #[staticmethod]
    fn preset(name: &str) -> PyResult<PyScenario> {
        guard(|| PyScenario::compile(crate::presets::load(name)?))
    }

    /// A new scenario with `new_parameters` (`(name, value_json)`) added and the field at
    /// each path of `changes` (`(path, value_json)`) set, compiled once after every change.
    fn replace(
        &self,
        new_parameters: Vec<(String, String)>,
        changes: Vec<(String, String)>,
    ) -> PyResult<PyScenario> {
        guard(|| {
            let edited = self
                .scenario()
                .replace(&json_pairs(new_parameters)?, &json_pairs(changes)?)?;
            PyScenario::compile(edited)
        })
    }

    /// The scenario as canonical (pretty) JSON text.
    fn to_json(&self) -> String {
        self.scenario().to_json()
    }

    /// The scenario as TOML text.
    fn to_toml(&self) -> PyResult<String> {
        guard(|| Ok(self.scenario().to_toml()?))
    }

    /// A short fingerprint of the scenario's content, as printed on charts.
    #[getter]
    fn content_hash(&self) -> String {
        self.scenario().content_hash()
    }

    /// The scenario's name, if it has one.
    #[getter]
    fn name(&self) -> Option<String> {
        self.scenario().name.clone()
    }

    /// The scenario's one-line description, if it has one.
    #[getter]
    fn description(&self) -> Option<String> {
        self.scenario().description.clone()
    }

    /// Strategy names, in name order.
    #[getter]
    fn strategies(&self) -> Vec<String> {
        self.scenario().strategies.keys().cloned().collect()
    }

    /// The baseline strategy's name.
    #[getter]
    fn baseline(&self) -> String {
        self.scenario().comparison.baseline.clone()
    }

    /// The alternative strategy's name.
    #[getter]
    fn alternative(&self) -> String {
        self.scenario().comparison.alternative.clone()
    }

    /// The currency label.
    #[getter]
    fn currency(&self) -> String {
        self.scenario().settings.currency.clone()
    }

    /// Years simulated.
    #[getter]
    fn horizon_years(&self) -> u32 {
        self.scenario().settings.horizon_years
    }

    /// One row per uncertain input: family, parameters, exact moments and quantiles, and
    /// the fields using it, as `(name, values)` columns (see `model::inputs`).
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        super::model::table_to_py(py, crate::model::inputs::inputs_table(&self.plan))
    }

    /// `(path, message)` for every input that is valid but looks like a mistake (see
    /// `model::input_warnings`).
    fn input_warnings(&self) -> Vec<(String, String)> {
        crate::model::input_warnings::input_warnings(&self.plan)
            .into_iter()
            .map(|w| (w.path, w.message))
            .collect()
    }

    /// Whether `other` holds an equal scenario (field by field).
    fn same_as(&self, other: &PyScenario) -> bool {
        self.scenario() == other.scenario()
    }

    /// Pickles as its JSON text, read and compiled again on unpickling.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().to_json(),)))
    }
}
