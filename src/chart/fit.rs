//! Fitted distributions against observed data: on the left the data's histogram (as a
//! density) with each fit's density (or probabilities, for counts), on the right the
//! empirical CDF with each fit's CDF.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec};
use super::canvas::{Canvas, Rect, Res};
use super::layout::{legend, Swatch};
use super::stats::check_finite;
use super::theme::blend;
use super::ChartError;

/// One fitted family's curves, evaluated on a common grid.
#[derive(Debug, Clone, PartialEq)]
pub struct FitCurve {
    /// Legend text (`"lognormal (AIC 812.4)"`).
    pub name: String,
    /// Grid points.
    pub xs: Vec<f64>,
    /// Density (or probability, for a discrete family) at each grid point.
    pub density: Vec<f64>,
    /// CDF at each grid point.
    pub cdf: Vec<f64>,
    /// A discrete family: its grid is its support's points and its CDF is drawn as steps.
    pub discrete: bool,
}

/// Data for [`super::ChartSpec::Fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct FitChartData {
    /// The observations, sorted ascending.
    pub sorted: Vec<f64>,
    /// Histogram bins: `(low edge, high edge, density)`, the density being the share of
    /// values in the bin over its width.
    pub bins: Vec<(f64, f64, f64)>,
    /// The fits drawn, best first.
    pub curves: Vec<FitCurve>,
    /// The x axis title (the quantity measured).
    pub x_label: String,
}

impl FitChartData {
    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.sorted.is_empty() || self.bins.is_empty() {
            return Err(ChartError::EmptyData("fit chart: no data".into()));
        }
        check_finite("fit chart data", &self.sorted)?;
        for c in &self.curves {
            if c.xs.len() != c.density.len() || c.xs.len() != c.cdf.len() {
                return Err(ChartError::ShapeMismatch(format!(
                    "fit chart: curve {} has {} points, {} densities and {} CDF values",
                    c.name,
                    c.xs.len(),
                    c.density.len(),
                    c.cdf.len()
                )));
            }
            check_finite("fit chart curve", &c.xs)?;
            check_finite("fit chart curve", &c.density)?;
            check_finite("fit chart curve", &c.cdf)?;
        }
        Ok(())
    }

    fn x_range(&self) -> (f64, f64) {
        let lo = self.bins[0].0.min(self.sorted[0]);
        let hi = self.bins[self.bins.len() - 1]
            .1
            .max(self.sorted[self.sorted.len() - 1]);
        (lo, hi)
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let mut entries: Vec<(Swatch, String)> = vec![(
            Swatch::Box(blend(col.muted, col.background, 0.3)),
            format!("Data ({} values)", self.sorted.len()),
        )];
        for (i, curve) in self.curves.iter().enumerate() {
            entries.push((Swatch::Line(col.series(i)), curve.name.clone()));
        }
        let lh = legend(c, &entries, body.x0, body.y0, body.width())?;
        let gap = c.px(36.0);
        let top = body.y0 + lh + c.px(8.0);
        let mid = body.x0 + (body.width() - gap) / 2.0;
        let left = Rect {
            x0: body.x0,
            y0: top,
            x1: mid,
            y1: body.y1,
        };
        let right = Rect {
            x0: mid + gap,
            y0: top,
            x1: body.x1,
            y1: body.y1,
        };
        let (lo, hi) = self.x_range();

        // Left: histogram as a density, with each fit's density.
        let peak = self
            .bins
            .iter()
            .map(|b| b.2)
            .chain(self.curves.iter().flat_map(|c| c.density.iter().copied()))
            .fold(0.0_f64, f64::max);
        let xs = AxisSpec {
            snap: false,
            ..AxisSpec::new(lo, hi, AxisKind::Number, &self.x_label)
        };
        let ys = AxisSpec::new(0.0, (peak * 1.1).max(1e-12), AxisKind::Number, "Density");
        let p = axes::layout_xy(c, left, &xs, &ys)?;
        axes::draw_grid(c, &p, false)?;
        let bar = blend(col.muted, col.background, 0.3);
        for &(a, b, d) in &self.bins {
            c.rect(p.x.map(a), p.y.map(d), p.x.map(b), p.y.map(0.0), &bar)?;
        }
        for (i, curve) in self.curves.iter().enumerate() {
            let pts: Vec<(f64, f64)> = curve
                .xs
                .iter()
                .zip(&curve.density)
                .filter(|(x, _)| **x >= p.xaxis.lo && **x <= p.xaxis.hi)
                .map(|(x, d)| (p.x.map(*x), p.y.map(d.min(p.yaxis.hi))))
                .collect();
            c.line(&pts, &col.series(i), c.px(2.4))?;
        }
        axes::draw_axes(c, &p)?;

        // Right: the empirical CDF as steps, with each fit's CDF.
        let ys = AxisSpec::new(0.0, 1.0, AxisKind::Percent, "Share of values at or below");
        let q = axes::layout_xy(c, right, &xs, &ys)?;
        axes::draw_grid(c, &q, false)?;
        let n = self.sorted.len() as f64;
        let mut steps = vec![(q.x.map(q.xaxis.lo), q.y.map(0.0))];
        for (i, &x) in self.sorted.iter().enumerate() {
            let (below, at) = (i as f64 / n, (i as f64 + 1.0) / n);
            steps.push((q.x.map(x), q.y.map(below)));
            steps.push((q.x.map(x), q.y.map(at)));
        }
        steps.push((q.x.map(q.xaxis.hi), q.y.map(1.0)));
        c.line(&steps, &col.muted, c.px(2.0))?;
        for (i, curve) in self.curves.iter().enumerate() {
            let inside: Vec<(f64, f64)> = curve
                .xs
                .iter()
                .zip(&curve.cdf)
                .filter(|(x, _)| **x >= q.xaxis.lo && **x <= q.xaxis.hi)
                .map(|(x, f)| (*x, *f))
                .collect();
            let mut pts = Vec::with_capacity(2 * inside.len());
            for (k, &(x, f)) in inside.iter().enumerate() {
                if curve.discrete {
                    // Flat until the next point of the support, then a jump.
                    let next = inside.get(k + 1).map_or(q.xaxis.hi, |p| p.0);
                    pts.push((q.x.map(x), q.y.map(f)));
                    pts.push((q.x.map(next), q.y.map(f)));
                } else {
                    pts.push((q.x.map(x), q.y.map(f)));
                }
            }
            c.line(&pts, &col.series(i), c.px(2.4))?;
        }
        axes::draw_axes(c, &q)
    }
}
