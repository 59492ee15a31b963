"""Render the Knowledge page and a chat reply with citations offscreen, and save PNGs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/knowledge_screenshot.py OUT_DIR [zh_CN]

A base with the tiny test embedder indexes a small folder (English, Chinese, a binary file
that is skipped); the Knowledge page is saved on its Documents, Search and Chunks tabs; then
the tiny chat model answers a question with the base attached (its words are random: the
citations, the injected text and its token cost are real), and the reply and its "What the
model received" dialog are saved. With `zh_CN`, the window speaks Simplified Chinese.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PROXY = """# Proxy settings

The office proxy listens on port 8080 on every machine. It restarts every night at 3 am
and writes its log to /var/log/proxy/access.log.

## Clients

Browsers find the proxy through the PAC file served by the intranet. Command-line tools
read HTTPS_PROXY instead; set it to http://proxy.internal:8080 in your shell profile.

## Outages

When the proxy is down, the status page says so within a minute. Do not bypass it: the
firewall blocks direct connections from the office network.
"""

CHINESE = """# 代理服务器

办公室的代理服务器在每台机器上监听 8080 端口。它每天凌晨三点重启，日志写在 /var/log/proxy。

浏览器通过内网提供的 PAC 文件找到代理。命令行工具读取 HTTPS_PROXY 环境变量。
"""


def pump(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait(app, condition, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def main(out_dir: str, language: str = "en") -> int:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_main_window, install_translator
    from desktop.core.engine.client import EngineClient
    from desktop.core.gguf.tiny_embedder import write_tiny_embedder
    from desktop.core.gguf.tiny_model import write_tiny_gguf
    from desktop.core.paths import DataPaths
    from desktop.core.store import open_store
    from desktop.ui.knowledge.base_dialog import NewBase

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    QLocale.setDefault(QLocale(language))
    install_translator(app, QLocale(language))
    root = Path(tempfile.mkdtemp(prefix="tessera-knowledge-shot-"))
    paths = DataPaths(root / "data").ensure()
    model = write_tiny_gguf(paths.models / "tessera-tiny-F16.gguf")
    embedder = write_tiny_embedder(paths.models / "tiny-embed-F32.gguf")
    docs = root / "Office handbook"
    docs.mkdir()
    (docs / "proxy.md").write_text(PROXY, encoding="utf-8")
    (docs / "代理服务器.md").write_text(CHINESE, encoding="utf-8")
    (docs / "printers.txt").write_text(
        "The printer on the second floor needs the PIN 4711. Toner is in cupboard B.\n"
    )
    (docs / "backup.txt").write_bytes(b"\x00\x01\x02binary\x00\xff" * 80)
    store = open_store(paths)
    window = build_main_window(paths, store, EngineClient, app=app, theme_preference="light")
    window.resize(1360, 860)
    window.show()

    window.show_page("knowledge")
    page = window.page_widgets["knowledge"]
    page.create_base(NewBase("Office handbook", str(embedder), 48, 8))
    wait(app, lambda: page.current == "Office handbook")
    page.add_sources([str(docs)])
    wait(app, lambda: page.progress.shown is not None and page.progress.shown.status == "done")
    wait(app, lambda: len(page.documents.all_documents()) == 4)
    pump(app)
    window.grab().save(str(out / "knowledge-documents.png"))
    page.tabs.setCurrentWidget(page.search)
    page.search.query.setText("proxy port" if language == "en" else "代理 端口")
    page.search.search()
    wait(app, lambda: page.search.model.rowCount() > 0)
    pump(app)
    window.grab().save(str(out / "knowledge-search.png"))
    doc = page.documents.document_by_path(str(docs / "proxy.md"))
    page.show_document(doc)
    wait(app, lambda: page.chunks.model.rowCount() > 0)
    page.chunks.table.selectRow(1)
    pump(app)
    window.grab().save(str(out / "knowledge-chunks.png"))

    window.show_page("chat")
    loaded = []
    window.engine.loaded.connect(loaded.append)
    window.model_loader.open_model_file(str(model))
    wait(app, lambda: bool(loaded))
    window.chat.inspector.max_tokens.setValue(30)
    window.chat.inspector.seed.setValue(3)
    link = window.chat.knowledge_link
    wait(app, lambda: link.box.list.count() > 0)
    link.box.set_checked("Office handbook", True)
    window.chat.chat_panel.composer.set_text(
        "Which port does the proxy use?" if language == "en" else "代理服务器用哪个端口？"
    )
    window.chat.chat_panel.composer.on_submit()
    wait(app, lambda: window.chat.transcript.rowCount() == 2)
    wait(app, lambda: not window.chat.controller.is_busy())
    from PySide6.QtWidgets import QScrollArea

    scroll = window.chat.inspector.findChild(QScrollArea)
    scroll.ensureWidgetVisible(link.box)
    pump(app, 0.5)
    window.grab().save(str(out / "chat-citations.png"))
    dialog = link.open_reply(1)
    pump(app)
    dialog.grab().save(str(out / "chat-injected.png"))
    dialog.tabs.setCurrentIndex(2)
    wait(app, lambda: dialog._rendered and "…" not in dialog.prompt_label.text())
    pump(app)
    dialog.grab().save(str(out / "chat-prompt.png"))
    dialog.show_citation(1)
    pump(app)
    dialog.grab().save(str(out / "chat-citation.png"))
    dialog.close()
    window.close()
    store.close()
    for png in sorted(out.glob("*.png")):
        print(f"saved {png} ({png.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "shots", *sys.argv[2:3]))
