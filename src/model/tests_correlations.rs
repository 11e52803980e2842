//! `[[correlations]]`: names resolved to inputs, every problem reported with its path, the
//! targets reached by the run, and a grid point that fixes a correlated input.

use std::sync::Arc;

use super::*;
use crate::sampling::{Control, Method};
use crate::scenario::Scenario;
use crate::stats::spearman;

/// Two roles with uncertain rates (one a parameter, one inline), an activity with an
/// uncertain inline hours field and one naming a parameter, and a fixed parameter.
fn scenario(correlations: &str) -> Scenario {
    let text = format!(
        r#"
[fleet]
nodes = 20
[parameters]
rate_a = {{ dist = "pert", low = 60, mode = 90, high = 180 }}
hours_b = {{ dist = "lognormal", mu = 1, sigma = 0.5 }}
fixed_c = 3
[staffing.a]
rate = "rate_a"
headcount = 2
[staffing.b]
rate = {{ dist = "uniform", low = 50, high = 120 }}
headcount = "fixed_c"
[[strategies.old.activities]]
name = "rebuild"
driver = "per_node"
cycles_per_year = 4
hours = {{ dist = "triangular", low = 1, mode = 2, high = 5 }}
role = "a"
[[strategies.old.activities]]
name = "review"
driver = "yearly"
hours = "hours_b"
role = "b"
[strategies.new]
[comparison]
baseline = "old"
alternative = "new"
{correlations}
"#
    );
    Scenario::from_toml(&text).unwrap()
}

fn pair(a: &str, b: &str, rank: f64) -> String {
    format!("[[correlations]]\nbetween = [{a:?}, {b:?}]\nrank = {rank}\n")
}

fn problems(correlations: &str) -> Vec<(String, String)> {
    Plan::new(&scenario(correlations))
        .unwrap_err()
        .problems
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect()
}

#[test]
fn names_resolve_to_inputs_by_parameter_field_path_or_column_name() {
    let plan = Plan::new(&scenario("")).unwrap();
    let index = |key: &str| plan.inputs.iter().position(|i| i.key == key).unwrap();
    let rebuild = index("strategies.old.rebuild.hours");
    let cases = [
        ("rate_a", index("rate_a")),
        ("parameters.rate_a", index("rate_a")),
        // A field that names a parameter is that parameter's input.
        ("staffing.a.rate", index("rate_a")),
        ("staffing.b.rate", index("staffing.b.rate")),
        ("strategies.old.activities[0].hours", rebuild),
        ("strategies.old.activities.rebuild.hours", rebuild),
        ("strategies.old.rebuild.hours", rebuild),
        ("strategies.old.activities[1].hours", index("hours_b")),
    ];
    for (name, expected) in cases {
        let other = if expected == index("rate_a") {
            "hours_b"
        } else {
            "rate_a"
        };
        let plan = Plan::new(&scenario(&pair(name, other, 0.5))).unwrap();
        let p = &plan.correlations[0];
        assert_eq!((p.a, p.rank), (expected, 0.5), "{name}");
        let targets = plan.rank_targets.as_ref().unwrap();
        let mut want = vec![p.a, p.b];
        want.sort_unstable();
        assert_eq!(targets.columns(), want.as_slice(), "{name}");
    }
}

#[test]
fn every_problem_is_reported_at_once_with_its_path() {
    let text = [
        pair("rate_aa", "hours_b", 0.5),
        pair("fixed_c", "hours_b", 0.5),
        pair("rate_a", "staffing.a.rate", 0.5),
        pair("rate_a", "hours_b", 0.3),
        pair("hours_b", "rate_a", 0.4),
        pair("staffing.b.rate", "hours_b", 1.5),
        "[[correlations]]\nbetween = [\"rate_a\"]\nrank = 0.1\n".to_string(),
    ]
    .concat();
    let found = problems(&text);
    let at = |path: &str| {
        found
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, m)| m.as_str())
            .unwrap_or_else(|| panic!("no problem at {path}: {found:?}"))
    };
    assert!(at("correlations[0].between[0]").contains("did you mean \"rate_a\"?"));
    assert!(at("correlations[1].between[0]").contains("fixed at 3"));
    assert!(at("correlations[2].between").contains("same input"));
    assert!(at("correlations[4].between").contains("correlations[3]"));
    assert!(at("correlations[5].rank").contains("[-1, 1], got 1.5"));
    assert!(
        at("correlations[6].between").contains("exactly two inputs"),
        "{found:?}"
    );
    assert_eq!(found.len(), 6, "{found:?}");
}

