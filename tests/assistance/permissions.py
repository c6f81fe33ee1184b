"""Permission matrix entries of the assistance pages and API.

The request: FIN's fin_officer asks PSB for help with a FIN case she handles; psb_liaison routes
it, psb_officer is given it.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liandong.assistance import actions
from liandong.assistance.models import AssistanceRequest
from liandong.cases import actions as cases
from tests.evidence.support import PDF, sealed
from tests.matrix import ANONYMOUS, EVERYONE, Endpoint, Route

WORKERS = EVERYONE - {"fin_viewer", "admin", "outsider"}
FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
PSB = frozenset({"psb_liaison", "psb_officer"})
PARTIES = FIN | PSB
ROUTER = frozenset({"psb_liaison"})
HELPERS = PSB  # the assignee and the liaison
REQUESTER = frozenset({"fin_officer", "fin_head"})  # who asked, and the case's head
RESULT = {
    "title": "协查调取的户籍资料",
    "kind": "documentary",
    "collectors": "PSB Officer",
    "place": "泉州市公安局鲤城分局",
    "source": "户籍管理系统",
}


def _yesterday():
    return timezone.localtime() - dt.timedelta(days=1)


def _case(cast, person=None):
    """A case of ``person``'s department that they handle (registering makes them its officer)."""
    person = person or cast.fin_officer
    return cases.register_case(
        person.department,
        title="某中学设备采购项目涉嫌串通投标",
        source="report",
        acting_user=person,
    )


def _requested(cast):
    return actions.create(
        case=_case(cast),
        department=cast.psb,
        kind="verification",
        subject="核查投标人法定代表人身份",
        details="请核查两名法定代表人的户籍信息。",
        acting_user=cast.fin_officer,
    )


def _accepted(cast):
    return actions.accept(_requested(cast), assignee=cast.psb_officer, acting_user=cast.psb_liaison)


def _in_progress(cast):
    request = _accepted(cast)
    upload = sealed(cast.psb_officer)
    fields = {**RESULT, "collected_at": _yesterday()}
    actions.attach_result(request, upload_id=upload.pk, acting_user=cast.psb_officer, **fields)
    return AssistanceRequest.objects.get(pk=request.pk)


def _completed(cast):
    request = _in_progress(cast)
    return actions.complete(request, summary="已核查。", acting_user=cast.psb_officer)


def _version():
    """The version of the request the entry's URL just made (the URL comes first)."""
    return AssistanceRequest.objects.order_by("-pk").values_list("version", flat=True).first()


def _new_request(cast, who):
    """A request about a case of the sender's own department that they handle."""
    person = cast.people.get(who) if who != ANONYMOUS else None
    if person is None or person.is_external or person.role not in ("head", "officer"):
        return {"case": 0, "department": cast.psb.pk}
    to = cast.samr if person.department_id == cast.psb.pk else cast.psb
    return {
        "case": _case(cast, person).pk,
        "department": to.pk,
        "kind": "records",
        "subject": "调取资料",
        "details": "请提供资料。",
        "due_on": _tomorrow(),
        "shared_part": "summary",
    }


def _tomorrow() -> str:
    return (actions.today() + dt.timedelta(days=1)).isoformat()


def _step(name, make, allowed, data, audit):
    return Route(
        name,
        method="POST",
        kwargs=lambda c: {"pk": make(c).pk},
        data=lambda c: {**data(c), "version": _version()},
        allowed=allowed,
        hidden=EVERYONE - PARTIES,
        success=(302,),
        audit=audit,
    )


