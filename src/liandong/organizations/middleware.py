import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from liandong.organizations import signin


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "details": None},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


class IdleTimeoutMiddleware:
    """Ends a signed-in session after the idle limit (RULES.md §9), and audits it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and signin.LAST_ACTIVITY in request.session:
            if signin.idle_expired(request):
                signin.sign_out(request, reason="auth.session.expired")
                message = _("由于长时间未操作，您已退出登录，请重新登录。")
                if _is_api(request):
                    return _api_error("session_expired", message, 401)
                messages.info(request, message)
                login = reverse("organizations:login")
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            request.session[signin.LAST_ACTIVITY] = time.time()
        return self.get_response(request)


_ALLOWED_WHILE_CHANGING = ("organizations:password_change", "organizations:logout")


class PasswordChangeRequiredMiddleware:
    """Sends a person with a one-time password to the change page before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in _ALLOWED_WHILE_CHANGING}
            # /public/ is the site for everyone (宣传曝光), signed in or not
            open_paths = ("/static/", "/i18n/", "/public/")
            if request.path not in allowed and not request.path.startswith(open_paths):
                message = _("首次登录或密码被重置后，须先修改密码。")
                if _is_api(request):
                    return _api_error("password_change_required", message, 403)
                return redirect("organizations:password_change")
        return self.get_response(request)


# What a person of an external body (the procuratorate) may open: its own pages, their account,
# their messages and the documents they may read (each view still checks the document itself).
EXTERNAL_NAMESPACES = frozenset({"procuratorate"})
EXTERNAL_PAGES = frozenset(
    {
        "organizations:login",
        "organizations:login_code",
        "organizations:enrol",
        "organizations:logout",
        "organizations:account",
        "organizations:password_change",
        "organizations:token_create",
        "organizations:token_revoke",
        "notifications:inbox",
        "notifications:read",
        "notifications:read_all",
        "notifications:preference",
        "documents:pdf",
        "documents:docx",
    }
)
EXTERNAL_API = ("/api/v1/procuratorate/", "/api/v1/notifications", "/api/v1/documents/")
EXTERNAL_API_EXACT = frozenset({"/api/v1/me"})
_OPEN_PATHS = ("/static/", "/i18n/", "/public/")


def external_may_call(path: str) -> bool:
    """Whether a person of an external body may call this API path."""
    return path in EXTERNAL_API_EXACT or path.startswith(EXTERNAL_API)


def refuse_external_api(request, user) -> None:
    """For the API's authentication: an external body's person calls its own endpoints only."""
    if user is not None and user.is_external and not external_may_call(request.path):
        raise PermissionDenied(_("外部机关只能使用本机关的功能。"))


class ExternalGateMiddleware:
    """A person of an external body (the procuratorate) sees its own pages and nothing else of
    the platform: every other page answers 403, whatever its own checks would say; the home
    page is theirs. The API does the same in its authentication (``refuse_external_api``), as
    a token is only read there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_external
            and not _is_api(request)
            and not request.path.startswith(_OPEN_PATHS)
        ):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)  # the ordinary 404
            if match.view_name == "core:home":
                return redirect("procuratorate:home")
            if match.view_name == "deadlines:detail":  # a reminder's link: the transfer's page
                return redirect("procuratorate:deadline", **match.kwargs)
            if match.namespace not in EXTERNAL_NAMESPACES and match.view_name not in EXTERNAL_PAGES:
                raise PermissionDenied(_("外部机关只能使用本机关的功能。"))
        return self.get_response(request)
