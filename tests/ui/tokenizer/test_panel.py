"""The tokenizer panel, offscreen: live updates, compare, hover, ids, prompt mode, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QAbstractItemDelegate

from desktop.core.resources import resource_path
from desktop.core.tokenizers import TiktokenCache, TokenizerRegistry
from desktop.ui.tokenizer.panel import TokenizerPanel
from desktop.ui.tokenizer.prompt_messages import PromptMessagesModel
from desktop.ui.tokenizer.token_table import TokenTableModel

TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory, tiny_model_path: Path):
    cache = TiktokenCache(tmp_path_factory.mktemp("tiktoken"), resource_path("tiktoken"))
    registry = TokenizerRegistry(cache)
    registry.set_loaded_model(tiny_model_path)
    yield registry
    registry.close()


@pytest.fixture
def make_panel(qtbot, registry):
    panels: list[TokenizerPanel] = []

    def make(*specs: str) -> TokenizerPanel:
        panel = TokenizerPanel(registry, specs=list(specs) or None)
        qtbot.addWidget(panel)
        panel.resize(1200, 700)
        panel.show()
        panels.append(panel)
        wait_shown(qtbot, panel)
        return panel

    yield make
    for panel in panels:
        panel.shutdown()
        assert not panel._thread.qthread.isRunning()


def wait_shown(qtbot, panel: TokenizerPanel) -> None:
    qtbot.waitUntil(
        lambda: panel.last_shown_request == panel._next_id and not panel._in_flight,
        timeout=TIMEOUT_MS,
    )


def model_spec(tiny_model_path: Path) -> str:
    return f"model:{tiny_model_path.resolve()}"


def test_starts_with_the_loaded_model_and_updates_as_you_type(
    qtbot, make_panel, tiny_model_path: Path
) -> None:
    panel = make_panel()
    assert panel.tokenizer_specs() == [model_spec(tiny_model_path)]
    panel.editor.clear()
    wait_shown(qtbot, panel)
    qtbot.keyClicks(panel.editor, "Hello ")
    panel.editor.insertPlainText("你好")  # what an input method commits (QTest types ASCII only)
    wait_shown(qtbot, panel)
    column = panel.columns[0]
    assert column.view.toPlainText() == "Hello 你好"
    assert column.counts_label.text().startswith("3 tokens · 8 characters · 12 bytes")
    assert column.table_model.rowCount() == 3


def test_edits_anywhere_keep_the_view_exact(qtbot, make_panel, tiny_model_path: Path) -> None:
    panel = make_panel(model_spec(tiny_model_path))
    lines = [f"line {i}: 你好 🙂 tokens" for i in range(300)]
    panel.set_text("\n".join(lines))
    wait_shown(qtbot, panel)
    view = panel.columns[0].view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    scrolled = view.verticalScrollBar().value()
    cursor = panel.editor.textCursor()
    middle = "\n".join(lines[:150])
    cursor.setPosition(len(middle.encode("utf-16-le")) // 2)  # Qt counts UTF-16 units
    cursor.insertText("\nnew 中文 line 👨‍👩‍👧")
    wait_shown(qtbot, panel)
    expected = "\n".join([*lines[:150], "new 中文 line 👨‍👩‍👧", *lines[150:]])
    assert view.toPlainText() == expected
    assert view.verticalScrollBar().value() == scrolled  # the reader stays where they were
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    wait_shown(qtbot, panel)
    assert view.toPlainText() == expected.split("\n", 1)[1]
    assert view.format_visible_blocks() == 0  # what is on screen is coloured already
    assert_colours_match_tokens(view)


def expected_spans(tokenization) -> list[tuple[int, int]]:
    """Each whole-character run of tokens as (start, end) in UTF-16 units, worked out here from
    the tokenizer's own byte offsets: a token that ends inside a UTF-8 character joins the next."""
    data = tokenization.data
    utf16_at: dict[int, int] = {0: 0}  # byte offset of each character boundary -> UTF-16 offset
    byte, unit = 0, 0
    for char in tokenization.text:
        byte += len(char.encode("utf-8"))
        unit += 2 if ord(char) > 0xFFFF else 1
        utf16_at[byte] = unit
    spans = []
    group_start = None
    for start, end in zip(tokenization.starts, tokenization.ends, strict=True):
        group_start = int(start) if group_start is None else group_start
        if int(end) in utf16_at and int(end) > group_start:
            spans.append((utf16_at[group_start], utf16_at[int(end)]))
            group_start = None
    assert group_start is None and len(data) == byte
    return spans


