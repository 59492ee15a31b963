"""Linux installers from the one-folder bundle: a tar.gz and a .deb (dpkg-deb).

The .deb installs the bundle under /opt/tessera, links /usr/bin/tessera to it, and adds the
desktop entry, hicolor icons and AppStream metainfo. User data lives in the user's data folder
(~/.local/share/tessera), never under /opt, so upgrades and removal keep it.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path

APP_ID = "io.github.tessera.Tessera"
INSTALL_DIR = "/opt/tessera"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MAINTAINER = "Tessera developers <tessera@users.noreply.github.com>"

# Libraries every glibc system has: satisfied by libc6 (versioned from the build machine).
GLIBC_SONAMES = {
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "librt.so.1",
    "libresolv.so.2",
    "libutil.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
}
# Libraries PyInstaller leaves to the system (graphics drivers, display servers), with the
# Debian/Ubuntu package that provides each. The build machine may lack some of them.
SYSTEM_PACKAGES = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libxcb.so.1": "libxcb1",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libdrm.so.2": "libdrm2",
    "libgomp.so.1": "libgomp1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
}
# Needed only by optional Qt plugins (the GTK platform theme): suggested, not required.
OPTIONAL_SONAMES = {"libgtk-3.so.0": "libgtk-3-0", "libgdk-3.so.0": "libgtk-3-0"}
# CUDA builds load the driver's libcuda at run time; the driver is the user's to install.
DRIVER_SONAMES = {"libcuda.so.1", "libcuda.so", "libnvidia-ml.so.1"}


def arch_names() -> tuple[str, str]:
    """(archive suffix, Debian architecture) for this machine."""
    machine = platform.machine().lower()
    return {"x86_64": ("x86_64", "amd64"), "amd64": ("x86_64", "amd64")}.get(
        machine, (machine, "arm64" if machine in ("aarch64", "arm64") else machine)
    )


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed_sonames(path: Path) -> list[str]:
    out = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def unresolved_sonames(bundle: Path) -> dict[str, list[str]]:
    """Sonames some bundled ELF file needs that the bundle itself does not contain."""
    present = {p.name for p in bundle.rglob("*")}
    missing: dict[str, list[str]] = {}
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            for soname in needed_sonames(path):
                if soname not in present:
                    missing.setdefault(soname, []).append(str(path.relative_to(bundle)))
    return missing


def deb_dependencies(bundle: Path) -> tuple[list[str], list[str], list[str]]:
    """(Depends, Suggests, sonames nobody provides) computed from the bundle's ELF files."""
    glibc = platform.libc_ver()[1] or "2.31"
    depends = {f"libc6 (>= {glibc})"}
    suggests: set[str] = set()
    unknown = []
    for soname in unresolved_sonames(bundle):
        if soname in GLIBC_SONAMES or soname in DRIVER_SONAMES:
            continue
        if soname in SYSTEM_PACKAGES:
            depends.add(SYSTEM_PACKAGES[soname])
        elif soname in OPTIONAL_SONAMES:
            suggests.add(OPTIONAL_SONAMES[soname])
        else:
            unknown.append(soname)
    return sorted(depends), sorted(suggests), sorted(unknown)


def _tar_filter(mtime: int | None):
    def apply(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        if mtime is not None:
            info.mtime = mtime
        return info

    return apply


def make_tarball(bundle: Path, out_dir: Path, version: str, suffix: str = "") -> Path:
    """dist/tessera-<version>-linux-<arch>[-suffix].tar.gz, unpacking to tessera-<version>/."""
    arch, _ = arch_names()
    name = f"tessera-{version}-linux-{arch}{suffix}"
    out = out_dir / f"{name}.tar.gz"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=name, filter=_tar_filter(int(epoch) if epoch else None))
    return out


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def control_file(
    version: str, arch: str, installed_kb: int, depends: Iterable[str], suggests: Iterable[str]
) -> str:
    lines = [
        "Package: tessera",
        f"Version: {version}",
        "Section: devel",
        "Priority: optional",
        f"Architecture: {arch}",
        f"Maintainer: {MAINTAINER}",
        f"Installed-Size: {installed_kb}",
        f"Depends: {', '.join(depends)}",
    ]
    suggests = list(suggests)
    if suggests:
        lines.append(f"Suggests: {', '.join(suggests)}")
    lines += [
        "Homepage: https://github.com/tessera/tessera",
        "Description: desktop playground for local language models",
        " Tessera finds GGUF models on Hugging Face, runs them through llama.cpp with",
        " GPU offload in a separate process, keeps chats, prompt templates and",
        " experiments in SQLite, and shows the tokens and probabilities behind each",
        " reply. User data stays in ~/.local/share/tessera.",
    ]
    return "\n".join(lines) + "\n"


def stage_deb(bundle: Path, resources: Path, staging: Path, version: str) -> Path:
    """Lay out the package's file tree under `staging` (which is replaced)."""
    if staging.exists():
        shutil.rmtree(staging)
    opt = staging / INSTALL_DIR.lstrip("/")
    shutil.copytree(bundle, opt, symlinks=True)
    usr = staging / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / "tessera").symlink_to(f"{INSTALL_DIR}/tessera")
    share = usr / "share"
    linux = resources / "linux"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(linux / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(linux / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    icons = resources / "icons"
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(icons / f"tessera-{size}.png", target / "tessera.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(icons / "tessera.svg", scalable / "tessera.svg")
    _write(
        share / "doc" / "tessera" / "copyright",
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: tessera\n\nFiles: *\nLicense: MIT\n"
        "Comment: bundles Python, Qt (LGPL-3), llama.cpp (MIT) and the Python packages listed\n"
        f" in {INSTALL_DIR}/_internal/*.dist-info.\n",
    )
    for path in staging.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    return staging


def installed_size_kb(root: Path) -> int:
    total = sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() or p.is_symlink())
    return (total + 1023) // 1024


def make_deb(
    bundle: Path,
    resources: Path,
    out_dir: Path,
    work_dir: Path,
    version: str,
    suffix: str = "",
    compression: str = "xz",
) -> tuple[Path, list[str]]:
    """Build the .deb; returns its path and the sonames no known package provides."""
    if not shutil.which("dpkg-deb"):
        raise RuntimeError("dpkg-deb not found: install the 'dpkg' package to build a .deb")
    _, deb_arch = arch_names()
    staging = stage_deb(bundle, resources, work_dir / "deb-root", version)
    depends, suggests, unknown = deb_dependencies(bundle)
    _write(
        staging / "DEBIAN" / "control",
        control_file(version, deb_arch, installed_size_kb(staging), depends, suggests),
    )
    out = out_dir / f"tessera_{version}{suffix.replace('-', '+')}_{deb_arch}.deb"
    level = ["-z6"] if compression in ("xz", "gzip") else []
    subprocess.run(
        [
            "dpkg-deb",
            "--root-owner-group",
            f"-Z{compression}",
            *level,
            "--build",
            str(staging),
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out, unknown
