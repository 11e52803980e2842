//! Sweeps: simulate every point of a grid of scenario variants with common random numbers.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::dimensions::run_dimensions;
use super::error::RunError;
use super::layout::Detail;
use super::outputs;
use super::plan::Plan;
use super::simulate::{check_trials, simulate_counted, work_units, SimError};
use super::tables::{summary_columns, Threshold};
use crate::limits::checked_product;
use crate::sampling::{Control, Method};
use crate::scenario::{check_path, Scenario, ScenarioError};
use crate::stats::Summary;
use crate::table::{Column, Table};

/// One grid axis: the scenario paths it sets and the steps it takes.
///
/// A plain axis sets one path; a *linked* axis sets several paths together, one value
/// each at every step (say `fleet.nodes`, `fleet.services` and `fleet.clusters` scaled as
/// one fleet). The sweep runs every combination of the axes' steps.
#[derive(Clone, Debug)]
pub struct GridAxis {
    /// Dotted paths of the fields (`fleet.nodes`, `staffing.sre.headcount`).
    pub paths: Vec<String>,
    /// The steps, each with one value per path, as scenario values (numbers,
    /// distribution tables or parameter names).
    pub steps: Vec<Vec<Value>>,
}

impl GridAxis {
    /// An axis over one path: one step per value.
    pub fn new(path: &str, values: Vec<Value>) -> Self {
        GridAxis {
            paths: vec![path.to_string()],
            steps: values.into_iter().map(|v| vec![v]).collect(),
        }
    }

    /// A linked axis: `steps[i][j]` is the value of `paths[j]` at step `i`.
    pub fn linked(paths: &[&str], steps: Vec<Vec<Value>>) -> Self {
        GridAxis {
            paths: paths.iter().map(|p| p.to_string()).collect(),
            steps,
        }
    }

    /// The axis's name in messages: `fleet.nodes`, or `(fleet.nodes, fleet.services)` for
    /// a linked axis.
    pub fn name(&self) -> String {
        match self.paths.as_slice() {
            [one] => one.clone(),
            many => format!("({})", many.join(", ")),
        }
    }
}

/// Why a sweep did not produce a table: [`RunError`], the same type as a simulation's.
pub type SweepError = RunError;

/// The most grid points one sweep may have.
pub const MAX_GRID_POINTS: usize = 100_000;

/// Checks that the threshold names an output a sweep row can have
/// ([`outputs::View::Sweep`]: `savings`, `savings_per_year`, `STRATEGY.total` or
/// `STRATEGY.fte.ROLE` for any role of the staffing).
fn check_threshold(scenario: &Scenario, threshold: &Threshold) -> Result<(), SweepError> {
    let outputs = outputs::names(
        outputs::View::Sweep,
        scenario.strategies.keys().map(String::as_str),
        scenario.staffing.keys().map(String::as_str),
    );
    threshold
        .check(outputs.iter().map(String::as_str))
        .map_err(|message| SweepError::Argument {
            field: "threshold".into(),
            message,
        })
}

