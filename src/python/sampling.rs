//! Sampling and statistics functions of `repave_cost._core`.

use std::sync::Arc;

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::args::{seed_arg, usize_arg};
use super::dist::PyDistribution;
use super::errors::{guard, scenario_error, scenario_error_with};
use super::interrupt::run_interruptible;
use super::parse_method;
use crate::sampling::{sample_inputs as core_sample_inputs, Control, InputSpec, RankTargets};
use crate::scenario::suggest::{hint, list_or_none};
use crate::stats::correlation_matrix::TargetProblem;
use crate::stats::rank_targets::{not_psd_message, PairSet};
use crate::stats::{quantile_sorted, sorted, spearman as core_spearman, Summary};

/// A contiguous view of a float64 array named `param`, or a `ScenarioError` naming it.
fn slice_of<'a>(array: &'a PyReadonlyArray1<'_, f64>, param: &str) -> PyResult<&'a [f64]> {
    array
        .as_slice()
        .map_err(|_| scenario_error(param, format!("{param} must be a contiguous array")))
}

/// A non-empty sample of finite numbers named `param` (NaN or an infinity would make the
/// statistics NaN).
fn checked_sample<'a>(array: &'a PyReadonlyArray1<'_, f64>, param: &str) -> PyResult<&'a [f64]> {
    let values = slice_of(array, param)?;
    if values.is_empty() {
        return Err(scenario_error(
            param,
            format!("{param} must hold at least one value"),
        ));
    }
    if let Some(i) = values.iter().position(|v| v.is_nan()) {
        return Err(scenario_error(
            param,
            format!("{param}[{i}] is NaN; a sample must not hold NaN"),
        ));
    }
    if let Some(i) = values.iter().position(|v| v.is_infinite()) {
        return Err(scenario_error(
            param,
            format!(
                "{param}[{i}] is {}; a sample must hold finite numbers",
                values[i]
            ),
        ));
    }
    Ok(values)
}

/// The path of one `correlation` argument entry in messages: `correlation[("a", "b")]`.
fn pair_path(a: &str, b: &str) -> String {
    format!("correlation[({a:?}, {b:?})]")
}

