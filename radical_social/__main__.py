"""``python -m radical_social`` runs the command line."""

from radical_social.cli import main

main()
