//! The exception classes of `repave_cost._core` and the one place that maps core errors
//! onto them.
//!
//! * `RepaveCostError(Exception)`: failures that are not about the input (for example a
//!   computation cancelled through its [`Control`](crate::sampling::Control)).
//! * `ScenarioError(ValueError)`: a bad argument or scenario value; the message names it.
//! * `DistributionError(ScenarioError)`: a bad distribution parameter (a bad distribution
//!   is a bad scenario); the message names the parameter.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::PyErr;

use crate::dist::DistError;
use crate::sampling::Cancelled;

create_exception!(
    repave_cost._core,
    RepaveCostError,
    PyException,
    "A repave-cost failure that is not caused by a bad input."
);
create_exception!(
    repave_cost._core,
    ScenarioError,
    PyValueError,
    "A bad input value; the message names the parameter at fault."
);
create_exception!(
    repave_cost._core,
    DistributionError,
    ScenarioError,
    "A bad distribution parameter; the message names the parameter at fault."
);

impl From<DistError> for PyErr {
    /// Every [`DistError`] becomes a `DistributionError` carrying the core's message, which
    /// names the parameter.
    fn from(e: DistError) -> PyErr {
        DistributionError::new_err(e.message)
    }
}

impl From<Cancelled> for PyErr {
    /// A computation cancelled through its control (not by Ctrl-C, which surfaces as the
    /// `KeyboardInterrupt` itself) becomes a `RepaveCostError`.
    fn from(e: Cancelled) -> PyErr {
        RepaveCostError::new_err(e.to_string())
    }
}

/// A `ScenarioError` about the argument `param`; `message` must name it.
pub(crate) fn scenario_error(param: &str, message: impl Into<String>) -> PyErr {
    let message = message.into();
    debug_assert!(message.contains(param), "{message:?} must name {param:?}");
    ScenarioError::new_err(message)
}
