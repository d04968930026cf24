//! PNG and SVG maps with plotters. Receives finished data (incidents,
//! clusters, density surface) and an extent; resolves and clusters nothing.
//! Text comes from the bundled DejaVu font (no system fonts needed).

pub mod projection;
pub mod style;

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::basemap::Physical;
use crate::cli::cluster::ClusterSummary;
use crate::dataset::Row;
use crate::index::hotspot::Surface;
use crate::model::LonLat;
use crate::resolve::border::Countries;
pub use projection::{Extent, Projection};
use style::{FONT, Labels, kind_colour};

#[derive(Debug, Clone, Copy)]
pub struct Layers {
    pub points: bool,
    pub clusters: bool,
    pub heat: bool,
    pub footprints: bool,
    /// Anchor-town labels.
    pub labels: bool,
}

impl Layers {
    pub const ALL: Layers = Layers {
        points: true,
        clusters: true,
        heat: true,
        footprints: true,
        labels: true,
    };

    pub fn parse(s: &str) -> Result<Layers, String> {
        let mut l = Layers {
            points: false,
            clusters: false,
            heat: false,
            footprints: false,
            labels: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "points" => l.points = true,
                "clusters" => l.clusters = true,
                "heat" => l.heat = true,
                "footprints" => l.footprints = true,
                "labels" => l.labels = true,
                other => {
                    return Err(format!(
                        "unknown layer '{other}' (expected points, clusters, heat, footprints, labels)"
                    ));
                }
            }
        }
        Ok(l)
    }
}

pub struct MapSpec {
    pub extent: Extent,
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub subtitle: String,
    pub layers: Layers,
}

pub struct Basemap<'a> {
    pub countries: &'a Countries,
    pub physical: &'a Physical,
    /// Admin-1 outlines (drawn on maps narrower than 30°).
    pub admin1: &'a [geo::Polygon<f64>],
    /// 1:10m countries (used instead of 1:50m on maps narrower than 12°).
    pub countries_10m: &'a [geo::Polygon<f64>],
}

pub struct MapInput<'a> {
    pub rows: &'a [Row],
    pub clusters: &'a [ClusterSummary],
    pub surface: Option<&'a Surface>,
    pub basemap: Basemap<'a>,
}

/// Maps narrower than this (degrees) use the 1:10m countries.
pub const DETAIL_SPAN_DEG: f64 = 12.0;

/// The plot area inside the image (the frame leaves room for title and footer).
pub fn projection_for(spec: &MapSpec) -> Projection {
    let (w, h) = (spec.width as i32, spec.height as i32);
    Projection::fit(spec.extent, 10, 60, w - 20, h - 90)
}

/// Renders to `path`: SVG when it ends in .svg, PNG otherwise.
pub fn render(path: &Path, spec: &MapSpec, input: &MapInput) -> Result<(), String> {
    style::register_fonts();
    let svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if svg {
        let root = SVGBackend::new(path, (spec.width, spec.height)).into_drawing_area();
        draw(&root, spec, input).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())
    } else {
        let root = BitMapBackend::new(path, (spec.width, spec.height)).into_drawing_area();
        draw(&root, spec, input).map_err(bitmap_error)?;
        root.present().map_err(bitmap_error)
    }
}

