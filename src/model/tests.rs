//! Model tests with hand-worked closed forms.

use std::sync::Arc;

use super::*;
use crate::sampling::{Control, Method};
use crate::scenario::Scenario;

fn run(toml: &str, trials: usize) -> SimResult {
    let s = Scenario::from_toml(toml).unwrap();
    let plan = Arc::new(Plan::new(&s).unwrap());
    simulate(&plan, trials, 1, Method::Random, &Control::new()).unwrap()
}

/// A `random` sweep of `s` over `grid` with the threshold at zero savings.
fn sweep_at(
    s: &Scenario,
    grid: &[GridAxis],
    trials: usize,
    seed: u64,
) -> Result<crate::table::Table, SweepError> {
    sweep(
        s,
        grid,
        trials,
        seed,
        Method::Random,
        &Threshold::savings(0.0),
        &Control::new(),
    )
}

const OVERFLOW: &str = r#"
[settings]
horizon_years = 2
discount_rate = 0.1
[fleet]
nodes = 10
growth = 0.5
[staffing.sre]
rate = 100
headcount = 1
hours_per_year = 1000
available_share = 0.2
overflow_multiplier = 1.5
[[strategies.repave.activities]]
name = "rebuild"
driver = "per_node"
cycles_per_year = 12
hours = 2
role = "sre"
[[strategies.repave.activities]]
name = "cab"
driver = "per_cycle"
cycles_per_year = 12
hours = 1
people = 2
role = "sre"
cost = 10
[[strategies.immutable.activities]]
name = "setup"
driver = "once"
hours = 40
role = "sre"
cost = 500
[comparison]
baseline = "repave"
alternative = "immutable"
"#;

#[test]
fn overflow_discount_growth_and_one_time_by_hand() {
    let r = run(OVERFLOW, 3);
    // Year 1: rebuild 10×12×2 = 240 h, cab 12×1×2 = 24 h → 264 h; capacity 200 h.
    // Labour = 100 × (200 + 1.5 × 64) = 29,600; direct 12 × 10 = 120 → 29,720.
    // Year 2: nodes 15 → rebuild 360 h, cab 24 h → 384 h; labour = 100 × (200 + 1.5 × 184)
    // = 47,600; + 120 = 47,720.
    let y1 = 29_720.0 / 1.1;
    let y2 = 47_720.0 / 1.21;
    let repave = y1 + y2;
    let immutable = 40.0 * 100.0 + 500.0;
    for i in 0..3 {
        assert!((r.baseline().total[i] - repave).abs() < 1e-9);
        assert!((r.alternative().total[i] - immutable).abs() < 1e-9);
        assert!((r.savings[i] - (repave - immutable)).abs() < 1e-9);
        // Cumulative savings: −4,500 at year 0, positive after year 1.
        assert_eq!(r.payback_year[i], 1.0);
    }
    // The rebuild's share of year-1 labour: 240/264 of 29,600.
    let rebuild = &r.detail()[r.baseline].activities[0];
    assert!((rebuild.cost[0][0] - 29_600.0 * 240.0 / 264.0 / 1.1).abs() < 1e-9);
    let labour = r.labour();
    assert_eq!(labour.height(), 2);
    if let Some(crate::table::Column::F64(p)) = labour.get("prob_over_capacity") {
        assert_eq!(p, &vec![1.0, 1.0]);
    } else {
        panic!("labour table has no prob_over_capacity");
    }
}

#[test]
fn breakdown_means_add_up_to_total_means() {
    let r = run(OVERFLOW, 10);
    let b = r.breakdown();
    let (Some(crate::table::Column::Str(strat)), Some(crate::table::Column::F64(mean))) =
        (b.get("strategy"), b.get("mean"))
    else {
        panic!("breakdown columns missing");
    };
    for s in &r.strategies {
        let sum: f64 = strat
            .iter()
            .zip(mean)
            .filter(|(n, _)| *n == &s.name)
            .map(|(_, m)| m)
            .sum();
        let total = s.total.iter().sum::<f64>() / s.total.len() as f64;
        assert!((sum - total).abs() < 1e-9 * total.abs().max(1.0));
    }
}

