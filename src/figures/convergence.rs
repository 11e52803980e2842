//! The convergence chart of a precision-controlled run: what it shows, from its
//! [`Convergence`] record.

use crate::chart::{ChartSpec, ConvergenceData, PercentileSeries};
use crate::model::outputs;
use crate::money::format_count;
use crate::precision::Convergence;

/// The chart data and its subtitle.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvergenceChart {
    /// What [`crate::chart::render`] draws.
    pub spec: ChartSpec,
    /// The line under the title: the confidence, the precision asked for, and whether and
    /// where it was reached.
    pub subtitle: String,
}

/// Every watched statistic of `output` (a watched output; `None`: the first watched)
/// after each batch: the estimate as a line, the confidence interval as a band. An output
/// that was not watched is an error listing those that were.
pub fn convergence(c: &Convergence, output: Option<&str>) -> Result<ConvergenceChart, String> {
    let watched = &c.precision.outputs;
    let output = match output {
        None => watched.first().map(String::as_str).unwrap_or_default(),
        Some(o) if watched.iter().any(|w| w == o) => o,
        Some(o) => {
            return Err(format!(
                "output {o:?} was not watched (watched: {})",
                watched.join(", ")
            ))
        }
    };
    let rows: Vec<_> = c.rows.iter().filter(|r| r.output == output).collect();
    let mut trials: Vec<f64> = rows.iter().map(|r| r.trials as f64).collect();
    trials.dedup();
    let series = c
        .precision
        .statistics
        .iter()
        .map(|s| {
            let name = s.name();
            let of: Vec<_> = rows.iter().filter(|r| r.statistic == name).collect();
            PercentileSeries::new(
                &name,
                of.iter().map(|r| r.interval.low).collect(),
                of.iter().map(|r| r.interval.estimate).collect(),
                of.iter().map(|r| r.interval.high).collect(),
            )
        })
        .collect();
    let last = c.rows.last().map_or(0, |r| r.trials) as u64;
    let percent = |x: f64| {
        format!("{:.3}", 100.0 * x)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    let asked = percent(c.precision.relative);
    let outcome = if c.reached {
        format!("reached at {} trials", format_count(last))
    } else {
        format!(
            "not reached within {} trials (±{}% there)",
            format_count(last),
            percent(c.reached_precision())
        )
    };
    let replicates = if c.replicates > 1 {
        format!(" over {} replicates", c.replicates)
    } else {
        String::new()
    };
    Ok(ConvergenceChart {
        spec: ChartSpec::Convergence(ConvergenceData {
            trials,
            y_label: outputs::label(output),
            series,
        }),
        subtitle: format!(
            "{}% confidence intervals{replicates}; precision ±{asked}% {outcome}",
            percent(c.precision.confidence)
        ),
    })
}
