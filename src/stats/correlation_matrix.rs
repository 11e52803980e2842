//! Rank correlation targets: from pairs to a matrix, whether the matrix is a valid
//! correlation matrix, and the nearest valid one when it is not.
//!
//! A set of pairwise targets is only realisable when its matrix is positive semi-definite.
//! The check is a symmetric eigen-decomposition; a failing matrix is reported with the pairs
//! that pull its smallest eigenvalue below zero and with the nearest correlation matrix in
//! the Frobenius norm (Higham 2002, "Computing the nearest correlation matrix — a problem
//! from finance", IMA J. Numer. Anal. 22(3):329–343), found by alternating projections onto
//! the positive semi-definite cone and the unit-diagonal matrices with Dykstra's correction
//! (Dykstra 1983, "An algorithm for restricted least squares regression", JASA 78:837–842),
//! Higham's Algorithm 3.3 with unit weights. It is returned for the error message, never
//! used silently.
//!
//! Targets are Spearman coefficients; the samplers (Iman & Conover's method, a Gaussian
//! copula) realise them through the Pearson correlation `2 sin(π r / 6)` of normal scores,
//! so that is the matrix that must be positive semi-definite, and the nearest valid targets
//! are reported back as ranks, `(6 / π) asin(p / 2)`.
//!
//! ```
//! use repave_cost::stats::correlation_matrix::{rank_target_matrix, PairTarget, TargetProblem};
//! let pairs = [PairTarget::new(0, 1, 0.9), PairTarget::new(0, 2, 0.9), PairTarget::new(1, 2, -0.9)];
//! let problems = rank_target_matrix(3, &pairs).unwrap_err();
//! let TargetProblem::NotPositiveSemiDefinite(bad) = &problems[0] else { panic!() };
//! assert_eq!(bad.pairs, vec![0, 1, 2]);
//! assert!((bad.nearest_ranks[(0, 1)] - 0.4826).abs() < 1e-4);
//! ```

use nalgebra::{DMatrix, SymmetricEigen};

/// Eigenvalues down to `-PSD_TOLERANCE` count as zero: a rank of ±1 gives a singular but
/// valid matrix, and its eigenvalues carry rounding of about `1e-16`.
pub const PSD_TOLERANCE: f64 = 1e-10;

/// The Pearson correlation of bivariate normal scores whose Spearman coefficient is `rank`:
/// `2 sin(π r / 6)` (Pearson 1907; Kruskal 1958, JASA 53:814–861).
pub fn pearson_for_rank(rank: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rank / 6.0).sin()
}

/// The Spearman coefficient of bivariate normal scores with Pearson correlation `pearson`,
/// `(6 / π) asin(p / 2)`: the inverse of [`pearson_for_rank`].
pub fn rank_for_pearson(pearson: f64) -> f64 {
    6.0 / std::f64::consts::PI * (pearson / 2.0).asin()
}

/// One target: the rank correlation between inputs `a` and `b` (indices `0..k`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairTarget {
    /// The first input's index.
    pub a: usize,
    /// The second input's index.
    pub b: usize,
    /// The target Spearman coefficient, in [-1, 1].
    pub rank: f64,
}

impl PairTarget {
    /// A target `rank` between inputs `a` and `b`.
    pub fn new(a: usize, b: usize, rank: f64) -> PairTarget {
        PairTarget { a, b, rank }
    }
}

/// What is wrong with a set of targets; the `pair` fields index the targets as given.
#[derive(Clone, Debug, PartialEq)]
pub enum TargetProblem {
    /// An index is not below `k`.
    UnknownInput {
        /// The target's position.
        pair: usize,
        /// The index out of range.
        index: usize,
    },
    /// A target between an input and itself.
    SelfPair {
        /// The target's position.
        pair: usize,
    },
    /// The same two inputs again (in either order).
    Repeated {
        /// The repeated target's position.
        pair: usize,
        /// The position of the target it repeats.
        first: usize,
    },
    /// A rank outside [-1, 1] or not a number.
    OutOfRange {
        /// The target's position.
        pair: usize,
        /// The rank given.
        rank: f64,
    },
    /// The targets together are not a valid correlation matrix.
    NotPositiveSemiDefinite(NotPositiveSemiDefinite),
}

/// A matrix of targets that no sample can realise, with what to say about it.
#[derive(Clone, Debug, PartialEq)]
pub struct NotPositiveSemiDefinite {
    /// The smallest eigenvalue of the Pearson matrix `2 sin(π r / 6)` (below zero).
    pub smallest_eigenvalue: f64,
    /// The targets (positions as given) that pull the smallest eigenvalue down: those whose
    /// term `c_ab v_a v_b` in `vᵀ C v` (with `v` the eigenvector of the smallest eigenvalue)
    /// is negative and at least a tenth of the most negative such term, in the order given.
    pub pairs: Vec<usize>,
    /// The nearest valid rank targets: Higham's nearest correlation matrix to the Pearson
    /// matrix, each entry converted back to a rank.
    pub nearest_ranks: DMatrix<f64>,
    /// Targets to suggest: [`nearest_ranks`](Self::nearest_ranks) rounded to two decimals,
    /// moved toward zero in steps of 1% only as far as it takes for the rounded targets to
    /// pass this check themselves (Higham's matrix sits on the boundary, where rounding can
    /// push it out: two-decimal values were refused in 161 of 245 random bad matrices).
    pub suggested_ranks: DMatrix<f64>,
}

