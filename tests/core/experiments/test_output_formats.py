"""Output formats in experiments: file keys, validation, and grids whose replies fit them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.engine.client import EngineClient
from desktop.core.experiments.checks import Check
from desktop.core.experiments.files import ExperimentFileError, load_experiment_file
from desktop.core.experiments.runner import (
    Case,
    ExperimentInvalid,
    ExperimentRunner,
    ExperimentSpec,
    PromptVersion,
    RunConfig,
)
from desktop.core.experiments.spec import effective_format, validate_spec

PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 8},
        "age": {"type": "integer", "minimum": 1, "maximum": 120},
    },
    "required": ["name", "age"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def engine():
    client = EngineClient()
    yield client
    client.close()


def write(folder: Path, text: str) -> Path:
    path = folder / "exp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_keys_per_config_shared_and_from_files(tmp_path: Path, tiny_model_path: Path) -> None:
    (tmp_path / "person.json").write_text(json.dumps(PERSON), encoding="utf-8")
    (tmp_path / "yn.gbnf").write_text('root ::= "yes" | "no"', encoding="utf-8")
    path = write(
        tmp_path,
        f"""
templates:
  - {{label: ask, body: "Describe {{{{who}}}} as JSON."}}
cases:
  - {{who: 李雷}}
json_schema_file: person.json
configs:
  - {{label: shared, model: {tiny_model_path}}}
  - {{label: any-json, model: {tiny_model_path}, format: json}}
  - {{label: inline, model: {tiny_model_path}, json_schema: {{type: object, required: [a]}}}}
  - {{label: gbnf, model: {tiny_model_path}, grammar_file: yn.gbnf}}
  - {{label: free, model: {tiny_model_path}, format: text}}
""",
    )
    spec = load_experiment_file(path)
    version = spec.versions[0]
    kinds = {c.label: effective_format(version, c) for c in spec.configs}
    assert kinds["shared"].kind == "json_schema" and kinds["shared"].schema == PERSON
    assert kinds["shared"].name == "person"
    assert kinds["any-json"].kind == "json"
    assert kinds["inline"].schema == {"type": "object", "required": ["a"]}
    assert kinds["gbnf"].grammar == 'root ::= "yes" | "no"'
    assert kinds["free"].kind == "text"
    assert [c.kind for c in spec.checks] == ["matches_format"]  # added by itself
    assert validate_spec(spec) == []
    # The format travels with the config's params: saved runs and reruns keep it.
    again = ExperimentSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert effective_format(again.versions[0], again.configs[0]).schema == PERSON


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ("json_schema: {type: strnig}", "Config 'c': output format:"),
        ("format: xml", "Unknown output format 'xml'"),
        ('grammar: "root ::= x"', "Config 'c': output format:"),
        ("json_schema: {type: object}\n    grammar: 'root ::= \"a\"'", "not both"),
    ],
)
def test_bad_formats_are_reported_before_running(
    tmp_path: Path, tiny_model_path: Path, extra: str, needle: str
) -> None:
    path = write(
        tmp_path,
        f"""
templates: [{{label: t, body: hi}}]
cases: [{{x: "1"}}]
configs:
  - label: c
    model: {tiny_model_path}
    {extra}
""",
    )
    spec = load_experiment_file(path)
    problems = [str(p) for p in validate_spec(spec)]
    assert any(needle in p for p in problems), problems
    with pytest.raises(ExperimentInvalid):
        ExperimentRunner(None, spec)


def test_a_missing_schema_file_names_it(tmp_path: Path, tiny_model_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
templates: [{{label: t, body: hi}}]
cases: [{{x: "1"}}]
configs: [{{model: {tiny_model_path}, json_schema_file: nope.json}}]
""",
    )
    with pytest.raises(ExperimentFileError, match="json_schema_file .*nope.json"):
        load_experiment_file(path)


def test_grid_replies_fit_the_schema_and_the_check_says_so(engine, tiny_model_path: Path) -> None:
    spec = ExperimentSpec(
        name="people",
        versions=(
            PromptVersion("plain", "Describe {{who}}."),
            # A format saved with the template (its default params) applies when the config
            # names none.
            PromptVersion("saved", "Describe {{who}}.", params={"format": "json"}),
        ),
        cases=(Case("lei", {"who": "李雷"}), Case("ada", {"who": "Ada"})),
        configs=(
            RunConfig(
                "schema",
                str(tiny_model_path),
                {"json_schema": PERSON, "max_tokens": 120, "seed": 3, "temperature": 1.0},
                {"n_ctx": 1024, "n_threads": 1},
            ),
            RunConfig(
                "free",
                str(tiny_model_path),
                {"max_tokens": 8, "seed": 3},
                {"n_ctx": 1024, "n_threads": 1},
            ),
        ),
        checks=(Check("matches_format"),),
    )
    outcome = ExperimentRunner(engine, spec).run()
    assert outcome.status == "complete" and len(outcome.results) == 8
    for r in outcome.results:
        config = spec.configs[r.cell.config].label
        version = spec.versions[r.cell.version].label
        assert not r.error, r.error
        if config == "schema":
            value = json.loads(r.output)  # the grammar made the random model write JSON
            assert set(value) == {"name", "age"} and 1 <= value["age"] <= 120
            assert r.passed, r.checks
        elif version == "saved":
            if r.finish_reason == "stop":
                assert isinstance(json.loads(r.output), dict) and r.passed
            else:  # cut by max_tokens: the check says the reply is not finished JSON
                assert not r.passed and "ended early" in r.checks[0].detail
        else:
            assert r.passed and r.checks[0].detail == "free text"
