from django.urls import path

from platforms.posts import views

app_name = "posts"

# Mounted at agencies/<slug>/posts/ (portal/urls.py).
urlpatterns = [
    path("", views.post_list, name="list"),
    path("new/", views.post_create, name="create"),
    path("<int:pk>/", views.post_edit, name="edit"),
    path("<int:pk>/remove/", views.post_remove_view, name="remove"),
    path("<int:pk>/restore/", views.post_restore_view, name="restore"),
]
