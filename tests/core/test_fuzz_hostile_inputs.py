"""Fuzz: generated imports and experiment files go through the same validators a user's files
do. Each is either accepted whole or refused with the module's own error, and afterwards the
store still lists and opens everything it holds.

A seeded generator (no extra dependency): a failure names its seed and case, and re-running
reproduces it exactly. TESSERA_FUZZ_CASES and TESSERA_FUZZ_SEED run longer or other cases.
"""

from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from desktop.core.engine.options import params_from_dict
from desktop.core.experiments.checks import CheckError, evaluate_checks
from desktop.core.experiments.files import ExperimentFileError, load_experiment_file
from desktop.core.experiments.spec import MAX_CELLS, validate_spec
from desktop.core.messages import Message
from desktop.core.store import ImportFormatError, open_store
from desktop.core.store.experiments import ExperimentRepository
from desktop.core.store.transfer import export_data, export_json, import_text

SEED = int(os.environ.get("TESSERA_FUZZ_SEED", "20261203"))
CASES = int(os.environ.get("TESSERA_FUZZ_CASES", "300"))

NASTY_TEXT = [
    "",
    "plain",
    "中文 mixed 文本",
    "\x1b]0;title\x07\x1b[2J",
    "\x9b31m",
    "\x00nul\x00",
    "\ud800",
    "a\udfffb",
    "\U0001f600",
    "\u202eevil",
    "x" * 5000,
    "line\r\nbreak",
]
NASTY_DATES = [
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "1969-12-31T23:59:59+00:00",
    "1970-01-01T00:00:00+14:00",
    "2026-02-30T00:00:00",
    "2026-06-01T12:00:00.123456+08:00",
    "3000-01-01T00:00:00Z",
    "2999-12-30T00:00:00-12:00",
    "yesterday",
    "",
]


