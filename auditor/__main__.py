"""`python -m auditor …` runs the `auditor` command."""

import sys

from auditor.cli import main

if __name__ == "__main__":
    sys.exit(main())
