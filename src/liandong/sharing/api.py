import dataclasses
import datetime as dt
import uuid
from typing import Literal

from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.core.validation import refuse
from liandong.evidence import storage
from liandong.notifications import receipts
from liandong.organizations.models import Department
from liandong.sharing import actions, queries
from liandong.sharing.models import Bulletin, BulletinAttachment, BulletinReply, Category

router = Router(tags=["信息通报"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class BulletinRow(Schema):
    id: int
    category: str
    title: str
    department_id: int
    department_name: str
    author_name: str
    to_all: bool
    state: str
    created_at: dt.datetime
    version: int
    unread: bool = Field(..., description="发给我的、我尚未阅读的")
    reply_count: int


class BulletinDepartmentRef(Schema):
    id: int
    name: str


class BulletinAttachmentOut(Schema):
    id: int
    filename: str
    size: int
    sm3: str
    added_by: str
    added_at: dt.datetime


class ReplyOut(Schema):
    id: int
    department: str
    author: str
    text: str
    created_at: dt.datetime


class BulletinOut(BulletinRow):
    body: str
    audience: list[BulletinDepartmentRef]
    attachments: list[BulletinAttachmentOut]
    replies: list[ReplyOut]
    withdrawn_at: dt.datetime | None
    withdraw_reason: str


class BulletinReceiptOut(Schema):
    department: str
    person: str
    delivered_at: dt.datetime
    read_at: dt.datetime | None


def _attachment(a: BulletinAttachment) -> dict:
    return {
        "id": a.pk,
        "filename": a.filename,
        "size": a.blob.size,
        "sm3": a.blob.sm3,
        "added_by": a.added_by.full_name,
        "added_at": a.added_at,
    }


def _reply(r: BulletinReply) -> dict:
    return {
        "id": r.pk,
        "department": r.department.short_name,
        "author": r.author.full_name,
        "text": r.text,
        "created_at": r.created_at,
    }


def _rows(request, **filters):
    return queries.listed(request.user, **filters).annotate(
        department_name=F("department__short_name"), author_name=F("author__full_name")
    )


def _out(request, b: Bulletin) -> dict:
    row = _rows(request).get(pk=b.pk)
    return {
        **{f: getattr(row, f) for f in BulletinRow.model_fields},
        "body": row.body,
        "audience": [{"id": d.pk, "name": d.name} for d in row.audience.order_by("pk")],
        "attachments": [_attachment(a) for a in row.attachments.select_related("blob", "added_by")],
        "replies": [_reply(r) for r in row.replies.select_related("author", "department")],
        "withdrawn_at": row.withdrawn_at,
        "withdraw_reason": row.withdraw_reason,
    }


def _visible(request, bulletin_id: int) -> Bulletin:
    return get_object_or_404(
        Bulletin.objects.visible_to(request.user).select_related("department__jurisdiction"),
        pk=bulletin_id,
    )


@router.get("/bulletins", response=list[BulletinRow], summary="我能看到的信息通报（最新在前）")
@paginate(LimitOffsetPagination)
def list_bulletins(
    request,
    q: str = "",
    category: Category | None = None,
    box: Literal["sent", "received"] | None = None,
    unread: bool = False,
):
    """q：标题或正文包含的文字；box：sent 本单位发布的，received 发给本单位的；
    unread：只看我未读的。"""
    return _rows(request, q=q[:100], category=category or "", box=box or "", only_unread=unread)


class PublishIn(Strict):
    category: Category
    title: str = Field(..., max_length=200)
    body: str
    to_all: bool = Field(False, description="发送本辖区全体成员单位（本单位除外）")
    audience_ids: list[int] = Field(
        default_factory=list, description="不发送全体时：选定的成员单位 id"
    )
    upload_ids: list[uuid.UUID] = Field(
        default_factory=list, description="附件：已完成（seal）的上传，经 /evidence/uploads 上传"
    )


@router.post("/bulletins", response={201: BulletinOut}, summary="发布信息通报")
def publish(request, payload: PublishIn):
    policy.require(request.user, "sharing.bulletin.publish")  # before looking anything up
    ids = list(dict.fromkeys(payload.audience_ids))
    found = {d.pk: d for d in Department.objects.filter(pk__in=ids)}
    unknown = [str(pk) for pk in ids if pk not in found]
    if unknown:
        raise refuse(
            "audience_ids", _("通报对象不存在：%(ids)s。") % {"ids": "、".join(unknown)}, "unknown"
        )
    made = actions.publish(
        category=payload.category,
        title=payload.title,
        body=payload.body,
        to_all=payload.to_all,
        audience=[found[pk] for pk in ids],
        upload_ids=payload.upload_ids,
        acting_user=request.user,
    )
    return Status(201, _out(request, made))


@router.get("/bulletins/{bulletin_id}", response=BulletinOut, summary="信息通报详情（记为已读）")
def get_bulletin(request, bulletin_id: int):
    bulletin = _visible(request, bulletin_id)
    receipts.mark_read(bulletin, acting_user=request.user)
    return _out(request, bulletin)


class BulletinReplyIn(Strict):
    text: str = Field(..., max_length=5000)


@router.post("/bulletins/{bulletin_id}/replies", response={201: ReplyOut}, summary="回复")
def reply(request, bulletin_id: int, payload: BulletinReplyIn):
    answer = actions.reply(
        _visible(request, bulletin_id), text=payload.text, acting_user=request.user
    )
    return Status(201, _reply(answer))


class WithdrawIn(Strict):
    reason: str = Field(..., max_length=500)
    version: int | None = None


@router.post("/bulletins/{bulletin_id}/withdraw", response=BulletinOut, summary="撤回信息通报")
def withdraw(request, bulletin_id: int, payload: WithdrawIn):
    bulletin = actions.withdraw(
        _visible(request, bulletin_id),
        reason=payload.reason,
        expected_version=payload.version,
        acting_user=request.user,
    )
    return _out(request, bulletin)


class BulletinAttachIn(Strict):
    upload_id: uuid.UUID


@router.post(
    "/bulletins/{bulletin_id}/attachments",
    response={201: BulletinAttachmentOut},
    summary="添加附件（发布人；文件先经 /evidence/uploads 上传）",
)
def attach(request, bulletin_id: int, payload: BulletinAttachIn):
    added = actions.attach(
        _visible(request, bulletin_id), upload_id=payload.upload_id, acting_user=request.user
    )
    return Status(201, _attachment(added))


@router.get(
    "/bulletins/{bulletin_id}/attachments/{attachment_id}/file",
    summary="下载附件（记入审计日志）",
    response={200: None},
)
def download(request, bulletin_id: int, attachment_id: int):
    bulletin = _visible(request, bulletin_id)
    attachment = get_object_or_404(
        bulletin.attachments.select_related("blob", "bulletin"), pk=attachment_id
    )
    try:
        handle = storage.open_blob(attachment.blob.sha256)
    except FileNotFoundError as exc:
        raise Http404 from exc
    try:
        actions.record_download(attachment, acting_user=request.user)
    except Exception:
        handle.close()
        raise
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename)
    response["Content-Type"] = attachment.blob.mime or "application/octet-stream"
    response["X-Content-SM3"] = attachment.blob.sm3
    return response


@router.get(
    "/bulletins/{bulletin_id}/receipts",
    response=list[BulletinReceiptOut],
    summary="阅读回执：送达了谁、谁已读（发布单位和牵头单位）",
)
def bulletin_receipts(request, bulletin_id: int):
    bulletin = _visible(request, bulletin_id)
    policy.require(request.user, "sharing.bulletin.receipts", bulletin)
    return [dataclasses.asdict(line) for line in receipts.status(bulletin)]
