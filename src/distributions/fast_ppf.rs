//! A quantile function prepared for many calls on one distribution, as a Latin hypercube
//! column makes: the same values as [`Dist::ppf`] (to about 1e-14 relative for beta, PERT
//! and gamma, exactly for Poisson) at a fraction of the cost.
//!
//! Beta and gamma quantiles come from a table of exact quantiles per tail
//! ([`TailTable`]) with a polynomial between each two nodes, checked against exact and
//! polished quantiles when the table is made; where a segment's polynomial failed its
//! check, the table's interpolation is corrected with one CDF evaluation whose residual
//! also bounds the error, and where that bound is not met (far tails, odd shapes) the
//! exact solver runs instead. Their tables are made once per process per shape
//! ([`super::table_cache`]) and used by every run, however short. Poisson quantiles bisect
//! a table of the CDF values the exact bisection would compute, built when the number of
//! calls pays for it. Each value depends only on the distribution, the quantile level and
//! (for Poisson) whether the table was built, a function of the number of calls; never on
//! the order or the thread of the calls, or on what ran before in the process.

use statrs::distribution::DiscreteCDF;

use super::discrete::{poisson_bisect, poisson_window};
use super::polish::correct;
use super::sides::{BetaLower, GammaTail};
use super::table_cache::{beta_tables, gamma_tables, TailPair};
use super::tail_table::TailTable;
use super::{Dist, Kind};

/// Node spacing in `ln p` for a tail whose density behaves like `x^(shape − 1)` at its
/// end: the quantile's curvature in the table's coordinates grows like `1/shape`.
fn spacing(shape: f64) -> f64 {
    /// The spacing for shapes of 1 and above.
    const BASE: f64 = 0.1;
    /// The finest spacing used, however small the shape (at most ~4000 nodes a tail).
    const FINEST: f64 = 0.005;
    (BASE * shape.min(1.0)).max(FINEST)
}

/// The smallest beta quantile taken as `1 − y` from the upper tail's table: `1 − y` is
/// off by up to 1.1e-16 (the rounding of `y`), under 1.2e-13 of it from here up.
const MIN_FLIPPED_UNIT: f64 = 1e-3;

/// The largest Poisson CDF table built (entries), and calls needed per entry.
const POISSON_MAX_ENTRIES: usize = 1 << 20;
const POISSON_CALLS_PER_ENTRY: usize = 4;

/// Which tail table answered a level.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tail {
    Lower,
    Upper,
}

/// The tail that holds level `q` and the tail probability there: the lower at `q ≤ ½`,
/// the upper at `1 − q` above; `None` at 0 and 1.
fn tail_of(q: f64) -> Option<(Tail, f64)> {
    if q > 0.0 && q <= 0.5 {
        Some((Tail::Lower, q))
    } else if q > 0.5 && q < 1.0 {
        Some((Tail::Upper, 1.0 - q))
    } else {
        None
    }
}

/// The value for level `q` from the table of the tail that holds it ([`tail_of`]). `None`
/// at 0 and 1 and where the table cannot answer (the caller then solves exactly).
fn from_tails<S: super::polish::Side>(
    q: f64,
    lower: &TailTable<S>,
    upper: &TailTable<S>,
) -> Option<(f64, Tail)> {
    let (tail, p) = tail_of(q)?;
    let table = match tail {
        Tail::Lower => lower,
        Tail::Upper => upper,
    };
    table.quantile(p).map(|y| (y, tail))
}

/// A beta (or PERT) quantile at level `q` from its tables' answer `(y, tail)` on the unit
/// interval, or by the exact solver where they gave none. The upper half is solved on
/// Beta(β, α), as `1 − y`: only where `1 − y` keeps its relative precision (a quantile
/// above ½ of a very skewed beta can be tiny; the exact solver then solves it as itself).
fn beta_value(dist: &Dist, low: f64, range: f64, q: f64, answer: Option<(f64, Tail)>) -> f64 {
    let unit = match answer {
        Some((y, Tail::Lower)) => Some(y),
        Some((y, Tail::Upper)) => Some(1.0 - y).filter(|&u| u >= MIN_FLIPPED_UNIT),
        None => None,
    };
    match unit {
        Some(unit) => low + range * unit,
        None => dist.ppf_unchecked(q),
    }
}

/// A quantile function for `calls` calls; see the module documentation.
pub(crate) enum FastPpf<'a> {
    /// No tables: [`Dist::ppf`] itself.
    Exact(&'a Dist),
    /// Beta (and PERT): the lower tail of Beta(α, β), and the lower tail of Beta(β, α)
    /// for the upper tail, as `1 − x`.
    Beta {
        dist: &'a Dist,
        low: f64,
        range: f64,
        tables: TailPair<BetaLower>,
    },
    /// Gamma: its two tails on the unit scale.
    Gamma {
        dist: &'a Dist,
        scale: f64,
        tables: TailPair<GammaTail>,
    },
    /// Poisson: the CDF at the counts `first..first + cdf.len()`.
    Poisson { first: u64, cdf: Vec<f64> },
}

