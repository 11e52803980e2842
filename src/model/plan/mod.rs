//! Compiling a scenario into a plan: every check happens here, before any sampling, and
//! every problem is reported at once with the path of the field at fault.
//!
//! [`Plan::new`] runs one pass per part of the scenario, each in its own file, sharing a
//! [`compiler::Compiler`] that collects problems and registers input columns:
//! [`parameters`] (name order) and their labels, [`settings`] and the fleet, [`roles`],
//! [`strategies`] (one `activity()` each), [`comparison`], then the reports that need
//! everything seen (parameters misfit by their fields, parameters nothing uses, a baseline
//! that is its alternative), and last [`correlations`] (which registers no input: it
//! resolves `[[correlations]]` names to the inputs registered before). **The order in which the passes register inputs is the trial
//! table's column order**, which results and their hashes depend on: a new pass or field
//! goes where its columns should appear, never in the middle of another pass.

mod comparison;
mod compiler;
mod correlations;
mod finding_out;
mod parameters;
mod ranges;
mod roles;
mod settings;
mod strategies;

pub use correlations::CorrelationPlan;

use std::sync::Arc;

use crate::sampling::{InputSpec, RankTargets};
use crate::scenario::{Driver, Practice, Scenario, ScenarioError};

/// A numeric field after compilation: a constant or the index of an input column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val {
    /// The same in every trial.
    Const(f64),
    /// Drawn per trial: the column of input `i`.
    Input(usize),
}

impl Val {
    /// True unless the value is the constant 0.
    fn can_be_nonzero(&self, plan_inputs: &[InputSpec]) -> bool {
        match *self {
            Val::Const(v) => v != 0.0,
            Val::Input(i) => plan_inputs[i].dist.support() != (0.0, 0.0),
        }
    }
}

/// A staff role, compiled.
#[derive(Clone, Debug)]
pub struct RolePlan {
    /// The role's name.
    pub name: String,
    /// Loaded cost per hour.
    pub rate: Val,
    /// Number of people.
    pub headcount: Val,
    /// Productive hours per person per year.
    pub hours_per_year: Val,
    /// Share of hours available to the modelled work.
    pub available_share: Val,
    /// Cost multiplier above capacity.
    pub overflow_multiplier: Val,
}

/// An activity, compiled.
#[derive(Clone, Debug)]
pub struct ActivityPlan {
    /// The activity's name.
    pub name: String,
    /// What it scales with.
    pub driver: Driver,
    /// Occurrences per unit per year.
    pub cycles: Val,
    /// Event probability per unit, when occurrences are random.
    pub probability: Option<Val>,
    /// Hours per occurrence per person.
    pub hours: Val,
    /// Index of the role doing the work.
    pub role: Option<usize>,
    /// People per occurrence.
    pub people: Val,
    /// Direct money per occurrence.
    pub cost: Val,
    /// Which of Repair, Repave and Rotate its cost belongs to.
    pub practice: Practice,
    /// Key of this activity's event stream: its name alone, so that an activity of the same
    /// name in the other strategy draws its events from the same stream (common random
    /// numbers for events: identical activities get identical counts).
    pub event_key: String,
}

/// A strategy, compiled.
#[derive(Clone, Debug)]
pub struct StrategyPlan {
    /// The strategy's name.
    pub name: String,
    /// Its activities in file order.
    pub activities: Vec<ActivityPlan>,
}

/// A validated scenario ready to simulate.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The scenario it came from (shared with every result simulated from the plan).
    pub scenario: Arc<Scenario>,
    /// Uncertain inputs, one column each in results.
    pub inputs: Vec<InputSpec>,
    /// Years simulated.
    pub horizon: usize,
    /// Yearly discount rate.
    pub discount: Val,
    /// Nodes in year 1.
    pub nodes: Val,
    /// Services in year 1.
    pub services: Val,
    /// Clusters in year 1.
    pub clusters: Val,
    /// Yearly growth.
    pub growth: Val,
    /// Roles, in name order.
    pub roles: Vec<RolePlan>,
    /// Strategies, in name order.
    pub strategies: Vec<StrategyPlan>,
    /// Index of the baseline strategy.
    pub baseline: usize,
    /// Index of the alternative strategy.
    pub alternative: usize,
    /// The rank correlations between inputs (`[[correlations]]`) kept, in file order.
    pub correlations: Vec<CorrelationPlan>,
    /// Their targets for the sampler (columns in input order), `None` without any.
    pub rank_targets: Option<RankTargets>,
}

impl Plan {
    /// Validates `scenario` and compiles it. Every problem is reported at once.
    pub fn new(scenario: &Scenario) -> Result<Plan, ScenarioError> {
        Plan::compile(scenario, correlations::FixedInputs::Refuse)
    }

    /// Validates and compiles `scenario`, one point of a sweep: like [`Plan::new`], except
    /// that a correlation naming an input the point made fixed (a field or parameter set to
    /// a number) is dropped at this point instead of being an error. The other correlations
    /// stay; dropping every pair of an input leaves a valid matrix.
    pub fn at_grid_point(scenario: &Scenario) -> Result<Plan, ScenarioError> {
        Plan::compile(scenario, correlations::FixedInputs::DropFixed)
    }

    /// Validates and compiles `scenario`, treating correlated fixed inputs as `fixed` says.
    fn compile(
        scenario: &Scenario,
        fixed: correlations::FixedInputs,
    ) -> Result<Plan, ScenarioError> {
        let mut c = compiler::Compiler::new(scenario);
        // Parameters first, so their columns lead the results in name order.
        parameters::parameters(&mut c);
        parameters::labels(&mut c);
        let discount = settings::settings(&mut c);
        let fleet = settings::fleet(&mut c);
        let roles = roles::roles(&mut c);
        let strategies = strategies::strategies(&mut c, &roles);
        let (baseline, alternative) = comparison::comparison(&mut c, &strategies);
        finding_out::finding_out(&mut c);
        c.report_misfits();
        parameters::report_unused(&mut c);
        comparison::distinct(&mut c);
        let correlated = correlations::correlations(&mut c, fixed);

        let plan = Plan {
            scenario: Arc::new(scenario.clone()),
            inputs: std::mem::take(&mut c.inputs),
            horizon: scenario.settings.horizon_years as usize,
            discount,
            nodes: fleet.nodes,
            services: fleet.services,
            clusters: fleet.clusters,
            growth: fleet.growth,
            roles,
            strategies,
            baseline: baseline.unwrap_or(0),
            alternative: alternative.unwrap_or(0),
            correlations: correlated.pairs,
            rank_targets: correlated.targets,
        };
        c.problems
            .into_result(plan)
            .map_err(|e| e.with_activity_names(&scenario.to_value()))
    }

    /// The currency label.
    pub fn currency(&self) -> &str {
        &self.scenario.settings.currency
    }
}

#[cfg(test)]
mod tests;
