"""The advisor on a case: facts entered, thresholds kept by administrators, the lead unit's list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liandong.cases import actions, advice
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
    reasons = [s.reason for s in advice.for_case(case)]
    assert reasons == ["串通投标罪：240万元，达到200万元的标准"]
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
    actions.update_facts(case, illegal_gains=Decimal(150_000), acting_user=cast.fin_officer)
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.add_threshold_version(
            "collusion.illegal_gains",
            amount=Decimal(200_000),
            basis="公通字〔2022〕12号",
            effective_from=dt.date(2022, 5, 15),
            acting_user=cast.fin_head,
        )
    actions.add_threshold_version(
        "collusion.illegal_gains",
        amount=Decimal(200_000),
        basis="公通字〔2022〕12号第六十八条",
        effective_from=dt.date(2022, 5, 15),
        acting_user=cast.admin,
    )
    assert advice.for_case(case) == []  # 15万元 is under the revised 20万元
    assert advice.for_case(case, on=dt.date(2021, 1, 1))  # but crossed the old standard
    with pytest.raises(ValidationError, match="标准必须大于零"):
        actions.add_threshold_version(
            "collusion.illegal_gains",
            amount=Decimal(0),
            basis="x",
            effective_from=dt.date(2023, 1, 1),
            acting_user=cast.admin,
        )
