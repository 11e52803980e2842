//! Unit tests: closed forms, validation messages, quantile round trips.

use super::*;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

fn pert(low: f64, mode: f64, high: f64) -> DistSpec {
    DistSpec::Pert {
        low,
        mode,
        high,
        lambda: 4.0,
    }
}

#[test]
fn pert_mean_matches_closed_form() {
    let d = pert(1.0, 3.0, 8.0).build().unwrap();
    assert!((d.mean().unwrap() - (1.0 + 4.0 * 3.0 + 8.0) / 6.0).abs() < 1e-12);
}

#[test]
fn invalid_parameters_name_the_parameter() {
    let cases: Vec<(DistSpec, &str)> = vec![
        (pert(1.0, 9.0, 8.0), "mode"),
        (pert(5.0, 5.0, 3.0), "high"),
        (
            DistSpec::Normal {
                mean: 0.0,
                sd: -1.0,
                low: None,
                high: None,
            },
            "sd",
        ),
        (DistSpec::Bernoulli { p: 1.5 }, "p"),
        (
            DistSpec::Uniform {
                low: f64::NAN,
                high: 1.0,
            },
            "low",
        ),
        (
            DistSpec::Gamma {
                shape: 0.0,
                scale: 1.0,
            },
            "shape",
        ),
        (DistSpec::Empirical { samples: vec![] }, "samples"),
        (
            DistSpec::Discrete {
                values: vec![1.0, 2.0],
                weights: Some(vec![1.0]),
            },
            "weights",
        ),
        (DistSpec::LognormalCi90 { p5: 10.0, p95: 5.0 }, "p95"),
        (DistSpec::Poisson { mean: -1.0 }, "mean"),
    ];
    for (spec, param) in cases {
        let err = spec.build().unwrap_err();
        assert_eq!(err.param, param, "{spec:?}: {err}");
        assert!(err.message.contains(param), "{err}");
    }
}

/// The CDF of each continuous family, computed by statrs (not by the code under test).
fn reference_cdf(spec: &DistSpec) -> Box<dyn Fn(f64) -> f64> {
    use statrs::distribution::{Beta, ContinuousCDF, Gamma, Normal, Triangular};
    match *spec {
        DistSpec::Pert {
            low,
            mode,
            high,
            lambda,
        } => {
            let range = high - low;
            let a = 1.0 + lambda * (mode - low) / range;
            let b = 1.0 + lambda * (high - mode) / range;
            let beta = Beta::new(a, b).unwrap();
            Box::new(move |x| beta.cdf((x - low) / range))
        }
        DistSpec::Gamma { shape, scale } => {
            let gamma = Gamma::new(shape, 1.0 / scale).unwrap();
            Box::new(move |x| gamma.cdf(x))
        }
        DistSpec::Beta {
            alpha,
            beta,
            low: None,
            high: None,
        } => {
            let beta = Beta::new(alpha, beta).unwrap();
            Box::new(move |x| beta.cdf(x))
        }
        DistSpec::Triangular { low, mode, high } => {
            let tri = Triangular::new(low, high, mode).unwrap();
            Box::new(move |x| tri.cdf(x))
        }
        DistSpec::Normal {
            mean,
            sd,
            low: Some(low),
            high: Some(high),
        } => {
            let normal = Normal::new(mean, sd).unwrap();
            let (lo, hi) = (normal.cdf(low), normal.cdf(high));
            Box::new(move |x| (normal.cdf(x) - lo) / (hi - lo))
        }
        _ => unreachable!("no reference CDF for {spec:?}"),
    }
}

