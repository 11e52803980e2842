//! Reading and writing scenarios as TOML and JSON.

use super::{Scenario, ScenarioError};

impl Scenario {
    /// Reads a scenario from TOML text. Syntax errors give the line and column; type errors
    /// and unknown fields give the field's path. Semantic checks happen when the scenario
    /// is compiled for simulation (see [`crate::model::Plan`]).
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        let text = without_byte_order_mark(text);
        let table: toml::Table =
            toml::from_str(text).map_err(|e| ScenarioError::one("", toml_error_line(text, &e)))?;
        let value = serde_json::to_value(&table)
            .map_err(|e| ScenarioError::one("", format!("unsupported TOML value: {e}")))?;
        // JSON has no NaN or infinity: the conversion turns them into null, which an
        // optional field (an activity's `probability`, `cycles_per_year`) reads as "not
        // given". Refuse them here, where the TOML still says what they were.
        let mut problems = Vec::new();
        for (key, item) in &table {
            non_finite_floats(item, key.clone(), &mut problems);
        }
        if !problems.is_empty() {
            return Err(ScenarioError { problems }.with_activity_names(&value));
        }
        Scenario::from_value(value)
    }

    /// Reads a scenario from JSON text. A key given twice in one object is refused at its
    /// path (JSON readers keep the last one silently; TOML refuses it too).
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let text = without_byte_order_mark(text);
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
        let repeated = super::json_keys::duplicate_keys(text)
            .map_err(|e| ScenarioError::one("", format!("JSON syntax error: {e}")))?;
        if !repeated.is_empty() {
            let problems = repeated
                .into_iter()
                .map(|path| {
                    super::Problem::new(
                        path,
                        "is given twice in one JSON object; give each key once",
                    )
                })
                .collect();
            return Err(ScenarioError { problems }.with_activity_names(&value));
        }
        Scenario::from_value(value)
    }

    /// Reads a scenario from a JSON value tree (what Python dicts become).
    ///
    /// When the tree does not fit the format, every structural problem is reported at
    /// once (unknown fields, wrong types, bad distribution tables), each with its path.
    pub fn from_value(value: serde_json::Value) -> Result<Scenario, ScenarioError> {
        match serde_path_to_error::deserialize(value.clone()) {
            Ok(scenario) => Ok(scenario),
            Err(first) => {
                let all = super::structure::problems(&value);
                let e = if all.0.is_empty() {
                    let path = first.path().to_string();
                    let path = if path == "." { String::new() } else { path };
                    ScenarioError::one(path, first.into_inner().to_string())
                } else {
                    ScenarioError { problems: all.0 }
                };
                Err(e.with_activity_names(&value))
            }
        }
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

/// `text` without the byte order mark that some Windows editors put at the start of a
/// UTF-8 file (Notepad did until 2019); TOML and JSON readers take it for a stray character.
fn without_byte_order_mark(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Appends a problem for every NaN or infinite float in `value` (at `path`, list items
/// as `[i]`).
fn non_finite_floats(value: &toml::Value, path: String, problems: &mut Vec<super::Problem>) {
    match value {
        toml::Value::Float(x) if !x.is_finite() => problems.push(super::Problem::new(
            path,
            format!(
                "must be a finite number, got {}",
                x.to_string().to_lowercase()
            ),
        )),
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                non_finite_floats(item, format!("{path}[{i}]"), problems);
            }
        }
        toml::Value::Table(table) => {
            for (key, item) in table {
                non_finite_floats(item, format!("{path}.{key}"), problems);
            }
        }
        _ => {}
    }
}

/// A TOML syntax error as one line: where, then what.
fn toml_error_line(text: &str, e: &toml::de::Error) -> String {
    let at = match e.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            if let Some(hint) = text.lines().nth(line - 1).and_then(percent_hint) {
                return format!("TOML syntax error at line {line}, column {column}: {hint}");
            }
            format!(" at line {line}, column {column}")
        }
        // The rendered error starts "TOML parse error at line L, column C".
        None => e
            .to_string()
            .lines()
            .next()
            .and_then(|l| l.find(" at line").map(|i| l[i..].to_string()))
            .unwrap_or_default(),
    };
    // The explanation is the last line of the rendered error (after the source excerpt).
    let rendered = e.to_string();
    let what = rendered
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid TOML");
    format!("TOML syntax error{at}: {}", what.trim())
}

/// For a line `key = 8%`: what to write instead (TOML has no percentages).
fn percent_hint(line: &str) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let value = value.split('#').next()?.trim();
    let number = value.strip_suffix('%')?.trim();
    let v: f64 = number.replace('_', "").parse().ok()?;
    Some(format!(
        "{} = {value} is not a number: TOML has no percentages; write the share as a \
         number, {} = {}",
        key.trim(),
        key.trim(),
        crate::money::format_number(v / 100.0)
    ))
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
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
