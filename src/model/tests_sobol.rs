//! The `sobol` method through the cost model: event counts by inversion follow their
//! distributions, the run's dimensions (counted in the result; past the direction numbers,
//! random streams), the detail pass, thread counts, and common random numbers in sweeps.

use std::sync::Arc;

use statrs::distribution::{ChiSquared, ContinuousCDF, Discrete, Poisson};

use super::*;
use crate::sampling::sobol_points::MAX_SOBOL_DIMS;
use crate::sampling::{Control, Method, CHUNK};
use crate::scenario::Scenario;
use crate::stats::{spearman, Summary};

fn plan(toml: &str) -> Arc<Plan> {
    Arc::new(Plan::new(&Scenario::from_toml(toml).unwrap()).unwrap())
}

/// Every input fixed, no discount: a Poisson count (`incident`, per node, mean
/// 40 × 2 × 0.05 = 4 a year, 3 h each), a yearly Poisson count (`audit`, mean 0.5, $1000
/// each) and a one-time Bernoulli event (`overrun`, p = 0.3, $5000).
const EVENTS: &str = r#"
[settings]
horizon_years = 3
discount_rate = 0
[fleet]
nodes = 40
[staffing.sre]
rate = 100
headcount = 1000
[[strategies.repave.activities]]
name = "incident"
driver = "per_node"
cycles_per_year = 2
probability = 0.05
hours = 3
role = "sre"
[[strategies.repave.activities]]
name = "audit"
driver = "yearly"
probability = 0.5
cost = 1000
[strategies.immutable]
[[strategies.immutable.activities]]
name = "overrun"
driver = "once"
probability = 0.3
cost = 5000
[comparison]
baseline = "repave"
alternative = "immutable"
"#;

/// Pearson's chi-square of whole-number `counts` against Poisson(`mean`), the bins with an
/// expected count below 5 merged into the last; returns (statistic, degrees of freedom).
fn chi_square_poisson(counts: &[f64], mean: f64) -> (f64, usize) {
    let n = counts.len() as f64;
    let d = Poisson::new(mean).unwrap();
    let mut last = 0u64;
    while n * (1.0 - (0..=last + 1).map(|k| d.pmf(k)).sum::<f64>()) >= 5.0 {
        last += 1;
    }
    let mut observed = vec![0.0; last as usize + 2];
    for &c in counts {
        assert_eq!(c.fract(), 0.0, "count {c} is not whole");
        observed[(c as usize).min(last as usize + 1)] += 1.0;
    }
    let mut expected: Vec<f64> = (0..=last).map(|k| n * d.pmf(k)).collect();
    expected.push(n - expected.iter().sum::<f64>());
    let stat = observed
        .iter()
        .zip(&expected)
        .map(|(o, e)| (o - e) * (o - e) / e)
        .sum();
    (stat, expected.len() - 1)
}

fn chi_square_critical(df: usize) -> f64 {
    ChiSquared::new(df as f64).unwrap().inverse_cdf(0.999)
}

#[test]
fn event_counts_under_sobol_follow_poisson_and_bernoulli() {
    let plan = plan(EVENTS);
    assert!(plan.inputs.is_empty(), "the test needs every input fixed");
    let n = 1 << 14;
    let r = simulate(&plan, n, 3, Method::Sobol, &Control::new()).unwrap();
    let repave = &r.detail()[r.baseline];
    let sre = &repave.roles[0];
    let mut incidents_by_year = Vec::new();
    for y in 0..3 {
        let incidents: Vec<f64> = sre.hours[y].iter().map(|h| h / 3.0).collect();
        let (stat, df) = chi_square_poisson(&incidents, 4.0);
        assert!(
            stat < chi_square_critical(df),
            "incident year {}: {stat}",
            y + 1
        );
        let audit = repave
            .activities
            .iter()
            .find(|a| a.name == "audit")
            .unwrap();
        let audits: Vec<f64> = audit.cost[y].iter().map(|c| c / 1000.0).collect();
        let (stat, df) = chi_square_poisson(&audits, 0.5);
        assert!(
            stat < chi_square_critical(df),
            "audit year {}: {stat}",
            y + 1
        );
        incidents_by_year.push(incidents);
    }
    // Years are separate dimensions: their counts are uncorrelated (sd 1/sqrt(n)).
    let rho = spearman(&incidents_by_year[0], &incidents_by_year[2]).unwrap();
    assert!(rho.abs() < 4.0 / (n as f64).sqrt(), "{rho}");
    // The one-time event: a share 0.3 of the trials, within 4 binomial standard errors.
    let once = &r.alternative().one_time;
    assert!(once.iter().all(|&c| c == 0.0 || c == 5000.0));
    let share = once.iter().filter(|&&c| c > 0.0).count() as f64 / n as f64;
    let se = (0.3 * 0.7 / n as f64).sqrt();
    assert!((share - 0.3).abs() < 4.0 * se, "{share}");
}

