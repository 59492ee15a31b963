"""The read-only prompt templates shipped in resources/templates (English and Simplified Chinese)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from desktop.core.resources import resource_path
from desktop.core.templates.variables import Variable, parse_template, template_variables

KINDS = ("chat", "completion")


@dataclass(frozen=True)
class VariableField:
    """How the "use template" form shows one variable."""

    name: str
    label: str
    default: str | None = None
    multiline: bool = False
    hint: str = ""


@dataclass(frozen=True)
class BuiltinTemplate:
    name: str
    title: str
    language: str
    description: str
    tags: tuple[str, ...]
    kind: str
    system: str
    body: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    fields: tuple[VariableField, ...] = ()
    source: str = ""  # file it came from, for error messages

    @property
    def variables(self) -> tuple[Variable, ...]:
        return template_variables(self.system, self.body)


class BuiltinTemplateError(ValueError):
    pass


def _fields(variables: tuple[Variable, ...], meta: Mapping[str, Any]) -> tuple[VariableField, ...]:
    out = []
    for v in variables:
        m = meta.get(v.name) or {}
        out.append(
            VariableField(
                name=v.name,
                label=str(m.get("label") or v.name),
                default=v.default,
                multiline=bool(m.get("multiline", False)) or "\n" in (v.default or ""),
                hint=str(m.get("hint") or ""),
            )
        )
    return tuple(out)


def parse_builtin(data: Mapping[str, Any], source: str = "") -> BuiltinTemplate:
    """Validates one template file's content; raises `BuiltinTemplateError` naming the file."""
    where = source or "template"
    if not isinstance(data, Mapping):
        raise BuiltinTemplateError(f"{where}: expected a mapping at the top level")
    for key in ("name", "title", "language", "body"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise BuiltinTemplateError(f"{where}: '{key}' is missing or not text")
    kind = data.get("kind", "chat")
    if kind not in KINDS:
        raise BuiltinTemplateError(f"{where}: kind must be one of {', '.join(KINDS)}")
    system = str(data.get("system") or "")
    body = str(data["body"])
    for part in (system, body):
        problems = parse_template(part).problems
        if problems:
            raise BuiltinTemplateError(f"{where}: {problems[0].message}: {problems[0].text!r}")
    params = data.get("params") or {}
    if not isinstance(params, Mapping):
        raise BuiltinTemplateError(f"{where}: 'params' must be a mapping")
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
    variables = template_variables(system, body)
    return BuiltinTemplate(
        name=data["name"].strip(),
        title=data["title"].strip(),
        language=data["language"].strip(),
        description=str(data.get("description") or "").strip(),
        tags=tuple(str(t) for t in data.get("tags") or ()),
        kind=kind,
        system=system,
        body=body,
        params=MappingProxyType(dict(params)),
        fields=_fields(variables, data.get("variables") or {}),
        source=source,
    )


def load_builtin_templates(root: Path | None = None) -> tuple[BuiltinTemplate, ...]:
    """Every built-in template, sorted by language then file name."""
    import yaml

    folder = root or resource_path("templates")
    out: list[BuiltinTemplate] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*/*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise BuiltinTemplateError(f"{path.name}: not valid YAML ({exc})") from exc
        template = parse_builtin(data, f"{path.parent.name}/{path.name}")
        if template.name in seen:
            raise BuiltinTemplateError(
                f"{template.source}: name {template.name!r} already used by {seen[template.name]}"
            )
        seen[template.name] = template.source
        out.append(template)
    return tuple(out)


def find_builtin(
    name: str, templates: tuple[BuiltinTemplate, ...] | None = None
) -> BuiltinTemplate | None:
    """By name, else by title (case-insensitive)."""
    pool = templates if templates is not None else load_builtin_templates()
    for t in pool:
        if t.name == name:
            return t
    folded = name.casefold()
    for t in pool:
        if t.name.casefold() == folded or t.title.casefold() == folded:
            return t
    return None
