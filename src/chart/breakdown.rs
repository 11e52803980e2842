//! Stacked bars: mean cost per strategy, broken down by activity.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec, Scale};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::layout::{legend, wrap, Swatch};
use super::stats::{check_finite, check_len};
use super::theme::{contrast_text, size};
use super::ChartError;
use crate::money::format_money;

/// Data for [`super::ChartSpec::Breakdown`].
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownData {
    /// One bar per strategy, e.g. `["Repave", "Immutable"]`.
    pub strategies: Vec<String>,
    /// One stacked segment per activity, e.g. `["Patching", "Incidents", "Audits"]`.
    pub activities: Vec<String>,
    /// Mean cost, indexed `values[strategy][activity]`. Negative values stack below zero.
    pub values: Vec<Vec<f64>>,
    /// Axis title for the money values, e.g. `"Mean annual cost"`.
    pub y_label: String,
}

impl BreakdownData {
    /// Stacked bars of `values[strategy][activity]`.
    pub fn new(
        strategies: Vec<String>,
        activities: Vec<String>,
        values: Vec<Vec<f64>>,
        y_label: &str,
    ) -> Self {
        Self {
            strategies,
            activities,
            values,
            y_label: y_label.to_string(),
        }
    }

    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.strategies.is_empty() {
            return Err(ChartError::EmptyData(
                "breakdown chart: no strategies".into(),
            ));
        }
        if self.activities.is_empty() {
            return Err(ChartError::EmptyData(
                "breakdown chart: no activities".into(),
            ));
        }
        check_len(
            "breakdown values (rows = strategies)",
            self.values.len(),
            self.strategies.len(),
        )?;
        for (s, row) in self.strategies.iter().zip(&self.values) {
            let what = format!("breakdown values for \"{s}\" (one per activity)");
            check_len(&what, row.len(), self.activities.len())?;
            check_finite(&what, row)?;
        }
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let entries: Vec<(Swatch, String)> = self
            .activities
            .iter()
            .enumerate()
            .map(|(i, a)| (Swatch::Box(col.series(i)), a.clone()))
            .collect();
        let lh = legend(c, &entries, body.x0, body.y0, body.width())?;

        let totals: Vec<(f64, f64)> = self
            .values
            .iter()
            .map(|row| {
                let pos: f64 = row.iter().filter(|v| **v > 0.0).sum();
                let neg: f64 = row.iter().filter(|v| **v < 0.0).sum();
                (pos, neg)
            })
            .collect();
        let hi = totals.iter().map(|t| t.0).fold(0.0, f64::max);
        let lo = totals.iter().map(|t| t.1).fold(0.0, f64::min);
        let hi = if hi > 0.0 { hi * 1.08 } else { hi };
        let lo = if lo < 0.0 { lo * 1.08 } else { lo };

        let tick = Font::regular(size::TICK + 1.0);
        let cat_h = 2.0 * c.line_height(tick) + c.px(10.0);
        let top = body.y0 + lh + c.px(12.0);
        let bottom = body.y1 - cat_h;
        let ys = AxisSpec::new(lo, hi, AxisKind::Money, &self.y_label);
        let (yaxis, ylab_w) = axes::prepare_y(c, &ys, bottom - top)?;
        let x0 = body.x0 + axes::y_axis_width(c, ylab_w, !self.y_label.is_empty());
        let r = Rect {
            x0,
            y0: top,
            x1: body.x1,
            y1: bottom,
        };
        let y = Scale {
            d0: yaxis.lo,
            d1: yaxis.hi,
            p0: r.y1,
            p1: r.y0,
            log: false,
        };
        for &t in &yaxis.ticks {
            let py = y.map(t);
            c.line(&[(r.x0, py), (r.x1, py)], &col.grid, c.px(1.0))?;
        }
        axes::draw_y_axis(c, r, &yaxis, &y)?;

        let n = self.strategies.len() as f64;
        let pitch = r.width() / n;
        let bar_w = (pitch * 0.56).min(c.px(180.0));
        let seg_font = Font::regular(size::ANNOTATION - 1.0);
        let total_font = Font::bold(size::ANNOTATION + 1.0);
        for (si, (name, row)) in self.strategies.iter().zip(&self.values).enumerate() {
            let cx = r.x0 + (si as f64 + 0.5) * pitch;
            let (xa, xb) = (cx - bar_w / 2.0, cx + bar_w / 2.0);
            let (mut up, mut down) = (0.0, 0.0);
            for (ai, &v) in row.iter().enumerate() {
                if v == 0.0 {
                    continue;
                }
                let (a, b) = if v > 0.0 {
                    let a = up;
                    up += v;
                    (a, up)
                } else {
                    let a = down;
                    down += v;
                    (a, down)
                };
                let (ya, yb) = (y.map(a), y.map(b));
                let color = col.series(ai);
                c.rect(xa, ya, xb, yb, &color)?;
                // thin separator between segments
                c.line(&[(xa, yb), (xb, yb)], &col.background, c.px(1.0))?;
                let label = format_money(v, c.currency);
                let fits_h = (ya - yb).abs() >= c.cap_height(seg_font) + c.px(10.0);
                if fits_h && c.text_width(&label, seg_font)? + c.px(10.0) <= bar_w {
                    c.text(
                        &label,
                        cx,
                        (ya + yb) / 2.0,
                        seg_font,
                        contrast_text(color),
                        HAlign::Center,
                        VAlign::Middle,
                    )?;
                }
            }
            let total = up + down;
            let ty = y.map(up) - c.px(8.0);
            c.text(
                &format_money(total, c.currency),
                cx,
                ty,
                total_font,
                col.text,
                HAlign::Center,
                VAlign::Baseline,
            )?;
            let lines = wrap(c, name, tick, pitch - c.px(8.0), 2)?;
            for (k, l) in lines.iter().enumerate() {
                let ly = r.y1 + c.px(10.0) + k as f64 * c.line_height(tick);
                c.text(l, cx, ly, tick, col.text, HAlign::Center, VAlign::Top)?;
            }
        }
        let zero = y.map(0.0);
        c.line(&[(r.x0, zero), (r.x1, zero)], &col.axis, c.px(1.2))?;
        Ok(())
    }
}
