import datetime as dt
import uuid

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import AwareDatetime, ConfigDict

from liandong.cases.models import Case
from liandong.core.validation import refuse
from liandong.evidence import actions, custody, export, signing, storage
from liandong.evidence.models import (
    Attachment,
    CollectionMethod,
    EvidenceItem,
    EvidenceKind,
    Upload,
)

router = Router(tags=["证据"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class EvidenceUploadIn(Strict):
    filename: str = Field(..., max_length=200)
    size: int = Field(..., description="文件字节数")


class UploadOut(Schema):
    id: uuid.UUID
    filename: str
    size: int
    received: int
    state: str
    chunk_size: int
    sm3: str
    sha256: str
    mime: str


def _upload_out(upload: Upload) -> dict:
    return {
        "id": upload.pk,
        "filename": upload.filename,
        "size": upload.size,
        "received": upload.received,
        "state": upload.state,
        "chunk_size": settings.EVIDENCE_CHUNK_BYTES,
        "sm3": upload.sm3,
        "sha256": upload.sha256,
        "mime": upload.mime,
    }


def _own_upload(request, upload_id) -> Upload:
    return get_object_or_404(Upload, pk=upload_id, owner=request.user)


@router.post(
    "/evidence/uploads",
    response={201: UploadOut},
    url_name="evidence_upload_start",
    summary="开始分片上传",
)
def start_upload(request, payload: EvidenceUploadIn):
    upload = actions.start_upload(
        filename=payload.filename, size=payload.size, acting_user=request.user
    )
    return Status(201, _upload_out(upload))


@router.get("/evidence/uploads/{upload_id}", response=UploadOut, summary="上传进度")
def upload_state(request, upload_id: uuid.UUID):
    return _upload_out(_own_upload(request, upload_id))


@router.put(
    "/evidence/uploads/{upload_id}",
    response=UploadOut,
    summary="上传一个分片",
    description=(
        "请求体为原始字节（application/octet-stream），offset 为这一片在文件中的起始位置，"
        "必须等于已收到的字节数；位置不对时返回 422（type=wrong_offset），可先查询进度再续传。"
    ),
)
def upload_chunk(request, upload_id: uuid.UUID, offset: int):
    upload = _own_upload(request, upload_id)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        raise refuse("chunk", _("分片为空。"), "empty")
    upload = actions.receive_chunk(
        upload, offset=offset, stream=request, length=length, acting_user=request.user
    )
    return _upload_out(upload)


@router.post(
    "/evidence/uploads/{upload_id}/seal",
    response=UploadOut,
    summary="完成上传：按内容检查类型并计算 SM3、SHA-256",
)
def seal_upload(request, upload_id: uuid.UUID):
    upload = actions.seal_upload(_own_upload(request, upload_id), acting_user=request.user)
    return _upload_out(upload)


@router.delete("/evidence/uploads/{upload_id}", response={204: None}, summary="放弃上传")
def abort_upload(request, upload_id: uuid.UUID):
    actions.abort_upload(_own_upload(request, upload_id), acting_user=request.user)
    return Status(204, None)


class ItemIn(Strict):
    upload_id: uuid.UUID | None = Field(None, description="已完成（seal）的上传；物证可不附文件")
    title: str = Field(..., max_length=200)
    kind: EvidenceKind
    collectors: str = Field(..., max_length=200)
    collected_at: AwareDatetime
    place: str = Field(..., max_length=200)
    method: CollectionMethod
    source: str = Field(..., max_length=200)
    description: str = ""


class CorrectionIn(ItemIn):
    correction_reason: str = Field(..., max_length=200)


class RecognitionOut(Schema):
    department: str
    accepted: bool
    opinion: str
    recorded_by: str
    recorded_at: dt.datetime


class ItemRow(Schema):
    id: int
    case_id: int
    label: str
    sequence: int
    title: str
    kind: str
    collectors: str
    collected_at: dt.datetime
    place: str
    method: str
    source: str
    description: str
    provided_by: str
    filename: str
    size: int | None
    mime: str | None
    sm3: str | None
    sha256: str | None
    integrity: str | None
    supersedes_id: int | None
    superseded_by_id: int | None


class CustodyOut(Schema):
    at: dt.datetime
    event: str
    who: str
    department: str
    detail: str
    audit_seq: int | None


class ItemOut(ItemRow):
    recognitions: list[RecognitionOut]
    custody: list[CustodyOut]


def _row(item: EvidenceItem) -> dict:
    blob = item.blob
    following = EvidenceItem.objects.filter(supersedes=item).values_list("pk", flat=True).first()
    return {
        "id": item.pk,
        "case_id": item.case_id,
        "label": str(item.label),
        "sequence": item.sequence,
        "title": item.title,
        "kind": item.kind,
        "collectors": item.collectors,
        "collected_at": item.collected_at,
        "place": item.place,
        "method": item.method,
        "source": item.source,
        "description": item.description,
        "provided_by": item.provided_by.name,
        "filename": item.filename,
        "size": blob.size if blob else None,
        "mime": blob.mime if blob else None,
        "sm3": blob.sm3 if blob else None,
        "sha256": blob.sha256 if blob else None,
        "integrity": blob.integrity if blob else None,
        "supersedes_id": item.supersedes_id,
        "superseded_by_id": following,
    }


def _out(item: EvidenceItem) -> dict:
    return {
        **_row(item),
        "recognitions": [
            {
                "department": r.department.name,
                "accepted": r.accepted,
                "opinion": r.opinion,
                "recorded_by": r.recorded_by.full_name,
                "recorded_at": r.recorded_at,
            }
            for r in item.recognitions.select_related("department", "recorded_by")
        ],
        "custody": [
            {
                "at": e.at,
                "event": e.label,
                "who": e.who,
                "department": e.department,
                "detail": e.detail,
                "audit_seq": e.seq,
            }
            for e in custody.events(item)
        ],
    }


def _visible_case(request, case_id: int) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)


def _visible_item(request, item_id: int) -> EvidenceItem:
    return get_object_or_404(
        EvidenceItem.objects.visible_to(request.user).select_related(
            "case__department__jurisdiction", "blob", "provided_by"
        ),
        pk=item_id,
    )


class KeyOut(Schema):
    algorithm: str
    uid: str
    public_key: str
    fingerprint: str


# Declared before /evidence/{item_id}, which would otherwise take "signing-key" as an id.
@router.get("/evidence/signing-key", response=KeyOut, summary="证据包签名公钥")
def signing_key(request):
    key = export.public_key()
    return {
        "algorithm": "SM2 (GB/T 32918) with SM3",
        "uid": signing.DEFAULT_UID.decode(),
        "public_key": key,
        "fingerprint": signing.fingerprint(key),
    }


@router.get("/cases/{case_id}/evidence", response=list[ItemRow], summary="案件的证据")
def list_items(request, case_id: int):
    case = _visible_case(request, case_id)
    items = (
        EvidenceItem.objects.visible_to(request.user)
        .filter(case=case)
        .select_related("blob", "provided_by")
        .order_by("sequence")
    )
    return [_row(item) for item in items]


@router.post("/cases/{case_id}/evidence", response={201: ItemOut}, summary="登记证据")
def add_item(request, case_id: int, payload: ItemIn):
    case = _visible_case(request, case_id)
    data = payload.dict()
    upload_id = data.pop("upload_id")
    item = actions.add_item(case, upload_id=upload_id, acting_user=request.user, **data)
    return Status(201, _out(item))


@router.get("/evidence/{item_id}", response=ItemOut, summary="证据详情（含保管链）")
def get_item(request, item_id: int):
    item = _visible_item(request, item_id)
    actions.record_view(item, acting_user=request.user)
    return _out(item)


@router.get("/evidence/{item_id}/file", summary="下载证据文件", response={200: None})
def download_item(request, item_id: int):
    item = _visible_item(request, item_id)
    actions.record_download(item, acting_user=request.user)
    response = FileResponse(
        storage.open_blob(item.blob.sha256), as_attachment=True, filename=item.filename
    )
    response["X-Content-SM3"] = item.blob.sm3
    return response


@router.post("/evidence/{item_id}/corrections", response={201: ItemOut}, summary="更正证据")
def correct_item(request, item_id: int, payload: CorrectionIn):
    item = _visible_item(request, item_id)
    data = payload.dict()
    new = actions.supersede_item(
        item,
        reason=data.pop("correction_reason"),
        upload_id=data.pop("upload_id"),
        acting_user=request.user,
        **data,
    )
    return Status(201, _out(new))


class RecognitionIn(Strict):
    accepted: bool
    opinion: str = Field(..., max_length=2000)


@router.post(
    "/evidence/{item_id}/recognitions", response={201: RecognitionOut}, summary="证据互认意见"
)
def recognise_item(request, item_id: int, payload: RecognitionIn):
    item = _visible_item(request, item_id)
    r = actions.recognise(
        item, accepted=payload.accepted, opinion=payload.opinion, acting_user=request.user
    )
    return Status(
        201,
        {
            "department": r.department.name,
            "accepted": r.accepted,
            "opinion": r.opinion,
            "recorded_by": r.recorded_by.full_name,
            "recorded_at": r.recorded_at,
        },
    )


class PackageIn(Strict):
    items: list[int] = Field(..., min_length=1, description="要导出的证据 id")


@router.post(
    "/cases/{case_id}/evidence/package",
    summary="导出证据包（zip：文件、manifest.json、SM2 签名）",
    response={200: None},
)
def export_package(request, case_id: int, payload: PackageIn):
    case = _visible_case(request, case_id)
    return FileResponse(
        export.deliver(case, payload.items, request.user),
        as_attachment=True,
        filename=f"evidence-{case.number}.zip",
        content_type="application/zip",
    )


class AttachmentIn(Strict):
    upload_id: uuid.UUID
    title: str = Field(..., max_length=200)


class EvidenceAttachmentOut(Schema):
    id: int
    title: str
    filename: str
    size: int
    sm3: str
    added_at: dt.datetime


def _attachment_out(a: Attachment) -> dict:
    return {
        "id": a.pk,
        "title": a.title,
        "filename": a.filename,
        "size": a.blob.size,
        "sm3": a.blob.sm3,
        "added_at": a.added_at,
    }


@router.get(
    "/cases/{case_id}/attachments", response=list[EvidenceAttachmentOut], summary="案件附件"
)
def list_attachments(request, case_id: int):
    case = _visible_case(request, case_id)
    rows = Attachment.objects.visible_to(request.user).filter(case=case).select_related("blob")
    return [_attachment_out(a) for a in rows]


@router.post(
    "/cases/{case_id}/attachments", response={201: EvidenceAttachmentOut}, summary="上传附件"
)
def add_attachment(request, case_id: int, payload: AttachmentIn):
    case = _visible_case(request, case_id)
    a = actions.add_attachment(
        case, title=payload.title, upload_id=payload.upload_id, acting_user=request.user
    )
    return Status(201, _attachment_out(a))
