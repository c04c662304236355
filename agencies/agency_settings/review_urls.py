from django.urls import path

from agencies.agency_settings import views

app_name = "proposals"

# Mounted at calendar-proposals/ (portal/urls.py): the communications office's queue.
urlpatterns = [
    path("", views.proposal_review, name="review"),
    path("<int:pk>/approve/", views.proposal_approve, name="approve"),
    path("<int:pk>/reject/", views.proposal_reject, name="reject"),
]
