//! # repave-cost
//!
//! A Monte Carlo cost model that compares a "repave" practice (periodically rebuilding hosts
//! from a known-good image) with immutable containers that are rebuilt and redeployed.

pub mod chart;
pub mod money;