def assert_colours_match_tokens(view) -> None:
    """The blocks on screen, kept coloured across edits, show each run of tokens in its own
    colour, in turn."""
    from desktop.ui.tokenizer.token_view import is_dark, span_color

    spans = expected_spans(view.display.tokenization)
    dark = is_dark(view.palette())
    block = view.firstVisibleBlock()
    bottom = view.viewport().height()
    checked = 0
    while (
        block.isValid()
        and view.blockBoundingGeometry(block).translated(view.contentOffset()).top() < bottom
    ):
        lo, hi = block.position(), block.position() + block.length()
        expected = [
            (max(s, lo) - lo, min(e, hi) - max(s, lo), span_color(g, dark).name())
            for g, (s, e) in enumerate(spans)
            if s < hi and e > lo
        ]
        shown = [
            (r.start, r.length, QTextCharFormat(r.format).background().color().name())
            for r in block.layout().formats()
        ]
        assert shown == expected
        checked += 1
        block = block.next()
    assert checked > 5


def test_follows_the_model_the_engine_loads(
    qtbot, tmp_path: Path, tiny_model_path: Path, tiny_model_no_template: Path
) -> None:
    registry = TokenizerRegistry(TiktokenCache(tmp_path / "cache", resource_path("tiktoken")))
    panel = TokenizerPanel(registry)
    qtbot.addWidget(panel)
    try:
        wait_shown(qtbot, panel)
        assert panel.tokenizer_specs()[0].startswith("tiktoken:")  # no model loaded yet
        panel.set_loaded_model(tiny_model_path, n_ctx=1024)
        wait_shown(qtbot, panel)
        assert panel.tokenizer_specs() == [model_spec(tiny_model_path)]
        assert "loaded model" in panel.columns[0].picker.currentText()
        panel.set_loaded_model(tiny_model_no_template)
        wait_shown(qtbot, panel)
        assert panel.tokenizer_specs() == [model_spec(tiny_model_no_template)]
    finally:
        panel.shutdown()
        registry.close()


def test_compare_mode_counts_and_ratio(qtbot, make_panel, tiny_model_path: Path) -> None:
    panel = make_panel(model_spec(tiny_model_path), "tiktoken:r50k_base")
    panel.set_text("中文文本必须正确地分词、渲染、搜索和导出。")
    wait_shown(qtbot, panel)
    model_tokens = len(panel.columns[0].result.display.tokenization)
    r50k_tokens = len(panel.columns[1].result.display.tokenization)
    assert r50k_tokens > model_tokens
    assert f"{r50k_tokens / model_tokens:.2f}×" in panel.compare_label.text()
    panel.add_tokenizer("tiktoken:cl100k_base")
    wait_shown(qtbot, panel)
    assert len(panel.columns) == 3 and "cl100k_base" in panel.compare_label.text()
    panel.columns[1].remove_button.click()
    wait_shown(qtbot, panel)
    assert panel.tokenizer_specs() == [model_spec(tiny_model_path), "tiktoken:cl100k_base"]


def test_hard_text_never_shows_replacement_characters(qtbot, make_panel, tiny_model_path) -> None:
    panel = make_panel(model_spec(tiny_model_path), "tiktoken:cl100k_base")
    text = "👨‍👩‍👧 family, שלום עולם, NUL\x00 and 🇫🇷 flags"
    panel.set_text(text)
    wait_shown(qtbot, panel)
    for column in panel.columns:
        shown = column.view.toPlainText()
        assert "\ufffd" not in shown
        assert shown == text.replace("\x00", "\u2400")  # NUL drawn as ␀
        display = column.view.display
        emoji_group = display.group_at(0)
        assert display.group_ends[emoji_group] >= 2  # the whole 👨, not a byte of it


def test_hover_and_click_show_token_details(qtbot, make_panel, tiny_model_path) -> None:
    panel = make_panel(model_spec(tiny_model_path))
    panel.set_text("Hello world")
    wait_shown(qtbot, panel)
    column = panel.columns[0]
    view = column.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(7)  # inside "world"
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    with qtbot.waitSignal(view.group_hovered, timeout=TIMEOUT_MS) as hovered:
        qtbot.mouseMove(view.viewport(), point)
    group = hovered.args[0]
    assert group >= 0
    span = view.display.tokenization.span(view.display.tokens_of(group)[0])
    assert span.raw == b" world"
    assert f"id {span.id}" in column.detail_label.text()
    assert "20 77 6F 72 6C 64" in column.detail_label.text()  # hex bytes
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.selected_group == group
    assert column.table.currentIndex().row() == view.display.tokens_of(group)[0]
    # and the other way round: a row of the ids table selects its token in the text
    column.table.clicked.emit(column.table_model.index(0, 1))
    assert view.selected_group == 0


