"""Permission matrix entries of the evidence pages and API."""

from django.core.files.uploadedfile import SimpleUploadedFile

from liandong.cases import actions as cases
from liandong.evidence import actions
from tests.cases.permissions import FIN_READERS, HANDLERS
from tests.evidence.support import PDF, fields, sealed
from tests.matrix import ANONYMOUS, EVERYONE, Endpoint, Route

UPLOADERS = EVERYONE - {"fin_viewer", "admin", "outsider"}
POLICE = frozenset({"psb_liaison", "psb_officer"})
OWNER = frozenset({"fin_officer"})
FORM = {**fields(), "collected_at": "2026-11-20T09:30"}
PHYSICAL = {
    **fields(kind="physical", title="投标保证金收据原件", description="收据原件一张"),
    "collected_at": "2026-11-20T09:30:00+08:00",
}


def _case(cast):
    case = cases.register_case(
        cast.fin,
        title="某中学设备采购项目涉嫌串通投标",
        source="report",
        acting_user=cast.fin_officer,
    )
    cases.assign_officers(case, officers=[cast.fin_officer], acting_user=cast.fin_head)
    return case


def _item(cast, shared=False):
    case = _case(cast)
    upload = sealed(cast.fin_officer)
    item = actions.add_item(case, upload_id=upload.pk, acting_user=cast.fin_officer, **fields())
    if shared:
        cases.share_case(case, department=cast.psb, part="evidence", acting_user=cast.fin_head)
    return item


def _latest_item() -> int:
    """The item the entry's URL just made (the URL is built before the body)."""
    from liandong.evidence.models import EvidenceItem

    return EvidenceItem.objects.order_by("-pk").values_list("pk", flat=True).first()


def _attachment(cast):
    case = _case(cast)
    upload = sealed(cast.fin_officer, "立案审批表.pdf")
    return actions.add_attachment(
        case, title="立案审批表", upload_id=upload.pk, acting_user=cast.fin_officer
    )


def _own_upload(cast, who):
    """A sealed upload of whoever sends the request (uploads are personal)."""
    person = cast.people.get(who) if who != ANONYMOUS else None
    if person is None or person.is_external or person.role not in ("head", "officer"):
        return "00000000-0000-0000-0000-000000000000"
    return str(sealed(person).pk)


def _started(cast, complete=False):
    upload = actions.start_upload(
        filename="开标记录.pdf", size=len(PDF), acting_user=cast.fin_officer
    )
    if complete:
        from io import BytesIO

        actions.receive_chunk(
            upload, offset=0, stream=BytesIO(PDF), length=len(PDF), acting_user=cast.fin_officer
        )
    return str(upload.pk)


def _file_form(cast):
    return {**FORM, "file": SimpleUploadedFile("开标记录.pdf", PDF)}


OUTSIDE_FIN = EVERYONE - FIN_READERS
SEEN_BY_POLICE = EVERYONE - FIN_READERS - POLICE

ROUTES = [
    Route("evidence:key"),
    Route(
        "evidence:add",
        kwargs=lambda c: {"case_pk": _case(c).pk},
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
    ),
    Route(
        "evidence:add",
        method="POST",
        kwargs=lambda c: {"case_pk": _case(c).pk},
        data=_file_form,
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
        success=(302,),
        audit="evidence.item.add",
    ),
    Route(
        "evidence:detail",
        kwargs=lambda c: {"pk": _item(c, shared=True).pk},
        allowed=FIN_READERS | POLICE,
        hidden=SEEN_BY_POLICE,
        audit="evidence.item.view",
    ),
    Route(
        "evidence:download",
        kwargs=lambda c: {"pk": _item(c).pk},
        allowed=FIN_READERS,
        hidden=OUTSIDE_FIN,
        audit="evidence.item.download",
    ),
    Route(
        "evidence:correct",
        kwargs=lambda c: {"pk": _item(c).pk},
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
    ),
    Route(
        "evidence:correct",
        method="POST",
        kwargs=lambda c: {"pk": _item(c).pk},
        data=lambda c: {**FORM, "correction_reason": "补充收集地点"},
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
        success=(302,),
        audit="evidence.item.supersede",
    ),
    Route(
        "evidence:recognise",
        method="POST",
        kwargs=lambda c: {"pk": _item(c, shared=True).pk},
        data=lambda c: {"accepted": "1", "opinion": "来源合法，认可。"},
        allowed=POLICE,
        hidden=SEEN_BY_POLICE,
        success=(302,),
        audit="evidence.item.recognise",
    ),
    Route(
        "evidence:package",
        method="POST",
        kwargs=lambda c: {"case_pk": _item(c).case_id},
        data=lambda c: {"items": [_latest_item()]},
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
        audit="evidence.item.export",
    ),
    Route(
        "evidence:attachment_add",
        kwargs=lambda c: {"case_pk": _case(c).pk},
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
    ),
    Route(
        "evidence:attachment_add",
        method="POST",
        kwargs=lambda c: {"case_pk": _case(c).pk},
        data=lambda c: {"title": "立案审批表", "file": SimpleUploadedFile("a.pdf", PDF)},
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
        success=(302,),
        audit="evidence.attachment.add",
    ),
    Route(
        "evidence:attachment_download",
        kwargs=lambda c: {"pk": _attachment(c).pk},
        allowed=FIN_READERS,
        hidden=OUTSIDE_FIN,
    ),
]

