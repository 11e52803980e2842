//! Colours, palettes and the embedded fonts shared by every chart.

use std::sync::Once;

use plotters::style::{register_font, FontStyle, RGBColor};

/// Overall look of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Dark text on a white background (for documents and printed memos).
    #[default]
    Light,
    /// Light text on a near-black background (for dark slide decks).
    Dark,
}

/// Okabe–Ito colour-blind-safe palette without black, in the order used for series:
/// blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow.
pub const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xF0, 0xE4, 0x42),
];

/// Extra colours (from Paul Tol's muted scheme) used after the Okabe–Ito ones.
const EXTRA: [RGBColor; 4] = [
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0x88, 0x22, 0x55),
    RGBColor(0x44, 0xAA, 0x99),
    RGBColor(0x99, 0x99, 0x33),
];

/// Colour for the `i`-th series (categorical, colour-blind safe; cycles after 11).
pub fn series_color(i: usize) -> RGBColor {
    let n = OKABE_ITO.len() + EXTRA.len();
    let i = i % n;
    if i < OKABE_ITO.len() {
        OKABE_ITO[i]
    } else {
        EXTRA[i - OKABE_ITO.len()]
    }
}

/// The resolved colours of a [`Theme`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Colors {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    /// Emphasis colour for reference lines (median, baseline): near-black or near-white.
    pub ink: RGBColor,
    /// Background of annotation boxes drawn over the data.
    pub callout: RGBColor,
    /// Primary data colour (blue) and secondary (orange), both colour-blind safe.
    pub primary: RGBColor,
    pub secondary: RGBColor,
    /// Accent for thresholds and markers (vermillion).
    pub accent: RGBColor,
    /// Dark background: the palette leads with sky blue instead of blue.
    pub dark: bool,
}

impl Colors {
    /// Colour of the `i`-th series for this theme.
    pub fn series(&self, i: usize) -> RGBColor {
        let c = series_color(i);
        if !self.dark {
            c
        } else if c == OKABE_ITO[0] {
            OKABE_ITO[5]
        } else if c == OKABE_ITO[5] {
            OKABE_ITO[0]
        } else {
            c
        }
    }
}

impl Theme {
    pub(crate) fn colors(self) -> Colors {
        match self {
            Theme::Light => Colors {
                background: RGBColor(0xFF, 0xFF, 0xFF),
                text: RGBColor(0x22, 0x22, 0x22),
                muted: RGBColor(0x6B, 0x6B, 0x6B),
                grid: RGBColor(0xE4, 0xE4, 0xE4),
                axis: RGBColor(0x8C, 0x8C, 0x8C),
                ink: RGBColor(0x1A, 0x1A, 0x1A),
                callout: RGBColor(0xFF, 0xFF, 0xFF),
                primary: OKABE_ITO[0],
                secondary: OKABE_ITO[1],
                accent: OKABE_ITO[3],
                dark: false,
            },
            Theme::Dark => Colors {
                background: RGBColor(0x16, 0x19, 0x1D),
                text: RGBColor(0xEC, 0xEC, 0xEC),
                muted: RGBColor(0xA6, 0xA6, 0xA6),
                grid: RGBColor(0x33, 0x38, 0x3E),
                axis: RGBColor(0x80, 0x80, 0x80),
                ink: RGBColor(0xF2, 0xF2, 0xF2),
                callout: RGBColor(0x22, 0x26, 0x2B),
                primary: OKABE_ITO[5],
                secondary: OKABE_ITO[1],
                accent: RGBColor(0xF0, 0x7A, 0x2A),
                dark: true,
            },
        }
    }
}

/// Font family name under which the embedded DejaVu Sans faces are registered.
pub(crate) const FAMILY: &str = "sans-serif";

/// Font sizes in CSS pixels (em size) at the reference size of 1200×750.
pub(crate) mod size {
    pub const TITLE: f64 = 30.0;
    pub const SUBTITLE: f64 = 18.0;
    pub const AXIS_TITLE: f64 = 19.0;
    pub const TICK: f64 = 16.0;
    pub const LEGEND: f64 = 17.0;
    pub const ANNOTATION: f64 = 16.0;
    pub const FOOTER: f64 = 13.5;
}

static FONTS: Once = Once::new();

/// Registers the embedded DejaVu Sans regular and bold faces with plotters, once per
/// process. No system font lookup (fontconfig) is ever involved.
pub(crate) fn ensure_fonts() {
    FONTS.call_once(|| {
        // The embedded faces are valid TrueType files; a failure here would be a
        // packaging bug, and text would then be reported as a render error.
        let _ = register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// Relative luminance (WCAG) of an sRGB colour, in `[0, 1]`.
pub(crate) fn luminance(c: RGBColor) -> f64 {
    fn lin(v: u8) -> f64 {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// Black or white, whichever contrasts more with `background` (WCAG contrast ratio).
pub(crate) fn contrast_text(background: RGBColor) -> RGBColor {
    let l = luminance(background);
    let with_black = (l + 0.05) / 0.05;
    let with_white = 1.05 / (l + 0.05);
    if with_black >= with_white {
        RGBColor(0x11, 0x11, 0x11)
    } else {
        RGBColor(0xFF, 0xFF, 0xFF)
    }
}

/// Blends `c` towards `toward` by `t` in `[0, 1]` (0 = `c`).
pub(crate) fn blend(c: RGBColor, toward: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (f64::from(a) * (1.0 - t) + f64::from(b) * t).round() as u8;
    RGBColor(mix(c.0, toward.0), mix(c.1, toward.1), mix(c.2, toward.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_picks_black_on_light_and_white_on_dark() {
        assert_eq!(contrast_text(RGBColor(0xFD, 0xE7, 0x25)).0, 0x11);
        assert_eq!(contrast_text(RGBColor(0x44, 0x01, 0x54)).0, 0xFF);
        assert_eq!(contrast_text(OKABE_ITO[0]).0, 0xFF);
    }

    #[test]
    fn palette_cycles() {
        assert_eq!(series_color(0), OKABE_ITO[0]);
        assert_eq!(series_color(11), OKABE_ITO[0]);
        assert_eq!(series_color(7), EXTRA[0]);
    }
}
