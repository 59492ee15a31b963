"""The experiment grid on the real engine (tiny model, fixed seeds): size, order, checks,
cancellation, persistence across a restart, CSV and experiment files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.engine.protocol import TokenBatch
from desktop.core.experiments.checks import Check, CheckError, evaluate_check
from desktop.core.experiments.compare import column_pass_rates, compare_runs
from desktop.core.experiments.files import (
    ExperimentFileError,
    cases_from_csv,
    cases_to_csv,
    load_experiment_file,
    read_cases_csv,
    results_to_csv,
    results_to_json,
    write_cases_csv,
)
from desktop.core.experiments.runner import (
    Case,
    ExperimentInvalid,
    ExperimentRunner,
    ExperimentSpec,
    PromptVersion,
    RunConfig,
    pass_rate,
    plan_cells,
)
from desktop.core.experiments.versions import template_resolver


@pytest.fixture(scope="module")
def engine():
    client = EngineClient()
    yield client
    client.close()


def _spec(model: Path, **overrides) -> ExperimentSpec:
    base = dict(
        name="greetings",
        versions=(
            PromptVersion("v1", "Say hello to {{name}}.", system="You are {{tone=kind}}."),
            PromptVersion("v2", "Q: greet {{name}}\nA:", kind="completion"),
        ),
        cases=(
            Case("ada", {"name": "Ada"}),
            Case("lei", {"name": "李雷"}),
            Case("x", {"name": "x"}),
        ),
        configs=(
            RunConfig(
                "cold",
                str(model),
                {"temperature": 0.2, "seed": 11, "max_tokens": 6},
                {"n_ctx": 512},
            ),
            RunConfig(
                "hot", str(model), {"temperature": 1.5, "seed": 11, "max_tokens": 6}, {"n_ctx": 512}
            ),
        ),
        repeats=2,
    )
    base.update(overrides)
    return ExperimentSpec(**base)


# --------------------------------------------------------------------------- checks


@pytest.mark.parametrize(
    ("check", "output", "tokens", "passed"),
    [
        (Check("contains", "world"), "hello world", 2, True),
        (Check("contains", "World"), "hello world", 2, False),
        (Check("contains", "World", ignore_case=True), "hello world", 2, True),
        (Check("contains", "世界"), "你好，世界", 3, True),
        (Check("not_contains", "sorry"), "hello", 1, True),
        (Check("not_contains", "sorry"), "I am sorry", 3, False),
        (Check("regex", r"^\d{3}-\d{4}$"), "555-1234", 3, True),
        (Check("regex", r"^\d{3}-\d{4}$"), "call 555-1234", 3, False),
        (Check("valid_json"), '{"a": [1, 2]}', 5, True),
        (Check("valid_json"), '```json\n{"a": 1}\n```', 5, True),
        (Check("valid_json"), '{"a": 1', 5, False),
        (Check("max_tokens", "5"), "x", 5, True),
        (Check("max_tokens", "5"), "x", 6, False),
        (Check("equals", "Paris"), "  Paris\n", 1, True),
        (Check("equals", "Paris"), "Paris.", 1, False),
        (Check("equals", "{{expected}}"), "北京", 1, True),
    ],
)
def test_each_check_type(check: Check, output: str, tokens: int, passed: bool) -> None:
    outcome = evaluate_check(check, output, tokens, {"expected": "北京"})
    assert outcome.passed is passed
    assert (outcome.detail == "") is passed


def test_invalid_checks_are_refused_with_a_reason() -> None:
    with pytest.raises(CheckError, match="regular expression"):
        Check("regex", "(unclosed")
    with pytest.raises(CheckError, match="whole number"):
        Check("max_tokens", "many")
    with pytest.raises(CheckError, match="Unknown check"):
        Check("sounds_good", "x")
    with pytest.raises(CheckError, match="needs a value"):
        Check("contains", "")


def test_check_with_a_missing_case_variable_fails_without_raising() -> None:
    outcome = evaluate_check(Check("equals", "{{expected}}"), "x", 1, {})
    assert not outcome.passed and "expected" in outcome.detail


# --------------------------------------------------------------------------- the grid


def test_grid_size_and_order_models_loaded_one_at_a_time(engine, tiny_model_path, tmp_path) -> None:
    other = tmp_path / "other.gguf"
    shutil.copy(tiny_model_path, other)
    spec = _spec(
        tiny_model_path,
        configs=(
            RunConfig(
                "a-cold", str(tiny_model_path), {"temperature": 0.2, "seed": 1, "max_tokens": 3}
            ),
            RunConfig("b", str(other), {"seed": 1, "max_tokens": 3}),
            RunConfig(
                "a-hot", str(tiny_model_path), {"temperature": 1.5, "seed": 1, "max_tokens": 3}
            ),
        ),
    )
    assert spec.size == 2 * 3 * 3 * 2
    statuses: list[str] = []
    progress: list[tuple[int, int]] = []
    outcome = ExperimentRunner(
        engine,
        spec,
        on_status=statuses.append,
        on_result=lambda r, done, total: progress.append((done, total)),
    ).run()
    assert outcome.status == "complete"
    assert len(outcome.results) == 36
    assert progress[-1] == (36, 36) and progress[0] == (1, 36)
    keys = {(r.cell.version, r.cell.case, r.cell.config, r.cell.repeat) for r in outcome.results}
    assert len(keys) == 36
    # Both configs on the first model run before the second model is loaded, once.
    assert [str(s) for s in statuses if s.code == "experiments.run.loading"] == [
        f"Loading {tiny_model_path.name}",
        "Loading other.gguf",
    ]
    configs_in_order = [r.cell.config for r in outcome.results]
    assert configs_in_order == [0] * 12 + [2] * 12 + [1] * 12
    assert all(r.completion_tokens <= 3 and not r.error for r in outcome.results)
    assert outcome.engine_version.startswith("llama-cpp-python 0.3.36")


def test_fixed_seeds_reproduce_and_repeats_differ(engine, tiny_model_path) -> None:
    spec = _spec(tiny_model_path, cases=(Case("ada", {"name": "Ada"}),), repeats=3)
    first = ExperimentRunner(engine, spec).run()
    second = ExperimentRunner(engine, spec).run()
    assert [r.output for r in first.results] == [r.output for r in second.results]
    hot = [r for r in first.results if r.cell.config == 1 and r.cell.version == 0]
    assert [r.seed for r in hot] == [11, 12, 13]
    assert len({r.output for r in hot}) > 1
    r = first.results[0]
    # The exact prompt is kept: the system default and the Chinese-safe user text.
    assert r.prompt.system == "You are kind." and r.prompt.user == "Say hello to Ada."
    # ... and the text the model read, through its own chat template.
    assert r.model_prompt == (
        "<|im_start|>system\nYou are kind.<|im_end|>\n"
        "<|im_start|>user\nSay hello to Ada.<|im_end|>\n<|im_start|>assistant\n"
    )
    completion = next(x for x in first.results if x.cell.version == 1)
    assert completion.model_prompt == "Q: greet Ada\nA:"
    assert r.params.temperature == 0.2 and r.params.max_tokens == 6
    assert r.ttft_seconds is not None and r.ttft_seconds > 0
    assert r.tokens_per_second is not None and r.tokens_per_second > 0


def test_missing_variable_reported_before_anything_runs(tiny_model_path) -> None:
    spec = _spec(tiny_model_path, cases=(Case("ok", {"name": "A"}), Case("empty", {})))
    fresh = EngineClient()
    try:
        with pytest.raises(ExperimentInvalid) as info:
            ExperimentRunner(fresh, spec)
        assert "Case 'empty' has no value for name" in str(info.value)
        assert fresh.pid is None  # no engine process was even started
    finally:
        fresh.close()


def test_bad_config_and_missing_model_are_reported(tmp_path) -> None:
    spec = _spec(
        tmp_path / "nope.gguf",
        configs=(RunConfig("c", str(tmp_path / "nope.gguf"), {"temprature": 1}),),
    )
    with pytest.raises(ExperimentInvalid) as info:
        ExperimentRunner(EngineClient(), spec)
    text = str(info.value)
    assert "unknown setting(s) temprature" in text and "model file not found" in text


def test_checks_give_pass_rate_per_column(engine, tiny_model_path) -> None:
    spec = _spec(
        tiny_model_path,
        configs=(
            RunConfig("short", str(tiny_model_path), {"seed": 3, "max_tokens": 3}),
            RunConfig("long", str(tiny_model_path), {"seed": 3, "max_tokens": 8}),
        ),
        repeats=1,
        checks=(Check("max_tokens", "5"), Check("not_contains", "<|im_end|>")),
    )
    outcome = ExperimentRunner(engine, spec).run()
    rates = column_pass_rates(spec, outcome.results)
    assert rates[(0, 0)] == 1.0 and rates[(0, 1)] == 1.0
    assert rates[(1, 0)] == 0.0 and rates[(1, 1)] == 0.0
    assert pass_rate(outcome.results) == 0.5
    failing = next(r for r in outcome.results if r.cell.config == 1)
    assert failing.passed is False
    assert "8 tokens > 5" in failing.checks[0].detail


class _CancelDuringSecondReply:
    """The real engine, with a user who cancels the run once the second reply is streaming."""

    def __init__(self, engine: EngineClient) -> None:
        self.engine = engine
        self.runner: ExperimentRunner | None = None
        self.replies = 0
        self.cancelled_cell = None

    def __getattr__(self, name: str):
        return getattr(self.engine, name)

    def generate(self, request, on_event=None):
        generation = self.engine.generate(request, on_event)
        self.replies += 1
        return generation if self.replies != 2 else _Cancelling(generation, self)


class _Cancelling:
    def __init__(self, generation, user: _CancelDuringSecondReply) -> None:
        self.generation = generation
        self.user = user

    def __iter__(self):
        for event in self.generation:
            yield event
            runner = self.user.runner
            if isinstance(event, TokenBatch) and self.user.cancelled_cell is None:
                assert runner is not None
                self.user.cancelled_cell = runner.running_cell
                runner.cancel()

    def cancel(self) -> None:
        self.generation.cancel()


def test_cancel_mid_run_keeps_finished_cells(engine, tiny_model_path) -> None:
    spec = _spec(
        tiny_model_path,
        versions=(PromptVersion("v", "{{name}}", kind="completion"),),
        cases=(Case("a", {"name": "Once upon a time"}),),
        configs=(
            RunConfig(
                "long", str(tiny_model_path), {"seed": 5, "max_tokens": 400}, {"n_ctx": 1024}
            ),
        ),
        repeats=10,
    )
    finished = threading.Event()
    # The user presses Cancel while the second cell is generating (its first tokens are in):
    # it is dropped, not finished.
    user = _CancelDuringSecondReply(engine)
    runner = ExperimentRunner(user, spec, on_finished=lambda outcome: finished.set())
    user.runner = runner
    runner.start()
    assert finished.wait(120)
    assert user.cancelled_cell is not None and user.cancelled_cell.repeat == 1
    outcome = runner.outcome
    assert outcome is not None and outcome.status == "cancelled"
    assert [r.cell.repeat for r in outcome.results] == [0]
    assert outcome.results[0].finish_reason == "length"
    assert not runner.is_running()


def test_model_that_fails_to_load_marks_its_cells_and_the_grid_goes_on(
    engine, tiny_model_path, broken_models
) -> None:
    spec = _spec(
        tiny_model_path,
        cases=(Case("a", {"name": "A"}),),
        configs=(
            RunConfig("broken", str(broken_models["truncated"]), {"seed": 1, "max_tokens": 2}),
            RunConfig("ok", str(tiny_model_path), {"seed": 1, "max_tokens": 2}),
        ),
        repeats=1,
        checks=(Check("max_tokens", "10"),),
    )
    outcome = ExperimentRunner(engine, spec).run()
    assert outcome.status == "complete" and len(outcome.results) == 4
    broken = [r for r in outcome.results if r.cell.config == 0]
    assert all(r.error.startswith("Could not load") and r.passed is False for r in broken)
    assert all(not r.error and r.passed for r in outcome.results if r.cell.config == 1)


def test_runs_persist_across_restart(engine, tiny_model_path, tmp_path) -> None:
    from desktop.core.paths import DataPaths
    from desktop.core.store.db import open_store

    paths = DataPaths(tmp_path / "data").ensure()
    spec = _spec(
        tiny_model_path, repeats=1, checks=(Check("max_tokens", "6"), Check("contains", "{{name}}"))
    )
    outcome = ExperimentRunner(engine, spec).run()
    store = open_store(paths)
    repo = store.experiments
    exp_id = repo.create(spec, description="说明")
    run_id = repo.save_run(exp_id, spec, outcome)
    first = repo.load_run(run_id).results[0]
    repo.set_rating(first.id, 4)
    store.close()

    store = open_store(paths)
    try:
        repo = store.experiments
        assert repo.get(exp_id).spec == spec
        (summary,) = repo.runs(exp_id)
        assert (summary.number, summary.status, summary.done_cells, summary.total_cells) == (
            1,
            "complete",
            12,
            12,
        )
        assert summary.engine_version == outcome.engine_version
        stored = repo.load_run(run_id)
        assert stored.spec == spec
        assert [s.result for s in stored.results] == list(outcome.results)
        assert stored.results[0].rating == 4
        with pytest.raises(Exception, match="1 to 5"):
            repo.set_rating(first.id, 6)
        repo.set_rating(first.id, None)
        assert repo.load_run(run_id).results[0].rating is None
        # A re-run gets the next number; comparing the two runs finds no change (fixed seeds).
        run2 = repo.save_run(exp_id, spec, ExperimentRunner(engine, spec).run())
        assert [r.number for r in repo.runs(exp_id)] == [2, 1]
        cmp = compare_runs(
            spec, outcome.results, spec, [s.result for s in repo.load_run(run2).results]
        )
        assert cmp.changed_count == 0 and len(cmp.rows) == 12
    finally:
        store.close()


def test_compare_two_runs_shows_what_changed(engine, tiny_model_path) -> None:
    spec_a = _spec(tiny_model_path, repeats=1)
    spec_b = _spec(
        tiny_model_path,
        repeats=1,
        configs=(
            spec_a.configs[0],
            RunConfig(
                "hot", str(tiny_model_path), {"temperature": 1.5, "seed": 99, "max_tokens": 6}
            ),
        ),
    )
    a = ExperimentRunner(engine, spec_a).run().results
    b = ExperimentRunner(engine, spec_b).run().results
    cmp = compare_runs(spec_a, a, spec_b, b)
    unchanged = [row for row in cmp.rows if row.key[2] == "cold"]
    changed = [row for row in cmp.rows if row.key[2] == "hot"]
    assert unchanged and not any(row.changed for row in unchanged)
    assert any(row.changed for row in changed)


# --------------------------------------------------------------------------- files


def test_cases_csv_round_trip_with_chinese_and_awkward_text(tmp_path) -> None:
    cases = [
        Case("中文", {"text": "你好，世界", "lang": "英文"}),
        Case("quotes", {"text": 'She said "hi", then left', "lang": "en"}),
        Case("multi-line", {"text": "line 1\nline 2, with comma", "lang": "fr"}),
    ]
    text = cases_to_csv(cases)
    again, columns = cases_from_csv(text)
    assert again == cases and columns == ["text", "lang"]
    path = tmp_path / "cases.csv"
    write_cases_csv(path, cases)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheet apps need the BOM
    assert read_cases_csv(path)[0] == cases


def test_csv_without_label_column_and_with_empty_cells() -> None:
    cases, columns = cases_from_csv("name,tone\nAda,\n李雷,warm\n")
    assert columns == ["name", "tone"]
    assert cases == [
        Case("case 1", {"name": "Ada"}),
        Case("case 2", {"name": "李雷", "tone": "warm"}),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no header"),
        ("a,,b\n1,2,3", "empty column"),
        ("a,a\n1,2", "repeats"),
        ("a\n1,2", "line 2"),
    ],
)
def test_bad_csv_gets_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ExperimentFileError, match=message):
        cases_from_csv(text)


def test_experiment_file_yaml(tmp_path, tiny_model_path) -> None:
    (tmp_path / "cases.csv").write_text("_label,name\nfrom csv,王五\n", encoding="utf-8")
    (tmp_path / "exp.yaml").write_text(
        f"""
