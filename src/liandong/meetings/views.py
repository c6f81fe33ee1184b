from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.cases.models import Case
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.deadlines.models import Deadline
from liandong.documents.pdf import ConversionError
from liandong.evidence import actions as evidence
from liandong.evidence import storage
from liandong.meetings import actions
from liandong.meetings.forms import (
    AttendanceForm,
    CloseForm,
    CommentForm,
    ConveneForm,
    MinutesForm,
    ReasonForm,
    ReplyForm,
    ReportForm,
    ResolutionFilter,
    ResolutionForm,
    TopicForm,
    VersionForm,
)
from liandong.meetings.models import (
    Invitation,
    Meeting,
    MeetingState,
    Minutes,
    MinutesState,
    ProgressReport,
    Reply,
    Resolution,
    ResolutionState,
    Topic,
    TopicState,
)
from liandong.notifications import receipts
from liandong.organizations.models import Department, Role, User


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _form_errors(request, form) -> None:
    messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))


def _members(user):
    return Department.objects.filter(
        jurisdiction_id=user.department.jurisdiction_id, is_member=True, is_active=True
    )


@login_required
def meeting_list(request):
    policy.require(request.user, "meetings.meeting.view")
    rows = Meeting.objects.visible_to(request.user).select_related("department")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    waiting = actions.waiting_for(request.user)
    return render(
        request,
        "meetings/list.html",
        {
            "title": _("联席会议"),
            "page": page,
            "invitations": waiting["invitations"],
            "can_convene": policy.can(request.user, "meetings.meeting.convene"),
        },
    )


# ---------------------------------------------------------------------------------------------
# 议题


def _topic_form(request, data=None):
    own = Case.objects.visible_to(request.user).filter(department_id=request.user.department_id)
    return TopicForm(data, cases=own.exclude(state__in=["closed", "archived"]))


