"""`tessera experiment run` with output formats, as a user runs it: a real process."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli_templates_experiment import tessera

SCHEMA = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "maxLength": 6},
        "days": {"type": "integer", "minimum": 1, "maximum": 7},
    },
    "required": ["city", "days"],
}


def test_json_schema_key_constrains_and_checks_every_reply(
    tmp_path: Path, tiny_model_path: Path
) -> None:
    (tmp_path / "trip.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    path = tmp_path / "exp.yaml"
    path.write_text(
        f"""
name: 行程
templates:
  - {{label: ask, body: "Plan a trip to {{{{city}}}} as JSON."}}
cases:
  - {{city: 北京}}
  - {{city: Oslo}}
configs:
  - {{label: schema, model: {tiny_model_path}, json_schema_file: trip.json, seed: 5,
      max_tokens: 100, temperature: 1.0, n_ctx: 1024}}
  - {{label: inline, model: {tiny_model_path}, seed: 5, max_tokens: 100, n_ctx: 1024,
      json_schema: {{type: object, properties: {{ok: {{type: boolean}}}}, required: [ok]}}}}
""",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    out = json.loads(tessera(data, "experiment", "run", str(path), "--json", check=True).stdout)
    assert out["status"] == "complete" and len(out["results"]) == 4
    for row in out["results"]:
        value = json.loads(row["output"])
        if row["config"] == "schema":
            assert set(value) >= {"city", "days"} and 1 <= value["days"] <= 7
        else:
            assert isinstance(value["ok"], bool)
        assert row["checks"] == [{"check": "fits the output format", "passed": True, "detail": ""}]
        assert row["passed"] is True

    # The table says the same, and a rerun of the saved run uses the saved format.
    table = tessera(data, "experiment", "rerun", "行程", "--run", "1", check=True).stdout
    assert table.splitlines()[3].split() == ["pass", "rate", "100%", "100%"]
    rerun = json.loads(
        tessera(data, "experiment", "rerun", "行程", "--run", "1", "--json", check=True).stdout
    )
    assert [r["output"] for r in rerun["results"]] == [r["output"] for r in out["results"]]


def test_a_broken_schema_is_refused_before_anything_runs(
    tmp_path: Path, tiny_model_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"""
templates: [{{label: t, body: hi}}]
cases: [{{x: "1"}}]
configs:
  - {{label: c, model: {tiny_model_path}, json_schema: {{type: object, minProperties: -1}}}}
""",
        encoding="utf-8",
    )
    proc = tessera(tmp_path / "data", "experiment", "run", str(path))
    assert proc.returncode == 2
    assert "Config 'c': output format:" in proc.stderr and "minProperties" in proc.stderr
