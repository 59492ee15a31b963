"""The template library: built-in (read-only) and saved (versioned) templates behind one interface.

The templates panel, the CLI and experiments use this instead of the store's repository so
that built-ins and saved templates look alike: an entry, its content at a version, its
history. Saving never changes a version: it adds one (the store enforces it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from desktop.core.messages import QT_TRANSLATE_NOOP, MessageSpec
from desktop.core.store.errors import InvalidOperationError, NotFoundError
from desktop.core.store.records import TemplateVersion
from desktop.core.store.templates import TemplateRepository
from desktop.core.templates.builtin import BuiltinTemplate, VariableField, load_builtin_templates
from desktop.core.templates.variables import template_variables

NO_TEMPLATE = MessageSpec(
    "templates.no_template", QT_TRANSLATE_NOOP("CoreMessages", "There is no template '{key}'.")
)
BUILTIN_ONE_VERSION = MessageSpec(
    "templates.builtin_one_version",
    QT_TRANSLATE_NOOP("CoreMessages", "The built-in template '{name}' has only version 1."),
)
NO_VERSION = MessageSpec(
    "templates.no_version",
    QT_TRANSLATE_NOOP("CoreMessages", "Template '{name}' has no version {version}."),
)
BUILTIN_READ_ONLY = MessageSpec(
    "templates.builtin_read_only",
    QT_TRANSLATE_NOOP("CoreMessages", "Built-in templates are read-only: duplicate it to edit."),
)
BUILTIN_NO_HISTORY = MessageSpec(
    "templates.builtin_no_history",
    QT_TRANSLATE_NOOP("CoreMessages", "Built-in templates have no history to restore."),
)
BUILTIN_NOT_DELETABLE = MessageSpec(
    "templates.builtin_not_deletable",
    QT_TRANSLATE_NOOP("CoreMessages", "Built-in templates cannot be deleted."),
)


@dataclass(frozen=True)
class TemplateEntry:
    key: str  # "builtin:<name>" or "saved:<id>": stable across renames
    name: str
    title: str  # what the list shows
    description: str
    tags: tuple[str, ...]
    kind: str
    builtin: bool
    language: str = ""
    template_id: int | None = None
    latest_version: int = 0


@dataclass(frozen=True)
class TemplateContent:
    """One version's text and defaults, and the form fields for its variables."""

    kind: str
    system: str
    body: str
    params: Mapping[str, Any] = field(default_factory=dict)
    fields: tuple[VariableField, ...] = ()
    version_number: int | None = None
    version_id: int | None = None


def _fields_for(
    system: str, body: str, labels: Sequence[VariableField] = ()
) -> tuple[VariableField, ...]:
    by_name = {f.name: f for f in labels}
    out = []
    for v in template_variables(system, body):
        meta = by_name.get(v.name)
        out.append(
            VariableField(
                name=v.name,
                label=meta.label if meta else v.name,
                default=v.default,
                multiline=(meta.multiline if meta else False) or "\n" in (v.default or ""),
                hint=meta.hint if meta else "",
            )
        )
    return tuple(out)


