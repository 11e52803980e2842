//! The tail tables of [`super::fast_ppf`], made once per process for each shape and shared
//! by every run that needs them.
//!
//! A table costs a few hundred exact quantile solves; a run that draws a few hundred values
//! of a distribution (a precision-controlled run's first batches, a sweep point, a Latin
//! hypercube sample of a bare distribution) would spend more building it than it saves.
//! Building each table once per process and keeping it makes the fast quantile function
//! the one every run uses, whatever its length. A table depends only on its shape (and a
//! node spacing derived from it), so a kept table is the same as a new one: the values a
//! run gets never depend on what ran before it in the process.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::continuous::Gamma;
use super::polish::Side;
use super::sides::{BetaLower, GammaTail};
use super::tail_table::TailTable;

/// The most shapes kept per family; past it the kept tables are dropped and made again as
/// needed (a sweep over a shape parameter can name thousands of shapes).
const MAX_KEPT: usize = 1024;

/// A distribution's two tail tables: `(lower, upper)`.
pub(crate) type TailPair<S> = Arc<(TailTable<S>, TailTable<S>)>;

/// The tables kept for one family, by the bits of its shape parameters. Each shape has a
/// cell that is filled once: a thread asking for tables another thread is making waits for
/// them instead of making them again.
struct Kept<K, S> {
    tables: Mutex<Option<HashMap<K, Cell<S>>>>,
}

/// One shape's tables, empty until made.
type Cell<S> = Arc<OnceLock<TailPair<S>>>;

impl<K: Eq + Hash + Copy, S: Side> Kept<K, S> {
    const fn new() -> Self {
        Kept {
            tables: Mutex::new(None),
        }
    }

    /// The tables of `key`, made by `make` if not kept. `make` runs without the family's
    /// lock held, so threads preparing other shapes do not wait for it.
    fn get(&self, key: K, make: impl FnOnce() -> (TailTable<S>, TailTable<S>)) -> TailPair<S> {
        let cell = {
            let mut guard = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
            let map = guard.get_or_insert_with(HashMap::new);
            if map.len() >= MAX_KEPT && !map.contains_key(&key) {
                map.clear();
            }
            Arc::clone(map.entry(key).or_default())
        };
        Arc::clone(cell.get_or_init(|| Arc::new(make())))
    }
}

// `Kept` holds only `Send + Sync` tables behind a mutex.
static BETA: Kept<(u64, u64), BetaLower> = Kept::new();
static GAMMA: Kept<(u64, u64), GammaTail> = Kept::new();

/// The tables of Beta(`alpha`, `beta`) on the unit interval: the lower tail with spacing
/// `h_lower`, and the upper tail as the lower tail of Beta(`beta`, `alpha`) with spacing
/// `h_upper` (the spacings are functions of the shapes, so the key is the shapes).
pub(crate) fn beta_tables(
    alpha: f64,
    beta: f64,
    h_lower: f64,
    h_upper: f64,
) -> TailPair<BetaLower> {
    BETA.get((alpha.to_bits(), beta.to_bits()), || {
        (
            TailTable::build(BetaLower::new(alpha, beta), h_lower),
            TailTable::build(BetaLower::new(beta, alpha), h_upper),
        )
    })
}

/// The tables of `gamma`'s two tails on the unit scale, with spacings `h_lower` and
/// `h_upper` (functions of the shape).
pub(crate) fn gamma_tables(gamma: &Gamma, h_lower: f64, h_upper: f64) -> TailPair<GammaTail> {
    let (shape, scale) = gamma.parts();
    GAMMA.get((shape.to_bits(), scale.to_bits()), || {
        (
            TailTable::build(GammaTail::new(gamma, false), h_lower),
            TailTable::build(GammaTail::new(gamma, true), h_upper),
        )
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Barrier;

    use super::*;

    #[test]
    fn threads_asking_for_one_shape_at_once_share_one_making() {
        let kept: Kept<u64, BetaLower> = Kept::new();
        let table = TailTable::build(BetaLower::new(2.0, 3.0), 0.1);
        let made = AtomicUsize::new(0);
        let threads = 8;
        let start = Barrier::new(threads);
        let got: Vec<TailPair<BetaLower>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        kept.get(7, || {
                            made.fetch_add(1, Ordering::SeqCst);
                            // Long enough that the other threads ask while it is made.
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            (table.clone(), table.clone())
                        })
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(made.load(Ordering::SeqCst), 1);
        assert!(got.iter().all(|pair| Arc::ptr_eq(pair, &got[0])));
        // Another shape is made on its own; asking again makes nothing.
        kept.get(8, || (table.clone(), table.clone()));
        kept.get(7, || unreachable!("kept"));
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }
}
