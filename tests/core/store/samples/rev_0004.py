"""A database at revision 0004: a saved backend, and a reply and an experiment cell that
record where they were generated (backend, server version, model id)."""

from __future__ import annotations

import json
import sqlite3

REVISION = "0004"

PROBE = {
    "detected_kind": "openai",
    "capabilities": {
        "server_kind": "vllm",
        "server_version": "0.11.0",
        "tokenizer": True,
        "logprobs": True,
        "max_top_logprobs": 20,
        "context_length": 32768,
    },
    "models": ["Qwen/Qwen3-8B"],
    "checked_at": 1700000000.0,
    "problems": [],
}


def insert(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO backends (id, name, kind, base_url, default_model, api_key_env, probe,"
        " extra, created_at, updated_at) VALUES (1, 'gpu-box', 'openai', 'http://gpu:8000',"
        " 'Qwen/Qwen3-8B', 'GPU_KEY', ?, '{}', 1700000000.0, 1700000000.0)",
        (json.dumps(PROBE),),
    )
    conn.executescript(
        """
        INSERT INTO conversations (id, title, title_is_auto, pinned, model, system_prompt,
            sampling_params, overflow_policy, active_root_id, created_at, updated_at)
        VALUES (1, '远程', 0, 0, 'Qwen/Qwen3-8B', '', '{}', 'stop', NULL, 1700000000.0,
            1700000100.0);
        INSERT INTO messages (id, conversation_id, parent_id, active_child_id, role, content,
            status, created_at, updated_at, model, backend, server_version, finish_reason)
        VALUES
          (1, 1, NULL, NULL, 'user', '你好', 'complete', 1700000001.0, 1700000001.0, NULL,
           NULL, NULL, NULL),
          (2, 1, 1, NULL, 'assistant', '你好！', 'interrupted', 1700000002.0, 1700000003.0,
           'Qwen/Qwen3-8B', 'gpu-box', 'vllm 0.11.0', 'interrupted');
        UPDATE conversations SET active_root_id = 1 WHERE id = 1;
        UPDATE messages SET active_child_id = 2 WHERE id = 1;
        INSERT INTO experiments (id, name, description, versions, checks, repeats, created_at,
            updated_at)
        VALUES (1, 'remote', '', '[{"label": "v", "body": "hi", "system": "", "kind": "chat",
            "params": {}}]', '[]', 1, 1700000000.0, 1700000000.0);
        INSERT INTO experiment_cases (id, experiment_id, position, label, "values")
        VALUES (1, 1, 0, 'c', '{}');
        INSERT INTO experiment_configs (id, experiment_id, position, label, model_path, params,
            load, backend)
        VALUES (1, 1, 0, 'gpu', 'Qwen/Qwen3-8B', '{}', '{}', 'gpu-box');
        INSERT INTO experiment_runs (id, experiment_id, number, status, error, engine_version,
            spec, total_cells, started_at, finished_at)
        VALUES (1, 1, 1, 'complete', '', 'gpu-box: vllm 0.11.0', '{}', 1, 1700000000.0,
            1700000001.0);
        INSERT INTO experiment_results (id, run_id, version_index, case_index, config_index,
            repeat, kind, system, prompt, model_prompt, model_path, backend, server_version,
            params, seed, output, finish_reason, prompt_tokens, completion_tokens, total_seconds,
            error, checks, created_at)
        VALUES (1, 1, 0, 0, 0, 0, 'chat', '', 'hi', '', 'Qwen/Qwen3-8B', 'gpu-box',
            'vllm 0.11.0', '{}', 1, '你好', 'stop', 3, 2, 0.1, '', '[]', 1700000001.0);
        """
    )


def check(conn: sqlite3.Connection, store) -> None:
    from desktop.core.store.backends import BackendRepository
    from desktop.core.store.experiments import ExperimentRepository

    config = BackendRepository(store.db).get("gpu-box")
    assert (config.kind, config.base_url, config.default_model, config.api_key_env) == (
        "openai", "http://gpu:8000", "Qwen/Qwen3-8B", "GPU_KEY",
    )  # fmt: skip
    assert config.probe is not None and config.probe.capabilities.server_version == "0.11.0"
    reply = store.messages.get(2)
    assert (reply.backend, reply.server_version, reply.model, reply.status) == (
        "gpu-box", "vllm 0.11.0", "Qwen/Qwen3-8B", "interrupted",
    )  # fmt: skip
    assert store.messages.active_path(1)[0].content == "你好"
    repo = ExperimentRepository(store.db)
    assert repo.get(1).spec.configs[0].backend == "gpu-box"
    (result,) = repo.load_run(1).results
    assert (result.result.backend, result.result.server_version) == ("gpu-box", "vllm 0.11.0")
