"""Editing a case and its facts, on a page and through the API: every bad value named by its
field, and a stale edit refused so that the first editor's work is kept."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from liandong.audit.models import AuditEntry
from liandong.cases import actions
from liandong.cases.models import Case, CaseState

TODAY = timezone.localdate()


@pytest.fixture
def case(cast):
    case = actions.register_case(
        cast.fin,
        title="某中学实验室设备采购项目涉嫌串通投标",
        source="screening",
        project_name="某中学实验室设备采购项目",
        budget=Decimal("2600000"),
        acting_user=cast.fin_officer,
    )
    actions.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    return case


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _version_on(response) -> int:
    return int(re.search(r'name="version" value="(\d+)"', response.content.decode())[1])


def _fields(refused) -> dict[str, str]:
    return {field: errors[0].code for field, errors in refused.value.error_dict.items()}


def _details(response) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    return {d["field"]: d["type"] for d in body["details"]}


# ---------------------------------------------------------------- the action


def test_it_edits_a_case_and_audits_only_what_changed(cast, case):
    edited = actions.update_case(
        case,
        title="  某中学实验室设备采购项目涉嫌恶意串通  ",
        violation_types=["collusion.agree_substance", "bidding.deemed_collusion"],
        procurement_method="open_tender",
        winning_amount=2_400_000,
        announced_on=dt.date(2026, 3, 1),
        awarded_on=dt.date(2026, 3, 25),
        budget=Decimal("2600000.00"),  # unchanged
        expected_version=case.version,
        acting_user=cast.fin_officer,
    )
    assert edited.title == "某中学实验室设备采购项目涉嫌恶意串通"
    assert edited.version == case.version + 1
    assert sorted(edited.violation_types.values_list("code", flat=True)) == [
        "bidding.deemed_collusion",
        "collusion.agree_substance",
    ]
    entry = AuditEntry.objects.get(action="cases.case.update")
    assert set(entry.after) == {
        "title",
        "violation_types",
        "procurement_method",
        "winning_amount",
        "announced_on",
        "awarded_on",
    }
    assert entry.before["title"] == "某中学实验室设备采购项目涉嫌串通投标"
    assert entry.before["violation_types"] == []
    assert entry.after["winning_amount"] == "2400000.00"


def test_an_edit_that_changes_nothing_writes_nothing(cast, case):
    same = actions.update_case(
        case, title=case.title, budget=Decimal(2_600_000), acting_user=cast.fin_officer
    )
    assert same.version == case.version
    assert not AuditEntry.objects.filter(action="cases.case.update").exists()


def test_a_stale_edit_is_refused_and_the_first_edit_kept(cast, case):
    opened = case.version  # both opened the case at this version
    actions.update_case(
        case, title="第一位修改的案由", expected_version=opened, acting_user=cast.fin_officer
    )
    with pytest.raises(ValidationError) as refused:
        actions.update_case(
            case, title="第二位修改的案由", expected_version=opened, acting_user=cast.fin_officer2
        )
    assert _fields(refused) == {"version": "stale"}
    assert "已被他人修改" in refused.value.message_dict["version"][0]
    case.refresh_from_db()
    assert case.title == "第一位修改的案由"
    assert AuditEntry.objects.filter(action="cases.case.update", outcome="invalid").exists()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"budget": Decimal(-1)}, {"budget": "negative"}),
        ({"winning_amount": Decimal("3e12")}, {"winning_amount": "out_of_range"}),
        ({"budget": Decimal("12.345")}, {"budget": "precision"}),
        (
            {"announced_on": dt.date(2026, 3, 10), "awarded_on": dt.date(2026, 3, 9)},
            {"awarded_on": "before_announcement"},
        ),
        ({"announced_on": TODAY + dt.timedelta(days=1)}, {"announced_on": "future"}),
        ({"awarded_on": dt.date(1999, 12, 31)}, {"awarded_on": "too_early"}),
        ({"title": "   "}, {"title": "required"}),
        ({"title": "案" * 201}, {"title": "too_long"}),
        ({"source": "rumour"}, {"source": "invalid_choice"}),
        ({"procurement_method": "auction"}, {"procurement_method": "invalid_choice"}),
        ({"violation_types": ["collusion.no_such_thing"]}, {"violation_types": "invalid_choice"}),
        (
            {"budget": Decimal(-5), "title": "", "awarded_on": TODAY + dt.timedelta(days=2)},
            {"budget": "negative", "title": "required", "awarded_on": "future"},
        ),
    ],
)
def test_each_bad_value_is_refused_naming_its_field(cast, case, changes, expected):
    with pytest.raises(ValidationError) as refused:
        actions.update_case(case, acting_user=cast.fin_officer, **changes)
    assert _fields(refused) == expected
    assert Case.objects.get(pk=case.pk).version == case.version  # nothing written


def test_a_date_the_case_already_has_counts_against_a_new_one(cast, case):
    actions.update_case(case, awarded_on=dt.date(2026, 1, 20), acting_user=cast.fin_officer)
    with pytest.raises(ValidationError, match="不能早于公告日期"):
        actions.update_case(case, announced_on=dt.date(2026, 2, 1), acting_user=cast.fin_officer)


def test_registration_checks_the_project_the_same_way_and_gives_back_no_number(cast):
    with pytest.raises(ValidationError) as refused:
        actions.register_case(
            cast.fin,
            title="某项目",
            source="report",
            winning_amount=Decimal(-3),
            announced_on=dt.date(2026, 3, 10),
            awarded_on=dt.date(2026, 3, 1),
            acting_user=cast.fin_officer,
        )
    assert _fields(refused) == {"winning_amount": "negative", "awarded_on": "before_announcement"}
    case = actions.register_case(
        cast.fin, title="某项目", source="report", acting_user=cast.fin_officer
    )
    assert case.sequence == 1


def test_only_its_handlers_edit_a_case_and_an_archived_one_not_at_all(cast, case):
    with pytest.raises(PermissionDenied):
        actions.update_case(case, title="x", acting_user=cast.fin_viewer)
    with pytest.raises(PermissionDenied):
        actions.update_facts(case, direct_loss=Decimal(1), acting_user=cast.psb_officer)
    Case.objects.filter(pk=case.pk).update(state=CaseState.ARCHIVED)  # arranged
    with pytest.raises(ValidationError) as refused:
        actions.update_case(case, title="归档后修改", acting_user=cast.fin_head)
    assert _fields(refused) == {"state": "archived"}
    with pytest.raises(ValidationError, match="已归档"):
        actions.update_facts(case, direct_loss=Decimal(1), acting_user=cast.fin_head)


def test_facts_are_stored_to_the_cent_and_a_stale_facts_edit_is_refused(cast, case):
    opened = case.version
    case = actions.update_facts(
        case,
        direct_loss=500_000,
        prior_collusion_penalties=[dt.date(2025, 6, 1), dt.date(2024, 9, 1)],
        expected_version=opened,
        acting_user=cast.fin_officer,
    )
    assert case.direct_loss == Decimal("500000.00")
    assert case.prior_collusion_penalties == ["2024-09-01", "2025-06-01"]
    with pytest.raises(ValidationError) as refused:
        actions.update_facts(
            case, illegal_gains=Decimal(1), expected_version=opened, acting_user=cast.fin_officer2
        )
    assert _fields(refused) == {"version": "stale"}
    with pytest.raises(ValidationError) as refused:
        actions.update_facts(
            case,
            illegal_gains=Decimal("-0.01"),
            winning_amount=Decimal(10**13),
            acting_user=cast.fin_officer,
        )
    assert _fields(refused) == {"illegal_gains": "negative", "winning_amount": "out_of_range"}


# ---------------------------------------------------------------- the pages


def test_the_edit_page_is_prefilled_and_linked_from_the_case_for_its_handlers(cast, case):
    page = _client(cast.fin_officer).get(f"/cases/{case.pk}/")
    assert f'href="/cases/{case.pk}/edit/"' in page.content.decode()
    assert f'href="/cases/{case.pk}/facts/"' in page.content.decode()
    viewer = _client(cast.fin_viewer).get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/edit/" not in viewer
    form = _client(cast.fin_officer).get(f"/cases/{case.pk}/edit/")
    html = form.content.decode()
    assert 'value="某中学实验室设备采购项目涉嫌串通投标"' in html
    assert 'value="2600000.00"' in html
    assert _version_on(form) == case.version


def test_the_second_editor_is_told_and_the_first_edit_is_kept(cast, case):
    first, second = _client(cast.fin_officer), _client(cast.fin_officer2)
    version = _version_on(first.get(f"/cases/{case.pk}/edit/"))
    assert _version_on(second.get(f"/cases/{case.pk}/edit/")) == version
    form = {"source": "screening", "budget": "2600000.00", "version": version}
    saved = first.post(f"/cases/{case.pk}/edit/", {**form, "title": "第一位修改的案由"})
    assert saved.status_code == 302
    refused = second.post(f"/cases/{case.pk}/edit/", {**form, "title": "第二位修改的案由"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "他人已修改并保存了该案件，您的修改尚未保存" in html
    assert 'value="第二位修改的案由"' in html  # their input, kept on the page
    assert "<dt>案由</dt><dd>第一位修改的案由</dd>" in html  # what is saved now
    differences = [(str(label), value) for label, value in refused.context["differences"]]
    assert differences == [("案由", "第一位修改的案由")]
    case.refresh_from_db()
    assert case.title == "第一位修改的案由"
    # Saving again, having seen the other change, is a decision of its own.
    assert _version_on(refused) == case.version
    again = second.post(
        f"/cases/{case.pk}/edit/",
        {**form, "title": "第二位修改的案由", "version": _version_on(refused)},
    )
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.title == "第二位修改的案由"


def test_the_edit_page_names_each_bad_field_and_saves_nothing(cast, case):
    response = _client(cast.fin_officer).post(
        f"/cases/{case.pk}/edit/",
        {
            "title": "某项目",
            "source": "screening",
            "budget": "-100",
            "winning_amount": "5000000000000",
            "announced_on": "2026-03-10",
            "awarded_on": "2026-03-01",
            "version": case.version,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"budget", "winning_amount", "awarded_on"}
    assert errors["budget"] == ["金额不能为负数。"]
    assert errors["awarded_on"] == ["中标（成交）日期不能早于公告日期。"]
    assert Case.objects.get(pk=case.pk).title == case.title


def test_the_facts_page_saves_the_facts_and_names_a_bad_date(cast, case):
    client = _client(cast.fin_officer)
    bad = client.post(
        f"/cases/{case.pk}/facts/",
        {"prior_collusion_penalties": "2025-06-01\n2025-13-01", "version": case.version},
    )
    assert bad.status_code == 200
    assert "2025-13-01" in bad.context["form"].errors["prior_collusion_penalties"][0]
    saved = client.post(
        f"/cases/{case.pk}/facts/",
        {
            "direct_loss": "520000",
            "illegal_gains": "",
            "winning_amount": "2400000",
            "coercion_or_bribery": "on",
            "prior_collusion_penalties": "2025-06-01、2024-09-01",
            "version": case.version,
        },
    )
    assert saved.status_code == 302
    case.refresh_from_db()
    assert case.direct_loss == Decimal("520000.00") and case.coercion_or_bribery
    assert case.prior_collusion_penalties == ["2024-09-01", "2025-06-01"]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "建议移送公安机关" in page  # the advisor reads what was entered
    stale = client.post(
        f"/cases/{case.pk}/facts/", {"direct_loss": "1", "version": case.version - 1}
    )
    assert "您的修改尚未保存" in stale.content.decode()
    case.refresh_from_db()
    assert case.direct_loss == Decimal("520000.00")


# ---------------------------------------------------------------- the API


def test_the_api_edits_a_case_and_refuses_a_stale_version(cast, case):
    first, second = _client(cast.fin_officer), _client(cast.fin_head)
    version = first.get(f"/api/v1/cases/{case.pk}").json()["version"]
    response = first.patch(
        f"/api/v1/cases/{case.pk}",
        {
            "version": version,
            "title": "第一位修改的案由",
            "violation_types": ["collusion.agree_substance"],
            "budget": None,
            "announced_on": "2026-03-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["version"] == version + 1
    assert body["violation_types"] == ["collusion.agree_substance"]
    assert body["budget"] is None and body["announced_on"] == "2026-03-01"
    stale = second.patch(
        f"/api/v1/cases/{case.pk}",
        {"version": version, "title": "第二位修改的案由"},
        content_type="application/json",
    )
    assert stale.status_code == 422
    assert stale.json()["code"] == "validation_error"
    assert _details(stale) == {"version": "stale"}
    assert "已被他人修改" in stale.json()["details"][0]["message"]
    assert Case.objects.get(pk=case.pk).title == "第一位修改的案由"


def test_the_api_names_each_bad_field(cast, case):
    client = _client(cast.fin_officer)
    response = client.patch(
        f"/api/v1/cases/{case.pk}",
        {
            "version": case.version,
            "budget": "-5",
            "winning_amount": 3e12,
            "announced_on": "2026-03-10",
            "awarded_on": "2026-03-01",
            "violation_types": ["no.such.type"],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _details(response) == {
        "budget": "negative",
        "winning_amount": "out_of_range",
        "awarded_on": "before_announcement",
        "violation_types": "invalid_choice",
    }
    missing = client.patch(
        f"/api/v1/cases/{case.pk}", {"title": "没有版本号"}, content_type="application/json"
    )
    assert missing.status_code == 422 and _details(missing) == {"version": "missing"}
    cleared = client.patch(
        f"/api/v1/cases/{case.pk}",
        {"version": case.version, "title": None},
        content_type="application/json",
    )
    assert cleared.status_code == 422 and "title" in _details(cleared)


def test_the_api_records_facts_with_a_version(cast, case):
    client = _client(cast.fin_officer)
    response = client.patch(
        f"/api/v1/cases/{case.pk}/facts",
        {
            "version": case.version,
            "illegal_gains": "150000",
            "prior_collusion_penalties": ["2025-06-01"],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    facts = response.json()["facts"]
    assert facts["illegal_gains"] == "150000.00"
    assert facts["prior_collusion_penalties"] == ["2025-06-01"]
    stale = client.patch(
        f"/api/v1/cases/{case.pk}/facts",
        {"version": case.version, "direct_loss": "1"},
        content_type="application/json",
    )
    assert stale.status_code == 422 and _details(stale) == {"version": "stale"}


def test_a_department_given_only_the_parties_sees_no_project_or_facts(cast, case):
    actions.share_case(case, department=cast.psb, part="parties", acting_user=cast.fin_head)
    body = _client(cast.psb_officer).get(f"/api/v1/cases/{case.pk}").json()
    assert body["summary"] is None and body["facts"] is None and body["budget"] is None
    assert body["violation_types"] is None
    page = _client(cast.psb_officer).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="facts"' not in page
