//! `_core.fit`: maximum-likelihood fits of distribution families to observed data (see
//! [`crate::fit`]).

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::errors::{guard, scenario_error_with};
use super::model::table_to_py;
use crate::fit::{fit as fit_families, fit_table};

/// Fits `families` (every suitable one when `None`) to `samples` and returns the fit
/// table's `(name, values)` columns and, per row, the fitted distribution's spec as JSON
/// (empty for a family left out). Bad data or family names raise a `ScenarioError` naming
/// `samples`, `samples[i]` or `families`. The GIL is released while fitting.
#[pyfunction]
#[pyo3(signature = (samples, families=None))]
pub fn fit<'py>(
    py: Python<'py>,
    samples: PyReadonlyArray1<'py, f64>,
    families: Option<Vec<String>>,
) -> PyResult<(Bound<'py, PyList>, Vec<String>)> {
    guard(|| {
        let values = samples.as_slice()?.to_vec();
        let rows = py
            .detach(|| fit_families(&values, families.as_deref()))
            .map_err(|e| scenario_error_with(e.to_string(), vec![(e.field, e.message)]))?;
        let specs = rows
            .iter()
            .map(|r| match &r.fit {
                Ok(f) => serde_json::to_string(&f.model.spec()).unwrap_or_default(),
                Err(_) => String::new(),
            })
            .collect();
        Ok((table_to_py(py, fit_table(&rows))?, specs))
    })
}
