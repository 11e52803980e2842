//! Output encoding: rasterise into an RGB buffer and write a PNG with provenance text
//! chunks, or write an SVG document with `<title>` and `<metadata>`.

use plotters::prelude::*;

use super::canvas::{Canvas, Res};
use super::provenance::{svg_header, Provenance, KEY_PREFIX};
use super::theme::Colors;
use super::ChartError;

/// Renders at twice the resolution and downsamples (anti-aliasing for lines and
/// shapes) unless the oversampled image would exceed this many pixels.
const MAX_SUPERSAMPLED_PIXELS: u64 = 40_000_000;

/// Everything `draw` needs besides the canvas.
pub(crate) type DrawFn<'f> = dyn Fn(&Canvas<BitMapBackend>) -> Res + 'f;
pub(crate) type DrawSvgFn<'f> = dyn Fn(&Canvas<SVGBackend>) -> Res + 'f;

/// Rasterises with `draw` and encodes a PNG with provenance text chunks.
pub(crate) fn png(
    (w, h): (u32, u32),
    scale: f64,
    colors: Colors,
    currency: &str,
    title: &str,
    prov: &Provenance,
    draw: &DrawFn<'_>,
) -> Result<Vec<u8>, ChartError> {
    let ss: u32 = if u64::from(w) * u64::from(h) * 4 <= MAX_SUPERSAMPLED_PIXELS {
        2
    } else {
        1
    };
    let (rw, rh) = (w * ss, h * ss);
    let mut buf = vec![0u8; rw as usize * rh as usize * 3];
    {
        let backend = BitMapBackend::with_buffer_and_format(&mut buf, (rw, rh))
            .map_err(|e| ChartError::Render(e.to_string()))?;
        let area = backend.into_drawing_area();
        let canvas = Canvas::new(&area, scale * f64::from(ss), false, colors, currency);
        draw(&canvas)?;
        canvas.present()?;
    }
    let pixels = if ss == 1 {
        buf
    } else {
        downsample(&buf, rw as usize, rh as usize, ss as usize)
    };
    encode_png(&pixels, w, h, title, prov)
}

/// Box-filter downsampling of an RGB image by an integer factor.
fn downsample(src: &[u8], w: usize, h: usize, f: usize) -> Vec<u8> {
    let (ow, oh) = (w / f, h / f);
    let mut out = vec![0u8; ow * oh * 3];
    let n = (f * f) as u32;
    for oy in 0..oh {
        for ox in 0..ow {
            let mut acc = [0u32; 3];
            for dy in 0..f {
                let row = (oy * f + dy) * w;
                for dx in 0..f {
                    let i = (row + ox * f + dx) * 3;
                    acc[0] += u32::from(src[i]);
                    acc[1] += u32::from(src[i + 1]);
                    acc[2] += u32::from(src[i + 2]);
                }
            }
            let o = (oy * ow + ox) * 3;
            for k in 0..3 {
                out[o + k] = ((acc[k] + n / 2) / n) as u8;
            }
        }
    }
    out
}

fn is_latin1(s: &str) -> bool {
    s.chars().all(|c| (c as u32) < 0x100)
}

/// Encodes RGB8 pixels as PNG with `Software`, `Title` and `repave-cost:*` text chunks
/// (tEXt when the value is Latin-1, iTXt otherwise).
pub(crate) fn encode_png(
    pixels: &[u8],
    w: u32,
    h: u32,
    title: &str,
    prov: &Provenance,
) -> Result<Vec<u8>, ChartError> {
    let enc_err = |e: png::EncodingError| ChartError::Encode(e.to_string());
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Balanced);
        enc.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
        let mut chunks = vec![
            ("Software".to_string(), prov.software()),
            ("Title".to_string(), title.to_string()),
            ("Comment".to_string(), prov.footer_line()),
        ];
        for (k, v) in prov.fields() {
            chunks.push((format!("{KEY_PREFIX}{k}"), v));
        }
        for (k, v) in chunks {
            if is_latin1(&v) {
                enc.add_text_chunk(k, v).map_err(enc_err)?;
            } else {
                enc.add_itxt_chunk(k, v).map_err(enc_err)?;
            }
        }
        let mut writer = enc.write_header().map_err(enc_err)?;
        writer.write_image_data(pixels).map_err(enc_err)?;
        writer.finish().map_err(enc_err)?;
    }
    Ok(out)
}

/// Font stack written into the SVG so that viewers pick the font the layout was
/// measured with when available, and a similar sans-serif otherwise.
const SVG_FONT_STACK: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

/// Draws with the SVG backend and inserts `<title>`, `<desc>` and `<metadata>`.
pub(crate) fn svg(
    (w, h): (u32, u32),
    scale: f64,
    colors: Colors,
    currency: &str,
    title: &str,
    prov: &Provenance,
    draw: &DrawSvgFn<'_>,
) -> Result<Vec<u8>, ChartError> {
    let mut doc = String::new();
    {
        let backend = SVGBackend::with_string(&mut doc, (w, h));
        let area = backend.into_drawing_area();
        let canvas = Canvas::new(&area, scale, true, colors, currency);
        draw(&canvas)?;
        canvas.present()?;
    }
    let doc = doc.replace(
        &format!("font-family=\"{}\"", super::theme::FAMILY),
        &format!("font-family=\"{SVG_FONT_STACK}\""),
    );
    let open = doc
        .find("<svg")
        .and_then(|i| doc[i..].find('>').map(|j| i + j + 1))
        .ok_or_else(|| ChartError::Encode("SVG backend produced no <svg> element".into()))?;
    let mut out = String::with_capacity(doc.len() + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&doc[..open]);
    out.push('\n');
    out.push_str(&svg_header(title, prov));
    out.push_str(&doc[open..]);
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsample_averages_blocks() {
        // 2x2 image: black, white / white, black -> one mid-grey pixel
        let src = [0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0];
        assert_eq!(downsample(&src, 2, 2, 2), vec![128, 128, 128]);
    }

    #[test]
    fn latin1_detection() {
        assert!(is_latin1("Savings £"));
        assert!(!is_latin1("Savings €"));
    }
}
