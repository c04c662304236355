"""The workspace pages: the inbox (filters, search, keyset pages, new rows since the page was
shown), the complaint page and its actions, with their negative cases — anonymous people go
to sign-in, outsiders and other agencies get 404, people who may see but not act get 403,
bad input 400, a stale version 409 with the new state."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import actions
from complaints.models import (
    Channel,
    Complaint,
    Dispatch,
    DispatchStatus,
    EventKind,
    Notification,
    NotificationKind,
    Purpose,
    Status,
)
from tests.factories import ComplaintFactory, ReplyTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(agency_a, staff_a, head_a):
    return ComplaintFactory(agency=agency_a, text="Drainase mampet di Jalan Sudirman, air masuk rumah warga.",
                            author_name="Ibu Sari", author_handle="sari_bkl")


def _url(complaint: Complaint, action: str | None = None) -> str:
    if action:
        return reverse("complaints:action", args=[complaint.number, action])
    return reverse("complaints:detail", args=[complaint.number])


def _numbers(response) -> list[str]:
    return re.findall(r'data-number="(SGP-\d{4}-\d{6})"', response.content.decode())


# --- Gates ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["complaints:inbox", "complaints:inbox_fresh"])
def test_anonymous_people_are_sent_to_sign_in(client_for, path):
    response = client_for(None).get(reverse(path))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anonymous_on_a_complaint_go_to_sign_in(client_for, complaint):
    response = client_for(None).get(_url(complaint))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client_for(None).post(_url(complaint, "resolve"), {"version": complaint.version})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED


def test_outsiders_get_404_everywhere(client_for, outsider, complaint):
    client = client_for(outsider)
    assert client.get(reverse("complaints:inbox")).status_code == 404
    assert client.get(_url(complaint)).status_code == 404
    assert client.post(_url(complaint, "note"), {"text": "halo"}).status_code == 404
    assert not complaint.events.filter(kind=EventKind.NOTE).exists()


def test_staff_of_another_agency_get_404_on_the_complaint(client_for, staff_b, complaint):
    client = client_for(staff_b)
    assert client.get(_url(complaint)).status_code == 404
    assert client.post(_url(complaint, "resolve"), {"version": complaint.version}).status_code == 404
    assert complaint.number not in client.get(reverse("complaints:inbox")).content.decode()


@pytest.mark.parametrize("action,data", [
    ("reply", {"text": "Terima kasih", "key": "k1"}),
    ("assign", {"version": 1}),
    ("hold", {"version": 1, "reason": "x"}),
    ("resolve", {"version": 1}),
    ("not_ours", {"version": 1, "reason": "x"}),
])
def test_the_mayors_office_may_see_but_not_do_the_agencys_work(client_for, leader, complaint, action, data):
    client = client_for(leader)
    assert client.get(_url(complaint)).status_code == 200
    assert client.post(_url(complaint, action), data).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED and complaint.version == 1


def test_unknown_actions_and_wrong_methods(client_for, staff_a, complaint):
    client = client_for(staff_a)
    assert client.post(_url(complaint, "explode"), {}).status_code == 404
    assert client.get(_url(complaint, "resolve")).status_code == 405
    assert client.post(reverse("complaints:inbox")).status_code == 405


# --- Inbox ----------------------------------------------------------------------------------


def test_staff_see_their_agencys_open_complaints(client_for, staff_a, agency_a, agency_b, complaint):
    ComplaintFactory(agency=agency_b)
    done = ComplaintFactory(agency=agency_a, status=Status.RESOLVED)
    response = client_for(staff_a).get(reverse("complaints:inbox"))
    assert response.status_code == 200
    assert _numbers(response) == [complaint.number]
    all_statuses = client_for(staff_a).get(reverse("complaints:inbox"), {"status": "all"})
    assert set(_numbers(all_statuses)) == {complaint.number, done.number}


def test_leader_sees_the_region_with_an_agency_filter(client_for, leader, agency_a, agency_b, complaint):
    other = ComplaintFactory(agency=agency_b)
    client = client_for(leader)
    assert set(_numbers(client.get(reverse("complaints:inbox")))) == {complaint.number, other.number}
    only_b = client.get(reverse("complaints:inbox"), {"agency": agency_b.slug})
    assert _numbers(only_b) == [other.number]


def test_comms_triage_queue(client_for, comms, complaint):
    waiting = ComplaintFactory(agency=None, status=Status.TRIAGE)
    response = client_for(comms).get(reverse("complaints:inbox"), {"status": "triage"})
    assert _numbers(response) == [waiting.number]


def test_filters_platform_category_mine_unassigned_overdue_period(client_for, staff_a, agency_a, complaint):
    now = timezone.now()
    on_ig = ComplaintFactory(agency=agency_a, platform="instagram", category="question")
    late = ComplaintFactory(agency=agency_a, due_at=now - timedelta(minutes=30), received_at=now - timedelta(days=40))
    actions.complaint_assign(complaint=on_ig, assignee=staff_a, actor=staff_a, expected_version=on_ig.version)
    client = client_for(staff_a)
    inbox = reverse("complaints:inbox")
    assert _numbers(client.get(inbox, {"platform": "instagram"})) == [on_ig.number]
    assert _numbers(client.get(inbox, {"category": "question"})) == [on_ig.number]
    assert _numbers(client.get(inbox, {"mine": "on"})) == [on_ig.number]
    assert set(_numbers(client.get(inbox, {"unassigned": "on"}))) == {complaint.number, late.number}
    assert _numbers(client.get(inbox, {"overdue": "on"})) == [late.number]
    assert late.number not in _numbers(client.get(inbox, {"period": "month"}))


def test_search_text_author_and_number(client_for, staff_a, agency_a, complaint):
    other = ComplaintFactory(agency=agency_a, text="Sampah menumpuk di pasar", author_name="Budi")
    client = client_for(staff_a)
    inbox = reverse("complaints:inbox")
    assert _numbers(client.get(inbox, {"q": "drainase"})) == [complaint.number]
    assert _numbers(client.get(inbox, {"q": "Sampah pasar"})) == [other.number]
    assert _numbers(client.get(inbox, {"q": "sari"})) == [complaint.number]
    assert _numbers(client.get(inbox, {"q": other.number.lower()})) == [other.number]
    assert _numbers(client.get(inbox, {"q": "banjir"})) == []


def test_bad_filters_are_a_400(client_for, staff_a):
    response = client_for(staff_a).get(reverse("complaints:inbox"), {"status": "bogus"})
    assert response.status_code == 400
    response = client_for(staff_a).get(reverse("complaints:inbox_fresh"), {"since": "abc"})
    assert response.status_code == 400


def _pagination(response) -> str:
    """The page's own pager (the language switcher also carries the current URL)."""
    body = response.content.decode()
    start = body.find('class="pagination"')
    return body[start:body.find("</nav>", start)] if start >= 0 else ""


