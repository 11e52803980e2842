//! Decision analysis on top of the cost model: where a statistic of savings crosses a
//! level along one scenario field ([`break_even`]).

pub mod break_even;
mod statistic;

pub use break_even::{break_even, BreakEven, BreakEvenRequest};
pub use statistic::{Estimate, Statistic};
