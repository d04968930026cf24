//! The legend panel beside the map: a locator inset (theatre maps), then one
//! entry per layer the map drew: kinds with counts, symbol sizes, uncertainty
//! circles, the density ramp, cluster hulls, anchors, towns, and notes such
//! as the incidents that could not be located.

use geo::BoundingRect;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, FONT, kind_colour, kind_label};
use super::{DrawResult, Drawn, Layout, MapInput, MapSpec, Projection, clip::clip_ring};
use crate::model::{Extent, LonLat};

/// Density cells below this share of the peak are not drawn.
pub const HEAT_FLOOR: f64 = 0.03;

/// The fill of a density cell at `t` (share of the peak).
pub fn heat_colour(t: f64) -> ShapeStyle {
    style::ramp(t).mix(0.15 + 0.5 * t).filled()
}

/// Casualty counts shown in the size key (those up to the largest on the map).
const SIZE_STEPS: [u32; 4] = [0, 5, 15, 30];

/// Words of `text` in lines no wider than `max_px`.
fn wrap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
    max_px: i32,
) -> Result<Vec<String>, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let trial = if cur.is_empty() {
            word.to_owned()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && style::text_size(root, &trial, font)?.0 > max_px {
            lines.push(std::mem::replace(&mut cur, word.to_owned()));
        } else {
            cur = trial;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    Ok(lines)
}

/// Draws a legend symbol centred on a point.
type Swatch<'a, DB> = dyn Fn(&DrawingArea<DB, Shift>, (i32, i32)) -> DrawResult<DB> + 'a;

/// A writing cursor down the panel.
struct Column<'a, DB: DrawingBackend> {
    root: &'a DrawingArea<DB, Shift>,
    x: i32,
    y: i32,
    width: i32,
    bottom: i32,
}

impl<DB: DrawingBackend> Column<'_, DB> {
    fn heading(&mut self, text: &str) -> DrawResult<DB> {
        self.y += 6;
        let f = (FONT, 15)
            .into_font()
            .style(FontStyle::Bold)
            .color(&style::TEXT);
        style::draw_text(self.root, text, &f, (self.x, self.y), false)?;
        self.y += 22;
        Ok(())
    }

    /// A swatch drawn by `swatch` at the row's centre, then wrapped text.
    fn row(&mut self, text: &str, colour: RGBColor, swatch: &Swatch<'_, DB>) -> DrawResult<DB> {
        let f = (FONT, 13).into_font().color(&colour);
        let lines = wrap(self.root, text, &f, self.width - 34)?;
        swatch(self.root, (self.x + 10, self.y + 8))?;
        for line in lines {
            style::draw_text(self.root, &line, &f, (self.x + 28, self.y), false)?;
            self.y += 17;
        }
        self.y += 3;
        Ok(())
    }

    fn room(&self, rows: i32) -> bool {
        self.y + rows * 20 <= self.bottom
    }
}

