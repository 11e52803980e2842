//! The `sobol` design: randomized quasi-Monte Carlo on Owen-scrambled Sobol points.
//!
//! Every random quantity of a run is one coordinate of the same point set: dimension `d`
//! of [`super::Dimensions`] (the uncertain inputs in order, then one per event activity and
//! year) is coordinate `d` of the scrambled Sobol sequence ([`super::sobol_points`]), and
//! trial `i` of the run is point `i`. An input's column is its marginal's exact quantile
//! function at the coordinates (after a Gaussian copula on them when inputs are
//! correlated); an event count inverts the Poisson CDF, a one-time item's event the
//! Bernoulli one, at its coordinate ([`super::inversion`]). The seed chooses the scramble,
//! so independent seeds give independent randomizations of the same net: the estimates of
//! two seeds are independent, each unbiased.
//!
//! With `2^m` trials every coordinate holds exactly one point in each of the `2^m` equal
//! strata of (0, 1), and every pair of leading dimensions is balanced in the elementary
//! intervals the sequence's `t` allows; other trial counts keep the points but not the
//! balance (the Python layer warns).
//!
//! Dimensions past the [`MAX_SOBOL_DIMS`] the direction numbers cover are drawn from a
//! pseudo-random stream of their own instead, keyed like the other designs' streams (by
//! the input's key, or by the event key and year) and indexed by the trial: the SplitMix64
//! sequence (Steele, Lea & Flood 2014) of the stream's seed, at the trial's index.
//! [`Design::covered`] says how many dimensions the points cover.

use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::events::Events;
use super::gaussian_copula::gaussian_copula;
use super::rank_correlation::RankTargets;
use super::sobol_points::{open_unit, DirectionNumbers, ScrambledColumn, MAX_SOBOL_DIMS};
use super::streams::mix;
use super::{stream_seed, Cancelled, Control, Design, Dimensions, InputSpec, SampleError, CHUNK};
use crate::distributions::Dist;
use crate::limits::{checked_product, zeroed};

/// Mixed into the seeds of the pseudo-random streams of the dimensions past the points.
const SALT: u64 = 0x534f_424f_4c21;

/// The most trials: the sequence has `2^32` points.
const MAX_POINTS: u64 = 1 << 32;

/// Randomized Sobol points: one coordinate per dimension of the run, Owen-scrambled by the
/// seed; see the module documentation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sobol;

/// Where one dimension's coordinates come from.
#[derive(Clone, Copy, Debug)]
pub enum Coordinate {
    /// A dimension of the scrambled Sobol points.
    Points(ScrambledColumn),
    /// A dimension past the points: the pseudo-random stream with this seed.
    Stream(u64),
}

impl Coordinate {
    /// The coordinate of point (trial) `index` of the run, in (0, 1).
    #[inline]
    pub fn at(&self, index: u64) -> f64 {
        match self {
            // Runs hold at most `2^32` trials (checked by `input_columns`).
            Coordinate::Points(column) => column.point(index as u32),
            Coordinate::Stream(stream) => {
                open_unit(mix(stream.wrapping_add(index.wrapping_mul(GOLDEN))) >> 11)
            }
        }
    }

    /// Writes the coordinates of points `start .. start + out.len()` into `out`, bit for
    /// bit [`Coordinate::at`] of each (`start + out.len()` at most `2^32` for a Sobol
    /// dimension).
    pub(crate) fn fill(&self, start: u64, out: &mut [f64]) {
        match self {
            Coordinate::Points(column) => {
                // `start + out.len()` is at most `2^32`, checked by `input_columns`.
                let _ = column.fill(start as u32, out);
            }
            Coordinate::Stream(_) => {
                for (i, v) in out.iter_mut().enumerate() {
                    *v = self.at(start + i as u64);
                }
            }
        }
    }
}

/// The seed of the pseudo-random stream of year `year` of the events whose stream seed is
/// `stream` (for a dimension past the points).
pub(crate) fn year_stream(stream: u64, year: usize) -> u64 {
    mix(stream ^ mix(year as u64))
}

/// SplitMix64's increment (the golden ratio times `2^64`).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The direction numbers of at least `dims` dimensions (at most [`MAX_SOBOL_DIMS`]), made
/// once per process and grown when a run needs more.
fn directions(dims: usize) -> Arc<DirectionNumbers> {
    static TABLE: Mutex<Option<Arc<DirectionNumbers>>> = Mutex::new(None);
    let want = dims.min(MAX_SOBOL_DIMS);
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(t) = table.as_ref().filter(|t| t.dims() >= want) {
        return Arc::clone(t);
    }
    let have = table.as_ref().map_or(0, |t| t.dims());
    let size = want.max(2 * have).clamp(64, MAX_SOBOL_DIMS);
    let made = Arc::new(DirectionNumbers::new(size).expect("at most MAX_SOBOL_DIMS dimensions"));
    *table = Some(Arc::clone(&made));
    made
}

/// The coordinate source of dimension `dim` (`None`: the key has no dimension in the map)
/// under `seed`: the scrambled points where `table` covers it, else the stream named
/// `stream_key`.
fn coordinate(
    table: &DirectionNumbers,
    dim: Option<usize>,
    seed: u64,
    stream_key: impl FnOnce() -> u64,
) -> Coordinate {
    match dim.and_then(|d| table.column(d).ok()) {
        Some(column) => Coordinate::Points(column.scrambled(seed)),
        None => Coordinate::Stream(stream_key()),
    }
}

