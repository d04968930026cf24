//! Distances and destinations. Offsets use the WGS84 ellipsoid (geo's
//! `Geodesic`, Karney's algorithm); quick comparisons use the sphere
//! (`Haversine`, mean Earth radius 6371.0088 km).
//!
//! # Units
//! Distances in km, bearings in degrees clockwise from north.

use geo::{Bearing, Destination, Distance, Geodesic, Haversine, Point};

use crate::model::LonLat;

/// Mean Earth radius (IUGG), km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance on the sphere, km.
pub fn distance_km(a: LonLat, b: LonLat) -> f64 {
    Haversine.distance(a.to_point(), b.to_point()) / 1000.0 * (EARTH_RADIUS_KM / 6371.0088)
}

/// Ellipsoidal distance, km.
pub fn geodesic_distance_km(a: LonLat, b: LonLat) -> f64 {
    Geodesic.distance(a.to_point(), b.to_point()) / 1000.0
}

/// Initial bearing on the ellipsoid from `a` to `b`, degrees in [0, 360).
pub fn geodesic_bearing_deg(a: LonLat, b: LonLat) -> f64 {
    Geodesic
        .bearing(a.to_point(), b.to_point())
        .rem_euclid(360.0)
}

/// The point `distance_km` from `from` along `bearing_deg` on the WGS84 ellipsoid.
pub fn destination(from: LonLat, bearing_deg: f64, distance_km: f64) -> LonLat {
    let p: Point<f64> = Geodesic.destination(from.to_point(), bearing_deg, distance_km * 1000.0);
    let lon = ((p.x() + 540.0).rem_euclid(360.0)) - 180.0;
    LonLat {
        lon,
        lat: p.y().clamp(-90.0, 90.0),
    }
}

/// The midpoint of the geodesic between `a` and `b`, and half its length (km).
pub fn midpoint(a: LonLat, b: LonLat) -> (LonLat, f64) {
    let d = geodesic_distance_km(a, b);
    if d < 1e-9 {
        return (a, 0.0);
    }
    let brg = geodesic_bearing_deg(a, b);
    (destination(a, brg, d / 2.0), d / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_round_trip() {
        let a = LonLat::new(40.45154, 35.01982).unwrap();
        let b = destination(a, 0.0, 10.0);
        assert!((geodesic_distance_km(a, b) - 10.0).abs() < 1e-6);
        assert!(b.lat > a.lat && (b.lon - a.lon).abs() < 1e-9);
    }

    #[test]
    fn antimeridian_wraps() {
        let a = LonLat::new(179.9, 0.0).unwrap();
        let b = destination(a, 90.0, 50.0);
        assert!(b.lon < -179.0, "{b:?}");
    }
}