def test_keyset_pages_walk_forward_and_back_without_repeats(client_for, staff_a, agency_a, settings):
    start = timezone.now() - timedelta(hours=1)
    made = [ComplaintFactory(agency=agency_a, received_at=start + timedelta(minutes=i % 7)) for i in range(60)]
    expected = [c.number for c in sorted(made, key=lambda c: (c.received_at, c.pk), reverse=True)]
    client = client_for(staff_a)
    seen: list[str] = []
    response = client.get(reverse("complaints:inbox"))
    pages = [response]
    for _round in range(6):  # bounded: a cursor that does not move must fail, not hang
        seen += _numbers(response)
        found = re.search(r'href="\?[^"]*after=([\w-]+)"', _pagination(response))
        if not found:
            break
        response = client.get(reverse("complaints:inbox"), {"after": found.group(1)})
        pages.append(response)
    assert seen == expected and len(pages) == 3
    assert "60" in pages[0].content.decode()
    # Back from the last page.
    back = re.search(r'href="\?[^"]*before=([\w-]+)"', _pagination(pages[-1])).group(1)
    assert _numbers(client.get(reverse("complaints:inbox"), {"before": back})) == expected[25:50]
    # A cursor we did not make starts at the top.
    assert _numbers(client.get(reverse("complaints:inbox"), {"after": "nonsense"})) == expected[:25]


