//! The expected value of perfect information (EVPI) about all uncertain inputs, and of
//! partial perfect information (EVPPI) about one input or a group of inputs learnt
//! together, from one run's trials.
//!
//! The decision is the strategy with the lowest expected total cost. With `C_s` a
//! strategy's total in a trial and `s*` the decision,
//!
//! ```text
//! EVPI  = E[C_s*] − E[min_s C_s]
//! EVPPI = E[C_s*] − E_θ[min_s E(C_s | θ)]
//! ```
//!
//! EVPI is a plain Monte Carlo mean (its standard error the sample's). EVPPI follows
//! Strong, Oakley & Brennan (2014), "Estimating multiparameter partial expected value of
//! perfect information from a probabilistic sensitivity analysis sample: a nonparametric
//! regression approach", Medical Decision Making 34(3): 311–326: the conditional means
//! `E(C_s − C_s* | θ)` are estimated by regressing each strategy's incremental cost on the
//! inputs θ over the trials already run, and the EVPPI is the mean over trials of
//! `max(0, −fitted)` (minus the same for the means, which is 0 with an intercept). The
//! regression here is an additive restricted cubic spline in each input (5 knots at
//! Harrell's quantiles .05, .275, .5, .725, .95 of the input, Harrell 2015, *Regression
//! Modeling Strategies*, 2.4.6), or one indicator per value for an input with at most
//! [`MAX_LEVELS`] distinct values; a group's basis is the sum of its inputs' bases
//! (additive: no interaction terms). Its standard error comes from the estimator's
//! influence function, which counts the fit's own noise (see `influence_se` in this module).

use rayon::prelude::*;

use crate::model::SimResult;
use crate::stats::{quantiles, ranks, stable_sum};

/// An input with at most this many distinct values is fitted by one indicator per value.
pub const MAX_LEVELS: usize = 8;
/// Knot positions of the restricted cubic spline, as quantiles of the input.
const KNOTS: [f64; 5] = [0.05, 0.275, 0.5, 0.725, 0.95];

/// What a row of [`ValueOfInformation`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoiKind {
    /// Perfect information on every input (EVPI).
    Evpi,
    /// One uncertain input.
    Input,
    /// A named group of inputs learnt together.
    Group,
}

impl VoiKind {
    /// The kind's name in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            VoiKind::Evpi => "evpi",
            VoiKind::Input => "input",
            VoiKind::Group => "group",
        }
    }
}

/// One row: EVPI, or the EVPPI of an input or a group.
#[derive(Clone, Debug, PartialEq)]
pub struct VoiRow {
    /// The input's key, the group's name, or `"all inputs"`.
    pub name: String,
    /// Its kind.
    pub kind: VoiKind,
    /// The inputs learnt.
    pub inputs: Vec<String>,
    /// The value, in the scenario's currency.
    pub value: f64,
    /// Its standard error.
    pub se: f64,
}

/// EVPI and the EVPPI of every input and group, EVPI first, the rest by value.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueOfInformation {
    /// The strategy chosen without more information (lowest mean total).
    pub decision: String,
    /// The rows.
    pub rows: Vec<VoiRow>,
}

/// Mean and standard error of the mean.
fn mean_se(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = stable_sum(v) / n;
    if v.len() < 2 {
        return (mean, 0.0);
    }
    let dev: Vec<f64> = v.iter().map(|x| (x - mean) * (x - mean)).collect();
    (mean, (stable_sum(&dev) / (n - 1.0)).sqrt() / n.sqrt())
}

/// The regression columns of one input (without an intercept).
fn basis(x: &[f64]) -> Vec<Vec<f64>> {
    let mut levels: Vec<f64> = Vec::new();
    for &v in x {
        if !levels.contains(&v) {
            levels.push(v);
            if levels.len() > MAX_LEVELS {
                break;
            }
        }
    }
    if levels.len() <= MAX_LEVELS {
        levels.sort_by(f64::total_cmp);
        // One indicator per value but the first (the intercept carries it).
        return levels[1..]
            .iter()
            .map(|&l| x.iter().map(|&v| f64::from(u8::from(v == l))).collect())
            .collect();
    }
    // Knots at quantiles of the input (by selection, no sort), on the scale where the
    // outer knots are 0 and 1; an input whose outer knots coincide (mostly one value) is
    // fitted on its ranks instead.
    let q = quantiles(x, &KNOTS);
    let (u, k): (Vec<f64>, Vec<f64>) = if q[KNOTS.len() - 1] > q[0] {
        let span = q[KNOTS.len() - 1] - q[0];
        (
            x.iter().map(|v| (v - q[0]) / span).collect(),
            q.iter().map(|v| (v - q[0]) / span).collect(),
        )
    } else {
        let n = x.len() as f64;
        (
            ranks(x).into_iter().map(|r| r / n).collect(),
            KNOTS.to_vec(),
        )
    };
    let (last, before) = (k[k.len() - 1], k[k.len() - 2]);
    let cube = |v: f64| if v > 0.0 { v * v * v } else { 0.0 };
    let scale = (last - k[0]) * (last - k[0]);
    let mut cols = vec![u.clone()];
    for &kj in &k[..k.len() - 2] {
        cols.push(
            u.iter()
                .map(|&v| {
                    (cube(v - kj) - cube(v - before) * (last - kj) / (last - before)
                        + cube(v - last) * (before - kj) / (last - before))
                        / scale
                })
                .collect(),
        );
    }
    cols
}

