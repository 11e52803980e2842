//! Scenario errors: every problem found, each with the path of the field at fault.

use std::fmt;

/// One problem in a scenario: the field's path and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path of the field, e.g. `strategies.repave.activities[2].hours`.
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
    /// The name of the activity `path` points into, if it does: shown after the path,
    /// `strategies.repave.activities[6].hours (activity "hands-on node rebuild"): …`, so
    /// people see which activity `[6]` is while `path` stays the machine-readable one
    /// (it works with `replace` and sweeps).
    pub activity: Option<String>,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
            activity: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.as_str(), &self.activity) {
            ("", _) => f.write_str(&self.message),
            (path, None) => write!(f, "{path}: {}", self.message),
            (path, Some(name)) => write!(f, "{path} (activity {name:?}): {}", self.message),
        }
    }
}

/// A scenario that cannot be read or is not valid. Lists every problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The problems, in the order they were found.
    pub problems: Vec<Problem>,
}

impl ScenarioError {
    /// An error with a single problem.
    pub fn one(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            problems: vec![Problem::new(path, message)],
        }
    }

    /// Names the activity of every problem whose path points into one, reading the names
    /// from the scenario tree `tree` (see [`Problem::activity`]).
    pub fn with_activity_names(mut self, tree: &serde_json::Value) -> ScenarioError {
        for p in &mut self.problems {
            if p.activity.is_none() {
                p.activity = activity_name(&p.path, tree);
            }
        }
        self
    }
}

/// The name of the activity `path` points into, when it points into one.
fn activity_name(path: &str, tree: &serde_json::Value) -> Option<String> {
    let rest = path.strip_prefix("strategies.")?;
    let marker = ".activities[";
    let at = rest.find(marker)?;
    let strategy = &rest[..at];
    let after = &rest[at + marker.len()..];
    let close = after.find(']')?;
    let index: usize = after[..close].parse().ok()?;
    let name = tree
        .get("strategies")?
        .get(strategy)?
        .get("activities")?
        .get(index)?
        .get("name")?
        .as_str()?;
    // A problem with the name itself shows the name in the path's own message.
    (!name.trim().is_empty()).then(|| name.to_string())
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems in the scenario:", many.len())?;
                for p in many {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Collects problems while walking a scenario.
#[derive(Default)]
pub(crate) struct Problems(pub Vec<Problem>);

impl Problems {
    pub(crate) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(path, message));
    }

    pub(crate) fn into_result<T>(self, value: T) -> Result<T, ScenarioError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(ScenarioError { problems: self.0 })
        }
    }
}
