"""State changes of credit records (信用记录) and the purchasers' check tokens.

A record is entered by the deciding department, prefilled from its case's penalty decision or
typed in; ``entry`` checks what is entered and works out the rest: the publication period
of the rules in force on the decision date (``period_table``, ``periods``) and whether the
严重违法失信 listing rule (``listing``) makes it a 政府采购严重违法失信行为记录. Submitting checks
the record as the 双公示 layout would (``shuanggongshi.validate``): a record that could not be
exported cannot reach DRC. DRC's review queues its push (``push``); the push's success
publishes it. A case's penalty decision starts the 7-workday clock (``credit.online``), met
when a record of the case is published and withdrawn when the record will not be published
(轻微, from 2026-04-01).
"""

import datetime as dt
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.cases.models import Case, DecisionKind
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.crypto import sm3_hex, sm4_decrypt_shown, sm4_encrypt
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.credit import clients, entry, period_table, periods, shuanggongshi
from liandong.credit.models import (
    TRANSITIONS,
    CheckClient,
    CreditRecord,
    Push,
    PushOperation,
    PushState,
    RecordState,
    SubjectCategory,
    name_key,
)
from liandong.deadlines import actions as deadlines
from liandong.deadlines.models import Deadline
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Department, DepartmentKind
from liandong.organizations.routing import receivers
from liandong.organizations.validators import validate_uscc

ONLINE_RULE = "credit.online"  # 7 workdays from the decision (deadlines.rules)
REASON_MAX = 1000

STEP_NAMES = {
    "edit": gettext_lazy("修改"),
    "submit": gettext_lazy("报送审核"),
    "return": gettext_lazy("退回修改"),
    "review": gettext_lazy("审核通过"),
    "publish": gettext_lazy("确认已公示"),
    "expire": gettext_lazy("公示期满"),
    "repair": gettext_lazy("信用修复"),
    "withdraw": gettext_lazy("撤销"),
}


def _url(record: CreditRecord) -> str:
    return f"/credit/{record.pk}/"


# ---------------------------------------------------------------- the record's steps


def _check_number_once(department, number: str, record: CreditRecord | None = None) -> None:
    """One 行政处罚决定书 is one record of its department: the same number entered again (but
    for a record withdrawn) is refused, naming the record that has it."""
    others = CreditRecord.objects.filter(department=department, decision_number=number).exclude(
        state=RecordState.WITHDRAWN
    )
    if record is not None:
        others = others.exclude(pk=record.pk)
    existing = others.first()
    if existing is not None:
        raise refuse(
            "decision_number",
            _("本单位已有决定书文号为%(number)s的信用记录（%(name)s），请勿重复录入。")
            % {"number": number, "name": existing.subject_name},
            "duplicate",
        )


@action("credit.record.create")
def create_record(*, acting_user, case=None, department=None, **values) -> CreditRecord:
    """Enter a record for the acting user's department (or ``department`` for the system)."""
    policy.require_of(acting_user, "credit.record.create")
    department = acting_user.department if acting_user is not None else department
    if isinstance(case, int | str):
        case = entry.case_for(case, acting_user)
    if case is not None:
        entry.check_case(case, department)
    unknown = set(values) - set(entry.FIELDS)
    if unknown:
        raise refuse(sorted(unknown)[0], _("未知的字段。"), "unknown_field")
    data, id_number = entry.clean(values, case=case)
    _check_number_once(department, data["decision_number"])
    record = CreditRecord(
        department=department,
        case=case,
        created_by=acting_user,
        subject_key=name_key(data["subject_name"]),
        id_number_sealed=sm4_encrypt(id_number) if id_number else "",
        id_number_tail=id_number[-4:] if id_number else "",
        **data,
    )
    record.save()
    _settle_online_clock(record)
    audit.record(
        "credit.record.create",
        actor=acting_user,
        obj=record,
        after={
            **audit.snapshot(record, CreditRecord.AUDITED_FIELDS),
            "id_number": record.masked_id_number,
        },
    )
    return record