#[test]
fn targets_that_cannot_hold_together_name_their_pairs_and_the_nearest_values() {
    let text = [
        pair("rate_a", "hours_b", 0.9),
        pair("rate_a", "staffing.b.rate", 0.9),
        pair("hours_b", "staffing.b.rate", -0.9),
    ]
    .concat();
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    let (path, message) = &found[0];
    assert_eq!(path, "correlations");
    for entry in ["correlations[0]", "correlations[1]", "correlations[2]"] {
        assert!(message.contains(entry), "{message}");
    }
    assert!(message.contains("not positive semi-definite"), "{message}");
    // Higham's nearest matrix (checked against scipy in
    // tests/test_nearest_correlation_reference.py) for this symmetric case.
    assert!(
        message.contains("correlations[0] (rate_a ~ hours_b, 0.9) -> 0.48"),
        "{message}"
    );
    // A valid set of the same pairs compiles.
    let valid = [
        pair("rate_a", "hours_b", 0.5),
        pair("rate_a", "staffing.b.rate", 0.5),
        pair("hours_b", "staffing.b.rate", 0.2),
    ]
    .concat();
    assert!(Plan::new(&scenario(&valid)).is_ok());
}

fn run(s: &Scenario, trials: usize, method: Method) -> SimResult {
    let plan = Arc::new(Plan::new(s).unwrap());
    simulate(&plan, trials, 7, method, &Control::new()).unwrap()
}

fn sorted_bits(v: &[f64]) -> Vec<u64> {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s.into_iter().map(f64::to_bits).collect()
}

#[test]
fn a_run_reaches_its_targets_and_changes_only_the_columns_named() {
    let text = [
        pair("rate_a", "hours_b", 0.6),
        pair("staffing.b.rate", "hours_b", -0.3),
    ]
    .concat();
    for method in [Method::Random, Method::Lhs] {
        let plain = run(&scenario(""), 20_000, method);
        let correlated = run(&scenario(&text), 20_000, method);
        let table = correlated.correlation();
        let achieved = match table.get("achieved") {
            Some(crate::table::Column::OptF64(v)) => v.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(table.f64s("target").unwrap(), &[0.6, -0.3]);
        for (got, want) in achieved.iter().zip([0.6, -0.3]) {
            assert!(
                (got.unwrap() - want).abs() < 0.02,
                "{method:?}: {got:?} vs {want}"
            );
        }
        // Recomputed here from the columns, not read back from the table.
        let col = |r: &SimResult, k: &str| r.input(k).unwrap().to_vec();
        let r = spearman(&col(&correlated, "rate_a"), &col(&correlated, "hours_b")).unwrap();
        assert!((r - 0.6).abs() < 0.02);
        for (key, values) in &plain.inputs {
            let named = ["rate_a", "hours_b", "staffing.b.rate"].contains(&key.as_str());
            let after = col(&correlated, key);
            assert_eq!(sorted_bits(values), sorted_bits(&after), "{key}");
            if named {
                assert_ne!(values, &after, "{key} should be rearranged");
            } else {
                assert_eq!(values, &after, "{key} must not change");
            }
        }
        assert_ne!(plain.savings, correlated.savings);
    }
}

#[test]
fn the_order_of_the_entries_does_not_change_the_run() {
    let ab = [
        pair("rate_a", "hours_b", 0.6),
        pair("staffing.b.rate", "rate_a", 0.2),
    ]
    .concat();
    let ba = [
        pair("rate_a", "staffing.b.rate", 0.2),
        pair("hours_b", "rate_a", 0.6),
    ]
    .concat();
    let one = run(&scenario(&ab), 3000, Method::Lhs);
    let two = run(&scenario(&ba), 3000, Method::Lhs);
    assert_eq!(one.inputs, two.inputs);
}

#[test]
fn a_grid_point_that_fixes_a_correlated_input_drops_its_pairs() {
    let text = [
        pair("rate_a", "hours_b", 0.6),
        pair("staffing.b.rate", "hours_b", 0.4),
    ]
    .concat();
    let base = scenario(&text);
    let fixed_rate = base
        .replace(&[], &[("staffing.b.rate".into(), 80.into())])
        .unwrap();
    // As a scenario of its own, naming a fixed input is an error ...
    let e = Plan::new(&fixed_rate).unwrap_err();
    assert_eq!(e.problems[0].path, "correlations[1].between[0]");
    // ... at a grid point, the pair is dropped and the other kept.
    let plan = Plan::at_grid_point(&fixed_rate).unwrap();
    assert_eq!(plan.correlations.len(), 1);
    assert_eq!(plan.correlations[0].entry, 0);
    // Setting the field that named `rate_a` to a number leaves the parameter unused, so
    // `replace` removes it, and its correlations with it.
    let no_rate_a = base
        .replace(&[], &[("staffing.a.rate".into(), 100.into())])
        .unwrap();
    assert!(!no_rate_a.parameters.contains_key("rate_a"));
    assert_eq!(no_rate_a.correlations, base.correlations[1..].to_vec());
    assert_eq!(Plan::new(&no_rate_a).unwrap().correlations.len(), 1);
    // A name that was never an input stays an error at a grid point.
    let typo = scenario(&pair("rate_aa", "hours_b", 0.5));
    assert!(Plan::at_grid_point(&typo).is_err());
}

#[test]
fn the_correlations_survive_toml_and_json_round_trips() {
    let s = scenario(&pair("rate_a", "hours_b", 0.6));
    assert_eq!(Scenario::from_toml(&s.to_toml().unwrap()).unwrap(), s);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    assert_eq!(s.correlations.len(), 1);
    // Without correlations the files (and the content hash) have no such field.
    assert!(!scenario("").to_json().contains("correlations"));
}
