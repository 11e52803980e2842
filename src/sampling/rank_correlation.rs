//! Rank correlation between sampled columns by Iman & Conover's method: each column keeps
//! exactly its own values, only their pairing across columns changes.
//!
//! Iman & Conover (1982), "A distribution-free approach to inducing rank correlation among
//! input variables", Communications in Statistics – Simulation and Computation 11(3):311–334.
//! For `n` rows and `k` columns: take the van der Waerden scores `Φ⁻¹(i / (n + 1))`,
//! `i = 1..n`, in an independent random order per column (each column's order from its own
//! stream); let `E` be the scores' own sample correlation matrix and `C` the target; with the
//! Cholesky factors `E = Q Qᵀ` and `C = P Pᵀ`, the rows `t = P Q⁻¹ s` have sample correlation
//! exactly `C`; each column is then rearranged so that its values have the ranks of its
//! column of `t`. Because the scores are normal, the Pearson target that gives a Spearman
//! coefficient `r` is `2 sin(π r / 6)` (Pearson 1907's relation for the bivariate normal; see
//! Kruskal 1958, "Ordinal measures of association", JASA 53:814–861).
//!
//! ```
//! use repave_cost::sampling::rank_correlation::{iman_conover, RankTargets};
//! use repave_cost::sampling::Control;
//! let mut cols = vec![(0..1000).map(f64::from).collect::<Vec<f64>>(), vec![1.0; 1000]];
//! cols[1].iter_mut().enumerate().for_each(|(i, v)| *v = (i as f64).sqrt());
//! let targets = RankTargets::new(vec![0, 1], vec![1.0, 0.5, 0.5, 1.0]).unwrap();
//! iman_conover(&mut cols, &targets, &[11, 12], &Control::new()).unwrap();
//! let r = repave_cost::stats::spearman(&cols[0], &cols[1]).unwrap();
//! assert!((r - 0.5).abs() < 0.05);
//! ```

use nalgebra::{DMatrix, SymmetricEigen};
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, Normal};

use super::streams::permutation;
use super::{Cancelled, Control, SampleError};
use crate::stats::correlation_matrix::pearson_for_rank;

/// Eigenvalues of the Pearson target down to this (relative to 1) count as zero, not
/// negative: a singular but valid target (a rank of ±1) is factored by its eigenvectors.
const PSD_TOLERANCE: f64 = 1e-10;

/// Why the columns could not be rearranged.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RankCorrelationError {
    /// The target is not a `k × k` symmetric matrix with unit diagonal and entries in [-1, 1].
    #[error("rank correlation target: {0}")]
    BadTarget(String),
    /// A column index out of range, named twice, or columns of different lengths.
    #[error("rank correlation columns: {0}")]
    BadColumns(String),
    /// The Pearson target `2 sin(π r / 6)` has a negative eigenvalue (validate the ranks with
    /// `stats::correlation_matrix` first for a message that names the pairs).
    #[error(
        "the rank correlation target is not positive semi-definite (smallest eigenvalue {0:.3e})"
    )]
    NotPositiveSemiDefinite(f64),
    /// Too many rows to permute, or cancelled.
    #[error(transparent)]
    Sample(#[from] SampleError),
}

impl From<Cancelled> for RankCorrelationError {
    fn from(c: Cancelled) -> Self {
        RankCorrelationError::Sample(SampleError::Cancelled(c))
    }
}

/// Which columns to correlate and their target Spearman matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct RankTargets {
    columns: Vec<usize>,
    spearman: DMatrix<f64>,
}

