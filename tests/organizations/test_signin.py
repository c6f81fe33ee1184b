"""Sign-in security (RULES.md §9): lockout, idle expiry, second factor, forced password change."""

import datetime as dt
import time

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone

from liandong.audit.models import AuditEntry
from liandong.core.crypto import sm4_decrypt
from liandong.organizations import actions, signin
from liandong.organizations.models import LoginThrottle, Role
from tests.cast import PASSWORD

LOGIN = "/login/"


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def _errors(response) -> str:
    return response.content.decode()


def test_it_locks_a_name_after_five_failures_and_says_the_same_for_unknown_names(client, cast):
    for attempt in range(4):
        response = _login(client, "fin_officer", "wrong-Pass1")
        assert "用户名或密码错误" in _errors(response), attempt
    response = _login(client, "fin_officer", "wrong-Pass1")
    assert "登录失败次数过多" in _errors(response)
    # Now even the right password is refused, for 30 minutes.
    response = _login(client, "fin_officer", PASSWORD)
    assert "登录失败次数过多" in _errors(response)
    assert "_auth_user_id" not in client.session
    # An unknown name behaves exactly the same: nothing tells whether an account exists.
    for _ in range(4):
        assert "用户名或密码错误" in _errors(_login(client, "no_such_person", "wrong-Pass1"))
    assert "登录失败次数过多" in _errors(_login(client, "no_such_person", "wrong-Pass1"))
    actions_logged = list(
        AuditEntry.objects.filter(actor_name="fin_officer").values_list("action", flat=True)
    )
    assert actions_logged.count("auth.login.locked") == 1
    assert actions_logged.count("auth.login.failed") == 6  # 5 wrong + 1 refused while locked


def test_it_unlocks_after_thirty_minutes(client, cast):
    for _ in range(5):
        _login(client, "fin_officer", "wrong-Pass1")
    throttle = LoginThrottle.objects.get(username="fin_officer")
    assert throttle.locked_until - timezone.now() > dt.timedelta(minutes=29)
    LoginThrottle.objects.filter(pk=throttle.pk).update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    response = _login(client, "fin_officer")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.fin_officer.pk)
    assert not LoginThrottle.objects.filter(username="fin_officer").exists()


def test_it_signs_in_an_officer_and_audits_it(client, cast):
    response = client.post(LOGIN, {"username": " FIN_Officer ", "password": PASSWORD})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="auth.login").latest("seq")
    assert entry.actor_id == cast.fin_officer.pk
    assert entry.client_ip == "127.0.0.1"
    assert entry.request_id


def test_it_ends_an_idle_session_after_thirty_minutes(client, cast):
    _login(client, "fin_officer")
    assert client.get("/").status_code == 200
    session = client.session
    session[signin.LAST_ACTIVITY] = time.time() - 29 * 60
    session.save()
    assert client.get("/").status_code == 200  # 29 minutes idle: still signed in
    session = client.session
    session[signin.LAST_ACTIVITY] = time.time() - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organizations:login"))
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(
        action="auth.session.expired", actor_id=cast.fin_officer.pk
    ).exists()
    follow = client.get(response["Location"])
    assert "由于长时间未操作" in follow.content.decode()


def test_an_idle_api_session_gets_json_401(client, cast):
    _login(client, "fin_officer")
    session = client.session
    session[signin.LAST_ACTIVITY] = time.time() - 31 * 60
    session.save()
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_a_head_cannot_finish_signing_in_without_the_second_factor(client, cast):
    response = _login(client, "fin_head")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organizations:enrol"))
    # The password alone signs nobody in.
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401
    page = client.get(reverse("organizations:enrol"))
    assert "<svg" in page.content.decode()  # the QR code, drawn by the app itself
    secret = client.session[signin.ENROL_SECRET]
    wrong = client.post(reverse("organizations:enrol"), {"code": "000000"})
    assert "动态口令不正确" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    code = pyotp.TOTP(secret).now()
    done = client.post(reverse("organizations:enrol"), {"code": code})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.fin_head.pk)
    cast.fin_head.refresh_from_db()
    assert cast.fin_head.totp_secret.startswith("sm4cbc1:")  # SM4-encrypted at rest
    assert sm4_decrypt(cast.fin_head.totp_secret) == secret
    login_entry = AuditEntry.objects.filter(action="auth.login").latest("seq")
    assert login_entry.after == {"second_factor": True}

    # Next time: password, then a fresh code; the code already used is refused (no replay).
    client.post(reverse("organizations:logout"))
    assert _login(client, "fin_head")["Location"].startswith(reverse("organizations:login_code"))
    replay = client.post(reverse("organizations:login_code"), {"code": code})
    assert "动态口令不正确或已使用" in replay.content.decode()
    assert "_auth_user_id" not in client.session
    step = int(time.time() // 30) + 1
    next_code = pyotp.TOTP(secret).at(step * 30)
    assert client.post(reverse("organizations:login_code"), {"code": next_code}).status_code == 302
    assert client.session["_auth_user_id"] == str(cast.fin_head.pk)


def test_wrong_codes_count_towards_the_lockout(client, cast):
    actions.enrol_second_factor(
        cast.admin,
        secret=(secret := pyotp.random_base32()),
        code=pyotp.TOTP(secret).now(),
        acting_user=cast.admin,
    )
    for _ in range(2):
        _login(client, "admin")
        client.post(reverse("organizations:login_code"), {"code": "123456"})
    _login(client, "admin")  # a right password does not buy fresh guesses
    for _ in range(3):
        response = client.post(reverse("organizations:login_code"), {"code": "123456"})
    assert "登录失败次数过多" in response.content.decode()
    assert "登录失败次数过多" in _errors(_login(client, "admin"))


def test_a_new_account_must_change_its_password_first(client, cast):
    person, password = actions.create_user(
        cast.drc, acting_user=cast.admin, username="drc_new", full_name="新同事", role=Role.OFFICER
    )
    assert _login(client, "drc_new", password).status_code == 302
    assert client.get("/")["Location"] == reverse("organizations:password_change")
    assert client.get("/api/v1/me").json()["code"] == "password_change_required"
    weak = client.post(
        reverse("organizations:password_change"),
        {"old_password": password, "new_password": "abcdefgh1", "new_password_again": "abcdefgh1"},
    )
    assert "密码须至少包含大写字母、小写字母、数字、符号中的 3 类" in weak.content.decode()
    short = client.post(
        reverse("organizations:password_change"),
        {"old_password": password, "new_password": "Ab1!", "new_password_again": "Ab1!"},
    )
    assert "密码长度不能少于 8 位" in short.content.decode()
    ok = client.post(
        reverse("organizations:password_change"),
        {
            "old_password": password,
            "new_password": "Quanzhou#2027",
            "new_password_again": "Quanzhou#2027",
        },
    )
    assert ok.status_code == 302
    assert client.get("/").status_code == 200
    person.refresh_from_db()
    assert not person.must_change_password


def test_it_authenticates_api_calls_with_a_personal_token_stored_as_a_digest(client, cast):
    token, plaintext = actions.create_api_token(
        cast.psb_liaison, name="案件系统对接", acting_user=cast.psb_liaison
    )
    assert plaintext not in token.digest and token.digest == actions.token_digest(plaintext)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.status_code == 200
    assert response.json()["username"] == "psb_liaison"
    actions.revoke_api_token(token, acting_user=cast.psb_liaison)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize("path", ["/login/", "/api/v1/docs"])
def test_every_page_carries_a_content_security_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http" not in policy  # nothing from the internet
