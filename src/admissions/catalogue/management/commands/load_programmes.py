"""``manage.py load_programmes PATH…``: load programme YAML files (or folders of them).

All files are checked before anything is written, and written in one transaction: one invalid
file loads nothing. Each problem goes to stderr with its file, line and field; the exit status
is then 1. Loading the same files again prints "unchanged" and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from admissions.catalogue.services import ProgrammeConfigError, load_programme_files


class Command(BaseCommand):
    help = (
        "Create or update programmes from YAML files or folders of them (programmes/). "
        "All or nothing: an invalid file loads nothing. See docs/programmes.md for the format."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a .yaml file or a folder")

    def handle(self, *args: Any, paths: list[str], **options: Any) -> None:
        try:
            report = load_programme_files(paths, stdout=self.stdout)
        except ProgrammeConfigError as error:
            for issue in error.issues:
                self.stderr.write(str(issue))
            count = len(error.issues)
            noun = "problem" if count == 1 else "problems"
            raise CommandError(
                f"{count} {noun} found in the programme files; nothing was loaded."
            ) from None
        if not report.changed:
            self.stdout.write("Nothing to change.")
