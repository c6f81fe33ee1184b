"""Permission matrix entries of the complaint pages and API: the finance department's people;
its heads and officers handle, its head decides; everyone else finds nothing."""

from liandong.complaints import actions
from liandong.complaints.models import Complaint
from tests.complaints.support import FACTS, received
from tests.matrix import EVERYONE, Endpoint, Route

FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
HANDLERS = FIN - {"fin_viewer"}
HEAD = frozenset({"fin_head"})


def _accepted(cast):
    return actions.accept(received(cast), acting_user=cast.fin_officer)


def _version():
    return Complaint.objects.order_by("-pk").values_list("version", flat=True).first()


def _new(cast):
    from django.utils import timezone

    return {**FACTS, "answer_due_on": timezone.localdate().isoformat(), "received_at": ""}


def _step(step, make, allowed, data=lambda c: {}):
    return Route(
        "complaints:step",
        method="POST",
        kwargs=lambda c: {"pk": make(c).pk, "step": step},
        data=lambda c: {**data(c), "version": _version()},
        allowed=allowed,
        hidden=EVERYONE - FIN,
        success=(302,),
        audit=f"complaints.complaint.{step}",
        label=f"POST complaints:step {step}",
    )


ROUTES = [
    Route("complaints:list", allowed=FIN),
    Route("complaints:new", allowed=HANDLERS),
    Route(
        "complaints:new",
        method="POST",
        data=_new,
        allowed=HANDLERS,
        success=(302,),
        audit="complaints.complaint.receive",
    ),
    Route(
        "complaints:detail",
        kwargs=lambda c: {"pk": received(c).pk},
        allowed=FIN,
        hidden=EVERYONE - FIN,
    ),
    _step("accept", received, HANDLERS),
    _step("refuse", received, HANDLERS, lambda c: {"reason": "不符合投诉条件。"}),
    _step("send_copies", _accepted, HANDLERS, lambda c: {"to": "某中学"}),
    _step("decide", _accepted, HEAD, lambda c: {"outcome": "dismissed", "decision": "不成立。"}),
]


def _api_new(cast):
    from django.utils import timezone

    return {**FACTS, "answer_due_on": timezone.localdate().isoformat()}


ENDPOINTS = [
    Endpoint("GET", "/api/v1/complaints", allowed=FIN),
    Endpoint(
        "POST",
        "/api/v1/complaints",
        body=_api_new,
        allowed=HANDLERS,
        success=(201,),
        audit="complaints.complaint.receive",
    ),
    Endpoint(
        "GET",
        "/api/v1/complaints/{complaint_id}",
        params=lambda c: {"complaint_id": received(c).pk},
        allowed=FIN,
        hidden=EVERYONE - FIN,
    ),
    Endpoint(
        "POST",
        "/api/v1/complaints/{complaint_id}/{step}",
        params=lambda c: {"complaint_id": received(c).pk, "step": "accept"},
        body=lambda c: {"version": _version()},
        allowed=HANDLERS,
        hidden=EVERYONE - FIN,
        audit="complaints.complaint.accept",
    ),
]
