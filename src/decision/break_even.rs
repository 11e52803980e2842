//! Break-even: where a statistic of savings crosses a level along one numeric scenario
//! field (`fleet.nodes`, `staffing.sre.headcount`, a parameter).
//!
//! Every evaluation builds the scenario with the field set to one value exactly as a sweep
//! builds a grid point ([`Scenario::replace`]) and simulates it with the same seed,
//! trials and method, so all evaluations share their random numbers (common random
//! numbers): the statistic changes from point to point only through the field, and an
//! evaluation equals the sweep's row at that value. The search brackets the first sign
//! change of `statistic − level` from `low`, then narrows the bracket (two values around
//! its linear interpolation per round, evaluated in parallel, or [`POINTS_PER_ROUND`]
//! equally spaced ones after a round that did not halve it) until it is
//! [`RELATIVE_TOLERANCE`] of `high − low` wide, and interpolates linearly inside it.
//!
//! The 95% interval is the set of field values at which the statistic's own 95%
//! confidence interval ([`Statistic::estimate`]) contains the level: the same search run
//! on the interval's two ends. It measures the Monte Carlo uncertainty of the crossing
//! at this number of trials (more trials narrow it), not the spread of savings. It
//! assumes the statistic is monotone near the crossing; the evaluated points are in the
//! result's table to check.

use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use super::statistic::{Estimate, Statistic};
use crate::model::{simulate, Plan, RunError};
use crate::money::format_exact;
use crate::sampling::{Control, Method};
use crate::scenario::Scenario;
use crate::table::{Column, Table};

/// Points evaluated inside the bracket in each round (it shrinks by `POINTS + 1`).
pub const POINTS_PER_ROUND: usize = 7;
/// The search stops once its bracket is this share of `high − low` wide.
pub const RELATIVE_TOLERANCE: f64 = 1e-4;
/// The most rounds one search takes.
const MAX_ROUNDS: usize = 40;

/// What to search.
#[derive(Clone, Debug)]
pub struct BreakEvenRequest<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The dotted path of a numeric field.
    pub path: &'a str,
    /// Lower end of the range searched.
    pub low: f64,
    /// Upper end (above `low`).
    pub high: f64,
    /// The statistic of savings.
    pub statistic: Statistic,
    /// The level it should cross.
    pub level: f64,
    /// Trials per evaluation.
    pub trials: usize,
    /// The seed of every evaluation.
    pub seed: u64,
    /// The sampling method.
    pub method: Method,
}

/// Where the statistic crosses the level.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEven {
    /// The crossing.
    pub value: f64,
    /// Its 95% interval (see the module documentation).
    pub interval: (f64, f64),
    /// True for an end of `interval` that is an end of the range searched because the
    /// statistic's confidence interval still contains the level there.
    pub clipped: (bool, bool),
    /// Every evaluated value of the field with the statistic there, ascending.
    pub points: Vec<(f64, Estimate)>,
}

impl BreakEven {
    /// The evaluated points: `value` (the field's), `statistic`, `low` and `high` (its 95%
    /// confidence interval), ascending in `value`.
    pub fn table(&self) -> Table {
        let col = |f: fn(&(f64, Estimate)) -> f64| Column::F64(self.points.iter().map(f).collect());
        let mut t = Table::default();
        t.push("value", col(|p| p.0));
        t.push("statistic", col(|p| p.1.value));
        t.push("low", col(|p| p.1.low));
        t.push("high", col(|p| p.1.high));
        t
    }
}

fn argument(field: &str, message: String) -> RunError {
    RunError::Argument {
        field: field.into(),
        message,
    }
}

/// The evaluations so far, ascending in the field's value.
struct Curve<'a> {
    req: &'a BreakEvenRequest<'a>,
    control: &'a Control,
    points: Vec<(f64, Estimate)>,
}