#[test]
fn ppf_inverts_the_cdf_for_continuous_families() {
    let specs = vec![
        pert(1.0, 3.0, 8.0),
        DistSpec::Gamma {
            shape: 2.5,
            scale: 3.0,
        },
        DistSpec::Beta {
            alpha: 0.5,
            beta: 0.7,
            low: None,
            high: None,
        },
        DistSpec::Triangular {
            low: 0.0,
            mode: 1.0,
            high: 4.0,
        },
        DistSpec::Normal {
            mean: 1.0,
            sd: 2.0,
            low: Some(0.0),
            high: Some(3.0),
        },
    ];
    let mut qs: Vec<f64> = (1..100).map(|i| f64::from(i) / 100.0).collect();
    qs.extend([1e-6, 1e-3, 0.999, 1.0 - 1e-6]);
    for spec in specs {
        let d = spec.build().unwrap();
        let cdf = reference_cdf(&spec);
        let mut last = f64::NEG_INFINITY;
        for (i, &q) in qs.iter().enumerate() {
            let x = d.ppf(q).unwrap();
            // statrs' incomplete beta and gamma are accurate to about 1e-10 here.
            assert!(
                (cdf(x) - q).abs() <= 1e-9 * q.min(1.0 - q).max(1e-3),
                "{spec:?}: cdf(ppf({q})) = {}",
                cdf(x)
            );
            if i < 99 {
                assert!(x > last, "{spec:?} not increasing at {q}");
                last = x;
            }
        }
    }
}

#[test]
fn sample_mean_is_close_to_closed_form() {
    let d = DistSpec::Gamma {
        shape: 2.0,
        scale: 3.0,
    }
    .build()
    .unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut out = vec![0.0; 200_000];
    d.fill(&mut rng, &mut out);
    let mean = out.iter().sum::<f64>() / out.len() as f64;
    let se = (d.variance().unwrap() / out.len() as f64).sqrt();
    assert!((mean - 6.0).abs() < 4.0 * se);
}

#[test]
fn table_merges_duplicates_and_inverts() {
    let d = DistSpec::Empirical {
        samples: vec![3.0, 1.0, 3.0, 2.0],
    }
    .build()
    .unwrap();
    assert_eq!(d.ppf(0.25).unwrap(), 1.0);
    assert_eq!(d.ppf(0.26).unwrap(), 2.0);
    assert_eq!(d.ppf(0.51).unwrap(), 3.0);
    assert!((d.mean().unwrap() - 2.25).abs() < 1e-12);
}

#[test]
fn truncated_normal_ppf_endpoints_are_the_bounds() {
    let d = DistSpec::Normal {
        mean: 0.0,
        sd: 1.0,
        low: Some(2.0),
        high: Some(5.0),
    }
    .build()
    .unwrap();
    assert_eq!(d.ppf(0.0).unwrap(), 2.0);
    assert_eq!(d.ppf(1.0).unwrap(), 5.0);
}

#[test]
fn poisson_draw_beyond_the_sampler_limit_keeps_its_mean() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    for lambda in [5e19, 1e25, 1e300] {
        let x = poisson_draw(&mut rng, lambda);
        assert!((x / lambda - 1.0).abs() < 1e-6, "{lambda}: {x}");
    }
    assert_eq!(poisson_draw(&mut rng, f64::INFINITY), f64::INFINITY);
    assert_eq!(poisson_draw(&mut rng, 0.0), 0.0);
    assert_eq!(poisson_draw(&mut rng, f64::NAN), 0.0);
}

#[test]
fn poisson_ppf_ends_and_is_right_for_large_means() {
    for mean in [3.0, 1e4, 1e10, 1e12] {
        let d = DistSpec::Poisson { mean }.build().unwrap();
        let sd: f64 = f64::sqrt(mean);
        for (q, z) in [
            (0.5, 0.0),
            (0.975, 1.959963984540054),
            (0.025, -1.959963984540054),
        ] {
            let x = d.ppf_unchecked(q);
            assert_eq!(x, x.round());
            if mean > 1e3 {
                assert!(((x - mean) / sd - z).abs() < 0.01, "{mean} {q}: {x}");
            }
        }
    }
    let small = DistSpec::Poisson { mean: 3.0 }.build().unwrap();
    // P(N ≤ 1) = 4e^-3 = 0.199, P(N ≤ 2) = 8.5e^-3 = 0.423, P(N ≤ 3) = 0.647.
    assert_eq!(small.ppf_unchecked(0.1), 1.0);
    assert_eq!(small.ppf_unchecked(0.3), 2.0);
    assert_eq!(small.ppf_unchecked(0.5), 3.0);
}

