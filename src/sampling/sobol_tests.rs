//! The `sobol` design: balance at powers of two, marginals, correlations, events, the
//! dimensions past the direction numbers, and independence from the thread count.

use super::*;
use crate::distributions::DistSpec;
use crate::sampling::rank_correlation::RankTargets;
use crate::sampling::{sample_inputs, sample_inputs_in, Method};
use crate::stats::spearman;
use statrs::distribution::{ContinuousCDF, LogNormal, Normal, Triangular, Uniform};

/// The CDF of a family instance by statrs (an implementation independent of the engine's
/// quantile functions).
type Cdf = Box<dyn Fn(f64) -> f64>;

fn uniform() -> Dist {
    DistSpec::Uniform {
        low: 0.0,
        high: 1.0,
    }
    .build()
    .unwrap()
}

fn uniforms(n: usize) -> Vec<InputSpec> {
    (0..n)
        .map(|i| InputSpec::new(format!("u{i}"), uniform()))
        .collect()
}

/// True when `values` holds exactly one value in each of the `values.len()` equal strata
/// of (0, 1).
fn one_per_stratum(values: &[f64]) -> bool {
    let n = values.len();
    let mut seen = vec![false; n];
    for &u in values {
        assert!(u > 0.0 && u < 1.0, "{u} outside (0, 1)");
        let s = (u * n as f64) as usize;
        if seen[s] {
            return false;
        }
        seen[s] = true;
    }
    true
}

/// The Kolmogorov–Smirnov statistic of `values` against the CDF `cdf`.
fn ks(values: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len() as f64;
    v.iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            ((i as f64 + 1.0) / n - f).max(f - i as f64 / n)
        })
        .fold(0.0, f64::max)
}

/// The asymptotic KS critical value at level 0.001 (`scipy.special.kolmogi(0.001)`).
fn ks_critical(n: usize) -> f64 {
    1.9495 / (n as f64).sqrt()
}

#[test]
fn every_input_column_holds_one_point_per_stratum_at_powers_of_two() {
    let inputs = uniforms(12);
    let c = Control::new();
    for m in [0, 1, 5, 12, 14] {
        let n = 1usize << m;
        for seed in [0, 1, 99] {
            let cols = sample_inputs(&inputs, None, n, seed, Method::Sobol, &c).unwrap();
            for (d, col) in cols.iter().enumerate() {
                assert!(one_per_stratum(col), "n {n}, seed {seed}, dimension {d}");
            }
        }
    }
    // Not so for other designs (the check can fail), nor off a power of two's prefix
    // balance: 3 of 4 strata of a 4-point net's first 3 points.
    let random = sample_inputs(&inputs, None, 1 << 12, 0, Method::Random, &c).unwrap();
    assert!(!one_per_stratum(&random[0]));
}

#[test]
fn every_event_coordinate_holds_one_point_per_stratum_at_powers_of_two() {
    let mut dims = Dimensions::new();
    dims.add_input("x");
    for year in [0, 1, 2, 3] {
        dims.add_event("outage", year);
    }
    dims.add_event("audit", 2);
    let n = 4 * CHUNK;
    for (key, years) in [("outage", vec![0, 1, 2, 3]), ("audit", vec![2])] {
        for year in years {
            let mut values = Vec::with_capacity(n);
            for chunk in 0..(n / CHUNK) as u64 {
                let Events::Points(mut points) = Sobol.events(&dims, 5, key, chunk) else {
                    panic!("sobol events are points");
                };
                values.extend((0..CHUNK).map(|t| points.at(year, t)));
            }
            assert!(one_per_stratum(&values), "{key} year {year}");
        }
    }
}

#[test]
fn event_dimensions_are_those_of_the_points_after_the_inputs() {
    // The event coordinates of (key, year) are the points' dimension that the map gives
    // it: the same numbers an input at that dimension gets.
    let mut dims = Dimensions::new();
    for i in 0..3 {
        dims.add_input(&format!("u{i}"));
    }
    dims.add_event("outage", 1);
    let mut as_input = Dimensions::new();
    for i in 0..4 {
        as_input.add_input(&format!("u{i}"));
    }
    let cols = sample_inputs_in(
        &uniforms(4),
        &as_input,
        None,
        CHUNK,
        8,
        Method::Sobol,
        &Control::new(),
    )
    .unwrap();
    let Events::Points(mut points) = Sobol.events(&dims, 8, "outage", 0) else {
        panic!("sobol events are points");
    };
    for (t, &u) in cols[3].iter().enumerate() {
        assert_eq!(points.at(1, t), u);
    }
}

