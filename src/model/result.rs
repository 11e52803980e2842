//! What a simulation returns: per-trial columns and the tables derived from them.

use std::sync::{Arc, OnceLock};

use super::error::RunError;
use super::layout::{Detail, Layout};
use super::plan::Plan;
use super::run::run_pass;
use crate::sampling::{Cancelled, Control, Dimensions, Method};
use crate::scenario::{Driver, Practice, Scenario};

/// One activity's present-value cost per trial.
#[derive(Clone, Debug)]
pub struct ActivityOutput {
    /// Activity name.
    pub name: String,
    /// Its driver.
    pub driver: Driver,
    /// The role doing the work, if any.
    pub role: Option<String>,
    /// Which of Repair, Repave and Rotate it belongs to.
    pub practice: Practice,
    /// The year of `cost[0]`: 0 for one-time items, else 1.
    pub first_year: usize,
    /// Present-value cost per year slot, per trial.
    pub cost: Vec<Vec<f64>>,
}

/// One role's workload per year, per trial.
#[derive(Clone, Debug)]
pub struct RoleOutput {
    /// Role name.
    pub name: String,
    /// Labour hours of recurring work, per year (1..=T), per trial.
    pub hours: Vec<Vec<f64>>,
    /// Full-time equivalents (hours / hours per year), per year, per trial.
    pub fte: Vec<Vec<f64>>,
    /// 1 when the hours exceed the role's capacity, else 0, per year, per trial.
    pub over_capacity: Vec<Vec<f64>>,
}

/// One strategy's costs per trial.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategyOutput {
    /// Strategy name.
    pub name: String,
    /// Present value of all costs.
    pub total: Vec<f64>,
    /// One-time (year 0) costs.
    pub one_time: Vec<f64>,
    /// Present value of each year's cost, years 1..=T.
    pub year_cost: Vec<Vec<f64>>,
}

/// One strategy's per-trial costs by activity and workload by role.
#[derive(Clone, Debug)]
pub struct StrategyDetail {
    /// Strategy name.
    pub name: String,
    /// Per activity.
    pub activities: Vec<ActivityOutput>,
    /// Per role in the scenario's staffing.
    pub roles: Vec<RoleOutput>,
}

impl StrategyDetail {
    /// True when some recurring activity of this strategy uses role `name`.
    pub fn uses_role(&self, name: &str) -> bool {
        self.activities
            .iter()
            .any(|a| a.driver != Driver::Once && a.role.as_deref() == Some(name))
    }
}

/// The per-trial results of one simulation, with what is needed to reproduce it.
#[derive(Clone, Debug)]
pub struct SimResult {
    /// The scenario simulated (its plan's, shared).
    pub scenario: Arc<Scenario>,
    /// Number of trials.
    pub trials: usize,
    /// The seed.
    pub seed: u64,
    /// The sampling method.
    pub method: Method,
    /// Years simulated.
    pub horizon: usize,
    /// Every uncertain input's draws, by key (path or parameter name).
    pub inputs: Vec<(String, Vec<f64>)>,
    /// Per strategy, in name order.
    pub strategies: Vec<StrategyOutput>,
    /// Index of the baseline in `strategies`.
    pub baseline: usize,
    /// Index of the alternative in `strategies`.
    pub alternative: usize,
    /// Baseline total minus alternative total, per trial.
    pub savings: Vec<f64>,
    /// The yearly saving: `savings` (a present value) divided by the horizon in years.
    pub savings_per_year: Vec<f64>,
    /// Payback year per trial: the first year (0..=T) from which the cumulative savings
    /// stay non-negative through the horizon, or −1 when none ([`super::payback_year`]).
    pub payback_year: Vec<f64>,
    /// The compiled scenario, to recompute the detail.
    pub(crate) plan: Arc<Plan>,
    /// The runs the trials come from, in order, as (seed, trials): one for a plain run,
    /// one per replicate for a pooled run ([`super::pool`]); kept apart from the public
    /// fields, which may be edited.
    pub(crate) origin: Vec<(u64, usize)>,
    /// The run's random dimensions (its plan's, or its sweep's over every point), which the
    /// detail pass needs to redraw the same events.
    pub(crate) dimensions: Arc<Dimensions>,
    /// Per strategy, computed on first use.
    pub(crate) detail: OnceLock<Vec<StrategyDetail>>,
    /// Savings by practice, computed on first use ([`SimResult::attribution`]).
    pub(crate) attribution: OnceLock<super::attribution::Attribution>,
}