def test_special_tokens_and_whitespace(qtbot, make_panel, tiny_model_path) -> None:
    panel = make_panel(model_spec(tiny_model_path))
    panel.set_text("<|im_start|>user\nhi there\t!")
    wait_shown(qtbot, panel)
    display = panel.columns[0].view.display
    assert bool(display.group_special[0]) and not bool(display.group_special[-1])
    assert panel.columns[0].table_model.data(panel.columns[0].table_model.index(0, 4)) == "control"
    panel.set_show_whitespace(True)
    wait_shown(qtbot, panel)
    assert panel.columns[0].view.toPlainText() == "<|im_start|>user↵\nhi·there→!"
    panel.special_box.setChecked(False)
    wait_shown(qtbot, panel)
    assert not panel.columns[0].view.display.group_special.any()


def test_prompt_mode_counts_against_the_context(qtbot, make_panel, tiny_model_path) -> None:
    panel = make_panel(model_spec(tiny_model_path), "tiktoken:o200k_base")
    panel.set_conversation([{"role": "user", "content": "你好"}])
    panel.set_mode("prompt")
    wait_shown(qtbot, panel)
    model_column, tiktoken_column = panel.columns
    shown = model_column.view.toPlainText()
    assert shown == "<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n"
    n = len(model_column.result.display.tokenization)
    assert f"{n} of 2048 context tokens" in model_column.counts_label.text()
    assert "ChatML" in tiktoken_column.counts_label.text()
    panel.set_context_length(512)
    wait_shown(qtbot, panel)
    assert f"{n} of 512 context tokens" in model_column.counts_label.text()
    panel.generation_prompt_box.setChecked(False)
    wait_shown(qtbot, panel)
    assert not model_column.view.toPlainText().endswith("assistant\n")
    # edit a message in the view's multi-line editor, as a user would
    view = panel.messages_view
    index = panel.messages_model.index(0, 1)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.focusWidget()
    assert editor.__class__.__name__ == "QPlainTextEdit"
    editor.setPlainText("第一行\nsecond line")
    view.commitData(editor)
    view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    wait_shown(qtbot, panel)
    assert "<|im_start|>user\n第一行\nsecond line<|im_end|>" in model_column.view.toPlainText()


def test_bad_tokenizers_are_reported_in_their_column(
    qtbot, make_panel, broken_models, tmp_path: Path
) -> None:
    missing = TiktokenCache(tmp_path / "empty", bundled_dir=None)
    registry = TokenizerRegistry(missing)
    panel = TokenizerPanel(registry, specs=[f"model:{broken_models['truncated']}", "o200k_base"])
    qtbot.addWidget(panel)
    try:
        wait_shown(qtbot, panel)
        assert "truncated.gguf" in panel.columns[0].counts_label.text()
        assert "not available offline" in panel.columns[1].counts_label.text()
        assert panel.columns[0].view.toPlainText() == ""
    finally:
        panel.shutdown()


def test_invalid_utf8_file_is_shown_and_said(qtbot, make_panel, tmp_path: Path) -> None:
    panel = make_panel("tiktoken:cl100k_base")
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"caf\xe9 ok \xff\n")
    panel.load_file(path)
    wait_shown(qtbot, panel)
    assert "not valid UTF-8" in panel.input_notice.text()
    assert panel.columns[0].view.toPlainText() == "caf\ufffd ok \ufffd\n"