impl Curve<'_> {
    /// Simulates the scenario with the field at `x`.
    fn evaluate(&self, x: f64) -> Result<Estimate, RunError> {
        let req = self.req;
        let value = serde_json::Number::from_f64(x)
            .map(Value::Number)
            .ok_or_else(|| argument("low", format!("{x} is not a finite number")))?;
        let changed = req
            .scenario
            .replace(&[], &[(req.path.to_string(), value)])
            .map_err(|e| not_numeric(req.path, e))?;
        let plan = Arc::new(Plan::new(&changed).map_err(|e| not_numeric(req.path, e))?);
        let r = simulate(&plan, req.trials, req.seed, req.method, self.control)?;
        Ok(req.statistic.estimate(&r.savings))
    }

    /// Evaluates every value of `xs` not evaluated yet (in parallel) and keeps them.
    fn add(&mut self, xs: &[f64]) -> Result<(), RunError> {
        let new: Vec<f64> = xs
            .iter()
            .copied()
            .filter(|x| !self.points.iter().any(|p| p.0 == *x))
            .collect();
        let found: Vec<(f64, Estimate)> = new
            .par_iter()
            .map(|&x| self.evaluate(x).map(|e| (x, e)))
            .collect::<Result<_, _>>()?;
        self.points.extend(found);
        self.points.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(())
    }

    /// The first pair of neighbouring points between which `g` changes sign (or a point
    /// where it is 0, as a pair of itself), from the low end.
    fn bracket(&self, g: &dyn Fn(&Estimate) -> f64) -> Option<(usize, usize)> {
        let p = &self.points;
        (0..p.len()).find_map(|i| {
            let gi = g(&p[i].1);
            if gi == 0.0 {
                return Some((i, i));
            }
            let j = i + 1;
            (j < p.len() && (gi < 0.0) != (g(&p[j].1) < 0.0) && g(&p[j].1) != 0.0).then_some((i, j))
        })
    }

    /// Where `g` first crosses zero, narrowed to the tolerance; `None` when it does not
    /// change sign over the points evaluated at the start.
    ///
    /// Each round evaluates two values around the linear interpolation of the bracket (a
    /// hundredth of the bracket apart), which brackets the crossing of a near-linear
    /// statistic tightly at once; a round that does not halve the bracket is followed by
    /// [`POINTS_PER_ROUND`] equally spaced values, so the search never stalls.
    fn root(&mut self, g: &dyn Fn(&Estimate) -> f64) -> Result<Option<f64>, RunError> {
        let tolerance = RELATIVE_TOLERANCE * (self.req.high - self.req.low);
        let mut interpolate = true;
        for _ in 0..MAX_ROUNDS {
            let Some((i, j)) = self.bracket(g) else {
                return Ok(None);
            };
            let ((a, ea), (b, eb)) = (self.points[i], self.points[j]);
            let width = b - a;
            if i == j || width <= tolerance {
                break;
            }
            let xs: Vec<f64> = if interpolate {
                let (ga, gb) = (g(&ea), g(&eb));
                let guess = a + width * ga / (ga - gb);
                let half = (width / 200.0).max(tolerance / 4.0);
                let inside = |x: f64| x.clamp(a + width * 1e-3, b - width * 1e-3);
                vec![inside(guess - half), inside(guess + half)]
            } else {
                let step = width / (POINTS_PER_ROUND + 1) as f64;
                (1..=POINTS_PER_ROUND)
                    .map(|k| a + k as f64 * step)
                    .collect()
            };
            self.add(&xs)?;
            let narrowed = self
                .bracket(g)
                .map(|(i, j)| self.points[j].0 - self.points[i].0);
            interpolate = narrowed.is_some_and(|w| w <= width / 2.0);
        }
        let Some((i, j)) = self.bracket(g) else {
            return Ok(None);
        };
        let ((a, ea), (b, eb)) = (self.points[i], self.points[j]);
        if i == j {
            return Ok(Some(a));
        }
        let (ga, gb) = (g(&ea), g(&eb));
        Ok(Some(a + (b - a) * ga / (ga - gb)))
    }
}

/// A scenario error at the searched path, said as the path not taking a number.
fn not_numeric(path: &str, e: crate::scenario::ScenarioError) -> RunError {
    let detail: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
    argument(
        "path",
        format!(
            "{path:?} cannot be set to a number for a break-even search: {}",
            detail.join("; ")
        ),
    )
}

