//! The charts of a sweep: turns a sweep table ([`crate::model::sweep`]) into chart data.
//!
//! A chart shows two grid axes at most (`x` and `by` for [`lines`], `x` and `y` for
//! [`heatmap`]). Every other axis with more than one step must be held at one step with
//! `at` (any path of a linked axis will do); the chart's default subtitle says where they
//! are held. Nothing is averaged over an axis or drawn on top of another. Everything a
//! sweep chart decides lives here: the default pair of axes, holding, the steps of a
//! linked axis, series names, cell text, axis and scale titles; [`crate::chart::render`]
//! draws the result.

use serde_json::Value;

use crate::chart::{ChartSpec, HeatmapData, HeatmapValues, SweepLinesData, SweepSeries};
use crate::model::outputs::{self, label as output_label, OutputKind};
use crate::model::{GridAxis, Threshold};
use crate::money::{format_money, group_thousands};
use crate::scenario::Scenario;
use crate::table::{Column, Table};

/// What a heatmap can colour its cells by: the probability of exceeding the sweep's
/// threshold (`prob_above`, only for the threshold's output) or a money statistic.
pub const HEATMAP_VALUES: [&str; 7] = ["prob_above", "mean", "p5", "p10", "p50", "p90", "p95"];

/// Why a sweep chart cannot be drawn: the argument at fault (`x`, `by`, `y`, `at`,
/// `output`, `value` or `grid`) and a message that starts with or names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SweepChartError {
    /// The argument at fault.
    pub field: &'static str,
    /// What is wrong and what to change.
    pub message: String,
}

fn fail<T>(field: &'static str, message: String) -> Result<T, SweepChartError> {
    Err(SweepChartError { field, message })
}

/// A sweep as its charts read it: the scenario swept, its grid axes with their steps as
/// given, the sweep's table and its threshold.
#[derive(Debug, Clone, Copy)]
pub struct SweepView<'a> {
    /// The base scenario (labels, horizon, currency).
    pub scenario: &'a Scenario,
    /// The grid axes in order, with their steps as given to the sweep.
    pub axes: &'a [GridAxis],
    /// The sweep's table: a column per grid path, `output` and the summary statistics.
    pub table: &'a Table,
    /// The threshold that set `prob_above`, and its output.
    pub threshold: &'a Threshold,
}

/// What [`lines`] draws: `output`'s median along grid path `x` with p5–p95 bands, one
/// line per step of the axis of `by`; other axes held with `at` (path, value).
#[derive(Debug, Clone, Copy)]
pub struct LinesRequest<'a> {
    /// The grid path along the x axis; `None` picks it ([`SweepView::default_pair`]).
    pub x: Option<&'a str>,
    /// The grid path with one line per step; `None` picks it.
    pub by: Option<&'a str>,
    /// The output drawn (`savings`, `repave.total`, `repave.fte.sre`, ...).
    pub output: &'a str,
    /// The axes held at one step, as (grid path, value) pairs.
    pub at: &'a [(String, Value)],
}

impl Default for LinesRequest<'_> {
    fn default() -> Self {
        LinesRequest {
            x: None,
            by: None,
            output: "savings",
            at: &[],
        }
    }
}

/// What [`heatmap`] draws: two grid axes, `x` and `y`, coloured by `value` (one of
/// [`HEATMAP_VALUES`]) of `output`; other axes held with `at` (path, value).
#[derive(Debug, Clone, Copy)]
pub struct HeatmapRequest<'a> {
    /// The grid path along the columns; `None` picks it ([`SweepView::default_pair`]).
    pub x: Option<&'a str>,
    /// The grid path along the rows; `None` picks it.
    pub y: Option<&'a str>,
    /// The statistic in the cells (`prob_above`, `p50`, ...).
    pub value: &'a str,
    /// The output coloured.
    pub output: &'a str,
    /// The axes held at one step, as (grid path, value) pairs.
    pub at: &'a [(String, Value)],
}

impl Default for HeatmapRequest<'_> {
    fn default() -> Self {
        HeatmapRequest {
            x: None,
            y: None,
            value: "prob_above",
            output: "savings",
            at: &[],
        }
    }
}

