"""``manage.py export_programme SLUG [--output FILE]``: a programme back as YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from admissions.catalogue.exporter import export_programme
from admissions.catalogue.models import Programme


class Command(BaseCommand):
    help = "Write a programme as YAML, in the format load_programmes reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the programme's slug, e.g. post-master-ai")
        parser.add_argument("--output", "-o", metavar="FILE", help="write here, not to stdout")

    def handle(self, *args: Any, slug: str, output: str | None, **options: Any) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            slugs = Programme.objects.order_by("slug").values_list("slug", flat=True)
            known = ", ".join(slugs) or "none (load some with load_programmes first)"
            raise CommandError(f"Unknown programme '{slug}'. Known programmes: {known}.")
        text = export_programme(programme)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"{slug}: written to {output}")
        else:
            self.stdout.write(text, ending="")
