//! PNG and SVG maps with plotters. Receives finished data (incidents,
//! clusters, density surface) and an extent; resolves and clusters nothing.
//! Text comes from the bundled DejaVu font (no system fonts needed).

mod annotate;
mod clip;
mod legend;
pub mod projection;
pub mod style;
pub mod svg;
pub mod timeline;

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use rayon::prelude::*;

use crate::basemap::{Area, Physical};
use crate::dataset::{Dataset, Row};
use crate::index::hotspot::Surface;
use crate::index::summary::ClusterSummary;
use crate::model::LonLat;
use crate::resolve::border::Countries;
pub use projection::{Extent, Projection};
use style::{FONT, Labels, PxBox, kind_colour};

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
    /// The area the map must show; the frame shows at least this.
    pub extent: Extent,
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub subtitle: String,
    pub layers: Layers,
    /// A locator inset (where the map lies) at the top of the legend panel.
    pub locator: bool,
    /// Lines at the foot of the legend ("3 incidents could not be located ...").
    pub notes: Vec<String>,
    /// What a cluster hull means, for the legend ("DBSCAN: 10 km, 3 incidents").
    pub cluster_rule: String,
}

impl MapSpec {
    /// A map of `extent` with every layer, no title, no inset.
    pub fn new(extent: Extent, (width, height): (u32, u32)) -> MapSpec {
        MapSpec {
            extent,
            width,
            height,
            title: String::new(),
            subtitle: String::new(),
            layers: Layers::ALL,
            locator: false,
            notes: Vec::new(),
            cluster_rule: String::new(),
        }
    }
}

/// A town drawn for orientation (not an incident anchor).
#[derive(Debug, Clone)]
pub struct Town {
    pub name: String,
    pub point: LonLat,
    pub population: u64,
}

pub struct Basemap<'a> {
    pub countries: &'a Countries,
    pub physical: &'a Physical,
    /// Admin-1 areas (outlines and names drawn on maps narrower than 30°).
    pub admin1: &'a [Area],
    /// 1:10m countries (used instead of 1:50m on maps narrower than 12°).
    pub countries_10m: &'a [geo::Polygon<f64>],
    /// Towns for orientation, most populous first.
    pub towns: &'a [Town],
}

pub struct MapInput<'a> {
    pub data: &'a Dataset,
    pub clusters: &'a [ClusterSummary],
    pub surface: Option<&'a Surface>,
    pub basemap: Basemap<'a>,
}

/// Maps narrower than this (degrees) use the 1:10m countries.
pub const DETAIL_SPAN_DEG: f64 = 12.0;
/// Maps narrower than this (degrees) show admin-1 outlines and names.
pub const ADMIN1_SPAN_DEG: f64 = 30.0;
/// Title bar and footer heights, px.
const TITLE_H: i32 = 56;
const FOOTER_H: i32 = 28;
/// An uncertainty circle wider than this share of the map frame is drawn as an outline only.
pub const WIDE_CIRCLE_SHARE: f64 = 0.25;
/// The density layer is left out where a grid cell would be wider than this (px).
pub const MAX_HEAT_CELL_PX: i32 = 30;
/// Orientation towns: at most this many, of at least this population.
pub const MAX_TOWNS: usize = 12;
pub const MIN_TOWN_POPULATION: u64 = 50_000;

/// Where things go on the image: the title bar on top, the footer below,
/// the legend panel on the right and the map frame in between. Nothing is
/// drawn over the map frame but the scale bar and the north arrow.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The map frame (left, top, right, bottom).
    pub map: PxBox,
    /// The legend panel (left, top, right, bottom).
    pub panel: PxBox,
}

pub fn layout(width: u32, height: u32) -> Layout {
    let (w, h) = (width as i32, height as i32);
    let panel_w = ((w as f64 * 0.2).round() as i32).clamp(190, 340);
    Layout {
        map: (0, TITLE_H, w - panel_w, h - FOOTER_H),
        panel: (w - panel_w, TITLE_H, w, h - FOOTER_H),
    }
}

/// The projection of a map: its extent fitted into the map frame.
pub fn projection_for(spec: &MapSpec) -> Projection {
    let m = layout(spec.width, spec.height).map;
    Projection::fit(spec.extent, m.0, m.1, m.2 - m.0, m.3 - m.1)
}