impl RankTargets {
    /// The columns `columns` (indices into the caller's columns, distinct) with target
    /// Spearman coefficients `spearman`, a `k × k` matrix in row-major order (`k` the number
    /// of columns): symmetric, unit diagonal, entries in [-1, 1]. Pairs without a target take
    /// 0 there.
    pub fn new(
        columns: Vec<usize>,
        spearman: Vec<f64>,
    ) -> Result<RankTargets, RankCorrelationError> {
        let k = columns.len();
        if spearman.len() != k * k {
            return Err(RankCorrelationError::BadTarget(format!(
                "{} entries for {k} columns; a {k} x {k} matrix has {}",
                spearman.len(),
                k * k
            )));
        }
        for (i, c) in columns.iter().enumerate() {
            if columns[..i].contains(c) {
                return Err(RankCorrelationError::BadColumns(format!(
                    "column {c} named twice"
                )));
            }
        }
        let m = DMatrix::from_row_slice(k, k, &spearman);
        for i in 0..k {
            if m[(i, i)] != 1.0 {
                return Err(RankCorrelationError::BadTarget(format!(
                    "diagonal entry {i} is {}, must be 1",
                    m[(i, i)]
                )));
            }
            for j in 0..k {
                let r = m[(i, j)];
                if !(-1.0..=1.0).contains(&r) {
                    return Err(RankCorrelationError::BadTarget(format!(
                        "entry ({i}, {j}) is {r}, must be in [-1, 1]"
                    )));
                }
                if r != m[(j, i)] {
                    return Err(RankCorrelationError::BadTarget(format!(
                        "entries ({i}, {j}) and ({j}, {i}) differ: {r} and {}",
                        m[(j, i)]
                    )));
                }
            }
        }
        Ok(RankTargets {
            columns,
            spearman: m,
        })
    }

    /// Targets already checked by
    /// [`crate::stats::correlation_matrix::rank_target_matrix`] (distinct columns, a
    /// symmetric unit-diagonal matrix with entries in [-1, 1]).
    pub(crate) fn from_valid(columns: Vec<usize>, spearman: DMatrix<f64>) -> RankTargets {
        RankTargets { columns, spearman }
    }

    /// The columns correlated, in the matrix's order.
    pub fn columns(&self) -> &[usize] {
        &self.columns
    }

    /// The target Spearman matrix.
    pub fn spearman(&self) -> &DMatrix<f64> {
        &self.spearman
    }

    /// The Pearson correlation of normal scores that gives each Spearman target,
    /// `2 sin(π r / 6)` off the diagonal.
    pub fn pearson(&self) -> DMatrix<f64> {
        let mut p = self.spearman.map(pearson_for_rank);
        p.fill_diagonal(1.0);
        p
    }
}

/// A lower factor `L` with `L Lᵀ = m`: Cholesky where `m` is positive definite, else the
/// symmetric square root `V √Λ` from the eigen-decomposition for a positive semi-definite
/// `m`; the smallest eigenvalue as the error when it is below `-PSD_TOLERANCE`.
fn factor(m: &DMatrix<f64>) -> Result<DMatrix<f64>, f64> {
    if let Some(chol) = m.clone().cholesky() {
        return Ok(chol.l());
    }
    let eig = SymmetricEigen::new(m.clone());
    let smallest = eig.eigenvalues.min();
    if smallest < -PSD_TOLERANCE {
        return Err(smallest);
    }
    let roots = eig.eigenvalues.map(|l| l.max(0.0).sqrt());
    Ok(&eig.eigenvectors * DMatrix::from_diagonal(&roots))
}

/// The sample Pearson correlation matrix of the columns of `s` (`n × k`).
fn correlation(s: &DMatrix<f64>) -> DMatrix<f64> {
    let n = s.nrows() as f64;
    let mut centred = s.clone();
    for mut col in centred.column_iter_mut() {
        let mean = col.sum() / n;
        col.add_scalar_mut(-mean);
    }
    let cov = centred.transpose() * &centred;
    let sd = cov.diagonal().map(f64::sqrt);
    DMatrix::from_fn(cov.nrows(), cov.ncols(), |i, j| {
        cov[(i, j)] / (sd[i] * sd[j])
    })
}

/// `Q⁻¹` for the scores' own correlation `E = Q Qᵀ`, which makes the rearranged scores'
/// correlation exactly the target. With no more rows than columns, or a singular `E`
/// (possible only in very short runs, where two columns' random orders happen to be
/// linearly dependent), there is nothing to correct by and the identity is used: the
/// scores are then combined by the target's factor alone, as in Iman & Conover's basic
/// method, so a short run still gets a well-defined rearrangement rather than an error.
fn own_correction(s: &DMatrix<f64>) -> DMatrix<f64> {
    let (n, k) = s.shape();
    let identity = DMatrix::identity(k, k);
    if n <= k {
        return identity;
    }
    correlation(s)
        .cholesky()
        .and_then(|own| own.l().solve_lower_triangular(&identity))
        .filter(|inverse| inverse.iter().all(|v| v.is_finite()))
        .unwrap_or(identity)
}

