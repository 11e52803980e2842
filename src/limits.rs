//! Size limits: the one check every allocation sized by a caller goes through.
//!
//! A count that comes from outside (trials, a sample size, an array length, grid points ×
//! trials, chart pixels) is checked here *before* anything is allocated, so a huge request
//! is refused with a [`SizeError`] naming the argument and the limit instead of panicking
//! ("capacity overflow") or aborting the process (failed allocation). All arithmetic on
//! such counts is checked: a product that does not fit `u64` is simply too large.

use std::fmt;

/// The most memory one request sized by a caller may take: 8 GiB.
pub const MAX_BYTES: u64 = 8 << 30;

/// A request too large to serve: which argument, what it asked for, and the most allowed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct SizeError {
    /// The argument at fault (`"trials"`, `"n"`, `"q"`, `"grid"`).
    pub name: String,
    /// What was asked for (may exceed `u64` when it is a product).
    pub requested: u128,
    /// The most that is allowed.
    pub most: u64,
    /// Why that is the most, e.g. `"8 GiB of 8-byte values"`.
    pub reason: String,
}

impl SizeError {
    /// The message without the argument's name: `must be at most 1073741824 (8 GiB of
    /// 8-byte draws), got 4611686018427387904`.
    pub fn requirement(&self) -> String {
        format!(
            "must be at most {} ({}), got {}",
            self.most, self.reason, self.requested
        )
    }
}

impl fmt::Display for SizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name, self.requirement())
    }
}

/// Formats a byte count as GiB for messages (`8 GiB`, `0.5 GiB`).
fn gib(bytes: u64) -> String {
    let g = bytes as f64 / (1u64 << 30) as f64;
    if g == g.trunc() {
        format!("{g:.0} GiB")
    } else {
        format!("{g} GiB")
    }
}

/// Checks that `n` items of `bytes_per_item` bytes each fit in [`MAX_BYTES`] and returns
/// `n` as a `usize`. `what` describes an item in the message (`"8-byte values"`,
/// `"trials of this scenario, 1,416 bytes each"`).
///
/// ```
/// use repave_cost::limits::checked_len;
/// assert_eq!(checked_len("n", 1000, 8, "8-byte draws").unwrap(), 1000);
/// let err = checked_len("n", 1 << 62, 8, "8-byte draws").unwrap_err();
/// assert_eq!(err.most, 1 << 30);
/// assert!(err.to_string().starts_with("n must be at most 1073741824 (8 GiB of 8-byte draws)"));
/// ```
pub fn checked_len(
    name: &str,
    n: u64,
    bytes_per_item: u64,
    what: &str,
) -> Result<usize, SizeError> {
    let per = bytes_per_item.max(1);
    let most = (MAX_BYTES / per).min(usize::MAX as u64);
    if n > most {
        return Err(SizeError {
            name: name.to_string(),
            requested: u128::from(n),
            most,
            reason: format!("{} of {what}", gib(MAX_BYTES)),
        });
    }
    Ok(n as usize)
}

/// Checks that a product of counts (e.g. grid points along each axis) is at most `most`,
/// without overflowing, and returns it. `reason` explains the limit in the message.
///
/// ```
/// use repave_cost::limits::checked_product;
/// assert_eq!(checked_product("grid", &[10, 10], 100, "the limit of grid points").unwrap(), 100);
/// let err = checked_product("grid", &[1 << 40, 1 << 40], 100, "the limit").unwrap_err();
/// assert_eq!(err.requested, 1 << 80);
/// ```
pub fn checked_product(
    name: &str,
    factors: &[u64],
    most: u64,
    reason: &str,
) -> Result<usize, SizeError> {
    let mut product: u128 = 1;
    for &f in factors {
        // Saturate: anything past u128 is refused just the same.
        product = product.saturating_mul(u128::from(f));
    }
    let most = most.min(usize::MAX as u64);
    if product > u128::from(most) {
        return Err(SizeError {
            name: name.to_string(),
            requested: product,
            most,
            reason: reason.to_string(),
        });
    }
    Ok(product as usize)
}

/// A zero-filled vector of `n` values, or a [`SizeError`] about `name` if `n` is beyond
/// [`MAX_BYTES`] or the memory cannot be had (the allocation is tried, not assumed, so
/// running out of memory is an error rather than an abort).
pub fn zeroed<T: Clone + Default>(name: &str, n: usize, what: &str) -> Result<Vec<T>, SizeError> {
    let bytes = std::mem::size_of::<T>() as u64;
    checked_len(name, n as u64, bytes, what)?;
    let mut v: Vec<T> = Vec::new();
    v.try_reserve_exact(n).map_err(|_| SizeError {
        name: name.to_string(),
        requested: n as u128,
        most: n.saturating_sub(1) as u64,
        reason: format!(
            "the memory for {n} {what} ({}) could not be allocated",
            gib(n as u64 * bytes)
        ),
    })?;
    // The memory is there. `vec!` of a zero value asks the allocator for zeroed memory,
    // which for a large block is fresh pages, faulted in only as they are written: a run
    // that fills the block chunk by chunk can stop between chunks, where `resize` would
    // first write every page (about 0.25 s a GiB) before anything could check for Ctrl-C.
    drop(v);
    Ok(vec![T::default(); n])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_length_within_the_limit_passes_and_one_beyond_it_is_refused() {
        assert_eq!(checked_len("n", 1 << 30, 8, "values").unwrap(), 1 << 30);
        let e = checked_len("n", (1 << 30) + 1, 8, "values").unwrap_err();
        assert_eq!((e.name.as_str(), e.most), ("n", 1 << 30));
        assert_eq!(
            e.to_string(),
            "n must be at most 1073741824 (8 GiB of values), got 1073741825"
        );
        assert!(checked_len("n", u64::MAX, 0, "nothing").is_err());
    }

    #[test]
    fn a_product_that_overflows_is_refused_not_wrapped() {
        let e = checked_product("grid", &[u64::MAX, u64::MAX, 3], 100, "limit").unwrap_err();
        assert_eq!(e.requested, u128::MAX);
        assert_eq!(checked_product("grid", &[], 100, "limit").unwrap(), 1);
        assert_eq!(
            checked_product("grid", &[4, 25], 100, "limit").unwrap(),
            100
        );
        assert!(checked_product("grid", &[4, 26], 100, "limit").is_err());
    }

    #[test]
    fn zeroed_refuses_before_allocating() {
        assert_eq!(zeroed::<f64>("n", 3, "values").unwrap(), vec![0.0; 3]);
        let e = zeroed::<f64>("n", usize::MAX / 2, "values").unwrap_err();
        assert_eq!(e.name, "n");
        assert_eq!(e.most, 1 << 30);
    }
}
