//! Model tests that the Python suite used to carry alone: random events, `once`
//! probabilities, payback (ties and its table), FTE and the order of the sensitivity table.
//! Expected values are worked out by hand from docs/model.md; statistical checks use fixed
//! seeds and tolerances of 4 standard errors.

use std::sync::Arc;

use super::*;
use crate::sampling::{Control, Method};
use crate::scenario::Scenario;
use crate::table::{Column, Table};

fn run(toml: &str, trials: usize, seed: u64) -> SimResult {
    let s = Scenario::from_toml(toml).unwrap();
    let plan = Arc::new(Plan::new(&s).unwrap());
    simulate(&plan, trials, seed, Method::Random, &Control::new()).unwrap()
}

/// A scenario with one SRE at $100/h and ample capacity, `horizon` years, no discount,
/// strategy `base` (baseline) and `alt` (alternative) given as TOML activity tables.
fn scenario(horizon: usize, nodes: f64, base: &str, alt: &str, extra: &str) -> String {
    format!(
        r#"
[settings]
horizon_years = {horizon}
[fleet]
nodes = {nodes}
[staffing.sre]
rate = 100
headcount = 1000
hours_per_year = 1600
{extra}
{base}
{alt}
[comparison]
baseline = "base"
alternative = "alt"
"#
    )
}

