//! Theatres: the regional maps a briefing needs, chosen the way a reader
//! thinks of the report. First one per country the incidents lie in (a
//! report section is usually a country; incidents without a country are
//! grouped by their report section), where a country with too few incidents
//! for a map of its own joins the nearest theatre within [`MERGE_KM`]; then
//! the dense clusters that are much smaller than their country's map, as
//! close-ups. At most `max` maps: the largest theatres first, close-ups after.
//!
//! # Units
//! Distances in great-circle km; extents in degrees.

use crate::dataset::{Dataset, Row};
use crate::geodesy::distance_km;
use crate::model::{Extent, LonLat};

/// A country with fewer incidents than a map needs joins the nearest theatre this close (km).
pub const MERGE_KM: f64 = 300.0;
/// A theatre map needs at least this many located incidents.
pub const MIN_INCIDENTS: usize = 3;
/// A cluster gets a close-up when its span is under this share of its theatre's span.
pub const CLOSE_UP_SHARE: f64 = 0.35;
/// Frame margin: a share of the incidents' span on each side.
pub const MARGIN: f64 = 0.08;
/// Smallest span of a theatre frame, degrees (~110 km).
pub const MIN_SPAN_DEG: f64 = 1.0;
/// Smallest span of a close-up frame, degrees (~55 km).
pub const MIN_CLOSE_UP_DEG: f64 = 0.5;

#[derive(Debug, Clone, PartialEq)]
pub enum TheatreKind {
    /// A country (or several close ones) or a report section without a country.
    Region,
    /// A dense cluster inside a region theatre (the index of its parent in the list).
    CloseUp { parent: usize },
}

#[derive(Debug, Clone)]
pub struct Theatre {
    pub title: String,
    /// Indices into the rows (located rows only).
    pub members: Vec<usize>,
    pub extent: Extent,
    pub kind: TheatreKind,
}

/// A cluster as theatres need it: a label and its member rows.
pub struct ClusterRef<'a> {
    pub label: &'a str,
    pub members: &'a [usize],
}

/// The theatre maps of `rows`. `country_name` names an ISO code (None: the
/// code is shown). Deterministic: ties are broken by report order.
pub fn theatres(
    data: &Dataset,
    clusters: &[ClusterRef],
    country_name: &dyn Fn(&str) -> Option<String>,
    max: usize,
) -> Vec<Theatre> {
    let rows = &data.rows[..];
    let located: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].point.is_some())
        .collect();
    if located.is_empty() || max == 0 {
        return Vec::new();
    }
    let groups = merge_small(group_by_region(data, &located), rows);
    let mut regions: Vec<Theatre> = groups
        .into_iter()
        .filter(|g| g.members.len() >= MIN_INCIDENTS)
        // A theatre holding every incident is the overview again.
        .filter(|g| g.members.len() < located.len())
        .filter_map(|g| {
            let extent = frame(rows, &g.members, MARGIN, MIN_SPAN_DEG)?;
            Some(Theatre {
                title: region_title(data, &g, country_name),
                members: g.members,
                extent,
                kind: TheatreKind::Region,
            })
        })
        .collect();
    // The largest regions first when not all fit; report order otherwise.
    let mut by_size: Vec<usize> = (0..regions.len()).collect();
    by_size.sort_by_key(|&i| (std::cmp::Reverse(regions[i].members.len()), i));
    by_size.truncate(max);
    by_size.sort_unstable();
    regions = by_size.into_iter().map(|i| regions[i].clone()).collect();
    let mut close_ups: Vec<(usize, Theatre)> = Vec::new();
    for c in clusters {
        if regions.len() + close_ups.len() >= max {
            break;
        }
        let members: Vec<usize> = c
            .members
            .iter()
            .copied()
            .filter(|&i| rows.get(i).is_some_and(|r| r.point.is_some()))
            .collect();
        if members.len() < MIN_INCIDENTS {
            continue;
        }
        // Its parent: the region holding most of its members.
        let Some((parent, _)) = regions
            .iter()
            .enumerate()
            .map(|(k, t)| (k, members.iter().filter(|m| t.members.contains(m)).count()))
            .filter(|(_, n)| *n > 0)
            .max_by_key(|(k, n)| (*n, std::cmp::Reverse(*k)))
        else {
            continue;
        };
        let Some(extent) = frame(rows, &members, 0.3, MIN_CLOSE_UP_DEG) else {
            continue;
        };
        if span_km(&extent) >= CLOSE_UP_SHARE * span_km(&regions[parent].extent) {
            continue;
        }
        let title = format!("{}: {}", regions[parent].title, c.label);
        close_ups.push((
            parent,
            Theatre {
                title,
                members,
                extent,
                kind: TheatreKind::CloseUp { parent },
            },
        ));
    }
    // Each close-up right after its region.
    let mut out: Vec<Theatre> = Vec::new();
    for (k, r) in regions.into_iter().enumerate() {
        out.push(r);
        let at = out.len() - 1;
        for (_, mut c) in close_ups.iter().filter(|(p, _)| *p == k).cloned() {
            c.kind = TheatreKind::CloseUp { parent: at };
            out.push(c);
        }
    }
    out
}

