//! A result's rank correlations: each target of the scenario's `[[correlations]]` beside the
//! Spearman coefficient its trials achieved.

use super::result::SimResult;
use crate::stats::spearman;
use crate::table::{Column, Table};

impl SimResult {
    /// One row per correlation the run applied, in the scenario's order: `pair`
    /// (`"a ~ b"`), the inputs `a` and `b` (their trial-table column names), `target`
    /// (the Spearman coefficient asked for) and `achieved` (the Spearman coefficient of
    /// the two drawn columns, ranks with ties averaged; empty for fewer than two trials or
    /// a column that never changes). No rows when the scenario has none. A sweep's grid
    /// point that fixed a correlated input has dropped that input's pairs (see
    /// [`super::Plan::at_grid_point`]); they are not listed.
    pub fn correlation(&self) -> Table {
        let pairs = &self.plan.correlations;
        let key = |i: usize| self.inputs[i].0.clone();
        let mut t = Table::default();
        t.push(
            "pair",
            Column::Str(
                pairs
                    .iter()
                    .map(|p| format!("{} ~ {}", key(p.a), key(p.b)))
                    .collect(),
            ),
        );
        t.push("a", Column::Str(pairs.iter().map(|p| key(p.a)).collect()));
        t.push("b", Column::Str(pairs.iter().map(|p| key(p.b)).collect()));
        t.push(
            "target",
            Column::F64(pairs.iter().map(|p| p.rank).collect()),
        );
        t.push(
            "achieved",
            Column::OptF64(
                pairs
                    .iter()
                    .map(|p| spearman(&self.inputs[p.a].1, &self.inputs[p.b].1))
                    .collect(),
            ),
        );
        t
    }
}
