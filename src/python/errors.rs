//! The exception classes of `repave_cost._core` and the one place that maps core errors
//! (and panics) onto them.
//!
//! The classes are defined in Python (`repave_cost/_errors.py`), so that they can carry
//! structured details, and imported here:
//!
//! * `RepaveCostError(Exception)`: failures that are not about the input (for example a
//!   computation cancelled through its [`Control`](crate::sampling::Control)).
//! * `InternalError(RepaveCostError)`: a bug; every panic is turned into one by [`guard`].
//! * `ScenarioError(ValueError)`: a bad argument or scenario value; the message names it,
//!   and `err.errors()` lists every problem as `{"path", "message"}`.
//! * `DistributionError(ScenarioError)`: a bad distribution parameter, with `.param`.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

use pyo3::prelude::*;
use pyo3::PyErr;

use crate::distributions::DistError;
use crate::limits::SizeError;
use crate::sampling::{Cancelled, SampleError};
use crate::scenario;

pyo3::import_exception!(repave_cost._errors, RepaveCostError);
pyo3::import_exception!(repave_cost._errors, InternalError);
pyo3::import_exception!(repave_cost._errors, ScenarioError);
pyo3::import_exception!(repave_cost._errors, DistributionError);

/// A `ScenarioError` listing `problems` as `(path, message)`, with `message` as its text.
pub(crate) fn scenario_error_with(message: String, problems: Vec<(String, String)>) -> PyErr {
    ScenarioError::new_err((message, problems))
}

impl From<scenario::ScenarioError> for PyErr {
    /// Every scenario problem, each with its path, in one `ScenarioError` (`errors()`).
    fn from(e: scenario::ScenarioError) -> PyErr {
        let problems = e
            .problems
            .iter()
            .map(|p| (p.path.clone(), p.message.clone()))
            .collect();
        scenario_error_with(e.to_string(), problems)
    }
}

impl From<DistError> for PyErr {
    /// Every [`DistError`] becomes a `DistributionError` carrying the core's message, which
    /// names the parameter, and the parameter as `.param`.
    fn from(e: DistError) -> PyErr {
        let problems = vec![(e.param.clone(), e.message.clone())];
        DistributionError::new_err((e.message, problems, e.param))
    }
}

impl From<Cancelled> for PyErr {
    /// A computation cancelled through its control (not by Ctrl-C, which surfaces as the
    /// `KeyboardInterrupt` itself) becomes a `RepaveCostError`.
    fn from(e: Cancelled) -> PyErr {
        RepaveCostError::new_err(e.to_string())
    }
}

impl From<SizeError> for PyErr {
    /// A request too large to serve: a `ScenarioError` about the argument, with the limit.
    fn from(e: SizeError) -> PyErr {
        scenario_error(&e.name.clone(), e.to_string())
    }
}

impl From<SampleError> for PyErr {
    fn from(e: SampleError) -> PyErr {
        match e {
            SampleError::TooLarge(e) => e.into(),
            SampleError::Cancelled(c) => c.into(),
            SampleError::Correlation(message) => {
                scenario_error("correlations", format!("correlations: {message}"))
            }
            e @ SampleError::NotExtensible(_) => scenario_error("method", format!("method: {e}")),
        }
    }
}

/// A `ScenarioError` about the argument `param`; `message` must name it. Its `errors()`
/// is one problem with path `param`.
pub(crate) fn scenario_error(param: &str, message: impl Into<String>) -> PyErr {
    let message = message.into();
    debug_assert!(message.contains(param), "{message:?} must name {param:?}");
    scenario_error_with(message.clone(), vec![(param.to_string(), message)])
}

/// The text of a panic's payload (`panic!("...")` gives a `&str` or a `String`).
fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs the body of a Python-facing function, turning any panic in it (on this thread, or
/// re-raised from a worker by [`run_interruptible`](super::interrupt::run_interruptible))
/// into an `InternalError`: an ordinary `Exception` that `except Exception` catches, never
/// pyo3's `PanicException` (a `BaseException`). Every `#[pyfunction]` and every method of
/// the module's classes that does more than read a field runs its body through this.
pub(crate) fn guard<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(InternalError::new_err(format!(
            "internal error in repave-cost (a bug; please report it): {}",
            panic_text(payload.as_ref())
        ))),
    }
}
