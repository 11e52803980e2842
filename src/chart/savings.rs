//! Histogram of a sample (e.g. savings) with P5 / median / P95 markers and an
//! optional threshold annotated with the probability of exceeding it.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::stats::{check_sample, exceedance, quantile_sorted, sorted};
use super::theme::{blend, size};
use super::ChartError;
use crate::money::{format_money, format_probability};

/// The most histogram bins a savings chart draws (its bin width aims at 10 to 60).
const MAX_BINS: usize = 2_000;

/// Data for [`super::ChartSpec::Savings`].
#[derive(Debug, Clone, PartialEq)]
pub struct SavingsData {
    /// The sample, one value per trial (money).
    pub values: Vec<f64>,
    /// Axis title for the values, e.g. `"Savings over 3 years (repave − immutable)"`.
    pub label: String,
    /// Short word for the quantity, used in annotations and the default title:
    /// `P(savings > $50K) = 73%`. Defaults to `"savings"`.
    pub quantity: String,
    /// Optional threshold: drawn as a line, bars above it are emphasised, and the
    /// share of the sample above it is written on the chart.
    pub threshold: Option<f64>,
}

impl SavingsData {
    /// A histogram of `values` with axis title `label`, no threshold.
    pub fn new(values: Vec<f64>, label: &str) -> Self {
        Self {
            values,
            label: label.to_string(),
            quantity: "savings".to_string(),
            threshold: None,
        }
    }

    /// Sets the threshold.
    pub fn with_threshold(mut self, threshold: f64) -> Self {
        self.threshold = Some(threshold);
        self
    }

    /// Sets the short name of the quantity (default `"savings"`).
    pub fn with_quantity(mut self, quantity: &str) -> Self {
        self.quantity = quantity.to_string();
        self
    }

