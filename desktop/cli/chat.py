"""`tessera chat`: one exchange (or a terminal REPL) through the engine, saved as a conversation."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from desktop.cli.backend_option import add_backend_options, wants_remote


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "chat",
        help="chat with a model in the terminal; the conversation is saved",
        description="Sends -m TEXT to the model, streams the reply to stdout and saves both "
        "as a conversation (see `tessera history`). Without -m, starts a terminal chat: one "
        "message per line, /exit or end-of-file to quit.",
    )
    parser.add_argument(
        "--model",
        metavar="PATH",
        help="GGUF file (default for --conversation: the model it used last)",
    )
    parser.add_argument("-m", "--message", metavar="TEXT", help="the message to send")
    parser.add_argument("--system", metavar="S", help="system prompt (saved with the chat)")
    parser.add_argument("--temperature", type=float, metavar="T", help="default 0.8")
    parser.add_argument("--max-tokens", type=int, metavar="N", help="reply length cap (512)")
    parser.add_argument("--seed", type=int, metavar="N", help="fixed seed: same reply every run")
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
        help="print JSON lines: one per token (id, text, logprob, top), then a summary",
    )
    parser.add_argument(
        "--conversation", type=int, metavar="ID", help="continue this saved conversation"
    )
    parser.add_argument(
        "--gpu-layers", type=int, metavar="N", help="layers to offload to the GPU (-1 = all)"
    )
    parser.add_argument("--ctx", type=int, metavar="N", help="context size in tokens (4096)")
    add_backend_options(parser)
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace, paths) -> int:
    return run_chat(args, paths)


def _err(message: str) -> int:
    print(f"tessera chat: {message}", file=sys.stderr)
    return 1


def run_chat(args: argparse.Namespace, paths) -> int:
    from desktop.core.backends.local import LocalBackend
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.errors import EngineError
    from desktop.core.engine.options import OptionsError
    from desktop.core.engine.protocol import LoadOptions
    from desktop.core.store import StoreError, open_store

    if not 0 <= args.top_logprobs <= 20:
        return _err("--top-logprobs must be between 0 and 20.")
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        store = open_store(paths)
    except StoreError as exc:
        return _err(str(exc))
    try:
        conversation = None
        if args.conversation is not None:
            conversation = store.conversations.get(args.conversation)
        if wants_remote(args):
            return _chat_remote(args, store, conversation)
        model_path = args.model or (conversation.model if conversation else None)
        if not model_path:
            return _err("which model? Pass --model PATH (a .gguf file), or --backend NAME.")
        model_path = str(Path(model_path).expanduser().resolve())
        known = store.models.by_path(model_path)
        options = LoadOptions(
            path=model_path,
            n_gpu_layers=_first(args.gpu_layers, known and known.n_gpu_layers, 0),
            n_ctx=_first(args.ctx, known and known.n_ctx, _default_ctx(model_path)),
            chat_template_override=known.chat_template_override if known else None,
        )
        with EngineClient() as client:
            try:
                info = client.load(options)
            except EngineError as exc:
                return _err(str(exc))
            for warning in info.warnings:
                print(f"note: {warning}", file=sys.stderr)
            record = store.models.upsert(
                model_path,
                architecture=info.architecture,
                quantization=info.file_type,
                n_params=info.n_params,
                context_length=info.n_ctx_train,
                size_bytes=info.size_bytes,
            )
            store.models.touch(record.id)
            backend = LocalBackend(client)
            session = ChatSession(store, backend, args, model_path, conversation)
            return session.run(args.message)
    except (StoreError, OptionsError) as exc:
        return _err(str(exc))
    finally:
        store.close()


def _chat_remote(args: argparse.Namespace, store, conversation) -> int:
    """The same chat on a saved backend: nothing is loaded here."""
    from desktop.cli.backend_option import BackendChoice
    from desktop.core.engine.errors import EngineError

    if args.gpu_layers is not None or args.ctx is not None:
        print("note: --gpu-layers and --ctx are the server's to set; ignored", file=sys.stderr)
    try:
        choice = BackendChoice.open(args, store)
    except (EngineError, LookupError) as exc:
        return _err(str(exc))
    with choice:
        session = ChatSession(store, choice.backend, args, choice.model, conversation)
        return session.run(args.message)


def _default_ctx(model_path: str) -> int:
    """4096 tokens, or less when the model was trained on less (no warning, less memory)."""
    from desktop.core.gguf.meta import GGUFError, read_gguf_meta

    try:
        trained = read_gguf_meta(model_path).n_ctx_train
    except GGUFError:
        return 4096  # the load reports what is wrong with the file
    return min(4096, trained) if trained > 0 else 4096


def _first(*values: Any) -> Any:
    for v in values:
        if v is not None and v is not False and v != "":
            return v
    return None


class ChatSession:
    """One conversation in the terminal on any Backend: each turn is saved as it streams,
    with where it was generated (backend, server version, model)."""

    def __init__(self, store, backend, args: argparse.Namespace, model: str, conversation) -> None:
        self.store = store
        self.backend = backend
        self.args = args
        self.model = model
        self.conversation = conversation
        self.request_id = 0
        self.provenance = backend.provenance(model)

    def run(self, message: str | None) -> int:
        if message is not None:
            return self.turn(message)
        return self.repl(sys.stdin)

    def _params(self):
        """The conversation's saved settings, then the command line's (OptionsError when a
        saved value has the wrong type)."""
        from desktop.core.engine.options import params_from_dict

        saved = dict(self.conversation.sampling_params) if self.conversation else {}
        given = {
            "temperature": self.args.temperature,
            "max_tokens": self.args.max_tokens,
            "seed": self.args.seed,
        }
        base = params_from_dict(saved)
        return dataclasses.replace(base, **{k: v for k, v in given.items() if v is not None})

    def _ensure_conversation(self, params) -> None:
        store = self.store
        chosen = {"temperature": params.temperature, "max_tokens": params.max_tokens}
        if params.seed is not None:
            chosen["seed"] = params.seed
        if self.conversation is None:
            self.conversation = store.conversations.create(
                model=self.model, system_prompt=self.args.system or "", sampling_params=chosen
            )
            return
        changes: dict[str, Any] = {"model": self.model, "sampling_params": chosen}
        if self.args.system is not None:
            changes["system_prompt"] = self.args.system
        self.conversation = store.conversations.update_settings(self.conversation.id, **changes)

    def turn(self, text: str, out: TextIO | None = None) -> int:
        """Sends `text`, streams and saves the reply. Returns an exit status."""
        from desktop.core.engine.errors import EngineError
        from desktop.core.engine.protocol import (
            ChatMessage,
            Done,
            EngineErrorEvent,
            GenerateRequest,
            TokenBatch,
        )
        from desktop.core.store import StoreWriteError, StreamCheckpointer
        from desktop.core.store.logprobs import from_engine_tokens

        out = out or sys.stdout
        if not text.strip():
            return _err("the message is empty.")
        params = self._params()
        self._ensure_conversation(params)
        conv_id = self.conversation.id
        self.store.messages.append_user(conv_id, text)
        history = [
            ChatMessage(m.role, m.content)
            for m in self.store.messages.active_path(conv_id)
            if m.content or m.role == "user"
        ]
        if self.conversation.system_prompt:
            history.insert(0, ChatMessage("system", self.conversation.system_prompt))
        reply = self.store.messages.start_assistant(
            conv_id,
            model=self.model,
            params=dataclasses.asdict(params),
            backend=self.provenance.backend,
            server_version=self.provenance.server_version,
        )
        warned = []

        def on_error(exc: StoreWriteError) -> None:
            warned.append(exc)
            print(f"\nwarning: {exc}", file=sys.stderr)

        checkpointer = StreamCheckpointer(self.store.messages, reply.id, on_error=on_error)
        self.request_id += 1
        request = GenerateRequest(
            request_id=self.request_id,
            params=params,
            messages=tuple(history),
            top_logprobs=self.args.top_logprobs if self.args.json else 0,
        )
        try:
            generation = self.backend.generate(request, model=self.model)
        except EngineError as exc:  # refused before anything streamed: the message stays
            checkpointer.finish(status="error", finish_reason="error", error=str(exc))
            return _err(str(exc))
        done = error = None
        interrupted = False
        try:
            for event in generation:
                if isinstance(event, TokenBatch):
                    for tok in event.tokens:
                        if self.args.json:
                            out.write(_token_json(tok) + "\n")
                        elif tok.text:
                            out.write(tok.text)
                    out.flush()
                    checkpointer.feed("".join(t.text for t in event.tokens))
                elif isinstance(event, Done):
                    done = event
                elif isinstance(event, EngineErrorEvent):
                    error = event
        except KeyboardInterrupt:
            interrupted = True
            generation.cancel()
            try:
                done = generation.wait(timeout=10)
            except Exception:  # the worker may be gone; the text so far is still saved
                done = None
        logprobs = (
            from_engine_tokens(generation.tokens, request.logprob_source)
            if request.top_logprobs
            else None
        )
        if done is not None:
            status = {"cancelled": "cancelled", "interrupted": "interrupted"}.get(
                done.finish_reason, "error" if done.finish_reason == "error" else "complete"
            )
            saved = checkpointer.finish(
                status=status,
                finish_reason=done.finish_reason,
                stats=done.stats,
                logprobs=logprobs,
                text=done.text,
                error=str(done.error) if done.error is not None else None,
            )
        else:
            message = error.message if error else "interrupted"
            saved = checkpointer.finish(
                status="error" if error else "cancelled",
                finish_reason="error" if error else "cancelled",
                error=message,
                logprobs=logprobs,
            )
        if self.args.json:
            out.write(_summary_json(saved, done, conv_id) + "\n")
        else:
            out.write("\n")
        out.flush()
        if error is not None:
            return _err(f"{error.message} {error.hint}".strip())
        if done is not None and done.error is not None:
            return _err(f"{done.error} (saved as conversation {conv_id})")
        if not self.args.json and self.args.message is not None:
            print(f"(saved as conversation {conv_id})", file=sys.stderr)
        return 130 if interrupted else 0

    def repl(self, stream: TextIO) -> int:
        """Reads one message per line until /exit or end of input."""
        interactive = stream.isatty()
        if interactive:
            print("Type a message and press Enter; /exit to quit.", file=sys.stderr)
        status = 0
        while True:
            if interactive:
                print("you> ", end="", file=sys.stderr, flush=True)
            try:
                line = stream.readline()
            except KeyboardInterrupt:
                break
            if not line:
                break
            line = line.rstrip("\n")
            if line.strip() in ("/exit", "/quit"):
                break
            if not line.strip():
                continue
            status = self.turn(line)
            if status not in (0, 130):
                return status
        if self.conversation is not None:
            print(f"(saved as conversation {self.conversation.id})", file=sys.stderr)
        return 0 if status == 130 else status


def _token_json(tok) -> str:
    return json.dumps(
        {
            "type": "token",
            "id": tok.id,
            "text": tok.text,
            "piece": tok.piece.decode("utf-8", errors="backslashreplace"),
            "logprob": tok.logprob,
            "top": [{"id": t.id, "text": t.text, "logprob": t.logprob} for t in tok.top or ()],
            "forced": tok.forced,
        },
        ensure_ascii=False,
    )


def _summary_json(saved, done, conv_id: int) -> str:
    return json.dumps(
        {
            "type": "done",
            "conversation_id": conv_id,
            "message_id": saved.id,
            "status": saved.status,
            "finish_reason": saved.finish_reason,
            "text": saved.content,
            "stats": dataclasses.asdict(done.stats) if done is not None else None,
        },
        ensure_ascii=False,
    )