/// A least-squares fit on an intercept and `cols`, factored once for several responses.
struct Regression<'a> {
    cols: Vec<&'a [f64]>,
    /// Lower Cholesky factor of the normal equations (intercept first).
    l: Vec<f64>,
    p: usize,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl<'a> Regression<'a> {
    /// Factors `X'X` (with a tiny ridge, 1e-10 of its trace, for columns that coincide).
    fn new(cols: Vec<&'a [f64]>, n: usize) -> Regression<'a> {
        let p = cols.len() + 1;
        let mut xtx = vec![0.0; p * p];
        xtx[0] = n as f64;
        for a in 1..p {
            let s: f64 = cols[a - 1].iter().sum();
            xtx[a] = s;
            xtx[a * p] = s;
            for b in 1..=a {
                let s = dot(cols[a - 1], cols[b - 1]);
                xtx[a * p + b] = s;
                xtx[b * p + a] = s;
            }
        }
        let trace: f64 = (0..p).map(|a| xtx[a * p + a]).sum();
        for a in 0..p {
            xtx[a * p + a] += 1e-10 * trace / p as f64;
        }
        let l = cholesky(&xtx, p);
        Regression { cols, l, p }
    }

    /// The fitted values of `y`.
    fn fit(&self, y: &[f64]) -> Vec<f64> {
        let mut xty = vec![y.iter().sum::<f64>()];
        xty.extend(self.cols.iter().map(|c| dot(c, y)));
        let beta = solve(&self.l, self.p, &xty);
        let mut out = vec![beta[0]; y.len()];
        for (c, b) in self.cols.iter().zip(&beta[1..]) {
            out.iter_mut().zip(c.iter()).for_each(|(o, x)| *o += b * x);
        }
        out
    }
}

/// The lower Cholesky factor of the `p × p` positive definite matrix `a`.
fn cholesky(a: &[f64], p: usize) -> Vec<f64> {
    let mut l = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * p + k] * l[j * p + k]).sum();
            if i == j {
                l[i * p + i] = (a[i * p + i] - s).max(f64::MIN_POSITIVE).sqrt();
            } else {
                l[i * p + j] = (a[i * p + j] - s) / l[j * p + j];
            }
        }
    }
    l
}

/// Solves `L Lᵀ x = b`.
fn solve(l: &[f64], p: usize, b: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; p];
    for i in 0..p {
        let s: f64 = (0..i).map(|k| l[i * p + k] * y[k]).sum();
        y[i] = (b[i] - s) / l[i * p + i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let s: f64 = (i + 1..p).map(|k| l[k * p + i] * x[k]).sum();
        x[i] = (y[i] - s) / l[i * p + i];
    }
    x
}

/// Per trial, the value of choosing the best strategy by `increments` (each other
/// strategy's cost minus the decision's) over choosing the decision.
fn gain(increments: &[Vec<f64>], n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| increments.iter().map(|d| -d[i]).fold(0.0, f64::max))
        .collect()
}

/// The standard error of an EVPPI estimate by its influence function: trial j moves the
/// estimate through its own gain `v_j` and, through the fit, by its residual times the
/// fitted value at θ_j of the indicator "strategy s is the best choice" (the hat matrix
/// applied to the derivative of `max`), so `IF_j = v_j − Σ_s π_s,j (D_s,j − D̂_s,j)`
/// and the standard error is `sd(IF) / √n`. Taking the fit as known (`sd(v) / √n`)
/// understates it: about half the spread measured over seeds on normal costs.
fn influence_se(reg: &Regression<'_>, fit: &[Vec<f64>], ys: &[&[f64]], gains: &[f64]) -> f64 {
    let n = gains.len();
    let mut influence = gains.to_vec();
    for (s, (f, y)) in fit.iter().zip(ys).enumerate() {
        // Trials where strategy s (an increment) is the best choice given the fit.
        let chosen: Vec<f64> = (0..n)
            .map(|i| {
                let best = (0..fit.len())
                    .filter(|&t| -fit[t][i] > 0.0)
                    .max_by(|&a, &b| (-fit[a][i]).total_cmp(&(-fit[b][i])));
                f64::from(u8::from(best == Some(s)))
            })
            .collect();
        if chosen.iter().all(|&c| c == 0.0) {
            continue;
        }
        let pi = reg.fit(&chosen);
        for i in 0..n {
            influence[i] -= pi[i] * (y[i] - f[i]);
        }
    }
    mean_se(&influence).1
}

