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
    repeats: 2
    checks:
      - contains: "{{expected}}"     # values may use the case's variables
      - not_contains: sorry
      - regex: "^[A-Z]"
      - valid_json: true
      - max_tokens: 64
      - equals: "Hello"
      - {kind: contains, value: hello, ignore_case: true}
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from desktop.core.engine.options import params_to_dict
from desktop.core.experiments.checks import CHECK_KINDS, Check, CheckError
from desktop.core.experiments.runner import (
    LOAD_FIELDS,
    SAMPLING_FIELDS,
    Case,
    CellResult,
    ExperimentSpec,
    PromptVersion,
    RunConfig,
)

CASE_LABEL_COLUMN = "_label"
MAX_FILE_BYTES = 20 * 1024 * 1024

# (template name, version number or None for the latest) -> PromptVersion, or LookupError.
TemplateResolver = Callable[[str, "int | None"], PromptVersion]


class ExperimentFileError(ValueError):
    """A file that cannot be used; the message names the file and what is wrong."""


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
        raise ExperimentFileError(f"{source}: not valid CSV ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ExperimentFileError(f"{source}: no header row (expected variable names)")
    header = [h.strip() for h in rows[0]]
    if any(not h for h in header):
        raise ExperimentFileError(f"{source}: the header has an empty column name")
    if len(set(header)) != len(header):
        raise ExperimentFileError(f"{source}: the header repeats a column name")
    has_label = header[0] == CASE_LABEL_COLUMN
    columns = header[1:] if has_label else header
    cases = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            raise ExperimentFileError(
                f"{source}, line {n}: {len(row)} cells but {len(header)} columns"
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


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExperimentFileError(f"{path.name}: {size // 1_048_576} MB is too large")
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExperimentFileError(f"File not found: {path}") from None
    except UnicodeDecodeError:
        raise ExperimentFileError(f"{path.name}: not UTF-8 text") from None
    except OSError as exc:
        raise ExperimentFileError(f"{path}: {exc.strerror or exc}") from None


def load_experiment_file(
    path: Path, resolve_template: TemplateResolver | None = None
) -> ExperimentSpec:
    import yaml

    text = _read_text(path)
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ExperimentFileError(
            f"{path.name}: not valid {path.suffix[1:].upper() or 'YAML'}: {exc}"
        ) from None
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
        raise ExperimentFileError(f"{source}: expected a mapping with templates, cases and configs")
    versions = tuple(
        _version(v, i, source, resolve_template)
        for i, v in enumerate(_list(data, ("templates", "versions"), source), start=1)
    )
    cases = [_case(c, i, source) for i, c in enumerate(data.get("cases") or [], start=1)]
    if data.get("cases_csv"):
        csv_path = base_dir / str(data["cases_csv"])
        cases.extend(read_cases_csv(csv_path)[0])
    if not isinstance(data.get("cases", []), list):
        raise ExperimentFileError(f"{source}: 'cases' must be a list")
    configs = tuple(
        _config(c, i, base_dir, source)
        for i, c in enumerate(_list(data, ("configs",), source), start=1)
    )
    try:
        repeats = int(data.get("repeats", 1))
    except (TypeError, ValueError):
        raise ExperimentFileError(f"{source}: 'repeats' must be a whole number") from None
    checks = tuple(_check(c, source) for c in data.get("checks") or [])
    return ExperimentSpec(
        name=str(data.get("name") or Path(source).stem),
        versions=versions,
        cases=tuple(cases),
        configs=configs,
        repeats=repeats,
        checks=checks,
    )


def _list(data: Mapping[str, Any], keys: Sequence[str], source: str) -> list[Any]:
    for key in keys:
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not value:
                raise ExperimentFileError(f"{source}: '{key}' must be a non-empty list")
            return value
    raise ExperimentFileError(f"{source}: '{keys[0]}' is missing")


def _version(item: Any, index: int, source: str, resolve: TemplateResolver | None) -> PromptVersion:
    where = f"{source}, template {index}"
    if isinstance(item, str):
        item = {"builtin": item} if resolve is None else {"template": item}
    if not isinstance(item, Mapping):
        raise ExperimentFileError(f"{where}: expected a mapping")
    if "builtin" in item:
        from desktop.core.templates.builtin import find_builtin

        found = find_builtin(str(item["builtin"]))
        if found is None:
            raise ExperimentFileError(f"{where}: no built-in template named {item['builtin']!r}")
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
            raise ExperimentFileError(f"{where}: saved templates need the template library")
        try:
            version = resolve(name, None if number is None else int(number))
        except (LookupError, ValueError) as exc:
            raise ExperimentFileError(f"{where}: {exc}") from None
        if item.get("label"):
            import dataclasses

            version = dataclasses.replace(version, label=str(item["label"]))
        return version
    if not isinstance(item.get("body"), str):
        raise ExperimentFileError(f"{where}: give 'builtin', 'template' or an inline 'body'")
    return PromptVersion(
        label=str(item.get("label") or item.get("name") or f"inline {index}"),
        body=item["body"],
        system=str(item.get("system") or ""),
        kind=str(item.get("kind") or "chat"),
        params=dict(item.get("params") or {}),
    )


def _case(item: Any, index: int, source: str) -> Case:
    if not isinstance(item, Mapping):
        raise ExperimentFileError(f"{source}, case {index}: expected a mapping of variable values")
    if "values" in item and isinstance(item["values"], Mapping):
        label, values = str(item.get("label") or f"case {index}"), item["values"]
    else:
        label, values = f"case {index}", item
    return Case(label, {str(k): "" if v is None else str(v) for k, v in values.items()})


def _config(item: Any, index: int, base_dir: Path, source: str) -> RunConfig:
    """A local config (`model: PATH`, relative to the file) or a remote one (`backend: NAME`,
    optional `model: ID` on that server; without it the backend's default model)."""
    where = f"{source}, config {index}"
    if not isinstance(item, Mapping):
        raise ExperimentFileError(f"{where}: expected a mapping with 'model'")
    backend = str(item.get("backend") or "").strip()
    model = item.get("model") or item.get("model_path")
    if not model and not backend:
        raise ExperimentFileError(f"{where}: 'model' (a GGUF file path) is missing")
    if backend:
        model_id = str(model or "")
    else:
        path = Path(str(model)).expanduser()
        if not path.is_absolute():
            path = (base_dir / path).resolve()
        model_id = str(path)
    params = dict(item.get("params") or {})
    load = dict(item.get("load") or {})
    for key, value in item.items():
        if key in SAMPLING_FIELDS:
            params[key] = value
        elif key in LOAD_FIELDS:
            load[key] = value
        elif key not in ("model", "model_path", "label", "params", "load", "backend"):
            raise ExperimentFileError(f"{where}: unknown setting {key!r}")
    default = f"{backend}/{model_id or 'default'}" if backend else Path(model_id).stem
    label = str(item.get("label") or f"{default} #{index}")
    return RunConfig(label, model_id, params, load, backend)


def _check(item: Any, source: str) -> Check:
    try:
        if isinstance(item, Mapping) and "kind" not in item and len(item) >= 1:
            kinds = [k for k in item if k in CHECK_KINDS or k in ("json", "not contains", "exact")]
            if len(kinds) != 1:
                raise CheckError(f"expected one of {', '.join(CHECK_KINDS)}, got {dict(item)}")
            kind = kinds[0]
            value = item[kind]
            if kind in ("valid_json", "json"):
                value = ""
            return Check.from_dict(
                {"kind": kind, "value": value, "ignore_case": item.get("ignore_case", False)}
            )
        if isinstance(item, Mapping):
            return Check.from_dict(item)
        if item in ("valid_json", "json"):
            return Check("valid_json")
        raise CheckError(f"not a check: {item!r}")
    except CheckError as exc:
        raise ExperimentFileError(f"{source}: {exc}") from None
