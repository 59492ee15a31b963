"""An experiment run pressed while the Server page's API or the chat's reply holds the shared
engine waits for its turn and then runs by itself (nothing refused as "busy", nothing cut off);
Cancel while it waits leaves no run behind and the API free."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from PySide6.QtCore import Qt

from desktop.app import build_main_window
from desktop.core.engine.client import EngineClient
from desktop.core.experiments.runner import ExperimentSpec, PromptVersion, RunConfig
from desktop.core.store.experiments import ExperimentRepository
from tests.fixtures.memory_keyring import memory_keyring  # noqa: F401 - a fixture

RUN_TIMEOUT_MS = 90_000
WHO = ("Ada", "世界", "Linus")


@pytest.fixture
def window(qtbot, ui_paths, ui_store, tiny_model_path: Path, memory_keyring) -> Iterator:  # noqa: F811
    made = build_main_window(ui_paths, ui_store, EngineClient, theme_preference="light")
    made.resize(1280, 800)
    made.show()
    qtbot.waitExposed(made)
    with qtbot.waitSignal(made.engine.loaded, timeout=30_000):
        made.model_loader.open_model_file(str(tiny_model_path))
    yield made
    made.close()


def serve(qtbot, window) -> openai.OpenAI:
    window.show_page("server")
    page = window.page("server")
    page.form.port.setValue(0)
    with qtbot.waitSignal(page.runner.started, timeout=30_000):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    return openai.OpenAI(base_url=page.runner.url, api_key="x", max_retries=0, timeout=60)


def long_request(qtbot, window, client: openai.OpenAI) -> Iterator:
    """A streamed API request that is still running when the test goes on (its first chunk
    has come, the Server page says the engine is busy with it)."""
    stream = iter(
        client.chat.completions.create(
            model=client.models.list().data[0].id,
            messages=[{"role": "user", "content": "Tell me everything."}],
            seed=1,
            max_tokens=3000,
            stream=True,
        )
    )
    next(stream)
    qtbot.waitUntil(window.page("server").busy_label.isVisible)
    return stream


def run_to_its_end(stream: Iterator) -> str:
    """Reads the rest of the API reply; its finish reason ("length": it ran uncut)."""
    return [c.choices[0].finish_reason for c in stream if c.choices][-1]


def experiments(window, model: Path, max_tokens: int = 3):
    """The Experiments page with one version x three cases x the tiny model."""
    window.show_page("experiments")
    panel = window.page("experiments")
    panel.name_edit.setText("greetings")
    panel.setup.set_spec(
        ExperimentSpec(
            versions=(PromptVersion("v1", "Say hello to {{who}}", kind="completion"),),
            cases=(),
            configs=(RunConfig("tiny", str(model), {"max_tokens": max_tokens, "seed": 1}),),
        )
    )
    s = panel.setup
    for who in WHO:
        row = s.cases_model.add_case()
        s.cases_model.setData(s.cases_model.index(row, 0), who)
        s.cases_model.setData(s.cases_model.index(row, 1), who)
    return panel


def assert_ran_every_cell(outcome) -> None:
    assert outcome.status == "complete"
    assert len(outcome.results) == len(WHO)
    assert [r.error for r in outcome.results] == ["", "", ""]  # none refused as "busy"
    assert all(r.completion_tokens > 0 for r in outcome.results)


def test_a_run_waits_for_the_api_request_then_runs(
    qtbot, window, ui_store, tiny_model_path
) -> None:
    client = serve(qtbot, window)
    stream = long_request(qtbot, window, client)
    panel = experiments(window, tiny_model_path)

    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert "Waiting for the API server's request to finish" in panel.status_label.text()
    assert not panel.run_button.isEnabled() and panel.cancel_button.isEnabled()
    # Edits made while it waits are not what runs: the run is the setup as Run was pressed.
    row = panel.setup.cases_model.add_case()
    panel.setup.cases_model.setData(panel.setup.cases_model.index(row, 1), "later")

    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert run_to_its_end(stream) == "length"  # the request was not cut off
    assert_ran_every_cell(finished.args[0])
    [run] = ExperimentRepository(ui_store.db).runs(panel._experiment_id)
    assert run.status == "complete" and run.done_cells == len(WHO)
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
    # The run gave the engine back: the API answers again.
    reply = client.completions.create(
        model=client.models.list().data[0].id, prompt="Hi", max_tokens=4
    )
    assert reply.choices[0].finish_reason in ("length", "stop")


def test_cancel_while_waiting_leaves_no_run_and_the_api_free(
    qtbot, window, ui_store, tiny_model_path
) -> None:
    client = serve(qtbot, window)
    stream = long_request(qtbot, window, client)
    panel = experiments(window, tiny_model_path)

    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert "Waiting for the API server's request" in panel.status_label.text()
    with qtbot.assertNotEmitted(panel.runFinished, wait=200):
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert "nothing was run" in panel.status_label.text()
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert run_to_its_end(stream) == "length"
    # Nobody waits any more: the next API request is not held back for the cancelled run.
    reply = client.completions.create(
        model=client.models.list().data[0].id, prompt="Hi", max_tokens=4
    )
    assert reply.choices[0].finish_reason in ("length", "stop")
    repo = ExperimentRepository(ui_store.db)
    assert repo.runs(panel._experiment_id) == []  # the experiment is saved, no run of it

    # The panel is as usable as before: Run runs at once now.
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert_ran_every_cell(finished.args[0])
    assert len(repo.runs(panel._experiment_id)) == 1


def test_a_run_pressed_during_a_chat_reply_waits_for_it(qtbot, window, tiny_model_path) -> None:
    window.chat.inspector.max_tokens.setValue(200)
    panel = experiments(window, tiny_model_path)
    controller = window.chat.controller
    composer = window.chat.chat_panel.composer
    composer.set_text("Hello")
    with (
        qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished,
        qtbot.waitSignal(controller.reply_finished, timeout=60_000) as replied,
    ):
        composer.on_submit()
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        assert "Waiting for the chat's reply to finish" in panel.status_label.text()
    assert replied.args[0].status == "complete"  # the run did not cut the reply off
    assert_ran_every_cell(finished.args[0])


def test_a_chat_reply_and_a_run_both_wait_for_the_api_and_both_run(
    qtbot, window, tiny_model_path
) -> None:
    window.chat.inspector.max_tokens.setValue(6)
    client = serve(qtbot, window)
    stream = long_request(qtbot, window, client)
    panel = experiments(window, tiny_model_path)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert "Waiting for the API server's request" in panel.status_label.text()
    window.show_page("chat")
    controller = window.chat.controller
    composer = window.chat.chat_panel.composer
    composer.set_text("Hello from the window")
    with qtbot.waitSignal(controller.notice):
        composer.on_submit()

    with (
        qtbot.waitSignal(controller.reply_finished, timeout=60_000) as replied,
        qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished,
    ):
        assert run_to_its_end(stream) == "length"
    # The chat came second but goes first (the run waits for chat replies); neither was
    # refused or cut off.
    assert replied.args[0].status == "complete" and replied.args[0].text
    assert_ran_every_cell(finished.args[0])


def test_api_requests_sent_during_a_run_wait_for_its_end(qtbot, window, tiny_model_path) -> None:
    client = serve(qtbot, window)
    model = client.models.list().data[0].id
    server_page = window.page("server")
    panel = experiments(window, tiny_model_path, max_tokens=40)
    panel.setup.repeats_spin.setValue(4)  # 12 cells: 11 gaps between them
    answered: list[float] = []  # when each API reply came (time.time(), as the run's times)
    stop = threading.Event()

    def requests() -> None:
        while not stop.is_set():
            client.completions.create(model=model, prompt="Hi", max_tokens=2)
            answered.append(time.time())

    sender = threading.Thread(target=requests)
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(server_page.busy_label.text()))  # the page is hidden
        assert "an experiment run is generating" in server_page.busy_label.text()
        sender.start()
    outcome = finished.args[0]
    qtbot.waitUntil(lambda: len(answered) >= 2, timeout=30_000)
    stop.set()
    sender.join(60)
    # No cell was refused because a request took the engine between two cells, and no
    # request ran in those gaps: they waited for the run's end, then were answered.
    assert outcome.status == "complete" and len(outcome.results) == 12
    assert [r.error for r in outcome.results] == [""] * 12
    assert min(answered) >= outcome.finished_at
