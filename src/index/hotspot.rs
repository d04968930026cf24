//! Hotspot surface: Gaussian kernel density on a lon/lat grid, and Getis-Ord
//! Gi* z-scores on the same grid (focal cell included), so significant hot
//! spots stand apart from merely dense ones.
//!
//! # Units
//! `bandwidth_km` and `cell_km` in km; density in incidents per km²
//! (weighted by casualties when asked).

use crate::geodesy::EARTH_RADIUS_KM;
use crate::model::LonLat;

#[derive(Debug, Clone)]
pub struct GridSpec {
    pub west: f64,
    pub south: f64,
    /// Cell size in degrees (lon, lat).
    pub dlon: f64,
    pub dlat: f64,
    pub cols: usize,
    pub rows: usize,
}

impl GridSpec {
    pub fn cell_bounds(&self, col: usize, row: usize) -> (f64, f64, f64, f64) {
        let w = self.west + col as f64 * self.dlon;
        let s = self.south + row as f64 * self.dlat;
        (w, s, w + self.dlon, s + self.dlat)
    }

    pub fn cell_centre(&self, col: usize, row: usize) -> LonLat {
        let (w, s, e, n) = self.cell_bounds(col, row);
        LonLat {
            lon: (w + e) / 2.0,
            lat: (s + n) / 2.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Surface {
    pub grid: GridSpec,
    /// Row-major density (rows from south to north).
    pub density: Vec<f64>,
    /// Incident count (or weight) per cell.
    pub counts: Vec<f64>,
    /// Getis-Ord Gi* z-score per cell.
    pub gi_z: Vec<f64>,
}

/// One incident's contribution: where, how wide its kernel must be, its weight.
#[derive(Debug, Clone, Copy)]
pub struct Kernel {
    pub point: LonLat,
    pub uncertainty_km: f64,
    pub weight: f64,
}

/// Largest grid built (cells); the cell size grows to stay under it.
pub const MAX_CELLS: usize = 250_000;

/// Builds the surface over the kernels' extent (plus 3 bandwidths).
pub fn surface(kernels: &[Kernel], bandwidth_km: f64, cell_km: f64) -> Option<Surface> {
    let positive = |x: f64| x.is_finite() && x > 0.0;
    if kernels.is_empty() || !positive(bandwidth_km) || !positive(cell_km) {
        return None;
    }
    let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for k in kernels {
        w = w.min(k.point.lon);
        e = e.max(k.point.lon);
        s = s.min(k.point.lat);
        n = n.max(k.point.lat);
    }
    let km_per_deg = EARTH_RADIUS_KM.to_radians();
    let mid_lat = ((s + n) / 2.0).to_radians().cos().max(0.05);
    let margin_lat = 3.0 * bandwidth_km / km_per_deg;
    let margin_lon = margin_lat / mid_lat;
    let (w, e) = ((w - margin_lon).max(-180.0), (e + margin_lon).min(180.0));
    let (s, n) = ((s - margin_lat).max(-90.0), (n + margin_lat).min(90.0));
    let mut cell = cell_km;
    let (cols, rows, dlat, dlon) = loop {
        let dlat = cell / km_per_deg;
        let dlon = dlat / mid_lat;
        let cols = (((e - w) / dlon).ceil() as usize).max(1);
        let rows = (((n - s) / dlat).ceil() as usize).max(1);
        if cols * rows <= MAX_CELLS {
            break (cols, rows, dlat, dlon);
        }
        cell *= 1.5;
    };
    let grid = GridSpec {
        west: w,
        south: s,
        dlon,
        dlat,
        cols,
        rows,
    };
    let mut counts = vec![0.0; cols * rows];
    // Each kernel's reach on the grid, worked out once.
    struct Reach {
        sigma: f64,
        norm: f64,
        cos_lat: f64,
        rows: (i64, i64),
        cols: (i64, i64),
    }
    let reach: Vec<Reach> = kernels
        .iter()
        .map(|k| {
            let sigma = bandwidth_km.max(k.uncertainty_km);
            let col0 = ((k.point.lon - w) / dlon).floor() as i64;
            let row0 = ((k.point.lat - s) / dlat).floor() as i64;
            if (0..cols as i64).contains(&col0) && (0..rows as i64).contains(&row0) {
                counts[row0 as usize * cols + col0 as usize] += k.weight;
            }
            let reach_r = (3.0 * sigma / (dlat * km_per_deg)).ceil() as i64;
            let reach_c = (3.0 * sigma
                / (dlon * km_per_deg * k.point.lat.to_radians().cos().max(0.05)))
            .ceil() as i64;
            Reach {
                sigma,
                norm: k.weight / (2.0 * std::f64::consts::PI * sigma * sigma),
                cos_lat: k.point.lat.to_radians().cos(),
                rows: (
                    (row0 - reach_r).max(0),
                    (row0 + reach_r).min(rows as i64 - 1),
                ),
                cols: (
                    (col0 - reach_c).max(0),
                    (col0 + reach_c).min(cols as i64 - 1),
                ),
            }
        })
        .collect();
    // Bands of rows on every core; within a cell the kernels add up in
    // their own order, as one pass over them would add them.
    let mut density = vec![0.0; cols * rows];
    let band = rows
        .div_ceil(4 * rayon::current_num_threads().max(1))
        .max(1);
    use rayon::prelude::*;
    density
        .par_chunks_mut(band * cols)
        .enumerate()
        .for_each(|(b, cells)| {
            let (lo, hi) = ((b * band) as i64, ((b + 1) * band).min(rows) as i64 - 1);
            for (k, x) in kernels.iter().zip(&reach) {
                let sigma = x.sigma;
                for r in x.rows.0.max(lo)..=x.rows.1.min(hi) {
                    for c in x.cols.0..=x.cols.1 {
                        let centre = grid.cell_centre(c as usize, r as usize);
                        // Local equirectangular distance: exact enough within 3 bandwidths.
                        let dx = (centre.lon - k.point.lon) * km_per_deg * x.cos_lat;
                        let dy = (centre.lat - k.point.lat) * km_per_deg;
                        let d2 = dx * dx + dy * dy;
                        if d2 <= 9.0 * sigma * sigma {
                            cells[(r - lo) as usize * cols + c as usize] +=
                                x.norm * (-d2 / (2.0 * sigma * sigma)).exp();
                        }
                    }
                }
            }
        });
    let gi_z = getis_ord(&grid, &counts, bandwidth_km);
    Some(Surface {
        grid,
        density,
        counts,
        gi_z,
    })
}

/// Gi* with binary weights: cells whose centres lie within `distance_km` of
/// the focal cell's centre, the focal cell included.
pub fn getis_ord(grid: &GridSpec, x: &[f64], distance_km: f64) -> Vec<f64> {
    let n = x.len() as f64;
    if n < 2.0 {
        return vec![0.0; x.len()];
    }
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| v * v).sum::<f64>() / n - mean * mean;
    let sd = var.max(0.0).sqrt();
    if sd == 0.0 {
        return vec![0.0; x.len()];
    }
    let km_per_deg = EARTH_RADIUS_KM.to_radians();
    // Summed-area table for fast window sums.
    let (cols, rows) = (grid.cols, grid.rows);
    let mut sat = vec![0.0; (cols + 1) * (rows + 1)];
    for r in 0..rows {
        let mut rs = 0.0;
        for c in 0..cols {
            rs += x[r * cols + c];
            sat[(r + 1) * (cols + 1) + c + 1] = sat[r * (cols + 1) + c + 1] + rs;
        }
    }
    let window = |r0: usize, r1: usize, c0: usize, c1: usize| {
        sat[(r1 + 1) * (cols + 1) + c1 + 1]
            - sat[r0 * (cols + 1) + c1 + 1]
            - sat[(r1 + 1) * (cols + 1) + c0]
            + sat[r0 * (cols + 1) + c0]
    };
    let mut z = vec![0.0; x.len()];
    for r in 0..rows {
        let lat = grid.south + (r as f64 + 0.5) * grid.dlat;
        let hr = (distance_km / (grid.dlat * km_per_deg)).floor() as usize;
        let hc = (distance_km / (grid.dlon * km_per_deg * lat.to_radians().cos().max(0.05))).floor()
            as usize;
        for c in 0..cols {
            // A rectangular window approximates the distance band (documented).
            let (r0, r1) = (r.saturating_sub(hr), (r + hr).min(rows - 1));
            let (c0, c1) = (c.saturating_sub(hc), (c + hc).min(cols - 1));
            let wsum = ((r1 - r0 + 1) * (c1 - c0 + 1)) as f64;
            let lx = window(r0, r1, c0, c1);
            let denom = sd * ((n * wsum - wsum * wsum) / (n - 1.0)).max(0.0).sqrt();
            z[r * cols + c] = if denom > 0.0 {
                (lx - mean * wsum) / denom
            } else {
                0.0
            };
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_peaks_at_the_cluster_and_gi_is_significant_there() {
        let mut kernels = Vec::new();
        for i in 0..50 {
            let d = (i as f64) * 0.001;
            kernels.push(Kernel {
                point: LonLat {
                    lon: 40.45 + d,
                    lat: 35.1 - d,
                },
                uncertainty_km: 1.0,
                weight: 1.0,
            });
        }
        for i in 0..20 {
            kernels.push(Kernel {
                point: LonLat {
                    lon: 38.0 + i as f64 * 0.3,
                    lat: 33.0 + i as f64 * 0.2,
                },
                uncertainty_km: 1.0,
                weight: 1.0,
            });
        }
        let s = surface(&kernels, 10.0, 5.0).expect("surface");
        let (imax, _) = s
            .density
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .expect("cells");
        let c = s.grid.cell_centre(imax % s.grid.cols, imax / s.grid.cols);
        assert!(
            (c.lon - 40.47).abs() < 0.2 && (c.lat - 35.08).abs() < 0.2,
            "{c:?}"
        );
        assert!(s.gi_z[imax] > 3.0, "{}", s.gi_z[imax]);
    }
}
