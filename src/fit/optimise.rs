//! Minimising a smooth function of a few parameters: Nelder and Mead's (1965) simplex
//! method from the `argmin` crate, restarted from its best point until a restart no longer
//! improves (a restart repairs a simplex collapsed onto a line, the method's known
//! failure).

use argmin::core::{CostFunction, Error, Executor, State};
use argmin::solver::neldermead::NelderMead;

/// A function to minimise; non-finite values count as +∞ (outside the domain).
struct Objective<'a> {
    f: &'a dyn Fn(&[f64]) -> f64,
}

impl CostFunction for Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> Result<f64, Error> {
        let v = (self.f)(p);
        Ok(if v.is_finite() { v } else { f64::INFINITY })
    }
}

/// Iterations per simplex run.
const MAX_ITERS: u64 = 5_000;
/// Restarts after the first run.
const MAX_RESTARTS: usize = 8;

/// The point near `start` where `f` is smallest, and `f` there; `steps` are the initial
/// simplex's edge along each coordinate. `None` when `f` is infinite everywhere the
/// simplex went.
pub(crate) fn minimise(
    f: &dyn Fn(&[f64]) -> f64,
    start: &[f64],
    steps: &[f64],
) -> Option<(Vec<f64>, f64)> {
    let mut best = start.to_vec();
    let mut best_value = f(start);
    if !best_value.is_finite() {
        best_value = f64::INFINITY;
    }
    for _ in 0..=MAX_RESTARTS {
        let mut simplex = vec![best.clone()];
        for (i, step) in steps.iter().enumerate() {
            let mut p = best.clone();
            p[i] += step;
            simplex.push(p);
        }
        let solver = NelderMead::new(simplex).with_sd_tolerance(1e-13).ok()?;
        let run = Executor::new(Objective { f }, solver)
            .configure(|state| state.max_iters(MAX_ITERS))
            .run()
            .ok()?;
        let state = run.state();
        let value = state.get_best_cost();
        let Some(point) = state.get_best_param().cloned() else {
            break;
        };
        let improved = value < best_value - 1e-12 * best_value.abs().max(1.0);
        if value < best_value {
            best = point;
            best_value = value;
        }
        if !improved {
            break;
        }
    }
    best_value.is_finite().then_some((best, best_value))
}

#[cfg(test)]
mod tests {
    use super::minimise;

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let f = |p: &[f64]| (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2);
        let (p, v) = minimise(&f, &[-1.2, 1.0], &[0.5, 0.5]).unwrap();
        assert!(v < 1e-12, "{v}");
        assert!(
            (p[0] - 1.0).abs() < 1e-5 && (p[1] - 1.0).abs() < 1e-5,
            "{p:?}"
        );
    }
}
