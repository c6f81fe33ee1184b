import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.cases.models import Case, CasePart
from liandong.cases.queries import parts_for
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.evidence import actions, custody, export, signing, storage
from liandong.evidence.forms import AttachmentForm, CorrectionForm, ItemForm, RecognitionForm
from liandong.evidence.models import Attachment, EvidenceItem, Integrity, Upload, UploadState

ITEM_FIELDS = actions.ITEM_FIELDS


def _case_for_evidence(request, case_pk: int, verb: str = "evidence.item.add") -> Case:
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related("department__jurisdiction"),
        pk=case_pk,
    )
    policy.require(request.user, verb, case)
    return case


def _with_file(request, form, act):
    """Seal the form's file and return ``act(upload_id)``. On a refusal the errors go on the
    form, the sealed file is kept for the next submit (not sent again), and None is returned."""
    upload_id = None
    try:
        upload_id = form.sealed_upload(request.user)
        return act(upload_id)
    except ValidationError as exc:
        apply_errors(form, exc)
        if upload_id:
            form.data = form.data.copy()
            form.data["upload"] = str(upload_id)
        return None


@login_required
def item_add(request, case_pk: int):
    case = _case_for_evidence(request, case_pk)
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = _with_file(
            request,
            form,
            lambda upload_id: actions.add_item(
                case,
                upload_id=upload_id,
                acting_user=request.user,
                **{k: form.cleaned_data[k] for k in ITEM_FIELDS},
            ),
        )
        if item:
            messages.success(request, _("已登记%(label)s。") % {"label": item.label})
            return redirect("evidence:detail", pk=item.pk)
    return render(
        request,
        "evidence/item_form.html",
        {"title": _("登记证据"), "case": case, "form": form, **_uploader(request, form)},
    )


def _uploader(request, form) -> dict:
    """What the page's uploader needs, and the file already sent when the form comes back."""
    kept = None
    if form.is_bound and form.data.get("upload"):
        kept = Upload.objects.filter(
            pk__in=[form.data["upload"]] if _is_uuid(form.data["upload"]) else [],
            owner=request.user,
            state=UploadState.SEALED,
        ).first()
    return {
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
        "chunk_bytes": settings.EVIDENCE_CHUNK_BYTES,
        "kept_upload": kept,
    }


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _visible_item(request, pk: int) -> EvidenceItem:
    return get_object_or_404(
        EvidenceItem.objects.visible_to(request.user).select_related(
            "case__department__jurisdiction", "blob", "provided_by", "supersedes"
        ),
        pk=pk,
    )


@login_required
def item_detail(request, pk: int):
    item = _visible_item(request, pk)
    actions.record_view(item, acting_user=request.user)
    own = item.case.department_id == request.user.department_id
    recognitions = item.recognitions.select_related("department", "recorded_by")
    can_recognise = (
        policy.can(request.user, "evidence.item.recognise", item)
        and item.is_current
        and not recognitions.filter(department_id=request.user.department_id).exists()
    )
    return render(
        request,
        "evidence/item_detail.html",
        {
            "title": f"{item.case.number} {item.label}",
            "item": item,
            "own": own,
            "case_visible": CasePart.SUMMARY in parts_for(request.user, item.case),
            "can_correct": own
            and item.is_current
            and policy.can(request.user, "evidence.item.add", item.case),
            "can_recognise": can_recognise,
            "recognise_form": RecognitionForm(),
            "recognitions": recognitions,
            "custody": custody.events(item),
            "superseded_by": getattr(item, "superseded_by", None),
            "bad": item.blob is not None
            and item.blob.integrity in (Integrity.MISMATCH, Integrity.MISSING),
        },
    )


def _file_response(blob, filename: str) -> FileResponse:
    try:
        handle = storage.open_blob(blob.sha256)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = blob.mime or "application/octet-stream"
    response["X-Content-SM3"] = blob.sm3
    return response


@login_required
def item_download(request, pk: int):
    item = _visible_item(request, pk)
    try:
        actions.record_download(item, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("evidence:detail", pk=pk)
    return _file_response(item.blob, item.filename)


@login_required
def item_correct(request, pk: int):
    item = _visible_item(request, pk)
    policy.require(request.user, "evidence.item.add", item.case)
    initial = {k: getattr(item, k) for k in ITEM_FIELDS}
    form = CorrectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        new = _with_file(
            request,
            form,
            lambda upload_id: actions.supersede_item(
                item,
                reason=form.cleaned_data["correction_reason"],
                upload_id=upload_id,
                acting_user=request.user,
                **{k: form.cleaned_data[k] for k in ITEM_FIELDS},
            ),
        )
        if new:
            messages.success(request, _("已更正，新版本为%(label)s。") % {"label": new.label})
            return redirect("evidence:detail", pk=new.pk)
    return render(
        request,
        "evidence/item_form.html",
        {
            "title": _("更正%(label)s") % {"label": item.label},
            "case": item.case,
            "item": item,
            "form": form,
            **_uploader(request, form),
        },
    )


@login_required
@require_POST
def item_recognise(request, pk: int):
    item = _visible_item(request, pk)
    policy.require(request.user, "evidence.item.recognise", item)
    form = RecognitionForm(request.POST)
    if form.is_valid():
        try:
            actions.recognise(item, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已记录本单位的互认意见。"))
    else:
        messages.error(request, _("请选择是否认可并填写理由。"))
    return redirect("evidence:detail", pk=pk)


@login_required
@require_POST
def package(request, case_pk: int):
    case = _case_for_evidence(request, case_pk, "evidence.package.export")
    ids = [v for v in request.POST.getlist("items") if v.isdigit()]
    try:
        handle = export.deliver(case, ids, request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(f"/cases/{case.pk}/#evidence")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"证据包-{case.number}.zip",
        content_type="application/zip",
    )


@login_required
def signing_key(request):
    key = export.public_key()
    return render(
        request,
        "evidence/signing_key.html",
        {
            "title": _("证据包签名公钥"),
            "public_key": key,
            "fingerprint": signing.fingerprint(key),
            "uid": signing.DEFAULT_UID.decode(),
        },
    )


@login_required
def attachment_add(request, case_pk: int):
    case = _case_for_evidence(request, case_pk, "cases.case.manage")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        added = _with_file(
            request,
            form,
            lambda upload_id: actions.add_attachment(
                case,
                title=form.cleaned_data["title"],
                upload_id=upload_id,
                acting_user=request.user,
            ),
        )
        if added:
            messages.success(request, _("附件已上传。"))
            return redirect(f"/cases/{case.pk}/#attachments")
    return render(
        request,
        "evidence/attachment_form.html",
        {"title": _("上传附件"), "case": case, "form": form, **_uploader(request, form)},
    )


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("blob"), pk=pk
    )
    return _file_response(attachment.blob, attachment.filename)