/// The bitmap backend's errors print as debug structs: say what failed.
fn bitmap_error(e: DrawingAreaErrorKind<plotters_bitmap::BitMapBackendError>) -> String {
    use plotters_backend::DrawingErrorKind::DrawingError as D;
    use plotters_bitmap::BitMapBackendError as B;
    match e {
        DrawingAreaErrorKind::BackendError(D(B::IOError(io))) => io.to_string(),
        DrawingAreaErrorKind::BackendError(D(B::ImageError(im))) => im.to_string(),
        DrawingAreaErrorKind::BackendError(D(B::InvalidBuffer)) => "invalid image buffer".into(),
        other => other.to_string(),
    }
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn ring_px(proj: &Projection, ring: &geo::LineString<f64>) -> Vec<(i32, i32)> {
    let mut v: Vec<(i32, i32)> = ring
        .coords()
        .map(|c| proj.to_px(LonLat { lon: c.x, lat: c.y }))
        .collect();
    v.dedup();
    v
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &MapSpec,
    input: &MapInput,
) -> DrawResult<DB> {
    let proj = projection_for(spec);
    root.fill(&style::SEA)?;
    // Land, lakes, rivers, borders.
    let near = |r: &geo::Rect<f64>| {
        let e = &spec.extent;
        !(r.max().x < e.west - 5.0
            || r.min().x > e.east + 5.0
            || r.max().y < e.south - 5.0
            || r.min().y > e.north + 5.0)
    };
    use geo::BoundingRect;
    let span = (spec.extent.east - spec.extent.west).max(spec.extent.north - spec.extent.south);
    let detailed = span < DETAIL_SPAN_DEG && !input.basemap.countries_10m.is_empty();
    let country_polys: Vec<&geo::Polygon<f64>> = if detailed {
        input.basemap.countries_10m.iter().collect()
    } else {
        input
            .basemap
            .countries
            .by_code
            .values()
            .flat_map(|c| c.shape.0.iter())
            .collect()
    };
    let visible = |r: Option<geo::Rect<f64>>| r.is_some_and(|r| near(&r));
    let fill =
        |polys: &mut dyn Iterator<Item = &geo::Polygon<f64>>, colour: RGBColor| -> DrawResult<DB> {
            for poly in polys.filter(|p| visible(p.bounding_rect())) {
                root.draw(&Polygon::new(
                    ring_px(&proj, poly.exterior()),
                    colour.filled(),
                ))?;
            }
            Ok(())
        };
    let outline = |lines: &mut dyn Iterator<Item = &geo::LineString<f64>>,
                   colour: RGBColor|
     -> DrawResult<DB> {
        for line in lines.filter(|l| visible(l.bounding_rect())) {
            root.draw(&PathElement::new(
                ring_px(&proj, line),
                colour.stroke_width(1),
            ))?;
        }
        Ok(())
    };
    fill(&mut input.basemap.physical.land.0.iter(), style::LAND)?;
    fill(&mut country_polys.iter().copied(), style::LAND)?;
    fill(&mut input.basemap.physical.lakes.0.iter(), style::SEA)?;
    outline(&mut input.basemap.physical.rivers.0.iter(), style::RIVER)?;
    if span < 30.0 {
        outline(
            &mut input.basemap.admin1.iter().map(|p| p.exterior()),
            style::ADMIN1,
        )?;
    }
    outline(
        &mut country_polys.iter().map(|p| p.exterior()),
        style::BORDER,
    )?;
    let many_points = input.rows.iter().filter(|r| r.point.is_some()).count() > 20_000;
    // Few incidents: heat under the points. Many: points as faint dots, heat on top.
    if spec.layers.heat
        && !many_points
        && let Some(s) = input.surface
    {
        draw_heat(root, &proj, s)?;
    }
    let located: Vec<(&Row, LonLat)> = input
        .rows
        .iter()
        .filter_map(|r| r.point.map(|p| (r, p)))
        .filter(|(_, p)| spec.extent.contains(*p))
        .collect();
    let many = located.len() > 20_000;
    if spec.layers.footprints && !many {
        // Each distinct circle once: repeated incidents at one spot must not stack to opaque.
        let kpp = proj.km_per_px();
        let mut drawn: std::collections::HashSet<((i32, i32), i32, &str)> =
            std::collections::HashSet::new();
        for (r, p) in &located {
            let rad = (r.uncertainty_km.unwrap_or(0.0) / kpp).round() as i32;
            let px = proj.to_px(*p);
            if rad >= 3 && rad < spec.width as i32 / 2 && drawn.insert((px, rad, r.kind.as_str())) {
                let c = kind_colour(&r.kind);
                root.draw(&Circle::new(px, rad, c.mix(0.10).filled()))?;
                root.draw(&Circle::new(px, rad, c.mix(0.35).stroke_width(1)))?;
            }
        }
    }
    let mut labels = Labels::new(spec.width as i32, spec.height as i32);
    if spec.layers.clusters {
        // The largest clusters only: thousands of small hulls are noise on a map.
        for cl in input.clusters.iter().take(40) {
            let pts: Vec<(i32, i32)> = cl.hull.iter().map(|p| proj.to_px(*p)).collect();
            if pts.len() >= 3 && cl.hull.iter().any(|p| spec.extent.contains(*p)) {
                root.draw(&Polygon::new(pts.clone(), style::HULL.mix(0.08).filled()))?;
                root.draw(&PathElement::new(pts, style::HULL.stroke_width(2)))?;
            }
        }
    }
    if spec.layers.points {
        // Larger (more casualties) first so small markers stay visible on top.
        let mut order = located.clone();
        order.sort_by_key(|(r, _)| {
            std::cmp::Reverse(r.killed.unwrap_or(0) + r.wounded.unwrap_or(0))
        });
        for (r, p) in &order {
            let c = kind_colour(&r.kind);
            let px = proj.to_px(*p);
            if many {
                root.draw_pixel(px, &c.mix(0.5))?;
                continue;
            }
            let cas = (r.killed.unwrap_or(0) + r.wounded.unwrap_or(0)) as f64;
            let size = (5.0 + 2.0 * cas.sqrt()).min(16.0).round() as i32;
            root.draw(&Circle::new(px, size + 1, WHITE.filled()))?;
            root.draw(&Circle::new(px, size, c.filled()))?;
        }
        if !many && spec.layers.labels {
            draw_anchor_labels(root, &proj, &located, &mut labels)?;
        }
    }
    if spec.layers.heat
        && many_points
        && let Some(s) = input.surface
    {
        draw_heat(root, &proj, s)?;
    }
    if spec.layers.clusters {
        for cl in input.clusters.iter().take(12) {
            if !spec.extent.contains(cl.centroid) {
                continue;
            }
            let text = format!("{}: {} incidents", cl.label, cl.members.len());
            let top = cl
                .hull
                .iter()
                .map(|p| proj.to_px(*p))
                .min_by_key(|p| p.1)
                .unwrap_or(proj.to_px(cl.centroid));
            let font = (FONT, 16)
                .into_font()
                .style(FontStyle::Bold)
                .color(&style::HULL);
            labels.place(root, &text, &font, top, 8)?;
        }
    }
    draw_frame(root, spec, &proj, &located)?;
    Ok(())
}

fn draw_heat<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    proj: &Projection,
    s: &Surface,
) -> DrawResult<DB> {
    let max = s.density.iter().copied().fold(0.0, f64::max);
    if max <= 0.0 {
        return Ok(());
    }
    let g = &s.grid;
    for r in 0..g.rows {
        for c in 0..g.cols {
            let t = s.density[r * g.cols + c] / max;
            if t < 0.03 {
                continue;
            }
            let (w, so, e, n) = g.cell_bounds(c, r);
            let a = proj.to_px(LonLat { lon: w, lat: n });
            let b = proj.to_px(LonLat { lon: e, lat: so });
            root.draw(&Rectangle::new(
                [a, b],
                style::ramp(t).mix(0.15 + 0.5 * t).filled(),
            ))?;
        }
    }
    Ok(())
}

