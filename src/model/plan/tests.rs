//! The order in which the passes register inputs: the trial table's column order.

use super::Plan;
use crate::scenario::Scenario;

/// Every numeric field of this scenario is a distribution (two name parameters), and the
/// names are chosen so that name order differs from file order everywhere.
const EVERY_FIELD_UNCERTAIN: &str = r#"
[settings]
discount_rate = { dist = "uniform", low = 0, high = 0.1 }
[fleet]
nodes = { dist = "uniform", low = 10, high = 20 }
services = { dist = "uniform", low = 1, high = 2 }
clusters = { dist = "uniform", low = 1, high = 2 }
growth = { dist = "uniform", low = 0, high = 0.1 }
[parameters]
zeta = { dist = "uniform", low = 1, high = 2 }
alpha = { dist = "uniform", low = 1, high = 2 }
[staffing.ops]
rate = { dist = "uniform", low = 50, high = 60 }
headcount = { dist = "uniform", low = 1, high = 2 }
hours_per_year = { dist = "uniform", low = 1000, high = 2000 }
available_share = { dist = "uniform", low = 0.5, high = 1 }
overflow_multiplier = { dist = "uniform", low = 1, high = 2 }
[staffing.dev]
rate = { dist = "uniform", low = 50, high = 60 }
headcount = "alpha"
hours_per_year = { dist = "uniform", low = 1000, high = 2000 }
available_share = { dist = "uniform", low = 0.5, high = 1 }
overflow_multiplier = { dist = "uniform", low = 1, high = 2 }
[[strategies.zz.activities]]
name = "second"
driver = "per_cycle"
cycles_per_year = { dist = "uniform", low = 1, high = 2 }
probability = { dist = "uniform", low = 0, high = 1 }
hours = { dist = "uniform", low = 1, high = 2 }
people = { dist = "uniform", low = 1, high = 2 }
cost = { dist = "uniform", low = 1, high = 2 }
role = "ops"
[[strategies.zz.activities]]
name = "first"
driver = "per_node"
hours = "zeta"
role = "dev"
[[strategies.aa.activities]]
name = "only"
driver = "per_cycle"
cycles_per_year = { dist = "uniform", low = 1, high = 2 }
hours = { dist = "uniform", low = 1, high = 2 }
cost = { dist = "uniform", low = 1, high = 2 }
role = "ops"
[comparison]
baseline = "zz"
alternative = "aa"
"#;

#[test]
fn inputs_register_in_the_documented_order() {
    let plan = Plan::new(&Scenario::from_toml(EVERY_FIELD_UNCERTAIN).unwrap()).unwrap();
    let keys: Vec<&str> = plan.inputs.iter().map(|i| i.key.as_str()).collect();
    // Parameters in name order; settings; the fleet; roles in name order, fields in format
    // order; strategies in name order, activities in file order, fields in the order
    // cycles, probability, hours, people, cost. A field naming a parameter adds no column.
    let want = [
        "alpha",
        "zeta",
        "settings.discount_rate",
        "fleet.nodes",
        "fleet.services",
        "fleet.clusters",
        "fleet.growth",
        "staffing.dev.rate",
        "staffing.dev.hours_per_year",
        "staffing.dev.available_share",
        "staffing.dev.overflow_multiplier",
        "staffing.ops.rate",
        "staffing.ops.headcount",
        "staffing.ops.hours_per_year",
        "staffing.ops.available_share",
        "staffing.ops.overflow_multiplier",
        "strategies.aa.only.cycles_per_year",
        "strategies.aa.only.hours",
        "strategies.aa.only.cost",
        "strategies.zz.second.cycles_per_year",
        "strategies.zz.second.probability",
        "strategies.zz.second.hours",
        "strategies.zz.second.people",
        "strategies.zz.second.cost",
    ];
    assert_eq!(keys, want);
}

#[test]
fn finding_out_names_an_uncertain_input_and_a_cost() {
    let mut s = crate::presets::load("vendor_initiative").unwrap();
    assert!(Plan::new(&s).is_ok());
    let entry = s.finding_out["need_repave_given_containers"].clone();
    s.finding_out.insert("need_repave".into(), entry.clone());
    let mut negative = entry;
    negative.cost = -1.0;
    s.finding_out.insert("rate_qa".into(), negative);
    let e = Plan::new(&s).unwrap_err();
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["finding_out.need_repave", "finding_out.rate_qa.cost"],
        "{e}"
    );
    assert!(
        e.problems[0]
            .message
            .contains("need_repave_given_containers"),
        "{e}"
    );
}
