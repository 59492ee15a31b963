"""Build Tessera's one-folder bundle and this OS's installers: `python packaging/build.py`.

Linux: dist/tessera/, dist/tessera-<version>-linux-<arch>.tar.gz and a .deb.
Windows: dist/tessera/ and an Inno Setup installer (needs ISCC.exe).
macOS: dist/Tessera.app and a .dmg (signed and notarized when the secrets are set).
The bundle's `--self-test` runs before any installer is made; a failing bundle stops the build.
Run it with the Python environment whose packages should ship (llama-cpp-python's build
decides CPU or CUDA). See packaging/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "tessera.spec"
SIZE_TARGET_MB = 250  # the CPU Linux bundle

sys.path.insert(0, str(ROOT))
from desktop import __version__  # noqa: E402


def detect_variant() -> str:
    """'cuda' when the installed llama-cpp-python was built with CUDA, else 'cpu'."""
    import importlib.util

    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.origin:
        raise SystemExit("llama-cpp-python is not installed in this Python environment")
    lib = Path(spec.origin).parent / "lib"
    names = [p.name.lower() for p in lib.iterdir()] if lib.is_dir() else []
    return "cuda" if any("ggml-cuda" in n for n in names) else "cpu"


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def bundle_executable(dist: Path) -> Path:
    if sys.platform == "win32":
        return dist / "tessera" / "tessera-cli.exe"
    if sys.platform == "darwin":
        return dist / "Tessera.app" / "Contents" / "MacOS" / "tessera"
    return dist / "tessera" / "tessera"


def run_pyinstaller(dist: Path, work: Path) -> None:
    env = dict(os.environ)
    if sys.platform == "win32":
        from pkg_windows import version_info_text

        version_file = work / "version_info.txt"
        version_file.parent.mkdir(parents=True, exist_ok=True)
        version_file.write_text(version_info_text(__version__), encoding="utf-8")
        env["TESSERA_WIN_VERSION_FILE"] = str(version_file)
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)


def strip_debug_info(bundle: Path) -> int:
    """Remove debug sections from bundled ELF files that have them (libpython: ~18 MB).

    Files under a `*.libs` folder were patched by auditwheel and are left alone: stripping
    them corrupts their program headers.
    """
    import shutil

    if not shutil.which("strip") or not shutil.which("readelf"):
        return 0
    saved = 0
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file() or any(p.endswith(".libs") for p in path.parts):
            continue
        if path.parent == bundle:  # the launchers carry the app's archive after the ELF image
            continue
        with path.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        sections = subprocess.run(
            ["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False
        ).stdout
        if ".debug_info" not in sections:
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def run_self_test(executable: Path, timeout_s: int = 600) -> bool:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("TESSERA_DATA_DIR", None)
    print(f"+ {executable} --self-test", flush=True)
    try:
        result = subprocess.run([str(executable), "--self-test"], env=env, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        print(f"self-test did not finish in {timeout_s} s")
        return False
    return result.returncode == 0


def make_installers(dist: Path, work: Path, variant: str, deb_compression: str) -> list[Path]:
    suffix = "" if variant == "cpu" else f"-{variant}"
    bundle = dist / "tessera"
    if sys.platform.startswith("linux"):
        import pkg_linux

        tarball = pkg_linux.make_tarball(bundle, dist, __version__, suffix)
        deb, unknown = pkg_linux.make_deb(
            bundle, ROOT / "resources", dist, work, __version__, suffix, deb_compression
        )
        if unknown:
            print("warning: no known Debian package provides: " + ", ".join(unknown))
        return [tarball, deb]
    if sys.platform == "win32":
        import pkg_windows

        return [pkg_windows.make_installer(bundle, dist, __version__, suffix)]
    if sys.platform == "darwin":
        import pkg_macos

        arch = platform.machine().lower()
        return [pkg_macos.package(dist / "Tessera.app", dist, __version__, arch, suffix)]
    raise SystemExit(f"no installer recipe for {sys.platform}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="scratch folder"
    )
    parser.add_argument("--variant", choices=("cpu", "cuda"), help="default: detected")
    parser.add_argument("--no-self-test", action="store_true", help="skip the bundle self-test")
    parser.add_argument("--no-installers", action="store_true", help="bundle only")
    parser.add_argument(
        "--reuse-bundle", action="store_true", help="skip PyInstaller, package dist/ as it is"
    )
    parser.add_argument("--deb-compression", default="xz", choices=("xz", "gzip", "zstd", "none"))
    args = parser.parse_args(argv)

    dist, work = args.dist.resolve(), args.work.resolve()
    variant = args.variant or detect_variant()
    print(f"Tessera {__version__}, {variant} build, {sys.platform} {platform.machine()}")
    start = time.monotonic()
    if not args.reuse_bundle:
        run_pyinstaller(dist, work)
    built = time.monotonic() - start
    bundle = dist / "tessera"
    if sys.platform.startswith("linux") and not args.reuse_bundle:
        print(f"stripped {strip_debug_info(bundle) / 1e6:.0f} MB of debug info")
    size_mb = folder_size(bundle) / 1e6
    print(f"bundle: {bundle} ({size_mb:.0f} MB, PyInstaller {built:.0f} s)")
    if variant == "cpu" and sys.platform.startswith("linux") and size_mb > SIZE_TARGET_MB:
        print(f"warning: the CPU bundle is over its {SIZE_TARGET_MB} MB target")
    if not args.no_self_test and not run_self_test(bundle_executable(dist)):
        print("the bundle's self-test failed: no installers were made")
        return 1
    artifacts = (
        [] if args.no_installers else make_installers(dist, work, variant, args.deb_compression)
    )
    for path in artifacts:
        print(f"built {path} ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"done in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