def nasty_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(11 if depth < 3 else 8)
    if kind == 0:
        return rng.choice(NASTY_TEXT)
    if kind == 1:
        return rng.choice(NASTY_DATES)
    if kind == 2:
        return rng.choice([0, -1, 1, 2**31, -(2**63), 2**64, 10**30])
    if kind == 3:
        return rng.choice([0.5, -0.0, 1e308, -1e-300])
    if kind == 4:
        return rng.choice([True, False])
    if kind == 5:
        return None
    if kind == 6:
        return rng.random()
    if kind == 7:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(8)))
    if kind == 8:
        return [nasty_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 9:
        return {
            rng.choice(["temperature", "seed", "stop", "top_k", "logit_bias", "\ud800", "x"]): (
                nasty_value(rng, depth + 1)
            )
            for _ in range(rng.randrange(4))
        }
    return {"v": 1, "t": [[rng.randrange(9), rng.choice(NASTY_TEXT), None, [], False]]}


def mutate_export(rng: random.Random, data: dict) -> dict:
    data = copy.deepcopy(data)
    for _ in range(rng.randrange(1, 4)):
        where = rng.randrange(4)
        if where == 0:
            key = rng.choice(list(data["conversation"]))
            data["conversation"][key] = nasty_value(rng)
        elif where == 1 and data["messages"]:
            msg = rng.choice(data["messages"])
            msg[rng.choice(list(msg))] = nasty_value(rng)
        elif where == 2 and data["messages"]:  # broken trees: parents, ids, actives
            msg = rng.choice(data["messages"])
            other = rng.choice(data["messages"])
            field = rng.choice(["parent", "id", "active"])
            msg[field] = rng.choice([other["id"], msg["id"], 999, None, True])
        else:
            rng.shuffle(data["messages"])
    return data


@pytest.fixture
def seeded_store(tmp_path: Path):
    store = open_store(tmp_path / "tessera.db")
    conv = store.conversations.create(
        model="m.gguf", system_prompt="sys", sampling_params={"temperature": 0.5, "stop": ["x"]}
    )
    first = store.messages.append_user(conv.id, "hello")
    reply = store.messages.start_assistant(conv.id, model="m.gguf", params={"seed": 1})
    store.messages.finish(reply.id, "hi", stats={"completion_tokens": 1, "decode_tok_s": 2.0})
    store.messages.edit_user(first.id, "hello again")
    yield store, export_data(store, conv.id)
    store.close()


def test_generated_imports_are_accepted_whole_or_refused_and_the_store_stays_readable(
    seeded_store,
):
    store, base = seeded_store
    rng = random.Random(SEED)
    accepted = 0
    for case in range(CASES):
        data = mutate_export(rng, base)
        before = store.conversations.count()
        try:
            text = json.dumps(data)
        except (ValueError, TypeError):
            continue
        try:
            new_id = import_text(store, text)
        except ImportFormatError as exc:
            assert "Nothing was imported" in str(exc), (SEED, case)
            assert store.conversations.count() == before, (SEED, case)
            continue
        accepted += 1
        # What the list, the window and a continued chat read back from it:
        conv = store.conversations.get(new_id)
        params_from_dict(conv.sampling_params)
        conv.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        tree = store.messages.tree(new_id)
        for msg in tree.messages.values():
            if msg.params is not None:
                params_from_dict(msg.params)
            msg.created_at.astimezone().isoformat()
            msg.content.encode("utf-8")
        export_json(store, new_id)
    listed = store.conversations.list_recent(limit=CASES + 10)
    assert listed.skipped == ()
    assert len(listed) == store.conversations.count() == accepted + 1
    for summary in listed:
        store.messages.tree(summary.id)
        summary.title.encode("utf-8")
    assert accepted > 0  # the generator also makes files that are fine


HEADER = {
    "name": "fuzz",
    "templates": [{"label": "t", "body": "Say {{word}}"}],
    "configs": [{"label": "c", "model": "m.gguf"}],
    "cases": [{"word": "a"}],
}
REGEXES = ["^S", "(a|aa)+$", "[", "(?P<x>a)(?P=x)", "\\d{2,}", "((x+)+)+y"]


def nasty_experiment(rng: random.Random) -> tuple[str, str]:
    """(file name, text) of a generated experiment file, YAML or JSON."""
    data: dict[str, Any] = copy.deepcopy(HEADER)
    for _ in range(rng.randrange(1, 4)):
        key = rng.choice(["name", "templates", "cases", "configs", "repeats", "checks"])
        choice = rng.randrange(5)
        if key == "repeats":
            data[key] = rng.choice([1, 0, -3, 10**12, "7", "many", 2.5, True, 10**6])
        elif key == "checks":
            data[key] = [
                rng.choice(
                    [
                        {"regex": rng.choice(REGEXES)},
                        {"contains": nasty_value(rng)},
                        {"max_tokens": nasty_value(rng)},
                        "valid_json",
                        nasty_value(rng),
                    ]
                )
                for _ in range(rng.randrange(1, 3))
            ]
        elif key == "cases" and choice == 0:
            data[key] = [{"word": nasty_value(rng)} for _ in range(rng.randrange(1, 30))]
        elif key == "configs" and choice == 1:
            data[key] = [{"model": "m.gguf", "temperature": nasty_value(rng)}]
        else:
            data[key] = nasty_value(rng)
    if rng.random() < 0.5:
        return "exp.json", json.dumps(data, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.6:
        return "exp.yaml", json.dumps(data)  # JSON is YAML too
    # Aliases: some harmless, some bombs (up to 11^8 values), some referring to themselves.
    levels, width = rng.randrange(1, 9), rng.randrange(1, 12)
    lines = ['a0: &a0 ["lol"]'] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels + 1)
    ]
    target = f"*a{levels}" if rng.random() < 0.8 else "&loop [*loop]"
    return "exp.yaml", "\n".join(lines) + "\n" + _yaml_body(data, target)


def _yaml_body(data: dict, alias: str) -> str:
    body = {k: v for k, v in data.items() if k != "cases"}
    lines = [f"{key}: {json.dumps(value)}" for key, value in body.items()]
    lines.append(f"cases:\n  - {{word: {alias}}}")
    return "\n".join(lines) + "\n"


def test_generated_experiment_files_are_loaded_or_refused_and_saved_ones_stay_listed(tmp_path):
    rng = random.Random(SEED + 1)
    store = open_store(tmp_path / "tessera.db")
    repo = ExperimentRepository(store.db)
    saved = 0
    try:
        for case in range(CASES):
            name, text = nasty_experiment(rng)
            folder = tmp_path / f"case{case}"
            folder.mkdir()
            path = folder / name
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            try:
                spec = load_experiment_file(path)
            except (ExperimentFileError, CheckError):
                continue
            problems = validate_spec(spec, check_files=False)
            assert all(isinstance(p, Message) and str(p) for p in problems), (SEED, case)
            if spec.size > MAX_CELLS:
                assert problems, (SEED, case)
            if problems:
                continue
            outcomes = evaluate_checks(spec.checks, "Say a" + "a" * 60 + "b", 3, {"word": "a"})
            assert len(outcomes) == len(spec.checks)
            spec = type(spec)(**{**spec.__dict__, "name": f"fuzz {case}"})
            repo.create(spec)
            saved += 1
        names = {s.name for s in repo.summaries()}
        assert len(names) == saved
        for summary in repo.summaries():
            repo.get(summary.id)
    finally:
        store.close()
    assert saved > 0
