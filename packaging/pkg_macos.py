"""macOS: sign Tessera.app, wrap it in a .dmg, notarize and staple. Secrets come from the
environment (the CI workflow maps repository secrets to these names); without them the .app
and .dmg are built unsigned, which is what a local build wants.

  MACOS_CODESIGN_IDENTITY  "Developer ID Application: Name (TEAMID)", in the login keychain
  APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD  notarization (app-specific password)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ENTITLEMENTS = Path(__file__).resolve().parent / "macos" / "entitlements.plist"


def run(*cmd: str) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def sign_app(app: Path, identity: str) -> None:
    # PyInstaller already signed every binary inside with the same identity (the spec passes
    # codesign_identity); the bundle itself is sealed last, with the hardened runtime that
    # notarization requires.
    run(
        "codesign",
        "--force",
        "--timestamp",
        "--options",
        "runtime",
        "--entitlements",
        str(ENTITLEMENTS),
        "--sign",
        identity,
        str(app),
    )
    run("codesign", "--verify", "--deep", "--strict", "--verbose=2", str(app))


def make_dmg(app: Path, out_dir: Path, version: str, arch: str, suffix: str = "") -> Path:
    out = out_dir / f"tessera-{version}-macos-{arch}{suffix}.dmg"
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "Tessera"
        stage.mkdir()
        shutil.copytree(app, stage / app.name, symlinks=True)
        (stage / "Applications").symlink_to("/Applications")  # drag-to-install target
        run(
            "hdiutil",
            "create",
            "-volname",
            f"Tessera {version}",
            "-srcfolder",
            str(stage),
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            str(out),
        )
    return out


def notarize(dmg: Path) -> None:
    apple_id = os.environ["APPLE_ID"]
    team = os.environ["APPLE_TEAM_ID"]
    password = os.environ["APPLE_APP_PASSWORD"]
    run(
        "xcrun",
        "notarytool",
        "submit",
        str(dmg),
        "--apple-id",
        apple_id,
        "--team-id",
        team,
        "--password",
        password,
        "--wait",
    )
    run("xcrun", "stapler", "staple", str(dmg))


def package(app: Path, out_dir: Path, version: str, arch: str, suffix: str = "") -> Path:
    identity = os.environ.get("MACOS_CODESIGN_IDENTITY")
    if identity:
        sign_app(app, identity)
    else:
        print("MACOS_CODESIGN_IDENTITY not set: Tessera.app and the .dmg stay unsigned")
    dmg = make_dmg(app, out_dir, version, arch, suffix)
    if identity:
        run("codesign", "--force", "--timestamp", "--sign", identity, str(dmg))
        if all(os.environ.get(k) for k in ("APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD")):
            notarize(dmg)
        else:
            print("APPLE_ID / APPLE_TEAM_ID / APPLE_APP_PASSWORD not set: not notarized")
    return dmg
