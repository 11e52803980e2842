//! The built-in scenarios: ordinary TOML files shipped inside the library, to inspect,
//! copy, change and save.
//!
//! ```
//! let scenario = repave_cost::presets::load("fleet").unwrap();
//! assert_eq!(scenario.name.as_deref(), Some("fleet"));
//! ```

use crate::scenario::{Scenario, ScenarioError};

/// Every preset: its name and its TOML text.
const PRESETS: [(&str, &str); 4] = [
    (
        "vendor_initiative",
        include_str!("../presets/vendor_initiative.toml"),
    ),
    (
        "customer_repave",
        include_str!("../presets/customer_repave.toml"),
    ),
    ("fleet", include_str!("../presets/fleet.toml")),
    ("vm_fleet", include_str!("../presets/vm_fleet.toml")),
];

/// The names of the presets, in a stable order.
pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|(n, _)| *n).collect()
}

/// The TOML text of preset `name`, comments and sources included.
pub fn text(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The preset `name` as a scenario; an error lists the known names.
pub fn load(name: &str) -> Result<Scenario, ScenarioError> {
    let text = text(name).ok_or_else(|| {
        ScenarioError::one(
            "preset",
            format!("unknown preset {name:?} (presets: {})", names().join(", ")),
        )
    })?;
    Scenario::from_toml(text)
}

/// Each preset's name and one-line description.
pub fn describe() -> Vec<(&'static str, String)> {
    names()
        .into_iter()
        .map(|n| {
            (
                n,
                load(n).ok().and_then(|s| s.description).unwrap_or_default(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Plan;

    #[test]
    fn every_preset_is_valid_and_round_trips() {
        for name in names() {
            let s = load(name).unwrap();
            assert_eq!(
                Scenario::from_toml(&s.to_toml().unwrap()).unwrap(),
                s,
                "{name}"
            );
            Plan::new(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(load("nope").unwrap_err().to_string().contains("fleet"));
    }
}
