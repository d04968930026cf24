"""Renders an SVG with Qt's SVG renderer (the one QGIS uses for SVG) into a
PNG of the SVG's own size. usage: render_svg.py IN.svg OUT.png"""
import sys

from PyQt5.QtCore import QSize
from PyQt5.QtGui import QColor, QGuiApplication, QImage, QPainter
from PyQt5.QtSvg import QSvgRenderer

app = QGuiApplication(sys.argv[:1])
renderer = QSvgRenderer(sys.argv[1])
if not renderer.isValid():
    sys.exit(f"Qt cannot read {sys.argv[1]}")
size = renderer.defaultSize()
image = QImage(size, QImage.Format_RGB32)
image.fill(QColor("white"))
painter = QPainter(image)
renderer.render(painter)
painter.end()
if not image.save(sys.argv[2]):
    sys.exit(f"cannot write {sys.argv[2]}")
print(f"{size.width()}x{size.height()}")
