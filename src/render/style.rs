//! Colours, the bundled font, and greedy non-overlapping label placement.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Font family name the bundled DejaVu Sans is registered under.
pub const FONT: &str = "incimap-sans";

pub const SEA: RGBColor = RGBColor(214, 230, 240);
pub const LAND: RGBColor = RGBColor(246, 244, 238);
pub const BORDER: RGBColor = RGBColor(140, 140, 140);
pub const ADMIN1: RGBColor = RGBColor(200, 196, 205);
pub const RIVER: RGBColor = RGBColor(140, 185, 220);
pub const HULL: RGBColor = RGBColor(60, 60, 90);
pub const TEXT: RGBColor = RGBColor(30, 30, 30);
/// Basemap names: countries, provinces, orientation towns (lighter than incident labels).
pub const COUNTRY_NAME: RGBColor = RGBColor(105, 105, 105);
pub const ADMIN1_NAME: RGBColor = RGBColor(130, 118, 140);
pub const TOWN: RGBColor = RGBColor(95, 95, 95);
/// The note about incidents that could not be located.
pub const NOTE: RGBColor = RGBColor(170, 30, 30);
/// The theatre frame on the locator inset.
pub const LOCATOR: RGBColor = RGBColor(200, 30, 30);

pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid TTF shipped inside the dejavu crate.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// The colour of an incident kind (qualitative palette, distinct on the basemap).
pub fn kind_colour(kind: &str) -> RGBColor {
    match kind {
        "ied" => RGBColor(228, 26, 28),
        "armed_attack" => RGBColor(55, 126, 184),
        "ambush" => RGBColor(152, 78, 163),
        "sniper" => RGBColor(255, 127, 0),
        "indirect_fire" => RGBColor(166, 86, 40),
        "abduction_execution" => RGBColor(231, 41, 138),
        "suicide_attack" => RGBColor(120, 0, 0),
        "airstrike" => RGBColor(77, 175, 74),
        "raid" => RGBColor(0, 128, 128),
        "arrest" => RGBColor(110, 110, 110),
        "clash" => RGBColor(204, 170, 0),
        "patrol" => RGBColor(27, 158, 119),
        "convoy" => RGBColor(117, 112, 179),
        "protest" => RGBColor(102, 166, 30),
        "prisoner_exchange" => RGBColor(230, 171, 2),
        "disrupted_weapons" => RGBColor(90, 90, 160),
        "sexual_violence" => RGBColor(200, 0, 100),
        "riot" => RGBColor(140, 200, 60),
        "surrender" => RGBColor(150, 150, 150),
        "looting" => RGBColor(180, 120, 60),
        "arson" => RGBColor(255, 69, 0),
        "property_destruction" => RGBColor(130, 80, 50),
        "seizure" => RGBColor(0, 90, 60),
        "deployment" => RGBColor(70, 130, 90),
        "agreement" => RGBColor(60, 160, 200),
        _ => RGBColor(0, 0, 0),
    }
}

/// Heat ramp from pale yellow (t = 0) to deep red (t = 1).
pub fn ramp(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let stops = [
        (255.0, 255.0, 178.0),
        (254.0, 178.0, 76.0),
        (240.0, 59.0, 32.0),
        (189.0, 0.0, 38.0),
    ];
    let x = t * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let lerp = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    RGBColor(
        lerp(stops[i].0, stops[i + 1].0),
        lerp(stops[i].1, stops[i + 1].1),
        lerp(stops[i].2, stops[i + 1].2),
    )
}

/// A round scale-bar length (1, 2, 5 × 10^n km) not above `km`.
pub fn nice_length(km: f64) -> u32 {
    let mut best = 1;
    for e in 0..6 {
        for m in [1, 2, 5] {
            let v = m * 10u32.pow(e);
            if (v as f64) <= km {
                best = v;
            }
        }
    }
    best
}

/// A pixel box: left, top, right, bottom.
pub type PxBox = (i32, i32, i32, i32);

/// Greedy non-overlapping label placement over the map frame. A label goes
/// where it overlaps no placed label and no blocked box (right of its
/// point, left, above, below), else it is dropped. Placement only: the
/// caller draws, so labels can be placed in priority order and drawn in
/// layer order.
pub struct Labels {
    placed: Vec<PxBox>,
    frame: PxBox,
}

impl Labels {
    pub fn new(frame: PxBox) -> Self {
        Labels {
            placed: Vec::new(),
            frame,
        }
    }

    /// Keeps later labels off this box (a marker, the scale bar).
    pub fn block(&mut self, b: PxBox) {
        self.placed.push(b);
    }

    fn free(&self, b: PxBox) -> bool {
        let f = self.frame;
        b.0 >= f.0
            && b.1 >= f.1
            && b.2 <= f.2
            && b.3 <= f.3
            && self
                .placed
                .iter()
                .all(|p| b.2 < p.0 || b.0 > p.2 || b.3 < p.1 || b.1 > p.3)
    }

    /// The top-left corner for a `size` label beside `at`, or None.
    pub fn beside(&mut self, size: (i32, i32), at: (i32, i32), gap: i32) -> Option<(i32, i32)> {
        let (tw, th) = size;
        let candidates = [
            (at.0 + gap, at.1 - th / 2),
            (at.0 - gap - tw, at.1 - th / 2),
            (at.0 - tw / 2, at.1 - gap - th),
            (at.0 - tw / 2, at.1 + gap),
        ];
        self.first_free(size, &candidates)
    }

    /// The top-left corner for a `size` label centred on `at`, or None.
    pub fn centred(&mut self, size: (i32, i32), at: (i32, i32)) -> Option<(i32, i32)> {
        self.first_free(size, &[(at.0 - size.0 / 2, at.1 - size.1 / 2)])
    }

    fn first_free(
        &mut self,
        (tw, th): (i32, i32),
        candidates: &[(i32, i32)],
    ) -> Option<(i32, i32)> {
        for &(x, y) in candidates {
            let b = (x - 2, y - 2, x + tw + 2, y + th + 2);
            if self.free(b) {
                self.placed.push(b);
                return Some((x, y));
            }
        }
        None
    }
}

/// The pixel size of `text` in `font`.
pub fn text_size<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
) -> Result<(i32, i32), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = root.estimate_text_size(text, font)?;
    Ok((w as i32, h as i32))
}

/// Text with its top-left corner at `at`, on a pale box when `boxed`.
pub fn draw_text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
    at: (i32, i32),
    boxed: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if boxed {
        let (w, h) = text_size(root, text, font)?;
        root.draw(&Rectangle::new(
            [(at.0 - 2, at.1 - 2), (at.0 + w + 2, at.1 + h + 2)],
            WHITE.mix(0.75).filled(),
        ))?;
    }
    let style = font.pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(text.to_owned(), at, style))
}

pub use crate::model::kind_label;
