//! A simulation's record as plain columns, to store a result and rebuild it exactly
//! (what `pickle` carries for `repave_cost.Result`).
//!
//! The record is the run's columns as simulated: every input's draws, every strategy's
//! totals, one-time and yearly costs, savings, savings per year and payback year, with the
//! trials, seed and method. Nothing is simulated again to rebuild a result; the per-activity
//! and per-role detail is, as for any result, recomputed on first use from the stored input
//! draws ([`SimResult::detail`]), which gives the same bits as the original run's detail.

use std::sync::{Arc, OnceLock};

use super::dimensions::plan_dimensions;
use super::plan::Plan;
use super::result::{SimResult, StrategyOutput};
use crate::sampling::Method;

/// The version of the record's layout; a record of another version is refused.
pub const STATE_VERSION: u32 = 2;

/// Everything a [`SimResult`] holds besides its compiled plan.
#[derive(Clone, Debug, PartialEq)]
pub struct SimState {
    /// Number of trials simulated.
    pub trials: usize,
    /// The seed.
    pub seed: u64,
    /// The sampling method.
    pub method: Method,
    /// The runs the trials come from, in order: `(seed, trials)` of each (one for a plain
    /// simulation; a precision-controlled run pools several, see `model::pool`).
    pub origin: Vec<(u64, usize)>,
    /// Every uncertain input's draws, by key, in the plan's order.
    pub inputs: Vec<(String, Vec<f64>)>,
    /// Per strategy, in the plan's order.
    pub strategies: Vec<StrategyOutput>,
    /// Baseline total minus alternative total, per trial.
    pub savings: Vec<f64>,
    /// Savings divided by the horizon in years, per trial.
    pub savings_per_year: Vec<f64>,
    /// Payback year per trial (−1 where none).
    pub payback_year: Vec<f64>,
}

impl SimResult {
    /// The result's record: its columns as simulated (a copy), with its trials, seed and
    /// method.
    pub fn to_state(&self) -> SimState {
        SimState {
            trials: self.trials,
            seed: self.seed,
            method: self.method,
            origin: self.origin.clone(),
            inputs: self.inputs.clone(),
            strategies: self.strategies.clone(),
            savings: self.savings.clone(),
            savings_per_year: self.savings_per_year.clone(),
            payback_year: self.payback_year.clone(),
        }
    }

    /// Rebuilds a result from its record and the plan it was simulated with (compiled
    /// again from the same scenario). The error says what does not fit: an input or
    /// strategy the plan does not have, or a column of the wrong length.
    pub fn from_state(plan: Arc<Plan>, state: SimState) -> Result<SimResult, String> {
        check_state(&plan, &state)?;
        Ok(SimResult {
            scenario: Arc::clone(&plan.scenario),
            trials: state.trials,
            seed: state.seed,
            method: state.method,
            horizon: plan.horizon,
            inputs: state.inputs,
            strategies: state.strategies,
            baseline: plan.baseline,
            alternative: plan.alternative,
            savings: state.savings,
            savings_per_year: state.savings_per_year,
            payback_year: state.payback_year,
            origin: state.origin,
            dimensions: Arc::new(plan_dimensions(&plan)),
            plan,
            detail: OnceLock::new(),
            attribution: OnceLock::new(),
        })
    }
}

/// Checks that `state` is a record of a run of `plan`.
fn check_state(plan: &Plan, state: &SimState) -> Result<(), String> {
    let n = state.trials;
    if n < 1 {
        return Err("the record has no trials".into());
    }
    let runs: usize = state.origin.iter().map(|&(_, t)| t).sum();
    if state.origin.is_empty() || runs != n {
        return Err(format!(
            "the record's runs hold {runs} trials in all, not its {n} trials"
        ));
    }
    let keys: Vec<&str> = state.inputs.iter().map(|(k, _)| k.as_str()).collect();
    let expected: Vec<&str> = plan.inputs.iter().map(|i| i.key.as_str()).collect();
    if keys != expected {
        return Err(format!(
            "the record's inputs ({}) are not the scenario's ({})",
            keys.join(", "),
            expected.join(", ")
        ));
    }
    let names: Vec<&str> = state.strategies.iter().map(|s| s.name.as_str()).collect();
    let expected: Vec<&str> = plan.strategies.iter().map(|s| s.name.as_str()).collect();
    if names != expected {
        return Err(format!(
            "the record's strategies ({}) are not the scenario's ({})",
            names.join(", "),
            expected.join(", ")
        ));
    }
    let mut columns: Vec<(String, usize)> = state
        .inputs
        .iter()
        .map(|(k, v)| (k.clone(), v.len()))
        .collect();
    for s in &state.strategies {
        if s.year_cost.len() != plan.horizon {
            return Err(format!(
                "strategy {}: {} yearly cost columns for a {}-year horizon",
                s.name,
                s.year_cost.len(),
                plan.horizon
            ));
        }
        columns.push((format!("{}.total", s.name), s.total.len()));
        columns.push((format!("{}.one_time", s.name), s.one_time.len()));
        for (y, c) in s.year_cost.iter().enumerate() {
            columns.push((format!("{}.year{}", s.name, y + 1), c.len()));
        }
    }
    columns.push(("savings".into(), state.savings.len()));
    columns.push(("savings_per_year".into(), state.savings_per_year.len()));
    columns.push(("payback_year".into(), state.payback_year.len()));
    match columns.into_iter().find(|(_, len)| *len != n) {
        Some((name, len)) => Err(format!("column {name} has {len} values for {n} trials")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::Control;

    fn plan(name: &str) -> Arc<Plan> {
        Arc::new(Plan::new(&crate::presets::load(name).unwrap()).unwrap())
    }

    #[test]
    fn a_rebuilt_result_has_the_same_columns_and_detail() {
        let p = plan("fleet");
        let r = crate::model::simulate(&p, 700, 5, Method::Lhs, &Control::new()).unwrap();
        let back = SimResult::from_state(plan("fleet"), r.to_state()).unwrap();
        assert_eq!(back.to_state(), r.to_state());
        assert_eq!(back.inputs, r.inputs);
        let (a, b) = (r.detail(), back.detail());
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            for (u, v) in x.activities.iter().zip(&y.activities) {
                assert_eq!(u.cost, v.cost);
            }
            for (u, v) in x.roles.iter().zip(&y.roles) {
                assert_eq!(u.hours, v.hours);
            }
        }
    }

    #[test]
    fn a_record_that_does_not_fit_the_plan_is_refused() {
        let p = plan("fleet");
        let r = crate::model::simulate(&p, 50, 1, Method::Random, &Control::new()).unwrap();
        let mut short = r.to_state();
        short.savings.pop();
        let e = SimResult::from_state(Arc::clone(&p), short).unwrap_err();
        assert!(
            e.contains("column savings has 49 values for 50 trials"),
            "{e}"
        );
        let other = SimResult::from_state(plan("customer_repave"), r.to_state()).unwrap_err();
        assert!(other.contains("are not the scenario's"), "{other}");
        let mut none = r.to_state();
        none.trials = 0;
        assert!(SimResult::from_state(p, none).is_err());
    }
}