/// Incidents grouped by country (else by report section), in report order.
struct Group {
    countries: Vec<(String, usize)>,
    section: String,
    members: Vec<usize>,
}

fn group_by_region(data: &Dataset, located: &[usize]) -> Vec<Group> {
    let rows = &data.rows;
    let section_of = |r: &Row| data.str(r.section).to_owned();
    let mut groups: Vec<Group> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for &i in located {
        let r = &rows[i];
        let key = match r.country_str() {
            Some(c) if !c.is_empty() => format!("country:{c}"),
            _ => format!("section:{}", section_of(r)),
        };
        let k = match keys.iter().position(|x| *x == key) {
            Some(k) => k,
            None => {
                keys.push(key);
                groups.push(Group {
                    countries: r
                        .country_str()
                        .iter()
                        .filter(|c| !c.is_empty())
                        .map(|c| (c.to_string(), 0))
                        .collect(),
                    section: section_of(r),
                    members: Vec::new(),
                });
                groups.len() - 1
            }
        };
        groups[k].members.push(i);
        if let Some(c) = groups[k].countries.first_mut() {
            c.1 += 1;
        }
    }
    groups
}

/// Groups too small for a map join the nearest group within MERGE_KM (smallest first).
fn merge_small(mut groups: Vec<Group>, rows: &[Row]) -> Vec<Group> {
    loop {
        let mut small: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].members.len() < MIN_INCIDENTS)
            .collect();
        small.sort_by_key(|&g| (groups[g].members.len(), g));
        let mut merged = false;
        for g in small {
            let nearest = (0..groups.len())
                .filter(|&h| h != g)
                .map(|h| (h, group_distance_km(rows, &groups[g], &groups[h])))
                .filter(|(_, d)| *d <= MERGE_KM)
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            if let Some((h, _)) = nearest {
                let from = groups.remove(g);
                let h = if h > g { h - 1 } else { h };
                let into = &mut groups[h];
                into.members.extend(from.members);
                into.members.sort_unstable();
                for (c, n) in from.countries {
                    match into.countries.iter_mut().find(|x| x.0 == c) {
                        Some(x) => x.1 += n,
                        None => into.countries.push((c, n)),
                    }
                }
                merged = true;
                break;
            }
        }
        if !merged {
            break;
        }
    }
    // Report order: by each group's first incident.
    groups.sort_by_key(|g| g.members.first().copied().unwrap_or(usize::MAX));
    groups
}

fn group_distance_km(rows: &[Row], a: &Group, b: &Group) -> f64 {
    let mut best = f64::INFINITY;
    for &i in &a.members {
        for &j in &b.members {
            if let (Some(p), Some(q)) = (rows[i].point, rows[j].point) {
                best = best.min(distance_km(p, q));
            }
        }
    }
    best
}

