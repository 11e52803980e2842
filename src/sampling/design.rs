//! The sampling interface: a [`Design`] hands out every random number a run uses.

use rayon::prelude::*;

use super::events::Events;
use super::rank_correlation::{iman_conover, RankTargets};
use super::{column, stream_seed, Control, Dimensions, InputSpec, SampleError};
use crate::distributions::Dist;

/// A sampling design: where the uniform numbers behind a run come from, for both the
/// uncertain inputs (one column per input) and the random event counts of the cost pass.
///
/// A run asks its design for exactly two things, and nothing else in the crate draws a
/// random number for it:
///
/// * **Input columns**, through [`Design::input_columns`] (all inputs at once) or, by
///   default, [`Design::fill_column`] one input at a time. Through the default
///   `input_columns` the shared caller has already handled fixed inputs (`fill_column`
///   never sees a [`Dist::is_fixed`] one), allocated the column and checked its size; an
///   override of `input_columns` sees every input and must give a fixed one its value.
/// * **Event draws**, through [`Design::events`]: one [`Events`] per (activity, chunk of
///   [`super::CHUNK`] trials), which the cost pass asks for `occurs` (a one-time item with
///   a probability) and `count` (a Poisson number of events in a year) by (year, trial).
///
/// Both receive the run's [`Dimensions`]: the dimension of every uncertain input (by key)
/// and of every event count (by event key and year), the same for every run that should
/// share random numbers (every point of a sweep). A design without a point set ignores it.
///
/// The result must be a pure function of the design, the inputs (keys and distributions),
/// `trials` and `seed`: never of the thread count, nor of which other inputs are present
/// (draw each input's numbers from streams keyed by its `key`, as
/// [`super::stream_seed`] and [`super::chunk_rng`] do).
///
/// # Adding a design
///
/// Write `sampling/<name>.rs` with a unit struct implementing this trait, and add it to
/// [`super::designs`]: `Method`'s parsing, the CLI's `--method` choices and Python's
/// `_core.methods()` all read that list.
///
/// * A **quasi-Monte Carlo** design ([`super::Sobol`]) reads each input's dimension from
///   the [`Dimensions`]: it overrides [`Design::input_columns`], which sees every input,
///   and fills an input's column through its inverse CDF at its dimension's coordinates.
///   For the events it returns [`Events::points`], the coordinates of the activity's
///   dimension in each year, so that `count` inverts the Poisson CDF at the point instead
///   of consuming a variable number of uniforms: that is why the pass passes
///   `(year, trial)`. It says how many dimensions its points cover in
///   [`Design::covered`].
/// * **Correlated inputs** need the columns jointly: [`Design::input_columns`] is the
///   place to draw them together (for example independent columns, then reordered to the
///   target rank correlation), without touching the cost pass.
///
/// The two designs of today, [`super::Random`] and [`super::Lhs`], use the default
/// `input_columns` (independent columns, in parallel) and the default `events`.
pub trait Design: Send + Sync {
    /// The name in scenario files, on the command line and in the Python API
    /// (`"random"`, `"lhs"`); unique in [`super::designs`].
    fn name(&self) -> &'static str;

    /// Fills `out` (one value per trial) with draws of the uncertain input `dist` named
    /// `key`, for the run seeded with `seed`. Checks `control` between chunks and
    /// advances it by one unit per value.
    fn fill_column(
        &self,
        dist: &Dist,
        key: &str,
        seed: u64,
        out: &mut [f64],
        control: &Control,
    ) -> Result<(), SampleError>;

    /// Draws `trials` values of every input in `inputs`, one column each in input order,
    /// with the target rank correlations `correlation` (its columns index `inputs`) when
    /// given. `dims` holds (at least) every input's dimension.
    ///
    /// By default each input is drawn on its own, in parallel, through
    /// [`Design::fill_column`], and the correlated columns are then rearranged by
    /// Iman & Conover (1982) ([`iman_conover`]): each keeps exactly its own values, only
    /// their pairing across inputs changes, and the scores of each are ordered by a stream
    /// keyed `corr:{key}`, so the result stays a pure function of the inputs, `trials` and
    /// `seed`. A design that needs all the inputs together (dimensions of a point set, a
    /// copula on its coordinates) overrides this.
    fn input_columns(
        &self,
        inputs: &[InputSpec],
        dims: &Dimensions,
        correlation: Option<&RankTargets>,
        trials: usize,
        seed: u64,
        control: &Control,
    ) -> Result<Vec<Vec<f64>>, SampleError> {
        let _ = dims;
        let mut columns = inputs
            .par_iter()
            .map(|input| column(self, &input.dist, &input.key, trials, seed, control))
            .collect::<Result<Vec<Vec<f64>>, SampleError>>()?;
        if let Some(targets) = correlation {
            let streams = correlation_streams(inputs, targets, seed);
            iman_conover(&mut columns, targets, &streams, control)?;
        }
        Ok(columns)
    }

