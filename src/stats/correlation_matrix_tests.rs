use super::*;

fn matrix(k: usize, rows: &[f64]) -> DMatrix<f64> {
    DMatrix::from_row_slice(k, k, rows)
}

/// `(0.9, 0.9, -0.9)`: flipping the sign of input 0 (an isometry of the correlation
/// matrices) turns it into the equicorrelation matrix of -0.9, whose nearest correlation
/// matrix is, by symmetry and uniqueness, the equicorrelation matrix at the bound -1/2; so
/// the nearest to the original is `(0.5, 0.5, -0.5)`.
const BAD: [f64; 9] = [1.0, 0.9, 0.9, 0.9, 1.0, -0.9, 0.9, -0.9, 1.0];
const BAD_NEAREST: [f64; 9] = [1.0, 0.5, 0.5, 0.5, 1.0, -0.5, 0.5, -0.5, 1.0];

fn assert_close(a: &DMatrix<f64>, b: &DMatrix<f64>, tol: f64) {
    assert!(
        (a - b).amax() <= tol,
        "{a} differs from {b} by {}",
        (a - b).amax()
    );
}

#[test]
fn the_nearest_correlation_matrix_matches_the_closed_form() {
    let a = matrix(3, &BAD);
    assert!(smallest_eigenvalue(&a) < -0.7);
    let x = nearest_correlation(&a);
    assert_close(&x, &matrix(3, &BAD_NEAREST), 1e-6);
    assert!(x.diagonal().iter().all(|d| *d == 1.0));
    assert!(
        smallest_eigenvalue(&x) >= -1e-9,
        "{}",
        smallest_eigenvalue(&x)
    );
    // Four inputs at -0.9 each: equicorrelation is valid down to -1/3.
    let mut four = DMatrix::from_element(4, 4, -0.9);
    four.fill_diagonal(1.0);
    let mut expected = DMatrix::from_element(4, 4, -1.0 / 3.0);
    expected.fill_diagonal(1.0);
    assert_close(&nearest_correlation(&four), &expected, 1e-6);
}

/// Higham (2002), section 4: the nearest correlation matrix to `[[1, 1, 0], [1, 1, 1],
/// [0, 1, 1]]` is `[[1, 0.7607, 0.1573], [., 1, 0.7607], [., ., 1]]` (to 4 decimals).
const HIGHAM: [f64; 9] = [1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0];
const HIGHAM_NEAREST: [f64; 9] = [
    1.0, 0.7607, 0.1573, 0.7607, 1.0, 0.7607, 0.1573, 0.7607, 1.0,
];

#[test]
fn the_nearest_matrix_matches_highams_example() {
    let x = nearest_correlation(&matrix(3, &HIGHAM));
    assert_close(&x, &matrix(3, &HIGHAM_NEAREST), 0.5e-4);
    assert!(smallest_eigenvalue(&x) >= -1e-9);
}

#[test]
fn the_nearest_matrix_is_closer_than_simple_repairs() {
    for a in [matrix(3, &HIGHAM), matrix(3, &BAD)] {
        let x = nearest_correlation(&a);
        let higham = (&a - &x).norm();
        // Clip the negative eigenvalues, then rescale to a unit diagonal.
        let clipped = project_psd(&a);
        let d = clipped.diagonal().map(|v| 1.0 / v.sqrt());
        let rescaled = DMatrix::from_diagonal(&d) * &clipped * DMatrix::from_diagonal(&d);
        // Shrink toward the identity until the smallest eigenvalue is zero: 1 + w (l - 1) = 0.
        let w = 1.0 / (1.0 - smallest_eigenvalue(&a));
        let shrunk = &a * w + DMatrix::identity(3, 3) * (1.0 - w);
        for (name, other) in [("clip and rescale", rescaled), ("shrink", shrunk)] {
            assert!(smallest_eigenvalue(&other) >= -1e-12, "{name}");
            let distance = (&a - other).norm();
            // Never farther; on Higham's example (no symmetry making them coincide) nearer.
            assert!(
                higham <= distance + 1e-9,
                "{name}: {distance} vs Higham {higham}"
            );
            if a[(0, 2)] == 0.0 {
                assert!(
                    higham < distance - 1e-3,
                    "{name}: {distance} vs Higham {higham}"
                );
            }
        }
    }
}

#[test]
fn a_valid_matrix_is_its_own_nearest() {
    let a = matrix(3, &[1.0, 0.5, -0.3, 0.5, 1.0, 0.2, -0.3, 0.2, 1.0]);
    assert_close(&nearest_correlation(&a), &a, 1e-12);
}

