//! Sweep charts read from a real sweep table: the numbers drawn are found again by
//! scanning the table's columns by hand, and the texts are written out from the rules.

use std::sync::OnceLock;

use serde_json::{json, Value};

use super::*;
use crate::model::sweep;
use crate::sampling::{Control, Method};

struct Fixture {
    scenario: Scenario,
    axes: Vec<GridAxis>,
    table: Table,
    threshold: Threshold,
}

impl Fixture {
    fn view(&self) -> SweepView<'_> {
        SweepView {
            scenario: &self.scenario,
            axes: &self.axes,
            table: &self.table,
            threshold: &self.threshold,
        }
    }
}

fn run(axes: Vec<GridAxis>, threshold: Threshold) -> Fixture {
    let scenario = crate::presets::load("fleet").unwrap();
    let table = sweep(
        &scenario,
        &axes,
        100,
        5,
        Method::Random,
        &threshold,
        &Control::new(),
    )
    .unwrap();
    Fixture {
        scenario,
        axes,
        table,
        threshold,
    }
}

/// The fleet preset over a linked fleet axis, SRE headcount and the discount rate.
fn three_axes() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let fleets = vec![
            vec![json!(10), json!(2), json!(1)],
            vec![json!(100), json!(20), json!(2)],
            vec![json!(1000), json!(200), json!(10)],
        ];
        run(
            vec![
                GridAxis::linked(&["fleet.nodes", "fleet.services", "fleet.clusters"], fleets),
                GridAxis::new("staffing.sre.headcount", vec![json!(1), json!(4)]),
                GridAxis::new("settings.discount_rate", vec![json!(0.1), json!(0.3)]),
            ],
            Threshold::savings(1_000.0),
        )
    })
}

fn at(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
    pairs
        .iter()
        .map(|(p, v)| (p.to_string(), v.clone()))
        .collect()
}

/// Statistic `stat` of `output` in the one table row where every `(column, value)` holds.
fn table_value(t: &Table, output: &str, wanted: &[(&str, f64)], stat: &str) -> f64 {
    let outputs = t.strs("output").unwrap();
    let number = |name: &str, row: usize| match t.get(name).unwrap() {
        Column::I64(v) => v[row] as f64,
        Column::F64(v) => v[row],
        Column::OptF64(v) => v[row].unwrap(),
        Column::Str(_) => panic!("{name} is text"),
    };
    let rows: Vec<usize> = (0..outputs.len())
        .filter(|&r| outputs[r] == output && wanted.iter().all(|(c, v)| number(c, r) == *v))
        .collect();
    assert_eq!(rows.len(), 1, "{output} {wanted:?}");
    number(stat, rows[0])
}

fn lines_data(chart: &SweepChart) -> &SweepLinesData {
    match &chart.spec {
        ChartSpec::SweepLines(d) => d,
        other => panic!("not lines: {other:?}"),
    }
}

fn heatmap_data(chart: &SweepChart) -> &HeatmapData {
    match &chart.spec {
        ChartSpec::Heatmap(d) => d,
        other => panic!("not a heatmap: {other:?}"),
    }
}

#[test]
fn lines_hold_the_other_axes_and_draw_exactly_the_held_rows() {
    let f = three_axes();
    let held = at(&[("settings.discount_rate", json!(0.3))]);
    let req = LinesRequest {
        x: Some("fleet.nodes"),
        by: Some("staffing.sre.headcount"),
        at: &held,
        ..LinesRequest::default()
    };
    let chart = lines(&f.view(), &req).unwrap();
    let d = lines_data(&chart);
    assert_eq!(d.x, vec![10.0, 100.0, 1000.0]);
    assert_eq!(d.x_label, "Nodes (with Services, Clusters)");
    assert_eq!(d.series_label, "sre headcount");
    assert_eq!(d.y_label, "Savings over 3 years");
    assert_eq!(chart.currency, "USD");
    let names: Vec<&str> = d.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["sre headcount = 1", "sre headcount = 4"]);
    for (series, heads) in d.series.iter().zip([1.0, 4.0]) {
        for (i, nodes) in [10.0, 100.0, 1000.0].into_iter().enumerate() {
            let point = [
                ("fleet.nodes", nodes),
                ("staffing.sre.headcount", heads),
                ("settings.discount_rate", 0.3),
            ];
            for (stat, drawn) in [
                ("p5", &series.p5),
                ("p50", &series.p50),
                ("p95", &series.p95),
            ] {
                assert_eq!(drawn[i], table_value(&f.table, "savings", &point, stat));
            }
        }
    }
    assert_eq!(chart.held, ["Discount rate = 0.3"]);
    assert_eq!(
        chart.subtitle(None).as_deref(),
        Some("At Discount rate = 0.3")
    );
    assert_eq!(chart.subtitle(Some("Mine".into())).as_deref(), Some("Mine"));
    // Holding the other step draws other numbers: nothing is averaged over the axis.
    let other = at(&[("settings.discount_rate", json!(0.1))]);
    let chart_01 = lines(&f.view(), &LinesRequest { at: &other, ..req }).unwrap();
    assert_ne!(lines_data(&chart_01).series, d.series);
}

