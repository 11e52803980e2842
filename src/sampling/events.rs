//! The random event draws of the cost pass, handed out by a [`super::Design`].

use rand::RngExt;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::inversion::{bernoulli_at, poisson_at_from, PoissonAnchor};
use super::sobol::{year_stream, Coordinate};
use super::{chunk_rng, stream_seed};
use crate::distributions::poisson_draw;

/// Salt of the event streams, the same under every design that keeps the default
/// [`super::Design::events`] (today both): kept as it was when the pass drew events itself.
const EVENT_SALT: u64 = 0x4556_454e_5453;

/// The event draws of one activity over one chunk of trials.
///
/// A concrete enum rather than a trait object, so the cost pass's inner loop calls the
/// draws directly (no dynamic call per draw). The cost pass asks for draws activity by
/// activity, then year by year, then trial by trial within the chunk, and only where the
/// activity has a probability; a design whose draws are indexed by position (a point set)
/// reads `year` and `trial` and may ignore the order.
#[derive(Clone, Debug)]
pub enum Events {
    /// Pseudo-random draws from one stream, taken in the order they are asked for
    /// (`year` and `trial` are not used).
    Stream(Xoshiro256PlusPlus),
    /// One coordinate of a point set per (year, trial), which each draw inverts: `occurs`
    /// is `u < p`, `count` the Poisson quantile of `u` (so a draw never depends on the
    /// order of the calls).
    Points(PointEvents),
}

/// The coordinates behind one activity's events over one chunk of trials.
#[derive(Clone, Debug)]
pub struct PointEvents {
    /// The run's index of the chunk's first trial.
    start: u64,
    /// Per year (0 for one-time items), where its coordinates come from.
    years: Vec<Coordinate>,
    /// The activity's stream seed, for a year without a coordinate source (one the run's
    /// dimensions do not list; the design gives every listed one).
    stream: u64,
    /// Per trial of the chunk, where its last Poisson inversion ended: the next year's
    /// count for the same mean walks from there ([`poisson_at_from`]). Empty until the
    /// first count.
    anchors: Vec<PoissonAnchor>,
    /// The coordinates of one year for up to [`BLOCK`] consecutive trials, computed
    /// together ([`Coordinate::fill`]: one XOR a point along the Sobol dimension, and the
    /// points' scrambles independent of each other, so they overlap in the processor):
    /// the pass asks for a year's trials in order.
    block: Box<[f64; BLOCK]>,
    /// The year `block` holds (`usize::MAX`: none yet).
    block_year: usize,
    /// The chunk's trial of `block[0]`.
    block_first: usize,
    /// How many of `block` hold coordinates.
    block_len: usize,
}

/// The coordinates a [`PointEvents`] computes at once.
const BLOCK: usize = 64;

impl PointEvents {
    /// The coordinate of trial `trial` of the chunk in year `year`, in (0, 1): the same
    /// in whatever order the coordinates are asked for.
    #[inline]
    pub fn at(&mut self, year: usize, trial: usize) -> f64 {
        let offset = trial.wrapping_sub(self.block_first);
        if year == self.block_year && offset < self.block_len {
            return self.block[offset];
        }
        self.fill_block(year, trial)
    }

    /// Fills `block` with year `year`'s coordinates from trial `trial` of the chunk on, and
    /// returns the first.
    fn fill_block(&mut self, year: usize, trial: usize) -> f64 {
        let index = self.start + trial as u64;
        // A Sobol dimension ends at point 2^32 (runs hold at most 2^32 trials, so `index`
        // is below it).
        let len = (BLOCK as u64).min((1u64 << 32).saturating_sub(index).max(1)) as usize;
        let out = &mut self.block[..len];
        match self.years.get(year) {
            Some(source) => source.fill(index, out),
            None => Coordinate::Stream(year_stream(self.stream, year)).fill(index, out),
        }
        self.block_year = year;
        self.block_first = trial;
        self.block_len = len;
        self.block[0]
    }
}

impl Events {
    /// The default event stream of the activity keyed `key`, for chunk `chunk` of the run
    /// seeded with `seed`.
    pub fn stream(seed: u64, key: &str, chunk: u64) -> Events {
        Events::Stream(chunk_rng(stream_seed(seed, key, EVENT_SALT), chunk))
    }

    /// Draws that invert coordinates: `years[y]` gives year `y`'s (0 for one-time items)
    /// for the chunk whose first trial is trial `start` of the run; a year past `years`
    /// takes the pseudo-random stream of `stream` and the year.
    pub fn points(start: u64, years: Vec<Coordinate>, stream: u64) -> Events {
        Events::Points(PointEvents {
            start,
            years,
            stream,
            anchors: Vec::new(),
            block: Box::new([0.0; BLOCK]),
            block_year: usize::MAX,
            block_first: 0,
            block_len: 0,
        })
    }

    /// Makes room for the counts of `trials` trials (the chunk's), so that a design that
    /// keeps a state per trial ([`PointEvents`]' anchors) allocates it once instead of
    /// growing it count by count. Changes no draw.
    pub fn expect_counts(&mut self, trials: usize) {
        if let Events::Points(points) = self {
            points.anchors.reserve_exact(trials);
        }
    }

    /// Whether a one-time item with probability `p` happens in trial `trial` (of the
    /// chunk) in year `year` (0 for one-time items).
    #[inline]
    pub fn occurs(&mut self, year: usize, trial: usize, p: f64) -> bool {
        match self {
            Events::Stream(rng) => rng.random::<f64>() < p,
            Events::Points(points) => bernoulli_at(points.at(year, trial), p),
        }
    }

    /// A Poisson number of events with mean `mean` in year `year` (1 for the first) of
    /// trial `trial` (of the chunk).
    #[inline]
    pub fn count(&mut self, year: usize, trial: usize, mean: f64) -> f64 {
        match self {
            Events::Stream(rng) => poisson_draw(rng, mean),
            Events::Points(points) => {
                let u = points.at(year, trial);
                if points.anchors.len() <= trial {
                    // Amortised growth: the pass asks for the chunk's trials in order.
                    points.anchors.resize(trial + 1, PoissonAnchor::NONE);
                }
                poisson_at_from(u, mean, &mut points.anchors[trial])
            }
        }
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
