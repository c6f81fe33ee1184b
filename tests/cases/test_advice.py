"""The advisor on a case: facts entered, thresholds kept by administrators, the lead unit's list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liandong.cases import actions, advice, advisor
from liandong.cases.models import Case, Threshold
from liandong.cases.thresholds import SEED


@pytest.fixture
def case(cast):
    case = actions.register_case(
        cast.fin, title="某项目涉嫌串通投标", source="screening", acting_user=cast.fin_officer
    )
    actions.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    return case


def test_the_thresholds_are_seeded_as_editable_rows(db):
    assert Threshold.objects.count() == len(SEED)


def test_a_case_whose_facts_cross_a_threshold_is_suggested_for_transfer(cast, case):
    assert advice.for_case(case) == []
    actions.update_facts(case, winning_amount=Decimal(2_400_000), acting_user=cast.fin_officer)
    case.refresh_from_db()
    assert advice.for_case(case) == []  # 240万元: under the 400万元 of 2022
    actions.update_facts(case, winning_amount=Decimal(4_200_000), acting_user=cast.fin_officer)
    case.refresh_from_db()
    reasons = [s.reason for s in advice.for_case(case)]
    assert reasons == ["串通投标罪：中标项目金额420万元，达到400万元的标准"]
    listed = advice.criminal_suggestions(Case.objects.all())
    assert listed == [(case.number, reasons)]  # numbers and reasons only


def test_absurd_or_future_facts_are_refused(cast, case):
    with pytest.raises(ValidationError) as refused:
        actions.update_facts(
            case,
            direct_loss=Decimal(-1),
            prior_collusion_penalties=[dt.date.today() + dt.timedelta(days=3)],
            acting_user=cast.fin_officer,
        )
    assert set(refused.value.message_dict) == {"direct_loss", "prior_collusion_penalties"}


def test_a_revised_threshold_applies_from_its_date_and_only_administrators_add_it(cast, case):
    actions.update_facts(case, illegal_gains=Decimal(250_000), acting_user=cast.fin_officer)
    case.refresh_from_db()
    assert advice.for_case(case)  # over the 20万元 of 2022
    with pytest.raises(PermissionDenied):
        actions.add_threshold_version(
            "collusion.illegal_gains",
            amount=Decimal(300_000),
            basis="假设的修订",
            effective_from=dt.date(2026, 1, 1),
            acting_user=cast.fin_head,
        )
    actions.add_threshold_version(
        "collusion.illegal_gains",
        amount=Decimal(300_000),
        basis="假设的修订",
        effective_from=dt.date(2026, 1, 1),
        acting_user=cast.admin,
    )
    assert advice.for_case(case) == []  # 25万元 is under the revised 30万元
    assert advice.for_case(case, today=dt.date(2025, 6, 1))  # but crossed it before
    with pytest.raises(ValidationError, match="标准必须大于零"):
        actions.add_threshold_version(
            "collusion.illegal_gains",
            amount=Decimal(0),
            basis="x",
            effective_from=dt.date(2023, 1, 1),
            acting_user=cast.admin,
        )


def test_the_thresholds_page_shows_each_figure_with_its_source_text(cast, client):
    client.force_login(cast.fin_officer)
    page = client.get("/cases/thresholds/").content.decode()
    assert "公通字〔2022〕12号）第六十八条" in page and "中标项目金额在四百万元以上的" in page
    assert "公通字〔2010〕23号）第七十六条" in page and "中标项目金额在二百万元以上的" in page
    assert "2022-05-15" in page and "现行" in page and "此前版本" in page
    assert 'id="add-version"' not in page  # officers read; administrators add
    for offence in (
        "生产、销售伪劣产品罪",
        "合同诈骗罪",
        "虚假广告罪",
        "对非国家工作人员行贿罪",
        "行贿罪",
    ):
        assert offence in page

    client.force_login(cast.admin)
    answer = client.post(
        "/cases/thresholds/",
        {"code": "collusion.illegal_gains", "amount": "0", "effective_from": "", "basis": ""},
    )
    assert answer.status_code == 200
    assert Threshold.objects.filter(code="collusion.illegal_gains").count() == 2  # nothing added
    assert 'id="add-version"' in answer.content.decode()


def test_the_demo_consultation_no_longer_claims_240_wan_reaches_the_standard(db):
    from liandong.cases import demo as cases_demo
    from liandong.consultations import demo as consultations_demo
    from liandong.consultations.models import Message
    from liandong.organizations import demo as organizations_demo

    for loader in (organizations_demo, cases_demo, consultations_demo):
        loader.load(lambda line: None)
    answer = Message.objects.get(
        consultation__subject="串通投标罪的立案追诉标准如何适用", kind="answer"
    ).text
    assert "400万元" in answer and "尚未达到" in answer and "已达标准" not in answer
    collusion = Case.objects.get(title="某中学实验室设备采购项目涉嫌串通投标")
    assert collusion.act_date is not None
    assert advice.for_case(collusion) == []  # 240万元 and 18万元: under the 2022 figures


def test_a_database_seeded_before_the_2022_figures_is_corrected_on_migrate(db):
    """Rows seeded with the 2010 figures under 第六十八条 get their 2010 text (第七十六条); the
    2022 versions are added; the 伪劣产品 rows move to the date of 公通字〔2008〕36号."""
    import importlib

    from django.apps import apps

    from liandong.cases.vocabulary import ensure_seeded

    Threshold.objects.all().delete()
    old = "《中华人民共和国刑法》第二百二十三条；立案追诉标准（二）第六十八条：中标项目金额二百万元"
    Threshold.objects.create(
        code="collusion.winning_amount",
        offence="串通投标罪",
        track="criminal",
        measure="winning_amount",
        amount=Decimal(2_000_000),
        basis=old,
        effective_from=dt.date(2010, 5, 7),
    )
    Threshold.objects.create(
        code="counterfeit.unsold",
        offence="生产、销售伪劣产品罪（未遂）",
        track="criminal",
        measure="counterfeit_unsold",
        amount=Decimal(150_000),
        basis="立案追诉标准（一）第十六条",
        effective_from=dt.date(2010, 5, 7),
    )
    migration = importlib.import_module(
        "liandong.cases.migrations.0006_counterfeit_thresholds_since_2008"
    )
    migration.forwards(apps, None)
    ensure_seeded()
    versions = list(
        Threshold.objects.filter(code="collusion.winning_amount").order_by("effective_from")
    )
    assert [(v.effective_from, v.amount) for v in versions] == [
        (dt.date(2010, 5, 7), Decimal(2_000_000)),
        (dt.date(2022, 5, 15), Decimal(4_000_000)),
    ]
    assert "第七十六条" in versions[0].basis and "第六十八条" in versions[1].basis
    unsold = Threshold.objects.get(code="counterfeit.unsold")
    assert unsold.effective_from == dt.date(2008, 6, 25)
    assert unsold.offence == "生产、销售伪劣产品罪" and "公通字〔2008〕36号" in unsold.basis
    assert Threshold.objects.count() == len(SEED)


def test_an_act_older_than_two_years_when_found_is_flagged_not_refused(cast, case, client):
    """行政处罚法 第三十六条: not discovered within two years of the act, no longer punished (five
    years where life, health or financial safety is harmed) — a warning for the officer."""
    registered = timezone.localdate(case.created_at)
    inside = advisor.years_before(registered, 2)  # the period's last day is the day registered
    actions.update_facts(case, act_date=inside, acting_user=cast.fin_officer)
    case.refresh_from_db()
    assert advice.limitation(case) == ""
    actions.update_facts(case, act_date=inside - dt.timedelta(days=1), acting_user=cast.fin_officer)
    case.refresh_from_db()
    note = advice.limitation(case)
    assert "第三十六条" in note and "五年" in note
    client.force_login(cast.fin_officer)
    assert 'id="limitation"' in client.get(f"/cases/{case.pk}/").content.decode()
    body = client.get(f"/api/v1/cases/{case.pk}").json()
    assert body["limitation"] == note
    # a leap day: an act on 2024-02-29 is within two years through 2026-02-28
    assert advisor.years_after(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
