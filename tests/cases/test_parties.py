"""当事人: codes checked, ID numbers sealed with SM4 and masked except for the case's officers."""

import pytest
from django.core.exceptions import ValidationError

from liandong.audit.models import AuditEntry
from liandong.cases import actions
from liandong.cases.models import JournalEntry, Party

PERSON_ID = "11010519491231002X"  # the standard's own example, valid check digit


@pytest.fixture
def case(cast):
    case = actions.register_case(
        cast.fin, title="某项目涉嫌提供虚假材料", source="report", acting_user=cast.fin_officer
    )
    actions.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    return case


def test_an_organisation_is_named_by_a_valid_code(cast, case):
    party = actions.add_party(
        case,
        role="supplier",
        name="泉州某某科技有限公司",
        uscc="914403001922038216",
        acting_user=cast.fin_officer,
    )
    assert party.uscc == "914403001922038216"
    with pytest.raises(ValidationError) as refused:
        actions.add_party(
            case,
            role="supplier",
            name="另一公司",
            uscc="914403001922038217",
            acting_user=cast.fin_officer,
        )
    assert "校验位错误" in refused.value.message_dict["uscc"][0]
    with pytest.raises(ValidationError, match="须填写统一社会信用代码"):
        actions.add_party(case, role="agency", name="某代理公司", acting_user=cast.fin_officer)
    assert Party.objects.count() == 1


def test_a_person_id_is_sealed_and_masked_for_everyone_but_the_cases_officers(cast, case):
    party = actions.add_party(
        case, role="expert", name="张某", id_number=PERSON_ID.lower(), acting_user=cast.fin_officer
    )
    party.refresh_from_db()
    assert PERSON_ID not in party.id_number_sealed and party.id_number_sealed.startswith("sm4")
    assert actions.id_number_for(party, cast.fin_officer) == PERSON_ID
    assert actions.id_number_for(party, cast.fin_head) == "**************002X"
    entry = AuditEntry.objects.filter(action="cases.party.add").latest("seq")
    assert PERSON_ID not in entry.after_json


def test_a_wrong_id_number_is_refused(cast, case):
    with pytest.raises(ValidationError) as refused:
        actions.add_party(
            case,
            role="person",
            name="李某",
            id_number="110105194912310021",
            acting_user=cast.fin_officer,
        )
    assert "校验位错误" in refused.value.message_dict["id_number"][0]
    assert not Party.objects.exists()


def test_journal_notes(cast, case):
    actions.add_note(case, text="已调取开标记录。", acting_user=cast.fin_officer)
    with pytest.raises(ValidationError, match="请填写工作记录内容"):
        actions.add_note(case, text="  ", acting_user=cast.fin_officer)
    assert JournalEntry.objects.get().author == cast.fin_officer
