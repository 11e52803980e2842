//! The chart and table of a result's value of information
//! ([`crate::decision::value_of_information()`]).

use crate::chart::{ChartSpec, ValueBarsData};
use crate::decision::{ValueOfInformation, VoiKind};
use crate::model::SimResult;
use crate::table::{Column, Table};

/// Most bars the chart draws (the largest values).
pub const MAX_BARS: usize = 15;

/// What a row is called: an input's label, a group's name, "perfect information on all
/// inputs" for the EVPI.
fn row_label(r: &SimResult, kind: VoiKind, name: &str) -> String {
    match kind {
        VoiKind::Evpi => "perfect information on all inputs".into(),
        VoiKind::Input => r.scenario.input_label(name),
        VoiKind::Group => name.to_string(),
    }
}

/// The table: `name` (input key, group name or `all inputs`), `label`, `kind` (`evpi`,
/// `input`, `group`), `inputs` (the keys learnt, comma-separated), `value`, `se` and
/// `share` (the value over the EVPI; empty when the EVPI is 0). EVPI first, then by value.
pub fn table(r: &SimResult, v: &ValueOfInformation) -> Table {
    let rows = &v.rows;
    let evpi = rows.first().map_or(0.0, |e| e.value);
    let mut t = Table::default();
    t.push(
        "name",
        Column::Str(rows.iter().map(|x| x.name.clone()).collect()),
    );
    t.push(
        "label",
        Column::Str(rows.iter().map(|x| row_label(r, x.kind, &x.name)).collect()),
    );
    t.push(
        "kind",
        Column::Str(rows.iter().map(|x| x.kind.as_str().to_string()).collect()),
    );
    t.push(
        "inputs",
        Column::Str(rows.iter().map(|x| x.inputs.join(", ")).collect()),
    );
    t.push("value", Column::F64(rows.iter().map(|x| x.value).collect()));
    t.push("se", Column::F64(rows.iter().map(|x| x.se).collect()));
    t.push(
        "share",
        Column::OptF64(
            rows.iter()
                .map(|x| (evpi > 0.0).then(|| x.value / evpi))
                .collect(),
        ),
    );
    t
}

/// Bars of the largest EVPPIs (at most [`MAX_BARS`]) with the EVPI marked, in the
/// scenario's currency.
pub fn chart(r: &SimResult, v: &ValueOfInformation) -> ChartSpec {
    let evpi = v.rows.first().map_or(0.0, |e| e.value);
    let bars: Vec<_> = v.rows.iter().skip(1).take(MAX_BARS).collect();
    let years = r.horizon;
    ChartSpec::ValueOfInformation(ValueBarsData {
        names: bars.iter().map(|x| row_label(r, x.kind, &x.name)).collect(),
        values: bars.iter().map(|x| x.value).collect(),
        se: bars.iter().map(|x| x.se).collect(),
        total: evpi,
        total_label: format!(
            "EVPI {} (all inputs known before choosing; decision now: {})",
            crate::money::format_money(evpi, r.currency()),
            v.decision
        ),
        x_label: format!(
            "Expected value of knowing before deciding (present value over {years} year{})",
            if years == 1 { "" } else { "s" }
        ),
    })
}
