from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.complaints import actions
from liandong.complaints.forms import (
    AmendmentForm,
    ComplaintForm,
    CopiesForm,
    DecisionForm,
    PauseForm,
    ReasonForm,
    RedirectForm,
    ReplyForm,
    VersionForm,
)
from liandong.complaints.models import Complaint, State
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.deadlines.models import DeadlineState
from liandong.documents.pdf import ConversionError

HANDLE, DECIDE = "complaints.complaint.handle", "complaints.complaint.decide"

# step → (action, form, rule, heading, button, help, done), in the order the page offers them
STEPS = {
    "accept": (
        actions.accept,
        VersionForm,
        HANDLE,
        gettext_lazy("受理"),
        gettext_lazy("受理"),
        gettext_lazy(
            "投诉符合第十八条、第十九条规定的，自收到投诉书之日起即为受理，并在收到投诉后8个工作日内向被投诉人和其他有关当事人发出投诉答复通知书及投诉书副本（94号令第二十一条第（四）项）。"
        ),
        gettext_lazy("已受理。"),
    ),
    "request_amendment": (
        actions.request_amendment,
        AmendmentForm,
        HANDLE,
        gettext_lazy("通知补正"),
        gettext_lazy("一次性书面通知补正"),
        gettext_lazy(
            "投诉书内容不符合第十八条规定的，在收到投诉书5个工作日内一次性书面通知投诉人补正，载明补正事项和合理期限（第二十一条第（一）项）；补正所需时间不计入处理期限（第二十七条）。"
        ),
        gettext_lazy("已通知补正，处理期限中止。"),
    ),
    "record_amendment": (
        actions.record_amendment,
        VersionForm,
        HANDLE,
        gettext_lazy("登记补正"),
        gettext_lazy("投诉人已补正"),
        gettext_lazy("投诉人补正后继续审查，处理期限恢复计算。"),
        gettext_lazy("已登记补正，处理期限恢复计算。"),
    ),
    "refuse": (
        actions.refuse_complaint,
        ReasonForm,
        HANDLE,
        gettext_lazy("不予受理"),
        gettext_lazy("不予受理"),
        gettext_lazy(
            "投诉不符合第十九条规定条件的，或者未按期补正、补正后仍不符合规定的，在3个工作日内书面告知投诉人不予受理并说明理由（第二十一条）。"
        ),
        gettext_lazy("已决定不予受理，通知书已生成。"),
    ),
    "redirect": (
        actions.redirect,
        RedirectForm,
        HANDLE,
        gettext_lazy("告知向有管辖权的部门投诉"),
        gettext_lazy("书面告知"),
        gettext_lazy(
            "投诉不属于本部门管辖的，在3个工作日内书面告知投诉人向有管辖权的部门提起投诉（第二十一条第（三）项）。"
        ),
        gettext_lazy("已书面告知投诉人。"),
    ),
    "send_copies": (
        actions.send_copies,
        CopiesForm,
        HANDLE,
        gettext_lazy("发出投诉答复通知书"),
        gettext_lazy("发出通知书及投诉书副本"),
        gettext_lazy("被投诉人和其他有关当事人应当在收到之日起5个工作日内书面说明（第二十二条）。"),
        gettext_lazy("投诉答复通知书已生成。"),
    ),
    "record_reply": (
        actions.record_reply,
        ReplyForm,
        HANDLE,
        gettext_lazy("登记被投诉人的说明"),
        gettext_lazy("登记"),
        gettext_lazy("被投诉人的书面说明和证据材料。"),
        gettext_lazy("已登记被投诉人的说明。"),
    ),
    "pause": (
        actions.pause,
        PauseForm,
        HANDLE,
        gettext_lazy("检验、检测、鉴定、专家评审"),
        gettext_lazy("处理期限中止"),
        gettext_lazy("所需时间不计算在投诉处理期限内，应当告知投诉人（第二十七条）。"),
        gettext_lazy("处理期限已中止。"),
    ),
    "unpause": (
        actions.unpause,
        VersionForm,
        HANDLE,
        gettext_lazy("检验、检测、鉴定、专家评审已完成"),
        gettext_lazy("处理期限恢复"),
        gettext_lazy("收到反馈之日起恢复计算。"),
        gettext_lazy("处理期限已恢复计算。"),
    ),
    "suspend": (
        actions.suspend,
        VersionForm,
        HANDLE,
        gettext_lazy("暂停采购活动"),
        gettext_lazy("书面通知暂停采购活动"),
        gettext_lazy(
            "处理投诉期间可以书面通知采购人和采购代理机构暂停采购活动，最长不得超过30日（第二十八条）。"
        ),
        gettext_lazy("已通知暂停采购活动。"),
    ),
    "resume": (
        actions.resume,
        VersionForm,
        HANDLE,
        gettext_lazy("恢复采购活动"),
        gettext_lazy("通知恢复采购活动"),
        gettext_lazy("暂停期限结束前可以通知恢复采购活动（第二十八条）。"),
        gettext_lazy("已通知恢复采购活动。"),
    ),
    "decide": (
        actions.decide,
        DecisionForm,
        DECIDE,
        gettext_lazy("作出处理决定"),
        gettext_lazy("作出决定并生成决定书"),
        gettext_lazy(
            "自收到投诉之日起30个工作日内作出处理决定（第二十六条）；决定书载明查明的事实、处理决定和法律依据，以及申请行政复议、提起行政诉讼的权利（第三十三条）。"
        ),
        gettext_lazy("已作出处理决定，决定书已生成。"),
    ),
    "withdraw": (
        actions.withdraw,
        ReasonForm,
        HANDLE,
        gettext_lazy("投诉人撤回"),
        gettext_lazy("终止处理"),
        gettext_lazy(
            "受理后投诉人书面申请撤回的，终止投诉处理程序，并书面告知相关当事人（第三十条）。"
        ),
        gettext_lazy("投诉处理已终止。"),
    ),
}


