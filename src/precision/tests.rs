//! Precision control: batch sizes, the stopping rule, pooling and determinism. The
//! intervals' coverage is tested through the Python API (tests/test_precision.py).

use std::sync::Arc;

use super::*;
use crate::model::test_columns::total_column_bits;
use crate::model::{simulate, Plan};
use crate::sampling::{designs, Control, Method};
use crate::scenario::Scenario;
use crate::stats::intervals::{mean_interval, mean_sd};
use crate::stats::{quantile_sorted, sorted};

/// Savings = rate × hours + cost of one yearly activity (no events, no discount, ample
/// capacity): mean 100 · 3 + exp(6 + 0.5²/2).
const CLOSED_FORM: &str = r#"
[settings]
horizon_years = 1
[staffing.sre]
rate = { dist = "uniform", low = 80, high = 120 }
headcount = 1000
hours_per_year = 1600
[[strategies.base.activities]]
name = "work"
driver = "yearly"
hours = { dist = "triangular", low = 1, mode = 2, high = 6 }
cost = { dist = "lognormal", mu = 6, sigma = 0.5 }
role = "sre"
[strategies.alt]
[comparison]
baseline = "base"
alternative = "alt"
"#;

fn plan(toml: &str) -> Arc<Plan> {
    Arc::new(Plan::new(&Scenario::from_toml(toml).unwrap()).unwrap())
}

fn run(method: Method, precision: &Precision, seed: u64) -> PrecisionRun {
    simulate_to_precision(&plan(CLOSED_FORM), seed, method, precision, &Control::new()).unwrap()
}

#[test]
fn batch_sizes_double_and_respect_the_budget() {
    assert_eq!(
        batch_sizes(Method::Random, 20_000),
        vec![4096, 8192, 16384, 20_000]
    );
    assert_eq!(batch_sizes(Method::Random, 8192), vec![4096, 8192]);
    assert_eq!(batch_sizes(Method::Lhs, 20_000), vec![256, 512, 1024]);
    assert_eq!(batch_sizes(Method::Lhs, 4096), vec![256]);
    // A design that extends steps through 2^m, 1.25, 1.5 and 1.75 · 2^m.
    assert_eq!(
        batch_sizes(Method::Sobol, 16 * 3072),
        vec![256, 320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072]
    );
    assert_eq!(
        batch_sizes(Method::Sobol, 16 * 3071),
        &[256, 320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560]
    );
    // Every step is whole blocks of a quarter of its power of two, and a multiple of 64.
    for n in batch_sizes(Method::Sobol, 16 << 20) {
        let power = 1usize << n.ilog2();
        assert_eq!(n % (power / 4), 0, "{n}");
        assert_eq!(n % 64, 0, "{n}");
    }
    assert_eq!(batch_sizes(Method::Sobol, 4096), vec![256]);
}

