"""State changes of evidence: uploads, items, versions, custody events, recognition, packages,
the integrity of stored files.

Reading and hashing a file of several GB happens outside any transaction (an IMMEDIATE SQLite
transaction would hold the whole database's write lock meanwhile); the actions that follow
record the outcome in short transactions.
"""

import datetime as dt
import os
import shutil
import tempfile

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.cases.models import Case
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, refuse
from liandong.evidence import sniff, storage
from liandong.evidence.models import (
    Attachment,
    Blob,
    CollectionMethod,
    EvidenceItem,
    EvidenceKind,
    Integrity,
    Recognition,
    Upload,
    UploadState,
)

COPY = 1024 * 1024


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n} B"


# ---------------------------------------------------------------------------------------------
# Uploads


@action("evidence.upload.start")
def start_upload(*, filename: str, size: int, acting_user) -> Upload:
    """Open a chunked upload of ``size`` bytes. Bookkeeping of a transfer in progress: audited
    when the file is filed, not here."""
    policy.require_of(acting_user, "evidence.upload.start")
    errors = Errors()
    try:
        filename = sniff.check_filename(filename)
    except sniff.Refused as exc:
        errors.add("filename", str(exc), "bad_filename")
    if size is None or size <= 0:
        errors.add("size", _("文件为空。"), "empty")
    elif size > settings.EVIDENCE_MAX_BYTES:
        errors.add(
            "size",
            _("文件过大：%(size)s，上限为 %(max)s。")
            % {"size": _size_text(size), "max": _size_text(settings.EVIDENCE_MAX_BYTES)},
            "too_large",
        )
    errors.raise_if_any()
    upload = Upload.objects.create(owner=acting_user, filename=filename, size=size)
    path = storage.upload_path(upload.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    return upload


def _own_open_upload(upload_id, user) -> Upload:
    upload = Upload.objects.select_for_update().filter(pk=upload_id).first()
    if upload is None or (user is not None and upload.owner_id != user.pk):
        raise refuse("upload", _("上传记录不存在。"), "unknown_upload")
    return upload


def receive_chunk(upload: Upload, *, offset: int, stream, length: int, acting_user) -> Upload:
    """Append one chunk read from ``stream`` (``length`` bytes announced). The chunk goes to a
    scratch file first, outside any transaction; then ``_append_chunk`` adds it if ``offset`` is
    where the upload stands, so a repeated or reordered chunk changes nothing."""
    if length > settings.EVIDENCE_CHUNK_BYTES:
        raise refuse(
            "chunk",
            _("分片过大，每片不超过 %(max)s。")
            % {"max": _size_text(settings.EVIDENCE_CHUNK_BYTES)},
            "chunk_too_large",
        )
    scratch_dir = storage.root() / "uploads"
    scratch_dir.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(dir=scratch_dir, suffix=".chunk")
    try:
        got = 0
        with os.fdopen(fd, "wb") as out:
            while got < length:
                piece = stream.read(min(COPY, length - got))
                if not piece:
                    break
                out.write(piece)
                got += len(piece)
        if got != length:
            raise refuse(
                "chunk",
                _("分片不完整：收到 %(got)s 字节，应为 %(want)s 字节。")
                % {"got": got, "want": length},
                "truncated",
            )
        return _append_chunk(
            upload.pk, offset=offset, scratch=scratch, length=got, acting_user=acting_user
        )
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)


@action("evidence.upload.chunk")
def _append_chunk(upload_id, *, offset: int, scratch: str, length: int, acting_user) -> Upload:
    upload = _own_open_upload(upload_id, acting_user)
    if upload.state != UploadState.OPEN:
        raise refuse("upload", _("该上传已结束。"), "closed")
    if offset != upload.received:
        raise refuse(
            "offset",
            _("分片位置不对：应从第 %(at)s 字节续传。") % {"at": upload.received},
            "wrong_offset",
        )
    if upload.received + length > upload.size:
        raise refuse(
            "chunk",
            _("收到的数据超过声明的文件大小 %(size)s 字节。") % {"size": upload.size},
            "too_long",
        )
    with open(scratch, "rb") as src, open(storage.upload_path(upload.pk), "r+b") as dst:
        dst.seek(offset)
        shutil.copyfileobj(src, dst, COPY)
        dst.truncate()
    upload.received += length
    upload.updated_at = timezone.now()
    upload.save(update_fields=["received", "updated_at"])
    return upload


def seal_upload(upload: Upload, *, acting_user) -> Upload:
    """Check a complete upload's type by content, compute both digests in one pass, and move it
    into the store. Idempotent: a sealed upload is returned as it is."""
    upload.refresh_from_db()
    if acting_user is not None and upload.owner_id != acting_user.pk:
        raise refuse("upload", _("上传记录不存在。"), "unknown_upload")
    if upload.state == UploadState.SEALED:
        return upload
    if upload.state != UploadState.OPEN:
        raise refuse("upload", _("该上传已使用或已放弃，请重新上传。"), "closed")
    if upload.received != upload.size:
        raise refuse(
            "file",
            _("上传不完整：已收到 %(got)s 字节，文件应为 %(size)s 字节。请重新上传。")
            % {"got": upload.received, "size": upload.size},
            "truncated",
        )
    path = storage.upload_path(upload.pk)
    with open(path, "rb") as f:
        sample = f.read(sniff.SAMPLE)
    try:
        mime = sniff.content_type(sample)
    except sniff.Refused as exc:
        _abort(upload.pk, acting_user=acting_user)
        raise refuse("file", str(exc), "forbidden_type") from exc
    digests = storage.digest_file(path)
    if digests.size != upload.size:  # the file changed under us
        raise refuse("file", _("上传文件已损坏，请重新上传。"), "corrupt")
    storage.store(path, digests.sha256)
    return _record_seal(upload.pk, digests=digests, mime=mime, acting_user=acting_user)


@action("evidence.upload.seal")
def _record_seal(upload_id, *, digests: storage.Digests, mime: str, acting_user) -> Upload:
    upload = _own_open_upload(upload_id, acting_user)
    upload.sm3, upload.sha256, upload.mime = digests.sm3, digests.sha256, mime
    upload.state = UploadState.SEALED
    upload.updated_at = timezone.now()
    upload.save()
    return upload


@action("evidence.upload.abort")
def _abort(upload_id, *, acting_user) -> None:
    Upload.objects.filter(pk=upload_id).update(state=UploadState.ABORTED, updated_at=timezone.now())
    storage.upload_path(upload_id).unlink(missing_ok=True)


def abort_upload(upload: Upload, *, acting_user) -> None:
    if acting_user is not None and upload.owner_id != acting_user.pk:
        raise refuse("upload", _("上传记录不存在。"), "unknown_upload")
    if upload.state == UploadState.OPEN:
        _abort(upload.pk, acting_user=acting_user)


def _take_upload(upload_id, acting_user) -> tuple[Upload, Blob]:
    """The sealed upload's file as a stored Blob; the upload is used up."""
    upload = _own_open_upload(upload_id, acting_user)
    if upload.state != UploadState.SEALED:
        raise refuse("file", _("文件尚未上传完成或已被使用，请重新上传。"), "not_sealed")
    if not storage.blob_path(upload.sha256).exists():
        raise refuse("file", _("存储中找不到上传的文件，请重新上传。"), "missing")
    blob, _created = Blob.objects.get_or_create(
        sha256=upload.sha256,
        defaults={"sm3": upload.sm3, "size": upload.size, "mime": upload.mime},
    )
    upload.state = UploadState.USED
    upload.save(update_fields=["state"])
    return upload, blob


def take_upload(upload_id, *, acting_user) -> tuple[Upload, Blob]:
    """For another app's action that keeps a file in this store (a bulletin's attachment): the
    sealed upload of ``acting_user`` as a stored Blob, the upload used up. Call it inside that
    action's transaction, which also records the file."""
    return _take_upload(upload_id, acting_user)


# ---------------------------------------------------------------------------------------------
# Items


ITEM_FIELDS = (
    "title",
    "kind",
    "collectors",
    "collected_at",
    "place",
    "method",
    "source",
    "description",
)


