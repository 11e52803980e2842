//! A table of exact quantiles of one tail at nodes evenly spaced in `ln p`, and between
//! each two nodes a polynomial for the quantile itself.
//!
//! * **The polynomial** ([`Segment`]): the quantile's coordinate between two nodes, as a
//!   function of `ln p`, by Chebyshev interpolation of degree [`DEGREE`] through polished
//!   quantiles at the segment's Chebyshev points. It is checked when the table is made, at
//!   the two nodes (exact quantiles) and halfway between each two Chebyshev points
//!   (polished quantiles), and kept only where it is within [`SEGMENT_TOLERANCE`] of them
//!   everywhere; a quantile from it costs a logarithm, the polynomial and an exponential,
//!   and no CDF evaluation.
//! * **Elsewhere** (a segment whose check failed: the deepest tails of odd shapes): the
//!   cubic Hermite interpolation of the nodes is a start close enough to the quantile for
//!   [`polish`] to finish it with one evaluation of the CDF.
//!
//! [`polish`]: super::polish::polish

use super::polish::{polish, Side};

/// The degree of each segment's polynomial.
pub(crate) const DEGREE: usize = 9;

/// The largest relative difference, at the check points, of a segment's polynomial from
/// the exact (at the nodes) or polished (between them) quantile for the segment to be kept.
pub(crate) const SEGMENT_TOLERANCE: f64 = 1e-14;

/// Between two nodes, the quantile's coordinate as a polynomial in the position `s ∈ [0, 1]`
/// between them, relative to the coordinate at the first node.
#[derive(Clone, Debug)]
pub(crate) struct Segment {
    /// [`Side::anchor`] of the quantile at the first node; NaN where the segment was not
    /// kept.
    anchor: f64,
    /// The interpolating Chebyshev series of the coordinate's change from the first node,
    /// in `t = 2s − 1`, rewritten in the power basis: `powers[k]` multiplies `t^k`.
    powers: [f64; DEGREE + 1],
}

impl Segment {
    /// A segment that is never used: the table's Hermite start and the polish answer.
    const UNUSED: Segment = Segment {
        anchor: f64::NAN,
        powers: [0.0; DEGREE + 1],
    };

    /// The segment of the Chebyshev coefficients `chebyshev` (of `T_0 … T_DEGREE` in `t`)
    /// from the anchor `anchor`, the series summed into the power basis once.
    fn new(anchor: f64, chebyshev: &[f64; DEGREE + 1]) -> Segment {
        let mut powers = [0.0; DEGREE + 1];
        // T_{m−1} and T_m as power-basis coefficients (whole numbers, exact in doubles).
        let (mut before, mut current) = ([0.0; DEGREE + 1], [0.0; DEGREE + 1]);
        current[0] = 1.0;
        for (m, &c) in chebyshev.iter().enumerate() {
            for (p, t) in powers.iter_mut().zip(&current) {
                *p += c * t;
            }
            if m == DEGREE {
                break;
            }
            // T_{m+1} = 2t T_m − T_{m−1} (T_1 = t).
            let mut next = [0.0; DEGREE + 1];
            for k in 0..DEGREE {
                next[k + 1] = if m == 0 { current[k] } else { 2.0 * current[k] };
            }
            if m > 0 {
                for (n, b) in next.iter_mut().zip(&before) {
                    *n -= b;
                }
            }
            before = current;
            current = next;
        }
        Segment { anchor, powers }
    }

    /// The coordinate's change from the first node at position `s`, by Estrin's scheme (few
    /// operations wait on each other), written out for degree 9.
    fn delta(&self, s: f64) -> f64 {
        const _: () = assert!(DEGREE == 9, "Segment::delta is written out for degree 9");
        let t = 2.0 * s - 1.0;
        let p = &self.powers;
        let t2 = t * t;
        let t4 = t2 * t2;
        let low = (p[0] + p[1] * t) + t2 * (p[2] + p[3] * t);
        let middle = (p[4] + p[5] * t) + t2 * (p[6] + p[7] * t);
        let high = p[8] + p[9] * t;
        low + t4 * (middle + t4 * high)
    }
}

/// The Chebyshev points of the first kind on `[0, 1]`, `DEGREE + 1` of them.
fn chebyshev_points() -> [f64; DEGREE + 1] {
    let n = (DEGREE + 1) as f64;
    std::array::from_fn(|k| 0.5 * (1.0 + (std::f64::consts::PI * (k as f64 + 0.5) / n).cos()))
}

/// The cosines of the discrete cosine transform that turns values at the Chebyshev points
/// into coefficients: `cos(π·m·(k + ½)/n)` at row `m`, column `k`, `n = DEGREE + 1`.
fn dct_cosines() -> [[f64; DEGREE + 1]; DEGREE + 1] {
    let n = (DEGREE + 1) as f64;
    std::array::from_fn(|m| {
        std::array::from_fn(|k| (std::f64::consts::PI * m as f64 * (k as f64 + 0.5) / n).cos())
    })
}

/// The Chebyshev points and the transform's cosines, computed once per process: every
/// segment of every table uses the same ones (a table of a few hundred segments would
/// otherwise evaluate 110 cosines for each).
static CHEBYSHEV: std::sync::LazyLock<([f64; DEGREE + 1], [[f64; DEGREE + 1]; DEGREE + 1])> =
    std::sync::LazyLock::new(|| (chebyshev_points(), dct_cosines()));

/// `ln ½`: the last node, where the lower and upper tails meet.
const LN_HALF: f64 = -std::f64::consts::LN_2;

