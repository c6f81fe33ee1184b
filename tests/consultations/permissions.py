"""Permission matrix entries of the consultation pages and API."""

from liandong.consultations import actions
from liandong.consultations.models import Consultation
from tests.matrix import ANONYMOUS, EVERYONE, Endpoint, Route

WORKERS = EVERYONE - {"fin_viewer", "admin", "outsider"}
FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
SAMR = frozenset({"samr_liaison"})
PARTIES = FIN | SAMR
ASKER = frozenset({"fin_officer", "fin_head"})


def _asked(cast):
    return actions.ask(
        department=cast.samr,
        topic="testing",
        subject="办公家具质量检测标准",
        question="应依据哪些国家标准委托检测？",
        acting_user=cast.fin_officer,
    )


def _assigned(cast):
    consultation = _asked(cast)
    return actions.assign(consultation, assignee=cast.samr_liaison, acting_user=cast.samr_liaison)


def _answered(cast):
    consultation = _assigned(cast)
    return actions.answer(consultation, text="依据GB 28007。", acting_user=cast.samr_liaison)


def _version():
    """The version of the consultation the entry's URL just made (the URL comes first)."""
    return Consultation.objects.order_by("-pk").values_list("version", flat=True).first()


def _question_for(cast, who):
    person = cast.people.get(who) if who != ANONYMOUS else None
    to = cast.psb if person is None or person.department_id != cast.psb.pk else cast.samr
    return {"department": to.pk, "topic": "other", "subject": "咨询", "question": "请答复。"}


def _step(name, make, allowed, data, audit):
    return Route(
        name,
        method="POST",
        kwargs=lambda c: {"pk": make(c).pk},
        data=lambda c: {**data, "version": _version()},
        allowed=allowed,
        hidden=EVERYONE - PARTIES,
        success=(302,),
        audit=audit,
    )


ROUTES = [
    Route("consultations:list"),
    Route("consultations:ask", allowed=WORKERS),
    Route(
        "consultations:ask",
        method="POST",
        data=_question_for,
        per_person=True,
        allowed=WORKERS,
        success=(302,),
        audit="consultations.consultation.ask",
    ),
    Route(
        "consultations:detail",
        kwargs=lambda c: {"pk": _asked(c).pk},
        allowed=PARTIES,
        hidden=EVERYONE - PARTIES,
    ),
    Route(
        "consultations:assign",
        method="POST",
        kwargs=lambda c: {"pk": _asked(c).pk},
        data=lambda c: {"assignee": c.samr_liaison.pk, "version": _version()},
        allowed=SAMR,
        hidden=EVERYONE - PARTIES,
        success=(302,),
        audit="consultations.consultation.assign",
    ),
    _step(
        "consultations:answer",
        _assigned,
        SAMR,
        {"text": "答复"},
        "consultations.consultation.answer",
    ),
    _step(
        "consultations:follow_up",
        _answered,
        ASKER,
        {"text": "追问"},
        "consultations.consultation.follow_up",
    ),
    _step("consultations:close", _answered, ASKER, {}, "consultations.consultation.close"),
]


def _api_step(path, make, allowed, body, audit):
    return Endpoint(
        "POST",
        f"/api/v1/consultations/{{consultation_id}}/{path}",
        params=lambda c: {"consultation_id": make(c).pk},
        body=lambda c: {**body(c), "version": _version()},
        allowed=allowed,
        hidden=EVERYONE - PARTIES,
        audit=audit,
    )


def _api_question(cast, who):
    data = _question_for(cast, who)
    return {
        "department_id": data["department"],
        "topic": "other",
        "subject": "咨询",
        "question": "请答复。",
    }


ENDPOINTS = [
    Endpoint("GET", "/api/v1/consultations"),
    Endpoint(
        "POST",
        "/api/v1/consultations",
        body=_api_question,
        per_person=True,
        allowed=WORKERS,
        success=(201,),
        audit="consultations.consultation.ask",
    ),
    Endpoint(
        "GET",
        "/api/v1/consultations/{consultation_id}",
        params=lambda c: {"consultation_id": _asked(c).pk},
        allowed=PARTIES,
        hidden=EVERYONE - PARTIES,
    ),
    _api_step(
        "assign",
        _asked,
        SAMR,
        lambda c: {"assignee_id": c.samr_liaison.pk},
        "consultations.consultation.assign",
    ),
    _api_step(
        "answer", _assigned, SAMR, lambda c: {"text": "答复"}, "consultations.consultation.answer"
    ),
    _api_step(
        "follow-up",
        _answered,
        ASKER,
        lambda c: {"text": "追问"},
        "consultations.consultation.follow_up",
    ),
    _api_step("close", _answered, ASKER, lambda c: {}, "consultations.consultation.close"),
]
