"""Experiment files (YAML/JSON), test cases as CSV, and results exported to CSV and JSON.

Experiment file format (`tessera experiment run FILE`); every key but `templates`, `cases` and
`configs` is optional, paths are relative to the file:

    name: greetings
    templates:                       # or "versions"
      - builtin: summarize           # a built-in template, by name
      - template: my saved template  # a saved template; `version: N` (default: latest)
      - label: short                 # inline
        kind: chat                   # chat | completion
        system: You are terse.
        body: "Greet {{name}} in {{language=English}}."
    cases:                           # mappings of variable values ...
      - {name: Ada, expected: Ada}
      - label: chinese               # ... or label + values
        values: {name: 李雷, language: 中文}
    cases_csv: cases.csv             # and/or a CSV file (header = variable names)
    configs:
      - label: cold
        model: models/tiny.gguf
        temperature: 0.2             # SamplingParams fields, inline or under `params:`
        seed: 7
        n_ctx: 1024                  # LoadOptions fields, inline or under `load:`
        json_schema: {type: object}  # an output format for this config (see below)
    json_schema_file: person.json    # an output format for every config without its own:
                                     # `format: text|json|json_schema|grammar`, `json_schema:`
                                     # (a mapping or JSON text), `json_schema_file:`,
                                     # `grammar:` (GBNF), `grammar_file:`, `schema_name:`
    repeats: 2
    checks:
      - contains: "{{expected}}"     # values may use the case's variables
      - not_contains: sorry
      - regex: "^[A-Z]"
      - valid_json: true
      - max_tokens: 64
      - equals: "Hello"
      - {kind: contains, value: hello, ignore_case: true}
      - matches_format: true         # added by itself when an output format is used

A grammar enforces the format while the model writes; every reply is still validated against
the schema (`matches_format`), because a grammar cannot enforce every keyword.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from desktop.core.engine.options import params_to_dict
from desktop.core.experiments import errors as E
from desktop.core.experiments.checks import CHECK_KINDS, VALUELESS, Check, with_format_check
from desktop.core.experiments.errors import CheckError
from desktop.core.experiments.errors import ExperimentFileError as ExperimentFileError  # re-export
from desktop.core.experiments.runner import (
    LOAD_FIELDS,
    SAMPLING_FIELDS,
    Case,
    CellResult,
    ExperimentSpec,
    PromptVersion,
    RunConfig,
)
from desktop.core.experiments.spec import uses_formats
from desktop.core.messages import Message, UserError, plain
from desktop.core.tools.output_format import FORMAT_KEYS, format_part, has_format

CASE_LABEL_COLUMN = "_label"
MAX_FILE_BYTES = 20_000_000  # a cases CSV (read by the C csv module: fast)
# A YAML or JSON experiment file. YAML is parsed in pure Python (libyaml's C composer crashes
# the process on deeply nested input): about 1 s per MB on an idle machine. Thousands of cases
# belong in a CSV file.
MAX_SPEC_BYTES = 2_000_000
# Nodes after expanding YAML aliases: a 1 KB "billion laughs" file expands to 10^9 nodes and
# took GBs once a case value was turned into text; a real file has a few thousand.
MAX_YAML_NODES = 200_000

# (template name, version number or None for the latest) -> PromptVersion, or LookupError.
TemplateResolver = Callable[[str, "int | None"], PromptVersion]


def _reason(exc: Exception) -> Message:
    """A template lookup's failure as a message (the library's, or LookupError's text)."""
    return exc.user_message if isinstance(exc, UserError) else plain(str(exc))


# --------------------------------------------------------------------------- cases as CSV


def cases_to_csv(cases: Sequence[Case], columns: Sequence[str] | None = None) -> str:
    """CSV text: a `_label` column, then one column per variable (union, first-seen order)."""
    names = list(columns or [])
    for case in cases:
        names.extend(k for k in case.values if k not in names)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([CASE_LABEL_COLUMN, *names])
    for case in cases:
        writer.writerow([case.label, *(case.values.get(n, "") for n in names)])
    return buffer.getvalue()


def cases_from_csv(text: str, source: str = "CSV") -> tuple[list[Case], list[str]]:
    """Cases and the column names. An empty cell means "no value" (the default applies)."""
    text = text.lstrip("\ufeff")  # spreadsheet apps write a BOM
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ExperimentFileError(source, E.NOT_CSV(reason=str(exc))) from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ExperimentFileError(source, E.NO_HEADER())
    header = [h.strip() for h in rows[0]]
    if any(not h for h in header):
        raise ExperimentFileError(source, E.EMPTY_COLUMN())
    if len(set(header)) != len(header):
        raise ExperimentFileError(source, E.REPEATED_COLUMN())
    has_label = header[0] == CASE_LABEL_COLUMN
    columns = header[1:] if has_label else header
    cases = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise ExperimentFileError(
                E.AT_LINE(source=source, line=n),
                E.TOO_MANY_CELLS(cells=len(row), columns=len(header)),
            )
        row = row + [""] * (len(header) - len(row))
        label = row[0] if has_label else ""
        cells = row[1:] if has_label else row
        values = {k: v for k, v in zip(columns, cells, strict=True) if v != ""}
        cases.append(Case(label or f"case {n - 1}", values))
    return cases, columns


