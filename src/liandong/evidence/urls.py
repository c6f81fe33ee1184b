from django.urls import path

from liandong.evidence import views

app_name = "evidence"
urlpatterns = [
    path("signing-key/", views.signing_key, name="key"),
    path("case/<int:case_pk>/new/", views.item_add, name="add"),
    path("case/<int:case_pk>/package/", views.package, name="package"),
    path("case/<int:case_pk>/attachments/new/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/file/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/file/", views.item_download, name="download"),
    path("<int:pk>/correct/", views.item_correct, name="correct"),
    path("<int:pk>/recognise/", views.item_recognise, name="recognise"),
]
