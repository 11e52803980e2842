//! Decision analysis on top of the cost model: where a statistic of savings crosses a
//! level along one scenario field ([`break_even()`]), and what knowing an input before
//! deciding is worth ([`value_of_information()`]).

pub mod break_even;
mod statistic;
pub mod value_of_information;

pub use break_even::{break_even, BreakEven, BreakEvenRequest};
pub use statistic::{Estimate, Statistic};
pub use value_of_information::{value_of_information, ValueOfInformation, VoiKind, VoiRow};
