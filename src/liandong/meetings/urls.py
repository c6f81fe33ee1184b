from django.urls import path

from liandong.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("topics/", views.topics, name="topics"),
    path("topics/<int:pk>/decline/", views.topic_decline, name="topic_decline"),
    path("new/", views.meeting_new, name="new"),
    path("resolutions/", views.resolution_list, name="resolutions"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution"),
    path("resolutions/<int:pk>/report/", views.resolution_report, name="report"),
    path("resolutions/<int:pk>/close/", views.resolution_request_close, name="request_close"),
    path("resolutions/<int:pk>/confirm/", views.resolution_confirm, name="confirm"),
    path("resolutions/<int:pk>/reopen/", views.resolution_reopen, name="reopen"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/reply/", views.meeting_reply, name="reply"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/minutes/", views.minutes_page, name="minutes"),
    path("<int:pk>/minutes/edit/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/resolutions/", views.resolution_add, name="resolution_add"),
    path(
        "<int:pk>/minutes/resolutions/<int:rpk>/remove/",
        views.resolution_remove,
        name="resolution_remove",
    ),
    path("<int:pk>/minutes/circulate/", views.minutes_circulate, name="circulate"),
    path("<int:pk>/minutes/comment/", views.minutes_comment, name="comment"),
    path("<int:pk>/minutes/issue/", views.minutes_issue, name="issue"),
]
