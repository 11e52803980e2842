//! Bindings for charts: a result's charts, sweep charts, and money formatting. Bytes
//! (PNG or SVG) cross to Python; all drawing happens in the core.

use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyString};
use serde_json::Value;

use super::args::{count_arg, int_in, seed_arg, usize_arg};
use super::errors::{guard, scenario_error};
use super::model::PySimulation;
use super::precision::{chart_provenance, PyConvergence};
use super::scenario::PyScenario;
use crate::chart::{
    render, ChartOptions, ChartSpec, Format, HeatmapValues, Provenance, Theme, MAX_SIZE, MIN_SIZE,
};
use crate::figures::sweep::{HeatmapRequest, LinesRequest, SweepChart, SweepChartError, SweepView};
use crate::model::{GridAxis, Plan, Threshold};
use crate::table::{Column, Table};

/// Presentation options as Python passes them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct PyChartOptions<'py> {
    width: Bound<'py, PyAny>,
    height: Bound<'py, PyAny>,
    title: Option<String>,
    subtitle: Option<String>,
    theme: String,
    footer: bool,
    format: String,
}

/// A chart's width or height in pixels, in `[MIN_SIZE, MAX_SIZE]`, named `name`.
fn pixels(value: &Bound<'_, PyAny>, name: &str) -> PyResult<u32> {
    Ok(int_in(value, name, MIN_SIZE.into(), MAX_SIZE.into())? as u32)
}

/// The core's chart options and format from Python's, money labelled in `currency`.
pub(crate) fn options(o: &PyChartOptions<'_>, currency: &str) -> PyResult<(ChartOptions, Format)> {
    let theme = match o.theme.as_str() {
        "light" => Theme::Light,
        "dark" => Theme::Dark,
        other => {
            return Err(scenario_error(
                "theme",
                format!("theme must be \"light\" or \"dark\", got {other:?}"),
            ))
        }
    };
    let format = match o.format.as_str() {
        "png" => Format::Png,
        "svg" => Format::Svg,
        other => {
            return Err(scenario_error(
                "format",
                format!("format must be \"png\" or \"svg\", got {other:?}"),
            ))
        }
    };
    let opts = ChartOptions {
        width: pixels(&o.width, "width")?,
        height: pixels(&o.height, "height")?,
        title: o.title.clone(),
        subtitle: o.subtitle.clone(),
        theme,
        footer: o.footer,
        currency: currency.to_string(),
    };
    Ok((opts, format))
}

/// Renders `spec` with the GIL released; a chart error is a `ScenarioError`.
pub(crate) fn draw<'py>(
    py: Python<'py>,
    spec: &ChartSpec,
    opts: &ChartOptions,
    prov: &Provenance,
    format: Format,
) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = py
        .detach(|| render(spec, opts, prov, format))
        .map_err(|e| scenario_error("chart", format!("chart: {e}")))?;
    Ok(PyBytes::new(py, &bytes))
}

/// Renders chart `kind` of a simulation; `convergence`, that of a precision-controlled
/// run, puts its precision in the chart's provenance.
#[pyfunction]
#[pyo3(signature = (sim, kind, opts, threshold=None, output="savings", top=None, outputs=None, convergence=None))]
#[allow(clippy::too_many_arguments)]
pub fn render_result_chart<'py>(
    py: Python<'py>,
    sim: &PySimulation,
    kind: &str,
    opts: PyChartOptions<'py>,
    threshold: Option<f64>,
    output: &str,
    top: Option<&Bound<'py, PyAny>>,
    outputs: Option<Vec<String>>,
    convergence: Option<PyRef<'py, PyConvergence>>,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(|| {
        let max_rows = top
            .map(|t| usize_arg(t, "top", 1))
            .transpose()?
            .unwrap_or(12);
        if kind == "breakdown" || kind == "attribution" {
            sim.ensure_detail(py)?;
        }
        let r = &sim.inner;
        let (opts, format) = options(&opts, r.currency())?;
        let spec = crate::figures::result_chart(
            r,
            kind,
            threshold,
            output,
            outputs.as_deref().unwrap_or(&[]),
            max_rows,
        )
        .map_err(|m| scenario_error("chart", format!("chart: {m}")))?;
        let prov = chart_provenance(r, convergence.as_deref());
        draw(py, &spec, &opts, &prov, format)
    })
}

/// Provenance of a sweep as Python passes it: `(seed, trials, method, scenario_hash)`.
type PyProvenance<'py> = (Bound<'py, PyAny>, Bound<'py, PyAny>, String, String);

