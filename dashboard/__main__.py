"""`python -m dashboard ...`: the command-line entry point."""

import sys

from dashboard.cli import main

sys.exit(main())
