"""Windows: the exe's version resource and the Inno Setup installer (packaging/windows/tessera.iss)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ISS = Path(__file__).resolve().parent / "windows" / "tessera.iss"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' or '1.2.3rc1' -> (0, 1, 0, 0): Windows wants four small integers."""
    parts = []
    for piece in version.split(".")[:4]:
        match = re.match(r"\d+", piece)  # "3rc4" -> 3: pre-release tags are not numbers
        parts.append(min(int(match.group()) if match else 0, 65535))
    while len(parts) < 4:
        parts.append(0)
    return tuple(parts)  # type: ignore[return-value]


def version_info_text(version: str) -> str:
    """A PyInstaller version file (a VSVersionInfo expression) for tessera.exe."""
    v = version_tuple(version)
    strings = {
        "CompanyName": "Tessera",
        "FileDescription": "Tessera: a desktop playground for local LLMs",
        "FileVersion": version,
        "InternalName": "tessera",
        "LegalCopyright": "MIT License",
        "OriginalFilename": "tessera.exe",
        "ProductName": "Tessera",
        "ProductVersion": version,
    }
    entries = ",\n".join(f"        StringStruct({k!r}, {val!r})" for k, val in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
{entries}
    ])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base:
            candidate = Path(base) / "Inno Setup 6" / "ISCC.exe"
            if candidate.is_file():
                return str(candidate)
    return None


def make_installer(bundle: Path, out_dir: Path, version: str, suffix: str = "") -> Path:
    iscc = find_iscc()
    if iscc is None:
        raise RuntimeError(
            "Inno Setup 6 (ISCC.exe) not found: install it (choco install innosetup) or put "
            "it on PATH"
        )
    base = f"tessera-{version}-windows-x86_64{suffix}-setup"
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DSourceDir={bundle}",
            f"/DOutputDir={out_dir}",
            f"/DOutputBase={base}",
            str(ISS),
        ],
        check=True,
    )
    return out_dir / f"{base}.exe"
