//! Heatmap of a two-parameter grid, with a colour scale bar and the value written in
//! every cell.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec, AXIS_TITLE, TICK};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::colormap::{ColorMap, Normalizer};
use super::layout::ellipsize;
use super::stats::{check_finite, check_len};
use super::theme::{contrast_text, size};
use super::ChartError;
use crate::money::{format_money, format_probability};

/// What the heatmap values are, which decides the colour map and the cell labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeatmapValues {
    /// Probabilities in `[0, 1]` (e.g. P(savings > 0)): viridis over 0–100%, cells
    /// written as percentages.
    Probability,
    /// Money: a diverging map centred on zero when values have both signs, viridis
    /// otherwise; cells written with `format_money`.
    Money,
}

/// Data for [`super::ChartSpec::Heatmap`].
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapData {
    /// Column labels (values of the x parameter), left to right.
    pub x_labels: Vec<String>,
    /// Row labels (values of the y parameter), bottom to top.
    pub y_labels: Vec<String>,
    /// `values[row][column]`, with row 0 drawn at the bottom.
    pub values: Vec<Vec<f64>>,
    /// Probability or money.
    pub kind: HeatmapValues,
    /// Axis title for the x parameter.
    pub x_label: String,
    /// Axis title for the y parameter.
    pub y_label: String,
    /// Title of the colour scale, e.g. `"P(savings > 0)"`.
    pub scale_label: String,
}

impl HeatmapData {
    /// A heatmap of `values[row][column]`.
    pub fn new(
        x_labels: Vec<String>,
        y_labels: Vec<String>,
        values: Vec<Vec<f64>>,
        kind: HeatmapValues,
    ) -> Self {
        Self {
            x_labels,
            y_labels,
            values,
            kind,
            x_label: String::new(),
            y_label: String::new(),
            scale_label: String::new(),
        }
    }

