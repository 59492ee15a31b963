"""The experiments panel offscreen: set up a grid, run it on the tiny model, rate, compare, export."""

from __future__ import annotations

import csv
import gc
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desktop.core.engine.client import EngineClient
from desktop.core.experiments.checks import CHECK_KINDS, Check
from desktop.core.experiments.runner import Case, PromptVersion, RunConfig
from desktop.core.store.experiments import ExperimentRepository
from desktop.core.templates.library import TemplateLibrary

RUN_TIMEOUT_MS = 90_000


def make_panel(qtbot, store, models_dir=None):
    from desktop.ui.experiments.panel import build_experiments_panel

    panel = build_experiments_panel(
        ExperimentRepository(store.db), TemplateLibrary(store.templates), models_dir, EngineClient
    )
    qtbot.addWidget(panel)
    panel.resize(1100, 800)
    panel.show()
    return panel


@pytest.fixture
def panel(qtbot, ui_store):
    widget = make_panel(qtbot, ui_store)
    yield widget
    widget.shutdown()  # stops the engine process
    # Collect Qt wrappers here, on the GUI thread, not later in some worker thread's GC pass.
    gc.collect()


def setup_grid(panel, model: Path, *, repeats: int = 1, max_tokens: int = 4) -> None:
    s = panel.setup
    s.template_combo.setCurrentIndex(s.template_combo.findData("builtin:translate"))
    s.add_version_button.click()
    s.versions_model.add(PromptVersion("inline", "Greet {{text}}", kind="completion"))
    text_col = 1 + s.cases_model.variables.index("text")
    for label, text in (("en", "hello"), ("中文", "你好，世界")):
        row = s.cases_model.add_case()
        s.cases_model.setData(s.cases_model.index(row, 0), label)
        s.cases_model.setData(s.cases_model.index(row, text_col), text)
    s.add_config(str(model), "cold", seed="3", max_tokens=str(max_tokens), temperature="0.2")
    s.add_config(str(model), "hot", seed="3", max_tokens=str(max_tokens + 4), temperature="0.9")
    row = s.checks_model.add_check()
    s.checks_model.setData(s.checks_model.index(row, 0), "max_tokens")
    s.checks_model.setData(s.checks_model.index(row, 1), str(max_tokens + 1))
    s.repeats_spin.setValue(repeats)
    panel.name_edit.setText("问候")


def run_and_wait(qtbot, panel, spec=None):
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert panel.run(spec), panel.status_label.text()
    return finished.args[0]


def test_every_item_model_passes_the_model_tester(
    qtbot, qtmodeltester, panel, tiny_model_path
) -> None:
    setup_grid(panel, tiny_model_path)
    s = panel.setup
    for model in (s.versions_model, s.cases_model, s.configs_model, s.checks_model):
        qtmodeltester.check(model)
    run_and_wait(qtbot, panel)
    run_and_wait(qtbot, panel)
    panel.results.compare_combo.setCurrentIndex(2)
    for model in (
        panel.results.grid_model,
        panel.results.runs_model,
        panel.results.compare_runs_model,
        panel.results.compare_model,
    ):
        qtmodeltester.check(model)


def test_run_fills_the_grid_with_pass_rates_and_saves_everything(
    qtbot, panel, ui_store, tiny_model_path
) -> None:
    setup_grid(panel, tiny_model_path, repeats=2)
    outcome = run_and_wait(qtbot, panel)
    assert outcome.status == "complete" and len(outcome.results) == 2 * 2 * 2 * 2
    grid = panel.results.grid_model
    assert (grid.rowCount(), grid.columnCount()) == (
        2 * 2,
        2 * 2,
    )  # cases x repeats, configs x versions
    assert grid.headerData(1, Qt.Orientation.Vertical) == "en #2"
    assert grid.headerData(0, Qt.Orientation.Horizontal) == "cold · translate\npass 100%"
    assert grid.headerData(3, Qt.Orientation.Horizontal) == "hot · inline\npass 0%"
    cell = grid.index(2, 1)  # 中文, repeat 1, cold config, inline version
    result = cell.data(grid.ResultRole)
    assert result.prompt.text == "Greet 你好，世界" and result.seed == 3
    assert "tok" in cell.data(grid.StatsRole) and "TTFT" in cell.data(grid.StatsRole)
    assert panel.progress.value() == panel.progress.maximum() == 16
    assert "pass rate 50%" in panel.results.summary_label.text()
    # Saved: the run, its results with the exact prompt, the engine version.
    repo = ExperimentRepository(ui_store.db)
    (run,) = repo.runs(panel._experiment_id)
    assert (run.status, run.done_cells, run.engine_version) == (
        "complete",
        16,
        outcome.engine_version,
    )
    prompts = {s.result.prompt.user for s in repo.load_run(run.id).results}
    assert "Greet 你好，世界" in prompts


