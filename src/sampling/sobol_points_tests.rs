use super::*;
use crate::sampling::{chunk_rng, stream_seed, unit_open};

/// The Kolmogorov–Smirnov statistic of `values` against the uniform CDF on (0, 1).
fn ks_uniform(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len() as f64;
    v.iter()
        .enumerate()
        .map(|(i, &x)| ((i as f64 + 1.0) / n - x).max(x - i as f64 / n))
        .fold(0.0, f64::max)
}

/// The asymptotic KS critical value at level 0.001: `1.949 / sqrt(n)`
/// (Kolmogorov's limit distribution; `scipy.special.kolmogi(0.001) = 1.9495`).
fn ks_critical(n: usize) -> f64 {
    1.9495 / (n as f64).sqrt()
}

fn column(table: &DirectionNumbers, dim: usize, seed: u64, n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n];
    table
        .column(dim)
        .unwrap()
        .scrambled(seed)
        .fill(0, &mut out)
        .unwrap();
    out
}

#[test]
fn first_points_are_the_published_sequence() {
    // Joe & Kuo's first points (the van der Corput sequence in dimension 0, Gray-code
    // order), as printed by their sobol.cc and scipy.stats.qmc.Sobol(scramble=False).
    let table = DirectionNumbers::new(6).unwrap();
    let eighths: [[u32; 8]; 6] = [
        [0, 4, 6, 2, 3, 7, 5, 1],
        [0, 4, 2, 6, 3, 7, 1, 5],
        [0, 4, 2, 6, 5, 1, 7, 3],
        [0, 4, 2, 6, 7, 3, 5, 1],
        [0, 4, 6, 2, 3, 7, 5, 1],
        [0, 4, 6, 2, 1, 5, 7, 3],
    ];
    for (dim, expected) in eighths.iter().enumerate() {
        let col = table.column(dim).unwrap();
        let got: Vec<u32> = (0..8).map(|i| col.unscrambled(i) >> 29).collect();
        assert_eq!(&got[..], expected, "dimension {dim}");
    }
}

#[test]
fn full_32_bit_points_match_scipy_in_far_dimensions() {
    // scipy.stats.qmc.Sobol(d=21201, scramble=False, bits=32), points fast-forwarded to each
    // index, times 2**32: an independent implementation of the same Joe & Kuo table.
    let indices = [1u32, 2, 3, 7, 100, 1023, 4097, 123457];
    let expected: [(usize, [u32; 8]); 8] = [
        (
            0,
            [
                2147483648, 3221225472, 1073741824, 536870912, 1778384896, 4194304, 2149056512,
                2261286912,
            ],
        ),
        (
            1,
            [
                2147483648, 1073741824, 3221225472, 2684354560, 1107296256, 3233808384, 4168613888,
                2932375552,
            ],
        ),
        (
            2,
            [
                2147483648, 1073741824, 3221225472, 1610612736, 3321888768, 2629828608, 1442316288,
                3467149312,
            ],
        ),
        (
            5,
            [
                2147483648, 3221225472, 1073741824, 1610612736, 3187671040, 1883242496, 184025088,
                3020455936,
            ],
        ),
        (
            99,
            [
                2147483648, 3221225472, 1073741824, 2684354560, 3791650816, 2277507072, 3171418112,
                1828683776,
            ],
        ),
        (
            999,
            [
                2147483648, 3221225472, 1073741824, 1610612736, 3925868544, 3678404608, 20447232,
                1978368000,
            ],
        ),
        (
            1000,
            [
                2147483648, 1073741824, 3221225472, 536870912, 2449473536, 683671552, 4028104704,
                921337856,
            ],
        ),
        (
            21200,
            [
                2147483648, 3221225472, 1073741824, 3758096384, 2449473536, 1027604480, 2214068224,
                2046656512,
            ],
        ),
    ];
    let table = DirectionNumbers::new(MAX_SOBOL_DIMS).unwrap();
    for (dim, values) in expected {
        let col = table.column(dim).unwrap();
        for (i, v) in indices.iter().zip(values) {
            assert_eq!(col.unscrambled(*i), v, "dimension {dim}, point {i}");
        }
    }
}

