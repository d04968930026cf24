//! The map projection: equirectangular with x scaled by cos(φ0) at the
//! extent's middle latitude, so shapes are right at the latitude the map is
//! about. Fitted into the plot area with equal scale on both axes.

use crate::geodesy::EARTH_RADIUS_KM;
use crate::model::LonLat;

pub use crate::model::Extent;

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

    /// The lon/lat box a pixel box (left, top, right, bottom) shows, within ±180/±85.
    pub fn view(&self, b: (i32, i32, i32, i32)) -> Extent {
        let nw = self.to_lonlat(b.0 as f64, b.1 as f64);
        let se = self.to_lonlat(b.2 as f64, b.3 as f64);
        Extent {
            west: nw.lon.max(-180.0),
            east: se.lon.min(180.0),
            north: nw.lat.min(85.0),
            south: se.lat.max(-85.0),
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