pub fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &MapSpec,
    lay: &Layout,
    view: &Extent,
    input: &MapInput,
    drawn: &Drawn,
) -> DrawResult<DB> {
    let p = lay.panel;
    root.draw(&Rectangle::new([(p.0, p.1), (p.2, p.3)], WHITE.filled()))?;
    root.draw(&PathElement::new(
        vec![(p.0, p.1), (p.0, p.3)],
        style::BORDER.stroke_width(1),
    ))?;
    let mut col = Column {
        root,
        x: p.0 + 14,
        y: p.1 + 10,
        width: p.2 - p.0 - 24,
        bottom: p.3 - 10,
    };
    if spec.locator {
        let h = col.width * 3 / 4;
        locator(
            root,
            (col.x, col.y, col.x + col.width, col.y + h),
            view,
            input,
        )?;
        col.y += h + 8;
    }
    col.heading("Incidents by kind")?;
    let total: usize = drawn.kinds.iter().map(|(_, n)| n).sum();
    // Keep room for the other entries: fold the rarest kinds into one line.
    let fit = (((col.bottom - col.y) / 20 - 14).max(3)) as usize;
    let shown = if drawn.kinds.len() > fit {
        fit - 1
    } else {
        drawn.kinds.len()
    };
    let mut kinds = drawn.kinds.clone();
    kinds.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), k.clone()));
    for (k, n) in kinds.iter().take(shown) {
        let c = kind_colour(k);
        col.row(
            &format!("{} ({n})", kind_label(k)),
            style::TEXT,
            &|r, at| r.draw(&Circle::new(at, 6, c.filled())),
        )?;
    }
    if kinds.len() > shown {
        let rest: usize = kinds[shown..].iter().map(|(_, n)| n).sum();
        col.row(
            &format!("{} other kinds ({rest})", kinds.len() - shown),
            style::TEXT,
            &|r, at| r.draw(&Circle::new(at, 6, BLACK.filled())),
        )?;
    }
    if total == 0 {
        col.row("no located incident on this map", style::TEXT, &|_, _| {
            Ok(())
        })?;
    }
    if total > 0 && spec.layers.points {
        col.heading("Size: killed + wounded")?;
        let steps: Vec<u32> = SIZE_STEPS
            .iter()
            .copied()
            .filter(|&s| s == 0 || s <= drawn.largest_casualties.max(5))
            .collect();
        let mut x = col.x + 10;
        let cy = col.y + 16;
        for s in steps {
            let r = super::marker_radius(s);
            root.draw(&Circle::new((x + r, cy), r, style::TEXT.mix(0.55).filled()))?;
            let label = if s == SIZE_STEPS[SIZE_STEPS.len() - 1] {
                format!("{s}+")
            } else {
                s.to_string()
            };
            let f = (FONT, 12).into_font().color(&style::TEXT);
            style::draw_text(root, &label, &f, (x + r - 4, cy + 20), false)?;
            x += 2 * r + 26;
        }
        col.y += 56;
    }
    let other = drawn.circles
        || drawn.wide_circles
        || drawn.heat_max.is_some()
        || drawn.hulls
        || drawn.anchors
        || drawn.towns;
    if other {
        col.heading("Also on the map")?;
    }
    let grey = style::TEXT;
    if drawn.circles && col.room(2) {
        col.row(
            "uncertainty: the circle holds the place the report means",
            grey,
            &|r, at| {
                r.draw(&Circle::new(at, 8, style::TEXT.mix(0.10).filled()))?;
                r.draw(&Circle::new(at, 8, style::TEXT.mix(0.4).stroke_width(1)))
            },
        )?;
    }
    if drawn.wide_circles && col.room(3) {
        col.row(
            "uncertainty wider than a quarter of the map: outline only (full shapes in footprints.geojson)",
            grey,
            &|r, at| super::dashed_circle(r, at, 8, style::TEXT.mix(0.6)),
        )?;
    }
    if let Some(max) = drawn.heat_max
        && col.room(3)
    {
        let f = (FONT, 13).into_font().color(&style::TEXT);
        style::draw_text(
            root,
            "incident density, per 1,000 km²",
            &f,
            (col.x, col.y),
            false,
        )?;
        col.y += 18;
        let (x0, w) = (col.x + 4, col.width - 12);
        for i in 0..w {
            let t = HEAT_FLOOR + (1.0 - HEAT_FLOOR) * i as f64 / w as f64;
            root.draw(&Rectangle::new(
                [(x0 + i, col.y), (x0 + i + 1, col.y + 12)],
                heat_colour(t),
            ))?;
        }
        let f = (FONT, 12).into_font().color(&style::TEXT);
        style::draw_text(root, "low", &f, (x0, col.y + 15), false)?;
        let peak = significant(max * 1000.0);
        let pw = style::text_size(root, &peak, &f)?.0;
        style::draw_text(root, &peak, &f, (x0 + w - pw, col.y + 15), false)?;
        col.y += 36;
    }
    if drawn.hulls && col.room(2) {
        let text = if spec.cluster_rule.is_empty() {
            "cluster of incidents".to_owned()
        } else {
            format!("cluster ({})", spec.cluster_rule)
        };
        col.row(&text, grey, &|r, at| {
            let pts = vec![(at.0 - 8, at.1 + 6), (at.0, at.1 - 8), (at.0 + 8, at.1 + 6)];
            r.draw(&Polygon::new(pts.clone(), style::HULL.mix(0.08).filled()))?;
            let mut closed = pts;
            closed.push(closed[0]);
            r.draw(&PathElement::new(closed, style::HULL.stroke_width(2)))
        })?;
    }
    if drawn.anchors && col.room(2) {
        col.row("place the report measures from (anchor)", grey, &|r, at| {
            r.draw(&Rectangle::new(
                [(at.0 - 3, at.1 - 3), (at.0 + 3, at.1 + 3)],
                style::TEXT.filled(),
            ))
        })?;
    }
    if drawn.towns && col.room(2) {
        col.row("town, for orientation", style::TOWN, &|r, at| {
            r.draw(&Circle::new(at, 3, style::TOWN.stroke_width(1)))
        })?;
    }
    for note in &spec.notes {
        col.y += 6;
        let f = (FONT, 13)
            .into_font()
            .style(FontStyle::Bold)
            .color(&style::NOTE);
        for line in wrap(root, note, &f, col.width)? {
            if col.y + 17 > col.bottom {
                break;
            }
            style::draw_text(root, &line, &f, (col.x, col.y), false)?;
            col.y += 17;
        }
    }
    Ok(())
}

