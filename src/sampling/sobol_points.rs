//! Randomized Sobol points: Owen-scrambled, by random access to (point index, dimension,
//! seed).
//!
//! A Sobol sequence (Sobol' 1967, "On the distribution of points in a cube and the
//! approximate evaluation of integrals", USSR Comput. Math. Math. Phys. 7(4):86–112) gives
//! point `i` in dimension `d` as the XOR of that dimension's direction numbers at the set
//! bits of the Gray code of `i` (Antonov & Saleev 1979). The direction numbers come from
//! Joe & Kuo's `new-joe-kuo-6.21201` parameters (Joe & Kuo 2008, "Constructing Sobol
//! sequences with better two-dimensional projections", SIAM J. Sci. Comput. 30(5):2635–2654),
//! as shipped and expanded by the `sobol` crate (a design of at most 100 or 1,000
//! dimensions reads the crate's shorter files, which are the full file's first lines); the
//! points themselves are computed here, so any block of indices can be generated on its
//! own, without an iterator's state: the values never depend on how the trials are split
//! into chunks or threads.
//!
//! The randomization is a nested uniform (Owen 1995, "Randomly permuted (t,m,s)-nets and
//! (t,s)-sequences") scramble of the 32 leading bits, computed by a hash in the manner of
//! Laine & Karras (2011, "Stratified sampling for stochastic transparency", Computer
//! Graphics Forum 30(4)) and Burley (2020, "Practical hash-based Owen scrambling", JCGT 9(4)):
//! reverse the bits, apply a permutation in which every bit changes only as a function of the
//! bits below it, reverse back. Each digit of the point is therefore flipped by a function of
//! the digits before it, which is the structure of an Owen scramble, so every elementary
//! interval keeps exactly its share of points. The key of the permutation is a hash of
//! (seed, dimension). The 21 bits below the 32nd are uniform random bits hashed from the
//! scrambled leading bits and the key (what a full Owen scramble puts in the digits past the
//! sequence's resolution), so each value has 53 random bits and lies in the open interval
//! (0, 1).
//!
//! ```
//! use repave_cost::sampling::sobol_points::DirectionNumbers;
//! let table = DirectionNumbers::new(2).unwrap();
//! let column = table.column(1).unwrap().scrambled(42);
//! let mut block = vec![0.0; 8];
//! column.fill(0, &mut block).unwrap();
//! assert_eq!(block[5], column.point(5));
//! assert!(block.iter().all(|u| *u > 0.0 && *u < 1.0));
//! ```

use std::sync::OnceLock;

use sobol::params::JoeKuoD6;
use sobol::Sobol;

/// Bits of each Sobol coordinate: the sequence has `2^32` distinct points per dimension.
pub const SOBOL_BITS: usize = 32;

/// The most dimensions Joe & Kuo's `new-joe-kuo-6.21201` parameters define.
pub const MAX_SOBOL_DIMS: usize = 21_201;

/// Why a table or a block of Sobol points could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SobolError {
    /// More dimensions asked for than the direction numbers cover.
    #[error("{asked} Sobol dimensions asked for; the direction numbers cover at most {max}")]
    TooManyDims {
        /// Dimensions asked for.
        asked: usize,
        /// Dimensions available, [`MAX_SOBOL_DIMS`].
        max: usize,
    },
    /// A dimension past the table's.
    #[error("Sobol dimension {dim} asked for; the table has dimensions 0 to {}", .dims.saturating_sub(1))]
    NoSuchDim {
        /// The dimension asked for (0-based).
        dim: usize,
        /// Dimensions in the table.
        dims: usize,
    },
    /// A block reaching past the sequence's `2^32` points.
    #[error("Sobol points up to index {end} asked for; the sequence has 2**32 points")]
    TooManyPoints {
        /// One past the last index asked for.
        end: u64,
    },
}

/// Dimensions covered by the `sobol` crate's shortest parameter file, `new-joe-kuo-6.100`.
const MINIMAL_TABLE_DIMS: usize = 100;

/// Dimensions covered by its middle file, `new-joe-kuo-6.1000`.
const STANDARD_TABLE_DIMS: usize = 1_000;