#[test]
fn an_axis_neither_shown_nor_held_is_an_error_that_says_how_to_hold_it() {
    let f = three_axes();
    let err = lines(&f.view(), &LinesRequest::default()).unwrap_err();
    assert_eq!(err.field, "at");
    assert!(err.message.contains("3 grid axes"), "{}", err.message);
    assert!(
        err.message.contains(
            "hold settings.discount_rate at one value with at={'settings.discount_rate': 0.1}"
        ),
        "{}",
        err.message
    );
    let err = heatmap(&f.view(), &HeatmapRequest::default()).unwrap_err();
    assert!(
        err.message.contains("settings.discount_rate"),
        "{}",
        err.message
    );
}

#[test]
fn any_path_of_a_linked_axis_holds_it_and_moves_the_default_axes() {
    let f = three_axes();
    let by_services = at(&[("fleet.services", json!(20))]);
    assert_eq!(
        f.view().default_pair(None, &by_services).unwrap(),
        (
            "staffing.sre.headcount".to_string(),
            Some("settings.discount_rate".to_string())
        )
    );
    let chart = lines(
        &f.view(),
        &LinesRequest {
            at: &by_services,
            ..LinesRequest::default()
        },
    )
    .unwrap();
    let d = lines_data(&chart);
    assert_eq!(d.x, vec![1.0, 4.0]);
    assert_eq!(d.x_label, "sre headcount");
    assert_eq!(d.series_label, "Discount rate");
    assert_eq!(chart.held, ["Nodes = 100, Services = 20, Clusters = 2"]);
    // Two held axes: one line, named by the output, and both axes in the subtitle.
    let both = at(&[
        ("fleet.services", json!(20)),
        ("settings.discount_rate", json!(0.1)),
    ]);
    let req = LinesRequest {
        x: Some("staffing.sre.headcount"),
        at: &both,
        ..LinesRequest::default()
    };
    let chart = lines(&f.view(), &req).unwrap();
    assert_eq!(lines_data(&chart).series.len(), 1);
    assert_eq!(lines_data(&chart).series[0].name, "savings");
    assert_eq!(
        chart.subtitle(None).as_deref(),
        Some("At Nodes = 100, Services = 20, Clusters = 2; Discount rate = 0.1")
    );
    // 10 and 10.0 are the same grid value.
    let float = at(&[
        ("fleet.nodes", json!(100.0)),
        ("settings.discount_rate", json!(0.1)),
    ]);
    let req = LinesRequest { at: &float, ..req };
    assert_eq!(lines(&f.view(), &req).unwrap().held, chart.held);
}

#[test]
fn heatmap_cells_are_the_held_table_values_with_every_linked_value_in_the_labels() {
    let f = three_axes();
    let held = at(&[("staffing.sre.headcount", json!(4))]);
    let req = HeatmapRequest {
        x: Some("fleet.clusters"),
        y: Some("settings.discount_rate"),
        value: "p50",
        at: &held,
        ..HeatmapRequest::default()
    };
    let chart = heatmap(&f.view(), &req).unwrap();
    let d = heatmap_data(&chart);
    assert_eq!(
        d.x_labels,
        ["10 / 2 / 1", "100 / 20 / 2", "1,000 / 200 / 10"]
    );
    assert_eq!(d.y_labels, ["0.1", "0.3"]);
    assert_eq!(d.x_label, "Nodes / Services / Clusters");
    assert_eq!(d.y_label, "Discount rate");
    assert_eq!(d.scale_label, "p50 of savings");
    assert_eq!(d.kind, HeatmapValues::Money);
    for (row, rate) in d.values.iter().zip([0.1, 0.3]) {
        for (cell, nodes) in row.iter().zip([10.0, 100.0, 1000.0]) {
            let point = [
                ("fleet.nodes", nodes),
                ("staffing.sre.headcount", 4.0),
                ("settings.discount_rate", rate),
            ];
            assert_eq!(*cell, table_value(&f.table, "savings", &point, "p50"));
        }
    }
    let req = HeatmapRequest {
        value: "prob_above",
        ..req
    };
    let chart = heatmap(&f.view(), &req).unwrap();
    let d = heatmap_data(&chart);
    assert_eq!(d.kind, HeatmapValues::Probability);
    assert_eq!(d.scale_label, "P(savings > $1K)");
    let point = [
        ("fleet.nodes", 1000.0),
        ("staffing.sre.headcount", 4.0),
        ("settings.discount_rate", 0.3),
    ];
    assert_eq!(
        d.values[1][2],
        table_value(&f.table, "savings", &point, "prob_above")
    );
}