#[test]
fn huge_shapes_are_refused_and_tiny_beta_shapes_never_give_nan() {
    let gamma = DistSpec::Gamma {
        shape: 1e14,
        scale: 1.0,
    };
    assert!(gamma.build().unwrap_err().message.contains("shape"));
    let beta = DistSpec::Beta {
        alpha: 1e16,
        beta: 1.0,
        low: None,
        high: None,
    };
    assert!(beta.build().unwrap_err().message.contains("alpha"));
    let tiny = DistSpec::Beta {
        alpha: 1e-5,
        beta: 1e-5,
        low: None,
        high: None,
    }
    .build()
    .unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    for _ in 0..1000 {
        let x = tiny.sample(&mut rng);
        assert!((0.0..=1.0).contains(&x), "{x}");
    }
}

#[test]
fn poisson_draws_match_the_pmf_on_both_sides_of_the_method_switch() {
    // Chi-square goodness of fit against the exact pmf, for inversion and for PTRS.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    for lambda in [0.3, 4.0, 9.99, 10.0, 16.0, 37.5, 400.0, 5000.0] {
        let n = 200_000;
        let mut counts = std::collections::BTreeMap::<u64, f64>::new();
        let (mut sum, mut sum2) = (0.0, 0.0);
        for _ in 0..n {
            let k = poisson_draw(&mut rng, lambda);
            assert_eq!(k.fract(), 0.0);
            *counts.entry(k as u64).or_default() += 1.0;
            sum += k;
            sum2 += k * k;
        }
        let mean = sum / n as f64;
        let var = sum2 / n as f64 - mean * mean;
        assert!(
            (mean - lambda).abs() < 4.0 * (lambda / n as f64).sqrt(),
            "{lambda}: mean {mean}"
        );
        // Var of the sample variance ≈ (μ4 − σ⁴)/n with μ4 = λ(1 + 3λ) for Poisson.
        let se_var = ((lambda * (1.0 + 3.0 * lambda) - lambda * lambda) / n as f64).sqrt();
        assert!((var - lambda).abs() < 4.0 * se_var, "{lambda}: var {var}");
        let pmf = |k: u64| {
            (k as f64 * lambda.ln() - lambda - statrs::function::gamma::ln_gamma(k as f64 + 1.0))
                .exp()
        };
        // Bins with at least 20 expected draws; the rest pooled into one tail bin each side.
        let mode = lambda.floor() as u64;
        let mut chi2 = 0.0;
        let mut bins = 0;
        let (mut lo, mut hi) = (mode, mode);
        while lo > 0 && pmf(lo - 1) * n as f64 >= 20.0 {
            lo -= 1;
        }
        while pmf(hi + 1) * n as f64 >= 20.0 {
            hi += 1;
        }
        for k in lo..=hi {
            let e = pmf(k) * n as f64;
            let o = counts.get(&k).copied().unwrap_or(0.0);
            chi2 += (o - e).powi(2) / e;
            bins += 1;
        }
        let below_e: f64 = (0..lo).map(pmf).sum::<f64>() * n as f64;
        let above_e = n as f64 - below_e - (lo..=hi).map(pmf).sum::<f64>() * n as f64;
        let below_o: f64 = counts.range(..lo).map(|(_, c)| c).sum();
        let above_o: f64 = counts.range(hi + 1..).map(|(_, c)| c).sum();
        for (o, e) in [(below_o, below_e), (above_o, above_e)] {
            if e >= 5.0 {
                chi2 += (o - e).powi(2) / e;
                bins += 1;
            }
        }
        // 99.99th percentile of chi-square with (bins − 1) degrees of freedom, by the
        // Wilson–Hilferty approximation (z = 3.719).
        let df = (bins - 1) as f64;
        let limit = df * (1.0 - 2.0 / (9.0 * df) + 3.719 * (2.0 / (9.0 * df)).sqrt()).powi(3);
        assert!(
            chi2 < limit,
            "λ {lambda}: chi² {chi2:.1} over {limit:.1} with {bins} bins"
        );
    }
}

#[test]
fn ln_factorial_matches_ln_gamma_in_the_table_and_in_stirlings_series() {
    use super::discrete::ln_factorial;
    // The table and the series against ln k! summed term by term (independent of both;
    // its rounding error stays below 1e-15 relative at these k).
    let mut summed = 0.0_f64;
    for k in 0..2000u32 {
        if k > 0 {
            summed += (k as f64).ln();
        }
        let got = ln_factorial(k as f64);
        assert!(
            (got - summed).abs() <= 1e-13 * summed.max(1.0),
            "ln {k}! = {got}, summed logs give {summed}"
        );
    }
    // Far into the series' range, against statrs' Lanczos ln Γ.
    for k in [10_000.0, 123_456.0, 10_000_000.0] {
        let exact = statrs::function::gamma::ln_gamma(k + 1.0);
        let got = ln_factorial(k);
        assert!(
            (got - exact).abs() <= 1e-13 * exact,
            "ln {k}! = {got} vs {exact}"
        );
    }
}

