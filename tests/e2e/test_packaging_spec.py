"""Packaging, fast checks: what goes into the bundle, the .deb and tar.gz layout, the desktop
entry, icons, the Windows and macOS scripts, and the CI workflow.

The bundle build itself runs in .ci/package, not here: it executes tessera.spec with
PyInstaller, runs the bundle's --self-test (migrations, a model loaded and generating in the
spawned engine process, which needs entry.py's freeze_support before the CLI parser, offline
tiktoken, the window) and the .deb's launcher. So no test here reads the spec's text: the
spec's rules are tested through bundle_contents.py, the build's gates through build.py."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import shutil
import struct
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "resources"
APP_ID = "io.github.tessera.Tessera"


def load(name: str):
    """A module from packaging/ (a folder of scripts, deliberately not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"tessera_packaging_{name}", PACKAGING / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(PACKAGING))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(PACKAGING))
    return module


def test_packaging_folder_does_not_shadow_the_packaging_library() -> None:
    assert not (PACKAGING / "__init__.py").exists()
    result = subprocess.run(
        [sys.executable, "-c", "import packaging.version, sys; print(packaging.version.__file__)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages" in result.stdout


def test_the_bundles_entry_point_runs_the_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "entry.py"), "--data-dir", str(tmp_path), "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"Tessera {__version__}" in result.stdout


def _fake_bundle(dist: Path, self_test_exit: int) -> None:
    bundle = dist / "tessera"
    bundle.mkdir(parents=True)
    exe = bundle / "tessera"
    exe.write_text(f"#!/bin/sh\necho self-test ran: $*\nexit {self_test_exit}\n")
    exe.chmod(0o755)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a shell-script bundle")
def test_a_bundle_whose_self_test_fails_gets_no_installers(tmp_path: Path) -> None:
    build = [sys.executable, str(PACKAGING / "build.py"), "--reuse-bundle"]
    failing = tmp_path / "failing"
    _fake_bundle(failing, 1)
    result = subprocess.run(
        [*build, "--dist", str(failing), "--work", str(tmp_path / "w1")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "self-test ran: --self-test" in result.stdout
    assert "no installers were made" in result.stdout
    assert sorted(p.name for p in failing.iterdir()) == ["tessera"]
    passing = tmp_path / "passing"
    _fake_bundle(passing, 0)
    result = subprocess.run(
        [*build, "--no-installers", "--dist", str(passing), "--work", str(tmp_path / "w2")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test ran: --self-test" in result.stdout


def test_unused_qt_modules_and_dev_tools_are_excluded() -> None:
    contents = load("bundle_contents")
    for module in ("QtWebEngineCore", "QtQml", "QtQuick", "Qt3DCore", "QtMultimedia", "QtPdf"):
        assert f"PySide6.{module}" in contents.QT_EXCLUDES
    for used in ("QtCore", "QtGui", "QtWidgets", "QtSvg"):
        assert f"PySide6.{used}" not in contents.QT_EXCLUDES
    assert not contents.not_excluded("pytest")
    assert not contents.not_excluded("desktop.core.store.migrations.env")
    assert contents.not_excluded("desktop.core.store.db")


def test_llama_libraries_are_collected_once_each(tmp_path: Path) -> None:
    contents = load("bundle_contents")
    lib = tmp_path / "lib"
    lib.mkdir()
    names = [
        "libllama.so",
        "libllama.so.0",
        "libllama.so.0.5.0",
        "libggml-cpu.so",
        "libggml-cpu.so.0",
        "libggml-cpu.so.0.25.3",
        "ggml-cuda.dll",
        "libggml-metal.dylib",
        "README.txt",
    ]
    for name in names:
        (lib / name).write_bytes(b"x")
    picked = sorted(Path(src).name for src, dest in contents.llama_library_files(lib))
    assert picked == [
        "ggml-cuda.dll",
        "libggml-cpu.so",
        "libggml-cpu.so.0",
        "libggml-metal.dylib",
        "libllama.so",
        "libllama.so.0",
    ]
    assert {dest for _, dest in contents.llama_library_files(lib)} == {"llama_cpp/lib"}


def test_the_installed_llama_cpp_has_libraries_to_collect() -> None:
    import llama_cpp

    contents = load("bundle_contents")
    lib = Path(llama_cpp.__file__).resolve().parent / "lib"
    picked = {Path(src).name for src, _ in contents.llama_library_files(lib)}
    assert any(name.startswith(("libllama.", "llama.")) for name in picked), picked


def test_qt_plugins_and_catalogues_kept_and_dropped() -> None:
    contents = load("bundle_contents")
    langs = contents.tessera_languages(ROOT)
    assert "zh_CN" in langs
    kept = [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "llama_cpp/lib/libllama.so",
    ]
    dropped = [
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qtwebengine_zh_CN.qm",
        "PySide6\\Qt\\plugins\\generic\\qtuiotouchplugin.dll",
    ]
    assert [d for d in kept if not contents.keep_entry(d, langs)] == []
    assert [d for d in dropped if contents.keep_entry(d, langs)] == []


def test_resource_tree_keeps_files_and_skips_caches(tmp_path: Path) -> None:
    contents = load("bundle_contents")
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "a.png").write_bytes(b"png")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"")
    (tmp_path / "__init__.py").write_text("")
    pairs = contents.tree(tmp_path, "resources")
    assert pairs == [(str(tmp_path / "icons" / "a.png"), str(Path("resources") / "icons"))]


# --------------------------------------------------------------------------- Linux


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """A bundle-shaped folder with real ELF files (this Python's interpreter and libllama)."""
    import llama_cpp

    bundle = tmp_path / "dist" / "tessera"
    internal = bundle / "_internal" / "llama_cpp" / "lib"
    internal.mkdir(parents=True)
    shutil.copy2(Path(sys.executable).resolve(), bundle / "tessera")
    (bundle / "tessera").chmod(0o755)
    lib = Path(llama_cpp.__file__).resolve().parent / "lib"
    shutil.copy2(lib / "libllama.so", internal / "libllama.so")
    (internal / "libllama.so.0").symlink_to("libllama.so")
    return bundle


def test_tarball_unpacks_to_one_versioned_folder(fake_bundle: Path, tmp_path: Path) -> None:
    linux = load("pkg_linux")
    out = linux.make_tarball(fake_bundle, tmp_path, __version__)
    arch = linux.arch_names()[0]
    assert out.name == f"tessera-{__version__}-linux-{arch}.tar.gz"
    with tarfile.open(out) as tar:
        members = {m.name: m for m in tar.getmembers()}
    top = f"tessera-{__version__}-linux-{arch}"
    assert {name.split("/")[0] for name in members} == {top}
    launcher = members[f"{top}/tessera"]
    assert launcher.mode & 0o111 and launcher.uname == "root"
    assert members[f"{top}/_internal/llama_cpp/lib/libllama.so.0"].issym()


def test_deb_installs_under_opt_with_launcher_desktop_entry_and_icons(
    fake_bundle: Path, tmp_path: Path
) -> None:
    linux = load("pkg_linux")
    deb, unknown = linux.make_deb(
        fake_bundle, RESOURCES, tmp_path, tmp_path / "work", __version__, compression="none"
    )
    info = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True)
    fields = dict(line.split(": ", 1) for line in info.stdout.splitlines() if ": " in line)
    assert fields["Package"] == "tessera"
    assert fields["Version"] == __version__
    assert fields["Architecture"] == linux.arch_names()[1]
    assert "libc6 (>= " in fields["Depends"] and "libstdc++6" in fields["Depends"]
    assert "libggml.so.0" in unknown  # the fake bundle lacks it: reported, not silently ignored
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True).stdout
    files = {line.split()[5].lstrip("."): line for line in listing.splitlines()}
    assert files["/opt/tessera/tessera"].startswith("-rwxr-xr-x root/root")
    assert "/usr/bin/tessera -> /opt/tessera/tessera" in listing
    assert f"/usr/share/applications/{APP_ID}.desktop" in files
    assert f"/usr/share/metainfo/{APP_ID}.metainfo.xml" in files
    assert "/usr/share/icons/hicolor/scalable/apps/tessera.svg" in files
    for size in linux.ICON_SIZES:
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/tessera.png" in files
    # User data never lives in the package: upgrades and removal keep it.
    assert not [f for f in files if f.startswith(("/home", "/root", "/var/lib/tessera"))]


def test_deb_dependencies_classify_system_libraries(fake_bundle: Path) -> None:
    linux = load("pkg_linux")
    depends, suggests, unknown = linux.deb_dependencies(fake_bundle)
    # libllama needs the C++ runtime and libggml; glibc's own libraries fold into libc6.
    assert depends[0].startswith("libc6 (>= ")
    assert {"libstdc++6", "libgcc-s1"} <= set(depends)
    assert not [d for d in depends if ".so" in d]
    assert {"libggml.so.0", "libggml-base.so.0"} <= set(unknown)
    assert "libm.so.6" not in unknown and suggests == []


def test_desktop_entry_and_metainfo_agree() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(RESOURCES / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "tessera"
    assert section["Icon"] == "tessera"
    assert section["Categories"].endswith(";")
    meta = ET.parse(RESOURCES / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == f"{APP_ID}.desktop"
    assert meta.find("provides/binary").text == "tessera"
    newest = meta.find("releases/release").get("version")
    assert newest == __version__, "add a <release> for the new version to the metainfo"


# --------------------------------------------------------------------------- icons


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icon_pngs_ico_and_icns_hold_the_sizes_they_claim() -> None:
    icons = load("icons")
    for size in icons.PNG_SIZES:
        assert png_size((RESOURCES / "icons" / icons.png_name(size)).read_bytes()) == (size, size)
    ico = (RESOURCES / "icons" / "tessera.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for i, size in enumerate(icons.ICO_SIZES):
        w, h, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i])
        assert (w or 256, h or 256) == (size, size)
        assert png_size(ico[offset : offset + length]) == (size, size)
    icns = (RESOURCES / "icons" / "tessera.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    pos, seen = 8, {}
    while pos < len(icns):
        ostype, length = icns[pos : pos + 4], struct.unpack(">I", icns[pos + 4 : pos + 8])[0]
        seen[ostype] = png_size(icns[pos + 8 : pos + length])
        pos += length
    assert seen == {t: (s, s) for s, t in icons.ICNS_TYPES.items()}


def test_icons_match_the_svg(qapp) -> None:
    """The committed PNGs are what packaging/icons.py renders from tessera.svg today."""
    icons = load("icons")
    rendered = icons.render_pngs(icons.SVG, (48,))
    from PySide6.QtGui import QImage

    fresh, committed = QImage(), QImage()
    fresh.loadFromData(rendered[48])
    committed.load(str(RESOURCES / "icons" / icons.png_name(48)))
    assert fresh.size() == committed.size()
    assert fresh.convertToFormat(QImage.Format.Format_ARGB32) == committed.convertToFormat(
        QImage.Format.Format_ARGB32
    ), "run `python packaging/icons.py` after editing tessera.svg"


# --------------------------------------------------------------------------- Windows, macOS


def test_windows_version_resource() -> None:
    windows = load("pkg_windows")
    assert windows.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert windows.version_tuple("1.2.3rc4") == (1, 2, 3, 0)
    assert windows.version_tuple("2026.11.23.7") == (2026, 11, 23, 7)
    text = windows.version_info_text(__version__)
    tree = ast.parse(text, mode="eval")
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"
    assert f"'ProductVersion', '{__version__}'" in text


def test_inno_setup_script_points_at_real_files() -> None:
    # The installer is compiled on Windows only (installers.yml): a missing file it names
    # would fail that build, so the references are checked here.
    iss = (PACKAGING / "windows" / "tessera.iss").read_text(encoding="utf-8")
    icon = next(
        line.split("=", 1)[1] for line in iss.splitlines() if line.startswith("SetupIconFile")
    )
    assert (PACKAGING / "windows" / icon.replace("\\", "/")).resolve().is_file()


def test_macos_entitlements_are_a_valid_plist() -> None:
    import plistlib

    plist = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert plist["com.apple.security.cs.allow-unsigned-executable-memory"] is True


# --------------------------------------------------------------------------- CI


def test_workflow_builds_every_os_and_cuda_and_uploads() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "installers.yml").read_text())
    jobs = workflow["jobs"]
    include = jobs["build"]["strategy"]["matrix"]["include"]
    combos = {(entry["os"].split("-")[0], entry["variant"]) for entry in include}
    assert {
        ("ubuntu", "cpu"),
        ("ubuntu", "cuda"),
        ("windows", "cpu"),
        ("windows", "cuda"),
    } <= combos
    assert any(os_name == "macos" for os_name, _ in combos)
    steps = jobs["build"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "packaging/build.py" in runs and "GGML_CUDA=on" in runs
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    secrets = yaml.safe_dump(steps)
    for name in ("MACOS_CODESIGN_IDENTITY", "APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD"):
        assert f"secrets.{name}" in secrets
