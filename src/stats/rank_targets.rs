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
/// `i` (e.g. `correlations[2] (a ~ b, 0.9)`) and `input(c)` names input `set.columns[c]`;
/// the pairs at fault and valid targets to use instead (Higham's nearest correlation
/// matrix, to two decimals, checked to hold as written), with the pairs not given (target
/// 0) that those targets move, which have to be given too.
pub fn not_psd_message(
    bad: &NotPositiveSemiDefinite,
    set: &PairSet,
    names: &[String],
    input: &dyn Fn(usize) -> String,
) -> String {
    let blamed: Vec<&str> = bad.pairs.iter().map(|&i| names[i].as_str()).collect();
    let shown = |r: f64| format!("{:.2}", r + 0.0); // + 0.0: no "-0.00"
    let nearest: Vec<String> = set
        .local
        .iter()
        .zip(names)
        .map(|(l, name)| format!("{name} -> {}", shown(bad.suggested_ranks[(l.a, l.b)])))
        .collect();
    let k = set.columns.len();
    let given = |a: usize, b: usize| {
        set.local
            .iter()
            .any(|l| (l.a, l.b) == (a, b) || (l.b, l.a) == (a, b))
    };
    let moved: Vec<String> = (0..k)
        .flat_map(|a| (a + 1..k).map(move |b| (a, b)))
        .filter(|&(a, b)| !given(a, b) && bad.suggested_ranks[(a, b)] != 0.0)
        .map(|(a, b)| {
            format!(
                "{} ~ {} -> {}",
                input(a),
                input(b),
                shown(bad.suggested_ranks[(a, b)])
            )
        })
        .collect();
    let not_given = if moved.is_empty() {
        String::new()
    } else {
        format!(
            ", and for pairs not given (now 0), which must be given too: {}",
            moved.join(", ")
        )
    };
    format!(
        "these rank correlations cannot hold together: their matrix is not positive \
         semi-definite (the smallest eigenvalue of its normal-score matrix 2 sin(pi r / 6) \
         is {:.3}); the pairs at fault: {}; valid targets near them (Higham's nearest \
         correlation matrix, to two decimals): {}{not_given}; change the ranks, nothing is \
         repaired silently",
        bad.smallest_eigenvalue,
        blamed.join(", "),
        nearest.join(", ")
    )
}
