"""立案监督 at the procuratorate: what follows a department's suggestion (310号令 第九条).

The procuratorate must receive it (人民检察院刑事诉讼规则 第五百五十七条) and answers it:
要求说明不立案理由 (the police explain within 7 days, 第五百六十条; 程序规定
第一百八十二条第一款), then 通知立案 when the reasons do not stand (the police file within
15 days, 第一百八十二条第二款; 刑诉规则 第五百六十三条、第五百六十四条) or, when they
stand, tells the department why within 10 days (第五百六十一条第二款); or 不予监督 with its
reasons at once. Each period is a ``transfer.supervision_*`` rule; its clock belongs to the
transfer, so both sides of the transfer and the procuratorate see it. The procuratorate's own
文书 are issued in its own system: each answer records their number.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.deadlines import actions as deadlines
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Role, User
from liandong.organizations.routing import receivers
from liandong.transfers import steps
from liandong.transfers.models import (
    SUPERVISION_STEPS,
    Supervision,
    SupervisionDecision,
    SupervisionStage,
    Transfer,
)

EXPLAIN_RULE = "transfer.supervision_explain"
FILING_RULE = "transfer.supervision_filing"
ANSWER_RULE = "transfer.supervision_answer"
RULES = (EXPLAIN_RULE, FILING_RULE, ANSWER_RULE)

STEP_NAMES = {
    "require_reasons": gettext_lazy("要求说明不立案理由"),
    "explain": gettext_lazy("说明不立案理由"),
    "notify_filing": gettext_lazy("通知立案"),
    "find_reasons_stand": gettext_lazy("认定不立案理由成立"),
    "decline": gettext_lazy("不予监督并答复"),
}


def url(supervision: Supervision) -> str:
    return f"/procuratorate/transfers/{supervision.transfer_id}/"


def prosecutors(department) -> list[User]:
    """Those of the procuratorate who handle suggestions: its active heads and officers."""
    return list(
        User.objects.filter(
            department=department, is_active=True, role__in=(Role.HEAD, Role.OFFICER)
        )
    )


def open_for(transfer: Transfer, *, procuratorate, late: bool, acting_user) -> Supervision:
    """The suggestion reaches the procuratorate (a system step of ``suggest_supervision``)."""
    supervision = Supervision.objects.create(
        transfer=transfer, procuratorate=procuratorate, received_at=timezone.now(), late=late
    )
    audit.record(
        "transfers.supervision.receive",
        actor=acting_user,
        obj=supervision,
        after={"stage": supervision.stage, "late": late},
        message=_("刑诉规则第五百五十七条：人民检察院应当受理并进行审查"),
    )
    _tell_procuratorate(
        supervision,
        "received",
        _("%(dept)s建议立案监督：%(subject)s")
        % {"dept": transfer.from_department.short_name, "subject": transfer.subject},
        _("逾期建议（超过310号令第九条的3日），仍应当受理。") if late else "",
    )
    return supervision


def _locked(supervision: Supervision, expected_version: int | None) -> Supervision:
    supervision = (
        Supervision.objects.select_for_update(of=("self",))
        .select_related(
            "procuratorate__jurisdiction",
            "transfer__from_department__jurisdiction",
            "transfer__to_department",
            "transfer__case",
            "transfer__created_by",
        )
        .get(pk=supervision.pk)
    )
    check_version(supervision, expected_version)
    return supervision


def _check(supervision: Supervision, step: str) -> str:
    sources, target = SUPERVISION_STEPS[step]
    if supervision.stage not in sources:
        allowed = "、".join(
            f"“{SupervisionStage(s).label}”" for s in SupervisionStage.values if s in sources
        )
        raise refuse(
            "stage",
            _("该立案监督当前为“%(stage)s”，不能%(step)s：只能在%(allowed)s时进行。")
            % {
                "stage": supervision.get_stage_display(),
                "step": STEP_NAMES[step],
                "allowed": allowed,
            },
            "wrong_state",
        )
    return target


def _record(verb: str, supervision: Supervision, acting_user, before: str, **after) -> None:
    audit.record(
        f"transfers.supervision.{verb}",
        actor=acting_user,
        obj=supervision,
        before={"stage": before},
        after={"stage": supervision.stage, **after},
    )


def _tell_procuratorate(supervision: Supervision, kind: str, title: str, body: str = "") -> None:
    notify(
        prosecutors(supervision.procuratorate),
        Note(kind=f"supervision.{kind}", title=title, body=body, url=url(supervision)),
        dedupe_key=f"supervision.{kind}:{supervision.pk}:{supervision.version}",
    )


@action("transfers.supervision.require_reasons")
def require_reasons(
    supervision: Supervision,
    *,
    note: str,
    acting_user,
    number: str = "",
    expected_version: int | None = None,
) -> Supervision:
    """要求公安机关说明不立案理由 (刑诉规则 第五百五十九条): the police have 7 days from the
    notice."""
    supervision = _locked(supervision, expected_version)
    policy.require_of(acting_user, "transfers.supervision.answer", supervision)
    target = _check(supervision, "require_reasons")
    errors = Errors()
    note = steps.required(errors, "note", note, _("请写明要求公安机关说明的事项。"))
    errors.raise_if_any()
    before = supervision.stage
    save_changes(
        supervision,
        stage=target,
        reasons_requested_at=timezone.now(),
        reasons_request_note=note,
        reasons_request_number=number.strip()[:60],
    )
    transfer = supervision.transfer
    steps.start_clock(transfer, EXPLAIN_RULE, transfer.to_department)
    _record("require_reasons", supervision, acting_user, before, number=number.strip())
    steps.tell(
        receivers(transfer.to_department),
        transfer,
        "supervision_reasons_requested",
        _("检察院要求说明不立案理由：%(subject)s") % {"subject": transfer.subject},
        _("请于收到通知后7日内书面说明不立案的情况、依据和理由（程序规定第一百八十二条）。"),
    )
    steps.tell(
        steps.senders(transfer),
        transfer,
        "supervision_progress",
        _("检察院已要求公安机关说明不立案理由：%(subject)s") % {"subject": transfer.subject},
    )
    return supervision


@action("transfers.supervision.explain")
def explain(
    supervision: Supervision,
    *,
    explanation: str,
    acting_user,
    number: str = "",
    expected_version: int | None = None,
) -> Supervision:
    """The police explain in writing why they did not file (程序规定 第一百八十二条第一款)."""
    supervision = _locked(supervision, expected_version)
    transfer = supervision.transfer
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = _check(supervision, "explain")
    errors = Errors()
    explanation = steps.required(
        errors, "explanation", explanation, _("请写明不立案的情况、依据和理由。")
    )
    errors.raise_if_any()
    before = supervision.stage
    save_changes(
        supervision,
        stage=target,
        explained_at=timezone.now(),
        explanation=explanation,
        explanation_number=number.strip()[:60],
    )
    steps.meet(transfer, EXPLAIN_RULE, _("已说明不立案理由"))
    _record("explain", supervision, acting_user, before, number=number.strip())
    _tell_procuratorate(
        supervision,
        "explained",
        _("公安机关已说明不立案理由：%(subject)s") % {"subject": transfer.subject},
        explanation[:200],
    )
    return supervision


@action("transfers.supervision.notify_filing")
def notify_filing(
    supervision: Supervision,
    *,
    reasons: str,
    acting_user,
    number: str = "",
    expected_version: int | None = None,
) -> Supervision:
    """The reasons do not stand: 通知公安机关立案 (刑诉规则 第五百六十一条第一款); the police file
    within 15 days of the notice (第五百六十三条; 程序规定 第一百八十二条第二款)."""
    supervision = _locked(supervision, expected_version)
    policy.require_of(acting_user, "transfers.supervision.answer", supervision)
    target = _check(supervision, "notify_filing")
    errors = Errors()
    reasons = steps.required(
        errors, "reasons", reasons, _("请写明不立案理由不能成立的依据和理由。")
    )
    errors.raise_if_any()
    before = supervision.stage
    save_changes(
        supervision,
        stage=target,
        decision=SupervisionDecision.NOTIFY_FILING,
        decided_at=timezone.now(),
        decision_reasons=reasons,
        decision_number=number.strip()[:60],
    )
    transfer = supervision.transfer
    steps.start_clock(transfer, FILING_RULE, transfer.to_department)
    _record("notify_filing", supervision, acting_user, before, number=number.strip())
    steps.tell(
        receivers(transfer.to_department),
        transfer,
        "supervision_filing_notified",
        _("检察院通知立案：%(subject)s") % {"subject": transfer.subject},
        _("请于收到通知后15日内立案，并将立案决定书复印件送达人民检察院。"),
    )
    steps.tell(
        steps.senders(transfer),
        transfer,
        "supervision_progress",
        _("检察院已通知公安机关立案：%(subject)s") % {"subject": transfer.subject},
        reasons[:200],
    )
    return supervision


@action("transfers.supervision.find_reasons_stand")
def find_reasons_stand(
    supervision: Supervision,
    *,
    reasons: str,
    acting_user,
    expected_version: int | None = None,
) -> Supervision:
    """The police's reasons stand (刑诉规则 第五百六十一条第二款): the department is to be told
    the grounds within 10 days — the procuratorate's clock, met by ``decline``."""
    supervision = _locked(supervision, expected_version)
    policy.require_of(acting_user, "transfers.supervision.answer", supervision)
    target = _check(supervision, "find_reasons_stand")
    errors = Errors()
    reasons = steps.required(errors, "reasons", reasons, _("请写明认定不立案理由成立的意见。"))
    errors.raise_if_any()
    before = supervision.stage
    save_changes(
        supervision,
        stage=target,
        decision=SupervisionDecision.REASONS_STAND,
        decided_at=timezone.now(),
        decision_reasons=reasons,
    )
    steps.start_clock(supervision.transfer, ANSWER_RULE, supervision.procuratorate)
    _record("find_reasons_stand", supervision, acting_user, before)
    return supervision


