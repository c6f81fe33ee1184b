"""State changes of publications (宣传曝光). A head or officer drafts one from a closed case of
their department (prefilled from the case), edits it, applies the anonymiser and submits it; the
lead unit's head approves it, which freezes the published text, or returns it with a reason; a
published item is withdrawn with a reason, which takes it off the public site and the feed.
Every step follows ``models.TRANSITIONS`` and is audited on the publication (and so shows on
the case's timeline)."""

import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.cases.models import Case, CaseState, DecisionKind
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import (
    Errors,
    check_version,
    constraint_messages,
    refuse,
    save_changes,
)
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Department, Role, User
from liandong.publicity import anonymise as anonymiser
from liandong.publicity import drafting
from liandong.publicity.models import TRANSITIONS, Kind, Publication, State

TITLE_MAX = 200
BODY_MAX = 20000
NAMES_MAX = 2000
REASON_MAX = 500
FINISHED = (CaseState.CLOSED, CaseState.ARCHIVED)

STEP_NAMES = {
    "edit": gettext_lazy("修改"),
    "anonymise": gettext_lazy("脱敏"),
    "submit": gettext_lazy("提交审批"),
    "return": gettext_lazy("退回修改"),
    "approve": gettext_lazy("批准发布"),
    "withdraw": gettext_lazy("撤回"),
}


def url(publication: Publication) -> str:
    return f"/publicity/{publication.pk}/"


def _locked(publication: Publication, expected_version: int | None = None) -> Publication:
    publication = (
        Publication.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction", "case__department", "drafted_by")
        .get(pk=publication.pk)
    )
    check_version(publication, expected_version)
    return publication


def _step(publication: Publication, verb: str) -> None:
    sources, _target = TRANSITIONS[verb]
    if publication.state not in sources:
        raise refuse(
            "state",
            _("该稿件当前为“%(state)s”，不能%(step)s。")
            % {"state": publication.get_state_display(), "step": STEP_NAMES[verb]},
            "wrong_state",
        )


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise refuse("reason", _("%(what)s须说明理由。") % {"what": what}, "required")
    if len(reason) > REASON_MAX:
        raise refuse("reason", _("理由不能超过%(n)s个字。") % {"n": REASON_MAX}, "too_long")
    return reason


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _digest(publication: Publication) -> str:
    """What anonymisation was applied to: the title, the body and the extra names."""
    return _sha256("\x00".join((publication.title, publication.body, publication.extra_names)))


def _anonymised(publication: Publication) -> anonymiser.Result:
    case = publication.case
    return anonymiser.anonymise_all(
        [publication.title, publication.body],
        names=drafting.person_names(case, publication.extra_names),
        keep=drafting.organisation_names(case),
    )


def anonymisation_current(publication: Publication) -> bool:
    """Whether the text is as the last anonymisation left it."""
    return bool(publication.anonymised_at) and publication.anonymised_digest == _digest(publication)


# The anonymiser's kinds of change, in the user's language.
KIND_LABELS = {
    anonymiser.NAME: gettext_lazy("姓名"),
    anonymiser.ID_NUMBER: gettext_lazy("身份证号码"),
    anonymiser.MOBILE: gettext_lazy("手机号码"),
    anonymiser.LANDLINE: gettext_lazy("固定电话"),
}


def changes_of(publication: Publication) -> list[dict]:
    """What anonymisation masked in the draft, as the draft page lists it: kind, label,
    original (a name in full, a number by its last four characters), masked, count."""
    return [{**c, "label": str(KIND_LABELS[c["kind"]])} for c in publication.anonymisation]


def _lead_heads(department: Department) -> list[User]:
    return list(
        User.objects.filter(
            department__jurisdiction_id=department.jurisdiction_id,
            department__is_lead=True,
            role=Role.HEAD,
            is_active=True,
        )
    )


def _tell(people, publication: Publication, kind: str, title: str, body: str = "") -> None:
    notify(
        people,
        Note(kind=f"publicity.{kind}", title=title, body=body, url=url(publication)),
        dedupe_key=f"publicity.{kind}:{publication.pk}:{publication.version}",
    )


def _check_case(case: Case, kind: str) -> None:
    """A case a publication may be drafted from: finished, with its decision, not 涉密."""
    if case.state not in FINISHED:
        raise refuse(
            "case",
            _("只能从已结案或已归档的案件拟写宣传稿件，该案件当前为“%(state)s”。")
            % {"state": case.get_state_display()},
            "not_closed",
        )
    if not case.decision_number or case.decision_kind == DecisionKind.WITHDRAWN:
        raise refuse("case", _("该案件没有作出决定书，不能拟写宣传稿件。"), "no_decision")
    if case.confidential:
        raise refuse("case", _("涉密案件不得公开宣传。"), "confidential")
    if kind == Kind.PENALTY_NOTICE and case.decision_kind != DecisionKind.PENALTY:
        raise refuse(
            "kind",
            _("只有作出处罚决定的案件才能发布行政处罚公告，该案件的决定为“%(kind)s”。")
            % {"kind": case.get_decision_kind_display()},
            "not_a_penalty",
        )


