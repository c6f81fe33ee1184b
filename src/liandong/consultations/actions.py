"""State changes of consultations. Each opens or closes the answer timer (deadline rules
``consultation.answer`` / ``consultation.answer_urgent``) and tells the next person. Asking
issues the 咨询函 and the first answer the 复函 (``paperwork``; follow-up questions and their
answers are the informal exchange that follows, on screen only)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.cases import actions as cases
from liandong.cases.models import CasePart
from liandong.consultations import paperwork
from liandong.consultations.models import Consultation, Message, MessageKind, State, Topic
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.deadlines import actions as deadlines
from liandong.deadlines.models import Deadline
from liandong.documents import actions as documents
from liandong.documents.models import IssuedDocument
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Role
from liandong.organizations.routing import receivers, routes


def _rule(consultation: Consultation) -> str:
    return "consultation.answer_urgent" if consultation.urgent else "consultation.answer"


def _url(consultation: Consultation) -> str:
    return f"/consultations/{consultation.pk}/"


def _start_timer(consultation: Consultation, acting_user) -> Deadline:
    return deadlines.start_deadline(
        consultation,
        rule=_rule(consultation),
        department=consultation.department,
        acting_user=acting_user,
    )


def _locked(consultation: Consultation, expected_version: int | None) -> Consultation:
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction", "asking_department")
        .get(pk=consultation.pk)
    )
    check_version(consultation, expected_version)
    return consultation


def _issue(consultation: Consultation, kind: str, content, *, department, recipient, acting_user):
    return documents.issue_document(
        content,
        department=department,
        kind=kind,
        case=consultation.case,
        subject=consultation,
        recipient=recipient,
        acting_user=acting_user,
    )


def _letter_number(consultation: Consultation) -> str:
    letter = IssuedDocument.objects.about(consultation).filter(kind="consultation_letter").first()
    return letter.number if letter else ""


def _reply_issuer(consultation: Consultation, answerer):
    """Who the 复函 is issued by. The documents rule lets the consulted department issue on the
    asker's case only if it sees the case; when the asker shared none of it, the answer is still
    the assignee's to give (``consultations.consultation.answer``), so the reply is issued as
    this action's system step and the answer's audit entry names who gave it."""
    if consultation.case_id and not policy.can(answerer, "cases.case.view", consultation.case):
        return None
    return answerer


def _refuse_unless(consultation: Consultation, *states: str) -> None:
    if consultation.state not in states:
        raise refuse(
            "state",
            _("该咨询当前为“%(state)s”，不能执行此操作。")
            % {"state": consultation.get_state_display()},
            "wrong_state",
        )


@action("consultations.consultation.ask")
def ask(
    *,
    department,
    topic: str,
    subject: str,
    question: str,
    acting_user,
    urgent: bool = False,
    case=None,
    shared_part: str = "",
) -> Consultation:
    """Ask ``department`` a question; with a case, ``shared_part`` of it goes with the question
    (the consulted side sees only that)."""
    policy.require_of(acting_user, "consultations.consultation.ask", case)
    asking = acting_user.department
    errors = Errors()
    if department is None:
        errors.add("department", _("请选择受咨询单位。"), "required")
    elif department.pk == asking.pk:
        errors.add("department", _("不能向本单位咨询。"), "own")
    elif department.jurisdiction_id != asking.jurisdiction_id or not department.is_member:
        errors.add("department", _("只能向本辖区的成员单位咨询。"), "outside")
    if topic not in Topic.values:
        errors.add("topic", _("请选择咨询事项。"), "invalid_choice")
    if not subject.strip():
        errors.add("subject", _("请填写标题。"), "required")
    if not question.strip():
        errors.add("question", _("请填写咨询的问题。"), "required")
    if shared_part and shared_part not in CasePart.values:
        errors.add("shared_part", _("请选择随咨询共享的范围。"), "invalid_choice")
    if shared_part and case is None:
        errors.add("shared_part", _("没有相关案件，无可共享。"), "no_case")
    if case is not None and case.department_id != asking.pk:
        errors.add("case", _("只能就本单位的案件咨询。"), "not_own")
    errors.raise_if_any()
    consultation = Consultation.objects.create(
        asking_department=asking,
        asked_by=acting_user,
        department=department,
        case=case,
        shared_part=shared_part,
        topic=topic,
        subject=subject.strip()[:200],
        urgent=urgent,
    )
    Message.objects.create(
        consultation=consultation,
        kind=MessageKind.QUESTION,
        author=acting_user,
        department=asking,
        text=question.strip(),
    )
    if case is not None and shared_part:
        cases.share_case(
            case,
            department=department,
            part=shared_part,
            note=_("随咨询“%(subject)s”共享") % {"subject": consultation.subject},
            source="consultation",
            acting_user=acting_user,
        )
    timer = _start_timer(consultation, acting_user)
    letter = _issue(
        consultation,
        "consultation_letter",
        paperwork.consultation_letter(consultation, question.strip(), timer.last_day),
        department=asking,
        recipient=department,
        acting_user=acting_user,
    )
    audit.record(
        "consultations.consultation.ask",
        actor=acting_user,
        obj=consultation,
        after={
            "department": department.pk,
            "topic": topic,
            "urgent": urgent,
            "case": case.pk if case else None,
            "shared_part": shared_part,
            "document": letter.number,
        },
    )
    notify(
        receivers(department),
        Note(
            kind="consultation.asked",
            title=_("%(dept)s向本单位咨询：%(subject)s")
            % {"dept": asking.short_name, "subject": consultation.subject},
            body=_("请分派承办人答复。") + (_("（紧急）") if urgent else ""),
            url=_url(consultation),
        ),
        dedupe_key=f"consultation.asked:{consultation.pk}",
    )
    return consultation


@action("consultations.consultation.assign")
def assign(
    consultation: Consultation, *, assignee, acting_user, expected_version: int | None = None
) -> Consultation:
    """The consulted department's liaison (or head) gives it to someone who will answer."""
    consultation = _locked(consultation, expected_version)
    policy.require_of(acting_user, "consultations.consultation.assign", consultation)
    _refuse_unless(consultation, State.SUBMITTED, State.ASSIGNED)
    if (
        assignee is None
        or assignee.department_id != consultation.department_id
        or not assignee.is_active
        or assignee.role not in (Role.HEAD, Role.OFFICER)
    ):
        raise refuse("assignee", _("承办人须是受咨询单位的在职办案人员或负责人。"), "outside")
    before = consultation.assignee_id
    state = State.ASSIGNED if consultation.state == State.SUBMITTED else consultation.state
    save_changes(consultation, assignee=assignee, state=state)
    audit.record(
        "consultations.consultation.assign",
        actor=acting_user,
        obj=consultation,
        before={"assignee": before},
        after={"assignee": assignee.pk},
    )
    notify(
        [assignee],
        Note(
            kind="consultation.assigned",
            title=_("请答复咨询：%(subject)s") % {"subject": consultation.subject},
            url=_url(consultation),
        ),
        dedupe_key=f"consultation.assigned:{consultation.pk}:{consultation.version}",
    )
    return consultation


