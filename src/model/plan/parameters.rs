//! The parameters pass: names checked, every parameter resolved (following aliases) and
//! its distribution registered in name order, so parameter columns lead the trial table;
//! then the labels, and at the end the parameters no field uses.

use super::compiler::{Compiler, Resolved};
use crate::scenario::label_problem;
use crate::scenario::suggest::{did_you_mean, hint, list_or_none};
use crate::scenario::Quantity;

/// Result column names a parameter may not take.
const RESERVED_NAMES: [&str; 4] = ["savings", "savings_per_year", "payback_year", "trial"];

/// Whether `name` is an identifier: a letter or `_`, then letters, digits and `_`.
fn valid_parameter_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Checks every parameter's name and resolves it, in name order (registering its column).
pub(super) fn parameters(c: &mut Compiler<'_>) {
    let scenario = c.scenario;
    for name in scenario.parameters.keys() {
        if !valid_parameter_name(name) {
            c.problems.push(
                format!("parameters.{name}"),
                "a parameter name must start with a letter or _ and hold only letters, digits and _",
            );
        } else if RESERVED_NAMES.contains(&name.as_str()) {
            c.problems.push(
                format!("parameters.{name}"),
                format!("{name:?} names a result column; choose another parameter name"),
            );
        }
        c.parameter(name, &mut Vec::new());
    }
}

/// Checks that every parameter label labels a parameter and is a valid label.
pub(super) fn labels(c: &mut Compiler<'_>) {
    let scenario = c.scenario;
    for (name, label) in &scenario.parameter_labels {
        let at = format!("parameter_labels.{name}");
        if !scenario.parameters.contains_key(name) {
            let names = || scenario.parameters.keys().map(String::as_str);
            c.problems.push(
                at,
                format!(
                    "labels no parameter{} (parameters: {})",
                    hint(name, names()),
                    list_or_none(names())
                ),
            );
        } else if let Some(why) = label_problem(label) {
            c.problems.push(at, why);
        }
    }
}

impl Compiler<'_> {
    /// Resolves parameter `name` (following aliases), reporting cycles and bad definitions.
    pub(super) fn parameter(&mut self, name: &str, chain: &mut Vec<String>) -> Option<Resolved> {
        if let Some(r) = self.resolved.get(name) {
            return r.clone();
        }
        let path = format!("parameters.{name}");
        let q = self.scenario.parameters.get(name)?;
        if chain.iter().any(|n| n == name) {
            chain.push(name.to_string());
            self.problems
                .push(path, format!("parameter cycle: {}", chain.join(" → ")));
            return None;
        }
        chain.push(name.to_string());
        let r = match q {
            Quantity::Fixed(v) => {
                if v.is_finite() {
                    Some(Resolved::Fixed(*v))
                } else {
                    self.problems
                        .push(path, format!("must be a finite number, got {v}"));
                    None
                }
            }
            Quantity::Dist(spec) => match spec.build() {
                Ok(dist) => Some(Resolved::Input(self.register(name, dist))),
                Err(e) => {
                    self.problems.push(path, e.message);
                    None
                }
            },
            Quantity::Param(target) => {
                if !self.scenario.parameters.contains_key(target) {
                    let known = self.scenario.parameters.keys().map(String::as_str);
                    self.problems.push(
                        path,
                        format!(
                            "names undefined parameter {target:?}{} (defined: {})",
                            hint(target, known.clone()),
                            list_or_none(known)
                        ),
                    );
                    None
                } else {
                    self.parameter(target, chain)
                }
            }
        };
        self.resolved.insert(name.to_string(), r.clone());
        r
    }
}

/// A problem for every parameter that no field uses, even through aliases: a parameter
/// nothing uses is a typo or a leftover, never what was meant.
pub(super) fn report_unused(c: &mut Compiler<'_>) {
    let scenario = c.scenario;
    let uses = scenario.parameter_uses();
    let undefined = scenario.undefined_parameter_references();
    for name in scenario.parameters.keys() {
        if uses.contains_key(name.as_str()) {
            continue;
        }
        // A field naming a parameter that does not exist is the likeliest match, then
        // a parameter that is used (a near twin of it is a leftover or a typo).
        let near = undefined.iter().copied().chain(
            scenario
                .parameters
                .keys()
                .map(String::as_str)
                .filter(|p| uses.contains_key(p)),
        );
        let message = match did_you_mean(name, near) {
            Some(other) => format!(
                "no field uses parameter {name:?} (did you mean {other:?}?); remove it, \
                 or name it in the field it is meant for"
            ),
            None => format!(
                "no field uses parameter {name:?}; remove it, or name it in the field it \
                 is meant for"
            ),
        };
        c.problems.push(format!("parameters.{name}"), message);
    }
}
