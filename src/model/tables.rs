//! Tables derived from a simulation: summary, breakdown, labour, sensitivity, cumulative.

use rayon::prelude::*;

use super::outputs::{self, OutputKind, View};
use super::result::SimResult;
use crate::stats::{quantiles, spearman, tail_row, tornado, upper_tail, Summary, TailRow};
use crate::table::{Column, Table};

/// The `strategy` value of the cumulative-savings rows of [`SimResult::cumulative`]: the
/// savings output's name (no strategy may take this name).
pub const CUMULATIVE_SAVINGS: &str = super::outputs::SAVINGS;

/// A threshold on one output: `prob_above` is the share of that output's trials strictly
/// above `value`, and is left empty for every other output (a threshold on savings says
/// nothing about a total cost).
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    /// The output it applies to (`savings`, `savings_per_year`, `NAME.total`, …).
    pub output: String,
    /// The amount.
    pub value: f64,
}

impl Threshold {
    /// A threshold of `value` on `output`.
    pub fn new(output: impl Into<String>, value: f64) -> Threshold {
        Threshold {
            output: output.into(),
            value,
        }
    }

    /// A threshold of `value` on `savings`.
    pub fn savings(value: f64) -> Threshold {
        Threshold::new(super::outputs::SAVINGS, value)
    }

    /// Checks that the output is one of `outputs` and the value is finite; the message
    /// lists the outputs there are.
    pub fn check<'a>(&self, outputs: impl IntoIterator<Item = &'a str>) -> Result<(), String> {
        if !self.value.is_finite() {
            return Err(format!("threshold must be finite, got {}", self.value));
        }
        let names: Vec<&str> = outputs.into_iter().collect();
        if names.contains(&self.output.as_str()) {
            return Ok(());
        }
        Err(format!(
            "threshold output: unknown output {:?}{} (outputs: {})",
            self.output,
            crate::scenario::suggest::hint(&self.output, names.iter().copied()),
            names.join(", ")
        ))
    }
}

/// Summary statistics of named samples, one row each; `prob_above` only on the row of
/// the threshold's output.
pub(crate) fn summary_table(rows: &[(String, &[f64])], threshold: &Threshold) -> Table {
    let stats: Vec<Summary> = rows
        .par_iter()
        .map(|(_, v)| Summary::of(v, threshold.value))
        .collect();
    let applies: Vec<bool> = rows.iter().map(|(n, _)| *n == threshold.output).collect();
    let mut t = Table::default();
    t.push(
        "output",
        Column::Str(rows.iter().map(|(n, _)| n.clone()).collect()),
    );
    summary_columns(&mut t, &stats, &applies);
    t
}

/// Appends the summary statistic columns for `stats`, median first: `p50`, the 90% interval
/// `p5`–`p95`, then `mean`, `sd`, `se`, `p10`, `p90`, `min`, `max`, `prob_above`, `count`
/// ([`SUMMARY_COLUMNS`]). A heavy upper tail moves the mean from run to run; the median
/// and the interval stay put, so they lead.
/// `prob_above` is filled where `threshold_applies` is true and empty elsewhere.
pub(crate) fn summary_columns(t: &mut Table, stats: &[Summary], threshold_applies: &[bool]) {
    let f = |g: &dyn Fn(&Summary) -> f64| Column::F64(stats.iter().map(g).collect());
    for name in SUMMARY_COLUMNS {
        let column = match name {
            "p50" => f(&|s| s.p50),
            "p5" => f(&|s| s.p5),
            "p95" => f(&|s| s.p95),
            "mean" => f(&|s| s.mean),
            "sd" => Column::OptF64(stats.iter().map(|s| s.sd).collect()),
            "se" => Column::OptF64(stats.iter().map(|s| s.se).collect()),
            "p10" => f(&|s| s.p10),
            "p90" => f(&|s| s.p90),
            "min" => f(&|s| s.min),
            "max" => f(&|s| s.max),
            "prob_above" => Column::OptF64(
                stats
                    .iter()
                    .zip(threshold_applies)
                    .map(|(s, &applies)| applies.then_some(s.prob_above))
                    .collect(),
            ),
            "count" => Column::I64(stats.iter().map(|s| s.count as i64).collect()),
            other => unreachable!("unknown summary column {other}"),
        };
        t.push(name, column);
    }
}