#[test]
fn validation_reports_every_problem_with_paths() {
    let bad = OVERFLOW
        .replace("horizon_years = 2", "horizon_years = 0")
        .replace("role = \"sre\"\ncost = 500", "role = \"ops\"\ncost = 500")
        .replace("cycles_per_year = 12\nhours = 1", "hours = 1")
        .replace("alternative = \"immutable\"", "alternative = \"immutible\"");
    let s = Scenario::from_toml(&bad).unwrap();
    let e = Plan::new(&s).unwrap_err();
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"settings.horizon_years"), "{e}");
    assert!(
        paths.contains(&"strategies.immutable.activities[0].role"),
        "{e}"
    );
    assert!(
        paths.contains(&"strategies.repave.activities[1].cycles_per_year"),
        "{e}"
    );
    assert!(paths.contains(&"comparison.alternative"), "{e}");
}

#[test]
fn sweep_points_equal_separate_runs() {
    let s = Scenario::from_toml(&OVERFLOW.replace(
        "hours = 2",
        "hours = { dist = \"pert\", low = 1, mode = 2, high = 5 }",
    ))
    .unwrap();
    let grid = vec![GridAxis::new("fleet.nodes", vec![5.into(), 20.into()])];
    let t = sweep_at(&s, &grid, 500, 3).unwrap();
    let mut v = s.to_value();
    crate::scenario::set_path(&mut v, "fleet.nodes", 20.into()).unwrap();
    let r = simulate(
        &Arc::new(Plan::new(&Scenario::from_value(v).unwrap()).unwrap()),
        500,
        3,
        Method::Random,
        &Control::new(),
    )
    .unwrap();
    let mean = r.savings.iter().sum::<f64>() / 500.0;
    let (
        Some(crate::table::Column::Str(out)),
        Some(crate::table::Column::F64(m)),
        Some(crate::table::Column::I64(nodes)),
    ) = (t.get("output"), t.get("mean"), t.get("fleet.nodes"))
    else {
        panic!("sweep columns missing");
    };
    let row = (0..out.len())
        .find(|&i| out[i] == "savings" && nodes[i] == 20)
        .unwrap();
    assert!((m[row] - mean).abs() <= 1e-9 * mean.abs());
}

#[test]
fn overflowing_costs_are_an_error_not_infinity() {
    let s = Scenario::from_toml(&OVERFLOW.replace("rate = 100", "rate = 1e308")).unwrap();
    let plan = Arc::new(Plan::new(&s).unwrap());
    let e = simulate(&plan, 10, 0, Method::Random, &Control::new()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with("strategies.")
            && msg.contains("the total cost reaches inf")
            && msg.contains("beyond ±1e100"),
        "{msg}"
    );
    // Finite but beyond the limit: its squares would overflow a statistic.
    let s = Scenario::from_toml(&OVERFLOW.replace("rate = 100", "rate = 1e150")).unwrap();
    let plan = Arc::new(Plan::new(&s).unwrap());
    let e = simulate(&plan, 10, 0, Method::Random, &Control::new()).unwrap_err();
    assert!(e.to_string().contains("beyond ±1e100"), "{e}");
    // Below it, the run goes through.
    let s = Scenario::from_toml(&OVERFLOW.replace("rate = 100", "rate = 1e80")).unwrap();
    let plan = Arc::new(Plan::new(&s).unwrap());
    assert!(simulate(&plan, 10, 0, Method::Random, &Control::new()).is_ok());
}

#[test]
fn a_strategy_may_not_take_the_savings_rows_name() {
    let s = Scenario::from_toml(
        &OVERFLOW
            .replace("strategies.immutable", "strategies.savings")
            .replace("alternative = \"immutable\"", "alternative = \"savings\""),
    )
    .unwrap();
    let e = Plan::new(&s).unwrap_err();
    assert!(
        e.problems.iter().any(|p| p.path == "strategies.savings"),
        "{e}"
    );
}

