"""Templates with immutable versions, model files with load defaults, settings as JSON."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core.store import InvalidOperationError, NotFoundError


def test_template_edits_add_numbered_versions_and_old_versions_never_change(store):
    tpl, v1 = store.templates.create(
        "摘要",
        "Summarize {{text}}",
        description="Short summaries",
        tags=["writing", "中文"],
        default_params={"temperature": 0.2},
    )
    assert (tpl.latest_version, v1.number, v1.parent_version_id) == (1, 1, None)
    v2 = store.templates.add_version(tpl.id, "Summarize {{text}} in {{n}} words", note="length")
    v3 = store.templates.add_version(tpl.id, "TL;DR: {{text}}", parent_version_id=v1.id)
    assert (v2.number, v2.parent_version_id, v3.number, v3.parent_version_id) == (
        2,
        v1.id,
        3,
        v1.id,
    )
    assert [v.body for v in store.templates.versions(tpl.id)] == [
        "Summarize {{text}}",
        "Summarize {{text}} in {{n}} words",
        "TL;DR: {{text}}",
    ]
    assert store.templates.latest(tpl.id) == v3
    assert store.templates.get(tpl.id).tags == ("writing", "中文")
    # Even a direct SQL update cannot rewrite history.
    with (
        pytest.raises(sqlite3.IntegrityError, match="immutable"),
        sqlite3.connect(store.path) as conn,
    ):
        conn.execute("UPDATE template_versions SET body = 'hacked' WHERE id = ?", (v1.id,))
    assert store.templates.version(v1.id).body == "Summarize {{text}}"


def test_template_names_are_unique_and_info_is_editable(store):
    tpl, _ = store.templates.create("Greeting", "Hi {{name}}")
    with pytest.raises(InvalidOperationError, match="already exists"):
        store.templates.create("Greeting", "Hello")
    with pytest.raises(InvalidOperationError):
        store.templates.create("x", "y", kind="poem")
    renamed = store.templates.update_info(tpl.id, name="Welcome", tags=["ui"])
    assert (renamed.name, renamed.tags, renamed.latest_version) == ("Welcome", ("ui",), 1)
    assert store.templates.by_name("Welcome").id == tpl.id
    assert [t.name for t in store.templates.list()] == ["Welcome"]
    store.templates.delete(tpl.id)
    assert store.templates.list() == []
    with pytest.raises(NotFoundError):
        store.templates.add_version(tpl.id, "gone")


def test_model_files_remember_origin_and_load_defaults(store):
    a = store.models.upsert(
        "/models/a.gguf", hub_repo="o/a-GGUF", quantization="Q4_K_M", size_bytes=5 * 10**9
    )
    b = store.models.upsert("/models/b.gguf", architecture="qwen2")
    assert store.models.upsert("/models/a.gguf", sha256="ab" * 32).id == a.id
    store.models.set_load_defaults(a.id, n_gpu_layers=-1, n_ctx=8192, chat_template_override=None)
    store.models.touch(b.id)
    listed = store.models.list()
    assert [m.id for m in listed] == [b.id, a.id]  # recently used first
    got = store.models.by_path("/models/a.gguf")
    assert (got.hub_repo, got.size_bytes, got.sha256, got.n_gpu_layers, got.n_ctx) == (
        "o/a-GGUF",
        5 * 10**9,
        "ab" * 32,
        -1,
        8192,
    )
    with pytest.raises(InvalidOperationError):
        store.models.upsert("/models/c.gguf", colour="blue")
    store.models.delete(a.id)
    assert store.models.by_path("/models/a.gguf") is None
    with pytest.raises(NotFoundError):
        store.models.get(a.id)


def test_settings_hold_any_json_value(store):
    store.settings.set("ui.theme", "dark")
    store.settings.set("chat.defaults", {"temperature": 0.7, "stop": ["用户："]})
    store.settings.set("ui.theme", "light")
    assert store.settings.get("ui.theme") == "light"
    assert store.settings.get("chat.defaults") == {"temperature": 0.7, "stop": ["用户："]}
    assert store.settings.get("missing", 5) == 5
    with pytest.raises(InvalidOperationError):
        store.settings.set("bad", object())
    store.settings.delete("ui.theme")
    assert store.settings.all() == {"chat.defaults": {"temperature": 0.7, "stop": ["用户："]}}