/// The summary statistic columns, in table order: the median and the 90% interval lead,
/// the mean follows.
pub const SUMMARY_COLUMNS: [&str; 12] = [
    "p50",
    "p5",
    "p95",
    "mean",
    "sd",
    "se",
    "p10",
    "p90",
    "min",
    "max",
    "prob_above",
    "count",
];

/// One breakdown row before its statistics: strategy, activity, role, year, the values and
/// the activity's practice.
type BreakdownRow<'a> = (String, String, String, i64, &'a [f64], &'a str);

/// Mean and the 5th, 50th and 95th percentiles of a sample.
struct Band {
    mean: f64,
    p5: f64,
    p50: f64,
    p95: f64,
}

impl Band {
    fn of(v: &[f64]) -> Band {
        let q = quantiles(v, &[0.05, 0.5, 0.95]);
        Band {
            mean: mean(v),
            p5: q[0],
            p50: q[1],
            p95: q[2],
        }
    }
}

/// Appends `mean`, `p5`, `p50`, `p95` columns.
fn band_columns(t: &mut Table, bands: &[Band]) {
    let col = |f: fn(&Band) -> f64| Column::F64(bands.iter().map(f).collect());
    t.push("mean", col(|b| b.mean));
    t.push("p5", col(|b| b.p5));
    t.push("p50", col(|b| b.p50));
    t.push("p95", col(|b| b.p95));
}

fn mean(v: &[f64]) -> f64 {
    crate::stats::stable_sum(v) / v.len() as f64
}

impl SimResult {
    /// Summary statistics of every output ([`SimResult::outputs`]); `prob_above` is the
    /// share of trials above the threshold on the threshold's output, empty on the others.
    /// An unknown output or a non-finite threshold is an error naming the outputs.
    pub fn summary(&self, threshold: &Threshold) -> Result<Table, String> {
        let outputs = self.outputs();
        threshold.check(outputs.iter().map(|(n, _)| n.as_str()))?;
        Ok(summary_table(&outputs, threshold))
    }

    /// Present-value cost by strategy, activity (with its role and practice) and year: mean,
    /// p5, p50, p95. The means of
    /// all rows of a strategy add up to the mean of its total. One row per output of
    /// [`View::Breakdown`].
    pub fn breakdown(&self) -> Table {
        let detail = self.detail();
        let rows: Vec<BreakdownRow<'_>> = outputs::of(self, View::Breakdown)
            .into_iter()
            .map(|o| {
                let s = &detail[o.at.strategy];
                let a = &s.activities[o.at.activity];
                (
                    s.name.clone(),
                    a.name.clone(),
                    a.role.clone().unwrap_or_default(),
                    (a.first_year + o.at.year) as i64,
                    o.values,
                    a.practice.as_str(),
                )
            })
            .collect();
        let stats: Vec<Band> = rows.par_iter().map(|r| Band::of(r.4)).collect();
        let mut t = Table::default();
        t.push(
            "strategy",
            Column::Str(rows.iter().map(|r| r.0.clone()).collect()),
        );
        t.push(
            "activity",
            Column::Str(rows.iter().map(|r| r.1.clone()).collect()),
        );
        t.push(
            "role",
            Column::Str(rows.iter().map(|r| r.2.clone()).collect()),
        );
        t.push(
            "practice",
            Column::Str(rows.iter().map(|r| r.5.to_string()).collect()),
        );
        t.push("year", Column::I64(rows.iter().map(|r| r.3).collect()));
        band_columns(&mut t, &stats);
        t
    }

