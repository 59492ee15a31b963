"""`tessera` command line: global options, then one subcommand module per feature.

Nothing heavy is imported here: each subcommand module registers its parser with argparse only
and imports Qt, SQLAlchemy or llama_cpp inside its handler. `tessera bench` must run from a plain
checkout with only llama_cpp and numpy importable.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from desktop import __version__
from desktop.core.logs import DEFAULT_LEVEL, LEVELS

# Each module defines `register(subparsers)`; the parser it adds sets `handler(args, paths) -> int`.
SUBCOMMAND_MODULES = (
    "desktop.cli.chat",
    "desktop.cli.complete",
    "desktop.cli.history",
    "desktop.cli.models",
    "desktop.cli.tokenize",
    "desktop.cli.templates",
    "desktop.cli.experiment",
    "desktop.cli.compare",
    "desktop.cli.bench",
    "desktop.cli.knowledge",
    "desktop.cli.backends",
    "desktop.cli.serve",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tessera",
        description="Tessera: a desktop playground for local LLMs. Without a subcommand, "
        "opens the main window.",
    )
    parser.add_argument("--version", action="store_true", help="print versions and GPU support")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where chats, models and caches live (default: $TESSERA_DATA_DIR or the "
        "platform's user data folder)",
    )
    parser.add_argument(
        "--self-test", action="store_true", help="check this installation and exit 0 or 1"
    )
    parser.add_argument(
        "--log-level",
        choices=LEVELS,
        default=DEFAULT_LEVEL,
        help="what goes to the log file <data dir>/logs/tessera.log (default: %(default)s)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def print_version() -> int:
    from desktop.core.engine.buildinfo import describe_build

    info = describe_build()
    print(f"Tessera {__version__}")
    print(f"llama-cpp-python {info.llama_cpp_python}")
    print(f"llama.cpp {info.llama_cpp}")
    print(f"backends: {', '.join(info.backends) or 'none found'}")
    devices = [f"{d.name} ({d.description})" for d in info.devices if d.kind != "CPU"]
    print(f"GPU devices: {', '.join(devices) or 'none'}")
    offload = "yes" if info.gpu_offload else "no (CPU-only build; see README, 'GPU')"
    print(f"GPU offload: {offload}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
        if sys.stdout is not None:
            sys.stdout.flush()  # here, not at exit, where a closed pipe can only be reported
        return code
    except BrokenPipeError:
        # `tessera ... | head`: the reader has what it wanted. Later writes (and the flush at
        # exit) go nowhere instead of printing a traceback; 141 is what a shell reports for
        # a command ended by SIGPIPE.
        _silence_stdout()
        return 141


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (embedded, tests)
        pass


def _main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from desktop.core.paths import DataPaths

    paths = DataPaths.resolve(args.data_dir)
    if args.version:
        return print_version()
    if args.self_test:  # checks an installation: leaves the user's data folder alone
        from desktop.selftest import run_self_test

        return run_self_test()
    from desktop.core.logs import configure_logging

    configure_logging(paths, args.log_level)
    log = logging.getLogger("tessera")
    log.info("Tessera %s: %s", __version__, args.command or "window")
    handler = getattr(args, "handler", None)
    if handler is None:
        from desktop.app import run_app

        return run_app(paths, sys.argv[:1])
    try:
        return int(handler(args, paths) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        log.info("tessera %s finished", args.command)
