from django.urls import include, path

from liandong.api.urls import api

urlpatterns = [
    path("", include("liandong.core.urls")),
    path("", include("liandong.organizations.urls")),
    path("audit/", include("liandong.audit.urls")),
    path("messages/", include("liandong.notifications.urls")),
    path("deadlines/", include("liandong.deadlines.urls")),
    path("cases/", include("liandong.cases.urls")),
    path("evidence/", include("liandong.evidence.urls")),
    path("consultations/", include("liandong.consultations.urls")),
    path("assistance/", include("liandong.assistance.urls")),
    path("transfers/", include("liandong.transfers.urls")),
    path("complaints/", include("liandong.complaints.urls")),
    path("sharing/", include("liandong.sharing.urls")),
    path("meetings/", include("liandong.meetings.urls")),
    path("credit/", include("liandong.credit.urls")),
    path("publicity/", include("liandong.publicity.urls")),
    path("public/", include("liandong.publicity.public_urls")),
    path("reports/", include("liandong.reports.urls")),
    path("screening/", include("liandong.screening.urls")),
    path("documents/", include("liandong.documents.urls")),
    path("procuratorate/", include("liandong.procuratorate.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]

handler400 = "liandong.core.views.bad_request"
handler403 = "liandong.core.views.permission_denied"
handler404 = "liandong.core.views.page_not_found"
handler500 = "liandong.core.views.server_error"
