//! The `finding_out` pass: each entry must name an uncertain input and cost a finite
//! amount of 0 or more.

use super::compiler::Compiler;
use crate::scenario::suggest::{hint, list_or_none};

/// Checks `finding_out` against the inputs registered by the earlier passes.
pub(super) fn finding_out(c: &mut Compiler<'_>) {
    let scenario = c.scenario;
    for (key, entry) in &scenario.finding_out {
        let path = format!("finding_out.{key}");
        if !c.inputs.iter().any(|i| i.key == *key) {
            let keys = c.inputs.iter().map(|i| i.key.as_str());
            c.problems.push(
                path.clone(),
                format!(
                    "names no uncertain input{} (uncertain inputs: {})",
                    hint(key, keys.clone()),
                    list_or_none(keys)
                ),
            );
        }
        if !(entry.cost.is_finite() && entry.cost >= 0.0) {
            c.problems.push(
                format!("{path}.cost"),
                format!("must be a finite amount ≥ 0, got {}", entry.cost),
            );
        }
    }
}