#[test]
fn sobol_event_counts_are_exactly_balanced_at_powers_of_two() {
    // One coordinate per (activity, year), one point per stratum: at 2^14 trials the
    // Bernoulli event happens in exactly the trials whose coordinate is below 0.3, which
    // is 0.3 · 2^14 rounded to one side, never a random binomial count.
    let plan = plan(EVENTS);
    let n = 1 << 14;
    for seed in [0, 1, 2] {
        let r = simulate(&plan, n, seed, Method::Sobol, &Control::new()).unwrap();
        let hits = r
            .alternative()
            .one_time
            .iter()
            .filter(|&&c| c > 0.0)
            .count();
        let exact = 0.3 * n as f64;
        assert!((hits as f64 - exact).abs() <= 1.0, "seed {seed}: {hits}");
    }
}

#[test]
fn a_run_counts_its_dimensions_and_how_the_design_covers_them() {
    // fleet: its uncertain inputs, then each random activity's years (one-time items one).
    let scenario = crate::presets::load("fleet").unwrap();
    let plan = Arc::new(Plan::new(&scenario).unwrap());
    let mut keys: Vec<(String, usize)> = Vec::new();
    for a in plan.strategies.iter().flat_map(|s| &s.activities) {
        if a.probability.is_some() {
            let years = if a.driver == crate::scenario::Driver::Once {
                1
            } else {
                plan.horizon
            };
            if !keys.iter().any(|(k, _)| *k == a.event_key) {
                keys.push((a.event_key.clone(), years));
            }
        }
    }
    let events: usize = keys.iter().map(|(_, y)| y).sum();
    assert!(events > 0, "the preset needs random events");
    let total = plan.inputs.len() + events;
    let c = Control::new();
    let sobol = simulate(&plan, 64, 0, Method::Sobol, &c).unwrap();
    assert_eq!(sobol.dimensions(), total);
    assert_eq!(sobol.design_dimensions(), total);
    assert_eq!(sobol.random_dimensions(), 0);
    let lhs = simulate(&plan, 64, 0, Method::Lhs, &c).unwrap();
    assert_eq!(lhs.design_dimensions(), plan.inputs.len());
    assert_eq!(lhs.random_dimensions(), events);
    let random = simulate(&plan, 64, 0, Method::Random, &c).unwrap();
    assert_eq!(random.random_dimensions(), total);
}

/// A scenario of `activities` random per-node activities over 100 years, one uncertain
/// input: `1 + 100 × activities` dimensions.
fn many_dimensions(activities: usize) -> String {
    let mut toml = String::from(
        "[settings]\nhorizon_years = 100\n[fleet]\nnodes = 10\n\
         [staffing.sre]\nrate = 100\nheadcount = 1000\n\
         [[strategies.base.activities]]\nname = \"hours\"\ndriver = \"per_node\"\n\
         cycles_per_year = 1\nrole = \"sre\"\n\
         hours = { dist = \"uniform\", low = 1, high = 2 }\n",
    );
    for i in 0..activities {
        toml.push_str(&format!(
            "[[strategies.base.activities]]\nname = \"event{i}\"\ndriver = \"per_node\"\n\
             cycles_per_year = 1\nprobability = 0.1\ncost = 1\n"
        ));
    }
    toml.push_str("[strategies.alt]\n[comparison]\nbaseline = \"base\"\nalternative = \"alt\"\n");
    toml
}

#[test]
fn dimensions_past_the_direction_numbers_are_counted_and_still_poisson() {
    let plan = plan(&many_dimensions(215));
    let n = 4096;
    let r = simulate(&plan, n, 1, Method::Sobol, &Control::new()).unwrap();
    assert_eq!(r.dimensions(), 1 + 215 * 100);
    assert_eq!(r.design_dimensions(), MAX_SOBOL_DIMS);
    assert_eq!(r.random_dimensions(), 1 + 215 * 100 - MAX_SOBOL_DIMS);
    // The last activity's last year is past the points (dimension 21,500): Poisson(1),
    // ten nodes at 0.1, from its own stream; costs $1 an event, no discount.
    let last = r.detail()[r.baseline].activities.last().unwrap();
    let counts = &last.cost[99];
    let (stat, df) = chi_square_poisson(counts, 1.0);
    assert!(stat < chi_square_critical(df), "{stat}");
    // ... and it is not the (balanced) points: counts vary like Poisson draws, whose
    // share of zeros has binomial noise, unlike the exact share a net gives.
    let first = &r.detail()[r.baseline].activities[1];
    let zeros = |c: &[f64]| c.iter().filter(|&&x| x == 0.0).count() as f64;
    let exact = (-1.0f64).exp() * n as f64;
    assert!((zeros(&first.cost[0]) - exact).abs() <= 1.0);
    assert!((zeros(counts) - exact).abs() > 1.0);
}