ONE_AT_A_TIME = {
    "publication_one_per_case_kind": (
        "kind",
        gettext_lazy("该案件已有同类稿件（草稿、待审批或已发布），请在原稿件上修改。"),
    )
}


@action("publicity.publication.create")
def create(case: Case, *, kind: str, acting_user) -> Publication:
    """Start a draft of ``kind`` from ``case`` (of the acting person's department), its title and
    body filled in from the case (without the case number and without any party's code)."""
    policy.require(acting_user, "publicity.publication.create", case)
    if kind not in Kind.values:
        raise refuse("kind", _("请选择稿件类别。"), "invalid_choice")
    case = Case.objects.select_related("department__jurisdiction").get(pk=case.pk)
    _check_case(case, kind)
    if Publication.objects.filter(case=case, kind=kind).exclude(state=State.WITHDRAWN).exists():
        field, message = ONE_AT_A_TIME["publication_one_per_case_kind"]
        raise refuse(field, str(message), "duplicate")
    title, body = drafting.prefill(case, kind)
    with constraint_messages({k: (f, str(m)) for k, (f, m) in ONE_AT_A_TIME.items()}):
        publication = Publication.objects.create(
            department=case.department,
            case=case,
            kind=kind,
            title=title[:TITLE_MAX],
            body=body,
            drafted_by=acting_user,
        )
    audit.record(
        "publicity.publication.create",
        actor=acting_user,
        obj=publication,
        after={"case": case.pk, "kind": kind, "title": publication.title},
    )
    return publication


@action("publicity.publication.edit")
def edit(
    publication: Publication,
    *,
    title: str,
    body: str,
    extra_names: str = "",
    acting_user,
    expected_version: int | None = None,
) -> Publication:
    """Save the draft. Editing after anonymisation means anonymising again before submitting."""
    publication = _locked(publication, expected_version)
    policy.require(acting_user, "publicity.publication.draft", publication)
    _step(publication, "edit")
    title, body = (title or "").strip(), (body or "").strip()
    extra_names = "\n".join(anonymiser.split_names(extra_names or ""))
    errors = Errors()
    if not title:
        errors.add("title", _("请填写标题。"), "required")
    elif len(title) > TITLE_MAX:
        errors.add("title", _("标题不能超过%(n)s个字。") % {"n": TITLE_MAX}, "too_long")
    if not body:
        errors.add("body", _("请填写正文。"), "required")
    elif len(body) > BODY_MAX:
        errors.add("body", _("正文不能超过%(n)s个字。") % {"n": BODY_MAX}, "too_long")
    if len(extra_names) > NAMES_MAX:
        errors.add("extra_names", _("姓名不能超过%(n)s个字。") % {"n": NAMES_MAX}, "too_long")
    errors.raise_if_any()
    before = audit.snapshot(publication, ("title", "extra_names"))
    before["body_sha256"] = _sha256(publication.body)
    after = {
        "title": title,
        "extra_names": extra_names,
        "body_sha256": _sha256(body),
    }
    if before == after:
        return publication
    save_changes(publication, title=title, body=body, extra_names=extra_names)
    before, after = audit.changed(before, after)
    audit.record(
        "publicity.publication.edit", actor=acting_user, obj=publication, before=before, after=after
    )
    return publication


@action("publicity.publication.anonymise")
def anonymise(
    publication: Publication, *, acting_user, expected_version: int | None = None
) -> Publication:
    """Apply the anonymiser to the draft's title and body and keep what it changed, for the
    draft page to show (names in full, ID and telephone numbers only by their last digits)."""
    publication = _locked(publication, expected_version)
    policy.require(acting_user, "publicity.publication.draft", publication)
    _step(publication, "anonymise")
    result = _anonymised(publication)
    title, publication.body = result.texts
    publication.title = title[:TITLE_MAX]  # 张三 → 张某甲 may lengthen a title at its limit
    # What earlier runs masked stays listed (a second run finds nothing left of it).
    listed = {(c["kind"], c["original"], c["masked"]): c for c in publication.anonymisation}
    listed.update({(c.kind, c.original, c.masked): c.as_dict() for c in result.changes})
    save_changes(
        publication,
        anonymised_at=timezone.now(),
        anonymised_digest=_digest(publication),
        anonymisation=list(listed.values()),
    )
    audit.record(
        "publicity.publication.anonymise",
        actor=acting_user,
        obj=publication,
        after={"changes": [str(c) for c in result.changes]},
    )
    return publication


