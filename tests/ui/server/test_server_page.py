"""The Server page as a user runs it: start it, call it with the official openai client, watch
the request arrive with its prompt tokens and shaded reply, open it in the chat, stop it."""

from __future__ import annotations

import math
import socket
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from PySide6.QtCore import Qt

from desktop.core.backends.local import LocalBackend
from desktop.core.engine.client import EngineClient
from desktop.core.engine.protocol import LoadOptions, Token
from desktop.core.engine.turns import API_OWNER, APP_OWNER, EngineTurns
from desktop.core.secrets import KeyringSecret
from desktop.core.server.request_log import RequestRecord
from desktop.ui.server.page import ServerPage
from desktop.ui.server.request_model import RequestListModel
from tests.fixtures.memory_keyring import memory_keyring  # noqa: F401 - a fixture

MODEL_ID = "tessera-tiny-F16"


@pytest.fixture(scope="module")
def shared_engine(tiny_model_path: Path) -> Iterator[EngineClient]:
    client = EngineClient(turns=EngineTurns())
    client.load(LoadOptions(path=str(tiny_model_path), n_ctx=1024, n_threads=1))
    yield client
    client.close()


@pytest.fixture
def page(qtbot, shared_engine, ui_store, ui_paths, memory_keyring) -> Iterator[ServerPage]:  # noqa: F811
    from desktop.core.tokenizers import TiktokenCache, TokenizerRegistry

    registry = TokenizerRegistry(TiktokenCache.for_data_paths(ui_paths))
    made = ServerPage(
        lambda: LocalBackend(shared_engine, owner=API_OWNER),
        turns=shared_engine.turns,
        store=ui_store,
        settings=ui_store.settings,
        key_store=KeyringSecret("api-server"),
        tokenizer_for=lambda path: registry.get(f"model:{path}"),
    )
    made.set_model(shared_engine.model_info.path)
    made.resize(1280, 800)
    made.show()
    qtbot.addWidget(made)
    yield made
    made.shutdown()
    registry.close()


def _start(qtbot, page: ServerPage) -> openai.OpenAI:
    page.form.port.setValue(0)  # any free port
    with qtbot.waitSignal(page.runner.started, timeout=30_000):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("Listening at http://127.0.0.1:")
    key = page.form.key.text() or "not-needed"
    return openai.OpenAI(base_url=page.runner.url, api_key=key, max_retries=0, timeout=60)


def _finished_row(qtbot, page: ServerPage, count: int = 1) -> RequestRecord:
    qtbot.waitUntil(
        lambda: page.model.rowCount() >= count and page.model.item(0).finished, timeout=30_000
    )
    return page.model.item(0)