def test_ten_megabytes_go_in_by_chunks_with_the_event_loop_running_between(
    qtbot, make_panel
) -> None:
    """The window stays live because the work is cut into event-loop turns: other events (a
    probe timer here, paints and clicks for a user) run between any two chunks. How long a
    turn takes is a speed goal: bench/tokenizer_stall.py measures it."""
    from desktop.ui.tokenizer.token_input import CHUNK
    from desktop.ui.tokenizer.token_view import CHUNK_CHARS

    panel = make_panel("tiktoken:cl100k_base")
    line = "Tokens are what models read. 模型读的是词元。 🙂 12345\n"
    text = line * (10_000_000 // len(line.encode()))
    view = panel.columns[0].view
    ticks = [0]
    view_loading_ticks = [0]

    def tick() -> None:
        ticks[0] += 1
        if view.display is not None and not view.fully_loaded:
            view_loading_ticks[0] += 1

    editor_chunks: list[int] = []  # probe ticks seen when each editor chunk went in
    panel.editor.loading_progress.connect(lambda _percent: editor_chunks.append(ticks[0]))
    probe = QTimer()
    probe.setInterval(0)
    probe.timeout.connect(tick)
    probe.start()
    panel.set_text(text)  # goes into the editor by chunks, then is tokenized once
    assert panel.editor.loading  # nothing was inserted in one blocking call
    qtbot.waitUntil(lambda: not panel.editor.loading, timeout=TIMEOUT_MS)
    assert panel.editor.document().characterCount() - 1 == len(text.encode("utf-16-le")) // 2
    assert len(editor_chunks) == -(-len(text) // CHUNK) - 1  # every chunk but the last reports
    assert all(b > a for a, b in zip(editor_chunks, editor_chunks[1:], strict=False))
    wait_shown(qtbot, panel)
    first_screen = view.toPlainText()[:200]
    assert first_screen == text[:200]
    qtbot.waitUntil(lambda: view.fully_loaded, timeout=TIMEOUT_MS)
    probe.stop()
    assert len(view.display.tokenization) > 1_000_000
    assert view.document().characterCount() - 1 == len(text.encode("utf-16-le")) // 2
    # The view's own chunks interleave with other events too.
    assert view_loading_ticks[0] >= len(text) // CHUNK_CHARS // 2


def test_a_large_paste_goes_in_without_freezing(qtbot, make_panel) -> None:
    from PySide6.QtGui import QGuiApplication

    panel = make_panel("tiktoken:o200k_base")
    panel.editor.clear()
    wait_shown(qtbot, panel)
    text = "粘贴 a large text 🙂\n" * 80_000  # ~1.7 million characters
    QGuiApplication.clipboard().setText(text)
    panel.editor.paste()
    assert panel.editor.loading  # not inserted in one blocking call
    qtbot.waitUntil(lambda: not panel.editor.loading, timeout=TIMEOUT_MS)
    wait_shown(qtbot, panel)
    view = panel.columns[0].view
    qtbot.waitUntil(lambda: view.fully_loaded, timeout=TIMEOUT_MS)
    assert view.toPlainText() == text
    assert panel.columns[0].result.display.tokenization.text == text


def test_item_models(qtmodeltester, registry, tiny_model_path) -> None:
    table = TokenTableModel()
    table.set_tokenization(registry.get(model_spec(tiny_model_path)).tokenize("Hello 你好 🙂"))
    qtmodeltester.check(table)
    assert table.ids_text().startswith("398, 32, 363")
    texts = [table.data(table.index(row, 2)) for row in range(table.rowCount())]
    assert texts[:3] == ["Hello", " ", "你好"]
    assert texts[-4:] == ["[F0]", "[9F]", "[99]", "[82]"]  # 🙂 cut into byte tokens
    messages = PromptMessagesModel()
    messages.set_messages([{"role": "user", "content": "hi"}])
    messages.add_message("assistant", "hello")
    qtmodeltester.check(messages)
    assert messages.setData(messages.index(1, 1), "你好")
    assert messages.messages()[1] == {"role": "assistant", "content": "你好"}


def test_span_colours_follow_the_theme(qtbot, make_panel) -> None:
    from PySide6.QtGui import QColor, QPalette

    from desktop.ui.tokenizer.token_view import span_color

    panel = make_panel("tiktoken:cl100k_base")
    panel.set_text("light and dark")
    wait_shown(qtbot, panel)
    view = panel.columns[0].view
    view.format_visible_blocks()

    def first_colour() -> QColor:
        ranges = view.document().firstBlock().layout().formats()
        first = ranges[0]
        fmt = QTextCharFormat(first.format)
        return QColor(fmt.background().color())

    assert first_colour() == span_color(0, dark=False)
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e2024"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    view.setPalette(dark)
    qtbot.waitUntil(lambda: first_colour() == span_color(0, dark=True), timeout=TIMEOUT_MS)


def test_pointing_at_a_model_in_the_picker_loads_its_vocabulary_before_the_click(
    qtbot, tmp_path: Path, tiny_model_path: Path
) -> None:
    registry = TokenizerRegistry(TiktokenCache(tmp_path / "cache", resource_path("tiktoken")))
    registry.add_model(tiny_model_path)  # known (listed), not loaded
    panel = TokenizerPanel(registry, specs=["tiktoken:cl100k_base"])
    qtbot.addWidget(panel)
    try:
        wait_shown(qtbot, panel)
        spec = model_spec(tiny_model_path)
        picker = panel.columns[0].picker
        assert registry.loaded(spec) is None
        picker.highlighted.emit(picker.findData(spec))  # what hovering the popup entry emits
        qtbot.waitUntil(lambda: registry.loaded(spec) is not None, timeout=TIMEOUT_MS)
        assert panel.tokenizer_specs() == ["tiktoken:cl100k_base"]  # nothing chosen yet
    finally:
        panel.shutdown()
        registry.close()
