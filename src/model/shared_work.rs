//! Work the cost pass can do once instead of twice: which activities, strategies and plans
//! draw the same occurrences and add the same loads and direct costs.
//!
//! * [`same_activity_pass`]: two plans (sweep points) whose passes differ only in their
//!   roles' capacity ([`super::pass::Pass::run_chunk_variants`] shares their activities).
//! * [`shared_prefixes`]: a strategy whose first activities are those of an earlier
//!   strategy (the work both strategies do, listed first in both, as the presets list
//!   their shared repair work): the pass keeps the earlier strategy's running sums after
//!   those activities and starts the later strategy from them
//!   ([`super::pass::Pass::accumulate_strategy`]).
//!
//! Both compare by what the pass reads: an activity's driver, role, event stream and the
//! values of its fields (the same input, or constants with the same bits, so that 0.0 and
//! -0.0 differ). The same operations on the same numbers in the same order give the same
//! bits, so sharing never changes a result.

use super::plan::{ActivityPlan, Plan, Val};

/// Whether two field values are the same numbers in every trial: the same input, or
/// constants with the same bits.
fn same_val(x: &Val, y: &Val) -> bool {
    match (x, y) {
        (Val::Const(x), Val::Const(y)) => x.to_bits() == y.to_bits(),
        (Val::Input(i), Val::Input(j)) => i == j,
        _ => false,
    }
}

/// [`same_val`] for optional fields: both absent, or both present and the same.
fn same_option(x: &Option<Val>, y: &Option<Val>) -> bool {
    match (x, y) {
        (Some(x), Some(y)) => same_val(x, y),
        (None, None) => true,
        _ => false,
    }
}

/// Whether the cost pass draws the same occurrences for `x` and `y` and adds the same hours
/// to the same role and the same direct cost, trial by trial (their names, descriptions
/// and practices may differ; their event streams may not).
pub(crate) fn same_activity(x: &ActivityPlan, y: &ActivityPlan) -> bool {
    x.driver == y.driver
        && x.role == y.role
        && x.event_key == y.event_key
        && same_val(&x.cycles, &y.cycles)
        && same_option(&x.probability, &y.probability)
        && same_val(&x.hours, &y.hours)
        && same_val(&x.people, &y.people)
        && same_val(&x.cost, &y.cost)
}

/// True when `a` and `b` differ at most in their roles' headcount, hours per year, available
/// share and overflow multiplier: then the cost pass draws the same occurrences and adds
/// the same loads and direct costs for both (what
/// [`super::pass::Pass::run_chunk_variants`] shares).
pub(crate) fn same_activity_pass(a: &Plan, b: &Plan) -> bool {
    a.horizon == b.horizon
        && a.baseline == b.baseline
        && a.alternative == b.alternative
        && [
            (&a.discount, &b.discount),
            (&a.nodes, &b.nodes),
            (&a.services, &b.services),
            (&a.clusters, &b.clusters),
            (&a.growth, &b.growth),
        ]
        .iter()
        .all(|(x, y)| same_val(x, y))
        && a.roles.len() == b.roles.len()
        && a.roles
            .iter()
            .zip(&b.roles)
            .all(|(x, y)| x.name == y.name && same_val(&x.rate, &y.rate))
        && a.strategies.len() == b.strategies.len()
        && a.strategies.iter().zip(&b.strategies).all(|(x, y)| {
            x.name == y.name
                && x.activities.len() == y.activities.len()
                && x.activities
                    .iter()
                    .zip(&y.activities)
                    .all(|(p, q)| same_activity(p, q))
        })
}

/// A strategy's first `len` activities are, one for one and in order, the first `len` of
/// the earlier strategy `from` ([`same_activity`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SharedPrefix {
    /// The earlier strategy (an index of `Plan::strategies`).
    pub from: usize,
    /// How many leading activities the two share (at least 1).
    pub len: usize,
}

