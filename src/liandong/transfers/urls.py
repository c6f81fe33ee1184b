from django.urls import path

from liandong.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("new/", views.transfer_new, name="new"),
    path("<int:pk>/", views.transfer_detail, name="detail"),
    path("<int:pk>/attach/", views.transfer_attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment>/remove/", views.transfer_detach, name="detach"),
    path("<int:pk>/<slug:step>/", views.transfer_step, name="step"),
]
