from django.urls import path

from liandong.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.record_list, name="list"),
    path("new/", views.record_new, name="new"),
    path("<int:pk>/", views.record_detail, name="detail"),
    path("<int:pk>/edit/", views.record_edit, name="edit"),
    path("<int:pk>/<str:step>/", views.record_step, name="step"),
    path("pushes/<int:pk>/retry/", views.push_retry, name="retry"),
    path("export/", views.export, name="export"),
    path("check/", views.supplier_check, name="check"),
    path("check/template.xlsx", views.check_template, name="check_template"),
    path("portal/", views.portal, name="portal"),
    path("portal/sign-out/", views.portal_sign_out, name="portal_sign_out"),
    path("lists/", views.list_imports, name="lists"),
    path("periods/", views.period_versions, name="periods"),
    path("clients/", views.client_list, name="clients"),
    path("clients/<int:pk>/revoke/", views.client_revoke, name="client_revoke"),
]
