"""Permission matrix entries of the deadline pages and API."""

from django.core.files.uploadedfile import SimpleUploadedFile

from liandong.deadlines import actions
from liandong.deadlines.models import DeadlineRule
from tests.matrix import EVERYONE, Endpoint, Route

FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer", "admin"})
FIN_WORKERS = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2"})
ADMINS = frozenset({"admin", "outsider"})  # rules and the calendar are platform-wide


def _deadline(cast, rule="complaint.decision", paused=False):
    deadline = actions.start_deadline(cast.fin, rule=rule, department=cast.fin, acting_user=None)
    if paused:
        actions.pause_deadline(deadline, reason="testing", acting_user=None)
    return deadline


def _rule_pk(code="consultation.answer"):
    return DeadlineRule.objects.get(code=code).pk


def _managed(name, audit, paused=False, data=lambda c: {}):
    return Route(
        name,
        method="POST",
        kwargs=lambda c: {"pk": _deadline(c, paused=paused).pk},
        data=data,
        allowed=FIN_WORKERS,
        hidden=EVERYONE - FIN,
        success=(302,),
        audit=audit,
    )


ROUTES = [
    Route("deadlines:list"),
    Route(
        "deadlines:detail",
        kwargs=lambda c: {"pk": _deadline(c).pk},
        allowed=FIN,
        hidden=EVERYONE - FIN,
        external=(302,),  # to the procuratorate's own page of the clock (404 there: not its)
    ),
    _managed("deadlines:pause", "deadlines.deadline.pause", data=lambda c: {"reason": "testing"}),
    _managed("deadlines:resume", "deadlines.deadline.resume", paused=True),
    _managed("deadlines:meet", "deadlines.deadline.meet"),
    _managed("deadlines:cancel", "deadlines.deadline.cancel", data=lambda c: {"note": "重复立项"}),
    Route("deadlines:rules"),
    Route("deadlines:rule_edit", kwargs=lambda c: {"pk": _rule_pk()}, allowed=ADMINS),
    Route(
        "deadlines:rule_edit",
        method="POST",
        kwargs=lambda c: {"pk": _rule_pk()},
        data=lambda c: {"amount": 4, "unit": "workdays", "reminder_hours": "24"},
        allowed=ADMINS,
        success=(302,),
        audit="deadlines.rule.update",
    ),
    Route("deadlines:calendar", allowed=ADMINS),
    Route(
        "deadlines:calendar",
        method="POST",
        data=lambda c: {
            "year": 2027,
            "file": SimpleUploadedFile(
                "2027.csv", "日期,类别,名称\n2027-01-01,放假,元旦\n".encode()
            ),
        },
        allowed=ADMINS,
        success=(302,),
        audit="deadlines.calendar.enter_year",
    ),
]

ENDPOINTS = [
    Endpoint("GET", "/api/v1/deadlines"),
    Endpoint(
        "GET",
        "/api/v1/deadlines/{deadline_id}",
        params=lambda c: {"deadline_id": _deadline(c).pk},
        allowed=FIN,
        hidden=EVERYONE - FIN,
    ),
    Endpoint("GET", "/api/v1/deadline-rules"),
]
