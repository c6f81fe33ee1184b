from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.audit import actions, redaction
from liandong.audit.forms import EntryFilterForm
from liandong.audit.models import AuditEntry
from liandong.core import policy

PAGE_SIZE = 50


@login_required
def entry_list(request):
    policy.require(request.user, "audit.entry.view")
    entries = AuditEntry.objects.visible_to(request.user)
    form = EntryFilterForm(request.GET or None)
    if request.GET:
        entries = form.apply(entries)
    page = Paginator(entries.order_by("-seq"), PAGE_SIZE).get_page(request.GET.get("page"))
    hidden = redaction.for_request(request)
    page.object_list = [redaction.masked_entry(e, hidden) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    verifications = AuditEntry.objects.visible_to(request.user).filter(action="audit.chain.verify")[
        :3
    ]
    return render(
        request,
        "audit/entry_list.html",
        {
            "title": _("审计日志"),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "verifications": verifications,
        },
    )


@login_required
def entry_detail(request, seq: int):
    policy.require(request.user, "audit.entry.view")
    entry = get_object_or_404(AuditEntry.objects.visible_to(request.user), seq=seq)
    entry = redaction.masked_entry(entry, redaction.for_request(request))
    return render(request, "audit/entry_detail.html", {"title": _("审计记录"), "entry": entry})


@login_required
@require_POST
def verify(request):
    actions.request_verification(acting_user=request.user)
    messages.success(request, _("已提交完整性校验任务，结果将出现在本页上方。"))
    return redirect("audit:entry_list")
