//! The `random` design: independent pseudo-random draws.

use rayon::prelude::*;

use super::rank_correlation::RankTargets;
use super::{
    chunk_rng, column_filled, stream_seed, Cancelled, Control, Design, Dimensions, InputSpec,
    SampleError, CHUNK,
};
use crate::distributions::Dist;

/// Mixed into the input stream seeds, so `random` and `lhs` draw from unrelated streams.
const SALT: u64 = 0x5241_4e44;

/// Independent pseudo-random draws: each chunk of each input's column from its own
/// stream, through the distribution's own sampler.
///
/// A chunk's draws depend only on the seed, the input's key and the chunk's index (and,
/// for the last chunk of a run, how many trials it holds), so a run of whole chunks is the
/// start of every longer run: it continues from any multiple of [`CHUNK`] when no inputs
/// are correlated ([`Design::continues_at`]). Iman–Conover rearranges whole columns, so a
/// correlated run does not continue.
#[derive(Clone, Copy, Debug, Default)]
pub struct Random;

impl Random {
    /// Fills `out` with the draws of chunks `first_chunk, first_chunk + 1, …` of the
    /// input `dist` named `key` (a run's column from trial `first_chunk × CHUNK` on).
    fn fill_chunks_from(
        dist: &Dist,
        key: &str,
        seed: u64,
        first_chunk: u64,
        out: &mut [f64],
        control: &Control,
    ) -> Result<(), SampleError> {
        let stream = stream_seed(seed, key, SALT);
        out.par_chunks_mut(CHUNK)
            .enumerate()
            .try_for_each(|(chunk, values)| {
                control.check()?;
                let mut rng = chunk_rng(stream, first_chunk + chunk as u64);
                dist.fill(&mut rng, values);
                control.advance(values.len() as u64);
                Ok::<(), Cancelled>(())
            })?;
        Ok(())
    }
}

impl Design for Random {
    fn name(&self) -> &'static str {
        "random"
    }

    fn fill_column(
        &self,
        dist: &Dist,
        key: &str,
        seed: u64,
        out: &mut [f64],
        control: &Control,
    ) -> Result<(), SampleError> {
        Random::fill_chunks_from(dist, key, seed, 0, out, control)
    }

    /// From a whole chunk, when no inputs are correlated (the type's documentation).
    fn continues_at(&self, first: u64, correlation: Option<&RankTargets>) -> bool {
        first == 0 || (first % CHUNK as u64 == 0 && correlation.is_none())
    }

    /// Trials `first ..` of the run's columns, chunk by chunk as the longer run draws
    /// them; refused with [`SampleError::NotExtensible`] where the run does not
    /// [`Design::continues_at`] `first`.
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
        if first == 0 {
            return self.input_columns(inputs, dims, correlation, trials, seed, control);
        }
        if !self.continues_at(first, correlation) {
            return Err(SampleError::NotExtensible(self.name()));
        }
        let first_chunk = first / CHUNK as u64;
        inputs
            .par_iter()
            .map(|input| {
                column_filled(&input.dist, trials, control, |out| {
                    Random::fill_chunks_from(
                        &input.dist,
                        &input.key,
                        seed,
                        first_chunk,
                        out,
                        control,
                    )
                })
            })
            .collect()
    }
}
