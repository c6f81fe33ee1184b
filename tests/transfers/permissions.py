"""Permission matrix entries of the transfer pages and API.

The transfer: fin_officer transfers a FIN case she and fin_officer2 handle to PSB as a suspected
crime; fin_head approves; psb_liaison and psb_officer receive and decide. An administrative
transfer to SAMR shows the steps of the other kinds (decline, open a case)."""

from liandong.transfers import actions, decisions
from liandong.transfers.models import Transfer
from tests.evidence.support import item
from tests.matrix import ANONYMOUS, EVERYONE, Endpoint, Route
from tests.transfers.support import attach_all, case_under_investigation, draft, sent

WORKERS = EVERYONE - {"fin_viewer", "admin", "outsider"}
FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
LEAD = FIN
MANAGERS = frozenset({"fin_head", "fin_officer", "fin_officer2"})  # those who handle the case
HEAD = frozenset({"fin_head"})
PSB = frozenset({"psb_liaison", "psb_officer"})
SAMR = frozenset({"samr_liaison"})


def _drafted(cast):
    transfer = draft(cast)
    attach_all(cast, transfer)
    return transfer


def _awaiting(cast):
    transfer = _drafted(cast)
    return actions.submit(transfer, report="调查报告。", acting_user=cast.fin_officer)


def _approved(cast):
    return actions.approve(_awaiting(cast), acting_user=cast.fin_head)


def _received(cast):
    return actions.accept(sent(cast), acting_user=cast.psb_liaison)


def _material_requested(cast):
    transfer = _received(cast)
    actions.request_material(transfer, needed="开户资料。", acting_user=cast.psb_liaison)
    return Transfer.objects.get(pk=transfer.pk)


def _not_filed(cast):
    return decisions.not_file(_received(cast), reason="证据不足。", acting_user=cast.psb_liaison)


def _reconsidering(cast):
    return decisions.request_reconsideration(
        _not_filed(cast), reason="证据充分。", acting_user=cast.fin_officer
    )


def _reasons_requested(cast):
    from liandong.transfers import supervision

    transfer = decisions.suggest_supervision(
        _not_filed(cast), note="理由不成立。", acting_user=cast.fin_officer
    )
    supervision.require_reasons(
        transfer.supervision, note="请说明不立案理由。", acting_user=cast.proc_officer
    )
    return Transfer.objects.get(pk=transfer.pk)


def _filed(cast):
    return decisions.file(_received(cast), acting_user=cast.psb_liaison)


def _administrative(cast):
    transfer = actions.create(
        kind="administrative",
        case=case_under_investigation(cast),
        department=cast.samr,
        subject="建议吊销营业执照",
        facts="两年内两次串通投标。",
        acting_user=cast.fin_officer,
    )
    return actions.send(transfer, acting_user=cast.fin_officer)


def _accepted(cast):
    return actions.accept(_administrative(cast), acting_user=cast.samr_liaison)


def _version():
    """The version of the transfer the entry's URL just made (the URL comes first)."""
    return Transfer.objects.order_by("-pk").values_list("version", flat=True).first()


def _last():
    return Transfer.objects.order_by("-pk").first()


def _new_transfer(cast, who):
    """A clue handed to another department (any head or officer may, without a case)."""
    person = cast.people.get(who) if who != ANONYMOUS else None
    to = cast.samr if person is not None and person.department_id == cast.psb.pk else cast.psb
    return {
        "kind": "clue",
        "department": to.pk,
        "subject": "供应商涉嫌串通线索",
        "facts": "举报材料。",
    }


SEEN_DRAFT = FIN - {"admin"}
SEEN_SENT = FIN | PSB


def _step(step, make, allowed, data, seen=SEEN_SENT, audit=None):
    return Route(
        "transfers:step",
        method="POST",
        kwargs=lambda c: {"pk": make(c).pk, "step": step},
        data=lambda c: {**data(c), "version": _version()},
        allowed=allowed,
        hidden=EVERYONE - seen,
        success=(302,),
        audit=audit or f"transfers.transfer.{step}",
        label=f"POST transfers:step {step}",
    )


NOTHING = lambda c: {}  # noqa: E731