/// Joe & Kuo's parameters for at least `dims` dimensions, each file decompressed at most
/// once per process.
///
/// The crate ships three files, and the shorter two are the first lines of the longest
/// (`new-joe-kuo-6.100` and `new-joe-kuo-6.1000` are prefixes of `new-joe-kuo-6.21201`,
/// byte for byte; `the_shorter_tables_are_prefixes_of_the_full_one` checks that the
/// parameters agree), so every dimension's direction numbers are the same whichever file
/// supplies them. The smallest file that covers `dims` is used: decompressing and parsing
/// the full 21,201-dimension file costs about 100 M instructions, several times what a
/// short run spends on its trials.
fn joe_kuo(dims: usize) -> &'static JoeKuoD6 {
    static MINIMAL: OnceLock<JoeKuoD6> = OnceLock::new();
    static STANDARD: OnceLock<JoeKuoD6> = OnceLock::new();
    static EXTENDED: OnceLock<JoeKuoD6> = OnceLock::new();
    if dims <= MINIMAL_TABLE_DIMS {
        MINIMAL.get_or_init(JoeKuoD6::minimal)
    } else if dims <= STANDARD_TABLE_DIMS {
        STANDARD.get_or_init(JoeKuoD6::standard)
    } else {
        EXTENDED.get_or_init(JoeKuoD6::extended)
    }
}

/// The direction numbers of the first `dims` Sobol dimensions, 32 bits each.
#[derive(Clone, Debug)]
pub struct DirectionNumbers {
    directions: Vec<[u32; SOBOL_BITS]>,
}

impl DirectionNumbers {
    /// The direction numbers of dimensions `0..dims` (dimension 0 is van der Corput's
    /// sequence, dimension `d` uses line `d + 1` of Joe & Kuo's table); refused beyond
    /// [`MAX_SOBOL_DIMS`].
    pub fn new(dims: usize) -> Result<DirectionNumbers, SobolError> {
        if dims > MAX_SOBOL_DIMS {
            return Err(SobolError::TooManyDims {
                asked: dims,
                max: MAX_SOBOL_DIMS,
            });
        }
        let directions = if dims == 0 {
            Vec::new()
        } else {
            Sobol::<u32>::init_direction_vals::<u32>(dims, SOBOL_BITS, joe_kuo(dims))
                .into_iter()
                .map(|v| {
                    let mut d = [0u32; SOBOL_BITS];
                    d.copy_from_slice(&v);
                    d
                })
                .collect()
        };
        Ok(DirectionNumbers { directions })
    }

    /// How many dimensions the table holds.
    pub fn dims(&self) -> usize {
        self.directions.len()
    }

    /// Dimension `dim` (0-based) of the sequence.
    pub fn column(&self, dim: usize) -> Result<SobolColumn, SobolError> {
        match self.directions.get(dim) {
            Some(directions) => Ok(SobolColumn {
                dim,
                reversed: directions.map(u32::reverse_bits),
            }),
            None => Err(SobolError::NoSuchDim {
                dim,
                dims: self.dims(),
            }),
        }
    }
}

/// One dimension of the unscrambled Sobol sequence.
#[derive(Clone, Copy, Debug)]
pub struct SobolColumn {
    dim: usize,
    /// The direction numbers, each bit-reversed: points made from them have their bits
    /// already reversed, as the scramble takes them (reversing commutes with XOR).
    reversed: [u32; SOBOL_BITS],
}

impl SobolColumn {
    /// The dimension's index (0-based).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Point `index` of the plain sequence as 32 bits (the coordinate times `2^32`), in the
    /// usual Gray-code order: point 0 is 0, point 1 is one half.
    pub fn unscrambled(&self, index: u32) -> u32 {
        self.unscrambled_reversed(index).reverse_bits()
    }

    /// [`SobolColumn::unscrambled`] with its bits in reverse order.
    fn unscrambled_reversed(&self, index: u32) -> u32 {
        let gray = index ^ (index >> 1);
        let mut bits = gray;
        let mut x = 0u32;
        while bits != 0 {
            x ^= self.reversed[bits.trailing_zeros() as usize];
            bits &= bits - 1;
        }
        x
    }

    /// The dimension with the scramble chosen by `seed`: the same seed and dimension give
    /// the same scramble, other dimensions or seeds independent ones.
    pub fn scrambled(&self, seed: u64) -> ScrambledColumn {
        let key = fmix64(fmix64(seed) ^ fmix64(self.dim as u64 ^ 0x5851_F42D_4C95_7F2D));
        ScrambledColumn {
            column: *self,
            key,
            scramble: ScrambleKey {
                first: key as u32,
                odd: ((key >> 32) as u32) | 1,
                second: fmix64(key) as u32,
            },
        }
    }
}