def _ready(publication: Publication) -> None:
    """What submitting (and approving) needs of the text, each problem named."""
    errors = Errors()
    text = f"{publication.title}\n{publication.body}"
    if drafting.TO_FILL in text:
        errors.add(
            "body",
            _("正文中还有“【请填写……】”提示未完成，请补充或删除后再提交。"),
            "incomplete",
        )
    if publication.case.number and publication.case.number in text:
        errors.add(
            "body",
            _("正文含有案件编号%(number)s：案件编号是内部编号，不对外公开。")
            % {"number": publication.case.number},
            "internal_number",
        )
    if not anonymisation_current(publication):
        errors.add(
            "anonymisation",
            _("稿件在脱敏后又有修改（或尚未脱敏），请先执行“脱敏”并核对脱敏结果。"),
            "not_anonymised",
        )
    else:
        left = _anonymised(publication)
        if left.changed:
            errors.add(
                "anonymisation",
                _("稿件中仍有未脱敏的个人信息：%(what)s。请再次执行“脱敏”。")
                % {"what": "；".join(f"{KIND_LABELS[c.kind]} {c.original}" for c in left.changes)},
                "not_anonymised",
            )
    errors.raise_if_any()


@action("publicity.publication.submit")
def submit(
    publication: Publication, *, acting_user, expected_version: int | None = None
) -> Publication:
    """Send the anonymised draft to the lead unit's head for approval."""
    publication = _locked(publication, expected_version)
    policy.require(acting_user, "publicity.publication.draft", publication)
    _step(publication, "submit")
    _ready(publication)
    save_changes(
        publication,
        state=State.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=acting_user,
        return_reason="",
        returned_at=None,
    )
    audit.record(
        "publicity.publication.submit",
        actor=acting_user,
        obj=publication,
        before={"state": State.DRAFT},
        after={"state": State.SUBMITTED},
    )
    _tell(
        _lead_heads(publication.department),
        publication,
        "submitted",
        _("请审批%(kind)s：%(title)s（%(dept)s）")
        % {
            "kind": publication.get_kind_display(),
            "title": publication.title,
            "dept": publication.department.short_name,
        },
    )
    return publication


@action("publicity.publication.return")
def return_draft(
    publication: Publication, *, reason: str, acting_user, expected_version: int | None = None
) -> Publication:
    """The lead unit's head sends the draft back to its department, with the reason."""
    publication = _locked(publication, expected_version)
    policy.require(acting_user, "publicity.publication.approve", publication)
    _step(publication, "return")
    reason = _reason(reason, _("退回修改"))
    save_changes(publication, state=State.DRAFT, return_reason=reason, returned_at=timezone.now())
    audit.record(
        "publicity.publication.return",
        actor=acting_user,
        obj=publication,
        before={"state": State.SUBMITTED},
        after={"state": State.DRAFT},
        message=reason,
    )
    _tell(
        [p for p in (publication.submitted_by, publication.drafted_by) if p],
        publication,
        "returned",
        _("宣传稿件被退回修改：%(title)s") % {"title": publication.title},
        reason,
    )
    return publication


@action("publicity.publication.approve")
def approve(
    publication: Publication, *, acting_user, expected_version: int | None = None
) -> Publication:
    """The lead unit's head approves: the title and body are frozen as the published text, with
    the department's name, and appear on the public site and in the feed."""
    publication = _locked(publication, expected_version)
    policy.require(acting_user, "publicity.publication.approve", publication)
    _step(publication, "approve")
    _ready(publication)  # nothing can have changed since submitting, but names may have
    now = timezone.now()
    save_changes(
        publication,
        state=State.PUBLISHED,
        published_title=publication.title,
        published_body=publication.body,
        published_department_name=publication.department.name,
        published_at=now,
        approved_by=acting_user,
    )
    audit.record(
        "publicity.publication.approve",
        actor=acting_user,
        obj=publication,
        before={"state": State.SUBMITTED},
        after={
            "state": State.PUBLISHED,
            "public_id": str(publication.public_id),
            "published_title": publication.published_title,
            "published_body_sha256": _sha256(publication.published_body),
        },
    )
    _tell(
        [p for p in (publication.submitted_by, publication.drafted_by) if p],
        publication,
        "published",
        _("宣传稿件已批准发布：%(title)s") % {"title": publication.published_title},
    )
    return publication


@action("publicity.publication.withdraw")
def withdraw(
    publication: Publication, *, reason: str, acting_user, expected_version: int | None = None
) -> Publication:
    """Take a published item off the public site and the feed, with the reason. The frozen text
    is kept for the record."""
    publication = _locked(publication, expected_version)
    policy.require(acting_user, "publicity.publication.withdraw", publication)
    _step(publication, "withdraw")
    reason = _reason(reason, _("撤回"))
    save_changes(
        publication,
        state=State.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawn_by=acting_user,
        withdraw_reason=reason,
    )
    audit.record(
        "publicity.publication.withdraw",
        actor=acting_user,
        obj=publication,
        before={"state": State.PUBLISHED},
        after={"state": State.WITHDRAWN},
        message=reason,
    )
    told = {p.pk: p for p in (publication.drafted_by, publication.submitted_by) if p}
    told.update({p.pk: p for p in _lead_heads(publication.department)})
    told.pop(acting_user.pk, None)
    _tell(
        told.values(),
        publication,
        "withdrawn",
        _("已撤回公开发布的%(kind)s：%(title)s")
        % {"kind": publication.get_kind_display(), "title": publication.published_title},
        reason,
    )
    return publication