/// Renders to `path`: SVG when it ends in .svg, PNG otherwise.
pub fn render(path: &Path, spec: &MapSpec, input: &MapInput) -> Result<(), String> {
    style::register_fonts();
    let svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if svg {
        let mut text = String::new();
        {
            let root =
                SVGBackend::with_string(&mut text, (spec.width, spec.height)).into_drawing_area();
            draw(&root, spec, input).map_err(|e| e.to_string())?;
            root.present().map_err(|e| e.to_string())?;
        }
        std::fs::write(path, svg::portable(&text)).map_err(|e| e.to_string())
    } else {
        let root = BitMapBackend::new(path, (spec.width, spec.height)).into_drawing_area();
        draw(&root, spec, input).map_err(bitmap_error)?;
        root.present().map_err(bitmap_error)
    }
}

/// The bitmap backend's errors print as debug structs: say what failed.
pub(crate) fn bitmap_error(e: DrawingAreaErrorKind<plotters_bitmap::BitMapBackendError>) -> String {
    use plotters_backend::DrawingErrorKind::DrawingError as D;
    use plotters_bitmap::BitMapBackendError as B;
    match e {
        DrawingAreaErrorKind::BackendError(D(B::IOError(io))) => io.to_string(),
        DrawingAreaErrorKind::BackendError(D(B::ImageError(im))) => im.to_string(),
        DrawingAreaErrorKind::BackendError(D(B::InvalidBuffer)) => "invalid image buffer".into(),
        other => other.to_string(),
    }
}

pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A ring in pixels. Longitudes are unwrapped (each within 180° of the one
/// before), so a shape across the antimeridian is not drawn across the world.
fn ring_px(proj: &Projection, ring: &geo::LineString<f64>) -> Vec<(i32, i32)> {
    let mut prev: Option<f64> = None;
    let mut v: Vec<(i32, i32)> = ring
        .coords()
        .map(|c| {
            let mut lon = c.x;
            if let Some(p) = prev {
                lon += 360.0 * ((p - lon) / 360.0).round();
            }
            prev = Some(lon);
            proj.to_px(LonLat { lon, lat: c.y })
        })
        .collect();
    v.dedup();
    v
}

fn overlaps(r: &geo::Rect<f64>, e: &Extent, pad: f64) -> bool {
    !(r.max().x < e.west - pad
        || r.min().x > e.east + pad
        || r.max().y < e.south - pad
        || r.min().y > e.north + pad)
}

/// What the legend must explain: the layers this map actually drew.
#[derive(Debug, Default)]
pub struct Drawn {
    /// Kinds on this map with their counts, in name order.
    pub kinds: Vec<(String, usize)>,
    pub largest_casualties: u32,
    pub circles: bool,
    pub wide_circles: bool,
    /// Peak density drawn, incidents per km².
    pub heat_max: Option<f64>,
    pub hulls: bool,
    pub anchors: bool,
    pub towns: bool,
}

/// The marker radius of an incident with `casualties` killed + wounded.
pub fn marker_radius(casualties: u32) -> i32 {
    (5.0 + 2.0 * (casualties as f64).sqrt()).min(16.0).round() as i32
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &MapSpec,
    input: &MapInput,
) -> DrawResult<DB> {
    let lay = layout(spec.width, spec.height);
    let proj = projection_for(spec);
    let view = proj.view(lay.map);
    root.fill(&style::SEA)?;
    let span = (view.east - view.west).max(view.north - view.south);
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
    use geo::BoundingRect;
    let visible = |r: Option<geo::Rect<f64>>| r.is_some_and(|r| overlaps(&r, &view, 5.0));
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
    let with_admin1 = span < ADMIN1_SPAN_DEG;
    fill(&mut input.basemap.physical.land.0.iter(), style::LAND)?;
    fill(&mut country_polys.iter().copied(), style::LAND)?;
    fill(&mut input.basemap.physical.lakes.0.iter(), style::SEA)?;
    outline(&mut input.basemap.physical.rivers.0.iter(), style::RIVER)?;
    if with_admin1 {
        outline(
            &mut input
                .basemap
                .admin1
                .iter()
                .flat_map(|a| a.shape.0.iter().map(|p| p.exterior())),
            style::ADMIN1,
        )?;
    }
    outline(
        &mut country_polys.iter().map(|p| p.exterior()),
        style::BORDER,
    )?;
    let mut drawn = Drawn::default();
    let located: Vec<(&Row, LonLat)> = input
        .data
        .rows
        .iter()
        .filter_map(|r| r.point.map(|p| (r, p)))
        .filter(|(_, p)| view.contains(*p))
        .collect();
    let many = located.len() > 20_000;
    // Few incidents: heat under the points. Many: points as faint dots, heat on top.
    if spec.layers.heat
        && !many
        && let Some(s) = input.surface
    {
        drawn.heat_max = draw_heat(root, &proj, s, lay.map)?;
    }
    let map_w = lay.map.2 - lay.map.0;
    if spec.layers.footprints && !many {
        draw_footprints(root, &proj, &located, map_w, &mut drawn)?;
    }
    let mut labels = Labels::new((lay.map.0 + 4, lay.map.1 + 4, lay.map.2 - 4, lay.map.3 - 4));
    // The scale bar and north arrow keep their corners.
    labels.block((lay.map.0, lay.map.3 - 60, lay.map.0 + 260, lay.map.3));
    labels.block((lay.map.2 - 60, lay.map.1, lay.map.2, lay.map.1 + 80));
    let shown_clusters: Vec<&ClusterSummary> = if spec.layers.clusters {
        // The largest clusters only: thousands of small hulls are noise on a map.
        input
            .clusters
            .iter()
            .take(40)
            .filter(|c| c.hull.len() >= 3 && c.hull.iter().any(|p| view.contains(*p)))
            .collect()
    } else {
        Vec::new()
    };
    for cl in &shown_clusters {
        let pts: Vec<(i32, i32)> = cl.hull.iter().map(|p| proj.to_px(*p)).collect();
        root.draw(&Polygon::new(pts.clone(), style::HULL.mix(0.08).filled()))?;
        let mut closed = pts;
        closed.push(closed[0]);
        root.draw(&PathElement::new(closed, style::HULL.stroke_width(2)))?;
        drawn.hulls = true;
    }
    // Labels in priority order: clusters, anchors, then (off the markers) basemap names.
    let cluster_font = (FONT, 16)
        .into_font()
        .style(FontStyle::Bold)
        .color(&style::HULL);
    let mut cluster_labels = Vec::new();
    for cl in shown_clusters.iter().take(12) {
        if !view.contains(cl.centroid) {
            continue;
        }
        let text = format!("{}: {} incidents", cl.label, cl.members.len());
        let top = cl
            .hull
            .iter()
            .map(|p| proj.to_px(*p))
            .min_by_key(|p| p.1)
            .unwrap_or(proj.to_px(cl.centroid));
        let size = style::text_size(root, &text, &cluster_font)?;
        if let Some(at) = labels.beside(size, top, 8) {
            cluster_labels.push((text, at));
        }
    }
    let anchor_font = (FONT, 14).into_font().color(&style::TEXT);
    let mut anchor_labels = Vec::new();
    let show_points = spec.layers.points;
    if show_points && !many && spec.layers.labels {
        for (name, p) in anchors(input.data, &located) {
            if !view.contains(p) {
                continue;
            }
            let px = proj.to_px(p);
            let size = style::text_size(root, &name, &anchor_font)?;
            let at = labels.beside(size, px, 6);
            anchor_labels.push((name, px, at));
        }
    }
    if show_points && !many {
        for (r, p) in &located {
            let (x, y) = proj.to_px(*p);
            let rad = marker_radius(r.killed.unwrap_or(0) + r.wounded.unwrap_or(0)) + 1;
            labels.block((x - rad, y - rad, x + rad, y + rad));
        }
    }
    let names = annotate::place_names(root, &proj, &view, input, with_admin1, &mut labels)?;
    drawn.towns = names.towns > 0;
    annotate::draw_names(root, &names)?;
    if show_points {
        // Larger (more casualties) first so small markers stay visible on top.
        let mut order = located.clone();
        // A stable sort on every core: equal casualties stay in row order.
        order.par_sort_by_key(|(r, _)| {
            std::cmp::Reverse(r.killed.unwrap_or(0) + r.wounded.unwrap_or(0))
        });
        for (r, p) in &order {
            let c = kind_colour(r.kind.as_str());
            let px = proj.to_px(*p);
            if many {
                root.draw_pixel(px, &c.mix(0.5))?;
                continue;
            }
            let cas = r.killed.unwrap_or(0) + r.wounded.unwrap_or(0);
            drawn.largest_casualties = drawn.largest_casualties.max(cas);
            let size = marker_radius(cas);
            root.draw(&Circle::new(px, size + 1, WHITE.filled()))?;
            root.draw(&Circle::new(px, size, c.filled()))?;
        }
        for (name, px, at) in &anchor_labels {
            root.draw(&Rectangle::new(
                [(px.0 - 3, px.1 - 3), (px.0 + 3, px.1 + 3)],
                style::TEXT.filled(),
            ))?;
            drawn.anchors = true;
            if let Some(at) = at {
                style::draw_text(root, name, &anchor_font, *at, true)?;
            }
        }
    }
    if spec.layers.heat
        && many
        && let Some(s) = input.surface
    {
        drawn.heat_max = draw_heat(root, &proj, s, lay.map)?;
    }
    for (text, at) in &cluster_labels {
        style::draw_text(root, text, &cluster_font, *at, true)?;
    }
    let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (r, _) in &located {
        *kinds.entry(r.kind.as_str()).or_insert(0) += 1;
    }
    drawn.kinds = kinds.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
    draw_frame(root, spec, &lay, &proj, &located)?;
    legend::draw_panel(root, spec, &lay, &view, input, &drawn)?;
    Ok(())
}

/// Distinct anchor names with their points, in name order (compound anchors skipped).
fn anchors(data: &Dataset, located: &[(&Row, LonLat)]) -> Vec<(String, LonLat)> {
    let mut seen: Vec<(String, LonLat)> = Vec::new();
    for (r, _) in located {
        let name = data.str(r.anchor);
        if let Some(at) = r.anchor_point
            && !name.is_empty()
            && !name.contains(" | ")
            && !seen.iter().any(|(n, _)| n == name)
        {
            seen.push((name.to_owned(), at));
        }
    }
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    seen
}

/// Uncertainty circles, each distinct circle once (repeated incidents at one
/// spot must not stack to opaque). A circle wider than WIDE_CIRCLE_SHARE of
/// the frame is a dashed outline: a country-sized disc would hide the map.
fn draw_footprints<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    proj: &Projection,
    located: &[(&Row, LonLat)],
    map_w: i32,
    drawn: &mut Drawn,
) -> DrawResult<DB> {
    let kpp = proj.km_per_px();
    let mut seen: std::collections::HashSet<((i32, i32), i32, &str)> =
        std::collections::HashSet::new();
    for (r, p) in located {
        let rad = (r.uncertainty_km.unwrap_or(0.0) / kpp).round() as i32;
        let px = proj.to_px(*p);
        if rad < 3 || !seen.insert((px, rad, r.kind.as_str())) {
            continue;
        }
        let c = kind_colour(r.kind.as_str());
        if 2.0 * rad as f64 > WIDE_CIRCLE_SHARE * map_w as f64 {
            dashed_circle(root, px, rad, c.mix(0.6))?;
            drawn.wide_circles = true;
        } else {
            root.draw(&Circle::new(px, rad, c.mix(0.10).filled()))?;
            root.draw(&Circle::new(px, rad, c.mix(0.35).stroke_width(1)))?;
            drawn.circles = true;
        }
    }
    Ok(())
}

