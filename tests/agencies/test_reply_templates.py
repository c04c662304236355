"""Reply templates on the agency's settings page: its head and the communications office
add, change and delete them (audited); others are kept out."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from complaints.models import ReplyTemplate

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
GOOD = {"template-title": "Sedang dicek", "template-text": "Terima kasih, {author}. Aduan {number} sedang dicek {agency}."}


@pytest.fixture
def template(agency_a, head_a, staff_a, staff_b):
    return ReplyTemplate.objects.create(agency=agency_a, title="Terima kasih", text="Terima kasih, Kak {author}.")


def urls(agency, template) -> dict[str, str]:
    slug = agency.slug
    return {
        "create": reverse("agency_settings:template_create", kwargs={"slug": slug}),
        "edit": reverse("agency_settings:template_edit", kwargs={"slug": slug, "pk": template.pk}),
        "delete": reverse("agency_settings:template_delete", kwargs={"slug": slug, "pk": template.pk}),
    }


def untouched(template) -> bool:
    template.refresh_from_db()
    return template.title == "Terima kasih" and ReplyTemplate.objects.count() == 1


def test_gates(agency_a, template, client_for, outsider, staff_a, staff_b, leader):
    u = urls(agency_a, template)
    anonymous = client_for(None)
    assert anonymous.post(u["create"], GOOD)["Location"].startswith(LOGIN)
    assert anonymous.get(u["edit"])["Location"].startswith(LOGIN)
    for person, status in ((outsider, 404), (staff_b, 404), (staff_a, 403), (leader, 403)):
        client = client_for(person)
        assert client.post(u["create"], GOOD).status_code == status
        assert client.get(u["edit"]).status_code == status
        assert client.post(u["edit"], GOOD).status_code == status
        assert client.post(u["delete"]).status_code == status
    assert untouched(template)


def test_another_agencys_template_is_404_through_this_agencys_address(agency_a, agency_b, client_for, head_a):
    other = ReplyTemplate.objects.create(agency=agency_b, title="DLH", text="Terima kasih.")
    u = urls(agency_a, other)
    client = client_for(head_a)
    assert client.get(u["edit"]).status_code == 404
    assert client.post(u["delete"]).status_code == 404
    assert ReplyTemplate.objects.filter(pk=other.pk).exists()


def test_wrong_methods(agency_a, template, client_for, head_a):
    u = urls(agency_a, template)
    assert client_for(head_a).get(u["create"]).status_code == 405
    assert client_for(head_a).get(u["delete"]).status_code == 405


@pytest.mark.parametrize("persona", ["head_a", "comms"])
def test_add_change_and_delete_audited(persona, agency_a, template, client_for, request):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    u = urls(agency_a, template)
    page = client.get(reverse("agency_settings:page", kwargs={"slug": agency_a.slug}))
    assert "Terima kasih, Kak {author}." in page.content.decode()

    assert client.post(u["create"], GOOD).status_code == 302
    created = ReplyTemplate.objects.get(title="Sedang dicek")
    assert created.agency == agency_a
    assert LogEntry.objects.get_for_object(created).filter(actor=user, action=LogEntry.Action.CREATE).exists()

    assert client.post(u["edit"], {"template-title": "Terima kasih banyak",
                                   "template-text": "Terima kasih, {author}."}).status_code == 302
    template.refresh_from_db()
    assert (template.title, template.text) == ("Terima kasih banyak", "Terima kasih, {author}.")
    entry = LogEntry.objects.get_for_object(template).filter(actor=user, action=LogEntry.Action.UPDATE).get()
    assert "title" in entry.changes_dict

    template_pk = template.pk
    assert client.post(u["delete"]).status_code == 302
    assert not ReplyTemplate.objects.filter(pk=template_pk).exists()
    assert LogEntry.objects.filter(object_pk=str(template_pk), action=LogEntry.Action.DELETE, actor=user).exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"template-title": "", "template-text": "x"}, "title"),
    ({"template-title": "Baru", "template-text": ""}, "text"),
    ({"template-title": "Baru", "template-text": "Halo {nama}, aduan {number}."}, "text"),  # unknown placeholder
    ({"template-title": "Terima kasih", "template-text": "Judul sama."}, "title"),  # taken
])
def test_bad_input_is_refused(data, field, agency_a, template, client_for, head_a):
    response = client_for(head_a).post(urls(agency_a, template)["create"], data)
    assert response.status_code == 200
    assert field in response.context["template_form"].errors
    assert untouched(template)


def test_renaming_to_a_taken_title_is_refused(agency_a, template, client_for, head_a):
    ReplyTemplate.objects.create(agency=agency_a, title="Lain", text="Teks lain.")
    response = client_for(head_a).post(urls(agency_a, template)["edit"], {"template-title": "Lain",
                                                                         "template-text": "x"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    template.refresh_from_db()
    assert template.title == "Terima kasih"


def test_the_same_title_in_another_agency_is_fine(agency_a, agency_b, template, client_for, comms):
    response = client_for(comms).post(urls(agency_b, template)["create"],
                                      {"template-title": "Terima kasih", "template-text": "Terima kasih."})
    assert response.status_code == 302
    assert ReplyTemplate.objects.filter(agency=agency_b, title="Terima kasih").exists()


def test_placeholders_by_their_indonesian_names(agency_a, template, client_for, head_a):
    from tests.factories import ComplaintFactory

    data = {"template-title": "Sedang dicek OPD", "template-text": "Terima kasih, {warga}. Aduan {nomor} dicek {opd}."}
    assert client_for(head_a).post(urls(agency_a, template)["create"], data).status_code == 302
    saved = ReplyTemplate.objects.get(title="Sedang dicek OPD")
    complaint = ComplaintFactory(agency=agency_a, author_name="Rahmat Hidayat")
    assert saved.render(complaint) == (
        f"Terima kasih, Rahmat Hidayat. Aduan {complaint.number} dicek {agency_a.short_name}.")
    refused = client_for(head_a).post(urls(agency_a, template)["create"],
                                      {"template-title": "Salah", "template-text": "Halo {nama}."})
    assert "Penanda tidak dikenal {nama}: gunakan {nomor}, {opd}, atau {warga}." in refused.content.decode()
