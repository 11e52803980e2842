//! Pickling the compiled objects: a `_core.Scenario` travels as its JSON text (compiled
//! again on arrival), a `_core.Simulation` as its record ([`SimState`]): every column as
//! simulated, as little-endian `f64` bytes, so the rebuilt result holds the same bits.
//! No trial is simulated again. A `_core.BreakEven` travels as its compiled scenario and
//! its record ([`BreakEvenRecord`]: the crossing, its interval and every evaluated point,
//! with what was searched), a `_core.SensitivityIndices` as its record
//! ([`SensitivityRecord`]: every index and interval, with what they depend on); floats
//! cross as Python floats (the same bits), and nothing is searched or estimated again.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};

use super::break_even::PyBreakEven;
use super::errors::{guard, scenario_error};
use super::model::PySimulation;
use super::parse_method;
use super::scenario::PyScenario;
use super::sensitivity::PySensitivityIndices;
use crate::decision::{BreakEven, Estimate, Statistic};
use crate::model::{
    GroupIndices, SensitivityIndices, SimResult, SimState, StrategyOutput, STATE_VERSION,
};
use crate::sampling::Method;

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
    check_layout(version, STATE_VERSION, "the result was", "simulate again")?;
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

/// Refuses a record of another layout than `expected`, at path `state`: `what` names the
/// object (`"the result was"`) and `again` how to get a fresh one (`"simulate again"`).
fn check_layout(version: u32, expected: u32, what: &str, again: &str) -> PyResult<()> {
    if version == expected {
        return Ok(());
    }
    Err(state_error(format!(
        "{what} pickled by a version with record layout {version}; this version reads \
         layout {expected} ({again})"
    )))
}

/// A method from its name in a record; an unknown name is an error at path `state`.
fn method_from_record(name: &str) -> PyResult<Method> {
    name.parse()
        .map_err(|m: String| state_error(format!("method: {m}")))
}

/// The version of the break-even record's layout ([`BreakEvenRecord`]); a record of another
/// version is refused.
pub const BREAK_EVEN_STATE_VERSION: u32 = 1;

/// A statistic as it is stored: its kind (`mean`, `quantile` or `prob`) and, for a
/// quantile, its level in (0, 1) (0 for the others).
type StatisticRecord = (String, f64);

/// The break-even record as it crosses: `(version, value, interval, clipped, points, path,
/// statistic, level, trials, seed, method)`, each point as `(value, statistic, low,
/// high)`.
pub(crate) type BreakEvenRecord = (
    u32,
    f64,
    (f64, f64),
    (bool, bool),
    Vec<(f64, f64, f64, f64)>,
    String,
    StatisticRecord,
    f64,
    usize,
    u64,
    String,
);

/// The record of a statistic (see [`StatisticRecord`]).
fn statistic_record(statistic: Statistic) -> StatisticRecord {
    match statistic {
        Statistic::Mean => ("mean".into(), 0.0),
        Statistic::Quantile(q) => ("quantile".into(), q),
        Statistic::Prob => ("prob".into(), 0.0),
    }
}

/// A statistic from its record; an unknown kind or a quantile outside (0, 1) is an error.
fn statistic_from_record((kind, q): StatisticRecord) -> PyResult<Statistic> {
    match kind.as_str() {
        "mean" => Ok(Statistic::Mean),
        "prob" => Ok(Statistic::Prob),
        "quantile" if q > 0.0 && q < 1.0 => Ok(Statistic::Quantile(q)),
        "quantile" => Err(state_error(format!(
            "statistic: a quantile must be strictly between 0 and 1, got {q}"
        ))),
        _ => Err(state_error(format!(
            "statistic: unknown kind {kind:?} (mean, quantile or prob)"
        ))),
    }
}

/// The record of `found` (see [`BreakEvenRecord`]).
pub(crate) fn break_even_record(found: &PyBreakEven) -> BreakEvenRecord {
    let b = &found.found;
    (
        BREAK_EVEN_STATE_VERSION,
        b.value,
        b.interval,
        b.clipped,
        b.points
            .iter()
            .map(|(x, e)| (*x, e.value, e.low, e.high))
            .collect(),
        found.path.clone(),
        statistic_record(found.statistic),
        found.level,
        found.trials,
        found.seed,
        found.method.as_str().to_string(),
    )
}

