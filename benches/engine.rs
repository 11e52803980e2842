//! Times the Rust engine alone on the `fleet` preset: input sampling, the cost pass, and
//! the tables, at 1 and 2 threads. Run with `cargo bench --bench engine`.

use std::sync::Arc;
use std::time::Instant;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use repave_cost::distributions::{poisson_draw, DistSpec};
use repave_cost::model::{simulate, Plan, Threshold};
use repave_cost::sampling::inversion::poisson_at;
use repave_cost::sampling::sobol_points::DirectionNumbers;
use repave_cost::sampling::{sample_inputs, Control, Coordinate, Method};
use repave_cost::scenario::Quantity;

fn time<T>(label: &str, trials: usize, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{label:<44} {secs:>8.3} s {:>12.0} trials/s",
        trials as f64 / secs
    );
    out
}

fn main() {
    let trials: usize = std::env::var("TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(1_000_000);
    let plan =
        Arc::new(Plan::new(&repave_cost::presets::load("fleet").expect("preset")).expect("valid"));
    println!(
        "fleet preset: {} uncertain inputs, {trials} trials",
        plan.inputs.len()
    );
    samplers();
    events_share(trials);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| {
            // Warm up the pool and the allocator.
            simulate(&plan, 10_000, 0, Method::Random, &Control::new()).expect("warm-up");
            for method in methods() {
                let c = Control::new();
                time(
                    &format!("{threads} thread(s) {method}: sample inputs"),
                    trials,
                    || sample_inputs(&plan.inputs, None, trials, 0, method, &c).expect("sample"),
                );
                let r = time(
                    &format!("{threads} thread(s) {method}: simulate (all)"),
                    trials,
                    || simulate(&plan, trials, 0, method, &c).expect("simulate"),
                );
                time(
                    &format!("{threads} thread(s) {method}: summary + breakdown"),
                    trials,
                    || {
                        (
                            r.summary(&Threshold::savings(0.0)).expect("summary"),
                            r.breakdown(),
                        )
                    },
                );
            }
        });
    }
}

/// The methods to time: every registered one, or the one `METHODS` names
/// (`METHODS=random` skips the slower Latin hypercube and Sobol runs).
fn methods() -> Vec<Method> {
    let all = repave_cost::sampling::designs().to_vec();
    match std::env::var("METHODS") {
        Ok(name) => all.into_iter().filter(|m| m.as_str() == name).collect(),
        Err(_) => all,
    }
}

/// Nanoseconds per draw of the samplers the cost pass leans on, on one thread.
fn samplers() {
    const DRAWS: usize = 10_000_000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let start = Instant::now();
    let mut sum = 0.0;
    for _ in 0..DRAWS {
        sum += rand::RngExt::random::<f64>(&mut rng);
    }
    let ns = start.elapsed().as_secs_f64() * 1e9 / DRAWS as f64;
    println!(
        "uniform f64                  {ns:>6.1} ns/draw (mean {:.3})",
        sum / DRAWS as f64
    );
    for lambda in [5.0, 12.0, 16.0, 24.0, 50.0, 360.0] {
        let start = Instant::now();
        let mut sum = 0.0;
        for _ in 0..DRAWS {
            sum += poisson_draw(&mut rng, lambda);
        }
        let ns = start.elapsed().as_secs_f64() * 1e9 / DRAWS as f64;
        println!(
            "poisson_draw(λ = {lambda:>5}) {ns:>6.1} ns/draw (mean {:.2})",
            sum / DRAWS as f64
        );
    }
    // Event counts by inversion of one coordinate, as the `sobol` design draws them.
    for lambda in [5.0, 12.0, 24.0, 50.0, 100.0, 150.0, 360.0, 5000.0, 20000.0] {
        // Best of 3 (the machine may be shared).
        let (mut ns, mut sum) = (f64::INFINITY, 0.0);
        for _ in 0..3 {
            let start = Instant::now();
            sum = 0.0;
            for i in 0..DRAWS / 5 {
                let u = (i as f64 + 0.5) / (DRAWS / 5) as f64;
                sum += poisson_at(u, lambda);
            }
            ns = ns.min(start.elapsed().as_secs_f64() * 1e9 / (DRAWS / 5) as f64);
        }
        let sum = sum * 5.0;
        println!(
            "poisson_at(λ = {lambda:>5})   {ns:>6.1} ns/draw (mean {:.2})",
            sum / DRAWS as f64
        );
    }
    let table = DirectionNumbers::new(8).expect("table");
    let column = Coordinate::Points(table.column(7).expect("dimension").scrambled(1));
    let start = Instant::now();
    let mut sum = 0.0;
    for i in 0..DRAWS as u64 {
        sum += column.at(i);
    }
    let ns = start.elapsed().as_secs_f64() * 1e9 / DRAWS as f64;
    println!(
        "Sobol point by index         {ns:>6.1} ns/draw (mean {:.3})",
        sum / DRAWS as f64
    );
    let pert = DistSpec::Pert {
        low: 2.0,
        mode: 4.0,
        high: 10.0,
        lambda: 4.0,
    }
    .build()
    .expect("pert");
    let mut out = vec![0.0; DRAWS];
    let start = Instant::now();
    pert.fill(&mut rng, &mut out);
    let ns = start.elapsed().as_secs_f64() * 1e9 / DRAWS as f64;
    println!("PERT(2, 4, 10) fill          {ns:>6.1} ns/draw");
}

/// How much of the cost pass the random event counts take: the `fleet` preset against the
/// same preset with every `probability` removed (each activity then happens on every unit,
/// with no draw), on one thread, input sampling timed apart. The parameters only the
/// probabilities named go too (a scenario may not hold unused parameters).
fn events_share(trials: usize) {
    let fleet = repave_cost::presets::load("fleet").expect("preset");
    let mut no_events = fleet.clone();
    for s in no_events.strategies.values_mut() {
        for a in &mut s.activities {
            if let Some(Quantity::Param(name)) = a.probability.take() {
                no_events.parameters.remove(&name);
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    pool.install(|| {
        for (label, scenario) in [("fleet", &fleet), ("fleet without events", &no_events)] {
            let plan = Arc::new(Plan::new(scenario).expect("valid"));
            let c = Control::new();
            let sampling = Instant::now();
            sample_inputs(&plan.inputs, None, trials, 0, Method::Random, &c).expect("sample");
            let sampling = sampling.elapsed().as_secs_f64();
            let all = Instant::now();
            simulate(&plan, trials, 0, Method::Random, &c).expect("simulate");
            let all = all.elapsed().as_secs_f64();
            println!(
                "1 thread, {label:<21}: sampling {sampling:.3} s, cost pass {:.3} s",
                all - sampling
            );
        }
    });
}
