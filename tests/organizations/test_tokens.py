"""API tokens run out and fall with the credentials behind them (issue 18): 90 days by default,
chosen at creation (at most a year); a password changed or reset, or the account deactivated,
and every token of the person stops working; the account page shows each one's expiry and last
use."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from liandong.audit.models import AuditEntry
from liandong.organizations import actions
from tests.cast import PASSWORD
from tests.transfers.support import at, frozen


def _me(plaintext: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code


def test_a_token_runs_out_after_its_days(cast):
    with frozen("2026-12-08 09:00") as clock:
        token, plaintext = actions.create_api_token(
            cast.psb_liaison, name="案件系统对接", acting_user=cast.psb_liaison
        )
        assert token.expires_at == at("2027-03-08 09:00")  # 90 days
        _short, short_plain = actions.create_api_token(
            cast.psb_liaison, name="临时", days=7, acting_user=cast.psb_liaison
        )
        assert _me(plaintext) == 200 and _me(short_plain) == 200
        clock.set("2026-12-15 09:00")
        assert _me(short_plain) == 401 and _me(plaintext) == 200
        page = Client()
        page.force_login(cast.psb_liaison)
        text = page.get("/account/").content.decode()
        assert "2027-03-08 09:00" in text and "已到期" in text
    for days in (0, 366):
        with pytest.raises(ValidationError) as refused:
            actions.create_api_token(
                cast.psb_liaison, name="x", days=days, acting_user=cast.psb_liaison
            )
        assert "days" in refused.value.error_dict


def test_a_new_password_or_a_deactivation_revokes_every_token(cast):
    _t, changed = actions.create_api_token(cast.fin_officer, name="a", acting_user=cast.fin_officer)
    actions.change_password(
        cast.fin_officer,
        old_password=PASSWORD,
        new_password="Another#2026pass",
        acting_user=cast.fin_officer,
    )
    assert _me(changed) == 401
    _t, reset = actions.create_api_token(cast.psb_officer, name="b", acting_user=cast.psb_officer)
    actions.reset_password(cast.psb_officer, acting_user=cast.admin)
    assert _me(reset) == 401
    _t, stopped = actions.create_api_token(cast.drc_liaison, name="c", acting_user=cast.drc_liaison)
    actions.update_user(cast.samr_liaison, title="科员", acting_user=cast.admin)
    assert _me(stopped) == 200  # another person's change leaves it alone
    person = cast.fin_officer2
    _t, deactivated = actions.create_api_token(person, name="d", acting_user=person)
    actions.update_user(person, is_active=False, acting_user=cast.admin)
    assert _me(deactivated) == 401
    assert AuditEntry.objects.filter(action="organizations.account.revoke_tokens").count() == 3