def read_cases_csv(path: Path) -> tuple[list[Case], list[str]]:
    return cases_from_csv(_read_text(path), path.name)


def write_cases_csv(path: Path, cases: Sequence[Case], columns: Sequence[str] = ()) -> None:
    # utf-8-sig so spreadsheet apps open Chinese text correctly.
    path.write_text(cases_to_csv(cases, columns), encoding="utf-8-sig", newline="")


# --------------------------------------------------------------------------- results export


def result_row(spec: ExperimentSpec, r: CellResult, rating: int | None = None) -> dict[str, Any]:
    version = spec.versions[r.cell.version]
    case = spec.cases[r.cell.case]
    config = spec.configs[r.cell.config]
    return {
        "version": version.label,
        "case": case.label,
        "config": config.label,
        "repeat": r.cell.repeat,
        "model": config.model_path,
        "backend": r.backend,
        "server_version": r.server_version,
        "seed": r.seed,
        "system": r.prompt.system,
        "prompt": r.prompt.user,
        "model_prompt": r.model_prompt,
        "output": r.output,
        "finish_reason": r.finish_reason,
        "prompt_tokens": r.prompt_tokens,
        "completion_tokens": r.completion_tokens,
        "ttft_ms": None if r.ttft_seconds is None else round(r.ttft_seconds * 1000, 2),
        "tokens_per_second": None if r.tokens_per_second is None else round(r.tokens_per_second, 2),
        "passed": r.passed,
        "checks": [
            {"check": o.check.label, "passed": o.passed, "detail": o.detail} for o in r.checks
        ],
        "error": r.error,
        "rating": rating,
        "params": params_to_dict(r.params),
    }


def results_to_json(
    spec: ExperimentSpec,
    results: Iterable[CellResult],
    *,
    ratings: Mapping[tuple[int, int, int, int], int] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> str:
    ratings = ratings or {}
    rows = [result_row(spec, r, ratings.get(_key(r))) for r in results]
    payload = {
        "format": "tessera-experiment-results",
        "version": 1,
        **(meta or {}),
        "results": rows,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def results_to_csv(
    spec: ExperimentSpec,
    results: Iterable[CellResult],
    *,
    ratings: Mapping[tuple[int, int, int, int], int] | None = None,
) -> str:
    ratings = ratings or {}
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for r in results:
        row = result_row(spec, r, ratings.get(_key(r)))
        row["checks"] = "; ".join(
            f"{c['check']}: {'pass' if c['passed'] else 'FAIL'}" for c in row["checks"]
        )
        row["params"] = json.dumps(row["params"], ensure_ascii=False)
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row), lineterminator="\r\n")
            writer.writeheader()
        writer.writerow(row)
    return buffer.getvalue()


def _key(r: CellResult) -> tuple[int, int, int, int]:
    return (r.cell.version, r.cell.case, r.cell.config, r.cell.repeat)


# --------------------------------------------------------------------------- experiment files


def _read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    from desktop.core.userfiles import AS_EXPERIMENT, FileReadError, read_text_capped

    if not os.path.lexists(path):
        raise ExperimentFileError(path.name, E.FILE_NOT_FOUND(path=str(path)))
    try:
        return read_text_capped(path, limit, AS_EXPERIMENT())
    except FileReadError as exc:
        raise ExperimentFileError(path.name, exc.user_message) from None