@action("transfers.supervision.decline")
def decline(
    supervision: Supervision,
    *,
    answer: str,
    acting_user,
    number: str = "",
    expected_version: int | None = None,
) -> Supervision:
    """不予监督: the department is told the grounds and reasons — at once when the procuratorate
    finds the police's decision right on its own review (刑诉规则 第五百五十八条: 答复), or within
    the 10 days after the police's reasons were found to stand (第五百六十一条第二款)."""
    supervision = _locked(supervision, expected_version)
    policy.require_of(acting_user, "transfers.supervision.answer", supervision)
    target = _check(supervision, "decline")
    errors = Errors()
    answer = steps.required(errors, "answer", answer, _("请写明不予监督的依据和理由。"))
    errors.raise_if_any()
    before = supervision.stage
    now = timezone.now()
    changes = {"stage": target, "answered_at": now, "answer": answer}
    if before == SupervisionStage.RECEIVED:  # 不予监督 on its own review
        changes.update(decision=SupervisionDecision.DECLINED, decided_at=now)
    if number.strip():
        changes["answer_number"] = number.strip()[:60]
    save_changes(supervision, **changes)
    transfer = supervision.transfer
    steps.meet(transfer, ANSWER_RULE, _("已告知移送单位"))
    _record("decline", supervision, acting_user, before, number=number.strip())
    steps.tell(
        steps.senders(transfer),
        transfer,
        "supervision_declined",
        _("检察院不予立案监督：%(subject)s") % {"subject": transfer.subject},
        answer[:300],
    )
    steps.tell(
        receivers(transfer.to_department),
        transfer,
        "supervision_declined",
        _("检察院不予立案监督：%(subject)s") % {"subject": transfer.subject},
    )
    return supervision