def _check_item(data: dict, *, has_file: bool) -> dict:
    errors = Errors()
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    for field, label in (
        ("title", _("证据名称")),
        ("collectors", _("收集人")),
        ("place", _("收集地点")),
        ("source", _("证据来源")),
    ):
        if not clean.get(field):
            errors.add(field, _("请填写%(label)s。") % {"label": label}, "required")
    if clean.get("kind") not in EvidenceKind.values:
        errors.add("kind", _("请选择证据种类。"), "invalid_choice")
    if clean.get("method") not in CollectionMethod.values:
        errors.add("method", _("请选择收集方式。"), "invalid_choice")
    collected_at = clean.get("collected_at")
    if not isinstance(collected_at, dt.datetime):
        errors.add("collected_at", _("请填写收集时间。"), "required")
    elif collected_at > timezone.now() + dt.timedelta(minutes=5):
        errors.add("collected_at", _("收集时间不能晚于现在。"), "future")
    if not has_file and clean.get("kind") != EvidenceKind.PHYSICAL:
        errors.add(
            "file",
            _("请上传证据文件（只有物证可以不附文件，但须写明证明对象和内容）。"),
            "required",
        )
    if not has_file and not clean.get("description"):
        errors.add("description", _("没有文件的物证须写明证明对象和内容。"), "required")
    errors.raise_if_any()
    return {k: clean.get(k, "") for k in ITEM_FIELDS}


def _next_sequence(case: Case) -> int:
    Case.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()  # one at a time
    return (EvidenceItem.objects.filter(case=case).aggregate(n=Max("sequence"))["n"] or 0) + 1


def _item_after(item: EvidenceItem) -> dict:
    return {
        "sequence": item.sequence,
        "title": item.title,
        "kind": item.kind,
        "collectors": item.collectors,
        "collected_at": item.collected_at,
        "place": item.place,
        "method": item.method,
        "source": item.source,
        "filename": item.filename,
        "size": item.blob.size if item.blob else None,
        "sm3": item.blob.sm3 if item.blob else "",
        "sha256": item.blob.sha256 if item.blob else "",
        "supersedes": item.supersedes_id,
    }


@action("evidence.item.add")
def add_item(
    case: Case, *, upload_id=None, acting_user, provided_by=None, registered_by=None, **data
) -> EvidenceItem:
    """File an item of evidence on ``case`` with the sealed upload's file (物证 may go without).

    ``registered_by``: when another action files the item as its system step
    (``acting_user=None``) after checking its own rule, the person it files for (an assistance
    result from the helping department's officer): the upload must be theirs, and the item and
    its custody name them."""
    policy.require_of(acting_user, "evidence.item.add", case)
    if acting_user is not None and registered_by is not None:
        raise TypeError("registered_by is for system steps (acting_user=None)")
    person = acting_user or registered_by
    clean = _check_item(data, has_file=upload_id is not None)
    upload, blob = _take_upload(upload_id, person) if upload_id else (None, None)
    item = EvidenceItem.objects.create(
        case=case,
        sequence=_next_sequence(case),
        provided_by=provided_by or case.department,
        blob=blob,
        filename=upload.filename if upload else "",
        added_by=person,
        **clean,
    )
    audit.record("evidence.item.add", actor=person, obj=item, after=_item_after(item))
    return item


@action("evidence.item.supersede")
def supersede_item(
    item: EvidenceItem, *, reason: str, upload_id=None, acting_user, **data
) -> EvidenceItem:
    """A correction: a new item that supersedes ``item``; the old one stays, marked."""
    item = EvidenceItem.objects.select_related("case").get(pk=item.pk)
    policy.require_of(acting_user, "evidence.item.add", item.case)
    if not item.is_current:
        raise refuse("item", _("该证据已被更正，请更正其最新版本。"), "superseded")
    if not reason.strip():
        raise refuse("correction_reason", _("请说明更正理由。"), "required")
    clean = _check_item(data, has_file=upload_id is not None or item.blob_id is not None)
    if upload_id:
        upload, blob = _take_upload(upload_id, acting_user)
        filename = upload.filename
    else:
        blob, filename = item.blob, item.filename
    new = EvidenceItem.objects.create(
        case=item.case,
        sequence=_next_sequence(item.case),
        provided_by=item.provided_by,
        blob=blob,
        filename=filename,
        supersedes=item,
        correction_reason=reason.strip()[:200],
        added_by=acting_user,
        **clean,
    )
    audit.record(
        "evidence.item.supersede",
        actor=acting_user,
        obj=item,
        after={"superseded_by": new.pk},
        message=reason.strip(),
    )
    audit.record(
        "evidence.item.add",
        actor=acting_user,
        obj=new,
        after=_item_after(new),
        message=reason.strip(),
    )
    return new


