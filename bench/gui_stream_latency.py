"""Is the GUI event loop ever blocked while a fast model streams into the chat?

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_stream_latency.py [--replies 3]

The main window (real store in a temp folder, real engine on the tiny test model) streams
replies until the context is full; meanwhile a 10 ms QTimer records the gap between its ticks,
from the click on Send until --settle-ms after the reply is done (so the Markdown rendering
and shading of the finished reply count too). The largest gap is the longest time the event
loop was blocked (goal: < 50 ms with the engine streaming >= 1,000 tok/s). Prints JSON; the
worst gaps come with the reply and phase they fell in ("stream" with the token count, or
"after"). The first reply is sent --idle-s after the model loaded (a user typing it).

--thinking N makes every reply a reasoning model's: a GBNF grammar (the chat's output format)
has the model write `<think>`, about N characters of thinking, `</think>`, then its answer, so
the live thinking block, its fold when the answer starts, and the answer after it all stream.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replies", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=0, help="0: until the context is full")
    parser.add_argument("--n-ctx", type=int, default=2048)
    parser.add_argument("--probabilities", action="store_true", help="show token shading")
    parser.add_argument(
        "--thinking", type=int, default=0, help="N: replies think ~N characters first (grammar)"
    )
    parser.add_argument("--settle-ms", type=int, default=500, help="ticks after each reply")
    parser.add_argument(
        "--idle-s", type=float, default=2.0, help="idle before the first reply (a user typing)"
    )
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_main_window
    from desktop.core.engine.client import EngineClient
    from desktop.core.gguf.tiny_model import write_tiny_gguf
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store

    app = QApplication(sys.argv[:1])
    paths = DataPaths(Path(tempfile.mkdtemp(prefix="tessera-gui-bench-"))).ensure()
    model = write_tiny_gguf(paths.models / "tiny.gguf")
    store = open_store(paths)
    window = build_main_window(paths, store, EngineClient, app=app, with_pages=False)
    window.resize(1280, 800)
    window.show()
    loop = QEventLoop()
    window.engine.loaded.connect(lambda _info: loop.quit())
    window.chat.inspector.ctx_spin.setValue(args.n_ctx)
    window.model_loader.open_model_file(str(model))
    loop.exec()
    window.chat.inspector.max_tokens.setValue(args.max_tokens)
    window.chat.inspector.show_probs.setChecked(args.probabilities)
    if args.thinking:
        words = f"[a-z]{{1,8}} ([ ,.] [a-z]{{1,8}}){{{args.thinking // 6}}}"
        grammar = f'root ::= "<think>\\n" {words} "\\n</think>\\n\\n" [a-z ,.\\n]*\n'
        window.chat.tools.format_editor.set_format_dict({"format": "grammar", "grammar": grammar})
    idle = QEventLoop()
    QTimer.singleShot(int(args.idle_s * 1000), idle.quit)
    idle.exec()

    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(10)

    where: list[tuple[int, str]] = []

    def tick() -> None:
        gap = clock.restart()
        gaps.append(gap)
        running = window.chat.controller.running_item()
        phase = f"stream {len(running.tokens)}" if running else "after"
        where.append((gap, f"reply {len(walls) + 1} {phase}"))

    ticker.timeout.connect(tick)
    speeds, walls, tokens, frames_before = [], [], 0, window.bridge.frames
    folded = 0  # replies whose thinking ended (the answer streamed after it)
    for n in range(args.replies):
        done = QEventLoop()
        window.chat.controller.reply_finished.connect(done.quit)
        window.chat.chat_panel.composer.set_text(f"Reply number {n}: go on as long as you can.")
        clock.start()
        ticker.start()
        started = time.perf_counter()
        window.chat.chat_panel.composer.on_submit()
        done.exec()
        walls.append(time.perf_counter() - started)
        settle = QEventLoop()
        QTimer.singleShot(args.settle_ms, settle.quit)
        settle.exec()
        ticker.stop()
        window.chat.controller.reply_finished.disconnect(done.quit)
        reply = window.chat.transcript.item(window.chat.transcript.rowCount() - 1)
        speeds.append(reply.tok_s or 0.0)
        folded += "</think>" in reply.text
        tokens += reply.completion_tokens or 0
        window.on_new_chat()  # each reply starts from an empty context
    frames = window.bridge.frames - frames_before
    window.close()
    store.close()
    gaps_sorted = sorted(gaps)
    worst = sorted(where, reverse=True)[:5]
    print(
        json.dumps(
            {
                "replies": args.replies,
                "tokens": tokens,
                "decode_tok_s_median": round(statistics.median(speeds), 1),
                "reply_wall_s": [round(w, 2) for w in walls],
                "ticks": len(gaps),
                "max_gap_ms": max(gaps),
                "p99_gap_ms": gaps_sorted[int(len(gaps_sorted) * 0.99) - 1],
                "median_gap_ms": statistics.median(gaps),
                "gui_frames": frames,
                "tokens_per_frame": round(tokens / max(1, frames), 1),
                "probabilities_shown": args.probabilities,
                "thinking_chars": args.thinking,
                "replies_with_closed_thinking": folded,
                "worst_gaps_ms_phase": worst,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
