//! What each uncertain input of a compiled scenario implies: its family and parameters,
//! its exact mean, standard deviation and quantiles, and the fields that use it.
//!
//! One row per input column of the plan, in the trial table's column order. The moments
//! are the families' closed forms ([`Dist::mean`], [`Dist::variance`]) and the quantiles
//! their exact inverse CDFs ([`Dist::ppf`]); nothing is sampled. `Scenario.inputs()`, the
//! `repave-cost check` command and the report's inputs section read this table.

use super::Plan;
use crate::distributions::{Dist, FieldValue};
use crate::scenario::Scenario;
use crate::table::{Column, Table};

/// The quantiles every row gives: column name and level.
pub const INPUT_QUANTILES: [(&str, f64); 5] = [
    ("p1", 0.01),
    ("p5", 0.05),
    ("p50", 0.5),
    ("p95", 0.95),
    ("p99", 0.99),
];

/// Lists longer than this are shown by their length in the parameters text.
const LIST_SHOWN: usize = 6;

/// What one uncertain input implies.
#[derive(Clone, Debug, PartialEq)]
pub struct InputRow {
    /// The input's key: a parameter name or a field path (the trial table's column name).
    pub key: String,
    /// What charts and reports call it.
    pub label: String,
    /// `"parameter"` for a `[parameters]` entry, `"field"` for a distribution written in a
    /// field.
    pub kind: &'static str,
    /// The family's file name (`"lognormal_ci90"`).
    pub family: &'static str,
    /// The family's parameters as written (`"p5 = 2000, p95 = 60000"`).
    pub parameters: String,
    /// The exact mean.
    pub mean: f64,
    /// The exact standard deviation.
    pub sd: f64,
    /// The exact quantiles at the levels of [`INPUT_QUANTILES`], in that order.
    pub quantiles: [f64; 5],
    /// The paths of the fields whose values it is (through parameter aliases too).
    pub used_by: Vec<String>,
}

impl InputRow {
    /// The quantile called `name` (`"p50"`), if it is one of [`INPUT_QUANTILES`].
    pub fn quantile(&self, name: &str) -> Option<f64> {
        INPUT_QUANTILES
            .iter()
            .position(|(n, _)| *n == name)
            .map(|i| self.quantiles[i])
    }
}

