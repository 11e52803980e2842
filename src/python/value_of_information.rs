//! Bindings for the value of information ([`crate::decision::value_of_information`]).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};

use super::charts::{draw, options, PyChartOptions};
use super::errors::{guard, scenario_error};
use super::model::{table_to_py, PySimulation};
use super::precision::{chart_provenance, PyConvergence};
use crate::decision::{value_of_information as compute, ValueOfInformation};

/// Groups as Python passes them: `(name, [input, ...])`.
type Groups = Vec<(String, Vec<String>)>;

fn voi(py: Python<'_>, sim: &PySimulation, groups: &Groups) -> PyResult<ValueOfInformation> {
    let r = &sim.inner;
    py.detach(|| compute(r, groups))
        .map_err(|m| scenario_error("groups", m))
}

/// EVPI and every input's and group's EVPPI: `(decision, table)`.
#[pyfunction]
pub fn value_of_information<'py>(
    py: Python<'py>,
    sim: &PySimulation,
    groups: Groups,
) -> PyResult<(String, Bound<'py, PyList>)> {
    guard(|| {
        let v = voi(py, sim, &groups)?;
        let t = crate::figures::value_of_information::table(&sim.inner, &v);
        Ok((v.decision, table_to_py(py, t)?))
    })
}

/// The value-of-information chart (`opts` and `convergence` as a result's charts take
/// them).
#[pyfunction]
#[pyo3(signature = (sim, groups, opts, convergence=None))]
pub fn render_value_of_information<'py>(
    py: Python<'py>,
    sim: &PySimulation,
    groups: Groups,
    opts: PyChartOptions<'py>,
    convergence: Option<PyRef<'py, PyConvergence>>,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(|| {
        let r = &sim.inner;
        let v = voi(py, sim, &groups)?;
        let (opts, format) = options(&opts, r.currency())?;
        let spec = crate::figures::value_of_information::chart(r, &v);
        let prov = chart_provenance(r, convergence.as_deref());
        draw(py, &spec, &opts, &prov, format)
    })
}