/// The rank targets of `pairs` (`(key_a, key_b, rank)`) over `inputs`, or a
/// `ScenarioError` listing every problem with its pair: a key that is not an input, a fixed
/// input, a pair of one input, a pair given twice, a rank outside [-1, 1], and targets that
/// cannot hold together (with the pairs at fault and the nearest valid values).
fn correlation_targets(
    inputs: &[InputSpec],
    pairs: &[(String, String, f64)],
) -> PyResult<Option<RankTargets>> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut indexed: Vec<(usize, usize, f64)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut seen: Vec<(usize, usize, String)> = Vec::new();
    for (a, b, rank) in pairs {
        let path = pair_path(a, b);
        if !(-1.0..=1.0).contains(rank) {
            problems.push((
                path.clone(),
                format!(
                    "a rank correlation must be in [-1, 1], got {}",
                    crate::money::format_exact(*rank)
                ),
            ));
        }
        let mut ends = Vec::new();
        for key in [a, b] {
            match inputs.iter().position(|i| &i.key == key) {
                None => {
                    let keys = inputs.iter().map(|i| i.key.as_str());
                    problems.push((
                        path.clone(),
                        format!(
                            "{key:?} is not one of the inputs{} (inputs: {})",
                            hint(key, keys.clone()),
                            list_or_none(keys)
                        ),
                    ));
                }
                Some(i) if inputs[i].dist.is_fixed() => problems.push((
                    path.clone(),
                    format!(
                        "{key:?} is fixed, not uncertain: only uncertain inputs can be correlated"
                    ),
                )),
                Some(i) => ends.push(i),
            }
        }
        let [x, y] = ends[..] else { continue };
        if x == y {
            problems.push((path, "a correlation is between two different inputs".into()));
            continue;
        }
        let ordered = (x.min(y), x.max(y));
        if let Some((_, _, first)) = seen.iter().find(|s| (s.0, s.1) == ordered) {
            problems.push((
                path,
                format!("the same two inputs as {first}; give each pair once"),
            ));
            continue;
        }
        seen.push((ordered.0, ordered.1, path.clone()));
        indexed.push((x, y, *rank));
        names.push(format!("{path} = {rank}"));
    }
    if problems.is_empty() {
        let set = PairSet::new(&indexed);
        match set.targets() {
            Ok(targets) => return Ok(Some(targets)),
            Err(found) => {
                for problem in found {
                    let message = match &problem {
                        TargetProblem::NotPositiveSemiDefinite(bad) => {
                            let key = |col: usize| inputs[set.columns[col]].key.clone();
                            not_psd_message(bad, &set, &names, &key)
                        }
                        other => format!("invalid rank correlations: {other:?}"),
                    };
                    problems.push(("correlation".into(), message));
                }
            }
        }
    }
    let summary = match problems.as_slice() {
        [(path, message)] => format!("{path}: {message}"),
        many => format!(
            "{} problems with correlation:\n{}",
            many.len(),
            many.iter()
                .map(|(p, m)| format!("  - {p}: {m}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    Err(scenario_error_with(summary, problems))
}

/// Joint draws of several inputs: one float64 array of `trials` values per spec, in order.
///
/// `specs_json[i]` is input `i`'s distribution as JSON and `keys[i]` its key (which seeds
/// its streams, so a column depends only on its key, `trials`, `seed` and `method`).
/// `progress`, when given, is called as `progress(done, total)` about every 100 ms.
/// `correlation` lists target rank (Spearman) correlations `(key_a, key_b, rank)`, drawn
/// as the design does for a scenario's `[[correlations]]` (Iman & Conover's rearrangement
/// for `random` and `lhs`): every problem is one `ScenarioError`.
/// Releases the GIL; Ctrl-C raises `KeyboardInterrupt` promptly.
#[pyfunction]
#[pyo3(signature = (specs_json, keys, trials, seed = None, method = "random", progress = None, correlation = None))]
#[allow(clippy::too_many_arguments)]
pub fn sample_inputs<'py>(
    py: Python<'py>,
    specs_json: Vec<String>,
    keys: Vec<String>,
    trials: &Bound<'py, PyAny>,
    seed: Option<&Bound<'py, PyAny>>,
    method: &str,
    progress: Option<&Bound<'py, PyAny>>,
    correlation: Option<Vec<(String, String, f64)>>,
) -> PyResult<Vec<Bound<'py, PyArray1<f64>>>> {
    guard(|| {
        if specs_json.len() != keys.len() {
            return Err(scenario_error(
                "keys",
                format!(
                    "keys has {} entries but specs_json has {}",
                    keys.len(),
                    specs_json.len()
                ),
            ));
        }
        let trials = usize_arg(trials, "trials", 0)?;
        let seed = seed.map(seed_arg).transpose()?.unwrap_or(0);
        let method = parse_method(method)?;
        let inputs = specs_json
            .iter()
            .zip(keys)
            .map(|(json, key)| {
                let dist = PyDistribution::parse_spec(json)?.build()?;
                Ok(InputSpec::new(key, dist))
            })
            .collect::<PyResult<Vec<InputSpec>>>()?;
        let targets = correlation_targets(&inputs, correlation.as_deref().unwrap_or_default())?;
        let control = Arc::new(Control::new());
        control.expect((trials as u64).saturating_mul(inputs.len() as u64));
        let columns = run_interruptible(
            py,
            control,
            |c| core_sample_inputs(&inputs, targets.as_ref(), trials, seed, method, c),
            progress,
        )?;
        Ok(columns
            .into_iter()
            .map(|column| PyArray1::from_vec(py, column))
            .collect())
    })
}

/// Summary statistics of a float64 sample, median first: p50, p5, p95, mean, sd, se, p10,
/// p90, min, max, prob_above (share strictly above `threshold`). Quantiles interpolate
/// linearly, as `numpy.quantile`. `sd` and `se` are `None` for a single value; then count.
#[pyfunction]
#[pyo3(signature = (values, threshold = 0.0))]
pub fn summarize<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    threshold: f64,
) -> PyResult<Bound<'py, PyDict>> {
    guard(|| {
        let data = checked_sample(&values, "values")?;
        if threshold.is_nan() {
            return Err(scenario_error("threshold", "threshold must not be NaN"));
        }
        let s = py.detach(|| Summary::of(data, threshold));
        let out = PyDict::new(py);
        // Median and 90% interval first, as in every summary table.
        out.set_item("p50", s.p50)?;
        out.set_item("p5", s.p5)?;
        out.set_item("p95", s.p95)?;
        out.set_item("mean", s.mean)?;
        out.set_item("sd", s.sd)?;
        out.set_item("se", s.se)?;
        out.set_item("p10", s.p10)?;
        out.set_item("p90", s.p90)?;
        out.set_item("min", s.min)?;
        out.set_item("max", s.max)?;
        out.set_item("prob_above", s.prob_above)?;
        out.set_item("count", s.count)?;
        Ok(out)
    })
}

/// Spearman rank correlation of two equally long float64 arrays; `None` when either is
/// constant.
#[pyfunction]
pub fn spearman(
    py: Python<'_>,
    x: PyReadonlyArray1<'_, f64>,
    y: PyReadonlyArray1<'_, f64>,
) -> PyResult<Option<f64>> {
    guard(|| {
        let xs = checked_sample(&x, "x")?;
        let ys = checked_sample(&y, "y")?;
        if xs.len() != ys.len() {
            return Err(scenario_error(
                "y",
                format!("y has {} values but x has {}", ys.len(), xs.len()),
            ));
        }
        Ok(py.detach(|| core_spearman(xs, ys)))
    })
}

/// Quantile `q` (in `[0, 1]`) of a float64 sample, by linear interpolation as
/// `numpy.quantile`.
#[pyfunction]
pub fn quantile(py: Python<'_>, values: PyReadonlyArray1<'_, f64>, q: f64) -> PyResult<f64> {
    guard(|| {
        let data = checked_sample(&values, "values")?;
        if !(0.0..=1.0).contains(&q) {
            return Err(scenario_error(
                "q",
                format!("quantile q must lie in [0, 1], got {q}"),
            ));
        }
        Ok(py.detach(|| quantile_sorted(&sorted(data), q)))
    })
}
