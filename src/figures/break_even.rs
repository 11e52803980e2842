//! The chart of a break-even search ([`crate::decision::BreakEven`]).

use crate::chart::{ChartSpec, CrossingData};
use crate::decision::{BreakEven, Statistic};
use crate::scenario::Scenario;

/// The statistic along the searched field with its 95% band, the level, and the crossing
/// with its interval; the axes are named by the field's label and the statistic's words.
pub fn chart(
    found: &BreakEven,
    scenario: &Scenario,
    path: &str,
    statistic: Statistic,
    level: f64,
) -> ChartSpec {
    let years = scenario.settings.horizon_years;
    let words = statistic.words();
    let mut y_label = match statistic {
        Statistic::Prob => words,
        _ => format!(
            "{words} over {years} year{} (present value)",
            if years == 1 { "" } else { "s" }
        ),
    };
    if let Some(first) = y_label.get(..1) {
        y_label = first.to_uppercase() + &y_label[1..];
    }
    let col =
        |f: fn(&(f64, crate::decision::Estimate)) -> f64| found.points.iter().map(f).collect();
    ChartSpec::Crossing(CrossingData {
        x: col(|p| p.0),
        value: col(|p| p.1.value),
        low: col(|p| p.1.low),
        high: col(|p| p.1.high),
        level,
        crossing: found.value,
        interval: found.interval,
        x_label: scenario.path_label(path),
        y_label,
        money: statistic.is_money(),
    })
}
