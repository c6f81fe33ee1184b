"""Permission matrix entries of the case pages and API."""

from django.utils import timezone

from liandong.cases import actions
from liandong.cases.models import Case
from tests.matrix import EVERYONE, Endpoint, Route

CREATORS = frozenset(
    {
        "fin_head",
        "fin_liaison",
        "fin_officer",
        "fin_officer2",
        "psb_liaison",
        "psb_officer",
        "drc_liaison",
        "aud_liaison",
        "samr_liaison",
    }
)
FIN_READERS = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
HANDLERS = frozenset({"fin_head", "fin_officer"})  # the head, and the officer assigned


def _case(cast):
    case = actions.register_case(
        cast.fin,
        title="某学校设备采购项目涉嫌串通投标",
        source="complaint",
        acting_user=cast.fin_officer,
    )
    actions.assign_officers(case, officers=[cast.fin_officer], acting_user=cast.fin_head)
    return case


def _heard(cast):
    """A case in 审理 handled by fin_officer (and its head), where the hearing steps are taken."""
    from tests.transfers.support import case_under_investigation

    case = case_under_investigation(cast, to="hearing")
    return actions.assign_officers(case, officers=[cast.fin_officer], acting_user=cast.fin_head)


def _decided(cast):
    """A case decided with a penalty, ready for its service (行政处罚法 第六十一条)."""
    case = _heard(cast)
    return actions.move_case(
        case,
        "decide",
        decision_kind="penalty",
        decision_number="泉鲤政财罚〔2026〕8号",
        decision_date=timezone.localdate(),
        acting_user=cast.fin_head,
    )


def _handled(name, audit, data=lambda c: {}, make=_case):
    return Route(
        name,
        method="POST",
        kwargs=lambda c: {"pk": make(c).pk},
        data=data,
        allowed=HANDLERS,
        hidden=EVERYONE - FIN_READERS,
        success=(302,),
        audit=audit,
    )


def _handler_page(name):
    return Route(
        name,
        kwargs=lambda c: {"pk": _case(c).pk},
        allowed=HANDLERS,
        hidden=EVERYONE - FIN_READERS,
    )


NEW_CASE = {"title": "某物业服务项目涉嫌提供虚假材料", "source": "report"}
EDITED = {"version": 1, "title": "某学校设备采购项目涉嫌恶意串通", "source": "complaint"}
FACTS = {"version": 1, "direct_loss": "500000.00"}
THRESHOLD_VERSION = {
    "code": "collusion.illegal_gains",
    "amount": "300000",
    "effective_from": "2027-01-01",
    "basis": "假设的修订标准（权限矩阵）",
}

ROUTES = [
    Route("cases:list"),
    Route("cases:create", allowed=CREATORS),
    Route(
        "cases:create",
        method="POST",
        data=lambda c: NEW_CASE,
        allowed=CREATORS,
        success=(302,),
        audit="cases.case.register",
    ),
    Route("cases:suggestions", allowed=FIN_READERS),
    Route("cases:thresholds"),  # the law's figures: everyone reads them
    Route(
        "cases:thresholds",
        method="POST",
        data=lambda c: THRESHOLD_VERSION,
        allowed=frozenset({"admin", "outsider"}),  # the law is the same in every jurisdiction
        success=(302,),
        audit="cases.threshold.add_version",
    ),
    Route(
        "cases:detail",
        kwargs=lambda c: {"pk": _case(c).pk},
        allowed=FIN_READERS,
        hidden=EVERYONE - FIN_READERS,
    ),
    _handler_page("cases:edit"),
    _handled("cases:edit", "cases.case.update", data=lambda c: EDITED),
    _handler_page("cases:facts"),
    _handled("cases:facts", "cases.case.update_facts", data=lambda c: FACTS),
    _handled("cases:move", "cases.case.review", data=lambda c: {"verb": "review"}),
    _handled(
        "cases:serve",
        "cases.case.serve",
        data=lambda c: {
            "version": Case.objects.order_by("-pk").values_list("version", flat=True).first(),
            "served_on": timezone.localdate().isoformat(),
            "method": "direct",
        },
        make=_decided,
    ),
    _handled(
        "cases:hearing",
        "cases.hearing.notify",
        data=lambda c: {
            "version": Case.objects.order_by("-pk").values_list("version", flat=True).first(),
            "step": "notify",
        },
        make=_heard,
    ),
    _handled(
        "cases:assign",
        "cases.case.assign",
        data=lambda c: {"officers": [c.fin_officer.pk, c.fin_officer2.pk]},
    ),
    _handled(
        "cases:party_add",
        "cases.party.add",
        data=lambda c: {
            "role": "supplier",
            "name": "泉州某某科技有限公司",
            "uscc": "914403001922038216",
        },
    ),
    _handled("cases:note_add", "cases.journal.add", data=lambda c: {"text": "已调取开标记录。"}),
    _handled(
        "cases:share",
        "cases.case.share",
        data=lambda c: {"department": c.psb.pk, "part": "summary"},
    ),
]

ENDPOINTS = [
    Endpoint("GET", "/api/v1/cases"),
    Endpoint(
        "GET",
        "/api/v1/cases/{case_id}",
        params=lambda c: {"case_id": _case(c).pk},
        allowed=FIN_READERS,
        hidden=EVERYONE - FIN_READERS,
    ),
    Endpoint(
        "POST",
        "/api/v1/cases",
        body=lambda c: NEW_CASE,
        allowed=CREATORS,
        success=(201,),
        audit="cases.case.register",
    ),
    Endpoint(
        "PATCH",
        "/api/v1/cases/{case_id}",
        params=lambda c: {"case_id": _case(c).pk},
        body=lambda c: EDITED,
        allowed=HANDLERS,
        hidden=EVERYONE - FIN_READERS,
        audit="cases.case.update",
    ),
    Endpoint(
        "PATCH",
        "/api/v1/cases/{case_id}/facts",
        params=lambda c: {"case_id": _case(c).pk},
        body=lambda c: FACTS,
        allowed=HANDLERS,
        hidden=EVERYONE - FIN_READERS,
        audit="cases.case.update_facts",
    ),
    Endpoint(
        "GET",
        "/api/v1/cases/{case_id}/penalty",
        params=lambda c: {"case_id": _case(c).pk},
        allowed=FIN_READERS,
        hidden=EVERYONE - FIN_READERS,
    ),
    Endpoint(
        "POST",
        "/api/v1/cases/{case_id}/transitions",
        params=lambda c: {"case_id": _case(c).pk},
        body=lambda c: {"verb": "review"},
        allowed=HANDLERS,
        hidden=EVERYONE - FIN_READERS,
        audit="cases.case.review",
    ),
    Endpoint(
        "POST",
        "/api/v1/cases/{case_id}/service",
        params=lambda c: {"case_id": _decided(c).pk},
        body=lambda c: {"served_on": timezone.localdate().isoformat(), "method": "direct"},
        allowed=HANDLERS,
        hidden=EVERYONE - FIN_READERS,
        audit="cases.case.serve",
    ),
    Endpoint(
        "POST",
        "/api/v1/cases/{case_id}/hearing",
        params=lambda c: {"case_id": _heard(c).pk},
        body=lambda c: {"step": "notify"},
        allowed=HANDLERS,
        hidden=EVERYONE - FIN_READERS,
        audit="cases.hearing.notify",
    ),
]
