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
