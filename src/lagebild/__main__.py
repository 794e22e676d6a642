"""`python -m lagebild` is the `lagebild` command."""

from lagebild.cli import main

main()