@action("consultations.consultation.answer")
def answer(
    consultation: Consultation, *, text: str, acting_user, expected_version: int | None = None
) -> Consultation:
    consultation = _locked(consultation, expected_version)
    policy.require_of(acting_user, "consultations.consultation.answer", consultation)
    _refuse_unless(consultation, State.ASSIGNED)
    if not text.strip():
        raise refuse("text", _("请填写答复内容。"), "required")
    first = not consultation.messages.filter(kind=MessageKind.ANSWER).exists()
    Message.objects.create(
        consultation=consultation,
        kind=MessageKind.ANSWER,
        author=acting_user,
        department=consultation.department,
        text=text.strip(),
    )
    deadlines.stop_timers(consultation, acting_user=acting_user, met=True, note=_("已答复"))
    save_changes(consultation, state=State.ANSWERED, answered_at=timezone.now())
    after = None
    if first:  # the 复函; answers to follow-up questions stay on screen
        reply = _issue(
            consultation,
            "consultation_reply",
            paperwork.consultation_reply(
                consultation, text.strip(), acting_user, _letter_number(consultation)
            ),
            department=consultation.department,
            recipient=consultation.asking_department,
            acting_user=_reply_issuer(consultation, acting_user),
        )
        after = {"document": reply.number}
    audit.record(
        "consultations.consultation.answer", actor=acting_user, obj=consultation, after=after
    )
    notify(
        [consultation.asked_by],
        Note(
            kind="consultation.answered",
            title=_("%(dept)s已答复：%(subject)s")
            % {"dept": consultation.department.short_name, "subject": consultation.subject},
            body=_("请确认办结，或继续追问。"),
            url=_url(consultation),
        ),
        dedupe_key=f"consultation.answered:{consultation.pk}:{consultation.version}",
    )
    return consultation


