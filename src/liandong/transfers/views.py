from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.cases.models import Case
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.deadlines.models import Deadline
from liandong.documents.pdf import ConversionError
from liandong.evidence.models import EvidenceItem
from liandong.organizations.models import Department, Role
from liandong.transfers import actions, decisions, steps, supervision
from liandong.transfers.forms import (
    AttachForm,
    DecisionForm,
    ExplainForm,
    ExtensionForm,
    FeedbackForm,
    FileForm,
    FilterForm,
    ForwardForm,
    HandOverForm,
    MaterialForm,
    NoteForm,
    NotFileForm,
    ReasonForm,
    ReportForm,
    TransferForm,
    VersionForm,
)
from liandong.transfers.models import (
    REQUIRED_SLOTS,
    Kind,
    Slot,
    State,
    Supervision,
    Transfer,
    TransferAttachment,
)

PREPARE, APPROVE, RECEIVE = (
    "transfers.transfer.prepare",
    "transfers.transfer.approve",
    "transfers.transfer.receive",
)

# step → (action, form, rule, message when done)
STEPS = {
    "submit": (actions.submit, ReportForm, PREPARE, gettext_lazy("已报告负责人审批。")),
    "approve": (
        actions.approve,
        VersionForm,
        APPROVE,
        gettext_lazy("已批准移送，应在24小时内移送。"),
    ),
    "refuse": (actions.refuse_transfer, ReasonForm, APPROVE, gettext_lazy("已决定不批准移送。")),
    "send": (actions.send, VersionForm, PREPARE, gettext_lazy("已移送，移送文书已生成。")),
    "withdraw": (actions.withdraw, ReasonForm, PREPARE, gettext_lazy("移送已撤回。")),
    "accept": (actions.accept, VersionForm, RECEIVE, gettext_lazy("已接收。")),
    "decline": (actions.decline, ReasonForm, RECEIVE, gettext_lazy("已退回移送单位。")),
    "forward": (
        actions.forward,
        ForwardForm,
        RECEIVE,
        gettext_lazy("已转送，并书面通知移送单位。"),
    ),
    "request_material": (
        actions.request_material,
        MaterialForm,
        RECEIVE,
        gettext_lazy("已通知移送单位补充材料。"),
    ),
    "complete_material": (
        actions.complete_material,
        NoteForm,
        PREPARE,
        gettext_lazy("已告知公安机关材料已补充。"),
    ),
    "extend_review": (
        decisions.extend_review,
        ExtensionForm,
        RECEIVE,
        gettext_lazy("已延长立案审查期限，并告知移送单位。"),
    ),
    "file": (decisions.file, FileForm, RECEIVE, gettext_lazy("已立案，立案通知书已发送移送单位。")),
    "not_file": (
        decisions.not_file,
        NotFileForm,
        RECEIVE,
        gettext_lazy("已决定不予立案，通知书已发送移送单位。"),
    ),
    "request_reconsideration": (
        decisions.request_reconsideration,
        ReasonForm,
        PREPARE,
        gettext_lazy("已提请复议。"),
    ),
    "decide_reconsideration": (
        decisions.decide_reconsideration,
        DecisionForm,
        RECEIVE,
        gettext_lazy("已作出复议决定。"),
    ),
    "suggest_supervision": (
        decisions.suggest_supervision,
        NoteForm,
        PREPARE,
        gettext_lazy("已建议人民检察院立案监督。"),
    ),
    "return_to_administration": (
        decisions.return_to_administration,
        NoteForm,
        PREPARE,
        gettext_lazy("案件回到行政处理程序。"),
    ),
    "hand_over": (
        decisions.hand_over,
        HandOverForm,
        PREPARE,
        gettext_lazy("已移交，移交清单已生成。"),
    ),
    "feedback": (actions.give_feedback, FeedbackForm, RECEIVE, gettext_lazy("已反馈。")),
    "open_case": (actions.open_case, VersionForm, RECEIVE, gettext_lazy("已据此登记案件。")),
    "explain_supervision": (
        supervision.explain_for,
        ExplainForm,
        RECEIVE,
        gettext_lazy("已向人民检察院说明不立案理由。"),
    ),
}


