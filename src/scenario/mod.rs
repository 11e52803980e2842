//! Scenarios: plain data describing settings, fleet, staff, parameters, strategies and the
//! comparison. They are read from and written to TOML or JSON without loss.
//!
//! ```
//! use repave_cost::scenario::Scenario;
//! let text = r#"
//! [fleet]
//! nodes = 10
//! [staffing.sre]
//! rate = 100
//! headcount = 1
//! [[strategies.repave.activities]]
//! name = "rebuild"
//! driver = "per_node"
//! cycles_per_year = 12
//! hours = 2
//! role = "sre"
//! [strategies.immutable]
//! activities = []
//! [comparison]
//! baseline = "repave"
//! alternative = "immutable"
//! "#;
//! let scenario = Scenario::from_toml(text).unwrap();
//! assert_eq!(Scenario::from_toml(&scenario.to_toml().unwrap()).unwrap(), scenario);
//! ```

pub(crate) mod error;
mod fields;
mod io;
mod json_keys;
mod labels;
mod path;
mod practice;
mod quantity;
mod structure;
pub mod suggest;
mod types;

pub use error::{Problem, ScenarioError};
pub use labels::{label_problem, MAX_LABEL_CHARS};
pub use path::{check_path, set_path};
pub use practice::Practice;
pub use quantity::Quantity;
pub use types::{
    Activity, Comparison, Correlation, Driver, FindingOut, Fleet, Role, Scenario, Settings,
    Strategy, MAX_HORIZON,
};

#[cfg(test)]
mod tests;
