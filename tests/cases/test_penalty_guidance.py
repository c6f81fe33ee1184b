"""The penalty calculator on the 作出决定 form and in the API: the range under each article the
case's violation types fall under, with its basis, shown only to those who may see the case."""

from decimal import Decimal

import pytest
from django.test import Client

from liandong.audit.models import AuditEntry
from liandong.cases import actions, penalties
from liandong.cases.models import ViolationType


@pytest.fixture
def heard(cast):
    """A case ready for its decision: collusion under 政府采购法 第七十七条, 240万元."""
    case = actions.register_case(
        cast.fin,
        title="某中学实验室设备采购项目涉嫌串通投标",
        source="screening",
        budget=Decimal(2_600_000),
        winning_amount=Decimal(2_400_000),
        acting_user=cast.fin_officer,
    )
    actions.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    actions.update_case(
        case, violation_types=["collusion.agree_substance"], acting_user=cast.fin_officer
    )
    actions.update_facts(case, illegal_gains=Decimal(80_000), acting_user=cast.fin_officer)
    for verb in ("review", "file", "investigate", "submit"):
        case = actions.move_case(case, verb, acting_user=cast.fin_officer)
    return case


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_article_is_computed_once_for_the_types_under_it(db):
    types = ViolationType.objects.filter(
        code__in=["collusion.agree_substance", "supplier.bribery", "bidding.deemed_collusion"]
    ).order_by("code")
    found = {g.rule.code: g for g in penalties.guidance(types, Decimal(2_000_000))}
    assert set(found) == {"procurement_law_77", "bidding_law_53"}
    assert len(found["procurement_law_77"].violations) == 2
    assert (found["bidding_law_53"].result.fine_min, found["bidding_law_53"].result.fine_max) == (
        Decimal("10000.00"),
        Decimal("20000.00"),
    )
    assert found["bidding_law_53"].rule.ban_years == (1, 2)
    assert found["bidding_law_53"].rule.ban_when_serious


def test_without_a_winning_amount_article_77_is_estimated_from_the_budget(db):
    types = ViolationType.objects.filter(
        code__in=["supplier.false_material", "bidding.tenderer_collusion"]
    )
    found = {g.rule.code: g for g in penalties.guidance(types, None, Decimal(1_000_000))}
    assert found["procurement_law_77"].amount_source == "budget"
    assert found["procurement_law_77"].result.fine_max == Decimal("10000.00")
    assert found["bidding_law_53"].result is None  # 中标项目金额 cannot be guessed
    unruled = ViolationType.objects.filter(code="expert.misconduct")
    assert penalties.guidance(unruled, Decimal(1)) == []


def test_the_decision_form_shows_the_range_ban_and_basis(cast, heard):
    html = _client(cast.fin_officer).get(f"/cases/{heard.pk}/").content.decode()
    guidance = html[html.index('id="penalty"') :]
    assert "罚款 12000.00 元至 24000.00 元" in guidance
    assert "禁止参加政府采购活动 1 年至 3 年" in guidance
    assert "并处没收违法所得 80000.00 元" in guidance
    assert "《中华人民共和国政府采购法》第七十七条" in guidance
    assert "不是结论" in guidance


def test_only_the_handlers_see_the_decision_form_and_its_guidance(cast, heard):
    viewer = _client(cast.fin_viewer).get(f"/cases/{heard.pk}/").content.decode()
    assert 'id="penalty"' not in viewer
    outsider = _client(cast.psb_officer).get(f"/cases/{heard.pk}/")
    assert outsider.status_code == 404


def test_the_api_gives_the_same_guidance(cast, heard):
    response = _client(cast.fin_viewer).get(f"/api/v1/cases/{heard.pk}/penalty")
    assert response.status_code == 200
    (rule,) = response.json()["guidance"]
    assert rule["rule"] == "procurement_law_77"
    assert (rule["fine_min"], rule["fine_max"]) == ("12000.00", "24000.00")
    assert rule["ban_years"] == [1, 3] and not rule["ban_when_serious"]
    assert rule["amount_source"] == "winning_amount" and rule["confiscate"] == "80000.00"
    assert rule["basis"].startswith("《中华人民共和国政府采购法》第七十七条")


def test_another_department_needs_the_summary_to_see_the_guidance_and_is_recorded(cast, heard):
    client = _client(cast.psb_officer)
    assert client.get(f"/api/v1/cases/{heard.pk}/penalty").status_code == 404
    actions.share_case(heard, department=cast.psb, part="parties", acting_user=cast.fin_head)
    refused = client.get(f"/api/v1/cases/{heard.pk}/penalty")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    actions.share_case(heard, department=cast.psb, part="summary", acting_user=cast.fin_head)
    assert client.get(f"/api/v1/cases/{heard.pk}/penalty").status_code == 200
    look = AuditEntry.objects.filter(action="cases.case.view", actor_id=cast.psb_officer.pk)
    assert look.get().after == {"view": "penalty"}
