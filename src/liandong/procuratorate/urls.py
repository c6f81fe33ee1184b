from django.urls import path

from liandong.procuratorate import views

app_name = "procuratorate"
urlpatterns = [
    path("", views.home, name="home"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<int:pk>/", views.detail, name="detail"),
    path("transfers/<int:pk>/<slug:step>/", views.answer, name="answer"),
    path("deadlines/<int:pk>/", views.deadline, name="deadline"),
]