def test_a_request_shows_with_its_prompt_tokens_and_shaded_reply(qtbot, page, ui_store) -> None:
    client = _start(qtbot, page)
    assert "/v1/chat/completions" in page.examples.curl.toPlainText()
    assert page.runner.url in page.examples.python.toPlainText()
    reply = client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "你好 hello"}], max_tokens=8, seed=1
    )
    text = reply.choices[0].message.content
    record = _finished_row(qtbot, page)
    assert record.client.startswith("127.0.0.1:")
    assert page.model.data(page.model.index(0, 2)) == "chat"
    assert page.model.data(page.model.index(0, 3)) == "done"
    # The newest request is shown: its prompt as the model's own tokens...
    detail = page.detail
    qtbot.waitUntil(lambda: detail.prompt_view.display is not None, timeout=30_000)
    display = detail.prompt_view.display
    assert display.tokenization.ids == list(record.prompt_ids)
    assert "你好 hello" in display.text and "<|im_start|>" in display.text
    # ...and the reply, every token with its probability (recorded though not asked for).
    tokens = detail.reply_view.tokens
    assert "".join(t.text for t in tokens) == text
    assert len(tokens) == reply.usage.completion_tokens
    assert all(t.logprob is not None and math.exp(t.logprob) <= 1 for t in tokens)
    assert reply.choices[0].logprobs is None  # the client asked for none and got none
    assert "temperature" in detail.summary.text()
    # Saved as an API conversation, which opens in the chat.
    qtbot.waitUntil(lambda: page.model.item(0).conversation_id is not None, timeout=30_000)
    qtbot.waitUntil(detail.open_button.isEnabled)
    saved = page.model.item(0).conversation_id
    assert ui_store.conversations.get(saved).source == "api"
    with qtbot.waitSignal(page.open_conversation) as opened:
        qtbot.mouseClick(detail.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [saved]

    with qtbot.waitSignal(page.runner.state_changed, check_params_cb=lambda s: s == "stopped"):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Stopped"
    with pytest.raises(openai.APIConnectionError):
        client.models.list()


def test_an_open_address_without_a_key_does_not_start(qtbot, page) -> None:
    page.form.host.setCurrentText("0.0.0.0")
    page.form.key.clear()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.banner.isVisible()
    assert "needs an API key" in page.banner.message.text()
    assert "New key" in page.banner.hint.text()
    assert page.runner.state == "stopped" and page.start_button.text() == "Start"


def test_a_port_in_use_is_said_plainly(qtbot, page) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        page.form.port.setValue(taken.getsockname()[1])
        with qtbot.waitSignal(page.runner.start_failed, timeout=30_000):
            qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    finally:
        taken.close()
    assert page.banner.isVisible() and "Cannot listen on 127.0.0.1" in page.banner.message.text()
    assert page.runner.state == "stopped"


def test_the_key_is_kept_in_the_keyring_and_required(qtbot, page, memory_keyring) -> None:  # noqa: F811
    qtbot.mouseClick(page.form.generate_button, Qt.MouseButton.LeftButton)
    key = page.form.key.text()
    assert key
    client = _start(qtbot, page)
    assert memory_keyring.data[("tessera", "api-server")] == key
    assert "$TESSERA_API_KEY" in page.examples.curl.toPlainText()
    assert key not in page.examples.curl.toPlainText() + page.examples.python.toPlainText()
    assert client.models.list().data[0].id == MODEL_ID
    wrong = openai.OpenAI(base_url=page.runner.url, api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()


def test_requests_wait_while_the_chat_generates_and_the_page_says_so(
    qtbot, page, shared_engine
) -> None:
    client = _start(qtbot, page)
    turns = shared_engine.turns
    assert turns.take(APP_OWNER)  # the chat is replying
    try:
        qtbot.waitUntil(page.busy_label.isVisible)
        assert "The chat or an experiment run is generating" in page.busy_label.text()
        import threading

        answers: list = []
        caller = threading.Thread(
            target=lambda: answers.append(
                client.chat.completions.create(
                    model=MODEL_ID, messages=[{"role": "user", "content": "Hi"}], max_tokens=2
                )
            )
        )
        caller.start()
        qtbot.waitUntil(
            lambda: (
                page.model.rowCount() == 1
                and page.model.data(page.model.index(0, 3)) == "waiting for the chat"
            ),
            timeout=30_000,
        )
        assert not answers
    finally:
        turns.give_back(APP_OWNER)
    caller.join(60)
    assert answers
    _finished_row(qtbot, page)
    qtbot.waitUntil(lambda: not page.busy_label.isVisible())


def test_turning_saving_off_keeps_requests_out_of_the_history(qtbot, page, ui_store) -> None:
    page.form.save.setChecked(False)
    client = _start(qtbot, page)
    client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "Hi"}], max_tokens=2
    )
    _finished_row(qtbot, page)
    with qtbot.waitSignal(page.runner.state_changed, check_params_cb=lambda s: s == "stopped"):
        page.runner.stop()  # whatever was queued for saving is saved by now
    assert page.model.item(0).conversation_id is None
    assert ui_store.settings.get("server.save_conversations") is False
    assert ui_store.conversations.count() == 0


def _record(request_id: int, **fields) -> RequestRecord:
    return RequestRecord(request_id, "127.0.0.1:1", "POST", "/v1/chat/completions", 0.0, **fields)


def test_request_list_model(qtmodeltester) -> None:
    model = RequestListModel(limit=3)
    qtmodeltester.check(model)
    model.update_records([_record(1, endpoint="chat", status="running")])
    model.add_tokens(1, [Token(5, "a", b"a", -0.1)])
    assert model.data(model.index(0, 4)) == "? + 1"
    model.update_records([_record(2, status="rejected", http_status=401), _record(3)])
    assert [model.item(r).id for r in range(3)] == [3, 2, 1]
    assert model.data(model.index(1, 3)) == "refused (401)"
    model.update_records([_record(1, endpoint="chat", status="done", stream=True)])
    assert model.data(model.index(2, 2)) == "chat, streamed"
    model.update_records([_record(4)])
    assert model.rowCount() == 3 and model.row_of(1) == -1  # the oldest went
    qtmodeltester.check(model)