#[test]
fn valid_targets_become_a_matrix() {
    let pairs = [PairTarget::new(2, 0, 0.6), PairTarget::new(1, 2, -0.2)];
    let m = rank_target_matrix(4, &pairs).unwrap();
    let expected = matrix(
        4,
        &[
            1.0, 0.0, 0.6, 0.0, 0.0, 1.0, -0.2, 0.0, 0.6, -0.2, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0,
        ],
    );
    assert_eq!(m, expected);
    // A rank of one is singular but valid.
    assert!(rank_target_matrix(2, &[PairTarget::new(0, 1, 1.0)]).is_ok());
    assert!(rank_target_matrix(2, &[PairTarget::new(0, 1, -1.0)]).is_ok());
}

#[test]
fn every_problem_is_reported_at_once() {
    let pairs = [
        PairTarget::new(0, 5, 0.5),
        PairTarget::new(1, 1, 0.5),
        PairTarget::new(0, 1, 0.3),
        PairTarget::new(1, 0, 0.4),
        PairTarget::new(0, 2, 1.5),
        PairTarget::new(1, 2, f64::NAN),
    ];
    let problems = rank_target_matrix(3, &pairs).unwrap_err();
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert_eq!(
        problems[0],
        TargetProblem::UnknownInput { pair: 0, index: 5 }
    );
    assert_eq!(problems[1], TargetProblem::SelfPair { pair: 1 });
    assert_eq!(problems[2], TargetProblem::Repeated { pair: 3, first: 2 });
    assert_eq!(
        problems[3],
        TargetProblem::OutOfRange { pair: 4, rank: 1.5 }
    );
    assert!(matches!(problems[4], TargetProblem::OutOfRange { pair: 5, rank } if rank.is_nan()));
}

#[test]
fn a_matrix_that_is_not_psd_names_its_pairs_and_the_nearest_ranks() {
    let pairs = [
        PairTarget::new(0, 1, 0.9),
        PairTarget::new(0, 2, 0.9),
        PairTarget::new(1, 2, -0.9),
    ];
    let problems = rank_target_matrix(3, &pairs).unwrap_err();
    let [TargetProblem::NotPositiveSemiDefinite(bad)] = &problems[..] else {
        panic!("{problems:?}")
    };
    // The Pearson matrix is (p, p, -p) with p = 2 sin(0.15 π); its smallest eigenvalue, by
    // the same sign flip, is that of equicorrelation -p: 1 - 2 p.
    let p = pearson_for_rank(0.9);
    assert!((bad.smallest_eigenvalue - (1.0 - 2.0 * p)).abs() < 1e-12);
    assert_eq!(bad.pairs, vec![0, 1, 2]);
    assert!((bad.nearest_ranks[(0, 1)] - 0.4826).abs() < 1e-4);
    // The nearest Pearson matrix is (0.5, 0.5, -0.5): ranks (6/π) asin(1/4).
    let r = 6.0 / std::f64::consts::PI * 0.25f64.asin();
    let expected = matrix(3, &[1.0, r, r, r, 1.0, -r, r, -r, 1.0]);
    assert_close(&bad.nearest_ranks, &expected, 1e-6);

    // An unrelated valid pair is not named: input 3 is independent of the rest.
    let mut more = pairs.to_vec();
    more.push(PairTarget::new(3, 4, 0.5));
    let problems = rank_target_matrix(5, &more).unwrap_err();
    let [TargetProblem::NotPositiveSemiDefinite(bad)] = &problems[..] else {
        panic!("{problems:?}")
    };
    assert_eq!(bad.pairs, vec![0, 1, 2]);
}

#[test]
fn rank_and_pearson_conversions_are_inverse() {
    for r in [-1.0, -0.7, 0.0, 0.3, 1.0] {
        assert!((rank_for_pearson(pearson_for_rank(r)) - r).abs() < 1e-15);
    }
    assert!((pearson_for_rank(1.0) - 1.0).abs() < 1e-15);
    assert!((pearson_for_rank(0.5) - 2.0 * (std::f64::consts::PI / 12.0).sin()).abs() < 1e-15);
}

/// A 4 x 4 target that needs repair, and its nearest correlation matrix computed
/// independently by `tests/test_nearest_correlation_reference.py` (scipy, minimising the
/// Frobenius distance over `L Lᵀ` with unit rows; that test checks these literals).
const SCIPY_INPUT: [f64; 16] = [
    1.0, 0.8, 0.6, -0.5, 0.8, 1.0, -0.4, 0.7, 0.6, -0.4, 1.0, 0.3, -0.5, 0.7, 0.3, 1.0,
];
const SCIPY_NEAREST: [f64; 16] = [
    1.0, 0.503739, 0.3954492, -0.2608898, 0.503739, 1.0, -0.1928255, 0.4578229, 0.3954492,
    -0.1928255, 1.0, 0.1327909, -0.2608898, 0.4578229, 0.1327909, 1.0,
];

#[test]
fn the_nearest_matrix_matches_an_independent_optimisation() {
    let x = nearest_correlation(&matrix(4, &SCIPY_INPUT));
    assert_close(&x, &matrix(4, &SCIPY_NEAREST), 1e-6);
    assert!(smallest_eigenvalue(&x) >= -1e-9);
}
