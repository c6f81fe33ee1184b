import sys
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.core import workbench


@login_required
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "title": _("工作台"),
            "todos": workbench.grouped_todos(request.user, timezone.now()),
            "panels": workbench.panels_for(request),
        },
    )


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"status": 400, "title": _("请求有误")}, status=400)


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else _("您没有执行此操作的权限。")
    return render(
        request,
        "core/error.html",
        {"status": 403, "title": _("没有权限"), "message": message},
        status=403,
    )


def page_not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"status": 404, "title": _("页面不存在"), "message": _("您访问的页面不存在或您无权查看。")},
        status=404,
    )


def database_down(exc: BaseException | None) -> bool:
    """Whether a failure is the database being out of reach (not a fault of the request)."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)


def unavailable() -> HttpResponse:
    """The branded 503 page, drawn without the database (no person, no menu)."""
    page = render_to_string("core/unavailable.html")
    response = HttpResponse(page, status=503)
    response["Retry-After"] = "60"
    return response


def server_error(request):
    if database_down(sys.exc_info()[1]):
        return unavailable()
    return render(
        request,
        "core/error.html",
        {
            "status": 500,
            "title": _("系统错误"),
            "message": _("系统处理请求时出错，已记录日志。请稍后重试或联系系统管理员。"),
        },
        status=500,
    )


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """Bytes made for the person (an export, a result sheet) as a download named in UTF-8."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