    pub(crate) fn validate(&self) -> Result<(), ChartError> {
        check_sample("savings sample", &self.values)?;
        if let Some(t) = self.threshold {
            if !t.is_finite() {
                return Err(ChartError::NonFinite(format!("threshold is {t}")));
            }
        }
        Ok(())
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, c: &Canvas<DB>, body: Rect) -> Res {
        let col = c.colors;
        let s = sorted(&self.values);
        let n = s.len();
        let (p5, p50, p95) = (
            quantile_sorted(&s, 0.05),
            quantile_sorted(&s, 0.5),
            quantile_sorted(&s, 0.95),
        );

        // Display range: the whole sample unless a far tail would squash the bulk.
        let (q_lo, q_hi) = (quantile_sorted(&s, 0.002), quantile_sorted(&s, 0.998));
        let core = (q_hi - q_lo).max(f64::EPSILON);
        let mut lo = if q_lo - s[0] > 0.5 * core { q_lo } else { s[0] };
        let mut hi = if s[n - 1] - q_hi > 0.5 * core {
            q_hi
        } else {
            s[n - 1]
        };
        if let Some(t) = self.threshold {
            lo = lo.min(t);
            hi = hi.max(t);
        }
        if hi <= lo {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            lo -= pad;
            hi += pad;
        }
        let span = hi - lo;
        // Pull zero in when it is close: the sign of savings matters.
        if lo > 0.0 && lo < 0.25 * span {
            lo = 0.0;
        } else if hi < 0.0 && -hi < 0.25 * span {
            hi = 0.0;
        }

        // Bins on a nice width.
        let target = (n as f64).sqrt().clamp(10.0, 60.0) as usize;
        let mut width = axes::nice_step(hi - lo, target);
        let bins = (hi - lo) / width;
        if bins.is_nan() || bins > 1000.0 {
            width = (hi - lo) / target as f64;
        }
        let first = (lo / width).floor() as i64;
        let last = ((hi / width).ceil() as i64).max(first.saturating_add(1));
        // About `bins` (at most ~1000) by construction; the arithmetic saturates and the count
        // is capped so that no value of the sample can make it allocate without bound.
        let nbins = usize::try_from(last.saturating_sub(first))
            .unwrap_or(1)
            .clamp(1, MAX_BINS);
        let mut counts = vec![0usize; nbins];
        let mut outside = 0usize;
        for &v in &s {
            let k = ((v / width).floor() as i64 - first) as isize;
            if v == last as f64 * width && k == nbins as isize {
                counts[nbins - 1] += 1;
            } else if k < 0 || k >= nbins as isize {
                outside += 1;
            } else {
                counts[k as usize] += 1;
            }
        }
        let edge = |k: usize| (first + k as i64) as f64 * width;
        let max_share = counts.iter().copied().max().unwrap_or(0) as f64 / n as f64;

        // Layout: two rows of percentile labels above the plot.
        let ann = Font::regular(size::ANNOTATION);
        let row_h = c.line_height(ann);
        let plot_area = Rect {
            y0: body.y0 + 2.0 * row_h + c.px(6.0),
            ..body
        };
        let mut x_title = self.label.clone();
        if outside > 0 {
            x_title.push_str(&format!(
                "  ({} of trials beyond the range shown)",
                format_probability(outside as f64 / n as f64, 0)
            ));
        }
        let xs = AxisSpec {
            snap: false,
            ..AxisSpec::new(edge(0), edge(nbins), AxisKind::Money, &x_title)
        };
        let ys = AxisSpec::new(
            0.0,
            (max_share * 1.15).clamp(1e-9, 1.0),
            AxisKind::Percent,
            "Share of trials",
        );
        let p = axes::layout_xy(c, plot_area, &xs, &ys)?;
        axes::draw_grid(c, &p, false)?;

        // Bars, emphasised above the threshold.
        let strong = col.primary;
        let weak = blend(col.primary, col.background, 0.6);
        let gap = if (p.x.map(width) - p.x.map(0.0)).abs() > c.px(6.0) {
            c.px(1.0)
        } else {
            0.0
        };
        let y0 = p.y.map(0.0);
        for (k, &cnt) in counts.iter().enumerate() {
            if cnt == 0 {
                continue;
            }
            let (a, b) = (edge(k), edge(k + 1));
            let top = p.y.map(cnt as f64 / n as f64);
            let (xa, xb) = (p.x.map(a) + gap / 2.0, p.x.map(b) - gap / 2.0);
            match self.threshold {
                Some(t) if t > a && t < b => {
                    let xt = p.x.map(t);
                    c.rect(xa, top, xt, y0, &weak)?;
                    c.rect(xt, top, xb, y0, &strong)?;
                }
                Some(t) if b <= t => c.rect(xa, top, xb, y0, &weak)?,
                _ => c.rect(xa, top, xb, y0, &strong)?,
            }
        }
        axes::draw_zero_line(c, &p)?;
        axes::draw_axes(c, &p)?;

        // Percentile lines with labels above the plot, staggered to avoid overlaps.
        // Marks that print the same amount share one label ("P5 / Median $25K").
        let mut marks: Vec<(String, f64, bool)> = Vec::new();
        for (name, v, dashed) in [("P5", p5, true), ("Median", p50, false), ("P95", p95, true)] {
            let money = format_money(v, c.currency);
            match marks.last_mut() {
                Some(last) if format_money(last.1, c.currency) == money => {
                    last.0 = format!("{} / {name}", last.0);
                    last.2 = last.2 && dashed;
                }
                _ => marks.push((name.to_string(), v, dashed)),
            }
        }
        let mut placed: Vec<Rect> = Vec::new();
        for (name, v, dashed) in marks {
            if v < p.xaxis.lo || v > p.xaxis.hi {
                continue;
            }
            let x = p.x.map(v);
            let label = format!("{name} {}", format_money(v, c.currency));
            let font = if dashed {
                ann
            } else {
                Font::bold(size::ANNOTATION)
            };
            let w = c.text_width(&label, font)?;
            let cx = x
                .min(body.x1 - w / 2.0)
                .max(p.rect.x0 + w / 2.0 - c.px(4.0));
            let mut row = 0;
            let mut r;
            loop {
                let base = p.rect.y0 - c.px(6.0) - row as f64 * row_h;
                r = Rect {
                    x0: cx - w / 2.0,
                    y0: base - c.cap_height(font),
                    x1: cx + w / 2.0,
                    y1: base,
                };
                if row >= 1 || !placed.iter().any(|o| o.grow(c.px(6.0)).overlaps(&r)) {
                    break;
                }
                row += 1;
            }
            placed.push(r);
            let top = r.y1 + c.px(3.0);
            if dashed {
                c.dashed(
                    (x, top),
                    (x, p.rect.y1),
                    &col.ink,
                    c.px(1.6),
                    c.px(6.0),
                    c.px(4.0),
                )?;
            } else {
                c.line(&[(x, top), (x, p.rect.y1)], &col.ink, c.px(2.2))?;
            }
            c.text(
                &label,
                cx,
                r.y1,
                font,
                col.text,
                HAlign::Center,
                VAlign::Baseline,
            )?;
        }

        // Threshold line and probability callout.
        if let Some(t) = self.threshold {
            let x = p.x.map(t);
            c.line(&[(x, p.rect.y0), (x, p.rect.y1)], &col.accent, c.px(2.5))?;
            let prob = exceedance(&s, t);
            let text = format!(
                "P({} > {}) = {}",
                self.quantity,
                format_money(t, c.currency),
                format_probability(prob, 0)
            );
            let font = Font::bold(size::ANNOTATION + 1.0);
            let w = c.text_width(&text, font)? + c.px(20.0);
            let h = c.cap_height(font) + c.px(18.0);
            let y = p.rect.y0 + c.px(8.0);
            // Beside the threshold line, or in a top corner; prefer a spot that does
            // not hide a percentile line.
            let pad = c.px(10.0);
            let candidates = [x + pad, x - pad - w, p.rect.x1 - pad - w, p.rect.x0 + pad];
            let inside = |bx: f64| bx >= p.rect.x0 && bx + w <= p.rect.x1;
            let clear = |bx: f64| {
                [p5, p50, p95]
                    .iter()
                    .map(|&v| p.x.map(v))
                    .all(|lx| lx < bx - c.px(4.0) || lx > bx + w + c.px(4.0))
            };
            let bx0 = candidates
                .iter()
                .copied()
                .find(|&bx| inside(bx) && clear(bx))
                .or_else(|| candidates.iter().copied().find(|&bx| inside(bx)))
                .unwrap_or(p.rect.x0);
            c.rect(bx0, y, bx0 + w, y + h, &col.callout)?;
            c.rect_outline(bx0, y, bx0 + w, y + h, col.accent.to_rgba(), c.px(1.5))?;
            c.text(
                &text,
                bx0 + w / 2.0,
                y + h / 2.0,
                font,
                col.text,
                HAlign::Center,
                VAlign::Middle,
            )?;
        }
        Ok(())
    }
}
