"""The template library over the store's repository: saving, kinds and history."""

from __future__ import annotations

import pytest

from desktop.core.store import open_store
from desktop.core.store.errors import InvalidOperationError
from desktop.core.templates.library import TemplateLibrary


def test_changing_the_kind_is_saved_as_a_new_version(paths) -> None:
    store = open_store(paths)
    try:
        library = TemplateLibrary(store.templates, builtins=())
        entry = library.save(None, name="qa", body="Q: {{q}}")
        assert entry.kind == "chat" and entry.latest_version == 1
        changed = library.save(entry, name="qa", body="Q: {{q}}", kind="completion")
        assert changed.kind == "completion" and changed.latest_version == 2
        # A reopened store reads the same.
        assert TemplateLibrary(store.templates, builtins=()).find("qa").kind == "completion"
        with pytest.raises(InvalidOperationError, match="'chat' or 'completion'"):
            library.save(changed, name="qa", body="Q: {{q}}", kind="poem")
        assert library.entry(changed.key).kind == "completion"
    finally:
        store.close()