#[test]
fn scrambled_marginals_pass_kolmogorov_smirnov_for_every_family_shape() {
    let cdfs: Vec<Cdf> = vec![
        Box::new(|x| Normal::new(3.0, 2.0).unwrap().cdf(x)),
        Box::new(|x| LogNormal::new(1.0, 0.7).unwrap().cdf(x)),
        Box::new(|x| Triangular::new(1.0, 6.0, 2.0).unwrap().cdf(x)),
        Box::new(|x| Uniform::new(-1.0, 4.0).unwrap().cdf(x)),
    ];
    let specs = [
        DistSpec::Normal {
            mean: 3.0,
            sd: 2.0,
            low: None,
            high: None,
        },
        DistSpec::Lognormal {
            mu: 1.0,
            sigma: 0.7,
        },
        DistSpec::Triangular {
            low: 1.0,
            mode: 2.0,
            high: 6.0,
        },
        DistSpec::Uniform {
            low: -1.0,
            high: 4.0,
        },
    ];
    let inputs: Vec<InputSpec> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| InputSpec::new(format!("x{i}"), s.build().unwrap()))
        .collect();
    let c = Control::new();
    for (n, seed) in [(1 << 13, 3u64), (10_000, 4), (777, 5)] {
        let cols = sample_inputs(&inputs, None, n, seed, Method::Sobol, &c).unwrap();
        for ((input, col), cdf) in inputs.iter().zip(&cols).zip(&cdfs) {
            let d = ks(col, cdf);
            assert!(d < ks_critical(n), "{} n {n}: KS {d}", input.key);
        }
    }
}

#[test]
fn over_seeds_every_point_is_uniform() {
    // The scramble is the randomization: over seeds, each point of the net is uniform on
    // (0, 1), so every seed's estimate is unbiased and seeds give independent estimates.
    let inputs = uniforms(3);
    let c = Control::new();
    let seeds = 600;
    let draws: Vec<Vec<Vec<f64>>> = (0..seeds)
        .map(|s| sample_inputs(&inputs, None, 64, s, Method::Sobol, &c).unwrap())
        .collect();
    for dim in 0..3 {
        for point in [0, 1, 37, 63] {
            let over_seeds: Vec<f64> = draws.iter().map(|d| d[dim][point]).collect();
            let d = ks(&over_seeds, |x| x);
            assert!(
                d < ks_critical(seeds as usize),
                "dim {dim} point {point}: KS {d}"
            );
        }
    }
    assert_ne!(draws[0][0], draws[1][0]);
}

#[test]
fn the_copula_gives_the_target_rank_correlations_and_keeps_the_marginals() {
    let inputs = vec![
        InputSpec::new(
            "a",
            DistSpec::Lognormal {
                mu: 0.0,
                sigma: 1.0,
            }
            .build()
            .unwrap(),
        ),
        InputSpec::new(
            "b",
            DistSpec::Normal {
                mean: 5.0,
                sd: 1.0,
                low: None,
                high: None,
            }
            .build()
            .unwrap(),
        ),
        InputSpec::new("free", uniform()),
        InputSpec::new(
            "c",
            DistSpec::Triangular {
                low: 0.0,
                mode: 1.0,
                high: 3.0,
            }
            .build()
            .unwrap(),
        ),
    ];
    // a–b 0.6, a–c −0.3, b–c 0.2 (columns 0, 1, 3).
    let m = vec![1.0, 0.6, -0.3, 0.6, 1.0, 0.2, -0.3, 0.2, 1.0];
    let targets = RankTargets::new(vec![0, 1, 3], m).unwrap();
    let n = 20_000;
    let c = Control::new();
    let plain = sample_inputs(&inputs, None, n, 11, Method::Sobol, &c).unwrap();
    let joint = sample_inputs(&inputs, Some(&targets), n, 11, Method::Sobol, &c).unwrap();
    for (i, j, want) in [(0, 1, 0.6), (0, 3, -0.3), (1, 3, 0.2)] {
        let got = spearman(&joint[i], &joint[j]).unwrap();
        assert!((got - want).abs() < 0.02, "({i}, {j}): {got} for {want}");
    }
    // The group's first column and the column not named keep their values.
    assert_eq!(joint[0], plain[0]);
    assert_eq!(joint[2], plain[2]);
    assert_ne!(joint[1], plain[1]);
    // Every column keeps its marginal.
    let cdfs: Vec<Cdf> = vec![
        Box::new(|x| LogNormal::new(0.0, 1.0).unwrap().cdf(x)),
        Box::new(|x| Normal::new(5.0, 1.0).unwrap().cdf(x)),
        Box::new(|x| x),
        Box::new(|x| Triangular::new(0.0, 3.0, 1.0).unwrap().cdf(x)),
    ];
    for ((input, col), cdf) in inputs.iter().zip(&joint).zip(&cdfs) {
        let d = ks(col, cdf);
        assert!(d < ks_critical(n), "{}: KS {d}", input.key);
    }
}

