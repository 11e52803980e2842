//! The scenario's data types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Practice, Quantity};

fn default_horizon() -> u32 {
    3
}
fn default_currency() -> String {
    "USD".to_string()
}
fn zero() -> Quantity {
    Quantity::Fixed(0.0)
}
fn one() -> Quantity {
    Quantity::Fixed(1.0)
}
fn default_hours_per_year() -> Quantity {
    Quantity::Fixed(1800.0)
}
fn default_overflow() -> Quantity {
    Quantity::Fixed(1.5)
}

/// Largest horizon accepted, in years.
pub const MAX_HORIZON: u32 = 100;

/// What a horizon must be, for messages.
fn years_wanted() -> String {
    format!("must be a whole number of years in [1, {MAX_HORIZON}]")
}

/// Reads a number of years: a whole number (`3`, or `3.0` from JSON), in words when not.
fn whole_years<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    struct Years;
    impl serde::de::Visitor<'_> for Years {
        type Value = u32;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number of years")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::custom(format!("{}, got {v}", years_wanted())))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::custom(format!("{}, got {v}", years_wanted())))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u32, E> {
            if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                Ok(v as u32)
            } else {
                Err(E::custom(format!(
                    "{}, got {}",
                    years_wanted(),
                    crate::money::format_exact(v)
                )))
            }
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u32, E> {
            Err(E::custom(format!(
                "{}, got the string {v:?}; write it without quotes",
                years_wanted()
            )))
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<u32, E> {
            Err(E::custom(format!("{}, got {v}", years_wanted())))
        }
    }
    d.deserialize_any(Years)
}

/// Everything one simulation needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A one-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Horizon, discounting and currency.
    #[serde(default)]
    pub settings: Settings,
    /// Fleet counts and growth.
    #[serde(default)]
    pub fleet: Fleet,
    /// Roles by name.
    #[serde(default)]
    pub staffing: BTreeMap<String, Role>,
    /// Named uncertain quantities, shared by every field that names them.
    #[serde(default)]
    pub parameters: BTreeMap<String, Quantity>,
    /// Human labels of parameters, by parameter name, shown by charts and reports in place
    /// of the name (e.g. `rebuild_hours = "Rebuild time per node (h)"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameter_labels: BTreeMap<String, String>,
    /// Strategies by name.
    pub strategies: BTreeMap<String, Strategy>,
    /// Which strategy is the baseline and which the alternative.
    pub comparison: Comparison,
    /// Rank correlations between uncertain inputs (`[[correlations]]`), in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<Correlation>,
    /// What finding out an uncertain input before deciding would cost, by input key
    /// (parameter name or field path), for the value-of-information sentence of reports.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub finding_out: BTreeMap<String, FindingOut>,
}

/// A target rank (Spearman) correlation between two uncertain inputs, each named by its
/// parameter name or the path of its field (as in `replace` and sweep grids).
///
/// ```toml
/// [[correlations]]
/// between = ["rate_sre", "rate_security"]
/// rank = 0.6
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correlation {
    /// The two inputs: parameter names or field paths (checked when compiled: exactly two).
    pub between: Vec<String>,
    /// The target Spearman coefficient, in [-1, 1] (checked when compiled).
    pub rank: f64,
}

/// What learning one uncertain input before deciding costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingOut {
    /// The cost, in the scenario's currency (0 or more).
    pub cost: f64,
    /// How one finds out, in words (e.g. "an ask-why meeting").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
}

/// Horizon, discount rate and currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Years simulated (1 or more).
    #[serde(default = "default_horizon", deserialize_with = "whole_years")]
    pub horizon_years: u32,
    /// Yearly discount rate (0 or more).
    #[serde(default = "zero")]
    pub discount_rate: Quantity,
    /// Currency label used in reports and charts.
    #[serde(default = "default_currency")]
    pub currency: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            horizon_years: 3,
            discount_rate: zero(),
            currency: default_currency(),
        }
    }
}

/// Fleet counts in year 1 and their yearly growth.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fleet {
    /// Hosts or VMs (worker nodes under containers).
    #[serde(default = "zero")]
    pub nodes: Quantity,
    /// Deployable services, one image each.
    #[serde(default = "zero")]
    pub services: Quantity,
    /// Clusters or environments.
    #[serde(default = "zero")]
    pub clusters: Quantity,
    /// Yearly growth rate of every count.
    #[serde(default = "zero")]
    pub growth: Quantity,
}

impl Default for Fleet {
    fn default() -> Self {
        Fleet {
            nodes: zero(),
            services: zero(),
            clusters: zero(),
            growth: zero(),
        }
    }
}

/// A staff role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Loaded cost per hour.
    pub rate: Quantity,
    /// Number of people.
    pub headcount: Quantity,
    /// Productive hours per person per year.
    #[serde(default = "default_hours_per_year")]
    pub hours_per_year: Quantity,
    /// Share of those hours the modelled work may use.
    #[serde(default = "one")]
    pub available_share: Quantity,
    /// Cost multiplier for hours above capacity (overtime, contractors).
    #[serde(default = "default_overflow")]
    pub overflow_multiplier: Quantity,
}

/// A named way of operating: a list of activities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// A one-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The activities.
    #[serde(default)]
    pub activities: Vec<Activity>,
}

/// What an activity scales with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    /// Once, in year 0 (a project budget, not discounted).
    Once,
    /// Once a year.
    Yearly,
    /// `cycles_per_year` times a year.
    PerCycle,
    /// Per node, `cycles_per_year` times a year.
    PerNode,
    /// Per service, `cycles_per_year` times a year.
    PerService,
    /// Per cluster, `cycles_per_year` times a year.
    PerCluster,
}

impl Driver {
    /// The name used in files.
    pub fn as_str(&self) -> &'static str {
        match self {
            Driver::Once => "once",
            Driver::Yearly => "yearly",
            Driver::PerCycle => "per_cycle",
            Driver::PerNode => "per_node",
            Driver::PerService => "per_service",
            Driver::PerCluster => "per_cluster",
        }
    }

    /// True when `cycles_per_year` multiplies the units.
    pub fn uses_cycles(&self) -> bool {
        !matches!(self, Driver::Once | Driver::Yearly)
    }
}

/// One recurring or one-time piece of work or spend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Unique within its strategy.
    pub name: String,
    /// A human label shown by charts and reports in place of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What it scales with.
    pub driver: Driver,
    /// Occurrences per unit per year (default 1; required for `per_cycle`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycles_per_year: Option<Quantity>,
    /// When set, occurrences are random events with this probability per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<Quantity>,
    /// Hours per occurrence per person.
    #[serde(default = "zero")]
    pub hours: Quantity,
    /// The role doing the work (needed when hours can be above 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// People per occurrence.
    #[serde(default = "one")]
    pub people: Quantity,
    /// Direct money per occurrence.
    #[serde(default = "zero")]
    pub cost: Quantity,
    /// Which of Repair, Repave and Rotate it belongs to (default `other`).
    #[serde(default, skip_serializing_if = "Practice::is_other")]
    pub practice: Practice,
    /// A one-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The two strategies compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// The current practice.
    pub baseline: String,
    /// The proposed practice; savings are baseline minus alternative.
    pub alternative: String,
}
