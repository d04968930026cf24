//! SVG that other renderers draw like the PNG. plotters places text with
//! em-relative `dy` offsets (ignored by Qt, which QGIS uses) and names the
//! bundled font, which viewers do not have. Here every `<text>` gets an
//! absolute baseline and the font size the PNG rasteriser uses, and the font
//! is named with generic fallbacks (DejaVu Sans is the bundled font).

use std::sync::LazyLock;

use regex::Regex;

/// The family list written for the bundled font.
pub const FONT_FAMILY: &str = "DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif";

/// plotters writes `font-size` as size / 1.24; the PNG rasteriser (ab_glyph)
/// scales DejaVu so that ascent − descent (2384 of 2048 units) is `size`.
const EM_PER_SIZE: f64 = 2048.0 / 2384.0;
const SVG_SIZE_FACTOR: f64 = 1.24;

/// Baseline below the anchor point, in multiples of the text size, for the
/// vertical anchors plotters writes as `dy` (the bitmap backend draws the
/// baseline at the layout top + size / 2, the layout box being size / 1.24 tall).
fn baseline_offset(dy: &str) -> f64 {
    match dy {
        "0.5ex" => 0.5 - 0.5 / SVG_SIZE_FACTOR,
        "-0.5ex" => 0.5 - 1.0 / SVG_SIZE_FACTOR,
        _ => 0.5,
    }
}

/// The SVG with every text positioned absolutely and the font named portably.
pub fn portable(svg: &str) -> String {
    static TEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<text x="(-?[0-9.]+)" y="(-?[0-9.]+)" dy="([^"]*)" text-anchor="([a-z]+)" font-family="[^"]*" font-size="([0-9.]+)""#)
            .expect("valid regex")
    });
    TEXT.replace_all(svg, |c: &regex::Captures| {
        let num = |i: usize| c[i].parse::<f64>().unwrap_or(0.0);
        let size = num(5) * SVG_SIZE_FACTOR;
        let y = num(2) + baseline_offset(&c[3]) * size;
        format!(
            r#"<text x="{}" y="{:.1}" text-anchor="{}" font-family="{FONT_FAMILY}" font-size="{:.2}""#,
            &c[1],
            y,
            &c[4],
            size * EM_PER_SIZE
        )
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_gets_an_absolute_baseline_and_a_portable_font() {
        let s = r##"<text x="14" y="8" dy="0.76em" text-anchor="start" font-family="incimap-sans" font-size="19.35483870967742" opacity="1" fill="#1E1E1E" font-weight="bold">Title</text>"##;
        let out = portable(s);
        assert!(!out.contains("dy="), "{out}");
        assert!(!out.contains("incimap-sans"), "{out}");
        // size 24: baseline 12 px below the anchor, em 20.6 px.
        assert!(out.contains(r#"y="20.0""#), "{out}");
        assert!(out.contains(r#"font-size="20.62""#), "{out}");
        assert!(out.contains(r#"font-weight="bold">Title</text>"#));
    }
}
