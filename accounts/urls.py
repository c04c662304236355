from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("people/", views.user_list, name="user_list"),
    path("people/new/", views.user_create, name="user_create"),
    path("people/<int:pk>/", views.user_edit, name="user_edit"),
    path("people/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("people/<int:pk>/invite/", views.user_invite, name="user_invite"),
    path("audit/", views.audit_log, name="audit_log"),
]
