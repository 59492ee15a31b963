"""`tessera compare`: one message to 2-4 targets side by side, their replies and stats, saved."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

EXAMPLE = """examples:
  tessera compare -m "Explain recursion" \\
      --target model:models/a.gguf,temperature=0.2,seed=1 \\
      --target model:models/a.gguf,temperature=1.2,seed=1
  tessera compare -m "你好" --target model:tiny.gguf --target backend:gpu-box/Qwen/Qwen3-8B
  tessera compare -m "Hi" -m "Shorter, please" --target ... --target ...   (two turns)

SPEC settings: any sampling setting (temperature, top_p, top_k, min_p, seed, max_tokens,
stop, ...); for model: targets also load settings (n_ctx, n_gpu_layers, n_threads,
flash_attn); system=TEXT, template=NAME[@N], label=TEXT. Quote a value holding a comma:
system="Be brief, and kind."
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="send one message to 2-4 models, settings or backends and compare the replies",
        description="Sends the message to every target (each keeps its own history), prints "
        "each reply with its token count, time to first token and speed, says which targets "
        "ran at the same time and where replies of the same model diverge, and saves the "
        "comparison as an experiment run (see `tessera experiment show`).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EXAMPLE,
    )
    parser.add_argument(
        "-m",
        "--message",
        metavar="TEXT",
        action="append",
        required=True,
        help="the message; give it again for follow-up turns",
    )
    parser.add_argument(
        "--target",
        metavar="SPEC",
        action="append",
        required=True,
        help="model:PATH[,key=value...] or backend:NAME[/MODEL][,key=value...] (2 to 4)",
    )
    parser.add_argument(
        "--system", metavar="S", help="system prompt for targets that do not set their own"
    )
    parser.add_argument(
        "--top-logprobs",
        type=int,
        default=0,
        metavar="K",
        help="with --json: the K most likely alternatives per token (0-20)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON lines: the schedule, one object per target and turn, the turn's "
        "divergences, then where it was saved",
    )
    parser.add_argument("--no-save", action="store_true", help="do not save the comparison")
    parser.set_defaults(handler=_handle)


def _fail(message: str, code: int = 1) -> int:
    print(f"tessera compare: {message}", file=sys.stderr)
    return code


def _handle(args: argparse.Namespace, paths) -> int:
    from desktop.cli.backend_option import open_registry
    from desktop.core.compare.session import CompareError, CompareSession
    from desktop.core.compare.target import TargetSpecError
    from desktop.core.compare.target_spec import parse_target
    from desktop.core.experiments.versions import template_resolver
    from desktop.core.store import StoreError, open_store
    from desktop.core.templates.library import TemplateLibrary

    if not 0 <= args.top_logprobs <= 20:
        return _fail("--top-logprobs must be between 0 and 20.", 2)
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        store = open_store(paths.ensure())
    except StoreError as exc:
        return _fail(str(exc))
    registry = open_registry(store)
    try:
        from desktop.core.experiments.versions import template_resolver

        library = TemplateLibrary(store.templates)
        try:
            targets = [parse_target(spec, template_resolver(library)) for spec in args.target]
        except TargetSpecError as exc:
            return _fail(str(exc), 2)
        if args.system is not None:
            targets = [
                t if t.system is not None else dataclasses.replace(t, system=args.system)
                for t in targets
            ]
        try:
            session = CompareSession(
                targets, backends=registry.open, top_logprobs=args.top_logprobs
            )
        except CompareError as exc:
            return _fail(str(exc), 2)
        with session:
            return _run(args, store, session)
    finally:
        registry.close()
        store.close()


def _run(args: argparse.Namespace, store, session) -> int:
    from desktop.core.compare.record import ComparisonRecorder
    from desktop.core.store import StoreError
    from desktop.core.store.comparisons import ComparisonRepository

    out = sys.stdout
    recorder = None if args.no_save else ComparisonRecorder(ComparisonRepository(store.db), session)
    if args.json:
        out.write(_line({"type": "schedule", **session.schedule.to_dict()}))
    else:
        for message in session.schedule.messages:
            print(message, file=sys.stderr)
    failed = False
    interrupted = False
    for text in args.message:
        turn = session.send(text)
        try:
            while not session.wait(0.2):
                pass
        except KeyboardInterrupt:
            interrupted = True
            print("stopping…", file=sys.stderr)
            session.cancel()
            session.wait()
        finished = session.turns[turn.index].finished
        for pane in session.panes:
            reply = next((r for r in pane.replies if r.turn == turn.index), None)
            failed = failed or reply is None or reply.failed
            if args.json:
                out.write(_line(_pane_json(session, pane, reply, args.top_logprobs > 0)))
            else:
                _print_pane(out, session, pane, reply)
        if finished is not None:
            if args.json:
                out.write(_line(_turn_json(turn.index, finished)))
            else:
                _print_divergences(out, session, finished)
        out.flush()
        if interrupted:
            break
    if recorder is not None and any(t.finished for t in session.turns):
        try:
            run_id = recorder.save()
        except StoreError as exc:
            print(f"tessera compare: the comparison was not saved: {exc}", file=sys.stderr)
        else:
            if args.json:
                out.write(
                    _line(
                        {"type": "saved", "run_id": run_id, "experiment_id": recorder.experiment_id}
                    )
                )
            else:
                print(
                    f"saved as run {run_id} of experiment {recorder.experiment_id} "
                    f"(tessera experiment show {recorder.experiment_id})",
                    file=sys.stderr,
                )
    if interrupted:
        return 130
    return 1 if failed else 0


