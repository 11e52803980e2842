//! Sampling methods.

use std::fmt;
use std::str::FromStr;

use super::{Design, Lhs, Random};

/// How the uniform numbers behind each input are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// Independent pseudo-random draws.
    #[default]
    Random,
    /// Latin hypercube: one draw per equal-probability stratum of each input, strata paired
    /// at random across inputs.
    Lhs,
}

impl Method {
    /// The name used in files and the Python API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Random => "random",
            Method::Lhs => "lhs",
        }
    }

    /// The design that draws this method's numbers.
    pub fn design(&self) -> &'static dyn Design {
        match self {
            Method::Random => &Random,
            Method::Lhs => &Lhs,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "random" => Ok(Method::Random),
            "lhs" => Ok(Method::Lhs),
            other => Err(format!(
                "method must be \"random\" or \"lhs\", got {other:?}"
            )),
        }
    }
}