/// Two significant digits: 0.0042, 0.31, 12, 340.
fn significant(v: f64) -> String {
    if v <= 0.0 || !v.is_finite() {
        return "0".into();
    }
    let digits = (1 - v.log10().floor() as i32).max(0) as usize;
    let scale = 10f64.powi(v.log10().floor() as i32 - 1);
    let r = (v / scale).round() * scale;
    format!("{r:.digits$}")
}

/// A small map of the region around the view with the view's frame on it.
fn locator<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    b: (i32, i32, i32, i32),
    view: &Extent,
    input: &MapInput,
) -> DrawResult<DB> {
    let (cx, cy) = (
        (view.west + view.east) / 2.0,
        (view.south + view.north) / 2.0,
    );
    let half = ((view.east - view.west) * 3.0).clamp(6.0, 180.0);
    let around = Extent {
        west: (cx - half).max(-180.0),
        east: (cx + half).min(180.0),
        south: (cy - half * 0.6).max(-85.0),
        north: (cy + half * 0.6).min(85.0),
    };
    let proj = Projection::fit(around, b.0, b.1, b.2 - b.0, b.3 - b.1);
    let shown = proj.view(b);
    root.draw(&Rectangle::new(
        [(b.0, b.1), (b.2, b.3)],
        style::SEA.filled(),
    ))?;
    let ring = |r: &geo::LineString<f64>| -> Vec<(f64, f64)> {
        r.coords()
            .map(|c| proj.to_xy(LonLat { lon: c.x, lat: c.y }))
            .collect()
    };
    for c in input.basemap.countries.by_code.values() {
        if !c
            .shape
            .bounding_rect()
            .is_some_and(|r| super::overlaps(&r, &shown, 0.0))
        {
            continue;
        }
        for poly in &c.shape.0 {
            let pts = clip_ring(&ring(poly.exterior()), b);
            if pts.len() >= 3 {
                root.draw(&Polygon::new(pts.clone(), style::LAND.filled()))?;
                let mut closed = pts;
                closed.push(closed[0]);
                root.draw(&PathElement::new(closed, style::BORDER.stroke_width(1)))?;
            }
        }
    }
    let nw = proj.to_px(LonLat {
        lon: view.west,
        lat: view.north,
    });
    let se = proj.to_px(LonLat {
        lon: view.east,
        lat: view.south,
    });
    let (x0, y0) = (nw.0.clamp(b.0, b.2), nw.1.clamp(b.1, b.3));
    let (x1, y1) = (se.0.clamp(b.0, b.2), se.1.clamp(b.1, b.3));
    // A frame too small to see is drawn as a marked box of a few pixels.
    let (x0, x1) = if x1 - x0 < 6 {
        ((x0 + x1) / 2 - 3, (x0 + x1) / 2 + 3)
    } else {
        (x0, x1)
    };
    let (y0, y1) = if y1 - y0 < 6 {
        ((y0 + y1) / 2 - 3, (y0 + y1) / 2 + 3)
    } else {
        (y0, y1)
    };
    root.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        style::LOCATOR.mix(0.15).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        style::LOCATOR.stroke_width(2),
    ))?;
    root.draw(&Rectangle::new(
        [(b.0, b.1), (b.2, b.3)],
        style::BORDER.stroke_width(1),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn peak_densities_read_with_two_significant_digits() {
        assert_eq!(super::significant(0.004237), "0.0042");
        assert_eq!(super::significant(0.3149), "0.31");
        assert_eq!(super::significant(12.4), "12");
        assert_eq!(super::significant(345.0), "350");
    }
}
