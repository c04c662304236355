"""Writes about posts logged by hand. Each is one transaction; django-auditlog records who
changed what (the Post model is registered), the numbers entered become today's snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agencies.models import OfficialAccount
from platforms.models import Post, PostMetricSnapshot, PostSource


@dataclass(frozen=True)
class PostNumbers:
    """Numbers read off the platform by a person; None where not entered."""

    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    views: int | None = None

    @property
    def any(self) -> bool:
        return any(v is not None for v in (self.likes, self.comments, self.shares, self.views))


def post_numbers_record(*, post: Post, numbers: PostNumbers, now: datetime | None = None) -> PostMetricSnapshot | None:
    """Today's snapshot of a post from numbers entered by hand (entered again today: updated)."""
    if not numbers.any:
        return None
    now = now or timezone.now()
    snapshot, _created = PostMetricSnapshot.objects.update_or_create(
        post=post, taken_on=timezone.localdate(now),
        defaults={"taken_at": now, "likes": numbers.likes, "comments": numbers.comments,
                  "shares": numbers.shares, "views": numbers.views},
    )
    return snapshot


@transaction.atomic
def post_log(
    *, account: OfficialAccount, actor: User, published_at: datetime, url: str, text: str = "",
    kind: str = "post", external_id: str | None = None, numbers: PostNumbers | None = None,
) -> Post:
    """A post the agency published, logged by hand (always `source=manual`, whatever the
    platform): TikTok gives no API, and a post the reading missed can be added too."""
    post = Post.objects.create(
        account=account, platform=account.platform, external_id=external_id or None, text=text, url=url,
        published_at=published_at, kind=kind, source=PostSource.MANUAL, created_by=actor,
    )
    if numbers is not None:
        post_numbers_record(post=post, numbers=numbers)
    return post


_EDITABLE = ("account", "published_at", "url", "text", "kind", "external_id")


@transaction.atomic
def post_update(*, post: Post, actor: User, numbers: PostNumbers | None = None, **values: object) -> Post:
    """Correct a post logged by hand; only the fields that changed are saved (and audited)."""
    if post.source != PostSource.MANUAL:
        raise ValueError("Only posts logged by hand are corrected by hand.")
    unknown = set(values) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    if "external_id" in values:
        values["external_id"] = values["external_id"] or None
    changed = [name for name, value in values.items() if getattr(post, name) != value]
    for name in changed:
        setattr(post, name, values[name])
    if "account" in changed:
        post.platform = post.account.platform
        changed.append("platform")
    if changed:
        post.save(update_fields=[*changed, "updated_at"])
    if numbers is not None:
        post_numbers_record(post=post, numbers=numbers)
    return post


@transaction.atomic
def post_remove(*, post: Post, actor: User) -> Post:
    """Removed from the agency's record (kept, marked with the time): it no longer counts."""
    if post.source != PostSource.MANUAL:
        raise ValueError("Posts read from the platform are marked removed by the reading.")
    if post.removed_at is None:
        post.removed_at = timezone.now()
        post.save(update_fields=["removed_at", "updated_at"])
    return post


@transaction.atomic
def post_restore(*, post: Post, actor: User) -> Post:
    if post.source != PostSource.MANUAL:
        raise ValueError("Posts read from the platform are marked removed by the reading.")
    if post.removed_at is not None:
        post.removed_at = None
        post.save(update_fields=["removed_at", "updated_at"])
    return post
