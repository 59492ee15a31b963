"""Knowledge UI fixtures: a folder of English, Chinese and binary files, and the page shown."""

from __future__ import annotations

from pathlib import Path

import pytest

PROXY = """# Proxy settings

The proxy listens on port 8080 on every machine of the office.
It restarts every night at 3 am, and logs to /var/log/proxy.

## Clients

Browsers find the proxy through the PAC file served by the intranet.
"""

GARDEN = """Tomatoes need six hours of sun a day. Water them at the roots, not the leaves.
Basil grows well beside tomatoes and keeps some insects away.
"""

CHINESE = "代理服务器的端口是八千零八十。它每天晚上三点重启。\n浏览器通过内网的配置文件找到代理。\n"


@pytest.fixture
def docs_folder(tmp_path: Path) -> Path:
    """Three text files to index (English, Markdown, Chinese) and one binary file with a text
    extension, which is skipped with its reason."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "proxy.md").write_text(PROXY, encoding="utf-8")
    (folder / "garden.txt").write_text(GARDEN, encoding="utf-8")
    (folder / "代理.txt").write_text(CHINESE, encoding="utf-8")
    (folder / "data.txt").write_bytes(b"\x00\x01\x02\x03binary\x00\xff\xfe" * 64)
    return folder


@pytest.fixture
def knowledge_page(qtbot, main_window):
    """The window's Knowledge page, shown."""
    main_window.show_page("knowledge")
    page = main_window.page_widgets["knowledge"]
    qtbot.waitUntil(lambda: page.isVisible())
    return page


def create_base(qtbot, page, name: str, embedder: Path | None = None) -> None:
    """New… as a user fills it in; waits until the base is created and chosen."""
    page.new_button.click()
    dialog = page.last_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name_edit.setText(name)
    if embedder is not None:
        dialog.with_embedder.setChecked(True)
        dialog.embedder_edit.setText(str(embedder))
    with qtbot.waitSignal(page.busy_finished, timeout=60_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.current == name and page._details is not None, timeout=10_000)


def index_folder(qtbot, page, folder: Path) -> None:
    """Adds a folder to the chosen base and waits until indexing is done and its documents
    are on screen."""
    with qtbot.waitSignal(page.service.index_finished, timeout=120_000):
        page.add_sources([str(folder)])
    files = sum(1 for p in folder.rglob("*") if p.is_file())

    def listed() -> bool:  # every file on screen with its outcome, not as still pending
        docs = page.documents.all_documents()
        bases = page.base_model
        settled = all(bases.item(r).state != "running" for r in range(bases.rowCount()))
        return settled and len(docs) == files and all(d.status != "pending" for d in docs)

    qtbot.waitUntil(listed, timeout=10_000)


@pytest.fixture
def zh_cn(qapp):
    """The window in Simplified Chinese (Tessera's and Qt's translations installed)."""
    from PySide6.QtCore import QLocale

    from desktop.app import install_translator

    translators = install_translator(qapp, QLocale("zh_CN"))
    assert translators
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