@action("evidence.item.view")
def record_view(item: EvidenceItem, *, acting_user) -> None:
    """Custody: someone opened the item."""
    policy.require_of(acting_user, "evidence.item.view", item)
    audit.record("evidence.item.view", actor=acting_user, obj=item)


@action("evidence.item.download")
def record_download(item: EvidenceItem, *, acting_user) -> None:
    """Custody: someone took a copy of the file."""
    policy.require_of(acting_user, "evidence.item.view", item)
    if item.blob is None:
        raise refuse("file", _("该证据没有文件。"), "no_file")
    if item.blob.integrity in (Integrity.MISMATCH, Integrity.MISSING):
        raise refuse(
            "file", _("该文件未通过完整性校验，已停止下载，请联系系统管理员。"), "integrity"
        )
    audit.record(
        "evidence.item.download", actor=acting_user, obj=item, after={"sm3": item.blob.sm3}
    )


@action("evidence.item.recognise")
def recognise(item: EvidenceItem, *, accepted: bool, opinion: str, acting_user) -> Recognition:
    """互认: the acting user's department says whether it accepts the item, and why."""
    policy.require_of(acting_user, "evidence.item.recognise", item)
    if not opinion.strip():
        raise refuse("opinion", _("请填写意见。"), "required")
    if not item.is_current:
        raise refuse("item", _("该证据已被更正，请对最新版本发表意见。"), "superseded")
    if Recognition.objects.filter(item=item, department_id=acting_user.department_id).exists():
        raise refuse("item", _("本单位已对该证据发表过意见。"), "duplicate")
    recognition = Recognition.objects.create(
        item=item,
        department_id=acting_user.department_id,
        accepted=accepted,
        opinion=opinion.strip(),
        recorded_by=acting_user,
    )
    audit.record(
        "evidence.item.recognise",
        actor=acting_user,
        obj=item,
        after={"department": acting_user.department_id, "accepted": accepted},
        message=opinion.strip(),
    )
    return recognition


@action("evidence.package.export")
def record_export(case: Case, *, items: list, package_sm3: str, acting_user) -> None:
    """Custody: the items left in a package (built beforehand, outside the transaction)."""
    policy.require_of(acting_user, "evidence.package.export", case)
    for item in items:
        audit.record(
            "evidence.item.export", actor=acting_user, obj=item, after={"package_sm3": package_sm3}
        )


# ---------------------------------------------------------------------------------------------
# Attachments


@action("evidence.attachment.add")
def add_attachment(case: Case, *, title: str, upload_id, acting_user) -> Attachment:
    policy.require_of(acting_user, "cases.case.manage", case)
    if not title.strip():
        raise refuse("title", _("请填写附件名称。"), "required")
    if not upload_id:
        raise refuse("file", _("请选择要上传的文件。"), "required")
    upload, blob = _take_upload(upload_id, acting_user)
    attachment = Attachment.objects.create(
        case=case,
        title=title.strip()[:200],
        blob=blob,
        filename=upload.filename,
        added_by=acting_user,
    )
    audit.record(
        "evidence.attachment.add",
        actor=acting_user,
        obj=case,
        after={"attachment": attachment.pk, "title": attachment.title, "sm3": blob.sm3},
    )
    return attachment


# ---------------------------------------------------------------------------------------------
# Integrity of stored files


