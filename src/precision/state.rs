//! A convergence record as plain values, to store a precision-controlled result and rebuild
//! its [`Convergence`] exactly (what `pickle` carries beside the run's columns, see
//! `model::state` for those).
//!
//! The record holds what was asked for (the [`Precision`]), the replicates per batch, every
//! row as computed (trials, output, statistic, estimate, interval ends, scale, allowed
//! half-width) and whether the precision was reached. Nothing is recomputed on arrival; the
//! record is checked against the result it belongs to, so a record that a run of that
//! result could not have produced is refused with a message naming what does not fit.

use super::REPLICATES;
use super::{batch_sizes, replicated, Convergence, ConvergenceRow, Precision, Statistic};
use crate::model::{RunError, SimResult};
use crate::stats::Interval;

/// The version of the convergence record's layout and of the batch schedule its rows are
/// checked against ([`batch_sizes`]); a record of another version is refused. 2: `sobol`
/// replicates grow in quarter steps (1: half steps).
pub const CONVERGENCE_STATE_VERSION: u32 = 2;

/// One row as it is stored: `(trials, output, statistic, estimate, low, high, scale,
/// allowed)` (see [`ConvergenceRow`]).
pub type RowRecord = (usize, String, String, f64, f64, f64, f64, f64);

/// The record: `(version, relative, outputs, statistics, confidence, max_trials,
/// replicates, rows, reached)`, with the statistics by name ([`Statistic::name`]).
pub type ConvergenceRecord = (
    u32,
    f64,
    Vec<String>,
    Vec<String>,
    f64,
    usize,
    usize,
    Vec<RowRecord>,
    bool,
);

impl Convergence {
    /// The record of this convergence: every field as it is, as plain values.
    pub fn to_record(&self) -> ConvergenceRecord {
        let p = &self.precision;
        (
            CONVERGENCE_STATE_VERSION,
            p.relative,
            p.outputs.clone(),
            p.statistics.iter().map(Statistic::name).collect(),
            p.confidence,
            p.max_trials,
            self.replicates,
            self.rows
                .iter()
                .map(|r| {
                    (
                        r.trials,
                        r.output.clone(),
                        r.statistic.clone(),
                        r.interval.estimate,
                        r.interval.low,
                        r.interval.high,
                        r.scale,
                        r.allowed,
                    )
                })
                .collect(),
            self.reached,
        )
    }