@login_required
def complaint_list(request):
    user = request.user
    policy.require(user, "complaints.complaint.list")
    rows = Complaint.objects.visible_to(user)
    state = request.GET.get("state", "")
    if state in State.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/list.html",
        {
            "title": _("投诉处理"),
            "page": page,
            "states": State.choices,
            "state": state,
            "can_receive": policy.can(user, "complaints.complaint.receive"),
        },
    )


@login_required
def complaint_new(request):
    policy.require(request.user, "complaints.complaint.receive")
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            made = actions.receive(request.user.department, acting_user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("投诉已登记，审查期限和处理期限开始计算。"))
            return redirect("complaints:detail", pk=made.pk)
    return render(request, "complaints/new.html", {"title": _("登记投诉"), "form": form})


def _visible(request, pk: int) -> Complaint:
    return get_object_or_404(
        Complaint.objects.visible_to(request.user).select_related("department", "created_by"),
        pk=pk,
    )


def _offered(user, complaint: Complaint, clock) -> list[str]:
    paused = clock is not None and clock.state == DeadlineState.PAUSED
    offered = []
    for step, (_run, _form, rule, *_rest) in STEPS.items():
        if not complaint.allows(step) or not policy.can(user, rule, complaint):
            continue
        if step == "pause" and (clock is None or paused):
            continue
        if step == "unpause" and not paused:
            continue
        offered.append(step)
    return offered


@login_required
def complaint_detail(request, pk: int):
    complaint = _visible(request, pk)
    clock = actions.decision_clock(complaint)
    forms = []
    for step in _offered(request.user, complaint, clock):
        _run, form_class, _rule, heading, button, help_text, _done = STEPS[step]
        form = form_class(initial={"version": complaint.version})
        forms.append((step, form, heading, button, help_text))
    return render(
        request,
        "complaints/detail.html",
        {
            "title": str(complaint),
            "c": complaint,
            "forms": forms,
            "window_end": actions.window_end(complaint.answer_due_on),
        },
    )


@login_required
@require_POST
def complaint_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    complaint = _visible(request, pk)
    run, form_class, *_rest, done = STEPS[step]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("complaints:detail", pk=pk)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        run(complaint, acting_user=request.user, expected_version=version, **data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except ConversionError as exc:
        messages.error(request, _("公文生成失败，本步骤未执行：%(error)s") % {"error": exc})
    else:
        messages.success(request, str(done))
    return redirect("complaints:detail", pk=pk)
