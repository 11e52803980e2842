//! The paired difference of two runs under common random numbers: what a change to a
//! scenario does to each output.
//!
//! Two runs with the same trials, seed and method draw every input they share from the
//! same keyed stream (an input's draws depend on its key, the seed and the method only), and
//! every activity's random events from its event key's stream, so trial `i` of both runs
//! sees the same values of everything the change left alone. The difference `b − a` trial by
//! trial then holds the change's effect alone, not the noise of two independent samples: a
//! change of nothing gives exactly 0 in every trial, and a change with a fixed effect gives
//! that effect in every trial (up to the rounding of the sums it enters).
//!
//! A point-set design (`sobol`) gives each input and event count a dimension of its points
//! instead of a keyed stream, numbered over the run's plan. Two scenarios with different
//! inputs or events would number them differently, and a shared input would read another
//! coordinate in each run. [`simulate_pair`] runs both over the dimensions of the two plans
//! together, as a sweep runs its points, so common random numbers hold under every method.

use std::sync::Arc;

use super::dimensions::run_dimensions;
use super::layout::Detail;
use super::outputs::{self, View};
use super::plan::Plan;
use super::result::SimResult;
use super::simulate::{check_trials, simulate_counted, work_units, SimError};
use crate::sampling::{Control, Method};
use crate::stats::{stable_sum, Summary};
use crate::table::{Column, Table};

/// The columns of [`paired_difference`]'s table, in order.
pub const DIFF_COLUMNS: &[&str] = &[
    "output",
    "mean_a",
    "mean_b",
    "mean_delta",
    "se_delta",
    "delta_p5",
    "delta_p50",
    "delta_p95",
    "prob_delta_positive",
    "prob_delta_negative",
];

/// The runs of `a` and `b` with `trials`, `seed` and `method`, under common random numbers
/// for [`paired_difference`]: both over the random dimensions of the two plans together
/// (numbered as a sweep numbers its points), so that an input or event count they share
/// has one dimension in both runs under every method. Under `random` and `lhs`, whose
/// draws follow keys rather than dimensions, each run is its plain [`super::simulate`] run
/// bit for bit; under `sobol` a run whose plan lacks some of the other's inputs or events
/// reads the coordinates after them. Announces and reports both runs' work through
/// `control`.
pub fn simulate_pair(
    a: &Arc<Plan>,
    b: &Arc<Plan>,
    trials: usize,
    seed: u64,
    method: Method,
    control: &Control,
) -> Result<(SimResult, SimResult), SimError> {
    check_trials(a, trials)?;
    check_trials(b, trials)?;
    control.expect(work_units(a, trials).saturating_add(work_units(b, trials)));
    let dims = Arc::new(run_dimensions(&[a, b]));
    let run = |plan| simulate_counted(plan, &dims, trials, seed, method, Detail::Totals, control);
    Ok((run(a)?, run(b)?))
}

/// Why two runs cannot be paired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairError(pub String);

