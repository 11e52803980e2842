//! Convergence: each watched statistic's estimate and confidence interval as the trials
//! of a precision-controlled run grew, on a logarithmic trials axis.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec};
use super::bands::{band_and_median, extent, PercentileSeries};
use super::canvas::{Canvas, Rect, Res};
use super::layout::{legend_titled, Swatch};
use super::stats::check_finite;
use super::ChartError;

/// Data for [`super::ChartSpec::Convergence`].
#[derive(Debug, Clone, PartialEq)]
pub struct ConvergenceData {
    /// Trials after each batch, strictly increasing and positive.
    pub trials: Vec<f64>,
    /// Axis title for the amounts, e.g. `"Savings over 3 years"`.
    pub y_label: String,
    /// One series per watched statistic: `p5` holds the interval's lower ends, `p50` the
    /// estimates and `p95` the upper ends, batch by batch.
    pub series: Vec<PercentileSeries>,
}

impl ConvergenceData {
    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.trials.is_empty() {
            return Err(ChartError::EmptyData(
                "convergence chart: no batches".into(),
            ));
        }
        check_finite("convergence trials", &self.trials)?;
        if self.trials.iter().any(|&t| t <= 0.0) || self.trials.windows(2).any(|w| w[1] <= w[0]) {
            return Err(ChartError::InvalidInput(
                "convergence chart: trials must be positive and strictly increasing".into(),
            ));
        }
        if self.series.is_empty() {
            return Err(ChartError::EmptyData("convergence chart: no series".into()));
        }
        for s in &self.series {
            s.check("convergence", self.trials.len())?;
        }
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let entries: Vec<(Swatch, String)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (Swatch::Band(col.series(i)), s.name.clone()))
            .collect();
        let lh = legend_titled(c, None, &entries, body.x0, body.y0, body.width())?;
        let area = Rect {
            y0: body.y0 + lh + c.px(8.0),
            ..body
        };
        let (lo, hi) = extent(
            self.series
                .iter()
                .flat_map(|s| [&s.p5[..], &s.p50[..], &s.p95[..]]),
        )
        .unwrap_or((0.0, 1.0));
        let (x0, x1) = (self.trials[0], self.trials[self.trials.len() - 1]);
        // One batch: widen the axis around it so the point sits inside.
        let (x0, x1) = if x1 > x0 {
            (x0, x1)
        } else {
            (x0 / 2.0, x1 * 2.0)
        };
        let xspec = AxisSpec {
            snap: false,
            log: true,
            ..AxisSpec::new(x0, x1, AxisKind::Integer, "Trials")
        };
        let yspec = AxisSpec::new(lo, hi, AxisKind::Money, &self.y_label);
        let p = axes::layout_xy(c, area, &xspec, &yspec)?;
        axes::draw_grid(c, &p, true)?;
        axes::draw_zero_line(c, &p)?;
        for (i, s) in self.series.iter().enumerate() {
            band_and_median(c, &p, &self.trials, &s.p5, &s.p50, &s.p95, col.series(i))?;
            for (&t, &m) in self.trials.iter().zip(&s.p50) {
                c.circle(p.x.map(t), p.y.map(m), c.px(3.5), &col.series(i))?;
            }
        }
        axes::draw_axes(c, &p)
    }
}
