//! Continuing a run ([`extend`]): bit for bit the longer run, for every preset, from
//! chunk-aligned and unaligned lengths; refused for designs that cannot continue.

use std::sync::Arc;

use super::*;
use crate::sampling::{Control, Method};

fn preset_plan(name: &str) -> Arc<Plan> {
    Arc::new(Plan::new(&crate::presets::load(name).unwrap()).unwrap())
}

/// Every per-trial column of a result, with its name, as bits.
fn columns(r: &SimResult) -> Vec<(String, Vec<u64>)> {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let mut out = vec![
        ("savings".to_string(), bits(&r.savings)),
        ("savings_per_year".to_string(), bits(&r.savings_per_year)),
        ("payback_year".to_string(), bits(&r.payback_year)),
    ];
    for (key, v) in &r.inputs {
        out.push((format!("input {key}"), bits(v)));
    }
    for s in &r.strategies {
        out.push((format!("{} total", s.name), bits(&s.total)));
        out.push((format!("{} one_time", s.name), bits(&s.one_time)));
        for (y, v) in s.year_cost.iter().enumerate() {
            out.push((format!("{} year {y}", s.name), bits(v)));
        }
    }
    for d in r.detail() {
        for a in &d.activities {
            for (y, v) in a.cost.iter().enumerate() {
                out.push((format!("{} {} year {y}", d.name, a.name), bits(v)));
            }
        }
        for role in &d.roles {
            for (y, v) in role.hours.iter().enumerate() {
                out.push((format!("{} {} hours {y}", d.name, role.name), bits(v)));
            }
        }
    }
    out
}

#[test]
fn a_continued_sobol_run_is_the_longer_run_bit_for_bit() {
    let control = Control::new();
    for name in crate::presets::names() {
        let plan = preset_plan(name);
        // 1000 is not a multiple of the chunk: the continuation's chunks are offset.
        for (first, more) in [(256, 256), (1000, 5000), (4096, 4096)] {
            let whole = simulate(&plan, first + more, 9, Method::Sobol, &control).unwrap();
            let start = simulate(&plan, first, 9, Method::Sobol, &control).unwrap();
            let continued = extend(start, more, &control).unwrap();
            assert_eq!(continued.trials, first + more);
            assert_eq!(continued.origin, vec![(9, first + more)]);
            let (want, got) = (columns(&whole), columns(&continued));
            assert_eq!(want.len(), got.len(), "{name}");
            for ((column, w), (_, g)) in want.iter().zip(&got) {
                assert!(w == g, "{name} {first}+{more}: column {column} differs");
            }
        }
    }
}

#[test]
fn designs_whose_draws_depend_on_the_length_cannot_continue() {
    let control = Control::new();
    let plan = preset_plan("fleet");
    for method in [Method::Random, Method::Lhs] {
        let run = simulate(&plan, 100, 1, method, &control).unwrap();
        match extend(run, 100, &control) {
            Err(RunError::Argument { field, message }) => {
                assert_eq!(field, "method");
                assert!(message.contains("cannot continue"), "{message}");
            }
            other => panic!("{method:?}: {:?}", other.map(|r| r.trials)),
        }
    }
    // A pool of two runs is not one run.
    let parts = (0..2)
        .map(|s| simulate(&plan, 64, s, Method::Sobol, &control).unwrap())
        .collect();
    match extend(pool(parts), 64, &control) {
        Err(RunError::Argument { field, .. }) => assert_eq!(field, "trials"),
        other => panic!("{:?}", other.map(|r| r.trials)),
    }
}