#[test]
fn statistics_parse_and_name_themselves() {
    assert_eq!(Statistic::parse("mean"), Ok(Statistic::Mean));
    assert_eq!(Statistic::parse("p5"), Ok(Statistic::Percentile(5.0)));
    assert_eq!(Statistic::parse("p97.5"), Ok(Statistic::Percentile(97.5)));
    assert_eq!(Statistic::Percentile(97.5).name(), "p97.5");
    for bad in ["p0", "p100", "p", "sd", "p-5", "p5x", "P5"] {
        assert!(Statistic::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn bad_precision_fields_are_errors_naming_the_field() {
    let p = plan(CLOSED_FORM);
    let field = |pr: &Precision| match pr.check(&p) {
        Err(RunError::Argument { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let base = Precision::new(0.01);
    assert!(base.check(&p).is_ok());
    for relative in [0.0, -0.1, 1.0, f64::NAN] {
        assert_eq!(
            field(&Precision {
                relative,
                ..base.clone()
            }),
            "precision"
        );
    }
    for confidence in [1.0, 1.0 - f64::EPSILON / 2.0, 0.0, f64::NAN] {
        assert_eq!(
            field(&Precision {
                confidence,
                ..base.clone()
            }),
            "precision.confidence",
            "{confidence}"
        );
    }
    // The largest confidence whose interval is finite is accepted.
    assert!(Precision {
        confidence: 1.0 - f64::EPSILON,
        ..base.clone()
    }
    .check(&p)
    .is_ok());
    assert_eq!(
        field(&Precision {
            outputs: vec!["nope".into()],
            ..base.clone()
        }),
        "precision.outputs"
    );
    assert_eq!(
        field(&Precision {
            outputs: vec!["savings".into(), "savings".into()],
            ..base.clone()
        }),
        "precision.outputs"
    );
    assert_eq!(
        field(&Precision {
            statistics: vec![
                Statistic::Percentile(5.0),
                Statistic::Mean,
                Statistic::Percentile(5.0)
            ],
            ..base.clone()
        }),
        "precision.statistics"
    );
    assert_eq!(
        field(&Precision {
            max_trials: 4095,
            ..base.clone()
        }),
        "precision.max_trials"
    );
}

#[test]
fn random_grows_one_run_and_stops_at_the_first_precise_batch() {
    let precision = Precision {
        statistics: vec![Statistic::Mean],
        ..Precision::new(0.004)
    };
    let r = run(Method::Random, &precision, 3);
    let c = &r.convergence;
    assert!(c.reached);
    let trials: Vec<usize> = c.rows.iter().map(|row| row.trials).collect();
    // One row per batch, doubling; every batch before the last missed the target.
    assert!(trials.len() >= 2, "{trials:?}");
    for (k, row) in c.rows.iter().enumerate() {
        assert_eq!(row.trials, 4096 << k);
        assert_eq!(row.met(), k + 1 == c.rows.len(), "batch {k}: {row:?}");
        // The rule, from the interval's ends: the mean is far from zero here.
        let half = (row.interval.high - row.interval.estimate)
            .max(row.interval.estimate - row.interval.low);
        let precise = half <= 0.004 * row.interval.estimate.abs();
        assert_eq!(precise, k + 1 == c.rows.len(), "batch {k}: {row:?}");
    }
    // The result is the plain run of that many trials.
    let n = *trials.last().unwrap();
    let plain = simulate(&plan(CLOSED_FORM), n, 3, Method::Random, &Control::new()).unwrap();
    assert_eq!(r.result.trials, n);
    assert_eq!(r.result.savings, plain.savings);
    // And the interval is the t interval of its savings.
    let iv = mean_interval(&plain.savings, 0.95);
    assert_eq!(c.rows.last().unwrap().interval, iv);
}

#[test]
fn replicated_methods_pool_their_replicates() {
    // 16 × 768: lhs ends at 512 trials a replicate, sobol at 768 (1.5 · 2^9, continued
    // from 640).
    for &method in designs().iter().filter(|m| replicated(**m)) {
        let precision = Precision {
            statistics: vec![Statistic::Mean, Statistic::Percentile(50.0)],
            max_trials: 16 * 768,
            ..Precision::new(1e-9)
        };
        let n = *batch_sizes(method, precision.max_trials).last().unwrap();
        assert_eq!(n, if method == Method::Sobol { 768 } else { 512 });
        let r = run(method, &precision, 11);
        let c = &r.convergence;
        assert!(!c.reached, "{method}");
        assert_eq!(c.replicates, REPLICATES);
        assert_eq!(r.result.trials, 16 * n);
        // The pooled savings are the replicates' own, in order, and each row's estimate
        // is the mean of the replicates' statistics.
        let p = plan(CLOSED_FORM);
        let mut means = Vec::new();
        let mut medians = Vec::new();
        for k in 0..REPLICATES {
            let part = simulate(&p, n, replicate_seed(11, k), method, &Control::new()).unwrap();
            assert_eq!(
                &r.result.savings[k * n..(k + 1) * n],
                &part.savings[..],
                "{method} replicate {k}"
            );
            means.push(mean_sd(&part.savings).0);
            medians.push(quantile_sorted(&sorted(&part.savings), 0.5));
        }
        let last = c.last();
        assert_eq!(last[0].interval, replicate_interval(&means, 0.95));
        assert_eq!(last[1].interval, replicate_interval(&medians, 0.95));
        // The detail of the pooled result reruns every replicate with its own seed.
        let detail = r.result.detail();
        let work = &detail[r.result.baseline].activities[0].cost[0];
        for (w, (s, _)) in work.iter().zip(r.result.savings.iter().zip(0..)) {
            assert!((w - s).abs() <= 1e-9 * s.abs(), "{method}: {w} vs {s}");
        }
    }
}

#[test]
fn a_statistic_near_zero_is_measured_against_the_sd() {
    // Savings centred on 0 (uniform rate difference): the mean is near 0, so its
    // precision is relative to the sd; the p95 is far from 0 and relative to itself.
    let toml = CLOSED_FORM.replace(
        "[strategies.alt]",
        "[[strategies.alt.activities]]\nname = \"other\"\ndriver = \"yearly\"\n\
         cost = { dist = \"lognormal\", mu = 6, sigma = 0.5 }",
    );
    let toml = toml.replace(
        "hours = { dist = \"triangular\", low = 1, mode = 2, high = 6 }",
        "hours = 0",
    );
    let p = plan(&toml);
    let precision = Precision {
        statistics: vec![Statistic::Mean, Statistic::Percentile(95.0)],
        ..Precision::new(0.05)
    };
    let r = simulate_to_precision(&p, 5, Method::Random, &precision, &Control::new()).unwrap();
    let last = r.convergence.last();
    let (_, sd) = mean_sd(&r.result.savings);
    assert!(last[0].interval.estimate.abs() < NEAR_ZERO * sd);
    assert_eq!(last[0].scale, sd);
    assert_eq!(last[1].scale, last[1].interval.estimate.abs());
    assert!(r.convergence.reached);
}

#[test]
fn threads_change_nothing() {
    for &method in designs() {
        let precision = Precision::new(0.02);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| run(method, &precision, 8));
        let three = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap()
            .install(|| run(method, &precision, 8));
        assert_eq!(one.convergence, three.convergence, "{method}");
        assert_eq!(one.result.savings, three.result.savings, "{method}");
    }
}

#[test]
fn a_cancelled_run_stops() {
    let control = Control::new();
    control.cancel();
    let out = simulate_to_precision(
        &plan(CLOSED_FORM),
        0,
        Method::Random,
        &Precision::new(0.001),
        &control,
    );
    assert!(matches!(out, Err(RunError::Cancelled(_))));
}

#[test]
fn random_batches_are_the_plain_runs_with_and_without_correlations() {
    // Without correlations the run continues from its last batch (here through a last
    // batch of 10,000 trials, not a whole number of chunks); with them each batch is a
    // fresh run. Either way the result is the plain run of as many trials.
    let correlated = CLOSED_FORM.replace(
        "hours = { dist = \"triangular\", low = 1, mode = 2, high = 6 }",
        "hours = \"work_hours\"",
    )
        + "[parameters]\nwork_hours = { dist = \"triangular\", low = 1, mode = 2, high = 6 }\n\
         [[correlations]]\nbetween = [\"staffing.sre.rate\", \"work_hours\"]\nrank = 0.7\n";
    let precision = Precision {
        statistics: vec![Statistic::Mean],
        max_trials: 10_000,
        ..Precision::new(1e-6)
    };
    for (toml, has_targets) in [(CLOSED_FORM.to_string(), false), (correlated, true)] {
        let p = plan(&toml);
        assert_eq!(p.rank_targets.is_some(), has_targets);
        let r = simulate_to_precision(&p, 8, Method::Random, &precision, &Control::new()).unwrap();
        let trials: Vec<usize> = r.convergence.rows.iter().map(|row| row.trials).collect();
        assert_eq!(trials, vec![4096, 8192, 10_000]);
        let plain = simulate(&p, 10_000, 8, Method::Random, &Control::new()).unwrap();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            bits(&r.result.savings),
            bits(&plain.savings),
            "targets {has_targets}"
        );
        for ((_, got), (_, want)) in r.result.inputs.iter().zip(&plain.inputs) {
            assert_eq!(bits(got), bits(want), "targets {has_targets}");
        }
        assert_eq!(r.result.origin, vec![(8, 10_000)]);
    }
}

#[test]
fn the_pooled_result_is_each_run_made_whole_every_column_bit_for_bit() {
    // A preset with events and correlations; a precision no batch meets, so every run is
    // the pieces of every batch (sobol: 256, 320, 384, 448, 512, 640, 768 a replicate,
    // continued; random without correlations: 4096, 8192, 16384, continued; lhs: drawn
    // afresh).
    let mut scenario = crate::presets::load("customer_repave").unwrap();
    for (method, max_trials, correlated) in [
        (Method::Sobol, 16 * 768, true),
        (Method::Random, 16_384, false),
        (Method::Lhs, 16 * 512, true),
    ] {
        if !correlated {
            scenario.correlations.clear();
        }
        let p = Arc::new(Plan::new(&scenario).unwrap());
        let precision = Precision {
            max_trials,
            ..Precision::new(1e-9)
        };
        let r = simulate_to_precision(&p, 5, method, &precision, &Control::new()).unwrap();
        let runs = if replicated(method) { REPLICATES } else { 1 };
        let n = r.result.trials / runs;
        let mut origin = Vec::new();
        for k in 0..runs {
            let seed = if runs == 1 { 5 } else { replicate_seed(5, k) };
            let whole = simulate(&p, n, seed, method, &Control::new()).unwrap();
            let want = total_column_bits(&whole, 0..n);
            let got = total_column_bits(&r.result, k * n..(k + 1) * n);
            assert_eq!(want.len(), got.len(), "{method}");
            for ((column, w), (_, g)) in want.iter().zip(&got) {
                assert!(w == g, "{method} run {k}: column {column} differs");
            }
            origin.push((seed, n));
        }
        assert_eq!(r.result.origin, origin, "{method}");
        // The result's seed is the one asked for, not its first replicate's.
        assert_eq!(r.result.seed, 5, "{method}");
    }
}
