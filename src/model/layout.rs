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
    /// Per role of the scenario. Empty under [`Detail::Totals`].
    pub roles: Vec<RoleSlots>,
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
                StrategySlots {
                    total,
                    one_time,
                    years,
                    activities,
                    roles,
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
}