/// The EVPI row's name: a group may not take it.
pub const EVPI_NAME: &str = "all inputs";

/// EVPI and the EVPPI of every uncertain input of `r` and of each of `groups` (a name and
/// the input keys learnt together). An unknown input, an empty group, a blank group name or
/// one already taken (by a group, an input or [`EVPI_NAME`]) is an error naming it; a result with one strategy has nothing to decide.
pub fn value_of_information(
    r: &SimResult,
    groups: &[(String, Vec<String>)],
) -> Result<ValueOfInformation, String> {
    let keys: Vec<&str> = r.inputs.iter().map(|(k, _)| k.as_str()).collect();
    let mut group_cols: Vec<(String, Vec<usize>)> = Vec::new();
    for (name, members) in groups {
        if members.is_empty() {
            return Err(format!("groups[{name:?}]: give at least one input"));
        }
        if name.trim().is_empty() {
            return Err(format!(
                "groups: a group needs a name that is not blank, got {name:?}"
            ));
        }
        if group_cols.iter().any(|(g, _)| g == name)
            || keys.contains(&name.as_str())
            || name == EVPI_NAME
        {
            return Err(format!(
                "groups: the name {name:?} is taken (by another group, an input or the \
                 EVPI row {EVPI_NAME:?}); choose another"
            ));
        }
        let mut ix = Vec::new();
        for m in members {
            let Some(i) = keys.iter().position(|k| k == m) else {
                return Err(format!(
                    "groups[{name:?}]: unknown input {m:?}{} (uncertain inputs: {})",
                    crate::scenario::suggest::hint(m, keys.iter().copied()),
                    if keys.is_empty() {
                        "none".to_string()
                    } else {
                        keys.join(", ")
                    }
                ));
            };
            if !ix.contains(&i) {
                ix.push(i);
            }
        }
        group_cols.push((name.clone(), ix));
    }
    if r.strategies.len() < 2 {
        return Err("value of information needs at least two strategies to choose from".into());
    }
    let n = r.trials;
    let means: Vec<f64> = r
        .strategies
        .iter()
        .map(|s| stable_sum(&s.total) / n as f64)
        .collect();
    let best = (0..means.len())
        .min_by(|&a, &b| means[a].total_cmp(&means[b]).then(a.cmp(&b)))
        .unwrap_or(0);
    let increments: Vec<Vec<f64>> = (0..r.strategies.len())
        .filter(|&s| s != best)
        .map(|s| {
            r.strategies[s]
                .total
                .iter()
                .zip(&r.strategies[best].total)
                .map(|(c, b)| c - b)
                .collect()
        })
        .collect();
    let (evpi, evpi_se) = mean_se(&gain(&increments, n));
    let mut rows = vec![VoiRow {
        name: EVPI_NAME.into(),
        kind: VoiKind::Evpi,
        inputs: keys.iter().map(|k| k.to_string()).collect(),
        value: evpi,
        se: evpi_se,
    }];
    let mut jobs: Vec<(String, VoiKind, Vec<usize>)> = (0..keys.len())
        .map(|i| (keys[i].to_string(), VoiKind::Input, vec![i]))
        .collect();
    jobs.extend(
        group_cols
            .into_iter()
            .map(|(g, ix)| (g, VoiKind::Group, ix)),
    );
    let bases: Vec<Vec<Vec<f64>>> = r.inputs.par_iter().map(|(_, x)| basis(x)).collect();
    let ys: Vec<&[f64]> = increments.iter().map(Vec::as_slice).collect();
    let mut found: Vec<VoiRow> = jobs
        .into_par_iter()
        .map(|(name, kind, ix)| {
            let cols: Vec<&[f64]> = ix
                .iter()
                .flat_map(|&i| bases[i].iter().map(Vec::as_slice))
                .collect();
            let reg = Regression::new(cols, n);
            let fit: Vec<Vec<f64>> = ys.iter().map(|y| reg.fit(y)).collect();
            let per_trial = gain(&fit, n);
            let (m, _) = mean_se(&per_trial);
            let at_means = fit
                .iter()
                .map(|d| -(stable_sum(d) / n as f64))
                .fold(0.0, f64::max);
            VoiRow {
                name,
                kind,
                inputs: ix.iter().map(|&i| keys[i].to_string()).collect(),
                value: m - at_means,
                se: influence_se(&reg, &fit, &ys, &per_trial),
            }
        })
        .collect();
    found.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| a.name.cmp(&b.name))
    });
    rows.extend(found);
    Ok(ValueOfInformation {
        decision: r.strategies[best].name.clone(),
        rows,
    })
}
