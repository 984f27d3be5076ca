"""`python -m yieldsim`: the `yieldsim` command, for environments without its script on PATH."""

import sys

from yieldsim.cli import main

if __name__ == "__main__":
    sys.exit(main())
