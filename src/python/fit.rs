//! `_core.fit`: maximum-likelihood fits of distribution families to observed data (see
//! [`crate::fit`]).

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};

use super::args::usize_arg;
use super::charts::{draw, options, PyChartOptions};
use super::errors::{guard, scenario_error_with};
use super::model::table_to_py;
use crate::figures::fit::fit_chart;
use crate::fit::{fit as fit_families, fit_table, FitError};

/// The `ScenarioError` of a bad fit argument, naming it.
fn fit_error(e: FitError) -> PyErr {
    scenario_error_with(e.to_string(), vec![(e.field, e.message)])
}

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
            .map_err(fit_error)?;
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

/// Renders the chart of the `top` best fits of `families` to `samples` (the fits of
/// [`fit`]): the data's histogram and empirical CDF against each fit's density and CDF,
/// with `x_label` under the x axes. The provenance records the number of values as
/// `trials` and `maximum likelihood` as the method.
#[pyfunction]
#[pyo3(signature = (samples, families, top, x_label, opts))]
pub fn render_fit_chart<'py>(
    py: Python<'py>,
    samples: PyReadonlyArray1<'py, f64>,
    families: Option<Vec<String>>,
    top: &Bound<'py, PyAny>,
    x_label: &str,
    opts: PyChartOptions<'py>,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(|| {
        let top = usize_arg(top, "top", 1)?;
        let (opts, format) = options(&opts, "")?;
        let values = samples.as_slice()?.to_vec();
        let spec = py
            .detach(|| fit_chart(&values, families.as_deref(), top, x_label))
            .map_err(fit_error)?;
        let prov = crate::figures::fit::provenance(values.len());
        draw(py, &spec, &opts, &prov, format)
    })
}
