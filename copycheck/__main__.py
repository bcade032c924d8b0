"""`python -m copycheck` runs the command line."""

from .cli import main

main()