#[test]
fn too_many_dimensions_and_points_are_refused() {
    assert_eq!(
        DirectionNumbers::new(MAX_SOBOL_DIMS + 1).unwrap_err(),
        SobolError::TooManyDims {
            asked: 21_202,
            max: 21_201
        }
    );
    let table = DirectionNumbers::new(3).unwrap();
    assert_eq!(
        table.column(3).unwrap_err(),
        SobolError::NoSuchDim { dim: 3, dims: 3 }
    );
    let col = table.column(2).unwrap().scrambled(1);
    let mut two = [0.0; 2];
    assert_eq!(
        col.fill(u32::MAX, &mut two).unwrap_err(),
        SobolError::TooManyPoints {
            end: (1u64 << 32) + 1
        }
    );
    // The last point of the sequence is reachable.
    col.fill(u32::MAX - 1, &mut two).unwrap();
    assert_eq!(two[1], col.point(u32::MAX));
}

#[test]
fn each_coordinate_holds_one_point_per_stratum_at_powers_of_two() {
    let table = DirectionNumbers::new(40).unwrap();
    for m in [1u32, 4, 10, 16] {
        let n = 1usize << m;
        for dim in [0usize, 1, 7, 39] {
            for seed in [0u64, 7, 123_456_789] {
                let mut seen = vec![false; n];
                for u in column(&table, dim, seed, n) {
                    let stratum = (u * n as f64) as usize;
                    assert!(
                        !seen[stratum],
                        "m {m}, dim {dim}, seed {seed}: stratum {stratum} twice"
                    );
                    seen[stratum] = true;
                }
            }
        }
    }
}

#[test]
fn values_lie_in_the_open_unit_interval() {
    assert_eq!(open_unit(0), 0.5 / (1u64 << 53) as f64);
    let top = open_unit((1u64 << 53) - 1);
    assert!(top < 1.0 && top > 1.0 - 2.0 * f64::EPSILON);
    // The leading bits survive the mapping at a stratum boundary.
    let b = (1u64 << 53) - (1 << 21) - 1;
    assert_eq!((open_unit(b) * (1u64 << 32) as f64) as u64, b >> 21);
}

#[test]
fn scrambled_marginals_pass_ks() {
    let table = DirectionNumbers::new(10).unwrap();
    // Within one scramble, over a prefix that is not a power of two.
    for (dim, seed) in [(0usize, 1u64), (3, 2), (9, 3)] {
        let values = column(&table, dim, seed, 3000);
        let d = ks_uniform(&values);
        assert!(d < ks_critical(values.len()), "dim {dim}: D = {d}");
    }
    // One point across 2000 scrambles: each point alone is uniform over the seeds.
    for (dim, index) in [(0usize, 0u32), (4, 5), (9, 1000)] {
        let col = table.column(dim).unwrap();
        let values: Vec<f64> = (0..2000).map(|s| col.scrambled(s).point(index)).collect();
        let d = ks_uniform(&values);
        assert!(
            d < ks_critical(values.len()),
            "dim {dim}, point {index}: D = {d}"
        );
    }
}

#[test]
fn a_block_split_anywhere_gives_the_same_values() {
    let table = DirectionNumbers::new(5).unwrap();
    let col = table.column(4).unwrap().scrambled(99);
    let start = 1000u32;
    let mut whole = vec![0.0; 5000];
    col.fill(start, &mut whole).unwrap();
    for split in [1usize, 17, 2048, 4999] {
        let mut parts = vec![0.0; 5000];
        let (a, b) = parts.split_at_mut(split);
        col.fill(start, a).unwrap();
        col.fill(start + split as u32, b).unwrap();
        assert_eq!(
            whole.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            parts.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            "split at {split}"
        );
    }
    for (i, v) in whole.iter().enumerate() {
        assert_eq!(v.to_bits(), col.point(start + i as u32).to_bits());
    }
}

