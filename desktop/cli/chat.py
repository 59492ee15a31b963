"""`tessera chat`: one exchange (or a terminal REPL) through the engine, saved as a conversation."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from desktop.cli.backend_option import add_backend_options, wants_remote
from desktop.cli.model_load import add_load_arguments
from desktop.cli.streaming import stream_reply, summary_json
from desktop.cli.terminal import shown, typed


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
    from desktop.cli.output_options import add_output_format_arguments

    add_output_format_arguments(parser)
    tools = parser.add_argument_group("tools")
    tools.add_argument(
        "--tools",
        metavar="FILE",
        help="an OpenAI tool list (JSON); each call is printed as a JSON line and its result "
        "read back from stdin (one line)",
    )
    tools.add_argument(
        "--tool-choice",
        metavar="MODE",
        default="auto",
        help="auto (default), none, required, or a tool's name (that call is forced)",
    )
    tools.add_argument(
        "--mcp",
        metavar="CONFIG",
        help="MCP servers in the mcpServers JSON shape; their tools and the built-ins "
        "(calculator, date/time) are offered; each call asks for approval",
    )
    tools.add_argument(
        "--approve-all", action="store_true", help="run every tool call without asking"
    )
    tools.add_argument(
        "--allow-folder",
        action="append",
        default=[],
        metavar="DIR",
        help="let the read_file tool read text files in DIR (repeatable)",
    )
    tools.add_argument(
        "--max-steps", type=int, default=8, metavar="N", help="tool steps per message (8)"
    )
    parser.add_argument(
        "--knowledge",
        action="append",
        default=[],
        metavar="NAME",
        help="answer from this knowledge base (repeatable; attached to the conversation)",
    )
    add_backend_options(parser)
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace, paths) -> int:
    return run_chat(args, paths)


def _err(message: str) -> int:
    # Engine errors can quote a model's chat template: shown, not obeyed, on a terminal too.
    print(f"tessera chat: {shown(message, sys.stderr)}", file=sys.stderr)
    return 1


def run_chat(args: argparse.Namespace, paths) -> int:
    from desktop.cli.model_load import load_model
    from desktop.cli.output_options import output_format_from_args, print_grammar
    from desktop.core.backends.local import LocalBackend
    from desktop.core.engine.client import EngineClient
    from desktop.core.engine.errors import EngineError
    from desktop.core.engine.options import OptionsError
    from desktop.core.messages import UserError
    from desktop.core.store import StoreError, open_store

    if not 0 <= args.top_logprobs <= 20:
        return _err("--top-logprobs must be between 0 and 20.")
    try:
        args.output_format = output_format_from_args(args)
        args.tool_defs, args.choice = _tool_options(args)
    except (UserError, OSError) as exc:
        return _err(str(exc))
    if args.show_grammar:
        print_grammar(args.output_format)
        return 0
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    if hasattr(sys.stdin, "reconfigure"):  # bytes that are not UTF-8 reach typed(), not a crash
        sys.stdin.reconfigure(errors="surrogateescape")
    if args.system is not None:
        args.system, _ = typed(args.system)
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
        if wants_remote(args):
            return _chat_remote(args, store, paths, conversation)
        model_path = args.model or (conversation.model if conversation else None)
        if not model_path:
            return _err("which model? Pass --model PATH (a .gguf file), or --backend NAME.")
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
            backend = LocalBackend(client)
            session = ChatSession(store, backend, args, model_path, conversation)
            return _run_session(session, args, store, paths, conversation)
    except (StoreError, OptionsError, UserError) as exc:
        return _err(str(exc))
    except OSError as exc:  # --chat-template FILE unreadable
        return _err(str(exc))
    finally:
        store.close()


class _StdinTool:
    """A tool from --tools: the call goes to stdout as a JSON line, the result comes from
    stdin (the user, or the script driving tessera, runs it)."""

    def __init__(self, definition) -> None:
        self.definition = definition

    def call(self, arguments: dict) -> Any:
        from desktop.core.tools.registry import ToolResult

        call = {"type": "tool_call", "name": self.definition.name, "arguments": arguments}
        print(json.dumps(call, ensure_ascii=False), flush=True)
        line = sys.stdin.readline()
        return ToolResult(line.rstrip("\n"))


class _tool_registry:
    """The session's ToolRegistry (None without tools), closing MCP servers at the end."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.hub: Any = None
        self.registry: Any = None

    def __enter__(self) -> Any:
        from desktop.core.tools.registry import ToolRegistry, builtin_tools

        args = self.args
        tools: list = [_StdinTool(d) for d in args.tool_defs]
        if args.mcp:
            from desktop.core.tools.mcp_client import McpHub
            from desktop.core.tools.mcp_config import servers_from_file

            configs = servers_from_file(args.mcp)
            self.hub = McpHub()
            tools += self.hub.tools(configs)
            tools += builtin_tools(args.allow_folder)
        elif args.allow_folder:
            tools += builtin_tools(args.allow_folder)
        if tools:
            self.registry = ToolRegistry(tools)
        return self.registry

    def __exit__(self, *exc: object) -> None:
        if self.registry is not None:
            self.registry.close()
        if self.hub is not None:
            self.hub.close()


