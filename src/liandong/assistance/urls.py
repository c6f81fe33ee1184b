from django.urls import path

from liandong.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/accept/", views.request_accept, name="accept"),
    path("<int:pk>/decline/", views.request_decline, name="decline"),
    path("<int:pk>/assign/", views.request_assign, name="assign"),
    path("<int:pk>/results/new/", views.result_new, name="result"),
    path("<int:pk>/complete/", views.request_complete, name="complete"),
    path("<int:pk>/close/", views.request_close, name="close"),
    path("<int:pk>/withdraw/", views.request_withdraw, name="withdraw"),
]
