from django.urls import path

from rankings import views

app_name = "rankings"

urlpatterns = [
    path("", views.leaderboard_page, name="leaderboard"),
    path("print/", views.leaderboard_print, name="print"),
    path("export.csv", views.leaderboard_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.leaderboard_export, {"fmt": "xlsx"}, name="export_xlsx"),
]
