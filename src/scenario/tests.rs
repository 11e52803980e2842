//! Reading, writing and path-editing tests.

use super::*;

const SMALL: &str = r#"
name = "small"
[settings]
horizon_years = 2
discount_rate = 0.05
[fleet]
nodes = 10
[staffing.sre]
rate = { dist = "pert", low = 65, mode = 95, high = 180 }
headcount = 2
[parameters]
h = { dist = "triangular", low = 1, mode = 2, high = 4 }
[[strategies.repave.activities]]
name = "rebuild"
driver = "per_node"
cycles_per_year = 12
hours = "h"
role = "sre"
[[strategies.immutable.activities]]
name = "ci"
driver = "per_cycle"
cycles_per_year = 52
cost = 0.5
[comparison]
baseline = "repave"
alternative = "immutable"
"#;

#[test]
fn toml_and_json_round_trip() {
    let s = Scenario::from_toml(SMALL).unwrap();
    assert_eq!(s.fleet.nodes, Quantity::Fixed(10.0));
    assert_eq!(
        s.strategies["repave"].activities[0].hours,
        Quantity::Param("h".into())
    );
    assert_eq!(Scenario::from_toml(&s.to_toml().unwrap()).unwrap(), s);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
}

#[test]
fn unknown_field_names_its_path() {
    let bad = SMALL.replace("cost = 0.5", "cost = 0.5\ncots = 1");
    let e = Scenario::from_toml(&bad).unwrap_err();
    assert_eq!(
        e.problems[0].path,
        "strategies.immutable.activities[0].cots"
    );
    assert!(e.problems[0].message.contains("cots"), "{e}");
}

#[test]
fn toml_syntax_error_gives_line_and_column() {
    let e = Scenario::from_toml("[fleet]\nnodes = = 3\n").unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("line 2") && msg.contains("column"), "{msg}");
}

#[test]
fn set_path_by_index_and_by_name() {
    let mut v = Scenario::from_toml(SMALL).unwrap().to_value();
    set_path(&mut v, "fleet.nodes", serde_json::json!(500)).unwrap();
    set_path(
        &mut v,
        "strategies.repave.activities[0].people",
        serde_json::json!(2),
    )
    .unwrap();
    set_path(
        &mut v,
        "strategies.immutable.activities.ci.cost",
        serde_json::json!(1.5),
    )
    .unwrap();
    let s = Scenario::from_value(v.clone()).unwrap();
    assert_eq!(s.fleet.nodes, Quantity::Fixed(500.0));
    assert_eq!(
        s.strategies["repave"].activities[0].people,
        Quantity::Fixed(2.0)
    );
    assert_eq!(
        s.strategies["immutable"].activities[0].cost,
        Quantity::Fixed(1.5)
    );
    assert!(set_path(
        &mut v,
        "strategies.repave.activities[5].hours",
        serde_json::json!(1)
    )
    .is_err());
}

#[test]
fn bad_distribution_table_names_its_path() {
    let bad = SMALL.replace("mode = 95, high = 180", "mode = 95");
    let e = Scenario::from_toml(&bad).unwrap_err();
    assert_eq!(e.problems[0].path, "staffing.sre.rate");
    assert!(e.problems[0].message.contains("high"), "{e}");
}

#[test]
fn toml_syntax_error_is_one_clear_line() {
    let e = Scenario::from_toml("x = [\n").unwrap_err();
    let msg = e.to_string();
    assert!(!msg.contains('\n'), "{msg}");
    assert!(
        msg.starts_with("TOML syntax error at line 1, column"),
        "{msg}"
    );
}

#[test]
fn every_structural_problem_is_reported_at_once() {
    let bad = SMALL
        .replace("nodes = 10", "nodes = 10\nnodez = 3")
        .replace("driver = \"per_cycle\"", "driver = \"per_weekk\"")
        .replace("mode = 95, high = 180", "mode = 95")
        .replace("horizon_years = 2", "horizon_years = \"two\"");
    let e = Scenario::from_toml(&bad).unwrap_err();
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    for expected in [
        "settings.horizon_years",
        "fleet.nodez",
        "staffing.sre.rate",
        "strategies.immutable.activities[0].driver",
    ] {
        assert!(paths.contains(&expected), "{expected} missing from {e}");
    }
    assert_eq!(e.problems.len(), 4, "{e}");
}

#[test]
fn missing_sections_and_unknown_top_level_fields_are_named() {
    let e = Scenario::from_toml("nmae = \"x\"\n").unwrap_err();
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["nmae", "strategies", "comparison"], "{e}");
}

#[test]
fn a_percentage_in_toml_says_to_write_a_number() {
    let bad = SMALL.replace("discount_rate = 0.05", "discount_rate = 8%");
    let msg = Scenario::from_toml(&bad).unwrap_err().to_string();
    assert!(
        msg.ends_with(
            "discount_rate = 8% is not a number: TOML has no percentages; write the share as \
             a number, discount_rate = 0.08"
        ),
        "{msg}"
    );
    assert!(
        msg.starts_with("TOML syntax error at line 5, column"),
        "{msg}"
    );
}

