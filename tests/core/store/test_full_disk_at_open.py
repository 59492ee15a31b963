"""A full disk or a read-only disk when the store opens is reported as such, with the space
needed, never as a damaged database (whose dialog offers to start empty).

A real full disk: a 2 MB tmpfs mounted in a user namespace (`unshare -rm`), filled to the last
byte, with a real Tessera database on it. The script runs inside the namespace and reports back
as JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from desktop.app import open_store_or_recover
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store, StoreOpenError

    root = Path(sys.argv[1])
    mode = sys.argv[2]
    paths = DataPaths(root / "data").ensure()
    with open_store(paths) as store:
        conv = store.conversations.create(title="kept safe")
        store.messages.append_user(conv.id, "我的笔记 " * 2000)
    before = paths.database.read_bytes()
    result = {}
    if mode == "full":
        filler = root / "filler"
        try:
            with open(filler, "wb") as fh:
                while True:
                    fh.write(b"\\0" * 4096)
                    fh.flush()
        except OSError:
            pass
    else:
        import subprocess
        subprocess.run(["mount", "-o", "remount,ro", str(root)], check=True)
    asked = []
    try:
        open_store_or_recover(paths, lambda error: asked.append(type(error).__name__) or "fresh")
        result["opened"] = True
    except StoreOpenError as exc:
        result["error"] = type(exc).__name__
        result["message"] = str(exc)
        result["needed"] = getattr(exc, "needed", None)
    result["asked"] = asked
    result["unchanged"] = paths.database.read_bytes() == before
    result["files"] = sorted(p.name for p in paths.database.parent.iterdir())
    if mode == "full":
        filler.unlink()
        with open_store(paths) as store:
            result["after_freeing"] = [s.title for s in store.conversations.list_recent()]
    print(json.dumps(result))
    """
)


def _in_small_disk(tmp_path: Path, mode: str) -> dict:
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a small disk")
    mount = tmp_path / "disk"
    mount.mkdir()
    script = tmp_path / "probe.py"
    script.write_text(SCRIPT, encoding="utf-8")
    shell = (
        f"mount -t tmpfs -o size=2m tmpfs {mount} && "
        f"cd {REPO} && {sys.executable} {script} {mount} {mode}"
    )
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c", shell], capture_output=True, text=True, timeout=120
    )
    if (
        proc.returncode != 0
        and "unshare" in proc.stderr
        and "Operation not permitted" in proc.stderr
    ):
        pytest.skip("this system does not allow user namespaces")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def test_a_full_disk_at_open_is_reported_with_the_space_needed_not_as_damage(tmp_path):
    result = _in_small_disk(tmp_path, "full")
    assert result["error"] == "StoreDiskFullError", result
    assert result["asked"] == []  # the damaged-database question never came up
    assert "is full" in result["message"] and "0.0 MB free" in result["message"]
    assert "needs about 4.0 MB" in result["message"] and result["needed"] == 4_000_000
    assert result["unchanged"]
    assert not any("damaged" in name for name in result["files"])
    assert result["after_freeing"] == ["kept safe"]


def test_a_read_only_disk_at_open_is_reported_as_read_only(tmp_path):
    result = _in_small_disk(tmp_path, "read-only")
    assert result["error"] == "StoreReadOnlyError", result
    assert result["asked"] == []
    assert "read-only" in result["message"] and "--data-dir" in result["message"]
    assert result["unchanged"]
