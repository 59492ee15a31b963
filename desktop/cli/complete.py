"""`tessera complete`: raw text continuation (no chat template), saved as a completion session."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from desktop.cli.backend_option import BackendChoice, add_backend_options, wants_remote
from desktop.cli.model_load import add_load_arguments
from desktop.cli.output_options import add_output_format_arguments
from desktop.cli.streaming import stream_reply, summary_json
from desktop.cli.terminal import shown


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "complete",
        help="continue a text with a model (base models); the session is saved",
        description="Feeds -p TEXT to the model as is (no chat template: what base models are "
        "made for), streams the continuation to stdout and saves both as a completion session "
        "(see `tessera history`). --conversation ID adds another continuation to a saved "
        "session: of the same prompt (kept as a branch), or of a new -p TEXT.",
    )
    parser.add_argument(
        "--model", metavar="PATH", help="GGUF file (default for --conversation: its model)"
    )
    parser.add_argument("-p", "--prompt", metavar="TEXT", help="the text to continue")
    parser.add_argument("--temperature", type=float, metavar="T", help="default 0.8")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="continuation length (512)")
    parser.add_argument("--seed", type=int, metavar="N", help="fixed seed: same text every run")
    parser.add_argument(
        "--top-logprobs",
        type=int,
        default=0,
        metavar="K",
        help="the K most likely alternatives per token (0-20), saved and shown with --json",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON lines: one per token (id, text, logprob, top), then a summary",
    )
    parser.add_argument(
        "--conversation", type=int, metavar="ID", help="add a continuation to this session"
    )
    add_load_arguments(parser, template=False)
    add_output_format_arguments(parser)
    add_backend_options(parser)
    parser.set_defaults(handler=run_complete)


def _err(message: str) -> int:
    print(f"tessera complete: {shown(message, sys.stderr)}", file=sys.stderr)
    return 1


def run_complete(args: argparse.Namespace, paths) -> int:
    from desktop.cli.model_load import load_model
    from desktop.cli.output_options import output_format_from_args, print_format_check
    from desktop.core.backends.local import LocalBackend
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.errors import EngineError
    from desktop.core.engine.options import OptionsError, params_from_dict
    from desktop.core.engine.protocol import GenerateRequest
    from desktop.core.messages import UserError
    from desktop.core.store import StoreError, open_store
    from desktop.core.store.completions import continuation_parent
    from desktop.core.tools.request import PreparedRequest, RequestOptions, interpret_reply

    if not 0 <= args.top_logprobs <= 20:
        return _err("--top-logprobs must be between 0 and 20.")
    if args.prompt is None and args.conversation is None:
        return _err("what should the model continue? Pass -p TEXT.")
    if args.prompt is not None and not args.prompt:
        return _err("the prompt is empty.")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        output_format = output_format_from_args(args)
    except (UserError, OSError) as exc:
        return _err(str(exc))
    try:
        store = open_store(paths)
    except StoreError as exc:
        return _err(str(exc))
    try:
        conversation = None
        if args.conversation is not None:
            conversation = store.conversations.get(args.conversation)
            if conversation.kind != "completion":
                return _err(
                    f"conversation {conversation.id} is a chat; continue it with "
                    f"tessera chat --conversation {conversation.id}."
                )
        remote = wants_remote(args)
        model_path = args.model or (conversation.model if conversation else None)
        if not model_path and not remote:
            return _err("which model? Pass --model PATH (a .gguf file), or --backend NAME.")
        if not remote:
            model_path = str(Path(model_path).expanduser().resolve())
        saved = dict(conversation.sampling_params) if conversation else {}
        given = {"temperature": args.temperature, "max_tokens": args.max_tokens, "seed": args.seed}
        params = params_from_dict({**saved, **{k: v for k, v in given.items() if v is not None}})
        chosen = {"temperature": params.temperature, "max_tokens": params.max_tokens}
        if params.seed is not None:
            chosen["seed"] = params.seed
        with EngineClient() as client, BackendChoice.open(args, store) as choice:
            if remote:
                backend, model = choice.backend, choice.model
                model_path = f"{backend.name}/{model}"
            else:
                try:
                    load_model(store, client, model_path, args)
                except EngineError as exc:
                    return _err(str(exc))
                backend, model = LocalBackend(client), None
            provenance = backend.provenance(model)
            if conversation is None:
                conversation = store.conversations.create(
                    model=model_path, sampling_params=chosen, kind="completion"
                )
            else:
                conversation = store.conversations.update_settings(
                    conversation.id, model=model_path, sampling_params=chosen
                )
            prompt = continuation_parent(store, conversation.id, args.prompt)
            reply = store.messages.start_assistant(
                conversation.id,
                parent_id=prompt.id,
                model=model_path,
                params=dataclasses.asdict(params),
                backend=provenance.backend,
                server_version=provenance.server_version,
            )
            request = GenerateRequest(
                request_id=1,
                params=params,
                text=prompt.content,
                top_logprobs=args.top_logprobs,
                grammar=output_format.grammar_spec(),
            )
            result = stream_reply(
                store,
                lambda: backend.generate(request, model=model),
                request,
                reply.id,
                json_lines=args.json,
                out=sys.stdout,
            )
        prepared = PreparedRequest(request, RequestOptions(output_format=output_format), None)
        outcome = interpret_reply(prepared, result.done) if result.done is not None else None
        if args.json:
            print(summary_json(result.saved, result.done, conversation.id, outcome))
        else:
            print()
        sys.stdout.flush()
        print_format_check(outcome)
        if result.refused is not None:
            return _err(str(result.refused))
        if result.error is not None:
            return _err(result.error.text)
        if not args.json:
            print(f"(saved as completion session {conversation.id})", file=sys.stderr)
        return 130 if result.interrupted else 0
    except (StoreError, OptionsError, UserError, LookupError) as exc:
        return _err(str(exc))
    finally:
        store.close()
