//! The comparison pass: the baseline and the alternative must name strategies, and
//! differ (that check comes last, after the parameter reports, as it always has).

use super::compiler::Compiler;
use super::StrategyPlan;
use crate::scenario::suggest::{hint, list_or_none};

/// The indices of the baseline and the alternative among `strategies` (`None` for a name
/// that is not a strategy, reported).
pub(super) fn comparison(
    c: &mut Compiler<'_>,
    strategies: &[StrategyPlan],
) -> (Option<usize>, Option<usize>) {
    let scenario = c.scenario;
    let find = |name: &str| strategies.iter().position(|s| s.name == name);
    let names: Vec<&str> = scenario.strategies.keys().map(String::as_str).collect();
    let cmp = &scenario.comparison;
    let baseline = find(&cmp.baseline);
    let alternative = find(&cmp.alternative);
    for (field, name, found) in [
        ("baseline", &cmp.baseline, baseline),
        ("alternative", &cmp.alternative, alternative),
    ] {
        if found.is_none() {
            c.problems.push(
                format!("comparison.{field}"),
                format!(
                    "{name:?} is not a strategy{} (strategies: {})",
                    hint(name, names.iter().copied()),
                    list_or_none(names.iter().copied())
                ),
            );
        }
    }
    (baseline, alternative)
}

/// Checks that the alternative is not the baseline.
pub(super) fn distinct(c: &mut Compiler<'_>) {
    let cmp = &c.scenario.comparison;
    if cmp.baseline == cmp.alternative {
        c.problems
            .push("comparison.alternative", "must differ from the baseline");
    }
}