ENDPOINTS = [
    Endpoint("GET", "/api/v1/evidence/signing-key"),
    Endpoint(
        "POST",
        "/api/v1/evidence/uploads",
        body=lambda c: {"filename": "开标记录.pdf", "size": 1000},
        allowed=UPLOADERS,
        success=(201,),
    ),
    Endpoint(
        "GET",
        "/api/v1/evidence/uploads/{upload_id}",
        params=lambda c: {"upload_id": _started(c)},
        allowed=OWNER,
        hidden=EVERYONE - OWNER,
    ),
    Endpoint(
        "PUT",
        "/api/v1/evidence/uploads/{upload_id}",
        params=lambda c: {"upload_id": _started(c)},
        query="?offset=0",
        body=lambda c: PDF,
        allowed=OWNER,
        hidden=EVERYONE - OWNER,
    ),
    Endpoint(
        "POST",
        "/api/v1/evidence/uploads/{upload_id}/seal",
        params=lambda c: {"upload_id": _started(c, complete=True)},
        allowed=OWNER,
        hidden=EVERYONE - OWNER,
    ),
    Endpoint(
        "DELETE",
        "/api/v1/evidence/uploads/{upload_id}",
        params=lambda c: {"upload_id": _started(c)},
        allowed=OWNER,
        hidden=EVERYONE - OWNER,
        success=(204,),
    ),
    Endpoint(
        "GET",
        "/api/v1/cases/{case_id}/evidence",
        params=lambda c: {"case_id": _item(c).case_id},
        allowed=FIN_READERS,
        hidden=OUTSIDE_FIN,
    ),
    Endpoint(
        "POST",
        "/api/v1/cases/{case_id}/evidence",
        params=lambda c: {"case_id": _case(c).pk},
        body=lambda c, who: {**PHYSICAL},
        per_person=True,
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
        success=(201,),
        audit="evidence.item.add",
    ),
    Endpoint(
        "GET",
        "/api/v1/evidence/{item_id}",
        params=lambda c: {"item_id": _item(c, shared=True).pk},
        allowed=FIN_READERS | POLICE,
        hidden=SEEN_BY_POLICE,
        audit="evidence.item.view",
    ),
    Endpoint(
        "GET",
        "/api/v1/evidence/{item_id}/file",
        params=lambda c: {"item_id": _item(c).pk},
        allowed=FIN_READERS,
        hidden=OUTSIDE_FIN,
        audit="evidence.item.download",
    ),
    Endpoint(
        "POST",
        "/api/v1/evidence/{item_id}/corrections",
        params=lambda c: {"item_id": _item(c).pk},
        body=lambda c: {**PHYSICAL, "kind": "documentary", "correction_reason": "补充"},
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
        success=(201,),
        audit="evidence.item.supersede",
    ),
    Endpoint(
        "POST",
        "/api/v1/evidence/{item_id}/recognitions",
        params=lambda c: {"item_id": _item(c, shared=True).pk},
        body=lambda c: {"accepted": False, "opinion": "收集程序缺少见证人签名，不予认可。"},
        allowed=POLICE,
        hidden=SEEN_BY_POLICE,
        success=(201,),
        audit="evidence.item.recognise",
    ),
    Endpoint(
        "POST",
        "/api/v1/cases/{case_id}/evidence/package",
        params=lambda c: {"case_id": _item(c).case_id},
        body=lambda c: {"items": [_latest_item()]},
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
        success=(200,),
        audit="evidence.item.export",
    ),
    Endpoint(
        "GET",
        "/api/v1/cases/{case_id}/attachments",
        params=lambda c: {"case_id": _attachment(c).case_id},
        allowed=FIN_READERS,
        hidden=OUTSIDE_FIN,
    ),
    Endpoint(
        "POST",
        "/api/v1/cases/{case_id}/attachments",
        params=lambda c: {"case_id": _case(c).pk},
        body=lambda c, who: {"upload_id": _own_upload(c, who), "title": "立案审批表"},
        per_person=True,
        allowed=HANDLERS,
        hidden=OUTSIDE_FIN,
        success=(201,),
        audit="evidence.attachment.add",
    ),
]
