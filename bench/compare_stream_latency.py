"""Is the GUI event loop ever blocked while four Compare panes stream at once?

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/compare_stream_latency.py [--turns 3]

The main window (real store in a temp folder) opens the Compare page with four panes on the
tiny test model (four engine processes when they fit in memory together, as the page's
schedule decides), sends --turns messages (each a new comparison on new engines, or with
--follow-ups the follow-ups of one), each answered by all four panes until --max-tokens;
meanwhile a 10 ms QTimer records the gap between its ticks, from the send until --settle-ms after the turn is saved (Markdown of the finished replies, the divergence
marks and the save count too). The largest gap is the longest time the event loop was
blocked; goal: p99 <= 50 ms. Prints JSON with the worst gaps and the phase they fell in.
Run it without `nice`: the page runs its engines below the window's priority, and a niced
window is no higher than they are.
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
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--panes", type=int, default=4)
    parser.add_argument("--max-tokens", type=int, default=1500)
    parser.add_argument(
        "--follow-ups",
        action="store_true",
        help="one comparison, follow-up messages on the same engines (the tiny model's "
        "2048-token context holds about 3 x 150 tokens of its replies: use --max-tokens 150)",
    )
    parser.add_argument("--probabilities", action="store_true", help="show token shading")
    parser.add_argument("--settle-ms", type=int, default=500, help="ticks after each turn")
    parser.add_argument(
        "--nice-engines",
        type=int,
        default=0,
        help="diagnosis: lower the engine processes' priority by N (the GUI's own cost, "
        "without the engines competing for the cores)",
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
    paths = DataPaths(Path(tempfile.mkdtemp(prefix="tessera-compare-bench-"))).ensure()
    model = write_tiny_gguf(paths.models / "tiny.gguf")
    store = open_store(paths)
    window = build_main_window(paths, store, EngineClient, app=app)
    window.resize(1600, 900)
    window.show()
    window.show_page("compare")
    page = window.page("compare")
    while len(page.panes) < args.panes:
        page.add_pane()
    for n, pane in enumerate(page.panes):
        pane.header.choose_path(str(model))
        pane.header.temperature.setValue(0.4 * n)
        pane.header.seed.setValue(11)
    page.max_tokens.setValue(args.max_tokens)
    page.show_probabilities.setChecked(args.probabilities)

    gaps: list[float] = []
    turn_gaps: list[list[float]] = []
    where: list[tuple[float, str]] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(10)
    turn_no = [0]

    def renice() -> None:
        import psutil

        for child in psutil.Process().children(recursive=True):
            try:
                if child.nice() < args.nice_engines:
                    child.nice(args.nice_engines)
            except psutil.Error:
                pass

    def tick() -> None:
        if args.nice_engines and len(gaps) % 10 == 0:
            renice()
        gap = clock.restart()
        gaps.append(gap)
        turn_gaps[-1].append(gap)
        live = [p.reply_item(turn_no[0]) for p in page.panes]
        counts = [len(i.tokens) if i is not None else 0 for i in live]
        streaming = any(i is not None and i.streaming for i in live)
        phase = f"stream {sum(counts)}" if streaming else "after"
        where.append((gap, f"turn {len(turn_gaps)} {phase}"))

    ticker.timeout.connect(tick)
    walls, tokens, rates, schedule = [], 0, [], ""
    for n in range(args.turns):
        turn_no[0] = 0 if not args.follow_ups else n
        turn_gaps.append([])
        done = QEventLoop()
        page.controller.saved.connect(done.quit)
        clock.start()
        ticker.start()
        started = time.perf_counter()
        page.send(f"Message number {n}: go on as long as you can.")
        done.exec()
        walls.append(time.perf_counter() - started)
        settle = QEventLoop()
        QTimer.singleShot(args.settle_ms, settle.quit)
        settle.exec()
        ticker.stop()
        page.controller.saved.disconnect(done.quit)
        schedule = page.schedule_label.text()
        for pane in page.panes:
            item = pane.reply_item(turn_no[0])
            if item is not None:
                tokens += item.completion_tokens or 0
                rates.append(item.tok_s or 0.0)
        if not args.follow_ups:
            page.new_comparison()  # an empty context, on new engines
    window.close()
    store.close()

    def p99(values: list[float]) -> float:
        values = sorted(values)
        return values[max(0, int(len(values) * 0.99) - 1)] if values else 0.0

    print(
        json.dumps(
            {
                "panes": args.panes,
                "turns": args.turns,
                "follow_ups": args.follow_ups,
                "schedule": schedule,
                "tokens": tokens,
                "pane_decode_tok_s_median": round(statistics.median(rates), 1) if rates else 0,
                "turn_wall_s": [round(w, 2) for w in walls],
                "ticks": len(gaps),
                "max_gap_ms": max(gaps),
                "p99_gap_ms": p99(gaps),
                "p99_gap_ms_per_turn": [p99(g) for g in turn_gaps],
                "max_gap_ms_per_turn": [max(g) for g in turn_gaps],
                "median_gap_ms": statistics.median(gaps),
                "probabilities_shown": args.probabilities,
                "nice_engines": args.nice_engines,
                "worst_gaps_ms_phase": sorted(where, reverse=True)[:5],
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
