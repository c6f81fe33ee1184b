from django.urls import path

from liandong.sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("new/", views.bulletin_new, name="new"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
    path("<int:pk>/reply/", views.bulletin_reply, name="reply"),
    path("<int:pk>/withdraw/", views.bulletin_withdraw, name="withdraw"),
    path("<int:pk>/attachments/new/", views.attachment_new, name="attach"),
    path("attachments/<int:pk>/file/", views.attachment_download, name="download"),
]
