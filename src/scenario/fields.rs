//! Every numeric field of a scenario with its path, and which parameters they use.

use std::collections::{BTreeMap, BTreeSet};

use super::{Quantity, Scenario};

impl Scenario {
    /// Every numeric field outside `[parameters]`, with its path as errors name it
    /// (`fleet.nodes`, `staffing.sre.rate`, `strategies.repave.activities[2].hours`).
    /// Optional fields that are not set are left out.
    pub fn numeric_fields(&self) -> Vec<(String, &Quantity)> {
        let mut out: Vec<(String, &Quantity)> = vec![(
            "settings.discount_rate".to_string(),
            &self.settings.discount_rate,
        )];
        let f = &self.fleet;
        for (name, q) in [
            ("nodes", &f.nodes),
            ("services", &f.services),
            ("clusters", &f.clusters),
            ("growth", &f.growth),
        ] {
            out.push((format!("fleet.{name}"), q));
        }
        for (role, r) in &self.staffing {
            for (name, q) in [
                ("rate", &r.rate),
                ("headcount", &r.headcount),
                ("hours_per_year", &r.hours_per_year),
                ("available_share", &r.available_share),
                ("overflow_multiplier", &r.overflow_multiplier),
            ] {
                out.push((format!("staffing.{role}.{name}"), q));
            }
        }
        for (sname, s) in &self.strategies {
            for (i, a) in s.activities.iter().enumerate() {
                let at = format!("strategies.{sname}.activities[{i}]");
                let optional = [
                    ("cycles_per_year", a.cycles_per_year.as_ref()),
                    ("probability", a.probability.as_ref()),
                ];
                for (name, q) in optional {
                    if let Some(q) = q {
                        out.push((format!("{at}.{name}"), q));
                    }
                }
                for (name, q) in [
                    ("hours", &a.hours),
                    ("people", &a.people),
                    ("cost", &a.cost),
                ] {
                    out.push((format!("{at}.{name}"), q));
                }
            }
        }
        out
    }

    /// The parameters some field uses, directly or through a chain of aliases, each with
    /// the paths of the fields that lead to it. A parameter missing here is used by nothing.
    pub fn parameter_uses(&self) -> BTreeMap<&str, Vec<String>> {
        let mut uses: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (path, q) in self.numeric_fields() {
            let Quantity::Param(first) = q else { continue };
            let mut seen = BTreeSet::new();
            let mut name = first.as_str();
            // Follow the alias chain; stop at a cycle or an undefined name.
            while let Some((key, value)) = self.parameters.get_key_value(name) {
                if !seen.insert(key.as_str()) {
                    break;
                }
                uses.entry(key.as_str()).or_default().push(path.clone());
                match value {
                    Quantity::Param(next) => name = next.as_str(),
                    _ => break,
                }
            }
        }
        uses
    }

    /// Parameter names fields refer to that `[parameters]` does not define.
    pub fn undefined_parameter_references(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        let referenced = self
            .numeric_fields()
            .into_iter()
            .map(|(_, q)| q)
            .chain(self.parameters.values());
        for q in referenced {
            if let Quantity::Param(name) = q {
                if !self.parameters.contains_key(name) {
                    out.insert(name.as_str());
                }
            }
        }
        out
    }
}
