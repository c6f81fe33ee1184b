from django.urls import path

from liandong.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/pdf/", views.download, {"fmt": "pdf"}, name="pdf"),
    path("<int:pk>/docx/", views.download, {"fmt": "docx"}, name="docx"),
]
