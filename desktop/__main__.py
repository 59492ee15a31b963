"""`python -m desktop` runs the same entry point as the `tessera` script."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
