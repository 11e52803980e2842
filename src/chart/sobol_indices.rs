//! Sobol indices chart: for each input (or group of inputs), its first-order and total
//! Sobol index as two horizontal bars side by side, each with its interval as a whisker.
//! The first-order bar is the share of the output's variance the input explains on its
//! own; the total bar adds its interactions with the others.

use super::axes::{self, AxisKind, AxisSpec};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::layout::{legend, wrap, Swatch};
use super::stats::check_finite;
use super::theme::size;
use super::ChartError;

/// One input of a Sobol indices chart: an index and its interval `(low, high)`, twice.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndexRow {
    /// Input name, written left of the bars.
    pub name: String,
    /// First-order index.
    pub first_order: f64,
    /// Its interval.
    pub first_order_interval: (f64, f64),
    /// Total-effect index.
    pub total: f64,
    /// Its interval.
    pub total_interval: (f64, f64),
}

/// Data for [`super::ChartSpec::SobolIndices`].
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndicesData {
    /// One row per input, in any order (drawn by decreasing total index, largest on top).
    pub rows: Vec<SobolIndexRow>,
    /// Axis title, e.g. `"Share of the variance of savings"`.
    pub x_label: String,
    /// What the whiskers are, for the legend (e.g. `"95% bootstrap interval"`).
    pub interval_label: String,
    /// Show at most this many rows (the largest totals); `None` shows as many as fit.
    pub max_rows: Option<usize>,
}

impl SobolIndicesData {
    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.rows.is_empty() {
            return Err(ChartError::EmptyData("sobol indices chart: no rows".into()));
        }
        for r in &self.rows {
            check_finite(
                &format!("sobol indices row \"{}\"", r.name),
                &[
                    r.first_order,
                    r.first_order_interval.0,
                    r.first_order_interval.1,
                    r.total,
                    r.total_interval.0,
                    r.total_interval.1,
                ],
            )?;
        }
        if self.max_rows == Some(0) {
            return Err(ChartError::InvalidInput(
                "sobol indices chart: max_rows is 0".into(),
            ));
        }
        Ok(())
    }

    pub(crate) fn draw<DB: plotters::prelude::DrawingBackend>(
        &self,
        c: &Canvas<DB>,
        body: Rect,
    ) -> Res {
        let col = c.colors;
        let (first_col, total_col) = (col.primary, col.secondary);
        let entries = vec![
            (
                Swatch::Box(first_col),
                "First-order index (alone)".to_string(),
            ),
            (
                Swatch::Box(total_col),
                "Total index (with interactions)".to_string(),
            ),
            (Swatch::Line(col.ink), self.interval_label.clone()),
        ];
        let lh = legend(c, &entries, body.x0, body.y0, body.width())?;
        let name_font = Font::regular(size::AXIS_TITLE - 1.0);

        let mut rows: Vec<&SobolIndexRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| b.total.total_cmp(&a.total));
        let top = body.y0 + lh + c.px(10.0);
        let bottom = body.y1 - axes::x_axis_height(c, !self.x_label.is_empty());
        let fit = (((bottom - top) / c.px(34.0)).floor() as usize).max(1);
        let shown = rows.len().min(fit).min(self.max_rows.unwrap_or(usize::MAX));
        let hidden = rows.len() - shown;
        rows.truncate(shown);

        let max_name_w = body.width() * 0.3;
        let mut names: Vec<Vec<String>> = Vec::with_capacity(rows.len());
        let mut name_w: f64 = 0.0;
        for r in &rows {
            let lines = wrap(c, &r.name, name_font, max_name_w, 2)?;
            for l in &lines {
                name_w = name_w.max(c.text_width(l, name_font)?);
            }
            names.push(lines);
        }
        let x0 = body.x0 + name_w + c.px(20.0);
        let lo = rows
            .iter()
            .map(|r| {
                r.first_order_interval
                    .0
                    .min(r.first_order)
                    .min(r.total_interval.0)
            })
            .fold(0.0_f64, f64::min);
        let hi = rows
            .iter()
            .map(|r| {
                r.total_interval
                    .1
                    .max(r.total)
                    .max(r.first_order_interval.1)
            })
            .fold(1.0_f64, f64::max);
        let xs = AxisSpec::new(lo, hi, AxisKind::Number, &self.x_label);
        let (xaxis, x) = axes::fit_x_axis(c, &xs, x0, body.x1)?;
        let r = Rect {
            x0,
            y0: top,
            x1: x.p1,
            y1: bottom,
        };
        axes::draw_x_grid_and_axis(c, r, &xaxis, &x)?;

        let row_h = r.height() / rows.len().max(1) as f64;
        let bar_h = (row_h * 0.36).min(c.px(22.0));
        let zero = x.map(0.0);
        for (i, (row, name)) in rows.iter().zip(&names).enumerate() {
            let cy = r.y0 + (i as f64 + 0.5) * row_h;
            let line_h = c.line_height(name_font);
            for (k, line) in name.iter().enumerate() {
                let offset = (k as f64 - (name.len() as f64 - 1.0) / 2.0) * line_h;
                c.text(
                    line,
                    body.x0 + name_w,
                    cy + offset,
                    name_font,
                    col.text,
                    HAlign::Right,
                    VAlign::Middle,
                )?;
            }
            let bars = [
                (
                    cy - bar_h / 2.0,
                    row.first_order,
                    row.first_order_interval,
                    first_col,
                ),
                (cy + bar_h / 2.0, row.total, row.total_interval, total_col),
            ];
            for (mid, value, (low, high), color) in bars {
                c.rect(
                    zero,
                    mid - bar_h / 2.0,
                    x.map(value),
                    mid + bar_h / 2.0,
                    &color,
                )?;
                let (wl, wh) = (x.map(low), x.map(high));
                let tick = bar_h * 0.3;
                c.line(&[(wl, mid), (wh, mid)], &col.ink, c.px(1.5))?;
                c.line(&[(wl, mid - tick), (wl, mid + tick)], &col.ink, c.px(1.5))?;
                c.line(&[(wh, mid - tick), (wh, mid + tick)], &col.ink, c.px(1.5))?;
            }
        }
        c.line(&[(zero, r.y0), (zero, r.y1)], &col.ink, c.px(1.5))?;
        if hidden > 0 {
            let note = format!("{hidden} smaller inputs not shown");
            let y = r.y1 + c.px(12.0);
            c.text(
                &note,
                body.x0,
                y,
                axes::TICK,
                col.muted,
                HAlign::Left,
                VAlign::Top,
            )?;
        }
        Ok(())
    }
}
