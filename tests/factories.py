from __future__ import annotations

import factory
from django.utils import timezone

from accounts.models import Membership, User
from agencies.models import Agency, OfficialAccount, RoutingRule


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"orang{n}@contoh.test")
    full_name = factory.Sequence(lambda n: f"Orang Contoh {n}")
    password = factory.django.Password("kata-sandi-uji-123")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    short_name = factory.Sequence(lambda n: f"Dinas {n}")
    slug = factory.Sequence(lambda n: f"dinas-contoh-{n}")
    kind = "dinas"
    expected_platforms = ["x", "instagram"]


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = "staff"
    started_at = factory.LazyFunction(timezone.now)


class OfficialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialAccount

    agency = factory.SubFactory(AgencyFactory)
    platform = "x"
    handle = factory.Sequence(lambda n: f"akun_{n}")


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    agency = factory.SubFactory(AgencyFactory)
    phrase = factory.Sequence(lambda n: f"kata kunci {n}")


class PersonHandleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agencies.PersonHandle"

    user = factory.SubFactory(UserFactory)
    platform = "x"
    handle = factory.Sequence(lambda n: f"orang_{n}")


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A complaint routed to an agency, with the citizen's first post as its thread."""

    class Meta:
        model = "complaints.Complaint"
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"SGP-2026-{n + 1:06d}")
    platform = "x"
    external_id = factory.Sequence(lambda n: str(1900000000000000000 + n))
    thread_key = factory.LazyAttribute(lambda c: c.external_id)
    author_id = factory.Sequence(lambda n: str(70000 + n))
    author_handle = factory.Sequence(lambda n: f"warga_{n}")
    author_name = factory.Sequence(lambda n: f"Warga {n}")
    text = "Jalan berlubang di depan SDN 12, sudah dua minggu belum ditambal."
    url = factory.LazyAttribute(lambda c: f"https://x.com/{c.author_handle}/status/{c.external_id}")
    category = "complaint"
    agency = factory.SubFactory(AgencyFactory)
    status = "dispatched"
    received_at = factory.LazyFunction(timezone.now)
    handed_at = factory.LazyAttribute(lambda c: c.received_at if c.agency else None)
    last_message_at = factory.LazyAttribute(lambda c: c.received_at)

    @factory.post_generation
    def first_post(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not False:
            from complaints.models import Message

            Message.objects.create(
                complaint=self, platform=self.platform, external_id=self.external_id, author_id=self.author_id,
                author_handle=self.author_handle, author_name=self.author_name, text=self.text, url=self.url,
                posted_at=self.received_at,
            )


class ReplyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "complaints.ReplyTemplate"

    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Templat {n}")
    text = "Terima kasih, Kak {author}. Aduan {number} sudah kami terima dan sedang kami tindak lanjuti."
