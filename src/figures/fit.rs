//! The chart of a fit: the data's histogram and empirical CDF against the best fits
//! ([`crate::fit`]); [`crate::chart`] draws it.

use crate::chart::{ChartSpec, Detail, FitChartData, FitCurve, Provenance};
use crate::fit::{fit, FitError, FitRow, Model};
use crate::money::format_count;

/// Points on each continuous curve.
const GRID: usize = 400;
/// The most fits a chart draws.
pub const MAX_FITS_DRAWN: usize = 6;

/// A bin width of 1, 2 or 5 times a power of ten giving about `target` bins over `span`.
fn nice_width(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let m = raw / power;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// Histogram bins of the sorted values as densities: unit bins centred on the counts for
/// count data, else about `√n` (10 to 60) bins of a nice width.
fn bins(sorted: &[f64], counts: bool) -> Vec<(f64, f64, f64)> {
    let n = sorted.len() as f64;
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let (start, width, k) = if counts && hi - lo <= 200.0 {
        (lo - 0.5, 1.0, (hi - lo) as usize + 1)
    } else {
        let target = n.sqrt().clamp(10.0, 60.0) as usize;
        let width = nice_width((hi - lo).max(f64::EPSILON), target);
        let start = (lo / width).floor() * width;
        let k = (((hi - start) / width).floor() as usize + 1).max(1);
        (start, width, k)
    };
    let mut tally = vec![0usize; k];
    for &x in sorted {
        let i = (((x - start) / width).floor() as usize).min(k - 1);
        tally[i] += 1;
    }
    tally
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let a = start + i as f64 * width;
            (a, a + width, t as f64 / (n * width))
        })
        .collect()
}

/// One fit's curves over `[lo, hi]`: at every count for a discrete family, on an even grid
/// otherwise (its CDF at the grid, its density or probability at each point).
fn curve(model: &Model, name: String, lo: f64, hi: f64) -> FitCurve {
    let xs: Vec<f64> = if model.is_discrete() {
        let (a, b) = (lo.ceil().max(0.0), hi.floor());
        (0..=((b - a).max(0.0) as usize))
            .map(|i| a + i as f64)
            .collect()
    } else {
        (0..=GRID)
            .map(|i| lo + (hi - lo) * i as f64 / GRID as f64)
            .collect()
    };
    let density = xs
        .iter()
        .map(|&x| {
            let d = model.ln_pdf(x).exp();
            if d.is_finite() {
                d
            } else {
                0.0
            }
        })
        .collect();
    let cdf = xs.iter().map(|&x| model.cdf(x)).collect();
    FitCurve {
        name,
        xs,
        density,
        cdf,
        discrete: model.is_discrete(),
    }
}

/// The provenance of a fit's chart: no seed and no trials (a fit draws nothing at
/// random), the method `maximum likelihood` and the number of values fitted.
pub fn provenance(values: usize) -> Provenance {
    Provenance {
        seed: None,
        trials: None,
        method: "maximum likelihood".to_string(),
        scenario_hash: String::new(),
        ..Provenance::new(0, 0, "", "")
    }
    .with(Detail::new(
        "values",
        values.to_string(),
        format!("{} values", format_count(values as u64)),
    ))
}

/// The chart of the `top` best fits (at most [`MAX_FITS_DRAWN`]) of `families` to
/// `samples` (the same fits as [`fit`]), with `x_label` under the x axes.
pub fn fit_chart(
    samples: &[f64],
    families: Option<&[String]>,
    top: usize,
    x_label: &str,
) -> Result<ChartSpec, FitError> {
    let rows: Vec<FitRow> = fit(samples, families)?;
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let counts = sorted.iter().all(|&x| x >= 0.0 && x.fract() == 0.0);
    let bins = bins(&sorted, counts);
    let (lo, hi) = (bins[0].0, bins[bins.len() - 1].1);
    let curves = rows
        .iter()
        .filter_map(|r| r.fit.as_ref().ok())
        .take(top.clamp(1, MAX_FITS_DRAWN))
        .map(|f| {
            let name = format!("{} (AIC {:.1})", f.model.family(), f.aic);
            curve(&f.model, name, lo, hi)
        })
        .collect();
    Ok(ChartSpec::Fit(FitChartData {
        sorted,
        bins,
        curves,
        x_label: x_label.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_densities_integrate_to_one_and_cover_every_value() {
        let xs: Vec<f64> = (0..97)
            .map(|i| (f64::from(i) * 0.37).sin() * 5.0 + 7.0)
            .collect();
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        for counts in [false, true] {
            let data: Vec<f64> = if counts {
                sorted.iter().map(|x| x.round()).collect()
            } else {
                sorted.clone()
            };
            let b = bins(&data, counts);
            let area: f64 = b.iter().map(|(a, c, d)| (c - a) * d).sum();
            assert!((area - 1.0).abs() < 1e-12, "{area}");
            assert!(b[0].0 <= data[0] && b[b.len() - 1].1 >= data[data.len() - 1]);
        }
    }

    #[test]
    fn the_chart_draws_the_best_fits_first() {
        let xs: Vec<f64> = (1..=60).map(|i| (f64::from(i) / 10.0).exp()).collect();
        let ChartSpec::Fit(data) = fit_chart(&xs, None, 3, "minutes").unwrap() else {
            panic!("not a fit chart")
        };
        assert_eq!(data.curves.len(), 3);
        let best = &fit(&xs, None).unwrap()[0];
        assert!(data.curves[0].name.starts_with(best.family));
        assert!(data
            .curves
            .iter()
            .all(|c| c.cdf.windows(2).all(|w| w[0] <= w[1] + 1e-12)));
    }

    #[test]
    fn the_chart_renders_as_png_and_svg_for_continuous_and_count_data() {
        use crate::chart::{render, ChartOptions, Format};
        let continuous: Vec<f64> = (1..=80).map(|i| (f64::from(i) / 20.0).exp()).collect();
        let counts: Vec<f64> = (0..80).map(|i| f64::from(i % 7)).collect();
        for xs in [continuous, counts] {
            let spec = fit_chart(&xs, None, 4, "value").unwrap();
            let prov = provenance(xs.len());
            for format in [Format::Png, Format::Svg] {
                let bytes = render(&spec, &ChartOptions::default(), &prov, format).unwrap();
                assert!(bytes.len() > 1000);
            }
        }
    }
}
