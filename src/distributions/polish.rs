//! One tail of a continuous distribution as a monotone map between values and tail
//! probabilities, and the one-evaluation correction that turns a close guess at a tail
//! quantile into the quantile itself.

/// What the correction needs to know about a tail at one value `x`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Local {
    /// The tail probability `G(x)`: the CDF, or the survival function of an upper tail.
    pub tail: f64,
    /// `G'(x)`: the density, negated for an upper tail.
    pub slope: f64,
    /// `f'(x)/f(x)` for the density `f` (the same for either tail).
    pub log_slope: f64,
    /// The derivative of `log_slope` at `x`.
    pub log_curvature: f64,
}

/// One tail of a distribution: values `x` whose tail probability `G(x)` runs from 0 to ½,
/// monotone in `x`.
pub(crate) trait Side {
    /// `G` and the density's derivatives at `x`, or `None` where they cannot be computed.
    fn local(&self, x: f64) -> Option<Local>;
    /// The exact quantile: the `x` with `G(x) = p`, by the distribution's own solver.
    fn exact(&self, p: f64) -> f64;
    /// The distance from `x` to the nearest point where the density is not smooth (an
    /// end of the support): the correction only trusts steps well inside it.
    fn reach(&self, x: f64) -> f64;
    /// The coordinate in which quantiles are interpolated (near-linear in `ln p`).
    fn coord(&self, x: f64) -> f64;
    /// The inverse of [`Side::coord`].
    fn value_at(&self, y: f64) -> f64;
    /// `d coord / dx` at `x`.
    fn coord_slope(&self, x: f64) -> f64;
    /// What [`Side::shifted`] needs to know of a value `x` to move from it in the
    /// coordinate: by default its coordinate.
    fn anchor(&self, x: f64) -> f64 {
        self.coord(x)
    }
    /// `coord(x) − coord(x0)`, computed so that a small change keeps its precision
    /// however large the coordinates are. By default the plain difference.
    fn coord_change(&self, x0: f64, x: f64) -> f64 {
        self.coord(x) - self.coord(x0)
    }
    /// The value whose coordinate is `delta` above that of the value with the given
    /// [`Side::anchor`]. By default `value_at(anchor + delta)`; a side whose coordinate is
    /// a logarithm overrides it to multiply instead, so that a small `delta` keeps the
    /// value's relative precision however large the coordinate is.
    fn shifted(&self, anchor: f64, delta: f64) -> f64 {
        self.value_at(anchor + delta)
    }
}

/// Largest step, relative to the reach and to the density's own length scales, that the
/// correction takes without falling back.
const MAX_RELATIVE_STEP: f64 = 1e-3;

/// Largest estimated error left after the correction, relative to the result.
const MAX_RELATIVE_ERROR: f64 = 1e-14;

/// The quantile `x` with `G(x) = p`, from a guess `x0` close to it, with one evaluation of
/// `G`: the inverse function's Taylor series about `p0 = G(x0)` to third order,
///
/// `x = x0 − δ − (g/2) δ² − ((2g² − g')/6) δ³`, with `δ = (G(x0) − p)/G'(x0)`,
///
/// where `g = f'/f` (a Chebyshev-type step; the series follows from `Q' = 1/G'` by
/// differentiating). `None` when the guess is too far out for the omitted fourth-order
/// term to be below [`MAX_RELATIVE_ERROR`]; the caller then solves exactly.
pub(crate) fn polish<S: Side>(side: &S, p: f64, x0: f64) -> Option<f64> {
    correct(side, p, x0, side.local(x0)?)
}

/// [`polish`] with the tail's [`Local`] at `x0` already evaluated (`at = side.local(x0)`).
pub(crate) fn correct<S: Side>(side: &S, p: f64, x0: f64, at: Local) -> Option<f64> {
    let step = (at.tail - p) / at.slope;
    // The density's shortest length scale near x0, as an inverse length.
    let inverse_scale = (1.0 / side.reach(x0))
        .max(at.log_slope.abs())
        .max(at.log_curvature.abs().sqrt());
    let relative = step.abs() * inverse_scale;
    // relative ≤ 1e-3 and |step|·relative³ ≤ 1e-14·|x|: the fourth-order term, of size
    // about |step|·relative³, is negligible; NaN fails both tests.
    if !(relative <= MAX_RELATIVE_STEP
        && step.abs() * relative.powi(3) <= MAX_RELATIVE_ERROR * x0.abs())
    {
        return None;
    }
    let g = at.log_slope;
    let third = (2.0 * g * g - at.log_curvature) / 6.0;
    let x = x0 - step * (1.0 + step * (0.5 * g + step * third));
    x.is_finite().then_some(x)
}
