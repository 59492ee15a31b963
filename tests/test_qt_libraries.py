"""A minimal Linux without Qt's X11 libraries gets one actionable line, not Qt's abort."""

from __future__ import annotations

import pytest

from desktop import qt_libraries
from desktop.qt_libraries import XCB_LIBRARIES, distribution_family, xcb_problem

UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=41\n'
ARCH = 'NAME="Arch Linux"\nID=arch\n'
TUMBLEWEED = 'NAME="openSUSE Tumbleweed"\nID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n'
MINT = 'ID=linuxmint\nID_LIKE="ubuntu debian"\n'
ROCKY = 'ID="rocky"\nID_LIKE="rhel centos fedora"\n'


def lacking(*names: str):
    return lambda soname: soname not in names


def test_everything_present_or_not_xcb_means_no_problem() -> None:
    x11 = {"DISPLAY": ":0"}
    assert xcb_problem(x11, "linux", lambda _lib: True, UBUNTU) is None
    missing = lacking("libxcb-cursor.so.0")
    assert xcb_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", missing, UBUNTU) is None
    assert xcb_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", missing, UBUNTU) is None
    assert xcb_problem({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", missing, UBUNTU) is None
    assert xcb_problem(x11, "darwin", missing, "") is None
    assert xcb_problem(x11, "win32", missing, "") is None


@pytest.mark.parametrize(
    ("os_release", "command"),
    [
        (UBUNTU, "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"),
        (MINT, "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"),
        (FEDORA, "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms"),
        (ROCKY, "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms"),
        (ARCH, "sudo pacman -S --needed xcb-util-cursor xcb-util-wm xcb-util-keysyms"),
        (TUMBLEWEED, "sudo zypper install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"),
    ],
)
def test_one_line_names_the_libraries_and_this_distributions_command(
    os_release: str, command: str
) -> None:
    missing = lacking("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    for env in ({"QT_QPA_PLATFORM": "xcb"}, {"DISPLAY": ":0"}):
        line = xcb_problem(env, "linux", missing, os_release)
        assert line is not None and "\n" not in line
        assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1" in line
        assert line.endswith(command)


def test_packages_shared_by_several_libraries_are_named_once() -> None:
    missing = lacking("libxcb.so.1", "libxcb-shm.so.0", "libxcb-xkb.so.1")
    line = xcb_problem({}, "linux", missing, FEDORA)
    assert line is not None and line.endswith("sudo dnf install libxcb")


def test_an_unknown_distribution_points_to_the_readme() -> None:
    line = xcb_problem({}, "linux", lacking("libGL.so.1"), "ID=nixos\n")
    assert line is not None and "libGL.so.1" in line and "README" in line
    assert distribution_family("") is None


def test_every_library_has_a_package_on_every_distribution() -> None:
    for soname, packages in XCB_LIBRARIES.items():
        assert soname.startswith("lib") and ".so." in soname
        assert len(packages) == 4 and all(packages), soname


def test_the_app_prints_the_line_and_exits_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    from desktop.app import run_app
    from desktop.core.paths import DataPaths

    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(qt_libraries, "can_load", lacking("libxcb-cursor.so.0"))
    assert run_app(DataPaths(tmp_path / "data"), ["tessera"]) == 1
    err = capsys.readouterr().err
    assert "libxcb-cursor.so.0" in err and err.count("\n") == 1
    assert not (tmp_path / "data").exists()  # nothing started


def test_the_readme_lists_every_package_for_each_distribution() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = {
        "debian": "| Debian, Ubuntu |",
        "fedora": "| Fedora |",
        "arch": "| Arch |",
        "suse": "| openSUSE |",
    }
    for family, (column, command) in qt_libraries.INSTALLERS.items():
        row = next(line for line in readme.splitlines() if rows[family] in line)
        assert command in row
        for packages in XCB_LIBRARIES.values():
            assert f" {packages[column]}" in row, (family, packages[column])
