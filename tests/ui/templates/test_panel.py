"""The templates panel, offscreen on a real store: use a template, edit versions, diff, restore."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCharFormat

from desktop.core.templates.library import TemplateLibrary


@pytest.fixture
def library(ui_store) -> TemplateLibrary:
    return TemplateLibrary(ui_store.templates)


@pytest.fixture
def panel(qtbot, ui_store, library):
    from desktop.ui.templates.panel import build_templates_panel

    widget = build_templates_panel(library)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def _fill(panel, **values: str) -> None:
    for name, text in values.items():
        panel.form.set_value(name, text)
    panel.form.refresh()


def test_list_model_and_version_model_pass_the_model_tester(qtmodeltester, panel, library) -> None:
    qtmodeltester.check(panel.list_model)
    entry = library.save(None, name="t", body="v1 {{x}}")
    library.save(entry, name="t", body="v2 {{x}}")
    panel.reload(entry.key)
    assert panel.history.versions_model.rowCount() == 2
    qtmodeltester.check(panel.history.versions_model)


def test_builtins_listed_in_both_languages_and_filterable(qtbot, panel) -> None:
    titles = [panel.list_model.index(r, 0).data() for r in range(panel.list_model.rowCount())]
    assert any("结构化提示词" in t for t in titles) and any(
        "Structured prompt" in t for t in titles
    )
    panel.filter_edit.setText("翻译")  # QTest.keyClicks only types ASCII
    visible = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert visible == ["翻译 (built-in, zh-CN)"]


def test_use_form_reports_missing_then_sends_to_chat(qtbot, panel) -> None:
    assert panel.select_template("structured-zh")
    assert [f.label for f in panel.form._content.fields] == ["角色", "任务", "要求", "补充说明"]
    panel.form.refresh()
    assert "Missing: role, task, requirements" in panel.form.missing_label.text()
    assert not panel.send_button.isEnabled()
    # A multi-line variable gets a multi-line editor; a default shows as its placeholder.
    assert type(panel.form.editor("task")).__name__ == "QPlainTextEdit"
    assert panel.form.editor("notes").placeholderText() == "无"

    panel.form.editor("role").insert("翻译")
    _fill(panel, task="把这句话翻译成英文", requirements="简洁")
    assert panel.form.missing_label.text() == ""
    assert "作为翻译，请执行以下任务" in panel.form.preview.toPlainText()
    assert "characters" in panel.form.count_label.text()  # no model: characters, said so
    with qtbot.waitSignal(panel.sendToChat) as sent:
        panel.send_button.click()
    system, user = sent.args
    assert system == "你是翻译。" and user.endswith("另外，补充说明：无")
    with qtbot.waitSignal(panel.useAsSystemPrompt) as used:
        panel.system_button.click()
    assert used.args[0].startswith("你是翻译。\n\n作为翻译")


def test_preview_updates_live_after_typing(qtbot, panel) -> None:
    panel.select_template("translate")
    qtbot.keyClicks(panel.form.editor("text"), "Bonjour")
    qtbot.waitUntil(lambda: "Bonjour" in panel.form.preview.toPlainText(), timeout=2000)
    assert panel.send_new_button.isEnabled()


def test_token_count_uses_the_loaded_model(qtbot, library, tiny_model_path) -> None:
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.protocol import LoadOptions
    from desktop.ui.templates.panel import TemplatesPanel

    client = EngineClient()
    try:
        client.load(LoadOptions(str(tiny_model_path), n_ctx=512))
        widget = TemplatesPanel(library, count_tokens=client.count_tokens)
        qtbot.addWidget(widget)
        widget.select_template("summarize")
        _fill(widget, text="你好，世界")
        expected = client.count_tokens(widget.form.preview.toPlainText())
        assert widget.form.count_label.text() == f"{expected} tokens"
    finally:
        client.close()


def test_builtin_is_read_only_and_duplicate_makes_it_editable(qtbot, panel) -> None:
    panel.select_template("summarize")
    panel.tabs.setCurrentIndex(1)
    assert panel.body_edit.isReadOnly() and not panel.save_button.isEnabled()
    assert not panel.delete_button.isEnabled()
    with qtbot.waitSignal(panel.templatesChanged):
        panel.duplicate_button.click()
    entry = panel.current_entry()
    assert entry is not None and not entry.builtin and entry.name == "summarize copy"
    assert not panel.body_edit.isReadOnly() and panel.save_button.isEnabled()


def test_every_save_is_a_version_with_diff_and_restore(qtbot, panel, library) -> None:
    panel.new_button.click()
    panel.name_edit.setText("摘要")
    panel.body_edit.setPlainText("Summarize {{text}} in one line.")
    panel.save_button.click()
    assert "version 1" in panel.status_label.text()
    panel.body_edit.setPlainText("Summarize {{text}} in two lines.")
    panel.note_edit.setText("longer")
    panel.save_button.click()
    assert "version 2" in panel.status_label.text()
    entry = panel.current_entry()
    assert [v.body for v in library.versions(entry)] == [
        "Summarize {{text}} in one line.",
        "Summarize {{text}} in two lines.",
    ]
    # History: newest first, diff between the two, restore v1 as v3.
    panel.tabs.setCurrentIndex(2)
    assert (
        panel.history.versions_model.index(0, 0).data().startswith("v2")
        and "longer" in panel.history.versions_model.index(0, 0).data()
    )
    diff = panel.history.diff_view.toPlainText()
    assert (
        "-Summarize {{text}} in one line." in diff and "+Summarize {{text}} in two lines." in diff
    )
    panel.history.versions_view.setCurrentIndex(panel.history.versions_model.index(1, 0))
    panel.history.restore_button.click()
    versions = library.versions(panel.current_entry())
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[-1].body == versions[0].body and versions[-1].note == "Restored from version 1"
    assert panel.body_edit.toPlainText() == "Summarize {{text}} in one line."
    # Any two versions can be compared: v1 against v3 (its restored copy) is identical.
    panel.history.old_combo.setCurrentIndex(2)
    panel.history.new_combo.setCurrentIndex(0)
    assert panel.history.diff_view.toPlainText() == "v1 and v3 are identical."


def test_saving_unchanged_text_adds_no_version(panel, library) -> None:
    entry = library.save(None, name="same", body="x {{y}}")
    panel.reload(entry.key)
    panel.save_button.click()
    assert [v.number for v in library.versions(entry)] == [1]


def test_unknown_placeholders_highlighted_and_listed(qtbot, panel) -> None:
    panel.new_button.click()
    panel.body_edit.setPlainText("Hello {{user name}} and {{name}} and \\{{literal}}")
    problems = panel.problems_label.text()
    assert "Not a variable name" in problems and "{{user name}}" in problems
    assert "literal" not in problems
    block = panel.body_edit.document().firstBlock()
    ranges = block.layout().formats()  # keep the list alive while reading its formats
    styles = {
        (r.start, r.length): (r.format.underlineStyle(), r.format.foreground().color().name())
        for r in ranges
    }
    text = block.text()
    bad = styles[(text.index("{{user name}}"), len("{{user name}}"))]
    good = styles[(text.index("{{name}}"), len("{{name}}"))]
    wavy = QTextCharFormat.UnderlineStyle.WaveUnderline
    assert bad[0] == wavy and good[0] != wavy
    assert good[1] != bad[1]
    assert (text.index("\\{{literal}}"), len("\\{{literal}}")) not in styles


def test_bad_input_keeps_the_editor_text(panel, library) -> None:
    library.save(None, name="taken", body="x")
    panel.new_button.click()
    panel.name_edit.setText("taken")
    panel.body_edit.setPlainText("my precious text")
    panel.save_button.click()
    assert "already exists" in panel.status_label.text()
    assert panel.body_edit.toPlainText() == "my precious text"
    panel.name_edit.setText("fresh")
    panel.params_edit.setText("{not json")
    panel.save_button.click()
    assert "JSON object" in panel.status_label.text()
    assert library.find("fresh") is None


def test_delete_needs_a_second_click(qtbot, panel, library) -> None:
    entry = library.save(None, name="doomed", body="x")
    panel.reload(entry.key)
    panel.delete_button.click()
    assert library.find("doomed") is not None and "again" in panel.delete_button.text()
    panel.delete_button.click()
    assert library.find("doomed") is None
    assert panel.current_entry() is not None and panel.current_entry().name != "doomed"


def test_reload_shows_versions_saved_elsewhere(panel, library) -> None:
    entry = library.save(None, name="shared", body="one {{x}}")
    panel.reload(entry.key)
    library.save(entry, name="shared", body="two {{x}}")  # e.g. by the CLI
    panel.reload()
    assert panel.body_edit.toPlainText() == "two {{x}}"
    assert panel.history.versions_model.rowCount() == 2
