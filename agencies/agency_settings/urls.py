from django.urls import path

from agencies.agency_settings import views

app_name = "agency_settings"

# Mounted at agencies/<slug>/settings/ (portal/urls.py).
urlpatterns = [
    path("", views.settings_page, name="page"),
    path("staff/invite/", views.staff_invite, name="staff_invite"),
    path("staff/<int:pk>/remove/", views.staff_remove, name="staff_remove"),
    path("public-tag/", views.public_tag, name="public_tag"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
    path("proposals/new/schedule/", views.proposal_create, {"kind": "schedule"}, name="propose_schedule"),
    path("proposals/new/target/", views.proposal_create, {"kind": "target"}, name="propose_target"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
]
