//! Axes: linear and logarithmic scales, "nice" ticks, tick labels and gridlines.

use plotters::prelude::*;

use super::canvas::{Canvas, Font, HAlign, Rect, Res, VAlign};
use super::theme::size;
use super::ChartError;
use crate::money::{format_money_axis, format_number};

/// Maps a data interval onto a pixel interval, linearly or logarithmically.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
    pub log: bool,
}

impl Scale {
    /// Data value to pixel (not clamped).
    pub fn map(&self, v: f64) -> f64 {
        let (a, b, v) = if self.log {
            (
                self.d0.log10(),
                self.d1.log10(),
                v.max(f64::MIN_POSITIVE).log10(),
            )
        } else {
            (self.d0, self.d1, v)
        };
        if b == a {
            return (self.p0 + self.p1) / 2.0;
        }
        self.p0 + (v - a) / (b - a) * (self.p1 - self.p0)
    }
}

/// A "nice" step (1, 2, 2.5 or 5 times a power of ten) giving about `target` intervals.
pub(crate) fn nice_step(span: f64, target: usize) -> f64 {
    let target = target.max(1) as f64;
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / target;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Ticks at multiples of a nice step covering `[lo, hi]` (the first tick is at or below
/// `lo`, the last at or above `hi`), and the step.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let step = nice_step(hi - lo, target);
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    if !(first.is_finite() && last.is_finite()) || last - first > 1000.0 {
        // degenerate input (validated data never gets here): just the two ends
        return (vec![lo, hi], (hi - lo).abs());
    }
    let ticks = (first as i64..=last as i64)
        .map(|k| {
            let v = k as f64 * step;
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect();
    (ticks, step)
}

/// Ticks for a logarithmic axis over `[lo, hi]` (both > 0): 1-2-5 per decade, or only
/// powers of ten when that would give too many.
pub(crate) fn log_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    let e0 = lo.log10().floor() as i32;
    let e1 = hi.log10().ceil() as i32;
    for mults in [&[1.0, 2.0, 5.0][..], &[1.0, 3.0][..], &[1.0][..]] {
        let ticks: Vec<f64> = (e0..=e1)
            .flat_map(|e| mults.iter().map(move |m| m * 10f64.powi(e)))
            .filter(|&v| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9))
            .collect();
        if ticks.len() <= max_ticks.max(2) {
            return ticks;
        }
    }
    (e0..=e1).map(|e| 10f64.powi(e)).collect()
}

/// Number of decimals needed to write multiples of `step` exactly (up to 4).
pub(crate) fn decimals_for_step(step: f64) -> usize {
    let mut d = 0;
    let mut r = step;
    while d < 4 && (r - r.round()).abs() > 1e-6 * r.abs().max(1.0) {
        r *= 10.0;
        d += 1;
    }
    d
}

/// What the values on an axis mean, which decides how ticks are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AxisKind {
    /// Money in the chart currency.
    Money,
    /// A probability in [0, 1], labelled as a percentage.
    Percent,
    /// A plain number.
    Number,
    /// Whole numbers only (years, counts).
    Integer,
}

/// An axis description before layout: data range, kind and title.
#[derive(Debug, Clone)]
pub(crate) struct AxisSpec {
    pub lo: f64,
    pub hi: f64,
    pub kind: AxisKind,
    pub log: bool,
    pub title: String,
    /// Extend the range outwards to the first/last tick.
    pub snap: bool,
}

/// A laid-out axis: final range, tick positions and their labels.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    pub ticks: Vec<f64>,
    pub labels: Vec<String>,
    pub title: String,
}

impl AxisSpec {
    pub fn new(lo: f64, hi: f64, kind: AxisKind, title: &str) -> Self {
        Self {
            lo,
            hi,
            kind,
            log: false,
            title: title.to_string(),
            snap: true,
        }
    }

