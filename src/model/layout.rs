//! Where each per-trial output column lives in the flat list of columns a run fills.

use super::plan::Plan;
use crate::scenario::Driver;

/// How much of a run is kept per trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Totals, one-time costs and yearly costs of each strategy, savings and payback year.
    Totals,
    /// Also every activity's cost and every role's hours, FTE and over-capacity flag.
    Full,
    /// Totals, plus what a sweep row reads of each strategy's roles: the final-year FTE and
    /// a flag for running over capacity in any year (`model::sweep_point`). The same values,
    /// bit for bit, as [`Detail::Full`]'s final-year FTE and per-year flags give.
    Sweep,
}

/// The slots of every output column.
pub(crate) struct Layout {
    pub strategies: Vec<StrategySlots>,
    pub savings: usize,
    pub payback: usize,
    /// Number of columns.
    pub count: usize,
}

/// One strategy's columns.
pub(crate) struct StrategySlots {
    pub total: usize,
    pub one_time: usize,
    /// Present value of each year's cost, years 1..=T.
    pub years: Vec<usize>,
    /// Per activity: present-value cost per slot (year 0 for once, else years 1..=T).
    /// Empty under [`Detail::Totals`].
    pub activities: Vec<Vec<usize>>,
    /// Per role of the scenario. Empty unless [`Detail::Full`].
    pub roles: Vec<RoleSlots>,
    /// Per role of the scenario: the columns of a sweep row. Empty unless
    /// [`Detail::Sweep`].
    pub sweep_roles: Vec<SweepRoleSlots>,
}

/// One role's columns for a sweep row.
pub(crate) struct SweepRoleSlots {
    /// Recurring hours in the final year divided by the role's hours per year.
    pub final_fte: usize,
    /// 1 when the hours exceed the role's capacity in any year, else 0.
    pub any_over: usize,
}

/// One role's columns: hours, FTE and over-capacity flag per year.
pub(crate) struct RoleSlots {
    pub hours: Vec<usize>,
    pub fte: Vec<usize>,
    pub over: Vec<usize>,
}

impl Layout {
    /// The columns a run of `plan` fills at `detail`.
    pub fn new(plan: &Plan, detail: Detail) -> Layout {
        let mut next = 0;
        let mut take = |n: usize| -> Vec<usize> {
            let v = (next..next + n).collect();
            next += n;
            v
        };
        let t = plan.horizon;
        let full = detail == Detail::Full;
        let sweep = detail == Detail::Sweep;
        let strategies = plan
            .strategies
            .iter()
            .map(|s| {
                let total = take(1)[0];
                let one_time = take(1)[0];
                let years = take(t);
                let activities = if full {
                    s.activities
                        .iter()
                        .map(|a| take(if a.driver == Driver::Once { 1 } else { t }))
                        .collect()
                } else {
                    Vec::new()
                };
                let roles = if full {
                    plan.roles
                        .iter()
                        .map(|_| RoleSlots {
                            hours: take(t),
                            fte: take(t),
                            over: take(t),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let sweep_roles = if sweep {
                    plan.roles
                        .iter()
                        .map(|_| SweepRoleSlots {
                            final_fte: take(1)[0],
                            any_over: take(1)[0],
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                StrategySlots {
                    total,
                    one_time,
                    years,
                    activities,
                    roles,
                    sweep_roles,
                }
            })
            .collect();
        let savings = take(1)[0];
        let payback = take(1)[0];
        Layout {
            strategies,
            savings,
            payback,
            count: next,
        }
    }

    /// The number of columns [`Layout::new`] lays out for `plan` at `detail` (its
    /// `count`), without laying them out: what the memory checks ask before a run.
    pub fn columns(plan: &Plan, detail: Detail) -> usize {
        let t = plan.horizon;
        let roles = plan.roles.len();
        let per_strategy = |activities: &[super::plan::ActivityPlan]| {
            let mut n = 2 + t;
            if detail == Detail::Full {
                n += activities
                    .iter()
                    .map(|a| if a.driver == Driver::Once { 1 } else { t })
                    .sum::<usize>();
                n += 3 * t * roles;
            }
            if detail == Detail::Sweep {
                n += 2 * roles;
            }
            n
        };
        plan.strategies
            .iter()
            .map(|s| per_strategy(&s.activities))
            .sum::<usize>()
            + 2
    }
}
