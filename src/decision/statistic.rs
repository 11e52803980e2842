//! A statistic of savings with its 95% confidence interval from one run's trials.

use crate::money::format_share;
use crate::stats::{quantile_sorted, sorted, stable_sum};

/// The standard normal's 97.5th percentile: two-sided 95% intervals.
const Z95: f64 = 1.959_963_984_540_054;

/// A statistic of a sample of savings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Statistic {
    /// The mean.
    Mean,
    /// The quantile at `q` in (0, 1) (`median` is 0.5, `p5` is 0.05).
    Quantile(f64),
    /// The probability that savings are above zero, P(savings > 0).
    Prob,
}

/// A statistic's value with its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The statistic of the sample.
    pub value: f64,
    /// Lower end of its 95% confidence interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Statistic {
    /// Parses `mean`, `median`, `pNN` (NN a number strictly between 0 and 100, e.g. `p5`,
    /// `p95`, `p2.5`) or `prob`; the message lists what is allowed.
    pub fn parse(name: &str) -> Result<Statistic, String> {
        let bad = || {
            format!(
                "unknown statistic {name:?}: use \"mean\", \"median\", \"pNN\" (a percentile \
                 strictly between 0 and 100, e.g. \"p5\", \"p95\") or \"prob\" (P(savings > 0))"
            )
        };
        match name {
            "mean" => Ok(Statistic::Mean),
            "median" => Ok(Statistic::Quantile(0.5)),
            "prob" => Ok(Statistic::Prob),
            _ => {
                let pct: f64 = name
                    .strip_prefix('p')
                    .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.'))
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(bad)?;
                if pct > 0.0 && pct < 100.0 {
                    Ok(Statistic::Quantile(pct / 100.0))
                } else {
                    Err(bad())
                }
            }
        }
    }

    /// True for a statistic in currency (every one but `prob`).
    pub fn is_money(self) -> bool {
        !matches!(self, Statistic::Prob)
    }

    /// Words for it in chart and table text: `mean savings`, `median savings`, `5th
    /// percentile of savings`, `P(savings > 0)`.
    pub fn words(self) -> String {
        match self {
            Statistic::Mean => "mean savings".into(),
            Statistic::Quantile(0.5) => "median savings".into(),
            Statistic::Quantile(q) => format!("{} percentile of savings", ordinal(q)),
            Statistic::Prob => "P(savings > 0)".into(),
        }
    }

    /// The statistic of `values` with its 95% confidence interval: for the mean, the
    /// normal (CLT) interval `mean ± 1.96 sd / √n`; for a quantile, the distribution-free
    /// interval between the order statistics whose ranks are `nq ∓ 1.96 √(nq(1−q))`
    /// (the normal approximation of the binomial count below the quantile); for `prob`,
    /// Wilson's score interval.
    pub fn estimate(self, values: &[f64]) -> Estimate {
        let n = values.len() as f64;
        match self {
            Statistic::Mean => {
                let mean = stable_sum(values) / n;
                let dev: Vec<f64> = values.iter().map(|v| (v - mean) * (v - mean)).collect();
                let sd = if values.len() > 1 {
                    (stable_sum(&dev) / (n - 1.0)).sqrt()
                } else {
                    0.0
                };
                let h = Z95 * sd / n.sqrt();
                Estimate {
                    value: mean,
                    low: mean - h,
                    high: mean + h,
                }
            }
            Statistic::Quantile(q) => {
                let s = sorted(values);
                let centre = n * q;
                let spread = Z95 * (n * q * (1.0 - q)).sqrt();
                // 1-based ranks, clipped to the sample.
                let rank = |r: f64| (r.clamp(1.0, n) as usize).saturating_sub(1);
                Estimate {
                    value: quantile_sorted(&s, q),
                    low: s[rank((centre - spread).floor())],
                    high: s[rank((centre + spread).ceil())],
                }
            }
            Statistic::Prob => {
                let k = values.iter().filter(|&&v| v > 0.0).count() as f64;
                let p = k / n;
                let z2 = Z95 * Z95;
                let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
                let h = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
                Estimate {
                    value: p,
                    low: (centre - h).max(0.0),
                    high: (centre + h).min(1.0),
                }
            }
        }
    }
}

/// `5` for 5.0, `2.5` for 2.5.
/// The percentile of the quantile `q` as an ordinal: `1st`, `2nd`, `3rd`, `11th`, `22nd`,
/// `12.5th`, `0.0001th` (the number as precisions are written, [`format_share`], so a
/// small `q` is not rounded to `0th`).
fn ordinal(q: f64) -> String {
    let number = format_share(q);
    let suffix = match number.parse::<u64>() {
        Ok(n) if (11..=13).contains(&(n % 100)) => "th",
        Ok(n) if n % 10 == 1 => "st",
        Ok(n) if n % 10 == 2 => "nd",
        Ok(n) if n % 10 == 3 => "rd",
        _ => "th",
    };
    format!("{number}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_written_as_ordinals() {
        for (q, want) in [
            (0.01, "1st"),
            (0.02, "2nd"),
            (0.03, "3rd"),
            (0.04, "4th"),
            (0.11, "11th"),
            (0.12, "12th"),
            (0.13, "13th"),
            (0.21, "21st"),
            (0.22, "22nd"),
            (0.95, "95th"),
            (0.125, "12.5th"),
            (0.000_000_001, "0.0000001th"),
        ] {
            assert_eq!(ordinal(q), want, "{q}");
        }
        assert_eq!(
            Statistic::Quantile(0.01).words(),
            "1st percentile of savings"
        );
    }

    #[test]
    fn parses_the_names_and_refuses_the_rest() {
        assert_eq!(Statistic::parse("mean"), Ok(Statistic::Mean));
        assert_eq!(Statistic::parse("median"), Ok(Statistic::Quantile(0.5)));
        assert_eq!(Statistic::parse("p5"), Ok(Statistic::Quantile(0.05)));
        assert_eq!(Statistic::parse("p2.5"), Ok(Statistic::Quantile(0.025)));
        assert_eq!(Statistic::parse("prob"), Ok(Statistic::Prob));
        for bad in ["medain", "p0", "p100", "p", "p-5", "P50", "pfive"] {
            let e = Statistic::parse(bad).unwrap_err();
            assert!(
                e.contains(&format!("{bad:?}")) && e.contains("median"),
                "{e}"
            );
        }
    }

    #[test]
    fn intervals_cover_their_statistic() {
        let v: Vec<f64> = (0..1000).map(f64::from).collect();
        let m = Statistic::Mean.estimate(&v);
        assert_eq!(m.value, 499.5);
        // sd of 0..999 is sqrt((n^2 - 1) / 12 * n / (n - 1)).
        let sd = ((1000.0f64 * 1000.0 - 1.0) / 12.0 * 1000.0 / 999.0).sqrt();
        assert!((m.high - m.value - Z95 * sd / 1000f64.sqrt()).abs() < 1e-9);
        let q = Statistic::Quantile(0.5).estimate(&v);
        assert_eq!(q.value, 499.5);
        // ranks 500 ∓ 1.96·√250 = 469.0.., 530.9.. → floor 469, ceil 531 (1-based).
        assert_eq!((q.low, q.high), (468.0, 530.0));
        let p = Statistic::Prob.estimate(&v);
        assert_eq!(p.value, 0.999);
        assert!(p.low < 0.999 && p.high <= 1.0);
    }
}