def _yaml_children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def _check_expansion(root: Any, source: str) -> None:
    """Refuses a YAML document whose aliases expand past MAX_YAML_NODES nodes, or refer to
    themselves, before anything is built from it (each distinct node is visited once)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the path from the root to the node being expanded
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _yaml_children(node))
            if sizes[key] > MAX_YAML_NODES:
                raise ExperimentFileError(source, E.ALIASES_EXPAND(limit=MAX_YAML_NODES))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise ExperimentFileError(source, E.ALIAS_SELF())
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _yaml_children(node) if id(c) not in sizes)


def _safe_yaml(text: str, source: str) -> Any:
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, source)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_text(data: Any, source: str) -> None:
    """Every text in the file can be stored and shown (no lone UTF-16 surrogates from a
    "\\ud800" escape)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ExperimentFileError(
                    source, E.BROKEN_CHARACTER(text=ascii(item[:40]))
                ) from None
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def load_experiment_file(
    path: Path, resolve_template: TemplateResolver | None = None
) -> ExperimentSpec:
    import yaml

    text = _read_text(path, MAX_SPEC_BYTES)
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else _safe_yaml(text, path.name)
    except RecursionError:
        raise ExperimentFileError(path.name, E.NESTED_TOO_DEEPLY()) from None
    except (ValueError, yaml.YAMLError) as exc:
        if isinstance(exc, ExperimentFileError):
            raise
        raise ExperimentFileError(
            path.name,
            E.NOT_PARSABLE(format=path.suffix[1:].upper() or "YAML", reason=str(exc)),
        ) from None
    _check_text(data, path.name)
    return parse_experiment(
        data, base_dir=path.parent, source=path.name, resolve_template=resolve_template
    )


def parse_experiment(
    data: Any,
    *,
    base_dir: Path = Path("."),
    source: str = "experiment",
    resolve_template: TemplateResolver | None = None,
) -> ExperimentSpec:
    if not isinstance(data, Mapping):
        raise ExperimentFileError(source, E.NOT_A_MAPPING())
    for key in ("cases", "checks"):
        if not isinstance(data.get(key) or [], list):
            raise ExperimentFileError(source, E.MUST_BE_LIST(key=key))
    versions = tuple(
        _version(v, i, source, resolve_template)
        for i, v in enumerate(_list(data, ("templates", "versions"), source), start=1)
    )
    cases = [_case(c, i, source) for i, c in enumerate(data.get("cases") or [], start=1)]
    if data.get("cases_csv"):
        if not isinstance(data["cases_csv"], str):
            raise ExperimentFileError(source, E.CASES_CSV_NOT_NAME())
        csv_path = base_dir / data["cases_csv"]
        cases.extend(read_cases_csv(csv_path)[0])
    shared_format = _format_keys(data, base_dir, source)
    configs = tuple(
        _config(c, i, base_dir, source, shared_format)
        for i, c in enumerate(_list(data, ("configs",), source), start=1)
    )
    repeats = data.get("repeats", 1)
    if isinstance(repeats, str) and repeats.strip().isdigit():
        repeats = int(repeats)
    if not isinstance(repeats, int) or isinstance(repeats, bool):
        raise ExperimentFileError(source, E.REPEATS_NOT_WHOLE())
    checks = tuple(_check(c, source) for c in data.get("checks") or [])
    spec = ExperimentSpec(
        name=str(data.get("name") or Path(source).stem),
        versions=versions,
        cases=tuple(cases),
        configs=configs,
        repeats=repeats,
        checks=checks,
    )
    if uses_formats(spec):
        spec = dataclasses.replace(spec, checks=with_format_check(spec.checks))
    return spec


FORMAT_FILE_KEYS = {"json_schema_file": "json_schema", "grammar_file": "grammar"}


def _format_keys(item: Mapping[str, Any], base_dir: Path, where: str | Message) -> dict[str, Any]:
    """The output format keys of a mapping (the file's top level or one config), with
    `json_schema_file`/`grammar_file` read (relative to the experiment file). Checked later,
    with the rest of the spec (validate_spec)."""
    out = format_part(item)
    for key, target in FORMAT_FILE_KEYS.items():
        name = item.get(key)
        if name is None:
            continue
        if not isinstance(name, str) or target in out:
            raise ExperimentFileError(where, E.UNKNOWN_SETTING(key=key))
        path = Path(name).expanduser()
        path = path if path.is_absolute() else base_dir / path
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ExperimentFileError(
                where, E.FORMAT_FILE(key=key, path=str(path), reason=reason)
            ) from None
        out[target] = text
        if target == "json_schema":
            # Kept as text when it is not JSON: validate_spec says why.
            with contextlib.suppress(ValueError):
                out[target] = json.loads(text)
            out.setdefault("schema_name", path.stem)
    return out


def _list(data: Mapping[str, Any], keys: Sequence[str], source: str) -> list[Any]:
    for key in keys:
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not value:
                raise ExperimentFileError(source, E.EMPTY_LIST(key=key))
            return value
    raise ExperimentFileError(source, E.KEY_MISSING(key=keys[0]))


def _mapping(item: Mapping[str, Any], key: str, where: str | Message) -> dict[str, Any]:
    value = item.get(key) or {}
    if not isinstance(value, Mapping):
        raise ExperimentFileError(where, E.MUST_BE_MAPPING(key=key))
    return {str(k): v for k, v in value.items()}


