"""`tessera models`: search the Hub, list a repo's files with fit, download, manage the library."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from desktop.core.units import format_params, format_size


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "models", help="find, download and manage GGUF models", description=__doc__
    )
    parser.add_argument("--endpoint", help="Hub endpoint (default: $HF_ENDPOINT or the public Hub)")
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    p = sub.add_parser("search", help="search Hugging Face for GGUF models")
    p.add_argument("query")
    p.add_argument(
        "--sort", choices=("downloads", "likes", "trending", "updated"), default="downloads"
    )
    p.add_argument("--page", type=int, default=1, help="page number, from 1")
    p.add_argument("--limit", type=int, default=20, help="results per page")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_search)

    p = sub.add_parser("files", help="list a repo's GGUF files with the fit estimate")
    p.add_argument("repo", metavar="REPO", help="owner/name")
    p.add_argument("--revision")
    p.add_argument("--context", type=int, default=4096, help="context length for the estimate")
    p.add_argument(
        "--no-header",
        action="store_true",
        help="estimate from file sizes only (skip reading one GGUF header from the Hub)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_files)

    p = sub.add_parser("download", help="download a GGUF file (all parts of a split); resumes")
    p.add_argument("repo", metavar="REPO")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--revision")
    p.set_defaults(handler=_download)

    p = sub.add_parser("list", help="installed models")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)

    p = sub.add_parser("add", help="add an existing .gguf to the library")
    p.add_argument("path", metavar="PATH")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--move", action="store_true", help="move it into the models folder")
    mode.add_argument("--reference", action="store_true", help="use it where it is")
    p.set_defaults(handler=_add)

    p = sub.add_parser(
        "remove", help="remove a model from the library (deletes files Tessera owns)"
    )
    p.add_argument("id", metavar="ID", type=int)
    p.add_argument("--keep-file", action="store_true", help="forget it but keep the file")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=_remove)

    p = sub.add_parser("detect", help="GGUF files in the Hugging Face cache and LM Studio")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_detect)

    p = sub.add_parser("token", help="the Hugging Face access token (kept in the OS keyring)")
    p.add_argument("action", choices=("set", "clear", "status"))
    p.set_defaults(handler=_token)


# --------------------------------------------------------------------------- helpers


def _config(args):
    from desktop.core.hub import HubConfig, TokenStore

    try:
        return HubConfig.from_settings(args.endpoint, TokenStore().get())
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None


def _fail(exc: Exception) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 1


def _jsonable(obj: Any) -> Any:
    import dataclasses
    from datetime import datetime

    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, datetime):
        return obj.isoformat()
    return obj


def _print_json(obj: Any) -> None:
    print(json.dumps(_jsonable(obj), ensure_ascii=False, indent=2))


def _open_library(paths):
    from desktop.core.models.library import Library
    from desktop.core.store import open_store

    store = open_store(paths.ensure())
    return store, Library(paths, store.models)


# --------------------------------------------------------------------------- handlers


def _search(args, paths) -> int:
    from desktop.core.hub import HubError, HubService

    service = HubService(_config(args))
    try:
        page = service.search(args.query, args.sort, max(0, args.page - 1), max(1, args.limit))
    except HubError as exc:
        return _fail(exc)
    if args.json:
        _print_json({"page": args.page, "has_more": page.has_more, "results": page.results})
        return 0
    if not page.results:
        print("No GGUF models found.")
        return 0
    for r in page.results:
        flags = " [gated]" if r.gated else ""
        updated = r.last_modified.date().isoformat() if r.last_modified else "?"
        print(f"{r.repo_id}{flags}")
        print(
            f"    downloads {r.downloads:,}  likes {r.likes:,}  updated {updated}"
            f"  license {r.license or '?'}" + (f"  base {r.base_model}" if r.base_model else "")
        )
    if page.has_more:
        print(f"(more: --page {args.page + 1})")
    return 0


def fit_rows(listing, n_ctx: int, hardware, shape=None) -> list[dict]:
    """Each model of a listing with its fit estimate and the recommended one marked."""
    from desktop.core.models.fit import FitCandidate, estimate_fit, guess_shape, recommend

    rows, candidates = [], []
    for model in listing.models:
        fit = None
        if model.size is not None and not model.projector:
            model_shape = shape or guess_shape(listing.n_params, model.size, model.quantization)
            fit = estimate_fit(model.size, model_shape, n_ctx, hardware)
            if model.complete:
                candidates.append(FitCandidate(model.name, model.quantization, fit))
        rows.append({"model": model, "fit": fit})
    best = recommend(candidates)
    for row in rows:
        row["recommended"] = row["model"].name == best
    return rows


def _files(args, paths) -> int:
    from desktop.core.hub import HubError, HubService
    from desktop.core.models.fit import shape_from_meta
    from desktop.core.models.hardware import detect_hardware

    service = HubService(_config(args))
    try:
        listing = service.list_files(args.repo, args.revision)
    except HubError as exc:
        return _fail(exc)
    meta = None if args.no_header else service.model_meta(listing)
    hardware = detect_hardware(cache_dir=paths.cache)
    rows = fit_rows(listing, args.context, hardware, meta and shape_from_meta(meta))
    if args.json:
        _print_json(
            {
                "repo": listing.repo_id,
                "revision": listing.revision,
                "gated": listing.gated,
                "context": args.context,
                "files": [
                    {
                        "name": r["model"].name,
                        "parts": [f.path for f in r["model"].files],
                        "quantization": r["model"].quantization,
                        "size": r["model"].size,
                        "complete": r["model"].complete,
                        "projector": r["model"].projector,
                        "fit": None if r["fit"] is None else r["fit"].verdict,
                        "fit_text": None if r["fit"] is None else r["fit"].describe(),
                        "gpu_layers": None if r["fit"] is None else r["fit"].gpu_layers,
                        "recommended": r["recommended"],
                    }
                    for r in rows
                ],
                "rejected": list(listing.rejected),
            }
        )
        return 0
    print(f"{listing.repo_id} @ {listing.revision[:10]}" + ("  [gated]" if listing.gated else ""))
    gpu = (
        f", {format_size(hardware.vram_free)} GPU memory free"
        if hardware.vram_free
        else ", no usable GPU"
    )
    print(f"this machine: {format_size(hardware.ram_available)} RAM free{gpu}")
    if not rows:
        print("No .gguf files in this repository.")
    for r in rows:
        m = r["model"]
        mark = "*" if r["recommended"] else " "
        parts = f" ({len(m.files)} parts)" if m.is_split else ""
        note = (
            "vision projector"
            if m.projector
            else (r["fit"].describe() if r["fit"] else "size unknown")
        )
        if not m.complete:
            note = "incomplete split on the Hub"
        print(f"{mark} {m.name}{parts}  {m.quantization or '?'}  {format_size(m.size)}  {note}")
    if any(r["recommended"] for r in rows):
        print(f"* recommended for this machine at a {args.context}-token context")
    for name in listing.rejected:
        print(f"  refused unsafe file name: {name!r}", file=sys.stderr)
    return 0


def _bar(snap) -> str:
    width = 30
    frac = snap.fraction or 0.0
    filled = int(frac * width)
    eta = "--:--" if snap.eta is None else time.strftime("%M:%S", time.gmtime(snap.eta))
    if snap.eta is not None and snap.eta >= 3600:
        eta = time.strftime("%H:%M:%S", time.gmtime(snap.eta))
    return (
        f"[{'#' * filled}{'-' * (width - filled)}] {frac * 100:5.1f}%  "
        f"{format_size(snap.downloaded)} / {format_size(snap.total)}  {format_size(int(snap.speed))}/s  ETA {eta}"
    )


def _download(args, paths) -> int:
    from desktop.core.hub import DownloadManager, HubError, HubService

    config = _config(args)
    try:
        listing = HubService(config).list_files(args.repo, args.revision)
    except HubError as exc:
        return _fail(exc)
    model = listing.find(args.file)
    if model is None:
        names = ", ".join(m.name for m in listing.models) or "none"
        return _fail(Exception(f"{args.file} is not a .gguf file of {args.repo} (files: {names})."))
    store, library = _open_library(paths)
    manager = DownloadManager(paths, config, on_installed=library.register_download)
    tty = sys.stderr.isatty()
    try:
        job = manager.enqueue(listing.repo_id, listing.revision, model)
        if manager.snapshot(job).state == "done":
            print("already installed", file=sys.stderr)
        resumed_from = manager.snapshot(job).downloaded
        started = time.monotonic()
        if resumed_from and manager.snapshot(job).state != "done":
            print(f"resuming from {format_size(resumed_from)}", file=sys.stderr)
        last_line = 0.0
        while True:
            snap = manager.wait(job, timeout=0.25)
            if snap.state not in ("queued", "running", "verifying"):
                break
            now = time.monotonic()
            if tty:
                print("\r" + _bar(snap) + "  ", end="", file=sys.stderr, flush=True)
            elif now - last_line > 5:
                print(_bar(snap), file=sys.stderr, flush=True)
                last_line = now
        if tty:
            print("\r" + _bar(snap) + "  ", file=sys.stderr)
        elapsed = time.monotonic() - started
        if snap.state == "done" and snap.downloaded > resumed_from and elapsed > 0:
            fetched = snap.downloaded - resumed_from
            print(
                f"{format_size(fetched)} in {elapsed:.1f} s ({format_size(int(fetched / elapsed))}/s), "
                "sha256 verified",
                file=sys.stderr,
            )
    except HubError as exc:
        manager.shutdown()
        store.close()
        return _fail(exc)
    except KeyboardInterrupt:
        manager.shutdown()
        store.close()
        print("\npaused: run the same command again to resume", file=sys.stderr)
        return 130
    manager.shutdown()
    store.close()
    if snap.state != "done":
        return _fail(Exception(snap.error or snap.state))
    for path in snap.installed:
        print(path)
    return 0


def _list(args, paths) -> int:
    store, library = _open_library(paths)
    try:
        models = library.refresh()
    finally:
        store.close()
    if args.json:
        _print_json(models)
        return 0
    if not models:
        print("No models installed. Try `tessera models search QUERY`.")
    for m in models:
        used = m.last_used_at.date().isoformat() if m.last_used_at else "never"
        state = "  MISSING" if m.missing else (f"  ({m.problem})" if m.problem else "")
        params = format_params(m.n_params)
        print(
            f"{m.id:4d}  {m.name}  {m.architecture or '?'} {params} {m.quantization or '?'}  "
            f"ctx {m.context_length or '?'}  {format_size(m.size_bytes)}  used {used}  {m.source}{state}"
        )
        print(f"      {m.path}")
    return 0


def _add(args, paths) -> int:
    from desktop.core.models.library import LibraryError

    mode = "move" if args.move else "reference" if args.reference else "copy"
    store, library = _open_library(paths)
    try:
        model = library.import_file(args.path, mode)
    except LibraryError as exc:
        return _fail(exc)
    finally:
        store.close()
    print(f"added {model.id}: {model.path}")
    return 0


def _remove(args, paths) -> int:
    from desktop.core.store import NotFoundError

    store, library = _open_library(paths)
    try:
        try:
            model = library.get(args.id)
        except NotFoundError:
            return _fail(Exception(f"There is no model {args.id} (see `tessera models list`)."))
        deletes = not args.keep_file and model.source == "library"
        if not args.yes and sys.stdin.isatty():
            what = (
                f"delete {format_size(model.size_bytes)} of files"
                if deletes
                else "forget it (files stay)"
            )
            answer = input(f"Remove {model.name} ({model.path}) and {what}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("nothing removed")
                return 1
        deleted = library.remove(args.id, delete_files=not args.keep_file)
    finally:
        store.close()
    print(f"removed {args.id}" + (f", deleted {len(deleted)} file(s)" if deleted else ""))
    return 0


def _detect(args, paths) -> int:
    store, library = _open_library(paths)
    try:
        found = library.detect_external()
    finally:
        store.close()
    if args.json:
        _print_json(found)
        return 0
    if not found:
        print("No GGUF files found in the Hugging Face cache or LM Studio's folders.")
    for e in found:
        known = "  (in library)" if e.known else ""
        print(f"{e.source:8s}  {e.label}  {format_size(e.size_bytes)}{known}\n          {e.path}")
    return 0


def _token(args, paths) -> int:
    import getpass

    from desktop.core.hub import TokenStore

    tokens = TokenStore()
    warning = tokens.unavailable_warning()
    if args.action == "status":
        print("a token is stored" if tokens.get() else "no token stored")
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
        return 0
    if args.action == "clear":
        tokens.clear()
        print("token removed")
        return 0
    if warning:
        return _fail(Exception(warning))
    token = getpass.getpass("Hugging Face token: ") if sys.stdin.isatty() else sys.stdin.readline()
    try:
        tokens.set(token)
    except Exception as exc:  # keyring backends raise their own types
        logging.getLogger(__name__).warning("storing the token failed", exc_info=True)
        return _fail(exc)
    print("token stored in the system keyring")
    return 0
