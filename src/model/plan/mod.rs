//! Compiling a scenario into a plan: every check happens here, before any sampling, and
//! every problem is reported at once with the path of the field at fault.

use std::collections::{BTreeMap, HashMap};

use crate::distributions::Dist;
use crate::sampling::InputSpec;
use crate::scenario::error::Problems;
use crate::scenario::suggest::{did_you_mean, hint, list_or_none};
use crate::scenario::{label_problem, Driver, Quantity, Scenario, ScenarioError};

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
    /// The scenario it came from.
    pub scenario: Scenario,
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
}

/// The range a field's values must stay in.
#[derive(Clone, Copy)]
struct Range {
    low: f64,
    low_open: bool,
    high: f64,
    text: &'static str,
}

const NON_NEGATIVE: Range = Range {
    low: 0.0,
    low_open: false,
    high: f64::INFINITY,
    text: "≥ 0",
};
const SHARE: Range = Range {
    low: 0.0,
    low_open: false,
    high: 1.0,
    text: "in [0, 1]",
};
const AT_LEAST_ONE: Range = Range {
    low: 1.0,
    low_open: false,
    high: f64::INFINITY,
    text: "≥ 1",
};
const GROWTH: Range = Range {
    low: -1.0,
    low_open: true,
    high: 10.0,
    text: "in (-1, 10]",
};
const HOURS_IN_YEAR: Range = Range {
    low: 0.0,
    low_open: true,
    high: 8784.0,
    text: "in (0, 8784]",
};

impl Range {
    fn admits(&self, v: f64) -> bool {
        let above = if self.low_open {
            v > self.low
        } else {
            v >= self.low
        };
        above && v <= self.high
    }

    /// Whether every value of a distribution with support `(lo, hi)` is allowed.
    fn admits_support(&self, lo: f64, hi: f64) -> bool {
        lo >= self.low && hi <= self.high && (lo > self.low || !self.low_open || lo < hi)
    }
}

/// Largest horizon accepted, in years.
pub const MAX_HORIZON: u32 = 100;

/// Result column names a parameter may not take.
const RESERVED_NAMES: [&str; 4] = ["savings", "savings_per_year", "payback_year", "trial"];

fn valid_parameter_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The number a text such as `"3"`, `"0.5"` or `"8%"` (a share: 0.08) stands for.
fn quoted_number(text: &str) -> Option<f64> {
    let t = text.trim().replace('_', "");
    match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok().map(|v| v / 100.0),
        None => t.parse::<f64>().ok(),
    }
    .filter(|v| v.is_finite())
}

/// Builds the plan, collecting every problem.
struct Compiler<'a> {
    scenario: &'a Scenario,
    problems: Problems,
    inputs: Vec<InputSpec>,
    by_key: HashMap<String, usize>,
    /// Parameters already resolved: their root value or `None` when broken.
    resolved: HashMap<String, Option<Resolved>>,
    /// Fields whose range a parameter's values break: by parameter and range, the
    /// fields and what the parameter's values are. Reported once, at the parameter.
    misfits: BTreeMap<(String, &'static str), Misfit>,
}

/// A parameter whose values some fields cannot take.
struct Misfit {
    /// What the parameter's values are ("is 8", "ranges over [0, 1.5]").
    values: String,
    /// The fields that name it.
    fields: Vec<String>,
}

#[derive(Clone)]
enum Resolved {
    Fixed(f64),
    Input(usize),
}

impl<'a> Compiler<'a> {
    fn register(&mut self, key: &str, dist: Dist) -> usize {
        if let Some(&i) = self.by_key.get(key) {
            return i;
        }
        self.inputs.push(InputSpec::new(key, dist));
        self.by_key.insert(key.to_string(), self.inputs.len() - 1);
        self.inputs.len() - 1
    }

