//! The cost pass takes its event draws from the run's sampling design, in the lean pass
//! and in the detail pass computed later.

use std::sync::Arc;

use super::*;
use crate::distributions::Dist;
use crate::sampling::{Control, Design, Dimensions, Events, Method, Random, SampleError};
use crate::scenario::Scenario;

/// Draws the inputs as `random` does, and the events of seed `s` from the default stream
/// of seed `s + 1`.
struct NextSeedEvents;

impl Design for NextSeedEvents {
    fn name(&self) -> &'static str {
        "next_seed_events"
    }

    fn fill_column(
        &self,
        dist: &Dist,
        key: &str,
        seed: u64,
        out: &mut [f64],
        control: &Control,
    ) -> Result<(), SampleError> {
        Random.fill_column(dist, key, seed, out, control)
    }

    fn events(&self, _dims: &Dimensions, seed: u64, key: &str, chunk: u64) -> Events {
        Events::stream(seed + 1, key, chunk)
    }
}

/// Every input fixed: only the events are random, on a one-time, a per-node and a yearly
/// activity, over two chunks and a short one.
const EVENTS_ONLY: &str = r#"
[fleet]
nodes = 40
[staffing.sre]
rate = 100
headcount = 1
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
name = "migration_overrun"
driver = "once"
probability = 0.3
cost = 5000
[comparison]
baseline = "repave"
alternative = "immutable"
"#;

#[test]
fn the_pass_draws_its_events_from_the_runs_design_also_for_the_detail() {
    let plan = Arc::new(Plan::new(&Scenario::from_toml(EVENTS_ONLY).unwrap()).unwrap());
    assert!(plan.inputs.is_empty(), "the test needs every input fixed");
    let trials = 2 * crate::sampling::CHUNK + 77;
    let c = Control::new();
    let next = Method::new(&NextSeedEvents);
    let shifted = simulate(&plan, trials, 5, next, &c).unwrap();
    let same_seed = simulate(&plan, trials, 5, Method::Random, &c).unwrap();
    let next_seed = simulate(&plan, trials, 6, Method::Random, &c).unwrap();
    assert_eq!(shifted.method, next);
    assert_eq!(shifted.savings, next_seed.savings);
    assert_ne!(shifted.savings, same_seed.savings);
    for (a, b) in shifted.strategies.iter().zip(&next_seed.strategies) {
        assert_eq!(a.total, b.total);
        assert_eq!(a.one_time, b.one_time);
    }
    // The detail pass, run later, asks the same design again.
    for (a, b) in shifted.detail().iter().zip(next_seed.detail()) {
        for (x, y) in a.activities.iter().zip(&b.activities) {
            assert_eq!(x.cost, y.cost, "{}", x.name);
        }
    }
}
