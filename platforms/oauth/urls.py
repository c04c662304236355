from django.urls import path

from platforms.oauth import views

app_name = "connections"

urlpatterns = [
    path("accounts/<int:pk>/", views.account_connection, name="account"),
    path("accounts/<int:pk>/connect/", views.connection_start, name="start"),
    path("accounts/<int:pk>/whatsapp/", views.whatsapp_access, name="whatsapp"),
    path("oauth/<slug:provider>/callback/", views.connection_callback, name="callback"),
]
