"""`tessera chat`: one exchange (or a terminal REPL) through the engine, saved as a conversation."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any, TextIO

from desktop.cli.model_load import add_load_arguments
from desktop.cli.streaming import stream_reply, summary_json


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
    add_load_arguments(parser)
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace, paths) -> int:
    return run_chat(args, paths)


def _err(message: str) -> int:
    print(f"tessera chat: {message}", file=sys.stderr)
    return 1


def run_chat(args: argparse.Namespace, paths) -> int:
    from desktop.cli.model_load import load_model
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.errors import EngineError
    from desktop.core.engine.options import OptionsError
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
            if conversation.kind != "chat":
                return _err(
                    f"conversation {conversation.id} is a completion session; continue it with "
                    f"tessera complete --conversation {conversation.id}."
                )
        model_path = args.model or (conversation.model if conversation else None)
        if not model_path:
            return _err("which model? Pass --model PATH (a .gguf file).")
        model_path = str(Path(model_path).expanduser().resolve())
        with EngineClient() as client:
            try:
                info = load_model(store, client, model_path, args)
            except EngineError as exc:
                return _err(str(exc))
            if info.looks_base and info.template is not None:
                from desktop.core.templates.choice import base_model_notice

                print(
                    f"note: {base_model_notice(info)} Try: tessera complete --model "
                    f"{model_path} -p TEXT",
                    file=sys.stderr,
                )
            session = ChatSession(store, client, args, model_path, conversation)
            if args.message is not None:
                return session.turn(args.message)
            return session.repl(sys.stdin)
    except (StoreError, OptionsError) as exc:
        return _err(str(exc))
    except OSError as exc:  # --chat-template FILE unreadable
        return _err(str(exc))
    finally:
        store.close()


class ChatSession:
    """One conversation in the terminal: each turn is saved as it streams."""

    def __init__(self, store, client, args: argparse.Namespace, model: str, conversation) -> None:
        self.store = store
        self.client = client
        self.args = args
        self.model = model
        self.conversation = conversation
        self.request_id = 0

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
        from desktop.core.engine.protocol import ChatMessage, GenerateRequest

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
            conv_id, model=self.model, params=dataclasses.asdict(params)
        )
        self.request_id += 1
        request = GenerateRequest(
            request_id=self.request_id,
            params=params,
            messages=tuple(history),
            top_logprobs=self.args.top_logprobs if self.args.json else 0,
        )
        result = stream_reply(
            self.store, self.client, request, reply.id, json_lines=self.args.json, out=out
        )
        if self.args.json:
            out.write(summary_json(result.saved, result.done, conv_id) + "\n")
        else:
            out.write("\n")
        out.flush()
        if result.error is not None:
            return _err(f"{result.error.message} {result.error.hint}".strip())
        if not self.args.json and self.args.message is not None:
            print(f"(saved as conversation {conv_id})", file=sys.stderr)
        return 130 if result.interrupted else 0

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