/// A sweep chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepChart {
    /// The chart data.
    pub spec: ChartSpec,
    /// Where the axes not shown are held, one entry per such axis (a single-step axis
    /// too): `Nodes = 100, Services = 20, Clusters = 2`.
    pub held: Vec<String>,
    /// The currency of the chart's money labels (empty for FTE).
    pub currency: String,
}

impl SweepChart {
    /// The subtitle to print: `given` when there is one, else where the other axes are
    /// held (`At Nodes = 100; Discount rate = 0.1`), else none.
    pub fn subtitle(&self, given: Option<String>) -> Option<String> {
        given.or_else(|| (!self.held.is_empty()).then(|| format!("At {}", self.held.join("; "))))
    }
}

/// One grid cell as the table holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cell<'t> {
    Int(i64),
    Num(f64),
    Text(&'t str),
    Missing,
}

fn cell(column: &Column, row: usize) -> Cell<'_> {
    match column {
        Column::I64(v) => Cell::Int(v[row]),
        Column::F64(v) => Cell::Num(v[row]),
        Column::OptF64(v) => v[row].map_or(Cell::Missing, Cell::Num),
        Column::Str(v) => Cell::Text(&v[row]),
    }
}

/// One step of a grid axis: its values as given, and its cells as the table holds them.
#[derive(Debug, Clone)]
struct Step<'t> {
    values: Vec<Value>,
    cells: Vec<Cell<'t>>,
}

/// The axes a chart holds: the step of each held axis, and words for the subtitle.
struct Held<'t> {
    steps: Vec<(usize, Step<'t>)>,
    words: Vec<String>,
}

/// Grid values equal as scenario values: `10` is `10.0`; `true` is not `1`.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Bool(_), _) | (_, Value::Bool(_)) => false,
        _ => loosely_same(a, b),
    }
}

/// Deep equality with numbers compared by value (and, inside tables, `true` as `1`).
fn loosely_same(a: &Value, b: &Value) -> bool {
    let number = |v: &Value| match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    };
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| loosely_same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, p)| y.get(k).is_some_and(|q| loosely_same(p, q)))
        }
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

/// A float as Python writes it (`0.1`, `1e-07`, `1.5e+16`): grid values read as typed.
fn float_text(v: f64) -> String {
    if v.is_finite() && v != 0.0 {
        let exponent = v.abs().log10().floor() as i32;
        if !(-4..16).contains(&exponent) {
            let sci = format!("{v:e}");
            if let Some((mantissa, exp)) = sci.split_once('e') {
                let exp: i32 = exp.parse().unwrap_or(0);
                let sign = if exp < 0 { '-' } else { '+' };
                return format!("{mantissa}e{sign}{:02}", exp.abs());
            }
        }
    }
    let text = v.to_string();
    if text.contains(['.', 'e', 'N', 'i']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// A scenario value as Python's `repr` writes it, for messages and table-valued cells.
fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) if n.is_f64() => float_text(n.as_f64().unwrap_or(f64::NAN)),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{s}'"),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(value_text).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, item)| format!("'{k}': {}", value_text(item)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// A grid value as chart text: whole numbers with thousands separators (`1,000`), other
/// numbers as typed (`0.1`), names as they are, tables as Python writes them.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() && x.fract() == 0.0 => {
                let digits = n.as_i64().map_or_else(
                    || format!("{:.0}", x.abs()),
                    |i| i.unsigned_abs().to_string(),
                );
                let sign = if x < 0.0 { "-" } else { "" };
                format!("{sign}{}", group_thousands(&digits))
            }
            Some(x) => float_text(x),
            None => n.to_string(),
        },
        Value::String(s) => s.clone(),
        other => value_text(other),
    }
}

/// A key under which equal grid values (`10` and `10.0`) coincide.
fn value_key(v: &Value) -> String {
    match v {
        Value::Number(n) => format!("{:?}", n.as_f64().unwrap_or(f64::NAN)),
        other => other.to_string(),
    }
}

impl<'a> SweepView<'a> {
    /// What the charts call grid path `path`: the label of the input it sets, as in a
    /// result's sensitivity table.
    pub fn label(&self, path: &str) -> String {
        self.scenario.path_label(path)
    }