@action("consultations.consultation.follow_up")
def follow_up(
    consultation: Consultation, *, text: str, acting_user, expected_version: int | None = None
) -> Consultation:
    """A further question after an answer: back to the same person, on a new clock."""
    consultation = _locked(consultation, expected_version)
    policy.require_of(acting_user, "consultations.consultation.follow_up", consultation)
    _refuse_unless(consultation, State.ANSWERED)
    if not text.strip():
        raise refuse("text", _("请填写追问的问题。"), "required")
    Message.objects.create(
        consultation=consultation,
        kind=MessageKind.FOLLOW_UP,
        author=acting_user,
        department=consultation.asking_department,
        text=text.strip(),
    )
    save_changes(consultation, state=State.ASSIGNED)
    _start_timer(consultation, acting_user)
    audit.record("consultations.consultation.follow_up", actor=acting_user, obj=consultation)
    notify(
        [consultation.assignee],
        Note(
            kind="consultation.follow_up",
            title=_("咨询有追问：%(subject)s") % {"subject": consultation.subject},
            url=_url(consultation),
        ),
        dedupe_key=f"consultation.follow_up:{consultation.pk}:{consultation.version}",
    )
    return consultation


@action("consultations.consultation.close")
def close(
    consultation: Consultation,
    *,
    acting_user,
    note: str = "",
    expected_version: int | None = None,
) -> Consultation:
    """The asker closes it: answered, or withdrawn before an answer (then the reason is asked)."""
    consultation = _locked(consultation, expected_version)
    policy.require_of(acting_user, "consultations.consultation.follow_up", consultation)
    _refuse_unless(consultation, State.SUBMITTED, State.ASSIGNED, State.ANSWERED)
    withdrawn = consultation.state != State.ANSWERED
    if withdrawn and not note.strip():
        raise refuse("note", _("尚未答复，撤回须说明理由。"), "required")
    deadlines.stop_timers(
        consultation, acting_user=acting_user, met=False, note=note.strip() or _("撤回")
    )
    save_changes(consultation, state=State.CLOSED, closed_at=timezone.now())
    audit.record(
        "consultations.consultation.close",
        actor=acting_user,
        obj=consultation,
        after={"withdrawn": withdrawn},
        message=note.strip(),
    )
    if consultation.assignee_id:
        notify(
            [consultation.assignee],
            Note(
                kind="consultation.closed",
                title=_("咨询已办结：%(subject)s") % {"subject": consultation.subject},
                body=note.strip(),
                url=_url(consultation),
            ),
            dedupe_key=f"consultation.closed:{consultation.pk}",
        )
    return consultation


def waiting_for(user):
    """What waits for ``user``: to route (liaison/head), to answer, to close (asker)."""
    mine = Consultation.objects.visible_to(user)
    routing = Q(pk__in=[])
    if routes(user, user.department_id):
        routing = Q(department_id=user.department_id, state=State.SUBMITTED)
    return mine.filter(
        routing | Q(assignee=user, state=State.ASSIGNED) | Q(asked_by=user, state=State.ANSWERED)
    ).select_related("department", "asking_department")
