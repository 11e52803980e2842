//! Tornado chart of conditional means by decile: for each input, the mean result over the
//! trials where that input is in its lowest decile and over those where it is in its
//! highest, drawn as two bars from a reference line (the overall mean). This is not a
//! one-at-a-time sensitivity: every other input varies as it did in the simulation.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec, TICK};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::layout::{legend, wrap, Swatch};
use super::stats::check_finite;
use super::theme::size;
use super::ChartError;
use crate::money::format_money;

/// One input of a tornado chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRow {
    /// Input name, written left of the bars, e.g. `"Repave frequency"`.
    pub name: String,
    /// Mean result (money) with the input at its low value.
    pub low_mean: f64,
    /// Mean result (money) with the input at its high value.
    pub high_mean: f64,
    /// The low input value as text (e.g. `"monthly"`, `"0.5 h"`), written at the end of
    /// its bar; when `None` the resulting money value is written instead.
    pub low_input: Option<String>,
    /// The high input value as text; see `low_input`.
    pub high_input: Option<String>,
}

impl TornadoRow {
    /// A row without input value labels.
    pub fn new(name: &str, low_mean: f64, high_mean: f64) -> Self {
        Self {
            name: name.to_string(),
            low_mean,
            high_mean,
            low_input: None,
            high_input: None,
        }
    }

    /// Adds the low and high input values as text.
    pub fn with_inputs(mut self, low: &str, high: &str) -> Self {
        self.low_input = Some(low.to_string());
        self.high_input = Some(high.to_string());
        self
    }

    fn swing(&self) -> f64 {
        (self.high_mean - self.low_mean).abs()
    }
}

/// Data for [`super::ChartSpec::Tornado`].
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoData {
    /// One row per input, in any order (drawn by decreasing swing, largest on top).
    pub rows: Vec<TornadoRow>,
    /// The reference value the bars start from (the vertical line), e.g. the mean result.
    pub baseline: f64,
    /// What the reference line is, written before its value: `"mean savings"` gives
    /// `"mean savings $603K"` (default `"mean result"`).
    pub reference_label: String,
    /// Axis title for the money values, e.g. `"Mean 3-year savings"`.
    pub x_label: String,
    /// Legend text for the low-value bars (default `"Input at low value"`).
    pub low_label: String,
    /// Legend text for the high-value bars (default `"Input at high value"`).
    pub high_label: String,
    /// Show at most this many rows (the largest swings); `None` shows as many as fit.
    pub max_rows: Option<usize>,
}

