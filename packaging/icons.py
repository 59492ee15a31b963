"""Render resources/icons/tessera.svg to the PNG, ICO and ICNS files the installers need.

The outputs are committed (they are small), so a build never needs this script; run it after
changing the SVG: `python packaging/icons.py`. Rendering uses QtSvg, which PySide6-Essentials
ships; ICO and ICNS are written by hand because both formats simply wrap PNG images.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "tessera.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, by pixel size (Apple's documented OSTypes).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def png_name(size: int) -> str:
    return f"tessera-{size}.png"


def render_pngs(svg: Path = SVG, sizes: tuple[int, ...] = PNG_SIZES) -> dict[int, bytes]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # A QApplication (not QGuiApplication): whatever runs next in this process may need widgets.
    _app = QApplication.instance() or QApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        out[size] = bytes(data)
    return out


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO whose entries are PNG streams (supported since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def build_icns(pngs: dict[int, bytes]) -> bytes:
    body = b""
    for size, ostype in sorted(ICNS_TYPES.items()):
        blob = pngs[size]
        body += ostype + struct.pack(">I", 8 + len(blob)) + blob
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    pngs = render_pngs(SVG, tuple(sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES))))
    for size in PNG_SIZES:
        (ICONS / png_name(size)).write_bytes(pngs[size])
    (ICONS / "tessera.ico").write_bytes(build_ico({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "tessera.icns").write_bytes(build_icns(pngs))
    print(f"wrote {len(PNG_SIZES)} PNGs, tessera.ico and tessera.icns to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
