"""What an experiment is: prompt versions, test cases, run configs, repeats, checks; its grid.

Seeds: a config's seed plus the repeat index (repeat 0 uses the seed as given), so repeats
differ but the whole grid is reproducible. A config without a seed gets a random one per cell,
recorded with the result.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.engine.options import (
    LOAD_FIELDS,
    SAMPLING_FIELDS,
    load_options_from_dict,
    params_from_dict,
    type_problem,
)
from desktop.core.engine.protocol import LoadOptions, SamplingParams
from desktop.core.experiments import errors as E
from desktop.core.experiments.checks import Check
from desktop.core.experiments.errors import ExperimentInvalid as ExperimentInvalid  # re-export
from desktop.core.messages import Message, UserError
from desktop.core.templates.variables import check_values
from desktop.core.tools.output_format import (
    FORMAT_KEYS,
    TEXT,
    OutputFormat,
    format_from_dict,
    has_format,
)

# Cells one run may have: at a second or two per cell that is a day of generation, and every
# result (prompt and output, a few KB) stays in memory for the results table (~250 MB).
MAX_CELLS = 50_000


# --------------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class PromptVersion:
    """One template version under test (a saved version, a built-in, or inline text)."""

    label: str
    body: str
    system: str = ""
    kind: str = "chat"
    params: Mapping[str, Any] = field(default_factory=dict)  # the template's default params
    template_name: str | None = None
    version_number: int | None = None
    version_id: int | None = None  # store id of the template version, when saved

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PromptVersion:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Case:
    label: str
    values: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "values": dict(self.values)}


@dataclass(frozen=True)
class RunConfig:
    """A model plus sampling params (only the ones set here override the template's).

    Local configs name a GGUF file in `model_path`; remote ones name a saved backend in
    `backend` and the server's model id in `model_path` ("" = the backend's default model).
    `params` may also carry an output format (`format`, `json_schema`, `grammar`,
    `schema_name`: output_format.FORMAT_KEYS), which overrides the template's.
    """

    label: str
    model_path: str
    params: Mapping[str, Any] = field(default_factory=dict)
    load: Mapping[str, Any] = field(default_factory=dict)  # LoadOptions fields but path
    backend: str = ""  # "" = the local engine

    @property
    def is_remote(self) -> bool:
        return bool(self.backend)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "label": self.label,
            "model_path": self.model_path,
            "params": dict(self.params),
            "load": dict(self.load),
        }
        if self.backend:
            data["backend"] = self.backend
        return data

    def load_options(self) -> LoadOptions:
        return load_options_from_dict(self.model_path, self.load)


@dataclass(frozen=True)
class ExperimentSpec:
    versions: tuple[PromptVersion, ...]
    cases: tuple[Case, ...]
    configs: tuple[RunConfig, ...]
    repeats: int = 1
    checks: tuple[Check, ...] = ()
    name: str = ""

    @property
    def size(self) -> int:
        return len(self.versions) * len(self.cases) * len(self.configs) * self.repeats

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "versions": [v.to_dict() for v in self.versions],
            "cases": [c.to_dict() for c in self.cases],
            "configs": [c.to_dict() for c in self.configs],
            "repeats": self.repeats,
            "checks": [c.to_dict() for c in self.checks],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExperimentSpec:
        return cls(
            name=str(data.get("name") or ""),
            versions=tuple(PromptVersion.from_dict(v) for v in data.get("versions") or ()),
            cases=tuple(
                Case(str(c.get("label") or ""), dict(c.get("values") or {}))
                for c in data.get("cases") or ()
            ),
            configs=tuple(
                RunConfig(
                    str(c.get("label") or ""),
                    str(c.get("model_path") or ""),
                    dict(c.get("params") or {}),
                    dict(c.get("load") or {}),
                    str(c.get("backend") or ""),
                )
                for c in data.get("configs") or ()
            ),
            repeats=int(data.get("repeats") or 1),
            checks=tuple(Check.from_dict(c) for c in data.get("checks") or ()),
        )


def validate_spec(spec: ExperimentSpec, *, check_files: bool = True) -> list[Message]:
    """Every reason the experiment cannot run, found before anything is loaded."""
    problems: list[Message] = []
    if not spec.versions:
        problems.append(E.NO_VERSIONS())
    if not spec.cases:
        problems.append(E.NO_CASES())
    if not spec.configs:
        problems.append(E.NO_CONFIGS())
    if spec.repeats < 1:
        problems.append(E.REPEATS_RANGE())
    if spec.size > MAX_CELLS:
        problems.append(
            E.TOO_MANY_CELLS(
                cells=spec.size,
                versions=len(spec.versions),
                cases=len(spec.cases),
                configs=len(spec.configs),
                repeats=spec.repeats,
                limit=MAX_CELLS,
            )
        )
        return problems  # the checks below walk the grid
    for duplicate, labels in (
        (E.DUPLICATE_VERSION, [v.label for v in spec.versions]),
        (E.DUPLICATE_CONFIG, [c.label for c in spec.configs]),
    ):
        twice = sorted({x for x in labels if labels.count(x) > 1})
        if twice:
            # Grid headers and run comparisons go by label.
            problems.append(duplicate(label=twice[0]))
    for v in spec.versions:
        if v.kind not in ("chat", "completion"):
            problems.append(E.VERSION_KIND(label=v.label))
        for case in spec.cases:
            report = check_values(v.system, v.body, case.values)
            if report.problems:
                p = report.problems[0]
                problems.append(E.VERSION_PROBLEM(label=v.label, problem=p.message, text=p.text))
                break
            if report.missing:
                problems.append(
                    E.CASE_MISSING(
                        case=case.label, names=", ".join(report.missing), version=v.label
                    )
                )
    for v in spec.versions:
        problem = _format_problem(v.params)
        if problem is not None:
            problems.append(E.VERSION_BAD_FORMAT(label=v.label, problem=problem))
    for c in spec.configs:
        problem = _format_problem(c.params)
        if problem is not None:
            problems.append(E.CONFIG_BAD_FORMAT(label=c.label, problem=problem))
        unknown = sorted(set(c.params) - SAMPLING_FIELDS - FORMAT_KEYS) + sorted(
            set(c.load) - LOAD_FIELDS
        )
        if unknown:
            problems.append(E.CONFIG_UNKNOWN(label=c.label, keys=", ".join(unknown)))
        problems.extend(
            E.CONFIG_BAD_VALUE(label=c.label, key=key, reason=reason, value=repr(value))
            for key, value in [*c.params.items(), *c.load.items()]
            if (reason := type_problem(key, value)) is not None
        )
        if c.is_remote and c.load:
            problems.append(E.CONFIG_REMOTE_LOAD(label=c.label, keys=", ".join(sorted(c.load))))
        if check_files and not c.is_remote and not Path(c.model_path).is_file():
            problems.append(E.CONFIG_NO_FILE(label=c.label, path=c.model_path))
    return problems


def _format_problem(params: Mapping[str, Any]) -> Message | None:
    if not has_format(params):
        return None
    try:
        format_from_dict(params)
    except UserError as exc:
        return exc.user_message
    return None


def effective_format(version: PromptVersion, config: RunConfig) -> OutputFormat:
    """The config's output format, else the template version's (saved with the template as
    default params), else free text. Validated beforehand by validate_spec."""
    for source in (config.params, version.params):
        if has_format(source):
            return format_from_dict(source)
    return TEXT


def uses_formats(spec: ExperimentSpec) -> bool:
    """Whether any cell of the grid runs under an output format other than free text."""
    return any(
        has_format(p) and p.get("format") != "text"
        for p in [*(c.params for c in spec.configs), *(v.params for v in spec.versions)]
    )


# --------------------------------------------------------------------------- the grid


@dataclass(frozen=True)
class Cell:
    version: int
    case: int
    config: int
    repeat: int


def plan_cells(spec: ExperimentSpec) -> list[Cell]:
    """Every cell in run order: grouped by model, then config, version, case, repeat."""
    groups: dict[tuple[str, str, tuple[tuple[str, Any], ...]], list[int]] = {}
    for i, c in enumerate(spec.configs):
        key = (c.backend, c.model_path, tuple(sorted(c.load.items())))
        groups.setdefault(key, []).append(i)
    return [
        Cell(v, k, c, r)
        for indexes in groups.values()
        for c in indexes
        for v in range(len(spec.versions))
        for k in range(len(spec.cases))
        for r in range(spec.repeats)
    ]


def effective_params(version: PromptVersion, config: RunConfig, repeat: int) -> SamplingParams:
    """SamplingParams defaults, then the template's defaults, then the config's; seed resolved."""
    merged: dict[str, Any] = {}
    for source in (version.params, config.params):
        merged.update({k: v for k, v in source.items() if k in SAMPLING_FIELDS})
    params = params_from_dict(merged)
    seed = random.randrange(2**31) if params.seed is None else params.seed + repeat
    return dataclasses.replace(params, seed=seed)
