//! Reading a scenario tree part by part, so that every structural problem (unknown field,
//! wrong type, bad distribution table) is reported at once, each with its path.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::Problems;
use super::{Activity, Comparison, Correlation, FindingOut, Fleet, Quantity, Role, Settings};

/// Top-level fields of a scenario.
const TOP_LEVEL: [&str; 11] = [
    "name",
    "description",
    "settings",
    "fleet",
    "staffing",
    "parameters",
    "parameter_labels",
    "strategies",
    "comparison",
    "correlations",
    "finding_out",
];

/// Fields of a strategy table.
const STRATEGY_FIELDS: [&str; 2] = ["description", "activities"];

/// Deserialises `value` as a `T`, recording a failure under `path`.
fn part<T: DeserializeOwned>(value: &Value, path: &str, problems: &mut Problems) {
    if let Err(e) = serde_path_to_error::deserialize::<_, T>(value.clone()) {
        let inner = e.path().to_string();
        let full = match (path.is_empty(), inner == ".") {
            (_, true) => path.to_string(),
            (true, false) => inner,
            (false, false) if inner.starts_with('[') => format!("{path}{inner}"),
            (false, false) => format!("{path}.{inner}"),
        };
        problems.push(full, e.into_inner().to_string());
    }
}

/// Checks that `value` is a table whose keys are all in `known`; returns its entries.
fn table<'a>(
    value: &'a Value,
    path: &str,
    known: Option<&[&str]>,
    problems: &mut Problems,
) -> Option<&'a serde_json::Map<String, Value>> {
    let Value::Object(map) = value else {
        problems.push(path, format!("expected a table, found {}", kind(value)));
        return None;
    };
    if let Some(known) = known {
        for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
            let at = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            problems.push(
                at,
                format!(
                    "unknown field `{key}`, expected one of {}",
                    known.join(", ")
                ),
            );
        }
    }
    Some(map)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

/// Every structural problem of a scenario tree, in document order.
pub(crate) fn problems(value: &Value) -> Problems {
    let mut p = Problems::default();
    let Some(top) = table(value, "", Some(&TOP_LEVEL), &mut p) else {
        return p;
    };
    for (key, text_field) in [("name", true), ("description", true)] {
        if let Some(v) = top.get(key) {
            if text_field && !v.is_string() {
                p.push(key, format!("expected a string, found {}", kind(v)));
            }
        }
    }
    if let Some(v) = top.get("settings") {
        part::<Settings>(v, "settings", &mut p);
    }
    if let Some(v) = top.get("finding_out") {
        part::<std::collections::BTreeMap<String, FindingOut>>(v, "finding_out", &mut p);
    }
    if let Some(v) = top.get("fleet") {
        part::<Fleet>(v, "fleet", &mut p);
    }
    if let Some(v) = top.get("staffing") {
        if let Some(roles) = table(v, "staffing", None, &mut p) {
            for (name, role) in roles {
                part::<Role>(role, &format!("staffing.{name}"), &mut p);
            }
        }
    }
    if let Some(v) = top.get("parameters") {
        if let Some(params) = table(v, "parameters", None, &mut p) {
            for (name, q) in params {
                part::<Quantity>(q, &format!("parameters.{name}"), &mut p);
            }
        }
    }
    if let Some(v) = top.get("parameter_labels") {
        if let Some(labels) = table(v, "parameter_labels", None, &mut p) {
            for (name, label) in labels.iter().filter(|(_, l)| !l.is_string()) {
                p.push(
                    format!("parameter_labels.{name}"),
                    format!("expected a string, found {}", kind(label)),
                );
            }
        }
    }
    match top.get("strategies") {
        None => p.push(
            "strategies",
            "missing: a scenario needs at least two strategies",
        ),
        Some(v) => {
            if let Some(strategies) = table(v, "strategies", None, &mut p) {
                for (name, s) in strategies {
                    let path = format!("strategies.{name}");
                    let Some(fields) = table(s, &path, Some(&STRATEGY_FIELDS), &mut p) else {
                        continue;
                    };
                    if let Some(d) = fields.get("description").filter(|d| !d.is_string()) {
                        p.push(
                            format!("{path}.description"),
                            format!("expected a string, found {}", kind(d)),
                        );
                    }
                    match fields.get("activities") {
                        None => {}
                        Some(Value::Array(items)) => {
                            for (i, a) in items.iter().enumerate() {
                                part::<Activity>(a, &format!("{path}.activities[{i}]"), &mut p);
                            }
                        }
                        Some(other) => p.push(
                            format!("{path}.activities"),
                            format!("expected a list of activities, found {}", kind(other)),
                        ),
                    }
                }
            }
        }
    }
    match top.get("comparison") {
        None => p.push(
            "comparison",
            "missing: name the baseline and the alternative strategy",
        ),
        Some(v) => part::<Comparison>(v, "comparison", &mut p),
    }
    match top.get("correlations") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, c) in items.iter().enumerate() {
                part::<Correlation>(c, &format!("correlations[{i}]"), &mut p);
            }
        }
        Some(other) => p.push(
            "correlations",
            format!(
                "expected a list of correlations ([[correlations]] tables), found {}",
                kind(other)
            ),
        ),
    }
    p
}
