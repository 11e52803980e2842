//! The charts of a simulation result: turns a [`SimResult`] into chart data.
//!
//! Each function picks the numbers a chart shows; [`crate::chart::render`] draws them.

use crate::chart::{
    BreakdownData, ChartSpec, CumulativeData, CumulativeSeries, ExceedanceData, NamedSample,
    Provenance, SavingsData, TornadoData, TornadoRow,
};
use crate::model::outputs::{self, Unit};
use crate::model::SimResult;
use crate::stats::stable_sum;
use crate::table::Table;

pub mod break_even;
pub mod convergence;
pub mod fit;
pub mod sensitivity;
pub mod sweep;
pub mod value_of_information;

/// The chart kinds a result can draw.
pub const RESULT_CHARTS: [&str; 6] = [
    "savings",
    "exceedance",
    "tornado",
    "breakdown",
    "cumulative",
    "attribution",
];

/// Provenance printed on every chart of `r`.
pub fn provenance(r: &SimResult) -> Provenance {
    Provenance::new(
        r.seed,
        r.trials as u64,
        r.method.as_str(),
        &r.scenario.content_hash(),
    )
}

fn years_text(r: &SimResult) -> String {
    if r.horizon == 1 {
        "1 year".to_string()
    } else {
        format!("{} years", r.horizon)
    }
}

/// The per-trial values of output `name` ([`SimResult::outputs`]) for `chart`; an unknown
/// name is an error naming it and listing the outputs there are.
fn output_values<'a>(r: &'a SimResult, name: &str, chart: &str) -> Result<&'a [f64], String> {
    r.output(name).ok_or_else(|| {
        let known: Vec<String> = r.outputs().into_iter().map(|(n, _)| n).collect();
        format!(
            "unknown output {name:?} for the {chart} chart (outputs: {})",
            known.join(", ")
        )
    })
}

/// Column `name` of `table` (what `get` reads), or an error naming the column: a chart never
/// draws an empty default in place of a column that is not there.
fn column<'a, T: ?Sized>(
    table: &'a Table,
    what: &str,
    name: &str,
    get: impl Fn(&'a Table, &str) -> Option<&'a T>,
) -> Result<&'a T, String> {
    get(table, name).ok_or_else(|| format!("the {what} table has no column {name:?}"))
}

/// Histogram of savings with p5, median, p95 and an optional threshold.
pub fn savings(r: &SimResult, threshold: Option<f64>) -> ChartSpec {
    ChartSpec::Savings(SavingsData {
        values: r.savings.clone(),
        label: format!(
            "Savings over {} ({} − {})",
            years_text(r),
            r.baseline().name,
            r.alternative().name
        ),
        quantity: outputs::SAVINGS.to_string(),
        threshold,
    })
}

/// The outputs an exceedance chart draws by default: savings alone. Strategy totals run to
/// many times the savings (shared risks and running costs count in both), so on one axis
/// with them the savings curve would be squeezed into a sliver; they are drawn when asked for.
pub const EXCEEDANCE_DEFAULT: &[&str] = &["savings"];

/// Exceedance curves P(X > x) of `outputs` (names of [`SimResult::outputs`], by default
/// [`EXCEEDANCE_DEFAULT`]), with a line at `threshold` (labelled "threshold $150K") when
/// given, else at zero. An unknown output name is an error listing the outputs.
pub fn exceedance(
    r: &SimResult,
    threshold: Option<f64>,
    outputs: &[String],
) -> Result<ChartSpec, String> {
    let names: Vec<String> = if outputs.is_empty() {
        EXCEEDANCE_DEFAULT.iter().map(|s| s.to_string()).collect()
    } else {
        outputs.to_vec()
    };
    let mut series = Vec::with_capacity(names.len());
    for name in &names {
        let values = output_values(r, name, "exceedance")?;
        series.push(NamedSample {
            name: outputs::label(name),
            values: values.to_vec(),
        });
    }
    // The axis says "per year" when every curve is an amount a year (by the outputs' units).
    let per_year = names
        .iter()
        .all(|n| outputs::find(n).is_some_and(|(def, _)| def.unit == Unit::CurrencyPerYear));
    Ok(ChartSpec::Exceedance(ExceedanceData {
        series,
        x_label: if per_year {
            "Amount per year (present value over the horizon, divided by its years)".into()
        } else {
            format!("Amount over {} (present value)", years_text(r))
        },
        marker: Some(threshold.unwrap_or(0.0)),
        marker_label: threshold
            .map(|t| format!("threshold {}", crate::money::format_money(t, r.currency()))),
    }))
}

