"""CompareTarget: what one pane runs (model, sampling settings, system prompt, template).

A target is a local GGUF file or a backend's model, the sampling settings given for it (over
the template's defaults), an optional system prompt and an optional prompt template version
whose body wraps the first message. `target_spec.parse_target` reads one from its SPEC text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from desktop.core.engine.options import SAMPLING_FIELDS, load_options_from_dict, params_from_dict
from desktop.core.engine.protocol import LoadOptions, SamplingParams
from desktop.core.experiments.spec import PromptVersion
from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec, UserError, plain
from desktop.core.templates.variables import TemplateError, render, template_variables

TargetKind = Literal["model", "backend"]

COMPLETION_TEMPLATE = MessageSpec(
    "compare.completion_template",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The template {name} is a completion template: compare sends chat messages, so use a "
        "chat template.",
    ),
)
TEMPLATE_VARIABLES = MessageSpec(
    "compare.template_variables",
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The template {name} needs values for {names}: compare fills one variable with your "
        "message, so use a template with one variable without a default.",
    ),
)
TEMPLATE_BROKEN = MessageSpec(
    "compare.template_broken",
    QT_TRANSLATE_NOOP("CoreMessages", "The template {name} cannot be rendered: {reason}"),
)


class TargetSpecError(UserError, ValueError):
    """A target SPEC (or a target's template) that cannot be used; says why."""


@dataclass(frozen=True)
class CompareTarget:
    """What one pane runs. `model` is a GGUF path (kind "model") or the server's model id
    (kind "backend", None = the backend's default model). `params` holds only the sampling
    settings given here (checked, JSON-ready); the template's defaults apply under them."""

    kind: TargetKind
    model: str | None
    backend: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    load: Mapping[str, Any] = field(default_factory=dict)
    system: str | None = None
    template: PromptVersion | None = None
    label: str = ""

    @property
    def is_local(self) -> bool:
        return self.kind == "model"

    @property
    def display_label(self) -> str:
        return self.label or default_label(self)

    def sampling(self) -> SamplingParams:
        """The template's default settings, then this target's."""
        merged: dict[str, Any] = {}
        if self.template is not None:
            merged.update({k: v for k, v in self.template.params.items() if k in SAMPLING_FIELDS})
        merged.update(self.params)
        return params_from_dict(merged)

    def load_options(self) -> LoadOptions:
        assert self.model is not None
        return load_options_from_dict(self.model, self.load)

    def system_prompt(self) -> str:
        """The explicit system prompt, else the template's (rendered with its defaults)."""
        if self.system is not None:
            return self.system
        if self.template is None or not self.template.system:
            return ""
        return _render(self.template, self.template.system, "")

    def user_text(self, message: str, first_turn: bool) -> str:
        """What the model reads as the user's message: the template's body filled with it on
        the first turn (follow-ups are plain), else the message itself."""
        if self.template is None or not first_turn:
            return message
        return _render(self.template, self.template.body, message)

    def check_template(self) -> None:
        """Raises TargetSpecError when this target's template cannot take a message."""
        if self.template is None:
            return
        name = self.template.label
        if self.template.kind != "chat":
            raise TargetSpecError(COMPLETION_TEMPLATE(name=name))
        required = _required(self.template)
        if len(required) > 1:
            raise TargetSpecError(TEMPLATE_VARIABLES(name=name, names=", ".join(required)))
        self.user_text("", True)
        self.system_prompt()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "model": self.model,
            "backend": self.backend,
            "params": dict(self.params),
            "load": dict(self.load),
            "system": self.system,
            "label": self.label,
        }
        if self.template is not None:
            data["template"] = self.template.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CompareTarget:
        template = data.get("template")
        return cls(
            kind="backend" if data.get("kind") == "backend" else "model",
            model=data.get("model"),
            backend=data.get("backend"),
            params=dict(data.get("params") or {}),
            load=dict(data.get("load") or {}),
            system=data.get("system"),
            template=PromptVersion.from_dict(template) if isinstance(template, Mapping) else None,
            label=str(data.get("label") or ""),
        )


def _required(template: PromptVersion) -> list[str]:
    return [v.name for v in template_variables(template.system, template.body) if v.required]


def _render(template: PromptVersion, text: str, message: str) -> str:
    values = {name: message for name in _required(template)}
    try:
        return render(text, values)
    except TemplateError as exc:
        raise TargetSpecError(
            TEMPLATE_BROKEN(name=template.label, reason=plain(str(exc)))
        ) from None


def label_parts(target: CompareTarget) -> tuple[str, list[str]]:
    """File name or backend/model, and the settings given, as label words."""
    if target.kind == "model":
        head = Path(target.model or "").name
    else:
        head = f"{target.backend}/{target.model}" if target.model else str(target.backend)
    parts = [f"{k}={_shown(v)}" for k, v in target.params.items()]
    parts.extend(f"{k}={_shown(v)}" for k, v in target.load.items())
    if target.template is not None:
        parts.append(f"template={target.template.label}")
    if target.system is not None:
        parts.append("system")
    return head, parts


def default_label(target: CompareTarget, common: frozenset[str] = frozenset()) -> str:
    """The label words, without the settings in `common` (those every pane shares)."""
    head, parts = label_parts(target)
    return " ".join([head, *(p for p in parts if p not in common)])


def _shown(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return str(value)