#[test]
fn detail_recomputed_later_adds_up_to_each_trial_and_matches_an_eager_run() {
    // The fleet preset has Poisson and Bernoulli events in both strategies; a trial count
    // that is not a multiple of the chunk size exercises the last, short chunk.
    let scenario = crate::presets::load("fleet").unwrap();
    let plan = Arc::new(Plan::new(&scenario).unwrap());
    let trials = 2 * crate::sampling::CHUNK + 123;
    let lean = simulate(&plan, trials, 7, Method::Random, &Control::new()).unwrap();
    let eager = super::simulate::simulate_counted(
        &plan,
        &Arc::new(super::dimensions::plan_dimensions(&plan)),
        trials,
        7,
        Method::Random,
        super::layout::Detail::Full,
        &Control::new(),
    )
    .unwrap();
    assert_eq!(lean.savings, eager.savings);
    for (s, (ls, es)) in lean.strategies.iter().zip(&eager.strategies).enumerate() {
        assert_eq!(ls.total, es.total);
        assert_eq!(ls.year_cost, es.year_cost);
        let (ld, ed) = (&lean.detail()[s], &eager.detail()[s]);
        for (la, ea) in ld.activities.iter().zip(&ed.activities) {
            assert_eq!(la.cost, ea.cost, "{}", la.name);
        }
        for (lr, er) in ld.roles.iter().zip(&ed.roles) {
            assert_eq!(lr.hours, er.hours);
        }
        // Each trial's activity costs add up to its total.
        for i in 0..trials {
            let sum: f64 = ld
                .activities
                .iter()
                .flat_map(|a| &a.cost)
                .map(|c| c[i])
                .sum();
            assert!(
                (sum - ls.total[i]).abs() <= 1e-9 * ls.total[i].abs(),
                "trial {i}: {sum} vs {}",
                ls.total[i]
            );
        }
    }
}

/// The problems of `toml`, which must not compile.
fn problems(toml: &str) -> Vec<crate::scenario::Problem> {
    let s = Scenario::from_toml(toml).unwrap();
    Plan::new(&s).unwrap_err().problems
}

#[test]
fn a_parameter_nothing_uses_is_an_error_with_a_near_name() {
    let text = OVERFLOW
        .replace("hours = 2\n", "hours = \"rebuild_hours\"\n")
        .replace(
            "[[strategies.repave.activities]]\nname = \"rebuild\"",
            "[parameters]\nrebuild_hours = 2\nrebuild_hour = 3\nlonely = 4\n\
             [[strategies.repave.activities]]\nname = \"rebuild\"",
        );
    let p = problems(&text);
    let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["parameters.lonely", "parameters.rebuild_hour"],
        "{p:?}"
    );
    assert_eq!(
        p[1].message,
        "no field uses parameter \"rebuild_hour\" (did you mean \"rebuild_hours\"?); remove it, \
         or name it in the field it is meant for"
    );
    assert!(!p[0].message.contains("did you mean"), "{}", p[0].message);
}

#[test]
fn a_parameter_used_through_an_alias_is_used() {
    let text = OVERFLOW.replace("hours = 2\n", "hours = \"alias\"\n").replace(
        "[[strategies.repave.activities]]\nname = \"rebuild\"",
        "[parameters]\nalias = \"root\"\nroot = 2\n[[strategies.repave.activities]]\nname = \"rebuild\"",
    );
    Plan::new(&Scenario::from_toml(&text).unwrap()).unwrap();
}

#[test]
fn a_parameter_out_of_range_is_reported_once_at_the_parameter() {
    let text = OVERFLOW
        .replace("cost = 10\n", "cost = 10\nprobability = \"p\"\n")
        .replace(
            "name = \"rebuild\"\ndriver = \"per_node\"",
            "name = \"rebuild\"\ndriver = \"per_node\"\nprobability = \"p\"",
        )
        .replace(
            "[[strategies.repave.activities]]\nname = \"rebuild\"",
            "[parameters]\np = 8\n[[strategies.repave.activities]]\nname = \"rebuild\"",
        );
    let e = Plan::new(&Scenario::from_toml(&text).unwrap()).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(e.problems[0].path, "parameters.p");
    assert_eq!(
        e.problems[0].message,
        "is 8, but the 2 fields that name it must be in [0, 1]: \
         strategies.repave.activities[0].probability, strategies.repave.activities[1].probability"
    );
}