class TemplateLibrary:
    def __init__(
        self, templates: TemplateRepository, builtins: Sequence[BuiltinTemplate] | None = None
    ) -> None:
        self._repo = templates
        self._builtins = {
            t.name: t for t in (builtins if builtins is not None else load_builtin_templates())
        }

    # ---- listing

    def entries(self) -> list[TemplateEntry]:
        """Saved templates first (by name), then the built-ins."""
        saved = [
            TemplateEntry(
                key=f"saved:{t.id}",
                name=t.name,
                title=t.name,
                description=t.description,
                tags=t.tags,
                kind=t.kind,
                builtin=False,
                template_id=t.id,
                latest_version=t.latest_version,
            )
            for t in self._repo.list()
        ]
        return saved + [self._builtin_entry(t) for t in self._builtins.values()]

    @staticmethod
    def _builtin_entry(t: BuiltinTemplate) -> TemplateEntry:
        return TemplateEntry(
            key=f"builtin:{t.name}",
            name=t.name,
            title=t.title,
            description=t.description,
            tags=t.tags,
            kind=t.kind,
            builtin=True,
            language=t.language,
            latest_version=1,
        )

    def entry(self, key: str) -> TemplateEntry:
        kind, _, ident = key.partition(":")
        if kind == "builtin" and ident in self._builtins:
            return self._builtin_entry(self._builtins[ident])
        if kind == "saved" and ident.isdigit():
            t = self._repo.get(int(ident))
            return TemplateEntry(
                f"saved:{t.id}",
                t.name,
                t.name,
                t.description,
                t.tags,
                t.kind,
                False,
                template_id=t.id,
                latest_version=t.latest_version,
            )
        raise NotFoundError(NO_TEMPLATE(key=key))

    def find(self, name: str) -> TemplateEntry | None:
        """A saved template by exact name wins over a built-in of the same name or title."""
        saved = self._repo.by_name(name)
        if saved is not None:
            return self.entry(f"saved:{saved.id}")
        from desktop.core.templates.builtin import find_builtin

        found = find_builtin(name, tuple(self._builtins.values()))
        return None if found is None else self._builtin_entry(found)

    # ---- content and history

    def content(self, entry: TemplateEntry, version: int | None = None) -> TemplateContent:
        """`version` is a version number; None = the latest."""
        if entry.builtin:
            t = self._builtins[entry.name]
            if version not in (None, 1):
                raise NotFoundError(BUILTIN_ONE_VERSION(name=entry.name))
            return TemplateContent(t.kind, t.system, t.body, dict(t.params), t.fields, 1)
        assert entry.template_id is not None
        if version is None:
            v = self._repo.latest(entry.template_id)
        else:
            matches = [v for v in self._versions_of(entry.template_id) if v.number == version]
            if not matches:
                raise NotFoundError(NO_VERSION(name=entry.name, version=version))
            v = matches[0]
        return self._content(entry.kind, v)

    @staticmethod
    def _content(kind: str, v: TemplateVersion) -> TemplateContent:
        system = v.system or ""
        return TemplateContent(
            kind,
            system,
            v.body,
            dict(v.default_params),
            _fields_for(system, v.body),
            v.number,
            v.id,
        )

    def _versions_of(self, template_id: int) -> list[TemplateVersion]:
        # cast: the repository's `list` method shadows the builtin in its own annotations.
        return cast("list[TemplateVersion]", self._repo.versions(template_id))

    def versions(self, entry: TemplateEntry) -> list[TemplateVersion]:
        """Oldest first; a built-in has none stored."""
        if entry.builtin or entry.template_id is None:
            return []
        return self._versions_of(entry.template_id)

    # ---- changes

    def save(
        self,
        entry: TemplateEntry | None,
        *,
        name: str,
        body: str,
        system: str = "",
        kind: str = "chat",
        description: str = "",
        tags: Sequence[str] = (),
        params: Mapping[str, Any] | None = None,
        note: str = "",
    ) -> TemplateEntry:
        """Creates a template, or adds a version when the text or defaults changed."""
        if entry is not None and entry.builtin:
            raise InvalidOperationError(BUILTIN_READ_ONLY())
        if entry is None:
            t, _ = self._repo.create(
                name,
                body,
                description=description,
                tags=tuple(tags),
                kind=kind,
                system=system or None,
                default_params=dict(params or {}),
            )
            return self.entry(f"saved:{t.id}")
        assert entry.template_id is not None
        info = (name, description, tuple(tags), kind)
        if info != (entry.name, entry.description, entry.tags, entry.kind):
            # Kind is per template in the store; a change of kind is recorded as a new version too.
            self._repo.update_info(
                entry.template_id, name=name, description=description, tags=tuple(tags), kind=kind
            )
        latest = self._repo.latest(entry.template_id)
        changed = (
            body != latest.body
            or (system or None) != (latest.system or None)
            or dict(params or {}) != dict(latest.default_params)
            or kind != entry.kind
        )
        if changed:
            self._repo.add_version(
                entry.template_id,
                body,
                system=system or None,
                default_params=dict(params or {}),
                note=note,
            )
        return self.entry(entry.key)

    def duplicate(self, entry: TemplateEntry, name: str | None = None) -> TemplateEntry:
        c = self.content(entry)
        taken = {e.name for e in self.entries()}
        base = name or f"{entry.name} copy"
        new_name, n = base, 2
        while new_name in taken:
            new_name, n = f"{base} {n}", n + 1
        return self.save(
            None,
            name=new_name,
            body=c.body,
            system=c.system,
            kind=c.kind,
            description=entry.description,
            tags=entry.tags,
            params=c.params,
        )

    def restore(self, entry: TemplateEntry, version_number: int) -> TemplateVersion:
        """Makes an old version current again, as a new version (history is never rewritten)."""
        if entry.builtin or entry.template_id is None:
            raise InvalidOperationError(BUILTIN_NO_HISTORY())
        old = [v for v in self._versions_of(entry.template_id) if v.number == version_number]
        if not old:
            raise NotFoundError(NO_VERSION(name=entry.name, version=version_number))
        v = old[0]
        return self._repo.add_version(
            entry.template_id,
            v.body,
            system=v.system,
            default_params=dict(v.default_params),
            parent_version_id=v.id,
            note=f"Restored from version {v.number}",
        )

    def delete(self, entry: TemplateEntry) -> None:
        if entry.builtin or entry.template_id is None:
            raise InvalidOperationError(BUILTIN_NOT_DELETABLE())
        self._repo.delete(entry.template_id)