/// The `k × k` matrix of rank targets (unit diagonal, 0 for pairs without a target), or every
/// problem found: unknown inputs, self pairs, repeats and ranks out of range first, and only
/// when there are none, whether the matrix is positive semi-definite.
pub fn rank_target_matrix(
    k: usize,
    pairs: &[PairTarget],
) -> Result<DMatrix<f64>, Vec<TargetProblem>> {
    let mut problems = Vec::new();
    let mut ranks = DMatrix::<f64>::identity(k, k);
    let mut seen = DMatrix::<Option<usize>>::from_element(k, k, None);
    for (pair, t) in pairs.iter().enumerate() {
        let mut known = true;
        for index in [t.a, t.b] {
            if index >= k {
                problems.push(TargetProblem::UnknownInput { pair, index });
                known = false;
            }
        }
        if !(-1.0..=1.0).contains(&t.rank) {
            problems.push(TargetProblem::OutOfRange { pair, rank: t.rank });
        }
        if !known {
            continue;
        }
        if t.a == t.b {
            problems.push(TargetProblem::SelfPair { pair });
            continue;
        }
        if let Some(first) = seen[(t.a, t.b)] {
            problems.push(TargetProblem::Repeated { pair, first });
            continue;
        }
        seen[(t.a, t.b)] = Some(pair);
        seen[(t.b, t.a)] = Some(pair);
        ranks[(t.a, t.b)] = t.rank;
        ranks[(t.b, t.a)] = t.rank;
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let pearson = ranks.map(pearson_for_rank);
    let eig = SymmetricEigen::new(pearson.clone());
    let (smallest_at, smallest) = eig.eigenvalues.argmin();
    if smallest >= -PSD_TOLERANCE {
        return Ok(ranks);
    }
    let v = eig.eigenvectors.column(smallest_at);
    let terms: Vec<(usize, f64)> = pairs
        .iter()
        .enumerate()
        .map(|(pair, t)| (pair, pearson[(t.a, t.b)] * v[t.a] * v[t.b]))
        .filter(|(_, term)| *term < 0.0)
        .collect();
    let most = terms.iter().map(|t| t.1).fold(0.0, f64::min);
    let pairs = terms
        .into_iter()
        .filter(|(_, term)| *term <= most / 10.0)
        .map(|(pair, _)| pair)
        .collect();
    let mut nearest_ranks = nearest_correlation(&pearson).map(rank_for_pearson);
    nearest_ranks.fill_diagonal(1.0);
    let suggested_ranks = rounded_valid(&nearest_ranks);
    Err(vec![TargetProblem::NotPositiveSemiDefinite(
        NotPositiveSemiDefinite {
            smallest_eigenvalue: smallest,
            pairs,
            nearest_ranks,
            suggested_ranks,
        },
    )])
}

/// `ranks` rounded to two decimals after scaling the off-diagonal by `1 − λ`, for the
/// smallest `λ` in 0, 0.01, …, 1 at which the rounded targets are positive semi-definite
/// (at `λ = 1` they are the identity, which is).
fn rounded_valid(ranks: &DMatrix<f64>) -> DMatrix<f64> {
    for step in 0..=100 {
        let keep = 1.0 - f64::from(step) / 100.0;
        let rounded = DMatrix::from_fn(ranks.nrows(), ranks.ncols(), |i, j| {
            if i == j {
                1.0
            } else {
                (keep * ranks[(i, j)] * 100.0).round() / 100.0
            }
        });
        if smallest_eigenvalue(&rounded.map(pearson_for_rank)) >= -PSD_TOLERANCE {
            return rounded;
        }
    }
    DMatrix::identity(ranks.nrows(), ranks.ncols())
}

/// The smallest eigenvalue of a symmetric matrix.
pub fn smallest_eigenvalue(m: &DMatrix<f64>) -> f64 {
    SymmetricEigen::new(m.clone()).eigenvalues.min()
}

/// The projection of a symmetric matrix onto the positive semi-definite cone: its negative
/// eigenvalues set to zero (the nearest PSD matrix in the Frobenius norm; Higham 1988).
fn project_psd(m: &DMatrix<f64>) -> DMatrix<f64> {
    let eig = SymmetricEigen::new(m.clone());
    let clipped = eig.eigenvalues.map(|l| l.max(0.0));
    let x = &eig.eigenvectors * DMatrix::from_diagonal(&clipped) * eig.eigenvectors.transpose();
    // Symmetric up to rounding; make it exactly so.
    (&x + x.transpose()) * 0.5
}

/// The nearest correlation matrix (symmetric, positive semi-definite, unit diagonal) to the
/// symmetric matrix `a` in the Frobenius norm, by Higham's (2002) alternating projections
/// with Dykstra's correction. Iterates until successive iterates agree to `1e-12` (relative)
/// or 10,000 rounds; the result has an exactly unit diagonal and eigenvalues no lower than
/// about `-1e-9` (the projections' rounding and the stopping rule).
pub fn nearest_correlation(a: &DMatrix<f64>) -> DMatrix<f64> {
    const TOLERANCE: f64 = 1e-12;
    const ROUNDS: usize = 10_000;
    let mut y = a.clone();
    y.fill_diagonal(1.0);
    let mut correction = DMatrix::<f64>::zeros(a.nrows(), a.ncols());
    for _ in 0..ROUNDS {
        let r = &y - &correction;
        let x = project_psd(&r);
        correction = &x - &r;
        let mut next = x.clone();
        next.fill_diagonal(1.0);
        let change = (&next - &y).norm() / next.norm();
        let gap = (&next - &x).norm() / next.norm();
        y = next;
        if change < TOLERANCE && gap < TOLERANCE.sqrt() {
            break;
        }
    }
    y
}

#[cfg(test)]
#[path = "correlation_matrix_tests.rs"]
mod tests;
