"""Remembered load settings win over the defaults of the moment, per model file."""

from __future__ import annotations

import pytest

from desktop.core.engine.protocol import LoadOptions
from desktop.core.models.load_settings import remember_gpu_layers, remembered_load_options


@pytest.fixture
def store(paths):
    from desktop.core.store import open_store

    s = open_store(paths)
    yield s
    s.close()


def test_gpu_layers_remembered_for_one_model_apply_to_it_only(store, tmp_path) -> None:
    a, b = str(tmp_path / "a.gguf"), str(tmp_path / "b.gguf")
    store.models.upsert(a)
    store.models.upsert(b)
    defaults = LoadOptions(path=a, n_gpu_layers=0, n_ctx=4096)
    assert remembered_load_options(store.models, defaults) == defaults  # nothing remembered yet

    remember_gpu_layers(store.models, a, -1)
    assert remembered_load_options(store.models, defaults) == LoadOptions(
        path=a, n_gpu_layers=-1, n_ctx=4096
    )
    other = LoadOptions(path=b, n_gpu_layers=0, n_ctx=2048)
    assert remembered_load_options(store.models, other) == other
    # A model the store does not know, or no store: the defaults.
    unknown = LoadOptions(path=str(tmp_path / "c.gguf"))
    assert remembered_load_options(store.models, unknown) == unknown
    assert remembered_load_options(None, defaults) == defaults


def test_a_remembered_context_size_is_used_too(store, tmp_path) -> None:
    path = str(tmp_path / "m.gguf")
    record = store.models.upsert(path)
    store.models.set_load_defaults(
        record.id, n_gpu_layers=None, n_ctx=8192, chat_template_override=None
    )
    options = remembered_load_options(
        store.models, LoadOptions(path=path, n_gpu_layers=3, n_ctx=4096)
    )
    assert (options.n_gpu_layers, options.n_ctx) == (3, 8192)
    remember_gpu_layers(store.models, path, 5)
    assert store.models.by_path(path).n_ctx == 8192  # the other settings stay
