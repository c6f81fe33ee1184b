"""Faults a person should meet as a message, not a stack trace (issue 18): a sealed value the
key can no longer open blanks that one field with a note; a second factor whose secret cannot
be opened is refused with what to do; a database out of reach answers the branded 503."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import Client, override_settings

from liandong.cases import actions as cases
from liandong.core.crypto import UNREADABLE, sm4_encrypt
from liandong.organizations import actions as organizations
from tests.evidence.support import filed_case

OTHER_KEY = "0123456789abcdef0123456789abcdef"


def _browser(person) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(person)
    return client


def test_a_value_the_key_cannot_open_is_one_blank_field_with_a_note(cast):
    case = filed_case(cast)
    cases.add_party(
        case,
        role="person",
        name="张某某",
        id_number="11010519491231002X",
        acting_user=cast.fin_officer,
    )
    with override_settings(SM4_KEY_HEX=OTHER_KEY):
        page = _browser(cast.fin_officer).get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert UNREADABLE in page.content.decode()


def test_a_second_factor_that_cannot_be_opened_is_refused_with_what_to_do(cast):
    head = cast.fin_head
    head.totp_secret = sm4_encrypt("JBSWY3DPEHPK3PXP")
    head.save(update_fields=["totp_secret"])
    with override_settings(SM4_KEY_HEX=OTHER_KEY), pytest.raises(ValidationError) as refused:
        organizations.check_second_factor(head, code="123456", acting_user=head)
    assert "重置动态口令" in refused.value.messages[0]


def test_a_database_out_of_reach_answers_the_branded_503(cast):
    down = OperationalError("could not connect to server: Connection refused")
    browser = _browser(cast.fin_officer)
    with mock.patch("liandong.core.workbench.grouped_todos", side_effect=down):
        page = browser.get("/")
    assert page.status_code == 503 and "服务暂不可用" in page.content.decode()
    assert page["Retry-After"] == "60"
    with mock.patch("liandong.organizations.api.User.objects.select_related", side_effect=down):
        api = browser.get("/api/v1/me")
    assert api.status_code == 503 and api.json()["code"] == "service_unavailable"