def _locked(record: CreditRecord, expected_version: int | None = None) -> CreditRecord:
    record = (
        CreditRecord.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction", "case")
        .get(pk=record.pk)
    )
    check_version(record, expected_version)
    return record


def _step(record: CreditRecord, verb: str) -> str | None:
    sources, target = TRANSITIONS[verb]
    if record.state not in sources:
        raise refuse(
            "state",
            _("信用记录当前为“%(state)s”，不能%(step)s。")
            % {"state": record.get_state_display(), "step": STEP_NAMES[verb]},
            "wrong_state",
        )
    return target


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise refuse(field, _("请说明理由。"), "required")
    if len(reason) > REASON_MAX:
        raise refuse(field, _("不超过%(n)s个字。") % {"n": REASON_MAX}, "too_long")
    return reason


@action("credit.record.update")
def update_record(
    record: CreditRecord, *, acting_user, expected_version: int | None = None, **values
) -> CreditRecord:
    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.edit", record)
    _step(record, "edit")
    unknown = set(values) - set(entry.FIELDS)
    if unknown:
        raise refuse(sorted(unknown)[0], _("未知的字段。"), "unknown_field")
    current = {f: getattr(record, f) for f in entry.FIELDS if f != "id_number"}
    merged = {**current, **values, "keep_id_number": bool(record.id_number_sealed)}
    if "publication_end" not in values and ({"decision_date", "severity", "ban_end"} & set(values)):
        merged["publication_end"] = None  # worked out again from the new facts
        merged["valid_until"] = values.get("valid_until")
    before = audit.snapshot(record, CreditRecord.AUDITED_FIELDS)
    data, id_number = entry.clean(merged, case=record.case)
    _check_number_once(record.department, data["decision_number"], record)
    if id_number:
        data["id_number_sealed"] = sm4_encrypt(id_number)
        data["id_number_tail"] = id_number[-4:]
    data["subject_key"] = name_key(data["subject_name"])
    save_changes(record, **data)
    _settle_online_clock(record)
    before, after = audit.changed(before, audit.snapshot(record, CreditRecord.AUDITED_FIELDS))
    audit.record("credit.record.update", actor=acting_user, obj=record, before=before, after=after)
    return record


def export_row(record: CreditRecord, *, full_id: bool = True) -> dict:
    """The record in the 双公示 layout (RULES.md §7), amounts in 万元."""
    department = record.department
    person = record.subject_category == SubjectCategory.NATURAL_PERSON
    id_number = ""
    if record.id_number_sealed:
        id_number = (
            sm4_decrypt_shown(record.id_number_sealed) if full_id else record.masked_id_number
        )
    return shuanggongshi.make_row(
        name=record.subject_name,
        category=record.subject_category,
        uscc=record.subject_code or None,
        legal_representative=record.legal_representative or None,
        id_type=shuanggongshi.RESIDENT_ID if person and id_number else None,
        id_number=id_number or None,
        document_number=record.decision_number,
        violation_type=record.violation_type,
        facts=record.facts,
        basis=record.basis,
        penalty_category=record.penalty_category,
        content=record.penalty_content,
        fine=shuanggongshi.to_wan(record.fine) if record.fine is not None else None,
        confiscated=(
            shuanggongshi.to_wan(record.confiscated) if record.confiscated is not None else None
        ),
        licence=record.licence or None,
        decided_on=record.decision_date,
        valid_until=record.valid_until,
        published_until=record.publication_end,
        authority=department.name,
        authority_uscc=department.uscc,
        source=department.name,
        source_uscc=department.uscc,
        note=record.remarks or None,
    )


def exportable(user, states, since=None, until=None) -> list[CreditRecord]:
    """The records a 双公示 export of ``user`` holds: DRC's for the jurisdiction, any other
    department's its own, in ``states``, decided between ``since`` and ``until``."""
    from liandong.credit.policy import is_drc

    rows = CreditRecord.objects.visible_to(user).filter(state__in=states)
    if not is_drc(user):
        rows = rows.filter(department_id=user.department_id)
    if since:
        rows = rows.filter(decision_date__gte=since)
    if until:
        rows = rows.filter(decision_date__lte=until)
    return list(rows.select_related("department").order_by("decision_date", "pk"))


