//! Numerical inversion of a monotone CDF: safeguarded Newton steps inside a bracket.

/// Solves `g(x) = target` for increasing `g` with derivative `dg`, starting at `guess`,
/// keeping the root inside `[lo, hi]` (`hi` may be infinite). Converges to a few ulps.
pub(crate) fn solve_increasing(
    g: impl Fn(f64) -> f64,
    dg: impl Fn(f64) -> f64,
    target: f64,
    guess: f64,
    mut lo: f64,
    mut hi: f64,
) -> f64 {
    // Make the upper end finite by doubling outward.
    if !hi.is_finite() {
        let mut step = guess.abs().max(1.0);
        hi = guess.max(lo) + step;
        while g(hi) < target && hi.is_finite() {
            lo = hi;
            step *= 2.0;
            hi += step;
        }
    }
    let mut x = if guess > lo && guess < hi {
        guess
    } else {
        0.5 * (lo + hi)
    };
    for _ in 0..200 {
        let gx = g(x);
        let diff = gx - target;
        if diff == 0.0 {
            return x;
        }
        if diff < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let slope = dg(x);
        let newton = x - diff / slope;
        let next = if slope.is_finite() && slope > 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - x).abs() <= 4.0 * f64::EPSILON * x.abs().max(f64::MIN_POSITIVE) || hi <= lo {
            return next;
        }
        x = next;
    }
    x
}
