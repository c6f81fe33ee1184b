import time

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
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
