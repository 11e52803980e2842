//! Engine tests: strata, determinism, key independence.

use super::*;
use crate::distributions::DistSpec;

fn uniform() -> Dist {
    DistSpec::Uniform {
        low: 0.0,
        high: 1.0,
    }
    .build()
    .unwrap()
}

#[test]
fn lhs_puts_exactly_one_draw_in_each_stratum() {
    let n = 10_007;
    let col = sample_column(&uniform(), "x", n, 3, Method::Lhs, &Control::new()).unwrap();
    let mut seen = vec![0u32; n];
    for v in &col {
        seen[(v * n as f64).floor() as usize] += 1;
    }
    assert!(seen.iter().all(|&c| c == 1));
}

#[test]
fn columns_depend_only_on_their_own_key() {
    let a = vec![InputSpec::new("a", uniform())];
    let ab = vec![
        InputSpec::new("b", uniform()),
        InputSpec::new("a", uniform()),
    ];
    let c = Control::new();
    let one = sample_inputs(&a, None, 9000, 1, Method::Random, &c).unwrap();
    let two = sample_inputs(&ab, None, 9000, 1, Method::Random, &c).unwrap();
    assert_eq!(one[0], two[1]);
    assert_ne!(two[0], two[1]);
}

#[test]
fn same_result_on_one_thread_and_many() {
    let inputs = vec![
        InputSpec::new("a", uniform()),
        InputSpec::new(
            "b",
            DistSpec::Gamma {
                shape: 2.0,
                scale: 1.0,
            }
            .build()
            .unwrap(),
        ),
    ];
    let run = |threads: usize, method: Method| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| sample_inputs(&inputs, None, 20_000, 9, method, &Control::new()).unwrap())
    };
    for method in [Method::Random, Method::Lhs] {
        assert_eq!(run(1, method), run(4, method));
    }
}

#[test]
fn cancelled_control_stops_the_run() {
    let c = Control::new();
    c.cancel();
    let r = sample_column(&uniform(), "x", 100_000, 0, Method::Random, &c);
    assert_eq!(r, Err(SampleError::Cancelled(Cancelled)));
}

/// `run` on a rayon pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, run: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(run)
}

#[test]
fn fast_lhs_columns_are_exact_quantiles_on_any_thread_count() {
    let trials = 60_000;
    // The uniform column with the same key holds each trial's stratified level itself.
    let levels = sample_column(&uniform(), "x", trials, 5, Method::Lhs, &Control::new()).unwrap();
    for spec in crate::distributions::fast_ppf_test_specs() {
        let dist = spec.build().unwrap();
        assert!(dist.fast_ppf(trials).is_tabled(), "{spec:?}");
        let column = |threads| {
            on_threads(threads, || {
                sample_column(&dist, "x", trials, 5, Method::Lhs, &Control::new()).unwrap()
            })
        };
        let one = column(1);
        assert_eq!(one, column(2), "{spec:?}");
        let (low, high) = dist.support();
        let width = if high.is_finite() { high - low } else { 0.0 };
        for (got, q) in one.iter().zip(&levels) {
            let want = dist.ppf(*q).unwrap();
            assert!(
                (got - want).abs() <= 1e-9 * want.abs() + 1e-12 * width,
                "{spec:?} at q = {q:e}: {got:e} vs exact {want:e}"
            );
        }
    }
}

#[test]
fn fast_lhs_poisson_columns_equal_the_exact_quantiles() {
    let trials = 40_000;
    let levels = sample_column(&uniform(), "n", trials, 8, Method::Lhs, &Control::new()).unwrap();
    let dist = DistSpec::Poisson { mean: 3.7 }.build().unwrap();
    assert!(dist.fast_ppf(trials).is_tabled());
    let column = sample_column(&dist, "n", trials, 8, Method::Lhs, &Control::new()).unwrap();
    let exact: Vec<f64> = levels.iter().map(|q| dist.ppf(*q).unwrap()).collect();
    assert_eq!(column, exact);
}

#[test]
fn samples_too_large_to_hold_are_refused_before_allocating() {
    let c = Control::new();
    for method in [Method::Random, Method::Lhs] {
        match sample_column(&uniform(), "x", usize::MAX / 2, 0, method, &c) {
            Err(SampleError::TooLarge(e)) => {
                assert_eq!((e.name.as_str(), e.most), ("trials", 1 << 30))
            }
            other => panic!("expected TooLarge, got {:?}", other.map(|v| v.len())),
        }
    }
    let two = vec![
        InputSpec::new("a", uniform()),
        InputSpec::new("b", uniform()),
    ];
    match sample_inputs(&two, None, (1 << 29) + 1, 0, Method::Random, &c) {
        Err(SampleError::TooLarge(e)) => assert_eq!(e.most, 1 << 29),
        other => panic!("expected TooLarge, got {:?}", other.map(|v| v.len())),
    }
    // Strata are numbered in u32: more than 2^32 - 1 cannot be permuted.
    match streams::permutation(u32::MAX as usize + 1, 0, &c) {
        Err(SampleError::TooLarge(e)) => {
            assert_eq!((e.name.as_str(), e.most), ("trials", u64::from(u32::MAX)))
        }
        other => panic!("expected TooLarge, got {:?}", other.map(|v| v.len())),
    }
}

/// Spearman-free check of independence: the Pearson correlation of two equal-length
/// columns of strata (ranks 0..n), which is their rank correlation.
fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    sxy / (sxx * syy).sqrt()
}