    /// Builds ticks for about `target` intervals.
    pub fn build(&self, currency: &str, target: usize) -> Axis {
        let (mut lo, mut hi) = (self.lo, self.hi);
        if hi <= lo {
            // constant data: open a window around the value
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            lo -= pad;
            hi += pad;
        }
        if self.log && lo > 0.0 {
            let ticks = log_ticks(lo, hi, target + 2);
            let labels = ticks.iter().map(|&t| format_number(t)).collect();
            return Axis {
                lo,
                hi,
                log: true,
                ticks,
                labels,
                title: self.title.clone(),
            };
        }
        let (mut ticks, mut step) = nice_ticks(lo, hi, target);
        if self.kind == AxisKind::Integer && step < 1.0 {
            step = 1.0;
            ticks = nice_ticks(lo, hi, ((hi - lo).ceil() as usize).max(1)).0;
        }
        if self.snap {
            lo = ticks.first().copied().unwrap_or(lo).min(lo);
            hi = ticks.last().copied().unwrap_or(hi).max(hi);
        } else {
            ticks.retain(|&t| t >= lo - step * 1e-9 && t <= hi + step * 1e-9);
        }
        let labels = ticks
            .iter()
            .map(|&t| match self.kind {
                AxisKind::Money => format_money_axis(t, step, currency),
                AxisKind::Percent => {
                    let d = decimals_for_step(step * 100.0);
                    format!("{:.*}%", d, t * 100.0)
                }
                AxisKind::Number => format_number(t),
                AxisKind::Integer => format_number(t.round()),
            })
            .collect();
        Axis {
            lo,
            hi,
            log: false,
            ticks,
            labels,
            title: self.title.clone(),
        }
    }
}

/// A laid-out x/y plot: the plotting rectangle and both scales.
#[derive(Debug, Clone)]
pub(crate) struct XYPlot {
    pub rect: Rect,
    pub x: Scale,
    pub y: Scale,
    pub xaxis: Axis,
    pub yaxis: Axis,
}

pub(crate) const TICK: Font = Font::regular(size::TICK);
pub(crate) const AXIS_TITLE: Font = Font::regular(size::AXIS_TITLE);

/// Height taken below a plot by the x tick labels and (optional) title.
pub(crate) fn x_axis_height<DB: DrawingBackend>(c: &Canvas<DB>, has_title: bool) -> f64 {
    let title = if has_title {
        c.line_height(AXIS_TITLE) + c.px(6.0)
    } else {
        0.0
    };
    title + c.line_height(TICK) + c.px(10.0)
}

/// Builds the y axis for a plot of height `h` and returns it with the width of its
/// widest tick label.
pub(crate) fn prepare_y<DB: DrawingBackend>(
    c: &Canvas<DB>,
    ys: &AxisSpec,
    h: f64,
) -> Result<(Axis, f64), ChartError> {
    let y_target = ((h / c.px(70.0)).round() as usize).clamp(3, 10);
    let yaxis = ys.build(c.currency, y_target);
    let mut w: f64 = 0.0;
    for l in &yaxis.labels {
        w = w.max(c.text_width(l, TICK)?);
    }
    Ok((yaxis, w))
}

/// Width taken left of a plot by y tick labels of width `label_w` and the title.
pub(crate) fn y_axis_width<DB: DrawingBackend>(
    c: &Canvas<DB>,
    label_w: f64,
    has_title: bool,
) -> f64 {
    let title = if has_title {
        c.line_height(AXIS_TITLE) + c.px(12.0)
    } else {
        0.0
    };
    title + label_w + c.px(12.0)
}

/// Builds the x axis for pixels `x0..` (at most `x1_max`, less half of the last label),
/// reducing the number of ticks until the labels do not collide.
pub(crate) fn fit_x_axis<DB: DrawingBackend>(
    c: &Canvas<DB>,
    xs: &AxisSpec,
    x0: f64,
    x1_max: f64,
) -> Result<(Axis, Scale), ChartError> {
    let mut x_target = (((x1_max - x0) / c.px(110.0)).round() as usize).clamp(2, 12);
    loop {
        let xaxis = xs.build(c.currency, x_target);
        // leave room for half of the last label past the plot's right edge
        let last_w = match xaxis.labels.last() {
            Some(l) => c.text_width(l, TICK)?,
            None => 0.0,
        };
        let x1 = x1_max - (last_w / 2.0).max(c.px(10.0));
        let x = Scale {
            d0: xaxis.lo,
            d1: xaxis.hi,
            p0: x0,
            p1: x1,
            log: xaxis.log,
        };
        let mut ok = true;
        let mut prev_right = f64::NEG_INFINITY;
        for (t, l) in xaxis.ticks.iter().zip(&xaxis.labels) {
            let w = c.text_width(l, TICK)?;
            let cx = x.map(*t);
            if cx - w / 2.0 < prev_right + c.px(14.0) {
                ok = false;
                break;
            }
            prev_right = cx + w / 2.0;
        }
        if ok || x_target <= 2 {
            return Ok((xaxis, x));
        }
        x_target -= 1;
    }
}