#[test]
fn ppf_many_gives_the_values_of_ppf_and_refuses_bad_levels() {
    let pert = DistSpec::Pert {
        low: 1.0,
        mode: 3.0,
        high: 8.0,
        lambda: 4.0,
    }
    .build()
    .unwrap();
    let poisson = DistSpec::Poisson { mean: 3.7 }.build().unwrap();
    // Enough levels for the tables to be built, reaching well into both tails.
    let n = 100_000;
    let qs: Vec<f64> = (0..n)
        .map(|i| {
            let u = (i as f64 + 0.5) / n as f64;
            if i % 2 == 0 {
                u
            } else {
                u.powi(4) // crowd levels towards 0
            }
        })
        .collect();
    let many = pert.ppf_many(&qs).unwrap();
    for (q, got) in qs.iter().zip(&many) {
        let exact = pert.ppf(*q).unwrap();
        assert!(
            (got - exact).abs() <= 1e-12 * exact.abs(),
            "q = {q}: {got} vs {exact}"
        );
    }
    let counts = poisson.ppf_many(&qs).unwrap();
    for (q, got) in qs.iter().zip(&counts) {
        assert_eq!(*got, poisson.ppf(*q).unwrap(), "q = {q}");
    }
    let err = pert.ppf_many(&[0.5, 1.5]).unwrap_err();
    assert!(err.to_string().contains("1.5"), "{err}");
}

#[test]
fn poisson_draws_above_the_normal_switch_keep_mean_and_variance() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let (lambda, n) = (2e10, 200_000);
    let draws: Vec<f64> = (0..n).map(|_| poisson_draw(&mut rng, lambda)).collect();
    let mean = draws.iter().sum::<f64>() / n as f64;
    let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    assert!(draws.iter().all(|x| x.fract() == 0.0));
    assert!(
        (mean - lambda).abs() < 4.0 * (lambda / n as f64).sqrt(),
        "mean {mean}"
    );
    // Var of the sample variance ≈ (μ4 − σ⁴)/n = (λ + 2λ²)/n for Poisson.
    let se_var = ((lambda + 2.0 * lambda * lambda) / n as f64).sqrt();
    assert!((var - lambda).abs() < 4.0 * se_var, "variance {var}");
}

/// Quantile levels from 1e-12 to 1 − 1e-12: both far tails in steps of 10^0.05, and a
/// linear grid between.
fn tail_levels() -> Vec<f64> {
    let mut qs: Vec<f64> = (1..200).map(|i| i as f64 / 200.0).collect();
    for e in 20..=240 {
        let p = 10f64.powf(-0.05 * e as f64);
        qs.push(p);
        qs.push(1.0 - p);
    }
    qs
}

/// Checks `ppf` over [`tail_levels`] against `error(q, x)`, the relative error in `x` of
/// `x` as the `q` quantile: at most 1e-9, or `x` = 0 where the quantile is below the
/// smallest normal `f64` (then `cdf` there is at least `q`). Returns the largest error.
fn check_ppf(
    name: &str,
    d: &Dist,
    cdf: impl Fn(f64) -> f64,
    error: impl Fn(f64, f64) -> f64,
) -> f64 {
    let mut worst: f64 = 0.0;
    for q in tail_levels() {
        let x = d.ppf(q).unwrap();
        if x == 0.0 {
            let at_tiny = cdf(f64::MIN_POSITIVE);
            assert!(
                at_tiny >= q * (1.0 - 1e-9),
                "{name}: 0 at q = {q:e}, cdf {at_tiny:e}"
            );
            continue;
        }
        let err = error(q, x);
        assert!(err <= 1e-9, "{name}: q = {q:e}, x = {x:e}, error {err:e}");
        worst = worst.max(err);
    }
    worst
}