impl SimResult {
    /// The input column called `key`.
    pub fn input(&self, key: &str) -> Option<&[f64]> {
        self.inputs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_slice())
    }

    /// How many random dimensions the run has: its uncertain inputs plus one per event
    /// count (activity with a probability, and year). In a sweep, those of every point.
    pub fn dimensions(&self) -> usize {
        self.dimensions.len()
    }

    /// How many of [`SimResult::dimensions`] the method's design covers with its own
    /// structure ([`crate::sampling::Design::covered`]): every one under `sobol` up to
    /// [`crate::sampling::sobol_points::MAX_SOBOL_DIMS`], the inputs under `lhs`, none
    /// under `random`.
    pub fn design_dimensions(&self) -> usize {
        self.method.design().covered(&self.dimensions)
    }

    /// How many of [`SimResult::dimensions`] are drawn from independent pseudo-random
    /// per-key streams instead: all under `random`, the event counts under `lhs`, those
    /// past the Sobol direction numbers under `sobol`.
    pub fn random_dimensions(&self) -> usize {
        self.dimensions() - self.design_dimensions()
    }

    /// The currency label of the scenario.
    pub fn currency(&self) -> &str {
        &self.scenario.settings.currency
    }

    /// Per strategy (in the order of [`SimResult::strategies`]): every activity's cost and
    /// every role's workload per trial.
    ///
    /// Computed on first use by running the cost pass again on the stored input draws with
    /// the same event streams, so it is exactly what the totals were made of; the columns
    /// then stay in memory with the result.
    ///
    /// # Panics
    ///
    /// If the input columns were resized or removed after the run (the result's fields are
    /// its record, not settings).
    pub fn detail(&self) -> &[StrategyDetail] {
        match self.compute_detail(&Control::new()) {
            Ok(()) => self.detail.get().map_or(&[], Vec::as_slice),
            Err(Cancelled) => unreachable!("a fresh control is never cancelled"),
        }
    }

    /// Computes [`SimResult::detail`] now unless it is there already, under `control`
    /// (which can cancel it and sees one unit of progress per trial).
    pub fn compute_detail(&self, control: &Control) -> Result<(), Cancelled> {
        if self.detail.get().is_some() {
            return Ok(());
        }
        let trials: usize = self.origin.iter().map(|&(_, n)| n).sum();
        assert!(
            self.inputs.len() == self.plan.inputs.len()
                && self.inputs.iter().all(|(_, v)| v.len() == trials),
            "SimResult::detail: the input columns were changed after the run"
        );
        control.expect(trials as u64);
        // Each run of the origin again on its own slice of the inputs, with its own seed
        // (its event streams), the columns joined in order.
        let mut joined: Option<(Layout, Vec<Vec<f64>>)> = None;
        let mut start = 0;
        for &(seed, n) in &self.origin {
            let inputs: Vec<&[f64]> = self
                .inputs
                .iter()
                .map(|(_, v)| &v[start..start + n])
                .collect();
            start += n;
            let (layout, columns) = match run_pass(
                &self.plan,
                &self.dimensions,
                &inputs,
                n,
                seed,
                self.method,
                Detail::Full,
                control,
            ) {
                Ok(pass) => pass,
                Err(RunError::Cancelled(c)) => return Err(c),
                Err(RunError::Argument { .. } | RunError::Scenario(_)) => {
                    unreachable!("the detail pass repeats a pass that already succeeded")
                }
            };
            joined = Some(match joined {
                None => (layout, columns),
                Some((layout, mut all)) => {
                    for (a, c) in all.iter_mut().zip(columns) {
                        a.extend_from_slice(&c);
                    }
                    (layout, all)
                }
            });
        }
        let Some((layout, mut columns)) = joined else {
            unreachable!("a result comes from at least one run")
        };
        let detail = assemble_detail(&self.plan, &layout, &mut columns);
        // Another thread may have got there first with the same columns; either will do.
        let _ = self.detail.set(detail);
        Ok(())
    }

    /// The baseline strategy's output.
    pub fn baseline(&self) -> &StrategyOutput {
        &self.strategies[self.baseline]
    }

    /// The alternative strategy's output.
    pub fn alternative(&self) -> &StrategyOutput {
        &self.strategies[self.alternative]
    }
}

/// Moves the per-activity and per-role columns of a [`Detail::Full`] pass into their
/// structure.
pub(crate) fn assemble_detail(
    plan: &Plan,
    layout: &Layout,
    columns: &mut [Vec<f64>],
) -> Vec<StrategyDetail> {
    let mut take = |i: usize| std::mem::take(&mut columns[i]);
    plan.strategies
        .iter()
        .zip(&layout.strategies)
        .map(|(s, slots)| StrategyDetail {
            name: s.name.clone(),
            activities: s
                .activities
                .iter()
                .zip(&slots.activities)
                .map(|(a, cols)| ActivityOutput {
                    name: a.name.clone(),
                    driver: a.driver,
                    role: a.role.map(|r| plan.roles[r].name.clone()),
                    practice: a.practice,
                    first_year: if a.driver == Driver::Once { 0 } else { 1 },
                    cost: cols.iter().map(|&c| take(c)).collect(),
                })
                .collect(),
            roles: plan
                .roles
                .iter()
                .zip(&slots.roles)
                .map(|(r, rs)| RoleOutput {
                    name: r.name.clone(),
                    hours: rs.hours.iter().map(|&c| take(c)).collect(),
                    fte: rs.fte.iter().map(|&c| take(c)).collect(),
                    over_capacity: rs.over.iter().map(|&c| take(c)).collect(),
                })
                .collect(),
        })
        .collect()
}
