//! Fitting distribution families to observed data by maximum likelihood, and ranking the
//! fits (`rc.fit`, `repave-cost fit`).
//!
//! [`fit`] checks the data, fits every family asked for (or every suitable one), and
//! returns one [`FitRow`] per family: the fitted [`Model`] with its log-likelihood, AIC,
//! BIC and Kolmogorov–Smirnov statistic and p-value, best (lowest AIC) first, or the
//! reason the family was left out. How each family is estimated is in [`estimate`]; the
//! test in [`ks`]. docs/fitting.md states the choices (the bounded families' support,
//! parameter counts, the p-value's caveats).

pub mod estimate;
pub mod ks;
pub mod model;
mod optimise;

pub use model::Model;

use crate::distributions::{DistSpec, FieldValue};
use crate::table::{Column, Table};
use estimate::{Data, Estimate};

/// Every family `fit` knows, in the order the table lists ties and skipped families.
pub const FIT_FAMILIES: [&str; 10] = [
    "normal",
    "normal_above_zero",
    "lognormal",
    "gamma",
    "beta",
    "pert",
    "triangular",
    "uniform",
    "poisson",
    "bernoulli",
];

/// The families fitted to non-count data by default.
const CONTINUOUS: [&str; 8] = [
    "normal",
    "normal_above_zero",
    "lognormal",
    "gamma",
    "beta",
    "pert",
    "triangular",
    "uniform",
];

/// The note of a continuous family ranked on count data.
pub const BINNED_NOTE: &str =
    "count data: log-likelihood of unit bins F(x+0.5) - F(x-0.5), to rank against counts";

/// The fewest values a fit accepts.
pub const MIN_SAMPLES: usize = 5;

/// Bad data or arguments: the argument at fault (`samples`, `samples[3]`, `families`) and
/// what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct FitError {
    /// The argument (or element) at fault.
    pub field: String,
    /// What is wrong, with the allowed values.
    pub message: String,
}

impl FitError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> FitError {
        FitError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// What one family's fit gave.
#[derive(Clone, Debug, PartialEq)]
pub struct FitRow {
    /// The family's name (one of [`FIT_FAMILIES`]).
    pub family: &'static str,
    /// The fit, or why the family was left out.
    pub fit: Result<Fitted, String>,
    /// True when its log-likelihood is that of unit bins (a continuous family on counts).
    pub binned: bool,
}

/// A fitted family and how well it fits.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    /// The family with its estimated parameters.
    pub model: Model,
    /// The log-likelihood at the estimate (log-probabilities for the discrete families).
    pub log_likelihood: f64,
    /// Akaike's criterion, `2k − 2 ln L`.
    pub aic: f64,
    /// The Bayesian (Schwarz) criterion, `k ln n − 2 ln L`.
    pub bic: f64,
    /// The Kolmogorov–Smirnov statistic.
    pub ks_statistic: f64,
    /// Its asymptotic p-value (see [`ks`]).
    pub ks_pvalue: f64,
}

/// The families fitted when none are named: Bernoulli and Poisson for 0/1 data, Poisson
/// and the continuous families for other counts, the continuous families otherwise.
fn default_families(sorted: &[f64]) -> Vec<&'static str> {
    if sorted.iter().all(|&x| x == 0.0 || x == 1.0) {
        vec!["bernoulli", "poisson"]
    } else if sorted.iter().all(|&x| estimate::is_count(x)) {
        std::iter::once("poisson").chain(CONTINUOUS).collect()
    } else {
        CONTINUOUS.to_vec()
    }
}

fn estimate(family: &str, d: &Data<'_>) -> Estimate {
    match family {
        "normal" => estimate::normal(d),
        "normal_above_zero" => estimate::normal_above_zero(d),
        "lognormal" => estimate::lognormal(d),
        "gamma" => estimate::gamma(d),
        "beta" => estimate::beta(d),
        "pert" => estimate::pert(d),
        "triangular" => estimate::triangular(d),
        "uniform" => estimate::uniform(d),
        "poisson" => estimate::poisson(d),
        "bernoulli" => estimate::bernoulli(d),
        _ => unreachable!("families are checked against FIT_FAMILIES"),
    }
}

