"""The training-only rows of tests/data/intake_extra_training.csv: well formed, labelled with
agencies that exist, and never part of the held-out third of the labelled set."""

from __future__ import annotations

from agencies.demo_data import DEMO_AGENCIES
from complaints import labelled
from complaints.classify import CATEGORIES

PLATFORMS = {"x", "instagram", "facebook", "youtube", "whatsapp"}


def test_the_extra_rows_are_well_formed():
    rows = labelled.extra_training()
    slugs = {a["slug"] for a in DEMO_AGENCIES}
    assert len(rows) >= 250
    assert len({r.id for r in rows}) == len(rows)
    assert min(r.id for r in rows) >= labelled.EXTRA_FIRST_ID
    assert {r.category for r in rows} == set(CATEGORIES)
    for r in rows:
        assert r.text.strip(), r.id
        assert r.platform in PLATFORMS, r.id
        assert r.channel == "hub" or r.channel in slugs, r.id
        assert r.agency == "" or r.agency in slugs, r.id
        if r.category == "other":
            assert r.agency == "", r.id
        if r.category == "praise":
            assert r.agency, r.id


def test_the_extra_rows_never_enter_the_held_out_third():
    extra = labelled.extra_training()
    held_out = labelled.held_out()
    assert not any(r.held_out for r in extra)
    assert {r.id for r in held_out} == {r.id for r in labelled.load() if r.id % 3 == 0}
    assert not {r.id for r in extra} & {r.id for r in labelled.load()}
    # compared by count only, so that a failure never prints a held-out message
    same_text = sum(r.text.strip().lower() in {e.text.strip().lower() for e in extra} for r in labelled.load())
    assert same_text == 0
