"""Demo cases of 泉州市鲤城区 in several states, made through the actions. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from liandong.cases import actions, hearing
from liandong.cases.models import Case
from liandong.organizations.models import Department, User


def _user(username):
    return User.objects.get(username=username)


def load(say) -> None:
    fin = Department.objects.filter(jurisdiction__code="350502", kind="FIN", is_member=True).first()
    samr = Department.objects.filter(jurisdiction__code="350502", kind="SAMR").first()
    psb = Department.objects.filter(jurisdiction__code="350502", kind="PSB").first()
    if fin is None or samr is None:
        return
    cases = Case.objects.filter(department__in=[fin, samr])
    if not cases.exists():
        _make(fin, samr, psb)
    # the cases made here (other demos add cases of their own, e.g. the transfers')
    cases = cases.filter(title__in=TITLES)
    say(
        f"演示案件：{cases.count()} 件（线索、初核、立案、调查取证、审理、结案各有示例；"
        "审理中的案件在“作出决定”处显示处罚测算）。"
    )


TITLES = (
    "某中学实验室设备采购项目涉嫌串通投标",
    "某街道物业服务采购项目涉嫌提供虚假材料",
    "区人民医院医用耗材采购项目质疑转投诉",
    "某公园绿化养护项目评审专家违规评审",
    "政府采购办公家具涉嫌以次充好",
)


def _make(fin, samr, psb) -> None:
    head, one, two = _user("fin_head"), _user("fin_officer1"), _user("fin_officer2")
    collusion = actions.register_case(
        fin,
        title="某中学实验室设备采购项目涉嫌串通投标",
        source="screening",
        summary="线索筛查发现三家投标人的投标文件由同一台计算机编制，报价呈规律性差异。",
        project_number="QZLC-2026-0318",
        project_name="某中学实验室设备采购项目",
        purchaser="泉州市鲤城区某中学",
        agency="福建某招标代理有限公司",
        procurement_method="open_tender",
        budget=Decimal("2600000"),
        winning_amount=Decimal("2400000"),
        acting_user=one,
    )
    actions.assign_officers(collusion, officers=[one, two], acting_user=head)
    for name, code in (
        ("泉州某某科技有限公司", "914403001922038216"),
        ("福建某某实验设备有限公司", "91350502MA2XN8PY3C"),
    ):
        actions.add_party(collusion, role="supplier", name=name, uscc=code, acting_user=one)
    actions.add_party(
        collusion, role="expert", name="王某", id_number="11010519491231002X", acting_user=one
    )
    actions.move_case(collusion, "review", acting_user=one)
    actions.move_case(collusion, "file", acting_user=one)
    actions.move_case(collusion, "investigate", acting_user=one)
    today = timezone.localdate()
    actions.update_case(
        collusion,
        violation_types=["collusion.agree_substance"],
        announced_on=today - dt.timedelta(days=120),
        awarded_on=today - dt.timedelta(days=95),
        acting_user=one,
    )
    actions.update_facts(
        collusion,
        act_date=today - dt.timedelta(days=118),
        winning_amount=Decimal("2400000"),
        illegal_gains=Decimal("180000"),
        acting_user=one,
    )
    actions.add_note(
        collusion, text="已调取电子招投标系统的投标文件制作机器码和上传IP。", acting_user=one
    )
    actions.share_case(
        collusion,
        department=psb,
        part="summary",
        note="咨询串通投标罪立案追诉标准",
        acting_user=head,
    )

    false_material = actions.register_case(
        fin,
        title="某街道物业服务采购项目涉嫌提供虚假材料",
        source="complaint",
        project_name="某街道办事处物业服务采购",
        winning_amount=Decimal("486000"),
        acting_user=two,
    )
    actions.assign_officers(false_material, officers=[two, one], acting_user=head)
    actions.update_case(
        false_material,
        violation_types=["supplier.false_material"],
        project_number="QZLC-2026-0207",
        purchaser="泉州市鲤城区某街道办事处",
        procurement_method="consultation",
        budget=Decimal("500000"),
        announced_on=today - dt.timedelta(days=200),
        awarded_on=today - dt.timedelta(days=176),
        summary="投诉人反映中标供应商提交的项目经理社保缴纳证明系伪造，经向社保机构核实属实。",
        acting_user=two,
    )
    for verb in ("review", "file", "investigate", "submit"):
        actions.move_case(false_material, verb, acting_user=two)
    # 行政处罚法 第六十四条: told of its right to a hearing, the supplier gave it up in writing
    hearing.notify_right(false_material, acting_user=two)
    hearing.record_request(false_material, requested=False, acting_user=two)

    actions.register_case(
        fin, title="区人民医院医用耗材采购项目质疑转投诉", source="complaint", acting_user=one
    )

    closed = actions.register_case(
        fin, title="某公园绿化养护项目评审专家违规评审", source="inspection", acting_user=one
    )
    actions.assign_officers(closed, officers=[one, two], acting_user=head)
    actions.update_case(
        closed,
        violation_types=["expert.misconduct"],
        summary="评审专家未按照招标文件规定的评分标准独立评审，对两家投标人的技术分评分明显失当。",
        acting_user=one,
    )
    for verb in ("review", "file", "investigate", "submit"):
        actions.move_case(closed, verb, acting_user=one)
    actions.move_case(
        closed,
        "decide",
        acting_user=one,
        decision_kind="penalty",
        decision_number="泉鲤政财罚〔2026〕3号",
        decision_date=timezone.localdate(),
    )
    actions.serve_decision(closed, served_on=timezone.localdate(), method="direct", acting_user=one)
    actions.move_case(closed, "execute", acting_user=one)
    actions.move_case(closed, "close", acting_user=one)

    samr_officer, samr_other = _user("samr_officer1"), _user("samr_officer2")
    furniture = actions.register_case(
        samr,
        title="政府采购办公家具涉嫌以次充好",
        source="department_transfer",
        summary="区财政局移送：中标供应商交付的办公家具疑似不符合国家标准。",
        acting_user=samr_officer,
    )
    actions.assign_officers(
        furniture, officers=[samr_officer, samr_other], acting_user=_user("samr_head")
    )
    actions.move_case(furniture, "review", acting_user=samr_officer)
    actions.move_case(furniture, "file", acting_user=samr_officer)
