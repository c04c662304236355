from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from auditlog.context import set_actor
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from agencies.importing import import_file


class Command(BaseCommand):
    help = (
        "Register or update agencies from a CSV or XLSX file, one row per agency (header on "
        "row 1; required columns name, short_name, slug, kind). Rows are upserted by slug, so "
        "importing the same file again changes nothing. Accounts and routing keywords missing "
        "from the file are reported, never deleted. All or nothing: on any error nothing is "
        "imported and every error names its row and column."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")
        parser.add_argument("--actor", help="E-mail of the person the audit log names.")

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["file"]  # type: ignore[assignment]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user with e-mail {options['actor']}")
        with set_actor(actor) if actor else nullcontext():
            report = import_file(path.read_bytes(), path.name, actor=actor,
                                 dry_run=bool(options["dry_run"]))
        for line in report.summary_lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{path.name}: nothing imported ({len(report.errors)} error(s)).")

