use super::*;
use crate::sampling::{chunk_rng, stream_seed, unit_open};
use crate::stats::spearman;

const ROWS: usize = 20_000;

/// Independent draws of a few unlike marginals (uniform, exponential, a cube, a shifted
/// logit), so that ranks, not values, carry the test.
fn columns(rows: usize, seed: u64) -> Vec<Vec<f64>> {
    let shapes: [fn(f64) -> f64; 4] = [
        |u| u,
        |u| -10.0 * (1.0 - u).ln(),
        |u| 50.0 * u.powi(3) - 5.0,
        |u| (u / (1.0 - u)).ln() + 3.0,
    ];
    shapes
        .iter()
        .enumerate()
        .map(|(i, shape)| {
            let mut rng = chunk_rng(stream_seed(seed, &format!("c{i}"), 0), 0);
            (0..rows).map(|_| shape(unit_open(&mut rng))).collect()
        })
        .collect()
}

fn streams(named: &[usize], seed: u64) -> Vec<u64> {
    named
        .iter()
        .map(|c| stream_seed(seed, &format!("corr:c{c}"), 0))
        .collect()
}

fn sorted(v: &[f64]) -> Vec<u64> {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s.iter().map(|x| x.to_bits()).collect()
}

fn correlate(cols: &mut [Vec<f64>], named: Vec<usize>, matrix: Vec<f64>, seed: u64) {
    let seeds = streams(&named, seed);
    let targets = RankTargets::new(named, matrix).unwrap();
    iman_conover(cols, &targets, &seeds, &Control::new()).unwrap();
}

#[test]
fn achieved_spearman_is_within_0_02_of_each_pair_target() {
    for (r, seed) in [(0.6, 1u64), (-0.8, 2), (0.3, 3), (0.95, 4), (-0.2, 5)] {
        let mut cols = columns(ROWS, seed);
        correlate(&mut cols, vec![0, 2], vec![1.0, r, r, 1.0], seed);
        let got = spearman(&cols[0], &cols[2]).unwrap();
        eprintln!("target {r:+.2}: achieved Spearman {got:+.4}");
        assert!((got - r).abs() <= 0.02, "target {r}, achieved {got}");
    }
}

#[test]
fn a_three_by_three_target_is_met_pair_by_pair() {
    let m = [[1.0, 0.5, -0.3], [0.5, 1.0, 0.2], [-0.3, 0.2, 1.0]];
    let mut cols = columns(ROWS, 9);
    correlate(&mut cols, vec![3, 0, 1], m.concat(), 9);
    let named = [3usize, 0, 1];
    for i in 0..3 {
        for j in i + 1..3 {
            let got = spearman(&cols[named[i]], &cols[named[j]]).unwrap();
            eprintln!("3x3 ({i}, {j}) target {:+.2}: achieved {got:+.4}", m[i][j]);
            assert!(
                (got - m[i][j]).abs() <= 0.02,
                "({i}, {j}): target {}, got {got}",
                m[i][j]
            );
        }
    }
}

#[test]
fn each_column_keeps_its_sorted_values_and_unnamed_columns_keep_their_order() {
    let before = columns(5000, 3);
    let mut after = before.clone();
    correlate(&mut after, vec![1, 3], vec![1.0, 0.7, 0.7, 1.0], 3);
    for c in [1, 3] {
        assert_eq!(sorted(&before[c]), sorted(&after[c]), "column {c}");
        assert_ne!(before[c], after[c], "column {c} was not rearranged");
    }
    for c in [0, 2] {
        assert_eq!(
            before[c], after[c],
            "column {c} is not named and must not move"
        );
    }
}

#[test]
fn the_same_inputs_give_the_same_rearrangement() {
    let mut a = columns(3000, 5);
    let mut b = a.clone();
    correlate(
        &mut a,
        vec![0, 1, 2],
        vec![1.0, 0.4, 0.1, 0.4, 1.0, -0.5, 0.1, -0.5, 1.0],
        5,
    );
    correlate(
        &mut b,
        vec![0, 1, 2],
        vec![1.0, 0.4, 0.1, 0.4, 1.0, -0.5, 0.1, -0.5, 1.0],
        5,
    );
    assert_eq!(a, b);
    // Another column's stream changes the pairing.
    let mut c = columns(3000, 5);
    correlate(
        &mut c,
        vec![0, 1, 2],
        vec![1.0, 0.4, 0.1, 0.4, 1.0, -0.5, 0.1, -0.5, 1.0],
        6,
    );
    assert_ne!(a, c);
}

#[test]
fn a_rank_of_one_pairs_the_columns_in_order() {
    let mut cols = columns(2000, 8);
    correlate(&mut cols, vec![0, 1], vec![1.0, 1.0, 1.0, 1.0], 8);
    assert_eq!(spearman(&cols[0], &cols[1]).unwrap(), 1.0);
}

