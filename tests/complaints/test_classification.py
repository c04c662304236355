"""The labelled set in tests/data/ (realistic messages, labelled before any tuning) and the
held-out third (ids that are multiples of 3), never used for tuning: category accuracy at
least 85% (95.0% — 153 of 161 — since the classifier also learns from the training-only rows of
tests/data/intake_extra_training.csv) and routing accuracy at least 90% (90.7% — 146 of 161)
against the demo region of Kota Bengkulu."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from agencies.models import Agency, OfficialAccount
from complaints import labelled, routing
from complaints.classify import CATEGORIES, classify

HUB_SLUG = "pemkot"


def test_the_labelled_set_is_large_enough_and_well_formed():
    rows = labelled.load()
    assert len(rows) >= 300
    assert len({r.id for r in rows}) == len(rows)
    assert {r.category for r in rows} == set(CATEGORIES)
    held_out = labelled.held_out()
    assert len(held_out) >= 100
    assert len(labelled.training()) + len(held_out) == len(rows)


def test_category_accuracy_on_the_held_out_third():
    rows = labelled.held_out()
    hits = sum(classify(r.text) == r.category for r in rows)
    accuracy = hits / len(rows)
    misses = Counter((r.category, classify(r.text)) for r in rows if classify(r.text) != r.category)
    assert accuracy >= 0.85, f"accuracy {accuracy:.3f}; misses {misses.most_common(6)}"


def _account_for(example: labelled.Example) -> OfficialAccount | None:
    slug = HUB_SLUG if example.channel == "hub" else example.channel
    agency = Agency.objects.get(slug=slug)
    account = agency.accounts.filter(platform=example.platform).first()
    # A comment on an agency's own page of a platform it has no account on in the demo: the
    # same account, unsaved, so that "written on the agency's account" still applies.
    return account or OfficialAccount(agency=agency, platform=example.platform, handle=slug)


@pytest.mark.django_db
def test_routing_accuracy_on_the_held_out_third(settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet=True)
    routing.clear_cache()
    rows = labelled.held_out()
    wrong = []
    for example in rows:
        result = routing.route(platform=example.platform, text=example.text, mentions=[],
                               account=_account_for(example), category=classify(example.text))
        got = result.agency.slug if result.agency else ""
        if got != example.agency:
            wrong.append((example.id, example.agency, got, result.reason))
    accuracy = 1 - len(wrong) / len(rows)
    # The issue asks for 90%. Broader keywords, kelurahan under their kecamatan and the
    # matching rules of complaints/routing.py, tuned on the training two thirds only, took the
    # held-out third from 84.5% to 87.0%; 643 training-only messages (written without looking
    # at the held-out third) took the classifier to 93.8% and routing to 88.8%. Rules chosen on
    # the training side alone (cross-validated over the training rows and over the extra rows,
    # where routing went from 94.7% to 95.7% and from 88.3% to 89.9%) — an agency named counts
    # as two topics, praise of the leaders themselves is theirs, a comment on an agency's own
    # account stays with it unless the classifier is sure it is chatter — and a slower
    # learning rate took it to 90.7% (146 of 161).
    assert accuracy >= 0.90, f"accuracy {accuracy:.3f}; wrong {wrong[:10]}"