# step → (heading, button, help) on the transfer's page, in the order they are offered
STEP_UI = {
    "submit": (
        gettext_lazy("报告负责人审批"),
        gettext_lazy("提交审批"),
        gettext_lazy(
            "办案组（至少两名执法人员）写出调查报告，报本单位正职负责人或主持工作的负责人审批；负责人应自接到报告之日起3日内作出决定（310号令第五条）。"
        ),
    ),
    "approve": (
        gettext_lazy("批准移送"),
        gettext_lazy("批准移送"),
        gettext_lazy("批准后应当在24小时内向同级公安机关移送（310号令第五条）。"),
    ),
    "refuse": (
        gettext_lazy("不批准移送"),
        gettext_lazy("不批准"),
        gettext_lazy("不批准的，应当将不予批准的理由记录在案（310号令第五条）。"),
    ),
    "send": (
        gettext_lazy("移送"),
        gettext_lazy("移送并生成移送文书"),
        gettext_lazy(
            "生成移送书（编发文字号），连同所附材料移送接收单位；涉嫌犯罪移送同时抄送同级人民检察院。接收单位可查看本案全部内容。"
        ),
    ),
    "accept": (
        gettext_lazy("接收"),
        gettext_lazy("签收"),
        gettext_lazy(
            "涉嫌犯罪移送：在移送书回执上签字（生成回执）；立案或者不予立案决定的3日自移送到达时起算（310号令第七、八条）。"
        ),
    ),
    "decline": (
        gettext_lazy("退回"),
        gettext_lazy("退回移送单位"),
        gettext_lazy("不属于本单位职责的，说明理由退回。"),
    ),
    "request_material": (
        gettext_lazy("通知补充材料"),
        gettext_lazy("书面通知补充"),
        gettext_lazy(
            "移送材料不全的，应当在接受案件后24小时内书面告知移送单位在3日内补正，不得以材料不全为由不接受移送；补充期间立案审查期限中止。"
        ),
    ),
    "forward": (
        gettext_lazy("转送有管辖权的机关"),
        gettext_lazy("转送"),
        gettext_lazy(
            "不属于本机关管辖的，应当在24小时内转送有管辖权的机关，并书面告知移送单位（310号令第七条）。"
        ),
    ),
    "extend_review": (
        gettext_lazy("延长立案审查期限"),
        gettext_lazy("延长"),
        gettext_lazy(
            "3日内不能作出决定的，至迟应当在10日以内作出决定；案情重大、疑难、复杂或者跨区域性的，经县级以上公安机关负责人批准，在30日以内决定是否立案；情况特殊的，经上一级公安机关负责人批准，可以再延长30日（公通字〔2017〕25号第十六条）。期限自移送到达时起算，应在届满前决定延长。"
        ),
    ),
    "file": (
        gettext_lazy("立案"),
        gettext_lazy("决定立案"),
        gettext_lazy(
            "认为有犯罪事实需要追究刑事责任的，决定立案，书面通知移送单位（310号令第八条）。"
        ),
    ),
    "not_file": (
        gettext_lazy("不予立案"),
        gettext_lazy("决定不予立案"),
        gettext_lazy("写明不予立案的理由，书面通知移送单位，并退回案卷材料（310号令第八条）。"),
    ),
    "complete_material": (
        gettext_lazy("补充材料"),
        gettext_lazy("告知材料已补充"),
        gettext_lazy("先在“移送材料”中以“补充材料”附上证据，再在此说明；应在3日内补正。"),
    ),
    "request_reconsideration": (
        gettext_lazy("提请复议"),
        gettext_lazy("提请复议"),
        gettext_lazy(
            "认为应当立案的，自接到不予立案通知书之日起3日内提请作出决定的公安机关复议（310号令第九条）。"
        ),
    ),
    "decide_reconsideration": (
        gettext_lazy("复议决定"),
        gettext_lazy("作出复议决定"),
        gettext_lazy("自收到提请复议之日起3日内作出复议决定，书面通知移送单位（310号令第九条）。"),
    ),
    "suggest_supervision": (
        gettext_lazy("建议立案监督"),
        gettext_lazy("建议人民检察院立案监督"),
        gettext_lazy(
            "自接到不予立案通知书或复议决定之日起3日内，可以建议人民检察院依法进行立案监督（310号令第九条）；超过3日的，人民检察院仍应当受理（刑诉规则第五百五十七条），平台标明逾期。建议书发送同级人民检察院。"
        ),
    ),
    "return_to_administration": (
        gettext_lazy("回到行政处理程序"),
        gettext_lazy("不再提出异议，依法作行政处理"),
        gettext_lazy(
            "公安机关不予立案的，依法应当给予行政处罚的，依法作出处罚；但不得以行政处罚代替刑事处罚（310号令第十、十一条）。"
        ),
    ),
    "hand_over": (
        gettext_lazy("移交涉案物品和材料"),
        gettext_lazy("移交并生成移交清单"),
        gettext_lazy(
            "自接到立案通知书之日起3日内，将涉案物品以及与案件有关的其他材料移交公安机关，并办结交接手续（310号令第十二条）。"
        ),
    ),
    "feedback": (
        gettext_lazy("反馈结果"),
        gettext_lazy("反馈"),
        gettext_lazy(
            "将侦查、起诉、判决或处理结果反馈移送单位；判决、撤销案件或处理结果为最终结果，反馈后移送办结。"
        ),
    ),
    "open_case": (
        gettext_lazy("据此立案"),
        gettext_lazy("登记为本单位案件"),
        gettext_lazy("以移送的事实在本单位登记案件线索，进入本单位案件办理程序。"),
    ),
    "explain_supervision": (
        gettext_lazy("说明不立案理由"),
        gettext_lazy("回复人民检察院"),
        gettext_lazy(
            "人民检察院要求说明不立案理由的，应当在收到通知书后7日以内，对不立案的情况、依据和理由作出书面说明，回复人民检察院（程序规定第一百八十二条第一款）。"
        ),
    ),
    "withdraw": (
        gettext_lazy("撤回移送"),
        gettext_lazy("撤回"),
        gettext_lazy("接收单位签收前可以撤回，须说明理由；各环节计时随之撤销。"),
    ),
}


