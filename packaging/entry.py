"""Entry point of the frozen Tessera: let multiprocessing children run, then the normal CLI."""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    # The engine worker is started with the "spawn" method: inside a bundle that re-runs this
    # executable with multiprocessing's own arguments, and freeze_support() turns such a run
    # into the child process (and never returns) before our argument parser sees them.
    multiprocessing.freeze_support()
    from desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
