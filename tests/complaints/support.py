"""What the complaint tests share: a complaint as the finance department registers it."""

import datetime as dt

from liandong.complaints import actions

FACTS = {
    "complainant": "泉州某某信息技术有限公司",
    "complainant_contact": "林某某 13805951234",
    "respondent": "泉州市鲤城区某某中学",
    "project": "某中学智慧教室建设项目（LCCG-2026-118）",
    "matters": "采购文件以特定地区业绩作为加分条件，对供应商实行差别待遇。",
    "grounds": "《中华人民共和国政府采购法实施条例》第二十条第（四）项。",
}


def received(cast, answer_due_on: dt.date | None = None, **overrides):
    from django.utils import timezone

    data = {**FACTS, "answer_due_on": answer_due_on or timezone.localdate(), **overrides}
    return actions.receive(cast.fin, acting_user=cast.fin_officer, **data)
