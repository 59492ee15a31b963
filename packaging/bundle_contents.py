"""What goes into the PyInstaller bundle: module excludes and file filters used by tessera.spec.

Kept out of the spec so the rules can be tested without running PyInstaller. This folder has no
__init__.py on purpose: a `packaging` package would shadow the `packaging` library that pip,
setuptools and PyInstaller import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

# Qt modules Tessera does not use. PyInstaller collects a Qt module (and its plugins, QML
# files, translations) only when something imports it; excluding these keeps a stray import
# from pulling in hundreds of MB (WebEngine alone is ~200 MB).
QT_UNUSED_MODULES = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLabsStyleKit",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
QT_EXCLUDES = [f"PySide6.{name}" for name in QT_UNUSED_MODULES]
# Python packages in the build environment that the app never imports at run time.
PY_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "mypy",
    "mypyc",
    "PyInstaller",
    "pip",
    "setuptools",
    "pkg_resources",
    "IPython",
    "matplotlib",
    "hf_xet",  # huggingface_hub's Xet transfer backend: Tessera downloads over plain HTTP
    "llama_cpp.server",  # llama-cpp-python's optional HTTP server (FastAPI)
    "desktop.core.store.migrations",  # loaded by Alembic from files, collected as data below
]


def not_excluded(name: str) -> bool:
    return not any(name == ex or name.startswith(ex + ".") for ex in PY_EXCLUDES)


def tree(source: Path, dest: str, skip=("__pycache__",), skip_files=("__init__.py",)):
    """(file, folder) pairs for every file under `source`, placed under `dest` in the bundle."""
    pairs = []
    for path in sorted(source.rglob("*")):
        if not path.is_file() or any(part in skip for part in path.parts):
            continue
        if path.name in skip_files or path.suffix == ".pyc":
            continue
        pairs.append((str(path), str(Path(dest) / path.relative_to(source).parent)))
    return pairs


def llama_library_files(lib: Path) -> list[tuple[str, str]]:
    """llama.cpp's shared libraries: loaded through ctypes, so PyInstaller cannot find them.

    Wheels store each library three times (libX.so, libX.so.0, libX.so.0.25.3) as copies;
    ctypes opens libX.so and the dynamic linker asks for the SONAME (libX.so.0), so the fully
    versioned copy is dead weight. Windows and macOS names (X.dll, libX.dylib) are kept.
    """
    found = []
    for path in sorted(lib.iterdir()) if lib.is_dir() else []:
        if not path.is_file() or re.search(r"\.so\.\d+\.\d+", path.name):
            continue
        if path.suffix in (".so", ".dll", ".dylib", ".metal") or re.search(
            r"\.so\.\d+$", path.name
        ):
            found.append((str(path), "llama_cpp/lib"))
    return found


# Qt plugins for embedded/kiosk platforms and features Tessera does not have.
UNUSED_QT = re.compile(
    r"plugins/(qmltooling|sqldrivers|designer|printsupport|tls|networkinformation"
    r"|egldeviceintegrations|generic)/"
    r"|plugins/platforms/lib(qeglfs|qlinuxfb|qminimalegl|qvnc|qvkkhrdisplay)\."
    r"|plugins/imageformats/(lib)?q(tiff|tga|wbmp)"
    r"|plugins/wayland-graphics-integration-client/lib\w+-server\."
    r"|libQt6EglFs|libQt6EglFSDeviceIntegration"
)


def tessera_languages(root: Path) -> set[str]:
    """Languages Tessera's own UI is translated into: Qt's strings follow them, no others,
    so a dialog never mixes two languages (and ~6 MB of unused catalogues stay out)."""
    found = {"zh_CN"}
    for path in (root / "resources" / "translations").glob("tessera_*.[qt][ms]"):
        found.add(path.stem.split("_", 1)[1])
    return found


QT_CATALOG = re.compile(r"translations/(qt|qtbase)_([a-zA-Z_]+)\.qm$")


def keep_entry(dest: str, languages: Iterable[str]) -> bool:
    """Whether a bundle entry (its destination path) stays: unused Qt plugins and Qt
    catalogues for languages Tessera is not translated into are dropped."""
    dest = dest.replace("\\", "/")
    if UNUSED_QT.search(dest):
        return False
    if "PySide6/Qt/translations/" in dest:
        match = QT_CATALOG.search(dest)
        return bool(match) and match.group(2) in set(languages)
    return True
