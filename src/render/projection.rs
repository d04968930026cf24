//! The map projection: equirectangular with x scaled by cos(φ0) at the
//! extent's middle latitude, so shapes are right at the latitude the map is
//! about. Fitted into the plot area with equal scale on both axes.

use crate::model::LonLat;
use crate::resolve::geodesy::EARTH_RADIUS_KM;

/// A lon/lat box; `west > east` is not supported for maps (split at the antimeridian instead).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Extent {
    /// The box around points, with a margin (fraction of the span) and a minimum span in degrees.
    pub fn around(
        points: impl IntoIterator<Item = LonLat>,
        margin: f64,
        min_span_deg: f64,
    ) -> Option<Extent> {
        let mut e: Option<Extent> = None;
        for p in points {
            let x = e.get_or_insert(Extent {
                west: p.lon,
                south: p.lat,
                east: p.lon,
                north: p.lat,
            });
            x.west = x.west.min(p.lon);
            x.east = x.east.max(p.lon);
            x.south = x.south.min(p.lat);
            x.north = x.north.max(p.lat);
        }
        let mut e = e?;
        let (cx, cy) = ((e.west + e.east) / 2.0, (e.south + e.north) / 2.0);
        let half_w = ((e.east - e.west) * (1.0 + 2.0 * margin)).max(min_span_deg) / 2.0;
        let half_h = ((e.north - e.south) * (1.0 + 2.0 * margin)).max(min_span_deg) / 2.0;
        e = Extent {
            west: (cx - half_w).max(-180.0),
            east: (cx + half_w).min(180.0),
            south: (cy - half_h).max(-85.0),
            north: (cy + half_h).min(85.0),
        };
        Some(e)
    }

    pub fn contains(&self, p: LonLat) -> bool {
        p.lon >= self.west && p.lon <= self.east && p.lat >= self.south && p.lat <= self.north
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Projection {
    pub extent: Extent,
    cos0: f64,
    /// Pixels per projected degree.
    scale: f64,
    x0: f64,
    y0: f64,
}

impl Projection {
    /// Fits `extent` into the pixel box (left, top, width, height), centred.
    pub fn fit(extent: Extent, left: i32, top: i32, width: i32, height: i32) -> Projection {
        let cos0 = ((extent.south + extent.north) / 2.0)
            .to_radians()
            .cos()
            .max(0.05);
        let w_deg = ((extent.east - extent.west) * cos0).max(1e-9);
        let h_deg = (extent.north - extent.south).max(1e-9);
        let scale = (width as f64 / w_deg).min(height as f64 / h_deg);
        let x0 = left as f64 + (width as f64 - w_deg * scale) / 2.0;
        let y0 = top as f64 + (height as f64 - h_deg * scale) / 2.0;
        Projection {
            extent,
            cos0,
            scale,
            x0,
            y0,
        }
    }

    pub fn to_px(&self, p: LonLat) -> (i32, i32) {
        let (x, y) = self.to_xy(p);
        (x.round() as i32, y.round() as i32)
    }

    pub fn to_xy(&self, p: LonLat) -> (f64, f64) {
        let x = self.x0 + (p.lon - self.extent.west) * self.cos0 * self.scale;
        let y = self.y0 + (self.extent.north - p.lat) * self.scale;
        (x, y)
    }

    /// The inverse of `to_xy`.
    pub fn to_lonlat(&self, x: f64, y: f64) -> LonLat {
        LonLat {
            lon: self.extent.west + (x - self.x0) / (self.cos0 * self.scale),
            lat: self.extent.north - (y - self.y0) / self.scale,
        }
    }

    /// Kilometres per pixel (along a meridian; the same in x by construction).
    pub fn km_per_px(&self) -> f64 {
        EARTH_RADIUS_KM.to_radians() / self.scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_map_inside_the_box_and_scale_is_equal() {
        let e = Extent {
            west: 36.0,
            south: 30.0,
            east: 48.0,
            north: 38.0,
        };
        let p = Projection::fit(e, 0, 0, 1600, 1200);
        let (x0, y0) = p.to_px(LonLat {
            lon: 36.0,
            lat: 38.0,
        });
        let (x1, y1) = p.to_px(LonLat {
            lon: 48.0,
            lat: 30.0,
        });
        assert!(x0 >= 0 && y0 >= 0 && x1 <= 1600 && y1 <= 1200);
        // 1 degree of latitude is ~111 km.
        assert!((p.km_per_px() * (y1 - y0) as f64 / 8.0 - 111.2).abs() < 1.0);
    }
}