def _tool_options(args: argparse.Namespace) -> tuple[tuple, Any]:
    """(tool definitions from --tools, the ToolChoice); MCP tools join after connecting."""
    from desktop.core.tools.tool_defs import tools_from_openai

    defs: tuple = ()
    if args.tools:
        defs = tools_from_openai(Path(args.tools).read_text(encoding="utf-8"))
    mode = args.tool_choice
    if mode in ("auto", "none", "required"):
        return defs, mode
    return defs, {"type": "function", "function": {"name": mode}}


def _knowledge(args: argparse.Namespace, store, paths, conversation):
    """The knowledge bases this chat answers from (--knowledge, or attached before)."""
    from desktop.core.knowledge.chat_turn import ChatKnowledge
    from desktop.core.knowledge.library import KnowledgeLibrary

    if not args.knowledge and conversation is None:
        return None
    library = KnowledgeLibrary(store, paths.root)
    try:
        chat = ChatKnowledge.for_conversation(
            library, args.knowledge, conversation.id if conversation else None
        )
    except Exception:
        library.close()
        raise
    if not chat.bases:
        library.close()
        return None
    return chat


def _chat_remote(args: argparse.Namespace, store, paths, conversation) -> int:
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
        return _run_session(session, args, store, paths, conversation)


def _run_session(session: ChatSession, args: argparse.Namespace, store, paths, conversation) -> int:
    """One message or a REPL, with the session's knowledge bases and tools open meanwhile."""
    session.knowledge = _knowledge(args, store, paths, conversation)
    try:
        with _tool_registry(args) as registry:
            session.registry = registry
            return session.run(args.message)
    finally:
        if session.knowledge is not None:
            session.knowledge.library.close()


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
        self.registry: Any = None
        self.knowledge = None  # ChatKnowledge: retrieved chunks go into each user message

    @property
    def client(self) -> Any:
        """The local engine (None on a remote backend)."""
        return getattr(self.backend, "client", None)

    def count_tokens(self, text: str) -> int:
        if self.client is not None:
            return int(self.client.count_tokens(text))
        return len(self.backend.tokenize(text, model=self.model).ids)

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
        from desktop.core.engine.protocol import (
            ChatMessage,
            GenerateRequest,
        )

        out = out or sys.stdout
        text, replaced = typed(text)
        if replaced:
            print(
                f"warning: the message is not valid UTF-8; {replaced} invalid byte sequence(s) "
                "were replaced by U+FFFD",
                file=sys.stderr,
            )
        if not text.strip():
            return _err("the message is empty.")
        params = self._params()
        self._ensure_conversation(params)
        conv_id = self.conversation.id
        self.store.messages.append_user(conv_id, text)
        from desktop.core.tools.stored import chat_message

        history = [
            chat_message(m.role, m.content, m.params)
            for m in self.store.messages.active_path(conv_id)
            if m.content or m.role == "user" or (m.params or {}).get("tool_calls")
        ]
        if self.conversation.system_prompt:
            history.insert(0, ChatMessage("system", self.conversation.system_prompt))
        injected = None
        if self.knowledge is not None:
            self.knowledge.attach(conv_id)
            injected = self.knowledge.prepare(text, self.count_tokens)
            if injected is not None:
                history[-1] = ChatMessage("user", injected.text)
        if self.registry is not None:
            return self._agent_turn(conv_id, history, params, out)
        reply = self.store.messages.start_assistant(
            conv_id,
            model=self.model,
            params=dataclasses.asdict(params),
            backend=self.provenance.backend,
            server_version=self.provenance.server_version,
        )
        from desktop.core.tools.request import RequestOptions, interpret_reply, prepare_for

        self.request_id += 1
        prepared = prepare_for(
            self.backend,
            self.request_id,
            history,
            params,
            RequestOptions(output_format=self.args.output_format),
            model=self.model,
            top_logprobs=self.args.top_logprobs if self.args.json else 0,
        )
        request = prepared.request
        assert isinstance(request, GenerateRequest)
        result = stream_reply(
            self.store,
            lambda: self.backend.generate(request, model=self.model),
            request,
            reply.id,
            json_lines=self.args.json,
            out=out,
        )
        if result.refused is not None:
            return _err(str(result.refused))
        saved, done, error = result.saved, result.done, result.error
        outcome = interpret_reply(prepared, done) if done is not None else None
        if injected is not None:
            self.knowledge.save(saved.id, injected)
        if self.args.json:
            if injected is not None:
                out.write(_citations_json(injected) + "\n")
            out.write(summary_json(saved, done, conv_id, outcome) + "\n")
        else:
            out.write("\n")
            if injected is not None:
                out.write(_citations_text(injected))
        out.flush()
        from desktop.cli.output_options import print_format_check

        print_format_check(outcome)
        if error is not None:
            if error.detail:  # the engine's last words (a crash's backtrace): stderr only
                print(shown(error.detail, sys.stderr), file=sys.stderr)
            return _err(error.text)
        if done is not None and done.error is not None:
            return _err(f"{done.error} (saved as conversation {conv_id})")
        if not self.args.json and self.args.message is not None:
            print(f"(saved as conversation {conv_id})", file=sys.stderr)
        return 130 if result.interrupted else 0

    def _agent_turn(self, conv_id: int, history: list, params, out: TextIO) -> int:
        """A message with tools: the agent loop, every step saved as it happens."""
        from desktop.core.tools.agent import Agent, Approval, approve_all, backend_generate
        from desktop.core.tools.request import RequestOptions
        from desktop.core.tools.stored import message_params
        from desktop.core.tools.tool_defs import choice_from_openai

        registry = self.registry
        defs = registry.definitions()
        choice = choice_from_openai(self.args.choice, defs)
        options = RequestOptions(output_format=self.args.output_format, tools=defs)
        generate = backend_generate(self.backend, params, options, model=self.model)
        model_params = dataclasses.asdict(params)

        def save(msg) -> None:
            role = msg.role
            reply = role == "assistant"
            self.store.messages.append(
                conv_id,
                role,
                msg.content,
                model=self.model if reply else None,
                params=message_params(msg, model_params if reply else None),
                backend=self.provenance.backend if reply else None,
                server_version=self.provenance.server_version if reply else None,
            )
            if role == "assistant" and msg.tool_calls:
                for c in msg.tool_calls:
                    print(f"[tool call] {c.name} {c.arguments}", file=sys.stderr)
            elif role == "tool":
                print(f"[tool result] {msg.name}: {msg.content[:500]}", file=sys.stderr)

        def ask(call) -> Approval:
            print(
                f"Allow {call.name}({call.arguments})? [y]es / [a]lways / [n]o / [e]dit: ",
                end="",
                file=sys.stderr,
                flush=True,
            )
            answer = sys.stdin.readline().strip().lower()
            if answer.startswith("a"):
                return Approval("always")
            if answer.startswith("e"):
                print("arguments (JSON): ", end="", file=sys.stderr, flush=True)
                return Approval("allow", sys.stdin.readline().strip())
            return Approval("allow" if answer.startswith("y") else "deny")

        external = {d.name for d in self.args.tool_defs}
        approver = approve_all if (self.args.approve_all or not self.args.mcp) else ask

        def approve(call):
            return approve_all(call) if call.name in external else approver(call)

        agent = Agent(generate, registry, approve, max_steps=self.args.max_steps, on_message=save)
        run = agent.run(history, choice)
        out.write(run.answer + "\n")
        out.flush()
        if run.message is not None:
            print(f"note: {run.message}", file=sys.stderr)
        return 1 if run.stop == "error" else 0

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


def _citations_json(injected) -> str:
    return json.dumps(
        {"type": "citations", "tokens": injected.tokens, "citations": injected.citation_dicts()},
        ensure_ascii=False,
    )


def _citations_text(injected) -> str:
    if not injected.hits:
        return "(no matching passages in the knowledge base)\n"
    lines = [f"sources ({injected.tokens} tokens of context):"]
    for c in injected.citations:
        lines.append(f"  [{c.number}] {c.path} {c.location}: {c.snippet}")
    return "\n".join(lines) + "\n"
