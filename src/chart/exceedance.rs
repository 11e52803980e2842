//! Exceedance curves: for each sample, the probability P(X > x) across x.
//!
//! The x range holds the bulk of every sample: a tail beyond a sample's 0.5th or 99.5th
//! percentile is cut off when it would stretch the axis by more than half the width of that
//! central range (the rule of the savings histogram), and a note in the plot says which
//! share of each sample's trials lies beyond the range shown.

use plotters::prelude::*;

use super::axes::{self, AxisKind, AxisSpec, TICK};
use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::layout::{legend, wrap, Swatch};
use super::stats::{check_sample, exceedance, quantile_sorted, sorted};
use super::theme::size;
use super::ChartError;
use crate::money::{format_money, format_probability};

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
    /// Text written above the marker line, e.g. `"threshold $150K"`; `None` writes the
    /// marker's value as money.
    pub marker_label: Option<String>,
}

/// Share of a sample cut off on each side at most: the range covers at least every
/// sample's central 99%, from its 0.5th to its 99.5th percentile.
pub const TAIL_SHARE: f64 = 0.005;

/// The x range the curves of `sorted` samples are drawn over, before padding, and whether
/// each side cuts a tail off: `(lo, hi, cut_lo, cut_hi)`. Each side is the samples'
/// extreme, unless the tail beyond the central range ([`TAIL_SHARE`]) would take more than
/// half of that range again; then it is the central range's end.
pub fn display_range(sorted: &[Vec<f64>]) -> (f64, f64, bool, bool) {
    let min = sorted.iter().map(|s| s[0]).fold(f64::INFINITY, f64::min);
    let max = sorted
        .iter()
        .map(|s| s[s.len() - 1])
        .fold(f64::NEG_INFINITY, f64::max);
    let q_lo = sorted
        .iter()
        .map(|s| quantile_sorted(s, TAIL_SHARE))
        .fold(f64::INFINITY, f64::min);
    let q_hi = sorted
        .iter()
        .map(|s| quantile_sorted(s, 1.0 - TAIL_SHARE))
        .fold(f64::NEG_INFINITY, f64::max);
    let core = (q_hi - q_lo).max(f64::EPSILON);
    let (cut_lo, cut_hi) = (q_lo - min > 0.5 * core, max - q_hi > 0.5 * core);
    (
        if cut_lo { q_lo } else { min },
        if cut_hi { q_hi } else { max },
        cut_lo,
        cut_hi,
    )
}

impl ExceedanceData {
    /// Curves for `series` with x axis title `x_label`.
    pub fn new(series: Vec<NamedSample>, x_label: &str) -> Self {
        Self {
            series,
            x_label: x_label.to_string(),
            marker: None,
            marker_label: None,
        }
    }

    /// Marks a value on the x axis.
    pub fn with_marker(mut self, x: f64) -> Self {
        self.marker = Some(x);
        self
    }

    /// Marks a value on the x axis with a label, e.g. `"threshold $150K"`.
    pub fn with_labelled_marker(mut self, x: f64, label: &str) -> Self {
        self.marker = Some(x);
        self.marker_label = Some(label.to_string());
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
        let (mut lo, mut hi, cut_lo, cut_hi) = display_range(&sorted);
        if let Some(m) = self.marker {
            lo = lo.min(m);
            hi = hi.max(m);
        }
        if hi <= lo {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            lo -= pad;
            hi += pad;
        }
        // A little room beyond a sample's extreme; none where a tail is cut, so that the
        // note below counts exactly the trials beyond the axis.
        let span = hi - lo;
        if !cut_lo {
            lo -= span * 0.02;
        }
        if !cut_hi {
            hi += span * 0.02;
        }
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
        // left of the minimum and at 0% to the right of the maximum, cut at the edges of
        // the range where a tail runs beyond it.
        let (xlo, xhi) = (p.xaxis.lo, p.xaxis.hi);
        let beyond: Vec<f64> = sorted
            .iter()
            .map(|s| {
                let below = s.partition_point(|&v| v < xlo);
                let above = s.len() - s.partition_point(|&v| v <= xhi);
                (below + above) as f64 / s.len() as f64
            })
            .collect();
        for (i, s) in sorted.iter().enumerate() {
            let m = s.len().clamp(2, 800);
            let mut pts = Vec::with_capacity(m + 3);
            pts.push((
                xlo,
                1.0 - s.partition_point(|&v| v <= xlo) as f64 / s.len() as f64,
            ));
            for k in 0..=m {
                let q = k as f64 / m as f64;
                let x = quantile_sorted(s, q);
                if x > xlo && x < xhi {
                    pts.push((x, 1.0 - q));
                }
            }
            pts.push((xhi, exceedance(s, xhi)));
            let px: Vec<(f64, f64)> = pts.iter().map(|&(x, y)| (p.x.map(x), p.y.map(y))).collect();
            c.line(&px, &col.series(i), c.px(3.0))?;
        }

        // Which share of each sample lies beyond the range, top right inside the plot.
        let note_font = TICK;
        let mut ny = p.rect.y0 + c.px(8.0);
        for (s, share) in self.series.iter().zip(&beyond).filter(|(_, &b)| b > 0.0) {
            let text = format!(
                "{}: {} of trials beyond the range shown",
                s.name,
                format_probability(*share, 1)
            );
            for line in wrap(c, &text, note_font, p.rect.width() * 0.5, 2)? {
                c.text(
                    &line,
                    p.rect.x1 - c.px(8.0),
                    ny,
                    note_font,
                    col.muted,
                    HAlign::Right,
                    VAlign::Top,
                )?;
                ny += c.line_height(note_font);
            }
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
            let label = self
                .marker_label
                .clone()
                .unwrap_or_else(|| format_money(mv, c.currency));
            c.text(
                &label,
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
                let text = format_probability(*pr, 0);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` evenly spread values in `[lo, hi]`.
    fn spread(n: usize, lo: f64, hi: f64) -> Vec<f64> {
        (0..n)
            .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
            .collect()
    }

    #[test]
    fn a_far_tail_is_cut_at_the_central_range() {
        let mut s = spread(1000, 0.0, 100.0);
        s[999] = 1e9; // one extreme trial
        let s = sorted(&s);
        let (lo, hi, cut_lo, cut_hi) = display_range(std::slice::from_ref(&s));
        assert_eq!((lo, cut_lo, cut_hi), (0.0, false, true));
        assert_eq!(hi, quantile_sorted(&s, 1.0 - TAIL_SHARE));
        assert!(hi < 100.0);
    }

    #[test]
    fn a_light_tail_is_shown_whole() {
        let a = sorted(&spread(1000, -50.0, 100.0));
        let b = sorted(&spread(500, 20.0, 300.0));
        assert_eq!(
            display_range(&[a, b]),
            (-50.0, 300.0, false, false),
            "every value fits"
        );
    }

    #[test]
    fn the_range_covers_every_sample_s_central_part() {
        let mut a = spread(1000, 0.0, 10.0);
        a[0] = -1e6;
        let b = spread(1000, 1000.0, 2000.0);
        let (a, b) = (sorted(&a), sorted(&b));
        let (lo, hi, cut_lo, cut_hi) = display_range(&[a.clone(), b.clone()]);
        assert!(cut_lo && !cut_hi);
        assert_eq!(lo, quantile_sorted(&a, TAIL_SHARE));
        assert_eq!(hi, 2000.0);
    }
}
