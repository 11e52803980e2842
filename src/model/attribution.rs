//! Savings split by practice (Repair, Repave, Rotate, other): how much of each trial's
//! saving comes from each practice's activities.
//!
//! A practice's part of a trial's saving is the present-value cost of the baseline's
//! activities of that practice minus that of the alternative's (each activity's cost as in
//! the breakdown: its share of its role's labour cost plus its direct cost, discounted).
//! The activity costs are allocated from the role totals, so they add up to each strategy's
//! total only to within rounding (a few units in the last place); that rounding difference
//! is put into the trial's largest part, so that the parts, added left to right in
//! [`Practice::ALL`] order, give the trial's `savings` bit for bit.

use super::outputs::{self, View};
use super::result::{SimResult, StrategyDetail};
use crate::scenario::Practice;
use crate::stats::quantiles;
use crate::table::{Column, Table};

/// Each practice's part of every trial's saving.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribution {
    /// The practices that some activity of the baseline or the alternative belongs to, in
    /// [`Practice::ALL`] order (`other` alone when neither has an activity), each with its
    /// part of the saving per trial.
    pub practices: Vec<(Practice, Vec<f64>)>,
    /// The largest rounding difference moved into a part, relative to the largest
    /// absolute part of its trial (0 when the parts added up exactly).
    pub largest_adjustment: f64,
}

/// How many times the rounding difference is moved before stepping by units in the last
/// place (it takes one, at most two, in practice).
const MAX_ADJUSTMENTS: usize = 4;

/// How many units in the last place a part is stepped at most.
const MAX_STEPS: usize = 64;

/// Moves the rounding difference between the left-to-right sum of `parts[..][i]` and
/// `target` into the parts, largest magnitude first, until the sum is `target` exactly:
/// first by adding the difference, then (when the sum's rounding jumps over the target)
/// one unit in the last place at a time, toward the target. The sum is a monotone
/// function of each part, so the steps stop once they would pass it.
fn close_gap(parts: &mut [Vec<f64>], i: usize, target: f64) {
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&x, &y| {
        parts[y][i]
            .abs()
            .total_cmp(&parts[x][i].abs())
            .then(x.cmp(&y))
    });
    for &big in &order {
        for _ in 0..MAX_ADJUSTMENTS {
            let sum = ordered_sum(parts, i);
            if sum == target {
                return;
            }
            parts[big][i] += target - sum;
        }
        for _ in 0..MAX_STEPS {
            let sum = ordered_sum(parts, i);
            if sum == target {
                return;
            }
            let v = parts[big][i];
            let stepped = next_float(v, sum < target);
            parts[big][i] = stepped;
            let after = ordered_sum(parts, i);
            if (sum < target) != (after <= target) && after != target {
                // Stepped over the target: undo and try the next part.
                parts[big][i] = v;
                break;
            }
        }
    }
}

/// The next float after `v` upward (`up`) or downward (`f64::next_up`/`next_down`, which
/// need a newer Rust than the crate's minimum).
fn next_float(v: f64, up: bool) -> f64 {
    if v.is_nan() || v.is_infinite() {
        return v;
    }
    if v == 0.0 {
        let tiny = f64::from_bits(1);
        return if up { tiny } else { -tiny };
    }
    let bits = v.to_bits();
    // Away from zero is one more in the bits; toward zero one less.
    let away = (v > 0.0) == up;
    f64::from_bits(if away { bits + 1 } else { bits - 1 })
}

/// The practices `details` (the baseline's and the alternative's) use, in order.
fn practices_used(details: [&StrategyDetail; 2]) -> Vec<Practice> {
    let used: Vec<Practice> = Practice::ALL
        .into_iter()
        .filter(|p| {
            details
                .iter()
                .any(|d| d.activities.iter().any(|a| a.practice == *p))
        })
        .collect();
    if used.is_empty() {
        vec![Practice::Other]
    } else {
        used
    }
}

/// Adds every activity cost of practice `p` in `d` into `acc`, times `sign`.
fn add_practice(acc: &mut [f64], d: &StrategyDetail, p: Practice, sign: f64) {
    for a in d.activities.iter().filter(|a| a.practice == p) {
        for col in &a.cost {
            acc.iter_mut().zip(col).for_each(|(x, c)| *x += sign * c);
        }
    }
}

/// The left-to-right sum of `parts[..][i]`.
fn ordered_sum(parts: &[Vec<f64>], i: usize) -> f64 {
    parts.iter().fold(0.0, |s, p| s + p[i])
}