/// Finds where `req.statistic` of savings crosses `req.level` between `req.low` and
/// `req.high` (see the module documentation). No crossing in the range is an error that
/// gives the statistic at both ends.
pub fn break_even(req: &BreakEvenRequest<'_>, control: &Control) -> Result<BreakEven, RunError> {
    let (low, high) = (req.low, req.high);
    if !low.is_finite() || !high.is_finite() {
        return Err(argument(
            if low.is_finite() { "high" } else { "low" },
            format!(
                "low and high must be finite numbers, got low={}, high={}",
                format_exact(low),
                format_exact(high)
            ),
        ));
    }
    if low >= high {
        return Err(argument(
            "low",
            format!(
                "low must be below high, got low={}, high={}",
                format_exact(low),
                format_exact(high)
            ),
        ));
    }
    if !req.level.is_finite() {
        return Err(argument(
            "level",
            format!("level must be a finite number, got {}", req.level),
        ));
    }
    if req.statistic == Statistic::Prob && !(0.0..=1.0).contains(&req.level) {
        return Err(argument(
            "level",
            format!(
                "a level for \"prob\" is a probability in [0, 1], got {}",
                req.level
            ),
        ));
    }
    let mut curve = Curve {
        req,
        control,
        points: Vec::new(),
    };
    curve.add(&[low, high])?;
    let level = req.level;
    let value = curve.root(&|e| e.value - level)?.ok_or_else(|| {
        let (a, b) = (curve.points[0].1.value, curve.points[1].1.value);
        let [level, low, high, a, b] = [level, low, high, a, b].map(format_exact);
        argument(
            "path",
            format!(
                "{} does not cross {level} for {} between {low} and {high}: it is {a} at \
                 {low} and {b} at {high}",
                req.statistic.words(),
                req.path
            ),
        )
    })?;
    let upper_end = curve.root(&|e| e.high - level)?;
    let lower_end = curve.root(&|e| e.low - level)?;
    // Increasing statistic: the upper band reaches the level first; decreasing: last.
    let ends = match (upper_end, lower_end) {
        (Some(u), Some(l)) => ((u.min(l), false), (u.max(l), false)),
        (Some(e), None) | (None, Some(e)) if e <= value => ((e, false), (high, true)),
        (Some(e), None) | (None, Some(e)) => ((low, true), (e, false)),
        (None, None) => ((low, true), (high, true)),
    };
    Ok(BreakEven {
        value,
        interval: (ends.0 .0.min(value), ends.1 .0.max(value)),
        clipped: (ends.0 .1, ends.1 .1),
        points: curve.points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINEAR: &str = r#"
        [fleet]
        nodes = 10
        [[strategies.repave.activities]]
        name = "rebuild"
        driver = "per_node"
        cost = 10
        [[strategies.immutable.activities]]
        name = "platform"
        driver = "once"
        cost = 1000
        [comparison]
        baseline = "repave"
        alternative = "immutable"
    "#;

    fn request(scenario: &Scenario, statistic: Statistic) -> BreakEvenRequest<'_> {
        BreakEvenRequest {
            scenario,
            path: "fleet.nodes",
            low: 1.0,
            high: 5000.0,
            statistic,
            level: 0.0,
            trials: 50,
            seed: 1,
            method: Method::Random,
        }
    }

    #[test]
    fn a_linear_saving_crosses_where_the_closed_form_says() {
        // savings = 3 years × 10 × nodes − 1000: zero at nodes = 100 / 3.
        let scenario = Scenario::from_toml(LINEAR).unwrap();
        for statistic in [
            Statistic::Mean,
            Statistic::Quantile(0.5),
            Statistic::Quantile(0.05),
        ] {
            let b = break_even(&request(&scenario, statistic), &Control::new()).unwrap();
            assert!(
                (b.value - 100.0 / 3.0).abs() < 1e-9,
                "{statistic:?}: {}",
                b.value
            );
            // No uncertainty: the interval is the point.
            assert!((b.interval.0 - b.value).abs() < 1e-9 && (b.interval.1 - b.value).abs() < 1e-9);
            assert!(b.points.windows(2).all(|w| w[0].0 < w[1].0));
        }
        let mut at_level = request(&scenario, Statistic::Mean);
        at_level.level = 2000.0;
        let b = break_even(&at_level, &Control::new()).unwrap();
        assert!((b.value - 100.0).abs() < 1e-9, "{}", b.value);
    }

    #[test]
    fn bad_requests_name_the_argument() {
        let scenario = Scenario::from_toml(LINEAR).unwrap();
        let mut r = request(&scenario, Statistic::Mean);
        r.low = 10.0;
        r.high = 10.0;
        let e = break_even(&r, &Control::new()).unwrap_err().to_string();
        assert!(e.starts_with("low: low must be below high"), "{e}");
        let mut r = request(&scenario, Statistic::Mean);
        r.high = 20.0; // savings is negative all the way
        let e = break_even(&r, &Control::new()).unwrap_err().to_string();
        assert!(
            e.contains("mean savings does not cross 0")
                && e.contains("-970 at 1")
                && e.contains("-400 at 20"),
            "{e}"
        );
        let mut r = request(&scenario, Statistic::Mean);
        r.path = "comparison.baseline";
        let e = break_even(&r, &Control::new()).unwrap_err().to_string();
        assert!(
            e.starts_with("path: \"comparison.baseline\" cannot be set to a number"),
            "{e}"
        );
    }
}