/// `ln 2⁻³⁰`: the first node. Tail probabilities below 2⁻³⁰ ≈ 9.3e-10 are left to the
/// exact solver (about two draws in a billion).
const LN_FIRST: f64 = -30.0 * std::f64::consts::LN_2;

/// A tail's quantiles at nodes `ln p = LN_FIRST + j·h`, `j = 0..=n`, as the side's
/// coordinate `y` and its derivative `dy/d(ln p)`, and a [`Segment`] between each two.
#[derive(Clone, Debug)]
pub(crate) struct TailTable<S> {
    side: S,
    /// `1/h`: nodes per unit of `ln p`.
    per_unit: f64,
    /// `(y, h·dy/d(ln p))` at each node; NaN where the exact quantile is unusable.
    nodes: Vec<(f64, f64)>,
    /// The polynomial between node `j` and node `j + 1`, at `j`.
    segments: Vec<Segment>,
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
        let exact: Vec<f64> = (0..=intervals)
            .map(|j| side.exact((LN_FIRST + j as f64 * h).exp()))
            .collect();
        let nodes = (0..=intervals)
            .map(|j| {
                let p = (LN_FIRST + j as f64 * h).exp();
                let x = exact[j];
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
        let mut table = TailTable {
            side,
            per_unit: 1.0 / h,
            nodes,
            segments: Vec::new(),
        };
        table.segments = (0..intervals)
            .map(|j| table.segment(j, h, exact[j], exact[j + 1]))
            .collect();
        table
    }

    /// The polynomial between nodes `j` and `j + 1` (exact quantiles `x0` and `x1`),
    /// through the polished quantiles at its Chebyshev points, if it passes its check
    /// (module documentation); else [`Segment::UNUSED`].
    fn segment(&self, j: usize, h: f64, x0: f64, x1: f64) -> Segment {
        let side = &self.side;
        let at = |s: f64| {
            let p = (LN_FIRST + (j as f64 + s) * h).exp();
            self.hermite_quantile(p)
        };
        let (points, cosines) = &*CHEBYSHEV;
        let mut values = [0.0; DEGREE + 1];
        for (value, &s) in values.iter_mut().zip(points) {
            match at(s) {
                Some(x) => *value = side.coord_change(x0, x),
                None => return Segment::UNUSED,
            }
        }
        // Coefficients by the discrete cosine transform of the values at the points.
        let n = (DEGREE + 1) as f64;
        let mut coefficients = [0.0; DEGREE + 1];
        for (c, row) in coefficients.iter_mut().zip(cosines) {
            let sum: f64 = values.iter().zip(row).map(|(v, cos)| v * cos).sum();
            *c = 2.0 * sum / n;
        }
        coefficients[0] *= 0.5;
        let segment = Segment::new(side.anchor(x0), &coefficients);
        // The check: the nodes themselves, and halfway between each two Chebyshev points.
        let close = |s: f64, want: f64| {
            let got = side.shifted(segment.anchor, segment.delta(s));
            (got - want).abs() <= SEGMENT_TOLERANCE * want.abs()
        };
        let mut checks = vec![(0.0, Some(x0)), (1.0, Some(x1))];
        checks.extend(points.windows(2).map(|w| {
            let s = 0.5 * (w[0] + w[1]);
            (s, at(s))
        }));
        let passes = checks
            .into_iter()
            .all(|(s, want)| want.is_some_and(|want| want.is_finite() && close(s, want)));
        if passes && segment.anchor.is_finite() {
            segment
        } else {
            Segment::UNUSED
        }
    }

    /// The quantile at tail probability `p`, or `None` outside the table or where neither
    /// its segment nor the polished start can answer (the caller then solves exactly).
    pub(crate) fn quantile(&self, p: f64) -> Option<f64> {
        self.segment_quantile(p)
            .or_else(|| self.hermite_quantile(p))
    }

    /// The quantile at tail probability `p` from the polynomial of the segment that holds
    /// it, or `None` outside the table or where that segment was not kept.
    pub(crate) fn segment_quantile(&self, p: f64) -> Option<f64> {
        let (j, s) = self.locate(p)?;
        let segment = &self.segments[j];
        if segment.anchor.is_nan() {
            return None;
        }
        let x = self.side.shifted(segment.anchor, segment.delta(s));
        x.is_finite().then_some(x)
    }

    /// The polished Hermite start at tail probability `p` ([`TailTable::start`]): the
    /// quantile where the segment's polynomial was not kept.
    pub(crate) fn hermite_quantile(&self, p: f64) -> Option<f64> {
        polish(&self.side, p, self.start(p)?)
    }

    /// The segment `j` that holds tail probability `p` and the position `s ∈ [0, 1]` in
    /// it, or `None` outside the table.
    fn locate(&self, p: f64) -> Option<(usize, f64)> {
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
        Some((j, s))
    }

    /// The table's side.
    pub(crate) fn side(&self) -> &S {
        &self.side
    }

    /// The interpolated start at tail probability `p` that [`TailTable::quantile`] polishes,
    /// or `None` outside the table.
    pub(crate) fn start(&self, p: f64) -> Option<f64> {
        let (j, s) = self.locate(p)?;
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

impl<S> TailTable<S> {
    /// How many segments passed their check, of how many.
    #[cfg(test)]
    pub(crate) fn segments_kept(&self) -> (usize, usize) {
        let kept = self.segments.iter().filter(|s| !s.anchor.is_nan()).count();
        (kept, self.segments.len())
    }
}
