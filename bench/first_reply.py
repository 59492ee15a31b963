"""Clicks and seconds from a fresh start to the first streamed token, and from a start with a
remembered model to the first token of a typed message.

    .venv/bin/python bench/first_reply.py [--size-mb 100] [--rounds 1] [--json]

A loopback Hub (tests/fixtures/hub_server.py, in this process) serves the first-run ladder; the
suggested file is a generated ~100 MB llama model (real weights shape, random values). Each
phase runs the real window offscreen in a fresh `python` process (interpreter, imports, store,
window: all counted) and drives it as a user would, counting the mouse clicks it performs:

- fresh: an empty data folder. Wait for the suggestion on the welcome panel, click "Download a
  recommended model" (the one click), wait until the composer has the keyboard, type a message
  into whatever widget has it and press Ctrl+Enter. Stops at the first streamed token.
  Goals: <= 3 clicks; <= 10 s beyond the download itself (process start to first token, minus
  the click-to-installed time).
- remembered: the same folder again (the model is now the last one used). Type at once into
  the focused widget, Ctrl+Enter: the send loads the model. Goal: process start to first token
  <= 3 s. Typing takes no time here (a user's typing would hide part of the load).

Prints one line per phase (or JSON with --json). Say the machine's load average with figures:
this one is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MESSAGE = "Hello! Say something."


# --------------------------------------------------------------------------- child: one phase


def _phase(phase: str, data_dir: str, t_spawn: float) -> dict:
    t_main = time.time()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QCoreApplication, QEventLoop, QLocale, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_main_window, install_translator
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store

    QCoreApplication.setOrganizationName("Tessera")
    QCoreApplication.setApplicationName("Tessera")
    app = QApplication([sys.argv[0]])
    install_translator(app, QLocale(QLocale.Language.English))
    paths = DataPaths(Path(data_dir)).ensure()
    store = open_store(paths)
    window = build_main_window(paths, store, app=app)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    marks: dict[str, float] = {"window_shown": time.time()}
    clicks = 0

    def wait_until(condition, timeout: float) -> None:
        deadline = time.time() + timeout
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: (condition() or time.time() > deadline) and loop.quit())
        timer.start()
        if not condition():
            loop.exec()
        timer.stop()
        if not condition():
            raise TimeoutError(f"{phase}: timed out after {timeout} s")

    chat = window.chat
    first_token: list[float] = []
    window.bridge.tokens_arrived.connect(
        lambda _rid, _tokens: first_token or first_token.append(time.time())
    )
    installed: list[float] = []
    loads: list[tuple[float, str]] = []
    window.engine.load_started.connect(lambda o: loads.append((time.time(), o.path)))
    if phase == "fresh":
        welcome = chat.welcome
        wait_until(lambda: welcome.why.isVisible() and welcome.download_button.isEnabled(), 60)
        marks["suggestion_shown"] = time.time()
        marks["suggestion"] = welcome.suggestion.text()
        window.first_run.model_ready.connect(lambda _p: installed.append(time.time()))
        QTest.mouseClick(welcome.download_button, Qt.MouseButton.LeftButton)
        clicks += 1
        marks["clicked"] = time.time()
        wait_until(lambda: bool(installed), 600)
        marks["installed"] = installed[0]
        wait_until(lambda: window.engine.is_loaded(), 120)
        marks["loaded"] = time.time()
    composer = chat.chat_panel.composer
    wait_until(lambda: QApplication.focusWidget() is composer.edit, 30)
    marks["composer_focused"] = time.time()
    target = QApplication.focusWidget()  # typed into whatever has the keyboard, as a user does
    QTest.keyClicks(target, MESSAGE)
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    marks["sent"] = time.time()
    wait_until(lambda: bool(first_token), 120)
    marks["first_token"] = first_token[0]
    chat.controller.stop()
    window.close()
    store.close()

    rel = {k: round(v - t_spawn, 3) for k, v in marks.items() if isinstance(v, float)}
    result: dict = {
        "phase": phase,
        "clicks": clicks,
        "keys": "typed text + Ctrl+Enter",
        "since_process_start_s": rel,
        "python_start_and_imports_s": round(t_main - t_spawn, 3),
        "first_token_s": rel["first_token"],
        "loads": [(round(t - t_spawn, 3), os.path.basename(p)) for t, p in loads],
    }
    if phase == "fresh":
        download = marks["installed"] - marks["clicked"]
        result["download_s"] = round(download, 3)
        result["beyond_download_s"] = round(rel["first_token"] - download, 3)
        result["suggestion"] = marks["suggestion"]
    return result


# --------------------------------------------------------------------------- parent


def _model(path: Path, size_mb: int) -> Path:
    from desktop.core.gguf.tiny_model import TinyShape, write_tiny_gguf

    if path.exists():
        return path
    # ~25M parameters in F16 per 50 MB: a llama of real structure, random values.
    layers = max(1, round(size_mb / 25))
    shape = TinyShape(n_embd=1024, n_layer=layers, n_ff=2816, n_head=8, n_kv_head=4)
    return write_tiny_gguf(path, shape=shape, name="bench-first-reply")


def _run_phase(phase: str, data_dir: str, endpoint: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HF_ENDPOINT=endpoint)
    env.pop("TESSERA_DATA_DIR", None)
    t_spawn = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", phase, data_dir, repr(t_spawn)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{phase} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        phase, data_dir, t_spawn = sys.argv[2], sys.argv[3], float(sys.argv[4])
        print(json.dumps(_phase(phase, data_dir, t_spawn)), flush=True)
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.hub import add_suggested_repos
    from tests.fixtures.hub_server import HubServer

    work = Path(tempfile.mkdtemp(prefix="tessera-first-reply-"))
    results = []
    try:
        model = _model(work / "model.gguf", args.size_mb)
        with HubServer() as hub:
            add_suggested_repos(hub, model)
            for _ in range(args.rounds):
                data = work / f"data-{len(results)}"
                data.mkdir()
                for phase in ("fresh", "remembered"):
                    results.append(_run_phase(phase, str(data), hub.endpoint))
                shutil.rmtree(data, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    summary = {
        "model_mb": args.size_mb,
        "load_average": [round(x, 2) for x in load],
        "cpus": os.cpu_count(),
        "runs": results,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} CPUs")
        for r in results:
            line = (
                f"{r['phase']:>10}: {r['clicks']} click(s), first token {r['first_token_s']:.2f} s"
            )
            if r["phase"] == "fresh":
                line += (
                    f" (download {r['download_s']:.2f} s, beyond it {r['beyond_download_s']:.2f} s;"
                    f" suggestion: {r['suggestion']})"
                )
            print(line)
            print("            " + json.dumps(r["since_process_start_s"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
