//! Bindings for the output registry ([`crate::model::outputs`]): what each output is, for
//! the Python layer and the docs.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::errors::guard;
use crate::model::outputs::{find, OutputDef, OUTPUTS};

/// One declaration as a dict: `name` (its pattern), `per`, `kind`, `unit`, `label`,
/// `description`, `nullable` and `tables`.
fn def_dict<'py>(py: Python<'py>, d: &OutputDef) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("name", d.pattern)?;
    out.set_item("per", d.per.as_str())?;
    out.set_item("kind", d.kind.as_str())?;
    out.set_item("unit", d.unit.as_str())?;
    out.set_item("label", d.label)?;
    out.set_item("description", d.description)?;
    out.set_item("nullable", d.nullable)?;
    let tables: Vec<&str> = d.views.iter().map(|v| v.as_str()).collect();
    out.set_item("tables", tables)?;
    Ok(out)
}

/// Every declared output, in declaration order.
#[pyfunction]
pub fn outputs(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyDict>>> {
    guard(|| OUTPUTS.iter().map(|d| def_dict(py, d)).collect())
}

/// The declaration output `name` is an instance of (`"repave.total"` →
/// `"{strategy}.total"`), or `None` for a name no output has.
#[pyfunction]
pub fn output_info<'py>(py: Python<'py>, name: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
    guard(|| find(name).map(|(d, _)| def_dict(py, d)).transpose())
}