fn f64s<'a>(t: &'a Table, name: &str) -> &'a [f64] {
    match t.get(name) {
        Some(Column::F64(v)) => v,
        other => panic!("column {name}: {other:?}"),
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Asserts the sample mean of `v` is within 4 standard errors of `expected`, where `sd` is
/// the true standard deviation of one value.
fn assert_mean_within(v: &[f64], expected: f64, sd: f64) {
    let se = sd / (v.len() as f64).sqrt();
    let m = mean(v);
    assert!(
        (m - expected).abs() <= 4.0 * se,
        "mean {m} vs {expected}: {:.1} SE",
        (m - expected).abs() / se
    );
}

const NO_ALT: &str = r#"[[strategies.alt.activities]]
name = "nothing"
driver = "yearly""#;

#[test]
fn random_events_are_poisson_counts_per_year() {
    // 100 nodes × f 1 × p 0.02: n ~ Poisson(2) a year, each costing 1 h × $100 + $10.
    // Over 2 years the count is Poisson(4): mean total 4 × 110, variance 4 × 110².
    let base = r#"[[strategies.base.activities]]
name = "fix"
driver = "per_node"
probability = 0.02
hours = 1
role = "sre"
cost = 10"#;
    let r = run(&scenario(2, 100.0, base, NO_ALT, ""), 40_000, 5);
    let total = &r.baseline().total;
    assert_mean_within(total, 4.0 * 110.0, 110.0 * 2.0);
    // Whole numbers of events, and P(no event in 2 years) = e^-4.
    for t in total {
        let n = t / 110.0;
        assert!(
            (n - n.round()).abs() < 1e-9,
            "{t} is not a whole number of events"
        );
    }
    let zeros: Vec<f64> = total
        .iter()
        .map(|&t| if t == 0.0 { 1.0 } else { 0.0 })
        .collect();
    let p0 = (-4.0f64).exp();
    assert_mean_within(&zeros, p0, (p0 * (1.0 - p0)).sqrt());
    // Each year on its own is Poisson(2): variance 2 × 110², so the years are drawn apart.
    let y1 = &r.baseline().year_cost[0];
    let m = mean(y1);
    let var = y1.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (y1.len() - 1) as f64;
    // The variance of a Poisson(2) sample variance is about (2 + 2·2²)·110⁴ / n.
    let se_var = ((2.0 + 2.0 * 4.0) / y1.len() as f64).sqrt() * 110.0f64.powi(2);
    assert!(
        (var - 2.0 * 110.0f64.powi(2)).abs() <= 4.0 * se_var,
        "variance {var}"
    );
}

#[test]
fn once_with_a_probability_happens_at_most_once_with_that_probability() {
    // A one-time 10 h project that happens with probability 0.25: O ∈ {0, 1,000}.
    let base = r#"[[strategies.base.activities]]
name = "migrate"
driver = "once"
probability = 0.25
hours = 10
role = "sre"
[[strategies.base.activities]]
name = "run"
driver = "yearly"
cost = 7"#;
    let r = run(&scenario(3, 0.0, base, NO_ALT, ""), 40_000, 9);
    let b = r.baseline();
    let mut hits = Vec::with_capacity(b.one_time.len());
    for (o, t) in b.one_time.iter().zip(&b.total) {
        assert!(*o == 0.0 || *o == 1000.0, "one-time cost {o}");
        assert_eq!(*t, o + 3.0 * 7.0);
        hits.push(if *o > 0.0 { 1.0 } else { 0.0 });
    }
    assert_mean_within(&hits, 0.25, (0.25f64 * 0.75).sqrt());
}

/// Scenario with fixed one-time costs and yearly costs: CS_y is known exactly.
fn payback_case(base_once: f64, alt_once: f64, base_year: f64, alt_year: f64, t: usize) -> String {
    let base = format!(
        r#"[[strategies.base.activities]]
name = "setup"
driver = "once"
cost = {base_once}
[[strategies.base.activities]]
name = "run"
driver = "yearly"
cost = {base_year}"#
    );
    let alt = format!(
        r#"[[strategies.alt.activities]]
name = "setup"
driver = "once"
cost = {alt_once}
[[strategies.alt.activities]]
name = "run"
driver = "yearly"
cost = {alt_year}"#
    );
    scenario(t, 0.0, &base, &alt, "")
}

#[test]
fn payback_year_on_cases_where_every_reading_of_the_rule_agrees() {
    // (base once, alt once, base yearly, alt yearly, T) → payback year (None: never).
    // In each case CS_y never falls back below 0 once it reaches it, so "the first year
    // with CS_y ≥ 0" and "the first year from which CS stays ≥ 0" give the same answer.
    type Case = (f64, f64, f64, f64, usize);
    let cases: [(Case, Option<f64>); 6] = [
        // CS = -150, -50, 50, 150: repaid in year 2 and positive after.
        ((0.0, 150.0, 100.0, 0.0, 3), Some(2.0)),
        // CS = -100, 0, 100: a tie at exactly 0 counts as paid back.
        ((0.0, 100.0, 100.0, 0.0, 2), Some(1.0)),
        // CS = -300, -200, -100, 0: paid back at the horizon, by a tie.
        ((0.0, 300.0, 100.0, 0.0, 3), Some(3.0)),
        // CS = -1000, -900, -800, -700: never.
        ((0.0, 1000.0, 100.0, 0.0, 3), None),
        // CS_0 = 50 and growing: paid back at once.
        ((50.0, 0.0, 10.0, 0.0, 2), Some(0.0)),
        // CS = 0 in every year (identical strategies): a tie throughout, year 0.
        ((20.0, 20.0, 5.0, 5.0, 2), Some(0.0)),
    ];
    for ((bo, ao, by, ay, t), expected) in cases {
        let r = run(&payback_case(bo, ao, by, ay, t), 4, 0);
        for &p in &r.payback_year {
            match expected {
                Some(y) => assert_eq!(p, y, "case {:?}", (bo, ao, by, ay, t)),
                // However "none" is stored, it is not a year.
                None => assert!(p.is_nan() || p < 0.0, "case {:?}: {p}", (bo, ao, by, ay, t)),
            }
        }
        // The payback table: P(paid back by year y) for y = 0..=T.
        let table = r.payback();
        let by_year = f64s(&table, "prob_paid_back");
        assert_eq!(by_year.len(), t + 1);
        for (y, &prob) in by_year.iter().enumerate() {
            let want = match expected {
                Some(e) if y as f64 >= e => 1.0,
                _ => 0.0,
            };
            assert_eq!(prob, want, "case {:?} year {y}", (bo, ao, by, ay, t));
        }
    }
}

#[test]
fn payback_table_counts_trials_by_their_own_payback_year() {
    // The alternative's one-time cost is 0 or 150 (Bernoulli 0.5) and it saves 100 a
    // year: payback in year 0 (CS_0 = 0) or year 2 (CS = -150, -50, 50).
    let base = r#"[[strategies.base.activities]]
name = "run"
driver = "yearly"
cost = 100"#;
    let alt = r#"[[strategies.alt.activities]]
name = "setup"
driver = "once"
probability = 0.5
cost = 150"#;
    let r = run(&scenario(3, 0.0, base, alt, ""), 2_000, 3);
    let n = r.trials as f64;
    let at0 = r.payback_year.iter().filter(|&&p| p == 0.0).count() as f64;
    let at2 = r.payback_year.iter().filter(|&&p| p == 2.0).count() as f64;
    assert_eq!(at0 + at2, n, "every trial pays back in year 0 or 2");
    assert!(at0 > 0.0 && at2 > 0.0);
    let table = r.payback();
    let by_year = f64s(&table, "prob_paid_back");
    assert_eq!(by_year, &[at0 / n, at0 / n, 1.0, 1.0]);
}

#[test]
fn fte_is_hours_over_productive_hours_per_person() {
    // 20 nodes × 12 × 1.5 h = 360 h a year; 1,600 productive hours per person.
    // With growth 0.25, year 2 has 25 nodes: 450 h. FTE does not depend on headcount.
    let base = r#"[[strategies.base.activities]]
name = "patch"
driver = "per_node"
cycles_per_year = 12
hours = 1.5
role = "sre""#;
    let toml =
        scenario(2, 20.0, base, NO_ALT, "").replace("nodes = 20", "nodes = 20\ngrowth = 0.25");
    let r = run(&toml, 3, 0);
    let labour = r.labour();
    let hours = f64s(&labour, "mean_hours");
    let fte = f64s(&labour, "mean_fte");
    let over = f64s(&labour, "prob_over_capacity");
    let Some(Column::Str(strategy)) = labour.get("strategy") else {
        panic!("no strategy column");
    };
    let rows: Vec<usize> = (0..labour.height())
        .filter(|&i| strategy[i] == "base")
        .collect();
    assert_eq!(rows.len(), 2);
    for (row, want) in rows.iter().zip([360.0, 450.0]) {
        assert!((hours[*row] - want).abs() < 1e-9, "{}", hours[*row]);
        assert!((fte[*row] - want / 1600.0).abs() < 1e-12, "{}", fte[*row]);
        assert_eq!(over[*row], 0.0);
    }
}

#[test]
fn sensitivity_rows_come_largest_swing_first_then_by_name() {
    // savings = a + b10 + c100, uniforms of widths 1, 10 and 100: swings grow with the
    // width. The alternative costs nothing, so every swing of its total is 0 and the rows
    // fall back to the order of the names.
    let base = r#"[[strategies.base.activities]]
name = "x"
driver = "yearly"
cost = "a"
[[strategies.base.activities]]
name = "y"
driver = "yearly"
cost = "b10"
[[strategies.base.activities]]
name = "z"
driver = "yearly"
cost = "c100"
"#;
    let params = r#"[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b10 = { dist = "uniform", low = 0, high = 10 }
c100 = { dist = "uniform", low = 0, high = 100 }"#;
    let r = run(&scenario(1, 0.0, base, NO_ALT, params), 5_000, 2);
    let sens = r.sensitivity("savings").unwrap();
    let Some(Column::Str(inputs)) = sens.get("input") else {
        panic!("no input column");
    };
    assert_eq!(inputs, &["c100", "b10", "a"]);
    let Some(Column::OptF64(swing)) = sens.get("swing") else {
        panic!("no swing column");
    };
    let swing: Vec<f64> = swing.iter().map(|s| s.unwrap()).collect();
    assert!(swing.windows(2).all(|w| w[0] >= w[1]), "{swing:?}");
    // Uniform(0, w): the top decile averages 0.95·w and the bottom 0.05·w, a swing of 0.9·w.
    assert!((swing[0] / 90.0 - 1.0).abs() < 0.02, "{}", swing[0]);
    let flat = r.sensitivity("alt.total").unwrap();
    let Some(Column::Str(inputs)) = flat.get("input") else {
        panic!("no input column");
    };
    assert_eq!(inputs, &["a", "b10", "c100"]);
}

#[test]
fn year_costs_are_declared_outputs_and_the_cumulative_table_adds_them_up() {
    // Base pays 100 a year, alt a one-time 150: no discount, nothing random.
    let base = r#"[[strategies.base.activities]]
name = "run"
driver = "yearly"
cost = 100"#;
    let alt = r#"[[strategies.alt.activities]]
name = "setup"
driver = "once"
cost = 150"#;
    let r = run(&scenario(3, 0.0, base, alt, ""), 50, 1);
    let listed = outputs::of(&r, outputs::View::Cumulative);
    let names: Vec<&str> = listed.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "alt.year_cost.1",
            "alt.year_cost.2",
            "alt.year_cost.3",
            "base.year_cost.1",
            "base.year_cost.2",
            "base.year_cost.3"
        ]
    );
    for o in &listed {
        let expected = if o.name.starts_with("base.") {
            100.0
        } else {
            0.0
        };
        assert!(o.values.iter().all(|&v| v == expected), "{}", o.name);
        assert_eq!(
            outputs::find(&o.name).unwrap().0.pattern,
            "{strategy}.year_cost.{year}"
        );
    }
    assert_eq!(outputs::label("alt.year_cost.2"), "alt cost in year 2");
    // Cumulative means, by hand: alt 150 throughout; base 0, 100, 200, 300 (strategies in the
    // result's order); savings
    // -150, -50, 50, 150.
    let t = r.cumulative();
    assert_eq!(
        f64s(&t, "mean"),
        &[150.0, 150.0, 150.0, 150.0, 0.0, 100.0, 200.0, 300.0, -150.0, -50.0, 50.0, 150.0]
    );
}
