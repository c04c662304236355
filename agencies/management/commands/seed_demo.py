from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import seed_demo_people, seed_demo_reply_templates
from agencies.demo_data import DEMO_AGENCIES
from agencies.importing import import_records


class Command(BaseCommand):
    help = (
        "Load the embedded demo: the structure of Pemerintah Kota Bengkulu (dinas, badan, Setda "
        "bagian, the nine kecamatan, kelurahan, RSUD, PDAM, the mayor's office) with fictional "
        "heads, handles and accounts, and one demo login per role. Idempotent: running it again "
        "changes nothing. Refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo creates logins with a published password: not with DEBUG off.")
        records = [{**row, "__row__": str(i)} for i, row in enumerate(DEMO_AGENCIES, start=2)]
        report = import_records(records)
        if not report.ok:
            raise CommandError("Demo data is invalid:\n" + "\n".join(report.summary_lines()))
        people = seed_demo_people()
        seed_demo_reply_templates()
        # The demo's accounts are connected to the fake platform (ids and tokens it knows).
        from platforms.fake.ids import connect_demo_accounts

        connected = connect_demo_accounts()
        if not options["quiet"]:
            for line in report.summary_lines():
                self.stdout.write(line)
            self.stdout.write(f"Demo logins ready: {len(people)}; accounts newly connected to the fake platform: {connected}.")
