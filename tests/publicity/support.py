"""Closed cases and publications the publicity tests share, made through the actions."""

from django.utils import timezone

from liandong.cases import actions as cases
from liandong.publicity import actions

PERSON = "张三丰"  # a natural person among the parties (项目负责人)
PERSON_ID = "350502198503121231"
PHONE = "13859501234"
SUPPLIER = "泉州某某科技有限公司"
SUPPLIER_USCC = "914403001922038216"
WITNESS = "李四"  # named only in the text: the drafter adds the name
DECISION = "泉鲤政财罚〔2026〕7号"

BODY = (
    "一、基本案情\n"
    f"{SUPPLIER}参加某中学实验室设备采购项目，提交的项目负责人{PERSON}"
    f"（身份证号码{PERSON_ID}，手机{PHONE}）的社保缴纳证明系伪造，证人{WITNESS}证实了上述情况。"
    "成交金额2400000元，预算2600000元。\n\n"
    "二、处理结果\n"
    f"区财政局于2026年3月1日作出处罚决定（{DECISION}），对{SUPPLIER}处以罚款12000元。\n\n"
    "三、典型意义\n供应商应当诚信参与政府采购活动。"
)


def closed_case(cast, *, decision_kind="penalty", person=True, title="某中学实验室设备采购项目"):
    """A FIN case, closed with its decision, with a supplier and (by default) a person."""
    officer, head = cast.fin_officer, cast.fin_head
    case = cases.register_case(
        cast.fin,
        title=f"{title}供应商提供虚假材料",
        source="complaint",
        summary=f"投诉反映{SUPPLIER}提交的项目负责人{PERSON}社保缴纳证明系伪造。",
        project_name=title,
        purchaser="泉州市鲤城区某中学",
        acting_user=officer,
    )
    cases.assign_officers(case, officers=[officer, cast.fin_officer2], acting_user=head)
    cases.add_party(case, role="supplier", name=SUPPLIER, uscc=SUPPLIER_USCC, acting_user=officer)
    if person:
        cases.add_party(case, role="person", name=PERSON, id_number=PERSON_ID, acting_user=officer)
    cases.update_case(case, violation_types=["supplier.false_material"], acting_user=officer)
    for verb in ("review", "file", "investigate", "submit"):
        case = cases.move_case(case, verb, acting_user=officer)
    case = cases.move_case(
        case,
        "decide",
        decision_kind=decision_kind,
        decision_number=DECISION,
        decision_date=timezone.localdate(),
        acting_user=officer,
    )
    if decision_kind == "penalty":
        case = cases.move_case(case, "execute", acting_user=officer)
    return cases.move_case(case, "close", acting_user=officer)


def draft(cast, case=None, kind="typical_case", body=BODY, who="fin_officer"):
    """A draft with ``body`` and the witness's name added, not yet anonymised."""
    person = cast.people[who]
    made = actions.create(case or closed_case(cast), kind=kind, acting_user=person)
    return actions.edit(
        made, title="供应商提供虚假材料被处罚案", body=body, extra_names=WITNESS, acting_user=person
    )


def anonymised(cast, **kwargs):
    made = draft(cast, **kwargs)
    return actions.anonymise(made, acting_user=made.drafted_by)


def submitted(cast, **kwargs):
    made = anonymised(cast, **kwargs)
    return actions.submit(made, acting_user=made.drafted_by)


def published(cast, **kwargs):
    return actions.approve(submitted(cast, **kwargs), acting_user=cast.fin_head)


def withdrawn(cast, **kwargs):
    return actions.withdraw(
        published(cast, **kwargs), reason="罚款金额有误。", acting_user=cast.fin_head
    )
