"""A database at revision 0002 with data in every experiments table, and what must survive."""

from __future__ import annotations

import json
import sqlite3

REVISION = "0002"

SPEC = {
    "name": "问候实验",
    "versions": [
        {
            "label": "v1",
            "body": "Say hello to {{name}}.",
            "system": "",
            "kind": "chat",
            "params": {"max_tokens": 8},
            "template_name": None,
            "version_number": None,
            "version_id": None,
        }
    ],
    "cases": [{"label": "李雷", "values": {"name": "李雷"}}],
    "configs": [
        {"label": "cold", "model_path": "models/tiny.gguf", "params": {"seed": 3}, "load": {}}
    ],
    "repeats": 1,
    "checks": [{"kind": "max_tokens", "value": "8", "ignore_case": False}],
}
PARAMS = {
    "temperature": 0.8,
    "top_k": 40,
    "top_p": 0.95,
    "min_p": 0.05,
    "repeat_penalty": 1.0,
    "repeat_last_n": 64,
    "presence_penalty": 0.0,
    "frequency_penalty": 0.0,
    "seed": 3,
    "max_tokens": 8,
    "stop": [],
    "logit_bias": [],
}


def insert(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO experiments (id, name, description, versions, checks, repeats, created_at,"
        " updated_at) VALUES (1, ?, '中文说明', ?, ?, 1, 1700000000.0, 1700000100.0)",
        (SPEC["name"], json.dumps(SPEC["versions"]), json.dumps(SPEC["checks"])),
    )
    conn.execute(
        'INSERT INTO experiment_cases (id, experiment_id, position, label, "values")'
        " VALUES (1, 1, 0, '李雷', ?)",
        (json.dumps({"name": "李雷"}),),
    )
    conn.execute(
        "INSERT INTO experiment_configs (id, experiment_id, position, label, model_path, params,"
        " load) VALUES (1, 1, 0, 'cold', 'models/tiny.gguf', '{\"seed\": 3}', '{}')"
    )
    conn.execute(
        "INSERT INTO experiment_runs (id, experiment_id, number, status, error, engine_version,"
        " spec, total_cells, started_at, finished_at)"
        " VALUES (1, 1, 1, 'complete', '', 'llama-cpp-python 0.3.36', ?, 1, 1700000200.0,"
        " 1700000201.0)",
        (json.dumps(SPEC),),
    )
    conn.execute(
        "INSERT INTO experiment_results (id, run_id, version_index, case_index, config_index,"
        " repeat, kind, system, prompt, model_prompt, model_path, params, seed, output, finish_reason,"
        " prompt_tokens, completion_tokens, ttft_seconds, tokens_per_second, total_seconds,"
        " error, checks, passed, created_at)"
        " VALUES (1, 1, 0, 0, 0, 0, 'chat', '', 'Say hello to 李雷.',"
        " '<|im_start|>user\nSay hello to 李雷.<|im_end|>\n<|im_start|>assistant\n',"
        " 'models/tiny.gguf', ?, 3,"
        " '你好，李雷！', 'length', 9, 8, 0.05, 120.5, 0.12, '', ?, 1, 1700000201.0)",
        (
            json.dumps(PARAMS),
            json.dumps(
                [{"check": SPEC["checks"][0], "passed": True, "detail": ""}], ensure_ascii=False
            ),
        ),
    )
    conn.execute(
        "INSERT INTO experiment_ratings (result_id, rating, updated_at) VALUES (1, 4, 1700000300.0)"
    )


def check(conn: sqlite3.Connection, store) -> None:
    from desktop.core.store.experiments import ExperimentRepository

    repo = ExperimentRepository(store.db)
    record = repo.get(1)
    assert (record.name, record.description) == ("问候实验", "中文说明")
    assert record.spec.cases[0].values == {"name": "李雷"}
    assert record.spec.configs[0].params == {"seed": 3}
    assert record.spec.checks[0].kind == "max_tokens"
    (run,) = repo.runs(1)
    assert (run.number, run.status, run.done_cells, run.engine_version) == (
        1,
        "complete",
        1,
        "llama-cpp-python 0.3.36",
    )
    stored = repo.load_run(1)
    (result,) = stored.results
    assert result.rating == 4
    r = result.result
    assert (r.prompt.user, r.output, r.seed, r.completion_tokens) == (
        "Say hello to 李雷.",
        "你好，李雷！",
        3,
        8,
    )
    assert r.params.max_tokens == 8 and r.passed is True
    assert r.model_prompt.startswith("<|im_start|>user\nSay hello to 李雷.")
    assert stored.spec.name == "问候实验"
