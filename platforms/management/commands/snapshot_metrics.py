from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agencies.models import OfficialAccount
from platforms import metrics


class Command(BaseCommand):
    help = (
        "Store today's metric snapshots by hand, in this process, printing a line per account: "
        "followers and the posts of the last 30 days with their likes, comments, shares and "
        "views, for every active account on X, Facebook, Instagram and YouTube, or those chosen "
        "by --account. One row per account and per post per day: a second run the same day "
        "updates it. Accounts without a token are skipped (never called), paused accounts are "
        "left until their pause ends, and one account failing never stops the others."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--account", type=int, action="append", help="Account id (repeatable).")

    def handle(self, *args: object, **options: object) -> None:
        accounts = (OfficialAccount.objects.filter(is_active=True, platform__in=metrics.METRICS_PLATFORMS)
                    .select_related("agency").order_by("platform", "handle"))
        if options["account"]:
            accounts = accounts.filter(pk__in=options["account"])
        accounts = list(accounts)
        if not accounts:
            raise CommandError("No active account on X, Facebook, Instagram or YouTube matches.")
        stored = 0
        for n, account in enumerate(accounts, start=1):
            try:
                outcome = metrics.account_metrics_snapshot(account_id=account.pk)
            except Exception as exc:  # report and go on with the next account
                line = f"error {type(exc).__name__}: {exc}"
            else:
                if outcome.status == "stored":
                    stored += 1
                    line = (f"stored: {outcome.followers if outcome.followers is not None else '?'} followers, "
                            f"{outcome.posts} posts ({outcome.new_posts} new, {outcome.removed} removed)")
                else:
                    line = outcome.status
                    if outcome.detail:
                        line += f" ({outcome.detail})"
            self.stdout.write(f"[{n}/{len(accounts)}] {account} · {account.agency.short_name}: {line}")
        self.stdout.write(f"Accounts snapshotted: {stored} of {len(accounts)}.")
