//! Precision control: simulate in growing batches until the confidence interval of every
//! watched statistic is as narrow as asked, or until a trial budget is spent.
//!
//! * [`Precision`] says what to watch: outputs, statistics ([`Statistic`]: the mean or a
//!   percentile), the relative precision, the confidence level and the most trials.
//! * [`simulate_to_precision`] runs the batches and returns the pooled result with its
//!   [`Convergence`] (every watched statistic's estimate and interval after each batch).
//!
//! # Batches and intervals
//!
//! * `random`: one run grows. Batch `k` is the run of `4096 · 2^k` trials (the last one
//!   `max_trials`); trial streams are cut by chunk, so its first trials are exactly the
//!   previous batch's, and the result is the plain `simulate` result of that many trials.
//!   Without correlations the run continues from its last batch, simulating only the
//!   new trials ([`crate::model::continuation`]; the batches are whole chunks); with
//!   correlations (Iman–Conover rearranges whole columns) each batch is a fresh run.
//!   Intervals: the mean by the central limit theorem with Student's t, a percentile by
//!   the distribution-free order-statistic (binomial) interval
//!   ([`crate::stats::intervals`]).
//! * Every other method (`lhs`, quasi-Monte Carlo designs): [`REPLICATES`] independent
//!   replicates, replicate `r` run with the seed [`replicate_seed`]`(seed, r)`. A design
//!   whose draws do not depend on the run's length (`sobol`:
//!   [`crate::sampling::Design::extends`]) continues each replicate from its last batch,
//!   simulating only the new trials ([`crate::model::continuation`]), with the same
//!   trials as a fresh run of that length; its replicates grow through
//!   `256, 320, 384, 448, 512, 640, …` trials (`2^m`, `1.25`, `1.5` and `1.75 · 2^m`:
//!   [`batch_sizes`]). A Latin hypercube cannot be extended (its strata depend on the
//!   number of trials), so each of its batches draws new ones, `256 · 2^k` trials a
//!   replicate in batch `k`. The statistic is computed on each replicate, and the
//!   interval is Student's t over the replicates (`R − 1` degrees of freedom); the
//!   estimate is the replicates' mean. The trials of a design are not independent draws,
//!   so no single-sample interval would be honest.
//!
//! # The stopping rule
//!
//! A statistic is precise enough when its interval's half-width (the larger distance from
//! the estimate to either end) is at most `relative · |estimate|`; for an estimate near
//! zero, `|estimate| < NEAR_ZERO · sd` with `sd` the output's standard deviation over
//! the batch's trials, at most `relative · sd` instead (a relative precision of a value
//! near zero would ask for ever more trials). The run stops after the first batch where
//! every watched statistic is precise enough, or after the batch of `max_trials`. The
//! trials used therefore depend only on the scenario, the seed, the method and the
//! precision asked for.

use std::sync::Arc;

use rayon::prelude::*;

use crate::model::outputs::{self, View};
use crate::model::{check_trials, continuation, pool, simulate, Plan, RunError, SimResult};
use crate::sampling::{stream_seed, Control, Method};
use crate::stats::intervals::{
    mean_interval_joined, mean_joined, mean_sd_joined, quantile_interval, replicate_interval,
};
use crate::stats::{hazen_quantiles_in_place, hazen_reaches, sort_total, Interval, RadixScratch};
use crate::table::{Column, Table};

/// Independent replicates of a design whose trials are not independent draws.
pub const REPLICATES: usize = 16;
/// Trials of the first batch of a `random` run.
pub const FIRST_TRIALS: usize = 4096;
/// Trials of each replicate in the first batch of a replicated run
/// (`REPLICATES × FIRST_REPLICATE_TRIALS` = [`FIRST_TRIALS`]).
pub const FIRST_REPLICATE_TRIALS: usize = 256;
/// An estimate smaller than this many standard deviations of its output is "near zero":
/// its precision is measured against the standard deviation (see the module's rule).
pub const NEAR_ZERO: f64 = 0.1;
/// The default `max_trials`: 2^20.
pub const DEFAULT_MAX_TRIALS: usize = 1 << 20;
/// Mixed into the replicates' seeds.
const REPLICATE_SALT: u64 = 0x5245_504c;