#[test]
fn fte_lines_are_drawn_without_a_currency_and_say_which_year() {
    let f = three_axes();
    let held = at(&[("settings.discount_rate", json!(0.1))]);
    let req = LinesRequest {
        output: "repave.fte.sre",
        at: &held,
        ..LinesRequest::default()
    };
    let chart = lines(&f.view(), &req).unwrap();
    assert_eq!(chart.currency, "");
    assert_eq!(lines_data(&chart).y_label, "FTE in year 3: repave sre FTE");
    let req = LinesRequest {
        output: "repave.total",
        ..req
    };
    let chart = lines(&f.view(), &req).unwrap();
    assert_eq!(chart.currency, "USD");
    assert_eq!(lines_data(&chart).y_label, "repave total cost over 3 years");
}

#[test]
fn bad_chart_arguments_name_the_argument_and_what_to_change() {
    let f = three_axes();
    let v = f.view();
    let rate = at(&[("settings.discount_rate", json!(0.1))]);
    let lines_with = |x: Option<&str>, by: Option<&str>, output: &str, at: &[(String, Value)]| {
        lines(&v, &LinesRequest { x, by, output, at }).unwrap_err()
    };
    let cases = [
        (
            lines_with(None, Some("fleet.clusters"), "savings", &rate),
            "by",
            "linked with x",
        ),
        (
            lines_with(
                None,
                None,
                "savings",
                &at(&[("settings.discount_rate", json!(0.2))]),
            ),
            "at",
            "'settings.discount_rate' = 0.2 is not one of its grid values (values: 0.1, 0.3)",
        ),
        (
            lines_with(
                Some("fleet.clusters"),
                None,
                "savings",
                &at(&[("fleet.nodes", json!(10))]),
            ),
            "at",
            "the chart shows",
        ),
        (
            lines_with(None, None, "savings", &at(&[("fleet.nodez", json!(10))])),
            "at",
            "at: 'fleet.nodez' is not a grid path (grid: fleet.nodes, fleet.services,",
        ),
        (
            lines_with(Some("nodes"), None, "savings", &rate),
            "x",
            "x: 'nodes' is not a grid path",
        ),
        (
            lines_with(None, None, "no_such_output", &rate),
            "output",
            "output: unknown output 'no_such_output'",
        ),
        (
            lines_with(
                Some("settings.discount_rate"),
                Some("staffing.sre.headcount"),
                "savings",
                &[],
            ),
            "at",
            "fleet.nodes",
        ),
    ];
    for (err, field, text) in cases {
        assert_eq!(err.field, field, "{}", err.message);
        assert!(
            err.message.contains(text),
            "{:?} lacks {text:?}",
            err.message
        );
    }
    let heat = |y: Option<&str>, value: &str, output: &str| {
        heatmap(
            &v,
            &HeatmapRequest {
                x: None,
                y,
                value,
                output,
                at: &rate,
            },
        )
        .unwrap_err()
    };
    assert!(heat(Some("fleet.services"), "p50", "savings")
        .message
        .contains("linked with x"));
    let err = heat(None, "median", "savings");
    assert_eq!(err.field, "value");
    assert!(
        err.message.contains("prob_above, mean, p5"),
        "{}",
        err.message
    );
    let err = heat(None, "prob_above", "repave.total");
    assert_eq!(err.field, "value");
    assert!(
        err.message.contains("threshold_output='repave.total'"),
        "{}",
        err.message
    );
}

