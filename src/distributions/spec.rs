//! The plain-data form of a distribution (one declaration per family) and its validation
//! error.

use super::checks::{DistError, MAX_SHAPE};
use super::continuous::{BetaScaled, Gamma, LogNormal, NormalTruncated, Triangular, Uniform};
use super::discrete::{Bernoulli, Poisson, Table};
use super::family::{families, Check};
use super::{Dist, Kind};

/// The shape parameter PERT uses unless told otherwise.
pub const DEFAULT_PERT_LAMBDA: f64 = 4.0;

fn default_lambda() -> f64 {
    DEFAULT_PERT_LAMBDA
}

impl DistSpec {
    /// Validates the parameters and returns a distribution ready to use.
    pub fn build(&self) -> Result<Dist, DistError> {
        Dist::from_parts(self.clone())
    }
}

// The one declaration of every family: a new family is one entry here (plus its sampler,
// a `Kind` variant, and its Python one-liner). Each entry's `=>` expression turns the
// fields (references, each already through its own declared `check`) into a sampler; the expressions
// and their order are what every draw depends on.
families! {
    /// Always `value`.
    Fixed = "fixed", notes = "" {
        /// The value.
        value: f64, check Check::Finite;
    } => Kind::Fixed(*value);

    /// Uniform on `[low, high]`.
    Uniform = "uniform", notes = "`low < high`" {
        /// Lower bound.
        low: f64, check Check::Finite;
        /// Upper bound (above `low`).
        high: f64, check Check::Finite;
    } => Kind::Uniform(Uniform::new(*low, *high)?);

    /// Triangular with the given bounds and most likely value.
    Triangular = "triangular", notes = "`low ≤ mode ≤ high`, `low < high`" {
        /// Lower bound.
        low: f64, check Check::Finite;
        /// Most likely value, in `[low, high]`.
        mode: f64, check Check::Finite;
        /// Upper bound (above `low`).
        high: f64, check Check::Finite;
    } => Kind::Triangular(Triangular::new(*low, *mode, *high)?);

    /// PERT: a beta distribution scaled to `[low, high]` with its mode at `mode`.
    Pert = "pert", notes = "scaled beta; `low ≤ mode ≤ high`, `low < high`" {
        /// Lower bound.
        low: f64, check Check::Finite;
        /// Most likely value, in `[low, high]`.
        mode: f64, check Check::Finite;
        /// Upper bound (above `low`).
        high: f64, check Check::Finite;
        /// Weight of the mode (4 is the classic PERT).
        lambda as lambda_: f64 = DEFAULT_PERT_LAMBDA, "default_lambda",
            check Check::PositiveAtMost(MAX_SHAPE / 10.0);
    } => Kind::Beta(BetaScaled::pert(*low, *mode, *high, *lambda)?);

    /// Normal, optionally truncated to `[low, high]`.
    Normal = "normal", notes = "truncated to [`low`, `high`] when given, which must hold some probability" {
        /// Mean of the untruncated normal.
        mean: f64, check Check::Finite;
        /// Standard deviation of the untruncated normal (above 0).
        sd: f64, check Check::Positive;
        /// Optional lower truncation bound.
        low: Option<f64>, check Check::Finite;
        /// Optional upper truncation bound.
        high: Option<f64>, check Check::Finite;
    } => Kind::Normal(NormalTruncated::new(*mean, *sd, *low, *high)?);

    /// Lognormal: `exp(N(mu, sigma))`.
    Lognormal = "lognormal", notes = "parameters of the underlying normal" {
        /// Mean of the underlying normal.
        mu: f64, check Check::Finite;
        /// Standard deviation of the underlying normal (above 0).
        sigma: f64, check Check::Positive;
    } => Kind::LogNormal(LogNormal::new(*mu, *sigma)?);

    /// Lognormal given by its 90% interval: 5% of draws below `p5`, 5% above `p95`.
    LognormalCi90 = "lognormal_ci90", notes = "90% interval; `p5 < p95`" {
        /// 5th percentile (above 0).
        p5: f64, check Check::Positive;
        /// 95th percentile (above `p5`).
        p95: f64, check Check::Finite;
    } => Kind::LogNormal(LogNormal::from_ci90(*p5, *p95)?);

    /// Beta(`alpha`, `beta`), optionally scaled from `[0, 1]` to `[low, high]`.
    Beta = "beta", notes = "scaled to [`low`, `high`] (default [0, 1]); `low < high`" {
        /// First shape parameter (above 0).
        alpha: f64, check Check::PositiveAtMost(MAX_SHAPE);
        /// Second shape parameter (above 0).
        beta: f64, check Check::PositiveAtMost(MAX_SHAPE);
        /// Lower bound of the scaled range (default 0).
        low: Option<f64>, check Check::Finite;
        /// Upper bound of the scaled range (default 1).
        high: Option<f64>, check Check::Finite;
    } => Kind::Beta(BetaScaled::new(
        *alpha,
        *beta,
        low.unwrap_or(0.0),
        high.unwrap_or(1.0),
    )?);

    /// Gamma with the given shape and scale (mean `shape × scale`).
    Gamma = "gamma", notes = "" {
        /// Shape (above 0).
        shape: f64, check Check::PositiveAtMost(MAX_SHAPE);
        /// Scale (above 0).
        scale: f64, check Check::Positive;
    } => Kind::Gamma(Gamma::new(*shape, *scale)?);

    /// Poisson counts with the given mean.
    Poisson = "poisson", notes = "`0 ≤ mean ≤ 1e12`" {
        /// Mean (0 or above).
        mean: f64, check Check::Finite;
    } => Kind::Poisson(Poisson::new(*mean)?);

    /// 1 with probability `p`, else 0.
    Bernoulli = "bernoulli", notes = "`0 ≤ p ≤ 1`" {
        /// Probability of 1, in `[0, 1]`.
        p: f64, check Check::Finite;
    } => Kind::Bernoulli(Bernoulli::new(*p)?);

    /// One of `values`, with probability proportional to `weights` (equal when omitted).
    Discrete = "discrete", notes = "weights ≥ 0, not all 0; normalised" {
        /// The possible values.
        values: Vec<f64>;
        /// Non-negative weights, one per value, not all zero.
        weights: Option<Vec<f64>>;
    } => Kind::Table(Table::new(values, weights.as_deref(), "values")?);

    /// Resamples observed data: each draw is one of `samples`, equally likely.
    Empirical = "empirical", notes = "resamples the observed data" {
        /// The observations.
        samples: Vec<f64>;
    } => Kind::Table(Table::new(samples, None, "samples")?);
}