/// Refuses more trials than the sequence has points (named `trials`).
fn check_points(trials: u64) -> Result<(), SampleError> {
    checked_product(
        "trials",
        &[trials],
        MAX_POINTS,
        "the points of the Sobol sequence, 2**32",
    )?;
    Ok(())
}

impl Sobol {
    /// The uniform coordinates of every input's dimension, one column per input.
    fn uniforms(
        first: u64,
        inputs: &[InputSpec],
        dims: &Dimensions,
        trials: usize,
        seed: u64,
        control: &Control,
    ) -> Result<Vec<Vec<f64>>, SampleError> {
        let table = directions(dims.len());
        inputs
            .par_iter()
            .map(|input| {
                control.check()?;
                let source = coordinate(&table, dims.input(&input.key), seed, || {
                    stream_seed(seed, &input.key, SALT)
                });
                let mut out: Vec<f64> = zeroed("trials", trials, "8-byte draws")?;
                out.par_chunks_mut(CHUNK)
                    .enumerate()
                    .try_for_each(|(chunk, block)| {
                        control.check()?;
                        source.fill(first + (chunk * CHUNK) as u64, block);
                        Ok::<(), Cancelled>(())
                    })?;
                Ok(out)
            })
            .collect()
    }
}

/// Replaces each coordinate of `column` by `dist`'s quantile there (or fills a fixed
/// input's value), advancing `control` by one unit per value.
fn to_marginal(
    dist: &Dist,
    column: &mut [f64],
    trials: usize,
    control: &Control,
) -> Result<(), SampleError> {
    if dist.is_fixed() {
        column.fill(dist.ppf_unchecked(0.5));
        control.advance(trials as u64);
        return Ok(());
    }
    let ppf = dist.fast_ppf(trials);
    column
        .par_chunks_mut(CHUNK)
        .try_for_each(|values| {
            control.check()?;
            ppf.fill(values);
            control.advance(values.len() as u64);
            Ok::<(), Cancelled>(())
        })
        .map_err(SampleError::from)
}

impl Design for Sobol {
    fn name(&self) -> &'static str {
        "sobol"
    }

    /// One input on its own: dimension 0 of the points (what a bare distribution's
    /// `sample` gives, the same as the first column of [`Design::input_columns`]).
    fn fill_column(
        &self,
        dist: &Dist,
        key: &str,
        seed: u64,
        out: &mut [f64],
        control: &Control,
    ) -> Result<(), SampleError> {
        let trials = out.len();
        let input = [InputSpec::new(key, dist.clone())];
        let columns = self.input_columns(
            &input,
            &Dimensions::of_inputs(&input),
            None,
            trials,
            seed,
            control,
        )?;
        out.copy_from_slice(&columns[0]);
        Ok(())
    }

    /// Each input's column from its dimension's coordinates: the Gaussian copula of the
    /// correlation targets on them first, when given, then the marginal's quantile
    /// function.
    fn input_columns(
        &self,
        inputs: &[InputSpec],
        dims: &Dimensions,
        correlation: Option<&RankTargets>,
        trials: usize,
        seed: u64,
        control: &Control,
    ) -> Result<Vec<Vec<f64>>, SampleError> {
        self.input_columns_from(0, inputs, dims, correlation, trials, seed, control)
    }

    /// Every trial's values depend only on its point (its index), never on the run's
    /// length: the quantile tables are the same for every run (`Dist::fast_ppf`,
    /// crate-private) and the copula acts point by point.
    fn extends(&self) -> bool {
        true
    }

    /// Points `first .. first + trials`: what a longer run has there.
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
        check_points(first.saturating_add(trials as u64))?;
        let mut columns = Sobol::uniforms(first, inputs, dims, trials, seed, control)?;
        if let Some(targets) = correlation {
            control.check()?;
            gaussian_copula(&mut columns, targets)?;
        }
        // The inputs side by side: each column's values depend only on its coordinates, and
        // a first run makes its inputs' quantile tables in parallel.
        inputs
            .par_iter()
            .zip(columns.par_iter_mut())
            .try_for_each(|(input, column)| to_marginal(&input.dist, column, trials, control))?;
        Ok(columns)
    }

    /// The coordinates of the activity's event dimensions (one per year) for the chunk's
    /// trials, which `occurs` and `count` invert.
    fn events(&self, dims: &Dimensions, seed: u64, key: &str, chunk: u64) -> Events {
        self.events_from(dims, seed, key, chunk * CHUNK as u64)
    }

    /// The coordinates from point `start` on.
    fn events_from(&self, dims: &Dimensions, seed: u64, key: &str, start: u64) -> Events {
        let table = directions(dims.len());
        let stream = stream_seed(seed, key, SALT);
        let years = dims
            .event_years(key)
            .iter()
            .enumerate()
            .map(|(year, &dim)| coordinate(&table, dim, seed, || year_stream(stream, year)))
            .collect();
        Events::points(start, years, stream)
    }

    /// The leading `min(dims, MAX_SOBOL_DIMS)` dimensions are Sobol points.
    fn covered(&self, dims: &Dimensions) -> usize {
        dims.len().min(MAX_SOBOL_DIMS)
    }
}

#[cfg(test)]
#[path = "sobol_tests.rs"]
mod tests;