    /// True when trial `i`'s draws do not depend on how many trials the run has, so that a
    /// run of `n` trials is the first `n` trials of a longer one and can be continued
    /// through [`Design::input_columns_from`] and [`Design::events_from`] from any trial.
    /// By default false.
    fn extends(&self) -> bool {
        false
    }

    /// True when a run of this design whose correlation targets are `correlation` can be
    /// continued from trial `first` through [`Design::input_columns_from`] and
    /// [`Design::events_from`], the continuation being what the longer run holds there. By
    /// default from trial 0 (the run itself), or from any trial for a design that
    /// [`Design::extends`]; a design whose draws are fixed chunk by chunk overrides it
    /// (`random`: from a whole chunk, without correlations).
    fn continues_at(&self, first: u64, correlation: Option<&RankTargets>) -> bool {
        let _ = correlation;
        first == 0 || self.extends()
    }

    /// Trials `first .. first + trials` of a run's input columns (see
    /// [`Design::input_columns`]): for a design that [`Design::extends`], the values a run
    /// of `first + trials` trials has there. By default only `first == 0` (the run
    /// itself); a later start is refused with [`SampleError::NotExtensible`].
    #[allow(clippy::too_many_arguments)]
    fn input_columns_from(
        &self,
        first: u64,
        inputs: &[InputSpec],
        dims: &Dimensions,
        correlation: Option<&RankTargets>,
        trials: usize,
        seed: u64,
        control: &Control,
    ) -> Result<Vec<Vec<f64>>, SampleError> {
        if first != 0 {
            return Err(SampleError::NotExtensible(self.name()));
        }
        self.input_columns(inputs, dims, correlation, trials, seed, control)
    }

    /// The event draws of [`Design::events`] for the [`super::CHUNK`] trials from trial
    /// `start` of the run. By default the chunk `start / CHUNK` (a run that starts at 0
    /// asks for whole chunks); a design that [`Design::extends`] takes any start.
    fn events_from(&self, dims: &Dimensions, seed: u64, key: &str, start: u64) -> Events {
        self.events(dims, seed, key, start / super::CHUNK as u64)
    }

    /// The event draws of the activity whose events are keyed `key` (its
    /// `ActivityPlan::event_key`), for chunk `chunk` of the run seeded with `seed`, whose
    /// dimensions are `dims`.
    ///
    /// By default a pseudo-random stream that depends on `seed`, `key` and `chunk` only
    /// ([`Events::stream`]): the same under every design that keeps the default, so
    /// switching between those changes the input draws but not the event stream. Event keys
    /// name the activity alone, so two strategies with an activity of the same name draw
    /// from the same stream (common random numbers for events); a design that overrides
    /// this must keep that.
    fn events(&self, dims: &Dimensions, seed: u64, key: &str, chunk: u64) -> Events {
        let _ = dims;
        Events::stream(seed, key, chunk)
    }

    /// How many of the run's dimensions `dims` (the leading ones) the design's own
    /// structure covers (strata, points); the others are independent pseudo-random draws
    /// from per-key streams. By default none (plain Monte Carlo).
    fn covered(&self, dims: &Dimensions) -> usize {
        let _ = dims;
        0
    }
}

/// Mixed into the seeds of the streams that order each correlated column's scores.
const CORRELATION_SALT: u64 = 0x434f_5252;

/// One stream seed per column named in `targets` (in its order), keyed `corr:{key}` by the
/// input's key, for [`iman_conover`]'s random order of scores: no other draw uses them.
pub fn correlation_streams(inputs: &[InputSpec], targets: &RankTargets, seed: u64) -> Vec<u64> {
    targets
        .columns()
        .iter()
        .map(|&c| {
            let key = inputs.get(c).map_or("", |i| i.key.as_str());
            stream_seed(seed, &format!("corr:{key}"), CORRELATION_SALT)
        })
        .collect()
}
