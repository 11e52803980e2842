//! One sweep point's rows from a lean cost pass: only the columns a sweep row reads
//! ([`Detail::Sweep`]: totals, savings, each role's final-year FTE and any-year
//! over-capacity flag), into buffers a thread reuses from point to point, on the input
//! columns the point's group drew (borrowed, not copied), without building a
//! [`super::SimResult`].
//!
//! The rows are the same, bit for bit, as those of a full simulation of the point
//! (`sweep::point_rows` on its result): the same pass computes the same columns, the same
//! [`Summary::of_sorted`] summarises them (any sort gives the same sorted sample, since
//! `f64::total_cmp` orders every distinct bit pattern), and the rows are listed by the
//! output registry ([`outputs::names`] of [`View::Sweep`], in that order, per-role rows
//! only for roles the strategy's recurring work uses, as [`outputs::of`] does). A sweep
//! view output this pass does not compute makes [`lean_rows`] return `None`, and the sweep
//! falls back to full simulations.

use rayon::prelude::*;

use super::error::RunError;
use super::layout::{Detail, Layout};
use super::outputs::{self, Per, View};
use super::pass::{Pass, Scratch};
use super::plan::Plan;
use super::run::check_finite;
use super::shared_work::shared_prefixes;
use super::tables::Threshold;
use crate::sampling::{Control, Dimensions, Method, CHUNK};
use crate::scenario::Driver;
use crate::stats::{sort_total, stable_sum, RadixScratch, Summary};

/// Where a sweep row's per-trial values come from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum RowSource {
    /// `savings`.
    Savings,
    /// `savings_per_year`: savings divided by the horizon in years.
    SavingsPerYear,
    /// A strategy's `total`.
    Total(usize),
    /// A strategy's role's final-year FTE, with its chance of running over capacity in any
    /// year.
    Fte { strategy: usize, role: usize },
}

/// The rows of a point of `plan`, in the registry's order, with where each one's values
/// come from; `None` when the sweep view has an output this pass does not compute.
///
/// `outputs::names` lists the run's outputs, then each strategy's, then each strategy and
/// role's, each group in declaration order (the order of [`outputs::OUTPUTS`]), so a
/// name's position says which declaration, strategy and role it is. A name that
/// [`outputs::find`] reads back as another declaration (strategy or role names that make
/// two patterns match, such as a strategy `a` beside a strategy `a.fte` and a role
/// `total`) gives `None` too: the full simulation lists the rows then.
pub(super) fn lean_rows(plan: &Plan) -> Option<Vec<(String, RowSource)>> {
    let strategy_names: Vec<&str> = plan.strategies.iter().map(|s| s.name.as_str()).collect();
    let role_names: Vec<&str> = plan.roles.iter().map(|r| r.name.as_str()).collect();
    let defs = |per: Per| -> Vec<&'static outputs::OutputDef> {
        outputs::OUTPUTS
            .iter()
            .filter(|d| d.per == per && d.views.contains(&View::Sweep))
            .collect()
    };
    let (run, per_strategy, per_role) = (defs(Per::Run), defs(Per::Strategy), defs(Per::Role));
    let in_view = outputs::OUTPUTS
        .iter()
        .filter(|d| d.views.contains(&View::Sweep))
        .count();
    if run.len() + per_strategy.len() + per_role.len() != in_view {
        return None;
    }
    let (n_s, n_r) = (strategy_names.len(), role_names.len());
    let listed = outputs::names(
        View::Sweep,
        strategy_names.iter().copied(),
        role_names.iter().copied(),
    );
    if listed.len() != run.len() + n_s * per_strategy.len() + n_s * n_r * per_role.len() {
        return None;
    }
    let mut rows = Vec::new();
    for (p, name) in listed.into_iter().enumerate() {
        // The declaration, strategy and role at position `p`.
        let (def, strategy, role) = if p < run.len() {
            (run[p], 0, 0)
        } else if p < run.len() + n_s * per_strategy.len() {
            let q = p - run.len();
            (
                per_strategy[q % per_strategy.len()],
                q / per_strategy.len(),
                0,
            )
        } else {
            let q = p - run.len() - n_s * per_strategy.len();
            let k = per_role.len();
            (per_role[q % k], q / (k * n_r), (q / k) % n_r)
        };
        match outputs::find(&name) {
            Some((found, _)) if found.pattern == def.pattern && found.per == def.per => {}
            _ => return None,
        }
        let source = match (def.per, def.pattern) {
            (Per::Run, outputs::SAVINGS) => RowSource::Savings,
            (Per::Run, "savings_per_year") => RowSource::SavingsPerYear,
            (Per::Strategy, "{strategy}.total") => RowSource::Total(strategy),
            (Per::Role, "{strategy}.fte.{role}") => {
                // As `StrategyDetail::uses_role`: the strategy's recurring work uses the role.
                let uses = plan.strategies[strategy]
                    .activities
                    .iter()
                    .any(|a| a.driver != Driver::Once && a.role == Some(role));
                if !uses {
                    continue;
                }
                RowSource::Fte { strategy, role }
            }
            _ => return None,
        };
        rows.push((name, source));
    }
    Some(rows)
}