/// The checked family names: each of [`FIT_FAMILIES`], duplicates dropped.
fn checked_families(families: &[String]) -> Result<Vec<&'static str>, FitError> {
    if families.is_empty() {
        return Err(FitError::new(
            "families",
            format!("name at least one family, from {}", FIT_FAMILIES.join(", ")),
        ));
    }
    let mut out = Vec::new();
    for name in families {
        let Some(&known) = FIT_FAMILIES.iter().find(|f| **f == name.as_str()) else {
            return Err(FitError::new(
                "families",
                format!(
                    "unknown family {name:?}; choose from {}",
                    FIT_FAMILIES.join(", ")
                ),
            ));
        };
        if !out.contains(&known) {
            out.push(known);
        }
    }
    Ok(out)
}

/// The largest magnitude a value may have: squares and sums of a few million such values
/// stay finite.
pub const MAX_ABS_SAMPLE: f64 = 1e150;

/// Checks the data: at least [`MIN_SAMPLES`] values, every one finite and within
/// ±[`MAX_ABS_SAMPLE`].
fn check_samples(samples: &[f64]) -> Result<(), FitError> {
    if let Some(i) = samples.iter().position(|x| !x.is_finite()) {
        return Err(FitError::new(
            format!("samples[{i}]"),
            format!("must be a finite number, got {}", samples[i]),
        ));
    }
    if let Some(i) = samples.iter().position(|x| x.abs() > MAX_ABS_SAMPLE) {
        return Err(FitError::new(
            format!("samples[{i}]"),
            format!(
                "must lie within ±{MAX_ABS_SAMPLE:e} to be fitted, got {:e}; rescale the data",
                samples[i]
            ),
        ));
    }
    if samples.len() < MIN_SAMPLES {
        return Err(FitError::new(
            "samples",
            format!(
                "at least {MIN_SAMPLES} values are needed to fit a distribution, got {}",
                samples.len()
            ),
        ));
    }
    Ok(())
}

/// Fits `families` (every suitable one when `None`, see `default_families` in this module) to
/// `samples` by maximum likelihood: the fitted rows by AIC, lowest first (ties in
/// [`FIT_FAMILIES`] order), then the families left out, each with its reason. An error
/// when the data are unusable or no family fits.
///
/// On count data (every value a whole number, 0 or above) a density and a probability
/// cannot be ranked against each other, so a continuous family's log-likelihood is that of
/// unit bins, `Σ ln(F(x + ½) − F(x − ½))` (its parameters stay the density's MLE); its
/// `note` says so.
pub fn fit(samples: &[f64], families: Option<&[String]>) -> Result<Vec<FitRow>, FitError> {
    check_samples(samples)?;
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let names = match families {
        Some(names) => checked_families(names)?,
        None => default_families(&sorted),
    };
    let data = Data::new(&sorted);
    let n = sorted.len() as f64;
    let counts = sorted.iter().all(|&x| estimate::is_count(x));
    let mut rows: Vec<FitRow> = names
        .iter()
        .map(|&family| {
            let fit = estimate(family, &data).and_then(|model| {
                // On counts every family is compared on the probability of each count.
                let log_likelihood = if counts && !model.is_discrete() {
                    estimate::binned_log_likelihood(&model, &data)
                } else {
                    estimate::log_likelihood(&model, &data)
                };
                if !log_likelihood.is_finite() {
                    return Err("the fit gives some value zero likelihood".to_string());
                }
                model.spec().build().map_err(|e| e.message)?;
                let k = model.n_parameters() as f64;
                let ks_statistic = ks::statistic(&sorted, &model);
                if !ks_statistic.is_finite() {
                    return Err("its CDF cannot be evaluated on these data".to_string());
                }
                Ok(Fitted {
                    model,
                    log_likelihood,
                    aic: 2.0 * k - 2.0 * log_likelihood,
                    bic: k * n.ln() - 2.0 * log_likelihood,
                    ks_statistic,
                    ks_pvalue: ks::p_value(ks_statistic, sorted.len()),
                })
            });
            FitRow {
                family,
                binned: counts && fit.as_ref().is_ok_and(|f| !f.model.is_discrete()),
                fit,
            }
        })
        .collect();
    let order = |row: &FitRow| FIT_FAMILIES.iter().position(|f| *f == row.family);
    rows.sort_by(|a, b| match (&a.fit, &b.fit) {
        (Ok(x), Ok(y)) => x.aic.total_cmp(&y.aic).then(order(a).cmp(&order(b))),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => order(a).cmp(&order(b)),
    });
    if rows.iter().all(|r| r.fit.is_err()) {
        let reasons: Vec<String> = rows
            .iter()
            .map(|r| format!("{}: {}", r.family, r.fit.as_ref().err().map_or("", |s| s)))
            .collect();
        return Err(FitError::new(
            "samples",
            format!("no family fits these data ({})", reasons.join("; ")),
        ));
    }
    Ok(rows)
}