/// Every combination of the axes' steps, first axis slowest.
fn grid_points(grid: &[GridAxis]) -> Vec<Vec<usize>> {
    let mut points = vec![Vec::new()];
    for axis in grid {
        points = points
            .into_iter()
            .flat_map(|p| {
                (0..axis.steps.len()).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    points
}

/// Every `(path, value)` a grid point sets, axis by axis.
fn point_values<'a>(
    grid: &'a [GridAxis],
    point: &'a [usize],
) -> impl Iterator<Item = (&'a String, &'a Value)> {
    grid.iter()
        .zip(point)
        .flat_map(|(axis, &i)| axis.paths.iter().zip(&axis.steps[i]))
}

/// Builds the scenario at one grid point, through [`Scenario::replace`] like any change.
fn variant(base: &Scenario, grid: &[GridAxis], point: &[usize]) -> Result<Plan, ScenarioError> {
    let changes: Vec<(String, Value)> = point_values(grid, point)
        .map(|(path, value)| (path.clone(), value.clone()))
        .collect();
    // A point that fixes a correlated input drops that input's correlations (plan docs).
    Plan::at_grid_point(&base.replace(&[], &changes)?)
}

/// Checks the grid's shape: at least one axis, each with at least one path and one step,
/// every step with one value per path, and no path on two axes or twice on one.
fn check_grid(grid: &[GridAxis]) -> Result<(), SweepError> {
    let arg = |field: String, message: String| SweepError::Argument { field, message };
    if grid.is_empty() {
        return Err(arg("grid".into(), "give at least one path".into()));
    }
    let mut seen: Vec<&str> = Vec::new();
    for axis in grid {
        let field = format!("grid.{}", axis.name());
        if axis.paths.is_empty() {
            return Err(arg(field, "a linked axis needs at least one path".into()));
        }
        for path in &axis.paths {
            if seen.contains(&path.as_str()) {
                return Err(arg(
                    format!("grid.{path}"),
                    "the path is on the grid twice; give each path once, on one axis".into(),
                ));
            }
            seen.push(path);
        }
        if axis.steps.is_empty() {
            return Err(arg(field, "give at least one value".into()));
        }
        let n = axis.paths.len();
        if let Some((i, step)) = axis.steps.iter().enumerate().find(|(_, s)| s.len() != n) {
            let shown: Vec<String> = step.iter().map(Value::to_string).collect();
            return Err(arg(
                field,
                format!(
                    "linked paths need one value each at every step: step {i} ({}) has {} \
                     value{} for {n} paths",
                    shown.join(", "),
                    step.len(),
                    if step.len() == 1 { "" } else { "s" },
                ),
            ));
        }
    }
    Ok(())
}

/// A grid value as a column cell: numbers stay numbers, anything else becomes its JSON text.
fn cell(v: &Value) -> Result<f64, String> {
    v.as_f64().ok_or_else(|| v.to_string())
}

/// Runs every grid point (every combination of the axes' steps, any number of axes) with
/// the same seed (common random numbers) and returns one long table: one column per grid
/// path (linked paths too), the output name, and its summary statistics. Outputs are
/// `savings`, `savings_per_year`, each strategy's `NAME.total`, and each used role's
/// final-year FTE `NAME.fte.ROLE` (with `prob_over_capacity`: the chance it runs over
/// capacity in any year). `prob_above` is filled on the rows of the threshold's output.
///
/// ```
/// use repave_cost::model::{sweep, GridAxis};
/// use repave_cost::sampling::{Control, Method};
/// let fleet = repave_cost::presets::load("fleet").unwrap();
/// let grid = vec![
///     GridAxis::linked(
///         &["fleet.nodes", "fleet.clusters"],
///         vec![vec![10.into(), 1.into()], vec![100.into(), 4.into()]],
///     ),
///     GridAxis::new("staffing.sre.headcount", vec![2.into(), 4.into()]),
/// ];
/// let threshold = repave_cost::model::Threshold::savings(0.0);
/// let table = sweep(&fleet, &grid, 200, 0, Method::Random, &threshold, &Control::new()).unwrap();
/// assert_eq!(table.columns[0].0, "fleet.nodes");
/// assert_eq!(table.columns[1].0, "fleet.clusters");
/// assert_eq!(table.columns[2].0, "staffing.sre.headcount");
/// ```
pub fn sweep(
    scenario: &Scenario,
    grid: &[GridAxis],
    trials: usize,
    seed: u64,
    method: Method,
    threshold: &Threshold,
    control: &Control,
) -> Result<Table, SweepError> {
    check_grid(grid)?;
    check_threshold(scenario, threshold)?;
    // Count the points before listing them: the product of the axes' lengths may be huge.
    let lengths: Vec<u64> = grid.iter().map(|a| a.steps.len() as u64).collect();
    checked_product(
        "grid",
        &lengths,
        MAX_GRID_POINTS as u64,
        "grid points in one sweep",
    )
    .map_err(|e| SweepError::Argument {
        field: e.name.clone(),
        message: format!(
            "{} points is more than the limit of {MAX_GRID_POINTS}",
            e.requested
        ),
    })?;
    let points = grid_points(grid);
    // A path that names nothing is reported once, before any point.
    let tree = scenario.to_value();
    for path in grid.iter().flat_map(|axis| &axis.paths) {
        check_path(&tree, path).map_err(|e| e.with_activity_names(&tree))?;
    }
    // Validate every point before simulating any.
    let plans: Vec<Arc<Plan>> = points
        .iter()
        .map(|p| {
            variant(scenario, grid, p).map(Arc::new).map_err(|mut e| {
                let at: Vec<String> = point_values(grid, p)
                    .map(|(path, value)| format!("{path}={value}"))
                    .collect();
                for prob in &mut e.problems {
                    prob.message = format!("{} (at grid point {})", prob.message, at.join(", "));
                }
                e
            })
        })
        .collect::<Result<_, _>>()?;

    // Refuse a too-large `trials` before any point allocates.
    for plan in &plans {
        check_trials(plan, trials)?;
    }
    // One map of dimensions over every point's keys: each point sees the same points.
    let plan_refs: Vec<&Plan> = plans.iter().map(Arc::as_ref).collect();
    let dims = Arc::new(run_dimensions(&plan_refs));
    control.expect(
        plans
            .iter()
            .fold(0u64, |sum, p| sum.saturating_add(work_units(p, trials))),
    );
    let per_point: Vec<Vec<(String, Summary, Option<f64>)>> = plans
        .par_iter()
        .map(|plan| {
            let r = simulate_counted(plan, &dims, trials, seed, method, Detail::Full, control)?;
            let rows: Vec<(String, Summary, Option<f64>)> = outputs::of(&r, outputs::View::Sweep)
                .into_iter()
                .map(|o| {
                    let over = (o.def.per == outputs::Per::Role).then(|| {
                        let role = &r.detail()[o.at.strategy].roles[o.at.role];
                        let any_over: Vec<f64> = (0..r.trials)
                            .map(|i| role.over_capacity.iter().map(|y| y[i]).fold(0.0, f64::max))
                            .collect();
                        crate::stats::stable_sum(&any_over) / r.trials as f64
                    });
                    (o.name, Summary::of(o.values, threshold.value), over)
                })
                .collect();
            Ok::<_, SimError>(rows)
        })
        .collect::<Result<_, _>>()?;

    let mut t = Table::default();
    let columns = grid
        .iter()
        .enumerate()
        .flat_map(|(j, axis)| (0..axis.paths.len()).map(move |k| (j, k)));
    for (j, k) in columns {
        let axis = &grid[j];
        let cells: Vec<Result<f64, String>> = points
            .iter()
            .zip(&per_point)
            .flat_map(|(p, rows)| std::iter::repeat_n(cell(&axis.steps[p[j]][k]), rows.len()))
            .collect();
        let whole =
            |c: &Result<f64, String>| matches!(c, Ok(v) if v.fract() == 0.0 && v.abs() < 9e15);
        let column = if cells.iter().all(whole) {
            Column::I64(
                cells
                    .into_iter()
                    .map(|c| c.unwrap_or_default() as i64)
                    .collect(),
            )
        } else if cells.iter().all(Result::is_ok) {
            Column::F64(cells.into_iter().map(|c| c.unwrap_or_default()).collect())
        } else {
            Column::Str(
                cells
                    .into_iter()
                    .map(|c| c.map_or_else(|s| s, |v| v.to_string()))
                    .collect(),
            )
        };
        t.push(&axis.paths[k], column);
    }
    let flat: Vec<&(String, Summary, Option<f64>)> = per_point.iter().flatten().collect();
    t.push(
        "output",
        Column::Str(flat.iter().map(|r| r.0.clone()).collect()),
    );
    let stats: Vec<Summary> = flat.iter().map(|r| r.1.clone()).collect();
    let applies: Vec<bool> = flat.iter().map(|r| r.0 == threshold.output).collect();
    summary_columns(&mut t, &stats, &applies);
    t.push(
        "prob_over_capacity",
        Column::OptF64(flat.iter().map(|r| r.2).collect()),
    );
    Ok(t)
}
