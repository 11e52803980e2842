//! Bindings for charts: a result's charts, sweep charts, and money formatting. Bytes
//! (PNG or SVG) cross to Python; all drawing happens in the core.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::args::{count_arg, int_in, seed_arg, usize_arg};
use super::errors::{guard, scenario_error};
use super::model::PySimulation;
use crate::chart::{
    render, ChartOptions, ChartSpec, Format, HeatmapData, HeatmapValues, Provenance,
    SweepLinesData, SweepSeries, Theme, MAX_SIZE, MIN_SIZE,
};

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

fn options(o: &PyChartOptions<'_>, currency: &str) -> PyResult<(ChartOptions, Format)> {
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

fn draw<'py>(
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

/// Renders chart `kind` of a simulation.
#[pyfunction]
#[pyo3(signature = (sim, kind, opts, threshold=None, output="savings", top=None, outputs=None))]
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
) -> PyResult<Bound<'py, PyBytes>> {
    guard(|| {
        let max_rows = top
            .map(|t| usize_arg(t, "top", 1))
            .transpose()?
            .unwrap_or(12);
        if kind == "breakdown" {
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
        draw(py, &spec, &opts, &crate::figures::provenance(r), format)
    })
}

/// Provenance of a sweep as Python passes it: `(seed, trials, method, scenario_hash)`.
type PyProvenance<'py> = (Bound<'py, PyAny>, Bound<'py, PyAny>, String, String);

fn provenance(p: &PyProvenance<'_>) -> PyResult<Provenance> {
    let seed = seed_arg(&p.0)?;
    let trials = count_arg(&p.1, "trials", 1)?;
    Ok(Provenance::new(seed, trials, &p.2, &p.3))
}

/// One sweep series as Python passes it: `(name, p5, p50, p95)`.
type PyBand = (String, Vec<f64>, Vec<f64>, Vec<f64>);

/// Renders sweep lines: `series` is a list of `(name, p5, p50, p95)` along `x`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (x, x_label, y_label, series_label, series, log_x, currency, opts, prov))]
pub fn render_sweep_lines<'py>(
    py: Python<'py>,
    x: Vec<f64>,
    x_label: String,
    y_label: String,
    series_label: String,
    series: Vec<PyBand>,
    log_x: Option<bool>,
    currency: &str,
    opts: PyChartOptions<'py>,
    prov: PyProvenance<'py>,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(|| {
        let (opts, format) = options(&opts, currency)?;
        let spec = ChartSpec::SweepLines(SweepLinesData {
            x,
            x_label,
            y_label,
            series_label,
            series: series
                .into_iter()
                .map(|(name, p5, p50, p95)| SweepSeries { name, p5, p50, p95 })
                .collect(),
            log_x,
        });
        draw(py, &spec, &opts, &provenance(&prov)?, format)
    })
}

/// Renders a heatmap: `values[row][column]`, rows bottom to top; `kind` is
/// `"probability"` or `"money"`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (x_labels, y_labels, values, kind, x_label, y_label, scale_label, currency, opts, prov))]
pub fn render_heatmap<'py>(
    py: Python<'py>,
    x_labels: Vec<String>,
    y_labels: Vec<String>,
    values: Vec<Vec<f64>>,
    kind: &str,
    x_label: String,
    y_label: String,
    scale_label: String,
    currency: &str,
    opts: PyChartOptions<'py>,
    prov: PyProvenance<'py>,
) -> PyResult<Bound<'py, PyBytes>> {
    guard(|| {
        let (opts, format) = options(&opts, currency)?;
        let kind = match kind {
            "probability" => HeatmapValues::Probability,
            "money" => HeatmapValues::Money,
            other => {
                return Err(scenario_error(
                    "value",
                    format!("value kind must be probability or money, got {other:?}"),
                ))
            }
        };
        let spec = ChartSpec::Heatmap(HeatmapData {
            x_labels,
            y_labels,
            values,
            kind,
            x_label,
            y_label,
            scale_label,
        });
        draw(py, &spec, &opts, &provenance(&prov)?, format)
    })
}
