//! The prepared quantile function against the exact one, level by level.

use super::*;
use crate::distributions::DistSpec;

/// Shapes that stress the tables: PERT with the mode inside and at either end (α or β
/// = 1), beta with shapes below 1 and large, gamma with shape below 1 and large.
pub(crate) fn hard_specs() -> Vec<DistSpec> {
    let pert = |low, mode, high| DistSpec::Pert {
        low,
        mode,
        high,
        lambda: 4.0,
    };
    let beta = |alpha, beta| DistSpec::Beta {
        alpha,
        beta,
        low: Some(-2.0),
        high: Some(3.0),
    };
    let gamma = |shape, scale| DistSpec::Gamma { shape, scale };
    vec![
        pert(1.0, 3.0, 8.0),
        pert(10.0, 10.0, 50.0),
        pert(0.0, 1.0, 1.0),
        pert(100.0, 120.0, 1000.0),
        beta(0.3, 0.7),
        beta(0.5, 5.0),
        beta(4.0, 0.4),
        beta(200.0, 300.0),
        gamma(0.3, 2.0),
        gamma(2.5, 3.0),
        gamma(500.0, 0.01),
    ]
}

/// Quantile levels: evenly spread, plus both tails down to 1e-12 (past the tables).
fn levels() -> Vec<f64> {
    let n = 20_000;
    let mut qs: Vec<f64> = (0..n).map(|i| (i as f64 + 0.5) / n as f64).collect();
    for e in 1..=120 {
        let p = 10f64.powf(-0.1 * e as f64);
        qs.push(p);
        qs.push(1.0 - p);
    }
    qs
}

/// 1e-9 relative, or 1e-12 of a bounded support's width (where `low + width · unit`
/// cancels near zero).
pub(crate) fn tolerance(dist: &Dist, want: f64) -> f64 {
    let (low, high) = dist.support();
    let width = if high.is_finite() { high - low } else { 0.0 };
    1e-9 * want.abs() + 1e-12 * width
}

#[test]
fn tabled_quantiles_match_the_exact_solver() {
    for spec in hard_specs() {
        let dist = spec.build().unwrap();
        let fast = dist.fast_ppf(1_000_000);
        assert!(fast.is_tabled(), "{spec:?}");
        for q in levels() {
            let (got, want) = (fast.ppf(q), dist.ppf_unchecked(q));
            assert!(
                (got - want).abs() <= tolerance(&dist, want),
                "{spec:?} at q = {q:e}: {got:e} vs exact {want:e}"
            );
        }
    }
}

#[test]
fn the_tables_answer_almost_every_level_themselves() {
    // The exact solver must stay the rare exception, or the fast path is not fast.
    for spec in hard_specs() {
        let dist = spec.build().unwrap();
        let answered = |lower: &dyn Fn(f64) -> bool, upper: &dyn Fn(f64) -> bool| {
            let inside: Vec<f64> = levels()
                .into_iter()
                .filter(|q| (1e-9..=1.0 - 1e-9).contains(q))
                .collect();
            let hits = inside
                .iter()
                .filter(|&&q| if q <= 0.5 { lower(q) } else { upper(1.0 - q) })
                .count();
            hits as f64 / inside.len() as f64
        };
        let share = match dist.fast_ppf(1_000_000) {
            FastPpf::Beta { tables, .. } => answered(&|p| tables.0.quantile(p).is_some(), &|p| {
                tables.1.quantile(p).is_some()
            }),
            FastPpf::Gamma { tables, .. } => answered(&|p| tables.0.quantile(p).is_some(), &|p| {
                tables.1.quantile(p).is_some()
            }),
            _ => panic!("{spec:?} has no tables"),
        };
        assert!(
            share > 0.999,
            "{spec:?}: only {share} answered by the tables"
        );
    }
}

#[test]
fn poisson_table_gives_the_exact_quantiles() {
    for mean in [0.2, 3.7, 40.0, 2500.0] {
        let dist = DistSpec::Poisson { mean }.build().unwrap();
        let fast = dist.fast_ppf(10_000_000);
        assert!(fast.is_tabled());
        for q in levels() {
            assert_eq!(fast.ppf(q), dist.ppf_unchecked(q), "mean {mean}, q {q}");
        }
        assert_eq!(fast.ppf(1.0), f64::INFINITY);
    }
}

