//! Pickling the compiled objects: a `_core.Scenario` travels as its JSON text (compiled
//! again on arrival), a `_core.Simulation` as its record ([`SimState`]): every column as
//! simulated, as little-endian `f64` bytes, so the rebuilt result holds the same bits.
//! No trial is simulated again.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use super::errors::{guard, scenario_error};
use super::model::PySimulation;
use super::parse_method;
use super::scenario::PyScenario;
use crate::model::{SimResult, SimState, StrategyOutput, STATE_VERSION};

/// A column as little-endian bytes.
fn to_bytes<'py>(py: Python<'py>, values: &[f64]) -> Bound<'py, PyBytes> {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    PyBytes::new(py, &bytes)
}

/// A `ScenarioError` about the pickled record, at path `state` (its message says so).
fn state_error(message: String) -> PyErr {
    scenario_error("state", format!("state: {message}"))
}

/// A column from little-endian bytes; `what` names it in the error.
fn from_bytes(bytes: &[u8], what: &str) -> PyResult<Vec<f64>> {
    if bytes.len() % 8 != 0 {
        return Err(state_error(format!(
            "column {what}: {} bytes is not a whole number of f64",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("chunks of 8")))
        .collect())
}

/// One strategy's columns as they cross: name, total, one-time, yearly costs.
type StrategyRecord = (String, Vec<u8>, Vec<u8>, Vec<Vec<u8>>);

/// The record as it crosses: `(version, trials, seed, method, inputs, strategies, savings,
/// savings_per_year, payback_year, origin)`.
type StateRecord = (
    u32,
    usize,
    u64,
    String,
    Vec<(String, Vec<u8>)>,
    Vec<StrategyRecord>,
    Vec<u8>,
    Vec<u8>,
    Vec<u8>,
    Vec<(u64, usize)>,
);

/// The record of `result` as a tuple of plain Python values (see [`StateRecord`]).
pub(crate) fn state_to_py<'py>(
    py: Python<'py>,
    result: &SimResult,
) -> PyResult<Bound<'py, PyTuple>> {
    let s = result.to_state();
    let inputs: Vec<(String, Bound<'py, PyBytes>)> = s
        .inputs
        .iter()
        .map(|(k, v)| (k.clone(), to_bytes(py, v)))
        .collect();
    let strategies: Vec<_> = s
        .strategies
        .iter()
        .map(|st| {
            (
                st.name.clone(),
                to_bytes(py, &st.total),
                to_bytes(py, &st.one_time),
                st.year_cost
                    .iter()
                    .map(|c| to_bytes(py, c))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    (
        STATE_VERSION,
        s.trials,
        s.seed,
        s.method.as_str(),
        inputs,
        strategies,
        to_bytes(py, &s.savings),
        to_bytes(py, &s.savings_per_year),
        to_bytes(py, &s.payback_year),
        s.origin,
    )
        .into_pyobject(py)
}

/// The record from its tuple (see [`StateRecord`]).
fn state_from_py(record: StateRecord) -> PyResult<SimState> {
    let (version, trials, seed, method, inputs, strategies, savings, per_year, payback, origin) =
        record;
    if version != STATE_VERSION {
        return Err(state_error(format!(
            "the result was pickled by a version with record layout {version}; this \
                 version reads layout {STATE_VERSION} (simulate again)"
        )));
    }
    Ok(SimState {
        trials,
        seed,
        origin,
        method: parse_method(&method)?,
        inputs: inputs
            .into_iter()
            .map(|(k, b)| from_bytes(&b, &k).map(|v| (k, v)))
            .collect::<PyResult<_>>()?,
        strategies: strategies
            .into_iter()
            .map(|(name, total, one_time, years)| {
                Ok(StrategyOutput {
                    total: from_bytes(&total, &format!("{name}.total"))?,
                    one_time: from_bytes(&one_time, &format!("{name}.one_time"))?,
                    year_cost: years
                        .iter()
                        .map(|y| from_bytes(y, &format!("{name} yearly cost")))
                        .collect::<PyResult<_>>()?,
                    name,
                })
            })
            .collect::<PyResult<_>>()?,
        savings: from_bytes(&savings, "savings")?,
        savings_per_year: from_bytes(&per_year, "savings_per_year")?,
        payback_year: from_bytes(&payback, "payback_year")?,
    })
}

/// Rebuilds a `_core.Simulation` from the compiled scenario it ran and its record
/// (`Simulation.state()`); what unpickling a result calls. A record that does not fit the
/// scenario raises `ScenarioError`.
#[pyfunction]
pub fn simulation_from_state(
    scenario: &PyScenario,
    state: &Bound<'_, PyAny>,
) -> PyResult<PySimulation> {
    guard(|| {
        let record: StateRecord = state
            .extract()
            .map_err(|e| state_error(format!("not a simulation record: {e}")))?;
        let state = state_from_py(record)?;
        let result =
            SimResult::from_state(Arc::clone(&scenario.plan), state).map_err(state_error)?;
        Ok(PySimulation {
            inner: Arc::new(result),
        })
    })
}