/// Lays out an x/y plot inside `area`: room for the y tick labels and title on the
/// left, x tick labels and title below.
pub(crate) fn layout_xy<DB: DrawingBackend>(
    c: &Canvas<DB>,
    area: Rect,
    xs: &AxisSpec,
    ys: &AxisSpec,
) -> Result<XYPlot, ChartError> {
    let (yaxis, ylab_w) = prepare_y(c, ys, area.height())?;
    let x0 = area.x0 + y_axis_width(c, ylab_w, !ys.title.is_empty());
    let y1 = area.y1 - x_axis_height(c, !xs.title.is_empty());
    let y0 = area.y0 + c.cap_height(TICK) / 2.0 + c.px(2.0);
    let (xaxis, x) = fit_x_axis(c, xs, x0, area.x1)?;
    let y = Scale {
        d0: yaxis.lo,
        d1: yaxis.hi,
        p0: y1,
        p1: y0,
        log: yaxis.log,
    };
    Ok(XYPlot {
        rect: Rect {
            x0,
            y0,
            x1: x.p1,
            y1,
        },
        x,
        y,
        xaxis,
        yaxis,
    })
}

/// Draws horizontal gridlines at the y ticks (and vertical ones at the x ticks when
/// `vertical` is set), emphasising zero on a money/number axis.
pub(crate) fn draw_grid<DB: DrawingBackend>(c: &Canvas<DB>, p: &XYPlot, vertical: bool) -> Res {
    let w = c.px(1.0);
    for &t in &p.yaxis.ticks {
        let y = p.y.map(t);
        c.line(&[(p.rect.x0, y), (p.rect.x1, y)], &c.colors.grid, w)?;
    }
    if vertical {
        for &t in &p.xaxis.ticks {
            let x = p.x.map(t);
            c.line(&[(x, p.rect.y0), (x, p.rect.y1)], &c.colors.grid, w)?;
        }
    }
    Ok(())
}

/// Draws a stronger line at y = 0 when zero lies inside the y range (not at its bottom).
pub(crate) fn draw_zero_line<DB: DrawingBackend>(c: &Canvas<DB>, p: &XYPlot) -> Res {
    if !p.yaxis.log && p.yaxis.lo < 0.0 && p.yaxis.hi > 0.0 {
        let y = p.y.map(0.0);
        c.line(&[(p.rect.x0, y), (p.rect.x1, y)], &c.colors.axis, c.px(1.5))?;
    }
    Ok(())
}

/// Draws a vertical grid line at each of `axis`'s ticks across `r`, then the x axis below
/// it ([`draw_x_axis`]): the value axis of the horizontal bar charts (tornado, Sobol
/// indices, value of information).
pub(crate) fn draw_x_grid_and_axis<DB: DrawingBackend>(
    c: &Canvas<DB>,
    r: Rect,
    axis: &Axis,
    x: &Scale,
) -> Res {
    for &t in &axis.ticks {
        let px = x.map(t);
        c.line(&[(px, r.y0), (px, r.y1)], &c.colors.grid, c.px(1.0))?;
    }
    draw_x_axis(c, r, axis, x)
}