def test_rating_with_keys_persists(qtbot, panel, ui_store, tiny_model_path) -> None:
    setup_grid(panel, tiny_model_path)
    run_and_wait(qtbot, panel)
    panel.results.grid_view.setCurrentIndex(panel.results.grid_model.index(0, 0))
    qtbot.keyClick(panel.results.grid_view, Qt.Key.Key_4)
    assert panel.results.grid_model.index(0, 0).data(panel.results.grid_model.RatingRole) == 4
    repo = ExperimentRepository(ui_store.db)
    stored = repo.load_run(repo.runs(panel._experiment_id)[0].id)
    rated = [s for s in stored.results if s.rating is not None]
    assert [
        (s.rating, s.result.cell.case, s.result.cell.config, s.result.cell.version) for s in rated
    ] == [(4, 0, 0, 0)]
    qtbot.keyClick(panel.results.grid_view, Qt.Key.Key_0)
    assert all(s.rating is None for s in repo.load_run(stored.summary.id).results)


def test_missing_variable_stops_the_run_before_it_starts(
    qtbot, panel, ui_store, tiny_model_path
) -> None:
    s = panel.setup
    s.versions_model.add(PromptVersion("v", "Hi {{name}}"))
    s.cases_model.set_cases([Case("nobody", {})])
    s.add_config(str(tiny_model_path), seed="1", max_tokens="2")
    assert not panel.run()
    assert "Case 'nobody' has no value for name" in panel.status_label.text()
    assert ExperimentRepository(ui_store.db).summaries() == []  # nothing saved, nothing ran
    assert panel.run_button.isEnabled()


def test_invalid_check_is_reported(panel, tiny_model_path) -> None:
    s = panel.setup
    s.versions_model.add(PromptVersion("v", "Hi"))
    s.add_config(str(tiny_model_path))
    row = s.checks_model.add_check()
    s.checks_model.setData(s.checks_model.index(row, 0), "regex")
    s.checks_model.setData(s.checks_model.index(row, 1), "(unclosed")
    assert not panel.run()
    assert (
        "Check 1" in panel.status_label.text() and "regular expression" in panel.status_label.text()
    )


def test_cancel_mid_run_saves_what_finished(qtbot, panel, ui_store, tiny_model_path) -> None:
    s = panel.setup
    s.versions_model.add(PromptVersion("story", "Once upon a time", kind="completion"))
    s.cases_model.set_cases([Case("only", {})])
    s.add_config(str(tiny_model_path), seed="5", max_tokens="400")
    s.repeats_spin.setValue(10)
    # Cancel the moment the first cell is shown, from the GUI thread, as a user's click would.
    panel.progress.valueChanged.connect(lambda value: value == 1 and panel.cancel_button.click())
    with qtbot.waitSignal(panel.runFinished, timeout=RUN_TIMEOUT_MS) as finished:
        assert panel.run()
        assert panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    outcome = finished.args[0]
    assert outcome.status == "cancelled" and 1 <= len(outcome.results) < 10
    repo = ExperimentRepository(ui_store.db)
    (run,) = repo.runs(panel._experiment_id)
    assert (run.status, run.done_cells, run.total_cells) == ("cancelled", len(outcome.results), 10)
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_rerun_and_compare_two_runs(qtbot, panel, tiny_model_path) -> None:
    setup_grid(panel, tiny_model_path)
    run_and_wait(qtbot, panel)
    panel.results.rerun_button.click()
    qtbot.waitUntil(
        lambda: not panel.is_running() and panel.results.runs_model.rowCount() == 2,
        timeout=RUN_TIMEOUT_MS,
    )
    assert panel.results.run_combo.currentText().startswith("Run 2")
    panel.results.compare_combo.setCurrentIndex(2)  # "(no comparison)", run 2, run 1
    assert panel.results.compare_view.isVisible() and not panel.results.grid_view.isVisible()
    assert panel.results.compare_model.rowCount() == 8
    assert "0 of 8 rows differ from run 1" in panel.results.summary_label.text()  # fixed seeds
    panel.results.compare_combo.setCurrentIndex(0)
    assert panel.results.grid_view.isVisible()