impl TornadoData {
    /// A tornado chart of `rows` around the reference value `baseline`.
    pub fn new(rows: Vec<TornadoRow>, baseline: f64, x_label: &str) -> Self {
        Self {
            rows,
            baseline,
            reference_label: "mean result".to_string(),
            x_label: x_label.to_string(),
            low_label: "Input at low value".to_string(),
            high_label: "Input at high value".to_string(),
            max_rows: None,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.rows.is_empty() {
            return Err(ChartError::EmptyData("tornado chart: no rows".into()));
        }
        check_finite("tornado baseline", &[self.baseline])?;
        for r in &self.rows {
            check_finite(
                &format!("tornado row \"{}\"", r.name),
                &[r.low_mean, r.high_mean],
            )?;
        }
        if self.max_rows == Some(0) {
            return Err(ChartError::InvalidInput(
                "tornado chart: max_rows is 0".into(),
            ));
        }
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let (low_col, high_col) = (col.primary, col.secondary);
        let entries = vec![
            (Swatch::Box(low_col), self.low_label.clone()),
            (Swatch::Box(high_col), self.high_label.clone()),
        ];
        let lh = legend(c, &entries, body.x0, body.y0, body.width())?;
        let ann = Font::regular(size::ANNOTATION);
        let name_font = Font::regular(size::AXIS_TITLE - 1.0);

        let mut rows: Vec<&TornadoRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
        let top = body.y0 + lh + c.line_height(ann) + c.px(10.0);
        let bottom = body.y1 - axes::x_axis_height(c, !self.x_label.is_empty());
        let min_row_h = c.px(26.0);
        let fit = (((bottom - top) / min_row_h).floor() as usize).max(1);
        let shown = rows.len().min(fit).min(self.max_rows.unwrap_or(usize::MAX));
        let hidden = rows.len() - shown;
        rows.truncate(shown);

        // Names column: a long name wraps onto a second line when its row has room for
        // two, and is shortened with an ellipsis only beyond that.
        let max_name_w = body.width() * 0.3;
        let row_room = (bottom - top) / shown.max(1) as f64;
        let name_lines = if row_room >= 2.0 * c.line_height(name_font) {
            2
        } else {
            1
        };
        let mut names: Vec<Vec<String>> = Vec::with_capacity(rows.len());
        let mut name_w: f64 = 0.0;
        for r in &rows {
            let lines = wrap(c, &r.name, name_font, max_name_w, name_lines)?;
            for l in &lines {
                name_w = name_w.max(c.text_width(l, name_font)?);
            }
            names.push(lines);
        }
        let x0 = body.x0 + name_w + c.px(20.0);

        // End labels decide how much room the bars leave on both sides.
        let end_label = |v: f64, input: &Option<String>| match input {
            Some(s) => s.clone(),
            None => format_money(v, c.currency),
        };
        let mut label_w: f64 = 0.0;
        let mut lo = self.baseline;
        let mut hi = self.baseline;
        for r in &rows {
            lo = lo.min(r.low_mean).min(r.high_mean);
            hi = hi.max(r.low_mean).max(r.high_mean);
            let (low_w, high_w) = (
                c.text_width(&end_label(r.low_mean, &r.low_input), ann)?,
                c.text_width(&end_label(r.high_mean, &r.high_input), ann)?,
            );
            // Both bars on one side: their labels stand one after the other (see below).
            label_w = label_w.max(if same_side(r.low_mean, r.high_mean, self.baseline) {
                low_w + high_w + c.px(LABEL_GAP)
            } else {
                low_w.max(high_w)
            });
        }
        if hi <= lo {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            lo -= pad;
            hi += pad;
        }
        let plot_w = (body.x1 - x0).max(c.px(50.0));
        let room = (label_w + c.px(14.0)).min(plot_w * 0.3);
        let pad = (hi - lo) * room / (plot_w - 2.0 * room);
        let xs = AxisSpec {
            snap: false,
            ..AxisSpec::new(lo - pad, hi + pad, AxisKind::Money, &self.x_label)
        };
        let (xaxis, x) = axes::fit_x_axis(c, &xs, x0, body.x1)?;
        let r = Rect {
            x0,
            y0: top,
            x1: x.p1,
            y1: bottom,
        };

        axes::draw_x_grid_and_axis(c, r, &xaxis, &x)?;

        let row_h = r.height() / rows.len().max(1) as f64;
        let bar_h = (row_h * 0.62).min(c.px(40.0));
        let bx = x.map(self.baseline);
        for (i, (row, name)) in rows.iter().zip(&names).enumerate() {
            let cy = r.y0 + (i as f64 + 0.5) * row_h;
            let lh = c.line_height(name_font);
            for (k, line) in name.iter().enumerate() {
                let offset = (k as f64 - (name.len() as f64 - 1.0) / 2.0) * lh;
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
            // The longer bar first so that a shorter one on the same side stays visible.
            let mut bars = [
                (row.low_mean, &row.low_input, low_col),
                (row.high_mean, &row.high_input, high_col),
            ];
            if (bars[0].0 - self.baseline).abs() < (bars[1].0 - self.baseline).abs() {
                bars.swap(0, 1);
            }
            for (v, _, color) in bars {
                let vx = x.map(v);
                c.rect(bx, cy - bar_h / 2.0, vx, cy + bar_h / 2.0, &color)?;
            }
            // Each label stands beyond its bar's end; when both bars lie on one side of the
            // reference, the shorter bar's label would fall on the longer bar, so it follows
            // the longer bar's label instead, in its bar's colour.
            let stacked = same_side(row.low_mean, row.high_mean, self.baseline);
            let mut offset = 0.0;
            for (k, (v, input, color)) in bars.into_iter().enumerate() {
                let text = end_label(v, input);
                let (end, text_color) = if stacked && k == 1 {
                    (x.map(bars[0].0), color)
                } else {
                    (x.map(v), col.text)
                };
                let right = end >= bx;
                let at = if right {
                    end + c.px(7.0) + offset
                } else {
                    end - c.px(7.0) - offset
                };
                c.text(
                    &text,
                    at,
                    cy,
                    ann,
                    text_color,
                    if right { HAlign::Left } else { HAlign::Right },
                    VAlign::Middle,
                )?;
                if stacked {
                    offset += c.text_width(&text, ann)? + c.px(LABEL_GAP);
                }
            }
        }
        c.line(&[(bx, r.y0 - c.px(4.0)), (bx, r.y1)], &col.ink, c.px(2.0))?;
        let base_text = format!(
            "{} {}",
            self.reference_label,
            format_money(self.baseline, c.currency)
        );
        c.text(
            &base_text,
            bx,
            r.y0 - c.px(10.0),
            Font::bold(size::ANNOTATION),
            col.text,
            HAlign::Center,
            VAlign::Baseline,
        )?;
        if hidden > 0 {
            // Under the names column, left of the x axis labels.
            let note = format!("{hidden} smaller inputs not shown");
            let lines = wrap(c, &note, TICK, name_w.max(c.px(120.0)), 2)?;
            for (k, l) in lines.iter().enumerate() {
                let y = r.y1 + c.px(12.0) + k as f64 * c.line_height(TICK);
                c.text(l, body.x0, y, TICK, col.muted, HAlign::Left, VAlign::Top)?;
            }
        }
        Ok(())
    }
}

/// Device-independent pixels between two money labels that share a row.
const LABEL_GAP: f64 = 10.0;

/// Whether both decile means lie on the same side of the reference line (ties count as the
/// side the bars are drawn on: at or right of it).
fn same_side(low: f64, high: f64, reference: f64) -> bool {
    (low >= reference) == (high >= reference)
}
