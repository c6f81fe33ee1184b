import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.evidence import storage
from liandong.evidence.models import Upload, UploadState
from liandong.notifications import receipts
from liandong.organizations.models import Department
from liandong.sharing import actions, queries
from liandong.sharing.forms import AttachmentForm, FilterForm, PublishForm, ReplyForm, WithdrawForm
from liandong.sharing.models import TRANSITIONS, Bulletin, BulletinAttachment

PAGE_SIZE = 20


@login_required
def bulletin_list(request):
    form = FilterForm(request.GET or None)
    form.is_valid()  # a bad value is shown on its field; the others still filter
    data = getattr(form, "cleaned_data", {})
    rows = queries.listed(
        request.user,
        q=data.get("q", ""),
        category=data.get("category", ""),
        box=data.get("box", ""),
        only_unread=data.get("unread", False),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "sharing/list.html",
        {
            "title": _("信息通报"),
            "form": form,
            "page": page,
            "query": urlencode(kept),
            "can_publish": policy.can(request.user, "sharing.bulletin.publish"),
        },
    )


def _departments(user):
    """The departments a bulletin can be addressed to: the other active members."""
    return (
        Department.objects.visible_to(user)
        .members()
        .filter(is_active=True)
        .exclude(pk=user.department_id)
    )


def _with_file(request, form, act):
    """Seal the form's file and return ``act(upload_id)``. On a refusal the errors go on the
    form and a sealed file is kept for the next submit (not sent again); None is returned."""
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


def _uploader(request, form) -> dict:
    """What the page's uploader needs, and the file already sent when the form comes back."""
    kept = None
    value = form.data.get("upload") if form.is_bound else None
    try:
        upload_id = uuid.UUID(str(value)) if value else None
    except ValueError:
        upload_id = None
    if upload_id is not None:
        kept = Upload.objects.filter(
            pk=upload_id, owner=request.user, state=UploadState.SEALED
        ).first()
    return {
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
        "chunk_bytes": settings.EVIDENCE_CHUNK_BYTES,
        "kept_upload": kept,
        "can_upload": policy.can(request.user, "evidence.upload.start"),
    }


@login_required
def bulletin_new(request):
    policy.require(request.user, "sharing.bulletin.publish")
    form = PublishForm(
        request.POST or None, request.FILES or None, departments=_departments(request.user)
    )
    if request.method == "POST" and form.is_valid():
        made = _with_file(
            request,
            form,
            lambda upload_id: actions.publish(
                acting_user=request.user,
                upload_ids=[upload_id] if upload_id else [],
                **form.action_fields(),
            ),
        )
        if made:
            messages.success(
                request,
                _("信息通报已发布，已送达%(n)s个单位，各单位联络员已收到通知。")
                % {"n": made.audience.count()},
            )
            return redirect("sharing:detail", pk=made.pk)
    return render(
        request,
        "sharing/new.html",
        {"title": _("发布信息通报"), "form": form, **_uploader(request, form)},
    )


def _visible(request, pk: int) -> Bulletin:
    return get_object_or_404(
        Bulletin.objects.visible_to(request.user).select_related(
            "department__jurisdiction", "author", "withdrawn_by"
        ),
        pk=pk,
    )


@login_required
def bulletin_detail(request, pk: int):
    bulletin = _visible(request, pk)
    user = request.user
    receipts.mark_read(bulletin, acting_user=user)
    open_for = bulletin.state in TRANSITIONS["reply"][0]
    return render(
        request,
        "sharing/detail.html",
        {
            "title": bulletin.title,
            "b": bulletin,
            "audience": bulletin.audience.order_by("pk"),
            "attachments": bulletin.attachments.select_related("blob", "added_by"),
            "replies": bulletin.replies.select_related("author", "department"),
            "show_receipts": policy.can(user, "sharing.bulletin.receipts", bulletin),
            "can_reply": open_for and policy.can(user, "sharing.bulletin.reply", bulletin),
            "can_attach": open_for and policy.can(user, "sharing.bulletin.attach", bulletin),
            "can_withdraw": open_for and policy.can(user, "sharing.bulletin.withdraw", bulletin),
            "reply_form": ReplyForm(),
            "withdraw_form": WithdrawForm(initial={"version": bulletin.version}),
        },
    )


@login_required
@require_POST
def bulletin_reply(request, pk: int):
    bulletin = _visible(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.reply(bulletin, text=form.cleaned_data["text"], acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已回复，发布人会收到通知。"))
    else:
        messages.error(request, _("回复内容：") + "；".join(form.errors["text"]))
    return redirect(f"/sharing/{pk}/#replies")


@login_required
@require_POST
def bulletin_withdraw(request, pk: int):
    bulletin = _visible(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            actions.withdraw(
                bulletin,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("信息通报已撤回，通报对象的联络员会收到通知。"))
    else:
        messages.error(request, _("撤回信息通报须说明理由。"))
    return redirect("sharing:detail", pk=pk)


@login_required
def attachment_new(request, pk: int):
    bulletin = _visible(request, pk)
    policy.require(request.user, "sharing.bulletin.attach", bulletin)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        added = _with_file(
            request,
            form,
            lambda upload_id: actions.attach(
                bulletin, upload_id=upload_id, acting_user=request.user
            ),
        )
        if added:
            messages.success(request, _("附件“%(name)s”已添加。") % {"name": added.filename})
            return redirect(f"/sharing/{pk}/#attachments")
    return render(
        request,
        "sharing/attachment_form.html",
        {"title": _("添加附件"), "b": bulletin, "form": form, **_uploader(request, form)},
    )


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(
        BulletinAttachment.objects.filter(
            bulletin__in=Bulletin.objects.visible_to(request.user)
        ).select_related("blob", "bulletin__department__jurisdiction"),
        pk=pk,
    )
    try:
        handle = storage.open_blob(attachment.blob.sha256)
    except FileNotFoundError as exc:
        raise Http404 from exc
    try:
        actions.record_download(attachment, acting_user=request.user)
    except ValidationError as exc:
        handle.close()
        messages.error(request, "；".join(exc.messages))
        return redirect("sharing:detail", pk=attachment.bulletin_id)
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename)
    response["Content-Type"] = attachment.blob.mime or "application/octet-stream"
    response["X-Content-SM3"] = attachment.blob.sm3
    return response