    /// Recurring labour by strategy, role and year: mean hours, mean FTE, and the
    /// probability that the role runs over capacity. Roles a strategy does not use are left out.
    /// One row per strategy, used role and year of the outputs of [`View::Labour`], the
    /// mean of each in the column of its kind (hours, FTE, probability).
    pub fn labour(&self) -> Table {
        let detail = self.detail();
        let (mut strategy, mut role, mut year) = (Vec::new(), Vec::new(), Vec::new());
        let (mut hours, mut fte, mut over) = (Vec::new(), Vec::new(), Vec::new());
        let mut last = None;
        for o in outputs::of(self, View::Labour) {
            if last != Some(o.at) {
                last = Some(o.at);
                let s = &detail[o.at.strategy];
                strategy.push(s.name.clone());
                role.push(s.roles[o.at.role].name.clone());
                year.push((o.at.year + 1) as i64);
            }
            match o.def.kind {
                OutputKind::Hours => hours.push(mean(o.values)),
                OutputKind::Fte => fte.push(mean(o.values)),
                OutputKind::Probability => over.push(mean(o.values)),
                other => unreachable!("no labour column for {other:?} outputs"),
            }
        }
        let mut t = Table::default();
        t.push("strategy", Column::Str(strategy));
        t.push("role", Column::Str(role));
        t.push("year", Column::I64(year));
        t.push("mean_hours", Column::F64(hours));
        t.push("mean_fte", Column::F64(fte));
        t.push("prob_over_capacity", Column::F64(over));
        t
    }

    /// Sensitivity of `output` to every uncertain input (`input`, its `label`): Spearman rank
    /// correlation and the decile swing (the output's mean over the trials where the input
    /// is in its lowest and in its highest decile), sorted by swing.
    /// `None` when `output` is not an output name.
    pub fn sensitivity(&self, output: &str) -> Option<Table> {
        let y = self.output(output)?;
        let mut rows: Vec<(String, Option<f64>, Option<crate::stats::TornadoRow>)> = self
            .inputs
            .par_iter()
            .map(|(k, x)| (k.clone(), spearman(x, y), tornado(x, y)))
            .collect();
        rows.sort_by(|a, b| {
            let swing = |r: &Option<crate::stats::TornadoRow>| r.as_ref().map_or(0.0, |t| t.swing);
            swing(&b.2)
                .total_cmp(&swing(&a.2))
                .then_with(|| a.0.cmp(&b.0))
        });
        let g = |f: &dyn Fn(&crate::stats::TornadoRow) -> f64| {
            Column::OptF64(rows.iter().map(|r| r.2.as_ref().map(f)).collect())
        };
        let mut t = self.input_table(rows.iter().map(|r| &r.0));
        t.push(
            "spearman",
            Column::OptF64(rows.iter().map(|r| r.1).collect()),
        );
        t.push("low_value", g(&|r| r.low_value));
        t.push("high_value", g(&|r| r.high_value));
        t.push("low_mean", g(&|r| r.low_mean));
        t.push("high_mean", g(&|r| r.high_mean));
        t.push("swing", g(&|r| r.swing));
        Some(t)
    }

