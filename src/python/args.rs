//! The one conversion path for integer arguments from Python (trials, seeds, sizes, counts).
//!
//! A Python `int` has no size limit; converting one that does not fit a Rust integer with
//! pyo3's own conversion gives an `OverflowError` that names nothing. Every integer argument
//! of the module goes through [`int_in`] instead: a non-integer (or `bool`) is a
//! `TypeError` naming the argument, and a value outside the allowed range (however large)
//! is a `ScenarioError` (a `ValueError`) naming the argument and the range, e.g.
//! `seed must be an integer in [0, 2**64 - 1], got 2**64`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

use super::errors::scenario_error;

/// Formats a bound the way the docs write it: `2**64 - 1`, `2**63 - 1`, or decimal.
fn bound_text(x: i128) -> String {
    match x {
        x if x == i128::from(u64::MAX) => "2**64 - 1".to_string(),
        x if x == i128::from(i64::MAX) => "2**63 - 1".to_string(),
        x if x == i128::from(u32::MAX) => "2**32 - 1".to_string(),
        x => x.to_string(),
    }
}

/// Formats a Python int for a message: small ones in decimal, powers of two past 2**32 as
/// `2**k`, and huge ones by their size (printing them could itself fail, or be enormous).
fn int_text(value: &Bound<'_, PyAny>) -> String {
    let bits: u64 = value
        .call_method0("bit_length")
        .and_then(|b| b.extract())
        .unwrap_or(u64::MAX);
    if let Ok(v) = value.extract::<i128>() {
        if v > 0 && v.count_ones() == 1 && bits > 32 {
            return format!("2**{}", bits - 1);
        }
        return v.to_string();
    }
    let negative = value.lt(0).unwrap_or(false);
    format!(
        "{}an integer of {bits} bits",
        if negative { "minus " } else { "" }
    )
}

/// The type name of `value`, for `TypeError` messages.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// Converts `value`, the argument `name`, to an integer in `[low, high]`.
///
/// Accepts Python ints and objects with `__index__` (numpy integers), but not `bool`.
pub(crate) fn int_in(
    value: &Bound<'_, PyAny>,
    name: &str,
    low: i128,
    high: i128,
) -> PyResult<i128> {
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an integer, got bool {}",
            value.repr().map(|r| r.to_string()).unwrap_or_default()
        )));
    }
    let index = if value.is_instance_of::<PyInt>() {
        value.clone()
    } else {
        // numpy integers and other integer-like objects.
        let index = value
            .py()
            .import("operator")?
            .call_method1("index", (value,));
        index.map_err(|_| {
            PyTypeError::new_err(format!(
                "{name} must be an integer, got {} {}",
                type_name(value),
                value
                    .repr()
                    .map(|r| r.to_string())
                    .unwrap_or_else(|_| "?".to_string())
            ))
        })?
    };
    match index.extract::<i128>() {
        Ok(v) if (low..=high).contains(&v) => Ok(v),
        _ => Err(scenario_error(
            name,
            format!(
                "{name} must be an integer in [{}, {}], got {}",
                bound_text(low),
                bound_text(high),
                int_text(&index)
            ),
        )),
    }
}

/// A seed: an integer in `[0, 2**64 - 1]`.
pub(crate) fn seed_arg(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    Ok(int_in(value, "seed", 0, i128::from(u64::MAX))? as u64)
}

/// A count or size named `name`: an integer in `[low, 2**64 - 1]`. Whether that many items
/// fit in memory is checked where they are allocated ([`crate::limits`]).
pub(crate) fn count_arg(value: &Bound<'_, PyAny>, name: &str, low: u64) -> PyResult<u64> {
    Ok(int_in(value, name, i128::from(low), i128::from(u64::MAX))? as u64)
}

/// A count that indexes memory here (`usize`), in `[low, 2**64 - 1]`, refused by the size
/// limit beyond what this machine could address.
pub(crate) fn usize_arg(value: &Bound<'_, PyAny>, name: &str, low: u64) -> PyResult<usize> {
    let n = count_arg(value, name, low)?;
    usize::try_from(n).map_err(|_| {
        scenario_error(
            name,
            format!("{name} must be at most {} here, got {n}", usize::MAX),
        )
    })
}