/// The indices `0..values.len()` in ascending order of `values`, ties by index: a total
/// order, so the (unstable, faster) sort is deterministic.
fn order(values: &[f64]) -> Vec<usize> {
    let mut keyed: Vec<(f64, usize)> = values.iter().copied().zip(0..).collect();
    keyed.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Rearranges the columns named in `targets` so their Spearman coefficients approach the
/// targets (Iman & Conover 1982). Each rearranged column holds the same values as before
/// (its sorted values are unchanged); columns not named are untouched. `streams` gives one
/// stream seed per named column, in `targets`' order, for the random order of its scores:
/// use seeds no other draw uses (e.g. `stream_seed(seed, "corr:{key}", salt)`), and the
/// result is a pure function of the columns, the targets and the seeds.
pub fn iman_conover(
    columns: &mut [Vec<f64>],
    targets: &RankTargets,
    streams: &[u64],
    control: &Control,
) -> Result<(), RankCorrelationError> {
    let k = targets.columns.len();
    if streams.len() != k {
        return Err(RankCorrelationError::BadColumns(format!(
            "{} stream seeds for {k} columns",
            streams.len()
        )));
    }
    if k == 0 {
        return Ok(());
    }
    if let Some(c) = targets.columns.iter().find(|&&c| c >= columns.len()) {
        return Err(RankCorrelationError::BadColumns(format!(
            "column {c} named; there are {}",
            columns.len()
        )));
    }
    let n = columns[targets.columns[0]].len();
    if let Some(c) = targets.columns.iter().find(|&&c| columns[c].len() != n) {
        return Err(RankCorrelationError::BadColumns(format!(
            "column {c} has {} rows, column {} has {n}",
            columns[*c].len(),
            targets.columns[0]
        )));
    }
    let target =
        factor(&targets.pearson()).map_err(RankCorrelationError::NotPositiveSemiDefinite)?;
    if n == 0 {
        // No rows to pair.
        return Ok(());
    }
    let normal = Normal::standard();
    let scores: Vec<f64> = (1..=n)
        .into_par_iter()
        .map(|i| normal.inverse_cdf(i as f64 / (n as f64 + 1.0)))
        .collect();
    let perms = streams
        .par_iter()
        .map(|&stream| permutation(n, stream, control))
        .collect::<Result<Vec<_>, _>>()?;
    // Column-major: column j of the scores is one slice of n values.
    let mut s = DMatrix::<f64>::zeros(n, k);
    s.as_mut_slice()
        .par_chunks_mut(n)
        .zip(&perms)
        .for_each(|(col, perm)| {
            for (v, &p) in col.iter_mut().zip(perm) {
                *v = scores[p as usize];
            }
        });
    control.check()?;
    let own_inverse = own_correction(&s);
    // Rows t = P Q⁻¹ s, all at once: T = S (P Q⁻¹)ᵀ.
    let t = &s * (target * own_inverse).transpose();
    control.check()?;
    let mut named: Vec<Vec<f64>> = targets
        .columns
        .iter()
        .map(|&c| std::mem::take(&mut columns[c]))
        .collect();
    named
        .par_iter_mut()
        .zip(t.as_slice().par_chunks(n))
        .for_each(|(column, scores)| {
            let mut sorted = column.clone();
            // Equal under total_cmp means the same bits: the unstable sort is deterministic.
            sorted.sort_unstable_by(f64::total_cmp);
            for (rank, row) in order(scores).into_iter().enumerate() {
                column[row] = sorted[rank];
            }
        });
    for (&c, column) in targets.columns.iter().zip(named) {
        columns[c] = column;
    }
    Ok(())
}

#[cfg(test)]
#[path = "rank_correlation_tests.rs"]
mod tests;