/// A statistic precision control can watch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Statistic {
    /// The mean.
    Mean,
    /// The percentile `percent` (strictly between 0 and 100), estimated by linear
    /// interpolation as in every summary.
    Percentile(f64),
}

impl Statistic {
    /// `"mean"` or `"p<percent>"` (`p5`, `p2.5`, `p50`).
    pub fn parse(name: &str) -> Result<Statistic, String> {
        if name == "mean" {
            return Ok(Statistic::Mean);
        }
        let bad = || {
            format!(
                "unknown statistic {name:?}: \"mean\" or a percentile \"pX\" with X strictly \
                 between 0 and 100 (\"p5\", \"p50\", \"p97.5\")"
            )
        };
        let percent: f64 = name
            .strip_prefix('p')
            .filter(|x| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit() || c == '.'))
            .and_then(|x| x.parse().ok())
            .ok_or_else(bad)?;
        if percent > 0.0 && percent < 100.0 {
            Ok(Statistic::Percentile(percent))
        } else {
            Err(bad())
        }
    }

    /// The name [`Statistic::parse`] reads.
    pub fn name(&self) -> String {
        match self {
            Statistic::Mean => "mean".to_string(),
            Statistic::Percentile(p) => format!("p{p}"),
        }
    }
}

/// What precision control watches and how precise it must be.
#[derive(Clone, Debug, PartialEq)]
pub struct Precision {
    /// The relative half-width asked for (0.005: ±0.5% of the estimate).
    pub relative: f64,
    /// The outputs watched (names of [`SimResult::outputs`]).
    pub outputs: Vec<String>,
    /// The statistics watched, of every output.
    pub statistics: Vec<Statistic>,
    /// The intervals' confidence level, strictly between 0 and 1.
    pub confidence: f64,
    /// The most trials the run may use.
    pub max_trials: usize,
}

impl Precision {
    /// `savings`: mean, p5, p50, p95 at 95% confidence, [`DEFAULT_MAX_TRIALS`].
    pub fn new(relative: f64) -> Precision {
        Precision {
            relative,
            outputs: vec![outputs::SAVINGS.to_string()],
            statistics: vec![
                Statistic::Mean,
                Statistic::Percentile(5.0),
                Statistic::Percentile(50.0),
                Statistic::Percentile(95.0),
            ],
            confidence: 0.95,
            max_trials: DEFAULT_MAX_TRIALS,
        }
    }

