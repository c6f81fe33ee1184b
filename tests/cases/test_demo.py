"""The demo cases: made through the actions, idempotent, and showing what a newcomer should see."""

from django.test import Client

from liandong.cases import demo
from liandong.cases.models import Case, CaseState
from liandong.organizations import demo as organizations_demo
from liandong.organizations.models import User


def _load() -> list[str]:
    lines: list[str] = []
    organizations_demo.load(lines.append)
    demo.load(lines.append)
    return lines


def test_the_demo_cases_have_their_project_facts_and_a_decision_to_take(db):
    _load()
    collusion = Case.objects.get(title="某中学实验室设备采购项目涉嫌串通投标")
    assert list(collusion.violation_types.values_list("code", flat=True)) == [
        "collusion.agree_substance"
    ]
    assert collusion.announced_on < collusion.awarded_on
    assert collusion.illegal_gains and collusion.winning_amount
    heard = Case.objects.get(state=CaseState.HEARING)
    client = Client()
    client.force_login(User.objects.get(username="fin_officer2"))
    html = client.get(f"/cases/{heard.pk}/").content.decode()
    assert "处罚测算" in html and "罚款 2430.00 元至 4860.00 元" in html
    count = Case.objects.count()
    _load()
    assert Case.objects.count() == count  # idempotent
