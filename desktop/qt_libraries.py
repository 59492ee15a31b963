"""Before Qt starts on Linux: are the system libraries of its X11 (xcb) platform plugin there?

PySide6 ships Qt but not the X11 libraries its xcb plugin links to. On a minimal install (a
server image, WSL, a fresh container) one of them is missing and Qt aborts with "could not load
the Qt platform plugin xcb", which names none of them. `xcb_problem()` loads each library the
way Qt would and, when some are missing, returns one line naming them and the command that
installs them on this distribution (README, "Prerequisites", lists the same packages).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# The sonames libqxcb.so and libQt6XcbQpa.so.6 (PySide6 6.11) need from the system, with the
# package that provides each: Debian/Ubuntu, Fedora, Arch, openSUSE.
XCB_LIBRARIES: dict[str, tuple[str, str, str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb", "libxcb1"),
    "libxcb-cursor.so.0": (
        "libxcb-cursor0",
        "xcb-util-cursor",
        "xcb-util-cursor",
        "libxcb-cursor0",
    ),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm", "libxcb-icccm4"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image", "libxcb-image0"),
    "libxcb-keysyms.so.1": (
        "libxcb-keysyms1",
        "xcb-util-keysyms",
        "xcb-util-keysyms",
        "libxcb-keysyms1",
    ),
    "libxcb-render-util.so.0": (
        "libxcb-render-util0",
        "xcb-util-renderutil",
        "xcb-util-renderutil",
        "libxcb-render-util0",
    ),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util", "libxcb-util1"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb", "libxcb-randr0"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb", "libxcb-render0"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb", "libxcb-shape0"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb", "libxcb-shm0"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb", "libxcb-sync1"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb", "libxcb-xfixes0"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb", "libxcb-xkb1"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11", "libX11-6"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11", "libX11-xcb1"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon", "libxkbcommon0"),
    "libxkbcommon-x11.so.0": (
        "libxkbcommon-x11-0",
        "libxkbcommon-x11",
        "libxkbcommon-x11",
        "libxkbcommon-x11-0",
    ),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd", "libglvnd"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2", "libglib-2_0-0"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2", "libgthread-2_0-0"),
}

# Distribution family -> (column in XCB_LIBRARIES, install command).
INSTALLERS: dict[str, tuple[int, str]] = {
    "debian": (0, "sudo apt install"),
    "fedora": (1, "sudo dnf install"),
    "arch": (2, "sudo pacman -S --needed"),
    "suse": (3, "sudo zypper install"),
}
_FAMILIES = {
    "debian": "debian",
    "ubuntu": "debian",
    "linuxmint": "debian",
    "pop": "debian",
    "fedora": "fedora",
    "rhel": "fedora",
    "centos": "fedora",
    "rocky": "fedora",
    "almalinux": "fedora",
    "arch": "arch",
    "manjaro": "arch",
    "endeavouros": "arch",
    "opensuse": "suse",
    "suse": "suse",
    "sles": "suse",
}


def can_load(soname: str) -> bool:
    """Whether the dynamic loader finds `soname` (and what it needs), as Qt's would."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def wants_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt will try its xcb plugin: asked for by name, or left to choose outside a
    Wayland session (there Qt takes its Wayland plugin, which needs none of these)."""
    platform = env.get("QT_QPA_PLATFORM", "").strip().lower()
    if platform:
        return platform.split(";")[0].split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def distribution_family(os_release: str) -> str | None:
    """ "debian", "fedora", "arch" or "suse" from /etc/os-release's ID and ID_LIKE."""
    fields = {}
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        fields[key.strip()] = value.strip().strip('"').lower()
    for name in [fields.get("ID", ""), *fields.get("ID_LIKE", "").split()]:
        for prefix, family in _FAMILIES.items():
            if name == prefix or name.startswith(prefix + "-"):
                return family
    return None


def missing_message(missing: list[str], family: str | None) -> str:
    """One line: what is missing, and how to install it here."""
    libs = ", ".join(missing)
    if family is None:
        return (
            f"tessera: the window cannot open: Qt's X11 platform needs {libs}, which are not "
            "installed; install them with your package manager (README, 'Prerequisites', "
            "names the packages per distribution)."
        )
    column, command = INSTALLERS[family]
    packages = list(dict.fromkeys(XCB_LIBRARIES[lib][column] for lib in missing))
    return (
        f"tessera: the window cannot open: Qt's X11 platform needs {libs}, which are not "
        f"installed. Install them with: {command} {' '.join(packages)}"
    )


def xcb_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    load: Callable[[str], bool] | None = None,
    os_release: str | None = None,
) -> str | None:
    """None when Qt can start (not Linux, not xcb, or every library loads); else the line to
    print instead of Qt's own message."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or not wants_xcb(env):
        return None
    load = load or can_load
    missing = [lib for lib in XCB_LIBRARIES if not load(lib)]
    if not missing:
        return None
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
    return missing_message(missing, distribution_family(os_release))