    /// Checks every field against `plan` (the outputs it has, the trials that fit memory);
    /// the first problem is an error naming the field (`precision`, `precision.outputs`,
    /// `precision.statistics`, `precision.confidence`, `precision.max_trials`) and what is
    /// allowed.
    pub fn check(&self, plan: &Plan) -> Result<(), RunError> {
        let bad = |field: &str, message: String| {
            Err(RunError::Argument {
                field: field.into(),
                message,
            })
        };
        if !(self.relative > 0.0 && self.relative < 1.0) {
            return bad(
                "precision",
                format!(
                    "must be a relative precision strictly between 0 and 1 (0.005 is ±0.5%), \
                     got {}",
                    self.relative
                ),
            );
        }
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return bad(
                "precision.confidence",
                format!(
                    "must lie strictly between 0 and 1 (0.95 is 95%), got {}",
                    self.confidence
                ),
            );
        }
        if 0.5 + self.confidence / 2.0 >= 1.0 {
            // The two-sided interval needs the 0.5 + confidence/2 quantile, which rounds to
            // 1 (an infinite interval) for the largest doubles below 1.
            return bad(
                "precision.confidence",
                format!(
                    "must be at most 0.9999999999999998 (closer to 1, 0.5 + confidence/2 \
                     rounds to 1 and the interval is infinite), got {}",
                    self.confidence
                ),
            );
        }
        if self.outputs.is_empty() {
            return bad("precision.outputs", "must name at least one output".into());
        }
        if self.statistics.is_empty() {
            return bad(
                "precision.statistics",
                "must name at least one statistic".into(),
            );
        }
        let known = outputs::names(
            View::Summary,
            plan.strategies.iter().map(|s| s.name.as_str()),
            plan.roles.iter().map(|r| r.name.as_str()),
        );
        for (i, name) in self.outputs.iter().enumerate() {
            if !known.contains(name) {
                return bad(
                    "precision.outputs",
                    format!("unknown output {name:?} (outputs: {})", known.join(", ")),
                );
            }
            if self.outputs[..i].contains(name) {
                return bad(
                    "precision.outputs",
                    format!("names {name:?} twice: name each output once"),
                );
            }
        }
        for (i, statistic) in self.statistics.iter().enumerate() {
            // Compared as parsed, so "p5" and "p5.0" are the same statistic.
            if self.statistics[..i].contains(statistic) {
                return bad(
                    "precision.statistics",
                    format!(
                        "names {:?} twice (as parsed: \"p5\" and \"p5.0\" are one \
                         statistic): name each statistic once",
                        statistic.name()
                    ),
                );
            }
        }
        if self.max_trials < FIRST_TRIALS {
            return bad(
                "precision.max_trials",
                format!(
                    "must be at least {FIRST_TRIALS} (the first batch), got {}",
                    self.max_trials
                ),
            );
        }
        check_trials(plan, self.max_trials).map_err(|e| match e {
            RunError::Argument { message, .. } => RunError::Argument {
                field: "precision.max_trials".into(),
                message,
            },
            other => other,
        })?;
        Ok(())
    }
}

/// The seed of replicate `r` of a run seeded with `seed`.
pub fn replicate_seed(seed: u64, r: usize) -> u64 {
    stream_seed(seed, "replicate", REPLICATE_SALT ^ r as u64)
}

/// True when `method` runs in replicates (every method but `random`).
pub fn replicated(method: Method) -> bool {
    method != Method::Random
}

/// The trials of each run in each batch, in order, for `method` under `max_trials`:
/// `random` doubles from [`FIRST_TRIALS`] and ends at `max_trials`; a replicated method
/// grows from [`FIRST_REPLICATE_TRIALS`] per replicate while the replicates together stay
/// within `max_trials`: by doubling when each batch draws afresh (`lhs`), and through
/// `2^m`, `1.25`, `1.5` and `1.75 · 2^m` when the design extends (`sobol`, see
/// `extension_sizes` in this module).
pub fn batch_sizes(method: Method, max_trials: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    if replicated(method) {
        let fits = |n: &usize| n * REPLICATES <= max_trials;
        if method.design().extends() {
            return extension_sizes().take_while(fits).collect();
        }
        let mut n = FIRST_REPLICATE_TRIALS;
        while fits(&n) {
            sizes.push(n);
            n *= 2;
        }
    } else {
        let mut n = FIRST_TRIALS.min(max_trials);
        loop {
            sizes.push(n);
            if n >= max_trials {
                break;
            }
            n = (2 * n).min(max_trials);
        }
    }
    sizes
}

/// The replicate sizes of a design that extends: `256, 320, 384, 448, 512, 640, …`, each
/// `2^m` followed by `1.25`, `1.5` and `1.75 · 2^m`. A replicate that continues from its
/// last batch only simulates the new trials, so the finer steps cost only their checks and
/// stop a run closer to the trials its precision needs: for a need spread evenly in
/// `ln` trials, doubling overshoots it by `1/ln 2` = 1.44× on average, half steps by
/// 1.20×, these quarter steps by 1.10× (`(1/4 + 1/5 + 1/6 + 1/7) / ln 2`). A replicate of
/// `(1 + j/4) · 2^m` Sobol points is `4 + j` balanced blocks of `2^(m−2)` points (each
/// block of `2^k` points that starts at a multiple of `2^k` is a net of its own) and stays
/// unbiased, so its interval stays honest. Every step is a multiple of 64 trials (the
/// smallest is `256 / 4`), the width in which the cost pass takes a Sobol coordinate.
fn extension_sizes() -> impl Iterator<Item = usize> {
    (0u32..).map(|k| {
        let power = FIRST_REPLICATE_TRIALS << (k / 4);
        power + (k % 4) as usize * (power / 4)
    })
}

