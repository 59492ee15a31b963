"""Open a 2,000-message conversation in the main window and scroll through it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_open_conversation.py [--data-dir DIR]

With --data-dir (e.g. one made by bench/store_generate.py, which has a 2,000-message
conversation among 10,000) the longest conversation there is opened; without it, a fresh store
gets one conversation of 2,000 messages (Markdown, code, Chinese). "open" is from the click's
handler to the first painted frame (store read, model reset, layout, paint); "scroll" is one
page-down step including its repaint. The first open comes --idle-s after the window is shown
(a user's first click; the window warms its Markdown parser and lexers meanwhile), so
"open_ms_first" is the cold open. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SAMPLES = [
    "How do I read a file line by line in Python?",
    "Use a `with` block:\n\n```python\nwith open(path, encoding='utf-8') as f:\n"
    "    for line in f:\n        print(line.rstrip())\n```\n\nIt closes the file for you.",
    "请用中文解释一下什么是上下文窗口。",
    "上下文窗口是模型一次能看到的**最大 token 数**。超过它，较早的内容就会被截断。",
    "Thanks! And a list of three tips?",
    "1. Keep prompts short.\n2. Put instructions first.\n3. Give an example of the output.",
]


def fill_store(store, count: int) -> int:
    conv = store.conversations.create(title="Long conversation")
    parent = None
    with store.db.write() as s:  # one transaction: the repository API per message is slower
        from desktop.core.store import models as m

        now = time.time()
        for i in range(count):
            role = "user" if i % 2 == 0 else "assistant"
            row = m.Message(
                conversation_id=conv.id,
                parent_id=parent,
                role=role,
                content=SAMPLES[i % len(SAMPLES)],
                status="complete",
                created_at=now + i,
                updated_at=now + i,
            )
            s.add(row)
            s.flush()
            if parent is None:
                s.get(m.Conversation, conv.id).active_root_id = row.id
            else:
                s.get(m.Message, parent).active_child_id = row.id
            parent = row.id
    return conv.id


def longest_conversation(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(
            "SELECT conversation_id FROM messages GROUP BY conversation_id "
            "ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-s", type=float, default=1.5, help="idle time before the first open")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop.app import build_main_window
    from desktop.core.engine.client import EngineClient
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store

    app = QApplication(sys.argv[:1])
    root = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="tessera-open-"))
    paths = DataPaths(root).ensure()
    store = open_store(paths)
    if args.data_dir:
        conversation = longest_conversation(paths.database)
    else:
        conversation = fill_store(store, args.messages)
    window = build_main_window(paths, store, EngineClient, app=app, with_pages=False)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    view = window.chat.chat_panel.view
    idle_until = time.perf_counter() + args.idle_s
    while time.perf_counter() < idle_until:
        app.processEvents()
        time.sleep(0.005)

    opens = []
    for _ in range(args.runs):
        window.on_new_chat()
        app.processEvents()
        start = time.perf_counter()
        window.chat.open_conversation(conversation)
        view.viewport().repaint()  # the first frame the user sees
        opens.append((time.perf_counter() - start) * 1000)
    rows = window.chat.transcript.rowCount()

    idle_start = time.perf_counter()
    while view._measure_rows:  # the rows are measured while the user reads the last page
        app.processEvents()
    measured_s = time.perf_counter() - idle_start
    steps = []
    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    while bar.value() < bar.maximum():
        start = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        app.processEvents()
        steps.append((time.perf_counter() - start) * 1000)
        if len(steps) > 5000:
            break
    window.close()
    store.close()
    steps.sort()
    print(
        json.dumps(
            {
                "messages": rows,
                "open_ms_first": round(opens[0], 1),
                "open_ms_median": round(statistics.median(opens), 1),
                "open_ms_max": round(max(opens), 1),
                "background_measuring_s": round(measured_s, 2),
                "scroll_steps": len(steps),
                "scroll_step_ms_median": round(statistics.median(steps), 2),
                "scroll_step_ms_p95": round(steps[int(len(steps) * 0.95) - 1], 2),
                "scroll_step_ms_max": round(steps[-1], 2),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