#[test]
fn a_heatmap_needs_two_axes() {
    let f = run(
        vec![GridAxis::new("fleet.nodes", vec![json!(10), json!(20)])],
        Threshold::savings(0.0),
    );
    let err = heatmap(&f.view(), &HeatmapRequest::default()).unwrap_err();
    assert_eq!(err.field, "grid");
    assert!(err.message.contains("two grid axes"), "{}", err.message);
    let chart = lines(&f.view(), &LinesRequest::default()).unwrap();
    assert_eq!(lines_data(&chart).x, vec![10.0, 20.0]);
    assert!(chart.held.is_empty());
    assert_eq!(chart.subtitle(None), None);
}

#[test]
fn a_linked_path_with_repeated_values_cannot_be_a_chart_axis() {
    let f = run(
        vec![GridAxis::linked(
            &["fleet.nodes", "fleet.clusters"],
            vec![
                vec![json!(40), json!(2)],
                vec![json!(10), json!(1)],
                vec![json!(20), json!(1)],
            ],
        )],
        Threshold::savings(0.0),
    );
    let req = LinesRequest {
        x: Some("fleet.clusters"),
        ..LinesRequest::default()
    };
    let err = lines(&f.view(), &req).unwrap_err();
    assert_eq!(err.field, "x");
    assert!(
        err.message
            .contains("repeats values along its linked axis (2, 1, 1); use fleet.nodes"),
        "{}",
        err.message
    );
    // The other path draws, sorted along x.
    let chart = lines(&f.view(), &LinesRequest::default()).unwrap();
    let d = lines_data(&chart);
    assert_eq!(d.x, vec![10.0, 20.0, 40.0]);
    let p50 = |nodes| table_value(&f.table, "savings", &[("fleet.nodes", nodes)], "p50");
    assert_eq!(d.series[0].p50, vec![p50(10.0), p50(20.0), p50(40.0)]);
}

#[test]
fn cell_text_writes_grid_values_as_they_were_typed() {
    let cases = [
        (json!(1000), "1,000"),
        (json!(1000.0), "1,000"),
        (json!(-2500), "-2,500"),
        (json!(1234567890123_i64), "1,234,567,890,123"),
        (json!(1e20), "100,000,000,000,000,000,000"),
        (json!(0.1), "0.1"),
        (json!(2.5), "2.5"),
        (json!(1e-7), "1e-07"),
        (json!(1.5e-5), "1.5e-05"),
        (json!(true), "True"),
        (json!("incident_cost"), "incident_cost"),
        (
            json!({"dist": "fixed", "value": 2.0}),
            "{'dist': 'fixed', 'value': 2.0}",
        ),
        (json!([1, 0.5]), "[1, 0.5]"),
    ];
    for (value, text) in cases {
        assert_eq!(cell_text(&value), text, "{value}");
    }
    assert_eq!(float_text(1.5e16), "1.5e+16");
    assert_eq!(float_text(123.25), "123.25");
    assert_eq!(float_text(3.0), "3.0");
}

#[test]
fn grid_values_are_the_same_as_scenario_values() {
    assert!(same(&json!(10), &json!(10.0)));
    assert!(!same(&json!(true), &json!(1)));
    assert!(!same(&json!(1), &json!(2)));
    assert!(same(
        &json!({"dist": "uniform", "low": 1, "high": 2.0}),
        &json!({"dist": "uniform", "low": 1.0, "high": 2})
    ));
    assert!(!same(&json!({"low": 1}), &json!({"low": 1, "high": 2})));
    assert!(!same(&json!("a"), &json!("b")));
}

#[test]
fn single_step_axes_come_last_in_the_default_pair_and_need_no_holding() {
    let f = run(
        vec![
            GridAxis::new("staffing.sre.headcount", vec![json!(3)]),
            GridAxis::new("fleet.nodes", vec![json!(20), json!(10)]),
            GridAxis::new("settings.discount_rate", vec![json!(0.1), json!(0.2)]),
        ],
        Threshold::savings(0.0),
    );
    assert_eq!(
        f.view().default_pair(None, &[]).unwrap(),
        (
            "fleet.nodes".to_string(),
            Some("settings.discount_rate".to_string())
        )
    );
    let chart = lines(&f.view(), &LinesRequest::default()).unwrap();
    let d = lines_data(&chart);
    assert_eq!(d.x, vec![10.0, 20.0]);
    assert_eq!(d.series_label, "Discount rate");
    // The single-step axis is held without being asked, and the subtitle says so.
    assert_eq!(chart.held, ["sre headcount = 3"]);
    let chart = heatmap(&f.view(), &HeatmapRequest::default()).unwrap();
    assert_eq!(heatmap_data(&chart).x_labels, ["20", "10"]);
}
