"""The `liandong` command: Django's manage.py plus the operator's verbs (serve, worker, demo,
audit verify, bootstrap) and ``screen`` (clue screening, which needs no database)."""

import os
import sys


def main(argv: list[str] | None = None) -> int | None:
    argv = argv if argv is not None else sys.argv
    if argv[1:2] == ["screen"]:  # plain library: no settings, no database
        from liandong.screening.cli import main as screen

        return screen(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liandong.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    sys.exit(main())
