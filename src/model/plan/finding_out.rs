//! The `finding_out` pass: each entry must name an input (an uncertain input, or a
//! parameter or field that a change such as a sweep point may have fixed: then there is
//! nothing to learn and the entry is unused) and cost a finite amount of 0 or more.

use super::compiler::Compiler;
use crate::scenario::suggest::{hint, list_or_none};

/// Checks `finding_out` against the inputs registered by the earlier passes, the
/// parameters and the scenario's fields.
pub(super) fn finding_out(c: &mut Compiler<'_>) {
    let scenario = c.scenario;
    for (key, entry) in &scenario.finding_out {
        let path = format!("finding_out.{key}");
        let known = c.inputs.iter().any(|i| i.key == *key)
            || scenario.parameters.contains_key(key)
            || crate::scenario::check_path(&scenario.to_value(), key).is_ok();
        if !known {
            let keys = c.inputs.iter().map(|i| i.key.as_str());
            c.problems.push(
                path.clone(),
                format!(
                    "names no input: neither a parameter nor a field{} (uncertain inputs: {})",
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
