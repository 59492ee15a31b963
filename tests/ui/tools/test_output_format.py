"""A chat with an output format, as a user sets it up: the reply parses and fits the schema,
violations and the grammar's cost show under it, the token popup shows the removed mass."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip

from tests.ui.helpers import send

PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 10},
        "age": {"type": "integer", "minimum": 1, "maximum": 120},
        "score": {"type": "number", "multipleOf": 0.5},
    },
    "required": ["name", "age"],
    "additionalProperties": False,
}


def choose_schema(qtbot, window, schema: dict) -> None:
    editor = window.chat.tools.format_editor
    editor.kind.setCurrentIndex(editor.kind.findData("json_schema"))
    editor.text.setPlainText(json.dumps(schema))
    qtbot.waitUntil(lambda: not editor._dirty)  # checked after the user stops typing


def footer_text(window, row: int) -> str:
    view = window.chat.chat_panel.view
    item = window.chat.transcript.item(row)
    return view.message_delegate.documents.layout(item).footer.toPlainText()


def test_json_schema_reply_parses_validates_and_shows_removed_mass(qtbot, loaded_window):
    window = loaded_window
    inspector = window.chat.inspector
    inspector.max_tokens.setValue(200)
    inspector.temperature.setValue(1.0)
    choose_schema(qtbot, window, PERSON)
    editor = window.chat.tools.format_editor
    assert "multipleOf" in editor.status.text()  # what the grammar leaves to the validator

    # Show grammar: the GBNF the sampler runs, and the keyword it cannot enforce.
    qtbot.mouseClick(editor.show_button, Qt.MouseButton.LeftButton)
    dialog = editor.last_dialog
    assert dialog is not None and dialog.isVisible()
    assert "\nroot ::= " in "\n" + dialog.text.toPlainText()
    assert "multipleOf" in dialog.notes.text()
    dialog.close()

    window.chat.inspector.show_probs.setChecked(True)
    send(qtbot, window, "Describe 李雷 as JSON.")
    reply = window.chat.transcript.item(1)
    value = json.loads(reply.text)
    assert not list(Draft202012Validator(PERSON).iter_errors(value))
    assert reply.format_check.ok
    footer = footer_text(window, 1)
    assert "JSON Schema" in footer and "✓ fits" in footer
    cost = reply.constraint
    assert cost is not None and cost.nats > 0
    assert f"constraint cost {cost.nats:.2f} nats" in footer

    # Hover the first token: the popup says how much probability the grammar removed.
    view = window.chat.chat_panel.view
    first = next(i for i, t in enumerate(reply.tokens) if t.text.strip())
    qtbot.waitUntil(lambda: view.point_of_token(1, first) is not None)
    point = view.point_of_token(1, first)
    QToolTip.hideText()
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    removed = reply.tokens[first].grammar_removed
    assert removed is not None
    assert f"The grammar removed {removed * 100:.1f}% of the probability" in QToolTip.text()
    assert "Allowed by the grammar" in QToolTip.text()

    # Reopened later, the reply still says what it was checked against and what it cost.
    conversation = window.chat.controller.conversation_id
    window.chat.controller.wait_for_saves()
    window.on_new_chat()
    editor.kind.setCurrentIndex(editor.kind.findData("text"))
    window.chat.open_conversation(conversation)
    again = window.chat.transcript.item(1)
    assert again.format_check.ok and again.constraint == cost
    assert editor.current_kind() == "json_schema"  # the chat's own format came back


def test_violations_are_listed_under_the_reply(qtbot, loaded_window):
    window = loaded_window
    window.chat.inspector.max_tokens.setValue(3)  # cut short: the JSON cannot be finished
    choose_schema(qtbot, window, PERSON)
    send(qtbot, window, "JSON please")
    reply = window.chat.transcript.item(1)
    assert not reply.format_check.ok
    footer = footer_text(window, 1)
    assert "✗" in footer and "ended early (length)" in footer


def test_a_broken_schema_sends_nothing_and_says_why(qtbot, loaded_window):
    window = loaded_window
    choose_schema(qtbot, window, {"type": "objekt"})
    editor = window.chat.tools.format_editor
    assert "not valid" in editor.status.text()
    composer = window.chat.chat_panel.composer
    composer.set_text("hello")
    composer.on_submit()
    assert window.chat.transcript.items() == []
    banner = window.chat.chat_panel.banner
    assert banner.isVisible() and "not valid" in banner.message.text()
    assert composer.edit.toPlainText() == "hello"  # the text stays to send once fixed
