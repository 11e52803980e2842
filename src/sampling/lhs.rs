//! The `lhs` design: Latin hypercube sampling.

use rayon::prelude::*;

use super::streams::permutation;
use super::{
    chunk_rng, stream_seed, unit_open, Cancelled, Control, Design, Dimensions, SampleError, CHUNK,
};
use crate::distributions::Dist;

/// Mixed into the input stream seeds, so `lhs` and `random` draw from unrelated streams.
const SALT: u64 = 0x4c48_5321;

/// Latin hypercube: each input's column holds exactly one draw in each of the `trials`
/// equal-probability strata of its distribution (a uniform point within the stratum,
/// through the inverse CDF), the strata shuffled independently per input, so strata are
/// paired at random across inputs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lhs;

impl Design for Lhs {
    fn name(&self) -> &'static str {
        "lhs"
    }

    fn fill_column(
        &self,
        dist: &Dist,
        key: &str,
        seed: u64,
        out: &mut [f64],
        control: &Control,
    ) -> Result<(), SampleError> {
        let trials = out.len();
        let stream = stream_seed(seed, key, SALT);
        let perm = permutation(trials, stream, control)?;
        let ppf = dist.fast_ppf(trials);
        let n = trials as f64;
        out.par_chunks_mut(CHUNK)
            .enumerate()
            .try_for_each(|(chunk, values)| {
                control.check()?;
                let mut rng = chunk_rng(stream, chunk as u64);
                let start = chunk * CHUNK;
                for (i, v) in values.iter_mut().enumerate() {
                    let u = (perm[start + i] as f64 + unit_open(&mut rng)) / n;
                    *v = u.min(1.0 - f64::EPSILON / 2.0);
                }
                ppf.fill(values);
                control.advance(values.len() as u64);
                Ok::<(), Cancelled>(())
            })?;
        Ok(())
    }

    /// The inputs (the leading dimensions) are stratified; the events are random streams.
    fn covered(&self, dims: &Dimensions) -> usize {
        dims.input_count()
    }
}