fn draw_anchor_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    proj: &Projection,
    located: &[(&Row, LonLat)],
    labels: &mut Labels,
) -> DrawResult<DB> {
    let mut seen: Vec<(String, LonLat)> = Vec::new();
    for (r, _) in located {
        let get = |k: &str| r.props.get(k).and_then(|v| v.as_f64());
        let name = r.props.get("anchor").and_then(|v| v.as_str()).unwrap_or("");
        if let (Some(lon), Some(lat)) = (get("anchor_lon"), get("anchor_lat"))
            && !name.is_empty()
            && !name.contains(" | ")
            && !seen.iter().any(|(n, _)| n == name)
        {
            seen.push((name.to_owned(), LonLat { lon, lat }));
        }
    }
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    let font = (FONT, 14).into_font().color(&style::TEXT);
    for (name, p) in seen {
        if !proj.extent.contains(p) {
            continue;
        }
        let px = proj.to_px(p);
        root.draw(&Rectangle::new(
            [(px.0 - 3, px.1 - 3), (px.0 + 3, px.1 + 3)],
            style::TEXT.filled(),
        ))?;
        labels.place(root, &name, &font, px, 6)?;
    }
    Ok(())
}

/// The footer credit of a map: the gazetteer sources (OpenStreetMap when a
/// place of its layer anchors an incident on the map) and the basemap.
pub fn attribution(osm: bool) -> String {
    let osm = if osm {
        " · © OpenStreetMap contributors (ODbL)"
    } else {
        ""
    };
    format!(
        "Place names: GeoNames (CC BY 4.0), Who's On First{osm} · Boundaries, rivers: Natural Earth (public domain) · incimap"
    )
}

fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &MapSpec,
    proj: &Projection,
    located: &[(&Row, LonLat)],
) -> DrawResult<DB> {
    let (w, h) = (spec.width as i32, spec.height as i32);
    root.draw(&Rectangle::new([(0, 0), (w, 52)], WHITE.mix(0.92).filled()))?;
    root.draw(&Text::new(
        spec.title.clone(),
        (14, 8),
        (FONT, 24)
            .into_font()
            .style(FontStyle::Bold)
            .color(&style::TEXT),
    ))?;
    root.draw(&Text::new(
        spec.subtitle.clone(),
        (14, 34),
        (FONT, 14).into_font().color(&style::TEXT),
    ))?;
    root.draw(&Rectangle::new(
        [(0, h - 28), (w, h)],
        WHITE.mix(0.92).filled(),
    ))?;
    let osm = located.iter().any(|(r, _)| {
        r.props
            .get("anchor_source")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|s| s.contains("osm2019"))
    });
    root.draw(&Text::new(
        attribution(osm),
        (14, h - 20),
        (FONT, 12).into_font().color(&style::TEXT),
    ))?;
    // Legend: the kinds present.
    let mut kinds: Vec<&str> = located.iter().map(|(r, _)| r.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let lh = 20;
    let box_h = lh * kinds.len() as i32 + 36;
    let (lx, ly) = (14, h - 40 - box_h);
    root.draw(&Rectangle::new(
        [(lx, ly), (lx + 210, ly + box_h)],
        WHITE.mix(0.85).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(lx, ly), (lx + 210, ly + box_h)],
        style::BORDER.stroke_width(1),
    ))?;
    for (i, k) in kinds.iter().enumerate() {
        let y = ly + 14 + lh * i as i32;
        root.draw(&Circle::new((lx + 16, y), 6, kind_colour(k).filled()))?;
        let n = located.iter().filter(|(r, _)| r.kind == *k).count();
        root.draw(&Text::new(
            format!("{k} ({n})"),
            (lx + 30, y - 8),
            (FONT, 14).into_font().color(&style::TEXT),
        ))?;
    }
    root.draw(&Text::new(
        "size: killed + wounded",
        (lx + 10, ly + box_h - 18),
        (FONT, 12).into_font().color(&style::TEXT),
    ))?;
    // Scale bar.
    let kpp = proj.km_per_px();
    let target = kpp * (w as f64 / 6.0);
    let nice = style::nice_length(target);
    let len = (nice as f64 / kpp).round() as i32;
    let (sx, sy) = (w - len - 40, h - 48);
    root.draw(&Rectangle::new(
        [(sx - 8, sy - 22), (sx + len + 30, sy + 10)],
        WHITE.mix(0.85).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(sx, sy - 4), (sx + len, sy + 2)],
        style::TEXT.filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(sx + len / 2, sy - 4), (sx + len, sy + 2)],
        WHITE.filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(sx, sy - 4), (sx + len, sy + 2)],
        style::TEXT.stroke_width(1),
    ))?;
    root.draw(&Text::new(
        format!("{nice} km"),
        (sx, sy - 20),
        (FONT, 13).into_font().color(&style::TEXT),
    ))?;
    // North arrow.
    let (nx, ny) = (w - 40, 80);
    root.draw(&Polygon::new(
        vec![
            (nx, ny),
            (nx - 10, ny + 28),
            (nx, ny + 22),
            (nx + 10, ny + 28),
        ],
        style::TEXT.filled(),
    ))?;
    root.draw(&Text::new(
        "N",
        (nx - 6, ny + 30),
        (FONT, 16)
            .into_font()
            .style(FontStyle::Bold)
            .color(&style::TEXT),
    ))?;
    Ok(())
}
