//! The ranges numeric fields must stay in, and the test of a value or a distribution's
//! support against them.

/// The range a field's values must stay in.
#[derive(Clone, Copy)]
pub(super) struct Range {
    low: f64,
    low_open: bool,
    high: f64,
    /// How messages write the range (`"≥ 0"`, `"in [0, 1]"`).
    pub(super) text: &'static str,
}

/// Counts, rates, hours and money: zero or more.
pub(super) const NON_NEGATIVE: Range = Range {
    low: 0.0,
    low_open: false,
    high: f64::INFINITY,
    text: "≥ 0",
};
/// Shares and probabilities.
pub(super) const SHARE: Range = Range {
    low: 0.0,
    low_open: false,
    high: 1.0,
    text: "in [0, 1]",
};
/// Multipliers that never reduce a cost.
pub(super) const AT_LEAST_ONE: Range = Range {
    low: 1.0,
    low_open: false,
    high: f64::INFINITY,
    text: "≥ 1",
};
/// Yearly fleet growth: shrinking to nothing is not a growth rate.
pub(super) const GROWTH: Range = Range {
    low: -1.0,
    low_open: true,
    high: 10.0,
    text: "in (-1, 10]",
};
/// Hours in a (leap) year.
pub(super) const HOURS_IN_YEAR: Range = Range {
    low: 0.0,
    low_open: true,
    high: 8784.0,
    text: "in (0, 8784]",
};

impl Range {
    /// Whether the value `v` is allowed.
    pub(super) fn admits(&self, v: f64) -> bool {
        let above = if self.low_open {
            v > self.low
        } else {
            v >= self.low
        };
        above && v <= self.high
    }

    /// Whether every value of a distribution with support `(lo, hi)` is allowed.
    pub(super) fn admits_support(&self, lo: f64, hi: f64) -> bool {
        lo >= self.low && hi <= self.high && (lo > self.low || !self.low_open || lo < hi)
    }
}