def test_cases_csv_import_export_round_trip(panel, tmp_path) -> None:
    s = panel.setup
    s.versions_model.add(PromptVersion("v", "{{question}} / {{lang}}"))
    s.cases_model.ensure_variables(["question", "lang"])
    s.cases_model.set_cases(
        [
            Case("一", {"question": "你好吗？", "lang": "中文"}),
            Case("two", {"question": 'say "hi", twice\nplease'}),
        ],
        ["question", "lang"],
    )
    path = tmp_path / "cases.csv"
    assert s.export_cases(path)
    s.cases_model.set_cases([])
    assert s.import_cases(path)
    assert s.cases_model.cases() == [
        Case("一", {"question": "你好吗？", "lang": "中文"}),
        Case("two", {"question": 'say "hi", twice\nplease'}),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("a,a\n1,2\n", encoding="utf-8")
    assert not s.import_cases(bad)
    assert "repeats a column" in panel.status_label.text()
    assert len(s.cases_model.cases()) == 2  # unchanged


def test_export_results_csv_and_json(qtbot, panel, tiny_model_path, tmp_path) -> None:
    setup_grid(panel, tiny_model_path)
    run_and_wait(qtbot, panel)
    assert panel.results.export_results(tmp_path / "r.csv", "csv")
    assert panel.results.export_results(tmp_path / "r.json", "json")
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8-sig", newline="")))
    assert len(rows) == 8 and {r["case"] for r in rows} == {"en", "中文"}
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["run_number"] == 1 and len(data["results"]) == 8
    assert any(r["prompt"] == "Greet 你好，世界" for r in data["results"])
    assert not panel.results.export_results(tmp_path / "missing-dir" / "r.csv", "csv")
    assert "Cannot write" in panel.status_label.text()


def test_experiment_and_runs_survive_a_restart(qtbot, ui_paths, tiny_model_path) -> None:
    from desktop.core.store import open_store

    store = open_store(ui_paths)
    first = make_panel(qtbot, store)
    try:
        setup_grid(first, tiny_model_path)
        run_and_wait(qtbot, first)
        first.results.grid_view.setCurrentIndex(first.results.grid_model.index(1, 2))
        qtbot.keyClick(first.results.grid_view, Qt.Key.Key_5)
        outputs = [first.results.grid_model.index(r, c).data() for r in range(2) for c in range(4)]
    finally:
        first.shutdown()
        store.close()

    store = open_store(ui_paths)
    try:
        again = make_panel(qtbot, store)
        assert again.name_edit.text() == "问候"
        spec = again.spec()
        assert [v.label for v in spec.versions] == ["translate", "inline"]
        assert [c.label for c in spec.cases] == ["en", "中文"]
        assert spec.checks == (Check("max_tokens", "5"),)
        assert again.results.runs_model.rowCount() == 1
        assert [
            again.results.grid_model.index(r, c).data() for r in range(2) for c in range(4)
        ] == outputs
        assert again.results.grid_model.index(1, 2).data(again.results.grid_model.RatingRole) == 5
        assert spec.configs[0] == RunConfig(
            "cold", str(tiny_model_path), {"temperature": 0.2, "max_tokens": 4, "seed": 3}
        )
        again.shutdown()
    finally:
        store.close()


def test_bad_config_value_is_refused_with_a_reason(panel, tiny_model_path) -> None:
    s = panel.setup
    s.add_config(str(tiny_model_path), temperature="0.2")
    index = s.configs_model.index(0, s.configs_model.COLUMNS.index("temperature"))
    assert not s.configs_model.setData(index, "warm")
    assert index.data() == "0.2"
    assert "Temperature must be a number" in panel.status_label.text()
    s.add_config(str(tiny_model_path))
    assert [c.label for c in s.configs_model.configs()] == [
        "tessera-tiny-F16",
        "tessera-tiny-F16 (2)",
    ]


def test_two_versions_of_a_saved_template_side_by_side(qtbot, panel, tiny_model_path) -> None:
    library = panel.library
    entry = library.save(None, name="greet", body="Hello {{name}}")
    library.save(entry, name="greet", body="Hi there, {{name}}!")
    panel.refresh_templates()
    s = panel.setup
    s.template_combo.setCurrentIndex(s.template_combo.findData(entry.key))
    assert [s.version_combo.itemText(i) for i in range(s.version_combo.count())] == [
        "latest (v2)",
        "v1",
    ]
    s.add_version_button.click()
    s.version_combo.setCurrentIndex(1)
    s.add_version_button.click()
    assert [(v.label, v.body) for v in s.versions_model.versions()] == [
        ("greet v2", "Hi there, {{name}}!"),
        ("greet v1", "Hello {{name}}"),
    ]
    assert s.cases_model.variables == ["name"]
    s.cases_model.set_cases([Case("李", {"name": "李雷"})], ["name"])
    s.add_config(str(tiny_model_path), "c", seed="1", max_tokens="2")
    run_and_wait(qtbot, panel)
    grid = panel.results.grid_model
    assert [grid.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == [
        "c · greet v2",
        "c · greet v1",
    ]
    assert grid.index(0, 1).data(grid.ResultRole).prompt.user == "Hello 李雷"


def test_check_kind_is_picked_from_a_list(qtbot, panel) -> None:
    s = panel.setup
    row = s.checks_model.add_check()
    index = s.checks_model.index(row, 0)
    s.checks_view.edit(index)
    combo = s.checks_view.indexWidget(index) or s.checks_view.findChild(QComboBox)
    assert combo is not None
    assert [combo.itemData(i) for i in range(combo.count())] == list(CHECK_KINDS)
    combo.setCurrentIndex(combo.findData("valid_json"))
    s.checks_view.commitData(combo)
    assert index.data() == "is valid JSON"
    assert s.checks_model.checks()[0].kind == "valid_json"


def test_versions_can_be_renamed_but_labels_stay_unique(panel) -> None:
    model = panel.setup.versions_model
    model.add(PromptVersion("a", "x"))
    model.add(PromptVersion("a", "y"))  # added twice: the second gets its own label
    assert [v.label for v in model.versions()] == ["a", "a (2)"]
    assert model.setData(model.index(1, 0), "friendly 友好")
    assert not model.setData(model.index(1, 0), "a")
    assert not model.setData(model.index(0, 0), "  ")
    assert [v.label for v in model.versions()] == ["a", "friendly 友好"]


def test_closing_during_a_run_records_it(qtbot, ui_store, tiny_model_path) -> None:
    panel = make_panel(qtbot, ui_store)
    s = panel.setup
    s.versions_model.add(PromptVersion("story", "Once upon a time", kind="completion"))
    s.cases_model.set_cases([Case("only", {})])
    s.add_config(str(tiny_model_path), seed="5", max_tokens="400")
    s.repeats_spin.setValue(10)
    assert panel.run()
    qtbot.waitUntil(lambda: panel.progress.value() >= 1, timeout=RUN_TIMEOUT_MS)
    runner = panel._runner
    panel.shutdown()  # what the main window does when it closes
    assert not panel.is_running() and not runner.is_running()
    repo = ExperimentRepository(ui_store.db)
    (run,) = repo.runs(panel._experiment_id)
    assert run.status == "cancelled"
    assert run.done_cells == len(runner.outcome.results) >= 1
    gc.collect()


def test_grid_pass_rates_match_the_core_count(qtmodeltester) -> None:
    from desktop.core.engine.protocol import SamplingParams
    from desktop.core.experiments.checks import CheckOutcome
    from desktop.core.experiments.compare import column_pass_rates
    from desktop.core.experiments.runner import Cell, CellResult, ExperimentSpec
    from desktop.core.templates.variables import RenderedPrompt
    from desktop.ui.experiments.results import ResultsGridModel

    check = Check("max_tokens", "5")
    spec = ExperimentSpec(
        versions=(PromptVersion("a", "x"), PromptVersion("b", "y")),
        cases=tuple(Case(f"c{i}", {}) for i in range(3)),
        configs=(RunConfig("k", "m.gguf"),),
        repeats=2,
        checks=(check,),
    )

    def result(v: int, c: int, rep: int, ok: bool) -> CellResult:
        return CellResult(
            Cell(v, c, 0, rep),
            RenderedPrompt("chat", "", "x"),
            SamplingParams(seed=1),
            1,
            "m",
            checks=(CheckOutcome(check, ok),),
        )

    results = [
        result(v, c, r, (v + c + r) % 3 != 0) for v in range(2) for c in range(3) for r in range(2)
    ]
    grid = ResultsGridModel()
    grid.set_run(spec)
    for i, r in enumerate(results):
        grid.add_result(i + 1, r)
    grid.add_result(99, result(0, 0, 0, True))  # a cell replaced: counted once
    results[0] = result(0, 0, 0, True)
    expected = column_pass_rates(spec, results)
    assert [grid.column_pass_rate(col) for col in range(2)] == [expected[(0, 0)], expected[(0, 1)]]
    assert grid.headerData(0, Qt.Orientation.Horizontal).endswith(
        f"pass {expected[(0, 0)] * 100:.0f}%"
    )
    qtmodeltester.check(grid)


def test_templates_saved_elsewhere_appear_when_the_panel_is_shown(qtbot, panel) -> None:
    panel.hide()
    entry = panel.library.save(None, name="新模板", body="{{x}}")
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.setup.template_combo.findData(entry.key) >= 0
