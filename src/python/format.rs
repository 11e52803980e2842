//! Money, probability and label formatting for Python: the core's formatters, the ones
//! every chart, table and report sentence uses.

use pyo3::prelude::*;

use super::args::int_in;
use super::errors::{guard, scenario_error};
use crate::money::MAX_PROBABILITY_DECIMALS;

/// Formats money the way charts do: `$50K`, `€1.2M`, `-$3.4K`; NaN and infinities give
/// `n/a`.
#[pyfunction]
pub fn format_money(value: f64, currency: &str) -> PyResult<String> {
    guard(|| Ok(crate::money::format_money(value, currency)))
}

/// Formats a probability `p` in `[0, 1]` as a percentage with `decimals` decimals
/// (0 to [`MAX_PROBABILITY_DECIMALS`]) that never rounds to a certainty (`<0.1%`,
/// `>99.9%`); NaN gives `n/a`. A `p` outside `[0, 1]` or `decimals` outside its range is a
/// `ScenarioError` naming the argument.
#[pyfunction]
pub fn format_probability(p: f64, decimals: &Bound<'_, PyAny>) -> PyResult<String> {
    guard(|| {
        let decimals = int_in(decimals, "decimals", 0, MAX_PROBABILITY_DECIMALS as i128)?;
        if !p.is_nan() && !(0.0..=1.0).contains(&p) {
            return Err(scenario_error(
                "p",
                format!("p must be a probability in [0, 1], got {p}"),
            ));
        }
        Ok(crate::money::format_probability(p, decimals as usize))
    })
}

/// Formats the fraction `x` as a percentage number without the `%` sign, to three
/// decimals or to two significant digits of its distance from 0 or 100, without trailing
/// zeros (`0.002` → `0.2`, `0.999999` → `99.9999`): how precisions and confidences are
/// written everywhere.
#[pyfunction]
pub fn format_share(x: f64) -> PyResult<String> {
    guard(|| Ok(crate::money::format_share(x)))
}

/// Words for an output in chart and report text: `savings`, `repave total cost` (the
/// label its declaration in [`crate::model::outputs`] gives).
#[pyfunction]
pub fn output_label(output: &str) -> PyResult<String> {
    guard(|| Ok(crate::model::outputs::label(output)))
}
