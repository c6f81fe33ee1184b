"""The procuratorate's pages: its 立案监督 to-do list and figures, the criminal transfers copied
to it, and each transfer with its clocks, documents and the suggestion it answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.core import policy
from liandong.deadlines.models import Deadline
from liandong.procuratorate import figures
from liandong.transfers import supervision as supervising
from liandong.transfers.forms import FilterForm, SupervisionForm
from liandong.transfers.models import (
    SUPERVISION_PENDING,
    Supervision,
    SupervisionStage,
    Transfer,
)

ANSWER = "transfers.supervision.answer"

# what the text of each answer is, and whether it carries the number of the 文书
LABELS = {
    "require_reasons": (gettext_lazy("要求说明的事项"), True),
    "notify_filing": (gettext_lazy("不立案理由不能成立的依据和理由"), True),
    "find_reasons_stand": (gettext_lazy("审查意见"), False),
    "decline": (gettext_lazy("不立案的依据和理由（答复内容）"), True),
}

# step → (action, its text argument, heading, button, help, done)
STEPS = {
    "require_reasons": (
        supervising.require_reasons,
        "note",
        gettext_lazy("要求公安机关说明不立案理由"),
        gettext_lazy("发出要求说明不立案理由通知"),
        gettext_lazy(
            "认为需要公安机关说明不立案理由的，应当要求公安机关书面说明（刑诉规则第五百五十九条）；公安机关应当在收到通知后7日以内回复（第五百六十条；程序规定第一百八十二条第一款）。"
        ),
        gettext_lazy("已要求公安机关说明不立案理由，7日期限开始计算。"),
    ),
    "notify_filing": (
        supervising.notify_filing,
        "reasons",
        gettext_lazy("通知公安机关立案"),
        gettext_lazy("通知立案"),
        gettext_lazy(
            "认为公安机关不立案理由不能成立的，经检察长决定，通知公安机关立案（刑诉规则第五百六十一条第一款）；公安机关应当在收到通知后15日以内立案（第五百六十三条；程序规定第一百八十二条第二款）。"
        ),
        gettext_lazy("已通知公安机关立案，15日期限开始计算。"),
    ),
    "find_reasons_stand": (
        supervising.find_reasons_stand,
        "reasons",
        gettext_lazy("认定不立案理由成立"),
        gettext_lazy("认定理由成立"),
        gettext_lazy(
            "认为公安机关不立案理由成立的，应当在10日以内将不立案的依据和理由告知移送单位（刑诉规则第五百六十一条第二款）：认定后在下方答复。"
        ),
        gettext_lazy("已认定不立案理由成立，应在10日以内告知移送单位。"),
    ),
    "decline": (
        supervising.decline,
        "answer",
        gettext_lazy("不予监督，答复移送单位"),
        gettext_lazy("答复移送单位"),
        gettext_lazy(
            "写明不立案的依据和理由，答复建议立案监督的移送单位；答复即送达移送单位和公安机关。"
        ),
        gettext_lazy("已答复移送单位。"),
    ),
}


def _mine(request):
    """The procuratorate's own view: only a person of it; anyone else finds nothing here."""
    user = request.user
    if not user.is_external:
        raise Http404
    return user


@login_required
def home(request):
    user = _mine(request)
    now = timezone.now()
    supervisions = (
        Supervision.objects.visible_to(user)
        .filter(procuratorate_id=user.department_id)
        .exclude(stage__in=(SupervisionStage.DECLINED, SupervisionStage.FILED))
        .select_related("transfer__from_department", "transfer__to_department")
        .order_by("received_at")
    )
    clocks = _open_clocks([s.transfer_id for s in supervisions])
    rows = [(s, clocks.get(str(s.transfer_id), [])) for s in supervisions]
    copied = (
        Transfer.objects.visible_to(user)
        .with_overdue(now)
        .select_related("from_department", "to_department")[:10]
    )
    year = now.year
    return render(
        request,
        "procuratorate/home.html",
        {
            "title": _("立案监督"),
            "ours": [r for r in rows if r[0].stage in SUPERVISION_PENDING],
            "police": [r for r in rows if r[0].stage not in SUPERVISION_PENDING],
            "copied": copied,
            "figures": figures.for_year(user, year, now),
            "now": now,
        },
    )


def _open_clocks(transfer_ids) -> dict[str, list]:
    found: dict[str, list] = {}
    for timer in (
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Transfer),
            object_id__in=[str(pk) for pk in transfer_ids],
        )
        .open()
        .select_related("department")
        .order_by("due_at")
    ):
        found.setdefault(timer.object_id, []).append(timer)
    return found


@login_required
def transfers(request):
    user = _mine(request)
    form = FilterForm(request.GET or None)
    rows = (
        Transfer.objects.visible_to(user)
        .with_overdue()
        .select_related("from_department", "to_department")
    )
    if form.is_valid() and form.cleaned_data["state"]:
        rows = rows.filter(state=form.cleaned_data["state"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "procuratorate/transfers.html",
        {"title": _("抄送的涉嫌犯罪移送"), "form": form, "page": page},
    )


def _transfer(request, pk: int) -> Transfer:
    user = _mine(request)
    transfer = get_object_or_404(
        Transfer.objects.visible_to(user).select_related(
            "from_department__jurisdiction", "to_department", "copied_to", "case"
        ),
        pk=pk,
    )
    policy.require(user, "transfers.copy.view", transfer)
    return transfer


@login_required
def detail(request, pk: int):
    transfer = _transfer(request, pk)
    user = request.user
    found = (
        Supervision.objects.visible_to(user)
        .filter(transfer=transfer, procuratorate_id=user.department_id)
        .select_related("procuratorate")
        .first()
    )
    forms = []
    if found is not None and policy.can(user, ANSWER, found):
        for step, (_run, _field, heading, button, help_text, _done) in STEPS.items():
            if found.allows(step):
                label, numbered = LABELS[step]
                form = SupervisionForm(
                    initial={"version": found.version}, label=label, numbered=numbered
                )
                forms.append((step, form, heading, button, help_text))
    timers = list(
        Deadline.objects.for_object(transfer)
        .select_related("department", "rule")
        .order_by("started_at", "pk")
    )
    return render(
        request,
        "procuratorate/detail.html",
        {"title": transfer.subject, "t": transfer, "s": found, "forms": forms, "timers": timers},
    )


@login_required
@require_POST
def answer(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    transfer = _transfer(request, pk)
    found = get_object_or_404(Supervision.objects.visible_to(request.user), transfer=transfer)
    run, field, _heading, _button, _help, done = STEPS[step]
    label, numbered = LABELS[step]
    form = SupervisionForm(request.POST, label=label, numbered=numbered)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("procuratorate:detail", pk=pk)
    data = form.cleaned_data
    arguments = {field: data["text"]}
    if numbered:
        arguments["number"] = data["number"]
    try:
        run(found, acting_user=request.user, expected_version=data["version"], **arguments)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, str(done))
    return redirect("procuratorate:detail", pk=pk)


@login_required
def deadline(request, pk: int):
    """A reminder's link to one of the procuratorate's clocks: the transfer it belongs to."""
    user = _mine(request)
    timer = get_object_or_404(
        Deadline.objects.visible_to(user).filter(
            content_type=ContentType.objects.get_for_model(Transfer)
        ),
        pk=pk,
    )
    transfer = get_object_or_404(Transfer.objects.visible_to(user), pk=timer.object_id)
    return redirect("procuratorate:detail", pk=transfer.pk)