    /// A table whose first columns name `inputs`: `input` (path or parameter name) and
    /// `label` (the scenario's readable name for it).
    fn input_table<'a>(&self, inputs: impl Iterator<Item = &'a String> + Clone) -> Table {
        let mut t = Table::default();
        t.push("input", Column::Str(inputs.clone().cloned().collect()));
        t.push(
            "label",
            Column::Str(inputs.map(|k| self.scenario.input_label(k)).collect()),
        );
        t
    }

    /// Which inputs carry the upper tail of `output`: the trials at or above its
    /// `q`-quantile form the tail, and each input is scored by its mean percentile over
    /// them (0.5 when unrelated to the tail; see [`TailRow`]). Sorted by distance from 0.5,
    /// largest first; inputs that never change come last, with empty cells. Columns:
    /// `input`, `label` (as in [`SimResult::sensitivity`]), `tail_percentile`, `z`,
    /// `tail_mean`, `mean`, and, the same on every row,
    /// `cutoff` (the `q`-quantile) and `tail_trials`. `None` when `output` is not an output.
    pub fn tail_drivers(&self, output: &str, q: f64) -> Option<Table> {
        let y = self.output(output)?;
        let (tail, cutoff) = upper_tail(y, q)?;
        let in_tail = tail.iter().filter(|&&t| t).count() as i64;
        let mut rows: Vec<(String, Option<TailRow>)> = self
            .inputs
            .par_iter()
            .map(|(k, x)| (k.clone(), tail_row(x, &tail)))
            .collect();
        let distance = |r: &Option<TailRow>| r.as_ref().map(|t| (t.tail_percentile - 0.5).abs());
        rows.sort_by(|a, b| {
            let (da, db) = (distance(&a.1), distance(&b.1));
            db.unwrap_or(-1.0)
                .total_cmp(&da.unwrap_or(-1.0))
                .then_with(|| a.0.cmp(&b.0))
        });
        let g = |f: &dyn Fn(&TailRow) -> f64| {
            Column::OptF64(rows.iter().map(|r| r.1.as_ref().map(f)).collect())
        };
        let mut t = self.input_table(rows.iter().map(|r| &r.0));
        t.push("tail_percentile", g(&|r| r.tail_percentile));
        t.push("z", g(&|r| r.z));
        t.push("tail_mean", g(&|r| r.tail_mean));
        t.push("mean", g(&|r| r.mean));
        t.push("cutoff", Column::F64(vec![cutoff; rows.len()]));
        t.push("tail_trials", Column::I64(vec![in_tail; rows.len()]));
        Some(t)
    }

    /// Cumulative present-value cost of each strategy after each year 0..=T (year 0 is
    /// the one-time cost): mean, p5, p50, p95, plus the same for cumulative savings
    /// (strategy `"savings"`).
    /// The year costs are the outputs of [`View::Cumulative`] (`STRATEGY.year_cost.YEAR`).
    pub fn cumulative(&self) -> Table {
        let n = self.trials;
        // year_costs[strategy][year]: the registry lists them strategy by strategy, year
        // by year.
        let mut year_costs: Vec<Vec<&[f64]>> = vec![Vec::new(); self.strategies.len()];
        for o in outputs::of(self, View::Cumulative) {
            year_costs[o.at.strategy].push(o.values);
        }
        let mut series: Vec<(String, i64, Vec<f64>)> = Vec::new();
        for (s, years) in self.strategies.iter().zip(&year_costs) {
            let mut acc = s.one_time.clone();
            series.push((s.name.clone(), 0, acc.clone()));
            for (y, col) in years.iter().enumerate() {
                acc.iter_mut().zip(col.iter()).for_each(|(a, c)| *a += c);
                series.push((s.name.clone(), (y + 1) as i64, acc.clone()));
            }
        }
        let (b, a) = (self.baseline(), self.alternative());
        let (b_years, a_years) = (&year_costs[self.baseline], &year_costs[self.alternative]);
        let mut acc: Vec<f64> = (0..n).map(|i| b.one_time[i] - a.one_time[i]).collect();
        series.push((CUMULATIVE_SAVINGS.to_string(), 0, acc.clone()));
        for y in 0..self.horizon {
            for (i, v) in acc.iter_mut().enumerate() {
                *v += b_years[y][i] - a_years[y][i];
            }
            series.push((CUMULATIVE_SAVINGS.to_string(), (y + 1) as i64, acc.clone()));
        }
        let stats: Vec<Band> = series.par_iter().map(|(_, _, v)| Band::of(v)).collect();
        let mut t = Table::default();
        t.push(
            "strategy",
            Column::Str(series.iter().map(|s| s.0.clone()).collect()),
        );
        t.push("year", Column::I64(series.iter().map(|s| s.1).collect()));
        band_columns(&mut t, &stats);
        t
    }

    /// Distribution of the payback year: for each year 0..=T the probability that the
    /// alternative has paid back by then, plus the probability it never does.
    pub fn payback(&self) -> Table {
        let n = self.trials as f64;
        let mut year = Vec::new();
        let mut prob_by = Vec::new();
        for y in 0..=self.horizon {
            year.push(y as i64);
            let k = self
                .payback_year
                .iter()
                .filter(|&&p| p >= 0.0 && p <= y as f64)
                .count();
            prob_by.push(k as f64 / n);
        }
        let mut t = Table::default();
        t.push("year", Column::I64(year));
        t.push("prob_paid_back", Column::F64(prob_by));
        t
    }
}
