//! A break-even search drawn: a statistic of savings along one scenario field with its
//! 95% confidence band, the level it should cross, the crossing and its interval.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec};
use super::bands::{band_and_median, extent};
use super::canvas::{Canvas, Rect, Res};
use super::layout::{legend, Swatch};
use super::stats::check_finite;
use super::ChartError;
use crate::money::format_number;

/// Data for [`super::ChartSpec::Crossing`].
#[derive(Debug, Clone, PartialEq)]
pub struct CrossingData {
    /// The field's evaluated values, strictly increasing.
    pub x: Vec<f64>,
    /// The statistic at each value.
    pub value: Vec<f64>,
    /// Lower end of its 95% confidence interval at each value.
    pub low: Vec<f64>,
    /// Upper end.
    pub high: Vec<f64>,
    /// The level the statistic should cross (a horizontal dashed line).
    pub level: f64,
    /// The crossing (a marker on the level line).
    pub crossing: f64,
    /// Its 95% interval (shaded along the x axis).
    pub interval: (f64, f64),
    /// Axis title for the field, e.g. `"Hosts"`.
    pub x_label: String,
    /// Axis title for the statistic, e.g. `"Median savings over 3 years"`.
    pub y_label: String,
    /// True for a statistic in currency, false for a probability.
    pub money: bool,
}

impl CrossingData {
    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        let n = self.x.len();
        if n < 2 {
            return Err(ChartError::EmptyData(
                "break-even chart: at least two evaluated points".into(),
            ));
        }
        for (what, v) in [
            ("value", &self.value),
            ("low", &self.low),
            ("high", &self.high),
        ] {
            super::stats::check_len(&format!("break-even {what}"), v.len(), n)?;
            check_finite(&format!("break-even {what}"), v)?;
        }
        check_finite("break-even x", &self.x)?;
        check_finite(
            "break-even crossing",
            &[self.level, self.crossing, self.interval.0, self.interval.1],
        )?;
        if self.x.windows(2).any(|w| w[1] <= w[0]) {
            return Err(ChartError::InvalidInput(
                "break-even x values must be strictly increasing".into(),
            ));
        }
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let line = col.series(0);
        let entries = vec![
            (
                Swatch::Band(line),
                format!("{} (band: 95% confidence interval)", self.y_label),
            ),
            (
                Swatch::Box(col.series(1)),
                format!(
                    "crossing at {} (95% interval {} to {})",
                    format_number(self.crossing),
                    format_number(self.interval.0),
                    format_number(self.interval.1)
                ),
            ),
        ];
        let lh = legend(c, &entries, body.x0, body.y0, body.width())?;
        let area = Rect {
            y0: body.y0 + lh + c.px(8.0),
            ..body
        };
        let (lo, hi) =
            extent([&self.low[..], &self.high[..], &[self.level][..]]).unwrap_or((0.0, 1.0));
        let (x0, x1) = (self.x[0], self.x[self.x.len() - 1]);
        let xspec = AxisSpec {
            snap: false,
            ..AxisSpec::new(x0, x1, AxisKind::Number, &self.x_label)
        };
        let kind = if self.money {
            AxisKind::Money
        } else {
            AxisKind::Percent
        };
        let yspec = AxisSpec::new(lo, hi, kind, &self.y_label);
        let p = axes::layout_xy(c, area, &xspec, &yspec)?;
        axes::draw_grid(c, &p, true)?;
        // The crossing's interval, shaded over the plot's height.
        let shade = col.series(1).mix(0.18);
        let (ia, ib) = (p.x.map(self.interval.0), p.x.map(self.interval.1));
        c.rect(
            ia.min(ib),
            p.rect.y0,
            ia.max(ib).max(ia.min(ib) + c.px(1.5)),
            p.rect.y1,
            &shade,
        )?;
        band_and_median(c, &p, &self.x, &self.low, &self.value, &self.high, line)?;
        let y = p.y.map(self.level);
        c.dashed(
            (p.rect.x0, y),
            (p.rect.x1, y),
            &col.ink,
            c.px(1.5),
            c.px(6.0),
            c.px(4.0),
        )?;
        axes::draw_axes(c, &p)?;
        let x = p.x.map(self.crossing);
        c.circle(x, y, c.px(6.5), &col.background)?;
        c.circle(x, y, c.px(5.0), &col.series(1))?;
        c.circle_outline(x, y, c.px(6.5), &col.ink, c.px(1.5))?;
        Ok(())
    }
}