/// One watched statistic after one batch.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvergenceRow {
    /// Trials of the batch (all replicates together).
    pub trials: usize,
    /// The output.
    pub output: String,
    /// The statistic's name ([`Statistic::name`]).
    pub statistic: String,
    /// The estimate and its confidence interval.
    pub interval: Interval,
    /// What the precision is relative to: `|estimate|`, or the output's standard
    /// deviation for an estimate near zero (the module's rule).
    pub scale: f64,
    /// The half-width the rule allows: `relative × scale`.
    pub allowed: f64,
}

impl ConvergenceRow {
    /// True when the interval is as narrow as the rule allows.
    pub fn met(&self) -> bool {
        self.interval.half_width() <= self.allowed
    }
}

/// How a precision-controlled run went.
#[derive(Clone, Debug, PartialEq)]
pub struct Convergence {
    /// What was asked for.
    pub precision: Precision,
    /// Replicates per batch (1 for `random`).
    pub replicates: usize,
    /// Every watched statistic after every batch, batch by batch.
    pub rows: Vec<ConvergenceRow>,
    /// True when the last batch met the precision; false when `max_trials` ran out first.
    pub reached: bool,
}

impl Convergence {
    /// The rows of the last batch.
    pub fn last(&self) -> &[ConvergenceRow] {
        let last = self.rows.last().map_or(0, |r| r.trials);
        let first = self.rows.iter().position(|r| r.trials == last).unwrap_or(0);
        &self.rows[first..]
    }

    /// The precision the last batch reached: the largest ratio of a watched statistic's
    /// half-width to its scale (`|estimate|`, or the output's standard deviation for an
    /// estimate near zero), i.e. the `relative` that batch met.
    pub fn reached_precision(&self) -> f64 {
        self.last()
            .iter()
            .map(|r| {
                let half = r.interval.half_width();
                if half == 0.0 {
                    0.0
                } else {
                    half / r.scale
                }
            })
            .fold(0.0, f64::max)
    }

    /// The rows as a table: `trials`, `output`, `statistic`, `estimate`, `low`, `high`,
    /// `half_width`, `allowed` and `met` (1 or 0).
    pub fn table(&self) -> Table {
        let mut t = Table::default();
        let f =
            |get: &dyn Fn(&ConvergenceRow) -> f64| Column::F64(self.rows.iter().map(get).collect());
        t.push(
            "trials",
            Column::I64(self.rows.iter().map(|r| r.trials as i64).collect()),
        );
        t.push(
            "output",
            Column::Str(self.rows.iter().map(|r| r.output.clone()).collect()),
        );
        t.push(
            "statistic",
            Column::Str(self.rows.iter().map(|r| r.statistic.clone()).collect()),
        );
        t.push("estimate", f(&|r| r.interval.estimate));
        t.push("low", f(&|r| r.interval.low));
        t.push("high", f(&|r| r.interval.high));
        t.push("half_width", f(&|r| r.interval.half_width()));
        t.push("allowed", f(&|r| r.allowed));
        t.push(
            "met",
            Column::I64(self.rows.iter().map(|r| i64::from(r.met())).collect()),
        );
        t
    }
}

/// A precision-controlled run: the pooled trials of its last batch and how it converged.
#[derive(Clone, Debug)]
pub struct PrecisionRun {
    /// The last batch's trials (for a replicated method, every replicate's, in order).
    pub result: SimResult,
    /// Every batch's intervals.
    pub convergence: Convergence,
}

