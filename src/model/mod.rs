//! The cost model: compile a scenario into a plan, simulate trials, summarise results,
//! and sweep a grid of scenario variants with common random numbers. Every output is declared
//! once, in [`outputs`].
//!
//! ```
//! use repave_cost::model::{simulate, Plan};
//! use repave_cost::sampling::{Control, Method};
//! use repave_cost::scenario::Scenario;
//! let scenario = Scenario::from_toml(r#"
//!     [fleet]
//!     nodes = 10
//!     [staffing.sre]
//!     rate = 100
//!     headcount = 1
//!     [[strategies.repave.activities]]
//!     name = "rebuild"
//!     driver = "per_node"
//!     cycles_per_year = 12
//!     hours = 2
//!     role = "sre"
//!     [strategies.immutable]
//!     [comparison]
//!     baseline = "repave"
//!     alternative = "immutable"
//! "#).unwrap();
//! let plan = std::sync::Arc::new(Plan::new(&scenario).unwrap());
//! let result = simulate(&plan, 100, 0, Method::Random, &Control::new()).unwrap();
//! // 10 nodes × 12 × 2 h = 240 h a year at $100, 3 years.
//! assert_eq!(result.savings[0], 72_000.0);
//! ```

mod attribution;
mod correlation_table;
mod diff;
mod dimensions;
mod error;
mod extend;
pub mod input_warnings;
pub mod inputs;
mod layout;
pub mod outputs;
mod pass;
mod payback;
mod plan;
mod pool;
mod result;
mod run;
pub mod sensitivity;
mod shared_work;
mod simulate;
mod state;
mod sweep;
mod sweep_point;
mod tables;
#[cfg(test)]
pub(crate) mod test_columns;

pub use attribution::Attribution;
pub use diff::{paired_difference, simulate_pair, PairError, DIFF_COLUMNS};
pub use error::RunError;
pub use extend::{continuation, extend};
pub use payback::payback_year;
pub use plan::{ActivityPlan, CorrelationPlan, Plan, RolePlan, StrategyPlan, Val};
pub use pool::pool;
pub use result::{ActivityOutput, RoleOutput, SimResult, StrategyDetail, StrategyOutput};
pub use sensitivity::{sensitivity_indices, GroupIndices, SensitivityIndices};
pub use simulate::{check_trials, simulate, SimError, MAX_TRIAL_CELLS};
pub use state::{SimState, STATE_VERSION};
pub use sweep::{check_sweep, grid_size, sweep, sweep_part, GridAxis, SweepError};
pub use tables::{Threshold, CUMULATIVE_SAVINGS, SUMMARY_COLUMNS};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_core;
#[cfg(test)]
mod tests_correlations;
#[cfg(test)]
mod tests_design;
#[cfg(test)]
mod tests_extend;
#[cfg(test)]
mod tests_sobol;
#[cfg(test)]
mod tests_sweep_part;