fn provenance(p: &PyProvenance<'_>) -> PyResult<Provenance> {
    let seed = seed_arg(&p.0)?;
    let trials = count_arg(&p.1, "trials", 1)?;
    Ok(Provenance::new(seed, trials, &p.2, &p.3))
}

/// A sweep as Python passes it to its charts: the table's columns, the grid axes with
/// their steps as given (JSON), the compiled scenario (shared, not parsed again), the
/// threshold and the provenance. Built once per `SweepResult`; [`crate::figures::sweep`]
/// makes every chart decision.
#[pyclass(name = "SweepCharts", module = "repave_cost._core", frozen)]
pub struct PySweepCharts {
    /// The compiled base scenario; charts read its scenario (labels, horizon, currency).
    plan: Arc<Plan>,
    axes: Vec<GridAxis>,
    table: Table,
    threshold: Threshold,
    provenance: Provenance,
}

/// One table column from a Python list: its first value that is not `None` decides
/// whether it holds whole numbers, numbers (`None` for missing) or text.
fn column(name: &str, values: &Bound<'_, PyAny>) -> PyResult<Column> {
    let mut first = None;
    for item in values.try_iter()? {
        let item = item?;
        if !item.is_none() {
            first = Some(item);
            break;
        }
    }
    let column = match first {
        Some(v) if v.is_instance_of::<PyString>() => values.extract().map(Column::Str),
        Some(v) if v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>() => {
            values.extract().map(Column::I64)
        }
        _ => match values.extract() {
            Ok(v) => Ok(Column::F64(v)),
            Err(_) => values.extract().map(Column::OptF64),
        },
    };
    column.map_err(|e| {
        PyTypeError::new_err(format!(
            "sweep table column {name:?} must hold whole numbers, numbers or text: {e}"
        ))
    })
}

/// `(path, value)` pairs from Python's `[(path, json)]`.
fn at_values(at: Vec<(String, String)>) -> PyResult<Vec<(String, Value)>> {
    at.into_iter()
        .map(|(path, json)| {
            let value = serde_json::from_str(&json).map_err(|e| {
                scenario_error(
                    "at",
                    format!("at: the value of {path} is not a scenario value: {e}"),
                )
            })?;
            Ok((path, value))
        })
        .collect()
}

fn chart_error(e: SweepChartError) -> PyErr {
    scenario_error(e.field, e.message)
}

impl PySweepCharts {
    fn view(&self) -> SweepView<'_> {
        SweepView {
            scenario: &self.plan.scenario,
            axes: &self.axes,
            table: &self.table,
            threshold: &self.threshold,
        }
    }

    fn chart(&self, chart: SweepChart, subtitle: Option<String>) -> PySweepChart {
        PySweepChart {
            subtitle: chart.subtitle(subtitle),
            chart,
            provenance: self.provenance.clone(),
        }
    }
}