    /// Rebuilds the convergence of `result` (the pooled result of the run, rebuilt from
    /// its own record) from its record. The error says what does not fit: another layout
    /// version, precision settings out of range or naming outputs the result does not
    /// have, replicates the result's method does not run, rows out of the batches' order or
    /// with trials the batches do not have, numbers that are not finite, an allowed
    /// half-width that is not `relative × scale`, a last batch that is not the result's
    /// trials, or a `reached` flag that the last batch's rows contradict.
    pub fn from_record(
        record: ConvergenceRecord,
        result: &SimResult,
    ) -> Result<Convergence, String> {
        let (
            version,
            relative,
            outputs,
            statistic_names,
            confidence,
            max_trials,
            replicates,
            rows,
            reached,
        ) = record;
        if version != CONVERGENCE_STATE_VERSION {
            return Err(format!(
                "the convergence was pickled by a version with record layout {version}; this \
                 version reads layout {CONVERGENCE_STATE_VERSION} (simulate again)"
            ));
        }
        let statistics = statistic_names
            .iter()
            .map(|name| match Statistic::parse(name) {
                Ok(s) if s.name() == *name => Ok(s),
                Ok(s) => Err(format!(
                    "statistic {name:?} is not written as the core writes it ({:?})",
                    s.name()
                )),
                Err(m) => Err(m),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let precision = Precision {
            relative,
            outputs,
            statistics,
            confidence,
            max_trials,
        };
        precision.check(&result.plan).map_err(|e| match e {
            RunError::Argument { field, message } => format!("{field}: {message}"),
            other => other.to_string(),
        })?;
        let expected = if replicated(result.method) {
            REPLICATES
        } else {
            1
        };
        if replicates != expected {
            return Err(format!(
                "{replicates} replicates per batch; a {} run has {expected}",
                result.method.as_str()
            ));
        }
        let rows = check_rows(&precision, replicates, result, rows)?;
        let convergence = Convergence {
            precision,
            replicates,
            rows,
            reached,
        };
        let last_met = convergence.last().iter().all(ConvergenceRow::met);
        if reached != last_met {
            return Err(format!(
                "reached is {reached} but the last batch's rows {} the precision",
                if last_met { "meet" } else { "do not meet" }
            ));
        }
        let batches =
            convergence.rows.len() / (statistic_names.len() * convergence.precision.outputs.len());
        let scheduled = batch_sizes(result.method, convergence.precision.max_trials).len();
        if !reached && batches != scheduled {
            return Err(format!(
                "the precision was not reached after {batches} of {scheduled} batches; a run \
                 stops early only when it is reached"
            ));
        }
        Ok(convergence)
    }
}

/// The rows of `records` after checking them against the batches of a run of `result`
/// under `precision`: batch by batch, output by output, statistic by statistic.
fn check_rows(
    precision: &Precision,
    replicates: usize,
    result: &SimResult,
    records: Vec<RowRecord>,
) -> Result<Vec<ConvergenceRow>, String> {
    let names: Vec<String> = precision.statistics.iter().map(Statistic::name).collect();
    let per_batch = precision.outputs.len() * names.len();
    let sizes = batch_sizes(result.method, precision.max_trials);
    if records.is_empty() || records.len() % per_batch != 0 {
        return Err(format!(
            "{} rows is not a whole number of batches of {per_batch} rows (outputs × \
             statistics)",
            records.len()
        ));
    }
    if records.len() / per_batch > sizes.len() {
        return Err(format!(
            "{} batches; a run under max_trials = {} has at most {}",
            records.len() / per_batch,
            precision.max_trials,
            sizes.len()
        ));
    }
    let mut rows = Vec::with_capacity(records.len());
    for (k, record) in records.into_iter().enumerate() {
        let (trials, output, statistic, estimate, low, high, scale, allowed) = record;
        let batch = k / per_batch;
        let (o, s) = ((k % per_batch) / names.len(), k % names.len());
        let at = format!("row {k}");
        let want = sizes[batch] * replicates;
        if trials != want {
            return Err(format!(
                "{at}: {trials} trials; batch {batch} of this run has {want}"
            ));
        }
        if output != precision.outputs[o] || statistic != names[s] {
            return Err(format!(
                "{at}: {output} {statistic} where the batch has {} {}",
                precision.outputs[o], names[s]
            ));
        }
        let numbers = [
            ("estimate", estimate),
            ("low", low),
            ("high", high),
            ("scale", scale),
            ("allowed", allowed),
        ];
        if let Some((name, v)) = numbers.iter().find(|(_, v)| !v.is_finite()) {
            return Err(format!("{at}: {name} is {v}, not a finite number"));
        }
        if allowed.to_bits() != (precision.relative * scale).to_bits() {
            return Err(format!(
                "{at}: allowed half-width {allowed} is not relative × scale = {}",
                precision.relative * scale
            ));
        }
        rows.push(ConvergenceRow {
            trials,
            output,
            statistic,
            interval: Interval {
                estimate,
                low,
                high,
            },
            scale,
            allowed,
        });
    }
    let last = rows.last().map_or(0, |r| r.trials);
    if last != result.trials {
        return Err(format!(
            "the last batch has {last} trials; the result has {}",
            result.trials
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::Plan;
    use crate::sampling::{Control, Method};

    fn run(method: Method) -> super::super::PrecisionRun {
        let plan = Arc::new(Plan::new(&crate::presets::load("fleet").unwrap()).unwrap());
        let mut p = Precision::new(0.05);
        p.statistics.push(Statistic::Percentile(97.5));
        super::super::simulate_to_precision(&plan, 3, method, &p, &Control::new()).unwrap()
    }

    #[test]
    fn a_convergence_is_rebuilt_exactly_from_its_record() {
        for method in [Method::Random, Method::Lhs] {
            let r = run(method);
            let back = Convergence::from_record(r.convergence.to_record(), &r.result).unwrap();
            assert_eq!(back, r.convergence);
            assert_eq!(back.to_record(), r.convergence.to_record());
        }
    }

    #[test]
    fn a_record_that_does_not_fit_is_refused_with_what_is_wrong() {
        let r = run(Method::Random);
        let good = r.convergence.to_record();
        let refused = |edit: &dyn Fn(&mut ConvergenceRecord)| {
            let mut record = good.clone();
            edit(&mut record);
            Convergence::from_record(record, &r.result).unwrap_err()
        };
        assert!(refused(&|c| c.0 = 7).contains("record layout 7"));
        assert!(refused(&|c| c.1 = 2.0).contains("precision: must be"));
        assert!(refused(&|c| c.2 = vec!["nope".into()]).contains("unknown output \"nope\""));
        assert!(refused(&|c| c.3[1] = "p5.0".into()).contains("not written as the core"));
        assert!(refused(&|c| c.6 = 16).contains("16 replicates"));
        assert!(refused(&|c| {
            c.7.pop();
        })
        .contains("whole number of batches"));
        assert!(refused(&|c| c.7[0].0 += 1).contains("row 0:"));
        assert!(refused(&|c| c.7.swap(0, 1)).contains("where the batch has"));
        assert!(refused(&|c| c.7[2].3 = f64::NAN).contains("estimate is NaN"));
        assert!(refused(&|c| c.7[1].7 *= 2.0).contains("not relative × scale"));
        assert!(refused(&|c| c.8 = !c.8).contains("reached is"));
        // Another result: its trials are not the record's last batch.
        let other = run(Method::Lhs);
        let e = Convergence::from_record(good.clone(), &other.result).unwrap_err();
        assert!(e.contains("replicates"), "{e}");
    }
}