/// Per output that both runs have (the summary's outputs, [`View::Summary`], in `a`'s
/// order), the paired difference `b − a`: both means, the mean difference with its standard
/// error, the 5th, 50th and 95th percentiles of the per-trial difference (its 90% interval),
/// and the shares of trials where it is above and below zero.
///
/// Both runs must have the same trials, seed and method (else the draws are not common).
pub fn paired_difference(a: &SimResult, b: &SimResult) -> Result<Table, PairError> {
    let (seed_a, trials_a) = (a.seed, a.trials);
    let (seed_b, trials_b) = (b.seed, b.trials);
    if a.origin != b.origin || a.method != b.method {
        return Err(PairError(format!(
            "the runs must share trials, seed and method to pair their trials: \
             {trials_a} trials, seed {seed_a}, {} against {trials_b} trials, seed {seed_b}, {}",
            a.method, b.method
        )));
    }
    let outs_b = outputs::of(b, View::Summary);
    let mut names = Vec::new();
    let mut means = (Vec::new(), Vec::new());
    let mut stats: Vec<(Summary, f64)> = Vec::new();
    for oa in outputs::of(a, View::Summary) {
        let Some(ob) = outs_b.iter().find(|o| o.name == oa.name) else {
            continue;
        };
        let delta: Vec<f64> = ob
            .values
            .iter()
            .zip(oa.values)
            .map(|(y, x)| y - x)
            .collect();
        let below = delta.iter().filter(|d| **d < 0.0).count() as f64 / delta.len() as f64;
        means.0.push(stable_sum(oa.values) / trials_a as f64);
        means.1.push(stable_sum(ob.values) / trials_b as f64);
        stats.push((Summary::of(&delta, 0.0), below));
        names.push(oa.name);
    }
    let mut t = Table::default();
    t.push(DIFF_COLUMNS[0], Column::Str(names));
    t.push(DIFF_COLUMNS[1], Column::F64(means.0));
    t.push(DIFF_COLUMNS[2], Column::F64(means.1));
    let col = |f: &dyn Fn(&(Summary, f64)) -> f64| Column::F64(stats.iter().map(f).collect());
    t.push(DIFF_COLUMNS[3], col(&|s| s.0.mean));
    t.push(
        DIFF_COLUMNS[4],
        Column::OptF64(stats.iter().map(|s| s.0.se).collect()),
    );
    t.push(DIFF_COLUMNS[5], col(&|s| s.0.p5));
    t.push(DIFF_COLUMNS[6], col(&|s| s.0.p50));
    t.push(DIFF_COLUMNS[7], col(&|s| s.0.p95));
    t.push(DIFF_COLUMNS[8], col(&|s| s.0.prob_above));
    t.push(DIFF_COLUMNS[9], col(&|s| s.1));
    Ok(t)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::Plan;
    use crate::sampling::{Control, Method};
    use crate::scenario::Scenario;

    fn run(s: &Scenario, trials: usize, seed: u64) -> SimResult {
        let plan = Arc::new(Plan::new(s).unwrap());
        crate::model::simulate(&plan, trials, seed, Method::Random, &Control::new()).unwrap()
    }

    fn f64s(t: &Table, name: &str) -> Vec<f64> {
        match &t.columns.iter().find(|(n, _)| n == name).unwrap().1 {
            Column::F64(v) => v.clone(),
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn a_run_against_itself_differs_by_exactly_zero() {
        let s = crate::presets::load("customer_repave").unwrap();
        let (a, b) = (run(&s, 300, 4), run(&s, 300, 4));
        let t = paired_difference(&a, &b).unwrap();
        for name in ["mean_delta", "delta_p5", "delta_p95", "prob_delta_positive"] {
            assert!(f64s(&t, name).iter().all(|v| *v == 0.0), "{name}");
        }
    }

    #[test]
    fn runs_that_do_not_share_their_draws_are_refused() {
        let s = crate::presets::load("fleet").unwrap();
        let e = paired_difference(&run(&s, 100, 1), &run(&s, 100, 2)).unwrap_err();
        assert!(e.0.contains("seed 1"), "{}", e.0);
        assert!(paired_difference(&run(&s, 100, 1), &run(&s, 101, 1)).is_err());
    }

    /// `customer_repave` with a new uncertain parameter that sorts before every other
    /// input, costing a new random one-time item of the alternative.
    fn with_new_input_and_event() -> Scenario {
        let s = crate::presets::load("customer_repave").unwrap();
        let mut value = serde_json::to_value(&s).unwrap();
        value["parameters"]["aaa_extra_cost"] =
            serde_json::json!({"dist": "uniform", "low": 100.0, "high": 200.0});
        let alternative = value["comparison"]["alternative"]
            .as_str()
            .unwrap()
            .to_string();
        value["strategies"][&alternative]["activities"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "name": "extra check", "driver": "once", "probability": 0.5,
                "cost": "aaa_extra_cost"
            }));
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_pair_shares_every_draw_of_what_both_scenarios_hold_under_every_method() {
        let a = Arc::new(Plan::new(&crate::presets::load("customer_repave").unwrap()).unwrap());
        let b = Arc::new(Plan::new(&with_new_input_and_event()).unwrap());
        assert_eq!(b.inputs.len(), a.inputs.len() + 1);
        let control = Control::new();
        for method in [Method::Random, Method::Lhs, Method::Sobol] {
            let (ra, rb) = simulate_pair(&a, &b, 512, 9, method, &control).unwrap();
            for (key, draws) in &ra.inputs {
                let (_, other) = rb.inputs.iter().find(|(k, _)| k == key).unwrap();
                assert!(bits(draws) == bits(other), "{method}: input {key} moved");
            }
            // The baseline holds only shared inputs and events: the same totals.
            let base = &ra.strategies[ra.baseline];
            assert_eq!(base.name, rb.strategies[rb.baseline].name);
            assert!(
                bits(&base.total) == bits(&rb.strategies[rb.baseline].total),
                "{method}: the baseline's total moved"
            );
            if method != Method::Sobol {
                // Keyed draws: each run is its plain run.
                let plain = crate::model::simulate(&a, 512, 9, method, &control).unwrap();
                assert!(bits(&plain.savings) == bits(&ra.savings), "{method}");
            }
        }
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }
}