def test_the_count_stops_at_a_thousand(settings, client_for, staff_a, agency_a, monkeypatch):
    from complaints import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    for _ in range(5):
        ComplaintFactory(agency=agency_a)
    body = client_for(staff_a).get(reverse("complaints:inbox")).content.decode()
    assert "3+" in body


def test_a_pasted_long_search_is_cut_not_refused(client_for, staff_a, complaint):
    pasted = (complaint.text + " ") * 10  # a citizen's message pasted in, over 200 characters
    assert len(pasted) > 400
    response = client_for(staff_a).get(reverse("complaints:inbox"), {"q": pasted})
    assert response.status_code == 200
    assert _numbers(response) == [complaint.number]
    body = response.content.decode()
    assert 'maxlength="200"' in body and f'value="{pasted[:200]}"' in body


def test_agency_lists_are_in_the_order_of_the_names_they_show(client_for, leader, staff_a, complaint):
    from agencies.models import Agency
    from tests.factories import AgencyFactory

    AgencyFactory(name="Badan Kesatuan Bangsa dan Politik", short_name="Kesbangpol", slug="kesbangpol")
    AgencyFactory(name="Bagian Umum", short_name="Bag. Umum", slug="bagian-umum")
    names = list(Agency.objects.filter(is_active=True).order_by("name").values_list("name", flat=True))
    inbox = client_for(leader).get(reverse("complaints:inbox")).content.decode()
    shown = re.findall(r'<option value="[\w-]+">([^<]+)</option>', inbox[inbox.find('name="agency"'):])
    assert shown[:len(names)] == names
    form = client_for(staff_a).get(f"/complaints/{complaint.number}/handoff/form/", {"version": 1}).content.decode()
    offered = re.findall(r'<option value="[\w-]+">([^<]+)</option>', form[form.find('name="agency"'):])
    assert offered == [n for n in names if n != complaint.agency.name]


def test_archiving_asks_for_a_reason_none_is_chosen_beforehand(client_for, staff_a, complaint):
    client = client_for(staff_a)
    form = client.get(f"/complaints/{complaint.number}/archive/form/", {"version": 1}).content.decode()
    assert '<option value="" selected>— pilih alasan —</option>' in form
    refused = client.post(_url(complaint, "archive"), {"version": complaint.version, "reason": ""})
    assert refused.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status != "archived"
    done = client.post(_url(complaint, "archive"), {"version": complaint.version, "reason": "duplicate"})
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "archived"


def test_new_complaints_since_the_page_was_shown(client_for, staff_a, agency_a, agency_b, complaint):
    client = client_for(staff_a)
    page = client.get(reverse("complaints:inbox")).content.decode()
    since = re.search(r'data-since="(\d+)"', page).group(1)
    assert int(since) == complaint.pk
    assert '<span id="inbox-fresh-count"></span>' in page  # filled in by the polls
    fresh_url = reverse("complaints:inbox_fresh")
    nothing = client.get(fresh_url, {"since": since})
    assert _numbers(nothing) == []
    assert '<span id="inbox-fresh-count" hx-swap-oob="true"></span>' in nothing.content.decode()
    new = ComplaintFactory(agency=agency_a)
    ComplaintFactory(agency=agency_b)  # not theirs
    response = client.get(fresh_url, {"since": since, "status": "open"})
    assert response.status_code == 200
    assert _numbers(response) == [new.number]
    body = response.content.decode()
    assert f"since={since}" in body  # keeps polling from the same point
    assert '<span id="inbox-fresh-count" hx-swap-oob="true"> · 1 baru sejak halaman dibuka</span>' in body


