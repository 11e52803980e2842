//! The simulation loop: one pass over trials in fixed-size chunks, in parallel.

use rand::RngExt;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use super::plan::{ActivityPlan, Plan};
use super::result::{ActivityOutput, RoleOutput, SimResult, StrategyOutput};
use crate::dist::poisson_draw;
use crate::sampling::{chunk_rng, sample_inputs, stream_seed, Cancelled, Control, Method, CHUNK};
use crate::scenario::Driver;

/// The most trial cells (trials × stored columns) one simulation may hold: 2^30 cells,
/// 8 GiB of f64. Larger runs are refused up front instead of exhausting memory.
pub const MAX_TRIAL_CELLS: u64 = 1 << 30;

/// Salt for event streams: the same for both sampling methods.
const EVENT_SALT: u64 = 0x4556_454e_5453;

/// Why a simulation did not produce a result.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SimError {
    /// A bad argument (trials out of range, run too large).
    #[error("{field}: {message}")]
    Argument {
        /// The argument at fault.
        field: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// Cancelled before it finished.
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// Where each output column lives in the flat list of columns.
struct Layout {
    strategies: Vec<StrategySlots>,
    savings: usize,
    payback: usize,
    count: usize,
}

struct StrategySlots {
    total: usize,
    one_time: usize,
    /// Present value of each year's cost, years 1..=T.
    years: Vec<usize>,
    /// Per activity: present-value cost per slot (year 0 for once, else years 1..=T).
    activities: Vec<Vec<usize>>,
    /// Per role of the scenario: hours, FTE and over-capacity flag per year.
    roles: Vec<RoleSlots>,
}

struct RoleSlots {
    hours: Vec<usize>,
    fte: Vec<usize>,
    over: Vec<usize>,
}

impl Layout {
    fn new(plan: &Plan) -> Layout {
        let mut next = 0;
        let mut take = |n: usize| -> Vec<usize> {
            let v = (next..next + n).collect();
            next += n;
            v
        };
        let t = plan.horizon;
        let strategies = plan
            .strategies
            .iter()
            .map(|s| StrategySlots {
                total: take(1)[0],
                one_time: take(1)[0],
                years: take(t),
                activities: s
                    .activities
                    .iter()
                    .map(|a| take(if a.driver == Driver::Once { 1 } else { t }))
                    .collect(),
                roles: plan
                    .roles
                    .iter()
                    .map(|_| RoleSlots {
                        hours: take(t),
                        fte: take(t),
                        over: take(t),
                    })
                    .collect(),
            })
            .collect();
        let savings = take(1)[0];
        let payback = take(1)[0];
        Layout {
            strategies,
            savings,
            payback,
            count: next,
        }
    }
}

/// Units of a recurring activity in a year, given that year's fleet.
#[inline]
fn units(a: &ActivityPlan, cycles: f64, fleet: [f64; 3]) -> f64 {
    match a.driver {
        Driver::Once | Driver::Yearly => 1.0,
        Driver::PerCycle => cycles,
        Driver::PerNode => fleet[0] * cycles,
        Driver::PerService => fleet[1] * cycles,
        Driver::PerCluster => fleet[2] * cycles,
    }
}

/// Occurrences: the units themselves, or a random count when the activity has a probability.
#[inline]
fn occurrences(units: f64, p: Option<f64>, once: bool, rng: &mut Xoshiro256PlusPlus) -> f64 {
    match p {
        None => units,
        Some(p) if once => {
            if rng.random::<f64>() < p {
                1.0
            } else {
                0.0
            }
        }
        Some(p) => poisson_draw(rng, units * p),
    }
}

/// Runs `trials` trials of `plan`. The result depends only on the plan, `trials`, `seed`
/// and `method`, never on the number of threads.
pub fn simulate(
    plan: &Plan,
    trials: usize,
    seed: u64,
    method: Method,
    control: &Control,
) -> Result<SimResult, SimError> {
    control.expect(work_units(plan, trials));
    simulate_counted(plan, trials, seed, method, control)
}

/// Units of progress one simulation reports: one per trial per input, plus one per trial
/// for the cost pass.
pub(crate) fn work_units(plan: &Plan, trials: usize) -> u64 {
    (plan.inputs.len() as u64 + 1) * trials as u64
}

/// [`simulate`] without announcing its work to `control` (the caller already did).
pub(crate) fn simulate_counted(
    plan: &Plan,
    trials: usize,
    seed: u64,
    method: Method,
    control: &Control,
) -> Result<SimResult, SimError> {
    if trials < 1 {
        return Err(SimError::Argument {
            field: "trials".into(),
            message: format!("must be at least 1, got {trials}"),
        });
    }
    let layout = Layout::new(plan);
    let cells = (layout.count + plan.inputs.len()) as u64 * trials as u64;
    if cells > MAX_TRIAL_CELLS {
        let most = MAX_TRIAL_CELLS / (layout.count + plan.inputs.len()) as u64;
        return Err(SimError::Argument {
            field: "trials".into(),
            message: format!(
                "{trials} trials of this scenario would need {} GiB; at most {most} fit the limit",
                cells * 8 / (1 << 30)
            ),
        });
    }
    let inputs = sample_inputs(&plan.inputs, trials, seed, method, control)?;

    let mut columns: Vec<Vec<f64>> = (0..layout.count).map(|_| vec![0.0; trials]).collect();
    // Transpose into per-chunk lists of disjoint mutable slices.
    let n_chunks = trials.div_ceil(CHUNK);
    let mut chunks: Vec<Vec<&mut [f64]>> = (0..n_chunks)
        .map(|_| Vec::with_capacity(layout.count))
        .collect();
    for col in columns.iter_mut() {
        for (k, piece) in col.chunks_mut(CHUNK).enumerate() {
            chunks[k].push(piece);
        }
    }
    let event_streams: Vec<Vec<u64>> = plan
        .strategies
        .iter()
        .map(|s| {
            s.activities
                .iter()
                .map(|a| stream_seed(seed, &a.event_key, EVENT_SALT))
                .collect()
        })
        .collect();

    chunks
        .into_par_iter()
        .enumerate()
        .try_for_each(|(k, mut out)| {
            control.check()?;
            run_chunk(plan, &layout, &inputs, &event_streams, k, &mut out);
            check_finite(plan, &layout, k, &out)?;
            control.advance(out[0].len() as u64);
            Ok::<(), SimError>(())
        })?;

    Ok(assemble(
        plan, layout, inputs, columns, trials, seed, method,
    ))
}

/// One role's values in the current trial.
#[derive(Clone, Copy, Default)]
struct RoleNow {
    rate: f64,
    capacity: f64,
    hours_per_year: f64,
    overflow: f64,
}

/// One activity's values in the current trial.
struct ActivityNow {
    once: bool,
    /// Hours per occurrence times people.
    hours: f64,
    cost: f64,
    cycles: f64,
    probability: Option<f64>,
}

/// Refuses a chunk whose totals overflowed: results never hold infinities or NaN.
fn check_finite(
    plan: &Plan,
    layout: &Layout,
    k: usize,
    out: &[&mut [f64]],
) -> Result<(), SimError> {
    for (strategy, slots) in plan.strategies.iter().zip(&layout.strategies) {
        if let Some(i) = out[slots.total].iter().position(|v| !v.is_finite()) {
            return Err(SimError::Argument {
                field: format!("strategies.{}", strategy.name),
                message: format!(
                    "the total cost overflows (is not a finite number) in trial {}; \
                     look for extreme values (rates, costs, counts or cycles near 1e300)",
                    k * CHUNK + i
                ),
            });
        }
    }
    Ok(())
}

/// Simulates the trials of chunk `k`, writing into `out` (one slice per output column).
fn run_chunk(
    plan: &Plan,
    layout: &Layout,
    inputs: &[Vec<f64>],
    event_streams: &[Vec<u64>],
    k: usize,
    out: &mut [&mut [f64]],
) {
    let start = k * CHUNK;
    let len = out[0].len();
    let t_years = plan.horizon;
    let mut rngs: Vec<Vec<Xoshiro256PlusPlus>> = event_streams
        .iter()
        .map(|s| s.iter().map(|&st| chunk_rng(st, k as u64)).collect())
        .collect();
    let n_roles = plan.roles.len();
    let mut role_hours = vec![0.0; n_roles];
    let mut role_cost = vec![0.0; n_roles];
    let mut role_vals = vec![RoleNow::default(); n_roles];
    let mut acts: Vec<ActivityNow> = Vec::new();
    let mut act_hours: Vec<f64> = Vec::new();
    let mut act_direct: Vec<f64> = Vec::new();
    let mut year_pv = vec![vec![0.0; t_years]; plan.strategies.len()];
    let mut totals = vec![0.0; plan.strategies.len()];
    let mut once_costs = vec![0.0; plan.strategies.len()];
    let mut scales = vec![0.0; t_years];
    let mut discounts = vec![0.0; t_years];

    // `i` indexes every output slice at once, so a range loop is the clear form here.
    #[allow(clippy::needless_range_loop)]
    for i in 0..len {
        let t = start + i;
        let get = |v: &super::Val| v.at(inputs, t);
        let fleet0 = [get(&plan.nodes), get(&plan.services), get(&plan.clusters)];
        let growth = 1.0 + get(&plan.growth);
        let rate = 1.0 + get(&plan.discount);
        for y in 0..t_years {
            scales[y] = growth.powi(y as i32);
            discounts[y] = rate.powi(-(y as i32 + 1));
        }
        for (now, r) in role_vals.iter_mut().zip(&plan.roles) {
            let hours_per_year = get(&r.hours_per_year);
            *now = RoleNow {
                rate: get(&r.rate),
                capacity: get(&r.headcount) * hours_per_year * get(&r.available_share),
                hours_per_year,
                overflow: get(&r.overflow_multiplier),
            };
        }

        for (s, strat) in plan.strategies.iter().enumerate() {
            let slots = &layout.strategies[s];
            let rng = &mut rngs[s];
            // This trial's values of every activity field, read once.
            acts.clear();
            acts.extend(strat.activities.iter().map(|a| ActivityNow {
                once: a.driver == Driver::Once,
                hours: get(&a.hours) * get(&a.people),
                cost: get(&a.cost),
                cycles: get(&a.cycles),
                probability: a.probability.map(|p| get(&p)),
            }));
            // One-time items: plain rate, outside capacity, year 0.
            let mut once_total = 0.0;
            for (a, (act, now)) in strat.activities.iter().zip(&acts).enumerate() {
                if !now.once {
                    continue;
                }
                let n = occurrences(1.0, now.probability, true, &mut rng[a]);
                let role_rate = act.role.map_or(0.0, |r| role_vals[r].rate);
                let cost = n * (now.hours * role_rate + now.cost);
                out[slots.activities[a][0]][i] = cost;
                once_total += cost;
            }
            let mut total = once_total;
            act_hours.clear();
            act_hours.resize(acts.len(), 0.0);
            act_direct.clear();
            act_direct.resize(acts.len(), 0.0);
            for y in 0..t_years {
                let scale = scales[y];
                let fleet = [fleet0[0] * scale, fleet0[1] * scale, fleet0[2] * scale];
                role_hours.iter_mut().for_each(|h| *h = 0.0);
                for (a, (act, now)) in strat.activities.iter().zip(&acts).enumerate() {
                    if now.once {
                        continue;
                    }
                    let u = units(act, now.cycles, fleet);
                    let n = occurrences(u, now.probability, false, &mut rng[a]);
                    let h = n * now.hours;
                    act_hours[a] = h;
                    act_direct[a] = n * now.cost;
                    if let Some(r) = act.role {
                        role_hours[r] += h;
                    }
                }
                let discount = discounts[y];
                let mut year_cost = 0.0;
                for (r, now) in role_vals.iter().enumerate() {
                    let l = role_hours[r];
                    let cost = now.rate
                        * (l.min(now.capacity) + now.overflow * (l - now.capacity).max(0.0));
                    role_cost[r] = cost;
                    year_cost += cost;
                    let rs = &slots.roles[r];
                    out[rs.hours[y]][i] = l;
                    out[rs.fte[y]][i] = l / now.hours_per_year;
                    out[rs.over[y]][i] = if l > now.capacity { 1.0 } else { 0.0 };
                }
                for (a, (act, now)) in strat.activities.iter().zip(&acts).enumerate() {
                    if now.once {
                        continue;
                    }
                    let labour = match act.role {
                        Some(r) if role_hours[r] > 0.0 => {
                            role_cost[r] * (act_hours[a] / role_hours[r])
                        }
                        _ => 0.0,
                    };
                    year_cost += act_direct[a];
                    out[slots.activities[a][y]][i] = (labour + act_direct[a]) * discount;
                }
                let pv = year_cost * discount;
                year_pv[s][y] = pv;
                out[slots.years[y]][i] = pv;
                total += pv;
            }
            totals[s] = total;
            once_costs[s] = once_total;
            out[slots.total][i] = total;
            out[slots.one_time][i] = once_total;
        }

        let (b, a) = (plan.baseline, plan.alternative);
        out[layout.savings][i] = totals[b] - totals[a];
        let mut cumulative = once_costs[b] - once_costs[a];
        let mut payback = if cumulative >= 0.0 { 0.0 } else { -1.0 };
        if payback < 0.0 {
            for (y, (pb, pa)) in year_pv[b].iter().zip(&year_pv[a]).enumerate() {
                cumulative += pb - pa;
                if cumulative >= 0.0 {
                    payback = (y + 1) as f64;
                    break;
                }
            }
        }
        out[layout.payback][i] = payback;
    }
}

/// Moves the flat columns into the result's structure.
fn assemble(
    plan: &Plan,
    layout: Layout,
    inputs: Vec<Vec<f64>>,
    mut columns: Vec<Vec<f64>>,
    trials: usize,
    seed: u64,
    method: Method,
) -> SimResult {
    let mut take = |i: usize| std::mem::take(&mut columns[i]);
    let strategies = plan
        .strategies
        .iter()
        .zip(&layout.strategies)
        .map(|(s, slots)| StrategyOutput {
            name: s.name.clone(),
            total: take(slots.total),
            one_time: take(slots.one_time),
            year_cost: slots.years.iter().map(|&c| take(c)).collect(),
            activities: s
                .activities
                .iter()
                .zip(&slots.activities)
                .map(|(a, cols)| ActivityOutput {
                    name: a.name.clone(),
                    driver: a.driver,
                    role: a.role.map(|r| plan.roles[r].name.clone()),
                    first_year: if a.driver == Driver::Once { 0 } else { 1 },
                    cost: cols.iter().map(|&c| take(c)).collect(),
                })
                .collect(),
            roles: plan
                .roles
                .iter()
                .zip(&slots.roles)
                .map(|(r, rs)| RoleOutput {
                    name: r.name.clone(),
                    hours: rs.hours.iter().map(|&c| take(c)).collect(),
                    fte: rs.fte.iter().map(|&c| take(c)).collect(),
                    over_capacity: rs.over.iter().map(|&c| take(c)).collect(),
                })
                .collect(),
        })
        .collect();
    let savings = take(layout.savings);
    let payback_year = take(layout.payback);
    SimResult {
        scenario: plan.scenario.clone(),
        trials,
        seed,
        method,
        horizon: plan.horizon,
        inputs: plan
            .inputs
            .iter()
            .map(|i| i.key.clone())
            .zip(inputs)
            .collect(),
        strategies,
        baseline: plan.baseline,
        alternative: plan.alternative,
        savings,
        payback_year,
    }
}
