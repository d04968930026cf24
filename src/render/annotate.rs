//! Basemap names for orientation: countries, admin-1 areas (on regional
//! maps) and a few populous towns, in a lighter style than incident labels
//! and placed after them, off every marker and label already placed.

use geo::{BoundingRect, Contains, MultiPolygon, Point};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, FONT, Labels};
use super::{DrawResult, MAX_TOWNS, MIN_TOWN_POPULATION, MapInput, Projection};
use crate::model::{Extent, LonLat};

#[derive(Clone, Copy)]
pub enum NameKind {
    Country {
        size: u32,
    },
    Admin1,
    /// With the town's point (a small ring is drawn there).
    Town((i32, i32)),
}

pub struct Placed {
    pub text: String,
    pub at: (i32, i32),
    pub kind: NameKind,
}

pub struct Names {
    pub items: Vec<Placed>,
    pub towns: usize,
}

fn font(kind: &NameKind) -> TextStyle<'static> {
    match kind {
        NameKind::Country { size } => (FONT, *size)
            .into_font()
            .style(FontStyle::Bold)
            .color(&style::COUNTRY_NAME),
        NameKind::Admin1 => (FONT, 12).into_font().color(&style::ADMIN1_NAME),
        NameKind::Town(_) => (FONT, 12).into_font().color(&style::TOWN),
    }
}

/// Samples per side of the grid a label point is chosen from.
const GRID: usize = 11;

/// A point well inside the part of `shape` that `view` shows: of a grid of
/// samples over that part, the inside one with the most inside neighbours
/// (nearest the inside samples' mean on ties). None when none is inside.
pub fn label_point(shape: &MultiPolygon<f64>, view: &Extent) -> Option<LonLat> {
    let bb = shape.bounding_rect()?;
    let (w, e) = (bb.min().x.max(view.west), bb.max().x.min(view.east));
    let (s, n) = (bb.min().y.max(view.south), bb.max().y.min(view.north));
    if w >= e || s >= n {
        return None;
    }
    let at = |i: usize, j: usize| LonLat {
        lon: w + (e - w) * (i as f64 + 0.5) / GRID as f64,
        lat: s + (n - s) * (j as f64 + 0.5) / GRID as f64,
    };
    let mut inside = [[false; GRID]; GRID];
    let mut mean = (0.0, 0.0, 0usize);
    for (i, col) in inside.iter_mut().enumerate() {
        for (j, cell) in col.iter_mut().enumerate() {
            let p = at(i, j);
            *cell = shape.contains(&Point::new(p.lon, p.lat));
            if *cell {
                mean = (mean.0 + p.lon, mean.1 + p.lat, mean.2 + 1);
            }
        }
    }
    if mean.2 == 0 {
        return None;
    }
    let (mx, my) = (mean.0 / mean.2 as f64, mean.1 / mean.2 as f64);
    let mut best: Option<(usize, f64, LonLat)> = None;
    for i in 0..GRID {
        for j in 0..GRID {
            if !inside[i][j] {
                continue;
            }
            let mut k = 0;
            for di in -1i32..=1 {
                for dj in -1i32..=1 {
                    let (a, b) = (i as i32 + di, j as i32 + dj);
                    if (0..GRID as i32).contains(&a)
                        && (0..GRID as i32).contains(&b)
                        && inside[a as usize][b as usize]
                    {
                        k += 1;
                    }
                }
            }
            let p = at(i, j);
            let d = (p.lon - mx).powi(2) + (p.lat - my).powi(2);
            if best.is_none_or(|(bk, bd, _)| k > bk || (k == bk && d < bd)) {
                best = Some((k, d, p));
            }
        }
    }
    best.map(|(_, _, p)| p)
}

/// The width in px of the part of `shape` the view shows.
fn visible_width_px(shape: &MultiPolygon<f64>, view: &Extent, proj: &Projection) -> i32 {
    let Some(bb) = shape.bounding_rect() else {
        return 0;
    };
    let mid = (view.south + view.north) / 2.0;
    let a = proj.to_px(LonLat {
        lon: bb.min().x.max(view.west),
        lat: mid,
    });
    let b = proj.to_px(LonLat {
        lon: bb.max().x.min(view.east),
        lat: mid,
    });
    b.0 - a.0
}

