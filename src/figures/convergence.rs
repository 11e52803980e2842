//! The convergence chart of a precision-controlled run: what it shows, from its
//! [`Convergence`] record.

use crate::chart::{ChartSpec, ConvergenceData, Detail, PercentileSeries};
use crate::model::outputs;
use crate::money::{format_count, format_share};
use crate::precision::{Convergence, Precision};

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
    // An interval with no bound on one side yet (too few trials for an extreme
    // percentile) is drawn to the edge of what the chart shows: the finite extent of every
    // estimate and end.
    let (lowest, highest) = rows
        .iter()
        .flat_map(|r| [r.interval.low, r.interval.estimate, r.interval.high])
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let drawn = |v: f64| {
        if lowest <= highest {
            v.clamp(lowest, highest)
        } else {
            v
        }
    };
    let series = c
        .precision
        .statistics
        .iter()
        .map(|s| {
            let name = s.name();
            let of: Vec<_> = rows.iter().filter(|r| r.statistic == name).collect();
            PercentileSeries::new(
                &name,
                of.iter().map(|r| drawn(r.interval.low)).collect(),
                of.iter().map(|r| r.interval.estimate).collect(),
                of.iter().map(|r| drawn(r.interval.high)).collect(),
            )
        })
        .collect();
    let last = c.rows.last().map_or(0, |r| r.trials) as u64;
    let asked = format_share(c.precision.relative);
    let outcome = if c.reached {
        format!("reached at {} trials", format_count(last))
    } else if c.reached_precision().is_finite() {
        format!(
            "not reached within {} trials (±{}% there)",
            format_count(last),
            format_share(c.reached_precision())
        )
    } else {
        format!(
            "not reached within {} trials (an interval still unbounded on one side)",
            format_count(last)
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
            format_share(c.precision.confidence)
        ),
    })
}

/// What a chart of a precision-controlled run embeds and prints of its precision, the
/// rest of what decided its trials beside the seed and the method: embedded as
/// `precision` = `relative=0.002 outputs=savings statistics=mean,p5,p50,p95
/// confidence=0.95 max_trials=1048576`, printed as `precision ±0.2%` followed, in
/// parentheses, by the settings that are not [`Precision::new`]'s.
pub fn precision_detail(p: &Precision) -> Detail {
    let statistics: Vec<String> = p.statistics.iter().map(|s| s.name()).collect();
    let value = format!(
        "relative={} outputs={} statistics={} confidence={} max_trials={}",
        p.relative,
        p.outputs.join(","),
        statistics.join(","),
        p.confidence,
        p.max_trials
    );
    let default = Precision::new(p.relative);
    let mut settings = Vec::new();
    if p.outputs != default.outputs || p.statistics != default.statistics {
        settings.push(format!(
            "{} of {}",
            statistics.join(", "),
            p.outputs.join(", ")
        ));
    }
    if p.confidence != default.confidence {
        settings.push(format!("{}% intervals", format_share(p.confidence)));
    }
    if p.max_trials != default.max_trials {
        settings.push(format!("max {} trials", format_count(p.max_trials as u64)));
    }
    let mut shown = format!("precision ±{}%", format_share(p.relative));
    if !settings.is_empty() {
        shown.push_str(&format!(" ({})", settings.join("; ")));
    }
    Detail::new("precision", value, shown)
}

#[cfg(test)]
mod provenance_tests {
    use super::*;
    use crate::precision::Statistic;

    #[test]
    fn percent_keeps_two_significant_digits_of_small_values() {
        assert_eq!(format_share(0.002), "0.2");
        assert_eq!(format_share(0.975), "97.5");
        assert_eq!(format_share(0.9999), "99.99");
        assert_eq!(format_share(0.05), "5");
        assert_eq!(format_share(0.000_001), "0.0001");
        assert_eq!(format_share(0.000_001_234), "0.00012");
        assert_eq!(format_share(0.0), "0");
        // No floor on how small: 1e-25 is not "0", and not 23 digits either.
        assert_eq!(format_share(1e-25), "1e-23");
        assert_eq!(format_share(1.234e-300), "1.2e-298");
        assert_eq!(format_share(1e-13), "0.00000000001");
    }

    #[test]
    fn percent_keeps_two_significant_digits_of_the_distance_from_100() {
        assert_eq!(format_share(0.999_999), "99.9999");
        assert_eq!(format_share(0.999_998_7), "99.99987");
        assert_eq!(format_share(0.95), "95");
        assert_eq!(format_share(1.0), "100");
    }

    #[test]
    fn precision_detail_embeds_every_setting_and_prints_those_not_default() {
        let p = Precision::new(0.002);
        let d = precision_detail(&p);
        assert_eq!(d.key, "precision");
        assert_eq!(
            d.value,
            format!(
                "relative=0.002 outputs=savings statistics=mean,p5,p50,p95 confidence=0.95 \
                 max_trials={}",
                crate::precision::DEFAULT_MAX_TRIALS
            )
        );
        assert_eq!(d.shown, "precision ±0.2%");
        let q = Precision {
            outputs: vec!["savings".into(), "immutable.total".into()],
            statistics: vec![Statistic::Mean],
            confidence: 0.99,
            max_trials: 50_000,
            ..Precision::new(0.000_001)
        };
        let d = precision_detail(&q);
        assert_eq!(
            d.shown,
            "precision ±0.0001% (mean of savings, immutable.total; 99% intervals; \
             max 50,000 trials)"
        );
        assert!(d
            .value
            .starts_with("relative=0.000001 outputs=savings,immutable.total "));
        assert!(d
            .value
            .ends_with("statistics=mean confidence=0.99 max_trials=50000"));
    }
}