#[test]
fn horizon_years_must_be_a_whole_number_in_words() {
    for (value, said) in [
        (
            "2.5",
            "must be a whole number of years in [1, 100], got 2.5",
        ),
        ("-2", "must be a whole number of years in [1, 100], got -2"),
        // Too large for the reader: the same range, and the value in a few digits.
        (
            "1e300",
            "must be a whole number of years in [1, 100], got 1e300",
        ),
        (
            "\"3\"",
            "must be a whole number of years in [1, 100], got the string \"3\"; write it \
             without quotes",
        ),
    ] {
        let bad = SMALL.replace("horizon_years = 2", &format!("horizon_years = {value}"));
        let e = Scenario::from_toml(&bad).unwrap_err();
        assert_eq!(e.problems[0].path, "settings.horizon_years");
        assert_eq!(e.problems[0].message, said);
    }
    let json = Scenario::from_toml(SMALL).unwrap().to_json();
    // 2^64 is beyond every integer type: JSON reads it as a float.
    let huge = json.replace(
        "\"horizon_years\": 2",
        "\"horizon_years\": 18446744073709551616",
    );
    let e = Scenario::from_json(&huge).unwrap_err();
    assert_eq!(
        e.problems[0].message,
        "must be a whole number of years in [1, 100], got 1.8446744073709552e19"
    );
    let whole = json.replace("\"horizon_years\": 2", "\"horizon_years\": 2.0");
    assert_eq!(
        Scenario::from_json(&whole).unwrap().settings.horizon_years,
        2
    );
}

#[test]
fn paths_must_name_what_exists() {
    let s = Scenario::from_toml(SMALL).unwrap();
    let v = s.to_value();
    let said = |path: &str| {
        let e = check_path(&v, path).unwrap_err();
        assert_eq!(e.problems[0].path, path);
        e.problems[0].message.clone()
    };
    assert_eq!(
        said("parameters.hh"),
        "no parameter \"hh\" in parameters; did you mean \"h\"? (parameters: h); replace \
         changes existing parameters only: add a new one with new_parameters"
    );
    assert_eq!(
        said("fleet.nodez"),
        "fleet has no field \"nodez\"; did you mean \"nodes\"? (fields: nodes, services, \
         clusters, growth)"
    );
    assert_eq!(
        said("staffing.SRE.headcount"),
        "no role \"SRE\" in staffing; did you mean \"sre\"? (roles: sre)"
    );
    assert_eq!(
        said("strategies.repave.activities.rebuld.hours"),
        "no activity named \"rebuld\" in strategies.repave.activities; did you mean \
         \"rebuild\"? (activities: rebuild)"
    );
    assert_eq!(
        said("strategies.repave.activities[3].hours"),
        "index 3 is out of range: strategies.repave.activities has 1 items ([0] \"rebuild\")"
    );
    assert_eq!(
        said("strategies.repave.activities[0].hours.low"),
        "strategies.repave.activities[0].hours names parameter \"h\"; change parameters.h \
         (or a field inside it) instead, or set strategies.repave.activities[0].hours to a \
         value of its own"
    );
    assert_eq!(
        said("staffing.sre.rate.lambda"),
        "staffing.sre.rate has no field \"lambda\" (fields: dist, high, low, mode)"
    );
    // Fields of the format that are not set (optional or defaulted) can be set.
    for path in [
        "strategies.repave.activities[0].probability",
        "strategies.immutable.activities.ci.description",
        "staffing.sre.overflow_multiplier",
        "settings.discount_rate",
        "staffing.sre.rate.high",
        "description",
    ] {
        check_path(&v, path).unwrap();
    }
}

#[test]
fn replace_drops_a_parameter_its_changes_leave_unused_and_adds_new_ones() {
    let s = Scenario::from_toml(SMALL).unwrap();
    let path = "strategies.repave.activities[0].hours".to_string();
    let t = s.replace(&[], &[(path.clone(), 3.into())]).unwrap();
    assert!(t.parameters.is_empty());
    let e = s
        .replace(
            &[],
            &[(path.clone(), 3.into()), ("parameters.h".into(), 2.into())],
        )
        .unwrap_err();
    assert_eq!(e.problems[0].path, "parameters.h");
    let t = s
        .replace(&[("k".into(), 5.into())], &[(path.clone(), "k".into())])
        .unwrap();
    assert_eq!(t.parameters.keys().collect::<Vec<_>>(), ["k"]);
    let e = s.replace(&[("h".into(), 5.into())], &[]).unwrap_err();
    assert!(e.problems[0].message.contains("exists already"), "{e}");
}

#[test]
fn problems_in_activities_name_the_activity() {
    let bad = SMALL.replace("cost = 0.5", "cost = 0.5\ncots = 1");
    let e = Scenario::from_toml(&bad).unwrap_err();
    assert_eq!(
        e.problems[0].path,
        "strategies.immutable.activities[0].cots"
    );
    assert!(
        e.to_string().starts_with(
            "strategies.immutable.activities[0].cots (activity \"ci\"): unknown field"
        ),
        "{e}"
    );
}

#[test]
fn non_finite_toml_floats_are_refused_by_path_not_read_as_missing() {
    let bad = SMALL
        .replace("cycles_per_year = 12", "cycles_per_year = nan")
        .replace("low = 65", "low = -inf");
    let e = Scenario::from_toml(&bad).unwrap_err();
    let mut paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "staffing.sre.rate.low",
            "strategies.repave.activities[0].cycles_per_year"
        ]
    );
    assert!(e.to_string().contains("got nan"), "{e}");
    assert!(e.to_string().contains("got -inf"), "{e}");
}
