"""The Knowledge page, as a user works it: real library, real embedder process, offscreen Qt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.ui.widgets.row_model import ObjectRole
from tests.ui.knowledge.conftest import create_base, index_folder


def cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def column(model, title: str) -> int:
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def test_a_base_with_an_embedder_indexes_a_folder_and_says_why_a_file_was_skipped(
    qtbot, knowledge_page, docs_folder, tiny_embedder_path
):
    page = knowledge_page
    assert page.empty.isVisible()  # no base yet: the page explains what one is
    create_base(qtbot, page, "docs", tiny_embedder_path)
    assert "tessera-tiny-embed" in page.header.text()
    assert page.base_model.rowCount() == 1

    index_folder(qtbot, page, docs_folder)
    shown = page.progress.shown
    assert shown.status == "done"
    assert page.progress.bar.value() == page.progress.bar.maximum() > 0
    assert "Done." in page.progress.label.text()
    assert not page.progress.pause_button.isVisible()

    docs = {Path(d.path).name: d for d in page.documents.all_documents()}
    assert {n: d.status for n, d in docs.items()} == {
        "proxy.md": "indexed",
        "garden.txt": "indexed",
        "代理.txt": "indexed",
        "data.txt": "skipped",
    }
    model = page.documents.model
    row = model.row_of_path(str(docs_folder / "data.txt"))
    assert model.index(row, column(model, "Status")).data() == "skipped"
    assert "binary data, not text" in model.index(row, column(model, "Why / note")).data()
    # The list says how many documents the base holds and that it is up to date.
    assert cells(page.base_model, 0) == ["docs", "3", "up to date"]
    assert "3 documents indexed · 1 skipped" in page.header.text()

    page.documents.filter.setCurrentIndex(page.documents.filter.findData("skipped"))
    assert model.rowCount() == 1 and model.item(0).path.endswith("data.txt")


def test_search_shows_each_hits_bm25_vector_and_fused_scores(
    qtbot, knowledge_page, docs_folder, tiny_embedder_path
):
    page = knowledge_page
    create_base(qtbot, page, "docs", tiny_embedder_path)
    index_folder(qtbot, page, docs_folder)
    page.tabs.setCurrentWidget(page.search)
    qtbot.keyClicks(page.search.query, "proxy port")
    with qtbot.waitSignal(page.search.searched, timeout=60_000):
        qtbot.keyClick(page.search.query, Qt.Key.Key_Return)
    model = page.search.model
    assert model.rowCount() >= 1
    top = model.item(0)
    assert top.chunk.path.endswith("proxy.md")
    row = cells(model, 0)
    assert row[1] == "proxy.md" and row[2].startswith("lines ")
    for title, score, rank in (
        ("BM25", top.bm25, top.bm25_rank),
        ("Vector", top.vector, top.vector_rank),
        ("Fused", top.fused, None),
    ):
        number, *ranked = row[column(model, title)].split()
        assert float(number) == pytest.approx(score, rel=0.01, abs=1e-4), title
        assert ranked == ([f"(#{rank})"] if rank else []), title
    assert "words and meaning" in page.search.status.text()
    assert not page.search.notes.isVisible()
    assert "8080" in page.search.text.toPlainText()  # the whole chunk of the chosen hit

    # Chinese, by words: the two-character index finds it.
    page.search.query.setText("端口")
    with qtbot.waitSignal(page.search.searched, timeout=60_000):
        page.search.search_button.click()
    assert model.item(0).chunk.path.endswith("代理.txt")
    assert model.item(0).bm25 is not None

    # "Show among its document's chunks": the Chunks tab, that chunk chosen.
    hit = model.item(0)
    with qtbot.waitSignal(page.chunks.shown, timeout=10_000):
        page.search.open_button.click()
    assert page.tabs.currentWidget() is page.chunks
    assert page.chunks.selected_chunk().id == hit.chunk.id
    assert page.chunks.selected_text() == hit.chunk.text


def test_a_documents_chunk_boundaries_are_shown_with_the_overlap(qtbot, knowledge_page, tmp_path):
    long_text = "\n".join(
        f"Sentence {i} talks about the harbour, the ships and the tides of the day."
        for i in range(60)
    )
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "harbour.txt").write_text(long_text, encoding="utf-8")
    page = knowledge_page
    create_base(qtbot, page, "harbour")  # words only: chunks counted without an embedder
    index_folder(qtbot, page, folder)
    doc = page.documents.model.item(0)
    assert doc.n_chunks > 2
    index = page.documents.model.index(0, 0)
    with qtbot.waitSignal(page.chunks.shown, timeout=10_000):
        page.documents.table.doubleClicked.emit(index)
    chunks = page.chunks.model.items()
    assert len(chunks) == doc.n_chunks
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    # Consecutive chunks overlap: the next one starts before the previous one ends.
    assert all(b.char_start < a.char_end for a, b in zip(chunks, chunks[1:], strict=False))
    text = page.chunks.view.toPlainText()
    assert "— chunk 1 · lines 1–" in text and f"— chunk {len(chunks)} ·" in text
    page.chunks.table.selectRow(2)
    assert page.chunks.selected_text() == chunks[2].text


def test_pause_resume_and_cancel_never_block_the_window(qtbot, knowledge_page, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"note-{i:02}.txt").write_text(f"Note {i}: the meeting moved to room {i}.\n")
    page = knowledge_page
    create_base(qtbot, page, "notes")
    service = page.service
    paused = []

    def pause_on_first_file(token, progress) -> None:
        # Runs on the indexing thread, as if the user pressed Pause after the first file.
        if not paused and getattr(progress, "phase", "") == "reading" and progress.done >= 1:
            paused.append(progress.done)
            service.library().job("notes").pause()

    service.tasks.progress.connect(pause_on_first_file, Qt.ConnectionType.DirectConnection)
    try:
        page.add_sources([str(folder)])
        qtbot.waitUntil(lambda: page.progress.resume_button.isVisible(), timeout=60_000)
    finally:
        service.tasks.progress.disconnect(pause_on_first_file)
    assert page.progress.shown.status == "paused"
    assert "Paused at" in page.progress.label.text()
    assert not page.progress.pause_button.isVisible()
    assert page.base_model.item(0).state == "paused"
    # The window is alive meanwhile: another tab opens, the list answers.
    page.tabs.setCurrentWidget(page.search)
    assert page.tabs.currentWidget() is page.search

    with qtbot.waitSignal(service.index_finished, timeout=60_000) as finished:
        page.progress.resume_button.click()
    assert finished.args[1].status == "done"
    qtbot.waitUntil(lambda: page.progress.shown.status == "done", timeout=5_000)
    qtbot.waitUntil(lambda: len(page.documents.all_documents()) == 40, timeout=10_000)

    # Cancel: a rescan after new files, cancelled while paused; what was read stays.
    for i in range(40, 60):
        (folder / f"note-{i:02}.txt").write_text(f"Note {i}: lunch at {i % 12} o'clock.\n")
    paused.clear()
    service.tasks.progress.connect(pause_on_first_file, Qt.ConnectionType.DirectConnection)
    try:
        page.index_button.click()
        qtbot.waitUntil(lambda: page.progress.resume_button.isVisible(), timeout=60_000)
    finally:
        service.tasks.progress.disconnect(pause_on_first_file)
    with qtbot.waitSignal(service.index_finished, timeout=60_000) as finished:
        page.progress.cancel_button.click()
    assert finished.args[1].status == "cancelled"
    qtbot.waitUntil(lambda: "Cancelled" in page.progress.label.text(), timeout=5_000)
    qtbot.waitUntil(lambda: page.base_model.item(0).state == "cancelled", timeout=10_000)


def test_an_interrupted_run_offers_to_resume(qtbot, main_window, docs_folder):
    from desktop.core.store.knowledge import IndexState

    service = main_window.chat.knowledge_link.service
    library = service.library()
    library.create("docs")
    library.add("docs", [docs_folder])
    base = library.base("docs")
    # What a run leaves behind when the app is killed in the middle of it.
    library.repo.set_index_state(base.id, IndexState("running", "reading", 1, 4))
    main_window.show_page("knowledge")
    page = main_window.page_widgets["knowledge"]
    qtbot.waitUntil(lambda: page.resume_banner.isVisible(), timeout=10_000)
    assert "stopped before it finished (1 of 4 files)" in page.resume_banner.message.text()
    assert page.base_model.item(0).state == "interrupted"
    with qtbot.waitSignal(service.index_finished, timeout=60_000):
        page.resume_banner.button("Resume indexing").click()
    assert not page.resume_banner.isVisible()
    qtbot.waitUntil(lambda: len(page.documents.all_documents()) == 4, timeout=10_000)
    assert page.base_model.item(0).state == "done"


def test_an_embedder_that_fails_leaves_word_search_working_and_says_so(
    qtbot, main_window, ui_paths, docs_folder, tiny_embedder_path, tmp_path
):
    moved = tmp_path / "embedder-that-moves.gguf"
    shutil.copyfile(tiny_embedder_path, moved)
    from desktop.core.knowledge.library import KnowledgeLibrary

    store = main_window.chat.history.store
    with KnowledgeLibrary(store, ui_paths.root) as earlier:  # an earlier session
        earlier.create("docs", embedder=str(moved))
        earlier.add("docs", [docs_folder])
        earlier.index("docs")
    moved.unlink()  # the embedding model was deleted since

    main_window.show_page("knowledge")
    page = main_window.page_widgets["knowledge"]
    qtbot.waitUntil(lambda: page.current == "docs", timeout=10_000)
    page.tabs.setCurrentWidget(page.search)
    page.search.query.setText("proxy")
    with qtbot.waitSignal(page.search.searched, timeout=60_000):
        page.search.search_button.click()
    assert page.search.model.rowCount() >= 1
    top = page.search.model.item(0)
    assert top.chunk.path.endswith("proxy.md") and top.bm25 is not None and top.vector is None
    assert "words only" in page.search.status.text()
    notes = page.search.notes.text()
    assert page.search.notes.isVisible()
    assert "docs: searched by words only" in notes and "does not exist" in notes


def test_a_broken_embedder_creates_nothing_and_says_why(qtbot, knowledge_page, tmp_path):
    bad = tmp_path / "not-an-embedder.gguf"
    bad.write_bytes(b"this is not a GGUF file at all" * 10)
    page = knowledge_page
    page.new_button.click()
    dialog = page.last_dialog
    dialog.name_edit.setText("broken")
    dialog.with_embedder.setChecked(True)
    dialog.embedder_edit.setText(str(bad))
    with qtbot.waitSignal(page.busy_finished, timeout=60_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert page.banner.isVisible()
    assert page.banner.message.text().startswith("broken was not created:")
    assert page.base_model.rowCount() == 0


def test_the_dialog_refuses_an_empty_name(qtbot, knowledge_page):
    page = knowledge_page
    page.new_button.click()
    dialog = page.last_dialog
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.problem.text() == "Give the knowledge base a name."
    dialog.reject()


def test_removing_a_base_and_a_source(qtbot, knowledge_page, docs_folder, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = knowledge_page
    create_base(qtbot, page, "docs")
    index_folder(qtbot, page, docs_folder)
    page.source_table.selectRow(0)
    with qtbot.waitSignal(page.busy_finished, timeout=10_000):
        page.remove_source_button.click()
    qtbot.waitUntil(lambda: page.source_model.rowCount() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: page.documents.all_documents() == [], timeout=10_000)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.busy_finished, timeout=30_000):
        page.remove_button.click()
    qtbot.waitUntil(lambda: page.base_model.rowCount() == 0, timeout=10_000)
    assert page.empty.isVisible()


def test_every_knowledge_model_passes_the_model_tester(
    qtbot, qtmodeltester, knowledge_page, docs_folder
):
    page = knowledge_page
    create_base(qtbot, page, "docs")
    index_folder(qtbot, page, docs_folder)
    page.search.query.setText("proxy")
    with qtbot.waitSignal(page.search.searched, timeout=60_000):
        page.search.search()
    with qtbot.waitSignal(page.chunks.shown, timeout=10_000):
        page.show_document(page.documents.document_by_path(str(docs_folder / "proxy.md")))
    for model in (
        page.base_model,
        page.source_model,
        page.documents.model,
        page.search.model,
        page.chunks.model,
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
        assert model.index(0, 0).data(ObjectRole) is not None


def test_a_chinese_user_reads_states_and_skip_reasons_in_chinese(
    zh_cn, qtbot, knowledge_page, docs_folder
):
    page = knowledge_page
    assert page.tabs.tabText(0) == "文档"
    create_base(qtbot, page, "资料")
    index_folder(qtbot, page, docs_folder)
    model = page.documents.model
    row = model.row_of_path(str(docs_folder / "data.txt"))
    assert model.index(row, column(model, "状态")).data() == "已跳过"
    reason = model.index(row, column(model, "原因 / 备注")).data()
    assert reason.startswith("二进制数据") and "binary" not in reason
    assert page.base_model.index(0, 2).data() == "已是最新"
    assert page.progress.label.text().startswith("完成。")
    assert "仅词语" in page.header.text()
