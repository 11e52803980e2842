//! Sweeps: simulate every point of a grid of scenario variants with common random numbers.

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::dimensions::run_dimensions;
use super::error::RunError;
use super::layout::Detail;
use super::layout::Layout;
use super::outputs;
use super::plan::Plan;
use super::result::SimResult;
use super::shared_work::same_activity_pass;
use super::simulate::{check_trials, simulate_on_inputs, work_units, SimError};
use super::sweep_point::{lean_rows, lean_variant_rows, Chunks, PointBuffers, VARIANT_BYTES};
use super::tables::{summary_columns, Threshold};
use crate::limits::checked_product;
use crate::sampling::{sample_inputs_in, Control, Method};
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

/// One grid point's rows: output name, its summary, and (FTE rows) the chance of running
/// over capacity in any year.
type PointRows = Vec<(String, Summary, Option<f64>)>;

/// The summary rows of one grid point's result: what a point's rows are by definition,
/// used when the lean pass (`sweep_point`) does not compute every sweep output, and by the
/// tests that the lean rows equal these.
pub(super) fn point_rows(r: &SimResult, threshold: &Threshold) -> PointRows {
    outputs::of(r, outputs::View::Sweep)
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
        .collect()
}

/// Whether two compiled points draw the same input columns: the same inputs (keys and
/// distributions) in the same order, with the same rank-correlation targets (the design's
/// dimensions are the sweep's, the same for every point). What else a design's draws come
/// to depend on must join this comparison.
fn same_draws(a: &Plan, b: &Plan) -> bool {
    a.rank_targets == b.rank_targets
        && a.inputs.len() == b.inputs.len()
        && a.inputs
            .iter()
            .zip(&b.inputs)
            .all(|(x, y)| x.key == y.key && x.dist.spec() == y.dist.spec())
}

