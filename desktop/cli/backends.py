"""`tessera backends add|list|probe|remove`: servers Tessera can generate on."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "backends",
        help="servers to generate on (llama-server, vLLM and other OpenAI-compatible, Ollama)",
        description="Saved backends: chat, tokenize, bench and experiment run take "
        "--backend NAME to use one instead of this machine.",
    )
    sub = parser.add_subparsers(dest="backends_command", metavar="ACTION", required=True)

    p = sub.add_parser(
        "add",
        help="save a backend and check what it can do",
        description="Saves the server at URL as NAME and probes it: what it is, its models, "
        "and whether it gives tokens and probabilities. The API key, if any, is read from "
        "the environment variable --api-key-env names (never from the command line) and "
        "kept in the system keyring; it is only ever sent to URL.",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("url", metavar="URL", help="e.g. http://gpu-box:8080 (a /v1 suffix is fine)")
    p.add_argument(
        "--kind", required=True, choices=("llama-server", "openai", "ollama"),
        help="llama-server (llama.cpp), openai (vLLM, SGLang, LM Studio, OpenAI, any "
        "OpenAI-compatible server) or ollama (Ollama's native API)",
    )  # fmt: skip
    p.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the key")
    p.add_argument("--model", metavar="ID", help="the default model on that server")
    p.add_argument("--replace", action="store_true", help="overwrite a backend of that name")
    p.add_argument("--no-probe", action="store_true", help="save without contacting the server")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_add)

    p = sub.add_parser("list", help="saved backends and what their last probe found")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)

    p = sub.add_parser("probe", help="ask a backend again what it is, has and can do")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_probe)

    p = sub.add_parser("remove", help="forget a backend and its API key")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=_remove)


def _fail(message: Any, code: int = 1) -> int:
    print(f"tessera backends: {message}", file=sys.stderr)
    return code


def _with_registry(fn):
    def handler(args: argparse.Namespace, paths) -> int:
        from desktop.cli.backend_option import open_registry
        from desktop.core.store import StoreError, open_store

        try:
            store = open_store(paths)
        except StoreError as exc:
            return _fail(exc)
        registry = open_registry(store)
        try:
            return fn(args, registry)
        except (StoreError, LookupError, ValueError) as exc:
            return _fail(exc)
        finally:
            registry.close()
            store.close()

    return handler


@_with_registry
def _add(args: argparse.Namespace, registry) -> int:
    from desktop.core.backends.config import BackendConfig

    config = BackendConfig.create(
        args.name, args.url, args.kind, default_model=args.model, api_key_env=args.api_key_env
    )
    key = None
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            return _fail(f"the environment variable {args.api_key_env} is empty or not set.", 2)
    if not args.replace and registry.repo.find(config.name) is not None:
        return _fail(f"a backend named {config.name!r} exists; pass --replace to overwrite it.", 2)
    saved, warning = registry.add(config, api_key=key, replace=args.replace)
    if warning is not None:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"saved backend {saved.name} ({saved.kind}, {saved.base_url})", file=sys.stderr)
    if args.no_probe:
        return 0
    return _probe_and_print(registry, saved.name, args.json)


@_with_registry
def _probe(args: argparse.Namespace, registry) -> int:
    registry.config(args.name)  # a clear error for an unknown name
    return _probe_and_print(registry, args.name, args.json)


def _probe_and_print(registry, name: str, as_json: bool) -> int:
    from desktop.core.backends.errors import BackendError

    try:
        result = registry.probe(name)
    except BackendError as exc:
        return _fail(f"{name}: {exc}")
    if as_json:
        print(json.dumps({"name": name, **_probe_json(result)}, ensure_ascii=False, indent=2))
        return 0
    caps = result.capabilities
    print(f"{name}: {caps.server_kind} {caps.server_version}".rstrip())
    print(f"  models: {', '.join(result.models) or '(none listed)'}")
    facts = [
        f"context {caps.context_length}" if caps.context_length else "",
        f"{caps.parallel_slots} parallel slots" if caps.parallel_slots else "",
        f"up to {caps.max_top_logprobs} alternatives per token" if caps.logprobs else "",
    ]
    if any(facts):
        print("  " + ", ".join(f for f in facts if f))
    for capability, message in caps.missing().items():
        print(f"  - {capability}: {message}")
    for note in caps.notes:
        print(f"  note: {note}")
    for problem in result.problems:
        print(f"  ! {problem}")
    return 0


def _probe_json(result) -> dict[str, Any]:
    caps = result.capabilities
    return {
        "detected_kind": result.detected_kind,
        "capabilities": caps.to_dict(),
        "missing": {k: {"code": m.code, "text": str(m)} for k, m in caps.missing().items()},
        "notes": [str(n) for n in caps.notes],
        "models": list(result.models),
        "problems": [str(p) for p in result.problems],
        "checked_at": result.checked_at,
    }


@_with_registry
def _list(args: argparse.Namespace, registry) -> int:
    configs = registry.configs()
    if args.json:
        rows = [
            {
                "name": c.name,
                "kind": c.kind,
                "url": c.base_url,
                "default_model": c.default_model,
                "api_key_env": c.api_key_env,
                "probe": _probe_json(c.probe) if c.probe else None,
            }
            for c in configs
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not configs:
        print("No backends yet. Add one with: tessera backends add NAME URL --kind KIND")
        return 0
    for c in configs:
        server = "not probed"
        if c.probe is not None:
            caps = c.probe.capabilities
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(c.probe.checked_at))
            server = f"{caps.server_kind} {caps.server_version}".strip() + f", checked {when}"
        model = f", model {c.default_model}" if c.default_model else ""
        print(f"{c.name}  {c.kind}  {c.base_url}{model}  ({server})")
    return 0


@_with_registry
def _remove(args: argparse.Namespace, registry) -> int:
    if not registry.remove(args.name):
        return _fail(f"there is no backend named {args.name!r}.")
    print(f"removed backend {args.name}")
    return 0
