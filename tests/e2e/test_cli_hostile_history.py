"""`tessera history` with hostile or damaged data, as a user at a terminal or in a pipe sees it:
damaged rows named and deletable, terminal controls shown not obeyed, `| head` without a
traceback, exports that respect what the output path is."""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.core.store import open_store

REPO = Path(__file__).resolve().parents[2]
HOSTILE_TITLE = "Hello \x1b]0;pwned\x07 \x1b[2J\x9b31m there"
HOSTILE_REPLY = "line one\x1b[H\x1b[2J\rline two \x07"


def command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desktop", "--data-dir", str(data), *args]


def tessera(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(data, *args),
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def on_terminal(data: Path, *args: str) -> bytes:
    """Runs tessera with stdout on a pseudo-terminal and returns what the terminal received."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        command(data, *args),
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"},
    )
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(60) == 0, proc.stderr.read() if proc.stderr else ""
    return out


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> tuple[Path, int]:
    data = tmp_path_factory.mktemp("hostile")
    with open_store(data / "tessera.db") as store:
        conv = store.conversations.create(title=HOSTILE_TITLE)
        store.messages.append_user(conv.id, "tell me about cats")
        reply = store.messages.start_assistant(conv.id, model="tiny.gguf")
        store.messages.finish(reply.id, HOSTILE_REPLY + " cats")
    return data, conv.id


@pytest.mark.parametrize(
    "args",
    [("history", "list"), ("history", "show", "{id}"), ("history", "search", "cats")],
    ids=["list", "show", "search"],
)
def test_terminal_controls_in_titles_and_replies_are_shown_not_obeyed(hostile_data, args):
    data, conv = hostile_data
    screen = on_terminal(data, *(a.format(id=conv) for a in args))
    text = screen.decode("utf-8")
    assert "Hello" in text
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in text
    assert "\\x1b]0;pwned\\x07" in text  # visible, so the user sees something was there
    # Piped, the same command passes the text through exactly (scripts get the real data).
    piped = tessera(data, *(a.format(id=conv) for a in args))
    assert piped.returncode == 0
    assert b"\x1b]0;pwned\x07" in piped.stdout


def test_json_output_keeps_the_exact_text(hostile_data):
    data, conv = hostile_data
    listed = json.loads(on_terminal(data, "history", "list", "--json").decode("utf-8"))
    assert listed[0]["title"] == HOSTILE_TITLE
    shown = json.loads(tessera(data, "history", "show", str(conv), "--json").stdout)
    assert shown["messages"][1]["content"] == HOSTILE_REPLY + " cats"


def test_a_conversation_that_cannot_be_read_is_named_and_can_be_deleted(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with open_store(data / "tessera.db") as store:
        good = store.conversations.create(title="good one").id
        bad = store.conversations.create(title="poisoned").id
    conn = sqlite3.connect(data / "tessera.db")
    # What an older version let in: a date one hour before year 1, in epoch seconds.
    conn.execute("UPDATE conversations SET updated_at = -62135600400.0 WHERE id = ?", (bad,))
    conn.commit()
    conn.close()

    listed = tessera(data, "history", "list")
    assert listed.returncode == 0, listed.stderr
    assert b"good one" in listed.stdout and b"poisoned" not in listed.stdout
    warning = listed.stderr.decode()
    assert f"skipped conversation {bad}" in warning
    assert f"tessera history delete {bad}" in warning
    assert "Traceback" not in warning
    as_json = tessera(data, "history", "list", "--json")
    assert [row["id"] for row in json.loads(as_json.stdout)] == [good]

    deleted = tessera(data, "history", "delete", str(bad))
    assert deleted.returncode == 0 and f"Deleted conversation {bad}".encode() in deleted.stdout
    again = tessera(data, "history", "list")
    assert again.returncode == 0 and again.stderr == b""
    missing = tessera(data, "history", "delete", str(bad))
    assert missing.returncode == 1 and b"no conversation" in missing.stderr


def test_piping_into_head_ends_quietly(tmp_path):
    data = tmp_path / "data"
    with open_store(data / "tessera.db") as store:
        for i in range(2000):
            store.conversations.create(title=f"conversation number {i}")
    proc = subprocess.Popen(
        command(data, "history", "list", "--limit", "2000"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # `head -1`: read one line, then close the pipe
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(60)
    assert b"conversation number" in first
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code == 141


@pytest.fixture
def exported(tmp_path) -> tuple[Path, int]:
    data = tmp_path / "data"
    with open_store(data / "tessera.db") as store:
        conv = store.conversations.create(title="to export")
        store.messages.append_user(conv.id, "你好 export me")
    return data, conv.id


def test_export_replaces_a_regular_file_atomically_and_keeps_its_mode(exported, tmp_path):
    data, conv = exported
    target = tmp_path / "out.md"
    target.write_text("old content")
    target.chmod(0o640)
    result = tessera(data, "history", "export", str(conv), "--format", "md", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "你好 export me" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left

    new = tmp_path / "new.json"
    result = tessera(data, "history", "export", str(conv), "-o", str(new))
    assert result.returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask  # as `>` would, not 0600
    assert json.loads(new.read_text(encoding="utf-8"))["conversation"]["title"] == "to export"


def test_export_writes_through_a_symlink_and_a_fifo(exported, tmp_path):
    data, conv = exported
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = tessera(data, "history", "export", str(conv), "--format", "md", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and "export me" in real.read_text(encoding="utf-8")

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = tessera(data, "history", "export", str(conv), "--format", "md", "-o", str(fifo))
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still a pipe, not replaced by a file
    assert b"export me" in received[0]


def test_export_never_replaces_a_device_node(exported, tmp_path):
    data, conv = exported
    null_clone = tmp_path / "null"
    disk = tmp_path / "disk"
    try:
        os.mknod(null_clone, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
        os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(7, 200))  # a loop device number
    except PermissionError:
        pytest.skip("creating device nodes needs root")  # the suite runs as root in CI
    result = tessera(data, "history", "export", str(conv), "-o", str(null_clone))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(null_clone.stat().st_mode)  # written through, still the device

    result = tessera(data, "history", "export", str(conv), "-o", str(disk))
    assert result.returncode == 1
    assert b"block device" in result.stderr
    assert stat.S_ISBLK(disk.stat().st_mode)

    folder = tmp_path / "folder"
    folder.mkdir()
    result = tessera(data, "history", "export", str(conv), "-o", str(folder))
    assert result.returncode == 1 and b"is a folder" in result.stderr


def test_a_reply_full_of_terminal_controls_streams_as_visible_text(tiny_model_path, tmp_path):
    """The tiny model, pushed by a logit bias to say ESC and BEL (byte tokens 27 and 7)."""
    data = tmp_path / "data"
    with open_store(data / "tessera.db") as store:
        conv = store.conversations.create(
            model=str(tiny_model_path),
            sampling_params={"logit_bias": [[27, 60.0], [7, 59.0]], "temperature": 0},
        )
    screen = on_terminal(
        data, "chat", "--conversation", str(conv.id), "-m", "hi", "--max-tokens", "6"
    )
    text = screen.decode("utf-8")
    assert "\\x1b" in text
    assert "\x1b" not in text and "\x07" not in text
    with open_store(data / "tessera.db") as store:
        saved = store.messages.active_path(conv.id)[-1].content
    assert "\x1b" in saved  # the reply is kept exactly; only the terminal gets escapes


def test_a_message_that_is_not_utf8_is_saved_with_replacement_characters(tiny_model_path, tmp_path):
    data = tmp_path / "data"
    result = subprocess.run(
        [
            *command(data, "chat", "--model", str(tiny_model_path), "--max-tokens", "2"),
            "-m",
            os.fsdecode(b"caf\xe9 latin-1"),
        ],
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"not valid UTF-8" in result.stderr
    with open_store(data / "tessera.db") as store:
        [summary] = store.conversations.list_recent()
        assert store.messages.active_path(summary.id)[0].content == "caf\ufffd latin-1"
