//! Deterministic random streams keyed by (seed, name, chunk).

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::{Control, SampleError};
use crate::limits::checked_product;

/// Trials per chunk: each chunk of each input has its own stream. Fixed, so results never
/// depend on how many threads run the chunks.
pub const CHUNK: usize = 4096;

/// SplitMix64 finaliser: a bijective 64-bit mixer.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over the key's bytes: stable across platforms and Rust versions.
fn fnv1a(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The seed of the stream named `key` in a run seeded with `seed`.
pub fn stream_seed(seed: u64, key: &str, salt: u64) -> u64 {
    mix(mix(seed ^ mix(salt)) ^ fnv1a(key))
}

/// The generator for chunk `chunk` of the stream `stream`.
pub fn chunk_rng(stream: u64, chunk: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(stream ^ mix(chunk.wrapping_add(1))))
}

/// A uniform number in the open interval (0, 1); it lives with the distributions, which
/// draw with it too, so that `distributions` never reaches up into `sampling`.
pub use crate::distributions::unit_open;

/// A uniformly random permutation of `0..n` (Fisher–Yates) from its own stream. Strata are
/// numbered in `u32`, so `n` (named `trials` in the error) is at most `u32::MAX`. It checks
/// `control` every [`CHUNK`] swaps, since for millions of trials the shuffle alone takes
/// longer than a prompt stop allows.
pub(crate) fn permutation(
    n: usize,
    stream: u64,
    control: &Control,
) -> Result<Vec<u32>, SampleError> {
    checked_product(
        "trials",
        &[n as u64],
        u64::from(u32::MAX),
        "the most Latin hypercube strata, 2**32 - 1",
    )?;
    // The identity, a chunk at a time with a check between chunks: for a large `n` writing
    // it (and faulting in its pages) takes long enough to delay a cancellation.
    let mut perm: Vec<u32> = Vec::with_capacity(n);
    for start in (0..n).step_by(CHUNK) {
        control.check()?;
        perm.extend(start as u32..(start + CHUNK).min(n) as u32);
    }
    let mut rng = chunk_rng(stream, u64::MAX);
    for i in (1..n).rev() {
        if i % CHUNK == 0 {
            control.check()?;
        }
        let j = rng.random_range(0..=i);
        perm.swap(i, j);
    }
    Ok(perm)
}
