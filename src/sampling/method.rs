//! Sampling methods: a handle on a [`Design`], and the registry of every design.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::{Design, Lhs, Random, Sobol};

/// Every sampling design, in the order they are listed to users. Parsing a method name,
/// the CLI's `--method` choices and Python's `_core.methods()` read this list and nothing
/// else: a new design is one line here.
static DESIGNS: [Method; 3] = [Method::Random, Method::Lhs, Method::Sobol];

/// Every sampling design, in the order they are listed to users; the first (`random`) is
/// the default.
pub fn designs() -> &'static [Method] {
    &DESIGNS
}

/// How the uniform numbers behind a run are laid out: a handle on one [`Design`] of
/// [`designs`], compared, hashed and shown by its name.
///
/// ```
/// use repave_cost::sampling::Method;
/// let lhs: Method = "lhs".parse().unwrap();
/// assert_eq!(lhs, Method::Lhs);
/// assert_eq!(lhs.to_string(), "lhs");
/// assert_eq!(
///     "halton".parse::<Method>().unwrap_err(),
///     r#"method must be "random", "lhs" or "sobol", got "halton""#
/// );
/// ```
#[derive(Clone, Copy)]
pub struct Method(&'static dyn Design);

// The two designs keep the names they had as the variants of the former `enum Method`, so
// code that names `Method::Random` or `Method::Lhs` reads as before.
#[allow(non_upper_case_globals)]
impl Method {
    /// Independent pseudo-random draws ([`Random`]); the default.
    pub const Random: Method = Method(&Random);
    /// Latin hypercube: one draw per equal-probability stratum of each input, strata paired
    /// at random across inputs ([`Lhs`]).
    pub const Lhs: Method = Method(&Lhs);
    /// Randomized quasi-Monte Carlo: Owen-scrambled Sobol points over the inputs and the
    /// event counts ([`Sobol`]).
    pub const Sobol: Method = Method(&Sobol);

    /// A method drawing with `design`. Runs record it by name, so give every design a
    /// name of its own; only those in [`designs`] can be named from files, the CLI or
    /// Python.
    pub const fn new(design: &'static dyn Design) -> Method {
        Method(design)
    }

    /// The name used in files and the Python API.
    pub fn as_str(&self) -> &'static str {
        self.0.name()
    }

    /// The design that draws this method's numbers.
    pub fn design(&self) -> &'static dyn Design {
        self.0
    }
}

/// The first of [`designs`]: [`Method::Random`].
impl Default for Method {
    fn default() -> Method {
        DESIGNS[0]
    }
}

impl PartialEq for Method {
    fn eq(&self, other: &Method) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Method {}

impl Hash for Method {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Method").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = String;

    /// The design of [`designs`] named `s`; the error lists every name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        designs()
            .iter()
            .find(|m| m.as_str() == s)
            .copied()
            .ok_or_else(|| format!("method must be {}, got {s:?}", choices()))
    }
}

/// The names of [`designs`], quoted, as in `"random" or "lhs"`.
fn choices() -> String {
    let names: Vec<String> = designs()
        .iter()
        .map(|m| format!("{:?}", m.as_str()))
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}