def layout_problems(record: CreditRecord) -> list[str]:
    """What the 双公示 layout refuses in the record, in Chinese, naming the column."""
    return [p.message for p in shuanggongshi.validate(export_row(record), timezone.localdate())]


def _drc_people(record: CreditRecord):
    drc = Department.objects.filter(
        jurisdiction_id=record.department.jurisdiction_id,
        kind=DepartmentKind.DRC,
        is_member=True,
        is_active=True,
    ).first()
    return receivers(drc) if drc else []


@action("credit.record.submit")
def submit_record(
    record: CreditRecord, *, acting_user, expected_version: int | None = None
) -> CreditRecord:
    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.edit", record)
    target = _step(record, "submit")
    problems = layout_problems(record)
    if problems:
        raise refuse(
            "record",
            _("记录不符合双公示数据规范，不能报送：%(problems)s")
            % {"problems": "；".join(problems)},
            "layout",
        )
    save_changes(record, state=target, submitted_at=timezone.now())
    audit.record("credit.record.submit", actor=acting_user, obj=record, after={"state": target})
    notify(
        _drc_people(record),
        Note(
            kind="credit.record.submitted",
            title=_("信用记录待审核：%(subject)s（%(dept)s）")
            % {"subject": record.subject_name, "dept": record.department.short_name},
            url=_url(record),
        ),
        dedupe_key=f"credit.submit.{record.pk}.{record.version}",
    )
    return record


@action("credit.record.return")
def return_record(
    record: CreditRecord, *, reason: str, acting_user, expected_version: int | None = None
) -> CreditRecord:
    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.review", record)
    target = _step(record, "return")
    reason = _reason(reason)
    save_changes(record, state=target, review_note=reason)
    audit.record(
        "credit.record.return",
        actor=acting_user,
        obj=record,
        after={"state": target},
        message=reason,
    )
    people = [record.created_by] if record.created_by else receivers(record.department)
    notify(
        people,
        Note(
            kind="credit.record.returned",
            title=_("信用记录被退回修改：%(subject)s") % {"subject": record.subject_name},
            body=reason,
            url=_url(record),
        ),
        dedupe_key=f"credit.return.{record.pk}.{record.version}",
    )
    return record


@action("credit.record.review")
def review_record(
    record: CreditRecord, *, acting_user, note: str = "", expected_version: int | None = None
) -> CreditRecord:
    """DRC has checked the record: it is queued for the credit platform."""
    from liandong.credit import push

    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.review", record)
    target = _step(record, "review")
    problems = layout_problems(record)
    if problems:
        raise refuse("record", "；".join(problems), "layout")
    save_changes(
        record,
        state=target,
        reviewed_by=acting_user,
        reviewed_at=timezone.now(),
        review_note=(note or "").strip()[:REASON_MAX],
    )
    audit.record("credit.record.review", actor=acting_user, obj=record, after={"state": target})
    push.queue(record, PushOperation.PUBLISH)
    return record


def _settle_online_clock(record: CreditRecord) -> None:
    """A penalty that will not be published (轻微失信行为 under the rules from 2026-04-01: normally
    not published) owes nothing online: its 7-workday clock is withdrawn, with the rule."""
    if record.case_id is None:
        return
    shown = periods.publication(
        record.decision_date,
        record.severity,
        ban_end=record.ban_end,
        versions=period_table.rules(),
    )
    if shown.published:
        return
    note = _("轻微失信行为原则上不予公示（%(rule)s），无需上网公示") % {"rule": shown.rule.title}
    for timer in Deadline.objects.for_object(record.case).open().filter(rule__code=ONLINE_RULE):
        deadlines.cancel_deadline(timer, note=note[:200], acting_user=None)


