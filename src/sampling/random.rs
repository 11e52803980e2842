//! The `random` design: independent pseudo-random draws.

use rayon::prelude::*;

use super::{chunk_rng, stream_seed, Cancelled, Control, Design, SampleError, CHUNK};
use crate::distributions::Dist;

/// Mixed into the input stream seeds, so `random` and `lhs` draw from unrelated streams.
const SALT: u64 = 0x5241_4e44;

/// Independent pseudo-random draws: each chunk of each input's column from its own
/// stream, through the distribution's own sampler.
#[derive(Clone, Copy, Debug, Default)]
pub struct Random;

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
        let stream = stream_seed(seed, key, SALT);
        out.par_chunks_mut(CHUNK)
            .enumerate()
            .try_for_each(|(chunk, values)| {
                control.check()?;
                let mut rng = chunk_rng(stream, chunk as u64);
                dist.fill(&mut rng, values);
                control.advance(values.len() as u64);
                Ok::<(), Cancelled>(())
            })?;
        Ok(())
    }
}