def _version(item: Any, index: int, source: str, resolve: TemplateResolver | None) -> PromptVersion:
    where = E.AT_TEMPLATE(source=source, index=index)
    if isinstance(item, str):
        item = {"builtin": item} if resolve is None else {"template": item}
    if not isinstance(item, Mapping):
        raise ExperimentFileError(where, E.EXPECTED_MAPPING())
    if "builtin" in item:
        from desktop.core.templates.builtin import find_builtin

        found = find_builtin(str(item["builtin"]))
        if found is None:
            raise ExperimentFileError(where, E.NO_BUILTIN(name=item["builtin"]))
        return PromptVersion(
            label=str(item.get("label") or found.name),
            body=found.body,
            system=found.system,
            kind=found.kind,
            params=dict(found.params),
            template_name=found.name,
        )
    if "template" in item:
        name = str(item["template"])
        number = item.get("version")
        if resolve is None:
            raise ExperimentFileError(where, E.NEEDS_LIBRARY())
        try:
            version = resolve(name, None if number is None else int(number))
        except (LookupError, ValueError) as exc:
            raise ExperimentFileError(where, _reason(exc)) from None
        if item.get("label"):
            version = dataclasses.replace(version, label=str(item["label"]))
        return version
    if not isinstance(item.get("body"), str):
        raise ExperimentFileError(where, E.NO_BODY())
    return PromptVersion(
        label=str(item.get("label") or item.get("name") or f"inline {index}"),
        body=item["body"],
        system=str(item.get("system") or ""),
        kind=str(item.get("kind") or "chat"),
        params=_mapping(item, "params", where),
    )


def _case(item: Any, index: int, source: str) -> Case:
    if not isinstance(item, Mapping):
        raise ExperimentFileError(E.AT_CASE(source=source, index=index), E.CASE_NOT_MAPPING())
    if "values" in item and isinstance(item["values"], Mapping):
        label, values = str(item.get("label") or f"case {index}"), item["values"]
    else:
        label, values = f"case {index}", item
    return Case(label, {str(k): "" if v is None else str(v) for k, v in values.items()})


def _config(
    item: Any,
    index: int,
    base_dir: Path,
    source: str,
    shared_format: Mapping[str, Any] | None = None,
) -> RunConfig:
    """A local config (`model: PATH`, relative to the file) or a remote one (`backend: NAME`,
    optional `model: ID` on that server; without it the backend's default model). Its output
    format keys join its params; without any, the file's shared ones do."""
    where = E.AT_CONFIG(source=source, index=index)
    if not isinstance(item, Mapping):
        raise ExperimentFileError(where, E.CONFIG_NOT_MAPPING())
    backend = str(item.get("backend") or "").strip()
    model = item.get("model") or item.get("model_path")
    if not model and not backend:
        raise ExperimentFileError(where, E.CONFIG_NO_MODEL())
    if backend:
        model_id = str(model or "")
    else:
        path = Path(str(model)).expanduser()
        if not path.is_absolute():
            path = (base_dir / path).resolve()
        model_id = str(path)
    params = _mapping(item, "params", where)
    load = _mapping(item, "load", where)
    for key, value in item.items():
        if key in SAMPLING_FIELDS:
            params[key] = value
        elif key in LOAD_FIELDS:
            load[key] = value
        elif key not in (
            "model",
            "model_path",
            "label",
            "params",
            "load",
            "backend",
            *FORMAT_KEYS,
            *FORMAT_FILE_KEYS,
        ):
            raise ExperimentFileError(where, E.UNKNOWN_SETTING(key=key))
    own_format = _format_keys(item, base_dir, where)
    params.update(own_format if has_format(own_format) else dict(shared_format or {}))
    default = f"{backend}/{model_id or 'default'}" if backend else Path(model_id).stem
    label = str(item.get("label") or f"{default} #{index}")
    return RunConfig(label, model_id, params, load, backend)


def _check(item: Any, source: str) -> Check:
    try:
        if isinstance(item, Mapping) and "kind" not in item and len(item) >= 1:
            kinds = [k for k in item if k in CHECK_KINDS or k in ("json", "not contains", "exact")]
            if len(kinds) != 1:
                raise CheckError(E.CHECK_AMBIGUOUS(kinds=", ".join(CHECK_KINDS), item=dict(item)))
            kind = kinds[0]
            value = item[kind]
            if kind in (*VALUELESS, "json"):
                value = ""
            return Check.from_dict(
                {"kind": kind, "value": value, "ignore_case": item.get("ignore_case", False)}
            )
        if isinstance(item, Mapping):
            return Check.from_dict(item)
        if item in ("valid_json", "json"):
            return Check("valid_json")
        if item == "matches_format":
            return Check("matches_format")
        raise CheckError(E.NOT_A_CHECK(item=repr(item)))
    except CheckError as exc:
        raise ExperimentFileError(source, exc.user_message) from None
