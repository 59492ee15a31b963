"""Experiment files from someone else: alias bombs, self-referencing aliases, deep nesting,
broken text, grids too big to hold, regexes that never finish, inputs that never end."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from desktop.core.experiments.checks import Check, evaluate_check
from desktop.core.experiments.files import (
    MAX_SPEC_BYTES,
    MAX_YAML_NODES,
    ExperimentFileError,
    load_experiment_file,
)
from desktop.core.experiments.spec import (
    MAX_CELLS,
    Case,
    ExperimentSpec,
    PromptVersion,
    RunConfig,
    validate_spec,
)

HEADER = """templates:
  - {label: t, body: "Say {{word}}"}
configs:
  - {label: c, model: model.gguf}
"""


def _write(tmp_path: Path, text: str, name: str = "exp.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def alias_bomb(levels: int, width: int) -> str:
    """The "billion laughs": each level lists the previous one `width` times."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    bomb = alias_bomb(7, 10)  # 10^7 values from 300 bytes
    path = _write(tmp_path, HEADER + bomb + f"cases:\n  - {{word: *a{7}}}\n")
    assert path.stat().st_size < 1024
    with pytest.raises(ExperimentFileError) as err:
        load_experiment_file(path)
    assert f"more than {MAX_YAML_NODES:,} values" in str(err.value)


def test_aliases_that_stay_small_still_work(tmp_path):
    path = _write(
        tmp_path,
        HEADER + "defaults: &d {word: hi}\ncases:\n  - *d\n  - {<<: *d, extra: x}\n",
    )
    spec = load_experiment_file(path)
    assert [dict(c.values) for c in spec.cases] == [{"word": "hi"}, {"word": "hi", "extra": "x"}]


def test_an_alias_to_itself_is_refused(tmp_path):
    path = _write(tmp_path, HEADER + "cases:\n  - &loop [*loop]\n")
    with pytest.raises(ExperimentFileError, match="refers to itself"):
        load_experiment_file(path)


def test_deeply_nested_yaml_is_refused_not_a_crash(tmp_path):
    path = _write(tmp_path, HEADER + "cases: " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(ExperimentFileError, match="nested too deeply"):
        load_experiment_file(path)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_broken_characters_are_refused_with_the_file_named(tmp_path, suffix):
    if suffix == "json":
        data = {
            "templates": [{"label": "t", "body": "Say {{word}}"}],
            "configs": [{"model": "m.gguf"}],
            "cases": [{"word": "\ud800"}],
        }
        path = _write(tmp_path, json.dumps(data), "exp.json")
    else:
        path = _write(tmp_path, HEADER + 'cases:\n  - {word: "\\ud83d"}\n')
    with pytest.raises(ExperimentFileError, match="broken character"):
        load_experiment_file(path)


def test_an_experiment_file_that_never_ends_is_read_no_further_than_the_cap(tmp_path):
    """A FIFO (or /dev/zero) reports no size; the read itself must stop."""
    fifo = tmp_path / "exp.yaml"
    os.mkfifo(fifo)
    written: list[int] = []

    def feed() -> None:
        chunk = b"# " + b"x" * 65_000 + b"\n"
        try:
            with open(fifo, "wb") as fh:
                while sum(written) < 4 * MAX_SPEC_BYTES:
                    fh.write(chunk)
                    written.append(len(chunk))
        except BrokenPipeError:  # the reader stopped: what we want
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    with pytest.raises(ExperimentFileError, match="larger than 2 MB"):
        load_experiment_file(fifo)
    writer.join(30)
    assert sum(written) < 4 * MAX_SPEC_BYTES


def test_repeats_in_the_trillions_are_refused_naming_the_size_and_the_limit(tmp_path):
    path = _write(
        tmp_path, HEADER + "cases:\n  - {word: a}\n  - {word: b}\nrepeats: 1000000000000\n"
    )
    spec = load_experiment_file(path)
    problems = validate_spec(spec, check_files=False)
    assert len(problems) == 1
    assert "2,000,000,000,000 cells" in str(problems[0])
    assert "1,000,000,000,000 repeats" in str(problems[0])
    assert f"at most {MAX_CELLS:,} cells" in str(problems[0])


@pytest.mark.parametrize("value", ["1e400", "true", "[1]", "many"])
def test_repeats_that_are_not_a_whole_number_are_refused(tmp_path, value):
    path = _write(tmp_path, HEADER + f"cases:\n  - {{word: a}}\nrepeats: {value}\n")
    with pytest.raises(ExperimentFileError, match="'repeats' must be a whole number"):
        load_experiment_file(path)


def test_a_grid_at_the_limit_is_accepted():
    spec = ExperimentSpec(
        versions=(PromptVersion("v", "Say {{w}}"),),
        cases=tuple(Case(f"c{i}", {"w": "x"}) for i in range(10)),
        configs=(RunConfig("c", "m.gguf"),),
        repeats=MAX_CELLS // 10,
    )
    assert validate_spec(spec, check_files=False) == []


def test_a_catastrophically_backtracking_regex_fails_its_check_in_bounded_time():
    check = Check("regex", "(a|aa)+$")
    outcome = evaluate_check(check, "a" * 80 + "b", 1)
    assert not outcome.passed
    assert "did not finish in 1 s" in outcome.detail
    assert evaluate_check(check, "aaaa", 1).passed  # the same pattern on a fair input


def test_a_regex_check_lets_other_threads_run_meanwhile():
    """While a check runs, the main thread still runs (and so gets Ctrl-C)."""
    ticks = []
    done = threading.Event()

    def run() -> None:
        evaluate_check(Check("regex", "(a|aa)+$"), "a" * 80 + "b", 1)
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    while not done.is_set():
        ticks.append(1)
        done.wait(0.01)
    worker.join()
    assert len(ticks) > 5