/// Area names that fit their visible part, larger parts first (a name that
/// fits a small area is the first to go).
fn place_areas<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    proj: &Projection,
    view: &Extent,
    areas: &[(&str, &MultiPolygon<f64>)],
    kind: NameKind,
    labels: &mut Labels,
    items: &mut Vec<Placed>,
) -> DrawResult<DB> {
    let mut ranked: Vec<(i32, usize)> = areas
        .iter()
        .enumerate()
        .filter(|(_, (_, shape))| {
            shape
                .bounding_rect()
                .is_some_and(|r| super::overlaps(&r, view, 0.0))
        })
        .map(|(k, (_, shape))| (visible_width_px(shape, view, proj), k))
        .collect();
    ranked.sort_by_key(|&(w, k)| (std::cmp::Reverse(w), k));
    let f = font(&kind);
    for (width, k) in ranked {
        let (name, shape) = areas[k];
        if name.is_empty() {
            continue;
        }
        let text = match kind {
            NameKind::Country { .. } => name.to_uppercase(),
            _ => name.to_owned(),
        };
        let size = style::text_size(root, &text, &f)?;
        if size.0 > width {
            continue;
        }
        let Some(p) = label_point(shape, view) else {
            continue;
        };
        if let Some(at) = labels.centred(size, proj.to_px(p)) {
            items.push(Placed { text, at, kind });
        }
    }
    Ok(())
}

/// The most populous towns in view, each with room for its ring and name.
fn place_towns<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    proj: &Projection,
    view: &Extent,
    input: &MapInput,
    labels: &mut Labels,
    items: &mut Vec<Placed>,
) -> Result<usize, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut towns = 0;
    let mut names_used: Vec<&str> = Vec::new();
    for t in input.basemap.towns {
        if towns >= MAX_TOWNS || t.population < MIN_TOWN_POPULATION {
            break;
        }
        if !view.contains(t.point) || names_used.contains(&t.name.as_str()) {
            continue;
        }
        let px = proj.to_px(t.point);
        if labels.centred((7, 7), px).is_none() {
            continue;
        }
        let kind = NameKind::Town(px);
        let size = style::text_size(root, &t.name, &font(&kind))?;
        // Clear of the ring's own box (3 px radius + padding).
        if let Some(at) = labels.beside(size, px, 9) {
            names_used.push(&t.name);
            items.push(Placed {
                text: t.name.clone(),
                at,
                kind,
            });
            towns += 1;
        }
    }
    Ok(towns)
}

/// Places the basemap names that fit: countries, then towns, then admin-1 areas.
pub fn place_names<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    proj: &Projection,
    view: &Extent,
    input: &MapInput,
    with_admin1: bool,
    labels: &mut Labels,
) -> Result<Names, DrawingAreaErrorKind<DB::ErrorType>> {
    let span = (view.east - view.west).max(view.north - view.south);
    let mut items = Vec::new();
    let size = if span >= super::ADMIN1_SPAN_DEG {
        13
    } else {
        16
    };
    let countries: Vec<(&str, &MultiPolygon<f64>)> = input
        .basemap
        .countries
        .by_code
        .values()
        .map(|c| (c.name.as_str(), &c.shape))
        .collect();
    place_areas(
        root,
        proj,
        view,
        &countries,
        NameKind::Country { size },
        labels,
        &mut items,
    )?;
    let towns = place_towns(root, proj, view, input, labels, &mut items)?;
    if with_admin1 {
        let areas: Vec<(&str, &MultiPolygon<f64>)> = input
            .basemap
            .admin1
            .iter()
            .map(|a| (a.name.as_str(), &a.shape))
            .collect();
        place_areas(
            root,
            proj,
            view,
            &areas,
            NameKind::Admin1,
            labels,
            &mut items,
        )?;
    }
    Ok(Names { items, towns })
}

pub fn draw_names<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    names: &Names,
) -> DrawResult<DB> {
    for item in &names.items {
        if let NameKind::Town(p) = item.kind {
            root.draw(&Circle::new(p, 3, WHITE.filled()))?;
            root.draw(&Circle::new(p, 3, style::TOWN.stroke_width(1)))?;
        }
        style::draw_text(root, &item.text, &font(&item.kind), item.at, false)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn the_label_point_of_an_l_shape_lies_inside_and_inside_the_view() {
        // An L: a tall bar and a long foot.
        let l = MultiPolygon(vec![polygon![
            (x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 2.0),
            (x: 2.0, y: 2.0), (x: 2.0, y: 10.0), (x: 0.0, y: 10.0)
        ]]);
        let everywhere = Extent {
            west: -20.0,
            south: -20.0,
            east: 20.0,
            north: 20.0,
        };
        let p = label_point(&l, &everywhere).expect("inside");
        assert!(l.contains(&Point::new(p.lon, p.lat)), "{p:?}");
        // Only the foot's end is in view: the point moves there.
        let foot = Extent {
            west: 6.0,
            south: -1.0,
            east: 12.0,
            north: 5.0,
        };
        let p = label_point(&l, &foot).expect("inside");
        assert!(
            foot.contains(p) && l.contains(&Point::new(p.lon, p.lat)),
            "{p:?}"
        );
        let away = Extent {
            west: 5.0,
            south: 5.0,
            east: 9.0,
            north: 9.0,
        };
        assert!(label_point(&l, &away).is_none());
    }
}