ROUTES = [
    Route("assistance:list"),
    Route("assistance:new", allowed=WORKERS),
    Route(
        "assistance:new",
        method="POST",
        data=_new_request,
        per_person=True,
        allowed=WORKERS,
        success=(302,),
        audit="assistance.request.create",
    ),
    Route(
        "assistance:detail",
        kwargs=lambda c: {"pk": _requested(c).pk},
        allowed=PARTIES,
        hidden=EVERYONE - PARTIES,
    ),
    _step(
        "assistance:accept",
        _requested,
        ROUTER,
        lambda c: {"assignee": c.psb_officer.pk},
        "assistance.request.accept",
    ),
    _step(
        "assistance:decline",
        _requested,
        ROUTER,
        lambda c: {"reason": "不属本局职责。"},
        "assistance.request.decline",
    ),
    _step(
        "assistance:assign",
        _accepted,
        ROUTER,
        lambda c: {"assignee": c.psb_liaison.pk},
        "assistance.request.assign",
    ),
    Route(
        "assistance:result",
        kwargs=lambda c: {"pk": _accepted(c).pk},
        allowed=HELPERS,
        hidden=EVERYONE - PARTIES,
    ),
    _step(
        "assistance:result",
        _accepted,
        HELPERS,
        lambda c: {
            **RESULT,
            "collected_at": _yesterday().strftime("%Y-%m-%dT%H:%M"),
            "file": SimpleUploadedFile("户籍资料.pdf", PDF),
        },
        "assistance.request.attach",
    ),
    _step(
        "assistance:complete",
        _in_progress,
        HELPERS,
        lambda c: {"summary": "已核查。"},
        "assistance.request.complete",
    ),
    _step("assistance:close", _completed, REQUESTER, lambda c: {}, "assistance.request.close"),
    _step(
        "assistance:withdraw",
        _accepted,
        REQUESTER,
        lambda c: {"reason": "已自行查明。"},
        "assistance.request.withdraw",
    ),
]


def _api_step(path, make, allowed, body, audit, success=(200,)):
    return Endpoint(
        "POST",
        f"/api/v1/assistance/{{request_id}}/{path}",
        params=lambda c: {"request_id": make(c).pk},
        body=lambda c: {**body(c), "version": _version()},
        allowed=allowed,
        hidden=EVERYONE - PARTIES,
        audit=audit,
        success=success,
    )


def _api_request(cast, who):
    data = _new_request(cast, who)
    if "kind" not in data:
        return {
            "case_id": 0,
            "department_id": data["department"],
            "kind": "records",
            "subject": "调取资料",
            "details": "请提供资料。",
        }
    return {
        "case_id": data["case"],
        "department_id": data["department"],
        "kind": data["kind"],
        "subject": data["subject"],
        "details": data["details"],
        "due_on": data["due_on"],
    }


def _api_result(cast, who):
    person = cast.people.get(who) if who != ANONYMOUS else None
    upload = (
        str(sealed(person).pk)
        if person is not None and not person.is_external and person.role in ("head", "officer")
        else "00000000-0000-0000-0000-000000000000"
    )
    return {
        **RESULT,
        "collected_at": _yesterday().isoformat(),
        "upload_id": upload,
        "version": _version(),
    }


ENDPOINTS = [
    Endpoint("GET", "/api/v1/assistance"),
    Endpoint(
        "POST",
        "/api/v1/assistance",
        body=_api_request,
        per_person=True,
        allowed=WORKERS,
        success=(201,),
        audit="assistance.request.create",
    ),
    Endpoint(
        "GET",
        "/api/v1/assistance/{request_id}",
        params=lambda c: {"request_id": _requested(c).pk},
        allowed=PARTIES,
        hidden=EVERYONE - PARTIES,
    ),
    _api_step(
        "accept",
        _requested,
        ROUTER,
        lambda c: {"assignee_id": c.psb_officer.pk},
        "assistance.request.accept",
    ),
    _api_step(
        "decline",
        _requested,
        ROUTER,
        lambda c: {"reason": "不属本局职责。"},
        "assistance.request.decline",
    ),
    _api_step(
        "assign",
        _accepted,
        ROUTER,
        lambda c: {"assignee_id": c.psb_liaison.pk},
        "assistance.request.assign",
    ),
    Endpoint(
        "POST",
        "/api/v1/assistance/{request_id}/results",
        params=lambda c: {"request_id": _accepted(c).pk},
        body=_api_result,
        per_person=True,
        allowed=HELPERS,
        hidden=EVERYONE - PARTIES,
        success=(201,),
        audit="assistance.request.attach",
    ),
    _api_step(
        "complete",
        _in_progress,
        HELPERS,
        lambda c: {"summary": "已核查。"},
        "assistance.request.complete",
    ),
    _api_step("close", _completed, REQUESTER, lambda c: {}, "assistance.request.close"),
    _api_step(
        "withdraw",
        _accepted,
        REQUESTER,
        lambda c: {"reason": "已自行查明。"},
        "assistance.request.withdraw",
    ),
]