    fn column(&self, name: &str) -> Result<&'a Column, SweepChartError> {
        match self.table.get(name) {
            Some(c) => Ok(c),
            None => fail(
                "grid",
                format!("grid: the sweep table has no column {name:?}"),
            ),
        }
    }

    /// The index of the axis that sets `path`, or an error naming `role` and the grid.
    fn axis(&self, path: &str, role: &'static str) -> Result<usize, SweepChartError> {
        if let Some(i) = self
            .axes
            .iter()
            .position(|a| a.paths.iter().any(|p| p == path))
        {
            return Ok(i);
        }
        let grid: Vec<&str> = self
            .axes
            .iter()
            .flat_map(|a| a.paths.iter().map(String::as_str))
            .collect();
        fail(
            role,
            format!(
                "{role}: '{path}' is not a grid path (grid: {})",
                grid.join(", ")
            ),
        )
    }

    /// The axis's distinct steps in grid order, each with the table cells it wrote.
    fn steps(&self, axis: usize) -> Result<Vec<Step<'a>>, SweepChartError> {
        let a = &self.axes[axis];
        let columns: Vec<&Column> = a
            .paths
            .iter()
            .map(|p| self.column(p))
            .collect::<Result<_, _>>()?;
        let rows = columns.first().map_or(0, |c| c.len());
        let mut cells: Vec<Vec<Cell<'a>>> = Vec::new();
        for row in 0..rows {
            let here: Vec<Cell<'a>> = columns.iter().map(|c| cell(c, row)).collect();
            if !cells.contains(&here) {
                cells.push(here);
            }
        }
        let mut given: Vec<&Vec<Value>> = Vec::new();
        for step in &a.steps {
            let seen = given
                .iter()
                .any(|g| g.len() == step.len() && g.iter().zip(step).all(|(p, q)| same(p, q)));
            if !seen {
                given.push(step);
            }
        }
        if given.len() != cells.len() {
            return fail(
                "grid",
                format!("grid: the table does not match the axis {}", a.name()),
            );
        }
        Ok(given
            .into_iter()
            .zip(cells)
            .map(|(values, cells)| Step {
                values: values.clone(),
                cells,
            })
            .collect())
    }

    /// Whether table row `row` lies on `step` of `axis`.
    fn on(&self, axis: usize, step: &Step<'_>, row: usize) -> bool {
        self.axes[axis]
            .paths
            .iter()
            .zip(&step.cells)
            .all(|(p, c)| self.table.get(p).is_some_and(|col| cell(col, row) == *c))
    }

    /// The rows of output `output`, or an error naming it.
    fn output_rows(&self, output: &str) -> Result<Vec<usize>, SweepChartError> {
        let names = match self.column("output")? {
            Column::Str(v) => v,
            _ => {
                return fail(
                    "grid",
                    "grid: the sweep table's output column is not text".into(),
                )
            }
        };
        let rows: Vec<usize> = (0..names.len()).filter(|&i| names[i] == output).collect();
        if rows.is_empty() {
            return fail("output", format!("output: unknown output '{output}'"));
        }
        Ok(rows)
    }

    /// Statistic `name` of table row `row`.
    fn stat(&self, name: &str, row: usize) -> Result<f64, SweepChartError> {
        match cell(self.column(name)?, row) {
            Cell::Num(v) => Ok(v),
            Cell::Int(v) => Ok(v as f64),
            _ => fail(
                "value",
                format!("value: the sweep table has no {name} for this output"),
            ),
        }
    }

    /// Holds every axis not in `shown` at one step: the step per held axis and the words
    /// for the subtitle. Axes with a single step need nothing; every other one needs a
    /// value in `at` (any path of the axis).
    fn hold(&self, shown: &[usize], at: &[(String, Value)]) -> Result<Held<'a>, SweepChartError> {
        for (path, _) in at {
            if shown.contains(&self.axis(path, "at")?) {
                return fail(
                    "at",
                    format!("at: {path} is on an axis the chart shows; fix only the other axes"),
                );
            }
        }
        let mut held = Vec::new();
        let mut words = Vec::new();
        let mut missing: Vec<&str> = Vec::new();
        for (i, axis) in self.axes.iter().enumerate() {
            if shown.contains(&i) {
                continue;
            }
            let steps = self.steps(i)?;
            // The values `at` gives for this axis, in the axis's path order.
            let given: Vec<(usize, &String, &Value)> = axis
                .paths
                .iter()
                .enumerate()
                .filter_map(|(k, p)| at.iter().find(|(q, _)| q == p).map(|(q, v)| (k, q, v)))
                .collect();
            let matching: Vec<&Step<'a>> = if given.is_empty() {
                if steps.len() > 1 {
                    missing.push(&axis.paths[0]);
                    continue;
                }
                steps.iter().collect()
            } else {
                steps
                    .iter()
                    .filter(|st| given.iter().all(|(k, _, v)| same(&st.values[*k], v)))
                    .collect()
            };
            let [step] = matching.as_slice() else {
                let (k, path, value) = given[0];
                let options: Vec<String> =
                    steps.iter().map(|st| cell_text(&st.values[k])).collect();
                let why = if matching.is_empty() {
                    "is not one of its grid values"
                } else {
                    "is on several steps"
                };
                return fail(
                    "at",
                    format!(
                        "at: '{path}' = {} {why} (values: {})",
                        value_text(value),
                        options.join(", ")
                    ),
                );
            };
            let pairs: Vec<String> = axis
                .paths
                .iter()
                .zip(&step.values)
                .map(|(p, v)| format!("{} = {}", self.label(p), cell_text(v)))
                .collect();
            words.push(pairs.join(", "));
            held.push((i, (*step).clone()));
        }
        if !missing.is_empty() {
            let example: Vec<String> = missing
                .iter()
                .map(|p| {
                    let first = self.axes[self.axis(p, "at")?].steps[0][0].clone();
                    Ok(format!("'{p}': {}", cell_text(&first)))
                })
                .collect::<Result<_, SweepChartError>>()?;
            return fail(
                "at",
                format!(
                    "at: the sweep has {} grid axes and a chart shows two; hold {} at one \
                     value with at={{{}}} (or similar)",
                    self.axes.len(),
                    missing.join(", "),
                    example.join(", ")
                ),
            );
        }
        Ok(Held { steps: held, words })
    }

    /// The rows of `rows` on every held step.
    fn keep(&self, rows: Vec<usize>, held: &Held<'_>) -> Vec<usize> {
        rows.into_iter()
            .filter(|&r| held.steps.iter().all(|(a, st)| self.on(*a, st, r)))
            .collect()
    }

    /// The default pair of chart axes: `first` (default: the first path of the first axis
    /// that `at` does not hold) and the first path of the next axis that `at` does not
    /// hold, if any; axes with more than one step come before those with one.
    pub fn default_pair(
        &self,
        first: Option<&str>,
        at: &[(String, Value)],
    ) -> Result<(String, Option<String>), SweepChartError> {
        let held = |a: &GridAxis| a.paths.iter().any(|p| at.iter().any(|(q, _)| q == p));
        let mut free: Vec<usize> = (0..self.axes.len())
            .filter(|&i| !held(&self.axes[i]))
            .collect();
        free.sort_by_key(|&i| self.axes[i].steps.len() < 2);
        let x = match first.filter(|f| !f.is_empty()) {
            Some(f) => f.to_string(),
            None => match free.first().or(Some(&0)).and_then(|&i| self.axes.get(i)) {
                Some(a) => a.paths[0].clone(),
                None => return fail("grid", "grid: the sweep has no grid axes".into()),
            },
        };
        let x_axis = self.axis(&x, "x")?;
        let second = free
            .into_iter()
            .find(|&i| i != x_axis)
            .map(|i| self.axes[i].paths[0].clone());
        Ok((x, second))
    }

    /// The axis title of `path`: its label, with the other paths of its linked axis.
    fn axis_title(&self, path: &str, axis: usize) -> String {
        let others: Vec<String> = self.axes[axis]
            .paths
            .iter()
            .filter(|p| *p != path)
            .map(|p| self.label(p))
            .collect();
        if others.is_empty() {
            self.label(path)
        } else {
            format!("{} (with {})", self.label(path), others.join(", "))
        }
    }

    /// A chart axis along `path` needs distinct values at every step of its linked axis.
    fn distinct(
        &self,
        path: &str,
        axis: usize,
        steps: &[Step<'_>],
        role: &'static str,
    ) -> Result<usize, SweepChartError> {
        let a = &self.axes[axis];
        let k = a.paths.iter().position(|p| p == path).unwrap_or(0);
        let mut keys: Vec<String> = steps.iter().map(|st| value_key(&st.values[k])).collect();
        keys.sort();
        keys.dedup();
        if keys.len() != steps.len() {
            let values: Vec<String> = steps.iter().map(|st| cell_text(&st.values[k])).collect();
            let better: Vec<&str> = a
                .paths
                .iter()
                .filter(|p| *p != path)
                .map(String::as_str)
                .collect();
            return fail(
                role,
                format!(
                    "{role}: {path} repeats values along its linked axis ({}); use {} instead",
                    values.join(", "),
                    better.join(" or ")
                ),
            );
        }
        Ok(k)
    }

    fn horizon(&self) -> u32 {
        self.scenario.settings.horizon_years
    }
}

