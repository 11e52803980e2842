//! From pairwise rank targets between inputs (by input index) to the sampler's
//! [`RankTargets`], and the message for a set of targets that cannot hold together. Shared
//! by the scenario's `[[correlations]]` (the plan) and `rc.sample(..., correlation=...)`.

use super::correlation_matrix::{
    rank_target_matrix, NotPositiveSemiDefinite, PairTarget, TargetProblem,
};
use crate::sampling::RankTargets;

/// Pairs of inputs with their targets, renumbered over the inputs they name.
#[derive(Clone, Debug, PartialEq)]
pub struct PairSet {
    /// The inputs named, in input order (ascending index): the sampler's columns. Sorting
    /// makes the result independent of the order the pairs are given in.
    pub columns: Vec<usize>,
    /// Each pair, in the order given, with `a` and `b` indexing `columns`.
    pub local: Vec<PairTarget>,
}

impl PairSet {
    /// The set of `pairs` (`(a, b, rank)` by input index).
    pub fn new(pairs: &[(usize, usize, f64)]) -> PairSet {
        let mut columns: Vec<usize> = pairs.iter().flat_map(|p| [p.0, p.1]).collect();
        columns.sort_unstable();
        columns.dedup();
        let at = |i: usize| columns.partition_point(|&c| c < i);
        let local = pairs
            .iter()
            .map(|&(a, b, rank)| PairTarget::new(at(a), at(b), rank))
            .collect();
        PairSet { columns, local }
    }

    /// The sampler's targets, or every problem [`rank_target_matrix`] finds (positions in
    /// `local`).
    pub fn targets(&self) -> Result<RankTargets, Vec<TargetProblem>> {
        let k = self.columns.len();
        let matrix = rank_target_matrix(k, &self.local)?;
        Ok(RankTargets::from_valid(self.columns.clone(), matrix))
    }
}

/// The message for targets that are not positive semi-definite: `names[i]` describes pair
/// `i` (e.g. `correlations[2] (a ~ b, 0.9)`); the pairs at fault and the nearest valid
/// values of every pair (Higham's nearest correlation matrix, to two decimals).
pub fn not_psd_message(bad: &NotPositiveSemiDefinite, set: &PairSet, names: &[String]) -> String {
    let blamed: Vec<&str> = bad.pairs.iter().map(|&i| names[i].as_str()).collect();
    let nearest: Vec<String> = set
        .local
        .iter()
        .zip(names)
        .map(|(l, name)| format!("{name} -> {:.2}", bad.nearest_ranks[(l.a, l.b)]))
        .collect();
    format!(
        "these rank correlations cannot hold together: their matrix is not positive \
         semi-definite (the smallest eigenvalue of its normal-score matrix 2 sin(pi r / 6) \
         is {:.3}); the pairs at fault: {}; the nearest valid targets (Higham's nearest \
         correlation matrix): {}; change the ranks, nothing is repaired silently",
        bad.smallest_eigenvalue,
        blamed.join(", "),
        nearest.join(", ")
    )
}
