from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from liandong.documents import files
from liandong.documents.models import IssuedDocument


@login_required
def download(request, pk: int, fmt: str):
    """The .pdf or .docx of an issued document the user may see (404 otherwise), audited."""
    document = get_object_or_404(
        IssuedDocument.objects.visible_to(request.user).select_related("department__jurisdiction"),
        pk=pk,
    )
    return files.deliver(document, fmt, acting_user=request.user)
