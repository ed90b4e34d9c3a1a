"""The packaged app's entry point: the same ``main`` that pip installs."""

import sys

from journal.cli import main

if __name__ == "__main__":
    sys.exit(main())