#[test]
fn beta_ppf_is_accurate_for_tiny_and_ordinary_shapes_in_both_far_tails() {
    // Residuals of statrs' incomplete beta (independent of the solver), as x errors:
    // |G(x) − p| / (density · x), on the tail G of the level (CDF below ½, survival
    // function above) at an argument that is exact (x, or 1 − x for x ≥ 1e-3).
    use statrs::function::beta::{beta_reg, ln_beta};
    let small = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3];
    let mut shapes: Vec<(f64, f64)> = small
        .iter()
        .flat_map(|&a| [0.01, 0.05, 0.3, 1.0, 2.0, 5.0].map(|b| (a, b)))
        .collect();
    shapes.extend([
        (0.05, 50.0),
        (0.5, 0.7),
        (2.0, 5.0),
        (4.0, 0.4),
        (200.0, 300.0),
    ]);
    let mut worst: f64 = 0.0;
    for (a, b) in shapes {
        let d = DistSpec::Beta {
            alpha: a,
            beta: b,
            low: None,
            high: None,
        }
        .build()
        .unwrap();
        let ln_norm = ln_beta(a, b);
        let error = |q: f64, x: f64| {
            let residual = if q <= 0.5 {
                beta_reg(a, b, x) - q
            } else if x < 1e-3 {
                // 1 − x would round away x; the CDF is near 1 − c·x^a here, not near 1.
                beta_reg(a, b, x) - q
            } else {
                beta_reg(b, a, 1.0 - x) - (1.0 - q)
            };
            let density = ((a - 1.0) * x.ln() + (b - 1.0) * (-x).ln_1p() - ln_norm).exp();
            residual.abs() / (density * x)
        };
        let err = check_ppf(&format!("Beta({a}, {b})"), &d, |x| beta_reg(a, b, x), error);
        worst = worst.max(err);
    }
    println!("beta: largest relative error {worst:e}");
}

#[test]
fn gamma_ppf_is_accurate_for_tiny_and_ordinary_shapes_in_both_far_tails() {
    // As for beta, with statrs' incomplete gamma functions.
    use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};
    let mut worst: f64 = 0.0;
    for k in [0.01, 0.02, 0.05, 0.1, 0.3, 1.0, 2.5, 40.0, 1e4] {
        let d = DistSpec::Gamma {
            shape: k,
            scale: 1.0,
        }
        .build()
        .unwrap();
        let ln_norm = ln_gamma(k);
        let error = |q: f64, x: f64| {
            let residual = if q <= 0.5 {
                gamma_lr(k, x) - q
            } else {
                gamma_ur(k, x) - (1.0 - q)
            };
            let density = ((k - 1.0) * x.ln() - x - ln_norm).exp();
            residual.abs() / (density * x)
        };
        let err = check_ppf(&format!("Gamma({k})"), &d, |x| gamma_lr(k, x), error);
        worst = worst.max(err);
    }
    println!("gamma: largest relative error {worst:e}");
}

