//! Percentile bands with a median line, shared by the cumulative and sweep charts.

use plotters::prelude::*;

use super::axes::XYPlot;
use super::canvas::{Canvas, Res};
use super::stats::{check_finite, check_len};
use super::ChartError;

/// Three percentile curves of one named series: the 5th, the median and the 95th, point
/// by point (years of a cumulative chart, grid values of a sweep).
#[derive(Debug, Clone, PartialEq)]
pub struct PercentileSeries {
    /// Legend name, e.g. `"Repave"` or `"4 engineers"`.
    pub name: String,
    /// 5th percentile at each point (money).
    pub p5: Vec<f64>,
    /// Median at each point (money).
    pub p50: Vec<f64>,
    /// 95th percentile at each point (money).
    pub p95: Vec<f64>,
}

impl PercentileSeries {
    /// A series from its three percentile curves (all of the same length).
    pub fn new(name: &str, p5: Vec<f64>, p50: Vec<f64>, p95: Vec<f64>) -> Self {
        Self {
            name: name.to_string(),
            p5,
            p50,
            p95,
        }
    }

    /// Checks that every curve has `points` finite values; `chart` names the chart kind
    /// in the error.
    pub(crate) fn check(&self, chart: &str, points: usize) -> Result<(), ChartError> {
        for (which, v) in [("p5", &self.p5), ("p50", &self.p50), ("p95", &self.p95)] {
            let what = format!("{chart} series \"{}\" {which}", self.name);
            check_len(&what, v.len(), points)?;
            check_finite(&what, v)?;
        }
        Ok(())
    }
}

/// Fills the band between `lo` and `hi` along `xs` (translucent `color`), then draws
/// the median line on top.
pub(crate) fn band_and_median<DB: DrawingBackend>(
    c: &Canvas<DB>,
    p: &XYPlot,
    xs: &[f64],
    lo: &[f64],
    mid: &[f64],
    hi: &[f64],
    color: RGBColor,
) -> Res {
    if xs.is_empty() {
        return Ok(());
    }
    let mut poly: Vec<(f64, f64)> = xs
        .iter()
        .zip(hi)
        .map(|(&x, &v)| (p.x.map(x), p.y.map(v)))
        .collect();
    poly.extend(
        xs.iter()
            .zip(lo)
            .rev()
            .map(|(&x, &v)| (p.x.map(x), p.y.map(v))),
    );
    if xs.len() > 1 {
        c.polygon(&poly, &color.mix(0.18))?;
        // crisp band edges
        let edge = color.mix(0.45);
        let top: Vec<(f64, f64)> = xs
            .iter()
            .zip(hi)
            .map(|(&x, &v)| (p.x.map(x), p.y.map(v)))
            .collect();
        let bottom: Vec<(f64, f64)> = xs
            .iter()
            .zip(lo)
            .map(|(&x, &v)| (p.x.map(x), p.y.map(v)))
            .collect();
        c.line(&top, &edge, c.px(1.0))?;
        c.line(&bottom, &edge, c.px(1.0))?;
        let line: Vec<(f64, f64)> = xs
            .iter()
            .zip(mid)
            .map(|(&x, &v)| (p.x.map(x), p.y.map(v)))
            .collect();
        c.line(&line, &color, c.px(3.0))?;
    } else {
        // a single point: an error bar
        let x = p.x.map(xs[0]);
        c.line(
            &[(x, p.y.map(lo[0])), (x, p.y.map(hi[0]))],
            &color,
            c.px(2.0),
        )?;
        c.circle(x, p.y.map(mid[0]), c.px(5.0), &color)?;
    }
    Ok(())
}

/// Smallest and largest value over several slices (None when all are empty).
pub(crate) fn extent<'a>(slices: impl IntoIterator<Item = &'a [f64]>) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in slices {
        for &v in s {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    (lo <= hi).then_some((lo, hi))
}
