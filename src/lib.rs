//! # repave-cost
//!
//! A Monte Carlo cost model that compares a "repave" practice (periodically rebuilding hosts
//! from a known-good image) with immutable containers that are rebuilt and redeployed.
//!
//! * [`distributions`]: validated probability distributions for uncertain inputs;
//! * [`sampling`]: the joint-sampling engine (random or Latin hypercube), deterministic
//!   across thread counts;
//! * [`scenario`]: the scenario file format (TOML/JSON) and path edits;
//! * [`model`]: compile, simulate, summarise and sweep;
//! * [`decision`]: decision analysis (break-even search);
//! * [`stats`]: summaries, quantiles, rank correlation, tornado swings and confidence
//!   intervals;
//! * [`precision`]: simulating in growing batches until the watched statistics are precise
//!   enough;
//! * [`presets`]: the built-in scenarios;
//! * [`chart`], [`figures`] and [`money`]: charts (PNG/SVG), the charts of a result, and
//!   money formatting.

#![warn(missing_docs)]

pub mod chart;
pub mod decision;
pub mod distributions;
pub mod figures;
pub mod fit;
pub mod limits;
pub mod model;
pub mod money;
pub mod precision;
pub mod presets;
pub mod sampling;
pub mod scenario;
pub mod stats;
pub mod table;

#[cfg(feature = "python")]
mod python;