#[test]
fn pert_lambda_sets_the_shapes_mean_and_variance() {
    // PERT(a, m, b, λ): α = 1 + λ(m − a)/(b − a), β = 1 + λ(b − m)/(b − a); mean
    // (a + λm + b)/(λ + 2), variance (μ − a)(b − μ)/(λ + 3).
    use statrs::distribution::{Beta, ContinuousCDF};
    for lambda in [0.5, 2.0, 4.0, 9.0] {
        let (a, m, b) = (1.0, 3.0, 8.0);
        let d = DistSpec::Pert {
            low: a,
            mode: m,
            high: b,
            lambda,
        }
        .build()
        .unwrap();
        let mu = (a + lambda * m + b) / (lambda + 2.0);
        assert!((d.mean().unwrap() - mu).abs() < 1e-12, "λ {lambda}");
        let var = (mu - a) * (b - mu) / (lambda + 3.0);
        assert!((d.variance().unwrap() - var).abs() < 1e-12, "λ {lambda}");
        let beta = Beta::new(
            1.0 + lambda * (m - a) / (b - a),
            1.0 + lambda * (b - m) / (b - a),
        )
        .unwrap();
        for q in [0.05, 0.3, 0.5, 0.9] {
            let x = d.ppf(q).unwrap();
            assert!(
                (beta.cdf((x - a) / (b - a)) - q).abs() < 1e-9,
                "λ {lambda} q {q}"
            );
        }
        // Draws follow it too: the sample mean within 4 standard errors.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(17);
        let n = 100_000;
        let sample_mean = (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / f64::from(n);
        assert!(
            (sample_mean - mu).abs() < 4.0 * (var / f64::from(n)).sqrt(),
            "λ {lambda}: {sample_mean} vs {mu}"
        );
    }
}

#[test]
fn lognormal_ci90_puts_five_percent_beyond_each_end() {
    // μ = (ln p5 + ln p95)/2, σ = (ln p95 − ln p5)/(2 z₀.₉₅), z₀.₉₅ = Φ⁻¹(0.95).
    use statrs::distribution::{ContinuousCDF, LogNormal, Normal};
    let (p5, p95) = (2_000.0f64, 60_000.0f64);
    let d = DistSpec::LognormalCi90 { p5, p95 }.build().unwrap();
    let z = Normal::standard().inverse_cdf(0.95);
    let mu = (p5.ln() + p95.ln()) / 2.0;
    let sigma = (p95.ln() - p5.ln()) / (2.0 * z);
    assert!((d.ppf(0.05).unwrap() / p5 - 1.0).abs() < 1e-9);
    assert!((d.ppf(0.95).unwrap() / p95 - 1.0).abs() < 1e-9);
    assert!((d.ppf(0.5).unwrap() / (p5 * p95).sqrt() - 1.0).abs() < 1e-12);
    let mean = (mu + sigma * sigma / 2.0).exp();
    assert!((d.mean().unwrap() / mean - 1.0).abs() < 1e-12);
    let reference = LogNormal::new(mu, sigma).unwrap();
    for q in [0.01, 0.25, 0.75, 0.99] {
        let x = d.ppf(q).unwrap();
        assert!((reference.cdf(x) - q).abs() < 1e-9, "q {q}");
    }
    // And the draws: 5% below p5 and 5% above p95, within 4 standard errors.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(23);
    let n = 100_000;
    let (mut below, mut above) = (0u32, 0u32);
    for _ in 0..n {
        let x = d.sample(&mut rng);
        below += u32::from(x < p5);
        above += u32::from(x > p95);
    }
    let se = (0.05 * 0.95 / f64::from(n)).sqrt();
    for share in [below, above] {
        assert!((f64::from(share) / f64::from(n) - 0.05).abs() < 4.0 * se);
    }
}

/// A generator that returns one fixed word: the extremes of `unit_open` on demand.
struct FixedWord(u64);

impl rand::TryRng for FixedWord {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.0 as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(self.0 as u8);
        Ok(())
    }
}

#[test]
fn unit_open_stays_inside_the_open_interval_at_both_extreme_words() {
    // The largest word: (2^53 - 1 + 1/2) / 2^53 rounds to exactly 1.0 in f64 unless held.
    let top = unit_open(&mut FixedWord(u64::MAX));
    assert!(top < 1.0, "unit_open gave {top} for the largest word");
    assert_eq!(top, 1.0 - f64::EPSILON / 2.0);
    // An unbounded quantile at that draw stays finite.
    let lognormal = DistSpec::Lognormal {
        mu: 0.0,
        sigma: 1.0,
    }
    .build()
    .unwrap();
    assert!(lognormal.ppf_unchecked(top).is_finite());
    // The smallest word: 1/2 over 2^53, above zero.
    let bottom = unit_open(&mut FixedWord(0));
    assert_eq!(bottom, 0.5 / (1u64 << 53) as f64);
    // A word in the middle is the plain formula (the hold changes nothing else).
    let mid = unit_open(&mut FixedWord(1u64 << 40));
    assert_eq!(mid, ((1u64 << 29) as f64 + 0.5) / (1u64 << 53) as f64);
}

#[test]
fn a_normal_truncated_above_only_never_draws_minus_infinity() {
    // The zero word gives `random::<f64>() == 0`, the quantile of which is `low` (-inf here).
    let upper_only = DistSpec::Normal {
        mean: 10.0,
        sd: 2.0,
        low: None,
        high: Some(12.0),
    }
    .build()
    .unwrap();
    let x = upper_only.sample(&mut FixedWord(0));
    assert!(x.is_finite() && x <= 12.0, "drew {x}");
    // Far in the lower tail, as the smallest uniform should be.
    assert!(x < 10.0 - 2.0 * 7.0, "drew {x}");
}
