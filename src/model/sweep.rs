//! Sweeps: simulate every point of a grid of scenario variants with common random numbers.

use rayon::prelude::*;
use serde_json::Value;

use super::layout::Detail;
use super::plan::Plan;
use super::simulate::{check_trials, simulate_counted, work_units, SimError};
use super::tables::summary_columns;
use crate::limits::checked_product;
use crate::sampling::{Cancelled, Control, Method};
use crate::scenario::{set_path, Scenario, ScenarioError};
use crate::stats::Summary;
use crate::table::{Column, Table};

/// One grid variable: a scenario path and the values it takes.
#[derive(Clone, Debug)]
pub struct GridAxis {
    /// Dotted path of the field (`fleet.nodes`, `staffing.sre.headcount`).
    pub path: String,
    /// The values, as scenario values (numbers, distribution tables or parameter names).
    pub values: Vec<Value>,
}

/// Why a sweep did not produce a table.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SweepError {
    /// A grid point gives an invalid scenario.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A bad argument.
    #[error("{field}: {message}")]
    Argument {
        /// The argument at fault.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Cancelled before it finished.
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

impl From<SimError> for SweepError {
    fn from(e: SimError) -> Self {
        match e {
            SimError::Argument { field, message } => SweepError::Argument { field, message },
            SimError::Cancelled(c) => SweepError::Cancelled(c),
        }
    }
}

/// The most grid points one sweep may have.
pub const MAX_GRID_POINTS: usize = 100_000;

/// Every combination of the axes' values, first axis slowest.
fn grid_points(grid: &[GridAxis]) -> Vec<Vec<usize>> {
    let mut points = vec![Vec::new()];
    for axis in grid {
        points = points
            .into_iter()
            .flat_map(|p| {
                (0..axis.values.len()).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    points
}

/// Builds the scenario at one grid point.
fn variant(base: &Value, grid: &[GridAxis], point: &[usize]) -> Result<Plan, ScenarioError> {
    let mut v = base.clone();
    for (axis, &i) in grid.iter().zip(point) {
        set_path(&mut v, &axis.path, axis.values[i].clone())?;
    }
    let scenario = Scenario::from_value(v)?;
    Plan::new(&scenario)
}

/// A grid value as a column cell: numbers stay numbers, anything else becomes its JSON text.
fn cell(v: &Value) -> Result<f64, String> {
    v.as_f64().ok_or_else(|| v.to_string())
}

/// Runs every grid point with the same seed (common random numbers) and returns one long
/// table: the grid values, the output name, and its summary statistics. Outputs are
/// `savings`, each strategy's `NAME.total`, and each used role's final-year FTE
/// `NAME.fte.ROLE` (with `prob_over_capacity`: the chance it runs over capacity in any year).
///
/// ```
/// use repave_cost::model::{sweep, GridAxis};
/// use repave_cost::sampling::{Control, Method};
/// let fleet = repave_cost::presets::load("fleet").unwrap();
/// let grid = vec![GridAxis { path: "fleet.nodes".into(), values: vec![10.into(), 100.into()] }];
/// let table = sweep(&fleet, &grid, 200, 0, Method::Random, 0.0, &Control::new()).unwrap();
/// assert_eq!(table.columns[0].0, "fleet.nodes");
/// ```
pub fn sweep(
    scenario: &Scenario,
    grid: &[GridAxis],
    trials: usize,
    seed: u64,
    method: Method,
    threshold: f64,
    control: &Control,
) -> Result<Table, SweepError> {
    if grid.is_empty() {
        return Err(SweepError::Argument {
            field: "grid".into(),
            message: "give at least one path".into(),
        });
    }
    for axis in grid {
        if axis.values.is_empty() {
            return Err(SweepError::Argument {
                field: format!("grid.{}", axis.path),
                message: "give at least one value".into(),
            });
        }
    }
    // Count the points before listing them: the product of the axes' lengths may be huge.
    let lengths: Vec<u64> = grid.iter().map(|a| a.values.len() as u64).collect();
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
    let base = scenario.to_value();
    // Validate every point before simulating any.
    let plans: Vec<Plan> = points
        .iter()
        .map(|p| {
            variant(&base, grid, p).map_err(|mut e| {
                let at: Vec<String> = grid
                    .iter()
                    .zip(p)
                    .map(|(a, &i)| format!("{}={}", a.path, a.values[i]))
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
    control.expect(
        plans
            .iter()
            .fold(0u64, |sum, p| sum.saturating_add(work_units(p, trials))),
    );
    let per_point: Vec<Vec<(String, Summary, Option<f64>)>> = plans
        .par_iter()
        .map(|plan| {
            let r = simulate_counted(plan, trials, seed, method, Detail::Full, control)?;
            let mut rows: Vec<(String, Summary, Option<f64>)> = r
                .outputs()
                .into_iter()
                .filter(|(n, _)| !n.ends_with(".one_time"))
                .map(|(n, v)| (n, Summary::of(v, threshold), None))
                .collect();
            for s in r.detail() {
                for role in s.roles.iter().filter(|ro| s.uses_role(&ro.name)) {
                    let last = r.horizon - 1;
                    let any_over: Vec<f64> = (0..r.trials)
                        .map(|i| role.over_capacity.iter().map(|y| y[i]).fold(0.0, f64::max))
                        .collect();
                    let p_over = crate::stats::stable_sum(&any_over) / r.trials as f64;
                    rows.push((
                        format!("{}.fte.{}", s.name, role.name),
                        Summary::of(&role.fte[last], threshold),
                        Some(p_over),
                    ));
                }
            }
            Ok::<_, SimError>(rows)
        })
        .collect::<Result<_, _>>()?;

    let mut t = Table::default();
    for (j, axis) in grid.iter().enumerate() {
        let cells: Vec<Result<f64, String>> = points
            .iter()
            .zip(&per_point)
            .flat_map(|(p, rows)| std::iter::repeat_n(cell(&axis.values[p[j]]), rows.len()))
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
        t.push(&axis.path, column);
    }
    let flat: Vec<&(String, Summary, Option<f64>)> = per_point.iter().flatten().collect();
    t.push(
        "output",
        Column::Str(flat.iter().map(|r| r.0.clone()).collect()),
    );
    let stats: Vec<Summary> = flat.iter().map(|r| r.1.clone()).collect();
    summary_columns(&mut t, &stats);
    t.push(
        "prob_over_capacity",
        Column::OptF64(flat.iter().map(|r| r.2).collect()),
    );
    Ok(t)
}
