//! Value of information drawn: one horizontal bar per input or group (its EVPPI, with a
//! ±2 standard error whisker), and the EVPI marked as a dashed vertical line.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::layout::{legend, wrap, Swatch};
use super::stats::check_finite;
use super::theme::size;
use super::ChartError;
use crate::money::format_money;

/// Data for [`super::ChartSpec::ValueOfInformation`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValueBarsData {
    /// One bar per input or group, drawn top to bottom in this order.
    pub names: Vec<String>,
    /// The bars' values (money).
    pub values: Vec<f64>,
    /// Their standard errors.
    pub se: Vec<f64>,
    /// The value every bar is bounded by (EVPI), marked by a line.
    pub total: f64,
    /// The line's label, e.g. `"EVPI $12K"`.
    pub total_label: String,
    /// Axis title for the money values.
    pub x_label: String,
}

impl ValueBarsData {
    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.names.is_empty() {
            return Err(ChartError::EmptyData(
                "value of information chart: no inputs".into(),
            ));
        }
        super::stats::check_len(
            "value of information values",
            self.values.len(),
            self.names.len(),
        )?;
        super::stats::check_len("value of information se", self.se.len(), self.names.len())?;
        check_finite("value of information values", &self.values)?;
        check_finite("value of information se", &self.se)?;
        check_finite("value of information EVPI", &[self.total])?;
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let bar = col.series(0);
        let entries = vec![
            (
                Swatch::Box(bar),
                "EVPPI (whisker: ±2 standard errors)".to_string(),
            ),
            (Swatch::Line(col.ink), self.total_label.clone()),
        ];
        let lh = legend(c, &entries, body.x0, body.y0, body.width())?;
        let name_font = Font::regular(size::AXIS_TITLE - 1.0);
        let ann = Font::regular(size::ANNOTATION);
        let top = body.y0 + lh + c.px(12.0);
        let bottom = body.y1 - axes::x_axis_height(c, !self.x_label.is_empty());
        let fit = (((bottom - top) / c.px(24.0)).floor() as usize).max(1);
        let shown = self.names.len().min(fit);
        let max_name_w = body.width() * 0.32;
        let mut names = Vec::with_capacity(shown);
        let mut name_w: f64 = 0.0;
        for n in &self.names[..shown] {
            let lines = wrap(c, n, name_font, max_name_w, 1)?;
            for l in &lines {
                name_w = name_w.max(c.text_width(l, name_font)?);
            }
            names.push(lines);
        }
        let x0 = body.x0 + name_w + c.px(16.0);
        let hi = self
            .values
            .iter()
            .zip(&self.se)
            .map(|(v, s)| v + 2.0 * s)
            .fold(self.total, f64::max)
            .max(f64::MIN_POSITIVE);
        let lo = self.values.iter().map(|v| v.min(0.0)).fold(0.0, f64::min);
        let xs = AxisSpec::new(lo, hi * 1.12, AxisKind::Money, &self.x_label);
        let (xaxis, x) = axes::fit_x_axis(c, &xs, x0, body.x1)?;
        let r = Rect {
            x0,
            y0: top,
            x1: x.p1,
            y1: bottom,
        };
        axes::draw_x_grid_and_axis(c, r, &xaxis, &x)?;
        let row_h = r.height() / shown.max(1) as f64;
        let bar_h = (row_h * 0.6).min(c.px(34.0));
        let zero = x.map(0.0);
        for (i, name) in names.iter().enumerate() {
            let cy = r.y0 + (i as f64 + 0.5) * row_h;
            if let Some(line) = name.first() {
                c.text(
                    line,
                    body.x0 + name_w,
                    cy,
                    name_font,
                    col.text,
                    HAlign::Right,
                    VAlign::Middle,
                )?;
            }
            let (v, s) = (self.values[i], self.se[i]);
            c.rect(zero, cy - bar_h / 2.0, x.map(v), cy + bar_h / 2.0, &bar)?;
            let (wa, wb) = (x.map(v - 2.0 * s), x.map(v + 2.0 * s));
            c.line(&[(wa, cy), (wb, cy)], &col.ink, c.px(1.5))?;
            let label = format_money(v, c.currency);
            c.text(
                &label,
                wb.max(x.map(v)) + c.px(6.0),
                cy,
                ann,
                col.text,
                HAlign::Left,
                VAlign::Middle,
            )?;
        }
        let tx = x.map(self.total);
        c.dashed(
            (tx, r.y0),
            (tx, r.y1),
            &col.ink,
            c.px(1.8),
            c.px(7.0),
            c.px(4.0),
        )?;
        Ok(())
    }
}