/// Tornado of conditional means by decile of `output` for its most influential inputs (at
/// most `max_rows`): each bar ends at the output's mean over the trials with the input in
/// its lowest or highest decile, written as money; the reference line is the output's
/// mean. Inputs are named by their labels ([`crate::scenario::Scenario::input_label`]).
/// An unknown `output`, or no uncertain input, is an error saying which.
pub fn tornado(r: &SimResult, output: &str, max_rows: usize) -> Result<ChartSpec, String> {
    let y = output_values(r, output, "tornado")?;
    let none = || format!("no tornado for output {output:?}: no input is uncertain");
    let table = r.sensitivity(output).ok_or_else(none)?;
    if table.height() == 0 {
        return Err(none());
    }
    let names = column(&table, "sensitivity", "input", Table::strs)?;
    let col = |name: &str| column(&table, "sensitivity", name, Table::opt_f64s);
    let (low_m, high_m) = (col("low_mean")?, col("high_mean")?);
    let rows: Vec<TornadoRow> = (0..names.len())
        .filter_map(|i| {
            Some(TornadoRow::new(
                &r.scenario.input_label(&names[i]),
                low_m[i]?,
                high_m[i]?,
            ))
        })
        .collect();
    if rows.is_empty() {
        return Err(none());
    }
    let words = outputs::label(output);
    Ok(ChartSpec::Tornado(TornadoData {
        rows,
        baseline: stable_sum(y) / y.len() as f64,
        reference_label: format!("mean {words}"),
        x_label: format!(
            "Mean {words} over {}: trials with the input in its lowest vs highest decile",
            years_text(r)
        ),
        low_label: "input in its lowest decile".into(),
        high_label: "input in its highest decile".into(),
        max_rows: Some(max_rows.max(1)),
    }))
}

/// Most stacked segments a breakdown shows; smaller activities merge into "other
/// activities" so that every segment keeps a colour of its own.
pub const MAX_BREAKDOWN_SEGMENTS: usize = crate::chart::OKABE_ITO.len();