/// A circle outline in dashes of about 8 px.
pub(crate) fn dashed_circle<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: (i32, i32),
    rad: i32,
    colour: RGBAColor,
) -> DrawResult<DB> {
    let n = ((std::f64::consts::TAU * rad as f64 / 8.0).round() as usize).clamp(8, 2000);
    let n = n + n % 2;
    let at = |k: usize| {
        let a = std::f64::consts::TAU * k as f64 / n as f64;
        (
            c.0 + (rad as f64 * a.cos()).round() as i32,
            c.1 + (rad as f64 * a.sin()).round() as i32,
        )
    };
    for k in (0..n).step_by(2) {
        root.draw(&PathElement::new(
            vec![at(k), at(k + 1)],
            colour.stroke_width(2),
        ))?;
    }
    Ok(())
}

/// The density surface; returns the peak drawn (incidents per km²).
fn draw_heat<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    proj: &Projection,
    s: &Surface,
    frame: PxBox,
) -> Result<Option<f64>, DrawingAreaErrorKind<DB::ErrorType>> {
    let max = s.density.iter().copied().fold(0.0, f64::max);
    if max <= 0.0 {
        return Ok(None);
    }
    let g = &s.grid;
    // Cells bigger than this are blocks, not a surface: a close-up shows the points.
    let (a, b) = (
        proj.to_px(LonLat {
            lon: g.west,
            lat: g.south,
        }),
        proj.to_px(LonLat {
            lon: g.west + g.dlon,
            lat: g.south,
        }),
    );
    if (b.0 - a.0).abs() > MAX_HEAT_CELL_PX {
        return Ok(None);
    }
    let mut any = false;
    for r in 0..g.rows {
        for c in 0..g.cols {
            let t = s.density[r * g.cols + c] / max;
            if t < legend::HEAT_FLOOR {
                continue;
            }
            let (w, so, e, n) = g.cell_bounds(c, r);
            let a = proj.to_px(LonLat { lon: w, lat: n });
            let b = proj.to_px(LonLat { lon: e, lat: so });
            if b.0 < frame.0 || a.0 > frame.2 || a.1 > frame.3 || b.1 < frame.1 {
                continue;
            }
            root.draw(&Rectangle::new([a, b], legend::heat_colour(t)))?;
            any = true;
        }
    }
    Ok(any.then_some(max))
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

/// Title bar, footer, scale bar and north arrow.
fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &MapSpec,
    lay: &Layout,
    proj: &Projection,
    located: &[(&Row, LonLat)],
) -> DrawResult<DB> {
    let (w, h) = (spec.width as i32, spec.height as i32);
    root.draw(&Rectangle::new([(0, 0), (w, TITLE_H)], WHITE.filled()))?;
    root.draw(&Text::new(
        spec.title.clone(),
        (14, 6),
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
    root.draw(&Rectangle::new([(0, h - FOOTER_H), (w, h)], WHITE.filled()))?;
    let osm = located.iter().any(|(r, _)| r.anchor_osm);
    root.draw(&Text::new(
        attribution(osm),
        (14, h - 20),
        (FONT, 12).into_font().color(&style::TEXT),
    ))?;
    let m = lay.map;
    root.draw(&Rectangle::new(
        [(m.0, m.1), (m.2, m.3)],
        style::BORDER.stroke_width(1),
    ))?;
    // Scale bar, bottom left of the map.
    let kpp = proj.km_per_px();
    let target = kpp * ((m.2 - m.0) as f64 / 6.0);
    let nice = style::nice_length(target);
    let len = (nice as f64 / kpp).round() as i32;
    let (sx, sy) = (m.0 + 22, m.3 - 22);
    root.draw(&Rectangle::new(
        [(sx - 10, sy - 26), (sx + len + 12, sy + 10)],
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
        (sx, sy - 22),
        (FONT, 13).into_font().color(&style::TEXT),
    ))?;
    // North arrow, top right of the map.
    let (nx, ny) = (m.2 - 30, m.1 + 14);
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

/// The ESRI world file of a map image (lon/lat, EPSG:4326): the map's
/// projection is affine in lon/lat, so GIS tools can place the PNG exactly.
/// Lines: x pixel size, two rotations (0), y pixel size (negative), and the
/// lon/lat of the top-left pixel's centre.
pub fn world_file(spec: &MapSpec) -> String {
    let proj = projection_for(spec);
    let o = proj.to_lonlat(0.5, 0.5);
    let a = proj.to_lonlat(1.5, 0.5).lon - o.lon;
    let e = proj.to_lonlat(0.5, 1.5).lat - o.lat;
    format!("{a:.12}\n0\n0\n{e:.12}\n{:.12}\n{:.12}\n", o.lon, o.lat)
}
