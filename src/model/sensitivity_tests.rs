//! Sobol indices through the cost model: closed forms of a linear and a product scenario,
//! the events group, determinism over thread counts, and bad arguments.

use std::sync::Arc;

use super::*;
use crate::sampling::{Control, Method};
use crate::scenario::Scenario;

fn plan(toml: &str) -> Arc<Plan> {
    Arc::new(Plan::new(&Scenario::from_toml(toml).unwrap()).unwrap())
}

/// Savings = 3 × yearly (U(0, 1200): variance 120000) − once (U(0, 600): variance 30000),
/// no discount: a_i² σ_i² = 9 × 120000 = 1.08e6 and 30000, so S = ST = (0.973, 0.027).
const LINEAR: &str = r#"
[settings]
horizon_years = 3
discount_rate = 0
[fleet]
nodes = 10
[[strategies.repave.activities]]
name = "audit"
driver = "yearly"
cost = { dist = "uniform", low = 0, high = 1200 }
[strategies.immutable]
[[strategies.immutable.activities]]
name = "migration"
driver = "once"
cost = { dist = "uniform", low = 0, high = 600 }
[comparison]
baseline = "repave"
alternative = "immutable"
"#;

/// Savings = 10 nodes × 1 cycle × hours (U(0, 2)) × rate (U(0, 200)), one year, no
/// discount: Var(h r) = μh² σr² + μr² σh² + σh² σr² = (3 + 3 + 1) × 10000 / 9, so
/// S_h = S_r = 3/7 and ST_h = ST_r = 4/7 (the interaction's share 1/7 in both totals).
const PRODUCT: &str = r#"
[settings]
horizon_years = 1
discount_rate = 0
[fleet]
nodes = 10
[staffing.sre]
rate = { dist = "uniform", low = 0, high = 200 }
headcount = 1000
[[strategies.repave.activities]]
name = "rebuild"
driver = "per_node"
cycles_per_year = 1
hours = { dist = "uniform", low = 0, high = 2 }
role = "sre"
[strategies.immutable]
[comparison]
baseline = "repave"
alternative = "immutable"
"#;

fn run(p: &Arc<Plan>, n: usize, seed: u64, method: Method) -> SensitivityIndices {
    sensitivity_indices(p, "savings", n, seed, method, 300, &Control::new()).unwrap()
}

fn group<'a>(r: &'a SensitivityIndices, part: &str) -> &'a GroupIndices {
    r.groups
        .iter()
        .find(|g| g.input.contains(part))
        .unwrap_or_else(|| panic!("no group {part} in {:?}", r.groups))
}

/// True when `want` lies in the 95 % interval of `estimate` widened to about 3 standard
/// errors (each side stretched by half), so that a dozen checks do not fail by chance.
fn near(want: f64, estimate: f64, low: f64, high: f64) -> bool {
    estimate - 1.5 * (estimate - low) <= want && want <= estimate + 1.5 * (high - estimate)
}

#[test]
fn linear_scenario_matches_the_closed_form() {
    let p = plan(LINEAR);
    let (va, vm) = (9.0 * 120_000.0, 30_000.0);
    for method in [Method::Random, Method::Lhs, Method::Sobol] {
        let r = run(&p, 1 << 13, 11, method);
        assert_eq!(r.groups.len(), 2, "no events group without events");
        for (part, want) in [("audit", va / (va + vm)), ("migration", vm / (va + vm))] {
            let g = group(&r, part);
            assert!(
                near(want, g.first_order, g.first_order_low, g.first_order_high),
                "{method:?} {g:?}"
            );
            assert!(
                near(want, g.total, g.total_low, g.total_high),
                "{method:?} {g:?}"
            );
        }
        assert!((r.variance - (va + vm)).abs() < 0.05 * (va + vm));
        assert_eq!(r.evaluations, (1 << 13) * 4);
    }
}

#[test]
fn product_scenario_has_the_interaction_in_the_totals() {
    let p = plan(PRODUCT);
    for method in [Method::Random, Method::Sobol] {
        let r = run(&p, 1 << 13, 5, method);
        for part in ["sre.rate", "rebuild.hours"] {
            let g = group(&r, part);
            assert!(
                near(
                    3.0 / 7.0,
                    g.first_order,
                    g.first_order_low,
                    g.first_order_high
                ),
                "{g:?}"
            );
            assert!(near(4.0 / 7.0, g.total, g.total_low, g.total_high), "{g:?}");
            assert!(g.total > g.first_order + 0.05, "{g:?}");
        }
    }
}

#[test]
fn random_events_are_one_group_and_carry_their_share() {
    // Savings = 1000 × Poisson(0.5) (a yearly event, one year) + U(0, 2000) (once):
    // variances 500000 and 2000²/12 = 333333, additive, so S = ST = 0.6 for the events and
    // 0.4 for the set-up cost.
    let toml = r#"
[settings]
horizon_years = 1
discount_rate = 0
[fleet]
nodes = 1
[[strategies.repave.activities]]
name = "outage"
driver = "yearly"
probability = 0.5
cost = 1000
[[strategies.repave.activities]]
name = "setup"
driver = "once"
cost = { dist = "uniform", low = 0, high = 2000 }
[strategies.immutable]
[comparison]
baseline = "repave"
alternative = "immutable"
"#;
    let p = plan(toml);
    for method in [Method::Random, Method::Sobol] {
        let r = run(&p, 1 << 13, 3, method);
        assert_eq!(r.groups.last().unwrap().input, EVENTS);
        for (part, want) in [(EVENTS, 0.6), ("setup", 0.4)] {
            let g = group(&r, part);
            assert!(
                near(want, g.first_order, g.first_order_low, g.first_order_high),
                "{method:?} {g:?}"
            );
            assert!(
                near(want, g.total, g.total_low, g.total_high),
                "{method:?} {g:?}"
            );
        }
    }
}

#[test]
fn thread_count_changes_nothing() {
    let p = plan(PRODUCT);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let a = one.install(|| run(&p, 5000, 9, Method::Sobol));
    let b = run(&p, 5000, 9, Method::Sobol);
    assert_eq!(a, b);
    assert_ne!(a, run(&p, 5000, 10, Method::Sobol));
}

#[test]
fn bad_arguments_are_refused_with_their_name() {
    let p = plan(PRODUCT);
    let c = Control::new();
    let err = sensitivity_indices(&p, "nope", 64, 0, Method::Random, 10, &c).unwrap_err();
    assert!(
        matches!(&err, RunError::Argument { field, message } if field == "output" && message.contains("savings")),
        "{err}"
    );
    let err = sensitivity_indices(&p, "savings", 1, 0, Method::Random, 10, &c).unwrap_err();
    assert!(
        matches!(&err, RunError::Argument { field, .. } if field == "trials"),
        "{err}"
    );
    let fixed = plan(
        &LINEAR
            .replace("{ dist = \"uniform\", low = 0, high = 1200 }", "100")
            .replace("{ dist = \"uniform\", low = 0, high = 600 }", "5"),
    );
    let err = sensitivity_indices(&fixed, "savings", 64, 0, Method::Random, 10, &c).unwrap_err();
    assert!(
        matches!(&err, RunError::Argument { field, .. } if field == "scenario"),
        "{err}"
    );
}