impl<'a> FastPpf<'a> {
    /// Prepares `dist`'s quantile function for about `calls` calls (beta and gamma use
    /// their kept tables whatever `calls`; a Poisson table is built for enough calls).
    pub(crate) fn new(dist: &'a Dist, calls: usize) -> Self {
        match &dist.kind {
            Kind::Beta(beta) => {
                let (alpha, beta_shape, low, high) = beta.parts();
                FastPpf::Beta {
                    dist,
                    low,
                    range: high - low,
                    tables: beta_tables(alpha, beta_shape, spacing(alpha), spacing(beta_shape)),
                }
            }
            Kind::Gamma(gamma) => {
                let (shape, scale) = gamma.parts();
                FastPpf::Gamma {
                    dist,
                    scale,
                    tables: gamma_tables(gamma, spacing(shape), spacing(1.0)),
                }
            }
            Kind::Poisson(poisson) => match poisson.parts() {
                (mean, Some(d)) => {
                    let (first, last) = poisson_window(mean);
                    let entries = (last - first + 1) as usize;
                    if entries > POISSON_MAX_ENTRIES || calls < POISSON_CALLS_PER_ENTRY * entries {
                        return FastPpf::Exact(dist);
                    }
                    FastPpf::Poisson {
                        first,
                        cdf: (first..=last).map(|k| d.cdf(k)).collect(),
                    }
                }
                (_, None) => FastPpf::Exact(dist),
            },
            _ => FastPpf::Exact(dist),
        }
    }

    /// The quantile at `q` in `[0, 1]`.
    pub(crate) fn ppf(&self, q: f64) -> f64 {
        match self {
            FastPpf::Exact(dist) => dist.ppf_unchecked(q),
            FastPpf::Beta {
                dist,
                low,
                range,
                tables,
            } => beta_value(dist, *low, *range, q, from_tails(q, &tables.0, &tables.1)),
            FastPpf::Gamma {
                dist,
                scale,
                tables,
            } => {
                let unit = from_tails(q, &tables.0, &tables.1).map(|(y, _)| y);
                match unit {
                    Some(unit) => unit * scale,
                    None => dist.ppf_unchecked(q),
                }
            }
            FastPpf::Poisson { first, cdf } => {
                if q >= 1.0 {
                    return f64::INFINITY;
                }
                let last = first + cdf.len() as u64 - 1;
                poisson_bisect(|k| cdf[(k - first) as usize], *first, last, q)
            }
        }
    }

    /// Replaces every level in `values` (each in `[0, 1]`) by its quantile: the values of
    /// [`FastPpf::ppf`] bit for bit. Beta levels go two at a time, their CDF evaluations in
    /// lockstep ([`BetaLower::local_pair`]), so that neither waits on its own divisions.
    pub(crate) fn fill(&self, values: &mut [f64]) {
        match self {
            FastPpf::Beta {
                dist,
                low,
                range,
                tables,
            } => {
                let mut pairs = values.chunks_exact_mut(2);
                for pair in &mut pairs {
                    let out = beta_pair(dist, *low, *range, tables, [pair[0], pair[1]]);
                    pair.copy_from_slice(&out);
                }
                for v in pairs.into_remainder() {
                    *v = self.ppf(*v);
                }
            }
            _ => {
                for v in values.iter_mut() {
                    *v = self.ppf(*v);
                }
            }
        }
    }

    /// True when tables back the quantiles (else each call runs the exact solver).
    #[cfg(test)]
    pub(crate) fn is_tabled(&self) -> bool {
        !matches!(self, FastPpf::Exact(_))
    }
}

/// [`FastPpf::ppf`] of a beta (or PERT) at two levels: for each level the table of its
/// tail and the tail probability, its segment's polynomial, and where neither level's
/// segment answers, the interpolated starts with the tails' CDFs there evaluated together
/// and the corrections; the exact solver where any step declines, as `ppf` does.
fn beta_pair(
    dist: &Dist,
    low: f64,
    range: f64,
    tables: &TailPair<BetaLower>,
    q: [f64; 2],
) -> [f64; 2] {
    let table = |tail: Tail| match tail {
        Tail::Lower => &tables.0,
        Tail::Upper => &tables.1,
    };
    let lanes = [tail_of(q[0]), tail_of(q[1])];
    let direct = lanes.map(|lane| lane.and_then(|(t, p)| table(t).segment_quantile(p)));
    // A lane its segment did not answer: the polished start, alone.
    let alone = || {
        [0, 1]
            .map(|i| direct[i].or_else(|| lanes[i].and_then(|(t, p)| table(t).hermite_quantile(p))))
    };
    let ys = match (lanes, direct) {
        (_, [Some(y0), Some(y1)]) => [Some(y0), Some(y1)],
        // Both outside their segments' polynomials: the polished starts, in lockstep.
        ([Some((t0, p0)), Some((t1, p1))], [None, None]) => {
            match (table(t0).start(p0), table(t1).start(p1)) {
                (Some(x0), Some(x1)) => {
                    let (s0, s1) = (table(t0).side(), table(t1).side());
                    let at = BetaLower::local_pair([(s0, x0), (s1, x1)]);
                    [
                        at[0].and_then(|a| correct(s0, p0, x0, a)),
                        at[1].and_then(|a| correct(s1, p1, x1, a)),
                    ]
                }
                _ => alone(),
            }
        }
        _ => alone(),
    };
    let answer = |i: usize| lanes[i].zip(ys[i]).map(|((tail, _), y)| (y, tail));
    [
        beta_value(dist, low, range, q[0], answer(0)),
        beta_value(dist, low, range, q[1], answer(1)),
    ]
}

#[cfg(test)]
#[path = "fast_ppf_tests.rs"]
pub(crate) mod tests;
