"""Prompt versions for experiments, taken from the template library (built-in or saved)."""

from __future__ import annotations

from desktop.core.experiments.files import TemplateResolver
from desktop.core.experiments.runner import PromptVersion
from desktop.core.templates.library import TemplateEntry, TemplateLibrary


def prompt_version(
    library: TemplateLibrary, entry: TemplateEntry, version: int | None = None
) -> PromptVersion:
    """One version of a template (None: the latest) as an experiment runs it."""
    c = library.content(entry, version)
    label = entry.name if entry.builtin else f"{entry.name} v{c.version_number}"
    return PromptVersion(
        label=label,
        body=c.body,
        system=c.system,
        kind=c.kind,
        params=dict(c.params),
        template_name=entry.name,
        version_number=c.version_number,
        version_id=c.version_id,
    )


def template_resolver(library: TemplateLibrary) -> TemplateResolver:
    """For experiment files: `template: NAME` (+ `version: N`); LookupError when unknown."""

    def resolve(name: str, version: int | None) -> PromptVersion:
        entry = library.find(name)
        if entry is None:
            raise LookupError(f"no template named {name!r}")
        return prompt_version(library, entry, version)

    return resolve
