//! Numerical inversion of a monotone tail function: safeguarded Newton steps on the
//! logarithms, inside a bracket.
//!
//! The beta and gamma tails behave like a power `c·x^a` near 0; with a small shape `a`
//! Newton's method on `G(x) = p` in `x` is hopeless there (each step overshoots by a
//! factor `1/a`, and plain bisection needs hundreds of halvings to reach 1e-300). On
//! `ln G` against `ln x` the same tail is a straight line of slope `a`, so one Newton
//! step is nearly exact, and the normal-like bodies of large shapes stay as well
//! conditioned as before.

/// Steps allowed: a bisection of `ln x` over the whole normal range (about 1420 wide) down
/// to ulps needs about 65; Newton steps usually finish in under ten.
const MAX_STEPS: usize = 200;

/// Solves `φ(x) = target` for `0 < x < upper`, where `φ` is increasing and `eval(x)`
/// gives `(φ(x), x·φ'(x))`: the derivative of `φ` against `ln x`. `φ(x)` is meant to be a
/// logarithm of a tail probability (so that `x·φ'(x)` is bounded where the tail is a
/// power of `x`), and `φ(upper) ≥ target` is assumed without being evaluated.
///
/// Newton steps are taken on `ln x` (`x ← x·exp(−(φ − target)/(x·φ'))`), bisection of
/// `ln x` when a step leaves the bracket (`upper` may be infinite: the bracket then grows
/// outward). Stops when a step moves `x` by a few ulps, when the residual is at the
/// rounding level of `φ`, or after [`MAX_STEPS`] evaluations; deterministic.
///
/// Roots below the smallest normal `f64` (about 2.2e-308) give 0: `x` itself would be
/// subnormal or underflow.
pub(crate) fn solve_log_increasing(
    eval: impl Fn(f64) -> (f64, f64),
    target: f64,
    guess: f64,
    upper: f64,
) -> f64 {
    const TINY: f64 = f64::MIN_POSITIVE;
    // φ(lo) < target < φ(hi); lo = 0 until a point below the root has been evaluated.
    let mut lo = 0.0;
    let mut hi = upper;
    let mut x = if guess >= TINY && guess < upper {
        guess
    } else if upper.is_finite() {
        0.5 * upper
    } else {
        1.0
    };
    // The rounding level of φ − target.
    let noise = 4.0 * f64::EPSILON * target.abs().max(1.0);
    for _ in 0..MAX_STEPS {
        let (value, slope) = eval(x);
        let diff = value - target;
        if diff == 0.0 {
            return x;
        } else if diff < 0.0 {
            lo = x;
        } else if diff > 0.0 {
            if x <= TINY {
                return 0.0;
            }
            hi = x;
        } else {
            // NaN: φ cannot be evaluated here (only for absurd shapes); give up.
            return x;
        }
        let step = -diff / slope;
        let newton = x * step.exp();
        if diff.abs() <= noise && newton.is_finite() && newton > 0.0 {
            // Converged to the rounding level of φ: the last step only polishes.
            return newton;
        }
        let next = if newton > lo && newton < hi && newton >= TINY {
            newton
        } else if lo == 0.0 && newton.is_finite() && TINY < hi {
            // The step undershoots past every normal number (or leaves the bracket
            // below): test the smallest normal once.
            TINY
        } else if hi.is_infinite() {
            // No upper point yet: grow outward (lo > 0 here).
            (8.0 * lo).max(1.0)
        } else {
            // Bisect ln x (the smallest normal standing in for 0).
            let mid = (0.5 * (lo.max(TINY).ln() + hi.ln())).exp();
            if !(mid > lo && mid < hi) {
                return x;
            }
            mid
        };
        if (next - x).abs() <= 4.0 * f64::EPSILON * x {
            return next;
        }
        x = next;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_power_law_in_one_or_two_steps_and_flushes_underflow_to_zero() {
        // φ = ln(x^a) with a = 0.01: the root of φ = ln q is q^100.
        let calls = std::cell::Cell::new(0);
        let power = |a: f64| {
            let calls = &calls;
            move |x: f64| {
                calls.set(calls.get() + 1);
                (a * x.ln(), a)
            }
        };
        let q: f64 = 0.001;
        let x = solve_log_increasing(power(0.01), q.ln(), 0.5, 1.0);
        let want = q.powf(100.0);
        assert!((x / want - 1.0).abs() < 1e-12, "{x:e} vs {want:e}");
        assert!(calls.get() <= 4, "{} evaluations", calls.get());
        // q^1000 = 1e-3000 underflows: 0.
        assert_eq!(solve_log_increasing(power(0.001), q.ln(), 0.5, 1.0), 0.0);
        // An unbounded support: φ = x − 50 (like −ln Q of an exponential), from far below.
        let x = solve_log_increasing(|x| (x - 50.0, x), 0.0, 1e-300, f64::INFINITY);
        assert!((x - 50.0).abs() < 1e-12, "{x}");
    }

    #[test]
    fn never_loops_on_nan_or_a_flat_function() {
        let x = solve_log_increasing(|_| (f64::NAN, f64::NAN), 0.0, 0.5, 1.0);
        assert!(x.is_finite());
        // A step function: Newton's slope is 0, bisection finds the jump at 0.3.
        let x = solve_log_increasing(|x| (if x < 0.3 { -1.0 } else { 1.0 }, 0.0), 0.0, 0.9, 1.0);
        assert!((x - 0.3).abs() < 1e-15, "{x}");
    }
}
