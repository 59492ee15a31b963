"""Tool calling in the chat, as a user does it: enable a tool, send, answer the approval card,
read the cards; every step is saved in the conversation tree."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core.tools.mcp_config import servers_from_json
from desktop.core.tools.tool_settings import ChatToolChoices, ToolSettings, chat_key
from desktop.ui.tools.tools_group import ToolCatalogModel

SERVER = Path(__file__).parents[2] / "core" / "tools" / "mcp_demo_server.py"


def enable(window, name: str, *, forced: bool = True, steps: int | None = None) -> None:
    group = window.chat.tools.tools_group
    assert group.set_checked(name, True), group.model.entries()
    if forced:  # a random-weight model calls a tool only when made to
        group.choice.setCurrentIndex(group.choice.findData(name))
        group.on_choice_activated(group.choice.currentIndex())
    if steps is not None:
        group.steps.setValue(steps)


def send_and_wait_for_card(qtbot, window, text: str):
    composer = window.chat.chat_panel.composer
    composer.set_text(text)
    turn = window.chat.tools.agent_turn
    with qtbot.waitSignal(turn.approval_requested, timeout=60_000) as blocker:
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    card = window.chat.tools.approval_card
    qtbot.waitUntil(card.isVisible)
    return blocker.args[0], card


def finish(qtbot, window, click) -> object:
    with qtbot.waitSignal(window.chat.tools.agent_turn.finished, timeout=60_000) as blocker:
        click()
    window.chat.controller.wait_for_saves()
    return blocker.args[0]


def rows(window) -> list:
    return window.chat.transcript.items()


def test_catalog_model_is_a_well_behaved_item_model(qtbot, qtmodeltester, tool_window):
    model = tool_window.chat.tools.tools_group.model
    assert isinstance(model, ToolCatalogModel)
    qtmodeltester.check(model)
    assert {"calculator", "current_datetime"} <= {e.definition.name for e in model.entries()}


def test_allow_with_edited_arguments_runs_the_calculator(qtbot, tool_window, ui_store):
    window = tool_window
    enable(window, "calculator")
    session = window.chat.tools
    qtbot.waitUntil(lambda: session.last_estimate_tools == ("calculator",), timeout=30_000)
    with_tools, plain = session.last_estimate
    assert with_tools > plain  # the context meter counts the tool's definition
    pending, card = send_and_wait_for_card(qtbot, window, "What is 2+40?")
    assert pending.call.name == "calculator"
    assert "calculator" in card.title.text()
    # The model's (random) arguments are shown, editable; the user fixes them and allows.
    assert "expression" in json.loads(card.arguments.toPlainText())
    card.arguments.setPlainText('{"expression": "2+40"}')
    run = finish(
        qtbot, window, lambda: qtbot.mouseClick(card.allow_button, Qt.MouseButton.LeftButton)
    )
    assert run.stop == "answered" and not card.isVisible()

    roles = [r.role for r in rows(window)]
    assert roles == ["user", "assistant", "tool", "assistant"]
    call_row, tool_row = rows(window)[1], rows(window)[2]
    assert [c.name for c in call_row.tool_calls] == ["calculator"]
    assert "<tool_call>" in call_row.raw_text  # the exact text the model wrote
    assert tool_row.text == "42" and tool_row.tool_detail["approval"] == "allow"
    assert tool_row.tool_detail["edited"] is True
    view = window.chat.chat_panel.view
    card_text = view.message_delegate.documents.layout(tool_row).body.toPlainText()
    assert "calculator" in card_text and "allowed once" in card_text and "42" in card_text

    # The raw toggle shows the exact text instead of the card.
    point = view.point_of_action(1, "raw")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert rows(window)[1].show_raw
    raw = view.message_delegate.documents.layout(rows(window)[1]).body.toPlainText()
    assert raw.startswith("<tool_call>") and '"calculator"' in raw

    # Every step is in the conversation tree, in order, with its tool fields.
    saved = ui_store.messages.active_path(window.chat.controller.conversation_id)
    assert [m.role for m in saved] == roles
    assert saved[1].params["tool_calls"][0]["name"] == "calculator"
    assert saved[2].params["tool_call_id"] == saved[1].params["tool_calls"][0]["id"]
    assert saved[2].content == "42"
    # Reopened, the cards come back from the store.
    conversation = window.chat.controller.conversation_id
    window.on_new_chat()
    window.chat.open_conversation(conversation)
    again = rows(window)
    assert again[1].tool_calls[0].name == "calculator" and again[2].tool_name == "calculator"


def test_deny_is_recorded_and_always_skips_the_card_next_time(qtbot, tool_window, ui_store):
    window = tool_window
    enable(window, "calculator")
    _pending, card = send_and_wait_for_card(qtbot, window, "Compute something")
    finish(qtbot, window, lambda: qtbot.mouseClick(card.deny_button, Qt.MouseButton.LeftButton))
    tool_row = rows(window)[2]
    assert tool_row.tool_detail["approval"] == "deny"
    assert tool_row.text == "The user did not allow this call of calculator."
    conversation = window.chat.controller.conversation_id
    saved = ui_store.messages.active_path(conversation)
    assert saved[2].role == "tool" and saved[2].content == tool_row.text

    _pending, card = send_and_wait_for_card(qtbot, window, "Again")
    card.arguments.setPlainText('{"expression": "6*7"}')
    finish(qtbot, window, lambda: qtbot.mouseClick(card.always_button, Qt.MouseButton.LeftButton))
    assert rows(window)[-2].text == "42"
    choices = ChatToolChoices.from_dict(ui_store.settings.get(chat_key(conversation)))
    assert choices.always == ("calculator",) and choices.tools == ("calculator",)

    # Next time the tool runs without asking.
    asked = []
    window.chat.tools.agent_turn.approval_requested.connect(asked.append)
    composer = window.chat.chat_panel.composer
    composer.set_text("And once more")
    finish(
        qtbot,
        window,
        lambda: qtbot.keyClick(
            composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        ),
    )
    assert asked == [] and not window.chat.tools.approval_card.isVisible()
    assert rows(window)[-2].role == "tool" and rows(window)[-2].tool_detail["approval"] == "auto"


def test_step_limit_and_stop(qtbot, tool_window):
    window = tool_window
    enable(window, "calculator", steps=1)
    _pending, card = send_and_wait_for_card(qtbot, window, "Compute")
    card.arguments.setPlainText('{"expression": "1+1"}')
    run = finish(
        qtbot, window, lambda: qtbot.mouseClick(card.allow_button, Qt.MouseButton.LeftButton)
    )
    assert run.stop == "step_limit"
    banner = window.chat.chat_panel.banner
    assert banner.isVisible() and "stopped after 1 steps" in banner.message.text()
    assert [r.role for r in rows(window)][-2:] == ["assistant", "tool"]

    # Stop while a call waits: it is denied as cancelled and the loop ends.
    _pending, card = send_and_wait_for_card(qtbot, window, "Compute again")
    run = finish(qtbot, window, window.chat.chat_panel.stop_or_cancel)
    assert run.stop == "cancelled" and not card.isVisible()
    assert rows(window)[-1].tool_detail["approval"] == "cancelled"
    assert not window.chat.controller.is_busy()


def test_mcp_server_over_stdio_from_settings(qtbot, tool_window, ui_store):
    window = tool_window
    session = window.chat.tools
    settings = ToolSettings(
        servers_from_json(
            {"mcpServers": {"demo": {"command": sys.executable, "args": [str(SERVER)]}}}
        ),
        timeout=2,
    )
    with qtbot.waitSignal(session.tools_group.catalog_loaded, timeout=60_000):
        session.apply_settings(settings)
    sources = {e.definition.name: e.source for e in session.tools_group.model.entries()}
    assert sources["add"] == "demo" and sources["hang"] == "demo"
    assert ToolSettings.from_dict(ui_store.settings.get("tools.settings")) == settings

    enable(window, "add")
    _pending, card = send_and_wait_for_card(qtbot, window, "Add 2 and 40")
    card.arguments.setPlainText('{"a": 2, "b": 40}')
    finish(qtbot, window, lambda: qtbot.mouseClick(card.allow_button, Qt.MouseButton.LeftButton))
    assert rows(window)[2].text == "42"

    # A tool that hangs is cut off after the timeout; its card says it failed.
    window.chat.tools.tools_group.set_checked("add", False)
    enable(window, "hang")
    _pending, card = send_and_wait_for_card(qtbot, window, "Wait")
    card.arguments.setPlainText('{"seconds": 60}')
    finish(qtbot, window, lambda: qtbot.mouseClick(card.allow_button, Qt.MouseButton.LeftButton))
    hung = [r for r in rows(window) if r.role == "tool"][-1]
    assert hung.tool_detail["is_error"] and "did not answer within 2 seconds" in hung.text
