"""Permission matrix entries of the procuratorate's pages and API: its person (proc_officer)
alone; a member department's person finds nothing there (404), and the procuratorate's person
gets 403 everywhere else (the gate, ``tests.matrix.EXTERNAL``)."""

from liandong.deadlines.models import Deadline
from liandong.transfers import decisions, supervision
from liandong.transfers.models import Supervision
from tests.cast import EXTERNAL
from tests.matrix import EVERYONE, Endpoint, Route
from tests.transfers.permissions import _not_filed
from tests.transfers.support import sent

PROC = EXTERNAL


def _supervised(cast) -> Supervision:
    transfer = decisions.suggest_supervision(
        _not_filed(cast), note="不立案理由不能成立。", acting_user=cast.fin_officer
    )
    return Supervision.objects.get(transfer=transfer)


def _explained(cast) -> Supervision:
    found = supervision.require_reasons(
        _supervised(cast), note="请说明不立案理由。", acting_user=cast.proc_officer
    )
    return supervision.explain(found, explanation="证据不足。", acting_user=cast.psb_liaison)


def _answer_clock(cast) -> Deadline:
    found = supervision.find_reasons_stand(
        _explained(cast), reasons="理由成立。", acting_user=cast.proc_officer
    )
    return Deadline.objects.for_object(found.transfer).get(rule__code=supervision.ANSWER_RULE)


def _version():
    return Supervision.objects.order_by("-pk").values_list("version", flat=True).first()


def _answer(step, make, text="依据和理由。"):
    return Route(
        "procuratorate:answer",
        method="POST",
        kwargs=lambda c: {"pk": make(c).transfer_id, "step": step},
        data=lambda c: {"text": text, "number": "", "version": _version()},
        allowed=PROC,
        hidden=EVERYONE,
        success=(302,),
        audit=f"transfers.supervision.{step}",
        label=f"POST procuratorate:answer {step}",
    )


ROUTES = [
    Route("procuratorate:home", allowed=PROC, hidden=EVERYONE),
    Route("procuratorate:transfers", allowed=PROC, hidden=EVERYONE),
    Route(
        "procuratorate:detail",
        kwargs=lambda c: {"pk": sent(c).pk},
        allowed=PROC,
        hidden=EVERYONE,
    ),
    _answer("require_reasons", _supervised),
    _answer("notify_filing", _explained),
    _answer("find_reasons_stand", _explained),
    _answer("decline", _supervised),
    Route(
        "procuratorate:deadline",
        kwargs=lambda c: {"pk": _answer_clock(c).pk},
        allowed=PROC,
        hidden=EVERYONE,
        success=(302,),
    ),
]


def _api_answer(answer, make, audit):
    return Endpoint(
        "POST",
        "/api/v1/procuratorate/supervisions/{supervision_id}/{answer}",
        params=lambda c: {"supervision_id": make(c).pk, "answer": answer},
        body=lambda c: {"text": "依据和理由。", "version": _version()},
        allowed=PROC,
        hidden=EVERYONE,
        audit=f"transfers.supervision.{audit}",
        label=f"POST /api/v1/procuratorate/supervisions/{{supervision_id}}/{answer}",
    )


ENDPOINTS = [
    Endpoint("GET", "/api/v1/procuratorate/transfers", allowed=PROC, hidden=EVERYONE),
    Endpoint(
        "GET",
        "/api/v1/procuratorate/transfers/{transfer_id}",
        params=lambda c: {"transfer_id": sent(c).pk},
        allowed=PROC,
        hidden=EVERYONE,
    ),
    Endpoint("GET", "/api/v1/procuratorate/supervisions", allowed=PROC, hidden=EVERYONE),
    Endpoint("GET", "/api/v1/procuratorate/figures", allowed=PROC, hidden=EVERYONE),
    _api_answer("require-reasons", _supervised, "require_reasons"),
    _api_answer("notify-filing", _explained, "notify_filing"),
    _api_answer("reasons-stand", _explained, "find_reasons_stand"),
    _api_answer("decline", _supervised, "decline"),
]
