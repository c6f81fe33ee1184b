"""Permission matrix entries of the bulletin pages and API.

The bulletin: drc_liaison publishes a 问题反映 to FIN (the lead unit) and PSB. DRC, FIN and PSB
see it; AUD, SAMR, the administrator and the other jurisdiction do not even learn it exists.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from liandong.sharing import actions
from liandong.sharing.models import Bulletin
from tests.evidence.support import PDF, sealed
from tests.matrix import ANONYMOUS, EVERYONE, Endpoint, Route

FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
PSB = frozenset({"psb_liaison", "psb_officer"})
AUTHOR = frozenset({"drc_liaison"})
SEEING = AUTHOR | FIN | PSB
HIDDEN = EVERYONE - SEEING
REPLYING = SEEING - {"fin_viewer"}  # viewers only read
RECEIPTS = AUTHOR | FIN  # the author's department and the lead unit
WRITERS = EVERYONE - {"fin_viewer", "admin", "outsider"}
ZERO = "00000000-0000-0000-0000-000000000000"


def _bulletin(cast, files=()):
    return actions.publish(
        category="problem",
        title="行政处罚信用信息报送不及时的问题反映",
        body="请各单位在7个工作日内报送。",
        audience=[cast.fin, cast.psb],
        upload_ids=files,
        acting_user=cast.drc_liaison,
    )


def _with_file(cast):
    return _bulletin(cast, [sealed(cast.drc_liaison).pk])


def _version():
    return Bulletin.objects.order_by("-pk").values_list("version", flat=True).first()


def _publish_form(cast):
    return {"category": "work", "title": "工作信息", "body": "正文。", "scope": "all"}


def _post(name, data, allowed, audit, make=_bulletin):
    return Route(
        name,
        method="POST",
        kwargs=lambda c: {"pk": make(c).pk},
        data=data,
        allowed=allowed,
        hidden=HIDDEN,
        success=(302,),
        audit=audit,
    )


ROUTES = [
    Route("sharing:list"),
    Route("sharing:new", allowed=WRITERS),
    Route(
        "sharing:new",
        method="POST",
        data=_publish_form,
        allowed=WRITERS,
        success=(302,),
        audit="sharing.bulletin.publish",
    ),
    Route(
        "sharing:detail",
        kwargs=lambda c: {"pk": _bulletin(c).pk},
        allowed=SEEING,
        hidden=HIDDEN,
    ),
    _post("sharing:reply", lambda c: {"text": "已收悉。"}, REPLYING, "sharing.bulletin.reply"),
    _post(
        "sharing:withdraw",
        lambda c: {"reason": "数据有误。", "version": _version()},
        AUTHOR,
        "sharing.bulletin.withdraw",
    ),
    Route(
        "sharing:attach",
        kwargs=lambda c: {"pk": _bulletin(c).pk},
        allowed=AUTHOR,
        hidden=HIDDEN,
    ),
    _post(
        "sharing:attach",
        lambda c: {"file": SimpleUploadedFile("补充说明.pdf", PDF)},
        AUTHOR,
        "sharing.bulletin.attach",
    ),
    Route(
        "sharing:download",
        kwargs=lambda c: {"pk": _with_file(c).attachments.get().pk},
        allowed=SEEING,
        hidden=HIDDEN,
        audit="sharing.bulletin.download",
    ),
]


def _publish_body(cast):
    return {"category": "work", "title": "工作信息", "body": "正文。", "to_all": True}


def _own_upload(cast, who):
    person = cast.people.get(who) if who != ANONYMOUS else None
    if person is None or person.is_external or person.role not in ("head", "officer"):
        return {"upload_id": ZERO}
    return {"upload_id": str(sealed(person, "补充说明.pdf").pk)}


def _on(path, method="GET", make=_bulletin, **extra):
    return Endpoint(
        method,
        f"/api/v1/bulletins/{{bulletin_id}}{path}",
        params=lambda c: {"bulletin_id": make(c).pk},
        hidden=HIDDEN,
        **extra,
    )


def _file_params(cast):
    bulletin = _with_file(cast)
    return {"bulletin_id": bulletin.pk, "attachment_id": bulletin.attachments.get().pk}


ENDPOINTS = [
    Endpoint("GET", "/api/v1/bulletins"),
    Endpoint(
        "POST",
        "/api/v1/bulletins",
        body=_publish_body,
        allowed=WRITERS,
        success=(201,),
        audit="sharing.bulletin.publish",
    ),
    _on("", allowed=SEEING),
    _on(
        "/replies",
        "POST",
        body=lambda c: {"text": "已收悉。"},
        allowed=REPLYING,
        success=(201,),
        audit="sharing.bulletin.reply",
    ),
    _on(
        "/withdraw",
        "POST",
        body=lambda c: {"reason": "数据有误。", "version": _version()},
        allowed=AUTHOR,
        audit="sharing.bulletin.withdraw",
    ),
    _on(
        "/attachments",
        "POST",
        body=_own_upload,
        per_person=True,
        allowed=AUTHOR,
        success=(201,),
        audit="sharing.bulletin.attach",
    ),
    Endpoint(
        "GET",
        "/api/v1/bulletins/{bulletin_id}/attachments/{attachment_id}/file",
        params=_file_params,
        allowed=SEEING,
        hidden=HIDDEN,
        audit="sharing.bulletin.download",
    ),
    _on("/receipts", allowed=RECEIPTS),
]