#[test]
fn short_runs_use_the_kept_tables_and_get_the_same_values() {
    // A run of a few values uses the same tables as a long one (made once per process),
    // so its values are those of the long run, level by level.
    for spec in hard_specs() {
        let dist = spec.build().unwrap();
        let (short, long) = (dist.fast_ppf(3), dist.fast_ppf(10_000_000));
        assert!(short.is_tabled(), "{spec:?}");
        match (&short, &long) {
            (FastPpf::Beta { tables: a, .. }, FastPpf::Beta { tables: b, .. }) => {
                assert!(std::sync::Arc::ptr_eq(a, b), "{spec:?}: tables made twice")
            }
            (FastPpf::Gamma { tables: a, .. }, FastPpf::Gamma { tables: b, .. }) => {
                assert!(std::sync::Arc::ptr_eq(a, b), "{spec:?}: tables made twice")
            }
            _ => panic!("{spec:?} has no tables"),
        }
        for q in levels() {
            assert_eq!(
                short.ppf(q).to_bits(),
                long.ppf(q).to_bits(),
                "{spec:?} at {q}"
            );
        }
    }
}

#[test]
fn kept_tables_equal_new_ones() {
    // What a run gets never depends on what ran before it: a kept table answers exactly
    // as one made afresh.
    use crate::distributions::sides::BetaLower;
    use crate::distributions::tail_table::TailTable;
    let (alpha, beta) = (2.3, 4.1);
    let kept = crate::distributions::table_cache::beta_tables(alpha, beta, 0.1, 0.1);
    let fresh = TailTable::build(BetaLower::new(alpha, beta), 0.1);
    for q in levels().into_iter().filter(|q| *q <= 0.5) {
        assert_eq!(kept.0.quantile(q), fresh.quantile(q), "q = {q}");
    }
}

#[test]
fn fill_gives_the_values_of_ppf_bit_for_bit() {
    // Two at a time with the CDFs in lockstep, the same values as one at a time: levels in
    // order, and interleaved so that pairs mix the two tails, the ends and the far tails
    // the exact solver answers; an odd count leaves one level for the single path.
    for spec in hard_specs() {
        let dist = spec.build().unwrap();
        let fast = dist.fast_ppf(1_000_000);
        let mut qs = levels();
        qs.extend([0.0, 1.0, 0.5, 1e-300, 1.0 - 1e-16]);
        let mixed: Vec<f64> = qs
            .iter()
            .zip(qs.iter().rev())
            .flat_map(|(a, b)| [*a, *b])
            .chain([0.3])
            .collect();
        for levels in [qs, mixed] {
            let mut got = levels.clone();
            fast.fill(&mut got);
            for (q, g) in levels.iter().zip(&got) {
                assert_eq!(g.to_bits(), fast.ppf(*q).to_bits(), "{spec:?} at q = {q:e}");
            }
        }
    }
}

/// The error of `got` from `want` relative to `want`'s distance from the nearer end of a
/// bounded support (the unit-scale value a beta quantile is solved as) or to `|want|`;
/// 0 within two ulps of `want` (the rounding of `low + width · unit`).
fn relative_error(dist: &Dist, got: f64, want: f64) -> f64 {
    let (low, high) = dist.support();
    let scale = if high.is_finite() {
        (want - low).min(high - want)
    } else {
        want.abs()
    };
    let error = (got - want).abs();
    if error <= 2.0 * f64::EPSILON * want.abs() {
        0.0
    } else {
        error / scale
    }
}

#[test]
fn tabled_quantiles_are_within_about_1e_14_of_the_exact_solver() {
    for spec in hard_specs() {
        let dist = spec.build().unwrap();
        let fast = dist.fast_ppf(1_000_000);
        let worst = levels()
            .into_iter()
            .map(|q| relative_error(&dist, fast.ppf(q), dist.ppf_unchecked(q)))
            .fold(0.0, f64::max);
        assert!(worst <= 5e-14, "{spec:?}: {worst:e}");
    }
}

#[test]
fn pert_quantiles_come_from_the_segments_polynomials() {
    // Every segment of a PERT's tables passes its check, so no PERT level between the
    // first node and ½ needs a CDF evaluation.
    for spec in hard_specs()
        .into_iter()
        .filter(|s| matches!(s, DistSpec::Pert { .. }))
    {
        let dist = spec.build().unwrap();
        let FastPpf::Beta { tables, .. } = dist.fast_ppf(1_000_000) else {
            panic!("{spec:?} is not tabled as a beta");
        };
        for table in [&tables.0, &tables.1] {
            let (kept, all) = table.segments_kept();
            assert_eq!(kept, all, "{spec:?}");
            for k in 1..2000 {
                let p = 1e-9 + 0.5 * k as f64 / 2000.0;
                assert!(table.segment_quantile(p).is_some(), "{spec:?} at {p}");
            }
        }
    }
    // The check does refuse: shapes below 1 leave some segments to the polished start.
    let dist = DistSpec::Beta {
        alpha: 0.3,
        beta: 0.7,
        low: None,
        high: None,
    }
    .build()
    .unwrap();
    let FastPpf::Beta { tables, .. } = dist.fast_ppf(1_000_000) else {
        panic!("Beta(0.3, 0.7) is not tabled");
    };
    let (kept, all) = tables.0.segments_kept();
    assert!(kept > 0 && kept < all, "{kept} of {all}");
}
