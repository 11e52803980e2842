//! Continuous colour maps for heatmaps: a perceptually uniform sequential map
//! (viridis) and a colour-blind-safe diverging map (Paul Tol's blue–red).

use plotters::style::RGBColor;

/// Viridis sampled at t = 0.0, 0.1, ..., 1.0 (matplotlib's reference values).
const VIRIDIS: [(u8, u8, u8); 11] = [
    (0x44, 0x01, 0x54),
    (0x48, 0x24, 0x75),
    (0x41, 0x44, 0x87),
    (0x35, 0x5F, 0x8D),
    (0x2A, 0x78, 0x8E),
    (0x21, 0x91, 0x8C),
    (0x22, 0xA8, 0x84),
    (0x44, 0xBF, 0x70),
    (0x7A, 0xD1, 0x51),
    (0xBD, 0xDF, 0x26),
    (0xFD, 0xE7, 0x25),
];

/// Paul Tol's diverging BuRd, from the negative end (red) through white to the
/// positive end (blue), so that savings read blue and losses red.
const DIVERGING: [(u8, u8, u8); 9] = [
    (0xB2, 0x18, 0x2B),
    (0xD6, 0x60, 0x4D),
    (0xF4, 0xA5, 0x82),
    (0xFD, 0xDB, 0xC7),
    (0xF7, 0xF7, 0xF7),
    (0xD1, 0xE5, 0xF0),
    (0x92, 0xC5, 0xDE),
    (0x43, 0x93, 0xC3),
    (0x21, 0x66, 0xAC),
];

/// Which colour map a heatmap uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMap {
    /// Sequential, perceptually uniform (viridis): dark purple (low) to yellow (high).
    Viridis,
    /// Diverging around a midpoint: red (below) – white – blue (above).
    Diverging,
}

fn interpolate(table: &[(u8, u8, u8)], t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let pos = t * (table.len() - 1) as f64;
    let i = (pos.floor() as usize).min(table.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (table[i], table[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl ColorMap {
    /// Colour at position `t` in `[0, 1]` (clamped; NaN maps to the low end).
    pub fn at(self, t: f64) -> RGBColor {
        match self {
            ColorMap::Viridis => interpolate(&VIRIDIS, t),
            ColorMap::Diverging => interpolate(&DIVERGING, t),
        }
    }
}

/// Maps data values to positions `t` in `[0, 1]` of a colour map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Normalizer {
    pub lo: f64,
    pub hi: f64,
    /// For diverging maps: the value placed at the centre (t = 0.5).
    pub mid: Option<f64>,
}

impl Normalizer {
    pub fn t(&self, v: f64) -> f64 {
        match self.mid {
            Some(mid) => {
                let half = (self.hi - mid).abs().max((mid - self.lo).abs());
                if half <= 0.0 {
                    0.5
                } else {
                    (0.5 + (v - mid) / (2.0 * half)).clamp(0.0, 1.0)
                }
            }
            None => {
                if self.hi <= self.lo {
                    0.5
                } else {
                    ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_endpoints() {
        assert_eq!(ColorMap::Viridis.at(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(ColorMap::Viridis.at(1.0), RGBColor(0xFD, 0xE7, 0x25));
        assert_eq!(ColorMap::Viridis.at(-3.0), ColorMap::Viridis.at(0.0));
        assert_eq!(ColorMap::Viridis.at(7.0), ColorMap::Viridis.at(1.0));
        assert_eq!(ColorMap::Viridis.at(f64::NAN), ColorMap::Viridis.at(0.0));
        // halfway between two table entries
        let c = ColorMap::Viridis.at(0.05);
        assert_eq!(c, RGBColor(0x46, 0x13, 0x65));
    }

    #[test]
    fn viridis_gets_lighter() {
        let l = |t| super::super::theme::luminance(ColorMap::Viridis.at(t));
        let mut prev = l(0.0);
        for i in 1..=20 {
            let cur = l(f64::from(i) / 20.0);
            assert!(cur > prev, "luminance must increase monotonically");
            prev = cur;
        }
    }

    #[test]
    fn diverging_endpoints_and_centre() {
        assert_eq!(ColorMap::Diverging.at(0.0), RGBColor(0xB2, 0x18, 0x2B));
        assert_eq!(ColorMap::Diverging.at(0.5), RGBColor(0xF7, 0xF7, 0xF7));
        assert_eq!(ColorMap::Diverging.at(1.0), RGBColor(0x21, 0x66, 0xAC));
    }

    #[test]
    fn normalizer_centres_zero() {
        let n = Normalizer {
            lo: -10.0,
            hi: 30.0,
            mid: Some(0.0),
        };
        assert_eq!(n.t(0.0), 0.5);
        assert_eq!(n.t(30.0), 1.0);
        assert_eq!(n.t(-10.0), 0.5 - 10.0 / 60.0);
        let s = Normalizer {
            lo: 0.0,
            hi: 1.0,
            mid: None,
        };
        assert_eq!(s.t(0.25), 0.25);
        assert_eq!(s.t(2.0), 1.0);
        let flat = Normalizer {
            lo: 1.0,
            hi: 1.0,
            mid: None,
        };
        assert_eq!(flat.t(1.0), 0.5);
    }
}
