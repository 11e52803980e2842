//! Why a simulation or a sweep did not produce a result: one error type for both.

use crate::limits::SizeError;
use crate::sampling::{Cancelled, SampleError};
use crate::scenario::ScenarioError;

/// Why a run (a simulation or a sweep) did not produce a result.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunError {
    /// The scenario is invalid (for a sweep: the scenario of a grid point).
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A bad argument (trials out of range, run too large, a bad grid or threshold).
    #[error("{field}: {message}")]
    Argument {
        /// The argument at fault.
        field: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// Cancelled before it finished.
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

impl From<SizeError> for RunError {
    fn from(e: SizeError) -> Self {
        RunError::Argument {
            field: e.name.clone(),
            message: e.requirement(),
        }
    }
}

impl From<SampleError> for RunError {
    fn from(e: SampleError) -> Self {
        match e {
            SampleError::TooLarge(e) => e.into(),
            SampleError::Cancelled(c) => c.into(),
            SampleError::Correlation(message) => RunError::Argument {
                field: "correlations".into(),
                message,
            },
            e @ SampleError::NotExtensible(_) => RunError::Argument {
                field: "method".into(),
                message: e.to_string(),
            },
        }
    }
}
