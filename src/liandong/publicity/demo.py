"""Demo publications of 鲤城区, made through the actions: a published typical case whose natural
person (项目负责人) appears masked on the public site, a typical case awaiting the FIN head's
approval, and a penalty announcement that was published and then withdrawn.

The closed case the first and the last are drafted from is made here too (through the cases
actions), with a supplier and a natural person among its parties. Everything is made only when
missing, so running the demo again changes nothing and prints the same line."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from liandong.cases import actions as cases
from liandong.cases.models import Case
from liandong.organizations.models import Department, User
from liandong.publicity import actions
from liandong.publicity.models import Kind, Publication, State

CODE = "350502"
CASE_TITLE = "某学校食堂食材配送服务采购项目供应商提供虚假材料"
PARK_CASE_TITLE = "某公园绿化养护项目评审专家违规评审"  # closed in the cases demo
SUPPLIER = ("福建某某餐饮管理有限公司", "91350502MA8UP7QK24")
PERSON = ("郑国平", "350502198503121231")  # 项目负责人, a natural person
PHONE = "13905951234"

TYPICAL_BODY = f"""一、基本案情
泉州市鲤城区某学校委托福建某招标代理有限公司，以竞争性磋商方式采购食堂食材配送服务，{SUPPLIER[0]}参加磋商并成交，成交金额86.4万元。
经举报，区财政局依法调查查明：该公司在响应文件中提交的项目负责人{PERSON[0]}（身份证号码{PERSON[1]}，联系电话{PHONE}）的食品安全管理员培训合格证明系伪造，{PERSON[0]}本人亦未在该公司缴纳社会保险。

二、处理结果
区财政局认定{SUPPLIER[0]}提供虚假材料谋取成交，依据《中华人民共和国政府采购法》第七十七条第一款第（一）项，对其处以采购金额千分之五的罚款4320元，列入不良行为记录名单，一年内禁止参加政府采购活动，成交结果无效。

三、典型意义
提供虚假材料谋取中标、成交，是政府采购领域常见的违法行为。采购人、采购代理机构应当认真审查供应商提交的资格证明材料，必要时向发证机关核实；供应商应当诚信参与政府采购活动，弄虚作假必将受到依法惩处。"""

PENALTY_RESULT = (
    "处以采购金额千分之五的罚款4320元，列入不良行为记录名单，一年内禁止参加政府采购活动。"
)

PARK_BODY = """一、基本案情
区财政局在政府采购监督检查中发现，某公园绿化养护服务项目的评审过程中，一名评审专家未按照采购文件规定的评审程序、评审方法和评审标准进行独立评审，对多家供应商的技术方案评分明显畸高或畸低，且无合理理由。

二、处理结果
区财政局依据《中华人民共和国政府采购法实施条例》第七十五条第一款，对该评审专家作出警告的行政处罚，并将有关情况通报省级财政部门。

三、典型意义
评审专家应当客观、公正、审慎地履行职责，严格按照采购文件规定的评审方法和标准评审。财政部门将持续加强对评审专家的监督管理，对违规评审行为依法追究责任。"""


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _closed_case(fin: Department, officer: User, head: User, other: User) -> Case:
    case = Case.objects.filter(department=fin, title=CASE_TITLE).first()
    if case is not None:
        return case
    today = timezone.localdate()
    case = cases.register_case(
        fin,
        title=CASE_TITLE,
        source="report",
        summary=(
            f"举报反映{SUPPLIER[0]}在某学校食堂食材配送服务采购项目中提交虚假的项目负责人"
            "资格证明材料；经向发证机关核实，证明材料系伪造。"
        ),
        project_number="QZLC-2025-1106",
        project_name="某学校食堂食材配送服务采购项目",
        purchaser="泉州市鲤城区某学校",
        agency="福建某招标代理有限公司",
        procurement_method="consultation",
        budget=Decimal("900000"),
        winning_amount=Decimal("864000"),
        acting_user=officer,
    )
    cases.assign_officers(case, officers=[officer, other], acting_user=head)
    cases.add_party(case, role="supplier", name=SUPPLIER[0], uscc=SUPPLIER[1], acting_user=officer)
    cases.add_party(case, role="person", name=PERSON[0], id_number=PERSON[1], acting_user=officer)
    cases.update_case(
        case,
        violation_types=["supplier.false_material"],
        announced_on=today - dt.timedelta(days=150),
        awarded_on=today - dt.timedelta(days=130),
        acting_user=officer,
    )
    for verb in ("review", "file", "investigate", "submit"):
        case = cases.move_case(case, verb, acting_user=officer)
    case = cases.move_case(
        case,
        "decide",
        decision_kind="penalty",
        decision_number=f"泉鲤政财罚〔{today.year}〕8号",
        decision_date=today,
        acting_user=officer,
    )
    case = cases.move_case(case, "execute", acting_user=officer)
    return cases.move_case(case, "close", acting_user=officer)


def _drafted(case: Case, kind: str, officer: User, body: str | None, title: str | None = None):
    """The publication of ``case`` and ``kind`` made here, drafted and anonymised if missing."""
    made = Publication.objects.filter(case=case, kind=kind).order_by("pk").first()
    if made is not None:
        return made, False
    made = actions.create(case, kind=kind, acting_user=officer)
    made = actions.edit(
        made,
        title=title or made.title,
        body=body if body is not None else made.body,
        acting_user=officer,
    )
    made = actions.anonymise(made, acting_user=officer)
    return actions.submit(made, acting_user=officer), True


def load(say) -> None:
    fin = Department.objects.filter(jurisdiction__code=CODE, kind="FIN", is_member=True).first()
    if fin is None or not User.objects.filter(username="fin_officer1").exists():
        return
    head, officer, other = _user("fin_head"), _user("fin_officer1"), _user("fin_officer2")
    case = _closed_case(fin, officer, head, other)

    typical, new = _drafted(
        case, Kind.TYPICAL_CASE, officer, TYPICAL_BODY, "供应商提供虚假材料谋取成交被处罚案"
    )
    if new:
        actions.approve(typical, acting_user=head)

    notice = Publication.objects.filter(case=case, kind=Kind.PENALTY_NOTICE).first()
    if notice is None:
        draft = actions.create(case, kind=Kind.PENALTY_NOTICE, acting_user=officer)
        body = draft.body.replace(
            "【请填写处罚内容，如罚款金额、禁止参加政府采购活动的期限】", PENALTY_RESULT
        )
        draft = actions.edit(draft, title=draft.title, body=body, acting_user=officer)
        draft = actions.anonymise(draft, acting_user=officer)
        draft = actions.submit(draft, acting_user=officer)
        draft = actions.approve(draft, acting_user=head)
        actions.withdraw(draft, reason="公告中的罚款金额有误，更正后重新发布。", acting_user=head)

    park = Case.objects.filter(department=fin, title=PARK_CASE_TITLE, state="closed").first()
    if park is not None:
        _drafted(park, Kind.TYPICAL_CASE, officer, PARK_BODY, "评审专家违规评审被处罚案")

    ours = Publication.objects.filter(case__in=[c for c in (case, park) if c is not None])
    counts = {s: ours.filter(state=s).count() for s in State.values}
    say(
        f"演示宣传曝光：{ours.count()} 篇（已发布 {counts[State.PUBLISHED]} 篇，"
        f"其中典型案例的自然人姓名、身份证号码和电话已脱敏；待区财政局负责人审批 "
        f"{counts[State.SUBMITTED]} 篇；已撤回 {counts[State.WITHDRAWN]} 篇）。"
        "公开网站（无需登录）：/public/"
    )