#[test]
fn unknown_role_and_strategy_suggest_the_near_name() {
    let p = problems(&OVERFLOW.replacen("role = \"sre\"", "role = \"SRE\"", 1));
    assert_eq!(p[0].path, "strategies.repave.activities[0].role");
    assert_eq!(
        p[0].message,
        "unknown role \"SRE\"; did you mean \"sre\"? (roles in staffing: sre)"
    );
    assert_eq!(
        p[0].to_string(),
        "strategies.repave.activities[0].role (activity \"rebuild\"): unknown role \"SRE\"; \
         did you mean \"sre\"? (roles in staffing: sre)"
    );
    let p = problems(&OVERFLOW.replace("baseline = \"repave\"", "baseline = \"repavee\""));
    assert!(
        p[0].message
            .starts_with("\"repavee\" is not a strategy; did you mean \"repave\"?"),
        "{}",
        p[0].message
    );
}

#[test]
fn payback_is_the_first_year_from_which_savings_stay_non_negative() {
    // Baseline: 100 a year; alternative: 150 a year, nothing up front. CS = 0, −50, −100.
    let text = r#"
[settings]
horizon_years = 2
[[strategies.a.activities]]
name = "run"
driver = "yearly"
cost = 100
[[strategies.b.activities]]
name = "run"
driver = "yearly"
cost = 150
[comparison]
baseline = "a"
alternative = "b"
"#;
    let r = run(text, 4);
    assert!(
        r.payback_year.iter().all(|&p| p == -1.0),
        "{:?}",
        r.payback_year
    );
    assert_eq!(payback_year([-1.0, 0.0, 3.0]), Some(1));
    assert_eq!(payback_year([1.0, -1.0, 3.0]), Some(2));
    assert_eq!(payback_year([1.0, 2.0, -0.5]), None);
}

#[test]
fn savings_per_year_and_a_threshold_on_one_output() {
    let r = run(OVERFLOW, 5);
    let years = 2.0;
    for (s, y) in r.savings.iter().zip(&r.savings_per_year) {
        assert_eq!(*y, s / years);
    }
    let t = r
        .summary(&Threshold::new(
            "savings_per_year",
            r.savings_per_year[0] - 1.0,
        ))
        .unwrap();
    let (out, p) = (t.strs("output").unwrap(), t.opt_f64s("prob_above").unwrap());
    for (name, p) in out.iter().zip(p) {
        assert_eq!(p.is_some(), name == "savings_per_year", "{name}: {p:?}");
    }
    assert_eq!(p[1], Some(1.0));
    let e = r.summary(&Threshold::new("saving", 0.0)).unwrap_err();
    assert!(e.contains("did you mean \"savings\"?"), "{e}");
}

#[test]
fn a_quoted_number_says_to_drop_the_quotes() {
    let p = problems(&OVERFLOW.replace("cost = 10\n", "cost = \"8%\"\n"));
    assert_eq!(p[0].path, "strategies.repave.activities[1].cost");
    assert_eq!(
        p[0].message,
        "\"8%\" is text, which names a parameter; write the number without quotes: 0.08"
    );
    let p = problems(&OVERFLOW.replace("cost = 10\n", "cost = \"10\"\n"));
    assert!(
        p[0].message.ends_with("without quotes: 10"),
        "{}",
        p[0].message
    );
}

