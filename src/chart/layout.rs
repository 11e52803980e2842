//! The common frame of every chart (background, title, subtitle, footer) and the
//! horizontal legend drawn under the title.

use plotters::prelude::*;

use super::canvas::{Canvas, Font, HAlign, Rect, VAlign};
use super::theme::size;
use super::ChartError;

/// Outer margin at the reference size, in pixels.
const MARGIN_X: f64 = 32.0;
const MARGIN_TOP: f64 = 26.0;
const MARGIN_BOTTOM: f64 = 16.0;

/// Largest font (down to `min_size`) at which `text` fits in `max_w` device pixels.
pub(crate) fn fit_font<DB: DrawingBackend>(
    c: &Canvas<DB>,
    text: &str,
    mut font: Font,
    min_size: f64,
    max_w: f64,
) -> Result<Font, ChartError> {
    while font.size > min_size && c.text_width(text, font)? > max_w {
        font.size = (font.size - 1.0).max(min_size);
    }
    Ok(font)
}

/// Shortens `text` with an ellipsis until it fits in `max_w` device pixels.
pub(crate) fn ellipsize<DB: DrawingBackend>(
    c: &Canvas<DB>,
    text: &str,
    font: Font,
    max_w: f64,
) -> Result<String, ChartError> {
    if c.text_width(text, font)? <= max_w {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    let shortened = |n: usize| chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
    // The longest prefix that fits, by bisection: a prefix is never narrower than a shorter
    // one, so this is the same prefix a scan from the end finds, in O(log n) measurements
    // (a scan took minutes on a title of 100,000 characters).
    let (mut fits, mut too_wide) = (0, chars.len());
    while too_wide - fits > 1 {
        let mid = fits + (too_wide - fits) / 2;
        if c.text_width(&shortened(mid), font)? <= max_w {
            fits = mid;
        } else {
            too_wide = mid;
        }
    }
    Ok(if fits == 0 {
        "…".to_string()
    } else {
        shortened(fits)
    })
}

/// Fills the background, draws the title, optional subtitle and footer, and returns
/// the rectangle left for the chart body.
pub(crate) fn frame<DB: DrawingBackend>(
    c: &Canvas<DB>,
    title: &str,
    subtitle: Option<&str>,
    footer: Option<&str>,
) -> Result<Rect, ChartError> {
    let col = c.colors;
    c.fill(&col.background)?;
    let x0 = c.px(MARGIN_X);
    let x1 = c.width - c.px(MARGIN_X);
    let mut y = c.px(MARGIN_TOP);
    if !title.is_empty() {
        let font = fit_font(c, title, Font::bold(size::TITLE), 18.0, x1 - x0)?;
        let text = ellipsize(c, title, font, x1 - x0)?;
        c.text(&text, x0, y, font, col.text, HAlign::Left, VAlign::Top)?;
        y += c.cap_height(font) + c.descent(font) + c.px(12.0);
    }
    if let Some(sub) = subtitle.filter(|s| !s.is_empty()) {
        let font = Font::regular(size::SUBTITLE);
        let text = ellipsize(c, sub, font, x1 - x0)?;
        c.text(&text, x0, y, font, col.muted, HAlign::Left, VAlign::Top)?;
        y += c.cap_height(font) + c.descent(font) + c.px(10.0);
    }
    let mut bottom = c.height - c.px(MARGIN_BOTTOM);
    if let Some(f) = footer.filter(|s| !s.is_empty()) {
        let font = Font::regular(size::FOOTER);
        let text = ellipsize(c, f, font, x1 - x0)?;
        c.text(
            &text,
            x0,
            bottom,
            font,
            col.muted,
            HAlign::Left,
            VAlign::Bottom,
        )?;
        bottom -= c.line_height(font) + c.px(10.0);
    }
    Ok(Rect {
        x0,
        y0: y + c.px(6.0),
        x1,
        y1: bottom,
    })
}

/// How a legend entry's key is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A filled square (bars, areas, cells).
    Box(RGBColor),
    /// A solid line.
    Line(RGBColor),
    /// A solid line over a translucent band (median with percentile band).
    Band(RGBColor),
}

