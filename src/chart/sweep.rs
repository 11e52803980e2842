//! Sweep lines: percentile bands of a money result along a swept parameter, one
//! series per value of a second parameter, with break-even points marked.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec};
use super::bands::{band_and_median, extent, PercentileSeries};
use super::canvas::{Canvas, Rect, Res};
use super::layout::{legend_titled, Swatch};
use super::stats::{break_even, check_finite};
use super::ChartError;
use crate::money::format_number;

/// Percentiles of the result along the sweep, for one value of the second parameter; the
/// median's zero crossing is the break-even point.
pub type SweepSeries = PercentileSeries;

/// The legend entry that says what a sweep chart draws: the line, the band and the dots.
pub const SWEEP_LINES_KEY: &str =
    "Line: median · band: 5th–95th percentile · dots: the grid points simulated";

/// Data for [`super::ChartSpec::SweepLines`].
#[derive(Debug, Clone, PartialEq)]
pub struct SweepLinesData {
    /// Grid values of the swept parameter, strictly increasing.
    pub x: Vec<f64>,
    /// Axis title for the swept parameter, e.g. `"Hosts"`.
    pub x_label: String,
    /// Axis title for the money result, e.g. `"3-year savings"`.
    pub y_label: String,
    /// Name of the second parameter, written before the legend (may be empty).
    pub series_label: String,
    /// One series per value of the second parameter.
    pub series: Vec<SweepSeries>,
    /// Logarithmic x axis: `Some(true/false)` forces it, `None` chooses a log axis when
    /// all x are positive and span more than two decades.
    pub log_x: Option<bool>,
    /// The last legend entry, saying what the line, the band and the dots are
    /// ([`SWEEP_LINES_KEY`] by default).
    pub key: String,
}

impl SweepLinesData {
    /// Bands of `series` along the grid `x`.
    pub fn new(x: Vec<f64>, x_label: &str, y_label: &str, series: Vec<SweepSeries>) -> Self {
        Self {
            x,
            x_label: x_label.to_string(),
            y_label: y_label.to_string(),
            series_label: String::new(),
            series,
            log_x: None,
            key: SWEEP_LINES_KEY.to_string(),
        }
    }

    /// Whether the x axis is logarithmic (explicit choice or automatic).
    pub fn uses_log_x(&self) -> bool {
        let positive = self.x.iter().all(|&v| v > 0.0);
        match self.log_x {
            Some(l) => l && positive,
            None => {
                positive
                    && match (self.x.first(), self.x.last()) {
                        (Some(&a), Some(&b)) => b / a > 100.0,
                        _ => false,
                    }
            }
        }
    }

    /// Break-even x of each series: where its median crosses zero (interpolated
    /// linearly, in log10(x) on a log axis), `None` if it never does.
    pub fn break_evens(&self) -> Vec<Option<f64>> {
        let log = self.uses_log_x();
        self.series
            .iter()
            .map(|s| break_even(&self.x, &s.p50, log))
            .collect()
    }

    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.x.is_empty() {
            return Err(ChartError::EmptyData(
                "sweep chart: the x grid is empty".into(),
            ));
        }
        check_finite("sweep x grid", &self.x)?;
        if let Some(i) = self.x.windows(2).position(|w| w[1] <= w[0]) {
            return Err(ChartError::InvalidInput(format!(
                "sweep x grid must be strictly increasing (x[{}] = {} then x[{}] = {})",
                i,
                self.x[i],
                i + 1,
                self.x[i + 1]
            )));
        }
        if self.log_x == Some(true) && self.x.iter().any(|&v| v <= 0.0) {
            return Err(ChartError::InvalidInput(
                "sweep chart: a log x axis needs positive x values".into(),
            ));
        }
        if self.series.is_empty() {
            return Err(ChartError::EmptyData("sweep chart: no series".into()));
        }
        for s in &self.series {
            s.check("sweep", self.x.len())?;
        }
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let log = self.uses_log_x();
        let bes = self.break_evens();
        let entries: Vec<(Swatch, String)> = self
            .series
            .iter()
            .zip(&bes)
            .enumerate()
            .map(|(i, (s, be))| {
                let label = match be {
                    Some(b) => format!("{} (break-even at {})", s.name, format_number(*b)),
                    None => s.name.clone(),
                };
                (Swatch::Band(col.series(i)), label)
            })
            .chain((!self.key.is_empty()).then(|| (Swatch::Band(col.muted), self.key.clone())))
            .collect();
        let title = (!self.series_label.is_empty()).then_some(self.series_label.as_str());
        let lh = legend_titled(c, title, &entries, body.x0, body.y0, body.width())?;
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
        let (x0, x1) = (self.x[0], self.x[self.x.len() - 1]);
        let xspec = AxisSpec {
            snap: false,
            log,
            ..AxisSpec::new(x0, x1, AxisKind::Number, &self.x_label)
        };
        let yspec = AxisSpec::new(lo, hi, AxisKind::Money, &self.y_label);
        let p = axes::layout_xy(c, area, &xspec, &yspec)?;
        axes::draw_grid(c, &p, true)?;
        axes::draw_zero_line(c, &p)?;
        for (i, s) in self.series.iter().enumerate() {
            band_and_median(c, &p, &self.x, &s.p5, &s.p50, &s.p95, col.series(i))?;
        }
        // A dot on the median at every grid value simulated: between dots the line is
        // drawn straight, not computed.
        for (i, s) in self.series.iter().enumerate() {
            for (&x, &y) in self.x.iter().zip(&s.p50) {
                c.circle(p.x.map(x), p.y.map(y), c.px(3.5), &col.series(i))?;
            }
        }
        axes::draw_axes(c, &p)?;
        for (i, be) in bes.iter().enumerate() {
            if let Some(b) = be {
                let (x, y) = (p.x.map(*b), p.y.map(0.0));
                if y >= p.rect.y0 && y <= p.rect.y1 {
                    c.circle(x, y, c.px(6.5), &col.background)?;
                    c.circle(x, y, c.px(5.0), &col.series(i))?;
                    c.circle_outline(x, y, c.px(6.5), &col.ink, c.px(1.5))?;
                }
            }
        }
        Ok(())
    }
}
