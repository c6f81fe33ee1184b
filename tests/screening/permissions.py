"""Permission matrix entries of screening in the platform.

FIN is allowed to screen (an administrator granted it); its heads and officers upload, run and
decide about flags, its viewer reads; other departments and administrators see none of it (the
administrators manage who is allowed)."""

from liandong.screening import demo as screening_demo
from liandong.screening.models import DataSet, ScreeningFlag
from tests.evidence.support import sealed
from tests.matrix import ANONYMOUS, EVERYONE, Endpoint, Route
from tests.screening.support import allowed, screened

FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
FIN_WRITERS = FIN - {"fin_viewer"}
ADMINS = frozenset({"admin", "outsider"})
HIDDEN = EVERYONE - FIN
ZERO = "00000000-0000-0000-0000-000000000000"


def _dataset(cast):
    allowed(cast)
    found = DataSet.objects.filter(state="done").first()
    return found or screened(cast)


def _flag(cast):
    dataset = _dataset(cast)
    return dataset.flags.filter(state="open").order_by("pk").first()


def _version():
    return ScreeningFlag.objects.order_by("pk").values_list("version", flat=True).first()


def _setup_list(cast):
    allowed(cast)
    return {}


ROUTES = [
    Route("screening:list", kwargs=_setup_list, allowed=FIN),
    Route("screening:access", allowed=frozenset({"admin"}) | {"outsider"}),
    Route("screening:dataset", kwargs=lambda c: {"pk": _dataset(c).pk}, allowed=FIN, hidden=HIDDEN),
    Route(
        "screening:lot",
        kwargs=lambda c: {"pk": _dataset(c).pk},
        data=lambda c: {"project": "QZLC-2026-0311", "lot": "1"},
        allowed=FIN,
        hidden=HIDDEN,
    ),
    Route("screening:network", kwargs=lambda c: {"pk": _dataset(c).pk}, allowed=FIN, hidden=HIDDEN),
    Route("screening:flag", kwargs=lambda c: {"pk": _flag(c).pk}, allowed=FIN, hidden=HIDDEN),
    Route(
        "screening:flag_step",
        method="POST",
        kwargs=lambda c: {"pk": _flag(c).pk, "step": "dismiss"},
        data=lambda c: {"reason": "已核实为正常情形。", "version": _version()},
        allowed=FIN_WRITERS,
        hidden=HIDDEN,
        success=(302,),
        audit="screening.flag.dismiss",
        label="POST screening:flag_step dismiss",
    ),
]


def _own_upload(cast, who):
    allowed(cast)
    person = cast.people.get(who) if who != ANONYMOUS else None
    if person is None or person.is_external or person.role not in ("head", "officer"):
        return {"title": "开标数据", "upload_id": ZERO}
    upload = sealed(person, "开标数据.csv", screening_demo._csv())
    return {"title": "开标数据", "upload_id": str(upload.pk)}


ENDPOINTS = [
    Endpoint("GET", "/api/v1/screening/datasets", params=_setup_list, allowed=FIN),
    Endpoint(
        "POST",
        "/api/v1/screening/datasets",
        body=_own_upload,
        per_person=True,
        allowed=FIN_WRITERS,
        success=(201,),
        audit="screening.dataset.upload",
    ),
    Endpoint(
        "GET",
        "/api/v1/screening/datasets/{dataset_id}",
        params=lambda c: {"dataset_id": _dataset(c).pk},
        allowed=FIN,
        hidden=HIDDEN,
    ),
    Endpoint(
        "GET",
        "/api/v1/screening/datasets/{dataset_id}/flags",
        params=lambda c: {"dataset_id": _dataset(c).pk},
        allowed=FIN,
        hidden=HIDDEN,
    ),
    Endpoint(
        "POST",
        "/api/v1/screening/flags/{flag_id}/dismiss",
        params=lambda c: {"flag_id": _flag(c).pk},
        body=lambda c: {"reason": "已核实为正常情形。"},
        allowed=FIN_WRITERS,
        hidden=HIDDEN,
        audit="screening.flag.dismiss",
    ),
    Endpoint(
        "POST",
        "/api/v1/screening/flags/{flag_id}/clue",
        params=lambda c: {"flag_id": _flag(c).pk},
        body=lambda c: {},
        allowed=FIN_WRITERS,
        hidden=HIDDEN,
        audit="screening.flag.to_clue",
    ),
]
