"""Loading a model for `tessera chat` / `complete`: the settings remembered for the file, then
the command line's (which are remembered in turn), and what the user should know about it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.core.engine.protocol import CACHE_TYPES, FLASH_ATTENTION_MODES


def add_load_arguments(parser: argparse.ArgumentParser, *, template: bool = True) -> None:
    parser.add_argument(
        "--gpu-layers", type=int, metavar="N", help="layers to offload to the GPU (-1 = all)"
    )
    parser.add_argument("--ctx", type=int, metavar="N", help="context size in tokens (4096)")
    parser.add_argument(
        "--flash-attn",
        choices=FLASH_ATTENTION_MODES,
        help="flash attention (default auto: on where the backend supports it)",
    )
    parser.add_argument("--cache-type-k", choices=CACHE_TYPES, help="K cache type (f16)")
    parser.add_argument(
        "--cache-type-v", choices=CACHE_TYPES, help="V cache type (f16; others need flash attn)"
    )
    if template:
        parser.add_argument(
            "--chat-template",
            metavar="NAME|FILE",
            help="use a llama.cpp built-in (chatml, gemma, llama3, mistral-v7, phi3, deepseek3, "
            "...) or a Jinja file instead of the model's own template; '' forgets it",
        )
    parser.epilog = (
        (parser.epilog or "")
        + " Load settings given here are remembered for the model file and used next time."
    ).strip()


def _given(args: argparse.Namespace) -> dict[str, Any]:
    values = {
        "n_gpu_layers": getattr(args, "gpu_layers", None),
        "n_ctx": getattr(args, "ctx", None),
        "flash_attn": getattr(args, "flash_attn", None),
        "type_k": getattr(args, "cache_type_k", None),
        "type_v": getattr(args, "cache_type_v", None),
    }
    template = getattr(args, "chat_template", None)
    if template is not None:
        path = Path(template).expanduser()
        values["chat_template_override"] = (
            path.read_text(encoding="utf-8") if template and path.is_file() else template
        )
    return {k: v for k, v in values.items() if v is not None}


def default_ctx(model_path: str) -> int:
    """4096 tokens, or less when the model was trained on less (no warning, less memory)."""
    from desktop.core.gguf import GGUFError, read_gguf_meta

    try:
        trained = read_gguf_meta(model_path).n_ctx_train
    except GGUFError:
        return 4096  # the load reports what is wrong with the file
    return min(4096, trained) if trained > 0 else 4096


def load_model(store: Any, client: Any, model_path: str, args: argparse.Namespace) -> Any:
    """Loads `model_path` in `client` and returns its ModelInfo (EngineError, OptionsError and
    OSError propagate). Prints warnings and template notes to stderr."""
    from desktop.core.engine.options import load_options_from_dict

    known = store.models.by_path(model_path)
    given = _given(args)
    data: dict[str, Any] = {"n_gpu_layers": 0, "n_ctx": default_ctx(model_path)}
    data.update(known.load_settings() if known else {})
    data.update(given)
    if data.get("chat_template_override") == "":
        data["chat_template_override"] = None
    info = client.load(load_options_from_dict(model_path, data))
    for warning in info.warnings:
        print(f"note: {warning}", file=sys.stderr)
    if info.template is not None and not info.template.from_file:
        print(f"note: {info.template.reason}", file=sys.stderr)
    record = store.models.upsert(
        model_path,
        architecture=info.architecture,
        quantization=info.file_type,
        n_params=info.n_params,
        context_length=info.n_ctx_train,
        size_bytes=info.size_bytes,
    )
    if given:
        store.models.remember_load_settings(model_path, **given)
    store.models.touch(record.id)
    return info
