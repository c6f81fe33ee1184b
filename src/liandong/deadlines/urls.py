from django.urls import path

from liandong.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.deadline_list, name="list"),
    path("<int:pk>/", views.deadline_detail, name="detail"),
    path("<int:pk>/pause/", views.pause, name="pause"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/meet/", views.meet, name="meet"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("calendar/", views.calendar, name="calendar"),
]