#[test]
fn sweep_over_three_axes_one_linked_equals_separate_runs() {
    let s = Scenario::from_toml(&OVERFLOW.replace(
        "hours = 2",
        "hours = { dist = \"pert\", low = 1, mode = 2, high = 5 }",
    ))
    .unwrap();
    let grid = vec![
        GridAxis::linked(
            &["fleet.nodes", "fleet.clusters"],
            vec![vec![5.into(), 1.into()], vec![20.into(), 3.into()]],
        ),
        GridAxis::new("staffing.sre.headcount", vec![1.into(), 2.into()]),
        GridAxis::new("settings.discount_rate", vec![0.0.into(), 0.1.into()]),
    ];
    let t = sweep_at(&s, &grid, 300, 4).unwrap();
    let names: Vec<&str> = t.columns.iter().take(4).map(|c| c.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "fleet.nodes",
            "fleet.clusters",
            "staffing.sre.headcount",
            "settings.discount_rate"
        ]
    );
    let (
        Some(crate::table::Column::Str(out)),
        Some(crate::table::Column::F64(p50)),
        Some(crate::table::Column::I64(nodes)),
        Some(crate::table::Column::I64(clusters)),
        Some(crate::table::Column::I64(heads)),
        Some(crate::table::Column::F64(rate)),
    ) = (
        t.get("output"),
        t.get("p50"),
        t.get("fleet.nodes"),
        t.get("fleet.clusters"),
        t.get("staffing.sre.headcount"),
        t.get("settings.discount_rate"),
    )
    else {
        panic!("sweep columns missing");
    };
    let savings: Vec<usize> = (0..out.len()).filter(|&i| out[i] == "savings").collect();
    assert_eq!(savings.len(), 8);
    for &i in &savings {
        // Linked paths move together: never 5 nodes on 3 clusters.
        assert_eq!(clusters[i], if nodes[i] == 5 { 1 } else { 3 });
        let mut v = s.to_value();
        for (path, value) in [
            ("fleet.nodes", serde_json::json!(nodes[i])),
            ("fleet.clusters", serde_json::json!(clusters[i])),
            ("staffing.sre.headcount", serde_json::json!(heads[i])),
            ("settings.discount_rate", serde_json::json!(rate[i])),
        ] {
            crate::scenario::set_path(&mut v, path, value).unwrap();
        }
        let plan = Arc::new(Plan::new(&Scenario::from_value(v).unwrap()).unwrap());
        let r = simulate(&plan, 300, 4, Method::Random, &Control::new()).unwrap();
        let want = crate::stats::quantile_sorted(&crate::stats::sorted(&r.savings), 0.5);
        assert_eq!(p50[i].to_bits(), want.to_bits(), "row {i}");
    }
}

#[test]
fn sweep_rejects_ragged_linked_steps_and_repeated_paths() {
    let s = Scenario::from_toml(OVERFLOW).unwrap();
    let run = |grid: Vec<GridAxis>| sweep_at(&s, &grid, 10, 0);
    let ragged = run(vec![GridAxis::linked(
        &["fleet.nodes", "fleet.clusters"],
        vec![vec![5.into(), 1.into()], vec![20.into()]],
    )])
    .unwrap_err();
    let text = ragged.to_string();
    assert!(
        text.starts_with("grid.(fleet.nodes, fleet.clusters): "),
        "{text}"
    );
    assert!(
        text.contains("step 1 (20) has 1 value for 2 paths"),
        "{text}"
    );
    let twice = run(vec![
        GridAxis::new("fleet.nodes", vec![1.into()]),
        GridAxis::linked(
            &["fleet.clusters", "fleet.nodes"],
            vec![vec![1.into(), 2.into()]],
        ),
    ])
    .unwrap_err();
    assert!(
        twice.to_string().starts_with("grid.fleet.nodes: "),
        "{twice}"
    );
    assert!(run(vec![GridAxis::linked(&[], vec![vec![]])]).is_err());
    assert!(run(vec![]).is_err());
}

#[test]
fn tail_drivers_rank_the_input_that_makes_the_tail() {
    // Savings = repave's two one-time costs: a broad uniform bulk and a rare $1,000 hit.
    let s = Scenario::from_toml(
        r#"
[[strategies.repave.activities]]
name = "work"
driver = "once"
cost = { dist = "uniform", low = 0, high = 100 }
[[strategies.repave.activities]]
name = "outage"
driver = "once"
cost = { dist = "discrete", values = [0, 1000], weights = [0.96, 0.04] }
[strategies.immutable]
[comparison]
baseline = "repave"
alternative = "immutable"
"#,
    )
    .unwrap();
    let r = simulate(
        &Arc::new(Plan::new(&s).unwrap()),
        20_000,
        2,
        Method::Random,
        &Control::new(),
    )
    .unwrap();
    let t = r.tail_drivers("savings", 0.95).unwrap();
    let Some(crate::table::Column::Str(inputs)) = t.get("input") else {
        panic!("no input column");
    };
    assert_eq!(inputs[0], "strategies.repave.outage.cost");
    // The bulk input matters most overall, by Spearman and by the tornado.
    let sens = r.sensitivity("savings").unwrap();
    let Some(crate::table::Column::Str(by_swing)) = sens.get("input") else {
        panic!("no input column");
    };
    assert_eq!(by_swing[0], "strategies.repave.work.cost");
    assert!(r.tail_drivers("no_such_output", 0.95).is_none());
}

