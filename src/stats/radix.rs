//! Sorting a sample of `f64` in `f64::total_cmp` order by a least-significant-digit radix
//! sort, in linear time: what a sweep's summaries sort thousands of times.
//!
//! `total_cmp` orders every bit pattern (−NaN < −∞ < … < −0 < +0 < … < +∞ < +NaN), and two
//! values compare equal only when their bits are equal, so the sorted sequence is unique:
//! this sort gives exactly the bits `sort_unstable_by(f64::total_cmp)` gives. Each value's
//! bits are mapped to a `u64` key whose unsigned order is `total_cmp`'s (negative values:
//! every bit flipped; others: the sign bit set), the keys are sorted by 11-bit digits
//! (6 passes; a pass whose digit is the same for every key, as the high bits of costs of
//! one size often are, is skipped), and mapped back.

/// Bits per digit.
const DIGIT_BITS: u32 = 11;
/// Buckets per digit.
const BUCKETS: usize = 1 << DIGIT_BITS;
/// Passes to cover 64 bits.
const PASSES: usize = 64usize.div_ceil(DIGIT_BITS as usize);
/// Below this many values a comparison sort is faster than the passes.
const SMALL: usize = 256;

/// The key of `bits` whose unsigned order is `f64::total_cmp`'s.
fn key(bits: u64) -> u64 {
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The bits of the value whose key is `k` (inverse of [`key`]).
fn unkey(k: u64) -> u64 {
    if k >> 63 == 1 {
        k & !(1 << 63)
    } else {
        !k
    }
}

/// Working space of [`sort_total`], reused from sort to sort.
#[derive(Default)]
pub struct RadixScratch {
    keys: Vec<u64>,
    spare: Vec<u64>,
    counts: Vec<[usize; BUCKETS]>,
}

/// Sorts `values` ascending in `f64::total_cmp` order; the same result, bit for bit, as
/// `values.sort_unstable_by(f64::total_cmp)`.
///
/// ```
/// use repave_cost::stats::{sort_total, RadixScratch};
/// let mut v = vec![3.0, -0.0, 0.0, -1.5, f64::INFINITY, 2.0];
/// sort_total(&mut v, &mut RadixScratch::default());
/// assert_eq!(v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
///     [-1.5, -0.0, 0.0, 2.0, 3.0, f64::INFINITY].iter().map(|x: &f64| x.to_bits()).collect::<Vec<_>>());
/// ```
pub fn sort_total(values: &mut [f64], scratch: &mut RadixScratch) {
    let n = values.len();
    if n < SMALL {
        values.sort_unstable_by(f64::total_cmp);
        return;
    }
    let RadixScratch {
        keys,
        spare,
        counts,
    } = scratch;
    keys.clear();
    keys.extend(values.iter().map(|v| key(v.to_bits())));
    spare.resize(n, 0);
    counts.clear();
    counts.resize(PASSES, [0; BUCKETS]);
    for &k in keys.iter() {
        for (p, c) in counts.iter_mut().enumerate() {
            c[((k >> (p as u32 * DIGIT_BITS)) as usize) & (BUCKETS - 1)] += 1;
        }
    }
    for (p, c) in counts.iter_mut().enumerate() {
        if c.contains(&n) {
            continue; // every key has the same digit: the pass would not move anything
        }
        let mut next = 0;
        for slot in c.iter_mut() {
            let here = *slot;
            *slot = next;
            next += here;
        }
        let shift = p as u32 * DIGIT_BITS;
        for &k in keys.iter() {
            let d = ((k >> shift) as usize) & (BUCKETS - 1);
            spare[c[d]] = k;
            c[d] += 1;
        }
        std::mem::swap(keys, spare);
    }
    for (v, &k) in values.iter_mut().zip(keys.iter()) {
        *v = f64::from_bits(unkey(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn keys_order_as_total_cmp_and_map_back() {
        let specials = [
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            1.0,
            -1.0,
        ];
        for &a in &specials {
            assert_eq!(unkey(key(a.to_bits())), a.to_bits());
            for &b in &specials {
                assert_eq!(
                    key(a.to_bits()).cmp(&key(b.to_bits())),
                    a.total_cmp(&b),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn the_sort_gives_the_bits_of_a_comparison_sort() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        let mut scratch = RadixScratch::default();
        for (n, kind) in [
            (10, 0),
            (255, 1),
            (256, 0),
            (10_000, 0),
            (10_000, 1),
            (4_097, 2),
        ] {
            let mut v: Vec<f64> = (0..n)
                .map(|i| match kind {
                    // Costs of one size: the high digits are all alike (skipped passes).
                    0 => 1e5 + rng.random::<f64>() * 1e3,
                    // Every sign, zeros, specials, repeats and wide magnitudes.
                    1 => match i % 9 {
                        0 => -0.0,
                        1 => 0.0,
                        2 => f64::NAN,
                        3 => f64::NEG_INFINITY,
                        4 => 7.25,
                        5 => -(rng.random::<f64>() * 1e300),
                        6 => rng.random::<f64>() * 1e-310,
                        _ => (rng.random::<f64>() - 0.5) * 1e6,
                    },
                    // 0/1 flags.
                    _ => f64::from(u8::from(rng.random::<bool>())),
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable_by(f64::total_cmp);
            sort_total(&mut v, &mut scratch);
            assert_eq!(bits(&v), bits(&want), "n = {n}, kind {kind}");
        }
    }
}