/// `{ dist = "lognormal", mu = 1.2, sigma = 0.3 }`: the spec as a TOML inline table, to
/// paste into a scenario (numbers in their shortest exact form).
pub fn toml_inline(spec: &DistSpec) -> String {
    let mut parts = vec![format!("dist = \"{}\"", spec.family())];
    for (def, value) in spec.present_fields() {
        let text = match value {
            FieldValue::Number(x) => format!("{x:?}"),
            FieldValue::Numbers(xs) => {
                let shown: Vec<String> = xs.iter().map(|x| format!("{x:?}")).collect();
                format!("[{}]", shown.join(", "))
            }
        };
        parts.push(format!("{} = {text}", def.name));
    }
    format!("{{ {} }}", parts.join(", "))
}

/// The rows as the fit table: `family`, `dist` (the TOML inline table), `n_parameters`,
/// `log_likelihood`, `aic`, `bic`, `ks_statistic`, `ks_pvalue` (missing for a family left
/// out) and `note` (why it was left out, [`BINNED_NOTE`] for a binned likelihood, else
/// empty).
pub fn fit_table(rows: &[FitRow]) -> Table {
    let ok = |f: &dyn Fn(&Fitted) -> f64| {
        Column::OptF64(rows.iter().map(|r| r.fit.as_ref().ok().map(f)).collect())
    };
    let mut table = Table::default();
    table.push(
        "family",
        Column::Str(rows.iter().map(|r| r.family.to_string()).collect()),
    );
    table.push(
        "dist",
        Column::Str(
            rows.iter()
                .map(|r| match &r.fit {
                    Ok(f) => toml_inline(&f.model.spec()),
                    Err(_) => String::new(),
                })
                .collect(),
        ),
    );
    table.push(
        "n_parameters",
        Column::I64(
            rows.iter()
                .map(|r| r.fit.as_ref().map_or(0, |f| f.model.n_parameters() as i64))
                .collect(),
        ),
    );
    table.push("log_likelihood", ok(&|f| f.log_likelihood));
    table.push("aic", ok(&|f| f.aic));
    table.push("bic", ok(&|f| f.bic));
    table.push("ks_statistic", ok(&|f| f.ks_statistic));
    table.push("ks_pvalue", ok(&|f| f.ks_pvalue));
    table.push(
        "note",
        Column::Str(
            rows.iter()
                .map(|r| match &r.fit {
                    Err(why) => why.clone(),
                    Ok(_) if r.binned => BINNED_NOTE.to_string(),
                    Ok(_) => String::new(),
                })
                .collect(),
        ),
    );
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_data_and_families_are_errors_naming_the_argument() {
        let err = fit(&[1.0, 2.0, 3.0], None).unwrap_err();
        assert_eq!(err.field, "samples");
        assert!(err.message.contains("at least 5"), "{err}");
        let err = fit(&[1.0, 2.0, f64::NAN, 3.0, 4.0], None).unwrap_err();
        assert_eq!(err.field, "samples[2]");
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        let err = fit(&xs, Some(&["cauchy".to_string()])).unwrap_err();
        assert_eq!(err.field, "families");
        assert!(err.message.contains("normal_above_zero"), "{err}");
        let err = fit(&[2.5; 6], None).unwrap_err();
        assert!(err.message.contains("no family fits"), "{err}");
        // Constant counts too: a Poisson fitted to them had a KS p-value of 6e-16.
        for constant in [[3.0; 100], [0.0; 100], [1.0; 100]] {
            let err = fit(&constant, None).unwrap_err();
            assert!(err.message.contains("every value is the same"), "{err}");
        }
    }

    #[test]
    fn huge_whole_values_are_not_counts() {
        // Every double from 2^52 on is whole; binned as counts, each unit bin had no width
        // and every family "gave some value zero likelihood".
        let xs: Vec<f64> = (1..=6).map(|k| k as f64 * 1e149).collect();
        let rows = fit(&xs, None).unwrap();
        assert!(rows.iter().all(|r| r.family != "poisson"));
        let uniform = rows.iter().find(|r| r.family == "uniform").unwrap();
        let fitted = uniform.fit.as_ref().unwrap();
        // Uniform on [1e149, 6e149]: log-likelihood −6 ln(5e149).
        let expected = -6.0 * 5e149f64.ln();
        assert!((fitted.log_likelihood / expected - 1.0).abs() < 1e-12);
        assert!(estimate::is_count(estimate::MAX_COUNT));
        assert!(!estimate::is_count(estimate::MAX_COUNT * 2.0));
    }

    #[test]
    fn extreme_data_give_errors_or_finite_fits_never_a_panic() {
        let err = fit(&[1e300, 2e300, 3e300, 4e300, 5e300], None).unwrap_err();
        assert_eq!(err.field, "samples[0]");
        let cases: [&[f64]; 5] = [
            &[1e150, -1e150, 0.0, 1.0, 2.0],
            &[5e-324, 5e-324, 5e-324, 5e-324, 1e-300],
            &[0.0, 0.0, 0.0, 0.0, 1e-300],
            &[1e-300, 2e-300, 3e-300, 4e-300, 5e-300],
            &[9.2e18, 1.8e19, 1.0, 2.0, 3.0],
        ];
        for xs in cases {
            if let Ok(rows) = fit(xs, Some(&FIT_FAMILIES.map(String::from))) {
                for f in rows.iter().filter_map(|r| r.fit.as_ref().ok()) {
                    for v in [f.log_likelihood, f.aic, f.bic, f.ks_statistic, f.ks_pvalue] {
                        assert!(v.is_finite(), "{xs:?}: {f:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn rows_are_ranked_by_aic_then_the_families_left_out() {
        let xs = [-1.0, 0.5, 1.5, 2.0, 2.2, 3.1, 4.0];
        let rows = fit(&xs, None).unwrap();
        let fitted: Vec<f64> = rows
            .iter()
            .filter_map(|r| r.fit.as_ref().ok().map(|f| f.aic))
            .collect();
        assert!(fitted.windows(2).all(|w| w[0] <= w[1]), "{fitted:?}");
        let first_skipped = rows.iter().position(|r| r.fit.is_err()).unwrap();
        assert!(rows[first_skipped..].iter().all(|r| r.fit.is_err()));
        let left_out: Vec<&str> = rows[first_skipped..].iter().map(|r| r.family).collect();
        assert_eq!(left_out, ["normal_above_zero", "lognormal", "gamma"]);
    }

    #[test]
    fn default_families_follow_the_data() {
        let names =
            |xs: &[f64]| -> Vec<&str> { fit(xs, None).unwrap().iter().map(|r| r.family).collect() };
        let mut binary = names(&[0.0, 1.0, 1.0, 0.0, 1.0]);
        binary.sort();
        assert_eq!(binary, ["bernoulli", "poisson"]);
        assert!(names(&[0.0, 3.0, 1.0, 2.0, 5.0]).contains(&"poisson"));
        assert!(!names(&[0.5, 3.0, 1.0, 2.0, 5.0]).contains(&"poisson"));
    }

    #[test]
    fn the_toml_line_reads_back_as_the_same_spec() {
        let spec = Model::LogNormal {
            mu: 1.0 / 3.0,
            sigma: 0.25,
        }
        .spec();
        let line = toml_inline(&spec);
        assert_eq!(
            line,
            "{ dist = \"lognormal\", mu = 0.3333333333333333, sigma = 0.25 }"
        );
        let back: toml::Value = toml::from_str(&format!("x = {line}")).unwrap();
        let parsed: DistSpec = back["x"].clone().try_into().unwrap();
        assert_eq!(parsed, spec);
    }
}
