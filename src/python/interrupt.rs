//! Running long Rust computations from Python: the GIL is released, Ctrl-C stops the run
//! promptly, and an optional Python callback sees the progress.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use pyo3::prelude::*;

use crate::sampling::Control;

/// How often the waiting thread wakes to look for signals and report progress.
pub const TICK: Duration = Duration::from_millis(100);

/// Runs `work` on a worker thread while the calling thread waits without the GIL, and
/// returns its result.
///
/// Every [`TICK`] the calling thread re-attaches to the interpreter, calls
/// [`Python::check_signals`] (so a Ctrl-C raises `KeyboardInterrupt`) and, when `progress`
/// is given, calls `progress(done, total)` with [`Control::progress`]. If either raises,
/// the helper calls [`Control::cancel`], waits for the worker to stop (computations check
/// [`Control::check`] between chunks, so this is prompt) and returns that Python error.
/// `progress` is called one last time when the work completes.
///
/// `work` may borrow local data (the worker is a scoped thread) and may use rayon inside.
/// An error it returns is converted to Python's (`Cancelled` without a Python error, i.e.
/// someone else cancelled `control`, is a `RepaveCostError`). A panic in `work` is
/// re-raised on the calling thread, where [`guard`](super::errors::guard) turns it into an
/// `InternalError`.
///
/// Signals are only seen when called from Python's main thread (CPython delivers them
/// there); on other threads the run simply cannot be interrupted by Ctrl-C.
///
/// ```ignore
/// let control = Arc::new(Control::new());
/// let columns = run_interruptible(py, control, |c| sample_inputs(&inputs, None, n, seed, m, c), None)?;
/// ```
pub fn run_interruptible<'py, T, E, F>(
    py: Python<'py>,
    control: Arc<Control>,
    work: F,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<T>
where
    T: Send,
    E: Into<PyErr> + Send,
    F: FnOnce(&Control) -> Result<T, E> + Send,
{
    let report = |control: &Control| -> PyResult<()> {
        match progress {
            Some(callback) => callback.call1(control.progress()).map(drop),
            None => Ok(()),
        }
    };
    thread::scope(|scope| {
        let (tx, mut rx) = mpsc::sync_channel(1);
        let worker_control = Arc::clone(&control);
        let worker = scope.spawn(move || {
            // In a forked child, on a thread pool of its own (see `fork`).
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                super::fork::pooled(|| work(&worker_control))
            }));
            // The receiver may be gone if the waiter returned early; nothing to do then.
            let _ = tx.send(outcome);
        });
        let outcome = loop {
            // The receiver is not Sync, so it moves into the detached closure and back.
            let (received, back) = py.detach(move || (rx.recv_timeout(TICK), rx));
            rx = back;
            match received {
                Ok(outcome) => break outcome,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    unreachable!("the worker always sends before it exits")
                }
            }
            if let Err(err) = py.check_signals().and_then(|()| report(&control)) {
                control.cancel();
                // Wait for the worker to notice; its result (or panic) no longer matters.
                let _ = py.detach(move || {
                    let _ = rx.recv();
                    worker.join()
                });
                return Err(err);
            }
        };
        match outcome {
            Ok(Ok(value)) => {
                report(&control)?;
                Ok(value)
            }
            Ok(Err(error)) => Err(error.into()),
            Err(payload) => panic::resume_unwind(payload),
        }
    })
}