def police_filed(transfer: Transfer, acting_user) -> None:
    """The police filed while the procuratorate was supervising (a system step of ``file``):
    on its notice, or of their own accord after being asked for reasons; the supervision's
    open clocks end and the procuratorate hears of it (程序规定 第一百八十二条)."""
    supervision = Supervision.objects.filter(transfer=transfer).first()
    if supervision is None or supervision.stage in (
        SupervisionStage.DECLINED,
        SupervisionStage.FILED,
    ):
        return
    before = supervision.stage
    save_changes(supervision, stage=SupervisionStage.FILED, filed_at=timezone.now())
    for code in RULES:
        timer = steps.open_clock(transfer, code)
        if timer is not None:
            deadlines.meet_deadline(timer, acting_user=None, note=_("公安机关已立案"))
    _record("police_filed", supervision, acting_user, before, number=transfer.police_number)
    _tell_procuratorate(
        supervision,
        "filed",
        _("公安机关已立案：%(subject)s") % {"subject": transfer.subject},
        transfer.police_number,
    )


def still_open(transfer: Transfer) -> Supervision | None:
    """The transfer's supervision while the procuratorate has not answered it, or None."""
    supervision = Supervision.objects.filter(transfer=transfer).first()
    if supervision is None or supervision.stage in (
        SupervisionStage.DECLINED,
        SupervisionStage.FILED,
    ):
        return None
    return supervision


def explain_for(
    transfer: Transfer,
    *,
    explanation: str,
    acting_user,
    number: str = "",
    expected_version: int | None = None,
) -> Supervision:
    """``explain`` as a step of the transfer (its page and its API): ``expected_version`` is
    the transfer's, as on its other steps."""
    check_version(transfer, expected_version)
    found = Supervision.objects.filter(transfer=transfer).first()
    if found is None:
        raise refuse("state", _("该移送没有立案监督。"), "wrong_state")
    return explain(found, explanation=explanation, number=number, acting_user=acting_user)


SUPERVISION_FIELDS = (
    "stage",
    "procuratorate_id",
    "received_at",
    "late",
    "reasons_requested_at",
    "reasons_request_number",
    "reasons_request_note",
    "explained_at",
    "explanation",
    "explanation_number",
    "decision",
    "decided_at",
    "decision_number",
    "decision_reasons",
    "answered_at",
    "answer",
    "answer_number",
    "filed_at",
    "version",
)


def as_dict(supervision: Supervision | None) -> dict | None:
    """What the API says of a supervision (the transfer's and the procuratorate's)."""
    if supervision is None:
        return None
    return {"id": supervision.pk, **{f: getattr(supervision, f) for f in SUPERVISION_FIELDS}}
