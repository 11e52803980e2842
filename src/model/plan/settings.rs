//! The settings and fleet passes: horizon, currency and discount rate, then the fleet's
//! size and growth, in that order (the order their input columns are registered).

use super::compiler::Compiler;
use super::ranges::{GROWTH, NON_NEGATIVE, SHARE};
use super::Val;

use crate::scenario::MAX_HORIZON;

/// Checks the horizon and currency and compiles the discount rate.
pub(super) fn settings(c: &mut Compiler<'_>) -> Val {
    let settings = &c.scenario.settings;
    if settings.horizon_years < 1 || settings.horizon_years > MAX_HORIZON {
        c.problems.push(
            "settings.horizon_years",
            format!(
                "must be a whole number of years in [1, {MAX_HORIZON}], got {}",
                settings.horizon_years
            ),
        );
    }
    if settings.currency.trim().is_empty() {
        c.problems.push("settings.currency", "must not be empty");
    }
    c.field(&settings.discount_rate, "settings.discount_rate", SHARE)
}

/// The fleet, compiled: its size in year 1 and its yearly growth.
pub(super) struct FleetPlan {
    /// Nodes in year 1.
    pub(super) nodes: Val,
    /// Services in year 1.
    pub(super) services: Val,
    /// Clusters in year 1.
    pub(super) clusters: Val,
    /// Yearly growth.
    pub(super) growth: Val,
}

/// Compiles the fleet's fields.
pub(super) fn fleet(c: &mut Compiler<'_>) -> FleetPlan {
    let fleet = &c.scenario.fleet;
    FleetPlan {
        nodes: c.field(&fleet.nodes, "fleet.nodes", NON_NEGATIVE),
        services: c.field(&fleet.services, "fleet.services", NON_NEGATIVE),
        clusters: c.field(&fleet.clusters, "fleet.clusters", NON_NEGATIVE),
        growth: c.field(&fleet.growth, "fleet.growth", GROWTH),
    }
}