#[test]
fn an_event_activity_of_the_same_name_draws_the_same_counts_in_both_strategies() {
    let shared = r#"
[fleet]
nodes = 100
[[strategies.a.activities]]
name = "breach"
driver = "per_node"
probability = 0.01
cost = 1000
[[strategies.b.activities]]
name = "NAME"
driver = "per_node"
probability = 0.01
cost = 1000
[comparison]
baseline = "a"
alternative = "b"
"#;
    let same = run(&shared.replace("NAME", "breach"), 3000);
    assert!(same.baseline().total.iter().any(|t| *t > 0.0));
    assert!(same.savings.iter().all(|s| *s == 0.0));
    // Under another name the counts are drawn from another stream.
    let other = run(&shared.replace("NAME", "breach elsewhere"), 3000);
    assert!(other.savings.iter().filter(|s| **s != 0.0).count() > 1000);
}

#[test]
fn trials_too_many_to_hold_are_refused_before_sampling() {
    let scenario = crate::presets::load("fleet").unwrap();
    let plan = Arc::new(Plan::new(&scenario).unwrap());
    let columns =
        (layout::Layout::new(&plan, layout::Detail::Full).count + plan.inputs.len()) as u64;
    let most = crate::limits::MAX_BYTES / (8 * columns);
    assert_eq!(check_trials(&plan, most as usize), Ok(most as usize));
    for trials in [most as usize + 1, 1 << 62, usize::MAX] {
        let err = simulate(&plan, trials, 0, Method::Random, &Control::new()).unwrap_err();
        let SimError::Argument { field, message } = err else {
            panic!("expected an argument error, got {err:?}");
        };
        assert_eq!(field, "trials");
        assert!(
            message.starts_with(&format!("must be at most {most} (8 GiB of trials")),
            "{message}"
        );
        assert!(message.ends_with(&format!("got {trials}")), "{message}");
    }
    let grid = vec![GridAxis::new("fleet.nodes", vec![10.into()])];
    let err = sweep_at(&scenario, &grid, usize::MAX, 0);
    assert!(
        matches!(&err, Err(SweepError::Argument { field, .. }) if field == "trials"),
        "{err:?}"
    );
}

#[test]
fn a_grid_too_large_to_list_is_refused_from_its_lengths() {
    let scenario = crate::presets::load("fleet").unwrap();
    let axis =
        |path: &str| GridAxis::new(path, (1..=10_000).map(serde_json::Value::from).collect());
    // 10^12 points: listing them would take terabytes; counting them takes nothing.
    let grid = vec![
        axis("fleet.nodes"),
        axis("fleet.clusters"),
        axis("fleet.services"),
    ];
    let err = sweep_at(&scenario, &grid, 5, 0).unwrap_err();
    let SweepError::Argument { field, message } = err else {
        panic!("expected an argument error, got {err:?}");
    };
    assert_eq!(field, "grid");
    assert!(
        message.starts_with("1000000000000 points is more than the limit"),
        "{message}"
    );
}

#[test]
fn the_column_count_is_that_of_the_layout() {
    use layout::{Detail, Layout};
    for name in crate::presets::names() {
        let plan = Plan::new(&crate::presets::load(name).unwrap()).unwrap();
        for detail in [Detail::Totals, Detail::Full, Detail::Sweep] {
            assert_eq!(
                Layout::columns(&plan, detail),
                Layout::new(&plan, detail).count,
                "{name} {detail:?}"
            );
        }
    }
}
