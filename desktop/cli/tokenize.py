"""`tessera tokenize`: ids, pieces and byte offsets of a text in one or more tokenizers."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.cli.terminal import shown

DEFAULT_TOKENIZER = "tiktoken:o200k_base"
# Token by token, 2 MB is ~800,000 rows (seconds to tokenize, ~10 s to print); 20 MB took
# minutes and 1 GB. Larger texts: split them.
MAX_INPUT_BYTES = 2_000_000


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "tokenize",
        help="show how tokenizers cut a text (ids, pieces, byte offsets)",
        description="Tokenize TEXT (or standard input with '-') with each --tokenizer and print "
        "every token's id, piece and byte offsets, then the counts. Ids are exactly llama.cpp's "
        "(for model:PATH) and tiktoken's (for tiktoken:NAME).",
    )
    parser.add_argument(
        "--tokenizer",
        "-t",
        action="append",
        metavar="SPEC",
        help="model:PATH.gguf (the model's own vocabulary; no weights are loaded), "
        "tiktoken:NAME (o200k_base, cl100k_base, p50k_base, r50k_base, or a .tiktoken file) "
        "or backend:NAME (a saved server's own tokenizer; an estimate when it has none); "
        f"repeat to compare. Default: {DEFAULT_TOKENIZER}",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--no-parse-special",
        action="store_true",
        help="treat text like <|im_start|> as plain characters, not control tokens",
    )
    parser.add_argument(
        "--no-add-special",
        action="store_true",
        help="do not add the tokens a model adds by itself (e.g. BOS)",
    )
    parser.add_argument(
        "--offline", action="store_true", help="never download a missing tiktoken encoding"
    )
    parser.add_argument("text", metavar="TEXT", help="the text, or '-' to read standard input")
    parser.set_defaults(handler=run)


class InputTooLarge(Exception):
    pass


def _read_input(arg: str) -> tuple[str, int]:
    """The text and how many invalid UTF-8 bytes were replaced; InputTooLarge past the cap
    (standard input is read no further than that)."""
    if arg != "-":
        if (
            len(arg) > MAX_INPUT_BYTES // 4
            and len(arg.encode("utf-8", "replace")) > MAX_INPUT_BYTES
        ):
            raise InputTooLarge
        return arg, 0
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLarge
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = data.decode("utf-8", "replace")
        return text, text.count("\ufffd") - data.count("\ufffd".encode())


def _token_row(span) -> dict:
    return {
        "index": span.index,
        "id": span.id,
        "piece": span.piece,
        "bytes": span.hex,
        "kind": span.kind,
        "start": span.start,
        "end": span.end,
    }


def run(args: argparse.Namespace, paths) -> int:
    from desktop.core.tokenizers import TiktokenCache, TokenizerError, TokenizerRegistry

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        text, replaced = _read_input(args.text)
    except InputTooLarge:
        print(
            f"error: the text is larger than {MAX_INPUT_BYTES / 1e6:g} MB, the most tessera "
            "tokenize shows token by token (reading stopped there); split it into parts",
            file=sys.stderr,
        )
        return 2
    if replaced:
        print(
            f"warning: the input is not valid UTF-8; {replaced} invalid byte sequence(s) were "
            "replaced by U+FFFD",
            file=sys.stderr,
        )
    specs = args.tokenizer or [DEFAULT_TOKENIZER]
    backends = _Backends(paths) if any(s.startswith("backend:") for s in specs) else None
    registry = TokenizerRegistry(
        TiktokenCache.for_data_paths(paths, allow_download=not args.offline),
        backends.open if backends is not None else None,
    )
    results = []
    try:
        for spec in specs:
            try:
                tokenizer = _tokenizer(registry, spec)
                result = tokenizer.tokenize(
                    text,
                    parse_special=not args.no_parse_special,
                    add_special=not args.no_add_special,
                )
            except TokenizerError as exc:
                print(f"error: {spec}: {exc}", file=sys.stderr)
                return 1
            results.append((spec, result))
        try:
            if args.json:
                _print_json(text, results)
            else:
                _print_table(results)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the reader has what it wanted
            sys.stdout = None  # type: ignore[assignment]  # no flush error at exit
    finally:
        registry.close()
        if backends is not None:
            backends.close()
    return 0


class _Backends:
    """Saved backends for `backend:NAME` specs, opened only when one is asked for."""

    def __init__(self, paths) -> None:
        self._paths = paths
        self._store: Any = None
        self._registry: Any = None

    def open(self, name: str) -> Any:
        from desktop.cli.backend_option import open_registry
        from desktop.core.store import StoreError, open_store
        from desktop.core.tokenizers import TokenizerError

        if self._registry is None:
            try:
                self._store = open_store(self._paths)
            except StoreError as exc:
                raise TokenizerError(str(exc)) from exc
            self._registry = open_registry(self._store)
        return self._registry.open(name)

    def close(self) -> None:
        if self._registry is not None:
            self._registry.close()
            self._store.close()


def _tokenizer(registry, spec: str):
    """The tokenizer for `spec`; for a server without one, the estimate, said on stderr."""
    from desktop.core.backends.errors import BackendError
    from desktop.core.tokenizers import TokenizerError, parse_spec

    parsed = parse_spec(spec)
    if parsed.kind != "backend":
        return registry.get(spec)
    try:
        tokenizer, note = registry.for_backend(parsed.target)
    except BackendError as exc:
        raise TokenizerError(str(exc)) from exc
    if note is not None:
        print(f"note: {spec}: {note}", file=sys.stderr)
    return tokenizer


def _print_json(text: str, results) -> None:
    """One JSON document, written token row by token row: a long text never becomes a
    million dicts in memory at once."""
    first = results[0][1].counts
    out = sys.stdout
    out.write("{\n")
    out.write(f' "text": {json.dumps(text, ensure_ascii=False)},\n')
    out.write(f' "bytes": {len(text.encode("utf-8"))},\n "characters": {len(text)},\n')
    out.write(' "results": [')
    for number, (spec, result) in enumerate(results):
        ratio = result.counts.ratio_to(first)
        head = {
            "tokenizer": spec,
            "name": result.tokenizer.name,
            "ids": list(map(int, result.ids)),
            "counts": {
                "tokens": result.counts.tokens,
                "characters": result.counts.characters,
                "bytes": result.counts.bytes,
                "chars_per_token": round(result.counts.chars_per_token, 4),
                "ratio_to_first": None if ratio is None else round(ratio, 4),
            },
        }
        out.write(",\n  " if number else "\n  ")
        out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "tokens": [')
        for index, span in enumerate(result.spans()):
            out.write(",\n   " if index else "\n   ")
            out.write(json.dumps(_token_row(span), ensure_ascii=False))
        out.write("\n  ]}")
    out.write("\n ]\n}\n")


def _print_table(results) -> None:
    first_spec, first = results[0]
    for number, (spec, result) in enumerate(results):
        counts = result.counts
        if number:
            print()
        print(f"{spec} ({result.tokenizer.name})")
        print(f"{'#':>6} {'id':>7}  {'bytes':<13} {'kind':<8} {'text':<16} piece in vocabulary")
        for span in result.spans():
            offsets = f"{span.start}-{span.end}"
            kind = "" if span.kind == "normal" else span.kind
            text = _shown_text(span.raw)
            piece = json.dumps(span.piece, ensure_ascii=False)
            piece = "" if piece == text else piece
            row = f"{span.index:>6} {span.id:>7}  {offsets:<13} {kind:<8} {text:<16} {piece}"
            print(shown(row.rstrip(), one_line=True))
        line = (
            f"{_plural(counts.tokens, 'token')}, {_plural(counts.characters, 'character')}, "
            f"{_plural(counts.bytes, 'byte')}, "
            f"{counts.chars_per_token:.2f} characters/token"
        )
        ratio = counts.ratio_to(first.counts)
        if number and ratio is not None:
            line += f", {ratio:.2f}x the tokens of {first_spec}"
        print(line)


def _shown_text(raw: bytes) -> str:
    """The token's text, quoted; its bytes in hex when it is only part of a character."""
    try:
        return json.dumps(raw.decode("utf-8"), ensure_ascii=False)
    except UnicodeDecodeError:
        return "[" + raw.hex(" ").upper() + "]"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
