//! Engine tests: strata, determinism, key independence.

use super::*;
use crate::dist::DistSpec;

fn uniform() -> Dist {
    DistSpec::Uniform {
        low: 0.0,
        high: 1.0,
    }
    .build()
    .unwrap()
}

#[test]
fn lhs_puts_exactly_one_draw_in_each_stratum() {
    let n = 10_007;
    let col = sample_column(&uniform(), "x", n, 3, Method::Lhs, &Control::new()).unwrap();
    let mut seen = vec![0u32; n];
    for v in &col {
        seen[(v * n as f64).floor() as usize] += 1;
    }
    assert!(seen.iter().all(|&c| c == 1));
}

#[test]
fn columns_depend_only_on_their_own_key() {
    let a = vec![InputSpec::new("a", uniform())];
    let ab = vec![
        InputSpec::new("b", uniform()),
        InputSpec::new("a", uniform()),
    ];
    let c = Control::new();
    let one = sample_inputs(&a, 9000, 1, Method::Random, &c).unwrap();
    let two = sample_inputs(&ab, 9000, 1, Method::Random, &c).unwrap();
    assert_eq!(one[0], two[1]);
    assert_ne!(two[0], two[1]);
}

#[test]
fn same_result_on_one_thread_and_many() {
    let inputs = vec![
        InputSpec::new("a", uniform()),
        InputSpec::new(
            "b",
            DistSpec::Gamma {
                shape: 2.0,
                scale: 1.0,
            }
            .build()
            .unwrap(),
        ),
    ];
    let run = |threads: usize, method: Method| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| sample_inputs(&inputs, 20_000, 9, method, &Control::new()).unwrap())
    };
    for method in [Method::Random, Method::Lhs] {
        assert_eq!(run(1, method), run(4, method));
    }
}

#[test]
fn cancelled_control_stops_the_run() {
    let c = Control::new();
    c.cancel();
    let r = sample_column(&uniform(), "x", 100_000, 0, Method::Random, &c);
    assert_eq!(r, Err(Cancelled));
}