ROUTES = [
    Route("transfers:list"),
    Route("transfers:overview", allowed=LEAD),
    Route("transfers:new", allowed=WORKERS),
    Route(
        "transfers:new",
        method="POST",
        data=_new_transfer,
        per_person=True,
        allowed=WORKERS,
        success=(302,),
        audit="transfers.transfer.create",
    ),
    Route(
        "transfers:detail",
        kwargs=lambda c: {"pk": _drafted(c).pk},
        allowed=SEEN_DRAFT,
        hidden=EVERYONE - SEEN_DRAFT,
        label="GET transfers:detail (draft)",
    ),
    Route(
        "transfers:detail",
        kwargs=lambda c: {"pk": sent(c).pk},
        allowed=SEEN_SENT,
        hidden=EVERYONE - SEEN_SENT,
    ),
    Route(
        "transfers:attach",
        method="POST",
        kwargs=lambda c: {"pk": draft(c).pk},
        data=lambda c: {
            "slot": "report",
            "item": item(c, _last().case, title="调查报告").pk,
            "version": _version(),
        },
        allowed=MANAGERS,
        hidden=EVERYONE - SEEN_DRAFT,
        success=(302,),
        audit="transfers.transfer.attach",
    ),
    Route(
        "transfers:detach",
        method="POST",
        kwargs=lambda c: {
            "pk": (t := _drafted(c)).pk,
            "attachment": t.attachments.first().pk,
        },
        allowed=MANAGERS,
        hidden=EVERYONE - SEEN_DRAFT,
        success=(302,),
        audit="transfers.transfer.detach",
    ),
    _step("submit", _drafted, MANAGERS, lambda c: {"report": "调查报告。"}, SEEN_DRAFT),
    _step("approve", _awaiting, HEAD, NOTHING, SEEN_DRAFT),
    _step("refuse", _awaiting, HEAD, lambda c: {"reason": "证据不足。"}, SEEN_DRAFT),
    _step("send", _approved, MANAGERS, NOTHING, SEEN_DRAFT),
    _step("withdraw", _drafted, MANAGERS, lambda c: {"reason": "另案处理。"}, SEEN_DRAFT),
    _step("accept", sent, PSB, NOTHING),
    _step(
        "decline",
        _administrative,
        SAMR,
        lambda c: {"reason": "不属本局职责。"},
        FIN | SAMR,
    ),
    _step(
        "forward",
        _received,
        PSB,
        lambda c: {"forwarded_to": "泉州市公安局经侦支队", "reason": "市局管辖。"},
    ),
    _step("request_material", _received, PSB, lambda c: {"needed": "开户资料。"}),
    _step("complete_material", _material_requested, MANAGERS, lambda c: {"note": "已补充。"}),
    _step(
        "extend_review",
        _received,
        PSB,
        lambda c: {"extension": "ten_days", "reason": "需调取银行流水。", "approver": ""},
    ),
    _step("file", _received, PSB, lambda c: {"number": ""}),
    _step("not_file", _received, PSB, lambda c: {"reason": "证据不足。", "number": ""}),
    _step("request_reconsideration", _not_filed, MANAGERS, lambda c: {"reason": "证据充分。"}),
    _step(
        "decide_reconsideration",
        _reconsidering,
        PSB,
        lambda c: {"upheld": "1", "note": "维持。", "number": ""},
    ),
    _step("suggest_supervision", _not_filed, MANAGERS, lambda c: {"note": "理由不成立。"}),
    _step("return_to_administration", _not_filed, MANAGERS, lambda c: {"note": "行政处罚。"}),
    _step(
        "explain_supervision",
        _reasons_requested,
        PSB,
        lambda c: {"explanation": "证据不足。", "number": ""},
        audit="transfers.supervision.explain",
    ),
    _step("hand_over", _filed, MANAGERS, lambda c: {"items": "投标文件3份。"}),
    _step("feedback", _filed, PSB, lambda c: {"kind": "investigating", "text": "侦查中。"}),
    _step("open_case", _accepted, SAMR, NOTHING, FIN | SAMR),
]


def _api_step(step, make, allowed, body, seen=SEEN_SENT, audit=None):
    return Endpoint(
        "POST",
        "/api/v1/transfers/{transfer_id}/{step}",
        params=lambda c: {"transfer_id": make(c).pk, "step": step},
        body=lambda c: {**body(c), "version": _version()},
        allowed=allowed,
        hidden=EVERYONE - seen,
        audit=audit or f"transfers.transfer.{step}",
        label=f"POST /api/v1/transfers/{{transfer_id}}/{step}",
    )


def _api_new(cast, who):
    data = _new_transfer(cast, who)
    return {
        "kind": data["kind"],
        "department_id": data["department"],
        "subject": data["subject"],
        "facts": data["facts"],
    }


ENDPOINTS = [
    Endpoint("GET", "/api/v1/transfers"),
    Endpoint("GET", "/api/v1/transfers/overview", allowed=LEAD),
    Endpoint(
        "POST",
        "/api/v1/transfers",
        body=_api_new,
        per_person=True,
        allowed=WORKERS,
        success=(201,),
        audit="transfers.transfer.create",
    ),
    Endpoint(
        "GET",
        "/api/v1/transfers/{transfer_id}",
        params=lambda c: {"transfer_id": sent(c).pk},
        allowed=SEEN_SENT,
        hidden=EVERYONE - SEEN_SENT,
    ),
    Endpoint(
        "POST",
        "/api/v1/transfers/{transfer_id}/attachments",
        params=lambda c: {"transfer_id": draft(c).pk},
        body=lambda c: {
            "slot": "report",
            "evidence_id": item(c, _last().case, title="调查报告").pk,
            "version": _version(),
        },
        allowed=MANAGERS,
        hidden=EVERYONE - SEEN_DRAFT,
        success=(201,),
        audit="transfers.transfer.attach",
    ),
    _api_step("submit", _drafted, MANAGERS, lambda c: {"report": "调查报告。"}, SEEN_DRAFT),
    _api_step("approve", _awaiting, HEAD, NOTHING, SEEN_DRAFT),
    _api_step("send", _approved, MANAGERS, NOTHING, SEEN_DRAFT),
    _api_step("accept", sent, PSB, NOTHING),
    _api_step("not_file", _received, PSB, lambda c: {"reason": "证据不足。"}),
    _api_step(
        "decide_reconsideration", _reconsidering, PSB, lambda c: {"upheld": True, "note": "维持。"}
    ),
    _api_step(
        "explain_supervision",
        _reasons_requested,
        PSB,
        lambda c: {"explanation": "证据不足。"},
        audit="transfers.supervision.explain",
    ),
    _api_step("hand_over", _filed, MANAGERS, lambda c: {"items": "投标文件3份。"}),
    _api_step("feedback", _filed, PSB, lambda c: {"kind": "investigating", "text": "侦查中。"}),
]