def _form_kwargs(step: str, transfer: Transfer) -> dict:
    return {"criminal": transfer.is_criminal} if step == "feedback" else {}


@login_required
def transfer_list(request):
    form = FilterForm(request.GET or None)
    rows = (
        Transfer.objects.visible_to(request.user)
        .with_overdue()
        .select_related("from_department", "to_department", "case")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["box"] == "sent":
            rows = rows.filter(from_department_id=request.user.department_id)
        elif data["box"] == "received":
            rows = rows.filter(to_department_id=request.user.department_id)
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["state"]:
            rows = rows.filter(state=data["state"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "transfers/list.html",
        {
            "title": _("案件移送"),
            "form": form,
            "page": page,
            "can_create": policy.can(request.user, "transfers.transfer.create"),
            "can_overview": policy.can(request.user, "transfers.overview.view"),
        },
    )


def _transfer_form(request, data=None):
    user = request.user
    departments = Department.objects.visible_to(user).members().exclude(pk=user.department_id)
    handled = Case.objects.visible_to(user).filter(department_id=user.department_id)
    if user.role != Role.HEAD:
        handled = handled.filter(officers=user)
    handled = handled.exclude(state__in=steps.FINISHED_CASE)
    initial = {}
    if request.GET.get("case", "").isdigit():
        initial["case"] = request.GET["case"]
        case = handled.filter(pk=request.GET["case"]).first()
        if case is not None:
            initial["subject"] = case.title
            initial["facts"] = case.summary
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
        if request.GET["kind"] == Kind.CRIMINAL:
            police = departments.filter(kind="PSB").first()
            initial["department"] = police.pk if police else None
    return TransferForm(data, departments=departments, cases=handled, initial=initial)


@login_required
def transfer_new(request):
    policy.require(request.user, "transfers.transfer.create")
    form = _transfer_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("移送已起草。请附上移送材料，再报告负责人审批。")
                if made.is_criminal
                else _("移送已起草，确认无误后移送。"),
            )
            return redirect("transfers:detail", pk=made.pk)
    return render(request, "transfers/new.html", {"title": _("案件移送"), "form": form})


def _visible(request, pk: int) -> Transfer:
    return get_object_or_404(
        Transfer.objects.visible_to(request.user).select_related(
            "from_department__jurisdiction",
            "to_department",
            "created_by",
            "case",
            "copied_to",
            "decided_by",
            "received_by",
            "created_case",
        ),
        pk=pk,
    )


def _can(user, transfer: Transfer, step: str) -> bool:
    if step == "explain_supervision":
        found = Supervision.objects.filter(transfer=transfer).first()
        if found is None or not found.allows("explain"):
            return False
    return transfer.allows(step) and policy.can(user, STEPS[step][2], transfer)


@login_required
def transfer_detail(request, pk: int):
    transfer = _visible(request, pk)
    user = request.user
    version = {"version": transfer.version}
    forms = []
    for step, (heading, button, help_text) in STEP_UI.items():
        if not _can(user, transfer, step):
            continue
        form_class = STEPS[step][1]
        initial = {**version, "report": transfer.report} if step == "submit" else version
        form = form_class(initial=initial, **_form_kwargs(step, transfer))
        forms.append((step, form, heading, button, help_text))
    attachments = transfer.attachments.select_related("item__blob", "added_by")
    seen = set(
        EvidenceItem.objects.visible_to(user)
        .filter(pk__in=[a.item_id for a in attachments])
        .values_list("pk", flat=True)
    )
    can_attach = transfer.allows("attach") and policy.can(user, PREPARE, transfer)
    attach_form = None
    if can_attach and transfer.case_id:
        items = EvidenceItem.objects.filter(case_id=transfer.case_id, superseded_by__isnull=True)
        attach_form = AttachForm(initial=version, items=items)
    missing = (
        [Slot(s).label for s in actions.missing_slots(transfer)] if transfer.is_criminal else []
    )
    case_visible = bool(transfer.case_id) and (
        Case.objects.visible_to(user).filter(pk=transfer.case_id).exists()
    )
    timers = list(
        Deadline.objects.for_object(transfer)
        .select_related("department", "rule")
        .order_by("started_at", "pk")
    )
    return render(
        request,
        "transfers/detail.html",
        {
            "title": transfer.subject,
            "t": transfer,
            "forms": forms,
            "attachments": [(a, a.item_id in seen) for a in attachments],
            "missing": missing,
            "missing_text": _("、").join(str(label) for label in missing),
            "required_slots": _("；").join(str(Slot(s).label) for s in REQUIRED_SLOTS),
            "attach_form": attach_form,
            "can_detach": can_attach,
            "material_requests": transfer.material_requests.select_related(
                "requested_by", "completed_by"
            ),
            "feedback": transfer.feedback.select_related("given_by"),
            "extensions": transfer.extensions.select_related("decided_by"),
            "supervision": Supervision.objects.filter(transfer=transfer).first(),
            "team": transfer.team.all(),
            "timers": timers,
            "unsigned_overdue": transfer.state == State.SENT
            and any(t.rule.code == steps.FILING_RULE and t.is_overdue for t in timers),
            "case_visible": case_visible,
            "sending_side": user.department_id == transfer.from_department_id,
        },
    )


def _back(pk: int, anchor: str = ""):
    return redirect(f"/transfers/{pk}/{anchor}")


@login_required
@require_POST
def transfer_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    transfer = _visible(request, pk)
    run, form_class, _rule, done = STEPS[step]
    form = form_class(request.POST, **_form_kwargs(step, transfer))
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return _back(pk)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        run(transfer, acting_user=request.user, expected_version=version, **data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except ConversionError as exc:
        messages.error(request, _("公文生成失败，本步骤未执行：%(error)s") % {"error": exc})
    else:
        messages.success(request, str(done))
    return _back(pk)


@login_required
@require_POST
def transfer_attach(request, pk: int):
    transfer = _visible(request, pk)
    items = EvidenceItem.objects.filter(case_id=transfer.case_id)
    form = AttachForm(request.POST, items=items)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return _back(pk, "#attachments")
    data = form.cleaned_data
    try:
        actions.attach(
            transfer,
            slot=data["slot"],
            item=data["item"],
            expected_version=data["version"],
            acting_user=request.user,
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已附上：%(slot)s。") % {"slot": Slot(data["slot"]).label})
    return _back(pk, "#attachments")


@login_required
@require_POST
def transfer_detach(request, pk: int, attachment: int):
    transfer = _visible(request, pk)
    found = get_object_or_404(TransferAttachment, pk=attachment, transfer=transfer)
    try:
        actions.detach(found, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已撤下该材料。"))
    return _back(pk, "#attachments")


@login_required
def overview(request):
    """The lead unit's view of every transfer in the jurisdiction: kinds, departments, states,
    each step's clock and what is overdue — and the subject and case only where the lead unit
    was given them."""
    policy.require(request.user, "transfers.overview.view")
    jurisdiction = request.user.department.jurisdiction_id
    rows = Transfer.objects.in_jurisdiction(jurisdiction).select_related(
        "from_department", "to_department"
    )
    visible = set(Transfer.objects.visible_to(request.user).values_list("pk", flat=True))
    form = FilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["kind"]:
            rows = rows.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["state"]:
            rows = rows.filter(state=form.cleaned_data["state"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    ids = [str(t.pk) for t in page]
    now = timezone.now()
    clocks: dict[str, list] = {}
    for timer in (
        Deadline.objects.filter(content_type__model="transfer", object_id__in=ids)
        .open()
        .select_related("department")
        .order_by("due_at")
    ):
        clocks.setdefault(timer.object_id, []).append(timer)
    overdue_ids = set(
        Deadline.objects.filter(
            content_type__model="transfer",
            content_type__app_label="transfers",
            due_at__lt=now,
        )
        .open()
        .values_list("object_id", flat=True)
    )
    everything = Transfer.objects.in_jurisdiction(jurisdiction)
    by_state = {
        row["state"]: row["n"]
        for row in everything.values("state").annotate(n=Count("pk")).order_by()
    }
    return render(
        request,
        "transfers/overview.html",
        {
            "title": _("案件移送总览"),
            "form": form,
            "page": page,
            "rows": [
                (t, t.pk in visible, clocks.get(str(t.pk), []), str(t.pk) in overdue_ids)
                for t in page
            ],
            "by_state": [(State(s).label, by_state[s]) for s in State.values if s in by_state],
            "total": sum(by_state.values()),
            "overdue": everything.filter(pk__in=[int(i) for i in overdue_ids]).count(),
            "now": now,
        },
    )