    /// Resolves parameter `name` (following aliases), reporting cycles and bad definitions.
    fn parameter(&mut self, name: &str, chain: &mut Vec<String>) -> Option<Resolved> {
        if let Some(r) = self.resolved.get(name) {
            return r.clone();
        }
        let path = format!("parameters.{name}");
        let q = self.scenario.parameters.get(name)?;
        if chain.iter().any(|n| n == name) {
            chain.push(name.to_string());
            self.problems
                .push(path, format!("parameter cycle: {}", chain.join(" → ")));
            return None;
        }
        chain.push(name.to_string());
        let r = match q {
            Quantity::Fixed(v) => {
                if v.is_finite() {
                    Some(Resolved::Fixed(*v))
                } else {
                    self.problems
                        .push(path, format!("must be a finite number, got {v}"));
                    None
                }
            }
            Quantity::Dist(spec) => match spec.build() {
                Ok(dist) => Some(Resolved::Input(self.register(name, dist))),
                Err(e) => {
                    self.problems.push(path, e.message);
                    None
                }
            },
            Quantity::Param(target) => {
                if !self.scenario.parameters.contains_key(target) {
                    let known = self.scenario.parameters.keys().map(String::as_str);
                    self.problems.push(
                        path,
                        format!(
                            "names undefined parameter {target:?}{} (defined: {})",
                            hint(target, known.clone()),
                            list_or_none(known)
                        ),
                    );
                    None
                } else {
                    self.parameter(target, chain)
                }
            }
        };
        self.resolved.insert(name.to_string(), r.clone());
        r
    }

    /// Compiles one numeric field found at `path`; `key` names its input column.
    fn value(&mut self, q: &Quantity, path: &str, key: &str, range: Range) -> Val {
        match q {
            Quantity::Fixed(v) => {
                if !v.is_finite() {
                    self.problems
                        .push(path, format!("must be a finite number, got {v}"));
                } else if !range.admits(*v) {
                    self.problems
                        .push(path, format!("must be {}, got {v}", range.text));
                }
                Val::Const(*v)
            }
            Quantity::Dist(spec) => match spec.build() {
                Ok(dist) => {
                    let (lo, hi) = dist.support();
                    if !range.admits_support(lo, hi) {
                        self.problems.push(
                            path,
                            format!(
                                "must be {}, but this {} distribution ranges over [{lo}, {hi}]",
                                range.text,
                                spec.family()
                            ),
                        );
                    }
                    Val::Input(self.register(key, dist))
                }
                Err(e) => {
                    self.problems.push(path, e.message);
                    Val::Const(0.0)
                }
            },
            Quantity::Param(name) => {
                if !self.scenario.parameters.contains_key(name) {
                    let known = self.scenario.parameters.keys().map(String::as_str);
                    let message = match quoted_number(name) {
                        Some(v) => format!(
                            "{name:?} is text, which names a parameter; write the number \
                             without quotes: {}",
                            crate::money::format_number(v)
                        ),
                        None => format!(
                            "undefined parameter {name:?}{} (defined: {})",
                            hint(name, known.clone()),
                            list_or_none(known)
                        ),
                    };
                    self.problems.push(path, message);
                    return Val::Const(0.0);
                }
                match self.parameter(name, &mut Vec::new()) {
                    Some(Resolved::Fixed(v)) => {
                        if !range.admits(v) {
                            self.misfit(name, range, format!("is {v}"), path);
                        }
                        Val::Const(v)
                    }
                    Some(Resolved::Input(i)) => {
                        let (lo, hi) = self.inputs[i].dist.support();
                        if !range.admits_support(lo, hi) {
                            self.misfit(name, range, format!("ranges over [{lo}, {hi}]"), path);
                        }
                        Val::Input(i)
                    }
                    None => Val::Const(0.0),
                }
            }
        }
    }

    fn field(&mut self, q: &Quantity, path: &str, range: Range) -> Val {
        self.value(q, path, path, range)
    }

    /// Records that parameter `name`, whose values are as `values` says, is named by the
    /// field at `path`, which must stay in `range`.
    fn misfit(&mut self, name: &str, range: Range, values: String, path: &str) {
        self.misfits
            .entry((name.to_string(), range.text))
            .or_insert_with(|| Misfit {
                values,
                fields: Vec::new(),
            })
            .fields
            .push(path.to_string());
    }

    /// One problem per parameter and range its values break, at the parameter.
    fn report_misfits(&mut self) {
        for ((name, range), m) in std::mem::take(&mut self.misfits) {
            let message = match m.fields.as_slice() {
                [one] => format!("{}, but {one} (which names it) must be {range}", m.values),
                many => format!(
                    "{}, but the {} fields that name it must be {range}: {}",
                    m.values,
                    many.len(),
                    many.join(", ")
                ),
            };
            self.problems.push(format!("parameters.{name}"), message);
        }
    }

