//! Warnings for inputs that are valid but look like mistakes (what `repave-cost check`
//! prints beside the inputs table). A warning never stops a run: the scenario compiled.
//!
//! Three rules, each with the reason it is likely a slip:
//!
//! * **A tail far beyond the median**: an input whose 99th percentile is over
//!   [`TAIL_RATIO`] times its median (positive medians only). For a lognormal given by its
//!   90% interval that happens when `p95 / p5` exceeds about 670: usually the bounds are
//!   in different units or one has a zero too many.
//! * **A PERT whose mode sits on a bound**: the most likely value equal to `low` or
//!   `high` is most often a swapped or mistyped bound; a one-sided shape is said more
//!   plainly with a triangular or beta distribution.
//! * **An incident probability above [`MAX_INCIDENT_PROBABILITY`]**: an activity's
//!   `probability` (its mean, when uncertain) above one half says the "incident" happens to
//!   most units in most years; that is usually a rate meant for `cycles_per_year`, or a
//!   percentage written as a share of the wrong size.

use super::inputs::{input_rows, InputRow};
use super::{Plan, Val};
use crate::distributions::DistSpec;

/// An input whose 99th percentile is over this many times its median is flagged.
pub const TAIL_RATIO: f64 = 100.0;

/// An activity's event probability above this is flagged.
pub const MAX_INCIDENT_PROBABILITY: f64 = 0.5;

/// One warning: the path of the field or parameter at fault and what looks wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct InputWarning {
    /// Where it is: `parameters.NAME` for a parameter, else the field's path.
    pub path: String,
    /// What looks wrong and what to check.
    pub message: String,
}

/// Where an input's warning points: its parameter, else the field it is written in.
fn input_path(row: &InputRow) -> String {
    if row.kind == "parameter" {
        format!("parameters.{}", row.key)
    } else {
        row.used_by
            .first()
            .cloned()
            .unwrap_or_else(|| row.key.clone())
    }
}

/// The warnings of the inputs' own distributions (the tail and PERT rules).
fn distribution_warnings(plan: &Plan, rows: &[InputRow], out: &mut Vec<InputWarning>) {
    for (row, input) in rows.iter().zip(&plan.inputs) {
        let path = input_path(row);
        let (p50, p99) = (row.quantiles[2], row.quantiles[4]);
        if p50 > 0.0 && p99 > TAIL_RATIO * p50 {
            let interval = match input.dist.spec() {
                DistSpec::LognormalCi90 { p5, p95 } => format!(
                    " (its 90% interval {p5} to {p95} spans a factor of {:.0})",
                    p95 / p5
                ),
                _ => String::new(),
            };
            out.push(InputWarning {
                path: path.clone(),
                message: format!(
                    "its 99th percentile ({}) is {:.0}× its median ({}){interval}: a range this \
                     wide is usually a unit or a digit slip; check both bounds",
                    crate::money::format_number(p99),
                    p99 / p50,
                    crate::money::format_number(p50),
                ),
            });
        }
        if let DistSpec::Pert {
            low, mode, high, ..
        } = input.dist.spec()
        {
            let side = if mode == low {
                Some("lower")
            } else if mode == high {
                Some("upper")
            } else {
                None
            };
            if let Some(side) = side {
                out.push(InputWarning {
                    path,
                    message: format!(
                        "this PERT's mode ({mode}) sits on its {side} bound: often a swapped \
                         or mistyped bound; if the most likely value really is the bound, a \
                         triangular or beta distribution says so plainly"
                    ),
                });
            }
        }
    }
}

/// The warnings of activities' event probabilities above one half.
fn probability_warnings(plan: &Plan, out: &mut Vec<InputWarning>) {
    let scenario = &plan.scenario;
    for strategy in &plan.strategies {
        let Some(written) = scenario.strategies.get(&strategy.name) else {
            continue;
        };
        for (i, (activity, a)) in strategy
            .activities
            .iter()
            .zip(&written.activities)
            .enumerate()
        {
            let (value, what) = match activity.probability {
                None => continue,
                Some(Val::Const(p)) => (p, "is"),
                Some(Val::Input(k)) => match plan.inputs[k].dist.mean() {
                    Some(mean) => (mean, "averages"),
                    None => continue,
                },
            };
            if value > MAX_INCIDENT_PROBABILITY {
                out.push(InputWarning {
                    path: format!("strategies.{}.activities[{i}].probability", strategy.name),
                    message: format!(
                        "the probability of {:?} {what} {value}, above {MAX_INCIDENT_PROBABILITY}: \
                         the event would happen to most units in most years; a rate belongs \
                         in cycles_per_year, and a percentage is written as a share (5% = 0.05)",
                        a.name
                    ),
                });
            }
        }
    }
}

