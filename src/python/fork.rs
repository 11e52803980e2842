//! Running the core's parallel work in a process forked from one that already used it.
//!
//! rayon's global thread pool starts its threads on first use. A child made by `fork()`
//! (Linux's default start method for `multiprocessing` and `ProcessPoolExecutor` before
//! Python 3.14) inherits the pool's bookkeeping but none of its threads, so the first
//! parallel job in the child would wait forever. Work that reaches the core through
//! [`pooled`] runs, in such a child, on a thread pool of the child's own, built on first
//! use; in the process that loaded the module it runs as usual, on the global pool.

use std::sync::{Arc, Mutex, OnceLock};

/// The id of the process that loaded the module.
static LOADED_IN: OnceLock<u32> = OnceLock::new();

/// A forked child's own pool, with the id of the process that built it.
static CHILD_POOL: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = Mutex::new(None);

/// Records the process that loaded the module (called from the module's initialiser).
pub(crate) fn record_loading_process() {
    let _ = LOADED_IN.set(std::process::id());
}

/// The pool of this forked child, built on first use (a pool inherited from a parent that
/// was itself a forked child has no threads either: it is left alone, never dropped).
fn child_pool(pid: u32) -> Arc<rayon::ThreadPool> {
    let mut slot = CHILD_POOL.lock().unwrap_or_else(|e| e.into_inner());
    match slot.as_ref() {
        Some((owner, pool)) if *owner == pid => Arc::clone(pool),
        _ => {
            let pool = Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .build()
                    .expect("a thread pool for the forked process"),
            );
            if let Some(inherited) = slot.replace((pid, Arc::clone(&pool))) {
                std::mem::forget(inherited);
            }
            pool
        }
    }
}

/// Runs `work`, on a pool of this process's own when the process is a fork of the one
/// that loaded the module, else directly (on rayon's global pool).
pub(crate) fn pooled<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    let pid = std::process::id();
    match LOADED_IN.get() {
        Some(&loaded) if loaded != pid => child_pool(pid).install(work),
        _ => work(),
    }
}