#[test]
fn sobol_results_do_not_depend_on_the_thread_count() {
    let scenario = crate::presets::load("fleet").unwrap();
    let plan = Arc::new(Plan::new(&scenario).unwrap());
    let trials = 3 * CHUNK + 57;
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let r = simulate(&plan, trials, 11, Method::Sobol, &Control::new()).unwrap();
                let _ = r.detail();
                r
            })
    };
    let (one, four) = (on(1), on(4));
    assert_eq!(one.savings, four.savings);
    assert_eq!(one.inputs, four.inputs);
    for (a, b) in one.detail().iter().zip(four.detail()) {
        for (x, y) in a.activities.iter().zip(&b.activities) {
            assert_eq!(x.cost, y.cost, "{}", x.name);
        }
    }
}

#[test]
fn the_detail_pass_under_sobol_redraws_the_same_events() {
    let scenario = crate::presets::load("fleet").unwrap();
    let plan = Arc::new(Plan::new(&scenario).unwrap());
    let trials = 2 * CHUNK + 123;
    let lean = simulate(&plan, trials, 7, Method::Sobol, &Control::new()).unwrap();
    let dims = Arc::new(super::dimensions::plan_dimensions(&plan));
    let eager = super::simulate::simulate_counted(
        &plan,
        &dims,
        trials,
        7,
        Method::Sobol,
        super::layout::Detail::Full,
        &Control::new(),
    )
    .unwrap();
    assert_eq!(lean.savings, eager.savings);
    for (a, b) in lean.detail().iter().zip(eager.detail()) {
        for (x, y) in a.activities.iter().zip(&b.activities) {
            assert_eq!(x.cost, y.cost, "{}", x.name);
        }
    }
}

/// `alt`'s cost `X` is registered before `base`'s hours `A` (strategies in name order), so
/// fixing `X` would move `A` to `X`'s dimension if dimensions were counted per point.
const CRN: &str = r#"
[settings]
horizon_years = 2
[fleet]
nodes = 10
[staffing.sre]
rate = 100
headcount = 1000
[[strategies.alt.activities]]
name = "migrate"
driver = "once"
cost = { dist = "uniform", low = 500, high = 1500 }
[[strategies.base.activities]]
name = "rebuild"
driver = "per_node"
cycles_per_year = 12
hours = { dist = "triangular", low = 1, mode = 2, high = 5 }
role = "sre"
[[strategies.base.activities]]
name = "outage"
driver = "per_node"
cycles_per_year = 1
probability = 0.2
cost = 300
[comparison]
baseline = "base"
alternative = "alt"
"#;

/// The rows of `output` in a sweep table: (mean, sd) per grid point, in grid order.
fn rows(table: &crate::table::Table, output: &str) -> Vec<(f64, f64)> {
    let Some(crate::table::Column::Str(names)) = table.get("output") else {
        panic!("no output column");
    };
    let (mean, sd) = (table.f64s("mean").unwrap(), table.opt_f64s("sd").unwrap());
    names
        .iter()
        .enumerate()
        .filter(|(_, n)| *n == output)
        .map(|(i, _)| (mean[i], sd[i].unwrap()))
        .collect()
}

#[test]
fn every_sweep_point_sees_the_same_points_even_where_one_fixes_an_input() {
    let scenario = Scenario::from_toml(CRN).unwrap();
    let uncertain: serde_json::Value =
        serde_json::json!({"dist": "uniform", "low": 800, "high": 2000});
    let grid = vec![GridAxis::new(
        "strategies.alt.activities[0].cost",
        vec![uncertain.clone(), 1000.into()],
    )];
    let trials = 1 << 12;
    let threshold = Threshold::savings(0.0);
    let table = sweep(
        &scenario,
        &grid,
        trials,
        4,
        Method::Sobol,
        &threshold,
        &Control::new(),
    )
    .unwrap();
    // The baseline does not use X: the same draws at both points, exactly.
    let base = rows(&table, "base.total");
    assert_eq!(base.len(), 2);
    assert_eq!(base[0], base[1]);
    // At the point where X is uncertain, the keys are the scenario's own: the sweep's row
    // is the plain simulation of that variant.
    let variant = scenario
        .replace(
            &[],
            &[("strategies.alt.activities[0].cost".into(), uncertain)],
        )
        .unwrap();
    let alone = simulate(
        &Arc::new(Plan::new(&variant).unwrap()),
        trials,
        4,
        Method::Sobol,
        &Control::new(),
    )
    .unwrap();
    let s = Summary::of(&alone.savings, 0.0);
    let savings = rows(&table, "savings");
    assert_eq!(savings[0].0, s.mean);
    // And the fixed point alone, with its own dimensions, would have drawn the baseline
    // from other coordinates (the check above can fail).
    let fixed = scenario
        .replace(
            &[],
            &[("strategies.alt.activities[0].cost".into(), 1000.into())],
        )
        .unwrap();
    let own = simulate(
        &Arc::new(Plan::new(&fixed).unwrap()),
        trials,
        4,
        Method::Sobol,
        &Control::new(),
    )
    .unwrap();
    assert_ne!(Summary::of(&own.baseline().total, 0.0).mean, base[1].0);
}