/// One dimension of an Owen-scrambled Sobol sequence: values in (0, 1) by index.
#[derive(Clone, Copy, Debug)]
pub struct ScrambledColumn {
    column: SobolColumn,
    /// The hash of (seed, dimension) the scramble and the trailing bits derive from.
    key: u64,
    scramble: ScrambleKey,
}

/// The constants of one nested uniform scramble, derived from its key once.
#[derive(Clone, Copy, Debug)]
struct ScrambleKey {
    first: u32,
    odd: u32,
    second: u32,
}

impl ScrambledColumn {
    /// The value of point `index`, in the open interval (0, 1).
    pub fn point(&self, index: u32) -> f64 {
        self.finish(self.column.unscrambled_reversed(index))
    }

    /// Writes points `start .. start + out.len()` into `out`, walking the Gray code (one XOR
    /// a point); bit-identical to [`ScrambledColumn::point`] index by index, so a block split
    /// anywhere gives the same values. Refused past the sequence's `2^32` points.
    pub fn fill(&self, start: u32, out: &mut [f64]) -> Result<(), SobolError> {
        let end = u64::from(start) + out.len() as u64;
        if end > 1u64 << SOBOL_BITS {
            return Err(SobolError::TooManyPoints { end });
        }
        let Some((first, rest)) = out.split_first_mut() else {
            return Ok(());
        };
        // The points' bits reversed, as the scramble takes them.
        let mut reversed = self.column.unscrambled_reversed(start);
        *first = self.finish(reversed);
        for (offset, value) in rest.iter_mut().enumerate() {
            // Point i + 1 differs from point i in direction number ctz(i + 1).
            let next = start + offset as u32 + 1;
            reversed ^= self.column.reversed[next.trailing_zeros() as usize];
            *value = self.finish(reversed);
        }
        Ok(())
    }

    /// Scrambles the 32 leading bits, appends 21 random trailing bits, maps to (0, 1).
    /// `reversed` is the point's 32 leading bits in reverse order.
    fn finish(&self, reversed: u32) -> f64 {
        let lead = nested_uniform_scramble(reversed, &self.scramble);
        let trail = fmix64(self.key ^ u64::from(lead).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 43;
        open_unit((u64::from(lead) << 21) | trail)
    }
}

/// Maps 53 bits `b` into (0, 1): the midpoint `(b + 1/2) / 2^53` of its cell where a double
/// holds it (`b < 2^52`), else the cell's lower edge `b / 2^53` (never 0, since `b >= 2^52`
/// there, and never 1). The leading bits of the result are exactly those of `b`, so strata
/// boundaries are never crossed by rounding.
pub(crate) fn open_unit(b: u64) -> f64 {
    const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
    if b < 1 << 52 {
        (b as f64 + 0.5) * SCALE
    } else {
        b as f64 * SCALE
    }
}

/// A nested uniform scramble of 32 bits with the constants `k`. In bit-reversed order,
/// adding a constant, multiplying by an odd number and `v ^= v * even` each change a bit only
/// as a function of the bits below it (Laine & Karras 2011; Burley 2020's constants for the
/// `v ^= v * even` steps); the key picks the added constants and the odd multiplier. Takes
/// the bits already reversed (`reversed`), returns them in their own order.
fn nested_uniform_scramble(reversed: u32, k: &ScrambleKey) -> u32 {
    let mut v = reversed;
    v = v.wrapping_add(k.first);
    v = v.wrapping_mul(k.odd);
    v ^= v.wrapping_mul(0x6C50_B47C);
    v ^= v.wrapping_mul(0xB82F_1E52);
    v = v.wrapping_add(k.second);
    v ^= v.wrapping_mul(0xC7AF_E638);
    v ^= v.wrapping_mul(0x8D22_F6E6);
    v.reverse_bits()
}

/// MurmurHash3's 64-bit finaliser (Appleby): a bijective mixer.
fn fmix64(mut z: u64) -> u64 {
    z ^= z >> 33;
    z = z.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    z ^= z >> 33;
    z = z.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    z ^ (z >> 33)
}

#[cfg(test)]
#[path = "sobol_points_tests.rs"]
mod tests;