/// Columns and working space one thread reuses from point to point.
#[derive(Default)]
pub(super) struct PointBuffers {
    /// Per variant, the pass's output columns (resized to each point's layout and trials;
    /// every value is written by each pass).
    columns: Vec<Vec<Vec<f64>>>,
    /// The cost pass's working columns, when the point's chunks run on this thread.
    scratch: Scratch,
    /// One row's values, sorted.
    sorted: Vec<f64>,
    /// The radix sort's working space.
    radix: RadixScratch,
}

/// How a point's chunks run: in parallel (few points: the chunks share the threads), or one
/// after another on the point's thread (many points: the points share the threads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Chunks {
    /// In parallel, each worker with its own working columns.
    Parallel,
    /// In order, with the thread's reused working columns.
    InOrder,
}

/// One grid point's rows (see `sweep::PointRows`): output name, summary, and (per-role
/// rows) the chance of running over capacity in any year.
pub(super) type Rows = Vec<(String, Summary, Option<f64>)>;

/// The most bytes of output columns one call of [`lean_variant_rows`] holds at once; a
/// larger set of variants is run in several calls (`sweep`'s batches).
pub(super) const VARIANT_BYTES: usize = 64 << 20;

/// The rows `rows` ([`lean_rows`] of the first variant, the same for all) of each of
/// `variants`, points that differ only in their roles' capacity
/// ([`super::shared_work::same_activity_pass`]), from one lean pass over `inputs` (their input
/// columns, in plan order), in the order of `variants`.
#[allow(clippy::too_many_arguments)]
pub(super) fn lean_variant_rows(
    variants: &[&Plan],
    rows: &[(String, RowSource)],
    dims: &Dimensions,
    inputs: &[&[f64]],
    trials: usize,
    seed: u64,
    method: Method,
    threshold: &Threshold,
    chunks: Chunks,
    control: &Control,
    buffers: &mut PointBuffers,
) -> Result<Vec<Rows>, RunError> {
    let plan = variants[0];
    let layout = Layout::new(plan, Detail::Sweep);
    let PointBuffers {
        columns,
        scratch,
        sorted,
        radix,
    } = buffers;
    columns.resize_with(variants.len(), Vec::new);
    let columns = &mut columns[..variants.len()];
    for variant in columns.iter_mut() {
        variant.resize_with(layout.count, Vec::new);
        for c in variant.iter_mut() {
            c.resize(trials, 0.0);
        }
    }
    let pass = Pass {
        plan,
        layout: &layout,
        detail: Detail::Sweep,
        inputs,
        seed,
        design: method.design(),
        dims,
        first: 0,
        shared: shared_prefixes(plan),
    };
    // Per chunk, per variant, one slice of each column.
    let n_chunks = trials.div_ceil(CHUNK);
    let mut pieces: Vec<Vec<Vec<&mut [f64]>>> = (0..n_chunks)
        .map(|_| {
            (0..variants.len())
                .map(|_| Vec::with_capacity(layout.count))
                .collect()
        })
        .collect();
    for (v, variant) in columns.iter_mut().enumerate() {
        for col in variant.iter_mut().take(layout.count) {
            for (k, piece) in col.chunks_mut(CHUNK).enumerate() {
                pieces[k][v].push(piece);
            }
        }
    }
    let run = |k: usize, outs: &mut Vec<Vec<&mut [f64]>>, s: &mut Scratch| {
        control.check()?;
        if let [out] = outs.as_mut_slice() {
            pass.run_chunk(k, out, s);
        } else {
            pass.run_chunk_variants(k, variants, outs, s);
        }
        for (variant, out) in variants.iter().zip(outs.iter()) {
            check_finite(variant, &layout, (k * CHUNK) as u64, out)?;
            control.advance(out[0].len() as u64);
        }
        Ok::<(), RunError>(())
    };
    match chunks {
        Chunks::InOrder => {
            for (k, mut outs) in pieces.into_iter().enumerate() {
                run(k, &mut outs, scratch)?;
            }
        }
        Chunks::Parallel => pieces
            .into_par_iter()
            .enumerate()
            .try_for_each_init(Scratch::default, |s, (k, mut outs)| run(k, &mut outs, s))?,
    }

    let years = plan.horizon as f64;
    let threshold = threshold.value;
    let strategies = &layout.strategies;
    let mut summarise = |values: &mut dyn Iterator<Item = f64>| {
        sorted.clear();
        sorted.extend(values);
        sort_total(sorted, radix);
        Summary::of_sorted(sorted, threshold)
    };
    Ok(columns
        .iter()
        .map(|columns| {
            rows.iter()
                .map(|(name, source)| {
                    let (summary, over) = match *source {
                        RowSource::Savings => (
                            summarise(&mut columns[layout.savings].iter().copied()),
                            None,
                        ),
                        RowSource::SavingsPerYear => (
                            summarise(&mut columns[layout.savings].iter().map(|s| s / years)),
                            None,
                        ),
                        RowSource::Total(s) => (
                            summarise(&mut columns[strategies[s].total].iter().copied()),
                            None,
                        ),
                        RowSource::Fte { strategy, role } => {
                            let slots = &strategies[strategy].sweep_roles[role];
                            let over = stable_sum(&columns[slots.any_over]) / trials as f64;
                            (
                                summarise(&mut columns[slots.final_fte].iter().copied()),
                                Some(over),
                            )
                        }
                    };
                    (name.clone(), summary, over)
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::dimensions::run_dimensions;
    use crate::model::shared_work::same_activity_pass;
    use crate::model::simulate::simulate_on_inputs;
    use crate::model::sweep::point_rows;
    use crate::sampling::{designs, sample_inputs_in};
    use crate::scenario::Scenario;

    /// Every scenario the trial hashes cover: the presets and the hash scenarios (every
    /// family, events on every driver, a role-less activity, an unused role).
    fn scenarios() -> Vec<Scenario> {
        let mut all: Vec<Scenario> = crate::presets::names()
            .into_iter()
            .map(|n| crate::presets::load(n).unwrap())
            .collect();
        let families = include_str!("../../benches/hash_scenarios/families.toml");
        all.push(Scenario::from_toml(families).unwrap());
        all
    }

    /// The bits of every number of a point's rows.
    fn bits(rows: &Rows) -> Vec<(String, Vec<u64>)> {
        rows.iter()
            .map(|(name, s, over)| {
                let mut v = vec![
                    s.count as u64,
                    s.mean.to_bits(),
                    s.sd.map_or(1, f64::to_bits),
                    s.se.map_or(1, f64::to_bits),
                    s.p5.to_bits(),
                    s.p10.to_bits(),
                    s.p50.to_bits(),
                    s.p90.to_bits(),
                    s.p95.to_bits(),
                    s.min.to_bits(),
                    s.max.to_bits(),
                    s.prob_above.to_bits(),
                ];
                v.push(over.map_or(1, f64::to_bits));
                (name.clone(), v)
            })
            .collect()
    }

    /// The full simulation's rows of `plan` on `inputs`, as bits.
    fn full_rows(
        plan: &Arc<Plan>,
        dims: &Arc<Dimensions>,
        inputs: &[Vec<f64>],
        trials: usize,
        method: Method,
        threshold: &Threshold,
    ) -> Vec<(String, Vec<u64>)> {
        let full = simulate_on_inputs(
            plan,
            dims,
            inputs.to_vec(),
            trials,
            3,
            method,
            Detail::Full,
            &Control::new(),
        )
        .unwrap();
        bits(&point_rows(&full, threshold))
    }

    /// Points of `scenario` that differ only in their roles' capacity: every role's
    /// headcount, hours per year, available share and overflow multiplier changed in turn.
    fn capacity_variants(scenario: &Scenario) -> Vec<Scenario> {
        let mut out = vec![scenario.clone()];
        for (k, name) in scenario.staffing.keys().enumerate() {
            let changes: [(&str, serde_json::Value); 4] = [
                ("headcount", (k as f64 + 0.5).into()),
                ("hours_per_year", 900.into()),
                ("available_share", 0.05.into()),
                ("overflow_multiplier", 3.into()),
            ];
            for (field, value) in changes {
                let path = format!("staffing.{name}.{field}");
                out.push(scenario.replace(&[], &[(path, value)]).unwrap());
            }
        }
        out
    }

    #[test]
    fn lean_rows_equal_the_rows_of_a_full_simulation_bit_for_bit() {
        let threshold = Threshold::savings(1e4);
        for scenario in scenarios() {
            // Points of different fleets, so that the reused buffers hold the other
            // point's values when a pass starts; 5000 trials: a short last chunk.
            let small = scenario
                .replace(&[], &[("fleet.nodes".into(), 7.into())])
                .unwrap();
            let plans: Vec<Arc<Plan>> = [scenario, small]
                .iter()
                .map(|s| Arc::new(Plan::at_grid_point(s).unwrap()))
                .collect();
            let refs: Vec<&Plan> = plans.iter().map(Arc::as_ref).collect();
            let dims = Arc::new(run_dimensions(&refs));
            for &method in designs() {
                let mut buffers = PointBuffers::default();
                for (trials, plan) in [(5000, &plans[0]), (2500, &plans[1]), (5000, &plans[1])] {
                    let inputs = sample_inputs_in(
                        &plan.inputs,
                        &dims,
                        plan.rank_targets.as_ref(),
                        trials,
                        3,
                        method,
                        &Control::new(),
                    )
                    .unwrap();
                    let want = full_rows(plan, &dims, &inputs, trials, method, &threshold);
                    let rows = lean_rows(plan).expect("every sweep output is computed");
                    let columns: Vec<&[f64]> = inputs.iter().map(Vec::as_slice).collect();
                    for chunks in [Chunks::InOrder, Chunks::Parallel] {
                        let got = lean_variant_rows(
                            &[plan.as_ref()],
                            &rows,
                            &dims,
                            &columns,
                            trials,
                            3,
                            method,
                            &threshold,
                            chunks,
                            &Control::new(),
                            &mut buffers,
                        )
                        .unwrap();
                        let name = &plan.scenario.name;
                        assert_eq!(bits(&got[0]), want, "{name:?} {method:?} {chunks:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn capacity_variants_share_one_pass_and_keep_their_own_rows() {
        let threshold = Threshold::savings(0.0);
        for scenario in scenarios() {
            let plans: Vec<Arc<Plan>> = capacity_variants(&scenario)
                .iter()
                .map(|s| Arc::new(Plan::at_grid_point(s).unwrap()))
                .collect();
            for p in &plans {
                assert!(same_activity_pass(&plans[0], p));
            }
            let refs: Vec<&Plan> = plans.iter().map(Arc::as_ref).collect();
            let dims = Arc::new(run_dimensions(&refs));
            for &method in designs() {
                let trials = 4096 + 300;
                let inputs = sample_inputs_in(
                    &plans[0].inputs,
                    &dims,
                    plans[0].rank_targets.as_ref(),
                    trials,
                    3,
                    method,
                    &Control::new(),
                )
                .unwrap();
                let want: Vec<_> = plans
                    .iter()
                    .map(|p| full_rows(p, &dims, &inputs, trials, method, &threshold))
                    .collect();
                let rows = lean_rows(&plans[0]).unwrap();
                let columns: Vec<&[f64]> = inputs.iter().map(Vec::as_slice).collect();
                let mut buffers = PointBuffers::default();
                for chunks in [Chunks::InOrder, Chunks::Parallel] {
                    let got = lean_variant_rows(
                        &refs,
                        &rows,
                        &dims,
                        &columns,
                        trials,
                        3,
                        method,
                        &threshold,
                        chunks,
                        &Control::new(),
                        &mut buffers,
                    )
                    .unwrap();
                    let got: Vec<_> = got.iter().map(bits).collect();
                    assert_eq!(got, want, "{:?} {method:?}", plans[0].scenario.name);
                }
            }
        }
    }

    #[test]
    fn a_change_to_anything_but_capacity_needs_its_own_pass() {
        let fleet = crate::presets::load("fleet").unwrap();
        let plan = |changes: &[(&str, serde_json::Value)]| {
            let changes: Vec<(String, serde_json::Value)> = changes
                .iter()
                .map(|(p, v)| (p.to_string(), v.clone()))
                .collect();
            Plan::at_grid_point(&fleet.replace(&[], &changes).unwrap()).unwrap()
        };
        let base = plan(&[]);
        assert!(same_activity_pass(&base, &plan(&[])));
        assert!(same_activity_pass(
            &base,
            &plan(&[("staffing.sre.headcount", 9.into())])
        ));
        for (path, value) in [
            ("fleet.nodes", serde_json::json!(201)),
            ("fleet.growth", serde_json::json!(0.2)),
            ("settings.discount_rate", serde_json::json!(0.05)),
            ("staffing.sre.rate", serde_json::json!(100)),
            (
                "strategies.repave.activities[0].hours",
                serde_json::json!(0.5),
            ),
            ("parameters.repaves_per_year", serde_json::json!(13)),
        ] {
            assert!(
                !same_activity_pass(&base, &plan(&[(path, value)])),
                "{path}"
            );
        }
    }

    #[test]
    fn names_that_read_back_as_another_output_leave_the_rows_to_the_full_simulation() {
        // Strategies `a` and `a.fte` with a role `total`: `a.fte.total` is both strategy
        // `a`'s FTE of `total` and strategy `a.fte`'s total.
        let toml = r#"
[settings]
horizon_years = 1
[staffing.total]
rate = 100
headcount = 1
hours_per_year = 1000
[[strategies.a.activities]]
name = "work"
driver = "yearly"
hours = 10
role = "total"
[[strategies."a.fte".activities]]
name = "work"
driver = "yearly"
hours = 5
role = "total"
[comparison]
baseline = "a"
alternative = "a.fte"
"#;
        let scenario = Scenario::from_toml(toml).unwrap();
        let plan = Plan::new(&scenario).unwrap();
        assert_eq!(lean_rows(&plan), None);
        // The sweep still gives every row, through full simulations.
        let grid = [crate::model::GridAxis::new(
            "staffing.total.headcount",
            vec![1.into(), 2.into()],
        )];
        let table = crate::model::sweep(
            &scenario,
            &grid,
            50,
            1,
            Method::Random,
            &Threshold::savings(0.0),
            &Control::new(),
        )
        .unwrap();
        let names = &table.columns.iter().find(|(n, _)| n == "output").unwrap().1;
        let crate::table::Column::Str(names) = names else {
            panic!("output is text")
        };
        let fte: Vec<&String> = names.iter().filter(|n| n.contains(".fte.")).collect();
        // Per point: strategy `a.fte`'s total, then `a`'s and `a.fte`'s FTE of `total`.
        let point = ["a.fte.total", "a.fte.total", "a.fte.fte.total"];
        assert_eq!(fte, [point, point].concat());
        let fleet = Plan::new(&crate::presets::load("fleet").unwrap()).unwrap();
        assert!(lean_rows(&fleet).is_some());
    }

    #[test]
    fn lean_rows_list_what_the_registry_lists() {
        for scenario in scenarios() {
            let plan = Arc::new(Plan::new(&scenario).unwrap());
            let full =
                crate::model::simulate(&plan, 10, 1, Method::Random, &Control::new()).unwrap();
            let want: Vec<String> = outputs::of(&full, View::Sweep)
                .into_iter()
                .map(|o| o.name)
                .collect();
            let got: Vec<String> = lean_rows(&plan).unwrap().into_iter().map(|r| r.0).collect();
            assert_eq!(got, want);
        }
    }
}