/// Rebuilds a `_core.BreakEven` from the compiled scenario it searched and its record
/// (`BreakEven.state()`); what unpickling a break-even result calls. A record of another
/// layout version, or one that no search could have produced (an unknown method or
/// statistic, no trials, fewer than two evaluated points or points out of order), raises
/// `ScenarioError` at path `state`.
#[pyfunction]
pub fn break_even_from_state(
    scenario: &PyScenario,
    state: &Bound<'_, PyAny>,
) -> PyResult<PyBreakEven> {
    guard(|| {
        let record: BreakEvenRecord = state
            .extract()
            .map_err(|e| state_error(format!("not a break-even record: {e}")))?;
        let (
            version,
            value,
            interval,
            clipped,
            points,
            path,
            statistic,
            level,
            trials,
            seed,
            method,
        ) = record;
        check_layout(
            version,
            BREAK_EVEN_STATE_VERSION,
            "the break-even result was",
            "search again",
        )?;
        let method = method_from_record(&method)?;
        let statistic = statistic_from_record(statistic)?;
        if trials == 0 {
            return Err(state_error("trials: a search runs at least 1 trial".into()));
        }
        if points.len() < 2 {
            return Err(state_error(format!(
                "{} evaluated points; a search evaluates at least 2",
                points.len()
            )));
        }
        if points
            .windows(2)
            .any(|w| w[0].0.partial_cmp(&w[1].0) != Some(std::cmp::Ordering::Less))
        {
            return Err(state_error(
                "the evaluated points are not in ascending order of value".into(),
            ));
        }
        let found = BreakEven {
            value,
            interval,
            clipped,
            points: points
                .into_iter()
                .map(|(x, value, low, high)| (x, Estimate { value, low, high }))
                .collect(),
        };
        Ok(PyBreakEven {
            found,
            plan: Arc::clone(&scenario.plan),
            path,
            statistic,
            level,
            trials,
            seed,
            method,
        })
    })
}

/// The version of the sensitivity-indices record's layout ([`SensitivityRecord`]); a
/// record of another version is refused.
pub const SENSITIVITY_STATE_VERSION: u32 = 1;

/// One row as it is stored: `(input, label, first_order, first_order_low,
/// first_order_high, total, total_low, total_high)` (see [`GroupIndices`]).
type GroupRecord = (String, String, f64, f64, f64, f64, f64, f64);

/// The sensitivity-indices record as it crosses: `(version, output, rows, base_points,
/// evaluations, seed, method, resamples, mean, variance, currency, scenario_hash)`.
pub(crate) type SensitivityRecord = (
    u32,
    String,
    Vec<GroupRecord>,
    usize,
    usize,
    u64,
    String,
    usize,
    f64,
    f64,
    String,
    String,
);

/// The record of `s` (see [`SensitivityRecord`]).
pub(crate) fn sensitivity_record(s: &SensitivityIndices) -> SensitivityRecord {
    (
        SENSITIVITY_STATE_VERSION,
        s.output.clone(),
        s.groups
            .iter()
            .map(|g| {
                (
                    g.input.clone(),
                    g.label.clone(),
                    g.first_order,
                    g.first_order_low,
                    g.first_order_high,
                    g.total,
                    g.total_low,
                    g.total_high,
                )
            })
            .collect(),
        s.base_points,
        s.evaluations,
        s.seed,
        s.method.as_str().to_string(),
        s.resamples,
        s.mean,
        s.variance,
        s.currency.clone(),
        s.scenario_hash.clone(),
    )
}

/// Rebuilds a `_core.SensitivityIndices` from its record (`SensitivityIndices.state()`);
/// what unpickling sensitivity indices calls. A record of another layout version, or one
/// that no estimate could have produced (an unknown method, no rows, fewer than 2 base
/// points, evaluations that are not `base_points × (rows + 2)`), raises `ScenarioError`
/// at path `state`.
#[pyfunction]
pub fn sensitivity_indices_from_state(state: &Bound<'_, PyAny>) -> PyResult<PySensitivityIndices> {
    guard(|| {
        let record: SensitivityRecord = state
            .extract()
            .map_err(|e| state_error(format!("not a sensitivity-indices record: {e}")))?;
        let (
            version,
            output,
            rows,
            base_points,
            evaluations,
            seed,
            method,
            resamples,
            mean,
            variance,
            currency,
            scenario_hash,
        ) = record;
        check_layout(
            version,
            SENSITIVITY_STATE_VERSION,
            "the sensitivity indices were",
            "estimate them again",
        )?;
        let method = method_from_record(&method)?;
        if rows.is_empty() {
            return Err(state_error("no rows; an estimate has at least one".into()));
        }
        if base_points < 2 {
            return Err(state_error(format!(
                "base_points: {base_points}; an estimate has at least 2"
            )));
        }
        if Some(evaluations) != base_points.checked_mul(rows.len() + 2) {
            return Err(state_error(format!(
                "evaluations: {evaluations} is not base_points × (rows + 2) = {base_points} × {}",
                rows.len() + 2
            )));
        }
        let groups = rows
            .into_iter()
            .map(
                |(
                    input,
                    label,
                    first_order,
                    first_order_low,
                    first_order_high,
                    total,
                    total_low,
                    total_high,
                )| {
                    GroupIndices {
                        input,
                        label,
                        first_order,
                        first_order_low,
                        first_order_high,
                        total,
                        total_low,
                        total_high,
                    }
                },
            )
            .collect();
        Ok(PySensitivityIndices {
            inner: Arc::new(SensitivityIndices {
                output,
                groups,
                base_points,
                evaluations,
                seed,
                method,
                resamples,
                mean,
                variance,
                currency,
                scenario_hash,
            }),
        })
    })
}
