//! A table of exact quantiles of one tail at nodes evenly spaced in `ln p`, interpolated by
//! cubic Hermite polynomials: a start close enough to the quantile for [`polish`] to finish
//! it with one evaluation of the CDF.
//!
//! [`polish`]: super::polish::polish

use super::polish::{polish, Side};

/// `ln ½`: the last node, where the lower and upper tails meet.
const LN_HALF: f64 = -std::f64::consts::LN_2;

/// `ln 2⁻³⁰`: the first node. Tail probabilities below 2⁻³⁰ ≈ 9.3e-10 are left to the
/// exact solver (about two draws in a billion).
const LN_FIRST: f64 = -30.0 * std::f64::consts::LN_2;

/// A tail's quantiles at nodes `ln p = LN_FIRST + j·h`, `j = 0..=n`, as the side's
/// coordinate `y` and its derivative `dy/d(ln p)`.
#[derive(Clone, Debug)]
pub(crate) struct TailTable<S> {
    side: S,
    /// `1/h`: nodes per unit of `ln p`.
    per_unit: f64,
    /// `(y, h·dy/d(ln p))` at each node; NaN where the exact quantile is unusable.
    nodes: Vec<(f64, f64)>,
}

impl<S: Side> TailTable<S> {
    /// The number of nodes a table with spacing at most `h` in `ln p` holds.
    pub(crate) fn nodes_for(h: f64) -> usize {
        ((LN_HALF - LN_FIRST) / h).ceil() as usize + 1
    }

    /// Solves the side exactly at [`TailTable::nodes_for`]`(h)` nodes.
    pub(crate) fn build(side: S, h: f64) -> Self {
        let intervals = Self::nodes_for(h) - 1;
        let h = (LN_HALF - LN_FIRST) / intervals as f64;
        let nodes = (0..=intervals)
            .map(|j| {
                let p = (LN_FIRST + j as f64 * h).exp();
                let x = side.exact(p);
                let y = side.coord(x);
                // dy/d(ln p) = dy/dx · dx/dp · p.
                let dy = side
                    .local(x)
                    .map_or(f64::NAN, |at| side.coord_slope(x) * p / at.slope);
                if y.is_finite() && dy.is_finite() {
                    (y, h * dy)
                } else {
                    (f64::NAN, f64::NAN)
                }
            })
            .collect();
        TailTable {
            side,
            per_unit: 1.0 / h,
            nodes,
        }
    }

    /// The quantile at tail probability `p`, or `None` outside the table or where the
    /// interpolated start is not close enough (the caller then solves exactly).
    pub(crate) fn quantile(&self, p: f64) -> Option<f64> {
        polish(&self.side, p, self.start(p)?)
    }

    /// The table's side.
    pub(crate) fn side(&self) -> &S {
        &self.side
    }

    /// The interpolated start at tail probability `p` that [`TailTable::quantile`] polishes,
    /// or `None` outside the table.
    pub(crate) fn start(&self, p: f64) -> Option<f64> {
        let position = (p.ln() - LN_FIRST) * self.per_unit;
        if position.is_nan() || position < 0.0 {
            return None;
        }
        let j = (position as usize).min(self.nodes.len().checked_sub(2)?);
        let s = position - j as f64;
        // Past the last node (beyond rounding at p = ½).
        if s > 1.0 + 1e-9 {
            return None;
        }
        let (y0, d0) = self.nodes[j];
        let (y1, d1) = self.nodes[j + 1];
        // Cubic Hermite basis on [0, 1].
        let s2 = s * s;
        let s3 = s2 * s;
        let y = (2.0 * s3 - 3.0 * s2 + 1.0) * y0
            + (s3 - 2.0 * s2 + s) * d0
            + (3.0 * s2 - 2.0 * s3) * y1
            + (s3 - s2) * d1;
        if !y.is_finite() {
            return None;
        }
        Some(self.side.value_at(y))
    }
}
