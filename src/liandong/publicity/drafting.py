"""What a new publication starts from: a title and body filled in from its case, and the names the
anonymiser masks (natural persons) or leaves (organisations)."""

from django.utils.translation import gettext as _

from liandong.cases.models import ORGANISATION_ROLES, Case, PartyRole
from liandong.publicity.anonymise import split_names
from liandong.publicity.models import Kind

TO_FILL = "【请填写"  # a prompt left in the prefilled body; submitting refuses while one remains
PERSON_ROLES = (PartyRole.PERSON, PartyRole.EXPERT)  # 评审专家 are natural persons too


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _parties(case: Case) -> list[str]:
    # Names and roles only: codes (统一社会信用代码, ID numbers) are never prefilled.
    return [f"{p.name}（{p.get_role_display()}）" for p in case.parties.all()]


def prefill(case: Case, kind: str) -> tuple[str, str]:
    """The title and body a draft of ``kind`` starts with. The case number and the parties' codes
    are left out: they are internal, and the public site must not show them."""
    types = list(case.violation_types.all())
    violations = "、".join(t.name for t in types) or _("【请填写违法行为】")
    basis = "；".join(t.basis for t in types) or _("【请填写处罚依据】")
    summary = case.summary or _("【请填写违法事实】")
    decided = _date(case.decision_date)
    decision = case.get_decision_kind_display() if case.decision_kind else ""
    department = case.department.name
    parties = _parties(case) or [_("【请填写当事人】")]
    if kind == Kind.PENALTY_NOTICE:
        title = _("行政处罚公告（%(number)s）") % {"number": case.decision_number}
        lines = [
            _("行政处罚决定书文号：%(number)s") % {"number": case.decision_number},
            _("当事人：%(names)s") % {"names": "；".join(parties)},
            _("违法行为类型：%(types)s") % {"types": violations},
            _("违法事实：%(facts)s") % {"facts": summary},
            _("处罚依据：%(basis)s") % {"basis": basis},
            _("处罚结果：【请填写处罚内容，如罚款金额、禁止参加政府采购活动的期限】"),
            _("处罚机关：%(dept)s") % {"dept": department},
            _("处罚决定日期：%(date)s") % {"date": decided},
        ]
        return title, "\n".join(lines)
    project = case.project_name or case.title
    about = [
        label % {"v": value}
        for label, value in (
            (_("采购人：%(v)s"), case.purchaser),
            (_("采购代理机构：%(v)s"), case.agency),
            (_("采购方式：%(v)s"), case.get_procurement_method_display()),
        )
        if value
    ]
    lines = [
        _("一、基本案情"),
        project + (_("（%(about)s）") % {"about": "；".join(about)} if about else "") + "。",
        summary,
        "",
        _("二、当事人"),
        *parties,
        "",
        _("三、处理结果"),
        _(
            "%(dept)s认定当事人存在%(types)s的违法行为，依据%(basis)s，"
            "于%(date)s作出%(decision)s决定（%(number)s）。"
        )
        % {
            "dept": department,
            "types": violations,
            "basis": basis,
            "date": decided,
            "decision": decision,
            "number": case.decision_number,
        },
        "",
        _("四、典型意义"),
        _("【请填写本案的典型意义和警示作用】"),
    ]
    return case.title, "\n".join(lines)


def person_names(case: Case, extra_names: str = "") -> list[str]:
    """The natural persons whose names are masked: the case's persons and experts, then the
    names the drafter added."""
    parties = [p.name for p in case.parties.all() if p.role in PERSON_ROLES]
    return [*parties, *split_names(extra_names)]


def organisation_names(case: Case) -> list[str]:
    """Names that are published as they are (legal persons), even when a person's name occurs in
    one: the organisations among the parties, the purchaser, the agency and the department."""
    parties = [p.name for p in case.parties.all() if p.role in ORGANISATION_ROLES]
    return [*parties, case.purchaser, case.agency, case.department.name]
