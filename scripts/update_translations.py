"""Regenerate resources/translations/tessera_*.ts from desktop/**/*.py (pyside6-lupdate) and compile each .qm (pyside6-lrelease): `.venv/bin/python scripts/update_translations.py`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
MARKERS = ("tr(", "translate(", "QT_TRANSLATE_NOOP(")
# English is the source language: its file only gives "%n token(s)" its two real forms.
PLURAL_ONLY = {"en"}


def qt_tool(name: str) -> str:
    """The venv's pyside6 tool next to this interpreter (works without activating the venv)."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"{name} not found next to {sys.executable}; is PySide6 installed there?")


def translatable_sources(root: Path = ROOT) -> list[str]:
    """Every desktop/**/*.py that calls tr() or translate(), relative to root, sorted."""
    found = []
    for path in sorted((root / "desktop").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if any(marker in text for marker in MARKERS):
            found.append(path.relative_to(root).as_posix())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--locale",
        action="append",
        help="only this locale (e.g. zh_CN); default: every tessera_*.ts already there",
    )
    args = parser.parse_args(argv)
    locales = args.locale or sorted(
        p.stem.removeprefix("tessera_") for p in TRANSLATIONS.glob("tessera_*.ts")
    )
    if not locales:
        print(f"no tessera_*.ts in {TRANSLATIONS}; pass --locale", file=sys.stderr)
        return 2
    sources = translatable_sources()
    lupdate, lrelease = qt_tool("pyside6-lupdate"), qt_tool("pyside6-lrelease")
    for locale in locales:
        # Relative paths keep this machine's folders out of the .ts and of the tools' output.
        ts = (TRANSLATIONS / f"tessera_{locale}.ts").relative_to(ROOT)
        qm = ts.with_suffix(".qm")
        options = ["-no-obsolete", "-locations", "absolute"]
        if locale in PLURAL_ONLY:
            options.append("-pluralonly")
        subprocess.run([lupdate, *options, *sources, "-ts", str(ts)], cwd=ROOT, check=True)
        subprocess.run([lrelease, str(ts), "-qm", str(qm)], cwd=ROOT, check=True)
    print(f"{len(sources)} source files -> {', '.join(locales)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
