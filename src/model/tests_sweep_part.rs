//! A sweep cut into parts joins into the whole sweep, bit for bit, and points that share
//! their inputs (drawn once) give exactly the rows of separate simulations.

use std::sync::Arc;

use super::*;
use crate::sampling::{Control, Method};
use crate::table::{Column, Table};

fn grid() -> Vec<GridAxis> {
    vec![
        GridAxis::new("fleet.nodes", vec![50.into(), 200.into(), 700.into()]),
        GridAxis::new(
            "staffing.sre.headcount",
            vec![2.into(), 3.5.into(), serde_json::json!(6)],
        ),
    ]
}

fn part(range: Option<std::ops::Range<usize>>, method: Method) -> Table {
    let fleet = crate::presets::load("fleet").unwrap();
    let threshold = Threshold::savings(1e5);
    sweep_part(
        &fleet,
        &grid(),
        range,
        300,
        9,
        method,
        &threshold,
        &Control::new(),
    )
    .unwrap()
}

/// Every value's bits, column by column (so that -0.0 and 0.0 differ).
fn bits(t: &Table) -> Vec<(String, Vec<String>)> {
    t.columns
        .iter()
        .map(|(name, c)| {
            let cells = match c {
                Column::F64(v) => v.iter().map(|x| x.to_bits().to_string()).collect(),
                Column::I64(v) => v.iter().map(|x| format!("i{x}")).collect(),
                Column::Str(v) => v.clone(),
                Column::OptF64(v) => v
                    .iter()
                    .map(|x| x.map_or("null".into(), |x| x.to_bits().to_string()))
                    .collect(),
            };
            (format!("{name}:{}", kind(c)), cells)
        })
        .collect()
}

fn kind(c: &Column) -> &'static str {
    match c {
        Column::F64(_) => "f64",
        Column::I64(_) => "i64",
        Column::Str(_) => "str",
        Column::OptF64(_) => "optf64",
    }
}

#[test]
fn parts_join_into_the_whole_sweep() {
    for method in [Method::Random, Method::Lhs] {
        let whole = bits(&part(None, method));
        for cuts in [
            vec![0, 9],
            vec![0, 1, 9],
            vec![0, 4, 5, 9],
            (0..=9).collect(),
        ] {
            let mut joined: Vec<(String, Vec<String>)> = Vec::new();
            for w in cuts.windows(2) {
                let p = bits(&part(Some(w[0]..w[1]), method));
                if joined.is_empty() {
                    joined = p;
                } else {
                    for (j, (name, cells)) in joined.iter_mut().zip(p) {
                        assert_eq!(j.0, name, "column type differs in a part");
                        j.1.extend(cells);
                    }
                }
            }
            assert_eq!(joined, whole, "{method} cut at {cuts:?}");
        }
    }
}

#[test]
fn a_range_outside_the_grid_is_an_argument_error() {
    let fleet = crate::presets::load("fleet").unwrap();
    let threshold = Threshold::savings(0.0);
    for (start, end) in [(3, 2), (0, 10)] {
        let e = sweep_part(
            &fleet,
            &grid(),
            Some(start..end),
            10,
            0,
            Method::Random,
            &threshold,
            &Control::new(),
        )
        .unwrap_err();
        assert!(
            matches!(&e, RunError::Argument { field, message }
                if field == "points" && message.contains("9 points")),
            "{e:?}"
        );
    }
    assert_eq!(
        check_sweep(&fleet, &grid(), 10, &threshold).unwrap(),
        grid_size(&grid())
    );
}

#[test]
fn points_that_share_their_inputs_equal_separate_simulations() {
    // Two points share their inputs (headcount is a fixed number), the third sets a
    // distribution of its own, so the sweep draws two sets of inputs.
    let fleet = crate::presets::load("fleet").unwrap();
    let steps = vec![
        serde_json::json!(3),
        serde_json::json!(5),
        serde_json::json!({"dist": "uniform", "low": 2, "high": 6}),
    ];
    let g = vec![GridAxis::new("staffing.sre.headcount", steps.clone())];
    let threshold = Threshold::savings(0.0);
    let control = Control::new();
    let t = sweep(&fleet, &g, 700, 4, Method::Lhs, &threshold, &control).unwrap();
    let (Some(Column::Str(out)), Some(Column::F64(mean)), Some(Column::F64(p50))) =
        (t.get("output"), t.get("mean"), t.get("p50"))
    else {
        panic!("columns missing")
    };
    let rows: Vec<usize> = (0..out.len()).filter(|&i| out[i] == "savings").collect();
    assert_eq!(rows.len(), 3);
    for (row, step) in rows.into_iter().zip(steps) {
        let s = fleet
            .replace(&[], &[("staffing.sre.headcount".into(), step)])
            .unwrap();
        let r = simulate(
            &Arc::new(Plan::new(&s).unwrap()),
            700,
            4,
            Method::Lhs,
            &Control::new(),
        )
        .unwrap();
        let alone = crate::stats::Summary::of(&r.savings, 0.0);
        assert_eq!(mean[row].to_bits(), alone.mean.to_bits());
        assert_eq!(p50[row].to_bits(), alone.p50.to_bits());
    }
    // Progress reaches its total although two points drew nothing of their own.
    let (done, total) = control.progress();
    assert_eq!(done, total);
}