/// Stacked bars: each strategy's mean present-value cost by activity, the largest
/// activities (over both strategies) shown on their own and the rest merged.
pub fn breakdown(r: &SimResult) -> ChartSpec {
    // The activity-year costs of the output registry, with each one's activity name.
    let detail = r.detail();
    let costs: Vec<(usize, &str, &[f64])> = outputs::of(r, outputs::View::Breakdown)
        .into_iter()
        .map(|o| {
            let name = detail[o.at.strategy].activities[o.at.activity]
                .name
                .as_str();
            (o.at.strategy, name, o.values)
        })
        .collect();
    let mut names: Vec<String> = Vec::new();
    for (_, name, _) in &costs {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    let n = r.trials as f64;
    let mean_of = |strategy: usize, name: &str| -> f64 {
        costs
            .iter()
            .filter(|(s, a, _)| *s == strategy && *a == name)
            .map(|(_, _, col)| stable_sum(col) / n)
            .sum()
    };
    let per: Vec<Vec<f64>> = (0..detail.len())
        .map(|s| names.iter().map(|name| mean_of(s, name)).collect())
        .collect();
    // Rank activities by their largest mean cost in any strategy.
    let mut order: Vec<usize> = (0..names.len()).collect();
    let size = |i: usize| per.iter().map(|row| row[i].abs()).fold(0.0, f64::max);
    order.sort_by(|&a, &b| size(b).total_cmp(&size(a)).then(a.cmp(&b)));
    let (shown, merged) = if names.len() > MAX_BREAKDOWN_SEGMENTS {
        order.split_at(MAX_BREAKDOWN_SEGMENTS - 1)
    } else {
        (order.as_slice(), &[][..])
    };
    // Activities are named by their label, from whichever strategy gives one.
    let label = |name: &str| -> String {
        r.scenario
            .strategies
            .values()
            .flat_map(|s| &s.activities)
            .filter(|a| a.name == name)
            .find_map(|a| a.label.clone())
            .unwrap_or_else(|| name.to_string())
    };
    let mut activities: Vec<String> = shown.iter().map(|&i| label(&names[i])).collect();
    if !merged.is_empty() {
        activities.push(format!("{} other activities", merged.len()));
    }
    let values = per
        .iter()
        .map(|row| {
            let mut v: Vec<f64> = shown.iter().map(|&i| row[i]).collect();
            if !merged.is_empty() {
                v.push(merged.iter().map(|&i| row[i]).sum());
            }
            v
        })
        .collect();
    ChartSpec::Breakdown(BreakdownData {
        strategies: r.strategies.iter().map(|s| s.name.clone()).collect(),
        activities,
        values,
        y_label: format!("Mean cost over {} (present value)", years_text(r)),
    })
}

/// One stacked bar of the mean saving split by practice ([`SimResult::attribution_table`]):
/// a segment per practice the baseline or the alternative uses (Repave, Rotate, Repair,
/// other), negative parts below zero, the net mean saving written on top.
pub fn attribution(r: &SimResult) -> ChartSpec {
    let table = r.attribution_table();
    let practices = table.strs("practice").unwrap_or(&[]);
    let means = table.f64s("mean").unwrap_or(&[]);
    let title = |p: &String| {
        crate::scenario::Practice::parse(p).map_or_else(|| p.clone(), |p| p.title().to_string())
    };
    ChartSpec::Attribution(BreakdownData {
        strategies: vec![format!(
            "Savings ({} − {})",
            r.baseline().name,
            r.alternative().name
        )],
        activities: practices.iter().map(title).collect(),
        values: vec![means.to_vec()],
        y_label: format!("Mean savings over {} (present value)", years_text(r)),
    })
}

/// Cumulative cost per strategy with p5–p95 bands (from [`SimResult::cumulative`]), and
/// the payback year of the median cumulative saving marked (the first year from which it
/// stays non-negative, [`crate::model::payback_year`]).
pub fn cumulative(r: &SimResult) -> Result<ChartSpec, String> {
    let table = r.cumulative();
    let names = column(&table, "cumulative", "strategy", Table::strs)?;
    // Rows come per strategy (and then "savings"), years 0..=T in order.
    let curve = |name: &str, stat: &str| -> Result<Vec<f64>, String> {
        let values = column(&table, "cumulative", stat, Table::f64s)?;
        let v: Vec<f64> = names
            .iter()
            .zip(values)
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .collect();
        if v.is_empty() {
            return Err(format!("the cumulative table has no rows for {name:?}"));
        }
        Ok(v)
    };
    let series = r
        .strategies
        .iter()
        .map(|s| {
            Ok(CumulativeSeries::new(
                &s.name,
                curve(&s.name, "p5")?,
                curve(&s.name, "p50")?,
                curve(&s.name, "p95")?,
            ))
        })
        .collect::<Result<_, String>>()?;
    let (b, a) = (r.baseline(), r.alternative());
    let median_savings = curve(crate::model::CUMULATIVE_SAVINGS, "p50")?;
    // With no up-front cost on either side there is nothing to pay back: no marker.
    let up_front = b.one_time.iter().chain(&a.one_time).any(|&v| v != 0.0);
    let payback = if up_front {
        crate::model::payback_year(median_savings.iter().copied())
    } else {
        None
    };
    Ok(ChartSpec::Cumulative(CumulativeData {
        series,
        y_label: "Cumulative cost (present value)".into(),
        x_label: "Year".into(),
        payback_year: payback.map(|y| y as f64),
        payback_label: match payback {
            Some(y) => Some(format!("median payback of {}: year {y}", a.name)),
            None if up_front => Some(format!(
                "{} does not pay back within {} (median)",
                a.name,
                years_text(r)
            )),
            None => None,
        },
    }))
}

/// The chart `kind` (one of [`RESULT_CHARTS`]) of `r`. `threshold` applies to `savings`
/// and `exceedance`, `outputs` to `exceedance` (empty: its default), `output` and
/// `max_rows` to `tornado`.
pub fn result_chart(
    r: &SimResult,
    kind: &str,
    threshold: Option<f64>,
    output: &str,
    outputs: &[String],
    max_rows: usize,
) -> Result<ChartSpec, String> {
    if let Some(t) = threshold.filter(|t| !t.is_finite()) {
        return Err(format!("threshold must be a finite number, got {t}"));
    }
    match kind {
        "savings" => Ok(savings(r, threshold)),
        "exceedance" => exceedance(r, threshold, outputs),
        "tornado" => tornado(r, output, max_rows),
        "breakdown" => Ok(breakdown(r)),
        "cumulative" => cumulative(r),
        "attribution" => Ok(attribution(r)),
        other => Err(format!(
            "unknown chart {other:?} (charts: {})",
            RESULT_CHARTS.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::chart::{render, ChartOptions, Format};
    use crate::model::{simulate, Plan};
    use crate::sampling::{Control, Method};

    #[test]
    fn every_result_chart_renders_for_a_preset() {
        let plan = Arc::new(Plan::new(&crate::presets::load("customer_repave").unwrap()).unwrap());
        let r = simulate(&plan, 2000, 0, Method::Random, &Control::new()).unwrap();
        let prov = provenance(&r);
        for kind in RESULT_CHARTS {
            let spec = result_chart(&r, kind, Some(150_000.0), "savings", &[], 10).unwrap();
            let svg = render(&spec, &ChartOptions::default(), &prov, Format::Svg).unwrap();
            assert!(String::from_utf8(svg).unwrap().contains("<svg"), "{kind}");
        }
        assert!(result_chart(&r, "pie", None, "savings", &[], 10).is_err());
    }

    #[test]
    fn result_charts_read_kinds_labels_and_missing_outputs_from_the_registry() {
        let plan = Arc::new(Plan::new(&crate::presets::load("customer_repave").unwrap()).unwrap());
        let r = simulate(&plan, 200, 0, Method::Random, &Control::new()).unwrap();
        let x_label = |names: &[&str]| {
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            match exceedance(&r, None, &names).unwrap() {
                ChartSpec::Exceedance(d) => (d.x_label, d.series[0].name.clone()),
                _ => panic!("not an exceedance chart"),
            }
        };
        let (per_year, name) = x_label(&["savings_per_year"]);
        assert!(per_year.starts_with("Amount per year"), "{per_year}");
        assert_eq!(name, "savings per year");
        let (whole, _) = x_label(&["savings_per_year", "savings"]);
        assert!(whole.starts_with("Amount over 3 years"), "{whole}");
        let total = format!("{}.total", r.baseline().name);
        assert_eq!(
            x_label(&[&total]).1,
            format!("{} total cost", r.baseline().name)
        );
        for kind in ["tornado", "exceedance"] {
            let e = result_chart(&r, kind, None, "nope", &["nope".into()], 10).unwrap_err();
            assert!(
                e.starts_with(&format!("unknown output \"nope\" for the {kind} chart"))
                    && e.contains("savings_per_year"),
                "{e}"
            );
        }
    }

    #[test]
    fn breakdown_bars_add_up_to_mean_totals() {
        let plan = Arc::new(Plan::new(&crate::presets::load("fleet").unwrap()).unwrap());
        let r = simulate(&plan, 500, 0, Method::Random, &Control::new()).unwrap();
        let ChartSpec::Breakdown(d) = breakdown(&r) else {
            panic!("not a breakdown")
        };
        assert!(d.activities.len() <= MAX_BREAKDOWN_SEGMENTS);
        for (s, row) in r.strategies.iter().zip(&d.values) {
            let mean_total = stable_sum(&s.total) / 500.0;
            let bars: f64 = row.iter().sum();
            assert!((bars - mean_total).abs() <= 1e-9 * mean_total.abs());
        }
    }
}