/// Every warning for `plan`, inputs in column order first, then activities' probabilities
/// in strategy and file order.
pub fn input_warnings(plan: &Plan) -> Vec<InputWarning> {
    let rows = input_rows(plan);
    let mut out = Vec::new();
    distribution_warnings(plan, &rows, &mut out);
    probability_warnings(plan, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn warnings(parameters: &str, activity: &str) -> Vec<InputWarning> {
        let text = format!(
            r#"
            [parameters]
            {parameters}
            [fleet]
            nodes = 10
            [staffing.sre]
            rate = 100
            headcount = 1
            [[strategies.repave.activities]]
            name = "incident"
            driver = "per_node"
            role = "sre"
            {activity}
            [strategies.immutable]
            [comparison]
            baseline = "repave"
            alternative = "immutable"
            "#
        );
        let plan = Plan::new(&Scenario::from_toml(&text).unwrap()).unwrap();
        input_warnings(&plan)
    }

    #[test]
    fn a_sensible_scenario_has_no_warnings() {
        let w = warnings(
            r#"h = { dist = "lognormal_ci90", p5 = 2, p95 = 60 }"#,
            "hours = \"h\"\nprobability = 0.5\ncost = { dist = \"pert\", low = 1, mode = 2, high = 3 }",
        );
        assert_eq!(w, []);
    }

    #[test]
    fn a_tail_over_100_times_the_median_is_flagged_at_the_parameter() {
        // p95/p5 = 2000: sigma = ln(2000)/(2·1.645) ≈ 2.31, p99/p50 = e^(2.326·2.31) ≈ 215.
        let w = warnings(
            r#"h = { dist = "lognormal_ci90", p5 = 1, p95 = 2000 }"#,
            "hours = \"h\"",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].path, "parameters.h");
        assert!(w[0].message.contains("99th percentile"), "{}", w[0].message);
        assert!(w[0].message.contains("factor of 2000"), "{}", w[0].message);
    }

    #[test]
    fn the_tail_rule_applies_to_a_field_and_to_any_family() {
        // Lognormal(0, 2): p99/p50 = e^(2.326·2) ≈ 105.
        let w = warnings("", r#"hours = { dist = "lognormal", mu = 0, sigma = 2 }"#);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].path, "strategies.repave.activities[0].hours");
        // sigma 1.95: p99/p50 ≈ 93, below the limit.
        let w = warnings(
            "",
            r#"hours = { dist = "lognormal", mu = 0, sigma = 1.95 }"#,
        );
        assert_eq!(w, []);
    }

    #[test]
    fn a_pert_mode_on_either_bound_is_flagged() {
        for (mode, side) in [(1, "lower"), (3, "upper")] {
            let w = warnings(
                "",
                &format!(r#"hours = {{ dist = "pert", low = 1, mode = {mode}, high = 3 }}"#),
            );
            assert_eq!(w.len(), 1, "{w:?}");
            assert!(w[0].message.contains(side), "{}", w[0].message);
        }
        // A triangular with its mode on a bound is a plain right triangle: no warning.
        let w = warnings(
            "",
            r#"hours = { dist = "triangular", low = 1, mode = 1, high = 3 }"#,
        );
        assert_eq!(w, []);
    }

    #[test]
    fn an_incident_probability_above_one_half_is_flagged_fixed_or_uncertain() {
        let w = warnings("", "hours = 1\nprobability = 0.6");
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].path, "strategies.repave.activities[0].probability");
        assert!(w[0].message.contains("is 0.6"), "{}", w[0].message);
        // Uniform(0.4, 0.8) through a parameter: mean 0.6.
        let w = warnings(
            r#"p = { dist = "uniform", low = 0.4, high = 0.8 }"#,
            "hours = 1\nprobability = \"p\"",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].message.contains("averages 0.6"), "{}", w[0].message);
    }
}
