"""The Experiments page in the window: local cells on the chat's own engine (one copy of the
weights), server cells in parallel at the Settings' parallelism, each cell saying where it ran."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.core.backends.config import BackendConfig
from desktop.core.experiments.runner import ExperimentSpec, PromptVersion, RunConfig
from desktop.core.store.experiments import ExperimentRepository
from tests.ui.helpers import send

RUN_TIMEOUT_MS = 90_000


@pytest.fixture
def window(qtbot, ui_paths, ui_store, backend_registry) -> Iterator[object]:
    from desktop.app import build_main_window
    from desktop.core.engine.client import EngineClient

    made = build_main_window(
        ui_paths,
        ui_store,
        EngineClient,
        theme_preference="light",
        backends=lambda: backend_registry,
    )
    made.resize(1200, 800)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.close()


def grid(panel, *configs: RunConfig) -> None:
    panel.name_edit.setText("greetings")
    panel.setup.set_spec(
        ExperimentSpec(
            versions=(PromptVersion("v1", "Say hello to {{who}}", kind="completion"),),
            cases=(),
            configs=configs,
        )
    )
    s = panel.setup
    for who in ("Ada", "世界", "Linus"):
        row = s.cases_model.add_case()
        s.cases_model.setData(s.cases_model.index(row, 0), who)
        s.cases_model.setData(s.cases_model.index(row, 1), who)


def test_local_cells_run_on_the_chats_engine_and_the_chat_waits_for_them(
    qtbot, window, tiny_model_path
) -> None:
    chat = window.chat
    with qtbot.waitSignal(window.engine.loaded, timeout=30_000):
        window.model_loader.open_model_file(str(tiny_model_path))
    pid = window.engine.client.pid
    window.show_page("experiments")
    panel = window.page("experiments")
    grid(panel, RunConfig("tiny", str(tiny_model_path), {"max_tokens": 3, "seed": 1}))
    with (
        qtbot.assertNotEmitted(window.engine.load_started),  # the chat's model is used as is
        qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished,
    ):
        assert panel.run(), panel.status_label.text()
        # While the run uses the engine, the chat says so instead of cancelling a cell.
        window.show_page("chat")
        composer = chat.chat_panel.composer
        composer.set_text("hi")
        composer.on_submit()
        assert "busy" in chat.chat_panel.banner.message.text()
        assert composer.text() == "hi"
    outcome = finished.args[0]
    assert outcome.status == "complete" and len(outcome.results) == 3
    assert {r.backend for r in outcome.results} == {"local"}
    assert window.engine.client.pid == pid and panel._engine is None  # no second engine
    assert window.engine.is_loaded() and not window.engine.in_use_by
    chat.inspector.max_tokens.setValue(3)
    send(qtbot, window, "hi")  # the chat goes on with its model
    assert chat.transcript.item(1).status == "complete"


def test_server_cells_run_in_parallel_at_the_settings_parallelism(
    qtbot, window, backend_registry, llama_server_process, ui_store
) -> None:
    backend_registry.add(BackendConfig.create("gpu", llama_server_process.url, "llama-server"))
    ui_store.settings.set("backends.parallelism", 3)
    window.show_page("experiments")
    panel = window.page("experiments")
    assert panel.setup.add_remote_config_button.isVisibleTo(panel)
    grid(panel)
    panel.setup.add_config("", backend="gpu", max_tokens="4", seed="2")
    statuses: list[str] = []
    panel.bridge.statusChanged.connect(statuses.append)
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert panel.run(), panel.status_label.text()
    outcome = finished.args[0]
    assert outcome.status == "complete" and len(outcome.results) == 3
    assert any("3 at a time" in s for s in statuses), statuses
    for result in outcome.results:
        assert result.backend == "gpu" and result.server_version.startswith("llama-server")
        assert result.model_path and not result.error  # the model the server used
    repo = ExperimentRepository(ui_store.db)
    (run,) = repo.runs(panel._experiment_id)
    saved = repo.load_run(run.id).results
    assert {s.result.backend for s in saved} == {"gpu"}
    # The saved definition keeps the server: it runs there again after a restart.
    (config,) = repo.get(panel._experiment_id).spec.configs
    assert (config.backend, config.label) == ("gpu", "gpu: ")