/// The points grouped by [`same_draws`], each group in grid order, groups by their first
/// point.
fn same_draws_groups(plans: &[Arc<Plan>]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        match groups.iter_mut().find(|g| same_draws(&plans[g[0]], plan)) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

/// The points of one [`same_draws`] group (`members`, in grid order) as tasks: points
/// whose cost passes differ only in their roles' capacity ([`same_activity_pass`]) join one
/// task, in grid order, as many as fit [`VARIANT_BYTES`] of output columns at `trials`
/// (at least one); tasks in the order of their first points.
fn variant_batches(plans: &[Arc<Plan>], members: &[usize], trials: usize) -> Vec<Vec<usize>> {
    let mut shared: Vec<Vec<usize>> = Vec::new();
    for &i in members {
        match shared
            .iter_mut()
            .find(|g| same_activity_pass(&plans[g[0]], &plans[i]))
        {
            Some(g) => g.push(i),
            None => shared.push(vec![i]),
        }
    }
    let bytes = |i: usize| {
        (Layout::columns(&plans[i], Detail::Sweep) as u64)
            .saturating_mul(8 * trials as u64)
            .max(1)
    };
    shared
        .into_iter()
        .flat_map(|g| {
            let per_task = (VARIANT_BYTES as u64 / bytes(g[0])).max(1) as usize;
            g.chunks(per_task)
                .map(<[usize]>::to_vec)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Grid points (each its step index per axis) with their compiled scenarios.
type Prepared = (Vec<Vec<usize>>, Vec<Arc<Plan>>);

/// The grid points in `range` (every point when `None`) with their compiled scenarios, after
/// checking the grid, the threshold, every path, every point in the range and `trials`.
fn prepare(
    scenario: &Scenario,
    grid: &[GridAxis],
    range: Option<Range<usize>>,
    trials: usize,
    threshold: &Threshold,
) -> Result<Prepared, SweepError> {
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
    let mut points = grid_points(grid);
    if let Some(range) = range {
        if range.start > range.end || range.end > points.len() {
            return Err(SweepError::Argument {
                field: "points".into(),
                message: format!(
                    "the range {}..{} is not within the grid's {} points",
                    range.start,
                    range.end,
                    points.len()
                ),
            });
        }
        points = points.drain(range).collect();
    }
    // A path that names nothing is reported once, before any point.
    let tree = scenario.to_value();
    for path in grid.iter().flat_map(|axis| &axis.paths) {
        check_path(&tree, path).map_err(|e| e.with_activity_names(&tree))?;
    }
    // Validate every point before simulating any (compiled in parallel; the first point's
    // error in grid order is the one reported, whatever the thread count).
    let compiled: Vec<Result<Arc<Plan>, ScenarioError>> = points
        .par_iter()
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
        .collect();
    let plans: Vec<Arc<Plan>> = compiled.into_iter().collect::<Result<_, _>>()?;

    // Refuse a too-large `trials` before any point allocates.
    for plan in &plans {
        check_trials(plan, trials)?;
    }
    Ok((points, plans))
}

/// Checks a sweep without simulating it: the grid, the threshold, every path and every
/// point (each compiled, with the same errors as [`sweep`]) and `trials`; returns the number
/// of grid points. What a sweep sent out in tasks ([`sweep_part`]) checks first, so a bad
/// point fails before any task starts.
pub fn check_sweep(
    scenario: &Scenario,
    grid: &[GridAxis],
    trials: usize,
    threshold: &Threshold,
) -> Result<usize, SweepError> {
    prepare(scenario, grid, None, trials, threshold).map(|(points, _)| points.len())
}

/// The number of points of `grid`: the product of its axes' numbers of steps.
pub fn grid_size(grid: &[GridAxis]) -> usize {
    grid.iter().map(|a| a.steps.len()).product()
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
    sweep_part(
        scenario, grid, None, trials, seed, method, threshold, control,
    )
}

/// The rows of [`sweep`] for the grid points in `range` (in the grid's order, first axis
/// slowest; every point when `None`): the same rows, bit for bit, as the whole sweep has for
/// those points, so a sweep cut into ranges and run anywhere (a process pool, a cluster)
/// joins back into the whole sweep's table. A grid column's type (integer, number or text)
/// is decided by all the steps of its axis, not by the points of the range, and a design's
/// dimensions by all the points of the grid.
#[allow(clippy::too_many_arguments)]
pub fn sweep_part(
    scenario: &Scenario,
    grid: &[GridAxis],
    range: Option<Range<usize>>,
    trials: usize,
    seed: u64,
    method: Method,
    threshold: &Threshold,
    control: &Control,
) -> Result<Table, SweepError> {
    let whole_grid = range.is_none();
    let (points, plans) = prepare(scenario, grid, range, trials, threshold)?;
    // One map of dimensions over every point's keys: each point sees the same points. A part
    // of the grid takes the whole grid's map, when the design lays anything out by it.
    let plan_refs: Vec<&Plan> = plans.iter().map(Arc::as_ref).collect();
    let mut dims = run_dimensions(&plan_refs);
    if !whole_grid && method.design().covered(&dims) > 0 {
        let (_, all) = prepare(scenario, grid, None, trials, threshold)?;
        let all_refs: Vec<&Plan> = all.iter().map(Arc::as_ref).collect();
        dims = run_dimensions(&all_refs);
    }
    let dims = Arc::new(dims);
    control.expect(
        plans
            .iter()
            .fold(0u64, |sum, p| sum.saturating_add(work_units(p, trials))),
    );
    // Points whose inputs are the same (say, a grid over fleet sizes and headcounts, which
    // are fixed numbers) draw the same columns, since a design's draws depend on the inputs,
    // trials, seed and method alone: each distinct set is drawn once, for all its points.
    let groups = same_draws_groups(&plans);
    // Within a group, points that differ only in their roles' capacity (a headcount axis)
    // share one cost pass's events and loads: each task is a batch of them.
    let tasks: Vec<Vec<Vec<usize>>> = groups
        .iter()
        .map(|members| variant_batches(&plans, members, trials))
        .collect();
    // Many tasks share the threads task by task, each task's chunks in order on its thread
    // with reused buffers; a few tasks share them chunk by chunk.
    let n_tasks: usize = tasks.iter().map(Vec::len).sum();
    let chunks = if n_tasks >= 2 * rayon::current_num_threads() {
        Chunks::InOrder
    } else {
        Chunks::Parallel
    };
    let per_group: Vec<Vec<Vec<(usize, PointRows)>>> = groups
        .par_iter()
        .zip(&tasks)
        .map(|(members, tasks)| {
            let first = &plans[members[0]];
            let inputs = sample_inputs_in(
                &first.inputs,
                &dims,
                first.rank_targets.as_ref(),
                trials,
                seed,
                method,
                control,
            )?;
            let columns: Vec<&[f64]> = inputs.iter().map(Vec::as_slice).collect();
            tasks
                .par_iter()
                .map_init(PointBuffers::default, |buffers, task| {
                    for &i in task.iter().filter(|&&i| i != members[0]) {
                        // The draws this point would have made, as progress.
                        control.advance(plans[i].inputs.len() as u64 * trials as u64);
                    }
                    let variants: Vec<&Plan> = task.iter().map(|&i| plans[i].as_ref()).collect();
                    if let Some(rows) = lean_rows(variants[0]) {
                        let rows = lean_variant_rows(
                            &variants, &rows, &dims, &columns, trials, seed, method, threshold,
                            chunks, control, buffers,
                        )?;
                        return Ok(task.iter().copied().zip(rows).collect());
                    }
                    task.iter()
                        .map(|&i| {
                            let r = simulate_on_inputs(
                                &plans[i],
                                &dims,
                                inputs.clone(),
                                trials,
                                seed,
                                method,
                                Detail::Full,
                                control,
                            )?;
                            Ok((i, point_rows(&r, threshold)))
                        })
                        .collect::<Result<Vec<_>, SimError>>()
                })
                .collect::<Result<Vec<_>, SimError>>()
        })
        .collect::<Result<_, SimError>>()?;
    let mut per_point: Vec<PointRows> = vec![Vec::new(); plans.len()];
    for (i, rows) in per_group.into_iter().flatten().flatten() {
        per_point[i] = rows;
    }

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
        // The type comes from every step of the axis, so that a part of the sweep has the
        // same column types as the whole (every step is at some point of the whole grid).
        let steps: Vec<Result<f64, String>> = axis.steps.iter().map(|s| cell(&s[k])).collect();
        let column = if steps.iter().all(whole) {
            Column::I64(
                cells
                    .into_iter()
                    .map(|c| c.unwrap_or_default() as i64)
                    .collect(),
            )
        } else if steps.iter().all(Result::is_ok) {
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