def _meet_online_clock(record: CreditRecord) -> None:
    if record.case_id is None:
        return
    for timer in Deadline.objects.for_object(record.case).open().filter(rule__code=ONLINE_RULE):
        # a system step: the clock is the deciding department's, met by the publication
        deadlines.meet_deadline(timer, acting_user=None, note=_("信用记录已公示"))


@action("credit.record.publish")
def publish_record(
    record: CreditRecord, *, acting_user, note: str = "", expected_version: int | None = None
) -> CreditRecord:
    """The credit platform has the record: by the push's success (the system, ``acting_user``
    None), or confirmed by DRC when it was entered on the platform by hand (the waiting push is
    then closed, never sent)."""
    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.review", record)
    target = _step(record, "publish")
    if acting_user is not None:
        note = _reason(note, "note")
        Push.objects.filter(
            record=record,
            operation=PushOperation.PUBLISH,
            state__in=[PushState.WAITING, PushState.RETRYING, PushState.FAILED],
        ).update(state=PushState.MANUAL, next_attempt_at=None, last_error=note)
    save_changes(record, state=target, published_at=timezone.now())
    audit.record(
        "credit.record.publish",
        actor=acting_user,
        obj=record,
        after={"state": target},
        message=note,
    )
    _meet_online_clock(record)
    notify(
        receivers(record.department),
        Note(
            kind="credit.record.published",
            title=_("信用记录已公示：%(subject)s") % {"subject": record.subject_name},
            url=_url(record),
        ),
        dedupe_key=f"credit.publish.{record.pk}",
    )
    return record


@action("credit.record.withdraw")
def withdraw_record(
    record: CreditRecord, *, reason: str, acting_user, expected_version: int | None = None
) -> CreditRecord:
    """撤销: the decision was revoked or the record was wrong. A record the platform has is
    taken down there too (a withdrawal push)."""
    from liandong.credit import push

    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.withdraw", record)
    was = record.state
    target = _step(record, "withdraw")
    reason = _reason(reason)
    save_changes(record, state=target, ended_at=timezone.now(), end_reason=reason)
    audit.record(
        "credit.record.withdraw",
        actor=acting_user,
        obj=record,
        after={"state": target},
        message=reason,
    )
    sent = Push.objects.filter(record=record, operation=PushOperation.PUBLISH, state=PushState.SENT)
    Push.objects.filter(
        record=record,
        operation=PushOperation.PUBLISH,
        state__in=[PushState.WAITING, PushState.RETRYING, PushState.FAILED],
    ).update(state=PushState.CANCELLED, next_attempt_at=None, last_error=reason)
    if was == RecordState.PUBLISHED or sent.exists():
        push.queue(record, PushOperation.WITHDRAW)
    return record


@action("credit.record.repair")
def repair_record(
    record: CreditRecord, *, reason: str, acting_user, expected_version: int | None = None
) -> CreditRecord:
    """信用修复: publication ends early, once the shortest period has run and any ban is over."""
    from liandong.credit import push

    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.review", record)
    target = _step(record, "repair")
    today = timezone.localdate()
    if record.earliest_repair is None or today < record.earliest_repair:
        when = (
            record.earliest_repair.isoformat()
            if record.earliest_repair
            else record.publication_end.isoformat()
        )
        raise refuse(
            "state",
            _("%(when)s前不能信用修复：%(why)s") % {"when": when, "why": record.period_explanation},
            "too_early",
        )
    reason = _reason(reason)
    save_changes(record, state=target, ended_at=timezone.now(), end_reason=reason)
    audit.record(
        "credit.record.repair",
        actor=acting_user,
        obj=record,
        after={"state": target},
        message=reason,
    )
    push.queue(record, PushOperation.WITHDRAW)
    return record


def expire_records(today: dt.date | None = None) -> int:
    """Publication stops automatically when its period has run (a periodic job; safe twice)."""
    today = today or timezone.localdate()
    count = 0
    for record in CreditRecord.objects.filter(
        state=RecordState.PUBLISHED, publication_end__lt=today
    ).only("pk"):
        _expire(record, acting_user=None)
        count += 1
    return count


