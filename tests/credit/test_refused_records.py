"""What the credit record entry accepted and should not (issue 18): a fine of 1e30 (a server
error before), a 罚款 of 0 元, an ID number born in the future, one decision number entered again
— each refused naming the field, nothing written but the audited refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from stdnum.cn import ric

from liandong.audit.models import AuditEntry
from liandong.credit.models import CreditRecord
from tests.credit.support import entered, record_values


def _refused(cast, code, field, **overrides):
    with pytest.raises(ValidationError) as refused:
        entered(cast, **overrides)
    codes = [e.code for e in refused.value.error_dict[field]]
    assert code in codes, codes
    return refused.value


def _future_id() -> str:
    """A well-formed 居民身份证号码 (check digit right) whose birth date is 2090-01-01."""
    base = "35050220900101123"
    return next(base + d for d in "0123456789X" if ric.is_valid(base + d))


def test_an_absurd_fine_is_refused_not_a_server_error(cast):
    error = _refused(cast, "implausible", "fine", fine="1e30")
    assert "超出合理范围" in error.messages[0]
    api = Client()
    api.force_login(cast.fin_officer)
    body = {
        **record_values(fine="1e30"),
        "decision_date": "2026-11-02",
        "ban_start": "2026-11-02",
        "ban_end": "2027-11-01",
    }
    response = api.post("/api/v1/credit/records", body, content_type="application/json")
    assert response.status_code == 422
    assert not CreditRecord.objects.exists()


def test_a_fine_of_nothing_is_no_fine(cast):
    _refused(cast, "zero_fine", "fine", fine="0")
    assert AuditEntry.objects.filter(action="credit.record.create", outcome="invalid").exists()


def test_an_id_number_born_in_the_future_is_refused(cast):
    error = _refused(
        cast,
        "id_future_birth",
        "id_number",
        subject_category="自然人",
        subject_code="",
        subject_name="张某某",
        id_number=_future_id(),
    )
    assert "出生日期晚于今天" in error.messages[0]


def test_one_decision_number_is_one_record(cast):
    first = entered(cast)
    error = _refused(cast, "duplicate", "decision_number")
    assert first.subject_name in error.messages[0]
    assert CreditRecord.objects.count() == 1