@action("evidence.blob.check")
def record_check(blob: Blob, *, found: Integrity, detail: str = "", acting_user=None) -> Blob:
    """The sweep's finding for one stored file. A file that no longer matches its digests raises
    an alert to the heads of the departments whose evidence it is, and to their administrators."""
    blob = Blob.objects.select_for_update().get(pk=blob.pk)
    before = blob.integrity
    blob.integrity = found
    blob.checked_at = timezone.now()
    blob.save(update_fields=["integrity", "checked_at"])
    if found != Integrity.OK and before != found:
        audit.record(
            "evidence.blob.integrity_failed",
            actor=None,
            obj=blob,
            object_repr=f"SHA-256 {blob.sha256}",
            after={"integrity": found, "sm3": blob.sm3},
            message=detail,
            jurisdiction="",
        )
        _alert(blob, found)
    elif found == Integrity.OK and before in (Integrity.MISMATCH, Integrity.MISSING):
        audit.record(
            "evidence.blob.integrity_restored",
            actor=None,
            obj=blob,
            object_repr=f"SHA-256 {blob.sha256}",
            after={"integrity": found},
            jurisdiction="",
        )
    return blob


def _alert(blob: Blob, found: str) -> None:
    from liandong.evidence.integrity import alerted  # the sweep's module imports this one
    from liandong.notifications.service import Message, notify_many

    deliveries = []
    items = EvidenceItem.objects.filter(blob=blob).select_related("case__department")
    for item in items:
        message = Message(
            kind="evidence.integrity",
            title=_("证据文件完整性校验失败：%(case)s %(label)s")
            % {"case": item.case.number, "label": item.label},
            body=_("存储的文件与登记时的 SM3 摘要不一致（%(state)s）。请立即核查存储介质和备份。")
            % {"state": Integrity(found).label},
            url=f"/evidence/{item.pk}/",
        )
        deliveries.append(
            (
                alerted(item.case.department),
                message,
                f"evidence.integrity:{blob.pk}:{found}:{item.pk}",
            )
        )
    notify_many(deliveries)


def upload_file(fileobj, *, acting_user) -> Upload:
    """A file sent whole (a form without JavaScript, the demo, tests): through the same chunks
    and seal as the browser's uploader."""
    upload = start_upload(filename=fileobj.name, size=fileobj.size, acting_user=acting_user)
    offset = 0
    while offset < upload.size:
        length = min(settings.EVIDENCE_CHUNK_BYTES, upload.size - offset)
        upload = receive_chunk(
            upload, offset=offset, stream=fileobj, length=length, acting_user=acting_user
        )
        offset += length
    return seal_upload(upload, acting_user=acting_user)


# ---------------------------------------------------------------------------------------------
# Abandoned uploads


@action("evidence.upload.expire")
def _expire(upload_id, *, acting_user=None) -> None:
    upload = Upload.objects.select_for_update().filter(pk=upload_id).first()
    if upload is None or upload.state not in (UploadState.OPEN, UploadState.SEALED):
        return  # used meanwhile
    storage.upload_path(upload.pk).unlink(missing_ok=True)
    if upload.state == UploadState.SEALED:
        others = Upload.objects.filter(
            sha256=upload.sha256, state__in=[UploadState.OPEN, UploadState.SEALED]
        ).exclude(pk=upload.pk)
        if not Blob.objects.filter(sha256=upload.sha256).exists() and not others.exists():
            storage.blob_path(upload.sha256).unlink(missing_ok=True)  # sealed, never filed
    upload.state = UploadState.ABORTED
    upload.save(update_fields=["state"])


def expire_uploads(now: dt.datetime | None = None) -> int:
    """Uploads left unfinished or unfiled for EVIDENCE_UPLOAD_HOURS are dropped with their
    files (a file already filed as evidence is never touched). Run by the worker."""
    now = now or timezone.now()
    stale = Upload.objects.filter(
        state__in=[UploadState.OPEN, UploadState.SEALED],
        updated_at__lt=now - dt.timedelta(hours=settings.EVIDENCE_UPLOAD_HOURS),
    ).values_list("pk", flat=True)
    count = 0
    for upload_id in list(stale[:500]):
        _expire(upload_id, acting_user=None)
        count += 1
    return count
