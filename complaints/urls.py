from django.urls import path

from complaints import views

app_name = "complaints"

NUMBER = "<str:number>"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("fresh/", views.inbox_fresh, name="inbox_fresh"),
    path(f"{NUMBER}/", views.complaint_detail, name="detail"),
    path(f"{NUMBER}/replies/", views.complaint_replies, name="replies"),
    path(f"{NUMBER}/<str:action>/", views.complaint_action, name="action"),
    path(f"{NUMBER}/<str:action>/form/", views.complaint_action_form, name="action_form"),
]
