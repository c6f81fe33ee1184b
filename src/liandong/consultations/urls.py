from django.urls import path

from liandong.consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_ask, name="ask"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/assign/", views.consultation_assign, name="assign"),
    path("<int:pk>/answer/", views.consultation_answer, name="answer"),
    path("<int:pk>/follow-up/", views.consultation_follow_up, name="follow_up"),
    path("<int:pk>/close/", views.consultation_close, name="close"),
]