@action("credit.record.expire")
def _expire(record: CreditRecord, *, acting_user=None) -> None:
    record = _locked(record)
    if record.state != RecordState.PUBLISHED:
        return
    save_changes(
        record,
        state=RecordState.EXPIRED,
        ended_at=timezone.now(),
        end_reason=_("公示期满，自动停止公示"),
    )
    audit.record(
        "credit.record.expire", actor=None, obj=record, after={"state": RecordState.EXPIRED}
    )


@action("credit.record.export")
def record_export(records, *, fmt: str, acting_user) -> None:
    """Audit a 双公示 export: the file carries natural persons' full ID numbers."""
    policy.require_of(acting_user, "credit.record.export")
    audit.record(
        "credit.record.export",
        actor=acting_user,
        obj=None,
        after={"format": fmt, "records": [r.pk for r in records]},
        jurisdiction=acting_user.department.jurisdiction.code,
    )


# ---------------------------------------------------------------- the case's clock


def start_online_clock(case: Case, verb: str, acting_user) -> None:
    """A case follow-up: a penalty decision owes its credit record online within 7 workdays."""
    if verb != "decide" or case.decision_kind != DecisionKind.PENALTY or case.decision_date is None:
        return
    start = dt.datetime.combine(
        case.decision_date, dt.time(0), tzinfo=timezone.get_current_timezone()
    )
    deadlines.start_deadline(
        case, rule=ONLINE_RULE, department=case.department, start=start, acting_user=acting_user
    )


# ---------------------------------------------------------------- purchasers' tokens


@action("credit.clients.create")
def create_client(
    *, kind: str, name: str, uscc: str, per_minute: int = 120, acting_user
) -> tuple[CheckClient, str]:
    """Register a purchaser or agency; the token is shown once and stored only as its digest."""
    policy.require_of(acting_user, "credit.clients.manage")
    errors = Errors()
    if kind not in CheckClient.Kind.values:
        errors.add("kind", _("请选择单位类别。"), "invalid_choice")
    name = (name or "").strip()
    if not name:
        errors.add("name", _("请填写单位名称。"), "required")
    uscc = errors.check("uscc", validate_uscc, (uscc or "").strip().upper())
    jurisdiction = acting_user.department.jurisdiction
    if uscc and CheckClient.objects.filter(jurisdiction=jurisdiction, uscc=uscc).exists():
        errors.add("uscc", _("该单位已登记为查询单位。"), "duplicate")
    if not 1 <= int(per_minute or 0) <= 6000:
        errors.add("per_minute", _("每分钟查询上限应在1至6000之间。"), "invalid")
    errors.raise_if_any()
    token = clients.PREFIX + secrets.token_urlsafe(30)
    client = CheckClient.objects.create(
        jurisdiction=jurisdiction,
        kind=kind,
        name=name[:200],
        uscc=uscc,
        per_minute=int(per_minute),
        token_prefix=token[:10],
        token_digest=sm3_hex(token.encode()),
        created_by=acting_user,
    )
    audit.record(
        "credit.clients.create",
        actor=acting_user,
        obj=client,
        after={"name": client.name, "uscc": uscc, "per_minute": client.per_minute},
    )
    return client, token


@action("credit.clients.revoke")
def revoke_client(client: CheckClient, *, acting_user) -> CheckClient:
    policy.require_of(acting_user, "credit.clients.manage")
    if client.jurisdiction_id != acting_user.department.jurisdiction_id:
        raise refuse("client", _("找不到该查询单位。"), "not_found")
    if not client.is_active:
        raise refuse("client", _("该查询单位的令牌已停用。"), "wrong_state")
    CheckClient.objects.filter(pk=client.pk).update(is_active=False)
    client.is_active = False
    audit.record("credit.clients.revoke", actor=acting_user, obj=client, after={"is_active": False})
    return client