#[test]
fn dimensions_past_the_direction_numbers_draw_from_per_key_streams() {
    let mut dims = Dimensions::new();
    for i in 0..MAX_SOBOL_DIMS {
        dims.add_input(&format!("pad{i}"));
    }
    dims.add_input("late");
    dims.add_event("outage", 1);
    let inputs = vec![InputSpec::new("late", uniform())];
    let n = 1 << 12;
    let c = Control::new();
    let col = sample_inputs_in(&inputs, &dims, None, n, 3, Method::Sobol, &c).unwrap();
    // The documented stream: SplitMix64 of the key's stream seed at the trial's index.
    let stream = stream_seed(3, "late", SALT);
    for (i, &u) in col[0].iter().enumerate() {
        assert_eq!(u, Coordinate::Stream(stream).at(i as u64));
    }
    // Pseudo-random: uniform, but not one per stratum.
    assert!(ks(&col[0], |x| x) < ks_critical(n));
    assert!(!one_per_stratum(&col[0]));
    assert_eq!(Sobol.covered(&dims), MAX_SOBOL_DIMS);
    assert_eq!(dims.len() - Sobol.covered(&dims), 2);
    // The event dimension past the points too; and a different seed, another stream.
    let Events::Points(mut points) = Sobol.events(&dims, 3, "outage", 0) else {
        panic!("sobol events are points");
    };
    let events: Vec<f64> = (0..CHUNK).map(|t| points.at(1, t)).collect();
    assert!(ks(&events, |x| x) < ks_critical(CHUNK));
    assert!(!one_per_stratum(&events));
    let other = sample_inputs_in(&inputs, &dims, None, n, 4, Method::Sobol, &c).unwrap();
    assert_ne!(col, other);
}

#[test]
fn the_last_dimension_the_points_cover_is_still_a_point_set() {
    let mut dims = Dimensions::new();
    for i in 0..MAX_SOBOL_DIMS - 1 {
        dims.add_input(&format!("pad{i}"));
    }
    dims.add_input("last");
    let inputs = vec![InputSpec::new("last", uniform())];
    let col = sample_inputs_in(
        &inputs,
        &dims,
        None,
        1 << 10,
        3,
        Method::Sobol,
        &Control::new(),
    )
    .unwrap();
    assert!(one_per_stratum(&col[0]));
}

#[test]
fn a_bare_distribution_is_dimension_zero() {
    let inputs = uniforms(1);
    let c = Control::new();
    let cols = sample_inputs(&inputs, None, 1000, 6, Method::Sobol, &c).unwrap();
    let one =
        crate::sampling::sample_column(&inputs[0].dist, "u0", 1000, 6, Method::Sobol, &c).unwrap();
    assert_eq!(cols[0], one);
}

#[test]
fn columns_do_not_depend_on_the_thread_count() {
    let inputs = uniforms(5);
    let draw = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                sample_inputs(
                    &inputs,
                    None,
                    3 * CHUNK + 17,
                    9,
                    Method::Sobol,
                    &Control::new(),
                )
                .unwrap()
            })
    };
    assert_eq!(draw(1), draw(4));
}

#[test]
fn fixed_inputs_keep_their_value_and_progress_counts_every_value() {
    let inputs = vec![
        InputSpec::new("x", uniform()),
        InputSpec::new("k", DistSpec::Fixed { value: 2.5 }.build().unwrap()),
    ];
    let c = Control::new();
    let cols = sample_inputs(&inputs, None, 100, 0, Method::Sobol, &c).unwrap();
    assert_eq!(cols[1], vec![2.5; 100]);
    assert_eq!(c.progress().0, 200);
}

#[test]
fn a_cancelled_control_stops_the_draws() {
    let c = Control::new();
    c.cancel();
    let got = sample_inputs(&uniforms(2), None, 1000, 0, Method::Sobol, &c);
    assert!(matches!(got, Err(SampleError::Cancelled(_))));
}
