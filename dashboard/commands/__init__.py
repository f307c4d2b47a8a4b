"""Sub-commands of `python -m dashboard`, one module each (see dashboard/cli.py)."""