#[test]
fn bad_targets_and_columns_are_refused() {
    assert!(matches!(
        RankTargets::new(vec![0, 1], vec![1.0, 0.5, 0.4, 1.0]),
        Err(RankCorrelationError::BadTarget(m)) if m.contains("differ")
    ));
    assert!(matches!(
        RankTargets::new(vec![0, 1], vec![1.0, 1.5, 1.5, 1.0]),
        Err(RankCorrelationError::BadTarget(m)) if m.contains("[-1, 1]")
    ));
    assert!(matches!(
        RankTargets::new(vec![0, 0], vec![1.0, 0.5, 0.5, 1.0]),
        Err(RankCorrelationError::BadColumns(m)) if m.contains("twice")
    ));
    assert!(matches!(
        RankTargets::new(vec![0, 1], vec![1.0, 0.5, 0.5]),
        Err(RankCorrelationError::BadTarget(_))
    ));
    let not_psd = RankTargets::new(
        vec![0, 1, 2],
        vec![1.0, 0.9, 0.9, 0.9, 1.0, -0.9, 0.9, -0.9, 1.0],
    )
    .unwrap();
    let mut cols = columns(100, 1);
    assert!(matches!(
        iman_conover(&mut cols, &not_psd, &[1, 2, 3], &Control::new()),
        Err(RankCorrelationError::NotPositiveSemiDefinite(l)) if l < 0.0
    ));
    let pair = RankTargets::new(vec![0, 9], vec![1.0, 0.5, 0.5, 1.0]).unwrap();
    assert!(matches!(
        iman_conover(&mut cols, &pair, &[1, 2], &Control::new()),
        Err(RankCorrelationError::BadColumns(_))
    ));
    let pair = RankTargets::new(vec![0, 1], vec![1.0, 0.5, 0.5, 1.0]).unwrap();
    let control = Control::new();
    control.cancel();
    assert!(matches!(
        iman_conover(&mut cols, &pair, &[1, 2], &control),
        Err(RankCorrelationError::Sample(SampleError::Cancelled(_)))
    ));
}

#[test]
fn the_pearson_target_of_the_scores_is_the_spearman_conversion() {
    // Using r itself as the scores' Pearson target would miss a Spearman of 0.55 by
    // 0.55 - (6/π) asin(0.275) = 0.0175. The mean over 4 seeds has a standard error below
    // 1.06 (1 - r²) / sqrt(4 n) = 0.0026 (Fieller et al. 1957's bound for Spearman's
    // coefficient of normal data), so 0.006 separates the two.
    let r = 0.55;
    let mean: f64 = (20u64..24)
        .map(|seed| {
            let mut cols = columns(ROWS, seed);
            correlate(&mut cols, vec![1, 3], vec![1.0, r, r, 1.0], seed);
            spearman(&cols[1], &cols[3]).unwrap()
        })
        .sum::<f64>()
        / 4.0;
    assert!((mean - r).abs() <= 0.006, "mean achieved {mean}");
}

#[test]
fn one_thread_or_several_give_the_same_columns() {
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut cols = columns(9000, 12);
            correlate(
                &mut cols,
                vec![2, 0, 3],
                vec![1.0, 0.3, -0.4, 0.3, 1.0, 0.1, -0.4, 0.1, 1.0],
                12,
            );
            cols
        })
    };
    let one = run(1);
    for threads in [2, 4] {
        assert_eq!(one, run(threads), "{threads} threads");
    }
}

#[test]
fn runs_too_short_for_the_correction_are_rearranged_without_it() {
    // With no more rows than columns (or perfectly dependent score orders), the scores' own
    // correlation cannot be factored: the rearrangement goes ahead with the target's factor
    // alone, each column keeping its values; a rank of 1 still pairs the columns in order.
    let one = RankTargets::new(vec![0, 1], vec![1.0, 1.0, 1.0, 1.0]).unwrap();
    for rows in 1..=4 {
        for seed in 0..20 {
            let mut cols = columns(rows, seed);
            let before: Vec<Vec<u64>> = cols.iter().map(|c| sorted(c)).collect();
            iman_conover(&mut cols, &one, &streams(&[0, 1], seed), &Control::new()).unwrap();
            let after: Vec<Vec<u64>> = cols.iter().map(|c| sorted(c)).collect();
            assert_eq!(before, after, "rows {rows}, seed {seed}");
            if rows >= 2 {
                let r = crate::stats::spearman(&cols[0], &cols[1]).unwrap();
                assert!((r - 1.0).abs() < 1e-12, "rows {rows}, seed {seed}: {r}");
            }
        }
    }
}

#[test]
fn no_rows_or_one_row_are_left_as_they_are() {
    for rows in [0, 1] {
        let mut cols = columns(rows, 3);
        let before = cols.clone();
        correlate(&mut cols, vec![0, 1], vec![1.0, 0.5, 0.5, 1.0], 3);
        assert_eq!(cols, before, "{rows} rows");
    }
}
