from django.urls import path

from liandong.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.dataset_list, name="list"),
    path("access/", views.access, name="access"),
    path("<int:pk>/", views.dataset_detail, name="dataset"),
    path("<int:pk>/lot/", views.lot_detail, name="lot"),
    path("<int:pk>/network/", views.network, name="network"),
    path("flags/<int:pk>/", views.flag_detail, name="flag"),
    path("flags/<int:pk>/<str:step>/", views.flag_step, name="flag_step"),
]
