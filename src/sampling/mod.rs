//! The Monte Carlo sampling engine: joint draws of many uncertain inputs.
//!
//! Each input gets its own random streams, derived from the run's seed and the input's
//! key (its path or parameter name) alone, and cut into fixed-size chunks of trials. The
//! result is therefore a pure function of (inputs, trials, seed, method): the same with one
//! thread or many, and one input's draws do not change when another input is added.
//!
//! ```
//! use repave_cost::distributions::DistSpec;
//! use repave_cost::sampling::{sample_inputs, Control, InputSpec, Method};
//! let inputs = vec![InputSpec::new("hours", DistSpec::Uniform { low: 0.0, high: 1.0 }.build().unwrap())];
//! let cols = sample_inputs(&inputs, None, 1000, 42, Method::Lhs, &Control::new()).unwrap();
//! assert_eq!(cols[0].len(), 1000);
//! ```

mod control;
mod design;
mod dimensions;
mod events;
pub mod gaussian_copula;
pub mod inversion;
mod lhs;
mod method;
mod poisson_inverse;
mod random;
pub mod rank_correlation;
mod sobol;
pub mod sobol_points;
mod streams;

pub use control::{Cancelled, Control};
pub use design::{correlation_streams, Design};
pub use dimensions::Dimensions;
pub use events::{Events, PointEvents};
pub use lhs::Lhs;
pub use method::{designs, Method};
pub use random::Random;
pub use rank_correlation::RankTargets;
pub use sobol::{Coordinate, Sobol};
pub use streams::{chunk_rng, stream_seed, unit_open, CHUNK};

use crate::distributions::Dist;
use crate::limits::{checked_len, zeroed, SizeError};

/// Why a sample was not drawn: too large to hold, or cancelled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    /// `trials` (named in the error) asks for more memory than [`crate::limits::MAX_BYTES`].
    #[error(transparent)]
    TooLarge(#[from] SizeError),
    /// Cancelled through its [`Control`] before it finished.
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
    /// The columns could not be given their target rank correlations (for example fewer
    /// trials than correlated inputs); validate the targets with
    /// [`crate::stats::correlation_matrix`] first, so that only such run-time limits are
    /// left for here. The message says what is wrong.
    #[error("correlations: {0}")]
    Correlation(String),
    /// A run of this design cannot be continued from a later trial (its draws depend on the
    /// run's length, as Latin hypercube strata do); see [`Design::extends`].
    #[error("the {0} design cannot continue a run from a later trial")]
    NotExtensible(&'static str),
}

impl From<rank_correlation::RankCorrelationError> for SampleError {
    fn from(e: rank_correlation::RankCorrelationError) -> Self {
        match e {
            rank_correlation::RankCorrelationError::Sample(e) => e,
            other => SampleError::Correlation(other.to_string()),
        }
    }
}

/// One uncertain input: a key (path or parameter name) and its distribution.
#[derive(Clone, Debug)]
pub struct InputSpec {
    /// The key that names the input and seeds its streams.
    pub key: String,
    /// Its validated distribution.
    pub dist: Dist,
}

impl InputSpec {
    /// A new input.
    pub fn new(key: impl Into<String>, dist: Dist) -> InputSpec {
        InputSpec {
            key: key.into(),
            dist,
        }
    }
}

/// Draws `trials` joint samples of `inputs`: one column per input, in input order, from
/// the method's [`Design`], with the rank correlations `correlation` between the columns it
/// names (indices into `inputs`) when given. The inputs' dimensions (for a point-set
/// design) are their positions in `inputs` ([`Dimensions::of_inputs`]); a run with event
/// counts or shared points gives its own map through [`sample_inputs_in`].
///
/// With [`Method::Lhs`] each column holds exactly one draw in each of the `trials`
/// equal-probability strata of its input, the strata shuffled independently per input.
///
/// All the columns together must fit [`crate::limits::MAX_BYTES`]; a larger `trials` is
/// refused with [`SampleError::TooLarge`] before anything is allocated.
pub fn sample_inputs(
    inputs: &[InputSpec],
    correlation: Option<&RankTargets>,
    trials: usize,
    seed: u64,
    method: Method,
    control: &Control,
) -> Result<Vec<Vec<f64>>, SampleError> {
    let dims = Dimensions::of_inputs(inputs);
    sample_inputs_in(inputs, &dims, correlation, trials, seed, method, control)
}

/// [`sample_inputs`] with the run's dimensions `dims`, which must give every input a
/// dimension (a plan's map, or a sweep's over all its points).
pub fn sample_inputs_in(
    inputs: &[InputSpec],
    dims: &Dimensions,
    correlation: Option<&RankTargets>,
    trials: usize,
    seed: u64,
    method: Method,
    control: &Control,
) -> Result<Vec<Vec<f64>>, SampleError> {
    let per_trial = 8 * inputs.len().max(1) as u64;
    checked_len(
        "trials",
        trials as u64,
        per_trial,
        &format!("trials of {} draws, {per_trial} bytes each", inputs.len()),
    )?;
    method
        .design()
        .input_columns(inputs, dims, correlation, trials, seed, control)
}

/// Draws one input's column of `trials` values (refused with [`SampleError::TooLarge`],
/// before allocating, beyond [`crate::limits::MAX_BYTES`]).
pub fn sample_column(
    dist: &Dist,
    key: &str,
    trials: usize,
    seed: u64,
    method: Method,
    control: &Control,
) -> Result<Vec<f64>, SampleError> {
    column(method.design(), dist, key, trials, seed, control)
}

/// One input's column from `design`: checks `control`, allocates the column (refusing a
/// size beyond [`crate::limits::MAX_BYTES`]) and fills a fixed input with its value
/// without asking the design, which draws every other one.
pub(crate) fn column<D: Design + ?Sized>(
    design: &D,
    dist: &Dist,
    key: &str,
    trials: usize,
    seed: u64,
    control: &Control,
) -> Result<Vec<f64>, SampleError> {
    column_filled(dist, trials, control, |out| {
        design.fill_column(dist, key, seed, out, control)
    })
}

/// [`column`] with the drawing left to `fill` (which advances `control` by one unit per
/// value): for a design that fills a column other than through [`Design::fill_column`].
pub(crate) fn column_filled(
    dist: &Dist,
    trials: usize,
    control: &Control,
    fill: impl FnOnce(&mut [f64]) -> Result<(), SampleError>,
) -> Result<Vec<f64>, SampleError> {
    control.check()?;
    let mut out: Vec<f64> = zeroed("trials", trials, "8-byte draws")?;
    if dist.is_fixed() {
        out.fill(dist.ppf_unchecked(0.5));
        control.advance(trials as u64);
        return Ok(out);
    }
    fill(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests;
