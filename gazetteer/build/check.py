#!/usr/bin/env python3
"""Sanity check of the shipped gazetteer: do the names incident reports use resolve in the intended country?

Usage: python3 gazetteer/build/check.py [-v]      (from the repository root; -v lists every matching row)

A row matches a name when the name equals (case-insensitively) its name, asciiname or one of its alternatenames
("exact"), or else when their normalised keys are equal ("norm": folded, lower case, apostrophes dropped, hyphens
as spaces, one leading Arabic article dropped, spaces removed), or else when looser transliteration keys are equal
("variant": articles dropped anywhere, digraphs simplified, vowels and doubled letters dropped). aliases.tsv entries
count too. The best row is the one of the wanted kind, then the closest match, then the largest population. Exit status 1 if
a name has no match at all.
"""
import os, re, sys, unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
GAZ = os.path.join(ROOT, "gazetteer")
# (name as written in reports, intended country, what is meant: P = populated place, A = admin area, X = anything)
NAMES = [("Idlib", "SY", "P"), ("Ariha", "SY", "P"), ("Deir ez-Zor", "SY", "P"), ("Al-Mayadeen", "SY", "P"),
         ("Albukamal", "SY", "P"), ("Abu Kamal", "SY", "P"), ("Al-Raqqah", "SY", "P"), ("Al-Hasakah", "SY", "P"),
         ("Al-Sukhnah", "SY", "P"), ("Baqubah", "IQ", "P"), ("Khanaqin", "IQ", "P"), ("Baghdad", "IQ", "P"),
         ("Samarra", "IQ", "P"), ("Kirkuk", "IQ", "P"), ("Baiji", "IQ", "P"), ("Al-Rutba", "IQ", "P"),
         ("Fallujah", "IQ", "P"), ("Al-Qaim", "IQ", "P"), ("Sheikh Zuweid", "EG", "P"), ("Bir al-Abd", "EG", "P"),
         ("Maiduguri", "NG", "P"), ("Beni", "CD", "P"), ("Mogadishu", "SO", "P"), ("Kabul", "AF", "P"),
         ("Bagram", "AF", "X"), ("Qifah", "YE", "X"), ("Jalula", "IQ", "P"), ("Diyala", "IQ", "A"),
         ("Salah al-Din", "IQ", "A"), ("Al-Anbar", "IQ", "A"), ("Borno", "NG", "A")]
ARTICLES = {"al", "el", "ar", "as", "ash", "ad", "adh", "az", "an", "at", "ath", "ad", "ed", "es", "et", "en", "er"}


def nkey(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[`'\u2018\u2019\u02bb\u02bc\u02be\u02bf]", "", s)
    toks = [t for t in re.split(r"[^a-z0-9]+", s) if t]
    if len(toks) > 1 and toks[0] in ARTICLES:
        toks = toks[1:]
    return "".join(toks)


def vkey(s):
    """Looser key for transliteration variants (Zuweid/Zuwayd, al-Din/ad Din): articles dropped anywhere, digraphs
    simplified, vowels unified (e/a, o/u/w, y/i), h and repeated letters dropped."""
    k = nkey(re.sub(r"(^|[\s-])(a[dlnrstz]|ash|adh|ath|el|es|ed)[\s-]", " ", s, flags=re.I))
    for a, b in (("kh", "k"), ("gh", "g"), ("sh", "s"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("q", "k"),
                 ("e", "a"), ("o", "u"), ("w", "u"), ("y", "i"), ("h", "")):
        k = k.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", k)


HOW = {"exact": 0, "norm": 1, "variant": 2}


def rank(row, kind, how):
    fcl, fcode, pop = row["feature_class"], row["feature_code"], int(row["population"] or 0)
    if kind == "P":
        k = 0 if fcl == "P" else 1
    elif kind == "A":
        k = {"ADM1": 0, "ADM2": 1}.get(fcode, 2)
    else:
        k = 0
    return (k, HOW[how], -pop)


def main():
    verbose = "-v" in sys.argv
    wanted = {}
    for name, cc, kind in NAMES:
        wanted.setdefault((name.casefold(), cc), []).append(name)
        wanted.setdefault((nkey(name), cc, "n"), []).append(name)
    hits = {name: [] for name, _, _ in NAMES}
    countries = {cc for _, cc, _ in NAMES}
    with open(os.path.join(GAZ, "places.tsv"), encoding="utf-8") as f:
        hdr = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(hdr, line.rstrip("\n").split("\t")))
            names = {r["name"], r["asciiname"], *filter(None, r["alternatenames"].split(","))}
            if r["country_code"] not in countries:
                continue
            exact = {n.casefold() for n in names}
            norm = {nkey(n) for n in names}
            var = {vkey(n) for n in names}
            for name, cc, kind in NAMES:
                if r["country_code"] != cc:
                    continue
                if name.casefold() in exact:
                    hits[name].append(("exact", r))
                elif nkey(name) in norm:
                    hits[name].append(("norm", r))
                elif vkey(name) in var:
                    hits[name].append(("variant", r))
    with open(os.path.join(GAZ, "aliases.tsv"), encoding="utf-8") as f:
        hdr = f.readline().rstrip("\n").split("\t")
        for line in f:
            a = dict(zip(hdr, line.rstrip("\n").split("\t")))
            for name, cc, kind in NAMES:
                how = ("exact" if name.casefold() == a["alias"].casefold() else "norm" if nkey(name) == nkey(a["alias"])
                       else "variant" if vkey(name) == vkey(a["alias"]) else "")
                if cc in a["country_code"].split("|") and how:
                    r = {"geonameid": "alias:" + a["alias"], "name": a["alias"], "country_code": a["country_code"],
                         "latitude": a["lat"], "longitude": a["lon"], "feature_class": "", "feature_code": a["feature_code"],
                         "population": "0", "admin1_code": a["admin1_code"]}
                    hits[name].append((how, r))
    missing = 0
    print(f"{'name':14} {'cc':2} {'how':7} {'n':>3}  best: id | name | lat lon | feature | admin1 | population")
    for name, cc, kind in NAMES:
        hs = sorted(hits[name], key=lambda h: rank(h[1], kind, h[0]))
        if not hs:
            missing += 1
            print(f"{name:14} {cc:2} {'-':7} {0:>3}  NOT FOUND")
            continue
        how, r = hs[0]
        print(f"{name:14} {cc:2} {how:7} {len(hs):>3}  {r['geonameid']} | {r['name']} | {r['latitude']} {r['longitude']} | "
              f"{r['feature_code']} | {r['admin1_code']} | {r['population']}")
        if verbose:
            for how, r in hs[1:]:
                print(f"{'':18}{how:7} {'':3}  {r['geonameid']} | {r['name']} | {r['latitude']} {r['longitude']} | "
                      f"{r['feature_code']} | {r['admin1_code']} | {r['population']}")
    for fn in ("places.tsv", "admin1.tsv", "aliases.tsv"):
        p = os.path.join(GAZ, fn)
        with open(p, encoding="utf-8") as f:
            n = sum(1 for _ in f) - 1
        print(f"{fn}: {n} rows, {os.path.getsize(p):,} bytes")
    print(f"{len(NAMES) - missing}/{len(NAMES)} names found")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
