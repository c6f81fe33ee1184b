from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from liandong.documents import files
from liandong.documents.models import IssuedDocument


@login_required
def download(request, pk: int, fmt: str):
    """The .pdf or .docx of an issued document the user may see (404 otherwise), audited. A file
    the integrity sweep found damaged is refused with the reason."""
    document = get_object_or_404(
        IssuedDocument.objects.visible_to(request.user).select_related("department__jurisdiction"),
        pk=pk,
    )
    try:
        return files.deliver(document, fmt, acting_user=request.user)
    except ValidationError as exc:
        return render(
            request,
            "core/error.html",
            {"status": 409, "title": _("无法下载"), "message": "；".join(exc.messages)},
            status=409,
        )
