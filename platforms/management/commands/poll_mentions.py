from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agencies.models import OfficialAccount
from platforms import polling
from platforms.connectors.registry import connector_for


class Command(BaseCommand):
    help = (
        "Run one polling round by hand, in this process, printing a line per account: every "
        "active account of a platform Sigap polls, or those chosen by --account/--platform. "
        "Accounts without a token are skipped (never called); paused accounts are left until "
        "their pause ends; a rate limit is reported, not waited for. Items are stored and "
        "queued exactly as the scheduled job does."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--account", type=int, action="append", help="Account id (repeatable).")
        parser.add_argument("--platform", help="Only this platform (x, instagram, ...).")

    def handle(self, *args: object, **options: object) -> None:
        accounts = OfficialAccount.objects.filter(is_active=True).select_related("agency").order_by("platform", "handle")
        if options["account"]:
            accounts = accounts.filter(pk__in=options["account"])
        if options["platform"]:
            accounts = accounts.filter(platform=options["platform"])
        accounts = [a for a in accounts if connector_for(a.platform) is not None]
        if not accounts:
            raise CommandError("No pollable account matches (Sigap polls X; see docs/deploy.md).")
        total_new = 0
        for n, account in enumerate(accounts, start=1):
            try:
                outcome = polling.account_poll(account_id=account.pk)
            except Exception as exc:  # report and go on with the next account
                line = f"error {type(exc).__name__}: {exc}"
            else:
                total_new += outcome.new_items
                line = f"{outcome.status}: {outcome.items} items, {outcome.new_items} new"
                if outcome.detail:
                    line += f" ({outcome.detail})"
            self.stdout.write(f"[{n}/{len(accounts)}] {account} · {account.agency.short_name}: {line}")
        self.stdout.write(f"New items stored: {total_new}.")
