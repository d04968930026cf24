#!/usr/bin/python3
"""Loads every layer incimap wrote with QGIS itself (PyQGIS, headless) and
renders the incidents layer.

usage: check_layers.py OUTPUT_DIR W,S,E,N WIDTHxHEIGHT ID[,ID...]
Prints JSON: per layer validity, feature count, geometry type and field types;
for each requested incident id, the pixel where QGIS draws it and whether the
marker colour is there, plus the map units per pixel and visible extent.
"""
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsVectorLayer, QgsMapSettings, QgsMapRendererSequentialJob,
                       QgsRectangle, QgsMarkerSymbol, QgsSingleSymbolRenderer, QgsCoordinateReferenceSystem)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

out_dir, extent, size, ids = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
app = QgsApplication([], False)
app.initQgis()
layers = {
    "incidents.geojson": "incidents.geojson",
    "incidents.csv": "incidents.csv|option:X_POSSIBLE_NAMES=lon|option:Y_POSSIBLE_NAMES=lat|option:KEEP_GEOM_COLUMNS=NO",
    "unresolved.csv": "unresolved.csv",
    "clusters.geojson": "clusters.geojson",
    "clusters_hulls.geojson": "clusters_hulls.geojson",
    "footprints.geojson": "footprints.geojson",
    "hotspots.geojson": "hotspots.geojson",
}
report = {"layers": {}}
loaded = {}
for name, uri in layers.items():
    lyr = QgsVectorLayer(os.path.join(out_dir, uri), name, "ogr")
    loaded[name] = lyr
    report["layers"][name] = {
        "valid": lyr.isValid(),
        "count": lyr.featureCount(),
        "geometry": int(lyr.wkbType()),
        "fields": {f.name(): f.typeName() for f in lyr.fields()},
    }
lyr = loaded["incidents.geojson"]
sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": "255,0,0", "outline_style": "no", "size": "3"})
lyr.setRenderer(QgsSingleSymbolRenderer(sym))
w, s, e, n = [float(x) for x in extent.split(",")]
width, height = [int(x) for x in size.lower().split("x")]
ms = QgsMapSettings()
ms.setLayers([lyr])
ms.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
ms.setOutputSize(QSize(width, height))
ms.setExtent(QgsRectangle(w, s, e, n))
ms.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererSequentialJob(ms)
job.start()
job.waitForFinished()
img = job.renderedImage()
m2p = ms.mapToPixel()
points = {}
for f in lyr.getFeatures():
    if f["id"] in ids and f.hasGeometry():
        p = f.geometry().asPoint()
        px = m2p.transform(p.x(), p.y())
        x, y = int(round(px.x())), int(round(px.y()))
        c = QColor(img.pixel(x, y))
        points[f["id"]] = {"lon": p.x(), "lat": p.y(), "px": [x, y], "rgb": [c.red(), c.green(), c.blue()],
                           "marker": c.red() > 200 and c.green() < 60 and c.blue() < 60}
vis = ms.visibleExtent()
report["render"] = {"points": points, "map_units_per_pixel": ms.mapUnitsPerPixel(),
                    "visible_extent": [vis.xMinimum(), vis.yMinimum(), vis.xMaximum(), vis.yMaximum()]}
print(json.dumps(report))
sys.stdout.flush()
# QGIS can crash while tearing down in headless mode; the report is complete.
os._exit(0)