/// Splits the savings of `r` by practice (computes the result's detail if needed).
pub(crate) fn attribute(r: &SimResult) -> Attribution {
    let detail = r.detail();
    let (b, a) = (&detail[r.baseline], &detail[r.alternative]);
    let used = practices_used([b, a]);
    let mut parts: Vec<Vec<f64>> = used
        .iter()
        .map(|&p| {
            let mut acc = vec![0.0; r.trials];
            add_practice(&mut acc, b, p, 1.0);
            add_practice(&mut acc, a, p, -1.0);
            acc
        })
        .collect();
    let mut largest_adjustment: f64 = 0.0;
    for (i, &target) in r.savings.iter().enumerate() {
        let before: Vec<f64> = parts.iter().map(|p| p[i]).collect();
        close_gap(&mut parts, i, target);
        let scale = before.iter().map(|v| v.abs()).fold(0.0, f64::max);
        if scale > 0.0 {
            for (p, b) in parts.iter().zip(&before) {
                largest_adjustment = largest_adjustment.max((p[i] - b).abs() / scale);
            }
        }
    }
    Attribution {
        practices: used.into_iter().zip(parts).collect(),
        largest_adjustment,
    }
}

impl SimResult {
    /// Each practice's part of every trial's saving ([`Attribution`]); computed on first
    /// use (with the detail it needs) and kept with the result.
    pub fn attribution(&self) -> &Attribution {
        self.attribution.get_or_init(|| attribute(self))
    }
}

/// Mean of `v` (compensated sum).
fn mean(v: &[f64]) -> f64 {
    crate::stats::stable_sum(v) / v.len() as f64
}

impl SimResult {
    /// Savings by practice, one row per practice of [`Attribution::practices`]: `practice`,
    /// `output` (`savings.PRACTICE`), the part's `mean`, `p5`, `p50`, `p95`, and `share`,
    /// its mean over the mean saving (empty when the mean saving is 0). The means add up
    /// to the mean saving.
    pub fn attribution_table(&self) -> Table {
        let parts = outputs::of(self, View::Attribution);
        let total = mean(&self.savings);
        let mut t = Table::default();
        let stats: Vec<(f64, Vec<f64>)> = parts
            .iter()
            .map(|o| (mean(o.values), quantiles(o.values, &[0.05, 0.5, 0.95])))
            .collect();
        let practice = &self.attribution().practices;
        t.push(
            "practice",
            Column::Str(
                practice
                    .iter()
                    .map(|(p, _)| p.as_str().to_string())
                    .collect(),
            ),
        );
        t.push(
            "output",
            Column::Str(parts.iter().map(|o| o.name.clone()).collect()),
        );
        t.push("mean", Column::F64(stats.iter().map(|s| s.0).collect()));
        for (k, name) in ["p5", "p50", "p95"].into_iter().enumerate() {
            t.push(name, Column::F64(stats.iter().map(|s| s.1[k]).collect()));
        }
        t.push(
            "share",
            Column::OptF64(
                stats
                    .iter()
                    .map(|s| (total != 0.0).then(|| s.0 / total))
                    .collect(),
            ),
        );
        t
    }

    /// The parts of savings per trial: one column per practice (`savings.repave`, ...,
    /// in table order), then `savings`. Added left to right, the parts give `savings`
    /// exactly in every trial.
    pub fn attribution_trials(&self) -> Table {
        let mut t = Table::default();
        for o in outputs::of(self, View::Attribution) {
            t.push(&o.name, Column::F64(o.values.to_vec()));
        }
        t.push(outputs::SAVINGS, Column::F64(self.savings.clone()));
        t
    }