def test_htmx_filtering_returns_only_the_results(client_for, staff_a, complaint):
    response = client_for(staff_a).get(reverse("complaints:inbox"), {"q": "drainase"},
                                       HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-results")
    body = response.content.decode()
    assert "<html" not in body and complaint.number in body


# --- The complaint page -----------------------------------------------------------------------


def test_the_complaint_page_shows_thread_timeline_and_actions(client_for, staff_a, head_a, agency_a, complaint):
    ReplyTemplateFactory(agency=agency_a, title="Terima kasih")
    response = client_for(staff_a).get(_url(complaint))
    assert response.status_code == 200
    body = response.content.decode()
    assert complaint.text in body and complaint.url in body and "pf-x" in body
    assert f"Terima kasih, Kak Ibu Sari. Aduan {complaint.number}" in body  # template rendered for this complaint
    assert 'data-char-limit="280"' in body
    for action in ("assign", "hold", "resolve", "handoff", "not_ours", "archive", "merge", "category"):
        assert f'id="action-{action}"' in body, action
        # Each form is fetched when opened, against the version this page shows.
        assert f'{_form_url(complaint, action)}?version={complaint.version}"' in body, action
    assert 'name="assignee"' not in body and 'name="agency"' not in body
    assert f"@{actions.mention_handle(head_a)}" in body


def _form_url(complaint: Complaint, action: str) -> str:
    return reverse("complaints:action_form", args=[complaint.number, action])


def test_an_action_form_is_fetched_with_the_version_the_page_showed(client_for, staff_a, head_a, agency_b, complaint):
    client = client_for(staff_a)
    response = client.get(_form_url(complaint, "assign"), {"version": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and 'name="version" value="1"' in body
    assert f'<option value="{head_a.pk}">' in body and f'action="{_url(complaint, "assign")}"' in body
    # Someone else changed it after the page was shown: the form still carries the old version,
    # so sending it is caught as a conflict rather than applied blindly.
    actions.complaint_hold(complaint=complaint, actor=head_a, reason="menunggu foto", expected_version=1)
    body = client.get(_form_url(complaint, "handoff"), {"version": 1}, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="version" value="1"' in body and agency_b.name in body
    assert client.post(_url(complaint, "handoff"), {"version": 1, "agency": agency_b.slug,
                                                     "reason": "urusan DLH"}).status_code == 409
    # Without JavaScript the link opens the form as a page of its own.
    page = client.get(_form_url(complaint, "category"), {"version": "x"})
    assert page.status_code == 200 and "<html" in page.content.decode()
    complaint.refresh_from_db()
    assert f'name="version" value="{complaint.version}"' in page.content.decode()


def test_action_forms_have_the_gates_of_their_actions(client_for, outsider, staff_b, leader, complaint):
    url = _form_url(complaint, "resolve")
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(staff_b).get(url).status_code == 404
    assert client_for(leader).get(url).status_code == 403  # sees the complaint, may not resolve it
    assert client_for(leader).get(_form_url(complaint, "handoff")).status_code == 200
    assert client_for(leader).get(_form_url(complaint, "reply")).status_code == 404  # not a form of the bar
    assert client_for(leader).post(_form_url(complaint, "handoff")).status_code == 405


@pytest.mark.parametrize("action", ["handoff", "not_ours"])
def test_staff_who_pass_a_complaint_on_land_in_their_inbox(client_for, staff_a, agency_b, complaint, action):
    client = client_for(staff_a)
    response = client.post(_url(complaint, action), {"version": complaint.version, "agency": agency_b.slug,
                                                      "reason": "urusan DLH"}, follow=True)
    assert response.redirect_chain == [(reverse("complaints:inbox"), 302)]
    body = response.content.decode()
    assert f"{complaint.number} tidak lagi ada di kotak masuk OPD Anda." in body
    assert client.get(_url(complaint)).status_code == 404  # where the old redirect led


def test_a_leader_who_hands_off_stays_on_the_complaint(client_for, leader, agency_b, complaint):
    response = client_for(leader).post(_url(complaint, "handoff"), {"version": complaint.version,
                                                                    "agency": agency_b.slug, "reason": "urusan DLH"})
    assert response.status_code == 302 and response["Location"] == _url(complaint)


def test_the_leader_gets_no_reply_composer(client_for, leader, complaint):
    body = client_for(leader).get(_url(complaint)).content.decode()
    assert 'id="composer"' not in body and 'id="action-handoff"' in body and 'id="action-assign"' not in body


def test_assign_through_the_page(client_for, staff_a, head_a, complaint):
    response = client_for(staff_a).post(_url(complaint, "assign"), {"version": complaint.version, "assignee": head_a.pk})
    assert response.status_code == 302 and response["Location"] == _url(complaint)
    complaint.refresh_from_db()
    assert complaint.assignee == head_a
    assert Notification.objects.filter(user=head_a, kind=NotificationKind.ASSIGNED).exists()


def test_a_stale_version_gets_409_with_who_changed_it_and_the_typed_reason_kept(client_for, staff_a, head_a,
                                                                                complaint):
    old = complaint.version
    actions.complaint_hold(complaint=complaint, actor=head_a, reason="menunggu foto", expected_version=old)
    response = client_for(staff_a).post(_url(complaint, "not_ours"), {"version": old, "reason": "urusan provinsi"})
    assert response.status_code == 409
    body = response.content.decode()
    assert 'id="conflict"' in body and head_a.full_name in body and "menunggu foto" in body
    assert "urusan provinsi" in body  # what they typed is still there
    complaint.refresh_from_db()
    assert f'name="version" value="{complaint.version}"' in body
    assert complaint.status == Status.ON_HOLD


def test_the_timeline_says_which_status_a_complaint_went_to(client_for, staff_a, complaint):
    client = client_for(staff_a)
    client.post(_url(complaint, "hold"), {"version": complaint.version, "reason": "Menunggu jadwal alat berat"})
    body = client.get(_url(complaint)).content.decode()
    timeline = body[body.index('id="timeline"'):]
    assert "<strong>Status: Ditunda</strong>" in timeline and "Menunggu jadwal alat berat" in timeline


def test_the_composer_names_the_account_that_will_post_the_reply(client_for, staff_a, agency_a, agency_b):
    from tests.factories import OfficialAccountFactory

    own = OfficialAccountFactory(agency=agency_a, platform="x", handle="dinas_a")
    theirs = OfficialAccountFactory(agency=agency_b, platform="facebook", handle="Pemkot Contoh")
    on_own = ComplaintFactory(agency=agency_a, account=own, platform="x")
    handed_over = ComplaintFactory(agency=agency_a, account=theirs, platform="facebook")
    client = client_for(staff_a)
    assert "oleh akun OPD @dinas_a, di bawah pesan terakhir warga." in client.get(_url(on_own)).content.decode()
    body = client.get(_url(handed_over)).content.decode()
    assert "oleh Pemkot Contoh, akun yang ditulisi warga (bukan akun OPD Anda)" in body


def test_bad_input_is_a_400_and_changes_nothing(client_for, staff_a, complaint, agency_b):
    client = client_for(staff_a)
    assert client.post(_url(complaint, "hold"), {"version": complaint.version, "reason": ""}).status_code == 400
    assert client.post(_url(complaint, "handoff"), {"version": complaint.version, "agency": "nope",
                                                    "reason": "x"}).status_code == 400
    assert client.post(_url(complaint, "assign"), {"version": "x"}).status_code == 400
    assert client.post(_url(complaint, "note"), {"text": ""}).status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED and complaint.version == 1


def test_an_action_the_status_does_not_allow_is_a_409(client_for, staff_a, complaint):
    response = client_for(staff_a).post(_url(complaint, "reopen"), {"version": complaint.version, "reason": "x"})
    assert response.status_code == 409
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED


def test_note_with_a_mention_through_the_page(client_for, staff_a, head_a, complaint):
    text = f"@{actions.mention_handle(head_a)} mohon arahan"
    response = client_for(staff_a).post(_url(complaint, "note"), {"text": text})
    assert response.status_code == 302
    assert Notification.objects.get(kind=NotificationKind.MENTION).user == head_a
    body = client_for(staff_a).get(_url(complaint)).content.decode()
    assert "mohon arahan" in body


def test_merge_through_the_page_shows_both_threads(client_for, staff_a, agency_a, complaint):
    on_ig = ComplaintFactory(agency=agency_a, platform="instagram", text="Air masuk rumah, tolong cek drainase",
                             url="https://www.instagram.com/p/abc/", author_name=complaint.author_name)
    someone_else = ComplaintFactory(agency=agency_a, platform="facebook")
    body = client_for(staff_a).get(_url(complaint)).content.decode()
    hint = body[body.index("merge-hint"):]
    hint = hint[:hint.index("</p>")]
    assert on_ig.number in hint and someone_else.number not in hint  # the same citizen on another platform
    response = client_for(staff_a).post(_url(complaint, "merge"), {"version": complaint.version,
                                                                    "other": on_ig.number.lower()})
    assert response.status_code == 302
    body = client_for(staff_a).get(_url(complaint)).content.decode()
    assert "Air masuk rumah, tolong cek drainase" in body and "pf-instagram" in body
    merged = client_for(staff_a).get(_url(on_ig)).content.decode()
    assert reverse("complaints:detail", args=[complaint.number]) in merged


def test_merge_of_an_unknown_or_invisible_complaint_is_refused(client_for, staff_a, agency_b, complaint):
    theirs = ComplaintFactory(agency=agency_b, platform="instagram")
    response = client_for(staff_a).post(_url(complaint, "merge"), {"version": complaint.version,
                                                                    "other": theirs.number})
    assert response.status_code == 409
    theirs.refresh_from_db()
    assert theirs.status == Status.DISPATCHED


def test_manual_task_with_copy_button_and_done_action(client_for, staff_a, complaint):
    task = Dispatch.objects.create(complaint=complaint, purpose=Purpose.REPLY, channel=Channel.PLATFORM,
                                   key="r1", status=DispatchStatus.MANUAL, text="Terima kasih, sudah kami cek.",
                                   error="X menolak: 403")
    client = client_for(staff_a)
    body = client.get(_url(complaint)).content.decode()
    assert f'data-copy="task-text-{task.pk}"' in body and "Terima kasih, sudah kami cek." in body
    assert client.post(_url(complaint, "task_done"), {"dispatch": task.pk}).status_code == 302
    task.refresh_from_db()
    assert task.status == DispatchStatus.DONE and task.done_by == staff_a
    assert f'data-copy="task-text-{task.pk}"' not in client.get(_url(complaint)).content.decode()
    # A task of another complaint cannot be marked through this one.
    other = ComplaintFactory(agency=complaint.agency)
    foreign = Dispatch.objects.create(complaint=other, purpose=Purpose.TAG, channel=Channel.PLATFORM, key="r2",
                                      status=DispatchStatus.MANUAL)
    assert client.post(_url(complaint, "task_done"), {"dispatch": foreign.pk}).status_code == 404


def test_reply_too_long_for_x_is_refused_and_kept(client_for, staff_a, complaint):
    text = "a" * 281
    response = client_for(staff_a).post(_url(complaint, "reply"), {"text": text, "key": "abc"})
    assert response.status_code == 409
    assert text in response.content.decode()
    assert not complaint.dispatches.exists()


def test_comms_dispatches_a_complaint_from_triage(client_for, comms, agency_a):
    waiting = ComplaintFactory(agency=None, status=Status.TRIAGE)
    response = client_for(comms).post(_url(waiting, "handoff"), {"version": waiting.version,
                                                                 "agency": agency_a.slug, "reason": "jalan kota"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.agency == agency_a and waiting.status == Status.DISPATCHED
