#!/usr/bin/env python3
"""Widens make_synthetic.py's points into incidents files with every column of
incimap's output contract (README "Output contract"), so the CLI benchmarks
read rows as heavy as the ones `incimap map` writes (about 550 bytes a row).

Usage:
    make_contract.py POINTS.csv OUT.csv

POINTS.csv is make_synthetic.py's `id,lon,lat,date,kind`. Every other field is
made up but plausible and deterministic (same input -> byte-identical output):
an offset phrase from a made-up anchor 2-9 km away, counts, a context, a
sentence of text. No third-party text is used. The GeoJSON twin is written by
incimap itself (`incimap query OUT.csv --format geojson`), see bench/cli.sh.
"""

import csv
import math
import sys

COLUMNS = [
    "id", "date", "date_precision", "kind", "actor", "target", "killed", "wounded",
    "casualties_text", "country", "admin1", "location_text", "location_kind", "anchor",
    "anchor_id", "anchor_lon", "anchor_lat", "anchor_source", "distance_km", "bearing_deg",
    "uncertainty_km", "acled_geo_precision", "ucdp_where_prec", "gtd_specificity", "method",
    "unresolved_reason", "alternatives", "context", "source_file", "source_line", "text",
    "sources", "coded_lon", "coded_lat", "coded_precision", "also_reported_as", "lon", "lat",
]
# (code, lon, lat): the nearest of these names a point's country.
COUNTRIES = [
    ("SY", 38.5, 35.0), ("IQ", 43.5, 33.5), ("YE", 47.5, 15.5), ("SA", 45.0, 24.0),
    ("ML", -2.0, 17.0), ("BF", -1.5, 12.3), ("NE", 9.0, 16.0), ("NG", 11.0, 11.0),
    ("TD", 18.0, 13.0), ("AF", 66.0, 34.0), ("PK", 70.0, 30.0), ("IR", 54.0, 32.0),
    ("EG", 30.0, 26.0), ("LY", 17.0, 27.0), ("SD", 30.0, 15.0), ("ET", 40.0, 9.0),
    ("SO", 46.0, 5.0), ("OM", 57.0, 21.0), ("DZ", 3.0, 28.0), ("TM", 59.0, 39.0),
]
ACTORS = ["Gunmen", "Security forces", "Militants", "An armed group", "Unknown assailants", ""]
TARGETS = ["a checkpoint", "a patrol", "a convoy", "villagers", "a police station", ""]
BEARINGS = [("north", 0.0), ("east", 90.0), ("south", 180.0), ("west", 270.0),
            ("northeast", 45.0), ("southwest", 225.0)]


def country(lon, lat):
    return min(COUNTRIES, key=lambda c: (c[1] - lon) ** 2 + (c[2] - lat) ** 2)[0]


def fmt(x):
    # As incimap writes numbers: shortest round-trip, a whole number with ".0".
    return repr(round(x, 6))


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src, newline="") as f, open(out, "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(COLUMNS)
        for row in csv.DictReader(f):
            i = int(row["id"])
            lon, lat = float(row["lon"]), float(row["lat"])
            word, bearing = BEARINGS[i % len(BEARINGS)]
            dist = 2 + i % 8
            # The anchor: `dist` km from the point, opposite the bearing.
            back = math.radians(bearing + 180.0)
            alat = lat + dist / 111.2 * math.cos(back)
            alon = lon + dist / (111.2 * max(math.cos(math.radians(lat)), 0.05)) * math.sin(back)
            alon = max(-180.0, min(180.0, alon))
            alat = max(-90.0, min(90.0, alat))
            town = f"Town {i % 5003}"
            killed = i % 4 if i % 3 else ""
            wounded = (i // 3) % 5 if i % 5 else ""
            actor, target = ACTORS[i % len(ACTORS)], TARGETS[(i // 7) % len(TARGETS)]
            phrase = f"about {dist} km {word} of {town}"
            text = (
                f"On {row['date']}, {(actor or 'an unidentified group').lower()} carried out "
                f"an attack ({row['kind'].replace('_', ' ')}) against {target or 'a position'} "
                f"{phrase}, in Province {i % 97}. Local sources said the area had seen "
                f"several similar incidents in recent weeks (Synthetic Wire, {row['date']})."
            )
            w.writerow([
                f"synthetic-{i}", row["date"], "day", row["kind"], actor, target, killed, wounded,
                f"{killed} killed" if killed != "" else "", country(lon, lat),
                f"Province {i % 97}", phrase, "offset", town, str(900000 + i % 5003),
                fmt(alon), fmt(alat), "geonames", fmt(float(dist)), fmt(bearing), fmt(dist * 0.25 + 2),
                2, 2, 3, "offset", "", "", f"Region {i % 11} > Week {i % 52}",
                "bench/synthetic.txt", i, text, f"Synthetic Wire, {row['date']}",
                "", "", "", "", row["lon"], row["lat"],
            ])


if __name__ == "__main__":
    main()
