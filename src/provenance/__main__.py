"""`python -m provenance` runs the command line."""
from .cli import main

main()