/// Per strategy of `plan`, the longest run of leading activities it shares with an earlier
/// strategy (the earliest such strategy on a tie), or `None` when its first activity is
/// no earlier strategy's first.
pub(crate) fn shared_prefixes(plan: &Plan) -> Vec<Option<SharedPrefix>> {
    let strategies = &plan.strategies;
    (0..strategies.len())
        .map(|si| {
            let mine = &strategies[si].activities;
            let mut best: Option<SharedPrefix> = None;
            for (from, earlier) in strategies[..si].iter().enumerate() {
                let len = mine
                    .iter()
                    .zip(&earlier.activities)
                    .take_while(|(x, y)| same_activity(x, y))
                    .count();
                if len > best.map_or(0, |b| b.len) {
                    best = Some(SharedPrefix { from, len });
                }
            }
            best
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::Detail;
    use crate::scenario::Scenario;

    /// A scenario of three strategies whose activities are listed as `a`, `b` and `c`
    /// give them (activity names; "x!" is activity "x" with other hours).
    fn plan(a: &[&str], b: &[&str], c: &[&str]) -> Plan {
        let mut toml = String::from(
            "[fleet]\nnodes = 10\n[staffing.sre]\nrate = 100\nheadcount = 1\n\
             [parameters]\nh = { dist = \"uniform\", low = 1, high = 2 }\n",
        );
        for (strategy, names) in [("a", a), ("b", b), ("c", c)] {
            toml.push_str(&format!("[strategies.{strategy}]\n"));
            for name in names {
                let (name, hours) = match name.strip_suffix('!') {
                    Some(n) => (n, "3"),
                    None => (*name, "\"h\""),
                };
                toml.push_str(&format!(
                    "[[strategies.{strategy}.activities]]\nname = \"{name}\"\n\
                     driver = \"per_node\"\ncycles_per_year = 2\nhours = {hours}\n\
                     probability = 0.1\nrole = \"sre\"\n"
                ));
            }
        }
        toml.push_str("[comparison]\nbaseline = \"a\"\nalternative = \"b\"\n");
        Plan::new(&Scenario::from_toml(&toml).unwrap()).unwrap()
    }

    fn prefix(from: usize, len: usize) -> Option<SharedPrefix> {
        Some(SharedPrefix { from, len })
    }

    #[test]
    fn a_strategy_shares_its_longest_leading_run_with_an_earlier_one() {
        let p = plan(&["x", "y", "z"], &["x", "y", "w"], &["x", "y", "z", "v"]);
        assert_eq!(shared_prefixes(&p), vec![None, prefix(0, 2), prefix(0, 3)]);
        // A tie goes to the earlier strategy; a longer run to the later one.
        let p = plan(&["x", "w"], &["x", "y", "z"], &["x", "y", "z"]);
        assert_eq!(shared_prefixes(&p), vec![None, prefix(0, 1), prefix(1, 3)]);
    }

    #[test]
    fn the_shared_run_ends_at_the_first_activity_that_differs_in_what_the_pass_reads() {
        // Same name, other hours: not the same work.
        let p = plan(&["x", "y"], &["x", "y!"], &["x!", "y"]);
        assert_eq!(shared_prefixes(&p), vec![None, prefix(0, 1), None]);
        // Shared work listed later is not a leading run.
        let p = plan(&["x", "y"], &["w", "x", "y"], &[]);
        assert_eq!(shared_prefixes(&p), vec![None, None, None]);
        // Another event stream (another name) is other work.
        let p = plan(&["x"], &["w"], &["x"]);
        assert_eq!(shared_prefixes(&p), vec![None, None, prefix(0, 1)]);
    }

    /// A lean run (sharing) against a run that writes every activity's columns (no
    /// sharing): the same totals and savings, bit for bit.
    fn assert_sharing_changes_nothing(p: Plan) {
        use crate::sampling::{Control, Method, CHUNK};
        use std::sync::Arc;
        let plan = Arc::new(p);
        let dims = Arc::new(super::super::dimensions::plan_dimensions(&plan));
        let trials = CHUNK + 77;
        for method in [Method::Random, Method::Sobol] {
            let run = |detail| {
                super::super::simulate::simulate_counted(
                    &plan,
                    &dims,
                    trials,
                    5,
                    method,
                    detail,
                    &Control::new(),
                )
                .unwrap()
            };
            let (lean, full) = (run(Detail::Totals), run(Detail::Full));
            assert_eq!(lean.savings, full.savings, "{method:?}");
            for (l, f) in lean.strategies.iter().zip(&full.strategies) {
                assert_eq!(l.total, f.total, "{method:?}");
                assert_eq!(l.year_cost, f.year_cost, "{method:?}");
            }
        }
    }

    #[test]
    fn a_strategy_started_from_shared_sums_ends_where_it_would_alone() {
        // c starts from b's sums after three activities, b from a's after two.
        let p = plan(&["x", "y", "q"], &["x", "y", "z"], &["x", "y", "z", "w"]);
        assert_eq!(shared_prefixes(&p), vec![None, prefix(0, 2), prefix(1, 3)]);
        assert_sharing_changes_nothing(p);
        // A strategy that is all shared work, and one that shares nothing.
        let p = plan(&["x", "y"], &["x", "y"], &["w", "x"]);
        assert_eq!(shared_prefixes(&p), vec![None, prefix(0, 2), None]);
        assert_sharing_changes_nothing(p);
    }

    #[test]
    fn the_presets_share_their_leading_repair_work() {
        for (name, shared) in [("customer_repave", 12), ("fleet", 20)] {
            let p = Plan::new(&crate::presets::load(name).unwrap()).unwrap();
            let prefixes = shared_prefixes(&p);
            assert_eq!(prefixes[0], None, "{name}");
            assert_eq!(prefixes[1], prefix(0, shared), "{name}");
        }
    }
}
