"""Tool calls and results are messages in the tree: saved, exported, imported, read back."""

from __future__ import annotations

from desktop.core.engine.protocol import ChatMessage, ToolCall
from desktop.core.store import open_store
from desktop.core.store.transfer import export_json, import_text
from desktop.core.tools.stored import chat_message, message_params


def test_tool_messages_survive_save_export_and_import(paths) -> None:
    call = ToolCall("abc123XYZ", "add", '{"a": 1, "b": "二"}')
    sent = [
        ChatMessage("user", "1+2?"),
        ChatMessage("assistant", "", (call,)),
        ChatMessage("tool", "3", tool_call_id=call.id, name="add"),
        ChatMessage("assistant", "It is 3."),
    ]
    store = open_store(paths)
    try:
        conv = store.conversations.create(model="m")
        for msg in sent:
            store.messages.append(conv.id, msg.role, msg.content, params=message_params(msg))
        copy_id = import_text(store, export_json(store, conv.id))
        for cid in (conv.id, copy_id):
            back = [
                chat_message(m.role, m.content, m.params) for m in store.messages.active_path(cid)
            ]
            assert back == sent
    finally:
        store.close()
