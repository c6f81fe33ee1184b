from django.urls import path

from liandong.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="export"),
    path("tables/<str:key>.<str:fmt>", views.table_export, name="table"),
    path("rows/", views.rows, name="rows"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/issue/", views.report_issue, name="issue"),
    path("reports/<int:pk>/discard/", views.report_discard, name="discard"),
    path("reports/<int:pk>/file.<str:fmt>", views.report_file, name="file"),
]
