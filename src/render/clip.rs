//! Clipping in pixel space. plotters does not clip to a drawing area, so
//! anything drawn into a small box (the locator inset) is clipped here first.

use super::style::PxBox;

/// A closed ring clipped to a box (Sutherland–Hodgman: exact for a convex
/// clip region such as a rectangle). The result may run along the box edge;
/// it is empty when the ring lies outside.
pub fn clip_ring(ring: &[(f64, f64)], b: PxBox) -> Vec<(i32, i32)> {
    let (l, t, r, btm) = (b.0 as f64, b.1 as f64, b.2 as f64, b.3 as f64);
    type Inside = fn(&(f64, f64), f64) -> bool;
    type Cross = fn(&(f64, f64), &(f64, f64), f64) -> (f64, f64);
    let at_x = |p: &(f64, f64), q: &(f64, f64), x: f64| {
        let f = (x - p.0) / (q.0 - p.0);
        (x, p.1 + f * (q.1 - p.1))
    };
    let at_y = |p: &(f64, f64), q: &(f64, f64), y: f64| {
        let f = (y - p.1) / (q.1 - p.1);
        (p.0 + f * (q.0 - p.0), y)
    };
    let edges: [(Inside, Cross, f64); 4] = [
        (|p, v| p.0 >= v, at_x, l),
        (|p, v| p.0 <= v, at_x, r),
        (|p, v| p.1 >= v, at_y, t),
        (|p, v| p.1 <= v, at_y, btm),
    ];
    let mut pts: Vec<(f64, f64)> = ring.to_vec();
    for (inside, cross, v) in edges {
        if pts.is_empty() {
            break;
        }
        let input = std::mem::take(&mut pts);
        let mut prev = *input.last().expect("non-empty");
        for cur in input {
            match (inside(&cur, v), inside(&prev, v)) {
                (true, true) => pts.push(cur),
                (true, false) => {
                    pts.push(cross(&prev, &cur, v));
                    pts.push(cur);
                }
                (false, true) => pts.push(cross(&prev, &cur, v)),
                (false, false) => {}
            }
            prev = cur;
        }
    }
    let mut out: Vec<(i32, i32)> = pts
        .iter()
        .map(|p| (p.0.round() as i32, p.1.round() as i32))
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_across_the_corner_keeps_the_inside_quarter() {
        let ring = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
        let mut got = clip_ring(&ring, (0, 0, 100, 100));
        got.sort_unstable();
        assert_eq!(got, [(0, 0), (0, 10), (10, 0), (10, 10)]);
    }

    #[test]
    fn inside_rings_are_unchanged_and_outside_rings_vanish() {
        let ring = [(20.0, 20.0), (40.0, 20.0), (30.0, 40.0)];
        assert_eq!(
            clip_ring(&ring, (0, 0, 100, 100)),
            [(20, 20), (40, 20), (30, 40)]
        );
        assert!(clip_ring(&ring, (50, 50, 100, 100)).is_empty());
    }
}
