//! Probability distributions for uncertain inputs.
//!
//! A [`DistSpec`] is plain data (what a scenario file holds); [`DistSpec::build`] validates
//! it into a [`Dist`] that can report its mean, variance and quantiles and draw samples.
//! Invalid parameters are a [`DistError`] naming the parameter, never a NaN later.
//!
//! ```
//! use repave_cost::distributions::DistSpec;
//! let pert = DistSpec::Pert { low: 1.0, mode: 3.0, high: 8.0, lambda: 4.0 }.build().unwrap();
//! assert!((pert.mean().unwrap() - 3.5).abs() < 1e-12);
//! assert!(pert.ppf(0.5).unwrap() > 1.0);
//! ```

mod checks;
mod continuous;
mod discrete;
pub mod family;
mod fast_ppf;
mod gamma_draw;
mod incomplete;
mod invert;
mod polish;
mod sides;
mod spec;
mod table_cache;
mod tail_table;

pub use checks::DistError;
pub use family::{FamilyDef, FieldDef, FieldInput, FieldKind, FieldValue};
pub use spec::{DistSpec, DEFAULT_PERT_LAMBDA, FAMILIES};

pub use discrete::poisson_draw;
#[cfg(test)]
pub(crate) use fast_ppf::tests::hard_specs as fast_ppf_test_specs;
pub(crate) use fast_ppf::FastPpf;

use continuous::{BetaScaled, Gamma, LogNormal, NormalTruncated, Triangular, Uniform};
use discrete::{Bernoulli, Poisson, Table};
use rand::{Rng, RngExt};

/// A uniform number in the open interval (0, 1): the top 53 bits of one `u64` draw, plus
/// one half, over 2^53. Every inverse-CDF draw (random sampling, Latin hypercube jitter)
/// goes through it.
///
/// Above 2^52 the half cannot be represented and rounds to even, so the largest draw
/// (2^53 − 1 + ½) would round to exactly 1; it is held at the largest double below 1,
/// `1 − 2^-53`. Every other draw is unchanged.
pub fn unit_open<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u = ((rng.random::<u64>() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64);
    u.min(LARGEST_BELOW_ONE)
}

/// The largest `f64` below 1 (`1 − 2^-53`).
const LARGEST_BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

/// Behaviour shared by every validated distribution family.
pub(crate) trait Family {
    fn mean(&self) -> Option<f64>;
    fn variance(&self) -> Option<f64>;
    /// Quantile for `q` in `[0, 1]` (checked by the caller).
    fn ppf(&self, q: f64) -> f64;
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64;
    fn support(&self) -> (f64, f64);
}

/// A validated distribution: every method is total and never returns NaN.
#[derive(Clone, Debug)]
pub struct Dist {
    spec: DistSpec,
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    Fixed(f64),
    Uniform(Uniform),
    Triangular(Triangular),
    Beta(BetaScaled),
    Normal(NormalTruncated),
    LogNormal(LogNormal),
    Gamma(Gamma),
    Poisson(Poisson),
    Bernoulli(Bernoulli),
    Table(Table),
}

macro_rules! dispatch {
    ($self:expr, $d:ident => $body:expr, $fixed:ident => $fbody:expr) => {
        match &$self.kind {
            Kind::Fixed($fixed) => $fbody,
            Kind::Uniform($d) => $body,
            Kind::Triangular($d) => $body,
            Kind::Beta($d) => $body,
            Kind::Normal($d) => $body,
            Kind::LogNormal($d) => $body,
            Kind::Gamma($d) => $body,
            Kind::Poisson($d) => $body,
            Kind::Bernoulli($d) => $body,
            Kind::Table($d) => $body,
        }
    };
}

impl Dist {
    /// The plain-data description this distribution was built from.
    pub fn spec(&self) -> &DistSpec {
        &self.spec
    }

    /// The mean, where it has a closed form (every family here has one).
    pub fn mean(&self) -> Option<f64> {
        dispatch!(self, d => d.mean(), v => Some(*v))
    }

    /// The variance, where it has a closed form.
    pub fn variance(&self) -> Option<f64> {
        dispatch!(self, d => d.variance(), _v => Some(0.0))
    }

    /// The quantile function (inverse CDF). For discrete families it is the smallest
    /// value whose CDF reaches `q`, as in scipy. `q` must lie in `[0, 1]`.
    pub fn ppf(&self, q: f64) -> Result<f64, DistError> {
        if !(0.0..=1.0).contains(&q) {
            return Err(DistError::new(
                "q",
                format!("quantile q must lie in [0, 1], got {q}"),
            ));
        }
        Ok(self.ppf_unchecked(q))
    }

    /// The quantile function at every level of `qs` (each in `[0, 1]`): the values of
    /// [`Dist::ppf`], computed through tables (to a few ulps for beta, PERT and gamma, whose
    /// tables are made once per process; exactly for Poisson, whose table is built when
    /// `qs` is long enough to pay for it). The values the designs draw.
    pub fn ppf_many(&self, qs: &[f64]) -> Result<Vec<f64>, DistError> {
        if let Some(q) = qs.iter().find(|q| !(0.0..=1.0).contains(*q)) {
            return Err(DistError::new(
                "q",
                format!("quantile q must lie in [0, 1], got {q}"),
            ));
        }
        let fast = self.fast_ppf(qs.len());
        let mut values = qs.to_vec();
        fast.fill(&mut values);
        Ok(values)
    }

    /// The quantile function for a `q` the caller knows lies in `[0, 1]`.
    pub(crate) fn ppf_unchecked(&self, q: f64) -> f64 {
        dispatch!(self, d => d.ppf(q), v => *v)
    }

    /// The quantile function prepared for about `calls` calls (see [`FastPpf`]).
    pub(crate) fn fast_ppf(&self, calls: usize) -> FastPpf<'_> {
        FastPpf::new(self, calls)
    }

    /// One random draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        dispatch!(self, d => d.sample(rng), v => *v)
    }

    /// Fills `out` with independent draws.
    pub fn fill<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        match &self.kind {
            Kind::Fixed(v) => out.fill(*v),
            _ => out.iter_mut().for_each(|x| *x = self.sample(rng)),
        }
    }

    /// The smallest and largest values the distribution can take (may be infinite).
    pub fn support(&self) -> (f64, f64) {
        dispatch!(self, d => d.support(), v => (*v, *v))
    }

    /// True when the distribution always gives the same value.
    pub fn is_fixed(&self) -> bool {
        matches!(self.kind, Kind::Fixed(_))
    }
}

impl PartialEq for Dist {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

#[cfg(test)]
mod tests;
