//! Human labels: what charts and reports call an input, a parameter or an activity.
//!
//! A parameter may carry a label (`[parameter_labels]`), an activity a `label` field; an
//! input without one is named by a readable form of its path.

use super::Scenario;

/// Longest accepted label, in characters.
pub const MAX_LABEL_CHARS: usize = 80;

/// Why `label` is not an acceptable label, or `None` when it is: it must hold a visible
/// character, fit on one line and be at most [`MAX_LABEL_CHARS`] characters long.
pub fn label_problem(label: &str) -> Option<String> {
    let n = label.chars().count();
    if label.trim().is_empty() {
        Some("a label must not be empty".to_string())
    } else if n > MAX_LABEL_CHARS {
        Some(format!(
            "a label is at most {MAX_LABEL_CHARS} characters long, got {n}"
        ))
    } else if label.chars().any(char::is_control) {
        Some("a label is one line of text, without line breaks or control characters".into())
    } else {
        None
    }
}

/// `rebuild_hours` → `Rebuild hours`.
fn readable(name: &str) -> String {
    let text = name.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// Words for an activity's numeric field.
fn activity_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "hours" => "hours",
        "people" => "people",
        "cost" => "direct cost",
        "cycles_per_year" => "cycles per year",
        "probability" => "probability",
        _ => return None,
    })
}

/// Words for a role's numeric field.
fn role_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "rate" => "hourly rate",
        "headcount" => "headcount",
        "hours_per_year" => "hours per year",
        "available_share" => "available share",
        "overflow_multiplier" => "overflow multiplier",
        _ => return None,
    })
}

impl Scenario {
    /// The label of parameter `name`: its `[parameter_labels]` entry, else a readable form
    /// of the name.
    pub fn parameter_label(&self, name: &str) -> String {
        self.parameter_labels
            .get(name)
            .cloned()
            .unwrap_or_else(|| readable(name))
    }

    /// The label of activity `name` of strategy `strategy`: its `label`, else its name.
    pub fn activity_label(&self, strategy: &str, name: &str) -> String {
        self.strategies
            .get(strategy)
            .and_then(|s| s.activities.iter().find(|a| a.name == name))
            .and_then(|a| a.label.clone())
            .unwrap_or_else(|| name.to_string())
    }

    /// What charts and reports call the input column `key` (a parameter name or a field
    /// path such as `fleet.nodes` or `strategies.repave.rebuild nodes.hours`):
    /// `Rebuild time per node (h)`, `Rebuild nodes (repave): hours`, `sre hourly rate`.
    pub fn input_label(&self, key: &str) -> String {
        if self.parameters.contains_key(key) {
            return self.parameter_label(key);
        }
        for (sname, strategy) in &self.strategies {
            for a in &strategy.activities {
                let prefix = format!("strategies.{sname}.{}.", a.name);
                if let Some(field) = key.strip_prefix(&prefix).and_then(activity_field) {
                    let name = a.label.clone().unwrap_or_else(|| readable(&a.name));
                    return format!("{name} ({sname}): {field}");
                }
            }
        }
        if let Some(rest) = key.strip_prefix("staffing.") {
            if let Some((role, field)) = rest.rsplit_once('.') {
                if let Some(words) = role_field(field) {
                    return format!("{role} {words}");
                }
            }
        }
        match key {
            "fleet.nodes" => "Nodes".into(),
            "fleet.services" => "Services".into(),
            "fleet.clusters" => "Clusters".into(),
            "fleet.growth" => "Fleet growth per year".into(),
            "settings.discount_rate" => "Discount rate".into(),
            other => readable(&other.replace('.', " ")),
        }
    }

    /// What charts call the scenario path `path` that a sweep varies: the label of the
    /// input it sets ([`Scenario::input_label`]), with `parameters.{name}` naming parameter
    /// `name`: `parameters.rebuild_hours` → `Rebuild hours`, `fleet.nodes` → `Nodes`.
    pub fn path_label(&self, path: &str) -> String {
        match path.strip_prefix("parameters.") {
            Some(name) if self.parameters.contains_key(name) => self.parameter_label(name),
            _ => self.input_label(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_one_short_visible_line() {
        assert_eq!(label_problem("Rebuild time per node (h)"), None);
        assert_eq!(label_problem(&"é".repeat(MAX_LABEL_CHARS)), None);
        assert!(label_problem("").unwrap().contains("empty"));
        assert!(label_problem(" \t").unwrap().contains("empty"));
        assert!(label_problem(&"x".repeat(MAX_LABEL_CHARS + 1))
            .unwrap()
            .contains("80"));
        assert!(label_problem("two\nlines").unwrap().contains("one line"));
    }

    #[test]
    fn readable_names() {
        assert_eq!(readable("rebuild_hours"), "Rebuild hours");
        assert_eq!(readable(""), "");
    }
}