/// The parameters of `dist` as `name = value` pairs in declaration order, defaults left
/// out; a list longer than `LIST_SHOWN` (this module's) shows its length only.
pub fn parameters_text(dist: &Dist) -> String {
    dist.spec()
        .present_fields()
        .into_iter()
        .map(|(def, value)| match value {
            FieldValue::Number(x) => format!("{} = {x}", def.name),
            FieldValue::Numbers(xs) if xs.len() > LIST_SHOWN => {
                format!("{} = [{} values]", def.name, xs.len())
            }
            FieldValue::Numbers(xs) => {
                let shown: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
                format!("{} = [{}]", def.name, shown.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The input key of the field at `path`: the path itself, except that an activity's field
/// is keyed by the activity's name (`strategies.repave.activities[2].hours` →
/// `strategies.repave.rebuild nodes.hours`), as the plan's strategies pass keys it.
fn field_key(scenario: &Scenario, path: &str) -> String {
    let activity = path.strip_prefix("strategies.").and_then(|rest| {
        let (strategy, after) = rest.split_once(".activities[")?;
        let (index, field) = after.split_once("].")?;
        let index: usize = index.parse().ok()?;
        let name = &scenario
            .strategies
            .get(strategy)?
            .activities
            .get(index)?
            .name;
        Some(format!("strategies.{strategy}.{name}.{field}"))
    });
    activity.unwrap_or_else(|| path.to_string())
}

/// One row per input column of `plan`, in column order.
pub fn input_rows(plan: &Plan) -> Vec<InputRow> {
    let scenario: &Scenario = &plan.scenario;
    let parameter_uses = scenario.parameter_uses();
    let fields: Vec<(String, String)> = scenario
        .numeric_fields()
        .into_iter()
        .map(|(path, _)| (field_key(scenario, &path), path))
        .collect();
    plan.inputs
        .iter()
        .map(|input| {
            let dist = &input.dist;
            let is_parameter = scenario.parameters.contains_key(&input.key);
            let used_by = if is_parameter {
                parameter_uses
                    .get(input.key.as_str())
                    .cloned()
                    .unwrap_or_default()
            } else {
                fields
                    .iter()
                    .filter(|(key, _)| *key == input.key)
                    .map(|(_, path)| path.clone())
                    .collect()
            };
            let quantiles = INPUT_QUANTILES.map(|(_, q)| dist.ppf_unchecked(q));
            InputRow {
                key: input.key.clone(),
                label: scenario.input_label(&input.key),
                kind: if is_parameter { "parameter" } else { "field" },
                family: dist.spec().family(),
                parameters: parameters_text(dist),
                mean: dist.mean().unwrap_or(f64::NAN),
                sd: dist.variance().unwrap_or(f64::NAN).max(0.0).sqrt(),
                quantiles,
                used_by,
            }
        })
        .collect()
}

/// The column names of [`inputs_table`], in order.
pub const INPUT_COLUMNS: [&str; 13] = [
    "input",
    "label",
    "kind",
    "family",
    "parameters",
    "mean",
    "sd",
    "p1",
    "p5",
    "p50",
    "p95",
    "p99",
    "used_by",
];

/// The rows of [`input_rows`] as a table with the columns of [`INPUT_COLUMNS`];
/// `used_by` joins the paths with `"; "`.
pub fn inputs_table(plan: &Plan) -> Table {
    let rows = input_rows(plan);
    let text = |f: &dyn Fn(&InputRow) -> String| Column::Str(rows.iter().map(f).collect());
    let number = |f: &dyn Fn(&InputRow) -> f64| Column::F64(rows.iter().map(f).collect());
    let mut table = Table::default();
    table.push("input", text(&|r| r.key.clone()));
    table.push("label", text(&|r| r.label.clone()));
    table.push("kind", text(&|r| r.kind.to_string()));
    table.push("family", text(&|r| r.family.to_string()));
    table.push("parameters", text(&|r| r.parameters.clone()));
    table.push("mean", number(&|r| r.mean));
    table.push("sd", number(&|r| r.sd));
    for (i, (name, _)) in INPUT_QUANTILES.iter().enumerate() {
        table.push(name, number(&|r| r.quantiles[i]));
    }
    table.push("used_by", text(&|r| r.used_by.join("; ")));
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn plan(text: &str) -> Arc<Plan> {
        Arc::new(Plan::new(&Scenario::from_toml(text).unwrap()).unwrap())
    }

    const SCENARIO: &str = r#"
        [parameters]
        rebuild = { dist = "lognormal_ci90", p5 = 2, p95 = 8 }
        alias = "rebuild"
        [fleet]
        nodes = { dist = "uniform", low = 10, high = 20 }
        [staffing.sre]
        rate = 100
        headcount = 1
        [[strategies.repave.activities]]
        name = "rebuild nodes"
        driver = "per_node"
        cycles_per_year = 12
        hours = "alias"
        role = "sre"
        [[strategies.repave.activities]]
        name = "patch"
        driver = "per_node"
        cycles_per_year = 4
        hours = { dist = "pert", low = 1, mode = 2, high = 6 }
        cost = "rebuild"
        role = "sre"
        [strategies.immutable]
        [comparison]
        baseline = "repave"
        alternative = "immutable"
    "#;

    #[test]
    fn one_row_per_input_in_column_order_with_the_fields_using_it() {
        let plan = plan(SCENARIO);
        let rows = input_rows(&plan);
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        let columns: Vec<&str> = plan.inputs.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, columns);
        assert_eq!(
            keys,
            ["rebuild", "fleet.nodes", "strategies.repave.patch.hours"]
        );
        assert_eq!(rows[0].kind, "parameter");
        assert_eq!(
            rows[0].used_by,
            [
                "strategies.repave.activities[0].hours",
                "strategies.repave.activities[1].cost"
            ]
        );
        assert_eq!(rows[1].kind, "field");
        assert_eq!(rows[1].used_by, ["fleet.nodes"]);
        assert_eq!(rows[2].used_by, ["strategies.repave.activities[1].hours"]);
        assert_eq!(rows[2].parameters, "low = 1, mode = 2, high = 6");
        assert_eq!(rows[0].parameters, "p5 = 2, p95 = 8");
    }

    #[test]
    fn moments_and_quantiles_are_the_closed_forms() {
        let rows = input_rows(&plan(SCENARIO));
        // Uniform(10, 20): mean 15, sd 10/sqrt(12), p-quantile 10 + 10p.
        let u = &rows[1];
        assert!((u.mean - 15.0).abs() < 1e-12);
        assert!((u.sd - 10.0 / 12f64.sqrt()).abs() < 1e-12);
        for ((_, q), x) in INPUT_QUANTILES.iter().zip(u.quantiles) {
            assert!((x - (10.0 + 10.0 * q)).abs() < 1e-9, "{q}: {x}");
        }
        // Lognormal from its 90% interval: the 5th and 95th percentiles are the bounds,
        // the median their geometric mean.
        let l = &rows[0];
        assert!((l.quantile("p5").unwrap() - 2.0).abs() < 1e-9);
        assert!((l.quantile("p95").unwrap() - 8.0).abs() < 1e-9);
        assert!((l.quantile("p50").unwrap() - 4.0).abs() < 1e-9);
        // PERT(1, 2, 6): mean (1 + 4·2 + 6)/6 = 2.5.
        assert!((rows[2].mean - 2.5).abs() < 1e-12);
    }

    #[test]
    fn long_lists_show_their_length() {
        let dist = crate::distributions::DistSpec::Empirical {
            samples: (0..10).map(f64::from).collect(),
        }
        .build()
        .unwrap();
        assert_eq!(parameters_text(&dist), "samples = [10 values]");
        let dist = crate::distributions::DistSpec::Discrete {
            values: vec![1.0, 2.5],
            weights: None,
        }
        .build()
        .unwrap();
        assert_eq!(parameters_text(&dist), "values = [1, 2.5]");
    }

    #[test]
    fn the_table_has_every_column_once_row_per_input() {
        let table = inputs_table(&plan(SCENARIO));
        let names: Vec<&str> = table.columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, INPUT_COLUMNS);
        assert!(table.columns.iter().all(|(_, c)| c.len() == 3));
    }
}
