use super::*;
use crate::sampling::sobol_points::DirectionNumbers;
use crate::stats::spearman;

const ROWS: usize = 1 << 14;

fn sobol_columns(dims: usize, seed: u64, rows: usize) -> Vec<Vec<f64>> {
    let table = DirectionNumbers::new(dims).unwrap();
    (0..dims)
        .map(|d| {
            let mut v = vec![0.0; rows];
            table
                .column(d)
                .unwrap()
                .scrambled(seed)
                .fill(0, &mut v)
                .unwrap();
            v
        })
        .collect()
}

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

#[test]
fn achieved_spearman_is_within_0_02_and_marginals_stay_uniform() {
    let m = [[1.0, 0.6, -0.4], [0.6, 1.0, 0.1], [-0.4, 0.1, 1.0]];
    let mut cols = sobol_columns(4, 3, 20_000);
    let before = cols.clone();
    let targets = RankTargets::new(vec![0, 1, 3], m.concat()).unwrap();
    gaussian_copula(&mut cols, &targets).unwrap();
    let named = [0usize, 1, 3];
    for i in 0..3 {
        for j in i + 1..3 {
            let got = spearman(&cols[named[i]], &cols[named[j]]).unwrap();
            eprintln!(
                "copula ({i}, {j}) target {:+.2}: achieved {got:+.4}",
                m[i][j]
            );
            assert!((got - m[i][j]).abs() <= 0.02, "({i}, {j}): {got}");
            // Tighter than the 0.02: within plain Monte Carlo's standard error
            // 1.06 (1 - r²) / sqrt(n) <= 0.0075, which taking r itself as the Pearson target
            // (off by up to 0.018) would miss.
            assert!((got - m[i][j]).abs() <= 0.0075, "({i}, {j}): {got}");
        }
    }
    // Column 2 is not named; the first named column is L's first row, the identity.
    assert_eq!(cols[2], before[2]);
    assert_eq!(cols[0], before[0]);
    // Each column stays uniform: KS at level 0.001 (1.9495 / sqrt(n)).
    for c in named {
        let d = ks_uniform(&cols[c]);
        assert!(d < 1.9495 / (20_000f64).sqrt(), "column {c}: D = {d}");
        assert!(cols[c].iter().all(|u| *u > 0.0 && *u < 1.0));
    }
}

#[test]
fn threads_change_nothing_and_a_rank_of_one_is_accepted() {
    let targets = RankTargets::new(vec![0, 1], vec![1.0, 1.0, 1.0, 1.0]).unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut cols = sobol_columns(2, 5, ROWS);
            gaussian_copula(&mut cols, &targets).unwrap();
            cols
        })
    };
    let one = run(1);
    assert_eq!(one, run(3));
    assert!(spearman(&one[0], &one[1]).unwrap() > 0.999_999);
}

#[test]
fn bad_columns_are_refused() {
    let targets = RankTargets::new(vec![0, 1], vec![1.0, 0.5, 0.5, 1.0]).unwrap();
    let mut zero = vec![vec![0.5, 0.0], vec![0.5, 0.5]];
    assert!(matches!(
        gaussian_copula(&mut zero, &targets),
        Err(RankCorrelationError::BadColumns(m)) if m.contains("(0, 1)")
    ));
    let mut short = vec![vec![0.5, 0.5], vec![0.5]];
    assert!(matches!(
        gaussian_copula(&mut short, &targets),
        Err(RankCorrelationError::BadColumns(_))
    ));
    let not_psd = RankTargets::new(
        vec![0, 1, 2],
        vec![1.0, 0.9, 0.9, 0.9, 1.0, -0.9, 0.9, -0.9, 1.0],
    )
    .unwrap();
    let mut cols = sobol_columns(3, 1, 8);
    assert!(matches!(
        gaussian_copula(&mut cols, &not_psd),
        Err(RankCorrelationError::NotPositiveSemiDefinite(_))
    ));
}