/// The first of `rows` on `step` of `axis`.
fn first_on(
    view: &SweepView<'_>,
    rows: &[usize],
    axis: usize,
    step: &Step<'_>,
) -> Result<usize, SweepChartError> {
    match rows.iter().copied().find(|&r| view.on(axis, step, r)) {
        Some(r) => Ok(r),
        None => fail(
            "grid",
            format!(
                "grid: the table has no row for a step of {}",
                view.axes[axis].name()
            ),
        ),
    }
}

/// Lines of `output`'s median (p5–p95 bands) along `x`, one per step of `by`'s axis;
/// break-even is marked by the renderer. The y axis says what is drawn (`Savings over 3
/// years`, `FTE in year 3: repave sre FTE`); FTE is drawn without a currency.
pub fn lines(view: &SweepView<'_>, req: &LinesRequest<'_>) -> Result<SweepChart, SweepChartError> {
    let (x, default_by) = view.default_pair(req.x, req.at)?;
    let x_axis = view.axis(&x, "x")?;
    let by = req.by.map(str::to_string).or(default_by);
    let mut shown = vec![x_axis];
    let by_axis = match &by {
        Some(b) => {
            let a = view.axis(b, "by")?;
            if a == x_axis {
                return fail(
                    "by",
                    format!("by: {b} is linked with x ({x}); choose another axis"),
                );
            }
            shown.push(a);
            Some(a)
        }
        None => None,
    };
    let rows = view.output_rows(req.output)?;
    let held = view.hold(&shown, req.at)?;
    let rows = view.keep(rows, &held);
    let x_steps = view.steps(x_axis)?;
    let k = view.distinct(&x, x_axis, &x_steps, "x")?;
    let xs: Vec<f64> = x_steps
        .iter()
        .map(|st| st.values[k].as_f64())
        .collect::<Option<_>>()
        .map_or_else(
            || {
                fail(
                    "x",
                    format!("x: grid values of {x} must be numbers to draw lines"),
                )
            },
            Ok,
        )?;
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&i, &j| xs[i].total_cmp(&xs[j]));
    let groups: Vec<Option<Step<'_>>> = match by_axis {
        Some(a) => view.steps(a)?.into_iter().map(Some).collect(),
        None => vec![None],
    };
    let mut series = Vec::with_capacity(groups.len());
    for group in &groups {
        let part: Vec<usize> = match (group, by_axis) {
            (Some(g), Some(a)) => rows.iter().copied().filter(|&r| view.on(a, g, r)).collect(),
            _ => rows.clone(),
        };
        let (mut p5, mut p50, mut p95) = (Vec::new(), Vec::new(), Vec::new());
        for &i in &order {
            let row = first_on(view, &part, x_axis, &x_steps[i])?;
            p5.push(view.stat("p5", row)?);
            p50.push(view.stat("p50", row)?);
            p95.push(view.stat("p95", row)?);
        }
        let name = match (group, by_axis, &by) {
            (Some(g), Some(a), Some(b)) => {
                let j = view.axes[a].paths.iter().position(|p| p == b).unwrap_or(0);
                format!("{} = {}", view.label(b), cell_text(&g.values[j]))
            }
            _ => req.output.to_string(),
        };
        series.push(SweepSeries::new(&name, p5, p50, p95));
    }
    let years = view.horizon();
    let span = if years == 1 {
        "1 year".to_string()
    } else {
        format!("{years} years")
    };
    // The kind the registry declares, not a guess from the name.
    let fte = matches!(outputs::find(req.output), Some((def, _)) if def.kind == OutputKind::Fte);
    let y_label = if fte {
        format!("FTE in year {years}: {}", output_label(req.output))
    } else if req.output == "savings" {
        format!("Savings over {span}")
    } else {
        format!("{} over {span}", output_label(req.output))
    };
    let series_label = match (&by, by_axis) {
        (Some(b), Some(a)) => view.axis_title(b, a),
        _ => String::new(),
    };
    let mut data = SweepLinesData::new(
        order.iter().map(|&i| xs[i]).collect(),
        &view.axis_title(&x, x_axis),
        &y_label,
        series,
    );
    data.series_label = series_label;
    Ok(SweepChart {
        spec: ChartSpec::SweepLines(data),
        held: held.words,
        currency: if fte {
            String::new()
        } else {
            view.scenario.settings.currency.clone()
        },
    })
}

