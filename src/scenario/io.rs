//! Reading and writing scenarios as TOML and JSON.

use super::{Scenario, ScenarioError};

impl Scenario {
    /// Reads a scenario from TOML text. Syntax errors give the line and column; type errors
    /// and unknown fields give the field's path. Semantic checks happen when the scenario
    /// is compiled for simulation (see [`crate::model::Plan`]).
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            ScenarioError::one(
                "",
                format!("TOML syntax error: {}", e.to_string().trim_end()),
            )
        })?;
        let value = serde_json::to_value(&table)
            .map_err(|e| ScenarioError::one("", format!("unsupported TOML value: {e}")))?;
        Scenario::from_value(value)
    }

    /// Reads a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            ScenarioError::one(
                "",
                format!(
                    "JSON syntax error at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Scenario::from_value(value)
    }

    /// Reads a scenario from a JSON value tree (what Python dicts become).
    pub fn from_value(value: serde_json::Value) -> Result<Scenario, ScenarioError> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            ScenarioError::one(path, e.into_inner().to_string())
        })
    }

    /// The scenario as TOML text.
    pub fn to_toml(&self) -> Result<String, ScenarioError> {
        toml::to_string_pretty(self)
            .map_err(|e| ScenarioError::one("", format!("cannot write TOML: {e}")))
    }

    /// The scenario as pretty JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serialises to JSON")
    }

    /// The scenario as a JSON value tree.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a scenario always serialises to JSON")
    }
}

impl Scenario {
    /// A short, stable fingerprint of the scenario's content (16 hex digits of FNV-1a over
    /// its canonical JSON), printed on charts and reports to tie them to their inputs.
    pub fn content_hash(&self) -> String {
        let json = serde_json::to_string(self).expect("a scenario always serialises to JSON");
        let h = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("{h:016x}")
    }
}
