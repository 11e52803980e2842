//! Cumulative cost over years: P5–P95 band and median per strategy, payback marked.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec};
use super::bands::{band_and_median, extent, PercentileSeries};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::layout::{legend, Swatch};
use super::stats::check_finite;
use super::theme::size;
use super::ChartError;
use crate::money::format_number;

/// Percentiles of one strategy's cumulative cost at years 0, 1, ..., T.
pub type CumulativeSeries = PercentileSeries;

/// Data for [`super::ChartSpec::Cumulative`].
#[derive(Debug, Clone, PartialEq)]
pub struct CumulativeData {
    /// One band per strategy; all series have the same number of years.
    pub series: Vec<CumulativeSeries>,
    /// Axis title for the money values, e.g. `"Cumulative cost"`.
    pub y_label: String,
    /// Axis title for the years (default `"Year"`).
    pub x_label: String,
    /// Year (may be fractional) at which the median cumulative savings turn positive.
    pub payback_year: Option<f64>,
    /// Text at the payback line; default `"median payback: year N"`.
    pub payback_label: Option<String>,
}

impl CumulativeData {
    /// Bands for `series` with y axis title `y_label`, no payback marker.
    pub fn new(series: Vec<CumulativeSeries>, y_label: &str) -> Self {
        Self {
            series,
            y_label: y_label.to_string(),
            x_label: "Year".to_string(),
            payback_year: None,
            payback_label: None,
        }
    }

    /// Marks the payback year.
    pub fn with_payback(mut self, year: f64) -> Self {
        self.payback_year = Some(year);
        self
    }

    fn years(&self) -> usize {
        self.series.first().map_or(0, |s| s.p50.len())
    }

    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.series.is_empty() {
            return Err(ChartError::EmptyData("cumulative chart: no series".into()));
        }
        let t = self.years();
        if t == 0 {
            return Err(ChartError::EmptyData(
                "cumulative chart: series have no years".into(),
            ));
        }
        for s in &self.series {
            s.check("cumulative", t)?;
        }
        if let Some(y) = self.payback_year {
            check_finite("payback year", &[y])?;
        }
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let mut entries: Vec<(Swatch, String)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (Swatch::Band(col.series(i)), s.name.clone()))
            .collect();
        entries.push((
            Swatch::Band(col.muted),
            "Median, with 5th–95th percentile band".into(),
        ));
        let lh = legend(c, &entries, body.x0, body.y0, body.width())?;
        let ann = Font::bold(size::ANNOTATION);
        let mut area = Rect {
            y0: body.y0 + lh + c.px(8.0),
            ..body
        };
        if self.payback_year.is_some() {
            area.y0 += c.line_height(ann);
        }

        let t = self.years();
        let xs: Vec<f64> = (0..t).map(|i| i as f64).collect();
        let (lo, hi) = extent(
            self.series
                .iter()
                .flat_map(|s| [&s.p5[..], &s.p50[..], &s.p95[..]]),
        )
        .unwrap_or((0.0, 1.0));
        let (lo, hi) = (lo.min(0.0), hi.max(0.0));
        let xspec = AxisSpec {
            snap: false,
            ..AxisSpec::new(0.0, (t.max(2) - 1) as f64, AxisKind::Integer, &self.x_label)
        };
        let yspec = AxisSpec::new(lo, hi, AxisKind::Money, &self.y_label);
        let p = axes::layout_xy(c, area, &xspec, &yspec)?;
        axes::draw_grid(c, &p, true)?;
        axes::draw_zero_line(c, &p)?;
        for (i, s) in self.series.iter().enumerate() {
            band_and_median(c, &p, &xs, &s.p5, &s.p50, &s.p95, col.series(i))?;
        }
        axes::draw_axes(c, &p)?;

        if let Some(year) = self.payback_year {
            if year >= p.xaxis.lo && year <= p.xaxis.hi {
                let x = p.x.map(year);
                c.dashed(
                    (x, p.rect.y0),
                    (x, p.rect.y1),
                    &col.accent,
                    c.px(2.2),
                    c.px(8.0),
                    c.px(5.0),
                )?;
                let label = self
                    .payback_label
                    .clone()
                    .unwrap_or_else(|| format!("median payback: year {}", format_number(year)));
                let w = c.text_width(&label, ann)?;
                let cx = x.clamp(p.rect.x0 + w / 2.0, p.rect.x1 - w / 2.0);
                c.text(
                    &label,
                    cx,
                    p.rect.y0 - c.px(8.0),
                    ann,
                    col.accent,
                    HAlign::Center,
                    VAlign::Baseline,
                )?;
            }
        }
        Ok(())
    }
}
