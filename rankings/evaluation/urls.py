from django.urls import path

from rankings.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.period_list, name="list"),
    path("new/", views.period_create, name="create"),
    path("<int:pk>/", views.period_page, name="period"),
    path("<int:pk>/criteria/", views.criteria_edit, name="criteria"),
    path("<int:pk>/run/", views.period_run, name="run"),
    path("<int:pk>/progress/", views.run_progress, name="progress"),
    path("<int:pk>/provisional/", views.period_provisional, name="provisional"),
    path("<int:pk>/freeze/", views.period_freeze, name="freeze"),
    path("<int:pk>/unfreeze/", views.period_unfreeze, name="unfreeze"),
    path("<int:pk>/publish/", views.period_publish, name="publish"),
    path("<int:pk>/jurors/", views.juror_invite, name="juror_invite"),
    path("<int:pk>/objections/<int:objection_pk>/answer/", views.objection_answer, name="objection_answer"),
    path("<int:pk>/results/", views.results_page, name="results"),
    path("<int:pk>/agencies/<slug:slug>/", views.report_card, name="report_card"),
    path("<int:pk>/agencies/<slug:slug>/objections/", views.objection_file, name="objection_file"),
    path("<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pk>/report.pdf", views.export_pdf, name="export_pdf"),
    path("jury/", views.jury_home, name="jury_home"),
    path("<int:pk>/jury/", views.jury_scores, name="jury_scores"),
]
