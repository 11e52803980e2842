//! A thin drawing layer over a plotters drawing area: device-pixel coordinates as
//! `f64`, consistent text placement on both backends, and error mapping.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor};

use super::theme::{Colors, FAMILY};
use super::ChartError;

/// Horizontal placement of text relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HAlign {
    Left,
    Center,
    Right,
}

/// Vertical placement of text relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VAlign {
    /// Top of the capital letters at the anchor.
    Top,
    /// Middle of the capital letters at the anchor.
    Middle,
    /// Baseline at the anchor.
    Baseline,
    /// Bottom of the descenders at the anchor.
    Bottom,
}

// DejaVu Sans metrics, in em.
const CAP: f64 = 0.729;
const DESCENT: f64 = 0.236;
// plotters' font size is the ascent-to-descent height, the CSS em is smaller.
const BITMAP_SIZE_PER_EM: f64 = 1.164;
// plotters' SVG backend writes font-size = size / 1.24.
const SVG_SIZE_PER_EM: f64 = 1.24;
// Where plotters puts the baseline below a top-anchored text, in em.
const BITMAP_TOP_TO_BASELINE: f64 = 0.5 * BITMAP_SIZE_PER_EM;
const SVG_TOP_TO_BASELINE: f64 = 0.76;

/// A text style: size in CSS pixels at the reference chart size, and weight.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
}

impl Font {
    pub const fn regular(size: f64) -> Self {
        Self { size, bold: false }
    }
    pub const fn bold(size: f64) -> Self {
        Self { size, bold: true }
    }
}

fn render_err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> ChartError {
    ChartError::Render(e.to_string())
}

/// Everything a chart needs to draw: the area, scale, colours and currency.
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    /// Device pixels per reference pixel (fonts, strokes and paddings scale by it).
    pub s: f64,
    svg: bool,
    pub colors: Colors,
    pub currency: &'a str,
    pub width: f64,
    pub height: f64,
}

pub(crate) type Res = Result<(), ChartError>;

