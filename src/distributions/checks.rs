//! The checks a distribution's parameters pass, and the error that names the one at fault.
//!
//! Shared by the family declarations (`spec.rs`, `family.rs`) and the samplers
//! (`continuous.rs`, `discrete.rs`), which depend on this module and not on each other.

/// An invalid distribution parameter: which one, and why.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct DistError {
    /// The parameter at fault (`"mode"`, `"sd"`, `"weights"`, …).
    pub param: String,
    /// A sentence naming the parameter, its value and the allowed range.
    pub message: String,
}

impl DistError {
    /// A new error about `param`.
    pub fn new(param: &str, message: String) -> DistError {
        DistError {
            param: param.to_string(),
            message,
        }
    }
}

/// Checks that `value` is a finite number.
pub(crate) fn finite(param: &str, value: f64) -> Result<f64, DistError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(DistError::new(
            param,
            format!("{param} must be a finite number, got {value}"),
        ))
    }
}

/// Checks that `value` is finite and strictly positive.
pub(crate) fn positive(param: &str, value: f64) -> Result<f64, DistError> {
    finite(param, value)?;
    if value > 0.0 {
        Ok(value)
    } else {
        Err(DistError::new(
            param,
            format!("{param} must be above 0, got {value}"),
        ))
    }
}

/// Largest shape parameter accepted (gamma shape, beta alpha and beta): beyond it the
/// quantile function's incomplete-gamma and -beta evaluations take practically forever,
/// and the distribution is a spike narrower than 1e-6 of its mean anyway.
pub const MAX_SHAPE: f64 = 1e12;

/// Checks `value ≤ limit`.
pub(crate) fn at_most(param: &str, value: f64, limit: f64) -> Result<f64, DistError> {
    if value <= limit {
        Ok(value)
    } else {
        Err(DistError::new(
            param,
            format!("{param} must be at most {limit:e}, got {value}"),
        ))
    }
}

/// Checks `low < high` (each already checked finite by its declared check).
pub(crate) fn bounds(family: &str, low: f64, high: f64) -> Result<(), DistError> {
    if low >= high {
        Err(DistError::new(
            "high",
            format!("{family} high {high} must be above low {low}"),
        ))
    } else if !(high - low).is_finite() {
        // low + q (high − low) would be infinite for every draw (uniform(−1e308, 1e308)
        // drew inf 1,000 times in 1,000), and a PERT's shapes NaN.
        Err(DistError::new(
            "high",
            format!(
                "{family} high − low must be a finite width (below about 1.8e308), got low \
                 {}, high {}",
                crate::money::format_exact(low),
                crate::money::format_exact(high)
            ),
        ))
    } else {
        Ok(())
    }
}

/// Checks `low ≤ mode ≤ high` (bounds already checked, each finite).
pub(crate) fn mode_within(family: &str, low: f64, mode: f64, high: f64) -> Result<(), DistError> {
    if mode < low {
        Err(DistError::new(
            "mode",
            format!("{family} mode {mode} is below low {low}"),
        ))
    } else if mode > high {
        Err(DistError::new(
            "mode",
            format!("{family} mode {mode} is above high {high}"),
        ))
    } else {
        Ok(())
    }
}
