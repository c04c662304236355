from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("", views.agency_list, name="list"),
    path("new/", views.agency_create, name="create"),
    path("import/", views.agency_import, name="import"),
    path("accounts/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("<slug:slug>/", views.agency_detail, name="detail"),
    path("<slug:slug>/edit/", views.agency_edit, name="edit"),
    path("<slug:slug>/accounts/new/", views.account_create, name="account_create"),
    path("<slug:slug>/routing/", views.routing_rules_edit, name="routing"),
    path("<slug:slug>/head/", views.head_change, name="head"),
    path("<slug:slug>/staff/new/", views.staff_create, name="staff_create"),
    path("<slug:slug>/memberships/<int:pk>/end/", views.membership_remove, name="membership_end"),
]
