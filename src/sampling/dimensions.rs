//! The run-wide map of a run's random dimensions: which coordinate of a point set each
//! uncertain input and each random event count draws from.
//!
//! A design that lays its numbers out as points in a unit cube (Sobol) needs every random
//! quantity of a run to have a dimension of its own, and the same dimension in every run
//! that should share random numbers (the points of a sweep). The map lists, in order:
//!
//! 1. the uncertain inputs, by key, in the order they are added (for a plan, the trial
//!    table's column order);
//! 2. one dimension per `(event key, year)`: a random event count of an activity (keyed by
//!    its event key, shared by activities of the same name in both strategies) in one year
//!    (0 for one-time items, `1..=T` for recurring ones).
//!
//! Dimensions are assigned by key, never by position in one plan, so a run that lacks an
//! input (a sweep point that fixes it) leaves every other input's dimension where it was.
//! Designs without a point set ([`super::Random`], [`super::Lhs`]) ignore the map.
//!
//! ```
//! use repave_cost::sampling::Dimensions;
//! let mut dims = Dimensions::new();
//! dims.add_input("rate");
//! dims.add_input("hours");
//! dims.add_event("outage", 1);
//! dims.add_input("rate"); // already there: keeps dimension 0
//! assert_eq!(dims.input("hours"), Some(1));
//! assert_eq!(dims.event("outage", 1), Some(2));
//! assert_eq!(dims.len(), 3);
//! ```

use std::collections::HashMap;

use super::InputSpec;

/// The dimensions of a run: inputs by key, then event counts by `(event key, year)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dimensions {
    inputs: HashMap<String, usize>,
    /// Per event key, the dimension of each year (index 0 for one-time items), where it has
    /// one.
    events: HashMap<String, Vec<Option<usize>>>,
    event_count: usize,
    count: usize,
}

impl Dimensions {
    /// An empty map.
    pub fn new() -> Dimensions {
        Dimensions::default()
    }

    /// The map of `inputs` alone, in their order (what [`super::sample_inputs`] uses for
    /// bare distributions: no events).
    pub fn of_inputs(inputs: &[InputSpec]) -> Dimensions {
        let mut dims = Dimensions::new();
        for input in inputs {
            dims.add_input(&input.key);
        }
        dims
    }

    /// Gives the input `key` the next dimension unless it has one; returns its dimension.
    ///
    /// Add every input before any event: the map does not reorder what it is given, and
    /// the leading dimensions of a point set are its best balanced.
    pub fn add_input(&mut self, key: &str) -> usize {
        if let Some(&d) = self.inputs.get(key) {
            return d;
        }
        let d = self.count;
        self.inputs.insert(key.to_string(), d);
        self.count += 1;
        d
    }

    /// Gives the event count of `key` in `year` (0 for a one-time item) the next dimension
    /// unless it has one; returns its dimension.
    pub fn add_event(&mut self, key: &str, year: usize) -> usize {
        let years = self.events.entry(key.to_string()).or_default();
        if years.len() <= year {
            years.resize(year + 1, None);
        }
        if let Some(d) = years[year] {
            return d;
        }
        let d = self.count;
        years[year] = Some(d);
        self.count += 1;
        self.event_count += 1;
        d
    }

    /// The dimension of the input `key`, if it has one.
    pub fn input(&self, key: &str) -> Option<usize> {
        self.inputs.get(key).copied()
    }

    /// The dimension of the event count of `key` in `year`, if it has one.
    pub fn event(&self, key: &str, year: usize) -> Option<usize> {
        self.event_years(key).get(year).copied().flatten()
    }

    /// The dimensions of the event counts of `key`, indexed by year (0 for a one-time
    /// item): `None` where that year has none; empty for a key without events.
    pub fn event_years(&self, key: &str) -> &[Option<usize>] {
        self.events.get(key).map_or(&[], Vec::as_slice)
    }

    /// How many dimensions the map holds.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when the map holds no dimension.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// How many of the dimensions are inputs.
    pub fn input_count(&self) -> usize {
        self.inputs.len()
    }

    /// How many of the dimensions are event counts.
    pub fn event_count(&self) -> usize {
        self.event_count
    }
}
