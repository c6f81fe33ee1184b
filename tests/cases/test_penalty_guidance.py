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
    unruled = ViolationType.objects.filter(code="information.false_notice")
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


def test_the_regulations_articles_72_73_and_75_each_with_its_basis(db):
    """政府采购法实施条例: 第七十二条第一款 punishes by 政府采购法 第七十七条; its 第二款 fixes 5‰;
    第七十三条 bans 1–3 years without a fine; 第七十五条 fines experts in yuan, 2,000–20,000 or
    20,000–50,000 with a ban from evaluation."""

    def found(*codes, winning=Decimal(2_000_000), budget=None):
        types = ViolationType.objects.filter(code__in=codes)
        return {g.rule.code: g for g in penalties.guidance(types, winning, budget)}

    counterfeit = found("supplier.counterfeit")["regulations_72"]
    assert (counterfeit.result.fine_min, counterfeit.result.fine_max) == (
        Decimal("10000.00"),
        Decimal("20000.00"),
    )
    assert counterfeit.rule.ban_years == (1, 3)
    assert "第七十二条第一款" in counterfeit.rule.basis and "第七十七条" in counterfeit.rule.basis
    assert "第（五）项" in ViolationType.objects.get(code="supplier.counterfeit").basis

    fixed = found("supplier.qualification_change", winning=None, budget=Decimal(1_000_000))
    fixed = fixed["regulations_72_2"]
    assert fixed.result.fine_min == fixed.result.fine_max == Decimal("5000.00")  # 5‰
    assert "中标、成交无效" in fixed.rule.other and fixed.rule.ban_years is None

    complaint = found("complaint.false", winning=None)["regulations_73"]
    assert complaint.result.fine_min is None and complaint.rule.ban_years == (1, 3)
    assert "第七十三条" in complaint.rule.basis

    expert = found("expert.misconduct", winning=None)["regulations_75"]
    assert (expert.result.fine_min, expert.result.fine_max) == (Decimal(2_000), Decimal(20_000))
    assert "警告" in expert.rule.other
    serious = found("expert.conflict", "expert.bribery", winning=None)["regulations_75_serious"]
    assert (serious.result.fine_min, serious.result.fine_max) == (Decimal(20_000), Decimal(50_000))
    assert len(serious.violations) == 2 and "禁止参加政府采购评审活动" in serious.rule.other


def test_an_expert_case_shows_its_fine_and_basis_on_the_decision_form(cast, heard):
    actions.update_case(
        heard, violation_types=["expert.misconduct_affecting_result"], acting_user=cast.fin_officer
    )
    html = _client(cast.fin_officer).get(f"/cases/{heard.pk}/").content.decode()
    guidance = html[html.index('id="penalty"') :]
    assert "罚款 20000.00 元至 50000.00 元" in guidance
    assert "第七十五条" in guidance and "禁止参加政府采购评审活动" in guidance
    answer = _client(cast.fin_officer).get(f"/api/v1/cases/{heard.pk}/penalty").json()
    [rule] = answer["guidance"]
    assert rule["rule"] == "regulations_75_serious" and Decimal(rule["fine_min"]) == 20_000
    assert rule["amount"] is None and "评审意见无效" in rule["other"]
