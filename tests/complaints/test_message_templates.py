"""The communications office edits what Sigap sends: access, validation (unknown
placeholders, the number in the public reply, X's 280 characters with the longest handle),
audit, reset to the default, and the tag really uses the new wording."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from complaints.models import MessageTemplate
from complaints.tagging import wording
from tests.factories import ComplaintFactory, OfficialAccountFactory

pytestmark = pytest.mark.django_db
LIST = "/manage/messages/"
EDIT = "/manage/messages/public_tag/"


def test_access(client, client_for, outsider, staff_a, head_a, leader, comms):
    assert client.get(LIST).status_code == 302
    assert client_for(outsider).get(LIST).status_code == 404
    for person in (staff_a, head_a, leader):
        assert client_for(person).get(LIST).status_code == 403
        assert client_for(person).post(EDIT, {"text": "x {number}"}).status_code == 403
    assert client_for(comms).get(LIST).status_code == 200
    assert client_for(comms).get("/manage/messages/nonsense/").status_code == 404
    assert not MessageTemplate.objects.exists()


def test_comms_edits_the_public_reply_and_the_tag_uses_it(client_for, comms, agency_a):
    client = client_for(comms)
    text = "Terima kasih, aduan Kakak tercatat dengan nomor {number}. {mentions} mohon ditindaklanjuti."
    response = client.post(EDIT, {"text": text})
    assert response.status_code == 302
    assert MessageTemplate.objects.get(key="public_tag").text == text
    assert LogEntry.objects.get_for_model(MessageTemplate).count() == 1
    page = client.get(LIST).content.decode()
    assert "aduan Kakak tercatat dengan nomor SGP-2026-000123. @dinaspupr_bkl @kadis_pupr" in page
    complaint = ComplaintFactory(agency=agency_a)
    assert wording(complaint, agency_a).render("public_tag").startswith(
        f"Terima kasih, aduan Kakak tercatat dengan nomor {complaint.number}.")
    client.post(EDIT, {"reset": "1"})
    assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize("text, error", [
    ("Nomor {nomor} mohon ditindaklanjuti", "{nomor}"),
    ("Mohon ditindaklanjuti {mentions}", "{number}"),
    ("Nomor {number} {", "brace"),
    ("{number} " + "x" * 250 + " {mentions}", "280"),
])
def test_bad_wording_is_refused_clearly_and_nothing_saved(client_for, comms, text, error, settings):
    OfficialAccountFactory(platform="x", handle="dinaspendidikandankebudayaan")
    client = client_for(comms)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(EDIT, {"text": text})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_the_page_lists_every_message_with_its_preview(client_for, comms):
    body = client_for(comms).get(reverse("message_templates:list")).content.decode()
    assert body.count('class="template-preview"') == 5
    assert "SGP-2026-000123" in body