    /// A problem for every parameter that no field uses, even through aliases: a
    /// parameter nothing uses is a typo or a leftover, never what was meant.
    fn report_unused_parameters(&mut self) {
        let scenario = self.scenario;
        let uses = scenario.parameter_uses();
        let undefined = scenario.undefined_parameter_references();
        for name in scenario.parameters.keys() {
            if uses.contains_key(name.as_str()) {
                continue;
            }
            // A field naming a parameter that does not exist is the likeliest match, then
            // a parameter that is used (a near twin of it is a leftover or a typo).
            let near = undefined.iter().copied().chain(
                scenario
                    .parameters
                    .keys()
                    .map(String::as_str)
                    .filter(|p| uses.contains_key(p)),
            );
            let message = match did_you_mean(name, near) {
                Some(other) => format!(
                    "no field uses parameter {name:?} (did you mean {other:?}?); remove it, \
                     or name it in the field it is meant for"
                ),
                None => format!(
                    "no field uses parameter {name:?}; remove it, or name it in the field it \
                     is meant for"
                ),
            };
            self.problems.push(format!("parameters.{name}"), message);
        }
    }
}

impl Plan {
    /// Validates `scenario` and compiles it. Every problem is reported at once.
    pub fn new(scenario: &Scenario) -> Result<Plan, ScenarioError> {
        let mut c = Compiler {
            scenario,
            problems: Problems::default(),
            inputs: Vec::new(),
            by_key: HashMap::new(),
            resolved: HashMap::new(),
            misfits: BTreeMap::new(),
        };
        // Parameters first, so their columns lead the results in name order.
        for name in scenario.parameters.keys() {
            if !valid_parameter_name(name) {
                c.problems.push(
                    format!("parameters.{name}"),
                    "a parameter name must start with a letter or _ and hold only letters, digits and _",
                );
            } else if RESERVED_NAMES.contains(&name.as_str()) {
                c.problems.push(
                    format!("parameters.{name}"),
                    format!("{name:?} names a result column; choose another parameter name"),
                );
            }
            c.parameter(name, &mut Vec::new());
        }
        for (name, label) in &scenario.parameter_labels {
            let at = format!("parameter_labels.{name}");
            if !scenario.parameters.contains_key(name) {
                let names = || scenario.parameters.keys().map(String::as_str);
                c.problems.push(
                    at,
                    format!(
                        "labels no parameter{} (parameters: {})",
                        hint(name, names()),
                        list_or_none(names())
                    ),
                );
            } else if let Some(why) = label_problem(label) {
                c.problems.push(at, why);
            }
        }

        let settings = &scenario.settings;
        if settings.horizon_years < 1 || settings.horizon_years > MAX_HORIZON {
            c.problems.push(
                "settings.horizon_years",
                format!(
                    "must be a whole number in [1, {MAX_HORIZON}], got {}",
                    settings.horizon_years
                ),
            );
        }
        if settings.currency.trim().is_empty() {
            c.problems.push("settings.currency", "must not be empty");
        }
        let discount = c.field(&settings.discount_rate, "settings.discount_rate", SHARE);
        let fleet = &scenario.fleet;
        let nodes = c.field(&fleet.nodes, "fleet.nodes", NON_NEGATIVE);
        let services = c.field(&fleet.services, "fleet.services", NON_NEGATIVE);
        let clusters = c.field(&fleet.clusters, "fleet.clusters", NON_NEGATIVE);
        let growth = c.field(&fleet.growth, "fleet.growth", GROWTH);

        let roles: Vec<RolePlan> = scenario
            .staffing
            .iter()
            .map(|(name, r)| {
                let p = |f: &str| format!("staffing.{name}.{f}");
                RolePlan {
                    name: name.clone(),
                    rate: c.field(&r.rate, &p("rate"), NON_NEGATIVE),
                    headcount: c.field(&r.headcount, &p("headcount"), NON_NEGATIVE),
                    hours_per_year: c.field(&r.hours_per_year, &p("hours_per_year"), HOURS_IN_YEAR),
                    available_share: c.field(&r.available_share, &p("available_share"), SHARE),
                    overflow_multiplier: c.field(
                        &r.overflow_multiplier,
                        &p("overflow_multiplier"),
                        AT_LEAST_ONE,
                    ),
                }
            })
            .collect();
        let role_index: BTreeMap<&str, usize> = roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.name.as_str(), i))
            .collect();

        let mut strategies = Vec::new();
        for (sname, strategy) in &scenario.strategies {
            if sname.trim().is_empty() {
                c.problems
                    .push("strategies", "a strategy name must not be empty");
            } else if sname == super::CUMULATIVE_SAVINGS {
                c.problems.push(
                    format!("strategies.{sname}"),
                    format!("{sname:?} names the savings rows of result tables; choose another strategy name"),
                );
            }
            let mut seen: HashMap<&str, usize> = HashMap::new();
            let mut activities = Vec::new();
            for (i, a) in strategy.activities.iter().enumerate() {
                let path = format!("strategies.{sname}.activities[{i}]");
                let key = format!("strategies.{sname}.{}", a.name);
                if a.name.trim().is_empty() {
                    c.problems.push(format!("{path}.name"), "must not be empty");
                }
                if let Some(why) = a.label.as_deref().and_then(label_problem) {
                    c.problems.push(format!("{path}.label"), why);
                }
                if let Some(first) = seen.insert(a.name.as_str(), i) {
                    c.problems.push(
                        format!("{path}.name"),
                        format!(
                            "duplicate activity name {:?} (also activities[{first}])",
                            a.name
                        ),
                    );
                }
                let cycles = match (&a.cycles_per_year, a.driver) {
                    (None, Driver::PerCycle) => {
                        c.problems.push(
                            format!("{path}.cycles_per_year"),
                            "required for driver \"per_cycle\" (how many times a year)",
                        );
                        Val::Const(0.0)
                    }
                    (None, _) => Val::Const(1.0),
                    (Some(_), Driver::Once | Driver::Yearly) => {
                        c.problems.push(
                            format!("{path}.cycles_per_year"),
                            format!(
                                "has no effect with driver {:?}; remove it or use \"per_cycle\"",
                                a.driver.as_str()
                            ),
                        );
                        Val::Const(1.0)
                    }
                    (Some(q), _) => c.value(
                        q,
                        &format!("{path}.cycles_per_year"),
                        &format!("{key}.cycles_per_year"),
                        NON_NEGATIVE,
                    ),
                };
                let probability = a.probability.as_ref().map(|q| {
                    c.value(
                        q,
                        &format!("{path}.probability"),
                        &format!("{key}.probability"),
                        SHARE,
                    )
                });
                let hours = c.value(
                    &a.hours,
                    &format!("{path}.hours"),
                    &format!("{key}.hours"),
                    NON_NEGATIVE,
                );
                let people = c.value(
                    &a.people,
                    &format!("{path}.people"),
                    &format!("{key}.people"),
                    NON_NEGATIVE,
                );
                let cost = c.value(
                    &a.cost,
                    &format!("{path}.cost"),
                    &format!("{key}.cost"),
                    NON_NEGATIVE,
                );
                let role = match &a.role {
                    Some(r) => match role_index.get(r.as_str()) {
                        Some(&ix) => Some(ix),
                        None => {
                            let known = role_index.keys().copied();
                            c.problems.push(
                                format!("{path}.role"),
                                format!(
                                    "unknown role {r:?}{} (roles in staffing: {})",
                                    hint(r, known.clone()),
                                    list_or_none(known)
                                ),
                            );
                            None
                        }
                    },
                    None => {
                        if hours.can_be_nonzero(&c.inputs) {
                            c.problems.push(
                                format!("{path}.role"),
                                "required because hours can be above 0 (which role does the work?)",
                            );
                        }
                        None
                    }
                };
                activities.push(ActivityPlan {
                    name: a.name.clone(),
                    driver: a.driver,
                    cycles,
                    probability,
                    hours,
                    role,
                    people,
                    cost,
                    event_key: format!("events:{}", a.name),
                });
            }
            strategies.push(StrategyPlan {
                name: sname.clone(),
                activities,
            });
        }

        let find = |name: &str| strategies.iter().position(|s| s.name == name);
        let names: Vec<&str> = scenario.strategies.keys().map(String::as_str).collect();
        let cmp = &scenario.comparison;
        let baseline = find(&cmp.baseline);
        let alternative = find(&cmp.alternative);
        for (field, name, found) in [
            ("baseline", &cmp.baseline, baseline),
            ("alternative", &cmp.alternative, alternative),
        ] {
            if found.is_none() {
                c.problems.push(
                    format!("comparison.{field}"),
                    format!(
                        "{name:?} is not a strategy{} (strategies: {})",
                        hint(name, names.iter().copied()),
                        list_or_none(names.iter().copied())
                    ),
                );
            }
        }
        c.report_misfits();
        c.report_unused_parameters();
        if cmp.baseline == cmp.alternative {
            c.problems
                .push("comparison.alternative", "must differ from the baseline");
        }

        let plan = Plan {
            scenario: scenario.clone(),
            inputs: std::mem::take(&mut c.inputs),
            horizon: settings.horizon_years as usize,
            discount,
            nodes,
            services,
            clusters,
            growth,
            roles,
            strategies,
            baseline: baseline.unwrap_or(0),
            alternative: alternative.unwrap_or(0),
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