#[test]
fn lhs_strata_and_positions_are_independent_across_inputs_and_seeds() {
    // Each input's strata are shuffled by its own stream, so the stratum of input a says
    // nothing about the stratum of input b in the same trial (rank correlation ≈ 0, to
    // 4/√n), and the position within a stratum is a fresh uniform (mean 1/2, variance
    // 1/12), different for each seed.
    let n = 20_000;
    let inputs = vec![
        InputSpec::new("a", uniform()),
        InputSpec::new("b", uniform()),
    ];
    let c = Control::new();
    let cols = sample_inputs(&inputs, None, n, 4, Method::Lhs, &c).unwrap();
    let strata = |col: &[f64]| -> Vec<f64> { col.iter().map(|v| (v * n as f64).floor()).collect() };
    let (sa, sb) = (strata(&cols[0]), strata(&cols[1]));
    let bound = 4.0 / (n as f64).sqrt();
    assert!(correlation(&sa, &sb).abs() < bound);
    assert_ne!(sa, sb);
    let other_seed = sample_inputs(&inputs, None, n, 5, Method::Lhs, &c).unwrap();
    let by_stratum = |col: &[f64]| -> Vec<f64> {
        let mut pos = vec![0.0; n];
        for v in col {
            let s = v * n as f64;
            pos[s.floor() as usize] = s - s.floor();
        }
        pos
    };
    for (now, other) in cols.iter().zip(&other_seed) {
        let (p, q) = (by_stratum(now), by_stratum(other));
        let mean = p.iter().sum::<f64>() / n as f64;
        let var = p.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(
            (mean - 0.5).abs() < 4.0 * (1.0 / 12.0 / n as f64).sqrt(),
            "{mean}"
        );
        assert!(
            (var - 1.0 / 12.0).abs() < 4.0 * (1.0 / 180.0 / n as f64).sqrt(),
            "{var}"
        );
        assert!(correlation(&p, &q).abs() < bound);
    }
    let (pa, pb) = (by_stratum(&cols[0]), by_stratum(&cols[1]));
    assert!(correlation(&pa, &pb).abs() < bound);
}

/// A design that fills every column with its key's length, and refuses fixed inputs: the
/// shared caller must answer those without asking the design.
struct KeyLength;

impl Design for KeyLength {
    fn name(&self) -> &'static str {
        "key_length"
    }

    fn fill_column(
        &self,
        dist: &Dist,
        key: &str,
        _seed: u64,
        out: &mut [f64],
        control: &Control,
    ) -> Result<(), SampleError> {
        assert!(
            !dist.is_fixed(),
            "a design was asked for the fixed input {key:?}"
        );
        out.fill(key.len() as f64);
        control.advance(out.len() as u64);
        Ok(())
    }
}

#[test]
fn a_design_draws_every_uncertain_input_and_never_a_fixed_one() {
    let fixed = DistSpec::Fixed { value: 2.5 }.build().unwrap();
    let inputs = vec![
        InputSpec::new("abc", uniform()),
        InputSpec::new("fixed", fixed),
        InputSpec::new("de", uniform()),
    ];
    let c = Control::new();
    let dims = Dimensions::of_inputs(&inputs);
    let cols = KeyLength
        .input_columns(&inputs, &dims, None, 10, 0, &c)
        .unwrap();
    assert_eq!(cols, vec![vec![3.0; 10], vec![2.5; 10], vec![2.0; 10]]);
    assert_eq!(c.progress().0, 30);
}

#[test]
fn every_registered_design_is_named_once_and_parses_back() {
    let names: Vec<&str> = designs().iter().map(Method::as_str).collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    for method in designs() {
        assert_eq!(method.as_str().parse::<Method>(), Ok(*method));
        assert_eq!(method.to_string(), method.design().name());
    }
    assert_eq!(Method::default(), designs()[0]);
    assert_eq!(Method::default(), Method::Random);
    assert!(names.contains(&"random") && names.contains(&"lhs"));
    let err = "halton".parse::<Method>().unwrap_err();
    for name in &names {
        assert!(err.contains(&format!("{name:?}")), "{err}");
    }
}

#[test]
fn default_input_columns_correlate_by_iman_conover_and_keep_each_columns_values() {
    let inputs = vec![
        InputSpec::new("a", uniform()),
        InputSpec::new("b", uniform()),
        InputSpec::new("c", uniform()),
    ];
    let targets = RankTargets::new(vec![0, 2], vec![1.0, 0.7, 0.7, 1.0]).unwrap();
    let c = Control::new();
    for method in [Method::Random, Method::Lhs] {
        let plain = sample_inputs(&inputs, None, 5000, 3, method, &c).unwrap();
        let joint = sample_inputs(&inputs, Some(&targets), 5000, 3, method, &c).unwrap();
        assert_eq!(plain[1], joint[1], "an input not named is untouched");
        for col in [0, 2] {
            let (mut x, mut y) = (plain[col].clone(), joint[col].clone());
            x.sort_by(f64::total_cmp);
            y.sort_by(f64::total_cmp);
            assert_eq!(x, y, "column {col} keeps its values under {method}");
        }
        let rho = crate::stats::spearman(&joint[0], &joint[2]).unwrap();
        assert!((rho - 0.7).abs() < 0.02, "{method}: {rho}");
        let rho_plain = crate::stats::spearman(&plain[0], &plain[2]).unwrap();
        assert!(rho_plain.abs() < 0.05, "{method}: {rho_plain}");
    }
    // Two trials for two correlated columns: too short to correct by the scores' own
    // correlation, still rearranged (each column keeps its two values).
    let plain = sample_inputs(&inputs, None, 2, 3, Method::Random, &c).unwrap();
    let short = sample_inputs(&inputs, Some(&targets), 2, 3, Method::Random, &c).unwrap();
    for col in 0..3 {
        let (mut x, mut y) = (plain[col].clone(), short[col].clone());
        x.sort_by(f64::total_cmp);
        y.sort_by(f64::total_cmp);
        assert_eq!(x, y, "column {col} keeps its values in a short run");
    }
}