#[pymethods]
impl PySweepCharts {
    /// `columns` is the sweep table as `[(name, values)]`; `axes` is `[(paths, steps)]`
    /// with `steps` a JSON list of steps (one value per path), as passed to `sweep`;
    /// `scenario` is the compiled base scenario the sweep ran (a `_core.Scenario`).
    #[new]
    #[pyo3(signature = (columns, axes, scenario, threshold, threshold_output, prov))]
    fn new(
        columns: Vec<(String, Bound<'_, PyAny>)>,
        axes: Vec<(Vec<String>, String)>,
        scenario: &PyScenario,
        threshold: f64,
        threshold_output: String,
        prov: PyProvenance<'_>,
    ) -> PyResult<Self> {
        guard(|| {
            let mut table = Table::default();
            for (name, values) in &columns {
                table.push(name, column(name, values)?);
            }
            let axes = axes
                .into_iter()
                .map(|(paths, steps)| {
                    let steps = serde_json::from_str(&steps).map_err(|e| {
                        scenario_error(
                            "grid",
                            format!("grid: steps of {} are not JSON: {e}", paths.join(", ")),
                        )
                    })?;
                    Ok(GridAxis { paths, steps })
                })
                .collect::<PyResult<_>>()?;
            Ok(PySweepCharts {
                plan: Arc::clone(&scenario.plan),
                axes,
                table,
                threshold: Threshold::new(threshold_output, threshold),
                provenance: provenance(&prov)?,
            })
        })
    }

    /// The chart axes used when `x` and the second axis are not given: `(x, other)`.
    #[pyo3(signature = (x, at))]
    fn default_pair(
        &self,
        x: Option<&str>,
        at: Vec<(String, String)>,
    ) -> PyResult<(String, Option<String>)> {
        guard(|| {
            let at = at_values(at)?;
            self.view().default_pair(x, &at).map_err(chart_error)
        })
    }

    /// Lines of `output` along `x`, one per step of `by`; `subtitle` is the caller's.
    #[pyo3(signature = (x, by, output, at, subtitle))]
    fn lines(
        &self,
        x: Option<&str>,
        by: Option<&str>,
        output: &str,
        at: Vec<(String, String)>,
        subtitle: Option<String>,
    ) -> PyResult<PySweepChart> {
        guard(|| {
            let at = at_values(at)?;
            let req = LinesRequest {
                x,
                by,
                output,
                at: &at,
            };
            let chart = crate::figures::sweep::lines(&self.view(), &req).map_err(chart_error)?;
            Ok(self.chart(chart, subtitle))
        })
    }

    /// A heatmap of `value` of `output` over `x` and `y`; `subtitle` is the caller's.
    #[pyo3(signature = (x, y, value, output, at, subtitle))]
    #[allow(clippy::too_many_arguments)]
    fn heatmap(
        &self,
        x: Option<&str>,
        y: Option<&str>,
        value: &str,
        output: &str,
        at: Vec<(String, String)>,
        subtitle: Option<String>,
    ) -> PyResult<PySweepChart> {
        guard(|| {
            let at = at_values(at)?;
            let req = HeatmapRequest {
                x,
                y,
                value,
                output,
                at: &at,
            };
            let chart = crate::figures::sweep::heatmap(&self.view(), &req).map_err(chart_error)?;
            Ok(self.chart(chart, subtitle))
        })
    }
}

/// One line of a sweep chart as Python reads it: `(name, p5, p50, p95)`.
type Band<'s> = (&'s str, &'s [f64], &'s [f64], &'s [f64]);

/// A sweep chart ready to render: its data, the subtitle to print and its provenance.
#[pyclass(name = "SweepChart", module = "repave_cost._core", frozen)]
pub struct PySweepChart {
    chart: SweepChart,
    subtitle: Option<String>,
    provenance: Provenance,
}

#[pymethods]
impl PySweepChart {
    /// The subtitle to print: the caller's, else where the axes not shown are held.
    #[getter]
    fn subtitle(&self) -> Option<String> {
        self.subtitle.clone()
    }

    /// The chart as PNG or SVG bytes (`opts["format"]`).
    fn render<'py>(
        &self,
        py: Python<'py>,
        opts: PyChartOptions<'py>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        guard(|| {
            let (opts, format) = options(&opts, &self.chart.currency)?;
            draw(py, &self.chart.spec, &opts, &self.provenance, format)
        })
    }

    /// What the chart draws, as a dict: for lines `x`, `x_label`, `y_label`,
    /// `series_label`, `key` (the legend entry saying what line, band and dots are) and
    /// `series` (`(name, p5, p50, p95)`); for a heatmap `x_labels`,
    /// `y_labels`, `values` (rows bottom to top), `kind`, `x_label`, `y_label` and
    /// `scale_label`. For tests and for readers who want the numbers behind a chart.
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        match &self.chart.spec {
            ChartSpec::SweepLines(l) => {
                d.set_item("x", &l.x)?;
                d.set_item("x_label", &l.x_label)?;
                d.set_item("y_label", &l.y_label)?;
                d.set_item("series_label", &l.series_label)?;
                d.set_item("key", &l.key)?;
                let series: Vec<Band<'_>> = l
                    .series
                    .iter()
                    .map(|s| (s.name.as_str(), &s.p5[..], &s.p50[..], &s.p95[..]))
                    .collect();
                d.set_item("series", series)?;
            }
            ChartSpec::Heatmap(h) => {
                d.set_item("x_labels", &h.x_labels)?;
                d.set_item("y_labels", &h.y_labels)?;
                d.set_item("values", &h.values)?;
                let kind = match h.kind {
                    HeatmapValues::Probability => "probability",
                    HeatmapValues::Money => "money",
                };
                d.set_item("kind", kind)?;
                d.set_item("x_label", &h.x_label)?;
                d.set_item("y_label", &h.y_label)?;
                d.set_item("scale_label", &h.scale_label)?;
            }
            _ => {}
        }
        Ok(d)
    }
}
