"""The push to the credit platform when the platform misbehaves: a timeout, a 500, nobody
listening — a clear status on the record, every try kept, nothing lost, nothing sent twice."""

import pytest
from django.core.exceptions import ValidationError

from liandong.credit import push
from liandong.credit.models import Push, PushState, RecordState
from liandong.notifications.models import Notification
from tests.credit.support import Platform, reviewed
from tests.transfers.support import frozen


def test_a_timeout_is_a_failed_try_retried_later(cast, settings):
    settings.CREDIT_PUSH_TIMEOUT = 0.3
    with frozen("2026-11-10 09:00") as clock:
        record = reviewed(cast)
        with Platform(failures=1, status=None, hang=1.0) as platform:
            settings.CREDIT_PUSH_URL = platform.url
            assert push.send_due() == {"sent": 0, "failed": 1}
            queued = Push.objects.get(record=record)
            assert queued.state == PushState.RETRYING
            assert "超时" in queued.last_error
            clock.set("2026-11-10 09:01")
            assert push.send_due() == {"sent": 1, "failed": 0}
    record.refresh_from_db()
    assert record.state == RecordState.PUBLISHED
    assert [t.ok for t in queued.tries.all()] == [False, True]


def test_nobody_listening_keeps_the_push_and_alerts_drc_after_five_tries(cast, settings):
    settings.CREDIT_PUSH_URL = "http://127.0.0.1:9/credit"  # discard port: refused
    with frozen("2026-11-10 09:00") as clock:
        record = reviewed(cast)
        for minute in ("09:00", "09:01", "09:06", "09:21", "10:21"):
            clock.set(f"2026-11-10 {minute}")
            assert push.send_due() == {"sent": 0, "failed": 1}
    queued = Push.objects.get(record=record)
    assert (queued.state, queued.attempts) == (PushState.FAILED, 5)
    assert "无法连接信用平台" in queued.last_error
    assert queued.next_attempt_at.isoformat().startswith("2026-11-10T06:21")  # +4 h (UTC)
    assert Notification.objects.filter(
        recipient=cast.drc_liaison, kind="credit.push.failed"
    ).exists()
    record.refresh_from_db()
    assert record.state == RecordState.REVIEWED  # not published, not lost


def test_a_push_claimed_by_one_worker_is_not_sent_by_another(cast, settings):
    with Platform(failures=0) as platform:
        settings.CREDIT_PUSH_URL = platform.url
        record = reviewed(cast)
        queued = Push.objects.get(record=record)
        assert push._claim(queued.pk, queued.next_attempt_at)
        assert push.send_one(queued.pk) is None  # another worker: already claimed
        assert platform.requests == []


def test_without_an_endpoint_pushes_wait_and_say_so(cast, settings):
    settings.CREDIT_PUSH_URL = ""
    reviewed(cast)
    assert push.send_due() == {"sent": 0, "failed": 0, "unconfigured": 1}


def test_a_sent_push_is_not_retried(cast, settings):
    with Platform(failures=0) as platform:
        settings.CREDIT_PUSH_URL = platform.url
        record = reviewed(cast)
        push.send_due()
        queued = Push.objects.get(record=record)
        with pytest.raises(ValidationError):
            push.retry_now(queued, acting_user=cast.drc_liaison)
    assert len(platform.requests) == 1
