"""A model's remembered load settings (GPU layers, context) over the defaults of the moment.

The store keeps them per model file (`ModelFile.n_gpu_layers`, `n_ctx`); whatever was not
remembered comes from the defaults the caller passes (the inspector's values, say). One place
reads and one place writes them, so a richer record of load settings can replace both.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from desktop.core.engine.protocol import LoadOptions
from desktop.core.store.errors import StoreError

log = logging.getLogger(__name__)


def remembered_load_options(records: Any, defaults: LoadOptions) -> LoadOptions:
    """`defaults` with the settings remembered for `defaults.path`; `records` is the store's
    model files repository (None: nothing is remembered)."""
    if records is None:
        return defaults
    try:
        record = records.by_path(defaults.path)
    except StoreError as exc:  # a load with the defaults beats no load
        log.warning("load settings of %s could not be read: %s", defaults.path, exc)
        return defaults
    if record is None:
        return defaults
    changes: dict[str, Any] = {}
    if record.n_gpu_layers is not None:
        changes["n_gpu_layers"] = int(record.n_gpu_layers)
    if record.n_ctx is not None:
        changes["n_ctx"] = int(record.n_ctx)
    return replace(defaults, **changes) if changes else defaults


def remember_gpu_layers(records: Any, path: str, n_gpu_layers: int) -> None:
    """Remembers how many layers `path` loads onto the GPU (its other settings stay)."""
    if records is None:
        return
    try:
        record = records.by_path(path)
        if record is not None:
            records.set_load_defaults(
                record.id,
                n_gpu_layers=n_gpu_layers,
                n_ctx=record.n_ctx,
                chat_template_override=record.chat_template_override,
            )
    except StoreError as exc:  # the model loads all the same, with the default next time
        log.warning("load settings of %s not saved: %s", path, exc)