/// Simulates `plan` in batches until `precision` is met or its `max_trials` is spent
/// (module documentation). Checks `control` between batches and reports progress through
/// it (the total grows batch by batch).
pub fn simulate_to_precision(
    plan: &Arc<Plan>,
    seed: u64,
    method: Method,
    precision: &Precision,
    control: &Control,
) -> Result<PrecisionRun, RunError> {
    precision.check(plan)?;
    // One unit held back until the end, so that progress never reads "done" between
    // batches.
    control.expect(1);
    let sizes = batch_sizes(method, precision.max_trials);
    let replicates = if replicated(method) { REPLICATES } else { 1 };
    let mut rows = Vec::new();
    let mut parts: Vec<Pieces> = Vec::new();
    for (k, &n) in sizes.iter().enumerate() {
        control.check()?;
        // Each run (the one run, or each replicate) continues from its last batch where
        // its design can (`sobol`; `random` without correlations): only the new trials
        // are run. Otherwise the batch is a fresh run.
        let previous: Vec<Option<Pieces>> = if parts.is_empty() {
            (0..replicates).map(|_| None).collect()
        } else {
            parts.into_iter().map(Some).collect()
        };
        parts = previous
            .into_par_iter()
            .enumerate()
            .map(|(r, run)| {
                let run_seed = if replicates == 1 {
                    seed
                } else {
                    replicate_seed(seed, r)
                };
                next_batch(plan, run, n, run_seed, method, control)
            })
            .collect::<Result<_, _>>()?;
        let batch = assess(&parts, precision);
        let met = batch.iter().all(ConvergenceRow::met);
        rows.extend(batch);
        if met || k + 1 == sizes.len() {
            control.advance(1);
            let origin: Vec<(u64, usize)> = parts.iter().map(Pieces::origin).collect();
            let mut result = pool(parts.into_iter().flat_map(|p| p.pieces).collect());
            // One run per replicate (each of its pieces' trials), as if each replicate had
            // been simulated in one go.
            result.origin = origin;
            // The run's seed, the one asked for: the pool took its first replicate's, which
            // would not give these trials again.
            result.seed = seed;
            return Ok(PrecisionRun {
                result,
                convergence: Convergence {
                    precision: precision.clone(),
                    replicates,
                    rows,
                    reached: met,
                },
            });
        }
    }
    unreachable!("batch_sizes is never empty for max_trials at least FIRST_TRIALS")
}

/// One run of a precision-controlled run (the one run, or one replicate) as the pieces
/// its batches simulated, in order: the first a plain run from trial 0, each next one its
/// [`continuation`]. They are pooled once, at the end, instead of being copied into one
/// longer run at every batch.
struct Pieces {
    /// The pieces, in the order of their trials.
    pieces: Vec<SimResult>,
    /// Their trials together.
    trials: usize,
}

impl Pieces {
    /// The run as one plain run: its seed (the first piece's) and its trials.
    fn origin(&self) -> (u64, usize) {
        (self.pieces[0].seed, self.trials)
    }

    /// The output `name` of every piece, in the order of the trials.
    fn output(&self, name: &str) -> Vec<&[f64]> {
        self.pieces
            .iter()
            .map(|piece| {
                piece
                    .output(name)
                    .expect("checked against the plan's outputs")
            })
            .collect()
    }
}

/// The run of `n` trials seeded with `seed`: `run` (the last batch's) continued where the
/// design continues at its length ([`crate::sampling::Design::continues_at`]), else a fresh
/// run.
fn next_batch(
    plan: &Arc<Plan>,
    run: Option<Pieces>,
    n: usize,
    seed: u64,
    method: Method,
    control: &Control,
) -> Result<Pieces, RunError> {
    match run {
        Some(mut run)
            if run.trials < n
                && method
                    .design()
                    .continues_at(run.trials as u64, plan.rank_targets.as_ref()) =>
        {
            let piece = continuation(&run.pieces[0], run.trials, n - run.trials, control)?;
            run.pieces.push(piece);
            run.trials = n;
            Ok(run)
        }
        _ => Ok(Pieces {
            pieces: vec![simulate(plan, n, seed, method, control)?],
            trials: n,
        }),
    }
}