/// Draws the x axis line, tick marks, tick labels and title below `r`.
pub(crate) fn draw_x_axis<DB: DrawingBackend>(
    c: &Canvas<DB>,
    r: Rect,
    axis: &Axis,
    x: &Scale,
) -> Res {
    let col = c.colors;
    c.line(&[(r.x0, r.y1), (r.x1, r.y1)], &col.axis, c.px(1.2))?;
    let tick_len = c.px(5.0);
    for (t, l) in axis.ticks.iter().zip(&axis.labels) {
        let px = x.map(*t);
        c.line(&[(px, r.y1), (px, r.y1 + tick_len)], &col.axis, c.px(1.0))?;
        c.text(
            l,
            px,
            r.y1 + tick_len + c.px(5.0),
            TICK,
            col.muted,
            HAlign::Center,
            VAlign::Top,
        )?;
    }
    if !axis.title.is_empty() {
        let y = r.y1 + tick_len + c.px(5.0) + c.line_height(TICK) + c.px(8.0);
        c.text(
            &axis.title,
            (r.x0 + r.x1) / 2.0,
            y,
            AXIS_TITLE,
            col.text,
            HAlign::Center,
            VAlign::Top,
        )?;
    }
    Ok(())
}

/// Draws the y tick labels (right-aligned left of `r`) and the rotated title.
pub(crate) fn draw_y_axis<DB: DrawingBackend>(
    c: &Canvas<DB>,
    r: Rect,
    axis: &Axis,
    y: &Scale,
) -> Res {
    let col = c.colors;
    let mut ylab_w: f64 = 0.0;
    for (t, l) in axis.ticks.iter().zip(&axis.labels) {
        ylab_w = ylab_w.max(c.text_width(l, TICK)?);
        c.text(
            l,
            r.x0 - c.px(10.0),
            y.map(*t),
            TICK,
            col.muted,
            HAlign::Right,
            VAlign::Middle,
        )?;
    }
    draw_y_title(c, r, &axis.title, ylab_w)
}

/// Draws a rotated y axis title left of labels `label_w` wide.
pub(crate) fn draw_y_title<DB: DrawingBackend>(
    c: &Canvas<DB>,
    r: Rect,
    title: &str,
    label_w: f64,
) -> Res {
    if title.is_empty() {
        return Ok(());
    }
    let x = r.x0 - c.px(12.0) - label_w - c.px(12.0) - c.cap_height(AXIS_TITLE) / 2.0;
    c.text_vertical(title, x, (r.y0 + r.y1) / 2.0, AXIS_TITLE, c.colors.text)
}

/// Draws both axes of an x/y plot.
pub(crate) fn draw_axes<DB: DrawingBackend>(c: &Canvas<DB>, p: &XYPlot) -> Res {
    draw_x_axis(c, p.rect, &p.xaxis, &p.x)?;
    draw_y_axis(c, p.rect, &p.yaxis, &p.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(1_000_000.0, 4), 250_000.0);
        assert_eq!(nice_step(7.0, 7), 1.0);
        assert_eq!(nice_step(0.0, 5), 1.0);
    }

    #[test]
    fn ticks_cover_range() {
        let (t, step) = nice_ticks(-12_000.0, 87_000.0, 5);
        assert_eq!(step, 20_000.0);
        assert_eq!(t.first().copied(), Some(-20_000.0));
        assert_eq!(t.last().copied(), Some(100_000.0));
    }

    #[test]
    fn log_ticks_thin_out() {
        assert_eq!(
            log_ticks(1.0, 100.0, 10),
            vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        assert_eq!(
            log_ticks(1.0, 1e6, 8),
            vec![1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6]
        );
    }

    #[test]
    fn scales_map_linearly_and_logarithmically() {
        let s = Scale {
            d0: 0.0,
            d1: 10.0,
            p0: 100.0,
            p1: 200.0,
            log: false,
        };
        assert_eq!(s.map(5.0), 150.0);
        let l = Scale {
            d0: 1.0,
            d1: 100.0,
            p0: 0.0,
            p1: 100.0,
            log: true,
        };
        assert!((l.map(10.0) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn constant_range_is_widened() {
        let a = AxisSpec::new(5.0, 5.0, AxisKind::Number, "x").build("USD", 5);
        assert!(a.lo < 5.0 && a.hi > 5.0);
        let z = AxisSpec::new(0.0, 0.0, AxisKind::Money, "x").build("USD", 5);
        assert!(z.lo < 0.0 && z.hi > 0.0);
    }
}
