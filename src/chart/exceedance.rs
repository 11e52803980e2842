//! Exceedance curves: for each sample, the probability P(X > x) across x.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::layout::{legend, Swatch};
use super::stats::{check_sample, exceedance, quantile_sorted, sorted};
use super::theme::size;
use super::ChartError;
use crate::money::{format_money, format_percent};

/// A named sample, e.g. the simulated 3-year cost of one strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedSample {
    /// Legend name, e.g. `"Repave"`.
    pub name: String,
    /// One value per trial (money).
    pub values: Vec<f64>,
}

impl NamedSample {
    /// A sample called `name`.
    pub fn new(name: &str, values: Vec<f64>) -> Self {
        Self {
            name: name.to_string(),
            values,
        }
    }
}

/// Data for [`super::ChartSpec::Exceedance`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExceedanceData {
    /// One curve per sample (at least one).
    pub series: Vec<NamedSample>,
    /// Axis title for the money values, e.g. `"3-year cost"`.
    pub x_label: String,
    /// Optional money value to mark: a vertical line, and each curve's P(X > marker)
    /// written next to it.
    pub marker: Option<f64>,
}

impl ExceedanceData {
    /// Curves for `series` with x axis title `x_label`.
    pub fn new(series: Vec<NamedSample>, x_label: &str) -> Self {
        Self {
            series,
            x_label: x_label.to_string(),
            marker: None,
        }
    }

    /// Marks a value on the x axis.
    pub fn with_marker(mut self, x: f64) -> Self {
        self.marker = Some(x);
        self
    }

    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.series.is_empty() {
            return Err(ChartError::EmptyData("exceedance chart: no series".into()));
        }
        for s in &self.series {
            check_sample(&format!("series \"{}\"", s.name), &s.values)?;
        }
        if let Some(m) = self.marker {
            if !m.is_finite() {
                return Err(ChartError::NonFinite(format!("marker is {m}")));
            }
        }
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let sorted: Vec<Vec<f64>> = self.series.iter().map(|s| sorted(&s.values)).collect();
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for s in &sorted {
            lo = lo.min(quantile_sorted(s, 0.0));
            hi = hi.max(quantile_sorted(s, 1.0));
        }
        if let Some(m) = self.marker {
            lo = lo.min(m);
            hi = hi.max(m);
        }
        if hi <= lo {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            lo -= pad;
            hi += pad;
        }
        let span = hi - lo;
        lo -= span * 0.02;
        hi += span * 0.02;
        if lo > 0.0 && lo < 0.15 * (hi - lo) {
            lo = 0.0;
        }

        let entries: Vec<(Swatch, String)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (Swatch::Line(col.series(i)), s.name.clone()))
            .collect();
        let lh = legend(c, &entries, body.x0, body.y0, body.width())?;
        let mut area = Rect {
            y0: body.y0 + lh + c.px(8.0),
            ..body
        };
        if self.marker.is_some() {
            area.y0 += c.line_height(Font::regular(size::ANNOTATION));
        }
        let xs = AxisSpec {
            snap: false,
            ..AxisSpec::new(lo, hi, AxisKind::Money, &self.x_label)
        };
        let ys = AxisSpec::new(0.0, 1.0, AxisKind::Percent, "Probability of exceeding");
        let p = axes::layout_xy(c, area, &xs, &ys)?;
        axes::draw_grid(c, &p, true)?;
        axes::draw_axes(c, &p)?;

        // Curves from quantiles: (x = Q(q), P(X > x) = 1 - q), flat at 100% to the
        // left of the minimum and at 0% to the right of the maximum.
        for (i, s) in sorted.iter().enumerate() {
            let m = s.len().clamp(2, 800);
            let mut pts = vec![(p.x.map(p.xaxis.lo), p.y.map(1.0))];
            for k in 0..=m {
                let q = k as f64 / m as f64;
                pts.push((p.x.map(quantile_sorted(s, q)), p.y.map(1.0 - q)));
            }
            pts.push((p.x.map(p.xaxis.hi), p.y.map(0.0)));
            c.line(&pts, &col.series(i), c.px(3.0))?;
        }

        if let Some(mv) = self.marker {
            let x = p.x.map(mv);
            c.dashed(
                (x, p.rect.y0),
                (x, p.rect.y1),
                &col.ink,
                c.px(1.6),
                c.px(6.0),
                c.px(4.0),
            )?;
            let ann = Font::bold(size::ANNOTATION);
            c.text(
                &format_money(mv, c.currency),
                x,
                p.rect.y0 - c.px(8.0),
                ann,
                col.text,
                HAlign::Center,
                VAlign::Baseline,
            )?;
            // Probability labels beside the line, spread vertically so they never overlap.
            let mut labels: Vec<(usize, f64, f64)> = sorted
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let pr = exceedance(s, mv);
                    (i, pr, p.y.map(pr))
                })
                .collect();
            labels.sort_by(|a, b| a.2.total_cmp(&b.2));
            let min_gap = c.line_height(ann);
            let mut ys: Vec<f64> = labels.iter().map(|l| l.2).collect();
            for k in 1..ys.len() {
                ys[k] = ys[k].max(ys[k - 1] + min_gap);
            }
            let overflow = ys.last().copied().unwrap_or(0.0) - (p.rect.y1 - min_gap / 2.0);
            if overflow > 0.0 {
                for y in &mut ys {
                    *y -= overflow;
                }
            }
            let right = x + c.px(12.0) + c.px(60.0) < p.rect.x1;
            for ((i, pr, ydot), ylab) in labels.iter().zip(ys) {
                let color = col.series(*i);
                c.circle(x, *ydot, c.px(5.0), &color)?;
                c.circle_outline(x, *ydot, c.px(5.0), &col.background, c.px(1.5))?;
                let text = format_percent(*pr);
                let (tx, h) = if right {
                    (x + c.px(12.0), HAlign::Left)
                } else {
                    (x - c.px(12.0), HAlign::Right)
                };
                // a halo in the background colour keeps the label readable over curves
                let w = c.text_width(&text, ann)?;
                let (hx0, hx1) = match h {
                    HAlign::Left => (tx - c.px(3.0), tx + w + c.px(3.0)),
                    _ => (tx - w - c.px(3.0), tx + c.px(3.0)),
                };
                let half = c.cap_height(ann) / 2.0 + c.px(4.0);
                c.rect(
                    hx0,
                    ylab - half,
                    hx1,
                    ylab + half,
                    &col.background.mix(0.85),
                )?;
                c.text(&text, tx, ylab, ann, color, h, VAlign::Middle)?;
            }
        }
        Ok(())
    }
}