/// Every watched statistic of one batch (`parts`: one run, or one per replicate).
fn assess(parts: &[Pieces], precision: &Precision) -> Vec<ConvergenceRow> {
    let trials: usize = parts.iter().map(|p| p.trials).sum();
    let conf = precision.confidence;
    let levels: Vec<f64> = precision
        .statistics
        .iter()
        .filter_map(|s| match s {
            Statistic::Percentile(p) => Some(p / 100.0),
            Statistic::Mean => None,
        })
        .collect();
    let mut rows = Vec::new();
    for output in &precision.outputs {
        let columns: Vec<Vec<&[f64]>> = parts.iter().map(|p| p.output(output)).collect();
        let all: Vec<&[f64]> = columns.iter().flatten().copied().collect();
        let (_, sd) = mean_sd_joined(&all);
        // One run: sorted once (a radix sort, the same order as `sorted`), for the order
        // statistics of every percentile's interval. Replicates: each part's mean when it
        // is watched, and its percentiles by selection in one copy of its trials
        // (`quantiles_in_place`, the same values as from the sorted part, in linear
        // time), the parts side by side; neither sort nor selection for the mean alone.
        let sorted_single: Vec<f64> = match columns.as_slice() {
            [only] if !levels.is_empty() => {
                let mut v = only.concat();
                sort_total(&mut v, &mut RadixScratch::default());
                v
            }
            _ => Vec::new(),
        };
        let watch_mean = precision.statistics.contains(&Statistic::Mean);
        let per_part: Vec<(Option<f64>, Vec<f64>)> = if columns.len() > 1 {
            columns
                .par_iter()
                .map(|pieces| {
                    let mean = watch_mean.then(|| mean_joined(pieces));
                    // Hazen's rule, not the summary's linear one: a replicate holds a few
                    // hundred stratified trials, where the linear rule's O(1/n) bias (the
                    // 95th percentile of 256 points sits near the 94.8th) is larger than
                    // the replicates' spread, and an interval over them missed the true
                    // value nearly every time.
                    let percentiles = if levels.is_empty() {
                        Vec::new()
                    } else {
                        hazen_quantiles_in_place(&mut pieces.concat(), &levels)
                    };
                    (mean, percentiles)
                })
                .collect()
        } else {
            Vec::new()
        };
        // Each percentile's values over the parts, in the order of the statistics: taken
        // by the percentile that reads them, so level and statistic cannot fall out of step.
        let mut part_levels = (0..levels.len())
            .map(|level| per_part.iter().map(|(_, q)| q[level]).collect::<Vec<f64>>());
        for statistic in &precision.statistics {
            let interval = match (columns.as_slice(), statistic) {
                ([only], Statistic::Mean) => mean_interval_joined(only, conf),
                ([_], Statistic::Percentile(p)) => {
                    quantile_interval(&sorted_single, p / 100.0, conf)
                }
                (_, Statistic::Mean) => {
                    let per: Vec<f64> = per_part
                        .iter()
                        .map(|(mean, _)| mean.expect("computed when the mean is watched"))
                        .collect();
                    replicate_interval(&per, conf)
                }
                (_, Statistic::Percentile(p)) => {
                    let per = part_levels
                        .next()
                        .expect("one level per watched percentile");
                    let mut interval = replicate_interval(&per, conf);
                    // A replicate too small to place the percentile inside its sample
                    // estimates its end instead: no bound on that side yet.
                    let q = p / 100.0;
                    let smallest = columns
                        .iter()
                        .map(|c| c.iter().map(|piece| piece.len()).sum::<usize>())
                        .min()
                        .unwrap_or(0);
                    if !hazen_reaches(smallest, q) {
                        if q < 0.5 {
                            interval.low = f64::NEG_INFINITY;
                        } else {
                            interval.high = f64::INFINITY;
                        }
                    }
                    interval
                }
            };
            let scale = if interval.estimate.abs() < NEAR_ZERO * sd {
                sd
            } else {
                interval.estimate.abs()
            };
            rows.push(ConvergenceRow {
                trials,
                output: output.clone(),
                statistic: statistic.name(),
                interval,
                scale,
                allowed: precision.relative * scale,
            });
        }
    }
    rows
}

pub mod state;

#[cfg(test)]
mod tests;