# --------------------------------------------------------------------------- text


def _print_pane(out, session, pane, reply) -> None:
    where = ""
    if reply is not None and reply.provenance is not None:
        p = reply.provenance
        where = f"  ({p.backend}: {p.server_version})"
    out.write(f"\n[{pane.index + 1}] {pane.label}{where}\n")
    if reply is None:
        out.write("(no reply)\n")
        return
    if reply.text:
        out.write(reply.text.rstrip("\n") + "\n")
    if reply.failed:
        hint = f" {reply.hint}" if reply.hint else ""
        out.write(f"error: {reply.error}{hint}\n")
        return
    out.write(f"  {_stats_text(reply)}\n")
    if reply.error is not None:
        out.write(f"  note: {reply.error}\n")
    if reply.count_note is not None:
        out.write(f"  note: {reply.count_note}\n")


def _stats_text(reply) -> str:
    parts = [f"{reply.token_count} tokens"]
    if reply.ttft_seconds is not None:
        parts.append(f"TTFT {reply.ttft_seconds * 1000:.0f} ms")
    if reply.tokens_per_second:
        parts.append(f"{reply.tokens_per_second:.1f} tok/s")
    parts.append(f"seed {reply.seed}")
    parts.append(reply.finish_reason)
    return " · ".join(parts)


def _print_divergences(out, session, finished) -> None:
    for d in finished.divergences:
        a = "(end)" if d.token_a is None else f"{d.token_a.id} {d.token_a.text!r}"
        b = "(end)" if d.token_b is None else f"{d.token_b.id} {d.token_b.text!r}"
        out.write(f"\n[{d.a + 1}] and [{d.b + 1}] diverge at token {d.index}: {a} vs {b}\n")
    for a, b in finished.identical:
        out.write(f"\n[{a + 1}] and [{b + 1}] are identical, token for token\n")


# --------------------------------------------------------------------------- JSON


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"


def _pane_json(session, pane, reply, with_tokens: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "target",
        "turn": reply.turn if reply is not None else len(session.turns) - 1,
        "pane": pane.index,
        "label": pane.label,
        "target": pane.target.to_dict(),
        "parallel": _parallel(session, pane.index),
        "lane": next(i for i, lane in enumerate(session.schedule.lanes) if pane.index in lane),
    }
    if reply is None:
        return {**data, "text": "", "error": "no reply"}
    p = reply.provenance
    data.update(
        {
            "text": reply.text,
            "token_ids": list(reply.token_ids) if reply.token_ids is not None else None,
            "finish_reason": reply.finish_reason,
            "error": str(reply.error) if reply.error is not None else None,
            "hint": str(reply.hint) if reply.hint is not None else None,
            "seed": reply.seed,
            "token_count": reply.token_count,
            "count_note": str(reply.count_note) if reply.count_note is not None else None,
            "stats": dataclasses.asdict(reply.stats) if reply.stats is not None else None,
            "provenance": dataclasses.asdict(p) if p is not None else None,
        }
    )
    if with_tokens:
        data["tokens"] = [
            {
                "id": t.id,
                "text": t.text,
                "logprob": t.logprob,
                "top": [{"id": a.id, "text": a.text, "logprob": a.logprob} for a in t.top or ()],
            }
            for t in reply.tokens
        ]
    return data


def _parallel(session, index: int) -> bool:
    """Whether this pane ran at the same time as at least one other."""
    lanes = session.schedule.lanes
    return len(lanes) > 1 and any(index in lane for lane in lanes)


def _turn_json(turn: int, finished) -> dict[str, Any]:
    return {
        "type": "turn",
        "turn": turn,
        "divergences": [d.to_dict() for d in finished.divergences],
        "identical": [list(pair) for pair in finished.identical],
    }