fn pt(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub fn new(
        area: &'a DrawingArea<DB, Shift>,
        s: f64,
        svg: bool,
        colors: Colors,
        currency: &'a str,
    ) -> Self {
        let (w, h) = area.dim_in_pixel();
        Self {
            area,
            s,
            svg,
            colors,
            currency,
            width: f64::from(w),
            height: f64::from(h),
        }
    }

    /// Reference pixels to device pixels.
    pub fn px(&self, v: f64) -> f64 {
        v * self.s
    }

    fn desc(&self, font: Font, for_svg: bool) -> FontDesc<'static> {
        let em = font.size * self.s;
        let size = if for_svg {
            em * SVG_SIZE_PER_EM
        } else {
            em * BITMAP_SIZE_PER_EM
        };
        let style = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(FAMILY), size, style)
    }

    /// Width of `text` in device pixels.
    pub fn text_width(&self, text: &str, font: Font) -> Result<f64, ChartError> {
        let text = &*printable(text);
        if text.is_empty() {
            return Ok(0.0);
        }
        let style = TextStyle::from(self.desc(font, false));
        let (w, _) = self
            .area
            .estimate_text_size(text, &style)
            .map_err(render_err)?;
        Ok(f64::from(w))
    }

    /// Cap height of `font` in device pixels.
    pub fn cap_height(&self, font: Font) -> f64 {
        font.size * self.s * CAP
    }

    /// Line height (for stacking lines of text) in device pixels.
    pub fn line_height(&self, font: Font) -> f64 {
        font.size * self.s * 1.25
    }

    /// Descender depth in device pixels.
    pub fn descent(&self, font: Font) -> f64 {
        font.size * self.s * DESCENT
    }

    fn baseline_offset(&self, font: Font, v: VAlign) -> f64 {
        let em = font.size * self.s;
        match v {
            VAlign::Top => CAP * em,
            VAlign::Middle => CAP * em / 2.0,
            VAlign::Baseline => 0.0,
            VAlign::Bottom => -DESCENT * em,
        }
    }

    fn top_to_baseline(&self, font: Font) -> f64 {
        let em = font.size * self.s;
        if self.svg {
            SVG_TOP_TO_BASELINE * em
        } else {
            BITMAP_TOP_TO_BASELINE * em
        }
    }

    /// Draws horizontal text anchored at `(x, y)`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &self,
        text: &str,
        x: f64,
        y: f64,
        font: Font,
        color: RGBColor,
        h: HAlign,
        v: VAlign,
    ) -> Res {
        let text = &*printable(text);
        if text.is_empty() {
            return Ok(());
        }
        let baseline = y + self.baseline_offset(font, v);
        let top = baseline - self.top_to_baseline(font);
        let hpos = match h {
            HAlign::Left => HPos::Left,
            HAlign::Center => HPos::Center,
            HAlign::Right => HPos::Right,
        };
        let style = TextStyle::from(self.desc(font, self.svg))
            .color(&color)
            .pos(Pos::new(hpos, VPos::Top));
        self.area
            .draw_text(text, &style, pt(x, top))
            .map_err(render_err)
    }

    /// Draws text rotated to read bottom-to-top, centred on `(x, y)`.
    pub fn text_vertical(&self, text: &str, x: f64, y: f64, font: Font, color: RGBColor) -> Res {
        let text = &*printable(text);
        if text.is_empty() {
            return Ok(());
        }
        // The text's "down" direction points to +x after the rotation.
        let baseline_x = x + self.baseline_offset(font, VAlign::Middle);
        let top_x = baseline_x - self.top_to_baseline(font);
        let style = TextStyle::from(self.desc(font, self.svg))
            .color(&color)
            .pos(Pos::new(HPos::Center, VPos::Top))
            .transform(FontTransform::Rotate270);
        self.area
            .draw_text(text, &style, pt(top_x, y))
            .map_err(render_err)
    }

    /// Fills a rectangle given by two corners.
    pub fn rect<C: Color>(&self, x0: f64, y0: f64, x1: f64, y1: f64, color: &C) -> Res {
        let (ax, bx) = (x0.min(x1), x0.max(x1));
        let (ay, by) = (y0.min(y1), y0.max(y1));
        self.area
            .draw(&Rectangle::new(
                [pt(ax, ay), pt(bx, by)],
                color.to_rgba().filled(),
            ))
            .map_err(render_err)
    }

    /// Strokes a rectangle outline.
    pub fn rect_outline(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        color: RGBAColor,
        w: f64,
    ) -> Res {
        self.area
            .draw(&Rectangle::new(
                [pt(x0, y0), pt(x1, y1)],
                color.stroke_width(w.round().max(1.0) as u32),
            ))
            .map_err(render_err)
    }

    /// Strokes a polyline with width `w` device pixels.
    pub fn line<C: Color>(&self, points: &[(f64, f64)], color: &C, w: f64) -> Res {
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| pt(x, y)).collect();
        self.area
            .draw(&PathElement::new(
                pts,
                color.to_rgba().stroke_width(w.round().max(1.0) as u32),
            ))
            .map_err(render_err)
    }

    /// Strokes a dashed straight segment.
    #[allow(clippy::too_many_arguments)]
    pub fn dashed<C: Color>(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        color: &C,
        w: f64,
        dash: f64,
        gap: f64,
    ) -> Res {
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if len <= 0.0 {
            return Ok(());
        }
        let (ux, uy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        let mut t = 0.0;
        while t < len {
            let e = (t + dash).min(len);
            self.line(
                &[(a.0 + ux * t, a.1 + uy * t), (a.0 + ux * e, a.1 + uy * e)],
                color,
                w,
            )?;
            t = e + gap;
        }
        Ok(())
    }

    /// Fills a polygon.
    pub fn polygon<C: Color>(&self, points: &[(f64, f64)], color: &C) -> Res {
        let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| pt(x, y)).collect();
        self.area
            .draw(&Polygon::new(pts, color.to_rgba().filled()))
            .map_err(render_err)
    }

    /// Fills a circle of radius `r` device pixels.
    pub fn circle<C: Color>(&self, x: f64, y: f64, r: f64, color: &C) -> Res {
        self.area
            .draw(&Circle::new(
                pt(x, y),
                r.round().max(1.0) as i32,
                color.to_rgba().filled(),
            ))
            .map_err(render_err)
    }

    /// Strokes a circle outline of radius `r`.
    pub fn circle_outline<C: Color>(&self, x: f64, y: f64, r: f64, color: &C, w: f64) -> Res {
        self.area
            .draw(&Circle::new(
                pt(x, y),
                r.round().max(1.0) as i32,
                color.to_rgba().stroke_width(w.round().max(1.0) as u32),
            ))
            .map_err(render_err)
    }

    /// Fills the whole canvas.
    pub fn fill<C: Color>(&self, color: &C) -> Res {
        self.area.fill(color).map_err(render_err)
    }

    /// Flushes the drawing to the backend.
    pub fn present(&self) -> Res {
        self.area.present().map_err(render_err)
    }
}

/// A rectangle in device pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    /// Whether two rectangles overlap (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    /// A copy grown by `d` on every side.
    pub fn grow(&self, d: f64) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }
}

/// `text` with each control character (a NUL, an escape, a tab or a line break) as a space:
/// one line of text has no use for them, and XML 1.0, so an SVG, may not hold most of them.
pub(crate) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}