/// "Syria", "Egypt: North Sinai" (all incidents in one province), "Nigeria and Chad".
fn region_title(
    data: &Dataset,
    g: &Group,
    country_name: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut countries = g.countries.clone();
    countries.sort_by_key(|(c, n)| (std::cmp::Reverse(*n), c.clone()));
    let names: Vec<String> = countries
        .iter()
        .map(|(c, _)| country_name(c).unwrap_or_else(|| c.clone()))
        .collect();
    let base = match names.as_slice() {
        [] if g.section.is_empty() => "Incidents".to_owned(),
        [] => g.section.clone(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    if names.len() != 1 {
        return base;
    }
    let admin1: Vec<&str> = g
        .members
        .iter()
        .map(|&i| data.str(data.rows[i].admin1))
        .filter(|a| !a.is_empty())
        .collect();
    match admin1.first() {
        Some(a)
            if !a.is_empty()
                && admin1.len() == g.members.len()
                && admin1.iter().all(|x| x == a) =>
        {
            format!("{base}: {a}")
        }
        _ => base,
    }
}

fn frame(rows: &[Row], members: &[usize], margin: f64, min_span: f64) -> Option<Extent> {
    Extent::around(
        members.iter().filter_map(|&i| rows[i].point),
        margin,
        min_span,
    )
}

/// The larger side of an extent, km.
fn span_km(e: &Extent) -> f64 {
    let mid = (e.south + e.north) / 2.0;
    let w = distance_km(
        LonLat {
            lon: e.west,
            lat: mid,
        },
        LonLat {
            lon: e.east,
            lat: mid,
        },
    );
    let h = distance_km(
        LonLat {
            lon: e.west,
            lat: e.south,
        },
        LonLat {
            lon: e.west,
            lat: e.north,
        },
    );
    w.max(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(d: &mut Dataset, lon: f64, lat: f64, country: &str, admin1: &str) {
        let mut r = Row::new(LonLat::new(lon, lat));
        r.country = crate::dataset::Country::new(country);
        r.admin1 = d.strings.intern(admin1);
        r.section = d.strings.intern("Section");
        let id = format!("r{}", d.len());
        d.push(&id, r);
    }

    fn name(c: &str) -> Option<String> {
        Some(
            match c {
                "AA" => "Aland",
                "BB" => "Bogland",
                "CC" => "Coastia",
                _ => return None,
            }
            .into(),
        )
    }

    #[test]
    fn one_theatre_per_country_small_ones_join_a_neighbour() {
        let mut rows = Dataset::default();
        // Aland: four incidents in two provinces; Bogland: two, 100 km away; Coastia: one, far.
        for (lon, lat, a) in [
            (10.0, 10.0, "P1"),
            (10.5, 10.2, "P1"),
            (11.0, 10.0, "P2"),
            (10.2, 10.8, "P2"),
        ] {
            row(&mut rows, lon, lat, "AA", a);
        }
        row(&mut rows, 11.9, 10.0, "BB", "Q");
        row(&mut rows, 12.0, 10.1, "BB", "Q");
        row(&mut rows, 40.0, -5.0, "CC", "R");
        for (lon, lat) in [(40.0, -5.0), (40.1, -5.0), (40.0, -5.1)] {
            row(&mut rows, lon, lat, "CC", "R");
        }
        let t = theatres(&rows, &[], &name, 8);
        let titles: Vec<&str> = t.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Aland and Bogland", "Coastia: R"]);
        assert_eq!(t[0].members, [0, 1, 2, 3, 4, 5]);
        for th in &t {
            for &m in &th.members {
                assert!(th.extent.contains(rows.rows[m].point.expect("located")));
            }
        }
    }

    #[test]
    fn dense_clusters_get_a_close_up_after_their_region_and_the_cap_holds() {
        let mut rows = Dataset::default();
        for k in 0..5 {
            row(&mut rows, 30.0 + 0.01 * k as f64, 5.0, "AA", "P");
        }
        row(&mut rows, 34.0, 8.0, "AA", "P2");
        for k in 0..3 {
            row(&mut rows, 50.0 + 0.01 * k as f64, 20.0, "BB", "Q");
        }
        let members: Vec<usize> = (0..5).collect();
        let clusters = [ClusterRef {
            label: "Town area",
            members: &members,
        }];
        let t = theatres(&rows, &clusters, &name, 8);
        let titles: Vec<&str> = t.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Aland", "Aland: Town area", "Bogland: Q"]);
        assert_eq!(t[1].kind, TheatreKind::CloseUp { parent: 0 });
        // A cap of 1 keeps the largest region only.
        let t = theatres(&rows, &clusters, &name, 1);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].title, "Aland");
    }

    #[test]
    fn a_single_region_holding_everything_is_left_to_the_overview() {
        let mut rows = Dataset::default();
        for k in 0..4 {
            row(&mut rows, 10.0 + k as f64, 10.0, "AA", "P");
        }
        assert!(theatres(&rows, &[], &name, 8).is_empty());
    }
}
