//! The strategies pass: every strategy in name order, its activities in file order, each
//! activity's fields compiled in the order cycles, probability, hours, people, cost (the
//! order their input columns are registered), then its role looked up.

use std::collections::{BTreeMap, HashMap};

use super::compiler::Compiler;
use super::ranges::{NON_NEGATIVE, SHARE};
use super::{ActivityPlan, RolePlan, StrategyPlan, Val};
use crate::scenario::suggest::{hint, list_or_none};
use crate::scenario::{label_problem, Activity, Driver};

/// Compiles every strategy; `roles` are the compiled roles activities may name.
pub(super) fn strategies(c: &mut Compiler<'_>, roles: &[RolePlan]) -> Vec<StrategyPlan> {
    let role_index: BTreeMap<&str, usize> = roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    let scenario = c.scenario;
    let mut strategies = Vec::new();
    for (sname, strategy) in &scenario.strategies {
        if sname.trim().is_empty() {
            c.problems
                .push("strategies", "a strategy name must not be empty");
        } else if sname == crate::model::CUMULATIVE_SAVINGS {
            c.problems.push(
                format!("strategies.{sname}"),
                format!("{sname:?} names the savings rows of result tables; choose another strategy name"),
            );
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut activities = Vec::new();
        for (i, a) in strategy.activities.iter().enumerate() {
            let duplicate_of = seen.insert(a.name.as_str(), i);
            activities.push(activity(c, sname, i, a, &role_index, duplicate_of));
        }
        strategies.push(StrategyPlan {
            name: sname.clone(),
            activities,
        });
    }
    strategies
}

/// Compiles activity `i` of strategy `sname`; `duplicate_of` is the index of an earlier
/// activity of the same name, if any.
fn activity(
    c: &mut Compiler<'_>,
    sname: &str,
    i: usize,
    a: &Activity,
    role_index: &BTreeMap<&str, usize>,
    duplicate_of: Option<usize>,
) -> ActivityPlan {
    let path = format!("strategies.{sname}.activities[{i}]");
    let key = format!("strategies.{sname}.{}", a.name);
    if a.name.trim().is_empty() {
        c.problems.push(format!("{path}.name"), "must not be empty");
    }
    if let Some(why) = a.label.as_deref().and_then(label_problem) {
        c.problems.push(format!("{path}.label"), why);
    }
    if let Some(first) = duplicate_of {
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
    ActivityPlan {
        name: a.name.clone(),
        driver: a.driver,
        cycles,
        probability,
        hours,
        role,
        people,
        cost,
        practice: a.practice,
        event_key: format!("events:{}", a.name),
    }
}