#[test]
fn seeds_and_dimensions_choose_different_scrambles() {
    let table = DirectionNumbers::new(2).unwrap();
    let a = table.column(0).unwrap();
    let b = table.column(1).unwrap();
    assert_ne!(a.scrambled(1).point(3), a.scrambled(2).point(3));
    assert_ne!(a.scrambled(1).point(0), b.scrambled(1).point(0));
    assert_eq!(a.scrambled(1).point(3), a.scrambled(1).point(3));
}

/// The integrand `prod_j (u_j + 1/2)` over 5 dimensions: mean exactly 1.
fn product_integrand(u: &[f64]) -> f64 {
    u.iter().map(|x| x + 0.5).product()
}

#[test]
fn scrambled_sobol_beats_plain_random_on_a_smooth_mean() {
    const DIMS: usize = 5;
    const N: usize = 1 << 14;
    const SEEDS: u64 = 16;
    let table = DirectionNumbers::new(DIMS).unwrap();
    let mut sq_sobol = 0.0;
    let mut sq_random = 0.0;
    for seed in 0..SEEDS {
        let cols: Vec<Vec<f64>> = (0..DIMS).map(|d| column(&table, d, seed, N)).collect();
        let mut rng = chunk_rng(stream_seed(seed, "rmse-check", 0), 0);
        let (mut sum_sobol, mut sum_random) = (0.0, 0.0);
        for i in 0..N {
            let point: Vec<f64> = cols.iter().map(|c| c[i]).collect();
            sum_sobol += product_integrand(&point);
            let draw: Vec<f64> = (0..DIMS).map(|_| unit_open(&mut rng)).collect();
            sum_random += product_integrand(&draw);
        }
        sq_sobol += (sum_sobol / N as f64 - 1.0).powi(2);
        sq_random += (sum_random / N as f64 - 1.0).powi(2);
    }
    let rmse_sobol = (sq_sobol / SEEDS as f64).sqrt();
    let rmse_random = (sq_random / SEEDS as f64).sqrt();
    // Plain Monte Carlo's RMSE is sd / sqrt(N): sd^2 = (13/12)^5 - 1, so about 0.0049.
    let expected_random = (((13.0f64 / 12.0).powi(5) - 1.0) / N as f64).sqrt();
    assert!(
        (rmse_random / expected_random - 1.0).abs() < 0.5,
        "random RMSE {rmse_random} vs sd/sqrt(N) {expected_random}"
    );
    eprintln!(
        "RMSE at 2^14 over 16 seeds: sobol {rmse_sobol:.3e}, random {rmse_random:.3e}, ratio {:.4}",
        rmse_sobol / rmse_random
    );
    assert!(rmse_sobol <= rmse_random / 5.0);
}

#[test]
fn the_shorter_tables_are_prefixes_of_the_full_one() {
    let full = JoeKuoD6::extended();
    for short in [JoeKuoD6::minimal(), JoeKuoD6::standard()] {
        assert!(short.dim_params.len() < full.dim_params.len());
        for (a, b) in short.dim_params.iter().zip(&full.dim_params) {
            assert_eq!((a.d, a.a, &a.m), (b.d, b.a, &b.m));
        }
    }
    for dims in [
        1,
        2,
        MINIMAL_TABLE_DIMS,
        MINIMAL_TABLE_DIMS + 1,
        STANDARD_TABLE_DIMS,
        STANDARD_TABLE_DIMS + 1,
        MAX_SOBOL_DIMS,
    ] {
        assert!(joe_kuo(dims).max_dims >= dims, "{dims} dimensions");
    }
    let wide = DirectionNumbers::new(STANDARD_TABLE_DIMS + 1).unwrap();
    for dims in [
        MINIMAL_TABLE_DIMS,
        MINIMAL_TABLE_DIMS + 1,
        STANDARD_TABLE_DIMS,
    ] {
        let table = DirectionNumbers::new(dims).unwrap();
        assert_eq!(
            table.directions[..],
            wide.directions[..dims],
            "{dims} dimensions"
        );
    }
}