    /// Sets the axis titles and the colour scale title.
    pub fn with_labels(mut self, x_label: &str, y_label: &str, scale_label: &str) -> Self {
        self.x_label = x_label.to_string();
        self.y_label = y_label.to_string();
        self.scale_label = scale_label.to_string();
        self
    }

    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        if self.x_labels.is_empty() || self.y_labels.is_empty() {
            return Err(ChartError::EmptyData(
                "heatmap: needs at least one row and one column".into(),
            ));
        }
        check_len(
            "heatmap rows (one per y label)",
            self.values.len(),
            self.y_labels.len(),
        )?;
        for (i, row) in self.values.iter().enumerate() {
            let what = format!("heatmap row {i} (one value per x label)");
            check_len(&what, row.len(), self.x_labels.len())?;
            check_finite(&what, row)?;
            if self.kind == HeatmapValues::Probability {
                if let Some(v) = row.iter().find(|v| !(0.0..=1.0).contains(*v)) {
                    return Err(ChartError::InvalidInput(format!(
                        "heatmap row {i}: probability {v} is outside [0, 1]"
                    )));
                }
            }
        }
        Ok(())
    }

    /// The colour map and normalisation for these values.
    fn color_scale(&self) -> (ColorMap, Normalizer, f64, f64) {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in self.values.iter().flatten() {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
        match self.kind {
            HeatmapValues::Probability => (
                ColorMap::Viridis,
                Normalizer {
                    lo: 0.0,
                    hi: 1.0,
                    mid: None,
                },
                0.0,
                1.0,
            ),
            HeatmapValues::Money if lo < 0.0 && hi > 0.0 => {
                let m = lo.abs().max(hi);
                (
                    ColorMap::Diverging,
                    Normalizer {
                        lo: -m,
                        hi: m,
                        mid: Some(0.0),
                    },
                    -m,
                    m,
                )
            }
            HeatmapValues::Money => (ColorMap::Viridis, Normalizer { lo, hi, mid: None }, lo, hi),
        }
    }

    fn cell_text(&self, v: f64, currency: &str) -> String {
        match self.kind {
            HeatmapValues::Probability => format_probability(v, 0),
            HeatmapValues::Money => format_money(v, currency),
        }
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let (cmap, norm, slo, shi) = self.color_scale();
        let (nx, ny) = (self.x_labels.len(), self.y_labels.len());

        // Colour bar on the right: bar, tick labels, rotated title.
        let bar_w = c.px(20.0);
        let cb_spec = match self.kind {
            HeatmapValues::Probability => {
                AxisSpec::new(0.0, 1.0, AxisKind::Percent, &self.scale_label)
            }
            HeatmapValues::Money => AxisSpec {
                snap: false,
                ..AxisSpec::new(slo, shi, AxisKind::Money, &self.scale_label)
            },
        };
        let (cb_axis, cb_lab_w) = axes::prepare_y(c, &cb_spec, body.height())?;
        let cb_title_w = if self.scale_label.is_empty() {
            0.0
        } else {
            c.line_height(AXIS_TITLE) + c.px(6.0)
        };
        let cb_total = bar_w + c.px(8.0) + cb_lab_w + c.px(8.0) + cb_title_w;

        // Row labels on the left.
        let max_ylab = body.width() * 0.22;
        let mut ylabels = Vec::with_capacity(ny);
        let mut ylab_w: f64 = 0.0;
        for l in &self.y_labels {
            let l = ellipsize(c, l, TICK, max_ylab)?;
            ylab_w = ylab_w.max(c.text_width(&l, TICK)?);
            ylabels.push(l);
        }
        let x0 = body.x0 + axes::y_axis_width(c, ylab_w, !self.y_label.is_empty());
        let x1 = body.x1 - cb_total - c.px(24.0);
        let cell_w = (x1 - x0) / nx as f64;

        // Column labels: horizontal when they fit, otherwise vertical.
        let mut xlab_w: f64 = 0.0;
        for l in &self.x_labels {
            xlab_w = xlab_w.max(c.text_width(l, TICK)?);
        }
        let vertical = xlab_w > cell_w - c.px(6.0);
        let max_vertical = body.height() * 0.25;
        let xlab_h = if vertical {
            xlab_w.min(max_vertical) + c.px(10.0)
        } else {
            c.line_height(TICK) + c.px(10.0)
        };
        let xtitle_h = if self.x_label.is_empty() {
            0.0
        } else {
            c.line_height(AXIS_TITLE) + c.px(6.0)
        };
        let y0 = body.y0 + c.px(8.0);
        let y1 = body.y1 - xlab_h - xtitle_h;
        let cell_h = (y1 - y0) / ny as f64;
        let r = Rect { x0, y0, x1, y1 };

        // Cells and their values.
        let gap = if cell_w.min(cell_h) > c.px(12.0) {
            c.px(1.5)
        } else {
            0.0
        };
        let mut font = Font::regular(size::ANNOTATION);
        let mut widest: f64 = 0.0;
        for v in self.values.iter().flatten() {
            widest = widest.max(c.text_width(&self.cell_text(*v, c.currency), font)?);
        }
        while font.size > 11.0 && widest > cell_w - c.px(8.0) {
            let ratio = (cell_w - c.px(8.0)) / widest;
            let next = (font.size * ratio).floor().clamp(11.0, font.size - 1.0);
            widest *= next / font.size;
            font.size = next;
        }
        let show_text = widest <= cell_w - c.px(4.0) && c.cap_height(font) + c.px(6.0) <= cell_h;
        for (row, vals) in self.values.iter().enumerate() {
            let cy1 = r.y1 - row as f64 * cell_h;
            let cy0 = cy1 - cell_h;
            for (colx, &v) in vals.iter().enumerate() {
                let cx0 = r.x0 + colx as f64 * cell_w;
                let fill = cmap.at(norm.t(v));
                c.rect(
                    cx0 + gap / 2.0,
                    cy0 + gap / 2.0,
                    cx0 + cell_w - gap / 2.0,
                    cy1 - gap / 2.0,
                    &fill,
                )?;
                if show_text {
                    let t = self.cell_text(v, c.currency);
                    c.text(
                        &t,
                        cx0 + cell_w / 2.0,
                        (cy0 + cy1) / 2.0,
                        font,
                        contrast_text(fill),
                        HAlign::Center,
                        VAlign::Middle,
                    )?;
                }
            }
        }

        // Axes labels.
        for (i, l) in ylabels.iter().enumerate() {
            let cy = r.y1 - (i as f64 + 0.5) * cell_h;
            c.text(
                l,
                r.x0 - c.px(10.0),
                cy,
                TICK,
                col.muted,
                HAlign::Right,
                VAlign::Middle,
            )?;
        }
        axes::draw_y_title(c, r, &self.y_label, ylab_w)?;
        for (i, l) in self.x_labels.iter().enumerate() {
            let cx = r.x0 + (i as f64 + 0.5) * cell_w;
            if vertical {
                let l = ellipsize(c, l, TICK, max_vertical)?;
                let w = c.text_width(&l, TICK)?;
                c.text_vertical(&l, cx, r.y1 + c.px(8.0) + w / 2.0, TICK, col.muted)?;
            } else {
                c.text(
                    l,
                    cx,
                    r.y1 + c.px(10.0),
                    TICK,
                    col.muted,
                    HAlign::Center,
                    VAlign::Top,
                )?;
            }
        }
        if !self.x_label.is_empty() {
            c.text(
                &self.x_label,
                (r.x0 + r.x1) / 2.0,
                r.y1 + xlab_h + c.px(6.0),
                AXIS_TITLE,
                col.text,
                HAlign::Center,
                VAlign::Top,
            )?;
        }

        // Colour bar.
        let bx0 = r.x1 + c.px(24.0);
        let steps = 128;
        for k in 0..steps {
            let (ta, tb) = (k as f64 / steps as f64, (k + 1) as f64 / steps as f64);
            let v = slo + (ta + tb) / 2.0 * (shi - slo);
            let ya = r.y1 - ta * r.height();
            let yb = r.y1 - tb * r.height();
            c.rect(bx0, yb - 0.5, bx0 + bar_w, ya, &cmap.at(norm.t(v)))?;
        }
        let cb_rect = Rect {
            x0: bx0 + bar_w,
            y0: r.y0,
            x1: bx0 + bar_w,
            y1: r.y1,
        };
        let scale = axes::Scale {
            d0: slo,
            d1: shi,
            p0: r.y1,
            p1: r.y0,
            log: false,
        };
        for (t, l) in cb_axis.ticks.iter().zip(&cb_axis.labels) {
            if *t < slo - 1e-9 * (shi - slo).abs() || *t > shi + 1e-9 * (shi - slo).abs() {
                continue;
            }
            let py = scale.map(*t);
            c.line(
                &[(bx0 + bar_w, py), (bx0 + bar_w + c.px(5.0), py)],
                &col.axis,
                c.px(1.0),
            )?;
            c.text(
                l,
                bx0 + bar_w + c.px(8.0),
                py,
                TICK,
                col.muted,
                HAlign::Left,
                VAlign::Middle,
            )?;
        }
        if !self.scale_label.is_empty() {
            let x = cb_rect.x1 + c.px(8.0) + cb_lab_w + c.px(8.0) + c.cap_height(AXIS_TITLE) / 2.0;
            c.text_vertical(
                &self.scale_label,
                x,
                (r.y0 + r.y1) / 2.0,
                AXIS_TITLE,
                col.text,
            )?;
        }
        Ok(())
    }
}