name: 问候
templates:
  - builtin: translate
  - label: short
    system: Be brief.
    body: "Greet {{{{name}}}}"
cases:
  - {{name: Ada, text: hello}}
  - label: chinese
    values: {{name: 李雷, text: 你好}}
cases_csv: cases.csv
configs:
  - label: cold
    model: {tiny_model_path}
    temperature: 0.2
    seed: 7
    n_ctx: 1024
repeats: 2
checks:
  - contains: "{{{{name}}}}"
  - not_contains: sorry
  - regex: "^[A-Z]"
  - valid_json: true
  - max_tokens: 64
  - equals: Hello
  - {{kind: contains, value: hi, ignore_case: true}}
""",
        encoding="utf-8",
    )
    spec = load_experiment_file(tmp_path / "exp.yaml")
    assert spec.name == "问候"
    assert [v.label for v in spec.versions] == ["translate", "short"]
    assert [c.label for c in spec.cases] == ["case 1", "chinese", "from csv"]
    assert spec.configs[0].params == {"temperature": 0.2, "seed": 7}
    assert spec.configs[0].load == {"n_ctx": 1024}
    assert [c.kind for c in spec.checks] == [
        "contains",
        "not_contains",
        "regex",
        "valid_json",
        "max_tokens",
        "equals",
        "contains",
    ]
    assert spec.checks[-1].ignore_case
    assert spec.size == 2 * 3 * 1 * 2
    json_path = tmp_path / "exp.json"
    json_path.write_text(
        json.dumps({"templates": [{"body": "x"}], "cases": [{}], "configs": [{"model": "m.gguf"}]})
    )
    assert load_experiment_file(json_path).configs[0].model_path == str(tmp_path / "m.gguf")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- just a list", "expected a mapping"),
        ("templates: []\ncases: []\nconfigs: []", "non-empty list"),
        ("templates: [{body: x}]\nconfigs: [{temperature: 1}]", "'model'"),
        ("templates: [{body: x}]\nconfigs: [{model: m, warp: 9}]", "unknown setting 'warp'"),
        (
            "templates: [{builtin: nope}]\nconfigs: [{model: m}]",
            "no built-in template named 'nope'",
        ),
        (
            "templates: [{body: x}]\nconfigs: [{model: m}]\nchecks: [{smells: ok}]",
            "expected one of",
        ),
        ("templates: [{body: x}\n", "not valid YAML"),
    ],
)
def test_bad_experiment_files(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExperimentFileError, match=message):
        load_experiment_file(path)


def test_results_export_csv_and_json_keep_chinese(engine, tiny_model_path) -> None:
    spec = _spec(tiny_model_path, repeats=1, checks=(Check("max_tokens", "6"),))
    results = ExperimentRunner(engine, spec).run().results
    assert len(plan_cells(spec)) == len(results) == 12
    data = json.loads(results_to_json(spec, results, ratings={(0, 1, 0, 0): 5}))
    rows = data["results"]
    assert len(rows) == 12 and rows[0]["passed"] is True
    lei = [
        r for r in rows if r["case"] == "lei" and r["version"] == "v1" and r["config"] == "cold"
    ][0]
    assert lei["prompt"] == "Say hello to 李雷." and lei["rating"] == 5
    table = list(csv.DictReader(io.StringIO(results_to_csv(spec, results))))
    assert len(table) == 12 and table[1]["prompt"] == "Say hello to 李雷."
    assert table[0]["checks"] == "at most N tokens 6: pass"


def test_duplicate_labels_are_refused(tiny_model_path) -> None:
    spec = _spec(
        tiny_model_path,
        configs=(RunConfig("same", str(tiny_model_path)), RunConfig("same", str(tiny_model_path))),
    )
    with pytest.raises(ExperimentInvalid, match="Two run configs are named 'same'"):
        ExperimentRunner(EngineClient(), spec)


def test_experiment_file_uses_saved_template_versions(tmp_path, tiny_model_path) -> None:
    from desktop.core.store.db import open_store
    from desktop.core.templates.library import TemplateLibrary

    with open_store(tmp_path / "t.db") as store:
        library = TemplateLibrary(store.templates)
        entry = library.save(None, name="问候", body="Hello {{name}}", params={"max_tokens": 3})
        library.save(entry, name="问候", body="Hi {{name}}!", params={"max_tokens": 3})
        path = tmp_path / "exp.yaml"
        path.write_text(
            "templates:\n  - template: 问候\n    version: 1\n  - template: 问候\n"
            f"cases: [{{name: Ada}}]\nconfigs: [{{model: {tiny_model_path}}}]\n",
            encoding="utf-8",
        )
        spec = load_experiment_file(path, template_resolver(library))
        assert [(v.label, v.body, v.version_number) for v in spec.versions] == [
            ("问候 v1", "Hello {{name}}", 1),
            ("问候 v2", "Hi {{name}}!", 2),
        ]
        path.write_text(
            "templates: [{template: 问候, version: 9}]\ncases: [{}]\nconfigs: [{model: m}]\n",
            encoding="utf-8",
        )
        with pytest.raises(ExperimentFileError, match="has no version 9"):
            load_experiment_file(path, template_resolver(library))


def test_a_run_left_running_is_marked_interrupted(tmp_path, tiny_model_path) -> None:
    from desktop.core.store.db import open_store

    spec = _spec(tiny_model_path)
    with open_store(tmp_path / "t.db") as store:
        repo = store.experiments
        exp = repo.create(spec)
        repo.start_run(exp, spec, spec.size, "x")  # the app died before finish_run
    with open_store(tmp_path / "t.db") as store:
        repo = store.experiments
        assert repo.mark_interrupted() == 1
        assert [r.status for r in repo.runs(exp)] == ["interrupted"]


def test_settings_of_the_wrong_type_are_reported(tiny_model_path) -> None:
    spec = _spec(
        tiny_model_path,
        configs=(
            RunConfig(
                "c",
                str(tiny_model_path),
                {"temperature": "hot", "max_tokens": 2.5, "seed": "x", "stop": [1]},
                {"n_ctx": "big", "flash_attn": 1},
            ),
        ),
    )
    with pytest.raises(ExperimentInvalid) as info:
        ExperimentRunner(EngineClient(), spec)
    text = str(info.value)
    for expected in (
        "temperature must be a number, not 'hot'",
        "max_tokens must be a whole number, not 2.5",
        "seed must be a whole number",
        "stop must be text or a list of texts",
        "n_ctx must be a whole number",
        "flash_attn must be one of auto, on, off",
    ):
        assert expected in text


def test_the_example_in_the_cli_help_is_a_valid_experiment(tmp_path, tiny_model_path) -> None:
    import yaml

    from desktop.cli.experiment import EXAMPLE
    from desktop.core.experiments.files import parse_experiment
    from desktop.core.experiments.spec import validate_spec

    text = EXAMPLE.split("\n", 1)[1].replace("models/tiny.gguf", str(tiny_model_path))
    spec = parse_experiment(yaml.safe_load(text), base_dir=tmp_path)
    assert spec.size == 2 * 2 * 2 * 2
    assert validate_spec(spec) == []