/// Draws legend entries left to right from `(x0, y0)`, wrapping to new rows within
/// `max_w`; returns the height used.
pub(crate) fn legend<DB: DrawingBackend>(
    c: &Canvas<DB>,
    entries: &[(Swatch, String)],
    x0: f64,
    y0: f64,
    max_w: f64,
) -> Result<f64, ChartError> {
    legend_titled(c, None, entries, x0, y0, max_w)
}

/// Like [`legend`], with an optional bold title before the first entry.
pub(crate) fn legend_titled<DB: DrawingBackend>(
    c: &Canvas<DB>,
    title: Option<&str>,
    entries: &[(Swatch, String)],
    x0: f64,
    y0: f64,
    max_w: f64,
) -> Result<f64, ChartError> {
    if entries.is_empty() {
        return Ok(0.0);
    }
    let font = Font::regular(size::LEGEND);
    let key_w = c.px(26.0);
    let key_gap = c.px(8.0);
    let entry_gap = c.px(26.0);
    let row_h = c.line_height(font) + c.px(4.0);
    let mut x = x0;
    let mut row = 0usize;
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        let tf = Font::bold(size::LEGEND);
        let t = ellipsize(c, t, tf, max_w / 2.0)?;
        let cy = y0 + c.cap_height(font) / 2.0;
        c.text(&t, x, cy, tf, c.colors.text, HAlign::Left, VAlign::Middle)?;
        x += c.text_width(&t, tf)? + c.px(14.0);
    }
    for (swatch, label) in entries {
        let label = super::layout::ellipsize(c, label, font, max_w - key_w - key_gap)?;
        let w = key_w + key_gap + c.text_width(&label, font)?;
        if x > x0 && x + w > x0 + max_w {
            row += 1;
            x = x0;
        }
        let cy = y0 + row as f64 * row_h + c.cap_height(font) / 2.0;
        match *swatch {
            Swatch::Box(col) => {
                let h = c.px(14.0);
                c.rect(
                    x + c.px(5.0),
                    cy - h / 2.0,
                    x + key_w - c.px(5.0),
                    cy + h / 2.0,
                    &col,
                )?;
            }
            Swatch::Line(col) => {
                c.line(&[(x, cy), (x + key_w, cy)], &col, c.px(3.0))?;
            }
            Swatch::Band(col) => {
                let h = c.px(14.0);
                c.rect(x, cy - h / 2.0, x + key_w, cy + h / 2.0, &col.mix(0.22))?;
                c.line(&[(x, cy), (x + key_w, cy)], &col, c.px(3.0))?;
            }
        }
        c.text(
            &label,
            x + key_w + key_gap,
            cy,
            font,
            c.colors.text,
            HAlign::Left,
            VAlign::Middle,
        )?;
        x += w + entry_gap;
    }
    Ok((row + 1) as f64 * row_h + c.px(6.0))
}

/// Word-wraps `text` into at most `max_lines` lines of at most `max_w` device pixels
/// (the last line is shortened with an ellipsis if needed).
pub(crate) fn wrap<DB: DrawingBackend>(
    c: &Canvas<DB>,
    text: &str,
    font: Font,
    max_w: f64,
    max_lines: usize,
) -> Result<Vec<String>, ChartError> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let candidate = if cur.is_empty() {
            words[i].to_string()
        } else {
            format!("{cur} {}", words[i])
        };
        if cur.is_empty() || c.text_width(&candidate, font)? <= max_w {
            cur = candidate;
            i += 1;
        } else {
            lines.push(std::mem::take(&mut cur));
            if lines.len() == max_lines.saturating_sub(1) {
                cur = words[i..].join(" ");
                break;
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        out.push(ellipsize(c, &l, font, max_w)?);
    }
    Ok(out)
}
