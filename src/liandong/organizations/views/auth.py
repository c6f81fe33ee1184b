"""Sign-in pages: password, second factor (enrolment or code), sign-out, password change."""

import functools

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from liandong.core.forms import apply_errors
from liandong.organizations import actions, signin
from liandong.organizations.forms import CodeForm, LoginForm, PasswordChangeForm
from liandong.organizations.rules import TWO_FACTOR_ROLES


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@never_cache
@csrf_protect
@sensitive_post_parameters("password")
def login_view(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = signin.check_password_step(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except signin.SignInRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if person.requires_second_factor:
                signin.begin_second_factor(request, person)
                target = "organizations:login_code" if person.totp_secret else "organizations:enrol"
                return redirect(f"{reverse(target)}?{urlencode({'next': _next_url(request)})}")
            signin.complete(request, person, second_factor=False)
            return redirect(_next_url(request))
    return render(request, "organizations/login.html", {"form": form, "next": _next_url(request)})


def _after_password_step(view):
    """The second-factor pages serve only someone who just passed the password step."""

    @functools.wraps(view)
    def wrapped(request):
        person = signin.pending_person(request)
        if person is None:
            messages.info(request, _("登录已超时，请重新输入用户名和密码。"))
            return redirect("organizations:login")
        return view(request, person)

    return wrapped


@never_cache
@csrf_protect
@_after_password_step
def login_code_view(request, person):
    if not person.totp_secret:
        return redirect("organizations:enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signin.check_code_step(request, person, form.cleaned_data["code"])
        except signin.SignInRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            signin.complete(request, person, second_factor=True)
            return redirect(_next_url(request))
    return render(
        request,
        "organizations/login_code.html",
        {"form": form, "person": person, "next": _next_url(request)},
    )


@never_cache
@csrf_protect
@_after_password_step
def enrol_view(request, person):
    """First sign-in of a head or administrator: bind an authenticator app (TOTP)."""
    if person.totp_secret:
        return redirect("organizations:login_code")
    secret = request.session.get(signin.ENROL_SECRET)
    if not secret:
        secret = actions.new_totp_secret()
        request.session[signin.ENROL_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.enrol_second_factor(
                person, secret=secret, code=form.cleaned_data["code"], acting_user=person
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            signin.complete(request, person, second_factor=True)
            messages.success(request, _("动态口令绑定成功。以后登录时需输入认证器上的6位口令。"))
            return redirect(_next_url(request))
    uri = actions.totp_uri(person, secret)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#1f2937")
    return render(
        request,
        "organizations/enrol.html",
        {
            "form": form,
            "person": person,
            "qr_svg": qr_svg,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "basis": TWO_FACTOR_ROLES,
            "next": _next_url(request),
        },
    )


@require_POST
def logout_view(request):
    signin.sign_out(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("organizations:login")


@login_required
@sensitive_post_parameters()
def password_change_view(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_password(
                request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("core:home")
    return render(
        request,
        "organizations/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )
