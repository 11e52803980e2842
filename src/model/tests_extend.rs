//! Continuing a run ([`extend`]): bit for bit the longer run, for every preset, from
//! chunk-aligned and unaligned lengths (`sobol`) and from whole chunks without
//! correlations (`random`); refused where the design cannot continue.

use std::sync::Arc;

use super::*;
use crate::sampling::{Control, Method};

fn preset_plan(name: &str) -> Arc<Plan> {
    Arc::new(Plan::new(&crate::presets::load(name).unwrap()).unwrap())
}

/// The preset `name` without its `[[correlations]]`.
fn uncorrelated_plan(name: &str) -> Arc<Plan> {
    let mut scenario = crate::presets::load(name).unwrap();
    scenario.correlations.clear();
    Arc::new(Plan::new(&scenario).unwrap())
}

/// Asserts that every column of `got` equals `want`'s, bit for bit.
fn assert_same_columns(want: &SimResult, got: &SimResult, what: &str) {
    let (want, got) = (columns(want), columns(got));
    assert_eq!(want.len(), got.len(), "{what}");
    for ((column, w), (_, g)) in want.iter().zip(&got) {
        assert!(w == g, "{what}: column {column} differs");
    }
}

/// Asserts that `plan`'s run of `first` trials continued by `more` is its run of
/// `first + more` trials, bit for bit.
fn assert_continues(
    plan: &Arc<Plan>,
    method: Method,
    seed: u64,
    first: usize,
    more: usize,
    what: &str,
) {
    let control = Control::new();
    let whole = simulate(plan, first + more, seed, method, &control).unwrap();
    let start = simulate(plan, first, seed, method, &control).unwrap();
    let continued = extend(start, more, &control).unwrap();
    assert_eq!(continued.trials, first + more);
    assert_eq!(continued.origin, vec![(seed, first + more)]);
    assert_same_columns(&whole, &continued, &format!("{what} {first}+{more}"));
}

/// Asserts that continuing `run` is refused as a design that cannot continue.
fn assert_cannot_continue(run: SimResult, what: &str) {
    match extend(run, 100, &Control::new()) {
        Err(RunError::Argument { field, message }) => {
            assert_eq!(field, "method", "{what}");
            assert!(message.contains("cannot continue"), "{what}: {message}");
        }
        other => panic!("{what}: {:?}", other.map(|r| r.trials)),
    }
}

/// Every per-trial column of a result, detail included, with its name, as bits.
fn columns(r: &SimResult) -> Vec<(String, Vec<u64>)> {
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let mut out = super::test_columns::total_column_bits(r, 0..r.trials);
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
    for name in crate::presets::names() {
        let plan = preset_plan(name);
        // 1000 is not a multiple of the chunk: the continuation's chunks are offset.
        for (first, more) in [(256, 256), (1000, 5000), (4096, 4096)] {
            assert_continues(&plan, Method::Sobol, 9, first, more, name);
        }
    }
}

#[test]
fn a_random_run_without_correlations_continues_from_a_whole_chunk_bit_for_bit() {
    let chunk = crate::sampling::CHUNK;
    for name in crate::presets::names() {
        let plan = uncorrelated_plan(name);
        assert!(plan.rank_targets.is_none(), "{name}");
        // A whole chunk more, a partial last chunk, and several chunks with a partial one.
        for (first, more) in [(chunk, chunk), (2 * chunk, 1000), (chunk, 2 * chunk + 7)] {
            assert_continues(&plan, Method::Random, 4, first, more, name);
        }
    }
}

#[test]
fn a_random_run_does_not_continue_inside_a_chunk_or_with_correlations() {
    let control = Control::new();
    let chunk = crate::sampling::CHUNK;
    let refused = |plan: &Arc<Plan>, first: usize| {
        let run = simulate(plan, first, 1, Method::Random, &control).unwrap();
        assert_cannot_continue(run, &format!("random from {first}"));
    };
    // Inside a chunk: the stream of the chunk's events depends on its length.
    refused(&uncorrelated_plan("fleet"), chunk + 1);
    // Iman–Conover rearranges whole columns.
    let correlated = preset_plan("fleet");
    assert!(correlated.rank_targets.is_some());
    refused(&correlated, chunk);
}

#[test]
fn designs_whose_draws_depend_on_the_length_cannot_continue() {
    // 100 trials: not a whole chunk, so `random` cannot continue either.
    let control = Control::new();
    let plan = preset_plan("fleet");
    for method in [Method::Random, Method::Lhs] {
        let run = simulate(&plan, 100, 1, method, &control).unwrap();
        assert_cannot_continue(run, &format!("{method:?}"));
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
