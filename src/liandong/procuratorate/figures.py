"""The procuratorate's own figures for a year: the criminal transfers copied to it, the 立案监督
suggestions it received and how it answered them, how long its answers took, and the clocks of
the supervision stage that ran late (the police's and its own)."""

import datetime as dt
from dataclasses import dataclass
from statistics import mean

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from liandong.deadlines.models import Deadline, DeadlineState
from liandong.transfers.models import (
    State,
    Supervision,
    SupervisionDecision,
    SupervisionStage,
    Transfer,
)
from liandong.transfers.supervision import RULES

# a criminal transfer the police filed: filed, handed over, or concluded after their results
FILED_STATES = (State.FILED, State.HANDED_OVER, State.CONCLUDED)


@dataclass(frozen=True)
class Figures:
    year: int
    copied: int  # 抄送的涉嫌犯罪移送
    copied_filed: int  # …of which the police filed
    requests: int  # 收到的立案监督建议
    late_requests: int  # …made after the 3 days of 310号令 第九条
    pending: int  # not yet answered on the merits (now)
    reasons_requested: int  # 要求说明不立案理由
    notified_filing: int  # 通知立案
    declined: int  # 不予监督
    filed_under_supervision: int  # the police filed while supervised
    average_days: float | None  # received → answered (通知立案 or 不予监督 told)
    longest_days: float | None
    clocks_late: int  # supervision clocks missed or met after their due time
    clocks_overdue_now: int  # …still open and past due


def _days(start: dt.datetime, end: dt.datetime) -> float:
    return round((end - start).total_seconds() / 86400, 1)


def for_year(user, year: int, now: dt.datetime | None = None) -> Figures:
    """The figures of ``user``'s procuratorate for ``year`` (received or copied in it)."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    copied = Transfer.objects.visible_to(user).filter(sent_at__gte=start, sent_at__lt=end)
    supervisions = list(
        Supervision.objects.filter(
            procuratorate_id=user.department_id, received_at__gte=start, received_at__lt=end
        )
    )
    times = [_days(s.received_at, s.answered_on) for s in supervisions if s.answered_on]
    clocks = Deadline.objects.filter(
        content_type__app_label="transfers",
        content_type__model="transfer",
        object_id__in=Supervision.objects.filter(pk__in=[s.pk for s in supervisions])
        .annotate(key=Cast("transfer_id", CharField(max_length=64)))
        .values("key"),
        rule__code__in=RULES,
    )
    late = sum(
        1
        for state, due, met in clocks.values_list("state", "due_at", "met_at")
        if state == DeadlineState.MISSED or (met is not None and met > due)
    )
    return Figures(
        year=year,
        copied=copied.count(),
        copied_filed=copied.filter(state__in=FILED_STATES).count(),
        requests=len(supervisions),
        late_requests=sum(1 for s in supervisions if s.late),
        pending=sum(1 for s in supervisions if s.answered_on is None and s.filed_at is None),
        reasons_requested=sum(1 for s in supervisions if s.reasons_requested_at),
        notified_filing=sum(
            1 for s in supervisions if s.decision == SupervisionDecision.NOTIFY_FILING
        ),
        declined=sum(1 for s in supervisions if s.stage == SupervisionStage.DECLINED),
        filed_under_supervision=sum(1 for s in supervisions if s.filed_at),
        average_days=round(mean(times), 1) if times else None,
        longest_days=max(times) if times else None,
        clocks_late=late,
        clocks_overdue_now=clocks.open().filter(due_at__lt=now).count(),
    )