/// A heatmap over grid axes `x` (columns) and `y` (rows, bottom to top) coloured by
/// `value` of `output`, values written in the cells. The cells of a linked axis are
/// labelled with every path's value (`100 / 20 / 2`).
pub fn heatmap(
    view: &SweepView<'_>,
    req: &HeatmapRequest<'_>,
) -> Result<SweepChart, SweepChartError> {
    let (x, default_y) = view.default_pair(req.x, req.at)?;
    let x_axis = view.axis(&x, "x")?;
    let Some(y) = req.y.map(str::to_string).or(default_y) else {
        return fail(
            "grid",
            "grid: a heatmap needs a sweep over two grid paths that are not linked (two grid \
             axes)"
                .into(),
        );
    };
    let y_axis = view.axis(&y, "y")?;
    if y_axis == x_axis {
        return fail(
            "y",
            format!("y: {y} is linked with x ({x}); choose another axis"),
        );
    }
    if !HEATMAP_VALUES.contains(&req.value) {
        return fail(
            "value",
            format!(
                "value must be one of {}, got '{}'",
                HEATMAP_VALUES.join(", "),
                req.value
            ),
        );
    }
    let rows = view.output_rows(req.output)?;
    let probability = req.value == "prob_above";
    let threshold = view.threshold;
    if probability && req.output != threshold.output {
        return fail(
            "value",
            format!(
                "value: 'prob_above' is there only for the threshold's output ('{t}'), not \
                 '{o}'; sweep with threshold_output='{o}' or choose another value such as 'p50'",
                t = threshold.output,
                o = req.output
            ),
        );
    }
    let held = view.hold(&[x_axis, y_axis], req.at)?;
    let rows = view.keep(rows, &held);
    let (x_steps, y_steps) = (view.steps(x_axis)?, view.steps(y_axis)?);
    view.distinct(&x, x_axis, &x_steps, "x")?;
    view.distinct(&y, y_axis, &y_steps, "y")?;
    let mut values = Vec::with_capacity(y_steps.len());
    for ys in &y_steps {
        let line: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| view.on(y_axis, ys, r))
            .collect();
        let cells = x_steps
            .iter()
            .map(|xs| view.stat(req.value, first_on(view, &line, x_axis, xs)?))
            .collect::<Result<Vec<f64>, _>>()?;
        values.push(cells);
    }
    let currency = view.scenario.settings.currency.clone();
    let words_of = |steps: &[Step<'_>]| -> Vec<String> {
        steps
            .iter()
            .map(|st| {
                let texts: Vec<String> = st.values.iter().map(cell_text).collect();
                texts.join(" / ")
            })
            .collect()
    };
    let title_of = |axis: usize| -> String {
        let labels: Vec<String> = view.axes[axis]
            .paths
            .iter()
            .map(|p| view.label(p))
            .collect();
        labels.join(" / ")
    };
    let scale_label = if probability {
        format!(
            "P({} > {})",
            output_label(req.output),
            format_money(threshold.value, &currency)
        )
    } else {
        format!("{} of {}", req.value, output_label(req.output))
    };
    let kind = if probability {
        HeatmapValues::Probability
    } else {
        HeatmapValues::Money
    };
    let data = HeatmapData::new(words_of(&x_steps), words_of(&y_steps), values, kind).with_labels(
        &title_of(x_axis),
        &title_of(y_axis),
        &scale_label,
    );
    Ok(SweepChart {
        spec: ChartSpec::Heatmap(data),
        held: held.words,
        currency,
    })
}

#[cfg(test)]
#[path = "sweep_tests.rs"]
mod tests;
