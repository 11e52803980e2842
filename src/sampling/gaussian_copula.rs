//! Rank correlation between columns of uniform design points by a Gaussian copula: the
//! transformation a quasi-Monte Carlo design needs, where rearranging rows (Iman & Conover)
//! would break the points' balance.
//!
//! Each row `u` of the named columns becomes `Φ(L Φ⁻¹(u))`, with `L Lᵀ` the Pearson matrix
//! `2 sin(π r / 6)` of the rank targets `r`: the result is a Gaussian copula whose Spearman
//! coefficients are exactly `r` (Pearson 1907; Kruskal 1958, JASA 53:814–861), and since each
//! row of `L` has unit length every column stays uniform on (0, 1), ready for its marginal's
//! exact quantile function. The first column of a group is unchanged (`L` is lower
//! triangular with `L₀₀ = 1`; it keeps its exact values), and each later column depends only
//! on the columns before it in the group.
//!
//! ```
//! use repave_cost::sampling::gaussian_copula::gaussian_copula;
//! use repave_cost::sampling::rank_correlation::RankTargets;
//! let mut cols = vec![vec![0.1, 0.5, 0.9], vec![0.9, 0.5, 0.1]];
//! let targets = RankTargets::new(vec![0, 1], vec![1.0, 0.999, 0.999, 1.0]).unwrap();
//! gaussian_copula(&mut cols, &targets).unwrap();
//! assert!(cols[1][0] < cols[1][1] && cols[1][1] < cols[1][2]);
//! ```

use nalgebra::{DMatrix, SymmetricEigen};
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, Normal};

use super::rank_correlation::{RankCorrelationError, RankTargets};
use crate::stats::correlation_matrix::PSD_TOLERANCE;

/// Rows per parallel task: a fixed size, so the work split never depends on threads (each
/// row is computed on its own anyway).
const ROWS_PER_TASK: usize = 4096;

/// The smallest and largest values a transformed coordinate takes: `Φ` rounds to 0 or 1 in
/// double precision beyond about ±8.3 standard deviations, and a quantile function at 0 or 1
/// may be infinite.
const LOWEST: f64 = f64::MIN_POSITIVE;
const HIGHEST: f64 = 1.0 - f64::EPSILON / 2.0;

/// A lower factor `L` with `L Lᵀ = m` and `L₀₀ = 1`: Cholesky, or for a singular positive
/// semi-definite `m` (a rank of ±1) the Cholesky factor of `m` plus a vanishing ridge
/// corrected back to unit rows.
fn lower_factor(m: &DMatrix<f64>) -> Result<DMatrix<f64>, RankCorrelationError> {
    if let Some(chol) = m.clone().cholesky() {
        return Ok(chol.l());
    }
    let smallest = SymmetricEigen::new(m.clone()).eigenvalues.min();
    if smallest < -PSD_TOLERANCE {
        return Err(RankCorrelationError::NotPositiveSemiDefinite(smallest));
    }
    let k = m.nrows();
    let ridged = m * (1.0 - 1e-12) + DMatrix::identity(k, k) * 1e-12;
    let mut l = ridged
        .cholesky()
        .ok_or(RankCorrelationError::NotPositiveSemiDefinite(smallest))?
        .l();
    for mut row in l.row_iter_mut() {
        let norm = row.norm();
        row /= norm;
    }
    Ok(l)
}

/// Replaces the named columns of uniforms in (0, 1) by a Gaussian copula with the targets'
/// Spearman coefficients, row by row (`Φ(L Φ⁻¹(u))`); columns not named are untouched, and
/// the result is a pure function of the inputs on any number of threads. Values stay in
/// (0, 1) (clamped to `[f64::MIN_POSITIVE, 1 − 2⁻⁵³]` where `Φ` rounds to 0 or 1).
pub fn gaussian_copula(
    columns: &mut [Vec<f64>],
    targets: &RankTargets,
) -> Result<(), RankCorrelationError> {
    let named = targets.columns();
    let k = named.len();
    if k == 0 {
        return Ok(());
    }
    if let Some(c) = named.iter().find(|&&c| c >= columns.len()) {
        return Err(RankCorrelationError::BadColumns(format!(
            "column {c} named; there are {}",
            columns.len()
        )));
    }
    let n = columns[named[0]].len();
    if let Some(c) = named.iter().find(|&&c| columns[c].len() != n) {
        return Err(RankCorrelationError::BadColumns(format!(
            "column {c} has {} rows, column {} has {n}",
            columns[*c].len(),
            named[0]
        )));
    }
    if let Some((c, u)) = named
        .iter()
        .flat_map(|&c| columns[c].iter().map(move |&u| (c, u)))
        .find(|(_, u)| !(*u > 0.0 && *u < 1.0))
    {
        return Err(RankCorrelationError::BadColumns(format!(
            "column {c} holds {u}; uniforms must lie in (0, 1)"
        )));
    }
    let l = lower_factor(&targets.pearson())?;
    let mut taken: Vec<Vec<f64>> = named
        .iter()
        .map(|&c| std::mem::take(&mut columns[c]))
        .collect();
    let normal = Normal::standard();
    let mut out: Vec<Vec<f64>> = vec![vec![0.0; n]; k];
    // Work on row blocks: block b of every output column from block b of every input column.
    let mut blocks: Vec<Vec<&mut [f64]>> = (0..n.div_ceil(ROWS_PER_TASK))
        .map(|_| Vec::with_capacity(k))
        .collect();
    for col in out.iter_mut() {
        for (b, chunk) in col.chunks_mut(ROWS_PER_TASK).enumerate() {
            blocks[b].push(chunk);
        }
    }
    let inputs = &taken;
    blocks
        .into_par_iter()
        .enumerate()
        .for_each(|(b, mut block)| {
            let start = b * ROWS_PER_TASK;
            let mut z = vec![0.0; k];
            for i in 0..block[0].len() {
                for (j, zj) in z.iter_mut().enumerate() {
                    *zj = normal.inverse_cdf(inputs[j][start + i]);
                }
                // Row 0 of L is the first unit vector: the first column keeps its exact
                // values rather than a Φ(Φ⁻¹(u)) round trip.
                block[0][i] = inputs[0][start + i];
                for (j, col) in block.iter_mut().enumerate().skip(1) {
                    let x: f64 = (0..=j).map(|m| l[(j, m)] * z[m]).sum();
                    col[i] = normal.cdf(x).clamp(LOWEST, HIGHEST);
                }
            }
        });
    taken.clear();
    for (&c, column) in named.iter().zip(out) {
        columns[c] = column;
    }
    Ok(())
}

#[cfg(test)]
#[path = "gaussian_copula_tests.rs"]
mod tests;