@login_required
def topics(request):
    policy.require(request.user, "meetings.meeting.view")
    can_propose = policy.can(request.user, "meetings.topic.propose")
    form = _topic_form(request, request.POST or None) if can_propose else None
    if request.method == "POST":
        policy.require(request.user, "meetings.topic.propose")
        if form.is_valid():
            try:
                actions.propose_topic(acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("议题已提交牵头单位。"))
                return redirect("meetings:topics")
    rows = actions.topics_for(request.user).prefetch_related("cases")
    return render(
        request,
        "meetings/topics.html",
        {
            "title": _("联席会议议题"),
            "form": form,
            "topics": Paginator(rows, 50).get_page(request.GET.get("page")),
            "can_decide": policy.can(request.user, "meetings.meeting.convene"),
            "decline_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def topic_decline(request, pk: int):
    topic = get_object_or_404(Topic.objects.visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:topics")
    try:
        actions.decline_topic(
            topic,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已告知提出单位不采纳的理由。"))
    return redirect("meetings:topics")


# ---------------------------------------------------------------------------------------------
# 召集与出席


def _convene_form(request, data=None):
    user = request.user
    topics = Topic.objects.visible_to(user).filter(state=TopicState.PROPOSED)
    people = User.objects.filter(
        department__in=_members(user), is_active=True, role__in=[Role.HEAD, Role.OFFICER]
    ).select_related("department")
    observers = Department.objects.filter(
        jurisdiction_id=user.department.jurisdiction_id, is_member=False, is_active=True
    )
    return ConveneForm(
        data,
        topics=topics.select_related("department"),
        people=people.order_by("department_id", "full_name"),
        observers=observers,
    )


@login_required
def meeting_new(request):
    policy.require(request.user, "meetings.meeting.view")
    form = _convene_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        observers = []
        if data["observer_department"] and data["observer_names"].strip():
            observers = [
                (data["observer_department"], name)
                for name in data["observer_names"].replace("，", "、").split("、")
            ]
        try:
            meeting = actions.convene(
                title=data["title"],
                starts_at=data["starts_at"],
                place=data["place"],
                topics=data["topics"],
                items=data["items"].splitlines(),
                invitees=data["invitees"],
                observers=observers,
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("会议通知已发出。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/new.html",
        {
            "title": _("召集联席会议"),
            "form": form,
            "can_convene": policy.can(request.user, "meetings.meeting.convene"),
        },
    )


def _visible(request, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("department__jurisdiction"),
        pk=pk,
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = _visible(request, pk)
    user = request.user
    invitations = list(meeting.invitations.select_related("department", "person"))
    mine = next((i for i in invitations if i.person_id == user.pk), None)
    visible_cases = set(Case.objects.visible_to(user).values_list("pk", flat=True)[:10000])
    agenda = [
        (
            item,
            [(c, c.pk in visible_cases) for c in item.topic.cases.all()] if item.topic else [],
        )
        for item in meeting.agenda.select_related("topic__department")
    ]
    manage = policy.can(user, "meetings.meeting.manage", meeting)
    started = meeting.starts_at <= timezone.now()
    return render(
        request,
        "meetings/detail.html",
        {
            "title": meeting.title,
            "m": meeting,
            "agenda": agenda,
            "invitations": invitations,
            "mine": mine,
            "reply_form": ReplyForm(
                initial={"answer": mine.reply if mine and mine.reply != Reply.PENDING else None}
            )
            if mine and meeting.state == MeetingState.CONVENED
            else None,
            "attendance_form": AttendanceForm(
                invitations=invitations, initial={"version": meeting.version}
            )
            if manage and started and meeting.state in (MeetingState.CONVENED, MeetingState.HELD)
            else None,
            "cancel_form": ReasonForm(initial={"version": meeting.version})
            if manage and meeting.state == MeetingState.CONVENED
            else None,
            "has_minutes": Minutes.objects.filter(meeting=meeting).exists(),
            "not_started": manage and not started,
        },
    )


@login_required
@require_POST
def meeting_reply(request, pk: int):
    meeting = _visible(request, pk)
    invitation = Invitation.objects.filter(meeting=meeting, person=request.user).first()
    if invitation is None:
        raise PermissionDenied(_("只能回复发给本人的会议通知。"))
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.reply(invitation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已回复。"))
    else:
        _form_errors(request, form)
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_attendance(request, pk: int):
    meeting = _visible(request, pk)
    form = AttendanceForm(request.POST, invitations=meeting.invitations.all())
    if form.is_valid():
        try:
            actions.record_attendance(
                meeting,
                attendance=form.attendance(),
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("出席情况已记录，可以起草纪要。"))
            return redirect("meetings:minutes", pk=pk)
    else:
        _form_errors(request, form)
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = _visible(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel(
                meeting,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("会议已取消，已通知参会人员。"))
    else:
        _form_errors(request, form)
    return redirect("meetings:detail", pk=pk)


# ---------------------------------------------------------------------------------------------
# 纪要


def _minutes(request, pk: int) -> Minutes:
    meeting = _visible(request, pk)
    return get_object_or_404(Minutes.objects.select_related("meeting", "document"), meeting=meeting)


@login_required
def minutes_page(request, pk: int):
    minutes = _minutes(request, pk)
    meeting = minutes.meeting
    user = request.user
    if minutes.state == MinutesState.ISSUED:
        receipts.mark_read(minutes, acting_user=user)
    manage = policy.can(user, "meetings.meeting.manage", meeting)
    editable = manage and minutes.state != MinutesState.ISSUED
    agenda = meeting.agenda.all()
    resolutions = minutes.resolutions.prefetch_related("owners").select_related("agenda_item")
    return render(
        request,
        "meetings/minutes.html",
        {
            "title": _("%(title)s纪要") % {"title": meeting.title},
            "m": meeting,
            "minutes": minutes,
            "agenda": agenda,
            "resolutions": resolutions,
            "comments": minutes.comments.select_related("department", "author"),
            "edit_form": MinutesForm(
                agenda=agenda, initial={"summary": minutes.summary, "version": minutes.version}
            )
            if editable
            else None,
            "resolution_form": ResolutionForm(agenda=agenda, members=_members(user))
            if editable
            else None,
            "can_circulate": manage and minutes.state == MinutesState.DRAFT,
            "can_issue": minutes.state != MinutesState.ISSUED
            and policy.can(user, "meetings.minutes.issue", meeting),
            "comment_form": CommentForm()
            if minutes.state == MinutesState.REVIEW
            and policy.can(user, "meetings.minutes.comment", meeting)
            else None,
            "show_receipts": minutes.state == MinutesState.ISSUED
            and user.department_id == meeting.department_id,
            "version_form": VersionForm(initial={"version": minutes.version}),
        },
    )


def _minutes_step(request, pk: int, run, done: str):
    minutes = _minutes(request, pk)
    try:
        run(minutes)
    except ValidationError as exc:
        _errors(request, exc)
    except ConversionError as exc:
        messages.error(request, _("公文生成失败，本步骤未执行：%(error)s") % {"error": exc})
    else:
        messages.success(request, done)
    return redirect("meetings:minutes", pk=pk)


def _version(request):
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@login_required
@require_POST
def minutes_edit(request, pk: int):
    minutes = _minutes(request, pk)
    form = MinutesForm(request.POST, agenda=minutes.meeting.agenda.all())
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:minutes", pk=pk)
    return _minutes_step(
        request,
        pk,
        lambda m: actions.edit_minutes(
            m,
            summary=form.cleaned_data["summary"],
            discussions=form.discussions(),
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
        _("纪要草稿已保存。"),
    )


@login_required
@require_POST
def resolution_add(request, pk: int):
    minutes = _minutes(request, pk)
    form = ResolutionForm(
        request.POST, agenda=minutes.meeting.agenda.all(), members=_members(request.user)
    )
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:minutes", pk=pk)
    return _minutes_step(
        request,
        pk,
        lambda m: actions.add_resolution(m, acting_user=request.user, **form.cleaned_data),
        _("已添加议定事项。"),
    )


@login_required
@require_POST
def resolution_remove(request, pk: int, rpk: int):
    minutes = _minutes(request, pk)
    resolution = get_object_or_404(Resolution, pk=rpk, minutes=minutes)
    return _minutes_step(
        request,
        pk,
        lambda m: actions.remove_resolution(resolution, acting_user=request.user),
        _("已删除议定事项。"),
    )


@login_required
@require_POST
def minutes_circulate(request, pk: int):
    return _minutes_step(
        request,
        pk,
        lambda m: actions.circulate(
            m, expected_version=_version(request), acting_user=request.user
        ),
        _("已发送各成员单位征求意见。"),
    )


@login_required
@require_POST
def minutes_comment(request, pk: int):
    form = CommentForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:minutes", pk=pk)
    return _minutes_step(
        request,
        pk,
        lambda m: actions.comment(m, text=form.cleaned_data["text"], acting_user=request.user),
        _("意见已提交。"),
    )


@login_required
@require_POST
def minutes_issue(request, pk: int):
    return _minutes_step(
        request,
        pk,
        lambda m: actions.issue_minutes(
            m, expected_version=_version(request), acting_user=request.user
        ),
        _("纪要已印发各成员单位，议定事项开始计时。"),
    )


# ---------------------------------------------------------------------------------------------
# 议定事项


@login_required
def resolution_list(request):
    policy.require(request.user, "meetings.meeting.view")
    rows = (
        Resolution.objects.visible_to(request.user)
        .filter(minutes__state=MinutesState.ISSUED)
        .select_related("minutes__meeting", "minutes__document")
        .prefetch_related("owners")
    )
    form = ResolutionFilter(
        request.GET or None, members=_members(request.user), states=ResolutionState.choices
    )
    if form.is_valid():
        if form.cleaned_data["owner"]:
            rows = rows.filter(owners=form.cleaned_data["owner"])
        if form.cleaned_data["state"]:
            rows = rows.filter(state=form.cleaned_data["state"])
    rows = rows.order_by("state", "due_on", "pk").distinct()
    now = timezone.now()
    overdue = set(
        Deadline.objects.filter(
            content_type__app_label="meetings",
            content_type__model="resolution",
            object_id__in=[str(r.pk) for r in rows],
            state="missed",
        ).values_list("object_id", flat=True)
    )
    return render(
        request,
        "meetings/resolutions.html",
        {
            "title": _("议定事项落实情况"),
            "form": form,
            "rows": [(r, str(r.pk) in overdue) for r in rows],
            "rates": actions.on_time_rates(rows),
            "now": now,
        },
    )


def _visible_resolution(request, pk: int) -> Resolution:
    return get_object_or_404(
        Resolution.objects.visible_to(request.user)
        .filter(minutes__state=MinutesState.ISSUED)
        .select_related("minutes__meeting__department", "minutes__document"),
        pk=pk,
    )


@login_required
def resolution_detail(request, pk: int):
    resolution = _visible_resolution(request, pk)
    user = request.user
    owner = policy.can(user, "meetings.resolution.report", resolution)
    lead = policy.can(user, "meetings.meeting.manage", resolution.minutes.meeting)
    return render(
        request,
        "meetings/resolution.html",
        {
            "title": _("议定事项"),
            "r": resolution,
            "reports": resolution.reports.select_related("department", "author", "blob"),
            "timers": Deadline.objects.for_object(resolution)
            .select_related("department")
            .order_by("pk"),
            "report_form": ReportForm()
            if owner and resolution.state != ResolutionState.DONE
            else None,
            "close_form": CloseForm(initial={"version": resolution.version})
            if owner and resolution.state == ResolutionState.OPEN
            else None,
            "can_confirm": lead and resolution.state == ResolutionState.CLOSE_REQUESTED,
            "reopen_form": ReasonForm(initial={"version": resolution.version})
            if lead and resolution.state == ResolutionState.CLOSE_REQUESTED
            else None,
        },
    )


def _resolution_step(request, pk: int, run, done: str):
    resolution = _visible_resolution(request, pk)
    try:
        run(resolution)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("meetings:resolution", pk=pk)


@login_required
@require_POST
def resolution_report(request, pk: int):
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:resolution", pk=pk)

    def run(resolution):
        policy.require(request.user, "meetings.resolution.report", resolution)
        upload_id = None
        if form.cleaned_data["file"]:
            upload_id = evidence.upload_file(form.cleaned_data["file"], acting_user=request.user).pk
        actions.report_progress(
            resolution,
            text=form.cleaned_data["text"],
            upload_id=upload_id,
            acting_user=request.user,
        )

    return _resolution_step(request, pk, run, _("落实情况已报告。"))


@login_required
@require_POST
def resolution_request_close(request, pk: int):
    form = CloseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:resolution", pk=pk)
    return _resolution_step(
        request,
        pk,
        lambda r: actions.request_close(
            r,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
        _("已申请办结，等待牵头单位确认。"),
    )


@login_required
@require_POST
def resolution_confirm(request, pk: int):
    return _resolution_step(
        request,
        pk,
        lambda r: actions.confirm_done(
            r, expected_version=_version(request), acting_user=request.user
        ),
        _("已确认办结。"),
    )


@login_required
@require_POST
def resolution_reopen(request, pk: int):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("meetings:resolution", pk=pk)
    return _resolution_step(
        request,
        pk,
        lambda r: actions.reopen(
            r,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        ),
        _("已退回责任单位继续落实。"),
    )


@login_required
def report_file(request, pk: int):
    report = get_object_or_404(
        ProgressReport.objects.filter(
            resolution__in=Resolution.objects.visible_to(request.user), blob__isnull=False
        ).select_related("blob"),
        pk=pk,
    )
    try:
        handle = storage.open_blob(report.blob.sha256)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=report.filename)
    response["Content-Type"] = report.blob.mime or "application/octet-stream"
    return response
