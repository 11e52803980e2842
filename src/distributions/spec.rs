//! The plain-data form of a distribution and its validation error.

use serde::{Deserialize, Serialize};

use super::Dist;

/// The shape parameter PERT uses unless told otherwise.
pub const DEFAULT_PERT_LAMBDA: f64 = 4.0;

fn default_lambda() -> f64 {
    DEFAULT_PERT_LAMBDA
}

fn is_default_lambda(lambda: &f64) -> bool {
    *lambda == DEFAULT_PERT_LAMBDA
}

/// A distribution as written in a scenario file: `{ dist = "pert", low = 1, mode = 3, high = 8 }`.
///
/// Build it with [`DistSpec::build`] to validate the parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum DistSpec {
    /// Always `value`.
    Fixed {
        /// The value.
        value: f64,
    },
    /// Uniform on `[low, high]`.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound (above `low`).
        high: f64,
    },
    /// Triangular with the given bounds and most likely value.
    Triangular {
        /// Lower bound.
        low: f64,
        /// Most likely value, in `[low, high]`.
        mode: f64,
        /// Upper bound (above `low`).
        high: f64,
    },
    /// PERT: a beta distribution scaled to `[low, high]` with its mode at `mode`.
    Pert {
        /// Lower bound.
        low: f64,
        /// Most likely value, in `[low, high]`.
        mode: f64,
        /// Upper bound (above `low`).
        high: f64,
        /// Weight of the mode (4 is the classic PERT).
        #[serde(default = "default_lambda", skip_serializing_if = "is_default_lambda")]
        lambda: f64,
    },
    /// Normal, optionally truncated to `[low, high]`.
    Normal {
        /// Mean of the untruncated normal.
        mean: f64,
        /// Standard deviation of the untruncated normal (above 0).
        sd: f64,
        /// Optional lower truncation bound.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        low: Option<f64>,
        /// Optional upper truncation bound.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<f64>,
    },
    /// Lognormal: `exp(N(mu, sigma))`.
    Lognormal {
        /// Mean of the underlying normal.
        mu: f64,
        /// Standard deviation of the underlying normal (above 0).
        sigma: f64,
    },
    /// Lognormal given by its 90% interval: 5% of draws below `p5`, 5% above `p95`.
    LognormalCi90 {
        /// 5th percentile (above 0).
        p5: f64,
        /// 95th percentile (above `p5`).
        p95: f64,
    },
    /// Beta(`alpha`, `beta`), optionally scaled from `[0, 1]` to `[low, high]`.
    Beta {
        /// First shape parameter (above 0).
        alpha: f64,
        /// Second shape parameter (above 0).
        beta: f64,
        /// Lower bound of the scaled range (default 0).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        low: Option<f64>,
        /// Upper bound of the scaled range (default 1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<f64>,
    },
    /// Gamma with the given shape and scale (mean `shape × scale`).
    Gamma {
        /// Shape (above 0).
        shape: f64,
        /// Scale (above 0).
        scale: f64,
    },
    /// Poisson counts with the given mean.
    Poisson {
        /// Mean (0 or above).
        mean: f64,
    },
    /// 1 with probability `p`, else 0.
    Bernoulli {
        /// Probability of 1, in `[0, 1]`.
        p: f64,
    },
    /// One of `values`, with probability proportional to `weights` (equal when omitted).
    Discrete {
        /// The possible values.
        values: Vec<f64>,
        /// Non-negative weights, one per value, not all zero.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<Vec<f64>>,
    },
    /// Resamples observed data: each draw is one of `samples`, equally likely.
    Empirical {
        /// The observations.
        samples: Vec<f64>,
    },
}

impl DistSpec {
    /// Validates the parameters and returns a distribution ready to use.
    pub fn build(&self) -> Result<Dist, DistError> {
        Dist::from_parts(self.clone())
    }

    /// The family's name as written in files (`"pert"`, `"lognormal_ci90"`, …).
    pub fn family(&self) -> &'static str {
        match self {
            DistSpec::Fixed { .. } => "fixed",
            DistSpec::Uniform { .. } => "uniform",
            DistSpec::Triangular { .. } => "triangular",
            DistSpec::Pert { .. } => "pert",
            DistSpec::Normal { .. } => "normal",
            DistSpec::Lognormal { .. } => "lognormal",
            DistSpec::LognormalCi90 { .. } => "lognormal_ci90",
            DistSpec::Beta { .. } => "beta",
            DistSpec::Gamma { .. } => "gamma",
            DistSpec::Poisson { .. } => "poisson",
            DistSpec::Bernoulli { .. } => "bernoulli",
            DistSpec::Discrete { .. } => "discrete",
            DistSpec::Empirical { .. } => "empirical",
        }
    }
}

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

/// Checks finite bounds with `low < high`.
pub(crate) fn bounds(family: &str, low: f64, high: f64) -> Result<(), DistError> {
    finite("low", low)?;
    finite("high", high)?;
    if low < high {
        Ok(())
    } else {
        Err(DistError::new(
            "high",
            format!("{family} high {high} must be above low {low}"),
        ))
    }
}

/// Checks `low ≤ mode ≤ high` (bounds already checked).
pub(crate) fn mode_within(family: &str, low: f64, mode: f64, high: f64) -> Result<(), DistError> {
    finite("mode", mode)?;
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