    /// One sentence for reports: "Of $X saved (mean), dropping Repave accounts for $A,
    /// Rotate $B, Repair $C and other activities $D." (the practices the scenario uses, in
    /// table order). When the mean saving is negative: "The alternative costs $X more
    /// (mean); by practice: Repave $A, ...".
    pub fn attribution_sentence(&self) -> String {
        let cur = self.currency();
        let money = |v: f64| crate::money::format_money(v, cur);
        let parts: Vec<(Practice, f64)> = self
            .attribution()
            .practices
            .iter()
            .map(|(p, v)| (*p, mean(v)))
            .collect();
        let total = mean(&self.savings);
        let name = |p: Practice| match p {
            Practice::Other => "other activities",
            p => p.title(),
        };
        let words: Vec<String> = parts
            .iter()
            .enumerate()
            .map(|(i, &(p, m))| {
                if i > 0 || total < 0.0 {
                    format!("{} {}", name(p), money(m))
                } else if p == Practice::Other {
                    format!("other activities account for {}", money(m))
                } else {
                    let lead = if p == Practice::Repave {
                        "dropping "
                    } else {
                        ""
                    };
                    format!("{lead}{} accounts for {}", p.title(), money(m))
                }
            })
            .collect();
        let list = match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        };
        if total < 0.0 {
            format!(
                "The alternative costs {} more (mean); by practice: {list}.",
                money(-total)
            )
        } else {
            format!("Of {} saved (mean), {list}.", money(total))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::{simulate, Plan};
    use crate::sampling::{Control, Method};
    use crate::scenario::Scenario;

    fn run(scenario: &Scenario, trials: usize, method: Method) -> SimResult {
        let plan = Arc::new(Plan::new(scenario).unwrap());
        simulate(&plan, trials, 7, method, &Control::new()).unwrap()
    }

    #[test]
    fn parts_add_up_to_savings_bit_for_bit_in_every_preset() {
        for name in crate::presets::names() {
            let scenario = crate::presets::load(name).unwrap();
            for method in [Method::Random, "lhs".parse().unwrap()] {
                let r = run(&scenario, 3000, method);
                let a = r.attribution();
                let parts: Vec<Vec<f64>> = a.practices.iter().map(|(_, v)| v.clone()).collect();
                for (i, s) in r.savings.iter().enumerate() {
                    assert_eq!(
                        ordered_sum(&parts, i).to_bits(),
                        s.to_bits(),
                        "{name} trial {i}"
                    );
                }
                assert!(
                    a.largest_adjustment < 1e-10,
                    "{name}: {}",
                    a.largest_adjustment
                );
            }
        }
    }

    #[test]
    fn each_practice_gets_its_own_activities_cost() {
        let scenario = Scenario::from_toml(
            r#"
            [fleet]
            nodes = 10
            [staffing.sre]
            rate = 100
            headcount = 1
            [[strategies.repave.activities]]
            name = "rebuild"
            driver = "per_node"
            cycles_per_year = 12
            hours = 2
            role = "sre"
            practice = "repave"
            [[strategies.repave.activities]]
            name = "rotate keys"
            driver = "yearly"
            cost = 500
            practice = "rotate"
            [[strategies.repave.activities]]
            name = "patch"
            driver = "per_node"
            hours = 1
            role = "sre"
            practice = "repair"
            [[strategies.immutable.activities]]
            name = "patch"
            driver = "per_node"
            hours = 1
            role = "sre"
            practice = "repair"
            [[strategies.immutable.activities]]
            name = "platform"
            driver = "once"
            cost = 1000
            [comparison]
            baseline = "repave"
            alternative = "immutable"
            "#,
        )
        .unwrap();
        let r = run(&scenario, 10, Method::Random);
        let got: Vec<(Practice, f64)> = r
            .attribution()
            .practices
            .iter()
            .map(|(p, v)| (*p, v[3]))
            .collect();
        // 10 nodes × 12 × 2 h × $100 × 3 years; $500 × 3; patching the same in both; the
        // alternative's one-time platform counts against it.
        assert_eq!(
            got,
            [
                (Practice::Repave, 72_000.0),
                (Practice::Rotate, 1_500.0),
                (Practice::Repair, 0.0),
                (Practice::Other, -1_000.0)
            ]
        );
        let sentence = r.attribution_sentence();
        assert_eq!(
            sentence,
            "Of $72.5K saved (mean), dropping Repave accounts for $72K, Rotate $1.5K, Repair $0 and other activities -$1K."
        );
    }

    #[test]
    fn next_float_steps_one_unit_in_the_last_place() {
        for v in [1.0, -1.0, 3.5e6, -2.25e-3, 0.0, f64::MIN_POSITIVE] {
            let (up, down) = (next_float(v, true), next_float(v, false));
            assert!(up > v && down < v, "{v}");
            assert_eq!(next_float(up, false), v);
            assert_eq!(next_float(down, true), v);
        }
        assert_eq!(next_float(1.0, true), 1.0 + f64::EPSILON);
    }

    #[test]
    fn a_scenario_without_tags_puts_everything_in_other() {
        let mut scenario = crate::presets::load("fleet").unwrap();
        for s in scenario.strategies.values_mut() {
            for a in &mut s.activities {
                a.practice = Practice::Other;
            }
        }
        let r = run(&scenario, 500, Method::Random);
        let a = r.attribution();
        assert_eq!(a.practices.len(), 1);
        assert_eq!(a.practices[0].0, Practice::Other);
        assert_eq!(a.practices[0].1, r.savings);
    }
}
