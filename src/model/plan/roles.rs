//! The roles pass: every staff role in name order, each field compiled in file-format
//! order (rate, headcount, hours per year, available share, overflow multiplier).

use super::compiler::Compiler;
use super::ranges::{AT_LEAST_ONE, HOURS_IN_YEAR, NON_NEGATIVE, SHARE};
use super::RolePlan;

/// Compiles every role of the staffing table.
pub(super) fn roles(c: &mut Compiler<'_>) -> Vec<RolePlan> {
    let scenario = c.scenario;
    scenario
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
        .collect()
}
